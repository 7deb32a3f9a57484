/*
 * crm-find - search and select records; prints them, or only their ids
 * for the next command in a pipe.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

#define MAX_ARGS 64

struct args {
	struct crm_common common;
	const struct crm_entity *ent;
	struct crm_find_query q;
	const char *terms[MAX_ARGS];
	struct crm_find_filter filters[MAX_ARGS];
	int mine;
};

enum {
	OPT_ARCHIVED = 0x100,
	OPT_MINE,
	OPT_OWNER,
	OPT_SORT,
	OPT_TAG,
};

static const struct argp_option options[] = {
	{ "archived", OPT_ARCHIVED, NULL, 0,
	  "Archived records only (they are left out otherwise)", 0 },
	{ "limit", 'n', "N", 0, "At most N records", 0 },
	{ "mine", OPT_MINE, NULL, 0, "My records: --owner with my login", 0 },
	{ "owner", OPT_OWNER, "LOGIN", 0,
	  "Records owned by LOGIN (activities: whose manager or assignee "
	  "LOGIN is)", 0 },
	{ "sort", OPT_SORT, "FIELD", 0,
	  "Order by FIELD (-FIELD: descending); default: best match first, "
	  "or by id without terms", 0 },
	{ "tag", OPT_TAG, "TAG", 0, "Records tagged TAG", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

/*
 * A filter is a field name, then = ~ < or >; anything else is a search
 * term.  A word of letters before the operator counts as a field name even
 * when unknown, so that a typo is an error, not a silent search.
 */
static int
is_filter(const char *arg)
{
	size_t n = strspn(arg, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ_- ");

	return n > 0 && arg[n] != '\0' && strchr("=~<>", arg[n]) != NULL;
}

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	struct crm_err e = { 0 };
	char *end;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->common;
		break;
	case OPT_ARCHIVED:
		a->q.archived = 1;
		break;
	case 'n':
		a->q.limit = strtol(arg, &end, 10);
		if (*end != '\0' || a->q.limit <= 0)
			argp_error(state, "--limit \"%s\" is not a positive "
			    "number", arg);
		break;
	case OPT_MINE:
		a->mine = 1;
		break;
	case OPT_OWNER:
		a->q.owner = arg;
		break;
	case OPT_SORT:
		a->q.sort = arg;
		break;
	case OPT_TAG:
		a->q.tag = arg;
		break;
	case ARGP_KEY_ARG:
		if (state->arg_num == 0 && crm_entity_lookup(arg) != NULL) {
			a->ent = crm_entity_lookup(arg);
			break;
		}
		if (a->q.nterms + a->q.nfilters >= MAX_ARGS)
			argp_error(state, "too many arguments");
		if (is_filter(arg)) {
			if (crm_find_filter_parse(a->ent, arg,
			    &a->filters[a->q.nfilters], &e) != CRM_OK)
				argp_error(state, "%s", e.msg);
			a->q.nfilters++;
		} else
			a->terms[a->q.nterms++] = arg;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt, "[ENTITY] [TERM...] [FIELD=VALUE...]",
	"Search contacts (the default ENTITY) or companies, or select "
	"meetings, calls, tasks or deals.\v"
	"A TERM matches names, company, e-mail, tags and phone, regardless "
	"of case and accents (\"nunez\" finds \"Núñez\"), as a whole word, "
	"or as the start of one when whole words find nothing; a phone in "
	"any format finds the number by its last digits "
	"(\"600 111 222\" finds +34600111222).  Every term must match; the "
	"best matches come first.  For activities a TERM is text their "
	"topic, result, note, title or location contains.  Filters: "
	"field=value (exact, regardless of case; an empty value means "
	"unset), field~text (contains), field>value and field<value (quote "
	"them for the shell).  On activities, times and lists read as "
	"typed: at=today, \"due<tomorrow\", status=done, contact=ID, "
	"manager=LOGIN.  Archived records are left out unless --archived."
	"\n\n"
	"Exit status: 0 found something, 3 found nothing, 2 usage, 5 "
	"database error.",
	crm_common_children, NULL, NULL,
};

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	struct crm_writer *w;
	long n = 0;
	int rc;

	a.ent = crm_entity_lookup("contact");
	a.q.terms = a.terms;
	a.q.filters = a.filters;
	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	if (a.mine && a.q.owner != NULL)
		errx(2, "--mine and --owner: give one");
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	if (a.mine)
		a.q.owner = crm_db_actor(db);
	if ((rc = crm_find_check(db, a.ent, &a.q, &e)) != CRM_OK) {
		warnx("%s", e.msg);
		crm_db_close(db);
		return rc;
	}
	if ((w = crm_writer_open(stdout, &a.common, crm_entity_cols(a.ent),
	    a.ent->nfields)) == NULL)
		err(5, "stdout");
	rc = crm_find(db, a.ent, &a.q, w, &n, &e);
	if (crm_writer_end(w) != CRM_OK && rc == CRM_OK)
		rc = crm_err_set(&e, CRM_EDB, "write error on standard output");
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	crm_db_close(db);
	if (rc == CRM_OK && n == 0)
		rc = CRM_ENOTFOUND;
	return rc;
}
