/*
 * add.c - a minimal feeder of liblede: indexes the files given (any format
 * lede-index reads) into an index, created if need be. Adding a file again
 * replaces what it gave before.
 *
 *   cc add.c $(pkg-config --cflags --libs lede) -o add
 *   ./add INDEX story.txt wires.jsonl
 *
 * Exit status: 0, 1 when a file was skipped (with a message), 2 on error.
 */
#define _DEFAULT_SOURCE /* realpath() */
#include <lede.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: add INDEX FILE...\n");
    return 2;
  }
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT; /* creates the index */
  lede_db_t *db = NULL;
  if (lede_db_open_write(&db, argv[1], &wo) != LEDE_OK) {
    fprintf(stderr, "add: %s\n", lede_last_error());
    return 2;
  }
  int status = 0;
  for (int i = 2; i < argc; i++) {
    /* Absolute paths, as lede-index records them. */
    char path[PATH_MAX];
    if (!realpath(argv[i], path)) {
      perror(argv[i]);
      status = 1;
      continue;
    }
    lede_article_t **arts = NULL;
    size_t n = 0, sentences = 0;
    if (lede_article_read(&arts, &n, NULL, path, NULL) != LEDE_OK) {
      fprintf(stderr, "add: %s; skipped\n", lede_last_error());
      status = 1;
      continue;
    }
    for (size_t k = 0; k < n; k++)
      sentences += arts[k]->nsentences;
    if (sentences == 0) { /* an empty file, or one of markup alone: as lede-index */
      fprintf(stderr, "add: %s: no text to index; skipped\n", argv[i]);
      lede_articles_free(arts, n);
      status = 1;
      continue;
    }
    lede_status_t rc = lede_db_put_file(db, path, arts, n, NULL);
    lede_articles_free(arts, n);
    if (rc != LEDE_OK) {
      fprintf(stderr, "add: %s\n", lede_last_error());
      lede_db_close(db); /* nothing of this run is kept */
      return 2;
    }
    printf("%s: %zu article(s), %zu sentence(s)\n", argv[i], n, sentences);
  }
  if (lede_db_commit(db) != LEDE_OK) {
    fprintf(stderr, "add: %s\n", lede_last_error());
    status = 2;
  }
  lede_db_close(db);
  return status;
}
