/*
 * test_feed.c - unit tests of feeds (lib/feed.c): RSS 2.0, RSS 1.0 and
 * Atom items as articles (title, link, dates, source, content over
 * summary, HTML in CDATA or escaped), byte spans into the file, stable ids,
 * charsets, and bad input: billion laughs, external entities, a truncated
 * feed, something else named .rss, many items.
 *
 * Usage: test_feed DATA_DIR (tests/data/feed).
 */
#include "check.h"
#include "feed.h"
#include "lede_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *data_dir = "tests/data/feed";

typedef struct feed {
  char *buf;
  size_t len;
  lede_article_t **a;
  size_t n, bad;
  lede_status_t rc;
} feed_t;

/* Reads test file name as the indexer does (ledei_article_parse_file_bytes),
 * under the name path. */
static feed_t read_as(const char *name, const char *path) {
  feed_t f = {0};
  char file[4096];
  snprintf(file, sizeof file, "%s/%s", data_dir, name);
  if (ledei_read_file(&f.buf, &f.len, file) != LEDE_OK) {
    fprintf(stderr, "%s\n", lede_last_error());
    exit(2);
  }
  f.rc = ledei_article_parse_file_bytes(&f.a, &f.n, &f.bad, f.buf, f.len, path, NULL);
  return f;
}

static void feed_free(feed_t *f) {
  lede_articles_free(f->a, f->n);
  free(f->buf);
}

/* The file's bytes under sentence k of article i. */
static char *bytes_of(const feed_t *f, size_t i, size_t k) {
  const lede_sentence_t *s = &f->a[i]->sentences[k];
  return ledei_xstrndup(f->buf + s->start, s->end - s->start);
}

static const char *meta(const lede_article_t *a, const char *key) {
  for (size_t i = 0; i < a->nmeta; i++)
    if (strcmp(a->meta[i].key, key) == 0)
      return a->meta[i].value;
  return NULL;
}

static void test_rss2(void) {
  feed_t f = read_as("rss2.rss", "/news/rss2.rss");
  CHECK_INT(f.rc, LEDE_OK);
  CHECK_INT(f.bad, 0);
  CHECK_INT(f.n, 3);
  if (f.n == 3) {
    lede_article_t *a = f.a[0];
    CHECK_STR(a->title, "Ferry service resumes after storm");
    CHECK_STR(a->source, "Harbour Gazette");
    CHECK_STR(a->date, "2023-11-09"); /* 22:30 -0500: the day as written, not UTC */
    CHECK_STR(a->url, "https://gazette.example/2023/11/ferry");
    CHECK_STR(meta(a, "author"), "Ana Lima");
    /* content:encoded (CDATA HTML) over description */
    CHECK_INT(a->nsentences, 2);
    CHECK_STR(a->sentences[0].text, "The ferry to the islands sailed again on Thursday.");
    CHECK_STR(a->sentences[1].text, "Crews had repaired the pier & the ramp overnight.");
    char *b = bytes_of(&f, 0, 1);
    CHECK_STR(b, "Crews had repaired the pier &amp; the ramp overnight.");
    free(b);
    /* escaped HTML in a description; a title escaped twice */
    a = f.a[1];
    CHECK_STR(a->title, "Council approves \"quiet hours\" for the port");
    CHECK_STR(a->date, "2023-11-10");
    CHECK_INT(a->nsentences, 2);
    if (a->nsentences == 2) {
      CHECK_STR(a->sentences[1].text, "Residents & dock workers spoke at the meeting.");
      b = bytes_of(&f, 1, 1);
      CHECK_STR(b, "Residents &amp;amp; dock workers spoke at the meeting.");
      free(b);
    }
    /* no guid, no link: an id from title and date; no url */
    CHECK(f.a[2]->url == NULL);
    CHECK_STR(f.a[2]->sentences[0].text, "High tide falls in the early morning all week.");
  }
  feed_free(&f);
}

/* A WordPress item: its share box and "The post ... appeared first on ..."
 * line are the site's, not the item's text. */
static void test_wordpress(void) {
  feed_t f = read_as("wordpress.rss", "/x/wp.rss");
  CHECK_INT(f.n, 1);
  if (f.n == 1) {
    CHECK_INT(f.a[0]->nsentences, 2);
    for (size_t k = 0; k < f.a[0]->nsentences; k++) {
      CHECK(strstr(f.a[0]->sentences[k].text, "appeared first") == NULL);
      CHECK(strstr(f.a[0]->sentences[k].text, "Twitter") == NULL);
    }
  }
  feed_free(&f);
}

static void test_rss1_by_content(void) {
  feed_t f = read_as("rss1.xml", "/x/rss1.xml");
  const char *buf = f.buf;
  size_t len = f.len;
  CHECK(ledei_feed_is_feed("/x/rss1.xml", buf, len));
  CHECK(ledei_feed_is_feed("/x/rss1", buf, len));   /* no extension: by content */
  CHECK(ledei_feed_is_feed("/x/a.rss", "junk", 4)); /* by name */
  CHECK(ledei_feed_is_feed("/x/a.ATOM", NULL, 0));
  CHECK(!ledei_feed_is_feed("/x/a.txt", buf, len));
  const char *other = "<?xml version=\"1.0\"?>\n<!-- books -->\n<catalog><book/></catalog>";
  CHECK(!ledei_feed_is_feed("/x/books.xml", other, strlen(other)));
  CHECK_INT(f.n, 1);
  if (f.n == 1) {
    CHECK_STR(f.a[0]->title, "Bridge inspection finds rust");
    CHECK_STR(f.a[0]->source, "Valley Courier");
    CHECK_STR(f.a[0]->date, "2023-11-08"); /* +09:00 kept */
    CHECK_INT(f.a[0]->nsentences, 2);
    char *b = bytes_of(&f, 0, 1);
    CHECK_STR(b, "Repairs start in spring.");
    free(b);
  }
  feed_free(&f);
}

static void test_atom(void) {
  feed_t f = read_as("atom.atom", "/x/atom.atom");
  CHECK_INT(f.n, 3);
  if (f.n == 3) {
    lede_article_t *a = f.a[0];
    CHECK_STR(a->url, "https://ledger.example/wind"); /* the alternate link, not edit */
    CHECK_STR(a->date, "2023-11-12");                 /* published, not updated */
    CHECK_STR(meta(a, "author"), "Sam Berg");
    CHECK_INT(a->nsentences, 1); /* content over summary */
    CHECK_STR(a->sentences[0].text,
              "The regional board approved the offshore wind farm on Sunday.");
    a = f.a[1];
    CHECK_STR(a->title, "Schools reopen"); /* type="html" title */
    CHECK_STR(a->date, "2023-11-14");      /* updated, as there is no published */
    CHECK_INT(a->nsentences, 2);           /* xhtml content */
    if (a->nsentences == 2) {
      CHECK_STR(a->sentences[1].text, "Pupils & teachers returned at eight.");
      /* rebuilt markup: the span is the content element's */
      const char *c = strstr(f.buf, "<div xmlns");
      CHECK_INT(a->sentences[1].start, c ? (size_t)(c - f.buf) : 0);
    }
    a = f.a[2]; /* type text: "<b>" is text, not markup */
    CHECK_INT(a->nsentences, 2);
    if (a->nsentences == 2) {
      CHECK_STR(a->sentences[1].text, "Roads may close <b> here.");
      char *b = bytes_of(&f, 2, 1);
      CHECK_STR(b, "Roads may close &lt;b&gt; here.");
      free(b);
    }
  }
  feed_free(&f);
}

static void test_ids(void) {
  const char *v1 = "<rss><channel><item><guid>g1</guid><description>One.</description></item>"
                   "<item><link>https://e.example/2</link><description>Two.</description></item>"
                   "</channel></rss>";
  const char *v2 = "<rss><channel><item><guid>g1</guid><description>One, changed.</description>"
                   "</item><item><link>https://e.example/2</link><description>Two!</description>"
                   "</item></channel></rss>";
  lede_article_t **a = NULL, **b = NULL, **c = NULL;
  size_t na, nb, nc, bad;
  ledei_feed_parse(&a, &na, &bad, v1, strlen(v1), "/f/a.rss", NULL);
  ledei_feed_parse(&b, &nb, &bad, v2, strlen(v2), "/f/a.rss", NULL);
  ledei_feed_parse(&c, &nc, &bad, v1, strlen(v1), "/f/other.rss", NULL);
  CHECK_INT(na, 2);
  CHECK_INT(nb, 2);
  CHECK_INT(nc, 2);
  if (na == 2 && nb == 2 && nc == 2) {
    CHECK_STR(a[0]->id, b[0]->id); /* same guid, changed content: same article */
    CHECK_STR(a[1]->id, b[1]->id); /* same link */
    CHECK(strcmp(a[0]->id, a[1]->id) != 0);
    CHECK(strcmp(a[0]->id, c[0]->id) != 0); /* another feed file */
    CHECK_STR(a[0]->source, "/f/a.rss");    /* no channel title: the path */
  }
  lede_articles_free(a, na);
  lede_articles_free(b, nb);
  lede_articles_free(c, nc);
  /* An item with a title and no text: the title is its sentence, spanning
   * the title element's content. */
  const char *t = "<rss><channel><item><title>Only &amp; a title</title><link>https://e.example/t"
                  "</link></item><item><link>https://e.example/none</link></item></channel></rss>";
  ledei_feed_parse(&a, &na, &bad, t, strlen(t), "/f/t.rss", NULL);
  CHECK_INT(na, 2);
  if (na == 2) {
    CHECK_INT(a[0]->nsentences, 1);
    CHECK_STR(a[0]->sentences[0].text, "Only & a title");
    CHECK_INT(a[0]->sentences[0].start, strstr(t, "Only") - t);
    CHECK_INT(a[0]->sentences[0].end, strstr(t, "</title>") - t);
    CHECK_INT(a[1]->nsentences, 0); /* nothing to search */
  }
  lede_articles_free(a, na);
}

static void test_dates(void) {
  static const struct {
    const char *in, *want;
  } cases[] = {
      {"Thu, 09 Nov 2023 10:30:00 +0000", "2023-11-09"},
      {"Thu, 9 Nov 2023 10:30:00 GMT", "2023-11-09"},
      {"Mon, 09 Nov 2023 10:30 EST", "2023-11-09"}, /* wrong day name, no seconds */
      {"09 Nov 2023 23:59:59 -0800", "2023-11-09"}, /* no day name */
      {"Thursday, 9 November 2023 10:30 PST", "2023-11-09"},
      {"Thu, 09 Nov 23 10:30:00 Z", "2023-11-09"}, /* two-digit year */
      {"2023-11-09T22:30:00-05:00", "2023-11-09"}, /* not converted to UTC */
      {"2023-11-09t01:00:00z", "2023-11-09"},
      {"2023-11-09 01:00", "2023-11-09"},
      {"2023-11-09", "2023-11-09"},
      {"November 9, 2023", "2023-11-09"}, /* ledei_date_parse() forms too */
      {"Thu, 30 Feb 2023 10:00:00 GMT", NULL},
      {"2023-13-01T00:00:00Z", NULL},
      {"yesterday", NULL},
      {"", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char out[11];
    int ok = ledei_feed_date(out, cases[i].in);
    if (cases[i].want) {
      CHECK_INT(ok, 1);
      CHECK_STR(ok ? out : NULL, cases[i].want);
    } else if (ok) {
      CHECK_STR(out, "(no date)");
    }
  }
  feed_t f = read_as("dates.rss", "/x/dates.rss");
  CHECK_INT(f.n, 4); /* the repeated guid is dropped */
  if (f.n == 4) {
    CHECK_STR(f.a[0]->date, "2023-11-09"); /* pubDate wins over updated */
    CHECK_STR(f.a[0]->sentences[0].text, "Wrong day name, one digit, named zone, no seconds.");
    CHECK_STR(f.a[1]->date, "2023-11-20");
    CHECK(f.a[2]->date == NULL);
    CHECK_STR(f.a[3]->date, "2023-11-21");
  }
  feed_free(&f);
}

/* No entity a DTD declares is ever expanded or loaded. */
static void test_entities(void) {
  feed_t f = read_as("entities.rss", "/x/entities.rss");
  CHECK_INT(f.rc, LEDE_OK);
  CHECK_INT(f.bad, 1); /* warned: undefined entities */
  CHECK(strstr(lede_last_error(), "Entity") != NULL);
  CHECK_INT(f.n, 1);
  if (f.n == 1) {
    CHECK_STR(f.a[0]->title, "Laughs");
    CHECK_STR(f.a[0]->source, "Entity Test");
    size_t total = 0;
    for (size_t k = 0; k < f.a[0]->nsentences; k++) {
      const char *t = f.a[0]->sentences[k].text;
      total += strlen(t);
      CHECK(strstr(t, "lol") == NULL);
      CHECK(strstr(t, "root:") == NULL);
    }
    CHECK(total < 100);
    CHECK_STR(f.a[0]->sentences[0].text, "Before after.");
  }
  feed_free(&f);
}

static void test_truncated(void) {
  feed_t f = read_as("truncated.rss", "/x/truncated.rss");
  CHECK_INT(f.rc, LEDE_OK);
  CHECK_INT(f.bad, 1);
  CHECK(strstr(lede_last_error(), "cut short") != NULL);
  CHECK(strstr(lede_last_error(), "line 5") != NULL);
  CHECK_INT(f.n, 2);
  if (f.n == 2) {
    CHECK_STR(f.a[0]->sentences[0].text, "The first item is whole.");
    CHECK_STR(f.a[1]->title, "Cut item");
  }
  feed_free(&f);
}

static void test_charsets(void) {
  feed_t f = read_as("latin1.rss", "/x/latin1.rss");
  CHECK_INT(f.n, 1);
  if (f.n == 1) {
    CHECK_STR(f.a[0]->source, "Café News");
    CHECK_STR(f.a[0]->title, "Crème brûlée wins");
    CHECK_STR(f.a[0]->sentences[0].text,
              "The café on the square won the prize for its crème brûlée.");
    /* not UTF-8: the span is the description's bytes */
    char *b = bytes_of(&f, 0, 0);
    CHECK_STR(b, "The caf\xe9 on the square won the prize for its cr\xe8me br\xfbl\xe9"
                 "e.");
    free(b);
  }
  feed_free(&f);
  /* Bytes Windows-1252 leaves unused (0x81, 0x8D, 0x8F, 0x90, 0x9D), declared
   * or not: read as plain text reads them (C1 controls), the rest of the
   * feed kept (libxml2's converter stopped there). */
  f = read_as("cp1252-unused.rss", "/x/cp1252-unused.rss");
  CHECK_INT(f.n, 2);
  if (f.n == 2) {
    CHECK_STR(f.a[0]->source, "Café News");
    CHECK_INT(f.a[0]->nsentences, 2);
    CHECK_STR(f.a[0]->sentences[0].text, "Café \xc2\x81 first.");
    CHECK_STR(f.a[0]->sentences[1].text, "Second sentence.");
    CHECK_STR(f.a[1]->sentences[0].text, "Another item \xc2\x9d here.");
  }
  feed_free(&f);
  f = read_as("undeclared-unused.rss", "/x/undeclared-unused.rss");
  CHECK_INT(f.n, 2);
  if (f.n == 2)
    CHECK_STR(f.a[1]->sentences[0].text, "Another item.");
  feed_free(&f);
  /* No declaration and not UTF-8: read as Windows-1252, as plain text is. */
  f = read_as("undeclared.rss", "/x/undeclared.rss");
  CHECK_INT(f.bad, 0);
  CHECK_INT(f.n, 1);
  if (f.n == 1) {
    CHECK_STR(f.a[0]->source, "Café News");
    CHECK_STR(f.a[0]->title, "Crème “brûlée”");
    CHECK_STR(f.a[0]->sentences[0].text, "The café won.");
  }
  feed_free(&f);
  f = read_as("utf16.rss", "/x/utf16.rss");
  CHECK_INT(f.n, 1);
  if (f.n == 1) {
    CHECK_STR(f.a[0]->title, "Bridge inspection finds rust");
    CHECK_INT(f.a[0]->nsentences, 2);
    CHECK(f.a[0]->sentences[0].end <= f.len && f.a[0]->sentences[0].start > 0);
  }
  feed_free(&f);
}

static void test_not_a_feed(void) {
  feed_t f = read_as("notafeed.rss", "/x/notafeed.rss");
  CHECK_INT(f.rc, LEDE_ERR_INVALID);
  CHECK(strstr(lede_last_error(), "not a feed") != NULL);
  CHECK_INT(f.n, 0);
  feed_free(&f);
  const char *empty = "<rss version=\"2.0\"><channel><title>Empty</title></channel></rss>";
  lede_article_t **a = NULL;
  size_t n = 9, bad = 9;
  CHECK_INT(ledei_feed_parse(&a, &n, &bad, empty, strlen(empty), "/x/e.rss", NULL), LEDE_OK);
  CHECK_INT(n, 0);
  CHECK_INT(bad, 0);
  free(a);
}

/* A feed that ends inside a start tag, in a buffer with no NUL after it
 * (found by fuzz_feed: the reader looked one byte past the end). */
static void test_ends_in_tag(void) {
  const char *text = "<rss><channel><item><title>T</title></item><item";
  size_t len = strlen(text);
  char *buf = ledei_xmalloc(len); /* exactly: ASan sees any byte past it */
  memcpy(buf, text, len);
  lede_article_t **a = NULL;
  size_t n = 0, bad = 0;
  CHECK_INT(ledei_feed_parse(&a, &n, &bad, buf, len, "/x/end.rss", NULL), LEDE_OK);
  CHECK_INT(bad, 1);
  CHECK(n >= 1);
  lede_articles_free(a, n);
  free(buf);
}

/* Items nested deeper than the reader tells elements apart are still read
 * (an Atom author's name at depth 103 once indexed past its table). */
static void test_deep(void) {
  size_t cap = 4096, len = 0;
  char *buf = ledei_xmalloc(cap);
  len += (size_t)snprintf(buf, cap, "<feed xmlns=\"http://www.w3.org/2005/Atom\">");
  for (int i = 0; i < 100; i++)
    len += (size_t)snprintf(buf + len, cap - len, "<x>");
  len += (size_t)snprintf(buf + len, cap - len,
                          "<entry><id>d</id><author><name>Deep</name></author>"
                          "<content>Deep text.</content></entry>");
  lede_article_t **a = NULL;
  size_t n = 0, bad = 0;
  CHECK_INT(ledei_feed_parse(&a, &n, &bad, buf, len, "/x/deep.atom", NULL), LEDE_OK);
  CHECK_INT(n, 1);
  CHECK_INT(bad, 1); /* cut short */
  if (n == 1)
    CHECK_STR(a[0]->sentences[0].text, "Deep text.");
  lede_articles_free(a, n);
  free(buf);
}

/* Many items: each one an article, in file order, in linear time. */
static void test_many_items(void) {
  enum { N = 20000 };
  size_t cap = (size_t)N * 120 + 100, len = 0;
  char *buf = ledei_xmalloc(cap);
  len += (size_t)snprintf(buf, cap, "<rss><channel><title>Many</title>");
  for (int i = 0; i < N; i++)
    len += (size_t)snprintf(
        buf + len, cap - len,
        "<item><guid>n%d</guid><description>Item number %d.</description></item>", i, i);
  len += (size_t)snprintf(buf + len, cap - len, "</channel></rss>");
  lede_article_t **a = NULL;
  size_t n = 0, bad = 0;
  CHECK_INT(ledei_feed_parse(&a, &n, &bad, buf, len, "/x/many.rss", NULL), LEDE_OK);
  CHECK_INT(n, N);
  CHECK_INT(bad, 0);
  if (n == N) {
    CHECK_STR(a[N - 1]->sentences[0].text, "Item number 19999.");
    char want[64];
    snprintf(want, sizeof want, "Item number %d.", N - 1);
    const lede_sentence_t *s = &a[N - 1]->sentences[0];
    CHECK(s->end - s->start == strlen(want) && memcmp(buf + s->start, want, strlen(want)) == 0);
  }
  lede_articles_free(a, n);
  free(buf);
}

int main(int argc, char **argv) {
  if (argc > 1)
    data_dir = argv[1];
  RUN(test_rss2);
  RUN(test_wordpress);
  RUN(test_rss1_by_content);
  RUN(test_atom);
  RUN(test_ids);
  RUN(test_dates);
  RUN(test_entities);
  RUN(test_truncated);
  RUN(test_charsets);
  RUN(test_not_a_feed);
  RUN(test_ends_in_tag);
  RUN(test_deep);
  RUN(test_many_items);
  return check_summary();
}
