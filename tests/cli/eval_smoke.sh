# scripts/eval on tiny synthetic collections in the SciFact (BEIR) and
# Cranfield formats: the measures pass their hand-computed self-test, the
# table prints with every score in [0, 1], and queries whose words appear in
# exactly one article (a perfect ranking) score 1.0.
. "$(dirname "$0")/../cli_lib.sh"
EVAL="$LEDE_SRC/scripts/eval"

run "$EVAL" --self-test
expect_rc 0 "eval --self-test"
expect_contains "$out" "0 failures" "measures match the hand-computed figures"

# SciFact format: corpus, claims with rationale sentences, CRLF qrels with a header.
D="$T/data/scifact"
mkdir -p "$D/qrels"
cat >"$D/corpus.jsonl" <<'EOF'
{"_id": "101", "title": "Walrus anatomy", "text": "Walruses live in the Arctic. Their tusks grow throughout life and reach one metre. They eat clams.", "metadata": {}}
{"_id": "102", "title": "Narwhals", "text": "Narwhals are whales of the far north. The horn is a tooth that spirals to the left. Narwhals dive deep.", "metadata": {}}
{"_id": "103", "title": "Emperor penguins", "text": "Penguins cannot fly. Emperor penguins huddle through winter storms. Chicks hatch in spring.", "metadata": {}}
{"_id": "104", "title": "Arctic foxes", "text": "Foxes change colour with the seasons. They follow polar bears.", "metadata": {}}
{"_id": "105", "title": "Songs", "text": "Humpbacks sing long songs. The songs change every year.", "metadata": {}}
EOF
cat >"$D/queries.jsonl" <<'EOF'
{"_id": "1", "text": "walrus tusks grow throughout life", "metadata": {"101": [{"sentences": [1], "label": "SUPPORT"}]}}
{"_id": "2", "text": "narwhal tooth spirals", "metadata": {"102": [{"sentences": [1], "label": "SUPPORT"}]}}
{"_id": "3", "text": "emperor penguins huddle", "metadata": {"103": [{"sentences": [1], "label": "CONTRADICT"}]}}
{"_id": "4", "text": "an unjudged claim about foxes", "metadata": {}}
EOF
printf 'query-id\tcorpus-id\tscore\r\n1\t101\t1\r\n2\t102\t1\r\n3\t103\t1\r\n' >"$D/qrels/train.tsv"

# check_table WHAT: every figure in the table is in [0, 1], and the rows
# named "lede" score nDCG@10, MAP and R@100 of exactly 1.
check_table() {
  expect_contains "$out" "nDCG@10" "$1: table header"
  local verdict
  verdict=$(printf '%s\n' "$out" | python3 -c '
import re, sys
rows = bad = 0
for line in sys.stdin:
    nums = re.findall(r"(?<![\w.])(?:\d+\.\d{4})(?![\w.])", line)
    if line.startswith("lede") and len(nums) == 4:
        rows += 1
        if [float(x) for x in nums[:3]] != [1.0, 1.0, 1.0]:
            bad += 1; print("not perfect:", line.strip())
    for x in nums:
        if not 0.0 <= float(x) <= 1.0:
            bad += 1; print("out of range:", line.strip())
print("rows=%d bad=%d" % (rows, bad))')
  expect_contains "$verdict" "rows=2 bad=0" "$1: two lede rows, perfect, in range"
}

run "$EVAL" --bin "$LEDE_BIN" --data "$T/data" scifact
expect_rc 0 "eval on a tiny SciFact"
check_table "SciFact"
expect_contains "$out" "3 judged queries" "unjudged claims are not scored"
expect_contains "$out" "3 of     3 (1.0000)" "top passage is the rationale sentence"

# Cranfield format: .I numbers are not contiguous and qrels count queries by
# position (query 2 is .I 004); code -1 is not relevant.
C="$T/data/cranfield"
mkdir -p "$C"
cat >"$C/cran.all.1400" <<'EOF'
.I 1
.T
flutter of panels .
.A
a,b.
.B
j. 1.
.W
flutter of panels .
  panel flutter at supersonic speed is studied . the panels are thin .
.I 2
.T
heat conduction in composite slabs .
.A
.B
.W
heat conduction in composite slabs .
  the slabs are layered . conduction is solved exactly .
.I 3
.T
boundary layer transition .
.A
.B
.W
boundary layer transition .
  transition occurs at high reynolds number .
EOF
printf '.I 001\r\n.W\r\nsupersonic panel flutter\r\n.I 004\r\n.W\r\nconduction in layered composite\r\nslabs .\r\n' >"$C/cran.qry"
printf '1 1 2\n1 3 -1\n2 2 1\n' >"$C/cranqrel"
run "$EVAL" --bin "$LEDE_BIN" --data "$T/data" cranfield
expect_rc 0 "eval on a tiny Cranfield"
check_table "Cranfield"
expect_contains "$out" "2 judged queries" "Cranfield queries"

# SQuAD format (sentence retrieval): each question's answer lies in the one
# sentence holding its words, after a sentence of two-byte letters (answer
# offsets count characters, hits bytes): every row finds it first.
Q="$T/data/squad-sentences"
mkdir -p "$Q"
python3 - "$Q/squad-v1.1-dev-half-a.json" <<'PY'
import json, sys
greek = "Ωραίος καιρός σήμερα στην Αθήνα και στον Πειραιά."
paras = [(greek + " The walrus tusk grows all its life. Seals rest on ice.", "walrus tusk", "How long does a walrus tusk grow?"),
         (greek + " Narwhals dive deep in winter. Their horn spirals left.", "spirals left", "Which way does a narwhal horn spiral?"),
         ("Penguins cannot fly. Emperor penguins huddle in storms.", "huddle", "What do emperor penguins do in storms?")]
data = {"data": [{"title": "Polar_animals", "paragraphs": [
    {"context": c, "qas": [{"id": "q%d" % i, "question": q, "answers": [{"answer_start": c.index(a), "text": a}]}]}
    for i, (c, a, q) in enumerate(paras)]}]}
json.dump(data, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
run "$EVAL" --bin "$LEDE_BIN" --data "$T/data" squad
expect_rc 0 "eval on a tiny SQuAD"
expect_contains "$out" "3 questions, 3 paragraphs, 8 sentences" "every paragraph's sentences are listed"
expect_contains "$out" "lede (sentences + article evidence)              1.0000   1.0000   1.0000" "lede finds each answer first"
expect_contains "$out" "lede, sentence BM25 only                         1.0000   1.0000   1.0000" "sentence BM25 finds each answer first"
if /usr/bin/python3 -c 'import xapian' 2>/dev/null; then
  expect_contains "$out" "Xapian BM25 over lede's sentences                1.0000   1.0000   1.0000" "Xapian BM25 finds each answer first"
fi

# No collection: a clear message and status 2.
run "$EVAL" --bin "$LEDE_BIN" --data "$T/none" scifact
expect_rc 2 "missing collection"
expect_contains "$err" "not here" "missing collection message"
finish
