/* The show dossier: names and release. */
#include "model/dossier.h"

#include <stdlib.h>
#include <string.h>

void dossier_release(struct dossier *d)
{
	free(d->chain);
	free(d->cwd);
	free(d->root);
	free(d->root_mount_options);
	free(d->root_mount_fstype);
	memset(d, 0, sizeof(*d));
}
