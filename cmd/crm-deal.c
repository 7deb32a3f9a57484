/*
 * crm-deal - sales opportunities: add one for a contact or a company,
 * move it through the stages of the pipeline, list open ones, sum them
 * per stage.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm.h"

/* Candidates a table shows: id and the fields that tell records apart. */

struct args {
	struct crm_common common;
	const char *pos[2];		/* the first two positionals */
	int npos;
	struct crm_buf title;		/* title words, joined by spaces */
	int nwords;
	const char *amount, *currency, *stage, *close;	/* key=value */
	const char *company, *forlogin, *lost, *liststage;
	int won, mine, all, pipeline;
};

enum {
	OPT_COMPANY = 0x100, OPT_FOR, OPT_WON, OPT_LOST, OPT_MINE, OPT_ALL,
	OPT_STAGE, OPT_PIPELINE,
};

static const struct argp_option options[] = {
	{ "company", OPT_COMPANY, "COMPANY", 0,
	  "Add the deal for COMPANY (instead of a contact)", 0 },
	{ "for", OPT_FOR, "LOGIN", 0,
	  "The new deal's manager is LOGIN; when listing, LOGIN's deals", 0 },
	{ "won", OPT_WON, NULL, 0, "Move deal ID to won", 0 },
	{ "lost", OPT_LOST, "REASON", 0, "Move deal ID to lost, saying why",
	  0 },
	{ "mine", OPT_MINE, NULL, 0, "List my deals (the default)", 1 },
	{ "all", OPT_ALL, NULL, 0, "List everyone's deals", 1 },
	{ "stage", OPT_STAGE, "STAGE", 0,
	  "List only deals at STAGE (won and lost too)", 1 },
	{ "pipeline", OPT_PIPELINE, NULL, 0,
	  "Count and sum the deals per stage and currency", 1 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

/* A key=value word of the add form: its value in *slot, else 0. */
static int
field(struct args *a, const char *arg)
{
	static const char *keys[] = { "amount=", "currency=", "stage=",
	    "close=" };
	const char **slots[] = { &a->amount, &a->currency, &a->stage,
	    &a->close };
	size_t i;

	for (i = 0; i < 4; i++)
		if (strncmp(arg, keys[i], strlen(keys[i])) == 0) {
			*slots[i] = arg + strlen(keys[i]);
			return 1;
		}
	return 0;
}

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->common;
		break;
	case OPT_COMPANY: a->company = arg; break;
	case OPT_FOR: a->forlogin = arg; break;
	case OPT_WON: a->won = 1; break;
	case OPT_LOST: a->lost = arg; break;
	case OPT_MINE: a->mine = 1; break;
	case OPT_ALL: a->all = 1; break;
	case OPT_STAGE: a->liststage = arg; break;
	case OPT_PIPELINE: a->pipeline = 1; break;
	case ARGP_KEY_ARG:
		if (a->npos < 2)
			a->pos[a->npos] = arg;
		a->npos++;
		if (field(a, arg))
			break;
		if (a->npos == 1 && a->company == NULL)
			break;		/* the contact, or a deal id */
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
	options, parse_opt, "CONTACT TITLE... [amount=N] [currency=C] "
	"[stage=S] [close=DATE]\n--company COMPANY TITLE... [FIELD=VALUE...]\n"
	"ID STAGE\nID --won\nID --lost REASON\n"
	"[--mine|--for LOGIN|--all] [--stage STAGE] [--pipeline]",
	"Add a deal for a contact or a company, move a deal to another stage, "
	"list open deals (mine by default) or count and sum them per stage."
	"\v"
	"CONTACT and COMPANY are an id, a phone, an e-mail or a name "
	"fragment, as crm-show takes them; when one matches several records "
	"they are listed and nothing is added.  amount is exact, with at most "
	"2 decimals: 1234.50, 1,234.50, 1.234,50 (when both marks occur the "
	"last is the decimal mark; one mark alone, once, is the decimal "
	"mark).  The stages come from the setting deal.stages; any unique "
	"prefix of a stage names it.  A number followed by one word is a "
	"move (ID STAGE).  --for makes another user the manager; the deal "
	"records both.  After a write, one line on stderr unless -q: for a "
	"deal won, the manager's deals won this month (with the plan's "
	"target, 6/10, once crm-plan set one); else the manager's open "
	"deals.\n\n"
	"Exit status: 0 success, 1 input rejected (empty title, lost without a "
	"reason, unknown or inactive user), 2 usage (including a bad or too "
	"large amount, a bad currency or DATE, an unknown or ambiguous stage), "
	"3 contact, company or deal not found, or ambiguous, 4 permission "
	"denied (acting for another, another's deal), 5 database error or "
	"standard output not written (the deal stays committed).",
	crm_common_children, NULL, NULL,
};

/* Resolve term to one ent record as crm-show does: candidates if several. */
static int
resolve(struct crm_db *db, struct args *a, const char *kind, const char *term,
    int64_t *id, struct crm_err *e)
{
	return crm_resolve(db, crm_entity_lookup(kind), term, id, &a->common,
	    stdout, e);
}

/*
 * Print the deals of q (all columns, or ids with -q), or the pipeline;
 * committed when they are what the command just wrote.
 */
static int
print(struct crm_db *db, const struct args *a, const struct crm_deal_query *q,
    int committed, struct crm_err *e)
{
	struct crm_writer *w;
	int rc;

	/* A pipeline has no ids: it is printed whole even with -q. */
	if (a->pipeline) {
		struct crm_common c = a->common;

		c.quiet = 0;
		w = crm_writer_open(stdout, &c, crm_pipeline_cols,
		    crm_pipeline_ncols);
	} else
		w = crm_writer_open(stdout, &a->common, crm_deal_cols,
		    crm_deal_ncols);
	if (w == NULL)
		err(5, "stdout");
	rc = a->pipeline ? crm_deal_pipeline(db, q->manager, w, e) :
	    crm_deal_list(db, q, w, NULL, e);
	return crm_writer_close(w, committed, rc, e);
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_deal_query q = { 0 };
	struct crm_deal_new d = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	char close[16], who[64], stage[40], now[40] = "", line[160];
	time_t when;
	struct tm tm;
	long open = 0;
	int rc, listing, adding;
	char quoted[128];

	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	listing = a.mine || a.all || a.liststage != NULL || a.pipeline;
	q.id = a.npos >= 1 && a.company == NULL ? crm_positive(a.pos[0]) : 0;
	if (a.won || a.lost != NULL) {
		if (a.won && a.lost != NULL)
			errx(2, "--won and --lost do not go together");
		if (a.npos != 1 || q.id == 0 || a.company || a.forlogin ||
		    listing)
			errx(2, "--won and --lost take one deal ID and nothing "
			    "else");
	}
	/* ID STAGE: a number and one word, nothing else. */
	if (q.id != 0 && a.npos == 2 && a.nwords == 1 && a.forlogin == NULL &&
	    !listing)
		snprintf(stage, sizeof(stage), "%s", a.pos[1]);
	else if (!a.won && a.lost == NULL)
		q.id = 0;
	adding = q.id == 0 && (a.npos > 0 || a.company != NULL);
	if (adding && listing)
		errx(2, "list options do not go with an add");
	if (adding && a.company == NULL && field(&(struct args){ 0 },
	    a.pos[0]))
		errx(2, "no CONTACT or --company COMPANY given");
	if (adding && a.nwords == 0)
		errx(2, "no TITLE given (crm-deal CONTACT TITLE...)");
	if (a.mine + a.all + (a.forlogin != NULL) > 1)
		errx(2, "--mine, --for and --all do not go together");
	if (adding && a.amount != NULL) {
		if (crm_money_parse(a.amount, &d.amount, &e) != CRM_OK)
			errx(2, "%s", e.msg);
		d.has_amount = 1;
	}
	if (adding && a.currency != NULL && !crm_currency_valid(a.currency))
		errx(2, "currency \"%s\" is not a code like EUR (3 capital "
		    "letters)", crm_term_quote(a.currency, quoted,
		    sizeof(quoted)));
	if (adding && a.close != NULL) {
		if (crm_date_parse(a.close, time(NULL), &when, &e) != CRM_OK)
			errx(2, "close: %s", e.msg);
		localtime_r(&when, &tm);
		strftime(close, sizeof(close), "%Y-%m-%d", &tm);
		d.expected_close = close;
	}
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);

	if (!adding && q.id == 0) {
		q.manager = a.all ? NULL : a.forlogin ? a.forlogin :
		    crm_db_actor(db);
		if (a.liststage != NULL && (rc = crm_deal_stage(db,
		    a.liststage, stage, sizeof(stage), &e)) != CRM_OK)
			goto out;
		q.stage = a.liststage != NULL ? stage : NULL;
		rc = print(db, &a, &q, 0, &e);
		goto out;
	}
	if (adding && a.company == NULL &&
	    (rc = resolve(db, &a, "contact", a.pos[0], &d.contact_id, &e))
	    != CRM_OK)
		goto out;
	if (adding && a.company != NULL &&
	    (rc = resolve(db, &a, "company", a.company, &d.company_id, &e))
	    != CRM_OK)
		goto out;
	d.title = a.title.p;
	d.manager = a.forlogin;
	d.currency = a.currency;
	d.stage = a.stage;
	if ((rc = crm_db_begin(db, &e)) != CRM_OK)
		goto out;
	/* The stage the deal is at now: a won one moves the plan counter. */
	if (!adding || d.stage != NULL)
		rc = crm_deal_stage(db, !adding ? (a.won ? "won" : a.lost ?
		    "lost" : stage) : d.stage, now, sizeof(now), &e);
	if (rc != CRM_OK)
		;
	else if (!adding)
		rc = crm_deal_move(db, q.id, now, a.lost, who, sizeof(who), &e);
	else {
		snprintf(who, sizeof(who), "%s", a.forlogin ? a.forlogin :
		    crm_db_actor(db));
		rc = crm_deal_add(db, &d, &q.id, &e);
	}
	if (rc == CRM_OK && strcmp(now, "won") == 0)
		rc = crm_counter_line(db, CRM_COUNTER_DEALS_WON, who, line,
		    sizeof(line), &e);
	else if (rc == CRM_OK) {
		rc = crm_deal_open_count(db, who, &open, &e);
		snprintf(line, sizeof(line), "open deals for %s: %ld", who,
		    open);
	}
	if (rc == CRM_OK)
		rc = crm_db_commit(db, &e);
	if (rc != CRM_OK) {
		crm_db_rollback(db);
		goto out;
	}
	q.include_closed = 1;
	if ((rc = print(db, &a, &q, 1, &e)) == CRM_OK && !a.common.quiet)
		fprintf(stderr, "%s\n", line);
out:
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	crm_db_close(db);
	crm_buf_free(&a.title);
	return rc;
}
