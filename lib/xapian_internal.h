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
#include "lede_private.h"

#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <sys/types.h>
#include <unordered_map>
#include <vector>
#include <xapian.h>

/* Xapian terms are limited to 245 bytes; longer boolean values are hashed. */
#define LEDE_MAX_TERM 200

/* A writer's words: each word TermGenerator has had stemmed (lower-cased,
 * as written) with its stem, and the number of its occurrences not yet
 * handed to Xapian's spelling data. The stemmer (ledei_xapian_stem()) looks
 * every word up here, which also spares libstemmer the words seen before. */
struct ledei_words {
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
  /* Past this many words, the spelling counts are handed over at the next
   * commit even in a fresh build, and the words forgotten: memory stays
   * bounded whatever the vocabulary. */
  static const size_t max_words = 500000;
};

/* One index a reader searches: a folder (its pair named by "current") or
 * a server (tcp://HOST:PORT, sentences at PORT and articles at PORT+1). */
struct ledei_part {
  std::string spec; /* as given, for messages */
  std::string dir;  /* a folder; "" for a server */
  std::string host; /* a server */
  unsigned port = 0;
  std::string target; /* the folder's pair as last opened ("db-3") */
  std::string base;   /* the folder holding dir, which shown paths are relative to */
  /* The folder its paths were made relative to (LEDEI_BASE_KEY) when it
   * is not base (the index was moved or copied), else ""; read with base. */
  std::string paths_base;
  std::string build; /* a server's lede:build when opened */
  long checked = 0;  /* a server: when the build was last checked (seconds) */
};

struct lede_db {
  std::string dir; /* the index folder (a writer's, or the first part's) */
  std::string language;
  Xapian::Stem stem;
  /* Words as written (lower-cased, accents off), for articles in another
   * language than the index's (ledei_plain_stem(): made when first needed). */
  Xapian::Stem plain;
  bool writable = false;
  /* Writers: the pair being written (both in transactions). */
  std::unique_ptr<Xapian::WritableDatabase> ws, wa;
  /* Readers: every part's sentences, and every part's articles, each
   * opened as one Xapian database (add_database()). */
  std::vector<ledei_part> parts;
  std::unique_ptr<Xapian::Database> rs, ra;
  /* Readers of several local indexes: each one's sentences and articles
   * alone (the same handles rs and ra hold), for counts and value reads a
   * shard at a time. */
  std::vector<Xapian::Database> part_sentences, part_articles;
  /* Every part's articles alone, served ones too: what Xapian keeps of
   * the first part only (metadata: the file records) is read from each.
   * And its sentences alone (for their docid counts). */
  std::vector<Xapian::Database> articles_of_part, sentences_of_part;
  /* Terms found to index every article of some part, or not, during one
   * read (ledei_unweighted(): looked up once a read, not once a search). */
  std::map<std::string, bool> every_document;
  /* A remote part's timeout, in milliseconds. */
  unsigned timeout_ms = 10000;
  /* Writers: one TermGenerator reused for every sentence. */
  Xapian::TermGenerator tg;
  /* The pair's folder name inside dir ("db-3"); for a shard, "". */
  std::string name;
  /* A staged pair (ledei_db_open_stage/_merged): not live until
   * ledei_db_publish(). */
  bool staged = false;
  /* Built from nothing in this session (stage or shard): put_article need not
   * look for an earlier version of an article. */
  bool fresh_build = false;
  /* A pair built from nothing: its spelling counts are handed to Xapian
   * once, by ledei_db_finish_build(), rather than at every commit. */
  bool spelling_at_end = false;
  /* The spelling counts of the articles put since they were last handed to
   * Xapian, with the stems of the words seen. */
  ledei_words words;
  /* Writers: the sentences' last docid at the last commit (commit_now()
   * checks the disk has room for what was added since). */
  Xapian::docid committed_lastdocid = 0;
  /* Writers: the pair's commit count, and the articles touched since the
   * last commit (the crash protocol, lib/xapian_open.cc). */
  unsigned long commits = 0;
  std::vector<std::string> touched;
  /* Writers: something changed since the last commit (lede_db_commit()
   * does nothing otherwise). */
  bool dirty = false;
  /* Opened with DB_NO_SYNC (a shard, thrown away on any failure). */
  bool no_sync = false;
  /* Tests: every query a search hands Xapian, serialised, with the name of
   * its weighting scheme (tests/registry_check.cc). */
  std::vector<std::pair<std::string, std::string>> *trace = nullptr;

  Xapian::Database &sentences() {
    return writable ? *ws : *rs;
  }
  Xapian::Database &articles() {
    return writable ? *wa : *ra;
  }
};

struct lede_stemmer {
  struct sb_stemmer *sb;
  bool fold_first; /* accents off before the stemmer (folds_first()) */
};

/* Builds a Xapian::Stem backed by libstemmer_c for language, or fails with
 * LEDE_ERR_NOT_FOUND listing the available languages. With words (a
 * writer's, which must outlive the stemmer), stems are looked up and kept
 * there, and counted while words->counting is set. */
lede_status_t ledei_xapian_stem(Xapian::Stem *out, const char *language,
                                ledei_words *words = nullptr);

/* A run of CJK word characters in a text: its byte span and characters. */
struct ledei_cjk_run {
  size_t start = 0, end = 0;
  std::vector<std::string> chars;
};
/* The runs of CJK word characters in s, in order (ledei_unicode_is_cjk()). */
std::vector<ledei_cjk_run> ledei_cjk_runs(const std::string &s);
bool ledei_has_cjk(const std::string &s);

/* Indexes text into doc (tg's document) as tg.index_text() does, except
 * that each run of CJK characters becomes "Z" + prefix + each character and
 * each pair of neighbours, the pair at its first character's position:
 * never stemmed nor counted for spelling (docs/cjk.md). */
void ledei_index_text(Xapian::TermGenerator &tg, Xapian::Document &doc, const std::string &text,
                      Xapian::termcount wdf = 1, const std::string &prefix = std::string(),
                      bool positions = true);

/* Indexes a sentence's text into doc (a new document) through tg, whose
 * stemmer the caller sets, as lede-index does: its stems with positions
 * from 1 (ledei_index_text()), and the figure words' other forms at their
 * numbers' positions ("600m" also holds "600", "600 million" also "600m":
 * lib/figure.h). The search reads a served index's positions from here,
 * the sentence's text being in its record (xapian_rerank.cc): the same
 * code, so the same postings (a change to them is a new schema). */
void ledei_sentence_postings(Xapian::TermGenerator &tg, Xapian::Document &doc,
                             const std::string &text);

/* db->plain, made on first use, counting words as db->stem does. */
const Xapian::Stem &ledei_plain_stem(lede_db_t *db);
/* true when an article stating language (NULL or "": none) is stemmed in
 * the index's language, index_language: it states none, or the same
 * language by name or ISO 639 code ("en", "en-US", "English" for english). */
bool ledei_same_language(const char *language, const std::string &index_language);

/* Maps the exception being handled to a status and message. Call only from
 * a catch block. */
lede_status_t ledei_xapian_error(const char *what);

/* A boolean term for prefix + value: the value lower-cased when fold, and
 * hashed when too long for a term. */
std::string ledei_bool_term(const char *prefix, const std::string &value, bool fold);

/* True for a free-text term of the sentence text: a "Z" stem, not the stem
 * of a field ("ZT...": prefixes are capital letters). The index holds no
 * words as written (schema 5 on). */
inline bool ledei_is_text_stem(const std::string &t) {
  return t.size() > 1 && t[0] == 'Z' && !(t[1] >= 'A' && t[1] <= 'Z');
}

/* Serialised document data: what a hit shows. A sentence's record (sentence
 * >= 1) holds only its own fields (text, article id, number, span) and its
 * article's number of sentences; what all of an article's sentences share
 * (path, source, title, date, place, url, meta) is stored once, on its
 * article document (sentence 0). */
struct ledei_doc_data {
  std::string text, path, source, title, date, place, article_id;
  unsigned sentence = 0;
  unsigned nsentences = 0; /* sentences only: how many its article has */
  uint64_t start = 0, end = 0;
  uint64_t line = 0, column = 0; /* sentences only: where it starts, from 1 */
  std::string url;               /* "" when unknown */
  std::string language;          /* as the article states it; "" when unknown */
  std::vector<std::pair<std::string, std::string>> meta; /* other front matter */
};
std::string ledei_doc_data_encode(const ledei_doc_data &d);
bool ledei_doc_data_decode(ledei_doc_data *out, const std::string &s);
/* The record is kept in value slot LEDE_SLOT_DATA, not as Xapian's document
 * data: Glass compresses document data with zlib one document at a time,
 * which cost more than a tenth of a build; values are stored uncompressed. */
void ledei_doc_data_put(Xapian::Document &doc, const ledei_doc_data &d);
bool ledei_doc_data_get(ledei_doc_data *out, const Xapian::Document &doc);
/* The tie order of a document (value slot LEDE_SLOT_ORDER): newer first
 * (99999999 - date; undated last), then path, then sentence number (0 for
 * the article document), so that equal scores come out in the same order
 * whichever index, shard or docid holds the article. */
std::string ledei_order_key(const std::string &ymd, const std::string &path, unsigned sentence);

/* Most words one wildcard may stand for; beyond it the most frequent are
 * searched and the query says so. */
#define LEDE_WILDCARD_MAX 100

/* What expanding a query's wildcards found (lib/xapian_wildcard.cc). */
struct ledei_wildcards {
  std::vector<std::string> terms; /* the stems searched, for highlighting */
  std::string warning;            /* "" or which patterns were cut short */
};

/* The fields a wildcard word of the query text becomes (oil* is
 * LEDE_WILDCARD_FIELD:oil, title:opec* LEDE_WILDCARD_TITLE_FIELD:opec). */
#define LEDE_WILDCARD_FIELD "lede_wild"
#define LEDE_WILDCARD_TITLE_FIELD "lede_wildtitle"
/* text with each wildcard word (outside phrases) written as such a field;
 * *count says how many; *unexpanded (when given) gets the first word whose
 * '*' is not a wildcard (inside a phrase, or not at a word's end). */
std::string ledei_wildcard_text(const char *text, size_t *count, std::string *unexpanded = nullptr);

/* The other way of writing a number, as a stem: "1000" and "1,000",
 * "2500000.5" and "2,500,000.5"; "" for anything else (lib/xapian_common.cc). */
std::string ledei_other_number_form(const std::string &w);

/* True when the word before text[start] or after text[end] is NEAR or
 * ADJ (with /n or not), whose operands must stay words or phrases. */
bool ledei_by_near(const std::string &text, size_t start, size_t end);
/* The inverse: the query text as the user wrote it. */
std::string ledei_wildcard_untext(const std::string &text);

/* The query text typed with each word that no index holds replaced by its
 * closest indexed word (xapian_spelling.cc), or "" when none is replaced;
 * served: whether some index of x is served (its words are not at hand). */
std::string ledei_spelling_correction(const Xapian::Database &x, const Xapian::Stem &stem,
                                      const std::string &typed, bool served);

/* The FieldProcessor of those fields: the stems of the indexed words the
 * pattern matches (at most LEDE_WILDCARD_MAX), as one OP_SYNONYM. */
class ledei_wildcard_field : public Xapian::FieldProcessor {
  const Xapian::Database *db;
  Xapian::Stem stem;
  std::string prefix; /* "" or LEDE_PREFIX_TITLE */
  std::vector<std::pair<std::string, Xapian::Query>> done;

public:
  ledei_wildcards *found;
  ledei_wildcard_field(const Xapian::Database *x, const Xapian::Stem &s, const char *p,
                       ledei_wildcards *f)
      : db(x), stem(s), prefix(p), found(f) {}
  Xapian::Query operator()(const std::string &word) override;
};

#define LEDE_XAPIAN_TRY try {
#define LEDE_XAPIAN_CATCH(what)                                                                    \
  }                                                                                                \
  catch (...) {                                                                                    \
    return ledei_xapian_error(what);                                                               \
  }

/* Like ledei_xapian_error(), for a writer of the index in dir: a write that
 * found no room (ENOSPC, EDQUOT, EFBIG) is reported as "DIR: disk full
 * (...)". Call only from a catch block. */
lede_status_t ledei_xapian_write_error(const std::string &dir);

/* The end of a writer's LEDE_XAPIAN_TRY block (see ledei_xapian_write_error). */
#define LEDE_XAPIAN_CATCH_WRITE(dir)                                                               \
  }                                                                                                \
  catch (...) {                                                                                    \
    return ledei_xapian_write_error(dir);                                                          \
  }

/* Free space a commit must find before it starts (commit_now() in
 * xapian_index.cc): a floor, plus per document added and per spelling word
 * handed over. Measured in docs/hardening.md ("Full disk"). */
#define LEDE_COMMIT_ROOM_FLOOR (1u << 20)
#define LEDE_COMMIT_ROOM_PER_DOC 4096u
#define LEDE_COMMIT_ROOM_PER_WORD 256u

/* The one guard of every writing function: a read handle has no writer
 * (LEDE_ERR_INVALID naming what was tried). */
lede_status_t ledei_need_writer(const lede_db_t *db, const char *what);

/* Opens every part of a reader (db->parts) as one sentences and one
 * articles database, checking each part's pair, schema and language;
 * failures name the part. lib/xapian_open.cc. */
lede_status_t ledei_open_parts(lede_db_t *db);
/* true when a local part's "current" link names another pair than the one
 * open (a --rebuild swapped it). */
bool ledei_parts_changed(lede_db_t *db);
/* The status and message for a server that failed during a search: the
 * first remote part that does not answer is named. */
lede_status_t ledei_remote_failure(lede_db_t *db, const std::string &why);
/* The status and message for an exception met while opening dir (damaged,
 * locked...): call only from a catch block. */
lede_status_t ledei_open_error(const char *dir);

/* Runs body against the index's latest state, again when a writer changed
 * it underneath (reopening as needed), and turns what it throws into a
 * status with lede_last_error() set. For every reading entry point. */
lede_status_t ledei_read_retrying(lede_db_t *db, const std::function<void()> &body);

/* The query of every sentence matching o->query under o's filters (no
 * article documents), words not joined by an operator all required (a
 * count of "oil price" counts sentences with both); an empty query when the
 * text has no terms. warning
 * says what was not searched as written. Throws Xapian errors. */
Xapian::Query ledei_matching_query(lede_db_t *db, const lede_search_opts_t *o,
                                   std::string *warning);

#endif
