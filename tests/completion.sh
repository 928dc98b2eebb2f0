#!/usr/bin/env bash
# Drive the generated bash, zsh and fish completions (make's
# build/completions/) with the freshly built binary first in PATH, as a
# user's TAB would: command names, options, column lists, severities,
# judges, kinds, rules actions, pids (with a child this test starts), -c,
# and a child whose command name holds a newline, escapes and $(...).
# Then every option and column that `procsift help CMD` lists must be
# offered by each shell. A shell that is not installed is skipped.
#
# bash: bash-completion's framework (when installed) and the file are
# sourced, COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT set as readline
# splits the line, and the function `complete -p procsift` names called.
# fish: `complete -C LINE`. zsh: a real interactive zsh in a zsh/zpty
# pseudo-terminal with compinit and the file on fpath types the line and
# a TAB; a wrapper around compadd records what each call adds (and then
# adds it: completion runs as it would, it is only watched).
# Usage: tests/completion.sh BIN COMPLETIONS_DIR
set -u
bin=$(realpath "${1:-build/procsift}")
compdir=$(realpath "${2:-build/completions}")
tmp=$(mktemp -d)
kids=()
cleanup() {
	local p
	for p in "${kids[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	[[ -n ${KEEP:-} ]] || rm -rf "$tmp"
}
trap cleanup EXIT
fails=0 checks=0

fail() {
	echo "FAIL completion: $*"
	fails=$((fails + 1))
}

# procsift by that name in PATH: the scripts run `procsift ps ...`.
mkdir -p "$tmp/bin" "$tmp/stub" "$tmp/cwd" "$tmp/home"
ln -s "$bin" "$tmp/bin/procsift"
export PATH="$tmp/bin:$PATH" HOME="$tmp/home"
export XDG_CONFIG_HOME="$tmp/home/.config" XDG_DATA_HOME="$tmp/home/.data"

# Children to complete: comm is the base name the child was executed by,
# so a symlink to sleep named with control bytes gives a hostile comm.
sleep_bin=$(command -v sleep)
start_kid() {
	ln -s "$sleep_bin" "$tmp/$1"
	(cd "$tmp/cwd" && exec "$tmp/$1" 600) &
	kids+=($!)
}
start_kid pscomptest
plain_pid=${kids[0]}
start_kid $'a\nX99\tinj\e[2Jz'
evil_pid=${kids[1]}
start_kid '$(touch pwn)'
subst_pid=${kids[2]}
start_kid '`touch pwn2`;x'
bq_pid=${kids[3]}
sleep 0.2

# The truth, from the binary: commands, each command's options and columns.
commands=$(procsift help | awk '/^Commands:/ { on = 1; next }
	on && /^  [a-z]/ { print $1; next } on && !/^  / { on = 0 }')
opts_of() { # long and short options of command $1, one a line
	procsift help "$1" | sed -n -E \
		-e 's/^  (-[A-Za-z]), (--[a-z0-9-]+).*/\1\n\2/p' \
		-e 's/^      (--[a-z0-9-]+).*/\1/p'
}
cols_of() { # the columns of command $1, one a line
	procsift help "$1" | awk '/^Columns/ { on = 1; next }
		on && /^  [a-z]/ { print $1; next } on { on = 0 }'
}
judges=$(procsift judges -n | awk '{ print $1 }')
[[ -n $commands && -n $judges ]] || {
	echo "FAIL completion: cannot read commands or judges from $bin"
	exit 1
}

# The lines to complete; results are compared after each shell ran them.
lines=()
add() { lines+=("$1"); }
add 'procsift '
add 'procsift ps --so'
add 'procsift ps -o pid,co'
add 'procsift ps --output=pid,co'
add 'procsift ps -o +p'
add 'procsift ps --sort pid,-r'
add 'procsift scan --fail-on '
add 'procsift scan --min-severity '
add 'procsift scan --judge '
add 'procsift scan --skip '
add 'procsift scan --only '
add 'procsift scan --only secret,'
add 'procsift rules '
add 'procsift rules -o '
add 'procsift ps --pid '
add 'procsift ps -p 1,'
add 'procsift show '
add 'procsift env '
add 'procsift ps -c '
add 'procsift help '
for c in $commands; do
	add "procsift $c -"
	[[ -n $(cols_of "$c") ]] && add "procsift $c -o "
done

# --- the drivers: each prints, per line, a \x1e line then one candidate a
# line ("word" or "word<TAB>description"); a candidate or description with
# a control character is printed as "CONTROL<TAB>" and the rest quoted.

cat >"$tmp/drive.bash" <<'EOF'
file=$1
shift
[[ -r /usr/share/bash-completion/bash_completion ]] &&
	source /usr/share/bash-completion/bash_completion
source "$file"
fn=$(complete -p procsift) && fn=${fn#*-F } && fn=${fn%% *}
# COMP_WORDS as readline splits them: blanks separate words, and each of
# = and : (from COMP_WORDBREAKS) is a word of its own.
split() {
	local line=$1 w= c i
	COMP_WORDS=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		case $c in
		' ') [[ -n $w ]] && COMP_WORDS+=("$w"); w= ;;
		[=:]) [[ -n $w ]] && COMP_WORDS+=("$w"); COMP_WORDS+=("$c"); w= ;;
		*) w+=$c ;;
		esac
	done
	[[ -n $w || $line == *' ' ]] && COMP_WORDS+=("$w")
}
for line; do
	split "$line"
	COMP_LINE=$line COMP_POINT=${#line}
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	"$fn" procsift "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '\x1e\n'
	for c in "${COMPREPLY[@]}"; do
		if [[ $c == *[[:cntrl:]]* ]]; then
			printf 'CONTROL\t%q\n' "$c"
		else
			printf '%s\n' "$c"
		fi
	done
done
EOF

cat >"$tmp/drive.fish" <<'EOF'
set -l file $argv[1]
set -g fish_complete_path (dirname $file) $fish_complete_path
source $file
for line in $argv[2..-1]
    printf '\x1e\n'
    complete -C $line
end
EOF

# Sourced by the interactive zsh in the pty: compinit with the completion
# on fpath, no listing or menus, and compadd recording each match with
# its description as \x01match\x02description\x03.
cat >"$tmp/init.zsh" <<'EOF'
PROMPT='' RPROMPT='' PS2=''
stty columns 500 rows 100 2>/dev/null
unsetopt zle_bracketed_paste auto_list auto_menu list_beep beep 2>/dev/null
fpath=($ZC_FPATH $fpath)
autoload -Uz compinit
compinit -u -D
zstyle ':completion:*' insert-tab false
zstyle ':completion:*' list-grouped false
compadd() {
	# -O, -A and -D only ask; they add nothing.
	if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
		builtin compadd "$@"
		return
	fi
	local -a __hits __dscr
	local __t __i
	if (( $@[(I)-d] )); then
		__t=${@[$(( ${@[(i)-d]} + 1 ))]}
		if [[ $__t == \(* ]]; then
			eval "__dscr=$__t"
		else
			__dscr=("${(@P)__t}")
		fi
	fi
	builtin compadd -A __hits -D __dscr "$@"
	for (( __i = 1; __i <= $#__hits; __i++ )); do
		print -rn -- $'\x01'"${__hits[__i]}"$'\x02'"${__dscr[__i]}"$'\x03'
	done
	builtin compadd "$@"
}
_zc_tab() {
	zle complete-word
	print -rn -- $'\x04'
	BUFFER= CURSOR=0
}
zle -N _zc_tab
bindkey '^I' _zc_tab
print -rn -- $'\x05'
EOF

cat >"$tmp/drive.zsh" <<'EOF'
zmodload zsh/zpty || { print -u2 "no zsh/zpty"; exit 1 }
local line out m rest
ZC_FPATH=$1
shift
zpty -b z env HOME=$HOME PATH=$PATH TERM=dumb ZC_FPATH=$ZC_FPATH zsh -f -i
zpty -w -n z "source ${(q)ZC_INIT}"$'\n'
zpty -r -m z out $'*\x05' || { print -u2 "zsh: init failed"; exit 1 }
for line; do
	zpty -w -n z "$line"$'\t'
	out=
	zpty -r -m z out $'*\x04' || { print -u2 "zsh: no answer to $line"; exit 1 }
	print -r -- $'\x1e'
	rest=${out#*$'\x01'}
	[[ $rest == $out ]] && continue
	for m in "${(@ps:\x01:)rest}"; do
		m=${m%%$'\x03'*}
		if [[ $m == *[[:cntrl:]]*$'\x02'* || ${m#*$'\x02'} == *[[:cntrl:]]* ]]; then
			print -r -- "CONTROL	${(q)m}"
		else
			# The description as _describe displays it: "pid -- comm".
			m=${m/$'\x02'*-- /$'\x02'}
			print -r -- "${m/$'\x02'/	}"
		fi
	done
done
zpty -d z
EOF

# Split a driver's output ($2) into $tmp/$1.N, the candidates of line N.
split_out() {
	awk -v pre="$tmp/$1." '
		/^\x1e$/ { n++; f = pre n; printf "" > f; next }
		{ print > f }' "$2"
}

run_shell() { # shell: run its driver on every line, from $tmp/cwd
	local sh=$1
	case $sh in
	bash) (cd "$tmp/cwd" && bash --norc --noprofile "$tmp/drive.bash" \
		"$compdir/procsift.bash" "${lines[@]}") ;;
	fish) (cd "$tmp/cwd" && fish "$tmp/drive.fish" \
		"$compdir/procsift.fish" "${lines[@]}") ;;
	zsh) (cd "$tmp/cwd" && ZC_INIT="$tmp/init.zsh" timeout 120 zsh -f \
		"$tmp/drive.zsh" "$compdir" "${lines[@]}") ;;
	esac
}

# The candidates of line $2 in shell $1, as words: the part after the last
# "=" or "," (bash and fish return "pid,comm", zsh "comm").
words_of() {
	local n
	for n in "${!lines[@]}"; do
		[[ ${lines[n]} == "$2" ]] || continue
		cut -f1 "$tmp/$1.$((n + 1))" | sed 's/.*[=,]//'
		return
	done
	echo "no such line: $2" >&2
}
descs_of() { # "word<TAB>description" lines of line $2 in shell $1
	local n
	for n in "${!lines[@]}"; do
		[[ ${lines[n]} == "$2" ]] && cat "$tmp/$1.$((n + 1))" && return
	done
}

# Line $2 of shell $1 offers each word of $3 (with a leading - or +: a
# sort key), or none of them with "!" as $4.
offers() {
	local sh=$1 line=$2 want=$3 neg=${4:-} got w
	got=$(words_of "$sh" "$line")
	for w in $want; do
		checks=$((checks + 1))
		if grep -qxF -e "$w" -e "-$w" -e "+$w" <<<"$got"; then
			[[ $neg == '!' ]] && fail "$sh: '$line' offers $w"
		else
			[[ $neg == '!' ]] || fail "$sh: '$line' does not offer $w (got: $(echo $got | cut -c1-200))"
		fi
	done
}

check_shell() {
	local sh=$1 c o w line got
	offers "$sh" 'procsift ' "$commands"
	offers "$sh" 'procsift ps --so' '--sort'
	offers "$sh" 'procsift ps --so' '--pid --since --output' '!'
	offers "$sh" 'procsift ps -o pid,co' 'comm command container container_id'
	offers "$sh" 'procsift ps -o pid,co' 'pid cgroup user' '!'
	offers "$sh" 'procsift ps --output=pid,co' 'comm command container'
	offers "$sh" 'procsift ps -o +p' 'pid ppid pod'
	offers "$sh" 'procsift ps --sort pid,-r' 'rss_kib ruser ruid runtime'
	offers "$sh" 'procsift scan --fail-on ' 'info low medium high critical'
	offers "$sh" 'procsift scan --min-severity ' 'info low medium high critical'
	offers "$sh" 'procsift scan --judge ' "$judges"
	offers "$sh" 'procsift scan --skip ' "$judges"
	offers "$sh" 'procsift scan --only ' 'secret indicator posture'
	offers "$sh" 'procsift scan --only secret,' 'indicator posture'
	offers "$sh" 'procsift rules ' 'list check test'
	offers "$sh" 'procsift rules ' "$commands --help" '!'
	offers "$sh" 'procsift rules -o ' "$(cols_of rules)"
	offers "$sh" 'procsift help ' "$commands"
	for line in 'procsift ps --pid ' 'procsift show ' 'procsift env '; do
		offers "$sh" "$line" "$plain_pid $evil_pid $subst_pid $bq_pid"
	done
	offers "$sh" 'procsift ps -p 1,' "1$plain_pid" '!'
	[[ $plain_pid == 1* ]] && offers "$sh" 'procsift ps -p 1,' "$plain_pid"

	# Pids are numbers, whatever the processes are called; zsh and fish
	# show each with its command name, control characters replaced.
	for line in 'procsift ps --pid ' 'procsift show ' 'procsift ps -p 1,'; do
		got=$(words_of "$sh" "$line" | grep -v -x '[0-9]*')
		checks=$((checks + 1))
		[[ -z $got ]] || fail "$sh: '$line' offers non-pids: $(echo $got | cut -c1-200)"
	done
	if [[ $sh != bash ]]; then
		checks=$((checks + 2))
		grep -q -P "^$plain_pid\\tpscomptest\$" <(descs_of "$sh" 'procsift ps --pid ') ||
			fail "$sh: pid $plain_pid is not shown as pscomptest"
		grep -q -P "^$subst_pid\\t\\\$\\(touch pwn\\)\$" <(descs_of "$sh" 'procsift show ') ||
			fail "$sh: pid $subst_pid is not shown as \$(touch pwn)"
		got=$(procsift ps -n -o comm -p "$evil_pid" | sed 's/^ *//')
		checks=$((checks + 1))
		grep -q -x -F "$evil_pid	$got" <(descs_of "$sh" 'procsift show ') ||
			fail "$sh: pid $evil_pid is not shown as procsift ps shows it ($got)"
	fi

	# -c with no containers: the runtime names and any/none, nothing else
	# and nothing that is not a plain word.
	offers "$sh" 'procsift ps -c ' 'any none docker containerd'
	got=$(words_of "$sh" 'procsift ps -c ' | grep -v -x '[A-Za-z0-9._/:-]*')
	checks=$((checks + 1))
	[[ -z $got ]] || fail "$sh: -c offers $(echo $got | cut -c1-200)"

	# Every option and column the binary lists, offered for that command.
	for c in $commands; do
		offers "$sh" "procsift $c -" "$(opts_of "$c")"
		w=$(cols_of "$c")
		[[ -n $w ]] && offers "$sh" "procsift $c -o " "$w"
	done
}

# Control characters anywhere, and files that $(...) would have made.
check_clean() {
	local sh=$1
	checks=$((checks + 2))
	if grep -l -a -P '^CONTROL\t|[\x00-\x08\x0b-\x1d\x1f\x7f]' "$tmp/$sh".* >/dev/null 2>&1; then
		fail "$sh: control characters in candidates:"
		grep -a -P '^CONTROL\t|[\x00-\x08\x0b-\x1d\x1f\x7f]' "$tmp/$sh".* | cat -v | head -n 5
	fi
	if [[ -e $tmp/cwd/pwn || -e $tmp/cwd/pwn2 ]]; then
		fail "$sh: a command name was run as a command"
		rm -f "$tmp/cwd/pwn" "$tmp/cwd/pwn2"
	fi
}

for sh in bash zsh fish; do
	if ! command -v "$sh" >/dev/null; then
		echo "SKIP completion: $sh is not installed (make deps installs it)"
		continue
	fi
	before=$fails
	if ! run_shell "$sh" >"$tmp/$sh.out" 2>"$tmp/$sh.err"; then
		fail "$sh: the driver failed:"
		head -n 20 "$tmp/$sh.err"
		continue
	fi
	split_out "$sh" "$tmp/$sh.out"
	n=$(grep -c -x $'\x1e' "$tmp/$sh.out")
	if [[ $n != "${#lines[@]}" ]]; then
		fail "$sh: $n answers to ${#lines[@]} lines"
		head -n 20 "$tmp/$sh.err"
		continue
	fi
	check_shell "$sh"
	check_clean "$sh"
	[[ $fails == "$before" ]] && echo "completion: $sh: ${#lines[@]} lines completed as expected"
done

# Hostile container names and command names, as a procsift that a
# runtime's state files fooled would print them: no shell may run them,
# glob them or let them break a line.
touch "$tmp/cwd/globbed"
cat >"$tmp/stub/procsift" <<'EOF'
#!/bin/sh
case "$*" in
*container_id,container*)
	printf '%s\n' '5eed5ab25eed $(touch pwn)' '* `touch pwn2`' \
		"a1b2c3 ns/pod;touch pwn" ;;
*pid,comm*)
	printf '%s\n' '    42 $(touch pwn)' '    43 *' ;;
esac
EOF
chmod +x "$tmp/stub/procsift"
lines=('procsift ps -c ' 'procsift ps -c 5' 'procsift scan -c ' 'procsift ps --pid 4')
for sh in bash zsh fish; do
	command -v "$sh" >/dev/null || continue
	PATH="$tmp/stub:$PATH" run_shell "$sh" >"$tmp/h$sh.out" 2>"$tmp/h$sh.err" ||
		{ fail "$sh: the driver failed on hostile names"; continue; }
	split_out "h$sh" "$tmp/h$sh.out"
	check_clean "h$sh"
	got=$(cat "$tmp/h$sh".* | cut -f1 | grep -x -e globbed -e Makefile)
	checks=$((checks + 1))
	[[ -z $got ]] && grep -q 5eed5ab25eed "$tmp/h$sh.1" ||
		fail "$sh: hostile container names: $(cut -f1 "$tmp/h$sh".* | tr '\n' ' ')"
done

[[ $fails -eq 0 ]] || { echo "completion: $fails of $checks checks failed"; exit 1; }
echo "completion: $checks checks passed"
