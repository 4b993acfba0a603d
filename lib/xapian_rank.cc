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

/* Articles scored for a page ending at hit `depth`: enough that every
 * article able to reach the page has its evidence; others get none. */
static unsigned article_depth(unsigned depth) {
  return 2 * depth + 100;
}

namespace {

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
    /* A synonym's (wildcard's) term frequency is an estimate that may
     * exceed the count of this kind of document. */
    double tf = std::min((double)get_termfreq(), n_docs_);
    double tw = (n_docs_ - tf + 0.5) / (tf + 0.5);
    if (tw < 2) /* a term in most documents: a small positive weight */
      tw = tw * 0.5 + 1;
    double wqf = get_wqf();
    termweight_ = std::log(tw) * factor * (RANK_K3 + 1) * wqf / (RANK_K3 + wqf) * (k1_ + 1);
    len_factor_ = avg_len_ > 0 ? 1 / avg_len_ : 0;
  }

  double get_sumpart(Xapian::termcount wdf, Xapian::termcount len,
                     Xapian::termcount) const override {
    double normlen = std::max(len * len_factor_, RANK_MIN_NORMLEN);
    double w = wdf;
    return termweight_ * (w / (k1_ * (normlen * b_ + (1 - b_)) + w));
  }

  double get_maxpart() const override {
    /* Evaluated at the smallest length a document holding wdf_max can have. */
    double wdf_max = get_wdf_upper_bound();
    double lb = std::max((double)get_doclength_lower_bound(), wdf_max);
    double normlen = std::max(lb * len_factor_, RANK_MIN_NORMLEN);
    return termweight_ * (wdf_max / (k1_ * (normlen * b_ + (1 - b_)) + wdf_max));
  }

  double get_sumextra(Xapian::termcount, Xapian::termcount) const override {
    return 0;
  }
  double get_maxextra() const override {
    return 0;
  }
};

/* Gives each sentence the weight of its article's evidence: w times the
 * article's BM25, looked up by the article-id value; 0 for articles not
 * among those scored. */
class ArticleBoost : public Xapian::ValuePostingSource {
  std::unordered_map<std::string, double> boost_;
  double max_ = 0;

public:
  ArticleBoost() : Xapian::ValuePostingSource(LEDE_SLOT_ARTICLE) {}

  void add(const std::string &article_id, double w) {
    boost_[article_id] = w;
    max_ = std::max(max_, w);
  }

  bool empty() const {
    return boost_.empty();
  }

  void init(const Xapian::Database &database) override {
    Xapian::ValuePostingSource::init(database);
    set_maxweight(max_);
  }

  double get_weight() const override {
    auto it = boost_.find(get_value());
    return it == boost_.end() ? 0 : it->second;
  }

  std::string name() const override {
    return "lede.ArticleBoost";
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

/* True for a free-text term of the sentence text: an unprefixed word or its
 * "Z" stem (prefixed fields start with a capital letter). */
bool is_text_term(const std::string &t) {
  if (t.empty())
    return false;
  if (t[0] == 'Z')
    return t.size() > 1 && !(t[1] >= 'A' && t[1] <= 'Z');
  return !(t[0] >= 'A' && t[0] <= 'Z');
}

/* Collects the free-text terms of q that count for it (not those under the
 * right side of AND_NOT, nor boolean filters), with their frequencies. */
void positive_terms(const Xapian::Query &q, std::map<std::string, unsigned> *out) {
  Xapian::Query::op op = q.get_type();
  if (op == Xapian::Query::LEAF_TERM) {
    for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
      if (is_text_term(*t))
        (*out)[*t]++;
    return;
  }
  size_t n = q.get_num_subqueries();
  if (op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_FILTER)
    n = std::min<size_t>(n, 1);
  for (size_t i = 0; i < n; i++)
    positive_terms(q.get_subquery(i), out);
}

/* The article-level query: q's words as a bag under the article prefix. */
Xapian::Query article_query(const Xapian::Query &q) {
  std::map<std::string, unsigned> terms;
  positive_terms(q, &terms);
  std::vector<Xapian::Query> parts;
  for (const auto &kv : terms) {
    const std::string &t = kv.first;
    std::string at =
        t[0] == 'Z' ? "Z" LEDE_PREFIX_ARTICLE_TEXT + t.substr(1) : LEDE_PREFIX_ARTICLE_TEXT + t;
    parts.emplace_back(at, kv.second);
  }
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
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
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    tg.set_document(doc);
    tg.index_text_without_positions(a->title, RANK_HEADLINE_WDF, LEDE_PREFIX_ARTICLE_TEXT);
  }
  /* The sentences' words, as their own documents counted them: the same
   * terms TermGenerator would give the whole text, without tokenising and
   * stemming it a second time. */
  for (const auto &kv : text_terms) {
    const std::string &t = kv.first;
    if (t[0] == 'Z')
      doc.add_term("Z" LEDE_PREFIX_ARTICLE_TEXT + t.substr(1), kv.second);
    else
      doc.add_term(LEDE_PREFIX_ARTICLE_TEXT + t, kv.second);
  }
  Xapian::termcount len = 0;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    len += t.get_wdf();
  doc.add_term(LEDE_TERM_ARTICLE_DOC, len);
}

void lede_rank_count_text_terms(lede_term_counts *counts, const Xapian::Document &doc) {
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    if (is_text_term(*t))
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

Xapian::Query lede_rank_query(Xapian::Enquire &enq, Xapian::Database &x, const Xapian::Query &q,
                              const Xapian::Query &filter, unsigned depth) {
  kind_stats st = read_stats(x);
  enq.set_weighting_scheme(
      LedeBM25(st.sentences, st.sentence_avg, RANK_SENTENCE_K1, RANK_SENTENCE_B));
  Xapian::Query sq(Xapian::Query::OP_AND_NOT, q, Xapian::Query(LEDE_TERM_ARTICLE_DOC));

  const char *mode = getenv("LEDE_RANK");
  bool article_only = mode && strcmp(mode, "article") == 0;
  double weight = article_only ? 1 : env_number("LEDE_RANK_WEIGHT", RANK_ARTICLE_WEIGHT);
  if ((mode && strcmp(mode, "sentence") == 0) || weight <= 0 || st.articles <= 0)
    return sq;

  Xapian::Query aq = article_query(q);
  if (aq.empty())
    return sq;
  if (!filter.empty())
    aq = Xapian::Query(Xapian::Query::OP_FILTER, aq, filter);
  Xapian::Enquire aenq(x);
  aenq.set_query(aq);
  aenq.set_weighting_scheme(LedeBM25(st.articles, st.article_avg, RANK_ARTICLE_K1, RANK_ARTICLE_B));
  /* Each article has one article document, so no collapsing is needed; the
   * ids of the few articles returned are read from their documents (a
   * collapse key would read the value of every candidate). */
  Xapian::MSet am = aenq.get_mset(0, article_depth(depth));
  if (am.empty())
    return sq;
  /* Read everything that can throw (DatabaseModifiedError) before the
   * posting source exists: until the Query owns it, it would leak. */
  std::vector<std::pair<std::string, double>> scored;
  scored.reserve(am.size());
  for (auto it = am.begin(); it != am.end(); ++it)
    scored.emplace_back(it.get_document().get_value(LEDE_SLOT_ARTICLE), weight * it.get_weight());
  ArticleBoost *boost = new ArticleBoost;
  for (const auto &kv : scored)
    boost->add(kv.first, kv.second);
  if (article_only) /* reference ranking: sentence scores only break ties */
    sq = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sq, 1e-6);
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, sq, Xapian::Query(boost->release()));
}
