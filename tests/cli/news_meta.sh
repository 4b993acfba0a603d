# What lede records of real-looking news, article by article, and how the
# filters then find it: wire stories with a dateline (the place is recorded,
# the dateline is no part of the first sentence, so it neither splits it nor
# answers a query for "Reuters"), in English and other languages; text pasted
# from a page that shows "Updated 3 hours ago" under its headline; a saved page
# whose <title> carries the site's name, whose date is only in its URL and
# whose content opens with its headline again, a byline and an AP dateline; a
# feed of wire items, one without a date; a mailing list's MIME digest, whose
# posts are articles of their own, and a newsletter opening with a dateline.
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/news"
cat > "$T/news/wire.txt" <<'TXT'
Oil prices rise as OPEC signals cuts
By Jane Doe

LONDON, March 3 (Reuters) - Oil prices rose on Monday after OPEC signalled
further output cuts. Brent crude gained 2 percent to $85 a barrel.
TXT
printf 'Copper hits record\n\nMarch 4 (Reuters) - Copper prices hit a record on Monday.\n' > "$T/news/copper.txt"
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
cat > "$T/news/page.html" <<'HTML'
<html><head><title>Flooding closes roads across Missouri | The Daily Planet</title>
<link rel="canonical" href="https://dailyplanet.example/2024/03/08/missouri-flooding">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h2>Flooding closes roads across Missouri</h2>
<p class="byline">By Jane Doe</p>
<p>KANSAS CITY, Mo. (AP) — Flooding closed dozens of roads across Missouri on Friday as rivers
rose to record levels after a week of storms, and officials urged people to stay home.</p>
<p>More rain is expected over the weekend, forecasters said, and shelters opened in three
counties for families whose homes took on water during the night.</p>
</article></body></html>
HTML
cat > "$T/news/wire.rss" <<'XML'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Planet Wire</title><link>https://wire.example/</link>
<item><title>Markets calm after rate decision</title><link>https://wire.example/a</link>
<description>NEW YORK (Reuters) - Markets were calm on Wednesday after the central bank held rates.</description></item>
<item><title>Rates held</title><link>https://wire.example/b</link><pubDate>Wed, 06 Mar 2024 23:30:00 -0500</pubDate>
<description>&lt;p&gt;By John Roe&lt;/p&gt;&lt;p&gt;WASHINGTON (Reuters) - The central bank held rates steady on Wednesday.&lt;/p&gt;</description></item>
<item><title>Port reopens after strike</title><link>https://wire.example/2024/03/05/port-reopens</link>
<description>The port reopened on Tuesday after a week-long strike ended.</description></item>
</channel></rss>
XML
cat > "$T/news/saved.txt" <<'TXT'
---
title: Ferry service resumes
url: https://coast.example/news/2024/03/07/ferry-resumes
---
The ferry service resumed on Thursday after the storm passed.
TXT
cat > "$T/news/lists.mbox" <<'MBOX'
From digest@list.example Tue Mar  5 23:30:00 2024
From: newsroom-request@list.example
Subject: Newsroom Digest, Vol 3, Issue 12
Date: Tue, 05 Mar 2024 23:30:00 -0500
Message-ID: <d2@list.example>
MIME-Version: 1.0
Content-Type: multipart/digest; boundary="XX"

Send Newsroom mailing list submissions to newsroom@list.example

--XX

From: Jane Doe <jane@paper.example>
Subject: Storm coverage plan
Date: Tue, 05 Mar 2024 10:00:00 -0500

We will cover the storm from the harbour wall. Photos by noon.

--XX

From: John Roe <john@paper.example>
Subject: Re: Storm coverage plan
Date: Tue, 05 Mar 2024 11:00:00 -0500

Agreed. I will file from the harbour office.

--XX--

From news@wire.example Mon Mar  4 07:00:00 2024
From: Morning Wire <news@wire.example>
Subject: Oil rises as OPEC signals cuts
Date: Mon, 04 Mar 2024 07:00:00 +0000
Message-ID: <w1@wire.example>
Content-Type: text/plain; charset=utf-8

VIENNA (Reuters) - Oil rose on Monday after OPEC signalled cuts.
MBOX
mkdir -p "$T/news/web"
cat > "$T/news/web/council.html" <<'HTML'
<html><head><title>Council approves harbour budget - The Metropolis Evening Chronicle Online</title>
<meta property="og:site_name" content="The Metropolis Evening Chronicle Online">
<meta name="parsely-author" content="Ana Lima">
<meta property="article:published_time" content="2024-03-05T23:30:00-05:00">
</head><body><article><p>The city council approved the harbour budget late on Tuesday after a long
debate about the cost of the new sea wall and the dredging of the old channel.</p>
<p>Members voted nine to four, and the mayor said work on the wall would start in the spring,
once the contracts have been signed by the port authority.</p></article></body></html>
HTML
cat > "$T/news/web/blog.html" <<'HTML'
<html><head><title>Storm season begins early this year @ Harbour Notes</title>
<meta property="og:site_name" content="Harbour Notes">
</head><body><article><div class="meta">Posted by <span itemprop="author" itemscope>
<span itemprop="name">John Roe</span></span></div>
<p>Storm season began early this year, with three gales in the first week of March and more
forecast, and the harbour master has moved the small boats inland for safety.</p>
<p>Fishermen say they have not seen so many storms so early in forty years of work on the
water, and the insurers are already counting the cost of the damage.</p></article></body></html>
HTML
cat > "$T/news/web/gossip.html" <<'HTML'
<html><head><title>Singer's dress stolen after gala</title>
<meta property="og:site_name" content="http://www.gossip.example">
</head><body><article><p>By <a rel="author" href="/staff/kim-park">Kim Park</a></p>
<p>A singer's pearl dress was stolen from her hotel room after the gala on Sunday, her
spokesman said, and the police are looking at the footage from the hotel's cameras.</p>
<p>The dress, made of six thousand pearls, was worth more than a hundred thousand dollars,
according to the designer who made it for the evening.</p></article></body></html>
HTML
run "$LEDE_INDEX_BIN" --quiet --index "$T/idx" "$T/news"
expect_rc 0 "indexing"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'place:london oil'
expect_eq "$(json 'j["total"], j["hits"][0]["text"], j["hits"][0]["meta"]')" \
  "(1, 'Oil prices rose on Monday after OPEC signalled further output cuts.', {'author': 'Jane Doe'})" \
  "wire story: place, author, first sentence without its dateline"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'Reuters OR AP OR AFP'
expect_eq "$(json 'j["total"]')" "0" "the agency in a dateline is not a word of the first sentence"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'source:reuters OR source:ap'
expect_eq "$(json 'sorted({(h["source"], h["path"]) for h in j["hits"]})')" \
  '[["AP", "news/flood.txt"], ["Reuters", "news/copper.txt"], ["Reuters", "news/wire.txt"]]' \
  "a wire story that names no source: the agency of its dateline is the source"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json copper
expect_eq "$(json '[(h["text"], h["place"]) for h in j["hits"]]')" \
  '[["Copper prices hit a record on Monday.", null]]' \
  "a dateline without a place (March 4 (Reuters) -) is not part of the sentence either"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'place:"st. louis"'
expect_eq "$(json '[h["text"] for h in j["hits"]]')" \
  '["Flooding closed roads across the region on Friday.", "More rain is expected."]' \
  "a dateline with a region abbreviation (Mo.) does not split the first sentence"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'place:paris'
expect_eq "$(json 'j["total"], j["hits"][0]["text"], j["hits"][0]["date"]')" \
  "(2, 'Les prix du pétrole ont augmenté lundi.', '2024-03-03')" \
  "a French dateline (PARIS, 3 mars (AFP) -) gives the place"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'title:batters'
expect_eq "$(json '[h["text"] for h in j["hits"]], j["hits"][0]["date"]')" \
  "(['Heavy rain fell across the coast on Tuesday.', 'Thousands lost power.'], None)" \
  "'Updated 3 hours ago' is a header line: the headline above it is the title, neither is a sentence"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json --since 2024-03-08 'source:dailyplanet.example'
expect_eq "$(json '[(h["title"], h["date"], h["place"], h["meta"], h["text"][:20]) for h in j["hits"]]')" \
  '[["Flooding closes roads across Missouri", "2024-03-08", "KANSAS CITY", {"author": "Jane Doe"}, "Flooding closed doze"], ["Flooding closes roads across Missouri", "2024-03-08", "KANSAS CITY", {"author": "Jane Doe"}, "More rain is expecte"]]' \
  "page: title without the site, date from the URL, byline and AP dateline read, not sentences; the headline not repeated as one"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'author:"john roe" place:washington'
expect_eq "$(json '[(h["source"], h["date"], h["text"]) for h in j["hits"]]')" \
  '[["Planet Wire", "2024-03-06", "The central bank held rates steady on Wednesday."]]' \
  "feed item: its byline and dateline give author and place, its pubDate the day written"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'place:"new york"'
expect_eq "$(json '[(h["date"], h["text"]) for h in j["hits"]]')" \
  '[[null, "Markets were calm on Wednesday after the central bank held rates."]]' \
  "feed item without a date: no date, its dateline read"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json --since 2024-01-01 'markets calm'
expect_eq "$(json 'j["total"]')" "0" "an item without a date is not in --since"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'path:news/lists.mbox harbour'
expect_eq "$(json 'sorted((h["source"], h["title"], h["date"], h["text"]) for h in j["hits"])')" \
  '[["Jane Doe", "Storm coverage plan", "2024-03-05", "We will cover the storm from the harbour wall."], ["John Roe", "Re: Storm coverage plan", "2024-03-05", "I will file from the harbour office."]]' \
  "a MIME digest's posts are articles with their own sender, subject and date"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'source:"morning wire" place:vienna'
expect_eq "$(json '[h["text"] for h in j["hits"]]')" '["Oil rose on Monday after OPEC signalled cuts."]' \
  "a newsletter's dateline gives the place and leaves its first sentence"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json --limit 1 'path:news/web council'
expect_eq "$(json '[(h["title"], h["source"], h["date"], h["meta"]) for h in j["hits"]]')" \
  '[["Council approves harbour budget", "The Metropolis Evening Chronicle Online", "2024-03-05", {"author": "Ana Lima"}]]' \
  "page: a long site name cut from the title, parsely-author, the day written in the page's zone"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json --limit 1 'source:"harbour notes"'
expect_eq "$(json '[(h["title"], h["meta"]) for h in j["hits"]]')" \
  '[["Storm season begins early this year", {"author": "John Roe"}]]' \
  "blog page: 'Headline @ Blog' titled by its headline, the microdata author read"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json --limit 1 'source:gossip.example author:"kim park"'
expect_eq "$(json 'j["total"], j["hits"][0]["title"]')" "(2, \"Singer's dress stolen after gala\")" \
  "og:site_name written as a URL: the source is its host; a rel=author link names the author"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json --since 2024-03-05 --until 2024-03-07 'reopened OR resumed'
expect_eq "$(json 'sorted((h["title"], h["date"]) for h in j["hits"])')" \
  '[["Ferry service resumes", "2024-03-07"], ["Port reopens after strike", "2024-03-05"]]' \
  "a feed item or a text with no date but one in its URL (/2024/03/05/) is dated by it"

run "$LEDE_QUERY_BIN" --index "$T/idx" 'place:london oil'
expect_contains "$out" "1. Reuters | LONDON, date unknown | Oil prices rise as OPEC signals cuts" \
  "a hit shows the dateline's place, which its first sentence no longer holds"
finish
