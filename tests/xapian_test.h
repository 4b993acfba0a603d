/*
 * xapian_test.h - what the C++ unit tests of lib/'s Xapian wrapper share:
 * EXPECT, a new index to write, a reader on it, and the summary.
 */
#ifndef LEDE_XAPIAN_TEST_H
#define LEDE_XAPIAN_TEST_H

#include "xapian_internal.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

static int failed = 0, passed = 0;
#define EXPECT(cond, what)                                                                         \
  do {                                                                                             \
    if (cond)                                                                                      \
      passed++;                                                                                    \
    else {                                                                                         \
      failed++;                                                                                    \
      fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #cond, std::string(what).c_str());    \
    }                                                                                              \
  } while (0)

/* An article id (16 hex digits, as the readers make them) for a test's
 * short name. */
static inline std::string article_id(const std::string &name) {
  char id[17];
  ledei_hash_hex(id, name.data(), name.size());
  return id;
}

/* s as one word of a shell command, in single quotes. */
static inline std::string shell_quoted(const std::string &s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/* A writer on a new index in a new folder under $TMPDIR (else /tmp),
 * *dir; exits 2 when it cannot (nothing tested). */
static lede_db_t *new_index(std::string *dir, std::string *index) {
  const char *tmpdir = getenv("TMPDIR");
  std::string tmp = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/lede-test-XXXXXX";
  if (!mkdtemp(&tmp[0]))
    exit(2);
  *dir = tmp;
  *index = *dir + "/index";
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  lede_db_t *w = nullptr;
  if (lede_db_open_write(&w, index->c_str(), &wo) != LEDE_OK) {
    fprintf(stderr, "%s\n", lede_last_error());
    exit(2);
  }
  return w;
}

/* A reader on index; exits 2 when it cannot. */
static lede_db_t *read_index(const std::string &index) {
  lede_db_t *r = nullptr;
  if (lede_db_open_read(&r, index.c_str()) != LEDE_OK) {
    fprintf(stderr, "%s\n", lede_last_error());
    exit(2);
  }
  return r;
}

/* Removes dir and prints the summary; the test's exit status. */
static int finish(const std::string &dir) {
  std::string cmd = "rm -rf " + shell_quoted(dir);
  if (system(cmd.c_str()) != 0)
    return 2;
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}

#endif
