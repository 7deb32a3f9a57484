/*
 * export.c - records out with every field, ids, owners and timestamps
 * included, so that an export is also a backup crm-add can read back
 * (and, for activities, a sheet crm-edit takes back edited).
 */
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

#define MAX_COLS 32

/*
 * At most this many companies are read into memory to name the contacts'
 * companies; a larger base names them with a lookup per row.
 */
#define MAX_NAMED 200000

/* The companies' names by id, read once: a lookup per row costs more. */
struct names {
	int64_t *id;
	char **name;
	size_t n;
};

static void
names_free(struct names *nm)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		free(nm->name[i]);
	free(nm->id);
	free(nm->name);
	memset(nm, 0, sizeof(*nm));
}

/* Read every company's id and name, in id order; 0 companies when too many. */
static int
names_load(struct crm_db *db, struct names *nm, struct crm_err *e)
{
	sqlite3_stmt *st;
	long total = 0;
	int rc, step;

	memset(nm, 0, sizeof(*nm));
	if ((rc = crm_db_count(db, "SELECT count(*) FROM companies", NULL,
	    &total, e)) != CRM_OK || total > MAX_NAMED || total == 0)
		return rc;
	nm->id = malloc((size_t)total * sizeof(*nm->id));
	nm->name = malloc((size_t)total * sizeof(*nm->name));
	if (nm->id == NULL || nm->name == NULL) {
		names_free(nm);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	if ((rc = crm_db_prepare(db, "SELECT id, name FROM companies"
	    " ORDER BY id", &st, e)) != CRM_OK) {
		names_free(nm);
		return rc;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW && nm->n < (size_t)total) {
		nm->id[nm->n] = sqlite3_column_int64(st, 0);
		if ((nm->name[nm->n] = strdup((const char *)
		    sqlite3_column_text(st, 1))) == NULL)
			break;
		nm->n++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		names_free(nm);
		return crm_err_set(e, CRM_EDB, "out of memory or database "
		    "error reading companies");
	}
	return CRM_OK;
}

/* The name of company id, or NULL. */
static const char *
names_find(const struct names *nm, int64_t id)
{
	size_t lo = 0, hi = nm->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (nm->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nm->n && nm->id[lo] == id ? nm->name[lo] : NULL;
}

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

static int export_rows(struct crm_db *, const struct crm_entity *,
    const struct crm_export_filter *, struct crm_writer *, long *,
    struct crm_err *);

/* The filter of f as options, for the audit trail. */
static void
describe(const struct crm_export_filter *f, char *buf, size_t bufsz)
{
	size_t len = 0;

	buf[0] = '\0';
#define PUT(name, v) if ((v) != NULL) len += (size_t)snprintf(buf + len, \
	len < bufsz ? bufsz - len : 0, "%s%s=%s", len ? " " : "", name, v)
	PUT("owner", f->owner);
	PUT("tag", f->tag);
	PUT("company", f->company);
	PUT("since", f->since);
#undef PUT
	if (!f->include_archived && len < bufsz)
		snprintf(buf + len, bufsz - len, "%s--active", len ? " " : "");
}

/* A filter that names what ent has no field for is a usage error. */
static int
check_filter(const struct crm_entity *ent, const struct crm_export_filter *f,
    struct crm_err *e)
{
	if (f->tag != NULL && crm_entity_field(ent, "tags") < 0)
		return crm_err_set(e, CRM_EUSAGE, "%s have no tags",
		    ent->plural);
	if (f->company != NULL && ent->added_by != NULL)
		return crm_err_set(e, CRM_EUSAGE, "%s have no company name "
		    "to filter on", ent->plural);
	if (f->owner != NULL && crm_entity_owner_field(ent) < 0)
		return crm_err_set(e, CRM_EUSAGE, "%s have no owner",
		    ent->plural);
	return CRM_OK;
}

int
crm_export(struct crm_db *db, const struct crm_entity *ent,
    const struct crm_export_filter *f, struct crm_writer *w, long *count,
    struct crm_err *e)
{
	struct crm_export_filter own = *f;
	struct crm_err le = { 0 };
	char filter[512];
	int64_t audit;
	long n = 0;
	int rc;

	/*
	 * Records leave the base with their personal data: a manager's
	 * export holds their own only (another's, asked for by name, is
	 * none), and every export is audited before its first byte: an
	 * export that cannot be audited does not happen.
	 */
	const char *mine = crm_access_export_owner(db);

	if (count != NULL)
		*count = 0;
	if ((rc = check_filter(ent, f, e)) != CRM_OK)
		return rc;
	describe(f, filter, sizeof(filter));
	if ((rc = crm_access_export_start(db, ent->name,
	    crm_format_name(crm_writer_format(w)), filter[0] ? filter : NULL,
	    &audit, e)) != CRM_OK)
		return rc;
	if (crm_writer_header(w) != CRM_OK)
		rc = crm_err_set(e, CRM_EDB, "%s", crm_writer_error(w));
	else if (mine == NULL || f->owner == NULL ||
	    strcmp(f->owner, mine) == 0) {
		if (mine != NULL && crm_entity_owner_field(ent) >= 0)
			own.owner = mine;
		/* One snapshot: the companies named and the rows agree. */
		if ((rc = crm_db_read_begin(db, e)) == CRM_OK)
			rc = export_rows(db, ent, &own, w, &n, e);
		crm_db_read_end(db);
	}
	if (count != NULL)
		*count = n;
	if (crm_access_export_end(db, audit, crm_writer_written(w), &le) !=
	    CRM_OK && rc == CRM_OK)
		rc = crm_err_set(e, le.code, "%s", le.msg);
	return rc;
}

/* crm_export's rows, whoever asks. */
static int
export_rows(struct crm_db *db, const struct crm_entity *ent,
    const struct crm_export_filter *f, struct crm_writer *w, long *count,
    struct crm_err *e)
{
	const char *rowbuf[MAX_COLS], **row = rowbuf;
	struct names nm = { 0 };
	struct crm_buf tail = { 0 }, from = { 0 };
	sqlite3_stmt *st, *cst = NULL;
	char *sql = NULL, **custom = NULL;
	const struct crm_col *wcols;
	size_t wn, k;
	long n = 0;
	int rc, step, i, fc = -1, ncols = (int)ent->nfields;

	if (count != NULL)
		*count = 0;
	if (ncols > MAX_COLS)
		return crm_err_set(e, CRM_EDB, "too many fields");
	/* A writer with custom.NAME columns after the fields wants them. */
	wcols = crm_writer_cols(w, &wn);
	if (wn > (size_t)ncols && ((row = calloc(wn, sizeof(*row))) == NULL ||
	    (custom = calloc(wn - (size_t)ncols, sizeof(*custom))) == NULL)) {
		free(row == rowbuf ? NULL : row);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	for (i = 0; i < ncols; i++)
		if (ent->fields[i].type == CRM_FT_COMPANY)
			fc = i;
	if (fc >= 0 && (rc = names_load(db, &nm, e)) != CRM_OK)
		return rc;
	if (nm.n == 0)
		fc = -1;
	/* An activity's references go out as the actor may see them. */
	if (ent->added_by != NULL)
		rc = activity_tail(ent, &tail) != CRM_OK ||
		    crm_access_source(db, ent, &from) != CRM_OK ||
		    crm_entity_select_sql_from(ent, from.p, tail.p, 0, &sql) !=
		    CRM_OK;
	else
		rc = crm_entity_select_sql_as(ent, ent->key == NULL ?
		    contact_tail : company_tail, fc >= 0, &sql) != CRM_OK;
	crm_buf_free(&tail);
	crm_buf_free(&from);
	if (rc) {
		rc = crm_err_set(e, CRM_EDB, "out of memory");
		goto out;
	}
	rc = crm_db_prepare(db, sql, &st, e);
	free(sql);
	if (rc != CRM_OK)
		goto out;
	crm_bind_text(st, 1, f->owner);
	crm_bind_text(st, 2, f->tag);
	crm_bind_text(st, 3, f->company);
	crm_bind_text(st, 4, f->since);
	sqlite3_bind_int(st, 5, f->include_archived);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++)
			row[i] = (const char *)sqlite3_column_text(st, i);
		if (fc >= 0)
			row[fc] = sqlite3_column_type(st, fc) == SQLITE_NULL ?
			    NULL : names_find(&nm, sqlite3_column_int64(st, fc));
		if (custom != NULL && (rc = crm_custom_row(db, &cst,
		    sqlite3_column_int64(st, 0), wcols, (size_t)ncols, wn, row,
		    custom, e)) != CRM_OK)
			break;
		if (crm_writer_row(w, row) != CRM_OK) {
			rc = crm_err_set(e, crm_writer_status(w), "%s",
			    crm_writer_error(w));
			break;
		}
		n++;
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "export");
	sqlite3_finalize(st);
out:
	sqlite3_finalize(cst);
	names_free(&nm);
	for (k = 0; custom != NULL && k < wn - (size_t)ncols; k++)
		free(custom[k]);
	free(custom);
	if (row != rowbuf)
		free(row);
	if (count != NULL)
		*count = n;
	return rc;
}
