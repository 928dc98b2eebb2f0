/* libFuzzer: the parsers of a snapshot's own files (a snapshot is input:
 * anyone may hand one over): FDS_STAT_FILE and PROC_NAMES_FILE. Entries
 * are sorted and found again; names are short and never hold a blank. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proc/fds.h"
#include "proc/pidsown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdstat_tab t;
	struct proc_names nm;
	size_t i;

	proc_fdstat_parse((const char *)data, size, &t);
	for (i = 0; i < t.n; i++) {
		if (i && t.v[i - 1].fd > t.v[i].fd)
			abort();
		if (!proc_fdstat_find(&t, t.v[i].fd))
			abort();
	}
	free(t.v);

	proc_names_parse(&nm, (const char *)data, size);
	for (i = 0; i < nm.n; i++) {
		char *n = proc_names_get(&nm, nm.v[i].kind, nm.v[i].id);
		if (nm.v[i].kind != 'u' && nm.v[i].kind != 'g')
			abort();
		if (strlen(nm.v[i].name) > 63 || strpbrk(nm.v[i].name, " \n"))
			abort();
		free(n);
	}
	proc_names_release(&nm);
	return 0;
}
