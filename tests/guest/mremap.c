// mremap: shrink in place, grow in place into free pages, move (MREMAP_MAYMOVE) keeping every byte
// and protection, MREMAP_FIXED, the errors Linux gives, code that does not grow, and realloc of
// large blocks (which musl and glibc do with mremap). Runs on the minimal preset: mremap is core memory.
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>

#include "check.h"

enum { kPage = 4096 };

static unsigned char* map_pages(size_t pages) {
  void* p = mmap(NULL, pages * kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  return p;
}

static void fill(unsigned char* p, size_t bytes, unsigned seed) {
  for (size_t i = 0; i < bytes; ++i) p[i] = (unsigned char)(i * 7 + seed);
}

static int holds(const unsigned char* p, size_t bytes, unsigned seed) {
  for (size_t i = 0; i < bytes; ++i)
    if (p[i] != (unsigned char)(i * 7 + seed)) return 0;
  return 1;
}

static int all_zero(const unsigned char* p, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i)
    if (p[i] != 0) return 0;
  return 1;
}

static void grows_in_place_then_moves(void) {
  unsigned char* p = map_pages(8);
  CHECK(munmap(p + 2 * kPage, 6 * kPage) == 0);  // free pages above the first two
  fill(p, 2 * kPage, 1);
  CHECK(mremap(p, 2 * kPage, 4 * kPage, 0) == p);
  CHECK(holds(p, 2 * kPage, 1) && all_zero(p + 2 * kPage, 2 * kPage));
  p[4 * kPage - 1] = 9;  // the grown part is writable
  // Something right above: growing in place is impossible, moving is not.
  unsigned char* blocker = mmap(p + 4 * kPage, kPage, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  CHECK(blocker == p + 4 * kPage);
  CHECK_ERRNO(mremap(p, 4 * kPage, 6 * kPage, 0), ENOMEM);
  unsigned char* q = mremap(p, 4 * kPage, 6 * kPage, MREMAP_MAYMOVE);
  CHECK(q != MAP_FAILED && q != p);
  CHECK(holds(q, 2 * kPage, 1) && q[4 * kPage - 1] == 9 && all_zero(q + 4 * kPage, 2 * kPage));
  CHECK_ERRNO(mremap(p, kPage, kPage, 0), EFAULT);  // the old place is gone
  // Shrinking keeps the start; the tail is gone.
  CHECK(mremap(q, 6 * kPage, kPage, 0) == q);
  CHECK(holds(q, kPage, 1));
  CHECK_ERRNO(mremap(q + kPage, kPage, kPage, 0), EFAULT);
  CHECK(munmap(q, kPage) == 0 && munmap(blocker, kPage) == 0);
}

static void moves_to_a_fixed_address(void) {
  unsigned char* p = map_pages(2);
  unsigned char* target = map_pages(3);  // mapped: MREMAP_FIXED replaces what is there
  fill(p, 2 * kPage, 3);
  fill(target, 3 * kPage, 4);
  CHECK(mremap(p, 2 * kPage, 3 * kPage, MREMAP_MAYMOVE | MREMAP_FIXED, target) == target);
  CHECK(holds(target, 2 * kPage, 3) && all_zero(target + 2 * kPage, kPage));
  CHECK_ERRNO(mremap(target, 2 * kPage, 2 * kPage, MREMAP_MAYMOVE | MREMAP_FIXED, target + kPage), EINVAL);  // overlap
  CHECK(munmap(target, 3 * kPage) == 0);
}

static void keeps_protection_and_bytes_of_prot_none_pages(void) {
  unsigned char* p = map_pages(2);
  fill(p, 2 * kPage, 5);
  CHECK(mprotect(p, 2 * kPage, PROT_NONE) == 0);
  unsigned char* blocker = mmap(p + 2 * kPage, kPage, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  CHECK(blocker == p + 2 * kPage);
  unsigned char* q = mremap(p, 2 * kPage, 2 * kPage + 1, MREMAP_MAYMOVE);  // rounds up to 3 pages
  CHECK(q != MAP_FAILED && q != p);
  CHECK(mprotect(q, 3 * kPage, PROT_READ) == 0);
  CHECK(holds(q, 2 * kPage, 5) && all_zero(q + 2 * kPage, kPage));
  CHECK(munmap(q, 3 * kPage) == 0 && munmap(blocker, kPage) == 0);
}

static void refuses_what_linux_refuses(void) {
  unsigned char* p = map_pages(1);
  CHECK_ERRNO(mremap(p, kPage, 2 * kPage, 8), EINVAL);                 // an unknown flag
  CHECK_ERRNO(mremap(p, kPage, 2 * kPage, MREMAP_FIXED, p), EINVAL);   // FIXED needs MAYMOVE
  CHECK_ERRNO(mremap(p + 1, kPage, 2 * kPage, 0), EINVAL);             // not page aligned
  CHECK_ERRNO(mremap(p, kPage, 0, 0), EINVAL);                         // new size 0
  CHECK_ERRNO(mremap(p, 2 * kPage, 3 * kPage, MREMAP_MAYMOVE), EFAULT);  // past the mapping
  CHECK(munmap(p, kPage) == 0);
  CHECK_ERRNO(mremap(p, kPage, kPage, 0), EFAULT);                     // nothing mapped
}

// Code mappings do not grow here (docs/syscalls.md): refused before MREMAP_FIXED has unmapped the
// target or moved a page, so the code stays where it runs and the target keeps its bytes.
static void refuses_to_grow_code_before_moving_it(void) {
  unsigned char* code = (unsigned char*)((uintptr_t)&refuses_to_grow_code_before_moving_it & ~(uintptr_t)(kPage - 1));
  unsigned char* target = map_pages(2);
  fill(target, 2 * kPage, 8);
  const unsigned char first = code[0];
  CHECK_ERRNO(mremap(code, kPage, 2 * kPage, MREMAP_MAYMOVE | MREMAP_FIXED, target), EINVAL);
  CHECK(code[0] == first && holds(target, 2 * kPage, 8));
  CHECK(munmap(target, 2 * kPage) == 0);
}

static void realloc_keeps_large_blocks(void) {
  size_t size = 1 << 20;
  unsigned char* block = malloc(size);
  CHECK(block != NULL);
  fill(block, size, 6);
  for (int round = 0; round < 3; ++round) {
    size *= 2;
    block = realloc(block, size);
    CHECK(block != NULL);
    CHECK(holds(block, 1 << 20, 6));
    block[size - 1] = 1;
  }
  free(block);
}

int main(void) {
  grows_in_place_then_moves();
  moves_to_a_fixed_address();
  keeps_protection_and_bytes_of_prot_none_pages();
  refuses_what_linux_refuses();
  refuses_to_grow_code_before_moving_it();
  realloc_keeps_large_blocks();
  printf("mremap: all checks passed\n");
  return 0;
}
