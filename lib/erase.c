/*
 * erase.c - the right to erasure: a person's personal data removed for
 * good, from the record and from the audit trail, while the record itself
 * stays (anonymised, archived) so that the activity counted against it
 * still adds up in reports.
 */
#include "crm-internal.h"

/*
 * The personal data of a contact.  The company, owner, consent and stamps
 * stay: they say nothing about the person and reports group by them.
 */
#define PERSONAL_FIELDS "'first_name', 'last_name', 'phone', 'email'," \
	" 'title', 'city', 'address', 'source', 'tags', 'notes'"

static const char erase_sql[] =
    "UPDATE contacts SET first_name = 'erased', last_name = '#' || id,"
    " phone = NULL, email = NULL, title = NULL, city = NULL,"
    " address = NULL, source = NULL, tags = NULL, notes = NULL,"
    " consent = 'no', consent_at = ?1, consent_source = 'erasure',"
    " archived_at = coalesce(archived_at, ?1),"
    " erased_at = ?1, updated_at = ?1, updated_by = ?2"
    " WHERE id = ?3 AND erased_at IS NULL";

/* Old and new values of personal fields, in every audit row of the person. */
static const char scrub_sql[] =
    "UPDATE audit SET"
    " old = CASE WHEN old IS NULL THEN NULL ELSE '(erased)' END,"
    " new = CASE WHEN new IS NULL THEN NULL ELSE '(erased)' END"
    " WHERE entity = 'contact' AND entity_id = ?1"
    " AND field IN (" PERSONAL_FIELDS ")"
    " AND (old IS NOT NULL OR new IS NOT NULL)";

int
crm_erase(struct crm_db *db, const struct crm_entity *ent, int64_t id,
    int64_t batch, int *changed, struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	*changed = 0;
	if ((rc = crm_access_need(db, CRM_ROLES_OPERATE, "erasing personal "
	    "data", e)) != CRM_OK)
		return rc;
	if (crm_entity_field(ent, "last_name") < 0)
		return crm_err_set(e, CRM_EUSAGE, "only contacts hold a "
		    "person's data; a %s cannot be erased", ent->name);
	if ((rc = crm_db_prepare(db, "SELECT 1 FROM contacts WHERE id = ?",
	    &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!found)
		return crm_err_set(e, CRM_ENOTFOUND, "contact %lld not found",
		    (long long)id);
	if ((rc = crm_db_prepare(db, erase_sql, &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	if ((rc = crm_db_step_done(db, st, "erase", e)) != CRM_OK)
		return rc;
	if (sqlite3_changes(db->sql) == 0)
		return CRM_OK;	/* erased before */
	*changed = 1;
	/* Leave no old page in the WAL (see crm_erase_finish). */
	db->wipe_wal = 1;
	/* Custom fields hold whatever a file had: none of it stays. */
	if ((rc = crm_db_prepare(db, "DELETE FROM contact_custom"
	    " WHERE contact_id = ?", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = crm_db_step_done(db, st, "erase custom fields", e)) != CRM_OK)
		return rc;
	if ((rc = crm_db_prepare(db, scrub_sql, &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = crm_db_step_done(db, st, "erase from the audit trail", e);
	if (rc != CRM_OK)
		return rc;
	return crm_audit(db, "erase", "contact", id, NULL, NULL, NULL, batch,
	    e);
}

int
crm_erase_finish(struct crm_db *db, struct crm_err *e)
{
	/*
	 * The search index keeps a deleted row's words in its segments until
	 * they are merged: merge them all, once for all the erasures, and
	 * secure_delete zeroes the pages that frees.
	 */
	if (!db->wipe_wal)
		return CRM_OK;
	return crm_db_exec(db, "INSERT INTO contacts_fts(contacts_fts)"
	    " VALUES ('optimize')", e);
}
