/*
 * xapian_rerank.cc - the rerank stage (issue #18): the hits the stock
 * search ranked (sentence BM25 + the article's boost) are scored again in
 * lede's own code with what Xapian's matcher does not see: how much of the
 * query the sentence itself holds and how close its words sit; and a
 * question's own words ("what", "did") are left out of its ranking. See
 * docs/ranking.md, "Rerank".
 *
 * Every feature comes from the documents and the combined database's
 * statistics, never from docids or shard layout, so the order is the same
 * over one index or several.
 */
#include "xapian_rank.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <vector>

/* The features' weights, learned by coordinate ascent on the training
 * sets (scripts/dev/rank-learn; docs/eval.md, "Rerank"). */
const double ledei_rerank_coverage = 10.0;
const double ledei_rerank_proximity = 3.0;

namespace {

/* A query's distinct words with their weight (idf over sentences), in
 * term order. */
struct query_word {
  std::string term;
  double idf;
};

/* Positions of the query's words in one sentence: for each word of the
 * query (by its index), its positions; empty when the sentence lacks it.
 * With fewer than two of the words, each held word has {0} (proximity
 * needs none). */
typedef std::vector<std::vector<Xapian::termpos>> word_positions;

/* held[i]: the indexes in qw of the words hit i holds. Locally each word's
 * postings are skipped through in docid order, a few blocks of the
 * posting table a word; a term list costs a zlib inflate a hit (Glass
 * compresses them: 47,000 instructions each on Reuters, docs/bench-query.md),
 * so only a served index, which would send whole posting lists, reads them. */
std::vector<std::vector<size_t>> words_held(lede_db_t *db, Xapian::Database &x,
                                            const std::vector<ledei_rank_hit> &hits,
                                            const std::vector<size_t> &by_did,
                                            const std::vector<query_word> &qw) {
  std::vector<std::vector<size_t>> held(hits.size());
  if (!ledei_all_local(db)) { /* a served index hands a posting list over whole */
    for (size_t i : by_did) {
      Xapian::TermIterator t = x.termlist_begin(hits[i].did), end = x.termlist_end(hits[i].did);
      for (size_t k = 0; k < qw.size(); k++) {
        t.skip_to(qw[k].term);
        if (t == end)
          break;
        if (*t == qw[k].term)
          held[i].push_back(k);
      }
    }
    return held;
  }
  for (size_t k = 0; k < qw.size(); k++) {
    Xapian::PostingIterator p = x.postlist_begin(qw[k].term), end = x.postlist_end(qw[k].term);
    for (size_t i : by_did) {
      p.skip_to(hits[i].did);
      if (p == end)
        break;
      if (*p == hits[i].did)
        held[i].push_back(k);
    }
  }
  return held;
}

/* The query words' positions in each hit. Only a hit holding two or more
 * words has its positions read (on Reuters two thirds of the position
 * blocks read were for hits holding one word), word by word in docid
 * order, as the position table keys them. */
std::vector<word_positions> positions_of(lede_db_t *db, Xapian::Database &x,
                                         const std::vector<ledei_rank_hit> &hits,
                                         const std::vector<query_word> &qw) {
  std::vector<size_t> by_did(hits.size());
  for (size_t i = 0; i < hits.size(); i++)
    by_did[i] = i;
  std::sort(by_did.begin(), by_did.end(),
            [&](size_t a, size_t b) { return hits[a].did < hits[b].did; });
  std::vector<std::vector<size_t>> held = words_held(db, x, hits, by_did, qw);
  std::vector<word_positions> out(hits.size(), word_positions(qw.size()));
  for (size_t i = 0; i < hits.size(); i++)
    if (held[i].size() < 2)
      for (size_t k : held[i])
        out[i][k].push_back(0);
  for (size_t k = 0; k < qw.size(); k++)
    for (size_t i : by_did) {
      if (held[i].size() < 2 || std::find(held[i].begin(), held[i].end(), k) == held[i].end())
        continue;
      std::vector<Xapian::termpos> &ps = out[i][k];
      for (auto p = x.positionlist_begin(hits[i].did, qw[k].term); p != Xapian::PositionIterator();
           ++p)
        ps.push_back(*p);
      if (ps.empty()) /* a word without positions is there all the same */
        ps.push_back(0);
    }
  return out;
}

/* The idf-weighted share of the query's words that wp holds. */
double share(const word_positions &wp, const std::vector<query_word> &qw, double total) {
  double s = 0;
  for (size_t k = 0; k < qw.size(); k++)
    if (!wp[k].empty())
      s += qw[k].idf;
  return total > 0 ? s / total : 0;
}

/* How close the sentence's query words sit: the number of distinct words
 * over the shortest span of positions holding them all (1: side by side);
 * 0 with fewer than two. */
double closeness(const word_positions &wp) {
  std::vector<std::pair<Xapian::termpos, size_t>> all;
  size_t k = 0;
  for (const std::vector<Xapian::termpos> &ps : wp) {
    if (ps.empty())
      continue;
    for (Xapian::termpos p : ps)
      all.emplace_back(p, k);
    k++;
  }
  const size_t words = k;
  if (words < 2)
    return 0;
  std::sort(all.begin(), all.end());
  std::vector<size_t> seen(words, 0);
  size_t have = 0, lo = 0;
  Xapian::termpos best = 0;
  bool found = false;
  for (size_t hi = 0; hi < all.size(); hi++) {
    if (seen[all[hi].second]++ == 0)
      have++;
    while (have == words) {
      Xapian::termpos span = all[hi].first - all[lo].first + 1;
      if (!found || span < best)
        best = span, found = true;
      if (--seen[all[lo].second] == 0)
        have--;
      lo++;
    }
  }
  return found ? std::min(1.0, (double)words / best) : 0;
}

/* Words that ask rather than say ("how many", "did ... do"): a sentence
 * that answers a question rarely holds them, so matching them only
 * favours other questions and asides ("what they are doing"). */
const char *const question_words[] = {"what", "who", "whom", "whose", "which", "when", "where",
                                      "why",  "how", "did",  "does",  "do",    "were", "has",
                                      "have", "had", "many", "much",  nullptr};

/* 1 when text reads as a question: it ends with '?' or starts with a
 * question word. */
bool is_question(const std::string &text) {
  size_t e = text.find_last_not_of(" \t\n");
  if (e != std::string::npos && text[e] == '?')
    return true;
  size_t b = text.find_first_not_of(" \t\n");
  if (b == std::string::npos)
    return false;
  size_t n = b;
  while (n < text.size() && isalpha((unsigned char)text[n]))
    n++;
  std::string first = text.substr(b, n - b);
  for (char &c : first)
    c = (char)tolower((unsigned char)c);
  for (const char *const *w = question_words; *w; w++)
    if (first == *w)
      return true;
  return false;
}

} // namespace

void ledei_rerank(std::vector<ledei_rank_hit> *all, lede_db_t *db, const Xapian::Query &q) {
  if (all->empty())
    return;
  Xapian::Database &x = db->sentences();
  std::map<std::string, unsigned> terms;
  ledei_rank_query_terms(q, &terms);
  std::vector<query_word> qw;
  double total = 0, n = (double)std::max<Xapian::doccount>(1, x.get_doccount());
  for (const auto &kv : terms) {
    Xapian::doccount df = x.get_termfreq(kv.first);
    if (df == 0)
      continue;
    double idf = std::log(1 + n / df);
    qw.push_back({kv.first, idf});
    total += idf;
  }
  if (qw.empty())
    return;
  std::vector<word_positions> wps = positions_of(db, x, *all, qw);
  for (size_t i = 0; i < all->size(); i++) {
    ledei_rank_parts &p = (*all)[i].parts;
    p.coverage = share(wps[i], qw, total);
    p.proximity = closeness(wps[i]);
    p.added = ledei_rerank_coverage * p.coverage + ledei_rerank_proximity * p.proximity;
    (*all)[i].weight += p.added;
  }
}

Xapian::Query ledei_rank_question(const Xapian::Query &q, const std::string &text,
                                  const Xapian::Stem &stem) {
  if (!is_question(text))
    return q;
  if (q.get_type() == Xapian::Query::OP_FILTER)
    return Xapian::Query(Xapian::Query::OP_FILTER,
                         ledei_rank_question(q.get_subquery(0), text, stem), q.get_subquery(1));
  if (q.get_type() != Xapian::Query::OP_OR)
    return q;
  std::set<std::string> drop;
  for (const char *const *w = question_words; *w; w++)
    drop.insert("Z" + stem(*w));
  std::vector<Xapian::Query> keep;
  bool words_left = false;
  for (size_t i = 0; i < q.get_num_subqueries(); i++) {
    Xapian::Query sub = q.get_subquery(i);
    bool leaf = sub.get_type() == Xapian::Query::LEAF_TERM;
    std::string term = leaf ? *sub.get_terms_begin() : "";
    if (leaf && drop.count(term))
      continue;
    words_left |= !leaf || ledei_is_text_stem(term);
    keep.push_back(sub);
  }
  if (!words_left || keep.size() == q.get_num_subqueries())
    return q;
  return Xapian::Query(Xapian::Query::OP_OR, keep.begin(), keep.end());
}
