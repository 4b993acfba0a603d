# Searches after a deletion, when a word or a field is in every sentence:
# Xapian 1.4 reads such a term from the database's list of all documents in
# a search that weighs nothing (counts, timelines, the keyed order of a
# field-only query), and that list fails past its first chunk once a deleted
# document left a gap in the docids ("Unexpected end of posting list"): the
# index was then called damaged, and a rebuild mended it only until the next
# deletion (QA).
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"

mkdir -p news
for i in $(seq 1 300); do
  printf -- '---\ntitle: Kestrel count %d\nsource: Wire\ndate: 2024-%02d-%02d\n---\nItem %d about kestrels.\n' \
    "$i" $((i % 12 + 1)) $((i % 28 + 1)) "$i" >"news/k$i.txt"
done
"$LEDE_INDEX_BIN" --quiet --index idx news || bad "first build"
rm news/k7.txt
"$LEDE_INDEX_BIN" --quiet --index idx news || bad "update after a deletion"
export LEDE_INDEX="$T/idx"

check() {
  run "$LEDE_QUERY_BIN" --json "$@"
  expect_rc 0 "$*: status"
  expect_not_contains "$err" "damaged" "$*: no damage reported"
}
for args in "kestrels" "item kestrels" "--sort date kestrels" "-C 1 kestrels" \
  "--per-article 0 kestrels" "--all kestrels" "--offset 20 kestrels" "--explain kestrels" \
  "--source Wire kestrels" "--under news kestrels" "--since 2024-02 kestrels" \
  "source:wire" "title:kestrel" "date:2024" "source:wire --sort date" \
  "--count kestrels" "--count item about" "--count source:wire" \
  "--timeline month kestrels" "--timeline year source:wire"; do
  check $args
done
run "$LEDE_QUERY_BIN" --json --count kestrels
expect_contains "$out" '"passages":299' "every sentence but the deleted one counted"
run "$LEDE_QUERY_BIN" --json --timeline year kestrels
expect_contains "$out" '"total":299' "the timeline counts them too"
run "$LEDE_QUERY_BIN" --json -n 300 --per-article 0 kestrels
expect_eq "$(printf '%s' "$out" | grep -o '"path":"[^"]*"' | grep -c 'k7\.txt"')" "0" "the deleted file is no hit"
printf '%s\n' kestrels "item about" "source:wire" | run "$LEDE_QUERY_BIN" --batch
expect_rc 0 "--batch"
expect_not_contains "$err" "damaged" "--batch: no damage reported"
finish
