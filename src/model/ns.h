/* Linux namespaces as /proc/PID/ns names them. */
#ifndef MODEL_NS_H
#define MODEL_NS_H

enum ns_kind {
	NS_CGROUP,
	NS_IPC,
	NS_MNT,
	NS_NET,
	NS_PID,
	NS_PID_CHILDREN,
	NS_TIME,
	NS_TIME_CHILDREN,
	NS_USER,
	NS_UTS,
	NS__COUNT,
};

/* "cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time",
 * "time_for_children", "user", "uts": the names under /proc/PID/ns. */
const char *ns_name(enum ns_kind k);

#endif
