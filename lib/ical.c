/*
 * ical.c - meetings as an iCalendar (RFC 5545) calendar: one VEVENT per
 * meeting, times in UTC, for a calendar program to import or subscribe
 * to.  The manager is the ORGANIZER and the contact the ATTENDEE when
 * their e-mail is known (a calendar address is a mailto: URI); the
 * DESCRIPTION carries what the salesperson needs at the meeting: who,
 * with which company, how to reach them, and its result once held.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm-internal.h"

enum {
	C_ID, C_CONTACT, C_TOPIC, C_AT, C_DURATION, C_LOCATION, C_STATUS,
	C_RESULT, C_MANAGER, C_UPDATED, NCOLS
};

static const char *const col_names[NCOLS] = {
	"id", "contact_id", "topic", "at", "duration", "location", "status",
	"result", "manager", "updated_at",
};

/* A meeting's status in crm, and in iCalendar. */
static const struct {
	const char *crm, *ical;
} statuses[] = {
	{ "planned", "TENTATIVE" },
	{ "held", "CONFIRMED" },
	{ "cancelled", "CANCELLED" },
	/* It did not take place either; DESCRIPTION says why. */
	{ "no_show", "CANCELLED" },
};

struct ical {
	uint64_t base;
	int col[NCOLS];
	sqlite3_stmt *contact;	/* a contact's name, company, phone, e-mail */
	sqlite3_stmt *user;	/* a manager's name and e-mail */
	struct crm_db *db;
	struct crm_buf event;
	struct crm_buf text;	/* DESCRIPTION, CN */
};

static const char *
field(const struct ical *ic, const char *const *vals, int f)
{
	const char *v = ic->col[f] >= 0 ? vals[ic->col[f]] : NULL;

	return v != NULL ? v : "";
}

/* Column i of the row st stands on, "" for NULL. */
static const char *
column(sqlite3_stmt *st, int i)
{
	const char *v = (const char *)sqlite3_column_text(st, i);

	return v != NULL ? v : "";
}

/*
 * The stored time iso plus minutes, in the basic form, into out (>= 17
 * bytes).  CRM_EINPUT when iso is no stored time.
 */
static int
time_plus(const char *iso, long minutes, char *out)
{
	int y, mo, d, h, mi, s;
	long long t;
	time_t tt;
	struct tm tm;

	if (crm_cl_basic_time(iso, out) != CRM_OK ||
	    sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi,
	    &s) != 6)
		return CRM_EINPUT;
	t = (long long)crm_days_from_civil(y, mo, d) * 86400 + h * 3600 +
	    mi * 60 + s + (long long)minutes * 60;
	tt = (time_t)t;
	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) == 0)
		return CRM_EINPUT;
	return CRM_OK;
}

/* Add "label: value" as a line of the DESCRIPTION when value is set. */
static void
describe(struct ical *ic, const char *label, const char *value)
{
	if (value[0] == '\0')
		return;
	if (ic->text.len > 0)
		crm_buf_adds(&ic->text, "\n");
	crm_buf_adds(&ic->text, label);
	crm_buf_adds(&ic->text, ": ");
	crm_buf_adds(&ic->text, value);
}

/* A calendar user: "PROP;CN=name:mailto:address" when address is known. */
static void
cal_address(struct crm_cl *cl, const char *prop, const char *name,
    const char *role, const char *email)
{
	if (email[0] == '\0')
		return;
	crm_cl_name(cl, prop);
	if (name[0] != '\0')
		crm_cl_param(cl, "CN", name);
	if (role != NULL)
		crm_cl_param(cl, "ROLE", role);
	crm_cl_raw(cl, ":mailto:");
	crm_cl_raw(cl, email);
	crm_cl_end(cl);
}

/*
 * Look up the meeting's contact (DESCRIPTION, ATTENDEE) and manager
 * (ORGANIZER) by key; st stays on the row until the next lookup.
 */
static int
lookup(struct ical *ic, sqlite3_stmt *st, const char *key, int by_id)
{
	int rc;

	sqlite3_reset(st);
	if (by_id)
		sqlite3_bind_int64(st, 1, crm_positive(key));
	else
		sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
event(struct ical *ic, struct crm_writer *w, const char *const *vals)
{
	struct crm_cl cl;
	const char *status = field(ic, vals, C_STATUS), *ical = NULL;
	char uid[80], end[24];
	long minutes;
	size_t i;
	int contact, manager;

	if ((contact = lookup(ic, ic->contact, field(ic, vals, C_CONTACT),
	    1)) < 0 || (manager = lookup(ic, ic->user, field(ic, vals,
	    C_MANAGER), 0)) < 0) {
		struct crm_err e;

		crm_db_err(ic->db, &e, "meeting's contact or manager");
		return crm_writer_fail(w, "%s", e.msg);
	}
	ic->event.len = 0;
	crm_cl_begin(&cl, &ic->event);
	crm_cl_name(&cl, "BEGIN:VEVENT");
	crm_cl_end(&cl);
	crm_uid_meeting(ic->base, crm_positive(field(ic, vals, C_ID)), uid,
	    sizeof(uid));
	crm_cl_name(&cl, "UID:");
	crm_cl_raw(&cl, uid);
	crm_cl_end(&cl);
	crm_cl_time(&cl, "DTSTAMP", field(ic, vals, C_UPDATED));
	crm_cl_time(&cl, "DTSTART", field(ic, vals, C_AT));
	/* Without a duration the event ends when it starts (RFC 5545). */
	minutes = (long)crm_positive(field(ic, vals, C_DURATION));
	if (minutes > 0 && time_plus(field(ic, vals, C_AT), minutes, end) ==
	    CRM_OK) {
		crm_cl_name(&cl, "DTEND:");
		crm_cl_raw(&cl, end);
		crm_cl_end(&cl);
	}
	crm_cl_prop(&cl, "SUMMARY", field(ic, vals, C_TOPIC));

	ic->text.len = 0;
	if (contact) {
		struct crm_buf who = { 0 };

		crm_buf_adds(&who, column(ic->contact, 0));
		crm_buf_adds(&who, " ");
		crm_buf_adds(&who, column(ic->contact, 1));
		if (column(ic->contact, 4)[0] != '\0') {
			crm_buf_adds(&who, ", ");
			crm_buf_adds(&who, column(ic->contact, 4));
		}
		describe(ic, "Contact", who.p != NULL ? crm_trim(who.p) : "");
		crm_buf_free(&who);
		describe(ic, "Phone", column(ic->contact, 3));
		describe(ic, "E-mail", column(ic->contact, 2));
	}
	if (strcmp(status, "no_show") == 0)
		describe(ic, "Status", "no show");
	describe(ic, "Result", field(ic, vals, C_RESULT));
	if (ic->text.len > 0)
		crm_cl_prop(&cl, "DESCRIPTION", ic->text.p);
	crm_cl_prop(&cl, "LOCATION", field(ic, vals, C_LOCATION));
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (strcmp(status, statuses[i].crm) == 0)
			ical = statuses[i].ical;
	if (ical != NULL) {
		crm_cl_name(&cl, "STATUS:");
		crm_cl_raw(&cl, ical);
		crm_cl_end(&cl);
	}
	if (manager)
		cal_address(&cl, "ORGANIZER", column(ic->user, 0), NULL,
		    column(ic->user, 1));
	if (contact) {
		ic->text.len = 0;
		crm_buf_adds(&ic->text, column(ic->contact, 0));
		crm_buf_adds(&ic->text, " ");
		crm_buf_adds(&ic->text, column(ic->contact, 1));
		cal_address(&cl, "ATTENDEE", crm_trim(ic->text.p),
		    "REQ-PARTICIPANT", column(ic->contact, 2));
	}
	crm_cl_name(&cl, "END:VEVENT");
	crm_cl_end(&cl);
	if (cl.rc != CRM_OK)
		return crm_writer_fail(w, "out of memory");
	crm_writer_put(w, ic->event.p, ic->event.len);
	return CRM_OK;
}

static int
ical_row(void *ctx, struct crm_writer *w, const char *const *vals)
{
	return event(ctx, w, vals);
}

static int
ical_begin(void *ctx, struct crm_writer *w)
{
	static const char head[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:-//crm//crm//EN\r\nCALSCALE:GREGORIAN\r\n";

	crm_writer_put(w, head, sizeof(head) - 1);
	return CRM_OK;
}

static int
ical_end(void *ctx, struct crm_writer *w)
{
	crm_writer_put(w, "END:VCALENDAR\r\n", 15);
	return CRM_OK;
}

static void
ical_free(void *ctx)
{
	struct ical *ic = ctx;

	sqlite3_finalize(ic->contact);
	sqlite3_finalize(ic->user);
	crm_buf_free(&ic->event);
	crm_buf_free(&ic->text);
	free(ic);
}

static const struct crm_record_ops ical_ops = {
	ical_begin, ical_row, ical_end, ical_free,
};

int
crm_ical_writer(struct crm_writer **w, FILE *fp, struct crm_db *db,
    const struct crm_col *cols, size_t ncols, struct crm_err *e)
{
	struct ical *ic;
	size_t i, k;
	int rc;

	*w = NULL;
	if ((ic = calloc(1, sizeof(*ic))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	ic->db = db;
	for (k = 0; k < NCOLS; k++) {
		ic->col[k] = -1;
		for (i = 0; i < ncols; i++)
			if (strcmp(cols[i].name, col_names[k]) == 0)
				ic->col[k] = (int)i;
	}
	if ((rc = crm_uid_base(db, &ic->base, e)) != CRM_OK ||
	    (rc = crm_db_prepare(db, "SELECT first_name, last_name, email,"
	    " phone, (SELECT name FROM companies WHERE id = t.company_id)"
	    " FROM contacts AS t WHERE t.id = ?", &ic->contact, e)) !=
	    CRM_OK ||
	    (rc = crm_db_prepare(db, "SELECT coalesce(name, login), email"
	    " FROM users WHERE login = ?", &ic->user, e)) != CRM_OK) {
		ical_free(ic);
		return rc;
	}
	if ((*w = crm_writer_records(fp, CRM_FMT_ICS, cols, ncols, &ical_ops,
	    ic)) == NULL) {
		ical_free(ic);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	return CRM_OK;
}
