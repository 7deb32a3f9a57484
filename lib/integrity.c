/*
 * integrity.c - whether a base is sound: the schema crm made, a file
 * SQLite can read whole, references that lead somewhere, a search index
 * that matches the records, an admin left.  For crm-db check (cron), and
 * for a backup before it is restored.
 */
#include <stdio.h>
#include <string.h>

#include "crm-internal.h"

/* The problems of one kind that are told; the rest are counted. */
#define SHOWN 100

/* Problems as they are found, counted and cut to SHOWN per kind. */
struct tally {
	crm_problem_fn *fn;
	void *arg;
	const char *kind;	/* the kind being counted, or NULL */
	long shown, more, total;
};

/* Say how many problems of the kind being counted went untold. */
static void
tally_flush(struct tally *t)
{
	char detail[64];

	if (t->more > 0) {
		snprintf(detail, sizeof(detail), "%ld more", t->more);
		t->fn(t->arg, t->kind, detail);
	}
	t->kind = NULL;
	t->shown = t->more = 0;
}

/* A crm_problem_fn that counts, and tells the first SHOWN of a kind. */
static void
tally_add(void *arg, const char *kind, const char *detail)
{
	struct tally *t = arg;

	if (t->kind == NULL || strcmp(t->kind, kind) != 0) {
		tally_flush(t);
		t->kind = kind;
	}
	t->total++;
	if (t->shown < SHOWN) {
		t->shown++;
		t->fn(t->arg, kind, detail);
	} else
		t->more++;
}

/*
 * Each line of PRAGMA integrity_check that is not "ok" (a row may hold
 * several, under a heading that names the schema: left out).
 */
static int
file_check(sqlite3 *sql, struct tally *t, struct crm_err *e)
{
	sqlite3_stmt *st;
	const char *row;
	char line[512];
	size_t n;
	int rc = CRM_OK, step;

	if (sqlite3_prepare_v2(sql, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK)
		return crm_sqlite_err(sql, e, "integrity check");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((row = (const char *)sqlite3_column_text(st, 0)) == NULL ||
		    strcmp(row, "ok") == 0)
			continue;
		for (; *row != '\0'; row += n + (row[n] == '\n')) {
			n = strcspn(row, "\n");
			if (n == 0 || strncmp(row, "*** in database ", 16) == 0)
				continue;
			snprintf(line, sizeof(line), "%.*s", (int)n, row);
			tally_add(t, "integrity", line);
		}
	}
	if (step != SQLITE_DONE)
		rc = crm_sqlite_err(sql, e, "integrity check");
	sqlite3_finalize(st);
	return rc;
}

/*
 * Each reference that leads nowhere, named by its row and column (a row
 * of a table without rowid by its table alone).
 */
static int
foreign_keys(sqlite3 *sql, struct tally *t, struct crm_err *e)
{
	sqlite3_stmt *st;
	char detail[256];
	int rc = CRM_OK, step;

	if (sqlite3_prepare_v2(sql, "SELECT f.\"table\", f.\"rowid\","
	    " f.parent, k.\"from\" FROM pragma_foreign_key_check AS f"
	    " LEFT JOIN pragma_foreign_key_list(f.\"table\") AS k"
	    " ON k.id = f.fkid", -1, &st, NULL) != SQLITE_OK)
		return crm_sqlite_err(sql, e, "foreign key check");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(st, 0);
		const char *parent = (const char *)sqlite3_column_text(st, 2);
		const char *column = (const char *)sqlite3_column_text(st, 3);

		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			snprintf(detail, sizeof(detail), "%s: a row's %s names "
			    "no row of %s", table, column ? column : "reference",
			    parent);
		else
			snprintf(detail, sizeof(detail), "%s %lld: %s names no "
			    "row of %s", table,
			    (long long)sqlite3_column_int64(st, 1),
			    column ? column : "a reference", parent);
		tally_add(t, "foreign_key", detail);
	}
	if (step != SQLITE_DONE)
		rc = crm_sqlite_err(sql, e, "foreign key check");
	sqlite3_finalize(st);
	return rc;
}

/* Users and settings are an admin's: a base without one is stuck. */
static int
admin_left(sqlite3 *sql, struct tally *t, struct crm_err *e)
{
	sqlite3_stmt *st;
	int step;

	if (sqlite3_prepare_v2(sql, "SELECT 1 FROM users WHERE role = 'admin'"
	    " AND active = 1 LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return crm_sqlite_err(sql, e, "users");
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step == SQLITE_DONE)
		tally_add(t, "users", "no active admin: nobody can add users "
		    "or change settings");
	else if (step != SQLITE_ROW)
		return crm_sqlite_err(sql, e, "users");
	return CRM_OK;
}

/*
 * After a check returned rc: a file too damaged to read is what the
 * checks look for, one more problem, and they go on; any other failure
 * stops them.
 */
static int
damage(sqlite3 *sql, int rc, struct tally *t, struct crm_err *e)
{
	int code = sqlite3_errcode(sql);

	if (rc == CRM_OK || (code != SQLITE_CORRUPT && code != SQLITE_NOTADB))
		return rc;
	tally_add(t, "integrity", e != NULL ? e->msg : "the file is damaged");
	crm_err_clear(e);
	return CRM_OK;
}

int
crm_integrity_run(sqlite3 *sql, int version, crm_problem_fn *fn, void *arg,
    long *problems, struct crm_err *e)
{
	struct tally t = { fn, arg, NULL, 0, 0, 0 };
	int rc, foreign;

	*problems = 0;
	/* One snapshot for every check; writers go on meanwhile. */
	if (sqlite3_exec(sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return crm_sqlite_err(sql, e, "begin");
	rc = damage(sql, crm_schema_compare(sql, version, tally_add, &t, e),
	    &t, e);
	/*
	 * These read crm's tables by name: in a schema that is not crm's
	 * they may fail, which the schema's problems already say.
	 */
	if (rc == CRM_OK && version == CRM_SCHEMA_VERSION) {
		foreign = t.total > 0;
		rc = damage(sql, crm_schema_check_search(sql, tally_add, &t,
		    e), &t, e);
		if (rc == CRM_OK || foreign)
			rc = damage(sql, admin_left(sql, &t, e), &t, e);
		if (rc != CRM_OK && foreign) {
			crm_err_clear(e);
			rc = CRM_OK;
		}
	}
	if (rc == CRM_OK)
		rc = damage(sql, file_check(sql, &t, e), &t, e);
	if (rc == CRM_OK)
		rc = damage(sql, foreign_keys(sql, &t, e), &t, e);
	sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
	tally_flush(&t);
	*problems = t.total;
	return rc;
}

int
crm_integrity_check(struct crm_db *db, crm_problem_fn *fn, void *arg,
    long *problems, struct crm_err *e)
{
	return crm_integrity_run(db->sql, db->version, fn, arg, problems, e);
}
