/*
 * access.c - who may do what.  The role of the acting user (admin,
 * supervisor, operator, manager), the division of labour over clients'
 * personal data (policy.labour) and what managers see
 * (policy.visibility) decide every read and write the library does; the
 * binaries only report the denial.  A denial is CRM_EPERM with one line
 * that names the rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

static const char *const role_names[] = {
	[CRM_ROLE_MANAGER] = "manager",
	[CRM_ROLE_OPERATOR] = "operator",
	[CRM_ROLE_SUPERVISOR] = "supervisor",
	[CRM_ROLE_ADMIN] = "admin",
};

/* The personal data of a contact; custom fields per fields.personal. */
static const char *const personal_fields[] = {
	"first_name", "last_name", "phone", "email", "address", "consent",
	"consent_at", "consent_source", NULL,
};

int
crm_access_load(struct crm_db *db, struct crm_err *e)
{
	sqlite3_stmt *st;
	const char *role;
	int rc, step, i;

	if ((rc = crm_db_prepare(db, "SELECT role, active FROM users"
	    " WHERE login = ?", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, db->actor, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		role = (const char *)sqlite3_column_text(st, 0);
		db->role = CRM_ROLE_MANAGER;
		for (i = CRM_ROLE_MANAGER; i <= CRM_ROLE_ADMIN; i++)
			if (role != NULL && strcmp(role, role_names[i]) == 0)
				db->role = i;
		if (sqlite3_column_int(st, 1) == 0)
			rc = crm_err_set(e, CRM_EPERM, "user %s is deactivated",
			    db->actor);
	} else if (step == SQLITE_DONE) {
		/*
		 * On a shared install only the admin's users get in;
		 * elsewhere the file's permissions already say who may
		 * open it, and a newcomer joins as a manager at its first
		 * write.
		 */
		db->role = CRM_ROLE_MANAGER;
		if (crm_privileged())
			rc = crm_err_set(e, CRM_EPERM, "%s is not a user of this "
			    "base; an admin adds users with crm-user add",
			    db->actor);
	} else
		rc = crm_db_err(db, e, "users");
	sqlite3_finalize(st);
	return rc;
}

/* Read the two policies once, when a check first needs them. */
static int
load_policy(struct crm_db *db, struct crm_err *e)
{
	char *v;
	int rc;

	if (db->policy_loaded)
		return CRM_OK;
	if ((rc = crm_setting_get(db, "policy.labour", &v, e)) != CRM_OK)
		return rc;
	db->labour_operator = v != NULL && strcmp(v, "operator") == 0;
	free(v);
	if ((rc = crm_setting_get(db, "policy.visibility", &v, e)) != CRM_OK)
		return rc;
	db->visibility_own = v != NULL && strcmp(v, "own") == 0;
	free(v);
	if ((rc = crm_setting_get(db, "fields.personal", &db->personal, e)) !=
	    CRM_OK)
		return rc;
	db->policy_loaded = 1;
	return CRM_OK;
}

/* "admins", "supervisors and admins", ...: the roles of mask, for people. */
static void
allowed_text(unsigned mask, char *buf, size_t bufsz)
{
	static const char *const plural[] = {
		[CRM_ROLE_MANAGER] = "managers",
		[CRM_ROLE_OPERATOR] = "operators",
		[CRM_ROLE_SUPERVISOR] = "supervisors",
		[CRM_ROLE_ADMIN] = "admins",
	};
	int r, n = 0, total = 0;
	size_t len = 0;

	for (r = CRM_ROLE_MANAGER; r <= CRM_ROLE_ADMIN; r++)
		total += (mask & CRM_ROLE_BIT(r)) != 0;
	buf[0] = '\0';
	for (r = CRM_ROLE_MANAGER; r <= CRM_ROLE_ADMIN; r++) {
		if (!(mask & CRM_ROLE_BIT(r)))
			continue;
		n++;
		len += (size_t)snprintf(buf + len, len < bufsz ? bufsz - len : 0,
		    "%s%s", n == 1 ? "" : n == total ? " and " : ", ",
		    plural[r]);
	}
}

int
crm_access_need(struct crm_db *db, unsigned mask, const char *what,
    struct crm_err *e)
{
	char who[64];

	if (mask & CRM_ROLE_BIT(db->role))
		return CRM_OK;
	allowed_text(mask, who, sizeof(who));
	return crm_err_set(e, CRM_EPERM, "%s is for %s (%s is %s %s)", what,
	    who, db->actor, db->role == CRM_ROLE_ADMIN ||
	    db->role == CRM_ROLE_OPERATOR ? "an" : "a",
	    role_names[db->role]);
}

int
crm_access_for(struct crm_db *db, const char *login, struct crm_err *e)
{
	if (login == NULL || strcmp(login, db->actor) == 0 ||
	    db->role != CRM_ROLE_MANAGER)
		return CRM_OK;
	return crm_err_set(e, CRM_EPERM, "acting for %s: only operators, "
	    "supervisors and admins act for others", login);
}

int
crm_access_record(struct crm_db *db, const char *entity, int64_t id,
    const char *owner, struct crm_err *e)
{
	int client = strcmp(entity, "contact") == 0 ||
	    strcmp(entity, "company") == 0;

	switch (db->role) {
	case CRM_ROLE_ADMIN:
	case CRM_ROLE_OPERATOR:
		return CRM_OK;
	case CRM_ROLE_SUPERVISOR:
		return crm_err_set(e, CRM_EPERM, "%s %lld: supervisors read and "
		    "reassign; the %s and operators change the rest", entity,
		    (long long)id, client ? "owner" : "manager");
	default:
		if (owner != NULL && strcmp(owner, db->actor) == 0)
			return CRM_OK;
		return crm_err_set(e, CRM_EPERM, "%s %lld: belongs to %s; "
		    "managers change their own %s", entity, (long long)id,
		    owner != NULL ? owner : "nobody", client ? "clients" :
		    "events");
	}
}

/* 1 when a contact's field (custom ones as "custom.NAME") is personal. */
static int
personal(struct crm_db *db, const char *field)
{
	const char *p;
	size_t n;
	int i;

	for (i = 0; personal_fields[i] != NULL; i++)
		if (strcmp(field, personal_fields[i]) == 0)
			return 1;
	if (strncmp(field, "custom.", 7) != 0)
		return 0;
	field += 7;
	if (load_policy(db, NULL) != CRM_OK || db->personal == NULL ||
	    strcmp(db->personal, "*") == 0)
		return 1;	/* when in doubt, it is personal */
	n = strlen(field);
	for (p = db->personal; *p != '\0'; p += strcspn(p, ",") +
	    (p[strcspn(p, ",")] == ','))
		if (strcspn(p, ",") == n && strncmp(p, field, n) == 0)
			return 1;
	return 0;
}

int
crm_access_field(struct crm_db *db, const char *entity, int64_t id,
    const char *owner, const char *field, int owner_field,
    struct crm_err *e)
{
	int rc;

	if (owner_field) {
		/* Reassigning: a supervisor's job; an operator's for events. */
		if (db->role == CRM_ROLE_ADMIN || db->role ==
		    CRM_ROLE_SUPERVISOR || (db->role == CRM_ROLE_OPERATOR &&
		    strcmp(entity, "contact") != 0 &&
		    strcmp(entity, "company") != 0))
			return CRM_OK;
		return crm_err_set(e, CRM_EPERM, "%s %lld: %s: reassigning is for "
		    "supervisors and admins", entity, (long long)id, field);
	}
	if ((rc = crm_access_record(db, entity, id, owner, e)) != CRM_OK)
		return rc;
	if (db->role != CRM_ROLE_MANAGER || strcmp(entity, "contact") != 0 ||
	    !personal(db, field))
		return CRM_OK;
	if ((rc = load_policy(db, e)) != CRM_OK)
		return rc;
	if (!db->labour_operator)
		return CRM_OK;
	return crm_err_set(e, CRM_EPERM, "%s %lld: %s is personal data; "
	    "operators change it (policy: operator)", entity, (long long)id,
	    field);
}

int
crm_access_insert(struct crm_db *db, const char *entity, const char *owner,
    struct crm_err *e)
{
	if (db->role != CRM_ROLE_MANAGER || owner == NULL ||
	    strcmp(owner, db->actor) == 0)
		return CRM_OK;
	return crm_err_set(e, CRM_EPERM, "owner %s: only operators, "
	    "supervisors and admins add a %s for others", owner, entity);
}

const char *
crm_access_visible(struct crm_db *db)
{
	if (db->role != CRM_ROLE_MANAGER)
		return NULL;
	/* A policy that cannot be read hides the others' records. */
	if (load_policy(db, NULL) != CRM_OK)
		return db->actor;
	return db->visibility_own ? db->actor : NULL;
}

const char *
crm_access_export_owner(struct crm_db *db)
{
	return db->role == CRM_ROLE_MANAGER ? db->actor : NULL;
}

int
crm_access_export_start(struct crm_db *db, const char *entity,
    const char *format, const char *filter, int64_t *audit,
    struct crm_err *e)
{
	struct crm_err we = { 0 };
	int rc, own_txn = !db->in_txn;

	*audit = 0;
	if (db->readonly)
		return crm_err_set(e, CRM_EPERM, "%s is read-only: an export "
		    "is audited, and its audit row cannot be written; nothing "
		    "exported", db->path);
	if (own_txn && (rc = crm_db_begin(db, &we)) != CRM_OK)
		goto refused;
	rc = crm_audit(db, "export", entity, 0, format, filter, NULL, 0, &we);
	*audit = sqlite3_last_insert_rowid(db->sql);
	if (own_txn) {
		if (rc == CRM_OK)
			rc = crm_db_commit(db, &we);
		else
			crm_db_rollback(db);
	}
	if (rc == CRM_OK)
		return CRM_OK;
refused:
	*audit = 0;
	return crm_err_set(e, rc, "the export's audit row cannot be written "
	    "(%s); nothing exported", we.msg);
}

int
crm_access_export_end(struct crm_db *db, int64_t audit, long rows,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc, own_txn = !db->in_txn;

	if (audit <= 0)
		return CRM_OK;
	if (own_txn && (rc = crm_db_begin(db, e)) != CRM_OK)
		return rc;
	if ((rc = crm_db_prepare(db, "UPDATE audit SET new = ? WHERE id = ?",
	    &st, e)) == CRM_OK) {
		sqlite3_bind_int64(st, 1, rows);
		sqlite3_bind_int64(st, 2, audit);
		rc = crm_db_step_done(db, st, "audit", e);
	}
	if (own_txn) {
		if (rc == CRM_OK)
			rc = crm_db_commit(db, e);
		else
			crm_db_rollback(db);
	}
	return rc;
}
