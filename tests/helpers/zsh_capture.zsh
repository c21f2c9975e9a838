# Drive a real interactive zsh through zpty, press TAB after a command line, and record
# every match that completion adds. Usage: zsh -f zsh_capture.zsh FPATH_DIR OUTFILE LINE
zmodload zsh/zpty
dir=$1 out=$2 line=$3
zpty gs zsh -f -i
zpty -w gs "PS1=''; fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -D"
# A wrapper around compadd writes what would be offered; -O/-A/-D calls only query.
zpty -w gs "compadd() { if (( ! \${@[(I)-[OAD]]} )); then local -a __m; builtin compadd -A __m \"\$@\"; print -rl -- \$__m >> $out; fi; builtin compadd \"\$@\"; }"
# The sentinels are printed from split words: before zle starts, the terminal echoes typed
# input, and an echo of "print CAPTURE-READY" would match the pattern before the shell ran it.
zpty -w gs "LISTMAX=100000; bindkey '^I' complete-word; bindkey '^U' kill-whole-line; print CAPTURE-''READY"
zpty -r -m gs ignored '*CAPTURE-READY*'
zpty -w -n gs "$line"$'\t'
# ^U is read after the TAB has been handled and empties the line, so the sentinel runs alone.
zpty -w -n gs $'\x15'
zpty -w gs "print CAPTURE-''DONE"
zpty -r -m gs ignored '*CAPTURE-DONE*'
zpty -d gs
