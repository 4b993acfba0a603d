/*
 * test_searches.cc - what one page of results asks Xapian (docs/bench-query.md,
 * "Twelfth session"): a page whose window grows to catch its copies does
 * not run again the searches whose answers do not depend on the window
 * (the chosen articles' sentences, the bound on the query, an exact count),
 * nor, when the chosen articles hold fewer hits than the window, the
 * search of the others without --per-article (docs/bench-growth.md,
 * "Thirteenth session"; with it, that search reads its window only:
 * docs/bench-query.md, "Fourteenth session"); the
 * bound is asked only when there is a cutoff to compare it with, and a
 * one-word query is counted by its term frequency, not a search.
 */
#include "xapian_test.h"

#include <algorithm>
#include <set>
#include <vector>

/* Adds an article of one sentence, text. */
static void put(lede_db_t *w, const std::string &id, const char *title, const std::string &text) {
  std::string path = id + ".txt", t = text, hex = article_id(id);
  lede_sentence_t sentence = {};
  sentence.text = &t[0];
  lede_article_t a = {};
  a.path = &path[0];
  a.id = &hex[0];
  a.title = const_cast<char *>(title);
  a.source = const_cast<char *>("Wire");
  a.sentences = &sentence;
  a.nsentences = 1;
  EXPECT(lede_db_put_article(w, &a) == LEDE_OK, lede_last_error());
}

/* Searches index for "oil" with the options so, the searches the page
 * asked (query, weight) put in trace; the results, to be freed. */
static lede_results_t *traced_oil(const std::string &index, lede_search_opts_t so,
                                  std::vector<std::pair<std::string, std::string>> *trace) {
  lede_db_t *r = read_index(index);
  r->trace = trace;
  so.query = "oil";
  lede_results_t *res = nullptr;
  EXPECT(lede_db_search(&res, r, &so) == LEDE_OK, lede_last_error());
  lede_db_close(r);
  return res;
}

/* Searches index for "oil" with --per-article per_article: the page holds
 * hits groups of total (exact), the largest naming copies others, and each
 * search of the page is asked once but again of them (what the page asked
 * again is shown). Returns how many searches the page asked. */
static size_t search_oil(const std::string &index, size_t hits, size_t total, size_t copies,
                         unsigned per_article = 0, size_t again = 0) {
  lede_search_opts_t so = LEDE_SEARCH_OPTS_INIT;
  so.per_article = per_article;
  std::vector<std::pair<std::string, std::string>> trace;
  lede_results_t *res = traced_oil(index, so, &trace);
  if (res) {
    EXPECT(res->nhits == hits, std::to_string(res->nhits) + " hits");
    EXPECT(res->total == total && res->total_exact, std::to_string(res->total) + " groups");
    size_t most = 0;
    for (size_t i = 0; i < res->nhits; i++)
      most = std::max(most, res->hits[i].nalso);
    EXPECT(most == copies, "the wire sentence's copies: " + std::to_string(most));
  }
  lede_results_free(res);
  std::set<std::pair<std::string, std::string>> seen;
  size_t repeated = 0;
  for (const auto &e : trace) {
    Xapian::Query q = Xapian::Query::unserialise(e.first);
    std::string what = q.get_description() + " " + e.second;
    if (!seen.insert(e).second && ++repeated > again)
      EXPECT(false, "searched again: " + what.substr(0, 160));
    /* A one-word query is counted by its term frequency. */
    EXPECT(!(q.get_type() == Xapian::Query::LEAF_TERM && e.second == "Xapian::BoolWeight"),
           "counted by a search: " + what);
  }
  EXPECT(repeated == again, "searches asked again: " + std::to_string(repeated));
  return trace.size();
}

/* 5 articles the article step chooses (one sentence each, the word three
 * times) and 100 exact copies of one wire story, which tie and so are
 * none of them chosen: the chosen articles fill 5 of the first window's
 * 30 hits, so the others are searched without a cutoff, and the window
 * grows to the exact count (105) to group the copies. With --per-article
 * 0 that search is read ahead and not run again for it; with
 * --per-article 3 (collapsed by article, where a deeper read costs more
 * than it saves on Reuters) it reads its window only, and is run again. */
static void few_chosen() {
  std::string dir, index;
  lede_db_t *w = new_index(&dir, &index);
  for (int i = 1; i <= 5; i++)
    put(w, "c" + std::to_string(i), "Oil report",
        "Oil and more oil, said the oil report number " + std::to_string(i) + ".");
  for (int i = 1; i <= 100; i++)
    put(w, "w" + std::to_string(i), "Wire",
        "Crude oil prices rose sharply on Monday in heavy trading on the London exchange.");
  EXPECT(lede_db_commit(w) == LEDE_OK, lede_last_error());
  lede_db_close(w);
  search_oil(index, 6, 6, 99);
  search_oil(index, 6, 6, 99, 3, 1);
  std::string rm = "rm -rf " + shell_quoted(dir);
  EXPECT(system(rm.c_str()) == 0, rm);
}

int main() {
  few_chosen();
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
    std::string hex = article_id(id);
    a.id = &hex[0];
    a.title = &title[0];
    a.source = const_cast<char *>("Wire");
    a.sentences = sentences;
    a.nsentences = 2;
    EXPECT(lede_db_put_article(w, &a) == LEDE_OK, lede_last_error());
  }
  EXPECT(lede_db_commit(w) == LEDE_OK, lede_last_error());
  lede_db_close(w);

  /* Each search of the page asked once, and no count (6 searches before
   * one-word queries were counted by their term frequency). */
  size_t asked = search_oil(index, 10, 61, 59);
  EXPECT(asked == 5, std::to_string(asked) + " searches");
  /* Newest first: no cutoff for the other sentences to beat, so Xapian's
   * bound on the query, which only a cutoff is compared with, is not
   * asked (the query alone is searched only by the article step). */
  lede_search_opts_t so = LEDE_SEARCH_OPTS_INIT;
  so.sort = LEDE_SORT_DATE;
  std::vector<std::pair<std::string, std::string>> trace;
  lede_results_free(traced_oil(index, so, &trace));
  size_t alone = 0;
  for (const auto &e : trace)
    alone += Xapian::Query::unserialise(e.first).get_type() == Xapian::Query::LEAF_TERM &&
             e.second == "Xapian::BM25Weight";
  EXPECT(alone == 1, std::to_string(alone) + " searches of the word alone, weighted");
  return finish(dir);
}
