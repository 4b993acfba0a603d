/*
 * lock.h - the writer lock of an index folder: one lede-index at a time.
 *
 * The lock is flock() on DIR/lock, held for the whole run (and inherited by
 * worker processes, so it lasts until the last of them exits). The file
 * holds the pid of the holder, so a waiting writer can say whom it waits for.
 */
#ifndef LEDE_INDEX_LOCK_H
#define LEDE_INDEX_LOCK_H

/* Takes the lock of index folder dir (creating dir and DIR/lock when
 * missing). When another process holds it: with wait, says on stderr
 * "waiting for the lock on DIR held by pid N..." (unless quiet) and blocks;
 * without, fails. Returns the lock's file descriptor (release with
 * index_lock_release), -1 when another holds it and wait is 0 (*holder set to
 * its pid, or 0 when unknown), -3 when the holder is a lede-index --watch,
 * which never ends (not waited for; *holder set), or -2 on an I/O error
 * (errno set). */
int index_lock_acquire(const char *dir, int wait, int quiet, long *holder);

/* Notes in the lock file that its holder watches (--watch): "PID 0 0
 * watch", as progress.c's "PID DONE TOTAL" with the word after. */
void index_lock_mark_watching(int fd);

/* Releases the lock (closes fd). */
void index_lock_release(int fd);

#endif
