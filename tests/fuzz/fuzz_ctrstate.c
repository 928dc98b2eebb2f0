/* libFuzzer target for proc/ctrstate and the argv side of proc/ctrnames:
 * the first byte picks the OCI, Docker or argv parser; the rest is the
 * state file, or a NUL-separated argv (comm first). Checks what callers
 * rely on: 0 with a name, else everything NULL; names NUL-free and
 * capped; sources with a valid id and an owned dir. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/proc.h"
#include "proc/cmdline.h"
#include "proc/ctrnames.h"
#include "proc/ctrstate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void check_str(const char *s)
{
	if (s)
		check(*s && strlen(s) <= CTRSTATE_NAME_MAX);
}

static void state(const char *buf, size_t len, int docker)
{
	struct container_names n;
	int rc = docker ? ctrstate_parse_docker(buf, len, &n)
			: ctrstate_parse_oci(buf, len, &n);
	check(rc == 0 || rc == -ENOENT || rc == -EINVAL);
	if (rc) {
		check(!n.name && !n.image && !n.pod_name && !n.pod_namespace &&
		      !n.pod_uid && !n.source);
		return;
	}
	check(container_names_known(&n) && n.source);
	check_str(n.name);
	check_str(n.image);
	check_str(n.pod_name);
	check_str(n.pod_namespace);
	check_str(n.pod_uid);
	container_names_release(&n);
}

static void sources(const char *buf, size_t len)
{
	struct ctrnames_source s[CTRNAMES_PER_PROC];
	char **argv;
	size_t argc, n, i;
	proc_cmdline_parse(buf, len, &argv, &argc);
	n = ctrnames_sources(argc ? argv[0] : NULL, argv, argc,
			     argc > 1 ? argv[argc - 1] : NULL, s);
	check(n <= CTRNAMES_PER_PROC);
	for (i = 0; i < n; i++) {
		check(s[i].dir != NULL);
		if (s[i].kind == CTRNAMES_BUNDLE)
			check(s[i].id[0] &&
			      strspn(s[i].id, "0123456789abcdef") ==
				      strlen(s[i].id));
		ctrnames_source_release(&s[i]);
	}
	proc_argv_free(argv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data + 1;
	if (!size)
		return 0;
	switch (data[0] % 3) {
	case 0:
		state(buf, size - 1, 0);
		break;
	case 1:
		state(buf, size - 1, 1);
		break;
	default:
		sources(buf, size - 1);
		break;
	}
	return 0;
}
