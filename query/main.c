/*
 * lede-query - answers keyword questions with ranked passages from a lede
 * index, as text for people or JSON for programs.
 */
#include "lede_private.h"
#include "options.h"
#include "render.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROG "lede-query"

typedef struct options {
  const char **indexes; /* --index, each time it is given */
  size_t nindexes;
  unsigned timeout_ms; /* --timeout, for served indexes */
  lede_search_opts_t search;
  render_opts_t render;
  const char *color; /* auto, always, never */
  const char **sources;
  size_t nsources;
  char *query;
  int batch;    /* --batch: queries from stdin, one JSON document each */
  int stats;    /* --stats: what the index holds instead of a search */
  int timeline; /* --timeline: passages per period instead of a search */
  int count;    /* --count: how many passages and articles match */
  lede_unit_t unit;
} options_t;

static void usage(FILE *f) {
  fprintf(f, "Usage: " PROG " [OPTION]... QUERY...\n"
             "  or:  " PROG " [OPTION]... --batch < QUERIES\n"
             "Search a lede index for the passages that best answer QUERY.\n"
             "\n"
             "  -i, --index DIR        index location (default: $LEDE_INDEX, else the nearest\n"
             "                         .lede here or in a parent folder); give it again to\n"
             "                         search several indexes as one; tcp://HOST:PORT is an\n"
             "                         index served by lede-serve\n"
             "      --timeout SECONDS  how long to wait for a served index (default 10)\n"
             "  -n, --limit N          passages to show, from 1 (default 10)\n"
             "      --offset N         skip the first N passages\n"
             "  -C, --context N        neighbouring sentences to show each side (default 0)\n"
             "      --json             one JSON document with all hits\n"
             "      --jsonl            one JSON object per hit, one per line\n"
             "      --batch            read one query per line from standard input and write\n"
             "                         one JSON document (as --json) per line\n"
             "      --since DATE       only articles dated DATE or later: a day (2023-11-09,\n"
             "                         \"Nov 9, 2023\", \"9 November 2023\"), a month (2023-11:\n"
             "                         from its first day) or a year (2023)\n"
             "      --until DATE       only articles dated DATE or earlier (a month or a\n"
             "                         year: up to its last day)\n"
             "      --source NAME      only articles from source NAME (repeatable)\n"
             "      --under DIR        only articles whose file is in folder DIR\n"
             "      --per-article N    at most N passages from one article (default 3;\n"
             "                         0: no limit)\n"
             "      --sort ORDER       relevance (default) or date (newest first)\n"
             "      --all              show every copy of a syndicated sentence as a hit\n"
             "                         (default: one hit naming the other copies)\n"
             "      --explain          show the parts of each hit's score: the sentence's\n"
             "                         BM25, its article's BM25, the weight, the boost\n"
             "                         and the rerank's features\n"
             "      --color WHEN       auto (default: on a terminal), always, never\n"
             "      --exact            no spelling correction: when nothing matches, say so\n"
             "                         (default: search the suggested spelling and say so)\n"
             "      --count            how many passages match, and in how many articles\n"
             "                         (exact; words all required, as in --timeline)\n"
             "      --timeline UNIT    how many passages match, per day, week (from Monday),\n"
             "                         month or year, over the whole archive (filters apply)\n"
             "      --stats            what the index holds: articles, sentences, sources,\n"
             "                         dates, language, size, last update (--json: an object)\n"
             "  -h, --help             show this help and exit\n"
             "  -V, --version          show the version and exit\n"
             "\n"
             "QUERY uses Xapian's syntax: words, \"phrases\", AND, OR, NOT, +word, -word,\n"
             "a NEAR b, a ADJ b, wild*, (groups), and the fields title:word, source:NAME,\n"
             "place:NAME, date:2023, date:2023-11, date:2023-11-09, date:2023-11-01..2023-11-30\n"
             "(either end may be left out). Common English words are ignored unless quoted.\n"
             "Put -- before a query that starts with -word.\n"
             "Exit status: 0 passages found, 1 none found, 2 error (--batch: 0 when any\n"
             "query found passages).\n");
}

/* Parses --timeline's unit. */
static int parse_unit(lede_unit_t *out, const char *arg) {
  static const lede_unit_t units[] = {LEDE_UNIT_DAY, LEDE_UNIT_WEEK, LEDE_UNIT_MONTH,
                                      LEDE_UNIT_YEAR};
  for (size_t i = 0; i < sizeof units / sizeof *units; i++)
    if (strcmp(arg, lede_unit_name(units[i])) == 0) {
      *out = units[i];
      return 0;
    }
  fprintf(stderr, PROG ": --timeline: '%s' is not day, week, month or year\n", arg);
  return -1;
}

/* Parses a count from min to 100000 for option name. */
static int parse_count(unsigned *out, const char *name, const char *arg, long min) {
  char *end;
  long v = strtol(arg, &end, 10);
  if (*arg == '\0' || *end || v < min || v > 100000) {
    fprintf(stderr, PROG ": --%s: '%s' is not a number from %ld to 100000\n", name, arg, min);
    return -1;
  }
  *out = (unsigned)v;
  return 0;
}

/* Checks a --since/--until date (a day, a month or a year) and writes the
 * first (last = 0) or last day it covers as YYYY-MM-DD. */
static int parse_date_opt(const char **out, const char *name, const char *arg, char buf[11],
                          int last) {
  if (!ledei_date_bound(buf, arg, strlen(arg), last)) {
    fprintf(stderr,
            PROG ": --%s: '%s' is not a date (use 2023-11-09, \"Nov 9, 2023\", 2023-11 or 2023)\n",
            name, arg);
    return -1;
  }
  *out = buf;
  return 0;
}

/* The reference rankings scripts/eval compares (docs/ranking.md):
 * LEDE_RANK=sentence|article and LEDE_RANK_WEIGHT=w (a malformed or
 * negative weight, or one past RANK_WEIGHT_MAX, which would make scores
 * infinite: the default; 0: no article evidence). */
#define RANK_WEIGHT_MAX 1e6
static void rank_from_env(lede_search_opts_t *so) {
  const char *mode = getenv("LEDE_RANK");
  if (mode && strcmp(mode, "sentence") == 0)
    so->rank = LEDE_RANK_SENTENCE;
  else if (mode && strcmp(mode, "article") == 0)
    so->rank = LEDE_RANK_ARTICLE;
  const char *w = getenv("LEDE_RANK_WEIGHT");
  char *end;
  double d = w && *w ? strtod(w, &end) : -1;
  if (d == 0 && !*end && so->rank == LEDE_RANK_DEFAULT)
    so->rank = LEDE_RANK_SENTENCE; /* what a weight of 0 comes to */
  else if (d > 0 && d <= RANK_WEIGHT_MAX && !*end)
    so->rank_weight = d;
}

static int parse_args(options_t *o, int argc, char **argv) {
  enum {
    OPT_OFFSET = 256,
    OPT_JSON,
    OPT_JSONL,
    OPT_SINCE,
    OPT_UNTIL,
    OPT_SOURCE,
    OPT_PER_ARTICLE,
    OPT_SORT,
    OPT_COLOR,
    OPT_BATCH,
    OPT_STATS,
    OPT_TIMELINE,
    OPT_TIMEOUT,
    OPT_COUNT,
    OPT_EXACT,
    OPT_UNDER,
    OPT_ALL,
    OPT_EXPLAIN
  };
  static const struct option longopts[] = {
      {"index", required_argument, NULL, 'i'},
      {"timeout", required_argument, NULL, OPT_TIMEOUT},
      {"limit", required_argument, NULL, 'n'},
      {"offset", required_argument, NULL, OPT_OFFSET},
      {"context", required_argument, NULL, 'C'},
      {"json", no_argument, NULL, OPT_JSON},
      {"jsonl", no_argument, NULL, OPT_JSONL},
      {"batch", no_argument, NULL, OPT_BATCH},
      {"stats", no_argument, NULL, OPT_STATS},
      {"timeline", required_argument, NULL, OPT_TIMELINE},
      {"count", no_argument, NULL, OPT_COUNT},
      {"exact", no_argument, NULL, OPT_EXACT},
      {"under", required_argument, NULL, OPT_UNDER},
      {"since", required_argument, NULL, OPT_SINCE},
      {"until", required_argument, NULL, OPT_UNTIL},
      {"source", required_argument, NULL, OPT_SOURCE},
      {"per-article", required_argument, NULL, OPT_PER_ARTICLE},
      {"sort", required_argument, NULL, OPT_SORT},
      {"all", no_argument, NULL, OPT_ALL},
      {"explain", no_argument, NULL, OPT_EXPLAIN},
      {"color", required_argument, NULL, OPT_COLOR},
      {"colour", required_argument, NULL, OPT_COLOR},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  static char since_buf[11], until_buf[11];
  o->search = (lede_search_opts_t)LEDE_SEARCH_OPTS_INIT;
  o->search.per_article = 3; /* measured in docs/ranking.md */
  rank_from_env(&o->search);
  o->color = "auto";
  int c;
  opterr = 0; /* messages are ours, named "lede-query" */
  while ((c = getopt_long(argc, argv, ":i:n:C:hV", longopts, NULL)) != -1) {
    switch (c) {
    case 'i':
      o->indexes = ledei_xrealloc(o->indexes, (o->nindexes + 1) * sizeof *o->indexes);
      o->indexes[o->nindexes++] = optarg;
      break;
    case OPT_TIMEOUT: {
      unsigned secs;
      if (parse_count(&secs, "timeout", optarg, 1))
        return 2;
      o->timeout_ms = secs > 86400 ? 86400000u : secs * 1000u;
      break;
    }
    case 'n':
      if (parse_count(&o->search.limit, "limit", optarg, 1))
        return 2;
      break;
    case OPT_OFFSET:
      if (parse_count(&o->search.offset, "offset", optarg, 0))
        return 2;
      break;
    case 'C':
      if (parse_count(&o->search.context, "context", optarg, 0))
        return 2;
      break;
    case OPT_JSON: o->render.format = RENDER_JSON; break;
    case OPT_JSONL: o->render.format = RENDER_JSONL; break;
    case OPT_BATCH: o->batch = 1; break;
    case OPT_ALL: o->search.all = 1; break;
    case OPT_EXPLAIN: o->render.explain = 1; break;
    case OPT_STATS: o->stats = 1; break;
    case OPT_COUNT: o->count = 1; break;
    case OPT_EXACT: o->search.exact = 1; break;
    case OPT_UNDER: {
      struct stat st;
      if (stat(optarg, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, PROG ": --under %s: %s\n", optarg,
                errno && stat(optarg, &st) != 0 ? strerror(errno) : "not a folder");
        return 2;
      }
      o->search.under = optarg;
      break;
    }
    case OPT_TIMELINE:
      if (parse_unit(&o->unit, optarg))
        return 2;
      o->timeline = 1;
      break;
    case OPT_SINCE:
      if (parse_date_opt(&o->search.since, "since", optarg, since_buf, 0))
        return 2;
      break;
    case OPT_UNTIL:
      if (parse_date_opt(&o->search.until, "until", optarg, until_buf, 1))
        return 2;
      break;
    case OPT_SOURCE:
      o->sources = ledei_xrealloc(o->sources, (o->nsources + 2) * sizeof *o->sources);
      o->sources[o->nsources++] = optarg;
      o->sources[o->nsources] = NULL;
      break;
    case OPT_PER_ARTICLE:
      if (parse_count(&o->search.per_article, "per-article", optarg, 0))
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
    case 'h': usage(stdout); exit(ledei_stdout_status(PROG));
    case 'V': printf(PROG " " LEDE_VERSION "\n"); exit(ledei_stdout_status(PROG));
    case ':':
      fprintf(stderr, PROG ": option '%s' needs a value\n", argv[optind - 1]);
      fprintf(stderr, "Try '" PROG " --help' for more information.\n");
      return 2;
    default: {
      /* getopt stays on "-word" while it reads its letters as options. */
      const char *arg = optind < argc && argv[optind][0] == '-' ? argv[optind] : argv[optind - 1];
      if (options_complain(stderr, PROG, argv[optind - 1], longopts))
        ;
      else if (optopt && optopt < 128)
        fprintf(stderr, PROG ": unknown option '-%c'\n", optopt);
      else
        fprintf(stderr, PROG ": unknown option '%s'\n", argv[optind - 1]);
      if (optopt && arg[0] == '-' && arg[1] != '-' && strlen(arg) > 2)
        fprintf(stderr,
                PROG ": to search for a word starting with '-', put -- before the "
                     "query: " PROG " -- %s\n",
                arg);
      fprintf(stderr, "Try '" PROG " --help' for more information.\n");
      return 2;
    }
    }
  }
  if (o->search.since && o->search.until && strcmp(o->search.since, o->search.until) > 0) {
    fprintf(stderr, PROG ": --since %s is after --until %s: no date lies in between\n",
            o->search.since, o->search.until);
    return 2;
  }
  if (o->render.explain && (o->stats || o->count || o->timeline)) {
    fprintf(stderr, PROG ": --explain shows the parts of each hit's score; %s shows no hits\n",
            o->stats   ? "--stats"
            : o->count ? "--count"
                       : "--timeline");
    return 2;
  }
  if (o->stats) {
    if (o->batch || optind < argc) {
      fprintf(stderr, PROG ": --stats describes the index; it takes no query (nor --batch)\n");
      return 2;
    }
    const char *filter = o->search.since   ? "--since"
                         : o->search.until ? "--until"
                         : o->nsources     ? "--source"
                         : o->search.under ? "--under"
                         : o->timeline     ? "--timeline"
                         : o->count        ? "--count"
                                           : NULL;
    if (filter) {
      fprintf(stderr,
              PROG ": --stats describes the whole index; it does not take %s (count what a "
                   "query matches with --count or --timeline)\n",
              filter);
      return 2;
    }
    return 0;
  }
  if ((o->timeline || o->count) && o->batch) {
    fprintf(stderr, PROG ": --%s answers one query; it does not take --batch\n",
            o->count ? "count" : "timeline");
    return 2;
  }
  if (o->timeline && o->count) {
    fprintf(stderr, PROG ": --count and --timeline: choose one\n");
    return 2;
  }
  if (o->batch) {
    if (o->render.format == RENDER_JSONL) {
      fprintf(stderr, PROG ": --batch writes JSON documents (--json); it does not take --jsonl\n");
      return 2;
    }
    if (optind < argc) {
      fprintf(stderr, PROG ": --batch reads its queries from standard input, not from the "
                           "command line\n");
      return 2;
    }
    o->render.format = RENDER_JSON;
    o->search.sources = o->sources;
    return 0;
  }
  o->search.sources = o->sources;
  /* The query is the remaining words joined by spaces. */
  size_t total = 1;
  for (int i = optind; i < argc; i++)
    total += strlen(argv[i]) + 1;
  o->query = ledei_xmalloc(total);
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

/* 1 when text output should be coloured: --color always, or auto on a
 * terminal unless NO_COLOR is set (non-empty) or TERM is "dumb". */
static int want_color(const char *when) {
  if (strcmp(when, "always") == 0)
    return 1;
  if (strcmp(when, "never") == 0 || !isatty(STDOUT_FILENO))
    return 0;
  const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
  return !(no && *no) && !(term && strcmp(term, "dumb") == 0);
}

/* Prints "lede-query: MSG" on standard error, escaped: messages name
 * files and quote queries, which may hold control bytes. */
static void say(const char *msg) {
  char *e = ledei_escape(msg);
  fprintf(stderr, PROG ": %s\n", e);
  free(e);
}

/* Writes one --batch line's JSON document for a query that failed: the
 * --json shape with no hits and "error" saying why. */
static void print_batch_error(const char *query, unsigned offset, const char *why) {
  lede_results_t empty = {0};
  empty.total_exact = 1;
  empty.query = (char *)query;
  empty.offset = offset;
  cJSON *j = ledei_results_to_json(&empty);
  char *clean = ledei_utf8_sanitize(why, strlen(why));
  cJSON_AddStringToObject(j, "error", clean);
  free(clean);
  ledei_json_print_line(j, stdout);
  cJSON_Delete(j);
}

/* Reads the next --batch query from standard input into *line (getline()
 * buffer): its line ending cut, NUL bytes made spaces so that none cuts the
 * query short. Returns its length, or -1 at the end. */
static ssize_t next_query(char **line, size_t *cap) {
  ssize_t n = getline(line, cap, stdin);
  if (n == -1)
    return -1;
  while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
    (*line)[--n] = '\0';
  for (ssize_t i = 0; i < n; i++)
    if ((*line)[i] == '\0')
      (*line)[i] = ' ';
  return n;
}

/* --batch: answers each line of standard input as a query, writing one JSON
 * document per line (flushed, so a caller can interleave). An empty or blank
 * line gets a document with no hits, so output line N always answers input
 * line N. Returns the exit status: 2 when a query failed or output could not
 * be written, else 0 when any query found passages, else 1. */
static int run_batch(lede_db_t *db, options_t *o) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int any_hits = 0, any_error = 0;
  while ((n = next_query(&line, &cap)) != -1) {
    size_t blank = strspn(line, " \t");
    if (line[blank] == '\0') {
      lede_results_t empty = {0};
      empty.total_exact = 1;
      empty.query = line;
      empty.offset = o->search.offset;
      render_results(stdout, &empty, &o->render);
    } else {
      lede_results_t *res = NULL;
      o->search.query = line;
      if (lede_db_search(&res, db, &o->search) != LEDE_OK) {
        print_batch_error(line, o->search.offset, lede_last_error());
        any_error = 1;
      } else {
        render_results(stdout, res, &o->render);
        any_hits |= res->nhits > 0;
      }
      lede_results_free(res);
    }
    if (fflush(stdout) != 0) {
      any_error = 1;
      break;
    }
  }
  free(line);
  if (ferror(stdin)) {
    fprintf(stderr, PROG ": reading queries: %s\n", strerror(errno));
    any_error = 1;
  }
  return any_error ? 2 : any_hits ? 0 : 1;
}

/* --timeline: counts the query's passages per period. Returns the exit
 * status. */
static int run_timeline(lede_db_t *db, options_t *o) {
  lede_timeline_t *t = NULL;
  if (lede_db_timeline(&t, db, &o->search, o->unit) != LEDE_OK) {
    say(lede_last_error());
    return 2;
  }
  if (t->warning)
    say(t->warning);
  render_timeline(stdout, t, &o->render);
  int status = t->total ? 0 : 1;
  lede_timeline_free(t);
  return status;
}

/* --count: how many passages and articles match. Returns the exit status. */
static int run_count(lede_db_t *db, options_t *o) {
  lede_count_t c;
  if (lede_db_count_matches(&c, db, &o->search) != LEDE_OK) {
    say(lede_last_error());
    return 2;
  }
  if (c.warning)
    say(c.warning);
  render_count(stdout, o->query, &c, &o->render);
  free(c.warning);
  return c.passages ? 0 : 1;
}

/* Answers the one query of the command line. Returns the exit status. */
static int run_one(lede_db_t *db, options_t *o) {
  if (o->timeline)
    return run_timeline(db, o);
  if (o->count)
    return run_count(db, o);
  lede_results_t *res = NULL;
  int status;
  if (lede_db_search(&res, db, &o->search) != LEDE_OK) {
    say(lede_last_error());
    status = 2;
  } else {
    if (res->warning)
      say(res->warning);
    render_results(stdout, res, &o->render);
    status = res->nhits ? 0 : 1;
  }
  lede_results_free(res);
  return status;
}

/* The width of the terminal standard output is, or 0 when it is none. */
static unsigned terminal_width(void) {
  if (!isatty(STDOUT_FILENO))
    return 0;
  struct winsize ws;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  const char *cols = getenv("COLUMNS");
  long n = cols ? strtol(cols, NULL, 10) : 0;
  return n > 0 && n < 10000 ? (unsigned)n : 80;
}

/* The pid of the lede-index that holds dir's writer lock, or 0; its
 * progress (files done and to do, from the lock file: "PID DONE TOTAL")
 * in done and total when given, else 0. */
static long lock_progress(const char *dir, unsigned long *done, unsigned long *total) {
  size_t len = strlen(dir) + sizeof "/lock";
  char *path = ledei_xmalloc(len);
  snprintf(path, len, "%s/lock", dir);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  free(path);
  if (fd < 0)
    return 0;
  long pid = 0;
  *done = *total = 0;
  if (flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    char buf[64] = {0}, *end;
    pid = read(fd, buf, sizeof buf - 1) > 0 ? strtol(buf, &end, 10) : 0;
    if (pid <= 0)
      pid = -1; /* held, by an unknown pid */
    else if (sscanf(end, "%lu %lu", done, total) != 2)
      *done = *total = 0;
  }
  close(fd);
  return pid;
}

static long lock_holder(const char *dir) {
  unsigned long done, total;
  return lock_progress(dir, &done, &total);
}

/* The notice for an index whose first build did not finish. */
static void interrupted(char *buf, size_t size, const char *dir) {
  snprintf(buf, size,
           "the first build of the index at %s was interrupted; run 'lede-index --index %s "
           "PATH...' again to build it",
           dir, dir);
}

/* Opens the index for the search. Returns 0 with *db open; 0 with *db NULL
 * and *notice set (malloc'd) when there is nothing to search yet: an empty
 * index, or one whose first build is running; or 2 after saying why. */
static int open_index(lede_db_t **db, char **notice, const char *dir, const options_t *o) {
  char buf[1024];
  *notice = NULL;
  if (o->nindexes > 1) { /* several: each must be there; failures name it */
    if (lede_db_open_many(db, o->indexes, o->nindexes, o->timeout_ms) != LEDE_OK) {
      say(lede_last_error());
      return 2;
    }
    return 0;
  }
  const char *one = dir;
  lede_status_t st = lede_db_open_many(db, &one, 1, o->timeout_ms);
  if (st == LEDE_ERR_NOT_FOUND) {
    unsigned long done, total;
    long pid = lock_progress(dir, &done, &total);
    if (pid) {
      char progress[64] = "";
      if (total)
        snprintf(progress, sizeof progress, ": %lu of %lu files", done, total);
      snprintf(buf, sizeof buf,
               "the index at %s is being built (lede-index pid %ld%s); it answers when the "
               "first build is done",
               dir, pid > 0 ? pid : 0L, progress);
      *notice = ledei_xstrdup(buf);
      return 0;
    }
    if (ledei_db_unfinished(dir))
      interrupted(buf, sizeof buf, dir);
    else
      snprintf(buf, sizeof buf,
               "no index at %s; build one with 'lede-index PATH...' (or point --index / "
               "$LEDE_INDEX at one)",
               dir);
    say(buf);
    return 2;
  }
  if (st != LEDE_OK) {
    say(lede_last_error());
    return 2;
  }
  uint64_t n = 0;
  if (lede_db_count(&n, *db) == LEDE_OK && n == 0) {
    long holder = lock_holder(dir);
    if (!holder && ledei_db_unfinished(dir)) /* a parallel first build, killed */
      interrupted(buf, sizeof buf, dir);
    else
      snprintf(buf, sizeof buf,
               "the index at %s is empty%s; add articles with 'lede-index PATH...'", dir,
               holder ? " (lede-index is adding to it now)" : "");
    *notice = ledei_xstrdup(buf);
    if (!o->stats) { /* --stats counts what it holds: nothing */
      lede_db_close(*db);
      *db = NULL;
    }
  }
  return 0;
}

/* Answers every query with no passages and the notice saying why (on
 * standard error for text; as "warning" in JSON): exit status 1. */
static int answer_without_index(options_t *o, const char *notice) {
  if (o->render.format == RENDER_TEXT) {
    say(notice);
    return 1;
  }
  if (o->count && !o->batch) { /* --count and --timeline keep their own layout */
    lede_count_t none = {0};
    none.warning = (char *)notice;
    render_count(stdout, o->query, &none, &o->render);
    return 1;
  }
  if (o->timeline && !o->batch) {
    lede_timeline_t none = {0};
    none.query = o->query;
    none.unit = o->unit;
    none.warning = (char *)notice;
    render_timeline(stdout, &none, &o->render);
    return 1;
  }
  lede_results_t empty = {0};
  empty.total_exact = 1;
  empty.warning = (char *)notice;
  empty.offset = o->search.offset;
  if (!o->batch) {
    empty.query = o->query;
    render_results(stdout, &empty, &o->render);
    return 1;
  }
  char *line = NULL;
  size_t cap = 0;
  while (next_query(&line, &cap) != -1) {
    empty.query = line;
    render_results(stdout, &empty, &o->render);
  }
  free(line);
  return 1;
}

/* --stats: prints what the index at dir holds, as text or (--json,
 * --jsonl) one JSON object. Returns the exit status. */
static int print_stats(lede_db_t *db, const char *dir, const options_t *o) {
  lede_stats_t *s = NULL;
  if (lede_db_stats(&s, db) != LEDE_OK) {
    say(lede_last_error());
    return 2;
  }
  char updated[32] = "";
  time_t t = (time_t)s->updated;
  struct tm tm;
  if (s->updated && gmtime_r(&t, &tm))
    strftime(updated, sizeof updated, "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (o->render.format != RENDER_TEXT) {
    cJSON *j = cJSON_CreateObject();
    char *clean = ledei_utf8_sanitize(dir, strlen(dir));
    cJSON_AddStringToObject(j, "index", clean);
    free(clean);
    /* Several indexes counted as one: each as given (the first as found). */
    cJSON *all = cJSON_AddArrayToObject(j, "indexes");
    for (size_t i = 0; i < (o->nindexes > 1 ? o->nindexes : 1); i++) {
      const char *one = i ? o->indexes[i] : dir;
      clean = ledei_utf8_sanitize(one, strlen(one));
      cJSON_AddItemToArray(all, cJSON_CreateString(clean));
      free(clean);
    }
    cJSON_AddNumberToObject(j, "articles", (double)s->articles);
    cJSON_AddNumberToObject(j, "sentences", (double)s->sentences);
    cJSON_AddNumberToObject(j, "files", (double)s->files);
    cJSON_AddNumberToObject(j, "undated", (double)s->undated);
    if (s->earliest[0]) {
      cJSON_AddStringToObject(j, "earliest", s->earliest);
      cJSON_AddStringToObject(j, "latest", s->latest);
    } else {
      cJSON_AddNullToObject(j, "earliest");
      cJSON_AddNullToObject(j, "latest");
    }
    cJSON_AddStringToObject(j, "language", s->language);
    cJSON_AddNumberToObject(j, "bytes", (double)s->bytes);
    if (updated[0])
      cJSON_AddStringToObject(j, "updated", updated);
    else
      cJSON_AddNullToObject(j, "updated");
    cJSON *sources = cJSON_AddArrayToObject(j, "sources");
    for (size_t i = 0; i < s->nsources; i++) {
      cJSON *one = cJSON_CreateObject();
      clean = ledei_utf8_sanitize(s->sources[i].source, strlen(s->sources[i].source));
      cJSON_AddStringToObject(one, "source", clean);
      free(clean);
      cJSON_AddNumberToObject(one, "articles", (double)s->sources[i].articles);
      cJSON_AddNumberToObject(one, "sentences", (double)s->sources[i].sentences);
      cJSON_AddItemToArray(sources, one);
    }
    ledei_json_print_line(j, stdout);
    cJSON_Delete(j);
  } else {
    char *e = ledei_escape(dir);
    printf("%s %s", o->nindexes > 1 ? "indexes:   " : "index:     ", e);
    free(e);
    for (size_t i = 1; i < o->nindexes; i++) {
      e = ledei_escape(o->indexes[i]);
      printf(", %s", e);
      free(e);
    }
    printf("\n");
    printf("articles:   %llu in %llu files\n", (unsigned long long)s->articles,
           (unsigned long long)s->files);
    printf("sentences:  %llu\n", (unsigned long long)s->sentences);
    if (s->earliest[0])
      printf("dates:      %s to %s; %llu undated\n", s->earliest, s->latest,
             (unsigned long long)s->undated);
    else
      printf("dates:      none; %llu undated\n", (unsigned long long)s->undated);
    printf("language:   %s\n", s->language);
    printf("size:       %.1f MB on disk\n", (double)s->bytes / 1e6);
    printf("updated:    %s\n", updated[0] ? updated : "unknown");
    /* A folder of plain files has a source per file: the text shows the
     * largest few, the JSON all. */
    size_t shown = s->nsources < 20 ? s->nsources : 20;
    printf("sources:    %zu%s\n", s->nsources,
           shown < s->nsources ? " (the 20 largest; --json lists all)" : "");
    for (size_t i = 0; i < shown; i++) {
      e = ledei_escape(s->sources[i].source);
      printf("  %8llu articles, %9llu sentences  %s\n", (unsigned long long)s->sources[i].articles,
             (unsigned long long)s->sources[i].sentences, e);
      free(e);
    }
  }
  lede_stats_free(s);
  return 0;
}

static int quit(options_t *o, int status) {
  free(o->sources);
  free(o->indexes);
  free(o->query);
  return status;
}

int main(int argc, char **argv) {
  ledei_std_streams();
  options_t o = {0};
  int rc = parse_args(&o, argc, argv);
  if (rc)
    return quit(&o, rc);
  /* Each index holds its databases' tables open (a dozen files at most) */
  unsigned long indexes = o.nindexes ? o.nindexes : 1;
  char several[64] = "";
  if (indexes > 1)
    snprintf(several, sizeof several, " for %lu indexes", indexes);
  if (!ledei_enough_descriptors(PROG, 16 + 16 * indexes, several))
    return quit(&o, 2);
  char *dir = lede_index_locate(o.nindexes ? o.indexes[0] : NULL);
  lede_db_t *db = NULL;
  char *notice = NULL;
  int status = open_index(&db, &notice, dir, &o);
  if (status == 0 && o.stats) {
    /* An unfinished index has nothing to count: the notice says why. An
     * empty one is counted (zeros, the JSON as for any index), exit 1. */
    if (notice)
      say(notice);
    status = db ? print_stats(db, dir, &o) : 1;
    if (notice && status == 0)
      status = 1;
    lede_db_close(db);
  }
  free(dir);
  if (o.stats && fflush(stdout) != 0) {
    fprintf(stderr, PROG ": writing results: %s\n", strerror(errno));
    status = 2;
  }
  if (status != 0 || notice || o.stats) {
    if (notice && !o.stats)
      status = answer_without_index(&o, notice);
    free(notice);
    return quit(&o, status);
  }
  o.render.color = want_color(o.color);
  o.render.max_chars = 400;
  o.render.width = terminal_width();
  if (o.render.format == RENDER_TEXT)
    ledei_stemmer_open(&o.render.stemmer, lede_db_language(db));

  status = o.batch ? run_batch(db, &o) : run_one(db, &o);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, PROG ": writing results: %s\n", strerror(errno));
    status = 2;
  }
  ledei_stemmer_close(o.render.stemmer);
  lede_db_close(db);
  return quit(&o, status);
}
