/*
 * progress.c - the progress line of lede-index (see progress.h).
 */
#include "progress.h"

#include "lede_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

double progress_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(progress_t *p, int quiet) {
  *p = (progress_t){0};
  p->lock_fd = -1;
  p->enabled = !quiet && isatty(STDERR_FILENO);
  p->start = progress_now();
}

void progress_set_total(progress_t *p, size_t files_total) {
  p->files_total = files_total;
}

/* Clears the drawn line. */
static void clear_line(progress_t *p) {
  if (p->drawn) {
    fputs("\r\033[K", stderr);
    p->drawn = 0;
  }
}

/* Draws the line: "lede-index: 1200/19043 files, 8000 sentences, 950 files/s, ETA 19 s". */
static void draw(progress_t *p, double now) {
  double elapsed = now - p->start;
  double rate = elapsed > 0 ? (double)p->files_done / elapsed : 0;
  char eta[32] = "";
  if (rate > 0 && p->files_total > p->files_done)
    snprintf(eta, sizeof eta, ", ETA %.0f s", (double)(p->files_total - p->files_done) / rate);
  fprintf(stderr, "\r\033[Klede-index: %zu/%zu files, %llu sentences, %.0f files/s%s",
          p->files_done, p->files_total, p->sentences, rate, eta);
  fflush(stderr);
  p->drawn = 1;
  p->last = now;
}

/* Writes "PID DONE TOTAL" into the lock file (its holder's pid first, as
 * lock.c wrote it: readers take the first number for the pid), and
 * " watch" after it for a watcher (index_lock_mark_watching()). */
static void note(progress_t *p, double now) {
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%ld %zu %zu%s\n", (long)getpid(), p->files_done,
                   p->files_total, p->watching ? " watch" : "");
  if (n > 0 && pwrite(p->lock_fd, buf, (size_t)n, 0) == n && ftruncate(p->lock_fd, n) == 0)
    p->noted = now;
}

void progress_add(progress_t *p, size_t files, unsigned long long sentences) {
  p->files_done += files;
  p->sentences += sentences;
  if (p->lock_fd >= 0) {
    double now = progress_now();
    if (now - p->noted >= 1.0)
      note(p, now);
  }
  if (!p->enabled)
    return;
  double now = progress_now();
  if (now - p->last >= 0.1)
    draw(p, now);
}

void progress_print(const char *path, const char *why) {
  /* Names and messages may hold control bytes: escaped, they cannot drive
   * the terminal or fake a line. */
  char *w = ledei_escape(why);
  if (path) {
    char *e = ledei_escape(path);
    fprintf(stderr, "lede-index: %s: %s\n", e, w);
    free(e);
  } else {
    fprintf(stderr, "lede-index: %s\n", w);
  }
  free(w);
}

void progress_warn(progress_t *p, const char *path, const char *why) {
  clear_line(p);
  progress_print(path, why);
  p->warnings++;
}

void progress_end(progress_t *p) {
  clear_line(p);
}
