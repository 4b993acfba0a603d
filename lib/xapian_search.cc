/*
 * xapian_search.cc - answering a query with ranked sentences.
 *
 * The query goes through Xapian's QueryParser with the index's libstemmer
 * stemmer and an English stop list; filters (dates, sources) are boolean
 * and do not change scores. Before each query a reader moves to the index's
 * latest state (follow_index()), and one that meets DatabaseModifiedError (a
 * writer committed meanwhile) reopens and runs the query again.
 */
#include "xapian_internal.h"
#include "xapian_rank.h"

extern "C" {
#include "figure.h"
}

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

/* Words too common to help ranking (Lucene's English list). QueryParser
 * drops them unless a query has nothing else. */
static const char *const stop_words[] = {
    "a",    "an",    "and",   "are",  "as",   "at", "be",  "but",  "by",   "for",  "if",  "in",
    "into", "is",    "it",    "no",   "not",  "of", "on",  "or",   "such", "that", "the", "their",
    "then", "there", "these", "they", "this", "to", "was", "will", "with", nullptr};

/* Moves a reader to the indexes as they are now: a --rebuild swaps a
 * folder's "current" link to another pair, which is opened in its place
 * (one readlink() per folder tells), and an update commits a new revision,
 * which Xapian's reopen() finds. */
static void follow_index(lede_db_t *db) {
  if (db->writable)
    return;
  if (ledei_parts_changed(db)) {
    if (ledei_open_parts(db) != LEDE_OK)
      throw Xapian::DatabaseOpeningError(lede_last_error());
    return;
  }
  db->rs->reopen();
  db->ra->reopen();
}

/* Opens every part again (after DatabaseModifiedError and the like),
 * reporting failure as a status. */
static lede_status_t reopen_or_fail(lede_db_t *db) {
  if (db->writable)
    return LEDE_OK;
  return ledei_open_parts(db);
}

/* The folder holding index folder dir (what its shown paths are relative
 * to), as an absolute path. */
static std::string index_base(const std::string &dir) {
  char *abs = realpath(dir.c_str(), nullptr);
  std::string d = abs ? abs : dir;
  free(abs);
  size_t slash = d.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : d.substr(0, slash);
}

/* path under folder base. */
static std::string under(const std::string &base, const std::string &path) {
  return base == "/" ? "/" + path : base + "/" + path;
}

/* Part k of db with its base and paths_base read (once): base, the
 * folder holding the index, and paths_base, the folder its relative paths
 * were made relative to (LEDEI_BASE_KEY) when that is another folder and
 * still there: an index moved or copied away from its files; an index
 * moved with its files, not updated since, has its old folder gone. */
static ledei_part &part_bases(lede_db_t *db, size_t k) {
  ledei_part &p = db->parts[k];
  if (!p.base.empty() || p.dir.empty())
    return p;
  p.base = index_base(p.dir);
  if (k < db->articles_of_part.size()) {
    try {
      p.paths_base =
          db->articles_of_part[k].get_metadata(LEDE_META_USER + std::string(LEDEI_BASE_KEY));
    } catch (const Xapian::Error &) {
      p.paths_base.clear(); /* shown beside the index, as before it was kept */
    }
  }
  struct stat st;
  if (p.paths_base == p.base || p.paths_base.empty() || p.paths_base[0] != '/' ||
      stat(p.paths_base.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    p.paths_base.clear();
  return p;
}

/* The absolute path of a file the index shows as path: paths are shown
 * relative to the folder holding the index (lede-index's base). An index
 * moved or copied elsewhere without its files shows them relative to the
 * folder it was in (part_bases()): a file not beside the index is looked
 * for there (a stat, only for an index that moved). A hit of several
 * indexes belongs to the one its docid says: Xapian numbers the documents
 * of n databases opened as one (d - 1) * n + k + 1 for document d of
 * database k. A served index's base is not known: its path is shown. */
static std::string absolute_path(lede_db_t *db, const std::string &path, Xapian::docid did) {
  if (!path.empty() && path[0] == '/')
    return path;
  if (db->parts.empty()) /* a writer's handle */
    return path;
  ledei_part &p = part_bases(db, (did - 1) % db->parts.size());
  if (p.dir.empty())
    return path;
  std::string here = under(p.base, path);
  struct stat st;
  if (p.paths_base.empty() || stat(here.c_str(), &st) == 0)
    return here;
  std::string there = under(p.paths_base, path);
  return stat(there.c_str(), &st) == 0 ? there : here;
}

static char *dup_or_null(const std::string &s) {
  return s.empty() ? nullptr : ledei_xstrdup(s.c_str());
}

/* "YYYY-MM-DD" (or "YYYYMMDD") to "YYYYMMDD"; "" when not a date. */
static std::string slot_date(const char *d) {
  if (!d)
    return std::string();
  std::string out;
  for (const char *p = d; *p; p++)
    if (*p >= '0' && *p <= '9')
      out += *p;
  return out.size() == 8 ? out : std::string();
}

/* ---- dates in queries: date:2023, date:2023-11, date:A..B ---- */

/* The date: field. One date is a boolean term (Y<YYYY>, M<YYYYMM> or
 * D<YYYYMMDD>); a range "A..B" (either end may be left open, each end a year,
 * month or day) is a value range over the date slot. A value that is not a
 * date matches nothing and is recorded in error, so that the caller can fall
 * back to keywords (throwing through the parser is not safe in Xapian 1.4). */
class DateField : public Xapian::FieldProcessor {
public:
  std::string error;

  Xapian::Query operator()(const std::string &str) override {
    size_t dots = str.find("..");
    if (dots == std::string::npos) {
      int y, m, d;
      int prec = ledei_date_partial(str.data(), str.size(), &y, &m, &d);
      char term[16];
      if (prec == 1)
        snprintf(term, sizeof term, LEDE_PREFIX_YEAR "%04d", y);
      else if (prec == 2)
        snprintf(term, sizeof term, LEDE_PREFIX_MONTH "%04d%02d", y, m);
      else if (prec == 3)
        snprintf(term, sizeof term, LEDE_PREFIX_DATE "%04d%02d%02d", y, m, d);
      else
        return fail(str);
      return Xapian::Query(term);
    }
    std::string a = str.substr(0, dots), b = str.substr(dots + 2);
    char lo[11], hi[11];
    bool has_lo = !a.empty(), has_hi = !b.empty();
    if ((!has_lo && !has_hi) || (has_lo && !ledei_date_bound(lo, a.data(), a.size(), 0)) ||
        (has_hi && !ledei_date_bound(hi, b.data(), b.size(), 1)))
      return fail(str);
    if (has_lo && has_hi && strcmp(lo, hi) > 0)
      return fail(str, " ends before it starts");
    if (has_lo && has_hi)
      return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, LEDE_SLOT_DATE, slot_date(lo),
                           slot_date(hi));
    if (has_lo)
      return Xapian::Query(Xapian::Query::OP_VALUE_GE, LEDE_SLOT_DATE, slot_date(lo));
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, LEDE_SLOT_DATE, slot_date(hi));
  }

private:
  /* Records the first bad value (and why, when not "is not a date or
   * range") and matches nothing. */
  Xapian::Query fail(const std::string &str, const char *why = " is not a date or range") {
    if (error.empty())
      error = "date:" + str + why +
              " (use 2023, 2023-11, 2023-11-09 or "
              "2023-11-01..2023-11-30)";
    return Xapian::Query::MatchNothing;
  }
};

/* A boolean field whose values are stored folded and hashed by
 * ledei_bool_term() (source:, place:), so "source:Reuters" finds "reuters". */
class FoldedField : public Xapian::FieldProcessor {
  std::string prefix_;
  bool fold_;

public:
  explicit FoldedField(const std::string &prefix, bool fold = true)
      : prefix_(prefix), fold_(fold) {}
  Xapian::Query operator()(const std::string &str) override {
    std::string v = str;
    while (!fold_ && v.size() > 1 && v.back() == '/') /* path:a/b/ is path:a/b */
      v.pop_back();
    return Xapian::Query(ledei_bool_term(prefix_.c_str(), v, fold_));
  }
};

/* The fields of lede's own query language. */
static const char *const own_fields[] = {
    "title", "source", "place", "date", "path", LEDE_WILDCARD_FIELD, LEDE_WILDCARD_TITLE_FIELD,
    nullptr};

/* The fields a query names (key:value outside phrases), in any case
 * ("Title:opec" is title:opec). Returns the text with each known key
 * lower-cased, and each unknown key's colon made a space, so that it is
 * searched as the words it says it is (Xapian would search "saudi:arabia"
 * as a phrase). Front-matter keys the index holds become fields of the
 * parser (their processors kept in *keep); unknown keys are listed in
 * *unknown. */
static std::string meta_fields(Xapian::QueryParser &qp, const Xapian::Database &x,
                               const std::string &text,
                               std::vector<std::unique_ptr<FoldedField>> *keep,
                               std::string *unknown) {
  auto key_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  };
  std::string out = text;
  bool quoted = false;
  std::vector<std::string> known, missing;
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (c == '"')
      quoted = !quoted;
    bool start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '(' || text[i - 1] == '+' ||
                 text[i - 1] == '-';
    if (quoted || !start || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
      continue;
    size_t e = i;
    while (e < text.size() && key_char(text[e]))
      e++;
    if (e >= text.size() - 1 || text[e] != ':' || text[e + 1] == ' ' || text[e + 1] == '/')
      continue;
    std::string key = text.substr(i, e - i);
    for (char &k : key)
      k = (char)tolower((unsigned char)k);
    bool own = false;
    for (const char *const *f = own_fields; *f && !own; f++)
      own = key == *f;
    bool is_known = own || std::find(known.begin(), known.end(), key) != known.end();
    bool is_missing = std::find(missing.begin(), missing.end(), key) != missing.end();
    if (!is_known && !is_missing) {
      std::string prefix = LEDE_PREFIX_META + key + ":";
      Xapian::TermIterator t = x.allterms_begin(prefix);
      if (t == x.allterms_end(prefix)) {
        missing.push_back(key);
        *unknown += (unknown->empty() ? "" : ", ") + key + ":";
        is_missing = true;
      } else {
        known.push_back(key);
        keep->emplace_back(new FoldedField(prefix));
        qp.add_boolean_prefix(key, keep->back().get());
      }
    }
    if (is_missing)
      out[e] = ' ';
    else
      out.replace(i, key.size(), key);
    i = e;
  }
  return out;
}

/* The stop list as a Xapian stopper, built once. */
static const Xapian::Stopper *english_stopper() {
  static const Xapian::SimpleStopper stopper(
      stop_words, stop_words + sizeof stop_words / sizeof *stop_words - 1);
  return &stopper;
}

/* ---- figures with a unit in queries: £600m, 76% (lib/figure.h) ---- */

/* The field a figure of the query text becomes (figure_text()). */
#define LEDE_FIGURE_FIELD "lede_fig"

/* How much a figure's unit term counts beside the words: enough that the
 * one sentence with "£600m" comes before three with "$600m" in articles
 * about the same deal (tests/cli/query_numbers.sh). */
#define LEDE_FIGURE_BOOST 4.0

/* lede_fig:gbp600m is the figure's term, Ugbp600m, its weight scaled. */
class FigureField : public Xapian::FieldProcessor {
public:
  Xapian::Query operator()(const std::string &value) override {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(LEDE_PREFIX_FIGURE + value),
                         LEDE_FIGURE_BOOST);
  }
};

/* True for a figure's term (U<currency><number><unit>). */
static bool is_figure_term(const std::string &t) {
  return t.size() > 1 && t.compare(0, LEDE_LEN(LEDE_PREFIX_FIGURE), LEDE_PREFIX_FIGURE) == 0 &&
         !(t[1] >= 'A' && t[1] <= 'Z');
}

static bool space_or_open(char c) {
  return c == ' ' || c == '\t' || c == '(';
}

/* Whether a number's stem is a word of the index's sentences or headlines. */
static bool number_indexed(const Xapian::Database &x, const std::string &w) {
  return x.term_exists("Z" + w) || x.term_exists("Z" LEDE_PREFIX_TITLE + w);
}

/* Whether a number's stem is a word of the index's headlines. */
static bool title_number_indexed(const Xapian::Database &x, const std::string &w) {
  return x.term_exists("Z" LEDE_PREFIX_TITLE + w);
}

/* The fields a number in both forms becomes (number_text()): a word, a
 * headline's word (title:1000), and a phrase holding one ('"1000 jobs"'). */
#define LEDE_NUMBER_FIELD "lede_num"
#define LEDE_TITLE_NUMBER_FIELD "lede_tnum"
#define LEDE_NUMBER_PHRASE_FIELD "lede_nphr"

/* lede_num:1000 is "1000" and "1,000" as one word (OP_SYNONYM), so that a
 * sentence scores the same whichever form it holds; lede_tnum:1000 the
 * same in headlines. */
class NumberField : public Xapian::FieldProcessor {
  std::string prefix_;

public:
  explicit NumberField(const std::string &prefix = "Z") : prefix_(prefix) {}
  Xapian::Query operator()(const std::string &value) override {
    const std::string terms[] = {prefix_ + value, prefix_ + ledei_other_number_form(value)};
    return Xapian::Query(Xapian::Query::OP_SYNONYM, terms, terms + 2);
  }
};

/* A word of a phrase in the forms x holds: "Z1000" as both forms joined by
 * op when x holds both, as "Z1,000" when it holds only that; any other
 * word as it is. */
static Xapian::Query number_word(const Xapian::Query &word, const Xapian::Database &x,
                                 Xapian::Query::op op) {
  if (word.get_type() != Xapian::Query::LEAF_TERM)
    return word;
  const std::string term = *word.get_terms_begin();
  if (!ledei_is_text_stem(term))
    return word;
  const std::string other = ledei_other_number_form(term.substr(1));
  if (other.empty() || !number_indexed(x, other))
    return word;
  if (!number_indexed(x, term.substr(1)))
    return Xapian::Query("Z" + other);
  return Xapian::Query(op, word, Xapian::Query("Z" + other));
}

/* lede_nphr:K is the K-th phrase of the query that holds a number the index
 * has in its other form ('"1000 jobs"', 1000-2000, 1000 NEAR jobs): the
 * phrase (or NEAR or ADJ) as the parser reads it, with each such number the
 * OR of its forms (OP_PHRASE and OP_NEAR take terms or their OR), so that
 * "1000 jobs" finds "1,000 jobs"; a phrase of one word is that word's
 * OP_SYNONYM, as lede_num: is. Being a field, it keeps its meaning after
 * '+' and '-' and beside operators. */
class NumberPhraseField : public Xapian::FieldProcessor {
  const Xapian::Database &x_;
  struct phrase {
    std::string text;      /* as the parser reads it: '"1000 jobs"', 'a NEAR/3 b' */
    Xapian::termcount gap; /* its window less its number of words */
  };
  std::vector<phrase> phrases_;

public:
  Xapian::Stem stem; /* the stemmer the query is parsed with */

  NumberPhraseField(const Xapian::Database &x, const Xapian::Stem &s) : x_(x), stem(s) {}
  Xapian::Query operator()(const std::string &value) override {
    size_t k = (size_t)strtoul(value.c_str(), nullptr, 10);
    if (k >= phrases_.size())
      return Xapian::Query::MatchNothing;
    Xapian::QueryParser qp;
    qp.set_stemmer(stem);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    qp.set_stopper(english_stopper());
    Xapian::Query q;
    try {
      q = qp.parse_query(phrases_[k].text, Xapian::QueryParser::FLAG_DEFAULT);
    } catch (const Xapian::Error &) { /* not thrown through the parser */
      return Xapian::Query::MatchNothing;
    }
    if (q.get_type() == Xapian::Query::LEAF_TERM)
      return number_word(q, x_, Xapian::Query::OP_SYNONYM);
    Xapian::Query::op op = q.get_type();
    if (op != Xapian::Query::OP_PHRASE && op != Xapian::Query::OP_NEAR)
      return q;
    std::vector<Xapian::Query> words, forms, weighed;
    for (size_t i = 0; i < q.get_num_subqueries(); i++) {
      words.push_back(q.get_subquery(i));
      if (words.back().get_type() != Xapian::Query::LEAF_TERM)
        return q;
      forms.push_back(number_word(words.back(), x_, Xapian::Query::OP_OR));
      weighed.push_back(number_word(words.back(), x_, Xapian::Query::OP_SYNONYM));
    }
    /* The parser's query is its words' own with that window. */
    Xapian::termcount window = (Xapian::termcount)words.size() + phrases_[k].gap;
    if (Xapian::Query(op, words.begin(), words.end(), window).serialise() != q.serialise())
      return q;
    /* A phrase weighs the sum of its words' weights, as their AND does:
     * with the number one word, it weighs the same in either form. */
    return Xapian::Query(Xapian::Query::OP_FILTER,
                         Xapian::Query(Xapian::Query::OP_AND, weighed.begin(), weighed.end()),
                         Xapian::Query(op, forms.begin(), forms.end(), window));
  }

  /* The field that stands for text, read by the parser with that gap. */
  std::string field(const std::string &text, Xapian::termcount gap = 0) {
    phrases_.push_back({text, gap});
    return LEDE_NUMBER_PHRASE_FIELD ":" + std::to_string(phrases_.size() - 1);
  }
};

static bool ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

static bool ascii_alnum(char c) {
  return ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Where a word of a query ends at text[e]: its end, a space, a closing
 * bracket or punctuation ("1000?", "1,000."). */
static bool word_ends(const std::string &text, size_t e) {
  return e == text.size() || strchr(" \t)?!;:,.", text[e]);
}

/* The end of the number that starts at text[i] ("1,000", "2.5"; a ',' or
 * '.' after it is punctuation), or i when none starts there. */
static size_t number_end(const std::string &text, size_t i) {
  size_t e = i;
  while (e < text.size() && (ascii_digit(text[e]) || text[e] == ',' || text[e] == '.'))
    e++;
  while (e > i && (text[e - 1] == ',' || text[e - 1] == '.'))
    e--;
  return e > i && ascii_digit(text[i]) ? e : i;
}

/* Whether a number of text (a phrase's words) is held by x in its other
 * form. */
static bool has_other_number_form(const std::string &text, const Xapian::Database &x) {
  for (size_t i = 0; i < text.size();) {
    size_t e = number_end(text, i);
    if (e == i || (i > 0 && (ascii_alnum(text[i - 1]) || text[i - 1] == ',' || text[i - 1] == '.' ||
                             text[i - 1] == '_'))) {
      i++;
      continue;
    }
    const std::string other = ledei_other_number_form(text.substr(i, e - i));
    if ((e == text.size() || !ascii_alnum(text[e])) && !other.empty() && number_indexed(x, other))
      return true;
    i = e;
  }
  return false;
}

/* A query's number as the index holds it: "1000" finds "1,000" too. The
 * word as typed becomes lede_num:1000 when the index holds both forms, the
 * other form alone when it holds only that, and stays as it was otherwise;
 * title:1000 the same with the headlines' forms (lede_tnum:1000). A word
 * the parser makes a phrase of ("1000-2000", "1,000-tonne") holding such a
 * number is a lede_nphr: field (unless phrases is null). A number beside
 * NEAR or ADJ is left as typed (near_chain() makes a field of the words
 * NEAR joins). */
static bool number_text(std::string *out, const Xapian::Database &x, const std::string &text,
                        size_t i, size_t *end, NumberPhraseField *phrases) {
  bool title = text.compare(i, 6, "title:") == 0;
  size_t b = title ? i + 6 : i, e = number_end(text, b);
  if (e > b && word_ends(text, e)) {
    if (ledei_by_near(text, i, e))
      return false;
    const std::string typed = text.substr(b, e - b), other = ledei_other_number_form(typed);
    auto held = [&](const std::string &w) {
      return title ? title_number_indexed(x, w) : number_indexed(x, w);
    };
    if (other.empty() || !held(other))
      return false;
    if (!held(typed))
      *out += (title ? "title:" : "") + other;
    else /* the field's value: the form without commas */
      *out += std::string(title ? LEDE_TITLE_NUMBER_FIELD : LEDE_NUMBER_FIELD) + ":" +
              (typed.find(',') == std::string::npos ? typed : other);
  } else {
    /* Words joined by '-' or '/', one of them such a number. */
    if (title || e == b || !phrases)
      return false;
    e = b;
    bool joined = false, number = false;
    for (; e < text.size(); e++) {
      bool joiner =
          (text[e] == '-' || text[e] == '/') && e + 1 < text.size() && ascii_alnum(text[e + 1]);
      if (!joiner && !ascii_alnum(text[e]) && text[e] != ',' && text[e] != '.')
        break;
      joined |= joiner;
    }
    while (e > b && (text[e - 1] == ',' || text[e - 1] == '.'))
      e--;
    if (!joined || !word_ends(text, e) || ledei_by_near(text, i, e))
      return false;
    for (size_t p = b; p < e && !number;) {
      size_t q = p;
      while (q < e && text[q] != '-' && text[q] != '/')
        q++;
      number = number_end(text, p) == q && has_other_number_form(text.substr(p, q - p), x);
      p = q + 1;
    }
    if (!number)
      return false;
    *out += phrases->field("\"" + text.substr(b, e - b) + "\"");
  }
  if (e < text.size() && text[e] != ' ' && text[e] != '\t' && text[e] != ')')
    *out += ' '; /* a field's value ends at a space: "1000?" */
  *end = e;
  return true;
}

/* The word of a query that ends at text[e] (spaces before it skipped) or
 * starts there (spaces skipped), "" at either end of the text. */
static std::string word_before(const std::string &text, size_t e) {
  while (e > 0 && (text[e - 1] == ' ' || text[e - 1] == '\t'))
    e--;
  size_t b = e;
  while (b > 0 && text[b - 1] != ' ' && text[b - 1] != '\t' && text[b - 1] != '(')
    b--;
  return b == e && b > 0 ? "(" : text.substr(b, e - b);
}

static std::string word_after(const std::string &text, size_t b) {
  while (b < text.size() && (text[b] == ' ' || text[b] == '\t'))
    b++;
  size_t e = b;
  while (e < text.size() && text[e] != ' ' && text[e] != '\t' && text[e] != ')')
    e++;
  return e == b && e < text.size() ? ")" : text.substr(b, e - b);
}

/* Whether a word of a query is "", a bracket or a boolean operator. */
static bool bounds_expression(const std::string &w) {
  return w.empty() || w == "(" || w == ")" || w == "AND" || w == "OR" || w == "NOT" || w == "XOR";
}

/* Words joined by NEAR or ADJ ("1000 NEAR jobs", "a NEAR/3 b NEAR c")
 * starting at text[i], between brackets or boolean operators (elsewhere
 * Xapian 1.4's parser does not take them, and lede says so): their end,
 * or i when there are none. *gap is their window less their number of
 * words, as the parser sets it (N - 1 for the last NEAR/N or ADJ/N, N
 * being 10 by default); *number whether a word is a number x holds in its
 * other form. */
static size_t near_chain(const std::string &text, size_t i, const Xapian::Database &x,
                         Xapian::termcount *gap, bool *number) {
  auto word_end = [&](size_t p) {
    while (p < text.size() && (ascii_alnum(text[p]) || text[p] == ',' || text[p] == '.' ||
                               (unsigned char)text[p] >= 0x80))
      p++;
    return p;
  };
  if (!bounds_expression(word_before(text, i)))
    return i;
  size_t e = word_end(i), ops = 0;
  if (e == i)
    return i;
  *number = has_other_number_form(text.substr(i, e - i), x);
  std::string kind;
  for (;;) {
    std::string op = word_after(text, e);
    std::string name = op.substr(0, op.find('/'));
    if (name != "NEAR" && name != "ADJ")
      break;
    unsigned long n = 10;
    if (op.size() > name.size()) {
      const std::string digits = op.substr(name.size() + 1);
      if (digits.empty() || digits.size() > 6 ||
          digits.find_first_not_of("0123456789") != std::string::npos)
        return i;
      n = strtoul(digits.c_str(), nullptr, 10);
    }
    if (n < 1 || (!kind.empty() && kind != name))
      return i;
    kind = name;
    size_t w = text.find(op, e) + op.size();
    while (w < text.size() && (text[w] == ' ' || text[w] == '\t'))
      w++;
    size_t we = word_end(w);
    if (we == w)
      return i;
    *number |= has_other_number_form(text.substr(w, we - w), x);
    *gap = (Xapian::termcount)(n - 1);
    e = we;
    ops++;
  }
  size_t p = e; /* punctuation after the last word: "1000 NEAR jobs?" */
  while (p < text.size() && strchr("?!;:,.", text[p]))
    p++;
  if (!ops || !(p == text.size() || text[p] == ' ' || text[p] == '\t' || text[p] == ')') ||
      !bounds_expression(word_after(text, p)))
    return i;
  return e;
}

/* Whether text[i] follows a sign ('+' or '-') that starts a word. */
static bool after_sign(const std::string &text, size_t i, char sign) {
  return i > 0 && text[i - 1] == sign && (i == 1 || space_or_open(text[i - 2]));
}

/* The query text with its figures' units made to count. A figure
 * ("£600m", "£600 million") becomes "(lede_fig:gbp600m OR £600m)": its words
 * still match, and the sentences with its unit come first. A quoted figure
 * ('"£600m"') becomes lede_fig:gbp600m: the unit is required, in any form of
 * the figure. A quoted phrase holding figures must hold their units too:
 * '("£600m deal" AND lede_fig:gbp600m)', or after '+' '+"£600m deal"
 * +lede_fig:gbp600m'. Figures after a field prefix (title:), '+' or '-' are
 * left as typed, as are phrases after ':' and the operands of NEAR and
 * ADJ. A number without a unit is searched in the forms x holds
 * (number_text()), also after '+', '-' and title:, and so is a phrase
 * holding one (after '-' too, its figures not required: that phrase is
 * excluded in any form), unless phrases is null (phrases as typed). */
static std::string figure_text(const std::string &text, const Xapian::Database &x,
                               NumberPhraseField *phrases) {
  std::string out;
  size_t n = text.size();
  lede_figure_t f;
  for (size_t i = 0; i < n;) {
    bool start = i == 0 || space_or_open(text[i - 1]);
    bool plus = after_sign(text, i, '+'), minus = after_sign(text, i, '-');
    if (text[i] == '"') {
      size_t close = text.find('"', i + 1);
      if (close == std::string::npos) {
        out.append(text, i, std::string::npos);
        break;
      }
      std::string inner = text.substr(i + 1, close - i - 1);
      std::vector<std::string> values;
      size_t first = inner.size(), last = 0;
      for (size_t at = 0; ledei_figure_find(&f, inner.data(), inner.size(), at); at = f.end) {
        values.push_back(f.term + LEDE_LEN(LEDE_PREFIX_FIGURE));
        first = std::min(first, f.start);
        last = f.end;
      }
      size_t b = inner.find_first_not_of(" \t"), e = inner.find_last_not_of(" \t");
      bool numbers = phrases && (start || plus || minus) && !ledei_by_near(text, i, close + 1) &&
                     has_other_number_form(inner, x);
      std::string phrase = text.substr(i, close + 1 - i);
      if (numbers)
        phrase = phrases->field(phrase);
      if (numbers && (minus || values.empty()))
        out += phrase;
      else if ((!start && !plus) || values.empty() || ledei_by_near(text, i, close + 1))
        out += phrase;
      else if (values.size() == 1 && b == first && e + 1 == last)
        out += LEDE_FIGURE_FIELD ":" + values[0];
      else {
        out += plus ? "" : "(";
        out += phrase;
        for (const std::string &v : values)
          out += (plus ? " +" LEDE_FIGURE_FIELD ":" : " AND " LEDE_FIGURE_FIELD ":") + v;
        out += plus ? "" : ")";
      }
      i = close + 1;
      continue;
    }
    if (start && ledei_figure_at(&f, text.data(), n, i) && word_ends(text, f.end) &&
        !ledei_by_near(text, i, f.end)) {
      out += "(" LEDE_FIGURE_FIELD ":" + std::string(f.term + LEDE_LEN(LEDE_PREFIX_FIGURE)) +
             " OR " + text.substr(i, f.end - i) + ")";
      i = f.end;
      continue;
    }
    Xapian::termcount gap = 0;
    bool number = false;
    size_t chain = start && phrases ? near_chain(text, i, x, &gap, &number) : i;
    if (chain > i && number) {
      out += phrases->field(text.substr(i, chain - i), gap);
      if (chain < n && text[chain] != ' ' && text[chain] != '\t' && text[chain] != ')')
        out += ' '; /* a field's value ends at a space: "1000 NEAR jobs?" */
      i = chain;
      continue;
    }
    if ((start || plus || minus) && number_text(&out, x, text, i, &i, phrases))
      continue;
    out += text[i++];
  }
  return out;
}

/* At most this many wildcards in one query are expanded. */
#define LEDE_WILDCARDS_PER_QUERY 50

/* A parsed query with what the parser noticed on the way. */
struct parsed_query {
  Xapian::Query query;
  std::string warning;                     /* "" or why the query was not taken as written */
  std::string corrected;                   /* spelling-corrected query text, or "" */
  std::string wildcard_warning;            /* "" or why wildcards were not (all) expanded */
  std::vector<std::string> wildcard_terms; /* the stems wildcards stand for */
  std::string field_warning;               /* "" or which key: names no field */
  std::string quote_warning;               /* "" or that a quote or bracket was not closed */
  std::vector<std::string> cjk_words;      /* the runs of CJK characters, as typed */
};

/* A query made only of excluded terms ("-oil", "-oil -\"crude price\""):
 * Xapian's parser takes a leading '-' for an operator without operand and
 * quietly retries the query as plain words, which finds the very words
 * excluded. Such a query is written as what it means, NOT (oil OR ...),
 * which FLAG_PURE_NOT parses; any other text is returned as it is. */
static std::string pure_not_text(const char *text) {
  std::string inside;
  bool quoted = false, start = true;
  size_t terms = 0;
  for (const char *p = text; *p; p++) {
    char c = *p;
    if (!quoted && (c == ' ' || c == '\t')) {
      start = true;
      inside += c;
      continue;
    }
    if (start && !quoted) {
      if (c != '-' || p[1] == '\0' || p[1] == ' ' || p[1] == '\t')
        return text; /* a term not excluded (or a lone '-') */
      if (terms++)
        inside += "OR ";
      start = false;
      continue; /* the '-' itself */
    }
    if (c == '"')
      quoted = !quoted;
    if (!quoted && (c == '(' || c == ')'))
      return text; /* brackets: left to the parser */
    inside += c;
  }
  if (terms == 0 || quoted)
    return text;
  return "NOT (" + inside + ")";
}

/* A headline's words are indexed without positions (on every sentence of
 * the article), so a phrase of them matches nothing: "title:Shangri-La"
 * and title:"Shangri La" found no article. Such a field is written as its
 * words all required, "(title:Shangri AND title:La)" (a '.' is left alone:
 * "title:U.S." is one word to the parser); other text is kept as it is. */
static std::string title_words_text(const std::string &text) {
  static const char joiners[] = "-/\\@&";
  std::string out;
  bool quoted = false;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    bool start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '(' ||
                 text[i - 1] == '+' || text[i - 1] == '-';
    if (quoted || !start || text.compare(i, 6, "title:") != 0) {
      quoted ^= c == '"';
      out += c;
      i++;
      continue;
    }
    size_t w = i + 6, e = w;
    bool phrase = w < text.size() && text[w] == '"';
    if (phrase) {
      e = text.find('"', w + 1);
      if (e == std::string::npos) {
        out.append(text, i, std::string::npos); /* left open: the parser's */
        break;
      }
    } else {
      while (e < text.size() && text[e] != ' ' && text[e] != '\t' && text[e] != ')' &&
             text[e] != '(' && text[e] != '"')
        e++;
    }
    std::vector<std::string> words;
    for (size_t p = phrase ? w + 1 : w; p < e;) {
      size_t q = p;
      while (q < e && text[q] != ' ' && text[q] != '\t' && !strchr(joiners, text[q]))
        q++;
      if (q > p)
        words.push_back(text.substr(p, q - p));
      p = q + 1;
    }
    if (words.size() < 2) {
      out.append(text, i, (phrase ? e + 1 : e) - i);
    } else {
      out += '(';
      for (size_t k = 0; k < words.size(); k++)
        out += (k ? " AND title:" : "title:") + words[k];
      out += ')';
    }
    i = phrase ? e + 1 : e;
  }
  return out;
}

/* 1 when text has a construct whose misuse makes Xapian's parser quietly
 * retry the whole query as plain words: an odd number of double quotes,
 * unbalanced parentheses, or a NEAR/ADJ operator. */
static int may_fall_back(const char *text) {
  int quotes = 0, depth = 0, unbalanced = 0;
  for (const char *p = text; *p; p++) {
    if (*p == '"')
      quotes++;
    else if (*p == '(')
      depth++;
    else if (*p == ')' && --depth < 0)
      unbalanced = 1;
    bool word_start = p == text || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '(';
    if (word_start && (strncmp(p, "NEAR", 4) == 0 || strncmp(p, "ADJ", 3) == 0)) {
      const char *e = p + (p[0] == 'N' ? 4 : 3);
      if (*e == '\0' || *e == ' ' || *e == '\t' || *e == '/' || *e == ')')
        return 1;
    }
  }
  return quotes % 2 || depth != 0 || unbalanced;
}

/* Sets up a QueryParser for db: its stemmer, the stop list, the fields
 * (title:, source:, place:, date:) and the wildcard bound. The field
 * processors stay owned by the caller and must outlive the parser. */
static void setup_parser(Xapian::QueryParser &qp, lede_db_t *db, DateField *date,
                         FoldedField *source, FoldedField *place, FoldedField *path,
                         Xapian::Query::op default_op) {
  qp.set_database(db->sentences());
  qp.set_stemmer(db->stem);
  /* The index holds stems only (lede_db_put_article()). */
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  qp.set_stopper(english_stopper());
  qp.set_default_op(default_op);
  qp.add_prefix("title", LEDE_PREFIX_TITLE);
  qp.add_boolean_prefix("source", source);
  qp.add_boolean_prefix("place", place);
  qp.add_boolean_prefix("date", date);
  qp.add_boolean_prefix("path", path);
}

/* 1 when a word of q (a "Z" stem; field terms aside) is in no sentence and
 * no headline of the index, in any form that shares its stem, or a word of
 * title: ("ZT" stem) in no headline. */
static int has_unknown_word(const Xapian::Database &x, const Xapian::Query &q) {
  static const std::string title = "Z" LEDE_PREFIX_TITLE;
  for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
    const std::string &term = *t;
    if (ledei_is_text_stem(term)) {
      if (!x.term_exists(term) && !x.term_exists(title + term.substr(1)))
        return 1;
    } else if (term.compare(0, title.size(), title) == 0 &&
               ledei_is_text_stem("Z" + term.substr(title.size()))) {
      if (!x.term_exists(term)) /* a word of title: no headline holds */
        return 1;
    } /* else a field term, or another field's stem */
  }
  return 0;
}

/* 1 when the byte before or at a place in a query is part of a word:
 * an ASCII letter or digit or any byte of a UTF-8 character. */
static bool word_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (unsigned char)c >= 0x80;
}

/* The name of the field a query token starting at tok is a value of
 * ("title" for title:防衛, also after + or -), or "". */
static std::string field_of_token(const std::string &text, size_t tok) {
  while (tok < text.size() && (text[tok] == '+' || text[tok] == '-'))
    tok++;
  size_t e = tok;
  while (e < text.size() && (word_byte(text[e]) || text[e] == '_' || text[e] == '-') &&
         (unsigned char)text[e] < 0x80)
    e++;
  return e > tok && e < text.size() && text[e] == ':' ? text.substr(tok, e - tok) : std::string();
}

/* The n-gram terms of a run as ledei_index_text() indexed it, joined by
 * spaces: its bigrams (one character: itself), then its last character
 * when words follow it in a phrase (keep_place), so that they keep their
 * places. */
static std::string run_terms(const ledei_cjk_run &r, bool keep_place) {
  std::string q;
  for (size_t k = 0; k + 1 < r.chars.size(); k++)
    q += (q.empty() ? "" : " ") + r.chars[k] + r.chars[k + 1];
  if (q.empty() || keep_place)
    q += (q.empty() ? "" : " ") + r.chars.back();
  return q;
}

/* The query text with each run of CJK characters written as the index
 * holds it (ledei_index_text()), so that it matches exactly where the run
 * occurs, inside longer runs too (미사일 in 미사일을), and nowhere else: a
 * run is the phrase of its bigrams ("미사일" is "미사 사일"; one or two
 * characters a single term). A token that glues a run to other characters
 * ("9일", "2023年10月", "北京abc") is the phrase of its pieces, as they
 * were indexed one after the other; inside a quoted phrase the pieces
 * join it. In title: (whose terms have no positions) a run is the AND of
 * its bigrams; as the value of another field it stays as typed. A '*'
 * after a run is dropped (a run is found inside longer ones anyway). words
 * gets each run searched in the text, for highlighting. */
static std::string cjk_query_text(const std::string &text, std::vector<std::string> *words) {
  std::vector<ledei_cjk_run> runs = ledei_cjk_runs(text);
  if (runs.empty())
    return text;
  static const char *const apart = " \t()\"";
  std::string out;
  size_t done = 0, opened = 0, next = 0;
  bool quoted = false;
  while (next < runs.size()) {
    /* The token holding the run: up to a space, bracket or quote. */
    size_t ts = runs[next].start, te = runs[next].end, last = next;
    for (size_t i = done; i < ts; i++)
      if (text[i] == '"' && (quoted = !quoted))
        opened = i;
    while (ts > done && !strchr(apart, text[ts - 1]))
      ts--;
    while (te < text.size() && !strchr(apart, text[te]))
      te++;
    while (last + 1 < runs.size() && runs[last + 1].start < te)
      last++;
    out.append(text, done, ts - done);
    done = te;
    size_t from = quoted ? opened : ts;
    while (quoted && from > 0 && !strchr(" \t()", text[from - 1]))
      from--;
    std::string field = field_of_token(text, from);
    size_t at = ts;
    std::string lead; /* + or - before the token */
    while (!quoted && at < runs[next].start && (text[at] == '+' || text[at] == '-'))
      lead += text[at++];
    const ledei_cjk_run &r = runs[next];
    bool alone =
        last == next && at == r.start && (te == r.end || (te == r.end + 1 && text[r.end] == '*'));
    if (!field.empty()) {
      bool title = field == "title" && !quoted && last == next && r.start == at + 6 &&
                   (te == r.end || (te == r.end + 1 && text[r.end] == '*'));
      if (!title) {
        out.append(text, ts, te - ts);
      } else {
        std::string terms = run_terms(r, false), q;
        for (size_t b = 0, e; b < terms.size(); b = e + 1) {
          e = terms.find(' ', b);
          e = e == std::string::npos ? terms.size() : e;
          q += (q.empty() ? "title:" : " AND title:") + terms.substr(b, e - b);
        }
        out += lead + (terms.find(' ') == std::string::npos ? q : "(" + q + ")");
      }
      next = last + 1;
      continue;
    }
    std::string body;
    auto piece = [&body](const std::string &p) { body += (body.empty() ? "" : " ") + p; };
    for (size_t k = next; k <= last; k++) {
      if (runs[k].start > at)
        piece(text.substr(at, runs[k].start - at));
      words->push_back(text.substr(runs[k].start, runs[k].end - runs[k].start));
      piece(run_terms(runs[k], quoted || !alone));
      at = runs[k].end;
      if (at < te && text[at] == '*')
        at++;
    }
    if (at < te)
      piece(text.substr(at, te - at));
    bool phrase = !quoted && body.find(' ') != std::string::npos;
    out += lead + (phrase ? '"' + body + '"' : body);
    next = last + 1;
  }
  out.append(text, done, std::string::npos);
  return out;
}

/* Sets out->corrected to the spelling-corrected query text when a word of
 * out->query is unknown to the index (the correction reads every spelling
 * word: it is not asked for queries whose words are all known). */
static void spell_check(parsed_query *out, lede_db_t *db, const char *text) {
  const Xapian::Database &x = db->sentences();
  /* CJK n-grams are in no spelling data: a query with CJK text would be
   * "corrected" into other words. */
  if (ledei_has_cjk(text) || !has_unknown_word(x, out->query))
    return;
  bool served = false;
  for (const ledei_part &p : db->parts)
    served |= p.dir.empty();
  out->corrected = ledei_spelling_correction(x, db->stem, ledei_wildcard_untext(text), served);
}

/* The parser gives a query of boolean fields alone ("source:reuters",
 * "date:1987") as 0 * FILTER. Searched as FILTER itself, which weighs 0 all
 * the same (its terms have no wdf), since under a factor of 0 Xapian 1.4
 * reads a term that indexes every document from the list of all documents,
 * which fails past its first chunk once a deletion left a gap in the docids
 * (ledei_unweighted()). The factor is told by the query's serialisation
 * against 0 * FILTER's. */
static Xapian::Query weighable(const Xapian::Query &q) {
  if (q.get_type() != Xapian::Query::OP_SCALE_WEIGHT || q.get_num_subqueries() != 1)
    return q;
  Xapian::Query filter = q.get_subquery(0);
  if (Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0).serialise() != q.serialise())
    return q;
  return filter;
}

/* Articles in another language than the index's hold their words as
 * written (lede_db_put_article()). When the index has such articles and
 * the query's words as written are terms of it that its stems are not,
 * each passage takes the better of the two readings (OP_MAX), so that
 * "nationales" finds a French article; otherwise the query stays as it
 * was (an index of its own language answers as before). */
static void also_as_written(parsed_query *out, lede_db_t *db, Xapian::QueryParser &qp,
                            NumberPhraseField *phrases, const std::string &text, unsigned flags) {
  const Xapian::Database &x = db->sentences();
  if (!x.term_exists(LEDE_PREFIX_AS_WRITTEN))
    return;
  qp.set_stemmer(ledei_plain_stem(db));
  phrases->stem = ledei_plain_stem(db);
  Xapian::Query written = qp.parse_query(text, flags);
  qp.set_stemmer(db->stem);
  phrases->stem = db->stem;
  for (auto t = written.get_unique_terms_begin(); t != written.get_unique_terms_end(); ++t) {
    bool stemmed = false;
    for (auto u = out->query.get_unique_terms_begin();
         u != out->query.get_unique_terms_end() && !stemmed; ++u)
      stemmed = *u == *t;
    if (!stemmed && ledei_is_text_stem(*t) && x.term_exists(*t)) {
      out->query = Xapian::Query(Xapian::Query::OP_MAX, out->query, written);
      return;
    }
  }
}

/* Whether a quote ('"', or a curly one opened and not closed) or a
 * bracket outside quotes is still open at the end of text. */
static void left_open(const char *text, bool *quote, bool *bracket) {
  bool in = false;
  int depth = 0;
  for (const char *p = text; *p; p++) {
    if (*p == '"')
      in = !in;
    else if (strncmp(p, "\xe2\x80\x9c", 3) == 0) /* U+201C */
      in = true;
    else if (strncmp(p, "\xe2\x80\x9d", 3) == 0) /* U+201D */
      in = false;
    else if (!in && *p == '(')
      depth++;
    else if (!in && *p == ')' && depth > 0)
      depth--;
  }
  *quote = in;
  *bracket = depth > 0;
}

/* Parses the user's query with Xapian's syntax (AND, OR, NOT, +/-, phrases,
 * NEAR, ADJ, wildcards, fields). When it does not parse as written (an
 * error, a date: value that is not a date, or Xapian's own quiet retry)
 * its words are searched as plain keywords and out->warning says so.
 * Words not joined by an operator are ORed (ranked searches) or ANDed
 * (all_words: counting). */
static void parse_query(parsed_query *out, lede_db_t *db, const char *typed,
                        bool all_words = false) {
  Xapian::Query::op default_op = all_words ? Xapian::Query::OP_AND : Xapian::Query::OP_OR;
  DateField date;
  FoldedField source(LEDE_PREFIX_SOURCE), place(LEDE_PREFIX_PLACE), path(LEDE_PREFIX_PATH, false);
  ledei_wildcards wild;
  ledei_wildcard_field wild_text(&db->sentences(), db->stem, "", &wild),
      wild_title(&db->sentences(), db->stem, LEDE_PREFIX_TITLE, &wild);
  Xapian::QueryParser qp;
  setup_parser(qp, db, &date, &source, &place, &path, default_op);
  std::vector<std::unique_ptr<FoldedField>> fields;
  std::string unknown;
  const std::string fielded = meta_fields(qp, db->sentences(), typed, &fields, &unknown);
  typed = fielded.c_str();
  unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PURE_NOT;
  const unsigned plain = 0;
  /* Each wildcard is expanded on its own, so their number is bounded too:
   * past it, '*' is taken literally. */
  size_t wildcards = 0;
  std::string written = cjk_query_text(typed, &out->cjk_words);
  /* Spelling is checked on the query as typed: "-mislie" suggests
   * "-missile", not the NOT it is searched as, and "d'Estang" suggests
   * "d'Estaing", not the "d-Estaing" its elision is searched as. */
  const std::string as_typed = written;
  if (char *words = ledei_words_text(written.data(), written.size())) { /* as indexed */
    written = words;
    free(words);
  }
  const std::string meant = pure_not_text(written.c_str());
  std::string unexpanded;
  std::string text = ledei_wildcard_text(meant.c_str(), &wildcards, &unexpanded);
  size_t same_wildcards;
  std::string spelled =
      meant == as_typed ? text : ledei_wildcard_text(as_typed.c_str(), &same_wildcards);
  if (wildcards > LEDE_WILDCARDS_PER_QUERY) {
    text = meant;
    spelled = as_typed;
    out->wildcard_warning = "the query has " + std::to_string(wildcards) +
                            " wildcards, more than " + std::to_string(LEDE_WILDCARDS_PER_QUERY) +
                            "; searched with '*' taken literally";
  } else if (wildcards) {
    qp.add_prefix(LEDE_WILDCARD_FIELD, &wild_text);
    qp.add_prefix(LEDE_WILDCARD_TITLE_FIELD, &wild_title);
  }
  if (!unexpanded.empty() && out->wildcard_warning.empty()) {
    /* The word as typed, made valid UTF-8 for the message. */
    char *word = ledei_utf8_sanitize(unexpanded.data(), unexpanded.size());
    out->wildcard_warning = "'*' is a wildcard only at the end of a word outside quotes and "
                            "not beside NEAR or ADJ: '" +
                            std::string(word) + "' is searched without it";
    free(word);
  }
  /* Spelling is checked on the text without figure fields (spelled),
   * whose correction is then the user's text again. */
  FigureField figures;
  NumberField numbers, title_numbers("Z" LEDE_PREFIX_TITLE);
  NumberPhraseField number_phrases(db->sentences(), db->stem);
  const std::string words_text = text;
  text = figure_text(title_words_text(text), db->sentences(), &number_phrases);
  if (text != words_text) {
    qp.add_prefix(LEDE_FIGURE_FIELD, &figures);
    qp.add_prefix(LEDE_NUMBER_FIELD, &numbers);
    qp.add_prefix(LEDE_TITLE_NUMBER_FIELD, &title_numbers);
    qp.add_prefix(LEDE_NUMBER_PHRASE_FIELD, &number_phrases);
  }
  try {
    out->query = weighable(qp.parse_query(text, flags));
    out->wildcard_terms = wild.terms;
    bool quote, bracket;
    left_open(typed, &quote, &bracket);
    if (quote)
      out->quote_warning = "a quote is not closed: its phrase runs to the end of the query";
    if (bracket)
      out->quote_warning += std::string(quote ? "; " : "") +
                            "a bracket is not closed: it runs to the end of the query";
    if (!wild.warning.empty())
      out->wildcard_warning += (out->wildcard_warning.empty() ? "" : "; ") + wild.warning;
    if (!unknown.empty())
      out->field_warning = "no field " + unknown +
                           " in the index (fields: title, source, place, date, path and the "
                           "front-matter keys of its articles); searched as words";
    if (!date.error.empty()) {
      out->warning = date.error + "; searched as plain keywords";
    } else if (may_fall_back(typed)) {
      /* Xapian retries a query it cannot parse as plain words without
       * telling: the same query as a plain parse gives it away. Compared
       * with words as written (STEM_SOME leaves a phrase's words unstemmed),
       * so that a one-word phrase ('"word') is not taken for a retry. */
      qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
      /* With its phrases as typed: a field for a number's phrase parses
       * alike either way. */
      const std::string near_text =
          figure_text(title_words_text(words_text), db->sentences(), nullptr);
      bool retried = qp.parse_query(near_text, flags).serialise() ==
                     qp.parse_query(near_text, plain).serialise();
      qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
      if (!retried) {
        spell_check(out, db, spelled.c_str());
        if (!wildcards)
          also_as_written(out, db, qp, &number_phrases, text, flags);
        return;
      }
      out->warning = "query did not parse as written; searched as plain keywords";
    } else {
      spell_check(out, db, spelled.c_str());
      if (!wildcards)
        also_as_written(out, db, qp, &number_phrases, text, flags);
      return;
    }
  } catch (const Xapian::QueryParserError &e) {
    out->warning = "query did not parse (" + e.get_msg() + "); searched as plain keywords";
  }
  /* Plain keywords: no operators and no fields, so nothing can fail again. */
  out->wildcard_terms.clear();
  out->wildcard_warning.clear();
  out->quote_warning.clear();
  Xapian::QueryParser words;
  words.set_database(db->sentences());
  words.set_stemmer(db->stem);
  words.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  words.set_stopper(english_stopper());
  words.set_default_op(default_op);
  out->query = words.parse_query(written, plain);
}

/* The articles an index shows by a path relative to the folder holding it
 * (those whose path is not absolute): every document but those with an
 * absolute path, whose first folders ("/home", "/srv") are few. */
static Xapian::Query relative_paths(Xapian::Database &x) {
  const std::string top = ledei_bool_term(LEDE_PREFIX_PATH, "/", false);
  std::vector<Xapian::Query> absolute;
  Xapian::TermIterator t = x.allterms_begin(top), end = x.allterms_end(top);
  while (t != end) {
    std::string term = *t;
    size_t slash = term.find('/', top.size());
    if (slash == std::string::npos) {
      absolute.emplace_back(term); /* a first folder */
      ++t;
    } else {
      t.skip_to(term.substr(0, slash) + "0"); /* past what lies under it ('0' follows '/') */
    }
  }
  if (absolute.empty())
    return Xapian::Query::MatchAll;
  return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll,
                       Xapian::Query(Xapian::Query::OP_OR, absolute.begin(), absolute.end()));
}

/* --under DIR: the articles whose file lies in DIR, as each index shows
 * its paths: absolute, or relative to the folder holding it (its base;
 * for an index moved or copied away from its files, the folder they are
 * relative to: part_bases()).
 * The indexes are searched as one, so a relative path's term is the same
 * in every index: the indexes must agree on what of theirs DIR holds (the
 * same base, or none of the other's paths), else the search is refused;
 * a served index's base is not known here, which is said. */
static Xapian::Query under_filter(lede_db_t *db, const char *under, std::string *warning) {
  char *abs = realpath(under, nullptr);
  std::string dir = abs ? abs : under;
  free(abs);
  std::vector<Xapian::Query> terms{Xapian::Query(ledei_bool_term(LEDE_PREFIX_PATH, dir, false))};
  std::string agreed, agreed_base; /* the relative part: "" none, "*" all, or a folder */
  bool some = false;
  for (size_t k = 0; k < db->parts.size(); k++) {
    ledei_part &p = part_bases(db, k);
    if (p.dir.empty()) {
      if (warning->find("--under") == std::string::npos)
        *warning += std::string(warning->empty() ? "" : "; ") + "--under: " + p.spec +
                    ": a served index's folder is not known here, only its articles with an "
                    "absolute path are filtered by it";
      continue;
    }
    /* the folder its relative paths are relative to */
    const std::string &paths = p.paths_base.empty() ? p.base : p.paths_base;
    std::string base = paths == "/" ? "" : paths, mine;
    if (dir == paths || paths.compare(0, dir.size() + 1, dir + "/") == 0 || dir == "/")
      mine = "*"; /* every relative path of this index lies in DIR */
    else if (dir.compare(0, base.size() + 1, base + "/") == 0)
      mine = dir.substr(base.size() + 1);
    if (!some) {
      some = true;
      agreed = mine;
      agreed_base = paths;
    } else if (mine != agreed && paths != agreed_base) {
      throw Xapian::QueryParserError("--under " + std::string(under) +
                                     ": the indexes given lie in different folders (" +
                                     agreed_base + ", " + paths +
                                     ") and show their articles' paths relative to each; "
                                     "search them one at a time");
    }
  }
  if (agreed == "*")
    terms.push_back(relative_paths(db->sentences()));
  else if (!agreed.empty())
    terms.emplace_back(ledei_bool_term(LEDE_PREFIX_PATH, agreed, false));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

/* The boolean filter of the search options (--since, --until, --source,
 * --under), or an empty query when there is none. */
static Xapian::Query options_filter(lede_db_t *db, const lede_search_opts_t *o,
                                    std::string *warning) {
  std::string since = slot_date(o->since), until = slot_date(o->until);
  Xapian::Query filter;
  if (!since.empty() && !until.empty())
    filter = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, LEDE_SLOT_DATE, since, until);
  else if (!since.empty())
    filter = Xapian::Query(Xapian::Query::OP_VALUE_GE, LEDE_SLOT_DATE, since);
  else if (!until.empty())
    filter = Xapian::Query(Xapian::Query::OP_VALUE_LE, LEDE_SLOT_DATE, until);
  if (o->sources && o->sources[0]) {
    std::vector<Xapian::Query> srcs;
    for (const char *const *s = o->sources; *s; s++)
      srcs.emplace_back(ledei_bool_term(LEDE_PREFIX_SOURCE, *s, true));
    Xapian::Query any(Xapian::Query::OP_OR, srcs.begin(), srcs.end());
    filter = filter.empty() ? any : Xapian::Query(Xapian::Query::OP_AND, filter, any);
  }
  if (o->under && *o->under) {
    Xapian::Query in = under_filter(db, o->under, warning);
    if (!in.empty())
      filter = filter.empty() ? in : Xapian::Query(Xapian::Query::OP_AND, filter, in);
  }
  return filter;
}

/* q restricted to filter (which does not change scores). */
static Xapian::Query apply_filter(const Xapian::Query &q, const Xapian::Query &filter) {
  if (filter.empty())
    return q;
  return Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
}

/* The spelling correction worth offering: corrected (the parser's), when it
 * differs from the query and finds at least one passage under the same
 * filters; else "". Never suggests something that finds nothing. */
static std::string checked_suggestion(lede_db_t *db, const std::string &corrected,
                                      const char *query, const Xapian::Query &filter) {
  if (corrected.empty() || corrected == query)
    return std::string();
  parsed_query pq;
  parse_query(&pq, db, corrected.c_str());
  if (!pq.warning.empty() || pq.query.empty())
    return std::string();
  Xapian::Enquire enq(db->sentences());
  Xapian::Query q = apply_filter(pq.query, filter);
  return ledei_get_mset(db, enq, q, ledei_unweighted(db, db->sentences(), q), 0, 1).empty()
             ? std::string()
             : corrected;
}

Xapian::Query ledei_matching_query(lede_db_t *db, const lede_search_opts_t *o,
                                   std::string *warning) {
  parsed_query pq;
  parse_query(&pq, db, o->query ? o->query : "", true);
  *warning = pq.warning;
  for (const std::string *w : {&pq.wildcard_warning, &pq.field_warning, &pq.quote_warning})
    if (!w->empty())
      *warning += (warning->empty() ? "" : "; ") + *w;
  if (pq.query.empty())
    return Xapian::Query();
  return apply_filter(pq.query, options_filter(db, o, warning));
}

/* Searches x for q (unweighted), whose matches are all within max, and
 * returns each match's docid and record in docid order (the order of
 * its matches, which all weigh the same). Over a served index the records
 * come as the MSet's sort keys (sorted on LEDE_SLOT_DATA, which holds
 * them): one message, where each document asked for is a message and a
 * reply a value (MSet::fetch() sends the requests at once, but 6,152
 * article records still took 0.3 s). */
static std::vector<std::pair<Xapian::docid, std::string>>
records_of(lede_db_t *db, Xapian::Database &x, const Xapian::Query &q, Xapian::doccount max) {
  bool served = !ledei_all_local(db);
  Xapian::Enquire enq(x);
  if (served)
    enq.set_sort_by_value(LEDE_SLOT_DATA, false);
  Xapian::MSet m = ledei_get_mset(db, enq, q, ledei_unweighted(db, x, q), 0, max);
  std::vector<std::pair<Xapian::docid, std::string>> out;
  out.reserve(m.size());
  for (auto it = m.begin(); it != m.end(); ++it)
    out.emplace_back(*it, served ? it.get_sort_key() : it.get_document().get_value(LEDE_SLOT_DATA));
  if (served)
    std::sort(out.begin(), out.end(),
              [](const std::pair<Xapian::docid, std::string> &a,
                 const std::pair<Xapian::docid, std::string> &b) { return a.first < b.first; });
  return out;
}

/* The article records of hits and their copies, by article id: those the
 * article step chose read from their documents, the others by one query
 * of their id terms on the articles database. */
static std::unordered_map<std::string, ledei_doc_data>
article_records(lede_db_t *db, const std::vector<ledei_rank_hit> &hits) {
  std::unordered_map<std::string, ledei_doc_data> out;
  std::vector<Xapian::Query> ids;
  std::unordered_map<std::string, bool> seen;
  std::unordered_map<std::string, Xapian::docid> chosen;
  auto keep = [&](const ledei_doc_data &d) {
    if (d.sentence == 0)
      out.emplace(d.article_id, d);
  };
  for (const ledei_rank_hit &h : hits) {
    if (!h.data || !seen.emplace(h.data->article_id, true).second)
      continue;
    ledei_doc_data d;
    /* A served index: every record by the query below, fetched at once,
     * a chosen article's from the document the article step found. */
    if (h.article_did && !ledei_all_local(db))
      chosen.emplace(h.data->article_id, h.article_did);
    if (h.article_did && ledei_all_local(db) &&
        ledei_doc_data_get(&d,
                           db->articles().get_document(h.article_did, Xapian::DOC_ASSUME_VALID)) &&
        d.article_id == h.data->article_id)
      keep(d);
    else
      ids.emplace_back(LEDE_PREFIX_ARTICLE + h.data->article_id);
  }
  for (const ledei_rank_hit &h : hits)
    for (const ledei_doc_data &c : h.also)
      if (seen.emplace(c.article_id, true).second)
        ids.emplace_back(LEDE_PREFIX_ARTICLE + c.article_id);
  if (ids.empty())
    return out;
  Xapian::Query q(Xapian::Query::OP_OR, ids.begin(), ids.end());
  auto records = records_of(db, db->articles(), q,
                            (Xapian::doccount)(ids.size() * std::max<size_t>(1, db->parts.size())));
  /* An article held by several indexes: its chosen document, else the
   * first. */
  std::unordered_map<std::string, ledei_doc_data> other;
  for (const auto &r : records) {
    ledei_doc_data d;
    if (!ledei_doc_data_decode(&d, r.second))
      continue;
    auto c = chosen.find(d.article_id);
    if (c == chosen.end() || c->second == r.first)
      keep(d);
    else
      other.emplace(d.article_id, d);
  }
  for (const auto &o : other)
    keep(o.second);
  return out;
}

/* The terms of q a match may hold, into *out: not those a match must lack
 * (the right side of AND_NOT: `oil NOT gazprom` marks no "Gazprom"); a
 * phrase of words goes to *phrases whole, its terms joined by spaces (its
 * words are marked where the phrase is, not wherever they occur). */
static void wanted_terms(const Xapian::Query &q, std::vector<std::string> *out,
                         std::vector<std::string> *phrases) {
  if (q.get_type() == Xapian::Query::LEAF_TERM) {
    for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
      out->push_back(*t);
    return;
  }
  size_t n = q.get_num_subqueries();
  if (q.get_type() == Xapian::Query::OP_PHRASE) {
    /* Each way of reading it: a number's forms are an OR of terms
     * (NumberPhraseField), "1000 jobs" and "1,000 jobs". */
    std::vector<std::string> readings = {""};
    for (size_t i = 0; i < n && !readings.empty(); i++) {
      const Xapian::Query sub = q.get_subquery(i);
      Xapian::Query::op op = sub.get_type();
      std::vector<std::string> forms;
      for (size_t k = 0; op == Xapian::Query::OP_OR && k < sub.get_num_subqueries(); k++)
        if (sub.get_subquery(k).get_type() == Xapian::Query::LEAF_TERM)
          forms.push_back(*sub.get_subquery(k).get_terms_begin());
      if (op == Xapian::Query::LEAF_TERM)
        forms.push_back(*sub.get_terms_begin());
      std::vector<std::string> longer;
      for (const std::string &f : forms)
        for (const std::string &r : readings)
          if (!ledei_has_cjk(f) && longer.size() < 16)
            longer.push_back(r + (i ? " " : "") + f);
      /* not words alone (CJK runs are marked as runs) */
      if (forms.empty() || longer.size() < forms.size() * readings.size())
        longer.clear();
      readings = longer;
    }
    if (!readings.empty() && n) {
      phrases->insert(phrases->end(), readings.begin(), readings.end());
      return;
    }
  }
  if (q.get_type() == Xapian::Query::OP_AND_NOT)
    n = std::min<size_t>(n, 1);
  /* A phrase with a number in two forms (NumberPhraseField): its words
   * are marked where the phrase is. */
  if (q.get_type() == Xapian::Query::OP_FILTER && n == 2 &&
      q.get_subquery(1).get_type() == Xapian::Query::OP_PHRASE) {
    wanted_terms(q.get_subquery(1), out, phrases);
    return;
  }
  for (size_t i = 0; i < n; i++)
    wanted_terms(q.get_subquery(i), out, phrases);
}

/* Hits whose neighbours one search asks for: a page of 10 in one (one
 * round trip to a served index), 100,000 hits not in one OR of 100,000
 * (47 s and 1 GB with --context 1). */
#define LEDE_NEIGHBOUR_HITS 256

/* The texts of the sentences around each hit (n - context .. n + context
 * of its article), keyed by article id and number: a search for each
 * LEDE_NEIGHBOUR_HITS hits, each hit's article term filtered by a range of
 * sentence numbers. */
static std::map<std::pair<std::string, unsigned>, std::string>
neighbours(lede_db_t *db, const std::vector<ledei_rank_hit> &hits, unsigned context) {
  std::map<std::pair<std::string, unsigned>, std::string> out;
  std::vector<Xapian::Query> around;
  uint64_t most = 0; /* LEDE_NEIGHBOUR_HITS x (2 --context + 1) may pass 2^32 */
  Xapian::doccount all = db->sentences().get_doccount();
  auto ask = [&]() {
    if (around.empty())
      return;
    Xapian::Query q(Xapian::Query::OP_OR, around.begin(), around.end());
    for (const auto &r :
         records_of(db, db->sentences(), q, most < all ? (Xapian::doccount)most : all)) {
      ledei_doc_data d;
      if (ledei_doc_data_decode(&d, r.second))
        out[{d.article_id, d.sentence}] = d.text;
    }
    around.clear();
    most = 0;
  };
  for (const ledei_rank_hit &h : hits) {
    if (!h.data)
      continue;
    double n = h.data->sentence;
    double lo = std::max(1.0, n - context), hi = n + context;
    around.emplace_back(
        Xapian::Query::OP_FILTER, Xapian::Query(LEDE_PREFIX_ARTICLE + h.data->article_id),
        Xapian::Query(Xapian::Query::OP_VALUE_RANGE, LEDE_SLOT_NUMBER,
                      Xapian::sortable_serialise(lo), Xapian::sortable_serialise(hi)));
    most += 2 * (uint64_t)context + 1;
    if (around.size() == LEDE_NEIGHBOUR_HITS)
      ask();
  }
  ask();
  return out;
}

/* Runs the search once against the current state of the index. */
/* Earliest first: by date, then path; undated last. */
static bool copy_before(const lede_copy_t &a, const lede_copy_t &b) {
  if (!a.date != !b.date)
    return a.date != nullptr;
  int c = a.date ? strcmp(a.date, b.date) : 0;
  return c ? c < 0 : strcmp(a.path, b.path) < 0;
}

/* h->also from the records of its other copies, earliest first; a copy
 * whose article document is not written yet is left out, like a hit. */
static void fill_copies(lede_hit_t *h, const std::vector<ledei_doc_data> &copies,
                        const std::unordered_map<std::string, ledei_doc_data> &articles) {
  if (copies.empty())
    return;
  h->also = static_cast<lede_copy_t *>(ledei_xcalloc(copies.size(), sizeof(lede_copy_t)));
  for (const ledei_doc_data &d : copies) {
    auto art = articles.find(d.article_id);
    if (art == articles.end())
      continue;
    const ledei_doc_data &a = art->second;
    lede_copy_t *c = &h->also[h->nalso++];
    c->source = ledei_xstrdup(a.source.c_str());
    c->date = dup_or_null(a.date);
    c->path = ledei_xstrdup(a.path.c_str());
    c->sentence = ledei_xstrdup(d.text.c_str());
    c->title = dup_or_null(a.title);
    c->url = dup_or_null(a.url);
  }
  std::sort(h->also, h->also + h->nalso, copy_before);
}

static void run_search(lede_results_t *res, lede_db_t *db, const lede_search_opts_t *o) {
  const char *text = o->query ? o->query : "";
  parsed_query pq;
  parse_query(&pq, db, text);
  bool as_written = pq.warning.empty();
  std::string &warning = pq.warning;
  for (const std::string *w : {&pq.wildcard_warning, &pq.field_warning, &pq.quote_warning})
    if (!w->empty())
      warning += (warning.empty() ? "" : "; ") + *w;
  std::vector<std::string> wild_terms = pq.wildcard_terms;
  Xapian::Query filter = options_filter(db, o, &warning);
  Xapian::Query q = apply_filter(pq.query, filter);
  /* Punctuation alone ("?", "...") parses to nothing: said, not a silent
   * "no passages". */
  if (q.empty() && text[strspn(text, " \t\r\n")] && pq.wildcard_warning.empty())
    warning += std::string(warning.empty() ? "" : "; ") + "the query holds no word to search";

  unsigned limit = o->limit ? o->limit : 10;
  /* Sentences scored with their article's evidence (xapian_rank.h). */
  ledei_rank_page page;
  page.offset = o->offset;
  page.limit = limit;
  page.per_article = o->per_article;
  page.by_date = o->sort == LEDE_SORT_DATE;
  page.collapse = !o->all;
  page.rank = o->rank;
  page.rank_weight = o->rank_weight;
  page.text = text;
  std::vector<ledei_rank_hit> ranked;
  ledei_rank_total total = {0, true};
  if (!q.empty() && o->rank == LEDE_RANK_DEFAULT)
    q = ledei_rank_question(q, text, db->stem);
  if (!q.empty())
    total = ledei_rank_search(&ranked, db, q, filter, page);

  res->query = ledei_xstrdup(o->query ? o->query : "");
  res->total = total.count;
  res->total_exact = total.exact;
  res->offset = o->offset;
  res->warning = dup_or_null(warning);
  /* A query that did not parse as written gets no spelling suggestion: its
   * operators read as words would be "corrected" into nonsense. */
  if (as_written) {
    /* The corrected query keeps the user's other words as typed, invalid
     * bytes included: shown to people, it is made valid UTF-8 first. */
    std::string sugg = checked_suggestion(db, pq.corrected, text, filter);
    if (!sugg.empty() && !ledei_utf8_valid(sugg.data(), sugg.size())) {
      char *clean = ledei_utf8_sanitize(sugg.data(), sugg.size());
      sugg = clean;
      free(clean);
    }
    res->suggestion = dup_or_null(sugg);
  }
  res->hits = static_cast<lede_hit_t *>(ledei_xcalloc(ranked.size() + 1, sizeof(lede_hit_t)));
  res->explain =
      static_cast<lede_explain_t *>(ledei_xcalloc(ranked.size() + 1, sizeof(lede_explain_t)));

  /* Terms to mark in the text: the query's stems, those its wildcards
   * stood for, and its figures; not field terms. */
  std::vector<std::string> terms, wanted, phrases;
  wanted_terms(q, &wanted, &phrases);
  for (const std::string &t : wanted)
    if (!ledei_has_cjk(t)) /* CJK text is marked where a query's run is, not its n-grams */
      wild_terms.push_back(t);
  for (const std::string &w : pq.cjk_words)
    wild_terms.push_back("Z" + w);
  for (const std::string &term : wild_terms)
    if ((ledei_is_text_stem(term) || is_figure_term(term)) &&
        std::find(terms.begin(), terms.end(), term) == terms.end())
      terms.push_back(term);
  res->terms = static_cast<char **>(ledei_xcalloc(terms.size() + 1, sizeof(char *)));
  for (size_t i = 0; i < terms.size(); i++)
    res->terms[i] = ledei_xstrdup(terms[i].c_str());
  res->phrases = static_cast<char **>(ledei_xcalloc(phrases.size() + 1, sizeof(char *)));
  for (size_t i = 0; i < phrases.size(); i++)
    res->phrases[i] = ledei_xstrdup(phrases[i].c_str());

  std::unordered_map<std::string, ledei_doc_data> articles = article_records(db, ranked);
  std::map<std::pair<std::string, unsigned>, std::string> around;
  if (o->context)
    around = neighbours(db, ranked, o->context);
  unsigned rank = o->offset;
  for (const ledei_rank_hit &r : ranked) {
    if (!r.data)
      continue;
    const ledei_doc_data &d = *r.data;
    /* The title, path, url... are on the article document; a writer
     * between its two commits may not have written it yet: such a
     * sentence is not shown. */
    auto art = articles.find(d.article_id);
    if (art == articles.end())
      continue;
    const ledei_doc_data &a = art->second;
    lede_hit_t *h = &res->hits[res->nhits++];
    h->rank = ++rank;
    h->score = r.weight;
    /* The parts of the score as the ranking added them: the sentence's
     * BM25 is what is left once its article's boost and the rerank
     * stage's share are taken away. */
    lede_explain_t *e = &res->explain[res->nhits - 1];
    e->article_weight = ledei_rank_article_weight(page);
    e->boost = r.boost;
    e->article = e->article_weight > 0 ? r.boost / e->article_weight : 0;
    e->sentence = r.weight - r.boost - r.parts.added;
    e->coverage = r.parts.coverage;
    e->proximity = r.parts.proximity;
    e->answer = r.parts.answer;
    e->answer_weight = r.parts.answer_weight;
    e->article_coverage = r.parts.article_coverage;
    e->article_coverage_weight = r.parts.article_coverage_weight;
    e->rerank = r.parts.added;
    if (page.rank == LEDE_RANK_DEFAULT) {
      e->coverage_weight = ledei_rerank_coverage;
      e->proximity_weight = ledei_rerank_proximity;
    }
    h->text = ledei_xstrdup(d.text.c_str());
    h->source = ledei_xstrdup(a.source.c_str());
    h->path = ledei_xstrdup(a.path.c_str());
    h->abs_path = ledei_xstrdup(absolute_path(db, a.path, r.did).c_str());
    h->date = dup_or_null(a.date);
    h->title = dup_or_null(a.title);
    h->place = dup_or_null(a.place);
    h->language = dup_or_null(a.language);
    h->article_id = ledei_xstrdup(d.article_id.c_str());
    h->url = dup_or_null(a.url);
    h->nmeta = a.meta.size();
    h->meta = static_cast<lede_meta_t *>(ledei_xcalloc(a.meta.size() + 1, sizeof(lede_meta_t)));
    for (size_t k = 0; k < a.meta.size(); k++) {
      h->meta[k].key = ledei_xstrdup(a.meta[k].first.c_str());
      h->meta[k].value = ledei_xstrdup(a.meta[k].second.c_str());
    }
    h->sentence = d.sentence;
    h->start = d.start;
    h->end = d.end;
    h->line = (unsigned)d.line;
    h->column = (unsigned)d.column;
    if (o->context) {
      /* As many as the article has (room for --context N each would cost
       * --limit x N, whatever the articles' lengths). */
      std::vector<const std::string *> before, after;
      unsigned first = d.sentence > o->context ? d.sentence - o->context : 1;
      for (auto s = around.lower_bound({d.article_id, first});
           s != around.end() && s->first.first == d.article_id && s->first.second < d.sentence; ++s)
        before.push_back(&s->second);
      for (unsigned k = 1; k <= o->context; k++) {
        auto s = around.find({d.article_id, d.sentence + k});
        if (s == around.end())
          break;
        after.push_back(&s->second);
      }
      h->before = static_cast<char **>(ledei_xcalloc(before.size() + 1, sizeof(char *)));
      h->after = static_cast<char **>(ledei_xcalloc(after.size() + 1, sizeof(char *)));
      for (const std::string *t : before)
        h->before[h->nbefore++] = ledei_xstrdup(t->c_str());
      for (const std::string *t : after)
        h->after[h->nafter++] = ledei_xstrdup(t->c_str());
    }
    fill_copies(h, r.also, articles);
  }
}

/* The revisions of the databases read, into *out; false when they cannot
 * be told (a served index, or a writer rewriting them now). */
static bool revisions_of(lede_db_t *db, std::string *out) {
  out->clear();
  try {
    if (db->part_sentences.empty()) {
      *out = std::to_string(db->rs->get_revision()) + " " + std::to_string(db->ra->get_revision());
      return true;
    }
    for (size_t i = 0; i < db->part_sentences.size(); i++)
      *out += std::to_string(db->part_sentences[i].get_revision()) + " " +
              std::to_string(db->part_articles[i].get_revision()) + " ";
    return true;
  } catch (const Xapian::Error &) {
    return false;
  }
}

lede_status_t ledei_read_retrying(lede_db_t *db, const std::function<void()> &body) {
  /* The revisions after the last read that looked damaged, and how many
   * reads looked damaged with no commit between them. */
  std::string damaged_at;
  int unchanged = 0;
  for (int attempt = 0;; attempt++) {
    try {
      follow_index(db);
      db->every_document.clear();
      body();
      return LEDE_OK;
    } catch (const Xapian::DatabaseModifiedError &) {
      /* A writer committed twice meanwhile: reopen and run again, waiting a
       * little longer each time so that a slow search on a busy machine
       * gets between two commits. */
      if (attempt >= 10)
        return ledei_error(LEDE_ERR_MODIFIED, "%s: index kept changing during the search",
                           db->dir.c_str());
      if (attempt > 0)
        usleep(1000u << (attempt < 7 ? attempt : 7));
      lede_status_t rc = reopen_or_fail(db);
      if (rc != LEDE_OK)
        return rc;
    } catch (const Xapian::DatabaseOpeningError &) {
      /* The database the stub named went away before it was opened (a
       * second rebuild): read the stub again. */
      if (attempt >= 5)
        return ledei_xapian_error(db->dir.c_str());
      lede_status_t rc = reopen_or_fail(db);
      if (rc != LEDE_OK)
        return rc;
    } catch (const Xapian::DatabaseCorruptError &) {
      /* Glass can report a block of an old revision as corrupt ("Unexpected
       * end of posting list") when a writer reuses it during the read; it
       * clears on reopening, after a pause when it recurs (a busy writer
       * commits again and again). A truly damaged index fails again with no
       * commit in between, and is reported then. */
      if (db->writable || attempt >= 12)
        return ledei_xapian_error(db->dir.c_str());
      usleep(1000u << (attempt < 6 ? attempt : 6));
      lede_status_t rc = reopen_or_fail(db);
      if (rc != LEDE_OK)
        return rc;
      std::string now;
      if (revisions_of(db, &now) && now == damaged_at && ++unchanged >= 2)
        return ledei_xapian_error(db->dir.c_str());
      damaged_at = now;
    } catch (const Xapian::NetworkError &e) {
      return ledei_remote_failure(db, e.get_msg());
    } catch (...) {
      return ledei_xapian_error(db->dir.c_str());
    }
  }
}

extern "C" lede_status_t lede_db_search(lede_results_t **out, lede_db_t *db,
                                        const lede_search_opts_t *opts) {
  *out = nullptr;
  if (ledei_check_search_opts(opts))
    return LEDE_ERR_INVALID;
  lede_results_t *res = nullptr;
  lede_status_t rc = ledei_read_retrying(db, [&] {
    lede_results_free(res); /* a failed attempt's */
    res = static_cast<lede_results_t *>(ledei_xcalloc(1, sizeof *res));
    run_search(res, db, opts);
  });
  if (rc != LEDE_OK) {
    lede_results_free(res);
    return rc;
  }
  /* Nothing matched as typed, but the spelling correction does (it is
   * only offered when it finds passages): show those, and say so. */
  if (res->nhits == 0 && res->suggestion && !opts->exact && opts->offset == 0) {
    lede_search_opts_t again = *opts;
    again.query = res->suggestion;
    again.exact = 1;
    lede_results_t *fixed = nullptr;
    if (lede_db_search(&fixed, db, &again) == LEDE_OK && fixed->nhits > 0) {
      std::swap(fixed->query, res->query);
      std::swap(fixed->suggestion, res->suggestion);
      fixed->corrected = 1;
      lede_results_free(res);
      res = fixed;
    } else {
      lede_results_free(fixed);
    }
  }
  *out = res;
  return LEDE_OK;
}

static void free_strv(char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

extern "C" void lede_results_free(lede_results_t *res) {
  if (!res)
    return;
  for (size_t i = 0; i < res->nhits; i++) {
    lede_hit_t *h = &res->hits[i];
    free(h->text), free(h->source), free(h->date), free(h->title), free(h->path), free(h->abs_path);
    free(h->place), free(h->language), free(h->article_id), free(h->url);
    for (size_t k = 0; k < h->nmeta; k++)
      free(h->meta[k].key), free(h->meta[k].value);
    free(h->meta);
    free_strv(h->before, h->nbefore);
    free_strv(h->after, h->nafter);
    for (size_t k = 0; k < h->nalso; k++) {
      lede_copy_t *c = &h->also[k];
      free(c->source), free(c->date), free(c->path), free(c->sentence), free(c->title);
      free(c->url);
    }
    free(h->also);
  }
  free(res->hits);
  free(res->explain);
  if (res->phrases) {
    for (char **t = res->phrases; *t; t++)
      free(*t);
    free(res->phrases);
  }
  if (res->terms) {
    for (char **t = res->terms; *t; t++)
      free(*t);
    free(res->terms);
  }
  free(res->query), free(res->suggestion), free(res->warning);
  free(res);
}
