/*
 * test_figure.c - unit tests of figures with a unit (lib/figure.c): the
 * forms that must agree on one term, the numbers that are no figure, and
 * the spans a highlighter marks.
 */
#include "check.h"
#include "figure.h"

#include <string.h>

/* The term of the first figure of s, or "" when it has none. */
static const char *term_of(const char *s) {
  static lede_figure_t f;
  return ledei_figure_find(&f, s, strlen(s), 0) ? f.term : "";
}

static const char *plain_of(const char *s) {
  static lede_figure_t f;
  return ledei_figure_find(&f, s, strlen(s), 0) ? f.plain : "";
}

static void test_forms_agree(void) {
  CHECK_STR(term_of("paid \xc2\xa3"
                    "600m for it"),
            "Ugbp600m");
  CHECK_STR(term_of("spend \xc2\xa3"
                    "600 million on roads"),
            "Ugbp600m");
  CHECK_STR(term_of("rose 600 mln stg in March"), "Ugbp600m");
  CHECK_STR(term_of("a GBP 600m loan"), "Ugbp600m");
  CHECK_STR(term_of("a $600M deal"), "Uusd600m");
  CHECK_STR(term_of("a US$600m deal"), "Uusd600m");
  CHECK_STR(term_of("600 mln dlrs"), "Uusd600m");
  CHECK_STR(plain_of("a $600m deal"), "U600m");
  CHECK_STR(term_of("600m people"), "U600m");
  CHECK_STR(plain_of("600m people"), "");
  CHECK_STR(term_of("it cost \xe2\x82\xac"
                    "1.50bn"),
            "Ueur1.5bn");
  CHECK_STR(term_of("\xc2\xa5"
                    "1,200,000 in cash"),
            "Ujpy1200000");
  CHECK_STR(term_of("Turnout was 76%."), "U76pct");
  CHECK_STR(term_of("Turnout was 76 %."), "U76pct");
  CHECK_STR(term_of("76 pct of shares"), "U76pct");
  CHECK_STR(term_of("76 per cent of them"), "U76pct");
  CHECK_STR(term_of("up 1.76% at noon"), "U1.76pct");
}

static void test_not_figures(void) {
  CHECK_STR(term_of("after 76 minutes"), "");
  CHECK_STR(term_of("the 4th round"), "");
  CHECK_STR(term_of("in 600ms"), "");
  CHECK_STR(term_of("model A600m"), "");
  CHECK_STR(term_of("in 2004 and 2005"), "");
  CHECK_STR(term_of("R$5"), "");
}

static void test_spans(void) {
  const char *s = "From \xc2\xa3"
                  "600m to $700 million, up 5%.";
  lede_figure_t f;
  size_t len = strlen(s), at = 0;
  const char *want[] = {"\xc2\xa3"
                        "600m",
                        "$700 million", "5%"};
  for (int i = 0; i < 3; i++) {
    CHECK(ledei_figure_find(&f, s, len, at));
    CHECK_INT(f.end - f.start, strlen(want[i]));
    CHECK(memcmp(s + f.start, want[i], strlen(want[i])) == 0);
    at = f.end;
  }
  CHECK(!ledei_figure_find(&f, s, len, at));
}

static void test_word_terms(void) {
  CHECK_INT(ledei_figure_number("600m", 4), 3);
  CHECK_INT(ledei_figure_number("1,200", 5), 5);
  CHECK_INT(ledei_figure_number("deal", 4), 0);
  CHECK_STR(ledei_figure_magnitude("bn", 2, 1), "bn");
  CHECK_STR(ledei_figure_magnitude("million", 7, 0), "m");
  CHECK(ledei_figure_magnitude("million", 7, 1) == NULL);
  CHECK(ledei_figure_magnitude("ms", 2, 1) == NULL);
}

int main(void) {
  RUN(test_forms_agree);
  RUN(test_not_figures);
  RUN(test_spans);
  RUN(test_word_terms);
  return check_summary();
}
