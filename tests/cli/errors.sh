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

# Few file descriptors: not a damaged index. lede-index refuses to start
# under a hard limit below what it needs (it failed part way, calling a
# new index damaged) and raises a soft one; lede-query names the limit.
# The descriptors a caller left open (CI's runner, a terminal's) are
# closed first: the limit is the program's alone.
limited() {
  ASAN_OPTIONS=detect_leaks=0 bash -c 'for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; ulimit $1; exec "${@:2}"' - "$@"
}
run limited "-n 10" "$LEDE_INDEX_BIN" --index "$T/fd" "$LEDE_SRC/corpus"
expect_rc 2 "lede-index under ulimit -n 10"
expect_contains "$err" "only 10 file descriptors may be open ('ulimit -n'); lede-index needs 64" "says why"
if [ -e "$T/fd" ]; then bad "lede-index under ulimit -n 10 left $T/fd"; else ok; fi
run limited "-Sn 10" "$LEDE_INDEX_BIN" --quiet --index "$T/fd" "$LEDE_SRC/corpus"
expect_rc 0 "lede-index under a soft limit of 10 raises it"
for x in a b; do "$LEDE_INDEX_BIN" --quiet --index "$T/fd$x" "$LEDE_SRC/corpus"; done
run limited "-n 16" "$LEDE_QUERY_BIN" --index "$T/fd" --index "$T/fda" --index "$T/fdb" missile
expect_rc 2 "three indexes under ulimit -n 16"
expect_contains "$err" "only 16 file descriptors may be open ('ulimit -n'); lede-query needs 64 for 3 indexes" "says so, before opening any"
expect_not_contains "$err" "damaged" "no index called damaged"
run limited "-n 20" "$LEDE_QUERY_BIN" --index "$T/fd" missile
expect_rc 2 "one index under ulimit -n 20"
expect_contains "$err" "only 20 file descriptors may be open ('ulimit -n'); lede-query needs 32" "says so"
run limited "-Sn 16" "$LEDE_QUERY_BIN" --index "$T/fd" --index "$T/fda" --index "$T/fdb" missile
expect_rc 0 "three indexes under a soft limit of 16 raise it"
finish
