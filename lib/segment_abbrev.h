/* segment_abbrev.h - word tables of the sentence segmenter (lib/segment.c).
 * Every table must stay sorted by strcmp(): the lookups use bsearch(), and
 * tests/test_segment.c checks the order. */
#ifndef LEDE_SEGMENT_ABBREV_H
#define LEDE_SEGMENT_ABBREV_H

/* How a word written with a final period behaves (see segment.c). */
enum abbrev_class {
  A_NONE = 0, /* an ordinary word: the period ends a sentence */
  A_TITLE,    /* Mr., Dr., Gen.: precedes a name, never ends a sentence before a capital */
  A_NUM,      /* No., p., Vol.: precedes a number, which does not start a sentence */
  A_NEVER,    /* vs., e.g., cf.: never ends a sentence */
  A_AMBIG,    /* Inc., Jan., Calif.: ends a sentence only before a sentence-starting word */
  A_ETC,      /* etc.: ends a sentence before any capital */
  A_TIME,     /* a.m., p.m.: ends a sentence unless a time zone or weekday follows */
  A_PLACE     /* Jan., Calif.: a date or a comma follows mid-sentence, so a capital
                 starts a new sentence (a number does not) */
};

/* An abbreviation, lower-cased; cap is 1 when the lower-case spelling is an
 * ordinary word ("no", "ill", "co"), so only "No." or "NO." count. */
typedef struct abbrev {
  const char *word;
  unsigned char cls;
  unsigned char cap;
} abbrev_t;

static const abbrev_t ABBREVS[] = {
    {"adj", A_TITLE, 1},    {"adm", A_TITLE, 1},  {"al", A_AMBIG, 0},     {"ala", A_PLACE, 1},
    {"alta", A_PLACE, 1},   {"amb", A_TITLE, 1},  {"approx", A_NEVER, 0}, {"apr", A_PLACE, 1},
    {"apt", A_NUM, 1},      {"ariz", A_PLACE, 1}, {"ark", A_PLACE, 1},    {"art", A_NUM, 1},
    {"arts", A_NUM, 1},     {"assn", A_AMBIG, 1}, {"assoc", A_AMBIG, 1},  {"asst", A_TITLE, 1},
    {"atty", A_TITLE, 1},   {"aug", A_PLACE, 1},  {"ave", A_AMBIG, 1},    {"benj", A_TITLE, 1},
    {"blvd", A_AMBIG, 1},   {"brig", A_TITLE, 1}, {"bros", A_AMBIG, 1},   {"bzw", A_NEVER, 0},
    {"ca", A_NEVER, 0},     {"cal", A_PLACE, 1},  {"calif", A_PLACE, 1},  {"capt", A_TITLE, 1},
    {"cdr", A_TITLE, 1},    {"cf", A_NEVER, 0},   {"ch", A_NUM, 1},       {"chap", A_NUM, 1},
    {"chas", A_TITLE, 1},   {"cie", A_AMBIG, 1},  {"cmdr", A_TITLE, 1},   {"cmdt", A_TITLE, 1},
    {"co", A_AMBIG, 1},     {"col", A_TITLE, 1},  {"colo", A_PLACE, 1},   {"comdr", A_TITLE, 1},
    {"conn", A_PLACE, 1},   {"corp", A_AMBIG, 1}, {"cos", A_AMBIG, 1},    {"cpl", A_TITLE, 1},
    {"ct", A_AMBIG, 1},     {"dec", A_PLACE, 1},  {"del", A_PLACE, 1},    {"dept", A_AMBIG, 1},
    {"depts", A_AMBIG, 1},  {"det", A_TITLE, 1},  {"div", A_AMBIG, 1},    {"dr", A_TITLE, 1},
    {"drs", A_TITLE, 1},    {"eg", A_NEVER, 0},   {"esp", A_NEVER, 0},    {"esq", A_AMBIG, 1},
    {"est", A_NUM, 1},      {"etc", A_ETC, 0},    {"evtl", A_NEVER, 0},   {"ext", A_NUM, 1},
    {"feb", A_PLACE, 1},    {"fig", A_NUM, 1},    {"figs", A_NUM, 1},     {"fla", A_PLACE, 1},
    {"fr", A_TITLE, 1},     {"ft", A_TITLE, 1},   {"ga", A_PLACE, 1},     {"gen", A_TITLE, 1},
    {"geo", A_TITLE, 1},    {"ggf", A_NEVER, 0},  {"gov", A_TITLE, 1},    {"govs", A_TITLE, 1},
    {"govt", A_AMBIG, 1},   {"hon", A_TITLE, 1},  {"hwy", A_AMBIG, 1},    {"ida", A_PLACE, 1},
    {"ie", A_NEVER, 0},     {"ill", A_PLACE, 1},  {"inc", A_AMBIG, 1},    {"incl", A_NEVER, 0},
    {"ind", A_PLACE, 1},    {"inkl", A_NEVER, 0}, {"insp", A_TITLE, 1},   {"inst", A_AMBIG, 1},
    {"intl", A_AMBIG, 1},   {"jan", A_PLACE, 1},  {"jas", A_TITLE, 1},    {"jos", A_TITLE, 1},
    {"jr", A_AMBIG, 1},     {"jul", A_PLACE, 1},  {"jun", A_PLACE, 1},    {"kan", A_PLACE, 1},
    {"kans", A_PLACE, 1},   {"ky", A_PLACE, 1},   {"la", A_PLACE, 1},     {"lieut", A_TITLE, 1},
    {"llc", A_AMBIG, 1},    {"ln", A_AMBIG, 1},   {"lt", A_TITLE, 1},     {"ltd", A_AMBIG, 1},
    {"maj", A_TITLE, 1},    {"mar", A_PLACE, 1},  {"mass", A_PLACE, 1},   {"md", A_PLACE, 1},
    {"messrs", A_TITLE, 1}, {"mfg", A_AMBIG, 1},  {"mich", A_PLACE, 1},   {"minn", A_PLACE, 1},
    {"mio", A_AMBIG, 0},    {"miss", A_PLACE, 1}, {"mlle", A_TITLE, 1},   {"mme", A_TITLE, 1},
    {"mmes", A_TITLE, 1},   {"mo", A_PLACE, 1},   {"mont", A_PLACE, 1},   {"mr", A_TITLE, 1},
    {"mrd", A_AMBIG, 0},    {"mrs", A_TITLE, 1},  {"ms", A_TITLE, 1},     {"msgr", A_TITLE, 1},
    {"mt", A_TITLE, 1},     {"natl", A_AMBIG, 1}, {"neb", A_PLACE, 1},    {"nebr", A_PLACE, 1},
    {"nev", A_PLACE, 1},    {"no", A_NUM, 1},     {"nos", A_NUM, 1},      {"nov", A_PLACE, 1},
    {"nr", A_NUM, 0},       {"n°", A_NUM, 0},     {"nº", A_NUM, 0},       {"oct", A_PLACE, 1},
    {"okla", A_PLACE, 1},   {"ont", A_PLACE, 1},  {"op", A_NUM, 1},       {"ore", A_PLACE, 1},
    {"p", A_NUM, 0},        {"pa", A_PLACE, 1},   {"para", A_NUM, 1},     {"penn", A_PLACE, 1},
    {"pk", A_AMBIG, 1},     {"pl", A_AMBIG, 1},   {"plc", A_AMBIG, 1},    {"pp", A_NUM, 0},
    {"pres", A_TITLE, 1},   {"prof", A_TITLE, 1}, {"profs", A_TITLE, 1},  {"pte", A_AMBIG, 1},
    {"pty", A_AMBIG, 1},    {"pvt", A_TITLE, 1},  {"que", A_PLACE, 1},    {"rd", A_AMBIG, 1},
    {"rep", A_TITLE, 1},    {"reps", A_TITLE, 1}, {"rev", A_TITLE, 1},    {"revs", A_TITLE, 1},
    {"rm", A_NUM, 1},       {"rt", A_TITLE, 1},   {"sask", A_PLACE, 1},   {"sec", A_NUM, 1},
    {"secs", A_NUM, 1},     {"sen", A_TITLE, 1},  {"sens", A_TITLE, 1},   {"sep", A_PLACE, 1},
    {"sept", A_PLACE, 1},   {"sgt", A_TITLE, 1},  {"sq", A_AMBIG, 1},     {"sr", A_AMBIG, 1},
    {"sra", A_TITLE, 1},    {"srta", A_TITLE, 1}, {"st", A_AMBIG, 1},     {"ste", A_NUM, 1},
    {"supt", A_TITLE, 1},   {"tel", A_NUM, 1},    {"tenn", A_PLACE, 1},   {"tex", A_PLACE, 1},
    {"thos", A_TITLE, 1},   {"univ", A_AMBIG, 1}, {"usw", A_ETC, 0},      {"v", A_NEVER, 0},
    {"va", A_PLACE, 1},     {"vgl", A_NEVER, 0},  {"viz", A_NEVER, 0},    {"vol", A_NUM, 1},
    {"vols", A_NUM, 1},     {"vs", A_NEVER, 0},   {"vt", A_PLACE, 1},     {"wash", A_PLACE, 1},
    {"wis", A_PLACE, 1},    {"wisc", A_PLACE, 1}, {"wm", A_TITLE, 1},     {"wyo", A_PLACE, 1},
};

/* Words (lower-cased) that often start a sentence after an ambiguous
 * abbreviation ("... in the U.S. The dollar"): capitalised, they start a new one. */
static const char *const STARTERS[] = {
    "a",          "about",      "above",       "according",  "across",       "after",
    "afterward",  "afterwards", "again",       "against",    "all",          "almost",
    "also",       "although",   "always",      "among",      "an",           "analysts",
    "another",    "any",        "anyone",      "anything",   "are",          "as",
    "asked",      "at",         "authorities", "because",    "before",       "being",
    "both",       "but",        "by",          "can",        "companies",    "consumers",
    "could",      "critics",    "despite",     "did",        "do",           "does",
    "during",     "each",       "earlier",     "economists", "either",       "even",
    "eventually", "every",      "everyone",    "experts",    "few",          "finally",
    "first",      "for",        "from",        "further",    "furthermore",  "given",
    "had",        "has",        "have",        "he",         "her",          "here",
    "his",        "how",        "however",     "i",          "if",           "in",
    "indeed",     "instead",    "investors",   "is",         "it",           "its",
    "just",       "last",       "later",       "let",        "many",         "meanwhile",
    "more",       "moreover",   "most",        "mr",         "mrs",          "ms",
    "much",       "my",         "neither",     "never",      "nevertheless", "next",
    "no",         "none",       "not",         "nothing",    "now",          "of",
    "officials",  "often",      "on",          "once",       "one",          "only",
    "other",      "others",     "our",         "over",       "overall",      "perhaps",
    "police",     "prices",     "rather",      "recently",   "residents",    "sales",
    "separately", "several",    "shares",      "she",        "should",       "similarly",
    "since",      "so",         "some",        "someone",    "something",    "sometimes",
    "soon",       "still",      "such",        "that",       "the",          "their",
    "then",       "there",      "therefore",   "these",      "they",         "this",
    "those",      "though",     "three",       "thus",       "to",           "today",
    "together",   "traders",    "two",         "under",      "unless",       "unlike",
    "until",      "upon",       "we",          "were",       "what",         "whatever",
    "when",       "where",      "whether",     "which",      "while",        "who",
    "whoever",    "why",        "will",        "with",       "within",       "without",
    "would",      "yesterday",  "yet",         "you",        "your",
};

/* Words that continue a time after a.m./p.m. ("10 a.m. EST", "5 p.m. Monday"). */
static const char *const TIME_WORDS[] = {
    "atlantic", "bst",    "cdt",      "central", "cest", "cet",       "cst", "ct",  "eastern",
    "edt",      "est",    "et",       "friday",  "gmt",  "hkt",       "ist", "jst", "local",
    "mdt",      "monday", "mountain", "mst",     "mt",   "pacific",   "pdt", "pst", "pt",
    "saturday", "sunday", "thursday", "tuesday", "utc",  "wednesday",
};

/* German words that follow an ordinal day or century ("am 3. Oktober",
 * "im 19. Jahrhundert"): the number's period is no sentence end. */
static const char *const ORDINAL_NOUNS[] = {
    "april", "august", "dezember", "februar",     "jahrhundert", "jahrhunderts", "januar",
    "juli",  "juni",   "mai",      "m\xC3\xA4rz", "november",    "oktober",      "september",
};

#endif
