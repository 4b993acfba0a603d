# Change detection: new, changed, touched-but-identical, removed and renamed
# files, the --json summary, rescans with no PATH, and --rebuild.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir -p c/x
printf 'Alpha article mentions walrus. Second alpha sentence.\n' >c/a.txt
printf 'Beta article mentions narwhal.\n' >c/b.txt
printf 'Gamma article mentions okapi. It is in a subfolder.\n' >c/x/g.txt

summary() { json 'j["added"], j["updated"], j["removed"], j["unchanged"], j["skipped"]'; }

run "$LEDE_INDEX_BIN" --index idx --json c
expect_rc 0 "first build"
expect_eq "$(summary)" "(3, 0, 0, 0, 0)" "first build summary"
expect_eq "$(json 'j["sentences"]')" "5" "sentences"
expect_eq "$(json 'sorted(j)')" '["added", "removed", "seconds", "sentences", "skipped", "unchanged", "updated"]' "summary keys"

run "$LEDE_INDEX_BIN" --index idx --json
expect_eq "$(summary)" "(0, 0, 0, 3, 0)" "rescan with no PATH: nothing to do"

touch -d '2001-01-01' c/a.txt
run "$LEDE_INDEX_BIN" --index idx --json
expect_eq "$(summary)" "(0, 0, 0, 3, 0)" "touched but identical: not reindexed"
expect_eq "$(json 'j["sentences"]')" "0" "no sentence indexed for a touch"

printf 'Beta article now mentions dugong.\n' >c/b.txt
run "$LEDE_INDEX_BIN" --index idx --json
expect_eq "$(summary)" "(0, 1, 0, 2, 0)" "changed file"
run "$LEDE_QUERY_BIN" --index idx --json narwhal
expect_rc 1 "old text gone"
run "$LEDE_QUERY_BIN" --index idx --json dugong
expect_rc 0 "new text found"

mv c/x/g.txt c/moved.txt
run "$LEDE_INDEX_BIN" --index idx
expect_contains "$err" "1 renamed" "rename detected"
run "$LEDE_QUERY_BIN" --index idx --json --context 1 okapi
expect_eq "$(json 'j["total"], j["hits"][0]["path"], j["hits"][0]["source"]')" "(1, 'c/moved.txt', 'moved.txt')" "renamed file found under its new path and source"
expect_eq "$(json 'j["hits"][0]["context"]["after"]')" '["It is in a subfolder."]' "its neighbours moved with it"
run "$LEDE_QUERY_BIN" --index idx --json 'source:moved.txt okapi'
expect_rc 0 "the source filter follows the rename"
# Renamed to a name another reader reads (a web page saved as .txt, then
# named .html): read anew, not relabelled with the text reader's sentences.
mkdir -p rr
printf '<html><head><title>Oil rises</title></head><body><p>The <b>oil</b> price rose sharply today.</p></body></html>\n' >rr/page.txt
"$LEDE_INDEX_BIN" --quiet --index rridx rr || bad "indexing rr"
mv rr/page.txt rr/page.html
run "$LEDE_INDEX_BIN" --index rridx rr
expect_not_contains "$err" "renamed" "another reader: no rename"
run "$LEDE_QUERY_BIN" --index rridx --json oil
expect_eq "$(json '[(h["path"], h["title"], h["text"]) for h in j["hits"]]')" '[["rr/page.html", "Oil rises", "The oil price rose sharply today."]]' "read as a web page"
# The moved index equals a clean build of the same files.
"$LEDE_INDEX_BIN" --quiet --index clean c
dump() {
  local kind
  for kind in sentences articles; do
    xapian-delve -1 -v -A Z "$1/current/$kind" | tail -n +2
    xapian-delve -1 -v -A A "$1/current/$kind" | tail -n +2
    xapian-delve -1 -v -A S "$1/current/$kind" | tail -n +2
  done
}
[ -n "$(dump clean)" ] && ok || bad "the clean build's terms could not be read"
expect_eq "$(dump idx)" "$(dump clean)" "after a rename: the same terms as a clean build"

rm c/a.txt
run "$LEDE_INDEX_BIN" --index idx --json
expect_eq "$(summary)" "(0, 0, 1, 2, 0)" "removed file"
run "$LEDE_QUERY_BIN" --index idx --json walrus
expect_rc 1 "removed file's sentences gone"

# A second folder is remembered alongside the first.
mkdir d && printf 'Delta mentions tapir.\n' >d/d.txt
run "$LEDE_INDEX_BIN" --index idx --json d
expect_eq "$(summary)" "(1, 0, 0, 0, 0)" "another folder"
run "$LEDE_INDEX_BIN" --index idx --json
expect_eq "$(summary)" "(0, 0, 0, 3, 0)" "both folders rescanned"

# Progress: a line redrawn in place on a terminal; nothing when stderr is a
# file or with --quiet.
python3 -c '
import os
for i in range(80):
    os.makedirs("p", exist_ok=True)
    open(f"p/{i}.txt", "w").write(f"Progress article {i}. It has words.\n")
'
run "$LEDE_INDEX_BIN" --jobs 1 --index pidx p
expect_not_contains "$err" $'\r' "no progress line when stderr is not a terminal"
expect_eq "$(printf '%s\n' "$err" | grep -c .)" "1" "only the summary line"
if command -v script >/dev/null; then
  tty_err=$(script -qec "$LEDE_INDEX_BIN --jobs 1 --index pidx2 p" /dev/null)
  expect_contains "$tty_err" $'\r\033[Klede-index: ' "progress redrawn in place on a terminal"
  expect_contains "$tty_err" "/80 files" "progress counts files"
  expect_contains "$tty_err" "80 added" "summary after the progress line"
  tty_err=$(script -qec "$LEDE_INDEX_BIN --quiet --jobs 1 --index pidx3 p" /dev/null)
  expect_eq "$tty_err" "" "--quiet: nothing on a terminal"
else
  bad "script(1) is needed to test the progress line (bsdutils)"
fi

# --rebuild: a fresh database swapped in; same content.
before=$(ls idx | grep '^db-')
run "$LEDE_INDEX_BIN" --index idx --rebuild --json
expect_rc 0 "rebuild"
expect_eq "$(summary)" "(3, 0, 0, 0, 0)" "rebuild summary"
after=$(ls idx | grep '^db-')
if [ "$before" != "$after" ]; then ok; else bad "rebuild did not build a new database ($before)"; fi
run "$LEDE_QUERY_BIN" --index idx --json tapir
expect_rc 0 "rebuilt index answers"
# --rebuild can change the language.
run "$LEDE_INDEX_BIN" --index idx --rebuild --language french --json
expect_rc 0 "rebuild in another language"
run "$LEDE_INDEX_BIN" --index idx --json
expect_eq "$(summary)" "(0, 0, 0, 3, 0)" "then rescans normally"

# Named files (issue 17): an update reads only the records of the paths
# named, and finds a rename by content hash, even from a folder it does not
# walk: the old record is moved, not left behind.
rm -rf n idx2
mkdir -p n/a n/b
printf 'A named article about the ibex.\n' >n/a/ibex.txt
printf 'Another about the gnu.\n' >n/a/gnu.txt
"$LEDE_INDEX_BIN" --quiet --index idx2 n/a n/b
mv n/a/ibex.txt n/b/ibex.txt
run "$LEDE_INDEX_BIN" --index idx2 --json n/b/ibex.txt
expect_eq "$(summary)" "(1, 0, 1, 0, 0)" "a file moved in from an unwalked folder: added and removed"
expect_contains "$err" "(1 renamed)" "named file: a rename found by content hash"
run "$LEDE_QUERY_BIN" --index idx2 --json ibex
expect_eq "$(json 'j["total"], j["hits"][0]["path"]')" "(1, 'n/b/ibex.txt')" "named file: the old path left the index"
run "$LEDE_INDEX_BIN" --index idx2 --json
expect_eq "$(summary)" "(0, 0, 0, 2, 0)" "named file: a rescan finds nothing left to do"
# The same content at two paths, one still there: no rename.
cp n/a/gnu.txt n/b/gnu.txt
run "$LEDE_INDEX_BIN" --index idx2 --json n/b/gnu.txt
expect_eq "$(summary)" "(1, 0, 0, 0, 0)" "a copy is added, its original kept"
run "$LEDE_QUERY_BIN" --index idx2 --json gnu
expect_eq "$(json 'j["total"]')" "2" "both copies found"
# A file whose content changed is not found by its old content: after
# n/a/yak.txt changes and is deleted, a new file with its first content is
# added, not a move of the changed text.
printf 'The yak of the first version.\n' >n/a/yak.txt
"$LEDE_INDEX_BIN" --quiet --index idx2 n/a
printf 'The bison of the second version.\n' >n/a/yak.txt
"$LEDE_INDEX_BIN" --quiet --index idx2 n/a
rm n/a/yak.txt
printf 'The yak of the first version.\n' >n/b/yak2.txt
run "$LEDE_INDEX_BIN" --index idx2 --json n/b/yak2.txt
expect_eq "$(summary)" "(1, 0, 0, 0, 0)" "the old content of a changed file: no rename"
run "$LEDE_QUERY_BIN" --index idx2 --exact --json yak
expect_eq "$(json 'j["total"], j["hits"][0]["path"]')" "(1, 'n/b/yak2.txt')" "the new file holds its own text"
# A file rewritten at the same size within the filesystem's clock tick of
# being indexed keeps its mtime: its record must not trust that mtime, or
# the new text is never indexed (git's "racily clean" files). Simulated by
# putting the first mtime back on the rewritten file.
mkdir r
printf 'The walrus ate the fish.\n' >r/a.txt
stamp=$(stat -c %.9Y r/a.txt)
"$LEDE_INDEX_BIN" --quiet --index ridx r || bad "indexing r"
printf 'The badger ate the fish.\n' >r/a.txt
touch -d "@$stamp" r/a.txt
run "$LEDE_INDEX_BIN" --index ridx --json r
expect_eq "$(summary)" "(0, 1, 0, 0, 0)" "a same-size rewrite under the same mtime is seen"
run "$LEDE_QUERY_BIN" --index ridx --exact --json badger
expect_eq "$(json 'j["total"]')" "1" "its new text is found"
run "$LEDE_QUERY_BIN" --index ridx --exact --json walrus
expect_eq "$(json 'j["total"]')" "0" "its old text is gone"
finish
