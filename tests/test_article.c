/*
 * test_article.c - unit tests of the article reader (lib/article.c): front
 * matter, leading date lines and headlines, datelines, sources and ids,
 * JSONL files, byte spans, invalid UTF-8, empty and huge inputs, and the two
 * articles of corpus/.
 *
 * Usage: test_article DATA_DIR (tests/data/article; corpus/ is found at
 * DATA_DIR/../../../corpus).
 */
#include "check.h"
#include "lede_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *data_dir = "tests/data/article";

/* DATA_DIR/name in a static buffer. */
static const char *data_path(const char *name) {
  static char p[4096];
  snprintf(p, sizeof p, "%s/%s", data_dir, name);
  return p;
}

/* Length of a Unicode white space character at s (ASCII blanks, U+00A0,
 * U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), 0 if none. */
static size_t space_len(const unsigned char *s) {
  if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
    return 1;
  if (s[0] == 0xC2 && s[1] == 0xA0)
    return 2;
  if (s[0] == 0xE2 && s[1] == 0x80 &&
      ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
    return 3;
  if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
    return 3;
  if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
    return 3;
  return 0;
}

/* [s, s+n) made valid UTF-8 with every white space run folded to one space
 * and the ends trimmed (malloc'd): the form in which a span's bytes and its
 * sentence's text must agree. */
static char *fold(const char *s, size_t n) {
  char *t = ledei_utf8_sanitize(s, n);
  size_t o = 0, i = 0, k;
  int pending = 0;
  while (t[i]) {
    k = space_len((const unsigned char *)t + i);
    if (k) {
      pending = 1;
      i += k;
      continue;
    }
    if (pending && o > 0)
      t[o++] = ' ';
    pending = 0;
    t[o++] = t[i++];
  }
  t[o] = '\0';
  return t;
}

/* Checks that every sentence of a is the text at its span in buf (after
 * folding white space), that spans are in order, inside [body, len) and do
 * not overlap, and that every string of the article is valid UTF-8. Returns
 * the number of sentences whose span disagreed. */
static int check_spans(const lede_article_t *a, const char *buf, size_t len, size_t body) {
  int bad = 0;
  size_t prev_end = body;
  for (size_t i = 0; i < a->nsentences; i++) {
    const lede_sentence_t *s = &a->sentences[i];
    CHECK(s->start >= prev_end && s->start < s->end && s->end <= len);
    if (!(s->start >= prev_end && s->start < s->end && s->end <= len)) {
      bad++;
      continue;
    }
    char *want = fold(buf + s->start, s->end - s->start);
    char *got = fold(s->text, strlen(s->text));
    if (strcmp(want, got) != 0) {
      fprintf(stderr, "span [%zu,%zu) is \"%s\" but sentence is \"%s\"\n", s->start, s->end, want,
              got);
      bad++;
    }
    CHECK(ledei_utf8_valid(s->text, strlen(s->text)));
    free(want);
    free(got);
    prev_end = s->end;
  }
  CHECK_INT(bad, 0);
  const char *fields[] = {a->path, a->id, a->title, a->source, a->date, a->url, a->place};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (fields[i])
      CHECK(ledei_utf8_valid(fields[i], strlen(fields[i])));
  for (size_t i = 0; i < a->nmeta; i++) {
    CHECK(ledei_utf8_valid(a->meta[i].key, strlen(a->meta[i].key)));
    CHECK(ledei_utf8_valid(a->meta[i].value, strlen(a->meta[i].value)));
  }
  CHECK(a->id && strlen(a->id) == 16);
  CHECK(a->source != NULL);
  return bad;
}

/* Parses the NUL-terminated text s as the file "t.txt" and checks its spans
 * (which must all lie at or after the offset of body_marker in s, when
 * given). */
static lede_article_t *parse_checked(const char *s, const char *body_marker) {
  lede_article_t *a = NULL;
  size_t len = strlen(s);
  CHECK_INT(lede_article_parse(&a, s, len, "t.txt", NULL), LEDE_OK);
  if (!a)
    abort();
  size_t body = 0;
  if (body_marker) {
    const char *m = strstr(s, body_marker);
    CHECK(m != NULL);
    body = m ? (size_t)(m - s) : 0;
  }
  check_spans(a, s, len, body);
  return a;
}

/* 1 if some sentence of a has exactly the text t. */
static int has_sentence(const lede_article_t *a, const char *t) {
  for (size_t i = 0; i < a->nsentences; i++)
    if (strcmp(a->sentences[i].text, t) == 0)
      return 1;
  return 0;
}

/* 1 if some sentence of a contains t (segmenters may join a short line such
 * as "---" to the next one). */
static int has_text(const lede_article_t *a, const char *t) {
  for (size_t i = 0; i < a->nsentences; i++)
    if (strstr(a->sentences[i].text, t))
      return 1;
  return 0;
}

/* The value of meta key k, or NULL. */
static const char *meta(const lede_article_t *a, const char *k) {
  for (size_t i = 0; i < a->nmeta; i++)
    if (strcmp(a->meta[i].key, k) == 0)
      return a->meta[i].value;
  return NULL;
}

/* 1 if the first sentence of a begins with prefix. */
static int first_starts(const lede_article_t *a, const char *prefix) {
  return a->nsentences > 0 && strncmp(a->sentences[0].text, prefix, strlen(prefix)) == 0;
}

/* Front matter: interpreted keys, quoted values, meta kept in file order,
 * and a body read as is (no headline taken from it). */
static void test_front_matter(void) {
  lede_article_t **v = NULL;
  size_t n = 0, bad = 9;
  char *buf;
  size_t len;
  CHECK_INT(ledei_read_file(&buf, &len, data_path("front.txt")), LEDE_OK);
  CHECK_INT(lede_article_read(&v, &n, &bad, data_path("front.txt"), "ignored"), LEDE_OK);
  CHECK_INT(n, 1);
  CHECK_INT(bad, 0);
  if (n == 1) {
    lede_article_t *a = v[0];
    CHECK_STR(a->title, "Allies agree to share \"missile\" data");
    CHECK_STR(a->source, "Yonhap");
    CHECK_STR(a->date, "2023-11-09");
    CHECK_STR(a->url, "https://example.com/a?b=1#c");
    CHECK_STR(a->place, NULL); /* the body's first paragraph has no dateline */
    CHECK_INT(a->nmeta, 3);
    if (a->nmeta == 3) {
      CHECK_STR(a->meta[0].key, "category");
      CHECK_STR(a->meta[0].value, "politics");
      CHECK_STR(a->meta[1].key, "author");
      CHECK_STR(a->meta[1].value, "Kim's desk");
      CHECK_STR(a->meta[2].key, "tags");
      CHECK_STR(a->meta[2].value, "");
    }
    CHECK(first_starts(a, "Short line without a stop"));
    CHECK(strstr(buf, "SEOUL") == buf + a->sentences[a->nsentences > 1 ? 1 : 0].start);
    check_spans(a, buf, len, (size_t)(strstr(buf, "Short line") - buf));
  }
  lede_articles_free(v, n);
  free(buf);

  /* Keys ignore case; a front-matter place wins over the dateline; a date
   * that does not parse is kept in meta; an empty title is no title. */
  lede_article_t *a = parse_checked("---\nTitle: \nPLACE: Busan\ndate: sometime soon\nx_y.z: 'q'\n"
                                    "---\r\nSEOUL - Text here.\n",
                                    "SEOUL");
  CHECK_STR(a->title, NULL);
  CHECK_STR(a->place, "Busan");
  CHECK_STR(a->date, NULL);
  CHECK_STR(meta(a, "date"), "sometime soon");
  CHECK_STR(meta(a, "x_y.z"), "q");
  CHECK_INT(a->nsentences, 1);
  CHECK(first_starts(a, "Text here.")); /* the dateline is no part of it */
  lede_article_free(a);

  /* A front-matter date in any accepted form. */
  a = parse_checked("---\ndate: \"2023-11-09T10:30:00Z\"\n---\nBody.\n", "Body");
  CHECK_STR(a->date, "2023-11-09");
  lede_article_free(a);

  /* Front matter and nothing else. */
  a = parse_checked("---\ntitle: Only metadata\nsource: S\n---\n", NULL);
  CHECK_STR(a->title, "Only metadata");
  CHECK_STR(a->source, "S");
  CHECK_INT(a->nsentences, 0);
  lede_article_free(a);
  a = parse_checked("---\ntitle: No newline at all\n---", NULL);
  CHECK_STR(a->title, "No newline at all");
  CHECK_INT(a->nsentences, 0);
  lede_article_free(a);
}

/* Blocks that are not front matter are read as text. */
static void test_front_matter_rejected(void) {
  /* Unterminated. */
  lede_article_t *a = parse_checked("---\ntitle: Never closed\n\nBody text here.\n", NULL);
  CHECK_STR(a->title, NULL);
  CHECK_INT(a->nmeta, 0);
  CHECK(has_text(a, "Body text here."));
  lede_article_free(a);
  /* Rules around prose, not key lines. */
  a = parse_checked("---\nThis is prose, not metadata.\n---\nMore prose.\n", NULL);
  CHECK_STR(a->title, NULL);
  CHECK_INT(a->nmeta, 0);
  CHECK(has_text(a, "This is prose, not metadata."));
  CHECK(has_text(a, "More prose."));
  lede_article_free(a);
  /* A fence that is not the first line. */
  a = parse_checked("Intro.\n---\ntitle: x\n---\n", NULL);
  CHECK_STR(a->title, NULL);
  lede_article_free(a);
  /* An empty block has no keys. */
  a = parse_checked("---\n---\nText.\n", NULL);
  CHECK_INT(a->nmeta, 0);
  CHECK(has_text(a, "Text."));
  lede_article_free(a);
}

/* A leading date line is the date and not a sentence; other first lines
 * stay text. */
static void test_date_line(void) {
  const char *accepted[] = {
      "November 9, 2023",
      "Nov. 9, 2023",
      "Nov 9, 2023",
      "9 November 2023",
      "9 Nov 2023",
      "2023-11-09",
      "Thursday, November 9, 2023",
      "November 9, 2023 10:30 AM",
      "11/09/2023 is ambiguous",
      "Published: Nov 9, 2023",
      "Updated November 9, 2023 at 10:30 a.m. EST",
  };
  for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
    char text[512];
    snprintf(text, sizeof text, "\n\n%s\nThe body says something. Then more.\n", accepted[i]);
    lede_article_t *a = parse_checked(text, i == 8 ? NULL : "The body");
    if (i == 8) {
      CHECK_STR(a->date, NULL);
    } else {
      CHECK_STR(a->date, "2023-11-09");
      CHECK(first_starts(a, "The body says something."));
    }
    CHECK_STR(a->title, NULL);
    lede_article_free(a);
  }
  /* Rejected date lines stay sentences (a numeric date that reads two
   * ways is a header line without a date: test_header_ambiguous_date()). */
  const char *rejected[] = {"February 30, 2023", "November 9, 2023 was cold.", "Nov 9"};
  for (size_t i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
    char text[512];
    snprintf(text, sizeof text, "%s\nThe body says something.\n", rejected[i]);
    lede_article_t *a = parse_checked(text, NULL);
    CHECK_STR(a->date, NULL);
    CHECK(first_starts(a, rejected[i]));
    lede_article_free(a);
  }
  /* Only a date line: a date and no sentences. */
  lede_article_t *a = parse_checked("November 9, 2023\n", NULL);
  CHECK_STR(a->date, "2023-11-09");
  CHECK_INT(a->nsentences, 0);
  lede_article_free(a);
}

/* The headline rule: a first line followed by a blank line and more text,
 * not too long, not ending like a sentence. */
static void test_headline(void) {
  lede_article_t *a = parse_checked("Ad sales boost Time Warner profit\n\nProfits jumped 76%. "
                                    "Sales rose.\n\nMore news.\n",
                                    "Profits");
  CHECK_STR(a->title, "Ad sales boost Time Warner profit");
  CHECK(first_starts(a, "Profits jumped 76%."));
  CHECK(!has_sentence(a, "Ad sales boost Time Warner profit"));
  lede_article_free(a);

  /* A first paragraph ending in the full stop of another script is a
   * sentence, not a headline (it could not be searched): 。 । ։ */
  const char *stops[] = {"\xE3\x80\x82", "\xE0\xA5\xA4", "\xD6\x89"};
  for (size_t k = 0; k < 3; k++) {
    char text[128];
    snprintf(text, sizeof text, "First one%s\n\nSecond one%s\n", stops[k], stops[k]);
    a = parse_checked(text, "First");
    CHECK_STR(a->title, NULL);
    CHECK(first_starts(a, "First one"));
    lede_article_free(a);
  }

  /* A header in French: headline, a date line of another language, dateline. */
  a = parse_checked(
      "\xC3\x89lections \xC3\xA0 Paris\n3 octobre 2024\n\nPARIS \xE2\x80\x93 M. Dupont "
      "a gagn\xC3\xA9.\n",
      "PARIS");
  CHECK_STR(a->title, "\xC3\x89lections \xC3\xA0 Paris");
  CHECK_STR(a->date, "2024-10-03");
  CHECK_STR(a->place, "PARIS");
  lede_article_free(a);

  /* BOM, leading blank lines, CRLF; headlines may end in '?', '!' or "...". */
  a = parse_checked("\xEF\xBB\xBF\r\n\r\nIs the iPod killing radio?\r\n\r\nMaybe not.\r\n",
                    "Maybe");
  CHECK_STR(a->title, "Is the iPod killing radio?");
  lede_article_free(a);
  a = parse_checked("Rivals of the \xC2\xA3"
                    "400 Apple...\n\nText.\n",
                    "Text");
  CHECK_STR(a->title, "Rivals of the \xC2\xA3"
                      "400 Apple...");
  lede_article_free(a);

  /* Date line and headline, in either order. */
  a = parse_checked("November 9, 2023\n\nDefense chiefs to meet\n\nSEOUL - They meet.\n", "SEOUL");
  CHECK_STR(a->date, "2023-11-09");
  CHECK_STR(a->title, "Defense chiefs to meet");
  CHECK_STR(a->place, "SEOUL");
  CHECK(first_starts(a, "They meet."));
  lede_article_free(a);
  a = parse_checked("Defense chiefs to meet\n\n9 Nov 2023\n\nThey meet.\n", "They");
  CHECK_STR(a->date, "2023-11-09");
  CHECK_STR(a->title, "Defense chiefs to meet");
  CHECK_INT(a->nsentences, 1);
  lede_article_free(a);
  a = parse_checked("Defense chiefs to meet\n9 Nov 2023\n\nThey meet.\n", "They");
  CHECK_STR(a->title, "Defense chiefs to meet"); /* a date line below confirms it */
  CHECK_STR(a->date, "2023-11-09");
  CHECK_INT(a->nsentences, 1);
  lede_article_free(a);

  /* Not headlines. */
  const char *not_headlines[] = {
      "This first line ends like a sentence.\n\nSecond paragraph.\n",
      "A clause that ends with a comma,\n\nSecond paragraph.\n",
      "A line followed directly by text\nSecond line.\n",
      "A lone line with nothing after\n\n\n",
      "12345 67890\n\nSecond paragraph.\n",
      "SEOUL - A short dateline paragraph\n\nSecond paragraph.\n",
  };
  for (size_t i = 0; i < sizeof not_headlines / sizeof not_headlines[0]; i++) {
    a = parse_checked(not_headlines[i], NULL);
    CHECK_STR(a->title, NULL);
    CHECK(a->nsentences >= 1);
    lede_article_free(a);
  }
  /* Too long: 201 characters (multi-byte ones count once). */
  char longline[1024] = "";
  for (int i = 0; i < 201; i++)
    strcat(longline, "\xC3\xA9");
  strcat(longline, "\n\nBody.\n");
  a = parse_checked(longline, NULL);
  CHECK_STR(a->title, NULL);
  lede_article_free(a);
  longline[200 * 2] = '\0';
  strcat(longline, "\n\nBody.\n");
  a = parse_checked(longline, "Body");
  CHECK(a->title != NULL && strlen(a->title) == 400);
  lede_article_free(a);
}

/* A header the text opens with, as news exports and pages pasted from news
 * sites print it: what it gives and where the body (first sentence) starts. */
struct header_case {
  const char *text;
  const char *title, *date, *author;
  const char *first; /* first sentence; the body starts there */
};

/* Parses each case, checks its metadata, that the header left no sentence
 * behind and that the spans are right. */
static void check_header_cases(const struct header_case *c, size_t n) {
  for (size_t i = 0; i < n; i++) {
    lede_article_t *a = parse_checked(c[i].text, c[i].first);
    if (strcmp(a->title ? a->title : "", c[i].title ? c[i].title : "") != 0 ||
        strcmp(a->date ? a->date : "", c[i].date ? c[i].date : "") != 0 ||
        strcmp(meta(a, "author") ? meta(a, "author") : "", c[i].author ? c[i].author : "") != 0 ||
        !first_starts(a, c[i].first))
      fprintf(stderr, "header case %zu: \"%s\"\n", i, c[i].text);
    CHECK_STR(a->title, c[i].title);
    CHECK_STR(a->date, c[i].date);
    CHECK_STR(meta(a, "author"), c[i].author);
    CHECK(first_starts(a, c[i].first));
    CHECK_INT(a->nmeta, c[i].author ? 1 : 0);
    lede_article_free(a);
  }
}

/* Headline, date lines and bylines in the first lines of a text (issues
 * #21, #22). */
static void test_header(void) {
  static const struct header_case found[] = {
      /* News exports: HEADLINE, DATE, blank line, body. */
      {"Storm hits coast\nMarch 14, 2024\n\nThe storm hit. It was bad.\n", "Storm hits coast",
       "2024-03-14", NULL, "The storm hit."},
      {"BAHIA COCOA REVIEW\n26-FEB-1987 15:01:01.79\n\nShowers continued throughout the week "
       "in the Bahia cocoa zone.\n",
       "BAHIA COCOA REVIEW", "1987-02-26", NULL, "Showers continued"},
      {"U.K. GROWING IMPATIENT WITH JAPAN - THATCHER\n26-MAR-1987 12:19:18.42\n\nPrime "
       "Minister Margaret Thatcher said the U.K. was impatient.\n",
       "U.K. GROWING IMPATIENT WITH JAPAN - THATCHER", "1987-03-26", NULL, "Prime Minister"},
      {"CHINA CALLS FOR BETTER TRADE DEAL WITH U.S.\n3-MAR-1987 09:46:36.82\n\nChina called "
       "for a better deal.\n",
       "CHINA CALLS FOR BETTER TRADE DEAL WITH U.S.", "1987-03-03", NULL, "China called"},
      {"Talks resume in Geneva\r\n2024-03-14\r\nGENEVA - Talks resumed on Thursday.\r\n",
       "Talks resume in Geneva", "2024-03-14", NULL, "Talks resumed"},
      /* A time relative to when the page was shown: a header line without a
       * date, so the headline above it stays the title. */
      {"Storm batters coast\nUpdated 3 hours ago\n\nHeavy rain fell.\n", "Storm batters coast",
       NULL, NULL, "Heavy rain fell."},
      {"Storm batters coast\nBy Jane Doe | 5m ago\n\nHeavy rain fell.\n", "Storm batters coast",
       NULL, "Jane Doe", "Heavy rain fell."},
      {"Storm batters coast\nPublished: an hour ago\n\nHeavy rain fell.\n", "Storm batters coast",
       NULL, NULL, "Heavy rain fell."},
      {"Storm batters coast\nyesterday\nMarch 14, 2024\n\nHeavy rain fell.\n",
       "Storm batters coast", "2024-03-14", NULL, "Heavy rain fell."},
      /* Pasted web text: bylines, dates with times, weekdays, zones, prefixes. */
      {"By Jane Doe\n14 March 2024\n\nThe storm hit the coast. It was bad.\n", NULL, "2024-03-14",
       "Jane Doe", "The storm hit the coast."},
      {"Storm hits coast\nBy Jane Doe and John Roe, Reuters\nUpdated: 2:30 PM EDT, Thu March 14, "
       "2024\n\nThe storm hit.\n",
       "Storm hits coast", "2024-03-14", "Jane Doe and John Roe, Reuters", "The storm hit."},
      {"Storm hits coast\nBy JANE DOE\nUpdated: 2:30 PM EDT, Thu March 14, 2024\nPublished: "
       "8:00 AM EDT, Wed March 13, 2024\n\nThe storm hit.\n",
       "Storm hits coast", "2024-03-13", "JANE DOE", "The storm hit."},
      {"Storm hits coast\n\nPublished March 13, 2024 Updated March 14, 2024\nThe storm hit.\n",
       "Storm hits coast", "2024-03-13", NULL, "The storm hit."},
      {"Storm hits coast\nLast updated on March 15, 2024\nMarch 14, 2024\n\nThe storm hit.\n",
       "Storm hits coast", "2024-03-14", NULL, "The storm hit."},
      {"Storm hits coast\nBy Jane Doe | Reuters | March 14, 2024 | 5 min read\n\nThe storm hit.\n",
       "Storm hits coast", "2024-03-14", "Jane Doe", "The storm hit."},
      {"Storm hits coast\n\nBy Jane Doe\n\n\nMarch 14, 2024\n\nThe storm hit.\n",
       "Storm hits coast", "2024-03-14", "Jane Doe", "The storm hit."},
      {"Thursday 14 March 2024 14.30 GMT\n\nStorm hits coast\n\nBy Jane Doe in London\n\nThe "
       "storm hit.\n",
       "Storm hits coast", "2024-03-14", "Jane Doe in London", "The storm hit."},
      {"Storm hits coast\nLast modified on Thu 14 Mar 2024 14.32 GMT\n\nThe storm hit.\n",
       "Storm hits coast", "2024-03-14", NULL, "The storm hit."},
      {"Storm hits coast\nPosted: 2024-03-14T14:30:00Z \xC2\xB7 By \xC3\x89lise Dupont\nThe "
       "storm hit.\n",
       "Storm hits coast", "2024-03-14", "\xC3\x89lise Dupont", "The storm hit."},
      {"Storm hits coast\nBy: Jane Doe Jr.\nMarch 14, 2024 at 10:30 a.m. ET\n\nThe storm hit.\n",
       "Storm hits coast", "2024-03-14", "Jane Doe Jr.", "The storm hit."},
      {"By Ludwig van Beethoven & Jane Doe\n\nThe storm hit.\n", NULL, NULL,
       "Ludwig van Beethoven & Jane Doe", "The storm hit."},
      {"Is the storm over?\nBy Jane Doe\nThe storm hit.\n", "Is the storm over?", NULL, "Jane Doe",
       "The storm hit."},
      {"Storm hits coast\n\nby Jane Doe July 10, 2015\n\nThe storm hit.\n", "Storm hits coast",
       "2015-07-10", "Jane Doe", "The storm hit."},
      {"Storm hits coast\n\nby Jane Doe @janedoe February 1, 2016: 12:41 PM ET\n\nThe storm "
       "hit.\n",
       "Storm hits coast", "2016-02-01", "Jane Doe @janedoe", "The storm hit."},
      {"Storm hits coast\n\nUpdated\nMarch 15, 2024\nPublished:\nThursday 14 March 2024\n\nBy "
       "Jane Doe\n\nThe storm hit.\n",
       "Storm hits coast", "2024-03-14", "Jane Doe", "The storm hit."},
  };
  check_header_cases(found, sizeof found / sizeof found[0]);

  /* Sentences that look a little like header lines stay sentences. */
  static const struct header_case kept[] = {
      {"By noon the talks had collapsed. Everyone went home.\n", NULL, NULL, NULL,
       "By noon the talks had collapsed."},
      {"Talks collapse\n\nBy noon the talks had collapsed.\n", "Talks collapse", NULL, NULL,
       "By noon the talks had collapsed."},
      {"By Monday, officials said, the storm had passed.\n", NULL, NULL, NULL,
       "By Monday, officials said"},
      {"by noon the storm had passed\n\nIt was bad.\n", "by noon the storm had passed", NULL, NULL,
       "It was bad."},
      {"Published\nThe storm hit.\n", NULL, NULL, NULL, "The storm hit."},
      {"By Jane Doe.\n\nThe storm hit.\n", NULL, NULL, NULL, "By Jane Doe."},
      {"By 2030 the city will be under water\n\nThe sea rises.\n",
       "By 2030 the city will be under water", NULL, NULL, "The sea rises."},
      {"By the time rescuers arrived\n\nThe storm hit.\n", "By the time rescuers arrived", NULL,
       NULL, "The storm hit."},
      {"By The Numbers: Storm Costs\n\nThe storm hit.\n", "By The Numbers: Storm Costs", NULL, NULL,
       "The storm hit."},
      {"The storm hit.\nBy Jane Doe\nMarch 14, 2024\n", NULL, NULL, NULL, "The storm hit."},
      {"The storm hit the coast on\nMarch 14, 2024 and it was bad.\n", NULL, NULL, NULL,
       "The storm hit the coast on"},
      {"Storm hits coast\nThe storm hit the coast.\n", NULL, NULL, NULL, "Storm hits coast"},
      {"The storm hit the coast.\nMarch 14, 2024\n\nIt was bad.\n", NULL, NULL, NULL,
       "The storm hit the coast."},
      {"It hit the U.S.\n\nIt was bad.\n", NULL, NULL, NULL, "It hit the U.S."},
      {"Q: Was it bad? | A: Yes, it was. | March 14, 2024\n", NULL, NULL, NULL, "Q: Was it bad?"},
      {"Storm hits coast\nThree years ago the sea rose.\n", NULL, NULL, NULL, "Storm hits coast"},
      {"Storm hits coast\nThe sea rose years ago\n", NULL, NULL, NULL, "Storm hits coast"},
      {"Storm hits coast\nBy Jane Doe\n\nSecond headline-like line\n\nThe storm hit.\n",
       "Storm hits coast", NULL, "Jane Doe", "Second headline-like line"},
  };
  check_header_cases(kept, sizeof kept / sizeof kept[0]);
}

/* A header's numeric date that reads two ways ("09/11/2023": 9 November or
 * September 11) is no date, but the line is still a header line: the
 * headline above it stays the title, and the date is kept as a field. */
static void test_header_ambiguous_date(void) {
  static const struct {
    const char *text, *kept;
  } cases[] = {
      {"Storm hits coast\nPublished 09/11/2023\n\nThe storm hit. It was bad.\n", "09/11/2023"},
      {"Storm hits coast\n09.11.23 10:30 GMT\n\nThe storm hit. It was bad.\n",
       "09.11.23 10:30 GMT"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    lede_article_t *a = parse_checked(cases[i].text, "The storm hit.");
    CHECK_STR(a->title, "Storm hits coast");
    CHECK_STR(a->date, NULL);
    CHECK_STR(meta(a, "date"), cases[i].kept);
    CHECK(first_starts(a, "The storm hit."));
    lede_article_free(a);
  }
  /* Not dates: a version number, mixed separators, a sentence. */
  static const char *const not_dates[] = {
      "Storm hits coast\n1.2.3\n\nThe storm hit.\n",
      "Storm hits coast\n09/11-2023\n\nThe storm hit.\n",
      "Storm hits coast\n09/11/2023 was the day it hit.\n\nThe storm hit.\n",
  };
  for (size_t i = 0; i < sizeof not_dates / sizeof not_dates[0]; i++) {
    lede_article_t *a = parse_checked(not_dates[i], NULL);
    CHECK_STR(meta(a, "date"), NULL);
    lede_article_free(a);
  }
}

/* Lines and columns count characters of the file: a byte order mark is
 * none, and a lone carriage return (old Mac files) ends a line. */
static void test_line_column(void) {
  static const struct {
    const char *text;
    unsigned line, column; /* of the second sentence */
  } cases[] = {
      {"The hurricane made landfall. It flattened orchards.\n", 1, 30},
      {"\xEF\xBB\xBFThe hurricane made landfall. It flattened orchards.\n", 1, 30},
      {"The hurricane made landfall.\rIt flattened orchards.\r", 2, 1},
      {"The hurricane made landfall.\r\n  It flattened orchards.\r\n", 2, 3},
      {"Caf\xC3\xA9 owners fled. It flattened orchards.\n", 1, 19},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    lede_article_t *a = NULL;
    CHECK_INT(lede_article_parse(&a, cases[i].text, strlen(cases[i].text), "t.txt", NULL), LEDE_OK);
    if (!a)
      abort();
    CHECK_INT(a->nsentences, 2);
    if (a->nsentences == 2) {
      CHECK_INT(a->sentences[1].line, cases[i].line);
      CHECK_INT(a->sentences[1].column, cases[i].column);
    }
    lede_article_free(a);
  }
}

/* Datelines give the place; the first sentence starts after the dash. */
static void test_dateline(void) {
  struct {
    const char *text, *place;
  } cases[] = {
      {"SEOUL \xE2\x80\x93 South Korea said so.", "SEOUL"},
      {"SEOUL \xE2\x80\x94 South Korea said so.", "SEOUL"},
      {"SEOUL\xE2\x80\x94South Korea said so.", "SEOUL"},
      {"WASHINGTON, March 3 (Reuters) - The U.S. said so.", "WASHINGTON"},
      {"NEW YORK (AP) \xE2\x80\x94 Stocks fell.", "NEW YORK"},
      {"LONDON, Feb 26 - Prices rose.", "LONDON"},
      {"LONDON, Feb. 26 -- Prices rose.", "LONDON"},
      {"PORTLAND, Ore., Feb 26 - Shares rose.", "PORTLAND"},
      {"WASHINGTON, D.C. (CNN) - It happened.", "WASHINGTON"},
      {"ST. LOUIS - It happened.", "ST. LOUIS"},
      {"WINSTON-SALEM, N.C. - It happened.", "WINSTON-SALEM"},
      {"S\xC3\x83O PAULO (Reuters) - Brazil said.", "S\xC3\x83O PAULO"},
      {"  \n  TOKYO - Leading space is skipped.", "TOKYO"},
      /* A period in the region is no sentence end once the dateline is out. */
      {"ST. LOUIS, Mo. (AP) \xE2\x80\x94 Flooding closed roads.", "ST. LOUIS"},
      {"WASHINGTON, D.C. - The Senate voted.", "WASHINGTON"},
      /* Wrapped: the text goes on on the next line. */
      {"LONDON, March 3 (Reuters) -\nOil rose.", "LONDON"},
      /* A day before the month, as other languages write it; any agency. */
      {"PARIS, 3 mars (AFP) - Les prix montent.", "PARIS"},
      {"BERLIN, 3. M\xC3\xA4rz (dpa) - Die Preise steigen.", "BERLIN"},
      /* A region written in capitalised words. */
      {"AKRON, Ohio, March 26 - GenCorp said so.", "AKRON"},
      {"KASSEL, West Germany, March 26 - Profits rose.", "KASSEL"},
      {"KYIV, Ukraine (AP) \xE2\x80\x94 Drones struck.", "KYIV"},
      {"SYDNEY, New South Wales (Reuters) - Fires burned.", "SYDNEY"},
      {"QU\xC3\x89"
       "BEC, Qu\xC3\xA9"
       "bec - Snow fell.",
       "QU\xC3\x89"
       "BEC"},
      /* Not datelines. */
      {"PARIS, France Telecom said - nothing.", NULL},
      {"NATO, Britain and France - the three.", NULL},
      {"LONDON, Mr - nothing.", NULL},
      {"US President Joe Biden - who was there - spoke.", NULL},
      {"BREAKING - Something happened.", NULL},
      {"OBJECTIVES - To study the risks.", NULL},
      {"The SEOUL office - it said.", NULL},
      {"SEOUL said on Thursday.", NULL},
      {"SEOUL-based firms grew.", NULL},
      {"WASHINGTON, Febtober 3 - Nothing.", NULL},
      {"WASHINGTON, March 3 Reuters - Nothing.", NULL},
      {"A - B.", NULL},
      {"NASA-led missions grew.", NULL},
      {"NATO - the alliance said so.", NULL},
      {"LONDON, 31 f\xC3\xA9vrier - Nothing.", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    lede_article_t *a = parse_checked(cases[i].text, NULL);
    CHECK_STR(a->place, cases[i].place);
    /* The first sentence starts after the dateline's dash and its space, at
     * the first capital after it; without a dateline, at the text. */
    size_t skip = strspn(cases[i].text, " \n");
    if (cases[i].place) {
      const char *d = strstr(cases[i].text, " -");
      const char *em = strstr(cases[i].text, "\xE2\x80");
      if (!d || (em && em < d))
        d = em + 3;
      while (*d == '-' || *d == ' ' || *d == '\n')
        d++;
      skip = (size_t)(d - cases[i].text);
    }
    if (!(a->nsentences == 1 && a->sentences[0].start == skip))
      fprintf(stderr, "dateline case %zu: %s\n", i, cases[i].text);
    CHECK(a->nsentences == 1 && a->sentences[0].start == skip);
    lede_article_free(a);
  }
}

/* A dateline without a place, as some sites print wire stories: the
 * agency (the source of a text that names none) and the text after it. */
static void test_dateline_no_place(void) {
  static const struct {
    const char *text, *source, *first;
  } cases[] = {
      {"(Reuters) - Oil prices rose.", "Reuters", "Oil prices rose."},
      {"March 3 (Reuters) - Oil prices rose.", "Reuters", "Oil prices rose."},
      {"Oil up\n\n(AP) \xE2\x80\x94 Oil rose.", "AP", "Oil rose."},
      {"(see below) - it is.", "p.txt", "(see below) - it is."},
      {"(Photo) - A man walks his dog.", "p.txt", "(Photo) - A man walks his dog."},
      {"March 3 (Update) - Oil rose.", "p.txt", "March 3 (Update) - Oil rose."},
      {"March 3 - Oil rose.", "p.txt", "March 3 - Oil rose."},
      {"(Reuters) -\n", "p.txt", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    lede_article_t *a;
    CHECK_INT(lede_article_parse(&a, cases[i].text, strlen(cases[i].text), "p.txt", NULL), LEDE_OK);
    CHECK_STR(a->place, NULL);
    CHECK_STR(a->source, cases[i].source);
    if (cases[i].first)
      CHECK(a->nsentences == 1 && strcmp(a->sentences[0].text, cases[i].first) == 0);
    lede_article_free(a);
  }
}

/* ledei_text_lead(): the start of a page's or feed item's text. */
static void test_text_lead(void) {
  static const struct {
    const char *text, *author, *date, *place, *first;
  } cases[] = {
      {"By Jane Doe\n\nLONDON (Reuters) - Oil rose.", "Jane Doe", NULL, "LONDON", "Oil rose."},
      {"By Jane Doe | March 14, 2024\n\nOil rose.", "Jane Doe", "2024-03-14", NULL, "Oil rose."},
      {"Updated 3 hours ago\nSEOUL \xE2\x80\x93 Talks began.", NULL, NULL, "SEOUL", "Talks began."},
      {"Oil rose. By Jane Doe", NULL, NULL, NULL, "Oil rose. By Jane Doe"},
      {"By noon the talks had collapsed.", NULL, NULL, NULL, "By noon"},
      {"Storm hits coast\nBy Jane Doe\n\nIt hit.", NULL, NULL, NULL, "Storm hits coast"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    lede_article_t *a = calloc(1, sizeof *a);
    size_t len = strlen(cases[i].text);
    size_t lead = ledei_text_lead(a, cases[i].text, len, 0);
    CHECK_STR(meta(a, "author"), cases[i].author);
    CHECK_STR(a->date, cases[i].date);
    CHECK_STR(a->place, cases[i].place);
    int at_first =
        lead <= len && strncmp(cases[i].text + lead, cases[i].first, strlen(cases[i].first)) == 0;
    if (!at_first)
      fprintf(stderr, "lead case %zu: the text after it: \"%s\"\n", i, cases[i].text + lead);
    CHECK(at_first);
    lede_article_free(a);
  }
  /* What the article has is kept: its date, place and author win. */
  lede_article_t *a = calloc(1, sizeof *a);
  a->date = strdup("2024-01-02");
  a->place = strdup("Busan");
  a->meta = calloc(1, sizeof *a->meta);
  a->meta[0].key = strdup("author");
  a->meta[0].value = strdup("Own");
  a->nmeta = 1;
  const char *t = "By Jane Doe\nMarch 14, 2024\nSEOUL - Talks began.";
  CHECK_INT(ledei_text_lead(a, t, strlen(t), 1), strlen(t) - strlen("Talks began."));
  CHECK_STR(a->date, "2024-01-02");
  CHECK_STR(a->place, "Busan");
  CHECK_INT(a->nmeta, 1);
  CHECK_STR(meta(a, "author"), "Own");
  CHECK_STR(a->source, NULL); /* no agency in that dateline */
  lede_article_free(a);
  /* The agency is the source only when the caller leaves it open. */
  t = "LONDON (Reuters) - Oil rose.";
  for (int open = 0; open < 2; open++) {
    a = calloc(1, sizeof *a);
    ledei_text_lead(a, t, strlen(t), open);
    CHECK_STR(a->source, open ? "Reuters" : NULL);
    lede_article_free(a);
  }
}

/* Source precedence and ids. */
static void test_source_and_id(void) {
  lede_article_t *a;
  char id[17];
  CHECK_INT(lede_article_parse(&a, "Text.", 5, "dir/a.txt", "Wire"), LEDE_OK);
  CHECK_STR(a->source, "Wire");
  CHECK_STR(a->path, "dir/a.txt");
  ledei_hash_hex(id, "dir/a.txt", 9);
  CHECK_STR(a->id, id);
  lede_article_free(a);
  CHECK_INT(lede_article_parse(&a, "Text.", 5, "dir/a.txt", NULL), LEDE_OK);
  CHECK_STR(a->source, "dir/a.txt");
  lede_article_free(a);
  const char *fm = "---\nsource: Own\n---\nText.";
  CHECK_INT(lede_article_parse(&a, fm, strlen(fm), "dir/a.txt", "Wire"), LEDE_OK);
  CHECK_STR(a->source, "Own");
  lede_article_free(a);
  /* A dateline's agency is the text's own source, over a folder's; front
   * matter's wins. */
  const char *wire = "NEW YORK (Reuters) - Stocks fell.";
  CHECK_INT(lede_article_parse(&a, wire, strlen(wire), "dir/a.txt", NULL), LEDE_OK);
  CHECK_STR(a->source, "Reuters");
  lede_article_free(a);
  CHECK_INT(lede_article_parse(&a, wire, strlen(wire), "dir/a.txt", "Wire"), LEDE_OK);
  CHECK_STR(a->source, "Reuters");
  lede_article_free(a);
  const char *own = "---\nsource: Own\n---\nNEW YORK (AP) - Stocks fell.";
  CHECK_INT(lede_article_parse(&a, own, strlen(own), "dir/a.txt", NULL), LEDE_OK);
  CHECK_STR(a->source, "Own");
  lede_article_free(a);
  CHECK_INT(lede_article_parse(NULL, "x", 1, "p", NULL), LEDE_ERR_INVALID);
  CHECK_INT(lede_article_parse(&a, "x", 1, NULL, NULL), LEDE_ERR_INVALID);
  CHECK(a == NULL);
}

/* Invalid UTF-8 and NUL bytes in every field give valid strings, never a
 * failure. */
static void test_invalid_utf8(void) {
  static const char buf[] = "---\n"
                            "title: Bad \xFF title\n"
                            "source: Src\xC3\n"
                            "k\xE9y: v\xE9lue\n"
                            "url: http://x/\xFE\n"
                            "place: P\xC0\xAF\n"
                            "---\n"
                            "SEOUL - Body \xFF\xFE with \x00 NUL and \xED\xA0\x80 surrogate.\n"
                            "Second \xF4\x90\x80\x80 line.\n";
  size_t len = sizeof buf - 1;
  lede_article_t *a;
  CHECK_INT(lede_article_parse(&a, buf, len, "bad\xFFpath.txt", NULL), LEDE_OK);
  check_spans(a, buf, len, (size_t)(strstr(buf, "SEOUL") - buf));
  CHECK_STR(a->title, "Bad \xEF\xBF\xBD title");
  CHECK_STR(a->source, "Src\xEF\xBF\xBD");
  CHECK_STR(a->path, "bad\xEF\xBF\xBDpath.txt");
  CHECK_INT(a->nmeta, 1);
  if (a->nmeta == 1) {
    CHECK_STR(a->meta[0].key, "k\xEF\xBF\xBDy");
    CHECK_STR(a->meta[0].value, "v\xEF\xBF\xBDlue");
  }
  CHECK_STR(a->url, "http://x/\xEF\xBF\xBD");
  CHECK_STR(a->place, "P\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(a->nsentences >= 1);
  char id[17];
  ledei_hash_hex(id, "bad\xFFpath.txt", 12);
  CHECK_STR(a->id, id); /* the id hashes the path's real bytes */
  lede_article_free(a);

  /* A Latin-1 file (BBC sport/199.txt style), read converted (as
   * lede-index and --dry-run read it): headline found, the pound sign
   * kept, spans into the converted text. */
  lede_article_t **v;
  size_t n;
  CHECK_INT(lede_article_read(&v, &n, NULL, data_path("latin1.txt"), NULL), LEDE_OK);
  CHECK_INT(n, 1);
  CHECK_STR(v[0]->title, "Chelsea sack Mutu");
  CHECK(has_sentence(v[0], "Mutu was a \xC2\xA3"
                           "15.8m signing from Parma last season."));
  char *raw;
  size_t rlen, clen;
  const char *enc = NULL;
  CHECK_INT(ledei_read_file(&raw, &rlen, data_path("latin1.txt")), LEDE_OK);
  char *conv = ledei_text_to_utf8(raw, rlen, &clen, &enc);
  CHECK(conv != NULL);
  CHECK_STR(enc, "windows-1252");
  check_spans(v[0], conv, clen, 19);
  free(conv);
  free(raw);
  lede_articles_free(v, n);

  /* A headline and a date line with invalid bytes. */
  a = parse_checked("Bad \xFF headline\n\nBody.\n", "Body");
  CHECK_STR(a->title, "Bad \xEF\xBF\xBD headline");
  lede_article_free(a);
}

/* Empty and degenerate inputs. */
static void test_empty(void) {
  const char *inputs[] = {"", "\n\n\n", "   \t  ", "\xEF\xBB\xBF", "---", "---\n", "\xFF"};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    lede_article_t *a = parse_checked(inputs[i], NULL);
    CHECK_STR(a->title, NULL);
    CHECK_STR(a->date, NULL);
    CHECK(a->nsentences <= 1);
    lede_article_free(a);
  }
  lede_article_t *a;
  CHECK_INT(lede_article_parse(&a, NULL, 0, "none", NULL), LEDE_OK);
  CHECK_INT(a->nsentences, 0);
  lede_article_free(a);
  /* NUL bytes only. */
  CHECK_INT(lede_article_parse(&a, "\0\0\0", 3, "nul", NULL), LEDE_OK);
  CHECK_INT(a->nsentences, 0);
  lede_article_free(a);

  lede_article_t **v;
  size_t n, bad;
  CHECK_INT(lede_article_read(&v, &n, &bad, data_path("empty.txt"), NULL), LEDE_OK);
  CHECK_INT(n, 1);
  CHECK_INT(v[0]->nsentences, 0);
  lede_articles_free(v, n);
  CHECK_INT(lede_article_read(&v, &n, &bad, data_path("no-such-file.txt"), NULL), LEDE_ERR_IO);
  CHECK_INT(n, 0);
  CHECK(strstr(lede_last_error(), "no-such-file.txt") != NULL);
}

/* A multi-megabyte single line and a very long first line. */
static void test_huge(void) {
  size_t len = 4 << 20;
  char *buf = ledei_xmalloc(len + 1);
  for (size_t i = 0; i < len; i++)
    buf[i] = "word "[i % 5];
  buf[len] = '\0';
  lede_article_t *a;
  CHECK_INT(lede_article_parse(&a, buf, len, "huge", NULL), LEDE_OK);
  CHECK_STR(a->title, NULL);
  CHECK(a->nsentences >= 1);
  if (a->nsentences)
    CHECK(a->sentences[a->nsentences - 1].end <= len);
  lede_article_free(a);
  /* Long upper-case runs and long "key:" lines do not trip the parsers. */
  memset(buf, 'A', len);
  memcpy(buf, "---\n", 4);
  buf[len - 1] = ':';
  CHECK_INT(lede_article_parse(&a, buf, len, "huge", NULL), LEDE_OK);
  CHECK_STR(a->place, NULL);
  lede_article_free(a);
  free(buf);
}

/* JSONL: good records, blank and bad lines, spans into the decoded text. */
static void test_jsonl(void) {
  lede_article_t **v = NULL;
  size_t n = 0, bad = 0;
  const char *path = data_path("records.jsonl");
  CHECK_INT(lede_article_read(&v, &n, &bad, path, "Default"), LEDE_OK);
  CHECK_INT(n, 3);
  CHECK_INT(bad, 4); /* lines 3, 5, 6 and 8 */
  CHECK_STR(lede_last_error(), "line 3: not valid JSON");
  if (n == 3) {
    lede_article_t *a = v[0];
    const char *text = "SEOUL \xE2\x80\x93 One sentence here.\nSecond sentence, caf\xC3\xA9 style.";
    check_spans(a, text, strlen(text), 0);
    CHECK_STR(a->title, "First");
    CHECK_STR(a->source, "Wire");
    CHECK_STR(a->date, "2023-11-09");
    CHECK_STR(a->url, "http://x/1");
    CHECK_STR(a->place, "SEOUL");
    CHECK_STR(meta(a, "id"), "doc-1");
    CHECK_STR(meta(a, "lang"), "en");
    CHECK_STR(meta(a, "metadata"), NULL);
    CHECK_STR(a->path, path);
    char idsrc[4200], id[17];
    snprintf(idsrc, sizeof idsrc, "%s#1", path);
    ledei_hash_hex(id, idsrc, strlen(idsrc));
    CHECK_STR(a->id, id);
    CHECK(a->nsentences >= 2);
    if (a->nsentences >= 2) {
      /* Offsets index the decoded value, not the escaped JSON; the first
       * sentence starts after the dateline. */
      CHECK_INT(a->sentences[0].start, strlen("SEOUL \xE2\x80\x93 "));
      size_t s2 = (size_t)(strstr(text, "Second") - text);
      CHECK_INT(a->sentences[a->nsentences - 1].start, s2);
      CHECK_INT(a->sentences[a->nsentences - 1].end, strlen(text));
    }

    a = v[1];
    CHECK_STR(meta(a, "id"), "42");
    CHECK_STR(a->source, "Default");
    CHECK(has_sentence(a, "Really."));
    snprintf(idsrc, sizeof idsrc, "%s#4", path);
    ledei_hash_hex(id, idsrc, strlen(idsrc));
    CHECK_STR(a->id, id);
    const char *body = "Body alias works. Really.";
    check_spans(a, body, strlen(body), 0);

    a = v[2];
    CHECK_STR(a->date, NULL);
    CHECK_STR(meta(a, "date"), "sometime");
    CHECK_STR(meta(a, "n"), NULL);
  }
  lede_articles_free(v, n);

  /* A JSONL file may be read with out_bad_lines NULL. */
  CHECK_INT(lede_article_read(&v, &n, NULL, path, NULL), LEDE_OK);
  CHECK_INT(n, 3);
  lede_articles_free(v, n);
}

/* A BBC-like file read from disk: headline, blank line, paragraphs. */
static void test_bbc_file(void) {
  lede_article_t **v;
  size_t n;
  char *buf;
  size_t len;
  CHECK_INT(ledei_read_file(&buf, &len, data_path("bbc.txt")), LEDE_OK);
  CHECK_INT(lede_article_read(&v, &n, NULL, data_path("bbc.txt"), "BBC News"), LEDE_OK);
  CHECK_INT(n, 1);
  lede_article_t *a = v[0];
  CHECK_STR(a->title, "Ad sales boost Time Warner profit");
  CHECK_STR(a->source, "BBC News");
  CHECK_STR(a->date, NULL);
  CHECK_STR(a->place, NULL);
  CHECK_INT(a->nsentences, 4);
  CHECK(first_starts(a, "Quarterly profits"));
  check_spans(a, buf, len, (size_t)(strstr(buf, "Quarterly") - buf));
  lede_articles_free(v, n);
  free(buf);
}

/* Reads corpus/name and checks its spans. */
static lede_article_t *read_corpus(const char *name, char **buf, size_t *len) {
  char p[4096];
  snprintf(p, sizeof p, "%s/../../../corpus/%s", data_dir, name);
  lede_article_t **v = NULL;
  size_t n = 0;
  CHECK_INT(ledei_read_file(buf, len, p), LEDE_OK);
  CHECK_INT(lede_article_read(&v, &n, NULL, p, NULL), LEDE_OK);
  CHECK_INT(n, 1);
  if (n != 1)
    abort();
  lede_article_t *a = v[0];
  free(v);
  check_spans(a, *buf, *len, 0);
  return a;
}

/* The two articles lede ships. */
static void test_corpus(void) {
  char *buf;
  size_t len;
  lede_article_t *a = read_corpus("000_5c203dbaf1af5d85.txt", &buf, &len);
  CHECK_STR(a->date, "2023-11-09");
  CHECK_STR(a->place, "SEOUL");
  CHECK_STR(a->title, NULL);
  /* 12 sentences after the date line (ICU finds 13 with the date line). */
  CHECK_INT(a->nsentences, 12);
  CHECK(first_starts(a, "South Korea, the United States and Japan"));
  CHECK_INT(a->sentences[0].start, strlen("November 9, 2023\nSEOUL \xE2\x80\x93 "));
  lede_article_free(a);
  free(buf);

  a = read_corpus("001_c8373e74a80ee408.txt", &buf, &len);
  CHECK_STR(a->date, NULL);
  CHECK_STR(a->title, NULL);
  CHECK_STR(a->place, NULL);
  CHECK_INT(a->nsentences, 13);
  CHECK(first_starts(a, "The defense chiefs of the United States"));
  lede_article_free(a);
  free(buf);
}

/* An escaped NUL inside a JSONL text reads as a space: the text after it is
 * kept (cJSON alone would end the string there); an escaped backslash before
 * "u0000" is left alone. */
static void test_jsonl_escaped_nul(void) {
  char *path = check_tmp_path("lede-nul-XXXXXX.jsonl");
  int fd = mkstemps(path, 6);
  CHECK(fd >= 0);
  const char *data = "{\"text\":\"Alpha beta.\\u0000 Gamma delta follows.\"}\n"
                     "{\"text\":\"x \\\\u0000 stays\"}\n";
  CHECK(write(fd, data, strlen(data)) == (ssize_t)strlen(data));
  close(fd);
  lede_article_t **arts = NULL;
  size_t n = 0, bad = 0;
  CHECK_INT(lede_article_read(&arts, &n, &bad, path, NULL), LEDE_OK);
  CHECK_INT(n, 2);
  CHECK_INT(bad, 0);
  if (n == 2) {
    CHECK_INT(arts[0]->nsentences, 2);
    if (arts[0]->nsentences == 2)
      CHECK_STR(arts[0]->sentences[1].text, "Gamma delta follows.");
    CHECK_INT(arts[1]->nsentences, 1);
    if (arts[1]->nsentences == 1)
      CHECK_STR(arts[1]->sentences[0].text, "x \\u0000 stays");
  }
  lede_articles_free(arts, n);
  unlink(path);
  free(path);
}

/* Every field of an article is bounded when read (LEDE_MAX_* in lede.h):
 * cut at a character boundary with "…", extra meta keys dropped. */
static void test_field_bounds(void) {
  size_t cap = 600000, o = 0;
  char *buf = malloc(cap);
  o += (size_t)snprintf(buf + o, cap - o, "{\"text\":\"Short body.\",\"title\":\"");
  for (int i = 0; i < 3000; i++)
    o += (size_t)snprintf(buf + o, cap - o, "\xC3\xA9"); /* é: 2 bytes */
  o += (size_t)snprintf(buf + o, cap - o, "\",\"url\":\"%05000d\",\"place\":\"%0300d\"", 1, 2);
  for (int k = 0; k < 70; k++)
    o += (size_t)snprintf(buf + o, cap - o, ",\"k%02d%0300d\":\"%05000d\"", k, 0, k);
  o += (size_t)snprintf(buf + o, cap - o, "}\n");
  lede_article_t **arts = NULL;
  size_t n = 0, bad = 0;
  CHECK_INT(ledei_article_parse_file_bytes(&arts, &n, &bad, buf, o, "x.jsonl", NULL), LEDE_OK);
  CHECK_INT(n, 1);
  if (n == 1) {
    const lede_article_t *a = arts[0];
    size_t tl = strlen(a->title);
    CHECK(tl <= LEDE_MAX_TITLE && tl > LEDE_MAX_TITLE - 6);
    CHECK(ledei_utf8_valid(a->title, tl));
    CHECK(strcmp(a->title + tl - 3, "\xE2\x80\xA6") == 0);
    CHECK_INT(strlen(a->url), LEDE_MAX_URL);
    CHECK_INT(strlen(a->place), LEDE_MAX_PLACE);
    CHECK_INT(a->nmeta, LEDE_MAX_META_KEYS);
    for (size_t i = 0; i < a->nmeta; i++) {
      CHECK(strlen(a->meta[i].key) <= LEDE_MAX_META_KEY);
      CHECK(strlen(a->meta[i].value) <= LEDE_MAX_META_VALUE);
    }
    CHECK_STR(a->sentences[0].text, "Short body.");
  }
  lede_articles_free(arts, n);
  free(buf);
}

int main(int argc, char **argv) {
  if (argc > 1)
    data_dir = argv[1];
  RUN(test_front_matter);
  RUN(test_front_matter_rejected);
  RUN(test_date_line);
  RUN(test_headline);
  RUN(test_header);
  RUN(test_header_ambiguous_date);
  RUN(test_line_column);
  RUN(test_dateline);
  RUN(test_dateline_no_place);
  RUN(test_text_lead);
  RUN(test_source_and_id);
  RUN(test_invalid_utf8);
  RUN(test_empty);
  RUN(test_huge);
  RUN(test_jsonl);
  RUN(test_jsonl_escaped_nul);
  RUN(test_field_bounds);
  RUN(test_bbc_file);
  RUN(test_corpus);
  return check_summary();
}
