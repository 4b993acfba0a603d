# The ranking's article evidence reaches exactly the sentences of each
# scored article (docs/ranking.md: an article's sentences have the docids
# just below its article document, which holds their number), after a
# parallel build (shards merged by compaction), after changes, renames and
# removals, and the two searches it merges give pages that agree:
# - every hit scores its sentence BM25 (LEDE_RANK=sentence) plus one boost
#   per article, the same for all of that article's hits, never negative,
#   plus its own rerank share (--explain);
# - an updated index ranks exactly as a clean rebuild of the same files;
# - scores decrease, pages at an offset continue the same list, and
#   --per-article and --sort date hold.
. "$(dirname "$0")/../cli_lib.sh"
DOCS="$T/docs"
# 150 articles of 3 to 9 sentences drawn from a small vocabulary, so that
# many articles match each query with close scores.
python3 - "$DOCS" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(7)
words = ("oil price bank rate trade coffee grain wheat steel shares profit loss "
         "dollar yen export import tax budget strike mine gold copper ship port "
         "rain crop farm loan debt bond").split()
for i in range(150):
    sub = os.path.join(root, "d%d" % (i % 4))
    os.makedirs(sub, exist_ok=True)
    title = " ".join(rng.sample(words, 3)).capitalize()
    lines = ["---", "title: %s" % title, "source: Wire %d" % (i % 3),
             "date: 2023-%02d-%02d" % (1 + i % 12, 1 + i % 28), "---"]
    for _ in range(rng.randint(3, 9)):
        n = rng.randint(4, 12)
        lines.append(" ".join(rng.choice(words) for _ in range(n)).capitalize() + ".")
        lines.append("")
    with open(os.path.join(sub, "a%03d.txt" % i), "w") as f:
        f.write("\n".join(lines))
PY
IDX="$T/idx"
run "$LEDE_INDEX_BIN" --index "$IDX" --jobs 2 --json "$DOCS"
expect_rc 0 "parallel build"
expect_eq "$(json 'j["added"]')" "150" "articles indexed"

# Changes: rewrite some articles, rename others, remove a few.
python3 - "$DOCS" <<'PY'
import os, sys
root = sys.argv[1]
for i in range(0, 150, 7):
    p = os.path.join(root, "d%d" % (i % 4), "a%03d.txt" % i)
    with open(p, "a") as f:
        f.write("\nA late correction about the gold mine strike and the oil price.\n")
for i in range(3, 150, 11):
    d = os.path.join(root, "d%d" % (i % 4))
    os.rename(os.path.join(d, "a%03d.txt" % i), os.path.join(d, "moved%03d.txt" % i))
for i in range(5, 150, 13):
    p = os.path.join(root, "d%d" % (i % 4), "a%03d.txt" % i)
    if os.path.exists(p):  # (a135 was renamed above)
        os.remove(p)
PY
run "$LEDE_INDEX_BIN" --index "$IDX" --json "$DOCS"
expect_rc 0 "update"
expect_eq "$(json 'j["updated"] > 0 and j["removed"] > 0')" "True" "changes were applied"
CLEAN="$T/clean"
run "$LEDE_INDEX_BIN" --index "$CLEAN" --jobs 1 --quiet "$DOCS"
expect_rc 0 "clean build"

# check_query QUERY: the invariants above for one query.
check_query() {
  local q=$1
  # --all: the invariants are about every matching sentence; copies are
  # query_copies.sh's.
  # --explain: the rerank stage's share of each score, taken out below.
  "$LEDE_QUERY_BIN" --index "$IDX" --json --all --explain --limit 20 "$q" >"$T/comb.json"
  LEDE_RANK=sentence "$LEDE_QUERY_BIN" --index "$IDX" --json --all --limit 100000 "$q" >"$T/sent.json"
  "$LEDE_QUERY_BIN" --index "$CLEAN" --json --all --limit 20 "$q" >"$T/clean.json"
  "$LEDE_QUERY_BIN" --index "$IDX" --json --all --offset 10 --limit 10 "$q" >"$T/page2.json"
  "$LEDE_QUERY_BIN" --index "$IDX" --json --all --limit 20 --per-article 1 "$q" >"$T/per.json"
  "$LEDE_QUERY_BIN" --index "$IDX" --json --all --limit 20 --sort date "$q" >"$T/date.json"
  for page in "0 5" "5 5" "10 10"; do
    set -- $page
    "$LEDE_QUERY_BIN" --index "$IDX" --json --all --offset "$1" --limit "$2" --sort date "$q" >"$T/date$1.json"
  done
  out=$(python3 - "$T" "$q" <<'PY'
import json, sys
t, title_only = sys.argv[1], sys.argv[2] == "title:gold"
load = lambda n: json.load(open("%s/%s.json" % (t, n)))
comb, sent, clean = load("comb"), load("sent"), load("clean")
page2, per, date = load("page2"), load("per"), load("date")
key = lambda h: (h["path"], h["sentence"])
s_score = {key(h): h["score"] for h in sent["hits"]}
problems = []
hits = comb["hits"]
if len(hits) < 20:
    problems.append("only %d hits" % len(hits))
boosts = {}
for h in hits:
    if key(h) not in s_score:
        problems.append("hit %s not among the sentence matches" % (key(h),))
        continue
    b = h["score"] - h["explain"]["rerank"] - s_score[key(h)]
    if b < -1e-6:
        problems.append("negative boost %g for %s" % (b, key(h)))
    boosts.setdefault(h["path"], []).append(b)
# (scores are printed with a few decimals)
for p, bs in boosts.items():
    if max(bs) - min(bs) > 2e-3:
        problems.append("article %s has several boosts %s" % (p, sorted(bs)))
if not title_only and not any(b > 1e-3 for bs in boosts.values() for b in bs):
    problems.append("no hit has article evidence")
scores = [h["score"] for h in hits]
if scores != sorted(scores, reverse=True):
    problems.append("scores do not decrease")
# Equal scores are ordered by docid, which updates change: compare the
# scores, and the hits whose score no other hit shares.
def unique(hs):
    c = {}
    for h in hs:
        c[round(h["score"], 6)] = c.get(round(h["score"], 6), 0) + 1
    return [(key(h), h["score"]) for h in hs[:-1] if c[round(h["score"], 6)] == 1]
strip = lambda hs: [(key(h), round(h["score"], 6)) for h in hs]
if [round(h["score"], 6) for h in hits] != [round(h["score"], 6) for h in clean["hits"]] or \
        unique(hits) != unique(clean["hits"]):
    problems.append("updated index ranks unlike a clean build")
if strip(page2["hits"]) != strip(hits[10:20]):
    problems.append("--offset 10 --limit 10 is not hits 11-20")
arts = [h["path"] for h in per["hits"]]
if len(arts) != len(set(arts)):
    problems.append("--per-article 1 repeats an article")
if len(arts) < 10:
    problems.append("--per-article 1 gave only %d hits" % len(arts))
ds = [h["date"] for h in date["hits"]]
if ds != sorted(ds, reverse=True):
    problems.append("--sort date is not newest first")
if len(ds) != 20:
    problems.append("--sort date gave %d hits" % len(ds))
# By date too, pages of any length at any offset are parts of one list.
pages = [h for n in (0, 5, 10) for h in load("date%d" % n)["hits"]]
if strip(pages) != strip(date["hits"]):
    problems.append("--sort date: pages of 5, 5 and 10 are not the first 20 hits")
print("; ".join(problems) if problems else "ok")
PY
)
  expect_eq "$out" "ok" "ranking invariants for '$q'"
}

QUERIES=("oil" "gold mine" "bank rate loan" "coffee OR wheat" '"oil price"' "steel -ship"
  "title:gold" "correction")
for q in "${QUERIES[@]}"; do
  check_query "$q"
done

# --batch keeps the article map of its snapshot from the second query on
# (xapian_rank.h): each line must equal the query asked on its own.
printf '%s\n' "${QUERIES[@]}" "${QUERIES[@]}" >"$T/queries"
"$LEDE_QUERY_BIN" --index "$IDX" --batch --limit 20 <"$T/queries" >"$T/batch.jsonl"
for q in "${QUERIES[@]}"; do
  "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 20 "$q"
  echo
done >"$T/single.jsonl"
out=$(python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
batch = [json.loads(l) for l in open(t + "/batch.jsonl")]
single = [json.loads(l) for l in open(t + "/single.jsonl") if l.strip()]
strip = lambda j: [(h["path"], h["sentence"], round(h["score"], 6)) for h in j["hits"]]
bad = [b["query"] for b, s in zip(batch, single + single) if strip(b) != strip(s)]
print("ok" if len(batch) == 2 * len(single) and not bad else "differ: %s" % bad)
PY
)
expect_eq "$out" "ok" "--batch answers as single queries do"

# A deep page (more than 400 articles chosen) is searched in one search,
# not two (xapian_rank.cc, ONE_SEARCH_ARTICLES): the same parts hold, and
# three indexes give the one index's page.
python3 - "$T/deep" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(11)
words = "harbour crane dock tide barge quay pilot cargo".split()
for i in range(480):
    sub = os.path.join(root, "s%d" % (i % 3))
    os.makedirs(sub, exist_ok=True)
    body = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 9))).capitalize() + "."
            for _ in range(rng.randint(1, 3))]
    with open(os.path.join(sub, "b%03d.txt" % i), "w") as f:
        f.write("---\ntitle: Port note %d\ndate: 2024-01-%02d\n---\n%s\n" % (i, 1 + i % 28, "\n\n".join(body)))
PY
"$LEDE_INDEX_BIN" --quiet --index "$T/deep1" "$T/deep/s0" "$T/deep/s1" "$T/deep/s2"
for k in 0 1 2; do "$LEDE_INDEX_BIN" --quiet --index "$T/deep3$k" "$T/deep/s$k"; done
for opts in "--all --per-article 0" "" "--sort date"; do
  # shellcheck disable=SC2086
  "$LEDE_QUERY_BIN" --index "$T/deep1" --json --explain --limit 900 $opts harbour >"$T/deep1.json"
  # shellcheck disable=SC2086
  "$LEDE_QUERY_BIN" --index "$T/deep30" --index "$T/deep31" --index "$T/deep32" --json --explain \
    --limit 900 $opts harbour >"$T/deep3.json"
  out=$(python3 - "$T" "$opts" <<'PY'
import json, os, sys
t = sys.argv[1]
one, three = (json.load(open(t + f)) for f in ("/deep1.json", "/deep3.json"))
key = lambda j: [(os.path.basename(h["path"]), h["sentence"], h["score"]) for h in j["hits"]]
problems = []
if key(one) != key(three):
    problems.append("three indexes differ from one")
boosted, per = 0, {}
for h in one["hits"]:
    e = h["explain"]
    if abs(e["sentence"] + e["boost"] + e["rerank"] - h["score"]) > 3e-4:
        problems.append("parts do not add up")
    if abs(e["article_weight"] * e["article"] - e["boost"]) > 3e-4:
        problems.append("boost is not weight x article")
    if per.setdefault(h["path"], e["boost"]) != e["boost"]:
        problems.append("two boosts in one article")
    boosted += e["article"] > 0
if boosted <= 400 and "--sort" not in sys.argv[2]:  # by date: 30 articles scored
    problems.append("only %d hits boosted" % boosted)
print("ok" if not problems else "; ".join(sorted(set(problems))))
PY
  )
  expect_eq "$out" "ok" "a deep page ($opts): parts, boosts, three indexes"
done
finish
