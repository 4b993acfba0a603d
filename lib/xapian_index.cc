/*
 * xapian_index.cc - opening an index, writing articles and per-file
 * bookkeeping.
 *
 * An index directory holds a stub file (XAPIANDB, "glass db-N") naming the
 * live Glass database beside it, so that a rebuilt database can be swapped in
 * by renaming one small file. A writer works inside a Xapian transaction that
 * lede_db_commit() commits: Xapian's automatic flushes never split a batch,
 * so each commit is all or nothing. Every commit goes through commit_now(),
 * which first checks that the disk has room for it (a commit that runs out
 * of space aborts inside Xapian 1.4, docs/hardening.md) and afterwards syncs
 * the database folder (Xapian renames its version file without doing so).
 */
#include "xapian_internal.h"
#include "xapian_rank.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <sys/statvfs.h>
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

lede_status_t lede_xapian_write_error(const std::string &dir) {
  try {
    throw;
  } catch (const Xapian::Error &e) {
    const char *why = e.get_error_string();
    for (int code : {ENOSPC, EDQUOT, EFBIG})
      if (why && strcmp(why, strerror(code)) == 0)
        return lede_error(LEDE_ERR_IO, "%s: disk full (%s: %s)", dir.c_str(), e.get_msg().c_str(),
                          why);
    return lede_xapian_error(dir.c_str());
  } catch (...) {
    return lede_xapian_error(dir.c_str());
  }
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

/* 1 when name is one of the files Xapian's Glass backend keeps in a
 * database folder. */
static bool is_glass_file(const char *name) {
  size_t n = strlen(name);
  return strcmp(name, "iamglass") == 0 || strcmp(name, "flintlock") == 0 ||
         (n > 6 && strcmp(name + n - 6, ".glass") == 0) ||
         (n > 4 && strcmp(name + n - 4, ".tmp") == 0);
}

/* What a folder inside an index folder is, judged by its contents:
 * FOLDER_PARTIAL holds only Glass's files but not yet its version file (a
 * database being created, or a removal cut short). */
enum folder_kind { FOLDER_OTHER, FOLDER_EMPTY, FOLDER_PARTIAL, FOLDER_GLASS };

static folder_kind classify_folder(const std::string &path) {
  DIR *d = opendir(path.c_str());
  if (!d)
    return FOLDER_OTHER;
  bool any = false, version = false, foreign = false;
  struct dirent *e;
  while ((e = readdir(d)) != nullptr) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    any = true;
    if (strcmp(e->d_name, "iamglass") == 0)
      version = true;
    else if (!is_glass_file(e->d_name))
      foreign = true;
  }
  closedir(d);
  if (!any)
    return FOLDER_EMPTY;
  if (foreign)
    return FOLDER_OTHER;
  return version ? FOLDER_GLASS : FOLDER_PARTIAL;
}

/* 1 when name has the shape of a database lede creates in an index folder
 * (db-N, or a parallel build's tmp-PID-K). */
static bool lede_db_name(const char *name) {
  const char *p;
  if (strncmp(name, LEDE_DB_PREFIX, LEDE_LEN(LEDE_DB_PREFIX)) == 0)
    p = name + LEDE_LEN(LEDE_DB_PREFIX);
  else if (strncmp(name, LEDE_SHARD_PREFIX, LEDE_LEN(LEDE_SHARD_PREFIX)) == 0)
    p = name + LEDE_LEN(LEDE_SHARD_PREFIX);
  else
    return false;
  if (!*p)
    return false;
  for (; *p; p++)
    if (!((*p >= '0' && *p <= '9') || *p == '-'))
      return false;
  return true;
}

/* The file that marks database name as an unfinished build (a new index
 * or --rebuild that has not been published): created before the database,
 * removed once the stub names it. */
static std::string building_marker(const std::string &dir, const std::string &name) {
  return dir + "/" LEDE_BUILDING_PREFIX + name;
}

/* The name for a new database beside the live one: db-N with N above
 * every database folder present (nothing is removed to make room), marked
 * as an unfinished build until lede_db_publish(). Throws nothing; returns
 * "" with errno set when the marker cannot be created. */
static std::string next_db_name(const std::string &dir) {
  long n = 0;
  if (DIR *d = opendir(dir.c_str())) {
    struct dirent *e;
    while ((e = readdir(d)) != nullptr)
      if (strncmp(e->d_name, LEDE_DB_PREFIX, LEDE_LEN(LEDE_DB_PREFIX)) == 0)
        n = std::max(n, strtol(e->d_name + LEDE_LEN(LEDE_DB_PREFIX), nullptr, 10));
    closedir(d);
  }
  std::string name = LEDE_DB_PREFIX + std::to_string(n + 1);
  int fd = open(building_marker(dir, name).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0)
    return std::string();
  close(fd);
  return name;
}

/* 1 when entry (a name inside an index folder) is something lede-index
 * creates there and may remove again: its lock file, a half-written stub,
 * or a database folder of lede's shape holding only Glass files (or
 * nothing). */
static bool lede_owned_entry(const std::string &dir, const char *name) {
  if (strcmp(name, "lock") == 0 || strcmp(name, LEDE_STUB_NAME ".tmp") == 0 ||
      (strncmp(name, LEDE_BUILDING_PREFIX, LEDE_LEN(LEDE_BUILDING_PREFIX)) == 0 &&
       lede_db_name(name + LEDE_LEN(LEDE_BUILDING_PREFIX))))
    return true;
  return lede_db_name(name) && classify_folder(dir + "/" + name) != FOLDER_OTHER;
}

extern "C" lede_status_t lede_db_check_dir(const char *dir, lede_dir_state_t *state) {
  *state = LEDE_DIR_NEW;
  struct stat st;
  if (stat(dir, &st) != 0) {
    if (errno == ENOENT)
      return LEDE_OK;
    return lede_error(LEDE_ERR_IO, "%s: %s", dir, strerror(errno));
  }
  if (!S_ISDIR(st.st_mode))
    return lede_error(LEDE_ERR_INVALID, "%s: exists and is not a directory", dir);
  std::string d = dir;
  std::string name;
  if (read_stub(&name, d) == 0) {
    if (classify_folder(d + "/" + name) == FOLDER_GLASS) {
      *state = LEDE_DIR_INDEX;
      return LEDE_OK;
    }
    *state = LEDE_DIR_DAMAGED;
    return lede_error(LEDE_ERR_CORRUPT,
                      "%s: the index is damaged: its stub %s names database '%s', which is "
                      "missing or incomplete; nothing was deleted. Rebuild it with 'lede-index "
                      "--index %s --rebuild PATH...'",
                      dir, LEDE_STUB_NAME, name.c_str(), dir);
  }
  bool stub_present = errno == EINVAL;
  DIR *dh = opendir(dir);
  if (!dh)
    return lede_error(LEDE_ERR_IO, "%s: %s", dir, strerror(errno));
  std::string database, foreign;
  struct dirent *e;
  while ((e = readdir(dh)) != nullptr) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
        strcmp(e->d_name, LEDE_STUB_NAME) == 0)
      continue;
    if (!lede_owned_entry(d, e->d_name)) {
      if (foreign.empty())
        foreign = e->d_name;
    } else if (database.empty() &&
               strncmp(e->d_name, LEDE_DB_PREFIX, LEDE_LEN(LEDE_DB_PREFIX)) == 0 &&
               classify_folder(d + "/" + e->d_name) == FOLDER_GLASS &&
               access(building_marker(d, e->d_name).c_str(), F_OK) != 0) {
      /* A published database (an unfinished build carries its marker). */
      database = e->d_name;
    }
  }
  closedir(dh);
  if (stub_present) {
    *state = LEDE_DIR_DAMAGED;
    return lede_error(LEDE_ERR_CORRUPT,
                      "%s: the index is damaged: its stub %s is not 'glass db-N' (empty or "
                      "overwritten); nothing was deleted. Rebuild it with 'lede-index --index %s "
                      "--rebuild PATH...'",
                      dir, LEDE_STUB_NAME, dir);
  }
  if (!database.empty()) {
    *state = LEDE_DIR_DAMAGED;
    return lede_error(LEDE_ERR_CORRUPT,
                      "%s: the index is damaged: its stub %s is missing, but the folder holds "
                      "database '%s'; nothing was deleted. Rebuild it with 'lede-index --index "
                      "%s --rebuild PATH...'",
                      dir, LEDE_STUB_NAME, database.c_str(), dir);
  }
  if (!foreign.empty()) {
    *state = LEDE_DIR_FOREIGN;
    return lede_error(LEDE_ERR_INVALID,
                      "%s: not a lede index: the folder holds files lede did not create (such as "
                      "'%s'); give --index a new or empty folder",
                      dir, foreign.c_str());
  }
  return LEDE_OK; /* empty, or only what an interrupted first run left */
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

/* The error for an index whose stub is sound but whose database Xapian
 * cannot open or read (a missing, truncated or overwritten table): call
 * inside a catch block. */
static lede_status_t damaged(const char *dir, const std::string &why) {
  return lede_error(LEDE_ERR_CORRUPT,
                    "%s: the index is damaged (%s); rebuild it with 'lede-index --index %s "
                    "--rebuild PATH...'",
                    dir, why.c_str(), dir);
}

static lede_status_t open_error(const char *dir) {
  try {
    throw;
  } catch (const Xapian::DatabaseOpeningError &e) {
    return damaged(dir, e.get_msg());
  } catch (const Xapian::DatabaseCorruptError &e) {
    return damaged(dir, e.get_msg());
  } catch (const Xapian::DatabaseLockError &) {
    return lede_xapian_error(dir);
  } catch (const Xapian::DatabaseModifiedError &) {
    return lede_xapian_error(dir);
  } catch (const Xapian::DatabaseError &e) {
    /* Without a system error it is the data ("EOF reading block"). */
    if (e.get_error_string() && *e.get_error_string())
      return lede_xapian_error(dir);
    return damaged(dir, e.get_msg());
  } catch (...) {
    return lede_xapian_error(dir);
  }
}

extern "C" int lede_db_unfinished(const char *dir) {
  lede_dir_state_t state;
  if (lede_db_check_dir(dir, &state) != LEDE_OK || state != LEDE_DIR_NEW)
    return 0;
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  int found = 0;
  struct dirent *e;
  while (!found && (e = readdir(d)) != nullptr)
    found = strncmp(e->d_name, LEDE_BUILDING_PREFIX, LEDE_LEN(LEDE_BUILDING_PREFIX)) == 0 ||
            strncmp(e->d_name, LEDE_SHARD_PREFIX, LEDE_LEN(LEDE_SHARD_PREFIX)) == 0;
  closedir(d);
  return found;
}

/* The error for a folder with no readable stub: damaged, not an index, or
 * no index at all (LEDE_ERR_NOT_FOUND). */
static lede_status_t no_index(const char *dir) {
  lede_dir_state_t state;
  lede_status_t rc = lede_db_check_dir(dir, &state);
  if (rc != LEDE_OK)
    return rc;
  return lede_error(LEDE_ERR_NOT_FOUND, "%s: no index here", dir);
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
  lede_dir_state_t state;
  lede_status_t rc = lede_db_check_dir(dir, &state);
  if (rc != LEDE_OK)
    return rc; /* damaged or not an index: touch nothing */
  std::string name;
  bool fresh = state == LEDE_DIR_NEW;
  if (fresh) {
    if (!(opts && opts->create))
      return lede_error(LEDE_ERR_NOT_FOUND, "%s: no index here", dir);
    if (make_dirs(db->dir) != 0)
      return lede_error(LEDE_ERR_IO, "%s: cannot create directory: %s", dir, strerror(errno));
    name = next_db_name(db->dir);
    if (name.empty())
      return lede_error(LEDE_ERR_IO, "%s: %s", dir, strerror(errno));
  } else if (read_stub(&name, db->dir) != 0) {
    return lede_error(LEDE_ERR_CORRUPT, "%s/%s: not a lede index stub", dir, LEDE_STUB_NAME);
  }
  std::string path = db->dir + "/" + name;
  db->wdb.reset(new Xapian::WritableDatabase(
      path, (fresh ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_OPEN) | Xapian::DB_BACKEND_GLASS));
  rc = check_schema(db.get());
  if (rc != LEDE_OK)
    return rc;
  if (db->wdb->get_metadata(LEDE_META_SCHEMA).empty()) {
    db->language = want_lang ? want_lang : "english";
    rc = lede_xapian_stem(&db->stem, db->language.c_str(), &db->words);
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
    rc = lede_xapian_stem(&db->stem, db->language.c_str(), &db->words);
    if (rc != LEDE_OK)
      return rc;
  }
  if (fresh) {
    rc = write_stub(db->dir, name);
    if (rc != LEDE_OK)
      return rc;
    unlink(building_marker(db->dir, name).c_str());
  }
  db->name = name;
  db->tg.set_stemmer(db->stem);
  db->wdb->begin_transaction(true);
  *out = db.release();
  return LEDE_OK;
}
catch (...) {
  return open_error(dir);
}
}

extern "C" lede_status_t lede_db_open_read(lede_db_t **out, const char *dir) {
  *out = nullptr;
  std::unique_ptr<lede_db_t> db(new (std::nothrow) lede_db_t);
  if (!db)
    return lede_error(LEDE_ERR_NOMEM, "out of memory");
  db->dir = dir;
  LEDE_XAPIAN_TRY
  for (int attempt = 0;; attempt++) {
    std::string name;
    if (read_stub(&name, db->dir) != 0)
      return no_index(dir);
    lede_status_t rc = LEDE_OK;
    try {
      db->rdb.reset(new Xapian::Database(db->dir + "/" + name, Xapian::DB_BACKEND_GLASS));
      db->name = name;
      rc = check_schema(db.get());
    } catch (const Xapian::DatabaseOpeningError &) {
      /* A rebuild may have swapped the stub and removed this database
       * between our reading the stub and opening it: read it again. */
      std::string now;
      if (attempt >= 5 || read_stub(&now, db->dir) != 0 || now == name) {
        lede_dir_state_t state;
        if (lede_db_check_dir(dir, &state) != LEDE_OK)
          return LEDE_ERR_CORRUPT; /* damaged: the message says how to rebuild */
        throw;
      }
      continue;
    } catch (const Xapian::DatabaseError &) {
      /* A writer committing twice while we read can recycle the blocks of
       * the revision we opened (DatabaseModifiedError, or with Glass
       * sometimes a "corrupt" block): open the new revision. */
      if (attempt >= 5)
        throw;
      usleep(1000u << attempt);
      continue;
    }
    if (rc != LEDE_OK)
      return rc;
    break;
  }
  lede_status_t rc;
  rc = lede_xapian_stem(&db->stem, db->language.c_str());
  if (rc != LEDE_OK)
    return rc;
  *out = db.release();
  return LEDE_OK;
}
catch (...) {
  return open_error(dir);
}
}

static int remove_db_dir(const std::string &path);

/* Removes the folder of a database being created unless disarmed: an open
 * that fails (a full disk while compacting) leaves nothing behind. */
namespace {
struct drop_unless_opened {
  lede_db_t *db;
  std::string path;
  ~drop_unless_opened() {
    if (path.empty())
      return;
    try {
      db->wdb.reset();
    } catch (...) {
    }
    remove_db_dir(path);
  }
};
} // namespace

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
  /* A staged database never published is abandoned: free its space now (on
   * a full disk the next run needs it). */
  if (db->staged && !db->name.empty()) {
    db->wdb.reset();
    if (remove_db_dir(db->dir + "/" + db->name) == 0)
      unlink(building_marker(db->dir, db->name).c_str());
  }
  delete db;
}

extern "C" const char *lede_db_language(lede_db_t *db) {
  return db->language.c_str();
}

/* Hands the spelling counts gathered so far to Xapian (one call per word
 * rather than per word and article), what was added less what was taken
 * away; forgets the words when there are too many. Throws Xapian errors. */
static void flush_spelling(lede_db_t *db) {
  /* In word order: Xapian's spelling tables then grow in key order, which
   * took 3-7 % off a build's CPU time against first-seen order
   * (docs/bench-index.md). */
  typedef std::pair<const std::string, lede_words::entry> *word_ptr;
  std::sort(db->words.pending.begin(), db->words.pending.end(),
            [](word_ptr a, word_ptr b) { return a->first < b->first; });
  for (auto *kv : db->words.pending) {
    lede_words::entry &e = kv->second;
    if (e.pending > e.removed)
      db->wdb->add_spelling(kv->first, e.pending - e.removed);
    else if (e.removed > e.pending)
      db->wdb->remove_spelling(kv->first, e.removed - e.pending);
    e.pending = e.removed = 0;
  }
  db->words.pending.clear();
  if (db->words.map.size() > lede_words::max_words)
    db->words.map.clear();
}

/* The folder of the database a writer writes: DIR/db-N, or a shard's own. */
static std::string db_path(const lede_db_t *db) {
  return db->name.empty() ? db->dir : db->dir + "/" + db->name;
}

/* The index folder a writer belongs to, for messages: a shard's parent. */
static std::string index_dir(const lede_db_t *db) {
  if (!db->name.empty())
    return db->dir;
  size_t slash = db->dir.rfind('/');
  return slash == std::string::npos ? std::string(".") : db->dir.substr(0, slash);
}

/* The one guard of every writing function: a read handle has no writer. */
static lede_status_t need_writer(const lede_db_t *db, const char *what) {
  if (db->writable && db->wdb)
    return LEDE_OK;
  return lede_error(LEDE_ERR_INVALID, "%s: %s: the index is open for reading only", db->dir.c_str(),
                    what);
}

/* fsyncs a file or folder. Returns 0, or -1 with errno set. */
static int fsync_path(const std::string &path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  int rc = fsync(fd);
  int saved = errno;
  close(fd);
  errno = saved;
  return rc;
}

/* Free space a commit must find, in bytes: a floor for the tables' root
 * blocks and version file, plus what the pending documents and spelling
 * words may take once written (measured in docs/hardening.md, with a
 * margin). */
static uint64_t room_needed(lede_db_t *db, size_t spelling_words) {
  if (!db->committed_known) {
    /* The writer sees its uncommitted documents; a reader sees the commit. */
    db->committed_lastdocid =
        Xapian::Database(db_path(db), Xapian::DB_BACKEND_GLASS).get_lastdocid();
    db->committed_known = true;
  }
  Xapian::docid last = db->wdb->get_lastdocid();
  uint64_t docs = last > db->committed_lastdocid ? last - db->committed_lastdocid : 0;
  return LEDE_COMMIT_ROOM_FLOOR + docs * LEDE_COMMIT_ROOM_PER_DOC +
         (uint64_t)spelling_words * LEDE_COMMIT_ROOM_PER_WORD;
}

/* Fails with "DIR: disk full" unless the file system holding path has need
 * bytes free (for an unprivileged user). */
static lede_status_t check_room(const lede_db_t *db, const std::string &path, uint64_t need) {
  struct statvfs vfs;
  if (statvfs(path.c_str(), &vfs) != 0)
    return LEDE_OK; /* the write itself will say what is wrong */
  uint64_t avail = (uint64_t)vfs.f_bavail * vfs.f_frsize;
  if (avail >= need)
    return LEDE_OK;
  return lede_error(LEDE_ERR_IO,
                    "%s: disk full (%llu kB free where writing may need %llu kB; "
                    "nothing since the last commit was saved)",
                    index_dir(db).c_str(), (unsigned long long)(avail >> 10),
                    (unsigned long long)(need >> 10));
}

/* Commits the open transaction and opens the next one, or fails cleanly
 * (nothing of the batch committed, the last commit intact) when the disk
 * lacks the room the commit may need: Xapian 1.4 aborts the process
 * (std::terminate) when a commit and its roll-back both run out of space
 * (docs/hardening.md). The folder is synced after each commit, so a power
 * cut cannot bring back an older version file whose blocks were reused.
 * Throws Xapian errors. */
static lede_status_t commit_now(lede_db_t *db, bool spelling) {
  std::string path = db_path(db);
  lede_status_t rc = check_room(db, path, room_needed(db, spelling ? db->words.pending.size() : 0));
  if (rc != LEDE_OK)
    return rc;
  if (spelling)
    flush_spelling(db);
  db->wdb->commit_transaction();
  db->committed_lastdocid = db->wdb->get_lastdocid();
  db->committed_known = true;
  if (!db->no_sync && fsync_path(path) != 0)
    return lede_error(LEDE_ERR_IO, "%s: cannot sync: %s", path.c_str(), strerror(errno));
  /* The first commit of a live writer also syncs the index folder: opening
   * a new index renamed its stub into place there. */
  if (!db->no_sync && !db->staged && !db->index_synced) {
    if (fsync_path(db->dir) != 0)
      return lede_error(LEDE_ERR_IO, "%s: cannot sync: %s", db->dir.c_str(), strerror(errno));
    db->index_synced = true;
  }
  db->wdb->begin_transaction(true);
  return LEDE_OK;
}

extern "C" lede_status_t lede_db_commit(lede_db_t *db) {
  lede_status_t rc = need_writer(db, "commit");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  return commit_now(db, !db->spelling_at_end || db->words.map.size() > lede_words::max_words);
  LEDE_XAPIAN_CATCH_WRITE(index_dir(db))
}

extern "C" lede_status_t lede_db_count(uint64_t *out, lede_db_t *db) {
  LEDE_XAPIAN_TRY
  *out = lede_rank_sentence_count(db->db()); /* not the article documents */
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(db->dir.c_str())
}

/* "YYYY-MM-DD" to "YYYYMMDD", or "" when date is not in that form. */
static std::string compact_date(const char *date) {
  if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
    return std::string();
  return std::string(date, 4) + std::string(date + 5, 2) + std::string(date + 8, 2);
}

/* The terms and values every document of article a carries (its sentences
 * and its article document): the article term, boolean filter terms for
 * source, place and date, the date and article-id values. Built once per
 * article. */
namespace {
struct article_terms {
  std::vector<std::string> terms;
  std::string ymd, id;

  article_terms(const lede_article_t *a, const std::string &aterm, std::string date)
      : ymd(std::move(date)), id(a->id) {
    terms.push_back(aterm);
    if (a->source && *a->source)
      terms.push_back(lede_bool_term(LEDE_PREFIX_SOURCE, a->source, true));
    if (a->place && *a->place)
      terms.push_back(lede_bool_term(LEDE_PREFIX_PLACE, a->place, true));
    if (!ymd.empty()) {
      terms.push_back(LEDE_PREFIX_DATE + ymd);
      terms.push_back(LEDE_PREFIX_YEAR + ymd.substr(0, 4));
      terms.push_back(LEDE_PREFIX_MONTH + ymd.substr(0, 6));
    }
  }

  void add_to(Xapian::Document &doc) const {
    for (const std::string &t : terms)
      doc.add_boolean_term(t);
    if (!ymd.empty())
      doc.add_value(LEDE_SLOT_DATE, ymd);
    doc.add_value(LEDE_SLOT_ARTICLE, id);
  }
};
} // namespace

extern "C" lede_status_t lede_db_put_article(lede_db_t *db, const lede_article_t *a) {
  lede_status_t rc = need_writer(db, "writing an article");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  Xapian::WritableDatabase &w = *db->wdb;
  std::string aterm = LEDE_PREFIX_ARTICLE + std::string(a->id);
  if (!db->fresh_build)
    w.delete_document(aterm);

  /* Path-dependent parts (article term, article value and id in the data
   * of every document; path and source in the article document's data)
   * are also written by lede_db_move_article():
   * keep the two in step. Sentences carry no id term of their own: an
   * article's sentences get consecutive docids in order, right below its
   * article document, which is how the search finds neighbours. */
  Xapian::TermGenerator &tg = db->tg;
  /* Stems only (phrases match stems, as in most search engines): half the
   * text terms of Xapian's STEM_SOME, which adds every word as written too
   * (docs/design.md). No positions: each sentence keeps its stems in order
   * in a value instead, which phrases are checked on (lib/xapian_phrase.cc);
   * Xapian's position table was a third of a build and of the index. */
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  tg.set_flags(0);
  /* The number of words of its sentences: the article's length, with the
   * headline's part. */
  Xapian::termcount text_len = 0;
  /* The stemmer counts the words of sentences and headline for the
   * spelling data while this is set. */
  db->words.counting = true;
  struct stop_counting {
    lede_db_t *db;
    ~stop_counting() {
      db->words.counting = false;
      db->words.sequence = nullptr;
    }
  } stop{db};
  std::string sequence;

  const article_terms shared(a, aterm, compact_date(a->date));
  /* A sentence's record holds its own fields only; the article's are
   * stored once, on the article document (lede_doc_data_encode()). */
  lede_doc_data d;
  d.article_id = a->id;
  d.nsentences = (unsigned)a->nsentences;

  for (size_t i = 0; i < a->nsentences; i++) {
    const lede_sentence_t *s = &a->sentences[i];
    Xapian::Document doc;
    tg.set_document(doc);
    sequence.clear();
    db->words.sequence = &sequence;
    db->words.sequence_len = 0;
    tg.index_text_without_positions(s->text);
    db->words.sequence = nullptr;
    /* Every word indexed is in the sequence (stems only, each with wdf 1). */
    text_len += db->words.sequence_len;
    if (!sequence.empty())
      doc.add_value(LEDE_SLOT_WORDS, sequence);
    shared.add_to(doc);
    d.text = s->text;
    d.sentence = (unsigned)i + 1;
    d.start = s->start;
    d.end = s->end;
    d.line = s->line;
    d.column = s->column;
    lede_doc_data_put(doc, d);
    w.add_document(doc);
  }
  if (a->nsentences) {
    /* The article document (xapian_rank.h): its headline's stems, which
     * serve title: searches (lib/xapian_title.cc) and the article's
     * ranking, and the record of a "sentence 0": the article's fields. */
    Xapian::Document doc;
    if (a->title && *a->title) {
      tg.set_document(doc);
      tg.index_text_without_positions(a->title, LEDE_HEADLINE_WDF, LEDE_PREFIX_TITLE);
    }
    /* The headline's words are counted once, just above. */
    db->words.counting = false;
    lede_rank_article_doc(doc, text_len);
    shared.add_to(doc);
    /* Its sentences were added just before it, so they have the docids
     * right below its own: the search finds them by arithmetic. */
    doc.add_value(LEDE_SLOT_COUNT, Xapian::sortable_serialise((double)a->nsentences));
    lede_doc_data ad;
    ad.path = a->path ? a->path : "";
    ad.source = a->source ? a->source : "";
    ad.title = a->title ? a->title : "";
    ad.date = a->date ? a->date : "";
    ad.place = a->place ? a->place : "";
    ad.article_id = a->id;
    ad.url = a->url ? a->url : "";
    for (size_t i = 0; i < a->nmeta; i++)
      ad.meta.emplace_back(a->meta[i].key, a->meta[i].value ? a->meta[i].value : "");
    lede_doc_data_put(doc, ad);
    w.add_document(doc);
  }
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(a->path ? a->path : "article")
}

extern "C" lede_status_t lede_db_finish_build(lede_db_t *db) {
  lede_status_t rc = need_writer(db, "finishing a build");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  rc = commit_now(db, true);
  if (rc == LEDE_OK)
    db->spelling_at_end = false;
  return rc;
  LEDE_XAPIAN_CATCH_WRITE(index_dir(db))
}

/* Takes the words of an article's sentences and headline back out of the
 * spelling counts, read from the documents' records and split by the same
 * TermGenerator as lede_db_put_article() counted them: without this, the
 * words of deleted text stay in the spelling data and are suggested. */
static void uncount_words(lede_db_t *db, const std::string &aterm) {
  Xapian::WritableDatabase &w = *db->wdb;
  Xapian::TermGenerator &tg = db->tg;
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  tg.set_flags(0);
  struct stop_uncounting {
    lede_words &words;
    ~stop_uncounting() {
      words.counting = words.uncounting = false;
    }
  } stop{db->words};
  db->words.counting = db->words.uncounting = true;
  for (Xapian::PostingIterator it = w.postlist_begin(aterm); it != w.postlist_end(aterm); ++it) {
    lede_doc_data d;
    if (!lede_doc_data_get(&d, w.get_document(*it)))
      continue;
    Xapian::Document scratch;
    tg.set_document(scratch);
    if (d.sentence > 0)
      tg.index_text_without_positions(d.text);
    else if (!d.title.empty()) /* the article document: its headline */
      tg.index_text_without_positions(d.title, LEDE_HEADLINE_WDF, LEDE_PREFIX_TITLE);
  }
}

extern "C" lede_status_t lede_db_delete_article(lede_db_t *db, const char *article_id) {
  lede_status_t rc = need_writer(db, "deleting an article");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  std::string aterm = LEDE_PREFIX_ARTICLE + std::string(article_id);
  uncount_words(db, aterm);
  db->wdb->delete_document(aterm);
  return LEDE_OK;
  LEDE_XAPIAN_CATCH_WRITE(index_dir(db))
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
  auto *r = static_cast<lede_file_record_t *>(lede_xcalloc(1, sizeof(lede_file_record_t)));
  r->path = lede_xstrndup(nl + 1, (size_t)(end - nl - 1));
  r->size = (uint64_t)size;
  r->mtime_ns = mtime;
  memcpy(r->hash, hash, hash_len);
  r->hash[hash_len] = '\0';
  r->sentences = (uint32_t)sentences;
  r->articles = (uint32_t)articles;
  r->article_ids = static_cast<char **>(lede_xcalloc((size_t)articles + 1, sizeof(char *)));
  for (uint32_t i = 0; i < r->articles; i++) {
    const char *comma = static_cast<const char *>(memchr(p, ',', (size_t)(nl - p)));
    const char *stop = comma ? comma : nl;
    r->article_ids[i] = lede_xstrndup(p, (size_t)(stop - p));
    p = comma ? comma + 1 : nl;
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
  lede_status_t rc = need_writer(db, "recording a file");
  if (rc != LEDE_OK)
    return rc;
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
  lede_status_t rc = need_writer(db, "forgetting a file");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  db->wdb->set_metadata(file_key(path), std::string());
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(path)
}

extern "C" lede_status_t
lede_db_foreach_file(lede_db_t *db, int (*fn)(const lede_file_record_t *, void *), void *ctx) {
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
  lede_status_t rc = need_writer(db, "setting metadata");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  db->wdb->set_metadata(LEDE_META_USER + std::string(key), value ? value : "");
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(key)
}

extern "C" lede_status_t lede_db_get_meta(char **out, lede_db_t *db, const char *key) {
  *out = nullptr;
  LEDE_XAPIAN_TRY
  std::string v = db->db().get_metadata(LEDE_META_USER + std::string(key));
  if (!v.empty())
    *out = lede_xstrdup(v.c_str());
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(key)
}

/* ---- staging, shards, merging, publishing ---- */

/* Removes a database folder that lede created: only Glass's own files are
 * unlinked, so a folder holding anything else stays (rmdir fails with
 * ENOTEMPTY). Missing is fine. Returns 0, or -1 with errno set. */
static int remove_db_dir(const std::string &path) {
  DIR *d = opendir(path.c_str());
  if (!d)
    return errno == ENOENT ? 0 : -1;
  struct dirent *e;
  while ((e = readdir(d)) != nullptr)
    if (is_glass_file(e->d_name))
      unlink((path + "/" + e->d_name).c_str());
  closedir(d);
  return rmdir(path.c_str());
}

/* fsyncs every file of a folder, then the folder itself. */
static int sync_dir(const std::string &path) {
  DIR *d = opendir(path.c_str());
  if (!d)
    return -1;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)) != nullptr) {
    if (e->d_name[0] == '.')
      continue;
    int fd = open((path + "/" + e->d_name).c_str(), O_RDONLY);
    if (fd < 0 || fsync(fd) != 0)
      rc = -1;
    if (fd >= 0)
      close(fd);
  }
  closedir(d);
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0 || fsync(fd) != 0)
    rc = -1;
  if (fd >= 0)
    close(fd);
  return rc;
}

/* Records the schema version and language in a new, empty database. */
static void init_schema(Xapian::WritableDatabase &w, const std::string &language) {
  w.set_metadata(LEDE_META_SCHEMA, std::to_string(LEDE_SCHEMA_VERSION));
  w.set_metadata(LEDE_META_LANGUAGE, language);
  w.commit();
}

/* Creates a new Glass database at path for db (whose language is set), with
 * the schema recorded, the stemmer ready and a transaction open. Throws
 * Xapian errors; the caller catches them. */
static lede_status_t start_fresh(lede_db_t *db, const std::string &path, int extra_flags) {
  lede_status_t rc = lede_xapian_stem(&db->stem, db->language.c_str(), &db->words);
  if (rc == LEDE_OK) /* init_schema() commits: the same abort as commit_now() */
    rc = check_room(db, index_dir(db), LEDE_COMMIT_ROOM_FLOOR);
  if (rc != LEDE_OK)
    return rc;
  db->no_sync = (extra_flags & Xapian::DB_NO_SYNC) != 0;
  db->wdb.reset(new Xapian::WritableDatabase(path, Xapian::DB_CREATE | extra_flags |
                                                       Xapian::DB_BACKEND_GLASS));
  init_schema(*db->wdb, db->language);
  db->committed_known = true; /* nothing but the schema: committed_lastdocid 0 */
  db->tg.set_stemmer(db->stem);
  db->wdb->begin_transaction(true);
  return LEDE_OK;
}

/* A handle for a database built from nothing (a stage or a shard): nullptr
 * when out of memory. */
static std::unique_ptr<lede_db_t> new_fresh_handle(const char *dir, const char *language) {
  std::unique_ptr<lede_db_t> db(new (std::nothrow) lede_db_t);
  if (!db)
    return db;
  db->dir = dir;
  db->writable = true;
  db->fresh_build = true;
  db->spelling_at_end = true;
  db->language = language ? language : "english";
  return db;
}

extern "C" lede_status_t lede_db_open_stage(lede_db_t **out, const char *dir,
                                            const lede_write_opts_t *opts) {
  *out = nullptr;
  std::unique_ptr<lede_db_t> db = new_fresh_handle(dir, opts ? opts->language : nullptr);
  if (!db)
    return lede_error(LEDE_ERR_NOMEM, "out of memory");
  db->staged = true;
  LEDE_XAPIAN_TRY
  if (make_dirs(db->dir) != 0)
    return lede_error(LEDE_ERR_IO, "%s: cannot create directory: %s", dir, strerror(errno));
  db->name = next_db_name(db->dir);
  if (db->name.empty())
    return lede_error(LEDE_ERR_IO, "%s: %s", dir, strerror(errno));
  drop_unless_opened drop{db.get(), db->dir + "/" + db->name};
  lede_status_t rc = start_fresh(db.get(), drop.path, 0);
  if (rc != LEDE_OK)
    return rc;
  drop.path.clear();
  *out = db.release();
  return LEDE_OK;
  LEDE_XAPIAN_CATCH_WRITE(index_dir(db.get()))
}

extern "C" lede_status_t lede_db_open_shard(lede_db_t **out, const char *path,
                                            const char *language) {
  *out = nullptr;
  std::unique_ptr<lede_db_t> db = new_fresh_handle(path, language);
  if (!db)
    return lede_error(LEDE_ERR_NOMEM, "out of memory");
  LEDE_XAPIAN_TRY
  remove_db_dir(db->dir);
  drop_unless_opened drop{db.get(), db->dir};
  /* A shard is thrown away when anything goes wrong: no fsyncs. */
  lede_status_t rc = start_fresh(db.get(), db->dir, Xapian::DB_NO_SYNC);
  if (rc != LEDE_OK)
    return rc;
  drop.path.clear();
  *out = db.release();
  return LEDE_OK;
  LEDE_XAPIAN_CATCH_WRITE(index_dir(db.get()))
}

namespace {
/* Merges metadata so that a later source's value wins (later shards hold the
 * newer file records). */
class KeepLastCompactor : public Xapian::Compactor {
public:
  std::string resolve_duplicate_metadata(const std::string &, size_t num_tags,
                                         const std::string tags[]) override {
    return tags[num_tags - 1];
  }
};
} // namespace

extern "C" lede_status_t lede_db_open_merged(lede_db_t **out, const char *dir,
                                             const char *const *shards, size_t nshards) {
  *out = nullptr;
  if (nshards == 0)
    return lede_error(LEDE_ERR_INVALID, "nothing to merge");
  std::unique_ptr<lede_db_t> db(new (std::nothrow) lede_db_t);
  if (!db)
    return lede_error(LEDE_ERR_NOMEM, "out of memory");
  db->dir = dir;
  db->writable = true;
  db->staged = true;
  LEDE_XAPIAN_TRY
  if (make_dirs(db->dir) != 0)
    return lede_error(LEDE_ERR_IO, "%s: cannot create directory: %s", dir, strerror(errno));
  Xapian::Database all;
  for (size_t i = 0; i < nshards; i++)
    all.add_database(Xapian::Database(shards[i], Xapian::DB_BACKEND_GLASS));
  db->name = next_db_name(db->dir);
  if (db->name.empty())
    return lede_error(LEDE_ERR_IO, "%s: %s", dir, strerror(errno));
  std::string path = db->dir + "/" + db->name;
  drop_unless_opened drop{db.get(), path};
  KeepLastCompactor compactor;
  all.compact(path, Xapian::DB_BACKEND_GLASS, 0, compactor);
  all.close();
  db->wdb.reset(new Xapian::WritableDatabase(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS));
  lede_status_t rc = check_schema(db.get());
  if (rc != LEDE_OK)
    return rc;
  rc = lede_xapian_stem(&db->stem, db->language.c_str(), &db->words);
  if (rc != LEDE_OK)
    return rc;
  db->tg.set_stemmer(db->stem);
  db->wdb->begin_transaction(true);
  drop.path.clear();
  *out = db.release();
  return LEDE_OK;
  LEDE_XAPIAN_CATCH_WRITE(db->dir)
}

extern "C" lede_status_t lede_db_publish(lede_db_t *db) {
  lede_status_t rc = need_writer(db, "publishing");
  if (rc != LEDE_OK)
    return rc;
  if (!db->staged)
    return lede_error(LEDE_ERR_INVALID, "%s: publishing a database that is not staged",
                      db->dir.c_str());
  LEDE_XAPIAN_TRY
  rc = lede_db_finish_build(db);
  if (rc != LEDE_OK)
    return rc;
  db->wdb->cancel_transaction(); /* commit_now() opened the next one: empty */
  db->wdb->close();
  db->wdb.reset();
  std::string path = db->dir + "/" + db->name;
  if (sync_dir(path) != 0)
    return lede_error(LEDE_ERR_IO, "%s: cannot sync: %s", path.c_str(), strerror(errno));
  std::string old;
  bool had_old = read_stub(&old, db->dir) == 0;
  rc = write_stub(db->dir, db->name);
  if (rc != LEDE_OK)
    return rc;
  db->staged = false; /* live now: lede_db_close() keeps it */
  if (fsync_path(db->dir) != 0)
    return lede_error(LEDE_ERR_IO, "%s: cannot sync: %s", db->dir.c_str(), strerror(errno));
  unlink(building_marker(db->dir, db->name).c_str());
  if (had_old && old != db->name)
    remove_db_dir(db->dir + "/" + old);
  return LEDE_OK;
  LEDE_XAPIAN_CATCH_WRITE(db->dir)
}

extern "C" lede_status_t lede_db_remove_stale(const char *dir) {
  lede_dir_state_t state;
  lede_status_t rc = lede_db_check_dir(dir, &state);
  if (rc != LEDE_OK)
    return rc; /* a damaged or foreign folder: touch nothing */
  if (state != LEDE_DIR_INDEX && state != LEDE_DIR_NEW)
    return LEDE_OK;
  std::string live;
  if (read_stub(&live, dir) != 0)
    live.clear();
  DIR *d = opendir(dir);
  if (!d)
    return errno == ENOENT ? LEDE_OK : lede_error(LEDE_ERR_IO, "%s: %s", dir, strerror(errno));
  std::vector<std::string> stale, markers;
  struct dirent *e;
  while ((e = readdir(d)) != nullptr) {
    std::string n = e->d_name;
    if (n == live || !lede_owned_entry(dir, e->d_name))
      continue;
    if (lede_db_name(e->d_name))
      stale.push_back(n);
    else if (n.compare(0, LEDE_LEN(LEDE_BUILDING_PREFIX), LEDE_BUILDING_PREFIX) == 0)
      markers.push_back(n);
  }
  closedir(d);
  /* Markers go last: a database whose removal fails keeps its own. */
  for (const std::string &n : stale)
    remove_db_dir(std::string(dir) + "/" + n);
  for (const std::string &n : markers) {
    struct stat st;
    std::string db = n.substr(LEDE_LEN(LEDE_BUILDING_PREFIX));
    if (stat((std::string(dir) + "/" + db).c_str(), &st) != 0 || db == live)
      unlink((std::string(dir) + "/" + n).c_str());
  }
  unlink((std::string(dir) + "/" LEDE_STUB_NAME ".tmp").c_str());
  return LEDE_OK;
}

extern "C" lede_status_t lede_db_remove_shard(const char *path) {
  if (remove_db_dir(path) != 0)
    return lede_error(LEDE_ERR_IO, "%s: %s", path, strerror(errno));
  return LEDE_OK;
}

extern "C" lede_status_t lede_db_move_article(lede_db_t *db, const char *old_id,
                                              const lede_article_t *a) {
  lede_status_t rc = need_writer(db, "moving an article");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  Xapian::WritableDatabase &w = *db->wdb;
  std::string old_aterm = LEDE_PREFIX_ARTICLE + std::string(old_id);
  std::vector<Xapian::docid> ids;
  for (auto p = w.postlist_begin(old_aterm); p != w.postlist_end(old_aterm); ++p)
    ids.push_back(*p);
  /* The sentences plus the article document (xapian_rank.h), if any. */
  if (ids.size() != a->nsentences && ids.size() != a->nsentences + 1)
    return lede_error(LEDE_ERR_NOT_FOUND, "%s: article %s has %zu sentences in the index, not %zu",
                      a->path ? a->path : "article", old_id, ids.size(), a->nsentences);
  std::string new_aterm = LEDE_PREFIX_ARTICLE + std::string(a->id);
  std::string source = a->source ? a->source : "";
  /* The old source is on the article document, the last of ids. */
  std::string old_source;
  lede_doc_data ad;
  if (!ids.empty() && lede_doc_data_get(&ad, w.get_document(ids.back())) && ad.sentence == 0)
    old_source = ad.source;
  /* Each document is replaced in place, so the docids keep their order. */
  for (Xapian::docid did : ids) {
    Xapian::Document doc = w.get_document(did);
    lede_doc_data d;
    if (!lede_doc_data_get(&d, doc))
      return lede_error(LEDE_ERR_CORRUPT, "%s: damaged sentence data", db->dir.c_str());
    doc.remove_term(old_aterm);
    doc.add_boolean_term(new_aterm);
    if (old_source != source) {
      if (!old_source.empty())
        doc.remove_term(lede_bool_term(LEDE_PREFIX_SOURCE, old_source, true));
      if (!source.empty())
        doc.add_boolean_term(lede_bool_term(LEDE_PREFIX_SOURCE, source, true));
    }
    doc.add_value(LEDE_SLOT_ARTICLE, a->id);
    d.article_id = a->id;
    if (d.sentence == 0) {
      d.path = a->path ? a->path : "";
      d.source = source;
    }
    lede_doc_data_put(doc, d);
    w.replace_document(did, doc);
  }
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(a->path ? a->path : "article")
}

extern "C" lede_status_t lede_db_check_layout(lede_db_t *db) {
  LEDE_XAPIAN_TRY
  Xapian::Database &x = db->db();
  const std::string marker = LEDE_TERM_ARTICLE_DOC;
  Xapian::doccount seen = 0;
  for (auto p = x.postlist_begin(marker); p != x.postlist_end(marker); ++p) {
    Xapian::docid art = *p;
    Xapian::Document adoc = x.get_document(art);
    std::string aid = adoc.get_value(LEDE_SLOT_ARTICLE);
    double count = Xapian::sortable_unserialise(adoc.get_value(LEDE_SLOT_COUNT));
    if (!(count >= 1) || count >= art)
      return lede_error(LEDE_ERR_CORRUPT, "article document %u (%s): bad sentence count",
                        (unsigned)art, aid.c_str());
    Xapian::docid first = art - (Xapian::docid)count;
    /* Its length (the ranking's): its headline stems' wdf plus its
     * sentences' lengths; the headline's part in its own marker. */
    Xapian::termcount head = 0, marked = 0, marked_head = 0;
    for (auto t = adoc.termlist_begin(); t != adoc.termlist_end(); ++t) {
      const std::string &term = *t;
      if (term == LEDE_TERM_ARTICLE_DOC)
        marked = t.get_wdf();
      else if (term == LEDE_TERM_HEADLINE)
        marked_head = t.get_wdf();
      else
        head += t.get_wdf();
    }
    Xapian::termcount len = head;
    for (Xapian::docid did = first; did < art; did++)
      len += x.get_doclength(did);
    if (marked != len || marked_head != head)
      return lede_error(
          LEDE_ERR_CORRUPT, "article %s: length %u (headline %u) recorded, %u (headline %u) found",
          aid.c_str(), (unsigned)marked, (unsigned)marked_head, (unsigned)len, (unsigned)head);
    std::string aterm = LEDE_PREFIX_ARTICLE + aid;
    Xapian::PostingIterator ap = x.postlist_begin(aterm);
    for (Xapian::docid did = first; did <= art; did++, ++ap) {
      if (ap == x.postlist_end(aterm) || *ap != did)
        return lede_error(LEDE_ERR_CORRUPT, "article %s: document %u is not one of its own",
                          aid.c_str(), (unsigned)did);
      lede_doc_data d;
      if (!lede_doc_data_get(&d, x.get_document(did)) || d.article_id != aid ||
          d.sentence != (did == art ? 0 : did - first + 1))
        return lede_error(LEDE_ERR_CORRUPT, "article %s: document %u is not sentence %u",
                          aid.c_str(), (unsigned)did, (unsigned)(did - first + 1));
    }
    if (ap != x.postlist_end(aterm))
      return lede_error(LEDE_ERR_CORRUPT, "article %s: document %u lies outside its block",
                        aid.c_str(), (unsigned)*ap);
    seen += (Xapian::doccount)count + 1;
  }
  if (seen != x.get_doccount())
    return lede_error(LEDE_ERR_CORRUPT, "%u documents belong to no article",
                      (unsigned)(x.get_doccount() - seen));
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(db->dir.c_str())
}

extern "C" lede_status_t lede_db_set_schema(lede_db_t *db, int version) {
  lede_status_t rc = need_writer(db, "setting the schema version");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  db->wdb->set_metadata(LEDE_META_SCHEMA, std::to_string(version));
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(db->dir.c_str())
}

extern "C" void lede_db_set_new_articles_only(lede_db_t *db, int on) {
  db->fresh_build = on != 0;
}
