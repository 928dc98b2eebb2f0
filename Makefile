# procsift: plain Makefile. Objects and binaries live under build/.
# `make demo` installs the missing Debian packages that building and running
# need first (deps-build); `make check` also those of the tests (deps).

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man/man1
DOCDIR   ?= $(DATADIR)/doc/procsift
# Where the shells look on Debian without any setting of the user's. /etc
# for /usr and /usr/local, as Debian and the FHS have it; PREFIX/etc else.
SYSTEM_PREFIX := $(filter /usr /usr/local,$(patsubst %/,%,$(PREFIX)))
SYSCONFDIR ?= $(if $(SYSTEM_PREFIX),/etc,$(PREFIX)/etc)
# bash-completion reads DIR/bash-completion/completions of every
# XDG_DATA_DIRS entry (default /usr/local/share:/usr/share): its own
# pkg-config file names the directory, moved under DATADIR (Debian's
# writes datadir=/usr/share, not ${prefix}/share: moving prefix moves nothing).
BASHCOMPDIR ?= $(or $(shell pkg-config --define-variable=datadir=$(DATADIR) \
	--variable=completionsdir bash-completion 2>/dev/null),$(DATADIR)/bash-completion/completions)
# Debian's zsh has /usr/share/zsh/vendor-completions for packages and
# /usr/local/share/zsh/site-functions for the local admin in its fpath.
ZSHCOMPDIR ?= $(if $(filter /usr,$(SYSTEM_PREFIX)),$(DATADIR)/zsh/vendor-completions,$(DATADIR)/zsh/site-functions)
# fish reads PREFIX/share/fish/vendor_completions.d only when
# XDG_DATA_DIRS names PREFIX/share (usually unset); without it, only its
# own data directory's (fish.pc's completionsdir, /usr/share on Debian).
FISH_SYSDIR := $(or $(shell pkg-config --variable=completionsdir fish 2>/dev/null),/usr/share/fish/vendor_completions.d)
FISHCOMPDIR ?= $(if $(SYSTEM_PREFIX),$(FISH_SYSDIR),$(DATADIR)/fish/vendor_completions.d)
VERSION  := 0.1.0
BUILD    ?= build
CC       ?= cc
# Debian's python3, where python3-yaml is installed (tests/deploy/).
PYTHON   ?= /usr/bin/python3
# One line: tests/bench/lib.sh reads it with sed.
PKGS     := libproc2 libpcre2-8 smartcols json-c yaml-0.1 libsodium libxxhash zlib libarchive
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wundef -Wwrite-strings
ifeq ($(WERROR),1)
WARN     += -Werror
endif
OPT      ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL = -std=gnu11 -D_GNU_SOURCE -pthread $(OPT) $(WARN) -MMD -MP -Isrc $(PKG_CFLAGS) \
             -DPROCSIFT_VERSION='"$(VERSION)"' $(EXTRA_CFLAGS) $(CFLAGS)
LDLIBS_ALL = -pthread $(PKG_LIBS) -lm $(EXTRA_LDFLAGS) $(LDFLAGS)

# Debian packages. What building and running procsift need (make demo):
BUILD_PKGS := build-essential pkg-config \
            libproc2-dev libpcre2-dev libsmartcols-dev \
            libjson-c-dev libyaml-dev libsodium-dev libxxhash-dev zlib1g-dev \
            libarchive-dev
# ... and what the tests, the fuzz targets and the benchmarks add (make
# check, make asan): the shells whose completion the tests drive, the
# peer tools, a real etcd, YAML for the deploy/ manifests' check.
TEST_PKGS := clang clang-format libclang-rt-14-dev libcriterion-dev \
            python3 python3-jsonschema python3-yaml \
            procps psmisc lsof util-linux binutils grep time strace zstd \
            etcd-server etcd-client curl bash-completion zsh fish
DEB_PKGS := $(BUILD_PKGS) $(TEST_PKGS)

SRC      := $(sort $(wildcard src/*/*.c))
# The built-in rule set is YAML in src/scan/rules-*.yaml, joined as one
# multi-document stream and compiled in as a byte array.
GEN_SRC  := $(BUILD)/gen/builtin_rules.c
RULE_YAML := $(sort $(wildcard src/scan/rules-*.yaml))
LIB_OBJ  := $(SRC:%.c=$(BUILD)/%.o) $(GEN_SRC:%.c=%.o)
MAIN_OBJ := $(BUILD)/src/main.o
BIN      := $(BUILD)/procsift

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
E2E_SRC  := $(sort $(wildcard tests/e2e/test_*.c))
TEST_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%) \
            $(E2E_SRC:tests/e2e/%.c=$(BUILD)/tests/e2e/%)
HELPERS  := $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/tools/*.c))

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_SECONDS ?= 20
N        ?= 2000

.PHONY: man all check test asan fuzz fuzz-build fuzz-long bench demo deps deps-build install \
        install-strip uninstall clean format format-check FORCE

# Shell completions: the hand-written logic in completions/*.in with the
# lists that the freshly built binary writes from its registry spliced in
# at "# @GENERATED@" (docs/design.md, "Generated completions").
COMPLETIONS := $(BUILD)/completions/procsift.bash $(BUILD)/completions/_procsift \
               $(BUILD)/completions/procsift.fish

all: $(BIN) $(COMPLETIONS)

$(BUILD)/completions/procsift.bash: completions/procsift.bash.in $(BIN)
	@mkdir -p $(@D)
	$(BIN) help --dump-completion bash > $@.gen
	sed -e '/^# @GENERATED@$$/{r $@.gen' -e 'd;}' $< > $@ && rm -f $@.gen
$(BUILD)/completions/_procsift: completions/_procsift.in $(BIN)
	@mkdir -p $(@D)
	$(BIN) help --dump-completion zsh > $@.gen
	sed -e '/^# @GENERATED@$$/{r $@.gen' -e 'd;}' $< > $@ && rm -f $@.gen
$(BUILD)/completions/procsift.fish: completions/procsift.fish.in $(BIN)
	@mkdir -p $(@D)
	$(BIN) help --dump-completion fish > $@.gen
	sed -e '/^# @GENERATED@$$/{r $@.gen' -e 'd;}' $< > $@ && rm -f $@.gen

# The man page's generated sections (between @BEGIN GENERATED and @END
# GENERATED comment lines): `make man` rewrites them from the binary;
# tests/man-check.sh, run by `make test`, fails when they differ.
man: $(BIN)
	@tests/man-check.sh $(BIN) docs/procsift.1 --update

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(GEN_SRC): $(RULE_YAML)
	@mkdir -p $(@D)
	for f in $(RULE_YAML); do echo '---'; cat $$f; done > $(@D)/builtin-rules.yaml
	{ echo '/* Generated from $(RULE_YAML) by the Makefile. */'; \
	  echo '#include <stddef.h>'; \
	  echo 'extern const char builtin_rules_yaml[];'; \
	  echo 'extern const size_t builtin_rules_yaml_len;'; \
	  echo 'const char builtin_rules_yaml[] = {'; \
	  od -An -v -tx1 $(@D)/builtin-rules.yaml | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0x00};'; \
	  echo 'const size_t builtin_rules_yaml_len = sizeof(builtin_rules_yaml) - 1;'; \
	} > $@

# The rules.d directory procsift reads is SYSCONFDIR's: ruleopts.o is
# rebuilt whenever the value changes, so `make install PREFIX=...` never
# installs a binary that reads another directory than the one it creates.
SYSCONF_STAMP := $(BUILD)/gen/sysconfdir
$(SYSCONF_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(SYSCONFDIR)' | cmp -s - $@ || echo '$(SYSCONFDIR)' > $@
$(BUILD)/src/cmd/ruleopts.o: $(SYSCONF_STAMP)
$(BUILD)/src/cmd/ruleopts.o: CFLAGS_ALL += -DPROCSIFT_SYSCONFDIR='"$(SYSCONFDIR)"'

$(GEN_SRC:%.c=%.o): $(GEN_SRC)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BIN): $(MAIN_OBJ) $(LIB_OBJ)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Itests -o $@ $< $(LIB_OBJ) $(LDLIBS_ALL) -lcriterion

# Test tools set up the processes under test; they are not under test
# themselves, so no sanitizers (LeakSanitizer cannot run as pid 1 of a
# new pid namespace, which inspectee netns makes).
TOOL_CFLAGS = -std=gnu11 -D_GNU_SOURCE -pthread -O2 -g $(WARN) -MMD -MP
$(BUILD)/tests/tools/%: tests/tools/%.c
	@mkdir -p $(@D)
	cc $(TOOL_CFLAGS) -o $@ $<

# Install the missing packages of $(1) with apt-get when run as root;
# otherwise print the command.
define install_missing
	@missing=$$(for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "deps: installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "deps: missing Debian packages; run as root:"; \
		echo "  apt-get install -y" $$missing; exit 1; \
	fi
endef

deps:
	$(call install_missing,$(DEB_PKGS))

deps-build:
	$(call install_missing,$(BUILD_PKGS))

demo: deps-build
	@$(MAKE) --no-print-directory all
	$(BIN) tree
	@echo
	$(BIN) ps --sort=-rss -o pid,user,container,rss,comm | head -n 12

test: all $(TEST_BIN) $(HELPERS)
	@tests/judge-purity.sh $(BUILD)
	@tests/man-check.sh $(BIN) docs/procsift.1
	@tests/completion.sh $(BIN) $(BUILD)/completions
	@$(PYTHON) tests/deploy/check_manifests.py deploy
	@tests/install.sh $(MAKE) $(BUILD)
	@tests/run-tests.sh $(BUILD) $(TEST_BIN)

# Format, fuzz smoke runs and the built-in rules' own examples first, so
# the test summary is the last line.
check: deps
	@$(MAKE) --no-print-directory format-check
	@$(MAKE) --no-print-directory WERROR=$(WERROR) fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)
	@$(MAKE) --no-print-directory WERROR=$(WERROR) all
	$(BIN) rules check
	@$(MAKE) --no-print-directory WERROR=$(WERROR) test

asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan CC=clang \
		EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		EXTRA_LDFLAGS="-fsanitize=address,undefined" OPT="-O1 -g" test

# libFuzzer targets: each links every src/ object but main, built with
# clang. The objects are compiled once (instrumented, without libFuzzer's
# main) and shared by every target.
FUZZ_SAN   := -fsanitize=address,undefined -fno-omit-frame-pointer
FUZZ_CC    := clang -std=gnu11 -D_GNU_SOURCE -pthread -O1 -g $(WARN) -MMD -MP \
              -Isrc $(PKG_CFLAGS) -DPROCSIFT_VERSION='"$(VERSION)"'
FUZZ_OBJ   := $(SRC:%.c=$(BUILD)/fuzzobj/%.o) $(BUILD)/fuzzobj/builtin_rules.o
# Objects shared by every fuzz target: kept when one target is built by name.
.SECONDARY: $(FUZZ_OBJ)
$(BUILD)/fuzzobj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<
$(BUILD)/fuzzobj/builtin_rules.o: $(GEN_SRC)
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<
$(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< $(FUZZ_OBJ) \
		-pthread $(PKG_LIBS) -lm

fuzz-build: $(FUZZ_BIN)

# Two targets at a time (FUZZ_JOBS): one per CPU of the CI machine.
fuzz: fuzz-build
	@tests/fuzz/smoke.sh $(BUILD) $(FUZZ_SECONDS) $(FUZZ_BIN)

# Long fuzzing, recorded (docs/fuzzing.md): every target for FUZZ_SECONDS
# (default 600), what it found minimised into tests/fuzz/corpus, one table
# row per target in $(BUILD)/fuzz/long.md. FUZZ_TARGETS names a subset.
fuzz-long: fuzz-build
	@rm -f $(BUILD)/fuzz/long.md
	tests/fuzz/long.sh $(BUILD) $(or $(FUZZ_LONG_SECONDS),600) \
		$(BUILD)/fuzz/long.md $(FUZZ_TARGETS)
	@cat $(BUILD)/fuzz/long.md

bench: all
	@tests/bench/bench.sh $(BIN) $(N)

# What install puts where; uninstall removes exactly these (and the
# directories it made, when empty).
DOC_FILES    := docs/json.md docs/rules.md
SCHEMA_FILES := $(sort $(wildcard docs/schema/*.json))
INSTALL      ?= install
INSTALL_BIN_FLAGS ?=

install: $(BIN) $(COMPLETIONS)
	$(INSTALL) -D -m 0755 $(INSTALL_BIN_FLAGS) $(BIN) $(DESTDIR)$(BINDIR)/procsift
	$(INSTALL) -D -m 0644 docs/procsift.1 $(DESTDIR)$(MANDIR)/procsift.1
	$(INSTALL) -D -m 0644 $(BUILD)/completions/procsift.bash $(DESTDIR)$(BASHCOMPDIR)/procsift
	$(INSTALL) -D -m 0644 $(BUILD)/completions/_procsift $(DESTDIR)$(ZSHCOMPDIR)/_procsift
	$(INSTALL) -D -m 0644 $(BUILD)/completions/procsift.fish $(DESTDIR)$(FISHCOMPDIR)/procsift.fish
	$(INSTALL) -d -m 0755 $(DESTDIR)$(DOCDIR)/schema
	$(INSTALL) -m 0644 $(DOC_FILES) $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 0644 $(SCHEMA_FILES) $(DESTDIR)$(DOCDIR)/schema/
	$(INSTALL) -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/procsift/rules.d

install-strip:
	$(MAKE) --no-print-directory install INSTALL_BIN_FLAGS=-s

# rules.d is removed only when empty: rule files an admin put there stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/procsift $(DESTDIR)$(MANDIR)/procsift.1 \
		$(DESTDIR)$(BASHCOMPDIR)/procsift \
		$(DESTDIR)$(ZSHCOMPDIR)/_procsift \
		$(DESTDIR)$(FISHCOMPDIR)/procsift.fish \
		$(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(DOC_FILES))) \
		$(addprefix $(DESTDIR)$(DOCDIR)/schema/,$(notdir $(SCHEMA_FILES)))
	-rmdir $(DESTDIR)$(DOCDIR)/schema $(DESTDIR)$(DOCDIR) \
		$(DESTDIR)$(SYSCONFDIR)/procsift/rules.d \
		$(DESTDIR)$(SYSCONFDIR)/procsift 2>/dev/null

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format-check: clean"

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
