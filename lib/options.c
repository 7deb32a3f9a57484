/*
 * options.c - the options every binary shares, declared once as an argp
 * child, and small helpers for parsing arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

enum {
	OPT_DB = 0x1000,
	OPT_COMPLETE,
	OPT_COMPLETE_PREFIX,
	OPT_ENCODING,
};

static const struct argp_option common_options[] = {
	{ "db", OPT_DB, "PATH", 0,
	  "Database file (default: $CRM_DB, else "
	  "$XDG_DATA_HOME/crm/crm.db)", 0 },
	{ "format", 'f', "FORMAT", 0,
	  "Output format: table, csv, tsv, json (default: table on a "
	  "terminal, csv otherwise); a table shows control characters "
	  "escaped, the others keep them", 0 },
	{ "quiet", 'q', NULL, 0, "Print ids only; no counters", 0 },
	{ "delimiter", 'd', "CHAR", 0,
	  "Input delimiter: ',' ';' or 'tab' (default: detected from the "
	  "header)", 0 },
	{ "encoding", OPT_ENCODING, "NAME", 0,
	  "Input encoding, converted to UTF-8 (windows-1252, latin1, cp1251, "
	  "utf-16 ...; see iconv -l)", 0 },
	/* For the completion scripts: values from the database. */
	{ "complete", OPT_COMPLETE, "KIND", OPTION_HIDDEN, NULL, 0 },
	{ "complete-prefix", OPT_COMPLETE_PREFIX, "TEXT", OPTION_HIDDEN, NULL,
	  0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t
parse_common(int key, char *arg, struct argp_state *state)
{
	struct crm_common *c = state->input;
	unsigned accept;
	char list[128];
	char q[128];

	switch (key) {
	case ARGP_KEY_INIT:
		if (c == NULL)
			argp_error(state, "internal: no input for common options");
		/* The binary said which formats it writes before parsing. */
		accept = c->formats;
		memset(c, 0, sizeof(*c));
		c->formats = accept;
		c->format = isatty(STDOUT_FILENO) ? CRM_FMT_TABLE : CRM_FMT_CSV;
		break;
	case OPT_DB:
		c->db = arg;
		break;
	case 'f':
		accept = CRM_FMTS_PLAIN | c->formats;
		if (crm_format_lookup(arg, accept, &c->format) != CRM_OK)
			argp_error(state, "unknown format \"%s\" (%s)",
			    crm_term_quote(arg, q, sizeof(q)),
			    crm_format_list(accept, list, sizeof(list)));
		c->format_given = 1;
		break;
	case 'q':
		c->quiet = 1;
		break;
	case OPT_COMPLETE:
		c->complete = arg;
		break;
	case OPT_COMPLETE_PREFIX:
		c->complete_prefix = arg;
		break;
	case OPT_ENCODING: {
		/* stdin itself reads converted: every reader gets UTF-8. */
		struct crm_err e = { 0 };

		if (crm_decode_stdin(arg, &e) != CRM_OK)
			argp_error(state, "%s", e.msg);
		break;
	}
	case 'd':
		if (strcmp(arg, ",") == 0 || strcmp(arg, ";") == 0)
			c->delimiter = arg[0];
		else if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0 ||
		    strcmp(arg, "\t") == 0)
			c->delimiter = '\t';
		else
			argp_error(state, "delimiter \"%s\" is not ',' ';' or "
			    "'tab'", crm_term_quote(arg, q, sizeof(q)));
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* --help names the formats this binary writes, not only the four. */
static char *
help_common(int key, const char *text, void *input)
{
	const struct crm_common *c = input;
	char list[128], *s;

	if (key != 'f' || c == NULL || c->formats == 0)
		return (char *)text;
	if (asprintf(&s, "Output format: %s (default: table on a terminal, "
	    "csv otherwise); a table shows control characters escaped, the "
	    "others keep them", crm_format_list(CRM_FMTS_PLAIN | c->formats,
	    list, sizeof(list))) < 0)
		return (char *)text;
	return s;
}

const struct argp crm_common_argp = {
	common_options, parse_common, NULL, NULL, NULL, help_common, NULL,
};

const struct argp_child crm_common_children[] = {
	CRM_COMMON_CHILD,
	{ NULL, 0, NULL, 0 },
};

int
crm_split_assignment(const char *arg, char **name, const char **value,
    struct crm_err *e)
{
	const char *eq = strchr(arg, '=');

	*name = NULL;
	if (eq == NULL || eq == arg)
		return crm_err_set(e, CRM_EUSAGE, "\"%s\" is not name=value",
		    arg);
	if ((*name = strndup(arg, (size_t)(eq - arg))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	crm_trim(*name);
	*value = eq + 1;
	return CRM_OK;
}

/*
 * A program started with standard input, output or error closed would
 * give that number to the next file it opens (a rejects file, a card,
 * its spool) and then write its output there.  Hold each closed one open
 * on /dev/null the wrong way round, as the C library does for setgid
 * programs: using it fails as using a closed one does, with EBADF.
 */
static void
hold_standard_fds(void)
{
	int fd, got;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
		if (got >= 0 && got != fd)
			close(got);
	}
}

int
crm_argp_parse(const struct argp *argp, int argc, char **argv, void *input)
{
	hold_standard_fds();
	/* Usage errors exit 2, as every crm binary documents. */
	argp_err_exit_status = CRM_EUSAGE;
	return argp_parse(argp, argc, argv, 0, NULL, input);
}

error_t
crm_verb_parse(int key, char *arg, struct argp_state *state,
    struct crm_verb *v, const char *default_verb)
{
	switch (key) {
	case ARGP_KEY_ARG:
		v->verb = arg;
		v->rest = &state->argv[state->next];
		v->nrest = state->argc - state->next;
		state->next = state->argc;
		return 0;
	case ARGP_KEY_NO_ARGS:
		v->verb = default_verb;
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

int64_t
crm_arg_positive(const char *what, const char *arg, struct crm_err *e)
{
	int64_t v = crm_positive(arg);
	size_t digits = strspn(arg, "0123456789");

	/* A whole number past int64 is one: too large, not "not a number". */
	if (v == 0 && digits > 0 && arg[digits] == '\0' &&
	    strspn(arg, "0") < digits)
		crm_err_set(e, CRM_EUSAGE, "%s \"%s\" is too large (at most "
		    "%lld)", what, arg, (long long)INT64_MAX);
	else if (v == 0)
		crm_err_set(e, CRM_EUSAGE, "%s \"%s\" is not a positive number",
		    what, arg);
	return v;
}
