/*
 * xapian_internal.h - private to the Xapian wrapper (lib/xapian_*.cc).
 *
 * Nothing outside lib/xapian_*.cc includes this header or <xapian.h>. Every
 * entry point of the wrapper runs its body inside LEDE_XAPIAN_TRY so that no
 * C++ exception crosses into C: Xapian errors become a lede_status_t plus a
 * message in lede_last_error().
 */
#ifndef LEDE_XAPIAN_INTERNAL_H
#define LEDE_XAPIAN_INTERNAL_H

#include "layout.h"
#include "lede.h"

#include <ctime>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <sys/types.h>
#include <unordered_map>
#include <vector>
#include <xapian.h>

/* Appends stem to a sentence's word sequence (value slot LEDE_SLOT_WORDS):
 * its length in bytes as a varint (7 bits a byte, low first), then its
 * bytes. The index keeps no positions: a word's position is its place in
 * this sequence, the order in which TermGenerator stemmed the words. */
inline void lede_words_put(std::string &out, const std::string &stem) {
  size_t n = stem.size();
  while (n >= 0x80) {
    out += (char)(0x80 | (n & 0x7f));
    n >>= 7;
  }
  out += (char)n;
  out += stem;
}

/* Xapian terms are limited to 245 bytes; longer boolean values are hashed. */
#define LEDE_MAX_TERM 200

struct lede_article_map; /* xapian_rank.h */

/* A writer's words: each word TermGenerator has had stemmed (lower-cased,
 * as written) with its stem, and the number of its occurrences not yet
 * handed to Xapian's spelling data. The stemmer (lede_xapian_stem()) looks
 * every word up here, which also spares libstemmer the words seen before. */
struct lede_words {
  struct entry {
    std::string stem;
    Xapian::termcount pending = 0;
    /* Occurrences taken away (articles deleted) not yet handed over. */
    Xapian::termcount removed = 0;
  };
  std::unordered_map<std::string, entry> map;
  /* The words with a pending count, in the order first counted (elements
   * of an unordered_map stay where they are as it grows), so that handing
   * the counts over costs the words of a batch, not the whole table. */
  std::vector<std::pair<const std::string, entry> *> pending;
  /* Whether the stemmer counts the words it is given (sentences and
   * headlines of an article being put), or only looks up their stems. */
  bool counting = false;
  /* While set, what is counted is taken away (in removed): the words of an
   * article being deleted, so that the spelling data forgets them. */
  bool uncounting = false;
  /* While set, the stemmer appends each stem it returns to this sequence
   * (lede_words_put()) and counts it in sequence_len: the words of the
   * sentence being indexed, in order. */
  std::string *sequence = nullptr;
  unsigned sequence_len = 0;
  /* Past this many words, the spelling counts are handed over at the next
   * commit even in a fresh build, and the words forgotten: memory stays
   * bounded whatever the vocabulary. */
  static const size_t max_words = 500000;
};

struct lede_db {
  std::string dir;
  std::string language;
  Xapian::Stem stem;
  bool writable = false;
  std::unique_ptr<Xapian::WritableDatabase> wdb;
  std::unique_ptr<Xapian::Database> rdb;
  /* Writers: one TermGenerator reused for every sentence. */
  Xapian::TermGenerator tg;
  /* Readers: the folder holding dir, which shown paths are relative to
   * (set on first use). */
  std::string base;
  /* The database's folder name inside dir ("db-3"); for a shard, "". */
  std::string name;
  /* A staged database (lede_db_open_stage/_merged): not live until
   * lede_db_publish(). */
  bool staged = false;
  /* Built from nothing in this session (stage or shard): put_article need not
   * look for an earlier version of an article. */
  bool fresh_build = false;
  /* A database built from nothing (stage or shard): its spelling counts
   * are handed to Xapian once, by lede_db_finish_build(), rather than at
   * every commit. */
  bool spelling_at_end = false;
  /* The spelling counts of the articles put since they were last handed to
   * Xapian (every word of their sentences and headlines with its number of
   * occurrences), with the stems of the words seen. The index holds stems
   * only, so the words are counted as they are stemmed. */
  lede_words words;
  /* The last docid at the last commit: the documents added since are what
   * the next commit writes (commit_now() checks the disk has room). */
  Xapian::docid committed_lastdocid = 0;
  bool committed_known = false; /* committed_lastdocid read yet */
  /* Opened with DB_NO_SYNC (a shard, thrown away on any failure): commits
   * skip the folder's fsync too. */
  bool no_sync = false;
  bool index_synced = false; /* the index folder fsynced since opening */

  /* Readers: searches answered, and from the second on the article map of
   * the snapshot being read (xapian_rank.h); dropped on reopening. */
  unsigned long searches = 0;
  std::shared_ptr<const lede_article_map> articles;
  /* Readers: the stub file as last seen (inode, mtime), so that a swap is
   * noticed with one stat() (lib/xapian_search.cc follow_index()). */
  ino_t stub_ino = 0;
  struct timespec stub_mtime = {0, 0};

  /* The database to read from (the writer's own, when writable). */
  Xapian::Database &db() {
    return writable ? *wdb : *rdb;
  }
};

struct lede_stemmer {
  struct sb_stemmer *sb;
};

/* Builds a Xapian::Stem backed by libstemmer_c for language, or fails with
 * LEDE_ERR_NOT_FOUND listing the available languages. With words (a
 * writer's, which must outlive the stemmer), stems are looked up and kept
 * there, and counted while words->counting is set. */
lede_status_t lede_xapian_stem(Xapian::Stem *out, const char *language,
                               lede_words *words = nullptr);

/* Maps the exception being handled to a status and message. Call only from
 * a catch block. */
lede_status_t lede_xapian_error(const char *what);

/* A boolean term for prefix + value: the value lower-cased when fold, and
 * hashed when too long for a term. */
std::string lede_bool_term(const char *prefix, const std::string &value, bool fold);

/* True for a free-text term of the sentence text: a "Z" stem, not the stem
 * of a field ("ZT...": prefixes are capital letters). The index holds no
 * words as written (schema 5 on). */
inline bool lede_is_text_stem(const std::string &t) {
  return t.size() > 1 && t[0] == 'Z' && !(t[1] >= 'A' && t[1] <= 'Z');
}

/* Serialised document data: what a hit shows. A sentence's record (sentence
 * >= 1) holds only its own fields (text, article id, number, span) and its
 * article's number of sentences; what all of an article's sentences share
 * (path, source, title, date, place, url, meta) is stored once, on its
 * article document (sentence 0), which lede_doc_data_get_article() reads. */
struct lede_doc_data {
  std::string text, path, source, title, date, place, article_id;
  unsigned sentence = 0;
  unsigned nsentences = 0; /* sentences only: how many its article has */
  uint64_t start = 0, end = 0;
  uint64_t line = 0, column = 0; /* sentences only: where it starts, from 1 */
  std::string url;               /* "" when unknown */
  std::vector<std::pair<std::string, std::string>> meta; /* other front matter */
};
std::string lede_doc_data_encode(const lede_doc_data &d);
bool lede_doc_data_decode(lede_doc_data *out, const std::string &s);
/* The record is kept in value slot LEDE_SLOT_DATA, not as Xapian's document
 * data: Glass compresses document data with zlib one document at a time,
 * which cost more than a tenth of a build; values are stored uncompressed. */
void lede_doc_data_put(Xapian::Document &doc, const lede_doc_data &d);
bool lede_doc_data_get(lede_doc_data *out, const Xapian::Document &doc);
/* Fills in the article fields of d, the record of sentence document did,
 * from its article document (the docid layout gives it). false when that
 * document is not d's article's (a damaged index); d then keeps them empty. */
bool lede_doc_data_get_article(lede_doc_data *d, Xapian::Database &x, Xapian::docid did);

/* Rewriting parsed queries: f(sub, &out) returns true with out set to what
 * replaces sub, or false to rebuild sub from its rewritten subqueries (for
 * the boolean operators and SCALE_WEIGHT; any other subquery is kept). */
typedef std::function<bool(const Xapian::Query &, Xapian::Query *)> lede_query_rewriter;
Xapian::Query lede_query_rewrite(const Xapian::Query &q, const lede_query_rewriter &f);

/* Most words one wildcard may stand for; beyond it the most frequent are
 * searched and the query says so. */
#define LEDE_WILDCARD_MAX 100

/* The pattern of a wildcard subquery ("Tw" for title:w*), or "". */
std::string lede_wildcard_pattern(const Xapian::Query &q);

/* What expanding a query's wildcards found (lib/xapian_wildcard.cc). */
struct lede_wildcards {
  std::vector<std::string> terms; /* the stems searched, for highlighting */
  std::string warning;            /* "" or which patterns were cut short */
};

/* q with each wildcard replaced by the stems of the indexed words it
 * matches (at most LEDE_WILDCARD_MAX words each). */
Xapian::Query lede_wildcard_rewrite(lede_wildcards *w, const Xapian::Database &x,
                                    const Xapian::Stem &stem, const Xapian::Query &q);

/* q with its title: terms and wildcards (prefix T, on article documents
 * only) replaced by the sentences of the articles that have them
 * (lib/xapian_title.cc). */
Xapian::Query lede_title_rewrite(const Xapian::Database &x, const Xapian::Query &q);

/* q with each phrase, ADJ and NEAR (OP_PHRASE, OP_NEAR) replaced by the AND
 * of its terms and a filter that checks their places on each candidate
 * sentence's word sequence (lib/xapian_phrase.cc): the index has no
 * positional data. Apply after lede_title_rewrite(). */
Xapian::Query lede_phrase_rewrite(const Xapian::Query &q);

#define LEDE_XAPIAN_TRY try {
#define LEDE_XAPIAN_CATCH(what)                                                                    \
  }                                                                                                \
  catch (...) {                                                                                    \
    return lede_xapian_error(what);                                                                \
  }

/* Like lede_xapian_error(), for a writer of the index in dir: a write that
 * found no room (ENOSPC, EDQUOT, EFBIG) is reported as "DIR: disk full
 * (...)". Call only from a catch block. */
lede_status_t lede_xapian_write_error(const std::string &dir);

/* The end of a writer's LEDE_XAPIAN_TRY block (see lede_xapian_write_error). */
#define LEDE_XAPIAN_CATCH_WRITE(dir)                                                               \
  }                                                                                                \
  catch (...) {                                                                                    \
    return lede_xapian_write_error(dir);                                                           \
  }

/* Free space a commit must find before it starts (commit_now() in
 * xapian_index.cc): a floor, plus per document added and per spelling word
 * handed over. Measured in docs/hardening.md ("Full disk"). */
#define LEDE_COMMIT_ROOM_FLOOR (1u << 20)
#define LEDE_COMMIT_ROOM_PER_DOC 4096u
#define LEDE_COMMIT_ROOM_PER_WORD 256u

/* Runs body against the index's latest state, again when a writer changed
 * it underneath (reopening as needed), and turns what it throws into a
 * status with lede_last_error() set. For every reading entry point. */
lede_status_t lede_read_retrying(lede_db_t *db, const std::function<void()> &body);

/* The query of every sentence matching o->query under o's filters (no
 * article documents), words not joined by an operator all required (a
 * count of "oil price" counts sentences with both); an empty query when the
 * text has no terms. warning
 * says what was not searched as written. Throws Xapian errors. */
Xapian::Query lede_matching_query(lede_db_t *db, const lede_search_opts_t *o, std::string *warning);

#endif
