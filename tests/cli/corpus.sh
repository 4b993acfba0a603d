# Indexes the shipped corpus and asks questions whose answers each article
# states once: the sentence that states it must come first.
. "$(dirname "$0")/../cli_lib.sh"
IDX="$T/idx"
index_corpus "$IDX"

# first_hit QUERY NEEDLE: the top passage for QUERY contains NEEDLE.
first_hit() {
  run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 1 "$1"
  expect_rc 0 "query '$1'"
  expect_contains "$(json 'j["hits"][0]["text"]')" "$2" "top hit for '$1'"
}

first_hit "Shangri-La Dialogue" "in June on the sidelines of the Shangri-La Dialogue"
first_hit "Phnom Penh summit" "Phnom Penh, Cambodia"
first_hit "Yoon Suk Yeol Japan" "President Yoon Suk Yeol"
first_hit "Antony Blinken" "Antony Blinken visited Seoul"
first_hit "Putin Kim Jong Un" "Vladimir Putin"
first_hit "multi-year plan trilateral drills" "multi-year plan"
first_hit "invasion of Ukraine sanctions" "international sanctions"
first_hit "Minoru Kihara joined online" "joined the meeting online"
first_hit "launch location trajectory landing zone" "anticipated landing zone"

# The Shangri-La sentence comes from the dated article, with its metadata.
run "$LEDE_QUERY_BIN" --index "$IDX" --json "Shangri-La Dialogue"
expect_eq "$(json 'j["hits"][0]["date"]')" "2023-11-09" "date of the Shangri-La hit"
expect_eq "$(json 'j["hits"][0]["path"].endswith("corpus/000_5c203dbaf1af5d85.txt")')" "True" "path"
expect_contains "$(json 'j["hits"][0]["text"]')" "Singapore" "Shangri-La sentence"
expect_eq "$(json 'set(["rank","score","text","source","date","title","path","sentence"]) <= set(j["hits"][0])')" "True" "hit keys"
expect_eq "$(json 'j["hits"][0]["rank"]')" "1" "rank"
expect_eq "$(json 'j["hits"][0]["title"]')" "None" "title is null"
expect_eq "$(json 'type(j["total"]).__name__ + type(j["offset"]).__name__')" "intint" "total and offset are numbers"

# The first article's body has 12 sentences after its date line, which is
# its date and not a sentence; the second has 13.
for f in 000_5c203dbaf1af5d85:12 001_c8373e74a80ee408:13; do
  run "$LEDE_INDEX_BIN" --dry-run "$LEDE_SRC/corpus/${f%:*}.txt"
  expect_rc 0 "dry run of ${f%:*}"
  expect_eq "$(json 'len(j["sentences"])')" "${f#*:}" "sentences in ${f%:*}"
done
run "$LEDE_INDEX_BIN" --dry-run "$LEDE_SRC/corpus/000_5c203dbaf1af5d85.txt"
expect_eq "$(json 'j["date"], j["place"], j["sentences"][0]["text"][:7]')" "('2023-11-09', 'SEOUL', 'South K')" "date, place and first sentence (after the dateline)"
run "$LEDE_QUERY_BIN" --index "$IDX" --json "November 9, 2023"
expect_not_contains "$out" '"text":"November 9, 2023"' "date line is not a sentence"

# The second article has no date: JSON null, text "date unknown".
run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 1 "Antony Blinken"
expect_eq "$(json 'j["hits"][0]["date"]')" "None" "undated article"

# Context comes from the index.
run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 1 --context 1 "Shangri-La Dialogue"
expect_contains "$(json 'j["hits"][0]["context"]["before"][0]')" "may take place before the SCM" "context before"
expect_contains "$(json 'j["hits"][0]["context"]["after"][0]')" "primary agenda items" "context after"

# JSONL: one valid object per line.
run "$LEDE_QUERY_BIN" --index "$IDX" --jsonl --limit 3 "missile"
expect_rc 0 "jsonl query"
expect_eq "$(printf '%s\n' "$out" | python3 -c 'import json,sys; print(sum(1 for l in sys.stdin if json.loads(l)["rank"]))')" "3" "jsonl lines"

# Text output: source, date, the sentence with the matched words marked.
run "$LEDE_QUERY_BIN" --index "$IDX" --limit 1 --color never "Shangri-La Dialogue"
expect_contains "$out" "2023-11-09" "text output shows the date"
expect_contains "$out" "[Dialogue]" "text output marks matched words"
run "$LEDE_QUERY_BIN" --index "$IDX" --limit 1 --color always "defenses"
expect_contains "$out" $'\033[1;31m' "colour when asked"
expect_contains "$out" "defense" "stemmed match shown"

# No hits: exit 1, valid JSON with an empty list.
run "$LEDE_QUERY_BIN" --index "$IDX" --json "xylophonist"
expect_rc 1 "no hits"
expect_eq "$(json 'len(j["hits"])')" "0" "empty hits"

# Spelling: a question typed as a sentence gets no "did you mean" for its
# question words or for words indexed in another form ("gather"/"gathered");
# a real typo does, keeping the user's capital letter.
run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 1 "Where did the defense chiefs gather at the Shangri-La Dialogue?"
expect_eq "$(json '"suggestion" in j')" "False" "no suggestion for a plain question"
expect_contains "$(json 'j["hits"][0]["text"]')" "Shangri-La Dialogue" "the question's answer first"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 1 "Blinkn visited Seoul"
expect_eq "$(json 'j.get("suggestion")')" "Blinken visited Seoul" "suggestion for a typo"

# Rescanning with nothing changed changes nothing.
run "$LEDE_INDEX_BIN" --index "$IDX" --json
expect_rc 0 "rescan"
expect_eq "$(json 'j["unchanged"], j["added"], j["updated"], j["removed"]')" "(2, 0, 0, 0)" "no-op rescan"
finish
