/*
 * reassign.c - a manager leaves: the clients and the open work move to
 * another user in one audited batch, and the departing user can no
 * longer use the base.  What was done stays as it was: calls, held
 * meetings, won and lost deals and done tasks keep their manager, and
 * every created_by keeps who typed it.
 */
#include <string.h>

#include "crm-internal.h"

/* What moves: the clients and the work still to do. */
static const struct {
	const char *entity, *field, *sql;
} moves[] = {
	{ "contact", "owner",
	  "UPDATE contacts SET owner = ?2, updated_at = ?3, updated_by = ?4"
	  " WHERE owner = ?1 RETURNING id" },
	{ "company", "owner",
	  "UPDATE companies SET owner = ?2, updated_at = ?3, updated_by = ?4"
	  " WHERE owner = ?1 RETURNING id" },
	{ "deal", "manager",
	  "UPDATE deals SET manager = ?2, updated_at = ?3, updated_by = ?4"
	  " WHERE manager = ?1 AND stage NOT IN ('won', 'lost')"
	  " AND archived_at IS NULL RETURNING id" },
	{ "meeting", "manager",
	  "UPDATE meetings SET manager = ?2, updated_at = ?3, updated_by = ?4"
	  " WHERE manager = ?1 AND status = 'planned'"
	  " AND archived_at IS NULL RETURNING id" },
	{ "task", "assignee",
	  "UPDATE tasks SET assignee = ?2, updated_at = ?3, updated_by = ?4"
	  " WHERE assignee = ?1 AND done_at IS NULL"
	  " AND archived_at IS NULL RETURNING id" },
};

/* Move one kind of record from login to to, auditing each in batch. */
static int
move(struct crm_db *db, int k, const char *login, const char *to,
    sqlite3_int64 batch, long *n, struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc = CRM_OK, step;

	*n = 0;
	if ((rc = crm_db_prepare(db, moves[k].sql, &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, db->actor, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = crm_audit(db, "reassign", moves[k].entity,
		    sqlite3_column_int64(st, 0), moves[k].field, login, to,
		    batch, e)) != CRM_OK)
			break;
		(*n)++;
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "reassign");
	sqlite3_finalize(st);
	return rc;
}

/* Whether user login is active; CRM_ENOTFOUND when there is none. */
static int
user_active(struct crm_db *db, const char *login, int *active,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = crm_db_prepare(db, "SELECT active FROM users"
	    " WHERE login = ?", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*active = sqlite3_column_int(st, 0);
		rc = CRM_OK;
	} else if (step == SQLITE_DONE)
		rc = crm_err_set(e, CRM_ENOTFOUND, "no user \"%s\"", login);
	else
		rc = crm_db_err(db, e, "users");
	sqlite3_finalize(st);
	return rc;
}

int
crm_user_deactivate(struct crm_db *db, const char *login, const char *to,
    struct crm_reassigned *r, struct crm_err *e)
{
	struct crm_import_stats stats = { 0 };
	const char *names[1] = { "active" }, *values[1] = { "no" };
	sqlite3_int64 batch = 0;
	char source[160];
	int rc, active;
	size_t k;

	memset(r, 0, sizeof(*r));
	if ((rc = crm_access_need(db, CRM_ROLES_ADMIN, "managing users", e)) !=
	    CRM_OK)
		return rc;
	if (strcmp(login, db->actor) == 0)
		return crm_err_set(e, CRM_EINPUT, "you cannot deactivate "
		    "yourself; another admin can");
	if ((rc = user_active(db, login, &active, e)) != CRM_OK)
		return rc;
	if (to != NULL) {
		if (strcmp(to, login) == 0)
			return crm_err_set(e, CRM_EUSAGE, "--reassign-to names "
			    "the user who leaves");
		if ((rc = user_active(db, to, &active, e)) != CRM_OK)
			return rc;
		if (!active)
			return crm_err_set(e, CRM_EINPUT, "user \"%s\" is not "
			    "active; reassign to an active user", to);
		snprintf(source, sizeof(source), "deactivate %s, reassign to %s",
		    login, to);
		if ((rc = crm_audit_batch_open(db, "user", source, &batch, e)) !=
		    CRM_OK)
			return rc;
		for (k = 0; k < sizeof(moves) / sizeof(moves[0]); k++)
			if ((rc = move(db, (int)k, login, to, batch, &r->n[k],
			    e)) != CRM_OK)
				return rc;
			else
				stats.updated += r->n[k];
	}
	if ((rc = crm_user_set(db, login, names, values, 1, e)) != CRM_OK)
		return rc;
	if (batch > 0)
		rc = crm_audit_batch_close(db, batch, "reassign", &stats, e);
	return rc;
}
