/*
 * highlight.c - finds the words of a sentence that a query matched.
 *
 * Words are split the way Xapian's TermGenerator splits them, with Xapian's
 * own character classes (so lede-query needs no ICU at run time): runs of
 * word characters, with an apostrophe (' or U+2019) kept between two of
 * them. A word matches when its lower-cased form is one
 * of the query's plain terms or its stem is one of the query's Z-terms.
 */
#include "lede_private.h"

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
    /* Collect the word, lower-casing as we go. */
    size_t wl = 0;
    int32_t end = i;
    int32_t pos = start;
    for (;;) {
      int32_t before = pos;
      UChar32 d = next_cp(text, &pos, n);
      if (ledei_unicode_is_wordchar(d)) {
        UChar32 lc = (UChar32)ledei_unicode_tolower(d);
        UBool err = 0;
        U8_APPEND((uint8_t *)word, wl, len * 2 + 4, lc, err);
        (void)err;
        end = pos;
      } else if (is_apostrophe(d) && pos < n) {
        int32_t peek = pos;
        UChar32 e = next_cp(text, &peek, n);
        if (!ledei_unicode_is_wordchar(e)) {
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
    if (match) {
      if (count == cap) {
        cap = cap ? cap * 2 : 8;
        spans = ledei_xrealloc(spans, cap * sizeof *spans);
      }
      spans[count].start = (size_t)start;
      spans[count].end = (size_t)end;
      count++;
    }
  }
  free(word);
  free(zterm);
  *out = spans;
  *out_count = count;
  return LEDE_OK;
}
