/*
 * xapian_spelling.cc - "Did you mean": corrections for the words of a
 * query that no index holds.
 *
 * Xapian's own suggestion over several databases is not the one a single
 * index gives (it found 320 of 368 alike on Reuters in three parts), and
 * Xapian 1.4 serves no spelling data. So lede picks the correction itself,
 * by a rule that depends only on the words and their counts: Xapian's
 * spelling data of all local indexes, merged with counts summed (as one
 * index would hold them). When some index is served, and no word is close
 * enough, the indexed stems, which a served index shares too, are tried
 * (one edit away: stems make more far-fetched words than words do).
 */
#include "xapian_internal.h"

extern "C" {
#include "figure.h"
}

#include <cstring>
#include <unordered_map>

namespace {

/* Words that are never "corrected": the function words of English (those
 * of the stop list and the other pronouns, determiners, quantifiers,
 * prepositions, conjunctions and auxiliaries) and the number words. A
 * question typed as a sentence ("how many ...") is full of them, and an
 * index, a small one above all, may simply not contain them: "many" is
 * not a misspelt "may", nor "these" a misspelt "there". */
const char *const never_corrected[] = {
    "about",     "above",     "after",      "again",      "against",   "ago",      "ahead",
    "all",       "almost",    "along",      "already",    "also",      "although", "always",
    "am",        "among",     "an",         "and",        "another",   "any",      "anybody",
    "anyone",    "anything",  "anywhere",   "are",        "around",    "as",       "at",
    "away",      "be",        "because",    "been",       "before",    "behind",   "being",
    "below",     "beneath",   "beside",     "besides",    "between",   "beyond",   "billion",
    "both",      "but",       "by",         "can",        "cannot",    "could",    "did",
    "do",        "does",      "doing",      "done",       "down",      "during",   "each",
    "eight",     "either",    "else",       "enough",     "even",      "ever",     "every",
    "everybody", "everyone",  "everything", "few",        "fewer",     "five",     "for",
    "four",      "from",      "further",    "had",        "has",       "have",     "he",
    "hence",     "her",       "here",       "hers",       "herself",   "him",      "himself",
    "his",       "how",       "however",    "hundred",    "i",         "if",       "in",
    "into",      "is",        "it",         "its",        "itself",    "just",     "least",
    "less",      "like",      "many",       "may",        "me",        "might",    "million",
    "mine",      "more",      "most",       "much",       "must",      "my",       "myself",
    "near",      "neither",   "never",      "nine",       "no",        "nobody",   "none",
    "nor",       "not",       "nothing",    "now",        "of",        "off",      "often",
    "on",        "once",      "one",        "only",       "onto",      "or",       "other",
    "others",    "otherwise", "our",        "ours",       "ourselves", "out",      "over",
    "own",       "per",       "perhaps",    "quite",      "rather",    "same",     "seven",
    "several",   "shall",     "she",        "should",     "since",     "six",      "so",
    "some",      "somebody",  "someone",    "something",  "still",     "such",     "ten",
    "than",      "that",      "the",        "their",      "theirs",    "them",     "themselves",
    "then",      "there",     "these",      "they",       "this",      "those",    "though",
    "thousand",  "three",     "through",    "throughout", "thus",      "till",     "to",
    "together",  "too",       "toward",     "towards",    "two",       "under",    "unless",
    "unlike",    "until",     "up",         "upon",       "us",        "very",     "via",
    "was",       "we",        "were",       "what",       "whatever",  "when",     "where",
    "whether",   "which",     "while",      "who",        "whom",      "whose",    "why",
    "will",      "with",      "within",     "without",    "would",     "yet",      "you",
    "your",      "yours",     "yourself",   "yourselves", nullptr};

const char *const operators[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ", nullptr};

/* Words longer than this (in characters) are not corrected, nor those
 * shorter than min_chars: one edit is half of a word of two letters, and
 * makes any of dozens of others ("EU" was offered as "EC"). */
const size_t max_chars = 48;
const size_t min_chars = 3;

/* The characters of s, into out (whose storage is reused). */
void code_points(const std::string &s, std::vector<uint32_t> *out) {
  out->clear();
  for (size_t i = 0; i < s.size();) {
    uint32_t c;
    size_t n = ledei_utf8_decode(&c, s.data() + i, s.size() - i);
    out->push_back(c);
    i += n ? n : 1;
  }
}

size_t count_chars(const std::string &s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

/* s without its accents ("société" -> "societe"), as stems are indexed. */
std::string without_marks(const std::string &s) {
  char *folded = ledei_fold_marks(s.data(), s.size());
  if (!folded)
    return s;
  std::string out(folded);
  free(folded);
  return out;
}

/* The closest of the candidates offered so far: fewest edits (a character
 * inserted, deleted or replaced, or two neighbours swapped) between the
 * words without their accents, so that one differing only in its accents
 * comes first ("Société" -> "societe" where the text has "Societe": the
 * stems, "societe" and "societ", differ); then the most frequent, then the
 * first in byte order. */
class closest {
public:
  closest(const std::string &word, unsigned max_edits)
      : word_(word), max_(max_edits), dist_(max_edits + 1) {
    std::string plain = without_marks(word);
    code_points(plain, &target_);
    ascii_ = plain.size() == target_.size();
    for (unsigned char c : plain)
      counts_[c & 63]++;
  }

  /* Offers cand, whose frequency freq() gives (asked only if needed). */
  template <class Freq> void offer(const std::string &cand, Freq freq_of) {
    if (cand == word_)
      return;
    size_t n = count_chars(cand), m = target_.size();
    bool ascii = n == cand.size();
    if (!ascii) {
      plain_ = without_marks(cand);
      n = count_chars(plain_);
    }
    const std::string &plain = ascii ? cand : plain_;
    if ((n > m ? n - m : m - n) > max_ || too_far(plain))
      return;
    code_points(plain, &cand_);
    unsigned d = distance(std::min(max_, dist_));
    if (d > max_ || d > dist_)
      return;
    Xapian::doccount freq = freq_of();
    if (d < dist_ || freq > freq_ || (freq == freq_ && cand < best_)) {
      dist_ = d;
      freq_ = freq;
      best_ = cand;
    }
  }

  const std::string &best() const {
    return best_;
  }

private:
  /* Whether cand, ASCII like the word, differs from it in more letters
   * than the edits allowed can change: each edit changes the letter counts
   * by at most 2 in all (a cheap bound that spares most candidates the
   * full comparison). */
  bool too_far(const std::string &cand) {
    if (!ascii_ || cand.size() != count_chars(cand))
      return false;
    size_t diff = target_.size();
    for (unsigned char c : cand)
      if (counts_[c & 63]-- > 0)
        diff--;
      else
        diff++;
    for (unsigned char c : cand)
      counts_[c & 63]++;
    return diff > 2 * std::min(max_, dist_);
  }

  /* The edits from cand_ to target_ when at most max; otherwise max + 1
   * (rows stop as soon as none can stay within max). */
  unsigned distance(unsigned max) {
    const std::vector<uint32_t> &a = cand_, &b = target_;
    size_t n = a.size(), m = b.size();
    for (std::vector<unsigned> *r : {&prev2_, &prev_, &row_})
      r->assign(m + 1, 0);
    for (size_t j = 0; j <= m; j++)
      prev_[j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++) {
      row_[0] = (unsigned)i;
      unsigned low = row_[0];
      for (size_t j = 1; j <= m; j++) {
        unsigned d = prev_[j - 1] + (a[i - 1] != b[j - 1]);
        d = std::min(d, std::min(prev_[j], row_[j - 1]) + 1);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          d = std::min(d, prev2_[j - 2] + 1);
        row_[j] = d;
        low = std::min(low, d);
      }
      if (low > max)
        return max + 1;
      prev2_.swap(prev_);
      prev_.swap(row_);
    }
    return prev_[m];
  }

  std::string word_, plain_;
  std::vector<uint32_t> target_, cand_;
  std::vector<unsigned> prev2_, prev_, row_;
  unsigned max_, dist_;
  int counts_[64] = {0}; /* the word's letters, by their low 6 bits */
  bool ascii_;
  Xapian::doccount freq_ = 0;
  std::string best_;
};

/* At most one edit in words of four characters or fewer (two would make
 * "nera" anything of two letters), two in longer ones (Xapian's default). */
unsigned edits_allowed(const std::string &word) {
  return count_chars(word) <= 4 ? 1 : 2;
}

/* The correction of word (lower-cased) from the spelling data of the local
 * indexes, or "". */
std::string from_words(const Xapian::Database &x, const std::string &word) {
  closest c(word, edits_allowed(word));
  for (auto t = x.spellings_begin(); t != x.spellings_end(); ++t)
    c.offer(*t, [&] { return t.get_termfreq(); });
  return c.best();
}

/* The correction of word from the indexed stems (of every index, served
 * ones included), one edit away, written as the word with its stem
 * replaced when that reads back to the same stem ("mongose" -> stem
 * "mongoos" -> "mongoose"), or "". */
std::string from_stems(const Xapian::Database &x, const Xapian::Stem &stem,
                       const std::string &word) {
  std::string own = stem(word);
  if (own.empty() || word.compare(0, own.size(), own) != 0)
    return std::string(); /* no plain suffix to keep */
  closest c(own, 1);
  for (auto t = x.allterms_begin("Z"); t != x.allterms_end("Z"); ++t)
    if (ledei_is_text_stem(*t))
      c.offer((*t).substr(1), [&] { return t.get_termfreq(); });
  if (c.best().empty())
    return std::string();
  std::string fixed = c.best() + word.substr(own.size());
  return stem(fixed) == c.best() ? fixed : std::string();
}

bool ascii_upper(char c) {
  return c >= 'A' && c <= 'Z';
}

/* fixed (lower case) with the capitals of typed, the word as the user
 * wrote it: all capitals when it is in capitals ("NATTO" -> "NATO", not
 * "Nato"); else those of its letters before and after the change
 * ("McDonnalds" -> "McDonalds") and its first. */
std::string with_case(const std::string &typed, std::string fixed) {
  size_t upper = 0, lower = 0;
  for (char c : typed) {
    upper += ascii_upper(c);
    lower += c >= 'a' && c <= 'z';
  }
  if (upper >= 2 && lower == 0)
    return Xapian::Unicode::toupper(fixed);
  auto same = [](char t, char f) { return (unsigned char)t < 0x80 && tolower(t) == f; };
  size_t i = 0, n = std::min(typed.size(), fixed.size());
  for (; i < n && same(typed[i], fixed[i]); i++)
    fixed[i] = typed[i];
  /* (not the typed first letter, which may be another's: "Eports" -> "Reports") */
  size_t tail = std::min(n - i, typed.size() - 1);
  for (size_t j = 1; j <= tail && same(typed[typed.size() - j], fixed[fixed.size() - j]); j++)
    fixed[fixed.size() - j] = typed[typed.size() - j];
  if (ascii_upper(typed[0]) && fixed[0] >= 'a' && fixed[0] <= 'z')
    fixed[0] = (char)(fixed[0] - 'a' + 'A');
  return fixed;
}

/* The lower-cased word inside a query token ("Dialogue?" -> "dialogue"),
 * with where it starts and ends in the token. */
std::string token_word(const std::string &token, size_t *b, size_t *e) {
  *b = 0;
  *e = token.size();
  while (*b < *e && !ledei_unicode_is_wordchar((unsigned char)token[*b]) &&
         (unsigned char)token[*b] < 0x80)
    (*b)++;
  while (*e > *b && !ledei_unicode_is_wordchar((unsigned char)token[*e - 1]) &&
         (unsigned char)token[*e - 1] < 0x80)
    (*e)--;
  return Xapian::Unicode::tolower(token.substr(*b, *e - *b));
}

/* 1 when word (lower-cased) should be left as typed: the index has its
 * stem, it is a function word, or it is not one word (e-mail, U.S.). */
bool keep_as_typed(const Xapian::Database &x, const Xapian::Stem &stem, const std::string &word) {
  if (word.empty() || x.term_exists("Z" + stem(word)))
    return true;
  for (char c : word)
    if ((unsigned char)c < 0x80 && !ledei_unicode_is_wordchar((unsigned char)c))
      return true;
  for (const char *const *w = never_corrected; *w; w++)
    if (word == *w)
      return true;
  return false;
}

bool is_operator(const std::string &token) {
  std::string op = token.substr(0, token.find('/'));
  for (const char *const *o = operators; *o; o++)
    if (op == *o)
      return true;
  return false;
}

/* Corrects the words of one query, each distinct word looked up once and
 * at most max_lookups of them (each reads every spelling word: a hostile
 * query of thousands of unknown words must not take minutes). */
class corrector {
public:
  corrector(const Xapian::Database &x, const Xapian::Stem &stem, bool served)
      : x_(x), stem_(stem), served_(served) {}

  /* token with its word corrected, or token itself. */
  std::string token(const std::string &token) {
    if (token.empty() || is_operator(token) || token.find('*') != std::string::npos)
      return token;
    /* In a field, only title: holds words. */
    size_t colon = token.find(':'), from = 0;
    if (colon != std::string::npos) {
      size_t name = token.find_first_not_of("+-");
      if (token.compare(name, colon - name, "title") != 0)
        return token;
      from = colon + 1;
    }
    std::string part = token.substr(from);
    size_t b, e;
    std::string word = token_word(part, &b, &e);
    if (is_operator(part.substr(b, e - b)))
      return token;
    std::string typed = part.substr(b, e - b);
    std::string fixed = word_or_parts(typed, word);
    return fixed == typed ? token : token.substr(0, from + b) + fixed + part.substr(e);
  }

private:
  /* typed (word in lower case) corrected, or typed itself. A word joined
   * by hyphens or apostrophes that the index does not hold as a whole
   * ("Thacher's", "year-on-yaer", "d'Estang") has its parts corrected, a
   * contraction ("don't", "we're") none. */
  std::string word_or_parts(const std::string &typed, const std::string &word) {
    static const std::string curly = "\xE2\x80\x99"; /* ’ */
    if (typed.find_first_of("-'") == std::string::npos && typed.find(curly) == std::string::npos)
      return one_word(typed, word);
    if (x_.term_exists("Z" + stem_(word)))
      return typed;
    /* The parts, each followed by its joiner (the last by none). */
    std::vector<std::pair<std::string, std::string>> parts;
    for (size_t at = 0;;) {
      size_t j = typed.find_first_of("-'", at), c = typed.find(curly, at);
      size_t end = std::min(j, c);
      if (end == std::string::npos) {
        parts.emplace_back(typed.substr(at), std::string());
        break;
      }
      size_t len = end == c ? curly.size() : 1;
      parts.emplace_back(typed.substr(at, end - at), typed.substr(end, len));
      at = end + len;
    }
    if (parts.size() > 1 && parts[parts.size() - 2].second != "-") {
      std::string last = Xapian::Unicode::tolower(parts.back().first);
      for (const char *c : {"t", "re", "ve", "ll", "m", "d"})
        if (last == c)
          return typed;
    }
    std::string out;
    for (const auto &p : parts)
      out += one_word(p.first, Xapian::Unicode::tolower(p.first)) + p.second;
    return out;
  }

  /* typed (word in lower case), a word without joiners, corrected, or
   * typed itself. */
  std::string one_word(const std::string &typed, const std::string &word) {
    size_t chars = count_chars(word);
    if (chars < min_chars || chars > max_chars)
      return typed;
    /* Nor a word with a digit: "45000" is no misspelt "000", "G8" no "G7". */
    if (word.find_first_of("0123456789") != std::string::npos)
      return typed;
    std::string fixed = lookup(word);
    return fixed.empty() ? typed : with_case(typed, fixed);
  }

  static const size_t max_lookups = 16;

  std::string lookup(const std::string &word) {
    auto known = memo_.find(word);
    if (known != memo_.end())
      return known->second;
    std::string fixed;
    if (!keep_as_typed(x_, stem_, word) && lookups_++ < max_lookups) {
      fixed = from_words(x_, word);
      if (fixed.empty() && served_)
        fixed = from_stems(x_, stem_, word);
    }
    memo_.emplace(word, fixed);
    return fixed;
  }

  const Xapian::Database &x_;
  const Xapian::Stem &stem_;
  bool served_;
  size_t lookups_ = 0;
  std::unordered_map<std::string, std::string> memo_;
};

} // namespace

std::string ledei_spelling_correction(const Xapian::Database &x, const Xapian::Stem &stem,
                                      const std::string &typed, bool served) {
  corrector c(x, stem, served);
  /* A figure is never corrected ("£600m" is not a misspelt "£100m"), nor
   * its unit after a space ("10 pct" is not "10 put", "5 mln stg" not
   * "5 man st"): the tokens that overlap one are kept. */
  std::vector<std::pair<size_t, size_t>> figures;
  lede_figure_t f;
  for (size_t at = 0; ledei_figure_find(&f, typed.data(), typed.size(), at); at = f.end)
    figures.emplace_back(f.start, f.end);
  std::string out;
  bool changed = false;
  size_t pos = 0;
  for (;;) {
    size_t sp = typed.find(' ', pos);
    size_t end = sp == std::string::npos ? typed.size() : sp;
    std::string token = typed.substr(pos, end - pos);
    bool in_figure = false;
    for (const auto &span : figures)
      in_figure |= span.first < end && pos < span.second;
    std::string fixed = in_figure ? token : c.token(token);
    changed |= fixed != token;
    out += fixed;
    if (sp == std::string::npos)
      break;
    out += ' ';
    pos = sp + 1;
  }
  return changed ? out : std::string();
}
