# Text that means the same but is written differently (Unicode
# equivalence) is one word, in an article and in a query, either way round:
# composed or decomposed accents, compatibility characters (ligatures,
# full-width letters and digits, superscripts, Roman numerals, digraphs),
# letter case (ß and SS, Greek final sigma, Turkish dotless i), invisible
# characters inside words (soft hyphen, zero-width characters), spaces
# grouping a number's digits, the modifier letter apostrophe and Unicode
# hyphens. Words, phrases, title:, wildcards and NEAR find them, the
# highlighting marks the whole word, and the text shown is as written.
# Lookalikes of other scripts (Cyrillic а) stay other words.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
SHY=$'\xc2\xad'         # U+00AD soft hyphen
NBSP=$'\xc2\xa0'        # U+00A0 no-break space
NNBSP=$'\xe2\x80\xaf'   # U+202F narrow no-break space
THIN=$'\xe2\x80\x89'    # U+2009 thin space
ZWSP=$'\xe2\x80\x8b'    # U+200B zero-width space
ZWJ=$'\xe2\x80\x8d'     # U+200D zero-width joiner
ZWNJ=$'\xe2\x80\x8c'    # U+200C zero-width non-joiner
ACUTE=$'\xcc\x81'       # U+0301 combining acute accent
MODAPOS=$'\xca\xbc'     # U+02BC modifier letter apostrophe
HYPHEN=$'\xe2\x80\x90'  # U+2010 hyphen
NBHYPHEN=$'\xe2\x80\x91' # U+2011 non-breaking hyphen
ON=$'\e[1;31m' OFF=$'\e[0m'
texts() { json '" | ".join(h["text"] for h in j["hits"])'; }
paths() { json '" ".join(sorted(h["path"] for h in j["hits"]))'; }
# finds QUERY PATHS WHAT: the query (no spelling correction) finds exactly
# the sentences of those files.
finds() {
  run "$LEDE_QUERY_BIN" --index i --json --exact --per-article 0 -- "$1"
  expect_eq "$(paths)" "$2" "$3"
}
# marks QUERY WORD WHAT: the query's hits show WORD marked, as written.
marks() {
  run "$LEDE_QUERY_BIN" --index i --color always --exact -- "$1"
  expect_contains "$out" "$ON$2$OFF" "$3"
}

mkdir d
# Compatibility characters, as PDFs and East Asian keyboards write them.
printf '%s\n' '---' 'title: "ﬁnance ministry ﬁgures"' '---' \
  'The ﬁnance ministry published its ofﬁcial ﬂow ﬁgures.' >d/ligature.txt
printf 'The finance office of the city closed.\n' >d/ascii.txt
printf 'The ＡＢＣ network reported １２３ cases of ＩＣＢＭ tests.\n' >d/fullwidth.txt
printf 'The area grew to 5 km² and King Charles Ⅲ visited.\n' >d/superscript.txt
printf 'The ǅemal family moved to ǈubljana.\n' >d/digraph.txt
# Invisible characters inside words, as web pages and wire copy have them.
printf '%s\n' '---' "title: \"Inter${SHY}national talks\"" '---' \
  "Aside from Russian President Vladi${SHY}mir Putin, the inter${SHY}national committee met." \
  >d/softhyphen.txt
printf 'The zero%swidth word, the jo%sined word and the non%sjoined word.\n' \
  "$ZWSP" "$ZWJ" "$ZWNJ" >d/zerowidth.txt
# Spaces grouping a number's digits.
printf 'The earthquake killed 5%s500 people; the fund paid £1%s000 and 2%s500%s000 euros.\n' \
  "$NBSP" "$NNBSP" "$THIN" "$THIN" >d/numbers.txt
printf 'In 1987 500 people came.\n' >d/notgrouped.txt
# Apostrophes and hyphens.
printf 'Dr O%sNeill spoke about the bank%ss plans.\n' "$MODAPOS" "$MODAPOS" >d/modapos.txt
printf "Mr O'Brien read the firm’s plans.\n" >d/apostrophe.txt
printf 'The state%sowned utility and the party%srun daily merged.\n' "$HYPHEN" "$NBHYPHEN" >d/hyphens.txt
printf 'The state-run broadcaster and the owned media.\n' >d/asciihyphen.txt
# Letter case.
printf 'Traffic on the Straße was heavy.\n' >d/eszett.txt
printf 'TRAFFIC ON THE HAUPTSTRASSE WAS LIGHT.\n' >d/capitals.txt
printf 'The poem names ΟΔΥΣΣΕΥΣ first.\n' >d/greekupper.txt
printf 'The poem names οδυσσευς again.\n' >d/greeklower.txt
printf 'The Diyarbakır branch and the İSTANBUL office opened.\n' >d/turkish.txt
printf 'The Diyarbakir governor spoke.\n' >d/turkishplain.txt
# Decomposed accents (macOS, some PDFs) and a lookalike.
printf 'The cafe%s in Zu%srich opened.\n' "$ACUTE" $'\xcc\x88' >d/decomposed.txt
printf 'The word pаris is written with a Cyrillic a.\n' >d/cyrillic.txt
"$LEDE_INDEX_BIN" --quiet --index i d || bad "indexing"

# Ligatures: either way round, in phrases, wildcards, title: and NEAR.
finds 'finance' "d/ascii.txt d/ligature.txt" "finance finds ﬁnance"
finds 'ﬁnance' "d/ascii.txt d/ligature.txt" "ﬁnance finds finance"
finds 'official flow' "d/ligature.txt" "ofﬁcial, ﬂow"
finds '"finance ministry"' "d/ligature.txt" "a phrase"
finds 'fin*' "d/ascii.txt d/ligature.txt" "a wildcard"
finds 'title:finance' "d/ligature.txt" "title:"
finds 'ministry NEAR/2 finance' "d/ligature.txt" "NEAR"
marks 'finance' 'ﬁnance' "the ligature word is marked as written"
run "$LEDE_QUERY_BIN" --index i --json --exact finance
expect_eq "$(json 'j.get("suggestion")')" "None" "no spelling suggestion"
# Full-width letters and digits, superscripts, Roman numerals, digraphs.
finds 'ICBM' "d/fullwidth.txt" "ICBM finds ＩＣＢＭ"
finds 'abc 123' "d/fullwidth.txt" "abc and 123"
finds 'ＡＦＰ OR ａｂｃ' "d/fullwidth.txt" "a full-width query"
marks 'ICBM' 'ＩＣＢＭ' "the full-width word is marked"
finds 'km2' "d/superscript.txt" "km2 finds km²"
finds '"Charles III"' "d/superscript.txt" "Charles III finds Charles Ⅲ"
marks 'III' 'Ⅲ' "the numeral is marked"
finds 'Dzemal' "d/digraph.txt" "Dzemal finds ǅemal"
finds 'Ljubljana' "d/digraph.txt" "Ljubljana finds ǈubljana"

# Soft hyphens: the word is whole, and shown as written.
finds 'Vladimir' "d/softhyphen.txt" "Vladimir finds Vladi-mir"
finds '"Vladimir Putin"' "d/softhyphen.txt" "in a phrase"
finds 'international' "d/softhyphen.txt" "international"
finds 'title:international' "d/softhyphen.txt" "in a headline"
finds 'Putin NEAR/1 Vladimir' "d/softhyphen.txt" "NEAR"
finds "inter${SHY}national" "d/softhyphen.txt" "a query with a soft hyphen"
run "$LEDE_QUERY_BIN" --index i --json --exact 'internat*'
expect_eq "$(paths)" "d/softhyphen.txt" "a wildcard"
marks 'internat*' "inter${SHY}national" "the wildcard marks the whole word"
marks 'Vladimir' "Vladi${SHY}mir" "the word is marked whole"
run "$LEDE_QUERY_BIN" --index i --json --exact Putin
expect_eq "$(texts)" "Aside from Russian President Vladi${SHY}mir Putin, the inter${SHY}national committee met." \
  "the text keeps its soft hyphens"
# Zero-width characters inside a word (Xapian ignores them there).
finds 'zerowidth' "d/zerowidth.txt" "zero-width space"
marks 'zerowidth' "zero${ZWSP}width" "marked whole"
marks 'joined' "jo${ZWJ}ined" "the joined word is the one marked"
run "$LEDE_QUERY_BIN" --index i --color always --exact joined
expect_not_contains "$out" "non${ZWNJ}${ON}joined" "not a part of another word"

# A space grouping digits: the number is one, found in either form.
finds '5500' "d/numbers.txt" "5500 finds 5 500 (no-break space)"
finds '5,500' "d/numbers.txt" "5,500 too"
finds '£1,000' "d/numbers.txt" "£1,000 finds £1 000 (narrow no-break space)"
finds '2500000' "d/numbers.txt" "2500000 finds 2 500 000 (thin spaces)"
finds '"5500 people"' "d/numbers.txt" "in a phrase"
finds "5${NBSP}500" "d/numbers.txt" "a query with a no-break space"
finds '1987500' "" "digits apart by an ordinary space are two numbers"
marks '5500' "5${NBSP}500" "the number is marked whole"
marks '£1000' "£1${NNBSP}000" "the figure is marked whole"
run "$LEDE_QUERY_BIN" --index i --json --exact 5500
expect_eq "$(texts)" "The earthquake killed 5${NBSP}500 people; the fund paid £1${NNBSP}000 and 2${THIN}500${THIN}000 euros." \
  "the text keeps its spaces"

# Apostrophes: U+02BC, U+2019 and ' are one.
finds "O'Neill" "d/modapos.txt" "O'Neill finds OʼNeill"
finds "O’Neill" "d/modapos.txt" "O’Neill finds OʼNeill"
finds "O${MODAPOS}Brien" "d/apostrophe.txt" "OʼBrien finds O'Brien"
finds 'bank' "d/modapos.txt" "the possessive ʼs"
finds "firm${MODAPOS}s" "d/apostrophe.txt" "firmʼs finds firm’s"
marks "O'Neill" "O${MODAPOS}Neill" "marked"
# Hyphens: U+2010 and U+2011 in a query are '-' (a phrase).
for h in "$HYPHEN" "$NBHYPHEN" -; do
  finds "state${h}owned" "d/hyphens.txt" "state${h}owned is a phrase"
  finds "party${h}run" "d/hyphens.txt" "party${h}run is a phrase"
done

# Case: ß and SS, final sigma, Turkish i.
for q in Straße strasse STRASSE; do
  finds "$q" "d/eszett.txt" "$q finds Straße"
done
finds 'Hauptstraße' "d/capitals.txt" "Hauptstraße finds HAUPTSTRASSE"
marks 'STRASSE' 'Straße' "Straße is marked"
finds 'οδυσσευς' "d/greeklower.txt d/greekupper.txt" "final sigma finds the capitals"
finds 'ΟΔΥΣΣΕΥΣ' "d/greeklower.txt d/greekupper.txt" "capitals find the final sigma"
for q in Diyarbakir Diyarbakır DİYARBAKIR; do
  finds "$q" "d/turkish.txt d/turkishplain.txt" "$q finds both spellings"
done
finds 'istanbul' "d/turkish.txt" "istanbul finds İSTANBUL"

# Decomposed accents (an English index): either way round.
finds 'café Zürich' "d/decomposed.txt" "composed finds decomposed"
finds "cafe${ACUTE}" "d/decomposed.txt" "decomposed finds it too"
marks 'cafe' "cafe${ACUTE}" "marked with its accent"
# A lookalike of another script is another word.
run "$LEDE_QUERY_BIN" --index i --json --exact paris
expect_rc 1 "paris does not find the Cyrillic pаris"

# An index of another language: its stemmer sees the composed word.
mkdir e
printf 'Las negociacio%sn comenzaron ayer.\n' "$ACUTE" >e/decomposed.txt
printf 'La negociación terminó hoy.\n' >e/composed.txt
"$LEDE_INDEX_BIN" --quiet --language spanish --index ie e || bad "indexing spanish"
for q in negociación "negociacio${ACUTE}n"; do
  run "$LEDE_QUERY_BIN" --index ie --json --exact "$q"
  expect_eq "$(paths)" "e/composed.txt e/decomposed.txt" "spanish: $q finds both"
done

# Fields: place: and source: in any case, composed or not.
mkdir f
printf '%s\n' '---' "place: Zu"$'\xcc\x88'"rich" 'source: ＡＦＰ' '---' 'Officials met on Monday.' >f/a.txt
"$LEDE_INDEX_BIN" --quiet --index if f || bad "indexing f"
for q in place:Zürich place:ZÜRICH source:AFP source:afp; do
  run "$LEDE_QUERY_BIN" --index if --json --exact "$q"
  expect_eq "$(paths)" "f/a.txt" "$q"
done

# The same answers from the articles in two indexes.
mkdir d1 d2
mv d/ligature.txt d/softhyphen.txt d/numbers.txt d1/
mv d/* d2/
"$LEDE_INDEX_BIN" --quiet --index i1 d1 && "$LEDE_INDEX_BIN" --quiet --index i2 d2 || bad "indexing two"
"$LEDE_INDEX_BIN" --quiet --index i3 d1 d2 || bad "indexing one"
for q in finance 'Vladimir OR Dzemal OR 5500' 'fin* OR internat*'; do
  run "$LEDE_QUERY_BIN" --index i1 --index i2 --json --exact "$q"
  two=$(json '[(h["text"], h["score"]) for h in j["hits"]]')
  run "$LEDE_QUERY_BIN" --index i3 --json --exact "$q"
  expect_eq "$(json '[(h["text"], h["score"]) for h in j["hits"]]')" "$two" "$q: one index or two"
done
finish
