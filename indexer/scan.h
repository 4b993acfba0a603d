/*
 * scan.h - walking the corpus: which files are articles, in what order.
 */
#ifndef LEDE_SCAN_H
#define LEDE_SCAN_H

#include <stdint.h>
#include <sys/types.h>

/* A file found by the walk. */
typedef struct scan_file {
  char *path; /* absolute, without symlinks in the directories walked */
  /* The absolute root it was found under; owned by scan.c, valid until
   * the process ends (one copy a root, not one a file). */
  const char *root;
  uint64_t size;
  /* The file's mtime, with its folder's source (below) mixed in, so that a
   * changed .lede-source makes the files under it count as changed. */
  int64_t mtime_ns;
  /* The source named by the nearest SCAN_SOURCE_FILE in the file's folder
   * or a parent, or NULL; owned by scan.c, valid until the process ends. */
  const char *source;
} scan_file_t;

/* A folder's default source: this file in a folder names, on its first
 * line that is neither blank nor a '#' comment, the source of every article
 * under the folder whose file names none itself (front matter, feed, mail
 * or web page metadata come first); the nearest one up from the file wins.
 * It is never an article itself. One that cannot be read, is empty or
 * binary or longer than SCAN_SOURCE_MAX bytes is warned about and ignored. */
#define SCAN_SOURCE_FILE ".lede-source"
#define SCAN_SOURCE_MAX 4096

/* Called for every problem met (unreadable folder, symlink loop, ...).
 * unsure is 1 when what lies at or under path could not be seen (so an index
 * must keep what it has there), 0 when it is known to be gone. */
typedef void (*scan_warn_fn)(void *ctx, const char *path, const char *why, int unsure);

/* The skip rule. 1 when a file name is one lede treats as an article: not
 * hidden (".x", which also covers ".x.swp"), not an editor backup ("x~",
 * "#x#"), and with no extension or one of txt, text, md, markdown, news,
 * jsonl, html, htm, xhtml, rss, atom (case-insensitive; a walk also reads
 * an .xml file whose root element is a feed's). Everything else (images,
 * archives, binaries, office documents, ...) is left alone, counted by kind
 * for scan_unsupported(). Hidden folders are not
 * walked; only regular files (or symbolic links to them) are read: any other
 * file with an article's name (FIFO, device, socket) is warned about. */
int scan_is_article_name(const char *name);

/* Walks root (a file or a folder, recursively) and appends the article files
 * found to *files (realloc'd; *count updated), sorted by path within each
 * folder. Hidden folders are skipped; symbolic links to folders are followed
 * once (a loop is reported, not followed). Returns 0; SCAN_GONE when root
 * does not exist (not warned: the caller decides what that means); -1 when
 * root exists but cannot be read (warned through warn). */
#define SCAN_GONE (-2)
int scan_walk(scan_file_t **files, size_t *count, const char *root, scan_warn_fn warn, void *ctx);

/* scan_walk(), but with within set (nwithin paths: all the roots of this
 * run), a symbolic link met in a folder whose target lies outside every one
 * of them is skipped with a warning (lede-index --no-follow-outside). */
int scan_walk_within(scan_file_t **files, size_t *count, const char *root,
                     const char *const *within, size_t nwithin, scan_warn_fn warn, void *ctx);

/* scan_walk_within() for a path found inside root (by lede-index --watch):
 * visited as the walk of root would meet it, so the same names are skipped
 * (path == root: as the root itself); a folder is walked recursively.
 * Returns 0, or SCAN_GONE (not warned) when nothing is at path. */
int scan_walk_found(scan_file_t **files, size_t *count, const char *path, const char *root,
                    const char *const *within, size_t nwithin, scan_warn_fn warn, void *ctx);

/* 1 when path is root or lies under it (both absolute). */
int scan_path_under(const char *path, const char *root);

/* The absolute path of path from the real path of its nearest folder that
 * exists, its last parts as they are (malloc'd): for a path that no longer
 * exists ("old/x.txt" with old/ gone too -> "/home/u/news/old/x.txt"), and
 * for a symbolic link to a file, named as a link as a walk names it. NULL
 * when a missing part is "." or "..", which only a real folder resolves. */
char *scan_in_real_folder(const char *path);

/* 1 when a walk may read a file of this name: scan_is_article_name(), or an
 * .xml file (read when it turns out to be a feed). */
int scan_is_candidate_name(const char *name);

/* Lists and stats folders with n threads (1 to 64; default 1), each
 * taking folders from one queue; the files and warnings a walk gives, and
 * their order, do not depend on n. A walk with a scan_on_folder() callback
 * uses one. */
void scan_threads(int n);

/* Has fn called with every folder a walk enters, before its entries are
 * listed (lede-index --watch watches them); NULL: none. */
void scan_on_folder(void (*fn)(void *ctx, const char *dir), void *ctx);

/* Folders holding a lede index (a stub "XAPIANDB" reading "glass ...") are
 * never walked, silently, nor dir (this run's index, which may not have a
 * stub yet; NULL for none), set before walking. */
void scan_skip_index(const char *dir);

/* The kinds of files the walks so far passed by (regular files with an
 * extension lede does not read: .pdf, .docx, .jpg, ...): up to max
 * lower-cased extensions with their counts, in the order first met.
 * Returns how many were written. */
size_t scan_unsupported(const char **ext, unsigned long *count, size_t max);

/* A folder a walk entered on another device than the folder holding it:
 * a mount point, or a symbolic link to another file system (never a root
 * itself). */
typedef struct scan_mount {
  char *path;
  unsigned long long dev; /* its st_dev */
} scan_mount_t;

/* Hands over the folders on another device (above) that the walks since
 * the last call entered, in the order walked (malloc'd, for
 * scan_mounts_free()); returns how many. */
size_t scan_take_mounts(scan_mount_t **out);
void scan_mounts_free(scan_mount_t *v, size_t n);

void scan_files_free(scan_file_t *files, size_t count);

#endif
