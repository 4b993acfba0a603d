# The rerank stage (issue #18, docs/ranking.md "Rerank"): a question's own
# words ("what", "did") do not rank a sentence, and the features the stock
# search does not see (coverage, proximity, neighbours) are added to the
# score the same way over one index or several.
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/docs"
cat >"$T/docs/meeting.txt" <<'EOT'
---
title: Night meeting
---
What the council decided last night remains unclear to many of the residents who came to the hall.
EOT
cat >"$T/docs/bridge.txt" <<'EOT'
---
title: Bridge news
---
The council decided to close the old bridge.
EOT
IDX="$T/idx"
run "$LEDE_INDEX_BIN" --quiet --index "$IDX" "$T/docs"
expect_rc 0 "indexing"

# A question: the sentence that answers first, not the one that repeats
# "what" and "who".
run "$LEDE_QUERY_BIN" --index "$IDX" --json "What did the council decide?"
expect_rc 0 "a question"
expect_contains "$(json 'j["hits"][0]["text"]')" "close the old bridge" "the answer first for a question"
expect_eq "$(json 'len(j["hits"])')" "2" "both sentences still match"
run "$LEDE_QUERY_BIN" --index "$IDX" --json "what did the council decide"
expect_contains "$(json 'j["hits"][0]["text"]')" "close the old bridge" "a question without '?' (first word)"
# Not a question: every word counts ("Doctor Who").
run "$LEDE_QUERY_BIN" --index "$IDX" --json "residents who"
expect_contains "$(json 'j["hits"][0]["text"]')" "residents who came" "'who' counts outside a question"
# Only question words: they are all there is, so they are searched.
run "$LEDE_QUERY_BIN" --index "$IDX" --json "what?"
expect_rc 0 "a question of question words only"
expect_contains "$(json 'j["hits"][0]["text"]')" "What the council" "searched as typed"

# The article's evidence no longer buries a sentence that answers: the
# query's words side by side in a short sentence of another article beat
# the sentences its article carries.
mkdir -p "$T/port"
cat >"$T/port/port.txt" <<'EOT'
---
title: Harbour strike
---
Harbour workers met at the harbour gate. The strike began at dawn, and the harbour master counted ships. A strike was called by the dock union. Harbour traffic slowed in the harbour during the strike.
EOT
cat >"$T/port/wire.txt" <<'EOT'
---
title: Wire
---
Markets were calm on Monday. The harbour strike ended. Prices of fuel rose slightly in the afternoon trading session after the weekend.
EOT
run "$LEDE_INDEX_BIN" --quiet --index "$T/pidx" "$T/port"
expect_rc 0 "indexing the port articles"
run "$LEDE_QUERY_BIN" --index "$T/pidx" --json --explain "harbour strike"
expect_eq "$(json 'j["hits"][0]["text"]')" "The harbour strike ended." "the sentence holding the query first"
expect_eq "$(json '[h["explain"]["coverage"] for h in j["hits"][:1]] + [h["explain"]["proximity"] for h in j["hits"][:1]]')" \
  "[1, 1]" "its coverage and proximity are whole"
expect_eq "$(json 'j["hits"][1]["path"].endswith("port.txt")')" "True" "the article's best sentence next"

# The same hits and scores over two indexes, one article each.
run "$LEDE_INDEX_BIN" --quiet --index "$T/p1" "$T/port/port.txt"
run "$LEDE_INDEX_BIN" --quiet --index "$T/p2" "$T/port/wire.txt"
run "$LEDE_QUERY_BIN" --index "$T/pidx" --json --explain "harbour strike"
one=$(json '[(h["text"], h["score"], h["explain"]) for h in j["hits"]]')
run "$LEDE_QUERY_BIN" --index "$T/p1" --index "$T/p2" --json --explain "harbour strike"
expect_eq "$(json '[(h["text"], h["score"], h["explain"]) for h in j["hits"]]')" "$one" "one index or two: the same hits, scores and parts"
finish
