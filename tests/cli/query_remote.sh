# Served indexes (issue #14): lede-serve runs Debian's xapian-tcpsrv on an
# index; lede-query --index tcp://HOST:PORT searches it with local ones as
# one index would answer; updates and --rebuild swaps are seen on the next
# query; a stopped or dead server makes lede-query exit 2 within --timeout,
# naming it; lede-serve stops on SIGTERM and refuses a non-loopback address
# unless told. Servers listen on loopback only and are stopped by pid.
. "$(dirname "$0")/../cli_lib.sh"
LEDE_SERVE_BIN="$LEDE_BIN/lede-serve"
if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then bad "xapian-tcpsrv (xapian-tools) is not installed"; fi
  echo "query_remote: xapian-tcpsrv not installed (scripts/install-deps installs it)"
  finish
  exit
fi
cd "$T"
mkdir -p a b
for i in $(seq 1 30); do
  printf -- '---\ntitle: Port report %d\ndate: 2024-03-%02d\n---\nThe harbour handled %d ships and crude oil cargo. Dockers voted on pay.\n' "$i" "$i" "$i" >"a/r$i.txt"
  printf -- '---\ntitle: Grain note %d\n---\nWheat and grain exports rose %d percent as oil fell. Harbour fees rose.\n' "$i" "$i" >"b/g$i.txt"
done
# A wildcard matching 151 words (quix too): 75 once in the local index,
# 75 in three sentences each in the served one (the 100 most frequent
# are searched).
{
  printf 'Quix words:'
  for i in $(seq 1 75); do printf ' quix%03d' "$i"; done
  printf '.\n'
} >a/quix.txt
for k in 1 2 3; do
  {
    printf 'Other quix words %d:' "$k"
    for i in $(seq 76 150); do printf ' quix%03d' "$i"; done
    printf '.\n'
  } >"b/quix$k.txt"
done
"$LEDE_INDEX_BIN" --quiet --index whole a b && "$LEDE_INDEX_BIN" --quiet --index sa a &&
  "$LEDE_INDEX_BIN" --quiet --index sb b || bad "indexing"

# Three free loopback ports in a row (the third for a server that overlaps).
port=$(python3 -c '
import socket
for p in range(20000 + __import__("os").getpid() % 20000, 60000, 3):
    ok = True
    for q in (p, p + 1, p + 2):
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", q))
        except OSError:
            ok = False
        s.close()
    if ok:
        print(p)
        break')
ADDR="tcp://127.0.0.1:$port"
"$LEDE_SERVE_BIN" --index sb --listen "127.0.0.1:$port" 2>serve.err &
spid=$!
# Bounded in time: stopped by its pid at the end, or after 120 s at most.
# (Its output goes nowhere: a sleep left holding the test's output would
# keep ctest waiting.)
(sleep 120 && kill "$spid") >/dev/null 2>&1 </dev/null &
watchdog=$!
trap 'kill "$spid" "$watchdog" 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
# lede-serve says "serving" once it has checked that both of its servers
# answer, which may be after a client's first answer: wait for the line
# (at most 30 s, for a loaded host), then for an answer.
for _ in $(seq 1 300); do
  grep -q serving serve.err 2>/dev/null && break
  sleep 0.1
done
for _ in $(seq 1 50); do
  "$LEDE_QUERY_BIN" --index "$ADDR" --timeout 1 --json --stats >/dev/null 2>&1 && break
  sleep 0.1
done
expect_contains "$(cat serve.err)" "serving sb as tcp://127.0.0.1:$port" "lede-serve says what it serves"

for q in harbour oil '"crude oil"' 'grain NEAR/8 oil' 'harb*' 'exports*' 'title:grain harbour'; do
  for opts in "" "--per-article 1" "--sort date" "--context 1 -n 20" "--offset 5"; do
    run "$LEDE_QUERY_BIN" --index whole --json $opts "$q"
    want=$(json '[(h["path"], h["sentence"], round(h["score"], 6), h["context"]) for h in j["hits"]], j["total"]')
    run "$LEDE_QUERY_BIN" --index sa --index "$ADDR" --json $opts "$q"
    expect_rc 0 "a local and a served index: '$q' $opts"
    expect_eq "$(json '[(h["path"], h["sentence"], round(h["score"], 6), h["context"]) for h in j["hits"]], j["total"]')" "$want" "a local and a served index answer as the whole: '$q' $opts"
  done
done

# The rerank's features (docs/ranking.md, "Rerank") read from a served
# index's term lists equal those read from a local index's posting lists
# (sentences holding one or two of the words, 60 hits).
for q in "harbour fees ships" "oil pay wheat" "What did the dockers vote on?"; do
  run "$LEDE_QUERY_BIN" --index whole --json --explain -n 60 "$q"
  want=$(json '[(h["path"], h["sentence"], round(h["score"], 6), h["explain"]["coverage"], h["explain"]["proximity"]) for h in j["hits"]]')
  run "$LEDE_QUERY_BIN" --index sa --index "$ADDR" --json --explain -n 60 "$q"
  expect_eq "$(json '[(h["path"], h["sentence"], round(h["score"], 6), h["explain"]["coverage"], h["explain"]["proximity"]) for h in j["hits"]]')" "$want" "the rerank's features over a served index: '$q'"
done

# Round trips to a served index (docs/bench-query.md, "Twelfth session:
# served indexes"): the hits' documents come with their search
# (MSet::fetch), the rerank's words of a window in one search, not a term
# list a hit. Counted as lede-query's writes to its servers (one a message)
# over a batch of 8 queries of 20 hits (30 copies of an article: windows
# grow), measured: 3,932 before, 2,474 after; the documents, still one
# message each, were pipelined (sent together, answers read after). 491
# since the twenty-third session: no document is asked for (below).
if strace -f -o /dev/null true 2>/dev/null; then
  printf '%s\n' "wheat exports" "grain oil fell" "harbour fees rose" "oil fell" \
    "exports rose percent" "wheat grain" "harbour fees" "grain exports percent" >rt.txt
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=write \
    -o rt.trace "$LEDE_QUERY_BIN" --index "$ADDR" --batch --json -n 20 <rt.txt >rt.out 2>rt.err ||
    bad "lede-query under strace: $(cat rt.err)"
  expect_eq "$(grep -c '"rank":1,' rt.out)" "8" "the batch's queries over a served index"
  writes=$(grep -Ec 'write\(([3-9]|[1-9][0-9]+),' rt.trace)
  [ "$writes" -le 1000 ] && ok ||
    bad "a served index: $writes messages for 8 queries (at most 1,000 expected)"
else
  echo "query_remote: strace cannot trace here: round trips not counted"
  [ "${CI:-}" = true ] && bad "CI=true: the round-trip count needs strace"
fi

# A wildcard finds the words of the served index too (xapian-tcpsrv serves
# no spelling data: the indexed stems that start with the pattern count,
# and the pattern's own stem: 'exports*' above, whose stem is "export").
run "$LEDE_QUERY_BIN" --index sa --index "$ADDR" --json 'whea*'
expect_eq "$(json 'len(j["hits"]) > 0')" "True" "a wildcard over a word only the served index holds"

# --under: a served index's folder is not known here: said.
run "$LEDE_QUERY_BIN" --index sa --index "$ADDR" --json --under a harbour
expect_contains "$(json 'j.get("warning")')" "a served index's folder is not known here" "--under with a served index says what it cannot filter"
expect_eq "$(json 'sorted({h["path"].split("/")[0] for h in j["hits"]})')" '["a"]' "--under a: the local index's articles there"

# Past the bound, the words searched are the most frequent in every
# index, local or served (before, the local spelling data's words came
# first: quix001-100 were searched here, quix076-150 and quix001-025 in
# the whole index).
for opts in "" "--per-article 0 -n 20"; do
  run "$LEDE_QUERY_BIN" --index whole --json $opts 'quix*'
  want=$(json '[(h["path"], h["sentence"], round(h["score"], 6)) for h in j["hits"]], j["total"], j.get("warning")')
  expect_contains "$want" "'quix*' matches 151 words; searched the 100 most frequent" "the bound stated: $opts"
  run "$LEDE_QUERY_BIN" --index sa --index "$ADDR" --json $opts 'quix*'
  expect_eq "$(json '[(h["path"], h["sentence"], round(h["score"], 6)) for h in j["hits"]], j["total"], j.get("warning")')" "$want" "a wildcard past the bound over a served index answers as the whole: $opts"
done
run "$LEDE_QUERY_BIN" --index sa --index "$ADDR" --json --per-article 0 -n 20 'quix*'
expect_eq "$(json 'sorted(set(h["path"].rsplit("/", 1)[-1] for h in j["hits"]))')" '["quix.txt", "quix1.txt", "quix2.txt", "quix3.txt"]' "both indexes' words searched"

# And a misspelt word only the served index holds is corrected through its
# stems ("exprots": the stem "export", one edit away).
run "$LEDE_QUERY_BIN" --index sa --index "$ADDR" --json exprots
expect_eq "$(json 'j.get("suggestion")')" "exports" "a suggestion from a served index's words"
expect_eq "$(json 'j.get("corrected")')" "True" "its passages shown"

# Updates and rebuilds are served without a restart.
printf 'A zanzibarian ferry docked.\n' >b/new.txt
"$LEDE_INDEX_BIN" --quiet --index sb b
run "$LEDE_QUERY_BIN" --index "$ADDR" --json zanzibarian
expect_eq "$(json 'len(j["hits"])')" "1" "an update is seen by the next query"
printf 'The quokkaphant parade was cancelled.\n' >b/new2.txt
"$LEDE_INDEX_BIN" --quiet --index sb --rebuild b
run "$LEDE_QUERY_BIN" --index "$ADDR" --json quokkaphant
expect_eq "$(json 'len(j["hits"])')" "1" "a --rebuild swap is seen by the next query"
printf 'quokkaphant\nzanzibarian\n' | "$LEDE_QUERY_BIN" --index sa --index "$ADDR" --batch >batch.out 2>&1
expect_eq "$(grep -c '"rank":1,' batch.out)" "2" "--batch over a local and a served index"
# Queries during rebuilds: the two servers each open the index's link when
# a client connects, one may before a swap and the other after; such a
# pair is opened again, never "damaged" (QA: 3 queries of 60 rebuilds);
# --stats reads again when the index changes under it, as a search does.
( for _ in $(seq 1 25); do "$LEDE_INDEX_BIN" --quiet --index sb --rebuild --jobs 1 b || exit 1; done ) &
rebuilding=$!
qfailed=0 asked=0
while kill -0 "$rebuilding" 2>/dev/null; do
  for what in "--count harbour" --stats; do
    # shellcheck disable=SC2086 # the options are words
    "$LEDE_QUERY_BIN" --index "$ADDR" --timeout 5 $what >/dev/null 2>qerr.txt ||
      { qfailed=$((qfailed + 1)); cp qerr.txt qerr.first 2>/dev/null; }
    asked=$((asked + 1))
  done
done
wait "$rebuilding" || bad "the rebuilds"
expect_eq "$qfailed" "0" "queries during rebuilds of a served index ($asked asked): $(cat qerr.first 2>/dev/null)"

# The same articles in a local and a served index (one folder indexed in
# both): every hit keeps its record, as with both indexes local (the
# served articles' records, read by one search, were cut at one a name).
mkdir -p dup
for i in $(seq 1 10); do
  printf -- '---\ntitle: Twin %d\n---\nAlpha beta gamma report %d.\n' "$i" "$i" >"dup/d$i.txt"
  [ "$i" -le 5 ] && d=a || d=b
  printf 'The alpha tale number %d ends.\n' "$i" >"$d/alpha$i.txt"
done
"$LEDE_INDEX_BIN" --quiet --index sa a dup && "$LEDE_INDEX_BIN" --quiet --index sb b dup ||
  bad "indexing dup"
for opts in "-n 40" "--per-article 1 -n 40" "--context 1 -n 40"; do
  run "$LEDE_QUERY_BIN" --index sa --index sb --json $opts "alpha beta"
  want=$(json '[(h["path"], h["sentence"], h["title"], round(h["score"], 6), h["context"]) for h in j["hits"]], j["total"]')
  run "$LEDE_QUERY_BIN" --index sa --index "$ADDR" --json $opts "alpha beta"
  expect_eq "$(json '[(h["path"], h["sentence"], h["title"], round(h["score"], 6), h["context"]) for h in j["hits"]], j["total"]')" "$want" "one article in a local and a served index: $opts"
done

# A served index and the same index local: refused (it would be searched
# twice).
run "$LEDE_QUERY_BIN" --index sb --index "$ADDR" harbour
expect_rc 2 "a local index and its server"
expect_contains "$err" "$ADDR: the same index as sb" "the repeated index is named"

# Deep pages (docs/bench-query.md, "Twenty-third session"): a served index
# answers them as the same index read locally does (hits, scores, copies,
# neighbours, totals), with messages to its server that do not grow with
# the page: the hits' values, records and the positions of their words
# come with a few searches a window, not with a request a hit (before,
# each hit's document and position lists were asked for, and the search
# for the words each hit holds named each one by a value range, which
# cost the server about the square of the window: --limit 10000 of
# 'said' on Reuters failed at the 10 s timeout).
# 120 articles, each with a sentence of its own (its two words 0 to 6
# words apart), one it shares with two others (copies), and a short one;
# "zephyrine" once, where its count was "about 361" served, "about 360"
# local.
mkdir -p deep
for i in $(seq 1 120); do
  pad=$(printf '%*s' $((i % 7)) '' | sed 's/ / busy/g')
  printf -- '---\ntitle: Tanker note %d\ndate: 2024-%02d-%02d\n---\nThe tanker number %d carried%s freight of crude oil from Rotterdam to the port of Antwerp this week.\nFreight rates for coastal tankers rose again as the ports reported delays of %d days in loading.\nTanker freight fell.\n' \
    "$i" $((i % 12 + 1)) $((i % 28 + 1)) "$i" "$pad" $(((i - 1) / 3)) >"deep/d$i.txt"
done
printf 'Zephyrine inspected the cargo.\n' >deep/a0.txt
"$LEDE_INDEX_BIN" --quiet --index sb deep || bad "indexing deep"
deep='[(h["path"], h["sentence"], round(h["score"], 6), h["context"], [a["path"] for a in h["also"]]) for h in j["hits"]], j["total"], j["total_exact"]'
for q in "tanker freight" "zephyrine freight" "What did the tanker carry?"; do
  for opts in "-n 300" "-n 5" "--all -n 5" "--all -n 300" "--per-article 0 -n 300" \
    "--offset 100 -n 150" "--sort date -n 200" "--context 1 -n 100"; do
    run "$LEDE_QUERY_BIN" --index sb --json $opts "$q"
    want=$(json "$deep")
    run "$LEDE_QUERY_BIN" --index "$ADDR" --json $opts "$q"
    expect_rc 0 "a deep page of a served index: '$q' $opts"
    expect_eq "$(json "$deep")" "$want" "a served index answers as the same index local: '$q' $opts"
  done
done
if strace -f -o /dev/null true 2>/dev/null; then
  for n in 10 300; do
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=write \
      -o "deep.$n.trace" "$LEDE_QUERY_BIN" --index "$ADDR" --json -n "$n" "tanker freight" \
      >"deep.$n.out" 2>deep.err || bad "lede-query -n $n under strace: $(cat deep.err)"
    writes=$(grep -Ec 'write\(([3-9]|[1-9][0-9]+),' "deep.$n.trace")
    [ "$n" = 10 ] && writes10=$writes || writes300=$writes
  done
  out=$(cat deep.300.out)
  expect_eq "$(json 'len(j["hits"])')" "280" "the deep page's groups"
  # Measured: 103 messages for 10 hits, 126 for 300 (4,452 for 300 before).
  [ "$writes300" -le $((writes10 + 60)) ] && ok ||
    bad "a served index: $writes300 messages for 300 hits, $writes10 for 10 (at most 60 more expected)"
fi

# A stopped server: exit 2 within the timeout, naming it.
kids=$(pgrep -P "$spid" | tr '\n' ' ')
for k in $kids; do kill -STOP -- "-$k" 2>/dev/null || kill -STOP "$k"; done
start=$(date +%s)
run "$LEDE_QUERY_BIN" --index sa --index "$ADDR" --timeout 2 harbour
took=$(($(date +%s) - start))
expect_rc 2 "a stopped server"
expect_contains "$err" "$ADDR" "the stopped server is named"
[ "$took" -le 4 ] && ok || bad "a stopped server: gave up after $took s with --timeout 2"
for k in $kids; do kill -CONT -- "-$k" 2>/dev/null || kill -CONT "$k"; done

# SIGTERM stops lede-serve and its servers; then the index is down.
kill -TERM "$spid"
wait "$spid"
expect_eq "$?" "0" "lede-serve exits 0 on SIGTERM"
for k in $kids; do
  if kill -0 "$k" 2>/dev/null; then bad "xapian-tcpsrv $k still runs after SIGTERM"; else ok; fi
done
run "$LEDE_QUERY_BIN" --index sa --index "$ADDR" --timeout 2 harbour
expect_rc 2 "a server that is down"
expect_contains "$err" "$ADDR: the index server does not answer" "the server that is down is named"

# Loopback unless told; a missing index is refused before anything runs.
run "$LEDE_SERVE_BIN" --index sb --listen "0.0.0.0:$port"
expect_rc 2 "a non-loopback address without --allow-remote"
expect_contains "$err" "--allow-remote" "says how to serve beyond this machine"
for addr in "::1:$port" "[::1]:$port"; do
  run "$LEDE_SERVE_BIN" --index sb --listen "$addr"
  expect_rc 2 "an IPv6 address ($addr)"
  expect_contains "$err" "IPv4 only" "says xapian-tcpsrv listens on IPv4 only ($addr)"
done
run "$LEDE_SERVE_BIN" --index sb --listen "127.1.2.3.4:$port"
expect_rc 2 "digits that are no address"
expect_contains "$err" "127.1.2.3.4:$port: not an IPv4 address" "says so"
# A busy port: the server stops at once, said with its port; no "serving".
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]) + 1)); s.listen(); time.sleep(20)' "$port" &
holder=$!
for _ in $(seq 1 50); do
  python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1]) + 1), 1)' "$port" 2>/dev/null && break
  sleep 0.1
done
run timeout 20 "$LEDE_SERVE_BIN" --index sb --listen "127.0.0.1:$port"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
expect_rc 2 "a busy port"
expect_contains "$err" "cannot listen on 127.0.0.1:$((port + 1)) (for the articles): Address already in use" "the busy port is named"
expect_not_contains "$err" "serving sb" "no serving line for a server that is not serving"
# A port held by another lede-serve's server, which answers as ours would:
# refused at once, nothing started, nothing left running.
"$LEDE_SERVE_BIN" --quiet --index sb --listen "127.0.0.1:$port" 2>/dev/null &
first=$!
for _ in $(seq 1 300); do
  "$LEDE_QUERY_BIN" --index "$ADDR" --timeout 1 --stats >/dev/null 2>&1 && break
  sleep 0.1
done
for _ in 1 2 3 4 5; do
  run timeout 20 "$LEDE_SERVE_BIN" --index sa --listen "127.0.0.1:$((port + 1))"
  expect_rc 2 "a port of another lede-serve"
  expect_contains "$err" "cannot listen on 127.0.0.1:$((port + 1)) (for the sentences)" "its port is named"
  expect_not_contains "$err" "serving sa" "no serving line when another server answers"
  sleep 0.2
  if pgrep -f "xapian-tcpsrv .*--port $((port + 2)) " >/dev/null; then
    bad "a server left running on port $((port + 2))"
  else ok; fi
done
kill "$first"
wait "$first" 2>/dev/null
run "$LEDE_SERVE_BIN" --index nowhere --listen "127.0.0.1:$port"
expect_rc 2 "no index to serve"
expect_contains "$err" "nowhere" "the missing index is named"
run "$LEDE_QUERY_BIN" --index "tcp://127.0.0.1" oil
expect_rc 2 "an address without a port"
expect_contains "$err" "tcp://HOST:PORT" "says the form of an address"
finish
