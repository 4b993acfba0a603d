# Spelling: a query word unknown to the index gets a "did you mean" when the
# corrected query finds passages (text and JSON), and never otherwise.
. "$(dirname "$0")/../cli_lib.sh"
IDX="$T/idx"
. "$(dirname "$0")/../cli_query_fixture.sh"
make_articles "$T/a"

# A misspelt word alone finds nothing as typed: the correction is searched
# instead, and said so (issue #21); --exact refuses, with the suggestion.
run "$LEDE_QUERY_BIN" --index "$IDX" missle
expect_rc 0 "a misspelt word: the correction's passages"
expect_contains "$out" "Showing results for: missile (none for 'missle'" "says whose results they are"
expect_contains "$out" "[missile]" "the correction's matches are marked"
run "$LEDE_QUERY_BIN" --index "$IDX" --json missle
expect_eq "$(json 'j["query"], j["suggestion"], j["corrected"], len(j["hits"]) > 0')" "('missle', 'missile', True, True)" "JSON: the query as typed, the correction searched"
run "$LEDE_QUERY_BIN" --index "$IDX" --exact missle
expect_rc 1 "--exact: a misspelt word finds nothing"
expect_contains "$out" "Did you mean: missile" "text suggestion"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --exact missle
expect_eq "$(json 'j["suggestion"]')" "missile" "JSON suggestion"
expect_eq "$(json 'len(j["hits"]), "corrected" in j')" "(0, False)" "no hits for the misspelling"

# The whole query comes back with only the unknown word corrected.
run "$LEDE_QUERY_BIN" --index "$IDX" --json 'Seoul missle'
expect_rc 0 "one good word still finds passages"
expect_eq "$(json 'j["suggestion"]')" "Seoul missile" "corrected query keeps the other words"
run "$LEDE_QUERY_BIN" --index "$IDX" --json 'ellection AND Taiwan'
expect_eq "$(json 'j["suggestion"]')" "election AND Taiwan" "operators kept"

# The suggestion must find something under the same filters.
run "$LEDE_QUERY_BIN" --index "$IDX" --json --source reuters missle
expect_eq "$(json 'j.get("suggestion")')" "None" "no suggestion that the filter empties"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --source yonhap missle
expect_eq "$(json 'j.get("suggestion")')" "missile" "suggestion that the filter keeps"

# Known words and words with nothing close get none.
run "$LEDE_QUERY_BIN" --index "$IDX" --json missile
expect_eq "$(json '"suggestion" in j')" "False" "known word: no suggestion key"
run "$LEDE_QUERY_BIN" --index "$IDX" missile
expect_not_contains "$out" "Did you mean" "known word: no text suggestion"
run "$LEDE_QUERY_BIN" --index "$IDX" --json xylophonist
expect_eq "$(json 'j.get("suggestion")')" "None" "nothing close"

# A word whose only article is gone is still in the spelling data, but a
# suggestion of it would find nothing: none is offered.
run "$LEDE_QUERY_BIN" --index "$IDX" --json ballotts
expect_eq "$(json 'j.get("suggestion")')" "ballots" "before removal"
rm "$T/a/taiwan.txt"
"$LEDE_INDEX_BIN" --quiet --index "$IDX" "$T/a"
run "$LEDE_QUERY_BIN" --index "$IDX" --json ballotts
expect_eq "$(json 'j.get("suggestion")')" "None" "no suggestion of a removed word"

# A word with a digit is never corrected: "45000" is no misspelt "000" (a
# number grouped with spaces), "G8" no "G7".
mkdir "$T/n"
printf 'Les 12 000 manifestants.\n\nThe G7 met in Rome.\n' >"$T/n/n.txt"
"$LEDE_INDEX_BIN" --quiet --index "$T/n-idx" "$T/n"
for q in 45000 G8; do
  run "$LEDE_QUERY_BIN" --index "$T/n-idx" --json "$q"
  expect_rc 1 "'$q' matches nothing"
  expect_eq "$(json 'j.get("suggestion")')" "None" "'$q' is not corrected"
done
# Function words are never "corrected", even where the index lacks them
# (a small index): "many" is no misspelt "may", "these" no "the", "much"
# no "such"; the misspelt word beside them still is.
mkdir "$T/f"
printf 'Jobs may go, such as those in the missile plant.\n' >"$T/f/f.txt"
"$LEDE_INDEX_BIN" --quiet --index "$T/f-idx" "$T/f"
run "$LEDE_QUERY_BIN" --index "$T/f-idx" --json 'how many jobs'
expect_eq "$(json 'j["total"] > 0, j.get("suggestion")')" "(True, None)" "'how many jobs': not 'how may jobs'"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --exact 'these missles'
expect_eq "$(json 'j.get("suggestion")')" "these missile" "'these' kept, 'missles' corrected"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --exact 'much missle'
expect_eq "$(json 'j.get("suggestion")')" "much missile" "'much' kept"
# A figure's unit after a space is part of the figure, not a word to
# correct: "10 pct" finds "10%" and is not offered as "10 put".
mkdir "$T/u"
printf 'Sales rose 10%% in the year, the man said.\n\nHe put a £5m bid on the St Ives hotel.\n' >"$T/u/u.txt"
"$LEDE_INDEX_BIN" --quiet --index "$T/u-idx" "$T/u"
for q in '10 pct' '5 mln stg' '£5 mln' 'hotel 10 pct'; do
  run "$LEDE_QUERY_BIN" --index "$T/u-idx" --json "$q"
  expect_eq "$(json 'j["total"] > 0, j.get("suggestion")')" "(True, None)" "'$q': its unit kept"
done
# A misspelt word after title: is corrected too (the check for unknown
# words skipped the headlines' terms); one in no headline is not offered.
run "$LEDE_QUERY_BIN" --index "$IDX" --json --exact 'title:Cheifs'
expect_eq "$(json 'j.get("suggestion")')" "title:Chiefs" "title: word corrected"
run "$LEDE_QUERY_BIN" --index "$IDX" --json 'title:missle Seoul'
expect_eq "$(json 'j.get("suggestion")')" "title:missile Seoul" "title: word beside another"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --exact 'title:"Norht Korea"'
expect_eq "$(json 'j.get("suggestion")')" 'title:"North Korea"' "title: phrase"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --exact 'title:ballotts'
expect_eq "$(json 'j.get("suggestion")')" "None" "title:ballots would find no headline"
# A word that differs from the text's only in its accents is no misspelling:
# it finds the text as it is, with no suggestion (the English stemmer once
# dropped a final "e" but not a final "é", so "Societe" did not find
# "Société" and was offered as "Society").
mkdir "$T/acc"
printf 'Shares of Société Générale rose.\n\nThe society met on Monday.\n\nNestle sold more coffee.\n' >"$T/acc/a.txt"
"$LEDE_INDEX_BIN" --quiet --index "$T/acc-idx" "$T/acc"
run "$LEDE_QUERY_BIN" --index "$T/acc-idx" --json --exact 'Societe Generale'
expect_eq "$(json 'j.get("suggestion"), j["hits"][0]["text"][:20]')" "(None, 'Shares of Société Gé')" "accents typed off: found, no suggestion"
run "$LEDE_QUERY_BIN" --index "$T/acc-idx" --json --exact 'Nestlé'
expect_eq "$(json 'j.get("suggestion"), j["hits"][0]["text"][:6]')" "(None, 'Nestle')" "accents typed on: found, no suggestion"
run "$LEDE_QUERY_BIN" --index "$T/acc-idx" --json 'Societe'
expect_eq "$(json 'j.get("corrected"), j["hits"][0]["text"][:20]')" "(None, 'Shares of Société Gé')" "not corrected to Society"
# The suggestion keeps the capitals typed: a word in capitals stays in
# capitals, inner capitals stay; a word of two letters is not corrected
# ("EU" is no misspelt "EC").
mkdir "$T/c"
printf "The EC met McDonalds staff in Seoul.\\n\\nValéry Giscard d'Estaing spoke.\\n" >"$T/c/c.txt"
"$LEDE_INDEX_BIN" --quiet --index "$T/c-idx" "$T/c"
for q in 'SEOOL:SEOUL' 'McDonnalds:McDonalds' 'Mcdonnalds:Mcdonalds' 'seol:seoul' 'Eoul:Seoul' 'EU:None'; do
  run "$LEDE_QUERY_BIN" --index "$T/c-idx" --json --exact "${q%%:*}"
  expect_eq "$(json 'j.get("suggestion")')" "${q#*:}" "'${q%%:*}' as typed"
done
# A word joined by hyphens or apostrophes has its misspelt parts
# corrected (it was kept whole), the joiners and a contraction kept; an
# elision stays as typed (it is searched as "d-Estaing").
for q in "Japn's defense:Japan's defense" "Japn’s:Japan’s" 'Shangra-La:Shangri-La' \
  "don't missle:don't missile" "d'Estang:d'Estaing" "d’Estang:d’Estaing"; do
  run "$LEDE_QUERY_BIN" --index "$IDX" --index "$T/c-idx" --json --exact "${q%%:*}"
  expect_eq "$(json 'j.get("suggestion")')" "${q#*:}" "'${q%%:*}'"
done
finish
