#!/usr/bin/env bash
# make install / install-strip / uninstall into a DESTDIR: the exact file
# list for PREFIX /usr/local (the default), /usr and a private prefix, the
# rules.d directory the binary reads, and nothing left after uninstall.
# No network, no root; a few seconds (the binary is relinked for each
# SYSCONFDIR, then once more as the caller's make had it).
# Usage: tests/install.sh MAKE BUILD_DIR
set -u
make_cmd=${1:-make}
build=${2:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

fail() {
	echo "FAIL install: $*"
	fails=$((fails + 1))
}

mk() {
	"$make_cmd" --no-print-directory -s BUILD="$build" "$@" >"$tmp/log" 2>&1 ||
		{ fail "make $*:"; cat "$tmp/log"; return 1; }
}

schemas=$(cd docs/schema && ls *.json)

# Every path install must make (files and directories of procsift's own),
# one a line, for PREFIX $1 with SYSCONFDIR $2, zsh dir $3, fish dir $4.
expected() {
	local p=$1 etc=$2 zsh=$3 fish=$4 s
	{
		echo "$p/bin/procsift"
		echo "$p/share/man/man1/procsift.1"
		echo "$p/share/bash-completion/completions/procsift"
		echo "$zsh/_procsift"
		echo "$fish/procsift.fish"
		echo "$p/share/doc/procsift/"
		echo "$p/share/doc/procsift/json.md"
		echo "$p/share/doc/procsift/rules.md"
		echo "$p/share/doc/procsift/schema/"
		for s in $schemas; do echo "$p/share/doc/procsift/schema/$s"; done
		echo "$etc/procsift/"
		echo "$etc/procsift/rules.d/"
	} | sort
}

# What is in the DESTDIR: every file, and the directories named procsift
# and those below one (shared ones like bin/ are not procsift's to list).
listed() {
	(cd "$1" && find . -mindepth 1 ! -type d -printf '/%P\n' &&
		find . -mindepth 1 -type d -printf '/%P/\n' | grep '/procsift/')
}

check_prefix() {
	local prefix=$1 etc=$2 zsh=$3 fish=$4 dest=$tmp/dest got want
	rm -rf "$dest"
	mkdir -p "$dest"
	if [ "$prefix" = /usr/local ]; then
		mk install DESTDIR="$dest" || return
	else
		mk install DESTDIR="$dest" PREFIX="$prefix" || return
	fi
	want=$(expected "$prefix" "$etc" "$zsh" "$fish")
	got=$(listed "$dest" | sort -u)
	if [ "$got" != "$want" ]; then
		fail "PREFIX=$prefix: installed files differ (< want, > got):"
		diff <(echo "$want") <(echo "$got")
	fi
	# The binary reads the rules.d install made, whatever PREFIX was.
	grep -q -a "$etc/procsift/rules.d" "$dest$prefix/bin/procsift" ||
		fail "PREFIX=$prefix: procsift does not read $etc/procsift/rules.d"
	[ -z "$(ls -A "$dest$etc/procsift/rules.d")" ] ||
		fail "PREFIX=$prefix: rules.d is not empty"
	if [ "$prefix" = /usr/local ]; then
		mk uninstall DESTDIR="$dest" || return
	else
		mk uninstall DESTDIR="$dest" PREFIX="$prefix" || return
	fi
	left=$(cd "$dest" && find . ! -type d -o -name '*procsift*')
	[ -z "$left" ] || fail "PREFIX=$prefix: uninstall left: $left"
}

check_prefix /usr/local /etc /usr/local/share/zsh/site-functions \
	/usr/share/fish/vendor_completions.d
check_prefix /usr /etc /usr/share/zsh/vendor-completions \
	/usr/share/fish/vendor_completions.d
check_prefix /opt/sift /opt/sift/etc \
	/opt/sift/share/zsh/site-functions \
	/opt/sift/share/fish/vendor_completions.d

# install-strip: the same files, the binary without symbols.
dest=$tmp/strip
if mk install-strip DESTDIR="$dest"; then
	readelf -S "$dest/usr/local/bin/procsift" | grep -q -e '\.symtab' -e '\.debug_info' &&
		fail "install-strip: the binary keeps its symbols"
	"$dest/usr/local/bin/procsift" --version >/dev/null ||
		fail "install-strip: the stripped binary does not run"
	# A rule file an admin added survives uninstall, and so does rules.d.
	echo '# mine' >"$dest/etc/procsift/rules.d/local.yaml"
	mk uninstall DESTDIR="$dest"
	[ -f "$dest/etc/procsift/rules.d/local.yaml" ] ||
		fail "uninstall removed a rule file it did not install"
fi

# Back to the binary the caller's make builds (its own PREFIX, if any,
# comes through MAKEFLAGS).
mk all
if [ "$fails" -eq 0 ]; then
	echo "ok   install.sh: install, install-strip and uninstall (3 prefixes)"
else
	echo "FAIL install.sh: $fails"
	exit 1
fi
