/*
 * entity.c - the kinds of record the base holds and their fields, in the
 * order every export prints them: contacts and companies, and the
 * activities logged against them.  Exports, searches, edits and cards
 * read these tables, so a field is declared once, with its type, and
 * every tool knows it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "crm-internal.h"

/* How crm sets its stamps, for the message that refuses one from input. */
#define ADDED "crm sets it when the record is added"
#define CHANGED "crm sets it when the record is changed"
#define ARCHIVED "--archive and --unarchive set it"
#define CONSENTED "crm sets it when the consent changes"
#define DONE "crm-task --done sets it (an empty done_at reopens the task)"
#define CLOSED "crm sets it when the stage moves to won or lost"

static const struct crm_field contact_fields[] = {
	{ "id", CRM_FT_ID, 0, NULL, NULL },
	{ "first_name", CRM_FT_NAME, 0, NULL, NULL },
	{ "last_name", CRM_FT_NAME, 0, NULL, NULL },
	{ "phone", CRM_FT_PHONE, 0, NULL, NULL },
	{ "email", CRM_FT_EMAIL, 0, NULL, NULL },
	{ "company", CRM_FT_COMPANY, 0, NULL, NULL },
	{ "title", CRM_FT_TEXT, 0, NULL, NULL },
	{ "city", CRM_FT_TEXT, 0, NULL, NULL },
	{ "address", CRM_FT_TEXT, 0, NULL, NULL },
	{ "source", CRM_FT_TEXT, 0, NULL, NULL },
	{ "tags", CRM_FT_TAGS, 0, NULL, NULL },
	{ "notes", CRM_FT_TEXT, 0, NULL, NULL },
	{ "owner", CRM_FT_OWNER, 0, NULL, NULL },
	{ "consent", CRM_FT_CHOICE, 0,
	  "yes=y|true|1,no=n|false|0,unknown=?", NULL },
	{ "consent_at", CRM_FT_TIME, 0, NULL, CONSENTED },
	{ "consent_source", CRM_FT_TEXT, 0, NULL, CONSENTED },
	{ "created_at", CRM_FT_TIME, 0, NULL, ADDED },
	{ "created_by", CRM_FT_LOGIN, 0, NULL, ADDED },
	{ "updated_at", CRM_FT_TIME, 0, NULL, CHANGED },
	{ "updated_by", CRM_FT_LOGIN, 0, NULL, CHANGED },
	{ "archived_at", CRM_FT_TIME, 0, NULL, ARCHIVED },
};

static const struct crm_field company_fields[] = {
	{ "id", CRM_FT_ID, 0, NULL, NULL },
	{ "name", CRM_FT_NAME, 0, NULL, NULL },
	{ "phone", CRM_FT_PHONE, 0, NULL, NULL },
	{ "email", CRM_FT_EMAIL, 0, NULL, NULL },
	{ "website", CRM_FT_TEXT, 0, NULL, NULL },
	{ "city", CRM_FT_TEXT, 0, NULL, NULL },
	{ "address", CRM_FT_TEXT, 0, NULL, NULL },
	{ "tags", CRM_FT_TAGS, 0, NULL, NULL },
	{ "notes", CRM_FT_TEXT, 0, NULL, NULL },
	{ "owner", CRM_FT_OWNER, 0, NULL, NULL },
	{ "created_at", CRM_FT_TIME, 0, NULL, ADDED },
	{ "created_by", CRM_FT_LOGIN, 0, NULL, ADDED },
	{ "updated_at", CRM_FT_TIME, 0, NULL, CHANGED },
	{ "updated_by", CRM_FT_LOGIN, 0, NULL, CHANGED },
	{ "archived_at", CRM_FT_TIME, 0, NULL, ARCHIVED },
};

/* A meeting with a contact: planned, then held (with its result) or not. */
static const struct crm_field meeting_fields[] = {
	{ "id", CRM_FT_ID, 0, NULL, NULL },
	{ "contact_id", CRM_FT_REF, 1, "contacts", NULL },
	{ "topic", CRM_FT_TEXT, 1, NULL, NULL },
	{ "at", CRM_FT_WHEN, 1, "time of day", NULL },
	{ "duration", CRM_FT_MINUTES, 0, NULL, NULL },
	{ "location", CRM_FT_TEXT, 0, NULL, NULL },
	{ "status", CRM_FT_CHOICE, 1,
	  "planned=plan,held=done,cancelled=canceled|cancel,no_show=noshow", NULL },
	{ "result", CRM_FT_TEXT, 0, NULL, NULL },
	{ "manager", CRM_FT_USER, 1, NULL, NULL },
	{ "created_at", CRM_FT_TIME, 0, NULL, ADDED },
	{ "created_by", CRM_FT_LOGIN, 0, NULL, ADDED },
	{ "updated_at", CRM_FT_TIME, 0, NULL, CHANGED },
	{ "updated_by", CRM_FT_LOGIN, 0, NULL, CHANGED },
	{ "archived_at", CRM_FT_TIME, 0, NULL, ARCHIVED },
};

/*
 * A call, logged or read from the telephony's records: no manager when
 * the extension is no user's, no contact until the number is linked.
 */
static const struct crm_field call_fields[] = {
	{ "id", CRM_FT_ID, 0, NULL, NULL },
	{ "at", CRM_FT_WHEN, 1, NULL, NULL },
	{ "direction", CRM_FT_CHOICE, 1,
	  "in=inbound|incoming,out=outbound|outgoing", NULL },
	{ "number", CRM_FT_NUMBER, 0, NULL, NULL },
	{ "contact_id", CRM_FT_REF, 0, "contacts", NULL },
	{ "manager", CRM_FT_USER, 0, NULL, NULL },
	{ "extension", CRM_FT_TEXT, 0, NULL, NULL },
	{ "status", CRM_FT_PICK, 1, "call.statuses", NULL },
	{ "duration", CRM_FT_SECONDS, 0, NULL, NULL },
	{ "note", CRM_FT_TEXT, 0, NULL, NULL },
	{ "source_id", CRM_FT_EXTERNAL, 0, NULL, NULL },
	{ "created_at", CRM_FT_TIME, 0, NULL, ADDED },
	{ "created_by", CRM_FT_LOGIN, 0, NULL, ADDED },
	{ "updated_at", CRM_FT_TIME, 0, NULL, CHANGED },
	{ "updated_by", CRM_FT_LOGIN, 0, NULL, CHANGED },
	{ "archived_at", CRM_FT_TIME, 0, NULL, ARCHIVED },
};

static const struct crm_field task_fields[] = {
	{ "id", CRM_FT_ID, 0, NULL, NULL },
	{ "contact_id", CRM_FT_REF, 0, "contacts", NULL },
	{ "call_id", CRM_FT_REF, 0, "calls", NULL },
	{ "title", CRM_FT_TEXT, 1, NULL, NULL },
	{ "assignee", CRM_FT_USER, 1, NULL, NULL },
	{ "due", CRM_FT_WHEN, 0, NULL, NULL },
	{ "done_at", CRM_FT_WHEN, 0, NULL, DONE },
	{ "created_at", CRM_FT_TIME, 0, NULL, ADDED },
	{ "created_by", CRM_FT_LOGIN, 0, NULL, ADDED },
	{ "updated_at", CRM_FT_TIME, 0, NULL, CHANGED },
	{ "updated_by", CRM_FT_LOGIN, 0, NULL, CHANGED },
	{ "archived_at", CRM_FT_TIME, 0, NULL, ARCHIVED },
};

static const struct crm_field deal_fields[] = {
	{ "id", CRM_FT_ID, 0, NULL, NULL },
	{ "title", CRM_FT_TEXT, 1, NULL, NULL },
	{ "contact_id", CRM_FT_REF, 0, "contacts", NULL },
	{ "company_id", CRM_FT_REF, 0, "companies", NULL },
	{ "manager", CRM_FT_USER, 1, NULL, NULL },
	{ "amount", CRM_FT_MONEY, 0, NULL, NULL },
	{ "currency", CRM_FT_CURRENCY, 1, NULL, NULL },
	{ "stage", CRM_FT_PICK, 1, "deal.stages", NULL },
	{ "expected_close", CRM_FT_DATE, 0, NULL, NULL },
	{ "closed_at", CRM_FT_WHEN, 0, NULL, CLOSED },
	{ "lost_reason", CRM_FT_TEXT, 0, NULL, NULL },
	{ "created_at", CRM_FT_TIME, 0, NULL, ADDED },
	{ "created_by", CRM_FT_LOGIN, 0, NULL, ADDED },
	{ "updated_at", CRM_FT_TIME, 0, NULL, CHANGED },
	{ "updated_by", CRM_FT_LOGIN, 0, NULL, CHANGED },
	{ "archived_at", CRM_FT_TIME, 0, NULL, ARCHIVED },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct crm_entity contact_entity = {
	"contact", "contacts", "contacts", contact_fields,
	NELEM(contact_fields), NULL, "contacts_fts", 1, NULL,
};

static const struct crm_entity company_entity = {
	"company", "companies", "companies", company_fields,
	NELEM(company_fields), "name", "companies_fts", 1, NULL,
};

static const struct crm_entity meeting_entity = {
	"meeting", "meetings", "meetings", meeting_fields,
	NELEM(meeting_fields), NULL, NULL, 1, "crm-meet",
};

static const struct crm_entity call_entity = {
	"call", "calls", "calls", call_fields, NELEM(call_fields), NULL,
	NULL, 1, "crm-call",
};

static const struct crm_entity task_entity = {
	"task", "tasks", "tasks", task_fields, NELEM(task_fields), NULL,
	NULL, 0, "crm-task",
};

static const struct crm_entity deal_entity = {
	"deal", "deals", "deals", deal_fields, NELEM(deal_fields), NULL,
	NULL, 0, "crm-deal",
};

const struct crm_entity *const crm_entities[] = {
	&contact_entity, &company_entity, &meeting_entity, &call_entity,
	&task_entity, &deal_entity, NULL,
};

#define MAX_ENTITIES 8
#define MAX_FIELDS 32

/* Column arrays for writers, built from the field tables on first use. */
static struct crm_col entity_cols[MAX_ENTITIES][MAX_FIELDS];

/*
 * Other tools' names for our columns, after folding case, '-' and ' ';
 * asked only when a name is no field of the entity.
 */
static const struct {
	const char *alias, *name;
} aliases[] = {
	{ "firstname", "first_name" }, { "given_name", "first_name" },
	{ "lastname", "last_name" }, { "surname", "last_name" },
	{ "family_name", "last_name" }, { "e_mail", "email" },
	{ "mail", "email" }, { "email_address", "email" },
	{ "phone_number", "phone" }, { "telephone", "phone" },
	{ "tel", "phone" }, { "mobile", "phone" },
	{ "organization", "company" }, { "organisation", "company" },
	{ "company_name", "company" }, { "job_title", "title" },
	{ "contact", "contact_id" }, { "company", "company_id" },
	{ "call", "call_id" },
};

const struct crm_entity *
crm_entity_lookup(const char *word)
{
	size_t i;

	if (word == NULL)
		return NULL;
	for (i = 0; crm_entities[i] != NULL; i++)
		if (strcasecmp(word, crm_entities[i]->name) == 0 ||
		    strcasecmp(word, crm_entities[i]->plural) == 0)
			return crm_entities[i];
	return NULL;
}

const char *
crm_entity_names(void)
{
	static char names[128];
	size_t i, n = 0;

	if (names[0] != '\0')
		return names;
	for (i = 0; crm_entities[i] != NULL && n < sizeof(names); i++)
		n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s",
		    i ? ", " : "", crm_entities[i]->plural);
	return names;
}

static int
field_named(const struct crm_entity *ent, const char *name)
{
	size_t i;

	for (i = 0; i < ent->nfields; i++)
		if (strcmp(name, ent->fields[i].name) == 0)
			return (int)i;
	return -1;
}

int
crm_entity_field(const struct crm_entity *ent, const char *name)
{
	char folded[64];
	size_t i, n;
	int f;

	n = strlen(name);
	if (n == 0 || n >= sizeof(folded))
		return -1;
	for (i = 0; i <= n; i++) {
		char c = name[i];

		folded[i] = c == ' ' || c == '-' ? '_' :
		    (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
	}
	if ((f = field_named(ent, folded)) >= 0)
		return f;
	for (i = 0; i < NELEM(aliases); i++)
		if (strcmp(folded, aliases[i].alias) == 0)
			return field_named(ent, aliases[i].name);
	return -1;
}

int
crm_entity_owner_field(const struct crm_entity *ent)
{
	size_t i;

	for (i = 0; i < ent->nfields; i++)
		if (ent->fields[i].type == CRM_FT_OWNER ||
		    ent->fields[i].type == CRM_FT_USER)
			return (int)i;
	return -1;
}

/* Whether JSON writes values of type t as numbers. */
static int
numeric(enum crm_field_type t)
{
	return t == CRM_FT_ID || t == CRM_FT_REF || t == CRM_FT_MINUTES ||
	    t == CRM_FT_SECONDS || t == CRM_FT_MONEY;
}

const struct crm_col *
crm_entity_cols(const struct crm_entity *ent)
{
	struct crm_col *cols = entity_cols[0];
	size_t i;

	for (i = 0; crm_entities[i] != NULL && i < MAX_ENTITIES; i++)
		if (crm_entities[i] == ent)
			cols = entity_cols[i];
	if (cols[0].name == NULL)
		for (i = 0; i < ent->nfields && i < MAX_FIELDS; i++) {
			cols[i].name = ent->fields[i].name;
			cols[i].numeric = numeric(ent->fields[i].type);
		}
	return cols;
}

int
crm_entity_expr(const struct crm_field *f, struct crm_buf *b)
{
	int rc = CRM_OK;

	switch (f->type) {
	case CRM_FT_COMPANY:
		rc |= crm_buf_adds(b, "(SELECT name FROM companies"
		    " WHERE companies.id = t.company_id)");
		break;
	case CRM_FT_MONEY:
		/* Minor units as a decimal: exact, as crm_money_format. */
		rc |= crm_buf_adds(b, "CASE WHEN t.");
		rc |= crm_buf_adds(b, f->name);
		rc |= crm_buf_adds(b, " IS NULL THEN NULL ELSE"
		    " printf('%s%d.%02d', CASE WHEN t.");
		rc |= crm_buf_adds(b, f->name);
		rc |= crm_buf_adds(b, " < 0 THEN '-' ELSE '' END, abs(t.");
		rc |= crm_buf_adds(b, f->name);
		rc |= crm_buf_adds(b, ") / 100, abs(t.");
		rc |= crm_buf_adds(b, f->name);
		rc |= crm_buf_adds(b, ") % 100) END");
		break;
	default:
		rc |= crm_buf_adds(b, "t.");
		rc |= crm_buf_adds(b, f->name);
		break;
	}
	return rc ? CRM_EDB : CRM_OK;
}

int
crm_entity_select_sql(const struct crm_entity *ent, const char *tail,
    char **sql)
{
	return crm_entity_select_sql_as(ent, tail, 0, sql);
}

int
crm_entity_select_sql_as(const struct crm_entity *ent, const char *tail,
    int company_ids, char **sql)
{
	return crm_entity_select_sql_from(ent, ent->table, tail, company_ids,
	    sql);
}

int
crm_entity_select_sql_from(const struct crm_entity *ent, const char *from,
    const char *tail, int company_ids, char **sql)
{
	struct crm_buf b = { 0 };
	size_t i;
	int rc = CRM_OK;

	rc |= crm_buf_adds(&b, "SELECT ");
	for (i = 0; i < ent->nfields; i++) {
		if (i > 0)
			rc |= crm_buf_adds(&b, ", ");
		if (company_ids && ent->fields[i].type == CRM_FT_COMPANY)
			rc |= crm_buf_adds(&b, "t.company_id");
		else
			rc |= crm_entity_expr(&ent->fields[i], &b);
	}
	rc |= crm_buf_adds(&b, " FROM ");
	rc |= crm_buf_adds(&b, from);
	rc |= crm_buf_adds(&b, " AS t ");
	rc |= crm_buf_adds(&b, tail);
	if (rc != CRM_OK) {
		crm_buf_free(&b);
		return CRM_EDB;
	}
	*sql = b.p;
	return CRM_OK;
}

const char *
crm_entity_column(const struct crm_field *f)
{
	return f->type == CRM_FT_COMPANY ? "company_id" : f->name;
}

/* Append s to out: CRM_OK, or CRM_EDB when out of memory. */
static int
put(struct crm_buf *out, const char *s, size_t n, struct crm_err *e)
{
	if (crm_buf_add(out, s, n) != CRM_OK)
		return crm_err_set(e, CRM_EDB, "out of memory");
	return CRM_OK;
}

static int
put_str(struct crm_buf *out, const char *s, struct crm_err *e)
{
	return put(out, s, strlen(s), e);
}

/* The message of le, prefixed with the field's name, into e. */
static int
field_err(struct crm_err *e, const struct crm_field *f,
    const struct crm_err *le)
{
	return crm_err_set(e, CRM_EINPUT, "%s: %s", f->name, le->msg);
}

/*
 * The item of f->arg ("name=alias|alias,name...") that typed selects, in
 * any case and with '-' or ' ' for '_': a name or alias, or a prefix of
 * one item's only.
 */
static int
choice(const struct crm_field *f, const char *typed, struct crm_buf *out,
    struct crm_err *e)
{
	char word[32], shown[160];
	const char *item, *a, *hit = NULL;
	size_t i, n = strlen(typed), len, shownlen = 0;
	int nhits = 0, exact = 0;

	if (n >= sizeof(word))
		n = sizeof(word) - 1;
	for (i = 0; i < n; i++) {
		char c = typed[i];

		word[i] = c == ' ' || c == '-' ? '_' :
		    (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
	}
	word[n] = '\0';
	shown[0] = '\0';
	for (item = f->arg; *item != '\0' && !exact; item += len +
	    (item[len] == ',')) {
		int prefix = 0;

		len = strcspn(item, ",");
		shownlen += (size_t)snprintf(shown + shownlen, sizeof(shown) -
		    shownlen, "%s%.*s", shownlen ? ", " : "",
		    (int)strcspn(item, "=,"), item);
		if (shownlen >= sizeof(shown))
			shownlen = sizeof(shown) - 1;
		/* The name, then each alias. */
		for (a = item; a < item + len; a += strcspn(a, "=|,") + 1) {
			size_t alen = strcspn(a, "=|,");

			if (alen == n && strncmp(a, word, n) == 0)
				exact = 1;
			else if (n > 0 && n < alen && strncmp(a, word, n) == 0)
				prefix = 1;
			if (exact || a[alen] == ',' || a[alen] == '\0')
				break;
		}
		if (exact) {
			hit = item;
			nhits = 1;
		} else if (prefix && nhits++ == 0)
			hit = item;
	}
	if (nhits != 1)
		return crm_err_set(e, CRM_EINPUT, "%s \"%s\" is %s (%s)",
		    f->name, typed, nhits ? "ambiguous" : "not one of the list",
		    shown);
	return put(out, hit, strcspn(hit, "=,"), e);
}

int
crm_field_typed(enum crm_field_type t)
{
	switch (t) {
	case CRM_FT_REF:
	case CRM_FT_USER:
	case CRM_FT_WHEN:
	case CRM_FT_DATE:
	case CRM_FT_MINUTES:
	case CRM_FT_SECONDS:
	case CRM_FT_CHOICE:
	case CRM_FT_PICK:
	case CRM_FT_MONEY:
	case CRM_FT_CURRENCY:
	case CRM_FT_NUMBER:
		return 1;
	default:
		return 0;
	}
}

int
crm_field_value(struct crm_db *db, const struct crm_field *f,
    const char *typed, struct crm_buf *out, struct crm_err *e)
{
	struct crm_err le = { 0 };
	char buf[64], *cc = NULL, *low;
	long minutes, secs;
	int64_t n;
	time_t t;
	struct tm tm;
	size_t i;
	int rc;

	switch (f->type) {
	case CRM_FT_REF:
		if ((n = crm_positive(typed)) == 0)
			return crm_err_set(e, CRM_EINPUT, "%s \"%s\" is not an "
			    "id", f->name, typed);
		snprintf(buf, sizeof(buf), "%lld", (long long)n);
		return put_str(out, buf, e);
	case CRM_FT_USER:
		if ((low = strdup(typed)) == NULL)
			return crm_err_set(e, CRM_EDB, "out of memory");
		for (i = 0; low[i] != '\0'; i++)
			if (low[i] >= 'A' && low[i] <= 'Z')
				low[i] += 'a' - 'A';
		rc = crm_login_valid(low) ? put_str(out, low, e) :
		    crm_err_set(e, CRM_EINPUT, "%s \"%s\" is not a login name",
		    f->name, typed);
		free(low);
		return rc;
	case CRM_FT_WHEN:
		/* A meeting starts at a time of day, not on a day. */
		if (f->arg != NULL ? crm_meeting_time(typed, time(NULL), buf,
		    sizeof(buf), &le) != CRM_OK : crm_date_stamp(typed, buf,
		    sizeof(buf), &le) != CRM_OK)
			return field_err(e, f, &le);
		return put_str(out, buf, e);
	case CRM_FT_DATE:
		if (crm_date_parse(typed, time(NULL), &t, &le) != CRM_OK)
			return field_err(e, f, &le);
		if (localtime_r(&t, &tm) == NULL ||
		    strftime(buf, sizeof(buf), "%Y-%m-%d", &tm) == 0)
			return crm_err_set(e, CRM_EINPUT, "%s \"%s\" is out of "
			    "range", f->name, typed);
		return put_str(out, buf, e);
	case CRM_FT_MINUTES:
		if (crm_meeting_duration(typed, &minutes, &le) != CRM_OK)
			return crm_err_set(e, CRM_EINPUT, "%s", le.msg);
		snprintf(buf, sizeof(buf), "%ld", minutes);
		return put_str(out, buf, e);
	case CRM_FT_SECONDS:
		if (crm_call_duration(typed, &secs, &le) != CRM_OK)
			return crm_err_set(e, CRM_EINPUT, "%s", le.msg);
		snprintf(buf, sizeof(buf), "%ld", secs);
		return put_str(out, buf, e);
	case CRM_FT_CHOICE:
		return choice(f, typed, out, e);
	case CRM_FT_PICK:
		if ((low = strdup(typed)) == NULL)
			return crm_err_set(e, CRM_EDB, "out of memory");
		for (i = 0; low[i] != '\0'; i++)
			low[i] = low[i] >= 'A' && low[i] <= 'Z' ?
			    low[i] + 'a' - 'A' : low[i] == '-' ? '_' : low[i];
		rc = crm_pick(db, f->arg, f->name, low, buf, sizeof(buf), e);
		free(low);
		/* A value of a row: the row is rejected. */
		if (rc == CRM_EUSAGE && e != NULL)
			e->code = CRM_EINPUT;
		if (rc == CRM_EUSAGE)
			rc = CRM_EINPUT;
		return rc != CRM_OK ? rc : put_str(out, buf, e);
	case CRM_FT_MONEY:
		if (crm_money_parse(typed, &n, &le) != CRM_OK)
			return crm_err_set(e, CRM_EINPUT, "%s", le.msg);
		return put_str(out, crm_money_format(n, buf, sizeof(buf)), e);
	case CRM_FT_CURRENCY:
		snprintf(buf, sizeof(buf), "%s", typed);
		for (i = 0; buf[i] != '\0'; i++)
			if (buf[i] >= 'a' && buf[i] <= 'z')
				buf[i] -= 'a' - 'A';
		if (!crm_currency_valid(buf))
			return crm_err_set(e, CRM_EINPUT, "%s \"%s\" is not a "
			    "code like EUR (3 letters)", f->name, typed);
		return put_str(out, buf, e);
	case CRM_FT_NUMBER:
		if ((rc = crm_setting_get(db, "phone.default_country", &cc,
		    e)) != CRM_OK)
			return rc;
		rc = crm_phone_normalize(typed, cc, buf, sizeof(buf), NULL);
		free(cc);
		return put_str(out, rc == CRM_OK ? buf : typed, e);
	default:
		return put_str(out, typed, e);
	}
}
