/* environ parser on byte strings. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "proc/environ.h"

static void expect(const struct env_var *v, const char *name, const char *value)
{
	cr_assert_eq(v->name_len, strlen(name));
	cr_assert(!memcmp(v->name, name, v->name_len));
	if (!value) {
		cr_assert_null(v->value);
		return;
	}
	cr_assert_not_null(v->value);
	cr_assert_eq(v->value_len, strlen(value));
	cr_assert(!memcmp(v->value, value, v->value_len));
}

Test(environ, plain)
{
	static const char s[] = "PATH=/bin\0HOME=/root\0";
	struct env_var *v;
	size_t n;
	proc_environ_parse(s, sizeof(s) - 1, &v, &n);
	cr_assert_eq(n, 2);
	expect(&v[0], "PATH", "/bin");
	expect(&v[1], "HOME", "/root");
	free(v);
}

Test(environ, value_with_equals_and_no_trailing_nul)
{
	static const char s[] = "A=b=c\0LAST=x";
	struct env_var *v;
	size_t n;
	proc_environ_parse(s, sizeof(s) - 1, &v, &n);
	cr_assert_eq(n, 2);
	expect(&v[0], "A", "b=c");
	expect(&v[1], "LAST", "x");
	free(v);
}

Test(environ, odd_entries)
{
	static const char s[] = "\0\0NOEQ\0=empty_name\0EMPTY=\0\x1b[2J=\xff\0";
	struct env_var *v;
	size_t n;
	proc_environ_parse(s, sizeof(s) - 1, &v, &n);
	cr_assert_eq(n, 4);
	expect(&v[0], "NOEQ", NULL);
	expect(&v[1], "", "empty_name");
	expect(&v[2], "EMPTY", "");
	expect(&v[3], "\x1b[2J", "\xff");
	free(v);
}

Test(environ, empty)
{
	struct env_var *v;
	size_t n;
	proc_environ_parse("", 0, &v, &n);
	cr_assert_eq(n, 0);
	free(v);
}
