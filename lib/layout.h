/*
 * layout.h - what lede stores in a Xapian database, in one place: the term
 * prefixes, the marker terms, the value slots, the metadata keys and the
 * index folder's own files. Nothing else in lib/ spells a prefix or a slot
 * number (docs/design.md, "Index layout"; docs/design-layout.md for the
 * layout issue #14 moves to).
 */
#ifndef LEDE_LAYOUT_H
#define LEDE_LAYOUT_H

/* Term prefixes (boolean terms unless noted). */
#define LEDE_PREFIX_ARTICLE "A" /* A<article id>: all of an article's documents */
#define LEDE_PREFIX_SOURCE "S"  /* S<lower-cased source> */
#define LEDE_PREFIX_DATE "D"    /* D<YYYYMMDD>; also Y<YYYY> and M<YYYYMM> */
#define LEDE_PREFIX_YEAR "Y"
#define LEDE_PREFIX_MONTH "M"
#define LEDE_PREFIX_PLACE "P" /* P<lower-cased place> */
#define LEDE_PREFIX_TITLE "T" /* free-text prefix of headline words (article documents) */

/* Value slots. */
enum {
  LEDE_SLOT_DATE = 0,    /* "YYYYMMDD" (string order is date order) */
  LEDE_SLOT_ARTICLE = 1, /* article id: collapse key */
  LEDE_SLOT_COUNT = 2,   /* article documents only: sortable_serialise(number of
                          * sentences), which are the documents just before it */
  LEDE_SLOT_DATA = 3,    /* the document's record (lede_doc_data_encode()) */
  LEDE_SLOT_WORDS = 4    /* sentences only: the stems of its words in order
                          * (lede_words_put()), which phrases are checked on */
};

/* The term every article document carries, and only they. Its wdf is the
 * article's length (headline, counted LEDE_HEADLINE_WDF times, and
 * sentences), so its term frequency counts article documents and its
 * collection frequency sums their lengths: both statistics stay exact
 * through deletions and shard merges. */
#define LEDE_TERM_ARTICLE_DOC "XKarticle"
/* On article documents with a headline: wdf the headline's part of the
 * length. An article document's Xapian length is its length plus twice
 * this (headline stems and this marker), which is how the sentences'
 * total length is found. */
#define LEDE_TERM_HEADLINE "XKheadline"

/* Metadata keys. */
#define LEDE_META_SCHEMA "lede:schema"
#define LEDE_META_LANGUAGE "lede:language"
#define LEDE_META_FILE "file:" /* file:<path> or file:#<hash> for long paths */
#define LEDE_META_USER "user:" /* user:<key>: lede_db_set_meta() (the indexer's roots) */

/* The index folder's own files: the stub naming the live database, the
 * databases (db-N), a parallel build's shards (tmp-PID-K, named by
 * indexer/parallel.c) and the marker of a build not yet published
 * (building-db-N). */
#define LEDE_STUB_NAME "XAPIANDB"
#define LEDE_DB_PREFIX "db-"
#define LEDE_SHARD_PREFIX "tmp-"
#define LEDE_BUILDING_PREFIX "building-"
/* strlen() of a prefix above, for strncmp(). */
#define LEDE_LEN(prefix) (sizeof prefix - 1)

#endif
