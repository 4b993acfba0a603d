/*
 * xapian_rank.cc - ranking passages with their article's evidence; see
 * xapian_rank.h for the model and docs/ranking.md for the numbers behind it.
 */
#include "xapian_rank.h"

extern "C" {
#include "signature.h"
}

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

/* BM25 parameters (docs/ranking.md has the measurements behind them).
 * Sentences: Xapian's defaults. Articles: Robertson's usual k1 = 1.2 and
 * b = 0.75, better than Xapian's on both test collections. */
static const double RANK_ARTICLE_K1 = 1.2;
static const double RANK_ARTICLE_B = 0.75;

/* Weight of the article's BM25 against its sentence's: the article decides
 * the order of articles, the sentence the order within one and ties. Learned
 * with the rerank's weights on the training sets (docs/eval.md, "Rerank
 * weights learned again"); any from 3 to 8 scores within 0.002 nDCG@10. */
static const double RANK_ARTICLE_WEIGHT = 4.5;

/* Articles scored for a page ending at hit `depth`; others get no
 * evidence (docs/ranking.md: 30 for 10 hits scores as well as 2,100). */
static unsigned article_depth(unsigned depth) {
  return depth + 20;
}

/* Ordered by date, a hit's score orders it within its date only, and a
 * deep page's hits come from any article: the articles scored do not
 * depend on the page (as many as for a first page of 10), so that every
 * page, of any length at any offset, is a part of the same list. */
static const unsigned BY_DATE_ARTICLES = 30;

/* Hits tied with the last of a page fetched past it, to order them by the
 * tie rule; a group larger than this is read by tied_tail(). */
#define LEDE_TIES_MAX 1000

/* 1 when a term of q may index every document of x (the database
 * searched) or of an index db searches (its article database tells: an
 * article holds its sentences' words). Each term is looked up once a read
 * and database. A served index is asked as a local one is (a server
 * answers the same; its counts come with the connection, its term
 * frequencies a round trip each): until the twenty-third session a served
 * index always had BM25 count its matches, whose estimates differ from
 * BoolWeight's, so its totals were not the local index's ("about 360"
 * against "about 126" for '"crude oil"', not exact for 'svb note' --all). */
static bool term_of_every_document(lede_db_t *db, const Xapian::Database &x,
                                   const Xapian::Query &q) {
  /* Without a gap in its docids, a database's all-documents list is not
   * read from its chunks: no lookup needed (a fresh build, as the
   * benchmarks search). Both counts are kept by the database, not read. */
  auto gap = [](const Xapian::Database &d) { return d.get_lastdocid() > d.get_doccount(); };
  bool any_gap = gap(x);
  for (size_t i = 0; !any_gap && i < db->sentences_of_part.size(); i++)
    any_gap = gap(db->sentences_of_part[i]);
  for (size_t i = 0; !any_gap && i < db->articles_of_part.size(); i++)
    any_gap = gap(db->articles_of_part[i]);
  if (!any_gap)
    return false;
  for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
    const std::string term = *t;
    if (term.empty())
      continue;
    auto known = db->every_document.emplace(std::to_string((uintptr_t)&x) + ' ' + term, false);
    if (known.second) {
      bool every = x.get_termfreq(term) == x.get_doccount();
      for (size_t i = 0; !every && i < db->articles_of_part.size(); i++)
        every =
            db->articles_of_part[i].get_termfreq(term) == db->articles_of_part[i].get_doccount();
      known.first->second = every;
    }
    if (known.first->second)
      return true;
  }
  return false;
}

const Xapian::Weight &ledei_unweighted(lede_db_t *db, const Xapian::Database &x,
                                       const Xapian::Query &q) {
  static const Xapian::BoolWeight none;
  static const Xapian::BM25Weight wdf_only(1, 0, 0, 0, 0.5);
  return term_of_every_document(db, x, q) ? static_cast<const Xapian::Weight &>(wdf_only) : none;
}

Xapian::MSet ledei_get_mset(lede_db_t *db, Xapian::Enquire &enq, const Xapian::Query &q,
                            const Xapian::Weight &w, Xapian::doccount first, Xapian::doccount max,
                            Xapian::doccount check_at_least) {
  enq.set_query(q);
  enq.set_weighting_scheme(w);
  if (db->trace)
    db->trace->emplace_back(q.serialise(), w.name());
  return enq.get_mset(first, max, check_at_least);
}

namespace {

/* The two forms of one number as one word (lib/xapian_search.cc's
 * NumberField, or the OR of them a phrase holds), or an empty word for any
 * other synonym or OR. */
ledei_query_word number_forms(const Xapian::Query &q) {
  if (q.get_num_subqueries() != 2)
    return {};
  ledei_query_word forms;
  for (size_t i = 0; i < 2; i++) {
    Xapian::Query sub = q.get_subquery(i);
    if (sub.get_type() != Xapian::Query::LEAF_TERM || !ledei_is_text_stem(*sub.get_terms_begin()))
      return {};
    forms.push_back(*sub.get_terms_begin());
  }
  if (ledei_other_number_form(forms[0].substr(1)) != forms[1].substr(1))
    return {};
  std::sort(forms.begin(), forms.end());
  return forms;
}

/* Collects the free-text words of q that count for it (not those under the
 * right side of AND_NOT, nor boolean filters, nor the stems a wildcard
 * stands for, an OP_SYNONYM: up to 100 of them would each add an article
 * score), with their frequencies. A number's two forms are one word. */
void positive_terms(const Xapian::Query &q, std::map<ledei_query_word, unsigned> *out) {
  Xapian::Query::op op = q.get_type();
  if (op == Xapian::Query::OP_SYNONYM || op == Xapian::Query::OP_OR) {
    ledei_query_word forms = number_forms(q);
    if (!forms.empty())
      (*out)[forms]++;
    if (!forms.empty() || op == Xapian::Query::OP_SYNONYM)
      return;
  }
  if (op == Xapian::Query::LEAF_TERM) {
    for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
      if (ledei_is_text_stem(*t))
        (*out)[{*t}]++;
    return;
  }
  size_t n = q.get_num_subqueries();
  if (op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_FILTER ||
      op == Xapian::Query::OP_AND_MAYBE)
    n = std::min<size_t>(n, 1);
  for (size_t i = 0; i < n; i++)
    positive_terms(q.get_subquery(i), out);
}

/* Scores equal up to rounding: a sum of the same parts computed over
 * shards may differ in its last bits. */
bool same_weight(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::max(std::fabs(a), std::fabs(b)));
}

/* The documented order of hits: (newest first when by date,) best score,
 * then the tie order (newer, path, sentence number). */
struct hit_order {
  bool by_date;
  bool operator()(const ledei_rank_hit &a, const ledei_rank_hit &b) const {
    if (by_date && a.date != b.date)
      return a.date > b.date;
    if (!same_weight(a.weight, b.weight))
      return a.weight > b.weight;
    return a.key < b.key;
  }
};

/* Reads value slots of the hits hs (sentences) in docid order: through
 * value streams when every index is local (a few blocks per slot instead
 * of a B-tree walk per document), else by ledei_served_values() (a served
 * index streams no values), each hit whose article is not known, or not
 * found by it, from its document. */
enum { READ_DATE = 1, READ_ORDER = 2, READ_COPIES = 4, READ_ARTICLE = 8 };

} // namespace

bool ledei_all_local(const lede_db_t *db) {
  for (const ledei_part &p : db->parts)
    if (!p.host.empty())
      return false;
  return true;
}

/* A collapse bound no article reaches: the key is handed over, nothing is
 * collapsed. */
static const Xapian::doccount NO_COLLAPSE = 0x7fffffff;

/* Asked one message a document (MSet::fetch() pipelines them, but the
 * server answers each value of each document in a message of its own),
 * a deep page's documents took most of its time: 46,000 sentences, 3.0 s
 * of 4.8 ('company said', --limit 10000 on Reuters, docs/bench-query.md,
 * "Twenty-third session"). */
std::unordered_map<Xapian::docid, ledei_served_value>
ledei_served_values(lede_db_t *db, const Xapian::Query &q,
                    const std::vector<std::pair<Xapian::docid, std::string>> &which,
                    Xapian::valueno a, Xapian::valueno b) {
  std::unordered_map<Xapian::docid, ledei_served_value> out;
  if (which.empty())
    return out;
  std::set<std::string> articles;
  std::unordered_set<Xapian::docid> wanted;
  for (const auto &w : which) {
    articles.insert(LEDE_PREFIX_ARTICLE + w.second);
    wanted.insert(w.first);
  }
  Xapian::Query named(Xapian::Query::OP_OR, articles.begin(), articles.end());
  Xapian::Query sq = q.empty() ? named : Xapian::Query(Xapian::Query::OP_FILTER, named, q);
  Xapian::Database &x = db->sentences();
  Xapian::Enquire enq(x);
  enq.set_sort_by_value(a, false);
  if (b != Xapian::BAD_VALUENO)
    enq.set_collapse_key(b, NO_COLLAPSE);
  /* Every match: the sentences named are among them, wherever they sort. */
  Xapian::MSet m = ledei_get_mset(db, enq, sq, ledei_unweighted(db, x, sq), 0, x.get_doccount());
  out.reserve(which.size());
  for (Xapian::MSetIterator it = m.begin(); it != m.end(); ++it)
    if (wanted.count(*it)) {
      ledei_served_value &v = out[*it];
      v.a = it.get_sort_key();
      if (b != Xapian::BAD_VALUENO)
        v.b = it.get_collapse_key();
    }
  return out;
}

namespace {

/* x: db->sentences(), or db->articles() for READ_ARTICLE; q: the query
 * whose search found the sentences hs. */
void read_values(lede_db_t *db, std::vector<ledei_rank_hit *> hs, int what, Xapian::Database &x,
                 const Xapian::Query &q) {
  if (hs.empty() || !what)
    return;
  bool local = ledei_all_local(db);
  std::sort(hs.begin(), hs.end(),
            [](const ledei_rank_hit *a, const ledei_rank_hit *b) { return a->did < b->did; });
  struct slot_of {
    Xapian::valueno slot;
    std::string ledei_rank_hit::*field;
  };
  std::vector<slot_of> slots;
  if (what & READ_DATE)
    slots.push_back({LEDE_SLOT_DATE, &ledei_rank_hit::date});
  if (what & READ_ORDER)
    slots.push_back({LEDE_SLOT_ORDER, &ledei_rank_hit::key});
  if (what & READ_COPIES)
    slots.push_back({LEDE_SLOT_COPIES, &ledei_rank_hit::copies});
  if (what & READ_ARTICLE)
    slots.push_back({LEDE_SLOT_ARTICLE, &ledei_rank_hit::key});
  if (!local) {
    std::vector<ledei_rank_hit *> left = hs; /* read from their documents */
    if (!(what & READ_ARTICLE)) {            /* sentences: two slots a search */
      std::vector<std::pair<Xapian::docid, std::string>> which;
      for (ledei_rank_hit *h : hs)
        if (!h->article.empty())
          which.emplace_back(h->did, h->article);
      for (size_t i = 0; i < slots.size() && !which.empty(); i += 2) {
        const slot_of *b = i + 1 < slots.size() ? &slots[i + 1] : nullptr;
        auto got =
            ledei_served_values(db, q, which, slots[i].slot, b ? b->slot : Xapian::BAD_VALUENO);
        left.clear();
        for (ledei_rank_hit *h : hs) {
          auto v = got.find(h->did);
          if (v == got.end()) {
            left.push_back(h);
            continue;
          }
          h->*slots[i].field = v->second.a;
          if (b)
            h->*b->field = v->second.b;
        }
      }
    }
    for (ledei_rank_hit *h : left) {
      Xapian::Document d = x.get_document(h->did);
      for (const slot_of &s : slots)
        h->*s.field = d.get_value(s.slot);
    }
    return;
  }
  /* Several local indexes: each one's streams for its own hits (Xapian
   * numbers document d of index k of n as (d - 1) * n + k + 1): the
   * combined stream would read every index's chunks. */
  const std::vector<Xapian::Database> &parts =
      what & READ_ARTICLE ? db->part_articles : db->part_sentences;
  size_t n = parts.size();
  for (size_t k = 0; k < std::max<size_t>(n, 1); k++) {
    const Xapian::Database &in = n ? parts[k] : x;
    for (const slot_of &s : slots) {
      Xapian::ValueIterator v = in.valuestream_begin(s.slot), end = in.valuestream_end(s.slot);
      for (ledei_rank_hit *h : hs) {
        if (n && (h->did - 1) % n != k)
          continue;
        Xapian::docid did = n ? (h->did - 1) / (Xapian::docid)n + 1 : h->did;
        if (v == end)
          break;
        v.skip_to(did);
        if (v != end && v.get_docid() == did)
          h->*s.field = *v;
      }
    }
  }
}

/* A search's MSet kept for a page's later windows (a window grown for
 * copies runs the same searches again): Xapian's first `max` matches, all
 * of them when it holds fewer. */
struct kept_mset {
  Xapian::MSet m;
  Xapian::doccount max = 0;
};

/* Appends to *out the first n - z matches of q weighing at (by w), in the
 * tie order, where m (Xapian's order, by weight) weighs more than at only
 * before z: its matches from z on tie, and past what Xapian was asked for
 * it picks among the tied by docid, which depends on where articles sit.
 * They come from a search sorted on the order key instead (merged alike
 * from every index, served or local) down to at, m's first z skipped,
 * each article capped at per_article hits (0: no cap) counting its hits
 * among m's first z. Read n deep, that search holds the n - z asked for:
 * it passes over at most z. */
void tied_tail(lede_db_t *db, std::vector<ledei_rank_hit> *out, const Xapian::Query &q,
               const Xapian::Weight &w, double at, const Xapian::MSet &m, Xapian::doccount z,
               Xapian::doccount n, unsigned per_article) {
  std::unordered_set<Xapian::docid> above;
  std::map<std::string, unsigned> shown;
  for (Xapian::doccount i = 0; i < z; i++) {
    above.insert(*m[i]);
    if (per_article)
      shown[m[i].get_collapse_key()]++;
  }
  Xapian::Enquire e(db->sentences());
  /* Over a served index the article id comes as the collapse key. */
  bool served = !ledei_all_local(db);
  if (per_article || served)
    e.set_collapse_key(LEDE_SLOT_ARTICLE, per_article ? per_article : NO_COLLAPSE);
  const Xapian::Weight *by = &ledei_unweighted(db, db->sentences(), q);
  if (at > 0) { /* the weights, and those below at left out */
    e.set_sort_by_value_then_relevance(LEDE_SLOT_ORDER, false);
    e.set_cutoff(0, at - 2e-9 * std::max(1.0, at)); /* same_weight()'s tolerance, twice */
    by = &w;
  } else {
    e.set_sort_by_value(LEDE_SLOT_ORDER, false);
  }
  Xapian::MSet t = ledei_get_mset(db, e, q, *by, 0, n, 0);
  Xapian::doccount need = n - z;
  for (Xapian::MSetIterator it = t.begin(); it != t.end() && need > 0; ++it) {
    if (above.count(*it) || (per_article && shown[it.get_collapse_key()]++ >= per_article))
      continue;
    ledei_rank_hit h;
    h.weight = at > 0 ? it.get_weight() : 0;
    h.did = *it;
    h.key = it.get_sort_key(); /* the order key sorted on */
    if (served)
      h.article = it.get_collapse_key();
    out->push_back(std::move(h));
    need--;
  }
}

/* The first n hits of a search in Xapian's order, and all those tied with
 * the n-th (up to LEDE_TIES_MAX more): Xapian orders ties by docid, which
 * depends on where documents happen to sit, so the caller orders them by
 * the tie rule. (Xapian's own relevance-then-value sort does not hold
 * across a remote database, measured: the merge falls back to docids.)
 * A tie at the n-th is common (copies of a wire story score alike) and
 * its group small, so the search is run again only as far as the group
 * reaches, doubling, and (by relevance) only down to the tied weight. Hits
 * scoring below cutoff (when above 0) are not looked at. With ids_only
 * (the article step), the tied group is left out instead: those articles
 * get no boost, the same ones whether the archive is one index or
 * several, and one search is enough (the groups of short articles with
 * the same words run to hundreds). With tails >= 0 (a search by relevance
 * collapsed at tails hits an article, 0: not collapsed), a page that ends
 * in a tied group Xapian has more of than it was asked for (matches that
 * weigh nothing, or more than LEDE_TIES_MAX past n) gets the group's hits
 * in the tie order (tied_tail()). */
Xapian::MSet fetch(lede_db_t *db, std::vector<ledei_rank_hit> *out, Xapian::Enquire &enq,
                   const Xapian::Query &q, const Xapian::Weight &w, Xapian::doccount n,
                   bool by_date, Xapian::doccount check_at_least, bool ids_only = false,
                   bool copies = false, kept_mset *kept = nullptr, Xapian::doccount deep = 0,
                   double cutoff = 0, int tails = -1) {
  if (cutoff > 0)
    enq.set_cutoff(0, cutoff * (1 - 1e-9));
  /* A few past n from the start: most tied groups end within them. The
   * hits kept depend only on Xapian's order, not on how far it was read,
   * so an MSet kept from an earlier window serves when it reaches as far,
   * however deep that window read ahead for later ones. */
  Xapian::doccount want = ids_only ? n : n + 16;
  for (;;) {
    Xapian::MSet m;
    if (kept &&
        (kept->max > want || kept->m.size() < kept->max)) { /* deep enough, or every match */
      m = kept->m;
      want = kept->max - 1;
    } else {
      want = std::max(want, deep);
      m = ledei_get_mset(db, enq, q, w, 0, want + 1, check_at_least);
      if (kept)
        *kept = {m, want + 1};
    }
    Xapian::doccount keep = std::min(m.size(), n);
    Xapian::doccount tail_from = n; /* the tied group read by tied_tail() */
    double tail_at = 0;
    if (tails >= 0 && n > 0 && m.size() == want + 1 && !(m[n - 1].get_weight() > 0)) {
      /* The page ends among matches weighing nothing: no cutoff can reach
       * them, and Xapian has more. */
      tail_from = 0;
      while (m[tail_from].get_weight() > 0)
        tail_from++;
    } else if (n > 0 && m.size() > n) {
      Xapian::MSetIterator last = m[n - 1];
      auto tied = [&](Xapian::doccount i) {
        Xapian::MSetIterator it = m[i];
        return same_weight(last.get_weight(), it.get_weight()) &&
               (!by_date || last.get_sort_key() == it.get_sort_key());
      };
      if (ids_only && tied(n))
        while (keep > 0 && tied(keep - 1))
          keep--;
      while (!ids_only && keep < m.size() && keep < n + LEDE_TIES_MAX && tied(keep))
        keep++;
      if (keep == m.size() && m.size() == want + 1 && want < n + LEDE_TIES_MAX) {
        want = std::min(n + LEDE_TIES_MAX, 2 * want + 16);
        /* Xapian's order above a weight is the same whatever the cutoff,
         * and a cutoff just under the tied group lets it skip every lower
         * match: the search run again in full cost as much as the first
         * (copies at 10x: 41 of 200 short queries, 13 % of their time).
         * Not by date (ordered by date first), nor kept for later windows
         * (a kept MSet must hold the whole order up to its size). */
        if (!by_date && !kept) {
          double tied_at = last.get_weight(); /* same_weight()'s tolerance, twice */
          double under = tied_at - 2e-9 * std::max(1.0, std::fabs(tied_at));
          enq.set_cutoff(0, std::max(under, cutoff * (1 - 1e-9)));
        }
        continue;
      }
      if (tails >= 0 && !by_date && keep == n + LEDE_TIES_MAX && keep < m.size() && tied(keep)) {
        tail_at = last.get_weight();
        tail_from = n - 1;
        while (tail_from > 0 && tied(tail_from - 1))
          tail_from--;
      }
    }
    if (tail_from < n)
      keep = tail_from;
    size_t first = out->size();
    /* A served index's sentences: their article ids came as the collapse
     * key (the searches set it), their other values are read by
     * ledei_served_values(), not from their documents. */
    bool served = !ids_only && !ledei_all_local(db);
    Xapian::doccount i = 0;
    for (Xapian::MSetIterator it = m.begin(); it != m.end() && i < keep; ++it, ++i) {
      ledei_rank_hit h;
      h.weight = it.get_weight();
      h.did = *it;
      if (served)
        h.article = it.get_collapse_key();
      if (ids_only) /* articles: the id breaks ties (the collapse key, if set) */
        h.key = it.get_collapse_key();
      if (by_date) /* the value sorted on */
        h.date = it.get_sort_key();
      out->push_back(std::move(h));
    }
    if (tail_from < n)
      tied_tail(db, out, q, w, tail_at, m, tail_from, n, (unsigned)tails);
    std::vector<ledei_rank_hit *> added;
    for (size_t k = first; k < out->size(); k++)
      if (!ids_only || (*out)[k].key.empty())
        added.push_back(&(*out)[k]);
    if (ids_only)
      read_values(db, added, READ_ARTICLE, db->articles(), q);
    else if (copies)
      read_values(db, added, READ_COPIES, db->sentences(), q);
    return m;
  }
}

/* Sorts sentence hits into the documented order, reading the order key
 * (the tie rule) only of hits tied with another. Sorted through their
 * indexes, each hit then moved once: a hit is a large object (strings, a
 * document), and sorting the hits themselves moved each many times (2 %
 * of a query's instructions). The indexes go through the same sorts, so
 * the order is the one sorting the hits gave. */
void order_hits(lede_db_t *db, std::vector<ledei_rank_hit> *v, bool by_date,
                const Xapian::Query &q) {
  std::vector<ledei_rank_hit> &hs = *v;
  auto before = [&hs, by_date](size_t i, size_t k) {
    const ledei_rank_hit &a = hs[i], &b = hs[k];
    if (by_date && a.date != b.date)
      return a.date > b.date;
    return !same_weight(a.weight, b.weight) && a.weight > b.weight;
  };
  std::vector<size_t> at(hs.size());
  for (size_t i = 0; i < at.size(); i++)
    at[i] = i;
  std::stable_sort(at.begin(), at.end(), before);
  std::vector<ledei_rank_hit *> tied;
  for (size_t i = 0; i < at.size(); i++) {
    bool with_prev = i > 0 && !before(at[i - 1], at[i]);
    bool with_next = i + 1 < at.size() && !before(at[i], at[i + 1]);
    if ((with_prev || with_next) && hs[at[i]].key.empty())
      tied.push_back(&hs[at[i]]);
  }
  read_values(db, tied, READ_ORDER, db->sentences(), q);
  hit_order order{by_date};
  std::sort(at.begin(), at.end(), [&](size_t i, size_t k) { return order(hs[i], hs[k]); });
  std::vector<ledei_rank_hit> sorted;
  sorted.reserve(hs.size());
  for (size_t i : at)
    sorted.push_back(std::move(hs[i]));
  hs.swap(sorted);
}

/* The number of matches m found, before any --per-article collapsing, and
 * whether it is exact (the match checked every match). */
ledei_rank_total total_of(const Xapian::MSet &m) {
  return {m.get_uncollapsed_matches_estimated(),
          m.get_uncollapsed_matches_lower_bound() == m.get_uncollapsed_matches_upper_bound()};
}

/* The matches of q, exact up to at least check_at_least: an unweighted
 * search that stops once it has seen that many. Several local indexes are
 * counted one at a time and added: over the combined database Xapian 1.4
 * read far past check_at_least (3.4 M instructions a query on Reuters in 3
 * indexes, where one index costs 0.1 M). Each index is counted only as far
 * as the indexes before it leave of check_at_least: a total within it is
 * then exact in every index (each one's count is within what is left for
 * it), and past it the total is an estimate, as the whole index's is. Exact
 * as the whole index would be: when every index is and the sum is within
 * check_at_least (the whole would have read every match), or when Xapian's
 * bounds alone pin each index's count (a single word). */
ledei_rank_total count_matches(lede_db_t *db, const Xapian::Query &q,
                               Xapian::doccount check_at_least) {
  /* One word: its frequency, which Xapian keeps for every index, is the
   * exact count the searches would give (a search an index otherwise). */
  if (q.get_type() == Xapian::Query::LEAF_TERM)
    return {db->sentences().get_termfreq(*q.get_terms_begin()), true};
  auto count = [&](Xapian::Database &x, Xapian::doccount at_least) {
    Xapian::Enquire counter(x);
    const Xapian::Weight &w = ledei_unweighted(db, x, q);
    ledei_rank_total t = total_of(ledei_get_mset(db, counter, q, w, 0, 0, at_least));
    if (w.name() != "Xapian::BoolWeight" && t.count > at_least)
      t.exact = false; /* read whole: exact as far as BoolWeight's would be */
    return t;
  };
  if (db->part_sentences.empty())
    return count(db->sentences(), check_at_least);
  ledei_rank_total sum = {0, true};
  for (Xapian::Database &part : db->part_sentences) {
    Xapian::doccount left = sum.count < check_at_least ? check_at_least - sum.count : 0;
    ledei_rank_total t = count(part, left);
    sum.count += t.count;
    sum.exact = sum.exact && t.exact;
  }
  for (size_t i = 0; sum.exact && sum.count > check_at_least && i < db->part_sentences.size(); i++)
    sum.exact = count(db->part_sentences[i], 0).exact;
  return sum;
}

/* A chosen article's id and the boost its sentences get. */
typedef std::vector<std::pair<std::string, double>> boost_list;

} // namespace

void ledei_rank_query_terms(const Xapian::Query &q, std::map<ledei_query_word, unsigned> *out) {
  positive_terms(q, out);
}

double ledei_rank_article_weight(const ledei_rank_page &page) {
  if (page.rank == LEDE_RANK_SENTENCE)
    return 0;
  if (page.rank == LEDE_RANK_ARTICLE)
    return 1;
  return page.rank_weight > 0 ? page.rank_weight : RANK_ARTICLE_WEIGHT;
}

namespace {

/* Distinct words a question needs for its common words to be left out of
 * the article step (short queries keep every word). */
const size_t LONG_QUESTION_WORDS = 5;

/* Leaves out of a long question's article step the words found in over
 * half of the articles, if a word is left: BM25 gives them an idf of at
 * most log 1.5 against 3 to 9 for a selective word, so the articles chosen
 * barely change, but their postings (most of the archive) were all read
 * (docs/bench-growth.md). The same words over several indexes: their
 * counts are the combined ones. */
void drop_common_words(std::map<ledei_query_word, unsigned> *terms, Xapian::Database &ax) {
  if (terms->size() < LONG_QUESTION_WORDS)
    return;
  Xapian::doccount n = ax.get_doccount();
  std::map<ledei_query_word, unsigned> kept;
  for (const auto &kv : *terms) {
    double df = 0;
    for (const std::string &t : kv.first)
      df += ax.get_termfreq(t);
    if (df * 2 <= n)
      kept.insert(kv);
  }
  if (!kept.empty())
    terms->swap(kept);
}

/* Step 1: the best articles for the query's words as a bag, as many as a
 * page ending at hit depth needs, each with its boost; *dids gets their
 * documents in db->articles(), in the same order. */
boost_list choose_articles(lede_db_t *db, const Xapian::Query &q, const Xapian::Query &filter,
                           const ledei_rank_page &page, unsigned depth,
                           std::vector<Xapian::docid> *dids) {
  Xapian::Database &ax = db->articles();
  double weight = ledei_rank_article_weight(page);
  std::map<ledei_query_word, unsigned> terms;
  if (weight > 0)
    positive_terms(q, &terms);
  boost_list boosts;
  if (terms.empty() || ax.get_doccount() == 0)
    return boosts;
  drop_common_words(&terms, ax);
  std::vector<Xapian::Query> words;
  for (const auto &kv : terms)
    if (kv.first.size() == 1)
      words.emplace_back(kv.first[0], kv.second);
    else
      words.emplace_back(Xapian::Query::OP_SYNONYM, kv.first.begin(), kv.first.end());
  Xapian::Query aq(Xapian::Query::OP_OR, words.begin(), words.end());
  if (!filter.empty())
    aq = Xapian::Query(Xapian::Query::OP_FILTER, aq, filter);
  Xapian::Enquire ae(ax);
  /* Each article is one document. Locally its id is read from the value
   * stream for the hits kept (a collapse key makes the matcher read it for
   * every candidate: 0.7 M instructions a query); a served index streams
   * no values, and collapsing on the id hands it over in the MSet. */
  if (!ledei_all_local(db))
    ae.set_collapse_key(LEDE_SLOT_ARTICLE);
  std::vector<ledei_rank_hit> best;
  unsigned n = page.by_date ? BY_DATE_ARTICLES : article_depth(depth);
  best.reserve(n + 1);
  fetch(db, &best, ae, aq, Xapian::BM25Weight(RANK_ARTICLE_K1, 0, 1, RANK_ARTICLE_B, 0.5), n, false,
        0, true);
  std::sort(best.begin(), best.end(), hit_order{false});
  for (const ledei_rank_hit &h : best) {
    boosts.emplace_back(h.key, weight * h.weight);
    dids->push_back(h.did);
  }
  return boosts;
}

/* The hits the second search (sq without the chosen articles' sentences,
 * BM25 alone, above cutoff) would add to *all, which holds the first
 * search's, found without it: one search of sq alone above cutoff, the
 * chosen articles' sentences left out here by their article id (the
 * collapse key). It opens sq's terms only, where the second search opens
 * every chosen article's term too and skips each candidate through them.
 * Returns false, adding nothing, when the hits fetched may not hold the
 * second search's (its tied group runs past them) or there is no cutoff
 * (the first search found less than the window: sq alone would be read
 * far deeper, dearer than the second search, measured): the caller runs
 * the second search. */
bool others_above(std::vector<ledei_rank_hit> *all, lede_db_t *db, const Xapian::Query &sq,
                  const boost_list &boosts, double cutoff, const ledei_rank_page &page,
                  unsigned depth) {
  if (!(cutoff > 0))
    return false;
  std::unordered_set<Xapian::docid> first;
  for (const ledei_rank_hit &h : *all)
    first.insert(h.did);
  Xapian::Enquire enq(db->sentences());
  /* The article id comes as the collapse key; without --per-article a
   * bound no article reaches keeps every hit. */
  enq.set_collapse_key(LEDE_SLOT_ARTICLE, page.per_article ? page.per_article : NO_COLLAPSE);
  enq.set_cutoff(0, cutoff * (1 - 1e-9));
  /* Room for the first search's hits, the page and a tied group. */
  Xapian::doccount most = (Xapian::doccount)all->size() + depth + 17;
  Xapian::MSet m = ledei_get_mset(db, enq, sq, Xapian::BM25Weight(), 0, most);
  std::unordered_set<std::string> chosen;
  for (const auto &b : boosts)
    chosen.insert(b.first);
  std::vector<ledei_rank_hit> others; /* in Xapian's order, as the second search's */
  std::vector<Xapian::MSetIterator> at;
  for (Xapian::MSetIterator it = m.begin(); it != m.end(); ++it) {
    if (first.count(*it) || chosen.count(it.get_collapse_key()))
      continue;
    ledei_rank_hit h;
    h.did = *it;
    h.weight = it.get_weight();
    others.push_back(std::move(h));
    at.push_back(it);
  }
  /* As fetch() keeps them: the first depth, and those tied with the last. */
  size_t keep = std::min<size_t>(others.size(), depth);
  while (depth > 0 && keep < others.size() && keep < depth + LEDE_TIES_MAX &&
         same_weight(others[depth - 1].weight, others[keep].weight))
    keep++;
  /* Every hit above cutoff fetched, or one fetched after those kept. */
  if (m.size() >= most && keep >= others.size())
    return false;
  /* A served index: the article ids, as fetch() keeps them. */
  if (!ledei_all_local(db))
    for (size_t i = 0; i < keep; i++)
      others[i].article = at[i].get_collapse_key();
  size_t from = all->size();
  for (size_t i = 0; i < keep; i++)
    all->push_back(std::move(others[i]));
  if (page.collapse) {
    std::vector<ledei_rank_hit *> added;
    for (size_t k = from; k < all->size(); k++)
      added.push_back(&(*all)[k]);
    read_values(db, added, READ_COPIES, db->sentences(), sq);
  }
  return true;
}

/* Articles chosen past which step 2 is one search, not two (measured in
 * docs/bench-query.md, "Twenty-second session"). */
const size_t ONE_SEARCH_ARTICLES = 400;

/* Matches counted exactly up to this many past the window. */
const unsigned COUNT_MARGIN = 100;

/* What a page's windows share: a window grown for copies asks the same
 * questions again, and these answers do not depend on the window. */
struct window_memo {
  kept_mset chosen;  /* the chosen articles' sentences */
  kept_mset others;  /* the others, when searched without a cutoff */
  double bound = -1; /* Xapian's bound on the query alone; -1: not asked */
  ledei_rank_total count{0, false};
  Xapian::doccount count_at = 0; /* count's check_at_least; 0: not counted */
};

/* Step 2: ranks the first depth sentence hits (and those tied with the
 * last) into *all, in the documented order, with the chosen articles'
 * boosts; page.offset and page.limit are not used. */
ledei_rank_total rank_window(std::vector<ledei_rank_hit> *all, lede_db_t *db,
                             const Xapian::Query &q, const boost_list &boosts,
                             const ledei_rank_page &page, unsigned depth, window_memo *memo) {
  Xapian::Query sq = q;
  if (page.rank == LEDE_RANK_ARTICLE) /* reference ranking: sentence scores only break ties */
    sq = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sq, 1e-6);
  /* The best score BM25 alone can reach, from Xapian's bounds alone (a
   * search of every index): asked at most once a page, and only when
   * needed (a cutoff to compare it with, or no word to weigh). */
  auto bound = [&]() {
    if (memo->bound < 0) {
      Xapian::Enquire e(db->sentences());
      memo->bound = ledei_get_mset(db, e, sq, Xapian::BM25Weight(), 0, 0).get_max_possible();
    }
    return memo->bound;
  };
  /* A query that weighs nothing (fields and filters alone: `title:x`,
   * `source:y`) ties every match at 0, and Xapian would pick the window
   * from its docid order, which depends on where articles sit: such a
   * query is searched in the tie order itself (the order key: newer,
   * path, sentence number), a total order that Xapian sorts on, so the
   * page is the same in one index or several (by date too: the key
   * begins with the date). Asked only of a query with no word to weigh
   * and no article chosen. */
  bool keyed = false;
  if (boosts.empty()) {
    std::map<ledei_query_word, unsigned> words;
    positive_terms(sq, &words);
    keyed = words.empty() && bound() == 0;
  }
  /* Ranks query's first depth hits into *all; hits scoring below cutoff
   * (when above 0) are not looked at. */
  auto search = [&](const Xapian::Query &query, double cutoff, kept_mset *kept,
                    Xapian::doccount deep) {
    Xapian::Enquire enq(db->sentences());
    /* Over a served index the article id comes as the collapse key. */
    if (page.per_article || !ledei_all_local(db))
      enq.set_collapse_key(LEDE_SLOT_ARTICLE, page.per_article ? page.per_article : NO_COLLAPSE);
    if (keyed)
      enq.set_sort_by_value(LEDE_SLOT_ORDER, false);
    else if (page.by_date)
      enq.set_sort_by_value_then_relevance(LEDE_SLOT_DATE, true);
    size_t first = all->size();
    /* Keyed, nothing is weighed (every weight is 0), and fetch() reads the
     * sort key as by date (hits tie only on equal keys, i.e. never); it is
     * the hit's order key (and the hits' dates, left empty, compare equal
     * in order_hits()). */
    Xapian::BM25Weight bm25;
    const Xapian::Weight &w = keyed ? ledei_unweighted(db, db->sentences(), query) : bm25;
    fetch(db, all, enq, query, w, depth, page.by_date || keyed, 0, false, page.collapse, kept, deep,
          cutoff, page.by_date || keyed ? -1 : (int)page.per_article);
    for (size_t i = first; keyed && i < all->size(); i++)
      (*all)[i].key.swap((*all)[i].date);
  };
  if (boosts.empty()) {
    search(sq, 0, nullptr, 0);
  } else {
    /* In two searches whose results are merged: the chosen articles'
     * sentences, each with its article's boost (one ValueMapPostingSource,
     * which reads only their values), and the others, BM25 alone, which
     * need only beat the last hit the first search filled: usually none
     * can, and Xapian stops as soon as its bounds show it. An article's
     * sentences are all in one search, so --per-article holds. (Forms in
     * one search, FixedWeightPostingSource filtered by each article's term
     * under AND_MAYBE or OR, lose hits or change scores in Xapian 1.4.22:
     * docs/design.md, "Ranking".) */
    auto *boost = new Xapian::ValueMapPostingSource(LEDE_SLOT_ARTICLE);
    Xapian::Query boost_q(boost->release());
    for (const auto &b : boosts)
      boost->add_mapping(b.first, b.second);
    boost->set_default_weight(0);
    /* A deep page (more than ONE_SEARCH_ARTICLES articles chosen): one
     * search, every match with its article's boost (0 for the others),
     * the same scores. The filter by the chosen articles' terms costs more
     * than it saves there, and over several indexes far more: 'said',
     * --limit 8000 over three indexes of Reuters, 6.1 s against 1.1 s
     * (docs/bench-query.md, "Twenty-second session"). */
    if (boosts.size() > ONE_SEARCH_ARTICLES) {
      search(Xapian::Query(Xapian::Query::OP_AND_MAYBE, sq, boost_q), 0, &memo->chosen,
             page.collapse ? depth + COUNT_MARGIN + 16 : 0);
    } else {
      /* In term order: Xapian opens them in the order given, each lookup
       * starting from the B-tree blocks of the one before; in rank order
       * each read its blocks again (in every index searched). Each id term
       * as a wildcard of itself, which an index expands only when it holds
       * the term: over several indexes an article is in one of them, and an
       * id term an index lacks cost Xapian ~18,000 instructions to set up
       * all the same (30 chosen articles, 3 indexes: 7 % of a query), where
       * a wildcard finding nothing costs one B-tree lookup. Exact because no
       * id term is the start of another (ids are 16 hex digits,
       * ledei_is_article_id()); the first term found is the id's own. */
      std::vector<std::string> ids;
      for (const auto &b : boosts)
        ids.push_back(LEDE_PREFIX_ARTICLE + b.first);
      std::sort(ids.begin(), ids.end());
      std::vector<Xapian::Query> each;
      for (const std::string &id : ids)
        each.emplace_back(Xapian::Query::OP_WILDCARD, id, 1, Xapian::Query::WILDCARD_LIMIT_FIRST,
                          Xapian::Query::OP_OR);
      Xapian::Query chosen(Xapian::Query::OP_OR, each.begin(), each.end());
      /* Read as deep as the windows a page grows to for copies (the count's
       * margin, or 4 x): the chosen articles hold few matches (a few dozen
       * to a few hundred), so a deeper MSet costs next to nothing more
       * (measured) and a grown window does not search them again. */
      search(Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                           Xapian::Query(Xapian::Query::OP_FILTER, sq, chosen), boost_q),
             0, &memo->chosen, page.collapse ? depth + COUNT_MARGIN + 16 : 0);
      double cutoff = 0;
      if (!page.by_date && all->size() >= depth) {
        std::vector<double> w;
        for (const ledei_rank_hit &h : *all)
          w.push_back(h.weight);
        std::nth_element(w.begin(), w.begin() + (depth - 1), w.end(), std::greater<double>());
        cutoff = w[depth - 1];
      }
      /* Without a cutoff (the chosen articles hold fewer hits than the
       * window) the others' search is the same query in every window: kept,
       * and without --per-article read as deep as the next window (x 4),
       * since a deeper MSet costs little more (Xapian reads the same
       * postings) and at 10x copies most pages grow a window past such a
       * search (measured). Collapsed by article it costs more: the matcher
       * reads the article id of every candidate that may enter the deeper
       * MSet (Reuters, defaults: 8 % of all instructions, docs/bench-query.md,
       * "Fourteenth session"). */
      bool uncut = !(cutoff > 0) && page.collapse;
      if (!(cutoff > 0 && cutoff > bound() * (1 + 1e-9)) &&
          !others_above(all, db, sq, boosts, cutoff, page, depth))
        search(Xapian::Query(Xapian::Query::OP_AND_NOT, sq, chosen), cutoff,
               uncut ? &memo->others : nullptr, uncut && !page.per_article ? 4 * depth + 16 : 0);
    }
  }
  /* Totals count every matching passage (those --per-article leaves out
   * too: the same count whether the archive is one index or several),
   * exactly up to 100 past the window: a search of its own, unweighted,
   * which stops as soon as it has seen that many. */
  Xapian::doccount at = depth + COUNT_MARGIN;
  /* An exact count within an earlier window's reach stays the same. */
  if (!(memo->count_at && memo->count_at <= at && memo->count.exact &&
        memo->count.count <= memo->count_at)) {
    memo->count = count_matches(db, sq, at);
    memo->count_at = at;
  }
  ledei_rank_total total = memo->count;
  if (!total.exact)
    total.count = std::max<Xapian::doccount>(total.count, (Xapian::doccount)all->size());
  if (page.rank == LEDE_RANK_DEFAULT) /* the rerank stage, xapian_rerank.cc */
    ledei_rerank(all, db, q, page.text, boosts, ledei_rank_article_weight(page));
  order_hits(db, all, page.by_date, q);
  return total;
}

/* Hits read past the last group of a page to catch its copies, which
 * score alike and rank close: on Reuters' 1,000 benchmark queries 20 names
 * 94 % of the copies 50 names, in 86 % of the time (docs/collapse.md). */
const unsigned COPY_MARGIN = 20;

/* Groups the ranked hits all into copies: the page's groups, each its
 * representative with the others in also, go to *hits; returns how many
 * groups all holds. Sets *enough when the groups fill the page and its
 * margin (or all is every match). */
size_t group_copies(std::vector<ledei_rank_hit> *hits, const std::vector<ledei_rank_hit> &all,
                    const ledei_rank_page &page, bool whole, bool *enough) {
  std::vector<lede_signature_t> sigs(all.size());
  for (size_t i = 0; i < all.size(); i++) {
    const std::string &v = all[i].copies;
    if (v.size() == LEDE_SIG_BYTES)
      ledei_signature_decode(&sigs[i], (const unsigned char *)v.data());
  }
  std::vector<size_t> rep(all.size()), shown;
  ledei_signature_group(sigs.data(), sigs.size(), rep.data());
  for (size_t i = 0; i < all.size(); i++)
    if (rep[i] == i)
      shown.push_back(i);
  size_t depth = (size_t)page.offset + page.limit;
  *enough = whole || (shown.size() >= depth && shown[depth - 1] + COPY_MARGIN <= all.size());
  if (!*enough)
    return shown.size();
  std::map<size_t, size_t> slot; /* representative -> index in *hits */
  for (size_t n = page.offset; n < shown.size() && n < depth; n++) {
    slot[shown[n]] = hits->size();
    hits->push_back(all[shown[n]]);
  }
  for (size_t i = 0; i < all.size(); i++) {
    auto s = slot.find(rep[i]);
    if (rep[i] != i && s != slot.end()) {
      (*hits)[s->second].also_ids.push_back(all[i].did);
      (*hits)[s->second].also_articles.push_back(all[i].article);
    }
  }
  return shown.size();
}

} // namespace

/* Reads the records of the hits returned and of their copies, each one
 * value read: the docids come from this search (of q), so their existence
 * is not checked again (DOC_ASSUME_VALID). Over a served index, all of
 * them by one search (ledei_served_values()). */
static void read_documents(lede_db_t *db, std::vector<ledei_rank_hit> *hits,
                           const Xapian::Query &q) {
  Xapian::Database &x = db->sentences();
  std::unordered_map<Xapian::docid, ledei_served_value> served;
  if (!ledei_all_local(db)) {
    std::vector<std::pair<Xapian::docid, std::string>> which;
    for (const ledei_rank_hit &h : *hits) {
      if (!h.data && !h.article.empty())
        which.emplace_back(h.did, h.article);
      for (size_t k = 0; k < h.also_ids.size() && k < h.also_articles.size(); k++)
        if (!h.also_articles[k].empty())
          which.emplace_back(h.also_ids[k], h.also_articles[k]);
    }
    served = ledei_served_values(db, q, which, LEDE_SLOT_DATA, Xapian::BAD_VALUENO);
  }
  /* A record: from the search above, else from its document. */
  auto record = [&](ledei_doc_data *d, Xapian::docid did) {
    auto v = served.find(did);
    if (v != served.end())
      return ledei_doc_data_decode(d, v->second.a);
    return ledei_doc_data_get(d, x.get_document(did, Xapian::DOC_ASSUME_VALID));
  };
  for (ledei_rank_hit &h : *hits) {
    if (!h.data) { /* a typed question's were read by the rerank */
      auto rec = std::make_shared<ledei_doc_data>();
      if (record(rec.get(), h.did))
        h.data = std::move(rec);
    }
    /* Copies name other articles, each once: a sentence its own article
     * repeats (a slogan, a file of one word over and over) is not a copy. */
    std::set<std::string> articles;
    if (h.data)
      articles.insert(h.data->article_id);
    for (size_t k = 0; k < h.also_ids.size(); k++) {
      ledei_doc_data d;
      if (record(&d, h.also_ids[k]) && articles.insert(d.article_id).second)
        h.also.push_back(std::move(d));
    }
  }
}

static ledei_rank_total search_page(std::vector<ledei_rank_hit> *hits, boost_list *boosts,
                                    std::vector<Xapian::docid> *article_dids, lede_db_t *db,
                                    const Xapian::Query &q, const Xapian::Query &filter,
                                    const ledei_rank_page &page);

ledei_rank_total ledei_rank_search(std::vector<ledei_rank_hit> *hits, lede_db_t *db,
                                   const Xapian::Query &q, const Xapian::Query &filter,
                                   const ledei_rank_page &page) {
  boost_list boosts;
  std::vector<Xapian::docid> article_dids;
  ledei_rank_total total = search_page(hits, &boosts, &article_dids, db, q, filter, page);
  read_documents(db, hits, q);
  /* Each hit's boost, for --explain, and its article's document: its
   * article's, when it was chosen. */
  std::map<std::string, size_t> of;
  for (size_t i = 0; i < boosts.size(); i++)
    of.emplace(boosts[i].first, i);
  for (ledei_rank_hit &h : *hits) {
    auto b = h.data ? of.find(h.data->article_id) : of.end();
    if (b != of.end()) {
      h.boost = boosts[b->second].second;
      h.article_did = article_dids[b->second];
    }
  }
  return total;
}

/* The page's hits (documents not read yet) and the total; *boosts gets
 * the chosen articles' boosts. */
static ledei_rank_total search_page(std::vector<ledei_rank_hit> *hits, boost_list *boosts,
                                    std::vector<Xapian::docid> *article_dids, lede_db_t *db,
                                    const Xapian::Query &q, const Xapian::Query &filter,
                                    const ledei_rank_page &page) {
  hits->clear();
  unsigned depth = page.offset + page.limit;
  hits->reserve(std::min(page.limit, 1024u)); /* a limit may be far past the matches */
  /* Chosen once for the page, however many hits the window reads past
   * it for copies: the page ranks the same whatever the window. */
  *boosts = choose_articles(db, q, filter, page, depth, article_dids);
  /* Room for the window's hits up front: a growing vector moved every hit
   * (a large object) again, 1 % of a query's instructions (docs/bench-query.md). */
  std::vector<ledei_rank_hit> all;
  window_memo memo;
  if (!page.collapse) {
    all.reserve(2 * (depth + 16)); /* the chosen and the others, each with a tied group */
    ledei_rank_total total = rank_window(&all, db, q, *boosts, page, depth, &memo);
    for (size_t i = page.offset; i < all.size() && i < depth; i++)
      hits->push_back(std::move(all[i]));
    return total;
  }
  /* Copies: read hits until they hold the page's groups and a margin.
   * --per-article caps an article's passages before grouping (Xapian's
   * collapse, as without grouping): a copy in an article already shown N
   * times is left out, and an article represents at most N groups. */
  unsigned window = depth + COPY_MARGIN;
  for (;;) {
    all.clear();
    all.reserve(2 * (window + 16)); /* the chosen and the others, each with a tied group */
    ledei_rank_total total = rank_window(&all, db, q, *boosts, page, window, &memo);
    /* Every match read, and none left out by --per-article. */
    bool every = total.exact && all.size() >= total.count;
    /* An exact count at most 100 past the window (the margin totals are
     * exact within without grouping): read the rest, for an exact number
     * of groups. */
    if (!every && total.exact && total.count > window && total.count <= window + COUNT_MARGIN) {
      window = total.count;
      continue;
    }
    bool enough;
    size_t groups = group_copies(hits, all, page, every || all.size() < window, &enough);
    if (!enough) {
      window *= 4;
      continue;
    }
    if (every)
      return {(Xapian::doccount)groups, true};
    /* Every match counted, and only --per-article left some out: their
     * groups come from a window of every match without it (a small one:
     * the count is exact within 100 past the page). */
    if (total.exact && page.per_article && total.count <= window + COUNT_MARGIN) {
      ledei_rank_page whole = page;
      whole.per_article = 0;
      whole.offset = 0;
      whole.limit = 0; /* no hits wanted, only the groups counted */
      std::vector<ledei_rank_hit> every_match, none;
      every_match.reserve(2 * (total.count + 16));
      window_memo all_memo;
      ledei_rank_total t = rank_window(&every_match, db, q, *boosts, whole, total.count, &all_memo);
      bool whole_enough;
      if (t.exact && every_match.size() >= t.count)
        return {(Xapian::doccount)group_copies(&none, every_match, whole, true, &whole_enough),
                true};
    }
    /* Else Xapian's count of matches (those --per-article leaves out too)
     * times the groups per hit of those read. */
    double ratio = all.empty() ? 1 : (double)groups / all.size();
    return {std::max<Xapian::doccount>((Xapian::doccount)(total.count * ratio + 0.5),
                                       (Xapian::doccount)groups),
            false};
  }
}
