/*
 * audit.c - the audit trail: who changed what, when, and the batches that
 * stand for a whole bulk import.
 */
#include "crm-internal.h"

int
crm_audit(struct crm_db *db, const char *action, const char *entity,
    sqlite3_int64 id, const char *field, const char *old_value,
    const char *new_value, sqlite3_int64 batch, struct crm_err *e)
{
	static const char sql[] = "INSERT INTO audit(time, actor, action,"
	    " entity, entity_id, field, old, new, batch_id)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st;
	int rc;

	/* Prepared once per process: bulk updates audit every field. */
	if (db->audit_st == NULL &&
	    (rc = crm_db_prepare(db, sql, &db->audit_st, e)) != CRM_OK)
		return rc;
	st = db->audit_st;
	sqlite3_bind_text(st, 1, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, entity, -1, SQLITE_STATIC);
	if (id > 0)
		sqlite3_bind_int64(st, 5, id);
	crm_bind_text(st, 6, field);
	crm_bind_text(st, 7, old_value);
	crm_bind_text(st, 8, new_value);
	if (batch > 0)
		sqlite3_bind_int64(st, 9, batch);
	rc = sqlite3_step(st) == SQLITE_DONE ? CRM_OK :
	    crm_db_err(db, e, "audit");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int
crm_audit_batch_open(struct crm_db *db, const char *entity,
    const char *source, sqlite3_int64 *batch, struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = crm_db_prepare(db, "INSERT INTO batches(time, actor, entity,"
	    " source) VALUES (?, ?, ?, ?)", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, entity, -1, SQLITE_STATIC);
	crm_bind_text(st, 4, source);
	rc = sqlite3_step(st) == SQLITE_DONE ? CRM_OK :
	    crm_db_err(db, e, "batch");
	sqlite3_finalize(st);
	*batch = sqlite3_last_insert_rowid(db->sql);
	return rc;
}

int
crm_audit_batch_close(struct crm_db *db, sqlite3_int64 batch,
    const char *action, const struct crm_import_stats *s, struct crm_err *e)
{
	sqlite3_stmt *st;
	char summary[160];
	const char *entity = NULL, *source = NULL;
	int rc;

	if ((rc = crm_db_prepare(db, "UPDATE batches SET rows = ?, added = ?,"
	    " updated = ?, rejected = ? WHERE id = ?"
	    " RETURNING entity, source", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, s->added + s->updated + s->unchanged +
	    s->rejected);
	sqlite3_bind_int64(st, 2, s->added);
	sqlite3_bind_int64(st, 3, s->updated);
	sqlite3_bind_int64(st, 4, s->rejected);
	sqlite3_bind_int64(st, 5, batch);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = crm_db_err(db, e, "batch");
		sqlite3_finalize(st);
		return rc;
	}
	entity = (const char *)sqlite3_column_text(st, 0);
	source = (const char *)sqlite3_column_text(st, 1);
	snprintf(summary, sizeof(summary), "%ld added, %ld updated, "
	    "%ld unchanged, %ld rejected", s->added, s->updated, s->unchanged,
	    s->rejected);
	rc = crm_audit(db, action, entity, 0, "source", NULL, source, batch, e);
	if (rc == CRM_OK)
		rc = crm_audit(db, action, entity, 0, "rows", NULL, summary,
		    batch, e);
	/* RETURNING rows are only complete once the statement has run. */
	while (sqlite3_step(st) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
	return rc;
}
