/*
 * test_signature.c - unit tests of the copy signature (lib/signature.c):
 * wire copies that must be one (case, quotes, white space, a dateline, a
 * word changed, added or dropped, an attribution added), sentences sharing
 * most words that must not (another fact, another figure), short sentences,
 * grouping best-ranked first, and the stored form.
 */
#include "check.h"
#include "signature.h"

#include <string.h>

static lede_signature_t sig_of(const char *s) {
  lede_signature_t sig;
  ledei_sentence_signature(&sig, s, strlen(s));
  return sig;
}

static int copies(const char *a, const char *b) {
  lede_signature_t x = sig_of(a), y = sig_of(b);
  return ledei_signature_same(&x, &y);
}

static const char *const wire =
    "Oil prices rose sharply on Monday after OPEC ministers agreed in Vienna to cut output by "
    "1.5 million barrels a day, traders said.";

/* What a republisher changes without changing the sentence. */
static void test_wire_copies(void) {
  CHECK(copies(wire, wire));
  CHECK(copies(wire, "OIL PRICES ROSE SHARPLY on Monday after OPEC ministers agreed in Vienna "
                     "to cut output by 1.5 million barrels a day, traders said."));
  CHECK(copies(wire, "Oil prices rose sharply on Monday after OPEC ministers agreed in Vienna to\n"
                     "    cut output by 1.5 million  barrels a day , traders said"));
  CHECK(copies(wire, "LONDON (Reuters) - Oil prices rose sharply on Monday after OPEC ministers "
                     "agreed in Vienna to cut output by 1.5 million barrels a day, traders said."));
  CHECK(copies(wire, "LONDON, March 3 (Reuters) \xe2\x80\x94 Oil prices rose sharply on Monday "
                     "after OPEC ministers agreed in Vienna to cut output by 1.5 million barrels a "
                     "day, traders said."));
  /* One word changed, one added, one dropped. */
  CHECK(copies(wire, "Oil prices rose sharply on Monday after OPEC ministers decided in Vienna to "
                     "cut output by 1.5 million barrels a day, traders said."));
  CHECK(copies(wire, "Oil prices rose sharply on Monday after OPEC oil ministers agreed in Vienna "
                     "to cut output by 1.5 million barrels a day, traders said."));
  CHECK(copies(wire, "Oil prices rose on Monday after OPEC ministers agreed in Vienna to cut "
                     "output by 1.5 million barrels a day, traders said."));
  /* A trailing attribution grown by two words. */
  CHECK(copies(wire, "Oil prices rose sharply on Monday after OPEC ministers agreed in Vienna to "
                     "cut output by 1.5 million barrels a day, traders in London said."));
}

/* Straight, curly and guillemet quotes, and apostrophes, are punctuation. */
static void test_quote_styles(void) {
  const char *straight = "\"We will not accept a deal that hurts our farmers,\" the minister's "
                         "spokesman told reporters in Brussels on Tuesday.";
  CHECK(copies(straight,
               "\xe2\x80\x9cWe will not accept a deal that hurts our farmers,\xe2\x80\x9d "
               "the minister\xe2\x80\x99s spokesman told reporters in Brussels on "
               "Tuesday."));
  CHECK(copies(straight, "\xc2\xab We will not accept a deal that hurts our farmers, \xc2\xbb the "
                         "minister's spokesman told reporters in Brussels on Tuesday."));
  CHECK(copies(straight, "'We will not accept a deal that hurts our farmers,' the minister's "
                         "spokesman told reporters in Brussels on Tuesday."));
}

/* Sentences about the same oil price that are not the same sentence. */
static void test_not_copies(void) {
  const char *rose = "Brent crude rose 40 cents to 18.50 dlrs a barrel in London, its highest "
                     "level since OPEC agreed to cut output in December.";
  CHECK(!copies(rose, "Brent crude was trading at 18.50 dlrs a barrel in London late on Monday, "
                      "dealers said, after OPEC agreed to cut output in December."));
  CHECK(!copies(rose, "Oil traders in London said Brent crude could reach 18.50 dlrs a barrel "
                      "before the OPEC meeting in December."));
  CHECK(!copies(wire, "Oil prices fell sharply on Tuesday after OPEC ministers failed in Vienna to "
                      "agree on output, and traders said supply would stay high."));
  /* A figure changed is another fact, however alike the words. */
  CHECK(!copies(wire, "Oil prices rose sharply on Monday after OPEC ministers agreed in Vienna to "
                      "cut output by 1.2 million barrels a day, traders said."));
  /* Spelled-out figures and month names count as figures; weekdays do not. */
  CHECK(!copies("The Federal Reserve entered the U.S. Government securities market to arrange two "
                "billion dlrs of customer repurchase agreements, a Fed spokesman said.",
                "The Federal Reserve entered the U.S. Government securities market to arrange one "
                "billion dlrs of customer repurchase agreements, a Fed spokesman said."));
  CHECK(
      !copies("NOTE: Share adjusted for three-for-two stock split paid to holders in December "
              "1986.",
              "NOTE: Share adjusted for three-for-two stock split paid to holders in June 1986."));
  CHECK(copies("The Canadian division of General Motors Corp will make its first economic offer "
               "later Monday in contract negotiations with 40,000 members of the union.",
               "The Canadian division of General Motors Corp will make its first economic offer "
               "later today in contract negotiations with 40,000 members of the union."));
  CHECK(!copies("The Bank of England said it had provided the money market with late assistance "
                "of around 85 mln stg.",
                "The Bank of England said it had provided the money market with late assistance "
                "of around 205 mln stg."));
}

/* Under ten words: no signature, so never a copy, not even of itself. */
static void test_short_sentences(void) {
  lede_signature_t sig = sig_of("Shares rose.");
  CHECK(!ledei_signature_present(&sig));
  CHECK(!copies("Shares rose.", "Shares rose."));
  CHECK(!copies("Terms of the acquisition were not disclosed.",
                "Terms of the acquisition were not disclosed."));
  /* Nine words, and ten once the number counts as one word. */
  CHECK(!copies("Qtly div 10 cts vs 10 cts prior qtr", "Qtly div 10 cts vs 10 cts prior qtr"));
  CHECK(copies("Net loss 1,135,000 dlrs vs loss 1,377,000 dlrs in the first quarter",
               "NET LOSS 1,135,000 DLRS VS LOSS 1,377,000 DLRS IN THE FIRST QUARTER"));
  sig = sig_of("");
  CHECK(!ledei_signature_present(&sig));
  /* Invalid UTF-8 separates words. */
  CHECK(copies("Grain \xff\xfe exports to the Soviet Union will resume next month, the "
               "agriculture ministry said",
               "Grain exports to the Soviet Union will resume next month, the agriculture "
               "ministry said"));
  /* A dateline's words do not count: eleven words, nine without it. */
  CHECK(!copies("LONDON (Reuters) - Terms of the acquisition were not disclosed today.",
                "LONDON (Reuters) - Terms of the acquisition were not disclosed today."));
}

/* Non-ASCII letters are lower-cased as the index does. */
static void test_unicode_case(void) {
  CHECK(copies("\xc3\x89"
               "CONOMIE : la banque centrale a relev\xc3\xa9 son taux directeur "
               "mardi, pour la deuxi\xc3\xa8me fois cette ann\xc3\xa9"
               "e.",
               "\xc3\xa9"
               "conomie : la banque centrale a relev\xc3\xa9 son taux directeur mardi, "
               "pour la deuxi\xc3\xa8me fois cette ann\xc3\xa9"
               "e."));
}

/* Hits best first: each copy points at the best-ranked of its group. */
static void test_group(void) {
  const char *hits[] = {
      wire,
      "Brent crude rose 40 cents to 18.50 dlrs a barrel in London, its highest level since OPEC "
      "agreed to cut output in December.",
      "LONDON (Reuters) - Oil prices rose sharply on Monday after OPEC ministers agreed in Vienna "
      "to cut output by 1.5 million barrels a day, traders said.",
      "Shares rose.",
      "BRENT CRUDE ROSE 40 CENTS TO 18.50 DLRS A BARREL IN LONDON, its highest level since OPEC "
      "agreed to cut output in December.",
      "Shares rose.",
      "Oil prices rose sharply on Monday after OPEC oil ministers agreed in Vienna to cut output "
      "by 1.5 million barrels a day, traders said.",
  };
  enum { N = sizeof hits / sizeof *hits };
  lede_signature_t sigs[N];
  size_t rep[N];
  for (size_t i = 0; i < N; i++)
    sigs[i] = sig_of(hits[i]);
  ledei_signature_group(sigs, N, rep);
  const size_t want[N] = {0, 1, 0, 3, 1, 5, 0};
  for (size_t i = 0; i < N; i++)
    CHECK_INT(rep[i], want[i]);
  ledei_signature_group(sigs, 0, rep); /* nothing to do */
}

/* A copy of a copy that is not a copy of the representative starts its own
 * group: chaining grouped unrelated boilerplate (docs/collapse.md). */
static void test_group_no_chain(void) {
  const char *hits[] = {
      "The central bank left its key lending rate unchanged on Thursday and said inflation would "
      "slow later this year.",
      "The national bank kept its key lending rate unchanged on Thursday and said inflation would "
      "slow later this year.",
      "The national bank kept its main lending rate unchanged on Thursday and added inflation "
      "would slow later this year.",
  };
  lede_signature_t sigs[3];
  size_t rep[3];
  for (size_t i = 0; i < 3; i++)
    sigs[i] = sig_of(hits[i]);
  CHECK(ledei_signature_same(&sigs[0], &sigs[1]));
  CHECK(ledei_signature_same(&sigs[1], &sigs[2]));
  CHECK(!ledei_signature_same(&sigs[0], &sigs[2]));
  ledei_signature_group(sigs, 3, rep);
  CHECK_INT(rep[0], 0);
  CHECK_INT(rep[1], 0);
  CHECK_INT(rep[2], 2);
}

/* The stored form reads back, and the values stay what they were measured
 * with (scripts/dev/measure-copies computes the same ones): an index keeps
 * them, so a change needs a new schema. */
static void test_stored_form(void) {
  lede_signature_t sig = sig_of(wire), back;
  unsigned char bytes[LEDE_SIG_BYTES];
  ledei_signature_encode(&sig, bytes);
  ledei_signature_decode(&back, bytes);
  CHECK(memcmp(&sig, &back, sizeof sig) == 0);
  CHECK_INT(bytes[0], sig.v[0] >> 8);
  static const uint16_t golden[LEDE_SIG_VALUES] = {24467, 30324, 18405, 36926, 13845, 41809,
                                                   60395, 58827, 54217, 18849, 51723, 2811,
                                                   16780, 36977, 8367,  60140};
  for (int k = 0; k < LEDE_SIG_VALUES; k++)
    CHECK_INT(sig.v[k], golden[k]);
}

int main(void) {
  RUN(test_wire_copies);
  RUN(test_quote_styles);
  RUN(test_not_copies);
  RUN(test_short_sentences);
  RUN(test_unicode_case);
  RUN(test_group);
  RUN(test_group_no_chain);
  RUN(test_stored_form);
  return check_summary();
}
