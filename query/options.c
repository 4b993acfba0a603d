/*
 * options.c - messages for refused long options (options.h).
 */
#include "options.h"

#include <string.h>

int options_complain(FILE *f, const char *prog, const char *arg, const struct option *longopts) {
  if (strncmp(arg, "--", 2) != 0 || !arg[2])
    return 0;
  const char *name = arg + 2, *eq = strchr(name, '=');
  size_t len = eq ? (size_t)(eq - name) : strlen(name);
  const struct option *exact = NULL, *first = NULL;
  int prefixes = 0;
  for (const struct option *o = longopts; o->name; o++) {
    if (strncmp(o->name, name, len) != 0)
      continue;
    if (!o->name[len])
      exact = o;
    if (!prefixes++)
      first = o;
  }
  const struct option *o = exact ? exact : prefixes == 1 ? first : NULL;
  if (o && !(eq && o->has_arg == no_argument))
    return 0; /* a good option: getopt refused something else */
  if (o) {
    fprintf(f, "%s: option '--%s' takes no value (given '%s')\n", prog, o->name, arg);
  } else if (!o && prefixes > 1) {
    fprintf(f, "%s: option '--%.*s' is ambiguous; it could be", prog, (int)len, name);
    for (const struct option *p = longopts; p->name; p++)
      if (strncmp(p->name, name, len) == 0)
        fprintf(f, " '--%s'", p->name);
    fputc('\n', f);
  } else {
    fprintf(f, "%s: unknown option '%s'\n", prog, arg);
  }
  return 1;
}
