/*
 * entity.c - the kinds of record the base holds and their fields, in the
 * order every export prints them.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm-internal.h"

static const struct crm_field contact_fields[] = {
	{ "id", CRM_FT_ID },
	{ "first_name", CRM_FT_NAME },
	{ "last_name", CRM_FT_NAME },
	{ "phone", CRM_FT_PHONE },
	{ "email", CRM_FT_EMAIL },
	{ "company", CRM_FT_COMPANY },
	{ "title", CRM_FT_TEXT },
	{ "city", CRM_FT_TEXT },
	{ "address", CRM_FT_TEXT },
	{ "source", CRM_FT_TEXT },
	{ "tags", CRM_FT_TAGS },
	{ "notes", CRM_FT_TEXT },
	{ "owner", CRM_FT_OWNER },
	{ "consent", CRM_FT_BOOL },
	{ "created_at", CRM_FT_TIME },
	{ "created_by", CRM_FT_LOGIN },
	{ "updated_at", CRM_FT_TIME },
	{ "updated_by", CRM_FT_LOGIN },
	{ "archived_at", CRM_FT_TIME },
};

static const struct crm_field company_fields[] = {
	{ "id", CRM_FT_ID },
	{ "name", CRM_FT_NAME },
	{ "phone", CRM_FT_PHONE },
	{ "email", CRM_FT_EMAIL },
	{ "website", CRM_FT_TEXT },
	{ "city", CRM_FT_TEXT },
	{ "address", CRM_FT_TEXT },
	{ "tags", CRM_FT_TAGS },
	{ "notes", CRM_FT_TEXT },
	{ "owner", CRM_FT_OWNER },
	{ "created_at", CRM_FT_TIME },
	{ "created_by", CRM_FT_LOGIN },
	{ "updated_at", CRM_FT_TIME },
	{ "updated_by", CRM_FT_LOGIN },
	{ "archived_at", CRM_FT_TIME },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct crm_entity contact_entity = {
	"contact", "contacts", "contacts", contact_fields,
	NELEM(contact_fields), NULL,
};

static const struct crm_entity company_entity = {
	"company", "companies", "companies", company_fields,
	NELEM(company_fields), "name",
};

const struct crm_entity *const crm_entities[] = {
	&contact_entity, &company_entity, NULL,
};

/* Column arrays for writers, built from the field tables on first use. */
static struct crm_col contact_cols[NELEM(contact_fields)];
static struct crm_col company_cols[NELEM(company_fields)];

/* Other tools' names for our columns, after folding case, '-' and ' '. */
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

int
crm_entity_field(const struct crm_entity *ent, const char *name)
{
	char folded[64];
	size_t i, n;

	n = strlen(name);
	if (n == 0 || n >= sizeof(folded))
		return -1;
	for (i = 0; i <= n; i++) {
		char c = name[i];

		folded[i] = c == ' ' || c == '-' ? '_' :
		    (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
	}
	for (i = 0; i < NELEM(aliases); i++)
		if (strcmp(folded, aliases[i].alias) == 0) {
			strcpy(folded, aliases[i].name);
			break;
		}
	for (i = 0; i < ent->nfields; i++)
		if (strcmp(folded, ent->fields[i].name) == 0)
			return (int)i;
	return -1;
}

const struct crm_col *
crm_entity_cols(const struct crm_entity *ent)
{
	struct crm_col *cols = ent == &contact_entity ? contact_cols :
	    company_cols;
	size_t i;

	if (cols[0].name == NULL)
		for (i = 0; i < ent->nfields; i++) {
			cols[i].name = ent->fields[i].name;
			cols[i].numeric = ent->fields[i].type == CRM_FT_ID;
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
	case CRM_FT_BOOL:
		rc |= crm_buf_adds(b, "CASE t.");
		rc |= crm_buf_adds(b, f->name);
		rc |= crm_buf_adds(b, " WHEN 1 THEN 'yes' ELSE 'no' END");
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
	struct crm_buf b = { 0 };
	size_t i;
	int rc = CRM_OK;

	rc |= crm_buf_adds(&b, "SELECT ");
	for (i = 0; i < ent->nfields; i++) {
		if (i > 0)
			rc |= crm_buf_adds(&b, ", ");
		rc |= crm_entity_expr(&ent->fields[i], &b);
	}
	rc |= crm_buf_adds(&b, " FROM ");
	rc |= crm_buf_adds(&b, ent->table);
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
