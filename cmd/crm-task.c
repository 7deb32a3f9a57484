/*
 * crm-task - follow-ups with due dates: add one for a contact, mark one
 * done, list open ones (mine, someone's, everyone's; overdue, today).
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* Candidates a table shows: id and the fields that tell records apart. */

struct args {
	struct crm_common common;
	const char *contact;		/* the first positional */
	struct crm_buf title;		/* the others, joined by spaces */
	int nwords;
	const char *due, *forlogin, *done;
	int mine, all, overdue, today, done_too;
};

enum {
	OPT_DUE = 0x100,
	OPT_FOR,
	OPT_DONE,
	OPT_MINE,
	OPT_ALL,
	OPT_OVERDUE,
	OPT_TODAY,
	OPT_DONE_TOO,
};

static const struct argp_option options[] = {
	{ "due", OPT_DUE, "DATE", 0,
	  "When the task is due (2026-12-01 10:00, tomorrow, +2d, fri ...)",
	  0 },
	{ "for", OPT_FOR, "LOGIN", 0,
	  "Assign the new task to LOGIN; when listing, LOGIN's tasks", 0 },
	{ "done", OPT_DONE, "ID", 0, "Mark task ID done", 0 },
	{ "mine", OPT_MINE, NULL, 0, "List my tasks (the default)", 1 },
	{ "all", OPT_ALL, NULL, 0, "List everyone's tasks", 1 },
	{ "overdue", OPT_OVERDUE, NULL, 0,
	  "List only tasks not done and due before now", 1 },
	{ "today", OPT_TODAY, NULL, 0, "List only tasks due today", 1 },
	{ "done-too", OPT_DONE_TOO, NULL, 0, "List done tasks too", 1 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->common;
		break;
	case OPT_DUE: a->due = arg; break;
	case OPT_FOR: a->forlogin = arg; break;
	case OPT_DONE: a->done = arg; break;
	case OPT_MINE: a->mine = 1; break;
	case OPT_ALL: a->all = 1; break;
	case OPT_OVERDUE: a->overdue = 1; break;
	case OPT_TODAY: a->today = 1; break;
	case OPT_DONE_TOO: a->done_too = 1; break;
	case ARGP_KEY_ARG:
		if (state->arg_num == 0) {
			a->contact = arg;
			break;
		}
		if ((a->nwords++ > 0 && crm_buf_adds(&a->title, " ") != CRM_OK)
		    || crm_buf_adds(&a->title, arg) != CRM_OK)
			argp_failure(state, 5, 0, "out of memory");
		break;
	case ARGP_KEY_END:
		if (crm_buf_add(&a->title, "", 1) != CRM_OK)
			argp_failure(state, 5, 0, "out of memory");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt, "CONTACT TITLE...\n--done ID\n"
	"[--mine|--for LOGIN|--all] [--overdue] [--today] [--done-too]",
	"Add a follow-up task for a contact, mark a task done, or list open "
	"tasks (mine by default).\v"
	"CONTACT is an id, a phone, an e-mail or a name fragment, as "
	"crm-show takes it; when it matches several contacts they are listed "
	"and nothing is added.  The words after it are the title.  --for "
	"assigns the task to another user (an active one); the task records "
	"both who must do it and who typed it.  After a write, the open tasks "
	"of the assignee are counted on stderr unless -q.  A list has the "
	"columns id, due, title, contact, contact_id, assignee, done_at and "
	"created_by; times are UTC.\n\n"
	"Exit status: 0 success, 1 input rejected (empty title, unknown or "
	"inactive user, task already done), 2 usage (including a bad DATE), 3 "
	"contact or task not found, or contact ambiguous, 4 permission denied "
	"(acting for another, another's task), 5 database error or standard "
	"output not written (the task stays committed).",
	crm_common_children, NULL, NULL,
};

/* Resolve the contact as crm-show does: candidates only when several. */
static int
resolve(struct crm_db *db, struct args *a, int64_t *id, struct crm_err *e)
{
	return crm_resolve(db, crm_entity_lookup("contact"), a->contact, id,
	    &a->common, stdout, e);
}

/*
 * Print the tasks of q: all columns, or ids with -q; committed when they
 * are what the command just wrote.
 */
static int
print(struct crm_db *db, const struct args *a, const struct crm_task_query *q,
    int committed, struct crm_err *e)
{
	struct crm_writer *w;
	int rc;

	if ((w = crm_writer_open(stdout, &a->common, crm_task_cols,
	    crm_task_ncols)) == NULL)
		err(5, "stdout");
	rc = crm_task_list(db, q, w, NULL, e);
	return crm_writer_close(w, committed, rc, e);
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_task_query q = { 0 };
	struct crm_task_new t = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	char due[32], who[64];
	long open = 0;
	int rc, listing;

	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	listing = a.mine || a.all || a.overdue || a.today || a.done_too;
	if (a.done != NULL && (a.contact != NULL || a.due != NULL ||
	    a.forlogin != NULL || listing))
		errx(2, "--done ID takes no other argument or option");
	if (a.contact != NULL && listing)
		errx(2, "list options do not go with CONTACT TITLE");
	if (a.contact != NULL && a.nwords == 0)
		errx(2, "no TITLE given (crm-task CONTACT TITLE...)");
	if (a.contact == NULL && a.due != NULL)
		errx(2, "--due needs CONTACT TITLE");
	if (a.mine + a.all + (a.forlogin != NULL) > 1)
		errx(2, "--mine, --for and --all do not go together");
	if (a.due != NULL) {
		if (crm_date_stamp(a.due, due, sizeof(due), &e) != CRM_OK)
			errx(2, "--due: %s", e.msg);
		t.due = due;
	}
	if (a.done != NULL)
		if ((q.id = crm_arg_positive("task id", a.done, &e)) == 0)
			errx(2, "%s", e.msg);
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);

	if (a.contact == NULL && a.done == NULL) {
		q.assignee = a.all ? NULL : a.forlogin ? a.forlogin :
		    crm_db_actor(db);
		q.overdue = a.overdue;
		q.today = a.today;
		q.include_done = a.done_too;
		rc = print(db, &a, &q, 0, &e);
		goto out;
	}
	if (a.contact != NULL &&
	    (rc = resolve(db, &a, &t.contact_id, &e)) != CRM_OK)
		goto out;
	t.title = a.title.p;
	t.assignee = a.forlogin;
	if ((rc = crm_db_begin(db, &e)) != CRM_OK)
		goto out;
	if (a.done != NULL)
		rc = crm_task_done(db, q.id, who, sizeof(who), &e);
	else {
		snprintf(who, sizeof(who), "%s", a.forlogin ? a.forlogin :
		    crm_db_actor(db));
		rc = crm_task_add(db, &t, &q.id, &e);
	}
	if (rc == CRM_OK)
		rc = crm_task_open_count(db, who, &open, &e);
	if (rc == CRM_OK)
		rc = crm_db_commit(db, &e);
	if (rc != CRM_OK) {
		crm_db_rollback(db);
		goto out;
	}
	q.include_done = 1;
	if ((rc = print(db, &a, &q, 1, &e)) == CRM_OK && !a.common.quiet)
		fprintf(stderr, "open tasks for %s: %ld\n", who, open);
out:
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	crm_db_close(db);
	crm_buf_free(&a.title);
	return rc;
}
