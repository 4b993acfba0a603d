/*
 * signature.c - sentence signatures that tell copies apart (signature.h).
 *
 * The steps mirror scripts/dev/measure-copies, which chose them: drop a
 * leading dateline; split words as the index does (Xapian's word characters,
 * lower-cased), keeping digits joined by . , / : - as one number; hash each
 * word (FNV-1a), each pair of neighbouring words (splitmix64), and keep, for
 * each of 16 multipliers, the smallest product over the pairs: the MinHash
 * value; XORed with a hash of the sentence's distinct figures (numbers,
 * number words, month names) and mixed again, its top 16 bits are stored.
 */
#include "signature.h"

#include "lede_private.h"

#include <stdlib.h>
#include <string.h>

/* splitmix64's finaliser: spreads a word-pair hash over all 64 bits. */
static uint64_t mix64(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

static int is_upper(unsigned char c) {
  return c >= 'A' && c <= 'Z';
}
static int is_lower(unsigned char c) {
  return c >= 'a' && c <= 'z';
}
static int is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

/* The length of a leading dateline ("LONDON (Reuters) - ", "SALVADOR, Feb 26
 * - "): two or more capitals, then within 64 bytes a dash between spaces,
 * with no word starting in lower case before it outside parentheses; else 0.
 * Copies often differ only by one. */
static size_t dateline_length(const unsigned char *s, size_t len) {
  static const char *const dashes[] = {"- ", "-- ", "\xe2\x80\x93 ", "\xe2\x80\x94 "};
  size_t i = 0;
  while (i < len && is_upper(s[i]))
    i++;
  if (i < 2 || (i < len && (s[i] >= 0x80 || is_lower(s[i]) || is_digit(s[i]))))
    return 0;
  int depth = 0;
  for (; i < len && i < 64; i++) {
    unsigned char c = s[i];
    if (c == '(') {
      depth++;
    } else if (c == ')' && depth > 0) {
      depth--;
    } else if (depth == 0 && c == ' ') {
      for (size_t d = 0; d < sizeof dashes / sizeof *dashes; d++) {
        size_t n = strlen(dashes[d]);
        if (len - i - 1 >= n && memcmp(s + i + 1, dashes[d], n) == 0) {
          size_t j = i + 1 + n;
          while (j < len && s[j] == ' ')
            j++;
          return j;
        }
      }
    } else if (depth == 0 && is_lower(c) && (s[i - 1] == ' ' || s[i - 1] == ',')) {
      return 0;
    }
  }
  return 0;
}

/* Words that are figures or dates too: "two billion dlrs", "in June 1986".
 * Not "may" (a verb far more often), nor weekdays ("Monday" becomes "today"
 * in a copy). Sorted for bsearch(). */
static const char *const figure_words[] = {
    "april",     "august", "december", "eight",  "eighty",   "eleven",  "february",
    "fifty",     "five",   "forty",    "four",   "hundred",  "january", "july",
    "june",      "march",  "nine",     "ninety", "november", "october", "one",
    "september", "seven",  "seventy",  "six",    "sixty",    "ten",     "thirty",
    "thousand",  "three",  "twelve",   "twenty", "two",      "zero"};

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_figure_word(const char *word) {
  return bsearch(&word, figure_words, sizeof figure_words / sizeof *figure_words,
                 sizeof *figure_words, compare_strings) != NULL;
}

/* The words of a sentence: each word's hash, and its figures (words with a
 * digit, figure words) as NUL-separated lower-case bytes. */
typedef struct words {
  uint64_t *hash;
  size_t n, cap;
  char *num; /* the numbers, each followed by a NUL */
  size_t num_len;
} words_t;

static void split_words(words_t *w, const unsigned char *s, size_t len) {
  char *word = ledei_xmalloc(4 * len + 1); /* a lower-cased word is at most 4 bytes a byte */
  w->num = ledei_xmalloc(4 * len + 1);
  w->cap = len / 2 + 1;
  w->hash = ledei_xmalloc(w->cap * sizeof *w->hash);
  size_t i = 0;
  while (i < len) {
    size_t wl = 0;
    int digits = 0;
    while (i < len) {
      uint32_t cp;
      size_t n = ledei_utf8_decode(&cp, (const char *)s + i, len - i);
      if (n == 0)
        n = 1; /* an invalid byte: U+FFFD, not a word character */
      if (ledei_unicode_is_wordchar(cp)) {
        wl += ledei_utf8_encode(word + wl, ledei_unicode_tolower(cp));
        digits |= is_digit(s[i]);
        i += n;
      } else if (wl > 0 && is_digit(s[i - 1]) && strchr(".,/:-", s[i]) && i + 1 < len &&
                 is_digit(s[i + 1])) {
        word[wl++] = (char)s[i++]; /* 1,135,000 and 12-1/2 are one number */
      } else {
        i += n;
        if (wl > 0)
          break;
      }
    }
    if (wl == 0)
      continue;
    if (w->n == w->cap) {
      w->cap *= 2;
      w->hash = ledei_xrealloc(w->hash, w->cap * sizeof *w->hash);
    }
    w->hash[w->n++] = ledei_hash64(word, wl);
    word[wl] = '\0';
    if (digits || (wl <= 9 && is_figure_word(word))) {
      memcpy(w->num + w->num_len, word, wl);
      w->num_len += wl;
      w->num[w->num_len++] = '\0';
    }
  }
  free(word);
}

/* FNV-1a of the distinct numbers, sorted, joined by spaces: sentences that
 * differ in a figure are different news, never copies. */
static uint64_t numbers_hash(const words_t *w) {
  size_t n = 0;
  for (size_t i = 0; i < w->num_len; i++)
    n += w->num[i] == '\0';
  const char **list = ledei_xmalloc((n + 1) * sizeof *list);
  n = 0;
  for (size_t i = 0; i < w->num_len; i += strlen(w->num + i) + 1)
    list[n++] = w->num + i;
  qsort(list, n, sizeof *list, compare_strings);
  char *joined = ledei_xmalloc(w->num_len + 1);
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && strcmp(list[i], list[i - 1]) == 0)
      continue;
    if (len > 0)
      joined[len++] = ' ';
    memcpy(joined + len, list[i], strlen(list[i]));
    len += strlen(list[i]);
  }
  uint64_t h = mix64(ledei_hash64(joined, len)); /* FNV-1a alone leaves the top bits alike */
  free(joined);
  free(list);
  return h;
}

int ledei_sentence_signature(lede_signature_t *sig, const char *text, size_t len) {
  memset(sig, 0, sizeof *sig);
  const unsigned char *s = (const unsigned char *)text;
  size_t skip = dateline_length(s, len);
  words_t w = {0};
  split_words(&w, s + skip, len - skip);
  if (w.n >= LEDE_SIG_MIN_WORDS) {
    uint64_t num = numbers_hash(&w);
    uint64_t mins[LEDE_SIG_VALUES];
    uint64_t mult[LEDE_SIG_VALUES];
    for (int k = 0; k < LEDE_SIG_VALUES; k++) {
      mins[k] = UINT64_MAX;
      mult[k] = mix64(0x5167 + (uint64_t)k) | 1;
    }
    for (size_t i = 0; i + 1 < w.n; i++) {
      uint64_t pair = mix64(w.hash[i] + 2 * w.hash[i + 1]);
      for (int k = 0; k < LEDE_SIG_VALUES; k++) {
        uint64_t h = pair * mult[k];
        if (h < mins[k])
          mins[k] = h;
      }
    }
    int zero = 1;
    for (int k = 0; k < LEDE_SIG_VALUES; k++) {
      sig->v[k] = (uint16_t)(mix64(mins[k] ^ num) >> 48);
      zero &= sig->v[k] == 0;
    }
    if (zero) /* all zero means "none"; one in 2^256 */
      sig->v[0] = 1;
  }
  free(w.hash);
  free(w.num);
  return ledei_signature_present(sig);
}

int ledei_signature_present(const lede_signature_t *sig) {
  for (int k = 0; k < LEDE_SIG_VALUES; k++)
    if (sig->v[k] != 0)
      return 1;
  return 0;
}

uint32_t ledei_signature_band(const lede_signature_t *sig, int b) {
  return (uint32_t)sig->v[2 * b] << 16 | sig->v[2 * b + 1];
}

int ledei_signature_same(const lede_signature_t *a, const lede_signature_t *b) {
  if (!ledei_signature_present(a) || !ledei_signature_present(b))
    return 0;
  int equal = 0;
  for (int k = 0; k < LEDE_SIG_VALUES; k++)
    equal += a->v[k] == b->v[k];
  return equal >= LEDE_SIG_SAME;
}

/* A representative's band key in the open-addressing table of
 * ledei_signature_group(). */
typedef struct band_entry {
  uint32_t key;
  int band;
  size_t rep; /* SIZE_MAX: empty slot */
} band_entry_t;

void ledei_signature_group(const lede_signature_t *sigs, size_t n, size_t *rep) {
  size_t cap = 16;
  while (cap < 2 * LEDE_SIG_BANDS * n)
    cap *= 2;
  band_entry_t *table = ledei_xmalloc(cap * sizeof *table);
  for (size_t i = 0; i < cap; i++)
    table[i].rep = SIZE_MAX;
  for (size_t i = 0; i < n; i++) {
    rep[i] = i;
    if (!ledei_signature_present(&sigs[i]))
      continue;
    /* The earliest representative sharing a band and accepted wins. */
    for (int b = 0; b < LEDE_SIG_BANDS; b++) {
      uint32_t key = ledei_signature_band(&sigs[i], b);
      for (size_t slot = mix64(key ^ (uint64_t)b << 32) & (cap - 1); table[slot].rep != SIZE_MAX;
           slot = (slot + 1) & (cap - 1)) {
        const band_entry_t *e = &table[slot];
        if (e->key == key && e->band == b && e->rep < rep[i] &&
            ledei_signature_same(&sigs[i], &sigs[e->rep]))
          rep[i] = e->rep;
      }
    }
    if (rep[i] != i)
      continue;
    for (int b = 0; b < LEDE_SIG_BANDS; b++) {
      uint32_t key = ledei_signature_band(&sigs[i], b);
      size_t slot = mix64(key ^ (uint64_t)b << 32) & (cap - 1);
      while (table[slot].rep != SIZE_MAX)
        slot = (slot + 1) & (cap - 1);
      table[slot] = (band_entry_t){key, b, i};
    }
  }
  free(table);
}

void ledei_signature_encode(const lede_signature_t *sig, unsigned char out[LEDE_SIG_BYTES]) {
  for (int k = 0; k < LEDE_SIG_VALUES; k++) {
    out[2 * k] = (unsigned char)(sig->v[k] >> 8);
    out[2 * k + 1] = (unsigned char)sig->v[k];
  }
}

void ledei_signature_decode(lede_signature_t *sig, const unsigned char in[LEDE_SIG_BYTES]) {
  for (int k = 0; k < LEDE_SIG_VALUES; k++)
    sig->v[k] = (uint16_t)(in[2 * k] << 8 | in[2 * k + 1]);
}
