/*
 * html_article.c - a web page as a lede article: the extracted content's
 * blocks split into sentences, spans mapped back into the page's bytes.
 */
#include "extract.h"
#include "html.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int ledei_html_is_page(const char *path, const char *buf, size_t len) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  if (dot)
    return strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0 ||
           strcasecmp(dot, ".xhtml") == 0;
  return html_sniff(buf, len);
}

/* The sentences of x's text, with spans in the page. */
static void add_sentences(lede_article_t *a, const html_extract_t *x) {
  lede_span_t *spans = NULL;
  size_t n = 0;
  /* A byline, a date line or a dateline the content opens with is not
   * text (ledei_text_lead()); the dateline's agency is the source of a page
   * whose metadata names none. */
  if (ledei_text_segment(&spans, &n, a, x->text, x->len, 1) != LEDE_OK || n == 0) {
    free(spans);
    return;
  }
  a->sentences = ledei_xcalloc(n, sizeof *a->sentences);
  size_t prev_end = 0;
  for (size_t i = 0; i < n; i++) {
    size_t start = x->src_start[spans[i].start], end = x->src_end[spans[i].end - 1];
    if (start < prev_end) /* blocks share a source byte only in broken markup */
      start = prev_end;
    char *t = end > start ? ledei_span_text(x->text, spans[i]) : NULL;
    if (!t || !t[0]) { /* nothing to show, or no bytes of its own to point at */
      free(t);
      continue;
    }
    lede_sentence_t *s = &a->sentences[a->nsentences++];
    s->text = t;
    s->start = start;
    s->end = prev_end = end;
  }
  free(spans);
}

static lede_status_t article_parse(lede_article_t **out, const char *buf, size_t len,
                                   const char *path, const char *default_source, int mail) {
  *out = NULL;
  html_extract_t x;
  if (!html_extract_as(&x, buf, len, mail))
    return ledei_error(LEDE_ERR_INVALID, "web page larger than %u MB", HTML_MAX_BYTES >> 20);
  lede_article_t *a = ledei_xcalloc(1, sizeof *a);
  char id[17];
  ledei_hash_hex(id, path, strlen(path));
  a->id = ledei_xstrdup(id);
  a->path = ledei_utf8_sanitize(path, strlen(path));
  a->title = x.title;
  a->date = x.date;
  a->url = x.url;
  a->source = x.source;
  a->language = x.language;
  if (x.author) {
    a->meta = ledei_xcalloc(1, sizeof *a->meta);
    a->meta[0].key = ledei_xstrdup("author");
    a->meta[0].value = x.author;
    a->nmeta = 1;
  }
  x.title = x.date = x.url = x.source = x.author = x.language = NULL;
  add_sentences(a, &x);
  if (!a->source) {
    const char *s = default_source ? default_source : path;
    a->source = ledei_utf8_sanitize(s, strlen(s));
  }
  html_extract_free(&x);
  *out = a;
  return LEDE_OK;
}

lede_status_t ledei_html_article_parse(lede_article_t **out, const char *buf, size_t len,
                                       const char *path, const char *default_source) {
  return article_parse(out, buf, len, path, default_source, 0);
}

lede_status_t ledei_html_mail_parse(lede_article_t **out, const char *buf, size_t len) {
  return article_parse(out, buf, len, "", NULL, 1);
}
