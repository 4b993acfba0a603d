/*
 * xapian_wildcard.cc - wildcards (oil*, title:opec*) as the stems of the
 * indexed words they match.
 *
 * The index holds stems only, so a pattern is matched against the words as
 * written, which the spelling data keeps, and each match is searched as its
 * stem. Xapian's QueryParser hands a wildcard on as an OP_WILDCARD query
 * whose pattern no public accessor gives back, so the query text is read
 * first: each wildcard word becomes a field of lede's own
 * (ledei_wildcard_text()), whose FieldProcessor (ledei_wildcard_field)
 * returns the expansion, an OP_SYNONYM of stems.
 */
#include "xapian_internal.h"

#include <algorithm>
#include <cstring>
#include <set>

namespace {

/* The stems one pattern stands for, as an OP_SYNONYM (MatchNothing when
 * none is in the index); adds them to x->terms and, past
 * LEDE_WILDCARD_MAX words, a note to x->warning. */
Xapian::Query expand(ledei_wildcards *w, const Xapian::Database &x, const Xapian::Stem &stem,
                     const std::string &pattern) {
  size_t np = 0;
  while (np < pattern.size() && pattern[np] >= 'A' && pattern[np] <= 'Z')
    np++;
  std::string prefix = pattern.substr(0, np), start = pattern.substr(np);
  if (start.empty())
    return Xapian::Query::MatchNothing; /* not a pattern the parser makes */
  /* The stems the pattern stands for: those of the words of the spelling
   * data that start with it, and the indexed stems that start with it
   * themselves (the words of a served index reach the client only this
   * way: xapian-tcpsrv serves no spelling data). */
  std::set<std::string> found;
  Xapian::TermIterator end = x.spellings_end();
  Xapian::TermIterator t = x.spellings_begin();
  t.skip_to(start);
  for (; t != end; ++t) {
    const std::string &word = *t;
    if (word.compare(0, start.size(), start) != 0)
      break;
    found.insert("Z" + prefix + stem(word));
  }
  /* The pattern is also tried as a word, its own stem: Xapian keeps no
   * one-letter words in the spelling data ("5*" finds "5"), and a served
   * index gives none ("prices*" found nothing there, its stem being
   * "price"). */
  found.insert("Z" + prefix + stem(start));
  std::vector<std::pair<Xapian::doccount, std::string>> stems_by_freq;
  /* Indexed stems are folded (ledei_fold_word()) and have their accents
   * off (ledei_fold_marks()): so has the pattern, to be compared with them
   * ("élect*" finds "elect...", "ﬁn*" "financ..."). */
  std::string bare = start;
  if (char *folded = ledei_fold_word(bare.data(), bare.size())) {
    bare = folded;
    free(folded);
  }
  if (char *folded = ledei_fold_marks(bare.data(), bare.size())) {
    bare = folded;
    free(folded);
  }
  std::string own = "Z" + prefix + bare;
  for (auto s = x.allterms_begin(own); s != x.allterms_end(own); ++s)
    if (!found.count(*s))
      stems_by_freq.emplace_back(s.get_termfreq(), *s);
  for (const std::string &term : found) {
    Xapian::doccount tf = x.get_termfreq(term); /* 0: no longer indexed (or not in this field) */
    if (tf)
      stems_by_freq.emplace_back(tf, term);
  }
  /* The most frequent first, by the sentences that hold them in every
   * index searched (a frequency every index, local or served, gives, so
   * the stems kept past LEDE_WILDCARD_MAX are the same in one index and
   * several); the first LEDE_WILDCARD_MAX are searched. */
  std::sort(stems_by_freq.begin(), stems_by_freq.end(), [](const auto &a, const auto &b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  size_t indexed = stems_by_freq.size();
  std::vector<std::string> stems;
  for (size_t i = 0; i < indexed && i < LEDE_WILDCARD_MAX; i++)
    stems.push_back(stems_by_freq[i].second);
  if (indexed > LEDE_WILDCARD_MAX) {
    if (!w->warning.empty())
      w->warning += "; ";
    w->warning += "'" + start + "*' matches " + std::to_string(indexed) + " words; searched the " +
                  std::to_string(LEDE_WILDCARD_MAX) + " most frequent";
  }
  for (const std::string &s : stems)
    if (std::find(w->terms.begin(), w->terms.end(), s) == w->terms.end())
      w->terms.push_back(s);
  if (stems.empty()) {
    w->warning +=
        std::string(w->warning.empty() ? "" : "; ") + "'" + start + "*' matches no indexed word";
    return Xapian::Query::MatchNothing;
  }
  /* A field's words weigh nothing on a sentence (their wdf is 0): a plain
   * OR scaled to 0, so that Xapian's bound says so too (a synonym's bound
   * counts on the sentence's length) and a query of fields alone keeps
   * the tie order (rank_window()'s `keyed`). */
  if (!prefix.empty())
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, stems.begin(), stems.end()), 0.0);
  /* Words: an OP_SYNONYM, as a balanced tree of two-way synonyms. Xapian
   * 1.4 estimates a synonym's frequency in each index from that index's
   * own OR tree (its words ordered by their frequency there, each step
   * rounded): a flat synonym scored up to 2.5e-4 apart in one index and in
   * three (docs/bench-query.md, "Sixteenth session"). A two-way node is
   * the same sum in every index. */
  std::sort(stems.begin(), stems.end()); /* the same tree whatever found them first */
  std::vector<Xapian::Query> level(stems.begin(), stems.end());
  if (level.size() == 1)
    return Xapian::Query(Xapian::Query::OP_SYNONYM, level.begin(), level.end());
  while (level.size() > 1) {
    std::vector<Xapian::Query> up;
    for (size_t i = 0; i < level.size(); i += 2)
      up.push_back(i + 1 < level.size()
                       ? Xapian::Query(Xapian::Query::OP_SYNONYM, level[i], level[i + 1])
                       : level[i]);
    level.swap(up);
  }
  return level[0];
}

} // namespace

/* The characters that join words into a phrase in Xapian's query parser. */
#define PHRASE_JOINERS "-/\\.@&"

/* True for the bytes that end a wildcard's word in query text. */
static bool word_end(char c) {
  return c == ' ' || c == '\t' || c == '(' || c == ')' || c == '"' || c == '*' || c == ':' ||
         c == '\0';
}

/* The word of text around text[at] (up to a space, bracket or quote). */
static std::string word_at(const char *text, size_t at) {
  auto edge = [](char c) { return c == ' ' || c == '\t' || c == '(' || c == ')' || c == '"'; };
  size_t b = at, e = at;
  while (b > 0 && !edge(text[b - 1]))
    b--;
  while (text[e] && !edge(text[e]))
    e++;
  return std::string(text + b, e - b);
}

bool ledei_by_near(const std::string &text, size_t start, size_t end) {
  auto is_op = [](const std::string &w) {
    std::string op = w.substr(0, w.find('/'));
    return op == "NEAR" || op == "ADJ";
  };
  size_t e = start;
  while (e > 0 && (text[e - 1] == ' ' || text[e - 1] == '\t'))
    e--;
  size_t b = e;
  while (b > 0 && text[b - 1] != ' ' && text[b - 1] != '\t' && text[b - 1] != '(')
    b--;
  if (e > b && is_op(text.substr(b, e - b)))
    return true;
  size_t w = end;
  while (w < text.size() && (text[w] == ' ' || text[w] == '\t'))
    w++;
  size_t t = w;
  while (t < text.size() && text[t] != ' ' && text[t] != '\t' && text[t] != ')')
    t++;
  return t > w && is_op(text.substr(w, t - w));
}

std::string ledei_wildcard_text(const char *text, size_t *count, std::string *unexpanded) {
  std::string out;
  *count = 0;
  bool quoted = false;
  size_t n = strlen(text);
  for (size_t i = 0; i < n;) {
    char c = text[i];
    bool start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '(';
    if (c == '"')
      quoted = !quoted;
    /* A '*' reaching here is never expanded (an expanded one is consumed
     * with its word below). */
    if (c == '*' && unexpanded && unexpanded->empty())
      *unexpanded = word_at(text, i);
    if (quoted || !start || c == '"') {
      out += c;
      i++;
      continue;
    }
    size_t j = i;
    if (text[j] == '+' || text[j] == '-')
      j++;
    bool title = strncmp(text + j, "title:", 6) == 0;
    size_t w = title ? j + 6 : j, e = w;
    while (e < n && !word_end(text[e]))
      e++;
    /* Not beside NEAR or ADJ, which take words (Xapian 1.4: "only leaf
     * subqueries"): such a '*' is left to the parser, and said. */
    if (e > w && text[e] == '*' &&
        (e + 1 == n || text[e + 1] == ' ' || text[e + 1] == '\t' || text[e + 1] == ')') &&
        !ledei_by_near(text, i, e + 1)) {
      out.append(text + i, j - i);
      /* A word the parser would make a phrase of ("e-comm*", "b/c*"):
       * its parts all required, the last one expanded ("(e AND comm*)"):
       * Xapian 1.4's parser crashes on a phrase holding a field's query
       * after another required word ("+a +b-c*"). */
      size_t last = e;
      while (last > w && !strchr(PHRASE_JOINERS, text[last - 1]))
        last--;
      bool grouped = last > w && last < e;
      if (grouped) {
        out += '(';
        for (size_t p = w; p < last;) {
          size_t q = p;
          while (q < last && !strchr(PHRASE_JOINERS, text[q]))
            q++;
          if (q > p) {
            out += title ? "title:" : "";
            out.append(text + p, q - p);
            out += " AND ";
          }
          p = q + 1;
        }
        w = last;
      }
      out += title ? LEDE_WILDCARD_TITLE_FIELD ":" : LEDE_WILDCARD_FIELD ":";
      out.append(text + w, e - w);
      if (grouped)
        out += ')';
      ++*count;
      i = e + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

std::string ledei_wildcard_untext(const std::string &text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t f = text.find(LEDE_WILDCARD_FIELD, i);
    if (f == std::string::npos || (f > 0 && text[f - 1] != ' ' && text[f - 1] != '(' &&
                                   text[f - 1] != '+' && text[f - 1] != '-')) {
      size_t stop = f == std::string::npos ? text.size() : f + 1;
      out.append(text, i, stop - i);
      i = stop;
      continue;
    }
    out.append(text, i, f - i);
    bool title =
        text.compare(f, strlen(LEDE_WILDCARD_TITLE_FIELD ":"), LEDE_WILDCARD_TITLE_FIELD ":") == 0;
    size_t w = f + strlen(title ? LEDE_WILDCARD_TITLE_FIELD ":" : LEDE_WILDCARD_FIELD ":");
    size_t e = w;
    while (e < text.size() && !word_end(text[e]))
      e++;
    out += title ? "title:" : "";
    out.append(text, w, e - w);
    out += '*';
    i = e;
  }
  return out;
}

Xapian::Query ledei_wildcard_field::operator()(const std::string &word) {
  std::string pattern = prefix + word;
  for (const auto &d : done)
    if (d.first == pattern)
      return d.second;
  Xapian::Query q = expand(found, *db, stem, pattern);
  done.emplace_back(pattern, q);
  return q;
}
