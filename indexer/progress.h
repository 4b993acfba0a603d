/*
 * progress.h - the progress line of lede-index and its warnings.
 *
 * On a terminal (stderr is a tty and not --quiet) one line is redrawn in
 * place, at most ten times a second: files done of total, sentences, rate
 * and ETA. Warnings go through progress_warn() so that they print on lines
 * of their own instead of through the progress line.
 */
#ifndef LEDE_INDEX_PROGRESS_H
#define LEDE_INDEX_PROGRESS_H

#include <stddef.h>

typedef struct progress {
  int enabled;        /* drawing at all */
  int drawn;          /* a line is on screen */
  double start, last; /* monotonic seconds */
  size_t files_total;
  size_t files_done;
  unsigned long long sentences;
  unsigned long warnings; /* warnings printed */
  /* The index's lock file (or -1): once a second its content becomes
   * "PID DONE TOTAL", which lede-query shows while a first build runs. */
  int lock_fd;
  int watching; /* --watch: " watch" follows (index_lock_mark_watching()) */
  double noted; /* when it was last written */
} progress_t;

/* Starts the clock; draws only when stderr is a terminal and not quiet. */
void progress_init(progress_t *p, int quiet);

/* Sets the total number of files to look at. */
void progress_set_total(progress_t *p, size_t files_total);

/* Adds done files and sentences; redraws when enough time has passed. */
void progress_add(progress_t *p, size_t files, unsigned long long sentences);

/* Prints "lede-index: PATH: WHY" (or "lede-index: WHY" when path is NULL)
 * with control bytes and invalid UTF-8 escaped (ledei_escape()). */
void progress_print(const char *path, const char *why);

/* Prints "lede-index: PATH: WHY" on a line of its own, escaped the same way. */
void progress_warn(progress_t *p, const char *path, const char *why);

/* Clears the line (before the summary). */
void progress_end(progress_t *p);

/* Monotonic seconds. */
double progress_now(void);

#endif
