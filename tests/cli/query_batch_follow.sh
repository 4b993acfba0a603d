# A long-running reader follows the index: lede-query --batch, kept open as a
# coprocess, finds a word added by a live update, then words brought by a
# --rebuild (which swaps in another database and deletes the old one), with
# no restart. Every answer is awaited for at most 30 s.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir docs
for i in 1 2 3 4 5; do
  printf 'Ordinary sentence number %d about the markets.\n' "$i" >"docs/a$i.txt"
done
run "$LEDE_INDEX_BIN" --index idx --quiet docs
expect_rc 0 "first build"

coproc BATCH { exec timeout 120 "$LEDE_QUERY_BIN" --index idx --batch --limit 10; }
# ask QUERY: sends one query and reads its answer into $out.
ask() {
  printf '%s\n' "$1" >&"${BATCH[1]}"
  IFS= read -r -t 30 out <&"${BATCH[0]}" || out='{"hits": [], "error": "no answer"}'
}
hits() { json 'len(j["hits"])'; }

ask markets
expect_eq "$(hits)" "5" "the batch answers"
ask quokkaword
expect_eq "$(hits)" "0" "a word not yet indexed"

printf 'A quokkaword was seen near the markets.\n' >docs/new.txt
run "$LEDE_INDEX_BIN" --index idx --json
expect_eq "$(json 'j["added"]')" "1" "a live update adds a file"
ask quokkaword
expect_eq "$(hits)" "1" "the running batch finds the word of the live update"
ask markets
expect_eq "$(hits)" "6" "and counts the new file"

for word in wombatword numbatword; do
  printf 'A %s was seen.\n' "$word" >"docs/$word.txt"
  run "$LEDE_INDEX_BIN" --index idx --rebuild --json docs
  expect_rc 0 "--rebuild"
  ask "$word"
  expect_eq "$(hits)" "1" "the running batch finds $word after a --rebuild"
done
rm docs/new.txt
run "$LEDE_INDEX_BIN" --index idx --json
expect_eq "$(json 'j["removed"]')" "1" "a live update removes a file"
ask quokkaword
expect_eq "$(hits)" "0" "the running batch no longer finds its word"

exec {BATCH[1]}>&-
wait "$BATCH_PID" && rc=0 || rc=$?
expect_rc 0 "the batch ends when its input does"
finish
