# A full disk: the index lives on a 3 MB tmpfs that a 1 MB ballast file
# shares; indexing more than fits must fail with a clear error (exit 2,
# "IDX: disk full"), and the previous index must still answer, unchanged.
# After the ballast is deleted (space freed), indexing succeeds again.
#
# Then builds on small tmpfs mounts of the sizes where Xapian 1.4 used to
# abort the process (std::terminate from a commit's roll-back, see
# docs/hardening.md): a staged rebuild (-j1), a parallel one (-j2) and a live
# update in small batches. Each must exit 2 with "IDX: disk full", leave the
# last committed index answering as before and no staged database or shard
# behind; once the mount is grown, the same command gives exactly what a
# clean build gives.
#
# The tmpfs is mounted directly when we may (root with CAP_SYS_ADMIN), else
# inside a user+mount namespace (unshare -rm), else writes are made to fail
# with a file size limit (ulimit -f: EFBIG instead of ENOSPC) for the first
# part, and the second part, which needs a mount, fails under CI=true and is
# reported as not run otherwise. The method used is printed.
if [ -z "${LEDE_FAULTS_NS:-}" ]; then
  probe=$(mktemp -d "${TMPDIR:-/tmp}/lede-probe.XXXXXX")
  can_mount=
  mount -t tmpfs -o size=64k tmpfs "$probe" 2>/dev/null && umount "$probe" && can_mount=1
  rmdir "$probe"
  if [ -z "$can_mount" ] && unshare -rm true 2>/dev/null; then
    LEDE_FAULTS_NS=1 exec unshare -rm bash "$0" "$@"
  fi
fi
. "$(dirname "$0")/../cli_lib.sh"

# gen_articles DIR N WORDS: N articles of about WORDS words each.
gen_articles() {
  python3 - "$@" <<'EOF'
import os, random, sys
d, n, w = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = random.Random(7)
os.makedirs(d, exist_ok=True)
vocab = ["".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(3, 9))) for _ in range(20000)]
for i in range(n):
    words = [r.choice(vocab) for _ in range(w)]
    text = ". ".join(" ".join(words[k:k + 12]).capitalize() for k in range(0, w, 12)) + ".\n"
    open(os.path.join(d, "a%05d.txt" % i), "w").write("Zebracorn report %d. %s" % (i, text))
EOF
}

MNT="$T/mnt"
mkdir -p "$MNT"
if mount -t tmpfs -o size=3m tmpfs "$MNT" 2>/dev/null; then
  method="tmpfs of 3 MB${LEDE_FAULTS_NS:+ (in a user namespace)}"
  trap 'umount "$MNT" 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
  head -c 1M /dev/zero >"$MNT/ballast"
  limit() { "$@"; }
else
  method="ulimit -f 2048 (no tmpfs allowed here)"
  limit() { (ulimit -f 2048; "$@"); }
fi
# A file size limit is a full disk to lede-index too, said as such, where
# SIGXFSZ killed it without a word (exit 153); the index it had is kept.
"$LEDE_INDEX_BIN" --quiet --index "$T/fsz" "$LEDE_SRC/corpus" || bad "an index before the limit"
gen_articles "$T/fsz-more" 400 200
run bash -c 'ulimit -f 400; exec "$@"' - "$LEDE_INDEX_BIN" --index "$T/fsz" "$T/fsz-more"
expect_rc 2 "under ulimit -f"
expect_contains "$err" "disk full" "under ulimit -f: said as a full disk"
run "$LEDE_QUERY_BIN" --index "$T/fsz" --count missile
expect_rc 0 "under ulimit -f: the index answers as before"
echo "faults_disk_full: full disk simulated with: $method"

IDX="$MNT/idx"
run "$LEDE_INDEX_BIN" --index "$IDX" "$LEDE_SRC/corpus"
expect_rc 0 "the small index fits"
run "$LEDE_QUERY_BIN" --index "$IDX" --json "Shangri-La Dialogue"
expect_rc 0 "query before the disk fills"
before=$(json 'len(j["hits"]), j["hits"][0]["text"]')

# About 6 MB of new text: more than the disk can hold once indexed.
gen_articles "$T/more" 600 1000
run limit "$LEDE_INDEX_BIN" --index "$IDX" "$T/more"
expect_rc 2 "indexing onto a full disk fails"
expect_contains "$err" "lede-index: $IDX: disk full" "the error names the index and says the disk is full"
expect_not_contains "$err" "terminate called" "no uncaught C++ exception"
expect_not_contains "$err" "AddressSanitizer" "no memory error"

# The previous index still answers, with what it held before.
run "$LEDE_QUERY_BIN" --index "$IDX" --json "Shangri-La Dialogue"
expect_rc 0 "query after the failed indexing"
expect_eq "$(json 'len(j["hits"]), j["hits"][0]["text"]')" "$before" "same answer as before"
run "$LEDE_QUERY_BIN" --index "$IDX" --json "zebracorn"
expect_rc 1 "nothing of the failed batch is visible"

# Once there is room again, indexing works and converges.
rm -f "$MNT/ballast" "$T/more"/a00[1-5]*.txt "$T/more"/a0000[2-9].txt "$T/more"/a000[1-9]?.txt
run "$LEDE_INDEX_BIN" --index "$IDX" --json "$T/more"
expect_rc 0 "indexing after space is freed"
run "$LEDE_QUERY_BIN" --index "$IDX" --json "zebracorn"
expect_rc 0 "the new articles are searchable"
run "$LEDE_QUERY_BIN" --index "$IDX" --json "Shangri-La Dialogue"
expect_eq "$(json 'len(j["hits"]), j["hits"][0]["text"]')" "$before" "old articles kept"
run "$LEDE_INDEX_BIN" --index "$IDX" --json "$T/more"
expect_eq "$(json 'j["added"], j["updated"], j["removed"]')" "(0, 0, 0)" "a rescan finds nothing left to do"

if [ "$method" = "${method#tmpfs}" ]; then
  echo "faults_disk_full: staged, parallel and live builds on a full tmpfs NOT RUN: no tmpfs can be mounted here"
  [ "${CI:-}" = true ] && bad "CI=true: the full-disk build cases need a tmpfs mount"
  finish
  exit
fi

# A file of long unique words (60 letters: their spelling entries take more
# room than a commit's estimate) on a disk with 5 MB free: Xapian fails the
# commit with an error of its own that carries no system error; the free
# space tells that the disk is full.
umount "$MNT" 2>/dev/null
mount -t tmpfs -o size=8m tmpfs "$MNT" || bad "cannot mount 8 MB"
"$LEDE_INDEX_BIN" --quiet --index "$IDX" "$LEDE_SRC/corpus" || bad "the small index fits"
mkdir -p "$T/longwords"
python3 -c '
import random, string, sys
random.seed(5)
w = lambda: "".join(random.choice(string.ascii_lowercase) for _ in range(60))
open(sys.argv[1], "w").write(". ".join(" ".join(w() for _ in range(100)).capitalize() for _ in range(60)) + ".\n")' "$T/longwords/long.txt"
head -c 2800k /dev/zero >"$MNT/ballast"
run "$LEDE_INDEX_BIN" --index "$IDX" "$T/longwords"
expect_rc 2 "long words onto a full disk: fails"
expect_contains "$err" "lede-index: $IDX: disk full (" "long words onto a full disk: says the disk is full"
run "$LEDE_QUERY_BIN" --index "$IDX" --json "Shangri-La Dialogue"
expect_rc 0 "long words onto a full disk: the index still answers"

# A new index whose first commit finds the disk full leaves nothing: no
# link, no database, no lock, not the folder it made.
umount "$MNT" 2>/dev/null
mount -t tmpfs -o size=3m tmpfs "$MNT" || bad "cannot mount 3 MB"
head -c 2600k /dev/zero >"$MNT/ballast"
run "$LEDE_INDEX_BIN" --index "$MNT/new" "$LEDE_SRC/corpus"
expect_rc 2 "a new index onto a full disk: fails"
expect_contains "$err" "disk full" "a new index onto a full disk: says so"
expect_eq "$(ls "$MNT")" "ballast" "a new index onto a full disk: nothing left behind"

# A full disk at the first batch of new files given by path: their folder
# is remembered first, so the next run with no PATH completes the work (it
# was forgotten, and that run found nothing to do).
umount "$MNT" 2>/dev/null
mount -t tmpfs -o size=32m tmpfs "$MNT" || bad "cannot mount 32 MB"
rm -rf "$IDX"
gen_articles "$T/first" 40 480
gen_articles "$T/second" 2 480
"$LEDE_INDEX_BIN" --quiet --index "$IDX" "$T/first" || bad "the first folder fits"
avail=$(df -k "$MNT" | tail -1 | awk '{print $4}')
head -c $(((avail - 1024) * 1024)) /dev/zero >"$MNT/ballast"
run "$LEDE_INDEX_BIN" --index "$IDX" "$T/second"
expect_rc 2 "new files onto a full disk: fails"
expect_contains "$err" "disk full" "new files onto a full disk: says so"
rm -f "$MNT/ballast"
run "$LEDE_INDEX_BIN" --index "$IDX" --json
expect_rc 0 "the next run with no PATH, with room"
expect_eq "$(json 'j["added"], j["unchanged"]')" "(2, 40)" "it adds the new folder's files"

# --compact without room for a second copy of the index: refused before
# anything is written, the index as it was; with room, it compacts.
pairs=$(ls "$IDX" | tr '\n' ' ')
run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 50 Zebracorn
was=$out
index_kb=$(du -sk "$IDX/current/" | cut -f1)
avail=$(df -k "$MNT" | tail -1 | awk '{print $4}')
head -c $(((avail - index_kb / 2) * 1024)) /dev/zero >"$MNT/ballast"
run "$LEDE_INDEX_BIN" --index "$IDX" --compact
expect_rc 2 "--compact on a full disk: fails"
expect_contains "$err" "lede-index: $IDX: disk full (" "--compact on a full disk: says the disk is full"
expect_eq "$(ls "$IDX" | tr '\n' ' ')" "$pairs" "--compact on a full disk: nothing written"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 50 Zebracorn
expect_eq "$out" "$was" "--compact on a full disk: the index answers as before"
rm -f "$MNT/ballast"
run "$LEDE_INDEX_BIN" --index "$IDX" --compact
expect_rc 0 "--compact with room"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 50 Zebracorn
expect_eq "$out" "$was" "--compact with room: the same answers"

# state IDX: what the index holds: the number of documents and every article
# term with its frequency, in both databases (an article indexed twice or
# half shows).
state() {
  local kind
  for kind in sentences articles; do
    xapian-delve "$1/current/$kind" | grep "number of documents"
    xapian-delve -1 -v -A A "$1/current/$kind" | tail -n +2
  done
}

gen_articles "$T/g" 300 300
C="$LEDE_SRC/corpus"
"$LEDE_INDEX_BIN" --quiet --index "$T/clean" "$C" "$T/g" || bad "clean build"
clean=$(state "$T/clean")

# full_case LABEL SIZE_MB ARGS...: on a fresh SIZE_MB tmpfs, indexes corpus/,
# then runs lede-index ARGS over corpus/ and the 300 articles: it must fail
# cleanly; after the mount grows to 64 MB the same run must succeed and give
# the clean build.
full_case() {
  local label=$1 size=$2
  shift 2
  umount "$MNT" 2>/dev/null
  mount -t tmpfs -o "size=${size}m" tmpfs "$MNT" || { bad "$label: cannot mount"; return; }
  "$LEDE_INDEX_BIN" --quiet --index "$IDX" "$C" || bad "$label: the small index fits"
  run "$LEDE_QUERY_BIN" --index "$IDX" --json "Shangri-La Dialogue"
  local was=$(json 'len(j["hits"]), j["hits"][0]["text"]')
  run "$LEDE_INDEX_BIN" --quiet --index "$IDX" "$@" "$C" "$T/g"
  expect_rc 2 "$label on ${size} MB: fails"
  expect_contains "$err" "lede-index: $IDX: disk full (" "$label on ${size} MB: says the disk is full"
  expect_not_contains "$err" "terminate called" "$label on ${size} MB: no abort"
  expect_not_contains "$err" "worker" "$label on ${size} MB: the reason, not a worker number"
  run "$LEDE_QUERY_BIN" --index "$IDX" --json "Shangri-La Dialogue"
  expect_eq "$rc $(json 'len(j["hits"]), j["hits"][0]["text"]')" "0 $was" "$label on ${size} MB: the index answers as before"
  expect_eq "$(ls "$IDX" | tr '\n' ' ')" "current db-1 lock " "$label on ${size} MB: no staged database or shard left"
  mount -o remount,size=64m tmpfs "$MNT" || bad "$label: cannot grow the mount"
  run "$LEDE_INDEX_BIN" --quiet --index "$IDX" "$@" "$C" "$T/g"
  expect_rc 0 "$label on ${size} MB: the next run, with room"
  expect_eq "$(state "$IDX")" "$clean" "$label on ${size} MB: then the index is a clean build"
}

# The sizes where Xapian aborted before (measured with this data).
for size in 3 4; do full_case "staged rebuild" "$size" --rebuild --jobs 1; done
for size in 3 6; do full_case "parallel rebuild" "$size" --rebuild --jobs 2; done
export LEDE_INDEX_BATCH=30000
for size in 3 5; do full_case "live update" "$size"; done
unset LEDE_INDEX_BATCH

# Out of inodes with space left: a new index, whose files cannot be
# created, and an update, whose new revision file cannot be, are said as a
# full disk with the inodes named (they were "locked by another writer",
# "the index is damaged ... rebuild it", or Xapian's text alone); the new
# index leaves nothing, the old one answers as before.
umount "$MNT" 2>/dev/null
mount -t tmpfs -o size=32m,nr_inodes=14 tmpfs "$MNT" || bad "cannot mount with 14 inodes"
run "$LEDE_INDEX_BIN" --quiet --index "$IDX" "$C"
expect_rc 2 "a new index out of inodes"
expect_contains "$err" "lede-index: $IDX: disk full, no free inodes (files) left (" "says so"
expect_eq "$(ls -A "$MNT")" "" "and leaves nothing"
umount "$MNT" 2>/dev/null
mount -t tmpfs -o size=32m,nr_inodes=40 tmpfs "$MNT" || bad "cannot mount with 40 inodes"
"$LEDE_INDEX_BIN" --quiet --index "$IDX" "$C" || bad "the index fits in 40 inodes"
i=0
while touch "$MNT/fill$i" 2>/dev/null; do i=$((i + 1)); done
run "$LEDE_INDEX_BIN" --quiet --index "$IDX" "$C" "$T/g"
expect_rc 2 "an update out of inodes"
expect_contains "$err" "lede-index: $IDX: disk full, no free inodes (files) left (" "says so"
run "$LEDE_QUERY_BIN" --index "$IDX" --count "Shangri-La Dialogue"
expect_rc 0 "the index answers as before"
finish
