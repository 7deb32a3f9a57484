/*
 * counts.c - the size of the base at a glance, for "crm" alone until
 * crm-status exists.
 */
#include <string.h>

#include "crm-internal.h"

int
crm_counts(struct crm_db *db, struct crm_counts *c, struct crm_err *e)
{
	sqlite3_stmt *st;
	long contacts = 0;
	int rc, step;

	memset(c, 0, sizeof(*c));
	/* count(*) alone reads the smallest index, not the table. */
	if ((rc = crm_db_count(db, "SELECT count(*) FROM contacts", NULL,
	    &contacts, e)) != CRM_OK ||
	    (rc = crm_db_count(db, "SELECT count(*) FROM contacts"
	    " WHERE archived_at IS NOT NULL", NULL, &c->contacts_archived,
	    e)) != CRM_OK ||
	    (rc = crm_db_count(db, "SELECT count(*) FROM companies"
	    " WHERE archived_at IS NULL", NULL, &c->companies, e)) != CRM_OK ||
	    (rc = crm_db_count(db, "SELECT count(*) FROM users WHERE active",
	    NULL, &c->users_active, e)) != CRM_OK)
		return rc;
	c->contacts = contacts - c->contacts_archived;
	/* The newest audit row is the one with the highest id. */
	if ((rc = crm_db_prepare(db, "SELECT time, actor FROM audit"
	    " ORDER BY id DESC LIMIT 1", &st, e)) != CRM_OK)
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		const char *a = (const char *)sqlite3_column_text(st, 1);

		snprintf(c->last_change, sizeof(c->last_change), "%s",
		    t ? t : "");
		snprintf(c->last_actor, sizeof(c->last_actor), "%s",
		    a ? a : "");
	} else if (step != SQLITE_DONE)
		rc = crm_db_err(db, e, "last change");
	sqlite3_finalize(st);
	return rc;
}
