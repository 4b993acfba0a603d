# Filters for folders and metadata (issue #21): front-matter keys lede does
# not interpret are fields (topics:crude, author:"jane roe"; comma-separated
# values each); a key no article has says so and is searched as words;
# path: and --under DIR keep the articles of one folder (or file), also
# after a rename and over several indexes.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir -p docs/bbc docs/reu/old other
printf -- '---\ntitle: Oil deal\ntopics: crude, OPEC\nauthor: Jane Roe\n---\nOil ministers met in Vienna.\n' >docs/reu/a.txt
printf -- '---\ntitle: Crude talk\ntopics: gas\n---\nCrude oil prices fell in Vienna.\n' >docs/bbc/b.txt
printf 'Vienna hosted the old talks.\n' >docs/reu/old/c.txt
printf 'Vienna was quiet.\n' >other/d.txt
"$LEDE_INDEX_BIN" --quiet --index idx docs || bad "indexing"
paths() { json '" ".join(sorted(h["path"] for h in j["hits"]))'; }
run "$LEDE_QUERY_BIN" --index idx --json 'topics:crude vienna'
expect_eq "$(paths)" "docs/reu/a.txt" "topics:crude"
run "$LEDE_QUERY_BIN" --index idx --json 'topics:opec vienna'
expect_eq "$(paths)" "docs/reu/a.txt" "the second of a list of values, any case"
run "$LEDE_QUERY_BIN" --index idx --json 'author:"jane roe" vienna'
expect_eq "$(paths)" "docs/reu/a.txt" "a value of two words, quoted"
run "$LEDE_QUERY_BIN" --index idx --json 'vienna -topics:gas'
expect_eq "$(paths)" "docs/reu/a.txt docs/reu/old/c.txt" "a field excluded"
run "$LEDE_QUERY_BIN" --index idx --json 'tags:energy vienna'
expect_contains "$(json 'j.get("warning")')" "no field tags: in the index" "an unknown field says so (JSON)"
expect_eq "$(paths)" "docs/bbc/b.txt docs/reu/a.txt docs/reu/old/c.txt" "and its words are searched"
run "$LEDE_QUERY_BIN" --index idx 'tags:energy vienna'
expect_contains "$err" "no field tags: in the index" "an unknown field says so (text)"
# Field names in any case: Topics:crude is topics:crude, Title: and
# SOURCE: are lede's own.
run "$LEDE_QUERY_BIN" --index idx --json 'Topics:crude vienna'
expect_eq "$(paths)" "docs/reu/a.txt" "a front-matter field in capitals"
expect_eq "$(json 'j.get("warning")')" "None" "no warning for a known field in capitals"
run "$LEDE_QUERY_BIN" --index idx --json 'Title:crude'
expect_eq "$(paths)" "docs/bbc/b.txt" "Title: is title:"
run "$LEDE_QUERY_BIN" --index idx --count 'TITLE:oil'
expect_contains "$out" "1 passage" "TITLE: is title: (--count)"
# An unknown key is searched as words, not as a phrase of key and value:
# 'crude:vienna' finds the sentences with either word, as 'crude vienna'.
run "$LEDE_QUERY_BIN" --index idx --json 'crude:vienna'
expect_contains "$(json 'j.get("warning")')" "no field crude: in the index" "an unknown key says so"
expect_eq "$(paths)" "docs/bbc/b.txt docs/reu/a.txt docs/reu/old/c.txt" "its words searched, not a phrase"
run "$LEDE_QUERY_BIN" --index idx --json 'Tags:energy vienna'
expect_contains "$(json 'j.get("warning")')" "no field tags: in the index" "an unknown key in capitals says so"
run "$LEDE_QUERY_BIN" --index idx --json 'vienna 10:30'
expect_eq "$(json 'j.get("warning")')" "None" "a time is no field"
run "$LEDE_QUERY_BIN" --index idx --json 'path:docs/reu vienna'
expect_eq "$(paths)" "docs/reu/a.txt docs/reu/old/c.txt" "path: a folder and its sub-folders"
run "$LEDE_QUERY_BIN" --index idx --json 'path:docs/reu/a.txt vienna'
expect_eq "$(paths)" "docs/reu/a.txt" "path: one file"
run "$LEDE_QUERY_BIN" --index idx --json --under docs/reu/old vienna
expect_eq "$(paths)" "docs/reu/old/c.txt" "--under a relative folder"
run "$LEDE_QUERY_BIN" --index idx --json --under "$T/docs/bbc" vienna
expect_eq "$(paths)" "docs/bbc/b.txt" "--under an absolute folder"
(cd docs && "$LEDE_QUERY_BIN" --index ../idx --json --under reu vienna) >sub.json
out=$(cat sub.json)
expect_eq "$(paths)" "docs/reu/a.txt docs/reu/old/c.txt" "--under from another folder"
run "$LEDE_QUERY_BIN" --index idx --under nowhere vienna
expect_rc 2 "--under a folder that does not exist"
expect_contains "$err" "--under nowhere" "names it"
mv docs/reu/old docs/bbc/old
"$LEDE_INDEX_BIN" --quiet --index idx docs || bad "reindexing after a move"
run "$LEDE_QUERY_BIN" --index idx --json --under docs/bbc vienna
expect_eq "$(paths)" "docs/bbc/b.txt docs/bbc/old/c.txt" "a moved file is under its new folder"
run "$LEDE_QUERY_BIN" --index idx --json 'path:docs/reu vienna'
expect_eq "$(paths)" "docs/reu/a.txt" "and no longer under its old one"
"$LEDE_INDEX_BIN" --quiet --index idx2 other || bad "indexing another folder"
run "$LEDE_QUERY_BIN" --index idx --index idx2 --json --under other vienna
expect_eq "$(paths)" "other/d.txt" "--under over several indexes"
# DIR the folder holding the index, or a folder above it: its articles
# with a relative path, not those it shows by an absolute one (all were
# returned), not none (none were).
mkdir -p w far
printf 'Vienna in the near file.\n' >w/near.txt
printf 'Vienna in the far file.\n' >far/far.txt
"$LEDE_INDEX_BIN" --quiet --index w/idx w "$T/far" || bad "indexing near and far"
run "$LEDE_QUERY_BIN" --index w/idx --json --under w vienna
expect_eq "$(paths)" "near.txt" "--under the index's own folder: not the article outside it"
run "$LEDE_QUERY_BIN" --index w/idx --json --under "$T" vienna
expect_eq "$(paths)" "$T/far/far.txt near.txt" "--under a folder above it: both"
run "$LEDE_QUERY_BIN" --index w/idx --json --under far vienna
expect_eq "$(paths)" "$T/far/far.txt" "--under the far folder"
# Indexes in different folders show paths relative to each: a relative
# folder of one would be matched in the other, so such a search is
# refused, naming both.
run "$LEDE_QUERY_BIN" --index idx --index w/idx --json --under docs/bbc vienna
expect_rc 2 "--under over indexes in different folders"
expect_contains "$err" "the indexes given lie in different folders ($T, $T/w)" "says why"
run "$LEDE_QUERY_BIN" --index idx --index w/idx --json --under "$T" vienna
expect_rc 0 "--under a folder above both: every article of both"
# A headline's words have no positions: a hyphenated word or a quoted
# phrase in title: is its words all required (it found nothing).
mkdir -p hy
printf -- '---\ntitle: Shangri-La talks open\n---\nMinisters met in Singapore.\n' >hy/t.txt
printf -- '---\ntitle: Talks in Shangri\n---\nMinisters met in Jakarta.\n' >hy/u.txt
"$LEDE_INDEX_BIN" --quiet --index hy-idx hy
for q in 'title:Shangri-La' 'title:"shangri la"' '+title:"Shangri-La talks" ministers' '+title:shangri-la +ministers'; do
  run "$LEDE_QUERY_BIN" --index hy-idx --json -- "$q"
  expect_eq "$(paths)" "hy/t.txt" "$q"
done
run "$LEDE_QUERY_BIN" --index hy-idx --json -- 'ministers -title:shangri-la'
expect_eq "$(paths)" "hy/u.txt" "a hyphenated title: excluded"
finish
