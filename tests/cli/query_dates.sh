# Dates: the date: field (a day, a month, a year, ranges with open ends) and
# --since/--until, which take the same forms.
. "$(dirname "$0")/../cli_lib.sh"
IDX="$T/idx"
. "$(dirname "$0")/../cli_query_fixture.sh"
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
