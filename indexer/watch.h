/*
 * watch.h - lede-index --watch: which paths changed, in batches (inotify).
 *
 * Every folder a walk enters is watched (scan_on_folder()), so folders
 * created later are watched as soon as a walk meets them. Changes are
 * collected until WATCH_QUIET_S passes without one, or WATCH_CAP_S after
 * the first (a steady stream still gives a batch that often), and handed
 * over as paths for the caller to bring up to date like a walk's roots.
 * A file modified but not yet closed waits until it has been quiet for
 * WATCH_OPEN_QUIET_S: it may still be half written.
 */
#ifndef LEDE_INDEX_WATCH_H
#define LEDE_INDEX_WATCH_H

#include <stddef.h>

#define WATCH_QUIET_S 0.15
#define WATCH_CAP_S 0.5
#define WATCH_OPEN_QUIET_S 0.5
/* While some folder could not be watched (the kernel's limit), the roots
 * are rescanned this often instead. */
#define WATCH_RESCAN_S 5.0

typedef struct watch watch_t;

/* Starts watching for the roots (absolute, as lede-index walks them): a
 * root that is a file is watched through its folder. NULL with errno set
 * when inotify is not available. */
watch_t *watch_new(char *const *roots, size_t nroots);

/* Catches the stop signals (SIGINT, SIGTERM), which from then on end
 * watch_next() instead of the process. Called once the first update is
 * done: until then a stop signal ends the run as it ends any run (what
 * was committed stays), not after the whole first update. */
void watch_catch_stop(void);

/* Watches folder dir (a scan_on_folder() callback; ctx is the watch_t). */
void watch_folder(void *ctx, const char *dir);

/* While absent is set (a root's disk is not mounted: its articles were
 * kept), the roots are rescanned every 5 s, so that the disk is watched
 * again once mounted (a watch on its empty mount point sees nothing of
 * it). */
void watch_look_for(watch_t *w, int absent);

/* Number of folders watched. */
size_t watch_count(const watch_t *w);

/* A batch of changes. */
typedef struct watch_batch {
  char **paths; /* changed paths (files or folders), none under another */
  size_t npaths;
  int rescan; /* everything must be rescanned (queue overflow, watch limit) */
  int stop;   /* a stop signal came: this is the last batch */
} watch_batch_t;

/* Waits for the next batch (which may be empty when b->stop is set). */
void watch_next(watch_t *w, watch_batch_t *b);

void watch_batch_free(watch_batch_t *b);
void watch_free(watch_t *w);

#endif
