/*
 * layout.h - what lede stores in its Xapian databases, in one place: the
 * term prefixes, the value slots, the metadata keys and the index folder's
 * own files. Nothing else in lib/ spells a prefix or a slot number
 * (docs/design.md, "Index layout").
 *
 * An index folder holds two Glass databases built together, one document
 * per sentence ("sentences") and one per article ("articles"), under
 * db-N/, which the symbolic link "current" names. Each kind keeps its own
 * statistics, so Xapian's stock BM25Weight scores both, any number of
 * indexes (local or served by xapian-tcpsrv) can be searched as one, and
 * nothing in a query depends on docids.
 */
#ifndef LEDE_LAYOUT_H
#define LEDE_LAYOUT_H

/* Term prefixes (boolean terms unless noted). Free text is "Z<stem>" (with
 * positions on sentences; on articles, the count in the text plus
 * LEDE_HEADLINE_WDF times the count in the headline). */
#define LEDE_PREFIX_ARTICLE "A" /* A<article id>: the article's documents, in both */
#define LEDE_PREFIX_SOURCE "S"  /* S<lower-cased source> */
#define LEDE_PREFIX_DATE "D"    /* D<YYYYMMDD>; also Y<YYYY> and M<YYYYMM> */
#define LEDE_PREFIX_YEAR "Y"
#define LEDE_PREFIX_MONTH "M"
#define LEDE_PREFIX_PLACE "P" /* P<lower-cased place> */
/* F<folder>: every folder of the article's shown path, and the path itself
 * (path:, --under); as written, not lower-cased. */
#define LEDE_PREFIX_PATH "F"
/* X<key>:<lower-cased value>: a front-matter key lede does not interpret
 * (topics, author, tags...), one term per comma-separated value, so that
 * key:value is a field of its own. */
#define LEDE_PREFIX_META "X"
/* U<currency><number><unit>: a figure with its unit, the same term for every
 * form ("£600m", "£600 million" and "600 mln stg" are Ugbp600m; "76%" and
 * "76 pct" U76pct), with wdf 1 on sentences (lib/figure.h). */
#define LEDE_PREFIX_FIGURE "U"
/* Free-text prefix of headline stems ("ZT<stem>") on every sentence of the
 * article, with wdf 0: title: finds them without changing any score. */
#define LEDE_PREFIX_TITLE "T"
/* "W" alone: on every document of an article indexed with its words as
 * written (another language than the index's, docs/cjk.md), so that a
 * reader knows whether any is there. */
#define LEDE_PREFIX_AS_WRITTEN "W"

/* How often each headline word counts in its article's text. */
#define LEDE_HEADLINE_WDF 2

/* Value slots (the same numbers in both databases). */
enum {
  LEDE_SLOT_DATE = 0,    /* "YYYYMMDD" (string order is date order) */
  LEDE_SLOT_ARTICLE = 1, /* article id: collapse key, boost key */
  LEDE_SLOT_NUMBER = 2,  /* sentences: sortable_serialise(sentence number);
                          * articles: sortable_serialise(number of sentences) */
  LEDE_SLOT_DATA = 3,    /* the document's record (ledei_doc_data_encode()) */
  LEDE_SLOT_ORDER = 5,   /* tie order: newer first, then path, then sentence
                          * number (ledei_order_key()) */
  LEDE_SLOT_COPIES = 6   /* sentences: copy signature (ledei_signature_encode(),
                          * 32 bytes); empty under 10 words (docs/collapse.md) */
};

/* Metadata keys. Both databases of an index carry the schema, language,
 * build and commit keys; file records and user keys live in articles. */
#define LEDE_META_SCHEMA "lede:schema"
#define LEDE_META_LANGUAGE "lede:language"
#define LEDE_META_BUILD "lede:build"     /* random id of the pair, equal in both */
#define LEDE_META_COMMIT "lede:commit"   /* commits of the pair so far */
#define LEDE_META_PENDING "lede:pending" /* sentences: article ids of the last batch */
#define LEDE_META_FILE "file:"           /* file:<path> or file:#<hash> for long paths */
#define LEDE_META_HASH "hash:"           /* hash:<content hash>:<path hash> -> path */
/* stat:<path>\0<size> <mtime_ns> -> "1": beside each record of a path short
 * enough to be its own key, so that a rescan reads keys, not records. */
#define LEDE_META_STAT "stat:"
#define LEDE_META_USER "user:" /* user:<key>: ledei_db_set_meta() */

/* The index folder's own files: the link naming the live pair, the pairs
 * (db-N, each holding LEDE_SENTENCES and LEDE_ARTICLES), a parallel
 * build's shards (tmp-PID-K, named by indexer/parallel.c) and the marker of
 * a build not yet published (building-db-N). LEDE_OLD_STUB is the stub of
 * indexes before schema 9, recognised to say they need a rebuild. */
#define LEDE_CURRENT "current"
#define LEDE_SENTENCES "sentences"
#define LEDE_ARTICLES "articles"
#define LEDE_OLD_STUB "XAPIANDB"
#define LEDE_DB_PREFIX "db-"
#define LEDE_SHARD_PREFIX "tmp-"
#define LEDE_BUILDING_PREFIX "building-"
/* strlen() of a prefix above, for strncmp(). */
#define LEDE_LEN(prefix) (sizeof prefix - 1)

#endif
