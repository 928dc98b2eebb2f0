# shellcheck shell=bash
# shellcheck disable=SC2034 # BENCH_* results are read by the sourcing script
# Reusable helpers for procsift benchmarks (sourced by tests/bench/*.sh).
#
# Timing:   bench_alternate RUNS WARMUP NAME...   (NAME = name of a bash array
#           holding a command) -> BENCH_US[NAME]="us us ..." (one per run),
#           BENCH_LINES[NAME] / BENCH_BYTES[NAME]=output lines / bytes seen
#           in the warm-up, BENCH_WARM_US[NAME]=wall time of the last warm-up
#           run; the same in two steps: bench_warmup WARMUP NAME... then
#           bench_timed RUNS NAME...
#           bench_rss RUNS NAME... -> BENCH_RSS[NAME]=peak RSS in KiB (or "")
#           bench_shape NAME... -> BENCH_LINES, BENCH_BYTES and
#           BENCH_LONGEST[NAME]=longest output line in bytes, from one more
#           (untimed) run
# Stats:    bench_median / bench_min / bench_max LIST, bench_ms US,
#           bench_kib BYTES, bench_ratio A B, bench_verdict A B TARGET
# Docs:     bench_md_section FILE ID CONTENT_FILE [HEADING]
# Machine:  bench_machine_info, bench_count_procs, bench_count_fds
# Farm:     bench_farm_build, bench_farm_check TOTAL, bench_farm_start N
#           PIDFILE, bench_farm_stop
# Floor B:  bench_floorb_build (tests/bench/floorb.c)
# Engine:   bench_rulebench_build BUILDDIR, bench_kv FILE KEY
#
# Commands are always run with stdin from /dev/null and stdout into a pipe
# (`| cat >/dev/null`), stderr to "$BENCH_ERR"; a failing command aborts.

declare -gA BENCH_US=() BENCH_LINES=() BENCH_BYTES=() BENCH_RSS=()
declare -gA BENCH_WARM_US=() BENCH_LONGEST=()
BENCH_ERR=${BENCH_ERR:-/dev/null}
BENCH_TIME_BIN=${BENCH_TIME_BIN:-/usr/bin/time}

bench_die()
{
	echo "bench: $*" >&2
	exit 1
}

# bench_now VAR: microseconds since the epoch into VAR, without forking.
bench_now()
{
	if [[ -n ${EPOCHREALTIME:-} ]]; then
		printf -v "$1" '%s' "${EPOCHREALTIME/[.,]/}"
	else
		local ns
		ns=$(date +%s%N)
		printf -v "$1" '%s' "$((ns / 1000))"
	fi
}

# bench_cmd_str NAME: the command held in array NAME, for display.
bench_cmd_str()
{
	local -n _bcs_cmd=$1
	local s=${_bcs_cmd[*]}
	printf '%s' "${s/#$BENCH_ROOT\//}"
}

bench__fail()
{
	echo "bench: command failed: $(bench_cmd_str "$1")" >&2
	if [[ -f $BENCH_ERR ]]; then
		tail -n 20 "$BENCH_ERR" >&2
	fi
	exit 1
}

# bench_run_once NAME: run it once, output to a pipe; BENCH_LAST_US = wall.
bench_run_once()
{
	local -n _bro_cmd=$1
	local t0 t1
	bench_now t0
	"${_bro_cmd[@]}" </dev/null 2>>"$BENCH_ERR" | cat >/dev/null ||
		bench__fail "$1"
	bench_now t1
	BENCH_LAST_US=$((t1 - t0))
}

# bench_warmup WARMUP NAME...: WARMUP untimed rounds, each running every
# NAME once in order; records output lines and bytes (BENCH_LINES,
# BENCH_BYTES) and the wall time of the last round (BENCH_WARM_US).
bench_warmup()
{
	local warmup=$1 r name out t0 t1 lines bytes
	shift
	for ((r = 0; r < warmup; r++)); do
		for name; do
			local -n _bw_cmd=$name
			bench_now t0
			out=$("${_bw_cmd[@]}" </dev/null 2>>"$BENCH_ERR" |
				wc -l -c) || bench__fail "$name"
			bench_now t1
			unset -n _bw_cmd
			read -r lines bytes <<<"$out"
			BENCH_LINES[$name]=$lines
			BENCH_BYTES[$name]=$bytes
			BENCH_WARM_US[$name]=$((t1 - t0))
		done
	done
}

# bench_timed RUNS NAME...: RUNS timed rounds, each round running every NAME
# once in order (A B A B ...); BENCH_US[NAME] gets one time per run.
bench_timed()
{
	local runs=$1 r name
	shift
	for name; do
		BENCH_US[$name]=""
	done
	for ((r = 0; r < runs; r++)); do
		for name; do
			bench_run_once "$name"
			BENCH_US[$name]+="$BENCH_LAST_US "
		done
	done
}

# bench_alternate RUNS WARMUP NAME...: bench_warmup, then bench_timed.
bench_alternate()
{
	local runs=$1 warmup=$2
	shift 2
	bench_warmup "$warmup" "$@"
	bench_timed "$runs" "$@"
}

# bench_rss RUNS NAME...: peak RSS (KiB, max over RUNS alternating runs)
# via /usr/bin/time -f %M; empty when /usr/bin/time is missing.  Separate
# from the timed runs so the wrapper does not add to the wall times.
bench_rss()
{
	local runs=$1 r name kib tf
	shift
	for name; do
		BENCH_RSS[$name]=""
	done
	[[ -x $BENCH_TIME_BIN ]] || return 0
	tf=$(mktemp)
	for ((r = 0; r < runs; r++)); do
		for name; do
			local -n _br_cmd=$name
			"$BENCH_TIME_BIN" -f %M -o "$tf" "${_br_cmd[@]}" \
				</dev/null 2>>"$BENCH_ERR" | cat >/dev/null ||
				{ rm -f "$tf"; bench__fail "$name"; }
			unset -n _br_cmd
			kib=$(tail -n 1 "$tf")
			if [[ $kib =~ ^[0-9]+$ ]] &&
				((kib > ${BENCH_RSS[$name]:-0})); then
				BENCH_RSS[$name]=$kib
			fi
		done
	done
	rm -f "$tf"
}

# bench_shape NAME...: run each NAME once more, its output through a pipe
# into a temp file, and record BENCH_LINES[NAME], BENCH_BYTES[NAME] and
# BENCH_LONGEST[NAME], the longest output line in bytes (newline excluded).
bench_shape()
{
	local name tf lines bytes
	tf=$(mktemp)
	for name; do
		local -n _bs_cmd=$name
		"${_bs_cmd[@]}" </dev/null 2>>"$BENCH_ERR" | cat >"$tf" ||
			{ rm -f "$tf"; bench__fail "$name"; }
		unset -n _bs_cmd
		read -r lines bytes < <(wc -l -c <"$tf")
		BENCH_LINES[$name]=$lines
		BENCH_BYTES[$name]=$bytes
		BENCH_LONGEST[$name]=$(LC_ALL=C awk '
			length($0) > m { m = length($0) } END { print m + 0 }' "$tf")
	done
	rm -f "$tf"
}

# Statistics over a whitespace-separated list of integers.
bench__sorted() { tr -s ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n; }
bench_median()
{
	bench__sorted "$1" | awk '{ v[NR] = $1 }
		END { if (NR == 0) exit 1
		      if (NR % 2) print v[(NR + 1) / 2]
		      else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
bench_min() { bench__sorted "$1" | head -n 1; }
bench_max() { bench__sorted "$1" | tail -n 1; }

# bench_ms US: microseconds as milliseconds with two decimals.
bench_ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

# bench_kib BYTES: bytes as KiB with one decimal.
bench_kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

# bench_ratio A B: A/B with two decimals ("n/a" if B is 0 or empty).
bench_ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (b + 0 == 0 || a == "") print "n/a"; else printf "%.2f", a / b }'
}

# bench_verdict A B TARGET: PASS if A/B <= TARGET (unrounded), else MISS.
bench_verdict()
{
	awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN {
		if (b + 0 == 0) print "n/a"
		else print (a / b <= t + 0 ? "PASS" : "MISS") }'
}

# bench_count_procs: number of processes (not threads) on the host.
bench_count_procs()
{
	local p=(/proc/[0-9]*)
	echo "${#p[@]}"
}

# bench_count_fds: open file descriptors on the host, summed over the
# entries of every /proc/PID/fd this user can list (the shell's own
# included).  A glob, so no process is started per pid.
bench_count_fds()
{
	local f
	local old_ng
	old_ng=$(shopt -p nullglob)
	shopt -s nullglob
	f=(/proc/[0-9]*/fd/*)
	eval "$old_ng"
	echo "${#f[@]}"
}

# bench_machine_info: sets BENCH_DATE BENCH_NPROC BENCH_KERNEL BENCH_CPU.
bench_machine_info()
{
	BENCH_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
	BENCH_NPROC=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)
	BENCH_KERNEL=$(uname -sr)
	BENCH_CPU=$(sed -n 's/^\(model name\|Model\|cpu model\)[[:space:]]*: //p' \
		/proc/cpuinfo 2>/dev/null | head -n 1)
	if [[ -z $BENCH_CPU ]] && command -v lscpu >/dev/null; then
		BENCH_CPU=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' |
			head -n 1)
	fi
	BENCH_CPU=${BENCH_CPU:-unknown}
}

# bench_md_section FILE ID CONTENT_FILE [HEADING]
# Replace what lies between "<!-- bench:ID:begin -->" and
# "<!-- bench:ID:end -->" in FILE with CONTENT_FILE.  Without the markers
# (or without FILE), append HEADING (if given) and a new marked section.
bench_md_section()
{
	local file=$1 id=$2 content=$3 heading=${4:-}
	local begin="<!-- bench:$id:begin -->" end="<!-- bench:$id:end -->"
	local tmp
	mkdir -p "$(dirname "$file")"
	tmp=$(mktemp "$file.XXXXXX")
	if [[ -f $file ]] && grep -qxF -- "$begin" "$file" &&
		grep -qxF -- "$end" "$file"; then
		awk -v b="$begin" -v e="$end" -v c="$content" '
			$0 == b { print; while ((getline l < c) > 0) print l
				  skip = 1; next }
			$0 == e { skip = 0 }
			!skip' "$file" >"$tmp"
	else
		{
			if [[ -f $file ]]; then
				cat "$file"
				echo
			fi
			if [[ -n $heading ]]; then
				printf '%s\n\n' "$heading"
			fi
			echo "$begin"
			cat "$content"
			echo "$end"
		} >"$tmp"
	fi
	chmod 0644 "$tmp"
	mv -f "$tmp" "$file"
}

# bench_kv FILE KEY: the value of the first KEY=VALUE line in FILE.
bench_kv() { sed -n "s/^$2=//p" "$1" | head -n 1; }

# ---------------------------------------------------------------------
# The rule-engine benchmark (tests/bench/rulebench.c)

# bench_rulebench_build BUILDDIR: link rulebench against procsift's objects
# in BUILDDIR (as `make` left them: BUILDDIR/src/DIR/NAME.o for every
# src/DIR/NAME.c, and BUILDDIR/gen/builtin_rules.o) into
# BUILDDIR/bench/rulebench, with the pkg-config packages of the Makefile's
# PKGS.  Rebuilt every time (a second or so): the objects, not rulebench.c,
# are what changes.  Returns 1, after saying why, when an object is missing.
bench_rulebench_build()
{
	bench_linked_build "$1" rulebench || return 1
	BENCH_RULEBENCH_BIN=$BENCH_LINKED_BIN
}

# bench_linked_build BUILDDIR NAME: the same for tests/bench/NAME.c into
# BUILDDIR/bench/NAME ($BENCH_LINKED_BIN): rulebench, sockbench.
bench_linked_build()
{
	local bdir=$1 name=$2 f o objs=() pkgs=() cflags=() libs=()
	local src=$BENCH_ROOT/tests/bench/$name.c
	BENCH_LINKED_BIN=$bdir/bench/$name
	for f in "$BENCH_ROOT"/src/*/*.c; do
		o=${f#"$BENCH_ROOT"/}
		objs+=("$bdir/${o%.c}.o")
	done
	objs+=("$bdir/gen/builtin_rules.o")
	for o in "${objs[@]}"; do
		if [[ ! -f $o ]]; then
			echo "bench: $name: $o missing (run make first)" >&2
			return 1
		fi
	done
	read -ra pkgs <<<"$(sed -n 's/^PKGS[[:space:]]*:=[[:space:]]*//p' \
		"$BENCH_ROOT/Makefile")"
	((${#pkgs[@]})) ||
		pkgs=(libproc2 libpcre2-8 smartcols json-c yaml-0.1 libsodium)
	read -ra cflags <<<"$(pkg-config --cflags "${pkgs[@]}")"
	read -ra libs <<<"$(pkg-config --libs "${pkgs[@]}")"
	mkdir -p "$bdir/bench"
	"${CC:-cc}" -std=gnu11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
		-I"$BENCH_ROOT/src" "${cflags[@]}" \
		-o "$BENCH_LINKED_BIN" "$src" "${objs[@]}" \
		"${libs[@]}" -lm -pthread || {
		echo "bench: cannot build $src" >&2
		return 1
	}
}

# ---------------------------------------------------------------------
# The process farm (tests/bench/farm.c)

# bench_c_build SRC BIN: compile the stand-alone C program SRC into BIN,
# only when out of date; dies when it does not compile.
bench_c_build()
{
	local src=$1 out=$2
	if [[ ! -x $out || $src -nt $out ]]; then
		mkdir -p "$(dirname "$out")"
		"${CC:-cc}" -std=gnu11 -O2 -Wall -Wextra -Werror \
			-o "$out" "$src" || bench_die "cannot build $src"
	fi
}

# bench_farm_build: compile farm.c into $BENCH_FARM_BIN (default
# build/bench/farm), only when out of date.
bench_farm_build()
{
	BENCH_FARM_BIN=${BENCH_FARM_BIN:-$BENCH_ROOT/build/bench/farm}
	bench_c_build "$BENCH_ROOT/tests/bench/farm.c" "$BENCH_FARM_BIN"
}

# bench_floorb_build: compile floorb.c ("floor B": the least a per-process
# /proc inspector reads) into $BENCH_FLOORB_BIN (default
# build/bench/floorb), only when out of date.
bench_floorb_build()
{
	BENCH_FLOORB_BIN=${BENCH_FLOORB_BIN:-$BENCH_ROOT/build/bench/floorb}
	bench_c_build "$BENCH_ROOT/tests/bench/floorb.c" "$BENCH_FLOORB_BIN"
}

# bench_farm_check TOTAL: can this machine start TOTAL more processes?
# Checks kernel.pid_max and kernel.threads-max against the tasks (threads)
# alive now, the hard RLIMIT_NPROC against this user's tasks (not for root,
# whom the kernel does not hold to it), and pids.max of our cgroup and its
# ancestors (cgroup v1 and v2), each with a margin of 64, and MemAvailable
# (256 KiB a process).  Returns 1, with
# the reason in BENCH_FARM_WHY, when one of them is too small.
bench_farm_check()
{
	local total=$1 tasks lim cur file dir rel cgpath ctrl base
	BENCH_FARM_WHY=""
	tasks=$(awk '{ split($4, a, "/"); print a[2] }' /proc/loadavg)
	lim=$(cat /proc/sys/kernel/pid_max)
	if ((tasks + total + 64 > lim)); then
		BENCH_FARM_WHY="kernel.pid_max is $lim: $tasks tasks alive + $total farm processes + 64 do not fit (raise it with sysctl kernel.pid_max)"
		return 1
	fi
	lim=$(cat /proc/sys/kernel/threads-max)
	if ((tasks + total + 64 > lim)); then
		BENCH_FARM_WHY="kernel.threads-max is $lim: $tasks tasks alive + $total farm processes + 64 do not fit (raise it with sysctl kernel.threads-max)"
		return 1
	fi
	# a sleeper costs about 150 KiB (page tables, stack, pipe buffers)
	lim=$(awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo)
	if [[ -n $lim ]] && ((lim < total * 256)); then
		BENCH_FARM_WHY="MemAvailable is $lim KiB, under 256 KiB for each of $total farm processes"
		return 1
	fi
	if ((EUID != 0)); then
		lim=$(ulimit -Hu)
		if [[ $lim != unlimited ]]; then
			cur=$(ps -L -u "$EUID" -o lwp= | wc -l)
			if ((cur + total + 64 > lim)); then
				BENCH_FARM_WHY="RLIMIT_NPROC (hard) is $lim: $cur tasks of uid $EUID + $total farm processes + 64 do not fit"
				return 1
			fi
		fi
	fi
	while IFS=: read -r _ ctrl cgpath; do
		case ,$ctrl, in
		,,) base=(/sys/fs/cgroup /sys/fs/cgroup/unified) ;;
		*,pids,*) base=(/sys/fs/cgroup/pids) ;;
		*) continue ;;
		esac
		for dir in "${base[@]}"; do
			rel=${cgpath%/}
			while :; do
				file=$dir$rel/pids.max
				if [[ -r $file && $(<"$file") =~ ^[0-9]+$ ]]; then
					lim=$(<"$file")
					cur=$(<"$dir$rel/pids.current")
					if ((cur + total + 64 > lim)); then
						BENCH_FARM_WHY="cgroup $file is $lim: $cur tasks in it + $total farm processes + 64 do not fit"
						return 1
					fi
				fi
				[[ -n $rel ]] || break
				rel=${rel%/*}
			done
		done
	done </proc/self/cgroup
	return 0
}

# bench_farm_start N PIDFILE: start the farm in the background, its stdin
# a FIFO we hold open (closing it makes the farm tear down too), and wait
# for "ready".  Sets BENCH_FARM_PID, BENCH_FARM_PIDFILE, BENCH_FARM_TOTAL.
# Install `trap bench_farm_stop EXIT` before calling this.
bench_farm_start()
{
	local n=$1 pidfile=$2 dir i
	dir=$(dirname "$pidfile")
	BENCH_FARM_PIDFILE=$pidfile
	rm -f "$pidfile" "$dir/farm.in" "$dir/farm.out"
	mkfifo "$dir/farm.in"
	"$BENCH_FARM_BIN" "$n" "$pidfile" <"$dir/farm.in" >"$dir/farm.out" &
	BENCH_FARM_PID=$!
	exec {BENCH_FARM_IN}>"$dir/farm.in"
	rm -f "$dir/farm.in"
	for ((i = 0; i < ${BENCH_FARM_TIMEOUT:-300} * 20; i++)); do
		grep -qx ready "$dir/farm.out" 2>/dev/null && break
		bench_farm__alive "$BENCH_FARM_PID" ||
			bench_die "farm exited before getting ready"
		sleep 0.05
	done
	grep -qx ready "$dir/farm.out" || bench_die "farm did not get ready"
	rm -f "$dir/farm.out"
	BENCH_FARM_TOTAL=$(wc -l <"$pidfile")
}

# bench_farm__alive PID: true if PID exists and is not a zombie.
bench_farm__alive()
{
	local stat
	# read, not $(cat ...): no fork per pid (10,000 of them on a big farm)
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	stat=${stat##*) }
	[[ ${stat%% *} != Z ]]
}

# bench_farm_stop: SIGTERM the farm, close its stdin, wait for it (SIGKILL
# after 15 s), then make sure every pid from the pid file is gone, SIGKILLing
# any farm-sleeper left.  By pid only.  Safe to call more than once.
bench_farm_stop()
{
	local pid=${BENCH_FARM_PID:-} i p cmd left=0
	BENCH_FARM_PID=""
	if [[ -n $pid ]]; then
		kill -TERM "$pid" 2>/dev/null || true
		if [[ -n ${BENCH_FARM_IN:-} ]]; then
			exec {BENCH_FARM_IN}>&- || true
			BENCH_FARM_IN=""
		fi
		for ((i = 0; i < 300; i++)); do
			bench_farm__alive "$pid" || break
			sleep 0.05
		done
		if bench_farm__alive "$pid"; then
			echo "bench: farm $pid did not exit, sending SIGKILL" >&2
			kill -KILL "$pid" 2>/dev/null || true
		fi
		wait "$pid" 2>/dev/null || true
	fi
	[[ -n ${BENCH_FARM_PIDFILE:-} && -f $BENCH_FARM_PIDFILE ]] || return 0
	for i in 1 2 3; do
		left=0
		while read -r p; do
			[[ $p =~ ^[0-9]+$ ]] || continue
			bench_farm__alive "$p" || continue
			cmd=$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null) ||
				continue
			[[ $cmd == farm-sleeper\ * ]] || continue # pid reused
			kill -KILL "$p" 2>/dev/null || true
			left=$((left + 1))
		done <"$BENCH_FARM_PIDFILE"
		((left == 0)) && break
		echo "bench: SIGKILLed $left leftover farm processes" >&2
		sleep 0.2
	done
	if ((left)); then
		echo "bench: WARNING: farm processes may be left over" >&2
	fi
	rm -f "$BENCH_FARM_PIDFILE"
	BENCH_FARM_PIDFILE=""
}

# bench_print_raw LABELS WIDTH NAME...: the "raw wall times" block: for
# each NAME, its label (from the associative array named LABELS) padded to
# WIDTH, then its timed runs in ms, in run order.
bench_print_raw()
{
	local -n _labels=$1
	local width=$2 k us
	shift 2
	printf '\nraw wall times (ms, in run order):\n'
	for k in "$@"; do
		printf "  %-${width}s" "${_labels[$k]}"
		for us in ${BENCH_US[$k]}; do
			printf ' %s' "$(bench_ms "$us")"
		done
		printf '\n'
	done
}
