# Paths given once are remembered and rescanned; a remembered file or folder
# that no longer exists takes its articles out of the index, says so once,
# and is forgotten (no warning on every later run).
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/a" "$T/b"
printf 'Walruses crowded the northern beaches.\n' > "$T/a/one.txt"
printf 'Narwhals were seen near the fjord.\n' > "$T/b/two.txt"
printf 'Puffins nested on the cliffs.\n' > "$T/single.txt"

run "$LEDE_INDEX_BIN" --quiet --index "$T/idx" "$T/a" "$T/b"
expect_rc 0 "two folders"
run "$LEDE_INDEX_BIN" --quiet --index "$T/idx" "$T/single.txt"
expect_rc 0 "one file by path"
run "$LEDE_INDEX_BIN" --index "$T/idx" --json
expect_rc 0 "rescan of everything known"
expect_eq "$(json 'j["unchanged"], j["removed"]')" "(3, 0)" "all three remembered"

rm "$T/single.txt"
rm -r "$T/b"
run "$LEDE_INDEX_BIN" --index "$T/idx" --json
expect_rc 0 "rescan after a file and a folder were deleted"
expect_eq "$(json 'j["removed"], j["unchanged"]')" "(2, 1)" "their articles removed"
expect_contains "$err" "single.txt: no longer exists" "says what went"
expect_contains "$err" "/b: no longer exists" "says what went (folder)"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json puffins narwhals
expect_rc 1 "no passages left from them"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json walruses
expect_rc 0 "the rest still answers"

run "$LEDE_INDEX_BIN" --index "$T/idx" --json
expect_rc 0 "next rescan"
expect_not_contains "$err" "no longer exists" "forgotten: not said again"

# A path given on the command line that does not exist is an error to report.
run "$LEDE_INDEX_BIN" --index "$T/idx" "$T/nowhere"
expect_rc 1 "missing PATH"
expect_contains "$err" "nowhere" "names it"

# A file deleted and then named (as a script or an editor hook would after
# removing it): its articles leave the index; a path that never held
# anything is still an error; a gone file inside a gone folder too.
printf 'Gannets dived for herring.\n' > "$T/a/gone.txt"
"$LEDE_INDEX_BIN" --quiet --index "$T/idx" "$T/a/gone.txt" || bad "indexing gone.txt"
rm "$T/a/gone.txt"
cd "$T/a"
run "$LEDE_INDEX_BIN" --index "$T/idx" --json gone.txt
cd "$T"
expect_rc 0 "a deleted file named"
expect_eq "$(json 'j["removed"]')" "1" "its articles removed"
expect_contains "$err" "gone.txt: no longer exists" "says so"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json --exact gannets
expect_eq "$(json 'len(j["hits"])')" "0" "nothing of it found"
run "$LEDE_INDEX_BIN" --index "$T/idx" "$T/a/never.txt"
expect_rc 1 "a file that never was"
expect_contains "$err" "never.txt: No such file or directory" "names it and why"
run "$LEDE_INDEX_BIN" --index "$T/idx" "$T/nofolder/x.txt"
expect_rc 1 "a file in a folder that never was"
run "$LEDE_INDEX_BIN" --index "$T/idx" --json
expect_eq "$(json 'j["unchanged"], j["removed"]')" "(1, 0)" "none of them remembered"
finish
