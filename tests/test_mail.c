/*
 * test_mail.c - unit tests of e-mail (lib/mail.c): headers decoded (RFC
 * 2047 subject and sender, the Date's day in its own zone), the HTML part
 * over the plain one (unless it has no text), attachments ignored, every message of an mbox with
 * its id, byte spans into the file, and bad input: a truncated mbox, an
 * mbox with an unquoted "From " line in a body, a
 * multipart without a boundary, a file that is not mail, a 50 MB
 * attachment read without being copied; a MIME digest's posts as articles;
 * a newsletter's footer left out; 100,000 messages in linear time, with
 * unique ids; nesting thousands deep.
 *
 * Usage: test_mail DATA_DIR (tests/data/mail).
 */
#include "check.h"
#include "lede_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char *data_dir = "tests/data/mail";

static char *slurp(const char *name, size_t *len) {
  return check_read_file(data_dir, name, len);
}

/* The articles of a file's bytes, read as the indexer reads a file named
 * path; *rc and *bad say how it went. */
static lede_article_t **read_as(const char *buf, size_t len, const char *path, size_t *n,
                                size_t *bad, lede_status_t *rc) {
  lede_article_t **v = NULL;
  *rc = ledei_article_parse_file_bytes(&v, n, bad, buf, len, path, "default-source");
  return v;
}

/* 1 if any sentence of a contains word. */
static int mentions(const lede_article_t *a, const char *word) {
  for (size_t i = 0; i < a->nsentences; i++)
    if (strstr(a->sentences[i].text, word))
      return 1;
  return 0;
}

/* 1 if the span of sentence i of a holds text in buf. */
static int span_is(const char *buf, const lede_article_t *a, size_t i, const char *text) {
  const lede_sentence_t *s = &a->sentences[i];
  return s->end - s->start == strlen(text) && memcmp(buf + s->start, text, strlen(text)) == 0;
}

static void test_plain_quoted_printable(void) {
  size_t len, n, bad;
  lede_status_t rc;
  char *buf = slurp("plain-qp.eml", &len);
  lede_article_t **v = read_as(buf, len, "news/plain-qp.eml", &n, &bad, &rc);
  CHECK_INT(rc, LEDE_OK);
  CHECK_INT(n, 1);
  CHECK_INT(bad, 0);
  if (n == 1) {
    lede_article_t *a = v[0];
    CHECK_STR(a->title, "Brüssel budget talks stall"); /* RFC 2047, ISO-8859-1 */
    CHECK_STR(a->source, "Café Weekly");
    CHECK_STR(a->date, "2023-12-31"); /* 23:30 -0500: 1 January in UTC */
    CHECK_INT(a->nsentences, 3);
    if (a->nsentences == 3) {
      CHECK_STR(a->sentences[0].text, "Ministers met in Brüssel on Sunday to discuss the budget.");
      CHECK_STR(a->sentences[1].text, "The talks stalled over farm subsidies."); /* soft break */
      /* Quoted-printable text is not the file's bytes: the body's span. */
      CHECK(strncmp(buf + a->sentences[1].start, "Ministers met in Br=FC", 22) == 0);
      CHECK_INT(a->sentences[1].end, len - 1); /* the last line break left out */
      CHECK_INT(a->sentences[2].line, 10);     /* the body's first line */
      CHECK_INT(a->sentences[2].column, 1);
    }
    char id[17];
    const char *key = "news/plain-qp.eml#<plain-qp-1@cafe.example>";
    ledei_hash_hex(id, key, strlen(key));
    CHECK_STR(a->id, id);
  }
  lede_articles_free(v, n);
  free(buf);
}

static void test_html_part_wins(void) {
  size_t len, n, bad;
  lede_status_t rc;
  char *buf = slurp("html-alt.eml", &len);
  lede_article_t **v = read_as(buf, len, "html-alt.eml", &n, &bad, &rc);
  CHECK_INT(rc, LEDE_OK);
  CHECK_INT(n, 1);
  if (n == 1) {
    lede_article_t *a = v[0];
    CHECK_STR(a->title, "Harbour bridge reopens after repairs"); /* Subject, not <title> */
    CHECK_STR(a->source, "The Morning Brief");
    CHECK_STR(a->date, "2024-01-08");
    CHECK(!mentions(a, "Plain version")); /* the text/plain alternative */
    CHECK(!mentions(a, "Unsubscribe"));   /* the page reader's boilerplate pruning */
    CHECK_INT(a->nsentences, 2);
    if (a->nsentences == 2) {
      /* UTF-8 HTML sent as it is: spans point into the file. */
      CHECK(span_is(buf, a, 0,
                    "The harbour bridge reopened to traffic on Monday after eight months of "
                    "repairs."));
      CHECK(span_is(buf, a, 1,
                    "Engineers replaced the cables and the deck, the city council "
                    "said."));
      CHECK_INT(a->sentences[0].line, 20);
      CHECK_INT(a->sentences[0].column, 4);
    }
  }
  lede_articles_free(v, n);
  free(buf);
}

static void test_html_without_text(void) {
  size_t len, n, bad;
  lede_status_t rc;
  char *buf = slurp("image-only.eml", &len);
  lede_article_t **v = read_as(buf, len, "image-only.eml", &n, &bad, &rc);
  CHECK_INT(rc, LEDE_OK);
  CHECK_INT(n, 1);
  if (n == 1) { /* an HTML part of images only: the plain part's text */
    CHECK_INT(v[0]->nsentences, 1);
    if (v[0]->nsentences == 1)
      CHECK(span_is(buf, v[0], 0,
                    "The plain part says what the pictures show: floods in the north."));
  }
  lede_articles_free(v, n);
  free(buf);
}

/* An HTML-only newsletter laid out in tables: its "View it in your
 * browser" line and its footer (why you get it, the sender's address, the
 * copyright, "unsubscribe") are no sentences; a note whose only box holds
 * its unsubscribe link keeps its text. */
static void test_newsletter_furniture(void) {
  size_t len, n, bad;
  lede_status_t rc;
  char *buf = slurp("newsletter-table.eml", &len);
  lede_article_t **v = read_as(buf, len, "newsletter-table.eml", &n, &bad, &rc);
  CHECK_INT(rc, LEDE_OK);
  CHECK_INT(n, 1);
  if (n == 1) {
    CHECK_INT(v[0]->nsentences, 8); /* three headings and five sentences */
    CHECK(mentions(v[0], "The harbour bridge reopened to traffic"));
    CHECK(mentions(v[0], "Councillors elected Maria Lopez"));
    CHECK(!mentions(v[0], "browser"));
    CHECK(!mentions(v[0], "receiving this email"));
    CHECK(!mentions(v[0], "Quay Street"));
    CHECK(!mentions(v[0], "unsubscribe"));
    if (v[0]->nsentences > 1)
      CHECK(span_is(buf, v[0], 1,
                    "The harbour bridge reopened to traffic on Monday after eight months of "
                    "repairs, the council said."));
  }
  lede_articles_free(v, n);
  free(buf);
  buf = slurp("newsletter-one-box.eml", &len);
  v = read_as(buf, len, "newsletter-one-box.eml", &n, &bad, &rc);
  CHECK_INT(n, 1);
  if (n == 1)
    CHECK(mentions(v[0], "The club meeting moves to Thursday"));
  lede_articles_free(v, n);
  free(buf);
}

static void test_attachments_ignored(void) {
  size_t len, n, bad;
  lede_status_t rc;
  char *buf = slurp("attachment.eml", &len);
  lede_article_t **v = read_as(buf, len, "attachment.eml", &n, &bad, &rc);
  CHECK_INT(rc, LEDE_OK);
  CHECK_INT(n, 1);
  if (n == 1) {
    CHECK(!mentions(v[0], "zebra")); /* a text/plain attachment */
    CHECK_INT(v[0]->nsentences, 2);
    if (v[0]->nsentences == 2)
      CHECK(span_is(buf, v[0], 0, "Cargo volumes rose by four percent in December."));
    CHECK_STR(v[0]->source, "Port Authority");
  }
  lede_articles_free(v, n);
  free(buf);
}

static void test_mbox(void) {
  size_t len, n, bad;
  lede_status_t rc;
  char *buf = slurp("three.mbox", &len);
  lede_article_t **v = read_as(buf, len, "box/three.mbox", &n, &bad, &rc);
  CHECK_INT(rc, LEDE_OK);
  CHECK_INT(n, 3);
  CHECK_INT(bad, 0);
  if (n == 3) {
    CHECK_STR(v[0]->title, "First story");
    CHECK_STR(v[1]->title, "Second story");
    CHECK_STR(v[1]->source, "news@b.example"); /* no display name: the address */
    CHECK_STR(v[2]->title, "Third story");
    CHECK(span_is(buf, v[0], 0, "The first story is about rain in the valley."));
    CHECK(span_is(buf, v[2], 0, "The third story repeats a Message-ID but is about wind."));
    CHECK_INT(v[2]->sentences[0].line, 23);
    char id[17];
    ledei_hash_hex(id, "box/three.mbox#2", 16); /* no Message-ID: the number */
    CHECK_STR(v[1]->id, id);
    ledei_hash_hex(id, "box/three.mbox#3", 16); /* a repeated Message-ID: the number */
    CHECK_STR(v[2]->id, id);
    CHECK(strcmp(v[0]->id, v[2]->id) != 0);
  }
  lede_articles_free(v, n);
  free(buf);
}

/* A mailing list's MIME digest (multipart/digest inside multipart/mixed, as
 * Mailman sends it): the digest is an article (its table of contents), and
 * so is every post in it, with its own subject, sender, date and id. */
static void test_digest(void) {
  const char *mail = "From: list-request@list.example\n"
                     "Subject: Newsroom Digest, Vol 3, Issue 12\n"
                     "Date: Tue, 05 Mar 2024 23:30:00 -0500\n"
                     "Message-ID: <d@list.example>\n"
                     "MIME-Version: 1.0\n"
                     "Content-Type: multipart/mixed; boundary=\"OUT\"\n"
                     "\n"
                     "--OUT\n"
                     "Content-Type: text/plain\n"
                     "\n"
                     "Today's Topics: the storm plan.\n"
                     "--OUT\n"
                     "Content-Type: multipart/digest; boundary=\"IN\"\n"
                     "\n"
                     "--IN\n"
                     "\n"
                     "From: Jane Doe <jane@paper.example>\n"
                     "Subject: Storm coverage plan\n"
                     "Date: Tue, 05 Mar 2024 10:00:00 -0500\n"
                     "Message-ID: <p1@paper.example>\n"
                     "\n"
                     "LONDON - We will cover the storm from the coast.\n"
                     "--IN\n"
                     "\n"
                     "From: John Roe <john@paper.example>\n"
                     "Subject: Re: Storm coverage plan\n"
                     "\n"
                     "Agreed, from the harbour.\n"
                     "--IN--\n"
                     "--OUT--\n";
  size_t n, bad;
  lede_status_t rc;
  lede_article_t **v = read_as(mail, strlen(mail), "list/digest.eml", &n, &bad, &rc);
  CHECK_INT(rc, LEDE_OK);
  CHECK_INT(n, 3);
  if (n == 3) {
    CHECK_STR(v[0]->title, "Newsroom Digest, Vol 3, Issue 12");
    CHECK(mentions(v[0], "Today's Topics"));
    CHECK(!mentions(v[0], "storm from the coast"));
    CHECK_STR(v[1]->title, "Storm coverage plan");
    CHECK_STR(v[1]->source, "Jane Doe");
    CHECK_STR(v[1]->date, "2024-03-05");
    CHECK_STR(v[1]->place, "LONDON");
    CHECK(v[1]->nsentences == 1 &&
          span_is(mail, v[1], 0, "We will cover the storm from the coast."));
    char id[17];
    ledei_hash_hex(id, "list/digest.eml#<p1@paper.example>", 34);
    CHECK_STR(v[1]->id, id);
    CHECK_STR(v[2]->title, "Re: Storm coverage plan");
    CHECK_STR(v[2]->source, "John Roe");
    CHECK_STR(v[2]->date, "2024-03-05");           /* none of its own: the digest's */
    ledei_hash_hex(id, "list/digest.eml#1.2", 19); /* no Message-ID: message 1, post 2 */
    CHECK_STR(v[2]->id, id);
  }
  lede_articles_free(v, n);
}

static void test_bad_mail(void) {
  size_t len, n, bad;
  lede_status_t rc;
  char *buf = slurp("truncated.mbox", &len);
  lede_article_t **v = read_as(buf, len, "truncated.mbox", &n, &bad, &rc);
  CHECK_INT(rc, LEDE_OK);
  CHECK_INT(n, 2); /* the cut message is read as far as it goes */
  CHECK_INT(bad, 1);
  CHECK(strstr(lede_last_error(), "message 2: truncated") != NULL);
  if (n == 2)
    CHECK(mentions(v[1], "cut off in the midd"));
  lede_articles_free(v, n);
  free(buf);

  /* A body line starting with "From " that was not quoted (">From "):
   * GMime stops there for good; lede goes on from the next "From " line. */
  buf = slurp("unquoted-from.mbox", &len);
  v = read_as(buf, len, "unquoted-from.mbox", &n, &bad, &rc);
  CHECK_INT(rc, LEDE_OK);
  CHECK_INT(n, 3);
  CHECK_INT(bad, 1);
  CHECK_STR(lede_last_error(), "1 damaged message read as far as it goes (message 1: a body "
                               "line starting with \"From \", the text after it lost)");
  if (n == 3) {
    CHECK(mentions(v[0], "began in the rain"));
    CHECK_STR(v[1]->title, "After the break");
    CHECK_STR(v[2]->title, "Last one");
    CHECK(span_is(buf, v[2], 0, "The last message is read too."));
  }
  lede_articles_free(v, n);
  free(buf);

  buf = slurp("broken-mime.eml", &len);
  v = read_as(buf, len, "broken-mime.eml", &n, &bad, &rc);
  CHECK_INT(rc, LEDE_OK);
  CHECK_INT(bad, 1);
  CHECK(strstr(lede_last_error(), "broken MIME structure") != NULL);
  if (n == 1)
    CHECK(mentions(v[0], "no boundary parameter")); /* its text kept */
  lede_articles_free(v, n);
  free(buf);

  buf = slurp("notmail.eml", &len);
  v = read_as(buf, len, "notmail.eml", &n, &bad, &rc);
  CHECK_INT(rc, LEDE_ERR_INVALID);
  CHECK_INT(n, 0);
  CHECK_STR(lede_last_error(), "not an e-mail message (no mail headers)");
  lede_articles_free(v, n);
  /* The same bytes named .mbox: no "From " line starts them. */
  v = read_as(buf, len, "notmail.mbox", &n, &bad, &rc);
  CHECK_INT(rc, LEDE_ERR_INVALID);
  CHECK_STR(lede_last_error(), "not an mbox file (no \"From \" line starts it)");
  lede_articles_free(v, n);
  free(buf);
}

/* Peak resident memory so far, in MB. */
static long peak_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

static void test_big_attachment(void) {
  const char *head = "From: Big Sender <big@example.org>\r\nSubject: Annual report\r\n"
                     "Date: Fri, 12 Jan 2024 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                     "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                     "The annual report is attached to this message.\r\n--B\r\n"
                     "Content-Type: application/octet-stream\r\n"
                     "Content-Disposition: attachment; filename=\"report.bin\"\r\n"
                     "Content-Transfer-Encoding: base64\r\n\r\n";
  const char *line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5\r\n";
  size_t hl = strlen(head), ll = strlen(line), lines = (50u << 20) / ll;
  size_t len = hl + lines * ll + 8;
  char *buf = ledei_xmalloc(len + 1);
  memcpy(buf, head, hl);
  for (size_t i = 0; i < lines; i++)
    memcpy(buf + hl + i * ll, line, ll);
  memcpy(buf + hl + lines * ll, "--B--\r\n", 8);
  len = hl + lines * ll + 7;
  buf[len] = '\0';
  long before = peak_mb();
  size_t n, bad;
  lede_status_t rc;
  lede_article_t **v = read_as(buf, len, "big.eml", &n, &bad, &rc);
  long grew = peak_mb() - before;
  CHECK_INT(rc, LEDE_OK);
  CHECK_INT(n, 1);
  CHECK_INT(bad, 0);
  if (n == 1) {
    CHECK_INT(v[0]->nsentences, 1);
    CHECK(mentions(v[0], "The annual report is attached"));
  }
  /* The attachment is neither decoded nor copied: far less than its 50 MB. */
  if (grew >= 16)
    fprintf(stderr, "peak memory grew by %ld MB\n", grew);
  CHECK(grew < 16);
  lede_articles_free(v, n);
  free(buf);
}

/* An mbox of many messages, a third without a Message-ID and a third with
 * one they share: every id differs from the others, in linear time (each
 * new id was compared with every earlier one), and appending messages
 * keeps the ids of those before them. */
static char *many_messages(size_t count, size_t *len) {
  size_t cap = count * 160 + 1;
  char *buf = ledei_xmalloc(cap);
  *len = 0;
  for (size_t i = 0; i < count; i++) {
    char mid[64] = "";
    if (i % 3 == 1)
      snprintf(mid, sizeof mid, "Message-ID: <m%zu@list.example>\n", i);
    else if (i % 3 == 2)
      snprintf(mid, sizeof mid, "Message-ID: <same@list.example>\n");
    *len += (size_t)snprintf(buf + *len, cap - *len,
                             "From a@list.example Mon Jan  8 10:00:00 2024\n"
                             "Subject: Story %zu\n%s\nStory %zu.\n\n",
                             i, mid, i);
  }
  return buf;
}

static int by_id(const void *x, const void *y) {
  return strcmp((*(lede_article_t *const *)x)->id, (*(lede_article_t *const *)y)->id);
}

static void test_many_messages(void) {
  enum { N = 100000, FEW = N / 10 };
  size_t len, n, bad, few_len, nfew;
  lede_status_t rc;
  char *few = many_messages(FEW, &few_len);
  clock_t t0 = clock();
  lede_article_t **vfew = read_as(few, few_len, "box/many.mbox", &nfew, &bad, &rc);
  double sfew = (double)(clock() - t0) / CLOCKS_PER_SEC;
  CHECK_INT(nfew, FEW);
  char *buf = many_messages(N, &len);
  t0 = clock();
  lede_article_t **v = read_as(buf, len, "box/many.mbox", &n, &bad, &rc);
  double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
  CHECK_INT(rc, LEDE_OK);
  CHECK_INT(n, N);
  CHECK_INT(bad, 0);
  if (n == N && nfew == FEW) {
    int stable = 1;
    for (size_t i = 0; i < nfew; i++)
      stable &= strcmp(vfew[i]->id, v[i]->id) == 0; /* appended to: the same ids */
    CHECK(stable);
    lede_article_t **sorted = ledei_xmalloc(n * sizeof *sorted);
    memcpy(sorted, v, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_id);
    size_t same = 0;
    for (size_t i = 1; i < n; i++)
      same += strcmp(sorted[i - 1]->id, sorted[i]->id) == 0;
    CHECK_INT(same, 0);
    free(sorted);
  }
  /* Ten times the messages, about ten times the CPU time (0.3 s and 3 s
   * under the sanitizers); comparing each id with every earlier one took
   * 300 times as long. Four times the linear bound, and a second. */
  if (s >= 40 * sfew + 1)
    fprintf(stderr, "%d messages read in %.2f s of CPU, %d in %.2f s\n", FEW, sfew, N, s);
  CHECK(s < 40 * sfew + 1);
  lede_articles_free(v, n);
  lede_articles_free(vfew, nfew);
  free(buf);
  free(few);
}

/* Hostile nesting: messages in messages 5,000 deep and digests in digests
 * 2,500 deep, then a plain message, in one mbox: no stack overflow, the
 * nesting cut where GMime stops (one damaged message, named), the next
 * message read. */
static void test_deep_nesting(void) {
  enum { DEPTH = 5000 };
  size_t cap = (size_t)DEPTH * 160 + 4096, len = 0;
  char *buf = ledei_xmalloc(cap);
  len += (size_t)snprintf(buf + len, cap - len, "From a@x Mon Jan  8 10:00:00 2024\n");
  for (int i = 0; i < DEPTH; i++)
    len += (size_t)snprintf(buf + len, cap - len,
                            "Subject: level %d\nMIME-Version: 1.0\n"
                            "Content-Type: message/rfc822\n\n",
                            i);
  len += (size_t)snprintf(buf + len, cap - len, "Subject: in\n\nThe innermost text.\n\n");
  len += (size_t)snprintf(buf + len, cap - len, "From a@x Mon Jan  8 10:00:00 2024\n");
  for (int i = 0; i < DEPTH / 2; i++)
    len += (size_t)snprintf(buf + len, cap - len,
                            "Subject: digest %d\nMIME-Version: 1.0\n"
                            "Content-Type: multipart/digest; boundary=\"g%d\"\n\n--g%d\n\n",
                            i, i, i);
  len += (size_t)snprintf(buf + len, cap - len,
                          "Subject: post\n\nThe deepest post.\n\n"
                          "From b@x Mon Jan  8 11:00:00 2024\nSubject: After the deep ones\n\n"
                          "The message after the deep ones is read.\n");
  size_t n, bad;
  lede_status_t rc;
  lede_article_t **v = read_as(buf, len, "deep.mbox", &n, &bad, &rc);
  CHECK(n >= 3);
  CHECK(bad >= 1);
  CHECK(strstr(lede_last_error(), "nested too deep") != NULL);
  if (n >= 3) {
    CHECK_STR(v[n - 1]->title, "After the deep ones");
    CHECK(mentions(v[n - 1], "The message after the deep ones is read."));
  }
  lede_articles_free(v, n);
  free(buf);
}

int main(int argc, char **argv) {
  if (argc > 1)
    data_dir = argv[1];
  RUN(test_plain_quoted_printable);
  RUN(test_html_part_wins);
  RUN(test_html_without_text);
  RUN(test_newsletter_furniture);
  RUN(test_attachments_ignored);
  RUN(test_mbox);
  RUN(test_digest);
  RUN(test_bad_mail);
  RUN(test_big_attachment);
  RUN(test_many_messages);
  RUN(test_deep_nesting);
  return check_summary();
}
