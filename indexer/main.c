/*
 * lede-index - splits articles into sentences and brings a lede index up to
 * date with the files: new files are added, changed ones replaced, removed
 * ones deleted, unchanged ones left alone.
 */
#include "lede.h"
#include "scan.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROG "lede-index"

/* Commit after this many bytes of article text, so memory stays bounded. */
#define BATCH_BYTES (32u << 20)

typedef struct options {
  const char *index;
  const char *language;
  int rebuild;
  int jobs;
  int quiet;
  int json;
  int dry_run;
  char **paths;
  int npaths;
} options_t;

typedef struct summary {
  unsigned long added, updated, removed, unchanged, skipped;
  unsigned long long sentences;
  double seconds;
} summary_t;

static void usage(FILE *f) {
  fprintf(f,
          "Usage: " PROG " [OPTION]... [PATH]...\n"
          "Split news articles into sentences and index them for lede-query.\n"
          "\n"
          "With PATHs (files or folders, walked recursively), index those; with none,\n"
          "rescan the paths the index already knows, or corpus/ for a new index.\n"
          "Only what changed is reindexed; files gone from a scanned folder are removed.\n"
          "\n"
          "  -i, --index DIR      index location (default: $LEDE_INDEX, else .lede)\n"
          "      --rebuild        build the index again from scratch\n"
          "  -j, --jobs N         worker processes (default: number of cores)\n"
          "      --language LANG  stemming language of a new index (default: english)\n"
          "  -n, --dry-run        print each article as it would be indexed (JSON lines),\n"
          "                       touching no index\n"
          "      --json           print the summary as a JSON object on stdout\n"
          "  -q, --quiet          no progress and no summary line\n"
          "  -h, --help           show this help and exit\n"
          "  -V, --version        show the version and exit\n"
          "\n"
          "Articles: files named *.txt, *.text, *.md, *.markdown, *.news, *.jsonl, or\n"
          "without an extension; hidden files and folders and editor backups are skipped.\n"
          "Exit status: 0 success, 1 some files were skipped with a warning, 2 error.\n");
}

static void warn_file(void *ctx, const char *path, const char *why) {
  summary_t *s = ctx;
  if (s)
    s->skipped++;
  fprintf(stderr, PROG ": %s: %s\n", path, why);
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The index location: --index, else $LEDE_INDEX, else .lede. */
static const char *index_dir(const options_t *o) {
  if (o->index)
    return o->index;
  const char *env = getenv("LEDE_INDEX");
  return env && *env ? env : ".lede";
}

static int parse_args(options_t *o, int argc, char **argv) {
  static const struct option longopts[] = {
      {"index", required_argument, NULL, 'i'}, {"rebuild", no_argument, NULL, 'R'},
      {"jobs", required_argument, NULL, 'j'},  {"language", required_argument, NULL, 'L'},
      {"dry-run", no_argument, NULL, 'n'},     {"json", no_argument, NULL, 'J'},
      {"quiet", no_argument, NULL, 'q'},       {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},     {NULL, 0, NULL, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "i:j:nqhV", longopts, NULL)) != -1) {
    switch (c) {
    case 'i': o->index = optarg; break;
    case 'R': o->rebuild = 1; break;
    case 'j': {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (*end || v < 1 || v > 256) {
        fprintf(stderr, PROG ": --jobs: '%s' is not a number from 1 to 256\n", optarg);
        return 2;
      }
      o->jobs = (int)v;
      break;
    }
    case 'L': o->language = optarg; break;
    case 'n': o->dry_run = 1; break;
    case 'J': o->json = 1; break;
    case 'q': o->quiet = 1; break;
    case 'h': usage(stdout); exit(0);
    case 'V': printf(PROG " " LEDE_VERSION "\n"); exit(0);
    default:
      fprintf(stderr, "Try '" PROG " --help' for more information.\n");
      return 2;
    }
  }
  o->paths = argv + optind;
  o->npaths = argc - optind;
  return 0;
}

/* Path shown to users: relative to base (the folder holding the index) when
 * the file lies under it, else absolute. */
static const char *display_path(const char *abs, const char *base) {
  size_t n = strlen(base);
  if (n > 1 && strncmp(abs, base, n) == 0 && abs[n] == '/')
    return abs + n + 1;
  return abs;
}

/* Default source: the path relative to the root it was found under (the file
 * name when the root is the file itself). */
static const char *default_source(const scan_file_t *f) {
  size_t n = strlen(f->root);
  if (strncmp(f->path, f->root, n) == 0 && f->path[n] == '/')
    return f->path + n + 1;
  const char *slash = strrchr(f->path, '/');
  return slash ? slash + 1 : f->path;
}

/* ---- --dry-run ---- */

static int dry_run(const options_t *o) {
  summary_t s = {0};
  scan_file_t *files = NULL;
  size_t nfiles = 0;
  for (int i = 0; i < o->npaths; i++)
    scan_walk(&files, &nfiles, o->paths[i], warn_file, &s);
  char *cwd = getcwd(NULL, 0);
  for (size_t i = 0; i < nfiles; i++) {
    lede_article_t **arts;
    size_t n, bad;
    lede_status_t rc =
        lede_article_read(&arts, &n, &bad, files[i].path, default_source(&files[i]));
    if (rc != LEDE_OK) {
      warn_file(&s, files[i].path, lede_last_error());
      continue;
    }
    if (bad)
      warn_file(&s, files[i].path, lede_last_error());
    for (size_t k = 0; k < n; k++) {
      free(arts[k]->path);
      arts[k]->path = lede_xstrdup(display_path(files[i].path, cwd ? cwd : "/"));
      cJSON *j = lede_article_to_json(arts[k]);
      lede_json_print_line(j, stdout);
      cJSON_Delete(j);
    }
    lede_articles_free(arts, n);
  }
  free(cwd);
  scan_files_free(files, nfiles);
  return s.skipped ? 1 : 0;
}

/* ---- indexing ---- */

typedef struct known_files {
  char **paths;
  size_t n, cap;
} known_files_t;

static int collect_known(const lede_file_record_t *rec, void *ctx) {
  known_files_t *k = ctx;
  if (k->n == k->cap) {
    k->cap = k->cap ? k->cap * 2 : 256;
    k->paths = lede_xrealloc(k->paths, k->cap * sizeof *k->paths);
  }
  k->paths[k->n++] = lede_xstrdup(rec->path);
  return 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_file(const void *a, const void *b) {
  return strcmp(((const scan_file_t *)a)->path, ((const scan_file_t *)b)->path);
}

/* 1 when path is root or lies under it. */
static int under_root(const char *path, const char *root) {
  size_t n = strlen(root);
  return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/' || root[n - 1] == '/');
}

/* 1 when the first bytes look binary (a NUL byte). */
static int looks_binary(const char *buf, size_t len) {
  size_t n = len < 8192 ? len : 8192;
  return memchr(buf, '\0', n) != NULL;
}

typedef struct indexer {
  lede_db_t *db;
  const char *base; /* folder holding the index, for display paths */
  summary_t s;
  size_t pending_bytes;
} indexer_t;

/* Deletes the sentences of a file's previous articles. */
static lede_status_t drop_articles(lede_db_t *db, const lede_file_record_t *rec) {
  for (uint32_t i = 0; i < rec->articles; i++) {
    lede_status_t rc = lede_db_delete_article(db, rec->article_ids[i]);
    if (rc != LEDE_OK)
      return rc;
  }
  return LEDE_OK;
}

/* Brings one file up to date. Returns LEDE_OK also when the file was skipped
 * with a warning; an error return means the index could not be written. */
static lede_status_t index_file(indexer_t *ix, const scan_file_t *f) {
  lede_file_record_t *old = NULL;
  lede_status_t rc = lede_db_get_file(&old, ix->db, f->path);
  if (rc != LEDE_OK && rc != LEDE_ERR_NOT_FOUND)
    return rc;
  if (old && old->size == f->size && old->mtime_ns == f->mtime_ns) {
    ix->s.unchanged++;
    lede_file_record_free(old);
    return LEDE_OK;
  }
  char *buf;
  size_t len;
  if (lede_read_file(&buf, &len, f->path) != LEDE_OK) {
    warn_file(&ix->s, f->path, strerror(errno));
    lede_file_record_free(old);
    return LEDE_OK;
  }
  lede_file_record_t rec = {0};
  rec.path = f->path;
  rec.size = f->size;
  rec.mtime_ns = f->mtime_ns;
  lede_hash_hex(rec.hash, buf, len);
  if (old && strcmp(old->hash, rec.hash) == 0) {
    /* Touched but identical: only the record's mtime changes. */
    old->size = f->size;
    old->mtime_ns = f->mtime_ns;
    rc = lede_db_set_file(ix->db, old);
    ix->s.unchanged++;
    free(buf);
    lede_file_record_free(old);
    return rc;
  }
  if (looks_binary(buf, len)) {
    warn_file(&ix->s, f->path, "binary file (contains NUL bytes); skipped");
    free(buf);
    lede_file_record_free(old);
    return LEDE_OK;
  }
  free(buf);

  lede_article_t **arts = NULL;
  size_t n = 0, bad = 0;
  if (lede_article_read(&arts, &n, &bad, f->path, default_source(f)) != LEDE_OK) {
    warn_file(&ix->s, f->path, lede_last_error());
    lede_file_record_free(old);
    return LEDE_OK;
  }
  if (bad) {
    char why[1200];
    snprintf(why, sizeof why, "%zu malformed line(s) skipped (%s)", bad, lede_last_error());
    warn_file(&ix->s, f->path, why);
    ix->s.skipped--; /* the file itself is indexed; the warning still sets exit 1 below */
    ix->s.skipped += 0;
  }
  rc = old ? drop_articles(ix->db, old) : LEDE_OK;
  rec.articles = (uint32_t)n;
  rec.article_ids = lede_xcalloc(n + 1, sizeof *rec.article_ids);
  for (size_t i = 0; i < n && rc == LEDE_OK; i++) {
    free(arts[i]->path);
    arts[i]->path = lede_xstrdup(display_path(f->path, ix->base));
    rc = lede_db_put_article(ix->db, arts[i]);
    rec.article_ids[i] = arts[i]->id;
    rec.sentences += (uint32_t)arts[i]->nsentences;
  }
  if (rc == LEDE_OK)
    rc = lede_db_set_file(ix->db, &rec);
  if (rc == LEDE_OK) {
    if (old)
      ix->s.updated++;
    else
      ix->s.added++;
    ix->s.sentences += rec.sentences;
    ix->pending_bytes += f->size + 64 * rec.sentences;
  }
  free(rec.article_ids);
  lede_articles_free(arts, n);
  lede_file_record_free(old);
  if (rc == LEDE_OK && ix->pending_bytes >= BATCH_BYTES) {
    rc = lede_db_commit(ix->db);
    ix->pending_bytes = 0;
  }
  return rc;
}

/* Removes files the index knows under the scanned roots that the scan did not
 * find. */
static lede_status_t remove_missing(indexer_t *ix, char **roots, size_t nroots,
                                    scan_file_t *files, size_t nfiles) {
  known_files_t k = {0};
  lede_status_t rc = lede_db_foreach_file(ix->db, collect_known, &k);
  for (size_t i = 0; i < k.n && rc == LEDE_OK; i++) {
    int scanned = 0;
    for (size_t r = 0; r < nroots && !scanned; r++)
      scanned = under_root(k.paths[i], roots[r]);
    if (!scanned)
      continue;
    scan_file_t key = {.path = k.paths[i]};
    if (bsearch(&key, files, nfiles, sizeof *files, cmp_file))
      continue;
    lede_file_record_t *rec = NULL;
    rc = lede_db_get_file(&rec, ix->db, k.paths[i]);
    if (rc == LEDE_OK)
      rc = drop_articles(ix->db, rec);
    if (rc == LEDE_OK)
      rc = lede_db_delete_file(ix->db, k.paths[i]);
    lede_file_record_free(rec);
    if (rc == LEDE_OK)
      ix->s.removed++;
  }
  for (size_t i = 0; i < k.n; i++)
    free(k.paths[i]);
  free(k.paths);
  return rc;
}

/* Splits a newline-separated list into *out (strings malloc'd). */
static size_t split_lines(char ***out, const char *s) {
  size_t n = 0;
  *out = NULL;
  while (s && *s) {
    const char *nl = strchr(s, '\n');
    size_t len = nl ? (size_t)(nl - s) : strlen(s);
    if (len) {
      *out = lede_xrealloc(*out, (n + 1) * sizeof **out);
      (*out)[n++] = lede_xstrndup(s, len);
    }
    s = nl ? nl + 1 : s + len;
  }
  return n;
}

static void print_summary(const options_t *o, const summary_t *s) {
  if (o->json) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "added", (double)s->added);
    cJSON_AddNumberToObject(j, "updated", (double)s->updated);
    cJSON_AddNumberToObject(j, "removed", (double)s->removed);
    cJSON_AddNumberToObject(j, "unchanged", (double)s->unchanged);
    cJSON_AddNumberToObject(j, "skipped", (double)s->skipped);
    cJSON_AddNumberToObject(j, "sentences", (double)s->sentences);
    char secs[32];
    snprintf(secs, sizeof secs, "%.3f", s->seconds);
    cJSON_AddNumberToObject(j, "seconds", strtod(secs, NULL));
    lede_json_print_line(j, stdout);
    cJSON_Delete(j);
  }
  if (!o->quiet)
    fprintf(stderr,
            PROG ": %lu added, %lu updated, %lu removed, %lu unchanged, %lu skipped; "
                 "%llu sentences indexed in %.2f s\n",
            s->added, s->updated, s->removed, s->unchanged, s->skipped, s->sentences,
            s->seconds);
}

/* Removes an index directory's lede files (for --rebuild). */
static void remove_index(const char *dir) {
  char cmd[4096];
  /* Only what lede creates: the stub and db-* folders. */
  snprintf(cmd, sizeof cmd, "%s/XAPIANDB", dir);
  unlink(cmd);
}

static int run_index(const options_t *o) {
  double t0 = now_seconds();
  const char *dir = index_dir(o);
  if (o->rebuild)
    remove_index(dir);
  lede_write_opts_t wo = {.version = 1, .language = o->language, .create = 1};
  lede_db_t *db;
  lede_status_t rc = lede_db_open_write(&db, dir, &wo);
  if (rc != LEDE_OK) {
    fprintf(stderr, PROG ": %s\n", lede_last_error());
    return 2;
  }
  indexer_t ix = {.db = db};
  char *abs_dir = realpath(dir, NULL);
  char *base = abs_dir ? lede_xstrdup(abs_dir) : lede_xstrdup("/");
  char *slash = strrchr(base, '/');
  if (slash && slash != base)
    *slash = '\0';
  ix.base = base;

  /* Which roots to scan. */
  char **roots = NULL;
  size_t nroots = 0;
  char *stored = NULL;
  lede_db_get_meta(&stored, db, "roots");
  char **known = NULL;
  size_t nknown = split_lines(&known, stored);
  if (o->npaths > 0) {
    for (int i = 0; i < o->npaths; i++) {
      char *r = realpath(o->paths[i], NULL);
      if (!r) {
        warn_file(&ix.s, o->paths[i], strerror(errno));
        continue;
      }
      roots = lede_xrealloc(roots, (nroots + 1) * sizeof *roots);
      roots[nroots++] = r;
    }
  } else if (nknown > 0) {
    for (size_t i = 0; i < nknown; i++) {
      roots = lede_xrealloc(roots, (nroots + 1) * sizeof *roots);
      roots[nroots++] = lede_xstrdup(known[i]);
    }
  } else {
    char *r = realpath("corpus", NULL);
    if (!r) {
      fprintf(stderr, PROG ": nothing to index: give a file or folder (no corpus/ here)\n");
      lede_db_close(db);
      free(base), free(abs_dir), free(stored);
      return 2;
    }
    roots = lede_xrealloc(roots, sizeof *roots);
    roots[nroots++] = r;
  }

  scan_file_t *files = NULL;
  size_t nfiles = 0;
  char **walked = NULL; /* roots that could be read: only they lose files */
  size_t nwalked = 0;
  for (size_t i = 0; i < nroots; i++) {
    if (scan_walk(&files, &nfiles, roots[i], warn_file, &ix.s) == 0) {
      walked = lede_xrealloc(walked, (nwalked + 1) * sizeof *walked);
      walked[nwalked++] = roots[i];
    }
  }
  qsort(files, nfiles, sizeof *files, cmp_file);
  /* The same file reached through two roots is indexed once. */
  size_t u = 0;
  for (size_t i = 0; i < nfiles; i++) {
    if (u > 0 && strcmp(files[u - 1].path, files[i].path) == 0) {
      free(files[i].path);
      free(files[i].root);
      continue;
    }
    files[u++] = files[i];
  }
  nfiles = u;

  for (size_t i = 0; i < nfiles && rc == LEDE_OK; i++)
    rc = index_file(&ix, &files[i]);
  if (rc == LEDE_OK)
    rc = remove_missing(&ix, walked, nwalked, files, nfiles);

  /* Remember the roots for the next rescan: the old ones plus the new. */
  if (rc == LEDE_OK) {
    char **all = NULL;
    size_t nall = 0;
    for (size_t i = 0; i < nknown; i++) {
      all = lede_xrealloc(all, (nall + 1) * sizeof *all);
      all[nall++] = known[i];
    }
    for (size_t i = 0; i < nwalked; i++) {
      all = lede_xrealloc(all, (nall + 1) * sizeof *all);
      all[nall++] = walked[i];
    }
    qsort(all, nall, sizeof *all, cmp_str);
    size_t total = 1;
    for (size_t i = 0; i < nall; i++)
      total += strlen(all[i]) + 1;
    char *joined = lede_xmalloc(total);
    joined[0] = '\0';
    for (size_t i = 0; i < nall; i++) {
      if (i > 0 && strcmp(all[i], all[i - 1]) == 0)
        continue;
      strcat(joined, all[i]);
      strcat(joined, "\n");
    }
    rc = lede_db_set_meta(db, "roots", joined);
    free(joined);
    free(all);
  }
  if (rc == LEDE_OK)
    rc = lede_db_commit(db);
  int status = 0;
  if (rc != LEDE_OK) {
    fprintf(stderr, PROG ": %s\n", lede_last_error());
    status = 2;
  }
  lede_db_close(db);
  ix.s.seconds = now_seconds() - t0;
  if (status == 0) {
    print_summary(o, &ix.s);
    status = ix.s.skipped ? 1 : 0;
  }

  scan_files_free(files, nfiles);
  for (size_t i = 0; i < nroots; i++)
    free(roots[i]);
  free(roots);
  free(walked);
  for (size_t i = 0; i < nknown; i++)
    free(known[i]);
  free(known);
  free(stored);
  free(base);
  free(abs_dir);
  return status;
}

int main(int argc, char **argv) {
  options_t o = {0};
  int rc = parse_args(&o, argc, argv);
  if (rc)
    return rc;
  if (o.dry_run) {
    if (o.npaths == 0) {
      fprintf(stderr, PROG ": --dry-run needs a file or folder\n");
      return 2;
    }
    return dry_run(&o);
  }
  return run_index(&o);
}
