/*
 * crm-check - data-quality problems of the base, one row each; a quality
 * score per manager; the safe fixes.  Exits 1 when problems are found, so
 * that cron mails only then.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

#define MAX_PROBLEMS 32

struct args {
	struct crm_common common;
	const char *owner;
	const char *problems[MAX_PROBLEMS + 1];
	int nproblems;
	int mine, summary, fix;
};

enum {
	OPT_OWNER = 0x100,
	OPT_MINE,
	OPT_PROBLEM,
	OPT_SUMMARY,
	OPT_FIX,
};

static const struct argp_option options[] = {
	{ "owner", OPT_OWNER, "LOGIN", 0,
	  "Only LOGIN's records (owned, managed or assigned)", 0 },
	{ "mine", OPT_MINE, NULL, 0, "Only my records", 0 },
	{ "problem", OPT_PROBLEM, "CODE", 0,
	  "Only problems CODE (repeat, or CODE,CODE...)", 0 },
	{ "summary", OPT_SUMMARY, NULL, 0,
	  "One row per owner: records, problems, score", 0 },
	{ "fix", OPT_FIX, NULL, 0,
	  "Normalise phones and e-mails that normalise cleanly (audited), "
	  "then report what is left", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

/* Add the codes of a --problem argument, checked. */
static void
add_problems(struct argp_state *state, struct args *a, char *arg)
{
	struct crm_err e = { 0 };
	char *code, *save = NULL;

	for (code = strtok_r(arg, ",", &save); code != NULL;
	    code = strtok_r(NULL, ",", &save)) {
		if (crm_check_problem(code, &e) != CRM_OK)
			argp_error(state, "%s", e.msg);
		if (a->nproblems == MAX_PROBLEMS)
			argp_error(state, "too many --problem codes");
		a->problems[a->nproblems++] = code;
	}
}

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	char q[128];

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->common;
		break;
	case OPT_OWNER: a->owner = arg; break;
	case OPT_MINE: a->mine = 1; break;
	case OPT_PROBLEM: add_problems(state, a, arg); break;
	case OPT_SUMMARY: a->summary = 1; break;
	case OPT_FIX: a->fix = 1; break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument \"%s\"",
		    crm_term_quote(arg, q, sizeof(q)));
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt,
	"[--owner LOGIN|--mine] [--problem CODE]... [--summary] [--fix]",
	"Check the base for data-quality problems and print them, one row "
	"each: entity, id, owner, problem, detail, sorted by entity, problem "
	"and id.  Archived and erased records are skipped.\v"
	"Problems: no_name, no_contact_data, bad_phone, unnormalised_phone, "
	"bad_email, unnormalised_email, duplicate_phone, duplicate_email, "
	"duplicate_name, untouched (no activity for check.untouched_days), "
	"meeting_no_result, meeting_past_planned, callback_overdue, "
	"task_overdue, deal_past_close.  --summary prints per owner the "
	"records checked, the problems and the score: the percentage of "
	"records without a problem.  --fix normalises the phones and e-mails "
	"that normalise cleanly, audited, says each change on stderr (unless "
	"-q), then reports the problems left.\n\n"
	"Exit status: 0 no problem, 1 problems found, 2 usage, 4 permission "
	"denied (--fix by a manager or supervisor), 5 database error or "
	"standard output not written.",
	crm_common_children, NULL, NULL,
};

/* Say one change of --fix on stderr. */
static void
told(void *arg, const char *entity, int64_t id, const char *field,
    const char *old_value, const char *new_value)
{
	const struct args *a = arg;
	char was[256], is[256];

	if (!a->common.quiet)
		fprintf(stderr, "crm-check: fixed %s %lld %s: \"%s\" -> %s\n",
		    entity, (long long)id, field,
		    crm_term_quote(old_value, was, sizeof(was)),
		    crm_term_quote(new_value, is, sizeof(is)));
}

/* Apply the fixes in a transaction of their own. */
static int
fix(struct crm_db *db, struct args *a, const struct crm_check_query *q,
    struct crm_err *e)
{
	long fixed = 0;
	int rc;

	if ((rc = crm_db_begin(db, e)) != CRM_OK)
		return rc;
	if ((rc = crm_check_fix(db, q, told, a, &fixed, e)) == CRM_OK)
		rc = crm_db_commit(db, e);
	if (rc != CRM_OK)
		crm_db_rollback(db);
	else if (!a->common.quiet)
		fprintf(stderr, "crm-check: %ld fixed\n", fixed);
	return rc;
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_check_query q = { 0 };
	struct crm_writer *w;
	struct crm_db *db;
	struct crm_err e = { 0 };
	long problems = 0;
	int rc;

	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	if (a.mine && a.owner != NULL)
		errx(2, "--mine and --owner do not go together");
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	q.owner = a.mine ? crm_db_actor(db) : a.owner;
	q.problems = a.nproblems > 0 ? a.problems : NULL;
	q.ids_only = a.common.quiet && !a.summary;

	if (a.fix && (rc = fix(db, &a, &q, &e)) != CRM_OK) {
		warnx("%s", e.msg);
		goto out;
	}
	if ((w = a.summary ? crm_writer_open(stdout, &a.common,
	    crm_check_summary_cols, crm_check_summary_ncols) :
	    crm_writer_open(stdout, &a.common, crm_check_cols,
	    crm_check_ncols)) == NULL)
		err(5, "stdout");
	rc = a.summary ? crm_check_summary(db, &q, w, &problems, &e) :
	    crm_check_list(db, &q, w, &problems, &e);
	rc = crm_writer_close(w, 0, rc, &e);
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	else if (problems > 0)
		rc = CRM_EINPUT;
out:
	crm_db_close(db);
	return rc;
}
