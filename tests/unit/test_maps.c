/* Tests for proc/maps: real lines from this machine's /proc/self/maps (Linux
 * 6.18, x86_64), then cut, overlong and hostile ones. */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc/maps.h"

#define PAD "                     " /* the kernel pads paths to a column */

static const char real_maps[] =
	"562baae2c000-562baae2e000 r--p 00000000 fe:00 247134" PAD
	"/usr/bin/cat\n"
	"562baae37000-562baae38000 rw-p 0000a000 fe:00 247134" PAD
	"/usr/bin/cat\n"
	"562bc3368000-562bc3389000 rw-p 00000000 00:00 0" PAD "     [heap]\n"
	"7f6dece17000-7f6dece39000 rw-p 00000000 00:00 0 \n"
	"7f6decec0000-7f6ded016000 r-xp 00026000 fe:00 332835" PAD
	"/usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7f6ded07f000-7f6ded086000 r--s 00000000 fe:00 332280" PAD
	"/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache\n"
	"7f6ded089000-7f6ded08d000 r--p 00000000 00:00 0" PAD "     [vvar]\n"
	"7f6ded08d000-7f6ded08f000 r--p 00000000 00:00 0" PAD
	"     [vvar_vclock]\n"
	"7f6ded08f000-7f6ded091000 r-xp 00000000 00:00 0" PAD "     [vdso]\n"
	"7fff9e4ce000-7fff9e4ef000 rw-p 00000000 00:00 0" PAD "     [stack]\n"
	"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0" PAD
	"[vsyscall]\n"
	"7fe3ecdbb000-7fe3ecdbc000 rw-s 00000000 fe:00 10954846" PAD
	"/tmp/fdsamp/del me\\012nl (deleted)\n"
	"7fe3ecdbc000-7fe3ecdbd000 rw-s 00000000 00:01 1026" PAD
	"/memfd:payload (deleted)\n";

static struct map_entry e;

static int parse_n(const char *s, size_t n)
{
	memset(&e, 0xa5, sizeof(e)); /* prove every field is written */
	return proc_maps_parse_line(s, n, &e);
}

static int parse(const char *s)
{
	return parse_n(s, strlen(s));
}

static void expect_path(const char *path)
{
	if (!path) {
		cr_assert_null(e.path);
		cr_assert_eq(e.path_len, 0);
		return;
	}
	cr_assert_not_null(e.path);
	cr_assert_eq(e.path_len, strlen(path), "path_len %zu, want %zu",
		     e.path_len, strlen(path));
	cr_assert(!memcmp(e.path, path, e.path_len), "path %.*s",
		  (int)e.path_len, e.path);
}

Test(maps, real_file_line)
{
	cr_assert_eq(parse("562baae2e000-562baae33000 r-xp 00002000 fe:00 "
			   "247134" PAD "/usr/bin/cat\n"),
		     0);
	cr_assert_eq(e.start, 0x562baae2e000ULL);
	cr_assert_eq(e.end, 0x562baae33000ULL);
	cr_assert_str_eq(e.perms, "r-xp");
	cr_assert_eq(e.offset, 0x2000);
	cr_assert_eq(e.dev_major, 0xfe);
	cr_assert_eq(e.dev_minor, 0);
	cr_assert_eq(e.inode, 247134);
	expect_path("/usr/bin/cat");
	cr_assert(!e.deleted);
	cr_assert_eq(e.kind, MAP_KIND_FILE);
}

Test(maps, anon_with_and_without_trailing_space)
{
	cr_assert_eq(parse("7f6dece17000-7f6dece39000 rw-p 00000000 00:00 0 "),
		     0);
	expect_path(NULL);
	cr_assert_eq(e.kind, MAP_KIND_ANON);
	cr_assert_eq(parse("7f6dece17000-7f6dece39000 rw-p 00000000 00:00 0"),
		     0);
	cr_assert_eq(e.kind, MAP_KIND_ANON);
	cr_assert_eq(parse("1-2 ---p 0 0:0 0" PAD "\t  \n"), 0);
	cr_assert_eq(e.kind, MAP_KIND_ANON);
}

Test(maps, pseudo_paths)
{
	static const struct {
		const char *path;
		enum map_kind kind;
	} cases[] = {
		{"[heap]", MAP_KIND_HEAP},
		{"[stack]", MAP_KIND_STACK},
		{"[stack:1234]", MAP_KIND_STACK},
		{"[stack:]", MAP_KIND_OTHER},
		{"[stack:12a]", MAP_KIND_OTHER},
		{"[vdso]", MAP_KIND_VDSO},
		{"[vvar]", MAP_KIND_VDSO},
		{"[vvar_vclock]", MAP_KIND_VDSO},
		{"[vsyscall]", MAP_KIND_VDSO},
		{"[uprobes]", MAP_KIND_OTHER},
		{"[anon:libc malloc]", MAP_KIND_OTHER},
		{"[anon_shmem:x (deleted)]", MAP_KIND_OTHER},
		{"[]", MAP_KIND_OTHER},
		{"[", MAP_KIND_FILE},
	};
	char line[128];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(line, sizeof(line), "1000-2000 rw-p 0 00:00 0 %s",
			 cases[i].path);
		cr_assert_eq(parse(line), 0, "%s", line);
		expect_path(cases[i].path);
		cr_assert_eq(e.kind, cases[i].kind, "%s: %s", cases[i].path,
			     map_kind_name(e.kind));
		cr_assert(!e.deleted);
	}
}

Test(maps, vsyscall_top_of_address_space)
{
	cr_assert_eq(parse("ffffffffff600000-ffffffffff601000 --xp 00000000 "
			   "00:00 0                  [vsyscall]"),
		     0);
	cr_assert_eq(e.start, 0xffffffffff600000ULL);
	cr_assert_str_eq(e.perms, "--xp");
	cr_assert_eq(e.kind, MAP_KIND_VDSO);
}

Test(maps, memfd_and_deleted)
{
	cr_assert_eq(parse("7fe3ecdbc000-7fe3ecdbd000 rw-s 00000000 00:01 "
			   "1026" PAD "/memfd:payload (deleted)"),
		     0);
	expect_path("/memfd:payload");
	cr_assert(e.deleted);
	cr_assert_eq(e.kind, MAP_KIND_MEMFD);
	cr_assert_str_eq(e.perms, "rw-s");

	/* A live file called "/memfd:x" is a file in /, not a memfd. */
	cr_assert_eq(parse("1-2 r--p 0 fe:00 7 /memfd:x"), 0);
	cr_assert_eq(e.kind, MAP_KIND_FILE);

	cr_assert_eq(parse("1-2 r--p 0 fe:00 7 /tmp/x (deleted)"), 0);
	expect_path("/tmp/x");
	cr_assert(e.deleted);
	cr_assert_eq(e.kind, MAP_KIND_DELETED);

	/* Only one suffix is stripped: the file was named "a (deleted)". */
	cr_assert_eq(parse("1-2 r--p 0 fe:00 7 /a (deleted) (deleted)"), 0);
	expect_path("/a (deleted)");
	cr_assert_eq(e.kind, MAP_KIND_DELETED);

	/* The padding eats the space: "(deleted)" alone is a name. */
	cr_assert_eq(parse("1-2 r--p 0 fe:00 7 (deleted)"), 0);
	expect_path("(deleted)");
	cr_assert_eq(e.kind, MAP_KIND_FILE);
}

Test(maps, path_with_spaces_escapes_and_bad_utf8)
{
	cr_assert_eq(parse("7fe3ecdbb000-7fe3ecdbc000 rw-s 00000000 fe:00 "
			   "10954846" PAD
			   "/tmp/fdsamp/del me\\012nl (deleted)"),
		     0);
	expect_path("/tmp/fdsamp/del me\\012nl");
	cr_assert_eq(e.kind, MAP_KIND_DELETED);

	cr_assert_eq(parse("1-2 r--p 0 fe:00 7 /x/a  b\tc  "), 0);
	expect_path("/x/a  b\tc  ");
	cr_assert_eq(parse("1-2 r--p 0 fe:00 7 /x/\xff\xfe\xc3(\x1b[2J\r"), 0);
	expect_path("/x/\xff\xfe\xc3(\x1b[2J\r");
}

Test(maps, newline_and_nul)
{
	cr_assert_eq(parse("1-2 r--p 0 fe:00 7 /a\n"), 0);
	expect_path("/a");
	cr_assert_eq(parse("1-2 r--p 0 fe:00 7 /a\n\n"), -EINVAL);
	cr_assert_eq(parse("1-2 r--p 0 fe:00 7 /a\nb"), -EINVAL);

	static const char nul_path[] = "1-2 r--p 0 fe:00 7 /a\0b";
	cr_assert_eq(parse_n(nul_path, sizeof(nul_path) - 1), -EINVAL);
	static const char nul_field[] = "1-2 r-\0p 0 fe:00 7 /a";
	cr_assert_eq(parse_n(nul_field, sizeof(nul_field) - 1), -EINVAL);
	cr_assert_eq(e.path, NULL); /* cleared on failure */
}

Test(maps, hex_limits)
{
	cr_assert_eq(parse("ffffffffffffffff-FFFFFFFFFFFFFFFF rw-p "
			   "ffffffffffffffff ffffffff:ffffffff 0"),
		     0);
	cr_assert_eq(e.start, UINT64_MAX);
	cr_assert_eq(e.end, UINT64_MAX);
	cr_assert_eq(e.offset, UINT64_MAX);
	cr_assert_eq(e.dev_major, 0xffffffffU);
	/* The check is on the value: leading zeros do not overflow. */
	cr_assert_eq(parse("00000000000000001-2 rw-p 0 0:0 0"), 0);
	cr_assert_eq(e.start, 1);

	cr_assert_eq(parse("10000000000000000-2 rw-p 0 0:0 0"), -EINVAL);
	cr_assert_eq(parse("1-1ffffffffffffffff rw-p 0 0:0 0"), -EINVAL);
	cr_assert_eq(parse("1-2 rw-p 10000000000000000 0:0 0"), -EINVAL);
	cr_assert_eq(parse("1-2 rw-p 0 100000000:0 0"), -EINVAL);
	cr_assert_eq(parse("1-2 rw-p 0 0:100000000 0"), -EINVAL);
	cr_assert_eq(parse("1-2 rw-p 0 0:0 18446744073709551615"), 0);
	cr_assert_eq(e.inode, UINT64_MAX);
	cr_assert_eq(parse("1-2 rw-p 0 0:0 18446744073709551616"), -EINVAL);
}

Test(maps, malformed_fields)
{
	static const char *const bad[] = {
		"",
		"\n",
		" 1-2 rw-p 0 0:0 0",
		"1 2 rw-p 0 0:0 0",
		"1-2 rw-p 0 0:0",
		"1-2 rw-p 0 0:0 ",
		"1-2 rw-p 0 0 0",
		"1-2 rwp 0 0:0 0",
		"1-2 rw-pp 0 0:0 0",
		"1-2 rwzp 0 0:0 0",
		"1-2 rw-x 0 0:0 0",
		"1-2  rw-p 0 0:0 0",
		"1-2 rw-p -1 0:0 0",
		"1-2 rw-p 0 0:0 -1",
		"1-2 rw-p 0 0:0 0x1",
		"1-2 rw-p 0 0:0 12/bin/sh",
		"g-2 rw-p 0 0:0 0",
		"-2 rw-p 0 0:0 0",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(parse(bad[i]), -EINVAL, "accepted \"%s\"", bad[i]);
}

/* Every cut of a real line fails until the inode has a digit, then parses
 * (a cut inside the inode cannot be seen: "24713" is an inode too);
 * the heap's allocation is exactly len bytes, so ASan sees any over-read. */
Test(maps, every_prefix)
{
	const char *line = "562baae2e000-562baae33000 r-xp 00002000 fe:00 "
			   "247134" PAD "/usr/bin/cat";
	size_t n = strlen(line), i,
	       inode_at = strlen("562baae2e000-562baae33000 r-xp 00002000 "
				 "fe:00 ");

	for (i = 0; i <= n; i++) {
		char *cut = malloc(i ? i : 1);
		memcpy(cut, line, i);
		cr_assert_eq(parse_n(cut, i), i > inode_at ? 0 : -EINVAL,
			     "cut at %zu", i);
		free(cut);
	}
}

Test(maps, long_lines_are_linear)
{
	size_t n = 100 * 1024;
	char *big = malloc(n);
	const char *head = "1-2 r--p 0 fe:00 7 /";

	memset(big, 'a', n);
	memcpy(big, head, strlen(head));
	cr_assert_eq(parse_n(big, n), 0);
	cr_assert_eq(e.path_len, n - strlen(head) + 1);
	cr_assert_eq(e.path, big + strlen(head) - 1);

	memset(big, 'f', n); /* 100 KB of hex digits overflows at once */
	cr_assert_eq(parse_n(big, n), -EINVAL);
	memset(big, ' ', n);
	cr_assert_eq(parse_n(big, n), -EINVAL);
	free(big);
}

struct tally {
	size_t n, kinds[MAP_KIND_OTHER + 1];
	int stop_at;
};

static int count(const struct map_entry *me, void *arg)
{
	struct tally *t = arg;

	t->kinds[me->kind]++;
	return ++t->n == (size_t)t->stop_at ? 42 : 0;
}

Test(maps, each_real_file)
{
	struct tally t = {0};
	size_t bad = 99;

	cr_assert_eq(proc_maps_each(real_maps, sizeof(real_maps) - 1, count, &t,
				    &bad),
		     0);
	cr_assert_eq(bad, 0);
	cr_assert_eq(t.n, 13);
	cr_assert_eq(t.kinds[MAP_KIND_FILE], 4);
	cr_assert_eq(t.kinds[MAP_KIND_ANON], 1);
	cr_assert_eq(t.kinds[MAP_KIND_HEAP], 1);
	cr_assert_eq(t.kinds[MAP_KIND_STACK], 1);
	cr_assert_eq(t.kinds[MAP_KIND_VDSO], 4);
	cr_assert_eq(t.kinds[MAP_KIND_MEMFD], 1);
	cr_assert_eq(t.kinds[MAP_KIND_DELETED], 1);
}

Test(maps, each_counts_bad_and_stops)
{
	static const char text[] = "junk\n1-2 r--p 0 0:0 0\n\n\0\n"
				   "3-4 r--p 0 0:0 0 /x"; /* no final newline */
	struct tally t = {0};
	size_t bad;

	cr_assert_eq(proc_maps_each(text, sizeof(text) - 1, count, &t, &bad),
		     0);
	cr_assert_eq(t.n, 2);
	cr_assert_eq(bad, 3);

	struct tally s = {.stop_at = 1};
	cr_assert_eq(proc_maps_each(text, sizeof(text) - 1, count, &s, NULL),
		     42);
	cr_assert_eq(s.n, 1);
	cr_assert_eq(proc_maps_each("", 0, count, &s, &bad), 0);
	cr_assert_eq(bad, 0);
}

Test(maps, kind_names)
{
	cr_assert_str_eq(map_kind_name(MAP_KIND_FILE), "file");
	cr_assert_str_eq(map_kind_name(MAP_KIND_ANON), "anon");
	cr_assert_str_eq(map_kind_name(MAP_KIND_HEAP), "heap");
	cr_assert_str_eq(map_kind_name(MAP_KIND_STACK), "stack");
	cr_assert_str_eq(map_kind_name(MAP_KIND_VDSO), "vdso");
	cr_assert_str_eq(map_kind_name(MAP_KIND_MEMFD), "memfd");
	cr_assert_str_eq(map_kind_name(MAP_KIND_DELETED), "deleted");
	cr_assert_str_eq(map_kind_name(MAP_KIND_OTHER), "other");
}
