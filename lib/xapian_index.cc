/*
 * xapian_index.cc - opening an index, writing articles and per-file
 * bookkeeping.
 *
 * An index directory holds a stub file (XAPIANDB, "glass db-N") naming the
 * live Glass database beside it, so that a rebuilt database can be swapped in
 * by renaming one small file. A writer works inside a Xapian transaction that
 * lede_db_commit() commits: Xapian's automatic flushes never split a batch,
 * so each commit is all or nothing.
 */
#include "xapian_internal.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

/* Creates dir and its missing parents. */
static int make_dirs(const std::string &dir) {
  std::string cur;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    cur = dir.substr(0, pos);
    if (cur.empty())
      continue;
    if (mkdir(cur.c_str(), 0777) != 0 && errno != EEXIST)
      return -1;
  }
  return 0;
}

/* Reads the stub's database name into *name. Returns 0, or -1 with errno
 * set (ENOENT when there is no stub, EINVAL when it is not ours). */
static int read_stub(std::string *name, const std::string &dir) {
  std::ifstream in(dir + "/" LEDE_STUB_NAME);
  if (!in) {
    errno = ENOENT;
    return -1;
  }
  std::string backend;
  if (!(in >> backend >> *name) || backend != "glass" || name->find('/') != std::string::npos) {
    errno = EINVAL;
    return -1;
  }
  return 0;
}

/* Points the stub at name, atomically (write a temporary file, rename). */
static lede_status_t write_stub(const std::string &dir, const std::string &name) {
  std::string tmp = dir + "/" LEDE_STUB_NAME ".tmp";
  std::string final_path = dir + "/" LEDE_STUB_NAME;
  FILE *f = fopen(tmp.c_str(), "w");
  if (!f)
    return lede_error(LEDE_ERR_IO, "%s: %s", tmp.c_str(), strerror(errno));
  fprintf(f, "glass %s\n", name.c_str());
  bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
  ok = (fclose(f) == 0) && ok;
  if (!ok || rename(tmp.c_str(), final_path.c_str()) != 0) {
    int saved = errno;
    unlink(tmp.c_str());
    return lede_error(LEDE_ERR_IO, "%s: %s", final_path.c_str(), strerror(saved));
  }
  return LEDE_OK;
}

/* Checks the schema version and reads the language of an opened index. */
static lede_status_t check_schema(lede_db_t *db) {
  Xapian::Database &x = db->db();
  std::string schema = x.get_metadata(LEDE_META_SCHEMA);
  if (schema.empty()) {
    if (x.get_doccount() > 0)
      return lede_error(LEDE_ERR_VERSION, "%s: not a lede index (no schema version)",
                        db->dir.c_str());
    return LEDE_OK; /* new and empty */
  }
  if (schema != std::to_string(LEDE_SCHEMA_VERSION))
    return lede_error(LEDE_ERR_VERSION,
                      "%s: index has schema version %s but this lede reads version %d; "
                      "rebuild it with 'lede-index --rebuild'",
                      db->dir.c_str(), schema.c_str(), LEDE_SCHEMA_VERSION);
  db->language = x.get_metadata(LEDE_META_LANGUAGE);
  if (db->language.empty())
    db->language = "english";
  return LEDE_OK;
}

extern "C" lede_status_t lede_db_open_write(lede_db_t **out, const char *dir,
                                            const lede_write_opts_t *opts) {
  *out = nullptr;
  const char *want_lang = opts && opts->language ? opts->language : nullptr;
  std::unique_ptr<lede_db_t> db(new (std::nothrow) lede_db_t);
  if (!db)
    return lede_error(LEDE_ERR_NOMEM, "out of memory");
  db->dir = dir;
  db->writable = true;
  LEDE_XAPIAN_TRY
  std::string name;
  bool fresh = false;
  if (read_stub(&name, db->dir) != 0) {
    if (errno == EINVAL)
      return lede_error(LEDE_ERR_CORRUPT, "%s/%s: not a lede index stub", dir, LEDE_STUB_NAME);
    struct stat st;
    if (!(opts && opts->create))
      return lede_error(LEDE_ERR_NOT_FOUND, "%s: no index here", dir);
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
      return lede_error(LEDE_ERR_INVALID, "%s: exists and is not a directory", dir);
    if (make_dirs(db->dir) != 0)
      return lede_error(LEDE_ERR_IO, "%s: cannot create directory: %s", dir, strerror(errno));
    name = "db-1";
    fresh = true;
  }
  std::string path = db->dir + "/" + name;
  db->wdb.reset(new Xapian::WritableDatabase(
      path, (fresh ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_OPEN) | Xapian::DB_BACKEND_GLASS));
  lede_status_t rc = check_schema(db.get());
  if (rc != LEDE_OK)
    return rc;
  if (db->wdb->get_metadata(LEDE_META_SCHEMA).empty()) {
    db->language = want_lang ? want_lang : "english";
    rc = lede_xapian_stem(&db->stem, db->language.c_str());
    if (rc != LEDE_OK)
      return rc;
    db->wdb->set_metadata(LEDE_META_SCHEMA, std::to_string(LEDE_SCHEMA_VERSION));
    db->wdb->set_metadata(LEDE_META_LANGUAGE, db->language);
    db->wdb->commit();
  } else {
    if (want_lang && db->language != want_lang)
      return lede_error(LEDE_ERR_INVALID,
                        "%s: index was built with language '%s', not '%s'; use --rebuild to "
                        "change it",
                        dir, db->language.c_str(), want_lang);
    rc = lede_xapian_stem(&db->stem, db->language.c_str());
    if (rc != LEDE_OK)
      return rc;
  }
  if (fresh) {
    rc = write_stub(db->dir, name);
    if (rc != LEDE_OK)
      return rc;
  }
  db->wdb->begin_transaction(true);
  *out = db.release();
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(dir)
}

extern "C" lede_status_t lede_db_open_read(lede_db_t **out, const char *dir) {
  *out = nullptr;
  std::unique_ptr<lede_db_t> db(new (std::nothrow) lede_db_t);
  if (!db)
    return lede_error(LEDE_ERR_NOMEM, "out of memory");
  db->dir = dir;
  LEDE_XAPIAN_TRY
  std::string name;
  if (read_stub(&name, db->dir) != 0) {
    if (errno == EINVAL)
      return lede_error(LEDE_ERR_CORRUPT, "%s/%s: not a lede index stub", dir, LEDE_STUB_NAME);
    return lede_error(LEDE_ERR_NOT_FOUND, "%s: no index here", dir);
  }
  db->rdb.reset(new Xapian::Database(db->dir + "/" + name, Xapian::DB_BACKEND_GLASS));
  lede_status_t rc = check_schema(db.get());
  if (rc != LEDE_OK)
    return rc;
  rc = lede_xapian_stem(&db->stem, db->language.c_str());
  if (rc != LEDE_OK)
    return rc;
  *out = db.release();
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(dir)
}

extern "C" void lede_db_close(lede_db_t *db) {
  if (!db)
    return;
  try {
    if (db->wdb) {
      try {
        db->wdb->cancel_transaction();
      } catch (const Xapian::InvalidOperationError &) {
        /* no transaction open */
      }
      db->wdb->close();
    }
  } catch (...) {
    /* closing never fails loudly; uncommitted work is simply dropped */
  }
  delete db;
}

extern "C" const char *lede_db_language(lede_db_t *db) { return db->language.c_str(); }

extern "C" lede_status_t lede_db_commit(lede_db_t *db) {
  if (!db->writable)
    return lede_error(LEDE_ERR_INVALID, "commit on a read-only index");
  LEDE_XAPIAN_TRY
  db->wdb->commit_transaction();
  db->wdb->begin_transaction(true);
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(db->dir.c_str())
}

extern "C" lede_status_t lede_db_count(uint64_t *out, lede_db_t *db) {
  LEDE_XAPIAN_TRY
  *out = db->db().get_doccount();
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(db->dir.c_str())
}

/* "YYYY-MM-DD" to "YYYYMMDD", or "" when date is not in that form. */
static std::string compact_date(const char *date) {
  if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
    return std::string();
  return std::string(date, 4) + std::string(date + 5, 2) + std::string(date + 8, 2);
}

extern "C" lede_status_t lede_db_put_article(lede_db_t *db, const lede_article_t *a) {
  if (!db->writable)
    return lede_error(LEDE_ERR_INVALID, "writing to a read-only index");
  LEDE_XAPIAN_TRY
  Xapian::WritableDatabase &w = *db->wdb;
  std::string aterm = LEDE_PREFIX_ARTICLE + std::string(a->id);
  w.delete_document(aterm);

  Xapian::TermGenerator tg;
  tg.set_stemmer(db->stem);
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);

  std::string ymd = compact_date(a->date);
  lede_doc_data d;
  d.path = a->path ? a->path : "";
  d.source = a->source ? a->source : "";
  d.title = a->title ? a->title : "";
  d.date = a->date ? a->date : "";
  d.place = a->place ? a->place : "";
  d.article_id = a->id;

  for (size_t i = 0; i < a->nsentences; i++) {
    const lede_sentence_t *s = &a->sentences[i];
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(s->text);
    if (a->title && *a->title) {
      /* Title words are searchable with title: but weigh nothing, so they
       * neither score nor lengthen the sentence. */
      tg.index_text_without_positions(a->title, 0, LEDE_PREFIX_TITLE);
    }
    unsigned n = (unsigned)i + 1;
    doc.add_boolean_term(LEDE_PREFIX_ID + std::string(a->id) + "/" + std::to_string(n));
    doc.add_boolean_term(aterm);
    if (a->source && *a->source)
      doc.add_boolean_term(lede_bool_term(LEDE_PREFIX_SOURCE, a->source, true));
    if (a->place && *a->place)
      doc.add_boolean_term(lede_bool_term(LEDE_PREFIX_PLACE, a->place, true));
    if (!ymd.empty()) {
      doc.add_boolean_term(LEDE_PREFIX_DATE + ymd);
      doc.add_boolean_term(LEDE_PREFIX_YEAR + ymd.substr(0, 4));
      doc.add_boolean_term(LEDE_PREFIX_MONTH + ymd.substr(0, 6));
      doc.add_value(LEDE_SLOT_DATE, ymd);
    }
    doc.add_value(LEDE_SLOT_ARTICLE, a->id);
    doc.add_value(LEDE_SLOT_SENTENCE, Xapian::sortable_serialise(n));
    d.text = s->text;
    d.sentence = n;
    d.start = s->start;
    d.end = s->end;
    doc.set_data(lede_doc_data_encode(d));
    w.add_document(doc);
  }
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(a->path ? a->path : "article")
}

extern "C" lede_status_t lede_db_delete_article(lede_db_t *db, const char *article_id) {
  if (!db->writable)
    return lede_error(LEDE_ERR_INVALID, "writing to a read-only index");
  LEDE_XAPIAN_TRY
  db->wdb->delete_document(LEDE_PREFIX_ARTICLE + std::string(article_id));
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(db->dir.c_str())
}

/* ---- per-file records ---- */

/* Metadata key of a file's record: the path itself when short enough. */
static std::string file_key(const char *path) {
  size_t n = strlen(path);
  if (n <= LEDE_MAX_TERM)
    return LEDE_META_FILE + std::string(path, n);
  char hex[17];
  lede_hash_hex(hex, path, n);
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

static lede_file_record_t *file_decode(const std::string &v) {
  size_t nl = v.find('\n');
  if (nl == std::string::npos)
    return nullptr;
  unsigned long long size, sentences, articles;
  long long mtime;
  char hash[17];
  int used = 0;
  std::string head = v.substr(0, nl);
  if (sscanf(head.c_str(), "%llu %lld %16s %llu %llu %n", &size, &mtime, hash, &sentences,
             &articles, &used) != 5)
    return nullptr;
  auto *r = static_cast<lede_file_record_t *>(lede_xcalloc(1, sizeof(lede_file_record_t)));
  r->path = lede_xstrdup(v.c_str() + nl + 1);
  r->size = size;
  r->mtime_ns = mtime;
  memcpy(r->hash, hash, sizeof r->hash);
  r->hash[16] = '\0';
  r->sentences = (uint32_t)sentences;
  r->articles = (uint32_t)articles;
  r->article_ids = static_cast<char **>(lede_xcalloc(articles + 1, sizeof(char *)));
  std::string ids = head.substr((size_t)used);
  size_t pos = 0;
  for (uint32_t i = 0; i < r->articles; i++) {
    size_t comma = ids.find(',', pos);
    std::string id = ids.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    r->article_ids[i] = lede_xstrdup(id.c_str());
    pos = comma == std::string::npos ? ids.size() : comma + 1;
  }
  return r;
}

extern "C" void lede_file_record_free(lede_file_record_t *r) {
  if (!r)
    return;
  for (uint32_t i = 0; i < r->articles && r->article_ids; i++)
    free(r->article_ids[i]);
  free(r->article_ids);
  free(r->path);
  free(r);
}

extern "C" lede_status_t lede_db_set_file(lede_db_t *db, const lede_file_record_t *rec) {
  LEDE_XAPIAN_TRY
  db->wdb->set_metadata(file_key(rec->path), file_encode(rec));
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(rec->path)
}

extern "C" lede_status_t lede_db_get_file(lede_file_record_t **out, lede_db_t *db,
                                          const char *path) {
  *out = nullptr;
  LEDE_XAPIAN_TRY
  std::string v = db->db().get_metadata(file_key(path));
  if (v.empty())
    return lede_error(LEDE_ERR_NOT_FOUND, "%s: not in the index", path);
  *out = file_decode(v);
  if (!*out)
    return lede_error(LEDE_ERR_CORRUPT, "%s: damaged file record", path);
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(path)
}

extern "C" lede_status_t lede_db_delete_file(lede_db_t *db, const char *path) {
  LEDE_XAPIAN_TRY
  db->wdb->set_metadata(file_key(path), std::string());
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(path)
}

extern "C" lede_status_t lede_db_foreach_file(lede_db_t *db,
                                              int (*fn)(const lede_file_record_t *, void *),
                                              void *ctx) {
  LEDE_XAPIAN_TRY
  Xapian::Database &x = db->db();
  for (auto it = x.metadata_keys_begin(LEDE_META_FILE); it != x.metadata_keys_end(LEDE_META_FILE);
       ++it) {
    lede_file_record_t *r = file_decode(x.get_metadata(*it));
    if (!r)
      continue;
    int stop = fn(r, ctx);
    lede_file_record_free(r);
    if (stop)
      break;
  }
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(db->dir.c_str())
}

extern "C" lede_status_t lede_db_set_meta(lede_db_t *db, const char *key, const char *value) {
  LEDE_XAPIAN_TRY
  db->wdb->set_metadata(std::string("user:") + key, value ? value : "");
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(key)
}

extern "C" lede_status_t lede_db_get_meta(char **out, lede_db_t *db, const char *key) {
  *out = nullptr;
  LEDE_XAPIAN_TRY
  std::string v = db->db().get_metadata(std::string("user:") + key);
  if (!v.empty())
    *out = lede_xstrdup(v.c_str());
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(key)
}
