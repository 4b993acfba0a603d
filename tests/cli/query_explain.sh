# --explain (issue #18): each hit's score split into its sentence's BM25,
# its article's boost (article BM25 x weight) and the rerank stage's share
# (coverage, proximity and for a typed question the answer type and the
# article's BM25 x coverage, each x its weight). The parts add up to the score
# shown, asking for them changes no hit, and they are the same whether the
# articles sit in one index or in three.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
python3 - <<'PY'
import os, random
r = random.Random(5)
vocab = "harbour strike cargo ship wage union talks port crane dock minister fuel price storm".split()
os.makedirs("c")
for i in range(60):
    sents = [" ".join(r.choice(vocab[: 5 + i % 10]) for _ in range(r.randint(4, 12))).capitalize() + "."
             for _ in range(r.randint(2, 7))]
    open("c/a%02d.txt" % i, "w").write("---\ntitle: Report %d\nsource: Wire\n---\n%s\n" % (i, " ".join(sents)))
PY
"$LEDE_INDEX_BIN" --quiet --index whole c || bad "indexing the collection"
for k in 0 1 2; do
  "$LEDE_INDEX_BIN" --quiet --index "s$k" $(ls c/*.txt | awk -v k=$k 'NR % 3 == k') || bad "indexing shard $k"
done
printf '%s\n' "harbour" "harbour strike" "cargo ship wage" "union talks -storm" '"port crane"' "storm OR fuel price" \
  "title:report harbour" "How many cargo ships?" "Who leads the union talks?" >queries

# check FILE...: every hit of every document in FILE has an explain whose
# parts add up to its score (each part is rounded to 4 decimals, as the score),
# and whose rerank is its features times their weights.
check() {
  python3 - "$@" <<'PY'
import json, sys
n = bad = boosted = reranked = typed = 0
for path in sys.argv[1:]:
    for line in open(path):
        for h in json.loads(line)["hits"]:
            e = h["explain"]
            n += 1
            boosted += e["boost"] > 0
            reranked += e["rerank"] > 0
            typed += e["answer_weight"] > 0
            feats = e["coverage"] * e["coverage_weight"] + e["proximity"] * e["proximity_weight"] + \
                e["answer"] * e["answer_weight"] + e["article_coverage"] * e["article_coverage_weight"]
            # article and coverage are rounded to 4 decimals: their product to within 1e-4 x article
            acov = e["article"] * e["coverage"] if e["article_coverage_weight"] else 0
            if abs(e["sentence"] + e["boost"] + e["rerank"] - h["score"]) > 3e-4 or \
               abs(e["article"] * e["article_weight"] - e["boost"]) > 1e-3 or e["sentence"] < -1e-4 or \
               abs(feats - e["rerank"]) > 1e-3 or not (0 <= e["coverage"] <= 1 and 0 <= e["proximity"] <= 1) or \
               e["answer"] not in (0, 1) or abs(acov - e["article_coverage"]) > 1e-4 * (1 + e["article"]) or \
               (e["article_coverage_weight"] > 0) != (e["answer_weight"] > 0):
                bad += 1
                print("parts do not add up:", h["path"], h["score"], e)
print("hits=%d boosted=%d reranked=%d typed=%d bad=%d" % (n, boosted, reranked, typed, bad))
PY
}

# One index, then three: the parts add up, and some hits carry a boost of 4.5 x their article's BM25.
run sh -c "'$LEDE_QUERY_BIN' --index whole --limit 15 --explain --batch <queries >one.json"
expect_rc 0 "--explain --batch on one index"
run check one.json
expect_contains "$out" "bad=0" "one index: sentence + boost + rerank = score for every hit"
expect_not_contains "$out" "boosted=0 " "one index: article evidence is shown"
expect_not_contains "$out" "reranked=0 " "one index: the rerank stage's share is shown"
expect_not_contains "$out" "typed=0 " "one index: the typed questions' answer type is shown"
expect_eq "$(python3 -c 'import json; print(float(json.loads(open("one.json").readline())["hits"][0]["explain"]["article_weight"]))')" \
  "4.5" "the default article weight is shown"
expect_eq "$(python3 -c 'import json; e = json.loads(open("one.json").readline())["hits"][0]["explain"]; print(float(e["coverage_weight"]), float(e["proximity_weight"]))')" \
  "10.0 3.0" "the rerank's learned weights are shown (docs/eval.md)"
run sh -c "'$LEDE_QUERY_BIN' --index s0 --index s1 --index s2 --limit 15 --explain --batch <queries >three.json"
expect_rc 0 "--explain --batch on three indexes"
run check three.json
expect_contains "$out" "bad=0" "three indexes: sentence + boost + rerank = score for every hit"

# The same hits and parts over one index and three (to rounding).
same() {
  python3 - "$1" "$2" <<'PY'
import json, sys
def hits(p):
    return [[(h["path"], h["sentence"], h["score"], h.get("explain")) for h in json.loads(l)["hits"]] for l in open(p)]
a, b = hits(sys.argv[1]), hits(sys.argv[2])
diff = 0
for x, y in zip(a, b):
    for (p, s, sc, e), (q, t, sd, f) in zip(x, y):
        if (p, s) != (q, t) or abs(sc - sd) > 2e-4 or \
           (e and any(abs(e[k] - f[k]) > 2e-4 for k in e)):
            diff += 1
            print("differs:", p, s, sc, e, "|", q, t, sd, f)
print("diff=%d lengths=%s" % (diff, [len(x) for x in a] == [len(y) for y in b]))
PY
}
run same one.json three.json
expect_contains "$out" "diff=0 lengths=True" "the parts are the same over one index and three"

# Asking for the parts changes no hit.
run sh -c "'$LEDE_QUERY_BIN' --index whole --limit 15 --batch <queries >plain.json"
run same plain.json one.json
expect_contains "$out" "diff=0 lengths=True" "--explain changes no hit, order or score"
expect_not_contains "$(cat plain.json)" '"explain"' "no explain without --explain"

# Text: a line per hit with the parts; JSONL: the object on each hit.
run "$LEDE_QUERY_BIN" --index whole --explain harbour strike
expect_rc 0 "--explain as text"
expect_contains "$out" "= sentence " "text shows the sentence's part"
expect_contains "$out" " x weight 4.5)" "text shows the article weight"
expect_contains "$out" " + rerank " "text shows the rerank stage's share"
expect_contains "$out" "(coverage " "text shows the coverage feature"
run "$LEDE_QUERY_BIN" --index whole --explain "How many cargo ships?"
expect_contains "$out" " x 3 + answer type " "text shows the answer type of a question asking for a number"
expect_contains "$out" " + article x coverage " "text shows a typed question's article x coverage"
run "$LEDE_QUERY_BIN" --index whole --jsonl --explain harbour
expect_contains "$(printf '%s\n' "$out" | head -1)" '"explain":{"sentence":' "--jsonl carries explain"

# Sentence BM25 alone: no boost, weight 0, no rerank, the score is the sentence's.
run env LEDE_RANK=sentence "$LEDE_QUERY_BIN" --index whole --json --explain harbour strike
expect_eq "$(json 'float(sum(h["explain"]["boost"] + h["explain"]["article_weight"] for h in j["hits"]))')" "0.0" \
  "LEDE_RANK=sentence: no boost"
expect_eq "$(json 'float(sum(h["explain"]["rerank"] + h["explain"]["coverage_weight"] for h in j["hits"]))')" "0.0" \
  "LEDE_RANK=sentence: no rerank"
run env LEDE_RANK=sentence "$LEDE_QUERY_BIN" --index whole --json --explain "How many cargo ships?"
expect_eq "$(json 'float(sum(h["explain"][k] for h in j["hits"] for k in ("answer", "answer_weight", "article_coverage", "article_coverage_weight")))')" "0.0" \
  "LEDE_RANK=sentence: no answer type"
expect_eq "$(json 'all(h["explain"]["sentence"] == h["score"] for h in j["hits"])')" "True" \
  "LEDE_RANK=sentence: the score is the sentence's"

# On a terminal the parts are wrapped to its width, between parts; into a
# pipe they stay one line.
if command -v script >/dev/null 2>&1; then
  tty_out=$(script -qec "stty cols 60; $LEDE_QUERY_BIN --index whole --explain --color never 'How many cargo ships?'" /dev/null | tr -d '\r')
  long=$(printf '%s\n' "$tty_out" | grep -E '^   score|^     \+' | awk 'length > 60' | wc -l)
  expect_eq "$long" 0 "on a 60-column terminal no explain line is longer"
  expect_contains "$tty_out" "     + article x coverage" "the parts wrap onto indented lines"
fi
run "$LEDE_QUERY_BIN" --index whole --explain 'How many cargo ships?'
expect_eq "$(printf '%s\n' "$out" | grep -c '^     +')" 0 "into a pipe the parts stay one line"

# A weight that would make scores infinite is taken as malformed: the
# default, and JSON numbers (null for an infinite score broke the schema).
for w in inf 1e308 nan; do
  run env LEDE_RANK_WEIGHT=$w "$LEDE_QUERY_BIN" --index whole --json --explain harbour
  expect_eq "$(json 'sorted({h["explain"]["article_weight"] for h in j["hits"] if h["explain"]["article"] > 0})')" "[4.5]" \
    "LEDE_RANK_WEIGHT=$w: the default weight"
done
# --explain with what shows no hits is refused, not ignored.
for o in --count "--timeline year" --stats; do
  # shellcheck disable=SC2086
  run "$LEDE_QUERY_BIN" --index whole --explain $o $([ "$o" = --stats ] || echo harbour)
  expect_rc 2 "--explain $o"
  expect_contains "$err" "--explain shows the parts of each hit's score; ${o%% *} shows no hits" "says why"
done
finish
