/*
 * spelling_words INDEX_DIR - prints the spelling data of a lede index, one
 * "word frequency" line per word in word order, through Xapian's public API.
 * A helper of tests/cli/index_spelling.sh (a clean build and an updated
 * index must hold the same words with the same counts).
 */
#include <iostream>
#include <string>
#include <xapian.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: spelling_words INDEX_DIR\n";
    return 2;
  }
  try {
    /* The spelling data is in the live pair's sentences database. */
    Xapian::Database db(std::string(argv[1]) + "/current/sentences");
    for (Xapian::TermIterator it = db.spellings_begin(); it != db.spellings_end(); ++it)
      std::cout << *it << ' ' << it.get_termfreq() << '\n';
  } catch (const Xapian::Error &e) {
    std::cerr << "spelling_words: " << argv[1] << ": " << e.get_description() << '\n';
    return 2;
  }
  return 0;
}
