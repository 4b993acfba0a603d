/*
 * locate.c - which index a command means when it names none, found the way
 * git finds its repository.
 */
#include "lede_private.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1 when path is a folder. */
static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *lede_index_locate(const char *given) {
  if (given && *given)
    return ledei_xstrdup(given);
  const char *env = getenv("LEDE_INDEX");
  if (env && *env)
    return ledei_xstrdup(env);
  if (is_dir(LEDE_INDEX_DEFAULT))
    return ledei_xstrdup(LEDE_INDEX_DEFAULT);
  char *cwd = getcwd(NULL, 0);
  if (!cwd)
    return ledei_xstrdup(LEDE_INDEX_DEFAULT);
  /* The nearest parent holding one; its absolute path, so that messages
   * say which index answered. */
  char *found = NULL;
  size_t len = strlen(cwd);
  char *path = ledei_xmalloc(len + sizeof "/" LEDE_INDEX_DEFAULT);
  while (!found) {
    char *slash = strrchr(cwd, '/');
    if (!slash)
      break;
    *slash = '\0'; /* one level up ("" stands for the root) */
    strcpy(path, cwd);
    strcat(path, "/" LEDE_INDEX_DEFAULT);
    if (is_dir(path))
      found = path;
    if (slash == cwd)
      break;
  }
  free(cwd);
  if (!found) {
    free(path);
    return ledei_xstrdup(LEDE_INDEX_DEFAULT);
  }
  return found;
}
