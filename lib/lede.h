/*
 * lede.h - the one public header of liblede, the core shared by lede-index
 * and lede-query.
 *
 * Conventions (after libgit2 and notmuch):
 *  - every fallible function returns a lede_status_t; LEDE_OK is 0;
 *  - output parameters come first and are named out / out_*;
 *  - on failure a message is kept per thread and read with lede_last_error();
 *  - handle types are opaque; plain data types (spans, sentences, articles,
 *    hits) are structs the caller reads and frees with the matching _free();
 *  - all strings are UTF-8 and NUL-terminated unless a length is given.
 *
 * Nothing here exposes Xapian, ICU or libstemmer types; the Xapian wrapper
 * (lib/xapian_*.cc) is the only C++ and catches every exception at its
 * boundary.
 */
#ifndef LEDE_H
#define LEDE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LEDE_VERSION "0.1.0"

/* Version of the on-disk index layout. An index with another version is
 * refused with LEDE_ERR_VERSION and a message saying to rebuild.
 * 2: one article document per article besides its sentences (ranking).
 * 3: an article document holds its number of sentences (slot 2), which are
 *    the documents with the docids just below its own; sentences no longer
 *    hold their number as a value.
 * 4: no per-sentence id term (neighbours by docid), headline terms on the
 *    article document only, the record in value slot 3.
 * 5: stems only (Z-prefixed, with positions), no words as written; the
 *    spelling data counts headline words too.
 * 6: article documents hold no sentence words (their counts are summed from
 *    the sentences' postings), headline stems with wdf 2, and a marker
 *    term for the headline's part of the length.
 * 7: no positional data; each sentence holds its stems in order (value slot
 *    4), on which phrases, ADJ and NEAR are checked.
 * 8: an article's fields (path, source, title, date, place, url, meta) are
 *    stored once, in its article document's record, not in every
 *    sentence's; a sentence's record holds its article's sentence count.
 * 9: two databases, sentences (stems with positions again) and articles
 *    (one document each, its whole text's stems), under db-N named by the
 *    link "current"; no docid layout (lib/layout.h).
 * 10: each sentence's copy signature in value slot 6 (docs/collapse.md).
 * 11: stems without accents (lede_fold_marks()).
 * 12: every file record also listed under its content hash (hash:...),
 *     so that a rename is found by a lookup; figures with their units as
 *     U terms ("Ugbp600m", "U76pct"), and the number of a glued figure
 *     ("600" of "600m") at its position (lib/figure.h); Hangul, kana and
 *     Han text as character unigrams and bigrams (docs/cjk.md); each
 *     article's language in its record. */
#define LEDE_SCHEMA_VERSION 12

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

/* A short fixed description of a status ("out of memory", ...). */
const char *lede_status_to_string(lede_status_t status);

/* The message of the last failure in this thread, or "" if none. The string
 * stays valid until the next liblede call in the same thread. */
const char *lede_last_error(void);

/* Records a failure message (printf format) for lede_last_error() and returns
 * status, so callers can write `return lede_error(LEDE_ERR_IO, "...", ...)`. */
lede_status_t lede_error(lede_status_t status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ------------------------------------------------------------------ */
/* Small utilities (lib/util.c)                                        */
/* ------------------------------------------------------------------ */

/* malloc/realloc/strdup that abort with a message on exhaustion: lede treats
 * out-of-memory as fatal, which keeps every other path simple. */
void *lede_xmalloc(size_t n);
void *lede_xcalloc(size_t n, size_t size);
void *lede_xrealloc(void *p, size_t n);
char *lede_xstrdup(const char *s);
char *lede_xstrndup(const char *s, size_t n);

/* Reads a whole file into a NUL-terminated buffer (*out_len excludes the
 * NUL). Fails with LEDE_ERR_IO and a message naming the file ("not a
 * regular file" for anything else, which is never opened blocking). */
lede_status_t lede_read_file(char **out, size_t *out_len, const char *path);

/* Opens a file for reading only if it is a regular file, without ever
 * blocking in open() (a FIFO, a terminal, a device). Returns the descriptor
 * (blocking again unless the size is 0) with the file's size in *out_size (may be NULL); -1 with
 * errno set; or LEDE_NOT_REGULAR when path is a folder, FIFO, device... */
#define LEDE_NOT_REGULAR (-2)
int lede_open_regular(const char *path, uint64_t *out_size);

/* Returns a copy of [s, s+len) that is valid UTF-8: each invalid byte becomes
 * U+FFFD and NUL bytes become spaces. */
char *lede_utf8_sanitize(const char *s, size_t len);

/* Xapian's Unicode character classes (lib/xapian_common.cc): 1 when code
 * point c is part of a word as TermGenerator splits text, and c lower-cased. */
int lede_unicode_is_wordchar(uint32_t c);
uint32_t lede_unicode_tolower(uint32_t c);
/* 1 when c is a Hangul, kana or Han (or Bopomofo, Yi) character: runs of
 * them are indexed and searched as character n-grams (docs/cjk.md). */
int lede_unicode_is_cjk(uint32_t c);

/* Decodes the UTF-8 sequence at s (at most n bytes): returns its length
 * (1 to 4) with the code point in *cp, or 0 when the bytes there are not
 * valid UTF-8 (overlong forms, surrogates and code points past U+10FFFF
 * included), with *cp = U+FFFD. The one UTF-8 decoder of liblede. */
size_t lede_utf8_decode(uint32_t *cp, const char *s, size_t n);

/* Plain text that is not UTF-8, converted to it (malloc'd, NUL-terminated,
 * length in *out_len): UTF-16 with a byte-order mark, and 8-bit text with
 * no valid multi-byte UTF-8 sequence at all (read as Windows-1252, which
 * covers Latin-1's printable characters). NULL when buf is to be read as
 * it is (UTF-8, perhaps with a few bad bytes). *encoding, if given, names
 * what was converted. Byte spans then point into the converted text. */
char *lede_text_to_utf8(const char *buf, size_t len, size_t *out_len, const char **encoding);

/* Writes code point cp (at most U+10FFFF) as UTF-8 into out; returns the
 * bytes written (1 to 4). The one UTF-8 encoder of liblede. */
size_t lede_utf8_encode(char out[4], uint32_t cp);

/* Readies a file's bytes (*buf, malloc'd, *len) for the article readers:
 * plain text in UTF-16 or 8-bit is replaced by its UTF-8 conversion
 * (lede_text_to_utf8()); a web page or a feed is left as it is, to be read
 * in its declared charset. Returns 1 when path is a web page
 * (lede_html_is_page()) or a feed (lede_feed_is_feed()). */
int lede_text_prepare(char **buf, size_t *len, const char *path);

/* [s, s+len) with accents and other combining marks taken off its letters
 * (canonical decomposition, marks dropped: "José" -> "Jose", "Müller" ->
 * "Muller"), malloc'd; NULL when there is nothing to take off (ASCII
 * needs no copy). Applied to every stem, indexed and searched, so that a
 * word typed without its accents finds it. */
char *lede_fold_marks(const char *s, size_t len);

/* 1 if [s, s+len) is valid UTF-8 without NUL bytes, else 0. */
int lede_utf8_valid(const char *s, size_t len);

/* A copy of [s, s+len) safe to print on a terminal: control bytes and C1
 * controls become \n, \t, \r or \xHH, and so does every byte that is not
 * valid UTF-8; anything else (backslashes included) is kept as it is. */
char *lede_escape_n(const char *s, size_t len);
/* The same for a NUL-terminated string (NULL gives ""). */
char *lede_escape(const char *s);

/* 64-bit FNV-1a hash, and its 16-digit lowercase hex form (out has 17 bytes). */
uint64_t lede_hash64(const void *data, size_t len);
void lede_hash_hex(char out[17], const void *data, size_t len);

/* ------------------------------------------------------------------ */
/* Sentence segmentation (lib/segment.c)                               */
/* ------------------------------------------------------------------ */

/* A half-open byte range [start, end) in the segmented text. */
typedef struct lede_span {
  size_t start;
  size_t end;
} lede_span_t;

/* Splits text into sentences. *out receives an array of *out_count spans in
 * text order, each trimmed of surrounding white space, never empty; free it
 * with free(). Lines without terminal punctuation that are followed by a blank
 * line (headlines, list items) are sentences of their own; hard-wrapped lines
 * inside a paragraph are joined. Invalid UTF-8 and NUL bytes never stop it.
 * Returns LEDE_OK (an empty or blank text gives zero spans). */
lede_status_t lede_segment(lede_span_t **out, size_t *out_count, const char *text, size_t len);

/* The display text of a span: white space runs (line breaks from wrapping,
 * tabs, non-breaking spaces) folded to one space, invalid UTF-8 replaced.
 * Returns a malloc'd string. */
char *lede_span_text(const char *text, lede_span_t span);

/* ------------------------------------------------------------------ */
/* Articles (lib/article.c, lib/date.c)                                */
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
  char *id;          /* stable id: 16 hex digits, from path (+ "#line" in .jsonl) */
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
 * LEDE_MAX_META_KEYS are dropped. Applied by lede_article_read() and
 * lede_article_parse_file_bytes(), so a hostile file cannot make every hit
 * or the index huge. */
#define LEDE_MAX_TITLE 1024
#define LEDE_MAX_URL 4096
#define LEDE_MAX_SOURCE 4096
#define LEDE_MAX_PLACE 256
#define LEDE_MAX_LANGUAGE 64
#define LEDE_MAX_META_KEY 256
#define LEDE_MAX_META_VALUE 4096
#define LEDE_MAX_META_KEYS 64

/* Parses one article held in buf (a file's bytes). path is recorded as is;
 * default_source is used when the text names no source (NULL: path). Never
 * fails on content: bad bytes are replaced, unknown dates stay NULL. */
lede_status_t lede_article_parse(lede_article_t **out, const char *buf, size_t len,
                                 const char *path, const char *default_source);

/* Reads a file into articles: a .jsonl file gives one article per non-blank
 * line, any other file one article. Malformed JSONL lines are skipped and
 * counted in *out_bad_lines (may be NULL), with the first reason kept in
 * lede_last_error(). Fails with LEDE_ERR_IO when the file cannot be read. */
lede_status_t lede_article_read(lede_article_t ***out, size_t *out_count, size_t *out_bad_lines,
                                const char *path, const char *default_source);

/* 1 if the file at path is a web page (named .html, .htm or .xhtml, or
 * without an extension and starting like one): read as HTML, in its
 * declared charset, NUL bytes and all. */
int lede_html_is_page(const char *path, const char *buf, size_t len);

/* lede_article_read() on bytes already in memory (the file's whole
 * content): path decides the format (.jsonl or one article) and is recorded
 * as lede_article_parse() does. */
lede_status_t lede_article_parse_file_bytes(lede_article_t ***out, size_t *out_count,
                                            size_t *out_bad_lines, const char *buf, size_t len,
                                            const char *path, const char *default_source);

void lede_article_free(lede_article_t *article);
void lede_articles_free(lede_article_t **articles, size_t count);

/* Parses a date written in a common news form ("November 9, 2023",
 * "Nov. 9, 2023", "9 November 2023", "2023-11-09", "Thursday, November 9,
 * 2023", unambiguous "11/29/2023") that makes up the whole of s (surrounding
 * space allowed). Writes "YYYY-MM-DD" into out and returns 1, else 0. */
int lede_date_parse(char out[11], const char *s, size_t len);

/* ------------------------------------------------------------------ */
/* Stemming (lib/xapian_common.cc; libstemmer_c behind the scenes)     */
/* ------------------------------------------------------------------ */

typedef struct lede_stemmer lede_stemmer_t;

/* Opens a libstemmer_c stemmer for language (e.g. "english", "en"). An
 * unknown language fails with LEDE_ERR_NOT_FOUND and a message listing the
 * available ones. */
lede_status_t lede_stemmer_open(lede_stemmer_t **out, const char *language);

/* Stems one lower-cased UTF-8 word. Returns a malloc'd string. */
char *lede_stemmer_stem(lede_stemmer_t *stemmer, const char *word, size_t len);

void lede_stemmer_close(lede_stemmer_t *stemmer);

/* A NULL-terminated list of the languages libstemmer_c knows. */
const char **lede_stemmer_languages(void);

/* ------------------------------------------------------------------ */
/* The index (lib/xapian_index.cc and lib/xapian_search.cc)            */
/* ------------------------------------------------------------------ */

typedef struct lede_db lede_db_t;

/* Options for lede_db_open_write(). */
typedef struct lede_write_opts {
  int version;          /* set to 1 */
  const char *language; /* stemming language for a new index; NULL: english */
  int create;           /* create the index when it does not exist */
} lede_write_opts_t;

/* Opens (or creates) the index at dir for writing. A new index records the
 * schema version and language; an existing index must match the schema
 * version (else LEDE_ERR_VERSION) and keeps its own language (a different
 * opts->language fails with LEDE_ERR_INVALID). Another writer: LEDE_ERR_LOCKED. */
lede_status_t lede_db_open_write(lede_db_t **out, const char *dir, const lede_write_opts_t *opts);

/* The index folder's name when none is given. */
#define LEDE_INDEX_DEFAULT ".lede"

/* The index a command means (malloc'd): the folder given (--index), else
 * $LEDE_INDEX, else the nearest .lede in the current folder or one of its
 * parents (as git finds its repository), else .lede here (a new one). */
char *lede_index_locate(const char *given);

/* What a folder given as an index holds. */
typedef enum lede_dir_state {
  LEDE_DIR_NEW,     /* missing, empty, or only what an unfinished first build left */
  LEDE_DIR_INDEX,   /* a lede index: its stub names a database that is there */
  LEDE_DIR_DAMAGED, /* lede's, but the stub is missing, empty or names no database */
  LEDE_DIR_FOREIGN  /* holds files lede did not create */
} lede_dir_state_t;

/* Looks at dir without changing anything. LEDE_DIR_DAMAGED (LEDE_ERR_CORRUPT)
 * and LEDE_DIR_FOREIGN (LEDE_ERR_INVALID) come with a message naming the
 * problem and the way out. lede creates, and removes again, only what it
 * recognises by name and contents: its stub, lock, and database folders
 * holding nothing but Xapian's files. */
lede_status_t lede_db_check_dir(const char *dir, lede_dir_state_t *state);

/* 1 when dir holds no index yet but a first build that did not finish
 * (running, or interrupted: the next lede-index run builds it again). */
int lede_db_unfinished(const char *dir);

/* 1 when dir holds what marks a lede index (its "current" link, or the
 * stub of an index of an earlier schema): a cheap test for folder walks. */
int lede_db_is_index(const char *dir);

/* Opens the index at dir for reading. No index there: LEDE_ERR_NOT_FOUND. */
lede_status_t lede_db_open_read(lede_db_t **out, const char *dir);

/* Opens several indexes to be searched as one: each spec is a folder or
 * tcp://HOST:PORT, an index served by lede-serve (sentences at PORT,
 * articles at PORT+1). Answers are those of one index holding all their
 * articles. They must share a language; a failure names the index.
 * timeout_ms bounds every wait on a server (0: 10 s). */
lede_status_t lede_db_open_many(lede_db_t **out, const char *const *specs, size_t n,
                                unsigned timeout_ms);

/* Closes the handle; a writer's uncommitted changes are discarded, and a
 * staged database never published is removed. */
void lede_db_close(lede_db_t *db);

/* The index's stemming language ("english"). */
const char *lede_db_language(lede_db_t *db);

/* Adds an article: one document per sentence. Any existing sentences of the
 * same article id are replaced. Nothing is visible to readers until
 * lede_db_commit(). */
lede_status_t lede_db_put_article(lede_db_t *db, const lede_article_t *article);

/* Promises (on = 1) that lede_db_put_article() will only be given articles
 * the index does not hold (the caller deletes old versions itself), so it
 * need not look for them: much faster for many new articles. */
void lede_db_set_new_articles_only(lede_db_t *db, int on);

/* Deletes every sentence of the article with this id. */
lede_status_t lede_db_delete_article(lede_db_t *db, const char *article_id);

/* Per-file bookkeeping, stored in the index's metadata and committed together
 * with the file's sentences. */
typedef struct lede_file_record {
  char *path; /* as indexed (absolute) */
  uint64_t size;
  int64_t mtime_ns;
  char hash[17];      /* content hash, hex */
  uint32_t sentences; /* sentences indexed from the file */
  uint32_t articles;  /* articles in the file (JSONL: many) */
  char **article_ids; /* ids of those articles */
} lede_file_record_t;

lede_status_t lede_db_set_file(lede_db_t *db, const lede_file_record_t *rec);
/* Looks up a file's record; LEDE_ERR_NOT_FOUND when the index has none. */
lede_status_t lede_db_get_file(lede_file_record_t **out, lede_db_t *db, const char *path);
lede_status_t lede_db_delete_file(lede_db_t *db, const char *path);
/* Calls fn for every file record (in path order); fn returns non-zero to
 * stop. */
lede_status_t lede_db_foreach_file(lede_db_t *db,
                                   int (*fn)(const lede_file_record_t *rec, void *ctx), void *ctx);
/* Calls fn for every file record at dir or under dir/ (dir without a
 * trailing slash); reads only those records (and any of a path too long
 * to be its own key). */
lede_status_t lede_db_foreach_file_under(lede_db_t *db, const char *dir,
                                         int (*fn)(const lede_file_record_t *rec, void *ctx),
                                         void *ctx);
/* Calls fn for every file record whose content hash is hash, in no
 * particular order: one lookup, not a read of every record. */
lede_status_t lede_db_foreach_file_with_hash(lede_db_t *db, const char *hash,
                                             int (*fn)(const lede_file_record_t *rec, void *ctx),
                                             void *ctx);
void lede_file_record_free(lede_file_record_t *rec);

/* Free-form metadata (roots indexed, ...). get returns NULL in *out when
 * the key is unset. */
lede_status_t lede_db_set_meta(lede_db_t *db, const char *key, const char *value);
lede_status_t lede_db_get_meta(char **out, lede_db_t *db, const char *key);

/* Makes all changes since the last commit durable and visible, atomically. */
lede_status_t lede_db_commit(lede_db_t *db);

/* Number of sentences (documents) in the index. */
lede_status_t lede_db_count(uint64_t *out, lede_db_t *db);

/* Relabels the sentences of article old_id as article a: the same text found
 * under another path (a renamed file). Id terms, path, source and id are
 * rewritten; nothing is tokenised again. Fails with LEDE_ERR_NOT_FOUND when
 * the index does not hold exactly a->nsentences sentences of old_id (the
 * caller then puts the article instead). */
lede_status_t lede_db_move_article(lede_db_t *db, const char *old_id, const lede_article_t *a);

/* ---- rebuilding and parallel builds ----
 * A staged database is built beside the live one (DIR/db-N+1) while readers
 * keep using the live one; lede_db_publish() swaps it in atomically. Callers
 * hold the index's writer lock (lede-index: DIR/lock) throughout. */

/* Creates an empty staged database in dir (created if missing) with
 * opts->language (NULL: english) and opens it for writing. */
lede_status_t lede_db_open_stage(lede_db_t **out, const char *dir, const lede_write_opts_t *opts);

/* Creates a standalone throw-away database at path (a folder; replaced if it
 * exists) for one worker's share of a parallel build: no fsyncs. */
lede_status_t lede_db_open_shard(lede_db_t **out, const char *path, const char *language);

/* Adds what a database built from nothing (a staged one or a shard) leaves
 * to its end, the spelling data counted while indexing, and commits.
 * lede_db_publish() does it for a staged database; a shard's worker calls
 * it after its last article. */
lede_status_t lede_db_finish_build(lede_db_t *db);

/* Merges the committed shards (paths of closed lede_db_open_shard()
 * databases) into a new staged database in dir with Xapian's compaction, and
 * opens it for writing. For metadata present in several shards, the last
 * shard's value wins. */
lede_status_t lede_db_open_merged(lede_db_t **out, const char *dir, const char *const *shards,
                                  size_t nshards);

/* Commits a staged database, syncs it, points the index's stub at it
 * (atomically: readers see the old or the new index, never a mix) and
 * removes the previous database. The handle is then closed; still call
 * lede_db_close(). Close any writer of the previous database first. */
lede_status_t lede_db_publish(lede_db_t *db);

/* Removes what interrupted runs left in dir: database folders of lede's
 * (by name and contents) that the stub does not name, and their markers.
 * Touches nothing, and fails, when lede_db_check_dir() finds dir damaged or
 * not an index. Only while holding the writer lock. */
lede_status_t lede_db_remove_stale(const char *dir);

/* Removes a shard folder. */
lede_status_t lede_db_remove_shard(const char *path);

/* Checks the document layout the search relies on: each article's
 * sentences have consecutive docids in sentence order, immediately followed
 * by its article document, whose marker terms hold the article's length
 * (its headline stems' wdf plus its sentences' lengths) and the headline's
 * part of it, and the index holds no other documents. Returns
 * LEDE_OK, or LEDE_ERR_CORRUPT with a message naming the first violation.
 * Reads every document: for tests and diagnosis. */
lede_status_t lede_db_check_layout(lede_db_t *db);

/* Records another schema version in a writable index (committed with the
 * next lede_db_commit()): for tests of the version check and for future
 * migrations. */
lede_status_t lede_db_set_schema(lede_db_t *db, int version);

/* ---- searching ---- */

typedef enum lede_sort { LEDE_SORT_RELEVANCE = 0, LEDE_SORT_DATE } lede_sort_t;

typedef struct lede_search_opts {
  int version;       /* set to 1 */
  const char *query; /* user's query text */
  unsigned offset;
  unsigned limit;             /* 0: default 10 */
  unsigned context;           /* neighbouring sentences each side */
  const char *since;          /* "YYYY-MM-DD" or NULL */
  const char *until;          /* "YYYY-MM-DD" or NULL */
  const char *const *sources; /* NULL-terminated, or NULL */
  unsigned per_article;       /* 0: no limit */
  lede_sort_t sort;
  int exact;         /* 1: never search a spelling correction instead (below) */
  const char *under; /* only articles in this folder (any path), or NULL */
  int all;           /* 1: every copy a hit; 0: syndicated copies collapse into one
                        hit, the others in its also (docs/collapse.md) */
} lede_search_opts_t;

/* Another copy of a hit's sentence (docs/collapse.md). */
typedef struct lede_copy {
  char *source;
  char *date; /* or NULL */
  char *path; /* as shown */
  char *sentence;
  char *title; /* or NULL */
  char *url;   /* or NULL */
} lede_copy_t;

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

typedef struct lede_results {
  char *query;
  uint64_t total; /* matching passages: exact or estimated (total_exact) */
  unsigned offset;
  lede_hit_t *hits;
  size_t nhits;
  char **terms;     /* query terms as indexed (stems "Z..." and plain words),
                       for highlighting; NULL-terminated */
  char *suggestion; /* corrected query with hits, or NULL */
  char *warning;    /* e.g. "query did not parse; searched as keywords" */
  int total_exact;  /* 1: total counts every match; 0: Xapian's estimate (more
                       than 100 matches past the page's end) */
  int corrected;    /* 1: nothing matched query, so the hits are suggestion's */
} lede_results_t;

/* Runs a search. The query uses Xapian's syntax (AND, OR, NOT, +/-,
 * "phrases", NEAR, ADJ, wild*) and the fields title:, source:, place: and
 * date: (2023, 2023-11, 2023-11-09, A..B with either end open); English stop
 * words are dropped unless they are all there is. A query that does not
 * parse is searched as plain keywords with res->warning set; a wildcard
 * standing for more than 100 words searches the most frequent 100, also
 * with a warning. res->suggestion is set only when a query word is unknown
 * to the index and the corrected query finds passages under the same
 * filters; when the query itself finds none, the hits are the
 * suggestion's (res->corrected), unless opts->exact. */
lede_status_t lede_db_search(lede_results_t **out, lede_db_t *db, const lede_search_opts_t *opts);

void lede_results_free(lede_results_t *res);

/* ---- timelines: how many passages match, per period ---- */

typedef enum lede_unit {
  LEDE_UNIT_DAY,
  LEDE_UNIT_WEEK,
  LEDE_UNIT_MONTH,
  LEDE_UNIT_YEAR
} lede_unit_t;

/* The first day of the period of unit holding date ("YYYY-MM-DD" or
 * "YYYYMMDD"), as "YYYY-MM-DD": weeks start on Monday. 0 when date is not a
 * date. */
int lede_date_period(char out[11], const char *date, lede_unit_t unit);
/* The first day of the period after the one starting on start. */
int lede_date_next_period(char out[11], const char *start, lede_unit_t unit);

typedef struct lede_bucket {
  char start[11];    /* the period's first day, "YYYY-MM-DD" */
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

/* Counts every passage matching opts->query under opts' filters (--since,
 * --until, --source; paging, limits and sorting do not apply), per period of
 * unit. */
lede_status_t lede_db_timeline(lede_timeline_t **out, lede_db_t *db, const lede_search_opts_t *opts,
                               lede_unit_t unit);
void lede_timeline_free(lede_timeline_t *t);
/* {"query", "unit", "total", "undated", "buckets": [{"start", "passages",
 * "articles"}]} */
struct cJSON *lede_timeline_to_json(const lede_timeline_t *t);
/* "day", "week", "month" or "year". */
const char *lede_unit_name(lede_unit_t unit);

/* ---- counting matches (lib/xapian_timeline.cc) ---- */

typedef struct lede_count {
  uint64_t passages; /* every matching sentence */
  uint64_t articles; /* the articles they belong to */
  char *warning;     /* as lede_results_t's (malloc'd), or NULL */
} lede_count_t;

/* Counts, exactly, every passage matching opts->query under opts' filters
 * (--since, --until, --source) and their articles; words not joined by an
 * operator are all required, as in lede_db_timeline(). Free out->warning. */
lede_status_t lede_db_count_matches(lede_count_t *out, lede_db_t *db,
                                    const lede_search_opts_t *opts);

/* {"query", "passages", "articles"} (and "warning" when set). */
struct cJSON *lede_count_to_json(const char *query, const lede_count_t *c);

/* ---- what an index holds (lib/xapian_stats.cc) ---- */

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
 * read). Free with lede_stats_free(). */
lede_status_t lede_db_stats(lede_stats_t **out, lede_db_t *db);
void lede_stats_free(lede_stats_t *stats);

/* Reads a date or a partial date: "2023", "2023-11", "2023-11-09" or any
 * full date lede_date_parse() reads. Writes the first day it covers (last
 * = 0) or the last (last = 1) into out as "YYYY-MM-DD" and returns 1; returns
 * 0 when s is not such a date. ("2023-02", last: "2023-02-28".) */
int lede_date_bound(char out[11], const char *s, size_t len, int last);

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (surrounding space allowed), or a
 * full date in any form lede_date_parse() reads. Sets *y, *m, *d (0 when not
 * given) and returns the precision: 1 year, 2 month, 3 day; 0 when s is not
 * a date. */
int lede_date_partial(const char *s, size_t len, int *y, int *m, int *d);

/* ------------------------------------------------------------------ */
/* Highlighting (lib/highlight.c)                                      */
/* ------------------------------------------------------------------ */

/* Finds the words of text that match the query terms (as in
 * lede_results_t.terms, stemmed with stemmer). *out receives spans of the
 * matching words, in order; free() it. */
lede_status_t lede_highlight(lede_span_t **out, size_t *out_count, const char *text,
                             const char *const *terms, lede_stemmer_t *stemmer);

/* ------------------------------------------------------------------ */
/* JSON (lib/json.c): the one place lede's JSON shapes are built       */
/* ------------------------------------------------------------------ */

struct cJSON;

/* The --dry-run object of an article: path, id, title, source, date, place,
 * url, meta, sentences [{text, start, end}]. Caller frees with cJSON_Delete. */
struct cJSON *lede_article_to_json(const lede_article_t *article);

/* One hit as in the JSON contract: rank, score, text, source, date, title,
 * path, sentence, place, start, end, context {before, after}. */
struct cJSON *lede_hit_to_json(const lede_hit_t *hit);

/* The --json document: query, total, offset, hits [...], plus suggestion
 * and warning when set. */
struct cJSON *lede_results_to_json(const lede_results_t *res);

/* Prints item compactly on one line to f, followed by a newline. */
void lede_json_print_line(struct cJSON *item, void *f);

/* ------------------------------------------------------------------ */
/* Mail and PDF (lib/mail.c, lib/pdf.c)                                */
/* ------------------------------------------------------------------ */

/* 1 if path names e-mail: a message (.eml) or a mailbox (.mbox), read by
 * GMime one article per message. Like .jsonl, such a file holds many
 * articles or a large attachment: lede-index reads it up to 1 GB. */
int lede_mail_is_mail(const char *path);

/* 1 if the file is a PDF: named .pdf, or without an extension and
 * starting with "%PDF-". Read by poppler as one article. lede_text_prepare()
 * leaves the bytes of mail and PDF files as they are (and returns 1). */
int lede_pdf_is_pdf(const char *path, const char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Feeds (lib/feed.c)                                                  */
/* ------------------------------------------------------------------ */

/* 1 if the file at path is a feed, one article per item: named .rss or
 * .atom, or named .xml or without an extension with an <rss>, <rdf:RDF> or
 * <feed> root element in its first 4 KB of buf (len bytes; may be NULL for
 * the name alone). Read in its declared charset, as a web page is. */
int lede_feed_is_feed(const char *path, const char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* LEDE_H */
