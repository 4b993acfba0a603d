/*
 * xapian_title.cc - title: searches through the article documents.
 *
 * Headline words are indexed once per article, on its article document
 * (prefix T; their wdf serves the article's ranking, xapian_rank.h), not on
 * each of its sentences. A title: part of a query
 * still matches sentences: every title term (or title wildcard) of the parsed
 * query is replaced by a posting source that lists the sentences of the
 * articles whose article document has it, found by the docid layout (an
 * article's sentences are the documents just below its article document,
 * whose value slot LEDE_SLOT_COUNT holds their number). It matches without
 * adding weight, as title terms did when sentences carried them (wdf 0).
 */
#include "xapian_internal.h"

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

namespace {

/* True for a title term: "T..." or its stem "ZT...". */
bool is_title_term(const std::string &t) {
  return (!t.empty() && t[0] == 'T') || (t.size() > 1 && t[0] == 'Z' && t[1] == 'T');
}

bool has_title(const Xapian::Query &q) {
  Xapian::Query::op op = q.get_type();
  if (op == Xapian::Query::LEAF_TERM)
    return q.get_terms_begin() != q.get_terms_end() && is_title_term(*q.get_terms_begin());
  for (size_t i = 0; i < q.get_num_subqueries(); i++)
    if (has_title(q.get_subquery(i)))
      return true;
  return false;
}

/* The sentences of a set of articles, as docid ranges [first, last] in
 * ascending order. Weight 0: a title: part filters, it does not score. */
class ArticleSentences : public Xapian::PostingSource {
  std::vector<std::pair<Xapian::docid, Xapian::docid>> ranges_;
  Xapian::doccount total_ = 0;
  size_t r_ = 0;
  Xapian::docid cur_ = 0;
  bool started_ = false;

  /* Moves to the first listed docid >= did. */
  void seek(Xapian::docid did) {
    while (r_ < ranges_.size() && ranges_[r_].second < did)
      r_++;
    if (r_ < ranges_.size())
      cur_ = std::max(did, ranges_[r_].first);
  }

public:
  explicit ArticleSentences(std::vector<std::pair<Xapian::docid, Xapian::docid>> ranges)
      : ranges_(std::move(ranges)) {
    for (const auto &r : ranges_)
      total_ += r.second - r.first + 1;
  }

  Xapian::doccount get_termfreq_min() const override {
    return total_;
  }
  Xapian::doccount get_termfreq_est() const override {
    return total_;
  }
  Xapian::doccount get_termfreq_max() const override {
    return total_;
  }

  void init(const Xapian::Database &) override {
    r_ = 0;
    cur_ = 0;
    started_ = false;
  }

  void next(double) override {
    if (!started_) {
      started_ = true;
      seek(1);
      return;
    }
    seek(cur_ + 1);
  }

  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    seek(std::max(did, cur_));
  }

  bool at_end() const override {
    return started_ && r_ >= ranges_.size();
  }

  Xapian::docid get_docid() const override {
    return cur_;
  }

  std::string name() const override {
    return "lede.ArticleSentences";
  }

  std::string get_description() const override {
    return "ArticleSentences(" + std::to_string(ranges_.size()) + " articles)";
  }
};

/* The posting source for the sentences of the article documents in ids
 * (ascending). */
Xapian::Query sentences_of(const Xapian::Database &x, const std::vector<Xapian::docid> &ids) {
  std::vector<std::pair<Xapian::docid, Xapian::docid>> ranges;
  ranges.reserve(ids.size());
  Xapian::ValueIterator v = x.valuestream_begin(LEDE_SLOT_COUNT);
  for (Xapian::docid art : ids) {
    v.skip_to(art);
    if (v == x.valuestream_end(LEDE_SLOT_COUNT))
      break;
    if (v.get_docid() != art)
      continue; /* not an article document */
    double n = Xapian::sortable_unserialise(*v);
    if (n >= 1 && n < art)
      ranges.emplace_back(art - (Xapian::docid)n, art - 1);
  }
  if (ranges.empty())
    return Xapian::Query::MatchNothing;
  return Xapian::Query((new ArticleSentences(std::move(ranges)))->release());
}

/* The sentences of the articles whose article document has a term of the
 * title subquery q (a term, or the synonyms a wildcard stands for). */
Xapian::Query title_sentences(const Xapian::Database &x, const Xapian::Query &q) {
  std::vector<Xapian::docid> ids;
  for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t)
    for (auto p = x.postlist_begin(*t); p != x.postlist_end(*t); ++p)
      ids.push_back(*p);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return sentences_of(x, ids);
}

/* A SCALE_WEIGHT's factor, from its description ("Query(2 * ...)"). */
double scale_factor(const Xapian::Query &q) {
  std::string desc = q.get_description();
  return desc.size() > 6 ? strtod(desc.c_str() + 6, nullptr) : 1;
}

} // namespace

Xapian::Query lede_query_rewrite(const Xapian::Query &q, const lede_query_rewriter &f) {
  Xapian::Query out;
  if (f(q, &out))
    return out;
  Xapian::Query::op op = q.get_type();
  switch (op) {
  case Xapian::Query::OP_SCALE_WEIGHT:
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, lede_query_rewrite(q.get_subquery(0), f),
                         scale_factor(q));
  case Xapian::Query::OP_AND:
  case Xapian::Query::OP_OR:
  case Xapian::Query::OP_AND_NOT:
  case Xapian::Query::OP_XOR:
  case Xapian::Query::OP_AND_MAYBE:
  case Xapian::Query::OP_FILTER:
  case Xapian::Query::OP_SYNONYM:
  case Xapian::Query::OP_MAX: {
    std::vector<Xapian::Query> subs;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
      subs.push_back(lede_query_rewrite(q.get_subquery(i), f));
    return Xapian::Query(op, subs.begin(), subs.end());
  }
  default:
    /* Nothing the parser makes around words (phrases hold terms only). */
    return q;
  }
}

Xapian::Query lede_title_rewrite(const Xapian::Database &x, const Xapian::Query &q) {
  return lede_query_rewrite(q, [&x](const Xapian::Query &sub, Xapian::Query *out) {
    if (!has_title(sub)) {
      *out = sub;
      return true;
    }
    switch (sub.get_type()) {
    case Xapian::Query::LEAF_TERM:
    case Xapian::Query::OP_SYNONYM: /* a title wildcard (lib/xapian_wildcard.cc) */
      *out = title_sentences(x, sub);
      return true;
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
      /* Title words have no positions, so a title phrase never matched. */
      *out = Xapian::Query::MatchNothing;
      return true;
    default: return false;
    }
  });
}
