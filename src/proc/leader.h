/* A thread-group leader that exited before its other threads (its main
 * thread called pthread_exit): /proc/PID stays, a zombie, and its fd/,
 * environ, maps, cwd, root and ns/ are empty or unreadable there, while
 * the process lives on in its threads and /proc/PID/task/TID/ shows
 * them. A way to hide an open listener or an environment from tools that
 * read /proc/PID alone; procsift reads such a process through one of its
 * live threads and says so (via_tid). */
#ifndef PROC_LEADER_H
#define PROC_LEADER_H

#include <stdbool.h>
#include <sys/types.h>

#include "model/proc.h"
#include "util/strbuf.h"

/* Open task/TID below dir_fd (the /proc/PID directory of pid) for the
 * first thread other than the leader that is neither a zombie nor dead,
 * its tid in *tid; sb is scratch. Returns the fd, or -errno (-ESRCH:
 * none lives). Works on a snapshot's tree too: the collector keeps the
 * task/TID it read. */
int proc_open_live_thread(int dir_fd, pid_t pid, pid_t *tid, struct strbuf *sb);

/* For a process whose stat (below dir_fd) shows a zombie leader with
 * live threads, a live thread's directory as proc_open_live_thread opens
 * it; -ESRCH for any other process. */
int proc_leader_dir(int dir_fd, pid_t pid, pid_t *tid, struct strbuf *sb);

/* The same, but thread *tid first when it is set and still lives: every
 * read of one process goes through one thread while it can (threads may
 * sit in different namespaces). */
int proc_open_thread_again(int dir_fd, pid_t pid, pid_t *tid,
			   struct strbuf *sb);

#endif
