/*
 * crm-show - one record's card for people: profile, company, owner, tags,
 * consent, status, the history sections (meetings, calls, tasks, deals)
 * and the last changes; or the record in a machine format with -f.
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
	const struct crm_entity *ent;
	struct crm_buf term;	/* the words of ID|TERM, joined by spaces */
	int nwords;
	const char *words[2];	/* the first two words of the term */
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
	case ARGP_KEY_ARG:
		/* An entity name first, when more words follow. */
		if (state->arg_num == 0 && state->next < state->argc &&
		    crm_entity_lookup(arg) != NULL) {
			a->ent = crm_entity_lookup(arg);
			break;
		}
		if (a->nwords < 2)
			a->words[a->nwords] = arg;
		if ((a->nwords++ > 0 && crm_buf_adds(&a->term, " ") != CRM_OK) ||
		    crm_buf_adds(&a->term, arg) != CRM_OK)
			argp_failure(state, 5, 0, "out of memory");
		break;
	case ARGP_KEY_END:
		if (a->nwords == 0)
			argp_error(state, "no ID or TERM given");
		/* "widget 3" is a misspelt entity, not a name. */
		if (a->nwords == 2 && state->arg_num == 2 &&
		    a->words[0][strspn(a->words[0], "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ")] == '\0' &&
		    a->words[1][0] != '\0' &&
		    a->words[1][strspn(a->words[1], "0123456789")] == '\0')
			argp_error(state, "unknown entity \"%s\" (%s)",
			    crm_term_quote(a->words[0], q, sizeof(q)),
			    crm_entity_names());
		if (crm_buf_add(&a->term, "", 1) != CRM_OK)
			argp_failure(state, 5, 0, "out of memory");
		crm_trim(a->term.p);
		if (a->term.p[0] == '\0')
			argp_error(state, "the TERM is empty");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	NULL, parse_opt, "[ENTITY] ID|TERM...",
	"Show the card of one contact (the default ENTITY) or company: "
	"its profile, owner, consent, status, history sections and last "
	"changes; or of one meeting, call, task or deal.\v"
	"TERM is an id, a phone in any format, an e-mail or a name "
	"fragment (regardless of case and accents); several words are one "
	"term.  A contact's card shows its meetings (the last held, "
	"cancelled or missed, and those planned), its last calls, its tasks "
	"and its deals, times in local time; a company's card, those of its "
	"contacts.  An activity's TERM is its id, or words of its topic, "
	"title or note.  When TERM matches several records they are listed and "
	"nothing is shown.  With -f csv, tsv or json the record is printed "
	"in that format instead of the card; -q prints its id only.\n\n"
	"Exit status: 0 success, 2 usage, 3 not found or ambiguous, "
	"4 permission denied (a deactivated user), 5 database error or "
	"standard output not written.",
	crm_common_children, NULL, NULL,
};

/* 1 when s is a number no record can have as its id: 0, -1, -0042 ... */
static int
impossible_id(const char *s)
{
	int negative = *s == '-';

	if (*s == '-' || *s == '+')
		s++;
	if (*s == '\0' || s[strspn(s, "0123456789")] != '\0')
		return 0;
	return negative || s[strspn(s, "0")] == '\0';
}

/* Resolve the term to one id; an ambiguous one lists its candidates. */
static int
resolve(struct crm_db *db, struct args *a, int64_t *id, struct crm_err *e)
{
	if (impossible_id(a->term.p))
		return crm_err_set(e, CRM_ENOTFOUND, "no %s matches \"%s\"",
		    a->ent->name, a->term.p);
	return crm_resolve(db, a->ent, a->term.p, id, &a->common, stdout, e);
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	struct crm_writer *w;
	int64_t id = 0;
	int rc;

	a.ent = crm_entity_lookup("contact");
	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	if ((rc = resolve(db, &a, &id, &e)) != CRM_OK)
		goto out;
	if (a.common.quiet) {
		printf("%lld\n", (long long)id);
		if (fflush(stdout) != 0)
			rc = crm_err_output(&e, errno, 0);
	} else if (!a.common.format_given || a.common.format == CRM_FMT_TABLE)
		rc = crm_card(db, a.ent, id, stdout, &e);
	else {
		if ((w = crm_writer_new(stdout, a.common.format,
		    crm_entity_cols(a.ent), a.ent->nfields)) == NULL)
			err(5, NULL);
		if ((rc = crm_writer_header(w)) == CRM_OK)
			rc = crm_card_record(db, a.ent, id, w, &e);
		rc = crm_writer_close(w, 0, rc, &e);
	}
out:
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	crm_db_close(db);
	crm_buf_free(&a.term);
	return rc;
}
