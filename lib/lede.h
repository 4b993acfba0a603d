/*
 * lede.h - the public API of liblede: open an index (one or many), search
 * it, read its hits, count and summarise what it holds, read articles from
 * files, and index, update or remove articles (one by one, or a file's
 * change whole).
 *
 * Conventions (after libgit2 and notmuch):
 *  - every fallible function returns a lede_status_t; LEDE_OK is 0;
 *  - output parameters come first and are named out / out_*;
 *  - on failure a message is kept per thread and read with lede_last_error();
 *  - handle types are opaque; plain data types (articles, hits, results)
 *    are structs the caller reads and frees with the matching _free();
 *  - all strings are UTF-8 and NUL-terminated unless a length is given;
 *  - ownership: a pointer a function hands out through out / out_* belongs
 *    to the caller, who frees it with the function named beside it; every
 *    pointer inside a struct so handed out belongs to that struct (freed
 *    with it, never alone); pointers the caller passes in are only read,
 *    and not kept past the call, unless said otherwise;
 *  - out-of-memory aborts the process with a message (lede treats it as
 *    fatal); a client that cannot live with that should not use liblede.
 *
 * Only standard C types appear here. The indexer's build steps, test hooks
 * and utilities live in lib/lede_private.h, which clients do not include.
 */
#ifndef LEDE_H
#define LEDE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the shared library exports: it is built with every other symbol
 * hidden (-fvisibility=hidden). */
#if defined(__GNUC__)
#define LEDE_API __attribute__((visibility("default")))
#else
#define LEDE_API
#endif

/* ------------------------------------------------------------------ */
/* Status and errors                                                   */
/* ------------------------------------------------------------------ */

typedef enum lede_status {
  LEDE_OK = 0,
  LEDE_ERR_NOMEM,     /* out of memory */
  LEDE_ERR_IO,        /* a file could not be read or written */
  LEDE_ERR_INVALID,   /* bad argument or malformed input */
  LEDE_ERR_NOT_FOUND, /* no such index, file or language */
  LEDE_ERR_LOCKED,    /* another writer holds the index */
  LEDE_ERR_VERSION,   /* index written by an incompatible version */
  LEDE_ERR_MODIFIED,  /* the index changed under a reader; reopen */
  LEDE_ERR_CORRUPT,   /* the index is damaged */
  LEDE_ERR_QUERY,     /* the query did not parse */
  LEDE_ERR_XAPIAN     /* any other Xapian error; see lede_last_error() */
} lede_status_t;

/* A short fixed description of a status ("out of memory", ...); static. */
LEDE_API const char *lede_status_to_string(lede_status_t status);

/* The message of the last failure in this thread, or "" if none. The string
 * belongs to liblede and stays valid until the next liblede call in the
 * same thread. */
LEDE_API const char *lede_last_error(void);

/* liblede's version, "MAJOR.MINOR.PATCH" (static). */
LEDE_API const char *lede_version(void);

/* ------------------------------------------------------------------ */
/* Articles read from files (lib/article.c)                            */
/* ------------------------------------------------------------------ */

/* One sentence of an article: its display text and its byte span in the
 * original file (for a .jsonl record: in the decoded "text" value). */
typedef struct lede_sentence {
  char *text;
  size_t start;
  size_t end;
  unsigned line;   /* where it starts in its file, from 1; 0: unknown */
  unsigned column; /* from 1, in characters; 0: unknown (a .jsonl record's text) */
} lede_sentence_t;

/* A key/value pair from front matter that lede does not interpret. */
typedef struct lede_meta {
  char *key;
  char *value;
} lede_meta_t;

typedef struct lede_article {
  char *path;        /* file path as given to the reader */
  char *id;          /* stable id: 16 lower-case hex digits (others are refused),
                        hashed from the path (+ "#line" in .jsonl) */
  char *title;       /* headline, or NULL when unknown */
  char *source;      /* front matter source, else the default source */
  char *date;        /* ISO 8601 "YYYY-MM-DD", or NULL when unknown */
  char *url;         /* or NULL */
  char *place;       /* dateline place ("SEOUL"), or NULL */
  char *language;    /* as the article states it ("ko", "en-US"), or NULL */
  lede_meta_t *meta; /* other front matter keys, in file order */
  size_t nmeta;
  lede_sentence_t *sentences;
  size_t nsentences;
} lede_article_t;

/* What one article may store, in bytes (docs/articles.md): longer fields
 * are cut at a character boundary and end with "…"; meta keys past
 * LEDE_MAX_META_KEYS are dropped. Applied by the readers below, so a
 * hostile file cannot make every hit or the index huge. */
#define LEDE_MAX_TITLE 1024
#define LEDE_MAX_URL 4096
#define LEDE_MAX_SOURCE 4096
#define LEDE_MAX_PLACE 256
#define LEDE_MAX_LANGUAGE 64
#define LEDE_MAX_META_KEY 256
#define LEDE_MAX_META_VALUE 4096
#define LEDE_MAX_META_KEYS 64

/* Parses one article held in buf (a file's bytes, plain text or text with
 * front matter), split into sentences. path is recorded as is;
 * default_source is used when the text names no source (NULL: path). Never
 * fails on content: bad bytes are replaced, unknown dates stay NULL. Free
 * *out with lede_article_free(). */
LEDE_API lede_status_t lede_article_parse(lede_article_t **out, const char *buf, size_t len,
                                          const char *path, const char *default_source);

/* Reads a file into articles, each split into sentences, in any format
 * lede-index reads (plain text, .jsonl, web pages, feeds, mail, PDF): a
 * .jsonl file gives one article per non-blank line, a feed one per item, a
 * mailbox one per message, any other file one article. Malformed JSONL
 * lines are skipped and counted in *out_bad_lines (may be NULL), with the
 * first reason kept in lede_last_error(). Fails with LEDE_ERR_IO when the
 * file cannot be read. Free *out with lede_articles_free(*out, *out_count). */
LEDE_API lede_status_t lede_article_read(lede_article_t ***out, size_t *out_count,
                                         size_t *out_bad_lines, const char *path,
                                         const char *default_source);

/* Free an article and everything it points to; NULL is a no-op. */
LEDE_API void lede_article_free(lede_article_t *article);
/* Free an array of count articles and the array itself. */
LEDE_API void lede_articles_free(lede_article_t **articles, size_t count);

/* ------------------------------------------------------------------ */
/* Opening an index                                                    */
/* ------------------------------------------------------------------ */

typedef struct lede_db lede_db_t;

/* The index folder's name when none is given. */
#define LEDE_INDEX_DEFAULT ".lede"

/* The index the programs would use (malloc'd; the caller frees it with
 * free()): the folder given (may be NULL), else $LEDE_INDEX, else the
 * nearest .lede in the current folder or one of its parents (as git finds
 * its repository), else .lede here (a new one). */
LEDE_API char *lede_index_locate(const char *given);

/* Opens the index at dir for reading. No index there: LEDE_ERR_NOT_FOUND.
 * Close *out with lede_db_close(). */
LEDE_API lede_status_t lede_db_open_read(lede_db_t **out, const char *dir);

/* Opens several indexes (shards) to be searched as one: each spec is a
 * folder or tcp://HOST:PORT, an index served by lede-serve (sentences at
 * PORT, articles at PORT+1). Answers are those of one index holding all
 * their articles. They must share a language; a failure names the index.
 * timeout_ms bounds every wait on a server (0: 10 s). specs are not kept.
 * Close *out with lede_db_close(). */
LEDE_API lede_status_t lede_db_open_many(lede_db_t **out, const char *const *specs, size_t n,
                                         unsigned timeout_ms);

/* Option structs (after libgit2) grow by new fields at their end; their
 * first field, version, says which fields the caller's code knows. Always
 * start from the _INIT macro, which sets version and every default, then
 * set what you need:
 *   lede_search_opts_t opts = LEDE_SEARCH_OPTS_INIT;
 *   opts.query = "Shangri-La Dialogue";
 * A version this liblede does not know is refused with LEDE_ERR_INVALID
 * and a message naming the struct. */

/* Options for lede_db_open_write(); NULL opens an existing index only. */
typedef struct lede_write_opts {
  unsigned int version; /* LEDE_WRITE_OPTS_VERSION */
  const char *language; /* stemming language for a new index; NULL: english */
  int create;           /* create the index when it does not exist */
} lede_write_opts_t;

#define LEDE_WRITE_OPTS_VERSION 1
#define LEDE_WRITE_OPTS_INIT                                                                       \
  { LEDE_WRITE_OPTS_VERSION, NULL, 1 }

/* Opens (or creates) the index at dir for writing. A new index records its
 * schema version and language; an existing index must match the schema
 * version (else LEDE_ERR_VERSION) and keeps its own language (a different
 * opts->language fails with LEDE_ERR_INVALID). Another writer:
 * LEDE_ERR_LOCKED. Close *out with lede_db_close(). */
LEDE_API lede_status_t lede_db_open_write(lede_db_t **out, const char *dir,
                                          const lede_write_opts_t *opts);

/* Closes the handle and frees it (NULL is a no-op); a writer's uncommitted
 * changes are discarded. */
LEDE_API void lede_db_close(lede_db_t *db);

/* The index's stemming language ("english"); owned by db, valid until
 * lede_db_close(). */
LEDE_API const char *lede_db_language(lede_db_t *db);

/* Number of sentences (passages) in the index (a reader's: the index as it
 * is now, after other processes' updates, as a search sees it). */
LEDE_API lede_status_t lede_db_count(uint64_t *out, lede_db_t *db);

/* ------------------------------------------------------------------ */
/* Indexing, updating and removing articles                            */
/* ------------------------------------------------------------------ */

/* Adds an article (from lede_article_parse() or lede_article_read(), or
 * filled by the caller: id must be set (else LEDE_ERR_INVALID), a field
 * left NULL is empty): one
 * document per sentence. An article already indexed under the same id is
 * replaced (that is how an article is updated). article is only read.
 * Nothing is visible to readers until lede_db_commit(). */
LEDE_API lede_status_t lede_db_put_article(lede_db_t *db, const lede_article_t *article);

/* Removes every sentence of the article with this id. */
LEDE_API lede_status_t lede_db_delete_article(lede_db_t *db, const char *article_id);

/* Makes all changes since the last commit durable and visible, atomically. */
LEDE_API lede_status_t lede_db_commit(lede_db_t *db);

/* ---- a file's change, whole ----
 * For a program that feeds an index from files, as lede-index does: say
 * what became of a file, and liblede keeps the file's articles and its
 * record (the ids of the articles it gave) consistent, so that a later
 * change or removal takes exactly those articles. path names the file as
 * the index records it; lede-index records absolute paths, so a program
 * sharing an index with it should too. arts are n articles read from the
 * file (lede_article_read()), each with its id set; they are only read.
 * Each call writes into the current batch: visible and durable at the next
 * lede_db_commit(). */

/* Options for lede_db_put_file(); NULL: the defaults. */
typedef struct lede_file_opts {
  unsigned int version; /* LEDE_FILE_OPTS_VERSION */
  int keep_dropped;     /* 1: articles the file gave before and arts lacks stay
                           indexed and recorded (a feed: a window over a stream) */
} lede_file_opts_t;

#define LEDE_FILE_OPTS_VERSION 1
#define LEDE_FILE_OPTS_INIT                                                                        \
  { LEDE_FILE_OPTS_VERSION, 0 }

/* File path now holds arts (n may be 0: it holds no article any more): the
 * articles it gave before go and arts are put. The record keeps no size,
 * time or content hash, so lede-index, should it walk the file, reads it
 * again. */
LEDE_API lede_status_t lede_db_put_file(lede_db_t *db, const char *path,
                                        lede_article_t *const *arts, size_t n,
                                        const lede_file_opts_t *opts);

/* File path is gone: the articles it gave go, and its record. A file the
 * index has no record of changes nothing (LEDE_OK). */
LEDE_API lede_status_t lede_db_remove_file(lede_db_t *db, const char *path);

/* File from is now at to, its content the same; arts are its articles as
 * read at to (their ids follow the path). When the index holds what from
 * gave, its sentences are relabelled and nothing is tokenised again; else
 * arts are put. from's record goes and to's takes its place. */
LEDE_API lede_status_t lede_db_move_file(lede_db_t *db, const char *from, const char *to,
                                         lede_article_t *const *arts, size_t n);

/* ------------------------------------------------------------------ */
/* Searching                                                           */
/* ------------------------------------------------------------------ */

typedef enum lede_sort { LEDE_SORT_RELEVANCE = 0, LEDE_SORT_DATE } lede_sort_t;

/* How hits are scored (docs/ranking.md). */
typedef enum lede_rank {
  LEDE_RANK_DEFAULT = 0, /* a sentence's BM25 plus its article's evidence */
  LEDE_RANK_SENTENCE,    /* the sentence's BM25 alone */
  LEDE_RANK_ARTICLE      /* the article's score alone; the sentence's breaks ties */
} lede_rank_t;

/* Options for lede_db_search(), lede_db_timeline() and
 * lede_db_count_matches(). Every pointer is only read during the call. */
typedef struct lede_search_opts {
  unsigned int version; /* LEDE_SEARCH_OPTS_VERSION */
  const char *query;    /* user's query text, at most LEDE_QUERY_MAX bytes */
  unsigned offset;
  unsigned limit;             /* 0: 10 */
  unsigned context;           /* neighbouring sentences each side */
  const char *since;          /* "YYYY-MM-DD" or NULL */
  const char *until;          /* "YYYY-MM-DD" or NULL */
  const char *const *sources; /* NULL-terminated, or NULL */
  unsigned per_article;       /* at most this many hits per article, the best matches
                                 (BM25 and boost, before the rerank); 0: no limit */
  lede_sort_t sort;
  int exact;         /* 1: never search a spelling correction instead (below) */
  const char *under; /* only articles in this folder (any path), or NULL */
  int all;           /* 1: every copy a hit; 0: syndicated copies collapse into one
                        hit, the others in its also (docs/collapse.md) */
  lede_rank_t rank;
  double rank_weight; /* LEDE_RANK_DEFAULT: the weight of the article's
                         evidence; 0: liblede's own */
} lede_search_opts_t;

#define LEDE_SEARCH_OPTS_VERSION 1

/* The longest query text, in bytes (about 10,000 words): a longer one is
 * refused with LEDE_ERR_INVALID rather than matched for minutes. */
#define LEDE_QUERY_MAX 65536
/* How far a page may reach: offset + limit, and per_article, at most this. */
#define LEDE_PAGE_MAX 10000000u
/* The most words (runs of characters between white space) a query may hold. */
#define LEDE_QUERY_WORDS_MAX 1000
/* 10 hits, no filter, no cap per article (lede-query caps at 3), ranking
 * and weight liblede's own. */
#define LEDE_SEARCH_OPTS_INIT                                                                      \
  {                                                                                                \
    LEDE_SEARCH_OPTS_VERSION, NULL, 0, 10, 0, NULL, NULL, NULL, 0, LEDE_SORT_RELEVANCE, 0, NULL,   \
        0, LEDE_RANK_DEFAULT, 0.0                                                                  \
  }

/* Another copy of a hit's sentence (docs/collapse.md). */
typedef struct lede_copy {
  char *source;
  char *date; /* or NULL */
  char *path; /* as shown */
  char *sentence;
  char *title; /* or NULL */
  char *url;   /* or NULL */
} lede_copy_t;

/* One hit: a sentence, its article's metadata and its context. */
typedef struct lede_hit {
  unsigned rank; /* 1-based, counting the offset */
  double score;
  char *text;
  char *source;
  char *date;     /* or NULL */
  char *title;    /* or NULL */
  char *path;     /* as shown: relative to the folder holding the index */
  char *abs_path; /* the file's absolute path */
  char *place;    /* or NULL */
  char *language; /* the article's stated language ("ko"), or NULL */
  char *article_id;
  char *url;         /* the article's url, or NULL */
  lede_meta_t *meta; /* the article's other front matter keys */
  size_t nmeta;
  unsigned sentence; /* 1-based number within the article */
  size_t start, end; /* byte span in the file */
  unsigned line;     /* where the sentence starts in the file, from 1; 0: unknown */
  unsigned column;   /* from 1, in characters; 0: unknown */
  char **before;     /* context sentences before, oldest first */
  size_t nbefore;
  char **after;
  size_t nafter;
  lede_copy_t *also; /* the other copies, earliest first (date, then path;
                        undated last); none with opts.all */
  size_t nalso;
} lede_hit_t;

/* The parts of a hit's score (docs/ranking.md): score = sentence + boost +
 * rerank, boost = article_weight x article, rerank = coverage_weight x
 * coverage + proximity_weight x proximity + answer_weight x answer +
 * article_coverage_weight x article_coverage. */
typedef struct lede_explain {
  double sentence;         /* the sentence's own BM25 (a question's: without its
                              question words, describing words at half weight) */
  double article;          /* its article's BM25; 0 when the article is not among
                              the best offset+limit+20 of the article step (30 with
                              LEDE_SORT_DATE) */
  double article_weight;   /* the weight the article's BM25 gets (0: none) */
  double boost;            /* what the article adds: article_weight x article */
  double coverage;         /* idf-weighted share of the query's words the sentence holds */
  double coverage_weight;  /* the weight coverage gets (0: no rerank) */
  double proximity;        /* its query words over the shortest span holding them all */
  double proximity_weight; /* the weight proximity gets (0: no rerank) */
  double rerank;           /* what the rerank stage adds: the features' share */
  double answer;           /* 1: the sentence holds a thing of the kind the question
                              asks for (a date, a number, a name), else 0 */
  double answer_weight;    /* the weight answer gets (0: the query is not a question
                              ending with '?' of one of those kinds, or is a broad
                              what/which question, or no rerank) */

  /* For a typed question (one of those kinds, or a broad what/which one),
   * article x coverage (the article's evidence in proportion to the
   * sentence's own match) and the weight that gets (0: not a typed
   * question, or no rerank). */
  double article_coverage;
  double article_coverage_weight;
} lede_explain_t;

/* A page of hits: iterate hits[0 .. nhits-1]. Everything it points to is
 * freed by lede_results_free(). */
typedef struct lede_results {
  char *query;
  uint64_t total; /* matching passages: exact or estimated (total_exact) */
  unsigned offset;
  lede_hit_t *hits;
  size_t nhits;
  char **terms;            /* query terms as indexed (stems "Z..." and plain words),
                              to mark wherever they occur; a word the query has
                              only inside phrases is in phrases instead;
                              NULL-terminated */
  char *suggestion;        /* corrected query with hits, or NULL */
  char *warning;           /* e.g. "query did not parse; searched as keywords" */
  int total_exact;         /* 1: total counts every match; 0: Xapian's estimate (more
                              than 100 matches past the page's end) */
  int corrected;           /* 1: nothing matched query, so the hits are suggestion's */
  lede_explain_t *explain; /* explain[i]: the parts of hits[i].score (added
                              last: the struct keeps its earlier layout) */
  char **phrases;          /* the query's phrases, each its terms in order
                              joined by spaces ("Zthe Zannounc"), to mark where
                              they occur one after the other; NULL-terminated
                              (added last, as explain) */
} lede_results_t;

/* Runs a search (opts is required: LEDE_ERR_INVALID when NULL, of an
 * unknown version, with a sort or rank outside its enumeration, or with a
 * query over LEDE_QUERY_MAX bytes or LEDE_QUERY_WORDS_MAX words, with
 * offset + limit or per_article past LEDE_PAGE_MAX; the same
 * for lede_db_timeline() and lede_db_count_matches()). The query uses
 * Xapian's syntax (AND, OR, NOT, +/-,
 * "phrases", NEAR, ADJ, wild*) and the fields title:, source:, place: and
 * date: (2023, 2023-11, 2023-11-09, A..B with either end open); English stop
 * words are dropped unless they are all there is. A query that does not
 * parse is searched as plain keywords with res->warning set; a wildcard
 * standing for more than 100 words searches the most frequent 100, also
 * with a warning. res->suggestion is set only when a query word is unknown
 * to the index and the corrected query finds passages under the same
 * filters; when the query itself finds none, the hits are the
 * suggestion's (res->corrected), unless opts->exact. Free *out with
 * lede_results_free(). */
LEDE_API lede_status_t lede_db_search(lede_results_t **out, lede_db_t *db,
                                      const lede_search_opts_t *opts);

/* Frees results and everything they point to; NULL is a no-op. */
LEDE_API void lede_results_free(lede_results_t *res);

/* ---- timelines: how many passages match, per period ---- */

typedef enum lede_unit {
  LEDE_UNIT_DAY,
  LEDE_UNIT_WEEK,
  LEDE_UNIT_MONTH,
  LEDE_UNIT_YEAR
} lede_unit_t;

/* "day", "week", "month" or "year" (static); "unknown unit" for any other value. */
LEDE_API const char *lede_unit_name(lede_unit_t unit);

typedef struct lede_bucket {
  char start[11];    /* the period's first day, "YYYY-MM-DD" (weeks start on Monday) */
  uint64_t passages; /* matching sentences dated in the period */
  uint64_t articles; /* articles they belong to */
} lede_bucket_t;

typedef struct lede_timeline {
  char *query;
  lede_unit_t unit;
  uint64_t total;         /* every matching passage, dated or not */
  uint64_t undated;       /* those of articles without a date */
  lede_bucket_t *buckets; /* oldest first, every period from the first match's
                           * to the last's, empty ones included */
  size_t nbuckets;
  char *warning; /* as lede_results_t's, or NULL */
} lede_timeline_t;

/* Counts every passage matching opts->query under opts' filters (since,
 * until, sources; paging, limits and sorting do not apply), per period of
 * unit (LEDE_ERR_INVALID for a value outside lede_unit_t). Free *out with
 * lede_timeline_free(). */
LEDE_API lede_status_t lede_db_timeline(lede_timeline_t **out, lede_db_t *db,
                                        const lede_search_opts_t *opts, lede_unit_t unit);
LEDE_API void lede_timeline_free(lede_timeline_t *t);

/* ---- counting matches ---- */

typedef struct lede_count {
  uint64_t passages; /* every matching sentence */
  uint64_t articles; /* the articles they belong to */
  char *warning;     /* as lede_results_t's (malloc'd: the caller free()s it), or NULL */
} lede_count_t;

/* Counts, exactly, every passage matching opts->query under opts' filters
 * (since, until, sources) and their articles; words not joined by an
 * operator are all required, as in lede_db_timeline(). out is the caller's;
 * free out->warning. */
LEDE_API lede_status_t lede_db_count_matches(lede_count_t *out, lede_db_t *db,
                                             const lede_search_opts_t *opts);

/* ---- what an index holds ---- */

typedef struct lede_source_count {
  char *source;       /* as written in its first article */
  uint64_t articles;  /* articles from the source */
  uint64_t sentences; /* their sentences */
} lede_source_count_t;

typedef struct lede_stats {
  uint64_t articles, sentences;
  uint64_t files;                /* files indexed (a .jsonl file holds many articles) */
  uint64_t undated;              /* articles with no date */
  char earliest[11], latest[11]; /* "YYYY-MM-DD" of the dated articles, "" when none */
  char *language;                /* the index's stemming language */
  uint64_t bytes;                /* the live database's files on disk, as du counts */
  int64_t updated;               /* time of the last commit (seconds since 1970), 0 unknown */
  lede_source_count_t *sources;  /* most articles first, then by name */
  size_t nsources;
} lede_stats_t;

/* Counts what db holds from its terms' frequencies and postings (no text is
 * read). Free *out with lede_stats_free(). */
LEDE_API lede_status_t lede_db_stats(lede_stats_t **out, lede_db_t *db);
LEDE_API void lede_stats_free(lede_stats_t *stats);

#ifdef __cplusplus
}
#endif

#endif /* LEDE_H */
