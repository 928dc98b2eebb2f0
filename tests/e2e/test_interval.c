/* End-to-end: scheduled scans (scan --interval): a finding reported once
 * over the rounds, a heartbeat a round, a process started between rounds
 * reported in a later round, SIGTERM ending the run with 0, one text
 * heading, one JSON document a round, and the usage errors. Nothing here
 * asserts a duration: only what each round reports. */
#include "e2e/helpers.h"

#define GHP "ghp_38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SK"
#define WHERE "env:GITHUB_TOKEN"

/* Whether pid runs a program whose comm is comm. */
static bool comm_is(pid_t pid, const char *comm)
{
	char path[64], buf[32] = "";
	ssize_t n;
	int fd;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return !strcmp(buf, comm);
}

/* A sleep with GITHUB_TOKEN=GHP and nothing else in its environment;
 * returns once it runs sleep (its environment set). */
static pid_t secret_child(void)
{
	static const char *const env[] = {"GITHUB_TOKEN=" GHP, NULL};
	static const char *const argv[] = {"sleep", "600", NULL};
	long long deadline = e2e_now_ms() + E2E_TIMEOUT_MS;
	pid_t pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		if (prctl(PR_SET_PDEATHSIG, SIGKILL))
			_exit(126);
		e2e_no_inherit();
		execve("/bin/sleep", (char *const *)argv, (char *const *)env);
		_exit(127);
	}
	while (!comm_is(pid, "sleep")) {
		cr_assert(e2e_now_ms() < deadline, "sleep did not start");
		e2e_sleep_ms(5);
	}
	return pid;
}

static void child_stop(pid_t pid)
{
	int st;
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

/* procsift running with its standard output and error read as they come,
 * line by line. */
struct live {
	pid_t pid;
	int out, err;
	struct strbuf obuf, ebuf;
	size_t used; /* bytes of obuf already handed out as lines */
	long long deadline;
};

static void live_start(struct live *l, const char *const *args)
{
	const char *argv[32];
	int outp[2], errp[2], in;
	size_t n = 0;
	argv[n++] = e2e_procsift_bin();
	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	memset(l, 0, sizeof(*l));
	strbuf_init(&l->obuf, 0);
	strbuf_init(&l->ebuf, 0);
	l->deadline = e2e_now_ms() + E2E_TIMEOUT_MS;
	signal(SIGPIPE, SIG_IGN);
	in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	cr_assert(in >= 0 && !pipe2(outp, O_CLOEXEC) &&
		  !pipe2(errp, O_CLOEXEC));
	l->pid = fork();
	cr_assert(l->pid >= 0, "fork: %s", strerror(errno));
	if (!l->pid)
		e2e_child(in, outp[1], errp[1], false, argv);
	close(in);
	close(outp[1]);
	close(errp[1]);
	l->out = outp[0];
	l->err = errp[0];
	fcntl(l->out, F_SETFL, O_NONBLOCK);
	fcntl(l->err, F_SETFL, O_NONBLOCK);
}

/* The next whole line of standard output as JSON (owned), or NULL at its
 * end; without wait, NULL also when no whole line has come yet. */
static struct json_object *live_next(struct live *l, bool wait)
{
	for (;;) {
		char *s = l->obuf.buf + l->used;
		char *nl = memchr(s, '\n', l->obuf.len - l->used);
		struct pollfd p[2] = {{l->out, POLLIN, 0}, {l->err, POLLIN, 0}};
		if (nl) {
			struct strbuf line = STRBUF_INIT;
			struct json_object *o;
			strbuf_add(&line, s, (size_t)(nl - s) + 1);
			l->used += (size_t)(nl - s) + 1;
			o = e2e_json_parse(&line);
			strbuf_release(&line);
			return o;
		}
		if (l->out < 0) {
			cr_assert_eq(l->used, l->obuf.len,
				     "unterminated last line: '%s'", s);
			return NULL;
		}
		cr_assert(e2e_now_ms() < l->deadline,
			  "procsift wrote no line in time; stderr:\n%s",
			  l->ebuf.buf);
		if (poll(p, l->err >= 0 ? 2 : 1, wait ? 100 : 0) <= 0 && !wait)
			return NULL;
		if (p[0].revents)
			e2e_drain(&l->out, &l->obuf);
		if (l->err >= 0 && p[1].revents)
			e2e_drain(&l->err, &l->ebuf);
	}
}

/* Wait for procsift to end (reading what is left: see live_next) and
 * return its exit status. */
static int live_wait(struct live *l)
{
	int status;
	while (l->err >= 0) {
		struct pollfd p = {l->err, POLLIN, 0};
		cr_assert(e2e_now_ms() < l->deadline, "stderr not closed");
		if (poll(&p, 1, 100) > 0)
			e2e_drain(&l->err, &l->ebuf);
	}
	status = e2e_wait(l->pid, l->deadline, "procsift");
	cr_assert(!strstr(l->ebuf.buf, "Sanitizer") &&
			  !strstr(l->ebuf.buf, "runtime error:"),
		  "sanitizer report from procsift:\n%s", l->ebuf.buf);
	return status;
}

static void live_release(struct live *l)
{
	if (l->out >= 0)
		close(l->out);
	if (l->err >= 0)
		close(l->err);
	strbuf_release(&l->obuf);
	strbuf_release(&l->ebuf);
}

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v = e2e_json_get(o, key);
	cr_assert(json_object_is_type(v, json_type_string), "%s: %s", key,
		  json_object_to_json_string(o));
	return json_object_get_string(v);
}

static long long jint(struct json_object *o, const char *key)
{
	struct json_object *v = e2e_json_get(o, key);
	cr_assert(json_object_is_type(v, json_type_int), "%s: %s", key,
		  json_object_to_json_string(o));
	return json_object_get_int64(v);
}

/* Whether o (an NDJSON record, or a finding of a --json document) is the
 * finding of the token in pid's environment. */
static bool is_token_of(struct json_object *o, pid_t pid)
{
	struct json_object *rec;
	if (json_object_object_get_ex(o, "record", &rec) &&
	    strcmp(json_object_get_string(rec), "finding"))
		return false;
	return e2e_json_pid(o) == pid && !strcmp(jstr(o, "where"), WHERE);
}

/* Three rounds of one process: its finding once, in the first; a
 * heartbeat after each round, the later two with nothing new; each line
 * valid against the schema. */
Test(interval, three_rounds_finding_once)
{
	struct e2e_result r;
	char pid[16];
	pid_t child = secret_child();
	size_t token = 0, findings = 0, beats = 0;
	long long present = -1;
	char *p, *nl;
	snprintf(pid, sizeof(pid), "%d", (int)child);
	PROCSIFT(&r, "scan", "--judge", "env", "-p", pid, "--ndjson",
		 "--interval", "1s", "--rounds", "3");
	child_stop(child);
	E2E_EXPECT_STATUS(&r, 0, "scan --interval 1s --rounds 3");
	for (p = r.out.buf; *p; p = nl + 1) {
		struct strbuf line = STRBUF_INIT;
		struct json_object *o;
		nl = strchr(p, '\n');
		cr_assert(nl, "last line unterminated: '%s'", p);
		strbuf_add(&line, p, (size_t)(nl - p) + 1);
		o = e2e_json_parse(&line);
		if (!strcmp(jstr(o, "record"), "heartbeat")) {
			beats++;
			cr_assert_eq(jint(o, "round"), (long long)beats);
			cr_assert_eq(jint(o, "new_findings"),
				     beats == 1 ? (long long)findings : 0, "%s",
				     line.buf);
			if (present < 0)
				present = jint(o, "present_findings");
			cr_assert_eq(jint(o, "present_findings"), present);
			cr_assert_eq(
				jint(e2e_json_get(o, "summary"), "processes"),
				1);
			e2e_validate("scan-finding", &line);
		} else {
			cr_assert_eq(beats, 0, "a finding after round 1: %s",
				     line.buf);
			findings++;
			token += is_token_of(o, child);
			if (token == 1 && is_token_of(o, child))
				e2e_validate("scan-finding", &line);
		}
		json_object_put(o);
		strbuf_release(&line);
	}
	cr_assert_eq(token, 1, "the token reported %zu times:\n%s", token,
		     r.out.buf);
	cr_assert_eq(beats, 3, "%zu heartbeats:\n%s", beats, r.out.buf);
	cr_assert(e2e_contains(r.err.buf, r.err.len, "round 3: 0 new findings"),
		  "stderr: %s", r.err.buf);
	e2e_result_release(&r);
}

/* A process started after the first heartbeat is reported once, in a
 * later round, and the first process's finding is not repeated; SIGTERM
 * ends the run (between rounds or after the one running) with 0. The
 * whole host is scanned, so only the two children's lines count. */
Test(interval, new_process_in_a_later_round)
{
	struct live l;
	struct json_object *o;
	pid_t a = secret_child(), b = 0;
	size_t a_seen = 0, b_seen = 0;
	long long beat = 0, until = 0;
	int status;
	bool wait = true;
	live_start(&l, E2E_ARGS("scan", "--judge", "env", "--ndjson",
				"--interval", "1s"));
	for (;;) {
		o = live_next(&l, wait);
		if (!o && !wait) {
			/* What procsift wrote before b ran is read: the
			 * round after the last heartbeat read may have
			 * walked before b was there, the next cannot. */
			until = beat + 2;
			wait = true;
			continue;
		}
		cr_assert(o, "procsift ended early; stderr:\n%s", l.ebuf.buf);
		if (!strcmp(jstr(o, "record"), "heartbeat")) {
			cr_assert_eq(jint(o, "round"), beat + 1);
			beat++;
		} else {
			if (is_token_of(o, a)) {
				cr_assert_eq(beat, 0, "a in round %lld",
					     beat + 1);
				a_seen++;
			}
			if (b && is_token_of(o, b)) {
				cr_assert_geq(beat, 1);
				b_seen++;
			}
		}
		json_object_put(o);
		if (beat == 1 && !b) {
			b = secret_child();
			wait = false;
		}
		if (until && beat >= until)
			break;
	}
	cr_assert(!kill(l.pid, SIGTERM));
	while ((o = live_next(&l, true))) {
		if (!strcmp(jstr(o, "record"), "finding")) {
			a_seen += is_token_of(o, a);
			b_seen += is_token_of(o, b);
		}
		json_object_put(o);
	}
	status = live_wait(&l);
	child_stop(a);
	child_stop(b);
	cr_assert_eq(status, 0, "exit %d after SIGTERM; stderr:\n%s", status,
		     l.ebuf.buf);
	cr_assert_eq(a_seen, 1, "a's token reported %zu times", a_seen);
	cr_assert_eq(b_seen, 1, "b's token reported %zu times", b_seen);
	cr_assert(e2e_contains(l.ebuf.buf, l.ebuf.len, "stopped after round"),
		  "stderr: %s", l.ebuf.buf);
	live_release(&l);
}

/* Text: one heading over the run, the row once. JSON: one document a
 * round, the finding in the first only, each with its round's summary. */
Test(interval, text_and_json_rounds)
{
	struct e2e_result r;
	struct strbuf doc = STRBUF_INIT;
	struct json_object *o, *a;
	char pid[16], *p, *nl;
	pid_t child = secret_child();
	size_t heads = 0, rows = 0, docs = 0;
	snprintf(pid, sizeof(pid), "%d", (int)child);
	PROCSIFT(&r, "scan", "--judge", "env", "-p", pid, "--interval", "1s",
		 "--rounds", "2");
	E2E_EXPECT_STATUS(&r, 0, "scan --interval 1s --rounds 2");
	for (p = r.out.buf; (nl = strchr(p, '\n')); p = nl + 1) {
		heads += !strncmp(p, "SEVERITY", 8);
		rows += e2e_contains(p, (size_t)(nl - p), WHERE);
	}
	cr_assert_eq(heads, 1, "headings:\n%s", r.out.buf);
	cr_assert_eq(rows, 1, "rows:\n%s", r.out.buf);
	e2e_result_release(&r);

	PROCSIFT(&r, "scan", "--judge", "env", "-p", pid, "--json",
		 "--interval", "1s", "--rounds", "2");
	child_stop(child);
	E2E_EXPECT_STATUS(&r, 0, "scan --json --interval 1s --rounds 2");
	for (p = r.out.buf; (nl = strchr(p, '\n')); p = nl + 1) {
		size_t i, n, token = 0;
		strbuf_reset(&doc);
		strbuf_add(&doc, p, (size_t)(nl - p) + 1);
		e2e_validate("scan", &doc);
		o = e2e_json_parse(&doc);
		a = e2e_json_get(o, "findings");
		n = json_object_array_length(a);
		for (i = 0; i < n; i++)
			token += is_token_of(json_object_array_get_idx(a, i),
					     child);
		cr_assert_eq(token, docs ? 0 : 1, "document %zu: %s", docs,
			     doc.buf);
		cr_assert_eq(jint(e2e_json_get(o, "summary"), "processes"), 1);
		json_object_put(o);
		docs++;
	}
	cr_assert_eq(docs, 2, "documents:\n%s", r.out.buf);
	strbuf_release(&doc);
	e2e_result_release(&r);
}

Test(interval, usage_errors)
{
	static const char *const bad[][6] = {
		{"--interval", "0"},
		{"--interval", "x"},
		{"--interval", "5x"},
		{"--interval", ""},
		{"--interval", "1s", "--rounds", "x"},
		{"--interval", "1s", "--rounds", "-1"},
		{"--rounds", "2"},
	};
	size_t i;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct e2e_result r;
		const char *args[8] = {"scan", "-p", "1"};
		size_t k;
		for (k = 0; k < 5 && bad[i][k]; k++)
			args[3 + k] = bad[i][k];
		args[3 + k] = NULL;
		e2e_procsift(&r, NULL, args);
		cr_assert_eq(r.status, 2, "scan %s %s %s %s: exit %d\n%s",
			     bad[i][0], bad[i][1], bad[i][2] ? bad[i][2] : "",
			     bad[i][3] ? bad[i][3] : "", r.status, r.err.buf);
		cr_assert_eq(r.out.len, 0, "stdout: %s", r.out.buf);
		cr_assert(r.err.len, "no message");
		e2e_result_release(&r);
	}
}
