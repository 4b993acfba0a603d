# Korean, Japanese and Chinese (issue #20): a word is found inside longer
# written forms (a noun with its particle, a word inside a run of
# characters), in CJK articles and in English ones quoting CJK words;
# phrases of CJK words work; the matched part is marked; CJK words are never
# "corrected" nor put in the spelling data; each question of the hand-made
# set tests/data/cjk/questions.tsv finds its sentence first.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir d
printf '북한은 미사일을 발사했다. 日本の防衛大臣が会談した。\n' >d/ko.txt
printf 'The missile was launched from North Korea. Its maker, 北京abc, said nothing.\n' >d/en.txt
printf '会談は2023年10月に開かれた。首脳は9日に東京を訪れた。\n' >d/dates.txt
"$LEDE_INDEX_BIN" --quiet --index i d || bad "indexing"
texts() { json '" | ".join(h["text"] for h in j["hits"])'; }
run "$LEDE_QUERY_BIN" --index i --json 미사일
expect_eq "$(texts)" "북한은 미사일을 발사했다." "a Korean noun inside noun+particle"
expect_eq "$(json 'j.get("suggestion")')" "None" "and it is not 'corrected'"
run "$LEDE_QUERY_BIN" --index i --json 防衛
expect_eq "$(texts)" "日本の防衛大臣が会談した。" "a Japanese word inside a run of characters"
run "$LEDE_QUERY_BIN" --index i --json 南
expect_eq "$(json 'len(j["hits"])')" "0" "a character the text does not have finds nothing"
run "$LEDE_QUERY_BIN" --index i --json '"防衛大臣が会談"'
expect_eq "$(json 'len(j["hits"])')" "1" "a quoted run of words"
run "$LEDE_QUERY_BIN" --index i --json '"미사일을 발사"'
expect_eq "$(json 'len(j["hits"])')" "1" "a Korean phrase"
run "$LEDE_QUERY_BIN" --index i --json '"발사 미사일"'
expect_eq "$(json 'len(j["hits"])')" "0" "a phrase in the wrong order finds nothing"
run "$LEDE_QUERY_BIN" --index i --json '"대신 防衛"'
expect_eq "$(json 'len(j["hits"])')" "0" "nor one whose words are apart"
run "$LEDE_QUERY_BIN" --index i --json abc
expect_eq "$(json 'len(j["hits"])')" "1" "a Latin word glued to Han characters"
run "$LEDE_QUERY_BIN" --index i --json 北京
expect_eq "$(json 'len(j["hits"])')" "1" "and the Han word glued to it"
run "$LEDE_QUERY_BIN" --index i --json 9日
expect_eq "$(texts)" "首脳は9日に東京を訪れた。" "digits glued to a run are a phrase with it (9日)"
run "$LEDE_QUERY_BIN" --index i --json 2023年10月
expect_eq "$(texts)" "会談は2023年10月に開かれた。" "and several runs between digits"
run "$LEDE_QUERY_BIN" --index i --json '"9日に東京"'
expect_eq "$(json 'len(j["hits"])')" "1" "also inside a quoted phrase"
run "$LEDE_QUERY_BIN" --index i --color never 미사일
expect_contains "$out" "북한은 [미사일]을 발사했다." "the matched part of the run is marked"
run "$LEDE_QUERY_BIN" --index i --color never '防衛 missile'
expect_contains "$out" "日本の[防衛]大臣" "Japanese marked in a mixed query"
expect_contains "$out" "The [missile] was" "and English too"
run "$LEDE_QUERY_BIN" --index i --json 미사엘
expect_eq "$(json 'j.get("suggestion")')" "None" "an unknown Korean word gets no suggestion"
words=$("$LEDE_BIN/../tests/spelling_words" i)
cjk_words=$(printf '%s\n' "$words" | python3 -c '
import sys
print(sum(1 for l in sys.stdin if any(ord(c) >= 0x1100 for c in l)))')
expect_eq "$cjk_words" "0" "no CJK word or n-gram in the spelling data"
expect_contains "$words" "abc 1" "the Latin word beside them is"

# The hand-made news set: each question finds its sentence first.
mkdir set
cp "$LEDE_SRC"/tests/data/cjk/*.txt set/
"$LEDE_INDEX_BIN" --quiet --index s set || bad "indexing tests/data/cjk"
run "$LEDE_QUERY_BIN" --index s --count 'title:防衛'
expect_contains "$out" "7 passages in 1 article" "title: finds a word inside a headline"
run "$LEDE_QUERY_BIN" --index s --count 'title:防衛相会談'
expect_contains "$out" "7 passages in 1 article" "and a longer one"
run "$LEDE_QUERY_BIN" --index s --count 'title:防衛大臣'
expect_contains "$out" "0 passages" "but not one the headline does not have"
run "$LEDE_QUERY_BIN" --index s --count 'source:新华社'
expect_contains "$out" "6 passages in 1 article" "a source in Han characters is a field value"
while IFS=$'\t' read -r q want; do
  case "$q" in '#'* | '') continue ;; esac
  run "$LEDE_QUERY_BIN" --index s --json --limit 1 -- "$q"
  first=$(json 'j["hits"][0]["text"] if j["hits"] else ""')
  expect_eq "${first:0:${#want}}" "$want" "question '$q' finds its sentence first"
done <"$LEDE_SRC/tests/data/cjk/questions.tsv"
finish
