// A host program of the consumer project: it must see the consumer's own settings.
#include <stdio.h>

#if !defined(CONSUMER_HOST_FLAG) || !defined(CONSUMER_HOST_DEFINITION)
#error "the consumer's host settings are missing"
#endif

int main(void) {
#if defined(__GLIBC__)
  printf("host_tool: built against glibc with the consumer's settings\n");
  return 0;
#else
  printf("host_tool: expected a glibc host build\n");
  return 1;
#endif
}
