/*
 * feed.c - RSS 2.0, RSS 1.0 (RDF) and Atom feeds, one article per item
 * (see feed.h).
 *
 * libxml2's XML parser reads the feed through SAX2 callbacks, in recovery
 * mode (a feed cut short keeps the items before the cut), never with entity
 * substitution, DTD loading or network access: the callbacks get a user
 * data of their own, so not even an internal subset's entities are looked
 * up (billion laughs and external entities stay undefined references).
 * xmlByteConsumed() gives each item's and field's byte range in the file;
 * when the file is UTF-8 and a field's raw bytes decode to exactly the
 * text libxml2 gave, every text byte maps back to its bytes (through CDATA
 * and escaped HTML alike), else a sentence's span is its field's range.
 */
#include "feed.h"

#include "extract.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

/* Elements deeper than this are still read, but not told apart. */
#define MAX_DEPTH 64

/* ---- growing text with an optional map to file bytes ---- */

typedef struct text {
  char *s;
  size_t n, cap;
  uint32_t *ms, *me; /* per byte: first file byte it came from, and the byte after */
  int mapped;
} text_t;

static void text_put(text_t *t, const char *b, size_t n, size_t ss, size_t se) {
  if (t->n + n + 1 > t->cap) {
    t->cap = (t->n + n + 1) * 2;
    t->s = ledei_xrealloc(t->s, t->cap);
    if (t->mapped) {
      t->ms = ledei_xrealloc(t->ms, t->cap * sizeof *t->ms);
      t->me = ledei_xrealloc(t->me, t->cap * sizeof *t->me);
    }
  }
  memcpy(t->s + t->n, b, n);
  for (size_t i = 0; t->mapped && i < n; i++) {
    t->ms[t->n + i] = (uint32_t)ss;
    t->me[t->n + i] = (uint32_t)se;
  }
  t->n += n;
  t->s[t->n] = '\0';
}

static void text_free(text_t *t) {
  free(t->s);
  free(t->ms);
  free(t->me);
  memset(t, 0, sizeof *t);
}

/* ---- is it a feed? ---- */

/* "&...;" at s (n bytes): the code point of a predefined XML entity or a
 * character reference (nbsp too when html is set), with the reference's
 * length in *k; 0 when it is none of these. */
static uint32_t entity_at(const char *s, size_t n, size_t *k, int html) {
  static const struct {
    const char *name;
    uint32_t cp;
  } names[] = {{"amp;", '&'},  {"lt;", '<'},    {"gt;", '>'},
               {"quot;", '"'}, {"apos;", '\''}, {"nbsp;", 0xA0}};
  size_t lim = n < 12 ? n : 12;
  for (size_t i = 0; i < sizeof names / sizeof *names - (html ? 0 : 1); i++) {
    size_t len = strlen(names[i].name);
    if (lim > len && memcmp(s + 1, names[i].name, len) == 0) {
      *k = len + 1;
      return names[i].cp;
    }
  }
  if (lim < 4 || s[1] != '#')
    return 0;
  int hex = s[2] == 'x' || s[2] == 'X';
  uint32_t cp = 0;
  size_t i = hex ? 3 : 2, digits = 0;
  for (; i < lim && s[i] != ';'; i++, digits++) {
    int c = (unsigned char)s[i], v = isdigit(c)           ? c - '0'
                                     : hex && isxdigit(c) ? (c | 32) - 'a' + 10
                                                          : -1;
    if (v < 0 || cp > 0x10FFFF)
      return 0;
    cp = cp * (hex ? 16 : 10) + (uint32_t)v;
  }
  if (i >= lim || digits == 0 || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  *k = i + 1;
  return cp;
}

/* The first "lit" in [s, s+n) as an offset, or n. */
static size_t find_lit(const char *s, size_t n, const char *lit) {
  size_t k = strlen(lit);
  for (size_t i = 0; i + k <= n; i++)
    if (memcmp(s + i, lit, k) == 0)
      return i;
  return n;
}

enum { RAW_XML, TAGS_OUT };

/* Appends the text of [s, s+n) (file bytes from base) to t. RAW_XML: a
 * field's raw content as libxml2 reads it (CDATA verbatim, comments
 * skipped, XML references decoded, line ends as "\n", markup kept);
 * TAGS_OUT: markup dropped and HTML's references decoded too (titles). */
static void unescape(text_t *t, const char *s, size_t n, size_t base, int mode) {
  for (size_t i = 0; i < n;) {
    size_t k = 1;
    if (s[i] == '<' && n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
      size_t e = 9 + find_lit(s + i + 9, n - i - 9, "]]>");
      for (size_t j = i + 9; j < i + e; j++)
        text_put(t, s + j, 1, base + j, base + j + 1);
      k = e + 3 < n - i ? e + 3 : n - i;
    } else if (s[i] == '<' && n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
      k = 4 + find_lit(s + i + 4, n - i - 4, "-->") + 3;
      k = k < n - i ? k : n - i;
    } else if (s[i] == '<' && mode == TAGS_OUT) {
      while (i + k < n && s[i + k - 1] != '>')
        k++;
    } else if (s[i] == '&') {
      uint32_t cp = entity_at(s + i, n - i, &k, mode == TAGS_OUT);
      char b[4];
      if (cp)
        text_put(t, b, ledei_utf8_encode(b, cp), base + i, base + i + k);
      else
        text_put(t, "&", 1, base + i, base + i + (k = 1));
    } else if (s[i] == '\r') {
      k = i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
      text_put(t, "\n", 1, base + i, base + i + k);
    } else {
      text_put(t, s + i, 1, base + i, base + i + 1);
    }
    i += k;
  }
}

/* The root element's name at the head of an XML file (after a BOM, the
 * XML declaration, comments, processing instructions and a doctype with its
 * internal subset), copied into name; 0 when none is seen in the first
 * 4 KB. UTF-16 (with a BOM) is read without its zero bytes. */
static int root_name(char name[64], const char *buf, size_t len) {
  char h[4096];
  size_t n = 0, i = 0;
  const unsigned char *u = (const unsigned char *)buf;
  int wide = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
  for (size_t j = wide ? 2 : 0; j < len && n < sizeof h; j++)
    if (!wide || u[j])
      h[n++] = (char)u[j];
  if (n >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < n) {
    if (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' || h[i] == '\n') {
      i++;
      continue;
    }
    if (h[i] != '<' || i + 1 >= n)
      return 0;
    if (h[i + 1] == '?' || (n - i >= 4 && memcmp(h + i, "<!--", 4) == 0)) {
      const char *end = h[i + 1] == '?' ? "?>" : "-->";
      i += find_lit(h + i, n - i, end) + strlen(end);
      continue;
    }
    if (h[i + 1] == '!') { /* a doctype: '>' ends it outside its [subset] */
      int subset = 0;
      for (i += 2; i < n && (subset || h[i] != '>'); i++)
        subset = h[i] == '[' ? 1 : h[i] == ']' ? 0 : subset;
      i++;
      continue;
    }
    size_t o = 0;
    for (i++; i < n && o < 63 && (isalnum((unsigned char)h[i]) || strchr(":_.-", h[i])); i++)
      name[o++] = h[i];
    name[o] = '\0';
    return o > 0;
  }
  return 0;
}

/* 1 when an element name (prefix included) is a feed's root. */
static int is_feed_root(const char *name) {
  const char *colon = strrchr(name, ':');
  const char *local = colon ? colon + 1 : name;
  return strcmp(name, "rss") == 0 || strcmp(name, "feed") == 0 || strcmp(local, "RDF") == 0;
}

int ledei_feed_is_feed(const char *path, const char *buf, size_t len) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  if (dot && (strcasecmp(dot, ".rss") == 0 || strcasecmp(dot, ".atom") == 0))
    return 1;
  if (dot && strcasecmp(dot, ".xml") != 0)
    return 0;
  char name[64];
  return buf && root_name(name, buf, len) && is_feed_root(name);
}

/* ---- dates ---- */

static const char *const MONTHS[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

/* Reads 1 to max digits at *p into *v. */
static int digits(const char **p, int max, int *v) {
  int n = 0;
  *v = 0;
  while (n < max && isdigit((unsigned char)**p)) {
    *v = *v * 10 + (**p - '0');
    (*p)++;
    n++;
  }
  return n;
}

/* RFC 822's "[Day,] D Mon YYYY ...": any word first, then the date. */
static int rfc822(int *y, int *m, int *d, const char *p) {
  while (isspace((unsigned char)*p))
    p++;
  if (isalpha((unsigned char)*p)) { /* a day name, right or wrong */
    while (isalpha((unsigned char)*p))
      p++;
    if (*p == ',' || *p == '.')
      p++;
    while (isspace((unsigned char)*p))
      p++;
  }
  if (!digits(&p, 2, d) || (*p != ' ' && *p != '-'))
    return 0;
  while (*p == ' ' || *p == '-')
    p++;
  *m = 0;
  for (int i = 0; i < 12 && !*m; i++)
    if (strncasecmp(p, MONTHS[i], 3) == 0)
      *m = i + 1;
  if (!*m)
    return 0;
  while (isalpha((unsigned char)*p) || *p == '.')
    p++;
  while (*p == ' ' || *p == '-' || *p == ',')
    p++;
  int nd = digits(&p, 4, y);
  if (nd == 2)
    *y += *y < 50 ? 2000 : 1900;
  return (nd == 2 || nd == 4) && !isdigit((unsigned char)*p);
}

int ledei_feed_date(char out[11], const char *s) {
  int y = 0, m = 0, d = 0;
  const char *p = s;
  while (isspace((unsigned char)*p))
    p++;
  int ok = 0;
  if (strlen(p) >= 10 && p[4] == '-' && p[7] == '-') { /* RFC 3339: the day as written */
    const char *q = p;
    ok = digits(&q, 4, &y) == 4 && q++ && digits(&q, 2, &m) == 2 && q++ && digits(&q, 2, &d) == 2 &&
         !isdigit((unsigned char)*q);
  } else {
    ok = rfc822(&y, &m, &d, p);
  }
  if (ok) {
    char iso[32];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    if (ledei_date_parse(out, iso, strlen(iso))) /* checks the calendar */
      return 1;
  }
  return ledei_date_parse(out, s, strlen(s));
}

/* ---- reading the XML ---- */

enum field { F_TITLE, F_LINK, F_GUID, F_PUB, F_UPD, F_CONTENT, F_SUMMARY, F_AUTHOR, NFIELDS };
enum kind { K_TEXT, K_HTML, K_XHTML };

typedef struct item {
  text_t f[NFIELDS];
  int kind[NFIELDS];
  int rebuilt[NFIELDS];            /* markup inside the element was written back */
  size_t fs[NFIELDS], fe[NFIELDS]; /* the field's content in the file */
  size_t start, end;               /* the item's element in the file */
} item_t;

typedef struct state {
  xmlParserCtxtPtr ctxt;
  const char *buf;
  size_t len;
  const char *path;
  int exact; /* the file's bytes are UTF-8: fields can map byte for byte */
  int depth;
  const char *names[MAX_DEPTH]; /* local names of the open elements */
  int item_depth;               /* depth of the open item; 0: none */
  int field, field_depth;       /* field being read (-1: none) */
  int title_depth;              /* depth of the channel's title being read */
  int lang_depth;               /* depth of the channel's language being read */
  text_t source;
  text_t language; /* RSS <language>, or the xml:lang of the root element */
  item_t it;
  lede_article_t **arts;
  size_t narts, cap;
  int err_line;
  char err[160];
  char bare[160]; /* libxml2's first message given without a parser, or "" */
  int bare_done;  /* its line is complete */
} state_t;

static size_t consumed(const state_t *st) {
  long c = xmlByteConsumed(st->ctxt);
  return c < 0 ? 0 : (size_t)c > st->len ? st->len : (size_t)c;
}

/* Where the tag that ends just before at (or is at at) starts: its '<'. */
static size_t tag_start(const state_t *st, size_t at) {
  if (!st->len)
    return 0;
  size_t i = at < st->len ? at : st->len - 1; /* buf need not end in a NUL */
  while (i > 0 && st->buf[i] != '<')
    i--;
  return i;
}

static const char *attr(const xmlChar **atts, int n, const char *local, size_t *len) {
  for (int i = 0; i < n; i++) { /* localname, prefix, URI, value, end */
    if (strcmp((const char *)atts[5 * i], local) == 0) {
      *len = (size_t)(atts[5 * i + 4] - atts[5 * i + 3]);
      return (const char *)atts[5 * i + 3];
    }
  }
  return NULL;
}

static int is_ns(const xmlChar *uri, const char *ns) {
  return uri && strcmp((const char *)uri, ns) == 0;
}

/* An Atom type attribute as a kind; -1 for content lede does not read
 * (another media type). */
static int atom_kind(const xmlChar **atts, int n) {
  size_t len;
  const char *t = attr(atts, n, "type", &len);
  if (!t || (len == 4 && memcmp(t, "text", 4) == 0) ||
      (len == 10 && memcmp(t, "text/plain", 10) == 0))
    return K_TEXT;
  if ((len == 4 && memcmp(t, "html", 4) == 0) || (len == 9 && memcmp(t, "text/html", 9) == 0))
    return K_HTML;
  if ((len == 5 && memcmp(t, "xhtml", 5) == 0) || (len >= 5 && memcmp(t + len - 5, "+xml", 4) == 0))
    return K_XHTML;
  return -1;
}

/* The field an element of an item is, with its kind; -1 for none. */
static int field_of(const char *name, const xmlChar *uri, const xmlChar **atts, int natts,
                    int *kind) {
  *kind = K_TEXT;
  int atom = is_ns(uri, "http://www.w3.org/2005/Atom") || is_ns(uri, "http://purl.org/atom/ns#");
  if (strcmp(name, "title") == 0) {
    *kind = atom ? atom_kind(atts, natts) : K_HTML; /* RSS titles often hold escapes */
    return *kind < 0 ? -1 : F_TITLE;
  }
  if (strcmp(name, "link") == 0)
    return F_LINK;
  if (strcmp(name, "guid") == 0 || (atom && strcmp(name, "id") == 0))
    return F_GUID;
  if (strcmp(name, "pubDate") == 0 || strcmp(name, "published") == 0 ||
      strcmp(name, "issued") == 0 || (is_ns(uri, NS_DC) && strcmp(name, "date") == 0))
    return F_PUB;
  if (strcmp(name, "updated") == 0 || strcmp(name, "modified") == 0)
    return F_UPD;
  if (is_ns(uri, NS_CONTENT) && strcmp(name, "encoded") == 0) {
    *kind = K_HTML;
    return F_CONTENT;
  }
  if (strcmp(name, "content") == 0 || strcmp(name, "summary") == 0) {
    size_t len;
    *kind = attr(atts, natts, "src", &len) ? -1 : atom_kind(atts, natts);
    return *kind < 0 ? -1 : name[0] == 'c' ? F_CONTENT : F_SUMMARY;
  }
  if (strcmp(name, "description") == 0) {
    *kind = K_HTML;
    return F_SUMMARY;
  }
  if ((is_ns(uri, NS_DC) && strcmp(name, "creator") == 0) || (!atom && strcmp(name, "author") == 0))
    return F_AUTHOR;
  return -1;
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **ns, int natts, int ndef, const xmlChar **atts) {
  (void)prefix, (void)nns, (void)ns, (void)ndef;
  state_t *st = ctx;
  const char *name = (const char *)local;
  int d = ++st->depth;
  if (d <= MAX_DEPTH)
    st->names[d - 1] = name;
  item_t *it = &st->it;
  size_t at = consumed(st);
  if (st->field >= 0) { /* markup inside a field: written back as HTML */
    if (it->kind[st->field] != K_TEXT) {
      text_put(&it->f[st->field], "<", 1, 0, 0);
      text_put(&it->f[st->field], name, strlen(name), 0, 0);
      text_put(&it->f[st->field], ">", 1, 0, 0);
    }
    it->rebuilt[st->field] = 1;
    return;
  }
  if (!st->item_depth && d >= 2 && (strcmp(name, "item") == 0 || strcmp(name, "entry") == 0)) {
    st->item_depth = d;
    it->start = tag_start(st, at);
    size_t len;
    const char *about = attr(atts, natts, "about", &len); /* RSS 1.0's id */
    if (about)
      text_put(&it->f[F_GUID], about, len, 0, 0);
    return;
  }
  if (!st->item_depth && !st->source.n && strcmp(name, "title") == 0 &&
      (d == 2 || (d == 3 && strcmp(st->names[1], "channel") == 0))) {
    st->title_depth = d;
    return;
  }
  size_t lang_len;
  const char *lang = d == 1 ? attr(atts, natts, "lang", &lang_len) : NULL;
  if (lang) /* Atom's <feed xml:lang="ko"> */
    text_put(&st->language, lang, lang_len, 0, 0);
  if (!st->item_depth && !st->language.n && strcmp(name, "language") == 0 &&
      (d == 2 || (d == 3 && strcmp(st->names[1], "channel") == 0))) {
    st->lang_depth = d;
    return;
  }
  if (!st->item_depth)
    return;
  int kind, f = -1;
  if (d == st->item_depth + 1)
    f = field_of(name, uri, atts, natts, &kind);
  else if (d == st->item_depth + 2 && d <= MAX_DEPTH && strcmp(name, "name") == 0 &&
           strcmp(st->names[d - 2], "author") == 0) /* Atom's author */
    f = F_AUTHOR, kind = K_TEXT;
  if (f < 0 || it->f[f].n)
    return; /* not read, or the first of its kind is kept */
  if (f == F_LINK) {
    size_t len, rlen;
    const char *href = attr(atts, natts, "href", &len), *rel = attr(atts, natts, "rel", &rlen);
    if (href) { /* Atom: the alternate link is the article */
      if (!rel || (rlen == 9 && memcmp(rel, "alternate", 9) == 0))
        text_put(&it->f[F_LINK], href, len, 0, 0);
      return;
    }
  }
  st->field = f;
  st->field_depth = d;
  it->kind[f] = kind;
  it->fs[f] = at < st->len && st->buf[at] == '>' ? at + 1 : at;
}

static void add_article(state_t *st, item_t *it);

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
  (void)prefix, (void)uri;
  state_t *st = ctx;
  int d = st->depth--;
  item_t *it = &st->it;
  if (st->field >= 0 && d > st->field_depth) {
    if (it->kind[st->field] != K_TEXT) {
      text_put(&it->f[st->field], "</", 2, 0, 0);
      text_put(&it->f[st->field], (const char *)local, strlen((const char *)local), 0, 0);
      text_put(&it->f[st->field], ">", 1, 0, 0);
    }
    return;
  }
  size_t at = consumed(st);
  if (st->field >= 0 && d == st->field_depth) {
    size_t e = tag_start(st, at ? at - 1 : 0);
    it->fe[st->field] = e > it->fs[st->field] ? e : it->fs[st->field];
    st->field = -1;
  } else if (d == st->title_depth) {
    st->title_depth = 0;
  } else if (d == st->lang_depth) {
    st->lang_depth = 0;
  } else if (d == st->item_depth) {
    it->end = at > it->start ? at : it->start;
    add_article(st, it);
    st->item_depth = 0;
  }
}

static void on_text(void *ctx, const xmlChar *ch, int len) {
  state_t *st = ctx;
  text_t *t = st->field >= 0    ? &st->it.f[st->field]
              : st->title_depth ? &st->source
              : st->lang_depth  ? &st->language
                                : NULL;
  if (!t)
    return;
  if (st->field >= 0 && st->it.kind[st->field] == K_XHTML) { /* text inside markup */
    for (int i = 0; i < len; i++) {
      const char *esc = ch[i] == '<' ? "&lt;" : ch[i] == '&' ? "&amp;" : NULL;
      text_put(t, esc ? esc : (const char *)ch + i, esc ? strlen(esc) : 1, 0, 0);
    }
    return;
  }
  text_put(t, (const char *)ch, (size_t)len, 0, 0);
}

static void on_error(void *ctx, xmlErrorPtr e) {
  state_t *st = ctx;
  if (st->err_line || !e || e->level < XML_ERR_ERROR)
    return;
  st->err_line = e->line > 0 ? e->line : 1;
  snprintf(st->err, sizeof st->err, "%s", e->message ? e->message : "malformed XML");
  st->err[strcspn(st->err, "\n")] = '\0'; /* the first line says it */
  size_t n = strlen(st->err);
  while (n > 0 && (st->err[n - 1] == '\n' || st->err[n - 1] == ' '))
    st->err[--n] = '\0';
}

/* libxml2's messages that come without a parser (an encoding it cannot
 * convert), which it would print bare, naming no file: the first line is
 * kept for lede's own message, which names it. */
static void on_bare_error(void *ctx, const char *msg, ...) __attribute__((format(printf, 2, 3)));
static void on_bare_error(void *ctx, const char *msg, ...) {
  state_t *st = ctx;
  if (st->bare_done)
    return;
  size_t n = strlen(st->bare);
  va_list ap;
  va_start(ap, msg);
  vsnprintf(st->bare + n, sizeof st->bare - n, msg, ap);
  va_end(ap);
  size_t end = strcspn(st->bare, "\n");
  st->bare_done = st->bare[end] == '\n' || strlen(st->bare) + 1 >= sizeof st->bare;
  st->bare[end] = '\0';
}

/* ---- items into articles ---- */

/* A field's text with white space folded and trimmed (malloc'd), or NULL
 * when blank. With markup set, tags are dropped and HTML references
 * decoded. */
static char *clean(const text_t *t, int markup) {
  if (!t->n)
    return NULL;
  text_t u = {0};
  if (markup)
    unescape(&u, t->s, t->n, 0, TAGS_OUT);
  const char *s = markup ? u.s : t->s;
  size_t n = markup ? u.n : t->n;
  char *out = ledei_xmalloc(n + 1);
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    int sp = isspace((unsigned char)s[i]);
    if (sp && (o == 0 || out[o - 1] == ' '))
      continue;
    out[o++] = sp ? ' ' : s[i];
  }
  while (o > 0 && out[o - 1] == ' ')
    o--;
  out[o] = '\0';
  text_free(&u);
  if (!o) {
    free(out);
    return NULL;
  }
  char *safe = ledei_utf8_sanitize(out, o);
  free(out);
  return safe;
}

/* 1 for the line WordPress ends every item's content with ("The post
 * <title> appeared first on <site>."): the site's, not the item's. */
static int is_footer(const char *t) {
  return strncmp(t, "The post ", 9) == 0 && strstr(t, " appeared first on ") != NULL;
}

/* Splits text into sentences for a, spans through src (text byte -> field
 * byte; NULL: the same) and map (field byte -> file bytes; NULL: every span
 * is [fs, fe), the field's range). */
static void add_sentences(lede_article_t *a, const char *text, size_t len, const uint32_t *src_s,
                          const uint32_t *src_e, const text_t *map, size_t fs, size_t fe) {
  lede_span_t *spans = NULL;
  size_t n = 0;
  /* A byline, a date line or a dateline ("LONDON (Reuters) -") the item's
   * text opens with is not text (ledei_text_lead()). */
  if (ledei_text_segment(&spans, &n, a, text, len, 0) != LEDE_OK || !n) {
    free(spans);
    return;
  }
  a->sentences = ledei_xcalloc(n, sizeof *a->sentences);
  size_t prev = 0;
  for (size_t i = 0; i < n; i++) {
    size_t s = src_s ? src_s[spans[i].start] : spans[i].start;
    size_t e = src_e ? src_e[spans[i].end - 1] : spans[i].end;
    size_t start = fs, end = fe;
    if (map && s < map->n && e > 0 && e - 1 < map->n) {
      start = map->ms[s] > prev ? map->ms[s] : prev;
      end = map->me[e - 1] > start ? map->me[e - 1] : start;
      prev = end;
    }
    char *t = ledei_span_text(text, spans[i]);
    if (!t[0] || is_footer(t)) {
      free(t);
      continue;
    }
    lede_sentence_t *out = &a->sentences[a->nsentences++];
    out->text = t;
    out->start = start;
    out->end = end;
  }
  free(spans);
}

/* The item's text (content over summary) as sentences. */
static void item_sentences(const state_t *st, lede_article_t *a, item_t *it) {
  int f = F_CONTENT;
  char *probe = clean(&it->f[F_CONTENT], it->kind[F_CONTENT] != K_TEXT);
  if (!probe)
    f = F_SUMMARY;
  free(probe);
  const text_t *t = &it->f[f];
  size_t fs = it->fs[f], fe = it->fe[f];
  if (fe <= fs)
    fs = it->start, fe = it->end;
  /* Byte for byte: the field's raw bytes, decoded as libxml2 does, give
   * exactly its text. */
  text_t map = {.mapped = 1};
  if (st->exact && !it->rebuilt[f] && it->fe[f] > it->fs[f])
    unescape(&map, st->buf + fs, fe - fs, fs, RAW_XML);
  int exact = map.n == t->n && t->n && memcmp(map.s, t->s, t->n) == 0;
  if (it->kind[f] == K_TEXT) {
    add_sentences(a, t->s, t->n, NULL, NULL, exact ? &map : NULL, fs, fe);
  } else if (t->n) {
    html_extract_t x;
    if (html_extract(&x, t->s, t->n))
      add_sentences(a, x.text, x.len, x.src_start, x.src_end, exact ? &map : NULL, fs, fe);
    html_extract_free(&x);
  }
  text_free(&map);
}

static void add_article(state_t *st, item_t *it) {
  lede_article_t *a = ledei_xcalloc(1, sizeof *a);
  a->path = ledei_utf8_sanitize(st->path, strlen(st->path));
  a->title = clean(&it->f[F_TITLE], it->kind[F_TITLE] != K_TEXT);
  a->url = clean(&it->f[F_LINK], 0);
  char *guid = clean(&it->f[F_GUID], 0);
  if (!a->url && guid && strncmp(guid, "http", 4) == 0) /* a permalink guid */
    a->url = ledei_xstrdup(guid);
  char *pub = clean(&it->f[F_PUB], 0), *upd = clean(&it->f[F_UPD], 0);
  char day[11];
  if ((pub && ledei_feed_date(day, pub)) || (upd && ledei_feed_date(day, upd)))
    a->date = ledei_xstrdup(day);
  else
    a->date = html_date_in_url(a->url); /* ".../2024/03/05/story" */
  char *author = clean(&it->f[F_AUTHOR], 0);
  if (author) {
    a->meta = ledei_xcalloc(1, sizeof *a->meta);
    a->meta[0].key = ledei_xstrdup("author");
    a->meta[0].value = author;
    a->nmeta = 1;
  }
  /* The id: the feed's path with the item's guid, else link, else title
   * and date, else its place in the file. */
  const char *key = guid ? guid : a->url;
  char place[32];
  snprintf(place, sizeof place, "#%zu", st->narts + 1);
  size_t n = strlen(st->path) + 16 + (key ? strlen(key) : 0) + (a->title ? strlen(a->title) : 0) +
             (pub ? strlen(pub) : 0) + sizeof place;
  char *idsrc = ledei_xmalloc(n);
  if (key)
    snprintf(idsrc, n, "%s\n%s%s", st->path, guid ? "guid " : "link ", key);
  else if (a->title || pub)
    snprintf(idsrc, n, "%s\ntitle %s\n%s", st->path, a->title ? a->title : "", pub ? pub : "");
  else
    snprintf(idsrc, n, "%s\n%s", st->path, place);
  char id[17];
  ledei_hash_hex(id, idsrc, strlen(idsrc));
  a->id = ledei_xstrdup(id);
  free(idsrc);
  free(guid);
  free(pub);
  free(upd);
  item_sentences(st, a, it);
  if (!a->nsentences && a->title) { /* a title-only item (a link list's) is searchable by it */
    int has = it->fe[F_TITLE] > it->fs[F_TITLE];
    free(a->sentences); /* allocated for a text whose sentences were all dropped */
    a->sentences = ledei_xcalloc(1, sizeof *a->sentences);
    a->sentences[0].text = ledei_xstrdup(a->title);
    a->sentences[0].start = has ? it->fs[F_TITLE] : it->start;
    a->sentences[0].end = has ? it->fe[F_TITLE] : it->end;
    a->nsentences = 1;
  }
  if (st->narts == st->cap) {
    st->cap = st->cap ? st->cap * 2 : 16;
    st->arts = ledei_xrealloc(st->arts, st->cap * sizeof *st->arts);
  }
  st->arts[st->narts++] = a;
  for (int f = 0; f < NFIELDS; f++)
    text_free(&it->f[f]);
  memset(it, 0, sizeof *it);
}

/* The encoding the file's XML declaration names, into name ("" when it
 * names none, or there is no declaration). */
static void declared_encoding(char name[32], const char *buf, size_t len) {
  name[0] = '\0';
  size_t decl =
      len >= 5 && memcmp(buf, "<?xml", 5) == 0 ? find_lit(buf, len < 512 ? len : 512, "?>") : 0;
  size_t q = find_lit(buf, decl, "encoding");
  if (q >= decl)
    return;
  q += 8;
  while (q < decl && (buf[q] == ' ' || buf[q] == '=' || buf[q] == '"' || buf[q] == '\''))
    q++;
  size_t n = 0;
  while (q + n < decl && n < 31 && buf[q + n] != '"' && buf[q + n] != '\'' && buf[q + n] != ' ')
    n++;
  memcpy(name, buf + q, n);
  name[n] = '\0';
}

/* 1 when the file's text is UTF-8 as it stands: no UTF-16 BOM and no other
 * encoding in its XML declaration. */
static int utf8_on_disk(const char *buf, size_t len) {
  const unsigned char *u = (const unsigned char *)buf;
  if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
    return 0;
  char name[32];
  declared_encoding(name, buf, len);
  return !name[0] || strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0;
}

/* 1 when the declared encoding is read as Windows-1252: it, or Latin-1
 * (whose printable part it covers, as browsers read it). */
static int cp1252_declared(const char *buf, size_t len) {
  static const char *const names[] = {"windows-1252", "cp1252",  "iso-8859-1", "iso_8859-1",
                                      "latin1",       "latin-1", "l1",         "us-ascii"};
  char name[32];
  declared_encoding(name, buf, len);
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strcasecmp(name, names[i]) == 0)
      return 1;
  return 0;
}

/* Windows-1252 to UTF-8 for libxml2, a byte the code page leaves unused
 * read as plain text reads it (ledei_cp1252_char()): libxml2's converter
 * (iconv's) stops at such a byte, and the rest of the feed was lost. */
static int cp1252_input(unsigned char *out, int *outlen, const unsigned char *in, int *inlen) {
  int i = 0, o = 0;
  while (i < *inlen) {
    char c[4];
    size_t n = ledei_utf8_encode(c, ledei_cp1252_char(in[i]));
    if (o + (int)n > *outlen)
      break;
    memcpy(out + o, c, n);
    o += (int)n;
    i++;
  }
  *outlen = o;
  *inlen = i;
  return o;
}

/* And back, which libxml2 uses to count the file's bytes a position lies
 * at (xmlByteConsumed()): each character to its one byte. */
static int cp1252_output(unsigned char *out, int *outlen, const unsigned char *in, int *inlen) {
  int i = 0, o = 0, rc = 0;
  while (i < *inlen && o < *outlen) {
    uint32_t cp;
    size_t k = ledei_utf8_decode(&cp, (const char *)in + i, (size_t)(*inlen - i));
    int b = k ? ledei_cp1252_byte(cp) : -1;
    if (b < 0) {
      rc = -2; /* not UTF-8, or not a character of Windows-1252 */
      break;
    }
    out[o++] = (unsigned char)b;
    i += (int)k;
  }
  *outlen = o;
  *inlen = i;
  return rc ? rc : o;
}

static xmlCharEncodingHandlerPtr cp1252_handler;
static pthread_once_t cp1252_once = PTHREAD_ONCE_INIT;

/* Created (and so registered with libxml2, under lede's own name) once. */
static void make_cp1252_handler(void) {
  cp1252_handler = xmlNewCharEncodingHandler("lede-windows-1252", cp1252_input, cp1252_output);
}

typedef struct pos_id {
  const char *id;
  size_t at;
} pos_id_t;

static int cmp_pos_id(const void *a, const void *b) {
  const pos_id_t *x = a, *y = b;
  int c = strcmp(x->id, y->id);
  return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* Drops items whose id an earlier item has (a feed listing an item twice):
 * one article per id, the first in the file. */
static void drop_repeats(state_t *st) {
  if (st->narts < 2)
    return;
  pos_id_t *v = ledei_xmalloc(st->narts * sizeof *v);
  char *repeat = ledei_xcalloc(st->narts, 1);
  for (size_t i = 0; i < st->narts; i++)
    v[i] = (pos_id_t){st->arts[i]->id, i};
  qsort(v, st->narts, sizeof *v, cmp_pos_id);
  for (size_t i = 1; i < st->narts; i++)
    repeat[v[i].at] = strcmp(v[i].id, v[i - 1].id) == 0;
  size_t kept = 0;
  for (size_t i = 0; i < st->narts; i++) {
    if (repeat[i])
      lede_article_free(st->arts[i]);
    else
      st->arts[kept++] = st->arts[i];
  }
  st->narts = kept;
  free(v);
  free(repeat);
}

lede_status_t ledei_feed_parse(lede_article_t ***out, size_t *out_count, size_t *out_problems,
                               const char *buf, size_t len, const char *path,
                               const char *default_source) {
  *out = NULL;
  *out_count = 0;
  *out_problems = 0;
  char root[64];
  if (!root_name(root, buf, len) || !is_feed_root(root))
    return ledei_error(LEDE_ERR_INVALID, "not a feed (no <rss>, <rdf:RDF> or <feed> element)");
  if (len > INT_MAX)
    return ledei_error(LEDE_ERR_INVALID, "feed larger than 2 GB");
  state_t st = {.buf = buf, .len = len, .path = path};
  st.field = -1;
  /* Undeclared and not UTF-8 (no valid multi-byte sequence): Windows-1252,
   * as plain text is read (ledei_text_to_utf8()), not U+FFFD everywhere. */
  char *conv = utf8_on_disk(buf, len) ? ledei_text_to_utf8(buf, len, &(size_t){0}, NULL) : NULL;
  int legacy = conv != NULL;
  free(conv);
  st.exact = utf8_on_disk(buf, len) && !legacy;
  xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(buf, (int)len);
  if (!ctxt)
    return ledei_error(LEDE_ERR_NOMEM, "libxml2 could not start");
  /* Undeclared legacy text, or declared Windows-1252 or Latin-1: lede's
   * own Windows-1252, the declaration then not read again. */
  int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                XML_PARSE_NOCDATA;
  if (legacy || cp1252_declared(buf, len)) {
    pthread_once(&cp1252_once, make_cp1252_handler);
    if (cp1252_handler) {
      xmlSwitchToEncoding(ctxt, cp1252_handler);
      options |= XML_PARSE_IGNORE_ENC;
    }
  }
  xmlCtxtUseOptions(ctxt, options);
  memset(ctxt->sax, 0, sizeof *ctxt->sax);
  ctxt->sax->initialized = XML_SAX2_MAGIC;
  ctxt->sax->startElementNs = on_start;
  ctxt->sax->endElementNs = on_end;
  ctxt->sax->characters = on_text;
  ctxt->sax->cdataBlock = on_text;
  ctxt->sax->serror = on_error;
  /* Callbacks get st, not the context: libxml2 then looks up no entity a
   * DTD declares (it does so only for a context that is its own user data). */
  ctxt->userData = &st;
  st.ctxt = ctxt;
  xmlGenericErrorFunc bare = xmlGenericError;
  void *bare_ctx = xmlGenericErrorContext;
  xmlSetGenericErrorFunc(&st, on_bare_error);
  xmlParseDocument(ctxt);
  xmlSetGenericErrorFunc(bare_ctx, bare);
  int broken = !ctxt->wellFormed;
  if (ctxt->myDoc)
    xmlFreeDoc(ctxt->myDoc);
  xmlFreeParserCtxt(ctxt);
  int cut = st.item_depth > 0;
  if (cut) { /* the file ends inside an item: what it has is kept */
    st.it.end = len;
    if (st.field >= 0)
      st.it.fe[st.field] = len;
    add_article(&st, &st.it);
  }
  drop_repeats(&st);
  char *source = clean(&st.source, 1), *language = clean(&st.language, 0);
  const char *fallback = default_source ? default_source : path;
  for (size_t i = 0; i < st.narts; i++) {
    lede_article_t *a = st.arts[i];
    a->source = source ? ledei_xstrdup(source) : ledei_utf8_sanitize(fallback, strlen(fallback));
    a->language = language ? ledei_xstrdup(language) : NULL;
  }
  free(source);
  free(language);
  text_free(&st.source);
  text_free(&st.language);
  if (broken) {
    *out_problems = 1;
    /* An encoding libxml2 could not convert is the cause of what follows. */
    const char *why = st.bare[0] ? st.bare : st.err[0] ? st.err : "?";
    ledei_error(LEDE_ERR_INVALID, "malformed XML (line %d: %s); %zu item%s read%s", st.err_line,
                why, st.narts, st.narts == 1 ? "" : "s",
                cut ? ", the last one cut short; any after it are lost"
                    : "; anything after the error may be lost");
  }
  *out = st.arts;
  *out_count = st.narts;
  return LEDE_OK;
}
