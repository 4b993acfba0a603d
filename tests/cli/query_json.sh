# JSON and JSONL output: every document lede prints matches the schema in
# docs/lede-query.schema.json (checked by a small validator below), and stays
# valid JSON and valid UTF-8 whatever bytes the articles, paths and queries
# hold.
. "$(dirname "$0")/../cli_lib.sh"
IDX="$T/idx"
SCHEMA="$LEDE_SRC/docs/lede-query.schema.json"

# validate DEF: every line of $out is a JSON document matching $defs/DEF of
# the schema, decoded as strict UTF-8. Prints "ok" or the first problem.
validate() {
  printf '%s\n' "$out" | python3 -c '
import json, re, sys
schema = json.load(open(sys.argv[1], encoding="utf-8"))
TYPES = {"object": dict, "array": list, "string": str, "null": type(None),
         "number": (int, float), "integer": int, "boolean": bool}

def check(v, s, where):
    if "$ref" in s:
        check(v, schema["$defs"][s["$ref"].split("/")[-1]], where)
    t = s.get("type")
    if t is not None:
        ts = t if isinstance(t, list) else [t]
        if not any(isinstance(v, TYPES[x]) and not (x in ("integer", "number") and isinstance(v, bool)) for x in ts):
            raise ValueError("%s: %r is not %s" % (where, v, t))
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                raise ValueError("%s: missing %s" % (where, k))
        props = s.get("properties", {})
        extra = s.get("additionalProperties", True)
        for k, x in v.items():
            if k in props:
                check(x, props[k], where + "." + k)
            elif extra is False:
                raise ValueError("%s: unexpected key %s" % (where, k))
            elif isinstance(extra, dict):
                check(x, extra, where + "." + k)
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v):
            check(x, s["items"], "%s[%d]" % (where, i))
    if isinstance(v, str) and "pattern" in s and not re.search(s["pattern"], v):
        raise ValueError("%s: %r does not match %s" % (where, v, s["pattern"]))
    if isinstance(v, (int, float)) and "minimum" in s and v < s["minimum"]:
        raise ValueError("%s: %r below %s" % (where, v, s["minimum"]))

data = sys.stdin.buffer.read()
try:
    text = data.decode("utf-8")
    lines = [l for l in text.split("\n") if l]
    if not lines:
        raise ValueError("no output")
    for n, line in enumerate(lines, 1):
        check(json.loads(line), {"$ref": "#/$defs/" + sys.argv[2]}, "line %d" % n)
    print("ok")
except Exception as e:
    print("invalid: %s" % e)
' "$SCHEMA" "$1"
}

# Articles with invalid UTF-8 in the text, the front matter and the file
# name, a NUL-free control character, and a JSONL article.
mkdir -p "$T/a"
printf -- '---\ntitle: Bad \xff title\nsource: Src \xc3\n\xfekey: val\xfe\ndate: 2023-11-09\n---\nThe missile \xff\xfe report with a\ttab and \x01 control, caf\xc3\xa9.\n\nA second missile sentence \xe2\x82.\n' >"$T/a/bad.txt"
printf 'A missile in a file with a bad name.\n' >"$T/a/name-$(printf '\xff\xfe').txt"
printf '{"title":"JSONL missile","source":"Wire","date":"2024-01-02","text":"A JSONL missile story. It has \\"quotes\\" and a \\\\ backslash."}\n' >"$T/a/wire.jsonl"
cp "$LEDE_SRC/corpus/"*.txt "$T/a/"
run "$LEDE_INDEX_BIN" --index "$IDX" --json "$T/a"
expect_eq "$(( rc <= 1 ))" "1" "indexing odd articles (status 1: warned about bad bytes)"
expect_eq "$(validate index_summary)" "ok" "lede-index --json matches the schema"

run "$LEDE_INDEX_BIN" --dry-run "$T/a"
expect_rc 1 "dry run (status 1, as the run: warned about bad bytes)"
expect_contains "$err" "bad.txt: invalid UTF-8; bad bytes replaced with U+FFFD" "dry run: the run's warning"
expect_eq "$(validate dry_run_article)" "ok" "lede-index --dry-run matches the schema"
expect_contains "$out" '"title":"Bad � title"' "invalid title bytes replaced"

run "$LEDE_QUERY_BIN" --index "$IDX" --timeline month --json "defense OR missile"
expect_rc 0 "timeline"
expect_eq "$(validate timeline)" "ok" "lede-query --timeline --json matches the schema"

run "$LEDE_QUERY_BIN" --index "$IDX" --stats --json
expect_rc 0 "stats"
expect_eq "$(validate stats)" "ok" "lede-query --stats --json matches the schema"
expect_contains "$out" '"source":"Src �"' "invalid source bytes replaced"

run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 100 --context 1 missile
expect_rc 0 "query over odd articles"
expect_eq "$(validate results)" "ok" "--json matches the schema"
expect_eq "$(json 'sum(1 for h in j["hits"] if h["path"].endswith("bad.txt"))')" "2" "both sentences of the bad article"
expect_contains "$out" 'name-��.txt' "invalid path bytes replaced"
expect_contains "$out" '\u0001' "control characters escaped"
run "$LEDE_QUERY_BIN" --index "$IDX" --json quotes backslash
expect_contains "$out" '\"quotes\" and a \\ backslash' "quotes and backslashes escaped"

# --explain: every part the docs name, as the schema says (a keyword
# query, and a question whose answer-type parts are set).
for q in missile "When was the missile fired?"; do
  run "$LEDE_QUERY_BIN" --index "$IDX" --json --explain --limit 100 "$q"
  expect_eq "$(validate results)" "ok" "--json --explain matches the schema: $q"
done
expect_eq "$(json 'sorted(j["hits"][0]["explain"])')" '["answer", "answer_weight", "article", "article_coverage", "article_coverage_weight", "article_weight", "boost", "coverage", "coverage_weight", "proximity", "proximity_weight", "rerank", "sentence"]' "--explain's parts"

run "$LEDE_QUERY_BIN" --index "$IDX" --jsonl --limit 100 --context 2 missile
expect_eq "$(validate hit)" "ok" "--jsonl lines match the hit schema"
expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "$(printf '%s\n' "$out" | grep -c '"rank":')" "one line per hit"
# An empty index: --count and --timeline answer in their own layout.
mkdir -p "$T/gone"
printf 'Gulls nested on the pier.\n' >"$T/gone/g.txt"
"$LEDE_INDEX_BIN" --quiet --index "$T/empty-idx" "$T/gone" && rm "$T/gone/g.txt" &&
  "$LEDE_INDEX_BIN" --quiet --index "$T/empty-idx" "$T/gone" || bad "emptying an index"
run "$LEDE_QUERY_BIN" --index "$T/empty-idx" --count --json gulls
expect_rc 1 "--count over an empty index"
expect_eq "$(validate count)" "ok" "--count --json over an empty index matches the count schema"
run "$LEDE_QUERY_BIN" --index "$T/empty-idx" --timeline month --json gulls
expect_eq "$(validate timeline)" "ok" "--timeline --json over an empty index matches the timeline schema"

# What the lines cannot say goes to standard error: a corrected query, no
# passages, an offset past the end.
run "$LEDE_QUERY_BIN" --index "$IDX" --jsonl missle
expect_contains "$err" "showing results for: missile (none for 'missle'" "--jsonl says the query was corrected"
run "$LEDE_QUERY_BIN" --index "$IDX" --jsonl zzqxj
expect_rc 1 "--jsonl without passages"
expect_contains "$err" "no passages match 'zzqxj'" "--jsonl says there are no passages"
run "$LEDE_QUERY_BIN" --index "$IDX" --jsonl --offset 1000 missile
expect_contains "$err" "no passages past --offset 1000" "--jsonl says the offset is past the end"

# Invalid UTF-8 and control characters in the query itself.
run "$LEDE_QUERY_BIN" --index "$IDX" --json $'missile \xff\xfe\x01 "'
expect_eq "$(validate results)" "ok" "odd query: valid JSON"
expect_eq "$(json 'j["query"]')" $'missile \xef\xbf\xbd\xef\xbf\xbd\x01 "' "odd query echoed with replacements"

# Every optional key: suggestion, warning; and an empty result.
run "$LEDE_QUERY_BIN" --index "$IDX" --json 'missle AND'
expect_eq "$(validate results)" "ok" "warning document"
run "$LEDE_QUERY_BIN" --index "$IDX" --json 'Seol'
expect_eq "$(json 'j.get("suggestion")')" "Seoul" "suggestion present, with the user's capital"
expect_eq "$(validate results)" "ok" "suggestion document"
run "$LEDE_QUERY_BIN" --index "$IDX" --json zzzzqqq
expect_rc 1 "no hits"
expect_eq "$(validate results)" "ok" "empty result"
expect_eq "$out" '{"query":"zzzzqqq","total":0,"total_exact":true,"offset":0,"hits":[]}' "empty result, exactly"
run "$LEDE_QUERY_BIN" --index "$IDX" --jsonl zzzzqqq
expect_eq "$out" "" "--jsonl with no hits prints nothing"

# --batch documents, including odd lines.
out=$(printf 'missile\n\xff\n\nmissle\n' | "$LEDE_QUERY_BIN" --index "$IDX" --batch --context 1)
expect_eq "$(validate results)" "ok" "--batch documents match the schema"

# Exactly the documented keys, in the documented order.
run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 1 "Shangri-La Dialogue"
expect_eq "$(json 'list(j)')" '["query", "total", "total_exact", "offset", "hits"]' "document keys in order"
expect_eq "$(json 'list(j["hits"][0])')" '["rank", "score", "text", "source", "date", "title", "path", "abs_path", "sentence", "place", "start", "end", "line", "column", "url", "language", "meta", "context", "also"]' "hit keys in order"

# A hit with copies: "also" as the schema says, dated and undated, a url.
mkdir -p "$T/w"
for i in 1 2 3; do
  { printf -- '---\nsource: Wire %s\n' "$i"
    [ "$i" -lt 3 ] && printf 'date: 2024-03-0%s\nurl: https://example.com/%s\n' "$i" "$i"
    printf -- '---\nThe harbour authority said the ferry service would resume next week after repairs to the pier.\n'; } >"$T/w/$i.txt"
done
"$LEDE_INDEX_BIN" --quiet --index "$T/widx" "$T/w" || bad "indexing copies"
run "$LEDE_QUERY_BIN" --index "$T/widx" --json ferry
expect_eq "$(validate results)" "ok" "a hit with copies matches the schema"
expect_eq "$(json 'len(j["hits"]), len(j["hits"][0]["also"])')" "(1, 2)" "three copies: one hit, two in also"
finish
