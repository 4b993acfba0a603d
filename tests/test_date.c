/*
 * test_date.c - unit tests of ledei_date_parse() (lib/date.c): every accepted
 * form, times of day after a date, calendar checks and the inputs that must
 * not be read as dates.
 */
#include "check.h"
#include "lede_private.h"

#include <string.h>

/* The ISO form ledei_date_parse() gives for s, or NULL when it refuses s. */
static const char *parse(const char *s) {
  static char out[11];
  memset(out, 'x', sizeof out);
  return ledei_date_parse(out, s, strlen(s)) ? out : NULL;
}

/* Month-first forms with full and abbreviated month names. */
static void test_month_first(void) {
  CHECK_STR(parse("November 9, 2023"), "2023-11-09");
  CHECK_STR(parse("Nov. 9, 2023"), "2023-11-09");
  CHECK_STR(parse("Nov 9, 2023"), "2023-11-09");
  CHECK_STR(parse("Nov 9 2023"), "2023-11-09");
  CHECK_STR(parse("November 09, 2023"), "2023-11-09");
  CHECK_STR(parse("November 9th, 2023"), "2023-11-09");
  CHECK_STR(parse("Sept. 1, 2023"), "2023-09-01");
  CHECK_STR(parse("SEPTEMBER 30, 2023"), "2023-09-30");
  CHECK_STR(parse("may 1, 2023"), "2023-05-01");
  CHECK_STR(parse("Feb-26-1987"), "1987-02-26");
}

/* Day-first forms. */
static void test_day_first(void) {
  CHECK_STR(parse("9 November 2023"), "2023-11-09");
  CHECK_STR(parse("9 Nov 2023"), "2023-11-09");
  CHECK_STR(parse("9 Nov. 2023"), "2023-11-09");
  CHECK_STR(parse("09 November, 2023"), "2023-11-09");
  CHECK_STR(parse("1st of March 2021"), "2021-03-01");
  CHECK_STR(parse("26-FEB-1987"), "1987-02-26");
  CHECK_STR(parse("9-Nov-2023"), "2023-11-09");
}

/* Day-first dates in French, German, Spanish, Italian, Portuguese and
 * Dutch; their month names are not read month-first. */
static void test_other_languages(void) {
  CHECK_STR(parse("3 octobre 2024"), "2024-10-03");
  CHECK_STR(parse("1er f\xC3\xA9vrier 2024"), "2024-02-01");
  CHECK_STR(parse("jeudi 15 ao\xC3\xBBt 2024"), "2024-08-15");
  CHECK_STR(parse("3. Oktober 2024"), "2024-10-03");
  CHECK_STR(parse("Donnerstag, 7. M\xC3\xA4rz 2024"), "2024-03-07");
  CHECK_STR(parse("3 de octubre de 2024"), "2024-10-03");
  CHECK_STR(parse("mi\xC3\xA9rcoles, 2 de octubre de 2024"), "2024-10-02");
  CHECK_STR(parse("12 dicembre 2023"), "2023-12-12");
  CHECK_STR(parse("5 de mar\xC3\xA7o de 2024 10:30"), "2024-03-05");
  CHECK_STR(parse("5 maart 2024"), "2024-03-05");
  CHECK_STR(parse("Octobre 3, 2024"), NULL); /* month-first: English only */
  CHECK_STR(parse("3. 10 2024"), NULL);
}

/* Year-first numeric forms. */
static void test_iso(void) {
  CHECK_STR(parse("2023-11-09"), "2023-11-09");
  CHECK_STR(parse("2023/11/09"), "2023-11-09");
  CHECK_STR(parse("2023.11.9"), "2023-11-09");
  CHECK_STR(parse("2023-11-09T10:30:00Z"), "2023-11-09");
  CHECK_STR(parse("2023-11-09T10:30:00+09:00"), "2023-11-09");
  CHECK_STR(parse("2023-11-09 10:30:00.123-0500"), "2023-11-09");
  CHECK_STR(parse("2023-11-09 - 2023-11-10"), NULL);
}

/* A leading weekday, in full or abbreviated. */
static void test_weekday(void) {
  CHECK_STR(parse("Thursday, November 9, 2023"), "2023-11-09");
  CHECK_STR(parse("Thu, 09 Nov 2023 10:30:00 +0000"), "2023-11-09");
  CHECK_STR(parse("Thurs. Nov. 9, 2023"), "2023-11-09");
  CHECK_STR(parse("Thursday 9 November 2023"), "2023-11-09");
  CHECK_STR(parse("Thursday"), NULL);
  CHECK_STR(parse("Thursday, November 2023"), NULL);
}

/* A time of day may follow the date. */
static void test_times(void) {
  CHECK_STR(parse("November 9, 2023 10:30 AM"), "2023-11-09");
  CHECK_STR(parse("November 9, 2023, 10:30 a.m. EST"), "2023-11-09");
  CHECK_STR(parse("November 9, 2023 at 4:05 pm ET"), "2023-11-09");
  CHECK_STR(parse("Nov 9, 2023 | 10:30 (KST)"), "2023-11-09");
  CHECK_STR(parse("November 9, 2023 - 22:15 GMT+1"), "2023-11-09");
  CHECK_STR(parse("26-FEB-1987 15:01:01.79"), "1987-02-26");
  CHECK_STR(parse("November 9, 2023 25:00"), NULL);
  CHECK_STR(parse("November 9, 2023 13:00 PM"), NULL);
  CHECK_STR(parse("November 9, 2023 10:7"), NULL);
  CHECK_STR(parse("November 9, 2023 10:30 AM and more"), NULL);
  /* British papers write 14.32. */
  CHECK_STR(parse("Thu 9 Nov 2023 14.32 GMT"), "2023-11-09");
  CHECK_STR(parse("9 Nov 2023 14.3"), NULL);
  CHECK_STR(parse("9 Nov 2023 24.30"), NULL);
  CHECK_STR(parse("February 1, 2016: 12:41 PM ET"), "2016-02-01");
}

/* Web pages may print the time of day first. */
static void test_time_first(void) {
  CHECK_STR(parse("2:30 PM EDT, Thu March 14, 2024"), "2024-03-14");
  CHECK_STR(parse("10:30 GMT 9 Nov 2023"), "2023-11-09");
  CHECK_STR(parse("14:30 on 9 November 2023"), "2023-11-09");
  CHECK_STR(parse("8:00 a.m. | Nov. 9, 2023"), "2023-11-09");
  CHECK_STR(parse("2:30 PM EDT"), NULL);
  CHECK_STR(parse("2:30 PM EDT, Thu"), NULL);
  CHECK_STR(parse("25:00 9 Nov 2023"), NULL);
  CHECK_STR(parse("13:00 PM 9 Nov 2023"), NULL);
  /* A dotted time is read only after the date: these stay numeric dates. */
  CHECK_STR(parse("29.11.2023"), "2023-11-29");
  CHECK_STR(parse("11.09.2023"), NULL);
}

/* Numeric year-last forms: only when they read one way. */
static void test_numeric(void) {
  CHECK_STR(parse("11/29/2023"), "2023-11-29");
  CHECK_STR(parse("29/11/2023"), "2023-11-29");
  CHECK_STR(parse("29.11.2023"), "2023-11-29");
  CHECK_STR(parse("5/5/2023"), "2023-05-05");
  CHECK_STR(parse("11/09/2023"), NULL); /* November 9 or 11 September */
  CHECK_STR(parse("1/2/2023"), NULL);
  CHECK_STR(parse("13/13/2023"), NULL);
  CHECK_STR(parse("11/29/23"), NULL); /* two-digit years are not dates */
  CHECK_STR(parse("11/29-2023"), NULL);
}

/* The calendar is checked, leap years included. */
static void test_calendar(void) {
  CHECK_STR(parse("February 29, 2024"), "2024-02-29");
  CHECK_STR(parse("2000-02-29"), "2000-02-29");
  CHECK_STR(parse("February 29, 2023"), NULL);
  CHECK_STR(parse("1900-02-29"), NULL);
  CHECK_STR(parse("Feb 30, 2024"), NULL);
  CHECK_STR(parse("April 31, 2023"), NULL);
  CHECK_STR(parse("2023-13-01"), NULL);
  CHECK_STR(parse("2023-00-10"), NULL);
  CHECK_STR(parse("November 0, 2023"), NULL);
  CHECK_STR(parse("0999-01-01"), NULL);
}

/* Inputs that are not (only) a date. */
static void test_rejections(void) {
  CHECK_STR(parse(""), NULL);
  CHECK_STR(parse("   "), NULL);
  CHECK_STR(parse("November 9, 2023 was a cold day in Seoul."), NULL);
  CHECK_STR(parse("On November 9, 2023"), NULL);
  CHECK_STR(parse("November 2023"), NULL);
  CHECK_STR(parse("Novembre 9, 2023"), NULL);
  CHECK_STR(parse("Nov.. 9, 2023"), NULL);
  CHECK_STR(parse("November 9, 20234"), NULL);
  CHECK_STR(parse("SEOUL - November 9, 2023"), NULL);
  CHECK_STR(parse("123-11-09"), NULL);
  CHECK_STR(parse("2023-11-09x"), NULL);
  CHECK(ledei_date_parse((char[11]){0}, NULL, 0) == 0);
}

/* Surrounding space, no-break spaces, and lengths that cut the string. */
static void test_spacing_and_length(void) {
  CHECK_STR(parse("  November 9, 2023 \r\n"), "2023-11-09");
  CHECK_STR(parse("Nov.\xC2\xA0"
                  "9,\xC2\xA0"
                  "2023"),
            "2023-11-09");
  char out[11];
  const char *s = "2023-11-09 and then some";
  CHECK_INT(ledei_date_parse(out, s, 10), 1);
  CHECK_STR(out, "2023-11-09");
  CHECK_INT(ledei_date_parse(out, s, 9), 0);
  /* Bytes past len are never read: a date cut short fails. */
  const char cut[] = {'N', 'o', 'v', ' ', '9', ',', ' ', '2', '0', '2'};
  CHECK_INT(ledei_date_parse(out, cut, sizeof cut), 0);
  /* NUL and invalid UTF-8 are simply not dates. */
  CHECK_INT(ledei_date_parse(out, "2023-11-09\0", 11), 0);
  CHECK_STR(parse("\xFF"
                  "2023-11-09"),
            NULL);
}

int main(void) {
  RUN(test_month_first);
  RUN(test_day_first);
  RUN(test_other_languages);
  RUN(test_iso);
  RUN(test_weekday);
  RUN(test_times);
  RUN(test_time_first);
  RUN(test_numeric);
  RUN(test_calendar);
  RUN(test_rejections);
  RUN(test_spacing_and_length);
  return check_summary();
}
