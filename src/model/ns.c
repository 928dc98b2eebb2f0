/* Namespace names. */
#include "model/ns.h"

const char *ns_name(enum ns_kind k)
{
	static const char *const names[NS__COUNT] = {
		[NS_CGROUP] = "cgroup",
		[NS_IPC] = "ipc",
		[NS_MNT] = "mnt",
		[NS_NET] = "net",
		[NS_PID] = "pid",
		[NS_PID_CHILDREN] = "pid_for_children",
		[NS_TIME] = "time",
		[NS_TIME_CHILDREN] = "time_for_children",
		[NS_USER] = "user",
		[NS_UTS] = "uts",
	};
	return (unsigned)k < NS__COUNT ? names[k] : "?";
}
