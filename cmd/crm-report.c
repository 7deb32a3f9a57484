/*
 * crm-report - supervisor reports: each manager's activity, plan
 * attainment, pipeline and data quality over a period, as tables, CSV,
 * TSV, JSON, an HTML page or a mail ready for sendmail -t; and the
 * records behind any one figure.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm.h"

#define MAX_TO 16

enum output { OUT_WRITER, OUT_HTML, OUT_EMAIL };

struct args {
	struct crm_common common;
	const char *period, *by, *sections, *manager, *subject;
	const char *to[MAX_TO];
	size_t nto;
	const char *rows[2];	/* --rows MANAGER METRIC */
	int nargs;
	enum output out;
};

enum {
	OPT_PERIOD = 0x100,
	OPT_BY,
	OPT_SECTION,
	OPT_MANAGER,
	OPT_TO,
	OPT_SUBJECT,
	OPT_ROWS,
};

static const struct argp_option options[] = {
	{ "period", OPT_PERIOD, "PERIOD", 0,
	  "today, yesterday, week, last-week, month, last-month, quarter, "
	  "2026-11, 2026-W47, 2026-Q4, 2026-11-27 or FROM..TO (default: "
	  "month)", 0 },
	{ "by", OPT_BY, "WHAT", 0,
	  "Rows of the activity section: manager (default), day, week or "
	  "month", 0 },
	{ "section", OPT_SECTION, "LIST", 0,
	  "Sections, comma separated: activity, plan, pipeline, quality "
	  "(default: all)", 0 },
	{ "manager", OPT_MANAGER, "LOGIN", 0,
	  "Only LOGIN's figures (with --by day, week or month: LOGIN's "
	  "instead of the team's)", 0 },
	{ "to", OPT_TO, "ADDRESS", 0,
	  "-f email: a recipient (repeat for more)", 1 },
	{ "subject", OPT_SUBJECT, "TEXT", 0,
	  "-f email: the subject (default: crm report PERIOD)", 1 },
	{ "rows", OPT_ROWS, NULL, 0,
	  "Print the records behind one figure: the arguments are MANAGER "
	  "(a login, team or (nobody)) and METRIC", 2 },
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
	case OPT_PERIOD: a->period = arg; break;
	case OPT_BY: a->by = arg; break;
	case OPT_SECTION: a->sections = arg; break;
	case OPT_MANAGER: a->manager = arg; break;
	case OPT_SUBJECT: a->subject = arg; break;
	case OPT_TO:
		if (a->nto == MAX_TO)
			argp_error(state, "too many --to");
		a->to[a->nto++] = arg;
		break;
	case OPT_ROWS: a->rows[0] = ""; break;
	case ARGP_KEY_ARG:
		if (a->rows[0] == NULL || a->nargs == 2)
			argp_error(state, "unexpected argument \"%s\"",
			    crm_term_quote(arg, q, sizeof(q)));
		a->rows[a->nargs++] = arg;
		break;
	case ARGP_KEY_END:
		/* The shared -f knows this binary's html and email too. */
		a->out = a->common.format == CRM_FMT_HTML ? OUT_HTML :
		    a->common.format == CRM_FMT_EMAIL ? OUT_EMAIL : OUT_WRITER;
		if (a->rows[0] != NULL && a->nargs != 2)
			argp_error(state, "--rows takes MANAGER and METRIC");
		if (a->rows[0] != NULL && a->out != OUT_WRITER)
			argp_error(state, "--rows prints records: table, csv, "
			    "tsv or json");
		if ((a->nto > 0 || a->subject) && a->out != OUT_EMAIL)
			argp_error(state, "--to and --subject go with -f email");
		if (a->out == OUT_EMAIL && a->nto == 0)
			argp_error(state, "-f email needs --to ADDRESS");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt,
	"[--period PERIOD] [--by manager|day|week|month] [--section LIST] "
	"[--manager LOGIN] [-f table|csv|tsv|json|html]\n"
	"-f email --to ADDRESS [--subject TEXT] [--period PERIOD] ...\n"
	"--rows [--period PERIOD] MANAGER METRIC",
	"Supervisor reports from the base: each manager's activity (calls by "
	"status, meetings by status, tasks done and overdue, contacts added, "
	"deals opened, won and lost, revenue), plan attainment, open "
	"pipeline and data-quality problems over a period.\v"
	"FORMAT is table, csv, tsv, json (one figure a row: section, "
	"period, manager, metric, value, target, percent), html (one "
	"self-contained page with bar charts) or email (a MIME message for "
	"sendmail -t).  --rows lists the records one figure counts.\n\n"
	"Exit status: 0 success, 2 usage, 3 unknown manager, 4 permission "
	"denied (not a supervisor or admin), 5 database error or standard "
	"output not written.",
	crm_common_children, NULL, NULL,
};

int
main(int argc, char **argv)
{
	struct crm_report_query q = { 0 };
	struct crm_report_mail mail = { 0 };
	struct crm_report *r = NULL;
	struct crm_err e = { 0 };
	struct crm_period p;
	struct crm_db *db = NULL;
	struct args a = { 0 };
	char msg[1200];
	int rc;
	char quoted[128];

	a.common.formats = CRM_FMT_BIT(CRM_FMT_HTML) | CRM_FMT_BIT(CRM_FMT_EMAIL);
	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	q.now = time(NULL);
	if (crm_period_parse(a.period ? a.period : "month", q.now, &p, &e) !=
	    CRM_OK)
		errx(CRM_EUSAGE, "--period: %s", e.msg);
	q.period = &p;
	if (a.by != NULL && crm_report_by_parse(a.by, &q.by) != CRM_OK)
		errx(CRM_EUSAGE, "--by \"%s\": manager, day, week or month",
		    crm_term_quote(a.by, quoted, sizeof(quoted)));
	if (a.sections != NULL &&
	    crm_report_sections_parse(a.sections, &q.sections, &e) != CRM_OK)
		errx(CRM_EUSAGE, "--section: %s", e.msg);
	q.manager = a.manager;
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", crm_err_text(&e, msg, sizeof(msg)));
	if (a.rows[0] != NULL)
		rc = crm_report_rows(db, &q, a.rows[0], a.rows[1], &a.common,
		    stdout, NULL, &e);
	else if ((rc = crm_report_run(db, &q, &r, &e)) == CRM_OK) {
		if (a.out == OUT_HTML)
			rc = crm_report_html(r, stdout, &e);
		else if (a.out == OUT_EMAIL) {
			mail.to = a.to;
			mail.nto = a.nto;
			mail.subject = a.subject;
			rc = crm_report_email(db, r, &mail, stdout, &e);
		} else
			rc = crm_report_write(r, a.common.format, stdout, &e);
	}
	crm_report_free(r);
	crm_db_close(db);
	if (rc != CRM_OK)
		errx(rc, "%s", crm_err_text(&e, msg, sizeof(msg)));
	return 0;
}
