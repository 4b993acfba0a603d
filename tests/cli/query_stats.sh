# lede-query --stats says what the index holds: articles, sentences,
# sources with counts, date coverage, language, size on disk, last update;
# as text, and with --json an object (issue 21).
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/news"
printf -- '---\nsource: Reuters\ndate: 1987-03-02\n---\nOPEC raised oil output. Prices fell.\n' > "$T/news/a.txt"
printf -- '---\nsource: reuters\ndate: 1987-06-19\n---\nCrude prices rose again.\n' > "$T/news/b.txt"
printf -- '---\nsource: BBC\n---\nThe match ended in a draw. Fans left early. Rain fell.\n' > "$T/news/c.txt"
printf '{"title":"One","source":"BBC","date":"2001-05-04","text":"Voters went to the polls."}\n{"title":"Two","source":"AP","text":"Markets closed higher."}\n' > "$T/news/feed.jsonl"

run "$LEDE_QUERY_BIN" --index "$T/idx" --stats
expect_rc 2 "no index"
expect_contains "$err" "no index at" "says there is none"

"$LEDE_INDEX_BIN" --quiet --index "$T/idx" "$T/news" || bad "indexing"
run "$LEDE_QUERY_BIN" --index "$T/idx" --stats --json
expect_rc 0 "--stats --json"
expect_eq "$(json 'j["articles"], j["sentences"], j["files"], j["undated"]')" "(5, 8, 4, 2)" \
  "articles, sentences, files, undated"
expect_eq "$(json 'j["earliest"], j["latest"], j["language"]')" \
  "('1987-03-02', '2001-05-04', 'english')" "date coverage and language"
expect_eq "$(json 'j["sources"]')" \
  '[{"source": "BBC", "articles": 2, "sentences": 4}, {"source": "Reuters", "articles": 2, "sentences": 3}, {"source": "AP", "articles": 1, "sentences": 1}]' \
  "sources by articles, as written, sources in any case counted together"
expect_eq "$(json 'j["bytes"] > 0, j["updated"][:2], j["updated"][-1]')" "(True, '20', 'Z')" \
  "size on disk and last update"

run "$LEDE_QUERY_BIN" --index "$T/idx" --stats
expect_rc 0 "--stats as text"
expect_contains "$out" "articles:   5 in 4 files" "articles"
expect_contains "$out" "sentences:  8" "sentences"
expect_contains "$out" "dates:      1987-03-02 to 2001-05-04; 2 undated" "dates"
expect_contains "$out" "language:   english" "language"
expect_contains "$out" "MB on disk" "size"
expect_contains "$out" "sources:    3" "number of sources"
expect_contains "$out" "2 articles,         4 sentences  BBC" "a source's counts"

# Removing files is counted at once.
rm "$T/news/a.txt" "$T/news/feed.jsonl"
"$LEDE_INDEX_BIN" --quiet --index "$T/idx" || bad "rescan"
run "$LEDE_QUERY_BIN" --index "$T/idx" --stats --json
expect_eq "$(json 'j["articles"], j["sentences"], j["undated"], j["earliest"]')" \
  "(2, 4, 1, '1987-06-19')" "after removals"
expect_eq "$(json '[(s["source"], s["articles"]) for s in j["sources"]]')" \
  '[["BBC", 1], ["reuters", 1]]' "sources after removals"

run "$LEDE_QUERY_BIN" --index "$T/idx" --stats OPEC
expect_rc 2 "--stats with a query"
expect_contains "$err" "--stats describes the index; it takes no query" "says why"
# Filters do not narrow --stats: refused, not silently ignored.
for opts in "--since 2024" "--until 2024" "--source yonhap" "--under ." "--timeline month"; do
  run "$LEDE_QUERY_BIN" --index "$T/idx" --stats $opts
  expect_rc 2 "--stats $opts"
  expect_contains "$err" "it does not take ${opts%% *}" "says which option --stats does not take"
done

# No dated article at all: no date range.
mkdir "$T/plain"
printf 'Walruses crowded the northern beaches.\n' > "$T/plain/w.txt"
"$LEDE_INDEX_BIN" --quiet --index "$T/plain-idx" "$T/plain" || bad "indexing plain"
run "$LEDE_QUERY_BIN" --index "$T/plain-idx" --stats --json
expect_rc 0 "--stats of an index with no dates"
expect_eq "$(json 'j["undated"], j["earliest"], j["latest"]')" "(1, None, None)" "no date range"
run "$LEDE_QUERY_BIN" --index "$T/plain-idx" --stats
expect_contains "$out" "dates:      none; 1 undated" "said as text"

# An empty index says so, as a search does.
mkdir "$T/none"
run "$LEDE_INDEX_BIN" --quiet --index "$T/empty" "$T/none"
run "$LEDE_QUERY_BIN" --index "$T/empty" --stats --json
expect_rc 1 "empty index"
expect_contains "$err" "is empty" "says it is empty"
expect_eq "$(json 'j["articles"], j["sentences"], j["files"], j["sources"]')" "(0, 0, 0, [])" "an empty index is counted in JSON too"
# Several indexes are counted as one archive: the files of each (Xapian
# reads the file records of the first only), every index named.
mkdir -p "$T/more"
printf 'Gulls nested on the pier.\n' > "$T/more/g1.txt"
printf 'Terns left the pier early.\n' > "$T/more/g2.txt"
printf 'Puffins returned in May.\n' > "$T/more/g3.txt"
"$LEDE_INDEX_BIN" --quiet --index "$T/more-idx" "$T/more" || bad "indexing more"
run "$LEDE_QUERY_BIN" --index "$T/plain-idx" --index "$T/more-idx" --stats --json
expect_rc 0 "--stats of two indexes"
expect_eq "$(json '"%d %d %s" % (j["articles"], j["files"], "|".join(j["indexes"]))')" \
  "4 4 $T/plain-idx|$T/more-idx" "articles and files of both, both named"
run "$LEDE_QUERY_BIN" --index "$T/plain-idx" --index "$T/more-idx" --stats
expect_contains "$out" "indexes:    $T/plain-idx, $T/more-idx" "both named as text"
expect_contains "$out" "articles:   4 in 4 files" "files of both as text"
run "$LEDE_QUERY_BIN" --index "$T/more-idx" --stats --json
expect_eq "$(json '"%d %s" % (j["files"], "|".join(j["indexes"]))')" "3 $T/more-idx" "one index: itself"

finish
