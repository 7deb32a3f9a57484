/*
 * crm-plan - plans (targets) per manager or team, metric and period: set
 * them from arguments or CSV on stdin, list them with what is done,
 * delete one.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crm.h"

#define MAX_ASSIGN 32

struct args {
	struct crm_common common;
	const char *manager;		/* LOGIN or "team" */
	char *assign[MAX_ASSIGN];	/* metric=target */
	int nassign;
	const char *period;		/* as typed with --week/--month/... */
	int kind;			/* its kind, or -1 */
	const char *delete;
	int team, list, atomic;
};

enum {
	OPT_WEEK = 0x100,
	OPT_MONTH,
	OPT_QUARTER,
	OPT_TEAM,
	OPT_LIST,
	OPT_DELETE,
	OPT_ATOMIC,
};

static const struct argp_option options[] = {
	{ "week", OPT_WEEK, "WEEK", 0,
	  "The plan of a week: 2026-W47, week, last-week", 0 },
	{ "month", OPT_MONTH, "MONTH", 0,
	  "The plan of a month: 2026-11, month, last-month (the default: "
	  "this month)", 0 },
	{ "quarter", OPT_QUARTER, "QUARTER", 0,
	  "The plan of a quarter: 2026-Q4, quarter", 0 },
	{ "team", OPT_TEAM, NULL, 0, "The whole team's plan (as LOGIN team)",
	  0 },
	{ "list", OPT_LIST, NULL, 0,
	  "List plans of the period given, else of this week, month and "
	  "quarter, with what is done", 1 },
	{ "delete", OPT_DELETE, "ID", 0, "Delete plan ID", 1 },
	{ "atomic", OPT_ATOMIC, NULL, 0,
	  "CSV input: write nothing when a row is rejected", 2 },
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
		a->kind = -1;
		break;
	case OPT_WEEK:
	case OPT_MONTH:
	case OPT_QUARTER:
		if (a->period != NULL)
			argp_error(state, "one period only");
		a->period = arg;
		a->kind = key == OPT_WEEK ? CRM_PERIOD_WEEK : key == OPT_MONTH ?
		    CRM_PERIOD_MONTH : CRM_PERIOD_QUARTER;
		break;
	case OPT_TEAM: a->team = 1; break;
	case OPT_LIST: a->list = 1; break;
	case OPT_DELETE: a->delete = arg; break;
	case OPT_ATOMIC: a->atomic = 1; break;
	case ARGP_KEY_ARG:
		if (strchr(arg, '=') == NULL) {
			if (a->manager != NULL || a->nassign > 0)
				argp_error(state, "\"%s\": LOGIN comes first, "
				    "then METRIC=TARGET",
				    crm_term_quote(arg, q, sizeof(q)));
			a->manager = arg;
		} else if (a->nassign == MAX_ASSIGN)
			argp_error(state, "too many METRIC=TARGET");
		else
			a->assign[a->nassign++] = arg;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt,
	"[LOGIN|team] METRIC=TARGET... [--week WEEK|--month MONTH|--quarter "
	"QUARTER]\n"
	"--list [--week WEEK|--month MONTH|--quarter QUARTER] [LOGIN|team]\n"
	"--delete ID\n"
	"[--atomic] < CSV",
	"Set plans (targets) per manager or for the whole team, metric and "
	"period; list them with what is done; delete one.\v"
	"METRIC is contacts_added, calls, calls_completed, meetings_held, "
	"deals_won or revenue_won (an amount in the currency of the setting "
	"deal.currency, typed as a decimal).  LOGIN defaults to the acting "
	"user; team (or --team) is the whole team.  Setting a plan again "
	"changes its target.  With no arguments, plans are read as CSV on "
	"stdin with the columns manager, metric, period, target.  A listing "
	"has the columns id, manager, metric, period, target, done, "
	"percent.\n\n"
	"Exit status: 0 success (or no records on stdin), 1 input rejected (a "
	"manager who is no active user, bad CSV rows), 2 usage (including an "
	"unknown metric, a bad period or target; nothing is printed), 3 plan "
	"not found, 4 permission denied (not a supervisor or admin), 5 "
	"database error or standard output not written (the plans stay "
	"set).",
	crm_common_children, NULL, NULL,
};

/* A period option as typed, of the kind the option names. */
static void
period_of(const struct args *a, time_t now, struct crm_period *p)
{
	static const char *const opt[] = { "", "--week", "--month",
	    "--quarter" };
	char q[128];
	struct crm_err e = { 0 };

	if (crm_period_parse(a->period, now, p, &e) != CRM_OK)
		errx(2, "%s: %s", opt[a->kind], e.msg);
	if ((int)p->kind != a->kind)
		errx(2, "%s: \"%s\" is not a %s", opt[a->kind],
		    crm_term_quote(a->period, q, sizeof(q)),
		    crm_period_kind_name(a->kind));
}

/* Told about a rejected row: one line on stderr. */
static void
report(void *arg, const struct crm_err *e)
{
	char msg[1200];

	warnx("%s", crm_err_text(e, msg, sizeof(msg)));
}

/*
 * Set the plans of the command line, committed, their ids into ids[]:
 * nothing is printed before they are, so a refused plan prints nothing.
 */
static int
set(struct crm_db *db, struct args *a, time_t now, int64_t *ids,
    struct crm_err *e)
{
	struct crm_plan_new pn = { 0 };
	enum crm_import_result res;
	char *eq;
	int i, rc;

	pn.manager = a->team ? "team" : a->manager ? a->manager :
	    crm_db_actor(db);
	pn.period = a->period;
	if ((rc = crm_db_begin(db, e)) != CRM_OK)
		return rc;
	for (i = 0; i < a->nassign && rc == CRM_OK; i++) {
		eq = strchr(a->assign[i], '=');
		*eq = '\0';
		pn.metric = a->assign[i];
		pn.target = eq + 1;
		rc = crm_plan_set(db, &pn, now, &ids[i], &res, e);
		*eq = '=';
	}
	if (rc == CRM_OK)
		rc = crm_db_commit(db, e);
	if (rc != CRM_OK)
		crm_db_rollback(db);
	return rc;
}

/* Print the plans set, once each. */
static int
show(struct crm_db *db, const struct args *a, time_t now,
    const int64_t *ids, struct crm_writer *w, struct crm_err *e)
{
	struct crm_plan_query q = { 0 };
	int i, rc = CRM_OK;

	for (i = 0; i < a->nassign && rc == CRM_OK; i++) {
		q.id = ids[i];
		if (i > 0 && ids[i] == ids[i - 1])
			continue;
		rc = crm_plan_list(db, &q, now, w, NULL, e);
	}
	return rc;
}

/* Plans from CSV on stdin. */
static int
load(struct crm_db *db, struct args *a, time_t now, struct crm_err *e)
{
	struct crm_import_stats st;
	int rc;

	/* The whole input first: the write lock waits for no producer. */
	if ((rc = crm_input_spool(e)) != CRM_OK ||
	    (rc = crm_db_begin(db, e)) != CRM_OK)
		return rc;
	rc = crm_plan_load(db, stdin, a->common.delimiter, now, report, NULL,
	    &st, e);
	if (st.empty) {
		crm_db_rollback(db);
		if (rc == CRM_OK && !a->common.quiet)
			warnx("%s", e->msg);
		return rc;
	}
	if (rc == CRM_OK && a->atomic && st.rejected > 0) {
		crm_db_rollback(db);
		fprintf(stderr, "crm-plan: %ld rejected; --atomic: nothing "
		    "written\n", st.rejected);
		return CRM_EINPUT;
	}
	if (rc == CRM_OK)
		rc = crm_db_commit(db, e);
	if (rc != CRM_OK) {
		crm_db_rollback(db);
		return rc;
	}
	if (!a->common.quiet)
		fprintf(stderr, "crm-plan: %ld added, %ld updated, %ld "
		    "unchanged, %ld rejected\n", st.added, st.updated,
		    st.unchanged, st.rejected);
	return st.rejected > 0 ? CRM_EINPUT : CRM_OK;
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_plan_query q = { 0 };
	struct crm_period p;
	struct crm_writer *w = NULL;
	struct crm_db *db;
	struct crm_err e = { 0 };
	time_t now = time(NULL);
	char msg[1200];
	int64_t id = 0, ids[MAX_ASSIGN];
	int rc, bulk;

	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	bulk = !a.list && a.delete == NULL && a.manager == NULL &&
	    a.nassign == 0 && !a.team;
	if (a.list + (a.delete != NULL) + (a.nassign > 0 || bulk) > 1)
		errx(2, "--list, --delete and METRIC=TARGET do not go together");
	if (a.delete != NULL && (a.manager || a.team || a.period))
		errx(2, "--delete ID takes no other argument or option");
	if (!a.list && a.delete == NULL && !bulk && a.nassign == 0)
		errx(2, "no METRIC=TARGET given (crm-plan LOGIN "
		    "meetings_held=10)");
	if (a.team && a.manager != NULL)
		errx(2, "--team and LOGIN do not go together");
	if (a.atomic && !bulk)
		errx(2, "--atomic is for CSV input on stdin");
	if (bulk && isatty(STDIN_FILENO))
		errx(2, "no plans given: METRIC=TARGET, or CSV on stdin");
	if (a.delete != NULL)
		if ((id = crm_arg_positive("plan id", a.delete, &e)) == 0)
			errx(2, "%s", e.msg);
	if (a.period != NULL)
		period_of(&a, now, &p);
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);

	if (bulk) {
		rc = load(db, &a, now, &e);
		if (rc != CRM_OK && e.msg[0] == '\0')
			goto done;
		goto out;
	}
	if (a.delete != NULL) {
		if ((rc = crm_db_begin(db, &e)) == CRM_OK &&
		    (rc = crm_plan_delete(db, id, &e)) == CRM_OK)
			rc = crm_db_commit(db, &e);
		if (rc != CRM_OK)
			crm_db_rollback(db);
		goto out;
	}
	if (!a.list && (rc = set(db, &a, now, ids, &e)) != CRM_OK)
		goto out;
	if ((w = crm_writer_open(stdout, &a.common, crm_plan_cols,
	    crm_plan_ncols)) == NULL)
		err(5, "stdout");
	if (a.list) {
		q.manager = a.team ? "team" : a.manager;
		q.period = a.period != NULL ? &p : NULL;
		rc = crm_plan_list(db, &q, now, w, NULL, &e);
	} else
		rc = show(db, &a, now, ids, w, &e);
	/* The plans set are committed by now. */
	rc = crm_writer_close(w, !a.list, rc, &e);
out:
	if (rc != CRM_OK)
		warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
done:
	crm_db_close(db);
	return rc;
}
