# A file skipped for a reason of its own (empty, binary, too large) is
# reported once: later runs pass it by while it stays as it is (exit 0, no
# warning), and index it as soon as it changes into an article.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir n
printf 'Walruses crowded the northern beaches.\n' > n/good.txt
printf 'abc\000def\n' > n/bin.txt
: > n/empty.txt
run "$LEDE_INDEX_BIN" --index idx n
expect_rc 1 "first run: two files skipped"
expect_contains "$err" "n/bin.txt: binary" "the binary file reported"
expect_contains "$err" "n/empty.txt: empty" "the empty file reported"
run "$LEDE_INDEX_BIN" --index idx
expect_rc 0 "second run: nothing new to report"
expect_not_contains "$err" "bin.txt" "the binary file not reported again"
expect_not_contains "$err" "empty.txt" "the empty file not reported again"
run "$LEDE_INDEX_BIN" --index idx --json
expect_eq "$(json 'j["skipped"], j["unchanged"]')" "(0, 3)" "the skipped files count as unchanged"
run "$LEDE_QUERY_BIN" --index idx --stats --json
expect_eq "$(json 'j["files"]')" "1" "--stats counts only the file indexed"
# It becomes an article: indexed.
printf 'Narwhals were seen near the fjord.\n' > n/bin.txt
run "$LEDE_INDEX_BIN" --index idx
expect_rc 0 "a skipped file that became an article"
run "$LEDE_QUERY_BIN" --index idx --json narwhals
expect_eq "$(json 'j["hits"][0]["path"]')" "n/bin.txt" "indexed once it is an article"
# An article that becomes empty: its sentences leave, one warning, then quiet.
: > n/good.txt
run "$LEDE_INDEX_BIN" --index idx
expect_rc 1 "an article that became empty"
expect_contains "$err" "n/good.txt: empty" "reported when it happens"
run "$LEDE_QUERY_BIN" --index idx --json walruses
expect_rc 1 "its sentences left the index"
run "$LEDE_INDEX_BIN" --index idx
expect_rc 0 "and not reported again"
# Deleted: its record goes too, silently.
rm n/empty.txt
run "$LEDE_INDEX_BIN" --index idx --json
expect_rc 0 "a skipped file deleted"
finish
