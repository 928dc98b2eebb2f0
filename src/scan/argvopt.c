/* STUB until the real module lands (helper branch h-argvopt). */
#include "scan/argvopt.h"

#include <string.h>

size_t argvopt_walk(char *const *argv, size_t argc,
		    int (*fn)(const struct argv_pair *p, void *arg), void *arg)
{
	size_t i, n = 0;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *eq;
		struct argv_pair p = {.form = ARGV_LONG_EQ, .arg = i};
		if (strncmp(a, "--", 2) || !(eq = strchr(a, '=')))
			continue;
		p.name_len = (size_t)(eq - a - 2) < ARGV_NAME_MAX - 1
				     ? (size_t)(eq - a - 2)
				     : ARGV_NAME_MAX - 1;
		for (size_t k = 0; k < p.name_len; k++) {
			char c = a[2 + k];
			p.name[k] = c == '-'		     ? '_'
				    : (c >= 'a' && c <= 'z') ? (char)(c - 32)
							     : c;
		}
		p.value = eq + 1;
		p.value_len = strlen(eq + 1);
		n++;
		if (fn(&p, arg))
			break;
	}
	return n;
}

bool argvopt_name_secret(const char *name, size_t len)
{
	(void)name;
	(void)len;
	return false;
}
