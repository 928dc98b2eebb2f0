/* The hostile-process suite (issue 13, item 6): for each scenario of
 * tests/tools/hostile, the process is set up, then every view and scan is
 * run on it (the whole host for the fork churn), each under the e2e
 * timeout, and each must: exit 0; print JSON that validates against its
 * schema; print text with no raw control byte; never print the seeded
 * secret (no --reveal); and show the scenario's fact. The wall time of
 * each scenario is printed (the closing note quotes the heavy ones).
 *
 * Elsewhere: hidepid (judge/coverage_hidepid), a pid namespace of
 * procsift's own (judge/coverage_pid_namespace), forged /proc/net/unix
 * lines (percmd/forged_unix_line*), a FIFO, a sparse file and a confused
 * deputy as etcd's database (judge/fake_etcd), a zombie posing as a
 * kernel thread (hostile/zombie_named_like_kthread), read-only under
 * strace (readonly/views_scan_and_snapshot). */
#include <criterion/criterion.h>
#include <criterion/logging.h>

#include "e2e/inspectee.h"

#define SECRET_TAIL "mslgzdTz8VD8Zm1HNGb5N6Ohj2moXK03zBMH"

static const char *hostile_bin(void)
{
	return e2e_env("PROCSIFT_HOSTILE", "build/tests/tools/hostile");
}

/* The commands run on a scenario's subject (PID stands for its pid):
 * the JSON ones are validated against docs/schema/SCHEMA.json. */
enum cmd {
	C_PS,
	C_TREE,
	C_FDS,
	C_ENV,
	C_MAPS,
	C_SCAN,
	C_SHOW,
	C_PS_T,
	C_TREE_T,
	C_FDS_T,
	C_ENV_T,
	C_SCAN_T,
	C_SHOW_T,
	C__COUNT,
};

static const struct {
	const char *schema; /* NULL: text */
	const char *args[8];
} one_cmds[C__COUNT] = {
	[C_PS] = {"ps", {"ps", "--json", "-p", "PID"}},
	[C_TREE] = {"tree", {"tree", "--json", "PID"}},
	[C_FDS] = {"fds", {"fds", "--json", "--fdinfo", "PID"}},
	[C_ENV] = {"env", {"env", "--json", "PID"}},
	[C_MAPS] = {"maps", {"maps", "--json", "PID"}},
	[C_SCAN] = {"scan", {"scan", "--json", "-p", "PID"}},
	[C_SHOW] = {"show", {"show", "--json", "PID"}},
	[C_PS_T] = {NULL, {"ps", "-o", "+comm,state,threads,exe", "-p", "PID"}},
	[C_TREE_T] = {NULL, {"tree", "PID"}},
	[C_FDS_T] = {NULL, {"fds", "PID"}},
	[C_ENV_T] = {NULL, {"env", "PID"}},
	[C_SCAN_T] = {NULL, {"scan", "-p", "PID"}},
	[C_SHOW_T] = {NULL, {"show", "PID"}},
};

/* The whole host, for the churn: what races with processes coming and
 * going. */
static const struct {
	const char *schema;
	const char *args[8];
} all_cmds[] = {
	{"scan", {"scan", "--json"}},
	{"fds", {"fds", "--all", "--json"}},
	{"tree", {"tree", "--json", "--all"}},
	{"ps", {"ps", "--json"}},
	{"env", {"env", "--all", "--json"}},
	{NULL, {"scan"}},
	{NULL, {"fds", "--all"}},
	{NULL, {"tree"}},
};

/* A fact: substring in the output of command cmd ("$TID" stands for the
 * reported live_tid), seen at least min times (0 means once), or as
 * often as the tool's report says under min_key. */
struct fact {
	enum cmd cmd;
	const char *want;
	size_t min;
	const char *min_key;
};

struct scenario {
	const char *name;
	bool root;  /* the scenario needs root */
	bool all;   /* run the whole-host commands */
	bool heavy; /* quote its time */
	struct fact facts[4];
};

#define FACT(c, w)            \
	{                     \
		c, w, 0, NULL \
	}
#define FACT_N(c, w, n)       \
	{                     \
		c, w, n, NULL \
	}
#define FACT_KEY(c, w, k)  \
	{                  \
		c, w, 0, k \
	}

/* Invalid UTF-8 as the lossless JSON rule writes it (docs/json.md):
 * byte B as U+10FF00+B in UTF-8. */
#define U_FF "\xf4\x8f\xbf\xbf"
#define U_FE "\xf4\x8f\xbf\xbe"
#define U_80 "\xf4\x8f\xbe\x80"

static const struct scenario scenarios[] = {
	{"comm-esc", .facts = {FACT(C_PS, "\"comm\":\"\\u001b[31mevil\""),
			       FACT(C_PS_T, "\\x1b[31mevil")}},
	{"comm-newline", .facts = {FACT(C_PS, "\"comm\":\"line1\\nline2\""),
				   FACT(C_PS_T, "line1\\x0aline2")}},
	{"comm-utf8",
	 .facts = {FACT(C_PS, "\"comm\":\"" U_FF U_FE U_80 "bad\""),
		   FACT(C_PS_T, "\\xff\\xfe\\x80bad")}},
	{"comm-kthread",
	 .facts = {FACT(C_SCAN, "\"rule\":\"kernel-thread-name\"")}},
	{"argv-esc", .facts = {FACT(C_PS, "\\u001b]0;owned\\u0007\\u001b[2J"),
			       FACT(C_PS_T, "\\x1b]0;owned\\x07"),
			       FACT(C_SCAN, "\"where\":\"argv[3]\"")}},
	{"argv-newline", .facts = {FACT(C_PS, "\"line1\\nline2\\r\",\"" U_FF
					      "\xf4\x8f\xbf\x80"),
				   FACT(C_SHOW_T, "line1\\x0aline2\\x0d")}},
	{"argv-deep", .heavy = true,
	 .facts = {FACT(C_PS, "\"--config=[[[[[["),
		   FACT(C_SCAN, "github-token")}},
	{"env-name-esc", .facts = {FACT(C_ENV, "\"name\":\"\\u001b[2JNAME\""),
				   FACT(C_ENV_T, "\\x1b[2JNAME"),
				   FACT(C_SCAN, "github-token")}},
	{"env-name-utf8",
	 .facts = {FACT(C_ENV, "\"name\":\"N" U_FF U_FE "AME\""),
		   FACT(C_SCAN, "\"where\":\"env:GH\"")}},
	{"env-value-newline",
	 .facts = {FACT(C_ENV, "\"name\":\"NOTE\""),
		   FACT(C_SCAN, "\"where\":\"env:NOTE\"")}},
	{"fd-name", .facts = {FACT(C_FDS, "red\\nname" U_FF "\""),
			      FACT(C_FDS_T, "\\x1b[31mred\\x0aname\\xff")}},
	{"fd-long-path",
	 .facts = {FACT(C_FDS, "ffffffffff/f\",\"deleted\":false")}},
	{"socket-name",
	 .facts = {FACT(C_FDS, "\"path\":\"@hostile\\nname\\u001b[31m\""),
		   FACT(C_FDS_T, "@hostile\\x0aname\\x1b[31m")}},
	{"fifo", .facts = {FACT(C_FDS, "\"type\":\"fifo\"")}},
	{"pty", .facts = {FACT(C_FDS, "\"type\":\"tty\"")}},
	{"sockets", .facts = {FACT(C_FDS, "\"state\":\"LISTEN\""),
			      FACT_N(C_FDS, "\"state\":\"ESTABLISHED\"", 2)}},
	{"devices", .facts = {FACT(C_FDS, "\"target\":\"/dev/urandom\""),
			      FACT_N(C_FDS, "\"type\":\"device\"", 4)}},
	{"deleted-exe", .facts = {FACT(C_PS, "/gone (deleted)\""),
				  FACT(C_SCAN, "exe-deleted")}},
	{"memfd-exe",
	 .facts = {FACT(C_PS, "\"exe\":\"/memfd:hostile (deleted)\""),
		   FACT(C_SCAN, "exe-memfd")}},
	{"rwx-memory", .facts = {FACT(C_MAPS, "\"perms\":\"rwxp\""),
				 FACT(C_SCAN, "anon-exec")}},
	{"big-environ", .heavy = true,
	 .facts = {FACT(C_ENV, "\"env_truncated\":true"),
		   FACT(C_SCAN, "\"where\":\"env:HOSTILE_NOTE\"")}},
	{"many-fds", .heavy = true,
	 .facts = {FACT_KEY(C_FDS, "\"fd\":", "fds"),
		   FACT_KEY(C_FDS_T, "/dev/null", "fds")}},
	{"many-mappings", .heavy = true,
	 .facts = {FACT_N(C_MAPS, "\"start\":", 50000)}},
	{"many-threads", .heavy = true,
	 .facts = {FACT(C_PS, "\"threads\":2001")}},
	{"zombie", .facts = {FACT(C_PS, "\"state\":\"Z\"")}},
	{"zombie-leader",
	 .facts = {FACT(C_FDS, "\"via_tid\":$TID"),
		   FACT(C_ENV, "\"name\":\"HOSTILE_NOTE\""),
		   FACT(C_SCAN, "zombie-leader-with-live-threads"),
		   FACT(C_TREE_T, "<zombie leader, live thread $TID>")}},
	{"namespaces", .root = true,
	 .facts = {FACT(C_ENV, "\"name\":\"HOSTILE_NOTE\""),
		   FACT(C_SCAN, "github-token")}},
	{"deleted-cwd-root", .root = true,
	 .facts = {FACT(C_SHOW, "/cwd (deleted)\""),
		   FACT(C_SHOW, "/root (deleted)\"")}},
	{"unprivileged", .root = true,
	 .facts = {FACT(C_PS, "\"uid\":65534"), FACT(C_SCAN, "github-token")}},
	{"churn", .all = true, .heavy = true},
	{"fake-etcd",
	 .facts = {FACT(C_SCAN, "\"rule\":\"etcd-db-not-bbolt\"")}},
};

/* Every byte of out below 0x20 but a newline, or 0x7f. */
static void expect_no_control(const struct strbuf *out, const char *what)
{
	for (size_t i = 0; i < out->len; i++) {
		unsigned char c = (unsigned char)out->buf[i];
		cr_assert(c == '\n' || (c >= 0x20 && c != 0x7f),
			  "%s: raw byte 0x%02x at %zu", what, c, i);
	}
}

static size_t count(const struct strbuf *out, const char *want)
{
	size_t n = 0, k = strlen(want);
	const char *p = out->buf, *e = out->buf + out->len;
	while ((p = memmem(p, (size_t)(e - p), want, k))) {
		n++;
		p += k;
	}
	return n;
}

/* Run one command (PID replaced by pid) and check what every command
 * must do; out keeps its output for the facts. */
static void run_checked(const char *name, const char *schema,
			const char *const *tmpl, const char *pid,
			struct strbuf *out)
{
	const char *args[9] = {NULL};
	struct strbuf what = STRBUF_INIT;
	struct e2e_result r;
	size_t i;
	strbuf_addf(&what, "%s:", name);
	for (i = 0; i < 8 && tmpl[i]; i++) {
		args[i] = strcmp(tmpl[i], "PID") ? tmpl[i] : pid;
		strbuf_addf(&what, " %s", args[i]);
	}
	e2e_procsift(&r, NULL, args);
	E2E_EXPECT_STATUS(&r, 0, what.buf);
	cr_assert(!e2e_contains(r.out.buf, r.out.len, SECRET_TAIL) &&
			  !e2e_contains(r.err.buf, r.err.len, SECRET_TAIL),
		  "%s: the seeded secret printed", what.buf);
	expect_no_control(&r.err, what.buf);
	if (schema)
		e2e_validate(schema, &r.out);
	else
		expect_no_control(&r.out, what.buf);
	strbuf_reset(out);
	strbuf_add(out, r.out.buf, r.out.len);
	e2e_result_release(&r);
	strbuf_release(&what);
}

static void run_scenario(const struct scenario *sc)
{
	struct strbuf outs[C__COUNT], tmp = STRBUF_INIT, want = STRBUF_INIT;
	struct insp s;
	char pid[16];
	long long t0 = e2e_now_ms();
	size_t i, k;
	if (sc->root && geteuid() != 0)
		cr_skip_test("%s needs root", sc->name);
	insp_start_bin(&s, hostile_bin(), sc->name, 0);
	snprintf(pid, sizeof(pid), "%s", insp_get(&s, "subject_pid"));
	for (i = 0; i < C__COUNT; i++)
		strbuf_init(&outs[i], 0);
	if (sc->all) {
		for (i = 0; i < sizeof(all_cmds) / sizeof(all_cmds[0]); i++)
			run_checked(sc->name, all_cmds[i].schema,
				    all_cmds[i].args, pid, &tmp);
	} else {
		for (i = 0; i < C__COUNT; i++)
			run_checked(sc->name, one_cmds[i].schema,
				    one_cmds[i].args, pid, &outs[i]);
	}
	for (k = 0; k < sizeof(sc->facts) / sizeof(sc->facts[0]); k++) {
		const struct fact *f = &sc->facts[k];
		const char *tid;
		size_t got, min = f->min ? f->min : 1;
		if (!f->want)
			break;
		strbuf_reset(&want);
		strbuf_addstr(&want, f->want);
		if ((tid = strstr(want.buf, "$TID"))) {
			size_t at = (size_t)(tid - want.buf);
			strbuf_reset(&tmp);
			strbuf_add(&tmp, want.buf, at);
			strbuf_addstr(&tmp, insp_get(&s, "live_tid"));
			strbuf_addstr(&tmp, want.buf + at + 4);
			strbuf_reset(&want);
			strbuf_add(&want, tmp.buf, tmp.len);
		}
		if (f->min_key)
			min = (size_t)insp_int(&s, f->min_key);
		got = count(&outs[f->cmd], want.buf);
		cr_assert(got >= min,
			  "%s: '%s' %zu times in the output of '%s' (want "
			  "%zu):\n%.2000s",
			  sc->name, want.buf, got, one_cmds[f->cmd].args[0],
			  min, outs[f->cmd].buf);
	}
	insp_stop(&s);
	if (sc->heavy)
		fprintf(stderr, "hostile-suite: %s: %lld ms\n", sc->name,
			e2e_now_ms() - t0);
	for (i = 0; i < C__COUNT; i++)
		strbuf_release(&outs[i]);
	strbuf_release(&tmp);
	strbuf_release(&want);
}

TestSuite(hostile_suite, .fini = insp_cleanup, .timeout = 900);

/* At least 30 scenarios, each named here as the tool names it. */
Test(hostile_suite, scenarios_listed)
{
	struct e2e_result r;
	size_t i;
	cr_assert_geq(sizeof(scenarios) / sizeof(scenarios[0]), 30);
	e2e_run(&r, NULL, (const char *const[]){hostile_bin(), "--list", NULL});
	E2E_EXPECT_STATUS(&r, 0, "hostile --list");
	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		cr_assert(e2e_contains(r.out.buf, r.out.len, scenarios[i].name),
			  "%s not in hostile --list", scenarios[i].name);
	e2e_result_release(&r);
}

#define SCENARIO(test, nm)                                                     \
	Test(hostile_suite, test)                                              \
	{                                                                      \
		size_t i;                                                      \
		for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) \
			if (!strcmp(scenarios[i].name, nm))                    \
				run_scenario(&scenarios[i]);                   \
	}

SCENARIO(comm_esc, "comm-esc")
SCENARIO(comm_newline, "comm-newline")
SCENARIO(comm_utf8, "comm-utf8")
SCENARIO(comm_kthread, "comm-kthread")
SCENARIO(argv_esc, "argv-esc")
SCENARIO(argv_newline, "argv-newline")
SCENARIO(argv_deep, "argv-deep")
SCENARIO(env_name_esc, "env-name-esc")
SCENARIO(env_name_utf8, "env-name-utf8")
SCENARIO(env_value_newline, "env-value-newline")
SCENARIO(fd_name, "fd-name")
SCENARIO(fd_long_path, "fd-long-path")
SCENARIO(socket_name, "socket-name")
SCENARIO(fifo, "fifo")
SCENARIO(pty, "pty")
SCENARIO(sockets, "sockets")
SCENARIO(devices, "devices")
SCENARIO(deleted_exe, "deleted-exe")
SCENARIO(memfd_exe, "memfd-exe")
SCENARIO(rwx_memory, "rwx-memory")
SCENARIO(big_environ, "big-environ")
SCENARIO(many_fds, "many-fds")
SCENARIO(many_mappings, "many-mappings")
SCENARIO(many_threads, "many-threads")
SCENARIO(zombie, "zombie")
SCENARIO(zombie_leader, "zombie-leader")
SCENARIO(namespaces, "namespaces")
SCENARIO(deleted_cwd_root, "deleted-cwd-root")
SCENARIO(unprivileged, "unprivileged")
SCENARIO(churn, "churn")
SCENARIO(fake_etcd, "fake-etcd")

/* The comm and argv[2] ("" for a shorter argv) of pid's row in a ps or
 * show document, or false when it has none. */
static bool gen_of(struct json_object *doc, pid_t pid, const char **comm,
		   const char **tag)
{
	struct json_object *procs, *p = doc, *argv;
	if (json_object_object_get_ex(doc, "processes", &procs)) {
		p = NULL;
		for (size_t i = 0; i < json_object_array_length(procs); i++) {
			struct json_object *q =
				json_object_array_get_idx(procs, i);
			if (json_object_get_int(e2e_json_get(q, "pid")) == pid)
				p = q;
		}
		if (!p)
			return false;
	}
	argv = e2e_json_get(p, "argv");
	*comm = json_object_get_string(e2e_json_get(p, "comm"));
	*tag = json_object_array_length(argv) > 2
		       ? json_object_get_string(
				 json_object_array_get_idx(argv, 2))
		       : "";
	return true;
}

/* Processes come and go at one pid (hostile pid-reuse sets the next pid
 * before each fork), each with its own comm and argv: every row procsift
 * shows for that pid is one process, never the comm of one and the
 * command line of the next; show, which reads more, says the pid was
 * reused (exit 3) rather than mix two. */
Test(hostile_suite, pid_reuse)
{
	struct insp s;
	char pid[16], seen[64] = "";
	int distinct = 0, rows = 0;
	pid_t x;
	if (geteuid() != 0)
		cr_skip_test("pid-reuse needs root (ns_last_pid)");
	insp_start_bin(&s, hostile_bin(), "pid-reuse", 0);
	x = (pid_t)insp_int(&s, "reuse");
	snprintf(pid, sizeof(pid), "%d", (int)x);
	for (int i = 0; i < 200 && (distinct < 3 || rows < 10); i++) {
		static const char *const cmds[][5] = {
			{"ps", "--json", "-p", NULL, NULL},
			{"show", "--json", NULL, NULL, NULL},
			{"ps", "--json", NULL, NULL, NULL},
		};
		const char *args[6] = {NULL}, *comm, *tag;
		const char *const *c = cmds[i % 3];
		struct e2e_result r;
		struct json_object *doc;
		size_t k;
		for (k = 0; c[k]; k++)
			args[k] = c[k];
		if (i % 3 != 2)
			args[k] = pid;
		e2e_procsift(&r, NULL, args);
		cr_assert(r.status == 0 || r.status == 1 || r.status == 3,
			  "%s: exit %d: %s", args[0], r.status, r.err.buf);
		if (r.status == 0 && (doc = json_tokener_parse(r.out.buf))) {
			/* A generation that has just ended (a zombie) has
			 * no argv left: its comm alone is no mix. */
			if (gen_of(doc, x, &comm, &tag) && *tag) {
				rows++;
				cr_assert_str_eq(
					comm, tag,
					"%s: pid %d shows comm %s with "
					"the argv of %s",
					args[0], (int)x, comm, tag);
				if (!strstr(seen, comm) &&
				    strlen(seen) + strlen(comm) + 2 <
					    sizeof(seen)) {
					strcat(seen, comm);
					strcat(seen, " ");
					distinct++;
				}
			}
			json_object_put(doc);
		}
		e2e_result_release(&r);
	}
	cr_assert_geq(distinct, 2, "pid %d was not seen reused (%s; %d rows)",
		      (int)x, seen, rows);
	insp_stop(&s);
}
