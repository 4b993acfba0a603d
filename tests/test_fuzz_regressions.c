/*
 * test_fuzz_regressions.c - replays every saved fuzz input through the same
 * checks as the libFuzzer harnesses (tests/fuzz/checks.h), in the normal
 * build (gcc, ASan+UBSan under scripts/test).
 *
 * Usage: test_fuzz_regressions DATA_DIR
 *
 * DATA_DIR is tests/data/fuzz_regressions (as CTest passes every unit test);
 * the inputs live beside it in tests/fuzz: regressions/HARNESS/ (inputs that
 * once crashed or broke an invariant) and seeds/HARNESS/ (the fuzzers'
 * starting corpus). Each failing input is printed with its file name and the
 * invariant it broke.
 */
#include "check.h"
#include "fuzz/checks.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

typedef const char *(*check_fn)(const uint8_t *data, size_t size);

/* Replays every file of dir through fn; returns how many there were. */
static int replay_dir(const char *dir, const char *harness, check_fn fn) {
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  char **names = NULL;
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    names = ledei_xrealloc(names, (n + 1) * sizeof *names);
    names[n++] = ledei_xstrdup(e->d_name);
  }
  closedir(d);
  for (size_t i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    char *buf = NULL;
    size_t len = 0;
    CHECK(ledei_read_file(&buf, &len, path) == LEDE_OK);
    const char *why = buf ? fn((const uint8_t *)buf, len) : "unreadable";
    if (why)
      fprintf(stderr, "%s: fuzz_%s: %s\n", path, harness, why);
    CHECK(why == NULL);
    free(buf);
    free(names[i]);
  }
  free(names);
  return (int)n;
}

/* The tests/fuzz folder, found from the data folder CTest passes. */
static char fuzz_dir[4096];

/* Replays seeds and regressions of one harness; the seeds must exist. */
static void replay(const char *harness, check_fn fn) {
  char dir[4200];
  snprintf(dir, sizeof dir, "%s/seeds/%s", fuzz_dir, harness);
  int seeds = replay_dir(dir, harness, fn);
  if (seeds == 0)
    fprintf(stderr, "%s: no seed inputs\n", dir);
  CHECK(seeds > 0);
  snprintf(dir, sizeof dir, "%s/regressions/%s", fuzz_dir, harness);
  int regressions = replay_dir(dir, harness, fn);
  fprintf(stderr, "fuzz_%s: %d seeds, %d regressions replayed\n", harness, seeds, regressions);
}

static void test_segment(void) {
  replay("segment", fuzz_check_segment);
}
static void test_article(void) {
  replay("article", fuzz_check_article);
}
static void test_html(void) {
  replay("html", fuzz_check_html);
}
static void test_mail(void) {
  replay("mail", fuzz_check_mail);
}
static void test_pdf(void) {
  replay("pdf", fuzz_check_pdf);
}
static void test_feed(void) {
  replay("feed", fuzz_check_feed);
}
static void test_date(void) {
  replay("date", fuzz_check_date);
}
static void test_figure(void) {
  replay("figure", fuzz_check_figure);
}

static void test_query(void) {
  fuzz_query_setup();
  replay("query", fuzz_check_query);
  fuzz_query_teardown();
}

/* The checks themselves must be able to fail: bad dates and broken
 * invariants are recognised. */
static void test_checks_catch_errors(void) {
  CHECK(fz_is_calendar_date("2024-02-29"));
  CHECK(!fz_is_calendar_date("2023-02-29"));
  CHECK(!fz_is_calendar_date("1900-02-29"));
  CHECK(fz_is_calendar_date("2000-02-29"));
  CHECK(!fz_is_calendar_date("2023-13-01"));
  CHECK(!fz_is_calendar_date("2023-1-011"));
  CHECK(!fz_is_hex16("0123456789ABCDEF"));
  CHECK(fz_is_hex16("0123456789abcdef"));
  cJSON *s = cJSON_CreateString("\xff");
  CHECK(fz_json_roundtrip(s) != NULL);
  cJSON_Delete(s);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
    return 2;
  }
  /* DATA_DIR is .../tests/data/fuzz_regressions (which need not exist), so
   * tests/fuzz is found by dropping its last two components. */
  snprintf(fuzz_dir, sizeof fuzz_dir, "%s", argv[1]);
  for (int up = 0; up < 2; up++) {
    char *slash = strrchr(fuzz_dir, '/');
    if (slash)
      *slash = '\0';
  }
  strncat(fuzz_dir, "/fuzz", sizeof fuzz_dir - strlen(fuzz_dir) - 1);
  RUN(test_checks_catch_errors);
  RUN(test_segment);
  RUN(test_article);
  RUN(test_html);
  RUN(test_mail);
  RUN(test_pdf);
  RUN(test_feed);
  RUN(test_date);
  RUN(test_figure);
  RUN(test_query);
  return check_summary();
}
