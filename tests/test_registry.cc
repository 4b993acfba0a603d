/*
 * test_registry.cc - every query lede hands Xapian is one that a stock
 * xapian-tcpsrv can answer: it unserialises with a default
 * Xapian::Registry (no posting source or weighting scheme of lede's own)
 * and its weighting scheme is one that registry knows (issue #14). The
 * searches cover every query shape the command-line tests use.
 */
#include "xapian_test.h"

#include <vector>

static lede_article_t *article(const char *id, const char *title, const char *source,
                               const char *date, const std::vector<const char *> &text) {
  auto *a = static_cast<lede_article_t *>(ledei_xcalloc(1, sizeof(lede_article_t)));
  a->path = ledei_xstrdup((std::string(id) + ".txt").c_str());
  a->id = ledei_xstrdup(article_id(id).c_str());
  a->title = ledei_xstrdup(title);
  a->source = ledei_xstrdup(source);
  a->date = date ? ledei_xstrdup(date) : nullptr;
  a->nsentences = text.size();
  a->sentences =
      static_cast<lede_sentence_t *>(ledei_xcalloc(text.size(), sizeof(lede_sentence_t)));
  for (size_t i = 0; i < text.size(); i++)
    a->sentences[i].text = ledei_xstrdup(text[i]);
  return a;
}

int main() {
  std::string dir, index;
  lede_db_t *w = new_index(&dir, &index);
  lede_article_t *as[] = {
      article("a1", "Oil prices rise", "Wire", "2023-11-09",
              {"Oil prices rose sharply on Monday.", "OPEC met in Vienna to discuss output.",
               "Analysts expect crude to stay high."}),
      article("a2", "Defense chiefs meet", "Post", "2023-12-01",
              {"Defense chiefs agreed to share missile warning data.",
               "The joint statement named North Korea.", "Oil was not discussed."}),
      article("a3", "Markets", "Wire", nullptr,
              {"Oil and gas shares fell.", "Missiles were tested."})};
  for (lede_article_t *a : as) {
    EXPECT(lede_db_put_article(w, a) == LEDE_OK, lede_last_error());
    lede_article_free(a);
  }
  EXPECT(lede_db_commit(w) == LEDE_OK, lede_last_error());
  lede_db_close(w);

  lede_db_t *r = read_index(index);
  std::vector<std::pair<std::string, std::string>> trace;
  r->trace = &trace;
  const char *queries[] = {"oil",
                           "oil prices OPEC",
                           "\"missile warning\"",
                           "defense NEAR/3 chiefs",
                           "chiefs ADJ agreed",
                           "miss*",
                           "title:oil*",
                           "title:defense missile",
                           "source:wire oil",
                           "date:2023-11 oil",
                           "date:2023-11-01..2023-12-31 oil",
                           "oil -gas",
                           "oil AND NOT gas",
                           "+oil crude",
                           "misile"};
  const char *sources[] = {"wire", nullptr};
  for (const char *q : queries)
    for (int variant = 0; variant < 4; variant++) {
      lede_search_opts_t so = LEDE_SEARCH_OPTS_INIT;
      so.query = q;
      so.limit = 2;
      so.offset = variant == 1 ? 1 : 0;
      so.context = variant == 2 ? 1 : 0;
      so.per_article = variant == 3 ? 1 : 0;
      so.sort = variant == 3 ? LEDE_SORT_DATE : LEDE_SORT_RELEVANCE;
      so.since = variant == 2 ? "2023-01-01" : nullptr;
      so.until = variant == 2 ? "2023-12-31" : nullptr;
      so.sources = variant == 1 ? sources : nullptr;
      lede_results_t *res = nullptr;
      EXPECT(lede_db_search(&res, r, &so) == LEDE_OK, std::string(q) + ": " + lede_last_error());
      lede_results_free(res);
      lede_timeline_t *t = nullptr;
      EXPECT(lede_db_timeline(&t, r, &so, LEDE_UNIT_MONTH) == LEDE_OK, lede_last_error());
      lede_timeline_free(t);
    }
  /* Issue #17: a question of 5 words or more leaves out of its article
   * step (its first search) the words in over half of the articles, here
   * "oil" (in all three); a shorter one keeps every word. */
  const char *long_q = "oil prices opec vienna analysts", *short_q = "oil prices opec vienna";
  for (const char *q : {long_q, short_q}) {
    size_t first = trace.size();
    lede_search_opts_t so = LEDE_SEARCH_OPTS_INIT;
    so.query = q;
    lede_results_t *res = nullptr;
    EXPECT(lede_db_search(&res, r, &so) == LEDE_OK, std::string(q) + ": " + lede_last_error());
    lede_results_free(res);
    std::string terms;
    if (trace.size() > first) {
      Xapian::Query aq = Xapian::Query::unserialise(trace[first].first);
      for (auto t = aq.get_unique_terms_begin(); t != aq.get_unique_terms_end(); ++t)
        terms += *t + " ";
    }
    EXPECT(terms == (q == long_q ? "Zanalyst Zopec Zprice Zvienna " : "Zoil Zopec Zprice Zvienna "),
           std::string(q) + ": article step of " + terms);
  }
  Xapian::Registry stock;
  bool boosted = false, bm25 = false;
  for (const auto &e : trace) {
    try {
      Xapian::Query q = Xapian::Query::unserialise(e.first, stock);
      passed++;
    } catch (const Xapian::Error &err) {
      failed++;
      fprintf(stderr, "a query a stock server cannot read: %s\n", err.get_description().c_str());
    }
    EXPECT(stock.get_weighting_scheme(e.second) != nullptr, "weighting scheme " + e.second);
    bm25 |= e.second == "Xapian::BM25Weight";
    boosted |= e.first.find("Xapian::ValueMapPostingSource") != std::string::npos;
  }
  EXPECT(trace.size() > 100, std::to_string(trace.size()) + " queries traced");
  EXPECT(bm25, "no BM25Weight search traced");
  EXPECT(boosted, "no article boost traced");
  lede_db_close(r);
  return finish(dir);
}
