# The article's language (issue #20): stated in front matter (language:),
# JSONL ("language"), a web page's <html lang> or a feed's <language> / xml:lang, it is
# recorded and shown in JSON ("language", null when unknown); an article in
# another language than the index's is not stemmed with the index's
# stemmer: its words are indexed as written and found as written.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir d
printf -- '---\ntitle: Élections\nlanguage: fr\n---\nLes élections nationales auront lieu en avril.\n' >d/fr.txt
printf '{"language": "ko-KR", "text": "정부는 국방예산을 늘리기로 결정했다."}\n' >d/ko.jsonl
printf -- '---\nlanguage: en-GB\n---\nThe national elections were held in April.\n' >d/en.txt
printf 'Officials from the nation met on Monday.\n' >d/plain.txt
printf '<!DOCTYPE html><html lang="ja"><head><title>防衛</title></head><body><article><p>日本の防衛大臣は東京で会談した。</p></article></body></html>\n' >d/page.html
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Wire</title><language>de-DE</language><item><guid>1</guid><title>Wahl</title><description>Die nationalen Wahlen finden im April statt.</description></item></channel></rss>\n' >d/feed.rss
printf '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es"><title>Diario</title><entry><id>x</id><title>Elecciones</title><content>Las elecciones nacionales son en abril.</content></entry></feed>\n' >d/feed.atom
run "$LEDE_INDEX_BIN" --dry-run d/fr.txt d/page.html d/feed.rss d/feed.atom d/plain.txt
expect_eq "$(printf '%s\n' "$out" | python3 -c '
import json, sys
print(" ".join(str(json.loads(l)["language"]) for l in sys.stdin))')" "fr ja de-DE es None" \
  "--dry-run shows each article's language"
"$LEDE_INDEX_BIN" --quiet --index i d || bad "indexing"
lang() {
  run "$LEDE_QUERY_BIN" --index i --json --exact -- "$1"
  json '" ".join(sorted(str(h["language"]) for h in j["hits"]))'
}
expect_eq "$(lang auront)" "fr" "a hit shows its article's language"
expect_eq "$(lang 국방예산)" "ko-KR" "a JSONL article's language"
expect_eq "$(lang 防衛大臣)" "ja" "<html lang> of a web page"
expect_eq "$(lang Wahlen)" "de-DE" "a feed's <language>"
expect_eq "$(lang elecciones)" "es" "an Atom feed's xml:lang"
# A wildcard typed with its accents finds the words, whose accents are off:
# "élect*" said the query held no word to search.
expect_contains "$(lang 'élect*')" "fr" "an accented wildcard"
expect_eq "$(lang Monday)" "None" "null when the article states none"
# English stems would make "nationales" nation- and "élections" élect-:
# the French article is not found by English words sharing those stems.
expect_eq "$(lang nation)" "None en-GB" "a French word is not stemmed as English (nation)"
expect_eq "$(lang election)" "en-GB" "nor élections (election finds only the English article)"
expect_eq "$(lang nationales)" "fr" "a French word is found as written"
expect_eq "$(lang elections)" "en-GB fr" "and without its accents, beside the English stem"
expect_eq "$(lang '"élections nationales"')" "fr" "a phrase of words as written"
long=$(printf 'x%.0s' $(seq 300))
# Hindi: a first paragraph ending in a danda is a sentence, and vowel signs
# are part of the words: कुल (total) does not find कल (yesterday).
mkdir hi
printf 'कुल नुकसान बहुत बड़ा था।\n\nकल बारिश हुई थी।\n' >hi/h.txt
"$LEDE_INDEX_BIN" --quiet --language hindi --index hi-idx hi
run "$LEDE_QUERY_BIN" --index hi-idx --exact --json कुल
expect_eq "$(json '[h["text"] for h in j["hits"]]')" '["कुल नुकसान बहुत बड़ा था।"]' "a Hindi word found in its own sentence"
# French elisions: the word after l', d', qu'... is a word of its own,
# found alone, with its elision and in a phrase, and marked alone.
mkdir fr
printf "La réforme de l'État inquiète.\n\nLe ministre de l’Économie a parlé.\n\nThe workers don't agree.\n" >fr/f.txt
"$LEDE_INDEX_BIN" --quiet --language french --index fr-idx fr
for q in état "l'État" économie "\"réforme de l'État\"" "don't"; do
  run "$LEDE_QUERY_BIN" --index fr-idx --exact -- "$q"
  expect_rc 0 "french: '$q' is found"
done
run "$LEDE_QUERY_BIN" --index fr-idx --color never état
expect_contains "$out" "de l'[État] inquiète" "the word after the elision is marked alone"

# Other tags of the index's language stem as it does: Bokmål (nb-NO) in a
# Norwegian index, German by its 639-2/B code or its own name, "en" in an
# index of the porter stemmer.
for c in "norwegian nb-NO valg Valgene-ble-holdt-i-dag." "german ger wahl Die-Wahlen-fanden-statt." \
  "german Deutsch wahl Die-Wahlen-fanden-statt." "porter en government The-governments-met-today."; do
  set -- $c
  rm -rf tag tag-idx && mkdir tag
  printf -- '---\nlanguage: %s\n---\n%s\n' "$2" "$(printf '%s' "$4" | tr - ' ')" >tag/a.txt
  "$LEDE_INDEX_BIN" --quiet --language "$1" --index tag-idx tag
  run "$LEDE_QUERY_BIN" --index tag-idx --exact "$3"
  expect_rc 0 "language: $2 in a $1 index: '$3' finds its other forms"
done
printf -- '---\nlanguage: %s\n---\nA long language.\n' "$long" >long.txt
run "$LEDE_INDEX_BIN" --dry-run long.txt
expect_eq "$(json 'len(j["language"].encode()) <= 64 and j["language"].endswith("…")')" "True" \
  "a stated language is kept to 64 bytes"
finish
