/*
 * test_pdf.c - unit tests of PDF files (lib/pdf.c): text in reading order,
 * hyphenation at line ends undone (real hyphens kept), paragraph and page
 * breaks, title, author and creation day from the info dictionary, no byte
 * spans; and bad input: not a PDF, damaged, encrypted, no text layer.
 * The PDFs are made by tests/data/pdf/make-pdfs.py.
 *
 * Usage: test_pdf DATA_DIR (tests/data/pdf).
 */
#include "check.h"
#include "lede_private.h"
#include "pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *data_dir = "tests/data/pdf";

static char *slurp(const char *name, size_t *len) {
  return check_read_file(data_dir, name, len);
}

/* pdf_join_hyphens() on a copy of s. */
static char *joined(const char *s) {
  char *t = ledei_xstrdup(s);
  pdf_join_hyphens(t, strlen(t));
  return t;
}

static void test_hyphens(void) {
  static const char *const cases[][2] = {
      {"inter-\nnational", "international"},
      {"inter-  \n  national trade", "international trade"},
      {"a well-known case", "a well-known case"}, /* not at a line end */
      {"North-\nWest", "North-\nWest"},           /* a capital goes on: a real hyphen */
      {"pages 10-\n12", "pages 10-\n12"},         /* digits */
      {"a list -\nitem", "a list -\nitem"},       /* a dash after a space */
      {"Kranken-\nhaus, \xC3\xA9t\xC3\xA9-\n\xC3\xA9t\xC3\xA9",
       "Krankenhaus, \xC3\xA9t\xC3\xA9\xC3\xA9t\xC3\xA9"},
      {"co\xC2\xAD\noperation", "cooperation"}, /* a soft hyphen */
      {"ends with a hyphen-", "ends with a hyphen-"},
      {"-\n", "-\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *t = joined(cases[i][0]);
    CHECK_STR(t, cases[i][1]);
    free(t);
  }
}

/* The one article of a PDF file's bytes, or NULL with the status in *rc. */
static lede_article_t *read_pdf(const char *name, lede_status_t *rc) {
  size_t len, n = 0, bad = 0;
  char *buf = slurp(name, &len);
  lede_article_t **v = NULL;
  *rc = ledei_article_parse_file_bytes(&v, &n, &bad, buf, len, name, NULL);
  free(buf);
  lede_article_t *a = n ? v[0] : NULL;
  free(v);
  return a;
}

static void test_report(void) {
  lede_status_t rc;
  lede_article_t *a = read_pdf("report.pdf", &rc);
  CHECK_INT(rc, LEDE_OK);
  if (!a)
    return;
  CHECK_STR(a->title, "Port traffic in December");
  CHECK_STR(a->date, "2024-01-15"); /* 23:30 -05'00': the 16th in UTC */
  CHECK_STR(a->source, "report.pdf");
  CHECK_INT(a->nmeta, 1);
  if (a->nmeta == 1)
    CHECK_STR(a->meta[0].value, "Harbour Authority");
  static const char *const want[] = {
      "Port traffic report", /* a paragraph gap: a sentence of its own */
      "The port handled more international cargo than ever in December, a well-known pattern "
      "before the holidays.",
      "Exports of grain rose sharply.",
      "Imports fell for the third month in a row.", /* page 2 */
      "The authority expects a calmer spring.",
  };
  CHECK_INT(a->nsentences, 5);
  for (size_t i = 0; i < a->nsentences && i < 5; i++) {
    CHECK_STR(a->sentences[i].text, want[i]);
    CHECK_INT(a->sentences[i].start, 0); /* PDF text has no byte span */
    CHECK_INT(a->sentences[i].end, 0);
    CHECK_INT(a->sentences[i].line, 0);
  }
  lede_article_free(a);
}

static void test_reading_order(void) {
  lede_status_t rc;
  lede_article_t *a = read_pdf("columns.pdf", &rc);
  CHECK_INT(rc, LEDE_OK);
  if (!a)
    return;
  CHECK_INT(a->nsentences, 2);
  if (a->nsentences == 2) {
    CHECK_STR(a->sentences[0].text, "Left column comes first and ends in the left column.");
    CHECK_STR(a->sentences[1].text, "Right column starts here and continues in the right column.");
  }
  CHECK_STR(a->title, NULL);
  CHECK_STR(a->date, "2023-11-09"); /* a CreationDate without time */
  lede_article_free(a);
}

static void test_bad_pdfs(void) {
  static const char *const cases[][2] = {
      {"notapdf.pdf", "not a PDF file (no %PDF- header)"},
      {"damaged.pdf", "damaged PDF (PDF document is damaged)"},
      {"encrypted.pdf", "encrypted PDF (needs a password)"},
      {"scanned.pdf", "no text layer (a scanned PDF?)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    lede_status_t rc;
    lede_article_t *a = read_pdf(cases[i][0], &rc);
    CHECK_INT(rc, LEDE_ERR_INVALID);
    CHECK(a == NULL);
    CHECK_STR(lede_last_error(), cases[i][1]);
    lede_article_free(a);
  }
}

static void test_detection(void) {
  size_t len;
  char *buf = slurp("report.pdf", &len);
  CHECK_INT(ledei_pdf_is_pdf("dir/report.PDF", "", 0), 1);
  CHECK_INT(ledei_pdf_is_pdf("dir/report", buf, len), 1); /* no extension: by content */
  CHECK_INT(ledei_pdf_is_pdf("dir/report.txt", buf, len), 0);
  CHECK_INT(ledei_pdf_is_pdf("dir.pdf/notes", "plain words", 11), 0);
  /* Read as the indexer reads it: one article, no text conversion. */
  char *copy = ledei_xmalloc(len + 1);
  memcpy(copy, buf, len + 1);
  size_t n = len;
  CHECK_INT(ledei_text_prepare(&copy, &n, "dir/report"), 1);
  CHECK_INT(n, len);
  CHECK(memcmp(copy, buf, len) == 0);
  free(copy);
  free(buf);
}

int main(int argc, char **argv) {
  if (argc > 1)
    data_dir = argv[1];
  RUN(test_hyphens);
  RUN(test_report);
  RUN(test_reading_order);
  RUN(test_bad_pdfs);
  RUN(test_detection);
  return check_summary();
}
