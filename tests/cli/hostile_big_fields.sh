# One file must not fill the disk: a 100 kB title and large front matter on
# an article of 1,000 sentences. The article's fields are bounded when read
# (docs/articles.md) and stored once per article, not on every sentence, so
# the index stays small, and hits still show the (cut) title, url and meta.
. "$(dirname "$0")/../cli_lib.sh"

mkdir -p "$T/news"
python3 - "$T/news/big.md" <<'PY'
import sys
meta = "".join(f"key{k:03}: value {k}\n" for k in range(100))
head = ("---\ntitle: Zebracorn " + "x" * 100000 + "\nurl: https://example.com/big\n"
        "author: " + "y" * 10000 + "\n" + meta + "---\n")
body = "".join(f"Line {i} tells of the quokka census.\n" for i in range(1000))
open(sys.argv[1], "w").write(head + body)
PY

run "$LEDE_INDEX_BIN" --index "$T/idx" --json "$T/news"
expect_rc 0 "the big article is indexed"
expect_eq "$(json 'j["sentences"]')" "1000" "all 1,000 sentences are indexed"
kb=$(du -sk "$T/idx" | cut -f1)
echo "hostile_big_fields: index of a $(($(wc -c <"$T/news/big.md") / 1024)) kB file with a 100 kB title: $kb kB"
if [ "$kb" -lt 5000 ]; then ok; else bad "index is $kb kB, want under 5,000 kB"; fi

run "$LEDE_QUERY_BIN" --index "$T/idx" --json --limit 3 -C 1 quokka
expect_rc 0 "the sentences are found"
expect_eq "$(json 'len(j["hits"])')" "3" "three hits"
expect_eq "$(json 'all(h["title"] == j["hits"][0]["title"] for h in j["hits"])')" "True" \
  "every hit shows the same title"
expect_eq "$(json 'j["hits"][0]["title"].startswith("Zebracorn xxx")')" "True" "the title is shown"
expect_eq "$(json 'len(j["hits"][0]["title"].encode())')" "1024" "the title is cut to 1 kB"
expect_eq "$(json 'j["hits"][0]["title"][-1]')" "…" "the cut title ends with an ellipsis"
expect_eq "$(json 'j["hits"][0]["url"]')" "https://example.com/big" "the url is shown"
expect_eq "$(json 'j["hits"][0]["path"]')" "news/big.md" "the path is shown"
expect_eq "$(json 'len(j["hits"][0]["meta"])')" "64" "at most 64 meta keys are kept"
expect_eq "$(json 'len(j["hits"][0]["meta"]["author"].encode())')" "4096" \
  "a meta value is cut to 4 kB"
expect_eq "$(json 'j["hits"][0]["meta"]["key000"]')" "value 0" "short meta values are kept whole"
expect_eq "$(json 'j["hits"][0]["context"]["after"][0].startswith("Line ")')" "True" \
  "context sentences are shown"

# The same bounds in --dry-run, which shows what would be indexed.
run "$LEDE_INDEX_BIN" --dry-run "$T/news/big.md"
expect_rc 0 "--dry-run reads the big article"
expect_eq "$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.loads(sys.stdin.readline())["title"].encode()))')" \
  "1024" "--dry-run shows the cut title"

# Renamed: the article is moved, not indexed again, and still shows its
# fields at the new path.
mv "$T/news/big.md" "$T/news/moved.md"
run "$LEDE_INDEX_BIN" --index "$T/idx" --json "$T/news"
expect_rc 0 "the rename is taken"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json --limit 1 quokka
expect_eq "$(json 'j["hits"][0]["path"]')" "news/moved.md" "the moved article shows its new path"
expect_eq "$(json 'j["hits"][0]["source"]')" "moved.md" "and its new default source"
expect_eq "$(json 'j["hits"][0]["url"]')" "https://example.com/big" "and still its url"
run "$LEDE_QUERY_BIN" --index "$T/idx" --source moved.md quokka
expect_rc 0 "--source finds the moved article by its new source"
run "$LEDE_QUERY_BIN" --index "$T/idx" --source big.md quokka
expect_rc 1 "and no longer by its old one"

finish
