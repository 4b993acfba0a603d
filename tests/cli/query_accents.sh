# Accents (issue #21): a word typed without its accents finds it and the
# other way round (stems are indexed and searched without combining marks),
# in phrases and wildcards too; highlighting marks the words as written;
# no spelling "correction" of a word that is only missing its accents.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir d
printf 'José Mourinho left Chelsea on Monday.\n\nThe café on Müllerstraße closed in the spring.\n' >d/a.txt
printf 'Crème brûlée was served at the Élysée.\n' >d/b.txt
"$LEDE_INDEX_BIN" --quiet --index i d || bad "indexing"
texts() { json '" | ".join(h["text"] for h in j["hits"])'; }
run "$LEDE_QUERY_BIN" --index i --json --exact 'Jose Mourinho'
expect_eq "$(texts)" "José Mourinho left Chelsea on Monday." "Jose finds José"
expect_eq "$(json 'j.get("suggestion")')" "None" "and is not corrected"
run "$LEDE_QUERY_BIN" --index i --json --exact '"jose mourinho"'
expect_eq "$(json 'len(j["hits"])')" "1" "in a phrase"
run "$LEDE_QUERY_BIN" --index i --json --exact 'creme brulee elysee'
expect_eq "$(texts)" "Crème brûlée was served at the Élysée." "several accented words, typed plain"
run "$LEDE_QUERY_BIN" --index i --json --exact 'muller*'
expect_eq "$(texts)" "The café on Müllerstraße closed in the spring." "a wildcard typed plain"
printf 'Jose Mourinho was seen at the cafe again.\n' >d/c.txt
"$LEDE_INDEX_BIN" --quiet --index i d || bad "reindexing"
run "$LEDE_QUERY_BIN" --index i --json --exact 'café'
expect_eq "$(json 'len(j["hits"])')" "2" "café finds cafe too"
run "$LEDE_QUERY_BIN" --index i --color always --exact 'Jose'
expect_contains "$out" $'\e[1;31mJosé\e[0m' "the accented word is marked as written"
expect_contains "$out" $'\e[1;31mJose\e[0m' "and the plain one"

# Words whose plain form the English stemmer shortens and whose accented
# form it leaves whole ("andre" -> "andr", "andré" stays): names above all.
# Both spellings are one word, either way round; a French index keeps its
# stemmer's own handling of accents.
mkdir e
printf 'André Breton arrived in Paris. Nestlé shares rose. Société Générale cut its forecast. The Valdés family sold the café.\n' >e/accented.txt
printf 'Andre Agassi won the match. Nestle bought a brand. Societe Generale traded lower. Valdes spoke.\n' >e/plain.txt
"$LEDE_INDEX_BIN" --quiet --index ie e || bad "indexing e"
paths() { json '" ".join(sorted(h["path"] for h in j["hits"]))'; }
for q in Andre André Nestle Nestlé 'Societe Generale' 'Société Générale' Valdes Valdés; do
  run "$LEDE_QUERY_BIN" --index ie --json --exact "$q"
  expect_eq "$(paths)" "e/accented.txt e/plain.txt" "$q finds both spellings"
done
run "$LEDE_QUERY_BIN" --index ie --json --exact '"andre breton"'
expect_eq "$(paths)" "e/accented.txt" "a phrase typed plain finds the accented one"
run "$LEDE_QUERY_BIN" --index ie --color always --exact 'Andre'
expect_contains "$out" $'\e[1;31mAndré\e[0m' "the accented name is marked"
expect_contains "$out" $'\e[1;31mAndre\e[0m' "and the plain one"
mkdir f
printf 'Les étudiants sont arrivés hier soir.\n' >f/fr.txt
"$LEDE_INDEX_BIN" --quiet --language french --index if f || bad "indexing french"
run "$LEDE_QUERY_BIN" --index if --json --exact 'etudiant arrive'
expect_eq "$(json 'len(j["hits"])')" "1" "a French index: plain words find the accented ones"
finish
