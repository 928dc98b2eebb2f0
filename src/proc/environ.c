/* environ: the initial environment from execve, NUL-separated. */
#include "proc/environ.h"

#include <string.h>

#include "util/xalloc.h"

void proc_environ_parse(const char *buf, size_t len, struct env_var **vars,
			size_t *n)
{
	size_t i = 0, k = 0, alloc = 0;
	struct env_var *v = NULL;
	while (i < len) {
		const char *s = buf + i, *end = memchr(s, '\0', len - i);
		size_t slen = end ? (size_t)(end - s) : len - i;
		const char *eq = memchr(s, '=', slen);
		i += slen + 1;
		if (!slen)
			continue;
		v = xgrow(v, &alloc, k + 1, sizeof(*v));
		v[k].name = s;
		v[k].name_len = eq ? (size_t)(eq - s) : slen;
		v[k].value = eq ? eq + 1 : NULL;
		v[k].value_len = eq ? slen - (size_t)(eq - s) - 1 : 0;
		k++;
	}
	*vars = v;
	*n = k;
}
