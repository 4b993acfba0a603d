/*
 * highlight.c - finds the words of a sentence that a query matched.
 *
 * Words are split the way Xapian's TermGenerator splits them, with Xapian's
 * own character classes (so lede-query needs no ICU at run time): runs of
 * word characters, with an apostrophe (' or U+2019) kept between two of
 * them, and a zero-width space, joiner or non-joiner, word joiner or
 * U+FEFF between two of them ignored; initials ("U.S.") are one word of
 * their letters. As lede has Xapian read text (ledei_words_text()), soft
 * hyphens are not there and a space grouping a number's digits is a
 * comma. A word matches
 * when its lower-cased form is one
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

/* 1 when term is in the NULL-terminated list. */
static int has_term(const char *const *terms, const char *term) {
  for (const char *const *t = terms; *t; t++)
    if (strcmp(*t, term) == 0)
      return 1;
  return 0;
}

/* Reads the code point at text[*i] (advancing *i); an invalid byte reads
 * as U+FFFD, which is not a word character. */
static uint32_t next_cp(const char *text, size_t *i, size_t len) {
  uint32_t c;
  size_t k = ledei_utf8_decode(&c, text + *i, len - *i);
  *i += k ? k : 1;
  return c;
}

static int is_apostrophe(uint32_t c) {
  return c == '\'' || c == 0x2019;
}

/* The characters Xapian's TermGenerator ignores between two word
 * characters ("zero\u200Bwidth" is "zerowidth"). */
static int is_ignored_infix(uint32_t c) {
  return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

/* 1 when the character at text[i] is a word character that goes on a
 * word of other letters (not CJK, which are words of their own). */
static int goes_on(const char *text, size_t i, size_t n) {
  if (i >= n)
    return 0;
  uint32_t c = next_cp(text, &i, n);
  return ledei_unicode_is_wordchar(c) && !ledei_unicode_is_cjk(c);
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

/* Sorts the spans and joins those that overlap. */
static void join_spans(lede_span_t **spans, size_t *count) {
  if (*count == 0)
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

/* Adds the figures of text whose term is in terms, then sorts the spans
 * and joins those that overlap (a figure's words inside it). */
static void add_figures(lede_span_t **spans, size_t *count, size_t *cap, const char *text,
                        size_t len, const char *const *terms) {
  lede_figure_t f;
  size_t before = *count;
  for (size_t at = 0; ledei_figure_find(&f, text, len, at); at = f.end)
    if (has_term(terms, f.term) || (f.plain[0] && has_term(terms, f.plain)))
      add_span(spans, count, cap, f.start, f.end);
  if (*count > before)
    join_spans(spans, count);
}

/* The spans of text[start, end), a run of CJK characters, where a CJK term
 * ("Z" + characters) occurs, overlapping places merged. (UTF-8 is
 * self-synchronising: a match always starts on a character.) */
static void mark_cjk(lede_span_t **spans, size_t *count, size_t *cap, const char *text,
                     size_t start, size_t end, const char *const *terms) {
  size_t n = end - start;
  char *on = ledei_xcalloc(n, 1);
  for (const char *const *t = terms; *t; t++) {
    const char *w = *t + 1;
    size_t wl = strlen(w);
    size_t k = 0;
    if ((*t)[0] != 'Z' || wl == 0 || wl > n || !ledei_unicode_is_cjk(next_cp(w, &k, wl)))
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
    add_span(spans, count, cap, start + from, start + at);
  }
  free(on);
}

static int ascii_upper(char c) {
  return c >= 'A' && c <= 'Z';
}

/* When text[start] begins initials (two or more capital letters, each
 * but the last followed by a dot: "U.S.", "U.K"), writes their letters
 * lower-cased to word and returns where they end (past a last dot);
 * else 0. Not initials when a letter or digit follows ("U.Sx"). */
static size_t acronym(const char *text, size_t start, size_t n, char *word) {
  size_t p = start, letters = 0;
  while (p < n && ascii_upper(text[p])) {
    word[letters++] = (char)(text[p] - 'A' + 'a');
    p++;
    if (p >= n || text[p] != '.')
      break;
    p++;
    if (p >= n || !ascii_upper(text[p]))
      break;
  }
  word[letters] = '\0';
  if (letters < 2)
    return 0;
  size_t after = p;
  if (after < n && ledei_unicode_is_wordchar(next_cp(text, &after, n)))
    return 0;
  return p;
}

/* 1 when word (lower-cased, wl bytes) is one of terms, or its stem one of
 * their Z-terms; zterm is room for "Z" + the stem. */
static int matches(const char *word, size_t wl, const char *const *terms, lede_stemmer_t *stemmer,
                   char *zterm) {
  if (has_term(terms, word))
    return 1;
  if (!stemmer)
    return 0;
  char *stem = ledei_stemmer_stem(stemmer, word, wl);
  zterm[0] = 'Z';
  strcpy(zterm + 1, stem);
  free(stem);
  return has_term(terms, zterm);
}

/* A word of the text, for phrases: where it is and the terms it stands
 * for (lower-cased as written, and "Z" + its stem). */
typedef struct {
  size_t start, end;
  char *plain, *zterm;
} word_t;

/* 1 when the n terms of phrase (separated by spaces) are the words at w. */
static int phrase_at(const char *phrase, const word_t *w, size_t n) {
  const char *t = phrase;
  for (size_t k = 0; k < n; k++) {
    size_t tl = strcspn(t, " ");
    int one = (strlen(w[k].plain) == tl && memcmp(w[k].plain, t, tl) == 0) ||
              (w[k].zterm && strlen(w[k].zterm) == tl && memcmp(w[k].zterm, t, tl) == 0);
    if (!one)
      return 0;
    t += tl + (t[tl] == ' ');
  }
  return 1;
}

/* Appends the word [start, end) (lower-cased: word) to *words. */
static void keep_word(word_t **words, size_t *n, size_t *cap, size_t start, size_t end,
                      const char *word, lede_stemmer_t *stemmer) {
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 16;
    *words = ledei_xrealloc(*words, *cap * sizeof **words);
  }
  word_t *w = &(*words)[(*n)++];
  w->start = start;
  w->end = end;
  w->plain = ledei_xstrdup(word);
  w->zterm = NULL;
  if (stemmer) {
    char *stem = ledei_stemmer_stem(stemmer, word, strlen(word));
    size_t sl = strlen(stem);
    w->zterm = ledei_xmalloc(sl + 2);
    w->zterm[0] = 'Z';
    memcpy(w->zterm + 1, stem, sl + 1);
    free(stem);
  }
}

/* Marks each place where a phrase's words stand one after the other. */
static void mark_phrases(lede_span_t **spans, size_t *count, size_t *cap, const word_t *words,
                         size_t nwords, const char *const *phrases) {
  for (const char *const *p = phrases; p && *p; p++) {
    size_t n = 1;
    for (const char *c = *p; *c; c++)
      n += *c == ' ';
    for (size_t i = 0; i + n <= nwords; i++)
      if (phrase_at(*p, words + i, n))
        for (size_t k = i; k < i + n; k++)
          add_span(spans, count, cap, words[k].start, words[k].end);
  }
}

lede_status_t ledei_highlight(lede_span_t **out, size_t *out_count, const char *text,
                              const char *const *terms, const char *const *phrases,
                              lede_stemmer_t *stemmer) {
  *out = NULL;
  *out_count = 0;
  size_t len = strlen(text), n = len;
  size_t cap = 0, count = 0;
  lede_span_t *spans = NULL;
  char *word = ledei_xmalloc(len * 2 + 8);
  char *zterm = ledei_xmalloc(len * 2 + 8);
  /* The words in order, kept only when there is a phrase to look for. */
  int keep = phrases && phrases[0];
  word_t *words = NULL;
  size_t nwords = 0, words_cap = 0;
  size_t i = 0;
  while (i < n) {
    size_t start = i;
    uint32_t c = next_cp(text, &i, n);
    if (!ledei_unicode_is_wordchar(c))
      continue;
    if (ledei_unicode_is_cjk(c)) {
      size_t end = i;
      for (size_t next = i; next < n && ledei_unicode_is_cjk(next_cp(text, &next, n));)
        end = next;
      mark_cjk(&spans, &count, &cap, text, start, end, terms);
      i = end;
      continue;
    }
    /* Initials ("U.S.", "U.K"): one word of their letters, as Xapian's
     * TermGenerator and QueryParser make them ("us"), dots included. */
    size_t acro = acronym(text, start, n, word);
    if (acro) {
      if (matches(word, strlen(word), terms, stemmer, zterm))
        add_span(&spans, &count, &cap, start, acro);
      if (keep)
        keep_word(&words, &nwords, &words_cap, start, acro, word, stemmer);
      i = acro;
      continue;
    }
    /* Collect the word, lower-casing as we go. */
    size_t wl = 0;
    size_t end = i;
    size_t pos = start;
    for (;;) {
      size_t before = pos;
      uint32_t d = next_cp(text, &pos, n);
      size_t group;
      if (ledei_unicode_is_wordchar(d) && !ledei_unicode_is_cjk(d)) {
        /* A lower-cased letter is at most twice as long: word has room. */
        wl += ledei_utf8_encode(word + wl, ledei_unicode_tolower(d));
        end = pos;
      } else if (d == 0xAD) { /* soft hyphens: not read (ledei_words_text()) */
        while (pos + 1 < n && (unsigned char)text[pos] == 0xC2 &&
               (unsigned char)text[pos + 1] == 0xAD)
          pos += 2;
        if (!goes_on(text, pos, n)) {
          pos = before;
          break;
        }
      } else if (is_ignored_infix(d) && goes_on(text, pos, n)) {
        /* ignored, as Xapian does */
      } else if (wl > 0 && word[wl - 1] >= '0' && word[wl - 1] <= '9' &&
                 (group = ledei_group_space(text, n, before)) != 0) {
        word[wl++] = ','; /* "5 500" is read "5,500" (ledei_words_text()) */
        pos = before + group;
      } else if (is_apostrophe(d) && pos < n) {
        size_t peek = pos;
        uint32_t e = next_cp(text, &peek, n);
        /* After an elision ("l'État") the word ends: the next is one of its
         * own, as indexed (ledei_split_elisions()). */
        if (!ledei_unicode_is_wordchar(e) || ledei_unicode_is_cjk(e) ||
            ledei_is_elision(word, wl)) {
          pos = before;
          break;
        }
        word[wl++] = '\'';
      } else if ((d == '.' || d == ',') && wl > 0 && word[wl - 1] >= '0' && word[wl - 1] <= '9' &&
                 pos < n && text[pos] >= '0' && text[pos] <= '9') {
        word[wl++] = (char)d; /* a number's point or comma between digits, as Xapian keeps it */
      } else {
        pos = before;
        break;
      }
      if (pos >= n)
        break;
    }
    word[wl] = '\0';
    i = end > i ? end : i;
    int match = matches(word, wl, terms, stemmer, zterm);
    /* A number glued to its magnitude ("600m") holds the number too, as
     * the index has it (a plain 600 finds it: lib/figure.h). */
    size_t digits = match ? 0 : ledei_figure_number(word, wl);
    if (digits && digits < wl && ledei_figure_magnitude(word + digits, wl - digits, 1)) {
      zterm[0] = 'Z';
      memcpy(zterm + 1, word, digits);
      zterm[digits + 1] = '\0';
      match = has_term(terms, zterm);
    }
    if (match)
      add_span(&spans, &count, &cap, start, end);
    if (keep && wl > 0)
      keep_word(&words, &nwords, &words_cap, start, end, word, stemmer);
  }
  free(word);
  free(zterm);
  if (keep) {
    size_t before = count;
    mark_phrases(&spans, &count, &cap, words, nwords, phrases);
    if (count > before) /* in text order, a word of two phrases once */
      join_spans(&spans, &count);
    for (size_t k = 0; k < nwords; k++) {
      free(words[k].plain);
      free(words[k].zterm);
    }
    free(words);
  }
  add_figures(&spans, &count, &cap, text, len, terms);
  *out = spans;
  *out_count = count;
  return LEDE_OK;
}
