/*
 * options.h - what was wrong with a command-line option getopt_long()
 * refused, in words, for lede-query and lede-serve (which print their own
 * messages, named after themselves).
 */
#ifndef LEDE_OPTIONS_H
#define LEDE_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

/* Prints "PROG: ..." to f for the refused long option arg ("--json=1",
 * "--jso", "--nope"): a value given to an option that takes none, a prefix
 * of several options, or an unknown option; returns 1. Returns 0, printing
 * nothing, when arg is no long option or one getopt_long() accepts (the
 * refusal was of a short option). */
int options_complain(FILE *f, const char *prog, const char *arg, const struct option *longopts);

#endif
