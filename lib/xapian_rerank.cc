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

/* The features' weights, learned by coordinate ascent on the training
 * sets (scripts/dev/rank-learn; docs/eval.md, "Rerank"). */
const double ledei_rerank_coverage = 4.0;
const double ledei_rerank_proximity = 3.0;

namespace {

/* A query's distinct words with their weight (idf over sentences). */
typedef std::map<std::string, double> term_weights;

/* Positions of the query's words in one sentence, by word. */
typedef std::map<std::string, std::vector<Xapian::termpos>> word_positions;

word_positions positions_in(Xapian::Database &x, Xapian::docid did, const term_weights &qt) {
  word_positions out;
  Xapian::TermIterator t = x.termlist_begin(did), end = x.termlist_end(did);
  for (const auto &kv : qt) {
    t.skip_to(kv.first);
    if (t == end)
      break;
    if (*t != kv.first)
      continue;
    std::vector<Xapian::termpos> &ps = out[kv.first];
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
      ps.push_back(*p);
    if (ps.empty()) /* a figure's term has no position; it is there all the same */
      ps.push_back(0);
  }
  return out;
}

/* The idf-weighted share of qt's words that words holds. */
double share(const std::set<std::string> &words, const term_weights &qt, double total) {
  double s = 0;
  for (const std::string &w : words)
    s += qt.at(w);
  return total > 0 ? s / total : 0;
}

/* How close the sentence's query words sit: the number of distinct words
 * over the shortest span of positions holding them all (1: side by side);
 * 0 with fewer than two. */
double closeness(const word_positions &wp) {
  if (wp.size() < 2)
    return 0;
  std::vector<std::pair<Xapian::termpos, size_t>> all;
  size_t k = 0;
  for (const auto &kv : wp) {
    for (Xapian::termpos p : kv.second)
      all.emplace_back(p, k);
    k++;
  }
  std::sort(all.begin(), all.end());
  std::vector<size_t> seen(wp.size(), 0);
  size_t have = 0, lo = 0;
  Xapian::termpos best = 0;
  bool found = false;
  for (size_t hi = 0; hi < all.size(); hi++) {
    if (seen[all[hi].second]++ == 0)
      have++;
    while (have == wp.size()) {
      Xapian::termpos span = all[hi].first - all[lo].first + 1;
      if (!found || span < best)
        best = span, found = true;
      if (--seen[all[lo].second] == 0)
        have--;
      lo++;
    }
  }
  return found ? std::min(1.0, (double)wp.size() / best) : 0;
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
  term_weights qt;
  double total = 0, n = (double)std::max<Xapian::doccount>(1, x.get_doccount());
  for (const auto &kv : terms) {
    Xapian::doccount df = x.get_termfreq(kv.first);
    if (df == 0)
      continue;
    double idf = std::log(1 + n / df);
    qt[kv.first] = idf;
    total += idf;
  }
  if (qt.empty())
    return;
  for (ledei_rank_hit &h : *all) {
    word_positions wp = positions_in(x, h.did, qt);
    std::set<std::string> own;
    for (const auto &kv : wp)
      own.insert(kv.first);
    ledei_rank_parts &p = h.parts;
    p.coverage = share(own, qt, total);
    p.proximity = closeness(wp);
    p.added = ledei_rerank_coverage * p.coverage + ledei_rerank_proximity * p.proximity;
    h.weight += p.added;
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
