# cmake --install puts both programs, their man pages and the bash
# completion for both under any prefix given at install time, and the
# installed programs run. It installs liblede too: a shared library with a
# version that exports only the public API, its one header (which compiles
# alone as C11 with every warning an error) and lede.pc, with which
# examples/search.c builds by pkg-config alone and finds a passage of corpus/
# (and examples/add.c, which feeds an index, too);
# every version number shown is the one project() sets.
. "$(dirname "$0")/../cli_lib.sh"
build=$(dirname "$LEDE_BIN")
run cmake --install "$build" --prefix "$T/inst"
expect_rc 0 "cmake --install --prefix"
for f in bin/lede-index bin/lede-query share/man/man1/lede-index.1 share/man/man1/lede-query.1 \
  share/man/man1/lede-serve.1 share/bash-completion/completions/lede-index \
  share/bash-completion/completions/lede-query share/bash-completion/completions/lede-serve \
  bin/lede-serve include/lede.h; do
  if [ -s "$T/inst/$f" ]; then ok; else bad "installed $f missing"; fi
done
run "$T/inst/bin/lede-query" --version
expect_contains "$out" "lede-query" "installed lede-query runs"
run bash -c '. "$1" && complete -p lede-index lede-query lede-serve' _ \
  "$T/inst/share/bash-completion/completions/lede-serve"
expect_rc 0 "completion defines the three commands"

# The library: its file, versioned names and exports.
pc=$(find "$T/inst" -name lede.pc)
libdir=$(dirname "$(dirname "$pc")")
if [ -n "$pc" ]; then ok; else bad "lede.pc not installed"; fi
so=$(find "$libdir" -maxdepth 1 -name 'liblede.so.*.*.*')
run readelf -d "$so"
expect_contains "$out" "(SONAME)             Library soname: [liblede.so.0]" "liblede's soname"
if [ -L "$libdir/liblede.so" ] && [ -L "$libdir/liblede.so.0" ]; then ok; else bad "liblede.so links missing"; fi
exports=$(nm -D --defined-only "$so" | awk '$2 != "A" {sub(/@.*/, "", $3); print $3}' | sort)
expect_contains "$exports" "lede_db_search" "liblede exports the public API"
expect_eq "$(printf '%s\n' "$exports" | grep -cv '^lede_[a-z]')" 0 \
  "liblede exports nothing but lede_* symbols ($(printf '%s ' $exports | head -c 300))"
expect_eq "$(printf '%s\n' "$exports" | grep -c '^ledei_')" 0 "liblede exports no private ledei_ function"
want=$(grep -o '^LEDE_API [^(]*(' "$T/inst/include/lede.h" | grep -o 'lede_[a-z0-9_]*($' | tr -d '(' |
  sort)
expect_eq "$exports" "$want" "liblede exports exactly the functions lede.h declares"

# The public header alone: C11, every warning an error; and in C++.
run cc -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only -x c "$T/inst/include/lede.h"
expect_rc 0 "lede.h compiles alone as C11"
run c++ -Wall -Wextra -Werror -fsyntax-only -x c++ "$T/inst/include/lede.h"
expect_rc 0 "lede.h compiles alone as C++"

# A client built with pkg-config alone, run on an index of corpus/.
# pkg-config reads a .pc file's paths as a shell would and prints nothing
# for one holding a quote (a $TMPDIR like /tmp/it's): the library is then
# installed again under a folder of mktemp's own letters for these checks.
case $libdir in
*[\'\"]*)
  inst=$(mktemp -d /tmp/lede-inst.XXXXXX)
  trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T" "$inst"' EXIT # cli_lib's cleanup, and this folder
  cmake --install "$build" --prefix "$inst" >/dev/null || bad "cmake --install --prefix $inst"
  libdir=$(dirname "$(dirname "$(find "$inst" -name lede.pc)")") ;;
esac
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs lede)
# pkg-config writes a space in a path as "\ ", for a shell to read.
eval "flag_list=($flags)"
expect_contains "$flags" "-llede" "pkg-config --libs lede"
# liblede carries its own dependencies and lede.h uses only standard C:
# lede.pc needs no other package's .pc file (a machine without their -dev
# packages) and adds no other package's include folder.
run env PKG_CONFIG_LIBDIR="$libdir/pkgconfig" pkg-config --cflags --libs lede
expect_rc 0 "pkg-config lede with no other package's .pc"
expect_eq "$(printf '%s' "$out" | tr ' ' '\n' | grep -c -- '^-I')" "1" "one include folder: lede's"
run cc "$LEDE_SRC/examples/search.c" "${flag_list[@]}" -o "$T/search"
expect_rc 0 "examples/search.c builds with pkg-config alone"
index_corpus "$T/idx"
run env LD_LIBRARY_PATH="$libdir" "$T/search" "$T/idx" "Shangri-La Dialogue"
expect_rc 0 "examples/search runs"
expect_contains "$out" "1. " "examples/search prints a hit"
expect_contains "$out" " > The last time the defense chiefs" "the hit is the sentence lede-query finds"
expect_contains "$out" "1 of 1 matching passages" "examples/search counts the matches"
run env LD_LIBRARY_PATH="$libdir" "$T/search" "$T/nothing-here" "walrus"
expect_rc 2 "examples/search on a missing index"
expect_contains "$err" "nothing-here" "the message names the index"

# A feeder built the same way: examples/add.c indexes a file through
# lede_db_put_file(), examples/search.c and lede-query find it, and adding
# the file again after an edit replaces what it gave, old sentences gone.
run cc "$LEDE_SRC/examples/add.c" "${flag_list[@]}" -o "$T/add"
expect_rc 0 "examples/add.c builds with pkg-config alone"
printf 'Puffins nested on the cliffs of Skomer this spring.\n\nThe wardens counted them twice.\n' \
  >"$T/story.txt"
run env LD_LIBRARY_PATH="$libdir" "$T/add" "$T/own" "$T/story.txt"
expect_rc 0 "examples/add runs"
expect_contains "$out" "story.txt: 1 article(s), 2 sentence(s)" "examples/add reports the file"
run env LD_LIBRARY_PATH="$libdir" "$T/search" "$T/own" "puffins"
expect_contains "$out" " > Puffins nested on the cliffs of Skomer this spring." "the added file is found"
expect_contains "$out" "1 of 1 matching passages" "the added file is found once"
printf 'Gannets took the cliffs this year.\n' >"$T/story.txt"
run env LD_LIBRARY_PATH="$libdir" "$T/add" "$T/own" "$T/story.txt" "$T/missing.txt"
expect_rc 1 "examples/add with a missing file"
expect_contains "$err" "missing.txt" "the message names the missing file"
: >"$T/empty.txt"
run env LD_LIBRARY_PATH="$libdir" "$T/add" "$T/own" "$T/empty.txt"
expect_rc 1 "examples/add with an empty file: skipped, as by lede-index"
expect_contains "$err" "empty.txt: no text to index; skipped" "the empty file is named"
run env LD_LIBRARY_PATH="$libdir" "$T/search" "$T/own" "puffins OR wardens"
expect_contains "$out" "0 of 0 matching passages" "the file's old sentences are gone"
run "$T/inst/bin/lede-query" --index "$T/own" gannets
expect_rc 0 "lede-query reads the index examples/add wrote"
expect_contains "$out" "[Gannets] took the cliffs this year." "lede-query finds the file's new text"

# The readers module is installed beside the library: the installed
# lede-index and a client of liblede.so both read mail and PDF with it.
if [ -f "$libdir/lede/lede-readers.so" ]; then ok; else bad "lede/lede-readers.so not installed"; fi
run "$T/inst/bin/lede-index" --index "$T/inst-mail" "$LEDE_SRC/tests/data/mail/html-alt.eml"
expect_rc 0 "the installed lede-index reads mail"
run "$T/inst/bin/lede-query" --index "$T/inst-mail" bridge
expect_contains "$out" "The harbour [bridge] reopened" "the installed programs find the message"
run env LD_LIBRARY_PATH="$libdir" "$T/add" "$T/own" "$LEDE_SRC/tests/data/pdf/report.pdf"
expect_rc 0 "examples/add reads a PDF through liblede.so"
expect_contains "$out" "report.pdf: 1 article(s)" "examples/add reports the PDF"

# The version, set once in CMakeLists.txt's project(): the programs'
# --version, lede.pc, lede_version() and the installed man pages agree.
v=$(sed -n 's/^project(lede VERSION \([0-9.]*\) .*/\1/p' "$LEDE_SRC/CMakeLists.txt")
expect_eq "$(pkg-config --modversion lede)" "$v" "lede.pc's version"
for p in lede-index lede-query lede-serve; do
  run "$T/inst/bin/$p" --version
  expect_eq "$out" "$p $v" "$p --version"
  expect_contains "$(head -1 "$T/inst/share/man/man1/$p.1")" "\"lede $v\"" "$p.1's version"
done
printf '#include <lede.h>\n#include <stdio.h>\nint main(void) { puts(lede_version()); return 0; }\n' >"$T/v.c"
run cc "$T/v.c" "${flag_list[@]}" -o "$T/v"
expect_rc 0 "a client calling lede_version() builds"
run env LD_LIBRARY_PATH="$libdir" "$T/v"
expect_eq "$out" "$v" "lede_version()"
finish
