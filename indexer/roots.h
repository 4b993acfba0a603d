/*
 * roots.h - which roots lede-index walks and which the index remembers.
 *
 * The index keeps the roots it was given, so that a run with no PATH
 * rescans them. A run walks its PATHs (or the remembered roots, or
 * corpus/); afterwards the remembered list is those known before plus those
 * walked now, less those that no longer exist.
 */
#ifndef LEDE_INDEX_ROOTS_H
#define LEDE_INDEX_ROOTS_H

#include "scan.h"

#include <stddef.h>

/* The roots are stored under ROOTS_KEY one per line, with '\\' and a
 * newline escaped as "\\\\" and "\\n", so that any name survives. Indexes
 * made before keep them under OLD_ROOTS_KEY as raw lines; those are read,
 * and replaced by ROOTS_KEY at the next commit. */
#define ROOTS_KEY "root-list"
#define OLD_ROOTS_KEY "roots"

/* What walked[i] says of root i after a walk. */
enum { ROOT_UNREAD = 0, ROOT_WALKED = 1, ROOT_GONE = 2 /* walked, not remembered */ };

/* The roots the index remembers: stored (ROOTS_KEY) when set, else old
 * (OLD_ROOTS_KEY). Strings malloc'd; returns how many. */
size_t roots_stored(char ***out, const char *stored, const char *old);

/* Decides what to walk: paths (made absolute; one that cannot be is
 * warned about through warn, as unsure), else the remembered roots, else
 * corpus/. Returns 0, or -1 when there is nothing to index. */
int roots_choose(char ***roots, size_t *nroots, char **paths, size_t npaths, const char *stored,
                 const char *old, scan_warn_fn warn, void *ctx);

/* After the walk of roots (walked[i] set for those read, gone[i] for those
 * that no longer exist): marks gone roots ROOT_GONE in walked, returns the
 * value to remember (escaped, malloc'd): the remembered roots (none when
 * rebuild) and those walked now, less the gone ones. *others gets the
 * remembered roots this run does not walk and that still exist. */
char *roots_settle(int *walked, const int *gone, char **roots, size_t nroots, int rebuild,
                   const char *stored, const char *old, char ***others, size_t *nothers);

/* 1 when value (ROOTS_KEY's, escaped) names a root that lies under none of
 * those stored remembers (stored and old as for roots_stored()): a run
 * with no PATH would not walk it. */
int roots_beyond(const char *value, const char *stored, const char *old);

/* The innermost of roots that path lies under, or NULL. */
const char *roots_of(char **roots, size_t nroots, const char *path);

/* Lists the roots and others that are none of paths (the list is
 * malloc'd, the strings are not copied); returns how many. */
size_t roots_other(char ***list, char **roots, size_t nroots, char **others, size_t nothers,
                   char **paths, size_t npaths);

#endif
