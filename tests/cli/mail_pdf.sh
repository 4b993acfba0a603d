# Newsletters and PDF (issue #15, items 4, 5, 7 and 8): .eml, .mbox and
# .pdf files are indexed, not skipped: one article per message (Subject,
# sender, Date's day) and per PDF (info title and creation day); --dry-run
# prints one JSON object per message or PDF; bad input (a truncated mbox,
# broken MIME, a PDF that is not one, an encrypted PDF, a scanned PDF
# without text, a 50 MB attachment) gets one warning naming the file and
# the reason, and nothing else is lost.
. "$(dirname "$0")/../cli_lib.sh"
mail=$LEDE_SRC/tests/data/mail
pdf=$LEDE_SRC/tests/data/pdf
mkdir -p "$T/news"
cp "$mail/html-alt.eml" "$mail/plain-qp.eml" "$mail/attachment.eml" "$mail/three.mbox" \
  "$pdf/report.pdf" "$T/news/"

run "$LEDE_INDEX_BIN" --index "$T/idx" "$T/news"
expect_rc 0 "indexing mail and PDF"
expect_contains "$err" "5 added" "every file indexed"
expect_not_contains "$err" "files skipped" "no kind skipped"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json bridge
expect_rc 0 "query a newsletter"
expect_eq "$(json 'j["total"], j["hits"][0]["title"], j["hits"][0]["source"], j["hits"][0]["date"]')" \
  "(1, 'Harbour bridge reopens after repairs', 'The Morning Brief', '2024-01-08')" "message fields"
start=$(json 'j["hits"][0]["start"]'); end=$(json 'j["hits"][0]["end"]')
expect_eq "$(head -c "$end" "$T/news/html-alt.eml" | tail -c +"$((start + 1))")" \
  "The harbour bridge reopened to traffic on Monday after eight months of repairs." \
  "span into the message's HTML part"
expect_eq "$(json 'j["hits"][0]["line"], j["hits"][0]["column"]')" "(20, 4)" "line and column"

run "$LEDE_QUERY_BIN" --index "$T/idx" --json 'Brüssel'
expect_eq "$(json 'j["total"], j["hits"][0]["title"], j["hits"][0]["source"], j["hits"][0]["date"]')" \
  "(1, 'Brüssel budget talks stall', 'Café Weekly', '2023-12-31')" "quoted-printable Latin-1 message"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json --source 'Alpha News' story
expect_eq "$(json 'j["total"]')" 2 "two mbox messages from one sender"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json zebra
expect_eq "$(json 'j["total"]')" 0 "attachments not indexed"
run "$LEDE_QUERY_BIN" --index "$T/idx" --json international
expect_eq "$(json 'j["total"], j["hits"][0]["title"], j["hits"][0]["date"], j["hits"][0]["start"], j["hits"][0]["line"]')" \
  "(1, 'Port traffic in December', '2024-01-15', 0, None)" "PDF: hyphen undone, info fields, no span"

# --dry-run: one object per message and per PDF.
run "$LEDE_INDEX_BIN" --dry-run "$T/news/three.mbox" "$T/news/report.pdf"
expect_rc 0 "dry run"
expect_eq "$(printf '%s\n' "$out" | wc -l)" 4 "three messages and a PDF"
expect_eq "$(printf '%s\n' "$out" | python3 -c '
import json, sys
for l in sys.stdin:
    j = json.loads(l)
    print(j["title"], "|", j["source"], "|", j["date"], "|", len(j["sentences"]))')" \
  "First story | Alpha News | 2024-01-08 | 1
Second story | news@b.example | 2024-01-08 | 2
Third story | Alpha News | 2024-01-08 | 1
Port traffic in December | report.pdf | 2024-01-15 | 5" "dry run fields"

# Bad input: one warning each, naming the file and the reason; the rest is
# indexed.
mkdir "$T/bad"
cp "$mail/truncated.mbox" "$mail/broken-mime.eml" "$pdf/notapdf.pdf" "$pdf/encrypted.pdf" \
  "$pdf/scanned.pdf" "$pdf/damaged.pdf" "$T/bad/"
{
  printf 'From: Accounts Desk <accounts@example.org>\nSubject: Quarterly accounts\n'
  printf 'Date: Fri, 12 Jan 2024 09:00:00 +0000\nMIME-Version: 1.0\n'
  printf 'Content-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/plain\n\n'
  printf 'The quarterly accounts arrived with a very large attachment.\n--B\n'
  printf 'Content-Type: application/octet-stream\nContent-Disposition: attachment; filename="big.bin"\n'
  printf 'Content-Transfer-Encoding: base64\n\n'
  head -c 38000000 /dev/zero | base64
  printf -- '--B--\n'
} > "$T/bad/big.eml"
run "$LEDE_INDEX_BIN" --index "$T/bad-idx" "$T/bad"
expect_rc 1 "bad mail and PDF: warnings"
expect_contains "$err" "3 added" "the big message and both damaged mails indexed"
expect_contains "$err" "truncated.mbox: 1 damaged message read as far as it goes (message 2: truncated)" "truncated mbox"
expect_contains "$err" "broken-mime.eml: damaged message read as far as it goes (broken MIME structure)" "broken MIME"
expect_contains "$err" "notapdf.pdf: not a PDF file (no %PDF- header); skipped" "not a PDF"
expect_contains "$err" "encrypted.pdf: encrypted PDF (needs a password); skipped" "encrypted PDF"
expect_contains "$err" "scanned.pdf: no text layer (a scanned PDF?); skipped" "scanned PDF"
expect_contains "$err" "damaged.pdf: damaged PDF (PDF document is damaged); skipped" "damaged PDF"
expect_not_contains "$err" "big.eml" "no warning for a large attachment"
expect_not_contains "$err" "Syntax" "poppler's own messages stay quiet"
expect_eq "$(printf '%s\n' "$err" | grep -c 'lede-index: ')" 7 "one line per bad file and the summary"
run "$LEDE_QUERY_BIN" --index "$T/bad-idx" --json accounts
expect_eq "$(json 'j["total"], j["hits"][0]["title"]')" "(1, 'Quarterly accounts')" "the big message's text"
run "$LEDE_QUERY_BIN" --index "$T/bad-idx" --json 'cut off'
expect_eq "$(json 'j["total"]')" 1 "the truncated message's text"
run "$LEDE_QUERY_BIN" --index "$T/bad-idx" --json boundary
expect_eq "$(json 'j["total"]')" 1 "the text of the broken MIME message"

# Skipped for what their bytes are: reported once, passed by while they
# stay as they are (as empty and binary files).
run "$LEDE_INDEX_BIN" --index "$T/bad-idx"
expect_rc 0 "rescan: nothing new to report"
expect_not_contains "$err" "PDF" "the bad PDFs not reported again"
cp "$pdf/report.pdf" "$T/bad/scanned.pdf"
run "$LEDE_INDEX_BIN" --index "$T/bad-idx" --json
expect_eq "$(json 'j["updated"], j["skipped"], j["sentences"]')" "(1, 0, 5)" "a skipped PDF that changed is read again"

run "$LEDE_INDEX_BIN" --dry-run "$T/bad/notapdf.pdf"
expect_rc 1 "dry run of a bad PDF"
expect_contains "$err" "notapdf.pdf: not a PDF file" "dry run names the file and the reason"
# GMime and poppler are loaded with the readers module when the first
# mail or PDF file is met, not at every start (about 10 ms of CPU a run).
for prog in "$LEDE_INDEX_BIN" "$LEDE_QUERY_BIN"; do
  run ldd "$prog"
  expect_not_contains "$out" "libgmime" "$(basename "$prog") does not load GMime at start"
  expect_not_contains "$out" "libpoppler" "$(basename "$prog") does not load poppler at start"
done
# A program without its module (copied away from it) says so for each
# mail or PDF file, indexes the rest, and reads them on a later run.
mkdir -p "$T/alone/bin" "$T/mixed"
cp "$LEDE_INDEX_BIN" "$T/alone/bin/"
cp "$mail/html-alt.eml" "$pdf/report.pdf" "$T/mixed/"
printf 'Ferries ran late all week.\n' >"$T/mixed/note.txt"
run "$T/alone/bin/lede-index" --index "$T/alone-idx" "$T/mixed"
expect_rc 1 "files skipped without the readers module"
expect_contains "$err" "html-alt.eml: cannot load the mail and PDF reader (" "the mail names the reason"
expect_contains "$err" "lede-readers.so" "the reason names the module"
expect_contains "$err" "report.pdf: cannot load the mail and PDF reader (" "the PDF names the reason"
expect_contains "$err" "1 added" "the text file indexed"
run "$LEDE_INDEX_BIN" --index "$T/alone-idx"
expect_rc 0 "with the module, a rescan"
expect_contains "$err" "2 added" "the mail and the PDF read on the next run"
finish
