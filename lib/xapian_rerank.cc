/*
 * xapian_rerank.cc - the rerank stage (issue #18): the hits the stock
 * search ranked (sentence BM25 + the article's boost) are scored again in
 * lede's own code with what Xapian's matcher does not see: how much of the
 * query the sentence itself holds and how close its words sit, and for a
 * question asking for a date, a number or a name whether the sentence holds
 * one, and for such a question or any what/which question its article's
 * evidence in proportion to its coverage; and a
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
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

/* The features' weights, learned by coordinate ascent on the training
 * sets (scripts/dev/rank-learn; docs/eval.md, "Rerank"). */
const double ledei_rerank_coverage = 10.0;
const double ledei_rerank_proximity = 3.0;
const double ledei_rerank_answer = 8.0;
const double ledei_rerank_article_coverage = 1.0;

namespace {

/* A query's distinct words with their weight (idf over sentences), in
 * term order; a word searched in several forms has each form's stem. */
struct query_word {
  ledei_query_word terms;
  double idf;
};

/* Positions of the query's words in one sentence: for each word of the
 * query (by its index), its positions; empty when the sentence lacks it.
 * With fewer than two of the words, each held word has {0} (proximity
 * needs none). */
typedef std::vector<std::vector<Xapian::termpos>> word_positions;

/* Words held over a served index in one search, not a term list a hit
 * (a round trip each): each word k adds 2^k to the weight by a
 * FixedWeightPostingSource (a class the stock server knows), so a
 * document's weight is the set of its words, and the search is filtered
 * by the hits' articles (their terms, each once), which hold the hits and
 * a few other sentences, left out here by docid. The next bit, 2^|qw|,
 * sets written[i]: hit i's article was indexed with its words as written
 * (the "W" term), not stemmed in the index's language. (Naming each hit
 * by its article's term and its sentence number instead, a value range,
 * cost the server about the square of the window: 0.87 s for 4,141 hits
 * on Reuters, 5.4 s for 8,840, docs/bench-query.md, "Twenty-third
 * session".) Needs the hits' article ids (handed over by their search)
 * and at most 50 words (exact in a double); else false. */
bool served_words_held(std::vector<std::vector<size_t>> *held, std::vector<char> *written,
                       lede_db_t *db, Xapian::Database &x, const std::vector<ledei_rank_hit> &hits,
                       const std::vector<query_word> &qw) {
  if (qw.size() > 50)
    return false;
  std::set<std::string> articles;
  for (const ledei_rank_hit &h : hits) {
    if (h.article.empty())
      return false;
    articles.insert(LEDE_PREFIX_ARTICLE + h.article);
  }
  std::vector<Xapian::Query> words;
  for (size_t k = 0; k < qw.size(); k++) {
    auto *bit = new Xapian::FixedWeightPostingSource(std::ldexp(1.0, (int)k));
    words.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(bit->release()),
                       Xapian::Query(Xapian::Query::OP_OR, qw[k].terms.begin(), qw[k].terms.end()));
  }
  auto *as_written = new Xapian::FixedWeightPostingSource(std::ldexp(1.0, (int)qw.size()));
  words.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(as_written->release()),
                     Xapian::Query(LEDE_PREFIX_AS_WRITTEN));
  Xapian::Query q(Xapian::Query::OP_FILTER,
                  Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()),
                  Xapian::Query(Xapian::Query::OP_OR, articles.begin(), articles.end()));
  Xapian::Enquire enq(x);
  /* Not BoolWeight: it drops the posting sources' weights too; the words
   * and articles are all boolean, so BM25 adds nothing of its own. Every
   * match asked for: the hits are among them, wherever they rank. */
  Xapian::MSet m = ledei_get_mset(db, enq, q, Xapian::BM25Weight(), 0, x.get_doccount());
  std::unordered_map<Xapian::docid, uint64_t> bits;
  bits.reserve(m.size());
  for (Xapian::MSetIterator it = m.begin(); it != m.end(); ++it)
    bits[*it] = (uint64_t)it.get_weight();
  written->assign(hits.size(), 0);
  for (size_t i = 0; i < hits.size(); i++) {
    auto b = bits.find(hits[i].did);
    for (size_t k = 0; b != bits.end() && k < qw.size(); k++)
      if (b->second >> k & 1)
        (*held)[i].push_back(k);
    (*written)[i] = b != bits.end() && (b->second >> qw.size() & 1);
  }
  return true;
}

/* held[i]: the indexes in qw of the words hit i holds. Locally each word's
 * postings are skipped through in docid order, a few blocks of the
 * posting table a word; a term list costs a zlib inflate a hit (Glass
 * compresses them: 47,000 instructions each on Reuters, docs/bench-query.md),
 * so only a served index, which would send whole posting lists, reads them.
 * *written is set as served_words_held() sets it when that search was
 * run, else left empty. */
std::vector<std::vector<size_t>> words_held(lede_db_t *db, Xapian::Database &x,
                                            const std::vector<ledei_rank_hit> &hits,
                                            const std::vector<size_t> &by_did,
                                            const std::vector<query_word> &qw,
                                            std::vector<char> *written) {
  std::vector<std::vector<size_t>> held(hits.size());
  if (!ledei_all_local(db) && served_words_held(&held, written, db, x, hits, qw))
    return held;
  written->clear();
  if (!ledei_all_local(db)) { /* a served index hands a posting list over whole */
    std::vector<std::pair<std::string, size_t>> stems; /* in term order, each with its word */
    for (size_t k = 0; k < qw.size(); k++)
      for (const std::string &t : qw[k].terms)
        stems.emplace_back(t, k);
    std::sort(stems.begin(), stems.end());
    for (size_t i : by_did) {
      Xapian::TermIterator t = x.termlist_begin(hits[i].did), end = x.termlist_end(hits[i].did);
      for (const auto &stem : stems) {
        t.skip_to(stem.first);
        if (t == end)
          break;
        if (*t == stem.first)
          held[i].push_back(stem.second);
      }
    }
  } else {
    for (size_t k = 0; k < qw.size(); k++)
      for (const std::string &term : qw[k].terms) {
        Xapian::PostingIterator p = x.postlist_begin(term), end = x.postlist_end(term);
        for (size_t i : by_did) {
          p.skip_to(hits[i].did);
          if (p == end)
            break;
          if (*p == hits[i].did)
            held[i].push_back(k);
        }
      }
  }
  for (std::vector<size_t> &h : held) { /* each word once, in order */
    std::sort(h.begin(), h.end());
    h.erase(std::unique(h.begin(), h.end()), h.end());
  }
  return held;
}

/* The indexes of hits in docid order, the order Xapian's tables keep. */
std::vector<size_t> docid_order(const std::vector<ledei_rank_hit> &hits) {
  std::vector<size_t> by_did(hits.size());
  for (size_t i = 0; i < hits.size(); i++)
    by_did[i] = i;
  std::sort(by_did.begin(), by_did.end(),
            [&](size_t a, size_t b) { return hits[a].did < hits[b].did; });
  return by_did;
}

/* Over a served index, the query words' positions in the hits holding
 * two or more of them (held[i], by served_words_held()), made again from
 * their texts: each hit's postings as lede-index made them
 * (ledei_sentence_postings(), stemmed as its article was: written[i]),
 * from its record, all records read by one search of q. A position list
 * asked of the server is a round trip a hit and word (2,806 for --limit
 * 1000 of 'oil prices' on Reuters). A hit whose words made again are not
 * those the server found is left to those round trips; done[i] is set
 * for the others. */
void served_positions(std::vector<word_positions> *out, std::vector<char> *done, lede_db_t *db,
                      const Xapian::Query &q, const std::vector<ledei_rank_hit> &hits,
                      const std::vector<std::vector<size_t>> &held,
                      const std::vector<char> &written, const std::vector<query_word> &qw) {
  std::vector<std::pair<Xapian::docid, std::string>> which;
  for (size_t i = 0; i < hits.size(); i++)
    if (held[i].size() >= 2 && !hits[i].article.empty())
      which.emplace_back(hits[i].did, hits[i].article);
  if (which.empty())
    return;
  auto records = ledei_served_values(db, q, which, LEDE_SLOT_DATA, Xapian::BAD_VALUENO);
  std::vector<std::pair<std::string, size_t>> stems; /* in term order, each with its word */
  for (size_t k = 0; k < qw.size(); k++)
    for (const std::string &t : qw[k].terms)
      stems.emplace_back(t, k);
  std::sort(stems.begin(), stems.end());
  Xapian::TermGenerator tg;
  ledei_doc_data d;
  for (size_t i = 0; i < hits.size(); i++) {
    auto r = held[i].size() >= 2 ? records.find(hits[i].did) : records.end();
    if (r == records.end() || !ledei_doc_data_decode(&d, r->second.a))
      continue;
    tg.set_stemmer(written[i] ? ledei_plain_stem(db) : db->stem);
    Xapian::Document doc;
    ledei_sentence_postings(tg, doc, d.text);
    word_positions wp(qw.size());
    std::vector<size_t> has;
    Xapian::TermIterator t = doc.termlist_begin(), end = doc.termlist_end();
    for (const auto &stem : stems) {
      t.skip_to(stem.first);
      if (t == end)
        break;
      if (*t != stem.first)
        continue;
      has.push_back(stem.second);
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
        wp[stem.second].push_back(*p);
    }
    std::sort(has.begin(), has.end());
    has.erase(std::unique(has.begin(), has.end()), has.end());
    if (has != held[i])
      continue;
    for (size_t k : has) { /* as positions_of() reads them from an index */
      if (qw[k].terms.size() > 1)
        std::sort(wp[k].begin(), wp[k].end());
      if (wp[k].empty()) /* a word without positions is there all the same */
        wp[k].push_back(0);
    }
    (*out)[i] = std::move(wp);
    (*done)[i] = 1;
  }
}

/* The query words' positions in each hit. Only a hit holding two or more
 * words has its positions read (on Reuters two thirds of the position
 * blocks read were for hits holding one word), word by word in docid
 * order, as the position table keys them; over a served index, made again
 * from the hits' texts (served_positions()), and asked of the server only
 * for a hit whose words made again differ. */
std::vector<word_positions> positions_of(lede_db_t *db, Xapian::Database &x, const Xapian::Query &q,
                                         const std::vector<ledei_rank_hit> &hits,
                                         const std::vector<query_word> &qw) {
  std::vector<size_t> by_did = docid_order(hits);
  std::vector<char> written;
  std::vector<std::vector<size_t>> held = words_held(db, x, hits, by_did, qw, &written);
  std::vector<word_positions> out(hits.size(), word_positions(qw.size()));
  for (size_t i = 0; i < hits.size(); i++)
    if (held[i].size() < 2)
      for (size_t k : held[i])
        out[i][k].push_back(0);
  std::vector<char> done(hits.size(), 0);
  if (!written.empty())
    served_positions(&out, &done, db, q, hits, held, written, qw);
  for (size_t k = 0; k < qw.size(); k++)
    for (size_t i : by_did) {
      if (held[i].size() < 2 || done[i] ||
          std::find(held[i].begin(), held[i].end(), k) == held[i].end())
        continue;
      std::vector<Xapian::termpos> &ps = out[i][k];
      for (const std::string &term : qw[k].terms)
        for (auto p = x.positionlist_begin(hits[i].did, term); p != Xapian::PositionIterator(); ++p)
          ps.push_back(*p);
      if (qw[k].terms.size() > 1)
        std::sort(ps.begin(), ps.end());
      if (ps.empty()) /* a word without positions is there all the same */
        ps.push_back(0);
    }
  return out;
}

/* The idf-weighted share of the query's words that wp holds. */
double share(const word_positions &wp, const std::vector<query_word> &qw, double total) {
  double s = 0;
  for (size_t k = 0; k < qw.size(); k++)
    if (!wp[k].empty())
      s += qw[k].idf;
  return total > 0 ? s / total : 0;
}

/* How close the sentence's query words sit: the number of distinct words
 * over the shortest span of positions holding them all (1: side by side);
 * 0 with fewer than two. */
double closeness(const word_positions &wp) {
  std::vector<std::pair<Xapian::termpos, size_t>> all;
  size_t k = 0;
  for (const std::vector<Xapian::termpos> &ps : wp) {
    if (ps.empty())
      continue;
    for (Xapian::termpos p : ps)
      all.emplace_back(p, k);
    k++;
  }
  const size_t words = k;
  if (words < 2)
    return 0;
  std::sort(all.begin(), all.end());
  std::vector<size_t> seen(words, 0);
  size_t have = 0, lo = 0;
  Xapian::termpos best = 0;
  bool found = false;
  for (size_t hi = 0; hi < all.size(); hi++) {
    if (seen[all[hi].second]++ == 0)
      have++;
    while (have == words) {
      Xapian::termpos span = all[hi].first - all[lo].first + 1;
      if (!found || span < best)
        best = span, found = true;
      if (--seen[all[lo].second] == 0)
        have--;
      lo++;
    }
  }
  return found ? std::min(1.0, (double)words / best) : 0;
}

bool word_byte(char c) {
  unsigned char u = (unsigned char)c;
  return u >= 0x80 || isalnum(u);
}

/* The next word of text at or after *at, [*b, *at): a run of ASCII letters
 * and digits and of non-ASCII bytes (UTF-8 letters); false when none. */
bool next_word(const std::string &text, size_t *at, size_t *b) {
  size_t i = *at;
  while (i < text.size() && !word_byte(text[i]))
    i++;
  *b = i;
  while (i < text.size() && word_byte(text[i]))
    i++;
  *at = i;
  return i > *b;
}

std::vector<std::string> plain_words(const std::string &text) {
  std::vector<std::string> out;
  size_t at = 0, b;
  while (next_word(text, &at, &b))
    out.push_back(text.substr(b, at - b));
  return out;
}

std::string ascii_lower(std::string w) {
  for (char &c : w)
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
  return w;
}

bool one_of(const std::string &w, const char *const *list) {
  for (; *list; list++)
    if (w == *list)
      return true;
  return false;
}

/* Words that ask rather than say ("how many", "did ... do"): a sentence
 * that answers a question rarely holds them, so matching them only
 * favours other questions and asides ("what they are doing"). */
const char *const question_words[] = {"what", "who", "whom", "whose", "which", "when", "where",
                                      "why",  "how", "did",  "does",  "do",    "were", "has",
                                      "have", "had", "many", "much",  nullptr};

/* Whether text ends with '?' (spaces after it aside). */
bool ends_with_question_mark(const std::string &text) {
  size_t n = text.size();
  while (n > 0 && isspace((unsigned char)text[n - 1]))
    n--;
  return n > 0 && text[n - 1] == '?';
}

/* 1 when text reads as a question: it ends with '?' or starts with a
 * question word. */
bool is_question(const std::string &text) {
  if (ends_with_question_mark(text))
    return true;
  size_t b = text.find_first_not_of(" \t\n");
  if (b == std::string::npos)
    return false;
  size_t n = b;
  while (n < text.size() && isalpha((unsigned char)text[n]))
    n++;
  return one_of(ascii_lower(text.substr(b, n - b)), question_words);
}

/* What a question asks for, by its wh-phrase: the answer sentence must
 * hold such a thing, which the question itself lacks (docs/ranking.md,
 * "Answer type"). The same rules as scripts/dev/rank-learn's. */
enum answer_kind { ANSWER_NONE, ANSWER_DATE, ANSWER_NUMBER, ANSWER_NAME };

const char *const wh_words[] = {"what", "which", "who", "whom", "whose",
                                "when", "where", "why", "how",  nullptr};
const char *const date_nouns[] = {"year",    "years", "century", "centuries", "decade",
                                  "decades", "date",  "month",   "day",       nullptr};
const char *const number_how[] = {"many", "much", "long", "far",  "old",   "large", "big",
                                  "tall", "high", "wide", "deep", "heavy", "often", nullptr};
const char *const number_nouns[] = {"percentage", "percent", nullptr};
const char *const months[] = {"january",  "february", "march",  "april",     "may",
                              "june",     "july",     "august", "september", "october",
                              "november", "december", nullptr};
const char *const number_words[] = {
    "one",       "two",      "three",     "four",     "five",     "six",      "seven",
    "eight",     "nine",     "ten",       "eleven",   "twelve",   "thirteen", "fourteen",
    "fifteen",   "sixteen",  "seventeen", "eighteen", "nineteen", "twenty",   "thirty",
    "forty",     "fifty",    "sixty",     "seventy",  "eighty",   "ninety",   "hundred",
    "thousand",  "million",  "billion",   "trillion", "dozen",    "dozens",   "hundreds",
    "thousands", "millions", "billions",  "half",     "twice",    nullptr};

/* The thirteenth session's forms (docs/eval.md, "What and which"): how +
 * another adjective of size or degree, what/which + a measure noun or
 * "what is the" + one: a number; "what is the name", "what name": a name;
 * any other what/which question is typed by its article only. */
const char *const number_how_more[] = {"few",   "small",     "short", "fast", "slow",
                                       "thick", "thin",      "low",   "hot",  "cold",
                                       "warm",  "expensive", "close", nullptr};
const char *const measure_nouns[] = {
    "amount",      "number",   "numbers",  "age",      "size",   "population",
    "proportion",  "fraction", "ratio",    "rate",     "length", "height",
    "width",       "depth",    "weight",   "distance", "area",   "volume",
    "temperature", "speed",    "cost",     "price",    "total",  "sum",
    "quantity",    "capacity", "duration", "count",    nullptr};
const char *const name_nouns[] = {"name", "names", nullptr};
/* Words after what/which that are not the noun it asks about. */
const char *const linking[] = {"is", "was", "are", "were", nullptr};

/* A question's type and what it weighs: the answer type's weight (0: the
 * sentences are not read for one) and the article x coverage's; describes,
 * the wh-phrase's word that names the answer's kind ("year" in "what
 * year", "long" in "how long"), if any. */
struct question_type {
  answer_kind kind;
  double answer_weight;
  double article_coverage_weight;
  std::string describes;
};

const double article_coverage_what = 3.0; /* the thirteenth session's forms */

/* The type of a query ending with '?', from its first wh-word: without the
 * mark "how far can one trust..." asks for a degree, not a distance. */
question_type question_kind(const char *text) {
  const question_type none = {ANSWER_NONE, 0, 0, ""};
  const question_type sharp = {ANSWER_NONE, ledei_rerank_answer, ledei_rerank_article_coverage, ""};
  const question_type what = {ANSWER_NONE, ledei_rerank_answer, article_coverage_what, ""};
  if (!text || !ends_with_question_mark(text))
    return none;
  std::vector<std::string> ws = plain_words(text);
  for (size_t i = 0; i < ws.size(); i++) {
    std::string w = ascii_lower(ws[i]);
    if (!one_of(w, wh_words))
      continue;
    std::string next = i + 1 < ws.size() ? ascii_lower(ws[i + 1]) : "";
    bool is_what = w == "what" || w == "which";
    question_type t = sharp;
    if (w == "when")
      return t.kind = ANSWER_DATE, t;
    if (is_what && one_of(next, date_nouns))
      return t.kind = ANSWER_DATE, t.describes = next, t;
    if ((w == "how" && one_of(next, number_how)) || (is_what && one_of(next, number_nouns)))
      return t.kind = ANSWER_NUMBER, t.describes = next, t;
    if (w == "who" || w == "whom" || w == "whose" || w == "where")
      return t.kind = ANSWER_NAME, t;
    t = what;
    if (w == "how" && one_of(next, number_how_more))
      return t.kind = ANSWER_NUMBER, t.describes = next, t;
    if (!is_what)
      return none;
    /* "what is the population", "what was the name": the noun after "the" */
    std::string noun = next;
    if (one_of(next, linking) && i + 3 < ws.size() && ascii_lower(ws[i + 2]) == "the")
      noun = ascii_lower(ws[i + 3]);
    t.describes = noun;
    if (one_of(noun, measure_nouns))
      return t.kind = ANSWER_NUMBER, t;
    if (one_of(noun, name_nouns))
      return t.kind = ANSWER_NAME, t;
    /* "what city", "what is": the answer's kind is too broad to count (a
     * capitalised word helped neither half), its article still does; "city"
     * names the thing asked about, which the answer holds as often as not
     * (docs/eval.md, "Question words that describe the answer"); "what
     * was the year" still describes its answer */
    t.answer_weight = 0;
    if (!one_of(noun, date_nouns) && !one_of(noun, number_nouns))
      t.describes.clear();
    return t;
  }
  return none;
}

/* Words that label the answer wherever they stand ("what is it called",
 * "known as"). */
const char *const label_words[] = {"called", "named",     "known",  "name",
                                   "names",  "nicknamed", "termed", nullptr};

/* The words of a typed question that describe its answer rather than the
 * thing asked about: its wh-phrase's noun or adjective of kind, and the
 * label words. The sentence that answers rarely holds them. */
std::set<std::string> describing_words(const std::string &text) {
  std::set<std::string> out;
  question_type type = question_kind(text.c_str());
  if (type.article_coverage_weight == 0)
    return out;
  if (!type.describes.empty())
    out.insert(type.describes);
  for (const std::string &w : plain_words(text))
    if (one_of(ascii_lower(w), label_words))
      out.insert(ascii_lower(w));
  return out;
}

/* The weight of a describing word in the sentence step's query: half, so
 * a sentence holding it and less of the rest ranks lower (docs/eval.md,
 * "Question words that describe the answer"). */
const double describing_scale = 0.5;

bool all_digits(const std::string &w, size_t from, size_t to) {
  for (size_t i = from; i < to; i++)
    if (!isdigit((unsigned char)w[i]))
      return false;
  return to > from;
}

/* A year (1000-2099), a decade (1990s), an ordinal (19th) or a month. */
bool is_date_word(const std::string &w) {
  size_t n = w.size();
  if ((n == 4 || (n == 5 && w[4] == 's')) && all_digits(w, 0, 4) &&
      (w[0] == '1' || (w[0] == '2' && w[1] == '0')))
    return true;
  if (n >= 3 && all_digits(w, 0, n - 2)) {
    std::string end = w.substr(n - 2);
    if (end == "st" || end == "nd" || end == "rd" || end == "th")
      return true;
  }
  return one_of(w, months);
}

/* Whether sentence holds a thing of kind that the question's words (lower
 * case) do not: a name is a capitalised word other than the first. Each
 * word is tested on its bytes first; only a candidate is copied. */
bool holds_kind(answer_kind kind, const std::set<std::string> &question,
                const std::string &sentence) {
  static const std::set<std::string> numbers(
      number_words, number_words + sizeof number_words / sizeof *number_words - 1);
  std::string w;
  size_t at = 0, b;
  for (bool first = true; next_word(sentence, &at, &b); first = false) {
    size_t n = at - b;
    bool digit = false;
    for (size_t i = b; i < at && !digit; i++)
      digit = isdigit((unsigned char)sentence[i]);
    if (kind == ANSWER_NAME && (first || sentence[b] < 'A' || sentence[b] > 'Z'))
      continue;
    if (kind != ANSWER_NAME && !digit && n > 9) /* longer than "september" or "thousands" */
      continue;
    w = ascii_lower(sentence.substr(b, n));
    if (question.count(w))
      continue;
    if (kind == ANSWER_NAME || (kind == ANSWER_DATE && is_date_word(w)) ||
        (kind == ANSWER_NUMBER && (digit || numbers.count(w))))
      return true;
  }
  return false;
}

/* Sets each hit's answer feature for a typed question (ANSWER_NONE: none
 * held), reading the hits' records in docid order (over a served index by
 * one search of q, ledei_served_values()); returns each hit's article's
 * BM25 (0 for an article the article step did not choose). */
std::vector<double> answer_types(std::vector<ledei_rank_hit> *all, lede_db_t *db,
                                 Xapian::Database &x, const Xapian::Query &q,
                                 const question_type &type, const char *text,
                                 const std::vector<std::pair<std::string, double>> &boosts,
                                 double article_weight) {
  std::set<std::string> question;
  for (const std::string &w : plain_words(text))
    question.insert(ascii_lower(w));
  std::map<std::string, double> bm25;
  for (const auto &b : boosts)
    bm25.emplace(b.first, article_weight > 0 ? b.second / article_weight : 0);
  std::vector<double> article(all->size(), 0);
  std::unordered_map<Xapian::docid, ledei_served_value> served;
  if (!ledei_all_local(db)) {
    std::vector<std::pair<Xapian::docid, std::string>> which;
    for (const ledei_rank_hit &h : *all)
      if (!h.article.empty())
        which.emplace_back(h.did, h.article);
    served = ledei_served_values(db, q, which, LEDE_SLOT_DATA, Xapian::BAD_VALUENO);
  }
  for (size_t i : docid_order(*all)) {
    ledei_rank_parts &p = (*all)[i].parts;
    p.answer_weight = type.answer_weight;
    p.article_coverage_weight = type.article_coverage_weight;
    ledei_rank_hit &h = (*all)[i];
    auto d = std::make_shared<ledei_doc_data>();
    auto v = served.find(h.did);
    if (!(v != served.end()
              ? ledei_doc_data_decode(d.get(), v->second.a)
              : ledei_doc_data_get(d.get(), x.get_document(h.did, Xapian::DOC_ASSUME_VALID))))
      continue;
    p.answer = type.kind != ANSWER_NONE && holds_kind(type.kind, question, d->text) ? 1 : 0;
    auto a = bm25.find(d->article_id);
    if (a != bm25.end())
      article[i] = a->second;
    h.data = std::move(d); /* kept for the page: read once */
  }
  return article;
}

} // namespace

void ledei_rerank(std::vector<ledei_rank_hit> *all, lede_db_t *db, const Xapian::Query &q,
                  const char *text, const std::vector<std::pair<std::string, double>> &boosts,
                  double article_weight) {
  if (all->empty())
    return;
  Xapian::Database &x = db->sentences();
  std::map<ledei_query_word, unsigned> terms;
  ledei_rank_query_terms(q, &terms);
  std::vector<query_word> qw;
  double total = 0, n = (double)std::max<Xapian::doccount>(1, x.get_doccount());
  for (const auto &kv : terms) {
    Xapian::doccount df = 0;
    for (const std::string &t : kv.first)
      df += x.get_termfreq(t);
    if (df == 0)
      continue;
    double idf = std::log(1 + n / df);
    qw.push_back({kv.first, idf});
    total += idf;
  }
  if (qw.empty())
    return;
  std::vector<word_positions> wps = positions_of(db, x, q, *all, qw);
  /* Only a typed question reads the hits' records: keyword
   * queries cost nothing more. */
  question_type type = question_kind(text);
  std::vector<double> article;
  if (type.article_coverage_weight > 0)
    article = answer_types(all, db, x, q, type, text, boosts, article_weight);
  for (size_t i = 0; i < all->size(); i++) {
    ledei_rank_parts &p = (*all)[i].parts;
    p.coverage = share(wps[i], qw, total);
    p.proximity = closeness(wps[i]);
    /* A typed question's article counts more where the sentence itself
     * matches: the answer's article carries the question's other words. */
    if (!article.empty())
      p.article_coverage = article[i] * p.coverage;
    p.added = ledei_rerank_coverage * p.coverage + ledei_rerank_proximity * p.proximity +
              p.answer_weight * p.answer + p.article_coverage_weight * p.article_coverage;
    (*all)[i].weight += p.added;
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
  std::set<std::string> describing;
  for (const std::string &w : describing_words(text))
    describing.insert("Z" + stem(w));
  std::vector<Xapian::Query> keep;
  bool words_left = false, scaled = false;
  for (size_t i = 0; i < q.get_num_subqueries(); i++) {
    Xapian::Query sub = q.get_subquery(i);
    bool leaf = sub.get_type() == Xapian::Query::LEAF_TERM;
    std::string term = leaf ? *sub.get_terms_begin() : "";
    if (leaf && drop.count(term))
      continue;
    words_left |= !leaf || ledei_is_text_stem(term);
    /* The article step and the rerank's coverage read the words through
     * the scale, unweighted: only the sentence's BM25 changes. */
    if (leaf && describing.count(term)) {
      sub = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub, describing_scale);
      scaled = true;
    }
    keep.push_back(sub);
  }
  if (!words_left || (keep.size() == q.get_num_subqueries() && !scaled))
    return q;
  return Xapian::Query(Xapian::Query::OP_OR, keep.begin(), keep.end());
}
