/* End-to-end helpers for procsift etcd: start a real etcd (Debian's
 * /usr/bin/etcd) on 127.0.0.1 with free ports and a temporary directory,
 * fill it with tests/tools/etcdfill.py, copy its database, stop it by pid;
 * and compare procsift etcd --json with the fill's manifest. One etcd per
 * test process: etcdkit_stop() (the suite's .fini) stops it and removes
 * the directory, also after a failed assertion (a skip runs no .fini: use
 * etcdkit_skip). Header-only, every function static, for
 * tests/e2e/test_etcd.c. */
#ifndef E2E_ETCDKIT_H
#define E2E_ETCDKIT_H

#include "e2e/helpers.h"

#include <arpa/inet.h>
#include <ftw.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define ETCDKIT_ETCD "/usr/bin/etcd"
#define ETCDKIT_ETCDCTL "/usr/bin/etcdctl"
#define ETCDKIT_FILL "tests/tools/etcdfill.py"
#define ETCDKIT_HEALTH_MS 20000 /* the deadline for etcd to come up */
#define ETCDKIT_STOP_MS 10000	/* SIGTERM grace period, then SIGKILL */
#define ETCDKIT_TRIES 6		/* port pairs to try */

struct etcdkit {
	pid_t pid;		  /* the etcd, 0 when not running */
	unsigned long long start; /* its start time, clock ticks */
	int client_port, peer_port;
	char root[64];	       /* mkdtemp: data/, etcd.log, work files */
	char data[96];	       /* the --data-dir */
	char db[160];	       /* data/member/snap/db */
	char log[96];	       /* etcd's stdout and stderr */
	char endpoint[32];     /* "127.0.0.1:PORT" */
	char manifest[96];     /* etcdfill.py's output */
	struct json_object *m; /* the parsed manifest, owned */
};

/* The one etcd of this test process, for etcdkit_stop as a .fini. */
static struct etcdkit etcdkit_cur;

/* root/name into buf. */
static inline void etcdkit_path(const struct etcdkit *k, char *buf, size_t size,
				const char *name)
{
	int n = snprintf(buf, size, "%s/%s", k->root, name);
	cr_assert(n > 0 && (size_t)n < size, "path too long: %s/%s", k->root,
		  name);
}

/* Whether 127.0.0.1:port can be bound now (a hint: etcd may still lose a
 * race for it, and then the start is retried on other ports). */
static inline bool etcdkit_port_free(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok;
	if (fd < 0)
		return false;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ok = !bind(fd, (struct sockaddr *)&a, sizeof(a));
	close(fd);
	return ok;
}

/* Two free ports in [30000, 60000): spread by pid so that parallel test
 * processes start in different places. */
static inline void etcdkit_pick_ports(struct etcdkit *k, int attempt)
{
	unsigned int seed = (unsigned int)getpid() * 7919u +
			    (unsigned int)attempt * 104729u +
			    (unsigned int)e2e_now_ms();
	int i;
	for (i = 0; i < 1000; i++) {
		int p = 30000 +
			(int)((seed + (unsigned int)i * 2654435761u) % 15000u) *
				2;
		if (etcdkit_port_free(p) && etcdkit_port_free(p + 1)) {
			k->client_port = p;
			k->peer_port = p + 1;
			return;
		}
	}
	cr_assert_fail("no two free ports on 127.0.0.1");
}

/* One HTTP GET /health: true when etcd answers {"health":"true"}. Waits at
 * most about 100 ms per step. */
static inline bool etcdkit_healthy(const struct etcdkit *k)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)k->client_port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	static const char req[] = "GET /health HTTP/1.0\r\n"
				  "Host: 127.0.0.1\r\n\r\n";
	char buf[1024];
	size_t len = 0;
	long long deadline = e2e_now_ms() + 2000;
	bool ok = false;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    write(fd, req, sizeof(req) - 1) != (ssize_t)sizeof(req) - 1)
		goto out_close;
	while (len < sizeof(buf) - 1 && e2e_now_ms() < deadline) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;
		if (poll(&p, 1, 100) <= 0)
			continue;
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	ok = strstr(buf, "\"health\":\"true\"") != NULL;
out_close:
	close(fd);
	return ok;
}

/* rm -r, for nftw. */
static inline int etcdkit_rm(const char *path, const struct stat *st, int type,
			     struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* Stop etcd by pid (SIGTERM; SIGKILL after ETCDKIT_STOP_MS) and reap it;
 * the directory stays. */
static inline void etcdkit_kill(struct etcdkit *k)
{
	if (k->pid > 0) {
		long long deadline = e2e_now_ms() + ETCDKIT_STOP_MS;
		int st;
		pid_t r;
		kill(k->pid, SIGTERM);
		while ((r = waitpid(k->pid, &st, WNOHANG)) == 0 &&
		       e2e_now_ms() < deadline)
			e2e_sleep_ms(10);
		if (r == 0) {
			kill(k->pid, SIGKILL);
			waitpid(k->pid, &st, 0);
		}
		k->pid = 0;
	}
}

/* Stop etcd, reap it and remove the directory. Safe to call twice, and as
 * a suite .fini. */
static inline void etcdkit_stop_kit(struct etcdkit *k)
{
	etcdkit_kill(k);
	if (k->m) {
		json_object_put(k->m);
		k->m = NULL;
	}
	if (k->root[0]) {
		nftw(k->root, etcdkit_rm, 16, FTW_DEPTH | FTW_PHYS);
		k->root[0] = '\0';
	}
}

static inline void etcdkit_stop(void)
{
	etcdkit_stop_kit(&etcdkit_cur);
}

/* Skip the test with a message. Criterion runs no .fini after a skip, so
 * stop etcd first. */
#define etcdkit_skip(...)                  \
	do {                               \
		etcdkit_stop();            \
		cr_skip_test(__VA_ARGS__); \
	} while (0)

/* Skip the test (with a message) when etcd is not installed. */
static inline void etcdkit_require(void)
{
	if (access(ETCDKIT_ETCD, X_OK) || access(ETCDKIT_ETCDCTL, X_OK))
		cr_skip_test("%s or %s is not installed (make deps installs "
			     "etcd-server and etcd-client): etcd tests skipped",
			     ETCDKIT_ETCD, ETCDKIT_ETCDCTL);
}

/* Make the temporary directory (once per kit). */
static inline void etcdkit_mkroot(struct etcdkit *k)
{
	if (k->root[0])
		return;
	snprintf(k->root, sizeof(k->root), "/tmp/procsift-etcd-XXXXXX");
	cr_assert(mkdtemp(k->root), "mkdtemp: %s", strerror(errno));
}

/* Start etcd once: true when it is up and healthy; false when it exited
 * early (a port taken under it); fails the test on anything else. */
static inline bool etcdkit_try_start(struct etcdkit *k)
{
	char name[32], client[64], peer[64], cluster[96];
	const char *argv[20];
	long long deadline;
	int fd, st;
	snprintf(name, sizeof(name), "procsift-%d", (int)getpid());
	snprintf(client, sizeof(client), "http://127.0.0.1:%d", k->client_port);
	snprintf(peer, sizeof(peer), "http://127.0.0.1:%d", k->peer_port);
	snprintf(cluster, sizeof(cluster), "%s=%s", name, peer);
	snprintf(k->endpoint, sizeof(k->endpoint), "127.0.0.1:%d",
		 k->client_port);
	argv[0] = ETCDKIT_ETCD;
	argv[1] = "--name";
	argv[2] = name;
	argv[3] = "--data-dir";
	argv[4] = k->data;
	argv[5] = "--listen-client-urls";
	argv[6] = client;
	argv[7] = "--advertise-client-urls";
	argv[8] = client;
	argv[9] = "--listen-peer-urls";
	argv[10] = peer;
	argv[11] = "--initial-advertise-peer-urls";
	argv[12] = peer;
	argv[13] = "--initial-cluster";
	argv[14] = cluster;
	/* Large: 0 would mean the 2 GiB default. */
	argv[15] = "--quota-backend-bytes";
	argv[16] = "8589934592";
	argv[17] = "--logger";
	argv[18] = "zap";
	argv[19] = NULL;

	fd = open(k->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	cr_assert(fd >= 0, "%s: %s", k->log, strerror(errno));
	k->pid = fork();
	cr_assert(k->pid >= 0, "fork: %s", strerror(errno));
	if (!k->pid) {
		/* Only async-signal-safe calls: etcd dies with the test. */
		int nul = open("/dev/null", O_RDONLY);
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || nul < 0 ||
		    dup2(nul, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		e2e_no_inherit();
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fd);
	k->start = 0;
	deadline = e2e_now_ms() + ETCDKIT_HEALTH_MS;
	for (;;) {
		pid_t r = waitpid(k->pid, &st, WNOHANG);
		if (r == k->pid) {
			k->pid = 0;
			return false;
		}
		if (etcdkit_healthy(k))
			break;
		if (e2e_now_ms() > deadline) {
			etcdkit_stop_kit(k);
			cr_assert_fail("etcd did not become healthy in %d s",
				       ETCDKIT_HEALTH_MS / 1000);
		}
		e2e_sleep_ms(50);
	}
	k->start = e2e_start_ticks(k->pid);
	return true;
}

/* Start an etcd for this test (skipping the test when etcd is missing).
 * Returns the kit, also kept for etcdkit_stop. */
static inline struct etcdkit *etcdkit_start(void)
{
	struct etcdkit *k = &etcdkit_cur;
	int attempt;
	etcdkit_require();
	cr_assert(!k->pid, "etcdkit_start called twice");
	etcdkit_mkroot(k);
	etcdkit_path(k, k->data, sizeof(k->data), "data");
	etcdkit_path(k, k->log, sizeof(k->log), "etcd.log");
	etcdkit_path(k, k->manifest, sizeof(k->manifest), "manifest.json");
	etcdkit_path(k, k->db, sizeof(k->db), "data/member/snap/db");
	for (attempt = 0; attempt < ETCDKIT_TRIES; attempt++) {
		etcdkit_pick_ports(k, attempt);
		if (etcdkit_try_start(k))
			return k;
		/* It exited: most likely a port was taken meanwhile. Start
		 * over with an empty data dir. */
		nftw(k->data, etcdkit_rm, 16, FTW_DEPTH | FTW_PHYS);
	}
	cr_assert_fail("etcd exited at start %d times; see its log", attempt);
	return NULL;
}

/* Run etcdfill.py SCENARIO against k and load the manifest into k->m. */
static inline struct json_object *etcdkit_fill(struct etcdkit *k,
					       const char *scenario)
{
	struct e2e_result r;
	e2e_run(&r, NULL,
		(const char *const[]){E2E_PYTHON, ETCDKIT_FILL, k->endpoint,
				      scenario, k->manifest, NULL});
	cr_assert_eq(r.status, 0, "etcdfill.py %s exited %d:\n%s", scenario,
		     r.status, r.err.buf);
	e2e_result_release(&r);
	k->m = json_object_from_file(k->manifest);
	cr_assert(k->m, "cannot read the manifest %s", k->manifest);
	return k->m;
}

/* Run etcdctl against k with args (NULL-terminated); fails unless it
 * exits 0. */
static inline void etcdkit_ctl(const struct etcdkit *k, const char *const *args)
{
	const char *argv[16];
	char ep[64];
	struct e2e_result r;
	size_t n = 0;
	snprintf(ep, sizeof(ep), "--endpoints=%s", k->endpoint);
	argv[n++] = ETCDKIT_ETCDCTL;
	argv[n++] = ep;
	while (*args) {
		cr_assert(n < sizeof(argv) / sizeof(argv[0]) - 1);
		argv[n++] = *args++;
	}
	argv[n] = NULL;
	setenv("ETCDCTL_API", "3", 1);
	e2e_run(&r, NULL, argv);
	cr_assert_eq(r.status, 0, "etcdctl %s exited %d:\n%s", argv[2],
		     r.status, r.err.buf);
	e2e_result_release(&r);
}

#define ETCDCTL(k, ...) etcdkit_ctl((k), E2E_ARGS(__VA_ARGS__))

/* Copy file from to file to (created 0600), reading whatever is there now
 * (etcd may be running: a plain read, no lock). */
static inline void etcdkit_copy(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out;
	ssize_t n;
	cr_assert(in >= 0, "%s: %s", from, strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	cr_assert(out >= 0, "%s: %s", to, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		cr_assert_eq(write(out, buf, (size_t)n), n, "write %s: %s", to,
			     strerror(errno));
	cr_assert(n == 0, "read %s: %s", from, strerror(errno));
	close(in);
	cr_assert(!close(out), "close %s: %s", to, strerror(errno));
}

/* The whole file into sb (reset first). */
static inline void etcdkit_slurp(const char *path, struct strbuf *sb)
{
	char buf[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	cr_assert(fd >= 0, "%s: %s", path, strerror(errno));
	strbuf_reset(sb);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(sb, buf, (size_t)n);
	cr_assert(n == 0, "read %s: %s", path, strerror(errno));
	close(fd);
}

/* ---- Comparing procsift etcd --json with the manifest ---- */

/* String member key of o, or NULL when it is JSON null. */
static inline const char *js(struct json_object *o, const char *key)
{
	struct json_object *v = e2e_json_get(o, key);
	if (json_object_is_type(v, json_type_null))
		return NULL;
	cr_assert(json_object_is_type(v, json_type_string), "%s: %s", key,
		  json_object_to_json_string(o));
	return json_object_get_string(v);
}

static inline int64_t ji(struct json_object *o, const char *key)
{
	struct json_object *v = e2e_json_get(o, key);
	cr_assert(json_object_is_type(v, json_type_int), "%s: %s", key,
		  json_object_to_json_string(o));
	return json_object_get_int64(v);
}

static inline bool streq_null(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

#define NUL_STR(s) ((s) ? (s) : "null")

/* ---- running procsift against the kit ---- */

static inline void pid_str(const struct etcdkit *k, char *buf, size_t size)
{
	snprintf(buf, size, "%d", (int)k->pid);
}

/* procsift etcd --pid PID [more...] --json: exit 0, the parsed document. */
static inline struct json_object *etcd_json_pid(const struct etcdkit *k,
						struct e2e_result *r)
{
	char pid[16];
	pid_str(k, pid, sizeof(pid));
	PROCSIFT(r, "etcd", "--pid", pid, "--json");
	E2E_EXPECT_STATUS(r, 0, "etcd --pid --json");
	return e2e_json_parse(&r->out);
}

/* ---- checking rows against the manifest ---- */

static inline bool manifest_has_key(struct json_object *m, const char *key)
{
	struct json_object *a = e2e_json_get(m, "secrets");
	size_t i, n = json_object_array_length(a);
	for (i = 0; i < n; i++)
		if (!strcmp(js(json_object_array_get_idx(a, i), "key"), key))
			return true;
	return false;
}

/* Whether the exact stored value (hex in the manifest) is still in the
 * file's bytes: a compacted revision is recoverable only then. */
static inline bool value_in_file(const char *hex, const struct strbuf *file)
{
	size_t n = strlen(hex) / 2, i;
	unsigned char *v = malloc(n ? n : 1);
	bool found;
	cr_assert(v);
	for (i = 0; i < n; i++) {
		unsigned int b;
		cr_assert(sscanf(hex + 2 * i, "%2x", &b) == 1);
		v[i] = (unsigned char)b;
	}
	found = memmem(file->buf, file->len, v, n) != NULL;
	free(v);
	return found;
}

/* True when the JSON array of strings a holds exactly the strings of b. */
static inline bool same_string_set(struct json_object *a, struct json_object *b)
{
	size_t i, j, n = json_object_array_length(a);
	if (!json_object_is_type(a, json_type_array) ||
	    n != json_object_array_length(b))
		return false;
	for (i = 0; i < n; i++) {
		const char *s =
			json_object_get_string(json_object_array_get_idx(a, i));
		bool hit = false;
		for (j = 0; j < n && !hit; j++)
			hit = !strcmp(s,
				      json_object_get_string(
					      json_object_array_get_idx(b, j)));
		if (!hit)
			return false;
	}
	return true;
}

/* The rows of out (the "secrets" array) for key at rev; their number in
 * *n, the last one returned. */
static inline struct json_object *
rows_for(struct json_object *out, const char *key, int64_t rev, size_t *n)
{
	struct json_object *hit = NULL;
	size_t i, len = json_object_array_length(out);
	*n = 0;
	for (i = 0; i < len; i++) {
		struct json_object *row = json_object_array_get_idx(out, i);
		if (!strcmp(js(row, "key"), key) &&
		    ji(row, "revision") == rev) {
			hit = row;
			(*n)++;
		}
	}
	return hit;
}

static inline bool is_plain(const char *storage)
{
	return !strcmp(storage, "plaintext") || !strcmp(storage, "json");
}

/* Compare one row with the manifest's revision mr of secret ms. */
static inline void check_row(struct json_object *row, struct json_object *ms,
			     struct json_object *mr, struct strbuf *bad)
{
	const char *key = js(ms, "key"), *storage = js(mr, "storage");
	int64_t rev = ji(mr, "revision");
	const char *state = js(mr, "state"), *got;
	struct json_object *page = e2e_json_get(row, "page");
	static const char *const enc_fields[] = {"provider", "key_name",
						 "kms_key_id"};
	size_t i;

	if (!streq_null(js(row, "namespace"), js(ms, "namespace")) ||
	    !streq_null(js(row, "name"), js(ms, "name")))
		strbuf_addf(bad, "  %s@%" PRId64 ": namespace/name %s/%s\n",
			    key, rev, NUL_STR(js(row, "namespace")),
			    NUL_STR(js(row, "name")));
	got = js(row, "state");
	if (!streq_null(got, state))
		strbuf_addf(bad, "  %s@%" PRId64 ": state %s, want %s\n", key,
			    rev, NUL_STR(got), state);
	got = js(row, "storage");
	if (!streq_null(got, storage))
		strbuf_addf(bad, "  %s@%" PRId64 ": storage %s, want %s\n", key,
			    rev, NUL_STR(got), storage);
	if (!strcmp(storage, "encrypted"))
		for (i = 0; i < 3; i++) {
			const char *want = js(mr, enc_fields[i]);
			got = js(row, enc_fields[i]);
			if (!streq_null(got, want))
				strbuf_addf(bad,
					    "  %s@%" PRId64
					    ": %s %s, want %s\n",
					    key, rev, enc_fields[i],
					    NUL_STR(got), NUL_STR(want));
		}
	if (is_plain(storage)) {
		got = js(row, "type");
		if (!streq_null(got, js(ms, "type")))
			strbuf_addf(bad, "  %s@%" PRId64 ": type %s, want %s\n",
				    key, rev, NUL_STR(got), js(ms, "type"));
		if (!same_string_set(e2e_json_get(row, "keys"),
				     e2e_json_get(ms, "keys")))
			strbuf_addf(bad, "  %s@%" PRId64 ": keys %s, want %s\n",
				    key, rev,
				    json_object_to_json_string(
					    e2e_json_get(row, "keys")),
				    json_object_to_json_string(
					    e2e_json_get(ms, "keys")));
	}
	for (i = 0; i < 2; i++) {
		const char *f = i ? "version" : "create_revision";
		if (ji(row, f) != ji(mr, f))
			strbuf_addf(bad,
				    "  %s@%" PRId64 ": %s %" PRId64
				    ", want %" PRId64 "\n",
				    key, rev, f, ji(row, f), ji(mr, f));
	}
	if (is_plain(storage)) {
		const char *c = js(row, "created");
		got = js(row, "uid");
		if (!streq_null(got, js(mr, "uid")))
			strbuf_addf(bad, "  %s@%" PRId64 ": uid %s, want %s\n",
				    key, rev, NUL_STR(got), js(mr, "uid"));
		/* ISO 8601 UTC: the same second, any spelling of UTC. */
		if (!c || strncmp(c, js(mr, "created"), 19))
			strbuf_addf(bad,
				    "  %s@%" PRId64 ": created %s, want %s\n",
				    key, rev, NUL_STR(c), js(mr, "created"));
		if (json_object_get_boolean(
			    e2e_json_get(row, "last_applied")) !=
		    json_object_get_boolean(e2e_json_get(mr, "last_applied")))
			strbuf_addf(bad, "  %s@%" PRId64 ": last_applied %s\n",
				    key, rev,
				    json_object_to_json_string(
					    e2e_json_get(row, "last_applied")));
	}
	if ((strcmp(state, "recovered") == 0) !=
	    json_object_is_type(page, json_type_int))
		strbuf_addf(bad, "  %s@%" PRId64 ": page %s (state %s)\n", key,
			    rev, json_object_to_json_string(page), state);
	else if (!strcmp(state, "recovered") && json_object_get_int64(page) < 2)
		strbuf_addf(bad, "  %s@%" PRId64 ": page %s\n", key, rev,
			    json_object_to_json_string(page));
}

/* Every revision in the manifest is one row with the right storage and
 * state, and no row is for anything else (ConfigMaps, other keys). file,
 * when given, holds the database bytes: a compacted revision must be a
 * recovered row if its stored value is still in them (and may be absent
 * if not). Returns the number of recovered rows checked. */
static inline size_t check_rows(struct json_object *doc, struct json_object *m,
				const struct strbuf *file)
{
	struct json_object *out = e2e_json_get(doc, "secrets"),
			   *ms_all = e2e_json_get(m, "secrets");
	struct strbuf bad = STRBUF_INIT;
	size_t i, j, n, recovered = 0;

	cr_assert(json_object_is_type(out, json_type_array));
	for (i = 0; i < json_object_array_length(out); i++) {
		struct json_object *row = json_object_array_get_idx(out, i);
		const char *key = js(row, "key");
		if (!manifest_has_key(m, key))
			strbuf_addf(&bad, "  unexpected row %s@%" PRId64 "\n",
				    key, ji(row, "revision"));
	}
	for (i = 0; i < json_object_array_length(ms_all); i++) {
		struct json_object *ms = json_object_array_get_idx(ms_all, i);
		struct json_object *revs = e2e_json_get(ms, "revisions");
		const char *key = js(ms, "key");
		for (j = 0; j < json_object_array_length(revs); j++) {
			struct json_object *mr =
				json_object_array_get_idx(revs, j);
			int64_t rev = ji(mr, "revision");
			struct json_object *row = rows_for(out, key, rev, &n);
			bool optional = false;
			if (!strcmp(js(mr, "state"), "recovered")) {
				const char *hex = js(mr, "value_hex");
				/* A compacted tombstone carries no value;
				 * reporting it is allowed, not required. */
				optional = !hex || !file ||
					   !value_in_file(hex, file);
			}
			if (n == 0 && optional)
				continue;
			if (n != 1) {
				strbuf_addf(&bad,
					    "  %s@%" PRId64
					    " (%s, %s): %zu rows, want 1\n",
					    key, rev, js(mr, "storage"),
					    js(mr, "state"), n);
				continue;
			}
			check_row(row, ms, mr, &bad);
			recovered += !strcmp(js(mr, "state"), "recovered");
		}
	}
	cr_assert(!bad.len, "%zu rows; wrong:\n%s",
		  json_object_array_length(out), bad.buf);
	strbuf_release(&bad);
	return recovered;
}

/* ---- findings ---- */

/* Findings of rule at where (exactly), counted; the last in *f. */
static inline size_t findings_at(struct json_object *a, const char *rule,
				 const char *where, struct json_object **f)
{
	size_t i, n = json_object_array_length(a), hits = 0;
	for (i = 0; i < n; i++) {
		struct json_object *x = json_object_array_get_idx(a, i);
		if (!strcmp(js(x, "rule"), rule) &&
		    streq_null(js(x, "where"), where)) {
			hits++;
			if (f)
				*f = x;
		}
	}
	return hits;
}

/* Findings of rule whose where, message or evidence mentions text. */
static inline size_t findings_mentioning(struct json_object *a,
					 const char *rule, const char *text)
{
	static const char *const fields[] = {"where", "message", "evidence"};
	size_t i, k, n = json_object_array_length(a), hits = 0;
	for (i = 0; i < n; i++) {
		struct json_object *x = json_object_array_get_idx(a, i);
		bool hit = false;
		if (strcmp(js(x, "rule"), rule))
			continue;
		for (k = 0; k < 3 && !hit; k++) {
			struct json_object *v;
			hit = json_object_object_get_ex(x, fields[k], &v) &&
			      json_object_is_type(v, json_type_string) &&
			      strstr(json_object_get_string(v), text);
		}
		hits += hit;
	}
	return hits;
}

static inline size_t count_rule(struct json_object *a, const char *rule)
{
	size_t i, n = json_object_array_length(a), hits = 0;
	for (i = 0; i < n; i++)
		hits += !strcmp(js(json_object_array_get_idx(a, i), "rule"),
				rule);
	return hits;
}

/* The newest revision of manifest secret ms (NULL for none). */
static inline struct json_object *newest_rev(struct json_object *ms)
{
	struct json_object *revs = e2e_json_get(ms, "revisions");
	size_t n = json_object_array_length(revs);
	return n ? json_object_array_get_idx(revs, n - 1) : NULL;
}

/* The per-Secret findings: plaintext (critical) and encrypted (info) for
 * live Secrets, superseded (high) for older plaintext revisions, all at
 * "etcd:KEY@REV"; pid, when not 0, on each. */
static inline void check_secret_findings(struct json_object *findings,
					 struct json_object *m, pid_t pid)
{
	struct json_object *all = e2e_json_get(m, "secrets");
	struct strbuf bad = STRBUF_INIT;
	size_t i, j, n = json_object_array_length(findings);
	for (i = 0; i < json_object_array_length(all); i++) {
		struct json_object *ms = json_object_array_get_idx(all, i);
		struct json_object *revs = e2e_json_get(ms, "revisions");
		for (j = 0; j < json_object_array_length(revs); j++) {
			struct json_object *mr = json_object_array_get_idx(revs,
									   j),
					   *f = NULL;
			const char *state = js(mr, "state"),
				   *storage = js(mr, "storage");
			const char *rule = NULL, *sev = NULL;
			char where[512];
			size_t hits;
			if (!strcmp(state, "live")) {
				bool plain = is_plain(storage);
				rule = plain ? "etcd-secret-plaintext"
					     : "etcd-secret-encrypted";
				sev = plain ? "critical" : "info";
			} else if (is_plain(storage) &&
				   (!strcmp(state, "superseded") ||
				    !strcmp(state, "deleted"))) {
				rule = "etcd-secret-superseded";
				sev = "high";
			}
			if (!rule)
				continue;
			snprintf(where, sizeof(where), "etcd:%s@%" PRId64,
				 js(ms, "key"), ji(mr, "revision"));
			hits = findings_at(findings, rule, where, &f);
			if (hits != 1) {
				strbuf_addf(&bad, "  %s %s: %zu findings\n",
					    rule, where, hits);
				continue;
			}
			if (strcmp(js(f, "severity"), sev))
				strbuf_addf(&bad, "  %s %s: severity %s\n",
					    rule, where, js(f, "severity"));
			if (pid && ji(f, "pid") != pid)
				strbuf_addf(&bad, "  %s %s: pid %" PRId64 "\n",
					    rule, where, ji(f, "pid"));
		}
	}
	cr_assert(!bad.len, "%zu findings; wrong or missing:\n%s", n, bad.buf);
	strbuf_release(&bad);
}

/* Distinct Secret keys and revisions (tombstones too) in the manifest. */
static inline void manifest_counts(struct json_object *m, size_t *keys,
				   size_t *revs)
{
	struct json_object *all = e2e_json_get(m, "secrets");
	size_t i;
	*keys = json_object_array_length(all);
	*revs = 0;
	for (i = 0; i < *keys; i++)
		*revs += json_object_array_length(e2e_json_get(
			json_object_array_get_idx(all, i), "revisions"));
}

/* The summary of a document for the basic scenario (no compaction): the
 * counts the manifest implies, and the findings by severity. */
static inline void check_summary(struct json_object *doc, struct json_object *m)
{
	struct json_object *sum = e2e_json_get(doc, "summary"), *enc, *sev,
			   *all = e2e_json_get(m, "secrets"),
			   *f = e2e_json_get(doc, "findings");
	struct json_object *want_enc = json_object_new_object();
	size_t keys, revs, i, j, live = 0, plain = 0, json = 0, sup = 0,
				 del = 0, wal = 0;
	struct strbuf bad = STRBUF_INIT;
	static const char *const sevs[] = {"critical", "high", "medium", "low",
					   "info"};

	manifest_counts(m, &keys, &revs);
	for (i = 0; i < json_object_array_length(all); i++) {
		struct json_object *ms = json_object_array_get_idx(all, i);
		struct json_object *rv = e2e_json_get(ms, "revisions");
		for (j = 0; j < json_object_array_length(rv); j++) {
			struct json_object *mr =
				json_object_array_get_idx(rv, j);
			const char *st = js(mr, "state"),
				   *sto = js(mr, "storage");
			sup += !strcmp(st, "superseded");
			del += !strcmp(st, "deleted");
			if (strcmp(st, "live"))
				continue;
			live++;
			plain += !strcmp(sto, "plaintext");
			json += !strcmp(sto, "json");
			if (!strcmp(sto, "encrypted")) {
				struct json_object *c;
				const char *p = js(mr, "provider");
				int64_t v = 0;
				if (json_object_object_get_ex(want_enc, p, &c))
					v = json_object_get_int64(c);
				json_object_object_add(
					want_enc, p,
					json_object_new_int64(v + 1));
			}
		}
	}
#define SUM_EQ(name, want)                                                    \
	do {                                                                  \
		if (ji(sum, (name)) != (int64_t)(want))                       \
			strbuf_addf(&bad, "  %s %" PRId64 ", want %zu\n",     \
				    (name), ji(sum, (name)), (size_t)(want)); \
	} while (0)
	SUM_EQ("secrets", keys);
	SUM_EQ("live", live);
	SUM_EQ("revisions", revs);
	SUM_EQ("plaintext", plain);
	SUM_EQ("json", json);
	SUM_EQ("superseded", sup);
	SUM_EQ("deleted", del);
	SUM_EQ("recovered", 0);
	for (i = 0; i < json_object_array_length(f); i++)
		wal += !strcmp(js(json_object_array_get_idx(f, i), "rule"),
			       "etcd-wal-plaintext");
	SUM_EQ("wal_plaintext", wal);
	sev = e2e_json_get(sum, "findings");
	for (i = 0; i < 5; i++) {
		size_t n = 0;
		for (j = 0; j < json_object_array_length(f); j++)
			n += !strcmp(
				js(json_object_array_get_idx(f, j), "severity"),
				sevs[i]);
		if (ji(sev, sevs[i]) != (int64_t)n)
			strbuf_addf(&bad,
				    "  findings.%s %" PRId64 ", want %zu\n",
				    sevs[i], ji(sev, sevs[i]), n);
	}
#undef SUM_EQ
	enc = e2e_json_get(sum, "encrypted");
	if (!json_object_equal(enc, want_enc))
		strbuf_addf(&bad, "  encrypted %s, want %s\n",
			    json_object_to_json_string(enc),
			    json_object_to_json_string(want_enc));
	json_object_put(want_enc);
	cr_assert(!bad.len, "summary %s:\n%s", json_object_to_json_string(sum),
		  bad.buf);
	strbuf_release(&bad);
}

#endif
