# Syndicated copies collapse into one hit (issue #19, item 1): a wire story
# in five articles (a capitalised lead, curly quotes, a word changed, other
# sources and dates, one undated) is one hit whose "also" lists the four
# others earliest first, and a text line names them; --all shows every
# copy; paging, --per-article and totals count a group once; a copy added
# later joins, a renamed one stays, a removed representative leaves the
# next copy in its place; sentences under 10 words never collapse; three
# indexes of the collection answer as one does.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir c
art() { # art FILE SOURCE DATE TEXT
  { printf -- '---\ntitle: Ferry news from %s\nsource: %s\n' "$2" "$2"
    [ -n "$3" ] && printf 'date: %s\n' "$3"
    printf -- '---\n%s\n' "$4"; } >"c/$1"
}
wire='The harbour authority said on Tuesday that the "zorbex ferry" service would resume next week after repairs to the damaged northern pier were finished.'
art w1.txt "North Post" 2024-03-06 "$wire Tickets go on sale soon."
art w2.txt "Coast Wire" 2024-03-05 "$(printf '%s' "$wire" | sed 's/"zorbex ferry"/“zorbex ferry”/') Zorbex shares rose sharply."
art w3.txt "Bay Times" 2024-03-07 "THE HARBOUR AUTHORITY said on Tuesday that the 'zorbex ferry' service would resume next week after repairs to the damaged northern pier were finished."
art w4.txt "Daily Ledger" 2024-03-08 "${wire/damaged/broken} Zorbex shares rose sharply."
art w5.txt "Metro Herald" "" "$wire"
# Unrelated articles sharing the words, and a short sentence in several.
art u1.txt "Inland Echo" 2024-02-01 "The zorbex ferry was painted blue by volunteers over the long winter months in the old dry dock. Zorbex shares rose sharply."
art u2.txt "Inland Echo" 2024-02-02 "Repairs to the zorbex ferry engine took longer than the harbour authority had planned for this season. A new pier opens in the spring for zorbex visitors."

"$LEDE_INDEX_BIN" --quiet --index idx c || bad "indexing"
q='zorbex ferry service resume'
wire_hits='[h for h in j["hits"] if "resume next week" in h["text"]]'

run "$LEDE_QUERY_BIN" --index idx --json $q
expect_rc 0 "the wire story is found"
expect_eq "$(json "len($wire_hits)")" "1" "five copies are one hit"
expect_eq "$(json "len($wire_hits[0]['also'])")" "4" "the hit names the four other copies"
expect_eq "$(json "sorted([h['source'] for h in $wire_hits] + [a['source'] for a in $wire_hits[0]['also']])")" \
  '["Bay Times", "Coast Wire", "Daily Ledger", "Metro Herald", "North Post"]' "every source once"
expect_eq "$(json "[a['date'] or 'undated' for a in $wire_hits[0]['also']] == sorted([a['date'] for a in $wire_hits[0]['also'] if a['date']]) + ['undated'] * sum(1 for a in $wire_hits[0]['also'] if not a['date'])")" \
  "True" "also is earliest first, undated last"
expect_eq "$(json "sorted(j['hits'][0]['also'][0])")" '["date", "path", "sentence", "source", "title", "url"]' "a copy's fields"
expect_eq "$(json "all(h['also'] == [] for h in j['hits'] if 'resume next week' not in h['text'])")" "True" "other hits have an empty also"
total=$(json 'j["total"]')
expect_eq "$(json 'j["total_exact"], len(j["hits"]) == j["total"]')" "(True, True)" "the total counts the groups shown"
rep=$(json "$wire_hits[0]['path']")

run "$LEDE_QUERY_BIN" --index idx --all --json $q
expect_eq "$(json "len($wire_hits)")" "5" "--all: every copy is a hit"
expect_eq "$(json "sum(len(h['also']) for h in j['hits'])")" "0" "--all: no also"
expect_eq "$(json 'j["total"]')" "$((total + 4))" "--all: the total counts every copy"

# A page that --per-article cuts short still has an exact total when few
# passages match: every match's groups counted (it said "about").
run "$LEDE_QUERY_BIN" --index idx --all --json --per-article 0 --limit 50 zorbex
every=$(json 'j["total"]')
run "$LEDE_QUERY_BIN" --index idx --json --per-article 1 --limit 2 zorbex
expect_eq "$(json 'j["total_exact"], j["total"]')" "(True, $((every - 4)))" "--per-article: an exact total of groups"
run "$LEDE_QUERY_BIN" --index idx --per-article 1 --limit 2 zorbex
expect_contains "$out" "2 of $((every - 4)) matching passages" "--per-article: text says the exact total"

run "$LEDE_QUERY_BIN" --index idx $q
expect_contains "$out" "also in 4 articles: " "text names the copies"
expect_contains "$out" ", …" "at most three names, then …"
run "$LEDE_QUERY_BIN" --index idx --all $q
expect_not_contains "$out" "also in" "--all: no copies line"

# Paging over groups: one hit a page, each group once, the total agrees.
run "$LEDE_QUERY_BIN" --index idx --json $q
whole=$(json '[h["path"] + ":" + str(h["sentence"]) for h in j["hits"]]')
pages=""
for off in $(seq 0 "$total"); do
  run "$LEDE_QUERY_BIN" --index idx --json --limit 1 --offset "$off" $q
  pages="$pages$(json '[h["path"] + ":" + str(h["sentence"]) for h in j["hits"]]') "
  expect_eq "$(json 'j["total"]')" "$total" "the total at --offset $off"
done
expect_eq "$pages" "$(printf '%s' "$whole" | python3 -c 'import json,sys; print("".join(json.dumps([p]) + " " for p in json.load(sys.stdin)) + "[] ")')" \
  "pages of one group each give the groups of one page, then nothing"
run "$LEDE_QUERY_BIN" --index idx --json --per-article 1 zorbex
expect_eq "$(json 'len(j["hits"]) == len(set(h["path"] for h in j["hits"]))')" "True" "--per-article 1: one group per article"
expect_eq "$(json "len($wire_hits), len($wire_hits[0]['also']) >= 2")" "(1, True)" "--per-article: the copies in articles with room stay one group"
run "$LEDE_QUERY_BIN" --index idx --json --sort date $q
expect_eq "$(json "len($wire_hits), $wire_hits[0]['date']")" "(1, '2024-03-08')" "--sort date: the newest copy represents the group"

# Short sentences (under 10 words) never collapse.
run "$LEDE_QUERY_BIN" --index idx --json '"zorbex shares rose sharply"'
expect_eq "$(json 'len(j["hits"]), j["total"]')" "(3, 3)" "a short sentence in three articles: three hits"

# --batch: the same per query.
run sh -c "printf '%s\n' '$q' | '$LEDE_QUERY_BIN' --index idx --batch"
expect_eq "$(json "len($wire_hits), len($wire_hits[0]['also']), j['total']")" "(1, 4, $total)" "--batch collapses too"

# Three indexes of the collection answer as the whole does.
"$LEDE_INDEX_BIN" --quiet --index s0 c/w1.txt c/w4.txt c/u1.txt || bad "indexing s0"
"$LEDE_INDEX_BIN" --quiet --index s1 c/w2.txt c/w5.txt || bad "indexing s1"
"$LEDE_INDEX_BIN" --quiet --index s2 c/w3.txt c/u2.txt || bad "indexing s2"
shape='[(h["path"], h["sentence"], [(a["path"], a["source"]) for a in h["also"]]) for h in j["hits"]], j["total"]'
for args in "$q" "--per-article 1 zorbex" "--sort date $q" "--limit 1 --offset 1 $q"; do
  run "$LEDE_QUERY_BIN" --index idx --json $args
  want=$(json "$shape")
  run "$LEDE_QUERY_BIN" --index s0 --index s1 --index s2 --json $args
  expect_eq "$(json "$shape")" "$want" "three indexes as one: $args"
done

# A copy added later joins the group; a renamed one stays in it.
art w6.txt "Late Gazette" 2024-03-09 "$wire"
"$LEDE_INDEX_BIN" --quiet --index idx c || bad "adding a copy"
run "$LEDE_QUERY_BIN" --index idx --json $q
expect_eq "$(json "len($wire_hits), len($wire_hits[0]['also'])")" "(1, 5)" "an added copy joins the group"
mv c/w5.txt c/w5-moved.txt
"$LEDE_INDEX_BIN" --quiet --index idx c || bad "renaming a copy"
run "$LEDE_QUERY_BIN" --index idx --json $q
expect_eq "$(json "len($wire_hits), 'c/w5-moved.txt' in [a['path'] for a in $wire_hits[0]['also']] + [$wire_hits[0]['path']]")" \
  "(1, True)" "a renamed copy stays in the group"

# A removed representative: the best remaining copy takes its place.
rm "$rep"
"$LEDE_INDEX_BIN" --quiet --index idx c || bad "removing the representative"
run "$LEDE_QUERY_BIN" --index idx --json $q
expect_eq "$(json "len($wire_hits), len($wire_hits[0]['also'])")" "(1, 4)" "the group remains without its representative"
expect_eq "$(json "'$rep' not in [$wire_hits[0]['path']] + [a['path'] for a in $wire_hits[0]['also']]")" "True" "the removed copy is gone"

# A sentence an article repeats is not a copy: shown once, and "also"
# names each other article once.
mkdir -p rep
line='Subscribe to our newsletter for the latest updates on harbour news every day.'
printf '%s\n\nThe strike went on.\n\n%s\n\n%s\n' "$line" "$line" "$line" >rep/one.txt
cp rep/one.txt rep/two.txt
"$LEDE_INDEX_BIN" --quiet --index repidx rep || bad "indexing rep"
run "$LEDE_QUERY_BIN" --index repidx --json harbour
expect_eq "$(json '[(h["path"], h["sentence"], [a["path"] for a in h["also"]]) for h in j["hits"]]')" \
  '[["rep/one.txt", 1, ["rep/two.txt"]]]' "a repeated sentence: one hit, the other article once"
run "$LEDE_QUERY_BIN" --index repidx --color never harbour
expect_contains "$out" "also in 1 article: two.txt" "the text names the other article once"
finish
