/* Releasing mount entries (the model of one mountinfo line). */
#include "model/mount.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* What an entry owns: its strings. */
#define MS(f) offsetof(struct mount_entry, f)
static const size_t mount_strings[] = {
	MS(root),   MS(mount_point), MS(options),	MS(optional),
	MS(fstype), MS(source),	     MS(super_options),
};

void mount_entry_release(struct mount_entry *e)
{
	if (!e)
		return;
	free_fields(e, mount_strings,
		    sizeof(mount_strings) / sizeof(mount_strings[0]));
	memset(e, 0, sizeof(*e));
}

void mount_entries_free(struct mount_entry *e, size_t n)
{
	if (!e)
		return;
	for (size_t i = 0; i < n; i++)
		mount_entry_release(&e[i]);
	free(e);
}
