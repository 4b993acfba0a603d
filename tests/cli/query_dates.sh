# Dates: the date: field (a day, a month, a year, ranges with open ends) and
# --since/--until, which take the same forms.
. "$(dirname "$0")/../cli_lib.sh"
IDX="$T/idx"
# make_articles DIR: four small articles with front matter (titles, sources,
# dates) and one without, then indexes them into $IDX.
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
make_articles "$T/a"
# A leap day and the last day of a year, for the edges of ranges.
printf -- '---\ntitle: Leap\nsource: Wire\ndate: 2024-02-29\n---\nA leap day missile report.\n' >"$T/a/leap.txt"
printf -- '---\ntitle: Eve\nsource: Wire\ndate: 2023-12-31\n---\nA year end missile report.\n' >"$T/a/eve.txt"
"$LEDE_INDEX_BIN" --quiet --index "$IDX" "$T/a"

# dates QUERY [OPTION...]: the sorted set of dates of the hits.
dates() {
  run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 100 "$@"
  json '" ".join(sorted(set(str(h["date"]) for h in j["hits"])))'
}

expect_eq "$(dates missile)" "2023-11-09 2023-11-21 2023-12-31 2024-02-29 None" "all dates"
expect_eq "$(dates 'missile date:2023-11-21')" "2023-11-21" "one day"
expect_eq "$(dates 'missile date:2023-11')" "2023-11-09 2023-11-21" "one month"
expect_eq "$(dates 'missile date:2023')" "2023-11-09 2023-11-21 2023-12-31" "one year"
expect_eq "$(dates 'date:2024-01')" "2024-01-13" "a date: filter alone"
expect_eq "$(dates 'missile date:2023-11-10..2023-12-31')" "2023-11-21 2023-12-31" "day range, ends included"
expect_eq "$(dates 'missile date:2023-12..2024-02')" "2023-12-31 2024-02-29" "month range to the month's last day"
expect_eq "$(dates 'missile date:2024..')" "2024-02-29" "open end"
expect_eq "$(dates 'missile date:..2023-11-09')" "2023-11-09" "open start"
expect_eq "$(dates 'missile date:..2023')" "2023-11-09 2023-11-21 2023-12-31" "open start, year"
expect_eq "$(dates 'missile AND (date:2023-11-09 OR date:2024)')" "2023-11-09 2024-02-29" "two dates OR'd"
expect_eq "$(dates 'missile date:2023-11-09 date:2024')" "2023-11-09 2024-02-29" "two date: filters OR'd"
expect_eq "$(dates 'missile date:2023 source:wire')" "2023-12-31" "date: and source: together"
expect_eq "$(dates 'missile date:"November 21, 2023"')" "2023-11-21" "a written-out date"
run "$LEDE_QUERY_BIN" --index "$IDX" --json 'missile date:2022'
expect_rc 1 "no hits in 2022"

# Bad date: values fall back to keywords with a warning.
for bad_value in 2023-13 2023-02-30 20231 yesterday 2023-11-01..nope ..; do
  run "$LEDE_QUERY_BIN" --index "$IDX" --json "missile date:$bad_value"
  expect_contains "$err" "is not a date" "date:$bad_value is refused"
done

# --since/--until take a day, a month or a year.
expect_eq "$(dates missile --since 2023-11-10)" "2023-11-21 2023-12-31 2024-02-29" "--since day"
expect_eq "$(dates missile --since 2023-12)" "2023-12-31 2024-02-29" "--since month"
expect_eq "$(dates missile --since 2024)" "2024-02-29" "--since year"
expect_eq "$(dates missile --until 2023-11)" "2023-11-09 2023-11-21" "--until month: to its last day"
expect_eq "$(dates missile --until 2024-02)" "2023-11-09 2023-11-21 2023-12-31 2024-02-29" "--until leap February"
expect_eq "$(dates missile --until 2023)" "2023-11-09 2023-11-21 2023-12-31" "--until year"
expect_eq "$(dates missile --since 2023-11-15 --until 2023-12-31)" "2023-11-21 2023-12-31" "--since and --until"
expect_eq "$(dates missile --since 'Nov 10, 2023' --until 2023)" "2023-11-21 2023-12-31" "written-out --since"
expect_eq "$(dates missile --source yonhap --source WIRE)" "2023-11-21 2023-12-31 2024-02-29" "--source twice, any case"
run "$LEDE_QUERY_BIN" --index "$IDX" --since 2023-02-29 missile
expect_rc 2 "--since a day that does not exist"
expect_contains "$err" "--since" "names the option"
run "$LEDE_QUERY_BIN" --index "$IDX" --until soon missile
expect_rc 2 "--until not a date"
finish
