# Plain text as people have it: UTF-16 with a byte-order mark (Notepad's
# "Unicode") and legacy 8-bit text (Windows-1252 / Latin-1) are read
# converted, without a warning; UTF-8 with a few broken bytes stays UTF-8
# (its good characters intact) and is warned about.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
mkdir n
python3 - <<'PY'
text = "Café owners met in Montréal. The “euro” rose to 2 € on Tuesday.\n"
open("n/le.txt", "wb").write(b"\xff\xfe" + text.replace("Café", "Crêpe").encode("utf-16-le"))
open("n/be.txt", "wb").write(b"\xfe\xff" + text.replace("Café", "Bistro").encode("utf-16-be"))
open("n/win.txt", "wb").write(text.replace("Café", "Brasserie").encode("cp1252"))
open("n/broken.txt", "wb").write("Naïve café fans cheered.".encode() + b" \xff Then they left.\n")
PY
run "$LEDE_INDEX_BIN" --index idx n
expect_rc 1 "three converted files and one broken one"
expect_contains "$err" "broken.txt: invalid UTF-8" "UTF-8 with a bad byte is warned about"
expect_not_contains "$err" "le.txt" "no warning for UTF-16LE"
expect_not_contains "$err" "win.txt" "no warning for Windows-1252"
expect_contains "$err" "4 added" "all four indexed"
run "$LEDE_QUERY_BIN" --index idx --json --per-article 0 montréal
expect_eq "$(json 'sorted((h["path"], h["text"]) for h in j["hits"])')" \
  "$(printf '%s' '[["n/be.txt", "Bistro owners met in Montréal."], ["n/le.txt", "Crêpe owners met in Montréal."], ["n/win.txt", "Brasserie owners met in Montréal."]]')" \
  "UTF-16LE, UTF-16BE and Windows-1252 read as text"
run "$LEDE_QUERY_BIN" --index idx --json euro
expect_contains "$(json '[h["text"] for h in j["hits"]]')" "The “euro” rose to 2 € on Tuesday." "curly quotes and the euro sign of Windows-1252"
run "$LEDE_QUERY_BIN" --index idx --json cheered
expect_contains "$(json 'j["hits"][0]["text"]')" "Naïve café fans cheered. � Then" "UTF-8 with one bad byte keeps its good characters"
run "$LEDE_INDEX_BIN" --dry-run n/le.txt
expect_contains "$out" '"text":"Crêpe owners met in Montréal."' "--dry-run shows the converted text"
finish
