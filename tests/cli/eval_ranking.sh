# Ranking with article evidence (docs/ranking.md): an article about the
# query outranks a single sentence that merely repeats its words, hits stay
# sentences (the article documents behind the ranking never show), the best
# sentence of an article comes first, and --per-article and --sort date keep
# working.
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/docs"
cat >"$T/docs/tusks.txt" <<'EOF'
---
title: Walrus tusks
date: 2023-01-05
---
Walrus tusks are long teeth.

The tusks grow all their lives.

Tusks help the walrus climb onto ice.

A herd compares tusks in fights.
EOF
cat >"$T/docs/museum.txt" <<'EOF'
---
title: A day at the museum
date: 2023-06-01
---
Museums display many objects.

One case shows a walrus tusk walrus tusk carving.

Visitors buy tickets at the door.

The cafe sells soup.
EOF
IDX="$T/idx"
run "$LEDE_INDEX_BIN" --index "$IDX" --json "$T/docs"
expect_rc 0 "indexing"
expect_eq "$(json 'j["sentences"]')" "8" "sentences indexed (article documents are not counted)"

# Sentence words alone put the museum's repetitive sentence first...
run env LEDE_RANK=sentence "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 1 "walrus tusks"
expect_contains "$(json 'j["hits"][0]["text"]')" "carving" "sentence-only BM25 prefers the repetition"
# ...the article about walrus tusks wins with article evidence, through its
# best sentence.
run "$LEDE_QUERY_BIN" --index "$IDX" --json --per-article 0 "walrus tusks"
expect_rc 0 "query"
expect_eq "$(json 'j["hits"][0]["text"]')" "Walrus tusks are long teeth." "best sentence of the best article first"
# Next the museum's sentence, which holds both words side by side: the
# rerank stage's coverage and proximity (issue #18) put a sentence holding
# the whole query above one its article carries ("The tusks grow...").
expect_eq "$(json '[h["path"].split("/")[-1] for h in j["hits"][:3]]')" \
  '["tusks.txt", "museum.txt", "tusks.txt"]' "the sentence holding the whole query next"
expect_eq "$(json 'len(j["hits"])')" "5" "every matching sentence, and only sentences"
expect_eq "$(json 'all(h["text"] and h["sentence"] >= 1 for h in j["hits"])')" "True" "hits are sentences"
expect_eq "$(json 'j["hits"] == sorted(j["hits"], key=lambda h: -h["score"])')" "True" "scores decrease"

# One passage per article, best article first; newest first by date.
run "$LEDE_QUERY_BIN" --index "$IDX" --json --per-article 1 "walrus tusks"
expect_eq "$(json '[h["path"].split("/")[-1] for h in j["hits"]]')" '["tusks.txt", "museum.txt"]' "--per-article 1"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --per-article 1 --sort date "walrus tusks"
expect_eq "$(json '[h["date"] for h in j["hits"]]')" '["2023-06-01", "2023-01-05"]' "--sort date"

# Queries that match everything or only filters still give sentences.
run "$LEDE_QUERY_BIN" --index "$IDX" --json --per-article 0 --limit 50 "NOT soup"
expect_eq "$(json 'len(j["hits"]), all(h["text"] for h in j["hits"])')" "(7, True)" "pure NOT: sentences only"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 50 --since 2023-06-01 "tusk"
expect_eq "$(json '[h["path"].split("/")[-1] for h in j["hits"]]')" '["museum.txt"]' "date filter with article evidence"

# Replacing an article replaces its article document too.
sed -i 's/Walrus tusks are long teeth./Seals have no tusks./' "$T/docs/tusks.txt"
run "$LEDE_INDEX_BIN" --index "$IDX" --json "$T/docs"
expect_eq "$(json 'j["updated"]')" "1" "reindexed"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 50 "teeth"
expect_rc 1 "the old sentence is gone"
finish
