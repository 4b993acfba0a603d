/*
 * lede_private.h - liblede's inside: what lede-index, lede-query,
 * lede-serve and the tests use besides the public API (lede.h), which it
 * includes. Clients of the installed library never see it: nothing here is
 * exported from the shared library, and none of it is a promise.
 *
 * Here: the version numbers, the indexer's build steps (stage, shard,
 * merge, publish) and per-file records, test hooks, utilities (memory,
 * files, UTF-8, hashes), segmentation, stemming, highlighting, dates and
 * the JSON shapes (cJSON).
 */
#ifndef LEDE_PRIVATE_H
#define LEDE_PRIVATE_H

#include "lede.h"

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "lede_version.h" /* LEDE_VERSION, from CMake's project() */

/* Version of the on-disk index layout. An index with another version is
 * refused with LEDE_ERR_VERSION and a message saying to rebuild. What each
 * version changed: docs/design.md, "Schema history". */
#define LEDE_SCHEMA_VERSION 15

/* Records a failure message (printf format) for lede_last_error() and returns
 * status, so callers can write `return ledei_error(LEDE_ERR_IO, "...", ...)`. */
lede_status_t ledei_error(lede_status_t status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* LEDE_OK when an option struct's version is one this liblede knows (1
 * to known), else LEDE_ERR_INVALID with a message naming the struct type:
 * a client built against a newer lede.h, or one that did not use the
 * _INIT macro. */
lede_status_t ledei_check_opts(const char *type, unsigned int version, unsigned int known);
/* ledei_check_opts() for a lede_search_opts_t, and its query's length. */
lede_status_t ledei_check_search_opts(const lede_search_opts_t *opts);

/* ------------------------------------------------------------------ */
/* Small utilities (lib/util.c)                                        */
/* ------------------------------------------------------------------ */

/* Standard input, output and error that are closed are opened on /dev/null,
 * read-only (reading gives end of file, writing fails as on a closed
 * descriptor): else the next file opened (a database's, the index lock)
 * would take their number and receive the program's output. Called first
 * thing by the programs. */
void ledei_std_streams(void);

/* 1 when the process may hold need files open at once: the soft limit
 * ('ulimit -n') is raised to need when the hard one allows. Else 0, with
 * "prog: only N file descriptors may be open ('ulimit -n'); prog needs
 * NEED<what>" on standard error: a run refused before it starts, rather
 * than one that fails part way. */
int ledei_enough_descriptors(const char *prog, unsigned long need, const char *what);

/* The exit status of a program whose output (--help, --version...) is all
 * written: 0, or 2 with "prog: writing the output: REASON" on standard
 * error when standard output could not take it (a full disk, /dev/full). */
int ledei_stdout_status(const char *prog);

/* malloc/realloc/strdup that abort with a message on exhaustion: lede treats
 * out-of-memory as fatal, which keeps every other path simple. */
void *ledei_xmalloc(size_t n);
void *ledei_xcalloc(size_t n, size_t size);
void *ledei_xrealloc(void *p, size_t n);
char *ledei_xstrdup(const char *s);
char *ledei_xstrndup(const char *s, size_t n);

/* Reads a whole file into a NUL-terminated buffer (*out_len excludes the
 * NUL). Fails with LEDE_ERR_IO and a message naming the file ("not a
 * regular file" for anything else, which is never opened blocking). */
lede_status_t ledei_read_file(char **out, size_t *out_len, const char *path);

/* Opens a file for reading only if it is a regular file, without ever
 * blocking in open() (a FIFO, a terminal, a device). Returns the descriptor
 * (blocking again unless the size is 0) with the file's size in *out_size (may be NULL); -1 with
 * errno set; or LEDE_NOT_REGULAR when path is a folder, FIFO, device... */
#define LEDE_NOT_REGULAR (-2)
int ledei_open_regular(const char *path, uint64_t *out_size);

/* Returns a copy of [s, s+len) that is valid UTF-8: each invalid byte becomes
 * U+FFFD and NUL bytes become spaces. */
char *ledei_utf8_sanitize(const char *s, size_t len);

/* Xapian's Unicode character classes (lib/xapian_common.cc): 1 when code
 * point c is part of a word as TermGenerator splits text, and c lower-cased. */
int ledei_unicode_is_wordchar(uint32_t c);
uint32_t ledei_unicode_tolower(uint32_t c);
/* 1 when c is a Hangul, kana or Han (or Bopomofo, Yi) character: runs of
 * them are indexed and searched as character n-grams (docs/cjk.md). */
int ledei_unicode_is_cjk(uint32_t c);

/* Decodes the UTF-8 sequence at s (at most n bytes): returns its length
 * (1 to 4) with the code point in *cp, or 0 when the bytes there are not
 * valid UTF-8 (overlong forms, surrogates and code points past U+10FFFF
 * included), with *cp = U+FFFD. The one UTF-8 decoder of liblede. */
size_t ledei_utf8_decode(uint32_t *cp, const char *s, size_t n);

/* Plain text that is not UTF-8, converted to it (malloc'd, NUL-terminated,
 * length in *out_len): UTF-16 with a byte-order mark, and 8-bit text with
 * no valid multi-byte UTF-8 sequence at all (read as Windows-1252, which
 * covers Latin-1's printable characters). NULL when buf is to be read as
 * it is (UTF-8, perhaps with a few bad bytes). *encoding, if given, names
 * what was converted. Byte spans then point into the converted text. */
char *ledei_text_to_utf8(const char *buf, size_t len, size_t *out_len, const char **encoding);
/* The character a Windows-1252 byte stands for; a byte the code page
 * leaves unused is the C1 control of the same number, as Latin-1 has it. */
uint32_t ledei_cp1252_char(unsigned char c);
/* The Windows-1252 byte of a character ledei_cp1252_char() gives, or -1. */
int ledei_cp1252_byte(uint32_t cp);

/* Writes code point cp (at most U+10FFFF) as UTF-8 into out; returns the
 * bytes written (1 to 4). The one UTF-8 encoder of liblede. */
size_t ledei_utf8_encode(char out[4], uint32_t cp);

/* Readies a file's bytes (*buf, malloc'd, *len) for the article readers:
 * plain text in UTF-16 or 8-bit is replaced by its UTF-8 conversion
 * (ledei_text_to_utf8()); a web page or a feed is left as it is, to be read
 * in its declared charset. Returns 1 when path is a web page
 * (ledei_html_is_page()) or a feed (ledei_feed_is_feed()). */
int ledei_text_prepare(char **buf, size_t *len, const char *path);

/* [s, s+len) with accents taken off its letters (canonical decomposition,
 * the combining marks of Latin, Greek, Cyrillic, Hebrew and Arabic and the
 * generic ones dropped: "José" -> "Jose", "Müller" -> "Muller"; the vowel
 * signs of Devanagari, Thai and the other abugidas kept; the dotless ı an
 * i), malloc'd; NULL when there is nothing to take off (ASCII needs no
 * copy). Applied to every stem, indexed and searched, so that a word typed
 * without its accents finds it. */
char *ledei_fold_marks(const char *s, size_t len);

/* The one way a word is written when its stem is taken, indexed and
 * searched (stem_word() in lib/xapian_common.cc): [s, s+len) in Unicode's
 * NFKC_Casefold form, so that text written differently for the same
 * letters is the same word: composed or not ("e" + U+0301 is "é"), a
 * compatibility character ("ﬁnance" is "finance", "ＡＢＣ" "abc",
 * "km²" "km2", "Ⅻ" "xii", "ǅ" "dž"), in either case ("Straße" and
 * "STRASSE" are "strasse", Greek final "ς" is "σ"), invisible characters
 * (soft hyphen, zero-width joiner) dropped; and the modifier letter
 * apostrophe U+02BC an apostrophe ("Oʼneill" is "o'neill").
 * malloc'd; NULL when the word is so written already (lower-case ASCII
 * needs no copy) or is not valid UTF-8. */
char *ledei_fold_word(const char *s, size_t len);

/* The length of the space at s[i] (s holding len bytes) when it groups
 * a number's digits in threes: a no-break, narrow no-break, thin or figure
 * space (U+00A0, U+202F, U+2009, U+2007) after one to three digits that
 * follow no letter, digit or point, and before exactly three digits
 * ("5 500", "£1 000 000"); else 0. Such a space is read as the comma of
 * "5,500" (ledei_words_text()). */
size_t ledei_group_space(const char *s, size_t len, size_t i);

/* [s, s+len) as its words are to be read by Xapian's TermGenerator and
 * QueryParser, the same for an article's text and a query: soft hyphens
 * (U+00AD) dropped, as they are invisible but for a line's end
 * ("Vladi\u00ADmir" is "Vladimir"); the hyphens U+2010 and U+2011 made '-';
 * a space grouping a number's digits (ledei_group_space()) made ','
 * ("5\u00A0500" is "5,500"); and elisions split (ledei_split_elisions()).
 * malloc'd; NULL when there is nothing to change. */
char *ledei_words_text(const char *s, size_t len);

/* 1 when the n bytes at word (lower case) are an elided article or
 * preposition of French, Italian or Catalan ("l", "d", "qu", "dell"...). */
int ledei_is_elision(const char *word, size_t n);

/* [s, s+len) with the apostrophe (' or U+2019) after an elision and before
 * a letter made a hyphen ("l'État" -> "l-État"), so that the word after it
 * is a word of its own to Xapian, indexed and searched, as "État"
 * (malloc'd); NULL when there is none. */
char *ledei_split_elisions(const char *s, size_t len);

/* 1 if [s, s+len) is valid UTF-8 without NUL bytes, else 0. */
int ledei_utf8_valid(const char *s, size_t len);

/* A copy of [s, s+len) safe to print on a terminal: control bytes and C1
 * controls become \n, \t, \r or \xHH, and so does every byte that is not
 * valid UTF-8; anything else (backslashes included) is kept as it is. */
char *ledei_escape_n(const char *s, size_t len);
/* The same for a NUL-terminated string (NULL gives ""). */
char *ledei_escape(const char *s);

/* 64-bit FNV-1a hash, and its 16-digit lowercase hex form (out has 17 bytes). */
uint64_t ledei_hash64(const void *data, size_t len);
void ledei_hash_hex(char out[17], const void *data, size_t len);
/* True when id is an article id as ledei_hash_hex() writes them: 16
 * lower-case hex digits (the only ids lede_db_put_article() takes). */
int ledei_is_article_id(const char *id);

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
lede_status_t ledei_segment(lede_span_t **out, size_t *out_count, const char *text, size_t len);

/* The display text of a span: white space runs (line breaks from wrapping,
 * tabs, non-breaking spaces) folded to one space, but for a space that
 * groups a number's digits (ledei_group_space(): "5\u00A0500"), kept;
 * invalid UTF-8 replaced. Returns a malloc'd string. */
char *ledei_span_text(const char *text, lede_span_t span);

/* ------------------------------------------------------------------ */
/* Articles and dates (lib/article.c, lib/date.c)                      */
/* ------------------------------------------------------------------ */

/* 1 if the file at path is a web page (named .html, .htm or .xhtml, or
 * without an extension and starting like one): read as HTML, in its
 * declared charset, NUL bytes and all. */
int ledei_html_is_page(const char *path, const char *buf, size_t len);

/* lede_article_read() on bytes already in memory (the file's whole
 * content): path decides the format (.jsonl or one article) and is recorded
 * as lede_article_parse() does. */
lede_status_t ledei_article_parse_file_bytes(lede_article_t ***out, size_t *out_count,
                                             size_t *out_bad_lines, const char *buf, size_t len,
                                             const char *path, const char *default_source);

/* Reads what the start of a text that has no header of its own (a web
 * page's or a feed item's extracted content, a mail's text) says of its
 * article a: byline and date lines before the first paragraph ("By Jane
 * Doe", "Published: March 14, 2024", "Updated 3 hours ago") give meta
 * "author" and the date when a has none, and a dateline ("LONDON (Reuters)
 * -") gives the place when a has none, and its agency the source when
 * source_open and a has none. Returns where the sentences start in text:
 * after those lines and the dateline (0 when there are none). */
size_t ledei_text_lead(lede_article_t *a, const char *text, size_t len, int source_open);

/* ledei_segment() of text after what ledei_text_lead() reads from its
 * start into a, the spans indexing text; *out_count 0 when nothing is
 * left. */
lede_status_t ledei_text_segment(lede_span_t **out, size_t *out_count, lede_article_t *a,
                                 const char *text, size_t len, int source_open);

/* Parses a date written in a common news form ("November 9, 2023",
 * "Nov. 9, 2023", "9 November 2023", "2023-11-09", "Thursday, November 9,
 * 2023", unambiguous "11/29/2023") that makes up the whole of s (surrounding
 * space allowed). Writes "YYYY-MM-DD" into out and returns 1, else 0. */
int ledei_date_parse(char out[11], const char *s, size_t len);

/* Reads a date or a partial date: "2023", "2023-11", "2023-11-09" or any
 * full date ledei_date_parse() reads. Writes the first day it covers (last
 * = 0) or the last (last = 1) into out as "YYYY-MM-DD" and returns 1; returns
 * 0 when s is not such a date. ("2023-02", last: "2023-02-28".) */
int ledei_date_bound(char out[11], const char *s, size_t len, int last);

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (surrounding space allowed), or a
 * full date in any form ledei_date_parse() reads. Sets *y, *m, *d (0 when not
 * given) and returns the precision: 1 year, 2 month, 3 day; 0 when s is not
 * a date. */
int ledei_date_partial(const char *s, size_t len, int *y, int *m, int *d);

/* The first day of the period of unit holding date ("YYYY-MM-DD" or
 * "YYYYMMDD"), as "YYYY-MM-DD": weeks start on Monday. 0 when date is not a
 * date. */
int ledei_date_period(char out[11], const char *date, lede_unit_t unit);
/* The first day of the period after the one starting on start. */
int ledei_date_next_period(char out[11], const char *start, lede_unit_t unit);

/* ------------------------------------------------------------------ */
/* Stemming (lib/xapian_common.cc; libstemmer_c behind the scenes)     */
/* ------------------------------------------------------------------ */

typedef struct lede_stemmer lede_stemmer_t;

/* Opens a libstemmer_c stemmer for language (e.g. "english", "en"). An
 * unknown language fails with LEDE_ERR_NOT_FOUND and a message listing the
 * available ones. */
lede_status_t ledei_stemmer_open(lede_stemmer_t **out, const char *language);

/* Stems one lower-cased UTF-8 word. Returns a malloc'd string. */
char *ledei_stemmer_stem(lede_stemmer_t *stemmer, const char *word, size_t len);

void ledei_stemmer_close(lede_stemmer_t *stemmer);

/* A NULL-terminated list of the languages libstemmer_c knows. */
const char **ledei_stemmer_languages(void);

/* ------------------------------------------------------------------ */
/* The index: what the indexer and the tests use                       */
/* ------------------------------------------------------------------ */

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
lede_status_t ledei_db_check_dir(const char *dir, lede_dir_state_t *state);

/* 1 when dir holds a build that did not finish (running, or interrupted:
 * the next lede-index run builds it again): its marker or its shards; the
 * caller asks when the index is missing or empty (a parallel first build
 * publishes an empty index before its shards are merged). */
int ledei_db_unfinished(const char *dir);

/* 1 when dir holds what marks a lede index (its "current" link, or the
 * stub of an index of an earlier schema): a cheap test for folder walks. */
int ledei_db_is_index(const char *dir);

/* Promises (on = 1) that lede_db_put_article() will only be given articles
 * the index does not hold (the caller deletes old versions itself), so it
 * need not look for them: much faster for many new articles. */
void ledei_db_set_new_articles_only(lede_db_t *db, int on);

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

lede_status_t ledei_db_set_file(lede_db_t *db, const lede_file_record_t *rec);
/* Looks up a file's record; LEDE_ERR_NOT_FOUND when the index has none. */
lede_status_t ledei_db_get_file(lede_file_record_t **out, lede_db_t *db, const char *path);
lede_status_t ledei_db_delete_file(lede_db_t *db, const char *path);
/* Calls fn for every file record (in path order); fn returns non-zero to
 * stop. */
lede_status_t ledei_db_foreach_file(lede_db_t *db,
                                    int (*fn)(const lede_file_record_t *rec, void *ctx), void *ctx);
/* Calls fn for every file record whose content hash is hash, in no
 * particular order: one lookup, not a read of every record. */
lede_status_t ledei_db_foreach_file_with_hash(lede_db_t *db, const char *hash,
                                              int (*fn)(const lede_file_record_t *rec, void *ctx),
                                              void *ctx);
/* Calls fn with the path, size and mtime of every file record at dir or
 * under dir/ (dir NULL: all), in path order but for paths too long to be
 * their own key (last); reads keys in order, not the records. */
lede_status_t ledei_db_foreach_file_stat(lede_db_t *db, const char *dir,
                                         int (*fn)(const char *path, uint64_t size,
                                                   int64_t mtime_ns, void *ctx),
                                         void *ctx);
void ledei_file_record_free(lede_file_record_t *rec);

/* ---- a file's change, whole ----
 * The caller says what changed; these keep the file's articles and its
 * record consistent, reading the record the index holds. Each writes into
 * the current batch: the change is durable at the next lede_db_commit(). */

/* File rec->path now holds arts (n of them, none when it holds no article
 * any more): the articles its stored record lists go and arts are put; the
 * record is rec, with the ids and sentences of arts (rec->articles,
 * article_ids and sentences are not read). keep_dropped (a feed, a window
 * over a stream): listed articles that arts does not hold stay, and stay
 * listed, so that the record keeps every item the file ever gave and its
 * removal takes them all. */
lede_status_t ledei_db_file_put(lede_db_t *db, const lede_file_record_t *rec,
                                lede_article_t *const *arts, size_t n, int keep_dropped);

/* File path is gone: the articles its record lists, and the record. */
lede_status_t ledei_db_file_remove(lede_db_t *db, const char *path);

/* File from moved to rec->path, its content (arts) the same: its articles
 * are relabelled (*moved = 1: nothing tokenised again) or, when the index
 * does not hold what from's record lists, indexed again; from's record
 * goes and rec is recorded as by ledei_db_file_put(). */
lede_status_t ledei_db_file_move(lede_db_t *db, const char *from, const lede_file_record_t *rec,
                                 lede_article_t *const *arts, size_t n, int *moved);

/* Free-form metadata (roots indexed, ...). get returns NULL in *out when
 * the key is unset. */
lede_status_t ledei_db_set_meta(lede_db_t *db, const char *key, const char *value);
lede_status_t ledei_db_get_meta(char **out, lede_db_t *db, const char *key);

/* The key (of ledei_db_set_meta()) of the folder an index's relative
 * paths are relative to, absolute: the folder holding the index when it
 * last wrote one, unless the index was moved or copied away from the files
 * it holds (lede-index keeps making them relative to where it was). The
 * query side resolves a hit's path against it when the file is not beside
 * the index's folder now. Unset in indexes made before it was kept. */
#define LEDEI_BASE_KEY "paths-base"

/* Relabels the sentences of article old_id as article a: the same text found
 * under another path (a renamed file). Id terms, path, source and id are
 * rewritten; nothing is tokenised again. Fails with LEDE_ERR_NOT_FOUND when
 * the index does not hold exactly a->nsentences sentences of old_id (the
 * caller then puts the article instead). */
lede_status_t ledei_db_move_article(lede_db_t *db, const char *old_id, const lede_article_t *a);

/* ---- rebuilding and parallel builds ----
 * A staged database is built beside the live one (DIR/db-N+1) while readers
 * keep using the live one; ledei_db_publish() swaps it in atomically. Callers
 * hold the index's writer lock (lede-index: DIR/lock) throughout.
 * lede_db_close() removes a staged database never published. */

/* Creates an empty staged database in dir (created if missing) with
 * opts->language (NULL: english) and opens it for writing. */
lede_status_t ledei_db_open_stage(lede_db_t **out, const char *dir, const lede_write_opts_t *opts);

/* Creates a standalone throw-away database at path (a folder; replaced if it
 * exists) for one worker's share of a parallel build: no fsyncs. */
lede_status_t ledei_db_open_shard(lede_db_t **out, const char *path, const char *language);

/* Adds what a database built from nothing (a staged one or a shard) leaves
 * to its end, the spelling data counted while indexing, and commits.
 * ledei_db_publish() does it for a staged database; a shard's worker calls
 * it after its last article. */
lede_status_t ledei_db_finish_build(lede_db_t *db);

/* Merges the committed shards (paths of closed ledei_db_open_shard()
 * databases) into a new staged database in dir with Xapian's compaction, and
 * opens it for writing. For metadata present in several shards, the last
 * shard's value wins. */
lede_status_t ledei_db_open_merged(lede_db_t **out, const char *dir, const char *const *shards,
                                   size_t nshards);

/* Commits a staged database, syncs it, points the index's stub at it
 * (atomically: readers see the old or the new index, never a mix) and
 * removes the previous database. The handle is then closed; still call
 * lede_db_close(). Close any writer of the previous database first. */
lede_status_t ledei_db_publish(lede_db_t *db);

/* Rewrites the live pair of the index in dir with Xapian's compaction (as
 * a build's shards are merged) into a new staged pair beside it, and swaps
 * that in as ledei_db_publish() does: readers see the old or the new pair,
 * a kill leaves the old one live and the new one for
 * ledei_db_remove_stale(). Fails with "disk full" before writing anything
 * when the disk lacks room for a second copy of the live pair. Sets
 * *before and *after to the bytes of the two pairs' files. Only while
 * holding the writer lock, with no writer of the live pair open. */
lede_status_t ledei_db_compact(const char *dir, uint64_t *before, uint64_t *after);

/* Removes what interrupted runs left in dir: database folders of lede's
 * (by name and contents) that the stub does not name, and their markers.
 * Touches nothing, and fails, when ledei_db_check_dir() finds dir damaged or
 * not an index. Only while holding the writer lock. */
lede_status_t ledei_db_remove_stale(const char *dir);

/* Removes the index in dir (its link and its pair) when neither database
 * holds a document: a new index whose first commit failed. Touches nothing
 * otherwise. Only while holding the writer lock, for an index this run
 * created. */
void ledei_db_remove_if_empty(const char *dir);

/* Removes a shard folder. */
lede_status_t ledei_db_remove_shard(const char *path);

/* Checks the document layout the search relies on: each article's
 * sentences have consecutive docids in sentence order, immediately followed
 * by its article document, whose marker terms hold the article's length
 * (its headline stems' wdf plus its sentences' lengths) and the headline's
 * part of it, and the index holds no other documents. Returns
 * LEDE_OK, or LEDE_ERR_CORRUPT with a message naming the first violation.
 * Reads every document: for tests and diagnosis. */
lede_status_t ledei_db_check_layout(lede_db_t *db);

/* Records another schema version in a writable index (committed with the
 * next lede_db_commit()): for tests of the version check and for future
 * migrations. */
lede_status_t ledei_db_set_schema(lede_db_t *db, int version);

/* ------------------------------------------------------------------ */
/* Highlighting (lib/highlight.c)                                      */
/* ------------------------------------------------------------------ */

/* Finds the words of text that match the query terms (as in
 * lede_results_t.terms, stemmed with stemmer) and the places where a
 * phrase of phrases (as in lede_results_t.phrases; NULL: none) occurs.
 * *out receives spans of the matching words, in order; free() it. */
lede_status_t ledei_highlight(lede_span_t **out, size_t *out_count, const char *text,
                              const char *const *terms, const char *const *phrases,
                              lede_stemmer_t *stemmer);

/* ------------------------------------------------------------------ */
/* JSON (lib/json.c): the one place lede's JSON shapes are built       */
/* ------------------------------------------------------------------ */

struct cJSON;

/* The --dry-run object of an article: path, id, title, source, date, place,
 * url, meta, sentences [{text, start, end}]. Caller frees with cJSON_Delete. */
struct cJSON *ledei_article_to_json(const lede_article_t *article);

/* One hit as in the JSON contract: rank, score, text, source, date, title,
 * path, sentence, place, start, end, context {before, after}. */
struct cJSON *ledei_hit_to_json(const lede_hit_t *hit);

/* The --json document: query, total, offset, hits [...], plus suggestion
 * and warning when set. */
struct cJSON *ledei_results_to_json(const lede_results_t *res);

/* Prints item compactly on one line to f, followed by a newline. */
void ledei_json_print_line(struct cJSON *item, FILE *f);

/* {"query", "unit", "total", "undated", "buckets": [{"start", "passages",
 * "articles"}]} */
struct cJSON *ledei_timeline_to_json(const lede_timeline_t *t);

/* {"query", "passages", "articles"} (and "warning" when set). */
struct cJSON *ledei_count_to_json(const char *query, const lede_count_t *c);

/* ------------------------------------------------------------------ */
/* Mail and PDF (lib/mail.c, lib/pdf.c)                                */
/* ------------------------------------------------------------------ */

/* 1 if path names e-mail: a message (.eml) or a mailbox (.mbox), read by
 * GMime one article per message. Like .jsonl, such a file holds many
 * articles or a large attachment: lede-index reads it up to 1 GB. */
int ledei_mail_is_mail(const char *path);

/* 1 if the file is a PDF: named .pdf, or without an extension and
 * starting with "%PDF-". Read by poppler as one article. ledei_text_prepare()
 * leaves the bytes of mail and PDF files as they are (and returns 1). */
int ledei_pdf_is_pdf(const char *path, const char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Feeds (lib/feed.c)                                                  */
/* ------------------------------------------------------------------ */

/* 1 if the file at path is a feed, one article per item: named .rss or
 * .atom, or named .xml or without an extension with an <rss>, <rdf:RDF> or
 * <feed> root element in its first 4 KB of buf (len bytes; may be NULL for
 * the name alone). Read in its declared charset, as a web page is. */
int ledei_feed_is_feed(const char *path, const char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* LEDE_PRIVATE_H */
