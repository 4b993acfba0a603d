/*
 * json.c - builds lede's JSON documents with cJSON (shapes: docs/json.md,
 * docs/lede-query.schema.json). Every string goes through add_str_safe() or
 * safe_string(), which replace invalid UTF-8, so the output is valid JSON
 * whatever the bytes of articles, paths and queries.
 */
#include "lede_private.h"

#include <cjson/cJSON.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string of s, with invalid UTF-8 replaced by U+FFFD. A valid s is
 * referred to, not copied: the documents built here are printed and freed
 * while what they show is still there (a copy and a free a string were a
 * fifth of a --batch answer's JSON). */
static cJSON *safe_string(const char *s) {
  size_t n = strlen(s);
  if (ledei_utf8_valid(s, n))
    return cJSON_CreateStringReference(s);
  char *clean = ledei_utf8_sanitize(s, n);
  cJSON *j = cJSON_CreateString(clean);
  free(clean);
  return j;
}

/* Adds key: v, for a key that is a string literal (not copied). */
static cJSON *put(cJSON *obj, const char *key, cJSON *v) {
  cJSON_AddItemToObjectCS(obj, key, v);
  return v;
}

/* Adds key: s (made valid UTF-8), or key: null when s is NULL. */
static void add_str_safe(cJSON *obj, const char *key, const char *s) {
  put(obj, key, s ? safe_string(s) : cJSON_CreateNull());
}

/* add_str_safe() for a key of an article's front matter, made valid UTF-8
 * too. */
static void add_meta_str(cJSON *obj, const char *key, const char *s) {
  cJSON *v = s ? safe_string(s) : cJSON_CreateNull();
  size_t n = strlen(key);
  if (ledei_utf8_valid(key, n)) {
    cJSON_AddItemToObject(obj, key, v);
  } else {
    char *clean = ledei_utf8_sanitize(key, n);
    cJSON_AddItemToObject(obj, clean, v);
    free(clean);
  }
}

/* Adds key: n, or key: null when n is 0 (a line or column not known). */
static void add_position(cJSON *obj, const char *key, unsigned n) {
  put(obj, key, n ? cJSON_CreateNumber(n) : cJSON_CreateNull());
}

/* Adds key: {meta keys: values} (an empty object when there are none). */
static void add_meta(cJSON *obj, const char *key, const lede_meta_t *meta, size_t n) {
  cJSON *m = put(obj, key, cJSON_CreateObject());
  for (size_t i = 0; i < n; i++)
    add_meta_str(m, meta[i].key, meta[i].value);
}

cJSON *ledei_article_to_json(const lede_article_t *a) {
  cJSON *o = cJSON_CreateObject();
  add_str_safe(o, "path", a->path);
  add_str_safe(o, "id", a->id);
  add_str_safe(o, "title", a->title);
  add_str_safe(o, "source", a->source);
  add_str_safe(o, "date", a->date);
  add_str_safe(o, "place", a->place);
  add_str_safe(o, "language", a->language);
  add_str_safe(o, "url", a->url);
  add_meta(o, "meta", a->meta, a->nmeta);
  cJSON *arr = cJSON_AddArrayToObject(o, "sentences");
  for (size_t i = 0; i < a->nsentences; i++) {
    cJSON *s = cJSON_CreateObject();
    add_str_safe(s, "text", a->sentences[i].text);
    cJSON_AddNumberToObject(s, "start", (double)a->sentences[i].start);
    cJSON_AddNumberToObject(s, "end", (double)a->sentences[i].end);
    add_position(s, "line", a->sentences[i].line);
    add_position(s, "column", a->sentences[i].column);
    cJSON_AddItemToArray(arr, s);
  }
  return o;
}

/* An array of strings. */
static cJSON *str_array(char *const *v, size_t n) {
  cJSON *arr = cJSON_CreateArray();
  for (size_t i = 0; i < n; i++) {
    cJSON_AddItemToArray(arr, safe_string(v[i]));
  }
  return arr;
}

cJSON *ledei_hit_to_json(const lede_hit_t *h) {
  cJSON *o = cJSON_CreateObject();
  put(o, "rank", cJSON_CreateNumber(h->rank));
  /* Scores are rounded to 4 decimals: more is noise, and it keeps the
   * output stable across platforms. */
  char buf[32];
  snprintf(buf, sizeof buf, "%.4f", h->score);
  put(o, "score", cJSON_CreateNumber(strtod(buf, NULL)));
  add_str_safe(o, "text", h->text);
  add_str_safe(o, "source", h->source);
  add_str_safe(o, "date", h->date);
  add_str_safe(o, "title", h->title);
  add_str_safe(o, "path", h->path);
  add_str_safe(o, "abs_path", h->abs_path);
  put(o, "sentence", cJSON_CreateNumber(h->sentence));
  add_str_safe(o, "place", h->place);
  put(o, "start", cJSON_CreateNumber((double)h->start));
  put(o, "end", cJSON_CreateNumber((double)h->end));
  add_position(o, "line", h->line);
  add_position(o, "column", h->column);
  add_str_safe(o, "url", h->url);
  add_str_safe(o, "language", h->language);
  add_meta(o, "meta", h->meta, h->nmeta);
  cJSON *ctx = put(o, "context", cJSON_CreateObject());
  put(ctx, "before", str_array(h->before, h->nbefore));
  put(ctx, "after", str_array(h->after, h->nafter));
  cJSON *also = put(o, "also", cJSON_CreateArray());
  for (size_t i = 0; i < h->nalso; i++) {
    const lede_copy_t *c = &h->also[i];
    cJSON *co = cJSON_CreateObject();
    add_str_safe(co, "source", c->source);
    add_str_safe(co, "date", c->date);
    add_str_safe(co, "path", c->path);
    add_str_safe(co, "sentence", c->sentence);
    add_str_safe(co, "title", c->title);
    add_str_safe(co, "url", c->url);
    cJSON_AddItemToArray(also, co);
  }
  return o;
}

cJSON *ledei_results_to_json(const lede_results_t *r) {
  cJSON *o = cJSON_CreateObject();
  add_str_safe(o, "query", r->query ? r->query : "");
  put(o, "total", cJSON_CreateNumber((double)r->total));
  put(o, "total_exact", cJSON_CreateBool(r->total_exact != 0));
  put(o, "offset", cJSON_CreateNumber(r->offset));
  if (r->suggestion)
    add_str_safe(o, "suggestion", r->suggestion);
  if (r->corrected)
    put(o, "corrected", cJSON_CreateTrue());
  if (r->warning)
    add_str_safe(o, "warning", r->warning);
  cJSON *hits = put(o, "hits", cJSON_CreateArray());
  for (size_t i = 0; i < r->nhits; i++)
    cJSON_AddItemToArray(hits, ledei_hit_to_json(&r->hits[i]));
  return o;
}

cJSON *ledei_count_to_json(const char *query, const lede_count_t *c) {
  cJSON *o = cJSON_CreateObject();
  add_str_safe(o, "query", query ? query : "");
  cJSON_AddNumberToObject(o, "passages", (double)c->passages);
  cJSON_AddNumberToObject(o, "articles", (double)c->articles);
  if (c->warning)
    add_str_safe(o, "warning", c->warning);
  return o;
}

cJSON *ledei_timeline_to_json(const lede_timeline_t *t) {
  cJSON *o = cJSON_CreateObject();
  add_str_safe(o, "query", t->query ? t->query : "");
  cJSON_AddStringToObject(o, "unit", lede_unit_name(t->unit));
  cJSON_AddNumberToObject(o, "total", (double)t->total);
  cJSON_AddNumberToObject(o, "undated", (double)t->undated);
  if (t->warning)
    add_str_safe(o, "warning", t->warning);
  cJSON *buckets = cJSON_AddArrayToObject(o, "buckets");
  for (size_t i = 0; i < t->nbuckets; i++) {
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "start", t->buckets[i].start);
    cJSON_AddNumberToObject(b, "passages", (double)t->buckets[i].passages);
    cJSON_AddNumberToObject(b, "articles", (double)t->buckets[i].articles);
    cJSON_AddItemToArray(buckets, b);
  }
  return o;
}

/* ---- printing: the bytes cJSON_PrintUnformatted() gives, in one pass ----
 * cJSON formats every number with sprintf() (a non-integer with sscanf()
 * too) and scans every string twice: 0.38 M instructions of a --batch
 * answer's 0.70 M of JSON; 0.20 M this way (docs/bench-query.md). */

/* A growing output buffer; failed once an allocation failed. */
typedef struct {
  char *p;
  size_t n, cap;
  int failed;
} json_out;

static int out_room(json_out *o, size_t more) {
  if (o->failed)
    return 0;
  if (o->n + more <= o->cap)
    return 1;
  size_t cap = o->cap ? o->cap : 1024;
  while (cap < o->n + more)
    cap *= 2;
  char *p = realloc(o->p, cap);
  if (!p) {
    o->failed = 1;
    return 0;
  }
  o->p = p;
  o->cap = cap;
  return 1;
}

static void out_bytes(json_out *o, const char *s, size_t n) {
  if (n && out_room(o, n)) {
    memcpy(o->p + o->n, s, n);
    o->n += n;
  }
}

static void out_char(json_out *o, char c) {
  out_bytes(o, &c, 1);
}

/* A string as cJSON escapes it: the quote, the backslash and \b \f \n \r
 * \t by name, other bytes below 32 as \u00XX, every other byte as is. */
static void out_string(json_out *o, const char *s) {
  out_char(o, '"');
  const char *run = s ? s : "";
  for (const char *p = run;; p++) {
    unsigned char c = (unsigned char)*p;
    if (c >= 32 && c != '"' && c != '\\')
      continue;
    out_bytes(o, run, (size_t)(p - run));
    if (c == 0)
      break;
    char esc[8] = {'\\', (char)c};
    switch (c) {
    case '\b': esc[1] = 'b'; break;
    case '\f': esc[1] = 'f'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    case '"':
    case '\\': break;
    default: snprintf(esc, sizeof esc, "\\u%04x", c);
    }
    out_bytes(o, esc, strlen(esc));
    run = p + 1;
  }
  out_char(o, '"');
}

/* A number as cJSON prints it: an integer (equal to its int value, and
 * not -0) in decimal, else the shortest of %1.15g and %1.17g that reads
 * back. */
static void out_number(json_out *o, const cJSON *item) {
  double d = item->valuedouble;
  char num[32];
  size_t len = 0;
  if (isnan(d) || isinf(d)) {
    out_bytes(o, "null", 4);
    return;
  }
  if (d == (double)item->valueint && !(d == 0 && signbit(d))) {
    long v = item->valueint;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    char digits[24];
    do {
      digits[len++] = (char)('0' + u % 10);
      u /= 10;
    } while (u);
    if (v < 0)
      digits[len++] = '-';
    for (size_t i = 0; i < len; i++)
      num[i] = digits[len - 1 - i];
    out_bytes(o, num, len);
    return;
  }
  double back = 0;
  len = (size_t)snprintf(num, sizeof num, "%1.15g", d);
  if (sscanf(num, "%lg", &back) != 1 ||
      !(fabs(back - d) <= fmax(fabs(back), fabs(d)) * DBL_EPSILON))
    len = (size_t)snprintf(num, sizeof num, "%1.17g", d);
  char point = localeconv()->decimal_point[0];
  for (size_t i = 0; i < len; i++)
    if (num[i] == point)
      num[i] = '.';
  out_bytes(o, num, len);
}

static void out_value(json_out *o, const cJSON *item) {
  switch (item->type & 0xFF) {
  case cJSON_NULL: out_bytes(o, "null", 4); break;
  case cJSON_False: out_bytes(o, "false", 5); break;
  case cJSON_True: out_bytes(o, "true", 4); break;
  case cJSON_Number: out_number(o, item); break;
  case cJSON_String: out_string(o, item->valuestring); break;
  case cJSON_Raw:
    if (item->valuestring)
      out_bytes(o, item->valuestring, strlen(item->valuestring));
    else
      o->failed = 1;
    break;
  case cJSON_Array:
  case cJSON_Object: {
    int object = (item->type & 0xFF) == cJSON_Object;
    out_char(o, object ? '{' : '[');
    for (const cJSON *c = item->child; c; c = c->next) {
      if (object) {
        out_string(o, c->string);
        out_char(o, ':');
      }
      out_value(o, c);
      if (c->next)
        out_char(o, ',');
    }
    out_char(o, object ? '}' : ']');
    break;
  }
  default: o->failed = 1; /* cJSON prints nothing either */
  }
}

void ledei_json_print_line(cJSON *item, FILE *f) {
  json_out o = {0};
  out_value(&o, item);
  if (!o.failed) {
    out_char(&o, '\n');
    fwrite(o.p, 1, o.n, f);
  }
  free(o.p);
}
