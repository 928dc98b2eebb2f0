/* A process's credentials, capabilities and security fields, as
 * /proc/PID/status gives them: the model proc/status.c fills and the views
 * and judges read; the names of the capability bits. */
#ifndef MODEL_STATUS_H
#define MODEL_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define STATUS_MAX_GROUPS 256
#define STATUS_MAX_NSPID 32 /* pid namespace levels (the kernel allows 32) */

struct proc_status {
	bool has_ids, has_caps, has_no_new_privs, has_seccomp, has_tracer;
	uid_t uid[4]; /* real, effective, saved, filesystem */
	gid_t gid[4];
	gid_t groups[STATUS_MAX_GROUPS];
	size_t ngroups;	       /* number kept in groups[] */
	bool groups_truncated; /* more groups than STATUS_MAX_GROUPS */
	uint64_t cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;
	int no_new_privs;    /* 0 or 1 */
	int seccomp;	     /* 0 disabled, 1 strict, 2 filter */
	int seccomp_filters; /* -1 when the line is absent */
	pid_t tracer_pid;    /* 0 when not traced */
	pid_t ppid;
	int threads;
	pid_t nspid[STATUS_MAX_NSPID]; /* NSpid: this pid in each pid namespace,
					* outermost first */
	size_t nnspid;		       /* 0 when the line is absent */
	char umask[8];		       /* "0022"; "" when absent */
};

/* The name of capability bit (0..63): "cap_sys_admin"; NULL for a bit
 * that has no name (yet). */
const char *proc_cap_name(unsigned bit);
/* Number of capabilities the kernel headers name (CAP_LAST_CAP + 1). */
unsigned proc_cap_count(void);

#endif
