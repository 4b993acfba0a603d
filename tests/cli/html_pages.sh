# Saved web pages (issue #15): a folder of .html, .htm and extension-less
# pages is indexed, not skipped; only the article is searchable (not the
# menu, share buttons or footer); title, date, source, url and author come
# from the page; spans point into the page's own bytes; --dry-run shows it.
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/saved"
cp "$LEDE_SRC/tests/data/html/article.html" "$T/saved/storm.html"
printf '<!DOCTYPE html>\n<html><body><nav><a href="/">Menu item</a></nav><p>The ferry resumed service to the island on Friday after repairs to the pier.</p></body></html>\n' > "$T/saved/ferry"
printf 'body { color: red }\n' > "$T/saved/site.css"

run "$LEDE_INDEX_BIN" --index "$T/idx" "$T/saved"
expect_rc 0 "indexing pages"
expect_contains "$err" "2 added" "two pages indexed, the stylesheet ignored"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json moorings
expect_rc 0 "query"
expect_eq "$(json 'j["total"], j["hits"][0]["title"], j["hits"][0]["date"], j["hits"][0]["source"], j["hits"][0]["url"], j["hits"][0]["meta"]')" \
  "(1, 'Harbour town floods after overnight storm', '2024-03-14', 'The Coast Courier', 'https://www.coastcourier.example/2024/03/12/harbour-floods', {'author': 'Jane Doe, John Roe'})" \
  "page metadata"
start=$(json 'j["hits"][0]["start"]'); end=$(json 'j["hits"][0]["end"]')
expect_eq "$(head -c "$end" "$T/saved/storm.html" | tail -c +"$((start + 1))")" \
  "The storm flooded the harbour overnight, and boats sank at their moorings in the old port." "span into the page"

for boiler in Sport cookies Facebook weekend delayed Copyright Script terrible; do
  run "$LEDE_QUERY_BIN" --index "$T/idx" --json --exact "$boiler"
  expect_eq "$(json 'j["total"]')" 0 "boilerplate '$boiler' not indexed"
done

# A Latin-1 page (declared charset) is converted, with no warning about its
# bytes (the checks of plain text do not apply to a page).
mkdir "$T/latin1"
cp "$LEDE_SRC/tests/data/html/latin1.html" "$T/latin1/cafe.htm"
run "$LEDE_INDEX_BIN" --index "$T/idx" "$T/saved" "$T/latin1"
expect_not_contains "$err" "UTF-8" "no invalid UTF-8 warning for a Latin-1 page"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'Montréal'
expect_eq "$(json 'j["total"], j["hits"][0]["title"], j["hits"][0]["text"][:27]')" "(1, 'Café crisis in Montréal', 'The café owners of Montréal')" "Latin-1 page converted"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json ferry
expect_eq "$(json 'j["total"]')" 1 "extension-less page recognised by content"

run "$LEDE_INDEX_BIN" --dry-run "$T/saved/storm.html"
expect_rc 0 "dry run"
expect_contains "$out" '"title":"Harbour town floods after overnight storm"' "dry run shows the page's title"
expect_not_contains "$out" "Share on" "dry run: no share buttons"
# Bad pages: broken markup and entity bombs are read; a page's NUL bytes
# are dropped by the HTML reader, not taken for a binary file.
mkdir "$T/bad"
printf '<html><body><div><p>Broken markup <b>still <i>reads</b> fine here.</p></span></td><p>Cut off <a href="x' > "$T/bad/broken.html"
printf '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>Laughs &b; and &x; stay unexpanded in this paragraph.</p></body></html>' > "$T/bad/laughs.xhtml"
printf '<html><body><p>Zero\000byte page.</p></body></html>' > "$T/bad/nul.html"
run "$LEDE_INDEX_BIN" --index "$T/bad-idx" "$T/bad"
expect_rc 0 "bad pages"
expect_contains "$err" "3 added" "all three indexed"
run "$LEDE_QUERY_BIN" --index "$T/bad-idx" --json 'zero'
expect_eq "$(json 'j["total"]')" 1 "the page with a NUL byte is read"
run "$LEDE_QUERY_BIN" --index "$T/bad-idx" --json '"still reads fine"'
expect_eq "$(json 'j["total"]')" 1 "broken markup read"
run "$LEDE_QUERY_BIN" --index "$T/bad-idx" --json 'laughs'
expect_not_contains "$(json 'j["hits"][0]["text"]')" "aaaa" "entities not expanded"
expect_not_contains "$out" "root:" "external entity not loaded"
finish
