/* test_db.c - the Xapian wrapper: creating and reopening an index, articles
 * in and out, per-file records, metadata, commits, locking, versions. */
#include "check.h"
#include "lede_private.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char *base;   /* a new folder under $TMPDIR for every index of the tests */
static char *dir;    /* base/db: the main test index; others are dir-SUFFIX */
static char *bindir; /* where lede-index is, from argv[0], quoted for the shell */

static lede_article_t *make_article(const char *id, const char *date, int n, const char *word) {
  lede_article_t *a = ledei_xcalloc(1, sizeof *a);
  a->path = ledei_xstrdup("p.txt");
  a->id = ledei_xstrdup(id);
  a->source = ledei_xstrdup("Wire");
  a->date = date ? ledei_xstrdup(date) : NULL;
  a->title = ledei_xstrdup("A headline about tariffs");
  a->sentences = ledei_xcalloc((size_t)n, sizeof *a->sentences);
  a->nsentences = (size_t)n;
  for (int i = 0; i < n; i++) {
    char buf[128];
    snprintf(buf, sizeof buf, "Sentence %d of %s mentions %s.", i + 1, id, word);
    a->sentences[i].text = ledei_xstrdup(buf);
    a->sentences[i].start = (size_t)i * 100;
    a->sentences[i].end = (size_t)i * 100 + strlen(buf);
  }
  return a;
}

static lede_results_t *search(lede_db_t *db, const char *q, unsigned context) {
  lede_search_opts_t so = LEDE_SEARCH_OPTS_INIT;
  so.query = q;
  so.context = context;
  so.limit = 50;
  lede_results_t *res = NULL;
  CHECK_INT(lede_db_search(&res, db, &so), LEDE_OK);
  return res;
}

static void test_create_put_search(void) {
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  lede_db_t *w;
  CHECK_INT(lede_db_open_write(&w, dir, &wo), LEDE_OK);
  lede_article_t *a = make_article("aaaaaaaaaaaaaaaa", "2023-11-09", 3, "walrus");
  lede_article_t *b = make_article("bbbbbbbbbbbbbbbb", NULL, 2, "narwhal");
  CHECK_INT(lede_db_put_article(w, a), LEDE_OK);
  CHECK_INT(lede_db_put_article(w, b), LEDE_OK);

  /* Not visible before the commit. */
  lede_db_t *r;
  CHECK_INT(lede_db_open_read(&r, dir), LEDE_OK);
  uint64_t n = 99;
  CHECK_INT(lede_db_count(&n, r), LEDE_OK);
  CHECK_INT(n, 0);
  lede_db_close(r);

  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(lede_db_open_read(&r, dir), LEDE_OK);
  CHECK_INT(lede_db_count(&n, r), LEDE_OK);
  CHECK_INT(n, 5);
  lede_results_t *res = search(r, "walrus", 1);
  CHECK_INT(res->nhits, 3);
  CHECK_STR(res->hits[0].date, "2023-11-09");
  CHECK_STR(res->hits[0].source, "Wire");
  CHECK_STR(res->hits[0].title, "A headline about tariffs");
  for (size_t i = 0; i < res->nhits; i++) {
    const lede_hit_t *h = &res->hits[i];
    CHECK_INT(h->rank, i + 1);
    CHECK_INT(h->start, (h->sentence - 1) * 100);
    /* Context comes from the neighbouring sentences of the same article. */
    CHECK_INT(h->nbefore, h->sentence > 1 ? 1 : 0);
    CHECK_INT(h->nafter, h->sentence < 3 ? 1 : 0);
  }
  lede_results_free(res);
  res = search(r, "narwhal", 0);
  CHECK_INT(res->nhits, 2);
  CHECK(res->hits[0].date == NULL);
  lede_results_free(res);
  /* title: searches the headline; headline words do not match plain words. */
  res = search(r, "title:tariffs", 0);
  CHECK_INT(res->nhits, 5);
  lede_results_free(res);
  res = search(r, "tariffs", 0);
  CHECK_INT(res->nhits, 0);
  lede_results_free(res);

  /* Replacing an article replaces all its sentences; deleting drops them. */
  lede_article_free(a);
  a = make_article("aaaaaaaaaaaaaaaa", "2023-11-10", 1, "walrus");
  CHECK_INT(lede_db_put_article(w, a), LEDE_OK);
  CHECK_INT(lede_db_delete_article(w, "bbbbbbbbbbbbbbbb"), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(lede_db_count(&n, w), LEDE_OK);
  CHECK_INT(n, 1);
  /* A reader opened before counts the index as it is now, as its searches
   * do (it kept its first snapshot: 5). */
  CHECK_INT(lede_db_count(&n, r), LEDE_OK);
  CHECK_INT(n, 1);
  lede_db_close(r);
  lede_db_close(w);
  lede_article_free(a);
  lede_article_free(b);
}

static void test_files_and_meta(void) {
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  wo.create = 0;
  lede_db_t *w;
  CHECK_INT(lede_db_open_write(&w, dir, &wo), LEDE_OK);
  char *ids[] = {(char *)"aaaaaaaaaaaaaaaa", (char *)"cccccccccccccccc", NULL};
  lede_file_record_t rec = {
      (char *)"/corpus/x.jsonl", 1234, 5678901234LL, "0123456789abcdef", 7, 2, ids};
  CHECK_INT(ledei_db_set_file(w, &rec), LEDE_OK);
  char longpath[400];
  memset(longpath, 'p', sizeof longpath - 1);
  longpath[0] = '/';
  longpath[sizeof longpath - 1] = '\0';
  lede_file_record_t rec2 = {longpath, 1, 2, "fedcba9876543210", 1, 0, NULL};
  CHECK_INT(ledei_db_set_file(w, &rec2), LEDE_OK);
  CHECK_INT(ledei_db_set_meta(w, "roots", "/corpus\n"), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);

  lede_file_record_t *got = NULL;
  CHECK_INT(ledei_db_get_file(&got, w, "/corpus/x.jsonl"), LEDE_OK);
  CHECK(got != NULL);
  if (got) {
    CHECK_INT(got->size, 1234);
    CHECK_INT(got->mtime_ns, 5678901234LL);
    CHECK_STR(got->hash, "0123456789abcdef");
    CHECK_INT(got->sentences, 7);
    CHECK_INT(got->articles, 2);
    CHECK_STR(got->article_ids[1], "cccccccccccccccc");
  }
  ledei_file_record_free(got);
  CHECK_INT(ledei_db_get_file(&got, w, longpath), LEDE_OK);
  CHECK(got && strcmp(got->path, longpath) == 0);
  ledei_file_record_free(got);
  CHECK_INT(ledei_db_get_file(&got, w, "/nope"), LEDE_ERR_NOT_FOUND);
  char *v;
  CHECK_INT(ledei_db_get_meta(&v, w, "roots"), LEDE_OK);
  CHECK_STR(v, "/corpus\n");
  free(v);
  CHECK_INT(ledei_db_delete_file(w, "/corpus/x.jsonl"), LEDE_OK);
  CHECK_INT(ledei_db_get_file(&got, w, "/corpus/x.jsonl"), LEDE_ERR_NOT_FOUND);
  lede_db_close(w); /* not committed: the delete is dropped */
  CHECK_INT(lede_db_open_write(&w, dir, &wo), LEDE_OK);
  CHECK_INT(ledei_db_get_file(&got, w, "/corpus/x.jsonl"), LEDE_OK);
  ledei_file_record_free(got);
  lede_db_close(w);
}

/* ledei_db_foreach_file_stat() callback: "path size mtime;" appended. */
static int list_stat(const char *path, uint64_t size, int64_t mtime_ns, void *ctx) {
  char *out = ctx;
  size_t n = strlen(out);
  snprintf(out + n, 1024 - n, "%.40s %llu %lld;", path, (unsigned long long)size,
           (long long)mtime_ns);
  return 0;
}

/* A rescan lists every record's path, size and mtime from keys kept beside
 * the records: they follow every change of a record, and a removal. */
static void test_file_stats(void) {
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  wo.create = 0;
  lede_db_t *w;
  CHECK_INT(lede_db_open_write(&w, dir, &wo), LEDE_OK);
  lede_file_record_t a = {(char *)"/s/a.txt", 10, 100, "0123456789abcdef", 1, 0, NULL};
  lede_file_record_t b = {(char *)"/s/b.txt", 20, -5, "fedcba9876543210", 1, 0, NULL};
  lede_file_record_t c = {(char *)"/t/c.txt", 30, 300, "00000000000000aa", 1, 0, NULL};
  CHECK_INT(ledei_db_set_file(w, &b), LEDE_OK);
  CHECK_INT(ledei_db_set_file(w, &a), LEDE_OK);
  CHECK_INT(ledei_db_set_file(w, &c), LEDE_OK);
  a.size = 11; /* touched: the old size and mtime are not listed any more */
  a.mtime_ns = 101;
  CHECK_INT(ledei_db_set_file(w, &a), LEDE_OK);
  CHECK_INT(ledei_db_set_file(w, &a), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  char out[1024] = "";
  CHECK_INT(ledei_db_foreach_file_stat(w, "/s", list_stat, out), LEDE_OK);
  CHECK_STR(out, "/s/a.txt 11 101;/s/b.txt 20 -5;");
  CHECK_INT(ledei_db_delete_file(w, "/s/b.txt"), LEDE_OK);
  CHECK_INT(ledei_db_file_remove(w, "/t/c.txt"), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  out[0] = '\0';
  CHECK_INT(ledei_db_foreach_file_stat(w, "/s", list_stat, out), LEDE_OK);
  CHECK_INT(ledei_db_foreach_file_stat(w, "/t", list_stat, out), LEDE_OK);
  CHECK_STR(out, "/s/a.txt 11 101;");
  CHECK_INT(ledei_db_delete_file(w, "/s/a.txt"), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  lede_db_close(w);
}

static void test_errors(void) {
  lede_db_t *db = NULL;
  CHECK_INT(lede_db_open_read(&db, "/nonexistent/lede"), LEDE_ERR_NOT_FOUND);
  CHECK(db == NULL);
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  wo.create = 0;
  CHECK_INT(lede_db_open_write(&db, "/nonexistent/lede", &wo), LEDE_ERR_NOT_FOUND);

  /* A second writer is refused while the first holds the index. */
  lede_db_t *w1, *w2 = NULL;
  CHECK_INT(lede_db_open_write(&w1, dir, &wo), LEDE_OK);
  CHECK_INT(lede_db_open_write(&w2, dir, &wo), LEDE_ERR_LOCKED);
  CHECK(w2 == NULL);
  /* Another language than the index's own is refused. */
  lede_db_close(w1);
  lede_write_opts_t fr = LEDE_WRITE_OPTS_INIT;
  fr.language = "french";
  CHECK_INT(lede_db_open_write(&w1, dir, &fr), LEDE_ERR_INVALID);
  CHECK(strstr(lede_last_error(), "english") != NULL);

  /* An article without an id is refused, not a crash. */
  CHECK_INT(lede_db_open_write(&w1, dir, &wo), LEDE_OK);
  lede_article_t a;
  memset(&a, 0, sizeof a);
  CHECK_INT(lede_db_put_article(w1, &a), LEDE_ERR_INVALID);
  CHECK(strstr(lede_last_error(), "id") != NULL);
  a.id = "";
  CHECK_INT(lede_db_put_article(w1, &a), LEDE_ERR_INVALID);
  /* Ids are 16 lower-case hex digits, as the readers make them: no id
   * term is then the start of another's, which the search relies on. */
  const char *bad_ids[] = {"c1", "0123456789abcde", "0123456789abcdef0", "0123456789ABCDEF",
                           "0123456789abcdeg"};
  for (size_t i = 0; i < sizeof bad_ids / sizeof *bad_ids; i++) {
    a.id = (char *)bad_ids[i];
    a.path = (char *)"notes/x.txt";
    CHECK_INT(lede_db_put_article(w1, &a), LEDE_ERR_INVALID);
    CHECK(strstr(lede_last_error(), bad_ids[i]) != NULL);
    CHECK(strstr(lede_last_error(), "notes/x.txt") != NULL);
  }
  a.id = (char *)"0123456789abcdef";
  CHECK_INT(lede_db_put_article(w1, &a), LEDE_OK);
  a.path = NULL;
  CHECK_INT(lede_db_put_article(w1, NULL), LEDE_ERR_INVALID);
  CHECK_INT(lede_db_delete_article(w1, NULL), LEDE_ERR_INVALID);
  lede_db_close(w1);
}

/* An index of another schema version is refused with what to do, by the
 * library and by lede-index, and --rebuild replaces it. */
static void test_version(void) {
  char *vdir = check_printf("%s-v", dir);
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  lede_db_t *w;
  CHECK_INT(lede_db_open_write(&w, vdir, &wo), LEDE_OK);
  lede_article_t *a = make_article("aaaaaaaaaaaaaaaa", NULL, 2, "walrus");
  CHECK_INT(lede_db_put_article(w, a), LEDE_OK);
  CHECK_INT(ledei_db_set_schema(w, LEDE_SCHEMA_VERSION + 1), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  lede_db_close(w);
  lede_article_free(a);
  lede_db_t *r = NULL;
  CHECK_INT(lede_db_open_read(&r, vdir), LEDE_ERR_VERSION);
  CHECK(r == NULL);
  CHECK(strstr(lede_last_error(), "schema version") != NULL);
  CHECK(strstr(lede_last_error(), "--rebuild") != NULL);
  wo.create = 0;
  CHECK_INT(lede_db_open_write(&w, vdir, &wo), LEDE_ERR_VERSION);

  char *q = check_quoted(vdir);
  CHECK_INT(check_system("mkdir -p %s-src && printf 'One walrus. Two walruses. Three.\\n' "
                         ">%s-src/a.txt",
                         q, q),
            0);
  int st = check_system("%s/lede-index --quiet --index %s %s-src 2>%s.err", bindir, q, q, q);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2);
  CHECK_INT(check_system("grep -q 'rebuild it with' %s.err", q), 0);
  st = check_system("%s/lede-index --quiet --rebuild --index %s %s-src", bindir, q, q);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK_INT(lede_db_open_read(&r, vdir), LEDE_OK);
  uint64_t n = 0;
  if (r)
    CHECK_INT(lede_db_count(&n, r), LEDE_OK);
  CHECK_INT(n, 3);
  lede_db_close(r);
  CHECK_INT(check_system("rm -rf %s %s.err %s-src", q, q, q), 0);
  free(q);
  free(vdir);
}

/* Opens dir for reading and checks the docid layout the search relies on:
 * an article's sentences consecutive and in order, its article document
 * right after them. */
static void check_layout(const char *where) {
  lede_db_t *r = NULL;
  CHECK_INT(lede_db_open_read(&r, where), LEDE_OK);
  if (!r)
    return;
  lede_status_t rc = ledei_db_check_layout(r);
  if (rc != LEDE_OK)
    fprintf(stderr, "%s: %s\n", where, lede_last_error());
  CHECK_INT(rc, LEDE_OK);
  lede_db_close(r);
}

/* Writes n files of a few sentences each into folder src. */
static void write_files(const char *src, int from, int n, const char *extra) {
  char *q = check_quoted(src);
  CHECK_INT(check_system("mkdir -p %s && for i in $(seq %d %d); do printf 'First of file '$i'. "
                         "Second walrus line. Third one %s.\\n' >%s/f$i.txt; done",
                         q, from, from + n - 1, extra, q),
            0);
  free(q);
}

/* The layout holds through puts, replacements, deletions and moves in a live
 * index, and through parallel builds (shards merged by compaction) and
 * updates of them; context lookups follow it. */
static void test_layout(void) {
  char *ldir = check_printf("%s-l", dir);
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  lede_db_t *w;
  CHECK_INT(lede_db_open_write(&w, ldir, &wo), LEDE_OK);
  lede_article_t *a = make_article("aaaaaaaaaaaaaaaa", "2023-11-09", 3, "walrus");
  lede_article_t *b = make_article("bbbbbbbbbbbbbbbb", NULL, 2, "narwhal");
  lede_article_t *c = make_article("cccccccccccccccc", NULL, 4, "beluga");
  CHECK_INT(lede_db_put_article(w, a), LEDE_OK);
  CHECK_INT(lede_db_put_article(w, b), LEDE_OK);
  CHECK_INT(lede_db_put_article(w, c), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  check_layout(ldir);
  /* Replace a (now at the end), delete b, move c to another id in place. */
  lede_article_free(a);
  a = make_article("aaaaaaaaaaaaaaaa", "2023-11-10", 5, "walrus");
  CHECK_INT(lede_db_put_article(w, a), LEDE_OK);
  CHECK_INT(lede_db_delete_article(w, "bbbbbbbbbbbbbbbb"), LEDE_OK);
  free(c->id);
  c->id = ledei_xstrdup("dddddddddddddddd");
  CHECK_INT(ledei_db_move_article(w, "cccccccccccccccc", c), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  lede_db_close(w);
  check_layout(ldir);
  lede_db_t *r = NULL;
  CHECK_INT(lede_db_open_read(&r, ldir), LEDE_OK);
  if (r) {
    lede_results_t *res = search(r, "beluga", 2);
    CHECK_INT(res->nhits, 4);
    for (size_t i = 0; i < res->nhits; i++) {
      const lede_hit_t *h = &res->hits[i];
      CHECK_STR(h->article_id, "dddddddddddddddd");
      CHECK_INT(h->nbefore, h->sentence > 2 ? 2 : h->sentence - 1);
      CHECK_INT(h->nafter, h->sentence < 3 ? 2 : 4 - h->sentence);
      if (h->sentence == 2) {
        CHECK_STR(h->before[0], "Sentence 1 of cccccccccccccccc mentions beluga.");
        CHECK_STR(h->after[1], "Sentence 4 of cccccccccccccccc mentions beluga.");
      }
    }
    lede_results_free(res);
    lede_db_close(r);
  }
  lede_article_free(a);
  lede_article_free(b);
  lede_article_free(c);

  /* A parallel build: two workers' shards merged by compaction; then an
   * update that changes, adds and renames files. */
  char *src = check_printf("%s-src", ldir), *pdir = check_printf("%s-p", ldir);
  char *qs = check_quoted(src), *qp = check_quoted(pdir);
  write_files(src, 1, 80, "alpha");
  CHECK_INT(check_system("%s/lede-index --quiet --jobs 2 --index %s %s", bindir, qp, qs), 0);
  check_layout(pdir);
  write_files(src, 70, 20, "beta");
  CHECK_INT(check_system("mv %s/f3.txt %s/renamed.txt && rm %s/f5.txt", qs, qs, qs), 0);
  CHECK_INT(check_system("%s/lede-index --quiet --index %s", bindir, qp), 0);
  check_layout(pdir);
  CHECK_INT(check_remove(ldir), 0);
  CHECK_INT(check_remove(src), 0);
  CHECK_INT(check_remove(pdir), 0);
  free(qs);
  free(qp);
  free(src);
  free(pdir);
  free(ldir);
}

/* Hits of query in the index at where, all of article id (NULL: any). */
static size_t hits_of(const char *where, const char *query, const char *id) {
  lede_db_t *r = NULL;
  CHECK_INT(lede_db_open_read(&r, where), LEDE_OK);
  if (!r)
    return 999;
  lede_results_t *res = search(r, query, 0);
  size_t n = res->nhits;
  for (size_t i = 0; i < res->nhits && id; i++)
    CHECK_STR(res->hits[i].article_id, id);
  lede_results_free(res);
  lede_db_close(r);
  return n;
}

/* A file's change handed over whole: the library keeps the file's
 * articles and its record consistent. */
static void test_file_changes(void) {
  char *fdir = check_printf("%s-f", dir);
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  lede_db_t *w;
  CHECK_INT(lede_db_open_write(&w, fdir, &wo), LEDE_OK);
  lede_article_t *a = make_article("aaaaaaaaaaaaaaaa", NULL, 3, "walrus");
  lede_article_t *b = make_article("bbbbbbbbbbbbbbbb", NULL, 2, "narwhal");
  lede_article_t *c = make_article("cccccccccccccccc", NULL, 4, "beluga");
  lede_file_record_t rec = {(char *)"/c/x.jsonl", 10, 20, "0123456789abcdef", 0, 0, NULL};
  lede_article_t *ab[] = {a, b}, *just_c[] = {c}, *just_a[] = {a};
  CHECK_INT(ledei_db_file_put(w, &rec, ab, 2, 0), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  lede_file_record_t *got = NULL;
  CHECK_INT(ledei_db_get_file(&got, w, "/c/x.jsonl"), LEDE_OK);
  CHECK(got && got->articles == 2 && got->sentences == 5 && got->size == 10);
  ledei_file_record_free(got);

  /* The file now holds c only: a and b leave the index. */
  CHECK_INT(ledei_db_file_put(w, &rec, just_c, 1, 0), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(hits_of(fdir, "walrus OR narwhal", NULL), 0);
  CHECK_INT(hits_of(fdir, "beluga", "cccccccccccccccc"), 4);

  /* A feed: c, out of its window, stays and stays listed. */
  CHECK_INT(ledei_db_file_put(w, &rec, just_a, 1, 1), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(hits_of(fdir, "beluga", "cccccccccccccccc"), 4);
  CHECK_INT(hits_of(fdir, "walrus", "aaaaaaaaaaaaaaaa"), 3);
  CHECK_INT(ledei_db_get_file(&got, w, "/c/x.jsonl"), LEDE_OK);
  CHECK(got && got->articles == 2 && got->sentences == 3);
  if (got && got->articles == 2) {
    CHECK_STR(got->article_ids[0], "aaaaaaaaaaaaaaaa");
    CHECK_STR(got->article_ids[1], "cccccccccccccccc");
  }
  ledei_file_record_free(got);

  /* Moved: the same articles under new ids, relabelled. */
  lede_article_t *a2 = make_article("eeeeeeeeeeeeeeee", NULL, 3, "walrus");
  lede_article_t *c2 = make_article("ffffffffffffffff", NULL, 4, "beluga");
  lede_article_t *moved_arts[] = {a2, c2};
  lede_file_record_t to = {(char *)"/c/y.jsonl", 10, 30, "0123456789abcdef", 0, 0, NULL};
  int moved = 0;
  CHECK_INT(ledei_db_file_move(w, "/c/x.jsonl", &to, moved_arts, 2, &moved), LEDE_OK);
  CHECK_INT(moved, 1);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(ledei_db_get_file(&got, w, "/c/x.jsonl"), LEDE_ERR_NOT_FOUND);
  CHECK_INT(ledei_db_get_file(&got, w, "/c/y.jsonl"), LEDE_OK);
  CHECK(got && got->articles == 2 && got->mtime_ns == 30);
  ledei_file_record_free(got);
  CHECK_INT(hits_of(fdir, "beluga", "ffffffffffffffff"), 4);

  /* Gone: its articles and its record. */
  CHECK_INT(ledei_db_file_remove(w, "/c/y.jsonl"), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  CHECK_INT(hits_of(fdir, "walrus OR beluga", NULL), 0);
  CHECK_INT(ledei_db_get_file(&got, w, "/c/y.jsonl"), LEDE_ERR_NOT_FOUND);
  lede_db_close(w);
  check_layout(fdir);
  lede_article_free(a);
  lede_article_free(b);
  lede_article_free(c);
  lede_article_free(a2);
  lede_article_free(c2);
  CHECK_INT(check_remove(fdir), 0);
  free(fdir);
}

/* Every writing function refuses a read handle with LEDE_ERR_INVALID and a
 * message (it used to dereference the missing writer: ledei_db_set_meta()
 * after a commit segfaulted). */
static void test_read_handle_refuses_writes(void) {
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  lede_db_t *w, *r;
  CHECK_INT(lede_db_open_write(&w, dir, &wo), LEDE_OK);
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  lede_db_close(w);
  CHECK_INT(lede_db_open_read(&r, dir), LEDE_OK);
  lede_article_t *a = make_article("dddddddddddddddd", NULL, 1, "okapi");
  lede_file_record_t rec = {(char *)"/corpus/y.txt", 1, 2, "0123456789abcdef", 1, 0, NULL};
#define REFUSED(call)                                                                              \
  do {                                                                                             \
    CHECK_INT(call, LEDE_ERR_INVALID);                                                             \
    CHECK(strstr(lede_last_error(), "open for reading only") != NULL);                             \
  } while (0)
  REFUSED(ledei_db_set_meta(r, "roots", "/x"));
  REFUSED(lede_db_commit(r));
  REFUSED(ledei_db_set_meta(r, "roots", "/x")); /* after a commit: the segfault */
  REFUSED(ledei_db_set_file(r, &rec));
  REFUSED(ledei_db_delete_file(r, "/corpus/y.txt"));
  REFUSED(lede_db_delete_article(r, "dddddddddddddddd"));
  REFUSED(ledei_db_set_schema(r, 1));
  REFUSED(ledei_db_finish_build(r));
  REFUSED(ledei_db_publish(r));
#undef REFUSED
  /* put and move have a check of their own (not this helper's message). */
  CHECK_INT(lede_db_put_article(r, a), LEDE_ERR_INVALID);
  CHECK_INT(ledei_db_move_article(r, "dddddddddddddddd", a), LEDE_ERR_INVALID);
  lede_db_close(r);
  lede_article_free(a);
}

/* Option structs: a version this liblede does not know is refused with a
 * message naming the struct; the ranking mode and weight are options, and
 * the library itself reads no LEDE_RANK from the environment. */
static void test_options(void) {
  char *odir = check_printf("%s-o", dir);
  lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
  lede_db_t *w = (lede_db_t *)&wo; /* must come back NULL */
  wo.version = LEDE_WRITE_OPTS_VERSION + 1;
  CHECK_INT(lede_db_open_write(&w, odir, &wo), LEDE_ERR_INVALID);
  CHECK(w == NULL);
  CHECK(strstr(lede_last_error(), "lede_write_opts_t version 2") != NULL);
  wo.version = LEDE_WRITE_OPTS_VERSION;
  CHECK_INT(lede_db_open_write(&w, odir, &wo), LEDE_OK);
  const char *words[] = {"walrus", "narwhal", "seal", "otter"};
  for (int i = 0; i < 4; i++) {
    char id[17];
    snprintf(id, sizeof id, "%016d", i + 1);
    lede_article_t *a = make_article(id, NULL, i == 0 ? 3 : 2, words[i]);
    CHECK_INT(lede_db_put_article(w, a), LEDE_OK);
    lede_article_free(a);
  }
  CHECK_INT(lede_db_commit(w), LEDE_OK);
  lede_db_close(w);

  lede_db_t *r;
  CHECK_INT(lede_db_open_read(&r, odir), LEDE_OK);
  lede_search_opts_t so = LEDE_SEARCH_OPTS_INIT;
  so.query = "walrus";
  lede_results_t *res = (lede_results_t *)&so;
  lede_timeline_t *tl = NULL;
  lede_count_t count;
  unsigned bad[] = {0, LEDE_SEARCH_OPTS_VERSION + 1};
  for (size_t i = 0; i < 2; i++) {
    so.version = bad[i];
    char want[64];
    snprintf(want, sizeof want, "lede_search_opts_t version %u", bad[i]);
    CHECK_INT(lede_db_search(&res, r, &so), LEDE_ERR_INVALID);
    CHECK(res == NULL);
    CHECK(strstr(lede_last_error(), want) != NULL);
    CHECK_INT(lede_db_timeline(&tl, r, &so, LEDE_UNIT_DAY), LEDE_ERR_INVALID);
    CHECK_INT(lede_db_count_matches(&count, r, &so), LEDE_ERR_INVALID);
  }
  so.version = LEDE_SEARCH_OPTS_VERSION;
  /* Enumerations out of range: refused, naming the field (a timeline of an
   * unknown unit would never step to its next period). */
  so.sort = (lede_sort_t)7;
  CHECK_INT(lede_db_search(&res, r, &so), LEDE_ERR_INVALID);
  CHECK(strstr(lede_last_error(), "sort 7") != NULL);
  so.sort = LEDE_SORT_RELEVANCE;
  so.rank = (lede_rank_t)-1;
  CHECK_INT(lede_db_count_matches(&count, r, &so), LEDE_ERR_INVALID);
  CHECK(strstr(lede_last_error(), "rank -1") != NULL);
  so.rank = LEDE_RANK_DEFAULT;
  CHECK_INT(lede_db_timeline(&tl, r, &so, (lede_unit_t)7), LEDE_ERR_INVALID);
  CHECK(tl == NULL);
  CHECK(strstr(lede_last_error(), "unit 7") != NULL);
  CHECK_STR(lede_unit_name((lede_unit_t)7), "unknown unit");
  CHECK_STR(lede_unit_name(LEDE_UNIT_WEEK), "week");
  /* No options at all: refused, not a crash. */
  res = (lede_results_t *)&so;
  CHECK_INT(lede_db_search(&res, r, NULL), LEDE_ERR_INVALID);
  CHECK(res == NULL);
  CHECK(strstr(lede_last_error(), "lede_search_opts_t") != NULL);
  CHECK_INT(lede_db_timeline(&tl, r, NULL, LEDE_UNIT_DAY), LEDE_ERR_INVALID);
  CHECK_INT(lede_db_count_matches(&count, r, NULL), LEDE_ERR_INVALID);
  /* A page past LEDE_PAGE_MAX: refused (offset + limit wrapped to 0 and
   * read before its hits, a crash); one up to it holds what matches. */
  so.offset = UINT_MAX;
  so.limit = 1;
  CHECK_INT(lede_db_search(&res, r, &so), LEDE_ERR_INVALID);
  CHECK(strstr(lede_last_error(), "a page may reach at most 10000000 passages") != NULL);
  so.offset = 0;
  so.per_article = 1u << 31;
  CHECK_INT(lede_db_search(&res, r, &so), LEDE_ERR_INVALID);
  so.per_article = 0;
  so.limit = LEDE_PAGE_MAX;
  CHECK_INT(lede_db_search(&res, r, &so), LEDE_OK);
  CHECK_INT(res->nhits, 3);
  lede_results_free(res);
  so.limit = 0;

  double score[4]; /* default, sentence alone, weight 50, default under LEDE_RANK=sentence */
  for (int k = 0; k < 4; k++) {
    so.rank = k == 1 ? LEDE_RANK_SENTENCE : LEDE_RANK_DEFAULT;
    so.rank_weight = k == 2 ? 50 : 0;
    if (k == 3)
      setenv("LEDE_RANK", "sentence", 1);
    CHECK_INT(lede_db_search(&res, r, &so), LEDE_OK);
    CHECK_INT(res->nhits, 3);
    score[k] = res->nhits ? res->hits[0].score : 0;
    lede_results_free(res);
  }
  unsetenv("LEDE_RANK");
  CHECK(score[0] > score[1]); /* the article's evidence adds to the sentence's */
  CHECK(score[2] > score[0]);
  CHECK(score[3] == score[0]);
  lede_db_close(r);
  CHECK_INT(check_remove(odir), 0);
  free(odir);
}

int main(int argc, char **argv) {
  (void)argc;
  base = check_tmp_path("lede-db-XXXXXX");
  if (!mkdtemp(base))
    return 2;
  dir = check_printf("%s/db", base);
  const char *slash = strrchr(argv[0], '/');
  char *bin =
      slash ? check_printf("%.*s/../bin", (int)(slash - argv[0]), argv[0]) : check_printf("../bin");
  bindir = check_quoted(bin);
  free(bin);
  RUN(test_create_put_search);
  RUN(test_files_and_meta);
  RUN(test_file_stats);
  RUN(test_errors);
  RUN(test_version);
  RUN(test_layout);
  RUN(test_file_changes);
  RUN(test_read_handle_refuses_writes);
  RUN(test_options);
  int removed = check_remove(base);
  free(bindir);
  free(dir);
  free(base);
  if (removed != 0)
    return 1;
  return check_summary();
}
