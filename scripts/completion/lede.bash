# bash completion for lede-index, lede-query and lede-serve.
# Installed into bash-completion's completions folder by CMake; to try it
# from a checkout: . scripts/completion/lede.bash

# _lede_options PROG: the long options PROG's --help lists (so completion
# follows the programs as they gain options).
_lede_options() {
  "$1" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u
}

# _lede_query: completes lede-query's options and their values.
_lede_query() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]}
  case $prev in
    -i | --index | --under)
      mapfile -t COMPREPLY < <(compgen -d -- "$cur")
      return
      ;;
    --sort)
      mapfile -t COMPREPLY < <(compgen -W "relevance date" -- "$cur")
      return
      ;;
    --timeline)
      mapfile -t COMPREPLY < <(compgen -W "day week month year" -- "$cur")
      return
      ;;
    --color | --colour)
      mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur")
      return
      ;;
    -n | --limit | --offset | -C | --context | --per-article | --since | --until | --source | --timeout)
      return # a value of the user's own
      ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_lede_options "${COMP_WORDS[0]}")" -- "$cur")
  else
    # Query words: offer the fields.
    mapfile -t COMPREPLY < <(compgen -W "title: source: place: date: path:" -- "$cur")
    [[ ${#COMPREPLY[@]} -gt 0 ]] && compopt -o nospace 2>/dev/null
  fi
}

# _lede_index: completes lede-index's options, languages, files and folders.
_lede_index() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]}
  case $prev in
    -i | --index)
      mapfile -t COMPREPLY < <(compgen -d -- "$cur")
      return
      ;;
    --language)
      # The program's own list: the stemmer it was built with decides.
      mapfile -t COMPREPLY < <(compgen -W "$("${COMP_WORDS[0]}" --list-languages 2>/dev/null)" -- "$cur")
      return
      ;;
    -j | --jobs)
      return
      ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_lede_options "${COMP_WORDS[0]}")" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    compopt -o filenames 2>/dev/null
  fi
}

# _lede_serve: completes lede-serve's options and its index folder.
_lede_serve() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]}
  case $prev in
    -i | --index)
      mapfile -t COMPREPLY < <(compgen -d -- "$cur")
      return
      ;;
    --listen)
      mapfile -t COMPREPLY < <(compgen -W "127.0.0.1:7411" -- "$cur")
      return
      ;;
  esac
  [[ $cur == -* ]] && mapfile -t COMPREPLY < <(compgen -W "$(_lede_options "${COMP_WORDS[0]}")" -- "$cur")
}

complete -F _lede_query lede-query
complete -F _lede_index lede-index
complete -F _lede_serve lede-serve
