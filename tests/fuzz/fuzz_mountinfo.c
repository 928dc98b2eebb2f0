/* libFuzzer target for proc/mountinfo: the whole-file parser and the line
 * parser on arbitrary bytes, checking what callers rely on. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proc/mountinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static size_t count_lines(const char *buf, size_t len)
{
	size_t lines = 1;

	for (size_t i = 0; i < len; i++)
		lines += buf[i] == '\n' || buf[i] == '\0';
	return lines;
}

/* Every string is set, no longer than the input (decoding only shrinks),
 * and the undecoded ones hold no line break. */
static void check_entry(const struct mount_entry *e, size_t size)
{
	const char *all[] = {e->root,	      e->mount_point, e->options,
			     e->optional,     e->fstype,      e->source,
			     e->super_options};

	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
		check(all[i] && strlen(all[i]) <= size);
	check(e->id >= 0 && e->parent_id >= 0);
	check(e->root[0] && e->mount_point[0] && e->options[0] && e->fstype[0]);
	check(!strchr(e->options, '\n') && !strchr(e->optional, '\n') &&
	      !strchr(e->super_options, '\n'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct mount_entry *v, one;
	size_t n, bad;
	int rc;

	proc_mountinfo_parse(buf, size, &v, &n, &bad);
	check(n + bad <= count_lines(buf, size));
	check(n == 0 || v != NULL);
	for (size_t i = 0; i < n; i++)
		check_entry(&v[i], size);
	mount_entries_free(v, n);

	rc = proc_mountinfo_parse_line(buf, size, &one);
	check(rc == 0 || rc == -EINVAL);
	if (rc == 0)
		check_entry(&one, size);
	else
		check(one.root == NULL && one.super_options == NULL);
	mount_entry_release(&one);
	return 0;
}
