/*
 * access.c - who may do what.  The role of the acting user (admin,
 * supervisor, operator, manager), the division of labour over clients'
 * personal data (policy.labour) and what managers see
 * (policy.visibility) decide every read and write the library does; the
 * binaries only report the denial.  A denial is CRM_EPERM with one line
 * that names the rule.
 *
 * What the actor may see is one rule, crm_access_sees (crm_sees in
 * SQL), asked by every lookup of a record (crm_access_find) and every
 * list; what they may not see is not found, in the words used for what
 * does not exist, and where their own events name it, it is blank
 * (crm_access_source, crm_access_masks).
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

/* crm_sees(owner) in SQL: crm_access_sees for one row. */
static void
sql_sees(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(ctx, crm_access_sees(sqlite3_user_data(ctx),
	    (const char *)sqlite3_value_text(argv[0])));
}

int
crm_access_load(struct crm_db *db, struct crm_err *e)
{
	sqlite3_stmt *st;
	const char *role;
	int rc, step, i;

	/*
	 * The rule of what the actor sees, for the library's statements
	 * only: a view or trigger in the file cannot call it.
	 */
	if (sqlite3_create_function_v2(db->sql, "crm_sees", 1, SQLITE_UTF8 |
	    SQLITE_DIRECTONLY, db, sql_sees, NULL, NULL, NULL) != SQLITE_OK)
		return crm_db_err(db, e, "crm_sees");
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

	/* What the actor may not see is not there, in the same words. */
	if (!crm_access_sees(db, owner))
		return crm_err_set(e, CRM_ENOTFOUND, "no %s %lld", entity,
		    (long long)id);
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

int
crm_access_sees(struct crm_db *db, const char *owner)
{
	const char *mine = crm_access_visible(db);

	return mine == NULL || (owner != NULL && strcmp(owner, mine) == 0);
}

int
crm_access_find(struct crm_db *db, const struct crm_entity *ent, int64_t id,
    int *found, struct crm_err *e)
{
	sqlite3_stmt *st;
	char sql[128];
	int rc, step, f = crm_entity_owner_field(ent);

	*found = 0;
	/* The table and the column are the field table's, never input. */
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = ?",
	    f >= 0 ? ent->fields[f].name : "NULL", ent->table);
	if ((rc = crm_db_prepare(db, sql, &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*found = f < 0 || crm_access_sees(db,
		    (const char *)sqlite3_column_text(st, 0));
	else if (step != SQLITE_DONE)
		rc = crm_db_err(db, e, ent->table);
	sqlite3_finalize(st);
	return rc;
}

int
crm_access_check(struct crm_db *db, const struct crm_entity *ent,
    int64_t id, struct crm_err *e)
{
	int rc, found;

	if ((rc = crm_access_find(db, ent, id, &found, e)) != CRM_OK)
		return rc;
	return found ? CRM_OK : crm_err_set(e, CRM_ENOTFOUND, "no %s %lld",
	    ent->name, (long long)id);
}

/*
 * The entity a reference field f points to, and in *owner the column of
 * that entity's owner; NULL when f is no reference to an owned record.
 */
static const struct crm_entity *
ref_target(const struct crm_field *f, const char **owner)
{
	const struct crm_entity *to;
	int fo;

	if (f->type != CRM_FT_REF || (to = crm_entity_lookup(f->arg)) ==
	    NULL || (fo = crm_entity_owner_field(to)) < 0)
		return NULL;
	*owner = to->fields[fo].name;
	return to;
}

/* The reference field of ent to contacts, or -1. */
static int
contact_ref(const struct crm_entity *ent)
{
	size_t i;

	for (i = 0; i < ent->nfields; i++)
		if (ent->fields[i].type == CRM_FT_REF &&
		    strcmp(ent->fields[i].arg, "contacts") == 0)
			return (int)i;
	return -1;
}

/* Whether field f of ent's records may name what the actor may not see. */
static int
maskable(const struct crm_entity *ent, const struct crm_field *f)
{
	const char *owner;

	return ref_target(f, &owner) != NULL || (f->type == CRM_FT_NUMBER &&
	    contact_ref(ent) >= 0);
}

/*
 * Append "crm_sees((SELECT owner FROM table WHERE id = x.col))": whether
 * the record of to that column col of alias x names is one the actor
 * sees.
 */
static void
sees_ref(const struct crm_entity *to, const char *owner, const char *col,
    struct crm_buf *b, int *rc)
{
	*rc |= crm_buf_adds(b, "crm_sees((SELECT ");
	*rc |= crm_buf_adds(b, owner);
	*rc |= crm_buf_adds(b, " FROM ");
	*rc |= crm_buf_adds(b, to->table);
	*rc |= crm_buf_adds(b, " WHERE id = x.");
	*rc |= crm_buf_adds(b, col);
	*rc |= crm_buf_adds(b, "))");
}

int
crm_access_source(struct crm_db *db, const struct crm_entity *ent,
    struct crm_buf *b)
{
	const struct crm_entity *to, *contacts = crm_entity_lookup("contact");
	const char *owner;
	size_t i;
	int rc = CRM_OK, masks = 0, fc = contact_ref(ent);

	for (i = 0; i < ent->nfields; i++)
		masks |= maskable(ent, &ent->fields[i]);
	if (!masks || crm_access_visible(db) == NULL)
		return crm_buf_adds(b, ent->table);
	/* The columns are the field table's, never input. */
	rc |= crm_buf_adds(b, "(SELECT ");
	for (i = 0; i < ent->nfields; i++) {
		const struct crm_field *f = &ent->fields[i];
		int m = maskable(ent, f);

		rc |= crm_buf_adds(b, i > 0 ? ", " : "");
		if ((to = ref_target(f, &owner)) != NULL) {
			rc |= crm_buf_adds(b, "CASE WHEN ");
			sees_ref(to, owner, f->name, b, &rc);
		} else if (m) {
			/* A call's number is its contact's phone. */
			rc |= crm_buf_adds(b, "CASE WHEN x.");
			rc |= crm_buf_adds(b, ent->fields[fc].name);
			rc |= crm_buf_adds(b, " IS NULL OR ");
			sees_ref(contacts, "owner", ent->fields[fc].name, b, &rc);
		}
		rc |= crm_buf_adds(b, m ? " THEN x." : "x.");
		rc |= crm_buf_adds(b, f->name);
		rc |= crm_buf_adds(b, m ? " END AS " : " AS ");
		rc |= crm_buf_adds(b, f->name);
	}
	rc |= crm_buf_adds(b, " FROM ");
	rc |= crm_buf_adds(b, ent->table);
	rc |= crm_buf_adds(b, " AS x)");
	return rc ? CRM_EDB : CRM_OK;
}

int
crm_access_masks(struct crm_db *db, const struct crm_entity *ent, int f,
    const char *const *vals, int *masked, struct crm_err *e)
{
	const struct crm_entity *to;
	const char *owner, *v = vals[f];
	int64_t id;
	int rc, found;

	*masked = 0;
	if (v == NULL || *v == '\0' || crm_access_visible(db) == NULL ||
	    !maskable(ent, &ent->fields[f]))
		return CRM_OK;
	if ((to = ref_target(&ent->fields[f], &owner)) == NULL) {
		/* A number: blank when its contact is. */
		to = crm_entity_lookup("contact");
		v = vals[contact_ref(ent)];
	}
	if (v == NULL || (id = crm_positive(v)) == 0)
		return CRM_OK;
	if ((rc = crm_access_find(db, to, id, &found, e)) != CRM_OK)
		return rc;
	*masked = !found;
	return CRM_OK;
}

int
crm_access_masks_change(struct crm_db *db, const struct crm_entity *ent,
    int64_t id, const char *field, const char *v, int *masked,
    struct crm_err *e)
{
	const char *vals[64] = { NULL };
	sqlite3_stmt *st;
	char sql[128];
	int rc, f, fc;

	*masked = 0;
	if (crm_access_visible(db) == NULL || field == NULL ||
	    (f = crm_entity_field(ent, field)) < 0 || strcmp(field,
	    ent->fields[f].name) != 0 || ent->nfields > 64 ||
	    !maskable(ent, &ent->fields[f]))
		return CRM_OK;
	vals[f] = v;
	if (ent->fields[f].type != CRM_FT_NUMBER)
		return crm_access_masks(db, ent, f, vals, masked, e);
	/* A number goes with the contact the record has now. */
	fc = contact_ref(ent);
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = ?",
	    ent->fields[fc].name, ent->table);
	if ((rc = crm_db_prepare(db, sql, &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		vals[fc] = (const char *)sqlite3_column_text(st, 0);
	rc = crm_access_masks(db, ent, f, vals, masked, e);
	sqlite3_finalize(st);
	return rc;
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
