/*
 * test_searches.cc - what one page of results asks Xapian (docs/bench-query.md,
 * "Twelfth session"): a page whose window grows to catch its copies does
 * not run again the searches whose answers do not depend on the window
 * (the chosen articles' sentences, the bound on the query, an exact count),
 * and the bound is asked only when there is a cutoff to compare it with;
 * a one-word query is counted by its term frequency, not a search.
 */
#include "xapian_test.h"

#include <algorithm>
#include <set>
#include <vector>

int main() {
  std::string dir, index;
  lede_db_t *w = new_index(&dir, &index);
  /* 60 articles, each a copy of one wire sentence and a sentence of its
   * own: the copies fill the first window of 30 hits, so the page reads
   * a window 4 times as deep. */
  for (int i = 1; i <= 60; i++) {
    std::string id = "a" + std::to_string(i), path = id + ".txt",
                title = "Report " + std::to_string(i);
    std::string wire = "Oil prices rose sharply on Monday in heavy trading.";
    std::string own = "Oil output grew at the field";
    for (int k = 0; k < 20 + i; k++)
      own += " again";
    own += ".";
    lede_sentence_t sentences[2] = {};
    sentences[0].text = &wire[0];
    sentences[1].text = &own[0];
    lede_article_t a = {};
    a.path = &path[0];
    a.id = &id[0];
    a.title = &title[0];
    a.source = const_cast<char *>("Wire");
    a.sentences = sentences;
    a.nsentences = 2;
    EXPECT(lede_db_put_article(w, &a) == LEDE_OK, lede_last_error());
  }
  EXPECT(lede_db_commit(w) == LEDE_OK, lede_last_error());
  lede_db_close(w);

  lede_db_t *r = read_index(index);
  std::vector<std::pair<std::string, std::string>> trace;
  r->trace = &trace;
  lede_search_opts_t so = LEDE_SEARCH_OPTS_INIT;
  so.query = "oil";
  lede_results_t *res = nullptr;
  EXPECT(lede_db_search(&res, r, &so) == LEDE_OK, lede_last_error());
  if (res) {
    EXPECT(res->nhits == 10, std::to_string(res->nhits) + " hits");
    EXPECT(res->total == 61 && res->total_exact, std::to_string(res->total) + " groups");
    size_t most = 0;
    for (size_t i = 0; i < res->nhits; i++)
      most = std::max(most, res->hits[i].nalso);
    EXPECT(most == 59, "the wire sentence's copies: " + std::to_string(most));
  }
  lede_results_free(res);
  /* Each search of the page asked once, and no count (an unweighted
   * search of the word alone: 6 searches before). */
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto &e : trace) {
    Xapian::Query q = Xapian::Query::unserialise(e.first);
    std::string what = q.get_description() + " " + e.second;
    EXPECT(seen.insert(e).second, "searched again: " + what.substr(0, 160));
    EXPECT(!(q.get_type() == Xapian::Query::LEAF_TERM && e.second == "Xapian::BoolWeight"),
           "counted by a search: " + what);
  }
  EXPECT(trace.size() == 5, std::to_string(trace.size()) + " searches");
  /* Newest first: no cutoff for the other sentences to beat, so Xapian's
   * bound on the query, which only a cutoff is compared with, is not
   * asked (the query alone is searched only by the article step). */
  trace.clear();
  so.sort = LEDE_SORT_DATE;
  EXPECT(lede_db_search(&res, r, &so) == LEDE_OK, lede_last_error());
  lede_results_free(res);
  size_t alone = 0;
  for (const auto &e : trace)
    alone += Xapian::Query::unserialise(e.first).get_type() == Xapian::Query::LEAF_TERM &&
             e.second == "Xapian::BM25Weight";
  EXPECT(alone == 1, std::to_string(alone) + " searches of the word alone, weighted");
  lede_db_close(r);
  return finish(dir);
}
