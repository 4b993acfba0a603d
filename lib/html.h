/*
 * html.h - a saved web page as a small tree of lede's own (private to lib/).
 *
 * html_parse() reads a page's bytes in any declared charset (BOM, <meta
 * charset>, default UTF-8) with libxml2's HTML parser, never loading a DTD,
 * an entity or anything from the network, and keeps for every byte of text
 * the bytes of the original page it came from, so sentence spans point into
 * the file. Scripts and styles are cut at their end tag before parsing; the
 * contents of <script type="application/ld+json"> are kept aside.
 */
#ifndef LEDE_HTML_H
#define LEDE_HTML_H

#include <stddef.h>
#include <stdint.h>

typedef struct html_node html_node_t;
struct html_node {
  const char *tag;    /* lower-case element name; NULL for a text node */
  char **attrs;       /* elements: name, value, ..., NULL (names lower-case) */
  size_t text, ntext; /* text nodes: [text, text+ntext) of html_doc_t.text */
  html_node_t *parent, *first, *last, *next;
  /* scratch space for the extractor */
  double score;
  size_t chars, link_chars, commas; /* text (non-space bytes), in links, commas */
  unsigned np, nimg, nli, ninput;   /* <p>, <img>, <li>, <input> inside */
  int flags;
};

typedef struct html_doc {
  html_node_t *root; /* a pseudo element holding the whole page */
  char *text;        /* every text node's UTF-8, concatenated */
  size_t ntext;
  uint32_t *src_start; /* per byte of text: first byte of the page it came from */
  uint32_t *src_end;   /* ... and the byte after the last one */
  char **jsonld;       /* UTF-8 contents of the JSON-LD scripts */
  size_t njsonld;
  void *arena; /* everything else the tree owns */
} html_doc_t;

/* Largest page html_parse() reads (the indexer's own limit is 16 MB). */
#define HTML_MAX_BYTES (64u << 20)

/* Parses buf (a whole page). Returns NULL only when the page is too large;
 * broken markup, NUL bytes and bad bytes never make it fail. */
html_doc_t *html_parse(const char *buf, size_t len);
void html_doc_free(html_doc_t *doc);

/* The value of attribute name (lower-case) of element n, or NULL. */
const char *html_attr(const html_node_t *n, const char *name);

/* 1 if the bytes look like an HTML page (a doctype, <html>, <head> or
 * <body> near the start). */
int html_sniff(const char *buf, size_t len);

#endif
