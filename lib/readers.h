/*
 * readers.h - the mail and PDF readers as a module loaded on demand.
 *
 * GMime and poppler bring 50 shared libraries, whose loading and
 * relocation cost every lede-index and lede-query run about 10 ms of CPU
 * (docs/bench-growth.md). So lib/mail.c and lib/pdf.c are built into a
 * module, lede-readers.so, which lib/readers.c opens with dlopen() when
 * the first mail or PDF file is read. The module exports one symbol, the
 * table below; a build without shared libraries (fuzzing) links the
 * readers in and uses the same table (LEDE_READERS_BUILTIN).
 */
#ifndef LEDE_READERS_H
#define LEDE_READERS_H

#include "lede_private.h"

/* Bumped whenever the table or lede_article_t changes, so that a module
 * of another build is refused rather than misread. */
#define LEDE_READERS_VERSION 1
#define LEDE_READERS_SYMBOL "ledei_readers_table"
#define LEDE_READERS_FILE "lede-readers.so"

typedef struct ledei_readers {
  int version;
  /* mail_articles_parse() and pdf_article_parse() (mail.h, pdf.h). */
  lede_status_t (*mail)(lede_article_t ***out, size_t *out_count, size_t *out_bad, const char *buf,
                        size_t len, const char *path, const char *default_source);
  lede_status_t (*pdf)(lede_article_t **out, const char *buf, size_t len, const char *path,
                       const char *default_source);
  /* The module's own lede_last_error(): its copy of lib/ keeps its own. */
  const char *(*last_error)(void);
} ledei_readers_t;

#endif
