# What a new user meets in the first hour: the index is found from a
# sub-folder, an empty, unfinished or interrupted index says so instead of
# "no passages match", paging past the end says how many there are, and
# option values that cannot work are refused with the reason.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir -p proj/news proj/notes/deep
printf 'Walruses crowded the northern beaches at dawn.\n' > proj/news/one.txt
printf 'Narwhals were seen near the fjord on Tuesday.\n' > proj/news/two.txt
(cd proj && "$LEDE_INDEX_BIN" --quiet news) || bad "indexing proj/news"

# The nearest .lede in the folder or a parent, as git finds its repository.
(cd proj/notes/deep && "$LEDE_QUERY_BIN" --json walruses) >"$T/.o" 2>"$T/.e" && rc=0 || rc=$?
expect_eq "$rc" "0" "lede-query from a sub-folder finds ../../.lede"
out=$(cat "$T/.o")
expect_eq "$(json 'j["hits"][0]["path"]')" "news/one.txt" "the hit from the parent's index"
printf 'Puffins nested on the cliffs.\n' > proj/news/three.txt
(cd proj/notes/deep && "$LEDE_INDEX_BIN" --json) >"$T/.o" 2>"$T/.e" && rc=0 || rc=$?
expect_eq "$rc" "0" "lede-index from a sub-folder updates the parent's index"
out=$(cat "$T/.o")
expect_eq "$(json 'j["added"], j["unchanged"]')" "(1, 2)" "the new file added, nothing else"
expect_eq "$(ls -A proj/notes/deep)" "" "no .lede created in the sub-folder"
mkdir other
(cd proj/notes && LEDE_INDEX="$T/other/idx" "$LEDE_QUERY_BIN" walruses) 2>"$T/.e" && rc=0 || rc=$?
expect_eq "$rc" "2" "\$LEDE_INDEX wins over the walk up"
expect_contains "$(cat "$T/.e")" "no index at $T/other/idx" "names the index it looked for"

# Hits say where to open them: the absolute path, and the line and column
# (from 1, in characters) where the sentence starts.
printf 'Héllo wörld. Dolphins leapt beside the ferry.\nThen it rained.\n' > proj/news/four.txt
printf '{"text": "Seals basked. Otters dived."}\n{"text": "Herons waited."}\n' > proj/news/five.jsonl
(cd proj && "$LEDE_INDEX_BIN" --quiet) || bad "indexing four.txt and five.jsonl"
(cd proj/notes && "$LEDE_QUERY_BIN" --json dolphins) >"$T/.o" 2>"$T/.e" || bad "query dolphins"
out=$(cat "$T/.o")
expect_eq "$(json 'j["hits"][0]["abs_path"]')" "$(cd proj && pwd -P)/news/four.txt" "abs_path"
expect_eq "$(json 'j["hits"][0]["line"], j["hits"][0]["column"]')" "(1, 14)" "line and column (characters)"
(cd proj && "$LEDE_QUERY_BIN" --json rained) >"$T/.o" 2>"$T/.e" || bad "query rained"
out=$(cat "$T/.o")
expect_eq "$(json 'j["hits"][0]["line"], j["hits"][0]["column"]')" "(2, 1)" "second line"
(cd proj && "$LEDE_QUERY_BIN" --json herons) >"$T/.o" 2>"$T/.e" || bad "query herons"
out=$(cat "$T/.o")
expect_eq "$(json 'j["hits"][0]["line"], j["hits"][0]["column"]')" "(2, None)" "a .jsonl record: its line, no column"

# One article does not fill a page: at most 3 passages from one article
# by default, every one with --per-article 0.
printf 'Gulls one. Gulls two. Gulls three. Gulls four. Gulls five.\n' > proj/news/gulls.txt
printf 'Gulls circled the pier.\n' > proj/news/pier.txt
(cd proj && "$LEDE_INDEX_BIN" --quiet) || bad "indexing the gull articles"
run "$LEDE_QUERY_BIN" --index proj/.lede --json gulls
expect_eq "$(json 'sorted(h["path"] for h in j["hits"])')" \
  '["news/gulls.txt", "news/gulls.txt", "news/gulls.txt", "news/pier.txt"]' "at most 3 passages of one article by default"
run "$LEDE_QUERY_BIN" --index proj/.lede --json --per-article 0 gulls
expect_eq "$(json 'len(j["hits"])')" "6" "--per-article 0: no limit"

# Paging past the end.
run "$LEDE_QUERY_BIN" --index proj/.lede --offset 5 walruses
expect_rc 1 "offset past the last passage"
expect_contains "$err" "no passages past --offset 5" "says the offset is past the end"
expect_contains "$err" "matches about 1" "says how many there are"

# Values that cannot work.
run "$LEDE_QUERY_BIN" --index proj/.lede -n 0 walruses
expect_rc 2 "-n 0"
expect_contains "$err" "from 1 to 100000" "-n 0 names the range"
run "$LEDE_QUERY_BIN" --index proj/.lede --since 1987-04 --until 1987-03 walruses
expect_rc 2 "reversed date range"
expect_contains "$err" "--since 1987-04-01 is after --until 1987-03-31" "says the range is empty"

# An empty index, one being built, one whose first build was interrupted.
mkdir nothing
run "$LEDE_INDEX_BIN" --quiet --index empty nothing
run "$LEDE_QUERY_BIN" --index empty walruses
expect_rc 1 "an empty index"
expect_contains "$err" "the index at empty is empty" "says the index is empty"
run "$LEDE_QUERY_BIN" --index empty --json walruses
expect_eq "$(json '"is empty" in j["warning"]')" "True" "JSON says the index is empty"
mkdir building
(exec 9>building/lock && flock 9 && echo "$BASHPID 1200 19043" >&9 && sleep 20) &
holder=$!
for _ in $(seq 50); do flock -n building/lock true 2>/dev/null || break; sleep 0.1; done
run "$LEDE_QUERY_BIN" --index building walruses
expect_rc 1 "an index whose first build is running"
expect_contains "$err" "is being built" "says it is being built"
expect_contains "$err" ": 1200 of 19043 files)" "and how far it got"
run "$LEDE_QUERY_BIN" --index building --json walruses
expect_rc 1 "--json on an index being built"
expect_eq "$(json 'len(j["hits"]), "being built" in j["warning"]')" "(0, True)" "valid JSON saying why"
out=$(printf 'walruses\nnarwhals\n' | "$LEDE_QUERY_BIN" --index building --batch 2>/dev/null)
expect_eq "$(printf '%s\n' "$out" | wc -l)" "2" "--batch answers each line while the index is built"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
# lede-index keeps "PID DONE TOTAL" in its lock file (from its first file on,
# then once a second), which is what lede-query reads.
mkdir -p many && for i in $(seq 1 30); do printf 'Walrus report %d.\n' "$i" >"many/$i.txt"; done
"$LEDE_INDEX_BIN" --quiet --index manyidx many
expect_eq "$(awk '{print NF, $3}' manyidx/lock)" "3 30" "the lock file holds the build's progress"
mkdir -p broken/db-1 && : > broken/building-db-1
run "$LEDE_QUERY_BIN" --index broken walruses
expect_rc 2 "an index whose first build was interrupted"
expect_contains "$err" "was interrupted" "says the first build was interrupted"

finish
