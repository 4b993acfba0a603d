# Files named by path and folders scanned agree on what the index holds: a
# remembered root (a file whose name a folder's walk skips, a hidden folder)
# stays a root of its own, so a rescan of the folder around it does not
# remove its articles and a plain rescan does not add them back (issue 21:
# they flip-flopped forever). It leaves once deleted, or with --rebuild.
. "$(dirname "$0")/../cli_lib.sh"
mkdir -p "$T/inbox/.drafts"
printf 'Walruses crowded the northern beaches.\n' > "$T/inbox/a.html"
printf 'Narwhals were seen near the fjord.\n' > "$T/inbox/b.doc"
printf 'Puffins nested on the cliffs.\n' > "$T/inbox/c.txt"
printf 'Gannets dived for mackerel.\n' > "$T/inbox/.drafts/d.txt"

run "$LEDE_INDEX_BIN" --index "$T/idx" --json "$T/inbox/a.html" "$T/inbox/b.doc" "$T/inbox/.drafts"
expect_rc 0 "two files and a hidden folder by path"
expect_eq "$(json 'j["added"]')" "3" "all three added"
for round in 1 2; do
  run "$LEDE_INDEX_BIN" --index "$T/idx" --json "$T/inbox"
  expect_rc 0 "rescan of the folder around them ($round)"
  expect_eq "$(json 'j["removed"]')" "0" "the folder's walk removes nothing it skips ($round)"
  run "$LEDE_INDEX_BIN" --index "$T/idx" --json
  expect_rc 0 "plain rescan ($round)"
  expect_eq "$(json 'j["added"], j["removed"], j["unchanged"]')" "(0, 0, 4)" \
    "plain rescan adds nothing back ($round)"
done
run "$LEDE_QUERY_BIN" --index "$T/idx" --json walruses narwhals gannets puffins -n 10
expect_eq "$(json 'len(j["hits"])')" "4" "all four articles answer"

# The folder's own files still come and go with its rescan.
rm "$T/inbox/c.txt"
printf 'Razorbills nested on the cliffs.\n' > "$T/inbox/c2.txt"
run "$LEDE_INDEX_BIN" --index "$T/idx" --json "$T/inbox"
expect_eq "$(json 'j["added"], j["removed"]')" "(1, 1)" "the folder's own changes are seen"

# A named file deleted from the folder leaves with the folder's rescan, and
# the next plain rescan says once that it went.
rm "$T/inbox/a.html"
run "$LEDE_INDEX_BIN" --index "$T/idx" --json "$T/inbox"
expect_eq "$(json 'j["removed"]')" "1" "a deleted named file leaves"
run "$LEDE_QUERY_BIN" --index "$T/idx" walruses
expect_rc 1 "its passages are gone"
run "$LEDE_INDEX_BIN" --index "$T/idx" --json
expect_contains "$err" "a.html: no longer exists" "the plain rescan forgets it"
expect_eq "$(json 'j["removed"], j["unchanged"]')" "(0, 3)" "and keeps the rest"

# A subfolder rescanned on its own still loses its deleted files, though
# its parent folder is remembered too.
mkdir -p "$T/inbox/sub"
printf 'Herons waited in the reeds.\n' > "$T/inbox/sub/e.txt"
run "$LEDE_INDEX_BIN" --index "$T/idx" --quiet
rm "$T/inbox/sub/e.txt"
run "$LEDE_INDEX_BIN" --index "$T/idx" --json "$T/inbox/sub"
expect_eq "$(json 'j["removed"]')" "1" "a subfolder's rescan removes what went from it"

# A named file whose folder went too leaves the index (it was warned
# about and kept until a run with no PATH).
mkdir -p "$T/gone/b"
printf 'Copper\n\nCopper prices rose in London on Monday.\n' >"$T/gone/b/x.txt"
"$LEDE_INDEX_BIN" --quiet --index "$T/idx-gone" "$T/gone"
rm -r "$T/gone/b"
run "$LEDE_INDEX_BIN" --index "$T/idx-gone" --json "$T/gone/b/x.txt"
expect_rc 0 "a named file gone with its folder"
expect_eq "$(json 'j["removed"]')" "1" "a named file gone with its folder leaves the index"
run "$LEDE_QUERY_BIN" --index "$T/idx-gone" copper
expect_rc 1 "its text is no longer found"
run "$LEDE_INDEX_BIN" --index "$T/idx-gone" "$T/gone/never/was.txt"
expect_rc 1 "a path that never was, its folder missing too"
expect_contains "$err" "was.txt: No such file or directory" "is warned about"

# A named link to a file is the file at the link's path, as the walk of
# its folder has it: a file replaced by a link to another is that other's
# text there (the link was resolved: "1 unchanged", the old text kept).
mkdir -p "$T/links"
printf 'Copper\n\nCopper prices rose in London on Monday.\n' >"$T/links/a.txt"
printf 'Nickel\n\nNickel prices fell in Berlin on Tuesday, traders said.\n' >"$T/links/b.txt"
"$LEDE_INDEX_BIN" --quiet --index "$T/idx-links" "$T/links"
rm "$T/links/a.txt"
ln -s b.txt "$T/links/a.txt"
run "$LEDE_INDEX_BIN" --index "$T/idx-links" --json "$T/links/a.txt"
expect_eq "$(json '(j["updated"], j["unchanged"])')" "(1, 0)" "a file replaced by a link, named"
run "$LEDE_QUERY_BIN" --index "$T/idx-links" copper
expect_rc 1 "the file's old text is gone"
run "$LEDE_QUERY_BIN" --index "$T/idx-links" --json --all nickel
expect_eq "$(json 'sorted(h["path"] for h in j["hits"])')" '["links/a.txt", "links/b.txt"]' "the link's path holds the other's text"
run "$LEDE_INDEX_BIN" --dry-run "$T/links/a.txt"
expect_contains "$out" '"path":"'"$T"'/links/a.txt"' "--dry-run names the link as the run does"

# A file named and also under a folder named: its default source (its path
# under its root) is taken under the outer root, whichever is named first.
mkdir -p "$T/order/b"
printf 'Cocoa talks resume\n\nCocoa producers met in London on Monday.\n' >"$T/order/b/x.txt"
for first in b/x.txt ""; do
  if [ -n "$first" ]; then args=("$T/order/b/x.txt" "$T/order"); else args=("$T/order" "$T/order/b/x.txt"); fi
  rm -rf "$T/idx-order"
  "$LEDE_INDEX_BIN" --quiet --index "$T/idx-order" "${args[@]}"
  run "$LEDE_QUERY_BIN" --index "$T/idx-order" --json cocoa
  expect_eq "$(json 'j["hits"][0]["source"]')" "b/x.txt" "the outer root's source (${args[*]})"
done
# The file changed and named alone: its source is still under the folder
# the index remembers, as a rebuild gives it (it became "x.txt").
printf 'Cocoa talks end\n\nCocoa producers left London on Tuesday.\n' >"$T/order/b/x.txt"
"$LEDE_INDEX_BIN" --quiet --index "$T/idx-order" "$T/order/b/x.txt"
run "$LEDE_QUERY_BIN" --index "$T/idx-order" --json cocoa
expect_eq "$(json 'j["hits"][0]["source"]')" "b/x.txt" "a file named alone under a remembered folder"
finish
