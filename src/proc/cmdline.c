/* cmdline: NUL-separated argv, exactly as the kernel hands it out. */
#include "proc/cmdline.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void proc_cmdline_parse(const char *buf, size_t len, char ***argv, size_t *argc)
{
	size_t n = 0, i, start = 0, k = 0;
	char **v;
	for (i = 0; i < len; i++)
		if (buf[i] == '\0')
			n++;
	if (len && buf[len - 1] != '\0')
		n++;
	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i <= len && k < n; i++) {
		if (i == len || buf[i] == '\0') {
			v[k++] = xmemdup0(buf + start, i - start);
			start = i + 1;
		}
	}
	*argv = v;
	*argc = k;
}
