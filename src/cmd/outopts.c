/* The shared output options: parsing, checking, resolving the colour. */
#include "cmd/outopts.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "util/msg.h"

/* clang-format off */
#define FLAG(id, field) {id, offsetof(struct out_opts, field)}
/* clang-format on */
static const struct cmd_flag out_flags[] = {
	FLAG(OO_OUTPUT_ALL, all_columns),
	FLAG(OO_JSON, json),
	FLAG(OO_NDJSON, ndjson),
	FLAG(OO_RAW, raw),
	FLAG(OO_PAIRS, pairs),
	FLAG(OO_NOHEADINGS, noheadings),
	FLAG(OO_NOTRUNCATE, style.notruncate),
	{0},
};

int out_opts_opt(struct out_opts *o, const char *cmd, int id, const char *arg)
{
	if (!cmd_set_flag(o, out_flags, id))
		return 0;
	switch (id) {
	case OO_OUTPUT:
		o->columns = arg;
		return 0;
	case OO_PRETTY:
		o->json = o->pretty = true;
		return 0;
	case OO_COLOR:
		if (!strcmp(arg, "auto"))
			o->color_when = OUT_COLOR_AUTO;
		else if (!strcmp(arg, "always"))
			o->color_when = OUT_COLOR_ALWAYS;
		else if (!strcmp(arg, "never"))
			o->color_when = OUT_COLOR_NEVER;
		else {
			msg_error("%s: --color takes auto, always or never, "
				  "not '%s'",
				  cmd, arg);
			return EXIT_USAGE;
		}
		return 0;
	}
	return 1;
}

int out_opts_finish(struct out_opts *o, const char *cmd, FILE *out)
{
	const char *no_color = getenv("NO_COLOR");
	int formats = (o->json || o->ndjson) + o->raw + o->pairs;
	if (formats > 1) {
		msg_error("%s: choose one of --json, --ndjson, --raw and "
			  "--pairs",
			  cmd);
		return EXIT_USAGE;
	}
	o->style.format = o->raw     ? OUT_FMT_RAW
			  : o->pairs ? OUT_FMT_PAIRS
				     : OUT_FMT_TEXT;
	if (o->columns && o->all_columns) {
		msg_error("%s: --output and --output-all exclude each other",
			  cmd);
		return EXIT_USAGE;
	}
	switch (o->color_when) {
	case OUT_COLOR_ALWAYS:
		o->style.color = true;
		break;
	case OUT_COLOR_NEVER:
		o->style.color = false;
		break;
	case OUT_COLOR_AUTO: {
		/* A terminal that says it cannot colour (TERM=dumb, as
		 * Emacs' shell and some serial consoles set) is not given
		 * escape sequences it would print as text. */
		const char *term = getenv("TERM");
		o->style.color = isatty(fileno(out)) &&
				 (!no_color || !*no_color) &&
				 !(term && !strcmp(term, "dumb"));
		break;
	}
	}
	if (formats)
		o->style.color = false;
	return 0;
}

int out_opts_columns(const struct out_opts *o, const char *cmd,
		     const struct out_col *defs, size_t ndefs, const int *def,
		     size_t ndef, int *sel, size_t max, size_t *nsel)
{
	size_t i;
	if (!o->all_columns)
		return cmd_columns(cmd, defs, ndefs, o->columns, def, ndef, sel,
				   max, nsel);
	for (i = 0; i < ndefs && i < max; i++)
		sel[i] = (int)i;
	*nsel = i;
	return 0;
}

int out_opts_list(struct out_opts *o, const char *cmd, FILE *out, bool ascii,
		  const struct out_col *defs, size_t ndefs, const int *def,
		  size_t ndef, int *sel, size_t max, struct out_list_opts *lo)
{
	int r = out_opts_finish(o, cmd, out);
	if (!r)
		r = out_opts_columns(o, cmd, defs, ndefs, def, ndef, sel, max,
				     &lo->nsel);
	if (r)
		return r;
	lo->fp = out;
	lo->json = o->json;
	lo->pretty = o->pretty;
	lo->noheadings = o->noheadings;
	lo->ascii = ascii;
	lo->style = o->style;
	lo->sel = sel;
	return 0;
}
