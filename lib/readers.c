/*
 * readers.c - what lede knows of mail and PDF files without GMime or
 * poppler (their names, hyphens at line ends), and the readers module
 * (lib/readers.h) opened when the first such file is read.
 *
 * The module is looked for beside the code that calls it: next to
 * liblede.so as lede/lede-readers.so, or for a program linked with the
 * static library, in LEDE_BIN_TO_LIBDIR/lede/ from the program's folder;
 * the build tree keeps that layout, so built and installed programs find
 * their own module.
 */
#define _GNU_SOURCE /* dladdr */
#include "readers.h"
#include "mail.h"
#include "pdf.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int ledei_mail_is_mail(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  return dot && (strcasecmp(dot, ".eml") == 0 || strcasecmp(dot, ".mbox") == 0);
}

int ledei_pdf_is_pdf(const char *path, const char *buf, size_t len) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  if (dot)
    return strcasecmp(dot, ".pdf") == 0;
  return len >= 5 && memcmp(buf, "%PDF-", 5) == 0; /* a PDF saved without a name */
}

/* 1 when the code point at s (n bytes) is a lower-case letter. */
static int starts_lower(const char *s, size_t n) {
  uint32_t c;
  if (ledei_utf8_decode(&c, s, n) == 0 || !ledei_unicode_is_wordchar(c))
    return 0;
  if (c < 0x80)
    return c >= 'a' && c <= 'z';
  return ledei_unicode_tolower(c) == c && !(c >= 0x2000 && c < 0x3000);
}

/* 1 when the byte before i (the hyphen's place) ends a letter. */
static int letter_before(const char *t, size_t i) {
  if (i == 0)
    return 0;
  unsigned char c = (unsigned char)t[i - 1];
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

size_t pdf_join_hyphens(char *t, size_t len) {
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    /* A hyphen (or a soft hyphen, U+00AD) that ends a line after a letter,
     * before a line starting with a lower-case letter: the word goes on. */
    size_t h = t[i] == '-' ? 1 : (i + 1 < len && t[i] == '\xC2' && t[i + 1] == '\xAD') ? 2 : 0;
    if (h && letter_before(t, i)) {
      size_t j = i + h;
      while (j < len && (t[j] == ' ' || t[j] == '\r'))
        j++;
      if (j < len && t[j] == '\n') {
        j++;
        while (j < len && t[j] == ' ')
          j++;
        if (starts_lower(t + j, len - j)) {
          i = j;
          continue;
        }
      }
    }
    t[o++] = t[i++];
  }
  t[o] = '\0';
  return o;
}

#ifdef LEDE_READERS_BUILTIN
extern const ledei_readers_t ledei_readers_table; /* lib/readers_module.c */
#endif

static pthread_once_t readers_once = PTHREAD_ONCE_INIT;
static const ledei_readers_t *readers;
static char readers_why[PATH_MAX + 256]; /* why the module could not be used */

#ifndef LEDE_READERS_BUILTIN
/* The folder of the module, in path (PATH_MAX bytes): beside liblede.so,
 * or under the program's folder. Returns 0, or -1. */
static int module_dir(char *path) {
  Dl_info info;
  const char *base;
  if (dladdr((void *)module_dir, &info) && info.dli_fname &&
      (base = strrchr(info.dli_fname, '/')) && strncmp(base + 1, "liblede.so", 10) == 0)
    return snprintf(path, PATH_MAX, "%.*s/lede", (int)(base - info.dli_fname), info.dli_fname) <
                   PATH_MAX
               ? 0
               : -1;
  ssize_t n = readlink("/proc/self/exe", path, PATH_MAX - 1);
  if (n <= 0)
    return -1;
  path[n] = '\0';
  char *slash = strrchr(path, '/');
  if (!slash)
    return -1;
  *slash = '\0';
  size_t used = strlen(path);
  return snprintf(path + used, PATH_MAX - used, "/" LEDE_BIN_TO_LIBDIR "/lede") <
                 (int)(PATH_MAX - used)
             ? 0
             : -1;
}
#endif

static void load_readers(void) {
#ifdef LEDE_READERS_BUILTIN
  readers = &ledei_readers_table;
#else
  char path[PATH_MAX];
  if (module_dir(path) != 0) {
    snprintf(readers_why, sizeof readers_why, "cannot tell where %s is", LEDE_READERS_FILE);
    return;
  }
  size_t used = strlen(path);
  if (snprintf(path + used, sizeof path - used, "/" LEDE_READERS_FILE) >=
      (int)(sizeof path - used)) {
    snprintf(readers_why, sizeof readers_why, "path of %s too long", LEDE_READERS_FILE);
    return;
  }
  /* Never closed: GLib's types cannot be unloaded. */
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    snprintf(readers_why, sizeof readers_why, "%s", dlerror());
    return;
  }
  const ledei_readers_t *t = dlsym(h, LEDE_READERS_SYMBOL);
  if (!t || t->version != LEDE_READERS_VERSION) {
    snprintf(readers_why, sizeof readers_why, "%s: not the module of this lede", path);
    return;
  }
  readers = t;
#endif
}

/* The readers, or NULL with the reason set (LEDE_ERR_IO). */
static const ledei_readers_t *get_readers(void) {
  pthread_once(&readers_once, load_readers);
  if (!readers)
    ledei_error(LEDE_ERR_IO, "cannot load the mail and PDF reader (%s)", readers_why);
  return readers;
}

/* Carries the module's message over to this copy of lede_last_error(). */
static void take_error(const ledei_readers_t *t) {
  const char *why = t->last_error();
  if (why != lede_last_error()) /* the same buffer when linked in */
    ledei_error(LEDE_OK, "%s", why);
}

lede_status_t mail_articles_parse(lede_article_t ***out, size_t *out_count, size_t *out_bad,
                                  const char *buf, size_t len, const char *path,
                                  const char *default_source) {
  *out = NULL;
  *out_count = 0;
  *out_bad = 0;
  const ledei_readers_t *t = get_readers();
  if (!t)
    return LEDE_ERR_IO;
  lede_status_t rc = t->mail(out, out_count, out_bad, buf, len, path, default_source);
  if (rc != LEDE_OK || *out_bad)
    take_error(t);
  return rc;
}

lede_status_t pdf_article_parse(lede_article_t **out, const char *buf, size_t len, const char *path,
                                const char *default_source) {
  *out = NULL;
  const ledei_readers_t *t = get_readers();
  if (!t)
    return LEDE_ERR_IO;
  lede_status_t rc = t->pdf(out, buf, len, path, default_source);
  if (rc != LEDE_OK)
    take_error(t);
  return rc;
}
