/*
 * update.h - bringing one article file up to date in a database.
 *
 * Used both by the single-process path (the live index, with the file's old
 * record) and by parallel workers (a fresh shard, no old record). A file's
 * sentences and its record are written in the same commit, so after a crash
 * an article is either all there or not at all.
 */
#ifndef LEDE_INDEX_UPDATE_H
#define LEDE_INDEX_UPDATE_H

#include "lede_private.h"
#include "progress.h"
#include "scan.h"

#include <stddef.h>

/* Largest article file read (a news article is a few kB); .jsonl files,
 * which hold many articles, may be larger. */
#define UPDATE_MAX_ARTICLE_BYTES (16u << 20)
#define UPDATE_MAX_JSONL_BYTES (1024u << 20)
/* A file is read up to the size the walk saw plus this; one that grew more
 * is skipped with a warning and read on the next run. */
#define UPDATE_GROWTH_SLACK (1u << 20)

/* Commit after this much pending work (article bytes plus a per-sentence
 * allowance), which bounds the memory Xapian's buffers take. Xapian buffers
 * postings per term in ordered maps whose cost grows with the batch; small
 * batches keep them in the CPU caches and cost less than the extra merging
 * into the tables. On Reuters, one process: 36 s with 8 MB, 29 s with
 * 512 kB; two workers (which share the caches): median 15.4 s with 256 kB,
 * 16.2 s with 128 kB, 17.1 s with 512 kB. */
#define UPDATE_BATCH_BYTES (256u << 10)

/* A commit rewrites every B-tree block its batch's terms touch, and a
 * larger database has more blocks to touch: past UPDATE_BATCH_SENTENCES
 * sentences the batch grows in proportion to the database, up to
 * UPDATE_BATCH_MAX_BYTES (Xapian's buffers grow with it). Ten copies of
 * Reuters (two shards of 630,000 sentences): 1 MB batches against 256 kB,
 * four builds each, 133.5 against 148.7 s and 241.5 against 267.6 s of
 * CPU (the system time halved), while at 1x they cost 6 % more
 * (docs/bench-growth.md, "Seventeenth session: the commit batch"). */
#define UPDATE_BATCH_SENTENCES 100000u
#define UPDATE_BATCH_MAX_BYTES (1u << 20)

/* The commit batch size from $LEDE_INDEX_BATCH (bytes), or 0 for the
 * default: for tests that interrupt a build, and for measuring. */
size_t update_batch_bytes(void);

/* The commit batch for a database of sentences sentences: UPDATE_BATCH_BYTES,
 * in proportion past UPDATE_BATCH_SENTENCES, at most UPDATE_BATCH_MAX_BYTES. */
size_t update_batch_for(uint64_t sentences);

typedef struct update_counts {
  unsigned long added, updated, removed, unchanged, skipped, renamed;
  unsigned long warnings; /* warnings printed (exit status 1 when any) */
  unsigned long long sentences;
} update_counts_t;

/* Adds the counts of from to to. */
void update_counts_add(update_counts_t *to, const update_counts_t *from);

/* How a file's problem is reported: path as shown, and why. */
typedef void (*update_warn_fn)(void *ctx, const char *path, const char *why);

/* Told after each file: the sentences it gave. */
typedef void (*update_done_fn)(void *ctx, unsigned sentences);

/* Finds a removed file's record with this content hash (for renames) whose
 * name picks the same reader as path's, or NULL. The callee marks it taken. */
typedef lede_file_record_t *(*update_rename_fn)(void *ctx, const char *hash, const char *path);

typedef struct updater {
  lede_db_t *db;
  const char *base; /* folder holding the index: paths are shown relative to it */
  update_warn_fn warn;
  void *warn_ctx;
  update_done_fn done; /* or NULL */
  void *done_ctx;
  update_rename_fn find_renamed; /* or NULL: new files are never renames */
  void *rename_ctx;
  update_counts_t n;
  size_t pending; /* work since the last commit */
  size_t batch;   /* commit when pending reaches this; 0: update_batch_for() */
  int dirty;      /* anything written since the last commit */
} updater_t;

/* What one file's update did. */
typedef enum update_result {
  UPDATE_INDEXED,   /* (re)indexed; counted as added or updated */
  UPDATE_UNCHANGED, /* same content; only the record's size/mtime refreshed */
  UPDATE_RENAMED,   /* moved from the record `renamed_from` */
  UPDATE_SKIPPED,   /* not indexed, warned; the index keeps what it had */
  UPDATE_DROPPED,   /* not an article any more (or vanished): old sentences removed */
} update_result_t;

/* Brings files[first], files[first + step], ... (of n) up to date, one by
 * one; old, when set, holds each file's record in the index (or NULL).
 * When u->find_renamed is set, a new file with the content of a removed
 * one is moved instead of indexed again. Commits when enough work is
 * pending. Returns LEDE_OK also when files were skipped with a warning; an
 * error means the index could not be written (and nothing of the batch is
 * committed). */
lede_status_t update_files(updater_t *u, const scan_file_t *files, size_t n, size_t first,
                           size_t step, const lede_file_record_t *const *old);

/* ---- comparing a walk with the index's file records ---- */

typedef struct update_known {
  /* Owned; only path, size and mtime until full is set (a walk is compared
   * with those; the whole record is read for the files that changed or
   * went). */
  lede_file_record_t rec;
  int full;
  int seen;  /* found by this walk */
  int taken; /* claimed by a rename */
} update_known_t;

typedef struct update_records {
  update_known_t *v; /* sorted by path, no duplicates */
  size_t n, cap;
} update_records_t;

/* Lists the records a walk is compared with (their paths, sizes and
 * mtimes): all of them (all set), else only those at or under the roots,
 * so that updating a few named files costs what they hold, not what the
 * index holds. */
lede_status_t update_load(update_records_t *k, lede_db_t *db, char **roots, size_t nroots, int all);
void update_records_free(update_records_t *k);

/* What a run walked. */
typedef struct update_walk {
  char **roots; /* walked; walked[i] as in roots.h */
  size_t nroots;
  const int *walked;
  char **others; /* remembered roots this run does not walk */
  size_t nothers;
  char **unsure; /* paths under which the index keeps what it has */
  size_t nunsure;
  const scan_file_t *files; /* sorted by path, no duplicates */
  size_t nfiles;
} update_walk_t;

/* Brings u->db up to date with the walk, comparing it with known (from
 * update_load()): files whose size or mtime changed are updated, files
 * surely gone removed (or moved to a new file with their content). Sets
 * progress's total to the files to look at. Commits. */
lede_status_t update_walked(updater_t *u, const update_walk_t *w, update_records_t *known,
                            progress_t *progress);

/* Deletes a file's sentences and its record. */
lede_status_t update_remove(updater_t *u, const lede_file_record_t *rec);

/* Commits when anything is pending. */
lede_status_t update_commit(updater_t *u);

/* Path relative to base when under it, else abs. */
const char *update_display_path(const char *abs, const char *base);

/* What went wrong reading the file at path, as a run says it, into why
 * (size bytes), returned: the reader's error (rc) with "; skipped", or for
 * a file read with bad parts (bad), how many .jsonl lines were skipped or
 * the reader's note. */
const char *update_read_problem(char *why, size_t size, const char *path, lede_status_t rc,
                                size_t bad);

/* What a run would index of file f (--dry-run): its articles in *arts
 * and *n (none when it would be skipped), read and checked exactly as an
 * update reads it (size bounds, empty, binary, invalid UTF-8, the readers'
 * errors), each problem said through say(ctx, why). Returns how many were
 * said. */
size_t update_preview(const scan_file_t *f, lede_article_t ***arts, size_t *n,
                      void (*say)(void *ctx, const char *why), void *ctx);

/* Default source of a file: the one its folder names (SCAN_SOURCE_FILE),
 * else its path relative to the root it was found under. */
const char *update_default_source(const scan_file_t *f);

#endif
