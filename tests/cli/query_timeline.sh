# lede-query --timeline: every matching passage counted per day, week
# (from Monday), month or year, with the articles they belong to; empty
# periods between the first and the last included; undated passages apart;
# filters apply; JSON for programs, plain lines in a pipe, bars on a terminal.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir n
art() { # art NAME DATE SOURCE TEXT
  printf -- '---\ntitle: Story %s\ndate: %s\nsource: %s\n---\n%s\n' "$1" "$2" "$3" "$4" > "n/$1.txt"
}
art a 2024-12-30 North "The harbour strike began. Harbour pilots walked out."
art b 2025-01-01 North "The harbour strike went on."
art c 2025-01-01 South "Harbour talks failed."
art d 2025-01-06 South "Ferries left the harbour."
art e 2025-03-15 North "The harbour reopened after the strike."
art f 2025-03-16 North "Nothing about ports here."
printf 'An undated note on the harbour.\n' > n/undated.txt
"$LEDE_INDEX_BIN" --quiet --index idx n || bad "indexing"

run "$LEDE_QUERY_BIN" --index idx --json --timeline week harbour
expect_rc 0 "--timeline week"
expect_eq "$(json 'j["unit"], j["total"], j["undated"]')" "('week', 7, 1)" "unit, every passage, the undated one"
expect_eq "$(json '[(b["start"], b["passages"], b["articles"]) for b in j["buckets"]]' | tr -d ' ')" \
  "$(printf '%s' '[["2024-12-30",4,3],["2025-01-06",1,1],["2025-01-13",0,0],["2025-01-20",0,0],["2025-01-27",0,0],["2025-02-03",0,0],["2025-02-10",0,0],["2025-02-17",0,0],["2025-02-24",0,0],["2025-03-03",0,0],["2025-03-10",1,1]]')" \
  "weeks start on Monday, across the new year; a sentence per passage; empty weeks between"
expect_eq "$(json 'list(j)')" '["query", "unit", "total", "undated", "buckets"]' "JSON keys in order"

run "$LEDE_QUERY_BIN" --index idx --json --timeline month harbour
expect_eq "$(json '[(b["start"], b["passages"]) for b in j["buckets"]]' | tr -d ' ')" \
  '[["2024-12-01",2],["2025-01-01",3],["2025-02-01",0],["2025-03-01",1]]' "months"
run "$LEDE_QUERY_BIN" --index idx --json --timeline year harbour
expect_eq "$(json '[(b["start"], b["passages"], b["articles"]) for b in j["buckets"]]' | tr -d ' ')" \
  '[["2024-01-01",2,1],["2025-01-01",4,4]]' "years"
run "$LEDE_QUERY_BIN" --index idx --json --timeline day --source South harbour
expect_eq "$(json '[(b["start"], b["passages"]) for b in j["buckets"]]' | tr -d ' ')" \
  '[["2025-01-01",1],["2025-01-02",0],["2025-01-03",0],["2025-01-04",0],["2025-01-05",0],["2025-01-06",1]]' "--source applies, days"
run "$LEDE_QUERY_BIN" --index idx --json --timeline month --since 2025-01 harbour strike
expect_eq "$(json '[j["total"], [(b["start"], b["passages"]) for b in j["buckets"]]]' | tr -d ' ')" \
  '[2,[["2025-01-01",1],["2025-02-01",0],["2025-03-01",1]]]' "--since applies; every word required; undated left out by a date filter"
run "$LEDE_QUERY_BIN" --index idx --json --timeline year "strike OR ferries"
expect_eq "$(json 'j["total"]')" "4" "OR when asked for"

run "$LEDE_QUERY_BIN" --index idx --timeline month harbour
expect_eq "$(printf '%s\n' "$out" | head -2 | tr '\t' ' ')" "$(printf '2024-12-01 2 1\n2025-01-01 3 3')" "plain lines in a pipe"
expect_contains "$out" "undated	1" "the undated line"
if command -v script >/dev/null; then
  shown=$(COLUMNS=60 script -qc "'$LEDE_QUERY_BIN' --index idx --color never --timeline month harbour" /dev/null)
  expect_contains "$shown" "'harbour' per month: 7 passages (1 undated)" "a heading on a terminal"
  expect_contains "$shown" "█ 3 in 3 articles" "bars on a terminal"
fi

run "$LEDE_QUERY_BIN" --index idx --json --timeline month zeppelin
expect_rc 1 "no match"
expect_eq "$(json 'j["total"], j["buckets"]')" "(0, [])" "no match: no buckets"
run "$LEDE_QUERY_BIN" --index idx --timeline fortnight harbour
expect_rc 2 "unknown unit"
expect_contains "$err" "'fortnight' is not day, week, month or year" "names the units"
run "$LEDE_QUERY_BIN" --index idx --timeline month --batch
expect_rc 2 "--timeline with --batch"
finish
