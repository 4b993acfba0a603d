# A query of fields alone (`source:`, `title:`, `date:`, a title wildcard)
# weighs nothing:
# every match scores 0 and ties. Its page must still follow the documented
# order (newer first, then path, then sentence number) over ALL its
# matches, not over the first thousand or so Xapian met in docid order,
# and be the same whether the archive is one index or three. The
# collection holds more matches than a tied group is ever read to (1,000
# past the page), with the newest articles in the files indexed last.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
python3 - <<'PY'
import os
os.makedirs("c", exist_ok=True)
# 300 articles of 5 sentences, "source: Harbour Wire", each dated a day
# after the one before (28-day months):
# the last file is the newest, so the oldest are indexed first.
for i in range(300):
    day = 1 + i % 28
    month = 1 + i // 28
    sents = " ".join("Item %d of the dock report, line %d, on cargo and tides." % (i, k) for k in range(5))
    # Every third headline says "Dockside": title:do* stands for two words.
    word = "Dockside" if i % 3 == 0 else "Dock"
    head = "---\ntitle: %s report %d\nsource: Harbour Wire\ndate: 2023-%02d-%02d\n---\n" % (word, i, month, day)
    open("c/a%03d.txt" % i, "w").write(head + sents + "\n")
PY
"$LEDE_INDEX_BIN" --quiet --index whole c || bad "indexing the collection"
for k in 0 1 2; do
  "$LEDE_INDEX_BIN" --quiet --index "s$k" $(ls c/*.txt | awk -v k=$k 'NR % 3 == k') || bad "indexing shard $k"
done
page() { # page OPTIONS...: file, sentence, date and score of each hit, one a line
  "$LEDE_QUERY_BIN" --json --limit 10 "$@" | python3 -c '
import json, sys
for h in json.load(sys.stdin)["hits"]:
    print(h["path"].rsplit("/", 1)[-1], h["sentence"], h["date"], h["score"])'
}
for opts in "" "--per-article 0" "--sort date" "--offset 10" "--per-article 1"; do
  for q in "source:\"Harbour Wire\"" "title:dock" "title:do*" "date:2023-10"; do
    # shellcheck disable=SC2086
    one=$(page --index whole $opts "$q")
    # shellcheck disable=SC2086
    three=$(page --index s0 --index s1 --index s2 $opts "$q")
    expect_eq "$three" "$one" "$q $opts: three indexes give the one index's page"
  done
done
# The newest article first, its sentences in order (the last file holds it).
expect_eq "$(page --index whole 'source:"Harbour Wire"' | head -3)" "a299.txt 1 2023-11-20 0
a299.txt 2 2023-11-20 0
a299.txt 3 2023-11-20 0" "source:\"Harbour Wire\": newest first, then sentence number"
expect_eq "$(page --index whole --per-article 0 'title:dock' | awk '{print $1, $2}' | tr '\n' ' ')" \
  "a299.txt 1 a299.txt 2 a299.txt 3 a299.txt 4 a299.txt 5 a298.txt 1 a298.txt 2 a298.txt 3 a298.txt 4 a298.txt 5 " \
  "title:dock --per-article 0: newest articles first"
expect_eq "$(page --index whole --per-article 0 'title:do*' | awk 'NR <= 6 {print $1, $2}' | tr '\n' ' ')" \
  "a299.txt 1 a299.txt 2 a299.txt 3 a299.txt 4 a299.txt 5 a298.txt 1 " \
  "title:do* --per-article 0: a field's wildcard alone keeps the order too"
expect_eq "$(page --index whole --offset 10 --per-article 0 'date:2023-10' | head -1)" "a277.txt 1 2023-10-26 0" \
  "date:2023-10 --offset 10: the third newest article of the month"
finish
