# --count (issue #21, "Counts"): the exact number of matching passages and
# of their articles, the same whether the archive is one index or several,
# equal to what a full listing finds; text and JSON.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir -p a b
for i in $(seq 1 40); do
  printf -- '---\ndate: 2024-02-%02d\n---\nThe harbour strike went on. Oil prices rose %d cents. The harbour strike talks failed.\n' $((i % 28 + 1)) "$i" >"a/$i.txt"
  printf 'Grain prices fell. The harbour was quiet on day %d.\n' "$i" >"b/$i.txt"
done
"$LEDE_INDEX_BIN" --quiet --index whole a b && "$LEDE_INDEX_BIN" --quiet --index ia a &&
  "$LEDE_INDEX_BIN" --quiet --index ib b || bad "indexing"
run "$LEDE_QUERY_BIN" --index whole --count harbour strike
expect_rc 0 "--count"
expect_eq "$out" "80 passages in 40 articles match 'harbour strike'" "text: passages and articles"
run "$LEDE_QUERY_BIN" --index whole --json --per-article 0 -n 1000 'harbour AND strike'
listed=$(json 'len(j["hits"]), len(set(h["path"] for h in j["hits"]))')
run "$LEDE_QUERY_BIN" --index whole --count --json harbour strike
expect_eq "$(json 'j["passages"], j["articles"]')" "$listed" "the count is what a full listing finds"
run "$LEDE_QUERY_BIN" --index ia --index ib --count --json harbour
expect_eq "$(json 'j["passages"], j["articles"]')" "(120, 80)" "two indexes counted as one"
run "$LEDE_QUERY_BIN" --index whole --count --json --since 2024-02-10 --until 2024-02-12 harbour
expect_eq "$(json 'j["passages"], j["articles"]')" "(12, 6)" "filters apply; undated articles are left out"
# A figure query (an OR of the figure's terms): 24 passages in 12 articles.
mkdir -p f
for i in $(seq 1 12); do
  printf 'The deal was worth \xc2\xa3600m in cash. Rivals paid $600m before. Note %d.\n' "$i" >"f/$i.txt"
done
"$LEDE_INDEX_BIN" --quiet --index fig f || bad "indexing figures"
run "$LEDE_QUERY_BIN" --index fig --json --per-article 0 -n 1000 '600m'
listed=$(json 'len(j["hits"]), len(set(h["path"] for h in j["hits"]))')
expect_eq "$listed" "(24, 12)" "a figure in two currencies, twice in each article"
run "$LEDE_QUERY_BIN" --index fig --count --json '600m'
expect_eq "$(json 'j["passages"], j["articles"]')" "$listed" "an OR query's articles counted, not estimated"
run "$LEDE_QUERY_BIN" --index whole --count zzzqqq
expect_rc 1 "nothing matches"
expect_eq "$out" "0 passages in 0 articles match 'zzzqqq'" "a count of nothing"
run "$LEDE_QUERY_BIN" --index whole --count --batch
expect_rc 2 "--count does not take --batch"
finish
