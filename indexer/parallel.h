/*
 * parallel.h - building a fresh database with several worker processes.
 *
 * Each worker (fork) indexes every jobs-th file into a shard of its own
 * (DIR/tmp-PID-K, no fsyncs); the parent shows progress and prints the
 * workers' warnings, then merges the shards with Xapian's compaction into a
 * new staged database beside the live one. Nothing is visible to readers
 * until the caller publishes it; an interrupted build leaves only tmp-* and
 * db-* folders that the next run removes.
 */
#ifndef LEDE_INDEX_PARALLEL_H
#define LEDE_INDEX_PARALLEL_H

#include "lede_private.h"
#include "progress.h"
#include "scan.h"
#include "update.h"

/* Indexes files (n of them) with jobs workers into a staged database in
 * dir, opened for writing in *out (not yet published). language: the
 * stemming language; base: folder that displayed paths are relative to.
 * Adds the workers' counts to *counts. On failure no staged database is
 * left open and the message is in lede_last_error(). */
lede_status_t parallel_build(lede_db_t **out, const char *dir, const char *language,
                             const char *base, const scan_file_t *files, size_t n, int jobs,
                             progress_t *progress, update_counts_t *counts);

#endif
