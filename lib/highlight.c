/*
 * highlight.c - finds the words of a sentence that a query matched.
 *
 * Words are split the way Xapian's TermGenerator splits them, with Xapian's
 * own character classes (so lede-query needs no ICU at run time): runs of
 * word characters, with an apostrophe (' or U+2019) kept between two of
 * them. A word matches when its lower-cased form is one
 * of the query's plain terms or its stem is one of the query's Z-terms.
 * A figure with a unit whose term the query has ("£600m", "76%": see
 * figure.h) is marked whole, symbol and unit included.
 * A run of CJK characters is a word of its own (as lede indexes it, in
 * n-grams) and is marked where a run of the query ("Z" + the run) occurs
 * inside it: 미사일 in 미사일을.
 */
#include "lede_private.h"

#include "figure.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

/* 1 when term is in the NULL-terminated list. */
static int has_term(const char *const *terms, const char *term) {
  for (const char *const *t = terms; *t; t++)
    if (strcmp(*t, term) == 0)
      return 1;
  return 0;
}

/* Reads the code point at text[*i] (advancing *i); invalid bytes read as
 * U+FFFD, which is not a word character. */
static UChar32 next_cp(const char *text, int32_t *i, int32_t len) {
  UChar32 c;
  U8_NEXT((const uint8_t *)text, *i, len, c);
  return c < 0 ? 0xFFFD : c;
}

static int is_apostrophe(UChar32 c) {
  return c == '\'' || c == 0x2019;
}

static void add_span(lede_span_t **spans, size_t *count, size_t *cap, size_t start, size_t end) {
  if (*count == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    *spans = ledei_xrealloc(*spans, *cap * sizeof **spans);
  }
  (*spans)[*count].start = start;
  (*spans)[*count].end = end;
  (*count)++;
}

static int cmp_span(const void *a, const void *b) {
  const lede_span_t *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* Adds the figures of text whose term is in terms, then sorts the spans
 * and joins those that overlap (a figure's words inside it). */
static void add_figures(lede_span_t **spans, size_t *count, size_t *cap, const char *text,
                        size_t len, const char *const *terms) {
  lede_figure_t f;
  size_t before = *count;
  for (size_t at = 0; ledei_figure_find(&f, text, len, at); at = f.end)
    if (has_term(terms, f.term) || (f.plain[0] && has_term(terms, f.plain)))
      add_span(spans, count, cap, f.start, f.end);
  if (*count == before)
    return;
  qsort(*spans, *count, sizeof **spans, cmp_span);
  size_t k = 0;
  for (size_t i = 1; i < *count; i++) {
    if ((*spans)[i].start < (*spans)[k].end) {
      if ((*spans)[i].end > (*spans)[k].end)
        (*spans)[k].end = (*spans)[i].end;
    } else {
      (*spans)[++k] = (*spans)[i];
    }
  }
  *count = k + 1;
}

/* The spans of text[start, end), a run of CJK characters, where a CJK term
 * ("Z" + characters) occurs, overlapping places merged. (UTF-8 is
 * self-synchronising: a match always starts on a character.) */
static void mark_cjk(lede_span_t **spans, size_t *count, size_t *cap, const char *text,
                     int32_t start, int32_t end, const char *const *terms) {
  size_t n = (size_t)(end - start);
  char *on = ledei_xcalloc(n, 1);
  for (const char *const *t = terms; *t; t++) {
    const char *w = *t + 1;
    size_t wl = strlen(w);
    int32_t k = 0;
    if ((*t)[0] != 'Z' || wl == 0 || wl > n ||
        !ledei_unicode_is_cjk((uint32_t)next_cp(w, &k, (int32_t)wl)))
      continue;
    for (size_t at = 0; at + wl <= n; at++)
      if (memcmp(text + start + at, w, wl) == 0)
        memset(on + at, 1, wl);
  }
  for (size_t at = 0; at < n;) {
    if (!on[at]) {
      at++;
      continue;
    }
    size_t from = at;
    while (at < n && on[at])
      at++;
    add_span(spans, count, cap, (size_t)start + from, (size_t)start + at);
  }
  free(on);
}

lede_status_t ledei_highlight(lede_span_t **out, size_t *out_count, const char *text,
                              const char *const *terms, lede_stemmer_t *stemmer) {
  *out = NULL;
  *out_count = 0;
  size_t len = strlen(text);
  if (len > INT32_MAX)
    return ledei_error(LEDE_ERR_INVALID, "text too long to highlight");
  int32_t n = (int32_t)len;
  size_t cap = 0, count = 0;
  lede_span_t *spans = NULL;
  char *word = ledei_xmalloc(len * 2 + 8);
  char *zterm = ledei_xmalloc(len * 2 + 8);
  int32_t i = 0;
  while (i < n) {
    int32_t start = i;
    UChar32 c = next_cp(text, &i, n);
    if (!ledei_unicode_is_wordchar(c))
      continue;
    if (ledei_unicode_is_cjk((uint32_t)c)) {
      int32_t end = i;
      for (int32_t next = i; next < n && ledei_unicode_is_cjk((uint32_t)next_cp(text, &next, n));)
        end = next;
      mark_cjk(&spans, &count, &cap, text, start, end, terms);
      i = end;
      continue;
    }
    /* Collect the word, lower-casing as we go. */
    size_t wl = 0;
    int32_t end = i;
    int32_t pos = start;
    for (;;) {
      int32_t before = pos;
      UChar32 d = next_cp(text, &pos, n);
      if (ledei_unicode_is_wordchar(d) && !ledei_unicode_is_cjk((uint32_t)d)) {
        UChar32 lc = (UChar32)ledei_unicode_tolower(d);
        UBool err = 0;
        U8_APPEND((uint8_t *)word, wl, len * 2 + 4, lc, err);
        (void)err;
        end = pos;
      } else if (is_apostrophe(d) && pos < n) {
        int32_t peek = pos;
        UChar32 e = next_cp(text, &peek, n);
        if (!ledei_unicode_is_wordchar(e) || ledei_unicode_is_cjk((uint32_t)e)) {
          pos = before;
          break;
        }
        word[wl++] = '\'';
      } else {
        pos = before;
        break;
      }
      if (pos >= n)
        break;
    }
    word[wl] = '\0';
    i = end > i ? end : i;
    int match = has_term(terms, word);
    if (!match && stemmer) {
      char *stem = ledei_stemmer_stem(stemmer, word, wl);
      zterm[0] = 'Z';
      strcpy(zterm + 1, stem);
      match = has_term(terms, zterm);
      free(stem);
    }
    if (match)
      add_span(&spans, &count, &cap, (size_t)start, (size_t)end);
  }
  free(word);
  free(zterm);
  add_figures(&spans, &count, &cap, text, len, terms);
  *out = spans;
  *out_count = count;
  return LEDE_OK;
}
