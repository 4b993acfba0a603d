# Files that are not regular files, named like articles: a FIFO, symbolic
# links to a FIFO and to /dev/zero, a /proc file that never ends. lede-index
# must neither hang (it holds the index lock meanwhile) nor read without
# bound: each is skipped with a warning naming it, and the rest is indexed.
# --no-follow-outside skips symbolic links that lead outside the paths given.
. "$(dirname "$0")/../cli_lib.sh"

mkdir -p "$T/news" "$T/outside"
printf 'Harbour cranes\n\nThe zebracorn harbour reopened on Monday.\n' >"$T/news/good.txt"
mkfifo "$T/news/pipe.txt" "$T/outside/pipe"
ln -s "$T/outside/pipe" "$T/news/linked-pipe.md"
ln -s /dev/zero "$T/news/zero.jsonl"

run timeout 20 "$LEDE_INDEX_BIN" --index "$T/idx" "$T/news"
expect_rc 1 "special files are skipped with a warning, not waited on"
for f in pipe.txt linked-pipe.md zero.jsonl; do
  expect_contains "$err" "$f: not a regular file" "the warning names $f and says why"
done
run "$LEDE_QUERY_BIN" --index "$T/idx" zebracorn
expect_rc 0 "the regular file is indexed"
expect_contains "$out" "harbour reopened" "its sentence is found"

# Given directly, as the path to index or to --dry-run.
run timeout 20 "$LEDE_INDEX_BIN" --index "$T/idx2" "$T/news/pipe.txt"
expect_rc 1 "a FIFO given directly is skipped"
expect_contains "$err" "pipe.txt: not a regular file" "the warning names the FIFO"
run timeout 20 "$LEDE_INDEX_BIN" --dry-run "$T/news/linked-pipe.md" "$T/news/good.txt"
expect_rc 1 "--dry-run skips a link to a FIFO"
expect_contains "$err" "linked-pipe.md: not a regular file" "--dry-run names the link"
expect_contains "$out" "zebracorn" "--dry-run still prints the regular article"

# A regular file whose size the walk saw as 0 but that never ends (as a file
# still growing): read up to a bound, skipped, left for the next run.
if [ "$(head -c 2000000 /proc/kallsyms 2>/dev/null | wc -c)" -eq 2000000 ]; then
  mkdir -p "$T/proc"
  ln -s /proc/kallsyms "$T/proc/kallsyms.txt"
  cp "$T/news/good.txt" "$T/proc/"
  run timeout 20 "$LEDE_INDEX_BIN" --index "$T/idx3" "$T/proc"
  expect_rc 1 "an endless regular file is skipped"
  expect_contains "$err" "kallsyms.txt: grew during the scan" "the warning names it and says why"
  run "$LEDE_QUERY_BIN" --index "$T/idx3" zebracorn
  expect_rc 0 "the other file is indexed"
fi

# --no-follow-outside: a link to a file outside the paths given is skipped;
# links inside them are followed as usual.
mkdir -p "$T/roots/a/sub" "$T/roots/b"
printf 'The quokka census ended.\n' >"$T/outside/secret.txt"
printf 'The wombat census began.\n' >"$T/roots/b/inside.txt"
ln -s "$T/outside/secret.txt" "$T/roots/a/secret.txt"
ln -s "$T/roots/b/inside.txt" "$T/roots/a/sub/inside.txt"
ln -s "$T/outside/pipe" "$T/roots/a/pipe.txt"
run timeout 20 "$LEDE_INDEX_BIN" --index "$T/idx4" --no-follow-outside "$T/roots/a" "$T/roots/b"
expect_rc 1 "a link leading outside is skipped with a warning"
expect_contains "$err" "secret.txt: symbolic link to $T/outside/secret.txt, outside the paths" \
  "the warning names the link and its target"
expect_contains "$err" "pipe.txt: symbolic link to" "a link to a FIFO outside is skipped too"
expect_eq "$(printf '%s\n' "$err" | grep -c 'secret.txt')" "1" "one warning for the link"
run "$LEDE_QUERY_BIN" --index "$T/idx4" quokka
expect_rc 1 "the target outside is not indexed"
run "$LEDE_QUERY_BIN" --index "$T/idx4" --json wombat
expect_rc 0 "a link inside the paths given is followed"
run timeout 20 "$LEDE_INDEX_BIN" --index "$T/idx5" "$T/roots/a/secret.txt" "$T/roots/a/sub"
expect_rc 0 "without the option, links are followed"
run "$LEDE_QUERY_BIN" --index "$T/idx5" quokka
expect_rc 0 "the target is indexed without the option"
run "$LEDE_INDEX_BIN" --help
expect_contains "$out" "--no-follow-outside" "--help lists the option"
expect_contains "$(cat "$LEDE_SRC/docs/lede-index.1")" "no\-follow\-outside" "the man page has it"
run bash -c ". '$LEDE_SRC/scripts/completion/lede.bash' && COMP_WORDS=('$LEDE_INDEX_BIN' --no-f) &&
  COMP_CWORD=1 && _lede_index && echo \"\${COMPREPLY[*]}\""
expect_eq "$out" "--no-follow-outside" "bash completion offers it"

finish
