/*
 * xapian_rank.cc - ranking passages with their article's evidence; see
 * xapian_rank.h for the model and docs/ranking.md for the numbers behind it.
 */
#include "xapian_rank.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <unordered_map>
#include <vector>

/* BM25 parameters (docs/ranking.md has the measurements behind them).
 * Sentences: Xapian's defaults. Articles: Robertson's usual k1 = 1.2 and
 * b = 0.75, better than Xapian's on both test collections. */
static const double RANK_SENTENCE_K1 = 1.0;
static const double RANK_SENTENCE_B = 0.5;
static const double RANK_ARTICLE_K1 = 1.2;
static const double RANK_ARTICLE_B = 0.75;
static const double RANK_K3 = 1.0;
static const double RANK_MIN_NORMLEN = 0.5;

/* How often the headline counts in the article's text (a headline word says
 * more about the article than a body word). */
static const Xapian::termcount RANK_HEADLINE_WDF = 2;

/* Weight of the article's BM25 against its sentence's: the article decides
 * the order of articles, the sentence the order within one and ties. Any
 * weight from 3 to 8 scores within 0.001 nDCG@10 of this one. */
static const double RANK_ARTICLE_WEIGHT = 4.0;

/* Articles scored for a page ending at hit `depth`; others get no
 * evidence. The more are scored, the slower a query (the article search
 * prunes less). With only 30 for 10 hits, SciFact's nDCG@10 is the same as
 * with 2,100 (0.6974) and Cranfield's 0.3785 against 0.3805
 * (docs/ranking.md). */
static unsigned article_depth(unsigned depth) {
  return depth + 20;
}

namespace {

/* BM25's per-term factor: idf (with Xapian's floor for terms in most
 * documents), the query-term frequency through k3, and k1 + 1. tf is capped
 * at n_docs: a synonym's (wildcard's) term frequency is an estimate that
 * may exceed the count of the kind of document scored. */
double bm25_term_weight(double termfreq, double n_docs, double wqf, double k1, double factor) {
  double tf = std::min(termfreq, n_docs);
  double tw = (n_docs - tf + 0.5) / (tf + 0.5);
  if (tw < 2) /* a term in most documents: a small positive weight */
    tw = tw * 0.5 + 1;
  return std::log(tw) * factor * (RANK_K3 + 1) * wqf / (RANK_K3 + wqf) * (k1 + 1);
}

/* BM25's length normalisation K for a length relative to the average. */
double bm25_k(double normlen, double k1, double b) {
  return k1 * (std::max(normlen, RANK_MIN_NORMLEN) * b + (1 - b));
}

/* BM25 as Xapian::BM25Weight computes it (same idf floor, k3 on the
 * query-term frequency, minimum normalised length), except that k1, b, the
 * collection size and the average document length are given rather than
 * read from the database: sentences and article documents share one database
 * but each kind is scored with its own statistics. */
class LedeBM25 : public Xapian::Weight {
  double n_docs_, avg_len_, k1_, b_;
  double termweight_ = 0, len_factor_ = 0;

public:
  LedeBM25(double n_docs, double avg_len, double k1, double b)
      : n_docs_(n_docs), avg_len_(avg_len), k1_(k1), b_(b) {
    need_stat(TERMFREQ);
    need_stat(WQF);
    need_stat(WDF);
    need_stat(WDF_MAX);
    need_stat(DOC_LENGTH);
    need_stat(DOC_LENGTH_MIN);
  }

  std::string name() const override {
    return "lede.BM25";
  }

  Xapian::Weight *clone() const override {
    return new LedeBM25(n_docs_, avg_len_, k1_, b_);
  }

  void init(double factor) override {
    termweight_ = bm25_term_weight(get_termfreq(), n_docs_, get_wqf(), k1_, factor);
    len_factor_ = avg_len_ > 0 ? 1 / avg_len_ : 0;
  }

  double get_sumpart(Xapian::termcount wdf, Xapian::termcount len,
                     Xapian::termcount) const override {
    double w = wdf;
    return termweight_ * (w / (bm25_k(len * len_factor_, k1_, b_) + w));
  }

  double get_maxpart() const override {
    /* Evaluated at the smallest length a document holding wdf_max can have. */
    double wdf_max = get_wdf_upper_bound();
    double lb = std::max((double)get_doclength_lower_bound(), wdf_max);
    return termweight_ * (wdf_max / (bm25_k(lb * len_factor_, k1_, b_) + wdf_max));
  }

  double get_sumextra(Xapian::termcount, Xapian::termcount) const override {
    return 0;
  }
  double get_maxextra() const override {
    return 0;
  }
};

/* The sentences of the best-scored articles, each with its article's
 * boost: a sorted list of disjoint docid ranges (an article's sentences have
 * the docids right below its article document). Combined with AND, it
 * restricts a sentence query to those articles and adds the boost without
 * reading anything per candidate; with AND_NOT, it excludes them. */
class ArticleRanges : public Xapian::PostingSource {
public:
  struct range {
    Xapian::docid first, last;
    double boost;
  };

private:
  std::vector<range> ranges_; /* sorted by first, disjoint */
  double max_ = 0;
  Xapian::doccount count_ = 0;
  size_t cur_ = 0;
  Xapian::docid did_ = 0;
  bool started_ = false;

  void start() {
    started_ = true;
    cur_ = 0;
    did_ = ranges_.empty() ? 0 : ranges_[0].first;
  }

public:
  /* rs need not be sorted; ranges must not overlap. */
  explicit ArticleRanges(std::vector<range> rs) : ranges_(std::move(rs)) {
    std::sort(ranges_.begin(), ranges_.end(),
              [](const range &a, const range &b) { return a.first < b.first; });
    for (const range &r : ranges_) {
      max_ = std::max(max_, r.boost);
      count_ += r.last - r.first + 1;
    }
  }

  Xapian::doccount get_termfreq_min() const override {
    return 0;
  }
  Xapian::doccount get_termfreq_est() const override {
    return count_;
  }
  Xapian::doccount get_termfreq_max() const override {
    return count_;
  }

  void init(const Xapian::Database &) override {
    started_ = false;
    cur_ = 0;
    did_ = 0;
    set_maxweight(max_);
  }

  void next(double) override {
    if (!started_) {
      start();
      return;
    }
    if (cur_ >= ranges_.size())
      return;
    if (did_ < ranges_[cur_].last) {
      did_++;
    } else if (++cur_ < ranges_.size()) {
      did_ = ranges_[cur_].first;
    }
  }

  void skip_to(Xapian::docid did, double) override {
    if (!started_)
      start();
    if (cur_ >= ranges_.size() || did <= did_)
      return;
    while (cur_ < ranges_.size() && ranges_[cur_].last < did)
      cur_++;
    if (cur_ < ranges_.size())
      did_ = std::max(did, ranges_[cur_].first);
  }

  bool at_end() const override {
    return started_ && cur_ >= ranges_.size();
  }

  Xapian::docid get_docid() const override {
    return did_;
  }

  double get_weight() const override {
    return cur_ < ranges_.size() ? ranges_[cur_].boost : 0;
  }

  ArticleRanges *clone() const override {
    return new ArticleRanges(ranges_);
  }

  std::string name() const override {
    return "lede.ArticleRanges";
  }
};

/* BM25 of article documents for a bag of words, as LedeBM25 computes it,
 * but with each article's length read from the marker term's postings
 * (its wdf is half the article document's length) instead of Xapian's
 * document lengths, which list every sentence too (looking those up for
 * each candidate took most of the article search). */
class ArticleScorer : public Xapian::PostingSource {
  struct term {
    std::string name;
    unsigned wqf;
    double tw = 0;
    Xapian::PostingIterator it, end;
  };
  std::vector<term> terms_;
  double n_docs_, avg_len_, k1_, b_;
  /* Article lengths: from the map when there is one, else along the
   * marker's postings. */
  std::shared_ptr<const lede_article_map> map_;
  size_t map_pos_ = 0;
  Xapian::PostingIterator len_, len_end_;
  double k_min_ = 0; /* BM25's length factor at the shortest length */
  Xapian::docid did_ = 0;
  double weight_ = 0;
  bool started_ = false, done_ = false;
  Xapian::doccount tf_min_ = 0, tf_max_ = 0;

  /* Moves to the first docid >= from that holds a term and could weigh at
   * least min_wt, and scores it. The bound, from the term counts alone at
   * the shortest length, lets most candidates go without looking up their
   * length once the page of articles is full (Xapian then passes the
   * lowest weight that could still enter it). */
  void advance_to(Xapian::docid from, double min_wt) {
    for (;;) {
      Xapian::docid best = 0;
      for (term &t : terms_) {
        if (t.it == t.end)
          continue;
        if (*t.it < from)
          t.it.skip_to(from);
        if (t.it != t.end && (best == 0 || *t.it < best))
          best = *t.it;
      }
      if (best == 0) {
        done_ = true;
        return;
      }
      did_ = best;
      double bound = 0;
      for (term &t : terms_)
        if (t.it != t.end && *t.it == did_) {
          double w = t.it.get_wdf();
          bound += t.tw * (w / (k_min_ + w));
        }
      if (bound < min_wt) {
        from = did_ + 1;
        continue;
      }
      double len = 0;
      if (map_) {
        const std::vector<Xapian::docid> &docs = map_->docs;
        map_pos_ = std::lower_bound(docs.begin() + map_pos_, docs.end(), did_) - docs.begin();
        if (map_pos_ < docs.size() && docs[map_pos_] == did_)
          len = 2.0 * map_->half_len[map_pos_];
      } else {
        if (len_ != len_end_ && *len_ < did_)
          len_.skip_to(did_);
        if (len_ != len_end_ && *len_ == did_)
          len = 2.0 * len_.get_wdf();
      }
      double k = bm25_k(len / avg_len_, k1_, b_);
      weight_ = 0;
      for (term &t : terms_)
        if (t.it != t.end && *t.it == did_) {
          double w = t.it.get_wdf();
          weight_ += t.tw * (w / (k + w));
        }
      return;
    }
  }

public:
  ArticleScorer(const std::vector<std::pair<std::string, unsigned>> &terms, double n_docs,
                double avg_len, double k1, double b, std::shared_ptr<const lede_article_map> map)
      : n_docs_(n_docs), avg_len_(avg_len), k1_(k1), b_(b), map_(std::move(map)) {
    for (const auto &t : terms) {
      terms_.emplace_back();
      terms_.back().name = t.first;
      terms_.back().wqf = t.second;
    }
  }

  void init(const Xapian::Database &db) override {
    did_ = 0, weight_ = 0, started_ = done_ = false;
    tf_min_ = tf_max_ = 0;
    k_min_ = bm25_k(RANK_MIN_NORMLEN, k1_, b_);
    double maxw = 0;
    for (term &t : terms_) {
      Xapian::doccount termfreq = db.get_termfreq(t.name);
      t.tw = bm25_term_weight(termfreq, n_docs_, t.wqf, k1_, 1.0);
      t.it = db.postlist_begin(t.name);
      t.end = db.postlist_end(t.name);
      double wdf_max = termfreq ? db.get_wdf_upper_bound(t.name) : 0;
      if (wdf_max > 0)
        maxw += t.tw * (wdf_max / (k_min_ + wdf_max));
      tf_min_ = std::max(tf_min_, termfreq);
      tf_max_ += termfreq;
    }
    tf_max_ = std::min<Xapian::doccount>(tf_max_, (Xapian::doccount)n_docs_);
    tf_min_ = std::min(tf_min_, tf_max_);
    map_pos_ = 0;
    if (!map_) {
      len_ = db.postlist_begin(LEDE_TERM_ARTICLE_DOC);
      len_end_ = db.postlist_end(LEDE_TERM_ARTICLE_DOC);
    }
    set_maxweight(maxw);
  }

  Xapian::doccount get_termfreq_min() const override {
    return tf_min_;
  }
  Xapian::doccount get_termfreq_est() const override {
    return tf_max_;
  }
  Xapian::doccount get_termfreq_max() const override {
    return tf_max_;
  }

  void next(double min_wt) override {
    if (done_)
      return;
    Xapian::docid from = started_ ? did_ + 1 : 1;
    started_ = true;
    advance_to(from, min_wt);
  }

  void skip_to(Xapian::docid did, double min_wt) override {
    if (done_ || (started_ && did <= did_))
      return;
    started_ = true;
    advance_to(did, min_wt);
  }

  bool at_end() const override {
    return done_;
  }

  Xapian::docid get_docid() const override {
    return did_;
  }

  double get_weight() const override {
    return weight_;
  }

  ArticleScorer *clone() const override {
    std::vector<std::pair<std::string, unsigned>> terms;
    for (const term &t : terms_)
      terms.emplace_back(t.name, t.wqf);
    return new ArticleScorer(terms, n_docs_, avg_len_, k1_, b_, map_);
  }

  std::string name() const override {
    return "lede.ArticleScorer";
  }
};

/* Per-kind collection statistics. */
struct kind_stats {
  double sentences, sentence_avg, articles, article_avg;
};

kind_stats read_stats(const Xapian::Database &x) {
  kind_stats s;
  double all = x.get_doccount();
  double total = (double)x.get_total_length();
  s.articles = x.get_termfreq(LEDE_TERM_ARTICLE_DOC);
  double text = (double)x.get_collection_freq(LEDE_TERM_ARTICLE_DOC);
  s.sentences = all - s.articles;
  /* An article document's length is twice its text (the marker's wdf). */
  s.sentence_avg = s.sentences > 0 ? (total - 2 * text) / s.sentences : 1;
  s.article_avg = s.articles > 0 ? 2 * text / s.articles : 1;
  if (!(s.sentence_avg > 0))
    s.sentence_avg = 1;
  if (!(s.article_avg > 0))
    s.article_avg = 1;
  return s;
}

/* Collects the free-text terms of q that count for it (not those under the
 * right side of AND_NOT, nor boolean filters, nor the stems a wildcard
 * stands for, an OP_SYNONYM: up to 100 of them would each add an article
 * score), with their frequencies. */
void positive_terms(const Xapian::Query &q, std::map<std::string, unsigned> *out) {
  Xapian::Query::op op = q.get_type();
  if (op == Xapian::Query::OP_SYNONYM)
    return;
  if (op == Xapian::Query::LEAF_TERM) {
    for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
      if (lede_is_text_stem(*t))
        (*out)[*t]++;
    return;
  }
  size_t n = q.get_num_subqueries();
  if (op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_FILTER)
    n = std::min<size_t>(n, 1);
  for (size_t i = 0; i < n; i++)
    positive_terms(q.get_subquery(i), out);
}

/* The article-level query: q's words as a bag under the article prefix,
 * with their query frequencies. */
std::vector<std::pair<std::string, unsigned>> article_terms(const Xapian::Query &q) {
  std::map<std::string, unsigned> terms;
  positive_terms(q, &terms);
  std::vector<std::pair<std::string, unsigned>> out;
  for (const auto &kv : terms)
    out.emplace_back("Z" LEDE_PREFIX_ARTICLE_TEXT + kv.first.substr(1), kv.second);
  return out;
}

/* A number from the environment, or dflt when unset or malformed. */
double env_number(const char *name, double dflt) {
  const char *v = getenv(name);
  if (!v || !*v)
    return dflt;
  char *end;
  double d = strtod(v, &end);
  return (*end || !(d >= 0)) ? dflt : d;
}

} // namespace

void lede_rank_article_doc(Xapian::Document &doc, const lede_article_t *a, const Xapian::Stem &stem,
                           const lede_term_counts &text_terms) {
  if (a->title && *a->title) {
    Xapian::TermGenerator tg;
    tg.set_stemmer(stem);
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    tg.set_document(doc);
    tg.index_text_without_positions(a->title, RANK_HEADLINE_WDF, LEDE_PREFIX_ARTICLE_TEXT);
  }
  /* The sentences' words, as their own documents counted them: the same
   * terms TermGenerator would give the whole text, without tokenising and
   * stemming it a second time. */
  for (const auto &kv : text_terms)
    doc.add_term("Z" LEDE_PREFIX_ARTICLE_TEXT + kv.first.substr(1), kv.second);
  Xapian::termcount len = 0;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    len += t.get_wdf();
  doc.add_term(LEDE_TERM_ARTICLE_DOC, len);
}

void lede_rank_count_text_terms(lede_term_counts *counts, const Xapian::Document &doc) {
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    if (lede_is_text_stem(*t))
      (*counts)[*t] += t.get_wdf();
}

bool lede_rank_is_article_doc(const Xapian::Document &doc) {
  Xapian::TermIterator t = doc.termlist_begin();
  t.skip_to(LEDE_TERM_ARTICLE_DOC);
  return t != doc.termlist_end() && *t == LEDE_TERM_ARTICLE_DOC;
}

Xapian::doccount lede_rank_sentence_count(const Xapian::Database &x) {
  return x.get_doccount() - x.get_termfreq(LEDE_TERM_ARTICLE_DOC);
}

/* Scores of the best articles for the bag of words `terms` under filter:
 * docid ranges of their sentences with w times the article's BM25. */
static std::vector<ArticleRanges::range>
score_articles(Xapian::Database &x, const std::vector<std::pair<std::string, unsigned>> &terms,
               const Xapian::Query &filter, const kind_stats &st, double w, unsigned depth,
               const std::shared_ptr<const lede_article_map> &map) {
  Xapian::Query aq(
      (new ArticleScorer(terms, st.articles, st.article_avg, RANK_ARTICLE_K1, RANK_ARTICLE_B, map))
          ->release());
  if (!filter.empty())
    aq = Xapian::Query(Xapian::Query::OP_FILTER, aq, filter);
  Xapian::Enquire aenq(x);
  aenq.set_query(aq);
  Xapian::MSet am = aenq.get_mset(0, article_depth(depth));
  std::vector<ArticleRanges::range> out;
  out.reserve(am.size());
  for (auto it = am.begin(); it != am.end(); ++it)
    out.push_back({*it, *it, w * it.get_weight()});
  /* Where their sentences start: right after the previous article
   * document, from the map; without one, from the sentence count each
   * article document holds, read in docid order along the value stream. */
  std::sort(
      out.begin(), out.end(),
      [](const ArticleRanges::range &a, const ArticleRanges::range &b) { return a.last < b.last; });
  Xapian::ValueIterator v, v_end;
  if (!map) {
    v = x.valuestream_begin(LEDE_SLOT_COUNT);
    v_end = x.valuestream_end(LEDE_SLOT_COUNT);
  }
  size_t kept = 0;
  for (ArticleRanges::range &r : out) {
    Xapian::docid d = r.last, first;
    if (map) {
      auto at = std::lower_bound(map->docs.begin(), map->docs.end(), d);
      if (at == map->docs.end() || *at != d)
        continue; /* not an article document */
      first = at == map->docs.begin() ? 1 : at[-1] + 1;
    } else {
      v.skip_to(d);
      if (v == v_end)
        break;
      if (v.get_docid() != d)
        continue; /* not an article document of this schema */
      double n = Xapian::sortable_unserialise(*v);
      if (!(n >= 1) || n >= d)
        continue;
      first = d - (Xapian::docid)n;
    }
    if (first >= d)
      continue;
    out[kept++] = {first, d - 1, r.boost};
  }
  out.resize(kept);
  return out;
}

std::shared_ptr<const lede_article_map> lede_rank_load_articles(const Xapian::Database &x) {
  auto map = std::make_shared<lede_article_map>();
  for (auto p = x.postlist_begin(LEDE_TERM_ARTICLE_DOC); p != x.postlist_end(LEDE_TERM_ARTICLE_DOC);
       ++p) {
    map->docs.push_back(*p);
    map->half_len.push_back(p.get_wdf());
  }
  return map;
}

Xapian::doccount lede_rank_search(std::vector<lede_rank_hit> *hits, Xapian::Database &x,
                                  const Xapian::Query &q, const Xapian::Query &filter,
                                  const lede_rank_page &page,
                                  const std::shared_ptr<const lede_article_map> &map) {
  hits->clear();
  kind_stats st = read_stats(x);
  LedeBM25 sentence_bm25(st.sentences, st.sentence_avg, RANK_SENTENCE_K1, RANK_SENTENCE_B);
  Xapian::Query sq(Xapian::Query::OP_AND_NOT, q, Xapian::Query(LEDE_TERM_ARTICLE_DOC));
  unsigned depth = page.offset + page.limit;

  const char *mode = getenv("LEDE_RANK");
  bool article_only = mode && strcmp(mode, "article") == 0;
  double weight = article_only ? 1 : env_number("LEDE_RANK_WEIGHT", RANK_ARTICLE_WEIGHT);
  std::vector<std::pair<std::string, unsigned>> aterms;
  if (!(mode && strcmp(mode, "sentence") == 0) && weight > 0 && st.articles > 0)
    aterms = article_terms(q);
  std::vector<ArticleRanges::range> ranges;
  if (!aterms.empty())
    ranges = score_articles(x, aterms, filter, st, weight, depth, map);
  if (article_only) /* reference ranking: sentence scores only break ties */
    sq = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sq, 1e-6);

  auto setup = [&](Xapian::Enquire &enq, const Xapian::Query &query) {
    enq.set_query(query);
    enq.set_weighting_scheme(sentence_bm25);
    if (page.per_article)
      enq.set_collapse_key(LEDE_SLOT_ARTICLE, page.per_article);
    if (page.by_date)
      enq.set_sort_by_value_then_relevance(LEDE_SLOT_DATE, true);
  };
  if (ranges.empty()) {
    Xapian::Enquire enq(x);
    setup(enq, sq);
    Xapian::MSet m = enq.get_mset(page.offset, page.limit, depth + 100);
    for (auto it = m.begin(); it != m.end(); ++it)
      hits->push_back({*it, it.get_weight()});
    return m.get_matches_estimated();
  }

  /* Each sentence scores its BM25 plus its article's boost, 0 outside the
   * best articles. So the top of the list comes from two searches whose
   * results are merged: the sentences of the best articles (few, each with
   * its boost) and the others (BM25 alone), which need only beat the last
   * hit of the page the first search filled: usually none can, and Xapian
   * stops as soon as its upper bounds show it. No value is read per
   * candidate. An article's sentences are all in one search or the other,
   * so --per-article holds across the merge. */
  struct ranked {
    lede_rank_hit hit;
    std::string key; /* the date when sorting by date */
  };
  std::vector<ranked> all;
  /* The number of matches is estimated from the sentence query itself,
   * without matching (the second search below stops early, so its count
   * says little); this also gives the best score BM25 alone can reach. */
  Xapian::MSet bounds;
  {
    Xapian::Enquire enq(x);
    setup(enq, sq);
    bounds = enq.get_mset(0, 0);
  }
  double cutoff = 0;
  for (int pass = 0; pass < 2; pass++) {
    Xapian::Query restrict((new ArticleRanges(ranges))->release());
    Xapian::Enquire enq(x);
    if (pass == 0) {
      /* (The ranges hold no article document.) */
      setup(enq, Xapian::Query(Xapian::Query::OP_AND, article_only ? sq : q, restrict));
    } else {
      /* No other sentence can reach the page: skip the search (Xapian
       * would still walk the postings of a single-word query). */
      if (cutoff > bounds.get_max_possible() * (1 + 1e-9))
        break;
      setup(enq, Xapian::Query(Xapian::Query::OP_AND_NOT, sq, restrict));
      if (cutoff > 0)
        enq.set_cutoff(0, cutoff);
    }
    Xapian::MSet m = enq.get_mset(0, depth);
    for (auto it = m.begin(); it != m.end(); ++it)
      all.push_back({{*it, it.get_weight()}, page.by_date ? it.get_sort_key() : std::string()});
    if (pass == 0 && !page.by_date && m.size() >= depth)
      cutoff = m[depth - 1].get_weight();
  }
  std::sort(all.begin(), all.end(), [](const ranked &a, const ranked &b) {
    if (a.key != b.key)
      return a.key > b.key;
    if (a.hit.weight != b.hit.weight)
      return a.hit.weight > b.hit.weight;
    return a.hit.did < b.hit.did;
  });
  for (size_t i = page.offset; i < all.size() && i < depth; i++)
    hits->push_back(all[i].hit);
  Xapian::doccount estimate = bounds.get_matches_estimated();
  return std::max<Xapian::doccount>(estimate, (Xapian::doccount)all.size());
}
