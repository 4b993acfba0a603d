/*
 * figure.c - figures with a unit in text (see figure.h).
 */
#include "figure.h"

#include "layout.h"
#include "lede_private.h"

#include <stdio.h>
#include <string.h>

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

static int is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(char c) {
  return is_digit(c) || is_alpha(c);
}

/* A word of a unit and what it stands for. */
typedef struct unit {
  const char *word;
  const char *as;
} unit_t;

/* Glued to the number ("600m", "1.5BN"), any case. */
static const unit_t glued_units[] = {{"m", "m"},    {"mn", "m"},    {"mln", "m"}, {"bn", "bn"},
                                     {"b", "bn"},   {"bln", "bn"},  {"k", "k"},   {"tn", "tn"},
                                     {"trn", "tn"}, {"pct", "pct"}, {NULL, NULL}};
/* After a space ("600 million", "76 per cent"), any case. */
static const unit_t spaced_units[] = {
    {"million", "m"},   {"mln", "m"},        {"mn", "m"},        {"billion", "bn"}, {"bln", "bn"},
    {"bn", "bn"},       {"thousand", "k"},   {"trillion", "tn"}, {"tn", "tn"},      {"pct", "pct"},
    {"percent", "pct"}, {"per cent", "pct"}, {NULL, NULL}};
/* Before the number, as written. */
static const unit_t currency_signs[] = {
    {"US$", "usd"},          {"A$", "aud"},       {"C$", "cad"}, {"HK$", "hkd"},
    {"NZ$", "nzd"},          {"S$", "sgd"},       {"$", "usd"},  {"\xc2\xa3", "gbp"},
    {"\xe2\x82\xac", "eur"}, {"\xc2\xa5", "jpy"}, {NULL, NULL}};
/* ISO codes, before the number (a space between or not) or after it. */
static const unit_t currency_codes[] = {
    {"USD", "usd"}, {"GBP", "gbp"}, {"EUR", "eur"}, {"JPY", "jpy"}, {"CHF", "chf"}, {"CNY", "cny"},
    {"AUD", "aud"}, {"CAD", "cad"}, {"HKD", "hkd"}, {"INR", "inr"}, {NULL, NULL}};
/* After the number and its magnitude, any case (Reuters writes "600 mln dlrs"). */
static const unit_t currency_words[] = {{"dlrs", "usd"},     {"dollars", "usd"}, {"stg", "gbp"},
                                        {"sterling", "gbp"}, {"euros", "eur"},   {"yen", "jpy"},
                                        {NULL, NULL}};

/* Length of word at text[p] (case-insensitive when fold) followed by a
 * word boundary, or 0. */
static size_t word_at(const char *text, size_t len, size_t p, const char *word, int fold) {
  size_t n = strlen(word);
  if (p + n > len)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char a = text[p + i], b = word[i];
    if (fold && a >= 'A' && a <= 'Z')
      a = (char)(a - 'A' + 'a');
    if (a != b)
      return 0;
  }
  return p + n < len && is_alnum(text[p + n]) ? 0 : n;
}

/* The first unit of table at text[p]: its length, *as set; or 0. */
static size_t unit_at(const char *text, size_t len, size_t p, const unit_t *table, int fold,
                      const char **as) {
  for (const unit_t *u = table; u->word; u++) {
    size_t n = word_at(text, len, p, u->word, fold);
    if (n) {
      *as = u->as;
      return n;
    }
  }
  return 0;
}

/* A currency sign or code before the number at text[p]: its length
 * (space included), *as set; or 0. */
static size_t currency_before(const char *text, size_t len, size_t p, const char **as) {
  for (const unit_t *u = currency_signs; u->word; u++) {
    size_t n = strlen(u->word);
    if (p + n < len && memcmp(text + p, u->word, n) == 0 && is_digit(text[p + n])) {
      *as = u->as;
      return n;
    }
  }
  for (const unit_t *u = currency_codes; u->word; u++) {
    if (p + 4 > len || memcmp(text + p, u->word, 3) != 0)
      continue;
    size_t n = text[p + 3] == ' ' ? 4 : 3;
    if (p + n < len && is_digit(text[p + n])) {
      *as = u->as;
      return n;
    }
  }
  return 0;
}

/* Reads the number at text[*p] into num (commas dropped, a decimal part
 * without trailing zeros) and moves *p past it. 0 when too long. */
static int read_number(char *num, size_t cap, const char *text, size_t len, size_t *p) {
  size_t q = *p, n = 0;
  while (q < len && is_digit(text[q])) {
    if (n + 1 >= cap)
      return 0;
    num[n++] = text[q++];
  }
  /* Thousands: a comma and exactly three digits, or a space that groups
   * them ("5 500": ledei_group_space()). */
  for (;;) {
    size_t sep = 0;
    if (q + 3 < len && text[q] == ',' && is_digit(text[q + 1]) && is_digit(text[q + 2]) &&
        is_digit(text[q + 3]) && (q + 4 == len || !is_digit(text[q + 4])))
      sep = 1;
    else
      sep = ledei_group_space(text, len, q);
    if (!sep)
      break;
    if (n + 4 >= cap)
      return 0;
    memcpy(num + n, text + q + sep, 3);
    n += 3;
    q += sep + 3;
  }
  if (q + 1 < len && text[q] == '.' && is_digit(text[q + 1])) {
    size_t dot = n;
    num[n++] = text[q++];
    while (q < len && is_digit(text[q])) {
      if (n + 1 >= cap)
        return 0;
      num[n++] = text[q++];
    }
    while (n > dot + 1 && num[n - 1] == '0')
      n--;
    if (n == dot + 1)
      n = dot;
  }
  num[n] = '\0';
  *p = q;
  return 1;
}

/* The figure starting exactly at text[i], or 0. */
static int figure_at(lede_figure_t *out, const char *text, size_t len, size_t i) {
  const char *cur = NULL, *unit = NULL;
  size_t p = i + currency_before(text, len, i, &cur);
  if (p >= len || !is_digit(text[p]))
    return 0;
  char num[32];
  if (!read_number(num, sizeof num, text, len, &p))
    return 0;
  if (p < len && text[p] == '%') {
    unit = "pct";
    p++;
  } else if (p < len && is_alpha(text[p])) {
    /* Glued letters are a unit or make the whole no figure ("4th"). */
    size_t n = unit_at(text, len, p, glued_units, 1, &unit);
    if (!n)
      return 0;
    p += n;
  } else if (p + 1 < len && text[p] == ' ') {
    size_t n = 1;
    if (text[p + 1] == '%')
      unit = "pct";
    else
      n = unit_at(text, len, p + 1, spaced_units, 1, &unit);
    if (n)
      p += 1 + n;
  }
  if (!cur && !(unit && strcmp(unit, "pct") == 0) && p + 1 < len && text[p] == ' ') {
    size_t n = unit_at(text, len, p + 1, currency_codes, 0, &cur);
    if (!n)
      n = unit_at(text, len, p + 1, currency_words, 1, &cur);
    if (n)
      p += 1 + n;
  }
  if (!cur && !unit)
    return 0;
  int pct = unit && strcmp(unit, "pct") == 0;
  if (pct)
    cur = NULL; /* "USD 5%" is a percentage */
  out->start = i;
  out->end = p;
  snprintf(out->term, sizeof out->term, "%s%s%s%s", LEDE_PREFIX_FIGURE, cur ? cur : "", num,
           unit ? unit : "");
  out->plain[0] = '\0';
  if (cur && unit)
    snprintf(out->plain, sizeof out->plain, "%s%s%s", LEDE_PREFIX_FIGURE, num, unit);
  return 1;
}

int ledei_figure_at(lede_figure_t *out, const char *text, size_t len, size_t i) {
  char c = i < len ? text[i] : '\0';
  if (!is_digit(c) && c != '$' && !(c >= 'A' && c <= 'Z') && c != '\xc2' && c != '\xe2')
    return 0;
  /* Only at the start of a word, and not inside a number ("1.600m"). */
  if (i > 0 && (is_alnum(text[i - 1]) ||
                ((text[i - 1] == '.' || text[i - 1] == ',') && i > 1 && is_digit(text[i - 2]))))
    return 0;
  return figure_at(out, text, len, i);
}

int ledei_figure_find(lede_figure_t *out, const char *text, size_t len, size_t from) {
  for (size_t i = from; i < len; i++)
    if (ledei_figure_at(out, text, len, i))
      return 1;
  return 0;
}

size_t ledei_figure_number(const char *word, size_t len) {
  size_t p = 0;
  while (p < len && (is_digit(word[p]) || ((word[p] == '.' || word[p] == ',') && p > 0 &&
                                           p + 1 < len && is_digit(word[p + 1]))))
    p++;
  return p;
}

const char *ledei_figure_magnitude(const char *word, size_t len, int glued) {
  const char *unit = NULL;
  const unit_t *table = glued ? glued_units : spaced_units;
  if (unit_at(word, len, 0, table, 0, &unit) != len || strcmp(unit, "pct") == 0)
    return NULL;
  return unit;
}
