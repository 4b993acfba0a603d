# The spelling data follows the text: after files are changed and removed,
# an updated index holds the same spelling words with the same counts as a
# clean build of the same files (words of deleted text are taken away, not
# left behind to be suggested). Compared with tests/spelling_words.cc.
. "$(dirname "$0")/../cli_lib.sh"
cd "$T"
words="$LEDE_BIN/../tests/spelling_words"

# write_docs DIR SEED FIRST LAST: articles FIRST..LAST of made-up words (some
# with a headline), the same for the same SEED.
write_docs() {
  python3 - "$@" <<'PY'
import os, random, sys
d, seed, first, last = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
os.makedirs(d, exist_ok=True)
syl = ["ka", "lo", "mi", "ver", "tan", "dor", "sul", "pe", "qui", "bra", "zen", "ot"]
for i in range(first, last + 1):
    r = random.Random(f"{seed}-{i}")
    word = lambda: "".join(r.choice(syl) for _ in range(r.randint(2, 4)))
    sentence = lambda: " ".join(word() for _ in range(r.randint(5, 12))).capitalize() + "."
    with open(os.path.join(d, f"a{i:03}.txt"), "w") as f:
        if i % 3 == 0:
            f.write(f"---\ntitle: {sentence()[:-1]}\n---\n")
        f.write("\n\n".join(sentence() for _ in range(r.randint(2, 6))) + "\n")
PY
}

write_docs docs v1 1 120
printf 'A zebracorn was seen twice: zebracorn.\n' >docs/gone.txt
run "$LEDE_INDEX_BIN" --index idx --quiet docs
expect_rc 0 "first build"
expect_contains "$("$words" idx)" "zebracorn 2" "the words of a file are in the spelling data"

write_docs docs v2 1 40 # changed
rm docs/gone.txt docs/a1[01]?.txt # removed
write_docs docs v1 200 210 # added
run "$LEDE_INDEX_BIN" --index idx --json
expect_eq "$(json 'j["updated"], j["removed"], j["added"]')" "(40, 21, 11)" "the update"
run "$LEDE_INDEX_BIN" --index clean --quiet docs
expect_rc 0 "a clean build of the same files"

"$words" idx >updated.txt
"$words" clean >clean.txt
expect_eq "$(wc -l <clean.txt)" "$(wc -l <updated.txt)" "as many spelling words as a clean build"
expect_eq "$(diff clean.txt updated.txt | head -5)" "" "the same words with the same counts"
expect_not_contains "$(cat updated.txt)" "zebracorn" "a removed file's word is forgotten"

# Live updates (fewer files than a staged build) count the same way.
run "$LEDE_INDEX_BIN" --index small --quiet docs/a00?.txt
write_docs docs v3 1 5
rm docs/a009.txt
run "$LEDE_INDEX_BIN" --index small --quiet
run "$LEDE_INDEX_BIN" --index small-clean --quiet docs/a00?.txt
expect_eq "$("$words" small | md5sum)" "$("$words" small-clean | md5sum)" "small live updates"
finish
