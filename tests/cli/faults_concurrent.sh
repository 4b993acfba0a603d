# Contention: two query loops (JSON, JSONL, wildcards, filters, context) run
# while lede-index builds an index from nothing, updates it (changed, added
# and deleted files), and rebuilds it; every answer must be complete, valid
# JSON, and no query may fail once the index exists. Then two writers start
# at the same moment on different folders: both must finish (the second
# waits) or the second must fail clearly, and the index must hold exactly
# what a clean build of both folders holds. A writer killed with SIGKILL
# must not leave the index locked.
# (tests/cli/index_lock.sh covers waiting and --no-wait messages in detail.)
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
python3 - <<'PY'
import os
for i in range(400):
    d = "c%d/s%d" % (i % 2, i % 5)
    os.makedirs(d, exist_ok=True)
    with open("%s/a%03d.txt" % (d, i), "w") as f:
        f.write("---\ndate: 2023-%02d-%02d\nsource: src%d\n---\n" % (1 + i % 12, 1 + i % 28, i % 3))
        f.write(" ".join("Report %d item %d notes harbour%d cargo and shipping." % (i, j, i % 10)
                         for j in range(8)))
PY
export LEDE_INDEX_BATCH=4000 # commit often: more moments for a reader to meet

# query_loop NAME ARGS...: runs lede-query --index idx ARGS until the file
# stop exists, keeping each answer; prints "runs failures". A failure is exit
# status 2 after the index first answered, or any status above 2.
query_loop() {
  local name=$1 n=0 fails=0 seen=0 rc
  shift
  mkdir -p "out-$name"
  while [ ! -e stop ]; do
    "$LEDE_QUERY_BIN" --index idx "$@" >"out-$name/$n" 2>"out-$name/$n.err"
    rc=$?
    if [ "$rc" -le 1 ]; then
      seen=1
    elif [ "$rc" -gt 2 ] || [ "$seen" = 1 ] || ! grep -q "no index at" "out-$name/$n.err"; then
      fails=$((fails + 1))
      echo "query_loop $name: run $n: exit $rc: $(head -c 300 "out-$name/$n.err")" >&2
    fi
    [ "$rc" -le 1 ] || rm -f "out-$name/$n" # no answer to check
    n=$((n + 1))
  done
  echo "$n $fails"
}

# check_outputs NAME MODE: every kept answer of loop NAME is valid JSON
# (MODE json: one document; jsonl: one object per line); prints the number
# of bad answers.
check_outputs() {
  python3 - "$1" "$2" <<'PY'
import json, os, sys
d, mode = "out-" + sys.argv[1], sys.argv[2]
bad = 0
for f in os.listdir(d):
    if f.endswith(".err"):
        continue
    data = open(os.path.join(d, f), "rb").read().decode("utf-8")
    try:
        if mode == "json":
            j = json.loads(data)
            assert isinstance(j["hits"], list)
        else:
            for line in data.splitlines():
                assert "rank" in json.loads(line)
    except Exception as e:
        bad += 1
        print("bad answer %s/%s: %r: %s" % (d, f, data[:200], e), file=sys.stderr)
print(bad)
PY
}

rm -f stop
query_loop json --json --limit 5 --context 2 "harbour3 cargo" >loop-json &
q1=$!
query_loop jsonl --jsonl --since 2023-03-01 --source src1 --sort date "harb* OR shipping" >loop-jsonl &
q2=$!
"$LEDE_INDEX_BIN" --quiet --index idx c0 c1 || bad "first build during queries"
# An update: change some files, add some, delete some.
for f in c0/s0/*.txt; do printf ' An added sentence about harbour3.' >>"$f"; done
rm -f c1/s1/*.txt
mkdir -p c1/new && for i in 1 2 3 4 5; do printf 'New harbour3 article %d.\n' "$i" >"c1/new/n$i.txt"; done
"$LEDE_INDEX_BIN" --quiet --index idx || bad "update during queries"
"$LEDE_INDEX_BIN" --quiet --index idx --rebuild || bad "rebuild during queries"
# The indexer can be quicker than a few queries on a loaded machine: keep
# rebuilding (writing) until each loop has run a few queries meanwhile.
runs() { find "out-$1" -name '*.err' | wc -l; }
for round in $(seq 1 20); do
  [ "$(runs json)" -gt 4 ] && [ "$(runs jsonl)" -gt 4 ] && break
  "$LEDE_INDEX_BIN" --quiet --index idx --rebuild || bad "rebuild $round during queries"
done
touch stop
wait "$q1" "$q2"
read -r n1 f1 <loop-json
read -r n2 f2 <loop-jsonl
echo "faults_concurrent: $n1 + $n2 queries during build, update and rebuild; $f1 + $f2 failed"
expect_eq "$((f1 + f2))" "0" "failed queries while the index was written"
expect_eq "$(check_outputs json json)" "0" "invalid JSON answers"
expect_eq "$(check_outputs jsonl jsonl)" "0" "invalid JSONL answers"
if [ "$n1" -gt 3 ] && [ "$n2" -gt 3 ]; then ok; else bad "too few queries ran ($n1, $n2)"; fi

# The result equals a clean build of the same files.
"$LEDE_INDEX_BIN" --quiet --index clean c0 c1 || bad "clean build"
count() { "$LEDE_QUERY_BIN" --index "$1" --json --limit 10000 "$2" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["hits"]))'; }
for q in harbour3 "added sentence" cargo; do
  expect_eq "$(count idx "$q")" "$(count clean "$q")" "after update and rebuild: matches for '$q'"
done

# Two writers at the same moment, on different folders.
rm -rf both && mkdir -p d1 d2
cp -r c0 d1/ && cp -r c1 d2/
"$LEDE_INDEX_BIN" --quiet --index both d1 >w1.out 2>w1.err &
p1=$!
"$LEDE_INDEX_BIN" --quiet --index both d2 >w2.out 2>w2.err &
p2=$!
wait "$p1"
r1=$?
wait "$p2"
r2=$?
echo "faults_concurrent: two writers at once: exit $r1 and $r2"
for r in "1 $r1" "2 $r2"; do
  set -- $r
  case "$2" in
    0) ok ;;
    2) expect_contains "$(cat "w$1.err")" "lock" "writer $1 failed with a clear message" ;;
    *) bad "writer $1: exit $2: $(cat "w$1.err")" ;;
  esac
done
[ "$r1" = 0 ] || "$LEDE_INDEX_BIN" --quiet --index both d1 || bad "writer 1 again"
[ "$r2" = 0 ] || "$LEDE_INDEX_BIN" --quiet --index both d2 || bad "writer 2 again"
"$LEDE_INDEX_BIN" --quiet --index clean2 d1 d2 || bad "clean build of both"
for q in harbour3 "added sentence" cargo; do
  expect_eq "$(count both "$q")" "$(count clean2 "$q")" "two writers: matches for '$q'"
done

# A writer killed with SIGKILL while it holds the index leaves no stale lock.
printf ' More about harbour7.' >>d1/c0/s2/a002.txt
"$LEDE_INDEX_BIN" --quiet --index both --rebuild &
pk=$!
sleep 0.3
kill -9 "$pk" 2>/dev/null
wait "$pk" 2>/dev/null
run timeout 60 "$LEDE_INDEX_BIN" --no-wait --index both --json
expect_rc 0 "a writer after one killed with SIGKILL"
run "$LEDE_QUERY_BIN" --index both --json "harbour7"
expect_rc 0 "the index answers after the killed writer"
finish
