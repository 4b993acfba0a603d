/*
 * xapian_stats.cc - what an index holds (lede-query --stats).
 *
 * Everything is read from term frequencies and posting lists of the boolean
 * terms (source S, year Y, date D) and the article marker term: no document
 * is read but one per source, for the source's name as written.
 */
#include "xapian_internal.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>

namespace {

/* "YYYYMMDD" of a date term as "YYYY-MM-DD" into out. */
void put_date(char out[11], const std::string &term) {
  if (term.size() != std::strlen(LEDE_PREFIX_DATE) + 8)
    return; /* none: no article is dated */
  std::string d = term.substr(std::strlen(LEDE_PREFIX_DATE));
  if (d.size() == 8)
    std::snprintf(out, 11, "%.4s-%.2s-%.2s", d.c_str(), d.c_str() + 4, d.c_str() + 6);
}

/* Bytes the files of folder dir take on disk (as du counts them) and the
 * latest modification time among them: Glass rewrites its version file at
 * every commit. */
void folder_usage(const std::string &dir, uint64_t *bytes, int64_t *mtime) {
  DIR *d = opendir(dir.c_str());
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d)) != nullptr) {
    struct stat st;
    std::string path = dir + "/" + e->d_name;
    if (e->d_name[0] == '.' || stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      continue;
    *bytes += (uint64_t)st.st_blocks * 512;
    *mtime = std::max(*mtime, (int64_t)st.st_mtime);
  }
  closedir(d);
}

} // namespace

/* Fills a new *s from the index as it is now. */
static void read_stats(std::unique_ptr<lede_stats_t, void (*)(lede_stats_t *)> &s, lede_db_t *db) {
  Xapian::Database &x = db->articles(), &sx = db->sentences();
  s.reset(static_cast<lede_stats_t *>(ledei_xcalloc(1, sizeof(lede_stats_t))));
  s->articles = x.get_doccount();
  s->sentences = sx.get_doccount();
  s->language = ledei_xstrdup(db->language.c_str());
  /* Files indexed: a file record with articles (one of a file skipped as
   * empty, binary or too large has none: "size mtime hash 0 0 \npath").
   * Xapian reads metadata from the first of several databases only: the
   * records are counted in each index. */
  std::vector<Xapian::Database> each = db->articles_of_part;
  if (each.empty()) /* a writer's handle */
    each.push_back(x);
  for (Xapian::Database &part : each)
    for (auto k = part.metadata_keys_begin(LEDE_META_FILE);
         k != part.metadata_keys_end(LEDE_META_FILE); ++k) {
      std::string v = part.get_metadata(*k);
      unsigned long narticles = 0;
      if (sscanf(v.c_str(), "%*s %*s %*s %*s %lu", &narticles) == 1 && narticles > 0)
        s->files++;
    }
  /* Dated articles: each has one year term. */
  uint64_t dated = 0;
  for (auto t = x.allterms_begin(LEDE_PREFIX_YEAR); t != x.allterms_end(LEDE_PREFIX_YEAR); ++t)
    dated += t.get_termfreq();
  s->undated = s->articles - std::min<uint64_t>(dated, s->articles);
  std::string earliest, latest;
  for (auto t = x.allterms_begin(LEDE_PREFIX_DATE); t != x.allterms_end(LEDE_PREFIX_DATE); ++t) {
    if (earliest.empty())
      earliest = *t;
    latest = *t;
  }
  put_date(s->earliest, earliest);
  put_date(s->latest, latest);

  struct source {
    std::string name;
    uint64_t articles, sentences;
  };
  std::vector<source> sources;
  for (auto t = x.allterms_begin(LEDE_PREFIX_SOURCE); t != x.allterms_end(LEDE_PREFIX_SOURCE);
       ++t) {
    /* The term is lower-cased (and hashed when long): the name as written
     * is in its first article's record. */
    ledei_doc_data d;
    Xapian::PostingIterator first = x.postlist_begin(*t);
    std::string name = first != x.postlist_end(*t) &&
                               ledei_doc_data_get(&d, x.get_document(*first)) && !d.source.empty()
                           ? d.source
                           : (*t).substr(std::strlen(LEDE_PREFIX_SOURCE));
    sources.push_back({name, t.get_termfreq(), sx.get_termfreq(*t)});
  }
  std::sort(sources.begin(), sources.end(), [](const source &a, const source &b) {
    return a.articles != b.articles ? a.articles > b.articles : a.name < b.name;
  });
  s->sources = static_cast<lede_source_count_t *>(
      ledei_xcalloc(sources.size() + 1, sizeof(lede_source_count_t)));
  for (const source &c : sources)
    s->sources[s->nsources++] = {ledei_xstrdup(c.name.c_str()), c.articles, c.sentences};

  for (const ledei_part &p : db->parts) {
    if (p.dir.empty())
      continue;
    for (const char *kind : {LEDE_SENTENCES, LEDE_ARTICLES})
      folder_usage(p.dir + "/" + p.target + "/" + kind, &s->bytes, &s->updated);
  }
}

extern "C" lede_status_t lede_db_stats(lede_stats_t **out, lede_db_t *db) {
  *out = nullptr;
  LEDE_XAPIAN_TRY
  std::unique_ptr<lede_stats_t, void (*)(lede_stats_t *)> s(nullptr, lede_stats_free);
  /* Read again, as a search is, when a writer commits meanwhile. */
  lede_status_t rc = ledei_read_retrying(db, [&] { read_stats(s, db); });
  if (rc != LEDE_OK)
    return rc;
  *out = s.release();
  return LEDE_OK;
  LEDE_XAPIAN_CATCH(db->dir.c_str())
}

extern "C" void lede_stats_free(lede_stats_t *s) {
  if (!s)
    return;
  for (size_t i = 0; i < s->nsources; i++)
    std::free(s->sources[i].source);
  std::free(s->sources);
  std::free(s->language);
  std::free(s);
}
