/* warn(3)/err(3)-style reporting for cmd/ and main.c only: lower layers
 * return negative errno values and never print. */
#ifndef UTIL_MSG_H
#define UTIL_MSG_H

/* "procsift: warning: ..." on stderr. */
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "procsift: ..." on stderr (an error; the caller decides the exit). */
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "procsift: ..." on stderr: information, such as a summary. */
void msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
