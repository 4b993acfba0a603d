# Several indexes searched as one (issue #14): a collection indexed whole
# and as three indexes of a third of its files each gives the same answers
# (hits, order, scores to 1e-6, neighbours, totals, suggestions) for words,
# phrases, NEAR, wildcards, fields and every option that pages or filters;
# hits tied on score come in the documented order (newer, then path, then
# sentence), whichever index holds them. Indexes of other languages are
# refused naming the index.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
python3 - <<'PY'
import os, random
r = random.Random(11)
vocab = ("oil price crude opec output barrel vienna minister quota cut rise fall market "
         "share bank rate loan debt bond yield dollar yen euro trade tariff export import "
         "steel grain wheat harvest drought storm port ship cargo strike union wage talks "
         "summit defense missile launch treaty border army navy election vote party").split()
sources = ["Coast Wire", "North Post", "Daily Ledger"]
os.makedirs("c", exist_ok=True)
shared = "Ministers agreed to cut oil output at the Vienna summit."
for i in range(150):
    words = lambda n: " ".join(r.choice(vocab[: 10 + i % 50]) for _ in range(n))
    sents = [words(r.randint(6, 16)).capitalize() + "." for _ in range(r.randint(3, 9))]
    if i % 7 == 0:
        sents.insert(1, shared)  # one sentence in many articles: ties
    month = 1 + i % 6
    head = "---\ntitle: %s\nsource: %s\n" % (words(4).title(), sources[i % 3])
    if i % 10:
        head += "date: 2024-%02d-%02d\n" % (month, 1 + i % 27)
    open("c/a%03d.txt" % i, "w").write(head + "---\n" + " ".join(sents) + "\n")
# Daily reports under one headline, each sentence of the same length with
# "tonnage" once: a title: word, or that word, matches more sentences than
# the ties Xapian is asked for (1,000 past the page), all of the same weight
# (0 for the title word), in articles that tie too.
for i in range(60):
    sents = ["Tonnage " + " ".join(r.choice(vocab) for _ in range(8)) + "." for _ in range(20)]
    open("c/r%02d.txt" % i, "w").write("---\ntitle: Port report\nsource: Coast Wire\ndate: 2024-06-%02d\n---\n%s\n"
                                       % (1 + i % 28, " ".join(sents)))
# The same wire story in six files: equal scores, told apart by the tie rule.
for i, date in enumerate(["2024-05-02", "", "2024-05-09", "2024-05-02", "", "2024-04-30"]):
    head = "---\ntitle: Harbour strike ends\nsource: Wire\n" + ("date: %s\n" % date if date else "")
    open("c/w%d.txt" % (5 - i), "w").write(head + "---\nDockers at the zorbital harbour ended their strike. Cargo moved again.\n")
PY
"$LEDE_INDEX_BIN" --quiet --index whole c || bad "indexing the whole collection"
for k in 0 1 2; do
  "$LEDE_INDEX_BIN" --quiet --index "s$k" $(ls c/*.txt | awk -v k=$k 'NR % 3 == k') || bad "indexing shard $k"
done
# A shard holds no article twice and the three hold them all.
run "$LEDE_QUERY_BIN" --index s0 --index s1 --index s2 --json --stats
expect_rc 0 "--stats over three indexes"
expect_eq "$(json 'j["articles"]')" "216" "the three indexes hold every article once"

cat >queries <<'Q'
oil
oil price
opec output barrel
"oil output"
"cut oil output"
oil NEAR/3 summit
crude ADJ opec
vienna -summit
oil AND NOT price
ship*
s*
c*
oil m*
title:s*
title:oil
title:market price
title:report zorbital
zorbital title:report harbour
tonnage
source:"north post" oil
date:2024-03 oil
date:2024-02..2024-04 trade
ministers agreed
Q
compare() { # compare LABEL OPTIONS...: --batch answers of the whole and of the shards
  local label=$1
  shift
  "$LEDE_QUERY_BIN" --index whole --batch "$@" <queries >whole.out 2>whole.err
  "$LEDE_QUERY_BIN" --index s0 --index s1 --index s2 --batch "$@" <queries >shards.out 2>shards.err
  local diff
  diff=$(python3 - <<'PY'
import json
w = [json.loads(l) for l in open("whole.out")]
s = [json.loads(l) for l in open("shards.out")]
out = []
for a, b in zip(w, s):
    q = a["query"]
    if a["total_exact"] != b["total_exact"] or (a["total_exact"] and a["total"] != b["total"]):
        out.append("%s: total %s vs %s" % (q, a["total"], b["total"]))
    if a.get("suggestion") != b.get("suggestion"):
        out.append("%s: suggestion %r vs %r" % (q, a.get("suggestion"), b.get("suggestion")))
    ha, hb = a["hits"], b["hits"]
    if len(ha) != len(hb):
        out.append("%s: %d hits vs %d" % (q, len(ha), len(hb)))
    for x, y in zip(ha, hb):
        same = (x["path"], x["sentence"], x["text"], x["context"], x["rank"]) == (
            y["path"], y["sentence"], y["text"], y["context"], y["rank"])
        if not same or abs(x["score"] - y["score"]) > 1e-6 * max(1, abs(x["score"])):
            out.append("%s: rank %d: %s/%d %.6f vs %s/%d %.6f" % (
                q, x["rank"], x["path"], x["sentence"], x["score"], y["path"], y["sentence"], y["score"]))
            break
if len(w) != len(s):
    out.append("%d answers vs %d" % (len(w), len(s)))
print("\n".join(out[:5]))
PY
)
  expect_eq "$diff" "" "$label: three indexes answer as the whole"
  expect_eq "$(grep -c . whole.out)" "$(grep -c . queries)" "$label: one answer per query"
}
compare "defaults"
compare "--per-article 1" --per-article 1 -n 20
compare "--per-article 0" --per-article 0 -n 30
compare "--sort date" --sort date -n 15
compare "--context 1" --context 1
compare "--since/--until" --since 2024-02 --until 2024-04
compare "--offset 10" --offset 10
compare "--source" --source "coast wire" -n 20

# Ties: the same story in six files scores the same everywhere; newer
# first, then by path (undated last), whichever index holds each copy.
run "$LEDE_QUERY_BIN" --index s2 --index s0 --index s1 --json --per-article 0 zorbital
expect_eq "$(json '" ".join(h["path"] for h in j["hits"])')" "c/w3.txt c/w2.txt c/w5.txt c/w0.txt c/w1.txt c/w4.txt" "tied hits: newer first, then by path, undated last"
run "$LEDE_QUERY_BIN" --index whole --json --per-article 0 zorbital
expect_eq "$(json '" ".join(h["path"] for h in j["hits"])')" "c/w3.txt c/w2.txt c/w5.txt c/w0.txt c/w1.txt c/w4.txt" "the same order from the whole"

# Past the words' hits, a title: field's matches weigh nothing and tie: they
# come in the tie order too (newer, path, sentence), however many there are
# and whichever index holds them; --per-article counts an article's hits.
for where in "--index whole" "--index s1 --index s2 --index s0"; do
  run "$LEDE_QUERY_BIN" $where --json --per-article 0 -n 30 'title:report zorbital'
  expect_eq "$(json '" ".join("%s/%d" % (h["path"], h["sentence"]) for h in j["hits"][5:8] + j["hits"][25:27])')" \
    "c/w4.txt/1 c/r27.txt/1 c/r27.txt/2 c/r27.txt/20 c/r55.txt/1" "zero-weight ties in the tie order ($where)"
  run "$LEDE_QUERY_BIN" $where --json -n 12 'title:report zorbital'
  expect_eq "$(json '" ".join("%s/%d" % (h["path"], h["sentence"]) for h in j["hits"][6:])')" \
    "c/r27.txt/1 c/r27.txt/2 c/r27.txt/3 c/r55.txt/1 c/r55.txt/2 c/r55.txt/3" "zero-weight ties, three an article ($where)"
  run "$LEDE_QUERY_BIN" $where --json --per-article 0 -n 25 tonnage
  expect_eq "$(json '" ".join("%s/%d" % (h["path"], h["sentence"]) for h in j["hits"][18:23])')" \
    "c/r27.txt/19 c/r27.txt/20 c/r55.txt/1 c/r55.txt/2 c/r55.txt/3" "1,200 tied hits in the tie order ($where)"
  expect_eq "$(json 'len(set(h["score"] for h in j["hits"]))')" "1" "the hits tie ($where)"
done

# Spelling suggestions come from every index.
printf -- '---\ntitle: Zanzibar\n---\nThe zanzibarian ferry sailed.\n' >c2.txt
"$LEDE_INDEX_BIN" --quiet --index s3 c2.txt
run "$LEDE_QUERY_BIN" --index s0 --index s3 --json zanzibarain
expect_eq "$(json 'j.get("suggestion")')" "zanzibarian" "a suggestion from the second index"

# Indexes that cannot be searched as one are refused, naming the index.
"$LEDE_INDEX_BIN" --quiet --language french --index fr c2.txt
run "$LEDE_QUERY_BIN" --index s0 --index fr oil
expect_rc 2 "indexes of two languages"
expect_contains "$err" "fr: index is in french, not english" "the other language's index is named"
run "$LEDE_QUERY_BIN" --index s0 --index nowhere oil
expect_rc 2 "a missing index among several"
expect_contains "$err" "nowhere" "the missing index is named"
run "$LEDE_QUERY_BIN" --index s0 --index s0 oil
expect_rc 2 "an index given twice"
expect_contains "$err" "s0: index given twice" "the repeated index is named"
# Under another name, through a link, or as a copy: the same database
# (its UUID), which would be searched twice (twice the passages).
ln -s s0 s0link
cp -r s0 s0copy
for other in ./s0/ s0link s0copy; do
  run "$LEDE_QUERY_BIN" --index s0 --index "$other" oil
  expect_rc 2 "the same index as $other"
  expect_contains "$err" "$other: the same index as s0" "the repeated index is named ($other)"
done
finish
