/*
 * lede-query - answers keyword questions with ranked passages from a lede
 * index, as text for people or JSON for programs.
 */
#include "lede.h"
#include "render.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "lede-query"

typedef struct options {
  const char *index;
  lede_search_opts_t search;
  render_opts_t render;
  const char *color; /* auto, always, never */
  const char **sources;
  size_t nsources;
  char *query;
} options_t;

static void usage(FILE *f) {
  fprintf(f,
          "Usage: " PROG " [OPTION]... QUERY...\n"
          "Search a lede index for the passages that best answer QUERY.\n"
          "\n"
          "  -i, --index DIR        index location (default: $LEDE_INDEX, else .lede)\n"
          "  -n, --limit N          passages to show (default 10)\n"
          "      --offset N         skip the first N passages\n"
          "  -C, --context N        neighbouring sentences to show each side (default 0)\n"
          "      --json             one JSON document with all hits\n"
          "      --jsonl            one JSON object per hit, one per line\n"
          "      --since DATE       only articles dated DATE or later (YYYY-MM-DD)\n"
          "      --until DATE       only articles dated DATE or earlier\n"
          "      --source NAME      only articles from source NAME (repeatable)\n"
          "      --per-article N    at most N passages from one article\n"
          "      --sort ORDER       relevance (default) or date (newest first)\n"
          "      --color WHEN       auto (default: on a terminal), always, never\n"
          "  -h, --help             show this help and exit\n"
          "  -V, --version          show the version and exit\n"
          "\n"
          "QUERY uses Xapian's syntax: words, \"phrases\", AND, OR, NOT, +word, -word,\n"
          "NEAR, wild*, title:word, source:NAME.\n"
          "Exit status: 0 passages found, 1 none found, 2 error.\n");
}

/* Parses a non-negative count for option name. */
static int parse_count(unsigned *out, const char *name, const char *arg) {
  char *end;
  long v = strtol(arg, &end, 10);
  if (*arg == '\0' || *end || v < 0 || v > 100000) {
    fprintf(stderr, PROG ": --%s: '%s' is not a number from 0 to 100000\n", name, arg);
    return -1;
  }
  *out = (unsigned)v;
  return 0;
}

/* Checks a --since/--until date and normalises it to YYYY-MM-DD. */
static int parse_date_opt(const char **out, const char *name, const char *arg, char buf[11]) {
  if (!lede_date_parse(buf, arg, strlen(arg))) {
    fprintf(stderr, PROG ": --%s: '%s' is not a date (use YYYY-MM-DD)\n", name, arg);
    return -1;
  }
  *out = buf;
  return 0;
}

static int parse_args(options_t *o, int argc, char **argv) {
  enum { OPT_OFFSET = 256, OPT_JSON, OPT_JSONL, OPT_SINCE, OPT_UNTIL, OPT_SOURCE, OPT_PER_ARTICLE,
         OPT_SORT, OPT_COLOR };
  static const struct option longopts[] = {
      {"index", required_argument, NULL, 'i'},
      {"limit", required_argument, NULL, 'n'},
      {"offset", required_argument, NULL, OPT_OFFSET},
      {"context", required_argument, NULL, 'C'},
      {"json", no_argument, NULL, OPT_JSON},
      {"jsonl", no_argument, NULL, OPT_JSONL},
      {"since", required_argument, NULL, OPT_SINCE},
      {"until", required_argument, NULL, OPT_UNTIL},
      {"source", required_argument, NULL, OPT_SOURCE},
      {"per-article", required_argument, NULL, OPT_PER_ARTICLE},
      {"sort", required_argument, NULL, OPT_SORT},
      {"color", required_argument, NULL, OPT_COLOR},
      {"colour", required_argument, NULL, OPT_COLOR},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  static char since_buf[11], until_buf[11];
  o->search.version = 1;
  o->search.limit = 10;
  o->color = "auto";
  int c;
  while ((c = getopt_long(argc, argv, "i:n:C:hV", longopts, NULL)) != -1) {
    switch (c) {
    case 'i': o->index = optarg; break;
    case 'n':
      if (parse_count(&o->search.limit, "limit", optarg))
        return 2;
      break;
    case OPT_OFFSET:
      if (parse_count(&o->search.offset, "offset", optarg))
        return 2;
      break;
    case 'C':
      if (parse_count(&o->search.context, "context", optarg))
        return 2;
      break;
    case OPT_JSON: o->render.format = RENDER_JSON; break;
    case OPT_JSONL: o->render.format = RENDER_JSONL; break;
    case OPT_SINCE:
      if (parse_date_opt(&o->search.since, "since", optarg, since_buf))
        return 2;
      break;
    case OPT_UNTIL:
      if (parse_date_opt(&o->search.until, "until", optarg, until_buf))
        return 2;
      break;
    case OPT_SOURCE:
      o->sources = lede_xrealloc(o->sources, (o->nsources + 2) * sizeof *o->sources);
      o->sources[o->nsources++] = optarg;
      o->sources[o->nsources] = NULL;
      break;
    case OPT_PER_ARTICLE:
      if (parse_count(&o->search.per_article, "per-article", optarg))
        return 2;
      break;
    case OPT_SORT:
      if (strcmp(optarg, "relevance") == 0)
        o->search.sort = LEDE_SORT_RELEVANCE;
      else if (strcmp(optarg, "date") == 0)
        o->search.sort = LEDE_SORT_DATE;
      else {
        fprintf(stderr, PROG ": --sort: '%s' is not relevance or date\n", optarg);
        return 2;
      }
      break;
    case OPT_COLOR:
      if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
        fprintf(stderr, PROG ": --color: '%s' is not auto, always or never\n", optarg);
        return 2;
      }
      o->color = optarg;
      break;
    case 'h': usage(stdout); exit(0);
    case 'V': printf(PROG " " LEDE_VERSION "\n"); exit(0);
    default:
      fprintf(stderr, "Try '" PROG " --help' for more information.\n");
      return 2;
    }
  }
  o->search.sources = o->sources;
  /* The query is the remaining words joined by spaces. */
  size_t total = 1;
  for (int i = optind; i < argc; i++)
    total += strlen(argv[i]) + 1;
  o->query = lede_xmalloc(total);
  o->query[0] = '\0';
  for (int i = optind; i < argc; i++) {
    if (i > optind)
      strcat(o->query, " ");
    strcat(o->query, argv[i]);
  }
  const char *q = o->query;
  while (*q == ' ' || *q == '\t')
    q++;
  if (!*q) {
    fprintf(stderr, PROG ": no query given\n");
    usage(stderr);
    return 2;
  }
  o->search.query = o->query;
  return 0;
}

int main(int argc, char **argv) {
  options_t o = {0};
  int rc = parse_args(&o, argc, argv);
  if (rc) {
    free(o.sources);
    free(o.query);
    return rc;
  }
  const char *dir = o.index;
  if (!dir) {
    const char *env = getenv("LEDE_INDEX");
    dir = env && *env ? env : ".lede";
  }
  lede_db_t *db;
  lede_status_t st = lede_db_open_read(&db, dir);
  if (st != LEDE_OK) {
    if (st == LEDE_ERR_NOT_FOUND)
      fprintf(stderr,
              PROG ": no index at %s; build one with 'lede-index PATH...' "
                   "(or point --index / $LEDE_INDEX at one)\n",
              dir);
    else
      fprintf(stderr, PROG ": %s\n", lede_last_error());
    free(o.sources);
    free(o.query);
    return 2;
  }
  o.render.color = strcmp(o.color, "always") == 0 ||
                   (strcmp(o.color, "auto") == 0 && isatty(STDOUT_FILENO) &&
                    !getenv("NO_COLOR"));
  o.render.max_chars = 400;
  lede_stemmer_open(&o.render.stemmer, lede_db_language(db));

  lede_results_t *res = NULL;
  st = lede_db_search(&res, db, &o.search);
  int status;
  if (st != LEDE_OK) {
    fprintf(stderr, PROG ": %s\n", lede_last_error());
    status = 2;
  } else {
    render_results(stdout, res, &o.render);
    status = res->nhits ? 0 : 1;
  }
  if (fflush(stdout) != 0)
    status = 2;
  lede_results_free(res);
  lede_stemmer_close(o.render.stemmer);
  lede_db_close(db);
  free(o.sources);
  free(o.query);
  return status;
}
