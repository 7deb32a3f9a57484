/*
 * crm-find - search and select records; prints them, or only their ids
 * for the next command in a pipe; and answers mutt's address queries.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

#define MAX_ARGS 64

struct args {
	struct crm_common common;
	struct crm_interop interop;
	const struct crm_entity *ent;
	struct crm_find_query q;
	const char *terms[MAX_ARGS];
	struct crm_find_filter filters[MAX_ARGS];
	int mine;
	const char *mutt_query;
};

enum {
	OPT_ARCHIVED = 0x100,
	OPT_MINE,
	OPT_MUTT_QUERY,
	OPT_OWNER,
	OPT_SORT,
	OPT_TAG,
};

static const struct argp_option options[] = {
	{ "archived", OPT_ARCHIVED, NULL, 0,
	  "Archived records only (they are left out otherwise)", 0 },
	{ "limit", 'n', "N", 0, "At most N records", 0 },
	{ "mine", OPT_MINE, NULL, 0, "My records: --owner with my login", 0 },
	{ "mutt-query", OPT_MUTT_QUERY, "TERM", 0,
	  "Answer mutt's query_command: contacts matching TERM with an "
	  "e-mail address and marketing consent, as -f mutt", 0 },
	{ "owner", OPT_OWNER, "LOGIN", 0,
	  "Records owned by LOGIN (activities: whose manager or assignee "
	  "LOGIN is)", 0 },
	{ "sort", OPT_SORT, "FIELD", 0,
	  "Order by FIELD (-FIELD: descending); default: best match first, "
	  "or by id without terms", 0 },
	{ "tag", OPT_TAG, "TAG", 0, "Records tagged TAG", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

/*
 * A filter is a field name, then = ~ < or >; anything else is a search
 * term.  A word of letters before the operator counts as a field name even
 * when unknown, so that a typo is an error, not a silent search.
 */
static int
is_filter(const char *arg)
{
	size_t n = strspn(arg, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ_- ");

	return n > 0 && arg[n] != '\0' && strchr("=~<>", arg[n]) != NULL;
}

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;
	struct crm_err e = { 0 };

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->common;
		state->child_inputs[1] = &a->interop;
		break;
	case OPT_ARCHIVED:
		a->q.archived = 1;
		break;
	case 'n':
		if ((a->q.limit = (long)crm_arg_positive("--limit", arg, &e)) ==
		    0)
			argp_error(state, "%s", e.msg);
		break;
	case OPT_MINE:
		a->mine = 1;
		break;
	case OPT_MUTT_QUERY:
		a->mutt_query = arg;
		break;
	case OPT_OWNER:
		a->q.owner = arg;
		break;
	case OPT_SORT:
		a->q.sort = arg;
		break;
	case OPT_TAG:
		a->q.tag = arg;
		break;
	case ARGP_KEY_ARG:
		if (state->arg_num == 0 && crm_entity_lookup(arg) != NULL) {
			a->ent = crm_entity_lookup(arg);
			break;
		}
		if (a->q.nterms + a->q.nfilters >= MAX_ARGS)
			argp_error(state, "too many arguments");
		if (is_filter(arg)) {
			if (crm_find_filter_parse(a->ent, arg,
			    &a->filters[a->q.nfilters], &e) != CRM_OK)
				argp_error(state, "%s", e.msg);
			a->q.nfilters++;
		} else
			a->terms[a->q.nterms++] = arg;
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
	options, parse_opt, "[ENTITY] [TERM...] [FIELD=VALUE...]",
	"Search contacts (the default ENTITY) or companies, or select "
	"meetings, calls, tasks or deals.\v"
	"A TERM matches names, company, e-mail, tags and phone, regardless "
	"of case and accents (\"nunez\" finds \"Núñez\"), as a whole word, "
	"or as the start of one when whole words find nothing; a phone in "
	"any format finds the number by its last digits "
	"(\"600 111 222\" finds +34600111222).  Every term must match; the "
	"best matches come first.  For activities a TERM is text their "
	"topic, result, note, title or location contains.  Filters: "
	"field=value (exact, regardless of case; an empty value means "
	"unset), field~text (contains), field>value and field<value (quote "
	"them for the shell).  On activities, times and lists read as "
	"typed: at=today, \"due<tomorrow\", status=done, contact=ID, "
	"manager=LOGIN.  Archived records are left out unless --archived.  "
	"-f vcard, emails and mutt write contacts, -f ics meetings, in "
	"other tools' formats; emails and mutt only those with an e-mail "
	"address and marketing consent.  In muttrc: "
	"set query_command = \"crm-find --mutt-query %s\"\n\n"
	"Exit status: 0 found something, 3 found nothing (or nothing a "
	"mailing may use), 2 usage (including -n too large), 4 permission "
	"denied, 5 database error or standard output not written.",
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
	char left[400];
	long n = 0;
	int rc;

	a.ent = crm_entity_lookup("contact");
	a.q.terms = a.terms;
	a.q.filters = a.filters;
	a.common.formats = CRM_FMTS_INTEROP;
	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	if (a.mine && a.q.owner != NULL)
		errx(2, "--mine and --owner: give one");
	if (a.mutt_query != NULL) {
		if (a.common.format_given && a.common.format != CRM_FMT_MUTT)
			errx(2, "--mutt-query answers in mutt's format: no "
			    "--format");
		if (a.q.nterms >= MAX_ARGS)
			errx(2, "too many arguments");
		a.terms[a.q.nterms++] = a.mutt_query;
		a.common.format = CRM_FMT_MUTT;
	} else if (!a.common.format_given && (a.interop.excel ||
	    a.interop.split != NULL))
		a.common.format = a.interop.excel ? CRM_FMT_CSV : CRM_FMT_VCARD;
	if (crm_interop_check(a.ent, &a.common, &a.interop, &e) != CRM_OK)
		errx(2, "%s", e.msg);
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	if (a.mine)
		a.q.owner = crm_db_actor(db);
	if ((rc = crm_find_check(db, a.ent, &a.q, &e)) != CRM_OK) {
		warnx("%s", e.msg);
		crm_db_close(db);
		return rc;
	}
	if ((rc = crm_interop_open(&w, stdout, db, a.ent, &a.common,
	    &a.interop, &mailing, &e)) != CRM_OK) {
		crm_db_close(db);
		errx(rc, "%s", e.msg);
	}
	/*
	 * Records for another program are an export (audited, a manager's
	 * own only); ids alone (-q) carry no personal data.
	 */
	if (a.common.format != CRM_FMT_TABLE && !a.common.quiet)
		a.q.export_format = crm_format_name(a.common.format);
	rc = crm_find(db, a.ent, &a.q, w, &n, &e);
	rc = crm_writer_close(w, 0, rc, &e);
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	/* mutt shows its status line; stderr would only smear its screen. */
	else if (a.common.format != CRM_FMT_MUTT &&
	    crm_mailing_text(&mailing, left, sizeof(left)))
		warnx("%s", left);
	crm_db_close(db);
	/* A mailing that keeps no one found nothing it may use. */
	if (rc == CRM_OK && (n == 0 || (mailing.on && mailing.kept == 0)))
		rc = CRM_ENOTFOUND;
	return rc;
}
