# Feeds (issue #15): .rss, .atom and .xml feeds give one article per item;
# a feed is a window over a stream (v1 with items A, B, C, then v2 with C
# changed and D: A, B, C' and D are searchable, C's old text is not), and
# deleting the file removes all its items; --dry-run prints one JSON object
# per item; bad feeds get one warning naming the file.
. "$(dirname "$0")/../cli_lib.sh"

# item GUID TEXT: one RSS item.
item() { printf '<item><guid>%s</guid><title>Item %s</title><pubDate>Thu, 9 Nov 2023 10:00 EST</pubDate><description>&lt;p&gt;%s&lt;/p&gt;</description></item>\n' "$1" "$1" "$2"; }
# feed ITEM...: an RSS 2.0 feed holding these items.
feed() { printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Window Times</title>\n%s</channel></rss>\n' "$*"; }
# titles QUERY: the titles of the hits, comma-separated.
titles() {
  run "$LEDE_QUERY_BIN" --index "$T/idx" --json --exact "$1"
  json '",".join(sorted(h["title"] for h in j["hits"]))'
}

mkdir -p "$T/news"
feed "$(item A 'Alpha walrus seen near the pier.')" "$(item B 'Beta pelican seen on the roof.')" \
  "$(item C 'Gamma heron seen in the marsh.')" > "$T/news/window.rss"
cp "$LEDE_SRC/tests/data/feed/atom.atom" "$T/news/ledger.atom"
cp "$LEDE_SRC/tests/data/feed/rss1.xml" "$T/news/courier.xml"
printf '<?xml version="1.0"?>\n<catalog><book>Not a feed: gazelle.</book></catalog>\n' > "$T/news/books.xml"

run "$LEDE_INDEX_BIN" --index "$T/idx" "$T/news"
expect_rc 0 "indexing feeds"
expect_contains "$err" "3 added" "three feed files indexed"
expect_contains "$err" "1 .xml file skipped: not a format lede reads" "other XML is not read"
expect_eq "$(titles walrus)" "Item A" "an RSS item is searchable"
expect_eq "$(titles gazelle)" "" "XML that is not a feed is not indexed"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json --exact "offshore wind farm"
expect_eq "$(json '[(h["title"], h["source"], h["date"], h["url"], h["meta"]) for h in j["hits"]][0]')" \
  "('Wind farm gets approval', 'Northern Ledger', '2023-11-12', 'https://ledger.example/wind', {'author': 'Sam Berg'})" \
  "an Atom entry's fields"
start=$(json 'j["hits"][0]["start"]'); end=$(json 'j["hits"][0]["end"]')
expect_eq "$(head -c "$end" "$T/news/ledger.atom" | tail -c +"$((start + 1))")" \
  "The regional board approved the offshore wind farm on Sunday." "span into the feed"
expect_eq "$(titles rust)" "Bridge inspection finds rust" "an RSS 1.0 feed named .xml is read"

# v2: A and B drop out of the window, C changes, D is new.
feed "$(item C 'Gamma osprey seen in the marsh instead.')" "$(item D 'Delta crane seen at the dam.')" > "$T/news/window.rss"
run "$LEDE_INDEX_BIN" --index "$T/idx"
expect_rc 0 "rescan"
expect_contains "$err" "1 updated" "the feed is updated"
expect_eq "$(titles walrus)" "Item A" "A stays after dropping out of the window"
expect_eq "$(titles pelican)" "Item B" "B stays"
expect_eq "$(titles osprey)" "Item C" "C's new text"
expect_eq "$(titles heron)" "" "C's old text is gone"
expect_eq "$(titles crane)" "Item D" "D is added"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json --exact seen
expect_eq "$(json 'j["total"]')" 4 "one sentence per item: A, B, C', D"
# Fetched again unchanged (touched): nothing is reindexed, nothing lost.
touch "$T/news/window.rss"
run "$LEDE_INDEX_BIN" --index "$T/idx"
expect_contains "$err" "0 updated" "an unchanged feed"
expect_eq "$(titles walrus)" "Item A" "A still there"

# Deleting the feed removes all its items, those out of the window too.
rm "$T/news/window.rss"
run "$LEDE_INDEX_BIN" --index "$T/idx"
expect_rc 0 "rescan after delete"
expect_contains "$err" "1 removed" "the feed is removed"
for w in walrus pelican osprey crane; do
  expect_eq "$(titles $w)" "" "'$w' gone with its feed"
done
expect_eq "$(titles rust)" "Bridge inspection finds rust" "the other feeds stay"

# --dry-run: one JSON object per item.
run "$LEDE_INDEX_BIN" --dry-run "$LEDE_SRC/tests/data/feed/rss2.rss"
expect_rc 0 "dry run"
expect_eq "$(printf '%s\n' "$out" | wc -l)" 3 "one line per item"
first=$(printf '%s\n' "$out" | head -1)
out=$first
expect_eq "$(json 'j["title"], j["source"], j["date"], j["url"], j["meta"], [s["text"] for s in j["sentences"]]')" \
  "('Ferry service resumes after storm', 'Harbour Gazette', '2023-11-09', 'https://gazette.example/2023/11/ferry', {'author': 'Ana Lima'}, ['The ferry to the islands sailed again on Thursday.', 'Crews had repaired the pier & the ramp overnight.'])" \
  "dry run: an item's fields and sentences"

# Bad feeds: one warning each naming the file and the reason; what can be
# read is indexed, exit status 1.
mkdir "$T/bad"
cp "$LEDE_SRC/tests/data/feed/truncated.rss" "$T/bad/cut.rss"
cp "$LEDE_SRC/tests/data/feed/entities.rss" "$T/bad/laughs.rss"
cp "$LEDE_SRC/tests/data/feed/notafeed.rss" "$T/bad/error-page.rss"
run "$LEDE_INDEX_BIN" --index "$T/bad-idx" "$T/bad"
expect_rc 1 "bad feeds: warnings"
expect_contains "$err" "cut.rss: malformed XML (line 5: Premature end of data" "truncated feed named"
expect_contains "$err" "the last one cut short" "truncated feed: what was lost"
expect_contains "$err" "laughs.rss: malformed XML (line 16: Entity 'lol9' not defined)" "billion laughs named"
expect_contains "$err" "error-page.rss: not a feed (no <rss>, <rdf:RDF> or <feed> element); skipped" "not a feed named"
expect_eq "$(printf '%s\n' "$err" | grep -c 'lede-index: .*bad/')" 3 "one warning per bad file"
run "$LEDE_QUERY_BIN" --index "$T/bad-idx" --json --exact whole
expect_eq "$(json 'j["total"]')" 1 "the truncated feed's whole item is indexed"
run "$LEDE_QUERY_BIN" --index "$T/bad-idx" --json --exact lol
expect_eq "$(json 'j["total"]')" 0 "no entity expanded"
run "$LEDE_QUERY_BIN" --index "$T/bad-idx" --json --exact root
expect_eq "$(json 'j["total"]')" 0 "no external entity loaded"

# A feed that becomes an error page keeps its items (the index keeps what it had).
mkdir "$T/flaky"
feed "$(item K 'Kappa kestrel seen.')" > "$T/flaky/f.rss"
run "$LEDE_INDEX_BIN" --index "$T/flaky-idx" "$T/flaky"
cp "$LEDE_SRC/tests/data/feed/notafeed.rss" "$T/flaky/f.rss"
run "$LEDE_INDEX_BIN" --index "$T/flaky-idx"
expect_rc 1 "error page in place of a feed"
expect_contains "$err" "f.rss: not a feed" "the error page named"
run "$LEDE_QUERY_BIN" --index "$T/flaky-idx" --json --exact kestrel
expect_eq "$(json 'j["total"]')" 1 "items kept while the feed is not a feed"
run "$LEDE_INDEX_BIN" --index "$T/flaky-idx"
expect_rc 0 "the same error page again: reported once"
expect_not_contains "$err" "not a feed" "no second warning"
feed "$(item N 'Nu nightjar seen.')" > "$T/flaky/f.rss"
run "$LEDE_INDEX_BIN" --index "$T/flaky-idx"
expect_rc 0 "a feed again"
run "$LEDE_QUERY_BIN" --index "$T/flaky-idx" --json --exact "kestrel OR nightjar"
expect_eq "$(json 'j["total"]')" 2 "the window goes on: the old item and the new one"

# --rebuild reads the feed anew: items that had dropped out are gone then
# (documented in docs/articles.md and lede-index(1)).
mkdir "$T/rb"
feed "$(item L 'Lambda lynx seen.')" "$(item M 'Mu marten seen.')" > "$T/rb/f.rss"
run "$LEDE_INDEX_BIN" --index "$T/rb-idx" "$T/rb"
feed "$(item M 'Mu marten seen.')" > "$T/rb/f.rss"
run "$LEDE_INDEX_BIN" --index "$T/rb-idx"
run "$LEDE_QUERY_BIN" --index "$T/rb-idx" --json --exact lynx
expect_eq "$(json 'j["total"]')" 1 "L kept by the update"
run "$LEDE_INDEX_BIN" --index "$T/rb-idx" --rebuild "$T/rb"
expect_rc 0 "rebuild"
run "$LEDE_QUERY_BIN" --index "$T/rb-idx" --json --exact lynx
expect_eq "$(json 'j["total"]')" 0 "L gone after --rebuild"
run "$LEDE_QUERY_BIN" --index "$T/rb-idx" --json --exact marten
expect_eq "$(json 'j["total"]')" 1 "M still there after --rebuild"

# A feed in an encoding its bytes break: one message, naming the file and
# libxml2's reason, and no bare libxml2 lines on standard error.
mkdir "$T/enc"
printf '<?xml version="1.0" encoding="EUC-JP"?>\n<rss version="2.0"><channel><title>T</title><item><title>A</title><description>First \xff\xfe bad. Second.</description></item></channel></rss>\n' >"$T/enc/e.rss"
run "$LEDE_INDEX_BIN" --dry-run "$T/enc"
expect_rc 1 "a feed its encoding cannot convert"
expect_contains "$err" "e.rss: malformed XML (line 2: input conversion failed" "the file and the conversion named"
expect_eq "$(printf '%s\n' "$err" | grep -vc '^lede-index: ')" "0" "no line but lede-index's own"

finish
