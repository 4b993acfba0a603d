# Hostile queries: deep nesting, thousands of terms, wildcard explosions,
# bytes that are not UTF-8, control characters. Each must end within 10 s of
# CPU time (ASan build; 20 times that under scripts/dev/valgrind; CPU time, not
# elapsed, so that a loaded host does not fail it) with an answer (exit 0 or 1,
# valid JSON) or a clear error (exit 2 and a message), never a crash; a
# wildcard that stands for too many words is bounded and says so, once.
# Timings are printed.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir -p docs
python3 - <<'PY'
# 3,000 words starting with "w" (a wildcard explosion), in 300 sentences.
words = ["w%04d%s" % (i, "abcdefghij"[i % 10]) for i in range(3000)]
with open("docs/wild.txt", "w") as f:
    for k in range(0, 3000, 10):
        f.write("The harbour report lists %s.\n\n" % " ".join(words[k:k + 10]))
PY
cp "$LEDE_SRC"/corpus/*.txt docs/
"$LEDE_INDEX_BIN" --quiet --index idx docs || bad "indexing the hostile-query corpus"
calc() { awk "BEGIN { print ($1) }"; }
limit=10
[ -n "${LEDE_UNDER_VALGRIND:-}" ] && limit=200

# cpu FILE CMD...: runs CMD, its exit status kept, and writes the CPU time
# (user + system) it and its children used to FILE.
cpu() {
  python3 -c 'import resource, subprocess, sys
rc = subprocess.run(sys.argv[2:]).returncode
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write("%.2f" % (u.ru_utime + u.ru_stime))
sys.exit(rc if rc >= 0 else 128 - rc)' "$@"
}

# ask WHAT QUERY...: runs lede-query --json; checks it uses at most $limit s
# of CPU with a valid answer or a clear error, and prints its times.
ask() {
  local what=$1
  shift
  local t0 secs used
  t0=$(date +%s.%N)
  run cpu "$T/cpu" timeout $((limit * 6)) "$LEDE_QUERY_BIN" --index idx --json --context 1 --per-article 0 "$@"
  secs=$(calc "$(date +%s.%N) - $t0")
  used=$(cat "$T/cpu")
  echo "hostile_queries: $what: exit $rc in $secs s ($used s of CPU)"
  if [ "$(calc "$used <= $limit")" = 1 ]; then ok; else bad "$what: took $used s of CPU (limit $limit s)"; fi
  case "$rc" in
    0 | 1)
      if printf '%s' "$out" | python3 -c 'import json,sys; json.loads(sys.stdin.buffer.read().decode("utf-8"))'; then
        ok
      else
        bad "$what: the answer is not valid JSON: ${out:0:300}"
      fi
      ;;
    2) if [ -n "$err" ]; then ok; else bad "$what: exit 2 without a message"; fi ;;
    124) bad "$what: still running after $((limit * 6)) s" ;;
    *) bad "$what: exit $rc (crash?): ${err:0:600}" ;;
  esac
  expect_not_contains "$err" "terminate called" "$what: no uncaught C++ exception"
}

nest() { python3 -c 'import sys; n=int(sys.argv[1]); print("("*n + sys.argv[2] + ")"*n)' "$@"; }
ask "parentheses nested 100 deep" "$(nest 100 'harbour AND w0001b')"
ask "parentheses nested 10,000 deep" "$(nest 10000 harbour)"
ask "parentheses nested 50,000 deep" "$(nest 50000 harbour)"
ask "50,000 opening parentheses" "$(python3 -c 'print("(" * 50000 + "harbour")')"
ask "50,000 closing parentheses" "$(python3 -c 'print("harbour" + ")" * 50000)')"
ask "nested NOT/AND 2,000 deep" "$(python3 -c 'print("harbour AND (NOT " * 2000 + "x" + ")" * 2000)')"
ask "5,000 terms" "$(python3 -c 'print(" ".join("w%04d%s" % (i, "abcdefghij"[i % 10]) for i in range(0, 3000, 3)) + " harbour" * 4000)')"
ask "5,000 terms joined by AND" "$(python3 -c 'print(" AND ".join(["harbour"] * 5000))')"
ask "a 2,000-word phrase" "\"$(python3 -c 'print(" ".join(["harbour report"] * 1000))')\""
ask "2,000 NEAR operators" "$(python3 -c 'print(" NEAR ".join(["harbour"] * 2000))')"
ask "a 100,000-byte word" "$(python3 -c 'print("x" * 100000)')"

# Wildcards: bounded, with a message.
ask "one wildcard over 3,000 words" "w*"
expect_rc 0 "w* finds passages"
expect_contains "$(json 'j.get("warning", "")')" "'w*' matches 30" "w* says how many words it matched"
expect_eq "$(json 'len(j["hits"])')" "10" "w* gives the default number of hits"
ask "the same wildcard three times" "w* w* w*"
expect_eq "$(json 'j.get("warning", "").count("matches")')" "1" "a repeated wildcard is reported once"
ask "500 wildcards over 3,000 words" "$(python3 -c 'print(" ".join(["w*"] * 500))')"
expect_contains "$(json 'j.get("warning", "")')" "500 wildcards, more than 50" "too many wildcards: bounded, and said"
ask "2,000 different wildcards" "$(python3 -c 'print(" ".join("w%03d*" % i for i in range(300)) + " w*" * 1700)')"
ask "a bare star" "*"
ask "title and source wildcards" "title:w* source:* place:*"

# Bytes that are not UTF-8 and control characters in the query.
ask "invalid UTF-8" "$(printf 'harbour \xff\xfe \xc3 \xed\xa0\x80 w0001b')"
ask "control characters" "$(printf 'harbour\x01\x02\x1b[31m\x7f w0001b')"
ask "only punctuation" '!!! ??? ... ((( ))) """'
expect_contains "$(json 'j.get("warning", "")')" "the query holds no word to search" "punctuation alone: said, not a silent nothing"
ask "a wildcard matching nothing" "zzzqx*"
expect_eq "$(json 'j.get("warning", "")')" "'zzzqx*' matches no indexed word" "a wildcard that matches nothing: said so"
ask "only stop words" "the and of to"

# A query longer than 64 KiB (LEDE_QUERY_MAX) is refused at once, with its
# length, rather than matched for minutes; in --batch only that line is.
ask "a 70,000-byte query" "$(python3 -c 'print("oil " * 17500, end="")')"
expect_rc 2 "a 70,000-byte query is refused"
expect_contains "$err" "the query is 70000 bytes long, more than the 65536 a query may be" "says why"
python3 -c 'print("harbour"); print("oil " * 17500); print("harbour")' >"$T/long.txt"
run "$LEDE_QUERY_BIN" --index idx --batch --json <"$T/long.txt"
expect_eq "$(printf '%s\n' "$out" | python3 -c '
import json, sys
print(" ".join(str(bool(json.loads(l).get("error"))) + "/" + str(len(json.loads(l)["hits"])) for l in sys.stdin))')" \
  "False/3 True/0 False/3" "--batch: the long line alone is refused"
# More than 1,000 words (LEDE_QUERY_WORDS_MAX), however short: refused at
# once (10,000 words took 40 s); 1,000 are searched.
ask "1,001 words" "$(python3 -c 'print("oil " * 1001, end="")')"
expect_rc 2 "1,001 words are refused"
expect_contains "$err" "the query has 1001 words, more than the 1000 a query may have" "says why"
ask "1,000 words" "$(python3 -c 'print("harbour " * 1000, end="")')"
expect_rc 0 "1,000 words are searched"
finish
