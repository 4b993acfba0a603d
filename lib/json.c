/*
 * json.c - builds lede's JSON documents with cJSON (shapes: docs/json.md,
 * docs/lede-query.schema.json). Every string goes through add_str_safe() or
 * safe_string(), which replace invalid UTF-8, so the output is valid JSON
 * whatever the bytes of articles, paths and queries.
 */
#include "lede_private.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string of s, with invalid UTF-8 replaced by U+FFFD. */
static cJSON *safe_string(const char *s) {
  size_t n = strlen(s);
  if (ledei_utf8_valid(s, n))
    return cJSON_CreateString(s);
  char *clean = ledei_utf8_sanitize(s, n);
  cJSON *j = cJSON_CreateString(clean);
  free(clean);
  return j;
}

/* Adds key: s (made valid UTF-8), or key: null when s is NULL. The key is
 * made valid too (front matter keys come from articles). */
static void add_str_safe(cJSON *obj, const char *key, const char *s) {
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
  if (n)
    cJSON_AddNumberToObject(obj, key, n);
  else
    cJSON_AddNullToObject(obj, key);
}

/* Adds key: {meta keys: values} (an empty object when there are none). */
static void add_meta(cJSON *obj, const char *key, const lede_meta_t *meta, size_t n) {
  cJSON *m = cJSON_AddObjectToObject(obj, key);
  for (size_t i = 0; i < n; i++)
    add_str_safe(m, meta[i].key, meta[i].value);
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
  cJSON_AddNumberToObject(o, "rank", h->rank);
  /* Scores are rounded to 4 decimals: more is noise, and it keeps the
   * output stable across platforms. */
  char buf[32];
  snprintf(buf, sizeof buf, "%.4f", h->score);
  cJSON_AddNumberToObject(o, "score", strtod(buf, NULL));
  add_str_safe(o, "text", h->text);
  add_str_safe(o, "source", h->source);
  add_str_safe(o, "date", h->date);
  add_str_safe(o, "title", h->title);
  add_str_safe(o, "path", h->path);
  add_str_safe(o, "abs_path", h->abs_path);
  cJSON_AddNumberToObject(o, "sentence", h->sentence);
  add_str_safe(o, "place", h->place);
  cJSON_AddNumberToObject(o, "start", (double)h->start);
  cJSON_AddNumberToObject(o, "end", (double)h->end);
  add_position(o, "line", h->line);
  add_position(o, "column", h->column);
  add_str_safe(o, "url", h->url);
  add_str_safe(o, "language", h->language);
  add_meta(o, "meta", h->meta, h->nmeta);
  cJSON *ctx = cJSON_AddObjectToObject(o, "context");
  cJSON_AddItemToObject(ctx, "before", str_array(h->before, h->nbefore));
  cJSON_AddItemToObject(ctx, "after", str_array(h->after, h->nafter));
  cJSON *also = cJSON_AddArrayToObject(o, "also");
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
  cJSON_AddNumberToObject(o, "total", (double)r->total);
  cJSON_AddBoolToObject(o, "total_exact", r->total_exact != 0);
  cJSON_AddNumberToObject(o, "offset", r->offset);
  if (r->suggestion)
    add_str_safe(o, "suggestion", r->suggestion);
  if (r->corrected)
    cJSON_AddTrueToObject(o, "corrected");
  if (r->warning)
    add_str_safe(o, "warning", r->warning);
  cJSON *hits = cJSON_AddArrayToObject(o, "hits");
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

void ledei_json_print_line(cJSON *item, FILE *f) {
  char *s = cJSON_PrintUnformatted(item);
  if (s) {
    fputs(s, f);
    fputc('\n', f);
    cJSON_free(s);
  }
}
