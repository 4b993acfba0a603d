/* segment.c - PLACEHOLDER: splits at ". " and line ends; replaced by the real
 * segmenter. */
#include "lede.h"

#include <stdlib.h>
#include <string.h>

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void push(lede_span_t **v, size_t *n, size_t *cap, const char *t, size_t s, size_t e) {
  while (s < e && is_space(t[s]))
    s++;
  while (e > s && is_space(t[e - 1]))
    e--;
  if (s == e)
    return;
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 16;
    *v = lede_xrealloc(*v, *cap * sizeof **v);
  }
  (*v)[(*n)++] = (lede_span_t){s, e};
}

lede_status_t lede_segment(lede_span_t **out, size_t *out_count, const char *text, size_t len) {
  lede_span_t *v = NULL;
  size_t n = 0, cap = 0, s = 0;
  for (size_t i = 0; i < len; i++) {
    if (text[i] == '\n' || (text[i] == '.' && i + 1 < len && text[i + 1] == ' ')) {
      push(&v, &n, &cap, text, s, i + (text[i] == '.'));
      s = i + 1;
    }
  }
  push(&v, &n, &cap, text, s, len);
  *out = v;
  *out_count = n;
  return LEDE_OK;
}

char *lede_span_text(const char *text, lede_span_t span) {
  char *clean = lede_utf8_sanitize(text + span.start, span.end - span.start);
  size_t o = 0;
  int space = 0;
  for (size_t i = 0; clean[i]; i++) {
    if (is_space(clean[i])) {
      space = 1;
      continue;
    }
    if (space && o > 0)
      clean[o++] = ' ';
    space = 0;
    clean[o++] = clean[i];
  }
  clean[o] = '\0';
  return clean;
}
