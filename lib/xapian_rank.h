/*
 * xapian_rank.h - private to the Xapian wrapper: ranking passages with their
 * article's evidence (lib/xapian_rank.cc). See docs/ranking.md.
 *
 * A search scores each sentence as
 *     BM25(sentence) + w * BM25(its article's whole text and headline)
 * in two steps of stock Xapian parts: a search of the articles database
 * (BM25Weight with the article parameters) picks the best articles, and a
 * search of the sentences database (BM25Weight) adds their boosts through
 * one ValueMapPostingSource keyed by the article id. Every class in either
 * query is one a default Xapian::Registry knows, so xapian-tcpsrv can
 * answer both, and no docid is used: several indexes searched as one give
 * the answer one index holding all their articles would.
 */
#ifndef LEDE_XAPIAN_RANK_H
#define LEDE_XAPIAN_RANK_H

#include "xapian_internal.h"

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

/* The features the rerank stage adds to a hit's score (ledei_rerank()). */
struct ledei_rank_parts {
  double coverage = 0;         /* idf-weighted share of the query's words the sentence holds */
  double proximity = 0;        /* its query words over the shortest span holding them all */
  double answer = 0;           /* 1: it holds a thing of the kind the question asks for */
  double answer_weight = 0;    /* answer's weight: 0 unless the query asks for a date,
                                * a number or a name (xapian_rerank.cc) */
  double article_coverage = 0; /* for such a question: its article's BM25 x coverage */
  double article_coverage_weight = 0; /* its weight (0 for other queries) */
  double added = 0;                   /* what they add to the score, with their weights */
};

/* One ranked sentence: its docid and score, with its tie order. */
struct ledei_rank_hit {
  /* its record, read once for the hits returned (null if unreadable);
   * a pointer, so that the window's hits stay cheap to sort */
  std::shared_ptr<const ledei_doc_data> data;
  double weight;
  std::string date, key;            /* value slots LEDE_SLOT_DATE and LEDE_SLOT_ORDER */
  std::vector<ledei_doc_data> also; /* its other copies' records, in rank order */
  Xapian::docid did = 0;            /* in db->sentences() */
  std::string copies;               /* value slot LEDE_SLOT_COPIES */
  std::vector<Xapian::docid> also_ids;
  /* Over a served index: the article id of the hit (value slot
   * LEDE_SLOT_ARTICLE, handed over by its search as the collapse key) and
   * of each of also_ids, which name the articles whose sentences
   * ledei_served_values() reads. */
  std::string article;
  std::vector<std::string> also_articles;
  double boost = 0;              /* the part of weight that is its article's evidence */
  Xapian::docid article_did = 0; /* its article's document in db->articles(),
                                  * when the article step chose it */
  ledei_rank_parts parts;
};

/* What a page of results asks for. */
struct ledei_rank_page {
  unsigned offset, limit; /* hits offset+1 .. offset+limit */
  unsigned per_article;   /* at most this many hits per article; 0: any */
  bool by_date;           /* newest first, then by score */
  bool collapse;          /* copies make one hit; the page counts groups
                           * (docs/collapse.md) */
  lede_rank_t rank;       /* the options' ranking mode and weight */
  double rank_weight;     /* 0: RANK_ARTICLE_WEIGHT */
  const char *text;       /* the query as typed, for its answer type; may be null */
};

/* Whether every index searched is a local folder, not a served one. */
bool ledei_all_local(const lede_db_t *db);

/* Over a served index, which sends no value streams and answers a
 * document's request with a message a value: the values of slots a and b
 * (b may be Xapian::BAD_VALUENO) of the sentences which names (each a
 * docid in db->sentences() with its article id), all of them matches of q.
 * One search of those articles' sentences matching q, whose MSet hands
 * each match's value of a over as its sort key and of b as its collapse
 * key. A sentence not found there (none, unless q is not what found it)
 * is left out of the answer. */
struct ledei_served_value {
  std::string a, b;
};
std::unordered_map<Xapian::docid, ledei_served_value>
ledei_served_values(lede_db_t *db, const Xapian::Query &q,
                    const std::vector<std::pair<Xapian::docid, std::string>> &which,
                    Xapian::valueno a, Xapian::valueno b);

/* The weight page gives an article's BM25 (0: no article evidence). */
double ledei_rank_article_weight(const ledei_rank_page &page);

/* How many sentences match: exact, or Xapian's estimate. */
struct ledei_rank_total {
  Xapian::doccount count;
  bool exact;
};

/* Ranks the sentences matching q (filtered already by filter, the boolean
 * part of the options, which the article step applies too) and sets *hits
 * to the page asked for, best first; equal scores in the tie order.
 * Returns the number of matching sentences: exact when at most 100 more
 * than the page's end match, else Xapian's estimate. With page.collapse,
 * hits are groups of copies (each hit's also holds the others) and the
 * number counts groups: exact when every match was read, else Xapian's
 * estimate scaled by the groups per hit of those read. page.rank and
 * page.rank_weight select the reference rankings used by scripts/eval. */
ledei_rank_total ledei_rank_search(std::vector<ledei_rank_hit> *hits, lede_db_t *db,
                                   const Xapian::Query &q, const Xapian::Query &filter,
                                   const ledei_rank_page &page);

/* The weighting of a search of x for q whose weights are not used
 * (counts, lists of documents, searches sorted on a value): BoolWeight,
 * unless a term of q indexes every document of an index searched, local
 * or served. Under a scheme that needs no wdf, Xapian 1.4 reads such a
 * term from the database's list of all documents, and reading that list
 * on past its first chunk fails ("Unexpected end of posting list", a
 * DatabaseCorruptError of a sound index) once a deleted document left a
 * gap in the docids; then BM25 with k1 = 1 and b = k2 = k3 = 0, which
 * needs each term's wdf and no document length. It reads every match (a weighed search stops at
 * check_at_least only when nothing left can weigh more) and orders by weight. */
const Xapian::Weight &ledei_unweighted(lede_db_t *db, const Xapian::Database &x,
                                       const Xapian::Query &q);

/* Runs enq (a prepared search) and records its query for db->trace. */
Xapian::MSet ledei_get_mset(lede_db_t *db, Xapian::Enquire &enq, const Xapian::Query &q,
                            const Xapian::Weight &w, Xapian::doccount first, Xapian::doccount max,
                            Xapian::doccount check_at_least = 0);

/* A word of a query: its stem, or the stems of the forms it is searched
 * in as one word (a number's "Z1000" and "Z1,000"), sorted. */
typedef std::vector<std::string> ledei_query_word;

/* The free-text words that count for q (not under AND_NOT, filters or
 * wildcards), with their frequencies. */
void ledei_rank_query_terms(const Xapian::Query &q, std::map<ledei_query_word, unsigned> *out);

/* The rerank stage (lib/xapian_rerank.cc): adds to the weight of each hit
 * of all its features, each times its weight (the feature weights); text,
 * the query as typed (or null), says what kind of answer a question asks
 * for; boosts are the chosen articles' ids and boosts, article_weight the
 * weight that made them. */
void ledei_rerank(std::vector<ledei_rank_hit> *all, lede_db_t *db, const Xapian::Query &q,
                  const char *text, const std::vector<std::pair<std::string, double>> &boosts,
                  double article_weight);

/* The feature weights of ledei_rerank(), for --explain. */
extern const double ledei_rerank_coverage, ledei_rerank_proximity, ledei_rerank_answer,
    ledei_rerank_article_coverage;

/* q without the question words ("what", "who"...) among its ORed words
 * when text reads as a question and other words remain; else q. */
Xapian::Query ledei_rank_question(const Xapian::Query &q, const std::string &text,
                                  const Xapian::Stem &stem);

#endif
