// bench-plain.cc - the floor for scripts/benchmarks/bench-index: a plain Xapian sentence
// indexer, as the issue describes its reference ("plain C++ on Xapian 1.4"),
// with none of lede's work (no files, parsing, article documents, spelling,
// metadata or change detection).
//
//   bench-plain SENTENCES DB [SHARD NSHARDS]
//
// SENTENCES is bench-index's sentences.ascii (records "article US n US text
// RS"). Every sentence (or every NSHARDS-th, from SHARD) becomes one document
// of a new Glass database DB: its text through TermGenerator (English
// Snowball stemmer, Xapian's default STEM_SOME, positions), an id term, the
// text as document data. Xapian commits every 10,000 documents by default.
// Two shards are merged with xapian-compact by the caller.
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char **argv) {
  if (argc != 3 && argc != 5) {
    std::cerr << "usage: bench-plain SENTENCES DB [SHARD NSHARDS]\n";
    return 2;
  }
  unsigned long shard = argc == 5 ? std::strtoul(argv[3], nullptr, 10) : 0;
  unsigned long nshards = argc == 5 ? std::strtoul(argv[4], nullptr, 10) : 1;
  if (nshards == 0 || shard >= nshards) {
    std::cerr << "bench-plain: SHARD must be below NSHARDS\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "bench-plain: cannot read " << argv[1] << "\n";
    return 2;
  }
  try {
    Xapian::WritableDatabase db(argv[2], Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    std::string record;
    unsigned long i = 0, added = 0;
    while (std::getline(in, record, '\x1e')) {
      if (i++ % nshards != shard)
        continue;
      size_t a = record.find('\x1f');
      size_t b = a == std::string::npos ? a : record.find('\x1f', a + 1);
      if (b == std::string::npos)
        continue;
      std::string text = record.substr(b + 1);
      Xapian::Document doc;
      tg.set_document(doc);
      tg.index_text(text);
      doc.add_boolean_term("Q" + record.substr(0, a) + "/" + record.substr(a + 1, b - a - 1));
      doc.set_data(text);
      db.add_document(doc);
      added++;
    }
    db.commit();
    std::cerr << "bench-plain: " << added << " sentences\n";
  } catch (const Xapian::Error &e) {
    std::cerr << "bench-plain: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
