/*
 * call.c - calls logged one at a time: add (a callback adds its task),
 * link a number's calls to a contact, list, and read a duration.
 *
 * A call belongs to one manager and records who typed it: an operator
 * acting for a manager is both.  Its status is a word of the pick list
 * call.statuses.  A call to a number no contact has keeps the number
 * (E.164) and no contact until crm_call_link.  Every write is audited
 * under entity "call".  Lists are built from fixed fragments so that
 * each filter is answered from an index; values are bound parameters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm-internal.h"

#define MAX_NOTE 1000		/* bytes */
#define MAX_DURATION (24L * 3600)	/* a call longer than a day is a typo */

const struct crm_col crm_call_cols[] = {
	{ "id", 1 }, { "at", 0 }, { "direction", 0 }, { "number", 0 },
	{ "contact", 0 }, { "contact_id", 1 }, { "manager", 0 },
	{ "extension", 0 }, { "status", 0 }, { "duration", 1 }, { "note", 0 },
	{ "created_by", 0 },
};
const size_t crm_call_ncols = sizeof(crm_call_cols) /
    sizeof(crm_call_cols[0]);

int
crm_call_duration(const char *s, long *seconds, struct crm_err *e)
{
	long part[3] = { 0, 0, 0 };
	const char *p = s;
	int n = 0, digits;

	/* "90", "1:30" or "1:02:03": a part after a colon is two digits. */
	for (;;) {
		for (digits = 0; *p >= '0' && *p <= '9'; p++, digits++)
			if (digits < 7)
				part[n] = part[n] * 10 + (*p - '0');
		if (digits == 0 || digits > 6 || (n > 0 && (digits != 2 ||
		    part[n] > 59)))
			break;
		if (*p == '\0') {
			long v = n == 0 ? part[0] : n == 1 ? part[0] * 60 +
			    part[1] : part[0] * 3600 + part[1] * 60 + part[2];

			if (v > MAX_DURATION)
				return crm_err_set(e, CRM_EINPUT, "duration "
				    "\"%s\" is longer than a day", s);
			*seconds = v;
			return CRM_OK;
		}
		if (*p != ':' || n == 2)
			break;
		p++;
		n++;
	}
	return crm_err_set(e, CRM_EINPUT, "duration \"%s\" is not seconds, "
	    "m:ss or h:mm:ss", s);
}

/* Whether s is written like a whole phone number: 7+ digits, separators. */
static int
phone_written(const char *s)
{
	int digits = 0;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (strchr("+-.()/ ", *s) == NULL)
			return 0;
	}
	return digits >= 7;
}

/*
 * The contacts sql (a query of id and crm_sees(owner) by one value, from
 * an index) finds for value: *id the first the actor sees, *n how many
 * they see (0, 1, or 2 for "several"), *hidden whether one they may not
 * see was found before that.
 */
static int
contact_by(struct crm_db *db, const char *sql, const char *value,
    int64_t *id, int *n, int *hidden, struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE;

	*id = 0;
	*n = *hidden = 0;
	if ((rc = crm_db_prepare(db, sql, &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	while (*n < 2 && (step = sqlite3_step(st)) == SQLITE_ROW)
		if (!sqlite3_column_int(st, 1))
			*hidden = 1;
		else if ((*n)++ == 0)
			*id = sqlite3_column_int64(st, 0);
	if (*n < 2 && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "contacts");
	sqlite3_finalize(st);
	return rc;
}

int
crm_call_party(struct crm_db *db, const char *term, int64_t *contact_id,
    char *number, size_t numsz, const struct crm_common *c, FILE *out,
    struct crm_err *e)
{
	const struct crm_entity *ent = crm_entity_lookup("contact");
	char e164[32], email[320], *cc = NULL;
	int64_t id;
	int rc, n, hidden, found = 0, whole;

	*contact_id = 0;
	number[0] = '\0';
	/* An id first, as crm-show reads it. */
	if ((id = crm_positive(term)) > 0 &&
	    (rc = crm_access_find(db, ent, id, &found, e)) != CRM_OK)
		return rc;
	if (found) {
		*contact_id = id;
		return CRM_OK;
	}
	/* A whole e-mail address: its one contact, from contacts_email. */
	if (strchr(term, '@') != NULL &&
	    crm_email_normalize(term, email, sizeof(email), NULL) == CRM_OK) {
		if ((rc = contact_by(db, "SELECT id, crm_sees(owner)"
		    " FROM contacts WHERE email = ? COLLATE NOCASE"
		    " AND archived_at IS NULL", email, &id, &n, &hidden, e)) !=
		    CRM_OK)
			return rc;
		if (n == 1) {
			*contact_id = id;
			return CRM_OK;
		}
	}
	if (!phone_written(term))
		return crm_resolve(db, ent, term, contact_id, c, out, e);
	if ((rc = crm_setting_get(db, "phone.default_country", &cc, e)) !=
	    CRM_OK)
		return rc;
	whole = crm_phone_normalize(term, cc, e164, sizeof(e164), NULL) ==
	    CRM_OK;
	free(cc);
	if (!whole)
		return crm_resolve(db, ent, term, contact_id, c, out, e);
	if ((rc = contact_by(db, "SELECT id, crm_sees(owner) FROM contacts"
	    " WHERE phone = ? ORDER BY archived_at IS NOT NULL, id", e164, &id,
	    &n, &hidden, e)) != CRM_OK)
		return rc;
	if (n > 1)	/* several have it: crm_resolve lists them */
		return crm_resolve(db, ent, term, contact_id, c, out, e);
	/*
	 * A number only clients the actor may not see have is theirs: not
	 * to be logged as no one's (nor named).
	 */
	if (n == 0 && hidden)
		return crm_err_set(e, CRM_ENOTFOUND, "number %s belongs to "
		    "another manager's client", e164);
	*contact_id = id;
	if (n == 0)
		snprintf(number, numsz, "%s", e164);
	return CRM_OK;
}

/* The contact's name and phone (either may be NULL), malloc'd. */
static int
contact_info(struct crm_db *db, int64_t id, char **name, char **phone,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	const char *s;
	int rc, step;

	*name = *phone = NULL;
	if ((rc = crm_db_prepare(db, "SELECT first_name || ' ' || last_name,"
	    " phone FROM contacts WHERE id = ? AND crm_sees(owner)", &st, e)) !=
	    CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		if ((s = (const char *)sqlite3_column_text(st, 0)) != NULL &&
		    (*name = strdup(s)) == NULL)
			rc = crm_err_set(e, CRM_EDB, "out of memory");
		if ((s = (const char *)sqlite3_column_text(st, 1)) != NULL &&
		    (*phone = strdup(s)) == NULL)
			rc = crm_err_set(e, CRM_EDB, "out of memory");
	} else if (step == SQLITE_DONE)
		rc = crm_err_set(e, CRM_ENOTFOUND, "no contact %lld",
		    (long long)id);
	else
		rc = crm_db_err(db, e, "contacts");
	sqlite3_finalize(st);
	if (rc != CRM_OK) {
		free(*name);
		free(*phone);
		*name = *phone = NULL;
	}
	return rc;
}

/* A setting that holds a number (checked when set), into *n. */
static int
setting_number(struct crm_db *db, const char *key, long *n,
    struct crm_err *e)
{
	char *v = NULL;
	int rc;

	if ((rc = crm_setting_get(db, key, &v, e)) != CRM_OK)
		return rc;
	*n = v != NULL ? strtol(v, NULL, 10) : 0;
	free(v);
	return CRM_OK;
}

/*
 * The stored time minutes after the stored time at, into buf: 0, -1
 * when at is no stored time, -2 when the result is past the year 9999.
 */
static int
stamp_after(const char *at, long minutes, char *buf, size_t bufsz)
{
	struct tm tm = { 0 };

	if (sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon--;
	return crm_time_iso(timegm(&tm) + minutes * 60, buf, bufsz) ==
	    CRM_OK ? 0 : -2;
}

/* Audit the fields of new call id that are set. */
static int
audit_insert(struct crm_db *db, int64_t id, const char *const *names,
    const char *const *values, size_t n, struct crm_err *e)
{
	size_t i;
	int rc = CRM_OK;

	for (i = 0; i < n && rc == CRM_OK; i++)
		if (values[i] != NULL)
			rc = crm_audit(db, "insert", "call", id, names[i], NULL,
			    values[i], 0, e);
	return rc;
}

/* The callback task of call id: for the manager, due as asked. */
static int
add_callback(struct crm_db *db, const struct crm_call_new *c, int64_t id,
    const char *manager, const char *at, const char *who, int64_t *task_id,
    struct crm_err *e)
{
	struct crm_task_new t = { 0 };
	char due[32], *title;
	long minutes = 0;
	int rc;

	if (c->due == NULL) {
		if ((rc = setting_number(db, "call.callback_minutes", &minutes,
		    e)) != CRM_OK)
			return rc;
		if ((rc = stamp_after(at, minutes, due, sizeof(due))) == -1)
			return crm_err_set(e, CRM_EINPUT, "at \"%s\" is not a "
			    "stored timestamp", at);
		if (rc != 0)
			return crm_err_set(e, CRM_EINPUT, "the callback task, "
			    "%ld minutes after %s, is out of range", minutes,
			    at);
	}
	if (asprintf(&title, "call back %s", who) < 0)
		return crm_err_set(e, CRM_EDB, "out of memory");
	t.contact_id = c->contact_id;
	t.title = title;
	t.assignee = manager;
	t.due = c->due != NULL ? c->due : due;
	t.call_id = id;
	rc = crm_task_add(db, &t, task_id, e);
	free(title);
	return rc;
}

int
crm_call_add(struct crm_db *db, const struct crm_call_new *c, int64_t *id,
    int64_t *task_id, struct crm_err *e)
{
	static const char *const names[] = { "at", "direction", "number",
	    "contact_id", "manager", "status", "duration", "note" };
	const char *manager = c->manager ? c->manager : db->actor;
	const char *at = c->at ? c->at : db->now;
	const char *values[8];
	char status[40], cid[24], dur[24], *note = NULL, *name = NULL;
	char *phone = NULL;
	const char *number = c->number;
	sqlite3_stmt *st;
	int64_t cl = 0;
	int rc;

	if (task_id != NULL)
		*task_id = 0;
	if (c->note != NULL && (note = strdup(c->note)) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	if (note != NULL && *crm_trim(note) == '\0') {
		free(note);
		note = NULL;
	}
	if ((rc = crm_access_for(db, manager, e)) != CRM_OK)
		;
	else if (c->status == NULL)
		rc = crm_err_set(e, CRM_EINPUT, "a call needs a status");
	else if ((rc = crm_pick(db, "call.statuses", "call status", c->status,
	    status, sizeof(status), e)) != CRM_OK)
		;
	else if (c->due != NULL && strcmp(status, "callback") != 0)
		rc = crm_err_set(e, CRM_EUSAGE, "a due time is for status "
		    "callback, not %s", status);
	else if (!crm_time_iso_valid(at))
		rc = crm_err_set(e, CRM_EINPUT, "at \"%s\" is not a stored "
		    "timestamp (YYYY-MM-DDTHH:MM:SSZ)", at);
	else if (c->due != NULL && !crm_time_iso_valid(c->due))
		rc = crm_err_set(e, CRM_EINPUT, "due \"%s\" is not a stored "
		    "timestamp (YYYY-MM-DDTHH:MM:SSZ)", c->due);
	else if (c->duration < -1 || c->duration > MAX_DURATION)
		rc = crm_err_set(e, CRM_EINPUT, "duration %ld is not a number "
		    "of seconds from 0 to %ld", c->duration, MAX_DURATION);
	else if (note != NULL && strlen(note) > MAX_NOTE)
		rc = crm_err_set(e, CRM_EINPUT, "note is too long (%zu bytes; "
		    "at most %d)", strlen(note), MAX_NOTE);
	else if (note != NULL && !crm_utf8_valid(note, strlen(note), NULL))
		rc = crm_err_set(e, CRM_EINPUT, "note is not valid UTF-8");
	else if ((rc = crm_user_check_active(db, manager, e)) != CRM_OK)
		;
	else if (c->contact_id != 0 &&
	    (rc = contact_info(db, c->contact_id, &name, &phone, e)) != CRM_OK)
		;
	else if (c->contact_id == 0 && (number == NULL || *number == '\0'))
		rc = crm_err_set(e, CRM_EINPUT, "a call needs a contact or a "
		    "number");
	if (rc != CRM_OK)
		goto out;
	if (number == NULL)
		number = phone;	/* the contact's, when they have one */
	snprintf(cid, sizeof(cid), "%lld", (long long)c->contact_id);
	snprintf(dur, sizeof(dur), "%ld", c->duration);
	values[0] = at;
	values[1] = c->inbound ? "in" : "out";
	values[2] = number;
	values[3] = c->contact_id != 0 ? cid : NULL;
	values[4] = manager;
	values[5] = status;
	values[6] = c->duration >= 0 ? dur : NULL;
	values[7] = note;
	if ((rc = crm_db_prepare(db, "INSERT INTO calls(at, direction, number,"
	    " contact_id, manager, status, duration, note, created_at,"
	    " created_by, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?9, ?10)", &st, e)) != CRM_OK)
		goto out;
	sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, values[1], -1, SQLITE_STATIC);
	crm_bind_text(st, 3, number);
	if (c->contact_id != 0)
		sqlite3_bind_int64(st, 4, c->contact_id);
	sqlite3_bind_text(st, 5, manager, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, status, -1, SQLITE_STATIC);
	if (c->duration >= 0)
		sqlite3_bind_int64(st, 7, c->duration);
	crm_bind_text(st, 8, note);
	sqlite3_bind_text(st, 9, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, db->actor, -1, SQLITE_STATIC);
	if ((rc = crm_db_step_done(db, st, "calls", e)) != CRM_OK)
		goto out;
	cl = sqlite3_last_insert_rowid(db->sql);
	if ((rc = audit_insert(db, cl, names, values, 8, e)) != CRM_OK)
		goto out;
	if (strcmp(status, "callback") == 0)
		rc = add_callback(db, c, cl, manager, at, name != NULL ? name :
		    number, task_id, e);
	if (rc == CRM_OK && id != NULL)
		*id = cl;
out:
	free(note);
	free(name);
	free(phone);
	return rc;
}

/* Ids of the calls to number that no contact has, but skip; appended. */
static int
unlinked_calls(struct crm_db *db, const char *number, int64_t skip,
    int64_t **ids, size_t *n, struct crm_err *e)
{
	sqlite3_stmt *st;
	int64_t *grown;
	int rc, step;

	/* Of them, those the actor sees, and those no extension claimed. */
	if ((rc = crm_db_prepare(db, "SELECT id FROM calls WHERE number = ?"
	    " AND contact_id IS NULL AND (manager IS NULL OR crm_sees(manager))"
	    " ORDER BY id", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 0) == skip)
			continue;
		if ((grown = realloc(*ids, (*n + 1) * sizeof(**ids))) == NULL) {
			rc = crm_err_set(e, CRM_EDB, "out of memory");
			break;
		}
		*ids = grown;
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "calls");
	sqlite3_finalize(st);
	return rc;
}

/*
 * Set the contact of call id (which had old, 0 for none) and of its open
 * callback task if it has none, audited.
 */
static int
link_one(struct crm_db *db, int64_t id, int64_t old, int64_t contact_id,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	char oldv[24], newv[24], *manager = NULL;
	const char *s;
	int rc, step;

	snprintf(oldv, sizeof(oldv), "%lld", (long long)old);
	snprintf(newv, sizeof(newv), "%lld", (long long)contact_id);
	if ((rc = crm_db_prepare(db, "UPDATE calls SET contact_id = ?1,"
	    " updated_at = ?2, updated_by = ?3 WHERE id = ?4 RETURNING manager",
	    &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, contact_id);
	sqlite3_bind_text(st, 2, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, id);
	if ((step = sqlite3_step(st)) == SQLITE_ROW &&
	    (s = (const char *)sqlite3_column_text(st, 0)) != NULL &&
	    (manager = strdup(s)) == NULL)
		rc = crm_err_set(e, CRM_EDB, "out of memory");
	while (step == SQLITE_ROW)
		step = sqlite3_step(st);
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "calls");
	sqlite3_finalize(st);
	if (rc == CRM_OK)
		rc = crm_audit(db, "update", "call", id, "contact_id",
		    old ? oldv : NULL, newv, 0, e);
	/*
	 * The callback task of a call with no contact is its manager's: the
	 * manager's open tasks (tasks_assignee) hold it, as no index holds
	 * call_id.
	 */
	if (rc != CRM_OK || manager == NULL || (rc = crm_db_prepare(db,
	    "UPDATE tasks SET contact_id = ?1, updated_at = ?2,"
	    " updated_by = ?3 WHERE assignee = ?4 AND done_at IS NULL"
	    " AND +contact_id IS NULL AND call_id = ?5 RETURNING id", &st, e))
	    != CRM_OK) {
		free(manager);
		return rc;
	}
	sqlite3_bind_int64(st, 1, contact_id);
	sqlite3_bind_text(st, 2, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, manager, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, id);
	while (rc == CRM_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = crm_audit(db, "update", "task", sqlite3_column_int64(st,
		    0), "contact_id", NULL, newv, 0, e);
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "tasks");
	sqlite3_finalize(st);
	free(manager);
	return rc;
}

int
crm_call_link(struct crm_db *db, int64_t id, int64_t contact_id,
    int64_t **ids, size_t *n, char *manager, size_t bufsz,
    struct crm_err *e)
{
	const struct crm_entity *ent = crm_entity_lookup("contact");
	sqlite3_stmt *st;
	char *number = NULL;
	const char *s;
	int64_t old = 0;
	size_t i;
	int rc, step, found;

	*ids = NULL;
	*n = 0;
	if (manager != NULL && bufsz > 0)
		manager[0] = '\0';
	if ((rc = crm_access_check(db, ent, contact_id, e)) != CRM_OK)
		return rc;
	if ((rc = crm_db_prepare(db, "SELECT number, contact_id, manager"
	    " FROM calls WHERE id = ?", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((s = (const char *)sqlite3_column_text(st, 0)) != NULL &&
		    (number = strdup(s)) == NULL)
			rc = crm_err_set(e, CRM_EDB, "out of memory");
		old = sqlite3_column_int64(st, 1);
		/* A call no extension claimed is anyone's to identify. */
		if ((s = (const char *)sqlite3_column_text(st, 2)) != NULL &&
		    rc == CRM_OK)
			rc = crm_access_record(db, "call", id, s, e);
		if (s != NULL && manager != NULL)
			snprintf(manager, bufsz, "%s", s);
	} else
		rc = step == SQLITE_DONE ? crm_err_set(e, CRM_ENOTFOUND,
		    "no call %lld", (long long)id) : crm_db_err(db, e, "calls");
	sqlite3_finalize(st);
	/* Its link to a client the actor may not see is not theirs to move. */
	if (rc == CRM_OK && old != 0 && (rc = crm_access_find(db, ent, old,
	    &found, e)) == CRM_OK && !found)
		rc = crm_err_set(e, CRM_EPERM, "call %lld is linked to another "
		    "manager's client; its owner or an operator relinks it",
		    (long long)id);
	if (rc != CRM_OK)
		goto out;
	if (old != contact_id) {
		if ((*ids = malloc(sizeof(**ids))) == NULL) {
			rc = crm_err_set(e, CRM_EDB, "out of memory");
			goto out;
		}
		(*ids)[(*n)++] = id;
	}
	if (number != NULL &&
	    (rc = unlinked_calls(db, number, id, ids, n, e)) != CRM_OK)
		goto out;
	if (*n == 0) {
		rc = crm_err_set(e, CRM_EINPUT, "call %lld is linked to contact "
		    "%lld already", (long long)id, (long long)contact_id);
		goto out;
	}
	for (i = 0; i < *n && rc == CRM_OK; i++)
		rc = link_one(db, (*ids)[i], (*ids)[i] == id ? old : 0,
		    contact_id, e);
	/* Ids in order, for the caller: move the first in among the rest. */
	for (i = 1; i < *n && (*ids)[i - 1] > (*ids)[i]; i++) {
		int64_t t = (*ids)[i - 1];

		(*ids)[i - 1] = (*ids)[i];
		(*ids)[i] = t;
	}
out:
	free(number);
	if (rc != CRM_OK) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return rc;
}

/* The local day or week (from Monday) of now, as stored bounds. */
static int
period_bounds(int week, char *from, char *to, size_t bufsz)
{
	time_t now = time(NULL), t0, t1;
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL)
		return -1;
	if (week)
		tm.tm_mday -= (tm.tm_wday + 6) % 7;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if ((t0 = mktime(&tm)) == (time_t)-1)
		return -1;
	tm.tm_mday += week ? 7 : 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if ((t1 = mktime(&tm)) == (time_t)-1)
		return -1;
	crm_time_iso(t0, from, bufsz);
	crm_time_iso(t1, to, bufsz);
	return 0;
}

/*
 * The list statement for q.  Calls of a manager come from calls_manager
 * (manager, at); everyone's within a period too, one manager after
 * another and then the unassigned ones (a multi-index OR), since no index
 * starts with at alone; a contact's from calls_contact; all unlinked
 * ones from calls_contact too.  The unary + keeps the planner off
 * calls_contact for "unlinked" when a narrower index applies.
 */
static int
list_sql(const struct crm_call_query *q, int period, struct crm_buf *b)
{
	/* A call with a client the actor may not see shows none of it. */
	int rc = crm_buf_adds(b, "SELECT c.id, c.at, c.direction,"
	    " CASE WHEN c.contact_id IS NULL OR crm_sees(ct.owner)"
	    "  THEN c.number END,"
	    " CASE WHEN crm_sees(ct.owner)"
	    "  THEN ct.first_name || ' ' || ct.last_name END,"
	    " CASE WHEN crm_sees(ct.owner) THEN c.contact_id END,"
	    " c.manager, c.extension, c.status, c.duration, c.note, c.created_by"
	    " FROM calls AS c LEFT JOIN contacts AS ct ON ct.id = c.contact_id"
	    " WHERE c.archived_at IS NULL");

	if (q->id > 0)
		rc |= crm_buf_adds(b, " AND c.id = ?1");
	if (q->manager != NULL)
		rc |= crm_buf_adds(b, " AND c.manager = ?2");
	else if (period && q->contact_id == 0)
		rc |= crm_buf_adds(b, " AND (c.manager IN (SELECT login FROM"
		    " users) OR c.manager IS NULL)");
	if (period)
		rc |= crm_buf_adds(b, " AND c.at >= ?3 AND c.at < ?4");
	if (q->contact_id > 0)
		rc |= crm_buf_adds(b, " AND c.contact_id = ?5");
	if (q->unlinked)
		rc |= crm_buf_adds(b, q->manager != NULL || period ?
		    " AND +c.contact_id IS NULL ORDER BY c.number, c.at, c.id" :
		    " AND c.contact_id IS NULL ORDER BY c.number, c.at, c.id");
	else
		rc |= crm_buf_adds(b, " ORDER BY c.at, c.id");
	return rc | crm_buf_add(b, "", 1);
}

int
crm_call_list(struct crm_db *db, const struct crm_call_query *q0,
    struct crm_writer *w, long *count, struct crm_err *e)
{
	struct crm_call_query vq = *q0;
	const struct crm_call_query *q = &vq;
	struct crm_buf sql = { 0 };
	char from[32], to[32];
	sqlite3_stmt *st;
	int rc, period = q->today || q->week;

	/* A manager who sees only their own lists only their own. */
	if (crm_access_visible(db) != NULL)
		vq.manager = crm_access_visible(db);
	if (count != NULL)
		*count = 0;
	if (period && period_bounds(q->week, from, to, sizeof(from)) != 0)
		return crm_err_set(e, CRM_EDB, "cannot tell today's date");
	if ((rc = crm_db_prepare_built(db, list_sql(q, period, &sql), &sql, &st, e)) !=
	    CRM_OK)
		return rc;
	if (q->id > 0)
		sqlite3_bind_int64(st, 1, q->id);
	crm_bind_text(st, 2, q->manager);
	if (period) {
		sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, to, -1, SQLITE_STATIC);
	}
	if (q->contact_id > 0)
		sqlite3_bind_int64(st, 5, q->contact_id);
	return crm_db_write_rows(db, st, crm_call_ncols, w, count, "calls", e);
}
