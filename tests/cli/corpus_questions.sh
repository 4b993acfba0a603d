# Questions about the two articles of corpus/ (tests/data/questions/
# corpus.tsv: a question, a tab, words of the sentence that answers it):
# each answer is among the first 10 passages, and the mean reciprocal
# rank stays at 0.90 or more (0.867 with BM25 and article evidence alone,
# 0.898 sentence BM25 alone, 0.915 with the rerank stage of the ninth
# session).
. "$(dirname "$0")/../cli_lib.sh"
"$LEDE_INDEX_BIN" --quiet --index "$T/idx" "$LEDE_SRC/corpus" || bad "indexing corpus/"
cut -f1 "$LEDE_SRC/tests/data/questions/corpus.tsv" |
  "$LEDE_QUERY_BIN" --index "$T/idx" --batch --json -n 10 >"$T/answers.json" 2>"$T/err" || bad "lede-query --batch: $(cat "$T/err")"
report=$(python3 - "$LEDE_SRC/tests/data/questions/corpus.tsv" "$T/answers.json" <<'PY'
import json, sys
qs = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
answers = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
missed, rr = [], 0.0
for (q, want), a in zip(qs, answers):
    r = next((h["rank"] for h in a["hits"] if want in h["text"]), None)
    if r is None:
        missed.append(q)
    else:
        rr += 1.0 / r
print("%d %d %.3f %s" % (len(answers), len(qs), rr / len(qs), "|".join(missed)))
PY
)
set -- $report
expect_eq "$1" "$2" "one answer per question"
expect_eq "${4:-}" "" "every answer among the first 10"
expect_eq "$(awk -v m="$3" 'BEGIN { print (m >= 0.90) }')" "1" "mean reciprocal rank $3 >= 0.90"
echo "corpus_questions: MRR $3"
finish
