/*
 * search.c - a minimal client of liblede: prints the best passages of an
 * index for a query.
 *
 *   cc search.c $(pkg-config --cflags --libs lede) -o search
 *   ./search INDEX 'Shangri-La Dialogue'
 */
#include <lede.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: search INDEX QUERY\n");
    return 2;
  }
  lede_db_t *db = NULL;
  if (lede_db_open_read(&db, argv[1]) != LEDE_OK) {
    fprintf(stderr, "search: %s\n", lede_last_error());
    return 2;
  }
  lede_search_opts_t opts = LEDE_SEARCH_OPTS_INIT;
  opts.query = argv[2];
  opts.context = 1;
  lede_results_t *res = NULL;
  if (lede_db_search(&res, db, &opts) != LEDE_OK) {
    fprintf(stderr, "search: %s\n", lede_last_error());
    lede_db_close(db);
    return 2;
  }
  for (size_t i = 0; i < res->nhits; i++) {
    const lede_hit_t *h = &res->hits[i];
    printf("%u. %s | %s | %s, sentence %u\n", h->rank, h->source, h->date ? h->date : "undated",
           h->path, h->sentence);
    for (size_t k = 0; k < h->nbefore; k++)
      printf("   %s\n", h->before[k]);
    printf(" > %s\n", h->text);
    for (size_t k = 0; k < h->nafter; k++)
      printf("   %s\n", h->after[k]);
  }
  printf("%zu of %llu matching passages\n", res->nhits, (unsigned long long)res->total);
  lede_results_free(res);
  lede_db_close(db);
  return 0;
}
