/*
 * fuzz_query.c - libFuzzer harness: runs fuzz_check_query() (tests/fuzz/checks.h)
 * on each input and aborts, with the broken invariant, when a check fails.
 */
#include "checks.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Builds the small index every input is searched in, once, at start-up. */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  fuzz_query_setup();
  return 0;
}

/* One fuzz input: option bytes and NUL-separated query and filters (see
 * fuzz_check_query()). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *why = fuzz_check_query(data, size);
  if (why && !fuzz_ignored(why)) {
    fprintf(stderr, "fuzz_query: invariant broken: %s\n", why);
    abort();
  }
  return 0;
}
