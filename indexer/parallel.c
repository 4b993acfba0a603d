/*
 * parallel.c - building a fresh database with worker processes (see
 * parallel.h).
 *
 * Workers talk to the parent through a pipe, one line per event (short
 * writes to a pipe are atomic):
 *   "p SENTENCES"                          one file done
 *   "w PATH\tWHY"                          a warning (each with its
 *                                          backslashes, tabs and newlines
 *                                          written \\ \t \n)
 *   "d ADDED UPDATED UNCHANGED SKIPPED WARNINGS SENTENCES"  finished
 *   "e STATUS MESSAGE"                     failed (a lede_status_t and the
 *                                          message the parent prints as is,
 *                                          escaped as a warning's fields)
 */
#include "parallel.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/* Writes one line to the pipe (the whole of it, retrying on EINTR). */
static void send_line(int fd, const char *line) {
  size_t len = strlen(line), done = 0;
  while (done < len) {
    ssize_t w = write(fd, line + done, len - done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return;
    done += (size_t)w;
  }
}

/* A line's longest: a warning's path (up to PATH_MAX) and its reason,
 * each written at most twice as long by pipe_escape(). */
#define LINE_MAX_BYTES 32768

/* Appends s to out (of size room, from *at) with backslashes, tabs and
 * newlines escaped, so that a path holding them stays one field of one
 * line; stops short of the end of out. */
static void pipe_escape(char *out, size_t room, size_t *at, const char *s) {
  for (; *s && *at + 3 < room; s++) {
    char c = *s == '\t' ? 't' : *s == '\n' ? 'n' : *s == '\\' ? '\\' : 0;
    if (c) {
      out[(*at)++] = '\\';
      out[(*at)++] = c;
    } else {
      out[(*at)++] = *s;
    }
  }
  out[*at] = '\0';
}

/* Undoes pipe_escape() in place. */
static void pipe_unescape(char *s) {
  char *to = s;
  for (; *s; s++) {
    if (*s == '\\' && s[1]) {
      s++;
      *to++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
    } else {
      *to++ = *s;
    }
  }
  *to = '\0';
}

/* A worker's warning: sent to the parent, which prints it as a run of one
 * process would (path and reason as they are). */
static void pipe_warn(void *ctx, const char *path, const char *why) {
  int fd = *(int *)ctx;
  char *line = ledei_xmalloc(LINE_MAX_BYTES);
  size_t at = 0;
  pipe_escape(line, LINE_MAX_BYTES - 2, &at, "w ");
  pipe_escape(line, LINE_MAX_BYTES / 2, &at, path);
  line[at++] = '\t';
  pipe_escape(line, LINE_MAX_BYTES - 2, &at, why);
  line[at++] = '\n';
  line[at] = '\0';
  send_line(fd, line);
  free(line);
}

/* A worker's file done: its sentences sent to the parent's progress line. */
static void pipe_done(void *ctx, unsigned sentences) {
  char line[32];
  snprintf(line, sizeof line, "p %u\n", sentences);
  send_line(*(int *)ctx, line);
}

/* Closes every descriptor a worker inherited but its pipe and stdio: in
 * particular the writer lock's, which would otherwise stay held while a
 * worker of a killed lede-index is still dying, so the next run found the
 * index locked (tests/cli/faults_concurrent.sh, now and then). */
static void close_inherited(int keep) {
  int fds[256], n = 256;
  while (n == 256) { /* listed 256 at a time, closed after each listing */
    DIR *d = opendir("/proc/self/fd");
    if (!d)
      return;
    struct dirent *e;
    n = 0;
    while ((e = readdir(d)) != NULL && n < 256) {
      int fd = atoi(e->d_name);
      if (fd > 2 && fd != keep && fd != dirfd(d))
        fds[n++] = fd;
    }
    closedir(d);
    for (int i = 0; i < n; i++)
      close(fds[i]);
  }
}

/* The body of worker k: indexes files k, k+jobs, ... into shard. Never
 * returns. */
static void run_worker(int k, int jobs, int fd, const char *shard, const char *language,
                       const char *base, const scan_file_t *files, size_t n) {
#ifdef __linux__
  prctl(PR_SET_PDEATHSIG, SIGKILL); /* die with the parent */
#endif
  close_inherited(fd);
  char line[4200];
  lede_db_t *db = NULL;
  lede_status_t rc = ledei_db_open_shard(&db, shard, language);
  updater_t u = {.db = db,
                 .base = base,
                 .warn = pipe_warn,
                 .warn_ctx = &fd,
                 .done = pipe_done,
                 .done_ctx = &fd,
                 .batch = update_batch_bytes()};
  if (rc == LEDE_OK)
    rc = update_files(&u, files, n, (size_t)k, (size_t)jobs, NULL);
  if (rc == LEDE_OK)
    rc = ledei_db_finish_build(db);
  if (rc != LEDE_OK) {
    char *msg = ledei_xmalloc(LINE_MAX_BYTES);
    size_t at = (size_t)snprintf(msg, LINE_MAX_BYTES, "e %d ", (int)rc);
    pipe_escape(msg, LINE_MAX_BYTES - 2, &at, lede_last_error());
    strcpy(msg + at, "\n");
    send_line(fd, msg);
    _exit(2);
  }
  lede_db_close(db);
  snprintf(line, sizeof line, "d %lu %lu %lu %lu %lu %llu\n", u.n.added, u.n.updated, u.n.unchanged,
           u.n.skipped, u.n.warnings, u.n.sentences);
  send_line(fd, line);
  _exit(0);
}

typedef struct worker {
  pid_t pid;
  int fd;
  char *shard;
  char buf[LINE_MAX_BYTES];
  size_t len;
  int done;    /* sent "d" */
  char *error; /* sent "e": its message */
  lede_status_t status;
} worker_t;

/* Handles one line from a worker. */
static void handle_line(worker_t *w, char *line, progress_t *p, update_counts_t *c) {
  if (line[0] == 'p') {
    progress_add(p, 1, strtoull(line + 2, NULL, 10));
  } else if (line[0] == 'w') {
    char *tab = strchr(line + 2, '\t');
    if (tab)
      *tab = '\0';
    pipe_unescape(line + 2);
    if (tab)
      pipe_unescape(tab + 1);
    progress_warn(p, line + 2, tab ? tab + 1 : "");
  } else if (line[0] == 'd') {
    update_counts_t d = {0};
    if (sscanf(line + 2, "%lu %lu %lu %lu %lu %llu", &d.added, &d.updated, &d.unchanged, &d.skipped,
               &d.warnings, &d.sentences) == 6) {
      update_counts_add(c, &d);
      w->done = 1;
    }
  } else if (line[0] == 'e') {
    char *msg = NULL;
    long status = strtol(line + 2, &msg, 10);
    pipe_unescape(msg);
    free(w->error);
    w->error = ledei_xstrdup(*msg == ' ' ? msg + 1 : msg);
    w->status =
        status > LEDE_OK && status <= LEDE_ERR_XAPIAN ? (lede_status_t)status : LEDE_ERR_XAPIAN;
  }
}

/* Reads what a worker sent; returns 0 at end of file. */
static int drain(worker_t *w, progress_t *p, update_counts_t *c) {
  ssize_t got = read(w->fd, w->buf + w->len, sizeof w->buf - w->len - 1);
  if (got < 0)
    return errno == EINTR ? 1 : 0;
  if (got == 0)
    return 0;
  w->len += (size_t)got;
  w->buf[w->len] = '\0';
  char *start = w->buf, *nl;
  while ((nl = memchr(start, '\n', w->len - (size_t)(start - w->buf))) != NULL) {
    *nl = '\0';
    handle_line(w, start, p, c);
    start = nl + 1;
  }
  w->len -= (size_t)(start - w->buf);
  memmove(w->buf, start, w->len);
  if (w->len == sizeof w->buf - 1)
    w->len = 0; /* an overlong line: drop it */
  return 1;
}

lede_status_t parallel_build(lede_db_t **out, const char *dir, const char *language,
                             const char *base, const scan_file_t *files, size_t n, int jobs,
                             progress_t *progress, update_counts_t *counts) {
  *out = NULL;
  worker_t *ws = ledei_xcalloc((size_t)jobs, sizeof *ws);
  lede_status_t rc = LEDE_OK;
  int started = 0;
  fflush(NULL);
  for (int k = 0; k < jobs; k++) {
    size_t len = strlen(dir) + 64;
    ws[k].shard = ledei_xmalloc(len);
    snprintf(ws[k].shard, len, "%s/tmp-%ld-%d", dir, (long)getpid(), k);
    int pfd[2];
    if (pipe(pfd) != 0) {
      rc = ledei_error(LEDE_ERR_IO, "cannot create a pipe: %s", strerror(errno));
      break;
    }
    pid_t pid = fork();
    if (pid < 0) {
      close(pfd[0]);
      close(pfd[1]);
      rc = ledei_error(LEDE_ERR_IO, "cannot start a worker: %s", strerror(errno));
      break;
    }
    if (pid == 0)
      run_worker(k, jobs, pfd[1], ws[k].shard, language, base, files, n);
    close(pfd[1]);
    ws[k].pid = pid;
    ws[k].fd = pfd[0];
    started++;
  }

  /* Progress and warnings until every worker has closed its pipe. */
  struct pollfd *pfds = ledei_xcalloc((size_t)jobs, sizeof *pfds);
  int open_count = started, stopping = 0;
  int *is_open = ledei_xcalloc((size_t)jobs, sizeof *is_open);
  for (int k = 0; k < started; k++)
    is_open[k] = 1;
  while (open_count > 0) {
    int m = 0;
    int map[256];
    for (int k = 0; k < started; k++) {
      if (is_open[k]) {
        pfds[m].fd = ws[k].fd;
        pfds[m].events = POLLIN;
        map[m++] = k;
      }
    }
    int r = poll(pfds, (nfds_t)m, -1);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      break;
    for (int i = 0; i < m; i++) {
      if (!(pfds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      worker_t *w = &ws[map[i]];
      if (!drain(w, progress, counts)) {
        close(w->fd);
        is_open[map[i]] = 0;
        open_count--;
      }
      /* One worker failed (a full disk, say): the build is lost, so stop
       * the others rather than let them fill the disk further. */
      if (w->error && !stopping) {
        stopping = 1;
        for (int k = 0; k < started; k++)
          if (&ws[k] != w)
            kill(ws[k].pid, SIGKILL);
      }
    }
  }
  int statuses[256] = {0};
  for (int k = 0; k < started; k++)
    while (waitpid(ws[k].pid, &statuses[k], 0) < 0 && errno == EINTR) {
    }
  /* The reason a worker gave (it names the index or file) comes first; a
   * worker that died without one is described by how it ended. */
  for (int k = 0; k < started && rc == LEDE_OK; k++)
    if (ws[k].error)
      rc = ledei_error(ws[k].status, "%s", ws[k].error);
  for (int k = 0; k < started && rc == LEDE_OK; k++) {
    int status = statuses[k];
    if (WIFSIGNALED(status))
      rc = ledei_error(LEDE_ERR_IO, "worker %d (pid %ld) was killed by signal %d (%s)", k,
                       (long)ws[k].pid, WTERMSIG(status), strsignal(WTERMSIG(status)));
    else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !ws[k].done)
      rc = ledei_error(LEDE_ERR_IO, "worker %d (pid %ld) failed (exit status %d)", k,
                       (long)ws[k].pid, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  free(pfds);
  free(is_open);

  if (rc == LEDE_OK) {
    const char **shards = ledei_xcalloc((size_t)jobs, sizeof *shards);
    for (int k = 0; k < jobs; k++)
      shards[k] = ws[k].shard;
    rc = ledei_db_open_merged(out, dir, shards, (size_t)jobs);
    free(shards);
  }
  for (int k = 0; k < jobs; k++) {
    if (ws[k].shard)
      ledei_db_remove_shard(ws[k].shard);
    free(ws[k].shard);
    free(ws[k].error);
  }
  free(ws);
  return rc;
}
