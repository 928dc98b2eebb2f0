/* libFuzzer: the maps parser stays inside its buffer, every entry it hands
 * out is self-consistent, and each line is either parsed or counted bad. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proc/maps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct walk {
	const char *buf;
	size_t size, good;
};

static void check(const struct map_entry *e, const char *buf, size_t size)
{
	static const char del[] = " (deleted)";

	if (strlen(e->perms) != 4 || !strchr("r-", e->perms[0]) ||
	    !strchr("w-", e->perms[1]) || !strchr("x-", e->perms[2]) ||
	    !strchr("sp", e->perms[3]))
		abort();
	if ((e->path == NULL) != (e->path_len == 0) ||
	    (e->kind == MAP_KIND_ANON) != (e->path == NULL))
		abort();
	if (e->kind > MAP_KIND_OTHER || !map_kind_name(e->kind))
		abort();
	if (!e->path)
		return;
	if (e->path < buf || e->path_len > size ||
	    e->path + e->path_len > buf + size)
		abort();
	if (memchr(e->path, '\n', e->path_len) ||
	    memchr(e->path, '\0', e->path_len))
		abort();
	if (e->deleted !=
	    (e->kind == MAP_KIND_DELETED || e->kind == MAP_KIND_MEMFD))
		abort();
	/* The suffix was cut off, so it must follow the path in the buffer. */
	if (e->deleted &&
	    ((size_t)(buf + size - (e->path + e->path_len)) < sizeof(del) - 1 ||
	     memcmp(e->path + e->path_len, del, sizeof(del) - 1)))
		abort();
}

static int visit(const struct map_entry *e, void *arg)
{
	struct walk *w = arg;

	check(e, w->buf, w->size);
	w->good++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;
	struct walk w = {b, size, 0};
	struct map_entry e;
	size_t bad = 0, lines = 0, i;

	if (proc_maps_parse_line(b, size, &e) == 0)
		check(&e, b, size);
	if (proc_maps_each(b, size, visit, &w, &bad) != 0)
		abort();
	for (i = 0; i < size; i++)
		if (b[i] == '\n')
			lines++;
	if (size && b[size - 1] != '\n')
		lines++;
	if (w.good + bad != lines)
		abort();
	return 0;
}
