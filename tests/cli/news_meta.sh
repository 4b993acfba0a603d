# What lede records of real-looking news, article by article, and how the
# filters then find it: wire stories with a dateline (the place is recorded,
# the dateline is no part of the first sentence, so it neither splits it nor
# answers a query for "Reuters"), in English and other languages; text pasted
# from a page that shows "Updated 3 hours ago" under its headline.
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/news"
cat > "$T/news/wire.txt" <<'TXT'
Oil prices rise as OPEC signals cuts
By Jane Doe

LONDON, March 3 (Reuters) - Oil prices rose on Monday after OPEC signalled
further output cuts. Brent crude gained 2 percent to $85 a barrel.
TXT
cat > "$T/news/flood.txt" <<'TXT'
Flooding closes roads in Missouri
March 8, 2024

ST. LOUIS, Mo. (AP) — Flooding closed roads across the region on Friday. More rain is expected.
TXT
cat > "$T/news/afp.txt" <<'TXT'
---
title: Les prix du pétrole montent
source: AFP
date: 3 mars 2024
language: fr
---
PARIS, 3 mars (AFP) - Les prix du pétrole ont augmenté lundi. Le Brent a gagné 2 %.
TXT
cat > "$T/news/pasted.txt" <<'TXT'
Storm batters coast as thousands lose power
Updated 3 hours ago

Heavy rain fell across the coast on Tuesday. Thousands lost power.
TXT
run "$LEDE_INDEX_BIN" --quiet --index "$T/idx" "$T/news"
expect_rc 0 "indexing"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'place:london oil'
expect_eq "$(json 'j["total"], j["hits"][0]["text"], j["hits"][0]["meta"]')" \
  "(1, 'Oil prices rose on Monday after OPEC signalled further output cuts.', {'author': 'Jane Doe'})" \
  "wire story: place, author, first sentence without its dateline"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'Reuters OR AP OR AFP'
expect_eq "$(json 'j["total"]')" "0" "the agency in a dateline is not a word of the first sentence"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'place:"st. louis"'
expect_eq "$(json '[h["text"] for h in j["hits"]]')" \
  '["Flooding closed roads across the region on Friday.", "More rain is expected."]' \
  "a dateline with a region abbreviation (Mo.) does not split the first sentence"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'place:paris'
expect_eq "$(json 'j["total"], j["hits"][0]["text"], j["hits"][0]["date"]')" \
  "(2, 'Les prix du pétrole ont augmenté lundi.', '2024-03-03')" \
  "a French dateline (PARIS, 3 mars (AFP) -) gives the place"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'title:storm'
expect_eq "$(json '[h["text"] for h in j["hits"]], j["hits"][0]["date"]')" \
  "(['Heavy rain fell across the coast on Tuesday.', 'Thousands lost power.'], None)" \
  "'Updated 3 hours ago' is a header line: the headline above it is the title, neither is a sentence"
finish
