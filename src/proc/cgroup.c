/* Container and Kubernetes pod attribution from /proc/PID/cgroup text.
 * Pure and bounded: every byte is looked at a constant number of times, and
 * the input is treated as hostile (NULs, no newline, huge lines). */
#include "proc/cgroup.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

/* An id between a runtime prefix and ".scope" may be shorter than 64 hex,
 * but not shorter than Docker's 12-digit short id: "docker-cafe.scope" is a
 * word. Without the ".scope" to close it, a short id may be a cut read. */
#define ID_MIN_MARKED 12

/* Prefixed forms, one cgroup name each (falcosecurity-libs runc.cpp/cri.cpp
 * layouts, plus podman and nerdctl). "crio-conmon-<id>.scope" and
 * "libpod-conmon-<id>.scope" are the host-side monitors: they match a prefix
 * but "conmon-..." is not hex, so they attribute no container, as intended. */
static const struct marker {
	const char *prefix;
	enum container_runtime runtime;
	bool scope_optional; /* the cgroupfs driver drops ".scope" */
} markers[] = {
	{"docker-", RUNTIME_DOCKER, false},
	{"cri-containerd-", RUNTIME_CONTAINERD, false},
	{"nerdctl-", RUNTIME_CONTAINERD, false},
	{"crio-", RUNTIME_CRIO, true},
	{"libpod-", RUNTIME_PODMAN, true},
};

struct span {
	const char *p;
	size_t n;
};

/* What one line says. Pointers into the input; copied out at the end. */
struct line_attr {
	struct span path;
	bool v2, systemd;
	enum container_runtime runtime;
	struct span id;
	struct span pod;  /* 36 bytes, '-' or '_' separators, any hex case */
	enum pod_qos qos; /* set for any pod, even one without a UUID */
};

static bool span_eq(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && memcmp(s.p, lit, n) == 0;
}

static bool has_prefix(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && memcmp(s.p, lit, n) == 0;
}

static bool has_suffix(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && memcmp(s.p + s.n - n, lit, n) == 0;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'F') ? (char)(c - 'A' + 'a') : c;
}

static bool is_hex_id(struct span s, size_t min)
{
	if (s.n < min || s.n > CONTAINER_ID_MAX)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (!is_hex(s.p[i]))
			return false;
	return true;
}

/* 8-4-4-4-12 hex; the systemd driver writes '_' where the UID has '-'. */
static bool is_uuid(struct span s)
{
	if (s.n != POD_UID_LEN)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		bool sep = i == 8 || i == 13 || i == 18 || i == 23;

		if (sep ? (s.p[i] != '-' && s.p[i] != '_') : !is_hex(s.p[i]))
			return false;
	}
	return true;
}

/* "kubepods[-burstable|-besteffort]" at the end of a systemd slice's name
 * stem, as a whole dash-separated word (kind nests it: "kubelet-kubepods"). */
static bool slice_qos(struct span head, enum pod_qos *qos)
{
	static const struct {
		const char *tail;
		enum pod_qos qos;
	} tails[] = {
		{"kubepods-burstable", QOS_BURSTABLE},
		{"kubepods-besteffort", QOS_BESTEFFORT},
		{"kubepods", QOS_GUARANTEED},
	};

	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		size_t n = strlen(tails[i].tail);

		if (!has_suffix(head, tails[i].tail))
			continue;
		if (head.n > n && head.p[head.n - n - 1] != '-')
			continue;
		*qos = tails[i].qos;
		return true;
	}
	return false;
}

/* A pod UID: a UUID, or for static pods the 32-hex hash of the manifest
 * that kubelet uses instead. The latter cannot be written in the 8-4-4-4-12
 * form without inventing dashes, so it marks the pod (qos) but no uid. */
static bool pod_uid(struct span s, struct line_attr *a)
{
	if (is_uuid(s))
		a->pod = s;
	else if (s.n == 32 && is_hex_id(s, 32))
		a->pod = (struct span){NULL, 0};
	else
		return false;
	return true;
}

/* A pod cgroup: "kubepods[-<qos>]-pod<uid_>.slice" (systemd driver), or
 * "pod<uid>" right below "kubepods[/<qos>]" (cgroupfs driver). */
static bool match_pod(struct span t, struct span prev, struct span prev2,
		      struct line_attr *a)
{
	static const size_t uid_lens[] = {POD_UID_LEN, 32};
	enum pod_qos qos;

	if (has_suffix(t, ".slice")) {
		struct span stem = {t.p, t.n - 6};

		for (size_t i = 0; i < sizeof(uid_lens) / sizeof(*uid_lens);
		     i++) {
			size_t n = uid_lens[i];
			struct span uid, head;

			if (stem.n <= n + 4)
				continue;
			uid = (struct span){stem.p + stem.n - n, n};
			head = (struct span){stem.p, stem.n - n - 4};
			if (memcmp(uid.p - 4, "-pod", 4) != 0)
				continue;
			if (slice_qos(head, &qos) && pod_uid(uid, a)) {
				a->qos = qos;
				return true;
			}
		}
		return false;
	}
	if (!has_prefix(t, "pod"))
		return false;
	if (span_eq(prev, "kubepods"))
		qos = QOS_GUARANTEED;
	else if (span_eq(prev, "burstable") && span_eq(prev2, "kubepods"))
		qos = QOS_BURSTABLE;
	else if (span_eq(prev, "besteffort") && span_eq(prev2, "kubepods"))
		qos = QOS_BESTEFFORT;
	else
		return false;
	if (!pod_uid((struct span){t.p + 3, t.n - 3}, a))
		return false;
	a->qos = qos;
	return true;
}

static bool match_container(struct span t, struct span prev,
			    struct line_attr *a)
{
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		const struct marker *m = &markers[i];
		size_t pn = strlen(m->prefix), min = ID_MIN_MARKED;
		struct span id;

		if (!has_prefix(t, m->prefix))
			continue;
		id = (struct span){t.p + pn, t.n - pn};
		if (has_suffix(id, ".scope"))
			id.n -= 6;
		else if (m->scope_optional)
			min = CONTAINER_ID_MAX;
		else
			continue;
		if (!is_hex_id(id, min))
			continue;
		a->runtime = m->runtime;
		a->id = id;
		return true;
	}
	/* Unterminated forms: only a full 64-hex name is an id. Otherwise a
	 * short hex directory, or a read cut mid-id, would pass for one. */
	if (!is_hex_id(t, CONTAINER_ID_MAX))
		return false;
	/* "/docker/<id>" is Docker's cgroupfs driver; "<slice>:cri-containerd:
	 * <id>" is containerd given a systemd cgroupsPath but running runc with
	 * cgroupfs. No marker: kubepods cgroupfs, "/<namespace>/<id>". */
	if (span_eq(prev, "docker"))
		a->runtime = RUNTIME_DOCKER;
	else if (span_eq(prev, "cri-containerd"))
		a->runtime = RUNTIME_CONTAINERD;
	else
		a->runtime = RUNTIME_UNKNOWN;
	a->id = t;
	return true;
}

/* Walk the path's names. ':' separates names too, for the
 * "<slice>:cri-containerd:<id>" form. The innermost match wins: a container
 * seen above a pod is an outer one (a kind node), so a pod clears it. */
static void attribute_path(struct line_attr *a)
{
	struct span prev = {"", 0}, prev2 = {"", 0};
	size_t start = 0;

	for (size_t i = 0; i <= a->path.n; i++) {
		if (i < a->path.n && a->path.p[i] != '/' && a->path.p[i] != ':')
			continue;
		struct span t = {a->path.p + start, i - start};

		start = i + 1;
		if (t.n == 0)
			continue;
		if (match_pod(t, prev, prev2, a)) {
			a->runtime = RUNTIME_NONE;
			a->id = (struct span){NULL, 0};
		} else {
			match_container(t, prev, a);
		}
		prev2 = prev;
		prev = t;
	}
}

/* "hierarchy-id:controller-list:path"; the path must be absolute. */
static bool parse_line(struct span l, struct line_attr *a)
{
	size_t i = 0;

	while (i < l.n && i < 10 && l.p[i] >= '0' && l.p[i] <= '9')
		i++;
	if (i == 0 || i >= l.n || l.p[i] != ':')
		return false;
	const char *ctl = l.p + i + 1;
	const char *colon = memchr(ctl, ':', l.n - i - 1);

	if (!colon || colon + 1 >= l.p + l.n || colon[1] != '/')
		return false;
	struct span ctls = {ctl, (size_t)(colon - ctl)};

	a->v2 = i == 1 && l.p[0] == '0' && ctls.n == 0;
	a->systemd = span_eq(ctls, "name=systemd");
	a->path = (struct span){colon + 1, (size_t)(l.p + l.n - colon - 1)};
	/* cgroup v2 marks a removed cgroup so; not part of the name. */
	if (has_suffix(a->path, " (deleted)"))
		a->path.n -= 10;
	attribute_path(a);
	return true;
}

/* Most informative first (id and pod), then v2, then name=systemd, then the
 * earliest line. Lines saying nothing fall back to v2, else line 1, as the
 * header promises. */
static int line_rank(const struct line_attr *a)
{
	int info = (a->id.n > 0) + (a->qos != QOS_NONE);
	int pref = a->v2 ? 2 : (a->systemd && info > 0) ? 1 : 0;

	return info * 3 + pref;
}

int cgroup_attribute(const char *buf, size_t len, struct container_info *out)
{
	struct line_attr best = {0}, cur;
	bool found = false;
	size_t start = 0;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return -EINVAL;
	/* The kernel never writes NUL here; treat it as the end of a line so
	 * a NUL-padded read buffer still parses. */
	for (size_t i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n' && buf[i] != '\0')
			continue;
		struct span l = {buf + start, i - start};

		start = i + 1;
		memset(&cur, 0, sizeof(cur));
		if (!parse_line(l, &cur))
			continue;
		if (!found || line_rank(&cur) > line_rank(&best))
			best = cur;
		found = true;
	}
	if (!found)
		return -EINVAL;

	out->path = best.path.p;
	out->path_len = best.path.n;
	out->runtime = best.runtime;
	out->qos = best.qos;
	for (size_t i = 0; i < best.id.n; i++)
		out->id[i] = lower(best.id.p[i]);
	for (size_t i = 0; i < best.pod.n; i++)
		out->pod_uid[i] =
			best.pod.p[i] == '_' ? '-' : lower(best.pod.p[i]);
	return 0;
}
