/*
 * settings.c - the suite's settings: a fixed list of known keys, each with
 * a default and a check, stored in the settings table.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

static int
check_country(const char *v, struct crm_err *e)
{
	size_t i, n = strlen(v);

	for (i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			break;
	if (n == 0 || n > 3 || i < n || v[0] == '0')
		return crm_err_set(e, CRM_EINPUT, "phone.default_country \"%s\" "
		    "is not a country calling code like 34 or 1", v);
	return CRM_OK;
}

/* A pipeline: 2..20 distinct words of [a-z_] with won and lost among them. */
static int
check_stages(const char *v, struct crm_err *e)
{
	static const char *const required[] = { "won", "lost", NULL };

	return crm_picklist_check("deal.stages", v, 0, required, e);
}

/* The call statuses: those the call record import sets must be there. */
static int
check_statuses(const char *v, struct crm_err *e)
{
	static const char *const required[] = { "completed", "callback",
	    "no_answer", "busy", "wrong_number", NULL };

	return crm_picklist_check("call.statuses", v, 1, required, e);
}

/* A number of seconds, 0..3600. */
static int
check_seconds(const char *v, struct crm_err *e)
{
	int64_t n = strcmp(v, "0") == 0 ? 0 : crm_positive(v);

	if ((n == 0 && strcmp(v, "0") != 0) || n > 3600)
		return crm_err_set(e, CRM_EINPUT, "\"%s\" is not a number of "
		    "seconds from 0 to 3600", v);
	return CRM_OK;
}

/* A number of minutes, 0..10080 (a week). */
static int
check_minutes(const char *v, struct crm_err *e)
{
	int64_t n = strcmp(v, "0") == 0 ? 0 : crm_positive(v);

	if ((n == 0 && strcmp(v, "0") != 0) || n > 10080)
		return crm_err_set(e, CRM_EINPUT, "\"%s\" is not a number of "
		    "minutes from 0 to 10080", v);
	return CRM_OK;
}

/* A number of days, 1..3650 (ten years). */
static int
check_days(const char *v, struct crm_err *e)
{
	int64_t n = crm_positive(v);

	if (n < 1 || n > 3650)
		return crm_err_set(e, CRM_EINPUT, "\"%s\" is not a number of "
		    "days from 1 to 3650", v);
	return CRM_OK;
}

static int
check_currency(const char *v, struct crm_err *e)
{
	if (!crm_currency_valid(v))
		return crm_err_set(e, CRM_EINPUT, "deal.currency \"%s\" is not "
		    "a currency code like EUR (3 capital letters)", v);
	return CRM_OK;
}

/* One word of a fixed list, given as "a|b". */
static int
check_word(const char *key, const char *v, const char *words,
    struct crm_err *e)
{
	const char *w;
	size_t n = strlen(v);

	for (w = words; *w != '\0'; w += strcspn(w, "|") + (w[strcspn(w,
	    "|")] == '|'))
		if (strcspn(w, "|") == n && strncmp(w, v, n) == 0)
			return CRM_OK;
	return crm_err_set(e, CRM_EINPUT, "%s \"%s\" is not one of %s", key, v,
	    words);
}

static int
check_labour(const char *v, struct crm_err *e)
{
	return check_word("policy.labour", v, "open|operator", e);
}

static int
check_visibility(const char *v, struct crm_err *e)
{
	return check_word("policy.visibility", v, "all|own", e);
}

/* "*", or custom field names (lower case, digits, _) separated by commas. */
static int
check_personal(const char *v, struct crm_err *e)
{
	const char *p;

	if (strcmp(v, "*") == 0)
		return CRM_OK;
	for (p = v; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_' || (*p == ',' && p > v && p[1] != '\0' &&
		    p[1] != ',')))
			return crm_err_set(e, CRM_EINPUT, "fields.personal \"%s\""
			    " is not * or custom field names separated by "
			    "commas", v);
	return CRM_OK;
}

const struct crm_setting crm_settings[] = {
	{ "phone.default_country", NULL,
	  "country calling code for phone numbers written without one",
	  check_country },
	{ "deal.stages", "lead,qualified,proposal,negotiation,won,lost",
	  "the stages of a deal, in pipeline order (must include won and "
	  "lost)", check_stages },
	{ "deal.currency", "EUR",
	  "currency of a deal added without one", check_currency },
	{ "call.statuses",
	  "new,in_progress=taken,completed=done,callback,no_answer,busy,"
	  "wrong_number,spam",
	  "the statuses of a call, each with optional =alias|alias (must "
	  "include completed, callback, no_answer, busy and wrong_number)",
	  check_statuses },
	{ "call.wrong_number_seconds", "10",
	  "an answered call from an unknown number shorter than this is "
	  "recorded as wrong_number", check_seconds },
	{ "call.callback_minutes", "60",
	  "a missed inbound call becomes a callback task due this many "
	  "minutes after it", check_minutes },
	{ "check.untouched_days", "90",
	  "crm-check reports a contact with no activity for this many days "
	  "as untouched", check_days },
	{ "policy.labour", "open",
	  "who changes clients' personal data after creation: open (a "
	  "manager, of own clients) or operator (operators and admins "
	  "only)", check_labour },
	{ "policy.visibility", "all",
	  "what managers see: all (the whole base) or own (their own "
	  "clients and events)", check_visibility },
	{ "fields.personal", "*",
	  "the custom fields that are personal data: * (all) or names "
	  "separated by commas", check_personal },
	{ NULL, NULL, NULL, NULL },
};

const struct crm_col crm_setting_cols[] = {
	{ "key", 0 }, { "value", 0 }, { "default", 0 }, { "description", 0 },
};
const size_t crm_setting_ncols = sizeof(crm_setting_cols) /
    sizeof(crm_setting_cols[0]);

static const struct crm_setting *
find_setting(const char *key, struct crm_err *e)
{
	size_t i;

	for (i = 0; crm_settings[i].key != NULL; i++)
		if (strcmp(crm_settings[i].key, key) == 0)
			return &crm_settings[i];
	crm_err_set(e, CRM_EUSAGE, "unknown setting \"%s\" (crm-config list "
	    "shows them)", key);
	return NULL;
}

/* The stored value of key, malloc'd into *value, or NULL when unset. */
static int
stored_value(struct crm_db *db, const char *key, char **value,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc;

	*value = NULL;
	if ((rc = crm_db_prepare(db, "SELECT value FROM settings WHERE key = ?",
	    &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if ((*value = strdup((const char *)sqlite3_column_text(st,
		    0))) == NULL)
			rc = SQLITE_NOMEM;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_NOMEM)
		return crm_err_set(e, CRM_EDB, "out of memory");
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return crm_db_err(db, e, "settings");
	return CRM_OK;
}

int
crm_setting_get(struct crm_db *db, const char *key, char **value,
    struct crm_err *e)
{
	const struct crm_setting *s;
	int rc;

	*value = NULL;
	if ((s = find_setting(key, e)) == NULL)
		return CRM_EUSAGE;
	if ((rc = stored_value(db, key, value, e)) != CRM_OK)
		return rc;
	if (*value == NULL && s->def != NULL &&
	    (*value = strdup(s->def)) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	return CRM_OK;
}

int
crm_setting_set(struct crm_db *db, const char *key, const char *value,
    struct crm_err *e)
{
	const struct crm_setting *s;
	sqlite3_stmt *st;
	char *old = NULL;
	int rc;

	if ((s = find_setting(key, e)) == NULL)
		return CRM_EUSAGE;
	if ((rc = crm_access_need(db, CRM_ROLES_ADMIN, "changing settings",
	    e)) != CRM_OK)
		return rc;
	/* The value is typed on the command line: a bad one is usage. */
	if (s->check != NULL && (rc = s->check(value, e)) != CRM_OK) {
		if (rc == CRM_EINPUT && e != NULL)
			e->code = CRM_EUSAGE;
		return rc == CRM_EINPUT ? CRM_EUSAGE : rc;
	}
	if ((rc = stored_value(db, key, &old, e)) != CRM_OK)
		return rc;
	if (old != NULL && strcmp(old, value) == 0) {
		free(old);
		return CRM_OK;
	}
	if ((rc = crm_db_prepare(db, "INSERT INTO settings(key, value,"
	    " updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT(key) DO UPDATE SET value = ?2, updated_at = ?3,"
	    " updated_by = ?4", &st, e)) != CRM_OK) {
		free(old);
		return rc;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, db->actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? CRM_OK :
	    crm_db_err(db, e, "settings");
	sqlite3_finalize(st);
	if (rc == CRM_OK)
		rc = crm_audit(db, "update", "setting", 0, key, old, value, 0, e);
	free(old);
	return rc;
}

int
crm_setting_unset(struct crm_db *db, const char *key, struct crm_err *e)
{
	sqlite3_stmt *st;
	char *old = NULL;
	int rc;

	if (find_setting(key, e) == NULL)
		return CRM_EUSAGE;
	if ((rc = crm_access_need(db, CRM_ROLES_ADMIN, "changing settings",
	    e)) != CRM_OK)
		return rc;
	if ((rc = stored_value(db, key, &old, e)) != CRM_OK || old == NULL)
		return rc;
	if ((rc = crm_db_prepare(db, "DELETE FROM settings WHERE key = ?",
	    &st, e)) == CRM_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? CRM_OK :
		    crm_db_err(db, e, "settings");
		sqlite3_finalize(st);
	}
	if (rc == CRM_OK)
		rc = crm_audit(db, "update", "setting", 0, key, old, NULL, 0, e);
	free(old);
	return rc;
}

int
crm_setting_list(struct crm_db *db, struct crm_writer *w, struct crm_err *e)
{
	size_t i;
	int rc = CRM_OK;

	for (i = 0; rc == CRM_OK && crm_settings[i].key != NULL; i++) {
		const struct crm_setting *s = &crm_settings[i];
		char *v = NULL;
		const char *row[4];

		if ((rc = stored_value(db, s->key, &v, e)) != CRM_OK)
			break;
		row[0] = s->key;
		row[1] = v != NULL ? v : s->def;
		row[2] = s->def;
		row[3] = s->help;
		if (crm_writer_row(w, row) != CRM_OK)
			rc = crm_err_output(e, errno, 0);
		free(v);
	}
	return rc;
}
