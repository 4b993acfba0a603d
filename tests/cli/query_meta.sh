# Front matter the reader keeps (url and other keys) reaches every hit's
# JSON, also after the file is renamed; an article without them shows
# url null and an empty meta object.
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/news"
cat > "$T/news/strike.txt" <<'TXT'
---
title: Port strike
source: Wire
url: https://example.com/strike
desk: business
author: A. Reporter
---
Dockworkers walked out at the port on Monday. Cranes stood idle.
TXT
printf 'Farmers harvested early this year.\n' > "$T/news/plain.txt"
run "$LEDE_INDEX_BIN" --quiet --index "$T/idx" "$T/news"
expect_rc 0 "indexing"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json --context 1 dockworkers
expect_rc 0 "query"
expect_eq "$(json 'j["hits"][0]["url"]')" "https://example.com/strike" "url of the hit"
expect_eq "$(json 'j["hits"][0]["meta"]')" '{"desk": "business", "author": "A. Reporter"}' "meta in file order"

run "$LEDE_QUERY_BIN" --index "$T/idx" --jsonl farmers
expect_eq "$(json 'j["url"], j["meta"]')" "(None, {})" "article without url or meta"

mv "$T/news/strike.txt" "$T/news/strike-renamed.txt"
run "$LEDE_INDEX_BIN" --quiet --index "$T/idx"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json cranes
expect_eq "$(json 'j["hits"][0]["path"].endswith("strike-renamed.txt"), j["hits"][0]["url"], j["hits"][0]["meta"]["desk"]')" "(True, 'https://example.com/strike', 'business')" "renamed file keeps url and meta"
finish
