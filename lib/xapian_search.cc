/*
 * xapian_search.cc - answering a query with ranked sentences.
 *
 * The query goes through Xapian's QueryParser with the index's libstemmer
 * stemmer and an English stop list; filters (dates, sources) are boolean
 * and do not change scores. A reader that meets DatabaseModifiedError (a
 * writer committed meanwhile) reopens and runs the query again.
 */
#include "xapian_internal.h"

#include <cstdlib>
#include <cstring>
#include <fstream>

/* Words too common to help ranking (Lucene's English list). QueryParser
 * drops them unless a query has nothing else. */
static const char *const stop_words[] = {
    "a",    "an",   "and",  "are",  "as",    "at",   "be",   "but",   "by",
    "for",  "if",   "in",   "into", "is",    "it",   "no",   "not",   "of",
    "on",   "or",   "such", "that", "the",   "their", "then", "there", "these",
    "they", "this", "to",   "was",  "will",  "with", nullptr};

/* Closes and opens the reader again, following the stub (a rebuild may have
 * swapped in another database). */
static void reopen_reader(lede_db_t *db) {
  if (db->writable) {
    return;
  }
  std::ifstream in(db->dir + "/" LEDE_STUB_NAME);
  std::string backend, name;
  if (in >> backend >> name)
    db->rdb.reset(new Xapian::Database(db->dir + "/" + name, Xapian::DB_BACKEND_GLASS));
  else
    db->rdb->reopen();
}

static char *dup_or_null(const std::string &s) { return s.empty() ? nullptr : lede_xstrdup(s.c_str()); }

/* "YYYY-MM-DD" (or "YYYYMMDD") to "YYYYMMDD"; "" when not a date. */
static std::string slot_date(const char *d) {
  if (!d)
    return std::string();
  std::string out;
  for (const char *p = d; *p; p++)
    if (*p >= '0' && *p <= '9')
      out += *p;
  return out.size() == 8 ? out : std::string();
}

/* The text of sentence n of article aid, or "" when there is none. */
static std::string sentence_text(Xapian::Database &x, const std::string &aid, long n) {
  if (n < 1)
    return std::string();
  std::string term = LEDE_PREFIX_ID + aid + "/" + std::to_string(n);
  Xapian::PostingIterator p = x.postlist_begin(term);
  if (p == x.postlist_end(term))
    return std::string();
  lede_doc_data d;
  if (!lede_doc_data_decode(&d, x.get_document(*p).get_data()))
    return std::string();
  return d.text;
}

/* Parses the user's query; on a syntax error falls back to its words as
 * plain keywords and says so in *warning. */
static Xapian::Query parse_query(lede_db_t *db, const char *text, std::string *warning) {
  Xapian::QueryParser qp;
  qp.set_database(db->db());
  qp.set_stemmer(db->stem);
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  static Xapian::SimpleStopper stopper(stop_words, stop_words + sizeof stop_words / sizeof *stop_words - 1);
  qp.set_stopper(&stopper);
  qp.set_default_op(Xapian::Query::OP_OR);
  qp.add_prefix("title", LEDE_PREFIX_TITLE);
  qp.add_boolean_prefix("source", LEDE_PREFIX_SOURCE);
  qp.add_boolean_prefix("place", LEDE_PREFIX_PLACE);
  qp.set_max_expansion(100, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                   Xapian::QueryParser::FLAG_PURE_NOT;
  try {
    return qp.parse_query(text, flags);
  } catch (const Xapian::QueryParserError &e) {
    *warning = "query did not parse (" + e.get_msg() + "); searched as plain keywords";
  }
  return qp.parse_query(text, 0);
}

/* Runs the search once against the current state of the index. */
static void run_search(lede_results_t *res, lede_db_t *db, const lede_search_opts_t *o) {
  Xapian::Database &x = db->db();
  std::string warning;
  Xapian::Query q = parse_query(db, o->query ? o->query : "", &warning);

  std::string since = slot_date(o->since), until = slot_date(o->until);
  Xapian::Query filter;
  if (!since.empty() && !until.empty())
    filter = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, LEDE_SLOT_DATE, since, until);
  else if (!since.empty())
    filter = Xapian::Query(Xapian::Query::OP_VALUE_GE, LEDE_SLOT_DATE, since);
  else if (!until.empty())
    filter = Xapian::Query(Xapian::Query::OP_VALUE_LE, LEDE_SLOT_DATE, until);
  if (o->sources && o->sources[0]) {
    std::vector<Xapian::Query> srcs;
    for (const char *const *s = o->sources; *s; s++)
      srcs.emplace_back(lede_bool_term(LEDE_PREFIX_SOURCE, *s, true));
    Xapian::Query any(Xapian::Query::OP_OR, srcs.begin(), srcs.end());
    filter = filter.empty() ? any : Xapian::Query(Xapian::Query::OP_AND, filter, any);
  }
  if (!filter.empty())
    q = Xapian::Query(Xapian::Query::OP_FILTER, q, filter);

  Xapian::Enquire enq(x);
  enq.set_query(q);
  enq.set_weighting_scheme(Xapian::BM25Weight());
  if (o->per_article)
    enq.set_collapse_key(LEDE_SLOT_ARTICLE, o->per_article);
  if (o->sort == LEDE_SORT_DATE)
    enq.set_sort_by_value_then_relevance(LEDE_SLOT_DATE, true);
  unsigned limit = o->limit ? o->limit : 10;
  Xapian::MSet mset = enq.get_mset(o->offset, limit, o->offset + limit + 100);

  res->query = lede_xstrdup(o->query ? o->query : "");
  res->total = mset.get_matches_estimated();
  res->offset = o->offset;
  res->warning = dup_or_null(warning);
  res->hits = static_cast<lede_hit_t *>(lede_xcalloc(mset.size(), sizeof(lede_hit_t)));

  std::vector<std::string> terms;
  for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
    const std::string &term = *t;
    if (term.empty())
      continue;
    if (term[0] == 'Z' || !(term[0] >= 'A' && term[0] <= 'Z'))
      terms.push_back(term);
  }
  res->terms = static_cast<char **>(lede_xcalloc(terms.size() + 1, sizeof(char *)));
  for (size_t i = 0; i < terms.size(); i++)
    res->terms[i] = lede_xstrdup(terms[i].c_str());

  unsigned rank = o->offset;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    lede_doc_data d;
    if (!lede_doc_data_decode(&d, it.get_document().get_data()))
      continue;
    lede_hit_t *h = &res->hits[res->nhits++];
    h->rank = ++rank;
    h->score = it.get_weight();
    h->text = lede_xstrdup(d.text.c_str());
    h->source = lede_xstrdup(d.source.c_str());
    h->path = lede_xstrdup(d.path.c_str());
    h->date = dup_or_null(d.date);
    h->title = dup_or_null(d.title);
    h->place = dup_or_null(d.place);
    h->article_id = lede_xstrdup(d.article_id.c_str());
    h->sentence = d.sentence;
    h->start = d.start;
    h->end = d.end;
    if (o->context) {
      h->before = static_cast<char **>(lede_xcalloc(o->context, sizeof(char *)));
      h->after = static_cast<char **>(lede_xcalloc(o->context, sizeof(char *)));
      for (long k = (long)o->context; k >= 1; k--) {
        std::string s = sentence_text(x, d.article_id, (long)d.sentence - k);
        if (!s.empty())
          h->before[h->nbefore++] = lede_xstrdup(s.c_str());
      }
      for (long k = 1; k <= (long)o->context; k++) {
        std::string s = sentence_text(x, d.article_id, (long)d.sentence + k);
        if (s.empty())
          break;
        h->after[h->nafter++] = lede_xstrdup(s.c_str());
      }
    }
  }
}

extern "C" lede_status_t lede_db_search(lede_results_t **out, lede_db_t *db,
                                        const lede_search_opts_t *opts) {
  *out = nullptr;
  for (int attempt = 0;; attempt++) {
    lede_results_t *res = static_cast<lede_results_t *>(lede_xcalloc(1, sizeof *res));
    try {
      run_search(res, db, opts);
      *out = res;
      return LEDE_OK;
    } catch (const Xapian::DatabaseModifiedError &) {
      lede_results_free(res);
      if (attempt >= 5)
        return lede_error(LEDE_ERR_MODIFIED, "%s: index kept changing during the search",
                          db->dir.c_str());
      try {
        reopen_reader(db);
      } catch (...) {
        return lede_xapian_error(db->dir.c_str());
      }
    } catch (...) {
      lede_results_free(res);
      return lede_xapian_error(db->dir.c_str());
    }
  }
}

static void free_strv(char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

extern "C" void lede_results_free(lede_results_t *res) {
  if (!res)
    return;
  for (size_t i = 0; i < res->nhits; i++) {
    lede_hit_t *h = &res->hits[i];
    free(h->text), free(h->source), free(h->date), free(h->title), free(h->path);
    free(h->place), free(h->article_id);
    free_strv(h->before, h->nbefore);
    free_strv(h->after, h->nafter);
  }
  free(res->hits);
  if (res->terms) {
    for (char **t = res->terms; *t; t++)
      free(*t);
    free(res->terms);
  }
  free(res->query), free(res->suggestion), free(res->warning);
  free(res);
}
