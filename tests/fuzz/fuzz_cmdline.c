/* libFuzzer: the small hand-written parsers. The first byte picks one:
 * 0 proc_cmdline_parse, 1 proc_environ_parse, 2 proc_btime_parse,
 * 3 out_cols_parse against proc_cols, 4 proc_uptime_parse, 5
 * parse_duration, 6 proc_sort_parse (any other byte: its value mod 4);
 * the rest is its input. Each result is checked against the input it
 * came from. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/proc.h"
#include "render/proc_view.h"
#include "render/table.h"
#include "proc/boot.h"
#include "proc/cmdline.h"
#include "proc/environ.h"
#include "util/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

/* Pieces: split at NUL, a last piece without its NUL counted too. */
static void fuzz_cmdline(const char *b, size_t len)
{
	char **argv = NULL;
	size_t argc = 99, i, off = 0;
	proc_cmdline_parse(b, len, &argv, &argc);
	CHECK(argv);
	for (i = 0; i < argc; i++) {
		const char *end = memchr(b + off, '\0', len - off);
		size_t plen = end ? (size_t)(end - (b + off)) : len - off;
		CHECK(off < len);
		CHECK(argv[i] && strlen(argv[i]) == plen);
		CHECK(!memcmp(argv[i], b + off, plen));
		off += plen + 1;
	}
	CHECK(argv[argc] == NULL);
	CHECK(off >= len); /* every byte is in some piece */
	CHECK(!len == !argc);
	proc_argv_free(argv);
}

/* Entries: the non-empty NUL-separated strings, in order, in place. */
static void fuzz_environ(const char *b, size_t len)
{
	struct env_var *v = NULL;
	size_t n = 99, k = 0, off = 0;
	proc_environ_parse(b, len, &v, &n);
	CHECK(n == 0 || v);
	while (off < len) {
		const char *end = memchr(b + off, '\0', len - off);
		size_t slen = end ? (size_t)(end - (b + off)) : len - off;
		const char *s = b + off, *eq = memchr(s, '=', slen);
		off += slen + 1;
		if (!slen)
			continue;
		CHECK(k < n);
		CHECK(v[k].name == s);
		if (eq) {
			CHECK(v[k].name_len == (size_t)(eq - s));
			CHECK(v[k].value == eq + 1);
			CHECK(v[k].value_len == slen - v[k].name_len - 1);
			CHECK(v[k].value + v[k].value_len <= b + len);
			CHECK(!memchr(v[k].value, '\0', v[k].value_len));
		} else {
			CHECK(v[k].name_len == slen && !v[k].value);
			CHECK(v[k].value_len == 0);
		}
		CHECK(v[k].name + v[k].name_len <= b + len);
		CHECK(!memchr(v[k].name, '=', v[k].name_len));
		k++;
	}
	CHECK(k == n);
	free(v);
}

/* Success only with a line "btime DIGITS" whose value is the result. */
static void fuzz_btime(const char *b, size_t len)
{
	time_t t = -1;
	int r = proc_btime_parse(b, len, &t);
	char want[32];
	size_t off = 0, wl;
	bool found = false;
	CHECK(r == 0 || r == -EINVAL);
	if (r) {
		CHECK(t == -1);
		return;
	}
	CHECK(t >= 0);
	wl = (size_t)snprintf(want, sizeof(want), "%lld", (long long)t);
	while (off < len && !found) {
		const char *nl = memchr(b + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - b) : len, j = off + 6;
		if (end - off > 6 && !memcmp(b + off, "btime ", 6)) {
			while (j < end - 1 && b[j] == '0')
				j++; /* leading zeros */
			found = end - j == wl && !memcmp(b + j, want, wl);
			CHECK(found); /* the first btime line is the one */
		}
		off = end + 1;
	}
	CHECK(found);
}

static void fuzz_cols(const char *b, size_t len)
{
	char *list = strndup(b, len); /* stops at a NUL */
	int sel[8];
	size_t nsel = 99, bad_len = 99, i, n = strlen(list);
	const char *bad = NULL;
	int r = out_cols_parse(proc_cols, PC__COUNT, list, proc_cols_default, 4,
			       sel, 8, &nsel, &bad, &bad_len);
	if (!r) {
		CHECK(nsel >= 1 && nsel <= 8);
		for (i = 0; i < nsel; i++)
			CHECK(sel[i] >= 0 && sel[i] < PC__COUNT);
	} else {
		CHECK(r == -EINVAL || r == -E2BIG);
		CHECK(bad >= list && bad + bad_len <= list + n);
		CHECK(!memchr(bad, ',', bad_len));
		/* -EINVAL names an unknown column, -E2BIG a known one. */
		CHECK((out_col_find(proc_cols, PC__COUNT, bad, bad_len) < 0) ==
		      (r == -EINVAL));
	}
	free(list);
}

/* Success only for digits, an optional '.' and digits, then the end, a
 * space or a newline; the result in hundredths. */
static void fuzz_uptime(const char *b, size_t len)
{
	unsigned long long cs = 12345, secs = 0;
	int r = proc_uptime_parse(b, len, &cs);
	size_t i = 0;
	CHECK(r == 0 || r == -EINVAL);
	if (r) {
		CHECK(cs == 12345);
		return;
	}
	CHECK(len && b[0] >= '0' && b[0] <= '9');
	while (i < len && b[i] >= '0' && b[i] <= '9')
		secs = secs * 10 + (unsigned)(b[i++] - '0');
	CHECK(cs / 100 == secs);
}

/* Success only for digits and at most one unit; the value within the
 * cap and a multiple of the unit. */
static void fuzz_duration(const char *b, size_t len)
{
	uint64_t secs = 12345;
	int r = parse_duration(b, len, &secs);
	CHECK(r == 0 || r == -EINVAL);
	if (r) {
		CHECK(secs == 12345);
		return;
	}
	CHECK(len && b[0] >= '0' && b[0] <= '9');
	CHECK(secs <= 100ULL * 366 * 86400);
	if (b[len - 1] == 'd')
		CHECK(secs % 86400 == 0);
	else if (b[len - 1] == 'h')
		CHECK(secs % 3600 == 0);
	else if (b[len - 1] == 'm')
		CHECK(secs % 60 == 0);
}

/* Keys are known columns; a failure names a piece of the list. */
static void fuzz_sort(const char *b, size_t len)
{
	char *list = strndup(b, len); /* stops at a NUL */
	struct proc_sort_key k[4];
	size_t n = 0, bad_len = 99, i, ln = strlen(list);
	const char *bad = NULL;
	int r = proc_sort_parse(list, k, 4, &n, &bad, &bad_len);
	CHECK(n <= 4);
	for (i = 0; i < n; i++)
		CHECK(k[i].col >= 0 && k[i].col < PC__COUNT);
	if (r) {
		CHECK(r == -EINVAL || r == -E2BIG);
		CHECK(bad >= list && bad + bad_len <= list + ln);
		CHECK(!memchr(bad, ',', bad_len));
	}
	free(list);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data + 1;
	if (!size)
		return 0;
	switch (data[0]) {
	case 4:
		fuzz_uptime(b, size - 1);
		return 0;
	case 5:
		fuzz_duration(b, size - 1);
		return 0;
	case 6:
		fuzz_sort(b, size - 1);
		return 0;
	}
	switch (data[0] % 4) {
	case 0:
		fuzz_cmdline(b, size - 1);
		break;
	case 1:
		fuzz_environ(b, size - 1);
		break;
	case 2:
		fuzz_btime(b, size - 1);
		break;
	default:
		fuzz_cols(b, size - 1);
		break;
	}
	return 0;
}
