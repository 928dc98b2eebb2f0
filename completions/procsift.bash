# bash completion for procsift(1). Commands, options and columns follow
# src/cmd/registry.c, each command's option table and proc_cols;
# tests/unit/test_registry.c checks that they are all here.

_procsift_commands="tree ps help"
_procsift_columns="pid ppid user uid ruser ruid group gid state kthread start tty
	threads rss container runtime container_id pod qos cgroup exe comm
	command"

# Complete the last item of a comma-separated list in $cur from the words
# in $1; $2 is a pattern of leading characters that may start the list.
_procsift_list()
{
	local words=$1 lead=${2:-} prefix= last=$cur
	if [[ $cur == *,* ]]; then
		prefix=${cur%,*},
		last=${cur##*,}
	elif [[ -n $lead && $cur == $lead* ]]; then
		prefix=${cur:0:1}
		last=${cur:1}
	fi
	COMPREPLY=($(compgen -P "$prefix" -W "$words" -- "$last"))
	compopt -o nospace 2>/dev/null
}

_procsift_pids()
{
	local p pids=()
	for p in /proc/[0-9]*; do
		pids+=("${p#/proc/}")
	done
	echo "${pids[*]}"
}

_procsift()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd= i w opts= argopts= nargs=0 dashdash=

	# "--output=pid,u": '=' is a word break, so it is its own word.
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ -z $cmd ]]; then
			[[ $w == -* ]] || cmd=$w
			continue
		fi
		[[ $w == -- ]] && dashdash=1
		[[ $w == -* || $w == = ]] && continue
		# A word after an option that takes an argument is not an operand.
		case ${COMP_WORDS[i - 1]} in
		-o | --output | -s | --sort | -p | --pid | -u | --user | -c | \
			--container | -m | --match) continue ;;
		=) [[ ${COMP_WORDS[i - 2]} == --* ]] && continue ;;
		esac
		((nargs++))
	done

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--version -V --help -h" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_procsift_commands" -- "$cur"))
		fi
		return
	fi

	case $cmd in
	tree)
		opts="--output -o --json -j --pretty --noheadings -n --all -a
			--ascii --help -h"
		;;
	ps)
		opts="--output -o --json -j --pretty --noheadings -n --all -a
			--sort -s --pid -p --user -u --container -c --match -m
			--help -h"
		;;
	help)
		opts="--help -h"
		;;
	*)
		return
		;;
	esac

	if [[ -z $dashdash ]]; then
		case $prev in
		-o | --output)
			_procsift_list "$_procsift_columns" "+"
			return
			;;
		-s | --sort)
			# One column; a leading - sorts descending, + ascending.
			local sign=
			[[ $cur == [-+]* ]] && sign=${cur:0:1}
			COMPREPLY=($(compgen -P "$sign" -W "$_procsift_columns" \
				-- "${cur#[-+]}"))
			return
			;;
		-p | --pid)
			_procsift_list "$(_procsift_pids)"
			return
			;;
		-u | --user)
			COMPREPLY=($(compgen -u -- "$cur"))
			return
			;;
		-c | --container)
			COMPREPLY=($(compgen -W "any none docker containerd cri-o
				podman unknown" -- "$cur"))
			return
			;;
		-m | --match)
			return
			;;
		esac
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$opts" -- "$cur"))
			return
		fi
	fi

	case $cmd in
	tree)
		((nargs == 0)) &&
			COMPREPLY=($(compgen -W "$(_procsift_pids)" -- "$cur"))
		;;
	ps)
		# No operands: offer the options.
		[[ -z $dashdash ]] && COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		;;
	help)
		((nargs == 0)) &&
			COMPREPLY=($(compgen -W "$_procsift_commands" -- "$cur"))
		;;
	esac
}

complete -F _procsift procsift
