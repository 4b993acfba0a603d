/*
 * test_segment.c - tests of ledei_segment() and ledei_span_text().
 *
 * Usage: test_segment DIR
 *
 * Runs every case file DIR/\*.txt (format: DIR/README.md), printing each
 * failing case as input / expected / got and the pass rate per category
 * (file), then C-level checks of the span contract on hostile input: invalid
 * UTF-8, NUL bytes, a 5 MB line, empty and blank text.
 */
#include "check.h"
#include "lede_private.h"
#include "segment_abbrev.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *data_dir;

/* A growable byte buffer. */
typedef struct buf {
  char *p;
  size_t len, cap;
} buf_t;

/* Appends n bytes to b. */
static void buf_add(buf_t *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->p = ledei_xrealloc(b->p, b->cap);
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

/* Value of hex digit c, or -1. */
static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Appends the line [s, s+n) to b, expanding the escapes \t \s \0 \\ and
 * \xHH (see README.md). */
static void add_unescaped(buf_t *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c != '\\' || i + 1 >= n) {
      buf_add(b, &c, 1);
      continue;
    }
    char e = s[++i];
    if (e == 't') {
      buf_add(b, "\t", 1);
    } else if (e == 's') {
      buf_add(b, " ", 1);
    } else if (e == '0') {
      buf_add(b, "", 1); /* a NUL byte */
    } else if (e == 'x' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      char x = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      buf_add(b, &x, 1);
      i += 2;
    } else {
      buf_add(b, &e, 1); /* "\\" and anything else: the character itself */
    }
  }
}

/* One test case read from a file. */
typedef struct tcase {
  char *name;      /* first comment line, or "line N" */
  size_t line;     /* line of the file where it starts */
  buf_t input;     /* the text to segment */
  char **expected; /* expected sentences */
  size_t nexpected;
} tcase_t;

/* Per-category totals. */
typedef struct category {
  char name[64];
  int passed, failed;
} category_t;

static category_t categories[64];
static size_t ncategories;
static int cases_passed, cases_failed;

/* Prints a string for a failure report, showing control bytes. */
static void print_visible(FILE *f, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n')
      fputs("\\n", f);
    else if (c == '\t')
      fputs("\\t", f);
    else if (c < 0x20)
      fprintf(f, "\\x%02x", c);
    else
      fputc(c, f);
  }
}

/* Runs one case: segments its input, compares the sentences with the
 * expected ones and checks the span contract; reports a failure as a diff.
 * Returns 1 when it passed. */
static int run_case(const char *file, const tcase_t *tc) {
  lede_span_t *spans = NULL;
  size_t n = 0;
  lede_status_t rc = ledei_segment(&spans, &n, tc->input.p ? tc->input.p : "", tc->input.len);
  int ok = rc == LEDE_OK && n == tc->nexpected;
  char **got = ledei_xcalloc(n + 1, sizeof *got);
  size_t prev_end = 0;
  for (size_t i = 0; i < n; i++) {
    got[i] = ledei_span_text(tc->input.p, spans[i]);
    if (spans[i].start >= spans[i].end || spans[i].start < prev_end || spans[i].end > tc->input.len)
      ok = 0;
    prev_end = spans[i].end;
    if (i < tc->nexpected && strcmp(got[i], tc->expected[i]) != 0)
      ok = 0;
  }
  if (!ok) {
    fprintf(stderr, "FAIL %s:%zu: %s\n  input: \"", file, tc->line, tc->name);
    print_visible(stderr, tc->input.p ? tc->input.p : "", tc->input.len);
    fputs("\"\n", stderr);
    size_t m = n > tc->nexpected ? n : tc->nexpected;
    for (size_t i = 0; i < m; i++) {
      const char *w = i < tc->nexpected ? tc->expected[i] : NULL;
      const char *g = i < n ? got[i] : NULL;
      if (w && g && strcmp(w, g) == 0) {
        fprintf(stderr, "    = %s\n", w);
        continue;
      }
      if (w)
        fprintf(stderr, "  - want %s\n", w);
      if (g)
        fprintf(stderr, "  + got  %s\n", g);
    }
  }
  for (size_t i = 0; i < n; i++)
    free(got[i]);
  free(got);
  free(spans);
  return ok;
}

/* Adds a case result to the totals of category cat. */
static void tally(const char *cat, int ok) {
  size_t i = 0;
  while (i < ncategories && strcmp(categories[i].name, cat) != 0)
    i++;
  if (i == ncategories && ncategories < sizeof categories / sizeof categories[0]) {
    snprintf(categories[i].name, sizeof categories[i].name, "%s", cat);
    ncategories++;
  }
  if (i < ncategories) {
    if (ok)
      categories[i].passed++;
    else
      categories[i].failed++;
  }
  if (ok)
    cases_passed++;
  else
    cases_failed++;
}

/* Frees a case's contents and resets it. */
static void case_reset(tcase_t *tc) {
  free(tc->name);
  free(tc->input.p);
  for (size_t i = 0; i < tc->nexpected; i++)
    free(tc->expected[i]);
  free(tc->expected);
  memset(tc, 0, sizeof *tc);
}

/* Ends the case being read: runs it when complete (it reached its ---
 * line), reports it as malformed when it has content but no --- line. */
static void finish_case(const char *path, const char *fname, const char *cat, tcase_t *tc,
                        int expected, int content) {
  if (expected) {
    if (!tc->name) {
      char nm[32];
      snprintf(nm, sizeof nm, "line %zu", tc->line);
      tc->name = ledei_xstrdup(nm);
    }
    tally(cat, run_case(fname, tc));
  } else if (content) {
    fprintf(stderr, "%s:%zu: case without a --- line\n", path, tc->line);
    CHECK(0);
  }
  case_reset(tc);
}

/* Reads and runs every case of one file; the category is the file name
 * without ".txt". Text before the first === line is a file header. */
static void run_file(const char *dir, const char *fname) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, fname);
  char *text;
  size_t len;
  if (ledei_read_file(&text, &len, path) != LEDE_OK) {
    fprintf(stderr, "%s\n", lede_last_error());
    CHECK(0);
    return;
  }
  char cat[64];
  snprintf(cat, sizeof cat, "%.*s", (int)(strlen(fname) - 4), fname);

  enum { HEAD, INPUT, EXPECTED } state = HEAD;
  tcase_t tc = {0};
  int in_case = 0, content = 0;
  size_t lineno = 0;
  for (size_t pos = 0; pos < len;) {
    const char *nl = memchr(text + pos, '\n', len - pos);
    size_t e = nl ? (size_t)(nl - text) : len;
    const char *l = text + pos;
    size_t n = e - pos;
    pos = e + 1;
    lineno++;
    if (n == 3 && memcmp(l, "===", 3) == 0) {
      if (in_case)
        finish_case(path, fname, cat, &tc, state == EXPECTED, content);
      state = HEAD, in_case = 1, content = 0;
      tc.line = lineno + 1;
    } else if (!in_case) {
      continue;
    } else if (state != EXPECTED && n == 3 && memcmp(l, "---", 3) == 0) {
      state = EXPECTED;
      if (!tc.input.p)
        buf_add(&tc.input, "", 0);
    } else if (state == HEAD && n > 0 && l[0] == '#') {
      if (!tc.name) {
        size_t k = 1;
        while (k < n && l[k] == ' ')
          k++;
        tc.name = ledei_xstrndup(l + k, n - k);
      }
      content = 1;
    } else if (state != EXPECTED) {
      if (state == INPUT)
        buf_add(&tc.input, "\n", 1);
      state = INPUT;
      add_unescaped(&tc.input, l, n);
      content = 1;
    } else if (n > 0) {
      buf_t b = {0};
      add_unescaped(&b, l, n);
      tc.expected = ledei_xrealloc(tc.expected, (tc.nexpected + 1) * sizeof *tc.expected);
      tc.expected[tc.nexpected++] = b.p;
    }
  }
  if (in_case)
    finish_case(path, fname, cat, &tc, state == EXPECTED, content);
  free(text);
}

/* Compares directory entry names for qsort(). */
static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every *.txt case file of the data directory and prints the per-
 * category pass rates. Every case must pass. */
static void test_case_files(void) {
  DIR *d = opendir(data_dir);
  CHECK(d != NULL);
  if (!d) {
    fprintf(stderr, "cannot open %s\n", data_dir);
    return;
  }
  char **names = NULL;
  size_t count = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    size_t n = strlen(de->d_name);
    if (n > 4 && strcmp(de->d_name + n - 4, ".txt") == 0) {
      names = ledei_xrealloc(names, (count + 1) * sizeof *names);
      names[count++] = ledei_xstrdup(de->d_name);
    }
  }
  closedir(d);
  qsort(names, count, sizeof *names, cmp_names);
  for (size_t i = 0; i < count; i++) {
    run_file(data_dir, names[i]);
    free(names[i]);
  }
  free(names);
  CHECK(count > 0);
  printf("%-16s %6s %6s %7s\n", "category", "passed", "failed", "rate");
  for (size_t i = 0; i < ncategories; i++) {
    const category_t *c = &categories[i];
    int total = c->passed + c->failed;
    printf("%-16s %6d %6d %6.1f%%\n", c->name, c->passed, c->failed,
           total ? 100.0 * c->passed / total : 0.0);
  }
  int total = cases_passed + cases_failed;
  printf("%-16s %6d %6d %6.1f%%\n", "all", cases_passed, cases_failed,
         total ? 100.0 * cases_passed / total : 0.0);
  CHECK_INT(cases_failed, 0);
  CHECK(cases_passed > 0);
}

/* Checks the span contract on [text, text+len): in order, non-overlapping,
 * inside the text, non-empty, trimmed of white space, and the display text
 * valid UTF-8 without NUL bytes. Returns the number of spans. */
static size_t check_spans(const char *text, size_t len) {
  lede_span_t *v = NULL;
  size_t n = 99;
  CHECK_INT(ledei_segment(&v, &n, text, len), LEDE_OK);
  CHECK(v != NULL);
  size_t prev = 0;
  int bad = 0;
  for (size_t i = 0; i < n && !bad; i++) {
    lede_span_t s = v[i];
    if (s.start >= s.end || s.start < prev || s.end > len)
      bad = 1;
    else if (text[s.start] == ' ' || text[s.start] == '\n' || text[s.start] == '\t' ||
             text[s.end - 1] == ' ' || text[s.end - 1] == '\n' || text[s.end - 1] == '\0')
      bad = 2;
    prev = s.end;
    if (!bad && i < 2000) {
      char *d = ledei_span_text(text, s);
      if (!ledei_utf8_valid(d, strlen(d)) || d[0] == '\0')
        bad = 3;
      free(d);
    }
  }
  CHECK_INT(bad, 0);
  free(v);
  return n;
}

/* Empty, blank and NULL-with-zero-length texts give zero spans; NULL
 * outputs are refused. */
static void test_empty(void) {
  CHECK_INT(check_spans("", 0), 0);
  CHECK_INT(check_spans(" \n\t\n  \r\n", 8), 0);
  CHECK_INT(check_spans("\xC2\xA0\xE3\x80\x80", 5), 0); /* NBSP, ideographic space */
  lede_span_t *v = NULL;
  size_t n = 5;
  CHECK_INT(ledei_segment(&v, &n, NULL, 0), LEDE_OK);
  CHECK_INT(n, 0);
  free(v);
  CHECK_INT(ledei_segment(NULL, &n, "x", 1), LEDE_ERR_INVALID);
}

/* Invalid UTF-8 never stops segmentation and is replaced in the text. */
static void test_invalid_utf8(void) {
  const char *t = "Prices rose \xFF\xFE sharply. Traders \xC3 were \xE2\x80 glad. End \xF0\x9F";
  size_t n = check_spans(t, strlen(t));
  CHECK_INT(n, 3);
  lede_span_t *v;
  ledei_segment(&v, &n, t, strlen(t));
  char *s = ledei_span_text(t, v[0]);
  CHECK_STR(s, "Prices rose \xEF\xBF\xBD\xEF\xBF\xBD sharply.");
  free(s);
  free(v);
  /* every byte value, in several orders */
  char all[512];
  for (int i = 0; i < 256; i++)
    all[i] = (char)i, all[511 - i] = (char)i;
  check_spans(all, sizeof all);
  /* a text of continuation bytes and truncated sequences only */
  char cont[300];
  for (size_t i = 0; i < sizeof cont; i++)
    cont[i] = (char)(i % 3 ? 0x80 + i % 64 : 0xE2);
  check_spans(cont, sizeof cont);
}

/* NUL bytes are white space: they neither end the text nor appear in it. */
static void test_nul_bytes(void) {
  const char t[] = "First one.\0Second \0one. Third";
  size_t len = sizeof t - 1;
  lede_span_t *v;
  size_t n;
  CHECK_INT(ledei_segment(&v, &n, t, len), LEDE_OK);
  CHECK_INT(n, 3);
  if (n == 3) {
    char *s = ledei_span_text(t, v[1]);
    CHECK_STR(s, "Second one.");
    free(s);
    s = ledei_span_text(t, v[2]);
    CHECK_STR(s, "Third");
    free(s);
  }
  free(v);
  check_spans(t, len);
  char zeros[1000] = {0};
  CHECK_INT(check_spans(zeros, sizeof zeros), 0);
}

/* Seconds since an arbitrary point. */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Huge inputs finish quickly (no quadratic behaviour) and are cut into
 * sentences of bounded length at spaces. */
static void test_huge_lines(void) {
  size_t len = 5u << 20;
  char *t = ledei_xmalloc(len);
  /* words without punctuation */
  for (size_t i = 0; i < len; i++)
    t[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 7);
  double t0 = now();
  size_t n = check_spans(t, len);
  double secs = now() - t0;
  CHECK(n >= len / 2000);
  /* Speed is measured by scripts/bench, not asserted here; quadratic
   * behaviour would run into CTest's timeout for this test. */
  fprintf(stderr, "5 MB of words: %.2f s\n", secs);
  lede_span_t *v;
  ledei_segment(&v, &n, t, len);
  int long_span = 0;
  for (size_t i = 0; i < n; i++)
    long_span |= v[i].end - v[i].start > 2000;
  CHECK(!long_span);
  free(v);
  /* one token without spaces; then dots, then newlines, then abbreviations */
  const char *fills[] = {"x", ".", "\n", "U.S.", ". . ", "\xE2\x80\xA6", "\"", "a.\n\n", "Mr. "};
  for (size_t f = 0; f < sizeof fills / sizeof fills[0]; f++) {
    size_t fl = strlen(fills[f]);
    for (size_t i = 0; i < len; i++)
      t[i] = fills[f][i % fl];
    t0 = now();
    check_spans(t, len);
    secs = now() - t0;
    fprintf(stderr, "5 MB of fill \"%s\": %.2f s\n", fills[f], secs);
  }
  free(t);
}

/* Spans of an ordinary article: trimmed, in order, inside the text, and the
 * display text folds line breaks, tabs and no-break spaces. */
static void test_span_text(void) {
  const char *t = "  The dollar\n  fell  sharply \xC2\xA0 on Monday.\n\nIt rose later.  ";
  lede_span_t *v;
  size_t n;
  ledei_segment(&v, &n, t, strlen(t));
  CHECK_INT(n, 2);
  if (n == 2) {
    CHECK_INT(v[0].start, 2);
    CHECK(t[v[0].end - 1] == '.');
    char *s = ledei_span_text(t, v[0]);
    CHECK_STR(s, "The dollar fell sharply on Monday.");
    free(s);
    s = ledei_span_text(t, v[1]);
    CHECK_STR(s, "It rose later.");
    free(s);
  }
  free(v);
  check_spans(t, strlen(t));
  /* A space grouping a number's digits stays; others fold. */
  t = "It cost \xC2\xA3"
      "5\xC2\xA0"
      "500, up 12\xC2\xA0 500 and 3\xC2\xA0pct.";
  ledei_segment(&v, &n, t, strlen(t));
  CHECK_INT(n, 1);
  if (n == 1) {
    char *s = ledei_span_text(t, v[0]);
    CHECK_STR(s, "It cost \xC2\xA3"
                 "5\xC2\xA0"
                 "500, up 12 500 and 3 pct.");
    free(s);
  }
  free(v);
}

/* The project's two articles: 12 sentences after the date line of the first,
 * 13 in the second. */
static void test_corpus_articles(void) {
  static const struct {
    const char *file;
    size_t skip_lines;
    size_t sentences;
  } arts[] = {{"000_5c203dbaf1af5d85.txt", 1, 12}, {"001_c8373e74a80ee408.txt", 0, 13}};
  for (size_t a = 0; a < 2; a++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/../../../corpus/%s", data_dir, arts[a].file);
    char *buf;
    size_t len;
    if (ledei_read_file(&buf, &len, path) != LEDE_OK) {
      fprintf(stderr, "skipped: %s\n", lede_last_error());
      continue;
    }
    size_t off = 0;
    for (size_t l = 0; l < arts[a].skip_lines; l++) {
      const char *nl = memchr(buf + off, '\n', len - off);
      off = nl ? (size_t)(nl - buf) + 1 : len;
    }
    size_t n = check_spans(buf + off, len - off);
    CHECK_INT(n, arts[a].sentences);
    free(buf);
  }
}

/* The word tables of the segmenter are sorted, as bsearch() needs. */
static void test_tables_sorted(void) {
  for (size_t i = 1; i < sizeof ABBREVS / sizeof ABBREVS[0]; i++)
    CHECK(strcmp(ABBREVS[i - 1].word, ABBREVS[i].word) < 0);
  for (size_t i = 1; i < sizeof STARTERS / sizeof STARTERS[0]; i++)
    CHECK(strcmp(STARTERS[i - 1], STARTERS[i]) < 0);
  for (size_t i = 1; i < sizeof TIME_WORDS / sizeof TIME_WORDS[0]; i++)
    CHECK(strcmp(TIME_WORDS[i - 1], TIME_WORDS[i]) < 0);
  for (size_t i = 1; i < sizeof ORDINAL_NOUNS / sizeof ORDINAL_NOUNS[0]; i++)
    CHECK(strcmp(ORDINAL_NOUNS[i - 1], ORDINAL_NOUNS[i]) < 0);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
    return 2;
  }
  data_dir = argv[1];
  RUN(test_tables_sorted);
  RUN(test_case_files);
  RUN(test_empty);
  RUN(test_invalid_utf8);
  RUN(test_nul_bytes);
  RUN(test_span_text);
  RUN(test_huge_lines);
  RUN(test_corpus_articles);
  return check_summary();
}
