# Kills lede-index with SIGKILL at several points of a build, an update and
# a rebuild of a few hundred generated articles. After each kill the index
# answers queries; the next run repairs it to exactly what a clean build
# gives: the same sentences, each once, and no article left over.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"

# gen DIR N SEED: writes N articles of a few sentences each.
gen() {
  python3 - "$@" <<'PY'
import os, random, sys
d, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
words = "tariff harbour minister grain pipeline senate drought merger bond cocoa".split()
os.makedirs(d, exist_ok=True)
for i in range(n):
    k = rnd.randint(2, 9)
    body = "\n\n".join(
        f"The {rnd.choice(words)} report number {i} part {j} mentions zq{i}x{seed} and {rnd.choice(words)}."
        for j in range(k))
    sub = os.path.join(d, f"s{i % 7}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"a{i:04d}.txt"), "w") as f:
        f.write(f"---\ntitle: Report {i}\ndate: 2023-11-{1 + i % 28:02d}\n---\n{body}\n")
PY
}

# state IDX: what the index holds: sentences, every article term with its
# frequency there (the article's sentences), then the same of the articles
# database (one document each), and every article's unique word zq<i>x<seed>
# (its stem, Zzq...: the index holds stems) with its frequency (its
# sentences): a sentence indexed twice shows in both.
state() {
  local db="$1/current"
  for kind in sentences articles; do
    xapian-delve "$db/$kind" | grep "number of documents"
    xapian-delve -1 -v -A A "$db/$kind" | tail -n +2
  done
  xapian-delve -1 -v -A Zzq "$db/sentences" | tail -n +2
}

# kill_at SECONDS ARGS...: runs lede-index, kills it after SECONDS.
kill_at() {
  local t="$1"
  shift
  "$LEDE_INDEX_BIN" --quiet "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$t"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

# answers IDX WHAT: a query runs without error (hits or none).
answers() {
  run "$LEDE_QUERY_BIN" --index "$1" --json report
  if [ "$rc" -le 1 ]; then ok; else bad "$2: query failed after a kill (exit $rc): $err"; fi
}

gen corpus 300 1
"$LEDE_INDEX_BIN" --quiet --jobs 1 --index clean corpus || bad "clean build"
state clean >clean.state
# Every sentence belongs to one article, and every article has one document.
expect_eq "$(awk '/^number/ {k++} k == 1 && /^A/ {n += $2} END {print n}' clean.state)" "$(head -1 clean.state | awk '{print $NF}')" "clean build: every sentence belongs to one article"
expect_eq "$(awk '/^number/ {k++; if (k == 2) print $NF}' clean.state)" "$(awk '/^number/ {k++} k == 2 && /^A/ {n++} END {print n}' clean.state)" "clean build: one document per article"

# 1. The first build in one process: staged like a parallel one (committing
# every few articles into a database that is not yet live), so a kill leaves
# an empty but working index and the next run builds it whole. (Killed
# updates, section 3, leave some articles in and the rest out.)
export LEDE_INDEX_BATCH=4000
for t in 0.05 0.3 0.6 1.0 1.5; do
  kill_at "$t" --jobs 1 --index idx corpus
  # Killed before it created the index, there is nothing to query yet.
  if [ -L idx/current ]; then answers idx "build killed after $t s"; fi
done
run "$LEDE_INDEX_BIN" --jobs 1 --index idx corpus
expect_rc 0 "repairing run after kills"
state idx >idx.state
expect_eq "$(diff clean.state idx.state | head -5)" "" "killed single-process build converges to the clean build"
expect_eq "$(ls idx | grep -c '^tmp-\|^db-')" "1" "no leftover databases after killed single-process builds"
run "$LEDE_INDEX_BIN" --json --index idx
expect_eq "$(json 'j["added"], j["updated"], j["removed"], j["unchanged"]')" "(0, 0, 0, 300)" "then nothing left to do"

# 2. The parallel first build (workers, shards, merge): killed, it leaves
# an empty but working index; the next run builds it whole.
for t in 0.1 0.5 1.2; do
  rm -rf pidx
  kill_at "$t" --jobs 2 --index pidx corpus
  if [ -L pidx/current ]; then answers pidx "parallel build killed after $t s"; fi
  # Killed before its shards were merged: the index is empty and says why.
  if [ -L pidx/current ] && ls pidx | grep -q '^tmp-' && [ "$rc" = 1 ]; then
    expect_contains "$out" "the first build of the index at pidx was interrupted" "an interrupted parallel build says so after $t s"
  fi
  run "$LEDE_INDEX_BIN" --jobs 2 --index pidx corpus
  expect_rc 0 "repairing parallel build killed after $t s"
  state pidx >pidx.state
  expect_eq "$(diff clean.state pidx.state | head -5)" "" "parallel build killed after $t s converges"
  expect_eq "$(ls pidx | grep -c '^tmp-\|^db-')" "1" "no leftover shards or databases after $t s"
done

# 3. An update: a third of the articles changed, some removed, some new.
gen corpus2 300 1
python3 - <<'PY'
import glob, os
files = sorted(glob.glob("corpus2/*/*.txt"))
for i, f in enumerate(files):
    if i % 3 == 0:
        with open(f, "a") as h:
            h.write("\nA correction was added to this report later.\n")
    elif i % 11 == 0:
        os.remove(f)
PY
gen corpus2/new 40 2
rm -rf clean2
"$LEDE_INDEX_BIN" --quiet --jobs 1 --index clean2 corpus2 || bad "clean build 2"
state clean2 >clean2.state
cp -r idx idx2
# idx2 indexed corpus/; point it at corpus2 by moving the folder over.
rm -rf corpus.bak && mv corpus corpus.bak && cp -r corpus2 corpus
rm -rf clean2
"$LEDE_INDEX_BIN" --quiet --jobs 1 --index clean2 corpus || bad "clean build of the changed corpus"
state clean2 >clean2.state
for t in 0.05 0.3 0.6 1.0; do
  kill_at "$t" --jobs 1 --index idx2
  answers idx2 "update killed after $t s"
done
run "$LEDE_INDEX_BIN" --jobs 1 --index idx2
expect_rc 0 "repairing update"
state idx2 >idx2.state
expect_eq "$(diff clean2.state idx2.state | head -5)" "" "killed update converges to the clean build"

# 4. --rebuild killed at any point leaves the old index answering; the next
# rebuild completes.
for t in 0.1 0.5 1.0; do
  kill_at "$t" --rebuild --jobs 2 --index idx2
  answers idx2 "rebuild killed after $t s"
  state idx2 >idx2.state
  expect_eq "$(diff clean2.state idx2.state | head -3)" "" "rebuild killed after $t s: old index intact"
done
run "$LEDE_INDEX_BIN" --rebuild --index idx2
expect_rc 0 "rebuild"
state idx2 >idx2.state
expect_eq "$(diff clean2.state idx2.state | head -5)" "" "rebuild equals the clean build"
finish
