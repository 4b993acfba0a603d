# lede-query's errors, help and exit statuses: 0 passages found, 1 none,
# 2 error; messages on stderr as "lede-query: ...".
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"

# No index: say how to build one, status 2, nothing on stdout.
run "$LEDE_QUERY_BIN" missile
expect_rc 2 "no index in the current folder"
expect_contains "$err" "lede-query: no index at .lede" "names where it looked"
expect_contains "$err" "build one with 'lede-index PATH...'" "says how to build one"
expect_eq "$out" "" "nothing on stdout"
LEDE_INDEX="$T/elsewhere" run "$LEDE_QUERY_BIN" missile
expect_contains "$err" "$T/elsewhere" "\$LEDE_INDEX is where it looks"
mkdir "$T/junk"
echo "not a stub" >"$T/junk/XAPIANDB"
run "$LEDE_QUERY_BIN" --index "$T/junk" missile
expect_rc 2 "not an index"
expect_contains "$err" "lede-query: " "error prefixed with the program"

"$LEDE_INDEX_BIN" --quiet --index "$T/idx" "$LEDE_SRC/corpus"
export LEDE_INDEX="$T/idx"

# Empty and blank queries: usage on stderr, status 2.
for q in "" "   "; do
  run "$LEDE_QUERY_BIN" "$q"
  expect_rc 2 "query '$q'"
  expect_contains "$err" "no query given" "query '$q' is refused"
  expect_contains "$err" "Usage: lede-query" "usage for query '$q'"
done
run "$LEDE_QUERY_BIN"
expect_rc 2 "no arguments"

# Found, not found.
run "$LEDE_QUERY_BIN" missile
expect_rc 0 "hits: status 0"
run "$LEDE_QUERY_BIN" xylophonist
expect_rc 1 "no hits: status 1"
expect_contains "$err" "no passages match 'xylophonist'" "no hits said on stderr"
expect_eq "$out" "" "no hits: nothing on stdout"
run "$LEDE_QUERY_BIN" --jsonl xylophonist
expect_rc 1 "no hits in --jsonl: status 1"

# Bad option values name the option; unknown options point to --help.
for args in "--limit x" "--limit -1" "--offset 1e3" "--context many" "--per-article -2" \
  "--sort newest" "--color maybe" "--since tomorrow" "--until 2023-02-29"; do
  set -- $args
  run "$LEDE_QUERY_BIN" "$@" missile
  expect_rc 2 "$args"
  expect_contains "$err" "$1" "$args: names the option"
done
run "$LEDE_QUERY_BIN" --frobnicate missile
expect_rc 2 "unknown option"
expect_contains "$err" "lede-query: unknown option '--frobnicate'" "unknown option named"
expect_contains "$err" "Try 'lede-query --help'" "points to --help"
# A value given to an option that takes none, a prefix of two options: said so.
run "$LEDE_QUERY_BIN" --json=1 missile
expect_rc 2 "--json=1"
expect_contains "$err" "lede-query: option '--json' takes no value (given '--json=1')" "--json=1 said"
run "$LEDE_QUERY_BIN" --help=1
expect_contains "$err" "option '--help' takes no value" "--help=1 not called '-h'"
run "$LEDE_QUERY_BIN" --jso missile
expect_rc 2 "--jso"
expect_contains "$err" "option '--jso' is ambiguous; it could be '--json' '--jsonl'" "prefix of two said"
run "$LEDE_QUERY_BIN" -z missile
expect_contains "$err" "lede-query: unknown option '-z'" "short option named"
run "$LEDE_BIN/lede-serve" --quiet=yes
expect_rc 2 "lede-serve --quiet=yes"
expect_contains "$err" "lede-serve: option '--quiet' takes no value" "lede-serve says so too"
expect_contains "$err" "Try 'lede-serve --help'" "lede-serve points to --help"
run "$LEDE_QUERY_BIN" --limit
expect_rc 2 "missing value"
expect_contains "$err" "'--limit' needs a value" "missing value named"
# lede-index names itself so too, however it was run (a full path here).
run "$LEDE_INDEX_BIN" --frobnicate
expect_rc 2 "lede-index: unknown option"
expect_eq "$(printf '%s\n' "$err" | head -1)" "lede-index: unrecognized option '--frobnicate'" "lede-index names itself"
expect_contains "$err" "Try 'lede-index --help'" "lede-index points to --help"

# A closed standard input is an empty one: --batch read a database file
# that took its number as queries, and printed answers to them.
# (Not through run: a closed descriptor 0 would take the pipe of $(...).)
"$LEDE_QUERY_BIN" --batch >"$T/closed.out" 2>/dev/null <&- && rc=0 || rc=$?
expect_rc 1 "--batch with standard input closed: no query"
expect_eq "$(cat "$T/closed.out")" "" "--batch with standard input closed: no answer"
# A closed standard output fails to be written, said on standard error.
"$LEDE_QUERY_BIN" missile >&- 2>"$T/closed.err" && rc=0 || rc=$?
expect_rc 2 "standard output closed"
expect_contains "$(cat "$T/closed.err")" "writing results" "standard output closed: said"

# --help, --version and --list-languages that cannot be written say so.
for c in "lede-query --help" "lede-query --version" "lede-index --help" \
  "lede-index --list-languages" "lede-serve --version"; do
  set -- $c
  "$LEDE_BIN/$1" "$2" >/dev/full 2>"$T/full.err" && rc=0 || rc=$?
  expect_rc 2 "$c to a full disk"
  expect_contains "$(cat "$T/full.err")" "$1: writing the output: No space left on device" "$c: said"
done

# --help and --version: stdout, status 0, every option listed.
run "$LEDE_QUERY_BIN" --help
expect_rc 0 "--help"
for opt in --index --limit --offset --context --json --jsonl --batch --since --until \
  --source --per-article --sort --color --help --version date: title: source: NEAR "Exit status"; do
  expect_contains "$out" "$opt" "--help mentions $opt"
done
run "$LEDE_QUERY_BIN" -h
expect_contains "$out" "Usage: lede-query" "-h"
run "$LEDE_QUERY_BIN" --version
expect_rc 0 "--version"
expect_contains "$out" "lede-query " "version line"

# Writing to a closed or full stdout is an error, not a silent success.
if [ -w /dev/full ]; then
  run "$LEDE_QUERY_BIN" missile
  "$LEDE_QUERY_BIN" missile >/dev/full 2>"$T/full.err" && rc=0 || rc=$?
  expect_rc 2 "stdout full"
  expect_contains "$(cat "$T/full.err")" "writing results" "says output failed"
  for opts in "--stats" "--stats --json"; do
    "$LEDE_QUERY_BIN" $opts >/dev/full 2>"$T/full.err" && rc=0 || rc=$?
    expect_rc 2 "stdout full: $opts"
    expect_contains "$(cat "$T/full.err")" "writing results" "says output failed: $opts"
  done
  # And lede-index's --dry-run and --json.
  mkdir -p "$T/full"
  printf 'Gulls nested on the pier.\n' >"$T/full/g.txt"
  for opts in "--dry-run" "--json --index $T/full-idx"; do
    "$LEDE_INDEX_BIN" $opts "$T/full" >/dev/full 2>"$T/full.err" && rc=0 || rc=$?
    expect_rc 2 "lede-index stdout full: $opts"
    expect_contains "$(cat "$T/full.err")" "writing the output" "lede-index says output failed: $opts"
  done
fi

# The man page and the completion script exist and cover the options.
expect_contains "$(cat "$LEDE_SRC/docs/lede-query.1")" ".TH LEDE-QUERY 1" "man page"
run bash -c ". '$LEDE_SRC/scripts/completion/lede.bash' && complete -p lede-query lede-index"
expect_rc 0 "completion loads"
expect_contains "$out" "lede-query" "completion for lede-query"
expect_contains "$out" "lede-index" "completion for lede-index"
finish
