# cli_query_fixture.sh - sourced by the lede-query tests after cli_lib.sh:
# a small set of articles with front matter for them to ask about.
# make_articles DIR: four small articles with front matter (titles, sources,
# dates) and one without, then indexes them into $IDX (which the test sets).
make_articles() {
  mkdir -p "$1"
  cat >"$1/seoul.txt" <<'ART'
---
title: Defense chiefs meet in Seoul
source: Korea Herald
date: 2023-11-09
---
The defense ministers of South Korea, the United States and Japan will meet in Seoul next week.

The ministers plan to discuss missile warning data on North Korean launches.

Officials said the meeting would also cover joint naval drills near the peninsula.

The last such meeting took place in June at the Shangri-La Dialogue in Singapore.
ART
  cat >"$1/taiwan.txt" <<'ART'
---
title: Taiwan votes in presidential election
source: Reuters
date: 2024-01-13
---
Voters in Taiwan elected a new president on Saturday.

The electoral commission counted ballots late into the night.

China said the election would not change its position on the island.
ART
  cat >"$1/missile.txt" <<'ART'
---
title: North Korea fires missile into sea
source: Yonhap
date: 2023-11-21
---
North Korea fired a ballistic missile into the sea on Tuesday, the military said.

The missile flew about 500 kilometres before landing, officials in Seoul said.

Japan's defense ministry said the missile fell outside its economic zone.
ART
  printf 'An undated note about naval drills and a missile launch.\n' >"$1/note.txt"
  "$LEDE_INDEX_BIN" --quiet --index "$IDX" "$1" || bad "indexing $1 failed"
}
