/* The system boot time and uptime, for turning clock-tick start times
 * into dates and ages. */
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

/* Parse the first field of /proc/uptime ("12345.67 ...", seconds since
 * boot) into *cs, hundredths of a second. Returns 0 or -EINVAL. */
int proc_uptime_parse(const char *buf, size_t len, unsigned long long *cs);

/* Read /proc/uptime below root_fd and parse it. Returns 0 or -errno. */
int proc_uptime(int root_fd, unsigned long long *cs);

/* Seconds from start_ticks (clock ticks after boot) to uptime_cs
 * (hundredths of a second after boot), as ps computes etime; 0 for a
 * start after that moment. hz: clock ticks per second (> 0). */
long long proc_age_seconds(unsigned long long start_ticks,
			   unsigned long long uptime_cs, long hz);

/* The clock tick rate and the page size in KiB, as the kernel's process
 * files count them (100 and 4 when sysconf cannot say). */
void proc_clock(long *hz, long *page_kib);

#endif
