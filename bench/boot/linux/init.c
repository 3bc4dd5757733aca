// /init of the Linux comparison guest: runs /hello (the same static hello
// binary ConfWL seals) as a child, then powers the VM off, because PID 1
// must never exit. A failure prints a "bench-init:" line that the benchmark
// treats as a failed run.
#include <stdio.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    char *argv[] = {"hello", NULL};
    char *envp[] = {NULL};
    pid_t child = fork();
    if (child == 0) {
        execve("/hello", argv, envp);
        _exit(127);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child) {
        fprintf(stderr, "bench-init: could not run /hello\n");
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench-init: /hello ended with wait status %#x\n", status);
    }
    fflush(NULL);
    reboot(RB_POWER_OFF);
    return 1;
}
