/*
 * test_html.c - unit tests of saved web pages (lib/html.c, lib/extract.c,
 * lib/html_article.c): main content without boilerplate, metadata
 * precedence, byte spans into the original page (entities, Latin-1, BOM),
 * and bad input: broken markup, NUL bytes, "</x" in scripts, billion laughs,
 * external entities, deep nesting, a 16 MB page.
 *
 * Usage: test_html DATA_DIR (tests/data/html).
 */
#include "check.h"
#include "extract.h"
#include "lede_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *data_dir = "tests/data/html";

static char *slurp(const char *name, size_t *len) {
  char p[4096], *buf = NULL;
  snprintf(p, sizeof p, "%s/%s", data_dir, name);
  if (ledei_read_file(&buf, len, p) != LEDE_OK) {
    fprintf(stderr, "cannot read %s\n", p);
    exit(2);
  }
  return buf;
}

/* The one article of a page, read as the indexer reads a file named path. */
static lede_article_t *page(const char *buf, size_t len, const char *path) {
  lede_article_t **v = NULL;
  size_t n = 0, bad = 0;
  CHECK_INT(ledei_article_parse_file_bytes(&v, &n, &bad, buf, len, path, NULL), LEDE_OK);
  CHECK_INT(n, 1);
  lede_article_t *a = n ? v[0] : NULL;
  free(v);
  return a;
}

/* All sentences joined by " | ". */
static char *joined(const lede_article_t *a) {
  size_t cap = 16;
  for (size_t i = 0; i < a->nsentences; i++)
    cap += strlen(a->sentences[i].text) + 3;
  char *s = ledei_xmalloc(cap);
  s[0] = '\0';
  for (size_t i = 0; i < a->nsentences; i++) {
    if (i)
      strcat(s, " | ");
    strcat(s, a->sentences[i].text);
  }
  return s;
}

static const char *meta(const lede_article_t *a, const char *key) {
  for (size_t i = 0; i < a->nmeta; i++)
    if (strcmp(a->meta[i].key, key) == 0)
      return a->meta[i].value;
  return NULL;
}

/* The page bytes of sentence i, in a static buffer. */
static const char *span(const char *buf, const lede_article_t *a, size_t i) {
  static char s[512];
  size_t n = a->sentences[i].end - a->sentences[i].start;
  if (n >= sizeof s)
    n = sizeof s - 1;
  memcpy(s, buf + a->sentences[i].start, n);
  s[n] = '\0';
  return s;
}

static void test_article_content(void) {
  size_t len;
  char *buf = slurp("article.html", &len);
  lede_article_t *a = page(buf, len, "storm.html");
  char *all = joined(a);
  CHECK(strstr(all, "The storm flooded the harbour overnight") != NULL);
  CHECK(strstr(all, "Café owners along the waterfront") != NULL);
  CHECK(strstr(all, "Clean-up begins") != NULL); /* a heading of the article */
  const char *boiler[] = {"Home",    "cookies",   "Share on", "Related", "Storm warning",
                          "Comment", "Copyright", "Script",   "styled",  "floods after overnight"};
  for (size_t i = 0; i < sizeof boiler / sizeof *boiler; i++)
    if (strstr(all, boiler[i])) {
      fprintf(stderr, "boilerplate \"%s\" in: %s\n", boiler[i], all);
      CHECK(0);
    }
  /* Each paragraph is its own sentence (no joining across blocks). */
  CHECK_STR(a->sentences[0].text,
            "The storm flooded the harbour overnight, and boats sank at their moorings in the old "
            "port.");
  /* Spans point into the page: entities cover their source bytes. */
  CHECK_STR(span(buf, a, 0), a->sentences[0].text);
  for (size_t i = 0; i < a->nsentences; i++) {
    if (strstr(a->sentences[i].text, "& sign"))
      CHECK(strstr(span(buf, a, i), "the &amp; sign on the quay") != NULL);
    if (strncmp(a->sentences[i].text, "Café", 5) == 0)
      CHECK(strncmp(span(buf, a, i), "Caf&eacute; owners", 18) == 0);
  }
  free(all);
  lede_article_free(a);
  free(buf);
}

/* A paragraph longer than libxml2's 1,000-byte text buffer: every
 * sentence's span is exactly its text (a run cut at the buffer size used to
 * map one character short, and the rest of the paragraph nowhere). */
static void test_long_paragraph(void) {
  char *doc = ledei_xmalloc(8192), *d = doc;
  d += sprintf(d, "<html><body><p>");
  for (int i = 0; i < 60; i++)
    d += sprintf(d, "Sentence number %d of the long paragraph ends here. ", i);
  sprintf(d, "</p></body></html>");
  lede_article_t *a = page(doc, strlen(doc), "long.html");
  CHECK_INT(a->nsentences, 60);
  size_t exact = 0;
  for (size_t i = 0; i < a->nsentences; i++)
    exact += strcmp(span(doc, a, i), a->sentences[i].text) == 0;
  CHECK_INT(exact, 60);
  lede_article_free(a);
  free(doc);
}

/* ASP.NET pages wrap the whole page in one <form>: it is judged like any
 * box, not pruned; a search form inside is still dropped. */
static void test_form_wrapped(void) {
  const char *doc = "<html><body><form id=\"aspnetForm\" action=\"/\"><div class=\"search\">"
                    "<input name=q><input type=submit value=Go></div><div id=\"story\"><p>The "
                    "council approved the budget on Tuesday, after a long debate, by seven votes "
                    "to two.</p><p>Opponents said the plan, which raises fees, would hurt small "
                    "shops in the old town centre.</p></div></form></body></html>";
  lede_article_t *a = page(doc, strlen(doc), "aspx.html");
  char *all = joined(a);
  CHECK(strstr(all, "The council approved the budget") != NULL);
  CHECK(strstr(all, "Opponents said") != NULL);
  CHECK(strstr(all, "Go") == NULL);
  free(all);
  lede_article_free(a);
}

static void test_metadata_precedence(void) {
  size_t len;
  char *buf = slurp("article.html", &len);
  lede_article_t *a = page(buf, len, "storm.html");
  CHECK_STR(a->title, "Harbour town floods after overnight storm"); /* JSON-LD headline */
  CHECK_STR(a->date, "2024-03-14"); /* JSON-LD datePublished, its own day; not dateModified */
  CHECK_STR(a->source, "The Coast Courier"); /* og:site_name */
  CHECK_STR(a->url, "https://www.coastcourier.example/2024/03/12/harbour-floods");
  CHECK_STR(meta(a, "author"), "Jane Doe, John Roe");
  lede_article_free(a);
  free(buf);

  /* JSON-LD wrapped in CDATA (as many CMSs write it), a posting type; it
   * wins over article:published_time. */
  const char *p1 = "<html><head><script type=\"application/ld+json\">\n<![CDATA[\n{\"@type\": "
                   "\"SocialMediaPosting\", \"datePublished\": \"2014-09-02T08:35:27-04:00\", "
                   "\"author\": [{\"name\": \"Ann Lee\"}]}\n]]>\n</script><meta property=\""
                   "article:published_time\" content=\"2015-12-11\"></head><body><p>A post about "
                   "the update, long enough to be the content of the page.</p></body></html>";
  a = page(p1, strlen(p1), "post.html");
  CHECK_STR(a->date, "2014-09-02");
  CHECK_STR(meta(a, "author"), "Ann Lee");
  lede_article_free(a);

  /* A JSON-LD "headline" that is a description, and a "name" that the
   * page's <title> holds: the name. When <title> holds the headline, or
   * neither, the headline. */
  const char *ld = "</title><script type=\"application/ld+json\">{\"@type\":"
                   " \"Article\", \"name\": \"Tide Mill\", \"headline\": \"water mill driven by "
                   "the tide\"}</script></head><body><p>The tide mill on the estuary was built "
                   "in the twelfth century and ground grain until 1956.</p></body></html>";
  const char *titles[][2] = {
      {"Tide Mill - Encyclopedia", "Tide Mill"},
      {"Water mill driven by the tide: Tide Mill", "water mill driven by the tide"},
      {"Mills of the coast", "water mill driven by the tide"}};
  for (size_t i = 0; i < 3; i++) {
    char html[1024];
    snprintf(html, sizeof html, "<html><head><title>%s%s", titles[i][0], ld);
    a = page(html, strlen(html), "mill.html");
    CHECK_STR(a->title, titles[i][1]);
    lede_article_free(a);
  }

  /* Without JSON-LD: article:published_time; og:title without " - Site";
   * the canonical host as source. */
  const char *p2 = "<html><head><meta property=\"og:title\" content=\"Rates rise again - Daily "
                   "Planet\"><meta property=\"article:published_time\" content=\"2023-11-09\">"
                   "<meta name=\"author\" content=\"https://example.com/staff/x\">"
                   "<link rel=canonical href=\"https://www.planet.example/2020/01/02/rates\">"
                   "</head><body><p>The central bank raised rates again on Thursday, the third "
                   "rise this year, citing stubborn inflation.</p></body></html>";
  a = page(p2, strlen(p2), "rates.htm");
  CHECK_STR(a->title, "Rates rise again");
  CHECK_STR(a->date, "2023-11-09");
  CHECK_STR(a->source, "planet.example");
  CHECK_STR(meta(a, "author"), NULL); /* never a URL */
  lede_article_free(a);

  /* Then a date in the URL, then the first <time datetime>; <title>. */
  const char *p3 = "<html><head><title>Port strike ends | Harbour News</title>"
                   "<meta property=\"og:url\" content=\"https://harbour.example/news/2021-06-30/"
                   "strike\"></head><body><time datetime=\"2019-01-01\">then</time><p>The port "
                   "strike ended on Wednesday after three weeks of talks between unions and "
                   "owners.</p></body></html>";
  a = page(p3, strlen(p3), "strike.xhtml");
  CHECK_STR(a->title, "Port strike ends");
  CHECK_STR(a->date, "2021-06-30");
  CHECK_STR(a->url, "https://harbour.example/news/2021-06-30/strike");
  lede_article_free(a);
  const char *p4 = "<p>x</p><time datetime=\"2019-01-05T10:00\">Jan 5</time><p>The port strike "
                   "ended on Wednesday after three weeks of talks.</p>";
  char *doc = ledei_xmalloc(strlen(p4) + 64);
  sprintf(doc, "<!DOCTYPE html>%s", p4);
  a = page(doc, strlen(doc), "noext"); /* HTML by content */
  CHECK_STR(a->date, "2019-01-05");
  CHECK_INT(a->nsentences >= 1, 1);
  lede_article_free(a);
  free(doc);

  /* The author where the page marks it: parsely-author and NYT's "byl"
   * ("By " dropped), microdata (itemprop="author", its itemprop="name"),
   * a rel="author" link; never text with a date in it. A site name long
   * or short is cut from the title, before or after it; a JSON-LD headline
   * that is og:title and more is og:title. */
  const char *authors[][3] = {
      {"<meta name=\"byl\" content=\"By Corey Kilgannon\">", "", "Corey Kilgannon"},
      {"<meta name=\"parsely-author\" content=\"Jane Doe\">", "", "Jane Doe"},
      {"",
       "<span itemprop=\"author\" itemscope><a itemprop=\"url\" href=\"/x\">x</a>"
       "<span itemprop=\"name\">Alex Perry</span></span>",
       "Alex Perry"},
      {"", "<span itemprop=\"author\">By: Ann Lee</span>", "Ann Lee"},
      {"", "<span class=\"by\">By <a rel=\"author\" href=\"/d\">Dan Goodin</a></span>",
       "Dan Goodin"},
      {"", "<a rel=\"author\" href=\"/d\">Dan Goodin - Apr 16, 2015</a>", NULL},
      {"<meta name=\"author\" content=\"Meta Name\">",
       "<a rel=\"author\" href=\"/d\">Dan Goodin</a>", "Meta Name"},
  };
  for (size_t i = 0; i < sizeof authors / sizeof *authors; i++) {
    char html[2048];
    snprintf(html, sizeof html,
             "<html><head>%s</head><body><div>%s</div><article><p>The port strike ended on "
             "Wednesday after three weeks of talks between unions and owners.</p></article>"
             "</body></html>",
             authors[i][0], authors[i][1]);
    a = page(html, strlen(html), "by.html");
    CHECK_STR(meta(a, "author"), authors[i][2]);
    lede_article_free(a);
  }
  const char *sites[][3] = {
      {"Port strike ends - The Harbour Evening News Online", "The Harbour Evening News Online",
       "Port strike ends"},
      {"Port strike ends @ Harbour Notes", "Harbour Notes", "Port strike ends"},
      {"HARBOUR NOTES | Port strike ends", "Harbour Notes", "Port strike ends"},
      {"Harbour Notes", "Harbour Notes", "Harbour Notes"},
      {"Port strike ends at Harbour Notes", "Harbour Notes", "Port strike ends at Harbour Notes"},
  };
  for (size_t i = 0; i < sizeof sites / sizeof *sites; i++) {
    char html[2048];
    snprintf(html, sizeof html,
             "<html><head><title>%s</title><meta property=\"og:site_name\" content=\"%s\">"
             "</head><body><p>The port strike ended on Wednesday after three weeks of talks "
             "between unions and owners.</p></body></html>",
             sites[i][0], sites[i][1]);
    a = page(html, strlen(html), "site.html");
    CHECK_STR(a->title, sites[i][2]);
    CHECK_STR(a->source, sites[i][1]);
    lede_article_free(a);
  }
  const char *p5 = "<html><head><meta property=\"og:title\" content=\"Samantha and the Lie\">"
                   "<meta property=\"og:site_name\" content=\"http://www.tmz.com/\">"
                   "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
                   "\"headline\": \"Samantha and the Lie - John C. Welch - Medium\"}</script>"
                   "</head><body><p>The port strike ended on Wednesday after three weeks of "
                   "talks between unions and owners.</p></body></html>";
  a = page(p5, strlen(p5), "medium.html");
  CHECK_STR(a->title, "Samantha and the Lie");
  CHECK_STR(a->source, "tmz.com"); /* og:site_name written as a URL: its host */
  lede_article_free(a);
}

static void test_charsets(void) {
  size_t len;
  char *buf = slurp("latin1.html", &len);
  lede_article_t *a = page(buf, len, "latin1.html");
  CHECK_STR(a->title, "Café crisis in Montréal");
  CHECK(a->nsentences >= 2);
  if (a->nsentences >= 2) {
    CHECK(strncmp(a->sentences[0].text, "The café owners of Montréal", 29) == 0);
    /* the span is the page's own Latin-1 bytes */
    CHECK(strncmp(span(buf, a, 0),
                  "The caf\xe9 owners of Montr\xe9"
                  "al",
                  27) == 0);
    CHECK(strstr(a->sentences[1].text, "naïvely") != NULL);
  }
  lede_article_free(a);
  free(buf);

  /* Saved by a browser as UTF-8 while its <meta> still names the old
   * charset: the bytes win. */
  const char *saved = "<html><head><meta charset=\"gb2312\"></head><body><p>\xe4\xb8\xad\xe6"
                      "\x96\x87\xe7\xab\x99 reports on the launch, in UTF-8 all along.</p>"
                      "</body></html>";
  a = page(saved, strlen(saved), "saved.html");
  CHECK(a->nsentences == 1 && strncmp(a->sentences[0].text, "\xe4\xb8\xad\xe6\x96\x87", 6) == 0);
  lede_article_free(a);

  /* UTF-16LE with a BOM (Notepad). */
  const char *ascii = "<html><body><p>Sixteen bits per character, and nothing lost.</p></body>"
                      "</html>";
  size_t n = strlen(ascii);
  char *u16 = ledei_xmalloc(2 * n + 2);
  u16[0] = (char)0xFF, u16[1] = (char)0xFE;
  for (size_t i = 0; i < n; i++)
    u16[2 + 2 * i] = ascii[i], u16[3 + 2 * i] = 0;
  a = page(u16, 2 * n + 2, "u16.html");
  CHECK_INT(a->nsentences, 1);
  if (a->nsentences == 1) {
    CHECK_STR(a->sentences[0].text, "Sixteen bits per character, and nothing lost.");
    CHECK_INT(a->sentences[0].start, 2 + 2 * (strstr(ascii, "Sixteen") - ascii));
    CHECK_INT(a->sentences[0].end, 2 + 2 * (strstr(ascii, "</p>") - ascii));
  }
  lede_article_free(a);
  free(u16);
}

static void test_bad_input(void) {
  /* NUL bytes neither end the page nor show. */
  const char nul[] = "<html><body><p>Before the zero\0 byte the text goes on.</p><p>After it "
                     "the second paragraph is kept as well.</p></body></html>";
  lede_article_t *a = page(nul, sizeof nul - 1, "nul.html");
  char *all = joined(a);
  CHECK(strstr(all, "second paragraph is kept") != NULL);
  CHECK(strstr(all, "zero byte") != NULL || strstr(all, "zero  byte") != NULL);
  free(all);
  lede_article_free(a);

  /* "</x" inside a script, a script without its end tag. */
  const char *scr = "<html><body><script>if (a</b) document.write('</x>LEAKED TEXT</p>');"
                    "</script><p>Only this paragraph of the page is the article text.</p>"
                    "<script>never closed LEAKED";
  a = page(scr, strlen(scr), "script.html");
  all = joined(a);
  CHECK(strstr(all, "LEAKED") == NULL);
  CHECK(strstr(all, "Only this paragraph") != NULL);
  free(all);
  lede_article_free(a);

  /* Billion laughs and an external entity: never expanded, never loaded. */
  const char *laughs =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE html [\n<!ENTITY lol \"lol\">\n"
      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
      "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
      "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
      "<html><body><p>Laughing &lol3; here and &xxe; there, in a paragraph of text.</p>"
      "</body></html>";
  a = page(laughs, strlen(laughs), "laughs.xhtml");
  all = joined(a);
  CHECK(strstr(all, "lollol") == NULL);
  CHECK(strstr(all, "root:") == NULL);
  CHECK(strstr(all, "Laughing") != NULL);
  free(all);
  lede_article_free(a);

  /* Broken markup: unclosed and stray tags, a truncated end. */
  const char *broken = "<html><body><div><p>First broken paragraph <b>bold <i>both</b> still "
                       "here.</p></span></div></td><p>Second one, cut off mid-way <a href=\"x";
  a = page(broken, strlen(broken), "broken.html");
  all = joined(a);
  CHECK(strstr(all, "First broken paragraph bold both still here.") != NULL);
  free(all);
  lede_article_free(a);

  /* 100,000 nested elements: no stack overflow. */
  size_t depth = 100000, dn = depth * 5 + 64;
  char *deep = ledei_xmalloc(dn), *d = deep;
  for (size_t i = 0; i < depth; i++)
    memcpy(d, "<div>", 5), d += 5;
  d += sprintf(d, "<p>Deep inside the nesting.</p>");
  a = page(deep, (size_t)(d - deep), "deep.html");
  CHECK(a != NULL);
  lede_article_free(a);
  free(deep);
}

/* A 16 MB page (the indexer's limit) is read in linear time. */
static void test_big_page(void) {
  const char *para = "<p>Paragraph of a very long page, with a comma, and a link <a "
                     "href=\"/x\">here</a> &amp; an entity.</p>\n";
  size_t pl = strlen(para), cap = 16u << 20;
  char *big = ledei_xmalloc(cap + 1);
  size_t n = 0;
  memcpy(big, "<html><body><div>", 17);
  n = 17;
  while (n + pl < cap)
    memcpy(big + n, para, pl), n += pl;
  clock_t t0 = clock();
  lede_article_t *a = page(big, n, "big.html");
  double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
  CHECK(a && a->nsentences > 100000);
  CHECK(s < 120);
  fprintf(stderr, "16 MB page: %zu sentences in %.1f s\n", a ? a->nsentences : 0, s);
  lede_article_free(a);
  free(big);
}

/* A title that repeats the site's name at length ("x | x | ... |
 * Headline") loses it in linear time (each cut was a copy of the title). */
static void test_site_in_long_title(void) {
  const char *head = "<html><head><meta property=\"og:site_name\" content=\"x\"><title>";
  const char *tail = "Port strike ends</title></head><body><p>The port strike ended on "
                     "Wednesday after three weeks of talks.</p></body></html>";
  size_t reps = 300000, hl = strlen(head), tl = strlen(tail);
  char *html = ledei_xmalloc(hl + 4 * reps + tl + 1);
  memcpy(html, head, hl);
  for (size_t i = 0; i < reps; i++)
    memcpy(html + hl + 4 * i, "x | ", 4);
  memcpy(html + hl + 4 * reps, tail, tl + 1);
  clock_t t0 = clock();
  lede_article_t *a = page(html, strlen(html), "long-title.html");
  double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
  CHECK(a != NULL);
  if (a)
    CHECK_STR(a->title, "Port strike ends");
  CHECK(s < 5);
  lede_article_free(a);
  free(html);
}

/* A heading's permalink mark (Sphinx's "¶", "#", "§") is not part of the
 * title. */
static void test_heading_marks(void) {
  static const char *const pages[] = {
      "<html><head><title>History - Docs</title></head><body><h1>Early history of the "
      "project<a class=\"headerlink\" href=\"#h\">\xc2\xb6</a></h1><p>The project began "
      "in 2005 as a small tool. It grew quickly over the years that followed.</p></body></html>",
      "<html><body><h1>Early history of the project #</h1><p>The project began in 2005 as a "
      "small tool. It grew quickly over the years that followed.</p></body></html>"};
  for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
    lede_article_t *a = page(pages[i], strlen(pages[i]), "/x/history.html");
    if (a)
      CHECK_STR(a->title, "Early history of the project");
    lede_article_free(a);
  }
}

int main(int argc, char **argv) {
  if (argc > 1)
    data_dir = argv[1];
  RUN(test_heading_marks);
  RUN(test_site_in_long_title);
  RUN(test_article_content);
  RUN(test_long_paragraph);
  RUN(test_form_wrapped);
  RUN(test_metadata_precedence);
  RUN(test_charsets);
  RUN(test_bad_input);
  RUN(test_big_page);
  return check_summary();
}
