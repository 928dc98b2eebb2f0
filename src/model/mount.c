/* Releasing mount entries (the model of one mountinfo line). */
#include "model/mount.h"

#include <stdlib.h>
#include <string.h>

void mount_entry_release(struct mount_entry *e)
{
	if (!e)
		return;
	free(e->root);
	free(e->mount_point);
	free(e->options);
	free(e->optional);
	free(e->fstype);
	free(e->source);
	free(e->super_options);
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
