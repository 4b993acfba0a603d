# Results: --limit, --offset, --per-article, --sort, --context from the index,
# matched words marked (stems included; colour only on a terminal or when
# asked), very long sentences shortened around the matches.
. "$(dirname "$0")/../cli_lib.sh"
IDX="$T/idx"
. "$(dirname "$0")/../cli_query_fixture.sh"
make_articles "$T/a"

# field NAME QUERY [OPTION...]: NAME of each hit, space-separated.
field() {
  local name=$1
  shift
  run "$LEDE_QUERY_BIN" --index "$IDX" --json "$@"
  json '" ".join(str(h["'"$name"'"]) for h in j["hits"])'
}

# --limit and --offset page through the same ranking.
all=$(field text missile --limit 100)
expect_eq "$(field rank missile --limit 100)" "1 2 3 4 5" "five missile passages"
expect_eq "$(field rank missile --limit 2)" "1 2" "--limit"
expect_eq "$(field rank missile --limit 2 --offset 2)" "3 4" "--offset: ranks count the offset"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --limit 2 --offset 2 missile
expect_eq "$(json 'j["offset"]')" "2" "offset in JSON"
p1=$(field text missile --limit 2)
p2=$(field text missile --limit 2 --offset 2)
p3=$(field text missile --limit 2 --offset 4)
expect_eq "$p1 $p2 $p3" "$all" "pages add up to the whole list"
run "$LEDE_QUERY_BIN" --index "$IDX" --json missile --offset 10
expect_rc 1 "an offset past the end finds nothing"
run "$LEDE_QUERY_BIN" --index "$IDX" --color never --limit 2 --offset 2 missile
expect_contains "$out" "3." "text output numbers from the offset"

# --per-article N: at most N passages from one article.
expect_eq "$(field path missile --per-article 1 --limit 100 | tr ' ' '\n' | sort | uniq -d)" "" "--per-article 1: no article twice"
expect_eq "$(field rank missile --per-article 1 --limit 100)" "1 2 3" "--per-article 1: one per article"
expect_eq "$(field path missile --per-article 2 --limit 100 | tr ' ' '\n' | grep -c missile.txt)" "2" "--per-article 2"

# --sort date: newest first, undated last.
expect_eq "$(field date missile --sort date --limit 100)" "2023-11-21 2023-11-21 2023-11-21 2023-11-09 None" "--sort date"
expect_eq "$(field date missile --sort relevance --per-article 1 --limit 1 | wc -w)" "1" "--sort relevance"
run "$LEDE_QUERY_BIN" --index "$IDX" --sort size missile
expect_rc 2 "--sort takes relevance or date"

# --context N: neighbouring sentences from the index, within the article.
run "$LEDE_QUERY_BIN" --index "$IDX" --json --context 1 "Shangri-La Dialogue"
expect_eq "$(json 'j["hits"][0]["context"]["before"]')" '["Officials said the meeting would also cover joint naval drills near the peninsula."]' "context before"
expect_eq "$(json 'j["hits"][0]["context"]["after"]')" '[]' "no context after the last sentence"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --context 2 "Voters"
expect_eq "$(json 'len(j["hits"][0]["context"]["before"]), len(j["hits"][0]["context"]["after"])')" "(0, 2)" "context at the first sentence"
run "$LEDE_QUERY_BIN" --index "$IDX" --color never --context 1 "counted ballots"
expect_contains "$out" "   Voters in Taiwan elected" "context shown before"
expect_contains "$out" " > The electoral commission [counted] [ballots]" "the hit marked with >"
expect_contains "$out" "   China said the election" "context shown after"
# Many hits (the neighbours are asked for 256 hits at a time): each hit's
# context is its own article's sentences around it, past the first 256 too.
mkdir -p "$T/many"
for i in $(seq 1 120); do
  printf 'Opening %d of the pier. The walrus %d swam by. Closing %d of the pier.\n' "$i" "$i" "$i" >"$T/many/m$i.txt"
done
"$LEDE_INDEX_BIN" --quiet --index "$T/many.idx" "$T/many" || bad "indexing many"
run "$LEDE_QUERY_BIN" --index "$T/many.idx" --json --per-article 0 --limit 400 --context 1 pier walrus
expect_eq "$(json 'len(j["hits"])')" "360" "every sentence is a hit"
expect_eq "$(json 'sum(1 for h in j["hits"] if [int("".join(filter(str.isdigit, c))) for c in h["context"]["before"] + h["context"]["after"]] != [int("".join(filter(str.isdigit, h["text"])))] * (2 if h["sentence"] == 2 else 1))')" "0" "each hit has its own article's neighbours"
# Context comes from the index: it survives the file's removal.
mv "$T/a/taiwan.txt" "$T/taiwan.moved"
run "$LEDE_QUERY_BIN" --index "$IDX" --json --context 1 "counted ballots"
expect_contains "$(json 'j["hits"][0]["context"]["after"][0]')" "China said" "context without the file"
mv "$T/taiwan.moved" "$T/a/taiwan.txt"

# Marked words: plain and stemmed forms, brackets off a terminal.
run "$LEDE_QUERY_BIN" --index "$IDX" "ministry defenses"
expect_contains "$out" "Japan's [defense] [ministry]" "stems marked, brackets when piped"
expect_not_contains "$out" $'\033[' "no escapes when piped"
run "$LEDE_QUERY_BIN" --index "$IDX" --color always "ministry defenses"
expect_contains "$out" $'Japan\'s \033[1;31mdefense\033[0m \033[1;31mministry\033[0m' "--color always"
run "$LEDE_QUERY_BIN" --index "$IDX" --color never "the missile"
expect_not_contains "$out" "[the]" "stop words are not marked"
run "$LEDE_QUERY_BIN" --index "$IDX" --color sometimes missile
expect_rc 2 "--color takes auto, always or never"

# On a terminal: colour by default, none with NO_COLOR or --color never.
on_tty() {
  python3 -c '
import os, pty, sys
out = bytearray()
def read(fd):
    data = os.read(fd, 65536)
    out.extend(data)
    return data
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out.extend(chunk)
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
' "$@"
}
tty_out=$(on_tty "$LEDE_QUERY_BIN" --index "$IDX" missile)
expect_contains "$tty_out" $'\033[1;31mmissile' "colour on a terminal"
tty_out=$(NO_COLOR=1 on_tty "$LEDE_QUERY_BIN" --index "$IDX" missile)
expect_not_contains "$tty_out" $'\033[' "NO_COLOR"
expect_contains "$tty_out" "[missile]" "NO_COLOR: brackets instead"
tty_out=$(on_tty "$LEDE_QUERY_BIN" --index "$IDX" --color never missile)
expect_not_contains "$tty_out" $'\033[' "--color never on a terminal"

# A very long sentence is shortened around its matches, with ellipses, and
# never cut inside a character.
mkdir -p "$T/long"
{
  for i in $(seq 1 60); do printf 'filler%02d é ' "$i"; done
  printf 'the rare wombat appeared near the wombat burrow '
  for i in $(seq 1 60); do printf 'padding%02d ü ' "$i"; done
  printf 'end.\n'
} >"$T/long/long.txt"
"$LEDE_INDEX_BIN" --quiet --index "$IDX" "$T/long"
run "$LEDE_QUERY_BIN" --index "$IDX" --color never wombat
line=$(printf '%s\n' "$out" | grep '^ > ')
expect_contains "$line" " > … " "ellipsis before"
expect_contains "$line" " …" "ellipsis after"
expect_contains "$line" "rare [wombat] appeared near the [wombat] burrow" "matches kept in the window"
expect_not_contains "$line" "filler01" "the start is left out"
expect_not_contains "$line" "end." "the end is left out"
expect_eq "$(( ${#line} < 480 ))" "1" "shortened to about 400 bytes"
expect_eq "$(printf '%s' "$line" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 && echo valid)" "valid" "cut on character boundaries"
run "$LEDE_QUERY_BIN" --index "$IDX" --json wombat
expect_contains "$(json 'j["hits"][0]["text"]')" "filler01" "JSON keeps the whole sentence"
# A long neighbour (--context) is shortened too: one before the hit keeps
# its end, one after it its start.
{
  for i in $(seq 1 60); do printf 'before%02d ' "$i"; done
  printf 'lastbefore.

A numbat was seen.

firstafter '
  for i in $(seq 1 60); do printf 'after%02d ' "$i"; done
  printf 'done.
'
} >"$T/long/near.txt"
"$LEDE_INDEX_BIN" --quiet --index "$IDX" "$T/long"
run "$LEDE_QUERY_BIN" --index "$IDX" --color never --context 1 numbat
before=$(printf '%s\n' "$out" | grep -B1 '^ > ' | head -1)
after=$(printf '%s\n' "$out" | grep -A1 '^ > ' | tail -1)
expect_contains "$before" "… " "a long sentence before: ellipsis"
expect_contains "$before" "lastbefore." "a long sentence before keeps its end"
expect_not_contains "$before" "before01" "and leaves out its start"
expect_contains "$after" "firstafter" "a long sentence after keeps its start"
expect_not_contains "$after" "done." "and leaves out its end"
expect_eq "$(( ${#before} < 480 && ${#after} < 480 ))" "1" "neighbours shortened to about 400 bytes"
finish
