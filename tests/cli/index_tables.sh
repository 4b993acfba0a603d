# lede-index writes Xapian's tables uncompressed (indexer/zlib_store.c,
# docs/design.md): the stem of a sentence's word is readable as it is in
# the termlist table (the sentence's term list), where Glass's zlib
# compression hides it (checked with -DLEDE_STORE_UNCOMPRESSED=OFF). Without the override binding, builds only get
# slower; this notices. The index stays an ordinary Glass database.
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
db="$IDX/$(awk '{print $2}' "$IDX/XAPIANDB")"
found=no
grep -q -a zyxquokkaph "$db/termlist.glass" && found=yes
expect_eq "$found" "yes" "term lists stored uncompressed in termlist.glass"
if command -v xapian-check >/dev/null 2>&1; then
  run xapian-check "$db"
  expect_rc 0 "xapian-check on the uncompressed index"
  expect_contains "$out" "No errors found" "xapian-check on the uncompressed index"
fi
run "$LEDE_QUERY_BIN" --index "$IDX" --json zyxquokkaphant
expect_rc 0 "query"
expect_eq "$(json 'len(j["hits"])')" "2" "both sentences found"
finish
