/*
 * scan.c - walks files and folders for lede-index.
 */
#include "scan.h"

#include "lede_private.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const article_exts[] = {"txt",   "text", "md",  "markdown", "news",
                                           "jsonl", "html", "htm", "xhtml",    "eml",
                                           "mbox",  "pdf",  "rss", "atom",     NULL};

int scan_is_article_name(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || name[0] == '.' || name[n - 1] == '~' || (name[0] == '#' && name[n - 1] == '#'))
    return 0;
  const char *dot = strrchr(name, '.');
  if (!dot)
    return 1;
  for (const char *const *e = article_exts; *e; e++)
    if (strcasecmp(dot + 1, *e) == 0)
      return 1;
  return 0;
}

static int is_xml_name(const char *name) {
  const char *dot = strrchr(name, '.');
  return dot && strcasecmp(dot, ".xml") == 0 && name[0] != '.';
}

int scan_is_candidate_name(const char *name) {
  return scan_is_article_name(name) || is_xml_name(name);
}

/* 1 when the file at path, named *.xml, is a feed: its root element, in
 * its first 4 KB, is <rss>, <rdf:RDF> or <feed>. Other XML is not read. */
static int is_feed_xml(const char *path, const char *name) {
  if (!is_xml_name(name))
    return 0;
  int fd = ledei_open_regular(path, NULL);
  if (fd < 0)
    return 0;
  char head[4096];
  ssize_t got = read(fd, head, sizeof head);
  close(fd);
  return got > 0 && ledei_feed_is_feed(path, head, (size_t)got);
}

/* Files passed by for their kind, counted by extension (lower-cased, at
 * most 15 bytes), for scan_unsupported(). */
#define KINDS_MAX 64
static struct {
  char ext[KINDS_MAX][16];
  unsigned long count[KINDS_MAX];
  size_t n;
  unsigned long other; /* kinds past KINDS_MAX */
} kinds;

/* Counts a regular file the walk passes by because of its extension (not
 * a hidden file or an editor backup, which are left alone silently). */
static void count_kind(const char *name) {
  size_t len = strlen(name);
  const char *dot = strrchr(name, '.');
  if (!dot || name[0] == '.' || name[len - 1] == '~' || (name[0] == '#' && name[len - 1] == '#'))
    return;
  char ext[16];
  size_t n = strlen(dot + 1);
  if (n == 0 || n >= sizeof ext)
    return;
  for (size_t i = 0; i <= n; i++)
    ext[i] = (char)tolower((unsigned char)dot[1 + i]);
  for (size_t i = 0; i < kinds.n; i++)
    if (strcmp(kinds.ext[i], ext) == 0) {
      kinds.count[i]++;
      return;
    }
  if (kinds.n == KINDS_MAX) {
    kinds.other++;
    return;
  }
  memcpy(kinds.ext[kinds.n], ext, n + 1);
  kinds.count[kinds.n++] = 1;
}

size_t scan_unsupported(const char **ext, unsigned long *count, size_t max) {
  size_t i = 0;
  for (; i < kinds.n && i < max; i++) {
    ext[i] = kinds.ext[i];
    count[i] = kinds.count[i];
  }
  return i;
}

/* The index folder of this run (set by scan_skip_index()), which may have no
 * stub yet. */
static struct {
  int set;
  dev_t dev;
  ino_t ino;
} own_index;

void scan_skip_index(const char *dir) {
  struct stat st;
  own_index.set = dir && stat(dir, &st) == 0;
  if (own_index.set) {
    own_index.dev = st.st_dev;
    own_index.ino = st.st_ino;
  }
}

/* 1 when the folder dir (stat in st) is a lede index: this run's, or one
 * with its link or stub (ledei_db_is_index()). Its files are not articles. */
static int is_index_dir(const char *dir, const struct stat *st) {
  if (own_index.set && st->st_dev == own_index.dev && st->st_ino == own_index.ino)
    return 1;
  return ledei_db_is_index(dir);
}

/* Told of every folder walked (scan_on_folder()). */
static struct {
  void (*fn)(void *ctx, const char *dir);
  void *ctx;
} on_folder;

void scan_on_folder(void (*fn)(void *ctx, const char *dir), void *ctx) {
  on_folder.fn = fn;
  on_folder.ctx = ctx;
}

/* Reading a FIFO or a device could block or never end. */
static const char NOT_REGULAR[] = "not a regular file (FIFO, device or socket); skipped";

/* Threads a walk lists and stats folders with (scan_threads()). */
static int walk_threads = 1;

void scan_threads(int n) {
  walk_threads = n < 1 ? 1 : n > 64 ? 64 : n;
}

/* A walk visits each folder in a task of its own, which any thread may
 * take; what a folder's entries give (files, warnings, kinds passed by,
 * its subfolders' tasks) is kept in name order, and replayed depth first
 * once every folder is done: the result is the one a single thread gives,
 * whatever the timing. */
typedef struct folder folder_t;
typedef struct event {
  enum { EV_FILE, EV_WARN, EV_KIND, EV_FOLDER, EV_MOUNT } kind;
  scan_file_t file; /* EV_FILE */
  char *text;       /* EV_WARN, EV_MOUNT: the path; EV_KIND: the name */
  dev_t dev;        /* EV_MOUNT */
  char *why;        /* EV_WARN */
  int unsure;       /* EV_WARN */
  folder_t *sub;    /* EV_FOLDER */
} event_t;

struct folder {
  char *path;
  dev_t dev; /* the walk's top: the device of the folder holding the path
                visited, when has_dev (a path found inside a root) */
  ino_t ino;
  int has_dev;
  const folder_t *up; /* the folder above on the walk's path (loop check) */
  int depth;
  const char *source; /* the folder source in force above it */
  const char *mixed;  /* the source whose hash mix holds (its files share it) */
  int64_t mix;
  event_t *ev;
  size_t nev, cap;
};

/* What every task of one walk shares. */
typedef struct walk_state {
  const char *root;
  char **within; /* resolved roots symbolic links must stay under, or NULL */
  size_t nwithin;
  pthread_mutex_t lock; /* the queue, and folders (below) */
  pthread_cond_t more;
  folder_t **queue;
  size_t nqueue, qcap;
  int busy; /* tasks being run */
} walk_state_t;

static event_t *push_event(folder_t *f, int kind) {
  if (f->nev == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 16;
    f->ev = ledei_xrealloc(f->ev, f->cap * sizeof *f->ev);
  }
  event_t *e = &f->ev[f->nev++];
  memset(e, 0, sizeof *e);
  e->kind = kind;
  return e;
}

static void warn_in(folder_t *f, const char *path, const char *why, int unsure) {
  event_t *e = push_event(f, EV_WARN);
  e->text = ledei_xstrdup(path);
  e->why = ledei_xstrdup(why);
  e->unsure = unsure;
}

/* ---- a folder's default source (SCAN_SOURCE_FILE) ---- */

/* The folders whose source file was looked at, with the source that
 * applies in each (NULL: none); the names stay here until the process
 * ends. A walk passes the source down its folders; this list is searched
 * only for the folders above a root. Under the walk's lock when threads
 * run. */
static struct {
  char **dir;
  char **source;
  size_t n, cap;
} folders;

static const char *remember(walk_state_t *w, const char *dir, char *source) {
  pthread_mutex_lock(&w->lock);
  if (folders.n == folders.cap) {
    folders.cap = folders.cap ? folders.cap * 2 : 64;
    folders.dir = ledei_xrealloc(folders.dir, folders.cap * sizeof *folders.dir);
    folders.source = ledei_xrealloc(folders.source, folders.cap * sizeof *folders.source);
  }
  folders.dir[folders.n] = ledei_xstrdup(dir);
  folders.source[folders.n++] = source;
  pthread_mutex_unlock(&w->lock);
  return source;
}

/* The source SCAN_SOURCE_FILE at path names, or NULL: none there, or one
 * that is warned about (named as path, in f) and ignored. */
static char *read_source_file(folder_t *f, const char *path) {
  uint64_t size = 0;
  int fd = ledei_open_regular(path, &size);
  if (fd == -1 && errno == ENOENT)
    return NULL;
  const char *why = NULL;
  char buf[SCAN_SOURCE_MAX + 1], unreadable[128];
  ssize_t got = 0;
  if (fd == LEDE_NOT_REGULAR) {
    why = "not a regular file";
  } else if (fd < 0 || (size <= SCAN_SOURCE_MAX && (got = read(fd, buf, SCAN_SOURCE_MAX)) < 0)) {
    snprintf(unreadable, sizeof unreadable, "unreadable (%s)", strerror(errno));
    why = unreadable;
  } else if (size > SCAN_SOURCE_MAX) {
    why = "too large for a source name (4 KB at most)";
  }
  if (fd >= 0)
    close(fd);
  char *name = NULL;
  if (!why) {
    buf[got] = '\0';
    if (memchr(buf, '\0', (size_t)got) || !ledei_utf8_valid(buf, (size_t)got))
      why = "binary (not UTF-8 text)";
    for (char *line = buf; !why && !name && line < buf + got;) {
      char *eol = memchr(line, '\n', (size_t)(buf + got - line));
      char *end = eol ? eol : buf + got;
      while (line < end && isspace((unsigned char)*line))
        line++;
      while (end > line && isspace((unsigned char)end[-1]))
        end--;
      if (end > line && *line != '#')
        name = ledei_xstrndup(line, (size_t)(end - line));
      line = eol ? eol + 1 : buf + got;
    }
    if (!why && !name)
      why = "empty (no source name)";
  }
  if (why) {
    char msg[320];
    snprintf(msg, sizeof msg, "folder source file %s; ignored", why);
    warn_in(f, path, msg, 0);
  }
  return name;
}

/* The source folder dir's own SCAN_SOURCE_FILE names, or NULL. */
static char *own_source(folder_t *f, const char *dir) {
  size_t len = strlen(dir) + sizeof "/" SCAN_SOURCE_FILE;
  char *file = ledei_xmalloc(len);
  snprintf(file, len, "%s/%s", strcmp(dir, "/") ? dir : "", SCAN_SOURCE_FILE);
  char *source = read_source_file(f, file);
  free(file);
  return source;
}

/* The parent folder of an absolute path ("/" for "/x"). */
static char *parent_of(const char *path) {
  const char *slash = strrchr(path, '/');
  return ledei_xstrndup(path, slash && slash > path ? (size_t)(slash - path) : 1);
}

/* The source in force in folder dir: its own, else its parent's (before
 * the walk's threads start). */
static const char *folder_source(walk_state_t *w, folder_t *f, const char *dir) {
  for (size_t i = 0; i < folders.n; i++)
    if (strcmp(folders.dir[i], dir) == 0)
      return folders.source[i];
  char *source = own_source(f, dir);
  if (!source && strcmp(dir, "/") != 0) {
    char *parent = parent_of(dir);
    const char *up = folder_source(w, f, parent);
    free(parent);
    source = up ? ledei_xstrdup(up) : NULL;
  }
  return remember(w, dir, source);
}

/* 1 when path names a folder's source file. */
static int is_source_file(const char *path) {
  const char *slash = strrchr(path, '/');
  return strcmp(slash ? slash + 1 : path, SCAN_SOURCE_FILE) == 0;
}

/* A file found in f, with the source in force there. */
static void add_file(walk_state_t *w, folder_t *f, const char *source, const char *path,
                     const struct stat *st) {
  scan_file_t *file = &push_event(f, EV_FILE)->file;
  file->path = ledei_xstrdup(path);
  file->root = w->root;
  file->size = (uint64_t)st->st_size;
  file->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
  file->source = source;
  if (source && source != f->mixed) { /* hashed once a folder, not once a file */
    char hash[17];
    ledei_hash_hex(hash, source, strlen(source));
    f->mixed = source;
    f->mix = (int64_t)(strtoull(hash, NULL, 16) >> 2);
  }
  if (source)
    file->mtime_ns ^= f->mix;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int scan_path_under(const char *path, const char *root) {
  size_t n = strlen(root);
  return strncmp(path, root, n) == 0 &&
         (path[n] == '\0' || path[n] == '/' || (n && root[n - 1] == '/'));
}

/* 1 when abs (resolved) is one of the roots w->within or lies under one. */
static int is_within(const walk_state_t *w, const char *abs) {
  for (size_t i = 0; i < w->nwithin; i++)
    if (scan_path_under(abs, w->within[i]))
      return 1;
  return 0;
}

/* 1 when path is a symbolic link whose target lies outside w->within
 * (warned in f); 0 otherwise, dangling links included (stat reports those). */
static int leads_outside(walk_state_t *w, folder_t *f, const char *path) {
  struct stat lst;
  if (!w->within || lstat(path, &lst) != 0 || !S_ISLNK(lst.st_mode))
    return 0;
  char *target = realpath(path, NULL);
  if (!target)
    return 0;
  int outside = !is_within(w, target);
  if (outside) {
    char why[PATH_MAX + 96];
    snprintf(why, sizeof why, "symbolic link to %s, outside the paths being indexed; skipped",
             target);
    warn_in(f, path, why, 0);
  }
  free(target);
  return outside;
}

/* Adds a folder's task to the queue. */
static void enqueue(walk_state_t *w, folder_t *sub) {
  pthread_mutex_lock(&w->lock);
  if (w->nqueue == w->qcap) {
    w->qcap = w->qcap ? w->qcap * 2 : 64;
    w->queue = ledei_xrealloc(w->queue, w->qcap * sizeof *w->queue);
  }
  w->queue[w->nqueue++] = sub;
  pthread_cond_signal(&w->more);
  pthread_mutex_unlock(&w->lock);
}

/* Visits one path found in folder f (or given as the root, f the walk's
 * top), source the one in force there. dfd, when not -1, is the open folder
 * holding name: stat relative to it spares the kernel a walk of the whole
 * path for every file. A folder becomes a task of its own. */
static void visit(walk_state_t *w, folder_t *f, const char *source, int dfd, const char *path,
                  const char *name) {
  struct stat st;
  if (name && leads_outside(w, f, path))
    return;
  if ((dfd >= 0 ? fstatat(dfd, name, &st, 0) : stat(path, &st)) != 0) {
    int gone = errno == ENOENT;
    warn_in(f, path, gone ? "vanished or dangling symbolic link" : strerror(errno), !gone);
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    if ((name && name[0] == '.') || is_index_dir(path, &st))
      return;
    /* A folder on another device than the one holding it (a mount point,
     * a link to another file system); not a root itself (name NULL). */
    if (name && (f->path || f->has_dev) && st.st_dev != f->dev) {
      event_t *e = push_event(f, EV_MOUNT);
      e->text = ledei_xstrdup(path);
      e->dev = st.st_dev;
    }
    folder_t *sub = ledei_xcalloc(1, sizeof *sub);
    sub->path = ledei_xstrdup(path);
    sub->dev = st.st_dev;
    sub->ino = st.st_ino;
    sub->up = f->path ? f : NULL; /* the top is no folder of the walk */
    sub->depth = f->path ? f->depth + 1 : 0;
    sub->source = source;
    push_event(f, EV_FOLDER)->sub = sub;
    enqueue(w, sub);
  } else if (S_ISREG(st.st_mode)) {
    if (is_source_file(name ? name : path))
      return; /* named, it is still a folder's source, not an article */
    if (!name || scan_is_article_name(name) || is_feed_xml(path, name))
      add_file(w, f, source, path, &st);
    else
      push_event(f, EV_KIND)->text = ledei_xstrdup(name);
  } else if (!name || scan_is_article_name(name)) {
    warn_in(f, path, NOT_REGULAR, 0);
  }
}

/* The task of folder f: its entries listed, sorted and visited. */
static void walk_dir(walk_state_t *w, folder_t *f) {
  for (const folder_t *a = f->up; a; a = a->up) {
    if (a->dev == f->dev && a->ino == f->ino) {
      warn_in(f, f->path, "symbolic link loop; not followed", 1);
      return;
    }
  }
  if (f->depth >= 256) {
    warn_in(f, f->path, "folders nested too deeply; not followed", 1);
    return;
  }
  const char *dir = f->path;
  if (on_folder.fn) /* before the listing: nothing created after it is missed */
    on_folder.fn(on_folder.ctx, dir);
  DIR *d = opendir(dir);
  if (!d) {
    warn_in(f, dir, strerror(errno), 1);
    return;
  }
  /* Below dir, its own source file's name, else the one in force above. */
  const char *source = f->source;
  char *own = own_source(f, dir);
  if (own)
    source = remember(w, dir, own);
  /* The names, NUL-terminated one after the other in one buffer (a rescan
   * lists every folder: no allocation per file), then sorted. */
  char *text = NULL;
  size_t used = 0, room = 0, n = 0;
  struct dirent *e;
  /* readdir() ends the listing with NULL, and says an error (EIO on a
   * failing disk, ESTALE on NFS) only through errno: a listing cut short
   * must not read as complete, or the files it did not list would count
   * as removed. */
  for (;;) {
    errno = 0;
    if ((e = readdir(d)) == NULL)
      break;
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    size_t len = strlen(e->d_name) + 1;
    if (used + len > room) {
      room = (used + len) * 2 + 4096;
      text = ledei_xrealloc(text, room);
    }
    memcpy(text + used, e->d_name, len);
    used += len;
    n++;
  }
  if (errno != 0) /* what it holds is not known: the index keeps what it had there */
    warn_in(f, dir, strerror(errno), 1);
  char **names = ledei_xcalloc(n + 1, sizeof *names);
  for (size_t i = 0, at = 0; i < n; i++, at += strlen(text + at) + 1)
    names[i] = text + at;
  if (n)
    qsort(names, n, sizeof *names, cmp_names);
  size_t dlen = strlen(dir), pcap = 0;
  int sep = !(dlen && dir[dlen - 1] == '/');
  char *path = NULL;
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(names[i]);
    if (dlen + 1 + len + 1 > pcap) {
      pcap = (dlen + 1 + len + 1) * 2;
      path = ledei_xrealloc(path, pcap);
    }
    memcpy(path, dir, dlen);
    path[dlen] = '/';
    memcpy(path + dlen + sep, names[i], len + 1);
    visit(w, f, source, dirfd(d), path, names[i]);
  }
  free(path);
  free(text);
  closedir(d);
  free(names);
}

/* Runs the walk's tasks until none is queued or running. */
static void *run_tasks(void *arg) {
  walk_state_t *w = arg;
  pthread_mutex_lock(&w->lock);
  for (;;) {
    while (w->nqueue == 0 && w->busy > 0)
      pthread_cond_wait(&w->more, &w->lock);
    if (w->nqueue == 0)
      break;
    folder_t *f = w->queue[--w->nqueue];
    w->busy++;
    pthread_mutex_unlock(&w->lock);
    walk_dir(w, f);
    pthread_mutex_lock(&w->lock);
    if (--w->busy == 0 && w->nqueue == 0)
      pthread_cond_broadcast(&w->more); /* the others stop too */
  }
  pthread_mutex_unlock(&w->lock);
  return NULL;
}

/* The folders on another device than the folder holding them that the
 * walks met (scan_take_mounts()). */
static struct {
  scan_mount_t *v;
  size_t n;
} mounts;

size_t scan_take_mounts(scan_mount_t **out) {
  size_t n = mounts.n;
  *out = mounts.v;
  mounts.v = NULL;
  mounts.n = 0;
  return n;
}

void scan_mounts_free(scan_mount_t *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i].path);
  free(v);
}

/* Replays f's events depth first into the walk's results, and frees f's
 * (not f itself). */
static void replay(folder_t *f, scan_file_t **files, size_t *count, size_t *cap, scan_warn_fn warn,
                   void *ctx) {
  for (size_t i = 0; i < f->nev; i++) {
    event_t *e = &f->ev[i];
    switch (e->kind) {
    case EV_FILE:
      if (*count == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *files = ledei_xrealloc(*files, *cap * sizeof **files);
      }
      (*files)[(*count)++] = e->file;
      break;
    case EV_WARN:
      warn(ctx, e->text, e->why, e->unsure);
      free(e->text);
      free(e->why);
      break;
    case EV_KIND:
      count_kind(e->text);
      free(e->text);
      break;
    case EV_FOLDER:
      replay(e->sub, files, count, cap, warn, ctx);
      free(e->sub->path);
      free(e->sub);
      break;
    case EV_MOUNT:
      mounts.v = ledei_xrealloc(mounts.v, (mounts.n + 1) * sizeof *mounts.v);
      mounts.v[mounts.n].path = e->text;
      mounts.v[mounts.n++].dev = (unsigned long long)e->dev;
      break;
    }
  }
  free(f->ev);
}

int scan_walk(scan_file_t **files, size_t *count, const char *root, scan_warn_fn warn, void *ctx) {
  return scan_walk_within(files, count, root, NULL, 0, warn, ctx);
}

/* The roots walked, one copy each, kept until the process ends: the files
 * found point at them (scan_file_t.root). */
static struct {
  pthread_mutex_t lock;
  char **v;
  size_t n;
} roots = {PTHREAD_MUTEX_INITIALIZER, NULL, 0};

static const char *root_copy(const char *root) {
  pthread_mutex_lock(&roots.lock);
  size_t i = 0;
  while (i < roots.n && strcmp(roots.v[i], root) != 0)
    i++;
  if (i == roots.n) {
    roots.v = ledei_xrealloc(roots.v, (roots.n + 1) * sizeof *roots.v);
    roots.v[roots.n++] = ledei_xstrdup(root);
  }
  const char *copy = roots.v[i];
  pthread_mutex_unlock(&roots.lock);
  return copy;
}

/* Visits path (name: its last component, or NULL for a root) in a walk of
 * root. */
static void walk_from(scan_file_t **files, size_t *count, const char *root, const char *path,
                      const char *name, const char *const *within, size_t nwithin,
                      scan_warn_fn warn, void *ctx) {
  walk_state_t w = {0};
  w.root = root_copy(root);
  pthread_mutex_init(&w.lock, NULL);
  pthread_cond_init(&w.more, NULL);
  if (within) {
    /* Resolved like the targets they are compared with; a root that does
     * not exist any more contains nothing. */
    w.within = ledei_xcalloc(nwithin + 1, sizeof *w.within);
    for (size_t i = 0; i < nwithin; i++) {
      char *r = realpath(within[i], NULL);
      if (r)
        w.within[w.nwithin++] = r;
    }
  }
  folder_t top = {0};
  char *parent = parent_of(path);
  const char *source = folder_source(&w, &top, parent);
  struct stat pst;
  if (name && stat(parent, &pst) == 0) { /* a path found inside a root: is it a mount point? */
    top.dev = pst.st_dev;
    top.has_dev = 1;
  }
  free(parent);
  visit(&w, &top, source, -1, path, name);
  /* --watch's callback (scan_on_folder()) is not thread-safe. */
  int nthreads = on_folder.fn ? 1 : walk_threads;
  pthread_t tid[64];
  int started = 0;
  for (int i = 1; i < nthreads && w.nqueue; i++)
    if (pthread_create(&tid[started], NULL, run_tasks, &w) == 0)
      started++;
  run_tasks(&w);
  for (int i = 0; i < started; i++)
    pthread_join(tid[i], NULL);
  size_t cap = *count;
  replay(&top, files, count, &cap, warn, ctx);
  for (size_t i = 0; i < w.nwithin; i++)
    free(w.within[i]);
  free(w.within);
  free(w.queue);
  pthread_cond_destroy(&w.more);
  pthread_mutex_destroy(&w.lock);
}

char *scan_in_real_folder(const char *path) {
  char *dir = ledei_xstrdup(path);
  size_t rest = strlen(path); /* path + rest: the missing part, from its '/' */
  char *real = NULL;
  while (!real) {
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : dir;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
      break;
    rest = (size_t)(base - dir) - (slash ? 1 : 0);
    if (!slash) {
      real = realpath(".", NULL);
      break;
    }
    if (slash == dir) {
      real = ledei_xstrdup("/");
      break;
    }
    *slash = '\0';
    real = realpath(dir, NULL);
    if (!real && errno != ENOENT)
      break;
  }
  free(dir);
  if (!real)
    return NULL;
  const char *missing = path + rest + (path[rest] == '/');
  size_t n = strlen(real) + strlen(missing) + 2;
  char *abs = ledei_xmalloc(n);
  snprintf(abs, n, "%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", missing);
  free(real);
  return abs;
}

int scan_walk_within(scan_file_t **files, size_t *count, const char *root,
                     const char *const *within, size_t nwithin, scan_warn_fn warn, void *ctx) {
  /* A root that is a link to a file is read at the link's path, as a walk
   * of its folder has it (roots_choose()); any other, resolved. */
  struct stat ls, st;
  char *abs = NULL;
  if (lstat(root, &ls) == 0 && S_ISLNK(ls.st_mode) && stat(root, &st) == 0 && !S_ISDIR(st.st_mode))
    abs = scan_in_real_folder(root);
  if (!abs)
    abs = realpath(root, NULL);
  if (!abs) {
    if (errno == ENOENT)
      return SCAN_GONE;
    warn(ctx, root, strerror(errno), 1);
    return -1;
  }
  if (stat(abs, &st) == 0 && !S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
    warn(ctx, root, NOT_REGULAR, 0); /* named as given, not as resolved */
    free(abs);
    return 0;
  }
  walk_from(files, count, abs, abs, NULL, within, nwithin, warn, ctx);
  free(abs);
  return 0;
}

int scan_walk_found(scan_file_t **files, size_t *count, const char *path, const char *root,
                    const char *const *within, size_t nwithin, scan_warn_fn warn, void *ctx) {
  struct stat st;
  if (lstat(path, &st) != 0 && errno == ENOENT)
    return SCAN_GONE;
  if (strcmp(path, root) == 0)
    return scan_walk_within(files, count, root, within, nwithin, warn, ctx);
  const char *slash = strrchr(path, '/');
  walk_from(files, count, root, path, slash ? slash + 1 : path, within, nwithin, warn, ctx);
  return 0;
}

void scan_files_free(scan_file_t *files, size_t count) {
  for (size_t i = 0; i < count; i++)
    free(files[i].path);
  free(files);
}
