/*
 * xapian_wildcard.cc - wildcards over an index of stems.
 *
 * The index holds stems only ("Z" terms), so Xapian's own wildcard, which
 * expands a pattern over the terms as written, would find nothing. A
 * pattern is matched against the words of the index's spelling data (every
 * word of its sentences and headlines, with its number of occurrences) and
 * stands for the stems of those words: "econom*" for economy, economic and
 * economies is Zeconomi OR Zeconom. Within a field (title:) the stems carry
 * the field's prefix ("ZT...").
 */
#include "xapian_internal.h"

#include <algorithm>

/* The pattern of a wildcard subquery ("Tw" for title:w*), read from its
 * description, the only place Xapian 1.4 shows it; "" when not found. */
std::string lede_wildcard_pattern(const Xapian::Query &q) {
  std::string desc = q.get_description();
  size_t sp = desc.rfind(' ');
  if (desc.compare(0, 15, "Query(WILDCARD ") != 0 || sp == std::string::npos || desc.size() < 2)
    return std::string();
  return desc.substr(sp + 1, desc.size() - sp - 2);
}

namespace {

/* The stems one pattern stands for, as an OP_SYNONYM (MatchNothing when
 * none is in the index); adds them to x->terms and, past
 * LEDE_WILDCARD_MAX words, a note to x->warning. */
Xapian::Query expand(lede_wildcards *w, const Xapian::Database &x, const Xapian::Stem &stem,
                     const std::string &pattern) {
  size_t np = 0;
  while (np < pattern.size() && pattern[np] >= 'A' && pattern[np] <= 'Z')
    np++;
  std::string prefix = pattern.substr(0, np), start = pattern.substr(np);
  if (start.empty())
    return Xapian::Query::MatchNothing; /* not a pattern the parser makes */
  std::vector<std::pair<Xapian::termcount, std::string>> words;
  Xapian::TermIterator end = x.spellings_end();
  Xapian::TermIterator t = x.spellings_begin();
  t.skip_to(start);
  for (; t != end; ++t) {
    const std::string &word = *t;
    if (word.compare(0, start.size(), start) != 0)
      break;
    words.emplace_back(t.get_termfreq(), word);
  }
  /* Most frequent words first; the first LEDE_WILDCARD_MAX found in the
   * index are searched. */
  std::sort(words.begin(), words.end(), [](const auto &a, const auto &b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> stems;
  size_t indexed = 0; /* words whose stem is in the index */
  /* Xapian keeps no one-letter words in the spelling data: a one-letter
   * pattern is also tried as a word ("5*" finds "5"). */
  size_t letters = 0;
  for (unsigned char c : start)
    letters += (c & 0xC0) != 0x80;
  if (letters == 1) {
    std::string self = "Z" + prefix + stem(start);
    if (x.term_exists(self)) {
      stems.push_back(self);
      indexed++;
    }
  }
  for (const auto &fw : words) {
    if (letters == 1 && fw.second == start)
      continue; /* tried above */
    std::string term = "Z" + prefix + stem(fw.second);
    if (!x.term_exists(term))
      continue; /* a word no longer indexed (or not in this field) */
    if (++indexed <= LEDE_WILDCARD_MAX &&
        std::find(stems.begin(), stems.end(), term) == stems.end())
      stems.push_back(term);
  }
  if (indexed > LEDE_WILDCARD_MAX) {
    if (!w->warning.empty())
      w->warning += "; ";
    w->warning += "'" + start + "*' matches " + std::to_string(indexed) + " words; searched the " +
                  std::to_string(LEDE_WILDCARD_MAX) + " most frequent";
  }
  for (const std::string &s : stems)
    if (std::find(w->terms.begin(), w->terms.end(), s) == w->terms.end())
      w->terms.push_back(s);
  if (stems.empty())
    return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
}

} // namespace

Xapian::Query lede_wildcard_rewrite(lede_wildcards *w, const Xapian::Database &x,
                                    const Xapian::Stem &stem, const Xapian::Query &q) {
  /* A pattern used twice is expanded (and reported) once. */
  std::vector<std::pair<std::string, Xapian::Query>> done;
  return lede_query_rewrite(q, [&](const Xapian::Query &sub, Xapian::Query *out) {
    if (sub.get_type() != Xapian::Query::OP_WILDCARD)
      return false;
    std::string pattern = lede_wildcard_pattern(sub);
    for (const auto &d : done)
      if (d.first == pattern) {
        *out = d.second;
        return true;
      }
    *out = expand(w, x, stem, pattern);
    done.emplace_back(pattern, *out);
    return true;
  });
}
