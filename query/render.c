/*
 * render.c - text, JSON and JSONL output of lede-query.
 */
#include "render.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#define ANSI_BOLD_MATCH "\033[1;31m"
#define ANSI_DIM "\033[2m"
#define ANSI_HEAD "\033[1;34m"
#define ANSI_RESET "\033[0m"

/* Writes [s, s+len) with control bytes and invalid UTF-8 escaped (file
 * names and text may hold bytes that would drive the terminal). */
static void put_escaped(FILE *f, const char *s, size_t len) {
  char *e = ledei_escape_n(s, len);
  fputs(e, f);
  free(e);
}

static void put_str(FILE *f, const char *s) {
  put_escaped(f, s, strlen(s));
}

/* Writes text[from, to) with the matched spans marked: bold colour on a
 * terminal, else [brackets]. */
static void put_marked(FILE *f, const char *text, size_t from, size_t to, const lede_span_t *m,
                       size_t nm, int color) {
  size_t pos = from;
  for (size_t i = 0; i < nm; i++) {
    if (m[i].end <= from || m[i].start >= to)
      continue;
    size_t s = m[i].start < from ? from : m[i].start;
    size_t e = m[i].end > to ? to : m[i].end;
    put_escaped(f, text + pos, s - pos);
    fputs(color ? ANSI_BOLD_MATCH : "[", f);
    put_escaped(f, text + s, e - s);
    fputs(color ? ANSI_RESET : "]", f);
    pos = e;
  }
  put_escaped(f, text + pos, to - pos);
}

/* Moves i back to the start of a UTF-8 character. */
static size_t char_start(const char *t, size_t i) {
  while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80)
    i--;
  return i;
}

/* The start of the match that begins the window of width bytes holding the
 * most matches (the first such), or 0 when there are none. */
static size_t densest_match(const lede_span_t *m, size_t nm, size_t width) {
  size_t best = 0, best_count = 0;
  for (size_t i = 0; i < nm; i++) {
    size_t count = 0;
    for (size_t j = i; j < nm && m[j].end <= m[i].start + width; j++)
      count++;
    if (count > best_count)
      best = i, best_count = count;
  }
  return nm ? m[best].start : 0;
}

/* Prints a sentence; one longer than max_chars bytes is cut to a window of
 * about that size around its densest run of matches (a fifth of the window
 * before the first of them), with ellipses where text was left out. Cuts
 * fall on spaces when one is near, and never inside a UTF-8 character. */
static void put_sentence(FILE *f, const char *text, const lede_span_t *m, size_t nm,
                         const render_opts_t *o) {
  size_t len = strlen(text);
  size_t from = 0, to = len;
  if (o->max_chars && len > o->max_chars) {
    size_t focus = densest_match(m, nm, o->max_chars * 4 / 5);
    size_t lead = o->max_chars / 5;
    from = focus > lead ? focus - lead : 0;
    to = from + o->max_chars < len ? from + o->max_chars : len;
    if (to == len && len > o->max_chars)
      from = len - o->max_chars;
    from = char_start(text, from);
    to = char_start(text, to);
    /* Prefer to cut at spaces. */
    if (from > 0) {
      const char *sp = memchr(text + from, ' ', to - from);
      if (sp && (size_t)(sp - text) < from + 40)
        from = (size_t)(sp - text) + 1;
    }
    if (to < len) {
      size_t k = to;
      while (k > from + 1 && text[k] != ' ')
        k--;
      if (to - k < 40 && k > from)
        to = k;
    }
  }
  if (from > 0)
    fputs("… ", f);
  put_marked(f, text, from, to, m, nm, o->color);
  if (to < len)
    fputs(" …", f);
}

/* Prints a neighbouring sentence, cut as a hit is when long: one before the
 * hit keeps its end, one after it its start (the parts nearest the hit). */
static void put_context(FILE *f, const char *text, int before, const render_opts_t *o) {
  size_t len = strlen(text);
  lede_span_t end = {len, len};
  put_sentence(f, text, before ? &end : NULL, before ? 1 : 0, o);
}

/* The line naming a hit's other copies: the first three sources (with
 * their dates), then "…". */
static void put_copies(FILE *f, const lede_hit_t *h, const char *dim, const char *reset) {
  if (h->nalso == 0)
    return;
  fprintf(f, "%s   also in %zu article%s: ", dim, h->nalso, h->nalso == 1 ? "" : "s");
  for (size_t k = 0; k < h->nalso && k < 3; k++) {
    if (k > 0)
      fputs(", ", f);
    put_str(f, h->also[k].source);
    if (h->also[k].date) {
      fputs(" (", f);
      put_str(f, h->also[k].date);
      fputc(')', f);
    }
  }
  fprintf(f, "%s%s\n", h->nalso > 3 ? ", …" : "", reset);
}

/* The line of a hit's score parts (--explain). On a terminal it is
 * wrapped to its width between parts, the lines after the first indented
 * further (a line of 150 to 230 columns split numbers); into a pipe it
 * stays one line, for grep. */
static void put_explain(FILE *f, const lede_hit_t *h, const lede_explain_t *e,
                        const render_opts_t *o, const char *dim, const char *reset) {
  char parts[7][96];
  int n = 0;
  snprintf(parts[n++], sizeof parts[0], "score %.4f = sentence %.4f", h->score, e->sentence);
  snprintf(parts[n++], sizeof parts[0], "+ boost %.4f (article %.4f x weight %g)", e->boost,
           e->article, e->article_weight);
  snprintf(parts[n++], sizeof parts[0], "+ rerank %.4f (coverage %.4f x %g", e->rerank, e->coverage,
           e->coverage_weight);
  snprintf(parts[n++], sizeof parts[0], "+ proximity %.4f x %g", e->proximity, e->proximity_weight);
  /* The answer type and article x coverage count for typed questions only. */
  if (e->answer_weight > 0 || e->article_coverage_weight > 0) {
    snprintf(parts[n++], sizeof parts[0], "+ answer type %g x %g", e->answer, e->answer_weight);
    snprintf(parts[n++], sizeof parts[0], "+ article x coverage %.4f x %g", e->article_coverage,
             e->article_coverage_weight);
  }
  strcat(parts[n - 1], ")");
  size_t col = 3;
  fprintf(f, "%s   ", dim);
  for (int k = 0; k < n; k++) {
    size_t len = strlen(parts[k]);
    if (k > 0 && o->width && col + 1 + len > o->width) {
      fputs("\n     ", f);
      col = 5;
    } else if (k > 0) {
      fputc(' ', f);
      col++;
    }
    fputs(parts[k], f);
    col += len;
  }
  fprintf(f, "%s\n", reset);
}

/* Says on standard error why a page holds no passage. */
static void say_no_passages(const lede_results_t *res) {
  char *q = ledei_escape(res->query);
  if (res->offset > 0 && res->total > 0)
    fprintf(stderr,
            "lede-query: no passages past --offset %u: '%s' matches about %llu; use a smaller "
            "--offset\n",
            res->offset, q, (unsigned long long)res->total);
  else
    fprintf(stderr, "lede-query: no passages match '%s'\n", q);
  free(q);
}

/* Text for people: a numbered block per hit (source, date, title; path,
 * sentence, score; context and the sentence with matches marked), then a
 * count. No hits: a message on standard error. Warnings are the caller's. */
static void render_text(FILE *f, const lede_results_t *res, const render_opts_t *o) {
  if (res->suggestion && res->corrected) {
    fputs("Showing results for: ", f);
    put_str(f, res->suggestion);
    fputs(" (none for '", f);
    put_str(f, res->query);
    fputs("'; --exact searches only what was typed)\n\n", f);
  } else if (res->suggestion) {
    fputs("Did you mean: ", f);
    put_str(f, res->suggestion);
    fputs("\n\n", f);
  }
  const char *const *terms = (const char *const *)res->terms;
  static const char *const no_terms[] = {NULL};
  if (!terms)
    terms = no_terms;
  const char *head = o->color ? ANSI_HEAD : "", *dim = o->color ? ANSI_DIM : "";
  const char *reset = o->color ? ANSI_RESET : "";
  for (size_t i = 0; i < res->nhits; i++) {
    const lede_hit_t *h = &res->hits[i];
    if (i > 0)
      fputc('\n', f);
    fprintf(f, "%s%u. ", head, h->rank);
    put_str(f, h->source);
    fputs(" | ", f);
    if (h->place) { /* where the dateline put it, as a dateline writes it */
      put_str(f, h->place);
      fputs(", ", f);
    }
    put_str(f, h->date ? h->date : "date unknown");
    if (h->title) {
      fputs(" | ", f);
      put_str(f, h->title);
    }
    fprintf(f, "%s\n%s   ", reset, dim);
    put_str(f, h->path);
    fprintf(f, ", sentence %u, score %.2f%s\n", h->sentence, h->score, reset);
    if (o->explain && res->explain)
      put_explain(f, h, &res->explain[i], o, dim, reset);
    for (size_t k = 0; k < h->nbefore; k++) {
      fprintf(f, "%s   ", dim);
      put_context(f, h->before[k], 1, o);
      fprintf(f, "%s\n", reset);
    }
    lede_span_t *m = NULL;
    size_t nm = 0;
    ledei_highlight(&m, &nm, h->text, terms, (const char *const *)res->phrases, o->stemmer);
    fputs(" > ", f);
    put_sentence(f, h->text, m, nm, o);
    fputc('\n', f);
    free(m);
    for (size_t k = 0; k < h->nafter; k++) {
      fprintf(f, "%s   ", dim);
      put_context(f, h->after[k], 0, o);
      fprintf(f, "%s\n", reset);
    }
    put_copies(f, h, dim, reset);
  }
  if (res->nhits == 0)
    say_no_passages(res);
  else
    fprintf(f, "\n%zu of %s%llu matching passages\n", res->nhits, res->total_exact ? "" : "about ",
            (unsigned long long)res->total);
}

/* A number rounded to 4 decimals, as the score is. */
static void add_rounded(cJSON *o, const char *key, double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.4f", v);
  cJSON_AddNumberToObject(o, key, strtod(buf, NULL));
}

/* Adds "explain" to hit i's object j when --explain asks for it. */
static void add_explain(cJSON *j, const lede_results_t *res, size_t i, const render_opts_t *o) {
  if (!o->explain || !res->explain || !j)
    return;
  const lede_explain_t *e = &res->explain[i];
  cJSON *x = cJSON_AddObjectToObject(j, "explain");
  add_rounded(x, "sentence", e->sentence);
  add_rounded(x, "article", e->article);
  add_rounded(x, "article_weight", e->article_weight);
  add_rounded(x, "boost", e->boost);
  add_rounded(x, "coverage", e->coverage);
  add_rounded(x, "coverage_weight", e->coverage_weight);
  add_rounded(x, "proximity", e->proximity);
  add_rounded(x, "proximity_weight", e->proximity_weight);
  add_rounded(x, "rerank", e->rerank);
  add_rounded(x, "answer", e->answer);
  add_rounded(x, "answer_weight", e->answer_weight);
  add_rounded(x, "article_coverage", e->article_coverage);
  add_rounded(x, "article_coverage_weight", e->article_coverage_weight);
}

/* JSON Lines carry hits only: what the text shows above and below them
 * (a corrected query, no passages) goes to standard error. */
static void render_jsonl(FILE *f, const lede_results_t *res, const render_opts_t *o) {
  if (res->suggestion) {
    char *s = ledei_escape(res->suggestion), *q = ledei_escape(res->query);
    if (res->corrected)
      fprintf(stderr,
              "lede-query: showing results for: %s (none for '%s'; --exact searches only what "
              "was typed)\n",
              s, q);
    else
      fprintf(stderr, "lede-query: did you mean: %s\n", s);
    free(s);
    free(q);
  }
  for (size_t i = 0; i < res->nhits; i++) {
    cJSON *j = ledei_hit_to_json(&res->hits[i]);
    add_explain(j, res, i, o);
    ledei_json_print_line(j, f);
    cJSON_Delete(j);
  }
  if (res->nhits == 0)
    say_no_passages(res);
}

void render_results(FILE *f, const lede_results_t *res, const render_opts_t *o) {
  switch (o->format) {
  case RENDER_TEXT: render_text(f, res, o); break;
  case RENDER_JSON: {
    cJSON *j = ledei_results_to_json(res);
    /* The hits in turn (cJSON_GetArrayItem() walks the list from its
     * start each time: 40,000 hits took 13 s), and only for --explain. */
    cJSON *hits = cJSON_GetObjectItem(j, "hits");
    cJSON *hit = o->explain && hits ? hits->child : NULL;
    for (size_t i = 0; hit && i < res->nhits; i++, hit = hit->next)
      add_explain(hit, res, i, o);
    ledei_json_print_line(j, f);
    cJSON_Delete(j);
    break;
  }
  case RENDER_JSONL: render_jsonl(f, res, o); break;
  }
}

void render_count(FILE *f, const char *query, const lede_count_t *c, const render_opts_t *o) {
  if (o->format != RENDER_TEXT) {
    cJSON *j = ledei_count_to_json(query, c);
    ledei_json_print_line(j, f);
    cJSON_Delete(j);
    return;
  }
  char *q = ledei_escape(query);
  fprintf(f, "%llu passage%s in %llu article%s match '%s'\n", (unsigned long long)c->passages,
          c->passages == 1 ? "" : "s", (unsigned long long)c->articles, c->articles == 1 ? "" : "s",
          q);
  free(q);
}

void render_timeline(FILE *f, const lede_timeline_t *t, const render_opts_t *o) {
  if (o->format != RENDER_TEXT) {
    cJSON *j = ledei_timeline_to_json(t);
    ledei_json_print_line(j, f);
    cJSON_Delete(j);
    return;
  }
  if (!o->width) { /* for pipes: one line per period, nothing else */
    for (size_t i = 0; i < t->nbuckets; i++)
      fprintf(f, "%s\t%llu\t%llu\n", t->buckets[i].start,
              (unsigned long long)t->buckets[i].passages,
              (unsigned long long)t->buckets[i].articles);
    if (t->undated)
      fprintf(f, "undated\t%llu\t\n", (unsigned long long)t->undated);
    return;
  }
  uint64_t most = 1;
  for (size_t i = 0; i < t->nbuckets; i++)
    if (t->buckets[i].passages > most)
      most = t->buckets[i].passages;
  /* "2024-03-01 " then the bar, then " 12 in 3 articles" (at most ~30). */
  unsigned room = o->width > 50 ? o->width - 42 : 8;
  char *q = ledei_escape(t->query);
  fprintf(f, "%s'%s' per %s: %llu passages%s", o->color ? ANSI_HEAD : "", q,
          lede_unit_name(t->unit), (unsigned long long)t->total, o->color ? ANSI_RESET : "");
  if (t->undated)
    fprintf(f, " (%llu undated)", (unsigned long long)t->undated);
  fputc('\n', f);
  free(q);
  for (size_t i = 0; i < t->nbuckets; i++) {
    const lede_bucket_t *b = &t->buckets[i];
    unsigned len = (unsigned)((b->passages * room + most - 1) / most);
    fprintf(f, "%s ", b->start);
    if (o->color && len)
      fputs(ANSI_BOLD_MATCH, f);
    for (unsigned k = 0; k < len; k++)
      fputs("\xE2\x96\x88", f); /* a full block */
    if (o->color && len)
      fputs(ANSI_RESET, f);
    if (b->passages)
      fprintf(f, " %llu in %llu article%s", (unsigned long long)b->passages,
              (unsigned long long)b->articles, b->articles == 1 ? "" : "s");
    fputc('\n', f);
  }
}
