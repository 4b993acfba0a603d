/*
 * html.c - saved web pages into html_node_t trees (see html.h).
 *
 * The page is first made UTF-8 (its BOM or declared charset, through ICU),
 * with a map from every UTF-8 byte back to the page's bytes; NUL bytes become
 * spaces and script/style contents are blanked up to their end tag, so
 * neither can end the document early or leak into the text. libxml2's HTML
 * parser then reads it through SAX callbacks: xmlByteConsumed() tells where
 * each run of text ends in the input, which ties every text byte to its
 * source (an entity's text to the whole "&...;").
 */
#include "html.h"

#include "lede_private.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>

/* Deeper elements are attached to the element at this depth: the tree is
 * walked recursively. */
#define MAX_DEPTH 200

/* ---- arena: the tree's nodes and strings, freed at once ---- */

typedef struct chunk {
  struct chunk *next;
  size_t used, cap;
  _Alignas(max_align_t) unsigned char mem[];
} chunk_t;

static void *arena_alloc(void **arena, size_t n) {
  n = (n + 15) & ~(size_t)15;
  chunk_t *c = *arena;
  if (!c || c->cap - c->used < n) {
    size_t cap = n > 65536 ? n : 65536;
    chunk_t *nc = ledei_xmalloc(sizeof *nc + cap);
    nc->used = 0;
    nc->cap = cap;
    nc->next = c;
    *arena = c = nc;
  }
  void *p = c->mem + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}

static char *arena_strdup(void **arena, const char *s) {
  size_t n = strlen(s);
  char *p = arena_alloc(arena, n + 1);
  memcpy(p, s, n);
  return p;
}

/* ---- the page as UTF-8 ---- */

/* The page in UTF-8; map_s/map_e give each byte's source bytes (NULL when
 * the bytes are the page's own). */
typedef struct u8page {
  char *s;
  size_t n, cap;
  uint32_t *map_s, *map_e;
} u8page_t;

static void u8_put(u8page_t *p, const char *b, size_t n, size_t ss, size_t se) {
  if (p->n + n > p->cap) {
    p->cap = (p->n + n) * 2 + 64;
    p->s = ledei_xrealloc(p->s, p->cap + 1);
    p->map_s = ledei_xrealloc(p->map_s, p->cap * sizeof *p->map_s);
    p->map_e = ledei_xrealloc(p->map_e, p->cap * sizeof *p->map_e);
  }
  for (size_t i = 0; i < n; i++) {
    p->s[p->n] = b[i];
    p->map_s[p->n] = (uint32_t)ss;
    p->map_e[p->n] = (uint32_t)se;
    p->n++;
  }
}

/* The charset the page declares: a BOM, else a <meta> in its first 4 KB;
 * NULL for UTF-8 or none. Names are copied into name[64]. */
static const char *declared_charset(const char *buf, size_t len, char name[64], size_t *skip) {
  *skip = 0;
  const unsigned char *u = (const unsigned char *)buf;
  if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    *skip = 3;
    return NULL;
  }
  if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
    *skip = 2;
    return "UTF-16LE";
  }
  if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
    *skip = 2;
    return "UTF-16BE";
  }
  size_t lim = len < 4096 ? len : 4096;
  for (size_t i = 0; i + 5 < lim; i++) {
    if (buf[i] != '<' || strncasecmp(buf + i + 1, "meta", 4) != 0)
      continue;
    size_t e = i;
    while (e < lim && buf[e] != '>')
      e++;
    for (size_t j = i; j + 8 <= e; j++) {
      if (strncasecmp(buf + j, "charset=", 8) != 0)
        continue;
      size_t k = j + 8, o = 0;
      while (k < e && (buf[k] == '"' || buf[k] == '\'' || buf[k] == ' '))
        k++;
      while (k < e && o < 63 && (isalnum((unsigned char)buf[k]) || strchr("-_:.", buf[k]) != NULL))
        name[o++] = buf[k++];
      name[o] = '\0';
      if (o == 0 || strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
        return NULL;
      /* As browsers do: Latin-1 and ASCII pages are read as windows-1252. */
      if (strcasecmp(name, "iso-8859-1") == 0 || strcasecmp(name, "latin1") == 0 ||
          strcasecmp(name, "us-ascii") == 0 || strcasecmp(name, "ascii") == 0)
        return "windows-1252";
      /* A page saved as UTF-8 by the browser may still say UTF-16. */
      if (strncasecmp(name, "utf-16", 6) == 0)
        return NULL;
      return name;
    }
  }
  return NULL;
}

/* Converts [buf+skip, buf+len) from charset into p with ICU; 0 when ICU
 * does not know the charset. */
static int convert_icu(u8page_t *p, const char *buf, size_t len, size_t skip, const char *cs) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter *cv = ucnv_open(cs, &err);
  if (U_FAILURE(err))
    return 0;
  /* One UTF-16 unit per byte is enough for nearly every charset (and keeps
   * a 16 MB page's conversion near 100 MB); twice that otherwise. */
  UChar *u = NULL, *t = NULL;
  int32_t *off = NULL;
  for (size_t factor = 1; factor <= 2; factor++) {
    size_t cap = (len - skip) * factor + 16;
    u = ledei_xrealloc(u, cap * sizeof *u);
    off = ledei_xrealloc(off, cap * sizeof *off);
    t = u;
    const char *src = buf + skip;
    err = U_ZERO_ERROR;
    ucnv_resetToUnicode(cv);
    ucnv_toUnicode(cv, &t, u + cap, &src, buf + len, off, 1, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR)
      break;
  }
  ucnv_close(cv);
  size_t nu = U_FAILURE(err) ? 0 : (size_t)(t - u);
  int32_t last = 0;
  for (size_t i = 0; i < nu; i++) {
    uint32_t cp = u[i];
    size_t k = i;
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < nu && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF)
      cp = 0x10000 + ((cp - 0xD800) << 10) + (u[++i] - 0xDC00);
    else if (cp >= 0xD800 && cp <= 0xDFFF)
      cp = 0xFFFD;
    if (cp == 0)
      cp = ' ';
    int32_t s = off[k] >= 0 ? off[k] : last;
    int32_t e = (int32_t)(len - skip);
    for (size_t j = i + 1; j < nu; j++)
      if (off[j] >= 0) {
        e = off[j];
        break;
      }
    if (e < s)
      e = s;
    last = s;
    char b[4];
    size_t n = ledei_utf8_encode(b, cp);
    u8_put(p, b, n, skip + (size_t)s, skip + (size_t)e);
  }
  free(u);
  free(off);
  return 1;
}

/* Makes p the page in UTF-8: bad bytes become U+FFFD, NUL bytes spaces. */
static void to_utf8(u8page_t *p, const char *buf, size_t len) {
  char name[64];
  size_t skip;
  const char *cs = declared_charset(buf, len, name, &skip);
  /* A page saved by a browser is UTF-8 whatever its <meta> still says, and
   * text in a legacy charset is almost never valid UTF-8: a declared
   * charset is followed only when the bytes are not UTF-8 (or after a BOM). */
  if (cs && (skip || !ledei_utf8_valid(buf, len)) && convert_icu(p, buf, len, skip, cs)) {
    if (!p->s) /* nothing after a BOM: an empty page, not a NULL one */
      p->s = ledei_xmalloc(1);
    return;
  }
  if (ledei_utf8_valid(buf, len)) { /* the common case: the page's own bytes, no map */
    p->s = ledei_xmalloc(len + 1);
    memcpy(p->s, buf, len);
    memset(p->s, ' ', skip); /* the BOM */
    p->n = len;
    return;
  }
  for (size_t i = skip; i < len;) {
    uint32_t cp;
    size_t k = ledei_utf8_decode(&cp, buf + i, len - i);
    if (k == 0)
      u8_put(p, "\xEF\xBF\xBD", 3, i, i + 1), k = 1;
    else if (buf[i] == '\0')
      u8_put(p, " ", 1, i, i + 1);
    else
      u8_put(p, buf + i, k, i, i + k);
    i += k;
  }
  if (!p->s)
    p->s = ledei_xmalloc(1);
}

/* ---- scripts and styles ---- */

/* The first "lit" in [s, s+n), or NULL (memmem is not standard C). */
static char *find_lit(const char *s, size_t n, const char *lit, size_t k) {
  for (const char *q = s; n >= k && (q = memchr(q, lit[0], n - k + 1 - (size_t)(q - s))) != NULL;
       q++)
    if (memcmp(q, lit, k) == 0)
      return (char *)q;
  return NULL;
}

/* 1 if [s, e) opens element name (case-insensitive, then a space, '>' or '/'). */
static int opens(const char *s, const char *e, const char *name) {
  size_t n = strlen(name);
  if ((size_t)(e - s) < n + 2 || s[0] != '<' || strncasecmp(s + 1, name, n) != 0)
    return 0;
  char c = s[n + 1];
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Finds "</name" from s; returns its start or e. */
static char *find_close(char *s, char *e, const char *name) {
  size_t n = strlen(name);
  for (char *q = s; (q = memchr(q, '<', (size_t)(e - q))) != NULL; q++)
    if ((size_t)(e - q) >= n + 2 && q[1] == '/' && strncasecmp(q + 2, name, n) == 0)
      return q;
  return e;
}

/* Blanks every script and style content (spaces, same length) up to its end
 * tag, and keeps the JSON-LD ones in doc. Comments are skipped whole. */
static void blank_scripts(html_doc_t *doc, char *s, size_t n) {
  char *e = s + n;
  size_t cap = 0;
  for (char *q = s; (q = memchr(q, '<', (size_t)(e - q))) != NULL;) {
    if (e - q >= 4 && memcmp(q, "<!--", 4) == 0) {
      char *c = find_lit(q + 4, (size_t)(e - q - 4), "-->", 3);
      q = c ? c + 3 : e;
      continue;
    }
    const char *name = opens(q, e, "script") ? "script" : opens(q, e, "style") ? "style" : NULL;
    if (!name) {
      q++;
      continue;
    }
    char *gt = memchr(q, '>', (size_t)(e - q));
    if (!gt)
      break;
    char *body = gt + 1, *close = find_close(body, e, name);
    int ld = 0;
    for (char *a = q; a + 7 <= gt && !ld; a++)
      ld = strncasecmp(a, "ld+json", 7) == 0;
    if (ld && doc->njsonld < 64) {
      if (doc->njsonld == cap) {
        cap = cap ? cap * 2 : 4;
        doc->jsonld = ledei_xrealloc(doc->jsonld, cap * sizeof *doc->jsonld);
      }
      char *j = ledei_xmalloc((size_t)(close - body) + 1);
      memcpy(j, body, (size_t)(close - body));
      j[close - body] = '\0';
      doc->jsonld[doc->njsonld++] = j;
    }
    memset(body, ' ', (size_t)(close - body));
    q = close;
  }
}

/* ---- SAX into the tree ---- */

typedef struct state {
  html_doc_t *doc;
  const char *in; /* the UTF-8 page libxml2 reads */
  size_t nin;
  html_node_t *cur;
  int depth, overflow;
  size_t cap;
  size_t seen; /* where the last text mapped ended */
} state_t;

static void append(html_node_t *parent, html_node_t *n) {
  n->parent = parent;
  if (parent->last)
    parent->last->next = n;
  else
    parent->first = n;
  parent->last = n;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts) {
  state_t *st = ((xmlParserCtxtPtr)ctx)->_private;
  if (st->depth >= MAX_DEPTH) {
    st->overflow++;
    return;
  }
  html_node_t *n = arena_alloc(&st->doc->arena, sizeof *n);
  n->tag = arena_strdup(&st->doc->arena, (const char *)name);
  size_t na = 0;
  while (atts && atts[na])
    na += 2;
  n->attrs = arena_alloc(&st->doc->arena, (na + 1) * sizeof *n->attrs);
  for (size_t i = 0; i < na; i += 2) {
    n->attrs[i] = arena_strdup(&st->doc->arena, (const char *)atts[i]);
    n->attrs[i + 1] = arena_strdup(&st->doc->arena, atts[i + 1] ? (const char *)atts[i + 1] : "");
  }
  append(st->cur, n);
  st->cur = n;
  st->depth++;
}

static void on_end(void *ctx, const xmlChar *name) {
  state_t *st = ((xmlParserCtxtPtr)ctx)->_private;
  if (st->overflow) {
    st->overflow--;
    return;
  }
  html_node_t *n = st->cur;
  while (n != st->doc->root && strcmp(n->tag, (const char *)name) != 0)
    n = n->parent;
  if (n == st->doc->root)
    return;
  for (html_node_t *m = st->cur; m != n; m = m->parent)
    st->depth--;
  st->depth--;
  st->cur = n->parent;
}

static void on_chars(void *ctx, const xmlChar *ch, int len) {
  xmlParserCtxtPtr ctxt = ctx;
  state_t *st = ctxt->_private;
  html_doc_t *doc = st->doc;
  size_t n = (size_t)len;
  long consumed = xmlByteConsumed(ctxt);
  size_t end = consumed < 0 ? 0 : (size_t)consumed;
  if (end > st->nin)
    end = st->nin;
  size_t start;
  int verbatim = end >= n && memcmp(st->in + end - n, ch, n) == 0;
  if (!verbatim && n) {
    /* A run cut at libxml2's buffer size is reported before its last
     * character is consumed: the run ends one character further. */
    size_t last = n - 1;
    while (last > 0 && (ch[last] & 0xC0) == 0x80)
      last--;
    size_t e2 = end + (n - last);
    if (e2 <= st->nin && e2 >= n && memcmp(st->in + e2 - n, ch, n) == 0)
      end = e2, verbatim = 1;
  }
  if (verbatim) {
    start = end - n;
  } else { /* an entity or character reference: the text is all of "&...;" */
    start = end;
    for (size_t k = 0; k < 40 && start > 0; k++)
      if (st->in[--start] == '&')
        break;
  }
  if (doc->ntext + n > st->cap) {
    st->cap = (doc->ntext + n) * 2 + 256;
    doc->text = ledei_xrealloc(doc->text, st->cap + 1);
    doc->src_start = ledei_xrealloc(doc->src_start, st->cap * sizeof *doc->src_start);
    doc->src_end = ledei_xrealloc(doc->src_end, st->cap * sizeof *doc->src_end);
  }
  html_node_t *t = st->cur->last;
  if (!t || t->tag || t->text + t->ntext != doc->ntext) {
    t = arena_alloc(&doc->arena, sizeof *t);
    t->text = doc->ntext;
    append(st->cur, t);
  }
  for (size_t i = 0; i < n; i++) {
    /* Text comes in page order; a run libxml2 made up (from a stray '<' in
     * broken markup, say) must not map before text already seen. */
    size_t s = verbatim ? start + i : start, e = verbatim ? start + i + 1 : end;
    if (s < st->seen)
      s = st->seen;
    if (e < s)
      e = s;
    st->seen = e;
    doc->text[doc->ntext + i] = (char)ch[i];
    doc->src_start[doc->ntext + i] = (uint32_t)s;
    doc->src_end[doc->ntext + i] = (uint32_t)e;
  }
  doc->ntext += n;
  t->ntext += n;
}

static void on_cdata(void *ctx, const xmlChar *ch, int len) {
  (void)ctx, (void)ch, (void)len; /* script and style contents: never text */
}

html_doc_t *html_parse(const char *buf, size_t len) {
  if (len > HTML_MAX_BYTES)
    return NULL;
  html_doc_t *doc = ledei_xcalloc(1, sizeof *doc);
  doc->root = arena_alloc(&doc->arena, sizeof *doc->root);
  doc->root->tag = "#root";
  doc->root->attrs = arena_alloc(&doc->arena, sizeof *doc->root->attrs);
  u8page_t p = {0};
  to_utf8(&p, buf ? buf : "", buf ? len : 0);
  blank_scripts(doc, p.s, p.n);
  state_t st = {doc, p.s, p.n, doc->root, 0, 0, 0, 0};
  if (p.n > 0) {
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(p.s, (int)p.n);
    if (ctxt) {
      htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                   HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
                                   HTML_PARSE_NODEFDTD);
      /* The bytes are UTF-8 by now: no guessing, no converter. */
      xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
      memset(ctxt->sax, 0, sizeof *ctxt->sax);
      ctxt->sax->startElement = on_start;
      ctxt->sax->endElement = on_end;
      ctxt->sax->characters = on_chars;
      ctxt->sax->ignorableWhitespace = on_chars;
      ctxt->sax->cdataBlock = on_cdata;
      ctxt->_private = &st;
      htmlParseDocument(ctxt);
      if (ctxt->myDoc)
        xmlFreeDoc(ctxt->myDoc);
      htmlFreeParserCtxt(ctxt);
    }
  }
  if (!doc->text)
    doc->text = ledei_xmalloc(1);
  doc->text[doc->ntext] = '\0';
  if (p.map_s) { /* from the UTF-8 page back to the page's own bytes */
    for (size_t i = 0; i < doc->ntext; i++) {
      uint32_t s = doc->src_start[i], e = doc->src_end[i];
      doc->src_start[i] = s < p.n ? p.map_s[s] : (uint32_t)len;
      doc->src_end[i] = e > 0 && e - 1 < p.n ? p.map_e[e - 1] : doc->src_start[i];
    }
  }
  free(p.s);
  free(p.map_s);
  free(p.map_e);
  return doc;
}

void html_doc_free(html_doc_t *doc) {
  if (!doc)
    return;
  for (chunk_t *c = doc->arena, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  for (size_t i = 0; i < doc->njsonld; i++)
    free(doc->jsonld[i]);
  free(doc->jsonld);
  free(doc->text);
  free(doc->src_start);
  free(doc->src_end);
  free(doc);
}

const char *html_attr(const html_node_t *n, const char *name) {
  if (!n || !n->attrs)
    return NULL;
  for (size_t i = 0; n->attrs[i]; i += 2)
    if (strcmp(n->attrs[i], name) == 0)
      return n->attrs[i + 1];
  return NULL;
}

int html_sniff(const char *buf, size_t len) {
  size_t i = 0, lim = len < 1024 ? len : 1024;
  if (lim >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  for (; i < lim; i++) {
    if (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r')
      continue;
    if (buf[i] != '<')
      return 0;
    const char *s = buf + i, *e = buf + lim;
    if ((size_t)(e - s) >= 9 && strncasecmp(s, "<!doctype", 9) == 0)
      return (size_t)(e - s) >= 14 && strncasecmp(s + 10, "html", 4) == 0;
    if (opens(s, e, "html") || opens(s, e, "head") || opens(s, e, "body"))
      return 1;
    /* comments and an XML declaration may come first */
    const char *end = (size_t)(e - s) >= 4 && memcmp(s, "<!--", 4) == 0 ? "-->"
                      : (size_t)(e - s) >= 2 && memcmp(s, "<?", 2) == 0 ? "?>"
                                                                        : NULL;
    const char *c = end ? find_lit(s, (size_t)(e - s), end, strlen(end)) : NULL;
    if (!c)
      return 0;
    i = (size_t)(c - buf) + strlen(end) - 1;
  }
  return 0;
}
