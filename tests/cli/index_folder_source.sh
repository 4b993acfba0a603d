# A default source per folder (issue #21): a .lede-source file names the
# source of the articles under its folder that name none themselves, so
# --source works on plain files; the nearest one wins; front matter comes
# first; changing or removing one updates its articles on the next run;
# it is never an article itself; a bad one is warned about and ignored.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir -p news/bbc/sport news/reuters news/plain
printf 'bbc\n' >news/bbc/.lede-source
printf '# the BBC sport desk\n\n  BBC Sport  \n' >news/bbc/sport/.lede-source
printf 'Reuters\n' >news/reuters/.lede-source
printf 'Chelsea won the cup final.\n' >news/bbc/sport/a.txt
printf 'Parliament met on Monday.\n' >news/bbc/b.txt
printf -- '---\nsource: Guardian\n---\nThe minister resigned today.\n' >news/bbc/c.md
printf 'Oil prices rose sharply.\n' >news/reuters/d.txt
printf 'A plain note about rain.\n' >news/plain/e.txt
run "$LEDE_INDEX_BIN" --index i --json news
expect_rc 0 "indexing"
expect_eq "$(json 'j["added"]')" "5" "five articles, no source file among them"
src() { "$LEDE_QUERY_BIN" --index i --json "$@" | python3 -c 'import json,sys; print("|".join(h["source"] for h in json.load(sys.stdin)["hits"]))'; }
expect_eq "$(src Parliament)" "bbc" "a plain file takes its folder's source"
expect_eq "$(src Chelsea)" "BBC Sport" "the nearest source file wins (comments and blanks skipped)"
expect_eq "$(src minister)" "Guardian" "front matter comes first"
expect_eq "$(src Oil)" "Reuters" "another folder"
expect_eq "$(src rain)" "plain/e.txt" "no source file: the path, as before"
expect_eq "$(src --source bbc Parliament minister Chelsea)" "bbc" "--source bbc works on plain files"
expect_eq "$(src --source 'bbc sport' Chelsea)" "BBC Sport" "--source is case-blind"
expect_eq "$(src bbc reuters)" "" "source files are not articles"

run "$LEDE_INDEX_BIN" --index i --json news/bbc/.lede-source
expect_eq "$(json 'j["added"]')" "0" "named, a source file is still no article"

run "$LEDE_INDEX_BIN" --index i --json
expect_eq "$(json '(j["updated"], j["unchanged"])')" "(0, 5)" "a rescan with nothing changed updates nothing"

printf 'BBC News\n' >news/bbc/.lede-source
run "$LEDE_INDEX_BIN" --index i --json
expect_rc 0 "rescan after changing a source file"
expect_eq "$(json 'j["updated"]')" "2" "a changed source file updates the articles under it"
expect_eq "$(src Parliament)" "BBC News" "with the new source"
expect_eq "$(src Chelsea)" "BBC Sport" "a nearer source file still wins"

rm news/bbc/sport/.lede-source
run "$LEDE_INDEX_BIN" --index i --json
expect_eq "$(json 'j["updated"]')" "1" "a removed source file updates its articles"
expect_eq "$(src Chelsea)" "BBC News" "which take the parent folder's source"

run "$LEDE_INDEX_BIN" --index i --dry-run news/reuters/d.txt
expect_contains "$out" '"source":"Reuters"' "a file named by path takes its folder's source too"

# Bad source files: a warning naming the file and why, the articles indexed.
: >news/plain/.lede-source
run "$LEDE_INDEX_BIN" --index i --json
expect_rc 1 "an empty source file is warned about"
expect_contains "$err" "news/plain/.lede-source: folder source file empty" "the warning names it and why"
expect_eq "$(src rain)" "plain/e.txt" "and its articles keep the path as source"
printf 'bbc\0\1\2' >news/plain/.lede-source
run "$LEDE_INDEX_BIN" --index i --json
expect_rc 1 "a binary source file is warned about"
expect_contains "$err" "news/plain/.lede-source: folder source file binary" "named, with the reason"
rm news/plain/.lede-source
mkdir news/plain/.lede-source
run "$LEDE_INDEX_BIN" --index i --json
expect_rc 1 "a source file that cannot be read is warned about"
expect_contains "$err" "news/plain/.lede-source: folder source file not a regular file" "named"
expect_eq "$(src rain)" "plain/e.txt" "its articles still there"
finish
