# Plain-text articles that open with a header (issues #21, #22): a newswire
# export "HEADLINE\nDATE\n\nbody" and text pasted from a news page (headline,
# byline, "Updated:"/"Published:" lines) give title, date and meta.author, so
# --since and title: find them; the header lines are not sentences, and a
# first sentence starting with "By" stays one.
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/news"
printf 'BAHIA COCOA REVIEW\n26-FEB-1987 15:01:01.79\n\nShowers continued throughout the week in the Bahia cocoa zone.\n' > "$T/news/reut.txt"
cat > "$T/news/pasted.txt" <<'TXT'
Storm floods harbour town
By Jane Doe and John Roe, Reuters
Updated: 2:30 PM EDT, Thu March 14, 2024
Published: 8:00 AM EDT, Wed March 13, 2024

The storm flooded the harbour overnight. Boats sank.
TXT
printf 'By noon the harbour talks had collapsed. Everyone went home.\n' > "$T/news/by.txt"
run "$LEDE_INDEX_BIN" --quiet --index "$T/idx" "$T/news"
expect_rc 0 "indexing"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json --until 1987-12-31 cocoa
expect_rc 0 "query --until"
expect_eq "$(json 'j["total"], j["hits"][0]["title"], j["hits"][0]["date"]')" "(1, 'BAHIA COCOA REVIEW', '1987-02-26')" "export: title and date"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json "title:bahia"
expect_eq "$(json 'j["total"], j["hits"][0]["text"][:7]')" "(1, 'Showers')" "title: finds the export"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json --since 2024-03-13 harbour
expect_rc 0 "query --since"
expect_eq "$(json 'j["total"], j["hits"][0]["title"], j["hits"][0]["date"], j["hits"][0]["meta"]')" \
  "(1, 'Storm floods harbour town', '2024-03-13', {'author': 'Jane Doe and John Roe, Reuters'})" \
  "pasted: title, published date, author"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json "Reuters OR updated OR storm"
expect_eq "$(json '[h["text"] for h in j["hits"]]')" '["The storm flooded the harbour overnight."]' "header lines are not sentences"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json noon
expect_eq "$(json 'j["total"], j["hits"][0]["text"], j["hits"][0]["meta"]')" "(1, 'By noon the harbour talks had collapsed.', {})" "a sentence starting with By stays one"
finish
