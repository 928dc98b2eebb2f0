/* libFuzzer: loading a snapshot archive from arbitrary bytes (through a
 * memfd) fails with a one-line reason or gives a tree whose proc is a
 * directory; never a crash, a leak or a file outside the private tree. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc/snapfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Small caps: a bomb costs milliseconds, not the fuzzer's memory. */
	const struct snapfile_limits lim = {
		.member_max = 1 << 20,
		.etcd_member_max = 4 << 20,
		.total_max = 16 << 20,
		.members_max = 4096,
		.manifest_max = 1 << 20,
	};
	struct strbuf why = STRBUF_INIT;
	struct snapfile *s;
	struct stat st;
	int fd = memfd_create("fuzz_snapfile", MFD_CLOEXEC), r;

	if (fd < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	r = snapfile_load_fd(fd, &lim, &s, &why);
	if (r == 0) {
		if (!s || !snapfile_manifest(s) ||
		    fstat(snapfile_proc_fd(s), &st) < 0 || !S_ISDIR(st.st_mode))
			abort();
		snapfile_free(s);
	} else if (r > 0 || s || why.len == 0 ||
		   memchr(why.buf, '\n', why.len)) {
		abort();
	}
	strbuf_release(&why);
	close(fd);
	return 0;
}
