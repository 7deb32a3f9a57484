/*
 * crm-export - contacts, companies, meetings, calls, tasks or deals with
 * every field, as CSV, TSV or JSON: for other tools, and as a backup
 * crm-add --upsert (contacts, companies) or crm-edit reads back; and in
 * other tools' formats: contacts as vCards or mail lines (a mailing
 * honours consent), meetings as an iCalendar calendar.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

struct args {
	struct crm_common common;
	struct crm_interop interop;
	const struct crm_entity *ent;
	struct crm_export_filter filter;
	const char *since;
};

enum {
	OPT_ACTIVE = 0x100,
};

static const struct argp_option options[] = {
	{ "active", OPT_ACTIVE, NULL, 0, "Leave archived records out", 0 },
	{ "since", 's', "DATE", 0,
	  "Only records changed at or after DATE (2026-11-01, yesterday, "
	  "-7d ...)", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	char *name;
	const char *value;
	struct crm_err e;
	int owner;
	char q[128];

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->common;
		state->child_inputs[1] = &a->interop;
		break;
	case OPT_ACTIVE:
		a->filter.include_archived = 0;
		break;
	case 's':
		a->since = arg;
		break;
	case ARGP_KEY_ARG:
		if (state->arg_num == 0 && strchr(arg, '=') == NULL) {
			if ((a->ent = crm_entity_lookup(arg)) == NULL)
				argp_error(state, "unknown entity \"%s\" (%s)",
				    crm_term_quote(arg, q, sizeof(q)),
				    crm_entity_names());
			break;
		}
		if (crm_split_assignment(arg, &name, &value, &e) != CRM_OK)
			argp_error(state, "%s", e.msg);
		/* owner= is a meeting's manager=, a task's assignee= too. */
		owner = crm_entity_owner_field(a->ent);
		if (strcmp(name, "owner") == 0 || (owner >= 0 &&
		    strcmp(name, a->ent->fields[owner].name) == 0))
			a->filter.owner = value;
		else if ((strcmp(name, "tag") == 0 || strcmp(name, "tags") ==
		    0) && crm_entity_field(a->ent, "tags") >= 0)
			a->filter.tag = value;
		else if ((strcmp(name, "company") == 0 ||
		    strcmp(name, "name") == 0) && a->ent->added_by == NULL)
			a->filter.company = value;
		else if (a->ent->added_by == NULL)
			argp_error(state, "unknown filter \"%s\" (owner=, tag=, "
			    "company=)", crm_term_quote(name, q, sizeof(q)));
		else
			argp_error(state, "unknown filter \"%s\" for %s "
			    "(owner= or %s=)",
			    crm_term_quote(name, q, sizeof(q)), a->ent->plural,
			    a->ent->fields[owner].name);
		free(name);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp_child children[] = {
	CRM_COMMON_CHILD,
	CRM_INTEROP_CHILD,
	{ NULL, 0, NULL, 0 },
};

static const struct argp argp = {
	options, parse_opt, "[ENTITY] [owner=LOGIN] [tag=TAG] [company=NAME]",
	"Write contacts (the default ENTITY), companies, meetings, calls, "
	"tasks or deals with every field, ordered by id.\v"
	"The output is CSV unless --format says otherwise, even on a "
	"terminal: an export is for other tools.  Archived records are "
	"included (an export is also a backup) unless --active.  "
	"crm-export contacts | crm-add --upsert restores it; an edited "
	"export of activities goes back in through crm-edit.  For "
	"activities owner= (or manager=, assignee=) selects whose they "
	"are; tag= and company= are for contacts and companies.  "
	"-f vcard writes contacts as vCards, -f ics meetings as a calendar, "
	"-f emails and -f mutt contacts with consent and an e-mail "
	"address as mail lines.\n\n"
	"Exit status: 0 success, 2 usage, 4 permission denied (--split, or a "
	"card in it, not writable), 5 database error or standard output not "
	"written.",
	children, NULL, NULL,
};

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	struct crm_writer *w;
	struct crm_mailing mailing;
	char since[32], left[400];
	long n;
	int rc;

	a.ent = crm_entity_lookup("contact");
	a.filter.include_archived = 1;
	a.common.formats = CRM_FMTS_INTEROP;
	crm_argp_parse(&argp, argc, argv, &a);
	/* A backup crm-add reads back: custom fields included. */
	a.interop.custom = 1;
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	/* An export is for other tools: CSV on a terminal too. */
	if (!a.common.format_given)
		a.common.format = a.interop.split != NULL ? CRM_FMT_VCARD :
		    CRM_FMT_CSV;
	if (crm_interop_check(a.ent, &a.common, &a.interop, &e) != CRM_OK)
		errx(2, "%s", e.msg);
	if (a.since != NULL) {
		if (crm_date_stamp(a.since, since, sizeof(since), &e) != CRM_OK)
			errx(2, "--since: %s", e.msg);
		a.filter.since = since;
	}
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	if ((rc = crm_interop_open(&w, stdout, db, a.ent, &a.common,
	    &a.interop, &mailing, &e)) != CRM_OK) {
		crm_db_close(db);
		errx(rc, "%s", e.msg);
	}
	rc = crm_export(db, a.ent, &a.filter, w, &n, &e);
	rc = crm_writer_close(w, 0, rc, &e);
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	else if (crm_mailing_text(&mailing, left, sizeof(left)))
		warnx("%s", left);
	crm_db_close(db);
	return rc;
}
