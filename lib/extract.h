/*
 * extract.h - the article in a web page: its main text and its metadata
 * (private to lib/; feeds and mail can call html_extract() on an HTML string).
 */
#ifndef LEDE_EXTRACT_H
#define LEDE_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

typedef struct html_extract {
  char *title;    /* JSON-LD headline, the article's <h1>, og:title, <title> */
  char *date;     /* "YYYY-MM-DD" published, never modified */
  char *source;   /* og:site_name, JSON-LD publisher, the canonical URL's host */
  char *url;      /* <link rel="canonical">, og:url */
  char *author;   /* JSON-LD author, <meta name="author">; never a URL */
  char *language; /* <html lang="...">, or NULL */
  /* The main content: one block (paragraph, heading, list item) per line,
   * blocks separated by blank lines; src_start/src_end give, for each byte,
   * the input bytes it came from. */
  char *text;
  size_t len;
  uint32_t *src_start, *src_end;
} html_extract_t;

/* Extracts the article from the page buf (any bytes). Returns 0 when the
 * page is larger than HTML_MAX_BYTES (out is then empty), else 1. */
int html_extract(html_extract_t *out, const char *buf, size_t len);
/* The same; mail != 0 reads the HTML of an e-mail, whose newsletter
 * furniture is cut first: the shortest block (a cell, a paragraph, a box
 * of at most 1,000 characters) around an "unsubscribe", "preferences" or
 * "View in browser" link. */
int html_extract_as(html_extract_t *out, const char *buf, size_t len, int mail);
void html_extract_free(html_extract_t *x);

/* The day a URL's path gives ("/2023/11/09/", "-2023-11-09", "_2023_11_09"),
 * as "YYYY-MM-DD" (malloc'd), or NULL: a page's or an item's date when
 * nothing else states one. */
char *html_date_in_url(const char *url);

#include "lede_private.h"

/* ledei_html_is_page() is declared in lede.h. */

/* One article from a web page: html_extract()'s text split into sentences
 * (each block on its own) with spans into buf, and its metadata; the page's
 * author goes to meta "author". */
lede_status_t ledei_html_article_parse(lede_article_t **out, const char *buf, size_t len,
                                       const char *path, const char *default_source);
/* The same for an e-mail's HTML part (html_extract_as() with mail set). */
lede_status_t ledei_html_mail_parse(lede_article_t **out, const char *buf, size_t len);

#endif
