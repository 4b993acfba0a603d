/* test_stem.c - the libstemmer_c bridge: the C stemmer, the language list,
 * and that indexing and querying stem identically through Xapian. */
#include "check.h"
#include "lede_private.h"

#include <stdlib.h>
#include <unistd.h>

static void check_stem(lede_stemmer_t *st, const char *word, const char *want) {
  char *got = ledei_stemmer_stem(st, word, strlen(word));
  CHECK_STR(got, want);
  free(got);
}

static void test_english(void) {
  lede_stemmer_t *st;
  CHECK_INT(ledei_stemmer_open(&st, "english"), LEDE_OK);
  check_stem(st, "connections", "connect");
  check_stem(st, "defenses", "defens");
  check_stem(st, "running", "run");
  check_stem(st, "korea's", "korea");
  ledei_stemmer_close(st);
}

static void test_languages(void) {
  int english = 0, french = 0;
  for (const char **l = ledei_stemmer_languages(); *l; l++) {
    english |= strcmp(*l, "english") == 0;
    french |= strcmp(*l, "french") == 0;
  }
  CHECK(english && french);
  lede_stemmer_t *st = NULL;
  CHECK_INT(ledei_stemmer_open(&st, "klingon"), LEDE_ERR_NOT_FOUND);
  CHECK(st == NULL);
  CHECK(strstr(lede_last_error(), "klingon") != NULL);
  CHECK(strstr(lede_last_error(), "english") != NULL);
  CHECK_INT(ledei_stemmer_open(&st, "french"), LEDE_OK);
  check_stem(st, "ministres", "ministr");
  ledei_stemmer_close(st);
}

/* An index built with one inflection answers a query with another: the
 * TermGenerator and the QueryParser both went through libstemmer_c. */
static void test_index_and_query_agree(void) {
  char *dir = check_tmp_path("lede-stem-XXXXXX");
  CHECK(mkdtemp(dir) != NULL);
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  wo.language = "english";
  lede_db_t *db;
  CHECK_INT(lede_db_open_write(&db, dir, &wo), LEDE_OK);
  lede_sentence_t s = {(char *)"The connections were running late.", 0, 34, 1, 1};
  lede_article_t a = {0};
  a.path = (char *)"a.txt";
  a.id = (char *)"00000000000000aa";
  a.source = (char *)"test";
  a.sentences = &s;
  a.nsentences = 1;
  CHECK_INT(lede_db_put_article(db, &a), LEDE_OK);
  CHECK_INT(lede_db_commit(db), LEDE_OK);
  lede_db_close(db);

  CHECK_INT(lede_db_open_read(&db, dir), LEDE_OK);
  CHECK_STR(lede_db_language(db), "english");
  lede_search_opts_t so = LEDE_SEARCH_OPTS_INIT;
  so.query = "connected runs";
  lede_results_t *res;
  CHECK_INT(lede_db_search(&res, db, &so), LEDE_OK);
  CHECK_INT(res->nhits, 1);
  int zconnect = 0;
  for (char **t = res->terms; *t; t++)
    zconnect |= strcmp(*t, "Zconnect") == 0;
  CHECK(zconnect);
  lede_results_free(res);
  lede_db_close(db);
  CHECK_INT(check_remove(dir), 0);
  free(dir);
}

int main(void) {
  RUN(test_english);
  RUN(test_languages);
  RUN(test_index_and_query_agree);
  return check_summary();
}
