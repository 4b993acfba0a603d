/*
 * watch.c - lede-index --watch: inotify events gathered into batches of
 * changed paths (see watch.h).
 */
#define _GNU_SOURCE /* ppoll */
#include "watch.h"

#include "lede_private.h"
#include "progress.h"
#include "scan.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EVENTS                                                                                     \
  (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_MODIFY | IN_ATTRIB |  \
   IN_DELETE_SELF | IN_MOVE_SELF)

/* A path with changes not yet handed over. */
typedef struct pending {
  char *path;
  double last; /* when its last event came */
  int open;    /* written (or created) and not closed since */
} pending_t;

/* Another path of a watched folder (reached through a symbolic link):
 * inotify gives one descriptor a folder, whatever the path. */
typedef struct alias {
  int wd;
  char *path;
} alias_t;

struct watch {
  int fd;
  char **dirs; /* the folder of each watch descriptor, or NULL */
  size_t ndirs;
  alias_t *aliases; /* the folders' other paths, which a walk also reads */
  size_t naliases;
  size_t watched;
  char **roots;
  size_t nroots;
  long max;    /* $LEDE_WATCH_LIMIT: act as if the kernel allowed this many (tests) */
  int limited; /* a folder could not be watched */
  int lost;    /* a root folder was removed or moved away: looked for */
  int absent;  /* a root's disk is not mounted (watch_look_for()): looked for */
  int rescan;  /* a rescan is due */
  double rescanned;
  pending_t *pend;
  size_t npend, cap;
  double first; /* when the oldest pending change came */
};

static volatile sig_atomic_t stop_signal;
static sigset_t run_mask; /* the mask while waiting: the stop signals let through */

static void on_stop(int sig) {
  stop_signal = sig;
}

/* Before the watching starts: the signal ends the process as it ends any
 * run (even where a shell started it ignoring SIGINT, as it starts a
 * background job). */
static void on_stop_early(int sig) {
  signal(sig, SIG_DFL);
  raise(sig);
}

static void catch_signals(void (*handler)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}

/* The stop signals are blocked except while waiting (ppoll), so a batch in
 * hand is always finished and committed. */
void watch_catch_stop(void) {
  catch_signals(on_stop);
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigprocmask(SIG_BLOCK, &block, &run_mask);
  sigdelset(&run_mask, SIGINT);
  sigdelset(&run_mask, SIGTERM);
}

static void add_watch(watch_t *w, const char *dir) {
  int wd = -1;
  errno = ENOSPC;
  if (!w->max || w->watched < (size_t)w->max)
    wd = inotify_add_watch(w->fd, dir, EVENTS);
  if (wd < 0) {
    if (errno == ENOSPC && !w->limited) {
      char why[160];
      snprintf(why, sizeof why,
               "cannot watch more folders (inotify watch limit reached, %zu watched; see "
               "fs.inotify.max_user_watches); rescanning every %.0f s instead",
               w->watched, WATCH_RESCAN_S);
      progress_print(dir, why);
      w->limited = 1;
    }
    return;
  }
  if ((size_t)wd >= w->ndirs) {
    size_t n = (size_t)wd * 2 + 16;
    w->dirs = ledei_xrealloc(w->dirs, n * sizeof *w->dirs);
    memset(w->dirs + w->ndirs, 0, (n - w->ndirs) * sizeof *w->dirs);
    w->ndirs = n;
  }
  if (!w->dirs[wd]) {
    w->watched++;
    w->dirs[wd] = ledei_xstrdup(dir);
    return;
  }
  /* The same folder by another path (a symbolic link to it in the tree):
   * a walk reads its files under both, so changes are told under both. */
  if (strcmp(w->dirs[wd], dir) == 0)
    return;
  for (size_t i = 0; i < w->naliases; i++)
    if (w->aliases[i].wd == wd && strcmp(w->aliases[i].path, dir) == 0)
      return;
  w->aliases = ledei_xrealloc(w->aliases, (w->naliases + 1) * sizeof *w->aliases);
  w->aliases[w->naliases++] = (alias_t){wd, ledei_xstrdup(dir)};
}

/* Drops the other paths of descriptor wd (all when under is NULL, else
 * those under that folder). */
static void drop_aliases(watch_t *w, int wd, const char *under) {
  size_t kept = 0;
  for (size_t i = 0; i < w->naliases; i++) {
    if ((wd < 0 || w->aliases[i].wd == wd) &&
        (!under || scan_path_under(w->aliases[i].path, under)))
      free(w->aliases[i].path);
    else
      w->aliases[kept++] = w->aliases[i];
  }
  w->naliases = kept;
}

void watch_folder(void *ctx, const char *dir) {
  add_watch(ctx, dir);
}

void watch_look_for(watch_t *w, int absent) {
  w->absent = absent;
}

size_t watch_count(const watch_t *w) {
  return w->watched;
}

watch_t *watch_new(char *const *roots, size_t nroots) {
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0)
    return NULL;
  watch_t *w = ledei_xcalloc(1, sizeof *w);
  w->fd = fd;
  const char *max = getenv("LEDE_WATCH_LIMIT");
  w->max = max && *max ? strtol(max, NULL, 10) : 0;
  w->roots = ledei_xcalloc(nroots + 1, sizeof *w->roots);
  for (size_t i = 0; i < nroots; i++) {
    w->roots[w->nroots++] = ledei_xstrdup(roots[i]);
    /* A root that is a file is watched through its folder (a walk of a
     * root folder watches it itself). */
    struct stat st;
    if (stat(roots[i], &st) == 0 && S_ISDIR(st.st_mode))
      continue;
    char *parent = ledei_xstrdup(roots[i]);
    char *slash = strrchr(parent, '/');
    if (slash) {
      slash[slash == parent] = '\0';
      add_watch(w, parent);
    }
    free(parent);
  }
  w->rescanned = progress_now();
  catch_signals(on_stop_early);
  return w;
}

/* The pending entry of path, created when missing. */
static pending_t *pending_of(watch_t *w, const char *path, double now) {
  for (size_t i = w->npend; i-- > 0;)
    if (strcmp(w->pend[i].path, path) == 0)
      return &w->pend[i];
  if (w->npend == w->cap) {
    w->cap = w->cap ? w->cap * 2 : 64;
    w->pend = ledei_xrealloc(w->pend, w->cap * sizeof *w->pend);
  }
  if (w->npend == 0)
    w->first = now;
  pending_t *p = &w->pend[w->npend++];
  p->path = ledei_xstrdup(path);
  p->open = 0;
  return p;
}

/* Stops watching folder dir and those under it (moved away: their events
 * would carry the old path). */
static void forget_folders(watch_t *w, const char *dir) {
  drop_aliases(w, -1, dir);
  for (size_t wd = 0; wd < w->ndirs; wd++) {
    if (w->dirs[wd] && scan_path_under(w->dirs[wd], dir)) {
      free(w->dirs[wd]);
      w->dirs[wd] = NULL;
      /* Still reached by another path: that path is its name now. */
      for (size_t i = 0; i < w->naliases && !w->dirs[wd]; i++) {
        if (w->aliases[i].wd == (int)wd) {
          w->dirs[wd] = w->aliases[i].path;
          w->aliases[i] = w->aliases[--w->naliases];
        }
      }
      if (!w->dirs[wd]) {
        inotify_rm_watch(w->fd, (int)wd);
        w->watched--;
      }
    }
  }
}

static int is_root(const watch_t *w, const char *path) {
  for (size_t i = 0; i < w->nroots; i++)
    if (strcmp(path, w->roots[i]) == 0)
      return 1;
  return 0;
}

/* 1 when a change at path can matter: under a root, and a name a walk may
 * read (any name for a root itself; hidden folders are not walked). */
static int relevant(const watch_t *w, const char *path, const char *name, int is_dir) {
  if (is_root(w, path))
    return 1;
  int in = 0;
  for (size_t i = 0; i < w->nroots && !in; i++)
    in = scan_path_under(path, w->roots[i]);
  if (!in)
    return 0;
  return is_dir ? name[0] != '.' : scan_is_candidate_name(name);
}

static void take_event_in(watch_t *w, const struct inotify_event *e, const char *dir, double now);

static void take_event(watch_t *w, const struct inotify_event *e, double now) {
  if (e->mask & IN_Q_OVERFLOW) {
    if (!w->rescan)
      progress_print(NULL, "too many changes at once (inotify queue overflow); rescanning "
                           "everything");
    w->rescan = 1;
    return;
  }
  if (e->wd < 0 || (size_t)e->wd >= w->ndirs || !w->dirs[e->wd])
    return;
  /* A root's file system unmounted: its folder, if there, is another one
   * (the mount point), and the disk's, once mounted again, is watched by
   * the rescans that look for it. */
  if ((e->mask & IN_UNMOUNT) && is_root(w, w->dirs[e->wd]) && !w->lost) {
    progress_print(w->dirs[e->wd], "the watched folder's disk was unmounted; looking for it "
                                   "every 5 s");
    w->lost = w->rescan = 1;
  }
  /* A disk inside a root unmounted: a rescan says whether articles were
   * on it (they are kept, and it is looked for, watch_look_for()). */
  if (e->mask & IN_UNMOUNT)
    w->rescan = 1;
  if (e->mask & IN_IGNORED) { /* the folder was deleted, or its disk unmounted */
    free(w->dirs[e->wd]);
    w->dirs[e->wd] = NULL;
    w->watched--;
    drop_aliases(w, e->wd, NULL);
    return;
  }
  /* The event under each path of the folder; the list copied first, as
   * taking an event may change it. */
  size_t n = 1;
  for (size_t i = 0; i < w->naliases; i++)
    n += w->aliases[i].wd == e->wd;
  char **dirs = ledei_xcalloc(n, sizeof *dirs);
  dirs[0] = ledei_xstrdup(w->dirs[e->wd]);
  for (size_t i = 0, k = 1; i < w->naliases; i++)
    if (w->aliases[i].wd == e->wd)
      dirs[k++] = ledei_xstrdup(w->aliases[i].path);
  for (size_t i = 0; i < n; i++) {
    take_event_in(w, e, dirs[i], now);
    free(dirs[i]);
  }
  free(dirs);
}

/* Takes event e of the folder at path dir. */
static void take_event_in(watch_t *w, const struct inotify_event *e, const char *dir, double now) {
  int self = e->len == 0 || e->name[0] == '\0';
  /* A folder's source file names the source of every article under it:
   * the folder is what changed. */
  if (!self && strcmp(e->name, SCAN_SOURCE_FILE) == 0 && !(e->mask & IN_ISDIR)) {
    if (relevant(w, dir, "", 1)) {
      pending_t *p = pending_of(w, dir, now);
      p->last = now;
      p->open = 0;
    }
    return;
  }
  size_t len = strlen(dir) + (self ? 0 : strlen(e->name) + 1) + 1;
  char *path = ledei_xmalloc(len);
  if (self)
    snprintf(path, len, "%s", dir);
  else
    snprintf(path, len, "%s/%s", dir, e->name);
  int is_dir = (e->mask & IN_ISDIR) || self;
  /* A folder's own deletion or move is seen from its parent's watch, but
   * a root's parent is not watched. */
  int root_self = self && (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) && is_root(w, path);
  if (root_self && !w->lost) {
    /* Nothing watches a root's parent: the rescans look for it. */
    progress_print(path, "the watched folder was removed or moved away; looking for it every 5 s");
    w->lost = 1;
  }
  if (root_self || (!self && relevant(w, path, e->name, is_dir))) {
    pending_t *p = pending_of(w, path, now);
    p->last = now;
    if (e->mask & (IN_MODIFY | IN_CREATE))
      p->open = !is_dir;
    if (e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_MOVE_SELF))
      p->open = 0;
    if ((e->mask & (IN_MOVED_FROM | IN_MOVE_SELF | IN_DELETE_SELF)) && is_dir)
      forget_folders(w, path);
    /* A new folder is watched at once, so that what is written in it
     * before the batch's walk is seen; that walk watches its sub-folders. */
    if ((e->mask & (IN_CREATE | IN_MOVED_TO)) && (e->mask & IN_ISDIR))
      add_watch(w, path);
  }
  free(path);
}

/* Reads the events waiting. */
static void read_events(watch_t *w, double now) {
  _Alignas(struct inotify_event) char buf[64 * 1024];
  for (;;) {
    ssize_t n = read(w->fd, buf, sizeof buf);
    if (n <= 0)
      return;
    for (char *p = buf; p < buf + n;) {
      const struct inotify_event *e = (const struct inotify_event *)(void *)p;
      take_event(w, e, now);
      p += sizeof *e + e->len;
    }
  }
}

/* 1 when p may be handed over at time now. */
static int ready(const pending_t *p, double now) {
  return !p->open || now - p->last >= WATCH_OPEN_QUIET_S;
}

static int cmp_path(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Moves the ready pending paths into b, sorted, none under another. */
static void hand_over(watch_t *w, watch_batch_t *b, double now) {
  b->paths = ledei_xcalloc(w->npend + 1, sizeof *b->paths);
  size_t kept = 0;
  for (size_t i = 0; i < w->npend; i++) {
    if (b->rescan || ready(&w->pend[i], now))
      b->paths[b->npaths++] = w->pend[i].path;
    else
      w->pend[kept++] = w->pend[i];
  }
  w->npend = kept;
  w->first = now;
  qsort(b->paths, b->npaths, sizeof *b->paths, cmp_path);
  size_t u = 0;
  for (size_t i = 0; i < b->npaths; i++) {
    if (u > 0 && scan_path_under(b->paths[i], b->paths[u - 1]))
      free(b->paths[i]);
    else
      b->paths[u++] = b->paths[i];
  }
  b->npaths = u;
}

/* 1 when every root exists again and each root folder is watched again
 * (a rescan's walk watches the folders it enters; a root that is a file
 * is watched through its folder). */
static int roots_back(watch_t *w) {
  int all = 1;
  for (size_t i = 0; i < w->nroots; i++) {
    struct stat st;
    if (stat(w->roots[i], &st) != 0) {
      all = 0;
      continue;
    }
    if (!S_ISDIR(st.st_mode))
      continue;
    int watched = 0;
    for (size_t wd = 0; wd < w->ndirs && !watched; wd++)
      watched = w->dirs[wd] && strcmp(w->dirs[wd], w->roots[i]) == 0;
    all &= watched;
  }
  return all;
}

void watch_next(watch_t *w, watch_batch_t *b) {
  memset(b, 0, sizeof *b);
  if (w->lost && !w->absent && roots_back(w)) {
    progress_print(NULL, "every watched folder is back; watching them again");
    w->lost = 0;
  }
  for (;;) {
    double now = progress_now();
    int polling = w->limited || w->lost || w->absent;
    if (polling && now - w->rescanned >= WATCH_RESCAN_S)
      w->rescan = 1;
    /* A batch is due once no event came for WATCH_QUIET_S, or WATCH_CAP_S
     * after its first; with only unclosed files pending, when the first
     * of them has been quiet long enough. */
    size_t nready = 0;
    double last = 0, due = -1; /* -1: nothing pending */
    for (size_t i = 0; i < w->npend; i++) {
      if (w->pend[i].last > last)
        last = w->pend[i].last;
      if (ready(&w->pend[i], now))
        nready++;
      else if (due < 0 || w->pend[i].last + WATCH_OPEN_QUIET_S < due)
        due = w->pend[i].last + WATCH_OPEN_QUIET_S;
    }
    if (nready)
      due = last + WATCH_QUIET_S < w->first + WATCH_CAP_S ? last + WATCH_QUIET_S
                                                          : w->first + WATCH_CAP_S;
    if (stop_signal || w->rescan || (nready && due <= now)) {
      b->stop = stop_signal != 0;
      b->rescan = w->rescan;
      if (w->rescan)
        w->rescanned = now;
      w->rescan = 0;
      hand_over(w, b, now);
      return;
    }
    double wait = due < 0 ? -1 : due - now;
    if (polling && (wait < 0 || wait > w->rescanned + WATCH_RESCAN_S - now))
      wait = w->rescanned + WATCH_RESCAN_S - now;
    struct timespec ts = {0, 0};
    if (wait > 0) {
      ts.tv_sec = (time_t)wait;
      ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);
    }
    struct pollfd pfd = {.fd = w->fd, .events = POLLIN};
    int got = ppoll(&pfd, 1, wait < 0 ? NULL : &ts, &run_mask);
    if (got > 0)
      read_events(w, progress_now());
  }
}

void watch_batch_free(watch_batch_t *b) {
  for (size_t i = 0; i < b->npaths; i++)
    free(b->paths[i]);
  free(b->paths);
  memset(b, 0, sizeof *b);
}

void watch_free(watch_t *w) {
  if (!w)
    return;
  close(w->fd);
  for (size_t i = 0; i < w->ndirs; i++)
    free(w->dirs[i]);
  free(w->dirs);
  drop_aliases(w, -1, NULL);
  free(w->aliases);
  for (size_t i = 0; i < w->nroots; i++)
    free(w->roots[i]);
  free(w->roots);
  for (size_t i = 0; i < w->npend; i++)
    free(w->pend[i].path);
  free(w->pend);
  free(w);
}
