/* procsift scan: every selected judge over every process (or --pid,
 * --container) and the host judges, findings as a table (one row per
 * secret and place), JSON or NDJSON (streamed as processes are judged),
 * an honest coverage summary on stderr, and --fail-on; with --interval,
 * again every interval, each round reporting only new findings. */
#include <errno.h>
#include <json-c/json.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "cmd/command.h"
#include "cmd/interval.h"
#include "cmd/judgeopts.h"
#include "cmd/judging.h"
#include "cmd/outopts.h"
#include "cmd/ruleopts.h"
#include "model/etcd.h"
#include "model/findmemo.h"
#include "render/finding_view.h"
#include "proc/hostread.h"
#include "proc/pidfile.h"
#include "proc/pidprobe.h"
#include "scan/posture.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum {
	SC_REVEAL = 1,
	SC_KEY,
	SC_NO_GROUP,
	SC_INTERVAL,
	SC_ROUNDS,
};

static const struct cmd_opt scan_opts[] = {
	JUDGE_OPTS,
	OUTPUT_OPTS,
	OUTPUT_OPT_NDJSON,
	{SC_REVEAL, "reveal", 0, NULL, COMPLETE_NONE,
	 "show secret values in full"},
	{SC_KEY, "fingerprint-key", 0, "HEX", COMPLETE_NONE,
	 "fingerprint key (16-64 hex digits) instead of a random one"},
	{SC_NO_GROUP, "no-group", 0, NULL, COMPLETE_NONE,
	 "one row per process in the table, not one per secret and place"},
	{SC_INTERVAL, "interval", 0, "DURATION", COMPLETE_NONE,
	 "scan again every DURATION (30s, 5m, 1h), reporting new findings "
	 "only"},
	{SC_ROUNDS, "rounds", 0, "N", COMPLETE_NONE,
	 "with --interval, stop after N rounds (0: until SIGINT or SIGTERM)"},
	RULE_OPTS,
	{0},
};

enum scan_format { FMT_TEXT, FMT_JSON, FMT_NDJSON };

struct scan_state {
	struct judge_opts jo;
	struct rule_opts ro;
	struct out_opts oo;
	enum scan_format fmt; /* from oo, once parsed */
	int sel[FINDING_NCOLS_ALL * 2];
	size_t nsel;
	bool reveal, no_group;
	const char *key;
	uint64_t interval; /* --interval, seconds; 0: one scan */
	uint64_t rounds;   /* --rounds; 0: until a signal */
	bool rounds_set;
	bool headed;	       /* text, --interval: the heading was printed */
	struct findmemo *memo; /* --interval: what earlier rounds reported */
	/* While judging: */
	struct findstore *kept; /* text and JSON: every finding shown */
	size_t by_severity[SEV_CRITICAL + 1];
	size_t judged_by_severity[SEV_CRITICAL + 1]; /* --min-severity too */
	size_t new_findings; /* reported (of by_severity), not reported in
			      * an earlier round */
	struct ndjson_meta meta;
	/* The summary's link: an apiserver writing Secrets unencrypted,
	 * an etcd holding plaintext ones (the first of each). */
	pid_t plain_apiserver, plain_etcd;
	size_t plain_secrets;
	pthread_mutex_t lock; /* guards kept, by_severity and the link */
};

static int scan_opt(void *state, int id, const char *arg)
{
	struct scan_state *st = state;
	int r;
	switch (id) {
	case SC_REVEAL:
		st->reveal = true;
		return 0;
	case SC_KEY:
		st->key = arg;
		return 0;
	case SC_NO_GROUP:
		st->no_group = true;
		return 0;
	case SC_INTERVAL:
		if (parse_duration(arg, strlen(arg), &st->interval) ||
		    !st->interval) {
			msg_error("scan: invalid --interval '%s' (a number "
				  "and s, m, h or d, at least 1s)",
				  arg);
			return EXIT_USAGE;
		}
		return 0;
	case SC_ROUNDS:
		if (!parse_dec_u64(arg, strlen(arg), UINT32_MAX, &st->rounds)) {
			msg_error("scan: invalid --rounds '%s' (a number, 0 "
				  "for no end)",
				  arg);
			return EXIT_USAGE;
		}
		st->rounds_set = true;
		return 0;
	}
	r = judge_opts_opt(&st->jo, "scan", id, arg);
	if (r != 1)
		return r;
	return rule_opts_or_output(&st->ro, &st->oo, "scan", id, arg);
}

/* The summary's link, from every finding (--min-severity or not): the
 * first apiserver that writes Secrets unencrypted, the first etcd with
 * plaintext Secrets and how many it holds. Under st->lock. */
static void note_plaintext(struct scan_state *st, const struct finding *f)
{
	if (posture_writes_plaintext(f) && !st->plain_apiserver)
		st->plain_apiserver = f->pid;
	if (f->kind != KIND_SECRET || !f->judge || !f->rule ||
	    strcmp(f->judge, ETCD_JUDGE) ||
	    strcmp(f->rule, ETCD_RULE_PLAINTEXT))
		return;
	if (!st->plain_etcd)
		st->plain_etcd = f->pid;
	if (f->pid == st->plain_etcd)
		st->plain_secrets++;
}

/* One process's findings: those below --min-severity are dropped (but
 * counted for --fail-on), and with --interval those reported in an
 * earlier round (but counted as present); NDJSON writes the rest to the
 * process's output part at once, the other formats keep them for sorting
 * and grouping. */
static void sink(void *arg, struct findings *l, struct out_stream *out)
{
	struct scan_state *st = arg;
	size_t judged[SEV_CRITICAL + 1] = {0}, i, k = 0;
	for (i = 0; i < l->n; i++) {
		if (l->f[i].kind == KIND_POSTURE ||
		    !strcmp(l->f[i].judge, ETCD_JUDGE)) {
			pthread_mutex_lock(&st->lock);
			note_plaintext(st, &l->f[i]);
			pthread_mutex_unlock(&st->lock);
		}
		judged[l->f[i].severity]++;
		if ((int)l->f[i].severity < st->jo.min_sev) {
			finding_release(&l->f[i]);
			continue;
		}
		l->f[k++] = l->f[i];
	}
	l->n = k;
	pthread_mutex_lock(&st->lock);
	for (i = 0; i <= SEV_CRITICAL; i++)
		st->judged_by_severity[i] += judged[i];
	for (i = k = 0; i < l->n; i++) {
		st->by_severity[l->f[i].severity]++;
		if (st->memo && !findmemo_note(st->memo, &l->f[i])) {
			finding_release(&l->f[i]);
			continue;
		}
		l->f[k++] = l->f[i];
	}
	l->n = k;
	st->new_findings += k;
	if (st->fmt != FMT_NDJSON)
		findstore_add_all(st->kept, l);
	pthread_mutex_unlock(&st->lock);
	if (st->fmt == FMT_NDJSON)
		findings_print_ndjson(out->fp, l, &st->meta);
}

/* --interval: the processes of the round, whose findings are kept in
 * mind even in a round that does not report them. */
static void saw(void *arg, pid_t pid, unsigned long long start_ticks)
{
	struct scan_state *st = arg;
	pthread_mutex_lock(&st->lock);
	findmemo_saw(st->memo, pid, start_ticks);
	pthread_mutex_unlock(&st->lock);
}

/* A string of a snapshot's manifest into buf, or "". */
static void manifest_str(const struct proc_source *src, const char *key,
			 char *buf, size_t size)
{
	struct json_object *v;
	buf[0] = '\0';
	if (src && src->manifest &&
	    json_object_object_get_ex(src->manifest, key, &v) &&
	    json_object_is_type(v, json_type_string))
		snprintf(buf, size, "%s", json_object_get_string(v));
}

/* The record's time is now; its host and boot id are those the
 * processes ran on: a snapshot's, read offline. */
static void read_meta(struct ndjson_meta *m, const struct proc_source *src)
{
	struct strbuf sb = STRBUF_INIT;
	struct timeval tv;
	struct tm tm;
	char buf[32];
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(m->time, sizeof(m->time), "%.20s.%03uZ", buf,
		 (unsigned)(tv.tv_usec / 1000) % 1000);
	if (gethostname(m->host, sizeof(m->host)))
		m->host[0] = '\0';
	m->host[sizeof(m->host) - 1] = '\0';
	m->boot_id[0] = '\0';
	if (!proc_read_file(AT_FDCWD, "/proc/sys/kernel/random/boot_id", 64,
			    &sb, NULL))
		snprintf(m->boot_id, sizeof(m->boot_id), "%.*s",
			 (int)strcspn(sb.buf, "\n"), sb.buf);
	strbuf_release(&sb);
	m->version = PROCSIFT_VERSION;
	if (src && src->snapshot) {
		manifest_str(src, "host", m->host, sizeof(m->host));
		manifest_str(src, "boot_id", m->boot_id, sizeof(m->boot_id));
	}
}

/* "environ: Permission denied (3), exe: ..." */
static void missing_text(struct strbuf *sb, const struct coverage *c)
{
	int f;
	if (c->none)
		strbuf_addf(sb, "stat: %s (%zu)", strerror(c->none_errno),
			    c->none);
	for (f = 0; f < FACET__COUNT; f++)
		if (c->facet[f])
			strbuf_addf(sb, "%s%s: %s (%zu)", sb->len ? ", " : "",
				    facet_name(f), strerror(c->facet_errno[f]),
				    c->facet[f]);
}

static void report(const struct scan_summary *s)
{
	const struct coverage *c = s->cov;
	struct strbuf sb = STRBUF_INIT, miss = STRBUF_INIT;
	size_t n;
	int sev, f;
	for (sev = SEV_CRITICAL; sev >= SEV_INFO; sev--)
		strbuf_addf(&sb, "%s%zu %s", sev == SEV_CRITICAL ? "" : ", ",
			    s->by_severity[sev], severity_name(sev));
	missing_text(&miss, c);
	n = c->complete + c->partial + c->none;
	msg_note("scan: %zu process%s: %zu judged completely, %zu in part, "
		 "%zu not at all%s%s%s; %zu judge%s, %zu rule%s; findings: %s",
		 n, n == 1 ? "" : "es", c->complete, c->partial, c->none,
		 miss.len ? " (" : "", miss.buf, miss.len ? ")" : "",
		 s->njudges, s->njudges == 1 ? "" : "s", s->rules,
		 s->rules == 1 ? "" : "s", sb.buf);
	for (f = 0; f < FACET__COUNT; f++)
		if (c->truncated[f])
			msg_warn("scan: %zu process%s: %s cut at a cap (when "
				 "read or judged); the rest was not judged",
				 c->truncated[f],
				 c->truncated[f] == 1 ? "" : "es",
				 facet_name(f));
	if (c->host_failed)
		msg_error("scan: judge %s could not run: %s",
			  c->host_failed_judge, c->host_err);
	if (c->hidden || c->pidns_host == 0) {
		struct cmd_visibility v = {.hidden = c->hidden,
					   .pidns_host = c->pidns_host,
					   .pidns_ino = c->pidns_ino,
					   .hidden_tasks = c->hidden_tasks};
		cmd_visibility_warn("scan", &v);
	} else if (!n)
		msg_warn("scan: no process was judged");
	if (c->probe.ran && !c->probe.err)
		msg_note("scan: hidden-pid: stat of pids 1-%u: %zu listed, %zu "
			 "hidden (%zu gone or listed at a re-check)",
			 c->probe.pid_max, c->probe.listed, c->probe.hidden,
			 c->probe.transient);
	else if (s->probe_skipped)
		msg_note("scan: hidden-pid: %s", s->probe_skipped);
	if (s->plain_apiserver && s->plain_etcd)
		msg_warn("scan: kube-apiserver (pid %d) writes Secrets "
			 "unencrypted: etcd (pid %d) holds %zu plaintext "
			 "Secret%s",
			 (int)s->plain_apiserver, (int)s->plain_etcd,
			 s->plain_secrets, s->plain_secrets == 1 ? "" : "s");
	if (s->hint)
		msg_warn("scan: %s", s->hint);
	else if (coverage_refused(c) && cmd_have_read_caps())
		msg_warn("scan: some processes could not be read: %s",
			 cmd_refused_hint(EACCES));
	strbuf_release(&sb);
	strbuf_release(&miss);
}

static int scan_run(const struct command *cmd, struct ctx *ctx, int argc,
		    char **argv);

/* Whether the hidden-pid probe runs (judge_opts_probe_gate), from pid_max
 * and the number of processes /proc lists now. */
static void probe_gate(const struct judge_opts *o, const struct judge **sel,
		       size_t *n, char *why, size_t whylen)
{
	unsigned pid_max = 0;
	size_t nprocs = 0;
	int fd = proc_open_root(o->src);
	if (fd >= 0) {
		if (proc_pid_max(fd, &pid_max))
			pid_max = 0;
		proc_count_pids(fd, &nprocs);
		close(fd);
	}
	judge_opts_probe_gate(o, sel, n, pid_max, nprocs, why, whylen);
}

const struct command cmd_scan = {
	.name = "scan",
	.summary = "judge every process: plaintext secrets, signs of "
		   "intrusion, control-plane posture",
	.details =
		"Reads each process once and runs every selected judge on it "
		"(procsift judges), then the host judges. Secrets show at "
		"most 4 characters and the length; the fingerprint (keyed "
		"BLAKE2b, random key per run) matches equal secrets within "
		"one report. The table shows one row per secret and place "
		"with the processes that share it. Exit 1 with --fail-on when "
		"a finding at or above it exists; exit 3 with --fail-on when "
		"a process could not be judged completely (unless "
		"--partial-ok) or a judge could not run. With --interval, "
		"scan again at each interval, each round reporting the "
		"findings not reported before (then, with --ndjson, a "
		"heartbeat record), until --rounds or SIGINT or SIGTERM.",
	.privileges =
		"CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH, as env, fds and "
		"maps, for other users' processes; the host judges read "
		"configuration files through /proc/PID/root and etcd's "
		"database through /proc/PID/fd/N, which take both. With the "
		"two, as an ordinary user, it judges what root does (see "
		"the summary for what it could not read, and why); nothing "
		"needs CAP_SYS_ADMIN. Without CAP_FOWNER, a configuration "
		"file read may update its access time.",
	.opts = scan_opts,
	CMD_COLUMNS(finding_cols),
	.run = scan_run,
};

static int setup(struct scan_state *st, struct ctx *ctx, int argc, char **argv,
		 struct ruleset *rs, struct redactor *red)
{
	int first, r = cmd_parse_opts(&cmd_scan, ctx, argc, argv, scan_opt, st,
				      &first);
	if (!r && first < argc) {
		msg_error("scan: unexpected operand '%s'; use --pid",
			  argv[first]);
		r = EXIT_USAGE;
	}
	if (!r && st->rounds_set && !st->interval) {
		msg_error("scan: --rounds needs --interval");
		r = EXIT_USAGE;
	}
	if (!r)
		r = out_opts_finish(&st->oo, "scan", ctx->out);
	if (!r)
		r = out_opts_columns(
			&st->oo, "scan", finding_cols, FINDING_NCOLS_ALL,
			finding_cols_default, FINDING_NCOLS, st->sel,
			sizeof(st->sel) / sizeof(st->sel[0]), &st->nsel);
	/* NDJSON wins over JSON (--pretty included): a record a line. */
	st->fmt = st->oo.ndjson ? FMT_NDJSON
		  : st->oo.json ? FMT_JSON
				: FMT_TEXT;
	if (!r && (st->key ? redactor_init_hex(red, st->key, st->reveal)
			   : redactor_init_random(red, st->reveal))) {
		msg_error("scan: bad --fingerprint-key (16 to 64 hex digits)");
		r = EXIT_USAGE;
	}
	/* Evidence is made while judging, for the one format shown. */
	red->ascii = ctx->ascii_locale && st->fmt == FMT_TEXT;
	if (!r)
		r = rule_opts_load(&st->ro, rs, "scan");
	return r;
}

/* The round's findings and summary (rd: --interval's round, or NULL);
 * with --interval, flushed: a log pipeline reads each round as it ends. */
static int print(struct ctx *ctx, struct scan_state *st,
		 const struct scan_summary *sum, const struct scan_round *rd)
{
	struct finding_list l;
	struct finding_text_opts fo = {.fp = ctx->out,
				       .group = !st->no_group,
				       .noheadings =
					       st->oo.noheadings || st->headed,
				       .ascii = ctx->ascii_locale,
				       .style = st->oo.style,
				       .sel = st->sel,
				       .nsel = st->nsel};
	int r = 0;
	switch (st->fmt) {
	case FMT_NDJSON:
		r = rd ? findings_print_ndjson_heartbeat(ctx->out, rd, sum,
							 &st->meta)
		       : findings_print_ndjson_summary(ctx->out, sum,
						       &st->meta);
		break;
	case FMT_JSON:
		findstore_sort(st->kept);
		l = finding_list_of_store(st->kept);
		r = findings_print_json(ctx->out, st->oo.pretty, &l, sum);
		break;
	case FMT_TEXT:
		findstore_sort(st->kept);
		l = finding_list_of_store(st->kept);
		r = findings_print_text(&fo, &l);
		/* Rounds go on one table: one heading, over the first
		 * round's rows. */
		st->headed = st->headed || l.n;
		break;
	}
	if (!r && rd && (fflush(ctx->out) || ferror(ctx->out)))
		r = -EIO;
	return r ? EXIT_RUNTIME : 0;
}

/* Reset what one round counts. */
static void round_begin(struct scan_state *st)
{
	memset(st->by_severity, 0, sizeof(st->by_severity));
	memset(st->judged_by_severity, 0, sizeof(st->judged_by_severity));
	st->new_findings = 0;
	st->plain_apiserver = st->plain_etcd = 0;
	st->plain_secrets = 0;
	findstore_free(st->kept);
	st->kept = findstore_new();
	read_meta(&st->meta, st->jo.src);
	if (st->memo)
		findmemo_round_begin(st->memo);
}

/* One scan (with --interval, round n): judge, report on stderr, print.
 * base: what every round's summary says. Returns the exit status of the
 * scan; *write_err when standard output could not be written. */
static int scan_once(struct ctx *ctx, struct scan_state *st, struct judging *j,
		     const struct scan_summary *base, uint64_t n,
		     bool *write_err)
{
	struct scan_summary sum = *base;
	struct scan_round rd = {.round = n};
	struct out_stream out;
	size_t i;
	int r, r2;

	round_begin(st);
	/* Only NDJSON writes while judging, raw and in pid order. */
	out = (struct out_stream){.fp = ctx->out, .noheadings = true};
	out_stream_begin(&out);
	r = judging_run(j, &out, "scan");
	r2 = out_stream_end(&out);
	sum.cov = &j->cov;
	sum.hint = coverage_refused(&j->cov)
			   ? cmd_privilege_hint(j->opts->src, EACCES)
			   : NULL;
	memcpy(sum.by_severity, st->by_severity, sizeof(sum.by_severity));
	sum.plain_apiserver = st->plain_apiserver;
	sum.plain_etcd = st->plain_etcd;
	sum.plain_secrets = st->plain_secrets;
	report(&sum);
	if (st->memo) {
		rd.new_findings = st->new_findings;
		for (i = 0; i <= SEV_CRITICAL; i++)
			rd.present += st->by_severity[i];
		findmemo_round_end(st->memo);
		msg_note("scan: round %llu: %zu new finding%s, %zu present",
			 (unsigned long long)n, rd.new_findings,
			 rd.new_findings == 1 ? "" : "s", rd.present);
	}
	if (print(ctx, st, &sum, st->memo ? &rd : NULL) || r2) {
		*write_err = true;
		return EXIT_RUNTIME;
	}
	if (!r && st->jo.fail_on >= 0) {
		for (i = st->jo.fail_on; i <= SEV_CRITICAL && !r; i++)
			if (st->judged_by_severity[i])
				r = EXIT_FINDINGS;
		/* Not judged completely: a clean result would be a claim
		 * procsift cannot make. */
		if ((!coverage_complete(&j->cov) && !st->jo.partial_ok) ||
		    j->cov.host_failed || !(j->cov.complete + j->cov.partial))
			r = EXIT_RUNTIME;
	}
	return r;
}

static int scan_run(const struct command *cmd, struct ctx *ctx, int argc,
		    char **argv)
{
	struct scan_state st;
	struct ruleset rs;
	struct redactor red;
	const struct judge *sel[64];
	const char *ids[64];
	struct judge_ctx jc;
	struct host_ref href;
	struct judging j;
	struct scan_summary base;
	struct interval iv;
	char skipped[200];
	size_t nsel = 0, i;
	uint64_t n;
	bool write_err = false;
	int r, sig;

	(void)cmd; /* setup parses with cmd_scan */
	memset(&st, 0, sizeof(st));
	judge_opts_init(&st.jo);
	st.jo.src = ctx->src;
	ruleset_init(&rs);
	pthread_mutex_init(&st.lock, NULL);
	r = setup(&st, ctx, argc, argv, &rs, &red);
	if (!r)
		r = judge_opts_select(&st.jo, "scan", sel, &nsel);
	if (r)
		goto out;
	probe_gate(&st.jo, sel, &nsel, skipped, sizeof(skipped));
	host_ref_read_proc(ctx->src, &href);
	jc = (struct judge_ctx){.rules = &rs, .red = &red, .host = &href};
	j = (struct judging){
		.jc = &jc,
		.judges = sel,
		.njudges = nsel,
		.opts = &st.jo,
		.sink = sink,
		.sink_arg = &st,
	};
	for (i = 0; i < nsel; i++)
		ids[i] = sel[i]->id;
	base = (struct scan_summary){
		.judges = ids,
		.njudges = nsel,
		.rules = rs.n,
		.probe_skipped = *skipped ? skipped : NULL,
	};
	if (!st.interval) {
		r = scan_once(ctx, &st, &j, &base, 1, &write_err);
		goto out;
	}
	/* The fingerprint key stays that of the first round: a finding's
	 * fingerprint, part of its key, is the same in every round. */
	st.memo = findmemo_new();
	j.seen = saw;
	interval_begin(&iv, st.interval);
	for (n = 1;; n++) {
		r = scan_once(ctx, &st, &j, &base, n, &write_err);
		if (write_err || n == st.rounds)
			break;
		sig = interval_wait(&iv);
		if (sig) {
			msg_note("scan: %s: stopped after round %llu",
				 strsignal(sig), (unsigned long long)n);
			r = EXIT_OK;
			break;
		}
	}
	interval_end(&iv);
out:
	findmemo_free(st.memo);
	findstore_free(st.kept);
	pthread_mutex_destroy(&st.lock);
	ruleset_release(&rs);
	rule_opts_release(&st.ro);
	judge_opts_release(&st.jo);
	return r < 0 ? EXIT_OK : r;
}
