/*
 * xapian_phrase.cc - phrases, ADJ and NEAR without positional data.
 *
 * The index keeps no positions: writing Xapian's position table was a third
 * of a build, and merging it most of the merge (docs/bench-index.md).
 * Instead each sentence keeps the stems of its words in order, in value slot
 * LEDE_SLOT_WORDS (lede_words_put()), and a positional subquery of a parsed
 * query (OP_PHRASE: a quoted phrase, a hyphenated word, ADJ; OP_NEAR)
 * becomes the AND of its terms, which Xapian weighs exactly as it weighs the
 * phrase (the sum of its terms' weights), with a filter of weight 0 that
 * keeps the candidates whose words stand where the operator asks. The
 * filter reads the candidate's sequence and applies Xapian's own rules:
 *
 *   exact phrase (OP_PHRASE, window = its number of terms): term i at p + i;
 *   ordered window (OP_PHRASE, ADJ/n): terms in order at increasing places,
 *     the last less than `window` places after the first;
 *   NEAR (OP_NEAR): each term at its own place, in any order, all within
 *     fewer than `window` places.
 *
 * The filter is only asked about documents the terms' postings already
 * matched (it has the largest estimate of the AND, so Xapian checks it
 * last); when it does lead, it walks the postings of the rarest term.
 */
#include "xapian_internal.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

namespace {

/* What a positional subquery asks for. */
struct positional {
  enum { EXACT, ORDERED, NEAR } kind;
  unsigned window;
  /* For each place of the phrase, the stems (without "Z") that may stand
   * there: one, except under a synonym. Empty when none can. */
  std::vector<std::vector<std::string>> slots;
  /* The terms alone at their place: a leading filter walks the postings of
   * the rarest. None when every place has alternatives. */
  std::vector<std::string> single;
};

/* Places of the words of each slot in one sentence, and the scratch space
 * of the NEAR test. */
struct places {
  std::vector<std::vector<unsigned>> at;
  std::vector<int> owner;
  std::vector<char> seen;
};

/* Reads the sequence into pl->at (places in ascending order). False when
 * it is damaged or some slot has no word in it. */
bool read_places(const positional &p, const std::string &seq, places *pl) {
  size_t n = p.slots.size();
  pl->at.resize(n);
  for (auto &v : pl->at)
    v.clear();
  const unsigned char *s = reinterpret_cast<const unsigned char *>(seq.data());
  size_t len = seq.size(), i = 0;
  for (unsigned place = 0; i < len; place++) {
    size_t wlen = 0;
    unsigned shift = 0;
    for (;;) {
      if (i >= len || shift > 28)
        return false;
      unsigned char c = s[i++];
      wlen |= (size_t)(c & 0x7f) << shift;
      if (!(c & 0x80))
        break;
      shift += 7;
    }
    if (wlen > len - i)
      return false;
    const char *w = seq.data() + i;
    i += wlen;
    for (size_t j = 0; j < n; j++)
      for (const std::string &t : p.slots[j])
        if (t.size() == wlen && memcmp(t.data(), w, wlen) == 0) {
          pl->at[j].push_back(place);
          break;
        }
  }
  for (const auto &v : pl->at)
    if (v.empty())
      return false;
  return true;
}

bool has_place(const std::vector<unsigned> &v, unsigned place) {
  return std::binary_search(v.begin(), v.end(), place);
}

bool exact_match(const places &pl) {
  for (unsigned first : pl.at[0]) {
    size_t j = 1;
    while (j < pl.at.size() && has_place(pl.at[j], first + (unsigned)j))
      j++;
    if (j == pl.at.size())
      return true;
  }
  return false;
}

/* For each first place, the earliest later place of each next term: the
 * tightest fit starting there. */
bool ordered_match(const places &pl, unsigned window) {
  for (unsigned first : pl.at[0]) {
    unsigned last = first;
    for (size_t j = 1; j < pl.at.size(); j++) {
      const std::vector<unsigned> &v = pl.at[j];
      auto next = std::upper_bound(v.begin(), v.end(), last);
      if (next == v.end())
        return false; /* nor from any later first place */
      last = *next;
    }
    if (last - first < window)
      return true;
  }
  return false;
}

/* Kuhn's augmenting path: gives slot j a place in [lo, hi] of its own,
 * moving others along. */
bool give_place(places *pl, size_t j, unsigned lo, unsigned hi) {
  for (unsigned place : pl->at[j]) {
    if (place < lo)
      continue;
    if (place > hi)
      break;
    if (pl->seen[place])
      continue;
    pl->seen[place] = 1;
    int other = pl->owner[place];
    if (other < 0 || give_place(pl, (size_t)other, lo, hi)) {
      pl->owner[place] = (int)j;
      return true;
    }
  }
  return false;
}

/* Every slot at a place of its own, all within a span of fewer than window
 * places: tried for each window starting at a word of the phrase. */
bool near_match(places *pl, unsigned window, unsigned nplaces) {
  std::vector<unsigned> starts;
  for (const auto &v : pl->at)
    starts.insert(starts.end(), v.begin(), v.end());
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  pl->owner.assign(nplaces, -1);
  pl->seen.assign(nplaces, 0);
  for (unsigned lo : starts) {
    unsigned hi = lo + window - 1;
    std::fill(pl->owner.begin(), pl->owner.end(), -1);
    size_t j = 0;
    for (; j < pl->at.size(); j++) {
      std::fill(pl->seen.begin(), pl->seen.end(), 0);
      if (!give_place(pl, j, lo, hi))
        break;
    }
    if (j == pl->at.size())
      return true;
  }
  return false;
}

bool sequence_matches(const positional &p, const std::string &seq, places *pl) {
  if (!read_places(p, seq, pl))
    return false;
  switch (p.kind) {
  case positional::EXACT: return exact_match(*pl);
  case positional::ORDERED: return ordered_match(*pl, p.window);
  case positional::NEAR: {
    unsigned nplaces = 0;
    for (const auto &v : pl->at)
      nplaces = std::max(nplaces, v.back() + 1);
    return near_match(pl, p.window, nplaces);
  }
  }
  return false;
}

/* The sentences whose word sequence satisfies p, weight 0 (the AND of the
 * terms beside it scores them). */
class PhraseFilter : public Xapian::PostingSource {
  std::shared_ptr<const positional> p_;
  Xapian::Database db_;
  Xapian::ValueIterator v_, v_end_;
  Xapian::PostingIterator lead_, lead_end_;
  bool lead_values_ = false; /* no single-term place: lead along the values */
  Xapian::doccount n_docs_ = 0;
  /* The position: a match when at_match_, else a document check() found
   * not to match (the next match is after it). */
  Xapian::docid cur_ = 0;
  bool at_match_ = false, ended_ = false;
  places pl_;

  bool matches(Xapian::docid did) {
    if (v_ == v_end_)
      return false;
    v_.skip_to(did); /* (a sentence without words has no sequence) */
    return v_ != v_end_ && v_.get_docid() == did && sequence_matches(*p_, *v_, &pl_);
  }

  /* Moves to the first match at or after did. */
  void advance_from(Xapian::docid did) {
    at_match_ = false;
    if (lead_values_) {
      if (v_ != v_end_ && v_.get_docid() < did)
        v_.skip_to(did);
      for (; v_ != v_end_; ++v_)
        if (sequence_matches(*p_, *v_, &pl_)) {
          cur_ = v_.get_docid();
          at_match_ = true;
          return;
        }
      ended_ = true;
      return;
    }
    if (lead_ != lead_end_ && *lead_ < did)
      lead_.skip_to(did);
    for (; lead_ != lead_end_; ++lead_)
      if (matches(*lead_)) {
        cur_ = *lead_;
        at_match_ = true;
        return;
      }
    ended_ = true;
  }

public:
  explicit PhraseFilter(std::shared_ptr<const positional> p) : p_(std::move(p)) {}

  void init(const Xapian::Database &db) override {
    db_ = db;
    v_ = db_.valuestream_begin(LEDE_SLOT_WORDS);
    v_end_ = db_.valuestream_end(LEDE_SLOT_WORDS);
    lead_values_ = p_->single.empty();
    if (!lead_values_) {
      const std::string *lead = &p_->single[0];
      for (const std::string &t : p_->single)
        if (db_.get_termfreq(t) < db_.get_termfreq(*lead))
          lead = &t;
      lead_ = db_.postlist_begin(*lead);
      lead_end_ = db_.postlist_end(*lead);
    }
    n_docs_ = db_.get_doccount();
    cur_ = 0;
    at_match_ = ended_ = false;
    set_maxweight(0);
  }

  Xapian::doccount get_termfreq_min() const override {
    return 0;
  }
  /* The share of the AND of its terms Xapian 1.4 guesses for an exact
   * phrase (a quarter), a phrase in a window (a third) and NEAR (a half), so
   * that the estimated number of matches stays what it was; so large a
   * share also makes the AND check this filter last. */
  Xapian::doccount get_termfreq_est() const override {
    switch (p_->kind) {
    case positional::EXACT: return n_docs_ / 4;
    case positional::ORDERED: return n_docs_ / 3;
    case positional::NEAR: break;
    }
    return n_docs_ / 2;
  }
  Xapian::doccount get_termfreq_max() const override {
    return n_docs_;
  }

  void next(double) override {
    if (!ended_)
      advance_from(cur_ + 1);
  }

  void skip_to(Xapian::docid did, double) override {
    if (ended_ || (at_match_ && did <= cur_))
      return;
    /* After a failed check() the next match is after cur_. */
    advance_from(cur_ && !at_match_ ? std::max(did, cur_ + 1) : did);
  }

  bool check(Xapian::docid did, double) override {
    if (ended_ || (at_match_ && did <= cur_))
      return true; /* at a definite position, as skip_to() would be */
    cur_ = did;
    at_match_ = matches(did);
    return at_match_;
  }

  bool at_end() const override {
    return ended_;
  }
  Xapian::docid get_docid() const override {
    return cur_;
  }
  double get_weight() const override {
    return 0;
  }

  PhraseFilter *clone() const override {
    return new PhraseFilter(p_);
  }
  std::string name() const override {
    return "lede.PhraseFilter";
  }
};

/* The window of a positional subquery, from its description
 * ("Query((Za@1 PHRASE 2 Zb@2))"): Xapian 1.4 has no accessor for it.
 * 0 when it cannot be read. */
unsigned window_of(const Xapian::Query &q, const char *opname) {
  std::string desc = q.get_description();
  size_t at = desc.find(opname);
  if (at == std::string::npos)
    return 0;
  return (unsigned)strtoul(desc.c_str() + at + strlen(opname), nullptr, 10);
}

Xapian::Query rewrite_positional(const Xapian::Query &q) {
  bool near = q.get_type() == Xapian::Query::OP_NEAR;
  size_t n = q.get_num_subqueries();
  if (n == 0)
    return Xapian::Query::MatchNothing;
  if (n == 1)
    return q.get_subquery(0);
  auto p = std::make_shared<positional>();
  unsigned window = window_of(q, near ? " NEAR " : " PHRASE ");
  p->window = std::max<unsigned>(window, (unsigned)n);
  p->kind = near ? positional::NEAR : p->window == n ? positional::EXACT : positional::ORDERED;
  std::vector<Xapian::Query> subs;
  for (size_t i = 0; i < n; i++) {
    Xapian::Query sub = q.get_subquery(i);
    subs.push_back(sub);
    /* A place no sentence word can fill (a field's term) is left empty:
     * the filter then matches nothing, as positions never would. */
    std::vector<std::string> slot;
    for (auto t = sub.get_unique_terms_begin(); t != sub.get_unique_terms_end(); ++t)
      if (lede_is_text_stem(*t))
        slot.push_back((*t).substr(1));
    if (sub.get_type() == Xapian::Query::LEAF_TERM && slot.size() == 1)
      p->single.push_back("Z" + slot[0]);
    p->slots.push_back(std::move(slot));
  }
  subs.push_back(Xapian::Query((new PhraseFilter(p))->release()));
  return Xapian::Query(Xapian::Query::OP_AND, subs.begin(), subs.end());
}

} // namespace

Xapian::Query lede_phrase_rewrite(const Xapian::Query &q) {
  return lede_query_rewrite(q, [](const Xapian::Query &sub, Xapian::Query *out) {
    Xapian::Query::op op = sub.get_type();
    if (op != Xapian::Query::OP_PHRASE && op != Xapian::Query::OP_NEAR)
      return false;
    *out = rewrite_positional(sub);
    return true;
  });
}
