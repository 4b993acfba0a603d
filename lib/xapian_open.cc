/*
 * xapian_open.cc - an index folder and its pair of databases: what a folder
 * holds, opening for reading or writing, commits, staged builds and their
 * publishing.
 *
 * An index folder holds db-N/sentences and db-N/articles (lib/layout.h) and
 * the symbolic link "current" naming the live db-N, so that a rebuilt pair
 * is swapped in by renaming one link: readers (and xapian-tcpsrv, which
 * opens INDEX/current/... per connection) see the old pair or the new one,
 * never a mix. A writer works inside a Xapian transaction on each database;
 * lede_db_commit() commits sentences, then articles (which holds the file
 * records): a crash between the two leaves sentences one commit ahead,
 * which the next writer repairs (repair_pair()) and the file records make
 * it redo. Every commit goes through commit_now(), which first checks that
 * the disk has room (a commit that runs out of space aborts inside Xapian
 * 1.4, docs/hardening.md) and afterwards syncs the database folders.
 */
#include "xapian_internal.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sys/resource.h>
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

/* Free space under which a write error is taken for a full disk. */
#define LEDE_DISK_FULL_BYTES (4u << 20)

/* A Xapian error that is a full disk (its system error, or its message
 * quoting one: ENOSPC, EDQUOT, EFBIG) said as one, naming the inodes when they
 * are what ran out (a disk with space left said "locked by another
 * writer" or "damaged"); else LEDE_OK. */
static lede_status_t full_disk(const std::string &dir, const Xapian::Error &e) {
  const char *why = e.get_error_string();
  const std::string &msg = e.get_msg();
  for (int code : {ENOSPC, EDQUOT, EFBIG}) {
    const char *text = strerror(code);
    if ((why && strcmp(why, text) == 0) || msg.find(text) != std::string::npos) {
      struct statvfs fs;
      bool inodes =
          code == ENOSPC && statvfs(dir.c_str(), &fs) == 0 && fs.f_files > 0 && fs.f_favail == 0;
      bool quoted = msg.find(text) != std::string::npos; /* not said twice */
      return ledei_error(LEDE_ERR_IO, "%s: disk full%s (%s%s%s)", dir.c_str(),
                         inodes ? ", no free inodes (files) left" : "", msg.c_str(),
                         quoted ? "" : ": ", quoted ? "" : text);
    }
  }
  return LEDE_OK;
}

lede_status_t ledei_xapian_write_error(const std::string &dir) {
  try {
    throw;
  } catch (const Xapian::Error &e) {
    if (lede_status_t full = full_disk(dir, e))
      return full;
    /* A failed commit that Xapian reports as another error (it could not
     * reopen the old revision either) carries no system error: the file
     * system's free space tells. */
    struct statvfs fs;
    if (statvfs(dir.c_str(), &fs) == 0 &&
        (unsigned long long)fs.f_bavail * fs.f_frsize < LEDE_DISK_FULL_BYTES)
      return ledei_error(LEDE_ERR_IO, "%s: disk full (%llu kB free; %s)", dir.c_str(),
                         (unsigned long long)fs.f_bavail * fs.f_frsize / 1024, e.get_msg().c_str());
    return ledei_xapian_error(dir.c_str());
  } catch (...) {
    return ledei_xapian_error(dir.c_str());
  }
}

/* 1 when name has the shape of a pair lede creates in an index folder
 * (db-N, or a parallel build's tmp-PID-K: digits, not "db-2024-06-02"). */
static bool pair_name(const char *name) {
  const char *p;
  int dashes;
  if (strncmp(name, LEDE_DB_PREFIX, LEDE_LEN(LEDE_DB_PREFIX)) == 0) {
    p = name + LEDE_LEN(LEDE_DB_PREFIX);
    dashes = 0;
  } else if (strncmp(name, LEDE_SHARD_PREFIX, LEDE_LEN(LEDE_SHARD_PREFIX)) == 0) {
    p = name + LEDE_LEN(LEDE_SHARD_PREFIX);
    dashes = 1;
  } else {
    return false;
  }
  bool digit = false;
  for (; *p; p++) {
    if (*p >= '0' && *p <= '9') {
      digit = true;
    } else if (*p == '-' && digit && dashes > 0) {
      dashes--;
      digit = false;
    } else {
      return false;
    }
  }
  return digit && dashes == 0;
}

/* Reads the "current" link's pair name into *name. Returns 0, or -1 with
 * errno set (ENOENT when there is no link, EINVAL when it is not one of
 * ours: not a link, or naming something other than a db-N beside it). */
static int read_current(std::string *name, const std::string &dir) {
  char buf[256];
  ssize_t n = readlink((dir + "/" LEDE_CURRENT).c_str(), buf, sizeof buf - 1);
  if (n < 0) {
    if (errno != ENOENT)
      errno = EINVAL;
    return -1;
  }
  buf[n] = '\0';
  if (strncmp(buf, LEDE_DB_PREFIX, LEDE_LEN(LEDE_DB_PREFIX)) != 0 || !pair_name(buf)) {
    errno = EINVAL;
    return -1;
  }
  *name = buf;
  return 0;
}

/* Reads the stub of an index before schema 9 ("glass db-N"): a stub that
 * names anything but a db-N beside it is not lede's (Xapian writes such
 * stubs for anyone's databases). */
static int read_old_stub(std::string *name, const std::string &dir) {
  std::ifstream in(dir + "/" LEDE_OLD_STUB);
  std::string backend;
  if (!in || !(in >> backend >> *name) || backend != "glass" ||
      strncmp(name->c_str(), LEDE_DB_PREFIX, LEDE_LEN(LEDE_DB_PREFIX)) != 0 ||
      !pair_name(name->c_str()))
    return -1;
  return 0;
}

/* 1 when the Glass database at path is lede's: it carries lede's schema
 * key, as every lede index has since the first. */
static bool has_lede_schema(const std::string &path) {
  try {
    return !Xapian::Database(path, Xapian::DB_BACKEND_GLASS).get_metadata(LEDE_META_SCHEMA).empty();
  } catch (const Xapian::Error &) {
    return false;
  }
}

/* 1 when name is one of the files Xapian's Glass backend keeps in a
 * database folder: its version file (and "v.tmp", the next one being
 * written), its lock, and its tables. Nothing else: a user's "report.tmp"
 * in a folder named like lede's is not Xapian's. */
static bool is_glass_file(const char *name) {
  if (strcmp(name, "iamglass") == 0 || strcmp(name, "flintlock") == 0 || strcmp(name, "v.tmp") == 0)
    return true;
  static const char *const tables[] = {"postlist", "position", "termlist",
                                       "spelling", "synonym",  "docdata"};
  for (const char *t : tables) {
    size_t n = strlen(t);
    if (strncmp(name, t, n) == 0 &&
        (strcmp(name + n, ".glass") == 0 || strcmp(name + n, ".tmp") == 0))
      return true;
  }
  return false;
}

/* What a folder inside an index folder is, judged by its contents:
 * FOLDER_PARTIAL holds only what lede writes but not all of it yet (a pair
 * being created, or a removal cut short). */
enum folder_kind { FOLDER_OTHER, FOLDER_EMPTY, FOLDER_PARTIAL, FOLDER_GLASS };

static folder_kind classify_glass(const std::string &path) {
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

/* A pair folder: "sentences" and "articles", each a Glass database. A
 * folder of Glass files alone is a database of an index before schema 9. */
static folder_kind classify_pair(const std::string &path, bool *old = nullptr) {
  if (old)
    *old = false;
  DIR *d = opendir(path.c_str());
  if (!d)
    return FOLDER_OTHER;
  int kinds = 0, glass = 0;
  bool any = false, files = false, foreign = false;
  struct dirent *e;
  while ((e = readdir(d)) != nullptr) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    any = true;
    if (strcmp(e->d_name, LEDE_SENTENCES) == 0 || strcmp(e->d_name, LEDE_ARTICLES) == 0) {
      folder_kind k = classify_glass(path + "/" + e->d_name);
      if (k == FOLDER_OTHER)
        foreign = true;
      kinds++;
      glass += k == FOLDER_GLASS;
    } else if (is_glass_file(e->d_name)) {
      files = true;
    } else {
      foreign = true;
    }
  }
  closedir(d);
  if (!any)
    return FOLDER_EMPTY;
  if (foreign || (files && kinds))
    return FOLDER_OTHER;
  if (files) { /* schema 8 or older: one Glass database */
    if (old)
      *old = true;
    return classify_glass(path);
  }
  return glass == 2 ? FOLDER_GLASS : FOLDER_PARTIAL;
}

/* The file that marks pair name as an unfinished build (a new index or
 * --rebuild not yet published): created before the pair, removed once
 * "current" names it. */
static std::string building_marker(const std::string &dir, const std::string &name) {
  return dir + "/" LEDE_BUILDING_PREFIX + name;
}

/* The name for a new pair beside the live one: db-N with N above every
 * pair folder present, marked as an unfinished build until
 * ledei_db_publish(). Returns "" with errno set when the marker cannot be
 * created. */
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
 * creates there and may remove or overwrite again, by name and by what it
 * is: its lock file (a file of its writer's pid, or empty), a link being
 * replaced, a stub being written, an empty marker, or a pair folder
 * holding only what lede writes. A user's "lock" of notes, or a link
 * named "lock", is not lede's. */
static bool ledei_owned_entry(const std::string &dir, const char *name) {
  std::string path = dir + "/" + name;
  struct stat st;
  if (lstat(path.c_str(), &st) != 0)
    return false;
  if (strcmp(name, "lock") == 0) {
    if (!S_ISREG(st.st_mode) || st.st_size > 64)
      return false;
    char buf[65] = {0};
    int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) /* out of descriptors, or not ours to read: no writer could use it either */
      return true;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    return n == 0 || (n > 0 && buf[0] >= '0' && buf[0] <= '9');
  }
  if (strcmp(name, LEDE_CURRENT ".tmp") == 0)
    return S_ISLNK(st.st_mode);
  if (strcmp(name, LEDE_OLD_STUB ".tmp") == 0)
    return S_ISREG(st.st_mode) && st.st_size < 256;
  if (strncmp(name, LEDE_BUILDING_PREFIX, LEDE_LEN(LEDE_BUILDING_PREFIX)) == 0)
    return pair_name(name + LEDE_LEN(LEDE_BUILDING_PREFIX)) && S_ISREG(st.st_mode) &&
           st.st_size == 0;
  return pair_name(name) && S_ISDIR(st.st_mode) && classify_pair(path) != FOLDER_OTHER;
}

/* 1 when the process is out of file descriptors: syserr (a Xapian error's
 * system error, or null) says so, or the few files that opening an index
 * holds at once (a database's tables, nested folders) cannot be opened now
 * for that reason (the failed open released its own). An index that could
 * not be opened for want of descriptors is not damaged. */
static bool out_of_descriptors(const char *syserr) {
  if (syserr && (strcmp(syserr, strerror(EMFILE)) == 0 || strcmp(syserr, strerror(ENFILE)) == 0))
    return true;
  int fds[8], n = 0, err = 0;
  while (n < 8 && (fds[n] = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0)
    n++;
  if (n < 8)
    err = errno;
  while (n > 0)
    close(fds[--n]);
  return err == EMFILE || err == ENFILE;
}

static lede_status_t too_many_files(const char *dir) {
  struct rlimit r;
  char limit[64] = "";
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur != RLIM_INFINITY)
    snprintf(limit, sizeof limit, " (the limit is %llu: 'ulimit -n' raises it)",
             (unsigned long long)r.rlim_cur);
  return ledei_error(LEDE_ERR_IO, "%s: %s, opening the index%s", dir, strerror(EMFILE), limit);
}

static lede_status_t damaged_folder(const char *dir, const std::string &what) {
  if (out_of_descriptors(nullptr))
    return too_many_files(dir);
  return ledei_error(LEDE_ERR_CORRUPT,
                     "%s: the index is damaged: %s; nothing was deleted. Rebuild it with "
                     "'lede-index --index %s --rebuild PATH...'",
                     dir, what.c_str(), dir);
}

/* The first folder of pair (itself, then its two databases) that cannot be
 * read for want of permission, or "": such a pair is not damaged. */
static std::string unreadable_folder(const std::string &pair) {
  for (const char *sub : {"", "/" LEDE_SENTENCES, "/" LEDE_ARTICLES}) {
    std::string p = pair + sub;
    DIR *d = opendir(p.c_str());
    if (d)
      closedir(d);
    else if (errno == EACCES || errno == EPERM)
      return p;
  }
  return "";
}

extern "C" lede_status_t ledei_db_check_dir(const char *dir, lede_dir_state_t *state) {
  *state = LEDE_DIR_NEW;
  struct stat st;
  if (stat(dir, &st) != 0) {
    if (errno == ENOENT)
      return LEDE_OK;
    return ledei_error(LEDE_ERR_IO, "%s: %s", dir, strerror(errno));
  }
  /* The folder is classified by reading it, a few files at once: short of
   * descriptors, a folder that cannot be read would look like another's. */
  if (out_of_descriptors(nullptr))
    return too_many_files(dir);
  if (!S_ISDIR(st.st_mode))
    return ledei_error(LEDE_ERR_INVALID, "%s: exists and is not a directory", dir);
  std::string d = dir;
  std::string name;
  bool old = false;
  bool linked = read_current(&name, d) == 0;
  bool link_bad = !linked && errno == EINVAL;
  if (linked && classify_pair(d + "/" + name) == FOLDER_GLASS) {
    *state = LEDE_DIR_INDEX;
    return LEDE_OK;
  }
  std::string linked_name = linked ? name : "";
  if (linked) { /* a pair that cannot be read for want of permission is not damaged */
    std::string locked = unreadable_folder(d + "/" + linked_name);
    if (!locked.empty())
      return ledei_error(LEDE_ERR_IO, "%s: %s", locked.c_str(), strerror(EACCES));
  }
  /* A stub of an earlier schema's index (XAPIANDB, "glass db-N"): lede's
   * when the database it names is lede's, or is missing or unfinished;
   * anyone else's otherwise (Xapian writes such stubs for any database). */
  bool stub_foreign = false;
  struct stat sst;
  if (!linked && lstat((d + "/" LEDE_OLD_STUB).c_str(), &sst) == 0) {
    if (!S_ISREG(sst.st_mode) || read_old_stub(&name, d) != 0) {
      stub_foreign = true;
    } else {
      folder_kind k = classify_pair(d + "/" + name, &old);
      if (k == FOLDER_GLASS && old && !link_bad) {
        if (has_lede_schema(d + "/" + name)) { /* opening it says to rebuild */
          *state = LEDE_DIR_INDEX;
          return LEDE_OK;
        }
        stub_foreign = true; /* someone's own Xapian database */
      } else if (k == FOLDER_OTHER && access((d + "/" + name).c_str(), F_OK) == 0) {
        stub_foreign = true;
      }
    }
  }
  DIR *dh = opendir(dir);
  if (!dh)
    return ledei_error(LEDE_ERR_IO, "%s: %s", dir, strerror(errno));
  std::string database, foreign;
  bool stub = false, evidence = false;
  struct dirent *e;
  while ((e = readdir(dh)) != nullptr) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
        strcmp(e->d_name, LEDE_CURRENT) == 0)
      continue;
    if (strcmp(e->d_name, LEDE_OLD_STUB) == 0) {
      stub = true;
      if (stub_foreign && foreign.empty())
        foreign = e->d_name;
      continue;
    }
    if (!ledei_owned_entry(d, e->d_name)) {
      if (foreign.empty())
        foreign = e->d_name;
      continue;
    }
    evidence |= pair_name(e->d_name);
    if (database.empty() && strncmp(e->d_name, LEDE_DB_PREFIX, LEDE_LEN(LEDE_DB_PREFIX)) == 0 &&
        classify_pair(d + "/" + e->d_name) == FOLDER_GLASS &&
        access(building_marker(d, e->d_name).c_str(), F_OK) != 0)
      database = e->d_name; /* published (an unfinished build carries its marker) */
  }
  closedir(dh);
  /* Anything lede did not create makes the folder not an index, whatever
   * its "current" or stub say: a damaged index is one of lede's files
   * alone, which a --rebuild may replace. "current" that is not lede's
   * link, beside nothing of lede's, is someone's own. */
  if (foreign.empty() && link_bad && !evidence)
    foreign = LEDE_CURRENT;
  if (!foreign.empty() && out_of_descriptors(nullptr)) /* its folders could not be read */
    return too_many_files(dir);
  if (!foreign.empty()) {
    *state = LEDE_DIR_FOREIGN;
    return ledei_error(LEDE_ERR_INVALID,
                       "%s: not a lede index: the folder holds files lede did not create (such as "
                       "'%s'); give --index a new or empty folder",
                       dir, foreign.c_str());
  }
  if (linked) {
    *state = LEDE_DIR_DAMAGED;
    return damaged_folder(dir, "its link '" LEDE_CURRENT "' names database '" + linked_name +
                                   "', which is missing or incomplete");
  }
  if (link_bad) {
    *state = LEDE_DIR_DAMAGED;
    return damaged_folder(dir, "'" LEDE_CURRENT "' is not a link to a db-N folder beside it");
  }
  if (stub) {
    *state = LEDE_DIR_DAMAGED;
    return damaged_folder(dir, "its stub " LEDE_OLD_STUB " names no database");
  }
  if (!database.empty() && read_current(&name, d) == 0) {
    /* A first build published while the folder was read: its link came
     * after the reading of the link above, its marker went before the
     * marker check. */
    *state = LEDE_DIR_INDEX;
    return LEDE_OK;
  }
  if (!database.empty()) {
    *state = LEDE_DIR_DAMAGED;
    return damaged_folder(dir, "its link '" LEDE_CURRENT
                               "' is missing, but the folder holds database '" +
                                   database + "'");
  }
  return LEDE_OK; /* empty, or only what an interrupted first run left */
}

extern "C" int ledei_db_is_index(const char *dir) {
  std::string d = dir, name;
  return read_current(&name, d) == 0 || read_old_stub(&name, d) == 0;
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

/* Points "current" at name, atomically (a new link renamed over it). */
static lede_status_t write_current(const std::string &dir, const std::string &name) {
  std::string tmp = dir + "/" LEDE_CURRENT ".tmp";
  unlink(tmp.c_str());
  if (symlink(name.c_str(), tmp.c_str()) != 0 ||
      rename(tmp.c_str(), (dir + "/" LEDE_CURRENT).c_str()) != 0) {
    int saved = errno;
    unlink(tmp.c_str());
    return ledei_error(LEDE_ERR_IO, "%s/%s: %s", dir.c_str(), LEDE_CURRENT, strerror(saved));
  }
  return LEDE_OK;
}

/* Checks a database's schema version; sets *language from it. "" schema:
 * new and empty (only a writer's own). */
static lede_status_t check_schema(const Xapian::Database &x, const std::string &where,
                                  std::string *language) {
  std::string schema = x.get_metadata(LEDE_META_SCHEMA);
  if (schema.empty())
    return ledei_error(LEDE_ERR_VERSION, "%s: not a lede index (no schema version)", where.c_str());
  if (schema != std::to_string(LEDE_SCHEMA_VERSION))
    return ledei_error(LEDE_ERR_VERSION,
                       "%s: index has schema version %s but this lede reads version %d; "
                       "rebuild it with 'lede-index --index %s --rebuild PATH...'",
                       where.c_str(), schema.c_str(), LEDE_SCHEMA_VERSION, where.c_str());
  *language = x.get_metadata(LEDE_META_LANGUAGE);
  if (language->empty())
    *language = "english";
  return LEDE_OK;
}

/* Checks the two halves of an index belong together (one build) and have
 * its schema; sets *language. */
static lede_status_t check_pair(const Xapian::Database &s, const Xapian::Database &a,
                                const std::string &where, std::string *language) {
  std::string ls, la;
  lede_status_t rc = check_schema(s, where, &ls);
  if (rc == LEDE_OK)
    rc = check_schema(a, where, &la);
  if (rc != LEDE_OK)
    return rc;
  if (ls != la || s.get_metadata(LEDE_META_BUILD) != a.get_metadata(LEDE_META_BUILD)) {
    if (where.compare(0, 6, "tcp://") == 0) /* rebuilt where it is served */
      return ledei_error(LEDE_ERR_CORRUPT,
                         "%s: the index is damaged (its sentences and articles are of "
                         "different builds); rebuild it with 'lede-index --rebuild' where "
                         "lede-serve serves it",
                         where.c_str());
    return ledei_error(LEDE_ERR_CORRUPT,
                       "%s: the index is damaged (its sentences and articles are of different "
                       "builds); rebuild it with 'lede-index --index %s --rebuild PATH...'",
                       where.c_str(), where.c_str());
  }
  *language = ls;
  return LEDE_OK;
}

/* The error for an index whose link is sound but whose databases Xapian
 * cannot open or read: call inside a catch block. */
static lede_status_t damaged(const char *dir, const Xapian::Error &e) {
  if (lede_status_t full = full_disk(dir, e))
    return full;
  const std::string &why = e.get_msg();
  if (out_of_descriptors(e.get_error_string()))
    return too_many_files(dir);
  return ledei_error(LEDE_ERR_CORRUPT,
                     "%s: the index is damaged (%s); rebuild it with 'lede-index --index %s "
                     "--rebuild PATH...'",
                     dir, why.c_str(), dir);
}

lede_status_t ledei_open_error(const char *dir) {
  try {
    throw;
  } catch (const Xapian::DatabaseOpeningError &e) {
    return damaged(dir, e);
  } catch (const Xapian::DatabaseCorruptError &e) {
    return damaged(dir, e);
  } catch (const Xapian::DatabaseLockError &e) {
    if (lede_status_t full = full_disk(dir, e))
      return full;
    return ledei_xapian_error(dir);
  } catch (const Xapian::DatabaseModifiedError &) {
    return ledei_xapian_error(dir);
  } catch (const Xapian::DatabaseError &e) {
    /* Without a system error it is the data ("EOF reading block"). */
    if (!e.get_error_string() || !*e.get_error_string())
      return damaged(dir, e);
    if (lede_status_t full = full_disk(dir, e))
      return full;
    return ledei_xapian_error(dir);
  } catch (...) {
    return ledei_xapian_error(dir);
  }
}

extern "C" int ledei_db_unfinished(const char *dir) {
  lede_dir_state_t state;
  if (ledei_db_check_dir(dir, &state) != LEDE_OK ||
      (state != LEDE_DIR_NEW && state != LEDE_DIR_INDEX))
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

/* The error for a folder with no readable link: damaged, not an index, or
 * no index at all (LEDE_ERR_NOT_FOUND). */
static lede_status_t no_index(const char *dir) {
  lede_dir_state_t state;
  lede_status_t rc = ledei_db_check_dir(dir, &state);
  if (rc != LEDE_OK)
    return rc;
  std::string name;
  if (state == LEDE_DIR_INDEX && read_old_stub(&name, dir) == 0)
    return ledei_error(LEDE_ERR_VERSION,
                       "%s: index was written by an earlier lede (schema 8 or older) and this "
                       "lede reads version %d; rebuild it with 'lede-index --index %s --rebuild "
                       "PATH...'",
                       dir, LEDE_SCHEMA_VERSION, dir);
  return ledei_error(LEDE_ERR_NOT_FOUND, "%s: no index here", dir);
}

/* ---- the pair's metadata and the commit protocol ---- */

static unsigned long commit_count(const Xapian::Database &x) {
  return strtoul(x.get_metadata(LEDE_META_COMMIT).c_str(), nullptr, 10);
}

/* Records the schema, language and a new build id in a pair: a new one,
 * or one just merged from shards (each with its own id). */
static void init_pair(lede_db_t *db) {
  std::random_device rd;
  char build[33];
  snprintf(build, sizeof build, "%08x%08x%08x%08x", rd(), rd(), rd(), rd());
  for (Xapian::WritableDatabase *w : {db->ws.get(), db->wa.get()}) {
    w->set_metadata(LEDE_META_SCHEMA, std::to_string(LEDE_SCHEMA_VERSION));
    w->set_metadata(LEDE_META_LANGUAGE, db->language);
    w->set_metadata(LEDE_META_BUILD, build);
    w->commit();
  }
}

/* A writer's pair after a crash between its two commits: sentences one
 * commit ahead of articles. The articles of that batch (lede:pending) are
 * made to agree: sentences of an article articles does not know are
 * deleted, and so is an article document left without sentences; the
 * file records, from the earlier commit, then make lede-index redo the
 * batch's files. Runs inside the writer's transactions and commits. */
static void repair_pair(lede_db_t *db) {
  Xapian::WritableDatabase &s = *db->ws, &a = *db->wa;
  unsigned long cs = commit_count(s), ca = commit_count(a);
  if (cs == ca)
    return;
  std::string pending = s.get_metadata(LEDE_META_PENDING);
  size_t pos = 0;
  while (pos < pending.size()) {
    size_t nl = pending.find('\n', pos);
    if (nl == std::string::npos)
      nl = pending.size();
    std::string term = LEDE_PREFIX_ARTICLE + pending.substr(pos, nl - pos);
    pos = nl + 1;
    bool in_s = s.term_exists(term), in_a = a.term_exists(term);
    if (in_s && !in_a)
      s.delete_document(term);
    else if (in_a && !in_s)
      a.delete_document(term);
  }
  unsigned long n = std::max(cs, ca);
  s.set_metadata(LEDE_META_COMMIT, std::to_string(n));
  s.set_metadata(LEDE_META_PENDING, std::string());
  a.set_metadata(LEDE_META_COMMIT, std::to_string(n));
  s.commit_transaction();
  a.commit_transaction();
  s.begin_transaction(true);
  a.begin_transaction(true);
  db->commits = n;
}

/* The folder of the pair a writer writes: DIR/db-N, or a shard's own. */
static std::string pair_path(const lede_db_t *db) {
  return db->name.empty() ? db->dir : db->dir + "/" + db->name;
}

/* The index folder a writer belongs to, for messages: a shard's parent. */
static std::string index_dir(const lede_db_t *db) {
  if (!db->name.empty())
    return db->dir;
  size_t slash = db->dir.rfind('/');
  return slash == std::string::npos ? std::string(".") : db->dir.substr(0, slash);
}

lede_status_t ledei_need_writer(const lede_db_t *db, const char *what) {
  if (db->writable && db->ws && db->wa)
    return LEDE_OK;
  return ledei_error(LEDE_ERR_INVALID, "%s: %s: the index is open for reading only",
                     db->dir.c_str(), what);
}

/* Glass's block size for the tables of a new pair, in bytes: Xapian's
 * default, against which 2-16 KB were measured (docs/bench-growth.md,
 * "Twelfth session"). A database keeps the size it was created with. */
static const int LEDE_BLOCK_SIZE = 8192;

/* LEDE_BLOCK_SIZE, or $LEDE_DEV_BLOCK_SIZE (a power of two from 2048 to
 * 65536) to measure another: for development only. */
static int block_size() {
  const char *v = getenv("LEDE_DEV_BLOCK_SIZE");
  long n = v ? strtol(v, nullptr, 10) : 0;
  return n >= 2048 && n <= 65536 && (n & (n - 1)) == 0 ? (int)n : LEDE_BLOCK_SIZE;
}

/* Opens both databases of the pair at path for writing (creating them when
 * create), with the stemmer ready and transactions open. */
static void open_pair_write(lede_db_t *db, const std::string &path, int flags) {
  int bs = block_size(); /* used by Xapian only when it creates the database */
  db->ws.reset(new Xapian::WritableDatabase(path + "/" LEDE_SENTENCES,
                                            flags | Xapian::DB_BACKEND_GLASS, bs));
  db->wa.reset(
      new Xapian::WritableDatabase(path + "/" LEDE_ARTICLES, flags | Xapian::DB_BACKEND_GLASS, bs));
}

static void begin(lede_db_t *db) {
  db->committed_lastdocid = db->ws->get_lastdocid();
  db->commits = commit_count(*db->ws);
  db->tg.set_stemmer(db->stem);
  db->ws->begin_transaction(true);
  db->wa->begin_transaction(true);
}

extern "C" lede_status_t lede_db_open_write(lede_db_t **out, const char *dir,
                                            const lede_write_opts_t *opts) {
  *out = nullptr;
  if (opts && ledei_check_opts("lede_write_opts_t", opts->version, LEDE_WRITE_OPTS_VERSION))
    return LEDE_ERR_INVALID;
  const char *want_lang = opts && opts->language ? opts->language : nullptr;
  std::unique_ptr<lede_db_t> db(new (std::nothrow) lede_db_t);
  if (!db)
    return ledei_error(LEDE_ERR_NOMEM, "out of memory");
  db->dir = dir;
  db->writable = true;
  try {
    lede_dir_state_t state;
    lede_status_t rc = ledei_db_check_dir(dir, &state);
    if (rc != LEDE_OK)
      return rc; /* damaged or not an index: touch nothing */
    std::string name;
    bool fresh = state == LEDE_DIR_NEW;
    if (fresh) {
      if (!(opts && opts->create))
        return ledei_error(LEDE_ERR_NOT_FOUND, "%s: no index here", dir);
      db->language = want_lang ? want_lang : "english";
      rc = ledei_xapian_stem(&db->stem, db->language.c_str(), &db->words);
      if (rc != LEDE_OK)
        return rc; /* an unknown language creates nothing */
      if (make_dirs(db->dir) != 0)
        return ledei_error(LEDE_ERR_IO, "%s: cannot create directory: %s", dir, strerror(errno));
      name = next_db_name(db->dir);
      if (name.empty())
        return ledei_error(LEDE_ERR_IO, "%s: %s", dir, strerror(errno));
      std::string path = db->dir + "/" + name;
      if (mkdir(path.c_str(), 0777) != 0)
        return ledei_error(LEDE_ERR_IO, "%s: %s", path.c_str(), strerror(errno));
      open_pair_write(db.get(), path, Xapian::DB_CREATE_OR_OVERWRITE);
      init_pair(db.get());
      rc = write_current(db->dir, name);
      if (rc != LEDE_OK)
        return rc;
      unlink(building_marker(db->dir, name).c_str());
      /* The new link made durable now, by its writer: commits sync only
       * their database folders (the index folder once a run cost an
       * fsync more to every later update). */
      if (fsync_path(db->dir) != 0)
        return ledei_error(LEDE_ERR_IO, "%s: cannot sync: %s", dir, strerror(errno));
    } else {
      if (read_current(&name, db->dir) != 0)
        return no_index(dir);
      open_pair_write(db.get(), db->dir + "/" + name, Xapian::DB_OPEN);
      rc = check_pair(*db->ws, *db->wa, db->dir, &db->language);
      if (rc != LEDE_OK)
        return rc;
      if (want_lang && db->language != want_lang)
        return ledei_error(LEDE_ERR_INVALID,
                           "%s: index was built with language '%s', not '%s'; use --rebuild to "
                           "change it",
                           dir, db->language.c_str(), want_lang);
      rc = ledei_xapian_stem(&db->stem, db->language.c_str(), &db->words);
      if (rc != LEDE_OK)
        return rc;
    }
    db->name = name;
    begin(db.get());
    repair_pair(db.get());
    *out = db.release();
    return LEDE_OK;
  } catch (...) {
    return ledei_open_error(dir);
  }
}

/* Opens part p's pair (local or remote) into s and a. */
static void open_part(lede_db_t *db, ledei_part &p, Xapian::Database *s, Xapian::Database *a) {
  if (!p.host.empty()) {
    *s = Xapian::Remote::open(p.host, p.port, db->timeout_ms, db->timeout_ms);
    *a = Xapian::Remote::open(p.host, p.port + 1, db->timeout_ms, db->timeout_ms);
    p.build = s->get_metadata(LEDE_META_BUILD);
    p.checked = (long)time(nullptr);
    return;
  }
  std::string name;
  if (read_current(&name, p.dir) != 0)
    throw Xapian::DatabaseOpeningError("no index link");
  std::string path = p.dir + "/" + name;
  *s = Xapian::Database(path + "/" LEDE_SENTENCES, Xapian::DB_BACKEND_GLASS);
  *a = Xapian::Database(path + "/" LEDE_ARTICLES, Xapian::DB_BACKEND_GLASS);
  p.target = name;
}

/* Pauses before attempt + 1 at opening a pair a writer is changing (2 to
 * 32 ms, longer each time); false, without pausing, after 5 attempts. */
static bool pause_to_retry(int attempt) {
  if (attempt >= 5)
    return false;
  usleep(2000u << attempt);
  return true;
}

lede_status_t ledei_open_parts(lede_db_t *db) {
  std::unique_ptr<Xapian::Database> rs(new Xapian::Database), ra(new Xapian::Database);
  std::vector<Xapian::Database> each, each_articles, every_articles, every_sentences;
  std::string language;
  /* Each index's sentence database by its UUID (Glass's, served too): the
   * same index under two names (a path with a trailing slash, a link, a
   * copy, a local index and its server) would be searched twice. */
  std::map<std::string, const char *> seen;
  for (ledei_part &p : db->parts) {
    const char *where = p.spec.c_str();
    try {
      for (int attempt = 0;; attempt++) {
        Xapian::Database s, a;
        std::string lang;
        lede_status_t rc;
        bool between;
        try {
          open_part(db, p, &s, &a);
          rc = check_pair(s, a, p.spec, &lang);
          between = rc == LEDE_OK && commit_count(s) != commit_count(a);
        } catch (const Xapian::DatabaseOpeningError &) {
          if (!p.host.empty())
            throw;
          std::string name;
          if (read_current(&name, p.dir) != 0)
            return no_index(where);
          /* A rebuild swapped the link and removed the pair meanwhile. */
          if (attempt >= 5 || name == p.target) {
            lede_dir_state_t state;
            if (ledei_db_check_dir(where, &state) != LEDE_OK)
              return LEDE_ERR_CORRUPT;
            throw;
          }
          p.target = name;
          continue;
        } catch (const Xapian::DatabaseModifiedError &) {
          /* A writer committed twice while the pair was opened or read. */
          if (!pause_to_retry(attempt))
            throw;
          continue;
        } catch (const Xapian::DatabaseCorruptError &) {
          /* Or reused a block of the revision being opened ("Expected
           * block N to be level M"): opening again clears it. A damaged
           * index fails every time and is reported. */
          if (!p.host.empty() || !pause_to_retry(attempt))
            throw;
          continue;
        }
        /* A served index's two databases are two servers' connections,
         * each opening the index's link as it is then: one before a
         * --rebuild's swap, one after. Connecting again mends it; a pair
         * truly of two builds fails every time. */
        if (rc == LEDE_ERR_CORRUPT && !p.host.empty() && pause_to_retry(attempt))
          continue;
        if (rc != LEDE_OK)
          return rc;
        if (between && pause_to_retry(attempt)) /* a writer between its two commits */
          continue;
        if (!language.empty() && lang != language)
          return ledei_error(LEDE_ERR_INVALID,
                             "%s: index is in %s, not %s like %s; indexes searched together "
                             "must share a language",
                             where, lang.c_str(), language.c_str(), db->parts[0].spec.c_str());
        language = lang;
        std::string uuid = s.get_uuid();
        if (!uuid.empty() && !seen.emplace(uuid, where).second)
          return ledei_error(LEDE_ERR_INVALID,
                             "%s: the same index as %s (under another name, or a copy); an "
                             "index is searched once",
                             where, seen[uuid]);
        rs->add_database(s);
        ra->add_database(a);
        every_articles.push_back(a);
        every_sentences.push_back(s);
        if (p.host.empty()) {
          each.push_back(s);
          each_articles.push_back(a);
        }
        break;
      }
    } catch (const Xapian::NetworkError &e) {
      return ledei_error(LEDE_ERR_IO, "%s: the index server does not answer (%s)", where,
                         e.get_msg().c_str());
    } catch (...) {
      return ledei_open_error(where);
    }
  }
  if (language != db->language) {
    lede_status_t rc = ledei_xapian_stem(&db->stem, language.c_str());
    if (rc != LEDE_OK)
      return rc;
    db->language = language;
  }
  db->rs = std::move(rs);
  db->ra = std::move(ra);
  if (each.size() < 2 || each.size() < db->parts.size()) {
    each.clear();
    each_articles.clear();
  }
  db->part_sentences = std::move(each);
  db->part_articles = std::move(each_articles);
  db->articles_of_part = std::move(every_articles);
  db->sentences_of_part = std::move(every_sentences);
  return LEDE_OK;
}

/* Fills part p from spec: a folder, or tcp://HOST:PORT. */
static lede_status_t parse_part(ledei_part *p, const char *spec) {
  p->spec = spec;
  if (strncmp(spec, "tcp://", 6) != 0) {
    p->dir = spec;
    return LEDE_OK;
  }
  const char *hp = spec + 6, *colon = strrchr(hp, ':');
  char *end = nullptr;
  long port = colon ? strtol(colon + 1, &end, 10) : 0;
  if (!colon || colon == hp || !end || *end || port < 1 || port > 65534)
    return ledei_error(LEDE_ERR_INVALID,
                       "%s: not an index server address (tcp://HOST:PORT, PORT from 1 to 65534)",
                       spec);
  p->host.assign(hp, (size_t)(colon - hp));
  if (p->host.size() > 2 && p->host.front() == '[' && p->host.back() == ']')
    p->host = p->host.substr(1, p->host.size() - 2);
  p->port = (unsigned)port;
  return LEDE_OK;
}

extern "C" lede_status_t lede_db_open_many(lede_db_t **out, const char *const *specs, size_t n,
                                           unsigned timeout_ms) {
  *out = nullptr;
  if (n == 0)
    return ledei_error(LEDE_ERR_INVALID, "no index given");
  std::unique_ptr<lede_db_t> db(new (std::nothrow) lede_db_t);
  if (!db)
    return ledei_error(LEDE_ERR_NOMEM, "out of memory");
  /* Three quarters of the time for the search itself, the rest to find
   * which server failed (ledei_remote_failure()). */
  db->timeout_ms = (unsigned)((timeout_ms ? timeout_ms : 10000ull) * 3 / 4);
  for (size_t i = 0; i < n; i++) {
    ledei_part p;
    lede_status_t rc = parse_part(&p, specs[i]);
    if (rc != LEDE_OK)
      return rc;
    for (const ledei_part &q : db->parts)
      if (q.spec == p.spec)
        return ledei_error(LEDE_ERR_INVALID, "%s: index given twice", specs[i]);
    db->parts.push_back(p);
  }
  db->dir = db->parts[0].dir.empty() ? db->parts[0].spec : db->parts[0].dir;
  lede_status_t rc = ledei_open_parts(db.get());
  if (rc != LEDE_OK)
    return rc;
  *out = db.release();
  return LEDE_OK;
}

extern "C" lede_status_t lede_db_open_read(lede_db_t **out, const char *dir) {
  return lede_db_open_many(out, &dir, 1, 0);
}

bool ledei_parts_changed(lede_db_t *db) {
  long now = (long)time(nullptr);
  for (ledei_part &p : db->parts) {
    std::string name;
    if (p.host.empty()) {
      if (read_current(&name, p.dir) != 0 || name != p.target)
        return true;
    } else if (now != p.checked) {
      /* A connection keeps reading the pair it opened, even after a
       * rebuild swapped it: once a second, a new connection tells. */
      p.checked = now;
      Xapian::Database fresh = Xapian::Remote::open(p.host, p.port, db->timeout_ms, db->timeout_ms);
      if (fresh.get_metadata(LEDE_META_BUILD) != p.build)
        return true;
    }
  }
  return false;
}

lede_status_t ledei_remote_failure(lede_db_t *db, const std::string &why) {
  unsigned remote = 0;
  for (const ledei_part &p : db->parts)
    remote += !p.host.empty();
  /* The error does not say which server failed: ask each, briefly. */
  unsigned probe = remote ? std::max(200u, db->timeout_ms / 4 / remote) : 0;
  for (const ledei_part &p : db->parts) {
    if (p.host.empty())
      continue;
    try {
      Xapian::Remote::open(p.host, p.port, probe, probe).get_doccount();
      Xapian::Remote::open(p.host, p.port + 1, probe, probe).get_doccount();
    } catch (const Xapian::Error &e) {
      return ledei_error(LEDE_ERR_IO, "%s: the index server does not answer (%s)", p.spec.c_str(),
                         e.get_msg().c_str());
    }
  }
  return ledei_error(LEDE_ERR_IO, "an index server failed during the search (%s)", why.c_str());
}

/* Removes a pair folder (or a database folder of an earlier schema) that
 * lede created: only Glass's own files are unlinked, so a folder holding
 * anything else stays (rmdir fails with ENOTEMPTY). Missing is fine.
 * Returns 0, or -1 with errno set. */
static int remove_glass(const std::string &path) {
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

static int remove_pair(const std::string &path) {
  remove_glass(path + "/" LEDE_SENTENCES);
  remove_glass(path + "/" LEDE_ARTICLES);
  return remove_glass(path);
}

/* Removes the folder of a pair being created unless disarmed: an open
 * that fails (a full disk while compacting) leaves nothing behind. */
namespace {
struct drop_unless_opened {
  lede_db_t *db;
  std::string path;
  ~drop_unless_opened() {
    if (path.empty())
      return;
    try {
      db->ws.reset();
      db->wa.reset();
    } catch (...) {
    }
    remove_pair(path);
  }
};
} // namespace

extern "C" void lede_db_close(lede_db_t *db) {
  if (!db)
    return;
  for (Xapian::WritableDatabase *w : {db->ws.get(), db->wa.get()}) {
    if (!w)
      continue;
    try {
      try {
        w->cancel_transaction();
      } catch (const Xapian::InvalidOperationError &) {
        /* no transaction open */
      }
      w->close();
    } catch (...) {
      /* closing never fails loudly; uncommitted work is simply dropped */
    }
  }
  /* A staged pair never published is abandoned: free its space now (on a
   * full disk the next run needs it). */
  if (db->staged && !db->name.empty()) {
    db->ws.reset();
    db->wa.reset();
    if (remove_pair(db->dir + "/" + db->name) == 0)
      unlink(building_marker(db->dir, db->name).c_str());
  }
  delete db;
}

extern "C" const char *lede_db_language(lede_db_t *db) {
  return db->language.c_str();
}

/* Hands the spelling counts gathered so far to Xapian (one call per word
 * rather than per word and article), what was added less what was taken
 * away; forgets the words when there are too many. */
static void flush_spelling(lede_db_t *db) {
  /* In word order: Xapian's spelling tables then grow in key order, which
   * took 3-7 % off a build's CPU time (docs/bench-index.md). */
  typedef std::pair<const std::string, ledei_words::entry> *word_ptr;
  std::sort(db->words.pending.begin(), db->words.pending.end(),
            [](word_ptr a, word_ptr b) { return a->first < b->first; });
  for (auto *kv : db->words.pending) {
    ledei_words::entry &e = kv->second;
    if (e.pending > e.removed)
      db->ws->add_spelling(kv->first, e.pending - e.removed);
    else if (e.removed > e.pending)
      db->ws->remove_spelling(kv->first, e.removed - e.pending);
    e.pending = e.removed = 0;
  }
  db->words.pending.clear();
  if (db->words.map.size() > ledei_words::max_words)
    db->words.map.clear();
}

/* Free space a commit must find, in bytes: a floor for the tables' root
 * blocks and version files, plus what the pending documents and spelling
 * words may take once written (docs/hardening.md, with a margin). */
static uint64_t room_needed(lede_db_t *db, size_t spelling_words) {
  Xapian::docid last = db->ws->get_lastdocid();
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
  return ledei_error(LEDE_ERR_IO,
                     "%s: disk full (%llu kB free where writing may need %llu kB; "
                     "nothing since the last commit was saved)",
                     index_dir(db).c_str(), (unsigned long long)(avail >> 10),
                     (unsigned long long)(need >> 10));
}

/* Commits both transactions (sentences first) and opens the next ones, or
 * fails cleanly when the disk lacks the room the commit may need. The
 * folders are synced after each commit, so a power cut cannot bring back
 * an older version file whose blocks were reused. Throws Xapian errors. */
static lede_status_t commit_now(lede_db_t *db, bool spelling) {
  std::string path = pair_path(db);
  lede_status_t rc = check_room(db, path, room_needed(db, spelling ? db->words.pending.size() : 0));
  if (rc != LEDE_OK)
    return rc;
  if (spelling)
    flush_spelling(db);
  std::string n = std::to_string(db->commits + 1), pending;
  if (!db->staged && !db->no_sync) /* a live writer's batch (repair_pair()) */
    for (const std::string &id : db->touched)
      pending += id + "\n";
  db->ws->set_metadata(LEDE_META_COMMIT, n);
  db->ws->set_metadata(LEDE_META_PENDING, pending);
  db->ws->commit_transaction();
  if (!db->no_sync && fsync_path(path + "/" LEDE_SENTENCES) != 0)
    return ledei_error(LEDE_ERR_IO, "%s: cannot sync: %s", path.c_str(), strerror(errno));
  db->wa->set_metadata(LEDE_META_COMMIT, n);
  db->wa->commit_transaction();
  if (!db->no_sync && fsync_path(path + "/" LEDE_ARTICLES) != 0)
    return ledei_error(LEDE_ERR_IO, "%s: cannot sync: %s", path.c_str(), strerror(errno));
  db->commits++;
  db->touched.clear();
  db->dirty = false;
  db->committed_lastdocid = db->ws->get_lastdocid();
  db->ws->begin_transaction(true);
  db->wa->begin_transaction(true);
  return LEDE_OK;
}

extern "C" lede_status_t lede_db_commit(lede_db_t *db) {
  lede_status_t rc = ledei_need_writer(db, "commit");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  if (!db->dirty && db->words.pending.empty())
    return LEDE_OK; /* nothing changed: no commit, no fsync (a no-op rescan) */
  return commit_now(db, !db->spelling_at_end || db->words.map.size() > ledei_words::max_words);
  LEDE_XAPIAN_CATCH_WRITE(index_dir(db))
}

extern "C" lede_status_t ledei_db_finish_build(lede_db_t *db) {
  lede_status_t rc = ledei_need_writer(db, "finishing a build");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  rc = commit_now(db, true);
  if (rc == LEDE_OK)
    db->spelling_at_end = false;
  return rc;
  LEDE_XAPIAN_CATCH_WRITE(index_dir(db))
}

/* ---- staging, shards, merging, publishing ---- */

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
    std::string p = path + "/" + e->d_name;
    struct stat st;
    if (stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      if (sync_dir(p) != 0)
        rc = -1;
      continue;
    }
    int fd = open(p.c_str(), O_RDONLY);
    if (fd < 0 || fsync(fd) != 0)
      rc = -1;
    if (fd >= 0)
      close(fd);
  }
  closedir(d);
  if (fsync_path(path) != 0)
    rc = -1;
  return rc;
}

/* Creates a new pair at path for db (whose language is set), with the
 * schema recorded, the stemmer ready and transactions open. */
static lede_status_t start_fresh(lede_db_t *db, const std::string &path, int extra_flags) {
  lede_status_t rc = ledei_xapian_stem(&db->stem, db->language.c_str(), &db->words);
  if (rc == LEDE_OK) /* init_pair() commits: the same abort as commit_now() */
    rc = check_room(db, index_dir(db), LEDE_COMMIT_ROOM_FLOOR);
  if (rc != LEDE_OK)
    return rc;
  if (mkdir(path.c_str(), 0777) != 0 && errno != EEXIST)
    return ledei_error(LEDE_ERR_IO, "%s: %s", path.c_str(), strerror(errno));
  db->no_sync = (extra_flags & Xapian::DB_NO_SYNC) != 0;
  open_pair_write(db, path, Xapian::DB_CREATE | extra_flags);
  init_pair(db);
  begin(db);
  return LEDE_OK;
}

/* A handle for a pair built from nothing (a stage or a shard). */
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

/* Creates the index folder if needed and names a new pair in it
 * (next_db_name()): a staged build's. */
static lede_status_t name_new_pair(lede_db_t *db) {
  if (make_dirs(db->dir) != 0)
    return ledei_error(LEDE_ERR_IO, "%s: cannot create directory: %s", db->dir.c_str(),
                       strerror(errno));
  db->name = next_db_name(db->dir);
  if (db->name.empty())
    return ledei_error(LEDE_ERR_IO, "%s: %s", db->dir.c_str(), strerror(errno));
  return LEDE_OK;
}

extern "C" lede_status_t ledei_db_open_stage(lede_db_t **out, const char *dir,
                                             const lede_write_opts_t *opts) {
  *out = nullptr;
  if (opts && ledei_check_opts("lede_write_opts_t", opts->version, LEDE_WRITE_OPTS_VERSION))
    return LEDE_ERR_INVALID;
  std::unique_ptr<lede_db_t> db = new_fresh_handle(dir, opts ? opts->language : nullptr);
  if (!db)
    return ledei_error(LEDE_ERR_NOMEM, "out of memory");
  db->staged = true;
  LEDE_XAPIAN_TRY
  lede_status_t named = name_new_pair(db.get());
  if (named != LEDE_OK)
    return named;
  drop_unless_opened drop{db.get(), db->dir + "/" + db->name};
  lede_status_t rc = start_fresh(db.get(), drop.path, 0);
  if (rc != LEDE_OK)
    return rc;
  drop.path.clear();
  *out = db.release();
  return LEDE_OK;
  LEDE_XAPIAN_CATCH_WRITE(index_dir(db.get()))
}

extern "C" lede_status_t ledei_db_open_shard(lede_db_t **out, const char *path,
                                             const char *language) {
  *out = nullptr;
  std::unique_ptr<lede_db_t> db = new_fresh_handle(path, language);
  if (!db)
    return ledei_error(LEDE_ERR_NOMEM, "out of memory");
  LEDE_XAPIAN_TRY
  remove_pair(db->dir);
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
 * newer file records; each shard's build id gives way to the last one's,
 * the same in both halves). */
class KeepLastCompactor : public Xapian::Compactor {
public:
  std::string resolve_duplicate_metadata(const std::string &, size_t num_tags,
                                         const std::string tags[]) override {
    return tags[num_tags - 1];
  }
};
} // namespace

extern "C" lede_status_t ledei_db_open_merged(lede_db_t **out, const char *dir,
                                              const char *const *shards, size_t nshards) {
  *out = nullptr;
  if (nshards == 0)
    return ledei_error(LEDE_ERR_INVALID, "nothing to merge");
  std::unique_ptr<lede_db_t> db(new (std::nothrow) lede_db_t);
  if (!db)
    return ledei_error(LEDE_ERR_NOMEM, "out of memory");
  db->dir = dir;
  db->writable = true;
  db->staged = true;
  LEDE_XAPIAN_TRY
  lede_status_t named = name_new_pair(db.get());
  if (named != LEDE_OK)
    return named;
  std::string path = db->dir + "/" + db->name;
  drop_unless_opened drop{db.get(), path};
  if (mkdir(path.c_str(), 0777) != 0)
    return ledei_error(LEDE_ERR_IO, "%s: %s", path.c_str(), strerror(errno));
  for (const char *kind : {LEDE_SENTENCES, LEDE_ARTICLES}) {
    Xapian::Database all;
    for (size_t i = 0; i < nshards; i++)
      all.add_database(
          Xapian::Database(std::string(shards[i]) + "/" + kind, Xapian::DB_BACKEND_GLASS));
    KeepLastCompactor compactor;
    all.compact(path + "/" + kind, Xapian::DB_BACKEND_GLASS, block_size(), compactor);
  }
  open_pair_write(db.get(), path, Xapian::DB_OPEN);
  std::string lang_a;
  lede_status_t rc = check_schema(*db->ws, db->dir, &db->language);
  if (rc == LEDE_OK)
    rc = check_schema(*db->wa, db->dir, &lang_a);
  if (rc != LEDE_OK)
    return rc;
  init_pair(db.get());
  rc = ledei_xapian_stem(&db->stem, db->language.c_str(), &db->words);
  if (rc != LEDE_OK)
    return rc;
  begin(db.get());
  drop.path.clear();
  *out = db.release();
  return LEDE_OK;
  LEDE_XAPIAN_CATCH_WRITE(db->dir)
}

extern "C" lede_status_t ledei_db_publish(lede_db_t *db) {
  lede_status_t rc = ledei_need_writer(db, "publishing");
  if (rc != LEDE_OK)
    return rc;
  if (!db->staged)
    return ledei_error(LEDE_ERR_INVALID, "%s: publishing a database that is not staged",
                       db->dir.c_str());
  LEDE_XAPIAN_TRY
  rc = ledei_db_finish_build(db);
  if (rc != LEDE_OK)
    return rc;
  for (auto *w : {db->ws.get(), db->wa.get()}) {
    w->cancel_transaction(); /* commit_now() opened the next one: empty */
    w->close();
  }
  db->ws.reset();
  db->wa.reset();
  std::string path = db->dir + "/" + db->name;
  if (sync_dir(path) != 0)
    return ledei_error(LEDE_ERR_IO, "%s: cannot sync: %s", path.c_str(), strerror(errno));
  std::string old, old_stub;
  bool had_old = read_current(&old, db->dir) == 0;
  bool had_stub = read_old_stub(&old_stub, db->dir) == 0;
  rc = write_current(db->dir, db->name);
  if (rc != LEDE_OK)
    return rc;
  db->staged = false; /* live now: lede_db_close() keeps it */
  if (fsync_path(db->dir) != 0)
    return ledei_error(LEDE_ERR_IO, "%s: cannot sync: %s", db->dir.c_str(), strerror(errno));
  unlink(building_marker(db->dir, db->name).c_str());
  if (had_old && old != db->name)
    remove_pair(db->dir + "/" + old);
  if (had_stub) { /* an index of an earlier schema, replaced */
    unlink((db->dir + "/" LEDE_OLD_STUB).c_str());
    if (old_stub != db->name)
      remove_pair(db->dir + "/" + old_stub);
  }
  return LEDE_OK;
  LEDE_XAPIAN_CATCH_WRITE(db->dir)
}

/* The bytes of the files of a pair's two databases. */
static uint64_t pair_bytes(const std::string &pair) {
  uint64_t total = 0;
  for (const char *kind : {LEDE_SENTENCES, LEDE_ARTICLES}) {
    std::string path = pair + "/" + kind;
    DIR *d = opendir(path.c_str());
    if (!d)
      continue;
    struct dirent *e;
    struct stat st;
    while ((e = readdir(d)) != nullptr)
      if (e->d_name[0] != '.' && stat((path + "/" + e->d_name).c_str(), &st) == 0 &&
          S_ISREG(st.st_mode))
        total += (uint64_t)st.st_size;
    closedir(d);
  }
  return total;
}

extern "C" lede_status_t ledei_db_compact(const char *dir, uint64_t *before, uint64_t *after) {
  *before = *after = 0;
  std::string live;
  if (read_current(&live, dir) != 0)
    return no_index(dir);
  std::string pair = std::string(dir) + "/" + live;
  /* The compacted pair takes no more than the live one but for the few
   * blocks publishing commits, which the floor a commit needs covers. */
  *before = pair_bytes(pair);
  uint64_t need = *before + LEDE_COMMIT_ROOM_FLOOR;
  struct statvfs vfs;
  if (statvfs(dir, &vfs) == 0 && (uint64_t)vfs.f_bavail * vfs.f_frsize < need)
    return ledei_error(LEDE_ERR_IO,
                       "%s: disk full (%llu kB free where compacting may need %llu kB; the index "
                       "is as it was)",
                       dir, (unsigned long long)(((uint64_t)vfs.f_bavail * vfs.f_frsize) >> 10),
                       (unsigned long long)(need >> 10));
  lede_db_t *stage = nullptr;
  const char *one[] = {pair.c_str()};
  lede_status_t rc = ledei_db_open_merged(&stage, dir, one, 1);
  if (rc == LEDE_OK)
    rc = ledei_db_publish(stage);
  if (rc == LEDE_OK)
    *after = pair_bytes(std::string(dir) + "/" + stage->name);
  lede_db_close(stage);
  return rc;
}

extern "C" lede_status_t ledei_db_remove_stale(const char *dir) {
  lede_dir_state_t state;
  lede_status_t rc = ledei_db_check_dir(dir, &state);
  if (rc != LEDE_OK)
    return rc; /* a damaged or foreign folder: touch nothing */
  if (state != LEDE_DIR_INDEX && state != LEDE_DIR_NEW)
    return LEDE_OK;
  std::string live;
  if (read_current(&live, dir) != 0 && read_old_stub(&live, dir) != 0)
    live.clear();
  DIR *d = opendir(dir);
  if (!d)
    return errno == ENOENT ? LEDE_OK : ledei_error(LEDE_ERR_IO, "%s: %s", dir, strerror(errno));
  std::vector<std::string> stale, markers;
  struct dirent *e;
  while ((e = readdir(d)) != nullptr) {
    std::string n = e->d_name;
    if (n == live || !ledei_owned_entry(dir, e->d_name))
      continue;
    if (pair_name(e->d_name))
      stale.push_back(n);
    else if (n.compare(0, LEDE_LEN(LEDE_BUILDING_PREFIX), LEDE_BUILDING_PREFIX) == 0)
      markers.push_back(n);
  }
  closedir(d);
  /* Markers go last: a pair whose removal fails keeps its own. */
  for (const std::string &n : stale)
    remove_pair(std::string(dir) + "/" + n);
  for (const std::string &n : markers) {
    struct stat st;
    std::string db = n.substr(LEDE_LEN(LEDE_BUILDING_PREFIX));
    if (stat((std::string(dir) + "/" + db).c_str(), &st) != 0 || db == live)
      unlink((std::string(dir) + "/" + n).c_str());
  }
  unlink((std::string(dir) + "/" LEDE_CURRENT ".tmp").c_str());
  unlink((std::string(dir) + "/" LEDE_OLD_STUB ".tmp").c_str());
  return LEDE_OK;
}

extern "C" void ledei_db_remove_if_empty(const char *dir) {
  lede_dir_state_t state;
  std::string live;
  if (ledei_db_check_dir(dir, &state) != LEDE_OK || state != LEDE_DIR_INDEX ||
      read_current(&live, dir) != 0)
    return;
  std::string pair = std::string(dir) + "/" + live;
  try {
    for (const char *kind : {LEDE_SENTENCES, LEDE_ARTICLES})
      if (Xapian::Database(pair + "/" + kind, Xapian::DB_BACKEND_GLASS).get_doccount() != 0)
        return;
  } catch (const Xapian::Error &) {
    return;
  }
  if (unlink((std::string(dir) + "/" LEDE_CURRENT).c_str()) == 0)
    remove_pair(pair);
}

extern "C" lede_status_t ledei_db_remove_shard(const char *path) {
  if (remove_pair(path) != 0)
    return ledei_error(LEDE_ERR_IO, "%s: %s", path, strerror(errno));
  return LEDE_OK;
}

extern "C" lede_status_t ledei_db_set_schema(lede_db_t *db, int version) {
  lede_status_t rc = ledei_need_writer(db, "setting the schema version");
  if (rc != LEDE_OK)
    return rc;
  LEDE_XAPIAN_TRY
  db->ws->set_metadata(LEDE_META_SCHEMA, std::to_string(version));
  db->wa->set_metadata(LEDE_META_SCHEMA, std::to_string(version));
  db->dirty = true;
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(db->dir.c_str())
}

extern "C" void ledei_db_set_new_articles_only(lede_db_t *db, int on) {
  db->fresh_build = on != 0;
}
