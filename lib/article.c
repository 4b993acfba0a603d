/*
 * article.c - turns a file's bytes into an article: metadata (title, source,
 * date, url, dateline place, other front-matter keys) and sentences with
 * their byte spans in the original bytes.
 *
 * A file is read in three steps:
 *  1. front matter: a "---" line, "key: value" lines, a "---" line; when it is
 *     present its keys are the metadata and everything after it is the body;
 *  2. without front matter, the leading lines are read for what they show: a
 *     header of date lines, a headline and a byline (in any order), which are
 *     metadata and not sentences;
 *  3. a dateline at the start of the body ("SEOUL -", "NEW YORK (AP) -")
 *     gives the place; it is not part of the first sentence, which starts
 *     after its dash.
 * The body is then split by ledei_segment() and the spans shifted by the
 * body's offset. A .jsonl file holds one article per line; its fields are the
 * metadata and its "text" value the body (spans index the decoded value).
 *
 * Content never makes parsing fail: invalid UTF-8 and NUL bytes are replaced
 * in every string the article holds, and what cannot be understood is left
 * as text or dropped from the metadata.
 */
#include "lede_private.h"

#include "extract.h"
#include "feed.h"
#include "mail.h"
#include "pdf.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest headline, in characters, and longest date or dateline examined. */
#define HEADLINE_MAX_CHARS 200
#define DATE_LINE_MAX 120
#define PLACE_MAX 48

/* An article under construction: the article and its meta array capacity. */
typedef struct builder {
  lede_article_t *a;
  size_t meta_cap;
} builder_t;

/* ------------------------------------------------------------------ */
/* Small text helpers                                                  */
/* ------------------------------------------------------------------ */

/* 1 if c is ASCII white space (space, tab, CR, LF, VT, FF). */
static int is_space(int c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* 1 if c is an ASCII upper-case letter. */
static int is_upper(int c) {
  return c >= 'A' && c <= 'Z';
}

/* 1 if c is an ASCII letter. */
static int is_alpha(int c) {
  return (c >= 'a' && c <= 'z') || is_upper(c);
}

/* 1 if c is an ASCII digit. */
static int is_digit(int c) {
  return c >= '0' && c <= '9';
}

/* The byte at i of [buf, buf+len) as unsigned, or 0 past the end. */
static int byte_at(const char *buf, size_t len, size_t i) {
  return i < len ? (unsigned char)buf[i] : 0;
}

/* 1 if [s, s+n) begins with the NUL-terminated string lit. */
static int starts_with(const char *s, size_t n, const char *lit) {
  size_t k = strlen(lit);
  return n >= k && memcmp(s, lit, k) == 0;
}

/* 1 if the n bytes at s equal the lower-case ASCII word w, ignoring case. */
static int equals_nocase(const char *s, size_t n, const char *w) {
  if (strlen(w) != n)
    return 0;
  for (size_t k = 0; k < n; k++) {
    int c = (unsigned char)s[k];
    if (is_upper(c))
      c += 'a' - 'A';
    if (c != w[k])
      return 0;
  }
  return 1;
}

/* Returns a malloc'd copy of [s, s+n) fit for a metadata field: valid UTF-8,
 * control characters and white space runs (including no-break spaces) folded
 * to one space, trimmed. */
static char *clean_field(const char *s, size_t n) {
  char *t = ledei_utf8_sanitize(s, n);
  size_t o = 0;
  int pending = 0;
  for (size_t i = 0; t[i]; i++) {
    unsigned char c = (unsigned char)t[i];
    if (c < 0x20 || c == 0x7F) {
      pending = 1;
      continue;
    }
    if (c == 0xC2 && (unsigned char)t[i + 1] == 0xA0) {
      pending = 1;
      i++;
      continue;
    }
    if (c == ' ') {
      pending = 1;
      continue;
    }
    if (pending && o > 0)
      t[o++] = ' ';
    pending = 0;
    t[o++] = t[i];
  }
  t[o] = '\0';
  return t;
}

/* Replaces *field with the cleaned form of [s, s+n), or NULL when that is
 * empty. */
static void set_field(char **field, const char *s, size_t n) {
  char *v = clean_field(s, n);
  free(*field);
  *field = v;
  if (!v[0]) {
    free(v);
    *field = NULL;
  }
}

/* Appends a key/value pair (both cleaned) to the article's meta array. */
static void add_meta(builder_t *b, const char *key, size_t klen, const char *val, size_t vlen) {
  lede_article_t *a = b->a;
  if (a->nmeta == b->meta_cap) {
    b->meta_cap = b->meta_cap ? b->meta_cap * 2 : 4;
    a->meta = ledei_xrealloc(a->meta, b->meta_cap * sizeof *a->meta);
  }
  a->meta[a->nmeta].key = clean_field(key, klen);
  a->meta[a->nmeta].value = clean_field(val, vlen);
  a->nmeta++;
}

/* Sets the article's date from [s, s+n) when it parses; otherwise keeps the
 * text as a "date" meta entry so nothing written is lost. */
static void set_date(builder_t *b, const char *s, size_t n) {
  char iso[11];
  if (ledei_date_parse(iso, s, n)) {
    free(b->a->date);
    b->a->date = ledei_xstrdup(iso);
  } else {
    char *v = clean_field(s, n);
    if (v[0])
      add_meta(b, "date", 4, v, strlen(v));
    free(v);
  }
}

/* Index of the end of the line starting at pos (its '\n', or len). */
static size_t line_end(const char *buf, size_t len, size_t pos) {
  const char *nl = pos < len ? memchr(buf + pos, '\n', len - pos) : NULL;
  return nl ? (size_t)(nl - buf) : len;
}

/* Index of the next line after the one ending at eol. */
static size_t next_line(size_t len, size_t eol) {
  return eol < len ? eol + 1 : len;
}

/* 1 if [buf+s, buf+e) holds only white space (ASCII or no-break spaces). */
static int is_blank(const char *buf, size_t s, size_t e) {
  for (size_t i = s; i < e; i++) {
    unsigned char c = (unsigned char)buf[i];
    if (is_space(c))
      continue;
    if (c == 0xC2 && i + 1 < e && (unsigned char)buf[i + 1] == 0xA0) {
      i++;
      continue;
    }
    return 0;
  }
  return 1;
}

/* Narrows [*s, *e) to exclude surrounding ASCII white space. */
static void trim(const char *buf, size_t *s, size_t *e) {
  while (*s < *e && is_space((unsigned char)buf[*s]))
    (*s)++;
  while (*e > *s && is_space((unsigned char)buf[*e - 1]))
    (*e)--;
}

/* Returns the start of the first non-blank line at or after pos (len if
 * none). */
static size_t skip_blank_lines(const char *buf, size_t len, size_t pos) {
  while (pos < len) {
    size_t eol = line_end(buf, len, pos);
    if (!is_blank(buf, pos, eol))
      return pos;
    pos = next_line(len, eol);
  }
  return len;
}

/* ------------------------------------------------------------------ */
/* Front matter                                                        */
/* ------------------------------------------------------------------ */

/* 1 if the line [s, e) is a front-matter fence ("---", trailing space
 * allowed); closing also accepts YAML's "...". */
static int is_fence(const char *buf, size_t s, size_t e, int closing) {
  while (e > s && is_space((unsigned char)buf[e - 1]))
    e--;
  if (e - s != 3)
    return 0;
  return memcmp(buf + s, "---", 3) == 0 || (closing && memcmp(buf + s, "...", 3) == 0);
}

/* 1 if byte c may appear in a front-matter key: an ASCII letter or digit,
 * '_', '-', '.', or any byte of a multi-byte (non-ASCII) character. */
static int is_key_byte(int c) {
  return is_alpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.' || c >= 0x80;
}

/* If the line [s, e) is "key: value", stores the key's end in *kend and the
 * value's start in *vstart and returns 1. Keys are made of is_key_byte()
 * bytes and do not start with '-' or '.'. */
static int split_key_line(const char *buf, size_t s, size_t e, size_t *kend, size_t *vstart) {
  size_t i = s;
  int c = byte_at(buf, e, i);
  if (!is_key_byte(c) || c == '-' || c == '.')
    return 0;
  while (i < e) {
    c = (unsigned char)buf[i];
    if (!is_key_byte(c))
      break;
    i++;
  }
  if (i >= e || buf[i] != ':')
    return 0;
  if (i + 1 < e && !is_space((unsigned char)buf[i + 1]))
    return 0;
  *kend = i;
  *vstart = i + 1;
  return 1;
}

/* Kind of a line inside a front-matter block. */
enum fm_line { FM_BAD, FM_SKIP, FM_KEY };

/* Classifies the line [s, e) of a front-matter block: a key line, a line to
 * ignore (blank, "# comment", an indented or "- " continuation), or a line
 * that shows the block is not front matter. */
static enum fm_line classify_fm_line(const char *buf, size_t s, size_t e) {
  size_t kend, vstart;
  if (is_blank(buf, s, e))
    return FM_SKIP;
  int c = (unsigned char)buf[s];
  if (c == '#' || c == ' ' || c == '\t' || c == '-')
    return FM_SKIP;
  return split_key_line(buf, s, e, &kend, &vstart) ? FM_KEY : FM_BAD;
}

/* Unquotes a front-matter value in place: "..." (with \" \\ \n \t escapes)
 * or '...' (with '' for a quote). Returns the new length. */
static size_t unquote(char *v, size_t n) {
  if (n < 2 || (v[0] != '"' && v[0] != '\'') || v[n - 1] != v[0])
    return n;
  char q = v[0];
  size_t o = 0;
  for (size_t i = 1; i + 1 < n; i++) {
    if (q == '"' && v[i] == '\\' && i + 2 < n) {
      char x = v[++i];
      v[o++] = x == 'n' ? '\n' : x == 't' ? '\t' : x;
    } else if (q == '\'' && v[i] == '\'' && i + 2 < n && v[i + 1] == '\'') {
      v[o++] = '\'';
      i++;
    } else {
      v[o++] = v[i];
    }
  }
  return o;
}

/* Applies one key/value pair to the article: title, source, date, url,
 * place and language are interpreted (keys ignore case), any
 * other key goes to meta. */
static void apply_key(builder_t *b, const char *key, size_t klen, const char *v, size_t vlen) {
  lede_article_t *a = b->a;
  if (equals_nocase(key, klen, "title"))
    set_field(&a->title, v, vlen);
  else if (equals_nocase(key, klen, "source"))
    set_field(&a->source, v, vlen);
  else if (equals_nocase(key, klen, "url"))
    set_field(&a->url, v, vlen);
  else if (equals_nocase(key, klen, "place"))
    set_field(&a->place, v, vlen);
  else if (equals_nocase(key, klen, "language"))
    set_field(&a->language, v, vlen);
  else if (equals_nocase(key, klen, "date"))
    set_date(b, v, vlen);
  else
    add_meta(b, key, klen, v, vlen);
}

/* Reads a front-matter block starting at pos. When the block is well formed
 * (opening and closing fences, at least one key line, no line that cannot
 * belong to front matter) applies its keys, stores the body's start in *body
 * and returns 1; otherwise returns 0 and changes nothing. */
static int read_front_matter(builder_t *b, const char *buf, size_t len, size_t pos, size_t *body) {
  size_t eol = line_end(buf, len, pos);
  if (eol == len || !is_fence(buf, pos, eol, 0))
    return 0;
  size_t first = next_line(len, eol), p = first, end = 0;
  int keys = 0, closed = 0;
  while (p < len) {
    eol = line_end(buf, len, p);
    if (is_fence(buf, p, eol, 1)) {
      closed = 1;
      end = next_line(len, eol);
      break;
    }
    enum fm_line kind = classify_fm_line(buf, p, eol);
    if (kind == FM_BAD)
      return 0;
    keys += kind == FM_KEY;
    p = next_line(len, eol);
  }
  if (!closed || keys == 0)
    return 0;
  for (p = first; p < len;) {
    eol = line_end(buf, len, p);
    if (is_fence(buf, p, eol, 1))
      break;
    size_t kend, vstart;
    if (classify_fm_line(buf, p, eol) == FM_KEY && split_key_line(buf, p, eol, &kend, &vstart)) {
      size_t vs = vstart, ve = eol;
      trim(buf, &vs, &ve);
      char *v = ledei_xstrndup(buf + vs, ve - vs);
      apply_key(b, buf + p, kend - p, v, unquote(v, ve - vs));
      free(v);
    }
    p = next_line(len, eol);
  }
  *body = end;
  return 1;
}

/* ------------------------------------------------------------------ */
/* Leading date line and headline                                      */
/* ------------------------------------------------------------------ */

/* Header lines longer than this (bytes) are text, and so are bylines longer
 * than BYLINE_MAX; a header has at most HEADER_LINES_MAX lines. */
#define META_LINE_MAX 160
#define BYLINE_MAX 100
#define BYLINE_WORDS_MAX 12
#define HEADER_LINES_MAX 6

/* What a date line says about its date. Higher wins when a header has
 * several: the publication date over a plain one over an update. */
enum date_kind { DATE_NONE, DATE_UPDATED, DATE_PLAIN, DATE_PUBLISHED };

/* Words that may introduce a date ("Published: November 9, 2023"). */
static const struct {
  const char *words;
  enum date_kind kind;
} date_prefixes[] = {
    {"first published on", DATE_PUBLISHED},
    {"first published", DATE_PUBLISHED},
    {"published on", DATE_PUBLISHED},
    {"published at", DATE_PUBLISHED},
    {"published", DATE_PUBLISHED},
    {"posted on", DATE_PUBLISHED},
    {"posted", DATE_PUBLISHED},
    {"last updated on", DATE_UPDATED},
    {"last updated", DATE_UPDATED},
    {"updated on", DATE_UPDATED},
    {"updated at", DATE_UPDATED},
    {"updated", DATE_UPDATED},
    {"last modified on", DATE_UPDATED},
    {"last modified", DATE_UPDATED},
    {"modified", DATE_UPDATED},
    {"dated", DATE_PLAIN},
    {"date", DATE_PLAIN},
};

/* Index of the date prefix the words at [s, e) start with (followed by ':'
 * or a space), storing where the date starts in *rest; -1 if none. */
static int date_prefix_at(const char *buf, size_t s, size_t e, size_t *rest) {
  for (size_t k = 0; k < sizeof date_prefixes / sizeof date_prefixes[0]; k++) {
    size_t n = strlen(date_prefixes[k].words);
    if (e - s <= n || !equals_nocase(buf + s, n, date_prefixes[k].words))
      continue;
    size_t p = s + n;
    while (p < e && buf[p] == ' ')
      p++;
    if (p < e && buf[p] == ':')
      p++;
    else if (p == s + n)
      continue; /* "Updatedness" */
    *rest = p;
    return (int)k;
  }
  return -1;
}

/* Reads [s, e) as a date, possibly after "Published:" or the like, into
 * iso; returns its kind (DATE_NONE if it is not a date). */
static enum date_kind date_text(char iso[11], const char *buf, size_t s, size_t e) {
  trim(buf, &s, &e);
  if (s == e || e - s > DATE_LINE_MAX)
    return DATE_NONE;
  if (ledei_date_parse(iso, buf + s, e - s))
    return DATE_PLAIN;
  size_t rest;
  int k = date_prefix_at(buf, s, e, &rest);
  if (k >= 0 && ledei_date_parse(iso, buf + rest, e - rest))
    return date_prefixes[k].kind;
  return DATE_NONE;
}

/* 1 if the line [s, e) ends like a sentence or a clause: ".", ",", ";" or
 * ":" (closing quotes and brackets aside), but not an ellipsis. Headlines
 * may end with "?" or "!". */
static int ends_like_sentence(const char *buf, size_t s, size_t e) {
  for (;;) {
    if (e > s && strchr("\"')]", buf[e - 1]))
      e--;
    else if (e - s >= 3 && (starts_with(buf + e - 3, 3, "\xE2\x80\x9D") ||
                            starts_with(buf + e - 3, 3, "\xE2\x80\x99")))
      e -= 3;
    else
      break;
  }
  if (e == s)
    return 0;
  /* The full stops of other scripts: 。 । ॥ ։ ። ۔ (a question mark, as ?, may end a headline). */
  static const char *const stops[] = {"\xE3\x80\x82", "\xE0\xA5\xA4", "\xE0\xA5\xA5",
                                      "\xD6\x89",     "\xE1\x8D\xA2", "\xDB\x94"};
  for (size_t k = 0; k < sizeof stops / sizeof *stops; k++) {
    size_t n = strlen(stops[k]);
    if (e - s >= n && memcmp(buf + e - n, stops[k], n) == 0)
      return 1;
  }
  char c = buf[e - 1];
  if (c == ',' || c == ';' || c == ':')
    return 1;
  if (c != '.')
    return 0;
  return !(e - s >= 3 && buf[e - 2] == '.' && buf[e - 3] == '.');
}

/* A dateline's parts, as byte offsets. */
typedef struct dateline {
  size_t place_s, place_e;   /* "LONDON" */
  size_t agency_s, agency_e; /* "Reuters"; agency_e == 0 if none */
  size_t text;               /* the text after the dash; 0 if none on its paragraph */
} dateline_t;

static int find_dateline(const char *buf, size_t len, size_t pos, dateline_t *d);
static size_t upper_at(const char *buf, size_t len, size_t i);

/* Lower-case words a byline may hold between names ("By Jane Doe and John
 * Roe in Seoul", "By Ludwig van Beethoven"). */
static const char *const name_joiners[] = {
    "and", "&",   "in",  "at",  "for", "of", "the", "with", "de", "da",  "del",
    "der", "den", "van", "von", "la",  "le", "du",  "dos",  "di", "bin", "al",
};

/* If [s, e) is a byline ("By Jane Doe", "BY JANE DOE", "By Jane Doe and
 * John Roe, Reuters"), stores the names' span in [*ns, *ne) and returns 1.
 * Decided by shape, so that a sentence starting with "By" stays one: short,
 * no final stop, every word capitalised but a few joiners. */
static int is_byline(const char *buf, size_t s, size_t e, size_t *ns, size_t *ne) {
  trim(buf, &s, &e);
  if (e - s > BYLINE_MAX || e - s < 4 ||
      !(starts_with(buf + s, e - s, "By") || starts_with(buf + s, e - s, "BY") ||
        starts_with(buf + s, e - s, "by")))
    return 0;
  size_t p = s + 2;
  if (buf[p] == ':')
    p++;
  if (buf[p] != ' ')
    return 0;
  size_t end = e;
  if (buf[end - 1] == '.') {
    /* A final initial or "Jr." is not a full stop. */
    size_t w = end - 1;
    while (w > p && buf[w - 1] != ' ')
      w--;
    if (end - w > 3 || !is_upper(byte_at(buf, e, w)))
      return 0;
  } else if (ends_like_sentence(buf, p, end) || buf[end - 1] == '?' || buf[end - 1] == '!') {
    return 0;
  }
  int words = 0, names = 0;
  for (size_t i = p; i < end;) {
    while (i < end && buf[i] == ' ')
      i++;
    size_t w = i;
    while (i < end && buf[i] != ' ')
      i++;
    size_t we = i;
    while (we > w && (buf[we - 1] == ',' || buf[we - 1] == ';'))
      we--;
    if (we == w)
      continue;
    if (buf[we - 1] == ':') /* "By The Numbers: ..." is a headline */
      return 0;
    int c = (unsigned char)buf[w];
    int joiner = 0;
    for (size_t k = 0; k < sizeof name_joiners / sizeof name_joiners[0]; k++)
      joiner |= equals_nocase(buf + w, we - w, name_joiners[k]) && !is_upper(c);
    if (!joiner && !(is_upper(c) || upper_at(buf, end, w) || c == '@')) /* @handle */
      return 0;
    if (joiner && names == 0)
      return 0;
    names += !joiner;
    if (++words > BYLINE_WORDS_MAX)
      return 0;
  }
  if (names == 0)
    return 0;
  while (p < e && buf[p] == ' ')
    p++;
  *ns = p;
  *ne = e;
  return 1;
}

/* What a header line holds: its best date, the first byline, the kind a
 * lone "Published" or "Updated:" label gives the date on the next line, and
 * a date that reads two ways. */
typedef struct meta_line {
  char iso[11];
  enum date_kind kind;
  size_t by_s, by_e; /* names of a byline; by_e == 0 if none */
  enum date_kind label;
  size_t amb_s, amb_e; /* "09/11/2023"; amb_e == 0 if none */
} meta_line_t;

/* Notes the date [s, e) in m when it is of a stronger kind than m's. */
static int note_date(meta_line_t *m, const char *buf, size_t s, size_t e) {
  char iso[11];
  enum date_kind k = date_text(iso, buf, s, e);
  if (k > m->kind) {
    m->kind = k;
    memcpy(m->iso, iso, sizeof iso);
  }
  return k != DATE_NONE;
}

/* Notes the byline [s, e) in m unless m has one; returns 1 if it is one. */
static int note_byline(meta_line_t *m, const char *buf, size_t s, size_t e) {
  size_t ns, ne;
  if (!is_byline(buf, s, e, &ns, &ne))
    return 0;
  if (!m->by_e) {
    m->by_s = ns;
    m->by_e = ne;
  }
  return 1;
}

/* 1 if [s, e) is a numeric date ledei_date_parse() leaves unread (one that
 * reads two ways, "09/11/2023", or has a two-digit year, "29.11.23"),
 * possibly after "Published" or the like
 * and before a time: a header line all the same, with no date to take.
 * *date gets where the date starts. */
static int ambiguous_date(const char *buf, size_t s, size_t e, size_t *date) {
  size_t rest;
  if (date_prefix_at(buf, s, e, &rest) >= 0)
    s = rest;
  while (s < e && buf[s] == ' ')
    s++;
  *date = s;
  size_t p = s;
  char sep = 0;
  for (int part = 0; part < 3; part++) {
    size_t d = p;
    while (p < e && is_digit((unsigned char)buf[p]))
      p++;
    if (p == d || p - d > 2 + 2 * (part == 2) || (part == 2 && p - d != 2 && p - d != 4))
      return 0;
    if (part < 2) { /* the same separator twice: '/', '.' or '-' */
      if (p >= e || !strchr("/.-", buf[p]) || (sep && buf[p] != sep))
        return 0;
      sep = buf[p++];
    }
  }
  /* A time may follow ("09/11/2023 10:30 GMT"), nothing else. */
  if (p < e && buf[p] != ' ' && buf[p] != ',')
    return 0;
  for (size_t q = p; q < e; q++)
    if (!(is_digit((unsigned char)buf[q]) || is_upper((unsigned char)buf[q]) || buf[q] == ' ' ||
          buf[q] == ':' || buf[q] == ',' || buf[q] == '.' || buf[q] == 'a' || buf[q] == 'p' ||
          buf[q] == 'm'))
      return 0;
  return e - p <= 20;
}

/* 1 if [s, e) is a time relative to when the page was shown ("3 hours
 * ago", "an hour ago", "5m ago", "yesterday", "just now"), possibly after
 * "Updated" or the like: a header line all the same, with no date to take
 * (the text does not say when it was shown). */
static int relative_date(const char *buf, size_t s, size_t e) {
  static const char *const units[] = {
      "seconds", "second", "secs", "sec",    "s",     "minutes", "minute", "mins", "min",
      "m",       "hours",  "hour", "hrs",    "hr",    "h",       "days",   "day",  "d",
      "weeks",   "week",   "w",    "months", "month", "years",   "year",   "yrs",  "yr"};
  size_t rest;
  trim(buf, &s, &e);
  if (date_prefix_at(buf, s, e, &rest) >= 0)
    s = rest;
  while (s < e && buf[s] == ' ')
    s++;
  if (equals_nocase(buf + s, e - s, "yesterday") || equals_nocase(buf + s, e - s, "just now"))
    return 1;
  if (e - s < 5 || !equals_nocase(buf + e - 4, 4, " ago"))
    return 0;
  e -= 4;
  size_t p = s;
  while (p < e && is_digit((unsigned char)buf[p]))
    p++;
  if (p == s) { /* "a", "an", "one" */
    while (p < e && is_alpha((unsigned char)buf[p]))
      p++;
    if (!equals_nocase(buf + s, p - s, "a") && !equals_nocase(buf + s, p - s, "an") &&
        !equals_nocase(buf + s, p - s, "one"))
      return 0;
  } else if (p - s > 3) {
    return 0;
  }
  if (p < e && buf[p] == ' ')
    p++;
  for (size_t k = 0; k < sizeof units / sizeof *units; k++)
    if (equals_nocase(buf + p, e - p, units[k]))
      return 1;
  return 0;
}

/* Reads one segment of a header line into m: a date, a byline, a lone
 * "Published" label, a byline then a date, or two dates in a row
 * ("Published March 14, 2024 Updated March 15, 2024"). Returns 1 if it was
 * one of those. */
static int meta_segment(meta_line_t *m, const char *buf, size_t s, size_t e) {
  trim(buf, &s, &e);
  size_t ns, ne, rest;
  if (note_date(m, buf, s, e))
    return 1;
  size_t d;
  if (ambiguous_date(buf, s, e, &d)) {
    if (!m->amb_e) {
      m->amb_s = d;
      m->amb_e = e;
    }
    return 1;
  }
  if (note_byline(m, buf, s, e) || relative_date(buf, s, e))
    return 1;
  size_t le = e;
  while (le > s && (buf[le - 1] == ':' || buf[le - 1] == ' '))
    le--;
  for (size_t k = 0; k < sizeof date_prefixes / sizeof date_prefixes[0]; k++) {
    if (equals_nocase(buf + s, le - s, date_prefixes[k].words)) {
      m->label = date_prefixes[k].kind; /* "Published" alone, the date below */
      return 1;
    }
  }
  for (size_t p = s + 1; p < e; p++) {
    /* A byline and then a date: "by Jane Doe July 10, 2015". */
    if (buf[p - 1] == ' ' && is_byline(buf, s, p, &ns, &ne) && note_date(m, buf, p, e))
      return note_byline(m, buf, s, p);
  }
  for (size_t p = s + 1; p < e; p++) {
    if (buf[p - 1] != ' ' || date_prefix_at(buf, p, e, &rest) < 0)
      continue;
    size_t fe = p;
    while (fe > s && strchr(" ,.;", buf[fe - 1]))
      fe--;
    meta_line_t two = *m;
    if (note_date(&two, buf, s, fe) && note_date(&two, buf, p, e)) {
      *m = two;
      return 1;
    }
  }
  return 0;
}

/* Length of a header-line separator at i ('|', '·', '•', or " / "), 0 if
 * none. */
static size_t meta_sep_at(const char *buf, size_t e, size_t i) {
  if (buf[i] == '|')
    return 1;
  if (starts_with(buf + i, e - i, "\xC2\xB7"))
    return 2;
  if (starts_with(buf + i, e - i, "\xE2\x80\xA2"))
    return 3;
  if (starts_with(buf + i, e - i, " / "))
    return 3;
  return 0;
}

/* 1 if the line [s, e) is a header line: its segments (split at '|', '·',
 * '•', " / ") are dates and bylines, beside at most short labels ("5 min
 * read", "Reuters"), and at least one is a date or a byline. Fills m. */
static int meta_line(meta_line_t *m, const char *buf, size_t s, size_t e) {
  memset(m, 0, sizeof *m);
  trim(buf, &s, &e);
  if (s == e || e - s > META_LINE_MAX)
    return 0;
  int useful = 0;
  for (size_t p = s; p <= e;) {
    size_t q = p, k = 0;
    while (q < e && (k = meta_sep_at(buf, e, q)) == 0)
      q++;
    if (meta_segment(m, buf, p, q)) {
      useful = 1;
    } else {
      size_t ls = p, le = q;
      trim(buf, &ls, &le);
      if (le - ls > 24 || ends_like_sentence(buf, ls, le))
        return 0;
    }
    if (q == e)
      break;
    p = q + k;
  }
  return useful;
}

/* 1 if the line [s, e) is a headline: followed by a blank line and then more
 * text, or directly by a header line (a date, a byline); at most
 * HEADLINE_MAX_CHARS characters, with a letter in it, not ending like a
 * sentence and not starting with a dateline. */
static int is_headline(const char *buf, size_t len, size_t s, size_t e) {
  size_t after = next_line(len, e);
  if (e == len || after >= len)
    return 0;
  size_t eol2 = line_end(buf, len, after);
  meta_line_t m;
  if (is_blank(buf, after, eol2)) {
    if (skip_blank_lines(buf, len, after) >= len)
      return 0;
  } else if (!meta_line(&m, buf, after, eol2)) {
    return 0;
  }
  trim(buf, &s, &e);
  size_t chars = 0;
  int letter = 0, lower = 0;
  for (size_t i = s; i < e; i++) {
    unsigned char c = (unsigned char)buf[i];
    chars += (c & 0xC0) != 0x80;
    letter |= is_alpha(c) || c >= 0x80;
    lower |= c >= 'a' && c <= 'z';
  }
  if (chars == 0 || chars > HEADLINE_MAX_CHARS || !letter)
    return 0;
  /* "... WITH U.S." ends with an initialism, not a full stop: trusted in an
   * all-capitals line (newswire titles) and just above a header line. */
  int initialism = e - s >= 4 && buf[e - 1] == '.' && is_upper(byte_at(buf, e, e - 2)) &&
                   buf[e - 3] == '.' && is_upper(byte_at(buf, e, e - 4));
  if (ends_like_sentence(buf, s, e) && !(initialism && (!lower || !is_blank(buf, after, eol2))))
    return 0;
  /* A dateline's text goes on in lower case; "U.K. GROWING IMPATIENT WITH
   * JAPAN - THATCHER" is a newswire title. */
  dateline_t d;
  return !lower || !find_dateline(buf, e, s, &d);
}

/* Reads the header a text without front matter may open with, starting at
 * pos: up to HEADER_LINES_MAX lines that are a headline (first, or after a
 * date), date lines and bylines, in any order and with blank lines between
 * them. Sets the title, the date (published over plain over updated) and
 * meta "author"; returns where the body starts. */
static size_t read_leading_lines(builder_t *b, const char *buf, size_t len, size_t pos) {
  meta_line_t best = {"", DATE_NONE, 0, 0, DATE_NONE, 0, 0};
  size_t amb_s = 0, amb_e = 0; /* the first date that reads two ways */
  enum date_kind label = DATE_NONE;
  int titled = 0, bylined = 0;
  for (int n = 0; n < HEADER_LINES_MAX; n++) {
    size_t s = skip_blank_lines(buf, len, pos);
    if (s >= len)
      break;
    size_t e = line_end(buf, len, s);
    meta_line_t m;
    if (meta_line(&m, buf, s, e)) {
      if (m.kind == DATE_PLAIN && label != DATE_NONE)
        m.kind = label;
      label = m.kind == DATE_NONE ? m.label : DATE_NONE;
      if (m.kind > best.kind)
        best = m;
      if (m.amb_e && !amb_e) {
        amb_s = m.amb_s;
        amb_e = m.amb_e;
      }
      if (m.by_e && !bylined) {
        add_meta(b, "author", 6, buf + m.by_s, m.by_e - m.by_s);
        bylined = 1;
      }
    } else if (!titled && !bylined && is_headline(buf, len, s, e)) {
      size_t ts = s, te = e;
      trim(buf, &ts, &te);
      set_field(&b->a->title, buf + ts, te - ts);
      titled = 1;
    } else {
      break;
    }
    pos = next_line(len, e);
  }
  if (best.kind != DATE_NONE)
    b->a->date = ledei_xstrdup(best.iso);
  else if (amb_e) /* kept, as a date front matter states and lede cannot read */
    add_meta(b, "date", 4, buf + amb_s, amb_e - amb_s);
  return pos;
}

/* ------------------------------------------------------------------ */
/* Datelines                                                           */
/* ------------------------------------------------------------------ */

/* Upper-case words that open a paragraph like a place but are labels (news
 * slugs, structured-abstract headings). */
static const char *const not_places[] = {
    "breaking",   "update",    "updated", "exclusive",  "analysis",     "watch",
    "opinion",    "editorial", "live",    "correction", "factbox",      "column",
    "note",       "photo",     "photos",  "video",      "review",       "interview",
    "file",       "urgent",    "flash",   "abstract",   "background",   "objective",
    "objectives", "methods",   "results", "conclusion", "conclusions",  "summary",
    "purpose",    "aim",       "aims",    "context",    "introduction", "design",
    "setting",    "findings",  "warning", "caution",    "important",    "corrected",
    "refile",     "advisory",  "graphic", "audio",      "podcast",      "listen",
    "sponsored",  "explainer",
};

/* Length of an upper-case letter at i: an ASCII capital (1) or a Latin-1
 * capital in UTF-8 (2, U+00C0-U+00DE but U+00D7); 0 if none. */
static size_t upper_at(const char *buf, size_t len, size_t i) {
  int c = byte_at(buf, len, i);
  if (is_upper(c))
    return 1;
  int c2 = byte_at(buf, len, i + 1);
  if (c == 0xC3 && c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97)
    return 2;
  return 0;
}

/* Length of a dash at i ("-", "--", en dash, em dash) followed by white
 * space (an en or em dash may also touch the next word); 0 if none. */
static size_t dash_at(const char *buf, size_t len, size_t i) {
  size_t n = 0;
  int touching_ok = 0;
  if (starts_with(buf + i, len - i, "\xE2\x80\x93") ||
      starts_with(buf + i, len - i, "\xE2\x80\x94")) {
    n = 3;
    touching_ok = 1;
  } else if (starts_with(buf + i, len - i, "--")) {
    n = 2;
  } else if (byte_at(buf, len, i) == '-') {
    n = 1;
  } else {
    return 0;
  }
  if (i + n == len || is_space(byte_at(buf, len, i + n)) || touching_ok)
    return n;
  return 0;
}

/* Reads a run of upper-case words ("NEW YORK", "ST. LOUIS", "D.C.") from
 * *pos; returns the number of words (0: none, cursor unchanged) and counts
 * ASCII capitals in *caps. */
static int read_upper_words(const char *buf, size_t len, size_t *pos, size_t *caps) {
  size_t i = *pos, end = *pos;
  int words = 0;
  *caps = 0;
  for (;;) {
    size_t k = upper_at(buf, len, i);
    if (k == 0)
      break;
    size_t j = i;
    size_t c = 0;
    while (j < len) {
      k = upper_at(buf, len, j);
      if (k) {
        c += k == 1;
        j += k;
        continue;
      }
      int ch = byte_at(buf, len, j);
      if (ch == '.' || ch == '\'' || ch == '&') {
        j++;
        continue;
      }
      if (ch == '-' && upper_at(buf, len, j + 1)) {
        j++;
        continue;
      }
      break;
    }
    /* A word must end at a space, comma, parenthesis or dash. */
    int next = byte_at(buf, len, j);
    if (!(j == len || next == ' ' || next == ',' || next == '\t' || dash_at(buf, len, j)))
      break;
    words++;
    *caps += c;
    end = j;
    if (next == ' ' && upper_at(buf, len, j + 1)) {
      i = j + 1;
      continue;
    }
    break;
  }
  if (words)
    *pos = end;
  return words;
}

/* 1 if "[s, s+n) 2000" is a date: a month and a day, in either order and
 * in any language ledei_date_parse() reads ("Feb 26", "3 mars"; checked in
 * 2000, a leap year, so "Feb 29" passes). */
static int month_day_ok(const char *s, size_t n) {
  char tmp[48], iso[11];
  if (n + 6 > sizeof tmp)
    return 0;
  memcpy(tmp, s, n);
  memcpy(tmp + n, " 2000", 5);
  if (ledei_date_parse(iso, tmp, n + 5))
    return 1;
  memcpy(tmp + n, ", 2000", 6);
  return ledei_date_parse(iso, tmp, n + 6);
}

/* Reads ", Month Day" ("March 3", "Feb 26", "Feb. 26") or, as datelines in
 * other languages write it, ", Day Month" ("3 mars", "3. März") at *pos. */
static int read_month_day(const char *buf, size_t len, size_t *pos) {
  size_t i = *pos, w = i;
  if (is_digit(byte_at(buf, len, i))) {
    while (i < len && is_digit((unsigned char)buf[i]) && i - w < 3)
      i++;
    if (i - w > 2)
      return 0;
    if (byte_at(buf, len, i) == '.')
      i++;
    if (byte_at(buf, len, i) != ' ')
      return 0;
    size_t ms = ++i;
    while (i < len && (is_alpha((unsigned char)buf[i]) || (unsigned char)buf[i] >= 0x80) &&
           i - ms <= 12)
      i++;
    if (i == ms || i - ms > 12 || !month_day_ok(buf + w, i - w))
      return 0;
    *pos = i;
    return 1;
  }
  while (i < len && is_alpha((unsigned char)buf[i]))
    i++;
  if (i == w || i - w > 9)
    return 0;
  if (byte_at(buf, len, i) == '.')
    i++;
  if (byte_at(buf, len, i) != ' ')
    return 0;
  i++;
  size_t ds = i;
  while (i < len && is_digit((unsigned char)buf[i]) && i - ds < 3)
    i++;
  if (i == ds || i - ds > 2 || is_digit(byte_at(buf, len, i)))
    return 0;
  if (!month_day_ok(buf + w, i - w))
    return 0;
  *pos = i;
  return 1;
}

/* Reads a region after the place: upper-case words ("D.C."), a capitalised
 * abbreviation ending in '.' ("Ore.", "N.Y.", "Calif.") or up to three
 * capitalised words ("Ohio", "West Germany", "New South Wales", "Québec";
 * what follows decides: the caller wants a comma, an agency or the dash). */
static int read_region(const char *buf, size_t len, size_t *pos) {
  size_t caps;
  if (read_upper_words(buf, len, pos, &caps))
    return 1;
  size_t i = *pos;
  if (!is_upper(byte_at(buf, len, i)))
    return 0;
  while (i < len && (is_alpha((unsigned char)buf[i]) || buf[i] == '.') && i - *pos < 10)
    i++;
  if (buf[i - 1] == '.') {
    *pos = i;
    return 1;
  }
  size_t j = *pos, end = 0;
  for (int words = 0; words < 3 && is_upper(byte_at(buf, len, j)); words++) {
    size_t s = j++;
    while (j < len && ((buf[j] >= 'a' && buf[j] <= 'z') || (unsigned char)buf[j] >= 0x80))
      j++;
    if (j - s < 3) /* "A", "Mr": not a region */
      break;
    end = j;
    if (byte_at(buf, len, j) != ' ')
      break;
    j++;
  }
  if (!end)
    return 0;
  *pos = end;
  return 1;
}

/* Reads " (Reuters)", "(AP)", "(dpa)": a parenthesised agency name, whose
 * bytes go to [*s, *e). */
static int read_agency(const char *buf, size_t len, size_t *pos, size_t *as, size_t *ae) {
  size_t i = *pos;
  while (byte_at(buf, len, i) == ' ')
    i++;
  if (byte_at(buf, len, i) != '(' || !is_alpha(byte_at(buf, len, i + 1)))
    return 0;
  size_t s = ++i;
  while (i < len && i - s <= 40) {
    int c = (unsigned char)buf[i];
    if (c == ')')
      break;
    if (!(is_alpha(c) || c == ' ' || c == '.' || c == '&' || c == '-' || c == '\''))
      return 0;
    i++;
  }
  if (byte_at(buf, len, i) != ')')
    return 0;
  /* A label is no agency: "(Photo) - A man ...", "(Update) - ...". */
  for (size_t k = 0; k < sizeof not_places / sizeof not_places[0]; k++)
    if (equals_nocase(buf + s, i - s, not_places[k]))
      return 0;
  *as = s;
  *ae = i;
  *pos = i + 1;
  return 1;
}

/* Finds a dateline at pos: upper-case place words, optional ", Region" and
 * ", Month Day", an optional "(Agency)", then a dash and the text, which
 * starts like a sentence (not with a lower-case letter: "NATO - the
 * alliance said" names no place). Fills d and returns 1 if there is one. */
static int find_dateline(const char *buf, size_t len, size_t pos, dateline_t *d) {
  size_t i = pos, caps;
  int words = read_upper_words(buf, len, &i, &caps);
  if (words == 0) {
    /* No place: "(Reuters) - ", "March 3 (Reuters) - " (a wire story as
     * some sites print it), the agency required. */
    size_t as, ae;
    read_month_day(buf, len, &i);
    if (!read_agency(buf, len, &i, &as, &ae))
      return 0;
    while (byte_at(buf, len, i) == ' ')
      i++;
    size_t dash = dash_at(buf, len, i);
    if (!dash)
      return 0;
    size_t t = i + dash;
    while (t < len && (buf[t] == ' ' || buf[t] == '\t'))
      t++;
    int c = byte_at(buf, len, t);
    if (t >= len || buf[t] == '\n' || buf[t] == '\r' || (c >= 'a' && c <= 'z'))
      return 0;
    d->place_s = d->place_e = 0;
    d->agency_s = as;
    d->agency_e = ae;
    d->text = t;
    return 1;
  }
  if (words > 5 || caps < 2 || i - pos > PLACE_MAX)
    return 0;
  size_t w = pos;
  while (w < i && buf[w] != ' ' && buf[w] != '-')
    w++;
  for (size_t k = 0; k < sizeof not_places / sizeof not_places[0]; k++)
    if (equals_nocase(buf + pos, w - pos, not_places[k]))
      return 0;
  size_t pe = i;
  int parts = 0;
  while (byte_at(buf, len, i) == ',' && parts < 3) {
    size_t j = i + 1;
    if (byte_at(buf, len, j) != ' ')
      return 0;
    j++;
    if (!read_month_day(buf, len, &j) && !read_region(buf, len, &j))
      return 0;
    if (byte_at(buf, len, j) == ',' && byte_at(buf, len, j + 1) != ' ')
      return 0;
    i = j;
    parts++;
  }
  size_t as = 0, ae = 0;
  read_agency(buf, len, &i, &as, &ae);
  while (byte_at(buf, len, i) == ' ' || byte_at(buf, len, i) == '\t')
    i++;
  size_t dash = dash_at(buf, len, i);
  if (!dash)
    return 0;
  /* The text: after the dash and the white space of its line (a wrapped
   * paragraph may go on on the next line, a blank line ends it). */
  size_t t = i + dash;
  while (t < len && (buf[t] == ' ' || buf[t] == '\t' || buf[t] == '\r'))
    t++;
  if (t < len && buf[t] == '\n') {
    t++;
    while (t < len && (buf[t] == ' ' || buf[t] == '\t' || buf[t] == '\r'))
      t++;
  }
  int c = byte_at(buf, len, t);
  if (c >= 'a' && c <= 'z')
    return 0;
  d->place_s = pos;
  d->place_e = pe;
  d->agency_s = as;
  d->agency_e = ae;
  d->text = t < len && buf[t] != '\n' ? t : 0;
  return 1;
}

/* Reads a dateline at the start of the body (the first non-blank byte at or
 * after pos): records its place, unless the article has one, and its
 * agency as the source when source_open and the article has none; returns
 * where the text after it starts, which the sentences start from (pos when
 * there is no dateline, or no text after it on its paragraph). */
static size_t read_dateline(builder_t *b, const char *buf, size_t len, size_t pos,
                            int source_open) {
  size_t at = pos;
  while (at < len && is_space((unsigned char)buf[at]))
    at++;
  dateline_t d;
  if (!find_dateline(buf, len, at, &d))
    return pos;
  if (!b->a->place && d.place_e > d.place_s)
    set_field(&b->a->place, buf + d.place_s, d.place_e - d.place_s);
  if (source_open && !b->a->source && d.agency_e)
    set_field(&b->a->source, buf + d.agency_s, d.agency_e - d.agency_s);
  return d.text ? d.text : pos;
}

/* See lede_private.h. */
size_t ledei_text_lead(lede_article_t *a, const char *text, size_t len, int source_open) {
  builder_t b = {a, a->nmeta};
  int bylined = 0;
  for (size_t i = 0; i < a->nmeta; i++)
    bylined |= strcmp(a->meta[i].key, "author") == 0;
  meta_line_t best = {"", DATE_NONE, 0, 0, DATE_NONE, 0, 0};
  enum date_kind label = DATE_NONE;
  size_t pos = 0;
  for (int n = 0; n < HEADER_LINES_MAX; n++) {
    size_t s = skip_blank_lines(text, len, pos);
    if (s >= len)
      break;
    size_t e = line_end(text, len, s);
    meta_line_t m;
    if (!meta_line(&m, text, s, e))
      break;
    if (m.kind == DATE_PLAIN && label != DATE_NONE)
      m.kind = label;
    label = m.kind == DATE_NONE ? m.label : DATE_NONE;
    if (m.kind > best.kind)
      best = m;
    if (m.by_e && !bylined) {
      add_meta(&b, "author", 6, text + m.by_s, m.by_e - m.by_s);
      bylined = 1;
    }
    pos = next_line(len, e);
  }
  if (best.kind != DATE_NONE && !a->date)
    a->date = ledei_xstrdup(best.iso);
  if (pos)
    pos = skip_blank_lines(text, len, pos);
  return read_dateline(&b, text, len, pos, source_open);
}

/* See lede_private.h. */
lede_status_t ledei_text_segment(lede_span_t **out, size_t *out_count, lede_article_t *a,
                                 const char *text, size_t len, int source_open) {
  *out = NULL;
  *out_count = 0;
  size_t lead = ledei_text_lead(a, text, len, source_open);
  if (len <= lead)
    return LEDE_OK;
  lede_status_t rc = ledei_segment(out, out_count, text + lead, len - lead);
  for (size_t i = 0; rc == LEDE_OK && i < *out_count; i++) {
    (*out)[i].start += lead;
    (*out)[i].end += lead;
  }
  return rc;
}

/* ------------------------------------------------------------------ */
/* Articles                                                            */
/* ------------------------------------------------------------------ */

/* Allocates an article for path with the id hashed from [idsrc, idsrc+n). */
static lede_article_t *new_article(const char *path, const char *idsrc, size_t n) {
  lede_article_t *a = ledei_xcalloc(1, sizeof *a);
  char id[17];
  ledei_hash_hex(id, idsrc, n);
  a->id = ledei_xstrdup(id);
  a->path = clean_field(path, strlen(path));
  return a;
}

/* Fills in the source when the text named none: default_source, else the
 * path. */
static void default_source_for(lede_article_t *a, const char *path, const char *default_source) {
  if (a->source)
    return;
  const char *s = default_source ? default_source : path;
  a->source = clean_field(s, strlen(s));
}

/* Splits [text+body, text+len) into sentences and stores them with spans
 * relative to text; spans whose display text is empty are dropped. */
static void add_sentences(lede_article_t *a, const char *text, size_t len, size_t body) {
  lede_span_t *spans = NULL;
  size_t n = 0;
  if (body >= len || ledei_segment(&spans, &n, text + body, len - body) != LEDE_OK) {
    free(spans);
    return;
  }
  a->sentences = ledei_xcalloc(n, sizeof *a->sentences);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    lede_span_t sp = {spans[i].start + body, spans[i].end + body};
    char *t = ledei_span_text(text, sp);
    if (!t[0]) { /* nothing to show (NUL bytes only, say): not a sentence */
      free(t);
      continue;
    }
    a->sentences[kept].text = t;
    a->sentences[kept].start = sp.start;
    a->sentences[kept].end = sp.end;
    kept++;
  }
  a->nsentences = kept;
  free(spans);
}

/* Sets where each sentence starts in text, the bytes its spans point into:
 * line and column from 1, the column counted in characters. */
static void set_positions(lede_article_t *a, const char *text, size_t len) {
  unsigned line = 1, column = 1;
  size_t at = 0;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
    at = 3; /* a byte order mark is no character of the first line */
  for (size_t i = 0; i < a->nsentences; i++) {
    size_t start = a->sentences[i].start < len ? a->sentences[i].start : len;
    for (; at < start; at++) {
      unsigned char c = (unsigned char)text[at];
      /* A line ends at "\n", "\r\n" or a lone "\r" (old Mac files). */
      if (c == '\n' || (c == '\r' && (at + 1 >= len || text[at + 1] != '\n'))) {
        line++;
        column = 1;
      } else if (c == '\r') {
        continue;
      } else if ((c & 0xC0) != 0x80) {
        column++; /* not a continuation byte: a new character */
      }
    }
    a->sentences[i].line = line;
    a->sentences[i].column = column;
  }
}

/* Parses one article from a file's bytes; see lede.h. */
lede_status_t lede_article_parse(lede_article_t **out, const char *buf, size_t len,
                                 const char *path, const char *default_source) {
  if (out)
    *out = NULL;
  if (!out || !path || (!buf && len))
    return ledei_error(LEDE_ERR_INVALID, "lede_article_parse: missing argument");
  if (!buf)
    buf = "";
  builder_t b = {new_article(path, path, strlen(path)), 0};
  size_t pos = starts_with(buf, len, "\xEF\xBB\xBF") ? 3 : 0;
  size_t body;
  if (!read_front_matter(&b, buf, len, pos, &body))
    body = read_leading_lines(&b, buf, len, pos);
  body = read_dateline(&b, buf, len, body, 1);
  if (!b.a->date)
    b.a->date = html_date_in_url(b.a->url);
  default_source_for(b.a, path, default_source);
  add_sentences(b.a, buf, len, body);
  set_positions(b.a, buf, len);
  *out = b.a;
  return LEDE_OK;
}

/* Applies a JSONL record's member to the article under construction: known
 * keys are interpreted, "_id"/"id" go to meta as "id", other string members
 * go to meta, anything else is ignored. */
static void apply_json_member(builder_t *b, const cJSON *item, const cJSON *text_item) {
  const char *k = item->string;
  if (!k || item == text_item)
    return;
  size_t klen = strlen(k);
  if (equals_nocase(k, klen, "_id") || equals_nocase(k, klen, "id")) {
    if (cJSON_IsString(item)) {
      add_meta(b, "id", 2, item->valuestring, strlen(item->valuestring));
    } else if (cJSON_IsNumber(item)) {
      char *num = cJSON_PrintUnformatted(item);
      if (num)
        add_meta(b, "id", 2, num, strlen(num));
      cJSON_free(num);
    }
    return;
  }
  if (!cJSON_IsString(item))
    return;
  apply_key(b, k, klen, item->valuestring, strlen(item->valuestring));
}

/* Returns a copy of the JSON text [s, s+n) in which every escape \u0000
 * (outside other escapes) is replaced by \u0020, the same length; or NULL
 * when there is none. */
static char *escape_nuls_as_spaces(const char *s, size_t n) {
  char *copy = NULL;
  int in_string = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"') {
      in_string = !in_string;
    } else if (in_string && s[i] == '\\' && i + 1 < n) {
      if (s[i + 1] == 'u' && i + 5 < n && memcmp(s + i + 2, "0000", 4) == 0) {
        if (!copy) {
          copy = ledei_xmalloc(n + 1);
          memcpy(copy, s, n);
          copy[n] = '\0';
        }
        memcpy(copy + i + 2, "0020", 4);
      }
      i++; /* skip the escaped character */
    }
  }
  return copy;
}

/* Parses one JSONL line [line, line+n) (number lineno) into *out. On a
 * malformed line returns 0 and writes the reason into why. */
static int parse_json_record_text(lede_article_t **out, const char *line, size_t n, size_t lineno,
                                  const char *path, const char *default_source, char *why,
                                  size_t whylen) {
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(line, n, &end, 0);
  if (root && end && !is_blank(line, (size_t)(end - line), n)) {
    cJSON_Delete(root);
    root = NULL;
  }
  if (!root) {
    snprintf(why, whylen, "line %zu: not valid JSON", lineno);
    return 0;
  }
  if (!cJSON_IsObject(root)) {
    snprintf(why, whylen, "line %zu: not a JSON object", lineno);
    cJSON_Delete(root);
    return 0;
  }
  cJSON *text = cJSON_GetObjectItemCaseSensitive(root, "text");
  if (!cJSON_IsString(text))
    text = cJSON_GetObjectItemCaseSensitive(root, "body");
  if (!cJSON_IsString(text)) {
    snprintf(why, whylen, "line %zu: no \"text\" string", lineno);
    cJSON_Delete(root);
    return 0;
  }
  size_t plen = strlen(path);
  char *idsrc = ledei_xmalloc(plen + 32);
  int idlen = snprintf(idsrc, plen + 32, "%s#%zu", path, lineno);
  builder_t b = {new_article(path, idsrc, (size_t)idlen), 0};
  free(idsrc);
  for (const cJSON *item = root->child; item; item = item->next)
    apply_json_member(&b, item, text);
  const char *t = text->valuestring;
  size_t tlen = strlen(t);
  size_t body = read_dateline(&b, t, tlen, 0, 1);
  if (!b.a->date)
    b.a->date = html_date_in_url(b.a->url);
  default_source_for(b.a, path, default_source);
  add_sentences(b.a, t, tlen, body);
  for (size_t i = 0; i < b.a->nsentences; i++)
    b.a->sentences[i].line = (unsigned)lineno; /* the record's line; no column */
  cJSON_Delete(root);
  *out = b.a;
  return 1;
}

/* parse_json_record_text() on the line with escaped NULs made spaces:
 * cJSON ends a string at an escaped NUL, and lede reads a NUL as a space
 * anyway, so the text after it is kept. */
static int parse_json_record(lede_article_t **out, const char *line, size_t n, size_t lineno,
                             const char *path, const char *default_source, char *why,
                             size_t whylen) {
  char *fixed = escape_nuls_as_spaces(line, n);
  int ok = parse_json_record_text(out, fixed ? fixed : line, n, lineno, path, default_source, why,
                                  whylen);
  free(fixed);
  return ok;
}

/* 1 if path ends with ".jsonl" (any case). */
static int is_jsonl_path(const char *path) {
  size_t n = strlen(path);
  return n >= 6 && equals_nocase(path + n - 6, 6, ".jsonl");
}

/* Reads every record of a JSONL buffer into an article array. */
static void read_jsonl(lede_article_t ***out, size_t *out_count, size_t *bad, const char *buf,
                       size_t len, const char *path, const char *default_source) {
  lede_article_t **v = NULL;
  size_t n = 0, cap = 0, lineno = 0;
  char first_why[128] = "";
  for (size_t p = 0; p < len;) {
    size_t eol = line_end(buf, len, p);
    lineno++;
    if (!is_blank(buf, p, eol)) {
      lede_article_t *a = NULL;
      char why[128];
      if (parse_json_record(&a, buf + p, eol - p, lineno, path, default_source, why, sizeof why)) {
        if (n == cap) {
          cap = cap ? cap * 2 : 16;
          v = ledei_xrealloc(v, cap * sizeof *v);
        }
        v[n++] = a;
      } else {
        if (*bad == 0)
          memcpy(first_why, why, sizeof why);
        (*bad)++;
      }
    }
    p = next_line(len, eol);
  }
  if (*bad)
    ledei_error(LEDE_ERR_INVALID, "%s", first_why);
  *out = v;
  *out_count = n;
}

/* Cuts s to at most max bytes, at a character boundary, ending with "…"
 * (fields are valid UTF-8 by now). */
static void cap_field(char *s, size_t max) {
  if (!s || strlen(s) <= max)
    return;
  size_t cut = max - 3;
  while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
    cut--;
  memcpy(s + cut, "\xE2\x80\xA6", 4); /* "…" and the NUL */
}

/* Applies the LEDE_MAX_* bounds of lede.h to an article's fields. */
static void cap_fields(lede_article_t *a) {
  cap_field(a->title, LEDE_MAX_TITLE);
  cap_field(a->url, LEDE_MAX_URL);
  cap_field(a->source, LEDE_MAX_SOURCE);
  cap_field(a->place, LEDE_MAX_PLACE);
  cap_field(a->language, LEDE_MAX_LANGUAGE);
  for (size_t i = LEDE_MAX_META_KEYS; i < a->nmeta; i++) {
    free(a->meta[i].key);
    free(a->meta[i].value);
  }
  if (a->nmeta > LEDE_MAX_META_KEYS)
    a->nmeta = LEDE_MAX_META_KEYS;
  for (size_t i = 0; i < a->nmeta; i++) {
    cap_field(a->meta[i].key, LEDE_MAX_META_KEY);
    cap_field(a->meta[i].value, LEDE_MAX_META_VALUE);
  }
}

/* Reads a file into articles; see lede.h. */
lede_status_t lede_article_read(lede_article_t ***out, size_t *out_count, size_t *out_bad_lines,
                                const char *path, const char *default_source) {
  if (out_bad_lines)
    *out_bad_lines = 0;
  if (!out || !out_count || !path)
    return ledei_error(LEDE_ERR_INVALID, "lede_article_read: missing argument");
  *out = NULL;
  *out_count = 0;
  char *buf;
  size_t len;
  lede_status_t rc = ledei_read_file(&buf, &len, path);
  if (rc != LEDE_OK)
    return rc;
  ledei_text_prepare(&buf, &len, path);
  rc =
      ledei_article_parse_file_bytes(out, out_count, out_bad_lines, buf, len, path, default_source);
  free(buf);
  return rc;
}

lede_status_t ledei_article_parse_file_bytes(lede_article_t ***out, size_t *out_count,
                                             size_t *out_bad_lines, const char *buf, size_t len,
                                             const char *path, const char *default_source) {
  size_t bad = 0;
  lede_status_t rc = LEDE_OK;
  *out = NULL;
  *out_count = 0;
  if (is_jsonl_path(path)) {
    read_jsonl(out, out_count, &bad, buf, len, path, default_source);
  } else if (ledei_mail_is_mail(path)) { /* lib/mail.c */
    rc = mail_articles_parse(out, out_count, &bad, buf, len, path, default_source);
  } else if (ledei_feed_is_feed(path, buf, len)) { /* lib/feed.c */
    rc = ledei_feed_parse(out, out_count, &bad, buf, len, path, default_source);
  } else {
    lede_article_t *a = NULL;
    if (ledei_pdf_is_pdf(path, buf, len)) /* lib/pdf.c */
      rc = pdf_article_parse(&a, buf, len, path, default_source);
    else if (ledei_html_is_page(path, buf, len)) /* lib/html_article.c */
      rc = ledei_html_article_parse(&a, buf, len, path, default_source);
    else
      rc = lede_article_parse(&a, buf, len, path, default_source);
    if (rc == LEDE_OK) {
      *out = ledei_xmalloc(sizeof **out);
      (*out)[0] = a;
      *out_count = 1;
    }
  }
  for (size_t i = 0; i < *out_count; i++)
    cap_fields((*out)[i]);
  if (out_bad_lines)
    *out_bad_lines = bad;
  return rc;
}

/* Frees an article and everything it holds; NULL is allowed. */
void lede_article_free(lede_article_t *a) {
  if (!a)
    return;
  free(a->path);
  free(a->id);
  free(a->title);
  free(a->source);
  free(a->date);
  free(a->url);
  free(a->place);
  free(a->language);
  for (size_t i = 0; i < a->nmeta; i++) {
    free(a->meta[i].key);
    free(a->meta[i].value);
  }
  free(a->meta);
  for (size_t i = 0; i < a->nsentences; i++)
    free(a->sentences[i].text);
  free(a->sentences);
  free(a);
}

/* Frees an array of count articles and the array itself. */
void lede_articles_free(lede_article_t **articles, size_t count) {
  if (!articles)
    return;
  for (size_t i = 0; i < count; i++)
    lede_article_free(articles[i]);
  free(articles);
}
