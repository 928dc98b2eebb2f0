/* The system boot time, for turning clock-tick start times into dates. */
#ifndef PROC_BOOT_H
#define PROC_BOOT_H

#include <stddef.h>
#include <time.h>

/* Find the "btime N" line in the text of /proc/stat. Returns 0 and sets
 * *out (seconds since the epoch), or -EINVAL when absent or malformed. */
int proc_btime_parse(const char *buf, size_t len, time_t *out);

/* Read /proc/stat below root_fd (an fd on /proc) and parse btime.
 * Returns 0 or -errno. */
int proc_boot_time(int root_fd, time_t *out);

#endif
