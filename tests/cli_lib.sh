# cli_lib.sh - sourced by every command-line test. Provides a scratch folder,
# the programs, and assertions that print what the user would have seen.
# Each test script ends with `finish`, which prints "N passed, N failed".
set -u
: "${LEDE_BIN:?set LEDE_BIN to the folder holding lede-index and lede-query}"
: "${LEDE_SRC:?set LEDE_SRC to the source tree}"
LEDE_INDEX_BIN="$LEDE_BIN/lede-index"
LEDE_QUERY_BIN="$LEDE_BIN/lede-query"
T=$(mktemp -d "${TMPDIR:-/tmp}/lede-test.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
unset LEDE_INDEX NO_COLOR
# What the caller's terminal is does not change what a test sees: the
# tests that run the programs on a terminal (a pty) expect colour.
export TERM=xterm
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# run CMD...: runs a command, keeping stdout in $out, stderr in $err, status in $rc.
run() {
  out=$("$@" 2>"$T/.stderr") && rc=0 || rc=$?
  err=$(cat "$T/.stderr")
}

# expect_rc N WHAT: the last run's exit status is N.
expect_rc() {
  if [ "$rc" -eq "$1" ]; then ok; else bad "$2: exit status $rc, want $1 (stderr: $err)"; fi
}

# expect_contains HAYSTACK NEEDLE WHAT
expect_contains() {
  case "$1" in
    *"$2"*) ok ;;
    *) bad "$3: output does not contain '$2'. Output was: ${1:0:600}" ;;
  esac
}

# expect_not_contains HAYSTACK NEEDLE WHAT
expect_not_contains() {
  case "$1" in
    *"$2"*) bad "$3: output contains '$2'" ;;
    *) ok ;;
  esac
}

# expect_eq GOT WANT WHAT
expect_eq() {
  if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', want '$2'"; fi
}

# json EXPR: evaluates a Python expression over the JSON in $out (bound to j).
json() {
  printf '%s' "$out" | python3 -c '
import json, sys
j = json.loads(sys.stdin.read())
v = eval(sys.argv[1])
print(v if not isinstance(v, (dict, list)) else json.dumps(v, ensure_ascii=False))
' "$1"
}

# index_corpus DIR: builds an index of the shipped corpus into DIR.
index_corpus() {
  "$LEDE_INDEX_BIN" --quiet --index "$1" "$LEDE_SRC/corpus" || bad "indexing corpus/ into $1 failed"
}

# need_strace NAME: ends the test NAME, saying so, when strace is missing or
# cannot trace here (a failure only under CI=true).
need_strace() {
  strace -f -o /dev/null true 2>/dev/null && return 0
  echo "$1: NOT RUN: strace is missing or cannot trace here"
  [ "${CI:-}" = true ] && bad "CI=true: this test needs strace"
  finish
  exit
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
