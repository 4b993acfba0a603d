/*
 * mail.h - e-mail (.eml) and mailboxes (.mbox) as articles, through GMime
 * in the readers module (lib/readers.h; ledei_mail_is_mail() is declared
 * in lede_private.h).
 */
#ifndef LEDE_MAIL_H
#define LEDE_MAIL_H

#include "lede_private.h"

/* One article per message of buf (a .eml file's one message, or every
 * message of an mbox): Subject as title, the sender's name (else address)
 * as source, Date as date, the text of the HTML part (else the plain text
 * part), attachments passed by. Damaged messages are read as far as they
 * go, counted in *out_bad with the first reason in lede_last_error().
 * Fails (LEDE_ERR_INVALID) when buf holds no message at all, and
 * (LEDE_ERR_IO) when the readers module cannot be loaded. */
lede_status_t mail_articles_parse(lede_article_t ***out, size_t *out_count, size_t *out_bad,
                                  const char *buf, size_t len, const char *path,
                                  const char *default_source);

#endif
