/*
 * encoding.c - plain text that is not UTF-8, as people have it: UTF-16 with
 * a byte-order mark (Windows Notepad's "Unicode"), and legacy 8-bit text
 * (Windows-1252, of which the printable part of Latin-1 is a subset).
 */
#include "lede_private.h"

#include <stdlib.h>
#include <string.h>

/* Windows-1252's 0x80-0x9F (0 where the code page leaves a byte unused:
 * read as the C1 control of the same number, as Latin-1 has it). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

uint32_t ledei_cp1252_char(unsigned char c) {
  return c >= 0x80 && c <= 0x9F && cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : c;
}

int ledei_cp1252_byte(uint32_t cp) {
  if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
    return (int)cp;
  if (cp <= 0x9F)
    return cp1252_high[cp - 0x80] ? -1 : (int)cp;
  for (int i = 0; i < 32; i++)
    if (cp1252_high[i] == cp)
      return 0x80 + i;
  return -1;
}

/* UTF-16 (big_endian or not) after its BOM, to UTF-8; a lone surrogate
 * becomes U+FFFD, an odd last byte is dropped. */
static char *from_utf16(const unsigned char *p, size_t len, int big_endian, size_t *out_len) {
  char *out = ledei_xmalloc(len / 2 * 3 + 1); /* a unit gives 3 bytes at most */
  size_t o = 0;
  for (size_t i = 0; i + 1 < len; i += 2) {
    uint32_t u = big_endian ? (uint32_t)(p[i] << 8 | p[i + 1]) : (uint32_t)(p[i + 1] << 8 | p[i]);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
      uint32_t lo =
          big_endian ? (uint32_t)(p[i + 2] << 8 | p[i + 3]) : (uint32_t)(p[i + 3] << 8 | p[i + 2]);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF)
      u = 0xFFFD;
    o += ledei_utf8_encode(out + o, u);
  }
  out[o] = '\0';
  *out_len = o;
  return out;
}

/* 1 when text with bytes above 0x7F holds no valid multi-byte UTF-8
 * sequence at all: legacy 8-bit text, not UTF-8 with a few broken bytes
 * (which stays UTF-8, its bad bytes shown as U+FFFD). */
static int looks_8bit(const unsigned char *p, size_t len) {
  int high = 0;
  for (size_t i = 0; i < len; i++) {
    if (p[i] < 0x80)
      continue;
    high = 1;
    uint32_t cp;
    size_t k = ledei_utf8_decode(&cp, (const char *)p + i, len - i);
    if (k > 1)
      return 0;
  }
  return high;
}

char *ledei_text_to_utf8(const char *buf, size_t len, size_t *out_len, const char **encoding) {
  const unsigned char *p = (const unsigned char *)buf;
  if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
    int be = p[0] == 0xFE;
    if (encoding)
      *encoding = be ? "UTF-16BE" : "UTF-16LE";
    return from_utf16(p + 2, len - 2, be, out_len);
  }
  if (memchr(buf, '\0', len) || !looks_8bit(p, len))
    return NULL;
  char *out = ledei_xmalloc(len * 3 + 1);
  size_t o = 0;
  for (size_t i = 0; i < len; i++)
    o += ledei_utf8_encode(out + o, ledei_cp1252_char(p[i]));
  out[o] = '\0';
  *out_len = o;
  if (encoding)
    *encoding = "windows-1252";
  return out;
}

int ledei_text_prepare(char **buf, size_t *len, const char *path) {
  if (ledei_html_is_page(path, *buf, *len) || ledei_feed_is_feed(path, *buf, *len) ||
      ledei_mail_is_mail(path) || ledei_pdf_is_pdf(path, *buf, *len))
    return 1; /* formats that say their own encoding */
  size_t n;
  char *conv = ledei_text_to_utf8(*buf, *len, &n, NULL);
  if (conv) {
    free(*buf);
    *buf = conv;
    *len = n;
  }
  return 0;
}
