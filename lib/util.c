/*
 * util.c - errors, memory, files, UTF-8 and hashing shared by all of liblede.
 */
#include "lede_private.h"
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* The per-thread message behind lede_last_error(). */
static _Thread_local char last_error[1024];

const char *lede_status_to_string(lede_status_t status) {
  switch (status) {
  case LEDE_OK: return "success";
  case LEDE_ERR_NOMEM: return "out of memory";
  case LEDE_ERR_IO: return "input/output error";
  case LEDE_ERR_INVALID: return "invalid argument";
  case LEDE_ERR_NOT_FOUND: return "not found";
  case LEDE_ERR_LOCKED: return "index is locked by another writer";
  case LEDE_ERR_VERSION: return "index version mismatch";
  case LEDE_ERR_MODIFIED: return "index modified during read";
  case LEDE_ERR_CORRUPT: return "index is damaged";
  case LEDE_ERR_QUERY: return "query did not parse";
  case LEDE_ERR_XAPIAN: return "Xapian error";
  }
  return "unknown status";
}

const char *lede_version(void) {
  return LEDE_VERSION;
}

const char *lede_last_error(void) {
  return last_error;
}

lede_status_t ledei_error(lede_status_t status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(last_error, sizeof last_error, fmt, ap);
  va_end(ap);
  return status;
}

lede_status_t ledei_check_opts(const char *type, unsigned int version, unsigned int known) {
  if (version >= 1 && version <= known)
    return LEDE_OK;
  return ledei_error(LEDE_ERR_INVALID,
                     "%s version %u is not one liblede " LEDE_VERSION " knows (1 to %u): "
                     "initialise it with its _INIT macro",
                     type, version, known);
}

lede_status_t ledei_check_search_opts(const lede_search_opts_t *opts) {
  if (!opts)
    return ledei_error(LEDE_ERR_INVALID,
                       "no lede_search_opts_t given: initialise one with LEDE_SEARCH_OPTS_INIT");
  if (ledei_check_opts("lede_search_opts_t", opts->version, LEDE_SEARCH_OPTS_VERSION))
    return LEDE_ERR_INVALID;
  /* Enumerations are ints to C: a value past the last would search some other way. */
  if ((unsigned)opts->sort > LEDE_SORT_DATE)
    return ledei_error(LEDE_ERR_INVALID, "lede_search_opts_t sort %d is no lede_sort_t",
                       (int)opts->sort);
  if ((unsigned)opts->rank > LEDE_RANK_ARTICLE)
    return ledei_error(LEDE_ERR_INVALID, "lede_search_opts_t rank %d is no lede_rank_t",
                       (int)opts->rank);
  /* offset + limit in 32 bits wrapped to a page of no hit (read past its end). */
  if ((unsigned long long)opts->offset + opts->limit > LEDE_PAGE_MAX ||
      opts->per_article > LEDE_PAGE_MAX)
    return ledei_error(LEDE_ERR_INVALID,
                       "lede_search_opts_t offset %u + limit %u (per_article %u): a page may "
                       "reach at most %u passages",
                       opts->offset, opts->limit, opts->per_article, LEDE_PAGE_MAX);
  size_t n = opts->query ? strlen(opts->query) : 0;
  if (n > LEDE_QUERY_MAX)
    return ledei_error(LEDE_ERR_INVALID,
                       "the query is %zu bytes long, more than the %d a query may be", n,
                       LEDE_QUERY_MAX);
  /* Each word is a posting list read in each of the search's steps: past a
   * pasted article's length a query costs seconds (10,000 words: 40 s). */
  size_t words = 0;
  for (size_t i = 0; i < n; i++)
    words += !isspace((unsigned char)opts->query[i]) &&
             (i == 0 || isspace((unsigned char)opts->query[i - 1]));
  if (words > LEDE_QUERY_WORDS_MAX)
    return ledei_error(LEDE_ERR_INVALID,
                       "the query has %zu words, more than the %d a query may have", words,
                       LEDE_QUERY_WORDS_MAX);
  return LEDE_OK;
}

void ledei_std_streams(void) {
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
      int got = open("/dev/null", O_RDONLY);
      if (got >= 0 && got != fd) { /* not the lowest free number: cannot happen */
        dup2(got, fd);
        close(got);
      }
    }
}

int ledei_enough_descriptors(const char *prog, unsigned long need, const char *what) {
  struct rlimit r;
  if (getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur == RLIM_INFINITY || r.rlim_cur >= need)
    return 1;
  if (r.rlim_max == RLIM_INFINITY || r.rlim_max >= need) {
    r.rlim_cur = need;
    if (setrlimit(RLIMIT_NOFILE, &r) == 0)
      return 1;
  }
  fprintf(stderr, "%s: only %llu file descriptors may be open ('ulimit -n'); %s needs %lu%s\n",
          prog, (unsigned long long)r.rlim_cur, prog, need, what);
  return 0;
}

int ledei_stdout_status(const char *prog) {
  if (fflush(stdout) == 0 && !ferror(stdout))
    return 0;
  fprintf(stderr, "%s: writing the output: %s\n", prog, strerror(errno ? errno : EIO));
  return 2;
}

static void out_of_memory(size_t n) {
  fprintf(stderr, "lede: out of memory (asked for %zu bytes)\n", n);
  abort();
}

void *ledei_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    out_of_memory(n);
  return p;
}

void *ledei_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    out_of_memory(n * size);
  return p;
}

void *ledei_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q)
    out_of_memory(n);
  return q;
}

char *ledei_xstrndup(const char *s, size_t n) {
  char *p = ledei_xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *ledei_xstrdup(const char *s) {
  return ledei_xstrndup(s, strlen(s));
}

int ledei_open_regular(const char *path, uint64_t *out_size) {
  /* O_NONBLOCK: opening a FIFO with no writer, or some devices, would
   * otherwise wait forever (and a writer holds the index lock meanwhile). */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  /* Blocking again for ordinary reads, except when the size is 0: an empty
   * file reads nothing either way, while a /proc file such as kmsg says 0
   * and then blocks in read() until the kernel writes to it. */
  struct stat st;
  int flags;
  if (fstat(fd, &st) != 0 || (flags = fcntl(fd, F_GETFL)) < 0 ||
      (S_ISREG(st.st_mode) && st.st_size > 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0)) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return LEDE_NOT_REGULAR;
  }
  if (out_size)
    *out_size = (uint64_t)st.st_size;
  return fd;
}

lede_status_t ledei_read_file(char **out, size_t *out_len, const char *path) {
  *out = NULL;
  *out_len = 0;
  uint64_t size;
  int fd = ledei_open_regular(path, &size);
  if (fd == LEDE_NOT_REGULAR)
    return ledei_error(LEDE_ERR_IO, "%s: not a regular file", path);
  FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
  if (!f) {
    int saved = errno;
    if (fd >= 0)
      close(fd);
    return ledei_error(LEDE_ERR_IO, "%s: %s", path, strerror(saved));
  }
  size_t cap = size > 0 && size < SIZE_MAX / 2 ? (size_t)size + 1 : 65536, len = 0;
  char *buf = ledei_xmalloc(cap);
  for (;;) {
    if (len + 1 >= cap) {
      cap *= 2;
      buf = ledei_xrealloc(buf, cap);
    }
    size_t got = fread(buf + len, 1, cap - len - 1, f);
    len += got;
    if (got == 0)
      break;
  }
  int failed = ferror(f);
  int saved = errno;
  fclose(f);
  if (failed) {
    free(buf);
    return ledei_error(LEDE_ERR_IO, "%s: %s", path, strerror(saved));
  }
  buf[len] = '\0';
  *out = buf;
  *out_len = len;
  return LEDE_OK;
}

size_t ledei_utf8_decode(uint32_t *cp, const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  *cp = 0xFFFD;
  if (n == 0)
    return 0;
  unsigned char c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t need;
  uint32_t min, v;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2, min = 0x80, v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3, min = 0x800, v = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4, min = 0x10000, v = c & 0x07;
  } else {
    return 0;
  }
  if (n < need)
    return 0;
  for (size_t i = 1; i < need; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return need;
}

size_t ledei_utf8_encode(char out[4], uint32_t cp) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

int ledei_utf8_valid(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    if (p[i] == 0)
      return 0;
    uint32_t cp;
    size_t k = ledei_utf8_decode(&cp, (const char *)p + i, len - i);
    if (k == 0)
      return 0;
    i += k;
  }
  return 1;
}

char *ledei_utf8_sanitize(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  /* Worst case: every byte becomes the 3-byte U+FFFD. */
  char *out = ledei_xmalloc(len * 3 + 1);
  size_t o = 0, i = 0;
  while (i < len) {
    if (p[i] == 0) {
      out[o++] = ' ';
      i++;
      continue;
    }
    uint32_t cp;
    size_t k = ledei_utf8_decode(&cp, (const char *)p + i, len - i);
    if (k == 0) {
      memcpy(out + o, "\xEF\xBF\xBD", 3);
      o += 3;
      i++;
      continue;
    }
    memcpy(out + o, p + i, k);
    o += k;
    i += k;
  }
  out[o] = '\0';
  return out;
}

char *ledei_escape_n(const char *s, size_t len) {
  /* Worst case: every byte becomes \xHH. */
  char *out = ledei_xmalloc(len * 4 + 1);
  size_t o = 0, i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    uint32_t cp;
    size_t k = ledei_utf8_decode(&cp, s + i, len - i);
    if (c == '\n' || c == '\t' || c == '\r') {
      out[o++] = '\\';
      out[o++] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
      i++;
    } else if (k == 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      /* One byte at a time: a C1 control is two bytes, both shown. */
      size_t n = k ? k : 1;
      for (size_t b = 0; b < n; b++)
        o += (size_t)sprintf(out + o, "\\x%02X", (unsigned char)s[i + b]);
      i += n;
    } else {
      memcpy(out + o, s + i, k);
      o += k;
      i += k;
    }
  }
  out[o] = '\0';
  return out;
}

char *ledei_escape(const char *s) {
  return s ? ledei_escape_n(s, strlen(s)) : ledei_xstrdup("");
}

uint64_t ledei_hash64(const void *data, size_t len) {
  const unsigned char *p = data;
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

void ledei_hash_hex(char out[17], const void *data, size_t len) {
  snprintf(out, 17, "%016llx", (unsigned long long)ledei_hash64(data, len));
}

int ledei_is_article_id(const char *id) {
  size_t n = 0;
  for (; id[n]; n++)
    if (!((id[n] >= '0' && id[n] <= '9') || (id[n] >= 'a' && id[n] <= 'f')))
      return 0;
  return n == 16;
}

int ledei_is_elision(const char *word, size_t n) {
  static const char *const elisions[] = {
      "c",     "d",      "j",      "l",      "m",      "n",  "s",    "t",   "qu",
      "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "un", "dell", "all", "dall",
      "nell",  "sull",   "coll",   "quell",  "quest",  "gl", "v"};
  for (size_t k = 0; k < sizeof elisions / sizeof *elisions; k++)
    if (strlen(elisions[k]) == n && strncasecmp(word, elisions[k], n) == 0)
      return 1;
  return 0;
}

char *ledei_split_elisions(const char *s, size_t len) {
  char *out = NULL;
  size_t o = 0, copied = 0; /* s[copied..] is not in out yet */
  for (size_t i = 0; i < len; i++) {
    size_t n = s[i] == '\'' ? 1
               : (unsigned char)s[i] == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                       (unsigned char)s[i + 2] == 0x99
                   ? 3
                   : 0;
    if (n == 0)
      continue;
    /* The elisions are ASCII letters, after a character that is no letter. */
    size_t w = i;
    while (w > 0 && isalpha((unsigned char)s[w - 1]) && i - w < 8)
      w--;
    uint32_t before = 0, next = 0;
    if (w > 0 && (unsigned char)s[w - 1] >= 0x80) {
      size_t b = w - 1;
      while (b > 0 && w - b < 4 && ((unsigned char)s[b] & 0xC0) == 0x80)
        b--;
      ledei_utf8_decode(&before, s + b, w - b);
    } else if (w > 0) {
      before = (unsigned char)s[w - 1];
    }
    if (i + n < len)
      ledei_utf8_decode(&next, s + i + n, len - i - n);
    if (w == i || u_isalpha((UChar32)before) || !u_isalpha((UChar32)next) ||
        !ledei_is_elision(s + w, i - w))
      continue;
    if (!out)
      out = ledei_xmalloc(len + 1);
    memcpy(out + o, s + copied, i - copied);
    o += i - copied;
    out[o++] = '-';
    copied = i + n;
    i += n - 1;
  }
  if (!out)
    return NULL;
  memcpy(out + o, s + copied, len - copied);
  out[o + len - copied] = '\0';
  return out;
}

/* The four spaces that group a number's digits in threes ("5 500",
 * "1 000 000"), as French, SI and some wire copy write them: no-break
 * (U+00A0), narrow no-break (U+202F), thin (U+2009) and figure (U+2007)
 * space. Returns the length of the one at s[i], else 0. */
static size_t group_space_at(const char *s, size_t len, size_t i) {
  const unsigned char *p = (const unsigned char *)s + i;
  if (i + 1 < len && p[0] == 0xC2 && p[1] == 0xA0)
    return 2;
  if (i + 2 < len && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xAF || p[2] == 0x89 || p[2] == 0x87))
    return 3;
  return 0;
}

static int ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

size_t ledei_group_space(const char *s, size_t len, size_t i) {
  size_t k = group_space_at(s, len, i);
  if (k == 0 || i == 0 || i + k + 3 > len)
    return 0;
  size_t b = i;
  while (b > 0 && i - b < 4 && ascii_digit(s[b - 1]))
    b--;
  char before = b > 0 ? s[b - 1] : ' ';
  if (b == i || i - b > 3 || ascii_digit(before) || (before >= 'a' && before <= 'z') ||
      (before >= 'A' && before <= 'Z') || before == '.' || before == ',' || before == '_')
    return 0;
  size_t r = i + k;
  if (!ascii_digit(s[r]) || !ascii_digit(s[r + 1]) || !ascii_digit(s[r + 2]))
    return 0;
  r += 3;
  /* Not a fourth digit, nor a decimal comma ("1 000,5" is no English number). */
  if (r < len && (ascii_digit(s[r]) || (s[r] == ',' && r + 1 < len && ascii_digit(s[r + 1]))))
    return 0;
  return k;
}

char *ledei_words_text(const char *s, size_t len) {
  char *out = NULL;
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c != 0xC2 && c != 0xE2) {
      if (out)
        out[o++] = (char)c;
      continue;
    }
    const unsigned char *p = (const unsigned char *)s + i;
    size_t skip = 0; /* bytes replaced */
    char put = 0;    /* by this character, or by nothing */
    if (c == 0xC2 && i + 1 < len && p[1] == 0xAD) {
      skip = 2; /* U+00AD, soft hyphen: "inter\u00ADnational" is "international" */
    } else if (c == 0xE2 && i + 2 < len && p[1] == 0x80 && (p[2] == 0x90 || p[2] == 0x91)) {
      skip = 3; /* U+2010 hyphen, U+2011 non-breaking hyphen */
      put = '-';
    } else if ((skip = ledei_group_space(s, len, i)) != 0) {
      put = ',';
    }
    if (!skip) {
      if (out)
        out[o++] = (char)c;
      continue;
    }
    if (!out) {
      out = ledei_xmalloc(len + 1);
      memcpy(out, s, i);
      o = i;
    }
    if (put)
      out[o++] = put;
    i += skip - 1;
  }
  const char *t = out ? out : s;
  size_t tl = out ? o : len;
  char *split = ledei_split_elisions(t, tl);
  if (split) {
    free(out);
    return split;
  }
  if (out)
    out[o] = '\0';
  return out;
}

char *ledei_fold_word(const char *s, size_t len) {
  size_t i = 0;
  int upper = 0;
  for (; i < len && (unsigned char)s[i] < 0x80; i++)
    upper |= s[i] >= 'A' && s[i] <= 'Z';
  if (i == len) { /* ASCII: lower case is its whole folding */
    if (!upper)
      return NULL;
    char *out = ledei_xmalloc(len + 1);
    for (size_t k = 0; k < len; k++)
      out[k] = (char)tolower((unsigned char)s[k]);
    out[len] = '\0';
    return out;
  }
  if (len > INT32_MAX / 4 || !ledei_utf8_valid(s, len))
    return NULL;
  UErrorCode err = U_ZERO_ERROR;
  const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&err);
  if (U_FAILURE(err))
    return NULL;
  /* UTF-8 to UTF-16 (never more units than bytes), folded, and back. */
  UChar *u = ledei_xmalloc((len + 1) * sizeof *u);
  int32_t un = 0;
  u_strFromUTF8(u, (int32_t)len + 1, &un, s, (int32_t)len, &err);
  int32_t cap = un * 2 + 8, fn = 0;
  UChar *f = ledei_xmalloc((size_t)cap * sizeof *f);
  if (!U_FAILURE(err)) {
    fn = unorm2_normalize(nfkc_cf, u, un, f, cap, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR) { /* a character of many (U+FDFA: 18) */
      err = U_ZERO_ERROR;
      cap = fn + 1;
      f = ledei_xrealloc(f, (size_t)cap * sizeof *f);
      fn = unorm2_normalize(nfkc_cf, u, un, f, cap, &err);
    }
  }
  free(u);
  if (U_FAILURE(err)) {
    free(f);
    return NULL;
  }
  /* U+02BC, the modifier letter apostrophe some keyboards and typesetting
   * write for the apostrophe ("O\u02BCNeill", "bank\u02BCs"), is the
   * apostrophe. */
  for (int32_t k = 0; k < fn; k++)
    if (f[k] == 0x02BC)
      f[k] = '\'';
  char *out = ledei_xmalloc((size_t)fn * 3 + 1);
  int32_t on = 0;
  u_strToUTF8(out, fn * 3 + 1, &on, f, fn, &err);
  free(f);
  if (U_FAILURE(err) || ((size_t)on == len && memcmp(out, s, len) == 0)) {
    free(out);
    return NULL;
  }
  out[on] = '\0';
  return out;
}

/* 1 when the non-spacing mark c is an accent to take off: a generic
 * combining mark (script Inherited: acute, diaeresis, Arabic harakat...)
 * or one of the Latin, Greek, Cyrillic, Hebrew or Arabic scripts. The
 * vowel signs and viramas of Devanagari, Bengali, Thai and the other
 * abugidas are part of their letters: "कुल" (total) is not "कल"
 * (yesterday). */
static int accent_mark(UChar32 c) {
  if (u_charType(c) != U_NON_SPACING_MARK)
    return 0;
  UErrorCode err = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(c, &err);
  if (U_FAILURE(err))
    return 0;
  switch (script) {
  case USCRIPT_INHERITED:
  case USCRIPT_COMMON:
  case USCRIPT_LATIN:
  case USCRIPT_GREEK:
  case USCRIPT_CYRILLIC:
  case USCRIPT_HEBREW:
  case USCRIPT_ARABIC: return 1;
  default: return 0;
  }
}

char *ledei_fold_marks(const char *s, size_t len) {
  size_t i = 0;
  while (i < len && (unsigned char)s[i] < 0x80)
    i++;
  if (i == len)
    return NULL; /* ASCII: nothing to fold */
  UErrorCode err = U_ZERO_ERROR;
  const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
  if (U_FAILURE(err))
    return NULL;
  char *out = ledei_xmalloc(len * 3 + 1), *o = out;
  memcpy(o, s, i);
  o += i;
  int changed = 0;
  while (i < len) {
    uint32_t cp;
    size_t n = ledei_utf8_decode(&cp, s + i, len - i);
    if (n == 0) { /* not UTF-8: kept as it is */
      *o++ = s[i++];
      continue;
    }
    if (cp == 0x131) { /* dotless i: "Diyarbak\u0131r" is "Diyarbakir" */
      *o++ = 'i';
      changed = 1;
      i += n;
      continue;
    }
    UChar dec[32];
    err = U_ZERO_ERROR;
    int32_t dn = cp < 0x80 ? 0 : unorm2_getDecomposition(nfd, (UChar32)cp, dec, 32, &err);
    /* A letter whose decomposition holds a mark that is no accent (a
     * Devanagari letter with nukta) stays as it is. */
    for (int32_t k = 0; dn > 0 && !U_FAILURE(err) && k < dn;) {
      UChar32 c;
      U16_NEXT(dec, k, dn, c);
      if (u_charType(c) == U_NON_SPACING_MARK && !accent_mark(c))
        dn = 0;
    }
    if (dn <= 0 || U_FAILURE(err)) {
      if (accent_mark((UChar32)cp)) {
        changed = 1; /* an accent on its own */
      } else {
        memcpy(o, s + i, n);
        o += n;
      }
      i += n;
      continue;
    }
    for (int32_t k = 0; k < dn;) {
      UChar32 c;
      U16_NEXT(dec, k, dn, c);
      if (accent_mark(c))
        continue;
      char buf[4];
      size_t m = ledei_utf8_encode(buf, (uint32_t)c);
      memcpy(o, buf, m);
      o += m;
    }
    changed = 1;
    i += n;
  }
  *o = '\0';
  if (!changed) {
    free(out);
    return NULL;
  }
  return out;
}
