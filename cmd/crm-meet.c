/*
 * crm-meet - meetings with clients: plan one, log one that happened,
 * record the outcome of a planned one, list them (mine, someone's,
 * everyone's; today, this week, overdue), or load many from CSV or TSV.
 */
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crm.h"

struct args {
	struct crm_common common;
	const char *pos[3];		/* CONTACT TOPIC RESULT */
	int npos;
	struct crm_buf words;		/* every positional, joined by spaces */
	const char *at, *duration, *location, *forlogin, *rejects;
	const char *done, *cancel, *noshow;
	int mine, all, today, week, upcoming, overdue, atomic;
};

enum {
	OPT_AT = 0x100, OPT_DURATION, OPT_LOCATION, OPT_FOR, OPT_DONE,
	OPT_CANCEL, OPT_NO_SHOW, OPT_MINE, OPT_ALL, OPT_TODAY, OPT_WEEK,
	OPT_OVERDUE, OPT_UPCOMING, OPT_ATOMIC, OPT_REJECTS,
};

static const struct argp_option options[] = {
	{ "at", OPT_AT, "DATE", 0, "When the meeting starts, with a time of "
	  "day (tomorrow 10:00, fri 9:30, 2026-12-01 16:00); for a held one "
	  "the default is now", 0 },
	{ "duration", OPT_DURATION, "MINUTES", 0,
	  "How long it lasts (90, 1h, 1h30)", 0 },
	{ "location", OPT_LOCATION, "TEXT", 0, "Where it takes place", 0 },
	{ "for", OPT_FOR, "LOGIN", 0, "The manager of the new meetings is "
	  "LOGIN (an active user); when listing, LOGIN's meetings", 0 },
	{ "done", OPT_DONE, "ID", 0, "Planned meeting ID was held: RESULT", 0 },
	{ "cancel", OPT_CANCEL, "ID", 0, "Planned meeting ID is cancelled", 0 },
	{ "no-show", OPT_NO_SHOW, "ID", 0,
	  "The client did not come to planned meeting ID", 0 },
	{ "mine", OPT_MINE, NULL, 0, "List my meetings (the default)", 1 },
	{ "all", OPT_ALL, NULL, 0, "List everyone's meetings", 1 },
	{ "today", OPT_TODAY, NULL, 0, "List only today's meetings", 1 },
	{ "week", OPT_WEEK, NULL, 0,
	  "List only this week's meetings, Monday to Sunday", 1 },
	{ "upcoming", OPT_UPCOMING, NULL, 0, "List only meetings from the "
	  "start of today on (the default without --today, --week or "
	  "--overdue)", 1 },
	{ "overdue", OPT_OVERDUE, NULL, 0, "List only planned meetings that "
	  "started before now and have no result", 1 },
	{ "atomic", OPT_ATOMIC, NULL, 0,
	  "Standard input: commit nothing if any row is rejected", 2 },
	{ "rejects", OPT_REJECTS, "FILE", 0, "Standard input: write rejected "
	  "rows to FILE as CSV, with an error column", 2 },
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
	case OPT_AT: a->at = arg; break;
	case OPT_DURATION: a->duration = arg; break;
	case OPT_LOCATION: a->location = arg; break;
	case OPT_FOR: a->forlogin = arg; break;
	case OPT_DONE: a->done = arg; break;
	case OPT_CANCEL: a->cancel = arg; break;
	case OPT_NO_SHOW: a->noshow = arg; break;
	case OPT_MINE: a->mine = 1; break;
	case OPT_ALL: a->all = 1; break;
	case OPT_TODAY: a->today = 1; break;
	case OPT_WEEK: a->week = 1; break;
	case OPT_UPCOMING: a->upcoming = 1; break;
	case OPT_OVERDUE: a->overdue = 1; break;
	case OPT_ATOMIC: a->atomic = 1; break;
	case OPT_REJECTS: a->rejects = arg; break;
	case ARGP_KEY_ARG:
		if (a->npos < 3)
			a->pos[a->npos] = arg;
		if ((a->npos++ > 0 && crm_buf_adds(&a->words, " ") != CRM_OK) ||
		    crm_buf_adds(&a->words, arg) != CRM_OK)
			argp_failure(state, 5, 0, "out of memory");
		break;
	case ARGP_KEY_END:
		if (crm_buf_add(&a->words, "", 1) != CRM_OK)
			argp_failure(state, 5, 0, "out of memory");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt, "CONTACT TOPIC --at DATE [--duration MINUTES] "
	"[--location TEXT] [--for LOGIN]\n"
	"CONTACT TOPIC RESULT [--at DATE] [--duration MINUTES] "
	"[--location TEXT] [--for LOGIN]\n"
	"--done ID RESULT\n--cancel ID [NOTE]\n--no-show ID [NOTE]\n"
	"[--mine|--for LOGIN|--all] [--today|--week|--upcoming] [--overdue]\n"
	"[--for LOGIN] [--atomic] [--rejects FILE] < MEETINGS.csv",
	"Plan a meeting with a contact, log one that was held, record the "
	"outcome of a planned one, list meetings (mine from today on by "
	"default), or load many from CSV or TSV on standard input.\v"
	"CONTACT is an id, a phone, an e-mail or a name fragment, as crm-show "
	"takes it; when it matches several contacts they are listed and "
	"nothing is added.  Quote TOPIC and RESULT when they are several "
	"words.  Without RESULT the meeting is planned and needs --at; with "
	"it, it was held, now or --at.  A meeting needs a date and a time of "
	"day, a topic, a contact with first and last name and a phone or "
	"e-mail, and a result once held.  Input columns: contact (or "
	"contact_id), topic, at, status, result, duration, location, "
	"manager.  After a write the manager's meetings this month are "
	"counted on stderr unless -q.  Times are printed in UTC.\n\n"
	"Exit status: 0 success, 1 input rejected, 2 usage (including a bad "
	"DATE), 3 contact or meeting not found, or contact ambiguous, 4 "
	"permission denied (acting for another, another's meeting), 5 "
	"database error.",
	crm_common_children, NULL, NULL,
};

/* Print the meetings of q: all columns, or ids with -q. */
static int
print(struct crm_db *db, const struct args *a,
    const struct crm_meeting_query *q, struct crm_err *e)
{
	struct crm_writer *w;
	int rc;

	if ((w = crm_writer_open(stdout, &a->common, crm_meeting_cols,
	    crm_meeting_ncols)) == NULL)
		err(5, "stdout");
	rc = crm_meeting_list(db, q, w, NULL, e);
	if (crm_writer_end(w) != CRM_OK && rc == CRM_OK)
		rc = crm_err_set(e, CRM_EDB, "write error on standard output");
	return rc;
}

/* The counter c of manager as a line, into buf; CRM_OK or a failure. */
static int
counter(struct crm_db *db, const struct args *a, enum crm_counter c,
    const char *manager, char *buf, size_t bufsz, struct crm_err *e)
{
	buf[0] = '\0';
	if (a->common.quiet)
		return CRM_OK;
	return crm_counter_line(db, c, manager, buf, bufsz, e);
}

/* Report a rejected row, and keep it for the rejects file. */
static void
reject(struct crm_rejects *rj, const struct crm_row *row,
    const struct crm_err *e)
{
	struct crm_err we = { 0 };
	char msg[1200];

	warnx("%s", crm_err_text(e, msg, sizeof(msg)));
	if (crm_rejects_write(rj, row, msg, &we) != CRM_OK)
		errx(5, "%s", we.msg);
}

/* Meetings from CSV or TSV on stdin; returns the exit status. */
static int
load(struct crm_db *db, struct args *a)
{
	struct crm_reader *r = NULL;
	struct crm_meeting_load *ld = NULL;
	struct crm_rejects *rj = NULL;
	struct crm_spool *sp = NULL;
	struct crm_import_stats st;
	struct crm_row row;
	struct crm_err e = { 0 };
	enum crm_import_result res;
	const char *const *rec;
	char source[PATH_MAX], msg[1200], line[256], who[64] = "";
	int rc, got, keep, c, held = 0, mixed = 0;
	int64_t id;

	/* Nothing at all on stdin: nothing to add, and no error. */
	if ((c = getc(stdin)) == EOF) {
		if (ferror(stdin)) {	/* a refused --encoding, or I/O */
			rc = crm_decode_error(stdin, &e);
			e.line = 1;
			errx(rc, "%s", crm_err_text(&e, msg, sizeof(msg)));
		}
		if (!a->common.quiet)
			warnx("no input; nothing added (crm-meet --mine lists "
			    "meetings)");
		return 0;
	}
	ungetc(c, stdin);
	if ((rc = crm_spool_open(&sp, a->common.format, crm_meeting_cols,
	    crm_meeting_ncols, a->common.quiet, &e)) != CRM_OK ||
	    (rc = crm_reader_open(&r, stdin, a->common.delimiter, &e)) !=
	    CRM_OK)
		goto fail;
	crm_input_name(stdin, source, sizeof(source));
	if ((rc = crm_db_begin(db, &e)) != CRM_OK ||
	    (rc = crm_meeting_load_open(&ld, db, a->forlogin, source, &e)) !=
	    CRM_OK)
		goto fail;
	{
		size_t i, n = crm_reader_ncols(r);
		const char **names = calloc(n, sizeof(*names));

		if (names == NULL)
			err(5, NULL);
		for (i = 0; i < n; i++)
			names[i] = crm_reader_col(r, i);
		rc = crm_meeting_load_columns(ld, names, n, &e);
		free(names);
		if (rc != CRM_OK) {
			e.line = 1;
			goto fail;
		}
	}
	if (a->rejects != NULL &&
	    (rc = crm_rejects_open(&rj, a->rejects, r, &e)) != CRM_OK)
		goto fail;
	while ((got = crm_reader_next(r, &row, &e)) != 0) {
		if (got == -2) {
			rc = e.code ? e.code : CRM_EDB;
			goto fail;
		}
		if (got == -1) {
			crm_meeting_load_reject(ld);
			reject(rj, &row, &e);
			continue;
		}
		crm_err_clear(&e);
		rc = crm_meeting_load_row(ld, (const char *const *)row.fields,
		    &id, &res, &e);
		if (rc == CRM_EINPUT) {
			e.line = row.line;
			reject(rj, &row, &e);
			continue;
		}
		if (rc == CRM_EPERM)	/* a denial stops it all: which row */
			e.line = row.line;
		if (rc != CRM_OK)
			goto fail;
		rec = crm_meeting_load_record(ld);
		if ((rc = crm_spool_row(sp, rec, &e)) != CRM_OK)
			goto fail;
		if (res != CRM_ADDED)
			continue;
		/* The counter is shown when the meetings are one manager's. */
		mixed |= who[0] != '\0' && strcmp(who, rec[9]) != 0;
		snprintf(who, sizeof(who), "%s", rec[9]);
		held |= strcmp(rec[6], "held") == 0;
	}
	if ((rc = crm_meeting_load_finish(ld, &st, &e)) != CRM_OK)
		goto fail;
	keep = !(a->atomic && st.rejected > 0);
	line[0] = '\0';
	if (keep && st.added > 0 && !mixed && (rc = counter(db, a, held ?
	    CRM_COUNTER_MEETINGS_HELD : CRM_COUNTER_MEETINGS_PLANNED, who,
	    line, sizeof(line), &e)) != CRM_OK)
		goto fail;
	if (!keep)
		crm_db_rollback(db);
	else if ((rc = crm_db_commit(db, &e)) != CRM_OK)
		goto fail;
	rc = crm_rejects_close(rj, &e);
	rj = NULL;
	if (!a->common.quiet && !keep)
		fprintf(stderr, "crm-meet: %ld rejected; nothing committed "
		    "(--atomic), %ld good row%s left out\n", st.rejected,
		    st.added + st.unchanged, st.added + st.unchanged == 1 ?
		    "" : "s");
	else if (!a->common.quiet) {
		fprintf(stderr, "crm-meet: %ld added", st.added);
		if (st.unchanged)
			fprintf(stderr, ", %ld unchanged", st.unchanged);
		fprintf(stderr, ", %ld rejected\n", st.rejected);
		if (line[0] != '\0')
			fprintf(stderr, "%s\n", line);
	}
	if (rc == CRM_OK)
		rc = crm_spool_close(sp, keep ? stdout : NULL, &e);
	else
		crm_spool_close(sp, NULL, NULL);
	crm_meeting_load_free(ld);
	crm_reader_close(r);
	if (rc != CRM_OK) {
		warnx("%s", e.msg);
		return rc;
	}
	return st.rejected > 0 ? 1 : 0;
fail:
	crm_db_rollback(db);
	warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
	crm_meeting_load_free(ld);
	crm_reader_close(r);
	crm_rejects_close(rj, NULL);
	crm_spool_close(sp, NULL, NULL);
	return rc;
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_meeting_query q = { 0 };
	struct crm_meeting_new m = { 0 };
	struct crm_meeting_load *ld = NULL;
	struct crm_db *db;
	struct crm_err e = { 0 };
	enum crm_import_result res = CRM_ADDED;
	enum crm_counter which = CRM_COUNTER_MEETINGS_HELD;
	const char *outcome = NULL, *idarg = NULL;
	char at[32], who[64], line[256];
	int rc, listing, adding;

	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	listing = a.mine || a.all || a.today || a.week || a.upcoming ||
	    a.overdue;
	adding = a.npos > 0;
	if ((a.done != NULL) + (a.cancel != NULL) + (a.noshow != NULL) > 1)
		errx(2, "--done, --cancel and --no-show do not go together");
	if (a.done != NULL)
		outcome = "held", idarg = a.done;
	else if (a.cancel != NULL)
		outcome = "cancelled", idarg = a.cancel;
	else if (a.noshow != NULL)
		outcome = "no_show", idarg = a.noshow;
	if (outcome != NULL && (listing || a.at || a.duration || a.location ||
	    a.forlogin || a.atomic || a.rejects))
		errx(2, "--done, --cancel and --no-show take a meeting ID and "
		    "its result only");
	if (a.done != NULL && a.npos == 0)
		errx(2, "--done ID needs the RESULT (crm-meet --done ID RESULT)");
	if (outcome == NULL && adding) {
		if (listing)
			errx(2, "list options do not go with CONTACT TOPIC");
		if (a.npos == 1)
			errx(2, "no TOPIC given (crm-meet CONTACT TOPIC "
			    "[RESULT])");
		if (a.npos > 3)
			errx(2, "too many arguments; quote the topic and the "
			    "result (crm-meet CONTACT \"TOPIC\" [\"RESULT\"])");
		if (a.npos == 2 && a.at == NULL)
			errx(2, "a planned meeting needs a date and time: --at "
			    "DATE (--at \"tomorrow 10:00\")");
	} else if (outcome == NULL && (a.at || a.duration || a.location))
		errx(2, "--at, --duration and --location go with CONTACT "
		    "TOPIC");
	if ((adding || listing) && (a.atomic || a.rejects))
		errx(2, "--atomic and --rejects are for CSV on standard input");
	if (a.mine + a.all + (a.forlogin != NULL) > 1)
		errx(2, "--mine, --for and --all do not go together");
	if (a.today + a.week + a.upcoming > 1)
		errx(2, "--today, --week and --upcoming do not go together");
	if (a.at != NULL && outcome == NULL &&
	    crm_meeting_time(a.at, time(NULL), at, sizeof(at), &e) != CRM_OK)
		errx(2, "--at: %s", e.msg);
	if (a.duration != NULL && outcome == NULL &&
	    crm_meeting_duration(a.duration, &m.duration, &e) != CRM_OK)
		errx(2, "--duration: %s", e.msg);
	if (outcome != NULL)
		if ((q.id = crm_arg_positive("meeting id", idarg, &e)) == 0)
			errx(2, "%s", e.msg);
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);

	if (outcome == NULL && !adding) {
		if (!listing && !isatty(STDIN_FILENO)) {
			rc = load(db, &a);
			crm_db_close(db);
			crm_buf_free(&a.words);
			return rc;
		}
		q.manager = a.all ? NULL : a.forlogin ? a.forlogin :
		    crm_db_actor(db);
		q.period = a.today ? CRM_MEET_TODAY : a.week ? CRM_MEET_WEEK :
		    a.overdue && !a.upcoming ? CRM_MEET_ANY : CRM_MEET_AHEAD;
		q.overdue = a.overdue;
		rc = print(db, &a, &q, &e);
		goto out;
	}
	if (adding && outcome == NULL) {
		if ((rc = crm_resolve(db, crm_entity_lookup("contact"),
		    a.pos[0], &m.contact_id, &a.common, stdout, &e)) != CRM_OK)
			goto out;
		m.topic = a.pos[1];
		m.result = a.npos == 3 ? a.pos[2] : NULL;
		/* A result makes it held, even an empty one (refused). */
		m.status = a.npos == 3 ? "held" : "planned";
		m.at = a.at != NULL ? at : crm_db_now(db);
		m.location = a.location;
		which = a.npos == 3 ? CRM_COUNTER_MEETINGS_HELD :
		    CRM_COUNTER_MEETINGS_PLANNED;
	}
	if ((rc = crm_db_begin(db, &e)) != CRM_OK)
		goto out;
	if (outcome != NULL)
		rc = crm_meeting_outcome(db, q.id, outcome, a.npos > 0 ?
		    a.words.p : NULL, who, sizeof(who), &e);
	else if ((rc = crm_meeting_load_open(&ld, db, a.forlogin, NULL, &e))
	    == CRM_OK) {
		rc = crm_meeting_load_add(ld, &m, &q.id, &res, &e);
		if (rc == CRM_OK)
			snprintf(who, sizeof(who), "%s",
			    crm_meeting_load_record(ld)[9]);
		crm_meeting_load_free(ld);
	}
	line[0] = '\0';
	if (rc == CRM_OK && res == CRM_ADDED)
		rc = counter(db, &a, which, who, line, sizeof(line), &e);
	if (rc == CRM_OK)
		rc = crm_db_commit(db, &e);
	if (rc != CRM_OK) {
		crm_db_rollback(db);
		goto out;
	}
	if ((rc = print(db, &a, &q, &e)) == CRM_OK && !a.common.quiet) {
		if (res == CRM_UNCHANGED)
			warnx("meeting %lld was recorded before; nothing "
			    "changed", (long long)q.id);
		else
			fprintf(stderr, "%s\n", line);
	}
out:
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	crm_db_close(db);
	crm_buf_free(&a.words);
	return rc;
}
