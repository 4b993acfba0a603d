# Figures with a unit (issue #21): a query for a figure with its currency,
# magnitude or percent sign ranks the sentences holding that unit first,
# and a quoted figure requires it; "£600m", "£600 million" and "600 mln
# stg" are one figure; plain 600 still finds every form; highlighting
# marks the figure with its symbol.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir d
# Three $600m sentences, with more words of the query around them, and one
# pound figure: as words alone, the dollar ones come first.
printf 'The dollar deal is worth $600m to the group.\n\nA second $600m deal followed, a $600m deal in all.\n' >d/a.txt
printf 'Investors put $600m into the deal, a $600m deal.\n' >d/b.txt
printf 'The club paid £600m for the stadium.\n' >d/c.txt
printf 'The council will spend £600 million on roads.\n' >d/d.txt
printf 'Exports rose 600 mln stg in March.\n' >d/e.txt
printf 'He scored after 76 minutes and again after 76 minutes of play.\n' >d/f.txt
printf 'Turnout was 76%% in the north.\n' >d/g.txt
printf 'Only 76 pct of the shares were sold.\n' >d/h.txt
# A more frequent figure that Xapian's spelling correction would offer.
printf 'Mourinho spent £100m on players. He spent £100m, £100m, £100m, £100m, £100m, £100m, £100m, £100m and £100m more.\n' >d/y.txt
# Other news, so that the figures are as rare as in a real index.
for k in $(seq 1 30); do
  printf 'Article %s says the weather in the north was mild for the season.\n' "$k" >"d/x$k.txt"
done
"$LEDE_INDEX_BIN" --quiet --index i d || bad "indexing"
first() { json 'j["hits"][0]["text"] if j["hits"] else ""'; }
texts() { json '" | ".join(sorted(h["text"] for h in j["hits"]))'; }

run "$LEDE_QUERY_BIN" --index i --json --exact '£600m'
expect_eq "$(first)" "The club paid £600m for the stadium." "£600m: the pound figure first"
run "$LEDE_QUERY_BIN" --index i --json --exact '£600m'
expect_contains "$(texts)" "£600 million on roads" "£600m finds £600 million"
expect_contains "$(texts)" "600 mln stg" "and 600 mln stg"
run "$LEDE_QUERY_BIN" --index i --json --exact --limit 3 '£600m'
expect_not_contains "$(texts)" '$600m' "the three pound figures come before the dollar ones"
run "$LEDE_QUERY_BIN" --index i --json --exact '"£600m"'
expect_eq "$(texts)" "Exports rose 600 mln stg in March. | The club paid £600m for the stadium. | The council will spend £600 million on roads." "a quoted figure requires its unit"
run "$LEDE_QUERY_BIN" --index i --json --exact '"£600 million"'
expect_eq "$(json 'len(j["hits"])')" "3" "and agrees with £600 million"
run "$LEDE_QUERY_BIN" --index i --json --exact '"$600m deal"'
expect_eq "$(texts)" 'A second $600m deal followed, a $600m deal in all. | Investors put $600m into the deal, a $600m deal.' "a quoted phrase with a figure requires the unit"
run "$LEDE_QUERY_BIN" --index i --json --exact '600'
expect_eq "$(json 'len(j["hits"])')" "6" "plain 600 finds every form"
run "$LEDE_QUERY_BIN" --index i --json --exact '600m'
expect_eq "$(json 'len(j["hits"])')" "6" "600m finds every 600m, whatever the currency"

run "$LEDE_QUERY_BIN" --index i --json --exact '76%'
expect_contains "$(first)" "76" "76%: a hit"
expect_not_contains "$(first)" "minutes" "76%: a percentage first"
run "$LEDE_QUERY_BIN" --index i --json --exact --limit 2 '76%'
expect_eq "$(texts)" "Only 76 pct of the shares were sold. | Turnout was 76% in the north." "76% and 76 pct first"
run "$LEDE_QUERY_BIN" --index i --json --exact '"76%"'
expect_eq "$(json 'len(j["hits"])')" "2" "quoted 76% requires the percent"
run "$LEDE_QUERY_BIN" --index i --json --exact -- '76%' -minutes
expect_eq "$(json 'len(j["hits"])')" "2" "NOT still applies"

run "$LEDE_QUERY_BIN" --index i --json --exact '76% NEAR turnout'
expect_eq "$(json 'j.get("warning")')" "None" "a figure stays an operand of NEAR"
expect_eq "$(texts)" "Turnout was 76% in the north." "and NEAR still works"

run "$LEDE_QUERY_BIN" --index i --json 'Mourhino £600m'
expect_eq "$(json 'j.get("suggestion")')" "Mourinho £600m" "a figure is never 'corrected' (was: Mourinho £100m)"

run "$LEDE_QUERY_BIN" --index i --color always --exact '£600m'
expect_contains "$out" $'\e[1;31m£600m\e[0m' "the figure is marked with its symbol"
expect_contains "$out" $'\e[1;31m£600 million\e[0m' "and in its other form"
run "$LEDE_QUERY_BIN" --index i --color always --exact '76%'
expect_contains "$out" $'\e[1;31m76%\e[0m' "the percent sign is marked"
# A figure followed by punctuation, as at the end of a question, keeps its
# unit (it was searched as the bare words, "76 minutes" first).
run "$LEDE_QUERY_BIN" --index i --json --exact '£600m?'
expect_eq "$(first)" "The club paid £600m for the stadium." "£600m?: the pound figure first"
run "$LEDE_QUERY_BIN" --index i --json --exact --limit 3 '£600m?'
expect_not_contains "$(texts)" '$600m' "£600m?: the three pound figures before the dollar ones"
run "$LEDE_QUERY_BIN" --index i --json --exact --limit 2 '76%.'
expect_eq "$(texts)" "Only 76 pct of the shares were sold. | Turnout was 76% in the north." "76%.: 76% and 76 pct first"
# A number is one word whether thousands are separated by commas or not:
# "1000" finds "1,000" and the other way round, as one word (the sentence
# holding both forms is no better than one holding one), highlighted in
# the form the sentence has; a form the index lacks is not 'corrected'.
# Several indexes give the whole index's answer, each holding one form.
mkdir n1 n2
printf 'The mill cut 1,000 jobs in March.\n' >n1/a.txt
printf 'Exports reached 2,500 tonnes.\n' >n1/b.txt
printf 'The plant added 1000 jobs in May.\n' >n2/c.txt
printf 'The port handled 1,000,000.5 tonnes and 12000 boxes.\n' >n2/d.txt
for k in $(seq 1 20); do printf 'Article %s says the weather was mild for the season.\n' "$k" >"n2/x$k.txt"; done
# three NAME A B: indexes NAME of folders A and B, NAME1 of A, NAME2 of B.
three() {
  "$LEDE_INDEX_BIN" --quiet --index "$1" "$2" "$3" || bad "indexing $1"
  "$LEDE_INDEX_BIN" --quiet --index "${1}1" "$2" || bad "indexing ${1}1"
  "$LEDE_INDEX_BIN" --quiet --index "${1}2" "$3" || bad "indexing ${1}2"
}
three ni n1 n2
hits() { json '" | ".join("%s %.6g" % (h["text"], h["score"]) for h in j["hits"])'; }
run "$LEDE_QUERY_BIN" --index ni --json 1000
expect_eq "$(texts)" "The mill cut 1,000 jobs in March. | The plant added 1000 jobs in May." "1000 finds 1,000 and 1000"
run "$LEDE_QUERY_BIN" --index ni --json 1,000
expect_eq "$(texts)" "The mill cut 1,000 jobs in March. | The plant added 1000 jobs in May." "1,000 finds both too"
run "$LEDE_QUERY_BIN" --index ni --json 1000 jobs
expect_eq "$(json 'len(j["hits"])')" "2" "1000 jobs: two hits"
expect_eq "$(json 'j["hits"][0]["score"] == j["hits"][1]["score"]')" "True" "each form scores as the same word"
run "$LEDE_QUERY_BIN" --index ni --json 2500
expect_eq "$(texts)" "Exports reached 2,500 tonnes." "2500 finds the only form the index holds"
expect_eq "$(json 'j.get("suggestion")')" "None" "and suggests no other spelling"
run "$LEDE_QUERY_BIN" --index ni --json 1000000.5
expect_eq "$(texts)" "The port handled 1,000,000.5 tonnes and 12000 boxes." "millions with a decimal part"
run "$LEDE_QUERY_BIN" --index ni --json 12,000
expect_eq "$(texts)" "The port handled 1,000,000.5 tonnes and 12000 boxes." "12,000 finds 12000"
run "$LEDE_QUERY_BIN" --index ni --json 1,00
expect_eq "$(json 'len(j["hits"])')" "0" "1,00 is no form of 100"
run "$LEDE_QUERY_BIN" --index ni --json '"1000 jobs"'
expect_eq "$(texts)" "The mill cut 1,000 jobs in March. | The plant added 1000 jobs in May." "a quoted phrase finds the number in either form"
run "$LEDE_QUERY_BIN" --index ni --color always 1000
expect_contains "$out" $'\e[1;31m1,000\e[0m' "1,000 is marked for the query 1000"
expect_contains "$out" $'\e[1;31m1000\e[0m' "and 1000"
for q in 1000 '1,000 jobs' 2500 12000 '"1000 jobs"'; do
  run "$LEDE_QUERY_BIN" --index ni --json "$q"
  whole=$(hits)
  run "$LEDE_QUERY_BIN" --index ni1 --index ni2 --json "$q"
  expect_eq "$(hits)" "$whole" "$q: two indexes, each with one form, answer as one"
done
# The number keeps both forms wherever the query puts it: in a phrase,
# after + or -, in title:, beside NEAR and ADJ, in a word the parser makes
# a phrase of (1000-2000), and before punctuation (a question's "1000?").
mkdir m1 m2
printf 'The mill cut 1,000 jobs in March.\n' >m1/a.txt
printf 'Mill cuts 1,000 jobs\n\nThe cuts were announced on Monday by the owners.\n' >m1/h.txt
printf 'Prices ranged 1,000-2,000 dlrs a tonne.\n' >m1/r.txt
printf 'New jobs came to the town.\n' >m1/n.txt
printf 'The plant added 1000 jobs in May.\n' >m2/c.txt
printf 'Jobs at the plant fell by 1000 in May.\n' >m2/s.txt
printf 'Output rose 2000 tonnes.\n' >m2/t.txt
for k in $(seq 1 20); do printf 'Article %s says the weather was mild for the season.\n' "$k" >"m2/x$k.txt"; done
three mi m1 m2
mq() { run "$LEDE_QUERY_BIN" --index mi --json --per-article 0 -- "$@"; }
both="The mill cut 1,000 jobs in March. | The plant added 1000 jobs in May."
mq '"1000 jobs"'
expect_eq "$(texts)" "$both" '"1000 jobs" finds "1,000 jobs"'
expect_eq "$(json 'j["hits"][0]["score"] == j["hits"][1]["score"]')" "True" "and weighs either form the same"
mq '"1,000 jobs"'
expect_eq "$(texts)" "$both" '"1,000 jobs" finds "1000 jobs"'
mq '+"1000 jobs"' mill
expect_eq "$(texts)" "$both" '+"1000 jobs": the phrase required in either form'
mq '+1000 jobs'
expect_eq "$(json 'len(j["hits"])')" "4" "+1000 requires 1000 in either form"
mq 'jobs -1000'
expect_eq "$(texts)" "New jobs came to the town." "-1000 excludes 1,000 too"
mq 'jobs -1,000'
expect_eq "$(texts)" "New jobs came to the town." "-1,000 excludes 1000 too"
mq 'jobs -"1000 jobs"'
expect_eq "$(texts)" "Jobs at the plant fell by 1000 in May. | New jobs came to the town." '-"1000 jobs" excludes "1,000 jobs" too'
mq 'title:1000'
expect_eq "$(texts)" "The cuts were announced on Monday by the owners." "title:1000 finds a headline's 1,000"
mq '1000 NEAR jobs'
expect_eq "$(texts)" "Jobs at the plant fell by 1000 in May. | $both" "1000 NEAR jobs finds 1,000 too"
mq 'jobs NEAR/6 1,000'
expect_eq "$(texts)" "Jobs at the plant fell by 1000 in May. | $both" "and NEAR/N the other way round"
mq '1000 ADJ jobs'
expect_eq "$(texts)" "$both" "1000 ADJ jobs finds 1,000 jobs"
mq '1000-2000'
expect_eq "$(texts)" "Prices ranged 1,000-2,000 dlrs a tonne." "1000-2000 finds 1,000-2,000"
run "$LEDE_QUERY_BIN" --index mi --count 'mill cut 1000?'
expect_contains "$out" "1 passage in 1 article" "a number before punctuation has both forms"
run "$LEDE_QUERY_BIN" --index mi --count '1000.'
expect_contains "$out" "4 passages in 4 articles" "1000. finds every form"
run "$LEDE_QUERY_BIN" --index mi --color always '"1000 jobs"'
expect_contains "$out" $'\e[1;31m1,000\e[0m \e[1;31mjobs\e[0m' "the phrase is marked in the form the sentence has"
for q in '"1000 jobs"' '+1000 jobs' 'jobs -1000' 'title:1000' '1000 NEAR jobs' '1000-2000'; do
  run "$LEDE_QUERY_BIN" --index mi --json --per-article 0 -- "$q"
  whole=$(hits)
  run "$LEDE_QUERY_BIN" --index mi1 --index mi2 --json --per-article 0 -- "$q"
  expect_eq "$(hits)" "$whole" "$q: two indexes answer as one"
done
finish
