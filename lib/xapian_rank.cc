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

/* Finds, for ascending docids, the article each belongs to (the first
 * article document at or after it) and that article's length: from the
 * article map, or along the marker term's postings. */
class ArticleLocator {
  const lede_article_map *map_;
  size_t i_ = 0;
  Xapian::PostingIterator it_, end_;

public:
  ArticleLocator(const Xapian::Database &db, const lede_article_map *map) : map_(map) {
    if (!map_) {
      it_ = db.postlist_begin(LEDE_TERM_ARTICLE_DOC);
      end_ = db.postlist_end(LEDE_TERM_ARTICLE_DOC);
    }
  }

  /* false when no article document follows did */
  bool find(Xapian::docid did, Xapian::docid *article, Xapian::termcount *len) {
    if (map_) {
      const std::vector<Xapian::docid> &docs = map_->docs;
      if (i_ < docs.size() && docs[i_] < did)
        i_ = std::lower_bound(docs.begin() + i_, docs.end(), did) - docs.begin();
      if (i_ >= docs.size())
        return false;
      *article = docs[i_];
      *len = map_->len[i_];
      return true;
    }
    if (it_ != end_ && *it_ < did)
      it_.skip_to(did);
    if (it_ == end_)
      return false;
    *article = *it_;
    *len = it_.get_wdf();
    return true;
  }
};

/* The articles holding each stem (a sentence term "Z..."), in docid order,
 * with their counts of it: out[i] is stems[i]'s. The stems' postings and
 * their headline stems' ("ZT...") are read merged in docid order, so that
 * one pass of the locator finds the articles of all of them (without a
 * map, an article is looked up once along the marker's postings, not once
 * per word). */
void articles_with(const Xapian::Database &db, const std::vector<std::string> &stems,
                   const lede_article_map *map, std::vector<std::vector<lede_article_wdf>> *out) {
  struct cursor {
    Xapian::PostingIterator it, end;
    Xapian::docid did; /* *it, or 0 at the end */
    size_t word;
    bool headline;
    void step() {
      did = it != end ? *it : 0;
    }
  };
  std::vector<cursor> cs;
  out->assign(stems.size(), std::vector<lede_article_wdf>());
  for (size_t i = 0; i < stems.size(); i++) {
    std::string head = "Z" LEDE_PREFIX_TITLE + stems[i].substr(1);
    cs.push_back({db.postlist_begin(stems[i]), db.postlist_end(stems[i]), 0, i, false});
    cs.push_back({db.postlist_begin(head), db.postlist_end(head), 0, i, true});
  }
  for (cursor &c : cs)
    c.step();
  ArticleLocator loc(db, map);
  Xapian::docid article = 0;
  Xapian::termcount len = 0;
  for (;;) {
    cursor *next = nullptr;
    for (cursor &c : cs)
      if (c.did && (!next || c.did < next->did))
        next = &c;
    if (!next)
      break;
    Xapian::docid did = next->did;
    if (did > article && !loc.find(did, &article, &len))
      break; /* no article document after it, nor after any later one */
    if (!next->headline || did == article) {
      std::vector<lede_article_wdf> &v = (*out)[next->word];
      if (v.empty() || v.back().did != article)
        v.push_back({article, len, 0});
      v.back().wdf += next->it.get_wdf();
    }
    ++next->it;
    next->step();
  }
}

/* BM25 of articles for a bag of words, as LedeBM25 computes it, from the
 * articles' counts of each word (articles_with()), their lengths (the
 * marker's wdf) and each word's number of articles. Everything is read
 * when the search starts; the source then lists the scored articles, as
 * their article documents, in docid order, passing over those that cannot
 * reach the weight Xapian asks for. */
class ArticleScorer : public Xapian::PostingSource {
  struct scored {
    Xapian::docid did;
    double weight;
  };
  std::vector<std::pair<std::string, unsigned>> terms_;
  double n_docs_, avg_len_, k1_, b_;
  std::shared_ptr<const lede_article_map> map_;
  std::vector<scored> scored_; /* docid order */
  size_t pos_ = 0;
  bool started_ = false;

  void pass_below(double min_wt) {
    while (pos_ < scored_.size() && scored_[pos_].weight < min_wt)
      pos_++;
  }

public:
  ArticleScorer(std::vector<std::pair<std::string, unsigned>> terms, double n_docs, double avg_len,
                double k1, double b, std::shared_ptr<const lede_article_map> map)
      : terms_(std::move(terms)), n_docs_(n_docs), avg_len_(avg_len), k1_(k1), b_(b),
        map_(std::move(map)) {}

  void init(const Xapian::Database &db) override {
    scored_.clear();
    pos_ = 0;
    started_ = false;
    /* The words' articles: from the map's cache when it has them, the
     * others in one merged walk (then cached with the map, which is
     * emptied first when full: nothing it holds is in use then). */
    if (map_ && map_->words_entries > LEDE_ARTICLE_WORDS_MAX) {
      map_->words.clear();
      map_->words_entries = 0;
    }
    std::vector<const std::vector<lede_article_wdf> *> found(terms_.size(), nullptr);
    std::vector<std::string> missing;
    std::vector<size_t> missing_at;
    for (size_t ti = 0; ti < terms_.size(); ti++) {
      if (map_) {
        auto w = map_->words.find(terms_[ti].first);
        if (w != map_->words.end()) {
          found[ti] = &w->second;
          continue;
        }
      }
      missing.push_back(terms_[ti].first);
      missing_at.push_back(ti);
    }
    std::vector<std::vector<lede_article_wdf>> walked;
    articles_with(db, missing, map_.get(), &walked);
    for (size_t k = 0; k < missing.size(); k++) {
      size_t ti = missing_at[k];
      if (map_) {
        map_->words_entries += walked[k].size();
        found[ti] = &map_->words.emplace(missing[k], std::move(walked[k])).first->second;
      } else {
        found[ti] = &walked[k];
      }
    }
    /* Each article's weight sums its terms' parts in the order of terms_. */
    std::vector<scored> merged;
    for (size_t ti = 0; ti < terms_.size(); ti++) {
      const auto &t = terms_[ti];
      const std::vector<lede_article_wdf> &as = *found[ti];
      double tw = bm25_term_weight((double)as.size(), n_docs_, t.second, k1_, 1.0);
      merged.clear();
      merged.reserve(scored_.size() + as.size());
      size_t i = 0;
      for (const lede_article_wdf &a : as) {
        while (i < scored_.size() && scored_[i].did < a.did)
          merged.push_back(scored_[i++]);
        double w = a.wdf;
        double part = tw * (w / (bm25_k(a.len / avg_len_, k1_, b_) + w));
        if (i < scored_.size() && scored_[i].did == a.did)
          merged.push_back({a.did, scored_[i++].weight + part});
        else
          merged.push_back({a.did, part});
      }
      merged.insert(merged.end(), scored_.begin() + i, scored_.end());
      scored_.swap(merged);
    }
    double maxw = 0;
    for (const scored &s : scored_)
      maxw = std::max(maxw, s.weight);
    set_maxweight(maxw);
  }

  Xapian::doccount get_termfreq_min() const override {
    return (Xapian::doccount)scored_.size();
  }
  Xapian::doccount get_termfreq_est() const override {
    return (Xapian::doccount)scored_.size();
  }
  Xapian::doccount get_termfreq_max() const override {
    return (Xapian::doccount)scored_.size();
  }

  void next(double min_wt) override {
    if (started_ && pos_ < scored_.size())
      pos_++;
    started_ = true;
    pass_below(min_wt);
  }

  void skip_to(Xapian::docid did, double min_wt) override {
    started_ = true;
    if (pos_ < scored_.size() && scored_[pos_].did < did)
      pos_ = std::lower_bound(scored_.begin() + pos_, scored_.end(), did,
                              [](const scored &s, Xapian::docid d) { return s.did < d; }) -
             scored_.begin();
    pass_below(min_wt);
  }

  bool at_end() const override {
    return started_ && pos_ >= scored_.size();
  }

  Xapian::docid get_docid() const override {
    return scored_[pos_].did;
  }

  double get_weight() const override {
    return scored_[pos_].weight;
  }

  ArticleScorer *clone() const override {
    return new ArticleScorer(terms_, n_docs_, avg_len_, k1_, b_, map_);
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
  double head = (double)x.get_collection_freq(LEDE_TERM_HEADLINE);
  s.sentences = all - s.articles;
  /* An article document's Xapian length is its length (the marker's wdf)
   * plus twice its headline's part (the headline stems and their marker). */
  s.sentence_avg = s.sentences > 0 ? (total - text - 2 * head) / s.sentences : 1;
  s.article_avg = s.articles > 0 ? text / s.articles : 1;
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

/* The article-level query: q's words (their sentence stems) as a bag, with
 * their query frequencies. */
std::vector<std::pair<std::string, unsigned>> article_terms(const Xapian::Query &q) {
  std::map<std::string, unsigned> terms;
  positive_terms(q, &terms);
  std::vector<std::pair<std::string, unsigned>> out;
  for (const auto &kv : terms)
    out.emplace_back(kv.first, kv.second);
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

void lede_rank_article_doc(Xapian::Document &doc, Xapian::termcount text_len) {
  Xapian::termcount head = 0;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    head += t.get_wdf();
  doc.add_term(LEDE_TERM_ARTICLE_DOC, head + text_len);
  if (head)
    doc.add_term(LEDE_TERM_HEADLINE, head);
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
    map->len.push_back(p.get_wdf());
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
  /* Fewer than a page's depth: both searches ran to the end (the second
   * had no cutoff), so this is every match, not an estimate. */
  if (all.size() < depth)
    return (Xapian::doccount)all.size();
  Xapian::doccount estimate = bounds.get_matches_estimated();
  return std::max<Xapian::doccount>(estimate, (Xapian::doccount)all.size());
}
