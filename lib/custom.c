/*
 * custom.c - a contact's custom fields: what a file held that the base
 * has no column for (a birthday, a second phone), kept by name in
 * contact_custom so that nothing an import reads is lost.
 *
 * Names are lower case, letters, digits and '_', made from a header by
 * crm_custom_name.  Changes are audited as field "custom.NAME", so the
 * audit trail, crm-log and the erasure of a person treat them as they
 * treat the contact's own fields.
 */
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

/*
 * Latin-1 letters (the second byte of U+00C0..U+00FF in UTF-8) without
 * their accents; "" for the two signs among them.
 */
static const char *const latin1_letters[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",	/* C0 */
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "",		/* D0 */
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c",	/* E0 */
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "",		/* F0 */
	"o", "u", "u", "u", "u", "y", "th", "y",
};

/* The custom field name a header or property makes, into out. */
int
crm_custom_name(const char *text, char *out, size_t outsz,
    struct crm_err *e)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t o = 0, max = outsz - 1;
	int gap = 0;

	if (max > CRM_CUSTOM_NAME_MAX)
		max = CRM_CUSTOM_NAME_MAX;
	for (; *p != '\0' && o < max; p++) {
		const char *add = NULL;
		char one[2] = { 0, 0 };

		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			one[0] = (char)*p;
		else if (*p >= 'A' && *p <= 'Z')
			one[0] = (char)(*p - 'A' + 'a');
		else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF)
			add = latin1_letters[*++p - 0x80];
		else {
			/* Skip the rest of any other character. */
			while ((p[1] & 0xC0) == 0x80)
				p++;
		}
		if (one[0] != '\0')
			add = one;
		if (add == NULL || *add == '\0') {
			gap = 1;
			continue;
		}
		if (gap && o > 0 && o < max)
			out[o++] = '_';
		gap = 0;
		for (; *add != '\0' && o < max; add++)
			out[o++] = *add;
	}
	out[o] = '\0';
	if (o == 0)
		return crm_err_set(e, CRM_EINPUT, "\"%s\" makes no custom field "
		    "name (letters a-z, digits, _): map it to one with --map "
		    "'%s=custom.NAME'", text, text);
	return CRM_OK;
}

/* Whether name is a custom field name: [a-z0-9_], no _ at the ends. */
int
crm_custom_name_valid(const char *name)
{
	size_t n = strlen(name), i;

	if (n == 0 || n > CRM_CUSTOM_NAME_MAX || name[0] == '_' ||
	    name[n - 1] == '_')
		return 0;
	for (i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
			return 0;
	return 1;
}

struct crm_custom_store {
	struct crm_db *db;
	sqlite3_stmt *get, *put, *del;
	char *default_cc;	/* phone.default_country */
	char norm[320];
};

/* Prepare the statements custom fields are read and written with. */
int
crm_custom_store_open(struct crm_custom_store **csp, struct crm_db *db,
    struct crm_err *e)
{
	struct crm_custom_store *cs;
	int rc;

	*csp = NULL;
	if ((cs = calloc(1, sizeof(*cs))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	cs->db = db;
	if ((rc = crm_setting_get(db, "phone.default_country",
	    &cs->default_cc, e)) != CRM_OK ||
	    (rc = crm_db_prepare(db, "SELECT value FROM contact_custom"
	    " WHERE contact_id = ? AND name = ?", &cs->get, e)) != CRM_OK ||
	    (rc = crm_db_prepare(db, "INSERT INTO contact_custom(contact_id,"
	    " name, value) VALUES (?1, ?2, ?3) ON CONFLICT (contact_id, name)"
	    " DO UPDATE SET value = excluded.value", &cs->put, e)) != CRM_OK ||
	    (rc = crm_db_prepare(db, "DELETE FROM contact_custom"
	    " WHERE contact_id = ? AND name = ?", &cs->del, e)) != CRM_OK) {
		crm_custom_store_close(cs);
		return rc;
	}
	*csp = cs;
	return CRM_OK;
}

/* Free cs and its statements (NULL is fine). */
void
crm_custom_store_close(struct crm_custom_store *cs)
{
	if (cs == NULL)
		return;
	sqlite3_finalize(cs->get);
	sqlite3_finalize(cs->put);
	sqlite3_finalize(cs->del);
	free(cs->default_cc);
	free(cs);
}

/* Whether name is stem_N: phone_2, email_3 (not phone_2_label). */
static int
numbered(const char *name, const char *stem)
{
	size_t n = strlen(stem);

	return strncmp(name, stem, n) == 0 && name[n] == '_' &&
	    name[n + 1] != '\0' && strspn(name + n + 1, "0123456789") ==
	    strlen(name + n + 1);
}

/*
 * A contact's other phones and e-mails (phone_2, email_2 ...) in the
 * form of its own, when they read as one; else as written.
 */
static const char *
normalized(struct crm_custom_store *cs, const char *name, const char *v)
{
	if (numbered(name, "phone") && crm_phone_normalize(v, cs->default_cc,
	    cs->norm, sizeof(cs->norm), NULL) == CRM_OK)
		return cs->norm;
	if (numbered(name, "email") && crm_email_normalize(v, cs->norm,
	    sizeof(cs->norm), NULL) == CRM_OK)
		return cs->norm;
	return v;
}

/* The stored value of custom field name of contact id, malloc'd, or NULL. */
static int
get_old(struct crm_custom_store *cs, int64_t id, const char *name,
    char **old, struct crm_err *e)
{
	int rc;

	*old = NULL;
	sqlite3_bind_int64(cs->get, 1, id);
	sqlite3_bind_text(cs->get, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(cs->get);
	if (rc == SQLITE_ROW &&
	    (*old = strdup((const char *)sqlite3_column_text(cs->get, 0))) ==
	    NULL)
		rc = SQLITE_NOMEM;
	sqlite3_reset(cs->get);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return crm_db_err(cs->db, e, "read custom field");
	return CRM_OK;
}

/* Run st, bound to id and name (and value), to its end. */
static int
step_change(struct crm_custom_store *cs, sqlite3_stmt *st, int64_t id,
    const char *name, const char *value, struct crm_err *e)
{
	int rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (value != NULL)
		sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return crm_db_err(cs->db, e, "write custom field");
	return CRM_OK;
}

/* Set, replace or delete the custom fields of contact id, audited. */
int
crm_custom_write(struct crm_custom_store *cs, int64_t id, const char *owner,
    const struct crm_custom *cf, size_t n, int added, int64_t batch,
    int *changed, struct crm_err *e)
{
	char field[8 + CRM_CUSTOM_NAME_MAX + 1];
	char *old = NULL;
	size_t i;
	int rc = CRM_OK;

	*changed = 0;
	for (i = 0; i < n && rc == CRM_OK; i++) {
		const char *v = cf[i].value;

		if (v != NULL && *v == '\0')
			v = NULL;
		if (v != NULL)
			v = normalized(cs, cf[i].name, v);
		if (added) {
			/* A new record: nothing to replace or clear. */
			if (v == NULL)
				continue;
			old = NULL;
		} else if ((rc = get_old(cs, id, cf[i].name, &old, e)) !=
		    CRM_OK)
			break;
		if ((v == NULL && old == NULL) ||
		    (v != NULL && old != NULL && strcmp(v, old) == 0)) {
			free(old);
			continue;
		}
		snprintf(field, sizeof(field), "custom.%s", cf[i].name);
		/* Whether a custom field is personal data is access.c's. */
		if (!added && (rc = crm_access_field(cs->db, "contact", id,
		    owner, field, 0, e)) != CRM_OK) {
			free(old);
			break;
		}
		rc = v != NULL ? step_change(cs, cs->put, id, cf[i].name, v, e) :
		    step_change(cs, cs->del, id, cf[i].name, NULL, e);
		*changed = 1;
		/* A new record of a batch: the batch stands for it. */
		if (rc == CRM_OK && !(added && batch > 0))
			rc = crm_audit(cs->db, added ? "insert" : "update",
			    "contact", id, field, old, v, batch, e);
		free(old);
	}
	return rc;
}

/* The "Custom fields" section of a contact's card, when it has any. */
int
crm_custom_card(struct crm_db *db, int64_t id, FILE *fp, struct crm_err *e)
{
	sqlite3_stmt *st;
	size_t width = 0;
	int rc, step, pass;

	if ((rc = crm_db_prepare(db, "SELECT name, value FROM contact_custom"
	    " WHERE contact_id = ? ORDER BY name", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	/* Twice over the contact's few rows: widths, then lines. */
	for (pass = 0; pass < 2 && rc == CRM_OK; pass++) {
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st,
			    0);
			const char *v = (const char *)sqlite3_column_text(st, 1);

			if (pass == 0) {
				if (strlen(name) > width)
					width = strlen(name);
				continue;
			}
			fprintf(fp, "  %s:%*s", name,
			    (int)(width - strlen(name) + 1), "");
			crm_term_put_lines(fp, v, (int)width + 4);
			putc('\n', fp);
		}
		if (step != SQLITE_DONE)
			rc = crm_db_err(db, e, "read custom fields");
		sqlite3_reset(st);
		if (pass == 0 && width == 0)
			break;	/* none: no section */
		if (pass == 0)
			fprintf(fp, "\nCustom fields\n");
	}
	sqlite3_finalize(st);
	return rc;
}

int
crm_custom_columns(struct crm_db *db, const struct crm_entity *ent,
    struct crm_col **cols, size_t *ncols, struct crm_err *e)
{
	const struct crm_col *base = crm_entity_cols(ent);
	struct crm_buf names = { 0 };
	sqlite3_stmt *st;
	struct crm_col *c;
	size_t n = 0, i, nb = ent->nfields;
	char *p;
	int rc, step;

	*cols = NULL;
	*ncols = 0;
	if (strcmp(ent->name, "contact") != 0)
		return CRM_OK;
	/* The index on name lists them without reading the values. */
	if ((rc = crm_db_prepare(db, "SELECT DISTINCT name FROM contact_custom"
	    " ORDER BY name", &st, e)) != CRM_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (crm_buf_adds(&names, "custom.") != CRM_OK ||
		    crm_buf_add(&names, name, strlen(name) + 1) != CRM_OK) {
			rc = crm_err_set(e, CRM_EDB, "out of memory");
			break;
		}
		n++;
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "custom fields");
	sqlite3_finalize(st);
	if (rc != CRM_OK || n == 0) {
		crm_buf_free(&names);
		return rc;
	}
	/* One block: the columns, then their names. */
	if ((c = malloc((nb + n) * sizeof(*c) + names.len)) == NULL) {
		crm_buf_free(&names);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	p = (char *)(c + nb + n);
	memcpy(p, names.p, names.len);
	crm_buf_free(&names);
	memcpy(c, base, nb * sizeof(*c));
	for (i = 0; i < n; i++) {
		c[nb + i].name = p;
		c[nb + i].numeric = 0;
		p += strlen(p) + 1;
	}
	*cols = c;
	*ncols = nb + n;
	return CRM_OK;
}

int
crm_custom_row(struct crm_db *db, sqlite3_stmt **st, int64_t id,
    const struct crm_col *cols, size_t from, size_t ncols, const char **row,
    char **values, struct crm_err *e)
{
	size_t i, lo, hi;
	int step;

	for (i = from; i < ncols; i++) {
		free(values[i - from]);
		values[i - from] = NULL;
		row[i] = NULL;
	}
	if (*st == NULL && crm_db_prepare(db, "SELECT name, value FROM"
	    " contact_custom WHERE contact_id = ? ORDER BY name", st, e) !=
	    CRM_OK)
		return e->code;
	sqlite3_bind_int64(*st, 1, id);
	/* Both in name order: one pass over the columns. */
	lo = from;
	hi = ncols;
	while ((step = sqlite3_step(*st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(*st, 0);

		while (lo < hi && strcmp(cols[lo].name + 7, name) < 0)
			lo++;
		if (lo < hi && strcmp(cols[lo].name + 7, name) == 0) {
			values[lo - from] = strdup((const char *)
			    sqlite3_column_text(*st, 1));
			row[lo] = values[lo - from];
		}
	}
	sqlite3_reset(*st);
	return step == SQLITE_DONE ? CRM_OK : crm_db_err(db, e,
	    "custom fields");
}
