# lede-index never deletes what it did not create: a folder that is not a
# lede index is refused untouched, cleanup removes only lede's own databases
# (recognised by name and contents), a damaged stub deletes nothing and says
# how to rebuild, and a failed command leaves nothing behind.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir -p news
printf 'Walruses crowded the northern beaches at dawn.\n' > news/one.txt
printf 'Narwhals were seen near the fjord on Tuesday.\n' > news/two.txt

# user_files DIR: makes a folder of someone's own files, with names like
# those of lede's databases.
user_files() {
  mkdir -p "$1/tmp-photos" "$1/db-exports" "$1/db-3" "$1/tmp-1-0"
  printf 'JPEG' > "$1/tmp-photos/holiday.jpg"
  printf 'id,name\n1,Ann\n' > "$1/db-exports/customers.csv"
  printf 'notes' > "$1/db-3/notes.txt"
  printf 'draft' > "$1/tmp-1-0/draft.txt"
}
# intact DIR WHAT: every user file is still there, unchanged.
intact() {
  expect_eq "$(cat "$1/tmp-photos/holiday.jpg" "$1/db-exports/customers.csv" "$1/db-3/notes.txt" \
    "$1/tmp-1-0/draft.txt" 2>&1 | tr '\n' ' ')" "JPEGid,name 1,Ann notesdraft" "$2: user files intact"
}

# 1. An ordinary folder given as --index is refused, and nothing is created
# in it (no lock file either).
user_files X
run "$LEDE_INDEX_BIN" --index X news
expect_rc 2 "ordinary folder as --index"
expect_contains "$err" "X: not a lede index" "says it is not an index"
expect_contains "$err" "new or empty folder" "says what to do"
intact X "--index X"
expect_eq "$(ls X | tr '\n' ' ')" "db-3 db-exports tmp-1-0 tmp-photos " "nothing added to X"
run "$LEDE_INDEX_BIN" --rebuild --index X news
expect_rc 2 "--rebuild into an ordinary folder"
intact X "--rebuild --index X"

# 2. --index . in a folder of one's own.
mkdir home && user_files home && cp -r news home/
(cd home && "$LEDE_INDEX_BIN" --index . news) 2>"$T/.e" && rc=0 || rc=$?
expect_eq "$rc" "2" "--index . in a user's folder"
intact home "--index ."

# 3. Inside a real index, folders named like lede's but holding other files
# survive the cleanup of stale databases.
run "$LEDE_INDEX_BIN" --quiet --index idx news
expect_rc 0 "a real index"
user_files idx
run "$LEDE_INDEX_BIN" --quiet --index idx news
expect_rc 0 "rescan with foreign folders inside the index"
intact idx "cleanup inside an index"
# A real stale database (an interrupted rebuild's) is removed.
live=$(readlink idx/current)
cp -r "idx/$live" idx/db-9
run "$LEDE_INDEX_BIN" --quiet --index idx news
expect_eq "$(ls -d idx/db-9 2>/dev/null)" "" "a stale database of lede's is still cleaned up"
expect_eq "$(ls -d "idx/$live")" "idx/$live" "the live database stays"

# 4. A damaged link to the live pair: an error naming the problem and the
# way out, and nothing deleted; --rebuild PATH then replaces the index.
run "$LEDE_INDEX_BIN" --quiet --index good news
live=$(readlink good/current)
tables() { find "$1" -name '*.glass' | wc -l; }
for damage in missing-db not-a-link no-link; do
  rm -rf d && cp -r good d
  case $damage in
    missing-db) ln -sfn db-7 d/current ;;
    not-a-link) rm d/current && : > d/current ;;
    no-link) rm d/current; mkdir -p corpus && cp news/one.txt corpus/ ;;
  esac
  run "$LEDE_INDEX_BIN" --index d
  expect_rc 2 "plain run on a damaged index ($damage)"
  expect_contains "$err" "damaged" "$damage: says the index is damaged"
  expect_contains "$err" "--rebuild" "$damage: says how to rebuild"
  expect_eq "$(tables "d/$live")" "$(tables "good/$live")" "$damage: database kept"
  run "$LEDE_INDEX_BIN" --index d news
  expect_rc 2 "run with a PATH on a damaged index ($damage)"
  expect_eq "$(ls -d "d/$live")" "d/$live" "$damage: database still kept"
  run "$LEDE_QUERY_BIN" --index d walruses
  expect_rc 2 "query on a damaged index ($damage)"
  expect_contains "$err" "damaged" "$damage: lede-query says the index is damaged"
  run "$LEDE_INDEX_BIN" --quiet --index d --rebuild
  expect_rc 2 "--rebuild without paths cannot know what to index ($damage)"
  run "$LEDE_INDEX_BIN" --quiet --index d --rebuild news
  expect_rc 0 "--rebuild PATH replaces a damaged index ($damage)"
  run "$LEDE_QUERY_BIN" --index d --json narwhals
  expect_rc 0 "rebuilt index answers ($damage)"
  run "$LEDE_INDEX_BIN" --quiet --index d
  expect_rc 0 "rescan after the rebuild ($damage)"
done
rm -rf corpus

# 4b. Damaged tables (missing, truncated, overwritten version file): every
# exit 2 says what is wrong and how to fix it, and --rebuild PATH works
# whatever state the old index is in.
for damage in missing-table truncated-table zeroed-version; do
  rm -rf d && cp -r good d
  case $damage in
    missing-table) rm "d/$live/sentences/postlist.glass" ;;
    truncated-table) truncate -s 8192 "d/$live/articles/postlist.glass" ;;
    zeroed-version) head -c "$(stat -c %s "d/$live/sentences/iamglass")" /dev/zero > "d/$live/sentences/iamglass" ;;
  esac
  run "$LEDE_QUERY_BIN" --index d walruses
  expect_rc 2 "query on a $damage"
  expect_contains "$err" "damaged" "$damage: lede-query says the index is damaged"
  expect_contains "$err" "--rebuild" "$damage: lede-query says how to fix it"
  run "$LEDE_INDEX_BIN" --index d news
  expect_rc 2 "update of a $damage"
  expect_contains "$err" "--rebuild" "$damage: lede-index says how to fix it"
  run "$LEDE_INDEX_BIN" --quiet --index d --rebuild news
  expect_rc 0 "--rebuild PATH replaces an index with a $damage"
  run "$LEDE_QUERY_BIN" --index d --json walruses
  expect_rc 0 "rebuilt index answers ($damage)"
done

# 5. Failed commands create nothing.
run "$LEDE_INDEX_BIN" --index fresh --language klingon news
expect_rc 2 "unknown language"
expect_eq "$(ls -d fresh 2>/dev/null)" "" "no index folder left by an unknown language"
mkdir empty
(cd empty && "$LEDE_INDEX_BIN" --quiet) 2>"$T/.e" && rc=0 || rc=$?
expect_eq "$rc" "2" "nothing to index"
expect_eq "$(ls -A empty)" "" "no .lede left by 'nothing to index'"
mkdir given
run "$LEDE_INDEX_BIN" --index given --language klingon news
expect_eq "$(ls -A given)" "" "an empty folder given as --index stays empty after a failure"

# 6. A first build killed before it was published is no index yet: the
# next run builds it again (its unfinished database is lede's to remove).
run "$LEDE_INDEX_BIN" --quiet --index half news
rm half/current && : > "half/building-$(ls half | grep '^db-')"
run "$LEDE_INDEX_BIN" --quiet --index half news
expect_rc 0 "an unfinished first build is built again"
expect_eq "$(ls half | tr '\n' ' ')" "current db-1 lock " "the unfinished database and its marker are gone"

# 7. An index of an earlier schema (a stub XAPIANDB naming one Glass
# database): both programs say to rebuild it, nothing is deleted, and
# --rebuild PATH replaces it with the new layout.
mkdir old && cp -r "good/$live/sentences" old/db-1 && printf 'glass db-1\n' > old/XAPIANDB
run "$LEDE_QUERY_BIN" --index old walruses
expect_rc 2 "query on an index of an earlier schema"
expect_contains "$err" "rebuild" "an earlier schema: lede-query says to rebuild"
run "$LEDE_INDEX_BIN" --index old news
expect_rc 2 "update of an index of an earlier schema"
expect_contains "$err" "--rebuild" "an earlier schema: lede-index says to rebuild"
expect_eq "$(tables old/db-1)" "$(tables "good/$live/sentences")" "an earlier schema: its database kept"
run "$LEDE_INDEX_BIN" --quiet --index old --rebuild news
expect_rc 0 "--rebuild replaces an index of an earlier schema"
expect_eq "$(ls old | tr '\n' ' ')" "current db-2 lock " "the old stub and database are gone"
run "$LEDE_QUERY_BIN" --index old --json narwhals
expect_rc 0 "the rebuilt index answers"

# A --rebuild that cannot read a path it is given (a mistyped name), or a
# folder the index holds articles of (moved, or a disk not mounted), would
# swap in an index without those articles: it is refused, the index kept.
mkdir -p keep/arch
printf 'Walruses crowded the northern beaches at dawn.\n' > keep/arch/w.txt
"$LEDE_INDEX_BIN" --quiet --index keep/idx keep/arch || bad "indexing keep"
run "$LEDE_INDEX_BIN" --quiet --index keep/idx --rebuild keep/archh
expect_rc 2 "--rebuild of a path that does not exist"
expect_contains "$err" "keep/archh: No such file or directory" "the missing path is named"
expect_contains "$err" "nothing rebuilt" "says the index was not rebuilt"
run "$LEDE_INDEX_BIN" --quiet --index keep/idx --rebuild keep/arch keep/archh
expect_rc 2 "--rebuild of a path that exists and one that does not"
run "$LEDE_QUERY_BIN" --index keep/idx --json walruses
expect_eq "$(json 'len(j["hits"])')" "1" "the index still answers after refused rebuilds"
mv keep/arch keep/moved
run "$LEDE_INDEX_BIN" --quiet --index keep/idx --rebuild
expect_rc 2 "--rebuild while a folder it indexed is gone"
expect_contains "$err" "keep/arch: No such file or directory" "the gone folder is named"
expect_contains "$err" "name the files and folders" "says how to rebuild from elsewhere"
run "$LEDE_QUERY_BIN" --index keep/idx --json walruses
expect_eq "$(json 'len(j["hits"])')" "1" "the index still answers"
run "$LEDE_INDEX_BIN" --quiet --index keep/idx --rebuild keep/moved
expect_rc 0 "--rebuild from the folder's new place"

# 8. Folders that look like lede's but are someone's own (QA): each is
# refused as not a lede index, with --rebuild too, and nothing in it is
# touched. Xapian writes XAPIANDB stubs for anyone's databases; a deployment
# keeps "current" as a link to a release; backups rotate in db-DATE
# folders; anyone may keep a file named "lock" or a "report.tmp".
snap() { find "$1" -exec stat -c '%n %s %Y %a' {} + | sort; find "$1" -type f -print0 | sort -z | xargs -0r cat | md5sum; }
own() { # NAME: makes folder NAME of someone's own, as below
  case $1 in
    stub) mkdir -p stub/mydb && printf 'glass mydb\n' > stub/XAPIANDB && cp "good/$live/sentences/"* stub/mydb/ && echo hi > stub/README ;;
    rel) mkdir -p rel/releases/v2 && echo app > rel/releases/v2/app && ln -s releases/v2 rel/current ;;
    bk) mkdir -p bk/db-2024-06-02 && echo d > bk/db-2024-06-02/dump.sql && echo p > bk/db-2024-06-02/dump.sql.tmp && ln -s db-2024-06-02 bk/current ;;
    curfile) mkdir -p curfile && echo v2 > curfile/current ;;
    curdir) mkdir -p curdir/current && echo x > curdir/current/x ;;
    tmps) mkdir -p tmps/db-2023 tmps/tmp-7 && echo r > tmps/db-2023/report.tmp && echo u > tmps/tmp-7/upload.tmp ;;
    lockfile) mkdir -p lockfile && echo 'my notes' > lockfile/lock ;;
    locklink) mkdir -p locklink && echo important > important.txt && ln -s ../important.txt locklink/lock ;;
  esac
}
for name in stub rel bk curfile curdir tmps lockfile locklink; do
  own "$name"
  before=$(snap "$name"; cat important.txt 2>/dev/null)
  for opts in "" "--rebuild"; do
    run "$LEDE_INDEX_BIN" --index "$name" $opts news
    expect_rc 2 "someone's folder ($name) as --index $opts"
    expect_contains "$err" "$name: not a lede index" "$name: said to be no index ($opts)"
  done
  run "$LEDE_QUERY_BIN" --index "$name" walruses
  expect_rc 2 "lede-query on someone's folder ($name)"
  expect_eq "$(snap "$name"; cat important.txt 2>/dev/null)" "$before" "$name: nothing in it touched"
done

# A disk not mounted: its mount point is an empty folder on another device
# than the one indexed. A rescan keeps its articles with a warning (it
# removed them all, exit 0), a --rebuild is refused (it published an empty
# index); a folder emptied on its own device still loses its articles.
# Needs a mount: as root, or in a user and mount namespace (unshare -rm).
cat >mnt.sh <<'SH'
set -e
# found IDX WORD: 1 once one passage of IDX holds WORD (within 15 s), else 0.
found() {
  for _ in $(seq 150); do
    "$LEDE_QUERY_BIN" --index "$1" --count "$2" | grep -q '^1 passage' && { echo 1; return; }
    sleep 0.1
  done
  echo 0
}
mkdir -p m/disk m/plain
mount -t tmpfs tmpfs m/disk
cp news/one.txt news/two.txt m/disk/
printf 'Herons waited in the reeds.\n' > m/plain/h.txt
"$LEDE_INDEX_BIN" --quiet --index m/idx m/disk m/plain
umount m/disk
set +e
"$LEDE_INDEX_BIN" --index m/idx >m/rescan.out 2>&1; echo "rescan $?"
"$LEDE_QUERY_BIN" --index m/idx --count walruses OR narwhals | sed 's/^/count /'
"$LEDE_INDEX_BIN" --index m/idx --rebuild >m/rebuild.out 2>&1; echo "rebuild $?"
"$LEDE_QUERY_BIN" --index m/idx --count walruses OR narwhals | sed 's/^/count /'
rm m/plain/h.txt
"$LEDE_INDEX_BIN" --index m/idx --json 2>/dev/null | python3 -c 'import json,sys; print("plain removed", json.load(sys.stdin)["removed"])'
# A mount point removed as its disk is unmounted (desktops do so under
# /media): its articles are kept too; a folder removed from its own
# device loses its articles.
mkdir -p m/usb m/gone
mount -t tmpfs tmpfs m/usb
printf 'Puffins nested on the cliffs.\n' > m/usb/p.txt
printf 'Otters slept in the kelp.\n' > m/gone/o.txt
"$LEDE_INDEX_BIN" --quiet --index m/idx m/usb m/gone
umount m/usb
rmdir m/usb
rm -r m/gone
"$LEDE_INDEX_BIN" --index m/idx >m/gone.out 2>&1; echo "gone $?"
"$LEDE_QUERY_BIN" --index m/idx --count puffins | sed 's/^/puffins /'
"$LEDE_QUERY_BIN" --index m/idx --count otters | sed 's/^/otters /'
SH
# A disk mounted inside a root (i/news, with i/news/2024 a disk of its
# own): unmounted, its articles are kept with a warning naming the folder,
# as a root's are, and a --rebuild is refused; a folder removed from the
# disk itself loses its articles; the mount point removed as well, they
# are still kept; the folder named drops them.
cat >>mnt.sh <<'SH'
mkdir -p i/news/2024 i/news/old
printf 'Walruses crowded the beach.\n' > i/news/old/w.txt
mount -t tmpfs tmpfs i/news/2024
mkdir i/news/2024/jan
printf 'Puffins nested on the cliffs.\n' > i/news/2024/p.txt
printf 'Narwhals surfaced at dawn.\n' > i/news/2024/jan/n.txt
"$LEDE_INDEX_BIN" --quiet --index i/idx i/news
umount i/news/2024
"$LEDE_INDEX_BIN" --index i/idx >i/rescan.out 2>&1; echo "inner rescan $?"
"$LEDE_QUERY_BIN" --index i/idx --count puffins OR narwhals | sed 's/^/inner count /'
"$LEDE_INDEX_BIN" --index i/idx --rebuild >i/rebuild.out 2>&1; echo "inner rebuild $?"
mount -t tmpfs tmpfs i/news/2024
printf 'Puffins nested on the cliffs.\n' > i/news/2024/p.txt
"$LEDE_INDEX_BIN" --index i/idx --json 2>/dev/null | python3 -c 'import json,sys; print("inner jan removed", json.load(sys.stdin)["removed"])'
umount i/news/2024
rmdir i/news/2024
"$LEDE_INDEX_BIN" --index i/idx >i/gone.out 2>&1; echo "inner gone $?"
"$LEDE_QUERY_BIN" --index i/idx --count puffins | sed 's/^/inner gone puffins /'
"$LEDE_INDEX_BIN" --quiet --index i/idx i/news/2024; echo "inner named $?"
"$LEDE_QUERY_BIN" --index i/idx --count puffins OR walruses | sed 's/^/inner named count /'
SH
# The same under --watch: a root's disk unmounted and its mount point
# removed keeps its articles, and the disk mounted again is watched again
# (it was not: nothing written to it was indexed).
cat >>mnt.sh <<'SH'
mkdir -p w/usb
mount -t tmpfs tmpfs w/usb
printf 'Gannets dived into the sea.\n' > w/usb/g.txt
timeout -k 5 60 "$LEDE_INDEX_BIN" --index w/idx --watch w/usb 2>w/watch.err &
tpid=$!
for _ in $(seq 500); do grep -q watching w/watch.err 2>/dev/null && break; sleep 0.02; done
umount w/usb
for _ in $(seq 500); do grep -q "disk was unmounted" w/watch.err && break; sleep 0.02; done
rmdir w/usb
lost=0
for _ in $(seq 30); do
  "$LEDE_QUERY_BIN" --index w/idx --count gannets | grep -q '^1 passage' || lost=1
  sleep 0.1
done
echo "watch lost $lost"
mkdir w/usb
mount -t tmpfs tmpfs w/usb
printf 'Shearwaters glided past.\n' > w/usb/s.txt
echo "watch remounted seen $(found w/idx shearwaters)"
kill -TERM $tpid
wait $tpid
echo "watch stopped $?"
umount w/usb
SH
# And a disk inside a watched root: unmounted, then its mount point
# removed, its articles are kept; mounted again, it is watched again.
cat >>mnt.sh <<'SH'
mkdir -p wi/news/usb
mount -t tmpfs tmpfs wi/news/usb
printf 'Gannets dived into the sea.\n' > wi/news/usb/g.txt
timeout -k 5 60 "$LEDE_INDEX_BIN" --index wi/idx --watch wi/news 2>wi/watch.err &
tpid=$!
for _ in $(seq 500); do grep -q watching wi/watch.err 2>/dev/null && break; sleep 0.02; done
umount wi/news/usb
for _ in $(seq 500); do grep -q "are kept" wi/watch.err && break; sleep 0.02; done
rmdir wi/news/usb
lost=0
for _ in $(seq 20); do
  "$LEDE_QUERY_BIN" --index wi/idx --count gannets | grep -q '^1 passage' || lost=1
  sleep 0.1
done
echo "watch inner lost $lost"
mkdir wi/news/usb
mount -t tmpfs tmpfs wi/news/usb
printf 'Shearwaters glided past.\n' > wi/news/usb/s.txt
echo "watch inner remounted seen $(found wi/idx shearwaters)"
kill -TERM $tpid
wait $tpid
echo "watch inner stopped $?"
umount wi/news/usb
SH
mkdir -p probe
if mount -t tmpfs tmpfs probe 2>/dev/null; then
  umount probe
  mounted=$(LEDE_INDEX_BIN="$LEDE_INDEX_BIN" LEDE_QUERY_BIN="$LEDE_QUERY_BIN" sh mnt.sh 2>&1)
elif unshare -rm true 2>/dev/null; then
  mounted=$(LEDE_INDEX_BIN="$LEDE_INDEX_BIN" LEDE_QUERY_BIN="$LEDE_QUERY_BIN" unshare -rm sh mnt.sh 2>&1)
else
  mounted=
  echo "index_data_loss: no mount here (not root, no user namespaces): the unmounted-disk case is not run"
fi
if [ -n "$mounted" ]; then
  expect_contains "$mounted" "rescan 1" "a rescan of an unmounted disk warns (exit 1)"
  expect_contains "$(cat m/rescan.out)" "disk: no articles there now, on another device" "says why"
  expect_contains "$(cat m/rescan.out)" "its articles are kept: to drop them, 'lede-index --rebuild' naming the folders to keep" "and how to drop them (removing the folder would keep them too)"
  expect_contains "$mounted" "count 2 passages in 2 articles" "its articles are kept"
  expect_contains "$mounted" "rebuild 2" "a --rebuild of an unmounted disk is refused"
  expect_contains "$(cat m/rebuild.out)" "nothing rebuilt, the index is as it was" "says so"
  expect_not_contains "$mounted" "count 0" "the index never emptied"
  expect_contains "$mounted" "plain removed 1" "a folder emptied on its own device loses its articles"
  expect_contains "$mounted" "gone 1" "a rescan of a mount point removed with its disk warns (exit 1)"
  expect_contains "$(cat m/gone.out)" "usb: gone, and the folder above it is on another device than it was when indexed" "says why"
  expect_contains "$mounted" "puffins 1 passage in 1 article" "its articles are kept"
  expect_contains "$(cat m/gone.out)" "gone: no longer exists; its articles leave the index" "a folder removed from its device: said"
  expect_contains "$mounted" "otters 0 passages" "and its articles removed"
  expect_contains "$mounted" "watch lost 0" "--watch: an unmounted disk's articles are kept"
  expect_contains "$(cat w/watch.err)" "usb: the watched folder's disk was unmounted; looking for it every 5 s" "--watch says so"
  expect_contains "$mounted" "watch remounted seen 1" "--watch: the disk mounted again is watched again"
  expect_contains "$mounted" "watch stopped 0" "--watch stops cleanly"
  expect_contains "$mounted" "inner rescan 1" "a rescan of a disk not mounted inside a root warns (exit 1)"
  expect_contains "$(cat i/rescan.out)" "news/2024: no articles there now, on another device than when it was indexed (a disk not mounted?); its articles (2 files) are kept: to drop them, 'lede-index' naming the folder" "says why, naming the folder"
  expect_contains "$mounted" "inner count 2 passages in 2 articles" "the disk's articles are kept"
  expect_contains "$mounted" "inner rebuild 2" "a --rebuild with a disk not mounted inside a root is refused"
  expect_contains "$(cat i/rebuild.out)" "nothing rebuilt, the index is as it was" "says so"
  expect_contains "$mounted" "inner jan removed 1" "a folder removed from the disk itself loses its articles"
  expect_contains "$mounted" "inner gone 1" "a mount point removed inside a root warns (exit 1)"
  expect_contains "$(cat i/gone.out)" "news/2024: gone, and the folder above it is on another device" "says why"
  expect_contains "$mounted" "inner gone puffins 1 passage in 1 article" "its articles are kept"
  expect_contains "$mounted" "inner named 0" "the folder named"
  expect_contains "$mounted" "inner named count 1 passage in 1 article" "drops its articles, and only them"
  expect_contains "$mounted" "watch inner lost 0" "--watch: the articles of a disk inside a root are kept"
  expect_contains "$mounted" "watch inner remounted seen 1" "--watch: the disk mounted again is watched again"
  expect_contains "$mounted" "watch inner stopped 0" "--watch stops cleanly"
fi

# A new index of paths none of which exists is not created.
run "$LEDE_INDEX_BIN" --quiet --index fresh nosuch
expect_rc 2 "a new index of a path that does not exist"
expect_contains "$err" "nosuch: No such file or directory" "the path is named"
[ ! -e fresh ] && ok || bad "an index folder was left for a path that does not exist"

finish
