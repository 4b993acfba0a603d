/*
 * xapian_timeline.cc - how many passages match a query, per day, week, month
 * or year, over the whole archive (lede-query --timeline).
 *
 * Every match counts, not a page of them: the matching sentences are walked
 * in docid order with a boolean weight (no ranking), and each one's date and
 * article id are read from the value streams.
 */
#include "xapian_rank.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_set>
#include <vector>

namespace {
struct period {
  uint64_t passages = 0;
  std::unordered_set<std::string> articles;
};
} // namespace

/* Counts the matches of q into periods (keyed by their first day) and
 * undated; returns the number of matches. */
static uint64_t count_matches(lede_db_t *db, Xapian::Database &x, const Xapian::Query &q,
                              lede_unit_t unit, std::map<std::string, period> *periods,
                              uint64_t *undated) {
  Xapian::Enquire enq(x);
  enq.set_docid_order(Xapian::Enquire::ASCENDING);
  Xapian::MSet m = ledei_get_mset(db, enq, q, ledei_unweighted(db, x, q), 0, x.get_doccount());
  /* In docid order, as the value streams are read (a weighed search's
   * matches come by weight). */
  std::vector<Xapian::docid> dids(m.begin(), m.end());
  std::sort(dids.begin(), dids.end());
  Xapian::ValueIterator date = x.valuestream_begin(LEDE_SLOT_DATE);
  Xapian::ValueIterator art = x.valuestream_begin(LEDE_SLOT_ARTICLE);
  const Xapian::ValueIterator end = x.valuestream_end(LEDE_SLOT_DATE);
  const Xapian::ValueIterator art_end = x.valuestream_end(LEDE_SLOT_ARTICLE);
  char start[11];
  for (Xapian::docid did : dids) {
    if (date != end)
      date.skip_to(did);
    if (date == end || date.get_docid() != did ||
        !ledei_date_period(start, (*date).c_str(), unit)) {
      ++*undated;
      continue;
    }
    period &p = (*periods)[start];
    p.passages++;
    if (art != art_end)
      art.skip_to(did);
    if (art != art_end && art.get_docid() == did)
      p.articles.insert(*art);
  }
  return m.size();
}

/* Fills t from the counted periods: every period from the first to the
 * last, empty ones included. */
static void fill_buckets(lede_timeline_t *t, const std::map<std::string, period> &periods) {
  if (periods.empty())
    return;
  const std::string &last = periods.rbegin()->first;
  std::vector<lede_bucket_t> v;
  char cur[11];
  snprintf(cur, sizeof cur, "%s", periods.begin()->first.c_str());
  while (strcmp(cur, last.c_str()) <= 0) {
    lede_bucket_t b = {};
    memcpy(b.start, cur, sizeof b.start);
    auto it = periods.find(cur);
    if (it != periods.end()) {
      b.passages = it->second.passages;
      b.articles = it->second.articles.size();
    }
    v.push_back(b);
    if (!ledei_date_next_period(cur, cur, t->unit))
      break;
  }
  t->buckets = static_cast<lede_bucket_t *>(ledei_xcalloc(v.size() + 1, sizeof(lede_bucket_t)));
  memcpy(t->buckets, v.data(), v.size() * sizeof(lede_bucket_t));
  t->nbuckets = v.size();
}

extern "C" lede_status_t lede_db_timeline(lede_timeline_t **out, lede_db_t *db,
                                          const lede_search_opts_t *opts, lede_unit_t unit) {
  *out = nullptr;
  if (ledei_check_search_opts(opts))
    return LEDE_ERR_INVALID;
  /* A C caller may pass any int; C++ may not even load one outside the
   * enumeration, so its bytes are read. Its periods would never advance. */
  int u;
  static_assert(sizeof u == sizeof unit, "lede_unit_t is an int");
  memcpy(&u, &unit, sizeof u);
  if (u < LEDE_UNIT_DAY || u > LEDE_UNIT_YEAR)
    return ledei_error(LEDE_ERR_INVALID, "timeline unit %d is no lede_unit_t", u);
  lede_timeline_t *t = nullptr;
  lede_status_t rc = ledei_read_retrying(db, [&] {
    lede_timeline_free(t); /* a failed attempt's */
    t = static_cast<lede_timeline_t *>(ledei_xcalloc(1, sizeof *t));
    t->query = ledei_xstrdup(opts->query ? opts->query : "");
    t->unit = unit;
    std::string warning;
    Xapian::Query q = ledei_matching_query(db, opts, &warning);
    if (!warning.empty())
      t->warning = ledei_xstrdup(warning.c_str());
    if (q.empty())
      return;
    std::map<std::string, period> periods;
    t->total = count_matches(db, db->sentences(), q, unit, &periods, &t->undated);
    fill_buckets(t, periods);
  });
  if (rc != LEDE_OK) {
    lede_timeline_free(t);
    return rc;
  }
  *out = t;
  return LEDE_OK;
}

extern "C" void lede_timeline_free(lede_timeline_t *t) {
  if (!t)
    return;
  free(t->query);
  free(t->warning);
  free(t->buckets);
  free(t);
}

extern "C" lede_status_t lede_db_count_matches(lede_count_t *out, lede_db_t *db,
                                               const lede_search_opts_t *opts) {
  out->passages = out->articles = 0;
  out->warning = nullptr;
  if (ledei_check_search_opts(opts))
    return LEDE_ERR_INVALID;
  std::string warning;
  lede_status_t rc = ledei_read_retrying(db, [&] {
    out->passages = out->articles = 0;
    Xapian::Query q = ledei_matching_query(db, opts, &warning);
    if (q.empty())
      return;
    /* Every match checked: exact counts, of sentences and (collapsed on
     * the article id) of articles, on any number of indexes. Articles are
     * the collapsed hits themselves: Xapian's count of collapsed matches
     * with no hit asked for is an estimate (24 passages in 20 articles for
     * a figure query whose 24 sit in 12). */
    Xapian::doccount all = db->sentences().get_doccount();
    Xapian::Enquire enq(db->sentences());
    out->passages = ledei_get_mset(db, enq, q, ledei_unweighted(db, db->sentences(), q), 0, 0, all)
                        .get_matches_estimated();
    enq.set_collapse_key(LEDE_SLOT_ARTICLE, 1);
    out->articles =
        ledei_get_mset(db, enq, q, ledei_unweighted(db, db->sentences(), q), 0, all, all).size();
  });
  if (rc == LEDE_OK && !warning.empty())
    out->warning = ledei_xstrdup(warning.c_str());
  return rc;
}
