/*
 * meeting.c - meetings with clients: planned, then held (with a result),
 * cancelled or missed (no_show); added one at a time or loaded in bulk,
 * their outcome recorded, listed by manager or contact and period.
 *
 * The minimum data set of a meeting is enforced on every write that
 * makes or holds one: its date and time, a topic, the client's first and
 * last name and a phone or e-mail on record, and a result once held.  A
 * meeting belongs to its manager and records who typed it (an operator
 * acting for a manager is both).  Every write is audited under entity
 * "meeting"; a bulk load is one batch.  Every statement reads an index
 * (meetings_manager, meetings_contact, meetings_at or a primary key) and
 * binds its values: nothing of the input becomes SQL text.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm-internal.h"

#define MAX_TOPIC	1000	/* bytes */
#define MAX_RESULT	4000
#define MAX_LOCATION	1000
#define MAX_DURATION	1440	/* minutes: a day */
#define MAX_TYPED	128	/* a date or a length longer is never one */

/* Bounds of at that hold every stamp: "24" is after any hour. */
#define STAMP_MIN	"0000-01-01T00:00:00Z"
#define STAMP_MAX	"9999-12-31T24:00:00Z"

const struct crm_col crm_meeting_cols[] = {
	{ "id", 1 }, { "at", 0 }, { "duration", 1 }, { "topic", 0 },
	{ "contact", 0 }, { "contact_id", 1 }, { "status", 0 },
	{ "result", 0 }, { "location", 0 }, { "manager", 0 },
	{ "created_by", 0 },
};
const size_t crm_meeting_ncols = sizeof(crm_meeting_cols) /
    sizeof(crm_meeting_cols[0]);
#define NCOLS (sizeof(crm_meeting_cols) / sizeof(crm_meeting_cols[0]))

static const struct {
	const char *name;
	const char *aliases[3];
} statuses[] = {
	{ "planned", { "plan", NULL } },
	{ "held", { "done", NULL } },
	{ "cancelled", { "canceled", "cancel", NULL } },
	{ "no_show", { "no-show", "noshow", NULL } },
};
#define NSTATUSES (sizeof(statuses) / sizeof(statuses[0]))

/* The columns of bulk input, and those read back in and ignored. */
enum { C_CONTACT, C_CONTACT_ID, C_TOPIC, C_AT, C_STATUS, C_RESULT,
    C_DURATION, C_LOCATION, C_MANAGER, C_NFIELDS };
static const char *const column_names[C_NFIELDS] = {
	"contact", "contact_id", "topic", "at", "status", "result",
	"duration", "location", "manager",
};
static const char *const ignored_columns[] = { "id", "created_by",
    "error" };

struct crm_meeting_load {
	struct crm_db *db;
	char *manager;			/* of meetings naming none */
	sqlite3_int64 batch;		/* 0: audited per field */
	sqlite3_stmt *contact_get, *same_get, *insert;
	struct crm_import_stats st;
	char active[64];		/* the last manager found active */
	int col[C_NFIELDS];		/* input column of each, or -1 */
	size_t ncols;
	/* The record of the last meeting, as crm_meeting_cols. */
	char *topic, *result, *location, *created_by;
	char at[32], manager_of[64], id[24], contact_id[24], duration[24];
	char login[64];			/* a row's manager, trimmed */
	struct crm_buf name;		/* the contact's, "First Last" */
	const char *rec[NCOLS];
};

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
alpha(int c)
{
	return c >= 'a' && c <= 'z';
}

/* Copy s trimmed and lower-cased into buf; 0 when it does not fit. */
static int
fold(const char *s, char *buf, size_t bufsz)
{
	size_t i, n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n >= bufsz)
		return 0;
	for (i = 0; i < n; i++)
		buf[i] = (char)lower((unsigned char)s[i]);
	buf[n] = '\0';
	return 1;
}

/*
 * 1 when a date crm_date_parse accepted names a time of day: "now", an
 * offset in hours or minutes, or a time "10:00" / "10am" anywhere.
 */
static int
has_time(const char *s)
{
	static const char *const units[] = { "h", "hour", "hours", "min",
	    "mins", "minute", "minutes" };
	const char *p, *q;
	size_t i, wl;

	if (strcmp(s, "now") == 0)
		return 1;
	if (s[0] == '+' || s[0] == '-') {
		for (p = s + 1; digit(*p); p++)
			;
		while (*p == ' ' || *p == '\t')
			p++;
		for (wl = 0; alpha(p[wl]); wl++)
			;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (strlen(units[i]) == wl &&
			    strncmp(p, units[i], wl) == 0)
				return 1;
	}
	for (p = s; *p != '\0'; p++) {
		if (*p == ':' && p > s && digit(p[-1]))
			return 1;
		if (!digit(*p))
			continue;
		for (q = p + 1; *q == ' ' || *q == '\t'; q++)
			;
		if ((q[0] == 'a' || q[0] == 'p') && q[1] == 'm' &&
		    !alpha(q[2]))
			return 1;
	}
	return 0;
}

int
crm_meeting_time(const char *typed, time_t now, char *buf, size_t bufsz,
    struct crm_err *e)
{
	char folded[MAX_TYPED + 1];
	time_t t;
	int rc;

	if ((rc = crm_date_parse(typed, now, &t, e)) != CRM_OK)
		return rc;
	/* Parsed, so it is short and trimmed it reads the same. */
	if (!fold(typed, folded, sizeof(folded)) || !has_time(folded)) {
		while (*typed == ' ' || *typed == '\t')
			typed++;
		return crm_err_set(e, CRM_EINPUT, "date \"%.*s\" has no time "
		    "of day; a meeting needs one (\"%.*s 10:00\")",
		    (int)strlen(folded), typed, (int)strlen(folded), typed);
	}
	crm_time_iso(t, buf, bufsz);
	return CRM_OK;
}

int
crm_meeting_duration(const char *typed, long *minutes, struct crm_err *e)
{
	char s[MAX_TYPED + 1];
	const char *p;
	long a = 0, b = 0, total = -1;
	int n;

	if (!fold(typed, s, sizeof(s)))
		goto bad;
	p = s;
	for (n = 0; digit(*p) && n < 6; p++, n++)
		a = a * 10 + (*p - '0');
	if (n == 0 || digit(*p))
		goto bad;
	if (*p == 'h') {
		for (p++, n = 0; digit(*p) && n < 3; p++, n++)
			b = b * 10 + (*p - '0');
		if (digit(*p) || (n == 0 && *p != '\0') || b > 59)
			goto bad;
		total = a * 60 + b;
	} else
		total = a;
	if (*p == 'm')
		p += strncmp(p, "min", 3) == 0 ? 3 : 1;
	if (*p != '\0')
		goto bad;
	if (total >= 1 && total <= MAX_DURATION) {
		*minutes = total;
		return CRM_OK;
	}
bad:
	return crm_err_set(e, CRM_EINPUT, "duration \"%.40s\" is not 1 to %d "
	    "minutes (90, 90m, 1h, 1h30)", typed, MAX_DURATION);
}

int
crm_meeting_status(const char *word, const char **status,
    struct crm_err *e)
{
	char s[32];
	const char *found = NULL;
	size_t i, j, n;
	int many = 0;

	if (!fold(word, s, sizeof(s)) || s[0] == '\0')
		goto bad;
	n = strlen(s);
	for (i = 0; i < NSTATUSES; i++) {
		if (strcmp(s, statuses[i].name) == 0)
			goto found;
		for (j = 0; statuses[i].aliases[j] != NULL; j++)
			if (strcmp(s, statuses[i].aliases[j]) == 0)
				goto found;
	}
	/* A prefix of one status's name or aliases. */
	for (i = 0; i < NSTATUSES; i++) {
		int match = strncmp(s, statuses[i].name, n) == 0;

		for (j = 0; statuses[i].aliases[j] != NULL; j++)
			match |= strncmp(s, statuses[i].aliases[j], n) == 0;
		if (match) {
			many |= found != NULL;
			found = statuses[i].name;
		}
	}
	if (found != NULL && !many) {
		*status = found;
		return CRM_OK;
	}
bad:
	return crm_err_set(e, CRM_EINPUT, "status \"%.40s\" is not a meeting "
	    "status (planned, held, cancelled, no_show)", word);
found:
	*status = statuses[i].name;
	return CRM_OK;
}

/*
 * A copy of s trimmed into *out, NULL when s is NULL or blank; CRM_EINPUT
 * naming what when it is longer than max bytes or not UTF-8.
 */
static int
text(const char *what, const char *s, size_t max, char **out,
    struct crm_err *e)
{
	size_t n;

	*out = NULL;
	if (s == NULL)
		return CRM_OK;
	if ((*out = strdup(s)) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	crm_trim(*out);
	n = strlen(*out);
	if (n == 0) {
		free(*out);
		*out = NULL;
		return CRM_OK;
	}
	if (n > max)
		return crm_err_set(e, CRM_EINPUT, "%s is too long (%zu bytes; "
		    "at most %zu)", what, n, max);
	if (!crm_utf8_valid(*out, n, NULL))
		return crm_err_set(e, CRM_EINPUT, "%s is not valid UTF-8", what);
	return CRM_OK;
}

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* 1 when s is NULL or white space only. */
static int
blank(const char *s)
{
	if (s != NULL)
		s += strspn(s, " \t\r\n");
	return empty(s);
}

/*
 * Check that contact id can be met: it exists (else CRM_ENOTFOUND), has
 * both names and a phone or an e-mail (else CRM_EINPUT with the crm-edit
 * command that adds what is missing).  Its "First Last" goes to name.
 * A contact the actor may not see is not found, unless held: the
 * contact of a meeting of theirs, checked without being named.  st is
 * prepared (and reset after use) by the caller.
 */
static int
check_contact(struct crm_db *db, sqlite3_stmt *st, int64_t id, int held,
    struct crm_buf *name, struct crm_err *e)
{
	const char *first, *last, *phone, *email;
	int rc, step, sees;

	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	sees = step == SQLITE_ROW && sqlite3_column_int(st, 4);
	if (step != SQLITE_ROW || (!sees && !held)) {
		rc = step == SQLITE_ROW || step == SQLITE_DONE ?
		    crm_err_set(e, CRM_ENOTFOUND, "no contact %lld",
		    (long long)id) : crm_db_err(db, e, "contacts");
		sqlite3_reset(st);
		return rc;
	}
	first = (const char *)sqlite3_column_text(st, 0);
	last = (const char *)sqlite3_column_text(st, 1);
	phone = (const char *)sqlite3_column_text(st, 2);
	email = (const char *)sqlite3_column_text(st, 3);
	name->len = 0;
	if (crm_buf_adds(name, first ? first : "") != CRM_OK ||
	    crm_buf_adds(name, " ") != CRM_OK ||
	    crm_buf_adds(name, last ? last : "") != CRM_OK ||
	    crm_buf_add(name, "", 1) != CRM_OK)
		rc = crm_err_set(e, CRM_EDB, "out of memory");
	else if (!sees && (blank(first) || blank(last) || (blank(phone) &&
	    blank(email))))
		rc = crm_err_set(e, CRM_EINPUT, "the meeting's contact, another "
		    "manager's client, lacks a name, or a phone or e-mail; its "
		    "owner or an operator adds it");
	else if (blank(first))
		rc = crm_err_set(e, CRM_EINPUT, "contact %lld has no first "
		    "name; add it: crm-edit contact %lld first_name=...",
		    (long long)id, (long long)id);
	else if (blank(last))
		rc = crm_err_set(e, CRM_EINPUT, "contact %lld has no last "
		    "name; add it: crm-edit contact %lld last_name=...",
		    (long long)id, (long long)id);
	else if (blank(phone) && blank(email))
		rc = crm_err_set(e, CRM_EINPUT, "contact %lld (%s) has no "
		    "phone or e-mail; add one: crm-edit contact %lld "
		    "phone=...", (long long)id, name->p, (long long)id);
	else
		rc = CRM_OK;
	sqlite3_reset(st);
	return rc;
}

static const char contact_sql[] = "SELECT first_name, last_name, phone,"
    " email, crm_sees(owner) FROM contacts WHERE id = ?";

int
crm_meeting_load_open(struct crm_meeting_load **ldp, struct crm_db *db,
    const char *manager, const char *source, struct crm_err *e)
{
	struct crm_meeting_load *ld;
	int rc;
	size_t i;

	*ldp = NULL;
	if ((ld = calloc(1, sizeof(*ld))) == NULL ||
	    (manager != NULL && (ld->manager = strdup(manager)) == NULL)) {
		free(ld);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	ld->db = db;
	for (i = 0; i < C_NFIELDS; i++)
		ld->col[i] = -1;
	if ((rc = crm_db_prepare(db, contact_sql, &ld->contact_get, e)) ==
	    CRM_OK)
		rc = crm_db_prepare(db, "SELECT id, duration, location, status,"
		    " result, manager, created_by FROM meetings"
		    " WHERE contact_id = ?1 AND at = ?2 AND topic = ?3"
		    " AND archived_at IS NULL ORDER BY id LIMIT 1", &ld->same_get,
		    e);
	if (rc == CRM_OK)
		rc = crm_db_prepare(db, "INSERT INTO meetings(contact_id, topic,"
		    " at, duration, location, status, result, manager,"
		    " created_at, created_by, updated_at, updated_by, batch_id)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?10,"
		    " ?11)", &ld->insert, e);
	if (rc == CRM_OK && source != NULL)
		rc = crm_audit_batch_open(db, "meeting", source, &ld->batch, e);
	if (rc != CRM_OK) {
		crm_meeting_load_free(ld);
		return rc;
	}
	*ldp = ld;
	return CRM_OK;
}

/* Forget the record of the last meeting. */
static void
clear_record(struct crm_meeting_load *ld)
{
	free(ld->topic);
	free(ld->result);
	free(ld->location);
	free(ld->created_by);
	ld->topic = ld->result = ld->location = ld->created_by = NULL;
	memset(ld->rec, 0, sizeof(ld->rec));
}

/* 1 when a and b are the same text, NULL the same as "". */
static int
same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/*
 * The meeting of the contact at the same time on the same topic, if any:
 * *found is its id; *identical when it says what ld's record says.
 */
static int
find_same(struct crm_meeting_load *ld, int64_t contact_id, long duration,
    const char *status, const char *manager, sqlite3_int64 *found,
    int *identical, struct crm_err *e)
{
	sqlite3_stmt *st = ld->same_get;
	int step, rc = CRM_OK;

	*found = 0;
	*identical = 0;
	sqlite3_bind_int64(st, 1, contact_id);
	sqlite3_bind_text(st, 2, ld->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ld->topic, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*found = sqlite3_column_int64(st, 0);
		*identical = sqlite3_column_int64(st, 1) == duration &&
		    same_text((const char *)sqlite3_column_text(st, 2),
		    ld->location) &&
		    same_text((const char *)sqlite3_column_text(st, 3),
		    status) &&
		    same_text((const char *)sqlite3_column_text(st, 4),
		    ld->result) &&
		    same_text((const char *)sqlite3_column_text(st, 5),
		    manager);
		if (*identical && (ld->created_by = strdup((const char *)
		    sqlite3_column_text(st, 6))) == NULL)
			rc = crm_err_set(e, CRM_EDB, "out of memory");
	} else if (step != SQLITE_DONE)
		rc = crm_db_err(ld->db, e, "meetings");
	sqlite3_reset(st);
	return rc;
}

/* Audit the fields of new meeting id, one insert row each. */
static int
audit_insert(struct crm_meeting_load *ld, sqlite3_int64 id, long duration,
    const char *status, const char *manager, struct crm_err *e)
{
	struct crm_db *db = ld->db;
	int rc;

	rc = crm_audit(db, "insert", "meeting", id, "contact_id", NULL,
	    ld->contact_id, 0, e);
	if (rc == CRM_OK)
		rc = crm_audit(db, "insert", "meeting", id, "topic", NULL,
		    ld->topic, 0, e);
	if (rc == CRM_OK)
		rc = crm_audit(db, "insert", "meeting", id, "at", NULL, ld->at,
		    0, e);
	if (rc == CRM_OK && duration > 0)
		rc = crm_audit(db, "insert", "meeting", id, "duration", NULL,
		    ld->duration, 0, e);
	if (rc == CRM_OK && ld->location != NULL)
		rc = crm_audit(db, "insert", "meeting", id, "location", NULL,
		    ld->location, 0, e);
	if (rc == CRM_OK)
		rc = crm_audit(db, "insert", "meeting", id, "status", NULL,
		    status, 0, e);
	if (rc == CRM_OK && ld->result != NULL)
		rc = crm_audit(db, "insert", "meeting", id, "result", NULL,
		    ld->result, 0, e);
	if (rc == CRM_OK)
		rc = crm_audit(db, "insert", "meeting", id, "manager", NULL,
		    manager, 0, e);
	return rc;
}

/* crm_meeting_load_add without the counting. */
static int
add(struct crm_meeting_load *ld, const struct crm_meeting_new *m,
    int64_t *id, enum crm_import_result *res, struct crm_err *e)
{
	struct crm_db *db = ld->db;
	sqlite3_stmt *st = ld->insert;
	const char *status = NULL, *manager;
	sqlite3_int64 mid;
	int rc, identical;

	clear_record(ld);
	if ((rc = text("topic", m->topic, MAX_TOPIC, &ld->topic, e)) !=
	    CRM_OK || (rc = text("result", m->result, MAX_RESULT, &ld->result,
	    e)) != CRM_OK || (rc = text("location", m->location, MAX_LOCATION,
	    &ld->location, e)) != CRM_OK)
		return rc;
	manager = !empty(m->manager) ? m->manager : ld->manager ? ld->manager :
	    db->actor;
	if (m->status != NULL && (rc = crm_meeting_status(m->status, &status,
	    e)) != CRM_OK)
		return rc;
	if (status == NULL)
		status = ld->result != NULL ? "held" : "planned";

	if (ld->topic == NULL)
		return crm_err_set(e, CRM_EINPUT, "a meeting needs a topic");
	if (empty(m->at))
		return crm_err_set(e, CRM_EINPUT, "a meeting needs a date and "
		    "time");
	if (!crm_time_iso_valid(m->at))
		return crm_err_set(e, CRM_EINPUT, "at \"%.40s\" is not a stored "
		    "timestamp (YYYY-MM-DDTHH:MM:SSZ)", m->at);
	snprintf(ld->at, sizeof(ld->at), "%s", m->at);
	if (strcmp(status, "held") == 0 && ld->result == NULL)
		return crm_err_set(e, CRM_EINPUT, "a held meeting needs a "
		    "result");
	if (strcmp(status, "planned") == 0 && ld->result != NULL)
		return crm_err_set(e, CRM_EINPUT, "a planned meeting has no "
		    "result yet (a result makes it held)");
	if ((strcmp(status, "held") == 0 || strcmp(status, "no_show") == 0) &&
	    strcmp(ld->at, db->now) > 0)
		return crm_err_set(e, CRM_EINPUT, "a meeting at %s is still to "
		    "come; it cannot be %s yet", ld->at,
		    status[0] == 'h' ? "held" : "a no-show");
	if (m->duration < 0 || m->duration > MAX_DURATION)
		return crm_err_set(e, CRM_EINPUT, "duration %ld is not 1 to %d "
		    "minutes", m->duration, MAX_DURATION);
	if (strcmp(manager, ld->active) != 0) {
		if ((rc = crm_access_for(db, manager, e)) != CRM_OK ||
		    (rc = crm_user_check_active(db, manager, e)) != CRM_OK)
			return rc;
		snprintf(ld->active, sizeof(ld->active), "%s", manager);
	}
	if ((rc = check_contact(db, ld->contact_get, m->contact_id, 0,
	    &ld->name, e)) != CRM_OK)
		return rc;
	snprintf(ld->contact_id, sizeof(ld->contact_id), "%lld",
	    (long long)m->contact_id);
	snprintf(ld->duration, sizeof(ld->duration), "%ld", m->duration);
	snprintf(ld->manager_of, sizeof(ld->manager_of), "%s", manager);

	if ((rc = find_same(ld, m->contact_id, m->duration, status, manager,
	    &mid, &identical, e)) != CRM_OK)
		return rc;
	if (mid != 0 && !identical)
		return crm_err_set(e, CRM_EINPUT, "contact %lld (%s) already has "
		    "meeting %lld \"%.60s\" at %s, with other details",
		    (long long)m->contact_id, ld->name.p, (long long)mid,
		    ld->topic, ld->at);
	if (mid != 0) {
		*res = CRM_UNCHANGED;
	} else {
		sqlite3_bind_int64(st, 1, m->contact_id);
		sqlite3_bind_text(st, 2, ld->topic, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, ld->at, -1, SQLITE_STATIC);
		if (m->duration > 0)
			sqlite3_bind_int64(st, 4, m->duration);
		crm_bind_text(st, 5, ld->location);
		sqlite3_bind_text(st, 6, status, -1, SQLITE_STATIC);
		crm_bind_text(st, 7, ld->result);
		sqlite3_bind_text(st, 8, manager, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, db->now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, db->actor, -1, SQLITE_STATIC);
		if (ld->batch > 0)
			sqlite3_bind_int64(st, 11, ld->batch);
		rc = sqlite3_step(st) == SQLITE_DONE ? CRM_OK :
		    crm_db_err(db, e, "meetings");
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (rc != CRM_OK)
			return rc;
		mid = sqlite3_last_insert_rowid(db->sql);
		if (ld->batch == 0 && (rc = audit_insert(ld, mid, m->duration,
		    status, manager, e)) != CRM_OK)
			return rc;
		if ((ld->created_by = strdup(db->actor)) == NULL)
			return crm_err_set(e, CRM_EDB, "out of memory");
		*res = CRM_ADDED;
	}
	*id = mid;
	snprintf(ld->id, sizeof(ld->id), "%lld", (long long)mid);
	ld->rec[0] = ld->id;
	ld->rec[1] = ld->at;
	ld->rec[2] = m->duration > 0 ? ld->duration : NULL;
	ld->rec[3] = ld->topic;
	ld->rec[4] = ld->name.p;
	ld->rec[5] = ld->contact_id;
	ld->rec[6] = status;
	ld->rec[7] = ld->result;
	ld->rec[8] = ld->location;
	ld->rec[9] = ld->manager_of;
	ld->rec[10] = ld->created_by;
	return CRM_OK;
}

int
crm_meeting_load_add(struct crm_meeting_load *ld,
    const struct crm_meeting_new *m, int64_t *id,
    enum crm_import_result *res, struct crm_err *e)
{
	int rc = add(ld, m, id, res, e);

	if (rc == CRM_OK && *res == CRM_ADDED)
		ld->st.added++;
	else if (rc == CRM_OK)
		ld->st.unchanged++;
	else if (rc == CRM_EINPUT || rc == CRM_ENOTFOUND)
		ld->st.rejected++;
	if (rc != CRM_OK)
		clear_record(ld);
	return rc;
}

int
crm_meeting_load_columns(struct crm_meeting_load *ld,
    const char *const *names, size_t ncols, struct crm_err *e)
{
	size_t i, j;

	for (i = 0; i < C_NFIELDS; i++)
		ld->col[i] = -1;
	for (i = 0; i < ncols; i++) {
		for (j = 0; j < C_NFIELDS; j++)
			if (strcmp(names[i], column_names[j]) == 0)
				break;
		if (j < C_NFIELDS) {
			if (ld->col[j] >= 0)
				return crm_err_set(e, CRM_EINPUT, "column \"%s\" "
				    "is given twice", names[i]);
			ld->col[j] = (int)i;
			continue;
		}
		for (j = 0; j < sizeof(ignored_columns) /
		    sizeof(ignored_columns[0]); j++)
			if (strcmp(names[i], ignored_columns[j]) == 0)
				break;
		if (j == sizeof(ignored_columns) / sizeof(ignored_columns[0]))
			return crm_err_set(e, CRM_EINPUT, "unknown column "
			    "\"%.60s\" (contact, topic, at, status, result, "
			    "duration, location, manager)", names[i]);
	}
	if (ld->col[C_CONTACT] < 0 && ld->col[C_CONTACT_ID] < 0)
		return crm_err_set(e, CRM_EINPUT, "no contact column: a meeting "
		    "is with a contact");
	if (ld->col[C_TOPIC] < 0)
		return crm_err_set(e, CRM_EINPUT, "no topic column: a meeting "
		    "needs a topic");
	if (ld->col[C_AT] < 0)
		return crm_err_set(e, CRM_EINPUT, "no at column: a meeting "
		    "needs a date and time");
	ld->ncols = ncols;
	return CRM_OK;
}

/* The value of field f in vals, or NULL when there is no such column. */
static const char *
value(const struct crm_meeting_load *ld, const char *const *vals, int f)
{
	return ld->col[f] >= 0 ? vals[ld->col[f]] : NULL;
}

/* Parse the text of a row into m; CRM_EINPUT for any fault. */
static int
read_row(struct crm_meeting_load *ld, const char *const *vals,
    struct crm_meeting_new *m, char *at, size_t atsz, struct crm_err *e)
{
	static const struct crm_common quiet = { .quiet = 1 };
	const char *v;
	int rc;

	memset(m, 0, sizeof(*m));
	/* contact_id is the exact answer; the name beside it is ignored. */
	if (!empty(v = value(ld, vals, C_CONTACT_ID))) {
		if ((m->contact_id = crm_positive(v)) == 0)
			return crm_err_set(e, CRM_EINPUT, "contact_id \"%.40s\" is "
			    "not an id", v);
	} else if (!empty(v = value(ld, vals, C_CONTACT))) {
		if ((rc = crm_resolve(ld->db, crm_entity_lookup("contact"), v,
		    &m->contact_id, &quiet, NULL, e)) != CRM_OK)
			return rc == CRM_ENOTFOUND ? CRM_EINPUT : rc;
	} else
		return crm_err_set(e, CRM_EINPUT, "contact is missing");
	if (empty(v = value(ld, vals, C_AT)))
		return crm_err_set(e, CRM_EINPUT, "a meeting needs a date and "
		    "time (at is empty)");
	if (crm_meeting_time(v, time(NULL), at, atsz, e) != CRM_OK) {
		char msg[sizeof(e->msg)];

		snprintf(msg, sizeof(msg), "%s", e->msg);
		return crm_err_set(e, CRM_EINPUT, "at: %s", msg);
	}
	m->at = at;
	if (!empty(v = value(ld, vals, C_DURATION)) &&
	    crm_meeting_duration(v, &m->duration, e) != CRM_OK)
		return CRM_EINPUT;
	if (!empty(v = value(ld, vals, C_STATUS)))
		m->status = v;
	m->topic = value(ld, vals, C_TOPIC);
	m->result = value(ld, vals, C_RESULT);
	m->location = value(ld, vals, C_LOCATION);
	/* A login is a word; spaces around it are typing. */
	if (!empty(v = value(ld, vals, C_MANAGER))) {
		if (strlen(v) >= sizeof(ld->login))
			return crm_err_set(e, CRM_EINPUT, "manager \"%.40s...\" "
			    "is not a login", v);
		snprintf(ld->login, sizeof(ld->login), "%s", v);
		m->manager = crm_trim(ld->login);
	}
	return CRM_OK;
}

int
crm_meeting_load_row(struct crm_meeting_load *ld, const char *const *vals,
    int64_t *id, enum crm_import_result *res, struct crm_err *e)
{
	struct crm_meeting_new m;
	char at[32];
	int rc;

	crm_busy_beat(ld->db);
	if ((rc = read_row(ld, vals, &m, at, sizeof(at), e)) != CRM_OK) {
		clear_record(ld);
		if (rc == CRM_EINPUT)
			ld->st.rejected++;
		return rc;
	}
	rc = crm_meeting_load_add(ld, &m, id, res, e);
	return rc == CRM_ENOTFOUND ? CRM_EINPUT : rc;
}

const char *const *
crm_meeting_load_record(const struct crm_meeting_load *ld)
{
	return ld->rec;
}

void
crm_meeting_load_reject(struct crm_meeting_load *ld)
{
	ld->st.rejected++;
}

int
crm_meeting_load_finish(struct crm_meeting_load *ld,
    struct crm_import_stats *st, struct crm_err *e)
{
	int rc = CRM_OK;

	if (ld->batch > 0)
		rc = crm_audit_batch_close(ld->db, ld->batch, "import", &ld->st,
		    e);
	*st = ld->st;
	return rc;
}

void
crm_meeting_load_free(struct crm_meeting_load *ld)
{
	if (ld == NULL)
		return;
	sqlite3_finalize(ld->contact_get);
	sqlite3_finalize(ld->same_get);
	sqlite3_finalize(ld->insert);
	clear_record(ld);
	crm_buf_free(&ld->name);
	free(ld->manager);
	free(ld);
}

int
crm_meeting_outcome(struct crm_db *db, int64_t id, const char *status,
    const char *result, char *manager, size_t bufsz, struct crm_err *e)
{
	sqlite3_stmt *st;
	char *res = NULL, old[16], at[32];
	const char *name;
	struct crm_buf cname = { 0 };
	sqlite3_int64 contact_id;
	int rc, step, archived;

	if ((rc = crm_meeting_status(status, &name, e)) != CRM_OK)
		return rc;
	if (strcmp(name, "planned") == 0)
		return crm_err_set(e, CRM_EINPUT, "a meeting is planned once; "
		    "its outcome is held, cancelled or no_show");
	if ((rc = crm_db_prepare(db, "SELECT status, manager, at, contact_id,"
	    " archived_at IS NOT NULL FROM meetings WHERE id = ?", &st, e)) !=
	    CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? crm_err_set(e, CRM_ENOTFOUND,
		    "no meeting %lld", (long long)id) :
		    crm_db_err(db, e, "meetings");
		sqlite3_finalize(st);
		return rc;
	}
	snprintf(old, sizeof(old), "%s", (const char *)sqlite3_column_text(st,
	    0));
	if ((rc = crm_access_record(db, "meeting", id,
	    (const char *)sqlite3_column_text(st, 1), e)) != CRM_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	if (manager != NULL && bufsz > 0)
		snprintf(manager, bufsz, "%s",
		    (const char *)sqlite3_column_text(st, 1));
	snprintf(at, sizeof(at), "%s", (const char *)sqlite3_column_text(st,
	    2));
	contact_id = sqlite3_column_int64(st, 3);
	archived = sqlite3_column_int(st, 4);
	sqlite3_finalize(st);

	if (archived)
		return crm_err_set(e, CRM_EINPUT, "meeting %lld is archived",
		    (long long)id);
	if (strcmp(old, "planned") != 0)
		return crm_err_set(e, CRM_EINPUT, "meeting %lld is no longer "
		    "planned (it is %s); its outcome stays", (long long)id,
		    strcmp(old, "no_show") == 0 ? "a no-show" : old);
	if ((rc = text("result", result, MAX_RESULT, &res, e)) != CRM_OK)
		goto out;
	if (strcmp(name, "held") == 0 && res == NULL)
		rc = crm_err_set(e, CRM_EINPUT, "a held meeting needs a result");
	else if (strcmp(name, "cancelled") != 0 && strcmp(at, db->now) > 0)
		rc = crm_err_set(e, CRM_EINPUT, "meeting %lld at %s is still "
		    "to come; it cannot be %s yet", (long long)id, at,
		    name[0] == 'h' ? "held" : "a no-show");
	else if (strcmp(name, "held") == 0 && (rc = crm_db_prepare(db,
	    contact_sql, &st, e)) == CRM_OK) {
		rc = check_contact(db, st, contact_id, 1, &cname, e);
		sqlite3_finalize(st);
	}
	if (rc != CRM_OK)
		goto out;
	if ((rc = crm_db_prepare(db, "UPDATE meetings SET status = ?1,"
	    " result = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?5",
	    &st, e)) != CRM_OK)
		goto out;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	crm_bind_text(st, 2, res);
	sqlite3_bind_text(st, 3, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, id);
	if ((rc = crm_db_step_done(db, st, "meetings", e)) != CRM_OK)
		goto out;
	rc = crm_audit(db, "update", "meeting", id, "status", old, name, 0, e);
	if (rc == CRM_OK && res != NULL)
		rc = crm_audit(db, "update", "meeting", id, "result", NULL, res,
		    0, e);
out:
	free(res);
	crm_buf_free(&cname);
	return rc;
}

/*
 * The bounds of period around now in the local time zone, as stored
 * stamps: from <= at < to.  -1 when the date cannot be computed.
 */
static int
period_bounds(enum crm_meeting_period p, time_t now, char *from, char *to,
    size_t bufsz)
{
	struct tm tm;
	time_t t0, t1;

	snprintf(from, bufsz, "%s", STAMP_MIN);
	snprintf(to, bufsz, "%s", STAMP_MAX);
	if (p == CRM_MEET_ANY)
		return 0;
	if (localtime_r(&now, &tm) == NULL)
		return -1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	if (p == CRM_MEET_WEEK)
		tm.tm_mday -= (tm.tm_wday + 6) % 7;	/* back to Monday */
	tm.tm_isdst = -1;
	if ((t0 = mktime(&tm)) == (time_t)-1)
		return -1;
	crm_time_iso(t0, from, bufsz);
	if (p == CRM_MEET_AHEAD)
		return 0;
	tm.tm_mday += p == CRM_MEET_WEEK ? 7 : 1;
	tm.tm_isdst = -1;
	if ((t1 = mktime(&tm)) == (time_t)-1)
		return -1;
	crm_time_iso(t1, to, bufsz);
	return 0;
}

/*
 * One statement per shape of query, so that each reads its index: a
 * manager's meetings through meetings_manager (manager, at), which also
 * gives their order; a contact's through meetings_contact; everyone's
 * through meetings_at.  ?1 the manager or contact, ?2 ?3 the bounds of at.
 * Overdue meetings are asked with the status written out, so that a
 * partial index of planned meetings serves them once the schema has one.
 */
#define LIST_SELECT \
	"SELECT m.id, m.at, m.duration, m.topic," \
	" CASE WHEN crm_sees(c.owner) THEN c.first_name || ' ' || c.last_name" \
	" END, CASE WHEN crm_sees(c.owner) THEN m.contact_id END, m.status," \
	" m.result, m.location, m.manager, m.created_by" \
	" FROM meetings AS m JOIN contacts AS c ON c.id = m.contact_id" \
	" WHERE m.archived_at IS NULL AND "
#define LIST_TAIL \
	" AND m.at >= ?2 AND m.at < ?3 ORDER BY m.at, m.id"
#define OPEN " AND m.status = 'planned' AND m.result IS NULL"

enum { BY_ID, BY_MANAGER, BY_CONTACT, BY_TIME, NSHAPES };
static const char *const list_sql[NSHAPES][2] = {
	[BY_ID] = { LIST_SELECT "m.id = ?1", LIST_SELECT "m.id = ?1" },
	[BY_MANAGER] = { LIST_SELECT "m.manager = ?1" LIST_TAIL,
	    LIST_SELECT "m.manager = ?1" OPEN LIST_TAIL },
	[BY_CONTACT] = { LIST_SELECT "m.contact_id = ?1" LIST_TAIL,
	    LIST_SELECT "m.contact_id = ?1" OPEN LIST_TAIL },
	[BY_TIME] = { LIST_SELECT "?1 IS NULL" LIST_TAIL,
	    LIST_SELECT "?1 IS NULL" OPEN LIST_TAIL },
};

int
crm_meeting_list(struct crm_db *db, const struct crm_meeting_query *q0,
    struct crm_writer *w, long *count, struct crm_err *e)
{
	struct crm_meeting_query vq = *q0;
	const struct crm_meeting_query *q = &vq;
	const char *row[NCOLS];
	char from[32], to[32];
	sqlite3_stmt *st;
	long n = 0;
	int rc, step, shape;
	size_t i;

	/* A manager who sees only their own lists only their own. */
	if (crm_access_visible(db) != NULL)
		vq.manager = crm_access_visible(db);
	if (count != NULL)
		*count = 0;
	if (period_bounds(q->period, time(NULL), from, to, sizeof(from)) != 0)
		return crm_err_set(e, CRM_EDB, "cannot tell today's date");
	/* Overdue: started before now, whatever the period says after. */
	if (q->overdue && strcmp(to, db->now) > 0)
		snprintf(to, sizeof(to), "%s", db->now);
	shape = q->id > 0 ? BY_ID : q->manager != NULL ? BY_MANAGER :
	    q->contact_id > 0 ? BY_CONTACT : BY_TIME;
	if ((rc = crm_db_prepare(db, list_sql[shape][q->overdue != 0], &st,
	    e)) != CRM_OK)
		return rc;
	if (shape == BY_ID)
		sqlite3_bind_int64(st, 1, q->id);
	else {
		if (shape == BY_MANAGER)
			sqlite3_bind_text(st, 1, q->manager, -1, SQLITE_STATIC);
		else if (shape == BY_CONTACT)
			sqlite3_bind_int64(st, 1, q->contact_id);
		sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	}
	/* A manager's meetings of one contact: the contact narrows after. */
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (shape == BY_MANAGER && q->contact_id > 0 &&
		    sqlite3_column_int64(st, 5) != q->contact_id)
			continue;
		for (i = 0; i < NCOLS; i++)
			row[i] = (const char *)sqlite3_column_text(st, (int)i);
		if (w != NULL && crm_writer_row(w, row) != CRM_OK) {
			rc = crm_err_output(e, errno, 0);
			break;
		}
		n++;
	}
	if (rc == CRM_OK && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = crm_db_err(db, e, "meetings");
	sqlite3_finalize(st);
	if (count != NULL)
		*count = n;
	return rc;
}
