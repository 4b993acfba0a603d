/*
 * figure.h - figures with a unit in text ("£600m", "$1.5 billion", "76%",
 * "600 mln stg"), private to liblede (issue #21).
 *
 * Word terms lose the unit: "£600m" and "$600m" are both the stem "600m",
 * and "76%" is "76", as in "after 76 minutes". So each figure that has a
 * currency, a magnitude or a percent sign is also indexed as one term of
 * its own, LEDE_PREFIX_FIGURE + currency + number + unit, written the same
 * whatever the form (docs/design.md, "Figures"):
 *
 *   £600m, £600 million, GBP 600m, 600 mln stg   Ugbp600m (and U600m)
 *   $600m, US$600m, 600 mln dlrs                 Uusd600m (and U600m)
 *   600m, 600 million                            U600m
 *   76%, 76 pct, 76 per cent                     U76pct
 *   £1,200.50                                    Ugbp1200.5
 *
 * Currency: a symbol (£ $ € ¥, US$ A$ C$ HK$ NZ$ S$) or an ISO code
 * before the number (USD 5, GBP5), or a code or a word after it (dlrs,
 * dollars, stg, sterling, euros, yen). Magnitude: glued m, mn, mln, bn, b,
 * bln, k, tn, trn (any case), or after a space million, mln, mn, billion,
 * bln, bn, thousand, trillion, tn. Percent: %, pct, percent, per cent.
 * Number: digits, thousands separated by commas (dropped), a decimal part
 * (trailing zeros dropped). A number glued to other letters ("600ms",
 * "4th") is no figure.
 */
#ifndef LEDE_FIGURE_H
#define LEDE_FIGURE_H

#include <stddef.h>

#define LEDE_FIGURE_TERM 48

typedef struct lede_figure {
  size_t start, end;            /* the figure's bytes, symbol and unit included */
  char term[LEDE_FIGURE_TERM];  /* "U" currency number unit */
  char plain[LEDE_FIGURE_TERM]; /* "U" number magnitude when a currency came with a
                                 * magnitude (600m whatever the currency), else "" */
} lede_figure_t;

/* Finds the first figure with a unit that starts in text[from, len).
 * Returns 1 and fills *out, or 0 when there is none. */
int ledei_figure_find(lede_figure_t *out, const char *text, size_t len, size_t from);

/* The figure that starts exactly at text[i]: 1 and *out, or 0. */
int ledei_figure_at(lede_figure_t *out, const char *text, size_t len, size_t i);

/* The length of the number at the start of word (a word term as Xapian's
 * TermGenerator writes it: "600", "1,200", "3.5"), 0 when none. */
size_t ledei_figure_number(const char *word, size_t len);

/* The magnitude word[0, len) spells, glued to a number ("m", "bn", "mln")
 * or after one ("million", "mln"), as "m", "bn", "k" or "tn"; NULL for
 * any other word. */
const char *ledei_figure_magnitude(const char *word, size_t len, int glued);

#endif
