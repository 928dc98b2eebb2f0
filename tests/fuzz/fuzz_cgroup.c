/* libFuzzer target for proc/cgroup: cgroup_attribute() on arbitrary bytes,
 * checking the invariants callers rely on. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proc/cgroup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static int is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct container_info ci, zero;
	size_t idn, uidn;
	int rc;

	memset(&ci, 0x5a, sizeof(ci));
	memset(&zero, 0, sizeof(zero));
	rc = cgroup_attribute(buf, size, &ci);
	check(rc == 0 || rc == -EINVAL);
	if (rc == -EINVAL) {
		check(memcmp(&ci, &zero, sizeof(ci)) == 0);
		return 0;
	}

	idn = strnlen(ci.id, sizeof(ci.id));
	check(idn <= CONTAINER_ID_MAX);
	for (size_t i = 0; i < idn; i++)
		check(is_lower_hex(ci.id[i]));
	check((idn == 0) == (ci.runtime == RUNTIME_NONE));
	check(ci.runtime >= RUNTIME_NONE && ci.runtime <= RUNTIME_UNKNOWN);
	check((container_runtime_name(ci.runtime) == NULL) == (idn == 0));

	uidn = strnlen(ci.pod_uid, sizeof(ci.pod_uid));
	check(uidn == 0 || uidn == POD_UID_LEN);
	for (size_t i = 0; i < uidn; i++) {
		int sep = i == 8 || i == 13 || i == 18 || i == 23;

		check(sep ? ci.pod_uid[i] == '-' : is_lower_hex(ci.pod_uid[i]));
	}
	/* a pod UID implies a pod; a pod need not have a UUID (static pods) */
	check(uidn == 0 || ci.qos != QOS_NONE);
	check(ci.qos >= QOS_NONE && ci.qos <= QOS_BESTEFFORT);

	check(ci.path != NULL && ci.path_len > 0);
	check(ci.path >= buf && ci.path_len <= size &&
	      (size_t)(ci.path - buf) <= size - ci.path_len);
	check(ci.path[0] == '/');
	check(memchr(ci.path, '\n', ci.path_len) == NULL);
	check(memchr(ci.path, '\0', ci.path_len) == NULL);
	return 0;
}
