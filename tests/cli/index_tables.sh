# An index is two ordinary Glass databases (lib/layout.h): the live pair
# is what the link "current" names, each half passes xapian-check, and the
# sentences keep positions (phrases are Xapian's own).
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/docs"
cat >"$T/docs/a.txt" <<'DOC'
---
title: Quokka census
date: 2024-02-03
---
Rangers counted the zyxquokkaphant colonies on the island twice this year.

The zyxquokkaphant count rose after a wet winter.
DOC
IDX="$T/idx"
run "$LEDE_INDEX_BIN" --index "$IDX" --quiet "$T/docs"
expect_rc 0 "indexing"
expect_eq "$(readlink "$IDX/current")" "db-1" "the link names the first pair"
expect_eq "$(ls "$IDX/db-1" | tr '\n' ' ')" "articles sentences " "the pair holds two databases"
for kind in sentences articles; do
  run xapian-check "$IDX/current/$kind"
  expect_rc 0 "xapian-check on $kind"
  expect_contains "$out" "No errors found" "xapian-check on $kind"
done
run xapian-delve "$IDX/current/sentences"
expect_contains "$out" "number of documents = 2" "one document per sentence"
expect_contains "$out" "has positional information = true" "sentences keep positions"
run xapian-delve "$IDX/current/articles"
expect_contains "$out" "number of documents = 1" "one document per article"
run "$LEDE_QUERY_BIN" --index "$IDX" --json '"zyxquokkaphant count"'
expect_eq "$(json 'len(j["hits"])')" "1" "a phrase through Xapian's positions"
run "$LEDE_QUERY_BIN" --index "$IDX" --json zyxquokkaphant
expect_rc 0 "query"
expect_eq "$(json 'len(j["hits"])')" "2" "both sentences found"
finish
