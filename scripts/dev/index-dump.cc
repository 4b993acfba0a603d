// index-dump: what a lede index's two Glass databases hold as statistics,
// one line a fact, in a stable order, so that an index updated for months
// can be diffed against a fresh build of the same files
// (scripts/dev/aging runs it).
//
// usage: index-dump INDEX [--bounds] [--spelling] [--terms]
//   build: c++ -O2 -o index-dump scripts/dev/index-dump.cc $(xapian-config --libs --cxxflags)
//
// Always: each database's document count, total length and average length;
// --bounds: the bounds Glass keeps (last docid, document length bounds,
// each term's wdf upper bound), which an update need not tighten, so they
// are expected to differ; --spelling: every spelling word and frequency;
// --terms: every term with its document and collection frequency.
#include <xapian.h>

#include <cstring>
#include <iostream>
#include <string>

static void dump(const std::string &name, const std::string &path, bool bounds, bool spelling,
                 bool terms) {
  Xapian::Database db(path, Xapian::DB_BACKEND_GLASS);
  std::cout << name << " doccount " << db.get_doccount() << "\n";
  std::cout << name << " total_length " << db.get_total_length() << "\n";
  std::cout.precision(17);
  std::cout << name << " avlength " << db.get_avlength() << "\n";
  if (bounds) {
    std::cout << name << " lastdocid " << db.get_lastdocid() << "\n";
    std::cout << name << " doclength_lower_bound " << db.get_doclength_lower_bound() << "\n";
    std::cout << name << " doclength_upper_bound " << db.get_doclength_upper_bound() << "\n";
  }
  if (terms || bounds)
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
      std::cout << name << " term " << *t;
      if (terms)
        std::cout << " " << t.get_termfreq() << " " << db.get_collection_freq(*t);
      if (bounds)
        std::cout << " wdf<=" << db.get_wdf_upper_bound(*t);
      std::cout << "\n";
    }
  if (spelling)
    for (auto s = db.spellings_begin(); s != db.spellings_end(); ++s)
      std::cout << name << " spelling " << *s << " " << s.get_termfreq() << "\n";
}

int main(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << "usage: index-dump INDEX [--bounds] [--spelling] [--terms]\n";
    return 2;
  }
  bool bounds = false, spelling = false, terms = false;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--bounds"))
      bounds = true;
    else if (!strcmp(argv[i], "--spelling"))
      spelling = true;
    else if (!strcmp(argv[i], "--terms"))
      terms = true;
    else {
      std::cerr << "index-dump: unknown option " << argv[i] << "\n";
      return 2;
    }
  }
  try {
    std::string cur = std::string(argv[1]) + "/current/";
    dump("sentences", cur + "sentences", bounds, spelling, terms);
    dump("articles", cur + "articles", bounds, false, terms);
  } catch (const Xapian::Error &e) {
    std::cerr << "index-dump: " << e.get_description() << "\n";
    return 2;
  }
  return 0;
}
