/*
 * checks.h - the invariants lede's fuzz harnesses check, shared by the
 * libFuzzer harnesses (tests/fuzz/fuzz_*.c, built with clang) and the
 * regression replayer (tests/test_fuzz_regressions.c, built normally), so a
 * saved crash input is replayed through exactly the checks that found it.
 *
 * Each fuzz_check_NAME(data, size) runs one harness's code path on one input
 * and returns NULL when every invariant holds, else a static string saying
 * which one broke. Memory errors, leaks and undefined behaviour are the
 * sanitizers' part: the checks only look at results.
 *
 * Include this header from exactly one C file per program: it defines its
 * functions (static inline) rather than declaring them, and compiles in
 * query/render.c.
 */
#ifndef LEDE_FUZZ_CHECKS_H
#define LEDE_FUZZ_CHECKS_H

#include "extract.h"
#include "feed.h"
#include "figure.h"
#include "lede_private.h"
#include "pdf.h"
/* lede-query's renderer is not part of liblede; it is compiled in here so the
 * harness checks exactly what lede-query prints. */
#include "../../query/render.c"
#include "../../query/render.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Known third-party leaks                                             */
/* ------------------------------------------------------------------ */

const char *__lsan_default_suppressions(void);

/* LeakSanitizer's built-in suppressions for these programs: Xapian 1.4.22's
 * QueryParser leaks 96 bytes when a NEAR/n or ADJ/n follows another operator
 * ("x OR ADJ/2"; Xapian's own quest leaks the same under valgrind). It is
 * not lede's memory and not fixable here; see docs/hardening.md. */
const char *__lsan_default_suppressions(void) {
  return "leak:Xapian::QueryParser::Internal::parse_query\n";
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s[i] (i < n), or 1 for an invalid
 * byte: the same walk ledei_segment() uses, so span boundaries can be checked
 * against it. Sets *cp to the code point (U+FFFD when invalid). Written
 * independently of ledei_utf8_decode() on purpose: an oracle that shared the
 * library's decoder would share its bugs. */
static inline size_t fz_decode(const unsigned char *s, size_t i, size_t n, uint32_t *cp) {
  unsigned c = s[i];
  size_t need;
  uint32_t v, min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2, v = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3, v = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4, v = c & 0x07, min = 0x10000;
  } else {
    *cp = 0xFFFD;
    return 1;
  }
  if (n - i < need) {
    *cp = 0xFFFD;
    return 1;
  }
  for (size_t k = 1; k < need; k++) {
    if ((s[i + k] & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    v = (v << 6) | (s[i + k] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    *cp = 0xFFFD;
    return 1;
  }
  *cp = v;
  return need;
}

/* 1 if cp is white space in ledei_segment()'s sense (see lede.h: spans are
 * trimmed of it): ASCII space, \t..\r, NUL and the Unicode spaces. */
static inline int fz_is_space(uint32_t cp) {
  if (cp < 0x80)
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0;
  return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* 1 if s is a NUL-terminated valid UTF-8 string (NULL counts as valid). */
static inline int fz_str_ok(const char *s) {
  return !s || ledei_utf8_valid(s, strlen(s));
}

/* 1 if s is NULL or exactly 16 lowercase hex digits. */
static inline int fz_is_hex16(const char *s) {
  if (!s || strlen(s) != 16)
    return 0;
  for (const char *p = s; *p; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
      return 0;
  return 1;
}

/* 1 if s is "YYYY-MM-DD" naming a real day of the Gregorian calendar (years
 * 0001-9999). */
static inline int fz_is_calendar_date(const char *s) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return 0;
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  int d = (s[8] - '0') * 10 + (s[9] - '0');
  if (y < 1 || m < 1 || m > 12 || d < 1)
    return 0;
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Prints item as JSON and checks the text is valid UTF-8 and parses back. */
static inline const char *fz_json_roundtrip(const cJSON *item) {
  char *s = cJSON_PrintUnformatted(item);
  if (!s)
    return "cJSON_PrintUnformatted failed";
  const char *why = NULL;
  if (!ledei_utf8_valid(s, strlen(s)))
    why = "JSON output is not valid UTF-8";
  cJSON *back = cJSON_Parse(s);
  if (!why && !back)
    why = "JSON output does not parse back";
  cJSON_Delete(back);
  cJSON_free(s);
  return why;
}

/* 1 when the broken invariant why contains one of the ','-separated
 * substrings of $LEDE_FUZZ_IGNORE: a way to keep fuzzing past a known,
 * reported bug (scripts/fuzz says so when it is set). */
static inline int fuzz_ignored(const char *why) {
  const char *ignore = getenv("LEDE_FUZZ_IGNORE");
  while (ignore && *ignore) {
    const char *comma = strchr(ignore, ',');
    size_t n = comma ? (size_t)(comma - ignore) : strlen(ignore);
    for (const char *p = why; n && *p; p++)
      if (strncmp(p, ignore, n) == 0)
        return 1;
    ignore = comma ? comma + 1 : NULL;
  }
  return 0;
}

/* ------------------------------------------------------------------ */
/* Segmenter                                                           */
/* ------------------------------------------------------------------ */

/* ledei_segment() and ledei_span_text(): spans in order, non-overlapping,
 * inside the text, on character boundaries, non-empty, trimmed of white
 * space; every span's text non-empty valid UTF-8 with single spaces and no
 * space at either end. */
static inline const char *fuzz_check_segment(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  lede_span_t *spans = NULL;
  size_t n = 0;
  if (ledei_segment(&spans, &n, text, size) != LEDE_OK)
    return "ledei_segment failed on content";
  /* Character starts, walking the text as the segmenter does. */
  unsigned char *starts = calloc(size + 1, 1);
  uint32_t cp;
  for (size_t i = 0; i < size;)
    starts[i] = 1, i += fz_decode(data, i, size, &cp);
  starts[size] = 1;
  const char *why = NULL;
  size_t prev_end = 0;
  for (size_t i = 0; i < n && !why; i++) {
    lede_span_t s = spans[i];
    if (s.start >= s.end)
      why = "empty span";
    else if (s.end > size)
      why = "span past the end of the text";
    else if (s.start < prev_end)
      why = "spans overlap or are out of order";
    else if (!starts[s.start] || !starts[s.end])
      why = "span boundary splits a UTF-8 character";
    if (why)
      break;
    prev_end = s.end;
    fz_decode(data, s.start, size, &cp);
    if (fz_is_space(cp))
      why = "span starts with white space";
    size_t last = s.end - 1;
    while (last > s.start && !starts[last])
      last--;
    fz_decode(data, last, size, &cp);
    if (!why && fz_is_space(cp))
      why = "span ends with white space";
    char *t = ledei_span_text(text, s);
    size_t tl = strlen(t);
    if (!why && tl == 0)
      why = "span text is empty";
    if (!why && !ledei_utf8_valid(t, tl))
      why = "span text is not valid UTF-8";
    if (!why && (t[0] == ' ' || t[tl - 1] == ' ' || strstr(t, "  ")))
      why = "span text white space not folded";
    free(t);
  }
  free(starts);
  free(spans);
  return why;
}

/* ------------------------------------------------------------------ */
/* Article reader                                                      */
/* ------------------------------------------------------------------ */

/* The checks every article must pass; len is the buffer length its spans
 * index, or 0 when they index a decoded JSONL "text" (not checked). */
static inline const char *fz_fields_ok(const lede_article_t *a) {
  if (!a)
    return "no article";
  if (!fz_is_hex16(a->id))
    return "article id is not 16 hex digits";
  if (!fz_str_ok(a->title) || !fz_str_ok(a->source) || !fz_str_ok(a->date) || !fz_str_ok(a->url) ||
      !fz_str_ok(a->place))
    return "article field is not valid UTF-8";
  if (!a->source)
    return "article has no source";
  if (a->date && !fz_is_calendar_date(a->date))
    return "article date is not a calendar date";
  for (size_t i = 0; i < a->nmeta; i++)
    if (!a->meta[i].key || !fz_str_ok(a->meta[i].key) || !fz_str_ok(a->meta[i].value))
      return "meta key or value is not valid UTF-8";
  return NULL;
}

/* An article as ledei_article_to_json() prints it round-trips through cJSON. */
static inline const char *fz_json_ok(const lede_article_t *a) {
  cJSON *j = ledei_article_to_json(a);
  const char *why = fz_json_roundtrip(j);
  cJSON_Delete(j);
  return why;
}

static inline const char *fz_article_ok(const lede_article_t *a, size_t len) {
  const char *why = fz_fields_ok(a);
  if (why)
    return why;
  size_t prev_end = 0;
  for (size_t i = 0; i < a->nsentences; i++) {
    const lede_sentence_t *s = &a->sentences[i];
    if (!s->text || !*s->text)
      return "empty sentence text";
    if (!fz_str_ok(s->text))
      return "sentence text is not valid UTF-8";
    if (s->start >= s->end || s->start < prev_end)
      return "sentence spans empty, overlapping or out of order";
    if (len && s->end > len)
      return "sentence span outside the buffer";
    prev_end = s->end;
  }
  return fz_json_ok(a);
}

/* A private scratch folder for files the checks write, removed at exit. */
static char fz_tmpdir[64];

/* Removes path and, when it is a folder, everything under it. */
static inline void fz_remove_tree(const char *path) {
  DIR *d = opendir(path);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      char sub[4096];
      int n = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
      if (n > 0 && (size_t)n < sizeof sub)
        fz_remove_tree(sub);
    }
    closedir(d);
  }
  remove(path);
}

/* atexit handler: removes the scratch folder and everything in it. */
static inline void fz_cleanup(void) {
  if (fz_tmpdir[0])
    fz_remove_tree(fz_tmpdir);
}

/* The scratch folder (created on first use, in /dev/shm when there is one). */
static inline const char *fz_scratch(void) {
  if (!fz_tmpdir[0]) {
    struct stat st;
    const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
    snprintf(fz_tmpdir, sizeof fz_tmpdir, "%s/lede-fuzz.XXXXXX", base);
    if (!mkdtemp(fz_tmpdir)) {
      perror("mkdtemp");
      abort();
    }
    atexit(fz_cleanup);
  }
  return fz_tmpdir;
}

/* Writes data to path (replacing it). Returns 0 or -1. */
static inline int fz_write_file(const char *path, const uint8_t *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  size_t put = size ? fwrite(data, 1, size, f) : 0;
  return (fclose(f) == 0 && put == size) ? 0 : -1;
}

/* lede_article_parse() on the bytes (as a .txt file, with and without a
 * default source), on their UTF-8 conversion when they are UTF-16 or 8-bit
 * text, then lede_article_read() on them as a .jsonl file: every
 * string valid UTF-8, ids 16 hex digits, dates real, spans in order and
 * inside the buffer, and the --dry-run JSON valid. */
static inline const char *fuzz_check_article(const uint8_t *data, size_t size) {
  const char *buf = (const char *)data;
  const char *why = NULL;
  for (int pass = 0; pass < 2 && !why; pass++) {
    lede_article_t *a = NULL;
    if (lede_article_parse(&a, buf, size, "fuzz/article.txt", pass ? "wire" : NULL) != LEDE_OK)
      return "lede_article_parse failed on content";
    why = fz_article_ok(a, size);
    lede_article_free(a);
  }
  if (why)
    return why;

  /* Text that is not UTF-8 (lib/encoding.c): what it is converted to is
   * UTF-8 (NUL bytes aside: UTF-16 may encode U+0000) and reads as an
   * article with spans inside it. */
  size_t clen;
  char *conv = ledei_text_to_utf8(buf, size, &clen, NULL);
  if (conv) {
    for (size_t i = 0; i < clen && !why; i++) {
      uint32_t cp;
      size_t k = conv[i] ? ledei_utf8_decode(&cp, conv + i, clen - i) : 1;
      if (k == 0)
        why = "ledei_text_to_utf8 wrote invalid UTF-8";
      else
        i += k - 1;
    }
    lede_article_t *a = NULL;
    if (!why && lede_article_parse(&a, conv, clen, "fuzz/article.txt", NULL) != LEDE_OK)
      why = "lede_article_parse failed on converted text";
    if (!why)
      why = fz_article_ok(a, clen);
    lede_article_free(a);
    free(conv);
  }
  if (why)
    return why;

  char path[128];
  snprintf(path, sizeof path, "%s/records.jsonl", fz_scratch());
  if (fz_write_file(path, data, size) != 0)
    return NULL; /* the scratch folder is full or gone: not lede's fault */
  lede_article_t **arts = NULL;
  size_t n = 0, bad = 0;
  if (lede_article_read(&arts, &n, &bad, path, NULL) != LEDE_OK)
    return "lede_article_read failed on a readable file";
  if (bad && !*lede_last_error())
    why = "malformed JSONL lines without a reason";
  for (size_t i = 0; i < n && !why; i++) {
    why = fz_article_ok(arts[i], 0);
    for (size_t k = 0; k < i && !why; k++)
      if (strcmp(arts[k]->id, arts[i]->id) == 0)
        why = "two JSONL records share an article id";
  }
  lede_articles_free(arts, n);
  return why;
}

/* ------------------------------------------------------------------ */
/* Web pages                                                           */
/* ------------------------------------------------------------------ */

/* A web page (lib/html.c, lib/extract.c): the article passes
 * fz_article_ok() with spans inside the page; the extracted text is valid
 * UTF-8 and every byte of it maps to bytes inside the page, in order of
 * their start. */
static inline const char *fuzz_check_html(const uint8_t *data, size_t size) {
  const char *buf = (const char *)data;
  lede_article_t **arts = NULL;
  size_t n = 0, bad = 0;
  if (ledei_article_parse_file_bytes(&arts, &n, &bad, buf, size, "fuzz/page.html", NULL) !=
          LEDE_OK ||
      n != 1)
    return "a web page did not give one article";
  const char *why = fz_article_ok(arts[0], size);
  lede_articles_free(arts, n);
  if (why)
    return why;
  html_extract_t x;
  if (!html_extract(&x, buf, size))
    return "html_extract refused a page within the size limit";
  if (!fz_str_ok(x.text) || strlen(x.text) != x.len)
    why = "extracted text is not valid UTF-8 or holds a NUL";
  for (size_t i = 0; i < x.len && !why; i++)
    if (x.src_start[i] > x.src_end[i] || x.src_end[i] > size)
      why = "extracted text maps outside the page";
  html_extract_free(&x);
  return why;
}

/* ------------------------------------------------------------------ */
/* Mail and PDF                                                        */
/* ------------------------------------------------------------------ */

/* The articles of a mail or PDF reader: fields as fz_fields_ok(), distinct
 * ids, sentences non-empty valid UTF-8 with spans inside the file (a
 * message's body span may repeat; a PDF's spans are 0, 0); a failure
 * says why. */
static inline const char *fz_read_as(const char *buf, size_t size, const char *path) {
  lede_article_t **arts = NULL;
  size_t n = 0, bad = 0;
  lede_status_t rc = ledei_article_parse_file_bytes(&arts, &n, &bad, buf, size, path, NULL);
  const char *why = NULL;
  if (rc != LEDE_OK && (n || !*lede_last_error()))
    why = "a refused file gave articles or no reason";
  if (bad && !*lede_last_error())
    why = "damaged mail without a reason";
  for (size_t k = 0; k < n && !why; k++) {
    const lede_article_t *a = arts[k];
    why = fz_fields_ok(a);
    for (size_t i = 0; i < k && !why; i++)
      if (strcmp(arts[i]->id, a->id) == 0)
        why = "two articles of a file share an id";
    for (size_t i = 0; i < a->nsentences && !why; i++) {
      const lede_sentence_t *s = &a->sentences[i];
      if (!s->text || !*s->text || !fz_str_ok(s->text))
        why = "sentence text empty or not valid UTF-8";
      else if (s->start > s->end || s->end > size)
        why = "sentence span reversed or outside the file";
    }
    if (!why)
      why = fz_json_ok(a);
  }
  lede_articles_free(arts, n);
  return why;
}

/* E-mail (lib/mail.c): the bytes read as a message and as an mbox. */
static inline const char *fuzz_check_mail(const uint8_t *data, size_t size) {
  const char *why = fz_read_as((const char *)data, size, "fuzz/message.eml");
  return why ? why : fz_read_as((const char *)data, size, "fuzz/box.mbox");
}

/* PDF (lib/pdf.c): the file read as a PDF; and pdf_join_hyphens() keeps
 * valid UTF-8 valid and never lengthens text. */
static inline const char *fuzz_check_pdf(const uint8_t *data, size_t size) {
  const char *why = fz_read_as((const char *)data, size, "fuzz/file.pdf");
  if (why)
    return why;
  char *t = ledei_utf8_sanitize((const char *)data, size);
  size_t n = strlen(t);
  size_t m = pdf_join_hyphens(t, n);
  if (m > n || strlen(t) != m || !fz_str_ok(t))
    why = "joining hyphens broke the text";
  free(t);
  return why;
}

/* ------------------------------------------------------------------ */
/* Feeds                                                               */
/* ------------------------------------------------------------------ */

/* The input as a feed file (lib/feed.c): it reads (or is "not a feed")
 * and every item is an article whose fields are valid UTF-8, whose id is
 * 16 hex digits and unique in the file, whose date is a calendar day, and
 * whose sentences are non-empty valid UTF-8 with spans inside the file
 * (an item's sentences may share its content's span, so they are not
 * checked for order); the --dry-run JSON parses back. A feed date the
 * date reader accepts is a calendar day. */
static inline const char *fuzz_check_feed(const uint8_t *data, size_t size) {
  const char *buf = (const char *)data, *why = NULL;
  lede_article_t **arts = NULL;
  size_t n = 0, bad = 0;
  lede_status_t rc =
      ledei_article_parse_file_bytes(&arts, &n, &bad, buf, size, "fuzz/feed.rss", NULL);
  if (rc != LEDE_OK && rc != LEDE_ERR_INVALID)
    return "a feed failed with something else than 'not a feed'";
  if (rc != LEDE_OK && n)
    why = "a refused feed gave articles";
  for (size_t i = 0; i < n && !why; i++) {
    const lede_article_t *a = arts[i];
    if (!fz_is_hex16(a->id))
      why = "item id is not 16 hex digits";
    else if (!fz_str_ok(a->title) || !fz_str_ok(a->source) || !fz_str_ok(a->url) || !a->source)
      why = "item field is not valid UTF-8, or no source";
    else if (a->date && !fz_is_calendar_date(a->date))
      why = "item date is not a calendar date";
    for (size_t k = 0; k < a->nmeta && !why; k++)
      if (!fz_str_ok(a->meta[k].key) || !fz_str_ok(a->meta[k].value))
        why = "item meta is not valid UTF-8";
    for (size_t k = 0; k < a->nsentences && !why; k++) {
      const lede_sentence_t *s = &a->sentences[k];
      if (!s->text || !*s->text || !fz_str_ok(s->text))
        why = "item sentence empty or not valid UTF-8";
      else if (s->start > s->end || s->end > size)
        why = "item sentence span outside the file";
    }
    for (size_t k = 0; k < i && !why; k++)
      if (strcmp(arts[k]->id, a->id) == 0)
        why = "two items of a feed share an id";
    if (!why) {
      cJSON *j = ledei_article_to_json(a);
      why = fz_json_roundtrip(j);
      cJSON_Delete(j);
    }
  }
  lede_articles_free(arts, n);
  char *s = ledei_xstrndup(buf, size < 64 ? size : 64), day[11];
  if (!why && ledei_feed_date(day, s) && !fz_is_calendar_date(day))
    why = "ledei_feed_date accepted a day that is not a calendar date";
  free(s);
  return why;
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */
/* ------------------------------------------------------------------ */

/* ledei_date_parse(): when it accepts, the output is a real calendar date in
 * YYYY-MM-DD form, parsing that again gives the same date, and a second call
 * on the same input agrees. */
static inline const char *fuzz_check_date(const uint8_t *data, size_t size) {
  char out[11], again[11], iso[11];
  memset(out, 'x', sizeof out);
  int ok = ledei_date_parse(out, (const char *)data, size);
  if (ok != 0 && ok != 1)
    return "ledei_date_parse returned neither 0 nor 1";
  if (!ok)
    return NULL;
  if (memchr(out, '\0', sizeof out) == NULL)
    return "date output not NUL-terminated";
  if (!fz_is_calendar_date(out))
    return "accepted date is not a calendar date";
  if (ledei_date_parse(again, (const char *)data, size) != 1 || strcmp(out, again) != 0)
    return "ledei_date_parse is not deterministic";
  if (ledei_date_parse(iso, out, strlen(out)) != 1 || strcmp(out, iso) != 0)
    return "ISO output does not parse back to itself";
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Figures with a unit (lib/figure.c): any text                        */
/* ------------------------------------------------------------------ */

/* A term as figure.h describes it: "U", then what a currency, a number
 * and a unit are spelled with, NUL-terminated inside its buffer. */
static inline int fz_is_figure_term(const char *t) {
  const char *end = memchr(t, '\0', LEDE_FIGURE_TERM);
  if (!end || t[0] != 'U' || end - t < 2)
    return 0;
  for (const char *p = t + 1; p < end; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.'))
      return 0;
  return 1;
}

/* Every figure found lies inside the text, after the previous one, with a
 * well-formed term; the one found at its start is the same figure; the
 * search always moves on. */
static inline const char *fuzz_check_figure(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  size_t at = 0, found = 0;
  lede_figure_t f, again;
  while (ledei_figure_find(&f, text, size, at)) {
    if (f.start < at || f.end <= f.start || f.end > size)
      return "figure outside the text or before where the search started";
    if (!fz_is_figure_term(f.term))
      return "malformed figure term";
    if (f.plain[0] && !fz_is_figure_term(f.plain))
      return "malformed plain figure term";
    if (!ledei_figure_at(&again, text, size, f.start) || again.end != f.end ||
        strcmp(again.term, f.term) != 0)
      return "the figure found is not the one at its start";
    if (++found > size)
      return "more figures than bytes";
    at = f.end;
  }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Query path                                                          */
/* ------------------------------------------------------------------ */

/* The small corpus the query harness searches: varied words (for wildcards
 * and spelling), dates, sources, titles, datelines, non-ASCII text. */
static const char *const fz_articles[] = {
    "---\ntitle: Defense chiefs meet\nsource: Korea Herald\ndate: 2023-11-09\n---\n"
    "SEOUL - The defense ministers of South Korea, the US and Japan will meet. "
    "The last time they gathered was at the Shangri-La Dialogue in Singapore. "
    "Missile warning data will be shared in real time.\n",
    "November 10, 2023\n\nTrilateral drills planned\n\n"
    "WASHINGTON, Nov. 10 (Reuters) - Officials discussed a multi-year plan for drills. "
    "Antony Blinken visited Seoul. \"It is growing and dangerous,\" he said.\n",
    "---\ntitle: Économie\nsource: Le Monde\ndate: 2021-02-28\nlang: fr\n---\n"
    "Les ministres se sont réunis à Paris. Ils ont parlé de l’économie européenne. "
    "Le café coûte 2,50 € — un record.\n",
    "Markets rallied on Friday as oil prices fell. Investors bought shares in "
    "banks, airlines and retailers. Analysts expect volatility.\n\n"
    "Dr. Smith said the U.S. economy grew 3.2% in the quarter.\n",
    "---\nsource: wire\ndate: 1999-12-31\n---\n"
    "东京 — 日本政府は発表した。 Москва: переговоры продолжаются. "
    "Café, naïve, Zürich, São Paulo and Kraków were named.\n",
    "---\ntitle: Storm\nsource: Korea Herald\ndate: 2024-02-29\n---\n"
    "A storm hit the coast. Thousands lost power. Crews worked overnight; "
    "power was restored by Sunday. Storms, stormed, storming: all forms appear.\n",
};

/* The query harness's index and its reader, built once. */
static lede_db_t *fz_db;
static lede_stemmer_t *fz_stemmer;

/* Builds the query harness's index in the scratch folder and opens it for
 * reading. Aborts when that fails: every later check would be meaningless. */
static inline void fuzz_query_setup(void) {
  char dir[128];
  snprintf(dir, sizeof dir, "%s/index", fz_scratch());
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  wo.language = "english";
  lede_db_t *w = NULL;
  if (lede_db_open_write(&w, dir, &wo) != LEDE_OK) {
    fprintf(stderr, "fuzz_query_setup: %s\n", lede_last_error());
    abort();
  }
  for (size_t i = 0; i < sizeof fz_articles / sizeof *fz_articles; i++) {
    char path[64];
    snprintf(path, sizeof path, "corpus/article-%zu.txt", i);
    lede_article_t *a = NULL;
    if (lede_article_parse(&a, fz_articles[i], strlen(fz_articles[i]), path, NULL) != LEDE_OK ||
        lede_db_put_article(w, a) != LEDE_OK) {
      fprintf(stderr, "fuzz_query_setup: %s\n", lede_last_error());
      abort();
    }
    lede_article_free(a);
  }
  if (lede_db_commit(w) != LEDE_OK) {
    fprintf(stderr, "fuzz_query_setup: %s\n", lede_last_error());
    abort();
  }
  lede_db_close(w);
  if (lede_db_open_read(&fz_db, dir) != LEDE_OK ||
      ledei_stemmer_open(&fz_stemmer, lede_db_language(fz_db)) != LEDE_OK) {
    fprintf(stderr, "fuzz_query_setup: %s\n", lede_last_error());
    abort();
  }
}

/* Releases what fuzz_query_setup() opened. */
static inline void fuzz_query_teardown(void) {
  ledei_stemmer_close(fz_stemmer);
  lede_db_close(fz_db);
  fz_stemmer = NULL;
  fz_db = NULL;
}

/* Splits [p, end) at the next NUL byte into a malloc'd string; advances p. */
static inline char *fz_take_field(const char **p, const char *end) {
  const char *s = *p;
  const char *z = memchr(s, '\0', (size_t)(end - s));
  size_t n = z ? (size_t)(z - s) : (size_t)(end - s);
  *p = z ? z + 1 : end;
  return ledei_xstrndup(s, n);
}

/* Renders res in format fmt into memory; returns the malloc'd output. The
 * warning and the no-hits note go to stderr in lede-query; they are left out
 * here so a fuzzing run's log stays readable. */
static inline char *fz_render(const lede_results_t *res, render_format_t fmt, int color,
                              size_t max_chars) {
  lede_results_t quiet = *res;
  quiet.warning = NULL;
  if (fmt == RENDER_TEXT && res->nhits == 0)
    return ledei_xstrdup("");
  char *mem = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&mem, &len);
  if (!f)
    abort();
  render_opts_t ro = {.format = fmt, .color = color, .stemmer = fz_stemmer, .max_chars = max_chars};
  render_results(f, &quiet, &ro);
  fclose(f);
  return mem;
}

/* The query path on one input. Input layout: 4 option bytes (limit, offset,
 * context, flags: sort, per-article, colour, width), then NUL-separated
 * fields: query, since, until, and sources (comma-separated). Checks: the
 * search succeeds or fails with a message; hits are ranked from offset+1;
 * their strings, the suggestion and the warning are valid UTF-8 (lede.h:
 * all strings are UTF-8; only the query is echoed as given); highlight spans lie inside the text;
 * the JSON document (ledei_results_to_json, and lede-query's --json / --jsonl renderers) is valid
 * UTF-8 and parses with cJSON; text output is valid UTF-8. */
static inline const char *fuzz_check_query(const uint8_t *data, size_t size) {
  if (!fz_db)
    fuzz_query_setup();
  uint8_t opt[4] = {0, 0, 0, 0};
  size_t k = size < 4 ? size : 4;
  memcpy(opt, data, k);
  const char *p = (const char *)data + k, *end = (const char *)data + size;
  char *query = fz_take_field(&p, end);
  char *since = p < end ? fz_take_field(&p, end) : NULL;
  char *until = p < end ? fz_take_field(&p, end) : NULL;
  char *srcs = p < end ? fz_take_field(&p, end) : NULL;
  const char *sources[9] = {0};
  size_t nsources = 0;
  for (char *s = srcs, *tok; s && nsources < 8; s = tok ? tok + 1 : NULL) {
    tok = strchr(s, ',');
    if (tok)
      *tok = '\0';
    sources[nsources++] = s;
  }

  lede_search_opts_t so = LEDE_SEARCH_OPTS_INIT;
  so.query = query;
  so.limit = opt[0] % 25;
  so.offset = opt[1] % 12;
  so.context = opt[2] % 4;
  so.sort = (opt[3] & 1) ? LEDE_SORT_DATE : LEDE_SORT_RELEVANCE;
  so.per_article = (opt[3] >> 1) & 3;
  so.since = since && *since ? since : NULL;
  so.until = until && *until ? until : NULL;
  so.sources = nsources ? sources : NULL;

  const char *why = NULL;
  lede_results_t *res = NULL;
  lede_status_t st = lede_db_search(&res, fz_db, &so);
  if (st != LEDE_OK) {
    if (!*lede_last_error())
      why = "search failed without a message";
  } else {
    if (res->nhits > (so.limit ? so.limit : 10))
      why = "more hits than the limit";
    else if (!fz_str_ok(res->suggestion))
      why = "the spelling suggestion is not valid UTF-8";
    else if (!fz_str_ok(res->warning))
      why = "the warning is not valid UTF-8";
    for (size_t i = 0; i < res->nhits && !why; i++) {
      const lede_hit_t *h = &res->hits[i];
      if (h->rank != so.offset + i + 1)
        why = "hit ranks are not consecutive from offset + 1";
      else if (!h->text || !fz_str_ok(h->text) || !fz_str_ok(h->source) || !fz_str_ok(h->title) ||
               !fz_str_ok(h->path) || !fz_str_ok(h->place))
        why = "hit string is not valid UTF-8";
      else if (h->date && !fz_is_calendar_date(h->date))
        why = "hit date is not a calendar date";
      else if (h->nbefore > so.context || h->nafter > so.context)
        why = "more context sentences than asked for";
      if (why)
        break;
      lede_span_t *m = NULL;
      size_t nm = 0;
      if (ledei_highlight(&m, &nm, h->text, (const char *const *)res->terms,
                          (const char *const *)res->phrases, fz_stemmer) == LEDE_OK) {
        size_t tl = strlen(h->text), prev = 0;
        for (size_t j = 0; j < nm && !why; j++) {
          if (m[j].start >= m[j].end || m[j].end > tl || m[j].start < prev)
            why = "highlight span outside the text or out of order";
          prev = m[j].end;
        }
      }
      free(m);
    }
    if (!why) {
      cJSON *j = ledei_results_to_json(res);
      why = fz_json_roundtrip(j);
      if (!why && cJSON_GetArraySize(cJSON_GetObjectItem(j, "hits")) != (int)res->nhits)
        why = "JSON hits array has the wrong length";
      cJSON_Delete(j);
    }
    if (!why) {
      char *out = fz_render(res, RENDER_JSON, 0, 0);
      cJSON *back = cJSON_Parse(out);
      if (!ledei_utf8_valid(out, strlen(out)) || !back)
        why = "--json output is not valid UTF-8 JSON";
      cJSON_Delete(back);
      free(out);
    }
    if (!why) {
      char *out = fz_render(res, RENDER_JSONL, 0, 0);
      size_t lines = 0;
      for (char *line = out, *nl; !why && *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl) {
          why = "--jsonl output does not end with a newline";
          break;
        }
        *nl = '\0';
        cJSON *back = cJSON_Parse(line);
        if (!back || !ledei_utf8_valid(line, strlen(line)))
          why = "--jsonl line is not valid UTF-8 JSON";
        cJSON_Delete(back);
        lines++;
      }
      if (!why && lines != res->nhits)
        why = "--jsonl output does not have one line per hit";
      free(out);
    }
    if (!why) {
      size_t width = (opt[3] >> 4) & 3 ? (size_t)(20 << ((opt[3] >> 4) & 3)) : 0;
      char *out = fz_render(res, RENDER_TEXT, (opt[3] >> 3) & 1, width);
      if (!ledei_utf8_valid(out, strlen(out)))
        why = "text output is not valid UTF-8";
      free(out);
    }
  }
  lede_results_free(res);
  free(query), free(since), free(until), free(srcs);
  return why;
}

#endif
