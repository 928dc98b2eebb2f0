/* Secrets named inside structured values: the key/value pairs of a JSON,
 * YAML, INI/.env/properties, connection-string or URL-query value, found
 * in place so that each inner pair can be judged by its name. Pure: no
 * I/O, no globals, no allocation (a few KiB of stack per call). The rules
 * (detection order, caps, what is not handled) are in docs/nested.md. */
#ifndef SCAN_NESTED_H
#define SCAN_NESTED_H

#include <stdbool.h>
#include <stddef.h>

#define NESTED_MAX_DEPTH 32	    /* nesting levels followed */
#define NESTED_MAX_BYTES (1u << 20) /* prefix of a value parsed */
#define NESTED_MAX_PAIRS 4096	    /* pairs reported per value */
#define NESTED_PATH_MAX 256	    /* bytes of the joined path kept */
#define NESTED_KEY_SHOWN 64	    /* bytes of one key in the path */

enum nested_format {
	NESTED_NONE,
	NESTED_JSON,
	NESTED_YAML,
	NESTED_INI,
	NESTED_KV,
	NESTED_QUERY,
};

/* A key as the path shows it: path bytes [path_off, path_off + len) are
 * key[0, len) (a NUL shown as '?'); when the key was longer than
 * NESTED_KEY_SHOWN bytes, len is its first NESTED_KEY_SHOWN bytes or
 * fewer (whole UTF-8 characters) and "…" (U+2026) follows in the path
 * (cut). A caller that must not show some bytes of the input (a secret
 * used as a key) finds here where they are in the path. */
struct nested_seg {
	size_t path_off; /* may be past path_len when the path was cut */
	const char *key; /* borrowed: inside the walked input */
	size_t len;
	bool cut;
};

/* One inner pair. Every pointer is borrowed and valid only during the
 * callback; key and value point into the walked input. */
struct nested_pair {
	enum nested_format format; /* of the level that holds the pair */
	/* Leaf key, raw bytes of the input (JSON escapes not decoded, quotes
	 * removed). An array or sequence item has its parent's key. */
	const char *key;
	size_t key_len;
	/* The keys from the top joined with '.', array items as [N]
	 * ("db.password", "users[2].token"); NUL-terminated, a NUL byte of a
	 * key shown as '?', a key longer than NESTED_KEY_SHOWN bytes cut
	 * and followed by "…"; the whole cut at NESTED_PATH_MAX bytes
	 * (path_truncated). */
	const char *path;
	size_t path_len;
	bool path_truncated;
	/* Where each key of the path came from, in path order. */
	const struct nested_seg *segs;
	size_t nsegs;
	/* The scalar value, a span inside the input (quotes excluded, escapes
	 * not decoded), so the caller can redact exactly those bytes. */
	const char *value;
	size_t value_len;
	unsigned depth; /* components of the path: 1 for a top-level key */
};

/* Detect the format of len bytes at s and call fn(pair, arg) for each
 * scalar key/value pair, in input order; a non-zero return from fn stops
 * the walk. A scalar value that is structured itself is reported, then
 * walked one level deeper. Returns the format detected, NESTED_NONE when
 * the value does not look structured (fn is then not called). Malformed
 * input is walked as far as it parses (pairs found before the error are
 * reported). Only the first NESTED_MAX_BYTES bytes are parsed, at most
 * NESTED_MAX_PAIRS pairs reported, and nothing deeper than
 * NESTED_MAX_DEPTH. fn may be NULL to detect only.
 *
 * When walked is not NULL, *walked gets the length of the prefix of s
 * that was walked whole: len, unless a cap left something after it
 * unwalked (the byte cap, the pair cap, a container or structured value
 * too deep), in which case pairs from *walked on may have gone unreported
 * and the caller must not take that part as judged. A stop asked by fn
 * is not a cap. */
enum nested_format nested_walk(const char *s, size_t len,
			       int (*fn)(const struct nested_pair *p,
					 void *arg),
			       void *arg, size_t *walked);

/* "json", "yaml", "ini", "kv", "query"; "none" (also for an unknown f). */
const char *nested_format_name(enum nested_format f);

#endif
