/*
 * extract.c - the main content and metadata of a web page (see extract.h).
 *
 * Content, after Readability.js and trafilatura: elements that are never
 * article text (navigation, forms, hidden ones) and, on the first try,
 * those whose class/id/role says boilerplate (menu, share, related,
 * comments) are pruned; every paragraph-like element of 25 characters or
 * more scores 1 + its commas + one per 100 characters, shared with its
 * ancestors (halved, then a third per level); an ancestor starts from its
 * tag's and class's weight and ends scaled by (1 - link density). The best
 * one, moved up while its parent scores as well, is the article, with the
 * siblings that score near it or read as prose. Inside, lists, tables and
 * boxes made of links or few words are dropped. A result under 500
 * characters is retried with less pruning, as Readability does.
 */
#include "extract.h"

#include "html.h"
#include "lede_private.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
  F_PRUNE = 1,  /* removed before scoring */
  F_SCORED = 2, /* a candidate: score holds its content score */
  F_DROP = 4,   /* removed from the content by conditional cleaning */
};

/* The tries, from the most pruning to the least. */
enum { STRIP_UNLIKELY = 1, WEIGHT_CLASSES = 2, CLEAN_CONDITIONALLY = 4 };

#define MIN_CONTENT_CHARS 500

typedef struct nodes {
  html_node_t **v;
  size_t n, cap;
} nodes_t;

static void push(nodes_t *l, html_node_t *n) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 256;
    l->v = ledei_xrealloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n++] = n;
}

static int is(const html_node_t *n, const char *tag) {
  return n->tag && strcmp(n->tag, tag) == 0;
}

static int in_list(const char *s, const char *const *list) {
  for (; *list; list++)
    if (strcmp(s, *list) == 0)
      return 1;
  return 0;
}

/* Never article text. */
static const char *const NEVER[] = {
    "script",   "style",  "noscript", "nav",      "aside", "footer", "button", "iframe",
    "svg",      "select", "option",   "textarea", "input", "object", "embed",  "canvas",
    "template", "dialog", "menu",     "head",     "title", "meta",   "link",   "header",
    "label",    "audio",  "video",    "map",      "math",  NULL};

static const char *const BLOCKS[] = {
    "p",       "div",     "h1",      "h2",      "h3",     "h4",         "h5",      "h6",    "li",
    "ul",      "ol",      "dl",      "dt",      "dd",     "blockquote", "pre",     "table", "tr",
    "td",      "th",      "section", "article", "figure", "figcaption", "address", "hr",    "main",
    "details", "summary", "center",  "caption", "body",   NULL};

/* Class/id words of boilerplate (Readability's unlikely candidates plus
 * trafilatura's share/cookie/newsletter boxes) and of content. */
static const char *const UNLIKELY[] = {
    "-ad-",       "ai2html", "banner",     "breadcrumb",   "combx",     "comment",  "community",
    "cover-wrap", "disqus",  "extra",      "footer",       "gdpr",      "header",   "legends",
    "menu",       "related", "remark",     "replies",      "rss",       "shoutbox", "sidebar",
    "skyscraper", "social",  "sponsor",    "supplemental", "ad-break",  "agegate",  "pagination",
    "pager",      "popup",   "yom-remote", "share",        "sharing",   "cookie",   "newsletter",
    "subscribe",  "promo",   "navbar",     "navigation",   "recommend", "signup",   "consent",
    "toolbar",    "tags",    NULL};
static const char *const MAYBE[] = {"and",     "article", "body",   "column",
                                    "content", "main",    "shadow", NULL};
static const char *const NEGATIVE[] = {
    "-ad-",    "hidden",   "banner", "combx",    "comment",  "com-",    "contact",
    "foot",    "footnote", "gdpr",   "masthead", "media",    "meta",    "outbrain",
    "promo",   "related",  "scroll", "share",    "shoutbox", "sidebar", "skyscraper",
    "sponsor", "shopping", "tags",   "tool",     "widget",   NULL};
static const char *const POSITIVE[] = {"article", "body", "content", "entry",      "hentry",
                                       "h-entry", "main", "page",    "pagination", "post",
                                       "text",    "blog", "story",   NULL};
static const char *const BAD_ROLES[] = {"menu",  "menubar",     "complementary", "navigation",
                                        "alert", "alertdialog", "dialog",        NULL};

/* Lower-cased class and id of n, space-separated, into buf. */
static const char *class_id(const html_node_t *n, char *buf, size_t cap) {
  const char *c = html_attr(n, "class"), *i = html_attr(n, "id");
  size_t o = 0;
  for (const char *s = c ? c : ""; *s && o + 2 < cap; s++)
    buf[o++] = (char)tolower((unsigned char)*s);
  buf[o++] = ' ';
  for (const char *s = i ? i : ""; *s && o + 1 < cap; s++)
    buf[o++] = (char)tolower((unsigned char)*s);
  buf[o] = '\0';
  return buf;
}

static int has_any(const char *s, const char *const *words) {
  for (; *words; words++)
    if (strstr(s, *words))
      return 1;
  return 0;
}

static int class_weight(const html_node_t *n) {
  char buf[512];
  const char *ci = class_id(n, buf, sizeof buf);
  int w = 0;
  if (has_any(ci, NEGATIVE))
    w -= 25;
  if (has_any(ci, POSITIVE))
    w += 25;
  return w;
}

static int is_hidden(const html_node_t *n) {
  const char *style = html_attr(n, "style"), *aria = html_attr(n, "aria-hidden");
  if (html_attr(n, "hidden") || (aria && strcmp(aria, "true") == 0))
    return 1;
  if (!style)
    return 0;
  char buf[256];
  size_t o = 0;
  for (const char *s = style; *s && o + 1 < sizeof buf; s++)
    if (*s != ' ')
      buf[o++] = (char)tolower((unsigned char)*s);
  buf[o] = '\0';
  return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}

static int is_unlikely(const html_node_t *n) {
  if (is(n, "body") || is(n, "a") || is(n, "article") || is(n, "main") || is(n, "html"))
    return 0;
  const char *role = html_attr(n, "role");
  if (role && in_list(role, BAD_ROLES))
    return 1;
  char buf[512];
  const char *ci = class_id(n, buf, sizeof buf);
  return has_any(ci, UNLIKELY) && !has_any(ci, MAYBE);
}

/* Marks pruned elements and computes every element's counts, bottom-up. */
static void measure(html_doc_t *doc, html_node_t *n, int tries, int in_link) {
  n->chars = n->link_chars = n->commas = 0;
  n->np = n->nimg = n->nli = n->ninput = 0;
  n->score = 0;
  n->flags = 0;
  if (!n->tag) {
    for (size_t i = 0; i < n->ntext; i++) {
      char c = doc->text[n->text + i];
      if (!isspace((unsigned char)c))
        n->chars++;
      if (c == ',')
        n->commas++;
    }
    n->link_chars = in_link ? n->chars : 0;
    return;
  }
  if (in_list(n->tag, NEVER) || is_hidden(n) || ((tries & STRIP_UNLIKELY) && is_unlikely(n))) {
    n->flags = F_PRUNE;
    if (is(n, "input"))
      n->ninput = 1;
    return;
  }
  int link = in_link || is(n, "a");
  for (html_node_t *c = n->first; c; c = c->next) {
    measure(doc, c, tries, link);
    n->chars += c->chars;
    n->link_chars += c->link_chars;
    n->commas += c->commas;
    n->np += c->np;
    n->nimg += c->nimg;
    n->nli += c->nli;
    n->ninput += c->ninput;
  }
  n->np += is(n, "p");
  n->nimg += is(n, "img");
  n->nli += is(n, "li");
}

static double link_density(const html_node_t *n) {
  return n->chars ? (double)n->link_chars / (double)n->chars : 0;
}

static int has_block_child(const html_node_t *n) {
  for (const html_node_t *c = n->first; c; c = c->next)
    if (c->tag && !(c->flags & F_PRUNE) && in_list(c->tag, BLOCKS))
      return 1;
  return 0;
}

static void init_candidate(html_node_t *n, int tries, nodes_t *cands) {
  if (n->flags & F_SCORED)
    return;
  double s = 0;
  if (is(n, "div"))
    s = 5;
  else if (is(n, "pre") || is(n, "td") || is(n, "blockquote"))
    s = 3;
  else if (is(n, "address") || is(n, "ol") || is(n, "ul") || is(n, "dl") || is(n, "dd") ||
           is(n, "dt") || is(n, "li") || is(n, "form"))
    s = -3;
  else if ((n->tag[0] == 'h' && n->tag[1] >= '1' && n->tag[1] <= '6' && !n->tag[2]) || is(n, "th"))
    s = -5;
  if (tries & WEIGHT_CLASSES)
    s += class_weight(n);
  n->score = s;
  n->flags |= F_SCORED;
  push(cands, n);
}

/* Gives each paragraph-like element's score to its ancestors. */
static void score_paragraphs(html_node_t *n, int tries, nodes_t *cands) {
  if (!n->tag || (n->flags & F_PRUNE))
    return;
  int para = is(n, "p") || is(n, "pre") || is(n, "td") || is(n, "section") ||
             (n->tag[0] == 'h' && n->tag[1] >= '2' && n->tag[1] <= '6' && !n->tag[2]) ||
             (is(n, "div") && !has_block_child(n));
  if (para && n->chars >= 20 && n->parent && n->parent->tag) {
    double s = 1 + (double)n->commas + (double)(n->chars / 100 < 3 ? n->chars / 100 : 3);
    int level = 0;
    for (html_node_t *a = n->parent; a && a->tag && strcmp(a->tag, "#root") != 0 && level < 5;
         a = a->parent, level++) {
      init_candidate(a, tries, cands);
      a->score += s / (level == 0 ? 1 : level == 1 ? 2 : level * 3.0);
    }
  }
  for (html_node_t *c = n->first; c; c = c->next)
    score_paragraphs(c, tries, cands);
}

static int element_children(const html_node_t *n) {
  int k = 0;
  for (const html_node_t *c = n->first; c; c = c->next)
    if (c->tag && !(c->flags & F_PRUNE))
      k++;
    else if (!c->tag && c->chars)
      return 99; /* text of its own */
  return k;
}

static int ends_sentence(const html_doc_t *doc, const html_node_t *n) {
  /* the last non-space text byte under n is a full stop */
  for (const html_node_t *c = n->last; c; c = c->last) {
    if (!c->tag) {
      for (size_t i = c->ntext; i-- > 0;) {
        char ch = doc->text[c->text + i];
        if (!isspace((unsigned char)ch))
          return ch == '.';
      }
      return 0;
    }
  }
  return 0;
}

/* The top candidate and the siblings that join it, in document order. */
static void choose(html_doc_t *doc, html_node_t *body, nodes_t *cands, nodes_t *out) {
  html_node_t *top = NULL;
  for (size_t i = 0; i < cands->n; i++) {
    html_node_t *c = cands->v[i];
    c->score *= 1 - link_density(c);
    if (!top || c->score > top->score)
      top = c;
  }
  if (!top || top == body) {
    push(out, body);
    return;
  }
  /* Move up while the parent scores at least as well (the article's text
   * spread over several containers). */
  double last = top->score, threshold = top->score / 3;
  for (html_node_t *p = top->parent; p && p != body && p->tag && strcmp(p->tag, "#root") != 0;
       p = p->parent) {
    if (!(p->flags & F_SCORED))
      continue;
    if (p->score < threshold)
      break;
    if (p->score > last) {
      top = p;
      break;
    }
    last = p->score;
  }
  while (top->parent && top->parent != body && top->parent->tag &&
         strcmp(top->parent->tag, "#root") != 0 && element_children(top->parent) == 1)
    top = top->parent;
  html_node_t *parent = top->parent;
  if (!parent || !parent->tag || strcmp(parent->tag, "#root") == 0) {
    push(out, top);
    return;
  }
  double need = top->score * 0.2 > 10 ? top->score * 0.2 : 10;
  const char *tcls = html_attr(top, "class");
  for (html_node_t *s = parent->first; s; s = s->next) {
    if (!s->tag || (s->flags & F_PRUNE))
      continue;
    int take = s == top;
    if (!take && (s->flags & F_SCORED)) {
      const char *scls = html_attr(s, "class");
      double bonus = tcls && scls && *tcls && strcmp(tcls, scls) == 0 ? top->score * 0.2 : 0;
      take = s->score + bonus >= need;
    }
    if (!take && is(s, "p")) {
      double ld = link_density(s);
      take = (s->chars > 80 && ld < 0.25) ||
             (s->chars > 0 && s->chars <= 80 && ld == 0 && ends_sentence(doc, s));
    }
    if (take)
      push(out, s);
  }
}

/* Readability's conditional cleaning: boxes inside the content that are
 * mostly links, images or form fields, or have too little text. */
static int drop_box(const html_node_t *n, int tries) {
  /* a <form> is judged, not pruned: ASP.NET pages wrap the whole page in one */
  static const char *const BOXES[] = {"div", "section", "ul", "ol", "table", "dl", "form", NULL};
  if (!(tries & CLEAN_CONDITIONALLY) || !n->tag || !in_list(n->tag, BOXES))
    return 0;
  int weight = (tries & WEIGHT_CLASSES) ? class_weight(n) : 0;
  double score = (n->flags & F_SCORED) ? n->score : 0;
  if (weight + score < 0)
    return 1;
  if (n->commas >= 10)
    return 0;
  double ld = link_density(n);
  int list = is(n, "ul") || is(n, "ol");
  if (n->nimg > 1 && (double)n->np / n->nimg < 0.5)
    return 1;
  if (!list && n->nli > n->np + 10 && !is(n, "table"))
    return 1;
  if (n->ninput > n->np / 3 + 1)
    return 1;
  if (n->chars < 25 && n->nimg != 1 && !list)
    return 1;
  if (weight < 25 && ld > 0.3)
    return 1;
  if (weight >= 25 && ld > 0.5)
    return 1;
  return 0;
}

/* ---- writing the text out ---- */

typedef struct writer {
  const html_doc_t *doc;
  char *s;
  size_t n, cap;
  uint32_t *ss, *se;
  int pending; /* 0 none, 1 space, 2 line break, 3 paragraph break */
  size_t chars;
  int tries;
  const char *skip_h1; /* the title: a heading (<h1>-<h6>) saying it is not repeated */
} writer_t;

static void put(writer_t *w, char c, uint32_t s, uint32_t e) {
  if (w->n + 1 >= w->cap) {
    w->cap = w->cap * 2 + 256;
    w->s = ledei_xrealloc(w->s, w->cap + 1);
    w->ss = ledei_xrealloc(w->ss, w->cap * sizeof *w->ss);
    w->se = ledei_xrealloc(w->se, w->cap * sizeof *w->se);
  }
  w->s[w->n] = c;
  w->ss[w->n] = s;
  w->se[w->n] = e;
  w->n++;
}

static void brk(writer_t *w, int kind) {
  if (kind > w->pending)
    w->pending = kind;
}

static void put_text(writer_t *w, const html_node_t *t) {
  const html_doc_t *d = w->doc;
  for (size_t i = t->text; i < t->text + t->ntext; i++) {
    char c = d->text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      brk(w, 1);
      continue;
    }
    if (w->pending && w->n) {
      uint32_t at = w->se[w->n - 1];
      const char *sep = w->pending == 3 ? "\n\n" : w->pending == 2 ? "\n" : " ";
      for (; *sep; sep++)
        put(w, *sep, at, at);
    }
    w->pending = 0;
    put(w, c, d->src_start[i], d->src_end[i]);
    w->chars++;
  }
}

static char *node_text(const html_doc_t *doc, const html_node_t *n);

static void write_node(writer_t *w, const html_node_t *n) {
  if (!n->tag) {
    put_text(w, n);
    return;
  }
  if ((n->flags & F_PRUNE) || drop_box(n, w->tries))
    return;
  /* the headline, in whichever heading the page writes it */
  if (w->skip_h1 && n->tag[0] == 'h' && n->tag[1] >= '1' && n->tag[1] <= '6' && !n->tag[2]) {
    char *t = node_text(w->doc, n);
    int same = strcasecmp(t, w->skip_h1) == 0;
    free(t);
    if (same)
      return;
  }
  if (is(n, "br")) {
    brk(w, w->pending == 2 ? 3 : 2);
    return;
  }
  int block = in_list(n->tag, BLOCKS);
  if (block)
    brk(w, 3);
  for (const html_node_t *c = n->first; c; c = c->next)
    write_node(w, c);
  if (block)
    brk(w, 3);
}

/* ---- metadata ---- */

/* s with white space runs folded to one space and trimmed; NULL if empty. */
static char *fold(const char *s, size_t n) {
  char *t = ledei_utf8_sanitize(s, n);
  size_t o = 0;
  int sp = 0;
  for (size_t i = 0; t[i]; i++) {
    unsigned char c = (unsigned char)t[i];
    if (c <= ' ' || c == 0x7F) {
      sp = 1;
      continue;
    }
    if (sp && o)
      t[o++] = ' ';
    sp = 0;
    t[o++] = t[i];
  }
  t[o] = '\0';
  if (!o) {
    free(t);
    return NULL;
  }
  return t;
}

static void text_of(const html_doc_t *doc, const html_node_t *n, char **s, size_t *len,
                    size_t *cap) {
  if (!n->tag) {
    if (*len + n->ntext + 1 > *cap) {
      *cap = (*len + n->ntext) * 2 + 64;
      *s = ledei_xrealloc(*s, *cap);
    }
    memcpy(*s + *len, doc->text + n->text, n->ntext);
    *len += n->ntext;
    return;
  }
  for (const html_node_t *c = n->first; c; c = c->next)
    text_of(doc, c, s, len, cap);
  if (in_list(n->tag, BLOCKS)) { /* a space between blocks */
    if (*len + 2 > *cap) {
      *cap = *len * 2 + 64;
      *s = ledei_xrealloc(*s, *cap);
    }
    (*s)[(*len)++] = ' ';
  }
}

/* The folded text of n (never NULL). */
static char *node_text(const html_doc_t *doc, const html_node_t *n) {
  char *s = NULL;
  size_t len = 0, cap = 0;
  text_of(doc, n, &s, &len, &cap);
  char *t = fold(s ? s : "", len);
  free(s);
  return t ? t : ledei_xstrdup("");
}

static void set_once(char **field, const char *v) {
  if (*field || !v)
    return;
  *field = fold(v, strlen(v));
}

/* A date as the page states it (the day, whatever the time zone). */
static char *parse_day(const char *v) {
  if (!v)
    return NULL;
  while (isspace((unsigned char)*v))
    v++;
  char iso[11];
  if (strlen(v) >= 10 && isdigit((unsigned char)v[0]) && v[4] == '-' && v[7] == '-' &&
      ledei_date_parse(iso, v, 10))
    return ledei_xstrdup(iso);
  if (ledei_date_parse(iso, v, strlen(v)))
    return ledei_xstrdup(iso);
  return NULL;
}

static void set_date(char **field, const char *v) {
  if (!*field)
    *field = parse_day(v);
}

/* A date in a URL: /2023/11/09/, -2023-11-09, 20231109 is not taken. */
char *html_date_in_url(const char *u) {
  if (!u)
    return NULL;
  for (const char *p = u; *p; p++) {
    if (!(p[0] == '1' || p[0] == '2') || (p > u && isdigit((unsigned char)p[-1])))
      continue;
    int ok = 1;
    for (int i = 0; i < 10 && ok; i++)
      ok = i == 4 || i == 7 ? (p[i] == '/' || p[i] == '-' || p[i] == '_') && p[i] == p[4]
                            : isdigit((unsigned char)p[i]);
    if (!ok || isdigit((unsigned char)p[10]))
      continue;
    char d[11] = {p[0], p[1], p[2], p[3], '-', p[5], p[6], '-', p[8], p[9], 0};
    char *day = parse_day(d);
    if (day)
      return day;
  }
  return NULL;
}

/* Removes a " | Site" suffix: the part after the last separator, when it is
 * short and the part before has at least two words. */
static void cut_site_suffix(char *t) {
  if (!t)
    return;
  static const char *const SEPS[] = {" | ",  " - ",        " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                     " :: ", " \xC2\xB7 ", " \xC2\xBB ",     NULL};
  char *best = NULL;
  size_t seplen = 0;
  for (const char *const *s = SEPS; *s; s++) {
    for (char *p = strstr(t, *s); p; p = strstr(p + 1, *s))
      if (p > best)
        best = p, seplen = strlen(*s);
  }
  if (!best)
    return;
  int after = 1, before = 1;
  for (const char *p = best + seplen; *p; p++)
    after += *p == ' ';
  for (const char *p = t; p < best; p++)
    before += *p == ' ';
  if (after <= 4 && before >= 2)
    *best = '\0';
}

/* Removes the site's name from t where the title carries it beside the
 * headline: "Headline | The Site", "Headline @ The Blog", "The Site -
 * Headline" (any case), as long as three bytes or more are left. */
static void cut_site_name(char *t, const char *site) {
  static const char *const SEPS[] = {" | ",  " - ",        " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                     " :: ", " \xC2\xB7 ", " \xC2\xBB ",     " @ ",
                                     NULL};
  if (!t || !site || !*site)
    return;
  /* What is left is [b, n): cut at either end, moved once (a title that
   * repeats the site's name is not copied at every cut). */
  size_t sn = strlen(site), b = 0, n = strlen(t);
  for (int again = 1; again;) {
    again = 0;
    for (const char *const *s = SEPS; *s && !again; s++) {
      size_t k = strlen(*s);
      if (n - b <= sn + k || n - b - sn - k < 3)
        continue;
      if (strncasecmp(t + n - sn, site, sn) == 0 && strncmp(t + n - sn - k, *s, k) == 0) {
        n -= sn + k;
        again = 1;
      } else if (strncasecmp(t + b, site, sn) == 0 && strncmp(t + b + sn, *s, k) == 0) {
        b += sn + k;
        again = 1;
      }
    }
  }
  memmove(t, t + b, n - b);
  t[n - b] = '\0';
}

static int is_url(const char *s) {
  return s && strstr(s, "://") != NULL;
}

typedef struct meta {
  char *ld_headline, *ld_name, *ld_date, *ld_publisher, *ld_author;
  char *og_title, *og_site, *og_url, *published, *itemprop_date, *meta_date, *time_date;
  char *title_tag, *canonical, *author;
  char *byl_author, *item_author, *rel_author; /* parsely-author and the like; microdata; rel */
} meta_t;

static const char *ld_str(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if (cJSON_IsArray(v))
    v = cJSON_GetArrayItem(v, 0);
  if (cJSON_IsString(v))
    return v->valuestring;
  if (cJSON_IsObject(v)) {
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(v, "name");
    if (cJSON_IsString(name))
      return name->valuestring;
  }
  return NULL;
}

/* Authors' names joined with ", " (never a URL). */
static char *ld_authors(const cJSON *o) {
  const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "author");
  if (!a)
    a = cJSON_GetObjectItemCaseSensitive(o, "creator");
  char buf[1024] = "";
  size_t n = 0;
  const cJSON *one = a;
  int arr = cJSON_IsArray(a);
  for (const cJSON *it = arr ? a->child : one; it; it = arr ? it->next : NULL) {
    const char *name = NULL;
    if (cJSON_IsString(it))
      name = it->valuestring;
    else if (cJSON_IsObject(it)) {
      const cJSON *nm = cJSON_GetObjectItemCaseSensitive(it, "name");
      name = cJSON_IsString(nm) ? nm->valuestring : NULL;
    }
    if (name && *name && !is_url(name) && n + strlen(name) + 3 < sizeof buf)
      n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? ", " : "", name);
  }
  return n ? fold(buf, n) : NULL;
}

static int type_is(const cJSON *o, const char *const *types) {
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "@type");
  int arr = cJSON_IsArray(t);
  for (const cJSON *it = arr ? t->child : t; it; it = arr ? it->next : NULL)
    if (cJSON_IsString(it))
      for (const char *const *k = types; *k; k++)
        if (strstr(it->valuestring, *k))
          return 1;
  return 0;
}

/* The first article object of a JSON-LD value (arrays and @graph walked). */
static const cJSON *ld_article(const cJSON *v, int depth) {
  static const char *const ARTICLE[] = {"Article", "Posting", "Report", NULL};
  if (!v || depth > 8)
    return NULL;
  if (cJSON_IsArray(v)) {
    for (const cJSON *it = v->child; it; it = it->next) {
      const cJSON *a = ld_article(it, depth + 1);
      if (a)
        return a;
    }
    return NULL;
  }
  if (!cJSON_IsObject(v))
    return NULL;
  if (type_is(v, ARTICLE))
    return v;
  return ld_article(cJSON_GetObjectItemCaseSensitive(v, "@graph"), depth + 1);
}

static void read_jsonld(const html_doc_t *doc, meta_t *m) {
  for (size_t i = 0; i < doc->njsonld; i++) {
    /* from the first '{' or '[' to the last '}' or ']': pages wrap JSON-LD
     * in <![CDATA[ ]]> or comments */
    const char *j = doc->jsonld[i], *cdata = strstr(j, "<![CDATA[");
    if (cdata)
      j = cdata + 9;
    const char *b = j + strcspn(j, "{["), *e = b, *end = strstr(b, "]]>");
    for (const char *q = b; *q && q != end; q++)
      if (*q == '}' || *q == ']')
        e = q + 1;
    cJSON *root = e > b ? cJSON_ParseWithLength(b, (size_t)(e - b)) : NULL;
    const cJSON *a = ld_article(root, 0);
    if (a) {
      set_once(&m->ld_headline, ld_str(a, "headline"));
      set_once(&m->ld_name, ld_str(a, "name"));
      set_once(&m->ld_date, ld_str(a, "datePublished"));
      set_once(&m->ld_publisher, ld_str(a, "publisher"));
      if (!m->ld_author)
        m->ld_author = ld_authors(a);
    }
    cJSON_Delete(root);
  }
}

/* An author's name as a page writes it in its text: "By " (or "by", "By:")
 * dropped; NULL (t freed) when what is left is no name: empty, a URL, longer
 * than 100 bytes or 8 words, or with a digit (a date beside the name). */
static char *author_name(char *t) {
  if (!t)
    return NULL;
  char *p = t;
  if ((p[0] == 'B' || p[0] == 'b') && (p[1] == 'y' || p[1] == 'Y') && (p[2] == ' ' || p[2] == ':'))
    p += p[2] == ':' ? 3 : 2;
  while (*p == ' ' || *p == ':')
    p++;
  int words = *p != '\0';
  int bad = strlen(p) > 100 || is_url(p) || *p == '\0';
  for (const char *q = p; *q; q++) {
    words += *q == ' ';
    bad |= *q >= '0' && *q <= '9';
  }
  if (bad || words > 8) {
    free(t);
    return NULL;
  }
  memmove(t, p, strlen(p) + 1);
  return t;
}

/* The name in an itemprop="author" element: its itemprop="name" (a
 * content attribute or text) when it has one, else its text. */
static const html_node_t *find_itemprop(const html_node_t *n, const char *prop, int depth) {
  for (const html_node_t *c = n->first; c && depth < 8; c = c->next) {
    if (!c->tag)
      continue;
    const char *ip = html_attr(c, "itemprop");
    if (ip && strcmp(ip, prop) == 0)
      return c;
    const html_node_t *d = find_itemprop(c, prop, depth + 1);
    if (d)
      return d;
  }
  return NULL;
}

static char *item_author(const html_doc_t *doc, const html_node_t *n) {
  const html_node_t *name = find_itemprop(n, "name", 0);
  if (name) {
    const char *v = html_attr(name, "content");
    return author_name(v ? fold(v, strlen(v)) : node_text(doc, name));
  }
  const char *v = html_attr(n, "content");
  return author_name(v ? fold(v, strlen(v)) : node_text(doc, n));
}

static void read_meta(const html_doc_t *doc, const html_node_t *n, meta_t *m, nodes_t *h1s) {
  static const char *const DATE_NAMES[] = {"date",
                                           "dc.date",
                                           "dc.date.issued",
                                           "dcterms.date",
                                           "dcterms.issued",
                                           "dcterms.created",
                                           "dc.date.created",
                                           "pubdate",
                                           "publishdate",
                                           "publish-date",
                                           "publish_date",
                                           "article.published",
                                           "parsely-pub-date",
                                           "sailthru.date",
                                           "og:published_time",
                                           "article:published",
                                           "datepublished",
                                           NULL};
  if (!n->tag)
    return;
  if (is(n, "meta")) {
    const char *k = html_attr(n, "property");
    if (!k)
      k = html_attr(n, "name");
    const char *v = html_attr(n, "content");
    if (k && v) {
      char key[64];
      size_t o = 0;
      for (; k[o] && o + 1 < sizeof key; o++)
        key[o] = (char)tolower((unsigned char)k[o]);
      key[o] = '\0';
      if (strcmp(key, "og:title") == 0)
        set_once(&m->og_title, v);
      else if (strcmp(key, "og:site_name") == 0)
        set_once(&m->og_site, v);
      else if (strcmp(key, "og:url") == 0 && is_url(v))
        set_once(&m->og_url, v);
      else if (strcmp(key, "article:published_time") == 0)
        set_once(&m->published, v);
      else if ((strcmp(key, "author") == 0 || strcmp(key, "article:author") == 0 ||
                strcmp(key, "dc.creator") == 0) &&
               !is_url(v))
        set_once(&m->author, v);
      else if ((strcmp(key, "parsely-author") == 0 || strcmp(key, "sailthru.author") == 0 ||
                strcmp(key, "byl") == 0) &&
               !m->byl_author)
        m->byl_author = author_name(fold(v, strlen(v)));
      else if (in_list(key, DATE_NAMES) && !m->meta_date)
        m->meta_date = parse_day(v);
    }
  } else if (is(n, "link")) {
    const char *rel = html_attr(n, "rel"), *href = html_attr(n, "href");
    if (rel && href && strcasecmp(rel, "canonical") == 0 && is_url(href))
      set_once(&m->canonical, href);
  } else if (is(n, "title")) {
    char *t = m->title_tag ? NULL : node_text(doc, n);
    if (t && *t)
      m->title_tag = t;
    else
      free(t);
  } else if (is(n, "h1")) {
    push(h1s, (html_node_t *)n);
  } else if (is(n, "time") && html_attr(n, "datetime") && !m->time_date) {
    m->time_date = parse_day(html_attr(n, "datetime"));
  }
  const char *ip = html_attr(n, "itemprop");
  if (ip && strcmp(ip, "author") == 0 && !m->item_author)
    m->item_author = item_author(doc, n);
  const char *rel = html_attr(n, "rel");
  if (rel && strcmp(rel, "author") == 0 && is(n, "a") && !m->rel_author)
    m->rel_author = author_name(node_text(doc, n));
  if (ip && strcmp(ip, "datePublished") == 0 && !m->itemprop_date) {
    const char *v = html_attr(n, "content");
    if (!v)
      v = html_attr(n, "datetime");
    if (v)
      m->itemprop_date = parse_day(v);
    else {
      char *t = node_text(doc, n);
      m->itemprop_date = parse_day(t);
      free(t);
    }
  }
  for (const html_node_t *c = n->first; c; c = c->next)
    read_meta(doc, c, m, h1s);
}

static int contains_nocase(const char *hay, const char *needle) {
  if (!hay || !needle || !*needle)
    return 0;
  size_t n = strlen(needle);
  for (const char *p = hay; *p; p++)
    if (strncasecmp(p, needle, n) == 0)
      return 1;
  return 0;
}

static int within(const html_node_t *n, const nodes_t *content) {
  for (; n; n = n->parent)
    for (size_t i = 0; i < content->n; i++)
      if (content->v[i] == n)
        return 1;
  return 0;
}

/* Drops the permalink marks documentation generators put after a heading
 * ("History¶", "Usage #", "Scope §") from the end of t. */
static void cut_anchor_marks(char *t) {
  static const char *const marks[] = {"\xc2\xb6", "\xc2\xa7", "#", "\xf0\x9f\x94\x97"};
  size_t n = strlen(t);
  for (int again = 1; again && n > 0;) {
    again = 0;
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
      n--;
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
      size_t k = strlen(marks[i]);
      if (n > k && memcmp(t + n - k, marks[i], k) == 0) {
        n -= k;
        again = 1;
      }
    }
  }
  t[n] = '\0';
}

/* 1 if the page's <title> or og:title holds t (any case). */
static int in_page_titles(const meta_t *m, const char *t) {
  return contains_nocase(m->title_tag, t) || contains_nocase(m->og_title, t);
}

/* The title: JSON-LD headline, the article's <h1> (in the content, or one
 * that the page's titles contain), og:title, <title> without the site. */
static char *pick_title(const html_doc_t *doc, meta_t *m, const nodes_t *h1s,
                        const nodes_t *content) {
  const char *site = m->og_site ? m->og_site : m->ld_publisher;
  if (m->ld_headline) {
    /* Some pages put a description in "headline" and the title in "name"
     * (a Wikipedia article: "constitutional monarchy in Oceania" and "New
     * Zealand"): the name, when the page's own titles hold it and not the
     * headline. */
    const char *t = m->ld_headline;
    if (m->ld_name && *m->ld_name && !in_page_titles(m, t) && in_page_titles(m, m->ld_name))
      t = m->ld_name;
    /* "Headline - Author - Site" where og:title is "Headline": the latter */
    size_t on = m->og_title ? strlen(m->og_title) : 0;
    if (on && strlen(t) > on + 3 && strncasecmp(t, m->og_title, on) == 0 &&
        strchr(m->og_title, ' ') &&
        (strncmp(t + on, " | ", 3) == 0 || strncmp(t + on, " - ", 3) == 0 ||
         strncmp(t + on, " \xE2\x80\x93 ", 5) == 0 || strncmp(t + on, " \xE2\x80\x94 ", 5) == 0))
      t = m->og_title;
    char *title = ledei_xstrdup(t);
    cut_site_name(title, site);
    return title;
  }
  for (size_t i = 0; i < h1s->n; i++) {
    char *t = node_text(doc, h1s->v[i]);
    cut_anchor_marks(t);
    /* not the site's name in an <h1>: most of a title that contains it */
    size_t n = strlen(t);
    int in_titles = (contains_nocase(m->og_title, t) && 2 * n >= strlen(m->og_title)) ||
                    (contains_nocase(m->title_tag, t) && 2 * n >= strlen(m->title_tag));
    if (strchr(t, ' ') && (within(h1s->v[i], content) || in_titles))
      return t;
    free(t);
  }
  char *t = m->og_title ? m->og_title : m->title_tag;
  if (!t)
    return NULL;
  t = ledei_xstrdup(t);
  cut_site_name(t, site); /* "The Site | Headline": not "The Site" */
  cut_site_suffix(t);
  cut_site_name(t, site); /* "Headline @ Blog :: Host ::" */
  return t;
}

static char *url_host(const char *u) {
  const char *p = u ? strstr(u, "://") : NULL;
  if (!p)
    return NULL;
  p += 3;
  if (strncasecmp(p, "www.", 4) == 0)
    p += 4;
  size_t n = strcspn(p, "/:?#");
  return n ? fold(p, n) : NULL;
}

/* ---- the whole ---- */

static html_node_t *find_body(html_node_t *n) {
  for (html_node_t *c = n->first; c; c = c->next) {
    if (is(c, "body"))
      return c;
    if (is(c, "html")) {
      html_node_t *b = find_body(c);
      if (b)
        return b;
    }
  }
  return NULL;
}

/* The page's language: the lang (or xml:lang) of its <html> element. */
static char *page_language(html_node_t *root) {
  for (html_node_t *c = root->first; c; c = c->next) {
    if (!is(c, "html"))
      continue;
    const char *l = html_attr(c, "lang");
    if (!l || !*l)
      l = html_attr(c, "xml:lang");
    return l ? fold(l, strlen(l)) : NULL;
  }
  return NULL;
}

/* ---- a newsletter's furniture (mail only) ---- */

/* Lower-cased text of n's subtree into buf (cap bytes, cut there). */
static size_t lower_text(const html_doc_t *doc, const html_node_t *n, char *buf, size_t o,
                         size_t cap) {
  if (!n->tag) {
    for (size_t i = 0; i < n->ntext && o + 1 < cap; i++)
      buf[o++] = (char)tolower((unsigned char)doc->text[n->text + i]);
    buf[o] = '\0';
    return o;
  }
  for (const html_node_t *c = n->first; c && o + 1 < cap; c = c->next)
    o = lower_text(doc, c, buf, o, cap);
  return o;
}

/* 1 if link a is a newsletter's own: unsubscribe, preferences, "View in
 * browser". */
static int furniture_link(const html_doc_t *doc, const html_node_t *a) {
  static const char *const HREF[] = {"unsubscribe", "optout", "opt-out", "opt_out", NULL};
  static const char *const TEXT[] = {
      "unsubscribe", "opt out",        "opt-out",         "preferences",    "view online",
      "web version", "online version", "in your browser", "in a browser",   "in browser",
      "view in web", "view as a web",  "view this email", "view it online", NULL};
  char buf[512];
  const char *href = html_attr(a, "href");
  if (href) {
    size_t o = 0;
    for (const char *h = href; *h && o + 1 < sizeof buf; h++)
      buf[o++] = (char)tolower((unsigned char)*h);
    buf[o] = '\0';
    if (has_any(buf, HREF))
      return 1;
  }
  buf[0] = '\0';
  lower_text(doc, a, buf, 0, sizeof buf);
  return has_any(buf, TEXT);
}

/* The most text a block holding a furniture link may have to be cut as
 * furniture (a footer: why you get the mail, the sender's address, the
 * copyright and the links), in non-space bytes. */
enum { FURNITURE_MAX_CHARS = 1000 };

/* Cuts from n's subtree the innermost block (paragraph, cell, box) around
 * each furniture link, when it is short. Returns 1 when a furniture link
 * in n is still to be cut by an ancestor; *chars gets n's text length. */
static int cut_furniture(html_doc_t *doc, html_node_t *n, size_t *chars) {
  *chars = 0;
  if (!n->tag) {
    for (size_t i = 0; i < n->ntext; i++)
      *chars += !isspace((unsigned char)doc->text[n->text + i]);
    return 0;
  }
  int found = is(n, "a") && furniture_link(doc, n);
  html_node_t *prev = NULL;
  for (html_node_t *c = n->first; c;) {
    html_node_t *next = c->next;
    size_t cc;
    int pending = cut_furniture(doc, c, &cc);
    if (pending && c->tag && in_list(c->tag, BLOCKS) && !is(c, "body") &&
        cc <= FURNITURE_MAX_CHARS) {
      if (prev) /* the block goes, with all its text */
        prev->next = next;
      else
        n->first = next;
      if (n->last == c)
        n->last = prev;
      c = next;
      continue;
    }
    found |= pending;
    *chars += cc;
    prev = c;
    c = next;
  }
  return found;
}

static void run(html_doc_t *doc, html_node_t *body, int tries, writer_t *w, nodes_t *content) {
  measure(doc, doc->root, tries, 0);
  nodes_t cands = {0};
  score_paragraphs(body, tries, &cands);
  content->n = 0;
  choose(doc, body, &cands, content);
  free(cands.v);
  w->n = 0;
  w->chars = 0;
  w->pending = 0;
  w->tries = tries;
  for (size_t i = 0; i < content->n; i++)
    write_node(w, content->v[i]);
}

int html_extract(html_extract_t *out, const char *buf, size_t len) {
  return html_extract_as(out, buf, len, 0);
}

int html_extract_as(html_extract_t *out, const char *buf, size_t len, int mail) {
  memset(out, 0, sizeof *out);
  html_doc_t *doc = html_parse(buf, len);
  if (!doc)
    return 0;
  html_node_t *body = find_body(doc->root);
  if (!body)
    body = doc->root;
  if (mail) { /* before anything is scored: a short footer would come back */
    size_t chars;
    cut_furniture(doc, body, &chars);
  }

  meta_t m = {0};
  nodes_t h1s = {0};
  read_jsonld(doc, &m);
  read_meta(doc, doc->root, &m, &h1s);

  /* Tries with less and less pruning; the first long enough wins, else
   * the first unless a later one is half as long again (a short news item
   * stays clean of its boilerplate). */
  static const int TRIES[] = {STRIP_UNLIKELY | WEIGHT_CLASSES | CLEAN_CONDITIONALLY,
                              WEIGHT_CLASSES | CLEAN_CONDITIONALLY, CLEAN_CONDITIONALLY, 0};
  writer_t w = {0};
  nodes_t content = {0};
  w.doc = doc;
  int best = -1, last = -1;
  size_t best_chars = 0;
  for (size_t t = 0; t < sizeof TRIES / sizeof *TRIES; t++) {
    run(doc, body, last = TRIES[t], &w, &content);
    if (best < 0 || (double)w.chars > 1.5 * (double)best_chars)
      best = TRIES[t], best_chars = w.chars;
    if (w.chars >= MIN_CONTENT_CHARS)
      break;
  }
  if (best != last)
    run(doc, body, best, &w, &content);
  /* The title is known once the content is; an <h1> repeating it is not
   * written again (it is the title, not a sentence). */
  out->title = pick_title(doc, &m, &h1s, &content);
  if (out->title) {
    w.skip_h1 = out->title;
    run(doc, body, best, &w, &content);
  }

  out->url = m.canonical ? ledei_xstrdup(m.canonical) : m.og_url ? ledei_xstrdup(m.og_url) : NULL;
  set_date(&out->date, m.ld_date);
  set_date(&out->date, m.published);
  if (!out->date && m.itemprop_date)
    out->date = ledei_xstrdup(m.itemprop_date);
  if (!out->date && m.meta_date)
    out->date = ledei_xstrdup(m.meta_date);
  if (!out->date)
    out->date = html_date_in_url(m.canonical ? m.canonical : m.og_url);
  if (!out->date && m.time_date)
    out->date = ledei_xstrdup(m.time_date);
  if (m.og_site) /* "http://www.tmz.com" names the site by its host */
    out->source = is_url(m.og_site) ? url_host(m.og_site) : ledei_xstrdup(m.og_site);
  if (!out->source && m.ld_publisher)
    out->source = ledei_xstrdup(m.ld_publisher);
  if (!out->source)
    out->source = url_host(out->url);
  /* The author: what the page states as metadata, then what its text
   * marks as the author (microdata, then a rel="author" link). */
  const char *authors[] = {m.ld_author, m.author, m.byl_author, m.item_author, m.rel_author};
  for (size_t i = 0; i < sizeof authors / sizeof *authors && !out->author; i++)
    if (authors[i])
      out->author = ledei_xstrdup(authors[i]);
  out->language = page_language(doc->root);

  out->text = w.s ? w.s : ledei_xmalloc(1);
  out->text[w.n] = '\0';
  out->len = w.n;
  out->src_start = w.ss;
  out->src_end = w.se;
  char **fields[] = {
      &m.ld_headline, &m.ld_name,   &m.ld_date,   &m.ld_publisher,  &m.ld_author,   &m.og_title,
      &m.og_site,     &m.og_url,    &m.published, &m.itemprop_date, &m.meta_date,   &m.time_date,
      &m.title_tag,   &m.canonical, &m.author,    &m.byl_author,    &m.item_author, &m.rel_author};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
    free(*fields[i]);
  free(content.v);
  free(h1s.v);
  html_doc_free(doc);
  return 1;
}

void html_extract_free(html_extract_t *x) {
  if (!x)
    return;
  free(x->title);
  free(x->date);
  free(x->source);
  free(x->url);
  free(x->author);
  free(x->language);
  free(x->text);
  free(x->src_start);
  free(x->src_end);
  memset(x, 0, sizeof *x);
}
