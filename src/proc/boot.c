/* Boot time from /proc/stat, the same source ps uses for STARTED, and
 * uptime from /proc/uptime, which ps uses for ELAPSED. */
#include "proc/boot.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

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

int proc_uptime_parse(const char *buf, size_t len, unsigned long long *cs)
{
	unsigned long long secs = 0, frac = 0;
	size_t i = 0, digits = 0, fdigits = 0;
	/* About 3 million years of uptime: no product below wraps. */
	for (; i < len && buf[i] >= '0' && buf[i] <= '9'; i++, digits++) {
		if (secs > 100000000000000ULL)
			return -EINVAL;
		secs = secs * 10 + (unsigned)(buf[i] - '0');
	}
	if (!digits)
		return -EINVAL;
	if (i < len && buf[i] == '.')
		for (i++; i < len && buf[i] >= '0' && buf[i] <= '9'; i++)
			if (fdigits++ < 2)
				frac = frac * 10 + (unsigned)(buf[i] - '0');
	if (fdigits == 1)
		frac *= 10;
	if (i < len && buf[i] != ' ' && buf[i] != '\n')
		return -EINVAL;
	*cs = secs * 100 + frac;
	return 0;
}

int proc_uptime(int root_fd, unsigned long long *cs)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = proc_read_file(root_fd, "uptime", 256, &sb, NULL);
	if (!ret)
		ret = proc_uptime_parse(sb.buf, sb.len, cs);
	strbuf_release(&sb);
	return ret;
}

long long proc_age_seconds(unsigned long long start_ticks,
			   unsigned long long uptime_cs, long hz)
{
	unsigned long long start_cs;
	/* In hundredths, so that a tick rate other than 100 rounds the
	 * same way ps does (whole seconds, down). */
	start_cs = start_ticks / (unsigned long long)hz * 100 +
		   start_ticks % (unsigned long long)hz * 100 /
			   (unsigned long long)hz;
	if (start_cs >= uptime_cs)
		return 0;
	return (long long)((uptime_cs - start_cs) / 100);
}

void proc_clock(long *hz, long *page_kib)
{
	*hz = sysconf(_SC_CLK_TCK);
	*page_kib = sysconf(_SC_PAGESIZE) / 1024;
	if (*hz <= 0)
		*hz = 100;
	if (*page_kib <= 0)
		*page_kib = 4;
}
