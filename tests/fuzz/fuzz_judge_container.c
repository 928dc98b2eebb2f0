/* libFuzzer: the container and lineage judges on a snapshot made from
 * hostile strings. The input: 4 bytes that choose the tty, the container,
 * the parent's, the namespaces and a socket on stdio (protocol, state,
 * peer); then, split at NUL, the comm, the parent's comm, the LSM label,
 * /proc/PID/status text, then argv. Every finding must be well formed: the
 * judge's id, a where and a message, no evidence, facts within the cap. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/nstab.h"
#include "model/psnap.h"
#include "proc/net.h"
#include "proc/status.h"
#include "scan/builtin.h"
#include "scan/judge.h"
#include "scan/rules.h"
#include "util/redact.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

#define CID "4f1c9a0b22de4f1c9a0b22de4f1c9a0b22de4f1c9a0b22de4f1c9a0b22de4f1c"

extern const struct judge judge_shell_container;
extern const struct judge judge_pkgmgr;
extern const struct judge judge_unexpected_child;
extern const struct judge judge_privileged;
extern const struct judge judge_stdio_socket;

static const struct judge *const judges[] = {
	&judge_shell_container, &judge_pkgmgr,	     &judge_unexpected_child,
	&judge_privileged,	&judge_stdio_socket,
};

/* Loaded once: read-only afterwards. */
static struct ruleset rules;
static struct redactor red;

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
	return 0;
}

/* The next NUL-terminated piece of [*p, end) (copied), or NULL at end. */
static char *piece(const char **p, const char *end)
{
	const char *nul;
	char *s;
	if (*p >= end)
		return NULL;
	nul = memchr(*p, '\0', (size_t)(end - *p));
	if (!nul)
		nul = end;
	s = xmemdup0(*p, (size_t)(nul - *p));
	*p = nul + (nul < end);
	return s;
}

static void check(const struct judge *j, const struct findings *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		const struct finding *f = &l->f[i];
		CHECK(f->judge && !strcmp(f->judge, j->id));
		CHECK(f->rule && f->where && f->message);
		CHECK(!f->evidence);
		CHECK(f->kind == KIND_INDICATOR);
		CHECK(f->severity >= SEV_INFO && f->severity <= SEV_CRITICAL);
		CHECK(f->nfacts <= FINDING_FACTS_MAX);
		CHECK(f->ntags <= FINDING_TAGS_MAX);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host_ref href = {.ns = {[NS_PID] = 11, [NS_NET] = 12},
				.hz = 100};
	struct judge_ctx jc = {.rules = &rules, .red = &red, .host = &href};
	const char *p = (const char *)data, *end = p + size;
	uint8_t b[4] = {0};
	char *comm, *pcomm, *lsm, *status, *arg;
	struct psnap s;
	size_t i, alloc = 0;
	memcpy(b, data, size < 4 ? size : 4);
	p += size < 4 ? size : 4;
	psnap_init(&s, 300);
	s.loaded = FACETS_ALL;
	comm = piece(&p, end);
	s.proc.comm = xstrndup(comm ? comm : "", 15);
	free(comm);
	s.proc.start_ticks = 1000;
	s.proc.tty_nr = b[0] & 1 ? 34816 : 0;
	s.proc.tty = s.proc.tty_nr ? xstrdup("pts/0") : NULL;
	snprintf(s.proc.container.id, sizeof(s.proc.container.id), "%s",
		 b[0] & 2 ? CID : "");
	pcomm = piece(&p, end);
	s.nkin = 2;
	s.kin[0].pid = 250;
	snprintf(s.kin[0].comm, sizeof(s.kin[0].comm), "%s",
		 pcomm ? pcomm : "");
	s.kin[0].has_container = b[0] & 4;
	snprintf(s.kin[0].container, sizeof(s.kin[0].container), "%s",
		 b[0] & 8 ? CID : "");
	s.kin[1].pid = 1;
	snprintf(s.kin[1].comm, sizeof(s.kin[1].comm), "%s",
		 pcomm && b[0] & 16 ? pcomm : "init");
	free(pcomm);
	lsm = piece(&p, end);
	s.lsm = b[0] & 32 ? lsm : NULL;
	if (!s.lsm)
		free(lsm);
	status = piece(&p, end);
	if (status)
		proc_status_parse(status, strlen(status), &s.status);
	free(status);
	s.proc.argv = xcalloc(1, sizeof(char *));
	while ((arg = piece(&p, end)) && s.proc.argc < 64) {
		s.proc.argv = xgrow(s.proc.argv, &alloc, s.proc.argc + 2,
				    sizeof(char *));
		s.proc.argv[s.proc.argc++] = arg;
		s.proc.argv[s.proc.argc] = NULL;
	}
	free(arg);
	s.ns[NS_PID] = b[1] & 1 ? 11 : 21;
	s.ns[NS_NET] = b[1] & 2 ? 12 : 22;
	/* stdio on one socket the input describes. */
	s.fds.e = xcalloc(3, sizeof(*s.fds.e));
	for (i = 0; i < 3; i++) {
		s.fds.e[i].fd = (int)i;
		s.fds.e[i].type = b[1] & (4 << i) ? FD_SOCKET : FD_PIPE;
		s.fds.e[i].inode = 77;
		s.fds.e[i].target = xstrdup("socket:[77]");
	}
	s.fds.n = 3;
	s.own_net = xcalloc(1, sizeof(*s.own_net));
	s.own_net->socks = xcalloc(1, sizeof(*s.own_net->socks));
	s.own_net->n = 1;
	s.own_net->socks[0].inode = 77;
	s.own_net->socks[0].proto = (enum net_proto)(b[2] % NET__COUNT);
	s.own_net->socks[0].state = b[3] & 15;
	s.own_net->socks[0].remote[0] = b[3];
	s.own_net->socks[0].remote[15] = b[2];
	s.own_net->socks[0].remote_port = b[3];
	s.net = s.own_net;
	for (i = 0; i < sizeof(judges) / sizeof(judges[0]); i++) {
		struct findings l = {0};
		if (judges[i]->more)
			(void)judges[i]->more(&s);
		CHECK(judges[i]->judge(&jc, &s, &l) == 0);
		check(judges[i], &l);
		findings_release(&l);
	}
	psnap_release(&s);
	return 0;
}
