/* The show dossier as text (key/value lines) or one JSON object, both
 * from one field table. */
#ifndef RENDER_SHOW_VIEW_H
#define RENDER_SHOW_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/dossier.h"
#include "render/table.h"

/* The columns of the text dossier, for -o (both shown by default): a
 * line's name and its value. */
#define SHOW_VIEW_NCOLS 2
extern const struct out_col show_view_cols[SHOW_VIEW_NCOLS];
extern const int show_view_default[SHOW_VIEW_NCOLS];

/* The fields of the dossier, in the order of its text lines. */
enum show_field {
	SF_PID,
	SF_VIA_TID,
	SF_PARENTS,
	SF_STARTED,
	SF_COMM,
	SF_COMMAND,
	SF_EXE,
	SF_EXE_STATE,
	SF_EXE_MEMFD,
	SF_CWD,
	SF_ROOT,
	SF_USER,
	SF_CREDENTIALS,
	SF_UID,
	SF_GID,
	SF_GROUPS,
	SF_CAP_EFFECTIVE,
	SF_CAP_PERMITTED,
	SF_CAP_BOUNDING,
	SF_CAP_AMBIENT,
	SF_CAP_INHERITABLE,
	SF_NO_NEW_PRIVS,
	SF_SECCOMP,
	SF_TRACER,
	SF_TTY,
	SF_CONTAINER,
	SF_CONTAINER_NAME,
	SF_IMAGE,
	SF_RUNTIME,
	SF_POD,
	SF_POD_NAME,
	SF_QOS,
	SF_CGROUP,
	SF_NS_CGROUP,
	SF_NS_IPC,
	SF_NS_MNT,
	SF_NS_NET,
	SF_NS_PID,
	SF_NS_PID_CHILDREN,
	SF_NS_TIME,
	SF_NS_TIME_CHILDREN,
	SF_NS_USER,
	SF_NS_UTS,
	SF_ENVIRONMENT,
	SF_FDS,
	SF_MAPPINGS,
	SF_MOUNTS,
	SF_ROOT_MOUNT_OPTIONS,
	SF_ROOT_MOUNT_FSTYPE,
	SF__COUNT,
};

/* The field table (show_fields.c), indexed by enum show_field, over a
 * struct dossier:
 * .name is the text line's KEY (a field the dossier lacks, such as
 * "exe state" of a file still linked, has no line: its getter sets
 * no_line), .json its JSON key ("a.b": key b of object a), and .get makes
 * the line's VALUE and the JSON value. An OUT_COL_JSON_ALSO field shows
 * a key of the process object (proc_json); an OUT_COL_TEXT_ALSO one is
 * in the line of the field before it of the same name. */
extern const struct out_col show_fields[SF__COUNT];

/* The fields whose keys follow the process object in JSON, in the order
 * docs/json.md gives; show_json_nkeys of them. */
extern const int show_json_keys[];
extern const size_t show_json_nkeys;

/* The snapshot facets (FACET_BIT of enum facet) the fields read. */
unsigned show_view_facets(void);

struct show_view_opts {
	FILE *fp;
	bool json, pretty;
	bool ascii;		/* ASCII cut marks */
	struct out_style style; /* raw, pairs, -w */
	const int *sel;		/* selected columns (indexes), nsel of them */
	size_t nsel;
};

/* Print d, text without a header line (a dossier, not a list); returns
 * 0 or -errno on a write error. */
int show_view_print(const struct show_view_opts *o, const struct dossier *d);

#endif
