/*
 * mail.c - e-mail as articles: a .eml file's message, or every message of
 * an mbox, parsed by GMime (which decodes RFC 2047 headers, transfer
 * encodings and charsets).
 *
 * GMime reads the file's bytes in place (a FILE over the buffer) with a
 * persistent stream, so a part's content stays a window on those bytes: a
 * 50 MB attachment is scanned for its boundary, never decoded or copied.
 * A sentence's span is its exact place in the file when the part's decoded
 * text is the very bytes of the file (UTF-8 or ASCII, not base64 or
 * quoted-printable), else the span of its message's body
 * (docs/articles.md).
 */
#define _GNU_SOURCE /* memmem */
#include "mail.h"
#include "reader_module.h"

#include "extract.h"

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 1 if path names an mbox (several messages) rather than one message. */
static int is_mbox(const char *path) {
  size_t n = strlen(path);
  return n >= 5 && strcasecmp(path + n - 5, ".mbox") == 0;
}

static gsize gmime_ready;

/* GMime's global tables, set up once per process. */
static void gmime_setup(void) {
  if (g_once_init_enter(&gmime_ready)) {
    g_mime_init();
    g_once_init_leave(&gmime_ready, 1);
  }
}

char *mail_clean_field(const char *s) {
  if (!s)
    return NULL;
  char *t = ledei_utf8_sanitize(s, strlen(s));
  size_t o = 0;
  for (size_t i = 0; t[i]; i++) {
    unsigned char c = (unsigned char)t[i];
    int space = c <= ' ' || c == 0x7F;
    if (space && (o == 0 || t[o - 1] == ' '))
      continue; /* runs of white space and control characters fold to one space */
    t[o++] = space ? ' ' : (char)c;
  }
  while (o > 0 && t[o - 1] == ' ')
    o--;
  t[o] = '\0';
  if (!o) {
    free(t);
    return NULL;
  }
  return t;
}

/* What the parser said about the message being read. */
typedef struct damage {
  const char *why; /* the first serious issue, or NULL */
} damage_t;

/* GMime's parser warnings: the ones that mean text may be missing are kept
 * (duplicated headers, 8-bit headers and such are everyday mail). */
static void on_warning(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer ctx) {
  (void)offset;
  (void)item;
  damage_t *d = ctx;
  const char *why = NULL;
  switch (code) {
  case GMIME_WARN_TRUNCATED_MESSAGE: why = "truncated"; break;
  case GMIME_WARN_MALFORMED_MULTIPART:
  case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
  case GMIME_WARN_PART_WITHOUT_CONTENT:
  case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: why = "broken MIME structure"; break;
  case GMIME_CRIT_NESTING_OVERFLOW: why = "MIME parts nested too deep"; break;
  case GMIME_WARN_MALFORMED_MESSAGE:
  case GMIME_CRIT_INVALID_HEADER_NAME: why = "malformed headers"; break;
  default: break;
  }
  if (why && !d->why)
    d->why = why;
}

/* The part whose text is the message's: the first text/html part that is
 * not an attachment, else the first such text/plain part. Attached
 * messages (message/rfc822) are attachments too. */
static GMimeTextPart *find_body(GMimeObject *o, const char *subtype) {
  if (GMIME_IS_MULTIPART(o)) {
    GMimeMultipart *mp = GMIME_MULTIPART(o);
    int n = g_mime_multipart_get_count(mp);
    for (int i = 0; i < n; i++) {
      GMimeTextPart *t = find_body(g_mime_multipart_get_part(mp, i), subtype);
      if (t)
        return t;
    }
    return NULL;
  }
  if (!GMIME_IS_TEXT_PART(o) || g_mime_part_is_attachment(GMIME_PART(o)))
    return NULL;
  GMimeContentType *ct = g_mime_object_get_content_type(o);
  return ct && g_mime_content_type_is_type(ct, "text", subtype) ? GMIME_TEXT_PART(o) : NULL;
}

/* Where a message lies in the file: its bytes, and its body's. */
typedef struct where {
  const char *file;
  size_t msg_start, msg_end;   /* the message (headers and body) */
  size_t body_start, body_end; /* its body */
} where_t;

/* The file offset of the decoded text t (n bytes) when those are the very
 * bytes of the message, else (size_t)-1. */
static size_t exact_offset(const where_t *w, const char *t, size_t n) {
  if (n == 0 || n > w->msg_end - w->msg_start)
    return (size_t)-1;
  const char *at = memmem(w->file + w->msg_start, w->msg_end - w->msg_start, t, n);
  return at ? (size_t)(at - w->file) : (size_t)-1;
}

/* Appends a sentence to a (its array sized by the caller). */
static void push_sentence(lede_article_t *a, char *text, size_t start, size_t end) {
  lede_sentence_t *s = &a->sentences[a->nsentences++];
  s->text = text;
  s->start = start;
  s->end = end;
}

/* Sentences of an HTML part: the page reader's (without a newsletter's
 * unsubscribe footer and "View in browser" line), with spans moved into the
 * file (base is the part's offset in it, or -1 for the body's span). */
static void html_sentences(lede_article_t *a, const char *t, size_t n, const where_t *w,
                           size_t base, char **title) {
  lede_article_t *page = NULL;
  if (ledei_html_mail_parse(&page, t, n) != LEDE_OK)
    return;                    /* larger than the page reader takes: left out */
  if (page->nsentences == 0) { /* a note whose only box held its unsubscribe link */
    lede_article_free(page);
    page = NULL;
    if (ledei_html_article_parse(&page, t, n, "", NULL) != LEDE_OK)
      return;
  }
  if (page->title && !*title) {
    *title = page->title; /* an HTML newsletter without a Subject */
    page->title = NULL;
  }
  if (page->place && !a->place) { /* the dateline the text opens with */
    a->place = page->place;
    page->place = NULL;
  }
  a->sentences = ledei_xcalloc(page->nsentences + 1, sizeof *a->sentences);
  for (size_t i = 0; i < page->nsentences; i++) {
    lede_sentence_t *s = &page->sentences[i];
    if (base == (size_t)-1)
      push_sentence(a, s->text, w->body_start, w->body_end);
    else
      push_sentence(a, s->text, base + s->start, base + s->end);
    s->text = NULL;
  }
  lede_article_free(page);
}

/* Sentences of a plain text part. */
static void text_sentences(lede_article_t *a, const char *t, size_t n, const where_t *w,
                           size_t base) {
  lede_span_t *spans = NULL;
  size_t count = 0;
  /* A dateline the text opens with is not text; neither are byline and date
   * lines (ledei_text_lead()). */
  if (ledei_text_segment(&spans, &count, a, t, n, 0) != LEDE_OK || count == 0) {
    free(spans);
    return;
  }
  a->sentences = ledei_xcalloc(count, sizeof *a->sentences);
  for (size_t i = 0; i < count; i++) {
    char *text = ledei_span_text(t, spans[i]);
    if (base == (size_t)-1)
      push_sentence(a, text, w->body_start, w->body_end);
    else
      push_sentence(a, text, base + spans[i].start, base + spans[i].end);
  }
  free(spans);
}

char *mail_iso_day(GDateTime *dt) {
  if (!dt)
    return NULL;
  int y, m, d;
  g_date_time_get_ymd(dt, &y, &m, &d);
  if (y < 1 || y > 9999)
    return NULL;
  char *s = ledei_xmalloc(11);
  snprintf(s, 11, "%04d-%02d-%02d", y, m, d);
  return s;
}

/* Sets a's sentences from a part's decoded text (g_free'd here; NULL:
 * none), HTML or plain. */
static void text_of(lede_article_t *a, char *text, int html, const where_t *w) {
  if (!text)
    return;
  free(a->sentences); /* an earlier part's empty array */
  a->sentences = NULL;
  size_t n = strlen(text);
  size_t base = exact_offset(w, text, n);
  if (html)
    html_sentences(a, text, n, w, base, &a->title);
  else
    text_sentences(a, text, n, w, base);
  g_free(text);
}

/* The sender's display name, else the address. */
static char *message_sender(GMimeMessage *m) {
  InternetAddressList *from = g_mime_message_get_from(m);
  if (!from || internet_address_list_length(from) == 0)
    return NULL;
  InternetAddress *ia = internet_address_list_get_address(from, 0);
  char *name = mail_clean_field(internet_address_get_name(ia));
  if (!name && INTERNET_ADDRESS_IS_MAILBOX(ia))
    name = mail_clean_field(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)));
  return name;
}

/* 1 when the message has none of the headers every e-mail has: what was
 * read is not mail. */
static int headerless(GMimeMessage *m) {
  static const char *const names[] = {"From",       "To",           "Subject", "Date",
                                      "Message-ID", "MIME-Version", NULL};
  GMimeObject *o = GMIME_OBJECT(m);
  for (const char *const *n = names; *n; n++)
    if (g_mime_object_get_header(o, *n))
      return 0;
  return 1;
}

/* The article of message m, which lies at w in the file. */
static lede_article_t *message_article(GMimeMessage *m, const where_t *w, const char *path,
                                       const char *default_source) {
  lede_article_t *a = ledei_xcalloc(1, sizeof *a);
  a->path = ledei_utf8_sanitize(path, strlen(path));
  a->title = mail_clean_field(g_mime_message_get_subject(m));
  a->source = message_sender(m);
  if (!a->source) {
    const char *s = default_source ? default_source : path;
    a->source = ledei_utf8_sanitize(s, strlen(s));
  }
  a->date = mail_iso_day(g_mime_message_get_date(m)); /* the day in the header's zone */

  GMimeObject *root = g_mime_message_get_mime_part(m);
  GMimeTextPart *html = root ? find_body(root, "html") : NULL;
  if (html)
    text_of(a, g_mime_text_part_get_text(html), 1, w);
  GMimeTextPart *plain = a->nsentences || !root ? NULL : find_body(root, "plain");
  if (plain) /* no HTML part, or one without text (an image-only newsletter) */
    text_of(a, g_mime_text_part_get_text(plain), 0, w);
  if (!a->nsentences && root && GMIME_IS_MULTIPART(root)) {
    /* A multipart without a usable boundary keeps its text as the prologue */
    const char *pro = g_mime_multipart_get_prologue(GMIME_MULTIPART(root));
    if (pro)
      text_of(a, g_strdup(pro), 0, w);
  }
  return a;
}

/* The article id: FNV-1a of "path#<Message-ID>", else of "path#number"
 * (no from 1; "path#number.post" for a digest's post, post from 1); taken
 * holds the ids of the file's articles so far (a set, so that a file of
 * many messages costs linear time), which a repeated Message-ID must not
 * take; a's id is added to it. */
static void set_id(lede_article_t *a, GMimeMessage *m, size_t no, size_t post, const char *path,
                   GHashTable *taken) {
  const char *mid = g_mime_message_get_message_id(m);
  size_t cap = strlen(path) + (mid ? strlen(mid) : 0) + 64;
  char *key = ledei_xmalloc(cap);
  char id[17];
  for (int pass = mid ? 0 : 1; pass < 2; pass++) {
    if (pass == 0)
      snprintf(key, cap, "%s#<%s>", path, mid);
    else if (post) /* a digest's post without a Message-ID of its own */
      snprintf(key, cap, "%s#%zu.%zu", path, no, post);
    else
      snprintf(key, cap, "%s#%zu", path, no);
    ledei_hash_hex(id, key, strlen(key));
    if (!g_hash_table_contains(taken, id))
      break; /* a Message-ID seen twice in one mbox: the second goes by number */
  }
  free(key);
  a->id = ledei_xstrdup(id);
  g_hash_table_add(taken, a->id); /* the article owns the string, and outlives the set */
}

/* Line and column of each sentence's start, in file order (spans only
 * grow from one sentence to the next, in one pass over the file). */
static void set_positions(lede_article_t **v, size_t n, const char *buf, size_t len) {
  unsigned line = 1, column = 1;
  size_t at = 0;
  for (size_t k = 0; k < n; k++)
    for (size_t i = 0; i < v[k]->nsentences; i++) {
      lede_sentence_t *s = &v[k]->sentences[i];
      if (s->start < at) { /* only if a part repeats earlier text */
        at = 0;
        line = column = 1;
      }
      for (; at < s->start && at < len; at++) {
        if (buf[at] == '\n') {
          line++;
          column = 1;
        } else if (((unsigned char)buf[at] & 0xC0) != 0x80) {
          column++;
        }
      }
      s->line = line;
      s->column = column;
    }
}

/* The end of a message's body: its last byte that is not the line break
 * before the next mbox "From " line. */
static size_t trim_end(const char *buf, size_t start, size_t end) {
  while (end > start && (buf[end - 1] == '\n' || buf[end - 1] == '\r'))
    end--;
  return end;
}

/* A parser over the file's bytes from base on (mbox: base starts a "From "
 * line); NULL when no stream can be made. */
static GMimeParser *open_at(const char *buf, size_t len, size_t base, int mbox) {
  FILE *fp = fmemopen((void *)(buf + base), len - base, "r");
  if (!fp)
    return NULL;
  GMimeStream *stream = g_mime_stream_file_new(fp); /* owns fp */
  GMimeParser *parser = g_mime_parser_new_with_stream(stream);
  g_object_unref(stream);
  g_mime_parser_set_format(parser, mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
  g_mime_parser_set_persist_stream(parser, TRUE);
  return parser;
}

/* The offset of the first line starting with "From " after offset at, or
 * len when there is none. */
static size_t next_from_line(const char *buf, size_t len, size_t at) {
  const char *p = at < len ? memmem(buf + at, len - at, "\nFrom ", 6) : NULL;
  return p ? (size_t)(p - buf) + 1 : len;
}

/* Appends a to v (n of cap). */
static void push_article(lede_article_t ***v, size_t *n, size_t *cap, lede_article_t *a) {
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 16;
    *v = ledei_xrealloc(*v, *cap * sizeof **v);
  }
  (*v)[(*n)++] = a;
}

/* The posts of a digest (multipart/digest, as mailing lists send them, also
 * inside a multipart/mixed) in o, each an article of its own with its
 * Subject, sender and Date (else the digest's date): attached messages
 * elsewhere are attachments, but a digest's are what it carries. */
static void digest_posts(GMimeObject *o, int in_digest, int depth, const where_t *w,
                         const char *path, const char *default_source, const char *date, size_t no,
                         size_t *post, GHashTable *taken, lede_article_t ***v, size_t *n,
                         size_t *cap) {
  if (!o || depth > 8)
    return;
  if (GMIME_IS_MULTIPART(o)) {
    GMimeContentType *ct = g_mime_object_get_content_type(o);
    int digest = ct && g_mime_content_type_is_type(ct, "multipart", "digest");
    GMimeMultipart *mp = GMIME_MULTIPART(o);
    int count = g_mime_multipart_get_count(mp);
    for (int i = 0; i < count; i++)
      digest_posts(g_mime_multipart_get_part(mp, i), digest, depth + 1, w, path, default_source,
                   date, no, post, taken, v, n, cap);
    return;
  }
  if (!in_digest || !GMIME_IS_MESSAGE_PART(o))
    return;
  GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
  if (!m)
    return;
  lede_article_t *a = message_article(m, w, path, default_source);
  if (!a->date && date)
    a->date = ledei_xstrdup(date);
  set_id(a, m, no, ++*post, path, taken);
  push_article(v, n, cap, a);
}

lede_status_t mail_read_articles(lede_article_t ***out, size_t *out_count, size_t *out_bad,
                                 const char *buf, size_t len, const char *path,
                                 const char *default_source) {
  *out = NULL;
  *out_count = 0;
  *out_bad = 0;
  gmime_setup();
  int mbox = is_mbox(path);
  if (len == 0)
    return ledei_error(LEDE_ERR_INVALID, "no message in the file");
  size_t base = 0; /* where the parser's stream starts in buf */
  GMimeParser *parser = open_at(buf, len, base, mbox);
  if (!parser)
    return ledei_error(LEDE_ERR_IO, "cannot read the message: out of memory");
  GMimeParserOptions *opts = g_mime_parser_options_new();
  damage_t damage = {NULL};
  g_mime_parser_options_set_warning_callback(opts, on_warning, &damage);

  lede_article_t **v = NULL;
  size_t n = 0, cap = 0;
  GHashTable *taken = g_hash_table_new(g_str_hash, g_str_equal); /* the ids so far */
  const char *first_why = NULL;                                  /* the first damaged message's */
  size_t first_no = 0, no = 0;
  while (parser && !g_mime_parser_eos(parser)) {
    damage.why = NULL;
    GMimeMessage *m = g_mime_parser_construct_message(parser, opts);
    if (!m && mbox && n > 0) {
      /* A body line starting with "From " that the mbox's writer did not
       * quote, followed by no headers: GMime stops there for good. The
       * previous message's text after it is lost; the messages after it
       * are read by a new parser from the next "From " line. */
      gint64 at = g_mime_parser_get_mbox_marker_offset(parser), t = g_mime_parser_tell(parser);
      size_t rest = base + (t > 0 ? (size_t)t : 0);
      while (rest < len && (buf[rest] == '\n' || buf[rest] == '\r' || buf[rest] == ' '))
        rest++;
      if (rest >= len)
        break; /* only blank lines were left */
      size_t next = next_from_line(buf, len, base + (at > 0 ? (size_t)at : 0));
      g_object_unref(parser);
      parser = next < len ? open_at(buf, len, next, mbox) : NULL;
      base = next;
      if (!(*out_bad)++) {
        first_why = "a body line starting with \"From \", the text after it lost";
        first_no = no;
      }
      continue;
    }
    if (!m)
      break;
    no++;
    gint64 start = mbox ? g_mime_parser_get_mbox_marker_offset(parser) : 0;
    gint64 hend = g_mime_parser_get_headers_end(parser), end = g_mime_parser_tell(parser);
    where_t w = {buf, base, len, base, len};
    if (start >= 0 && base + (size_t)start <= len)
      w.msg_start = base + (size_t)start;
    if (end >= start && base + (size_t)end <= len)
      w.msg_end = base + (size_t)end;
    w.body_start =
        hend >= start && base + (size_t)hend <= w.msg_end ? base + (size_t)hend : w.msg_start;
    if (w.body_start < w.msg_end && buf[w.body_start] == '\r')
      w.body_start++;
    if (w.body_start < w.msg_end && buf[w.body_start] == '\n')
      w.body_start++; /* the blank line that ends the headers */
    w.body_end = trim_end(buf, w.body_start, w.msg_end);
    if (!mbox && headerless(m)) {
      g_object_unref(m);
      break; /* not mail: reported below */
    }
    if (damage.why) {
      if (!(*out_bad)++) {
        first_why = damage.why;
        first_no = no;
      }
    }
    lede_article_t *a = message_article(m, &w, path, default_source);
    set_id(a, m, no, 0, path, taken);
    push_article(&v, &n, &cap, a);
    size_t post = 0;
    digest_posts(g_mime_message_get_mime_part(m), 0, 0, &w, path, default_source, a->date, no,
                 &post, taken, &v, &n, &cap);
    g_object_unref(m);
    if (!mbox)
      break; /* a .eml file is one message */
  }
  g_mime_parser_options_free(opts);
  g_hash_table_destroy(taken);
  if (parser)
    g_object_unref(parser);
  if (n == 0) {
    free(v);
    return ledei_error(LEDE_ERR_INVALID, mbox ? "not an mbox file (no \"From \" line starts it)"
                                              : "not an e-mail message (no mail headers)");
  }
  set_positions(v, n, buf, len);
  if (*out_bad) {
    if (mbox)
      ledei_error(LEDE_ERR_INVALID, "%zu damaged message%s read as far as %s (message %zu: %s)",
                  *out_bad, *out_bad == 1 ? "" : "s", *out_bad == 1 ? "it goes" : "they go",
                  first_no, first_why);
    else
      ledei_error(LEDE_ERR_INVALID, "damaged message read as far as it goes (%s)", first_why);
  }
  *out = v;
  *out_count = n;
  return LEDE_OK;
}
