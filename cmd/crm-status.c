/*
 * crm-status - the dashboard: my plans of this week, month and quarter
 * with progress bars, today's agenda, what is overdue and the gaps in my
 * records; or the team's board; or one line for a shell prompt.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crm.h"

struct args {
	struct crm_common common;
	const char *user;
	int team, oneline;
};

enum {
	OPT_TEAM = 0x100,
	OPT_USER,
	OPT_ONELINE,
};

static const struct argp_option options[] = {
	{ "team", OPT_TEAM, NULL, 0,
	  "The team's board: one row per manager with plans", 0 },
	{ "user", OPT_USER, "LOGIN", 0, "LOGIN's dashboard (default: mine)",
	  0 },
	{ "oneline", OPT_ONELINE, NULL, 0,
	  "One short line for a shell prompt: M 6/10 D 5/10 C 120/200", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	char q[128];

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->common;
		break;
	case OPT_TEAM: a->team = 1; break;
	case OPT_USER: a->user = arg; break;
	case OPT_ONELINE: a->oneline = 1; break;
	case ARGP_KEY_ARG:
		argp_error(state, "no arguments expected (\"%s\")",
		    crm_term_quote(arg, q, sizeof(q)));
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt, "[--user LOGIN] [--team] [--oneline]",
	"Show the dashboard: each plan of this week, month and quarter as "
	"done/target with a bar, the percentage and how far ahead or behind "
	"the straight line to the period's end; today's agenda; what is "
	"overdue; the gaps in the manager's own contacts.\v"
	"As a table (on a terminal, or -f table) it is the dashboard; in "
	"csv, tsv or json it is one row per plan: manager, metric, period, "
	"target, done, percent, expected, delta.  \"crm\" alone runs it.\n\n"
	"Exit status: 0 success, 2 usage, 3 unknown user, 4 permission denied "
	"(another's or the team's board, not a supervisor), 5 database error "
	"or standard output not written.",
	crm_common_children, NULL, NULL,
};

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_writer *w;
	struct crm_db *db;
	struct crm_err e = { 0 };
	time_t now = time(NULL);
	const char *who;
	char line[512];
	int rc;

	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	if (a.team && (a.user != NULL || a.oneline))
		errx(2, "--team does not go with --user or --oneline");
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	who = a.user != NULL ? a.user : crm_db_actor(db);
	if (a.user != NULL && (rc = crm_status_user(db, a.user, &e)) !=
	    CRM_OK)
		goto out;
	if (a.oneline) {
		if ((rc = crm_status_oneline(db, who, now, line, sizeof(line),
		    &e)) == CRM_OK)
			printf("%s\n", line);
	} else if (a.common.format == CRM_FMT_TABLE && !a.common.quiet)
		rc = a.team ? crm_status_team(db, now, stdout, &e) :
		    crm_status_write(db, who, now, 1, stdout, &e);
	else {
		/* -q: the rows alone, whole (a manager is no id). */
		a.common.quiet = 0;
		if (!a.common.format_given)
			a.common.format = CRM_FMT_CSV;
		if ((w = crm_writer_open(stdout, &a.common, crm_status_cols,
		    crm_status_ncols)) == NULL)
			err(5, "stdout");
		rc = crm_status_rows(db, a.team ? NULL : who, now, w, &e);
		rc = crm_writer_close(w, 0, rc, &e);
	}
	if (rc == CRM_OK && fflush(stdout) != 0)
		rc = crm_err_output(&e, errno, 0);
out:
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	crm_db_close(db);
	return rc;
}
