# An index moved or copied: with its articles beside it (mv ~/lede
# /data/lede), a run with no PATH follows its folders to their new place
# and finds their files there by their content (nothing lost, nothing
# indexed again); moved or copied without them, it goes on showing their
# paths as before and lede-query finds them where they are.
. "$(dirname "$0")/../cli_lib.sh"

# make_tree DIR: an archive news/ (a folder inside too) beside its index
# idx/, and a second root elsewhere that stays where it is.
make_tree() {
  mkdir -p "$1/news/2024" "$T/elsewhere"
  printf 'Walruses crowded the northern beaches.\n' >"$1/news/walrus.txt"
  printf 'Narwhals were seen near the fjord.\n' >"$1/news/2024/narwhal.txt"
  printf 'Puffins nested on the cliffs.\n' >"$1/news/puffin.md"
  printf 'Gannets dived for mackerel off the cape.\n' >"$T/elsewhere/gannet.txt"
  run "$LEDE_INDEX_BIN" --quiet --index "$1/idx" "$1/news" "$T/elsewhere"
  expect_rc 0 "index $1"
}

# where WORD IDX: the hit's path and abs_path (as text: a quote in $TMPDIR
# would change a Python repr).
where() {
  run "$LEDE_QUERY_BIN" --index "$2" --json "$1"
  json '"%s | %s" % (j["hits"][0]["path"], j["hits"][0]["abs_path"])'
}

# The folder holding the index and its archive moved (a rename of ~/lede).
make_tree "$T/a"
mv "$T/a" "$T/b"
expect_eq "$(where narwhals "$T/b/idx")" "news/2024/narwhal.txt | $T/b/news/2024/narwhal.txt" \
  "moved with its index: shown at the new place before any run"
run "$LEDE_INDEX_BIN" --index "$T/b/idx" --json
expect_rc 0 "a run with no PATH after the move"
expect_eq "$(json 'j["added"], j["removed"], j["sentences"], j["unchanged"]')" "(3, 3, 0, 1)" \
  "the moved files are renames, not indexed again; the other root unchanged"
expect_contains "$err" "$T/a/news: moved with the index to $T/b/news" "says where the folder went"
expect_not_contains "$err" "no longer exists" "does not say the folder's articles leave"
expect_eq "$(where narwhals "$T/b/idx")" "news/2024/narwhal.txt | $T/b/news/2024/narwhal.txt" \
  "the article at its new place"
expect_eq "$(where gannets "$T/b/idx")" "$T/elsewhere/gannet.txt | $T/elsewhere/gannet.txt" \
  "the root elsewhere kept"
run "$LEDE_INDEX_BIN" --index "$T/b/idx" --json --quiet
expect_eq "$(json 'j["added"], j["removed"], j["unchanged"]')" "(0, 0, 4)" "then nothing to do"
expect_eq "$err" "" "and nothing to say"
run "$LEDE_QUERY_BIN" --index "$T/b/idx" --stats --json
expect_eq "$(json 'j["articles"], j["files"]')" "(4, 4)" "each article once"

# Moved again, a new file with it, and rebuilt with no PATH: rebuilt from
# the new place, not refused as a folder that cannot be read.
printf 'Ospreys fished in the estuary.\n' >"$T/b/news/osprey.txt"
mv "$T/b" "$T/c"
run "$LEDE_INDEX_BIN" --index "$T/c/idx" --rebuild --json
expect_rc 0 "--rebuild with no PATH after a move"
expect_eq "$(json 'j["added"]')" "5" "rebuilt with every file"
expect_contains "$err" "$T/b/news: moved with the index to $T/c/news; rebuilt from there" \
  "--rebuild says where it read the folder"
expect_eq "$(where ospreys "$T/c/idx")" "news/osprey.txt | $T/c/news/osprey.txt" \
  "the new file at the new place"

# Moved again and updated naming the folder: the rename is found then, and
# the next run with no PATH forgets the old place without a word of loss.
mv "$T/c" "$T/d"
run "$LEDE_INDEX_BIN" --index "$T/d/idx" --json "$T/d/news"
expect_eq "$(json 'j["added"], j["removed"], j["sentences"]')" "(4, 4, 0)" \
  "a run naming the moved folder renames its files"
run "$LEDE_INDEX_BIN" --index "$T/d/idx" --json
expect_eq "$(json 'j["added"], j["removed"], j["unchanged"]')" "(0, 0, 5)" "the next run: nothing lost"
expect_not_contains "$err" "no longer exists" "nor said lost"

# An archive moved away from its index (mv ~/news /data/news), indexed
# at its new place: renames; the next run forgets the old place without
# saying that articles leave, as none are left there.
mkdir -p "$T/x"
mv "$T/elsewhere" "$T/x/moved"
run "$LEDE_INDEX_BIN" --index "$T/d/idx" --json "$T/x/moved"
expect_eq "$(json 'j["added"], j["removed"], j["sentences"]')" "(1, 1, 0)" "an archive moved away: renamed"
run "$LEDE_INDEX_BIN" --index "$T/d/idx" --json
expect_rc 0 "the next run"
expect_eq "$(json 'j["removed"], j["unchanged"]')" "(0, 5)" "nothing removed"
expect_contains "$err" "$T/elsewhere: no longer exists, and the index holds nothing of it" \
  "the old place is said forgotten"
expect_not_contains "$err" "its articles leave" "not said to take articles away"

# The index copied alone (to share it, to another disk): its files stayed.
mkdir -p "$T/copy"
cp -a "$T/d/idx" "$T/copy/idx"
expect_eq "$(where narwhals "$T/copy/idx")" "news/2024/narwhal.txt | $T/d/news/2024/narwhal.txt" \
  "a copied index finds the file where it is"
# --under names the folder the files are in, as the hits show them; the
# filter leaves the shown path as it is.
run "$LEDE_QUERY_BIN" --index "$T/copy/idx" --json --under "$T/d/news" narwhals
expect_eq "$(json 'len(j["hits"])')" "1" "a copied index: --under the files' folder finds them"
run "$LEDE_QUERY_BIN" --index "$T/copy/idx" --json --under "$T" narwhals
expect_eq "$(json 'j["hits"][0]["abs_path"]')" "$T/d/news/2024/narwhal.txt" \
  "a copied index: --under keeps the file's place"
run "$LEDE_QUERY_BIN" --index "$T/copy/idx" --json --under "$T/copy" narwhals
expect_eq "$(json 'len(j["hits"])')" "0" "a copied index: --under its own folder, which holds none"
printf 'Kittiwakes returned to the harbour wall.\n' >"$T/d/news/kittiwake.txt"
run "$LEDE_INDEX_BIN" --index "$T/copy/idx" --json
expect_rc 0 "the copy updated"
expect_eq "$(json 'j["added"], j["unchanged"]')" "(1, 5)" "from the files where they are"
expect_eq "$(where kittiwakes "$T/copy/idx")" "news/kittiwake.txt | $T/d/news/kittiwake.txt" \
  "a file added through the copy is shown as the others"
run "$LEDE_INDEX_BIN" --index "$T/copy/idx" --rebuild --json
expect_rc 0 "the copy rebuilt"
expect_eq "$(where walruses "$T/copy/idx")" "news/walrus.txt | $T/d/news/walrus.txt" \
  "and still shown as before"
finish
