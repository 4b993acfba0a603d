# Query language: Xapian's operators, phrases, NEAR, wildcards with a bounded
# expansion, stop words, the title:/source:/place: fields, and the fallback
# to plain keywords when a query does not parse.
. "$(dirname "$0")/../cli_lib.sh"
IDX="$T/idx"
. "$(dirname "$0")/../cli_query_fixture.sh"
make_articles "$T/a"

# q QUERY...: runs lede-query --json over $IDX.
q() { run "$LEDE_QUERY_BIN" --index "$IDX" --json --per-article 0 --limit 50 "$@"; }
# texts: the hit texts of the last run, one per line, in rank order.
texts() { json '"\n".join(h["text"] for h in j["hits"])'; }
count() { json 'len(j["hits"])'; }

# Plain words: OR of the words, best first.
q missile Seoul
expect_rc 0 "missile Seoul"
expect_contains "$(json 'j["hits"][0]["text"]')" "officials in Seoul" "both words rank first"
expect_eq "$(count)" "6" "OR of the words"

# AND, NOT, +, -.
q missile AND Seoul
expect_eq "$(count)" "1" "AND"
q missile NOT Seoul
expect_eq "$(count)" "4" "NOT"
expect_not_contains "$(texts)" "officials in Seoul" "NOT drops the Seoul sentence"
# A word the query excludes is not marked where another part lets the
# sentence match: "meet OR (ministers NOT seoul)".
run "$LEDE_QUERY_BIN" --index "$IDX" --color never --per-article 0 --limit 50 'meet OR (ministers NOT seoul)'
expect_contains "$out" "[meet] in Seoul" "the sentence matched by meet is shown"
expect_not_contains "$out" "[Seoul]" "an excluded word is not marked"
# A phrase's words are marked where the phrase is, not wherever they occur.
run "$LEDE_QUERY_BIN" --index "$IDX" --color never '"the United States"'
expect_contains "$out" "[the] [United] [States] and Japan" "the phrase is marked"
expect_contains "$out" "The defense ministers" "its word 'the' elsewhere is not"
q +missile +japan
expect_eq "$(count)" "1" "+word +word"
expect_contains "$(texts)" "economic zone" "+word +word"
q -- missile -japan
expect_rc 0 "-word after --"
expect_eq "$(count)" "4" "-word"
expect_not_contains "$(texts)" "economic zone" "-word excludes"
# Only excluded words: every passage without them, as NOT (Xapian's parser
# alone retried such a query as plain words: the words themselves).
q -- -missile
expect_rc 0 "-word alone"
expect_eq "$(json 'j.get("warning")')" "None" "-word alone is taken as written"
expect_eq "$(json 'any("missile" in h["text"].lower() for h in j["hits"])')" "False" "-word alone finds no passage with the word"
want=$(json '[(h["path"], h["sentence"]) for h in j["hits"]]')
q NOT missile
expect_eq "$(json '[(h["path"], h["sentence"]) for h in j["hits"]]')" "$want" "-word alone answers as NOT word"
q -- -missile '-"economic zone"'
expect_eq "$(json 'any("missile" in h["text"].lower() or "economic zone" in h["text"] for h in j["hits"])')" "False" "-word -\"phrase\": neither"
q -- -missle
expect_eq "$(json 'j.get("suggestion")')" "-missile" "a misspelt excluded word's suggestion keeps its -"
q missile OR election
expect_eq "$(count)" "7" "OR (election also matches elected)"
q '(missile OR election) AND Taiwan'
expect_eq "$(count)" "1" "brackets"
expect_contains "$(texts)" "Voters in Taiwan" "brackets"
q '(missile OR ballots) AND (counted OR fired)'
expect_eq "$(count)" "2" "brackets group"

# Phrases, NEAR and ADJ.
q '"missile warning"'
expect_eq "$(count)" "1" "phrase"
q '"warning missile"'
expect_rc 1 "phrase in the wrong order"
q 'missile NEAR ministers'
expect_eq "$(count)" "1" "NEAR"
q 'ministers NEAR/4 missile'
expect_eq "$(count)" "1" "NEAR/4"
q 'ministers NEAR/3 missile'
expect_rc 1 "NEAR/3 is too close"
q 'ministers ADJ missile'
expect_eq "$(count)" "1" "ADJ"
q 'missile ADJ ministers'
expect_rc 1 "ADJ keeps the order"

# A hyphenated word is a phrase; stems match other forms.
q Shangri-La
expect_eq "$(count)" "1" "hyphenated word"
q elections
expect_contains "$(texts)" "the election would" "stem of elections"
# The index holds stems only: a capitalised word is stemmed like any other,
# and a phrase matches other forms of its words, in the same order.
q Elections
expect_contains "$(texts)" "the election would" "a capitalised word is stemmed too"
q '"missiles warned"'
expect_eq "$(count)" "1" "a phrase matches the stems of its words"
expect_contains "$(texts)" "missile warning data" "a phrase matches the stems of its words"
q '"warned missiles"'
expect_rc 1 "a phrase of stems still keeps its order"

# Stop words are dropped for ranking unless they are all there is.
q the missile
expect_eq "$(count)" "5" "'the' is ignored"
q the
expect_rc 0 "a query of stop words alone still searches them"
q '"the island"'
expect_eq "$(count)" "1" "stop words count inside phrases"

# Wildcards.
q 'elect*'
expect_eq "$(count)" "3" "elect* expands"
run "$LEDE_QUERY_BIN" --index "$IDX" --color never 'elect*'
expect_contains "$out" "[elected]" "expanded words are marked"
expect_contains "$out" "[electoral]" "expanded words are marked"
expect_eq "$err" "" "a small expansion says nothing"
q 'ELECT*'
expect_eq "$(count)" "3" "a wildcard in capitals"
# Patterns match words, not stems: "elected" is stemmed "elect", which
# does not start with "electe".
q 'electe*'
expect_contains "$(texts)" "elected a new president" "a pattern longer than the stem of its word"
# '*' inside a phrase or a word is no wildcard (Xapian's phrases take
# none): said, on stderr and in JSON.
run "$LEDE_QUERY_BIN" --index "$IDX" --color never '"were elect*"'
expect_contains "$err" "'elect*' is searched without it" "a wildcard in a phrase says so"
run "$LEDE_QUERY_BIN" --index "$IDX" --color never 'el*ted'
expect_contains "$err" "'el*ted' is searched without it" "a wildcard inside a word says so"
# Beside NEAR or ADJ, which take words, a wildcard is searched as its word
# (Xapian refused the query: "OP_NEAR ... only leaf subqueries", exit 2).
for nq in 'missil* NEAR/3 warning' 'missile NEAR warn*' 'missil* ADJ warning'; do
  run "$LEDE_QUERY_BIN" --index "$IDX" --json "$nq"
  expect_rc 0 "a wildcard beside NEAR/ADJ: $nq"
  expect_contains "$(json 'j.get("warning")')" "not beside NEAR or ADJ" "said: $nq"
done
q '"were elect*"'
expect_contains "$(json 'j.get("warning")')" "only at the end of a word outside quotes" "said in JSON"
# Title wildcards expand over headline words too: "chiefs" is in a headline
# only.
q 'title:chief*'
expect_eq "$(count)" "4" "a title wildcard over a headline-only word"
q 'title:presid*'
expect_eq "$(count)" "3" "a title wildcard"
# A wildcard's stems are one synonym for the sentence score and add no
# article evidence (each of up to 100 stems would add an article score).
q election
top_word=$(json 'j["hits"][0]["score"]')
q 'elect*'
expect_eq "$(json "int(j['hits'][0]['score'] < $top_word)")" "1" "a wildcard scores below a word with article evidence"

# A wildcard that stands for more words than the bound searches the most
# frequent ones and says so on stderr.
mkdir -p "$T/w"
{
  printf 'Words:'
  for i in $(seq 1 150); do printf ' zork%03d' "$i"; done
  printf '.\n\nOnly zork001 again here.\n'
} >"$T/w/zork.txt"
printf 'Plan B won by 5 votes to 3.\n' >"$T/w/vote.txt"
"$LEDE_INDEX_BIN" --quiet --index "$IDX" "$T/w"
# One-letter words are not in Xapian's spelling data; the pattern is.
q '5*'
expect_contains "$(texts)" "by 5 votes" "a one-letter wildcard finds the one-letter word"
run "$LEDE_QUERY_BIN" --index "$IDX" --color never 'zork*'
expect_rc 0 "bounded wildcard"
expect_contains "$err" "'zork*' matches 150 words; searched the 100 most frequent" "bound stated"
expect_contains "$out" "[zork001]" "the most frequent word is among those searched"
q 'zork*'
expect_contains "$(json 'j.get("warning")')" "searched the 100 most frequent" "bound in JSON"

# Fields: title: (words, stemmed), source: (any case, quoted), place:.
q 'title:presidential'
expect_eq "$(count)" "3" "title: matches every sentence of the article"
q 'title:elections AND ballots'
expect_eq "$(count)" "1" "title: AND a word"
q 'source:yonhap'
expect_eq "$(count)" "3" "source:"
q 'source:Yonhap Seoul'
expect_eq "$(count)" "1" "source: is case-insensitive"
q 'source:"Korea Herald" missile'
expect_eq "$(count)" "1" "quoted source:"
expect_contains "$(texts)" "missile warning data" "quoted source: result"
q 'source:reuters OR source:yonhap'
expect_eq "$(count)" "6" "two sources"

# A query that does not parse: searched as keywords, said on stderr.
run "$LEDE_QUERY_BIN" --index "$IDX" --json 'missile AND'
expect_rc 0 "trailing AND"
expect_contains "$err" "searched as plain keywords" "parse error stated"
expect_contains "$(json 'j["warning"]')" "searched as plain keywords" "parse error in JSON"
expect_eq "$(json 'len(j["hits"])')" "5" "trailing AND: the words were searched"
run "$LEDE_QUERY_BIN" --index "$IDX" --json '"Seoul next" NEAR missile'
expect_rc 0 "NEAR after a phrase"
expect_contains "$err" "searched as plain keywords" "quiet Xapian retry detected"
run "$LEDE_QUERY_BIN" --index "$IDX" --json 'missile "Seoul'
expect_contains "$err" "searched as plain keywords" "unbalanced quote"
run "$LEDE_QUERY_BIN" --index "$IDX" --json '"missile warning'
expect_rc 0 "a quote left open"
expect_contains "$err" "a quote is not closed: its phrase runs to the end of the query" "a quote left open stated"
expect_eq "$(json 'len(j["hits"])')" "1" "a quote left open: the phrase to the end"
run "$LEDE_QUERY_BIN" --index "$IDX" --json '“missile warning'
expect_contains "$err" "a quote is not closed" "a curly quote left open stated"
run "$LEDE_QUERY_BIN" --index "$IDX" --json 'missile AND (Seoul OR warning'
expect_rc 0 "a bracket left open"
expect_contains "$err" "a bracket is not closed: it runs to the end of the query" "a bracket left open stated"
run "$LEDE_QUERY_BIN" --index "$IDX" --json '"Seoul" (missile) “missile warning”'
expect_eq "$err" "" "balanced quotes and brackets parse"
run "$LEDE_QUERY_BIN" --index "$IDX" --json 'missile date:someday'
expect_rc 0 "bad date: value"
expect_contains "$err" "date:someday is not a date" "bad date: value stated"
run "$LEDE_QUERY_BIN" --index "$IDX" --json 'missile date:2024..2023'
expect_contains "$err" "date:2024..2023 ends before it starts" "a date: range that ends before it starts"

# A wildcard word the parser would make a phrase of, after a required word:
# its parts required, the last expanded (Xapian 1.4's parser crashed on the
# phrase: a fuzzed query).
for q in '+missile +Shangri-L*' '+missile +(b-missil*)' 'Shangri-L*'; do
  run "$LEDE_QUERY_BIN" --index "$IDX" --json -- "$q"
  if [ "$rc" -le 1 ]; then ok; else bad "'$q': exit status $rc"; fi
done
run "$LEDE_QUERY_BIN" --index "$IDX" --json -- 'Shangri-L*'
expect_eq "$(json 'j["total"] > 0')" "True" "a hyphenated wildcard finds its words"

# A query starting with -word without --: a hint, exit 2.
run "$LEDE_QUERY_BIN" --index "$IDX" -Japan missile
expect_rc 2 "-word as an option"
expect_contains "$err" "lede-query -- -Japan" "hint to use --"
finish
