# What the user sees when something is wrong: a clear message and the
# contract's exit status.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"

run "$LEDE_QUERY_BIN" --index "$T/none" anything
expect_rc 2 "query without an index"
expect_contains "$err" "lede-index" "says how to build an index"

run "$LEDE_QUERY_BIN" --index "$T/none"
expect_rc 2 "empty query"
expect_contains "$err" "Usage" "empty query shows usage"

run "$LEDE_QUERY_BIN" --limit x foo
expect_rc 2 "bad --limit"
expect_contains "$err" "--limit" "names the option"

run "$LEDE_QUERY_BIN" --help
expect_rc 0 "--help"
expect_contains "$out" "Usage: lede-query" "help text"
run "$LEDE_INDEX_BIN" --help
expect_rc 0 "lede-index --help"

run "$LEDE_INDEX_BIN" --index "$T/x" --language klingon "$LEDE_SRC/corpus"
expect_rc 2 "unknown language"
expect_contains "$err" "klingon" "names the language"
expect_contains "$err" "english" "lists available languages"

run "$LEDE_INDEX_BIN" --index "$T/y" "$T/does-not-exist"
expect_contains "$err" "does-not-exist" "names the missing path"

# A language other than English is recorded and used.
mkdir -p "$T/fr"
printf 'Les ministres de la défense se sont réunis.\n' > "$T/fr/a.txt"
run "$LEDE_INDEX_BIN" --index "$T/fridx" --language french "$T/fr"
expect_rc 0 "french index"
run "$LEDE_QUERY_BIN" --index "$T/fridx" --json "ministre"
expect_rc 0 "french stemming matches plural"
run "$LEDE_INDEX_BIN" --index "$T/fridx" --language english "$T/fr"
expect_rc 2 "changing the language of an index"

# Sentence files outside corpus: no PATH and no corpus/ here is an error.
run "$LEDE_INDEX_BIN" --index "$T/z"
expect_rc 2 "nothing to index"
finish
