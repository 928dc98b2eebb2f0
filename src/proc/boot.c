/* Boot time from /proc/stat, the same source ps uses for STARTED. */
#include "proc/boot.h"

#include <errno.h>
#include <string.h>

#include "proc/pidfile.h"
#include "util/strbuf.h"

int proc_btime_parse(const char *buf, size_t len, time_t *out)
{
	static const char key[] = "btime ";
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len;
		if (end - i > sizeof(key) - 1 &&
		    memcmp(buf + i, key, sizeof(key) - 1) == 0) {
			long long v = 0;
			size_t j = i + sizeof(key) - 1;
			if (j >= end)
				return -EINVAL;
			for (; j < end; j++) {
				if (buf[j] < '0' || buf[j] > '9' ||
				    v > 1000000000000LL)
					return -EINVAL;
				v = v * 10 + (buf[j] - '0');
			}
			*out = (time_t)v;
			return 0;
		}
		i = end + 1;
	}
	return -EINVAL;
}

int proc_boot_time(int root_fd, time_t *out)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = proc_read_file(root_fd, "stat", 1 << 20, &sb, NULL);
	if (!ret)
		ret = proc_btime_parse(sb.buf, sb.len, out);
	strbuf_release(&sb);
	return ret;
}
