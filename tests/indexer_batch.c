/*
 * indexer_batch.c - the indexer's commit batch (indexer/update.c): the
 * same for every database up to UPDATE_BATCH_SENTENCES sentences (what a
 * 1x Reuters build's shards hold), in proportion past it, capped.
 */
#include "check.h"
#include "update.h"

static void small_databases(void) {
  CHECK_INT(update_batch_for(0), UPDATE_BATCH_BYTES);
  CHECK_INT(update_batch_for(63000), UPDATE_BATCH_BYTES);
  CHECK_INT(update_batch_for(UPDATE_BATCH_SENTENCES), UPDATE_BATCH_BYTES);
}

static void larger_databases(void) {
  CHECK_INT(update_batch_for(2 * UPDATE_BATCH_SENTENCES), 2 * UPDATE_BATCH_BYTES);
  CHECK_INT(update_batch_for(3 * UPDATE_BATCH_SENTENCES), 3 * UPDATE_BATCH_BYTES);
  CHECK(update_batch_for(UPDATE_BATCH_SENTENCES + 1000) > UPDATE_BATCH_BYTES);
  CHECK(update_batch_for(150000) < update_batch_for(250000));
}

static void capped(void) {
  CHECK_INT(update_batch_for(630000), UPDATE_BATCH_MAX_BYTES);
  CHECK_INT(update_batch_for(100000000), UPDATE_BATCH_MAX_BYTES);
  CHECK_INT(update_batch_for(UINT64_MAX), UPDATE_BATCH_MAX_BYTES);
}

int main(void) {
  RUN(small_databases);
  RUN(larger_databases);
  RUN(capped);
  return check_summary();
}
