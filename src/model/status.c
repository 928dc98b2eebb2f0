/* The names of the capability bits. */
#include "model/status.h"

/* <linux/capability.h>, CAP_CHOWN (0) to CAP_LAST_CAP (40, Linux 5.9). */
static const char *const cap_names[] = {
	"cap_chown",
	"cap_dac_override",
	"cap_dac_read_search",
	"cap_fowner",
	"cap_fsetid",
	"cap_kill",
	"cap_setgid",
	"cap_setuid",
	"cap_setpcap",
	"cap_linux_immutable",
	"cap_net_bind_service",
	"cap_net_broadcast",
	"cap_net_admin",
	"cap_net_raw",
	"cap_ipc_lock",
	"cap_ipc_owner",
	"cap_sys_module",
	"cap_sys_rawio",
	"cap_sys_chroot",
	"cap_sys_ptrace",
	"cap_sys_pacct",
	"cap_sys_admin",
	"cap_sys_boot",
	"cap_sys_nice",
	"cap_sys_resource",
	"cap_sys_time",
	"cap_sys_tty_config",
	"cap_mknod",
	"cap_lease",
	"cap_audit_write",
	"cap_audit_control",
	"cap_setfcap",
	"cap_mac_override",
	"cap_mac_admin",
	"cap_syslog",
	"cap_wake_alarm",
	"cap_block_suspend",
	"cap_audit_read",
	"cap_perfmon",
	"cap_bpf",
	"cap_checkpoint_restore",
};

_Static_assert(sizeof(cap_names) / sizeof(cap_names[0]) == 41,
	       "one name for each of CAP_CHOWN..CAP_CHECKPOINT_RESTORE");

const char *proc_cap_name(unsigned bit)
{
	return bit < proc_cap_count() ? cap_names[bit] : NULL;
}

unsigned proc_cap_count(void)
{
	return sizeof(cap_names) / sizeof(cap_names[0]);
}
