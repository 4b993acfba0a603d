# The walk lists and stats folders with --jobs threads (default: the
# cores; issue #17: a no-op rescan is mostly one stat per file): the files found, their order, the
# warnings and the kinds passed by do not depend on the number of threads,
# nor do a build's and an update's outcomes; and with --jobs 2 the stats
# are made by more than one thread (strace, when it can run here).
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
# A tree with what a walk meets: nested folders, a folder source, an empty
# one (warned), hidden and backup files, kinds passed by, a dangling link,
# a symbolic link loop, a FIFO with an article's name, a feed in .xml.
for d in a a/b a/b/c d e/f/g h; do mkdir -p "tree/$d"; done
for d in a a/b a/b/c d e e/f e/f/g h; do
  for i in 1 2 3 4 5; do
    printf 'A story about %s number %d. The harbour board met on Tuesday.\n' "$d" "$i" >"tree/$d/s$i.txt"
  done
done
printf 'desk\n' >tree/a/b/.lede-source
printf '\n' >tree/d/.lede-source
printf 'hidden\n' >tree/a/.hidden.txt
printf 'backup\n' >tree/h/s1.txt~
printf 'x' >tree/d/report.docx
printf 'x' >tree/e/photo.jpg
printf 'x' >tree/e/f/other.jpg
ln -s nowhere.txt tree/h/dangling.txt
ln -s .. tree/a/b/c/loop
mkfifo tree/e/pipe.txt
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Port</title><description>The port reopened on Monday.</description></item></channel></rss>\n' >tree/d/wire.xml

for j in 1 2 5; do
  "$LEDE_INDEX_BIN" --dry-run --jobs "$j" tree >"dry$j.out" 2>"dry$j.err"
  echo $? >"dry$j.rc"
done
expect_eq "$(cat dry1.rc)" 1 "the dry run warns"
for j in 2 5; do
  expect_eq "$(cmp dry1.out "dry$j.out" && cmp dry1.err "dry$j.err" && cmp dry1.rc "dry$j.rc" && echo same)" \
    same "--dry-run --jobs $j: the articles, their order and the warnings of --jobs 1"
done
expect_contains "$(cat dry1.err)" "symbolic link loop" "the loop is warned about"
expect_contains "$(cat dry1.err)" "folder source file empty" "the empty source is warned about"
expect_contains "$(cat dry1.err)" "pipe.txt: not a regular file" "the FIFO is warned about"
expect_contains "$(cat dry1.err)" "dangling.txt: vanished or dangling symbolic link" "the link is warned about"
expect_contains "$(cat dry1.out)" '"source":"desk"' "the folder source applies"

# Builds and updates with 1 and 4 threads give the same summaries, the
# same warnings and the same answers.
summary() { json 'j["added"], j["updated"], j["removed"], j["unchanged"], j["skipped"]'; }
for j in 1 4; do
  run "$LEDE_INDEX_BIN" --index "idx$j" --jobs "$j" --json tree
  echo "$rc $(summary)" >"build$j.sum"
  printf '%s\n' "$err" | sed 's/ in [0-9.]* s$//' >"build$j.err"
done
expect_eq "$(cat build4.sum)" "$(cat build1.sum)" "a build's summary with 4 threads"
expect_eq "$(cat build4.err)" "$(cat build1.err)" "a build's warnings with 4 threads"
expect_contains "$(cat build1.sum)" "(41, 0, 0, 0, 4)" "what the build indexed"
for j in 1 4; do
  run "$LEDE_INDEX_BIN" --index "idx$j" --jobs "$j" --json
  expect_eq "$(summary)" "(0, 0, 0, 41, 4)" "a no-op rescan with --jobs $j"
done

# A first build of 64 files or more is made by worker processes, which
# pass their warnings to the parent: the same warnings as one process
# gives, for names with a tab, a newline or a backslash, and for a path
# of nearly PATH_MAX bytes (cut at 4,200 bytes once).
mkdir many
for i in $(seq 1 70); do printf 'Story %d about the harbour.\n' "$i" >"many/s$i.txt"; done
printf 'bin\000ary\000' >many/$'tab\tname.txt'
: >many/$'new\nline.txt'
printf 'bin\000ary\000' >'many/back\slash.txt'
deep=many
for _ in $(seq 1 19); do deep="$deep/$(printf 'd%.0s' $(seq 1 200))"; done
mkdir -p "$deep"
: >"$deep/empty.txt"
for j in 1 2; do
  run "$LEDE_INDEX_BIN" --index "many$j" --jobs "$j" many
  expect_rc 1 "a build of many files with warnings, --jobs $j"
  printf '%s\n' "$err" | sed 's/ in [0-9.]* s$//' | sort >"many$j.err"
done
expect_eq "$(cat many2.err)" "$(cat many1.err)" "a parallel build's warnings are one process's"
expect_contains "$(cat many2.err)" 'tab\tname.txt: binary' "a tab in a name, escaped as one process does"
expect_contains "$(cat many2.err)" 'new\nline.txt: empty' "a newline in a name, escaped as one process does"
expect_contains "$(cat many2.err)" "/empty.txt: " "the deep path's warning whole"
printf 'A new story about dredging.\n' >tree/e/f/g/new.txt
printf 'A changed story about dredging.\n' >tree/a/s2.txt
rm tree/a/b/c/s3.txt
mv tree/d/s4.txt tree/h/moved.txt
for j in 1 4; do
  run "$LEDE_INDEX_BIN" --index "idx$j" --jobs "$j" --json
  echo "$rc $(summary)" >"update$j.sum"
  run "$LEDE_QUERY_BIN" --index "idx$j" --json --limit 50 harbour OR dredging
  json '[(h["path"], h["source"], h["sentence"]) for h in j["hits"]]' >"answers$j"
done
expect_eq "$(cat update4.sum)" "$(cat update1.sum)" "an update's summary with 4 threads"
expect_contains "$(cat update1.sum)" "(2, 1, 2, 38, 4)" "what the update did"
expect_eq "$(cat answers4)" "$(cat answers1)" "the same answers with 4 threads"

# The stats are spread over threads (the point of it).
if strace -f -o /dev/null true 2>/dev/null; then
  # Which thread takes which folder is the scheduler's choice: on a tree
  # of a few folders the first thread can finish them all before the
  # second runs (it did once, in CI). Over 120 folders both take part.
  for d in $(seq 1 120); do
    mkdir -p "wide/f$d"
    for i in 1 2 3; do printf 'Story %d, part %d.\n' "$d" "$i" >"wide/f$d/s$i.txt"; done
  done
  stat_threads() {
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
      strace -f -qq -o trace -e trace=%%stat "$LEDE_INDEX_BIN" --dry-run "$@" wide >/dev/null 2>&1
    grep -E 'fstatat.*"s[0-9].txt"' trace | awk '{print $1}' | sort -u | wc -l
  }
  # On a loaded host one thread may still take every folder once: the
  # best of three walks (a walk that never uses its second thread fails).
  best_stat_threads() {
    local best=0 n
    for _ in 1 2 3; do
      n=$(stat_threads "$@")
      [ "$n" -gt "$best" ] && best=$n
      [ "$best" -ge 2 ] && break
    done
    echo "$best"
  }
  expect_eq "$(best_stat_threads --jobs 2)" 2 "with --jobs 2, the files are stat'ed by two threads"
  # Naming a file: a few stats, no thread worth starting.
  printf 'A story about d number 1, revised.\n' >tree/d/s1.txt
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -qq -o trace -e trace=clone,clone3 "$LEDE_INDEX_BIN" --quiet --index idx4 --jobs 4 tree/d/s1.txt 2>/dev/null
  expect_eq "$(grep -c clone trace)" 0 "naming a file starts no thread"
  # --jobs 1 keeps the walk to one thread (on a loaded host two can be
  # slower: docs/bench-growth.md).
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -qq -o trace -e trace=clone,clone3 "$LEDE_INDEX_BIN" --quiet --index idx4 --jobs 1 2>/dev/null
  expect_eq "$(grep -c clone trace)" 0 "a rescan with --jobs 1 starts no thread"
  # Without --jobs, as many threads as cores (a rescan of a tree this
  # small still starts them: a folder is a task).
  if [ "$(nproc)" -gt 1 ]; then
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
      strace -f -qq -o trace -e trace=clone,clone3 "$LEDE_INDEX_BIN" --quiet --index idx4 2>/dev/null
    clones=$(grep -c clone trace)
    [ "$clones" -gt 0 ] && ok || bad "without --jobs, a rescan on $(nproc) cores starts no thread"
    threads=$(best_stat_threads)
    [ "$threads" -gt 1 ] && ok || bad "without --jobs, the files are stat'ed by $threads thread(s) on $(nproc) cores"
  fi
else
  echo "index_walk_jobs: strace missing: the threads were not counted"
fi
finish
