# Article content that is not clean text: NUL bytes (lede-index skips such
# files as binary, wherever the NUL is; --dry-run shows them with the NULs
# replaced), invalid UTF-8 of every kind, CR line endings, a byte order mark,
# broken front matter, and JSONL with escaped NULs, raw bad bytes, deep
# nesting and thousands of lines. Nothing may crash; every JSON output is
# valid UTF-8 JSON and the good text is searchable.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir -p docs
python3 - <<'PY'
def w(name, data):
    open("docs/" + name, "wb").write(data)
w("nul_early.txt", b"Zebracorn early\x00nul file.\n")
w("nul_late.txt", b"Zebracorn late nul file. " + b"padding words here. " * 600 + b"Tail\x00with\x00nuls zebracorn.\n")
w("latin1.txt", "Zebracorn café in Zürich, naïve façade.\n".encode("latin-1"))
w("bad_utf8.txt", b"Zebracorn lone \x80 continuation, overlong \xc0\xaf slash, surrogate \xed\xa0\x80 half, "
  b"too big \xf4\x90\x80\x80 point, bad lead \xff\xfe bytes. Truncated at the end \xe2\x82")
w("cr_only.txt", b"Title line\r\rZebracorn first sentence with CR endings.\rSecond one here.\r")
w("bom.txt", b"\xef\xbb\xbf---\ntitle: With BOM\ndate: 2023-11-09\n---\nZebracorn body of the BOM article.\n")
w("broken_front.txt", b"---\ntitle: \xff\xfe\ndate: 2023-02-30\nsource: \x01\x02\nnot a key line\n"
  b"Zebracorn body without a closing fence.\n")
w("only_front.txt", b"---\ntitle: Zebracorn nothing else\n---\n")
w("ctrl.txt", b"Zebracorn \x1b[31mred\x1b[0m text with \x07 bell and \x08 backspace.\n")
lines = [b'{"title": "Zebracorn nul", "text": "A\\u0000B zebracorn after an escaped NUL."}',
         b'{"title": "raw \xff bytes", "text": "Zebracorn raw \xfe\xff bytes in a JSON string."}',
         b'{"text": "Zebracorn surrogate pair \\ud83d\\ude00 here."}',
         b'{"text": "Zebracorn lone surrogate \\ud800 here."}',
         b'{"text": ' + b'[' * 5000 + b']' * 5000 + b'}',
         b'{"text": "Zebracorn deep", "meta": ' + b'{"a":' * 900 + b'1' + b'}' * 900 + b'}',
         b'\x01\x02\x03 not json',
         b'{"text": "' + b"Zebracorn long line. " * 3000 + b'"}']
lines += [b'{"date": "2023-11-%02d", "text": "Zebracorn record %d."}' % (1 + i % 28, i) for i in range(3000)]
w("records.jsonl", b"\n".join(lines) + b"\n")
w("nul.jsonl", b'{"text": "Zebracorn in a JSONL file"}\n\x00\x00\x00\n')
PY

valid_lines() {
  printf '%s' "$out" | python3 -c '
import json, sys
try:
    for l in sys.stdin.buffer.read().decode("utf-8").splitlines():
        json.loads(l)
    print(True)
except Exception as e:
    print(e)
'
}

run "$LEDE_INDEX_BIN" --index idx --json docs
expect_rc 1 "indexing hostile content (some files skipped with a warning)"
for f in nul_early.txt nul_late.txt nul.jsonl; do
  expect_contains "$err" "$f: binary file" "$f skipped as binary"
done
expect_contains "$err" "records.jsonl" "the malformed JSONL lines are reported"
expect_eq "$(json 'j["added"], j["skipped"]')" "(8, 3)" "every other file indexed"

run "$LEDE_QUERY_BIN" --index idx --jsonl --limit 10000 zebracorn
expect_rc 0 "query"
expect_eq "$(valid_lines)" "True" "--jsonl output is valid UTF-8 JSON"
hits=$(printf '%s\n' "$out")
for needle in "Zebracorn caf" "continuation" "first sentence with CR" \
  "body of the BOM article" "body without a closing fence" "red" "after an escaped NUL" \
  "raw" "surrogate pair" "Zebracorn record 2999" "Zebracorn long line"; do
  expect_contains "$hits" "$needle" "text found: $needle"
done
expect_not_contains "$hits" "nul file" "the binary files are not indexed"
expect_not_contains "$hits" $'\x1b' "no raw escape character in JSON"

run "$LEDE_QUERY_BIN" --index idx --limit 50 --context 2 --color always zebracorn
expect_rc 0 "text output"
run "$LEDE_INDEX_BIN" --dry-run docs
expect_eq "$(valid_lines)" "True" "--dry-run output is valid UTF-8 JSON"
expect_not_contains "$out" "Tail with nuls zebracorn" "--dry-run skips a NUL file, as a run does"
expect_contains "$err" "binary file (contains NUL bytes); skipped" "--dry-run says why, as a run does"
run "$LEDE_QUERY_BIN" --index idx --json --since 2023-11-28 record
expect_eq "$(json 'len(j["hits"]) > 0 and all(h["date"] >= "2023-11-28" for h in j["hits"])')" "True" \
  "JSONL dates survive hostile neighbours"
finish
