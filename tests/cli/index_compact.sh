# lede-index --compact: an index updated round after round (articles added,
# corrected, removed, as an archive is day after day) is larger than a fresh
# build of the same files; --compact rewrites it beside itself and swaps it
# in. It must hold exactly what it held (answers, counts, statistics,
# spelling data), be smaller, keep answering while it runs and after a kill
# at any moment, and the next updates must work on it.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
SPELLING="$LEDE_BIN/../tests/spelling_words"

# day DIR N FIRST SEED: writes articles FIRST..FIRST+N-1 into DIR, a few
# sentences each, and corrects (rewrites) 3 and removes 1 of the earlier
# ones in the archive.
day() {
  python3 - "$@" <<'PY'
import glob, os, random, sys
d, n, first, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed)
words = ("tariff harbour minister grain pipeline senate drought merger bond cocoa "
         "copper shipping refinery wheat budget").split()
old = sorted(glob.glob("archive/*/*.txt"))
os.makedirs(d, exist_ok=True)
for i in range(first, first + n):
    body = "\n\n".join(
        f"The {rnd.choice(words)} report {i} part {j} mentions {rnd.choice(words)} "
        f"and zq{i}w{j} with {rnd.choice(words)} figures."
        for j in range(rnd.randint(3, 8)))
    with open(os.path.join(d, f"a{i:04d}.txt"), "w") as f:
        f.write(f"---\ntitle: {rnd.choice(words).title()} report {i}\n"
                f"date: 2023-11-{1 + i % 28:02d}\n---\n{body}\n")
if len(old) > 8:
    *corrected, removed = rnd.sample(old, 4)
    for p in corrected:
        with open(p, "a") as f:
            f.write(f"\nThis report was corrected on day {seed}: the {rnd.choice(words)} figure.\n")
    os.remove(removed)
PY
}

# state IDX: documents and statistics of both databases, every term with
# its frequencies, and the spelling data (as index_crash.sh's state, wider).
state() {
  local kind
  for kind in sentences articles; do
    xapian-delve "$1/current/$kind" | grep -E "number of documents|average document length|total document length"
    xapian-delve -1 -v -a "$1/current/$kind" | tail -n +2
  done
  "$SPELLING" "$1"
}

# answers IDX: the answers to a few queries (JSON, paths as given), counts
# and what --stats says, but the size and time.
answers() {
  local q
  for q in report "tariff figures" "title:wheat" zq17w2 "corrected" "harbour NEAR grain"; do
    "$LEDE_QUERY_BIN" --index "$1" --json --limit 20 "$q"
    "$LEDE_QUERY_BIN" --index "$1" --json --limit 5 --per-article 0 --sort date "$q"
    "$LEDE_QUERY_BIN" --index "$1" --count "$q"
  done
  "$LEDE_QUERY_BIN" --index "$1" --stats --json | python3 -c '
import json, sys
j = json.load(sys.stdin)
for k in ("bytes", "updated", "index", "indexes"):
    j.pop(k, None)
print(json.dumps(j, sort_keys=True))'
}

size() { du -sb "$1/current/" | cut -f1; }

# An archive of 14 days, one lede-index run a day (the first, 40 articles,
# builds a new index; the others update it).
mkdir archive
for d in $(seq 1 14); do
  day "archive/d$d" $((d == 1 ? 40 : 25)) $((d * 100)) "$d"
  "$LEDE_INDEX_BIN" --quiet --index aged archive || bad "day $d's run"
done
"$LEDE_INDEX_BIN" --quiet --index fresh archive || bad "a fresh build of the archive"
state fresh >fresh.state
state aged >aged.state
expect_eq "$(diff fresh.state aged.state | head -5)" "" "the updated index holds what a fresh build does"
answers aged >before.answers
expect_eq "$(answers fresh | diff - before.answers | head -5)" "" "the updated index answers as a fresh build"
aged_size=$(size aged) fresh_size=$(size fresh)
[ "$aged_size" -gt $((fresh_size * 13 / 10)) ] && ok ||
  bad "the updated index ($aged_size bytes) is not 30 % larger than a fresh build ($fresh_size): this test measures nothing"
old_pair=$(readlink aged/current)

# Compacted: the same contents, smaller, in a new pair; the old one gone.
run "$LEDE_INDEX_BIN" --index aged --compact
expect_rc 0 "--compact"
expect_contains "$err" "lede-index: aged: compacted from " "--compact says what it did"
expect_contains "$err" "0 added, 0 updated, 0 removed" "--compact with nothing to update updates nothing"
new_size=$(size aged)
[ "$new_size" -le $((fresh_size * 11 / 10)) ] && ok ||
  bad "compacted: $new_size bytes, a fresh build $fresh_size (before: $aged_size)"
[ "$(readlink aged/current)" != "$old_pair" ] && ok || bad "--compact: current still names $old_pair"
expect_eq "$(ls aged | tr '\n' ' ')" "current $(readlink aged/current) lock " "--compact leaves one pair, no marker"
state aged >compact.state
expect_eq "$(diff aged.state compact.state | head -5)" "" "compacted: the same documents, statistics and spelling data"
expect_eq "$(answers aged | diff before.answers - | head -5)" "" "compacted: the same answers, counts and stats"
# xapian-check finds both databases sound.
for kind in sentences articles; do
  run xapian-check "aged/current/$kind"
  expect_rc 0 "compacted $kind database passes xapian-check"
done

# The next days update the compacted index as any other.
for d in 15 16; do
  day "archive/d$d" 25 $((d * 100)) "$d"
  run "$LEDE_INDEX_BIN" --index aged --json archive
  expect_rc 0 "day $d after --compact"
done
expect_eq "$(json 'j["added"], j["updated"], j["removed"]')" "(25, 3, 1)" "an update after --compact: what changed"
rm -rf fresh
"$LEDE_INDEX_BIN" --quiet --index fresh archive || bad "a fresh build after day 16"
state fresh >fresh.state
expect_eq "$(state aged | diff fresh.state - | head -5)" "" "updated after --compact: what a fresh build holds"

# With changes to make, --compact updates first, then compacts them too.
day archive/d17 25 1700 17
run "$LEDE_INDEX_BIN" --index aged --json --compact archive
expect_rc 0 "--compact with an update"
expect_eq "$(json 'j["added"], j["updated"], j["removed"]')" "(25, 3, 1)" "--compact with an update: the update"
rm -rf fresh
"$LEDE_INDEX_BIN" --quiet --index fresh archive || bad "a fresh build after day 17"
state fresh >fresh.state
expect_eq "$(state aged | diff fresh.state - | head -5)" "" "--compact with an update: what a fresh build holds"
run "$LEDE_QUERY_BIN" --index aged --count zq1702w1
expect_contains "$out" "1 passage in" "--compact with an update: the new articles answer"

# Queries keep working while it compacts: each answers as before.
answers aged >before.answers
"$LEDE_QUERY_BIN" --index aged --json --limit 20 report >report.json
for round in 1 2 3; do
  "$LEDE_INDEX_BIN" --quiet --index aged --compact &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    run "$LEDE_QUERY_BIN" --index aged --json --limit 20 report
    [ "$rc" = 0 ] && [ "$out" = "$(cat report.json)" ] && ok ||
      bad "a query while compacting (round $round): exit $rc, $err"
  done
  wait "$pid" || bad "--compact beside queries (round $round)"
done

# Killed at any moment (SIGKILL), the index answers as before; the next run
# leaves one pair and the same contents. Under strace each rename and
# unlink (a table's version file, the link published, the old pair's
# files) waits 0.3 s, so that the kills land while the new pair is written,
# before the link names it and while the old pair is being removed.
if strace -f -o /dev/null true 2>/dev/null; then
  slow() { strace -f -qq -o /dev/null -e trace=rename,unlink -e inject=rename,unlink:delay_enter=300000 "$@"; }
  times="0.45 0.9 1.4 2.0 2.6 2.9 3.2 4.0 5.3 6.0" timed=1
else
  echo "index_compact: no strace here: the kills are not timed against the renames"
  [ "${CI:-}" = true ] && bad "CI=true: this test needs strace"
  slow() { "$@"; }
  times="0.01 0.03 0.06 0.1" timed=0
fi
state aged >before.state
left=0
for t in $times; do
  slow "$LEDE_INDEX_BIN" --quiet --index aged --compact >/dev/null 2>&1 &
  spid=$!
  sleep "$t"
  pid=$(pgrep -P "$spid" || echo "$spid")
  kill -9 "$pid" 2>/dev/null
  wait "$spid" 2>/dev/null
  [ "$(ls aged | grep -c '^db-')" -gt 1 ] && left=$((left + 1))
  run "$LEDE_QUERY_BIN" --index aged --json --limit 20 report
  [ "$rc" = 0 ] && [ "$out" = "$(cat report.json)" ] && ok ||
    bad "--compact killed after $t s: the query: exit $rc, $err"
  expect_eq "$(state aged | diff before.state - | head -3)" "" "--compact killed after $t s: the contents"
done
if [ "$timed" = 1 ]; then
  [ "$left" -ge 4 ] && ok || bad "only $left kills of --compact left a second pair: the kills missed the compaction"
fi
run "$LEDE_INDEX_BIN" --index aged --json
expect_rc 0 "the run after the kills"
expect_eq "$(json 'j["added"], j["updated"], j["removed"]')" "(0, 0, 0)" "after the kills: nothing to redo"
expect_eq "$(ls aged | tr '\n' ' ')" "current $(readlink aged/current) lock " "after the kills: one pair left"
expect_eq "$(answers aged | diff before.answers - | head -5)" "" "after the kills: the same answers"

# --compact --watch: compacts after the first update, then watches.
"$LEDE_INDEX_BIN" --index aged --compact --watch >watch.out 2>watch.err &
pid=$!
for _ in $(seq 1 100); do
  grep -q "watching" watch.err && break
  sleep 0.1
done
expect_contains "$(cat watch.err)" "compacted from " "--compact --watch compacts first"
day archive/d18 2 1800 18
for _ in $(seq 1 50); do
  "$LEDE_QUERY_BIN" --index aged --count zq1801w1 >/dev/null 2>&1 && break
  sleep 0.1
done
run "$LEDE_QUERY_BIN" --index aged --count zq1801w1
expect_contains "$out" "1 passage in" "--compact --watch: a new file is indexed"
kill -TERM "$pid"
wait "$pid"
expect_eq "$?" "0" "--compact --watch stops on SIGTERM"
rm -rf fresh
"$LEDE_INDEX_BIN" --quiet --index fresh archive || bad "a fresh build after day 18"
expect_eq "$(state aged | diff <(state fresh) - | head -5)" "" "--compact --watch: what a fresh build holds"

# Combinations that make no sense are refused.
run "$LEDE_INDEX_BIN" --index aged --compact --dry-run archive
expect_rc 2 "--compact --dry-run"
expect_contains "$err" "cannot be used together" "--compact --dry-run says why"
finish
