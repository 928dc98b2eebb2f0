# bash completion for procsift(1). Commands, options and columns follow
# src/cmd/registry.c, each command's option table and its column table
# (proc_cols for tree and ps; env_cols, fd_cols, maps_cols, etcd_view_cols,
# rule_view_cols; scan and judges have none);
# tests/unit/test_registry.c checks that they are all here.

_procsift_commands="tree ps show env fds maps scan judges rules etcd help"
# tree and ps (proc_cols).
_procsift_columns="pid ppid user uid ruser ruid group gid state kthread start
	etime age tty threads rss container runtime container_id pod qos cgroup exe comm
	command"
# env, fds, maps, etcd and rules each have their own: _procsift_CMD_columns.
_procsift_env_columns="pid comm name value length"
_procsift_fds_columns="pid comm fd type mode target deleted inode pos flags
	mnt_id"
_procsift_maps_columns="pid comm start end size perms offset dev inode kind
	path count"
_procsift_etcd_columns="namespace name type keys storage revision state
	findings key page uid created version fingerprint note"
_procsift_rules_columns="id severity confidence targets keywords examples
	negatives references origin description"
# scan --min-severity and --fail-on; etcd --fail-on.
_procsift_severities="info low medium high critical"
# scan --only (a comma list), and --judge and --skip: the judges of
# src/scan/judges.c, as procsift judges lists them.
_procsift_kinds="secret indicator posture"
_procsift_judges="env argv etcd shell-in-container package-manager-in-container write-below-etc sensitive-host-mount mutable-container-rootfs privileged-container stdio-to-socket exe anon-exec-memory deleted-lib-mapped loader-hijack anti-forensics-env name-spoofing traced deleted-file-held hidden-pid unexpected-child crypto-miner apiserver-posture etcd-posture kubelet-posture"

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

# Whether $1 is one of the words in $2.
_procsift_in()
{
	local w
	for w in $2; do
		[[ $w == "$1" ]] && return 0
	done
	return 1
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
	local cmd= i w opts= argopts= nargs=0 dashdash= all= cols action=

	# "--output=pid,u": '=' is a word break, so it is its own word.
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w != -* ]]; then
			cmd=$w
			break
		fi
	done

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--version -V --help -h" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_procsift_commands" -- "$cur"))
		fi
		return
	fi

	# opts: every option; argopts: those that take an argument (maps -s
	# is --summary, a flag, where ps -s is --sort; etcd -p is one pid,
	# where ps -p and scan -p are a list).
	case $cmd in
	tree)
		opts="--output -o --output-all --json -J --pretty --raw -r --pairs -P
			--noheadings -n --notruncate -w --color --all -a
			--reveal --rules --no-builtin-rules --ascii --help -h"
		argopts="-o --output --rules --color"
		;;
	ps)
		opts="--output -o --output-all --json -J --pretty --raw -r --pairs -P
			--noheadings -n --notruncate -w --color --ndjson --all -a
			--reveal --rules --no-builtin-rules --sort -s --pid -p
			--user -u --container -c --match -m --since --help -h"
		argopts="-o --output --rules -s --sort -p --pid -u --user -c
			--container -m --match --since --color"
		;;
	show)
		opts="--json -j --pretty --reveal --rules --no-builtin-rules
			--help -h"
		argopts="--rules"
		;;
	env)
		opts="--all -a --output -o --output-all --json -J --pretty --raw -r --pairs -P
			--noheadings -n --notruncate -w --color --ndjson
			--rules --no-builtin-rules --reveal --help -h"
		argopts="-o --output --rules --color"
		;;
	fds)
		opts="--all -a --output -o --output-all --json -J --pretty --raw -r --pairs -P
			--noheadings -n --notruncate -w --color --ndjson
			--fdinfo -i --all-peers --help -h"
		argopts="-o --output --color"
		;;
	maps)
		opts="--all -a --output -o --output-all --json -J --pretty --raw -r --pairs -P
			--noheadings -n --notruncate -w --color --ndjson
			--summary -s --help -h"
		argopts="-o --output --color"
		;;
	scan)
		opts="--only --judge --skip --pid -p --container -c
			--min-severity --fail-on --partial-ok --json -j --ndjson
			--pretty --reveal --fingerprint-key --noheadings -n
			--no-group --rules --no-builtin-rules --help -h"
		argopts="--only --judge --skip -p --pid -c --container
			--min-severity --fail-on --fingerprint-key --rules"
		;;
	judges)
		opts="--json -j --pretty --noheadings -n --help -h"
		;;
	rules)
		opts="--rules --no-builtin-rules --json -j --pretty --output -o
			--noheadings -n --reveal --help -h"
		argopts="--rules -o --output"
		;;
	etcd)
		opts="--pid -p --file -f --wal --json -j --pretty --output -o
			--noheadings -n --all-resources --no-carve --no-wal --no-helm --reveal
			--fingerprint-key --fail-on --rules --no-builtin-rules
			--help -h"
		argopts="-p --pid -f --file --wal -o --output --fingerprint-key
			--fail-on --rules"
		;;
	help)
		opts="--help -h"
		;;
	*)
		return
		;;
	esac

	for ((i++; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		[[ $w == -- ]] && dashdash=1
		[[ -z $dashdash && ($w == -a || $w == --all) ]] && all=1
		[[ $w == -* || $w == = ]] && continue
		# A word after an option that takes an argument is not an operand.
		_procsift_in "${COMP_WORDS[i - 1]}" "$argopts" && continue
		[[ ${COMP_WORDS[i - 1]} == = && ${COMP_WORDS[i - 2]} == --* ]] &&
			continue
		((nargs == 0)) && action=$w
		((nargs++))
	done

	if [[ -z $dashdash ]] && _procsift_in "$prev" "$argopts"; then
		case $prev in
		-o | --output)
			# The command's own columns, else those of tree and ps.
			cols=_procsift_${cmd}_columns
			_procsift_list "${!cols:-$_procsift_columns}" "+"
			;;
		-s | --sort)
			# Comma-separated columns; a leading - sorts that key
			# descending, + ascending. Complete the last one.
			local pre=${cur%"${cur##*,}"} last=${cur##*,} sign=
			[[ $last == [-+]* ]] && sign=${last:0:1}
			COMPREPLY=($(compgen -P "$pre$sign" \
				-W "$_procsift_columns" -- "${last#[-+]}"))
			;;
		-p | --pid)
			if [[ $cmd == etcd ]]; then
				COMPREPLY=($(compgen -W "$(_procsift_pids)" -- "$cur"))
			else
				_procsift_list "$(_procsift_pids)"
			fi
			;;
		--min-severity | --fail-on)
			COMPREPLY=($(compgen -W "$_procsift_severities" -- "$cur"))
			;;
		--only)
			_procsift_list "$_procsift_kinds"
			;;
		--judge | --skip)
			COMPREPLY=($(compgen -W "$_procsift_judges" -- "$cur"))
			;;
		--rules | -f | --file | --wal)
			# One file name a line, so that spaces survive.
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			;;
		-u | --user)
			# Comma-separated: complete the last name.
			local pre=${cur%"${cur##*,}"}
			COMPREPLY=($(compgen -P "$pre" -u -- "${cur##*,}"))
			;;
		-c | --container)
			COMPREPLY=($(compgen -W "any none docker containerd cri-o
				podman unknown" -- "$cur"))
			;;
		esac
		return
	fi
	if [[ -z $dashdash && $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi

	case $cmd in
	tree | show)
		((nargs == 0)) &&
			COMPREPLY=($(compgen -W "$(_procsift_pids)" -- "$cur"))
		;;
	env | fds | maps)
		# Any number of PIDs, or --all and none.
		[[ -z $all ]] &&
			COMPREPLY=($(compgen -W "$(_procsift_pids)" -- "$cur"))
		;;
	ps | scan | judges | etcd)
		# No operands: offer the options.
		[[ -z $dashdash ]] && COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		;;
	rules)
		# list, check [FILE...] or test [FILE].
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W "list check test" -- "$cur"))
		elif [[ $action == check ]] ||
			{ ((nargs == 1)) && [[ $action == test ]]; }; then
			# One file name a line, so that spaces survive.
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		fi
		;;
	help)
		((nargs == 0)) &&
			COMPREPLY=($(compgen -W "$_procsift_commands" -- "$cur"))
		;;
	esac
}

complete -F _procsift procsift
