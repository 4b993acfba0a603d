/*
 * update.c - bringing one article file up to date in a database (see
 * update.h).
 */
#include "update.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void update_counts_add(update_counts_t *to, const update_counts_t *from) {
  to->added += from->added;
  to->updated += from->updated;
  to->removed += from->removed;
  to->unchanged += from->unchanged;
  to->skipped += from->skipped;
  to->renamed += from->renamed;
  to->warnings += from->warnings;
  to->sentences += from->sentences;
}

size_t update_batch_bytes(void) {
  const char *v = getenv("LEDE_INDEX_BATCH");
  return v && *v ? (size_t)strtoull(v, NULL, 10) : 0;
}

size_t update_batch_for(uint64_t sentences) {
  if (sentences <= UPDATE_BATCH_SENTENCES)
    return UPDATE_BATCH_BYTES;
  double grown = (double)UPDATE_BATCH_BYTES * ((double)sentences / UPDATE_BATCH_SENTENCES);
  return grown >= UPDATE_BATCH_MAX_BYTES ? UPDATE_BATCH_MAX_BYTES : (size_t)grown;
}

const char *update_display_path(const char *abs, const char *base) {
  size_t n = strlen(base);
  if (n > 1 && strncmp(abs, base, n) == 0 && abs[n] == '/')
    return abs + n + 1;
  return abs;
}

const char *update_default_source(const scan_file_t *f) {
  if (f->source)
    return f->source;
  size_t n = strlen(f->root);
  if (strncmp(f->path, f->root, n) == 0 && f->path[n] == '/')
    return f->path + n + 1;
  const char *slash = strrchr(f->path, '/');
  return slash ? slash + 1 : f->path;
}

/* 1 when path names a .jsonl file. */
static int is_jsonl(const char *path) {
  size_t n = strlen(path);
  return n >= 6 && strcasecmp(path + n - 6, ".jsonl") == 0;
}

const char *update_read_problem(char *why, size_t size, const char *path, lede_status_t rc,
                                size_t bad) {
  if (rc != LEDE_OK)
    snprintf(why, size, "%s; skipped", lede_last_error());
  else if (is_jsonl(path))
    snprintf(why, size, "%zu malformed line(s) skipped (%s)", bad, lede_last_error());
  else /* damaged mail or a broken feed, read as far as it goes */
    snprintf(why, size, "%s", lede_last_error());
  return why;
}

/* 1 when path's name may be a feed's (.rss, .atom, .xml): read up to the
 * .jsonl limit, as a feed holds many articles too. */
static int is_feed_name(const char *path) {
  size_t n = strlen(path);
  return ledei_feed_is_feed(path, NULL, 0) || (n >= 4 && strcasecmp(path + n - 4, ".xml") == 0);
}

/* Reads at most limit bytes of a regular file into a NUL-terminated
 * buffer. Returns 0; -1 with errno set; TOO_LARGE when the file is larger
 * than limit; LEDE_NOT_REGULAR when it is not a regular file (never opened
 * blocking, so a FIFO or device swapped in after the walk cannot hang us). */
#define TOO_LARGE (-3)
static int read_limited(char **out, size_t *out_len, const char *path, size_t limit) {
  *out = NULL;
  *out_len = 0;
  uint64_t size;
  int fd = ledei_open_regular(path, &size);
  if (fd < 0)
    return fd;
  if (size > limit) {
    close(fd);
    return TOO_LARGE;
  }
  size_t cap = (size_t)size + 1, len = 0;
  char *buf = ledei_xmalloc(cap);
  for (;;) {
    if (len + 1 >= cap) {
      if (cap > limit + 1) {
        free(buf);
        close(fd);
        return TOO_LARGE;
      }
      cap *= 2;
      buf = ledei_xrealloc(buf, cap);
    }
    ssize_t got = read(fd, buf + len, cap - len - 1);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      int saved = errno;
      free(buf);
      close(fd);
      errno = saved;
      return -1;
    }
    if (got == 0)
      break;
    len += (size_t)got;
  }
  close(fd);
  if (len > limit) {
    free(buf);
    return TOO_LARGE;
  }
  buf[len] = '\0';
  *out = buf;
  *out_len = len;
  return 0;
}

/* 1 when the buffer holds only white space. */
static int is_blank(const char *buf, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\f' &&
        buf[i] != '\v')
      return 0;
  return 1;
}

static void warn(updater_t *u, const scan_file_t *f, const char *why) {
  u->n.warnings++;
  u->warn(u->warn_ctx, update_display_path(f->path, u->base), why);
}

lede_status_t update_remove(updater_t *u, const lede_file_record_t *rec) {
  lede_status_t rc = ledei_db_file_remove(u->db, rec->path);
  if (rc == LEDE_OK) {
    u->n.removed++;
    u->dirty = 1;
    u->pending += 64u * rec->sentences;
  }
  return rc;
}

lede_status_t update_commit(updater_t *u) {
  if (!u->dirty)
    return LEDE_OK;
  lede_status_t rc = lede_db_commit(u->db);
  if (rc == LEDE_OK) {
    u->dirty = 0;
    u->pending = 0;
  }
  return rc;
}

/* How recent a file's mtime may be and still be trusted to tell a later
 * change: a filesystem stamps times from a coarse clock (a few ms on ext4,
 * 1 or 2 s on others), so a file rewritten at the same size within one
 * tick of being read keeps the mtime it was read with. */
#define RACY_NS 2000000000LL

/* The mtime to record for a file whose text was indexed now: its own, or 0 when it is too
 * recent to tell a later same-size change (or in the future). A record
 * with 0 does not match the file's next stat, so the next run reads the
 * file again (its hash is compared: an unchanged file is only re-recorded,
 * with its mtime, once that is old enough). As git does for "racily
 * clean" files. */
static int64_t trusted_mtime(int64_t mtime_ns) {
  struct timespec now;
  if (clock_gettime(CLOCK_REALTIME, &now) != 0)
    return 0;
  int64_t now_ns = (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec;
  return mtime_ns > now_ns - RACY_NS ? 0 : mtime_ns;
}

/* Skips a file that is not (or no longer) an article: its old sentences, if
 * any, go, as a clean build would not have them. */
static lede_status_t reject(updater_t *u, const scan_file_t *f, const lede_file_record_t *old,
                            const char *hash, const char *why, update_result_t *result) {
  warn(u, f, why);
  u->n.skipped++;
  *result = old ? UPDATE_DROPPED : UPDATE_SKIPPED;
  if (old)
    u->pending += 64u * old->sentences;
  /* Remembered with no articles: while the file stays as it is, later
   * runs pass it by as unchanged instead of warning again. */
  lede_file_record_t rec = {.path = f->path, .size = f->size, .mtime_ns = f->mtime_ns};
  snprintf(rec.hash, sizeof rec.hash, "%s", hash);
  u->dirty = 1;
  return ledei_db_file_put(u->db, &rec, NULL, 0, 0);
}

/* Skips a feed file that is not a feed now (an error page saved as .rss):
 * the index keeps its items, and its record, with the file's new hash, is
 * kept too, so that later runs pass it by as unchanged instead of warning
 * again. */
static lede_status_t skip_feed(updater_t *u, const scan_file_t *f, const lede_file_record_t *old,
                               const char *hash, const char *why) {
  warn(u, f, why);
  u->n.skipped++;
  lede_file_record_t rec = {.path = f->path, .size = f->size, .mtime_ns = f->mtime_ns};
  if (old) {
    rec = *old;
    rec.size = f->size;
    rec.mtime_ns = f->mtime_ns;
  }
  snprintf(rec.hash, sizeof rec.hash, "%s", hash);
  u->dirty = 1;
  return ledei_db_set_file(u->db, &rec);
}

/* How reading a file went (read_article_file()). */
typedef enum read_outcome {
  READ_OK,
  READ_GREW,        /* larger than the walk saw: left for the next run */
  READ_NOT_REGULAR, /* replaced by a FIFO, device... during the scan */
  READ_TOO_LARGE,   /* past the bound of its kind: not read */
  READ_GONE,        /* vanished during the scan */
  READ_FAILED       /* an error reading it (errno) */
} read_outcome_t;

/* Reads file f as every run does, up to the bound of its kind: READ_OK with
 * *buf and *len, else the outcome with why saying it (as warned). */
static read_outcome_t read_article_file(const scan_file_t *f, char **buf, size_t *len, char *why,
                                        size_t size) {
  int jsonl = is_jsonl(f->path), feed_name = is_feed_name(f->path);
  /* Mail and PDF files carry attachments and images beside their text, and
   * feeds many items: read up to the bound of .jsonl files. */
  int big = jsonl || feed_name || ledei_mail_is_mail(f->path) || ledei_pdf_is_pdf(f->path, "", 0);
  size_t limit = big ? UPDATE_MAX_JSONL_BYTES : UPDATE_MAX_ARTICLE_BYTES;
  /* Never more than the walk saw plus a little: a file still being written
   * (or a /proc file that never ends) is left for the next run. */
  uint64_t bound = f->size + UPDATE_GROWTH_SLACK;
  int r = read_limited(buf, len, f->path, bound < limit ? (size_t)bound : limit);
  if (r == TOO_LARGE && f->size <= limit) {
    snprintf(why, size, "grew during the scan (%llu bytes when found); skipped until the next run",
             (unsigned long long)f->size);
    return READ_GREW;
  }
  if (r == LEDE_NOT_REGULAR) {
    snprintf(why, size, "not a regular file (replaced during the scan); skipped");
    return READ_NOT_REGULAR;
  }
  if (r == TOO_LARGE) {
    snprintf(why, size, "too large (%.1f MB; %s files are read up to %zu MB); skipped",
             (double)f->size / 1048576.0,
             jsonl       ? ".jsonl"
             : feed_name ? "feed"
             : big       ? "mail and PDF"
                         : "article",
             limit >> 20);
    return READ_TOO_LARGE;
  }
  if (r != 0 && errno == ENOENT) {
    snprintf(why, size, "vanished during the scan");
    return READ_GONE;
  }
  if (r != 0) {
    snprintf(why, size, "cannot read: %s; skipped", strerror(errno));
    return READ_FAILED;
  }
  return READ_OK;
}

/* Why the bytes of a file read whole are not indexed (blank, or binary),
 * or NULL; prepares them as text (ledei_text_prepare()), and sets
 * *bad_utf8 when plain text had to have bytes replaced (a warning only). */
static const char *content_problem(char **buf, size_t *len, const char *path, int *bad_utf8) {
  *bad_utf8 = 0;
  if (is_blank(*buf, *len))
    return "empty file; nothing to index";
  /* A web page declares its own charset, and the HTML reader drops NUL
   * bytes: the checks of plain text do not apply to it. */
  int page = ledei_text_prepare(buf, len, path);
  if (!page && memchr(*buf, '\0', *len))
    return "binary file (contains NUL bytes); skipped";
  *bad_utf8 = !page && !ledei_utf8_valid(*buf, *len);
  return NULL;
}

#define BAD_UTF8_WHY "invalid UTF-8; bad bytes replaced with U+FFFD"

/* The warning for the articles of a file whose stated date lede could not
 * read (the reader keeps such a date as the article's "date" field), or
 * NULL when every stated date was read. */
static const char *date_problem(char *why, size_t size, lede_article_t **arts, size_t n) {
  size_t undated = 0;
  const char *first = NULL;
  for (size_t i = 0; i < n; i++) {
    if (arts[i]->date)
      continue;
    for (size_t k = 0; k < arts[i]->nmeta; k++)
      if (strcmp(arts[i]->meta[k].key, "date") == 0) {
        if (!undated++)
          first = arts[i]->meta[k].value;
        break;
      }
  }
  if (!undated)
    return NULL;
  /* At most 60 bytes of it, cut between characters. */
  int shown = (int)strlen(first);
  if (shown > 60) {
    shown = 60;
    while (shown > 0 && ((unsigned char)first[shown] & 0xC0) == 0x80)
      shown--;
  }
  const char *more = shown < (int)strlen(first) ? "..." : "";
  if (n == 1)
    snprintf(why, size, "date \"%.*s%s\" not understood; indexed without a date", shown, first,
             more);
  else
    snprintf(why, size,
             "date not understood in %zu of %zu articles (the first: \"%.*s%s\"); indexed "
             "without a date",
             undated, n, shown, first, more);
  return why;
}

size_t update_preview(const scan_file_t *f, lede_article_t ***arts, size_t *n,
                      void (*say)(void *ctx, const char *why), void *ctx) {
  *arts = NULL;
  *n = 0;
  char why[1024];
  char *buf = NULL;
  size_t len = 0, said = 0;
  if (read_article_file(f, &buf, &len, why, sizeof why) != READ_OK) {
    say(ctx, why);
    return 1;
  }
  int bad_utf8;
  const char *problem = content_problem(&buf, &len, f->path, &bad_utf8);
  if (problem) {
    free(buf);
    say(ctx, problem);
    return 1;
  }
  if (bad_utf8) {
    say(ctx, BAD_UTF8_WHY);
    said++;
  }
  size_t bad = 0;
  lede_status_t rc =
      ledei_article_parse_file_bytes(arts, n, &bad, buf, len, f->path, update_default_source(f));
  free(buf);
  if (rc != LEDE_OK || bad) {
    say(ctx, update_read_problem(why, sizeof why, f->path, rc, bad));
    said++;
  }
  if (rc != LEDE_OK) {
    *arts = NULL;
    *n = 0;
  } else if (date_problem(why, sizeof why, *arts, *n)) {
    say(ctx, why);
    said++;
  }
  return said;
}

/* Brings file f up to date. old is its record in the index or NULL. */
static lede_status_t update_file(updater_t *u, const scan_file_t *f, const lede_file_record_t *old,
                                 update_result_t *result, unsigned *sentences) {
  *sentences = 0;
  *result = UPDATE_SKIPPED;
  char why[256];
  char *buf = NULL;
  size_t len = 0;
  switch (read_article_file(f, &buf, &len, why, sizeof why)) {
  case READ_OK: break;
  case READ_TOO_LARGE: return reject(u, f, old, "-", why, result); /* not read: no hash */
  case READ_GONE:
    warn(u, f, why);
    if (!old)
      return LEDE_OK;
    *result = UPDATE_DROPPED;
    return update_remove(u, old);
  default: /* the index keeps what it had */
    warn(u, f, why);
    u->n.skipped++;
    return LEDE_OK;
  }
  lede_file_record_t rec = {0};
  rec.path = f->path;
  rec.size = len;
  rec.mtime_ns = trusted_mtime(f->mtime_ns);
  ledei_hash_hex(rec.hash, buf, len);
  if (f->source) {
    /* Its folder's source is part of what was indexed: another one makes
     * the file count as changed, not as touched but identical. */
    size_t n = sizeof rec.hash + strlen(f->source) + 1;
    char *both = ledei_xmalloc(n);
    snprintf(both, n, "%s\n%s", rec.hash, f->source);
    ledei_hash_hex(rec.hash, both, strlen(both));
    free(both);
  }
  lede_status_t rc = LEDE_OK;
  if (old && strcmp(old->hash, rec.hash) == 0) {
    /* Touched but identical: only the record's size and mtime change. */
    lede_file_record_t same = *old;
    same.size = rec.size;
    same.mtime_ns = rec.mtime_ns;
    free(buf);
    rc = ledei_db_set_file(u->db, &same);
    u->dirty = 1;
    u->n.unchanged++;
    *result = UPDATE_UNCHANGED;
    return rc;
  }
  int bad_utf8;
  const char *problem = content_problem(&buf, &len, f->path, &bad_utf8);
  if (problem) {
    free(buf);
    return reject(u, f, old, rec.hash, problem, result);
  }
  if (bad_utf8)
    warn(u, f, BAD_UTF8_WHY);

  lede_article_t **arts = NULL;
  size_t n = 0, bad = 0;
  int feed = ledei_feed_is_feed(f->path, buf, len);
  rc = ledei_article_parse_file_bytes(&arts, &n, &bad, buf, len, f->path, update_default_source(f));
  if (rc != LEDE_OK && feed) { /* its items stay, as items out of its window do */
    free(buf);
    snprintf(why, sizeof why, "%s; skipped", lede_last_error());
    return skip_feed(u, f, old, rec.hash, why);
  }
  if (rc == LEDE_ERR_INVALID) { /* what the bytes are (an encrypted PDF...): the same next run */
    free(buf);
    snprintf(why, sizeof why, "%s; skipped", lede_last_error());
    return reject(u, f, old, rec.hash, why, result);
  }
  if (rc != LEDE_OK) {
    free(buf);
    warn(u, f, update_read_problem(why, sizeof why, f->path, rc, 0));
    u->n.skipped++;
    return LEDE_OK;
  }
  if (bad)
    warn(u, f, update_read_problem(why, sizeof why, f->path, rc, bad));
  if (date_problem(why, sizeof why, arts, n))
    warn(u, f, why);
  free(buf);

  const char *shown = update_display_path(f->path, u->base);
  for (size_t i = 0; i < n; i++) {
    free(arts[i]->path);
    arts[i]->path = ledei_xstrdup(shown);
    rec.sentences += (uint32_t)arts[i]->nsentences;
  }
  /* The library keeps the file's articles and record consistent; what
   * changed is decided here. */
  lede_file_record_t *from =
      !old && u->find_renamed ? u->find_renamed(u->rename_ctx, rec.hash, f->path) : NULL;
  int moved = 0;
  if (from)
    rc = ledei_db_file_move(u->db, from->path, &rec, arts, n, &moved);
  else /* items that dropped out of a feed stay */
    rc = ledei_db_file_put(u->db, &rec, arts, n, feed && old);
  if (rc == LEDE_OK) {
    u->dirty = 1;
    if (from) {
      u->n.renamed++;
      u->n.added++;
      u->n.removed++;
      *result = UPDATE_RENAMED;
    } else {
      if (old)
        u->n.updated++;
      else
        u->n.added++;
      *result = UPDATE_INDEXED;
    }
    if (!moved) {
      u->n.sentences += rec.sentences;
      *sentences = rec.sentences;
    }
    u->pending += len + 64u * rec.sentences;
  }
  lede_articles_free(arts, n);
  if (rc == LEDE_OK && u->pending >= (u->batch ? u->batch : UPDATE_BATCH_BYTES)) {
    uint64_t held = 0;
    if (u->batch || lede_db_count(&held, u->db) != LEDE_OK || u->pending >= update_batch_for(held))
      rc = update_commit(u);
  }
  return rc;
}

lede_status_t update_files(updater_t *u, const scan_file_t *files, size_t n, size_t first,
                           size_t step, const lede_file_record_t *const *old) {
  lede_status_t rc = LEDE_OK;
  for (size_t i = first; i < n && rc == LEDE_OK; i += step) {
    update_result_t res;
    unsigned ns = 0;
    rc = update_file(u, &files[i], old ? old[i] : NULL, &res, &ns);
    if (u->done)
      u->done(u->done_ctx, ns);
  }
  return rc;
}

/* ---- comparing a walk with the index's file records ---- */

/* *to = a deep copy of *from, in one block that to->article_ids holds (the
 * ids, then the path and the ids' text): a rescan copies every record. */
static void record_copy(lede_file_record_t *to, const lede_file_record_t *from) {
  size_t head = (from->articles + 1) * sizeof(char *), size = head + strlen(from->path) + 1;
  for (uint32_t i = 0; i < from->articles; i++)
    size += strlen(from->article_ids[i]) + 1;
  char **ids = ledei_xmalloc(size);
  char *text = (char *)ids + head;
  *to = *from;
  to->article_ids = ids;
  to->path = text;
  for (uint32_t i = 0; i <= from->articles; i++) {
    const char *s = i ? from->article_ids[i - 1] : from->path;
    size_t n = strlen(s) + 1;
    memcpy(text, s, n);
    if (i)
      ids[i - 1] = text;
    text += n;
  }
  ids[from->articles] = NULL;
}

/* Frees what record_copy() allocated. */
static void record_clear(lede_file_record_t *r) {
  free(r->article_ids);
  memset(r, 0, sizeof *r);
}

/* Adds a record's path, size and mtime to the list
 * (ledei_db_foreach_file_stat callback). */
static int collect_known(const char *path, uint64_t size, int64_t mtime_ns, void *ctx) {
  update_records_t *k = ctx;
  if (k->n == k->cap) {
    k->cap = k->cap ? k->cap * 2 : 1024;
    k->v = ledei_xrealloc(k->v, k->cap * sizeof *k->v);
  }
  update_known_t *e = &k->v[k->n++];
  memset(e, 0, sizeof *e);
  lede_file_record_t listed = {.path = (char *)path, .size = size, .mtime_ns = mtime_ns};
  record_copy(&e->rec, &listed);
  return 0;
}

/* Reads the whole record of a listed file (once). 0 when it has none any
 * more (then it is left as listed). */
static lede_status_t load_known(lede_db_t *db, update_known_t *k, int *found) {
  *found = 1;
  if (k->full)
    return LEDE_OK;
  lede_file_record_t *rec = NULL;
  lede_status_t rc = ledei_db_get_file(&rec, db, k->rec.path);
  if (rc == LEDE_ERR_NOT_FOUND) {
    *found = 0;
    return LEDE_OK;
  }
  if (rc != LEDE_OK)
    return rc;
  record_clear(&k->rec);
  record_copy(&k->rec, rec);
  ledei_file_record_free(rec);
  k->full = 1;
  return LEDE_OK;
}

void update_records_free(update_records_t *k) {
  for (size_t i = 0; i < k->n; i++)
    record_clear(&k->v[i].rec);
  free(k->v);
  memset(k, 0, sizeof *k);
}

static int cmp_known(const void *a, const void *b) {
  return strcmp(((const update_known_t *)a)->rec.path, ((const update_known_t *)b)->rec.path);
}

lede_status_t update_load(update_records_t *k, lede_db_t *db, char **roots, size_t nroots,
                          int all) {
  lede_status_t rc = LEDE_OK;
  if (all)
    rc = ledei_db_foreach_file_stat(db, NULL, collect_known, k);
  for (size_t i = 0; !all && i < nroots && rc == LEDE_OK; i++)
    rc = ledei_db_foreach_file_stat(db, roots[i], collect_known, k);
  /* Sorted by path without duplicates (nested roots). The records come in
   * key order, which is path order but for long paths: sorted again only
   * when needed. */
  size_t sorted = 1;
  while (sorted < k->n && cmp_known(&k->v[sorted - 1], &k->v[sorted]) < 0)
    sorted++;
  if (sorted >= k->n)
    return rc; /* in strict order: no duplicates either */
  qsort(k->v, k->n, sizeof *k->v, cmp_known);
  size_t u = 0;
  for (size_t i = 0; i < k->n; i++) {
    if (u > 0 && strcmp(k->v[u - 1].rec.path, k->v[i].rec.path) == 0) {
      record_clear(&k->v[i].rec);
      continue;
    }
    k->v[u++] = k->v[i];
  }
  k->n = u;
  return rc;
}

/* 1 when the record's path lies under a walked root, under no folder the
 * walk could not see, and under no remembered root that this run leaves out
 * and that lies inside that walked root: such a root (a file named by path,
 * which a folder's walk skips by its name; a hidden folder) may still hold
 * it, and only a walk of it can tell. */
static int surely_gone(const update_walk_t *w, const char *path) {
  int scanned = 0;
  for (size_t i = 0; i < w->nroots && !scanned; i++) {
    if (!w->walked[i] || !scan_path_under(path, w->roots[i]))
      continue;
    scanned = 1;
    for (size_t k = 0; k < w->nothers && scanned; k++)
      if (scan_path_under(path, w->others[k]) && scan_path_under(w->others[k], w->roots[i]))
        scanned = 0;
  }
  for (size_t i = 0; i < w->nunsure && scanned; i++)
    if (scan_path_under(path, w->unsure[i]))
      scanned = 0;
  return scanned;
}

/* Where renamed files' records are looked for. */
typedef struct renames {
  lede_db_t *db;
  const update_walk_t *walk;
  update_known_t **gone; /* records of files surely gone, by content hash */
  size_t ngone;
  lede_file_record_t moved; /* a record found by hash in the index */
  const char *path;         /* the new file's, whose reader a rename keeps */
} renames_t;

static int cmp_gone_hash(const void *a, const void *b) {
  return strcmp((*(update_known_t *const *)a)->rec.hash, (*(update_known_t *const *)b)->rec.hash);
}

/* The reader a file's name picks, as a class of its extension: a file
 * renamed to another class ("page.txt" to "page.html") is read anew, not
 * relabelled with what the other reader made of its bytes. */
static const char *reader_class(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  if (!dot || dot == base)
    return "text";
  static const char *const classes[][2] = {
      {"txt", "text"},  {"text", "text"}, {"md", "text"},    {"markdown", "text"},
      {"news", "text"}, {"htm", "html"},  {"html", "html"},  {"xhtml", "html"},
      {"rss", "feed"},  {"atom", "feed"}, {"xml", "feed"},   {"eml", "eml"},
      {"mbox", "mbox"}, {"pdf", "pdf"},   {"jsonl", "jsonl"}};
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
    if (strcasecmp(dot + 1, classes[i][0]) == 0)
      return classes[i][1];
  return "text";
}

static int same_reader(const char *a, const char *b) {
  return strcmp(reader_class(a), reader_class(b)) == 0;
}

/* An untaken gone record with this hash whose name picks the reader g->path's
 * does, or NULL. */
static lede_file_record_t *find_gone(renames_t *g, const char *hash) {
  size_t lo = 0, hi = g->ngone;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (strcmp(g->gone[mid]->rec.hash, hash) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i < g->ngone && strcmp(g->gone[i]->rec.hash, hash) == 0; i++) {
    if (!g->gone[i]->taken && same_reader(g->gone[i]->rec.path, g->path)) {
      g->gone[i]->taken = 1;
      return &g->gone[i]->rec;
    }
  }
  return NULL;
}

/* A record found by content hash for a rename (ledei_db_foreach_file_with_hash
 * callback): one outside the roots walked (those are the gone list's),
 * with articles, whose file no longer exists. */
static int pick_moved(const lede_file_record_t *rec, void *ctx) {
  renames_t *g = ctx;
  for (size_t i = 0; i < g->walk->nroots; i++)
    if (scan_path_under(rec->path, g->walk->roots[i]))
      return 0;
  struct stat st;
  if (rec->articles == 0 || !same_reader(rec->path, g->path) || lstat(rec->path, &st) == 0 ||
      errno != ENOENT)
    return 0;
  record_copy(&g->moved, rec);
  return 1;
}

/* update_rename_fn: a removed file's record with this content hash, from
 * this walk's or else from a lookup by hash in the index (a file moved in
 * from a folder this run does not walk), so that no run reads every record
 * to find renames. */
static lede_file_record_t *find_renamed(void *ctx, const char *hash, const char *path) {
  renames_t *g = ctx;
  g->path = path;
  lede_file_record_t *rec = g->ngone ? find_gone(g, hash) : NULL;
  if (rec || strcmp(hash, "-") == 0)
    return rec;
  record_clear(&g->moved);
  if (ledei_db_foreach_file_with_hash(g->db, hash, pick_moved, g) != LEDE_OK || !g->moved.path)
    return NULL;
  return &g->moved;
}

lede_status_t update_walked(updater_t *u, const update_walk_t *w, update_records_t *known,
                            progress_t *progress) {
  /* Compare the walk with the records (both sorted by path); the whole
   * records are read only for the files that changed or went. */
  lede_status_t rc = LEDE_OK;
  scan_file_t *todo = ledei_xcalloc(w->nfiles + 1, sizeof *todo);
  const lede_file_record_t **todo_old = ledei_xcalloc(w->nfiles + 1, sizeof *todo_old);
  size_t ntodo = 0, next = 0; /* both in path order: one merge, no search */
  for (size_t i = 0; i < w->nfiles && rc == LEDE_OK; i++) {
    int c = -1;
    while (next < known->n && (c = strcmp(known->v[next].rec.path, w->files[i].path)) < 0)
      next++;
    update_known_t *k = c == 0 ? &known->v[next] : NULL;
    int found = 0;
    if (k) {
      k->seen = 1;
      if (k->rec.size == w->files[i].size && k->rec.mtime_ns == w->files[i].mtime_ns) {
        u->n.unchanged++;
        continue;
      }
      rc = load_known(u->db, k, &found);
    }
    todo[ntodo] = w->files[i]; /* a shallow copy: the walk owns the strings */
    todo_old[ntodo++] = found ? &k->rec : NULL;
  }
  renames_t g = {.db = u->db, .walk = w};
  g.gone = ledei_xcalloc(known->n + 1, sizeof *g.gone);
  for (size_t i = 0; i < known->n && rc == LEDE_OK; i++) {
    int found = 0;
    if (!known->v[i].seen && surely_gone(w, known->v[i].rec.path) &&
        (rc = load_known(u->db, &known->v[i], &found)) == LEDE_OK && found)
      g.gone[g.ngone++] = &known->v[i];
  }
  if (g.ngone)
    qsort(g.gone, g.ngone, sizeof *g.gone, cmp_gone_hash);
  u->find_renamed = find_renamed;
  u->rename_ctx = &g;

  progress_set_total(progress, ntodo);
  if (rc == LEDE_OK)
    rc = update_files(u, todo, ntodo, 0, 1, todo_old);
  for (size_t i = 0; i < g.ngone && rc == LEDE_OK; i++)
    if (!g.gone[i]->taken)
      rc = update_remove(u, &g.gone[i]->rec);
  if (rc == LEDE_OK)
    rc = update_commit(u);
  u->find_renamed = NULL;
  u->rename_ctx = NULL;
  free(todo);
  free(todo_old);
  free(g.gone);
  record_clear(&g.moved);
  return rc;
}
