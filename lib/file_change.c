/*
 * file_change.c - the public form of a file's change, whole (lede.h):
 * lede_db_put_file(), lede_db_remove_file() and lede_db_move_file() over
 * the calls lede-index makes (ledei_db_file_put() and its kin in
 * xapian_write.cc), which also take the size, time and content hash the
 * indexer compares on its next walk.
 */
#include "lede_private.h"

#include <stdio.h>
#include <string.h>

/* A record's hash when the content's is not known: never one
 * ledei_hash_hex() gives, so lede-index reads such a file again. */
#define NO_HASH "-"

/* LEDE_ERR_INVALID unless path and every article (with its id) are there:
 * the writer would otherwise crash on them. */
static lede_status_t check_args(lede_db_t *db, const char *path, lede_article_t *const *arts,
                                size_t n) {
  if (!db || !path || !*path || (n && !arts))
    return ledei_error(LEDE_ERR_INVALID, "%s: no index, path or articles given",
                       path && *path ? path : "(no path)");
  for (size_t i = 0; i < n; i++)
    if (!arts[i] || !arts[i]->id)
      return ledei_error(LEDE_ERR_INVALID, "%s: article %zu of %zu has no id", path, i + 1, n);
  return LEDE_OK;
}

lede_status_t lede_db_put_file(lede_db_t *db, const char *path, lede_article_t *const *arts,
                               size_t n, const lede_file_opts_t *opts) {
  lede_status_t rc = check_args(db, path, arts, n);
  if (rc == LEDE_OK && opts)
    rc = ledei_check_opts("lede_file_opts_t", opts->version, LEDE_FILE_OPTS_VERSION);
  if (rc != LEDE_OK)
    return rc;
  lede_file_record_t rec = {.path = (char *)path, .hash = NO_HASH};
  return ledei_db_file_put(db, &rec, arts, n, opts ? opts->keep_dropped : 0);
}

lede_status_t lede_db_remove_file(lede_db_t *db, const char *path) {
  lede_status_t rc = check_args(db, path, NULL, 0);
  return rc == LEDE_OK ? ledei_db_file_remove(db, path) : rc;
}

lede_status_t lede_db_move_file(lede_db_t *db, const char *from, const char *to,
                                lede_article_t *const *arts, size_t n) {
  lede_status_t rc = check_args(db, to, arts, n);
  if (rc == LEDE_OK)
    rc = check_args(db, from, NULL, 0);
  if (rc != LEDE_OK)
    return rc;
  /* The content is the same: from's size, time and hash still describe it. */
  lede_file_record_t *old = NULL;
  rc = ledei_db_get_file(&old, db, from);
  if (rc != LEDE_OK && rc != LEDE_ERR_NOT_FOUND)
    return rc;
  lede_file_record_t rec = {.path = (char *)to, .hash = NO_HASH};
  if (old) {
    rec.size = old->size;
    rec.mtime_ns = old->mtime_ns;
    memcpy(rec.hash, old->hash, sizeof rec.hash);
  }
  ledei_file_record_free(old);
  int moved = 0;
  return ledei_db_file_move(db, from, &rec, arts, n, &moved);
}
