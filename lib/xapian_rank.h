/*
 * xapian_rank.h - private to the Xapian wrapper: ranking passages with their
 * article's evidence (lib/xapian_rank.cc). See docs/ranking.md.
 *
 * Besides one document per sentence, every article has one "article
 * document" in the same database: its headline's stems (prefix T, each
 * occurrence counted LEDE_HEADLINE_WDF times), its boolean filter terms
 * (source, place, date) and the same article-id term as its sentences, so
 * deleting an article by that term drops both kinds in one operation, and
 * two marker terms whose wdfs give its length. It holds no sentence words:
 * an article's count of a word is read from its sentences' postings (an
 * article's sentences have the docids right below its article document)
 * when a search starts. Article documents never match a sentence query, and
 * the BM25 statistics of each kind are kept apart (document counts and total
 * lengths of article documents come from the markers), so neither distorts
 * the other's length normalisation.
 *
 * A search then scores each sentence as
 *     BM25(sentence) + w * BM25(its article's whole text and headline)
 * so hits stay sentences, the best sentence of an article comes first, and
 * articles are ordered with their whole text taken into account.
 */
#ifndef LEDE_XAPIAN_RANK_H
#define LEDE_XAPIAN_RANK_H

#include "xapian_internal.h"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

/* How often each headline word counts in its article's text (a headline
 * word says more about the article than a body word): the wdf increment of
 * the headline's "ZT" stems on the article document. */
#define LEDE_HEADLINE_WDF 2
/* Adds the marker terms to doc, an article document holding its headline's
 * stems and nothing else of weight yet; text_len is the number of words of
 * its sentences. The caller adds the terms and values an article's
 * sentences share and the data. */
void lede_rank_article_doc(Xapian::Document &doc, Xapian::termcount text_len);

/* Number of sentence documents: all documents minus article documents. */
Xapian::doccount lede_rank_sentence_count(const Xapian::Database &x);

/* 1 when doc is an article document. */
bool lede_rank_is_article_doc(const Xapian::Document &doc);

/* One ranked sentence: its document and its score. */
struct lede_rank_hit {
  Xapian::docid did;
  double weight;
};

/* What a page of results asks for. */
struct lede_rank_page {
  unsigned offset, limit; /* hits offset+1 .. offset+limit */
  unsigned per_article;   /* at most this many hits per article; 0: any */
  bool by_date;           /* newest first, then by score */
};

/* One article's count of a word: the sum over its sentences plus its
 * headline's (already weighted on the article document), with the
 * article's docid and length. */
struct lede_article_wdf {
  Xapian::docid did;
  Xapian::termcount len, wdf;
};

/* Every article document's docid and its length (the marker term's wdf),
 * in docid order: an article's sentences are the docids between the
 * previous article document and its own. Also the articles of each word
 * searched so far in this snapshot (by sentence stem), which a process
 * answering many queries reuses: common words come back often, and theirs
 * are the longest walks. Once past LEDE_ARTICLE_WORDS_MAX entries in all,
 * the words are forgotten at the next search and gathered again. */
#define LEDE_ARTICLE_WORDS_MAX 2000000
struct lede_article_map {
  std::vector<Xapian::docid> docs;
  std::vector<Xapian::termcount> len;
  mutable std::unordered_map<std::string, std::vector<lede_article_wdf>> words;
  mutable size_t words_entries = 0;
};

/* Reads the article map of x (one walk of the marker term's postings: worth
 * it for a process answering many queries from one snapshot). */
std::shared_ptr<const lede_article_map> lede_rank_load_articles(const Xapian::Database &x);

/* Ranks the sentences matching q (which may carry filter, the boolean part
 * of the query) and sets *hits to the page asked for, best first. Returns
 * Xapian's estimate of the number of matching sentences. Article documents
 * are never returned. LEDE_RANK=sentence|article and LEDE_RANK_WEIGHT=w in
 * the environment select the reference rankings used by scripts/eval. map
 * (from lede_rank_load_articles() on the same snapshot of x, or null) saves
 * reading article lengths and sentence ranges from the index. */
Xapian::doccount lede_rank_search(std::vector<lede_rank_hit> *hits, Xapian::Database &x,
                                  const Xapian::Query &q, const Xapian::Query &filter,
                                  const lede_rank_page &page,
                                  const std::shared_ptr<const lede_article_map> &map);

#endif
