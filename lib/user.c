/*
 * user.c - the people who use the base, and their roles.  Storing roles is
 * this file's job; enforcing them belongs to the permission checks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm-internal.h"

const char *const crm_roles[] = {
	"admin", "supervisor", "manager", "operator", NULL,
};

const struct crm_col crm_user_cols[] = {
	{ "id", 1 }, { "login", 0 }, { "name", 0 }, { "email", 0 },
	{ "role", 0 }, { "extension", 0 }, { "active", 0 },
	{ "created_at", 0 }, { "created_by", 0 }, { "updated_at", 0 },
	{ "updated_by", 0 },
};
const size_t crm_user_ncols = sizeof(crm_user_cols) /
    sizeof(crm_user_cols[0]);

/* The fields crm_user_add and crm_user_set take, in the table's order. */
static const char *const user_fields[] = {
	"name", "email", "role", "extension", "active", NULL,
};

int
crm_login_valid(const char *login)
{
	size_t i, n = strlen(login);

	if (n == 0 || n > 32)
		return 0;
	for (i = 0; i < n; i++) {
		char c = login[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z') || c == '_' ||
		    (i > 0 && (c == '.' || c == '-')))
			continue;
		return 0;
	}
	return 1;
}

/*
 * Check and normalise one field=value into out (NULL: store NULL).
 * Returns the column index in user_fields, or -1 with e filled: a name
 * or value that is not well-formed is CRM_EUSAGE (a bulk reader rejects
 * its row).
 */
static int
user_value(const char *name, const char *value, char *out, size_t outsz,
    int *isnull, struct crm_err *e)
{
	int f, i;

	for (f = 0; user_fields[f] != NULL; f++)
		if (strcmp(user_fields[f], name) == 0)
			break;
	if (user_fields[f] == NULL) {
		crm_err_set(e, CRM_EUSAGE, "unknown user field \"%s\" (fields: "
		    "name, email, role, extension, active)", name);
		return -1;
	}
	*isnull = *value == '\0';
	if (strlen(value) >= outsz) {
		crm_err_set(e, CRM_EUSAGE, "%s is too long", name);
		return -1;
	}
	strcpy(out, value);
	crm_trim(out);
	if (*out == '\0') {
		*isnull = 1;
		if (f == 2 || f == 4) {
			crm_err_set(e, CRM_EUSAGE, "%s cannot be empty", name);
			return -1;
		}
		return f;
	}
	switch (f) {
	case 1:
		if (crm_email_normalize(value, out, outsz, e) != CRM_OK) {
			if (e != NULL && e->code == CRM_EINPUT)
				e->code = CRM_EUSAGE;
			return -1;
		}
		break;
	case 2:
		for (i = 0; crm_roles[i] != NULL; i++)
			if (strcasecmp(out, crm_roles[i]) == 0)
				break;
		if (crm_roles[i] == NULL) {
			crm_err_set(e, CRM_EUSAGE, "role \"%s\" is not one of "
			    "admin, supervisor, manager, operator", out);
			return -1;
		}
		strcpy(out, crm_roles[i]);
		break;
	case 3:
		if (strspn(out, "0123456789") != strlen(out) ||
		    strlen(out) > 15) {
			crm_err_set(e, CRM_EUSAGE, "extension \"%s\" is not a "
			    "phone extension (digits)", out);
			return -1;
		}
		break;
	case 4:
		if (strcasecmp(out, "yes") == 0 || strcmp(out, "1") == 0 ||
		    strcasecmp(out, "true") == 0)
			strcpy(out, "1");
		else if (strcasecmp(out, "no") == 0 || strcmp(out, "0") == 0 ||
		    strcasecmp(out, "false") == 0)
			strcpy(out, "0");
		else {
			crm_err_set(e, CRM_EUSAGE, "active \"%s\" is not yes or "
			    "no", out);
			return -1;
		}
		break;
	}
	return f;
}

/* Read one column of user login into a malloc'd *value (NULL if null). */
static int
user_get(struct crm_db *db, const char *login, int f, sqlite3_int64 *id,
    char **value, struct crm_err *e)
{
	static const char *const sql[] = {
		"SELECT id, name FROM users WHERE login = ?",
		"SELECT id, email FROM users WHERE login = ?",
		"SELECT id, role FROM users WHERE login = ?",
		"SELECT id, extension FROM users WHERE login = ?",
		"SELECT id, active FROM users WHERE login = ?",
	};
	sqlite3_stmt *st;
	int rc;

	*value = NULL;
	if ((rc = crm_db_prepare(db, sql[f], &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 1);

		*id = sqlite3_column_int64(st, 0);
		if (v != NULL)
			*value = strdup(v);
		rc = CRM_OK;
	} else if (rc == SQLITE_DONE)
		rc = crm_err_set(e, CRM_ENOTFOUND, "no user \"%s\"", login);
	else
		rc = crm_db_err(db, e, "users");
	sqlite3_finalize(st);
	return rc;
}

/* An extension rings one manager's phone: no two users share one. */
static int
extension_free(struct crm_db *db, const char *login, const char *ext,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = crm_db_prepare(db, "SELECT login FROM users WHERE"
	    " extension = ? AND login <> ?", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, ext, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = crm_err_set(e, CRM_EINPUT, "extension %s already belongs "
		    "to %s", ext, sqlite3_column_text(st, 0));
	else
		rc = rc == SQLITE_DONE ? CRM_OK : crm_db_err(db, e, "users");
	sqlite3_finalize(st);
	return rc;
}

/* Set column f of user login to value (NULL clears it), audited as action. */
static int
user_update(struct crm_db *db, const char *login, int f, const char *value,
    const char *action, struct crm_err *e)
{
	static const char *const sql[] = {
		"UPDATE users SET name = ?1, updated_at = ?2, updated_by = ?3"
		" WHERE login = ?4",
		"UPDATE users SET email = ?1, updated_at = ?2, updated_by = ?3"
		" WHERE login = ?4",
		"UPDATE users SET role = ?1, updated_at = ?2, updated_by = ?3"
		" WHERE login = ?4",
		"UPDATE users SET extension = ?1, updated_at = ?2,"
		" updated_by = ?3 WHERE login = ?4",
		"UPDATE users SET active = ?1, updated_at = ?2, updated_by = ?3"
		" WHERE login = ?4",
	};
	sqlite3_stmt *st;
	sqlite3_int64 id = 0;
	char *old = NULL;
	int rc;

	if ((rc = user_get(db, login, f, &id, &old, e)) != CRM_OK)
		return rc;
	if ((old == NULL && value == NULL) ||
	    (old != NULL && value != NULL && strcmp(old, value) == 0)) {
		free(old);
		return CRM_OK;
	}
	if ((rc = crm_db_prepare(db, sql[f], &st, e)) == CRM_OK) {
		crm_bind_text(st, 1, value);
		sqlite3_bind_text(st, 2, db->now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, db->actor, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, login, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? CRM_OK :
		    crm_db_err(db, e, "users");
		sqlite3_finalize(st);
	}
	if (rc == CRM_OK)
		rc = crm_audit(db, action, "user", id, user_fields[f], old,
		    value, 0, e);
	free(old);
	return rc;
}

/* Someone must still be able to manage users and settings. */
static int
admin_left(struct crm_db *db, struct crm_err *e)
{
	long n = 0;
	int rc;

	if ((rc = crm_db_count(db, "SELECT count(*) FROM users WHERE"
	    " role = 'admin' AND active = 1", NULL, &n, e)) != CRM_OK)
		return rc;
	if (n == 0)
		return crm_err_set(e, CRM_EINPUT, "the base would have no "
		    "active admin; make another user admin first");
	return CRM_OK;
}

/* Validate every pair first, so a bad one changes nothing. */
static int
check_pairs(const char *const *names, const char *const *values, size_t n,
    struct crm_err *e)
{
	char buf[320];
	size_t i;
	int isnull;

	for (i = 0; i < n; i++)
		if (user_value(names[i], values[i], buf, sizeof(buf), &isnull,
		    e) < 0)
			return e->code;
	return CRM_OK;
}

/* Set the fields of user login; a new user's are audited as its insert. */
static int
user_set(struct crm_db *db, const char *login, const char *const *names,
    const char *const *values, size_t n, const char *action,
    struct crm_err *e)
{
	char buf[320];
	size_t i;
	int rc, f, isnull;

	if ((rc = crm_access_need(db, CRM_ROLES_ADMIN, "managing users", e)) !=
	    CRM_OK || (rc = check_pairs(names, values, n, e)) != CRM_OK)
		return rc;
	/* Every check before the first write, so a refusal changes nothing. */
	for (i = 0; i < n; i++) {
		f = user_value(names[i], values[i], buf, sizeof(buf), &isnull,
		    e);
		if (f == 3 && !isnull &&
		    (rc = extension_free(db, login, buf, e)) != CRM_OK)
			return rc;
	}
	for (i = 0; i < n; i++) {
		f = user_value(names[i], values[i], buf, sizeof(buf), &isnull,
		    e);
		if ((rc = user_update(db, login, f, isnull ? NULL : buf, action,
		    e)) != CRM_OK)
			return rc;
	}
	if (n == 0) {
		sqlite3_int64 id;
		char *v;

		if ((rc = user_get(db, login, 0, &id, &v, e)) != CRM_OK)
			return rc;
		free(v);
	}
	return admin_left(db, e);
}

int
crm_user_set(struct crm_db *db, const char *login,
    const char *const *names, const char *const *values, size_t n,
    struct crm_err *e)
{
	return user_set(db, login, names, values, n, "update", e);
}

int
crm_user_may_manage(struct crm_db *db, struct crm_err *e)
{
	return crm_access_need(db, CRM_ROLES_ADMIN, "managing users", e);
}

int
crm_user_add(struct crm_db *db, const char *login,
    const char *const *names, const char *const *values, size_t n,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	sqlite3_int64 id;
	int rc;

	if ((rc = crm_access_need(db, CRM_ROLES_ADMIN, "managing users", e)) !=
	    CRM_OK)
		return rc;
	if (!crm_login_valid(login))
		return crm_err_set(e, CRM_EUSAGE, "\"%s\" is not a login name "
		    "(letters, digits, . _ -)", login);
	if ((rc = check_pairs(names, values, n, e)) != CRM_OK)
		return rc;
	if ((rc = crm_db_prepare(db, "INSERT INTO users(login, created_at,"
	    " created_by, updated_at, updated_by) VALUES (?1, ?2, ?3, ?2, ?3)"
	    " ON CONFLICT(login) DO NOTHING", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, db->actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? CRM_OK :
	    crm_db_err(db, e, "users");
	sqlite3_finalize(st);
	if (rc != CRM_OK)
		return rc;
	if (sqlite3_changes(db->sql) == 0)
		return crm_err_set(e, CRM_EINPUT, "user \"%s\" already exists "
		    "(crm-user set changes it)", login);
	id = sqlite3_last_insert_rowid(db->sql);
	if ((rc = crm_audit(db, "insert", "user", id, "login", NULL, login, 0,
	    e)) != CRM_OK)
		return rc;
	return user_set(db, login, names, values, n, "insert", e);
}

/* Columns of crm_user_list's output that are not fields to set. */
static const char *const user_stamps[] = {
	"id", "login", "created_at", "created_by", "updated_at", "updated_by",
	NULL,
};

static int
is_stamp(const char *name)
{
	int i;

	for (i = 0; user_stamps[i] != NULL; i++)
		if (strcmp(user_stamps[i], name) == 0)
			return 1;
	return 0;
}

int
crm_user_column_known(const char *name)
{
	int i;

	for (i = 0; user_fields[i] != NULL; i++)
		if (strcmp(user_fields[i], name) == 0)
			return 1;
	return is_stamp(name);
}

/* The stamps of a user, in the table's order: set by crm, not by input. */
static const char *const user_stamp_cols[] = {
	"created_at", "created_by", "updated_at", "updated_by",
};
#define NSTAMPS 4

/*
 * The stamps a row gives for user login (given[i] NULL: no such column).
 * A known user's must be what is stored; a restore (an admin's) writes
 * the non-empty ones instead, audited as "restore".  A new user's are
 * ignored unless restoring: it gets the acting admin and now.
 */
static int
stamps_given(struct crm_db *db, const char *login, const char *const *given,
    int restore, struct crm_err *e)
{
	sqlite3_stmt *st;
	char sql[96], v[NSTAMPS][320], *stored[NSTAMPS] = { NULL };
	sqlite3_int64 id = 0;
	int rc, i;

	if ((rc = crm_db_prepare(db, "SELECT id, created_at, created_by,"
	    " updated_at, updated_by FROM users WHERE login = ?", &st, e)) !=
	    CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		for (i = 0; i < NSTAMPS; i++)
			if ((stored[i] = strdup(sqlite3_column_type(st, i + 1) ==
			    SQLITE_NULL ? "" : (const char *)
			    sqlite3_column_text(st, i + 1))) == NULL)
				rc = crm_err_set(e, CRM_EDB, "out of memory");
	} else
		rc = crm_db_err(db, e, "users");
	sqlite3_finalize(st);
	for (i = 0; i < NSTAMPS && rc == CRM_OK; i++) {
		if (given[i] == NULL)
			continue;
		snprintf(v[i], sizeof(v[i]), "%s", given[i]);
		crm_trim(v[i]);
		if (strcmp(v[i], stored[i]) == 0 || (restore && *v[i] == '\0'))
			continue;
		if (!restore)
			rc = crm_err_set(e, CRM_EINPUT, "%s \"%.64s\" is not the "
			    "stored \"%s\": crm sets it when the user is %s",
			    user_stamp_cols[i], v[i], stored[i],
			    i < 2 ? "added" : "changed");
		else if (i % 2 == 0 ? !crm_time_iso_valid(v[i]) :
		    !crm_login_valid(v[i]))
			rc = crm_err_set(e, CRM_EINPUT, "%s \"%.64s\" is not %s",
			    user_stamp_cols[i], v[i], i % 2 == 0 ? "a timestamp "
			    "like 2026-11-27T10:00:00Z" : "a login name");
		else {
			/* The column is one of ours, never input. */
			snprintf(sql, sizeof(sql), "UPDATE users SET %s = ?"
			    " WHERE id = ?", user_stamp_cols[i]);
			if ((rc = crm_db_prepare(db, sql, &st, e)) != CRM_OK)
				break;
			sqlite3_bind_text(st, 1, v[i], -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, id);
			if ((rc = crm_db_step_done(db, st, "users", e)) ==
			    CRM_OK)
				rc = crm_audit(db, "restore", "user", id,
				    user_stamp_cols[i], stored[i], v[i], 0, e);
		}
	}
	for (i = 0; i < NSTAMPS; i++)
		free(stored[i]);
	return rc;
}

/* Add or set login in one savepoint. */
static int
user_upsert(struct crm_db *db, const char *login,
    const char *const *names, const char *const *values, size_t n,
    const char *const *stamps, int restore, int *added, struct crm_err *e)
{
	sqlite3_int64 id;
	char *v = NULL;
	int rc;

	if ((rc = crm_db_exec(db, "SAVEPOINT user_upsert", e)) != CRM_OK)
		return rc;
	rc = user_get(db, login, 0, &id, &v, e);
	free(v);
	*added = rc == CRM_ENOTFOUND;
	/* A known user's stamps are checked before anything changes them. */
	if (rc == CRM_OK && !restore)
		rc = stamps_given(db, login, stamps, 0, e);
	if (rc == CRM_OK)
		rc = crm_user_set(db, login, names, values, n, e);
	else if (rc == CRM_ENOTFOUND)
		rc = crm_user_add(db, login, names, values, n, e);
	if (rc == CRM_OK && restore)
		rc = stamps_given(db, login, stamps, 1, e);
	if (rc != CRM_OK) {
		/* Keep e: the statements below would overwrite it on failure. */
		sqlite3_exec(db->sql, "ROLLBACK TO user_upsert; RELEASE user_upsert",
		    NULL, NULL, NULL);
		return rc;
	}
	return crm_db_exec(db, "RELEASE user_upsert", e);
}

int
crm_user_upsert(struct crm_db *db, const char *login,
    const char *const *names, const char *const *values, size_t n,
    int restore, int *added, struct crm_err *e)
{
	const char **fn = NULL, **fv = NULL, *stamps[NSTAMPS] = { NULL };
	size_t i, k = 0;
	int rc, j;

	fn = calloc(n + 1, sizeof(*fn));
	fv = calloc(n + 1, sizeof(*fv));
	if (fn == NULL || fv == NULL) {
		free(fn);
		free(fv);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < NSTAMPS; j++)
			if (strcmp(names[i], user_stamp_cols[j]) == 0)
				stamps[j] = values[i] ? values[i] : "";
		if (!is_stamp(names[i])) {
			fn[k] = names[i];
			fv[k++] = values[i];
		}
	}
	rc = user_upsert(db, login, fn, fv, k, stamps, restore, added, e);
	free(fn);
	free(fv);
	return rc;
}

int
crm_user_list(struct crm_db *db, struct crm_writer *w, struct crm_err *e)
{
	sqlite3_stmt *st;
	const char *row[11];
	int rc, i;

	if ((rc = crm_db_prepare(db, "SELECT id, login, name, email, role,"
	    " extension, CASE active WHEN 1 THEN 'yes' ELSE 'no' END,"
	    " created_at, created_by, updated_at, updated_by FROM users"
	    " ORDER BY login", &st, e)) != CRM_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 11; i++)
			row[i] = (const char *)sqlite3_column_text(st, i);
		if (crm_writer_row(w, row) != CRM_OK) {
			sqlite3_finalize(st);
			return crm_err_output(e, errno, 0);
		}
	}
	rc = rc == SQLITE_DONE ? CRM_OK : crm_db_err(db, e, "users");
	sqlite3_finalize(st);
	return rc;
}

int
crm_user_check_active(struct crm_db *db, const char *login,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = crm_db_prepare(db, "SELECT active FROM users WHERE login = ?",
	    &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW && sqlite3_column_int(st, 0) == 1)
		rc = CRM_OK;
	else if (step == SQLITE_ROW)
		rc = crm_err_set(e, CRM_EINPUT, "user \"%s\" is not active "
		    "(crm-user set %s active=yes)", login, login);
	else if (step == SQLITE_DONE)
		rc = crm_err_set(e, CRM_EINPUT, "no user \"%s\" (add it with: "
		    "crm-user add %s)", login, login);
	else
		rc = crm_db_err(db, e, "users");
	sqlite3_finalize(st);
	return rc;
}
