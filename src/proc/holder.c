/* See holder.h. */
#include "proc/holder.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <stdint.h>
#include <sys/stat.h>

#include "proc/pidfile.h"
#include "proc/status.h"
#include "util/strbuf.h"

bool proc_holder_may_read(int dir_fd, uid_t uid, gid_t gid, mode_t mode)
{
	const uint64_t dac =
		1ull << CAP_DAC_OVERRIDE | 1ull << CAP_DAC_READ_SEARCH;
	struct strbuf sb = STRBUF_INIT;
	struct proc_status s;
	struct stat own, theirs;
	bool ok = false;
	size_t i;
	if (proc_read_file(dir_fd, "status", 64 << 10, &sb, NULL) ||
	    proc_status_parse(sb.buf, sb.len, &s) || !s.has_ids)
		goto out;
	if (s.has_caps && (s.cap_eff & dac) &&
	    !stat("/proc/self/ns/user", &own) &&
	    !fstatat(dir_fd, "ns/user", &theirs, 0) &&
	    own.st_ino == theirs.st_ino && own.st_dev == theirs.st_dev) {
		ok = true;
		goto out;
	}
	if (s.uid[3] == uid) {
		ok = mode & S_IRUSR;
		goto out;
	}
	ok = s.gid[3] == gid;
	for (i = 0; !ok && i < s.ngroups; i++)
		ok = s.groups[i] == gid;
	ok = ok ? (mode & S_IRGRP) != 0 : (mode & S_IROTH) != 0;
out:
	strbuf_release(&sb);
	return ok;
}
