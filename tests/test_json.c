/* test_json.c - ledei_json_print_line() writes what cJSON_PrintUnformatted()
 * gives, byte for byte, whatever the values (lib/json.c prints in one pass
 * of its own, for speed). */
#include "check.h"
#include "lede_private.h"

#include <cjson/cJSON.h>
#include <float.h>
#include <limits.h>
#include <math.h>

/* item as ledei_json_print_line() writes it, without its newline. */
static char *printed(cJSON *item) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f)
    return NULL;
  ledei_json_print_line(item, f);
  fclose(f);
  if (len && buf[len - 1] == '\n')
    buf[len - 1] = '\0';
  return buf;
}

/* Checks that item prints as cJSON prints it, then frees it. */
static void same_as_cjson(cJSON *item) {
  char *want = cJSON_PrintUnformatted(item);
  char *got = printed(item);
  CHECK_STR(got, want);
  cJSON_free(want);
  free(got);
  cJSON_Delete(item);
}

static void test_numbers(void) {
  const double values[] = {0,
                           -0.0,
                           1,
                           -1,
                           7,
                           13.28,
                           4.4742,
                           0.0001,
                           -2.5,
                           1e-7,
                           1e15,
                           1e16,
                           1e300,
                           -1e-300,
                           0.1,
                           1.0 / 3,
                           2.0 / 3,
                           123456789.123456789,
                           DBL_MAX,
                           DBL_MIN,
                           (double)INT_MAX,
                           (double)INT_MAX + 1,
                           (double)INT_MIN,
                           (double)INT_MIN - 1,
                           4294967296.0,
                           1e20,
                           NAN,
                           INFINITY,
                           -INFINITY};
  for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "n", values[i]);
    same_as_cjson(o);
  }
}

static void test_strings(void) {
  const char *const values[] = {"",
                                "plain",
                                "quote \" backslash \\ slash /",
                                "\b\f\n\r\t",
                                "\x01\x02\x1f \x7f",
                                "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xe4\xb8\xad",
                                "ends with a backslash \\"};
  for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, values[i], values[i]); /* as a key and as a value */
    same_as_cjson(o);
  }
}

static void test_shapes(void) {
  same_as_cjson(cJSON_CreateObject());
  same_as_cjson(cJSON_CreateArray());
  same_as_cjson(cJSON_CreateNull());
  same_as_cjson(cJSON_CreateString("top"));
  same_as_cjson(cJSON_CreateNumber(2.5));
  same_as_cjson(cJSON_CreateRaw("{\"raw\":1}"));
  cJSON *o = cJSON_CreateObject();
  cJSON_AddTrueToObject(o, "t");
  cJSON_AddFalseToObject(o, "f");
  cJSON_AddNullToObject(o, "z");
  cJSON *a = cJSON_AddArrayToObject(o, "a");
  cJSON_AddItemToArray(a, cJSON_CreateNumber(1));
  cJSON_AddItemToArray(a, cJSON_CreateArray());
  cJSON_AddItemToArray(a, cJSON_CreateObject());
  cJSON *in = cJSON_CreateObject();
  cJSON_AddStringToObject(in, "k", "v");
  cJSON_AddItemToArray(a, in);
  cJSON_AddObjectToObject(o, "empty");
  same_as_cjson(o);
}

/* A results document as lede-query --json prints it. */
static void test_results(void) {
  char *before[] = {"Before.\n"};
  lede_meta_t meta[] = {{"desk", "world"}};
  lede_hit_t hit = {0};
  hit.rank = 1;
  hit.score = 13.2799;
  hit.text = "The \"text\"\tof a hit";
  hit.source = "reuters";
  hit.path = "corpus/a.txt";
  hit.abs_path = "/home/me/corpus/a.txt";
  hit.sentence = 4;
  hit.start = 5000000000ULL;
  hit.end = 5000000100ULL;
  hit.line = 3;
  hit.meta = meta;
  hit.nmeta = 1;
  hit.before = before;
  hit.nbefore = 1;
  lede_results_t r = {0};
  r.query = "oil \\ price";
  r.total = 123;
  r.total_exact = 1;
  r.hits = &hit;
  r.nhits = 1;
  same_as_cjson(ledei_results_to_json(&r));
}

/* A hit's document refers to the hit's strings and keys rather than copy
 * them (a copy and a free a string were a fifth of a --batch answer's JSON
 * instructions); a string that is not valid UTF-8 is a sanitised copy. */
static void test_no_copies(void) {
  lede_hit_t hit = {0};
  hit.text = "Oil prices rose.";
  hit.source = "bad \xff source";
  hit.path = "a.txt";
  cJSON *j = ledei_hit_to_json(&hit);
  cJSON *text = cJSON_GetObjectItem(j, "text"), *source = cJSON_GetObjectItem(j, "source");
  CHECK(text && text->valuestring == hit.text);
  CHECK(text && (text->type & cJSON_StringIsConst));
  CHECK(source && source->valuestring != hit.source);
  CHECK_STR(source ? source->valuestring : "", "bad \xef\xbf\xbd source");
  cJSON_Delete(j);
}

int main(void) {
  RUN(test_no_copies);
  RUN(test_numbers);
  RUN(test_strings);
  RUN(test_shapes);
  RUN(test_results);
  return check_summary();
}
