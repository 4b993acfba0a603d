/*
 * xapian_common.cc - what the Xapian wrapper's reading and writing halves
 * share: exception mapping, the libstemmer_c bridge, term and data encoding.
 */
#include "xapian_internal.h"

extern "C" {
#include "figure.h"
}

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <libstemmer.h>

lede_status_t ledei_xapian_error(const char *what) {
  try {
    throw;
  } catch (const Xapian::DatabaseLockError &e) {
    return ledei_error(LEDE_ERR_LOCKED, "%s: the index is locked by another writer (%s)", what,
                       e.get_msg().c_str());
  } catch (const Xapian::DatabaseModifiedError &e) {
    return ledei_error(LEDE_ERR_MODIFIED, "%s: %s", what, e.get_msg().c_str());
  } catch (const Xapian::DatabaseOpeningError &e) {
    return ledei_error(LEDE_ERR_NOT_FOUND, "%s: cannot open the index: %s", what,
                       e.get_msg().c_str());
  } catch (const Xapian::DatabaseCorruptError &e) {
    return ledei_error(LEDE_ERR_CORRUPT,
                       "%s: the index is damaged (%s); rebuild it with 'lede-index --rebuild "
                       "PATH...'",
                       what, e.get_msg().c_str());
  } catch (const Xapian::QueryParserError &e) {
    return ledei_error(LEDE_ERR_QUERY, "%s: %s", what, e.get_msg().c_str());
  } catch (const Xapian::DatabaseError &e) {
    /* Disk full and permission problems surface as DatabaseError. */
    std::string msg = e.get_msg();
    if (e.get_error_string() && *e.get_error_string())
      msg += std::string(" (") + e.get_error_string() + ")";
    return ledei_error(LEDE_ERR_IO, "%s: %s", what, msg.c_str());
  } catch (const Xapian::Error &e) {
    std::string msg = e.get_type();
    msg += ": ";
    msg += e.get_msg();
    if (e.get_error_string() && *e.get_error_string())
      msg += std::string(" (") + e.get_error_string() + ")";
    return ledei_error(LEDE_ERR_XAPIAN, "%s: %s", what, msg.c_str());
  } catch (const std::bad_alloc &) {
    return ledei_error(LEDE_ERR_NOMEM, "%s: out of memory", what);
  } catch (const std::exception &e) {
    return ledei_error(LEDE_ERR_XAPIAN, "%s: %s", what, e.what());
  } catch (...) {
    return ledei_error(LEDE_ERR_XAPIAN, "%s: unknown C++ exception", what);
  }
}

/* ---- libstemmer_c as a Xapian::StemImplementation ---- */

namespace {

/* Whether language's stemmer knows letters of ASCII only (English's and
 * Porter's): an accent then stops it ("andré" stays "andré" where "andre"
 * becomes "andr"), so the accents are taken off first and a word stems the
 * same whether it was written with them or not. */
bool folds_first(const char *language) {
  static const char *const ascii[] = {"english", "en", "eng", "porter"};
  for (const char *a : ascii)
    if (language && strcmp(language, a) == 0)
      return true;
  return false;
}

/* word's stem by sb (nullptr: word itself), of the word in its one
 * written form (ledei_fold_word(): composed, compatibility characters and
 * case folded), without accents: taken off before the stemmer when
 * fold_first (folds_first()), else after it (a French or German stemmer
 * knows them), so the index and the query agree however a word was
 * typed. */
std::string stem_word(struct sb_stemmer *sb, bool fold_first, const std::string &word) {
  /* s made by fold (a malloc'd copy, or NULL: s is as it should be). */
  auto apply = [](std::string *s, char *(*fold)(const char *, size_t)) {
    if (char *folded = fold(s->data(), s->size())) {
      *s = folded;
      free(folded);
    }
  };
  std::string w = word;
  apply(&w, ledei_fold_word);
  if (fold_first)
    apply(&w, ledei_fold_marks);
  const sb_symbol *s =
      sb ? sb_stemmer_stem(sb, reinterpret_cast<const sb_symbol *>(w.data()), (int)w.size())
         : nullptr;
  std::string st =
      s ? std::string(reinterpret_cast<const char *>(s), (size_t)sb_stemmer_length(sb)) : w;
  apply(&st, ledei_fold_marks);
  return st;
}

/* Stems through libstemmer_c so that TermGenerator and QueryParser stem
 * exactly as ledei_stemmer_stem() does. One instance per Xapian::Stem; Xapian
 * objects are used from one thread at a time, as is sb_stemmer. */
class LibstemmerStem : public Xapian::StemImplementation {
  struct sb_stemmer *sb_; /* nullptr: words as written (ledei_plain_stem()) */
  std::string language_;
  bool fold_first_;
  ledei_words *words_;

public:
  LibstemmerStem(struct sb_stemmer *sb, const char *language, ledei_words *words)
      : sb_(sb), language_(language), fold_first_(folds_first(language)), words_(words) {}
  ~LibstemmerStem() override {
    if (sb_)
      sb_stemmer_delete(sb_);
  }
  LibstemmerStem(const LibstemmerStem &) = delete;
  LibstemmerStem &operator=(const LibstemmerStem &) = delete;

  std::string stem(const std::string &word) {
    return stem_word(sb_, fold_first_, word);
  }

  std::string operator()(const std::string &word) override {
    /* A CJK n-gram of a query (cjk_query_text() in xapian_search.cc) is its own term: no
     * stemmer or accent folding (which would turn が into か), no spelling. */
    if (ledei_has_cjk(word))
      return word;
    if (!words_)
      return stem(word);
    auto ins = words_->map.try_emplace(word);
    ledei_words::entry &e = ins.first->second;
    if (words_->counting) {
      if (e.pending == 0 && e.removed == 0)
        words_->pending.push_back(&*ins.first);
      ++(words_->uncounting ? e.removed : e.pending);
    }
    if (!sb_) /* the table keeps the stems of the index's language */
      return stem(word);
    if (e.stem.empty())
      e.stem = stem(word);
    return e.stem;
  }
  std::string get_description() const override {
    return sb_ ? "libstemmer_c:" + language_ : "as written";
  }
};

} // namespace

extern "C" int ledei_unicode_is_wordchar(uint32_t c) {
  return Xapian::Unicode::is_wordchar((unsigned)c) ? 1 : 0;
}

extern "C" uint32_t ledei_unicode_tolower(uint32_t c) {
  return (uint32_t)Xapian::Unicode::tolower((unsigned)c);
}

extern "C" int ledei_unicode_is_cjk(uint32_t c) {
  static const uint32_t ranges[][2] = {
      {0x1100, 0x11FF},   /* Hangul Jamo */
      {0x2E80, 0x2FDF},   /* CJK and Kangxi radicals */
      {0x3005, 0x3007},   /* 々 〆 〇 */
      {0x3021, 0x3029},   /* Hangzhou numerals */
      {0x3031, 0x3035},   /* kana repeat marks */
      {0x3038, 0x303C},   /* 〸 〹 〺 〻 〼 */
      {0x3040, 0x31FF},   /* kana, Bopomofo, Hangul compatibility Jamo, Kanbun */
      {0x3400, 0x4DBF},   /* Han extension A */
      {0x4E00, 0x9FFF},   /* Han */
      {0xA000, 0xA4CF},   /* Yi */
      {0xA960, 0xA97F},   /* Hangul Jamo extended A */
      {0xAC00, 0xD7FF},   /* Hangul syllables, Jamo extended B */
      {0xF900, 0xFAFF},   /* Han compatibility */
      {0xFF66, 0xFFDC},   /* halfwidth katakana and Hangul */
      {0x1B000, 0x1B16F}, /* kana supplement and extended */
      {0x20000, 0x3134F}, /* Han extensions B to G */
  };
  for (const auto &r : ranges)
    if (c >= r[0] && c <= r[1])
      return Xapian::Unicode::is_wordchar((unsigned)c) ? 1 : 0;
  return 0;
}

/* The length of the CJK word character at s[i] (up to n), or 0. */
static size_t cjk_at(const std::string &s, size_t i) {
  if ((unsigned char)s[i] < 0xE1) /* every CJK character is 3 or 4 bytes from E1 */
    return 0;
  uint32_t cp;
  size_t len = ledei_utf8_decode(&cp, s.data() + i, s.size() - i);
  return len && ledei_unicode_is_cjk(cp) ? len : 0;
}

bool ledei_has_cjk(const std::string &s) {
  for (size_t i = 0; i < s.size(); i++)
    if (cjk_at(s, i))
      return true;
  return false;
}

std::vector<ledei_cjk_run> ledei_cjk_runs(const std::string &s) {
  std::vector<ledei_cjk_run> runs;
  size_t i = 0;
  while (i < s.size()) {
    size_t len = cjk_at(s, i);
    if (!len) {
      i++;
      continue;
    }
    ledei_cjk_run r;
    r.start = i;
    for (; len; len = i < s.size() ? cjk_at(s, i) : 0) {
      r.chars.push_back(s.substr(i, len));
      i += len;
    }
    r.end = i;
    runs.push_back(std::move(r));
  }
  return runs;
}

void ledei_index_text(Xapian::TermGenerator &tg, Xapian::Document &doc, const std::string &text,
                      Xapian::termcount wdf, const std::string &prefix, bool positions) {
  auto plain = [&](const std::string &text_part) {
    std::string t = text_part;
    /* "l'État": "État" a word; soft hyphens, Unicode hyphens, spaces in numbers */
    if (char *words = ledei_words_text(t.data(), t.size())) {
      t = words;
      free(words);
    }
    if (positions)
      tg.index_text(t, wdf, prefix);
    else
      tg.index_text_without_positions(t, wdf, prefix);
  };
  std::vector<ledei_cjk_run> runs = ledei_cjk_runs(text);
  if (runs.empty()) { /* as before CJK was handled: English text is indexed exactly so */
    plain(text);
    return;
  }
  const std::string z = "Z" + prefix;
  size_t done = 0;
  for (const ledei_cjk_run &r : runs) {
    if (r.start > done)
      plain(text.substr(done, r.start - done));
    done = r.end;
    /* Each character and the bigram it starts share a position, so that
     * a word of n characters is the phrase of its n - 1 bigrams and its
     * last character (cjk_query_text() in xapian_search.cc). */
    Xapian::termpos pos = tg.get_termpos();
    for (size_t k = 0; k < r.chars.size(); k++) {
      std::string uni = z + r.chars[k];
      std::string bi = k + 1 < r.chars.size() ? uni + r.chars[k + 1] : std::string();
      if (positions) {
        doc.add_posting(uni, pos + 1 + (Xapian::termpos)k, wdf);
        if (!bi.empty())
          doc.add_posting(bi, pos + 1 + (Xapian::termpos)k, wdf);
      } else {
        doc.add_term(uni, wdf);
        if (!bi.empty())
          doc.add_term(bi, wdf);
      }
    }
    if (positions)
      tg.set_termpos(pos + (Xapian::termpos)r.chars.size());
  }
  if (done < text.size())
    plain(text.substr(done));
}

const char **ledei_stemmer_languages(void) {
  return sb_stemmer_list();
}

/* Opens libstemmer's stemmer for language or records a message that lists the
 * languages it knows. */
static lede_status_t open_sb(struct sb_stemmer **out, const char *language) {
  *out = nullptr;
  if (language && *language)
    *out = sb_stemmer_new(language, "UTF_8");
  if (*out)
    return LEDE_OK;
  std::string list;
  for (const char **p = sb_stemmer_list(); *p; p++) {
    if (!list.empty())
      list += ", ";
    list += *p;
  }
  return ledei_error(LEDE_ERR_NOT_FOUND, "unknown stemming language '%s' (available: %s)",
                     language ? language : "", list.c_str());
}

lede_status_t ledei_xapian_stem(Xapian::Stem *out, const char *language, ledei_words *words) {
  struct sb_stemmer *sb;
  lede_status_t rc = open_sb(&sb, language);
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  *out = Xapian::Stem(new LibstemmerStem(sb, language, words));
  return LEDE_OK;
  LEDE_XAPIAN_CATCH("stemmer")
}

void ledei_sentence_postings(Xapian::TermGenerator &tg, Xapian::Document &doc,
                             const std::string &text) {
  /* Stems only (phrases match stems, as in most search engines): half the
   * text terms of Xapian's STEM_SOME, which adds every word as written too
   * (docs/design.md). */
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  tg.set_flags(0);
  tg.set_document(doc);
  tg.set_termpos(0);
  ledei_index_text(tg, doc, text);
  std::vector<std::pair<Xapian::termpos, std::string>> words;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    if (ledei_is_text_stem(*t))
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
        words.emplace_back(*p, (*t).substr(1));
  std::sort(words.begin(), words.end());
  for (size_t i = 0; i < words.size(); i++) {
    const std::string &w = words[i].second;
    size_t n = ledei_figure_number(w.data(), w.size());
    if (n == 0)
      continue;
    if (n < w.size() && ledei_figure_magnitude(w.data() + n, w.size() - n, 1))
      doc.add_posting("Z" + w.substr(0, n), words[i].first);
    const char *mag;
    if (n == w.size() && i + 1 < words.size() && words[i + 1].first == words[i].first + 1 &&
        (mag = ledei_figure_magnitude(words[i + 1].second.data(), words[i + 1].second.size(), 0)))
      doc.add_posting("Z" + w + mag, words[i].first);
  }
}

const Xapian::Stem &ledei_plain_stem(lede_db_t *db) {
  if (db->plain.is_none())
    db->plain = Xapian::Stem(new LibstemmerStem(nullptr, "", db->writable ? &db->words : nullptr));
  return db->plain;
}

bool ledei_same_language(const char *language, const std::string &index_language) {
  if (!language || !*language)
    return true;
  std::string tag; /* "en" of "en-US", "english" of "English" */
  for (const char *p = language; *p && *p != '-' && *p != '_' && *p != ' '; p++)
    tag += (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
  if (tag == index_language)
    return true;
  /* libstemmer's languages with their ISO 639-1 and 639-2 (T and B)
   * codes, other tags of the same language (Norwegian Bokmål and Nynorsk)
   * and their own names, lower-cased; "porter" is English's older stemmer. */
  static const char *const names[][2] = {
      {"arabic", " ar ara "},
      {"armenian", " hy hye arm "},
      {"basque", " eu eus baq euskara "},
      {"catalan", " ca cat català "},
      {"danish", " da dan dansk "},
      {"dutch", " nl nld dut nederlands "},
      {"english", " en eng "},
      {"porter", " en eng english "},
      {"finnish", " fi fin suomi "},
      {"french", " fr fra fre français francais "},
      {"german", " de deu ger deutsch "},
      {"greek", " el ell gre "},
      {"hindi", " hi hin "},
      {"hungarian", " hu hun magyar "},
      {"indonesian", " id ind "},
      {"irish", " ga gle gaeilge "},
      {"italian", " it ita italiano "},
      {"lithuanian", " lt lit "},
      {"nepali", " ne nep "},
      {"norwegian", " no nor nb nob nn nno norsk bokmål bokmal nynorsk "},
      {"portuguese", " pt por português portugues "},
      {"romanian", " ro ron rum română romana "},
      {"russian", " ru rus "},
      {"serbian", " sr srp srpski "},
      {"spanish", " es spa español espanol castellano "},
      {"swedish", " sv swe svenska "},
      {"tamil", " ta tam "},
      {"turkish", " tr tur türkçe turkce "},
      {"yiddish", " yi yid "}};
  const std::string padded = " " + tag + " ";
  for (const auto &n : names)
    if (index_language == n[0])
      return std::string(n[1]).find(padded) != std::string::npos;
  return false;
}

extern "C" lede_status_t ledei_stemmer_open(lede_stemmer_t **out, const char *language) {
  *out = nullptr;
  struct sb_stemmer *sb;
  lede_status_t rc = open_sb(&sb, language);
  if (rc != LEDE_OK)
    return rc;
  lede_stemmer_t *st = static_cast<lede_stemmer_t *>(ledei_xmalloc(sizeof *st));
  st->sb = sb;
  st->fold_first = folds_first(language);
  *out = st;
  return LEDE_OK;
}

extern "C" char *ledei_stemmer_stem(lede_stemmer_t *st, const char *word, size_t len) {
  const std::string stem = stem_word(st->sb, st->fold_first, std::string(word, len));
  return ledei_xstrndup(stem.data(), stem.size());
}

extern "C" void ledei_stemmer_close(lede_stemmer_t *st) {
  if (!st)
    return;
  sb_stemmer_delete(st->sb);
  free(st);
}

/* ---- terms and document data ---- */

std::string ledei_bool_term(const char *prefix, const std::string &value, bool fold) {
  std::string v = value;
  if (fold) { /* "any case", as the stems are (ledei_fold_word()) */
    if (char *folded = ledei_fold_word(v.data(), v.size())) {
      v = folded;
      free(folded);
    } else if (!ledei_utf8_valid(v.data(), v.size())) {
      v = Xapian::Unicode::tolower(v);
    }
  }
  if (v.size() > LEDE_MAX_TERM) {
    char hex[17];
    ledei_hash_hex(hex, v.data(), v.size());
    v = std::string("#") + hex;
  }
  return prefix + v;
}

static void put_varint(std::string &out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

static bool get_varint(uint64_t *out, const std::string &s, size_t *pos) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*pos >= s.size())
      return false;
    unsigned char c = static_cast<unsigned char>(s[(*pos)++]);
    v |= static_cast<uint64_t>(c & 0x7F) << shift;
    if (!(c & 0x80)) {
      *out = v;
      return true;
    }
  }
  return false;
}

static void put_str(std::string &out, const std::string &v) {
  put_varint(out, v.size());
  out += v;
}

static bool get_str(std::string *out, const std::string &s, size_t *pos) {
  uint64_t n;
  if (!get_varint(&n, s, pos) || n > s.size() - *pos)
    return false;
  out->assign(s, *pos, n);
  *pos += n;
  return true;
}

/* Format (schema 8 on): a version byte, the sentence number, then for a
 * sentence its text, article id, the article's number of sentences and its
 * byte span; for an article document (number 0) the fields its sentences
 * share: path, source, title, date, place, article id, url, language (schema
 * 12 on) and meta. Strings
 * are a varint length and their bytes. Before schema 8 every sentence
 * repeated the article's fields: a 100 kB title written a thousand times. */
std::string ledei_doc_data_encode(const ledei_doc_data &d) {
  std::string out;
  out += '\x02';
  put_varint(out, d.sentence);
  if (d.sentence) {
    put_str(out, d.text);
    put_str(out, d.article_id);
    put_varint(out, d.nsentences);
    put_varint(out, d.start);
    put_varint(out, d.end);
    put_varint(out, d.line);
    put_varint(out, d.column);
    return out;
  }
  put_str(out, d.path);
  put_str(out, d.source);
  put_str(out, d.title);
  put_str(out, d.date);
  put_str(out, d.place);
  put_str(out, d.article_id);
  put_str(out, d.url);
  put_str(out, d.language);
  put_varint(out, d.meta.size());
  for (const auto &kv : d.meta) {
    put_str(out, kv.first);
    put_str(out, kv.second);
  }
  return out;
}

bool ledei_doc_data_decode(ledei_doc_data *d, const std::string &s) {
  size_t pos = 1;
  uint64_t n;
  *d = ledei_doc_data();
  if (s.empty() || s[0] != '\x02' || !get_varint(&n, s, &pos) || n > UINT_MAX)
    return false;
  d->sentence = (unsigned)n;
  if (d->sentence) {
    if (!get_str(&d->text, s, &pos) || !get_str(&d->article_id, s, &pos) ||
        !get_varint(&n, s, &pos) || n > UINT_MAX)
      return false;
    d->nsentences = (unsigned)n;
    return get_varint(&d->start, s, &pos) && get_varint(&d->end, s, &pos) &&
           get_varint(&d->line, s, &pos) && get_varint(&d->column, s, &pos);
  }
  if (!get_str(&d->path, s, &pos) || !get_str(&d->source, s, &pos) ||
      !get_str(&d->title, s, &pos) || !get_str(&d->date, s, &pos) || !get_str(&d->place, s, &pos) ||
      !get_str(&d->article_id, s, &pos) || !get_str(&d->url, s, &pos) ||
      !get_str(&d->language, s, &pos) || !get_varint(&n, s, &pos) || n > s.size() - pos)
    return false;
  for (uint64_t i = 0; i < n; i++) {
    std::string k, v;
    if (!get_str(&k, s, &pos) || !get_str(&v, s, &pos))
      return false;
    d->meta.emplace_back(std::move(k), std::move(v));
  }
  return true;
}

void ledei_doc_data_put(Xapian::Document &doc, const ledei_doc_data &d) {
  doc.add_value(LEDE_SLOT_DATA, ledei_doc_data_encode(d));
}

bool ledei_doc_data_get(ledei_doc_data *out, const Xapian::Document &doc) {
  return ledei_doc_data_decode(out, doc.get_value(LEDE_SLOT_DATA));
}

std::string ledei_order_key(const std::string &ymd, const std::string &path, unsigned sentence) {
  long date = ymd.size() == 8 ? strtol(ymd.c_str(), nullptr, 10) : 0;
  if (date < 0 || date > 99999999L)
    date = 0;
  char head[24];
  snprintf(head, sizeof head, "%08ld", 99999999L - date);
  std::string key = head;
  key += path;
  key += '\0';
  for (int shift = 24; shift >= 0; shift -= 8)
    key += (char)((sentence >> shift) & 0xff);
  return key;
}

/* The other way of writing a number, as a stem: "1000" and "1,000",
 * "2500000.5" and "2,500,000.5" (thousands separated by commas or not), or
 * "" for anything else (a number under 1,000, one starting with 0, one
 * grouped other than by threes, or longer than 15 digits). */
std::string ledei_other_number_form(const std::string &w) {
  size_t point = w.find('.');
  std::string whole = w.substr(0, point), part = point == std::string::npos ? "" : w.substr(point);
  if (whole.empty() || whole[0] < '1' || whole[0] > '9' || part == ".")
    return "";
  for (size_t k = 1; k < part.size(); k++)
    if (part[k] < '0' || part[k] > '9')
      return "";
  std::string digits;
  bool grouped = whole.find(',') != std::string::npos;
  for (size_t k = 0; k < whole.size(); k++) {
    bool comma_place = grouped && (whole.size() - k) % 4 == 0;
    if (comma_place != (whole[k] == ',') || (!comma_place && (whole[k] < '0' || whole[k] > '9')))
      return "";
    if (!comma_place)
      digits += whole[k];
  }
  if (digits.size() < 4 || digits.size() > 15)
    return "";
  if (grouped)
    return digits + part;
  std::string commas;
  for (size_t k = 0; k < digits.size(); k++) {
    if (k && (digits.size() - k) % 3 == 0)
      commas += ',';
    commas += digits[k];
  }
  return commas + part;
}
