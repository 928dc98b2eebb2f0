/* STUB until the real module lands (helper branch h-nested). */
#ifndef SCAN_NESTED_H
#define SCAN_NESTED_H

#include <stdbool.h>
#include <stddef.h>

#define NESTED_MAX_DEPTH 32
#define NESTED_MAX_BYTES (1u << 20)
#define NESTED_MAX_PAIRS 4096
#define NESTED_PATH_MAX 256

enum nested_format {
	NESTED_NONE,
	NESTED_JSON,
	NESTED_YAML,
	NESTED_INI,
	NESTED_KV,
	NESTED_QUERY
};

struct nested_pair {
	enum nested_format format;
	const char *key;
	size_t key_len;
	const char *path;
	size_t path_len;
	bool path_truncated;
	const char *value;
	size_t value_len;
	unsigned depth;
};

enum nested_format
nested_walk(const char *s, size_t len,
	    int (*fn)(const struct nested_pair *p, void *arg), void *arg);
const char *nested_format_name(enum nested_format f);

#endif
