/*
 * crm-user - the users of the base: add, change, list.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

struct args {
	struct crm_common common;
	const char *verb;
	char **rest;
	int nrest;
};

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->common;
		break;
	case ARGP_KEY_ARG:
		a->verb = arg;
		a->rest = &state->argv[state->next];
		a->nrest = state->argc - state->next;
		state->next = state->argc;
		break;
	case ARGP_KEY_NO_ARGS:
		a->verb = "list";
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp_child children[] = {
	CRM_COMMON_CHILD,
	{ NULL, 0, NULL, 0 },
};

static const struct argp argp = {
	NULL, parse_opt,
	"list\nadd LOGIN [FIELD=VALUE...]\nset LOGIN FIELD=VALUE...",
	"Add, change and list the users of the base.\v"
	"Fields: name, email, role (admin, supervisor, manager, operator; "
	"default manager), extension (the telephone extension, digits, one "
	"per user), active (yes or no).  The first user of a new database "
	"is its admin.  Every change is audited.\n\n"
	"Exit status: 0 success, 1 invalid value, 2 usage, 3 no such user, "
	"5 database error.",
	children, NULL, NULL,
};

/* Run add or set of a->rest[0] with the FIELD=VALUE pairs after it. */
static int
change(struct crm_db *db, const struct args *a, struct crm_err *e)
{
	char **names;
	const char **values;
	int i, n = a->nrest - 1, rc = CRM_OK;

	names = calloc((size_t)n + 1, sizeof(*names));
	values = calloc((size_t)n + 1, sizeof(*values));
	if (names == NULL || values == NULL)
		err(5, NULL);
	for (i = 0; i < n && rc == CRM_OK; i++)
		rc = crm_split_assignment(a->rest[i + 1], &names[i], &values[i],
		    e);
	if (rc == CRM_OK && (rc = crm_db_begin(db, e)) == CRM_OK) {
		if (strcmp(a->verb, "add") == 0)
			rc = crm_user_add(db, a->rest[0],
			    (const char *const *)names, values, (size_t)n, e);
		else
			rc = crm_user_set(db, a->rest[0],
			    (const char *const *)names, values, (size_t)n, e);
		if (rc == CRM_OK)
			rc = crm_db_commit(db, e);
		else
			crm_db_rollback(db);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(values);
	return rc;
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	struct crm_writer *w;
	int rc;

	crm_argp_parse(&argp, argc, argv, &a);
	if (strcmp(a.verb, "list") == 0) {
		if (a.nrest != 0)
			errx(2, "list takes no arguments");
	} else if (strcmp(a.verb, "add") == 0) {
		if (a.nrest < 1)
			errx(2, "add takes a LOGIN (crm-user --help)");
	} else if (strcmp(a.verb, "set") == 0) {
		if (a.nrest < 2)
			errx(2, "set takes a LOGIN and FIELD=VALUE pairs");
	} else
		errx(2, "unknown command \"%s\" (list, add, set)", a.verb);
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	if (strcmp(a.verb, "list") == 0) {
		if ((w = crm_writer_new(stdout, a.common.format, crm_user_cols,
		    crm_user_ncols)) == NULL)
			err(5, NULL);
		crm_writer_header(w);
		rc = crm_user_list(db, w, &e);
		if (crm_writer_end(w) != CRM_OK && rc == CRM_OK)
			rc = crm_err_set(&e, CRM_EDB, "write error");
	} else
		rc = change(db, &a, &e);
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	crm_db_close(db);
	return rc;
}
