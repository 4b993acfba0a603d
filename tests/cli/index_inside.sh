# An index inside the folder it indexes does not index itself: its stub,
# lock and tables are no articles (issue 21: warnings and exit 1 on every
# run). Nor is any other lede index met in the walk. Skipped silently.
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/clips"
printf 'Walruses crowded the northern beaches.\n' > "$T/clips/one.txt"
printf 'Narwhals were seen near the fjord.\n' > "$T/other.txt"

run "$LEDE_INDEX_BIN" --index "$T/clips/index" --quiet --json "$T/clips"
expect_rc 0 "first run, index inside the folder"
expect_eq "$err" "" "no warning"
expect_eq "$(json 'j["added"], j["skipped"]')" "(1, 0)" "only the article"
run "$LEDE_INDEX_BIN" --index "$T/clips/index" --quiet --json "$T/clips"
expect_rc 0 "second run (the index now has a stub, lock and tables)"
expect_eq "$err" "" "still no warning"
expect_eq "$(json 'j["added"], j["updated"], j["unchanged"], j["skipped"]')" "(0, 0, 1, 0)" \
  "nothing of the index read"
run "$LEDE_INDEX_BIN" --index "$T/clips/index" --quiet --json
expect_rc 0 "plain rescan"
expect_eq "$(json 'j["unchanged"], j["skipped"]')" "(1, 0)" "plain rescan the same"

# Another lede index inside a scanned folder is skipped too.
run "$LEDE_INDEX_BIN" --quiet --index "$T/clips/sub/kept" "$T/other.txt"
run "$LEDE_INDEX_BIN" --index "$T/idx2" --quiet --json "$T/clips"
expect_rc 0 "a folder holding two indexes"
expect_eq "$err" "" "no warning"
expect_eq "$(json 'j["added"], j["skipped"]')" "(1, 0)" "only the article"
run "$LEDE_QUERY_BIN" --index "$T/idx2" --json narwhals
expect_rc 1 "the other index's folder was not walked"

# A folder holding a file named XAPIANDB that is no stub is walked.
mkdir -p "$T/notes"
printf 'glassware sold well\n' > "$T/notes/XAPIANDB"
printf 'Kestrels hovered over the verge.\n' > "$T/notes/k.txt"
run "$LEDE_INDEX_BIN" --index "$T/idx3" --json "$T/notes"
expect_eq "$(json 'j["added"]')" "2" "not an index: both files read"
finish
