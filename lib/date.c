/*
 * date.c - reads the dates news articles print ("November 9, 2023",
 * "9 Nov 2023", "2023-11-09", "Thursday, November 9, 2023 10:30 AM", ...)
 * into ISO 8601 "YYYY-MM-DD".
 *
 * The parser is a hand-written cursor over the bytes: a date must make up the
 * whole input (white space around it and a trailing time of day allowed), so
 * text that merely starts with a date is not one. Numeric day/month forms are
 * accepted only when they can be read one way, and every date is checked
 * against the calendar.
 */
#include "lede_private.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* A read position in the input [s, s+len). */
typedef struct cursor {
  const char *s;
  size_t len;
  size_t i;
} cursor_t;

/* Month names and their abbreviations, lower case; "sept" is common too. */
static const struct {
  const char *name;
  int month;
  int abbrev; /* 1: an abbreviation, which may be followed by '.'; 2: a
                 name of another language, read only day-first */
} month_names[] = {
    {"january", 1, 0},
    {"february", 2, 0},
    {"march", 3, 0},
    {"april", 4, 0},
    {"may", 5, 0},
    {"june", 6, 0},
    {"july", 7, 0},
    {"august", 8, 0},
    {"september", 9, 0},
    {"october", 10, 0},
    {"november", 11, 0},
    {"december", 12, 0},
    {"jan", 1, 1},
    {"feb", 2, 1},
    {"mar", 3, 1},
    {"apr", 4, 1},
    {"jun", 6, 1},
    {"jul", 7, 1},
    {"aug", 8, 1},
    {"sep", 9, 1},
    {"sept", 9, 1},
    {"oct", 10, 1},
    {"nov", 11, 1},
    {"dec", 12, 1},
    /* French, German, Spanish, Italian, Portuguese and Dutch, day-first
     * ("3 octobre 2024", "3. Oktober 2024", "3 de octubre de 2024"). */
    {"janvier", 1, 2},
    {"f\xC3\xA9vrier", 2, 2},
    {"fevrier", 2, 2},
    {"mars", 3, 2},
    {"avril", 4, 2},
    {"mai", 5, 2},
    {"juin", 6, 2},
    {"juillet", 7, 2},
    {"ao\xC3\xBBt", 8, 2},
    {"aout", 8, 2},
    {"septembre", 9, 2},
    {"octobre", 10, 2},
    {"novembre", 11, 2},
    {"d\xC3\xA9\x63\x65mbre", 12, 2},
    {"decembre", 12, 2},
    {"januar", 1, 2},
    {"j\xC3\xA4nner", 1, 2},
    {"februar", 2, 2},
    {"m\xC3\xA4rz", 3, 2},
    {"maerz", 3, 2},
    {"juni", 6, 2},
    {"juli", 7, 2},
    {"oktober", 10, 2},
    {"dezember", 12, 2},
    {"enero", 1, 2},
    {"febrero", 2, 2},
    {"marzo", 3, 2},
    {"abril", 4, 2},
    {"mayo", 5, 2},
    {"junio", 6, 2},
    {"julio", 7, 2},
    {"agosto", 8, 2},
    {"septiembre", 9, 2},
    {"setiembre", 9, 2},
    {"octubre", 10, 2},
    {"noviembre", 11, 2},
    {"diciembre", 12, 2},
    {"gennaio", 1, 2},
    {"febbraio", 2, 2},
    {"aprile", 4, 2},
    {"maggio", 5, 2},
    {"giugno", 6, 2},
    {"luglio", 7, 2},
    {"settembre", 9, 2},
    {"ottobre", 10, 2},
    {"dicembre", 12, 2},
    {"janeiro", 1, 2},
    {"fevereiro", 2, 2},
    {"mar\xC3\xA7o", 3, 2},
    {"maio", 5, 2},
    {"junho", 6, 2},
    {"julho", 7, 2},
    {"setembro", 9, 2},
    {"outubro", 10, 2},
    {"novembro", 11, 2},
    {"dezembro", 12, 2},
    {"januari", 1, 2},
    {"februari", 2, 2},
    {"maart", 3, 2},
    {"mei", 5, 2},
    {"augustus", 8, 2},
};

/* Weekday names and the abbreviations newspapers use. */
static const char *const weekday_names[] = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    /* French, German, Spanish, Italian */
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lunes",
    "martes",
    "mi\xC3\xA9rcoles",
    "miercoles",
    "jueves",
    "viernes",
    "s\xC3\xA1\x62\x61\x64o",
    "sabado",
    "domingo",
    "luned\xC3\xAC",
    "marted\xC3\xAC",
    "mercoled\xC3\xAC",
    "gioved\xC3\xAC",
    "venerd\xC3\xAC",
    "sabato",
    "domenica",
};

/* The byte at the cursor, or 0 at the end. */
static int peek(const cursor_t *c) {
  return c->i < c->len ? (unsigned char)c->s[c->i] : 0;
}

/* 1 if c is an ASCII digit. */
static int is_digit(int c) {
  return c >= '0' && c <= '9';
}

/* 1 if c is an ASCII letter. */
static int is_alpha(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ASCII lower case of c. */
static int to_lower(int c) {
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Length of the white space (ASCII blanks or a UTF-8 no-break space) at
 * position i of the input, 0 if none. */
static size_t space_at(const char *s, size_t len, size_t i) {
  if (i >= len)
    return 0;
  unsigned char c = (unsigned char)s[i];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')
    return 1;
  if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0)
    return 2;
  return 0;
}

/* Skips white space; returns 1 if there was any. */
static int skip_spaces(cursor_t *c) {
  size_t start = c->i, k;
  while ((k = space_at(c->s, c->len, c->i)) > 0)
    c->i += k;
  return c->i > start;
}

/* Consumes byte ch if it is next; returns 1 if it was. */
static int accept(cursor_t *c, int ch) {
  if (peek(c) != ch)
    return 0;
  c->i++;
  return 1;
}

/* Reads a run of 1 to max_digits digits that is not followed by another digit
 * into *out. Returns the number of digits read, 0 (cursor unchanged) if the
 * run is missing or too long. */
static int read_number(cursor_t *c, int max_digits, int *out) {
  size_t j = c->i;
  int v = 0, n = 0;
  while (j < c->len && is_digit((unsigned char)c->s[j])) {
    if (++n > max_digits)
      return 0;
    v = v * 10 + (c->s[j] - '0');
    j++;
  }
  if (n == 0)
    return 0;
  c->i = j;
  *out = v;
  return n;
}

/* Reads a four-digit year. */
static int read_year(cursor_t *c, int *out) {
  cursor_t t = *c;
  if (read_number(&t, 4, out) != 4)
    return 0;
  *c = t;
  return 1;
}

/* Length of the run of letters at the cursor: ASCII ones, and the bytes
 * of UTF-8 characters beyond ASCII ("février", "März"). */
static size_t word_len(const cursor_t *c) {
  size_t n = 0;
  while (c->i + n < c->len &&
         (is_alpha((unsigned char)c->s[c->i + n]) || (unsigned char)c->s[c->i + n] >= 0x80))
    n++;
  return n;
}

/* 1 if the n letters at s spell name (lower case), ignoring case. */
static int word_is(const char *s, size_t n, const char *name) {
  if (strlen(name) != n)
    return 0;
  for (size_t k = 0; k < n; k++)
    if (to_lower((unsigned char)s[k]) != (unsigned char)name[k])
      return 0;
  return 1;
}

/* Reads a month name or abbreviation (an abbreviation may end with '.') into
 * *out (1-12); with foreign set, also another language's name. Returns 1 on
 * success, 0 with the cursor unchanged otherwise. */
static int read_month(cursor_t *c, int *out, int foreign) {
  size_t n = word_len(c);
  for (size_t k = 0; k < sizeof month_names / sizeof month_names[0]; k++) {
    if ((foreign || month_names[k].abbrev != 2) && word_is(c->s + c->i, n, month_names[k].name)) {
      c->i += n;
      if (month_names[k].abbrev == 1)
        accept(c, '.');
      *out = month_names[k].month;
      return 1;
    }
  }
  return 0;
}

/* Skips a leading weekday ("Thursday, ", "Thu. ", "Thu,") if there is one. */
static void skip_weekday(cursor_t *c) {
  size_t n = word_len(c);
  for (size_t k = 0; k < sizeof weekday_names / sizeof weekday_names[0]; k++) {
    if (word_is(c->s + c->i, n, weekday_names[k])) {
      cursor_t t = *c;
      t.i += n;
      accept(&t, '.');
      int comma = accept(&t, ',');
      if (skip_spaces(&t) || comma)
        *c = t;
      return;
    }
  }
}

/* Skips an ordinal suffix after a day number ("9th", "1st", "22nd", the
 * French "1er"), or the German ordinal's period before a space ("3. "). */
static void skip_ordinal(cursor_t *c) {
  size_t n = word_len(c);
  const char *w = c->s + c->i;
  if (word_is(w, n, "st") || word_is(w, n, "nd") || word_is(w, n, "rd") || word_is(w, n, "th") ||
      word_is(w, n, "er"))
    c->i += n;
  else if (peek(c) == '.' && space_at(c->s, c->len, c->i + 1))
    c->i++;
}

/* Skips the Spanish and Portuguese "de" before a month or a year ("3 de
 * octubre de 2024"), with the space after it. */
static void skip_de(cursor_t *c) {
  cursor_t t = *c;
  if (word_len(&t) == 2 && word_is(t.s + t.i, 2, "de")) {
    t.i += 2;
    if (skip_spaces(&t))
      *c = t;
  }
}

/* Number of days in month m (1-12) of year y, Gregorian calendar. */
static int days_in_month(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return days[m - 1];
}

/* 1 if y-m-d is a real calendar date in the years lede accepts (1000-2999). */
static int valid_date(int y, int m, int d) {
  return y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* Reads a time-zone designator: "Z", "+09:00", "-0500", "UTC", "EST",
 * "GMT+9", "(KST)". Returns 1 if one was read. */
static int read_zone(cursor_t *c) {
  cursor_t t = *c;
  int paren = accept(&t, '(');
  int v;
  if (accept(&t, '+') || accept(&t, '-')) {
    int n = read_number(&t, 4, &v);
    if (n == 0)
      return 0;
    if (n <= 2 && accept(&t, ':') && read_number(&t, 2, &v) != 2)
      return 0;
  } else {
    size_t n = 0;
    while (t.i + n < t.len && t.s[t.i + n] >= 'A' && t.s[t.i + n] <= 'Z')
      n++;
    if (n < 1 || n > 5)
      return 0;
    t.i += n;
    if (peek(&t) == '+' || peek(&t) == '-') {
      t.i++;
      if (read_number(&t, 2, &v) == 0)
        return 0;
      if (accept(&t, ':') && read_number(&t, 2, &v) != 2)
        return 0;
    }
  }
  if (paren && !accept(&t, ')'))
    return 0;
  *c = t;
  return 1;
}

/* Reads "am", "pm", "a.m." or "p.m." in any case; returns 1 if read. */
static int read_meridiem(cursor_t *c) {
  cursor_t t = *c;
  int ch = to_lower(peek(&t));
  if (ch != 'a' && ch != 'p')
    return 0;
  t.i++;
  int dot = accept(&t, '.');
  if (to_lower(peek(&t)) != 'm')
    return 0;
  t.i++;
  if (dot && !accept(&t, '.'))
    return 0;
  if (is_alpha(peek(&t)))
    return 0;
  *c = t;
  return 1;
}

/* Reads a time of day: "10:30", "10:30:15.79", "4:05 p.m.", "22:15 GMT+1",
 * "2:30 PM EDT"; with dot_ok also "14.30" (British papers). Returns 1 and
 * moves the cursor past it (and the space after it) when there is one. */
static int read_clock(cursor_t *c, int dot_ok) {
  cursor_t t = *c;
  int h, m, sec;
  if (read_number(&t, 2, &h) == 0)
    return 0;
  if (!accept(&t, ':') && !(dot_ok && accept(&t, '.')))
    return 0;
  if (read_number(&t, 2, &m) != 2 || m > 59)
    return 0;
  if (accept(&t, ':')) {
    if (read_number(&t, 2, &sec) != 2 || sec > 60)
      return 0;
    if (accept(&t, '.') && !read_number(&t, 9, &sec))
      return 0;
  }
  skip_spaces(&t);
  if (read_meridiem(&t)) {
    if (h < 1 || h > 12)
      return 0;
    skip_spaces(&t);
  } else if (h > 23) {
    return 0;
  }
  if (t.i < t.len && read_zone(&t))
    skip_spaces(&t);
  *c = t;
  return 1;
}

/* Accepts what may follow a date: nothing, or a time of day ("10:30",
 * "10:30 AM", "15:01:01.79", "T10:30:00Z", ", 10:30 a.m. EST") after an
 * optional separator. Returns 1 if the rest of the input is such a tail. */
static int time_tail(cursor_t *c) {
  skip_spaces(c);
  if (c->i == c->len)
    return 1;
  if (accept(c, ',') || accept(c, '|') || accept(c, '-') || accept(c, 'T') || accept(c, ':')) {
    skip_spaces(c);
  } else if (word_len(c) == 2 && word_is(c->s + c->i, 2, "at")) {
    c->i += 2;
    skip_spaces(c);
  } else if (c->len - c->i >= 3 && (memcmp(c->s + c->i, "\xE2\x80\x93", 3) == 0 ||
                                    memcmp(c->s + c->i, "\xE2\x80\x94", 3) == 0)) {
    c->i += 3;
    skip_spaces(c);
  }
  return read_clock(c, 1) && c->i == c->len;
}

/* Skips a time of day written before the date ("2:30 PM EDT, Thu March 14,
 * 2024", "10:30 GMT 9 Nov 2023") with the comma or "on" after it. */
static void skip_lead_time(cursor_t *c) {
  cursor_t t = *c;
  if (!read_clock(&t, 0))
    return;
  if (accept(&t, ',') || accept(&t, '|'))
    skip_spaces(&t);
  else if (word_len(&t) == 2 && word_is(t.s + t.i, 2, "on"))
    t.i += 2, skip_spaces(&t);
  *c = t;
}

/* Reads a year-first numeric date: 2023-11-09, 2023/11/09, 2023.11.09. */
static int year_first(cursor_t *c, int *y, int *m, int *d) {
  cursor_t t = *c;
  if (!read_year(&t, y))
    return 0;
  int sep = peek(&t);
  if (sep != '-' && sep != '/' && sep != '.')
    return 0;
  t.i++;
  if (!read_number(&t, 2, m) || !accept(&t, sep) || !read_number(&t, 2, d))
    return 0;
  *c = t;
  return 1;
}

/* Reads an all-numeric date with the year last (11/29/2023, 29.11.2023,
 * 29-11-2023). Month-first and day-first are both common, so it is accepted
 * only when one reading is impossible (a number above 12) or both readings
 * give the same date. */
static int numeric_year_last(cursor_t *c, int *y, int *m, int *d) {
  cursor_t t = *c;
  int a, b;
  if (!read_number(&t, 2, &a))
    return 0;
  int sep = peek(&t);
  if (sep != '-' && sep != '/' && sep != '.')
    return 0;
  t.i++;
  if (!read_number(&t, 2, &b) || !accept(&t, sep) || !read_year(&t, y))
    return 0;
  if (a > 12 && b <= 12) {
    *d = a, *m = b;
  } else if (b > 12 && a <= 12) {
    *m = a, *d = b;
  } else if (a == b) {
    *m = a, *d = b;
  } else {
    return 0; /* ambiguous (11/09/2023) or impossible (13/13/2023) */
  }
  *c = t;
  return 1;
}

/* Reads a day-first date with a month name: "9 November 2023", "9 Nov. 2023",
 * "09-Nov-2023", "26-FEB-1987", "9th of November, 2023". */
static int day_first(cursor_t *c, int *y, int *m, int *d) {
  cursor_t t = *c;
  if (!read_number(&t, 2, d))
    return 0;
  skip_ordinal(&t);
  int dash = accept(&t, '-');
  if (!dash && !skip_spaces(&t))
    return 0;
  if (!dash && word_len(&t) == 2 && word_is(t.s + t.i, 2, "of")) {
    t.i += 2;
    if (!skip_spaces(&t))
      return 0;
  }
  if (!dash)
    skip_de(&t);
  if (!read_month(&t, m, 1))
    return 0;
  if (dash) {
    if (!accept(&t, '-'))
      return 0;
  } else {
    int comma = accept(&t, ',');
    if (!skip_spaces(&t) && !comma)
      return 0;
    skip_de(&t);
  }
  if (!read_year(&t, y))
    return 0;
  *c = t;
  return 1;
}

/* Reads a month-first date with a month name: "November 9, 2023",
 * "Nov. 9, 2023", "Nov 9 2023", "November 9th, 2023", "Nov-09-2023". */
static int month_first(cursor_t *c, int *y, int *m, int *d) {
  cursor_t t = *c;
  if (!read_month(&t, m, 0))
    return 0;
  int dash = accept(&t, '-');
  if (!dash && !skip_spaces(&t))
    return 0;
  if (!read_number(&t, 2, d))
    return 0;
  skip_ordinal(&t);
  if (dash) {
    if (!accept(&t, '-'))
      return 0;
  } else {
    int comma = accept(&t, ',');
    if (!skip_spaces(&t) && !comma)
      return 0;
  }
  if (!read_year(&t, y))
    return 0;
  *c = t;
  return 1;
}

/* Writes v as n decimal digits (zero-padded) at out. */
static void put_digits(char *out, int v, int n) {
  for (int k = n - 1; k >= 0; k--) {
    out[k] = (char)('0' + v % 10);
    v /= 10;
  }
}

/* Parses a date that makes up the whole of [s, s+len); see lede.h. */
int ledei_date_parse(char out[11], const char *s, size_t len) {
  if (!s)
    return 0;
  cursor_t c = {s, len, 0};
  int y = 0, m = 0, d = 0;
  skip_spaces(&c);
  skip_lead_time(&c);
  skip_weekday(&c);
  int ok;
  if (is_digit(peek(&c)))
    ok = year_first(&c, &y, &m, &d) || day_first(&c, &y, &m, &d) ||
         numeric_year_last(&c, &y, &m, &d);
  else
    ok = month_first(&c, &y, &m, &d);
  if (!ok || !valid_date(y, m, d) || !time_tail(&c))
    return 0;
  put_digits(out, y, 4);
  out[4] = '-';
  put_digits(out + 5, m, 2);
  out[7] = '-';
  put_digits(out + 8, d, 2);
  out[10] = '\0';
  return 1;
}

/* ---- dates in queries and options: years, months, days ---- */

/* Reads n digits at s as a number; -1 when they are not all digits. */
static int read_digits(const char *s, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/* A date or a partial one, for queries and --since/--until; see lede.h. */
int ledei_date_partial(const char *s, size_t len, int *y, int *m, int *d) {
  while (len && (*s == ' ' || *s == '\t'))
    s++, len--;
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
    len--;
  *y = *m = *d = 0;
  if (len == 4 || len == 7) {
    *y = read_digits(s, 4);
    if (*y < 0)
      return 0;
    if (len == 4)
      return 1;
    *m = s[4] == '-' ? read_digits(s + 5, 2) : -1;
    return *m >= 1 && *m <= 12 ? 2 : 0;
  }
  char iso[11];
  if (!ledei_date_parse(iso, s, len))
    return 0;
  *y = read_digits(iso, 4), *m = read_digits(iso + 5, 2), *d = read_digits(iso + 8, 2);
  return *y >= 0 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m) ? 3 : 0;
}

int ledei_date_bound(char out[11], const char *s, size_t len, int last) {
  int y, m, d;
  int prec = ledei_date_partial(s, len, &y, &m, &d);
  if (!prec)
    return 0;
  if (prec < 2)
    m = last ? 12 : 1;
  if (prec < 3)
    d = last ? days_in_month(y, m) : 1;
  snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
  return 1;
}

/* ---- periods of a timeline ---- */

/* Days since 1970-01-01 of a Gregorian date (negative before it). */
static long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;                                  /* [0, 399] */
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

/* The date of a day count from days_from_civil(). */
static void civil_from_days(long z, int *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Reads "YYYY-MM-DD" or "YYYYMMDD" into y, m, d; 0 when it is neither. */
static int read_ymd(const char *s, int *y, int *m, int *d) {
  size_t n = strlen(s);
  int dash = n == 10 && s[4] == '-' && s[7] == '-';
  if (!dash && n != 8)
    return 0;
  const char *ms = s + (dash ? 5 : 4), *ds = s + (dash ? 8 : 6);
  for (int i = 0; i < 4; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  for (int i = 0; i < 2; i++)
    if (ms[i] < '0' || ms[i] > '9' || ds[i] < '0' || ds[i] > '9')
      return 0;
  *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  *m = (ms[0] - '0') * 10 + (ms[1] - '0');
  *d = (ds[0] - '0') * 10 + (ds[1] - '0');
  return *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}

int ledei_date_period(char out[11], const char *date, lede_unit_t unit) {
  int y, m, d;
  if (!read_ymd(date, &y, &m, &d))
    return 0;
  switch (unit) {
  case LEDE_UNIT_YEAR: m = 1; /* fall through */
  case LEDE_UNIT_MONTH: d = 1; break;
  case LEDE_UNIT_WEEK: {
    long days = days_from_civil(y, m, d);
    long monday = days - ((days % 7 + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
    civil_from_days(monday, &y, &m, &d);
    break;
  }
  case LEDE_UNIT_DAY: break;
  }
  snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
  return 1;
}

int ledei_date_next_period(char out[11], const char *start, lede_unit_t unit) {
  int y, m, d;
  if (!read_ymd(start, &y, &m, &d))
    return 0;
  switch (unit) {
  case LEDE_UNIT_YEAR: y++; break;
  case LEDE_UNIT_MONTH:
    if (++m > 12)
      m = 1, y++;
    break;
  case LEDE_UNIT_WEEK:
  case LEDE_UNIT_DAY:
    civil_from_days(days_from_civil(y, m, d) + (unit == LEDE_UNIT_WEEK ? 7 : 1), &y, &m, &d);
    break;
  }
  snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
  return 1;
}

const char *lede_unit_name(lede_unit_t unit) {
  switch (unit) {
  case LEDE_UNIT_DAY: return "day";
  case LEDE_UNIT_WEEK: return "week";
  case LEDE_UNIT_MONTH: return "month";
  case LEDE_UNIT_YEAR: return "year";
  }
  return "unknown unit";
}
