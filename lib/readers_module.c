/*
 * readers_module.c - the one symbol the readers module exports
 * (lib/readers.h): GMime's and poppler's readers, and the module's own
 * last error message.
 */
#include "reader_module.h"
#include "readers.h"

/* The module's copy of lib/ keeps its own message (lib/readers.c). */
static const char *module_last_error(void) {
  return lede_last_error();
}

__attribute__((visibility("default"))) extern const ledei_readers_t ledei_readers_table;
const ledei_readers_t ledei_readers_table = {LEDE_READERS_VERSION, mail_read_articles,
                                             pdf_read_article, module_last_error};
