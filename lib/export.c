/*
 * export.c - records out with every field, ids, owners and timestamps
 * included, so that an export is also a backup crm-add can read back
 * (and, for activities, a sheet crm-edit takes back edited).
 */
#include <stdlib.h>

#include "crm-internal.h"

#define MAX_COLS 32

/*
 * One statement per entity; the filters are bound parameters that match
 * everything when NULL, so no SQL is ever built from input.
 */
static const char contact_tail[] =
    "WHERE (?1 IS NULL OR t.owner = ?1)"
    " AND (?2 IS NULL OR instr(',' || lower(t.tags) || ',',"
    "  ',' || lower(?2) || ',') > 0)"
    " AND (?3 IS NULL OR t.company_id IN"
    "  (SELECT id FROM companies WHERE name = ?3 COLLATE NOCASE))"
    " AND (?4 IS NULL OR t.updated_at >= ?4)"
    " AND (?5 OR t.archived_at IS NULL)"
    " ORDER BY t.id";

static const char company_tail[] =
    "WHERE (?1 IS NULL OR t.owner = ?1)"
    " AND (?2 IS NULL OR instr(',' || lower(t.tags) || ',',"
    "  ',' || lower(?2) || ',') > 0)"
    " AND (?3 IS NULL OR t.name = ?3 COLLATE NOCASE)"
    " AND (?4 IS NULL OR t.updated_at >= ?4)"
    " AND (?5 OR t.archived_at IS NULL)"
    " ORDER BY t.id";

/*
 * An activity's: ?1 whose it is (its manager or assignee), ?4 changed
 * since, ?5 archived too.  The column is the field table's.
 */
static int
activity_tail(const struct crm_entity *ent, struct crm_buf *b)
{
	int f = crm_entity_owner_field(ent), rc;

	rc = crm_buf_adds(b, "WHERE (?1 IS NULL OR t.");
	rc |= crm_buf_adds(b, f >= 0 ? ent->fields[f].name : "id");
	rc |= crm_buf_adds(b, " = ?1) AND (?4 IS NULL OR t.updated_at >= ?4)"
	    " AND (?5 OR t.archived_at IS NULL) ORDER BY t.id");
	return rc;
}

int
crm_export(struct crm_db *db, const struct crm_entity *ent,
    const struct crm_export_filter *f, struct crm_writer *w, long *count,
    struct crm_err *e)
{
	const char *row[MAX_COLS];
	struct crm_buf tail = { 0 };
	sqlite3_stmt *st;
	char *sql = NULL;
	long n = 0;
	int rc, i, ncols = (int)ent->nfields;

	if (count != NULL)
		*count = 0;
	if (ncols > MAX_COLS)
		return crm_err_set(e, CRM_EDB, "too many fields");
	if (f->tag != NULL && crm_entity_field(ent, "tags") < 0)
		return crm_err_set(e, CRM_EUSAGE, "%s have no tags",
		    ent->plural);
	if (f->company != NULL && ent->added_by != NULL)
		return crm_err_set(e, CRM_EUSAGE, "%s have no company name "
		    "to filter on", ent->plural);
	if (f->owner != NULL && crm_entity_owner_field(ent) < 0)
		return crm_err_set(e, CRM_EUSAGE, "%s have no owner",
		    ent->plural);
	if (ent->added_by != NULL)
		rc = activity_tail(ent, &tail) != CRM_OK ||
		    crm_entity_select_sql(ent, tail.p, &sql) != CRM_OK;
	else
		rc = crm_entity_select_sql(ent, ent->key == NULL ?
		    contact_tail : company_tail, &sql) != CRM_OK;
	crm_buf_free(&tail);
	if (rc)
		return crm_err_set(e, CRM_EDB, "out of memory");
	rc = crm_db_prepare(db, sql, &st, e);
	free(sql);
	if (rc != CRM_OK)
		return rc;
	crm_bind_text(st, 1, f->owner);
	crm_bind_text(st, 2, f->tag);
	crm_bind_text(st, 3, f->company);
	crm_bind_text(st, 4, f->since);
	sqlite3_bind_int(st, 5, f->include_archived);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++)
			row[i] = (const char *)sqlite3_column_text(st, i);
		if (crm_writer_row(w, row) != CRM_OK) {
			sqlite3_finalize(st);
			return crm_err_set(e, CRM_EDB, "write error");
		}
		n++;
	}
	rc = rc == SQLITE_DONE ? CRM_OK : crm_db_err(db, e, "export");
	sqlite3_finalize(st);
	if (count != NULL)
		*count = n;
	return rc;
}
