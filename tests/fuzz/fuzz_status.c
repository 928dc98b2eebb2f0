/* libFuzzer: the status parser stays inside its buffer and every field it
 * sets is within the range its header promises. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proc/status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_status st;
	size_t n;

	proc_status_parse((const char *)data, size, &st);
	if (st.ngroups > STATUS_MAX_GROUPS ||
	    (st.groups_truncated && st.ngroups != STATUS_MAX_GROUPS) ||
	    (!st.has_ids && st.ngroups))
		abort();
	n = strnlen(st.umask, sizeof(st.umask));
	if (n == sizeof(st.umask) || strspn(st.umask, "01234567") != n)
		abort();
	if (st.has_no_new_privs && (st.no_new_privs < 0 || st.no_new_privs > 1))
		abort();
	if (st.has_seccomp && (st.seccomp < 0 || st.seccomp > 2))
		abort();
	if (st.seccomp_filters < -1 || st.tracer_pid < 0 || st.ppid < 0 ||
	    st.threads < 0)
		abort();
	if (size && proc_cap_name(data[0]) &&
	    strncmp(proc_cap_name(data[0]), "cap_", 4))
		abort();
	return 0;
}
