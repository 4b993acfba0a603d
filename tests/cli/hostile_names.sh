# File and folder names with newlines, bytes that are not UTF-8, control
# characters, quotes and backslashes: indexed, found, and every JSON output
# (lede-query --json and --jsonl, lede-index --json and --dry-run) is valid
# UTF-8 JSON (checked with Python's strict decoder). A rescan with no PATH
# finds the same files again, even under a folder whose name holds a newline.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
root=$'docs/folder with\nnewline'
mkdir -p "$root" docs/plain
names=(
  $'line\nbreak.txt'
  $'caf\xe9 latin1.txt'
  $'\xff\xfe bad bytes.txt'
  $'ctrl \x01\x1b[31m red.txt'
  'quote " and \ backslash.txt'
  '-starts-with-dash.txt'
  $'trailing newline\n'
  $'\xed\xa0\x80 surrogate.txt'
)
for i in "${!names[@]}"; do
  printf 'Zebracorn sighting number %d was reported today.\n' "$i" >"docs/plain/${names[$i]}"
  printf 'Unicorn sighting number %d was reported today.\n' "$i" >"$root/${names[$i]}"
done
n=${#names[@]}

# valid_json MODE: $out is valid UTF-8 JSON (json: one document; lines: one
# per line); prints True or the error.
valid_json() {
  printf '%s' "$out" | python3 -c '
import json, sys
try:
    text = sys.stdin.buffer.read().decode("utf-8")
    docs = [json.loads(text)] if sys.argv[1] == "json" else [json.loads(l) for l in text.splitlines()]
    print(True)
except Exception as e:
    print(e)
' "$1"
}

run "$LEDE_INDEX_BIN" --index idx --json docs
expect_rc 0 "indexing files with hostile names"
expect_eq "$(valid_json json)" "True" "lede-index --json"
expect_eq "$(json 'j["added"]')" "$((2 * n))" "every file added"

run "$LEDE_QUERY_BIN" --index idx --json --limit 100 --context 1 zebracorn
expect_rc 0 "query"
expect_eq "$(valid_json json)" "True" "lede-query --json"
expect_eq "$(json 'len(j["hits"])')" "$n" "one hit per file"
expect_eq "$(json 'any("line\nbreak.txt" in h["path"] for h in j["hits"])')" "True" \
  "a newline in a path survives as \\n"
expect_eq "$(json 'any("\ufffd" in h["path"] for h in j["hits"])')" "True" \
  "bytes that are not UTF-8 become U+FFFD"
run "$LEDE_QUERY_BIN" --index idx --jsonl --limit 100 unicorn
expect_eq "$(valid_json lines)" "True" "lede-query --jsonl"
expect_eq "$(printf '%s\n' "$out" | wc -l)" "$n" "one line per hit, even with newlines in paths"
run "$LEDE_QUERY_BIN" --index idx --limit 100 --color never unicorn
expect_rc 0 "text output"

run "$LEDE_INDEX_BIN" --dry-run docs
expect_eq "$(valid_json lines)" "True" "lede-index --dry-run"
expect_eq "$(printf '%s\n' "$out" | wc -l)" "$((2 * n))" "one dry-run line per file"

# A rescan without PATH finds the same roots (one name holds a newline).
run "$LEDE_INDEX_BIN" --index idx --json
expect_rc 0 "rescan"
expect_eq "$(json 'j["unchanged"], j["added"], j["removed"]')" "($((2 * n)), 0, 0)" "rescan changes nothing"
run "$LEDE_INDEX_BIN" --index idx --json "$root"
expect_eq "$(json 'j["unchanged"], j["added"], j["removed"]')" "($n, 0, 0)" "the folder with a newline, by name"

# Removing a file with a hostile name removes it from the index.
rm -f "docs/plain/"$'line\nbreak.txt' "docs/plain/"$'\xff\xfe bad bytes.txt'
run "$LEDE_INDEX_BIN" --index idx --json
expect_eq "$(json 'j["removed"]')" "2" "files with hostile names removed"
run "$LEDE_QUERY_BIN" --index idx --json --limit 100 zebracorn
expect_eq "$(json 'len(j["hits"])')" "$((n - 2))" "and no longer found"

# A root given as a path with non-UTF-8 bytes, and an index folder named so.
mkdir -p $'idx \xff dir'
run "$LEDE_INDEX_BIN" --index $'idx \xff dir/x' --json "docs/plain"
expect_rc 0 "an index folder whose name is not UTF-8"
run "$LEDE_QUERY_BIN" --index $'idx \xff dir/x' --json zebracorn
expect_eq "$(valid_json json)" "True" "query of that index"
# A root whose own name holds a newline is remembered whole: a rescan with
# no PATH walks it again (it used to be split in two and forgotten).
run "$LEDE_INDEX_BIN" --index idx-nl --json "$root"
expect_eq "$(json 'j["added"]')" "$n" "the folder with a newline as the only root"
run "$LEDE_INDEX_BIN" --index idx-nl --json
expect_rc 0 "rescan of a root with a newline"
expect_eq "$(json 'j["unchanged"], j["added"], j["removed"]')" "($n, 0, 0)" "rescan finds that root again"
expect_not_contains "$err" "no longer exists" "no half of the name is taken for a root"

# Indexes made before keep their roots as raw lines under "roots": still read,
# and rewritten in the new form by the next run.
db="idx-nl/current/articles"
xapian-metadata set "$db" user:root-list ''
xapian-metadata set "$db" user:roots "$PWD/docs/plain"$'\n'
run "$LEDE_INDEX_BIN" --index idx-nl --json
expect_eq "$(json 'j["added"], j["removed"]')" "($((n - 2)), 0)" "old-format roots are walked"
expect_eq "$(xapian-metadata get "$db" user:roots)" "" "the old key is replaced"
expect_eq "$(xapian-metadata get "$db" user:root-list)" "$PWD/docs/plain" "by the new one"

# Text output and warnings escape control bytes and invalid UTF-8: no raw
# escape sequence or newline from a name reaches the terminal.
esc=$'\x1b'
run "$LEDE_QUERY_BIN" --index idx --limit 100 --color never unicorn
expect_not_contains "$out" "$esc" "no raw ESC in text output"
expect_contains "$out" 'ctrl \x01\x1B[31m red.txt' "control bytes shown as \\xHH"
expect_contains "$out" 'folder with\nnewline/line\nbreak.txt' "newlines shown as \\n"
expect_contains "$out" 'caf\xE9 latin1.txt' "invalid UTF-8 shown as \\xHH"
mkdir -p warn
printf '{"text": "Fine line."}\nnot json\n' >warn/$'bad \x1b[2J\x9b.jsonl'
run "$LEDE_INDEX_BIN" --index idx-warn warn
expect_rc 1 "a file with a malformed line"
expect_contains "$err" 'warn/bad \x1B[2J\x9B.jsonl: 1 malformed line' "the warning names the file, escaped"
expect_not_contains "$err" "$esc" "no raw ESC in warnings"
run "$LEDE_QUERY_BIN" --index $'no\x1bsuch' word
expect_rc 2 "a missing index"
expect_contains "$err" 'no index at no\x1Bsuch' "its name escaped"
run "$LEDE_QUERY_BIN" --index idx $'nothing\x1b[31m'
expect_contains "$err" "no passages match 'nothing\\x1B[31m'" "the query escaped"
finish
