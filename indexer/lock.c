/*
 * lock.c - the writer lock of an index folder (see lock.h).
 */
#include "lock.h"

#include "lede_private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Creates dir and its missing parents. Returns 0 or -1 (errno set). */
static int make_dirs(const char *dir) {
  char *cur = strdup(dir);
  if (!cur)
    return -1;
  for (char *p = cur + 1;; p++) {
    if (*p == '/' || *p == '\0') {
      char saved = *p;
      *p = '\0';
      if (mkdir(cur, 0777) != 0 && errno != EEXIST) {
        free(cur);
        return -1;
      }
      *p = saved;
      if (saved == '\0')
        break;
    }
  }
  free(cur);
  return 0;
}

/* The pid written in the lock file, or 0; *watching set when the holder
 * noted that it watches ("PID watch"). */
static long read_holder(int fd, int *watching) {
  char buf[32] = {0};
  *watching = 0;
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0)
    return 0;
  *watching = strstr(buf, " watch") != NULL;
  return strtol(buf, NULL, 10);
}

void index_lock_mark_watching(int fd) {
  char note[48];
  int n = snprintf(note, sizeof note, "%ld 0 0 watch\n", (long)getpid());
  if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, note, (size_t)n, 0) != n) {
    /* Only informative, as the pid. */
  }
}

/* 1 when fd is still the file at path: a writer that failed on a new index
 * removes the lock file (and the folder) while it holds the lock, so the
 * lock a waiting writer then gets may be on a file no longer there. */
static int still_there(int fd, const char *path) {
  struct stat a, b;
  return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Closes fd (when open) and frees path, keeping errno: returns rc. */
static int give_up(int fd, char *path, int rc) {
  int saved = errno;
  if (fd >= 0)
    close(fd);
  free(path);
  errno = saved;
  return rc;
}

int index_lock_acquire(const char *dir, int wait, int quiet, long *holder) {
  *holder = 0;
  size_t len = strlen(dir) + sizeof "/lock";
  char *path = malloc(len);
  if (!path)
    return -2;
  snprintf(path, len, "%s/lock", dir);
  int said = 0;
  for (;;) {
    if (make_dirs(dir) != 0)
      return give_up(-1, path, -2);
    /* Never through a link: a "lock" that is a link to someone's file
     * would have it truncated (the folder check refuses such a folder
     * first). */
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd < 0)
      return give_up(-1, path, -2);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK)
        return give_up(fd, path, -2);
      int watching;
      *holder = read_holder(fd, &watching);
      if (watching || !wait)
        return give_up(fd, path, watching ? -3 : -1);
      if (!quiet && !said) {
        char *shown = ledei_escape(dir); /* a name cannot drive the terminal */
        if (*holder)
          fprintf(stderr, "lede-index: waiting for the lock on %s held by pid %ld...\n", shown,
                  *holder);
        else
          fprintf(stderr, "lede-index: waiting for the lock on %s...\n", shown);
        free(shown);
        said = 1;
      }
      while (flock(fd, LOCK_EX) != 0)
        if (errno != EINTR)
          return give_up(fd, path, -2);
    }
    if (!still_there(fd, path)) { /* removed by the writer before: take the new one */
      close(fd);
      continue;
    }
    free(path);
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
      /* The pid is only informative; the lock itself is held. */
    }
    return fd;
  }
}

void index_lock_release(int fd) {
  if (fd >= 0)
    close(fd);
}
