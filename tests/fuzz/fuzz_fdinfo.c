/* libFuzzer: the fdinfo parser keeps extra inside its buffer and reports
 * success only with pos or flags; flag names always fit and end in NUL. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/fd.h"
#include "proc/fdinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_names(unsigned flags, size_t size)
{
	char out[256];

	memset(out, 'Z', sizeof(out));
	fd_flag_names(flags, out, size);
	if (size == 0) {
		if (out[0] != 'Z')
			abort();
		return;
	}
	if (!memchr(out, '\0', size) || memchr(out + size, 'Z', 1) == NULL)
		abort();
	/* Items are whole names: no empty item, no dangling comma. */
	if (out[0] == ',' || strstr(out, ",,") ||
	    (out[0] && out[strlen(out) - 1] == ','))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;
	struct fdinfo fi;
	unsigned flags = 0;
	int ret = proc_fdinfo_parse(b, size, &fi);

	if ((ret == 0) != (fi.has_pos || fi.has_flags))
		abort();
	if ((fi.extra == NULL) != (fi.extra_len == 0))
		abort();
	if (fi.extra && (fi.extra < b || fi.extra_len > size ||
			 fi.extra + fi.extra_len > b + size))
		abort();
	if (fi.has_mnt_id && fi.mnt_id < 0)
		abort();

	if (size >= 4)
		memcpy(&flags, data, sizeof(flags));
	check_names(fi.has_flags ? fi.flags : flags, 255);
	check_names(flags, size % 40);
	return 0;
}
