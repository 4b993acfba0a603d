/*
 * roots.c - which roots lede-index walks and which the index remembers
 * (see roots.h).
 */
#include "roots.h"

#include "lede_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Splits a newline-separated list into *out (strings malloc'd), undoing
 * the escapes when escaped is set. */
static size_t split_lines(char ***out, const char *s, int escaped) {
  size_t n = 0;
  *out = NULL;
  while (s && *s) {
    const char *nl = strchr(s, '\n');
    size_t len = nl ? (size_t)(nl - s) : strlen(s);
    if (len) {
      char *line = ledei_xstrndup(s, len);
      if (escaped) {
        char *w = line;
        for (const char *c = line; *c; c++) {
          if (*c == '\\' && (c[1] == 'n' || c[1] == '\\'))
            *w++ = *++c == 'n' ? '\n' : '\\';
          else
            *w++ = *c;
        }
        *w = '\0';
      }
      *out = ledei_xrealloc(*out, (n + 1) * sizeof **out);
      (*out)[n++] = line;
    }
    s = nl ? nl + 1 : s + len;
  }
  return n;
}

/* Joins the distinct strings of two lists, sorted, one per line, escaped
 * (see ROOTS_KEY). */
static char *join_roots(char **a, size_t na, char **b, const int *use_b, size_t nb) {
  char **all = ledei_xcalloc(na + nb + 1, sizeof *all);
  size_t n = 0;
  for (size_t i = 0; i < na; i++)
    all[n++] = a[i];
  for (size_t i = 0; i < nb; i++)
    if (!use_b || use_b[i])
      all[n++] = b[i];
  qsort(all, n, sizeof *all, cmp_str);
  size_t total = 1;
  for (size_t i = 0; i < n; i++)
    total += 2 * strlen(all[i]) + 1;
  char *joined = ledei_xmalloc(total);
  char *p = joined;
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && strcmp(all[i], all[i - 1]) == 0)
      continue;
    for (const char *c = all[i]; *c; c++) {
      if (*c == '\\' || *c == '\n')
        *p++ = '\\';
      *p++ = *c == '\n' ? 'n' : *c;
    }
    *p++ = '\n';
  }
  *p = '\0';
  free(all);
  return joined;
}

size_t roots_stored(char ***out, const char *stored, const char *old) {
  if (stored)
    return split_lines(out, stored, 1);
  return split_lines(out, old, 0);
}

int roots_choose(char ***roots, size_t *nroots, char **paths, size_t npaths, const char *stored,
                 const char *old, scan_warn_fn warn, void *ctx) {
  if (npaths > 0) {
    for (size_t i = 0; i < npaths; i++) {
      /* A link to a file is the file at the link's path, as a walk of its
       * folder has it (a link changed to another file is that file's text
       * there); a link to a folder is the folder. */
      struct stat ls, st;
      int file_link = lstat(paths[i], &ls) == 0 && S_ISLNK(ls.st_mode) &&
                      stat(paths[i], &st) == 0 && !S_ISDIR(st.st_mode);
      char *abs = file_link ? scan_in_real_folder(paths[i]) : realpath(paths[i], NULL);
      int err = errno;
      /* A named file that is gone is still a root: what the index holds
       * there leaves it (the walk finds it gone). */
      if (!abs && err == ENOENT)
        abs = scan_in_real_folder(paths[i]);
      if (!abs) {
        warn(ctx, paths[i], strerror(err), 1);
        continue;
      }
      *roots = ledei_xrealloc(*roots, (*nroots + 1) * sizeof **roots);
      (*roots)[(*nroots)++] = abs;
    }
    return 0;
  }
  char **known = NULL;
  size_t nknown = roots_stored(&known, stored, old);
  if (nknown > 0) {
    *roots = known;
    *nroots = nknown;
    return 0;
  }
  free(known);
  char *abs = realpath("corpus", NULL);
  if (!abs)
    return -1;
  *roots = ledei_xcalloc(1, sizeof **roots);
  (*roots)[(*nroots)++] = abs;
  return 0;
}

char *roots_settle(int *walked, const int *gone, char **roots, size_t nroots, int rebuild,
                   const char *stored_value, const char *old_value, char ***others,
                   size_t *nothers) {
  char **stored = NULL;
  size_t nstored = rebuild ? 0 : roots_stored(&stored, stored_value, old_value);
  /* Roots that no longer exist are forgotten. */
  size_t kept = 0;
  for (size_t i = 0; i < nstored; i++) {
    int is_gone = 0;
    for (size_t k = 0; k < nroots && !is_gone; k++)
      is_gone = gone[k] && strcmp(stored[i], roots[k]) == 0;
    if (is_gone)
      free(stored[i]);
    else
      stored[kept++] = stored[i];
  }
  nstored = kept;
  for (size_t k = 0; k < nroots; k++)
    if (gone[k])
      walked[k] = ROOT_GONE;
  int *remember = ledei_xcalloc(nroots + 1, sizeof *remember);
  for (size_t k = 0; k < nroots; k++)
    remember[k] = walked[k] == ROOT_WALKED;
  char *value = join_roots(stored, nstored, roots, remember, nroots);
  free(remember);
  *nothers = 0;
  for (size_t i = 0; i < nstored; i++) {
    int walked_now = 0;
    for (size_t k = 0; k < nroots && !walked_now; k++)
      walked_now = strcmp(stored[i], roots[k]) == 0;
    /* One deleted meanwhile holds nothing (the next run that walks it
     * forgets it). */
    if (walked_now || access(stored[i], F_OK) != 0)
      free(stored[i]);
    else
      stored[(*nothers)++] = stored[i];
  }
  *others = stored;
  return value;
}

int roots_beyond(const char *value, const char *stored, const char *old) {
  char **now = NULL, **before = NULL;
  size_t nnow = roots_stored(&now, value, NULL);
  size_t nbefore = roots_stored(&before, stored, old);
  int beyond = 0;
  for (size_t i = 0; i < nnow; i++) {
    beyond |= roots_of(before, nbefore, now[i]) == NULL;
    free(now[i]);
  }
  for (size_t i = 0; i < nbefore; i++)
    free(before[i]);
  free(now);
  free(before);
  return beyond;
}

const char *roots_of(char **roots, size_t nroots, const char *path) {
  const char *best = NULL;
  for (size_t i = 0; i < nroots; i++)
    if (scan_path_under(path, roots[i]) && (!best || strlen(roots[i]) > strlen(best)))
      best = roots[i];
  return best;
}

size_t roots_other(char ***list, char **roots, size_t nroots, char **others, size_t nothers,
                   char **paths, size_t npaths) {
  size_t n = 0;
  *list = ledei_xcalloc(nroots + nothers + 1, sizeof **list);
  for (size_t i = 0; i < nroots + nothers; i++) {
    char *root = i < nroots ? roots[i] : others[i - nroots];
    int walked = 0;
    for (size_t k = 0; k < npaths && !walked; k++)
      walked = strcmp(root, paths[k]) == 0;
    if (!walked)
      (*list)[n++] = root;
  }
  return n;
}
