/*
 * crm-call - calls: log one with a pick-list status (a callback adds its
 * task), link a number's calls to a contact, list them, import the call
 * records of a telephone exchange.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

struct args {
	struct crm_common common;
	struct crm_buf party;		/* the first positional(s) */
	const char *status;		/* the next */
	struct crm_buf note;		/* the others, joined by spaces */
	int npos;
	const char *duration, *at, *forlogin, *due, *link, *import;
	int in, out, today, week, mine, all, unlinked, atomic;
	long seconds;			/* --duration read */
	char atstamp[32], duestamp[32];	/* --at and --due, stored form */
	int64_t call;			/* --link read */
};

enum {
	OPT_IN = 0x100, OPT_OUT, OPT_DURATION, OPT_AT, OPT_FOR, OPT_DUE,
	OPT_LINK, OPT_IMPORT, OPT_TODAY, OPT_WEEK, OPT_MINE, OPT_ALL,
	OPT_UNLINKED,
	OPT_ATOMIC,
};

static const struct argp_option options[] = {
	{ "in", OPT_IN, NULL, 0, "The contact called us", 0 },
	{ "out", OPT_OUT, NULL, 0, "We called the contact (the default)", 0 },
	{ "duration", OPT_DURATION, "TIME", 0,
	  "Time talked: seconds (90) or m:ss (1:30)", 0 },
	{ "at", OPT_AT, "DATE", 0,
	  "When the call was (default: now; 2026-12-01 10:00, 10:00, "
	  "yesterday 16:30 ...)", 0 },
	{ "for", OPT_FOR, "LOGIN", 0,
	  "The call is LOGIN's (an operator logging it for a manager); when "
	  "listing, LOGIN's calls", 0 },
	{ "due", OPT_DUE, "DATE", 0,
	  "Status callback: when the callback task is due (default: "
	  "call.callback_minutes after the call)", 0 },
	{ "link", OPT_LINK, "CALL_ID", 0,
	  "Link call CALL_ID, and the other unlinked calls of its number, to "
	  "CONTACT", 0 },
	{ "import", OPT_IMPORT, "KIND", 0,
	  "Import call records from standard input: asterisk (cdr_csv "
	  "Master.csv) or csv", 0 },
	{ "atomic", OPT_ATOMIC, NULL, 0,
	  "--import: write nothing if any record is rejected", 0 },
	{ "mine", OPT_MINE, NULL, 0, "List my calls (the default)", 1 },
	{ "all", OPT_ALL, NULL, 0, "List everyone's calls", 1 },
	{ "today", OPT_TODAY, NULL, 0, "List only today's calls", 1 },
	{ "week", OPT_WEEK, NULL, 0,
	  "List only this week's calls (from Monday)", 1 },
	{ "unlinked", OPT_UNLINKED, NULL, 0,
	  "List only calls linked to no contact, by number", 1 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

/* Whether s is written with the characters of a phone number only. */
static int
phone_chars(const char *s)
{
	return *s != '\0' && strspn(s, "0123456789+-.()/ ") == strlen(s);
}

/* Append word to b after a space (unless b is empty), NUL-terminated. */
static void
append(struct argp_state *state, struct crm_buf *b, const char *word)
{
	if ((b->len > 0 && crm_buf_adds(b, " ") != CRM_OK) ||
	    crm_buf_adds(b, word) != CRM_OK || crm_buf_add(b, "", 1) != CRM_OK)
		argp_failure(state, 5, 0, "out of memory");
	b->len--;	/* the NUL stays; the next word goes over it */
}

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->common;
		break;
	case OPT_IN: a->in = 1; break;
	case OPT_OUT: a->out = 1; break;
	case OPT_DURATION: a->duration = arg; break;
	case OPT_AT: a->at = arg; break;
	case OPT_FOR: a->forlogin = arg; break;
	case OPT_DUE: a->due = arg; break;
	case OPT_LINK: a->link = arg; break;
	case OPT_IMPORT: a->import = arg; break;
	case OPT_ATOMIC: a->atomic = 1; break;
	case OPT_TODAY: a->today = 1; break;
	case OPT_WEEK: a->week = 1; break;
	case OPT_MINE: a->mine = 1; break;
	case OPT_ALL: a->all = 1; break;
	case OPT_UNLINKED: a->unlinked = 1; break;
	case ARGP_KEY_ARG:
		/* A number typed in groups, "600 111 222", is one argument. */
		if (a->npos == 0 || (a->npos == 1 && phone_chars(arg) &&
		    phone_chars(a->party.p))) {
			append(state, &a->party, arg);
			a->npos = 1;
		} else if (a->npos == 1) {
			a->status = arg;
			a->npos = 2;
		} else {
			append(state, &a->note, arg);
			a->npos++;
		}
		break;
	case ARGP_KEY_END:
		if (a->note.p == NULL)
			append(state, &a->note, "");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt, "CONTACT|NUMBER STATUS [NOTE...]\n"
	"--link CALL_ID CONTACT\n[--atomic] --import asterisk|csv < RECORDS\n"
	"[--mine|--for LOGIN|--all] [--today|--week] [--unlinked]",
	"Log a call with a status from the pick list, link calls to a "
	"contact, list calls (mine by default), or import the call records "
	"of a telephone exchange.\v"
	"CONTACT is an id, a phone, an e-mail or a name fragment, as crm-show "
	"takes it (under policy.visibility own, a manager's own clients "
	"only).  A whole phone number no contact has is kept as the "
	"call's number, to be linked later with --link, which links the "
	"other unlinked calls of that number too.  STATUS is a status of the "
	"setting call.statuses, an alias of one (done: completed) or a "
	"unique prefix.  The words after it are the note.  Status callback "
	"also adds a callback task.  After a write the calls of the month "
	"are counted on stderr unless -q.  --import classifies each record "
	"(manager from the extension, direction, contact from the number, "
	"status from the disposition, a callback task for a missed inbound "
	"call), skips records imported before, reports bad records and "
	"prints a summary on stderr; see crm-call(1).\n\n"
	"Exit status: 0 success (or no records on stdin), 1 input rejected "
	"(unknown or inactive user, bad records in an import), 2 usage "
	"(including an unknown or ambiguous STATUS, a bad DATE or TIME or an "
	"unknown KIND), 3 contact or call not found, or contact ambiguous, 4 "
	"permission denied (acting for another, another's call, an import by "
	"a manager), 5 database error or standard output not written (the "
	"call stays committed).",
	crm_common_children, NULL, NULL,
};

/*
 * Print calls: call id, or each of ids; all columns, or ids with -q;
 * committed when they are what the command just wrote.
 */
static int
print(struct crm_db *db, const struct args *a, struct crm_call_query *q,
    const int64_t *ids, size_t n, int committed, struct crm_err *e)
{
	struct crm_writer *w;
	size_t i;
	int rc = CRM_OK;

	if ((w = crm_writer_open(stdout, &a->common, crm_call_cols,
	    crm_call_ncols)) == NULL)
		err(5, "stdout");
	if (ids == NULL)
		rc = crm_call_list(db, q, w, NULL, e);
	for (i = 0; i < n && rc == CRM_OK; i++) {
		q->id = ids[i];
		rc = crm_call_list(db, q, w, NULL, e);
	}
	return crm_writer_close(w, committed, rc, e);
}

/* A line an import rejected or warns about. */
static void
report(void *arg, const struct crm_err *e)
{
	char buf[1200];

	warnx("%s", crm_err_text(e, buf, sizeof(buf)));
}

/* Import records of kind; rejected records make it CRM_EINPUT, said. */
static int
import(struct crm_db *db, const struct args *a, enum crm_cdr_kind kind,
    struct crm_err *e)
{
	struct crm_cdr_stats st;
	char line[256];
	int rc;

	/* The whole input first: the write lock waits for no producer. */
	if ((rc = crm_input_spool(e)) != CRM_OK)
		return rc;
	rc = crm_cdr_import(db, kind, stdin, a->common.delimiter, a->atomic,
	    report, NULL, &st, e);
	if (st.empty) {
		if (rc != CRM_OK || !a->common.quiet)
			report(NULL, e);
		e->msg[0] = '\0';	/* said */
		return rc;
	}
	if (rc != CRM_OK)
		return rc;
	if (a->common.quiet)
		;
	else if (a->atomic && st.rejected > 0)
		fprintf(stderr, "crm-call: %ld rejected; nothing committed "
		    "(--atomic), %ld good record%s left out\n", st.rejected,
		    st.added, st.added == 1 ? "" : "s");
	else {
		crm_cdr_summary(&st, line, sizeof(line));
		fprintf(stderr, "%s\n", line);
	}
	/* Each rejected line was reported: no message beyond them. */
	return st.rejected > 0 ? CRM_EINPUT : CRM_OK;
}

/* Log the call the arguments describe; *who receives its manager. */
static int
add(struct crm_db *db, struct args *a, int64_t *id, char *who, size_t whosz,
    struct crm_err *e)
{
	struct crm_call_new c = { 0 };
	char number[32];
	int rc;

	c.duration = a->duration != NULL ? a->seconds : -1;
	c.at = a->at != NULL ? a->atstamp : NULL;
	c.due = a->due != NULL ? a->duestamp : NULL;
	if ((rc = crm_call_party(db, a->party.p, &c.contact_id, number,
	    sizeof(number), &a->common, stdout, e)) != CRM_OK)
		return rc;
	c.number = number[0] != '\0' ? number : NULL;
	c.status = a->status;
	c.inbound = a->in;
	c.manager = a->forlogin;
	c.note = a->note.p;
	snprintf(who, whosz, "%s", a->forlogin ? a->forlogin :
	    crm_db_actor(db));
	if ((rc = crm_db_begin(db, e)) != CRM_OK)
		return rc;
	if ((rc = crm_call_add(db, &c, id, NULL, e)) == CRM_OK)
		rc = crm_db_commit(db, e);
	if (rc != CRM_OK)
		crm_db_rollback(db);
	return rc;
}

/* Link call --link to the contact; *ids, *n the calls linked. */
static int
link_calls(struct crm_db *db, struct args *a, int64_t **ids, size_t *n,
    char *who, size_t whosz, struct crm_err *e)
{
	int64_t contact;
	int rc;

	who[0] = '\0';
	if ((rc = crm_resolve(db, crm_entity_lookup("contact"), a->party.p,
	    &contact, &a->common, stdout, e)) != CRM_OK)
		return rc;
	if ((rc = crm_db_begin(db, e)) != CRM_OK)
		return rc;
	if ((rc = crm_call_link(db, a->call, contact, ids, n, who, whosz, e)) ==
	    CRM_OK)
		rc = crm_db_commit(db, e);
	if (rc != CRM_OK)
		crm_db_rollback(db);
	if (who[0] == '\0')
		snprintf(who, whosz, "%s", crm_db_actor(db));
	return rc;
}

/* Usage errors that need no database; read the values of options. */
static void
check_usage(struct args *a)
{
	struct crm_err e = { 0 };

	int listing = a->mine || a->all || a->today || a->week || a->unlinked;
	int logging = a->in || a->out || a->duration || a->at || a->due;

	if (a->import != NULL && (a->npos > 0 || a->link || a->forlogin ||
	    listing || logging))
		errx(2, "--import KIND takes no other argument or option");
	if (a->atomic && a->import == NULL)
		errx(2, "--atomic is for --import");
	if (a->link != NULL && (a->npos != 1 || a->forlogin || listing ||
	    logging))
		errx(2, "--link takes a call id and one CONTACT, nothing else");
	if (a->link != NULL)
		if ((a->call = crm_arg_positive("call id", a->link, &e)) == 0)
			errx(2, "%s", e.msg);
	if (a->import != NULL || a->link != NULL)
		return;
	if (a->npos > 0 && listing)
		errx(2, "list options do not go with logging a call");
	if (a->npos == 0 && logging)
		errx(2, "--in, --out, --duration, --at and --due need CONTACT "
		    "STATUS");
	if (a->npos == 1)
		errx(2, "no STATUS given (crm-call CONTACT|NUMBER STATUS "
		    "[NOTE...])");
	if (a->in && a->out)
		errx(2, "--in and --out do not go together");
	if (a->mine + a->all + (a->forlogin != NULL) > 1)
		errx(2, "--mine, --for and --all do not go together");
	if (a->today && a->week)
		errx(2, "--today and --week do not go together");
	if (a->duration != NULL &&
	    crm_call_duration(a->duration, &a->seconds, &e) != CRM_OK)
		errx(2, "--duration: %s", e.msg);
	if (a->at != NULL &&
	    crm_date_stamp(a->at, a->atstamp, sizeof(a->atstamp), &e) != CRM_OK)
		errx(2, "--at: %s", e.msg);
	if (a->due != NULL && crm_date_stamp(a->due, a->duestamp,
	    sizeof(a->duestamp), &e) != CRM_OK)
		errx(2, "--due: %s", e.msg);
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_call_query q = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	enum crm_cdr_kind kind = CRM_CDR_ASTERISK;
	char who[64], line[256], msg[1200];
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;

	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	check_usage(&a);
	if (a.import != NULL && crm_cdr_kind(a.import, &kind, &e) != CRM_OK)
		errx(2, "--import: %s", e.msg);
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);

	if (a.import != NULL) {
		rc = import(db, &a, kind, &e);
		goto out;
	}
	if (a.link == NULL && a.npos == 0) {
		q.manager = a.all ? NULL : a.forlogin ? a.forlogin :
		    crm_db_actor(db);
		q.today = a.today;
		q.week = a.week;
		q.unlinked = a.unlinked;
		rc = print(db, &a, &q, NULL, 0, 0, &e);
		goto out;
	}
	if (a.link != NULL)
		rc = link_calls(db, &a, &ids, &n, who, sizeof(who), &e);
	else
		rc = add(db, &a, &q.id, who, sizeof(who), &e);
	if (rc != CRM_OK)
		goto out;
	if ((rc = print(db, &a, &q, ids, n, 1, &e)) == CRM_OK &&
	    !a.common.quiet &&
	    (rc = crm_counter_line(db, CRM_COUNTER_CALLS, who, line,
	    sizeof(line), &e)) == CRM_OK)
		fprintf(stderr, "%s\n", line);
out:
	/* An import's error names the line of its input (the header's). */
	if (rc != CRM_OK && e.msg[0] != '\0')
		warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
	free(ids);
	crm_db_close(db);
	crm_buf_free(&a.party);
	crm_buf_free(&a.note);
	return rc;
}
