/*
 * feed.h - RSS 2.0, RSS 1.0 (RDF) and Atom feeds as lede articles, one per
 * item (private to lib/; ledei_feed_is_feed() is declared in lede_private.h).
 */
#ifndef LEDE_FEED_H
#define LEDE_FEED_H

#include "lede_private.h"

#include <stddef.h>

/* Reads every item of the feed in buf (a file's bytes, in any charset its
 * XML declaration or BOM names) into *out (*out_count articles). The
 * channel's title is the source (else default_source, else path); ids hash
 * path with the item's guid, else its link, else its title and date; a
 * later item with an id already seen is dropped. XML that is broken or cut
 * short is read as far as it goes: *out_problems is then 1 and
 * lede_last_error() says where and what was lost. Fails with
 * LEDE_ERR_INVALID when buf is not a feed at all (its root element is not
 * rss, rdf:RDF or feed). Never loads a DTD, an entity or a URL. */
lede_status_t ledei_feed_parse(lede_article_t ***out, size_t *out_count, size_t *out_problems,
                               const char *buf, size_t len, const char *path,
                               const char *default_source);

/* Parses a feed date: RFC 822 ("Thu, 09 Nov 2023 10:30:00 +0000", day
 * names missing or wrong, one-digit days, two-digit years, named zones,
 * no seconds) or RFC 3339 ("2023-11-09T10:30:00Z"), else any form
 * ledei_date_parse() reads. The day is the one written, not converted to
 * UTC. Writes "YYYY-MM-DD" and returns 1, else 0. */
int ledei_feed_date(char out[11], const char *s);

#endif
