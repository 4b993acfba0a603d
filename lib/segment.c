/*
 * segment.c - sentence segmentation of news text.
 *
 * A rule-based scanner in two stages, both linear in the input:
 *
 *  1. Layout. The text is cut into lines, and runs of non-blank lines into
 *     blocks. Each block is classed as hard-wrapped (Reuters style: lines of
 *     at most ~100 columns, several of them full and ending mid-sentence) or
 *     not (one paragraph per line, as in lede's own corpus). In a wrapped
 *     block a single newline is a space, except before an indented line, a
 *     list item or a table row, which start a new paragraph. In any other
 *     block a single newline ends a paragraph, except where the line visibly
 *     goes on (see line_joins()). Blank lines always end a paragraph.
 *  2. Sentences. Each paragraph ("region") is scanned for terminal
 *     punctuation (. ? ! and ellipses, with the closing quotes and brackets
 *     that follow them). Whether a period ends a sentence depends on the word
 *     before it (an ordinary word, an abbreviation of one of the classes in
 *     segment_abbrev.h, an initial, a list number) and on what follows (a
 *     lower-case word, a capital, a digit, a common sentence-starting word).
 *
 * docs/segmentation.md lists every rule with its reason and the measured
 * accuracy. Sentences longer than MAX_SENTENCE bytes are cut at a safe point
 * so one run-on line cannot produce a megabyte "sentence".
 */
#include "lede_private.h"
#include "segment_abbrev.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* Longest sentence kept whole; longer ones are cut at a clause boundary or a
 * space (see push_span()). */
#define MAX_SENTENCE 2000

/* Bounds of the look-behind and look-ahead around a candidate boundary: they
 * keep the scanner linear however long a token or line is. */
#define MAX_WORD 64

/* A block whose longest line is longer than this is not hard-wrapped. */
#define MAX_WRAP_WIDTH 100

/* Lines of a block kept from the first layout pass for the second; a
 * longer block's further lines are read again. */
#define LINE_CACHE 512

typedef struct line line_t;

/* The state of one ledei_segment() call. */
typedef struct seg {
  const unsigned char *t; /* the text */
  size_t len;             /* its length in bytes */
  lede_span_t *v;         /* spans found so far */
  size_t n;               /* number of spans */
  size_t cap;             /* allocated spans */
  line_t *lines;          /* LINE_CACHE lines of the current block */
} seg_t;

/* ------------------------------------------------------------------ */
/* Characters                                                          */
/* ------------------------------------------------------------------ */

/* Decodes the UTF-8 character at t[i] (i < end) into *cp and returns its
 * length in bytes. An invalid byte decodes as U+FFFD with length 1, so every
 * byte sequence can be walked. */
static size_t decode(const unsigned char *t, size_t i, size_t end, uint32_t *cp) {
  if (t[i] < 0x80) { /* the common case, kept inline */
    *cp = t[i];
    return 1;
  }
  size_t k = ledei_utf8_decode(cp, (const char *)t + i, end - i);
  return k ? k : 1;
}

/* Decodes the character that ends just before t[i] (lo < i), looking no
 * further back than lo; returns its start. Invalid bytes count as one
 * U+FFFD each, as in decode(). */
static size_t decode_back(const unsigned char *t, size_t lo, size_t i, uint32_t *cp) {
  size_t s = i - 1;
  size_t floor = i - lo > 4 ? i - 4 : lo;
  while (s > floor && (t[s] & 0xC0) == 0x80)
    s--;
  if (decode(t, s, i, cp) == i - s)
    return s;
  *cp = 0xFFFD;
  return i - 1;
}

/* 1 if cp is white space for segmentation: ASCII space and controls \t \n
 * \v \f \r, NUL, and the Unicode spaces (no-break space, the U+2000 series,
 * line and paragraph separators, ideographic space, byte order mark). */
static int is_space_cp(uint32_t cp) {
  if (cp < 0x80)
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0;
  return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* Length of the white-space character at t[i] (i < end), or 0. */
static size_t space_at(const unsigned char *t, size_t i, size_t end) {
  if (t[i] < 0x80)
    return is_space_cp(t[i]) ? 1 : 0;
  uint32_t cp;
  size_t k = decode(t, i, end, &cp);
  return is_space_cp(cp) ? k : 0;
}

/* Length of the white-space character ending just before t[i] (lo < i), or
 * 0. */
static size_t space_before(const unsigned char *t, size_t lo, size_t i) {
  if (t[i - 1] < 0x80)
    return is_space_cp(t[i - 1]) ? 1 : 0;
  uint32_t cp;
  size_t s = decode_back(t, lo, i, &cp);
  return is_space_cp(cp) ? i - s : 0;
}

/* Letter case classes of a code point. */
static int is_upper_cp(uint32_t cp) {
  if (cp < 0x80)
    return cp >= 'A' && cp <= 'Z';
  return u_isupper((UChar32)cp) || u_istitle((UChar32)cp);
}

static int is_lower_cp(uint32_t cp) {
  if (cp < 0x80)
    return cp >= 'a' && cp <= 'z';
  return u_islower((UChar32)cp);
}

/* 1 for a letter of any script (cased or not) or a digit. */
static int is_alnum_cp(uint32_t cp) {
  if (cp < 0x80)
    return isalnum((int)cp) != 0;
  return cp != 0xFFFD && (u_isalpha((UChar32)cp) || u_isdigit((UChar32)cp));
}

/* 1 for a letter that is neither upper- nor lower-case (CJK, Arabic, ...):
 * such a letter can start a sentence like a capital. */
static int is_uncased_letter_cp(uint32_t cp) {
  return cp >= 0x80 && cp != 0xFFFD && u_isalpha((UChar32)cp) && !u_isupper((UChar32)cp) &&
         !u_islower((UChar32)cp);
}

/* The full stops and question marks of other scripts, which no
 * abbreviation uses: Devanagari (and Bengali...) danda । and double danda,
 * Armenian ։, Ethiopic ። and ፧, Urdu ۔, Arabic ؟, Greek ; (U+037E),
 * Myanmar ။ and Khmer ។. Each ends a sentence as ? and ! do. */
static int is_other_stop_cp(uint32_t cp) {
  return cp == 0x0964 || cp == 0x0965 || cp == 0x0589 || cp == 0x1362 || cp == 0x1367 ||
         cp == 0x06D4 || cp == 0x061F || cp == 0x037E || cp == 0x104B || cp == 0x17D4;
}

/* Sentence-final punctuation: . ? ! … ‽, the full-width 。！？ and the
 * stops of other scripts. */
static int is_term_cp(uint32_t cp) {
  return cp == '.' || cp == '?' || cp == '!' || cp == 0x2026 || cp == 0x203D || cp == 0x3002 ||
         cp == 0xFF01 || cp == 0xFF1F || is_other_stop_cp(cp);
}

/* Closing quotes and brackets that may follow terminal punctuation. The
 * straight quotes are ambiguous and are handled by the caller. */
static int is_closer_cp(uint32_t cp) {
  return cp == ')' || cp == ']' || cp == '}' || cp == 0x201D || cp == 0x2019 || cp == 0xBB ||
         cp == 0x203A || cp == 0x300D || cp == 0x300F;
}

/* Opening quotes and brackets that may precede a sentence's first word. */
static int is_opener_cp(uint32_t cp) {
  return cp == '(' || cp == '[' || cp == '{' || cp == '"' || cp == '\'' || cp == 0x201C ||
         cp == 0x2018 || cp == 0x201E || cp == 0xAB || cp == 0x2039 || cp == 0xBF || cp == 0xA1 ||
         cp == 0x300C || cp == 0x300E;
}

/* Bullet characters that start a list item wherever they stand after a
 * space: • ◦ ▪ ‣ ⁃ ► ▸ ●. */
static int is_bullet_cp(uint32_t cp) {
  return cp == 0x2022 || cp == 0x25E6 || cp == 0x25AA || cp == 0x2023 || cp == 0x2043 ||
         cp == 0x25BA || cp == 0x25B8 || cp == 0x25CF;
}

/* ------------------------------------------------------------------ */
/* Word tables                                                         */
/* ------------------------------------------------------------------ */

/* bsearch() comparators for the tables of segment_abbrev.h. */
static int cmp_abbrev(const void *key, const void *elem) {
  return strcmp((const char *)key, ((const abbrev_t *)elem)->word);
}

static int cmp_str(const void *key, const void *elem) {
  return strcmp((const char *)key, *(const char *const *)elem);
}

/* Copies the ASCII lower-case form of [w, w+n) into buf (n < MAX_WORD). */
static void lower_copy(char *buf, const unsigned char *w, size_t n) {
  for (size_t k = 0; k < n; k++)
    buf[k] = (char)tolower(w[k]);
  buf[n] = '\0';
}

/* The abbreviation class (enum abbrev_class) of the word [w, w+n) written
 * before a period. Entries marked cap match only a capitalised or all-caps
 * spelling ("Co." but not "co."), except number signs, which only act
 * before a digit anyway; the others never match an all-caps spelling
 * ("p." and "P." but not the initial "P."). */
static int abbrev_class(const unsigned char *w, size_t n) {
  char buf[MAX_WORD];
  if (n == 0 || n >= MAX_WORD)
    return A_NONE;
  lower_copy(buf, w, n);
  const abbrev_t *a =
      bsearch(buf, ABBREVS, sizeof ABBREVS / sizeof ABBREVS[0], sizeof ABBREVS[0], cmp_abbrev);
  if (!a)
    return A_NONE;
  /* "no. 5" is still a number sign; "no." before anything else is a word */
  if (a->cap && !(w[0] >= 'A' && w[0] <= 'Z') && a->cls != A_NUM)
    return A_NONE;
  /* An abbreviation written in lower case ("p.", "v.", "ca.") is another
   * word in capitals: an initial ("James P. Alexis"), a code ("CA."). */
  if (!a->cap) {
    size_t k = 0;
    while (k < n && w[k] >= 'A' && w[k] <= 'Z')
      k++;
    if (k == n)
      return A_NONE;
  }
  return a->cls;
}

/* 1 if the ASCII word [w, w+n) (any case) is in the sorted table tab. */
static int in_table(const char *const *tab, size_t count, const unsigned char *w, size_t n) {
  char buf[MAX_WORD];
  if (n == 0 || n >= MAX_WORD)
    return 0;
  lower_copy(buf, w, n);
  return bsearch(buf, tab, count, sizeof tab[0], cmp_str) != NULL;
}

/* Length of the ASCII letters at t[i] (bounded by end and MAX_WORD - 1). */
static size_t ascii_word_len(const unsigned char *t, size_t i, size_t end) {
  size_t k = i;
  while (k < end && k - i < MAX_WORD - 1 && isalpha(t[k]))
    k++;
  return k - i;
}

/* 1 if the capitalised word at t[i] commonly starts a sentence ("The",
 * "He", "However"). */
static int is_starter(const unsigned char *t, size_t i, size_t end) {
  size_t n = ascii_word_len(t, i, end);
  if (n == 0 || !(t[i] >= 'A' && t[i] <= 'Z'))
    return 0;
  return in_table(STARTERS, sizeof STARTERS / sizeof STARTERS[0], t + i, n);
}

/* 1 if the word at t[i] continues a time after a.m./p.m. ("EST", "Monday"). */
static int is_time_word(const unsigned char *t, size_t i, size_t end) {
  size_t n = ascii_word_len(t, i, end);
  return in_table(TIME_WORDS, sizeof TIME_WORDS / sizeof TIME_WORDS[0], t + i, n);
}

/* 1 if t[i] is one letter followed by a period ("B." of "z. B."). */
static int is_letter_dot(const unsigned char *t, size_t i, size_t end) {
  uint32_t cp;
  size_t k = decode(t, i, end, &cp);
  return u_isalpha((UChar32)cp) && i + k < end && t[i + k] == '.';
}

/* 1 if one letter and a period stand just before the word at t[w0], after
 * white space or at lo ("d." before "h." in "d. h."). */
static int after_letter_dot(const unsigned char *t, size_t lo, size_t w0) {
  size_t p = w0;
  while (p > lo && t[p - 1] == ' ')
    p--;
  if (p == w0 || p <= lo + 1 || t[p - 1] != '.') /* a letter before the period, within [lo, ..) */
    return 0;
  uint32_t cp;
  size_t s = decode_back(t, lo, p - 1, &cp);
  return u_isalpha((UChar32)cp) && (s == lo || t[s - 1] == ' ');
}

/* 1 if the initial at t[w0] ends a pair of capitals joined by "and" or "&"
 * ("S and P.", "A & P."): a name's abbreviation, not a person's initial. */
static int after_capital_and(const unsigned char *t, size_t lo, size_t w0) {
  size_t p = w0;
  if (p >= lo + 2 && t[p - 1] == ' ' && t[p - 2] == '&')
    p -= 2;
  else if (p >= lo + 5 && memcmp(t + p - 4, "and ", 4) == 0 && t[p - 5] == ' ')
    p -= 4;
  else
    return 0;
  if (p > lo && t[p - 1] == ' ')
    p--;
  return p > lo && isupper(t[p - 1]) && (p - 1 == lo || t[p - 2] == ' ');
}

/* 1 if the word at t[i] follows an ordinal in German ("Oktober",
 * "Jahrhundert"; ORDINAL_NOUNS). */
static int is_ordinal_noun(const unsigned char *t, size_t i, size_t end) {
  size_t n = 0;
  while (i + n < end && n < MAX_WORD && (isalpha(t[i + n]) || t[i + n] >= 0x80))
    n++;
  return in_table(ORDINAL_NOUNS, sizeof ORDINAL_NOUNS / sizeof ORDINAL_NOUNS[0], t + i, n);
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

/* Appends [s, e) to the result as is (caller trimmed it; s < e). */
static void append(seg_t *sg, size_t s, size_t e) {
  if (sg->n == sg->cap) {
    sg->cap = sg->cap ? sg->cap * 2 : 64;
    sg->v = ledei_xrealloc(sg->v, sg->cap * sizeof *sg->v);
  }
  sg->v[sg->n].start = s;
  sg->v[sg->n].end = e;
  sg->n++;
}

/* Trims white space from both ends of [*s, *e); 0 if nothing is left. */
static int trim(const seg_t *sg, size_t *s, size_t *e) {
  size_t k;
  while (*s < *e && (k = space_at(sg->t, *s, *e)) > 0)
    *s += k;
  while (*e > *s && (k = space_before(sg->t, *s, *e)) > 0)
    *e -= k;
  return *s < *e;
}

/* Where to cut a too-long sentence that starts at s: the last space in
 * (s + MAX_SENTENCE/2, s + MAX_SENTENCE] after a clause mark (, ; : or a
 * dash), else the last space there, else a character boundary near
 * s + MAX_SENTENCE. Scans at most MAX_SENTENCE/2 bytes, so cutting stays
 * linear. */
static size_t cut_point(const seg_t *sg, size_t s) {
  const unsigned char *t = sg->t;
  size_t hi = s + MAX_SENTENCE, lo = s + MAX_SENTENCE / 2;
  size_t last_space = 0;
  for (size_t k = hi; k > lo; k--) {
    if (t[k] == ' ' || t[k] == '\n' || t[k] == '\t') {
      char p = (char)t[k - 1];
      if (p == ',' || p == ';' || p == ':' ||
          (k >= 3 && t[k - 3] == 0xE2 && t[k - 2] == 0x80 &&
           (t[k - 1] == 0x93 || t[k - 1] == 0x94)))
        return k;
      if (!last_space)
        last_space = k;
    }
  }
  if (last_space)
    return last_space;
  while (hi > lo && (t[hi] & 0xC0) == 0x80)
    hi--;
  return hi;
}

/* Records the sentence [s, e): trims it, drops it when empty, and cuts it
 * into pieces of at most MAX_SENTENCE bytes when longer. */
static void push_span(seg_t *sg, size_t s, size_t e) {
  if (!trim(sg, &s, &e))
    return;
  while (e - s > MAX_SENTENCE) {
    size_t c = cut_point(sg, s);
    size_t ps = s, pe = c;
    if (trim(sg, &ps, &pe))
      append(sg, ps, pe);
    s = c;
    if (!trim(sg, &s, &e))
      return;
  }
  append(sg, s, e);
}

/* ------------------------------------------------------------------ */
/* Sentences within a paragraph                                        */
/* ------------------------------------------------------------------ */

/* A run of terminal punctuation and the closers after it: "?”", ".)",
 * "...", ". . . .", "!!", ".[3]". */
typedef struct cluster {
  size_t end;            /* first byte after the cluster */
  int dots;              /* number of periods */
  int qe;                /* has ? or ! */
  int ellipsis;          /* has … or two or more periods */
  int cjk;               /* has 。！？ (no space needed after them) */
  int closers;           /* has a closing quote or bracket */
  int term_after_closer; /* terminal punctuation follows a closer: ".)." */
} cluster_t;

/* 1 if an ambiguous quote at t[k] (n bytes long) closes: it is followed by
 * white space, the end, other closing punctuation or , ; : */
static int quote_closes(const unsigned char *t, size_t k, size_t n, size_t end) {
  if (k + n >= end)
    return 1;
  uint32_t cp;
  decode(t, k + n, end, &cp);
  return is_space_cp(cp) || is_closer_cp(cp) || cp == '"' || cp == '\'' || cp == ',' || cp == ';' ||
         cp == ':' || is_term_cp(cp);
}

/* Reads the cluster of terminal punctuation starting at t[i] (a terminal
 * character) within [.., end) into *cl. */
static void read_cluster(const seg_t *sg, size_t i, size_t end, cluster_t *cl) {
  const unsigned char *t = sg->t;
  size_t j = i;
  uint32_t cp;
  memset(cl, 0, sizeof *cl);
  for (;;) {
    int terms = 0;
    while (j < end) {
      size_t k = decode(t, j, end, &cp);
      if (cp == '.') {
        /* ". . ." (spaced ellipsis): take every " ." that follows */
        if (j + 4 < end && t[j + 1] == ' ' && t[j + 2] == '.' && t[j + 3] == ' ' &&
            t[j + 4] == '.') {
          j += 5;
          while (j + 1 < end && t[j] == ' ' && t[j + 1] == '.')
            j += 2;
          cl->ellipsis = 1;
          cl->dots += 3;
          terms++;
          continue;
        }
        cl->dots++;
      } else if (cp == '?' || cp == '!' || cp == 0x203D || is_other_stop_cp(cp)) {
        cl->qe = 1;
      } else if (cp == 0x2026) {
        cl->ellipsis = 1;
      } else if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F) {
        cl->cjk = 1;
      } else {
        break;
      }
      terms++;
      j += k;
    }
    if (terms && cl->closers)
      cl->term_after_closer = 1;
    int closed = 0;
    while (j < end) {
      size_t k = decode(t, j, end, &cp);
      /* straight quotes, a German closing quote (U+201C) and footnote marks
       * close only before white space or more closing punctuation */
      if (is_closer_cp(cp) ||
          ((cp == '"' || cp == '\'' || cp == 0x201C || cp == '*' || cp == 0x2020) &&
           quote_closes(t, j, k, end))) {
        j += k;
        closed = 1;
        continue;
      }
      /* a space before a closing guillemet (French style) or before a
       * second closing quote: ’ ” */
      if (cp == ' ' && j + 1 < end) {
        uint32_t c2;
        size_t k2 = decode(t, j + 1, end, &c2);
        if (c2 == 0xBB || (closed && c2 == 0x201D)) {
          j += 1 + k2;
          continue;
        }
      }
      /* a citation mark: [12] */
      if (cp == '[') {
        size_t m = j + 1;
        while (m < end && m - j < 5 && isdigit(t[m]))
          m++;
        if (m > j + 1 && m < end && t[m] == ']') {
          j = m + 1;
          closed = 1;
          continue;
        }
      }
      break;
    }
    if (closed)
      cl->closers = 1;
    if (!closed || j >= end)
      break;
    decode(t, j, end, &cp);
    if (!is_term_cp(cp))
      break;
  }
  if (cl->dots >= 2)
    cl->ellipsis = 1;
  cl->end = j;
}

/* List markers: "1.", "2)", "(3)", "a.", "b)", "iv.", "1.)". */
enum { MK_NONE = 0, MK_NUM = 1, MK_ALPHA = 2, MK_ROMAN = 4 };

/* A list marker's kinds (MK_* bits) and its value in each kind. */
typedef struct marker {
  int kinds;
  unsigned num;   /* value as a number or letter (a = 1) */
  unsigned roman; /* value as a roman numeral */
} marker_t;

/* Value of the lower-case roman numeral [w, w+n), or 0. */
static unsigned roman_value(const unsigned char *w, size_t n) {
  static const char *const romans[] = {"i",    "ii", "iii", "iv", "v",   "vi",  "vii",
                                       "viii", "ix", "x",   "xi", "xii", "xiii"};
  for (unsigned r = 0; r < sizeof romans / sizeof romans[0]; r++)
    if (strlen(romans[r]) == n && memcmp(romans[r], w, n) == 0)
      return r + 1;
  return 0;
}

/* Parses a list marker at t[i] (followed by white space) into *mk; returns
 * 1 when there is one. */
static int parse_marker(const unsigned char *t, size_t i, size_t end, marker_t *mk) {
  size_t k = i;
  memset(mk, 0, sizeof *mk);
  if (k < end && t[k] == '(')
    k++;
  size_t ws = k;
  while (k < end && k - ws < 5 && isalnum(t[k]))
    k++;
  size_t n = k - ws;
  if (n == 0 || k >= end || (t[k] != '.' && t[k] != ')'))
    return 0;
  if (t[k] == '.' && k + 1 < end && t[k + 1] == ')')
    k++;
  k++;
  if (k < end && space_at(t, k, end) == 0)
    return 0;
  const unsigned char *w = t + ws;
  int digits = 1, lower = 1;
  for (size_t m = 0; m < n; m++) {
    digits &= isdigit(w[m]) != 0;
    lower &= (w[m] >= 'a' && w[m] <= 'z');
  }
  char low[8];
  lower_copy(low, w, n);
  if (digits && n <= 3) {
    mk->kinds = MK_NUM;
    mk->num = (unsigned)atoi(low);
    return 1;
  }
  if (n == 1 && isalpha(w[0])) {
    mk->kinds = MK_ALPHA;
    mk->num = (unsigned)(low[0] - 'a' + 1);
  }
  unsigned r = roman_value((const unsigned char *)low, n);
  if (r && (lower || n == 1 || (w[0] >= 'A' && w[0] <= 'Z')))
    mk->kinds |= MK_ROMAN, mk->roman = r;
  return mk->kinds != MK_NONE;
}

/* 1 if mk continues the list whose last marker was prev (2 after 1, b
 * after a, ii after i). */
static int marker_follows(const marker_t *prev, const marker_t *mk) {
  if ((prev->kinds & mk->kinds & (MK_NUM | MK_ALPHA)) && mk->num == prev->num + 1)
    return 1;
  return (prev->kinds & mk->kinds & MK_ROMAN) && mk->roman == prev->roman + 1;
}

/* Classes of the word before a period, beyond the abbreviation classes. */
enum { W_PLAIN = 100, W_INITIAL, W_DOTTED, W_LIST };

/* 1 if [w, w+n) looks like "U.S", "e.g", "Ph.D", "a.m": groups of one to
 * three ASCII letters joined by periods. */
static int is_dotted(const unsigned char *w, size_t n) {
  size_t run = 0, groups = 0;
  for (size_t k = 0; k < n; k++) {
    if (isalpha(w[k])) {
      if (++run > 3)
        return 0;
    } else if (w[k] == '.' && run > 0) {
      groups++;
      run = 0;
    } else {
      return 0;
    }
  }
  return groups >= 1 && run > 0;
}

/* Classifies the word [w, w+n) that ends at a period: an abbreviation class
 * (A_*), an initial, a dotted abbreviation, a list marker (when it is the
 * sentence's first word) or a plain word. */
static int word_class(const unsigned char *w, size_t n, int first_word) {
  if (n == 0)
    return W_PLAIN;
  if (first_word && n <= 4) {
    marker_t mk;
    unsigned char tmp[8];
    memcpy(tmp, w, n);
    tmp[n] = '.';
    tmp[n + 1] = ' ';
    if (parse_marker(tmp, 0, n + 2, &mk))
      return W_LIST;
  }
  /* the part after a hyphen or slash: "R-Calif", "D-N.Y" */
  size_t k = n;
  while (k > 0 && w[k - 1] != '-' && w[k - 1] != '/')
    k--;
  if (k < n) {
    /* "S/P.", "A-B.": one capital after another's is a code, not an initial */
    if (n - k == 1 && k >= 2 && isupper(w[k - 2]) && (k == 2 || !isalpha(w[k - 3])))
      return W_PLAIN;
    w += k;
    n -= k;
  }
  int cls = abbrev_class(w, n);
  if (cls != A_NONE)
    return cls;
  if (n == 1 && isalpha(w[0]))
    return (w[0] >= 'A' && w[0] <= 'Z') ? W_INITIAL : A_NUM;
  if (n >= 2 && n <= 4 && w[0] >= 0x80) { /* one letter beyond ASCII: "Э.", "É.", "Ł." */
    uint32_t cp;
    if (decode(w, 0, n, &cp) == n && u_isalpha((UChar32)cp))
      return u_isupper((UChar32)cp) ? W_INITIAL : A_NUM;
  }
  if (is_dotted(w, n)) {
    char low[MAX_WORD];
    lower_copy(low, w, n);
    if (strcmp(low, "e.g") == 0 || strcmp(low, "i.e") == 0)
      return A_NEVER;
    if (strcmp(low, "a.m") == 0 || strcmp(low, "p.m") == 0)
      return A_TIME;
    return W_DOTTED;
  }
  return W_PLAIN;
}

/* 1 if the token around a period with no space after it is part of an
 * address: contains @, / or "www" within MAX_WORD bytes either side. */
static int in_address(const unsigned char *t, size_t lo, size_t i, size_t end) {
  size_t a = i;
  while (a > lo && i - a < MAX_WORD && !space_before(t, lo, a))
    a--;
  size_t b = i;
  while (b < end && b - i < MAX_WORD && !space_at(t, b, end))
    b++;
  for (size_t k = a; k < b; k++) {
    if (t[k] == '@' || t[k] == '/')
      return 1;
    if (k + 3 <= b && (t[k] == 'w' || t[k] == 'W') && strncmp((const char *)t + k, "www", 3) == 0)
      return 1;
  }
  return 0;
}

/* Decides a cluster followed directly by a non-space at t[k] ("barrel.The",
 * "U.S.A", "3.5", "example.com"): a boundary only when a lower-case letter
 * or digit precedes, a capitalised word follows, the word before is no
 * abbreviation and the token is no address or domain. */
static int split_without_space(const seg_t *sg, size_t lo, size_t i, size_t k, size_t end,
                               const cluster_t *cl, size_t wstart) {
  const unsigned char *t = sg->t;
  uint32_t prev, c1, c2;
  if (cl->cjk)
    return 1;
  decode_back(t, lo, i, &prev);
  if (!(is_lower_cp(prev) || (prev < 0x80 && isdigit((int)prev))))
    return 0;
  size_t m = k;
  for (int n = 0; n < 2 && m < end; n++) {
    size_t q = decode(t, m, end, &c1);
    if (c1 != 0x201C && c1 != 0x2018 && c1 != '"' && c1 != '(')
      break;
    m += q;
  }
  if (m >= end)
    return 0;
  size_t q = decode(t, m, end, &c1);
  if (!is_upper_cp(c1) || m + q >= end)
    return 0;
  decode(t, m + q, end, &c2);
  if (!is_lower_cp(c2))
    return 0;
  int wc = word_class(t + wstart, i - wstart, 0);
  if (wc != W_PLAIN)
    return 0;
  if (in_address(t, lo, i, end))
    return 0;
  static const char *const tlds[] = {"com", "edu", "gov", "info", "net", "org"};
  if (in_table(tlds, sizeof tlds / sizeof tlds[0], t + m, ascii_word_len(t, m, end)))
    return 0;
  return 1;
}

/* Decides whether the cluster cl that starts at t[i] ends a sentence, given
 * the paragraph [lo, end), the start of the current sentence sent and of its
 * first word first_tok. Returns 1 for a boundary after the cluster. */
static int is_boundary(const seg_t *sg, size_t lo, size_t end, size_t i, const cluster_t *cl,
                       size_t sent, size_t first_tok) {
  const unsigned char *t = sg->t;
  size_t k = cl->end;
  uint32_t cp;

  /* the word before the cluster: back to white space or to the sentence
   * start ("Tuesday.Mr."), without openers and bullets */
  size_t ws = i;
  while (ws > lo && ws > sent && i - ws < MAX_WORD && !space_before(t, lo, ws))
    ws--;
  int long_word = i - ws >= MAX_WORD;
  size_t w0 = ws;
  while (w0 < i) {
    size_t q = decode(t, w0, i, &cp);
    if (!is_opener_cp(cp) && !is_bullet_cp(cp))
      break;
    w0 += q;
  }

  if (k >= end)
    return 1;
  if (!space_at(t, k, end))
    return split_without_space(sg, lo, i, k, end, cl, w0);

  /* the next word: after white space and openers */
  size_t m = k;
  size_t q;
  while (m < end && (q = space_at(t, m, end)) > 0)
    m += q;
  if (m >= end)
    return 1;
  int opened = 0;
  for (int n = 0; n < 4 && m < end; n++) {
    q = decode(t, m, end, &cp);
    if (!is_opener_cp(cp))
      break;
    opened = 1;
    m += q;
  }
  if (m >= end)
    return 1;
  decode(t, m, end, &cp);
  int upper = is_upper_cp(cp) || is_uncased_letter_cp(cp);
  int digit = cp < 0x80 && isdigit((int)cp);
  int symbol = cp == '$' || cp == 0xA3 || cp == 0x20AC || cp == 0xA5 || cp == '#';
  if (!upper && !digit && !symbol)
    return 0; /* lower case, dash, comma...: the sentence goes on */
  if (cl->cjk)
    return 1;

  if (cl->qe && !cl->dots)
    return 1;
  if (cl->ellipsis) {
    if (ws < i && t[i - 1] == '[')
      return 0; /* "[...]" marks an omission inside a quotation */
    if (!upper)
      return 0;
    /* "... I didn't": a pause before "I" rarely ends a sentence */
    if (t[m] == 'I' && (m + 1 >= end || !isalpha(t[m + 1])))
      return 0;
    return 1;
  }
  if (cl->qe)
    return 1;

  /* a single period */
  if (long_word || cl->term_after_closer)
    return 1;
  int wc = word_class(t + w0, i - w0, w0 == first_tok);
  switch (wc) {
  case W_PLAIN: /* "am 3. Oktober": a day or a century before its noun */
    return !(i - w0 <= 2 && isdigit(t[w0]) && isdigit(t[i - 1]) && is_ordinal_noun(t, m, end));
  case W_LIST: return 0;
  case A_NEVER: return 0;
  case A_TITLE: return 0;
  case A_NUM: /* "z. B.", "d. h.", "u. a.": one letter's abbreviation beside another's */
    return !digit && !(i - w0 <= 2 && (is_letter_dot(t, m, end) || after_letter_dot(t, lo, w0)));
  case A_ETC:
  case A_PLACE: return upper;
  case A_TIME: return upper && !is_time_word(t, m, end);
  case W_INITIAL:
    if (upper && after_capital_and(t, lo, w0))
      return 1;
    /* fall through */
  case W_DOTTED:
  case A_AMBIG:
    if (!upper)
      return 0;
    if (cl->closers || opened)
      return 1;
    return is_starter(t, m, end);
  default: return 1;
  }
}

/* Finds the sentences of the paragraph [a, b), in which line breaks are
 * plain white space, and records them. */
static void scan_region(seg_t *sg, size_t a, size_t b) {
  const unsigned char *t = sg->t;
  size_t s = a;         /* start of the current sentence */
  size_t first_tok = b; /* its first word (after any bullet) */
  int alnum = 0;        /* the current sentence has a letter or digit */
  int token_start = 1;  /* the previous character was white space */
  marker_t list = {0};  /* last list marker seen, for inline lists */
  size_t i = a;
  while (i < b) {
    unsigned char c = t[i];
    /* fast path: ASCII inside a word */
    if (c < 0x80 && !token_start && c > ' ' && c != '.' && c != '?' && c != '!') {
      alnum |= (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
      i++;
      continue;
    }
    uint32_t cp;
    size_t k = decode(t, i, b, &cp);
    if (is_space_cp(cp)) {
      token_start = 1;
      i += k;
      continue;
    }
    if (token_start) {
      token_start = 0;
      marker_t mk;
      if (is_bullet_cp(cp)) {
        if (alnum) {
          push_span(sg, s, i);
          s = i, alnum = 0, first_tok = b;
        }
        token_start = 1;
        i += k;
        continue;
      }
      if (!alnum && first_tok == b) {
        first_tok = i;
        if (!parse_marker(t, i, b, &list))
          memset(&list, 0, sizeof list);
      } else if (list.kinds && alnum && parse_marker(t, i, b, &mk) && marker_follows(&list, &mk)) {
        push_span(sg, s, i);
        s = i, first_tok = i, list = mk;
      }
    }
    if (is_term_cp(cp)) {
      cluster_t cl;
      read_cluster(sg, i, b, &cl);
      if (alnum && is_boundary(sg, a, b, i, &cl, s, first_tok)) {
        push_span(sg, s, cl.end);
        s = cl.end, alnum = 0, first_tok = b;
      }
      /* go on after the cluster; a space after it starts a token */
      i = cl.end;
      token_start = 0;
      continue;
    }
    if (!alnum && is_alnum_cp(cp))
      alnum = 1;
    i += k;
  }
  push_span(sg, s, b);
}

/* ------------------------------------------------------------------ */
/* Layout: lines, blocks, paragraphs                                   */
/* ------------------------------------------------------------------ */

/* One line of the text and what the layout rules need to know of it. */
struct line {
  size_t start;   /* first byte */
  size_t end;     /* end, before the line break */
  size_t next;    /* start of the next line (len at the end) */
  size_t cs, ce;  /* content: the line without surrounding white space */
  size_t indent;  /* leading white-space characters */
  size_t width;   /* characters from start to ce */
  int blank;      /* only white space */
  int term;       /* content ends with terminal punctuation (+ closers) */
  int list;       /* starts with a bullet or list marker */
  int table;      /* has a run of 3+ spaces or a tab inside: a table row */
  int titlecase;  /* three or more words, most of them capitalised */
  uint32_t first; /* first character of the content */
  int trailing;   /* ends with a space before the line break */
};

/* Reads the line starting at pos into *li. */
static void read_line(const seg_t *sg, size_t pos, line_t *li) {
  const unsigned char *t = sg->t;
  size_t len = sg->len;
  memset(li, 0, sizeof *li);
  li->start = pos;
  size_t e = pos;
  const unsigned char *nl = memchr(t + pos, '\n', len - pos);
  e = nl ? (size_t)(nl - t) : len;
  const unsigned char *cr = memchr(t + pos, '\r', e - pos);
  if (cr && (size_t)(cr - t) + 1 < e)
    e = (size_t)(cr - t); /* a lone carriage return ends a line too */
  li->end = e;
  li->next = e;
  if (e < len)
    li->next = (t[e] == '\r' && e + 1 < len && t[e + 1] == '\n') ? e + 2 : e + 1;

  size_t cs = pos, q;
  while (cs < e && (q = space_at(t, cs, e)) > 0)
    cs += q, li->indent++;
  size_t ce = e;
  while (ce > cs && (q = space_before(t, cs, ce)) > 0)
    ce -= q;
  li->cs = cs, li->ce = ce;
  li->blank = cs == ce;
  li->trailing = ce < e;
  if (li->blank)
    return;

  size_t width = li->indent, words = 0, caps = 0, spaces = 0;
  int in_word = 0;
  for (size_t k = cs; k < ce;) {
    uint32_t cp;
    size_t n = 1;
    if (t[k] < 0x80)
      cp = t[k];
    else
      n = decode(t, k, ce, &cp);
    width++;
    if (cp == ' ' || (cp >= 0x80 && is_space_cp(cp)) || (cp < 0x20 && is_space_cp(cp))) {
      spaces = cp == ' ' ? spaces + 1 : 0;
      if (cp == '\t' || spaces >= 3)
        li->table = 1;
      in_word = 0;
    } else {
      spaces = 0;
      if (!in_word) {
        words++;
        caps += is_upper_cp(cp) || (cp >= '0' && cp <= '9');
      }
      in_word = 1;
    }
    k += n;
  }
  li->width = width;
  li->titlecase = words >= 3 && caps * 4 >= words * 3;
  decode(t, cs, ce, &li->first);

  /* ends with . ? ! … possibly followed by closers */
  size_t k = ce;
  for (int n = 0; n < 4 && k > cs; n++) {
    uint32_t cp;
    size_t s = decode_back(t, cs, k, &cp);
    if (is_term_cp(cp)) {
      li->term = 1;
      break;
    }
    if (!is_closer_cp(cp) && cp != '"' && cp != '\'')
      break;
    k = s;
  }

  /* a bullet, or a list marker other than a capital letter and period
   * ("W. Va." and "J. Smith" start wrapped lines too) */
  marker_t mk;
  if (is_bullet_cp(li->first) ||
      ((li->first == '-' || li->first == '*') && cs + 1 < ce && t[cs + 1] == ' ') ||
      (parse_marker(t, cs, ce, &mk) && !(isupper(t[cs]) && t[cs + 1] == '.')))
    li->list = 1;
}

/* Function words and punctuation after which a line goes on ("...rose to",
 * "... and", "...,"): the next line continues the sentence. */
static int ends_open(const seg_t *sg, const line_t *l) {
  static const char *const words[] = {
      "a",   "after", "an",    "and",   "are",  "as",    "at",   "be",   "been", "but",   "by",
      "for", "from",  "had",   "has",   "have", "her",   "his",  "in",   "into", "is",    "its",
      "nor", "of",    "on",    "or",    "our",  "said",  "than", "that", "the",  "their", "to",
      "was", "were",  "which", "while", "who",  "whose", "will", "with", "would"};
  const unsigned char *t = sg->t;
  unsigned char c = t[l->ce - 1];
  if (c == ',' || c == ';' || c == '-' || c == '(' || c == '&' || c == '/')
    return 1;
  if (l->ce - l->cs >= 3 && t[l->ce - 3] == 0xE2 && t[l->ce - 2] == 0x80 &&
      (c == 0x93 || c == 0x94))
    return 1; /* en or em dash */
  size_t k = l->ce;
  while (k > l->cs && l->ce - k < MAX_WORD - 1 && isalpha(t[k - 1]))
    k--;
  if (k < l->ce && (k == l->cs || !isalpha(t[k - 1])) && islower(t[k]))
    return in_table(words, sizeof words / sizeof words[0], t + k, l->ce - k);
  return 0;
}

/* Layout facts of one block (a run of non-blank lines). */
typedef struct block {
  int wrapped;        /* hard-wrapped: newlines inside paragraphs are spaces */
  size_t base_indent; /* smallest indentation of its lines */
} block_t;

/* Decides whether the line break between l and the next non-blank line nx
 * of the same block joins them into one paragraph. */
static int line_joins(const seg_t *sg, const block_t *bk, const line_t *l, const line_t *nx) {
  if (l->table || nx->table)
    return 0;
  if (nx->list && !(bk->wrapped && ends_open(sg, l)))
    return 0; /* a list item, unless a wrapped line plainly goes on */
  if (nx->indent > bk->base_indent)
    return 0; /* an indented line starts a paragraph */
  if (bk->wrapped)
    return 1;
  int lower = is_lower_cp(nx->first);
  if (l->term) {
    /* "... Mr.\nSmith" */
    if (lower)
      return 1;
    size_t w = l->ce - 1;
    while (w > l->cs && isalpha(sg->t[w - 1]))
      w--;
    return abbrev_class(sg->t + w, l->ce - 1 - w) == A_TITLE;
  }
  if (ends_open(sg, l) || l->trailing)
    return 1;
  if (lower) /* a wrapped sentence, unless both are short list-like items */
    return nx->term || l->width >= 40;
  /* a capital next: a wrapped line is long, about as long as the next
   * one, and not in title case; a headline is not */
  return !l->titlecase && l->width >= 40 && nx->width <= l->width + 20;
}

/* Splits text into paragraphs following the layout rules and scans each
 * one. */
static void segment_all(seg_t *sg) {
  size_t pos = 0;
  while (pos < sg->len) {
    line_t l;
    read_line(sg, pos, &l);
    if (l.blank) {
      pos = l.next;
      continue;
    }
    /* first pass over the block: widths, indentation and the widths of the
     * lines that end mid-sentence before a plain continuation line (a
     * histogram, so the wrap test needs no second look at the lines) */
    block_t bk = {0, SIZE_MAX};
    size_t lines = 0, width = 0, end = sg->len;
    size_t open_width[MAX_WRAP_WIDTH + 1] = {0};
    size_t first_open = 0; /* width of the first line when it ends open */
    line_t cur = l;
    for (;;) {
      if (lines < LINE_CACHE)
        sg->lines[lines] = cur;
      lines++;
      if (cur.width > width)
        width = cur.width;
      if (cur.indent < bk.base_indent)
        bk.base_indent = cur.indent;
      if (cur.next >= sg->len) {
        end = sg->len;
        break;
      }
      line_t nx;
      read_line(sg, cur.next, &nx);
      if (nx.blank) {
        end = nx.start;
        break;
      }
      if (!cur.term && !cur.titlecase && !cur.table && !nx.list && !nx.table &&
          nx.indent <= cur.indent && cur.width <= MAX_WRAP_WIDTH) {
        if (lines == 1)
          first_open = cur.width;
        else
          open_width[cur.width]++;
      }
      cur = nx;
    }
    /* wrapped: no line longer than MAX_WRAP_WIDTH and at least one line at
     * least 70% as long as the longest (and 30 characters) that ends
     * mid-sentence; the first line counts only in a two-line block, as it
     * may be a headline. Indentation is compared with the base later. */
    size_t open = 0;
    if (lines >= 2 && width <= MAX_WRAP_WIDTH && width >= 40) {
      size_t min_width = width * 7 / 10 > 30 ? width * 7 / 10 : 30;
      for (size_t w = min_width; w <= width; w++)
        open += open_width[w];
      if (lines == 2 && first_open >= min_width)
        open++;
    }
    bk.wrapped = open >= 1;

    /* second pass: paragraph breaks (lines from the cache when they fit) */
    size_t para = l.cs, idx = 0;
    cur = l;
    while (cur.next < end) {
      line_t nx;
      if (++idx < LINE_CACHE)
        nx = sg->lines[idx];
      else
        read_line(sg, cur.next, &nx);
      if (!line_joins(sg, &bk, &cur, &nx)) {
        scan_region(sg, para, cur.ce);
        para = nx.cs;
      }
      cur = nx;
    }
    scan_region(sg, para, cur.ce);
    pos = cur.next;
  }
}

lede_status_t ledei_segment(lede_span_t **out, size_t *out_count, const char *text, size_t len) {
  if (!out || !out_count || (!text && len))
    return ledei_error(LEDE_ERR_INVALID, "ledei_segment: NULL argument");
  seg_t sg = {(const unsigned char *)text, len, NULL, 0, 0, NULL};
  if (len) {
    sg.lines = ledei_xmalloc(LINE_CACHE * sizeof *sg.lines);
    segment_all(&sg);
    free(sg.lines);
  }
  *out = sg.v ? sg.v : ledei_xmalloc(sizeof **out);
  *out_count = sg.n;
  return LEDE_OK;
}

char *ledei_span_text(const char *text, lede_span_t span) {
  char *clean = ledei_utf8_sanitize(text + span.start, span.end - span.start);
  const unsigned char *c = (const unsigned char *)clean;
  size_t n = strlen(clean), o = 0;
  char *out = ledei_xmalloc(n + 1);
  int space = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t k = decode(c, i, n, &cp);
    if (is_space_cp(cp) && (space || !ledei_group_space(clean, n, i))) {
      space = 1;
    } else {
      /* A space that groups a number's digits ("5\u00A0500") stays as it
       * is: it is read as a comma (ledei_words_text()). */
      if (space && o > 0)
        out[o++] = ' ';
      space = 0;
      memcpy(out + o, clean + i, k);
      o += k;
    }
    i += k;
  }
  out[o] = '\0';
  free(clean);
  return out;
}
