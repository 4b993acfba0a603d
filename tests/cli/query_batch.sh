# --batch: one query per input line, one JSON document (the --json shape) per
# output line, all other options applied to each.
. "$(dirname "$0")/../cli_lib.sh"
IDX="$T/idx"
. "$(dirname "$0")/../cli_query_fixture.sh"
make_articles "$T/a"

# batch [OPTION...] < input: runs lede-query --batch, output in $out.
batch() {
  out=$("$LEDE_QUERY_BIN" --index "$IDX" --batch "$@" 2>"$T/.stderr") && rc=0 || rc=$?
  err=$(cat "$T/.stderr")
}
# lines EXPR: EXPR over each output line's document (bound to j), joined by '|'.
lines() {
  printf '%s\n' "$out" | python3 -c '
import json, sys
print("|".join(str(eval(sys.argv[1], {"j": json.loads(l)})) for l in sys.stdin.read().split("\n") if l))
' "$1"
}

printf 'missile\nSeoul\n\n   \ntaiwan election\n' >"$T/queries"
batch --limit 2 <"$T/queries"
expect_rc 0 "batch"
expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "5" "one line out per line in"
expect_eq "$(lines 'j["query"]')" "missile|Seoul||   |taiwan election" "queries in order"
expect_eq "$(lines 'len(j["hits"])')" "2|2|0|0|2" "--limit applies to each; blank lines find nothing"
expect_eq "$(lines 'sorted(j)')" "$(for i in 1 2 3 4 5; do printf "['hits', 'offset', 'query', 'total', 'total_exact']"; [ $i -lt 5 ] && printf '|'; done)" "the --json keys"

# Each line is what --json prints for that query.
single=$("$LEDE_QUERY_BIN" --index "$IDX" --json --limit 2 --context 1 --per-article 1 missile)
batch --limit 2 --context 1 --per-article 1 <<<'missile'
expect_eq "$out" "$single" "batch line = --json document"

# Filters and paging apply to every query.
printf 'missile\ndefense\n' >"$T/q2"
batch --source yonhap --offset 1 <"$T/q2"
expect_eq "$(lines 'set(h["source"] for h in j["hits"])')" "{'Yonhap'}|set()" "--source for each"
expect_eq "$(lines 'j["offset"]')" "1|1" "--offset for each"
expect_eq "$(lines '[h["rank"] for h in j["hits"]]')" "[2, 3]|[]" "ranks count the offset"
batch --since 2024 <"$T/q2"
expect_rc 1 "no query found anything"

# CRLF line ends, a last line without a newline, invalid UTF-8, syntax errors.
printf 'missile\r\nSeoul AND\r\n\xff\xfemissile\n"unclosed' >"$T/q3"
batch <"$T/q3"
expect_rc 0 "awkward input"
expect_eq "$(lines 'j["query"]')" $'missile|Seoul AND|\xef\xbf\xbd\xef\xbf\xbdmissile|"unclosed' "queries echoed as valid UTF-8"
expect_eq "$(lines '"warning" in j')" "False|True|False|True" "a warning for the query that did not parse and for the quote left open"
expect_eq "$(lines 'len(j["hits"]) > 0')" "True|True|True|False" "hits per query"
expect_eq "$(lines 'j.get("corrected", False)')" "False|False|True|False" "invalid bytes before a word: its spelling correction is searched"
expect_eq "$err" "" "warnings stay in the JSON"

# Spelling suggestions per query.
batch <<<'missle'
expect_eq "$(lines 'j.get("suggestion")')" "missile" "suggestion in batch"

# Empty input: no output, status 1. Misuse: status 2.
batch </dev/null
expect_rc 1 "empty input"
expect_eq "$out" "" "nothing written for no queries"
batch --jsonl <<<'missile'
expect_rc 2 "--batch with --jsonl"
batch missile </dev/null
expect_rc 2 "--batch with a query argument"
expect_contains "$err" "standard input" "says where queries come from"

# Many queries through one process.
for i in $(seq 1 300); do echo "missile $i"; done >"$T/many"
batch --limit 1 <"$T/many"
expect_rc 0 "300 queries"
expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "300" "300 documents"
finish
