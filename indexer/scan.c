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

/* The folders on the current walk path, to detect symlink loops. */
typedef struct walk_state {
  scan_file_t **files;
  size_t *count;
  size_t cap;
  const char *root;
  scan_warn_fn warn;
  void *ctx;
  char **within; /* resolved roots symbolic links must stay under, or NULL */
  size_t nwithin;
  dev_t dev[256];
  ino_t ino[256];
  int depth;
  const char *source; /* the folder source in force where the walk is */
} walk_state_t;

/* ---- a folder's default source (SCAN_SOURCE_FILE) ---- */

/* The folders whose source file was looked at, with the source that
 * applies in each (NULL: none); the names stay here until the process
 * ends. A walk passes the source down its folders; this list is searched
 * only for the folders above a root. */
static struct {
  char **dir;
  char **source;
  size_t n, cap;
} folders;

static const char *remember(const char *dir, char *source) {
  if (folders.n == folders.cap) {
    folders.cap = folders.cap ? folders.cap * 2 : 64;
    folders.dir = ledei_xrealloc(folders.dir, folders.cap * sizeof *folders.dir);
    folders.source = ledei_xrealloc(folders.source, folders.cap * sizeof *folders.source);
  }
  folders.dir[folders.n] = ledei_xstrdup(dir);
  folders.source[folders.n++] = source;
  return source;
}

/* The source SCAN_SOURCE_FILE at path names, or NULL: none there, or one
 * that is warned about (named as path) and ignored. */
static char *read_source_file(walk_state_t *w, const char *path) {
  uint64_t size = 0;
  int fd = ledei_open_regular(path, &size);
  if (fd == -1 && errno == ENOENT)
    return NULL;
  const char *why = NULL;
  char buf[SCAN_SOURCE_MAX + 1];
  ssize_t got = 0;
  if (fd == LEDE_NOT_REGULAR)
    why = "not a regular file";
  else if (fd < 0)
    why = strerror(errno);
  else if (size > SCAN_SOURCE_MAX)
    why = "too large for a source name (4 KB at most)";
  else if ((got = read(fd, buf, SCAN_SOURCE_MAX)) < 0)
    why = strerror(errno);
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
    w->warn(w->ctx, path, msg, 0);
  }
  return name;
}

/* The source folder dir's own SCAN_SOURCE_FILE names, or NULL. */
static char *own_source(walk_state_t *w, const char *dir) {
  size_t len = strlen(dir) + sizeof "/" SCAN_SOURCE_FILE;
  char *file = ledei_xmalloc(len);
  snprintf(file, len, "%s/%s", strcmp(dir, "/") ? dir : "", SCAN_SOURCE_FILE);
  char *source = read_source_file(w, file);
  free(file);
  return source;
}

/* The parent folder of an absolute path ("/" for "/x"). */
static char *parent_of(const char *path) {
  const char *slash = strrchr(path, '/');
  return ledei_xstrndup(path, slash && slash > path ? (size_t)(slash - path) : 1);
}

/* The source in force in folder dir: its own, else its parent's. */
static const char *folder_source(walk_state_t *w, const char *dir) {
  for (size_t i = 0; i < folders.n; i++)
    if (strcmp(folders.dir[i], dir) == 0)
      return folders.source[i];
  char *source = own_source(w, dir);
  if (!source && strcmp(dir, "/") != 0) {
    char *parent = parent_of(dir);
    const char *up = folder_source(w, parent);
    free(parent);
    source = up ? ledei_xstrdup(up) : NULL;
  }
  return remember(dir, source);
}

/* 1 when path names a folder's source file. */
static int is_source_file(const char *path) {
  const char *slash = strrchr(path, '/');
  return strcmp(slash ? slash + 1 : path, SCAN_SOURCE_FILE) == 0;
}

static void add_file(walk_state_t *w, const char *path, const struct stat *st) {
  if (*w->count == w->cap) {
    w->cap = w->cap ? w->cap * 2 : 256;
    *w->files = ledei_xrealloc(*w->files, w->cap * sizeof **w->files);
  }
  scan_file_t *f = &(*w->files)[(*w->count)++];
  f->path = ledei_xstrdup(path);
  f->root = ledei_xstrdup(w->root);
  f->size = (uint64_t)st->st_size;
  f->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
  f->source = w->source;
  if (f->source) {
    char hash[17];
    ledei_hash_hex(hash, f->source, strlen(f->source));
    f->mtime_ns ^= (int64_t)(strtoull(hash, NULL, 16) >> 2);
  }
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_dir(walk_state_t *w, const char *dir, const struct stat *dst);

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
 * (warned); 0 otherwise, dangling links included (stat reports those). */
static int leads_outside(walk_state_t *w, const char *path) {
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
    w->warn(w->ctx, path, why, 0);
  }
  free(target);
  return outside;
}

/* Visits one path found in a folder (or given as the root). dfd, when not
 * -1, is the open folder holding name: stat relative to it spares the
 * kernel a walk of the whole path for every file. */
static void visit(walk_state_t *w, int dfd, const char *path, const char *name) {
  struct stat st;
  if (name && leads_outside(w, path))
    return;
  if ((dfd >= 0 ? fstatat(dfd, name, &st, 0) : stat(path, &st)) != 0) {
    int gone = errno == ENOENT;
    w->warn(w->ctx, path, gone ? "vanished or dangling symbolic link" : strerror(errno), !gone);
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    if ((name && name[0] == '.') || is_index_dir(path, &st))
      return;
    walk_dir(w, path, &st);
  } else if (S_ISREG(st.st_mode)) {
    if (is_source_file(path))
      return; /* named, it is still a folder's source, not an article */
    if (!name || scan_is_article_name(name) || is_feed_xml(path, name))
      add_file(w, path, &st);
    else
      count_kind(name);
  } else if (!name || scan_is_article_name(name)) {
    w->warn(w->ctx, path, NOT_REGULAR, 0);
  }
}

static void walk_dir(walk_state_t *w, const char *dir, const struct stat *dst) {
  for (int i = 0; i < w->depth; i++) {
    if (w->dev[i] == dst->st_dev && w->ino[i] == dst->st_ino) {
      w->warn(w->ctx, dir, "symbolic link loop; not followed", 1);
      return;
    }
  }
  if (w->depth >= (int)(sizeof w->dev / sizeof w->dev[0])) {
    w->warn(w->ctx, dir, "folders nested too deeply; not followed", 1);
    return;
  }
  if (on_folder.fn) /* before the listing: nothing created after it is missed */
    on_folder.fn(on_folder.ctx, dir);
  DIR *d = opendir(dir);
  if (!d) {
    w->warn(w->ctx, dir, strerror(errno), 1);
    return;
  }
  w->dev[w->depth] = dst->st_dev;
  w->ino[w->depth] = dst->st_ino;
  w->depth++;
  /* Below dir, its own source file's name, else the one in force above. */
  const char *above = w->source;
  char *own = own_source(w, dir);
  if (own)
    w->source = remember(dir, own);
  /* The names, NUL-terminated one after the other in one buffer (a rescan
   * lists every folder: no allocation per file), then sorted. */
  char *text = NULL;
  size_t used = 0, room = 0, n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
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
    visit(w, dirfd(d), path, names[i]);
  }
  free(path);
  free(text);
  closedir(d); /* kept open for fstatat(), at most one per level */
  free(names);
  w->source = above;
  w->depth--;
}

int scan_walk(scan_file_t **files, size_t *count, const char *root, scan_warn_fn warn, void *ctx) {
  return scan_walk_within(files, count, root, NULL, 0, warn, ctx);
}

/* Visits path (name: its last component, or NULL for a root) in a walk of
 * root. */
static void walk_from(scan_file_t **files, size_t *count, const char *root, const char *path,
                      const char *name, const char *const *within, size_t nwithin,
                      scan_warn_fn warn, void *ctx) {
  walk_state_t w = {0};
  w.files = files;
  w.count = count;
  w.cap = *count;
  w.root = root;
  w.warn = warn;
  w.ctx = ctx;
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
  char *parent = parent_of(path);
  w.source = folder_source(&w, parent);
  free(parent);
  visit(&w, -1, path, name);
  for (size_t i = 0; i < w.nwithin; i++)
    free(w.within[i]);
  free(w.within);
}

int scan_walk_within(scan_file_t **files, size_t *count, const char *root,
                     const char *const *within, size_t nwithin, scan_warn_fn warn, void *ctx) {
  char *abs = realpath(root, NULL);
  if (!abs) {
    if (errno == ENOENT)
      return SCAN_GONE;
    warn(ctx, root, strerror(errno), 1);
    return -1;
  }
  struct stat st;
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
  for (size_t i = 0; i < count; i++) {
    free(files[i].path);
    free(files[i].root);
  }
  free(files);
}
