# cmake --install puts both programs, their man pages and the bash
# completion for both under any prefix given at install time, and the
# installed programs run.
. "$(dirname "$0")/../cli_lib.sh"
build=$(dirname "$LEDE_BIN")
run cmake --install "$build" --prefix "$T/inst"
expect_rc 0 "cmake --install --prefix"
for f in bin/lede-index bin/lede-query share/man/man1/lede-index.1 share/man/man1/lede-query.1 \
  share/bash-completion/completions/lede-index share/bash-completion/completions/lede-query; do
  if [ -s "$T/inst/$f" ]; then ok; else bad "installed $f missing"; fi
done
run "$T/inst/bin/lede-query" --version
expect_contains "$out" "lede-query" "installed lede-query runs"
run bash -c ". '$T/inst/share/bash-completion/completions/lede-index' && complete -p lede-index lede-query"
expect_rc 0 "completion defines both commands"
finish
