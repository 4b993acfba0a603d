/*
 * signature.h - which sentences are copies of each other (issue #19), private
 * to liblede.
 *
 * A sentence's signature is a pure function of its text, computed once when
 * it is indexed: 16 MinHash values of 16 bits (32 bytes) over its word pairs,
 * after a leading dateline is dropped and case, punctuation, quote style and
 * white space are ignored; its figures (numbers, number words, month names)
 * must agree exactly: they are folded into every value. Two sentences are
 * copies when at least LEDE_SIG_SAME of the 16 values agree, which lets about
 * one word in a sentence of ten be added, dropped or changed, two in one of
 * twenty. Sentences under LEDE_SIG_MIN_WORDS words get no signature and are
 * copies of nothing: "Year" or "Terms were not disclosed." stand in tens to
 * hundreds of unrelated Reuters articles.
 *
 * A search finds candidate copies among its hits by equal band keys (8 per
 * signature, two values each) and confirms them with ledei_signature_same();
 * docs/collapse.md has the measurements behind every number here.
 */
#ifndef LEDE_SIGNATURE_H
#define LEDE_SIGNATURE_H

#include <stddef.h>
#include <stdint.h>

#define LEDE_SIG_VALUES 16    /* MinHash values per signature */
#define LEDE_SIG_BANDS 8      /* band b holds values 2b and 2b+1 */
#define LEDE_SIG_SAME 10      /* copies: at least this many values equal */
#define LEDE_SIG_MIN_WORDS 10 /* shorter sentences get no signature */
#define LEDE_SIG_BYTES (2 * LEDE_SIG_VALUES)

typedef struct lede_signature {
  uint16_t v[LEDE_SIG_VALUES]; /* all zero: no signature */
} lede_signature_t;

/* Fills *sig from the sentence text [text, text+len) (UTF-8; invalid bytes
 * separate words). Returns 1, or 0 with *sig all zero when the sentence has
 * fewer than LEDE_SIG_MIN_WORDS words. */
int ledei_sentence_signature(lede_signature_t *sig, const char *text, size_t len);

/* 1 when sig holds a signature (not all zero). */
int ledei_signature_present(const lede_signature_t *sig);

/* Band b's key (0 <= b < LEDE_SIG_BANDS): two copies very likely share at
 * least one band; sharing one makes them candidates, not copies. */
uint32_t ledei_signature_band(const lede_signature_t *sig, int b);

/* 1 when a and b are copies: both present and at least LEDE_SIG_SAME values
 * equal. */
int ledei_signature_same(const lede_signature_t *a, const lede_signature_t *b);

/* Groups n signatures given best-ranked first: rep[i] is the index of the
 * group's representative, i itself for a representative. A signature joins
 * the first representative it is a copy of among those sharing a band key
 * with it; it is never chained through another member (that grouped
 * unrelated boilerplate, docs/collapse.md). No pair without a shared band
 * key is compared. */
void ledei_signature_group(const lede_signature_t *sigs, size_t n, size_t *rep);

/* The signature as LEDE_SIG_BYTES bytes (big-endian values), for a value
 * slot, and back. */
void ledei_signature_encode(const lede_signature_t *sig, unsigned char out[LEDE_SIG_BYTES]);
void ledei_signature_decode(lede_signature_t *sig, const unsigned char in[LEDE_SIG_BYTES]);

#endif
