/*
 * cjk-compare - measures the ways of indexing Korean, Japanese and Chinese
 * that docs/cjk.md compares, on the hand-made set of tests/data/cjk:
 *
 *   words         TermGenerator as lede used it before schema 12 (a run of
 *                 CJK characters is one word)
 *   xapian-ngram  Xapian 1.4's FLAG_CJK_NGRAM in TermGenerator and
 *                 QueryParser (a query word is the AND of its n-grams)
 *   xapian-ngram-z  the same with lede's stemmer setting (STEM_ALL_Z)
 *   icu-words     ICU's word BreakIterator (dictionaries for Chinese and
 *                 Japanese) on text and queries, a word a phrase of its parts
 *   lede-ngram    unigrams and bigrams at one position, a query word the
 *                 phrase of its bigrams (lib/xapian_common.cc, xapian_search.cc)
 *
 * For each query word of the questions it counts the sentences found that
 * hold the word (true), that do not (false), and those holding it that were
 * not found (missed); for each question whether its sentence comes first
 * (BM25 over sentences alone, no article step); and the time to index the
 * sentences 400 times over (in memory, the best of 5 runs). Not built by
 * CMake; docs/cjk.md gives the commands:
 *
 *   g++ -O2 -std=c++17 scripts/benchmarks/cjk-compare.cc -o cjk-compare -lxapian -licuuc
 *   cjk-compare SENTENCES.txt tests/data/cjk/questions.tsv
 */
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>
#include <vector>
#include <xapian.h>

namespace {

/* The code point at s[i] (advancing i); 0 at a bad byte. */
uint32_t next_cp(const std::string &s, size_t &i) {
  unsigned char c = (unsigned char)s[i];
  int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  uint32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
  for (int k = 1; k < n && i + k < s.size(); k++)
    cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
  i += n;
  return cp;
}

bool cjk(uint32_t c) {
  return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3040 && c <= 0x30FF && c != 0x30FB) ||
         (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || c >= 0x20000;
}

/* Text split into pieces: runs of CJK characters (each character kept)
 * and the other text between them. */
struct piece {
  bool is_cjk;
  std::string text;
  std::vector<std::string> chars;
};
std::vector<piece> pieces(const std::string &s) {
  std::vector<piece> out;
  for (size_t i = 0; i < s.size();) {
    size_t at = i;
    bool c = cjk(next_cp(s, i));
    if (out.empty() || out.back().is_cjk != c)
      out.push_back(piece{c, "", {}});
    out.back().text += s.substr(at, i - at);
    if (c)
      out.back().chars.push_back(s.substr(at, i - at));
  }
  return out;
}

/* ICU's words of a text, punctuation and spaces left out. */
std::vector<std::string> icu_words(const std::string &s) {
  UErrorCode err = U_ZERO_ERROR;
  static std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  it->setText(u);
  std::vector<std::string> out;
  for (int32_t a = it->first(), b = it->next(); b != icu::BreakIterator::DONE;
       a = b, b = it->next()) {
    if (it->getRuleStatus() == UBRK_WORD_NONE)
      continue;
    std::string w;
    u.tempSubStringBetween(a, b).toUTF8String(w);
    out.push_back(w);
  }
  return out;
}

enum method { WORDS, XAPIAN_NGRAM, XAPIAN_NGRAM_Z, ICU_WORDS, LEDE_NGRAM };
const char *const names[] = {"words", "xapian-ngram", "xapian-ngram-z", "icu-words", "lede-ngram"};
bool xapian_ngram(method m) {
  return m == XAPIAN_NGRAM || m == XAPIAN_NGRAM_Z;
}

Xapian::Document index_doc(method m, Xapian::TermGenerator &tg, const std::string &text) {
  Xapian::Document doc;
  tg.set_document(doc);
  tg.set_termpos(0);
  if (m == WORDS || xapian_ngram(m)) {
    tg.set_flags(xapian_ngram(m) ? Xapian::TermGenerator::FLAG_CJK_NGRAM : 0);
    tg.index_text(text);
  } else if (m == ICU_WORDS) {
    Xapian::termpos pos = 0;
    for (const std::string &w : icu_words(text))
      doc.add_posting(Xapian::Unicode::tolower(w), ++pos);
  } else {
    for (const piece &p : pieces(text)) {
      if (!p.is_cjk) {
        tg.index_text(p.text);
        continue;
      }
      Xapian::termpos pos = tg.get_termpos();
      for (size_t k = 0; k < p.chars.size(); k++) {
        doc.add_posting(p.chars[k], pos + 1 + k);
        if (k + 1 < p.chars.size())
          doc.add_posting(p.chars[k] + p.chars[k + 1], pos + 1 + k);
      }
      tg.set_termpos(pos + p.chars.size());
    }
  }
  doc.set_data(text);
  return doc;
}

/* The query of one word (or a quoted phrase) for method m. */
Xapian::Query word_query(method m, const std::string &word, bool phrase) {
  std::vector<Xapian::Query> parts;
  if (m == WORDS || xapian_ngram(m)) {
    Xapian::QueryParser qp;
    if (m == XAPIAN_NGRAM_Z) {
      qp.set_stemmer(Xapian::Stem("english"));
      qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    }
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                     (xapian_ngram(m) ? Xapian::QueryParser::FLAG_CJK_NGRAM : 0);
    return qp.parse_query(phrase ? '"' + word + '"' : word, flags);
  }
  if (m == ICU_WORDS) {
    for (const std::string &w : icu_words(word))
      parts.emplace_back(Xapian::Unicode::tolower(w));
  } else {
    for (const piece &p : pieces(word)) {
      if (!p.is_cjk) {
        if (p.text != " ")
          parts.emplace_back(Xapian::Unicode::tolower(p.text));
        continue;
      }
      for (size_t k = 0; k + 1 < p.chars.size(); k++)
        parts.emplace_back(p.chars[k] + p.chars[k + 1]);
      if (phrase || p.chars.size() == 1) /* the last character keeps the next word's place */
        parts.emplace_back(p.chars.back());
    }
  }
  if (parts.size() == 1)
    return parts[0];
  return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), parts.size());
}

std::vector<std::string> split(const std::string &s) {
  std::vector<std::string> out;
  size_t a = 0;
  while (a < s.size()) {
    size_t b = s.find(' ', a);
    if (b == std::string::npos)
      b = s.size();
    if (b > a)
      out.push_back(s.substr(a, b - a));
    a = b + 1;
  }
  return out;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 3) {
    std::cerr << "usage: cjk-compare SENTENCES.txt QUESTIONS.tsv\n";
    return 2;
  }
  std::vector<std::string> sentences;
  std::vector<std::pair<std::string, std::string>> questions;
  std::ifstream sf(argv[1]), qf(argv[2]);
  for (std::string line; std::getline(sf, line);)
    if (!line.empty())
      sentences.push_back(line);
  for (std::string line; std::getline(qf, line);) {
    size_t tab = line.find('\t');
    if (line.empty() || line[0] == '#' || tab == std::string::npos)
      continue;
    questions.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  printf("%-14s %5s %5s %6s %9s %6s %14s\n", "method", "true", "false", "missed", "precision",
         "first", "index time (s)");
  for (method m : {WORDS, XAPIAN_NGRAM, XAPIAN_NGRAM_Z, ICU_WORDS, LEDE_NGRAM}) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::TermGenerator tg;
    if (m == XAPIAN_NGRAM_Z) {
      tg.set_stemmer(Xapian::Stem("english"));
      tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    }
    for (const std::string &s : sentences)
      db.add_document(index_doc(m, tg, s));
    int tp = 0, fp = 0, fn = 0, first = 0;
    std::set<std::string> seen;
    for (const auto &q : questions) {
      bool quoted = q.first.size() > 2 && q.first[0] == '"';
      std::string text = quoted ? q.first.substr(1, q.first.size() - 2) : q.first;
      std::vector<Xapian::Query> words;
      for (const std::string &w : quoted ? std::vector<std::string>{text} : split(text)) {
        Xapian::Query wq = word_query(m, w, quoted);
        words.push_back(wq);
        if (!seen.insert(w).second)
          continue;
        Xapian::Enquire e(db);
        e.set_query(wq);
        std::set<Xapian::docid> found;
        Xapian::MSet ms = e.get_mset(0, db.get_doccount());
        for (auto it = ms.begin(); it != ms.end(); ++it)
          found.insert(*it);
        for (Xapian::docid d = 1; d <= sentences.size(); d++) {
          bool holds = sentences[d - 1].find(w) != std::string::npos, got = found.count(d);
          tp += holds && got, fp += !holds && got, fn += holds && !got;
        }
      }
      Xapian::Enquire e(db);
      e.set_query(Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()));
      Xapian::MSet ms = e.get_mset(0, 1);
      first += !ms.empty() && ms.begin().get_document().get_data().rfind(q.second, 0) == 0;
    }
    double secs = 1e9; /* the best of 5: the machine may be busy */
    for (int run = 0; run < 5; run++) {
      auto t0 = std::chrono::steady_clock::now();
      Xapian::WritableDatabase big(std::string(), Xapian::DB_BACKEND_INMEMORY);
      for (int r = 0; r < 400; r++)
        for (const std::string &s : sentences)
          big.add_document(index_doc(m, tg, s));
      secs = std::min(secs,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    printf("%-14s %5d %5d %6d %9.3f %3d/%-2zu %14.3f\n", names[m], tp, fp, fn,
           tp + fp ? (double)tp / (tp + fp) : 0.0, first, questions.size(), secs);
  }
  return 0;
}
