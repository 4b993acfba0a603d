# Glass's block size (lib/xapian_open.cc, LEDE_BLOCK_SIZE): every way lede
# creates a pair (a new index's live writer, a staged build, a parallel
# build's merge) gives the new tables lede's size; an index keeps the size
# it was created with when updated. Read as xapian-check reports it.
. "$(dirname "$0")/../cli_lib.sh"
DEFAULT=8K # LEDE_BLOCK_SIZE, as xapian-check prints it

# block_sizes IDX: the block size of each half's postlist table ("8K 8K").
block_sizes() {
  local kind sizes=""
  for kind in sentences articles; do
    sizes="$sizes $(xapian-check "$1/current/$kind" | sed -n '/^postlist:/{n;s/^blocksize=\([0-9]*K\).*/\1/p}')"
  done
  echo $sizes
}

mkdir -p "$T/few" "$T/many"
cp "$LEDE_SRC"/corpus/*.txt "$T/few/"
for i in $(seq 1 70); do # over indexer/main.c's PARALLEL_MIN_FILES
  printf -- '---\ntitle: Note %d\n---\nThe harbour master logged vessel %d at dawn.\n' "$i" "$i" \
    >"$T/many/n$i.txt"
done

run "$LEDE_INDEX_BIN" --quiet --index "$T/live" "$T/few"
expect_rc 0 "a new small index (the live writer creates it)"
expect_eq "$(block_sizes "$T/live")" "$DEFAULT $DEFAULT" "a new index's block size"
run "$LEDE_INDEX_BIN" --quiet --jobs 2 --index "$T/par" "$T/many"
expect_rc 0 "a parallel build"
expect_eq "$(block_sizes "$T/par")" "$DEFAULT $DEFAULT" "a parallel build's merged tables"

# A build in one process is compacted as a parallel build's merge is:
# about the same size on disk (it was twice as large, its blocks part full).
python3 - "$T/size" <<'PY'
import os, random, sys
r = random.Random(3)
words = ["".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(3, 9))) for _ in range(5000)]
os.makedirs(sys.argv[1])
for i in range(400):
    text = ". ".join(" ".join(r.choice(words) for _ in range(12)).capitalize() for _ in range(10))
    open(os.path.join(sys.argv[1], "a%03d.txt" % i), "w").write(text + ".\n")
PY
run "$LEDE_INDEX_BIN" --quiet --jobs 1 --index "$T/one" "$T/size"
run "$LEDE_INDEX_BIN" --quiet --jobs 2 --index "$T/two" "$T/size"
one=$(du -sk "$T/one" | cut -f1)
two=$(du -sk "$T/two" | cut -f1)
echo "index_block_size: --jobs 1 $one kB, --jobs 2 $two kB"
expect_eq "$((one * 10 <= two * 12))" "1" "--jobs 1 builds an index about as small as --jobs 2 ($one kB, $two kB)"

# LEDE_DEV_BLOCK_SIZE (development only) tries another size on a new pair.
export LEDE_DEV_BLOCK_SIZE=4096
run "$LEDE_INDEX_BIN" --quiet --index "$T/dev" "$T/few"
expect_eq "$(block_sizes "$T/dev")" "4K 4K" "LEDE_DEV_BLOCK_SIZE, live writer"
run "$LEDE_INDEX_BIN" --quiet --rebuild --jobs 1 --index "$T/live"
expect_eq "$(block_sizes "$T/live")" "4K 4K" "LEDE_DEV_BLOCK_SIZE, staged rebuild"
run "$LEDE_INDEX_BIN" --quiet --rebuild --jobs 2 --index "$T/par"
expect_eq "$(block_sizes "$T/par")" "4K 4K" "LEDE_DEV_BLOCK_SIZE, parallel rebuild"
LEDE_DEV_BLOCK_SIZE=1000 run "$LEDE_INDEX_BIN" --quiet --index "$T/odd" "$T/few"
expect_eq "$(block_sizes "$T/odd")" "$DEFAULT $DEFAULT" "a size Glass refuses falls back to lede's"
unset LEDE_DEV_BLOCK_SIZE

# An existing index keeps its size: updated, it stays 4K and still checks.
printf -- '---\ntitle: Late\n---\nA zyxlateword arrived after the build.\n' >"$T/few/late.txt"
run "$LEDE_INDEX_BIN" --index "$T/dev"
expect_rc 0 "updating a 4K index"
expect_contains "$err" "1 added" "the new file added"
expect_eq "$(block_sizes "$T/dev")" "4K 4K" "an updated index keeps its block size"
for kind in sentences articles; do
  run xapian-check "$T/dev/current/$kind"
  expect_contains "$out" "No errors found" "xapian-check of the updated $kind"
done
run "$LEDE_QUERY_BIN" --index "$T/dev" --json zyxlateword
expect_eq "$(json 'len(j["hits"])')" "1" "the update is searchable"
# A rebuild is a new pair: it takes lede's size again.
run "$LEDE_INDEX_BIN" --quiet --rebuild --index "$T/dev"
expect_eq "$(block_sizes "$T/dev")" "$DEFAULT $DEFAULT" "a rebuild without the variable"
finish
