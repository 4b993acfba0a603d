/*
 * check.h - the minimal assertion harness of lede's C unit tests.
 *
 * A test file defines test functions, calls them from main() through RUN(),
 * and returns check_summary(), which prints "N passed, N failed" and returns
 * non-zero when any check failed. A failed check prints file, line and the
 * values compared, and the test goes on so one run shows every failure.
 */
#ifndef LEDE_CHECK_H
#define LEDE_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (cond) {                                                                                    \
      check_passed++;                                                                              \
    } else {                                                                                       \
      check_failed++;                                                                              \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);                     \
    }                                                                                              \
  } while (0)

#define CHECK_INT(got, want)                                                                       \
  do {                                                                                             \
    long long g_ = (long long)(got), w_ = (long long)(want);                                       \
    if (g_ == w_) {                                                                                \
      check_passed++;                                                                              \
    } else {                                                                                       \
      check_failed++;                                                                              \
      fprintf(stderr, "%s:%d: %s == %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_);         \
    }                                                                                              \
  } while (0)

#define CHECK_STR(got, want)                                                                       \
  do {                                                                                             \
    const char *g_ = (got), *w_ = (want);                                                          \
    if ((g_ == NULL && w_ == NULL) || (g_ && w_ && strcmp(g_, w_) == 0)) {                         \
      check_passed++;                                                                              \
    } else {                                                                                       \
      check_failed++;                                                                              \
      fprintf(stderr, "%s:%d: %s == \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got,              \
              g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                             \
    }                                                                                              \
  } while (0)

#define RUN(fn)                                                                                    \
  do {                                                                                             \
    int before_ = check_failed;                                                                    \
    fn();                                                                                          \
    fprintf(stderr, "%s %s\n", check_failed == before_ ? "ok  " : "FAIL", #fn);                    \
  } while (0)

/* The bytes of the test data file dir/name (malloc'd, NUL-terminated,
 * length in *len); exits with status 2 when it cannot be read. */
static inline char *check_read_file(const char *dir, const char *name, size_t *len) {
  char p[4096];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "rb");
  char *buf = NULL;
  long n = -1;
  if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
      (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
  }
  fprintf(stderr, "cannot read %s\n", p);
  exit(2);
}

/* vprintf() into a new string (malloc'd); exits with status 2 when out
 * of memory. */
__attribute__((format(printf, 1, 0))) static inline char *check_vprintf(const char *fmt,
                                                                        va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, again);
  va_end(again);
  char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (!s)
    exit(2);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  return s;
}

/* printf() into a new string (malloc'd). */
__attribute__((format(printf, 1, 2))) static inline char *check_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = check_vprintf(fmt, ap);
  va_end(ap);
  return s;
}

/* "$TMPDIR/name", or "/tmp/name" when TMPDIR is unset or empty (malloc'd):
 * a template's XXXXXX is left for mkstemp() or mkdtemp(). */
static inline char *check_tmp_path(const char *name) {
  const char *tmp = getenv("TMPDIR");
  return check_printf("%s/%s", tmp && *tmp ? tmp : "/tmp", name);
}

/* s as one word of a shell command, in single quotes (malloc'd). */
static inline char *check_quoted(const char *s) {
  size_t n = 3;
  for (const char *p = s; *p; p++)
    n += *p == '\'' ? 4 : 1;
  char *q = malloc(n), *o = q;
  if (!q)
    exit(2);
  *o++ = '\'';
  for (const char *p = s; *p; p++) {
    if (*p == '\'') {
      memcpy(o, "'\\''", 4);
      o += 4;
    } else {
      *o++ = *p;
    }
  }
  *o++ = '\'';
  *o = '\0';
  return q;
}

/* Runs a shell command made by printf() (paths quoted with
 * check_quoted()); what system() returns. */
__attribute__((format(printf, 1, 2))) static inline int check_system(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *cmd = check_vprintf(fmt, ap);
  va_end(ap);
  int st = system(cmd);
  free(cmd);
  return st;
}

/* Removes path and all it holds ("rm -rf"); what system() returns. */
static inline int check_remove(const char *path) {
  char *q = check_quoted(path);
  int st = check_system("rm -rf %s", q);
  free(q);
  return st;
}

static inline int check_summary(void) {
  printf("%d passed, %d failed\n", check_passed, check_failed);
  return check_failed ? 1 : 0;
}

#endif
