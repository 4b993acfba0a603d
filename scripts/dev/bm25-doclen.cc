// bm25-doclen.cc - what Xapian 1.4's document lengths cost a BM25 search:
// the same queries over one of lede's databases with BM25Weight's length
// normalisation (b > 0, which reads each candidate's length) and without
// (b = 0), to be run under callgrind (docs/bench-query.md, "Seventeenth
// session").
//
//   g++ -O2 scripts/dev/bm25-doclen.cc -o bm25-doclen -lxapian
//   valgrind --tool=callgrind ./bm25-doclen DB B QUERIES [K [K1]]
//
// DB is a sentences or articles database of an index (IDX/current/sentences);
// B is BM25's b; QUERIES a file of queries, one a line, words separated by
// spaces; each is searched as an OR of the words' stems (Z prefix, English
// Snowball), its best K (default 31) read. K1 defaults to 1.2. Prints the
// number of hits read.
#include <xapian.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  if (argc < 4) {
    std::cerr << "usage: bm25-doclen DB B QUERIES [K [K1]]\n";
    return 2;
  }
  Xapian::Database db(argv[1]);
  double b = std::atof(argv[2]);
  std::ifstream in(argv[3]);
  if (!in) {
    std::cerr << "bm25-doclen: " << argv[3] << ": cannot read\n";
    return 2;
  }
  Xapian::doccount k = argc > 4 ? (Xapian::doccount)std::atoi(argv[4]) : 31;
  double k1 = argc > 5 ? std::atof(argv[5]) : 1.2;
  Xapian::Stem stem("english");
  std::string line;
  size_t hits = 0;
  while (std::getline(in, line)) {
    std::vector<Xapian::Query> words;
    size_t at = 0;
    while (at < line.size()) {
      size_t end = line.find(' ', at);
      if (end == std::string::npos)
        end = line.size();
      if (end > at)
        words.emplace_back("Z" + stem(line.substr(at, end - at)));
      at = end + 1;
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()));
    enquire.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5));
    hits += enquire.get_mset(0, k).size();
  }
  std::cout << hits << "\n";
  return 0;
}
