/* test_file_change.c - a file's change, whole, as a client of the public
 * header alone sees it: lede_db_put_file(), lede_db_remove_file(),
 * lede_db_move_file(). */
#include "check.h"
#include "lede.h"

#include <stdlib.h>
#include <unistd.h>

static char *dir, *idx; /* a new folder under $TMPDIR, and the index in it */

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

/* The articles of the file at path, as a client reads them. */
static lede_article_t **read_file(const char *path, size_t *n) {
  lede_article_t **arts = NULL;
  *n = 0;
  CHECK_INT(lede_article_read(&arts, n, NULL, path, "Wire"), LEDE_OK);
  return arts;
}

/* How many passages match q in the committed index; the first hit's path
 * in *path_out (malloc'd; path_out may be NULL). */
static unsigned long long hits(const char *q, char **path_out) {
  lede_db_t *r = NULL;
  CHECK_INT(lede_db_open_read(&r, idx), LEDE_OK);
  lede_search_opts_t so = LEDE_SEARCH_OPTS_INIT;
  so.query = q;
  lede_results_t *res = NULL;
  CHECK_INT(lede_db_search(&res, r, &so), LEDE_OK);
  unsigned long long total = res ? res->total : 0;
  if (path_out)
    *path_out = check_printf("%s", res && res->nhits ? res->hits[0].path : "");
  lede_results_free(res);
  lede_db_close(r);
  return total;
}

/* Put: the file's articles replace those it gave before, even those a
 * line that is no more gave (lede_db_put_article() alone leaves them). */
static void test_put_move_remove(void) {
  char *a = check_printf("%s/a.jsonl", dir), *b = check_printf("%s/b.jsonl", dir), *shown;
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  lede_db_t *w = NULL;
  CHECK_INT(lede_db_open_write(&w, idx, &wo), LEDE_OK);

  write_file(a, "{\"text\": \"The walrus slept on the ice.\"}\n"
                "{\"text\": \"A narwhal surfaced nearby.\"}\n");
  size_t n;
  lede_article_t **arts = read_file(a, &n);
  CHECK_INT(n, 2);
  CHECK_INT(lede_db_put_file(w, a, arts, n, NULL), LEDE_OK);
  lede_articles_free(arts, n);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(hits("walrus", NULL), 1);
  CHECK_INT(hits("narwhal", NULL), 1);

  write_file(a, "{\"text\": \"The walrus woke up.\"}\n");
  arts = read_file(a, &n);
  CHECK_INT(lede_db_put_file(w, a, arts, n, NULL), LEDE_OK);
  lede_articles_free(arts, n);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(hits("narwhal", NULL), 0);
  CHECK_INT(hits("slept", NULL), 0);
  CHECK_INT(hits("woke", NULL), 1);

  /* Moved: found under its new name only. */
  CHECK_INT(rename(a, b), 0);
  arts = read_file(b, &n);
  CHECK_INT(lede_db_move_file(w, a, b, arts, n), LEDE_OK);
  lede_articles_free(arts, n);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(hits("woke", &shown), 1);
  CHECK_STR(shown, b);
  free(shown);
  /* The old name is forgotten: putting it as empty takes nothing of b. */
  CHECK_INT(lede_db_put_file(w, a, NULL, 0, NULL), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(hits("woke", NULL), 1);

  uint64_t count = 99;
  /* Moved over a file the index holds ("mv c b" over an indexed b): b's
   * old text goes with the file it was in. */
  char *c = check_printf("%s/c.jsonl", dir);
  write_file(c, "{\"text\": \"A dugong grazed on seagrass.\"}\n");
  arts = read_file(c, &n);
  CHECK_INT(lede_db_put_file(w, c, arts, n, NULL), LEDE_OK);
  lede_articles_free(arts, n);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(rename(c, b), 0);
  arts = read_file(b, &n);
  CHECK_INT(lede_db_move_file(w, c, b, arts, n), LEDE_OK);
  lede_articles_free(arts, n);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(hits("woke", NULL), 0);
  CHECK_INT(hits("dugong", &shown), 1);
  CHECK_STR(shown, b);
  free(shown);
  CHECK_INT(lede_db_count(&count, w), LEDE_OK);
  CHECK_INT(count, 1);

  /* Gone: its articles with it; a file never indexed changes nothing. */
  CHECK_INT(lede_db_remove_file(w, b), LEDE_OK);
  CHECK_INT(lede_db_remove_file(w, "/nowhere/c.txt"), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(hits("walrus", NULL), 0);
  count = 99;
  CHECK_INT(lede_db_count(&count, w), LEDE_OK);
  CHECK_INT(count, 0);
  lede_db_close(w);
  free(a);
  free(b);
  free(c);
}

/* keep_dropped: a feed's items that left its window stay, and leave with
 * the file. */
static void test_keep_dropped(void) {
  char *f = check_printf("%s/feed.jsonl", dir);
  lede_db_t *w = NULL;
  CHECK_INT(lede_db_open_write(&w, idx, NULL), LEDE_OK);
  write_file(f, "{\"text\": \"Beluga whales sang.\"}\n{\"text\": \"Orcas hunted seals.\"}\n");
  size_t n;
  lede_article_t **arts = read_file(f, &n);
  CHECK_INT(lede_db_put_file(w, f, arts, n, NULL), LEDE_OK);
  lede_articles_free(arts, n);
  write_file(f, "{\"text\": \"Dolphins leapt.\"}\n");
  arts = read_file(f, &n);
  lede_file_opts_t fo = LEDE_FILE_OPTS_INIT;
  fo.keep_dropped = 1;
  CHECK_INT(lede_db_put_file(w, f, arts, n, &fo), LEDE_OK);
  lede_articles_free(arts, n);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(hits("orcas", NULL), 1);
  CHECK_INT(hits("dolphins", NULL), 1);
  CHECK_INT(hits("beluga", NULL), 0); /* line 1 was put again, as dolphins */
  CHECK_INT(lede_db_remove_file(w, f), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(hits("orcas OR dolphins", NULL), 0);
  lede_db_close(w);
  free(f);
}

/* Bad calls are refused with a message, before anything is written. */
static void test_refused(void) {
  char *f = check_printf("%s/x.txt", dir);
  write_file(f, "A sentence about puffins.\n");
  size_t n;
  lede_article_t **arts = read_file(f, &n);
  lede_db_t *w = NULL;
  CHECK_INT(lede_db_open_write(&w, idx, NULL), LEDE_OK);

  lede_file_opts_t fo = LEDE_FILE_OPTS_INIT;
  fo.version = 99;
  CHECK_INT(lede_db_put_file(w, f, arts, n, &fo), LEDE_ERR_INVALID);
  CHECK(strstr(lede_last_error(), "lede_file_opts_t") != NULL);
  char *id = arts[0]->id;
  arts[0]->id = NULL;
  CHECK_INT(lede_db_put_file(w, f, arts, n, NULL), LEDE_ERR_INVALID);
  CHECK(strstr(lede_last_error(), "x.txt: article 1 of 1 has no id") != NULL);
  arts[0]->id = id;
  CHECK_INT(lede_db_put_file(w, NULL, arts, n, NULL), LEDE_ERR_INVALID);
  CHECK_INT(lede_db_put_file(w, f, NULL, 1, NULL), LEDE_ERR_INVALID);
  CHECK_INT(lede_db_move_file(w, NULL, f, arts, n), LEDE_ERR_INVALID);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  lede_db_close(w);
  CHECK_INT(hits("puffins", NULL), 0);

  lede_db_t *r = NULL;
  CHECK_INT(lede_db_open_read(&r, idx), LEDE_OK);
  CHECK_INT(lede_db_put_file(r, f, arts, n, NULL), LEDE_ERR_INVALID);
  CHECK(strstr(lede_last_error(), "reading only") != NULL);
  CHECK_INT(lede_db_remove_file(r, f), LEDE_ERR_INVALID);
  lede_db_close(r);
  lede_articles_free(arts, n);
  free(f);
}

int main(void) {
  dir = check_tmp_path("lede-fc-XXXXXX");
  if (!mkdtemp(dir))
    return 2;
  idx = check_printf("%s/idx", dir);
  RUN(test_put_move_remove);
  RUN(test_keep_dropped);
  RUN(test_refused);
  int removed = check_remove(dir);
  free(idx);
  free(dir);
  if (removed != 0)
    return 1;
  return check_summary();
}
