/* etcd/locate.c's pure parts (is it etcd, where is its data directory)
 * and util/u64set.c. The /proc side is tested end to end against a real
 * etcd in tests/e2e/test_etcd.c. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "etcd/locate.h"
#include "util/u64set.h"

Test(locate, is_etcd)
{
	cr_assert(etcd_is_etcd("etcd", NULL));
	cr_assert(etcd_is_etcd("x", "/usr/bin/etcd"));
	cr_assert(etcd_is_etcd(NULL, "/usr/local/bin/etcd (deleted)"));
	cr_assert_not(etcd_is_etcd("etcdctl", "/usr/bin/etcdctl"));
	cr_assert_not(etcd_is_etcd("etcd-", "/opt/etcd/bin/etcd-backup"));
	cr_assert_not(etcd_is_etcd(NULL, NULL));
}

static void check_dir(char *const *argv, const char *env, size_t len,
		      const char *want)
{
	char *d = etcd_data_dir(argv, env, len);
	if (!want)
		cr_assert_null(d, "got '%s'", d);
	else
		cr_assert_str_eq(d ? d : "(null)", want);
	free(d);
}

Test(locate, data_dir_argv)
{
	const char *a1[] = {"etcd", "--name", "x", "--data-dir=/var/lib/etcd",
			    NULL};
	const char *a2[] = {"etcd", "--data-dir", "/d 2", NULL};
	const char *a3[] = {"etcd", "-data-dir=/single", NULL};
	const char *a4[] = {"etcd", "--data-dir", NULL}; /* no value */
	const char *a5[] = {"etcd", "--wal-dir=/w", NULL};
	check_dir((char *const *)a1, NULL, 0, "/var/lib/etcd");
	check_dir((char *const *)a2, NULL, 0, "/d 2");
	check_dir((char *const *)a3, NULL, 0, "/single");
	check_dir((char *const *)a4, NULL, 0, NULL);
	check_dir((char *const *)a5, NULL, 0, NULL);
}

Test(locate, data_dir_environ)
{
	static const char env[] = "PATH=/bin\0ETCD_NAME=x\0"
				  "ETCD_DATA_DIR=/var/lib/etcd/default\0";
	static const char unterminated[] = {'E', 'T', 'C', 'D', '_', 'D',
					    'A', 'T', 'A', '_', 'D', 'I',
					    'R', '=', '/', 'x'};
	check_dir(NULL, env, sizeof(env) - 1, "/var/lib/etcd/default");
	check_dir(NULL, unterminated, sizeof(unterminated), "/x");
	check_dir(NULL, "ETCD_DATA_DIR=", 14, NULL);
	check_dir(NULL, "", 0, NULL);
}

Test(u64set, add_has_grow)
{
	struct u64set s;
	uint64_t i;
	u64set_init(&s);
	cr_assert_not(u64set_has(&s, 5));
	cr_assert(u64set_add(&s, 0));
	cr_assert_not(u64set_add(&s, 0));
	cr_assert(u64set_has(&s, 0));
	for (i = 1; i <= 10000; i++)
		cr_assert(u64set_add(&s, i * 7));
	for (i = 1; i <= 10000; i++) {
		cr_assert(u64set_has(&s, i * 7));
		cr_assert_not(u64set_add(&s, i * 7));
		cr_assert_not(u64set_has(&s, i * 7 + 1));
	}
	cr_assert_eq(s.n, 10000);
	u64set_release(&s);
}

Test(u64set, hash)
{
	/* FNV-1a 64 test vectors. */
	cr_assert_eq(u64_hash(U64_HASH_INIT, "", 0), 0xcbf29ce484222325ull);
	cr_assert_eq(u64_hash(U64_HASH_INIT, "a", 1), 0xaf63dc4c8601ec8cull);
	cr_assert_eq(u64_hash(U64_HASH_INIT, "foobar", 6),
		     0x85944171f73967e8ull);
}
