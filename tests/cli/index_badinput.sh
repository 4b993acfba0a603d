# Bad input: each bad file gets one warning naming it and the reason, every
# other file is still indexed, the exit status is 1, and the index stays
# whole. Files that are not articles are skipped silently by the rule.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
# root reads anything: run as nobody so that an unreadable file is one.
AS=()
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  chmod 755 "$T"
fi
W="$T/w"
mkdir -p "$W/c/sub"
cd "$W"
printf 'Good article one mentions walrus. It has two sentences.\n' >c/good.txt
printf 'Another good article mentions narwhal.\n' >c/sub/good2.md
printf 'binary\0data mentions walrus\n' >c/bin.txt
printf 'A secret article mentions walrus.\n' >c/locked.txt
chmod 000 c/locked.txt
printf 'Caf\xe9 au lait mentions walrus. Second sentence.\n' >c/latin1.txt
: >c/empty.txt
printf '  \n\n \t\n' >c/blank.txt
head -c 50000000 /dev/zero | tr '\0' 'a' >c/huge.txt
ln -s .. c/sub/loop       # a folder loop
ln -s self.txt c/self.txt # a link to itself
ln -s gone.txt c/dangling.txt
# Not articles: skipped without a word.
printf 'PNG' >c/pic.png
printf 'zip' >c/a.zip
printf 'hidden walrus\n' >c/.hidden.txt
printf 'backup walrus\n' >c/good.txt~
printf 'emacs walrus\n' >'c/#good.txt#'
mkdir c/.git && printf 'git walrus\n' >c/.git/HEAD.txt
chmod -R a+rwX "$W" 2>/dev/null
chmod 000 c/locked.txt

run "${AS[@]}" "$LEDE_INDEX_BIN" --index ix c
expect_rc 1 "indexing a folder with bad files"
# warned FILE REASON: exactly one warning line names FILE, with REASON.
warned() {
  local lines
  lines=$(printf '%s\n' "$err" | grep -F "lede-index: c/$1: " || true)
  expect_eq "$(printf '%s\n' "$lines" | grep -c .)" "1" "one warning for $1"
  expect_contains "$lines" "$2" "reason given for $1"
}
warned bin.txt "binary"
warned locked.txt "Permission denied"
# Latin-1 text (no valid multi-byte UTF-8 in it) is read converted, without
# a warning (tests/cli/index_encodings.sh has the other encodings).
expect_not_contains "$err" "c/latin1.txt" "no warning for a Latin-1 file"
warned empty.txt "empty"
warned blank.txt "empty"
warned huge.txt "too large"
warned sub/loop "loop"
warned self.txt "symbolic links"
warned dangling.txt "dangling"
for quiet in pic.png a.zip .hidden.txt good.txt~ '#good.txt#' .git; do
  expect_not_contains "$err" "c/$quiet" "$quiet is skipped without a warning of its own"
done
# Files of kinds lede does not read: one line per kind, not a warning each.
expect_contains "$err" "lede-index: 1 .png file skipped: not a format lede reads" "the .png counted"
expect_contains "$err" "lede-index: 1 .zip file skipped: not a format lede reads" "the .zip counted"
expect_not_contains "$err" ".hidden" "hidden files and backups are not counted"
expect_contains "$err" "3 added" "the good files and the repaired one are indexed"
# --dry-run reads and checks every file as the run did: the same warnings,
# the same exit status, and no skipped file printed as an article.
index_err=$err
run "${AS[@]}" "$LEDE_INDEX_BIN" --dry-run c
expect_rc 1 "--dry-run of a folder with bad files"
expect_eq "$(printf '%s\n' "$err" | grep -F 'lede-index: c/' | sort)" \
  "$(printf '%s\n' "$index_err" | grep -F 'lede-index: c/' | sort)" "--dry-run warns as the run does"
expect_eq "$(printf '%s\n' "$out" | python3 -c '
import json, sys
print(" ".join(sorted({json.loads(l)["path"] for l in sys.stdin if l.strip()})))')" \
  "c/good.txt c/latin1.txt c/sub/good2.md" "--dry-run prints the articles a run indexes, no others"

run "$LEDE_QUERY_BIN" --index ix --json walrus
expect_rc 0 "query after bad input"
expect_eq "$(json 'sorted(h["path"] for h in j["hits"])')" '["c/good.txt", "c/latin1.txt"]' "only the good files match"
run "$LEDE_QUERY_BIN" --index ix --json narwhal
expect_eq "$(json 'j["hits"][0]["path"]')" "c/sub/good2.md" "file in a subfolder"
run "$LEDE_QUERY_BIN" --index ix --json "café"
expect_contains "$(json 'j["hits"][0]["text"]')" "Café au lait" "the Latin-1 é converted"

# Once readable, the locked file comes in; the index was not damaged.
chmod 644 c/locked.txt
run "${AS[@]}" "$LEDE_INDEX_BIN" --index ix --json
expect_rc 1 "rescan: the other bad files still warn"
# Unchanged: the three good files and the four rejected ones (binary,
# empty, blank, too large), remembered so that they are reported once.
expect_eq "$(json 'j["added"], j["unchanged"]')" "(1, 7)" "rescan adds the readable file"
expect_not_contains "$err" "c/bin.txt" "a rejected file is not reported again"
run "$LEDE_QUERY_BIN" --index ix --json walrus
expect_eq "$(json 'len(j["hits"])')" "3" "three walrus articles"

# A file that turns binary leaves the index; a folder that becomes unreadable
# keeps what the index had under it.
printf 'now\0binary\n' >c/good.txt
chmod 000 c/sub
run "${AS[@]}" "$LEDE_INDEX_BIN" --index ix --json
expect_rc 1 "rescan with an unreadable folder"
expect_contains "$err" "c/sub: Permission denied" "names the unreadable folder"
chmod 755 c/sub
run "$LEDE_QUERY_BIN" --index ix --json narwhal
expect_eq "$(json 'len(j["hits"])')" "1" "articles under an unreadable folder are kept"
run "$LEDE_QUERY_BIN" --index ix --json walrus
expect_eq "$(json 'sorted(h["path"] for h in j["hits"])')" '["c/latin1.txt", "c/locked.txt"]' "the file that became binary is gone"

# With only good files: exit 0.
mkdir good && printf 'Fine article.\n' >good/a.txt
run "$LEDE_INDEX_BIN" --index ix2 good
expect_rc 0 "only good files"

# --dry-run names a file and its problem as an index run does (the path
# as given, every malformed .jsonl line counted).
mkdir dr && printf '{"text":"One line here."}\nnot json\n{"text":"Two."}\nalso bad\n' >dr/x.jsonl
run "$LEDE_INDEX_BIN" --dry-run dr
expect_rc 1 "--dry-run of a bad .jsonl"
dry=$err
run "$LEDE_INDEX_BIN" --index ix3 dr
expect_contains "$err" "$dry" "--dry-run says what an index run says"
expect_contains "$dry" "dr/x.jsonl: 2 malformed line(s) skipped" "both bad lines counted, the path as given"
# A stated date lede cannot read: the article is indexed undated, with a
# warning quoting the date (once: a rescan finds the file unchanged), and
# the date is kept as the article's "date" field.
mkdir bd
printf -- '---\ntitle: Kestrel report\ndate: 32 Foo 2024\n---\nThe kestrel hovered over the field.\n' >bd/fm.md
printf '{"title":"A","date":"someday","text":"The osprey hovered."}\n{"title":"B","date":"2024-01-05","text":"The osprey dived."}\n' >bd/two.jsonl
printf -- '---\ntitle: Fine\ndate: 2024-03-05\n---\nThe falcon dived.\n' >bd/ok.md
run "$LEDE_INDEX_BIN" --index ix4 bd
expect_rc 1 "an unreadable date is warned about"
expect_contains "$err" 'bd/fm.md: date "32 Foo 2024" not understood; indexed without a date' "names the file and the date"
expect_contains "$err" 'bd/two.jsonl: date not understood in 1 of 2 articles' "a .jsonl file: one warning"
expect_contains "$err" '(the first: "someday")' "quotes the first unread date"
expect_not_contains "$err" "bd/ok.md" "a date read: no warning"
run "$LEDE_QUERY_BIN" --index ix4 --json kestrel
expect_eq "$(json '[j["hits"][0]["date"], j["hits"][0]["meta"]["date"]]')" '[null, "32 Foo 2024"]' "indexed undated, the date kept as a field"
run "$LEDE_INDEX_BIN" --index ix4
expect_rc 0 "the rescan does not warn again"
run "$LEDE_INDEX_BIN" --dry-run bd
expect_contains "$err" 'bd/fm.md: date "32 Foo 2024" not understood' "--dry-run says it too"
finish
