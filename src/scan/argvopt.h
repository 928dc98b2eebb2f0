/* STUB until the real module lands (helper branch h-argvopt). */
#ifndef SCAN_ARGVOPT_H
#define SCAN_ARGVOPT_H

#include <stdbool.h>
#include <stddef.h>

#define ARGV_NAME_MAX 128

enum argv_form {
	ARGV_LONG_EQ,
	ARGV_LONG_SEP,
	ARGV_SHORT,
	ARGV_USERPASS,
	ARGV_ASSIGN,
	ARGV_PROP,
	ARGV_PASSARG,
	ARGV_POSITIONAL,
};

struct argv_pair {
	enum argv_form form;
	size_t arg;
	const char *value;
	size_t value_len;
	char name[ARGV_NAME_MAX];
	size_t name_len;
	bool name_truncated;
	bool program_option;
};

size_t argvopt_walk(char *const *argv, size_t argc,
		    int (*fn)(const struct argv_pair *p, void *arg), void *arg);
bool argvopt_name_secret(const char *name, size_t len);

#endif
