/*
 * crm-log - the audit trail: who changed what, when, newest first.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

struct args {
	struct crm_common common;
	struct crm_log_query q;
	const char *since, *until, *batch, *limit;
	const char *entity, *id;	/* the positional ENTITY and ID */
	const char *extra;		/* a third positional: an error */
};

enum {
	OPT_ACTION = 0x100,
	OPT_BATCH,
	OPT_SINCE,
	OPT_UNTIL,
};

static const struct argp_option options[] = {
	{ "action", OPT_ACTION, "ACTION", 0,
	  "Only changes of this kind: insert, update, archive, unarchive, "
	  "erase, import, reassign, export", 0 },
	{ "actor", 'a', "LOGIN", 0, "Only changes made by LOGIN", 0 },
	{ "batch", OPT_BATCH, "N", 0, "Only the rows of import batch N", 0 },
	{ "limit", 'n', "N", 0, "At most N rows (with -q: N ids)", 0 },
	{ "since", OPT_SINCE, "DATE", 0,
	  "Only changes at or after DATE (2026-11-01, today, -7d ...)", 0 },
	{ "until", OPT_UNTIL, "DATE", 0, "Only changes before DATE", 0 },
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
	case 'a':
		a->q.actor = arg;
		break;
	case OPT_ACTION:
		a->q.action = arg;
		break;
	case OPT_BATCH:
		a->batch = arg;
		break;
	case 'n':
		a->limit = arg;
		break;
	case OPT_SINCE:
		a->since = arg;
		break;
	case OPT_UNTIL:
		a->until = arg;
		break;
	case ARGP_KEY_ARG:
		if (state->arg_num == 0)
			a->entity = arg;
		else if (state->arg_num == 1)
			a->id = arg;
		else if (a->extra == NULL)
			a->extra = arg;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt, "[ENTITY [ID]]",
	"Show the audit trail, newest first: time, actor, action, entity, "
	"id, field, old value, new value, batch.\v"
	"ENTITY is contact, company, user or setting (singular or plural); "
	"with an ID (for a setting, its key) the output is the full history "
	"of that record, including the import batch that created it.  A bulk "
	"import shows as its batch's rows, not one row per record.  -q "
	"prints the distinct ids of the records changed, most recent first, "
	"and needs an ENTITY.  Nothing found is not an error: only the "
	"header is printed.  Supervisors and admins read the whole trail; "
	"other users the rows of what they did themselves; under "
	"policy.visibility own, a manager none about records they may not "
	"see.\n\n"
	"Exit status: 0 success, 2 usage, 3 (policy.visibility own) a record "
	"the manager may not see, or none, 4 permission denied (--actor "
	"another, not a supervisor), 5 database error or standard output not "
	"written.",
	crm_common_children, NULL, NULL,
};

/* Parse a DATE option into the stored form in buf. */
static const char *
stamp(const char *opt, const char *arg, char *buf, size_t bufsz)
{
	struct crm_err e = { 0 };

	if (arg == NULL)
		return NULL;
	if (crm_date_stamp(arg, buf, bufsz, &e) != CRM_OK)
		errx(2, "%s: %s", opt, e.msg);
	return buf;
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	struct crm_writer *w;
	char since[32], until[32];
	int rc;
	char q[128];

	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	if (a.extra != NULL)
		errx(2, "unexpected argument \"%s\" (crm-log [ENTITY [ID]])",
		    crm_term_quote(a.extra, q, sizeof(q)));
	if (a.entity != NULL && (a.q.entity = crm_log_entity(a.entity)) == NULL)
		errx(2, "unknown entity \"%s\" (contacts, companies, users, "
		    "settings)", crm_term_quote(a.entity, q, sizeof(q)));
	/* A setting has no id: its key stands for it. */
	if (a.id != NULL && strcmp(a.q.entity, "setting") == 0)
		a.q.field = a.id;
	else if (a.id != NULL)
		if ((a.q.id = crm_arg_positive("id", a.id, &e)) == 0)
			errx(2, "%s", e.msg);
	if (a.batch != NULL)
		if ((a.q.batch = crm_arg_positive("batch", a.batch, &e)) == 0)
			errx(2, "%s", e.msg);
	if (a.limit != NULL)
		if ((a.q.limit = (long)crm_arg_positive("limit", a.limit, &e))
		    == 0)
			errx(2, "%s", e.msg);
	if (a.common.quiet && a.q.entity == NULL)
		errx(2, "-q needs an ENTITY: ids of different kinds of record "
		    "do not mix");
	a.q.since = stamp("--since", a.since, since, sizeof(since));
	a.q.until = stamp("--until", a.until, until, sizeof(until));
	a.q.ids_only = a.common.quiet;
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	/* A refusal prints nothing, not even a header. */
	if ((rc = crm_log_check(db, &a.q, &e)) != CRM_OK) {
		warnx("%s", e.msg);
		crm_db_close(db);
		return rc;
	}
	if ((w = crm_writer_open(stdout, &a.common, crm_log_cols,
	    crm_log_ncols)) == NULL)
		err(5, "stdout");
	rc = crm_log(db, &a.q, w, NULL, &e);
	rc = crm_writer_close(w, 0, rc, &e);
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	crm_db_close(db);
	return rc;
}
