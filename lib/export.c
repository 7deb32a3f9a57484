/*
 * export.c - records out with every field, ids, owners and timestamps
 * included, so that an export is also a backup crm-add can read back.
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

int
crm_export(struct crm_db *db, const struct crm_entity *ent,
    const struct crm_export_filter *f, struct crm_writer *w, long *count,
    struct crm_err *e)
{
	const char *row[MAX_COLS];
	sqlite3_stmt *st;
	char *sql;
	long n = 0;
	int rc, i, ncols = (int)ent->nfields;

	if (ncols > MAX_COLS)
		return crm_err_set(e, CRM_EDB, "too many fields");
	if (crm_entity_select_sql(ent, crm_entity_field(ent, "company") >= 0 ?
	    contact_tail : company_tail, &sql) != CRM_OK)
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
