/*
 * pdf.c - a PDF file as one article, through poppler's GLib API: the text
 * of its pages in poppler's reading order, words broken at line ends made
 * whole again, each page break a paragraph break; title and date from the
 * document's info dictionary.
 *
 * PDF text has no byte positions in the file: sentences have start = end =
 * 0 and no line or column (docs/articles.md).
 */
#define _GNU_SOURCE /* memmem */
#include "pdf.h"
#include "reader_module.h"

#include <math.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where poppler may look for a PDF's header (as poppler does). */
#define PDF_HEADER_WINDOW 1024

/* Poppler's GLib API logs what it finds wrong in a file ("Syntax error
 * ...") in the "Poppler" log domain at the info level, which GLib prints
 * only under G_MESSAGES_DEBUG; any warning it may log about a file is
 * dropped too, unless G_MESSAGES_DEBUG asks for messages. */
static void drop_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer ctx) {
  (void)domain;
  (void)level;
  (void)msg;
  (void)ctx;
}

static gsize poppler_ready;

static void poppler_setup(void) {
  if (g_once_init_enter(&poppler_ready)) {
    if (!getenv("G_MESSAGES_DEBUG"))
      g_log_set_handler("Poppler",
                        G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO |
                            G_LOG_LEVEL_DEBUG,
                        drop_log, NULL);
    g_once_init_leave(&poppler_ready, 1);
  }
}

/* Appends [s, s+n) to the growing buffer *t (*len, *cap). */
static void append(char **t, size_t *len, size_t *cap, const char *s, size_t n) {
  if (*len + n + 1 > *cap) {
    *cap = (*len + n + 1) * 2;
    *t = ledei_xrealloc(*t, *cap);
  }
  memcpy(*t + *len, s, n);
  *len += n;
  (*t)[*len] = '\0';
}

/* Appends a page's text, a blank line where a line starts lower below the
 * one before than about half its height (a paragraph's gap): poppler
 * separates lines, not paragraphs. r[k] is the box of the text's
 * character k (nr 0: none known). */
static void append_lines(char **t, size_t *len, size_t *cap, const char *text,
                         const PopplerRectangle *r, guint nr) {
  double prev_bottom = NAN, prev_height = 0;
  size_t k = 0; /* character index of the line's start */
  for (const char *p = text; *p;) {
    const char *eol = strchr(p, '\n');
    size_t n = eol ? (size_t)(eol - p) : strlen(p);
    double top = INFINITY, bottom = -INFINITY;
    for (size_t i = 0; i < n; k++) {
      uint32_t c;
      size_t step = ledei_utf8_decode(&c, p + i, n - i);
      if (k < nr && c != ' ' && c != '\t') {
        top = fmin(top, fmin(r[k].y1, r[k].y2));
        bottom = fmax(bottom, fmax(r[k].y1, r[k].y2));
      }
      i += step ? step : 1;
    }
    if (isfinite(top)) {
      if (!isnan(prev_bottom) && top - prev_bottom > 0.5 * prev_height)
        append(t, len, cap, "\n", 1);
      prev_bottom = bottom;
      prev_height = bottom - top;
    }
    append(t, len, cap, p, n);
    append(t, len, cap, "\n", 1);
    k++; /* the line break */
    p = eol ? eol + 1 : p + n;
  }
}

/* 1 when text holds a word character: a page of images only has none. */
static int has_words(const char *t, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t k = ledei_utf8_decode(&c, t + i, n - i);
    if (k && ledei_unicode_is_wordchar(c))
      return 1;
    i += k ? k : 1;
  }
  return 0;
}

/* The document's day of creation, as its info dictionary writes it (in
 * its own zone). */
static char *creation_day(PopplerDocument *doc) {
  GDateTime *dt = poppler_document_get_creation_date_time(doc);
  char *day = mail_iso_day(dt);
  if (dt)
    g_date_time_unref(dt);
  return day;
}

/* Every page's text, pages apart by a blank line; hyphens joined. */
static char *document_text(PopplerDocument *doc, size_t *out_len) {
  char *t = NULL;
  size_t len = 0, cap = 0;
  append(&t, &len, &cap, "", 0);
  int pages = poppler_document_get_n_pages(doc);
  for (int p = 0; p < pages; p++) {
    PopplerPage *page = poppler_document_get_page(doc, p);
    if (!page)
      continue;
    char *text = poppler_page_get_text(page);
    if (text) {
      if (len)
        append(&t, &len, &cap, "\n\n", 2);
      PopplerRectangle *r = NULL;
      guint nr = 0;
      if (!poppler_page_get_text_layout(page, &r, &nr) ||
          nr != (guint)g_utf8_strlen(text, -1)) /* no layout to tell paragraphs by */
        nr = 0;
      append_lines(&t, &len, &cap, text, r, nr);
      g_free(r);
      g_free(text);
    }
    g_object_unref(page);
  }
  *out_len = pdf_join_hyphens(t, len);
  return t;
}

lede_status_t pdf_read_article(lede_article_t **out, const char *buf, size_t len, const char *path,
                               const char *default_source) {
  *out = NULL;
  size_t window = len < PDF_HEADER_WINDOW ? len : PDF_HEADER_WINDOW;
  if (len < 5 || !memmem(buf, window, "%PDF-", 5))
    return ledei_error(LEDE_ERR_INVALID, "not a PDF file (no %%PDF- header)");
  poppler_setup();
  GBytes *bytes = g_bytes_new_static(buf, len);
  GError *err = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
  g_bytes_unref(bytes);
  if (!doc) {
    int encrypted = err && g_error_matches(err, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED);
    lede_status_t rc =
        encrypted ? ledei_error(LEDE_ERR_INVALID, "encrypted PDF (needs a password)")
                  : ledei_error(LEDE_ERR_INVALID, "damaged PDF (%s)",
                                err && err->message ? err->message : "poppler cannot read it");
    g_clear_error(&err);
    return rc;
  }
  size_t n;
  char *text = document_text(doc, &n);
  char *title_raw = poppler_document_get_title(doc);
  char *author_raw = poppler_document_get_author(doc);
  char *date = creation_day(doc);
  g_object_unref(doc);

  char *title = mail_clean_field(title_raw), *author = mail_clean_field(author_raw);
  g_free(title_raw);
  g_free(author_raw);
  if (!has_words(text, n)) {
    free(text);
    free(title);
    free(author);
    free(date);
    return ledei_error(LEDE_ERR_INVALID, "no text layer (a scanned PDF?)");
  }
  lede_article_t *a = ledei_xcalloc(1, sizeof *a);
  char id[17];
  ledei_hash_hex(id, path, strlen(path));
  a->id = ledei_xstrdup(id);
  a->path = ledei_utf8_sanitize(path, strlen(path));
  a->title = title;
  a->date = date;
  const char *src = default_source ? default_source : path;
  a->source = ledei_utf8_sanitize(src, strlen(src));
  if (author) {
    a->meta = ledei_xcalloc(1, sizeof *a->meta);
    a->meta[0].key = ledei_xstrdup("author");
    a->meta[0].value = author;
    a->nmeta = 1;
  }
  lede_span_t *spans = NULL;
  size_t count = 0;
  if (ledei_segment(&spans, &count, text, n) == LEDE_OK && count) {
    a->sentences = ledei_xcalloc(count, sizeof *a->sentences);
    for (size_t i = 0; i < count; i++)
      a->sentences[a->nsentences++].text = ledei_span_text(text, spans[i]); /* span 0, 0 */
  }
  free(spans);
  free(text);
  *out = a;
  return LEDE_OK;
}
