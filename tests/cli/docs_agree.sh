# The docs match the programs (issue 21): for each program the options
# listed by --help, documented in the man page, shown in README's synopsis
# and offered by the bash completion are the same; the completion offers
# every stemming language the program knows; the man pages' JSON examples carry every key of a hit;
# --help names the date forms --since takes.
. "$(dirname "$0")/../cli_lib.sh"
COMPLETION="$LEDE_SRC/scripts/completion/lede.bash"

# help_options PROG: the long options of PROG's --help option list.
help_options() {
  "$1" --help | grep -oE '^ {2,8}(-[a-zA-Z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+' | sort -u
}

# man_options PAGE: the long options the man page's OPTIONS section names
# in its entries (the lines after .TP).
man_options() {
  awk '/^\.SH OPTIONS/ {on = 1; next} /^\.SH/ {on = 0} on && prev == ".TP" {print} {prev = $0}' "$1" |
    grep -oE -- '\\-\\-[a-z][a-z\\-]*' | sed 's/\\//g' | sort -u
}

# completions FUNC PROG PREV CUR: what the completion offers after PREV
# for CUR, one per line.
completions() {
  bash -c '. "$1"; COMP_WORDS=("$3" "$4" "$5"); COMP_CWORD=2; "$2"; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$COMPLETION" "$1" "$2" "$3" "$4" 2>/dev/null | sort -u
}

# readme_options PROG: the long options of PROG's synopsis in README.md.
readme_options() {
  awk -v h="### $1" '$0 == h {on = 1} on && /^```$/ {n++; if (n == 2) exit; next} on && n == 1 {print}' \
    "$LEDE_SRC/README.md" | grep -oE -- '--[a-z][a-z-]*' | sort -u
}

for prog in index query; do
  bin="$LEDE_BIN/lede-$prog"
  help=$(help_options "$bin")
  man=$(man_options "$LEDE_SRC/docs/lede-$prog.1")
  readme=$(readme_options "lede-$prog")
  expect_eq "$(comm -3 <(echo "$help" | grep -vxE -- '--help|--version') <(echo "$readme") | tr -d '\t' | tr '\n' ' ')" "" \
    "lede-$prog: options only in --help, or only in README's synopsis"
  comp=$(completions "_lede_$prog" "$bin" "" "--")
  [ "$(printf '%s\n' "$help" | wc -l)" -ge 8 ] && ok || bad "lede-$prog: --help lists too few options: $help"
  expect_eq "$(comm -3 <(echo "$help") <(echo "$man") | tr -d '\t' | tr '\n' ' ')" "" \
    "lede-$prog: options only in --help, or only in the man page"
  expect_eq "$(comm -3 <(echo "$help") <(echo "$comp") | tr -d '\t' | tr '\n' ' ')" "" \
    "lede-$prog: options only in --help, or only in the completion"
done

# lede-serve: --help, man page, README's synopsis and completion name the
# same options.
help=$(help_options "$LEDE_BIN/lede-serve")
expect_eq "$(comm -3 <(echo "$help") <(completions _lede_serve "$LEDE_BIN/lede-serve" "" "--") | tr -d '\t' | tr '\n' ' ')" "" \
  "lede-serve: options only in --help, or only in the completion"
expect_eq "$(completions _lede_serve "$LEDE_BIN/lede-serve" --index "")" "$(compgen -d -- "" | sort -u)" "lede-serve: --index completes folders"
[ "$(printf '%s\n' "$help" | wc -l)" -ge 5 ] && ok || bad "lede-serve: --help lists too few options: $help"
expect_eq "$(comm -3 <(echo "$help") <(man_options "$LEDE_SRC/docs/lede-serve.1") | tr -d '\t' | tr '\n' ' ')" "" \
  "lede-serve: options only in --help, or only in the man page"
expect_eq "$(comm -3 <(echo "$help" | grep -vxE -- '--help|--version') <(readme_options lede-serve) | tr -d '\t' | tr '\n' ' ')" "" \
  "lede-serve: options only in --help, or only in README's synopsis"

# Languages: the completion offers exactly those the program knows, which
# its message for an unknown one lists too.
run "$LEDE_INDEX_BIN" --index "$T/idx" --language klingon "$LEDE_SRC/corpus"
expect_rc 2 "unknown language"
said=$(printf '%s' "$err" | sed -n 's/.*(available: \(.*\))$/\1/p' | tr -d ' ' | tr ',' '\n' | sort -u)
expect_contains "$said" "armenian" "the program knows armenian"
comp=$(completions _lede_index "$LEDE_INDEX_BIN" --language "")
expect_eq "$(comm -3 <(echo "$said") <(echo "$comp") | tr -d '\t' | tr '\n' ' ')" "" \
  "completion of --language offers exactly the program's languages"
expect_eq "$(completions _lede_index "$LEDE_INDEX_BIN" --language arm)" "armenian" "completes a prefix"

# The JSON examples carry every key of a hit (docs/lede-query.schema.json).
keys=$(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["$defs"]["hit"]["required"]))' \
  "$LEDE_SRC/docs/lede-query.schema.json")
example=$(awk '/^\.SH JSON/ {on = 1} on && /^\.nf/ {grab = 1; next} grab && /^\.fi/ {exit} grab {print}' \
  "$LEDE_SRC/docs/lede-query.1")
readme=$(awk '/^`--json` prints one document:/ {on = 1} on && /^```$/ {n++; if (n == 2) exit; next} on && n == 1 {print}' \
  "$LEDE_SRC/README.md")
for k in $keys; do
  expect_contains "$example" "\"$k\"" "lede-query.1's JSON example has \"$k\""
  expect_contains "$readme" "\"$k\"" "README's JSON shape has \"$k\""
done

# --help names the date forms --since and --until take, and they work.
run "$LEDE_QUERY_BIN" --help
for form in 2023-11-09 2023-11 2023 "Nov 9, 2023"; do
  expect_contains "$out" "$form" "--help names the date form $form"
done
index_corpus "$T/idx"
for form in 2023-11-09 2023-11 2023 "Nov 9, 2023" "9 November 2023"; do
  run "$LEDE_QUERY_BIN" --index "$T/idx" --since "$form" --json Dialogue
  expect_rc 0 "--since $form"
done
finish
