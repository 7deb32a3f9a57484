/*
 * crm-user - the users of the base: add, change, list.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

struct args {
	struct crm_common common;
	struct crm_verb v;
};

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	if (key == ARGP_KEY_INIT) {
		state->child_inputs[0] = &a->common;
		return 0;
	}
	return crm_verb_parse(key, arg, state, &a->v, "list");
}

static const struct argp argp = {
	NULL, parse_opt,
	"list\nadd LOGIN [FIELD=VALUE...]\nadd < USERS.csv\n"
	"set LOGIN FIELD=VALUE...",
	"Add, change and list the users of the base.\v"
	"Fields: name, email, role (admin, supervisor, manager, operator; "
	"default manager), extension (the telephone extension, digits, one "
	"per user), active (yes or no).  The first user of a new database "
	"is its admin.  Every change is audited.\n\n"
	"add without a LOGIN reads CSV or TSV from standard input with a "
	"login column and field columns (the output of crm-user list reads "
	"back in: its id and time stamps are ignored); a known login is "
	"changed, a new one added, and a bad row is reported with its line "
	"and leaves the others be.\n\n"
	"Exit status: 0 success, 1 invalid value, 2 usage, 3 no such user, "
	"5 database error.",
	crm_common_children, NULL, NULL,
};

/* Run add or set of a->v.rest[0] with the FIELD=VALUE pairs after it. */
static int
change(struct crm_db *db, const struct args *a, struct crm_err *e)
{
	char **names;
	const char **values;
	int i, n = a->v.nrest - 1, rc = CRM_OK;

	names = calloc((size_t)n + 1, sizeof(*names));
	values = calloc((size_t)n + 1, sizeof(*values));
	if (names == NULL || values == NULL)
		err(5, NULL);
	for (i = 0; i < n && rc == CRM_OK; i++)
		rc = crm_split_assignment(a->v.rest[i + 1], &names[i], &values[i],
		    e);
	if (rc == CRM_OK && (rc = crm_db_begin(db, e)) == CRM_OK) {
		if (strcmp(a->v.verb, "add") == 0)
			rc = crm_user_add(db, a->v.rest[0],
			    (const char *const *)names, values, (size_t)n, e);
		else
			rc = crm_user_set(db, a->v.rest[0],
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

/* Add or change users from CSV on stdin; returns the exit status. */
static int
add_stream(struct crm_db *db, const struct args *a)
{
	struct crm_reader *r = NULL;
	struct crm_row row;
	struct crm_err e = { 0 };
	const char **names = NULL, **values = NULL;
	char msg[1200];
	size_t i, n, nf = 0, login_col = (size_t)-1;
	long added = 0, changed = 0, rejected = 0;
	int rc, got, was_added;

	if ((rc = crm_reader_open(&r, stdin, a->common.delimiter, &e)) !=
	    CRM_OK) {
		warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
		return rc;
	}
	n = crm_reader_ncols(r);
	names = calloc(n + 1, sizeof(*names));
	values = calloc(n + 1, sizeof(*values));
	if (names == NULL || values == NULL)
		err(5, NULL);
	for (i = 0; i < n; i++) {
		const char *col = crm_reader_col(r, i);

		if (strcmp(col, "login") == 0)
			login_col = i;
		else if (!crm_user_column_known(col)) {
			warnx("line 1: unknown column \"%s\" for a user", col);
			rc = CRM_EINPUT;
			goto done;
		}
	}
	if (login_col == (size_t)-1) {
		warnx("line 1: no login column");
		rc = CRM_EINPUT;
		goto done;
	}
	if ((rc = crm_db_begin(db, &e)) != CRM_OK)
		goto fail;
	while ((got = crm_reader_next(r, &row, &e)) != 0) {
		if (got == -2) {
			rc = CRM_EDB;
			goto fail;
		}
		if (got == 1) {
			for (i = 0, nf = 0; i < n; i++)
				if (i != login_col) {
					names[nf] = crm_reader_col(r, i);
					values[nf++] = row.fields[i];
				}
			rc = crm_user_upsert(db, crm_trim(row.fields[login_col]),
			    names, values, nf, &was_added, &e);
			if (rc == CRM_EDB)
				goto fail;
			if (rc == CRM_OK) {
				was_added ? added++ : changed++;
				continue;
			}
			e.line = row.line;
		}
		warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
		rejected++;
	}
	if ((rc = crm_db_commit(db, &e)) != CRM_OK)
		goto fail;
	if (!a->common.quiet)
		fprintf(stderr, "crm-user: %ld added, %ld updated, %ld rejected\n",
		    added, changed, rejected);
	rc = rejected > 0 ? CRM_EINPUT : CRM_OK;
	goto done;
fail:
	crm_db_rollback(db);
	warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
done:
	free(names);
	free(values);
	crm_reader_close(r);
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
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	if (strcmp(a.v.verb, "list") == 0) {
		if (a.v.nrest != 0)
			errx(2, "list takes no arguments");
	} else if (strcmp(a.v.verb, "add") == 0) {
		if (a.v.nrest < 1 && isatty(STDIN_FILENO))
			errx(2, "add takes a LOGIN, or CSV on standard input "
			    "(crm-user --help)");
	} else if (strcmp(a.v.verb, "set") == 0) {
		if (a.v.nrest < 2)
			errx(2, "set takes a LOGIN and FIELD=VALUE pairs");
	} else
		errx(2, "unknown command \"%s\" (list, add, set)", a.v.verb);
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	if (strcmp(a.v.verb, "list") == 0) {
		if ((w = crm_writer_new(stdout, a.common.format, crm_user_cols,
		    crm_user_ncols)) == NULL)
			err(5, NULL);
		crm_writer_header(w);
		rc = crm_user_list(db, w, &e);
		if (crm_writer_end(w) != CRM_OK && rc == CRM_OK)
			rc = crm_err_set(&e, CRM_EDB, "write error");
	} else if (a.v.nrest == 0) {
		rc = add_stream(db, &a);
		crm_db_close(db);
		return rc;
	} else
		rc = change(db, &a, &e);
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	crm_db_close(db);
	return rc;
}
