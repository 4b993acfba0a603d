/*
 * xapian_common.cc - what the Xapian wrapper's reading and writing halves
 * share: exception mapping, the libstemmer_c bridge, term and data encoding.
 */
#include "xapian_internal.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <libstemmer.h>

lede_status_t lede_xapian_error(const char *what) {
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

/* Stems through libstemmer_c so that TermGenerator and QueryParser stem
 * exactly as ledei_stemmer_stem() does. One instance per Xapian::Stem; Xapian
 * objects are used from one thread at a time, as is sb_stemmer. */
class LibstemmerStem : public Xapian::StemImplementation {
  struct sb_stemmer *sb_;
  std::string language_;
  lede_words *words_;

public:
  LibstemmerStem(struct sb_stemmer *sb, const char *language, lede_words *words)
      : sb_(sb), language_(language), words_(words) {}
  ~LibstemmerStem() override {
    sb_stemmer_delete(sb_);
  }
  LibstemmerStem(const LibstemmerStem &) = delete;
  LibstemmerStem &operator=(const LibstemmerStem &) = delete;

  std::string stem(const std::string &word) {
    const sb_symbol *s =
        sb_stemmer_stem(sb_, reinterpret_cast<const sb_symbol *>(word.data()), (int)word.size());
    std::string st =
        s ? std::string(reinterpret_cast<const char *>(s), (size_t)sb_stemmer_length(sb_)) : word;
    /* Accents off the stem (after the stemmer, which knows them): the
     * index and the query agree whether a word was typed with them. */
    if (char *folded = ledei_fold_marks(st.data(), st.size())) {
      st = folded;
      free(folded);
    }
    return st;
  }

  std::string operator()(const std::string &word) override {
    if (!words_)
      return stem(word);
    auto ins = words_->map.try_emplace(word);
    lede_words::entry &e = ins.first->second;
    if (ins.second)
      e.stem = stem(word);
    if (words_->counting) {
      if (e.pending == 0 && e.removed == 0)
        words_->pending.push_back(&*ins.first);
      ++(words_->uncounting ? e.removed : e.pending);
    }
    return e.stem;
  }
  std::string get_description() const override {
    return "libstemmer_c:" + language_;
  }
};

} // namespace

extern "C" int ledei_unicode_is_wordchar(uint32_t c) {
  return Xapian::Unicode::is_wordchar((unsigned)c) ? 1 : 0;
}

extern "C" uint32_t ledei_unicode_tolower(uint32_t c) {
  return (uint32_t)Xapian::Unicode::tolower((unsigned)c);
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

lede_status_t lede_xapian_stem(Xapian::Stem *out, const char *language, lede_words *words) {
  struct sb_stemmer *sb;
  lede_status_t rc = open_sb(&sb, language);
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  *out = Xapian::Stem(new LibstemmerStem(sb, language, words));
  return LEDE_OK;
  LEDE_XAPIAN_CATCH("stemmer")
}

extern "C" lede_status_t ledei_stemmer_open(lede_stemmer_t **out, const char *language) {
  *out = nullptr;
  struct sb_stemmer *sb;
  lede_status_t rc = open_sb(&sb, language);
  if (rc != LEDE_OK)
    return rc;
  lede_stemmer_t *st = static_cast<lede_stemmer_t *>(ledei_xmalloc(sizeof *st));
  st->sb = sb;
  *out = st;
  return LEDE_OK;
}

extern "C" char *ledei_stemmer_stem(lede_stemmer_t *st, const char *word, size_t len) {
  const sb_symbol *s = sb_stemmer_stem(st->sb, reinterpret_cast<const sb_symbol *>(word), (int)len);
  char *out =
      s ? ledei_xstrndup(reinterpret_cast<const char *>(s), (size_t)sb_stemmer_length(st->sb))
        : ledei_xstrndup(word, len);
  char *folded = ledei_fold_marks(out, strlen(out)); /* as LibstemmerStem does */
  if (folded) {
    free(out);
    out = folded;
  }
  return out;
}

extern "C" void ledei_stemmer_close(lede_stemmer_t *st) {
  if (!st)
    return;
  sb_stemmer_delete(st->sb);
  free(st);
}

/* ---- terms and document data ---- */

std::string lede_bool_term(const char *prefix, const std::string &value, bool fold) {
  std::string v = value;
  if (fold) {
    v = Xapian::Unicode::tolower(v);
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
 * share: path, source, title, date, place, article id, url and meta. Strings
 * are a varint length and their bytes. Before schema 8 every sentence
 * repeated the article's fields: a 100 kB title written a thousand times. */
std::string lede_doc_data_encode(const lede_doc_data &d) {
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
  put_varint(out, d.meta.size());
  for (const auto &kv : d.meta) {
    put_str(out, kv.first);
    put_str(out, kv.second);
  }
  return out;
}

bool lede_doc_data_decode(lede_doc_data *d, const std::string &s) {
  size_t pos = 1;
  uint64_t n;
  *d = lede_doc_data();
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
      !get_str(&d->article_id, s, &pos) || !get_str(&d->url, s, &pos) || !get_varint(&n, s, &pos) ||
      n > s.size() - pos)
    return false;
  for (uint64_t i = 0; i < n; i++) {
    std::string k, v;
    if (!get_str(&k, s, &pos) || !get_str(&v, s, &pos))
      return false;
    d->meta.emplace_back(std::move(k), std::move(v));
  }
  return true;
}

void lede_doc_data_put(Xapian::Document &doc, const lede_doc_data &d) {
  doc.add_value(LEDE_SLOT_DATA, lede_doc_data_encode(d));
}

bool lede_doc_data_get(lede_doc_data *out, const Xapian::Document &doc) {
  return lede_doc_data_decode(out, doc.get_value(LEDE_SLOT_DATA));
}

std::string lede_order_key(const std::string &ymd, const std::string &path, unsigned sentence) {
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
