/*
 * crm-user - the users of the base: add, change, list.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

enum { OPT_REASSIGN = 0x2000, OPT_RESTORE };

struct args {
	struct crm_common common;
	struct crm_verb v;
	const char *reassign_to;
	int restore;
};

static const struct argp_option options[] = {
	{ "reassign-to", OPT_REASSIGN, "LOGIN", 0,
	  "deactivate: move the user's clients, open deals, planned "
	  "meetings and open tasks to LOGIN first", 0 },
	{ "restore", OPT_RESTORE, NULL, 0,
	  "add from CSV: restore a backup, keeping the users' created_at, "
	  "created_by, updated_at and updated_by", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	if (key == ARGP_KEY_INIT) {
		state->child_inputs[0] = &a->common;
		return 0;
	}
	if (key == OPT_REASSIGN) {
		a->reassign_to = arg;
		return 0;
	}
	if (key == OPT_RESTORE) {
		a->restore = 1;
		return 0;
	}
	return crm_verb_parse(key, arg, state, &a->v, "list");
}

static const struct argp argp = {
	options, parse_opt,
	"list\nadd LOGIN [FIELD=VALUE...]\nadd [--restore] < USERS.csv\n"
	"set LOGIN FIELD=VALUE...\ndeactivate LOGIN [--reassign-to LOGIN]",
	"Add, change, deactivate and list the users of the base.\v"
	"Fields: name, email, role (admin, supervisor, manager, operator; "
	"default manager), extension (the telephone extension, digits, one "
	"per user), active (yes or no).  The first user of a new database "
	"is its admin.  Only admins add, change and deactivate users; "
	"anyone lists them.  Every change is audited.\n\n"
	"deactivate: the user can no longer use the base.  With "
	"--reassign-to, their clients (contacts and companies), open deals, "
	"planned meetings and open tasks move to that user in one audited "
	"batch; calls, held meetings, closed deals and done tasks stay "
	"theirs, as history.\n\n"
	"add without a LOGIN reads CSV or TSV from standard input with a "
	"login column and field columns (the output of crm-user list reads "
	"back in: its id is ignored, and its stamps created_at, created_by, "
	"updated_at and updated_by must be those stored for a known login; a "
	"new one gets the acting admin and now, unless --restore, which "
	"writes them as given); a known login is changed, a new one added, "
	"and a bad row is reported with its line and leaves the others "
	"be.\n\n"
	"Exit status: 0 success (an empty standard input too), 1 rejected "
	"(an existing login, the last admin, a bad row of CSV input), 2 usage "
	"(a bad login, field or value on the command line), 3 no such user, 4 "
	"permission denied (not an admin), 5 database error or standard "
	"output not written.",
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

/* Deactivate a->v.rest[0], reassigning; prints what moved. */
static int
deactivate(struct crm_db *db, const struct args *a, struct crm_err *e)
{
	static const char *const what[] = { "contacts", "companies",
	    "open deals", "planned meetings", "open tasks" };
	char q[128];
	struct crm_reassigned r;
	const char *to = a->reassign_to;
	int i, rc, n = 0;

	for (i = 1; i < a->v.nrest; i++) {
		const char *s = a->v.rest[i];

		if (strcmp(s, "--reassign-to") == 0 && i + 1 < a->v.nrest)
			to = a->v.rest[++i];
		else if (strncmp(s, "--reassign-to=", 14) == 0)
			to = s + 14;
		else
			errx(2, "deactivate takes a LOGIN and --reassign-to "
			    "LOGIN, not \"%s\"",
			    crm_term_quote(s, q, sizeof(q)));
	}
	if ((rc = crm_db_begin(db, e)) != CRM_OK)
		return rc;
	if ((rc = crm_user_deactivate(db, a->v.rest[0], to, &r, e)) != CRM_OK ||
	    (rc = crm_db_commit(db, e)) != CRM_OK) {
		crm_db_rollback(db);
		return rc;
	}
	if (a->common.quiet)
		return CRM_OK;
	fprintf(stderr, "crm-user: %s deactivated", a->v.rest[0]);
	for (i = 0; to != NULL && i < 5; i++)
		if (r.n[i] > 0)
			fprintf(stderr, "%s%ld %s", n++ ? ", " : "; ",
			    r.n[i], what[i]);
	if (to != NULL && n > 0)
		fprintf(stderr, " moved to %s", to);
	else if (to != NULL)
		fprintf(stderr, "; nothing to move to %s", to);
	fputc('\n', stderr);
	return CRM_OK;
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
	char q[128];

	/* Who may is asked first; then whether there is anything. */
	if ((rc = crm_user_may_manage(db, &e)) != CRM_OK) {
		warnx("%s", e.msg);
		return rc;
	}
	/* The whole input first: the write lock waits for no producer. */
	if ((rc = crm_input_spool(&e)) != CRM_OK) {
		warnx("%s", e.msg);
		return rc;
	}
	if (crm_input_empty(stdin, &e)) {
		if (e.code != CRM_OK || !a->common.quiet)
			warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
		return e.code;
	}
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
			warnx("line 1: unknown column \"%s\" for a user",
			    crm_term_quote(col, q, sizeof(q)));
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
			    names, values, nf, a->restore, &was_added, &e);
			if (rc == CRM_EDB || rc == CRM_EPERM)
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
	char q[128];

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
	} else if (strcmp(a.v.verb, "deactivate") == 0) {
		if (a.v.nrest < 1)
			errx(2, "deactivate takes a LOGIN");
	} else
		errx(2, "unknown command \"%s\" (list, add, set, deactivate)",
		    crm_term_quote(a.v.verb, q, sizeof(q)));
	if (a.reassign_to != NULL && strcmp(a.v.verb, "deactivate") != 0)
		errx(2, "--reassign-to goes with deactivate");
	if (a.restore && (strcmp(a.v.verb, "add") != 0 || a.v.nrest != 0))
		errx(2, "--restore goes with add and CSV on standard input");
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	if (strcmp(a.v.verb, "list") == 0) {
		if ((w = crm_writer_new(stdout, a.common.format, crm_user_cols,
		    crm_user_ncols)) == NULL)
			err(5, NULL);
		crm_writer_header(w);
		rc = crm_user_list(db, w, &e);
		rc = crm_writer_close(w, 0, rc, &e);
	} else if (strcmp(a.v.verb, "deactivate") == 0)
		rc = deactivate(db, &a, &e);
	else if (a.v.nrest == 0) {
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
