/*
 * zlib_store.c - lede-index writes Xapian's tables without compressing them.
 *
 * Glass (Xapian 1.4) deflates every tag of its termlist table as it writes
 * it: each document's term list and its values, one small tag per document
 * (a sentence's is about a hundred bytes). For each tag it resets its zlib
 * stream, and a reset clears the stream's hash table, 128 kB at the memLevel
 * of 9 Xapian asks for: that clearing, the compression and the cache misses
 * they cause were a fifth of a full build's time, to make a sentence's tags
 * about a sixth smaller (docs/bench-index.md). Xapian 1.4 has no option to
 * turn it off.
 *
 * So lede-index defines zlib's deflateInit2_() itself. The dynamic linker
 * binds Xapian's call to the executable's definition, which passes it on to
 * zlib's. The streams Xapian opens (default level, raw deflate with a 32 kB
 * window, memLevel 9) get level 0 (store) and the smallest hash table;
 * any other stream (zlib's own deflateInit_() comes here too) is left as
 * asked. A stored tag is never smaller than its data, and Xapian then keeps
 * the data as it is, as it does for any incompressible tag: the index is an
 * ordinary Glass database that any Xapian reader opens, only a little
 * larger. lede-query, which only reads, is not affected.
 *
 * A fully static link (libz.a beside a static libxapian) would define this
 * symbol twice: configure with -DLEDE_STORE_UNCOMPRESSED=OFF there.
 */
#define _GNU_SOURCE 1 /* RTLD_NEXT */
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>
#include <zlib.h>

typedef int (*deflate_init2_fn)(z_streamp, int, int, int, int, int, const char *, int);

/* True for the parameters Glass's compression stream asks for. */
static int is_glass_stream(int level, int method, int window_bits, int mem_level) {
  return level == Z_DEFAULT_COMPRESSION && method == Z_DEFLATED && window_bits == -15 &&
         mem_level == 9;
}

int deflateInit2_(z_streamp strm, int level, int method, int window_bits, int mem_level,
                  int strategy, const char *version, int stream_size) {
  static deflate_init2_fn real;
  if (!real) {
    void *sym = dlsym(RTLD_NEXT, "deflateInit2_");
    if (!sym) {
      /* Callers read msg when initialisation fails. */
      static char why[] = "lede-index: zlib's deflateInit2_ not found";
      if (strm)
        strm->msg = why;
      return Z_VERSION_ERROR;
    }
    /* dlsym returns functions as object pointers (POSIX). */
    memcpy(&real, &sym, sizeof real);
  }
  if (is_glass_stream(level, method, window_bits, mem_level)) {
    level = Z_NO_COMPRESSION;
    mem_level = 1;
  }
  return real(strm, level, method, window_bits, mem_level, strategy, version, stream_size);
}
