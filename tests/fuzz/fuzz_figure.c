/*
 * fuzz_figure.c - libFuzzer harness: runs fuzz_check_figure() (tests/fuzz/checks.h)
 * on each input and aborts, with the broken invariant, when a check fails.
 */
#include "checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One fuzz input: any bytes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *why = fuzz_check_figure(data, size);
  if (why && !fuzz_ignored(why)) {
    fprintf(stderr, "fuzz_figure: invariant broken: %s\n", why);
    abort();
  }
  return 0;
}
