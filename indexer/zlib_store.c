/*
 * zlib_store.c - lede-index writes Xapian's tables without compressing them.
 *
 * Glass (Xapian 1.4) deflates every tag of its termlist table as it writes
 * it: each document's term list and its values, one small tag per document
 * (a sentence's is about a hundred bytes). For each tag it resets its zlib
 * stream, and a reset clears the stream's hash table, 128 kB at the memLevel
 * of 9 Xapian asks for: that clearing, the compression and the cache misses
 * they cause were a fifth of a full build's time, to make a sentence's tags
 * about a tenth smaller (docs/bench-index.md). Xapian 1.4 has no option to
 * turn it off.
 *
 * So lede-index defines zlib's deflateInit2_() itself. The dynamic linker
 * binds Xapian's call to the executable's definition, which passes it on to
 * zlib's with level 0 (store) and the smallest hash table. A stored tag is
 * never smaller than its data, and Xapian then keeps the data as it is, as
 * it does for any incompressible tag: the index is an ordinary Glass
 * database that any Xapian reader opens, only a little larger. Nothing else
 * in lede-index uses zlib. lede-query, which only reads, is not affected.
 */
#define _GNU_SOURCE 1 /* RTLD_NEXT */
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>
#include <zlib.h>

typedef int (*deflate_init2_fn)(z_streamp, int, int, int, int, int, const char *, int);

int deflateInit2_(z_streamp strm, int level, int method, int window_bits, int mem_level,
                  int strategy, const char *version, int stream_size) {
  static deflate_init2_fn real;
  (void)level;
  (void)mem_level;
  if (!real) {
    void *sym = dlsym(RTLD_NEXT, "deflateInit2_");
    if (!sym)
      return Z_VERSION_ERROR; /* no zlib: Xapian reports it cannot compress */
    /* dlsym returns functions as object pointers (POSIX). */
    memcpy(&real, &sym, sizeof real);
  }
  return real(strm, Z_NO_COMPRESSION, method, window_bits, 1, strategy, version, stream_size);
}
