/* End-to-end: show, env, fds and maps against tests/tools/inspectee, a
 * process holding known state (deleted file, rwx mapping, sockets, FIFO,
 * pty, a hostile file name, a pipe to a child, a 1 MiB environment with
 * secrets; a fileless process; a listener in another network namespace).
 * PROCSIFT_INSPECTEE names the helper (default build/tests/tools/inspectee).
 * Every JSON output is validated against docs/schema/. */
#include "e2e/inspectee.h"

TestSuite(inspect, .fini = insp_cleanup);

/* ---- show ---- */

Test(inspect, show_text)
{
	struct insp s;
	struct e2e_result r;
	char pid[16], *exe = realpath(inspectee_bin(), NULL);
	insp_start(&s, "basic");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	RUN_OK(&r, "show", pid);
	cr_assert(exe);
	cr_assert(out_has(&r, exe), "exe %s not shown:\n%s", exe, r.out.buf);
	cr_assert(!out_has(&r, "exe state"), "live exe has an exe state");
	cr_assert(out_has(&r, "cap effective") && out_has(&r, "cap bounding"),
		  "no capabilities:\n%s", r.out.buf);
	cr_assert(out_has(&r, "ns net") && out_has(&r, "ns pid"),
		  "no namespaces:\n%s", r.out.buf);
	cr_assert(out_has(&r, "no_new_privs") && out_has(&r, "seccomp") &&
			  out_has(&r, "not traced"),
		  "no security state:\n%s", r.out.buf);
	free(exe);
	e2e_result_release(&r);
	insp_stop(&s);
}

Test(inspect, show_json)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *caps, *ns, *net;
	char pid[16], *exe = realpath(inspectee_bin(), NULL),
		      *cwd = realpath(".", NULL);
	const char *sec;
	insp_start(&s, "basic");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	RUN_OK(&r, "show", "--json", pid);
	doc = e2e_json_parse(&r.out);
	cr_assert_eq(e2e_json_pid(doc), s.pid);
	expect_str(doc, "exe", exe);
	cr_assert(!bool_of(doc, "exe_deleted") && !bool_of(doc, "exe_memfd"));
	expect_str(doc, "cwd", cwd);
	expect_str(doc, "root", "/");
	caps = e2e_json_get(doc, "caps");
	cr_assert(json_object_is_type(e2e_json_get(caps, "effective"),
				      json_type_array));
	if (geteuid() == 0)
		cr_assert(json_object_array_length(
				  e2e_json_get(caps, "bounding")) > 0,
			  "root with an empty bounding set");
	sec = str_of(doc, "seccomp");
	cr_assert(!strcmp(sec, "disabled") || !strcmp(sec, "strict") ||
			  !strcmp(sec, "filter"),
		  "seccomp '%s'", sec);
	(void)bool_of(doc, "no_new_privs");
	cr_assert_eq(json_object_get_int(e2e_json_get(doc, "tracer_pid")), 0);
	ns = e2e_json_get(doc, "namespaces");
	net = e2e_json_get(ns, "net");
	cr_assert_eq(json_object_get_uint64(e2e_json_get(net, "inode")),
		     net_ns(s.pid));
	(void)e2e_json_get(ns, "pid");
	(void)e2e_json_get(ns, "mnt");
	e2e_validate("show", &r.out);
	json_object_put(doc);
	free(exe);
	free(cwd);
	e2e_result_release(&r);
	insp_stop(&s);
}

Test(inspect, show_fileless)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc;
	char pid[16];
	insp_start(&s, "fileless");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	RUN_OK(&r, "show", "--json", pid);
	doc = e2e_json_parse(&r.out);
	cr_assert(bool_of(doc, "exe_memfd"), "fileless: exe_memfd false");
	cr_assert(bool_of(doc, "exe_deleted"), "fileless: exe_deleted false");
	expect_str(doc, "exe", "/memfd:payload (deleted)");
	e2e_validate("show", &r.out);
	json_object_put(doc);
	e2e_result_release(&r);
	RUN_OK(&r, "show", pid);
	cr_assert(out_has(&r, "memfd (fileless)"), "no exe state:\n%s",
		  r.out.buf);
	e2e_result_release(&r);
	insp_stop(&s);
}

/* ---- fds ---- */

Test(inspect, fds_json)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *p, *fd, *k, *peers;
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	const char *hex;
	char pid[16], buf[64];
	int port, cport;
	insp_start(&s, "basic");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	port = insp_int(&s, "tcp_listen_port");
	cport = insp_int(&s, "tcp_client_port");
	RUN_OK(&r, "fds", "--json", pid);
	doc = e2e_json_parse(&r.out);
	p = proc_of(doc, s.pid);

	fd = fd_of(p, insp_int(&s, "fd_deleted"));
	cr_assert(bool_of(fd, "deleted"), "deleted file not marked");
	expect_str(fd, "type", "file");
	expect_str(fd, "target", insp_get(&s, "deleted_path"));

	/* A FIFO is named by its path: the link text says nothing more. */
	fd = fd_of(p, insp_int(&s, "fd_fifo"));
	expect_str(fd, "type", "fifo");
	expect_str(fd, "target", insp_get(&s, "fifo_path"));
	expect_str(fd, "mode", "rw");

	snprintf(buf, sizeof(buf), "127.0.0.1:%d", port);
	fd = fd_of(p, insp_int(&s, "tcp_listen_fd"));
	k = expect_sock(fd, "tcp", "LISTEN", buf);
	cr_assert_eq(json_object_get_int(e2e_json_get(k, "local_port")), port);
	fd = fd_of(p, insp_int(&s, "tcp_accepted_fd"));
	k = expect_sock(fd, "tcp", "ESTABLISHED", buf);
	snprintf(buf, sizeof(buf), "127.0.0.1:%d", cport);
	expect_str(k, "remote", buf);
	fd = fd_of(p, insp_int(&s, "tcp_client_fd"));
	k = expect_sock(fd, "tcp", "ESTABLISHED", buf);
	snprintf(buf, sizeof(buf), "127.0.0.1:%d", port);
	expect_str(k, "remote", buf);

	snprintf(buf, sizeof(buf), "127.0.0.1:%d", insp_int(&s, "udp_port"));
	expect_sock(fd_of(p, insp_int(&s, "udp_fd")), "udp", "UNCONN", buf);
	k = expect_sock(fd_of(p, insp_int(&s, "unix_fd")), "unix", "LISTEN",
			NULL);
	expect_str(k, "path", insp_get(&s, "unix_path"));
	expect_str(k, "type", "stream");

	fd = fd_of(p, insp_int(&s, "fd_devnull"));
	expect_str(fd, "type", "device");
	expect_str(fd, "target", "/dev/null");
	fd = fd_of(p, insp_int(&s, "pty_slave_fd"));
	expect_str(fd, "type", "tty");
	expect_str(fd, "target", insp_get(&s, "pty_slave_path"));
	expect_str(fd_of(p, insp_int(&s, "pty_master_fd")), "type", "tty");

	/* The hostile name, byte for byte. */
	for (hex = insp_get(&s, "weird_path_hex"); hex[0] && hex[1]; hex += 2) {
		unsigned b;
		cr_assert(sscanf(hex, "%2x", &b) == 1);
		strbuf_addch(&want, (int)b);
	}
	fd = fd_of(p, insp_int(&s, "fd_weird"));
	e2e_json_bytes(e2e_json_get(fd, "target"), &got);
	cr_assert(got.len == want.len && !memcmp(got.buf, want.buf, got.len),
		  "weird name: got '%s'", got.buf);

	fd = fd_of(p, insp_int(&s, "pipe_fd"));
	expect_str(fd, "type", "pipe");
	peers = e2e_json_get(fd, "peers");
	cr_assert(json_object_array_length(peers) == 1 &&
			  json_object_get_int(json_object_array_get_idx(
				  peers, 0)) == insp_int(&s, "pipe_child_pid"),
		  "pipe peers %s, want [%d]", json_object_to_json_string(peers),
		  insp_int(&s, "pipe_child_pid"));

	e2e_validate("fds", &r.out);
	json_object_put(doc);
	strbuf_release(&want);
	strbuf_release(&got);
	e2e_result_release(&r);
	insp_stop(&s);
}

Test(inspect, fds_text)
{
	struct insp s;
	struct e2e_result r;
	char pid[16], buf[128];
	insp_start(&s, "basic");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	RUN_OK(&r, "fds", pid);
	snprintf(buf, sizeof(buf),
		 "/tmp/inspectee-%d-new\\x0aline-\\x1b[31mred", (int)s.pid);
	cr_assert(out_has(&r, buf), "no escaped name %s in:\n%s", buf,
		  r.out.buf);
	snprintf(buf, sizeof(buf), "%s (deleted)",
		 insp_get(&s, "deleted_path"));
	cr_assert(out_has(&r, buf), "no '%s' in:\n%s", buf, r.out.buf);
	snprintf(buf, sizeof(buf), "127.0.0.1:%d -> *:* LISTEN",
		 insp_int(&s, "tcp_listen_port"));
	cr_assert(out_has(&r, buf), "no '%s' in:\n%s", buf, r.out.buf);
	snprintf(buf, sizeof(buf), "<-> %d", insp_int(&s, "pipe_child_pid"));
	cr_assert(out_has(&r, buf), "no '%s' in:\n%s", buf, r.out.buf);
	e2e_result_release(&r);
	insp_stop(&s);
}

Test(inspect, fds_fdinfo)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *p, *fd, *flags, *a;
	char pid[16];
	size_t i, n;
	bool rdwr = false;
	insp_start(&s, "basic");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	RUN_OK(&r, "fds", "--fdinfo", "--json", pid);
	doc = e2e_json_parse(&r.out);
	p = proc_of(doc, s.pid);
	a = e2e_json_get(p, "fds");
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		fd = json_object_array_get_idx(a, i);
		cr_assert(json_object_is_type(e2e_json_get(fd, "pos"),
					      json_type_int) &&
				  json_object_is_type(e2e_json_get(fd, "flags"),
						      json_type_array),
			  "no fdinfo in %s", json_object_to_json_string(fd));
	}
	fd = fd_of(p, insp_int(&s, "fd_deleted"));
	cr_assert_eq(json_object_get_int64(e2e_json_get(fd, "pos")),
		     insp_int(&s, "deleted_pos"));
	flags = e2e_json_get(fd, "flags");
	for (i = 0; i < json_object_array_length(flags); i++)
		rdwr |= !strcmp(json_object_get_string(
					json_object_array_get_idx(flags, i)),
				"rdwr");
	cr_assert(rdwr, "deleted file flags %s lack rdwr",
		  json_object_to_json_string(flags));
	e2e_validate("fds", &r.out);
	json_object_put(doc);
	e2e_result_release(&r);
	RUN_OK(&r, "fds", "--fdinfo", pid);
	cr_assert(out_has(&r, "POS") && out_has(&r, "FLAGS"),
		  "no fdinfo columns:\n%.400s", r.out.buf);
	e2e_result_release(&r);
	insp_stop(&s);
}

Test(inspect, fds_all)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *p;
	char buf[64];
	insp_start(&s, "basic");
	RUN_OK(&r, "fds", "--all", "--json");
	doc = e2e_json_parse(&r.out);
	p = proc_of(doc, s.pid);
	snprintf(buf, sizeof(buf), "127.0.0.1:%d",
		 insp_int(&s, "tcp_listen_port"));
	expect_sock(fd_of(p, insp_int(&s, "tcp_listen_fd")), "tcp", "LISTEN",
		    buf);
	e2e_validate("fds", &r.out);
	json_object_put(doc);
	e2e_result_release(&r);
	insp_stop(&s);
}

/* ---- maps ---- */

static struct json_object *map_at(struct json_object *p, const char *start)
{
	struct json_object *a = e2e_json_get(p, "maps");
	size_t i, n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *m = json_object_array_get_idx(a, i);
		if (!strcmp(str_of(m, "start"), start))
			return m;
	}
	cr_assert_fail("no mapping at %s", start);
	return NULL;
}

Test(inspect, maps_rwx)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *m;
	char pid[16], end[32];
	const char *addr;
	insp_start(&s, "basic");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	addr = insp_get(&s, "rwx_addr");
	snprintf(end, sizeof(end), "%llx",
		 strtoull(addr, NULL, 16) +
			 (unsigned long long)insp_int(&s, "rwx_len"));
	RUN_OK(&r, "maps", "--json", pid);
	doc = e2e_json_parse(&r.out);
	m = map_at(proc_of(doc, s.pid), addr);
	expect_str(m, "perms", "rwxp");
	expect_str(m, "kind", "anon");
	expect_str(m, "end", end);
	cr_assert(!bool_of(m, "deleted"));
	e2e_validate("maps", &r.out);
	json_object_put(doc);
	e2e_result_release(&r);
	RUN_OK(&r, "maps", pid);
	cr_assert(out_has(&r, addr) && out_has(&r, "rwxp"),
		  "no rwx mapping at %s in:\n%s", addr, r.out.buf);
	e2e_result_release(&r);
	insp_stop(&s);
}

Test(inspect, maps_summary)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *a, *g;
	char pid[16], *exe = realpath(inspectee_bin(), NULL);
	bool anon_rwx = false, self = false;
	size_t i, n;
	insp_start(&s, "basic");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	RUN_OK(&r, "maps", "--summary", "--json", pid);
	doc = e2e_json_parse(&r.out);
	a = e2e_json_get(proc_of(doc, s.pid), "summary");
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *path;
		g = json_object_array_get_idx(a, i);
		path = e2e_json_get(g, "path");
		if (!strcmp(str_of(g, "kind"), "anon") && !path &&
		    strstr(str_of(g, "perms"), "rwxp"))
			anon_rwx = true;
		if (path && !strcmp(json_object_get_string(path), exe)) {
			cr_assert(json_object_get_int(
					  e2e_json_get(g, "count")) >= 2,
				  "%s: one group per mapping?", exe);
			expect_str(g, "kind", "file");
			self = true;
		}
	}
	cr_assert(anon_rwx, "no anon group with rwxp");
	cr_assert(self, "no group for %s", exe);
	e2e_validate("maps", &r.out);
	json_object_put(doc);
	free(exe);
	e2e_result_release(&r);
	insp_stop(&s);
}

Test(inspect, maps_fileless)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *a, *m;
	char pid[16];
	size_t i, n, memfd = 0;
	insp_start(&s, "fileless");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	RUN_OK(&r, "maps", "--json", pid);
	doc = e2e_json_parse(&r.out);
	a = e2e_json_get(proc_of(doc, s.pid), "maps");
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		m = json_object_array_get_idx(a, i);
		if (strcmp(str_of(m, "kind"), "memfd"))
			continue;
		expect_str(m, "path", "/memfd:payload");
		cr_assert(bool_of(m, "deleted"));
		memfd++;
	}
	cr_assert(memfd >= 2, "%zu memfd mappings", memfd);
	e2e_validate("maps", &r.out);
	json_object_put(doc);
	e2e_result_release(&r);
	insp_stop(&s);
}

/* ---- env ---- */

#define SECRET_TOKEN "s3cr3t-value-123456"
#define DB_PASSWORD "hunter2hunter2"
#define ENV_PATH "/usr/local/bin:/usr/bin:/bin"

static struct json_object *var_of(struct json_object *p, const char *name)
{
	struct json_object *a = e2e_json_get(p, "env");
	size_t i, n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(a, i);
		if (!strcmp(str_of(v, "name"), name))
			return v;
	}
	cr_assert_fail("no variable %s", name);
	return NULL;
}

static void expect_var(struct json_object *p, const char *name,
		       const char *value, bool redacted)
{
	struct json_object *v = var_of(p, name);
	cr_assert_eq(bool_of(v, "redacted"), redacted, "%s redacted: %d", name,
		     !redacted);
	cr_assert_eq(json_object_get_int64(e2e_json_get(v, "length")),
		     (int64_t)strlen(value));
	if (redacted)
		cr_assert(!strstr(str_of(v, "value"), value),
			  "%s shown unredacted", name);
	else
		expect_str(v, "value", value);
}

Test(inspect, env_redacted)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *p;
	char pid[16], name[16];
	int i, len, nbig;
	size_t total = 0, k, n;
	insp_start(&s, "basic");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	len = insp_int(&s, "env_big_len");
	nbig = insp_int(&s, "env_big_vars");
	RUN_OK(&r, "env", "--json", pid);
	cr_assert(!out_has(&r, SECRET_TOKEN) && !out_has(&r, DB_PASSWORD),
		  "a secret value is in the JSON output");
	doc = e2e_json_parse(&r.out);
	p = proc_of(doc, s.pid);
	cr_assert(!bool_of(p, "env_truncated"), "1 MiB environment truncated");
	for (i = 0; i < nbig; i++) {
		struct json_object *v;
		const char *val;
		int j;
		snprintf(name, sizeof(name), "BIG_%d", i);
		v = var_of(p, name);
		val = str_of(v, "value");
		cr_assert_eq((int)strlen(val), len, "%s: %zu bytes", name,
			     strlen(val));
		for (j = 0; j < len && val[j] == 'a' + i; j++)
			;
		cr_assert_eq(j, len, "%s: wrong byte at %d", name, j);
		cr_assert(!bool_of(v, "redacted"));
	}
	n = json_object_array_length(e2e_json_get(p, "env"));
	for (k = 0; k < n; k++) {
		struct json_object *v =
			json_object_array_get_idx(e2e_json_get(p, "env"), k);
		total += strlen(str_of(v, "name")) + 2 +
			 (size_t)json_object_get_int64(
				 e2e_json_get(v, "length"));
	}
	cr_assert(total >= (1u << 20), "environment of %zu bytes", total);
	expect_var(p, "SECRET_TOKEN", SECRET_TOKEN, true);
	expect_var(p, "DB_PASSWORD", DB_PASSWORD, true);
	expect_var(p, "PATH", ENV_PATH, false);
	e2e_validate("env", &r.out);
	json_object_put(doc);
	e2e_result_release(&r);

	RUN_OK(&r, "env", pid);
	cr_assert(out_has(&r, "SECRET_TOKEN") && out_has(&r, ENV_PATH),
		  "env text:\n%.300s", r.out.buf);
	cr_assert(!out_has(&r, SECRET_TOKEN) && !out_has(&r, DB_PASSWORD),
		  "a secret value is in the text output");
	e2e_result_release(&r);
	insp_stop(&s);
}

Test(inspect, env_reveal)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *p;
	char pid[16];
	insp_start(&s, "basic");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	RUN_OK(&r, "env", "--reveal", "--json", pid);
	doc = e2e_json_parse(&r.out);
	p = proc_of(doc, s.pid);
	expect_var(p, "SECRET_TOKEN", SECRET_TOKEN, false);
	expect_var(p, "DB_PASSWORD", DB_PASSWORD, false);
	e2e_validate("env", &r.out);
	json_object_put(doc);
	e2e_result_release(&r);
	RUN_OK(&r, "env", "--reveal", pid);
	cr_assert(out_has(&r, SECRET_TOKEN) && out_has(&r, DB_PASSWORD),
		  "--reveal text hides a value");
	e2e_result_release(&r);
	insp_stop(&s);
}

/* ---- another network namespace ---- */

/* True when /proc/self/net/tcp (the test's own namespace) has a listener
 * on port. */
static bool host_listens(int port)
{
	FILE *f = fopen("/proc/self/net/tcp", "r");
	char line[512];
	bool found = false;
	cr_assert(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned lport, st;
		if (sscanf(line, " %*d: %*x:%x %*x:%*x %x", &lport, &st) == 2 &&
		    (int)lport == port && st == 0x0a)
			found = true;
	}
	fclose(f);
	return found;
}

Test(inspect, netns_sockets)
{
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *show;
	char child[16], buf[64];
	pid_t c;
	int port, fd;
	if (geteuid() != 0)
		cr_skip_test("needs root: inspectee netns creates pid and "
			     "network namespaces");
	insp_start(&s, "netns");
	c = (pid_t)insp_int(&s, "netns_child_pid");
	port = insp_int(&s, "netns_port");
	fd = insp_int(&s, "netns_fd");
	snprintf(child, sizeof(child), "%d", (int)c);
	snprintf(buf, sizeof(buf), "127.0.0.1:%d", port);
	cr_assert(net_ns(c) != net_ns(0), "child shares our netns");
	cr_assert(!host_listens(port), "port %d listens in the host too", port);

	RUN_OK(&r, "fds", "--json", child);
	doc = e2e_json_parse(&r.out);
	expect_sock(fd_of(proc_of(doc, c), fd), "tcp", "LISTEN", buf);
	e2e_validate("fds", &r.out);
	json_object_put(doc);
	e2e_result_release(&r);

	RUN_OK(&r, "fds", "--all", "--json");
	doc = e2e_json_parse(&r.out);
	expect_sock(fd_of(proc_of(doc, c), fd), "tcp", "LISTEN", buf);
	e2e_validate("fds", &r.out);
	json_object_put(doc);
	e2e_result_release(&r);

	RUN_OK(&r, "show", "--json", child);
	show = e2e_json_parse(&r.out);
	cr_assert_eq(
		json_object_get_uint64(e2e_json_get(
			e2e_json_get(e2e_json_get(show, "namespaces"), "net"),
			"inode")),
		net_ns(c));
	e2e_validate("show", &r.out);
	json_object_put(show);
	e2e_result_release(&r);
	insp_stop(&s);
}

/* ---- a zombie leader (issue 13, item 2) ---- */

/* The via_tid of pid's object in a {"processes": [...]} document. */
static int via_tid_of(struct json_object *doc, pid_t pid)
{
	return json_object_get_int(e2e_json_get(proc_of(doc, pid), "via_tid"));
}

/* Its main thread gone, the process lives on in a thread: /proc/PID has
 * no fds, environment or maps, and every view reads them through
 * /proc/PID/task/TID, says so, and scan finds the token and the leader. */
Test(inspect, zombie_leader)
{
	static const char *const views[][2] = {
		{"fds", "fds"}, {"env", "env"}, {"maps", "maps"}};
	struct insp s;
	struct e2e_result r;
	struct json_object *doc, *p, *f;
	char pid[16], buf[96];
	int tid, port;
	size_t i, n, hits = 0;
	insp_start(&s, "zleader");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	tid = insp_int(&s, "live_tid");
	port = insp_int(&s, "tcp_listen_port");

	RUN_OK(&r, "fds", "--json", pid);
	doc = e2e_json_parse(&r.out);
	cr_assert_eq(via_tid_of(doc, s.pid), tid);
	snprintf(buf, sizeof(buf), "127.0.0.1:%d", port);
	expect_sock(fd_of(proc_of(doc, s.pid), insp_int(&s, "tcp_listen_fd")),
		    "tcp", "LISTEN", buf);
	json_object_put(doc);
	e2e_result_release(&r);

	for (i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		RUN_OK(&r, views[i][0], "--json", pid);
		doc = e2e_json_parse(&r.out);
		p = proc_of(doc, s.pid);
		cr_assert_eq(via_tid_of(doc, s.pid), tid, "%s", views[i][0]);
		cr_assert(
			json_object_array_length(e2e_json_get(p, views[i][1])),
			"%s: empty", views[i][0]);
		e2e_validate(views[i][0], &r.out);
		json_object_put(doc);
		e2e_result_release(&r);
	}

	/* Text, which reads no stat unless a facet comes back empty. */
	RUN_OK(&r, "fds", pid);
	snprintf(buf, sizeof(buf), "127.0.0.1:%d", port);
	cr_assert(out_has(&r, buf), "fds text: no listener:\n%s", r.out.buf);
	e2e_result_release(&r);
	RUN_OK(&r, "env", pid);
	cr_assert(out_has(&r, "ZL_NEUTRAL") && !out_has(&r, "mslgzdTz8VD8"),
		  "env text:\n%s", r.out.buf);
	e2e_result_release(&r);

	RUN_OK(&r, "ps", "--json", "-p", pid);
	doc = e2e_json_parse(&r.out);
	cr_assert_eq(via_tid_of(doc, s.pid), tid);
	cr_assert(json_object_array_length(
			  e2e_json_get(proc_of(doc, s.pid), "argv")),
		  "ps: argv not read through the thread");
	e2e_validate("ps", &r.out);
	json_object_put(doc);
	e2e_result_release(&r);
	RUN_OK(&r, "tree", pid);
	snprintf(buf, sizeof(buf), "<zombie leader, live thread %d>", tid);
	cr_assert(out_has(&r, buf), "tree: no mark:\n%s", r.out.buf);
	e2e_result_release(&r);

	RUN_OK(&r, "scan", "--json", "-p", pid);
	doc = e2e_json_parse(&r.out);
	f = e2e_json_get(doc, "findings");
	n = json_object_array_length(f);
	for (i = 0; i < n; i++) {
		struct json_object *x = json_object_array_get_idx(f, i);
		const char *rule = str_of(x, "rule");
		if (!strcmp(rule, "github-token") &&
		    !strcmp(str_of(x, "where"), "env:ZL_NEUTRAL"))
			hits |= 1;
		if (!strcmp(rule, "zombie-leader-with-live-threads"))
			hits |= 2;
	}
	cr_assert_eq(hits, 3, "scan findings: %s", r.out.buf);
	cr_assert(!out_has(&r, "mslgzdTz8VD8"), "token printed");
	json_object_put(doc);
	e2e_result_release(&r);
	insp_stop(&s);
}
