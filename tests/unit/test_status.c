/* Tests for proc/status: /proc/self/status as read on this machine (Linux
 * 6.18, root in a container), a typical user's lines, then hostile text. */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc/status.h"
#include "util/strbuf.h"

static const char real_status[] =
	"Name:\tcat\nUmask:\t0022\nState:\tR (running)\nTgid:\t2830\n"
	"Ngid:\t0\nPid:\t2830\nPPid:\t2827\nTracerPid:\t0\n"
	"Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t256\nGroups:\t \n"
	"NStgid:\t2830\nNSpid:\t2830\nNSpgid:\t2827\nNSsid:\t2090\n"
	"Kthread:\t0\nVmPeak:\t    3060 kB\nVmSize:\t    3060 kB\n"
	"VmRSS:\t    1612 kB\nHugetlbPages:\t       0 kB\nCoreDumping:\t0\n"
	"THP_enabled:\t1\nuntag_mask:\t0xffffffffffffffff\nThreads:\t1\n"
	"SigQ:\t0/96365\nSigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\n"
	"SigIgn:\t0000000000000000\nSigCgt:\t0000000000000000\n"
	"CapInh:\t0000000000000000\nCapPrm:\t000001fffeffffff\n"
	"CapEff:\t000001fffeffffff\nCapBnd:\t000001fffeffffff\n"
	"CapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\n"
	"Seccomp_filters:\t0\nSpeculation_Store_Bypass:\tvulnerable\n"
	"SpeculationIndirectBranch:\talways enabled\nCpus_allowed:\t3\n"
	"Cpus_allowed_list:\t0-1\nMems_allowed:\t00000000,00000001\n"
	"Mems_allowed_list:\t0\nvoluntary_ctxt_switches:\t0\n"
	"nonvoluntary_ctxt_switches:\t0\n";

/* The security-relevant lines of a desktop user's sandboxed process. */
#define USER_IDS                                                       \
	"Uid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\n" \
	"Groups:\t4 24 27 30 46 100 118 1000 \n"

static struct proc_status st;

static int parse_n(const char *s, size_t n)
{
	memset(&st, 0xa5, sizeof(st)); /* prove every field is written */
	return proc_status_parse(s, n, &st);
}

static int parse(const char *s)
{
	return parse_n(s, strlen(s));
}

Test(status, real_self)
{
	cr_assert_eq(parse_n(real_status, sizeof(real_status) - 1), 0);
	cr_assert(st.has_ids && st.has_caps && st.has_no_new_privs &&
		  st.has_seccomp && st.has_tracer);
	cr_assert_eq(st.uid[0], 0);
	cr_assert_eq(st.gid[3], 0);
	cr_assert_eq(st.ngroups, 0);
	cr_assert(!st.groups_truncated);
	cr_assert_eq(st.cap_inh, 0);
	cr_assert_eq(st.cap_prm, 0x000001fffeffffffULL);
	cr_assert_eq(st.cap_eff, 0x000001fffeffffffULL);
	cr_assert_eq(st.cap_bnd, 0x000001fffeffffffULL);
	cr_assert_eq(st.cap_amb, 0);
	cr_assert_eq(st.no_new_privs, 0);
	cr_assert_eq(st.seccomp, 0);
	cr_assert_eq(st.seccomp_filters, 0);
	cr_assert_eq(st.tracer_pid, 0);
	cr_assert_eq(st.ppid, 2827);
	cr_assert_eq(st.threads, 1);
	cr_assert_str_eq(st.umask, "0022");
}

Test(status, user_sandboxed_traced)
{
	cr_assert_eq(
		parse("Umask:\t0077\nPPid:\t1\nTracerPid:\t4242\n" USER_IDS
		      "Threads:\t17\nCapInh:\t0000000000000000\n"
		      "CapPrm:\t0000000000000000\nCapEff:\t0000000000000000"
		      "\nCapBnd:\t000001ffffffffff\nCapAmb:\t000000000000"
		      "0400\nNoNewPrivs:\t1\nSeccomp:\t2\n"
		      "Seccomp_filters:\t3"),
		0);
	cr_assert(st.has_ids && st.has_caps);
	cr_assert_eq(st.uid[1], 1000);
	cr_assert_eq(st.ngroups, 8);
	cr_assert_eq(st.groups[0], 4);
	cr_assert_eq(st.groups[7], 1000);
	cr_assert_eq(st.cap_bnd, 0x1ffffffffffULL);
	cr_assert_eq(st.cap_amb, 1ULL << 10);
	cr_assert_eq(st.no_new_privs, 1);
	cr_assert_eq(st.seccomp, 2);
	cr_assert_eq(st.seccomp_filters, 3);
	cr_assert_eq(st.tracer_pid, 4242);
	cr_assert_eq(st.threads, 17);
	cr_assert_str_eq(st.umask, "0077");
}

Test(status, absent_fields)
{
	cr_assert_eq(parse("Threads:\t1\n"), 0);
	cr_assert(!st.has_ids && !st.has_caps && !st.has_no_new_privs &&
		  !st.has_seccomp && !st.has_tracer);
	cr_assert_eq(st.seccomp_filters, -1);
	cr_assert_str_eq(st.umask, "");
	cr_assert_eq(st.ngroups, 0);
	/* Uid without Gid is not a credential set. */
	cr_assert_eq(parse("Uid:\t1\t1\t1\t1\n"), 0);
	cr_assert(!st.has_ids);
	/* CapAmb is Linux 4.3+: the other four make a set without it. */
	cr_assert_eq(
		parse("CapInh:\t0000000000000000\nCapPrm:\t0000000000000001"
		      "\nCapEff:\t0000000000000001\n"
		      "CapBnd:\tffffffffffffffff\n"),
		0);
	cr_assert(st.has_caps);
	cr_assert_eq(st.cap_amb, 0);
	cr_assert_eq(st.cap_bnd, UINT64_MAX);
}

Test(status, empty_and_garbage)
{
	cr_assert_eq(parse(""), -EINVAL);
	cr_assert_eq(parse("\n\n\n"), -EINVAL);
	cr_assert_eq(parse("Name:\tUid:\t0\t0\t0\t0\n"), -EINVAL);
	cr_assert_eq(parse("uid:\t0\t0\t0\t0\nUid :\t0\t0\t0\t0\n"), -EINVAL);
	cr_assert_eq(parse("\xff\xfe:\t\x80\n"), -EINVAL);
	cr_assert_eq(parse("Seccomp"), -EINVAL);
}

Test(status, bad_ids)
{
	static const char *const bad[] = {
		"Uid:\t-1\t0\t0\t0",	  "Uid:\t0\t0\t0",
		"Uid:\t0\t0\t0\t0\t0",	  "Uid:\t0\t0\t0\t4294967296",
		"Uid:\t0\t0\t0\t0x1",	  "Uid:\t0\t0\t0\t",
		"Uid:\t1000\t10a0\t0\t0", "Uid:",
		"Uid:\t+1\t0\t0\t0",	  "Uid:\t0\t0\t0\t0 junk",
	};
	char buf[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "%s\nGid:\t0\t0\t0\t0\n", bad[i]);
		parse(buf);
		cr_assert(!st.has_ids, "accepted \"%s\"", bad[i]);
	}
	cr_assert_eq(parse("Uid: 4294967295 0 0 0 \nGid:\t0\t0\t0\t0"), 0);
	cr_assert(st.has_ids);
	cr_assert_eq(st.uid[0], 4294967295u);
}

Test(status, groups_300_truncated)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	strbuf_addstr(&sb, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t");
	for (i = 0; i < 300; i++)
		strbuf_addf(&sb, "%d ", 100000 + i);
	strbuf_addstr(&sb, "\nThreads:\t1\n");
	cr_assert_eq(parse_n(sb.buf, sb.len), 0);
	cr_assert(st.has_ids);
	cr_assert_eq(st.ngroups, STATUS_MAX_GROUPS);
	cr_assert(st.groups_truncated);
	cr_assert_eq(st.groups[0], 100000);
	cr_assert_eq(st.groups[STATUS_MAX_GROUPS - 1],
		     100000 + STATUS_MAX_GROUPS - 1);

	/* A bad id past the kept ones still spoils the whole list. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t");
	for (i = 0; i < 300; i++)
		strbuf_addf(&sb, "%d ", i);
	strbuf_addstr(&sb, "-5 \n");
	cr_assert_eq(parse_n(sb.buf, sb.len), 0);
	cr_assert(!st.has_ids);
	cr_assert_eq(st.ngroups, 0);
	cr_assert(!st.groups_truncated);
	strbuf_release(&sb);
}

Test(status, bad_groups)
{
	cr_assert_eq(parse(USER_IDS), 0);
	cr_assert(st.has_ids);
	cr_assert_eq(parse("Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
			   "Groups:\t4 2x7\n"),
		     0);
	cr_assert(!st.has_ids);
	cr_assert_eq(parse("Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
			   "Groups:\t4,27\n"),
		     0);
	cr_assert(!st.has_ids);
	cr_assert_eq(parse("Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:"), 0);
	cr_assert(st.has_ids);
	cr_assert_eq(st.ngroups, 0);
}

Test(status, bad_caps)
{
	static const char *const bad[] = {
		"000001fffeffffgf",   "00000000000000000", "000000000000000",
		"-000000000000001",   "0x00000000000001f", "",
		"0000000000000000 1",
	};
	char buf[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf),
			 "CapInh:\t%s\nCapPrm:\t0000000000000000\n"
			 "CapEff:\t0000000000000000\nCapBnd:"
			 "\t0000000000000000\n",
			 bad[i]);
		cr_assert_eq(parse(buf), 0);
		cr_assert(!st.has_caps, "accepted \"%s\"", bad[i]);
	}
}

Test(status, bad_scalars)
{
	cr_assert_eq(parse("NoNewPrivs:\t2\nSeccomp:\t3\nSeccomp_filters:\t-1\n"
			   "TracerPid:\t2147483648\nPPid:\t-1\nThreads:\tx\n"
			   "Umask:\t0028\n"),
		     -EINVAL);
	cr_assert(!st.has_no_new_privs && !st.has_seccomp && !st.has_tracer);
	cr_assert_eq(st.seccomp_filters, -1);
	cr_assert_eq(st.ppid, 0);
	cr_assert_str_eq(st.umask, "");
	cr_assert_eq(parse("Umask:\t00000000\n"), -EINVAL);
	cr_assert_eq(parse("TracerPid:\t2147483647\n"), 0);
	cr_assert_eq(st.tracer_pid, 2147483647);
}

Test(status, later_good_line_wins)
{
	cr_assert_eq(parse("TracerPid:\t0\nTracerPid:\t99\nTracerPid:\tbad\n"),
		     0);
	cr_assert_eq(st.tracer_pid, 99);
}

Test(status, nul_bytes_and_long_lines)
{
	static const char nul[] = "TracerPid:\t0\0\nPPid:\t7\nSecc\0omp:\t1\n"
				  "Threads:\t3";
	cr_assert_eq(parse_n(nul, sizeof(nul) - 1), 0);
	cr_assert(!st.has_tracer && !st.has_seccomp);
	cr_assert_eq(st.ppid, 7);
	cr_assert_eq(st.threads, 3);

	size_t n = 100 * 1024;
	char *big = malloc(n);
	memset(big, '1', n);
	memcpy(big, "Threads:\t", 9);
	cr_assert_eq(parse_n(big, n), -EINVAL); /* overflows */
	memset(big, ' ', n);
	memcpy(big, "Name:\tx", 7);
	memcpy(big + n - 10, "\nPPid:\t42\n", 10);
	cr_assert_eq(parse_n(big, n), 0);
	cr_assert_eq(st.ppid, 42);
	free(big);
}

Test(status, cap_names)
{
	unsigned i, j;

	cr_assert_eq(proc_cap_count(), 41);
	cr_assert_str_eq(proc_cap_name(0), "cap_chown");
	cr_assert_str_eq(proc_cap_name(21), "cap_sys_admin");
	cr_assert_str_eq(proc_cap_name(31), "cap_setfcap");
	cr_assert_str_eq(proc_cap_name(39), "cap_bpf");
	cr_assert_str_eq(proc_cap_name(40), "cap_checkpoint_restore");
	cr_assert_null(proc_cap_name(41));
	cr_assert_null(proc_cap_name(63));
	cr_assert_null(proc_cap_name(~0u));
	for (i = 0; i < proc_cap_count(); i++) {
		cr_assert(!strncmp(proc_cap_name(i), "cap_", 4));
		for (j = 0; j < i; j++)
			cr_assert_str_neq(proc_cap_name(i), proc_cap_name(j));
	}
}

Test(status, nspid)
{
	cr_assert_eq(parse("NSpid:\t4242\t17\t1\n"), 0);
	cr_assert_eq(st.nnspid, 3);
	cr_assert_eq(st.nspid[0], 4242);
	cr_assert_eq(st.nspid[2], 1);
	/* A bad level fails the whole line, and nothing half-read stays. */
	cr_assert_eq(parse("NSpid:\t4242\t-1\nPPid:\t1\n"), 0);
	cr_assert_eq(st.nnspid, 0);
	cr_assert_eq(parse("NSpid:\t0\nPPid:\t1\n"), 0);
	cr_assert_eq(st.nnspid, 0);
}
