/*
 * xapian_write.cc - writing articles into an index's pair of databases,
 * and the per-file records and user metadata kept beside them.
 *
 * An article is one document per sentence in "sentences" (its stems with
 * positions, its headline's stems with wdf 0 for title:, its record) and
 * one document in "articles" (every stem of its text with its count, the
 * headline's counted LEDE_HEADLINE_WDF times, and the article's fields).
 * Both carry the article's id term A<id>, by which it is replaced, moved
 * and deleted: no docid is remembered anywhere (lib/layout.h).
 */
#include "xapian_internal.h"

extern "C" {
#include "figure.h"
#include "signature.h"
}

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <unordered_map>

extern "C" lede_status_t lede_db_count(uint64_t *out, lede_db_t *db) {
  *out = 0;
  if (db->writable) {
    LEDE_XAPIAN_TRY
    *out = db->sentences().get_doccount();
    return LEDE_OK;
    LEDE_XAPIAN_CATCH(db->dir.c_str())
  }
  /* A reader counts the index as it is now, as a search reads it. */
  return ledei_read_retrying(db, [&] { *out = db->sentences().get_doccount(); });
}

/* "YYYY-MM-DD" to "YYYYMMDD", or "" when date is not in that form. */
static std::string compact_date(const char *date) {
  if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
    return std::string();
  return std::string(date, 4) + std::string(date + 5, 2) + std::string(date + 8, 2);
}

/* The terms of a shown path: each of its folders and itself. */
static void path_terms(std::vector<std::string> *out, const char *path) {
  if (!path || !*path)
    return;
  std::string p = path;
  for (size_t slash = p.find('/', 1); slash != std::string::npos; slash = p.find('/', slash + 1))
    out->push_back(ledei_bool_term(LEDE_PREFIX_PATH, p.substr(0, slash), false));
  out->push_back(ledei_bool_term(LEDE_PREFIX_PATH, p, false));
}

/* 1 when key can name a field of the query language: a letter, then
 * letters, digits, '_' or '-' (at most 32), and not one of lede's own. */
static bool field_key(const std::string &key) {
  static const char *const own[] = {"title", "source", "place", "date", "path", nullptr};
  if (key.empty() || key.size() > 32 || !((key[0] >= 'a' && key[0] <= 'z')))
    return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  for (const char *const *o = own; *o; o++)
    if (key == *o)
      return false;
  return true;
}

/* The terms of an article's front-matter keys (LEDE_PREFIX_META). */
static void meta_terms(std::vector<std::string> *out, const lede_article_t *a) {
  for (size_t i = 0; i < a->nmeta; i++) {
    std::string key = Xapian::Unicode::tolower(a->meta[i].key ? a->meta[i].key : "");
    if (!field_key(key) || !a->meta[i].value)
      continue;
    std::string v = a->meta[i].value;
    size_t start = 0;
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      if (comma == std::string::npos)
        comma = v.size();
      size_t b = start, e = comma;
      while (b < e && (v[b] == ' ' || v[b] == '\t' || v[b] == '[' || v[b] == '"'))
        b++;
      while (e > b && (v[e - 1] == ' ' || v[e - 1] == '\t' || v[e - 1] == ']' || v[e - 1] == '"'))
        e--;
      if (e > b)
        out->push_back(
            ledei_bool_term((LEDE_PREFIX_META + key + ":").c_str(), v.substr(b, e - b), true));
      start = comma + 1;
    }
  }
}

/* The terms and values every document of article a carries, in both
 * databases: the article term, boolean filter terms for source, place,
 * date, path and front-matter keys, the date and article-id values. Built
 * once per article. */
namespace {
struct article_terms {
  std::vector<std::string> terms;
  std::string ymd, id;

  article_terms(const lede_article_t *a, std::string date) : ymd(std::move(date)), id(a->id) {
    terms.push_back(LEDE_PREFIX_ARTICLE + id);
    if (a->source && *a->source)
      terms.push_back(ledei_bool_term(LEDE_PREFIX_SOURCE, a->source, true));
    if (a->place && *a->place)
      terms.push_back(ledei_bool_term(LEDE_PREFIX_PLACE, a->place, true));
    if (!ymd.empty()) {
      terms.push_back(LEDE_PREFIX_DATE + ymd);
      terms.push_back(LEDE_PREFIX_YEAR + ymd.substr(0, 4));
      terms.push_back(LEDE_PREFIX_MONTH + ymd.substr(0, 6));
    }
    path_terms(&terms, a->path);
    meta_terms(&terms, a);
  }

  void add_to(Xapian::Document &doc) const {
    for (const std::string &t : terms)
      doc.add_boolean_term(t);
    if (!ymd.empty())
      doc.add_value(LEDE_SLOT_DATE, ymd);
    doc.add_value(LEDE_SLOT_ARTICLE, id);
  }
};

/* Counting words for the spelling data, for the span of a scope. */
struct counting_scope {
  ledei_words &words;
  counting_scope(ledei_words &w, bool uncount) : words(w) {
    words.counting = true;
    words.uncounting = uncount;
  }
  ~counting_scope() {
    words.counting = words.uncounting = false;
  }
};
} // namespace

/* An article in another language than the index's is indexed with its
 * words as written, not with a stemmer made for other words (docs/cjk.md):
 * db->tg uses db->plain for the span of a scope. */
struct language_scope {
  lede_db_t *db;
  bool as_written;
  language_scope(lede_db_t *d, const lede_article_t *a)
      : db(d), as_written(!ledei_same_language(a->language, d->language)) {
    if (as_written)
      db->tg.set_stemmer(ledei_plain_stem(db));
  }
  ~language_scope() {
    db->tg.set_stemmer(db->stem);
  }
};

/* The stems of a headline as title: finds them ("ZT<stem>"), each once. */
static std::vector<std::string> headline_terms(lede_db_t *db, const char *title) {
  std::vector<std::string> out;
  if (!title || !*title)
    return out;
  Xapian::Document scratch;
  db->tg.set_document(scratch);
  ledei_index_text(db->tg, scratch, title, 1, LEDE_PREFIX_TITLE, false);
  for (auto t = scratch.termlist_begin(); t != scratch.termlist_end(); ++t)
    out.push_back(*t);
  return out;
}

/* A sentence's figures with their units, each as a term of its own (the
 * other forms of its figure words are ledei_sentence_postings()'s). */
static void figure_terms(Xapian::Document &doc, const char *text) {
  lede_figure_t f;
  size_t len = strlen(text);
  for (size_t at = 0; ledei_figure_find(&f, text, len, at); at = f.end) {
    doc.add_term(f.term);
    if (f.plain[0])
      doc.add_term(f.plain);
  }
}

static ledei_doc_data article_record(const lede_article_t *a) {
  ledei_doc_data ad;
  ad.path = a->path ? a->path : "";
  ad.source = a->source ? a->source : "";
  ad.title = a->title ? a->title : "";
  ad.date = a->date ? a->date : "";
  ad.place = a->place ? a->place : "";
  ad.article_id = a->id;
  ad.url = a->url ? a->url : "";
  ad.language = a->language ? a->language : "";
  for (size_t i = 0; i < a->nmeta; i++)
    ad.meta.emplace_back(a->meta[i].key, a->meta[i].value ? a->meta[i].value : "");
  return ad;
}

/* Refuses an article without an id of the form the readers make (16
 * lower-case hex digits): the search relies on no id term being the start
 * of another's (xapian_rank.cc, the chosen articles' filter). */
static lede_status_t check_id(const lede_article_t *a) {
  if (!a || !a->id || !*a->id)
    return ledei_error(LEDE_ERR_INVALID, "an article needs an id");
  if (!ledei_is_article_id(a->id))
    return ledei_error(LEDE_ERR_INVALID, "%s: article id '%s' is not 16 lower-case hex digits",
                       a->path ? a->path : "article", a->id);
  return LEDE_OK;
}

extern "C" lede_status_t lede_db_put_article(lede_db_t *db, const lede_article_t *a) {
  lede_status_t rc = ledei_need_writer(db, "writing an article");
  if (rc != LEDE_OK)
    return rc;
  if ((rc = check_id(a)) != LEDE_OK)
    return rc;
  db->dirty = true;
  LEDE_XAPIAN_TRY
  std::string aterm = LEDE_PREFIX_ARTICLE + std::string(a->id);
  if (!db->fresh_build) {
    db->ws->delete_document(aterm);
    db->wa->delete_document(aterm);
  }
  db->touched.push_back(a->id);
  if (a->nsentences == 0)
    return LEDE_OK;
  Xapian::TermGenerator &tg = db->tg;
  /* Stems only, as ledei_sentence_postings() makes them. */
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  tg.set_flags(0);
  const language_scope stemming(db, a);
  const article_terms shared(a, compact_date(a->date));
  const std::string path = a->path ? a->path : "";
  const std::vector<std::string> title_terms = headline_terms(db, a->title);
  /* The article's counts of its stems, summed over its sentences (a hash
   * map: adding to the article document sentence by sentence cost a
   * sorted insertion per word). */
  std::unordered_map<std::string, Xapian::termcount> counts;
  ledei_doc_data d;
  d.article_id = a->id;
  d.nsentences = (unsigned)a->nsentences;
  for (size_t i = 0; i < a->nsentences; i++) {
    const lede_sentence_t *s = &a->sentences[i];
    Xapian::Document doc;
    {
      counting_scope count(db->words, false);
      ledei_sentence_postings(tg, doc, s->text);
    }
    figure_terms(doc, s->text);
    /* The article's text is the sum of its sentences'. */
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
      counts[*t] += t.get_wdf();
    for (const std::string &t : title_terms)
      doc.add_term(t, 0);
    shared.add_to(doc);
    if (stemming.as_written)
      doc.add_boolean_term(LEDE_PREFIX_AS_WRITTEN);
    doc.add_value(LEDE_SLOT_NUMBER, Xapian::sortable_serialise((double)(i + 1)));
    doc.add_value(LEDE_SLOT_ORDER, ledei_order_key(shared.ymd, path, (unsigned)i + 1));
    /* The copy signature, computed once here so a search groups copies
     * without comparing texts; short sentences have none. */
    lede_signature_t sig;
    if (ledei_sentence_signature(&sig, s->text, strlen(s->text))) {
      unsigned char bytes[LEDE_SIG_BYTES];
      ledei_signature_encode(&sig, bytes);
      doc.add_value(LEDE_SLOT_COPIES, std::string((const char *)bytes, sizeof bytes));
    }
    d.text = s->text;
    d.sentence = (unsigned)i + 1;
    d.start = s->start;
    d.end = s->end;
    d.line = s->line;
    d.column = s->column;
    ledei_doc_data_put(doc, d);
    db->ws->add_document(doc);
  }
  Xapian::Document adoc;
  for (const auto &c : counts)
    adoc.add_term(c.first, c.second);
  if (a->title && *a->title) {
    tg.set_document(adoc);
    counting_scope count(db->words, false);
    ledei_index_text(tg, adoc, a->title, LEDE_HEADLINE_WDF, "", false);
  }
  shared.add_to(adoc);
  if (stemming.as_written)
    adoc.add_boolean_term(LEDE_PREFIX_AS_WRITTEN);
  adoc.add_value(LEDE_SLOT_NUMBER, Xapian::sortable_serialise((double)a->nsentences));
  adoc.add_value(LEDE_SLOT_ORDER, ledei_order_key(shared.ymd, path, 0));
  ledei_doc_data_put(adoc, article_record(a));
  db->wa->add_document(adoc);
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(a->path ? a->path : "article")
}

/* Takes the words of an article's sentences and headline back out of the
 * spelling counts, read from the documents' records and split by the same
 * TermGenerator as lede_db_put_article() counted them: without this, the
 * words of deleted text stay in the spelling data and are suggested. */
static void uncount_words(lede_db_t *db, const std::string &aterm) {
  Xapian::TermGenerator &tg = db->tg;
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  tg.set_flags(0);
  counting_scope uncount(db->words, true);
  Xapian::Document scratch;
  tg.set_document(scratch);
  for (Xapian::WritableDatabase *w : {db->ws.get(), db->wa.get()})
    for (auto it = w->postlist_begin(aterm); it != w->postlist_end(aterm); ++it) {
      ledei_doc_data d;
      if (!ledei_doc_data_get(&d, w->get_document(*it)))
        continue;
      if (d.sentence > 0)
        ledei_index_text(tg, scratch, d.text, 1, "", false);
      else if (!d.title.empty()) /* the article document: its headline */
        ledei_index_text(tg, scratch, d.title, LEDE_HEADLINE_WDF, "", false);
    }
}

extern "C" lede_status_t lede_db_delete_article(lede_db_t *db, const char *article_id) {
  lede_status_t rc = ledei_need_writer(db, "deleting an article");
  if (rc != LEDE_OK)
    return rc;
  if (!article_id || !*article_id)
    return ledei_error(LEDE_ERR_INVALID, "deleting an article needs its id");
  db->dirty = true;
  LEDE_XAPIAN_TRY
  std::string aterm = LEDE_PREFIX_ARTICLE + std::string(article_id);
  uncount_words(db, aterm);
  db->ws->delete_document(aterm);
  db->wa->delete_document(aterm);
  db->touched.push_back(article_id);
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(db->dir.c_str())
}

extern "C" lede_status_t ledei_db_move_article(lede_db_t *db, const char *old_id,
                                               const lede_article_t *a) {
  lede_status_t rc = ledei_need_writer(db, "moving an article");
  if (rc != LEDE_OK)
    return rc;
  if ((rc = check_id(a)) != LEDE_OK)
    return rc;
  db->dirty = true;
  LEDE_XAPIAN_TRY
  std::string old_aterm = LEDE_PREFIX_ARTICLE + std::string(old_id);
  std::vector<Xapian::docid> sids, aids;
  for (auto p = db->ws->postlist_begin(old_aterm); p != db->ws->postlist_end(old_aterm); ++p)
    sids.push_back(*p);
  for (auto p = db->wa->postlist_begin(old_aterm); p != db->wa->postlist_end(old_aterm); ++p)
    aids.push_back(*p);
  ledei_doc_data ad;
  if (sids.size() != a->nsentences || aids.size() != 1 ||
      !ledei_doc_data_get(&ad, db->wa->get_document(aids[0])))
    return ledei_error(LEDE_ERR_NOT_FOUND, "%s: article %s has %zu sentences in the index, not %zu",
                       a->path ? a->path : "article", old_id, sids.size(), a->nsentences);
  std::string new_aterm = LEDE_PREFIX_ARTICLE + std::string(a->id);
  std::string source = a->source ? a->source : "", path = a->path ? a->path : "";
  std::string old_source = ad.source, ymd = compact_date(ad.date.c_str());
  std::vector<std::string> old_paths, new_paths;
  path_terms(&old_paths, ad.path.c_str());
  path_terms(&new_paths, path.c_str());
  db->touched.push_back(old_id);
  db->touched.push_back(a->id);
  auto relabel = [&](Xapian::WritableDatabase &w, Xapian::docid did) {
    Xapian::Document doc = w.get_document(did);
    ledei_doc_data d;
    if (!ledei_doc_data_get(&d, doc))
      return false;
    doc.remove_term(old_aterm);
    doc.add_boolean_term(new_aterm);
    for (const std::string &t : old_paths)
      doc.remove_term(t);
    for (const std::string &t : new_paths)
      doc.add_boolean_term(t);
    if (old_source != source) {
      if (!old_source.empty())
        doc.remove_term(ledei_bool_term(LEDE_PREFIX_SOURCE, old_source, true));
      if (!source.empty())
        doc.add_boolean_term(ledei_bool_term(LEDE_PREFIX_SOURCE, source, true));
    }
    doc.add_value(LEDE_SLOT_ARTICLE, a->id);
    doc.add_value(LEDE_SLOT_ORDER, ledei_order_key(ymd, path, d.sentence));
    d.article_id = a->id;
    if (d.sentence == 0) {
      d.path = path;
      d.source = source;
    }
    ledei_doc_data_put(doc, d);
    w.replace_document(did, doc);
    return true;
  };
  for (Xapian::docid did : sids)
    if (!relabel(*db->ws, did))
      return ledei_error(LEDE_ERR_CORRUPT, "%s: damaged sentence data", db->dir.c_str());
  relabel(*db->wa, aids[0]);
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(a->path ? a->path : "article")
}

extern "C" lede_status_t ledei_db_check_layout(lede_db_t *db) {
  LEDE_XAPIAN_TRY
  Xapian::Database &s = db->sentences(), &a = db->articles();
  Xapian::doccount seen = 0;
  for (auto it = a.postlist_begin(""); it != a.postlist_end(""); ++it) {
    Xapian::Document adoc = a.get_document(*it);
    ledei_doc_data ad;
    if (!ledei_doc_data_get(&ad, adoc) || ad.sentence != 0)
      return ledei_error(LEDE_ERR_CORRUPT, "article document %u: no article record", (unsigned)*it);
    std::string aterm = LEDE_PREFIX_ARTICLE + ad.article_id;
    double count = Xapian::sortable_unserialise(adoc.get_value(LEDE_SLOT_NUMBER));
    std::vector<bool> found((size_t)std::max(count, 0.0) + 1, false);
    Xapian::termcount text_len = 0;
    for (auto p = s.postlist_begin(aterm); p != s.postlist_end(aterm); ++p) {
      ledei_doc_data d;
      if (!ledei_doc_data_get(&d, s.get_document(*p)) || d.article_id != ad.article_id ||
          d.sentence < 1 || d.sentence >= found.size() || found[d.sentence] ||
          d.nsentences != (unsigned)count)
        return ledei_error(LEDE_ERR_CORRUPT,
                           "article %s: sentence document %u is not one of its own",
                           ad.article_id.c_str(), (unsigned)*p);
      found[d.sentence] = true;
      text_len += s.get_doclength(*p);
      seen++;
    }
    if (std::count(found.begin() + 1, found.end(), true) != (long)count)
      return ledei_error(LEDE_ERR_CORRUPT, "article %s: %ld sentences recorded, %ld found",
                         ad.article_id.c_str(), (long)count,
                         (long)std::count(found.begin() + 1, found.end(), true));
    Xapian::termcount len = a.get_doclength(*it);
    if (len < text_len || (len - text_len) % LEDE_HEADLINE_WDF != 0)
      return ledei_error(LEDE_ERR_CORRUPT, "article %s: length %u, its sentences' %u",
                         ad.article_id.c_str(), (unsigned)len, (unsigned)text_len);
  }
  if (seen != s.get_doccount())
    return ledei_error(LEDE_ERR_CORRUPT, "%u sentences belong to no article",
                       (unsigned)(s.get_doccount() - seen));
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(db->dir.c_str())
}

/* ---- per-file records (in articles, committed with the file's articles) ---- */

/* Metadata key of a file's record: the path itself when short enough. */
static std::string file_key(const char *path) {
  size_t n = strlen(path);
  if (n <= LEDE_MAX_TERM)
    return LEDE_META_FILE + std::string(path, n);
  char hex[17];
  ledei_hash_hex(hex, path, n);
  return LEDE_META_FILE + std::string("#") + hex;
}

/* Record value: "size mtime_ns hash sentences articles id,id,...\npath". */
static std::string file_encode(const lede_file_record_t *r) {
  std::string v = std::to_string(r->size) + " " + std::to_string(r->mtime_ns) + " " + r->hash +
                  " " + std::to_string(r->sentences) + " " + std::to_string(r->articles) + " ";
  for (uint32_t i = 0; i < r->articles; i++) {
    if (i)
      v += ",";
    v += r->article_ids[i];
  }
  v += "\n";
  v += r->path;
  return v;
}

/* Reads a decimal number at *p (after spaces; a leading '-' when sign is
 * set) and moves *p past it. False when there are no digits. */
static bool read_number(const char **p, const char *end, bool sign, long long *out) {
  const char *s = *p;
  while (s < end && *s == ' ')
    s++;
  bool neg = sign && s < end && *s == '-';
  if (neg)
    s++;
  if (s == end || *s < '0' || *s > '9')
    return false;
  unsigned long long v = 0;
  for (; s < end && *s >= '0' && *s <= '9'; s++)
    v = v * 10 + (unsigned long long)(*s - '0');
  *out = neg ? -(long long)v : (long long)v;
  *p = s;
  return true;
}

/* The inverse of file_encode(); nullptr when v is not a file record. (A
 * rescan decodes every record: no sscanf, few copies.) */
static lede_file_record_t *file_decode(const std::string &v) {
  const char *p = v.data(), *end = p + v.size();
  const char *nl = static_cast<const char *>(memchr(p, '\n', v.size()));
  if (!nl)
    return nullptr;
  long long size, mtime, sentences, articles;
  if (!read_number(&p, nl, false, &size) || !read_number(&p, nl, true, &mtime))
    return nullptr;
  while (p < nl && *p == ' ')
    p++;
  const char *hash = p;
  while (p < nl && *p != ' ')
    p++;
  size_t hash_len = (size_t)(p - hash);
  if (hash_len == 0 || hash_len > 16 || !read_number(&p, nl, false, &sentences) ||
      !read_number(&p, nl, false, &articles) || articles > (long long)(nl - p) + 1)
    return nullptr;
  while (p < nl && *p == ' ')
    p++;
  /* The ids, then the path and the ids' text (each id ends with a NUL,
   * even an empty one of a damaged record), in one block that article_ids
   * holds: a rescan decodes every record. */
  size_t path_len = (size_t)(end - nl - 1), ids_len = (size_t)(nl - p) + (size_t)articles;
  size_t head = ((size_t)articles + 1) * sizeof(char *);
  char **ids = static_cast<char **>(ledei_xmalloc(head + path_len + 1 + ids_len));
  char *text = reinterpret_cast<char *>(ids) + head;
  auto *r = static_cast<lede_file_record_t *>(ledei_xcalloc(1, sizeof(lede_file_record_t)));
  r->path = text;
  memcpy(text, nl + 1, path_len);
  text[path_len] = '\0';
  text += path_len + 1;
  r->size = (uint64_t)size;
  r->mtime_ns = mtime;
  memcpy(r->hash, hash, hash_len);
  r->hash[hash_len] = '\0';
  r->sentences = (uint32_t)sentences;
  r->articles = (uint32_t)articles;
  r->article_ids = ids;
  for (uint32_t i = 0; i < r->articles; i++) {
    const char *comma = static_cast<const char *>(memchr(p, ',', (size_t)(nl - p)));
    const char *stop = comma ? comma : nl;
    ids[i] = text;
    memcpy(text, p, (size_t)(stop - p));
    text[stop - p] = '\0';
    text += stop - p + 1;
    p = comma ? comma + 1 : nl;
  }
  ids[r->articles] = nullptr;
  return r;
}

extern "C" void ledei_file_record_free(lede_file_record_t *r) {
  if (!r)
    return;
  free(r->article_ids); /* holds the path and the ids too (file_decode()) */
  free(r);
}

/* Key of a record in the content-hash index: every record is also listed
 * under its content hash, so that a renamed file's old record is one
 * lookup away (ledei_db_foreach_file_with_hash()) instead of a read of all. */
static std::string hash_key(const std::string &hash, const char *path) {
  char hex[17];
  ledei_hash_hex(hex, path, strlen(path));
  return LEDE_META_HASH + hash + ":" + hex;
}

/* Key listing a record's path, size and mtime, for a short path (one that
 * is its own record's key): a rescan compares its walk with these keys,
 * read in order by one cursor, instead of reading every record
 * (ledei_db_foreach_file_stat()). The path ends at a NUL byte. */
static std::string stat_key(const char *path, uint64_t size, int64_t mtime_ns) {
  return LEDE_META_STAT + std::string(path) + '\0' + std::to_string(size) + " " +
         std::to_string(mtime_ns);
}

/* What a stored record says of its file: content hash, size and mtime. */
struct stored_stat {
  std::string hash; /* "" when there is no record */
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

static stored_stat stored(Xapian::WritableDatabase &wa, const std::string &key) {
  stored_stat st;
  std::string v = wa.get_metadata(key);
  const char *p = v.c_str(), *nl = p + v.size();
  long long size, mtime;
  if (!read_number(&p, nl, false, &size) || !read_number(&p, nl, true, &mtime))
    return st;
  size_t a = v.find(' '), b = a == std::string::npos ? a : v.find(' ', a + 1);
  size_t c = b == std::string::npos ? b : v.find(' ', b + 1);
  if (c != std::string::npos)
    st.hash = v.substr(b + 1, c - b - 1);
  st.size = (uint64_t)size;
  st.mtime_ns = mtime;
  return st;
}

/* Writes or (rec NULL) removes the keys beside path's record: its stat key
 * and its entry in the content-hash index. */
static void set_file_keys(Xapian::WritableDatabase &wa, const char *path, const stored_stat &old,
                          const lede_file_record_t *rec) {
  bool is_short = strlen(path) <= LEDE_MAX_TERM;
  bool same_stat =
      rec && !old.hash.empty() && old.size == rec->size && old.mtime_ns == rec->mtime_ns;
  if (is_short && !old.hash.empty() && !same_stat)
    wa.set_metadata(stat_key(path, old.size, old.mtime_ns), std::string());
  if (is_short && rec && !same_stat)
    wa.set_metadata(stat_key(path, rec->size, rec->mtime_ns), "1");
  if (!old.hash.empty() && (!rec || old.hash != rec->hash))
    wa.set_metadata(hash_key(old.hash, path), std::string());
  if (rec && old.hash != rec->hash)
    wa.set_metadata(hash_key(rec->hash, path), path);
}

extern "C" lede_status_t ledei_db_set_file(lede_db_t *db, const lede_file_record_t *rec) {
  lede_status_t rc = ledei_need_writer(db, "recording a file");
  if (rc != LEDE_OK)
    return rc;
  db->dirty = true;
  LEDE_XAPIAN_TRY
  std::string key = file_key(rec->path);
  set_file_keys(*db->wa, rec->path, stored(*db->wa, key), rec);
  db->wa->set_metadata(key, file_encode(rec));
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(rec->path)
}

extern "C" lede_status_t ledei_db_get_file(lede_file_record_t **out, lede_db_t *db,
                                           const char *path) {
  *out = nullptr;
  LEDE_XAPIAN_TRY
  std::string v = db->articles().get_metadata(file_key(path));
  if (v.empty())
    return ledei_error(LEDE_ERR_NOT_FOUND, "%s: not in the index", path);
  *out = file_decode(v);
  if (!*out)
    return ledei_error(LEDE_ERR_CORRUPT, "%s: damaged file record", path);
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(path)
}

extern "C" lede_status_t ledei_db_delete_file(lede_db_t *db, const char *path) {
  lede_status_t rc = ledei_need_writer(db, "forgetting a file");
  if (rc != LEDE_OK)
    return rc;
  db->dirty = true;
  LEDE_XAPIAN_TRY
  std::string key = file_key(path);
  set_file_keys(*db->wa, path, stored(*db->wa, key), nullptr);
  db->wa->set_metadata(key, std::string());
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(path)
}

extern "C" lede_status_t
ledei_db_foreach_file(lede_db_t *db, int (*fn)(const lede_file_record_t *, void *), void *ctx) {
  LEDE_XAPIAN_TRY
  Xapian::Database &x = db->articles();
  for (auto it = x.metadata_keys_begin(LEDE_META_FILE); it != x.metadata_keys_end(LEDE_META_FILE);
       ++it) {
    lede_file_record_t *r = file_decode(x.get_metadata(*it));
    if (!r)
      continue;
    int stop = fn(r, ctx);
    ledei_file_record_free(r);
    if (stop)
      break;
  }
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(db->dir.c_str())
}

/* 1 when path is dir or lies under it (dir NULL: always). */
static bool path_under(const char *path, const char *dir) {
  if (!dir)
    return true;
  size_t n = strlen(dir);
  return strncmp(path, dir, n) == 0 &&
         (path[n] == '\0' || path[n] == '/' || (n && dir[n - 1] == '/'));
}

/* Calls fn for the records whose paths the keys of the iterator range
 * hold, when their content hash is still hash. */
static int visit_records(Xapian::Database &x, Xapian::TermIterator it, Xapian::TermIterator end,
                         const char *hash, int (*fn)(const lede_file_record_t *, void *),
                         void *ctx) {
  for (; it != end; ++it) {
    lede_file_record_t *r = file_decode(x.get_metadata(file_key(x.get_metadata(*it).c_str())));
    if (!r)
      continue;
    int stop = 0;
    if (strcmp(r->hash, hash) == 0)
      stop = fn(r, ctx);
    ledei_file_record_free(r);
    if (stop)
      return stop;
  }
  return 0;
}

extern "C" lede_status_t
ledei_db_foreach_file_with_hash(lede_db_t *db, const char *hash,
                                int (*fn)(const lede_file_record_t *, void *), void *ctx) {
  LEDE_XAPIAN_TRY
  Xapian::Database &x = db->articles();
  std::string prefix = LEDE_META_HASH + std::string(hash) + ":";
  visit_records(x, x.metadata_keys_begin(prefix), x.metadata_keys_end(prefix), hash, fn, ctx);
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(hash)
}

extern "C" lede_status_t ledei_db_foreach_file_stat(lede_db_t *db, const char *dir,
                                                    int (*fn)(const char *path, uint64_t size,
                                                              int64_t mtime_ns, void *ctx),
                                                    void *ctx) {
  LEDE_XAPIAN_TRY
  Xapian::Database &x = db->articles();
  std::string prefix = LEDE_META_STAT + std::string(dir ? dir : "");
  if (!dir || strlen(dir) <= LEDE_MAX_TERM) {
    for (auto it = x.metadata_keys_begin(prefix); it != x.metadata_keys_end(prefix); ++it) {
      const std::string &k = *it;
      const char *path = k.c_str() + LEDE_LEN(LEDE_META_STAT);
      const char *p = path + strlen(path), *end = k.c_str() + k.size();
      long long size, mtime;
      if (p == end)
        continue;
      p++; /* the NUL byte after the path */
      if (!read_number(&p, end, false, &size) || !read_number(&p, end, true, &mtime))
        continue;
      if (path_under(path, dir) && fn(path, (uint64_t)size, mtime, ctx))
        return LEDE_OK;
    }
  }
  /* Long paths have no stat key: their records are read (they are rare). */
  std::string longs = LEDE_META_FILE + std::string("#");
  for (auto it = x.metadata_keys_begin(longs); it != x.metadata_keys_end(longs); ++it) {
    lede_file_record_t *r = file_decode(x.get_metadata(*it));
    int stop = r && path_under(r->path, dir) ? fn(r->path, r->size, r->mtime_ns, ctx) : 0;
    ledei_file_record_free(r);
    if (stop)
      break;
  }
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(dir ? dir : db->dir.c_str())
}

extern "C" lede_status_t ledei_db_set_meta(lede_db_t *db, const char *key, const char *value) {
  lede_status_t rc = ledei_need_writer(db, "setting metadata");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  std::string k = LEDE_META_USER + std::string(key), v = value ? value : "";
  if (db->wa->get_metadata(k) == v)
    return LEDE_OK; /* unchanged: nothing for a commit to write */
  db->dirty = true;
  db->wa->set_metadata(k, v);
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(key)
}

extern "C" lede_status_t ledei_db_get_meta(char **out, lede_db_t *db, const char *key) {
  *out = nullptr;
  LEDE_XAPIAN_TRY
  std::string v = db->articles().get_metadata(LEDE_META_USER + std::string(key));
  if (!v.empty())
    *out = ledei_xstrdup(v.c_str());
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(key)
}

/* ---- a file's change, whole ---- */

/* A file record freed when it goes out of scope. */
using record_ptr = std::unique_ptr<lede_file_record_t, void (*)(lede_file_record_t *)>;

/* The record stored for path; empty when it has none (*rc is then LEDE_OK)
 * or it cannot be read (*rc says why). */
static record_ptr stored_record(lede_db_t *db, const char *path, lede_status_t *rc) {
  lede_file_record_t *rec = nullptr;
  *rc = ledei_db_get_file(&rec, db, path);
  if (*rc == LEDE_ERR_NOT_FOUND)
    *rc = LEDE_OK;
  return record_ptr(rec, ledei_file_record_free);
}

/* Deletes the articles a record lists. */
static lede_status_t delete_listed(lede_db_t *db, const lede_file_record_t *rec) {
  lede_status_t rc = LEDE_OK;
  for (uint32_t i = 0; i < rec->articles && rc == LEDE_OK; i++)
    rc = lede_db_delete_article(db, rec->article_ids[i]);
  return rc;
}

/* Records rec with the ids and sentences of arts, then the ids in kept. */
static lede_status_t record_articles(lede_db_t *db, const lede_file_record_t *rec,
                                     lede_article_t *const *arts, size_t n,
                                     const std::vector<char *> &kept) {
  lede_file_record_t r = *rec;
  std::vector<char *> ids;
  r.sentences = 0;
  for (size_t i = 0; i < n; i++) {
    ids.push_back(arts[i]->id);
    r.sentences += (uint32_t)arts[i]->nsentences;
  }
  ids.insert(ids.end(), kept.begin(), kept.end());
  r.articles = (uint32_t)ids.size();
  ids.push_back(nullptr);
  r.article_ids = ids.data();
  return ledei_db_set_file(db, &r);
}

extern "C" lede_status_t ledei_db_file_put(lede_db_t *db, const lede_file_record_t *rec,
                                           lede_article_t *const *arts, size_t n,
                                           int keep_dropped) {
  lede_status_t rc = ledei_need_writer(db, "indexing a file");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  record_ptr old = stored_record(db, rec->path, &rc);
  std::vector<char *> kept;
  if (old && keep_dropped) {
    /* Of the old articles, those put again are deleted first (the writer
     * may have been promised new articles only); the others stay. */
    std::set<std::string> now;
    for (size_t i = 0; i < n; i++)
      now.insert(arts[i]->id);
    for (uint32_t i = 0; i < old->articles && rc == LEDE_OK; i++) {
      if (now.count(old->article_ids[i]))
        rc = lede_db_delete_article(db, old->article_ids[i]);
      else
        kept.push_back(old->article_ids[i]);
    }
  } else if (old && rc == LEDE_OK) {
    rc = delete_listed(db, old.get());
  }
  for (size_t i = 0; i < n && rc == LEDE_OK; i++)
    rc = lede_db_put_article(db, arts[i]);
  if (rc == LEDE_OK)
    rc = record_articles(db, rec, arts, n, kept);
  return rc;
  LEDE_XAPIAN_CATCH(rec->path)
}

extern "C" lede_status_t ledei_db_file_remove(lede_db_t *db, const char *path) {
  lede_status_t rc = ledei_need_writer(db, "forgetting a file");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  record_ptr old = stored_record(db, path, &rc);
  if (old && rc == LEDE_OK)
    rc = delete_listed(db, old.get());
  if (rc == LEDE_OK)
    rc = ledei_db_delete_file(db, path);
  return rc;
  LEDE_XAPIAN_CATCH(path)
}

extern "C" lede_status_t ledei_db_file_move(lede_db_t *db, const char *from,
                                            const lede_file_record_t *rec,
                                            lede_article_t *const *arts, size_t n, int *moved) {
  *moved = 0;
  lede_status_t rc = ledei_need_writer(db, "moving a file");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  record_ptr old = stored_record(db, from, &rc);
  if (rc != LEDE_OK)
    return rc;
  /* A file moved over one the index holds ("mv a.txt b.txt" over an
   * indexed b.txt): b's articles go first, or the index would keep the text
   * the move overwrote under b's name. */
  if (strcmp(from, rec->path) != 0) {
    record_ptr over = stored_record(db, rec->path, &rc);
    if (over && rc == LEDE_OK)
      rc = delete_listed(db, over.get());
    if (rc != LEDE_OK)
      return rc;
  }
  /* Relabelled when the index holds what the old record says, article by
   * article; else indexed again. */
  *moved = old && old->articles == n;
  for (size_t i = 0; i < n && *moved && rc == LEDE_OK; i++) {
    rc = ledei_db_move_article(db, old->article_ids[i], arts[i]);
    if (rc == LEDE_ERR_NOT_FOUND) {
      *moved = 0;
      rc = LEDE_OK;
    }
  }
  if (rc == LEDE_OK && !*moved) {
    if (old)
      rc = delete_listed(db, old.get());
    for (size_t i = 0; i < n && rc == LEDE_OK; i++) {
      rc = lede_db_delete_article(db, arts[i]->id); /* in case it was moved */
      if (rc == LEDE_OK)
        rc = lede_db_put_article(db, arts[i]);
    }
  }
  if (rc == LEDE_OK)
    rc = ledei_db_delete_file(db, from);
  if (rc == LEDE_OK)
    rc = record_articles(db, rec, arts, n, {});
  return rc;
  LEDE_XAPIAN_CATCH(rec->path)
}
