# Power loss during live updates: Xapian renames its version file
# (iamglass) at each commit without syncing the folder, so after a power cut
# the folder could still hold an older version file whose blocks later
# commits reused ("Block overwritten" on every query). lede syncs the
# database folder after each commit, and the index folder after the stub
# (current) is renamed into place when a rebuild is published.
#
# A build's shards (tmp-PID-K, merged into the pair that is published and
# then deleted; a power cut leaves them to the next run's cleanup) need no
# such sync.
#
# A power cut cannot be made here, so the test checks the order of the
# system calls with strace: every rename of a version file or of the stub
# must be followed by an fsync of the folder holding it before lede-index
# exits. Without strace the test says so, and fails only under CI=true.
. "$(dirname "$0")/../cli_lib.sh"

need_strace faults_durable

# traced LABEL ARGS...: runs lede-index ARGS under strace and checks that
# each rename into a folder is followed by an fsync of that folder.
traced() {
  local label=$1
  shift
  # (LeakSanitizer cannot run under ptrace.)
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -y -qq -o "$T/trace" -e trace=fsync,rename,renameat,renameat2 \
    "$LEDE_INDEX_BIN" --quiet "$@" >/dev/null 2>"$T/.stderr"
  local rc=$?
  [ "$rc" -eq 0 ] || bad "$label: lede-index failed ($rc): $(cat "$T/.stderr")"
  # rename("D/v.tmp", "D/iamglass") then fsync(N</abs/D>): folders are
  # compared by their last two components (strace shows relative and
  # absolute paths).
  local unsynced
  unsynced=$(awk '
    function key(p,   n, a) { n = split(p, a, "/"); return a[n - 1] "/" a[n] }
    /rename/ && match($0, /"[^"]*"\) = 0/) {
      to = substr($0, RSTART + 1, RLENGTH - 7); sub(/\/[^\/]*$/, "", to)
      if (to ~ /\/tmp-[0-9]+-[0-9]+(\/|$)/) next # a build'"'"'s shard: merged, then deleted
      if (to !~ /\//) to = "./" to
      pending[key(to)] = 1; renames++
    }
    /fsync\(/ && match($0, /<[^>]*>/) { delete pending[key(substr($0, RSTART + 1, RLENGTH - 2))] }
    END { for (d in pending) print d; print "renames", renames + 0 > "/dev/stderr" }
  ' "$T/trace" 2>"$T/renames")
  expect_eq "$unsynced" "" "$label: every renamed folder synced afterwards"
  echo "faults_durable: $label: $(cat "$T/renames")"
}

mkdir -p "$T/src"
for i in $(seq 1 40); do
  printf 'Report %d. The harbour board met on Tuesday. Grain prices rose by %d cents.\n' "$i" "$i" \
    >"$T/src/a$i.txt"
done
# A live build of a few files, then live updates in small batches (several
# commits each), then a staged rebuild that is published.
export LEDE_INDEX_BATCH=300
traced "live build" --index "$T/idx" "$T/src"
for i in $(seq 1 20); do printf 'Report %d was revised.\n' "$i" >>"$T/src/a$i.txt"; done
traced "live update" --index "$T/idx" "$T/src"
grep -c 'iamglass' "$T/trace" >/dev/null || bad "live update: no commit seen in the trace"
[ "$(grep -c 'rename(.*iamglass' "$T/trace")" -ge 3 ] || bad "live update: fewer than 3 commits traced"
traced "rebuild" --rebuild --jobs 1 --index "$T/idx" "$T/src"
grep -q 'rename(.*current' "$T/trace" || bad "rebuild: the link was not renamed into place"
unset LEDE_INDEX_BATCH

# One file added to an existing index: one commit per database, and only
# their two folders synced, not the index folder (a new index's link is
# synced when written: lede_db_open_write()).
printf 'A late report on the harbour board.\n' >"$T/src/late.txt"
traced "one file" --index "$T/idx" "$T/src/late.txt"
expect_eq "$(grep -c 'rename(.*iamglass' "$T/trace")" 2 "one file: one commit per database"
expect_eq "$(grep -cE '^[0-9]+ +fsync\(' "$T/trace")" 2 "one file: two folders synced, no more"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json "revised"
expect_rc 0 "the index answers"
expect_eq "$(json 'j["total"]')" "20" "every revision is there"
finish
