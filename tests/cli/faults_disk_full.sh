# A full disk: the index lives on a 3 MB tmpfs that a 1 MB ballast file
# shares; indexing more than fits must fail with a clear error (exit 2, "No
# space left"), and the previous index must still answer, unchanged. After
# the ballast is deleted (space freed), indexing succeeds again.
#
# The tmpfs is mounted directly when we may (root with CAP_SYS_ADMIN), else
# inside a user+mount namespace (unshare -rm), else writes are made to fail
# with a file size limit (ulimit -f: EFBIG instead of ENOSPC). The method used
# is printed. Nothing is skipped: one of the three always applies.
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
  limit() { (trap '' XFSZ; ulimit -f 2048; "$@"); }
fi
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
case "$err" in
  *"No space left"* | *"too large"* | *"space"*) ok ;;
  *) bad "disk full: the error does not say the disk is full: ${err:0:400}" ;;
esac
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
finish
