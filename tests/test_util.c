/* test_util.c - errors, UTF-8 handling, hashing, file reading. */
#include "check.h"
#include "lede_private.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_errors(void) {
  CHECK_INT(ledei_error(LEDE_ERR_IO, "%s: %d", "file", 7), LEDE_ERR_IO);
  CHECK_STR(lede_last_error(), "file: 7");
  CHECK_STR(lede_status_to_string(LEDE_OK), "success");
  CHECK_STR(lede_status_to_string(LEDE_ERR_LOCKED), "index is locked by another writer");
}

static void test_utf8(void) {
  CHECK(ledei_utf8_valid("caf\xc3\xa9", 5));
  CHECK(!ledei_utf8_valid("caf\xe9", 4));      /* Latin-1 byte */
  CHECK(!ledei_utf8_valid("\xc0\xaf", 2));     /* overlong */
  CHECK(!ledei_utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
  CHECK(!ledei_utf8_valid("a\0b", 3));         /* NUL */
  char *s = ledei_utf8_sanitize("\xa3"
                                "5 a\0b",
                                6);
  CHECK_STR(s, "\xef\xbf\xbd"
               "5 a b");
  free(s);
  s = ledei_utf8_sanitize("\xe2\x80", 2); /* truncated sequence */
  CHECK_STR(s, "\xef\xbf\xbd\xef\xbf\xbd");
  free(s);
}

/* Terminal-safe text: controls and invalid UTF-8 escaped, the rest as is. */
static void test_escape(void) {
  char *s = ledei_escape("a\nb\tc\rd\x1b[31m\x7f");
  CHECK_STR(s, "a\\nb\\tc\\rd\\x1B[31m\\x7F");
  free(s);
  s = ledei_escape("caf\xc3\xa9 \\ \"q\" \xe2\x82\xac"); /* UTF-8, backslash, quotes kept */
  CHECK_STR(s, "caf\xc3\xa9 \\ \"q\" \xe2\x82\xac");
  free(s);
  s = ledei_escape("\xc2\x9b" /* C1 CSI */ "\xe9" /* Latin-1 */ "\xed\xa0\x80" /* surrogate */);
  CHECK_STR(s, "\\xC2\\x9B\\xE9\\xED\\xA0\\x80");
  free(s);
  s = ledei_escape_n("x\0y\xe2\x82", 5); /* NUL, truncated sequence */
  CHECK_STR(s, "x\\x00y\\xE2\\x82");
  free(s);
  s = ledei_escape(NULL);
  CHECK_STR(s, "");
  free(s);
}

static void test_hash(void) {
  char a[17], b[17];
  ledei_hash_hex(a, "abc", 3);
  ledei_hash_hex(b, "abd", 3);
  CHECK_INT(strlen(a), 16);
  CHECK(strcmp(a, b) != 0);
  CHECK(ledei_hash64("", 0) == 0xcbf29ce484222325ULL);
}

static void test_read_file(void) {
  char *path = check_tmp_path("lede-util-XXXXXX");
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  CHECK_INT(write(fd, "hello\0x", 7), 7);
  close(fd);
  char *buf;
  size_t len;
  CHECK_INT(ledei_read_file(&buf, &len, path), LEDE_OK);
  CHECK_INT(len, 7);
  CHECK(memcmp(buf, "hello\0x", 7) == 0 && buf[7] == '\0');
  free(buf);
  unlink(path);
  CHECK_INT(ledei_read_file(&buf, &len, path), LEDE_ERR_IO);
  CHECK(strstr(lede_last_error(), path) != NULL);
  free(path);
}

/* A FIFO (or a link to one) swapped in for an article after the walk: the
 * read fails at once, naming the file, rather than blocking in open(). */
static void test_read_special(void) {
  char *dir = check_tmp_path("lede-util-XXXXXX");
  CHECK(mkdtemp(dir) != NULL);
  char *fifo = check_printf("%s/pipe.txt", dir);
  CHECK_INT(mkfifo(fifo, 0600), 0);
  alarm(20); /* a hang fails the test instead of stalling it */
  char *buf;
  size_t len;
  CHECK_INT(ledei_read_file(&buf, &len, fifo), LEDE_ERR_IO);
  CHECK(strstr(lede_last_error(), "pipe.txt: not a regular file") != NULL);
  CHECK_INT(ledei_open_regular(fifo, NULL), LEDE_NOT_REGULAR);
  CHECK_INT(ledei_open_regular("/dev/zero", NULL), LEDE_NOT_REGULAR);
  CHECK_INT(ledei_open_regular(dir, NULL), LEDE_NOT_REGULAR);
  alarm(0);
  unlink(fifo);
  rmdir(dir);
  free(fifo);
  free(dir);
}

/* The encoder at each length's bounds, and back through the decoder. */
static void test_utf8_encode(void) {
  static const uint32_t cps[] = {0x00, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF};
  static const size_t lens[] = {1, 1, 2, 2, 3, 3, 4, 4};
  for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
    char b[4];
    uint32_t back;
    size_t n = ledei_utf8_encode(b, cps[i]);
    CHECK_INT(n, lens[i]);
    CHECK_INT(ledei_utf8_decode(&back, b, n), n);
    CHECK_INT(back, cps[i]);
  }
}

/* Plain text that is not UTF-8: UTF-16 with a BOM, 8-bit text. */
static void test_text_to_utf8(void) {
  size_t n;
  const char *enc = NULL;
  /* UTF-16LE: "é", a surrogate pair (U+1F600), a lone surrogate, an odd
   * last byte. */
  const char le[] = "\xFF\xFE\xE9\x00\x3D\xD8\x00\xDE\x00\xD8\x41\x00\x42";
  char *u = ledei_text_to_utf8(le, sizeof le - 1, &n, &enc);
  CHECK_STR(enc, "UTF-16LE");
  CHECK_STR(u, "\xC3\xA9\xF0\x9F\x98\x80\xEF\xBF\xBD"
               "A");
  CHECK_INT(n, strlen(u));
  free(u);
  const char be[] = "\xFE\xFF\x00\x41\x20\xAC";
  u = ledei_text_to_utf8(be, sizeof be - 1, &n, &enc);
  CHECK_STR(enc, "UTF-16BE");
  CHECK_STR(u, "A\xE2\x82\xAC");
  free(u);
  /* Windows-1252: the euro sign and curly quotes; an unused byte (0x81)
   * as its C1 control; Latin-1's e acute. */
  u = ledei_text_to_utf8("\x80 \x93x\x94 \x81 \xE9", 9, &n, &enc);
  CHECK_STR(enc, "windows-1252");
  CHECK_STR(u, "\xE2\x82\xAC \xE2\x80\x9Cx\xE2\x80\x9D \xC2\x81 \xC3\xA9");
  free(u);
  /* Read as it is: ASCII, UTF-8, UTF-8 with a bad byte, NUL bytes. */
  CHECK(ledei_text_to_utf8("plain", 5, &n, NULL) == NULL);
  CHECK(ledei_text_to_utf8("caf\xC3\xA9", 5, &n, NULL) == NULL);
  CHECK(ledei_text_to_utf8("caf\xC3\xA9 \xFF", 7, &n, NULL) == NULL);
  CHECK(ledei_text_to_utf8("a\0\xE9", 3, &n, NULL) == NULL);
}

/* folded(s): ledei_fold_marks() of s, or s itself when nothing is taken off. */
static char *folded(const char *s) {
  char *f = ledei_fold_marks(s, strlen(s));
  return f ? f : strdup(s);
}

#define CHECK_FOLD(in, want)                                                                       \
  do {                                                                                             \
    char *f_ = folded(in);                                                                         \
    CHECK_STR(f_, want);                                                                           \
    free(f_);                                                                                      \
  } while (0)

/* Accents are taken off Latin, Greek, Cyrillic, Hebrew and Arabic letters,
 * precomposed or not; the vowel signs of Devanagari and Thai stay. */
static void test_fold_marks(void) {
  CHECK_FOLD("Jos\xC3\xA9 M\xC3\xBCller", "Jose Muller"); /* José Müller */
  CHECK_FOLD("Jose\xCC\x81", "Jose");                     /* e + U+0301 */
  CHECK_FOLD("\xCE\xAC\xCF\x81\xCE\xB8\xCF\x81\xCE\xBF",
             "\xCE\xB1\xCF\x81\xCE\xB8\xCF\x81\xCE\xBF"); /* άρθρο */
  CHECK_FOLD("\xD0\xB9", "\xD0\xB8");                     /* й -> и */
  CHECK_FOLD("\xD9\x85\xD9\x8F\xD8\xAD\xD9\x8E\xD9\x85\xD9\x91\xD8\xAF",
             "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF"); /* مُحَمَّد */
  /* कुल (total) is not कल (yesterday); बेटा keeps its e sign. */
  CHECK_FOLD("\xE0\xA4\x95\xE0\xA5\x81\xE0\xA4\xB2", "\xE0\xA4\x95\xE0\xA5\x81\xE0\xA4\xB2");
  CHECK_FOLD("\xE0\xA4\xAC\xE0\xA5\x87\xE0\xA4\x9F\xE0\xA4\xBE",
             "\xE0\xA4\xAC\xE0\xA5\x87\xE0\xA4\x9F\xE0\xA4\xBE");
  CHECK_FOLD("\xE0\xA4\xA9", "\xE0\xA4\xA9"); /* ऩ: न with nukta, precomposed */
  /* Thai: เศรษฐกิจ keeps its vowel marks. */
  CHECK_FOLD("\xE0\xB9\x80\xE0\xB8\xA8\xE0\xB8\xA3\xE0\xB8\xA9\xE0\xB8\x90\xE0\xB8\x81\xE0\xB8\xB4"
             "\xE0\xB8\x88",
             "\xE0\xB9\x80\xE0\xB8\xA8\xE0\xB8\xA3\xE0\xB8\xA9\xE0\xB8\x90\xE0\xB8\x81\xE0\xB8\xB4"
             "\xE0\xB8\x88");
}

/* fold_word(s): ledei_fold_word() of s, or s itself when it is so written. */
static char *fold_word(const char *s) {
  char *f = ledei_fold_word(s, strlen(s));
  return f ? f : strdup(s);
}

#define CHECK_FOLD_WORD(in, want)                                                                  \
  do {                                                                                             \
    char *f_ = fold_word(in);                                                                      \
    CHECK_STR(f_, want);                                                                           \
    free(f_);                                                                                      \
  } while (0)

/* One written form for the same letters: NFKC_Casefold, and U+02BC an
 * apostrophe; lower-case ASCII and bytes that are not UTF-8 as they are. */
static void test_fold_word(void) {
  CHECK(ledei_fold_word("plain", 5) == NULL);
  CHECK_FOLD_WORD("Plain", "plain");
  CHECK_FOLD_WORD("caf\xC3\xA9", "caf\xC3\xA9"); /* café, composed: as it is */
  CHECK(ledei_fold_word("caf\xC3\xA9", 5) == NULL);
  CHECK_FOLD_WORD("cafe\xCC\x81", "caf\xC3\xA9");                 /* e + U+0301 composed */
  CHECK_FOLD_WORD("\xEF\xAC\x81nance", "finance");                /* U+FB01 ligature */
  CHECK_FOLD_WORD("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\x91", "ab1"); /* full-width ＡＢ１ */
  CHECK_FOLD_WORD("km\xC2\xB2", "km2");                           /* km² */
  CHECK_FOLD_WORD("\xE2\x85\xAB", "xii");                         /* Ⅻ */
  CHECK_FOLD_WORD("\xC7\x85"
                  "emal",
                  "d\xC5\xBE\x65mal");                     /* ǅemal: džemal */
  CHECK_FOLD_WORD("stra\xC3\x9F\x65", "strasse");          /* straße */
  CHECK_FOLD_WORD("\xCE\xBF\xCF\x82", "\xCE\xBF\xCF\x83"); /* ος: final sigma */
  CHECK_FOLD_WORD("o\xCA\xBCneill", "o'neill");            /* U+02BC */
  CHECK_FOLD_WORD("jo\xE2\x80\x8Dined", "joined");         /* zero-width joiner */
  CHECK(ledei_fold_word("caf\xE9", 4) == NULL);            /* not UTF-8 */
  CHECK_FOLD("diyarbak\xC4\xB1r", "diyarbakir");           /* dotless i: no mark, but an i */
}

/* words_text(s): ledei_words_text() of s, or s itself when nothing changes. */
static char *words_text(const char *s) {
  char *w = ledei_words_text(s, strlen(s));
  return w ? w : strdup(s);
}

#define CHECK_WORDS(in, want)                                                                      \
  do {                                                                                             \
    char *wt_ = words_text(in);                                                                    \
    CHECK_STR(wt_, want);                                                                          \
    free(wt_);                                                                                     \
  } while (0)

/* Soft hyphens go, Unicode hyphens are '-', a space grouping digits is a
 * comma, elisions are split; anything else stays. */
static void test_words_text(void) {
  CHECK(ledei_words_text("plain text, 5 500", 17) == NULL);
  CHECK(ledei_words_text("caf\xC3\xA9 \xE2\x80\x94 na\xC3\xAFve", 15) == NULL);
  CHECK_WORDS("Vladi\xC2\xADmir inter\xC2\xAD\xC2\xADnational", "Vladimir international");
  CHECK_WORDS("state\xE2\x80\x90owned party\xE2\x80\x91run", "state-owned party-run");
  CHECK_WORDS("5\xC2\xA0"
              "500 \xC2\xA3"
              "1\xE2\x80\xAF"
              "000 2\xE2\x80\x89"
              "500\xE2\x80\x89"
              "000.5",
              "5,500 \xC2\xA3"
              "1,000 2,500,000.5");
  /* Not a grouping: four digits on a side, a letter or point before, a
   * decimal comma after, an ordinary space. */
  CHECK_WORDS("1234\xC2\xA0"
              "567 5\xC2\xA0"
              "5000 A4\xC2\xA0"
              "000 1.5\xC2\xA0"
              "000 1\xC2\xA0"
              "000,5",
              "1234\xC2\xA0"
              "567 5\xC2\xA0"
              "5000 A4\xC2\xA0"
              "000 1.5\xC2\xA0"
              "000 1\xC2\xA0"
              "000,5");
  CHECK_WORDS("l\xC2\xAD'\xC3\x89tat", "l-\xC3\x89tat");
  CHECK_INT(ledei_group_space("5\xC2\xA0"
                              "500",
                              6, 1),
            2);
  CHECK_INT(ledei_group_space("5\xC2\xA0"
                              "500",
                              6, 0),
            0);
  CHECK_INT(ledei_group_space("5\xC2\xA0"
                              "50",
                              5, 1),
            0);
  CHECK_INT(ledei_group_space("5 500", 5, 1), 0);
}

/* The apostrophe after an elision becomes a hyphen; others stay. */
static void test_split_elisions(void) {
  const char *in = "l'\xC3\x89tat, l\xE2\x80\x99\xC3\x89\x63onomie, qu'il, dell'Unione, don't, "
                   "aujourd'hui, O'Brien, l' espace, 'l'";
  char *out = ledei_split_elisions(in, strlen(in));
  CHECK_STR(out, "l-\xC3\x89tat, l-\xC3\x89\x63onomie, qu-il, dell-Unione, don't, aujourd'hui, "
                 "O'Brien, l' espace, 'l'");
  free(out);
  CHECK(ledei_split_elisions("don't stop", 10) == NULL);
  CHECK(ledei_is_elision("L", 1) && ledei_is_elision("Qu", 2) && !ledei_is_elision("don", 3));
}

int main(void) {
  RUN(test_errors);
  RUN(test_utf8);
  RUN(test_escape);
  RUN(test_hash);
  RUN(test_read_file);
  RUN(test_read_special);
  RUN(test_utf8_encode);
  RUN(test_text_to_utf8);
  RUN(test_fold_marks);
  RUN(test_split_elisions);
  RUN(test_fold_word);
  RUN(test_words_text);
  return check_summary();
}
