# Huge files without a newline: a 100 MB one-line file must not crash
# lede-index or make it run for long (it is refused as too large, or
# indexed); a 2 MB one-line file without any punctuation is indexed, cut into
# bounded sentences, and searchable. Timings are printed.
. "$(dirname "$0")/../cli_lib.sh"

# calc EXPR: evaluates an arithmetic or comparison expression (awk; 1/0).
calc() { awk "BEGIN { print ($1) }"; }

# one_line FILE BYTES: BYTES of space-separated words, no newline, no
# punctuation.
one_line() {
  yes 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod' |
    tr '\n' ' ' | head -c "$2" >"$1"
}

mkdir -p "$T/huge" "$T/big"
one_line "$T/huge/huge.txt" $((100 * 1024 * 1024))
expect_eq "$(wc -l <"$T/huge/huge.txt")" "0" "the 100 MB file has no newline"

t0=$(date +%s.%N)
run timeout 300 "$LEDE_INDEX_BIN" --index "$T/idx" "$T/huge"
secs=$(calc "$(date +%s.%N) - $t0")
echo "hostile_big_line: lede-index on a 100 MB one-line file: exit $rc in ${secs} s"
if [ "$rc" -le 1 ]; then ok; else bad "100 MB one-line file: exit status $rc (stderr: ${err:0:400})"; fi
expect_eq "$(calc "$secs < 120")" "1" "100 MB file handled within 2 minutes"
if [ "$rc" -eq 1 ]; then
  expect_contains "$err" "huge.txt" "the warning names the file"
fi

# 2 MB on one line, no punctuation: cut into sentences of bounded length.
one_line "$T/big/big.txt" $((2 * 1024 * 1024))
printf 'The zebracorn finale.' >>"$T/big/big.txt"
t0=$(date +%s.%N)
run "$LEDE_INDEX_BIN" --index "$T/idx" --json "$T/big"
secs=$(calc "$(date +%s.%N) - $t0")
echo "hostile_big_line: lede-index on a 2 MB one-line file: exit $rc in ${secs} s"
expect_rc 0 "2 MB one-line file indexed"
sentences=$(json 'j["sentences"]')
expect_eq "$(calc "$sentences > 100")" "1" "2 MB of text gives many sentences ($sentences)"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json zebracorn
expect_rc 0 "the end of the long line is searchable"
expect_contains "$(json 'j["hits"][0]["text"]')" "zebracorn finale" "last sentence text"
expect_eq "$(json 'j["hits"][0]["end"] == '"$((2 * 1024 * 1024 + 21))"'')" "True" "its span ends at the end of the file"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json --limit 50 lorem
expect_rc 0 "words of the long line are searchable"
expect_eq "$(json 'max(len(h["text"].encode()) for h in j["hits"]) <= 8192')" "True" \
  "sentences cut to a bounded length"
finish
