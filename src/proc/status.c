/* /proc/PID/status: ids, groups, capability sets and the seccomp, no_new_privs
 * and tracer lines a responder checks first. Every value is validated whole:
 * a line with a bad byte is ignored rather than half-read. */
#include "proc/status.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

enum key {
	K_UID,
	K_GID,
	K_GROUPS,
	K_CAPINH,
	K_CAPPRM,
	K_CAPEFF,
	K_CAPBND,
	K_CAPAMB,
	K_NNP,
	K_SECCOMP,
	K_SECCOMP_FILTERS,
	K_TRACER,
	K_PPID,
	K_THREADS,
	K_UMASK,
	K_NSPID,
};

static const struct {
	const char *name;
	enum key key;
} keys[] = {
	{"Uid", K_UID},
	{"Gid", K_GID},
	{"Groups", K_GROUPS},
	{"CapInh", K_CAPINH},
	{"CapPrm", K_CAPPRM},
	{"CapEff", K_CAPEFF},
	{"CapBnd", K_CAPBND},
	{"CapAmb", K_CAPAMB},
	{"NoNewPrivs", K_NNP},
	{"Seccomp", K_SECCOMP},
	{"Seccomp_filters", K_SECCOMP_FILTERS},
	{"TracerPid", K_TRACER},
	{"PPid", K_PPID},
	{"Threads", K_THREADS},
	{"Umask", K_UMASK},
	{"NSpid", K_NSPID},
};

struct cursor {
	const char *p, *end;
};

static void skip_blanks(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static bool at_end(struct cursor *c)
{
	skip_blanks(c);
	return c->p == c->end;
}

/* Digits in base 8, 10 or 16 up to max; no sign, so "-1" fails. */
static int take_num(struct cursor *c, unsigned base, uint64_t max,
		    uint64_t *out)
{
	const char *s = c->p;
	uint64_t v = 0;

	for (; c->p < c->end; c->p++) {
		char ch = *c->p;
		unsigned d;

		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		else
			break;
		if (d >= base)
			break;
		if (d > max || v > (max - d) / base)
			return -EINVAL;
		v = v * base + d;
	}
	if (c->p == s)
		return -EINVAL;
	*out = v;
	return 0;
}

/* The whole value is one number and blanks. */
static int one_num(struct cursor c, unsigned base, uint64_t max, uint64_t *out)
{
	skip_blanks(&c);
	if (take_num(&c, base, max, out) || !at_end(&c))
		return -EINVAL;
	return 0;
}

/* "real effective saved fs": exactly four ids. */
static int four_ids(struct cursor c, uint32_t ids[4])
{
	uint64_t v;
	int i;

	for (i = 0; i < 4; i++) {
		skip_blanks(&c);
		if (take_num(&c, 10, UINT32_MAX, &v))
			return -EINVAL;
		ids[i] = (uint32_t)v;
		/* Ids must be separated, so "1 23" is not "12 3". */
		if (c.p < c.end && *c.p != ' ' && *c.p != '\t')
			return -EINVAL;
	}
	return at_end(&c) ? 0 : -EINVAL;
}

/* Every id is checked even past STATUS_MAX_GROUPS, so a bad tail still
 * fails the line; the kept ones are committed only when all are good. */
static int groups(struct cursor c, struct proc_status *out)
{
	gid_t tmp[STATUS_MAX_GROUPS];
	size_t n = 0;
	bool truncated = false;
	uint64_t v;

	for (skip_blanks(&c); c.p < c.end; skip_blanks(&c)) {
		if (take_num(&c, 10, UINT32_MAX, &v))
			return -EINVAL;
		if (c.p < c.end && *c.p != ' ' && *c.p != '\t')
			return -EINVAL;
		if (n < STATUS_MAX_GROUPS)
			tmp[n++] = (gid_t)v;
		else
			truncated = true;
	}
	memcpy(out->groups, tmp, n * sizeof(tmp[0]));
	out->ngroups = n;
	out->groups_truncated = truncated;
	return 0;
}

/* NSpid: one pid per pid namespace level, committed only when all are
 * good. */
static int nspids(struct cursor c, struct proc_status *out)
{
	pid_t tmp[STATUS_MAX_NSPID];
	size_t n = 0;
	uint64_t v;

	for (skip_blanks(&c); c.p < c.end; skip_blanks(&c)) {
		if (n == STATUS_MAX_NSPID || take_num(&c, 10, INT_MAX, &v) ||
		    v == 0)
			return -EINVAL;
		if (c.p < c.end && *c.p != ' ' && *c.p != '\t')
			return -EINVAL;
		tmp[n++] = (pid_t)v;
	}
	if (!n)
		return -EINVAL;
	memcpy(out->nspid, tmp, n * sizeof(tmp[0]));
	out->nnspid = n;
	return 0;
}

static int umask_value(struct cursor c, char umask[8])
{
	const char *s;
	size_t n;

	skip_blanks(&c);
	for (s = c.p; c.p < c.end && *c.p >= '0' && *c.p <= '7'; c.p++)
		;
	n = (size_t)(c.p - s);
	if (n == 0 || n > 7 || !at_end(&c))
		return -EINVAL;
	memcpy(umask, s, n);
	umask[n] = '\0';
	return 0;
}

/* The kernel prints each set as exactly 16 hex digits ("%016llx"). */
static int cap_set(struct cursor c, uint64_t *out)
{
	const char *s;

	skip_blanks(&c);
	s = c.p;
	if (take_num(&c, 16, UINT64_MAX, out) || c.p - s != 16 || !at_end(&c))
		return -EINVAL;
	return 0;
}

/* A number 0..max into *field (pid_t is int on Linux); *has, if given, is
 * set only when the value is good. */
static int small_int(struct cursor c, int max, int *field, bool *has)
{
	uint64_t n;

	if (one_num(c, 10, (uint64_t)max, &n))
		return -EINVAL;
	*field = (int)n;
	if (has)
		*has = true;
	return 0;
}

/* Which sets were seen; has_caps and has_ids are decided at the end. */
struct seen {
	bool uid, gid, groups_bad, cap[5];
};

static int apply(enum key k, struct cursor v, struct proc_status *out,
		 struct seen *seen)
{
	uint64_t *caps[5] = {&out->cap_inh, &out->cap_prm, &out->cap_eff,
			     &out->cap_bnd, &out->cap_amb};
	uint32_t ids[4];
	uint64_t n;
	int i;

	switch (k) {
	case K_UID:
	case K_GID:
		if (four_ids(v, ids))
			return -EINVAL;
		for (i = 0; i < 4; i++) {
			if (k == K_UID)
				out->uid[i] = (uid_t)ids[i];
			else
				out->gid[i] = (gid_t)ids[i];
		}
		if (k == K_UID)
			seen->uid = true;
		else
			seen->gid = true;
		return 0;
	case K_GROUPS:
		/* Half a group list would understate what a process holds. */
		seen->groups_bad = groups(v, out) != 0;
		return seen->groups_bad ? -EINVAL : 0;
	case K_CAPINH:
	case K_CAPPRM:
	case K_CAPEFF:
	case K_CAPBND:
	case K_CAPAMB:
		if (cap_set(v, &n))
			return -EINVAL;
		*caps[k - K_CAPINH] = n;
		seen->cap[k - K_CAPINH] = true;
		return 0;
	case K_NNP:
		return small_int(v, 1, &out->no_new_privs,
				 &out->has_no_new_privs);
	case K_SECCOMP:
		return small_int(v, 2, &out->seccomp, &out->has_seccomp);
	case K_SECCOMP_FILTERS:
		return small_int(v, INT_MAX, &out->seccomp_filters, NULL);
	case K_THREADS:
		return small_int(v, INT_MAX, &out->threads, NULL);
	case K_TRACER:
		return small_int(v, INT_MAX, &out->tracer_pid,
				 &out->has_tracer);
	case K_PPID:
		return small_int(v, INT_MAX, &out->ppid, NULL);
	case K_UMASK:
		return umask_value(v, out->umask);
	case K_NSPID:
		return nspids(v, out);
	}
	return -EINVAL;
}

static bool key_is(const char *p, size_t n, const char *name)
{
	return n == strlen(name) && memcmp(p, name, n) == 0;
}

int proc_status_parse(const char *buf, size_t len, struct proc_status *out)
{
	const char *p = buf, *end = buf + len;
	struct seen seen = {0};
	size_t i, parsed = 0;

	memset(out, 0, sizeof(*out));
	out->seccomp_filters = -1;
	/* A later good line replaces an earlier one. Only Name (first) holds
	 * text the process chose, and the kernel escapes its newlines. */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *colon = memchr(p, ':', (size_t)(eol - p));

		for (i = 0; colon && i < sizeof(keys) / sizeof(keys[0]); i++) {
			struct cursor v = {colon + 1, eol};

			if (!key_is(p, (size_t)(colon - p), keys[i].name))
				continue;
			if (apply(keys[i].key, v, out, &seen) == 0)
				parsed++;
			break;
		}
		p = nl ? nl + 1 : end;
	}
	/* CapAmb is younger (Linux 4.3) than the other four sets. */
	out->has_caps =
		seen.cap[0] && seen.cap[1] && seen.cap[2] && seen.cap[3];
	out->has_ids = seen.uid && seen.gid && !seen.groups_bad;
	if (!out->has_ids) {
		out->ngroups = 0;
		out->groups_truncated = false;
	}
	return parsed ? 0 : -EINVAL;
}
