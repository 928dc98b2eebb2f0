/* libFuzzer: the whole etcd audit on a whole database file (the input, in
 * a memfd): bbolt walk, mvcc and Kubernetes decoding, the etcd judge's
 * value callback (the built-in rules and nested pairs) on every value,
 * states, carving, findings; then the same bytes as a
 * WAL. Any result code is fine; a crash, a hang or a leak is not, and
 * every row and finding must be complete. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "etcd/audit.h"
#include "etcd/bbolt.h"
#include "scan/builtin.h"
#include "scan/judge_etcd.h"
#include "scan/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Loaded once: compiling the rules is the slow part, and the set is
 * read-only afterwards. */
static struct ruleset rules;
static struct redactor red;
static struct judge_ctx jc;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];
	(void)argc;
	(void)argv;
	ruleset_init(&rules);
	if (ruleset_load(&rules, builtin_rules_yaml, builtin_rules_yaml_len,
			 "builtin", err, sizeof(err)))
		abort();
	ruleset_finish(&rules);
	if (redactor_init_hex(&red, "00112233445566778899aabbccddeeff", false))
		abort();
	jc = (struct judge_ctx){.rules = &rules, .red = &red};
	return 0;
}

static void check(const struct etcd_report *rep)
{
	size_t i;
	for (i = 0; i < rep->nrows; i++)
		if (!rep->rows[i].key ||
		    (unsigned)rep->rows[i].state > ETCD_RECOVERED)
			abort();
	for (i = 0; i < rep->findings.n; i++) {
		const struct finding *f = &rep->findings.f[i];
		if (!f->rule || !f->where || !f->evidence || !f->message ||
		    !f->has_fingerprint ||
		    strlen(f->fingerprint) != FINGERPRINT_LEN)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct etcd_audit_opts o = {
		.on_value = judge_etcd_value,
		.arg = &jc,
		.red = &red,
		.carve = true,
		.all_resources = true,
	};
	struct etcd_report rep;
	char err[BOLT_ERR_LEN], name[] = "fuzz.wal", *path = name;
	int fd = memfd_create("fuzz_etcd", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size)
		goto out;
	etcd_report_init(&rep);
	if (!etcd_audit_db(fd, &o, &rep, err, sizeof(err))) {
		etcd_report_sort(&rep);
		check(&rep);
	}
	etcd_audit_wal(&fd, &path, 1, &o, &rep);
	check(&rep);
	etcd_report_release(&rep);
out:
	close(fd);
	return 0;
}
