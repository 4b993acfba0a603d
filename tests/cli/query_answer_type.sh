# The answer type (issue #18, docs/ranking.md "Answer type"): a question
# asking for a number, a date or a name ranks first the sentence holding one
# that the question lacks, over a shorter sentence of the same article that
# matches the question's words closer but holds none. Only a query ending
# with '?' is typed, the same way over one index or three, and --explain
# shows the parts (the answer type, and the article's BM25 x the sentence's
# coverage, which a typed question adds too).
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/docs"
cat >"$T/docs/museum.txt" <<'EOT'
---
title: City report
---
Museum visitors liked the new wing. In its first year of opening the museum had 40,000 paying visitors. The director praised the staff.
EOT
cat >"$T/docs/bridge.txt" <<'EOT'
---
title: Town report
---
The bridge was built of stone. The bridge over the wide river was finally built in 1872 after long delays. The stone came from the hills.
EOT
cat >"$T/docs/team.txt" <<'EOT'
---
title: Sports report
---
The team was coached well. The team that won the cup in the spring was coached by Maria Lopez after the old coach left. The players thanked the fans.
EOT
cat >"$T/docs/river.txt" <<'EOT'
---
title: Valley report
---
The river's length surprised the surveyors. Surveyors found the river runs for 320 kilometres in length through the valley. The valley is green.
EOT
cat >"$T/docs/ship.txt" <<'EOT'
---
title: Harbour report
---
The name of the ship was painted in gold. At the launch the owners gave the ship the name Northern Star after a long debate. The harbour was busy.
EOT
run "$LEDE_INDEX_BIN" --quiet --index "$T/idx" "$T/docs"
expect_rc 0 "indexing"
for k in museum bridge team river ship; do
  run "$LEDE_INDEX_BIN" --quiet --index "$T/s-$k" "$T/docs/$k.txt"
  expect_rc 0 "indexing shard $k"
done

# ask QUESTION ANSWER OTHER [ACW]: the question ranks ANSWER first, over one
# index and three, article x coverage weighing ACW (1: the twelfth session's
# forms; 3: the thirteenth's); the same words without '?' (not typed) rank
# OTHER first.
ask() {
  run "$LEDE_QUERY_BIN" --index "$T/idx" --json --explain "$1"
  expect_rc 0 "$1"
  expect_contains "$(json 'j["hits"][0]["text"]')" "$2" "'$1': the sentence holding the answer first"
  expect_eq "$(json '[j["hits"][0]["explain"][k] for k in ("answer", "answer_weight")]')" "[1, 8]" \
    "'$1': --explain shows the answer type held, x 8"
  expect_eq "$(json 'j["hits"][1]["explain"]["answer"]')" "0" "'$1': the other sentence holds none"
  expect_eq "$(json 'j["hits"][0]["explain"]["article_coverage_weight"]')" "${4:-1}" "'$1': article x coverage, x ${4:-1}"
  one=$out
  run "$LEDE_QUERY_BIN" --index "$T/s-museum" --index "$T/s-bridge" --index "$T/s-team" --index "$T/s-river" \
    --index "$T/s-ship" --json --explain "$1"
  expect_eq "$(json '[(h["text"], h["score"], h["explain"]) for h in j["hits"]]')" \
    "$(out=$one json '[(h["text"], h["score"], h["explain"]) for h in j["hits"]]')" "'$1': the same over three indexes"
  run "$LEDE_QUERY_BIN" --index "$T/idx" --json --explain "${1%\?}"
  expect_contains "$(json 'j["hits"][0]["text"]')" "$3" "'${1%\?}' without '?': not typed, the closer match first"
  expect_eq "$(json '[j["hits"][0]["explain"][k] for k in ("answer_weight", "article_coverage_weight")]')" "[0, 0]" \
    "'${1%\?}': no answer type, no article x coverage"
}
ask "How many visitors did the museum have?" "40,000 paying visitors" "Museum visitors liked"
ask "When was the bridge built?" "built in 1872" "built of stone"
ask "Who coached the team?" "Maria Lopez" "coached well"
# what/which + a measure noun (also after "is the"): a number; "what is the
# name": a name.
ask "What is the length of the river?" "320 kilometres" "length surprised" 3
ask "What was the name of the ship?" "Northern Star" "painted in gold" 3

# Any other what/which question: no answer type (x 0), its article x
# coverage x 3, shown in text and JSON.
run "$LEDE_QUERY_BIN" --index "$T/idx" --json --explain --limit 1 "What valley do surveyors map?"
expect_eq "$(json '[j["hits"][0]["explain"][k] for k in ("answer_weight", "article_coverage_weight")]')" "[0, 3]" \
  "a broad what question: article x coverage x 3, no answer type"
run "$LEDE_QUERY_BIN" --index "$T/idx" --explain --limit 1 "What valley do surveyors map?"
expect_contains "$out" "+ answer type 0 x 0 + article x coverage " "text --explain shows article x coverage"
expect_contains "$out" " x 3)" "text --explain shows its weight"

# Text: the part is shown for a typed question only.
run "$LEDE_QUERY_BIN" --index "$T/idx" --explain --limit 1 "When was the bridge built?"
expect_contains "$out" "+ answer type 1 x 8 + article x coverage " "text --explain shows the answer type"
run "$LEDE_QUERY_BIN" --index "$T/idx" --explain --limit 1 "bridge built"
expect_not_contains "$out" "answer type" "a keyword query has no answer type"

# Words of a typed question that describe its answer ("called", "name",
# "year", "how long"...) weigh half in the sentence step: a sentence
# holding "called" and not the answer no longer ranks over the answer,
# which holds the question's other word and is longer. Each word is in one
# sentence, so coverage and the article's parts are equal; only BM25 tells.
mkdir -p "$T/port"
cat >"$T/port/ferry.txt" <<'EOT'
---
title: Port report
---
Dock workers called loudly. The new ferry on the northern route across the bay is the Blue Heron from the Baltic yard.
EOT
run "$LEDE_INDEX_BIN" --quiet --index "$T/port-idx" "$T/port"
expect_rc 0 "indexing the port"
run "$LEDE_QUERY_BIN" --index "$T/port-idx" --json --explain "What was the ferry called?"
expect_rc 0 "the ferry question"
expect_contains "$(json 'j["hits"][0]["text"]')" "Blue Heron" "'called' weighs half: the answer first"
expect_eq "$(json '[h["explain"]["coverage"] for h in j["hits"]]')" "[0.5, 0.5]" "each sentence holds one of the two words"
run "$LEDE_QUERY_BIN" --index "$T/port-idx" --json --explain "What was the ferry called"
expect_contains "$(json 'j["hits"][0]["text"]')" "Dock workers called" "without '?' (not typed) 'called' weighs in full"
finish
