/*
 * lede-index - splits articles into sentences and brings a lede index up to
 * date with the files: new files are added, changed ones replaced, removed
 * ones deleted, renamed ones moved, unchanged ones left alone.
 *
 * One run: take the writer lock (lock.c), clear leftovers of interrupted
 * runs, load every file record in one pass, walk the roots (scan.c), compare
 * (size and mtime first; update.c confirms with a content hash), then either
 * update the live database in batches that each commit atomically, or, for a
 * new index or --rebuild, build a staged database (in parallel with --jobs,
 * parallel.c) and swap it in when it is complete.
 */
#include "lede_private.h"
#include "lock.h"
#include "parallel.h"
#include "progress.h"
#include "roots.h"
#include "scan.h"
#include "update.h"
#include "watch.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROG "lede-index"

/* Below this many files to index, workers cost more than they save. */
#define PARALLEL_MIN_FILES 64

typedef struct options {
  const char *index;
  const char *language;
  int rebuild;
  int jobs;
  int quiet;
  int json;
  int dry_run;
  int no_wait;
  int no_follow_outside;
  int watch;
  int compact;
  char **paths;
  int npaths;
} options_t;

static void usage(FILE *f) {
  fprintf(f, "Usage: " PROG " [OPTION]... [PATH]...\n"
             "Split news articles into sentences and index them for lede-query.\n"
             "\n"
             "With PATHs (files or folders, walked recursively), index those; with none,\n"
             "rescan the paths the index already knows, or corpus/ for a new index.\n"
             "Only what changed is reindexed; files gone from a scanned folder are removed.\n"
             "\n"
             "  -i, --index DIR      index location (default: $LEDE_INDEX, else the nearest\n"
             "                       .lede here or in a parent folder, else a new .lede)\n"
             "      --rebuild        build a fresh index beside the old one and swap it in\n"
             "                       when complete (queries keep working meanwhile)\n"
             "      --compact        after the update, rewrite the index compactly beside\n"
             "                       itself and swap it in (queries keep working meanwhile)\n"
             "  -j, --jobs N         worker processes for large builds, and threads for\n"
             "                       the walk of a rescan (default: cores)\n"
             "      --language LANG  stemming language of a new index (default: english)\n"
             "      --list-languages  print the stemming languages, one per line, and exit\n"
             "      --no-wait        fail (exit 2) instead of waiting when another\n"
             "                       lede-index holds the index\n"
             "      --no-follow-outside  skip (with a warning) symbolic links whose target\n"
             "                       lies outside the paths being indexed\n"
             "      --watch          after the update, stay running and index files as they\n"
             "                       are written, changed, renamed or removed (until SIGINT\n"
             "                       or SIGTERM)\n"
             "  -n, --dry-run        print each article as it would be indexed (JSON lines),\n"
             "                       touching no index\n"
             "      --json           print the summary as a JSON object on stdout\n"
             "  -q, --quiet          no progress and no summary line\n"
             "  -h, --help           show this help and exit\n"
             "  -V, --version        show the version and exit\n"
             "\n"
             "Articles: text (*.txt, *.text, *.md, *.markdown, *.news, or no extension),\n"
             "*.jsonl (one per line), saved web pages (*.html, *.htm, *.xhtml), feeds\n"
             "(*.rss, *.atom, *.xml that is RSS or Atom: one per item), e-mail (*.eml,\n"
             "*.mbox: one per message) and *.pdf; hidden files and folders and editor\n"
             "backups are skipped (docs/articles.md).\n"
             "Exit status: 0 success, 1 some files were skipped with a warning, 2 error.\n");
}

/* The number of online processors, at least 1. */
static int default_jobs(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static int parse_args(options_t *o, int argc, char **argv) {
  static const struct option longopts[] = {{"index", required_argument, NULL, 'i'},
                                           {"rebuild", no_argument, NULL, 'R'},
                                           {"jobs", required_argument, NULL, 'j'},
                                           {"language", required_argument, NULL, 'L'},
                                           {"list-languages", no_argument, NULL, 'G'},
                                           {"dry-run", no_argument, NULL, 'n'},
                                           {"json", no_argument, NULL, 'J'},
                                           {"quiet", no_argument, NULL, 'q'},
                                           {"no-wait", no_argument, NULL, 'W'},
                                           {"no-follow-outside", no_argument, NULL, 'O'},
                                           {"watch", no_argument, NULL, 'w'},
                                           {"compact", no_argument, NULL, 'C'},
                                           {"help", no_argument, NULL, 'h'},
                                           {"version", no_argument, NULL, 'V'},
                                           {NULL, 0, NULL, 0}};
  int c;
  o->jobs = default_jobs();
  /* getopt's own messages name the program as lede-index, however run. */
  char *invoked = argv[0];
  argv[0] = (char *)PROG;
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
    case 'G':
      for (const char **l = ledei_stemmer_languages(); *l; l++)
        printf("%s\n", *l);
      exit(ledei_stdout_status(PROG));
    case 'n': o->dry_run = 1; break;
    case 'J': o->json = 1; break;
    case 'q': o->quiet = 1; break;
    case 'W': o->no_wait = 1; break;
    case 'O': o->no_follow_outside = 1; break;
    case 'w': o->watch = 1; break;
    case 'C': o->compact = 1; break;
    case 'h': usage(stdout); exit(ledei_stdout_status(PROG));
    case 'V': printf(PROG " " LEDE_VERSION "\n"); exit(ledei_stdout_status(PROG));
    default: fprintf(stderr, "Try '" PROG " --help' for more information.\n"); return 2;
    }
  }
  argv[0] = invoked;
  o->paths = argv + optind;
  o->npaths = argc - optind;
  return 0;
}

/* ---- the walk's warnings ---- */

typedef struct scan_ctx {
  progress_t *progress;
  const char *base; /* paths are shown relative to it */
  unsigned long problems;
  char **unsure; /* paths under which the index keeps what it has */
  size_t nunsure;
  int confine; /* --no-follow-outside */
} scan_ctx_t;

static void scan_warned(void *ctx, const char *path, const char *why, int unsure) {
  scan_ctx_t *s = ctx;
  s->problems++;
  progress_warn(s->progress, s->base ? update_display_path(path, s->base) : path, why);
  if (unsure) {
    s->unsure = ledei_xrealloc(s->unsure, (s->nunsure + 1) * sizeof *s->unsure);
    s->unsure[s->nunsure++] = ledei_xstrdup(path);
  }
}

static void update_warned(void *ctx, const char *path, const char *why) {
  progress_warn(ctx, path, why);
}

static int cmp_file(const void *a, const void *b) {
  return strcmp(((const scan_file_t *)a)->path, ((const scan_file_t *)b)->path);
}

static size_t sort_unique(scan_file_t *files, size_t n);

/* update_load() in a thread of its own while the walk runs: reading the
 * index's stat keys and stat'ing the files do not depend on each other,
 * and a no-op rescan is little else. */
typedef struct loader {
  update_records_t *known;
  lede_db_t *db;
  char **roots;
  size_t nroots;
  int all;
  pthread_t tid;
  int running;
  lede_status_t rc;
  char why[1024]; /* the thread's lede_last_error() */
} loader_t;

static void *load_known(void *arg) {
  loader_t *l = arg;
  l->rc = update_load(l->known, l->db, l->roots, l->nroots, l->all);
  if (l->rc != LEDE_OK)
    snprintf(l->why, sizeof l->why, "%s", lede_last_error());
  return NULL;
}

/* Starts loading: in a thread of its own when --jobs allows and a root is
 * a folder, else here (for files named, the walk is a few stats: a thread
 * would only add its start and a wait for a CPU). */
static void loader_start(loader_t *l, int jobs) {
  int folder = 0;
  struct stat st;
  for (size_t i = 0; i < l->nroots && !folder; i++)
    folder = stat(l->roots[i], &st) == 0 && S_ISDIR(st.st_mode);
  l->running = jobs > 1 && folder && pthread_create(&l->tid, NULL, load_known, l) == 0;
  if (!l->running)
    load_known(l);
}

/* Waits for the records (l may be NULL or never started); their status,
 * with the thread's message in lede_last_error(). */
static lede_status_t loader_join(loader_t *l) {
  if (!l)
    return LEDE_OK;
  if (l->running)
    pthread_join(l->tid, NULL);
  l->running = 0;
  if (l->rc != LEDE_OK)
    ledei_error(l->rc, "%s", l->why);
  return l->rc;
}

/* Whether known holds a record at or under path. */
static int known_under(const update_records_t *known, const char *path) {
  size_t n = known ? known->n : 0, lo = 0, hi = n;
  while (lo < hi) { /* the first record at or after path (sorted by path) */
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(known->v[mid].rec.path, path) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && scan_path_under(known->v[lo].rec.path, path);
}

/* A file under two roots (a folder and a file or folder in it, walked
 * once) belongs to the outer one, of roots (strings that outlive the
 * files): its default source, its path under its root, is then the same
 * whatever order they were named in, whether a run walks the outer one or
 * not, and as a rebuild of the remembered roots gives it. */
static void take_outer_roots(scan_file_t *files, size_t n, char **roots, size_t nroots) {
  for (size_t k = 0; k < n; k++)
    for (size_t i = 0; i < nroots; i++)
      if (strlen(roots[i]) < strlen(files[k].root) && scan_path_under(files[k].path, roots[i]))
        files[k].root = roots[i];
}

/* Walks the roots into a sorted list without duplicates (a file reached
 * through two roots is indexed once). Sets walked[i] when root i could be
 * read, or no longer exists (then gone[i] is set too: everything the index
 * has under it is removed, and it is not remembered any more; said by
 * keep_unmounted_roots()). A root named on the command line (named set)
 * that is gone with nothing of it in known is a path that never was:
 * warned about, gone[i] 2. */
static scan_file_t *walk_roots(size_t *out_n, char **roots, size_t nroots, int *walked, int *gone,
                               scan_ctx_t *sc, int named, loader_t *known) {
  scan_file_t *files = NULL;
  size_t n = 0;
  for (size_t i = 0; i < nroots; i++) {
    int rc = scan_walk_within(&files, &n, roots[i], sc->confine ? (const char *const *)roots : NULL,
                              nroots, scan_warned, sc);
    gone[i] = rc == SCAN_GONE;
    walked[i] = rc == 0 || gone[i];
    if (gone[i] && named &&
        (loader_join(known) != LEDE_OK || !known_under(known->known, roots[i]))) {
      scan_warned(sc, roots[i], strerror(ENOENT), 1);
      gone[i] = 2;
    }
  }
  *out_n = sort_unique(files, n);
  take_outer_roots(files, *out_n, roots, nroots);
  return files;
}

/* Sorts the n files found by path, without duplicates; returns how many
 * are left. */
static size_t sort_unique(scan_file_t *files, size_t n) {
  /* A walk lists each folder in order, so the list is mostly sorted
   * already ("a/b/x" after "a/b.txt" is not): sorted only when needed. */
  size_t sorted = 1;
  while (sorted < n && cmp_file(&files[sorted - 1], &files[sorted]) < 0)
    sorted++;
  if (sorted >= n)
    return n; /* in strict order: no duplicates either */
  qsort(files, n, sizeof *files, cmp_file);
  size_t u = 0;
  for (size_t i = 0; i < n; i++) {
    if (u > 0 && strcmp(files[u - 1].path, files[i].path) == 0) {
      free(files[i].path);
      continue;
    }
    files[u++] = files[i];
  }
  return u;
}

/* One line per kind of file the walk passed by, instead of silence:
 * "lede-index: 3 .docx files skipped: not a format lede reads". Not a
 * warning: such files are not articles. */
static void print_unsupported(const options_t *o) {
  const char *ext[64];
  unsigned long count[64];
  size_t n = scan_unsupported(ext, count, 64);
  for (size_t i = 0; i < n && !o->quiet; i++) {
    char *shown = ledei_escape(ext[i]);
    fprintf(stderr, PROG ": %lu .%s file%s skipped: not a format lede reads\n", count[i], shown,
            count[i] == 1 ? "" : "s");
    free(shown);
  }
}

/* ---- --dry-run ---- */

/* A dry run's count of warnings, the folder its paths are shown from, and
 * the file being read (its path as shown). */
typedef struct dry {
  unsigned long warnings;
  const char *cwd;
  const char *shown;
} dry_t;

/* A warning of the walk, its path shown as an index run shows it. */
static void dry_warned(void *ctx, const char *path, const char *why, int unsure) {
  (void)unsure;
  dry_t *d = ctx;
  d->warnings++;
  progress_print(path[0] == '/' ? update_display_path(path, d->cwd) : path, why);
}

/* A warning about the file being read. */
static void dry_said(void *ctx, const char *why) {
  dry_t *d = ctx;
  d->warnings++;
  progress_print(d->shown, why);
}

static int dry_run(const options_t *o) {
  char *cwd = getcwd(NULL, 0);
  dry_t d = {0, cwd ? cwd : "/", NULL};
  scan_file_t *files = NULL;
  size_t nfiles = 0;
  for (int i = 0; i < o->npaths; i++)
    if (scan_walk_within(&files, &nfiles, o->paths[i],
                         o->no_follow_outside ? (const char *const *)o->paths : NULL,
                         (size_t)o->npaths, dry_warned, &d) == SCAN_GONE)
      dry_warned(&d, o->paths[i], strerror(ENOENT), 1);
  for (size_t i = 0; i < nfiles; i++) {
    /* Named as in the articles and as an index run names them, and read
     * and checked as a run reads them. */
    d.shown = update_display_path(files[i].path, d.cwd);
    lede_article_t **arts;
    size_t n;
    update_preview(&files[i], &arts, &n, dry_said, &d);
    for (size_t k = 0; k < n; k++) {
      free(arts[k]->path);
      arts[k]->path = ledei_xstrdup(d.shown);
      cJSON *j = ledei_article_to_json(arts[k]);
      ledei_json_print_line(j, stdout);
      cJSON_Delete(j);
    }
    lede_articles_free(arts, n);
  }
  free(cwd);
  scan_files_free(files, nfiles);
  print_unsupported(o);
  return d.warnings ? 1 : 0;
}

/* ---- summary ---- */

static void print_summary(const options_t *o, const update_counts_t *n, double seconds) {
  if (o->json) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "added", (double)n->added);
    cJSON_AddNumberToObject(j, "updated", (double)n->updated);
    cJSON_AddNumberToObject(j, "removed", (double)n->removed);
    cJSON_AddNumberToObject(j, "unchanged", (double)n->unchanged);
    cJSON_AddNumberToObject(j, "skipped", (double)n->skipped);
    cJSON_AddNumberToObject(j, "sentences", (double)n->sentences);
    char secs[32];
    snprintf(secs, sizeof secs, "%.3f", seconds);
    cJSON_AddNumberToObject(j, "seconds", strtod(secs, NULL));
    ledei_json_print_line(j, stdout);
    cJSON_Delete(j);
  }
  if (!o->quiet) {
    char renamed[64] = "";
    if (n->renamed)
      snprintf(renamed, sizeof renamed, " (%lu renamed)", n->renamed);
    fprintf(stderr,
            PROG ": %lu added, %lu updated, %lu removed%s, %lu unchanged, %lu skipped; "
                 "%llu sentences indexed in %.2f s\n",
            n->added, n->updated, n->removed, renamed, n->unchanged, n->skipped, n->sentences,
            seconds);
  }
}

/* ---- the run ---- */

/* Each root's device when it was last walked, one "DEV ROOT" a line (roots
 * with a line break in their name are left out): a root on another device
 * now than then is a mount point whose disk is not mounted. */
#define DEVICES_KEY "root-devices"

/* The folders under the roots that were on another device than the folder
 * holding them when last walked (mount points, links to other file
 * systems), one "DEV PATH" a line in path order (names with a line break
 * left out): one on another device now, holding no article, is a disk not
 * mounted inside a root (keep_unmounted_folders()). */
#define MOUNTS_KEY "mount-devices"

/* A list of paths (malloc'd). */
typedef struct paths {
  char **v;
  size_t n;
} paths_t;

typedef struct run {
  const options_t *o;
  const char *dir;
  char *base; /* folder holding the index */
  progress_t progress;
  scan_ctx_t scan;
  update_counts_t n;
  lede_db_t *live;        /* the live database, open for writing (or NULL) */
  char *stored_roots;     /* ROOTS_KEY of the live database (escaped) */
  char *stored_devices;   /* DEVICES_KEY of the live database */
  char *devices_value;    /* DEVICES_KEY to store */
  char *stored_mounts;    /* MOUNTS_KEY of the live database */
  char *mounts_value;     /* MOUNTS_KEY to store (NULL: none) */
  char *old_roots;        /* OLD_ROOTS_KEY, read when there is no ROOTS_KEY */
  char *stored_base;      /* LEDEI_BASE_KEY of the live database */
  const char *base_value; /* LEDEI_BASE_KEY to store (NULL: leave it) */
  char **roots;           /* what this run walks */
  size_t nroots;
  int *moved;    /* moved[i]: roots[i] is gone, moved with the index (follow_index()) */
  int *walked;   /* what the walk of roots[i] found (roots.h) */
  char **others; /* remembered roots this run does not walk */
  size_t nothers;
  scan_file_t *files;
  size_t nfiles;
  update_records_t known; /* the records at or under the roots walked */
  int *kept;              /* --watch: kept[i] when roots[i]'s articles were kept as on
                             a disk not mounted by the last rescan (said once) */
  paths_t *kept_mounts;   /* --watch: the folders inside roots whose articles the
                             last walks kept so (said once) */
} run_t;

static int any_record(const lede_file_record_t *rec, void *ctx) {
  (void)rec;
  *(int *)ctx = 1;
  return 1; /* one is enough */
}

/* update_done_fn: one file more on the progress line. */
static void progress_done(void *ctx, unsigned sentences) {
  progress_add(ctx, 1, sentences);
}

/* An updater of db for this run. */
static updater_t run_updater(run_t *r, lede_db_t *db) {
  updater_t u = {.db = db,
                 .base = r->base,
                 .warn = update_warned,
                 .warn_ctx = &r->progress,
                 .done = progress_done,
                 .done_ctx = &r->progress,
                 .batch = update_batch_bytes()};
  return u;
}

/* Updates the live database in place: changed files one by one, each
 * batch committed atomically. */
static lede_status_t update_live(run_t *r, const char *roots_value) {
  updater_t u = run_updater(r, r->live);
  lede_status_t rc = LEDE_OK;
  /* update.c deletes a file's old articles itself before putting new ones. */
  ledei_db_set_new_articles_only(r->live, 1);
  if (!r->stored_roots || strcmp(r->stored_roots, roots_value) != 0) {
    /* A root added to an index that a run with no PATH would not walk is
     * remembered in a commit of its own, before any file: a run cut short
     * (interrupted, a full disk at its first batch) is resumed by a run
     * with no PATH. Otherwise (a new index too) the roots go with the
     * first batch. */
    rc = ledei_db_set_meta(r->live, ROOTS_KEY, roots_value);
    if (rc == LEDE_OK && r->old_roots)
      rc = ledei_db_set_meta(r->live, OLD_ROOTS_KEY, NULL); /* an empty value removes it */
    u.dirty = 1;
    if (rc == LEDE_OK && (r->stored_roots || r->old_roots) &&
        roots_beyond(roots_value, r->stored_roots, r->old_roots))
      rc = lede_db_commit(r->live);
  }
  if (rc == LEDE_OK && r->devices_value &&
      (!r->stored_devices || strcmp(r->stored_devices, r->devices_value) != 0)) {
    rc = ledei_db_set_meta(r->live, DEVICES_KEY, r->devices_value);
    u.dirty = 1;
  }
  if (rc == LEDE_OK && r->base_value &&
      (!r->stored_base || strcmp(r->stored_base, r->base_value) != 0)) {
    rc = ledei_db_set_meta(r->live, LEDEI_BASE_KEY, r->base_value);
    u.dirty = 1;
  }
  const char *mounts = r->mounts_value ? r->mounts_value : "";
  if (rc == LEDE_OK && strcmp(r->stored_mounts ? r->stored_mounts : "", mounts) != 0) {
    rc = ledei_db_set_meta(r->live, MOUNTS_KEY, mounts); /* an empty value removes it */
    u.dirty = 1;
  }
  update_walk_t w = {.roots = r->roots,
                     .nroots = r->nroots,
                     .walked = r->walked,
                     .others = r->others,
                     .nothers = r->nothers,
                     .unsure = r->scan.unsure,
                     .nunsure = r->scan.nunsure,
                     .files = r->files,
                     .nfiles = r->nfiles};
  if (rc == LEDE_OK)
    rc = update_walked(&u, &w, &r->known, &r->progress);
  update_counts_add(&r->n, &u.n);
  return rc;
}

/* Builds a fresh database from every file found (in parallel when worth
 * it) and swaps it in. */
static lede_status_t build_fresh(run_t *r, const char *roots_value, const char *language) {
  lede_db_close(r->live); /* the live one stays as it is until the swap */
  r->live = NULL;
  lede_db_t *stage = NULL;
  lede_status_t rc;
  progress_set_total(&r->progress, r->nfiles);
  int jobs = r->o->jobs;
  if ((size_t)jobs > r->nfiles / 16)
    jobs = (int)(r->nfiles / 16) > 1 ? (int)(r->nfiles / 16) : 1;
  if (jobs > 1 && r->nfiles >= PARALLEL_MIN_FILES) {
    rc = parallel_build(&stage, r->dir, language, r->base, r->files, r->nfiles, jobs, &r->progress,
                        &r->n);
  } else {
    /* One shard, built here and compacted as the workers' shards are
     * merged: a database built by adding documents leaves its blocks part
     * full (twice the size on Reuters). */
    char shard[PATH_MAX];
    snprintf(shard, sizeof shard, "%s/tmp-%ld-0", r->dir, (long)getpid());
    lede_db_t *db = NULL;
    rc = ledei_db_open_shard(&db, shard, language);
    updater_t u = run_updater(r, db);
    if (rc == LEDE_OK)
      rc = update_files(&u, r->files, r->nfiles, 0, 1, NULL);
    update_counts_add(&r->n, &u.n);
    if (rc == LEDE_OK)
      rc = ledei_db_finish_build(db);
    lede_db_close(db);
    const char *one[] = {shard};
    if (rc == LEDE_OK)
      rc = ledei_db_open_merged(&stage, r->dir, one, 1);
    ledei_db_remove_shard(shard);
  }
  if (rc == LEDE_OK)
    rc = ledei_db_set_meta(stage, ROOTS_KEY, roots_value);
  if (rc == LEDE_OK && r->devices_value)
    rc = ledei_db_set_meta(stage, DEVICES_KEY, r->devices_value);
  if (rc == LEDE_OK && r->mounts_value)
    rc = ledei_db_set_meta(stage, MOUNTS_KEY, r->mounts_value);
  const char *base = r->base_value ? r->base_value : r->stored_base;
  if (rc == LEDE_OK && base)
    rc = ledei_db_set_meta(stage, LEDEI_BASE_KEY, base);
  if (rc == LEDE_OK)
    rc = ledei_db_publish(stage);
  lede_db_close(stage);
  return rc;
}

/* --compact: the live pair, brought up to date, rewritten by Xapian's
 * compaction beside itself and swapped in, as a rebuild is. An index
 * updated day after day keeps the blocks its commits split part full and
 * the blocks they freed, about twice the size of a fresh build of the
 * same files (docs/bench-growth.md, "Aging"). */
static lede_status_t compact_live(run_t *r) {
  lede_db_close(r->live); /* the compaction reads the committed pair */
  r->live = NULL;
  double start = progress_now();
  uint64_t before, after;
  lede_status_t rc = ledei_db_compact(r->dir, &before, &after);
  if (rc == LEDE_OK && !r->o->quiet) {
    char said[160];
    snprintf(said, sizeof said, "compacted from %.1f MB to %.1f MB in %.2f s", before / 1e6,
             after / 1e6, progress_now() - start);
    progress_print(r->dir, said);
  }
  return rc;
}

/* ---- --watch ---- */

static int keep_unmounted_roots(run_t *r, int *gone);
static int keep_unmounted_folders(run_t *t, const int *gone, char **roots, size_t nroots);
static char *mount_devices(const run_t *t);

/* Brings the index up to date with one batch of changes, as a run naming
 * its paths would (each path seen as the walk of its root meets it), or
 * with every root for a rescan. The counts go to *n. */
static lede_status_t update_batch(run_t *r, const watch_batch_t *b, const char *roots_value,
                                  update_counts_t *n) {
  run_t t = *r;           /* the batch's run: same index, options and roots value */
  t.devices_value = NULL; /* stored by the run before watching */
  t.mounts_value = NULL;
  memset(&t.n, 0, sizeof t.n);
  memset(&t.scan.unsure, 0, sizeof t.scan.unsure);
  t.scan.nunsure = 0;
  t.scan.problems = 0;
  t.scan.progress = &t.progress;
  t.progress.start = progress_now();
  t.files = NULL;
  t.nfiles = 0;
  memset(&t.known, 0, sizeof t.known);
  /* A root itself removed, moved or unmounted: all rescanned, so that the
   * rules for roots (a disk not mounted keeps its articles) apply. */
  int rescan = b->rescan;
  for (size_t i = 0; i < b->npaths && !rescan; i++) {
    struct stat st;
    for (size_t k = 0; k < r->nroots && !rescan; k++)
      rescan = scan_path_under(r->roots[k], b->paths[i]) &&
               !(stat(b->paths[i], &st) == 0 && S_ISREG(st.st_mode));
  }
  int *walked = ledei_xcalloc((rescan ? r->nroots : b->npaths) + 1, sizeof *walked);
  t.walked = walked;
  options_t o = *r->o;
  o.rebuild = 0; /* --rebuild --watch: the first update was the rebuild */
  t.o = &o;
  int *gone = NULL;
  if (rescan) {
    gone = ledei_xcalloc(r->nroots + 1, sizeof *gone);
    t.files = walk_roots(&t.nfiles, r->roots, r->nroots, walked, gone, &t.scan, 0, NULL);
    keep_unmounted_roots(&t, gone);
  } else {
    t.roots = b->paths;
    t.nroots = b->npaths;
    t.nothers =
        roots_other(&t.others, r->roots, r->nroots, r->others, r->nothers, b->paths, b->npaths);
    for (size_t i = 0; i < b->npaths; i++) {
      const char *root = roots_of(r->roots, r->nroots, b->paths[i]);
      walked[i] = ROOT_WALKED; /* what lies there was seen, or warned about as unsure */
      if (root)
        scan_walk_found(&t.files, &t.nfiles, b->paths[i], root,
                        t.scan.confine ? (const char *const *)r->roots : NULL, r->nroots,
                        scan_warned, &t.scan);
    }
    t.nfiles = sort_unique(t.files, t.nfiles);
    take_outer_roots(t.files, t.nfiles, r->roots, r->nroots);
    take_outer_roots(t.files, t.nfiles, r->others, r->nothers);
  }
  keep_unmounted_folders(&t, gone, r->roots, r->nroots);
  free(gone);
  t.mounts_value = mount_devices(&t);
  lede_status_t rc = update_load(&t.known, t.live, t.roots, t.nroots, 0);
  if (rc == LEDE_OK)
    rc = update_live(&t, roots_value);
  if (rc == LEDE_OK) { /* stored now */
    free(r->stored_mounts);
    r->stored_mounts = t.mounts_value;
  } else {
    free(t.mounts_value);
  }
  progress_end(&t.progress);
  t.n.skipped += t.scan.problems;
  t.n.warnings += t.scan.problems;
  *n = t.n;
  scan_files_free(t.files, t.nfiles);
  update_records_free(&t.known);
  free(walked);
  if (!rescan)
    free(t.others);
  for (size_t i = 0; i < t.scan.nunsure; i++)
    free(t.scan.unsure[i]);
  free(t.scan.unsure);
  return rc;
}

/* While a root's articles are kept as on a disk not mounted, the watch
 * rescans to find the disk mounted again. */
static void look_for_absent(const run_t *r, watch_t *w) {
  int absent = 0;
  for (size_t i = 0; i < r->nroots; i++)
    absent |= r->kept[i];
  watch_look_for(w, absent || r->kept_mounts->n > 0);
}

/* After the first update: brings the index up to date with each batch of
 * changes, committed as a run commits, until a stop signal. 0, or 2 on an
 * error. */
static int watch_loop(run_t *r, watch_t *w, const char *roots_value) {
  const options_t *o = r->o;
  if (!r->live) { /* a new index was built staged and published */
    lede_write_opts_t wo = {.version = 1};
    if (lede_db_open_write(&r->live, r->dir, &wo) != LEDE_OK) {
      progress_print(NULL, lede_last_error());
      return 2;
    }
  }
  watch_catch_stop();
  /* Remembered by the first update: the batches need not write them. */
  free(r->stored_roots);
  r->stored_roots = ledei_xstrdup(roots_value);
  if (r->devices_value) {
    free(r->stored_devices);
    r->stored_devices = ledei_xstrdup(r->devices_value);
  }
  free(r->stored_mounts);
  r->stored_mounts = r->mounts_value ? ledei_xstrdup(r->mounts_value) : NULL;
  if (r->base_value) {
    free(r->stored_base);
    r->stored_base = ledei_xstrdup(r->base_value);
  }
  look_for_absent(r, w);
  free(r->old_roots);
  r->old_roots = NULL;
  if (!o->quiet)
    fprintf(stderr, PROG ": watching %zu folder%s for changes; stop with Ctrl-C\n", watch_count(w),
            watch_count(w) == 1 ? "" : "s");
  for (;;) {
    watch_batch_t b;
    watch_next(w, &b);
    lede_status_t rc = LEDE_OK;
    if (b.npaths || b.rescan) {
      update_counts_t n;
      double start = progress_now();
      rc = update_batch(r, &b, roots_value, &n);
      look_for_absent(r, w);
      /* A rescan (every 5 s while folders are not watched) says only what
       * it changed. */
      if (rc == LEDE_OK &&
          n.added + n.updated + n.removed + n.skipped + (b.rescan ? 0 : n.unchanged) > 0) {
        print_summary(o, &n, progress_now() - start);
        fflush(stdout);
      }
    }
    int stop = b.stop;
    watch_batch_free(&b);
    if (rc != LEDE_OK) {
      progress_print(NULL, lede_last_error());
      return 2;
    }
    if (stop) {
      if (!o->quiet)
        fprintf(stderr, PROG ": stopped watching\n");
      return 0;
    }
  }
}

/* ledei_db_foreach_file_stat() callback: one record is enough. */
static int any_stat(const char *path, uint64_t size, int64_t mtime_ns, void *ctx) {
  (void)path;
  (void)size;
  (void)mtime_ns;
  *(int *)ctx = 1;
  return 1;
}

/* The device stored for root in a DEVICES_KEY value; 0 when none is. */
static int stored_device(const char *stored, const char *root, unsigned long long *dev) {
  size_t rl = strlen(root);
  for (const char *line = stored; line && *line;) {
    const char *nl = strchr(line, '\n');
    size_t n = nl ? (size_t)(nl - line) : strlen(line);
    char *end;
    unsigned long long d = strtoull(line, &end, 10);
    if (*end == ' ' && (size_t)(line + n - (end + 1)) == rl && strncmp(end + 1, root, rl) == 0) {
      *dev = d;
      return 1;
    }
    line += n + (nl != NULL);
  }
  return 0;
}

/* The DEVICES_KEY value to store: each root walked now on its device, each
 * root not read now (kept as it was) on the device stored before; NULL when
 * none. */
static char *root_devices(const run_t *r, const int *gone) {
  char *out = NULL;
  size_t len = 0;
  for (size_t i = 0; i < r->nroots; i++) {
    struct stat st;
    unsigned long long dev;
    if (gone[i] || strchr(r->roots[i], '\n'))
      continue;
    if (r->walked[i] && stat(r->roots[i], &st) == 0)
      dev = (unsigned long long)st.st_dev;
    else if (!stored_device(r->stored_devices, r->roots[i], &dev))
      continue;
    size_t add = strlen(r->roots[i]) + 32;
    out = ledei_xrealloc(out, len + add);
    len += (size_t)snprintf(out + len, add, "%llu %s\n", dev, r->roots[i]);
  }
  return out;
}

/* 1 when path, on device dev when walked last, is on another device now:
 * when path is gone, the nearest folder above it that is there is (a mount
 * point removed as its disk was unmounted, as desktops do under /media). */
static int moved_off(unsigned long long dev, const char *was) {
  struct stat st;
  char *path = ledei_xstrdup(was);
  int there;
  while (!(there = stat(path, &st) == 0) && errno == ENOENT) {
    char *slash = strrchr(path, '/');
    if (!slash || slash == path)
      break;
    *slash = '\0';
  }
  free(path);
  return there && dev != (unsigned long long)st.st_dev;
}

/* 1 when root was walked last on another device than it is on now
 * (moved_off()). */
static int device_changed(const char *stored, const char *root) {
  unsigned long long dev;
  return stored_device(stored, root, &dev) && moved_off(dev, root);
}

/* A root that holds no article now (it is empty, or gone), where the index
 * has files of it, and that is on another device than when it was last
 * walked: a mount point whose disk is not mounted (a folder emptied or
 * removed on its own device loses its articles as any file removed). An
 * update keeps its articles, with a warning (the root counts as not read);
 * a --rebuild is refused, as for a root that cannot be read. A gone root
 * whose articles leave is said. 0, or 2 when refused. */
static int keep_unmounted_roots(run_t *r, int *gone) {
  for (size_t i = 0; r->live && i < r->nroots; i++) {
    if (!r->walked[i] || gone[i] == 2 || (r->moved && r->moved[i]))
      continue; /* one moved with the index was said by follow_index() */
    int changed = device_changed(r->stored_devices, r->roots[i]), found = 0, held = 0;
    if (!changed && !gone[i])
      continue;
    for (size_t k = 0; k < r->nfiles && !found; k++)
      found = scan_path_under(r->files[k].path, r->roots[i]);
    if (!found && ledei_db_foreach_file_stat(r->live, r->roots[i], any_stat, &held) != LEDE_OK)
      held = 0;
    int was_kept = r->kept && r->kept[i];
    if (r->kept)
      r->kept[i] = held && changed;
    /* A gone root is said once (--watch: while it holds articles). */
    if (gone[i] && (!changed || !held) && (held || !r->kept))
      progress_print(r->roots[i], held ? "no longer exists; its articles leave the index"
                                       : "no longer exists, and the index holds nothing of it "
                                         "(its files were moved or removed before); forgotten");
    if (!held || !changed)
      continue;
    const char *why = gone[i] ? "gone, and the folder above it is on another device than it "
                                "was when indexed (a disk not mounted?)"
                              : "no articles there now, on another device than when it was "
                                "indexed (a disk not mounted?)";
    if (r->o->rebuild) {
      progress_print(r->roots[i], why);
      progress_print(r->dir, "nothing rebuilt, the index is as it was");
      return 2;
    }
    r->walked[i] = ROOT_UNREAD;
    char msg[320];
    /* Removing the folder would not do: a gone root whose parent is on
     * another device keeps its articles too. */
    snprintf(msg, sizeof msg,
             "%s; its articles are kept: to drop them, 'lede-index --rebuild' naming the "
             "folders to keep",
             why);
    gone[i] = 0;
    if (!was_kept) /* else said by the last rescan of --watch */
      scan_warned(&r->scan, r->roots[i], msg, 1);
  }
  return 0;
}

/* One "DEV PATH" line of a MOUNTS_KEY value at *at, which moves past it:
 * the path (malloc'd), or NULL for a line that is not one. */
static char *next_mount(const char **at, unsigned long long *dev) {
  const char *line = *at, *nl = strchr(line, '\n');
  size_t n = nl ? (size_t)(nl - line) : strlen(line);
  *at = line + n + (nl != NULL);
  char *end;
  *dev = strtoull(line, &end, 10);
  if (end == line || *end != ' ' || end + 1 >= line + n || end[1] != '/')
    return NULL;
  return ledei_xstrndup(end + 1, (size_t)(line + n - (end + 1)));
}

/* ledei_db_foreach_file_stat() callback: counts the records. */
static int count_stat(const char *path, uint64_t size, int64_t mtime_ns, void *ctx) {
  (void)path;
  (void)size;
  (void)mtime_ns;
  ++*(size_t *)ctx;
  return 0;
}

/* 1 when path is in list, which then holds it when in is set and not
 * when it is not. */
static int paths_mark(paths_t *list, const char *path, int in) {
  size_t i = 0;
  while (i < list->n && strcmp(list->v[i], path) != 0)
    i++;
  int was = i < list->n;
  if (in && !was) {
    list->v = ledei_xrealloc(list->v, (list->n + 1) * sizeof *list->v);
    list->v[list->n++] = ledei_xstrdup(path);
  } else if (!in && was) {
    free(list->v[i]);
    list->v[i] = list->v[--list->n];
  }
  return was;
}

/* A folder inside a root that was on another device than the folder
 * holding it when last walked (MOUNTS_KEY), where the index has files,
 * that holds no article now (it is empty, or gone) and is on another
 * device than then (moved_off()): a disk not mounted inside a root, kept
 * as keep_unmounted_roots() keeps a root: an update keeps its articles,
 * with a warning (the folder counts as not read); a --rebuild is refused.
 * Looked at under what this walk read: t->roots walked and not gone;
 * roots (the run's roots, of nroots) are left to keep_unmounted_roots():
 * naming such a folder makes it a root and lets its articles go. gone,
 * when not NULL, as for keep_unmounted_roots(). 0, or 2 when refused. */
static int keep_unmounted_folders(run_t *t, const int *gone, char **roots, size_t nroots) {
  int status = 0;
  for (const char *at = t->live ? t->stored_mounts : NULL; at && *at && status == 0;) {
    unsigned long long dev;
    char *path = next_mount(&at, &dev);
    int in_walk = 0, look = 0;
    for (size_t i = 0; path && i < t->nroots && !look; i++) {
      int under = t->walked[i] == ROOT_WALKED && scan_path_under(path, t->roots[i]);
      in_walk |= under;
      look = under && !(gone && gone[i]);
    }
    for (size_t i = 0; i < nroots && look; i++)
      look = strcmp(path, roots[i]) != 0;
    for (size_t i = 0; i < t->scan.nunsure && look; i++)
      look = !scan_path_under(path, t->scan.unsure[i]); /* kept anyway */
    int keep = look && moved_off(dev, path);
    for (size_t k = 0; k < t->nfiles && keep; k++)
      keep = !scan_path_under(t->files[k].path, path);
    size_t held = 0;
    if (keep && ledei_db_foreach_file_stat(t->live, path, count_stat, &held) != LEDE_OK)
      held = 0;
    keep = keep && held > 0;
    int was_kept = in_walk && t->kept_mounts && paths_mark(t->kept_mounts, path, keep);
    if (keep) {
      struct stat st;
      char why[200];
      snprintf(why, sizeof why, "%s (a disk not mounted?); its articles (%zu file%s) are kept",
               stat(path, &st) == 0 ? "no articles there now, on another device than when it was "
                                      "indexed"
                                    : "gone, and the folder above it is on another device than it "
                                      "was when indexed",
               held, held == 1 ? "" : "s");
      if (t->o->rebuild) {
        progress_print(update_display_path(path, t->base), why);
        progress_print(t->dir, "nothing rebuilt, the index is as it was: 'lede-index' naming "
                               "the folder drops its articles first");
        status = 2;
      } else if (!was_kept) { /* else said by the last rescan of --watch */
        char msg[320];
        snprintf(msg, sizeof msg, "%s: to drop them, 'lede-index' naming the folder", why);
        scan_warned(&t->scan, path, msg, 1);
      } else {
        t->scan.unsure = ledei_xrealloc(t->scan.unsure, (t->scan.nunsure + 1) * sizeof(char *));
        t->scan.unsure[t->scan.nunsure++] = ledei_xstrdup(path);
      }
    }
    free(path);
  }
  return status;
}

/* An entry of a MOUNTS_KEY value. */
typedef struct mount_line {
  char *path;
  unsigned long long dev;
  int found; /* by this walk */
} mount_line_t;

static int cmp_mount_line(const void *a, const void *b) {
  const mount_line_t *x = a, *y = b;
  int c = strcmp(x->path, y->path);
  return c ? c : y->found - x->found; /* the one found now first */
}

/* The MOUNTS_KEY value to store (NULL when none): the folders on another
 * device that this walk found, and those stored that lie under nothing it
 * read (a root not walked or not read, a folder it could not see or kept
 * as a disk not mounted). */
static char *mount_devices(const run_t *t) {
  scan_mount_t *found;
  size_t nfound = scan_take_mounts(&found);
  mount_line_t *v = ledei_xcalloc(nfound + 1, sizeof *v);
  size_t n = 0;
  for (size_t i = 0; i < nfound; i++) {
    if (strchr(found[i].path, '\n')) {
      free(found[i].path);
      continue;
    }
    v[n++] = (mount_line_t){found[i].path, found[i].dev, 1};
  }
  free(found);
  for (const char *at = t->stored_mounts; at && *at;) {
    unsigned long long dev;
    char *path = next_mount(&at, &dev);
    int read = 0;
    for (size_t i = 0; path && i < t->nroots && !read; i++)
      read = t->walked[i] != ROOT_UNREAD && scan_path_under(path, t->roots[i]);
    for (size_t i = 0; i < t->scan.nunsure && read; i++)
      read = !scan_path_under(path, t->scan.unsure[i]);
    if (read || !path) {
      free(path);
      continue;
    }
    v = ledei_xrealloc(v, (n + 1) * sizeof *v);
    v[n++] = (mount_line_t){path, dev, 0};
  }
  qsort(v, n, sizeof *v, cmp_mount_line);
  char *out = NULL;
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && strcmp(v[i - 1].path, v[i].path) == 0)
      continue; /* stored, and found again */
    size_t add = strlen(v[i].path) + 32;
    out = ledei_xrealloc(out, len + add);
    len += (size_t)snprintf(out + len, add, "%llu %s\n", v[i].dev, v[i].path);
  }
  for (size_t i = 0; i < n; i++)
    free(v[i].path);
  free(v);
  return out;
}

/* path, which lies under folder from, at the same place under folder to
 * (malloc'd). */
static char *rebase(const char *path, const char *from, const char *to) {
  const char *rest = strcmp(from, "/") == 0 ? path : path + strlen(from); /* "" or "/..." */
  const char *head = strcmp(to, "/") == 0 && *rest ? "" : to;
  size_t n = strlen(head) + strlen(rest) + 1;
  char *out = ledei_xmalloc(n);
  snprintf(out, n, "%s%s", head, rest);
  return out;
}

/* An index moved with its files (mv ~/lede /data/lede, the folder holding
 * the index and the articles beside it; a disk mounted at another place):
 * the remembered roots that lay under the folder holding it are gone, and
 * are there under the folder holding it now. With no PATH each one is
 * walked at its new place, its files found as renames by their content (not
 * indexed again), and at its old place, gone, whose leftovers leave and
 * which is forgotten (--rebuild: at its new place only); a run naming PATHs
 * leaves that to the next run with none. An index moved or copied away
 * from files that are still where they were goes on showing their paths
 * relative to the folder it was in. Sets r->moved, r->base (what shown
 * paths are relative to) and r->base_value. */
static void follow_index(run_t *r) {
  const options_t *o = r->o;
  const char *was = r->stored_base;
  r->base_value = r->base;
  char **known = NULL;
  size_t nknown = 0;
  if (was && strcmp(was, r->base) != 0)
    nknown = roots_stored(&known, r->stored_roots, r->old_roots);
  int stayed = 0, followed = 0;
  size_t n = r->nroots;
  int *moved = ledei_xcalloc(2 * n + 1, sizeof *moved);
  for (size_t i = 0; i < nknown; i++) {
    struct stat st;
    char *now = NULL;
    if (!scan_path_under(known[i], was))
      continue; /* not beside the index: shown by its absolute path */
    if (lstat(known[i], &st) == 0 || errno != ENOENT) {
      stayed = 1; /* still there: the index moved without it */
      continue;
    }
    now = rebase(known[i], was, r->base);
    if (lstat(now, &st) != 0) {
      free(now);
      continue;
    }
    followed = 1;
    size_t k = 0;
    while (k < n && strcmp(r->roots[k], known[i]) != 0)
      k++;
    if (o->npaths > 0 || k == n) { /* with PATHs, roots are those named */
      free(now);
      continue;
    }
    size_t len = strlen(now) + 100;
    char *why = ledei_xmalloc(len);
    snprintf(why, len,
             o->rebuild ? "moved with the index to %s; rebuilt from there"
                        : "moved with the index to %s; its files are found there by their content",
             now);
    progress_print(known[i], why);
    free(why);
    int there = 0;
    for (size_t j = 0; j < r->nroots && !there; j++)
      there = strcmp(r->roots[j], now) == 0;
    if (o->rebuild && !there) { /* rebuilt from the new place only */
      free(r->roots[k]);
      r->roots[k] = now;
      continue;
    }
    moved[k] = o->rebuild ? 2 : 1; /* 2: dropped, walked at its new place */
    if (there) {
      free(now);
      continue;
    }
    r->roots = ledei_xrealloc(r->roots, (r->nroots + 1) * sizeof *r->roots);
    r->roots[r->nroots++] = now;
  }
  size_t kept = 0;
  for (size_t i = 0; i < r->nroots; i++) {
    if (moved[i] == 2) {
      free(r->roots[i]);
      continue;
    }
    moved[kept] = moved[i];
    r->roots[kept++] = r->roots[i];
  }
  r->nroots = kept;
  r->moved = moved;
  for (size_t i = 0; i < nknown; i++)
    free(known[i]);
  free(known);
  if (followed) {
    if (o->npaths > 0)
      r->base_value = NULL; /* kept for the next run with no PATH to follow */
  } else if (stayed) {
    free(r->base);
    r->base = ledei_xstrdup(was);
    r->scan.base = r->base;
    r->base_value = NULL;
  }
}

static int nothing_to_index(void) {
  fprintf(stderr, PROG ": nothing to index: give a file or folder (no corpus/ here)\n");
  return 2;
}

/* How many of the named paths cannot be read; with say, each is said on
 * standard error with the reason. */
static int unreadable_paths(const options_t *o, int say) {
  int n = 0;
  for (int i = 0; i < o->npaths; i++) {
    struct stat st;
    if (stat(o->paths[i], &st) != 0) {
      if (say)
        progress_print(o->paths[i], strerror(errno));
      n++;
    }
  }
  return n;
}

/* Refuses what would lose articles for nothing, before anything is
 * created or locked: a --rebuild naming a path that cannot be read (a
 * mistyped name, an unmounted disk) would swap in an index without what
 * the path held; a new index of named paths none of which exists would be
 * an empty index. 0, or 2 with the reason said. */
static int refuse_missing(const options_t *o, const char *dir, lede_dir_state_t state) {
  if (!o->rebuild && state != LEDE_DIR_NEW)
    return 0; /* an update: a named path that is gone leaves the index */
  int bad = unreadable_paths(o, 0);
  if (bad == 0 || (!o->rebuild && bad < o->npaths))
    return 0;
  unreadable_paths(o, 1);
  if (o->rebuild)
    progress_print(dir, "nothing rebuilt, the index is as it was: --rebuild builds it anew from "
                        "what the paths hold now, and a path above cannot be read");
  else
    progress_print(dir, "no index created: none of the paths exists");
  return 2;
}

/* Says why dir cannot be indexed into, for a check that failed: 2. */
static int refuse_dir(const options_t *o, lede_dir_state_t state) {
  progress_print(NULL, lede_last_error());
  if (state == LEDE_DIR_DAMAGED && o->rebuild && o->npaths == 0)
    fprintf(stderr, PROG ": give the files and folders to index with --rebuild\n");
  return 2;
}

/* Opens the live index for this run: for writing, or for --rebuild only to
 * read its roots and language (whatever state its tables are in: a
 * rebuild replaces it). */
static lede_status_t open_live(run_t *r, lede_dir_state_t state) {
  const options_t *o = r->o;
  if (!o->rebuild) {
    lede_write_opts_t wo = LEDE_WRITE_OPTS_INIT;
    wo.language = o->language;
    return lede_db_open_write(&r->live, r->dir, &wo);
  }
  if (state != LEDE_DIR_INDEX || lede_db_open_read(&r->live, r->dir) != LEDE_OK) {
    if (state == LEDE_DIR_INDEX && !o->quiet) {
      char *why = ledei_xmalloc(strlen(lede_last_error()) + 64);
      sprintf(why, "the old index cannot be read (%s); rebuilding it", lede_last_error());
      progress_print(r->dir, why);
      free(why);
    }
    r->live = NULL;
    if (o->npaths == 0 && state != LEDE_DIR_NEW) {
      fprintf(stderr, PROG ": give the files and folders to index with --rebuild\n");
      return LEDE_ERR_INVALID;
    }
  }
  return LEDE_OK;
}

/* Removes what this run created of a new index that it did not finish
 * (failed commands create nothing): its lock, unfinished databases, and the
 * folder when this run created it. */
static void forget_new_index(const char *dir, int created) {
  lede_dir_state_t state;
  if (ledei_db_check_dir(dir, &state) != LEDE_OK || state != LEDE_DIR_NEW)
    return;
  ledei_db_remove_stale(dir);
  size_t len = strlen(dir) + sizeof "/lock";
  char *lock = ledei_xmalloc(len);
  snprintf(lock, len, "%s/lock", dir);
  unlink(lock);
  free(lock);
  if (created)
    rmdir(dir);
}

static int run_index_in(const options_t *o, const char *dir) {
  run_t r = {.o = o, .dir = dir};
  progress_init(&r.progress, o->quiet);
  r.scan.progress = &r.progress;
  r.scan.confine = o->no_follow_outside;

  /* Nothing is created or removed before the folder is known to be a lede
   * index, or new. A damaged index is only replaced by --rebuild. */
  lede_dir_state_t state;
  if (ledei_db_check_dir(r.dir, &state) != LEDE_OK &&
      !(state == LEDE_DIR_DAMAGED && o->rebuild && o->npaths > 0))
    return refuse_dir(o, state);
  struct stat dst;
  int created = stat(r.dir, &dst) != 0;
  if (state == LEDE_DIR_NEW && o->npaths == 0 && stat("corpus", &dst) != 0)
    return nothing_to_index(); /* before anything is created */
  if (refuse_missing(o, r.dir, state) != 0)
    return 2;

  long holder = 0;
  int lockfd = index_lock_acquire(r.dir, !o->no_wait, o->quiet, &holder);
  if (lockfd == -1 || lockfd == -3) { /* held; a watcher never finishes: not waited for */
    char why[200];
    snprintf(why, sizeof why,
             lockfd == -1 ? "another lede-index (pid %ld) is updating this index; try again when "
                            "it is done, or leave out --no-wait to wait for it"
                          : "lede-index --watch (pid %ld) keeps this index up to date and holds "
                            "its lock; stop it to run lede-index here",
             holder);
    progress_print(r.dir, why);
    return 2;
  }
  if (lockfd < 0) {
    char why[160];
    snprintf(why, sizeof why, "cannot lock the index: %s", strerror(errno));
    progress_print(r.dir, why);
    return 2;
  }
  if (o->watch)
    index_lock_mark_watching(lockfd);
  r.progress.start = progress_now(); /* time spent waiting is not indexing */
  r.progress.lock_fd = lockfd;
  r.progress.watching = o->watch;
  /* Another writer may have changed the folder while we waited. */
  if (ledei_db_check_dir(r.dir, &state) != LEDE_OK &&
      !(state == LEDE_DIR_DAMAGED && o->rebuild && o->npaths > 0)) {
    index_lock_release(lockfd);
    return refuse_dir(o, state);
  }
  if (state != LEDE_DIR_DAMAGED)
    ledei_db_remove_stale(r.dir);

  lede_status_t rc = open_live(&r, state);
  if (rc != LEDE_OK) {
    if (rc != LEDE_ERR_INVALID || !o->rebuild)
      progress_print(NULL, lede_last_error());
    if (state == LEDE_DIR_NEW) /* under the lock, which a waiting writer then retakes */
      forget_new_index(r.dir, created);
    index_lock_release(lockfd);
    return 2;
  }
  char *abs_dir = realpath(r.dir, NULL);
  scan_skip_index(abs_dir);
  r.base = ledei_xstrdup(abs_dir ? abs_dir : "/");
  free(abs_dir);
  char *slash = strrchr(r.base, '/');
  if (slash && slash != r.base)
    *slash = '\0';
  r.scan.base = r.base;

  uint64_t doccount = 0;
  char language[64] = "english";
  if (r.live) {
    ledei_db_get_meta(&r.stored_roots, r.live, ROOTS_KEY);
    ledei_db_get_meta(&r.stored_devices, r.live, DEVICES_KEY);
    ledei_db_get_meta(&r.stored_mounts, r.live, MOUNTS_KEY);
    if (!r.stored_roots)
      ledei_db_get_meta(&r.old_roots, r.live, OLD_ROOTS_KEY);
    ledei_db_get_meta(&r.stored_base, r.live, LEDEI_BASE_KEY);
    lede_db_count(&doccount, r.live);
    snprintf(language, sizeof language, "%s", lede_db_language(r.live));
  }
  if (o->language)
    snprintf(language, sizeof language, "%s", o->language);

  int status = 2;
  if (rc == LEDE_OK)
    status = roots_choose(&r.roots, &r.nroots, o->paths, (size_t)o->npaths, r.stored_roots,
                          r.old_roots, scan_warned, &r.scan) == 0
                 ? 0
                 : nothing_to_index();
  if (status == 0)
    follow_index(&r);
  /* --rebuild of the roots indexed before: one that is gone (a folder
   * moved, a disk not mounted) would leave its articles out. */
  for (size_t k = 0; status == 0 && o->rebuild && o->npaths == 0 && k < r.nroots; k++) {
    struct stat st;
    if (stat(r.roots[k], &st) != 0) {
      progress_print(r.roots[k], strerror(errno));
      progress_print(r.dir, "nothing rebuilt, the index is as it was: a folder it holds articles "
                            "of cannot be read; name the files and folders to rebuild it from");
      status = 2;
    }
  }
  char *roots_value = NULL;
  int has_records = 0;
  loader_t load = {0};
  load.known = &r.known;
  load.db = r.live;
  load.roots = r.roots;
  load.nroots = r.nroots;
  load.all = o->npaths == 0;
  if (status == 0 && r.live && !o->rebuild) {
    rc = ledei_db_foreach_file(r.live, any_record, &has_records);
    if (rc == LEDE_OK)
      loader_start(&load, o->jobs);
    if (rc != LEDE_OK) {
      progress_print(NULL, lede_last_error());
      status = 2;
    }
  }
  watch_t *watch = NULL;
  if (status == 0 && o->watch) {
    /* Before the walk, which watches each folder it enters. */
    watch = watch_new(r.roots, r.nroots);
    if (!watch) {
      char why[160];
      snprintf(why, sizeof why, "cannot watch for changes: %s", strerror(errno));
      progress_print(NULL, why);
      status = 2;
    } else {
      scan_on_folder(watch_folder, watch);
    }
  }
  int *gone = NULL;
  if (status == 0) {
    r.walked = ledei_xcalloc(r.nroots + 1, sizeof *r.walked);
    gone = ledei_xcalloc(r.nroots + 1, sizeof *gone);
    r.files =
        walk_roots(&r.nfiles, r.roots, r.nroots, r.walked, gone, &r.scan, o->npaths > 0, &load);
    if (loader_join(&load) != LEDE_OK) {
      progress_print(NULL, lede_last_error());
      status = 2;
    }
  }
  loader_join(&load);            /* when the walk did not run */
  if (status == 0 && o->watch) { /* said once while watching */
    r.kept = ledei_xcalloc(r.nroots + 1, sizeof *r.kept);
    r.kept_mounts = ledei_xcalloc(1, sizeof *r.kept_mounts);
  }
  if (status == 0)
    status = keep_unmounted_roots(&r, gone);
  if (status == 0)
    status = keep_unmounted_folders(&r, gone, r.roots, r.nroots);
  if (status == 0) {
    r.n.skipped += r.scan.problems;
    r.n.warnings += r.scan.problems;
    /* The roots to remember: those known before plus those walked now
     * (--rebuild: only those walked now). */
    roots_value = roots_settle(r.walked, gone, r.roots, r.nroots, o->rebuild, r.stored_roots,
                               r.old_roots, &r.others, &r.nothers);
    take_outer_roots(r.files, r.nfiles, r.others, r.nothers);
    r.devices_value = root_devices(&r, gone);
    r.mounts_value = mount_devices(&r);
    free(gone);
    gone = NULL;

    /* A new index of more than a few files is built staged, whatever
     * --jobs: in one process that is also faster than the live path (the
     * spelling data added once at the end instead of at every commit:
     * 24.5 s against 39.5 s for Reuters, docs/bench-index.md). */
    int fresh = r.live && !has_records && doccount == 0;
    if (o->rebuild || (fresh && r.nfiles >= PARALLEL_MIN_FILES))
      rc = build_fresh(&r, roots_value, language);
    else
      rc = update_live(&r, roots_value);
    progress_end(&r.progress);
    /* A staged build (r.live closed) is compact already. */
    if (rc == LEDE_OK && o->compact && r.live)
      rc = compact_live(&r);
    if (rc != LEDE_OK) {
      progress_print(NULL, lede_last_error());
      status = 2;
    }
  }
  if (status == 0 && watch) { /* the lock is held while watching */
    print_unsupported(o);
    print_summary(o, &r.n, progress_now() - r.progress.start);
    fflush(stdout);
    status = watch_loop(&r, watch, roots_value);
  }
  scan_on_folder(NULL, NULL);
  lede_db_close(r.live);
  r.live = NULL;
  /* A new index whose first commit failed (a full disk) leaves nothing. */
  if (status != 0 && state == LEDE_DIR_NEW)
    ledei_db_remove_if_empty(r.dir);
  if (status != 0 && state == LEDE_DIR_NEW) /* under the lock, as above */
    forget_new_index(r.dir, created);
  index_lock_release(lockfd);
  if (status == 0 && !watch) {
    print_unsupported(o);
    print_summary(o, &r.n, progress_now() - r.progress.start);
    status = r.n.warnings || r.progress.warnings ? 1 : 0;
  }
  watch_free(watch);

  free(roots_value);
  scan_files_free(r.files, r.nfiles);
  for (size_t i = 0; i < r.nroots; i++)
    free(r.roots[i]);
  free(r.roots);
  free(r.walked);
  free(gone); /* when the update did not run */
  for (size_t i = 0; i < r.nothers; i++)
    free(r.others[i]);
  free(r.others);
  for (size_t i = 0; i < r.scan.nunsure; i++)
    free(r.scan.unsure[i]);
  free(r.scan.unsure);
  update_records_free(&r.known);
  free(r.stored_roots);
  free(r.stored_devices);
  free(r.devices_value);
  free(r.stored_mounts);
  free(r.mounts_value);
  free(r.kept);
  for (size_t i = 0; r.kept_mounts && i < r.kept_mounts->n; i++)
    free(r.kept_mounts->v[i]);
  free(r.kept_mounts ? r.kept_mounts->v : NULL);
  free(r.kept_mounts);
  free(r.old_roots);
  free(r.stored_base);
  free(r.moved);
  free(r.base);
  return status;
}

static int run_index(const options_t *o) {
  char *dir = lede_index_locate(o->index);
  int status = run_index_in(o, dir);
  free(dir);
  return status;
}

/* lede-index holds a few dozen files open at once (two databases' tables,
 * the walk's folders, a parallel build's shards): with fewer descriptors a
 * run would fail part way, a folder's .lede-source unreadable among other
 * things. */
#define MIN_FILES 64

int main(int argc, char **argv) {
  ledei_std_streams();
  /* A file size limit (ulimit -f) is a write that fails with EFBIG, said
   * as a full disk, not a process killed by SIGXFSZ without a word. */
  signal(SIGXFSZ, SIG_IGN);
  if (!ledei_enough_descriptors(PROG, MIN_FILES, ""))
    return 2;
  options_t o = {0};
  int rc = parse_args(&o, argc, argv);
  if (rc)
    return rc;
  /* A rescan is mostly stat(), which threads spread over the cores: 1.6 x
   * faster at 10x with two on a quiet 2-core host, slower on a loaded one
   * (docs/bench-growth.md); --jobs 1 keeps one. */
  scan_threads(o.jobs);
  if (o.dry_run && (o.watch || o.compact)) {
    fprintf(stderr, PROG ": --dry-run and --%s cannot be used together\n",
            o.watch ? "watch" : "compact");
    return 2;
  }
  if (o.dry_run) {
    if (o.npaths == 0) {
      fprintf(stderr, PROG ": --dry-run needs a file or folder\n");
      return 2;
    }
    rc = dry_run(&o);
  } else {
    rc = run_index(&o);
  }
  /* What --dry-run and --json print must reach its reader: a full disk or
   * a closed pipe is an error, not a success. */
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, PROG ": writing the output: %s\n", strerror(errno));
    rc = 2;
  }
  return rc;
}
