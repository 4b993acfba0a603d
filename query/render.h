/*
 * render.h - the one output layer of lede-query: text for people (with the
 * query's words marked), JSON and JSON lines for programs.
 */
#ifndef LEDE_RENDER_H
#define LEDE_RENDER_H

#include "lede_private.h"

#include <stdio.h>

typedef enum render_format { RENDER_TEXT, RENDER_JSON, RENDER_JSONL } render_format_t;

typedef struct render_opts {
  render_format_t format;
  int color;               /* use ANSI bold/colour in text output */
  lede_stemmer_t *stemmer; /* for marking stemmed matches; may be NULL */
  size_t max_chars;        /* shorten longer sentences around matches; 0: never */
  unsigned width;          /* the terminal's width in columns; 0: not a terminal */
  int explain;             /* show the parts of each hit's score (--explain) */
} render_opts_t;

/* Writes res to f in the chosen format. */
void render_results(FILE *f, const lede_results_t *res, const render_opts_t *opts);

/* Writes a timeline: JSON, or text (a bar chart fitting opts->width on a
 * terminal; one plain "START PASSAGES ARTICLES" line per period otherwise). */
void render_timeline(FILE *f, const lede_timeline_t *t, const render_opts_t *opts);

/* Writes --count's answer: "N passages in M articles match 'QUERY'", or
 * its JSON object. */
void render_count(FILE *f, const char *query, const lede_count_t *c, const render_opts_t *opts);

#endif
