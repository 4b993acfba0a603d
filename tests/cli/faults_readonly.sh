# A read-only index: queries work; lede-index says why it cannot write and
# leaves the index as it was. Two kinds are tried:
#  - permissions: the index folder made read-only with chmod -R a-w, used by
#    an unprivileged user (as root, the programs run as nobody through
#    setpriv, since root ignores permissions);
#  - a read-only file system: a read-only bind mount of the index (as root, or
#    inside a user+mount namespace when we are not).
# At least one must be possible; the test fails otherwise.
if [ -z "${LEDE_FAULTS_NS:-}" ] && [ "$(id -u)" -ne 0 ] && unshare -rm true 2>/dev/null; then
  # Unprivileged: run the permission part as we are, the mount part in a
  # namespace (a second run of this script).
  LEDE_FAULTS_NS=1 unshare -rm bash "$0" "$@" || exit 1
  LEDE_FAULTS_NS=perm exec bash "$0" "$@"
fi
. "$(dirname "$0")/../cli_lib.sh"
chmod 755 "$T"
IDX="$T/idx"
index_corpus "$IDX"
run "$LEDE_QUERY_BIN" --index "$IDX" --json "Shangri-La Dialogue"
before=$(json 'len(j["hits"]), j["hits"][0]["text"]')
mkdir -p "$T/more"
printf 'A zebracorn was seen near the border.\n' >"$T/more/new.txt"
chmod -R a+rX "$T/more"
kinds=0

# check_readonly LABEL DIR RUNNER...: queries in DIR work, indexing fails
# clearly, and DIR answers as before.
check_readonly() {
  local label=$1 dir=$2
  shift 2
  run "$@" "$LEDE_QUERY_BIN" --index "$dir" --json "Shangri-La Dialogue"
  expect_rc 0 "$label: query"
  expect_eq "$(json 'len(j["hits"]), j["hits"][0]["text"]')" "$before" "$label: same answer"
  run "$@" "$LEDE_QUERY_BIN" --index "$dir" --jsonl --context 1 missile
  expect_rc 0 "$label: jsonl query with context"
  run "$@" "$LEDE_INDEX_BIN" --index "$dir" "$T/more"
  expect_rc 2 "$label: indexing a read-only index fails"
  case "$err" in
    *"ermission denied"* | *"ead-only file system"*) ok ;;
    *) bad "$label: the error does not say why: ${err:0:400}" ;;
  esac
  expect_contains "$err" "$dir" "$label: the error names the index"
  expect_not_contains "$err" "terminate called" "$label: no uncaught C++ exception"
  run "$@" "$LEDE_INDEX_BIN" --index "$dir" --rebuild "$T/more"
  expect_rc 2 "$label: --rebuild of a read-only index fails"
  run "$@" "$LEDE_INDEX_BIN" --index "$dir"
  expect_rc 2 "$label: rescan of a read-only index fails"
  run "$@" "$LEDE_QUERY_BIN" --index "$dir" --json "Shangri-La Dialogue"
  expect_eq "$(json 'len(j["hits"]), j["hits"][0]["text"]')" "$before" "$label: index unchanged"
  run "$@" "$LEDE_QUERY_BIN" --index "$dir" --json zebracorn
  expect_rc 1 "$label: nothing was added"
}

# check_unreadable RUNNER...: a database folder that the user may not read
# is said as such, not as a damaged index to rebuild.
check_unreadable() {
  local db
  db="$IDX/$(readlink "$IDX/current")/sentences"
  chmod 700 "$db"
  [ "$(id -u)" -eq 0 ] || chmod 000 "$db"
  run "$@" "$LEDE_QUERY_BIN" --index "$IDX" missile
  chmod 755 "$db"
  expect_rc 2 "an unreadable database: exit 2"
  expect_contains "$err" "$db: Permission denied" "names the folder and the reason"
  expect_not_contains "$err" "damaged" "not called damaged"
}

# Permissions.
if [ "${LEDE_FAULTS_NS:-}" != 1 ]; then
  chmod -R a-w "$IDX"
  if [ "$(id -u)" -eq 0 ]; then
    chmod -R a+rX "$IDX"
    if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null &&
      setpriv --reuid=65534 --regid=65534 --clear-groups "$LEDE_QUERY_BIN" --version >/dev/null 2>&1; then
      echo "faults_readonly: chmod -R a-w, programs run as uid 65534 (setpriv)"
      check_readonly "chmod a-w" "$IDX" setpriv --reuid=65534 --regid=65534 --clear-groups
      check_unreadable setpriv --reuid=65534 --regid=65534 --clear-groups
      kinds=$((kinds + 1))
    else
      echo "faults_readonly: cannot run the programs as an unprivileged user here"
    fi
  else
    echo "faults_readonly: chmod -R a-w as uid $(id -u)"
    check_readonly "chmod a-w" "$IDX" env
    check_unreadable env
    kinds=$((kinds + 1))
  fi
  chmod -R u+w "$IDX"
fi

# A read-only file system.
if [ "${LEDE_FAULTS_NS:-}" != perm ]; then
  RO="$T/ro"
  mkdir -p "$RO"
  if mount --bind "$IDX" "$RO" 2>/dev/null; then
    trap 'umount "$RO" 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
    if mount -o remount,bind,ro "$RO" 2>/dev/null && ! touch "$RO/x" 2>/dev/null; then
      echo "faults_readonly: read-only bind mount${LEDE_FAULTS_NS:+ (in a user namespace)}"
      check_readonly "read-only mount" "$RO" env
      kinds=$((kinds + 1))
    fi
    umount "$RO"
  else
    echo "faults_readonly: bind mounts are not allowed here"
  fi
fi

if [ "$kinds" -gt 0 ]; then ok; else bad "no way to make the index read-only here"; fi
finish
