/*
 * reader_module.h - what lib/mail.c and lib/pdf.c share inside the
 * readers module (lib/readers.h); lede proper reaches them only through
 * the module's table.
 */
#ifndef LEDE_READER_MODULE_H
#define LEDE_READER_MODULE_H

#include "lede_private.h"

#include <glib.h>

/* mail_articles_parse() (mail.h), through GMime. */
lede_status_t mail_read_articles(lede_article_t ***out, size_t *out_count, size_t *out_bad,
                                 const char *buf, size_t len, const char *path,
                                 const char *default_source);

/* pdf_article_parse() (pdf.h), through poppler. */
lede_status_t pdf_read_article(lede_article_t **out, const char *buf, size_t len, const char *path,
                               const char *default_source);

/* A header's text as a metadata field: valid UTF-8, white space and
 * control characters folded to one space, trimmed; NULL when empty. */
char *mail_clean_field(const char *s);

/* "YYYY-MM-DD" of dt in its own zone (malloc'd), or NULL (dt NULL or out
 * of range). Also for a PDF's creation date. */
char *mail_iso_day(GDateTime *dt);

#endif
