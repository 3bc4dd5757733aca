// A valid workload for the error scenarios, which fail before anything is built.
int main(void) { return 0; }
