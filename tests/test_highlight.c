/*
 * test_highlight.c - ledei_highlight(): which words of a sentence a query
 * matched, by plain term or by stem, as byte spans.
 */
#include "check.h"
#include "lede_private.h"

#include <stdlib.h>
#include <string.h>

static lede_stemmer_t *english;

/* The matched words of text joined by '|' (a static buffer). */
static const char *marked(const char *text, const char *const *terms, lede_stemmer_t *st) {
  static char buf[1024];
  lede_span_t *m = NULL;
  size_t n = 0;
  buf[0] = '\0';
  if (ledei_highlight(&m, &n, text, terms, NULL, st) != LEDE_OK)
    return "(error)";
  size_t used = 0;
  for (size_t i = 0; i < n; i++) {
    size_t len = m[i].end - m[i].start;
    if (used + len + 2 >= sizeof buf)
      break;
    if (i)
      buf[used++] = '|';
    memcpy(buf + used, text + m[i].start, len);
    used += len;
    buf[used] = '\0';
  }
  free(m);
  return buf;
}

/* As marked(), with phrases. */
static const char *marked_phrases(const char *text, const char *const *terms,
                                  const char *const *phrases) {
  static char buf[1024];
  lede_span_t *m = NULL;
  size_t n = 0, used = 0;
  buf[0] = '\0';
  if (ledei_highlight(&m, &n, text, terms, phrases, english) != LEDE_OK)
    return "(error)";
  for (size_t i = 0; i < n && used + (m[i].end - m[i].start) + 2 < sizeof buf; i++) {
    if (i)
      buf[used++] = '|';
    memcpy(buf + used, text + m[i].start, m[i].end - m[i].start);
    used += m[i].end - m[i].start;
    buf[used] = '\0';
  }
  free(m);
  return buf;
}

/* A phrase's words are marked where they stand one after the other, and
 * only there, unless the query has the word alone too. */
static void test_phrases(void) {
  const char *none[] = {NULL};
  const char *the_announcement[] = {"Zthe Zannounc", NULL};
  const char *text = "The firm signed after the announcement, and the board agreed.";
  CHECK_STR(marked_phrases(text, none, the_announcement), "the|announcement");
  const char *board[] = {"Zboard", NULL};
  CHECK_STR(marked_phrases(text, board, the_announcement), "the|announcement|board");
  /* Not one after the other: nothing. */
  CHECK_STR(marked_phrases("The announcement came; the board met.", none,
                           (const char *[]){"Zboard Zannounc", NULL}),
            "");
  /* Every place it occurs; stems and initials as words are. */
  CHECK_STR(marked_phrases("Oil firms rose. The oil firm fell.", none,
                           (const char *[]){"Zoil Zfirm", NULL}),
            "Oil|firms|oil|firm");
  CHECK_STR(marked_phrases("Talks in the U.S. Senate went on.", none,
                           (const char *[]){"Zus Zsenat", NULL}),
            "U.S.|Senate");
  /* A hyphenated word is a phrase of its parts. */
  CHECK_STR(marked_phrases("The Shangri-La Dialogue met.", (const char *[]){"Zdialogu", NULL},
                           (const char *[]){"Zshangri Zla", NULL}),
            "Shangri|La|Dialogue");
  /* Two phrases sharing a word mark it once. */
  CHECK_STR(
      marked_phrases("new york city", none, (const char *[]){"Znew Zyork", "Zyork Zciti", NULL}),
      "new|york|city");
}

static void test_plain_terms_ignore_case(void) {
  const char *terms[] = {"seoul", "dialogue", NULL};
  CHECK_STR(marked("Talks in SEOUL and Seoul, then a Dialogue.", terms, NULL),
            "SEOUL|Seoul|Dialogue");
  CHECK_STR(marked("Seoulite dialogues", terms, NULL), "");
}

static void test_stems_match_other_forms(void) {
  const char *terms[] = {"Zdefens", "Zminist", NULL};
  CHECK_STR(marked("The defense ministers defended the ministry's defenses.", terms, english),
            "defense|ministers|defenses");
  /* Without a stemmer only plain terms match. */
  CHECK_STR(marked("The defense ministers", terms, NULL), "");
}

static void test_word_boundaries(void) {
  const char *terms[] = {"shangri", "la", "korea's", "Zkorea", NULL};
  /* A hyphen splits words; an apostrophe (ASCII or U+2019) between letters
   * does not, and the possessive stems to the word. */
  CHECK_STR(marked("the Shangri-La Dialogue", terms, english), "Shangri|La");
  CHECK_STR(marked("Korea's and Korea\xE2\x80\x99s navy; Korea.", terms, english),
            "Korea's|Korea\xE2\x80\x99s|Korea");
  CHECK_STR(marked("'Korea' quoted", terms, english), "Korea");
  /* A point or a comma between digits is part of the number, as Xapian
   * indexes it; one that ends a sentence is not. */
  const char *numbers[] = {"Z3.5", "Z67,5", "Z4", NULL};
  CHECK_STR(marked("It grew 3.5 percent, 67,5 there; up 4. Then 3,", numbers, english),
            "3.5|67,5|4");
}

/* A word written differently for the same letters is marked as written:
 * soft hyphens and the zero-width characters Xapian ignores inside it,
 * ligatures and full-width letters, a space grouping digits (read as a
 * comma), the modifier letter apostrophe. */
static void test_written_differently(void) {
  const char *terms[] = {"Zvladimir", "Zfinanc", "Zicbm", "Zjoin", "Zo'neil", "Z5,500", NULL};
  CHECK_STR(marked("Vladi\xC2\xADmir, \xEF\xAC\x81nance, \xEF\xBC\xA9\xEF\xBC\xA3"
                   "\xEF\xBC\xA2\xEF\xBC\xAD, jo\xE2\x80\x8Dined, non\xE2\x80\x8Cjoined",
                   terms, english),
            "Vladi\xC2\xADmir|\xEF\xAC\x81nance|\xEF\xBC\xA9\xEF\xBC\xA3\xEF\xBC\xA2\xEF"
            "\xBC\xAD|jo\xE2\x80\x8Dined");
  CHECK_STR(marked("Dr O\xCA\xBCNeill counted 5\xC2\xA0"
                   "500 and 5 500.",
                   terms, english),
            "O\xCA\xBCNeill|5\xC2\xA0"
            "500");
  /* A soft hyphen before no letter ends the word. */
  CHECK_STR(marked("Vladimir\xC2\xAD, Vladi\xC2\xAD mir", terms, english), "Vladimir");
}

/* Initials are one word of their letters, dots included, as Xapian
 * indexes and parses them ("U.S." is "us"); one capital with a dot is not,
 * nor initials glued to more letters. */
static void test_initials(void) {
  const char *terms[] = {"Zus", "uk", "Zibm", "Za", NULL};
  CHECK_STR(marked("The U.S. economy and the U.K grew; I.B.M. too.", terms, english),
            "U.S.|U.K|I.B.M.");
  CHECK_STR(marked("They told us. A. Smith went.", terms, english), "us|A");
  CHECK_STR(marked("U.Kx and U.S", terms, english), "U.S");
}

/* "600m" holds the number 600, as the index has it: a plain 600 marks it;
 * a number glued to other letters ("600ms") does not. */
static void test_glued_figures(void) {
  const char *terms[] = {"Z600", NULL};
  CHECK_STR(marked("Bids of $600m, 600M and \xc2\xa3"
                   "600 million, in 600ms.",
                   terms, english),
            "600m|600M|600");
}

static void test_cjk_runs(void) {
  /* A run of CJK characters is marked where a run of the query occurs in
   * it, overlapping places as one span; n-gram terms mark nothing. */
  const char *terms[] = {"Z미사일", "Z防衛", "Z衛大", "Zabc", "Z사", NULL};
  CHECK_STR(marked("북한은 미사일을 발사했다.", terms, english), "미사일|사");
  CHECK_STR(marked("日本の防衛大臣が", terms, english), "防衛大");
  /* A Latin word glued to a run is a word of its own, as it is indexed. */
  CHECK_STR(marked("北京abc社", terms, english), "abc");
  const char *none[] = {"미사일", "Z", NULL};
  CHECK_STR(marked("미사일을", none, english), "");
}

static void test_spans_are_bytes(void) {
  const char *terms[] = {"séoul", "élection", NULL};
  const char *text = "À Séoul, une ÉLECTION.";
  lede_span_t *m = NULL;
  size_t n = 0;
  CHECK_INT(ledei_highlight(&m, &n, text, terms, NULL, NULL), LEDE_OK);
  CHECK_INT(n, 2);
  if (n == 2) {
    CHECK_INT(m[0].start, strlen("À "));
    CHECK_INT(m[0].end, strlen("À Séoul"));
    CHECK_INT(m[1].start, strlen("À Séoul, une "));
    CHECK_INT(m[1].end, strlen(text) - 1);
  }
  free(m);
}

static void test_invalid_utf8_and_edges(void) {
  const char *terms[] = {"missile", NULL};
  /* Invalid bytes separate words and are never marked. */
  CHECK_STR(marked("\xFF"
                   "missile\xC3 missile\xE2\x82",
                   terms, NULL),
            "missile|missile");
  /* Overlong forms, surrogates and a truncated sequence before a letter
   * are invalid bytes too; an apostrophe before one ends the word. */
  CHECK_STR(marked("\xC0\xAFmissile \xED\xA0\x80missile \xE2\x82missile missile'\xFF", terms, NULL),
            "missile|missile|missile|missile");
  /* A word whose lower case is longer in UTF-8 (U+023A, 2 bytes, lowers to
   * U+2C65, 3). */
  const char *longer[] = {"\xE2\xB1\xA5\xE2\xB1\xA5", NULL};
  CHECK_STR(marked("\xC8\xBA\xC8\xBA!", longer, NULL), "\xC8\xBA\xC8\xBA");
  CHECK_STR(marked("", terms, NULL), "");
  CHECK_STR(marked("missile", terms, NULL), "missile");
  const char *none[] = {NULL};
  CHECK_STR(marked("missile launch", none, english), "");
}

static void test_long_text(void) {
  const char *terms[] = {"z", NULL};
  size_t n = 100000;
  char *text = malloc(n * 2 + 1);
  for (size_t i = 0; i < n; i++)
    text[2 * i] = 'z', text[2 * i + 1] = ' ';
  text[2 * n] = '\0';
  lede_span_t *m = NULL;
  size_t count = 0;
  CHECK_INT(ledei_highlight(&m, &count, text, terms, NULL, english), LEDE_OK);
  CHECK_INT(count, n);
  if (count == n)
    CHECK_INT(m[n - 1].start, 2 * (n - 1));
  free(m);
  free(text);
}

int main(int argc, char **argv) {
  (void)argc, (void)argv;
  if (ledei_stemmer_open(&english, "english") != LEDE_OK) {
    fprintf(stderr, "cannot open the english stemmer: %s\n", lede_last_error());
    return 1;
  }
  RUN(test_plain_terms_ignore_case);
  RUN(test_stems_match_other_forms);
  RUN(test_word_boundaries);
  RUN(test_written_differently);
  RUN(test_initials);
  RUN(test_glued_figures);
  RUN(test_cjk_runs);
  RUN(test_spans_are_bytes);
  RUN(test_invalid_utf8_and_edges);
  RUN(test_long_text);
  RUN(test_phrases);
  ledei_stemmer_close(english);
  return check_summary();
}
