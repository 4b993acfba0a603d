/*
 * pdf.h - a PDF file as one article, through poppler's GLib API in the
 * readers module (lib/readers.h; ledei_pdf_is_pdf() is declared in
 * lede_private.h).
 */
#ifndef LEDE_PDF_H
#define LEDE_PDF_H

#include "lede_private.h"

/* The text of every page in reading order (hyphenation at line ends
 * undone, a page break a paragraph break), the title and creation day of
 * the document's info dictionary. Sentences have no byte span in the file
 * (start = end = 0). Fails with LEDE_ERR_INVALID and the reason (not a
 * PDF, damaged, encrypted, no text layer) in lede_last_error(), and with
 * LEDE_ERR_IO when the readers module cannot be loaded. */
lede_status_t pdf_article_parse(lede_article_t **out, const char *buf, size_t len, const char *path,
                                const char *default_source);

/* Undoes the hyphenation of words broken at line ends in text (in place:
 * "inter-\nnational" becomes "international"; "well-known" inside a line
 * stays); returns the new length. */
size_t pdf_join_hyphens(char *text, size_t len);

#endif
