/*
 * card.c - one record for people: its profile, owner, consent, status and
 * stamps, the sections of its history (meetings, calls, tasks, deals),
 * and its last audited changes.  An activity's card is its fields and
 * its changes.
 *
 * Every query reads by primary key or by an index (users.login,
 * contacts_company, meetings_contact, calls_contact, audit_entity), so a
 * card costs the same on a base of a thousand contacts as on one of
 * millions: what it reads grows with the client's own history only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm-internal.h"

#define MAX_COLS	32
#define LABEL_WIDTH	10	/* "imported:" and a space */
#define HISTORY		5	/* audit entries a card shows */
#define COMPANY_CONTACTS 50	/* contacts a company card lists */
#define PAST		5	/* done activities a section shows */
#define AHEAD		10	/* open ones: planned, to do, in the pipeline */

/*
 * The sections of a client's history: of a contact (?1), or of a
 * company's contacts that the actor sees (and the company's own deals).  Each shows the last
 * PAST (?2) done activities and the first AHEAD (?3) open ones, by time;
 * each part reads the contact_id (or company_id) index of its table, so
 * a card costs what the client's history holds, not what the base holds.
 */
#define OF_CONTACT "contact_id = ?1"
#define OF_COMPANY \
	"contact_id IN (SELECT id FROM contacts WHERE company_id = ?1" \
	" AND crm_sees(owner))"
#define OF_COMPANY_DEALS \
	"(company_id = ?1 OR " OF_COMPANY ")"

/* The name of contact c (if any), unless the actor may not see it. */
#define CONTACT_NAME \
	"CASE WHEN c.id IS NULL THEN NULL WHEN crm_sees(c.owner)" \
	" THEN c.first_name || ' ' || c.last_name" \
	" ELSE 'another manager''s client' END"

/* Held, cancelled and missed meetings, then planned ones. */
#define MEETINGS_SQL(scope) \
	"SELECT m.id, m.at, m.status, m.topic, m.result, m.manager," \
	" " CONTACT_NAME " FROM" \
	" (SELECT * FROM (SELECT id, at, contact_id, status, topic, result," \
	"  manager FROM meetings WHERE " scope " AND archived_at IS NULL" \
	"  AND status <> 'planned' ORDER BY at DESC, id DESC LIMIT ?2)" \
	" UNION ALL SELECT * FROM (SELECT id, at, contact_id, status, topic," \
	"  result, manager FROM meetings WHERE " scope \
	"  AND archived_at IS NULL AND status = 'planned'" \
	"  ORDER BY at, id LIMIT ?3)) AS m" \
	" JOIN contacts AS c ON c.id = m.contact_id ORDER BY m.at, m.id"

/* The last calls: a call is never open. */
#define CALLS_SQL(scope) \
	"SELECT k.id, k.at, k.direction, k.status, k.duration, k.note," \
	" k.manager, " CONTACT_NAME " FROM" \
	" (SELECT id, at, contact_id, direction, status, duration, note," \
	"  manager FROM calls WHERE " scope " AND archived_at IS NULL" \
	"  ORDER BY at DESC, id DESC LIMIT ?2) AS k" \
	" JOIN contacts AS c ON c.id = k.contact_id ORDER BY k.at, k.id"

/* Tasks done, then open ones by due time (none last). */
#define TASKS_SQL(scope) \
	"SELECT t.id, t.due, t.title, t.assignee, t.done_at," \
	" " CONTACT_NAME " FROM" \
	" (SELECT * FROM (SELECT id, due, title, assignee, done_at, contact_id" \
	"  FROM tasks WHERE " scope " AND archived_at IS NULL" \
	"  AND done_at IS NOT NULL ORDER BY done_at DESC, id DESC LIMIT ?2)" \
	" UNION ALL SELECT * FROM (SELECT id, due, title, assignee, done_at," \
	"  contact_id FROM tasks WHERE " scope " AND archived_at IS NULL" \
	"  AND done_at IS NULL ORDER BY due IS NULL, due, id LIMIT ?3)) AS t" \
	" JOIN contacts AS c ON c.id = t.contact_id" \
	" ORDER BY t.done_at IS NULL, t.done_at, t.due IS NULL, t.due, t.id"

/* Deals won or lost, then open ones by expected close (none last). */
#define DEALS_SQL(scope) \
	"SELECT d.id, d.stage, d.title, CASE WHEN d.amount IS NULL THEN NULL" \
	" ELSE printf('%d.%02d', d.amount / 100, d.amount % 100) END," \
	" d.currency, d.expected_close, d.closed_at, d.manager," \
	" " CONTACT_NAME " FROM" \
	" (SELECT * FROM (SELECT id, stage, title, amount, currency," \
	"  expected_close, closed_at, manager, contact_id FROM deals" \
	"  WHERE " scope " AND archived_at IS NULL" \
	"  AND stage IN ('won', 'lost') ORDER BY closed_at DESC, id DESC" \
	"  LIMIT ?2)" \
	" UNION ALL SELECT * FROM (SELECT id, stage, title, amount, currency," \
	"  expected_close, closed_at, manager, contact_id FROM deals" \
	"  WHERE " scope " AND archived_at IS NULL" \
	"  AND stage NOT IN ('won', 'lost')" \
	"  ORDER BY expected_close IS NULL, expected_close, id LIMIT ?3)) AS d" \
	" LEFT JOIN contacts AS c ON c.id = d.contact_id" \
	" ORDER BY d.closed_at IS NULL, d.closed_at, d.expected_close IS NULL," \
	" d.expected_close, d.id"

#define COUNT_SQL(table, scope) \
	"SELECT count(*) FROM " table " WHERE " scope " AND archived_at IS NULL"

/* The columns of the sections; a company's card adds the contact's name. */
static const struct crm_col meeting_cols[] = {
	{ "id", 1 }, { "at", 0 }, { "status", 0 }, { "topic", 0 },
	{ "result", 0 }, { "manager", 0 }, { "contact", 0 },
};
static const struct crm_col call_cols[] = {
	{ "id", 1 }, { "at", 0 }, { "direction", 0 }, { "status", 0 },
	{ "duration", 0 }, { "note", 0 }, { "manager", 0 }, { "contact", 0 },
};
static const struct crm_col task_cols[] = {
	{ "id", 1 }, { "due", 0 }, { "title", 0 }, { "assignee", 0 },
	{ "done_at", 0 }, { "contact", 0 },
};
static const struct crm_col deal_cols[] = {
	{ "id", 1 }, { "stage", 0 }, { "title", 0 }, { "amount", 1 },
	{ "currency", 0 }, { "close", 0 }, { "closed_at", 0 },
	{ "manager", 0 }, { "contact", 0 },
};

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))
#define COL(i) (1u << (i))

/* A section of a client's history: its SQL for a contact and a company. */
struct section {
	const char *title, *entity;
	const char *sql[2], *count[2];	/* NULL: none on a company card */
	const struct crm_col *cols;	/* as the SQL reads them */
	size_t ncols;			/* the last is the contact's name */
	unsigned times;			/* columns shown in local time */
	int duration_col;		/* seconds shown as m:ss, or -1 */
};

static const struct section meetings_section = {
	"Meetings", "meetings",
	{ MEETINGS_SQL(OF_CONTACT), MEETINGS_SQL(OF_COMPANY) },
	{ COUNT_SQL("meetings", OF_CONTACT), COUNT_SQL("meetings", OF_COMPANY) },
	meeting_cols, NCOLS(meeting_cols), COL(1), -1,
};

static const struct section calls_section = {
	"Calls", "calls",
	{ CALLS_SQL(OF_CONTACT), CALLS_SQL(OF_COMPANY) },
	{ COUNT_SQL("calls", OF_CONTACT), COUNT_SQL("calls", OF_COMPANY) },
	call_cols, NCOLS(call_cols), COL(1), 4,
};

static const struct section tasks_section = {
	"Tasks", "tasks",
	{ TASKS_SQL(OF_CONTACT), NULL },
	{ COUNT_SQL("tasks", OF_CONTACT), NULL },
	task_cols, NCOLS(task_cols), COL(1) | COL(4), -1,
};

static const struct section deals_section = {
	"Deals", "deals",
	{ DEALS_SQL(OF_CONTACT), DEALS_SQL(OF_COMPANY_DEALS) },
	{ COUNT_SQL("deals", OF_CONTACT), COUNT_SQL("deals", OF_COMPANY_DEALS) },
	deal_cols, NCOLS(deal_cols), COL(6), -1,
};

/* Seconds as "m:ss", or "h:mm:ss" from an hour on, into buf. */
static void
format_seconds(const char *v, char *buf, size_t bufsz)
{
	long n = strtol(v, NULL, 10);

	if (n >= 3600)
		snprintf(buf, bufsz, "%ld:%02ld:%02ld", n / 3600, n / 60 % 60,
		    n % 60);
	else
		snprintf(buf, bufsz, "%ld:%02ld", n / 60, n % 60);
}

/* The number of activities of a section: *total. */
static int
count_section(struct crm_db *db, const struct section *sec, int64_t id,
    int is_company, long *total, struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = crm_db_prepare(db, sec->count[is_company], &st, e)) !=
	    CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		*total = (long)sqlite3_column_int64(st, 0);
	else
		rc = crm_db_err(db, e, sec->entity);
	sqlite3_finalize(st);
	return rc;
}

/*
 * A section of the history of contact id (or of company id's contacts,
 * is_company) as a table, times local; the header says how many there
 * are when not all are shown.
 */
static int
put_section(struct crm_db *db, FILE *fp, const struct section *sec,
    int64_t id, int is_company, struct crm_err *e)
{
	const char *row[NCOLS(deal_cols)];	/* the widest section */
	char when[NCOLS(deal_cols)][64], secs[32];
	struct crm_writer *w = NULL;
	sqlite3_stmt *st;
	long total, shown = 0;
	size_t i, ncols = sec->ncols - !is_company;
	int rc, step;

	if ((rc = crm_db_prepare(db, sec->sql[is_company], &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, PAST);
	sqlite3_bind_int(st, 3, AHEAD);
	/* A table is printed at its end, after the header. */
	while (rc == CRM_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (w == NULL && (w = crm_writer_new(fp, CRM_FMT_TABLE,
		    sec->cols, ncols)) == NULL) {
			rc = crm_err_set(e, CRM_EDB, "out of memory");
			break;
		}
		for (i = 0; i < ncols; i++) {
			row[i] = (const char *)sqlite3_column_text(st, (int)i);
			if ((sec->times & COL(i)) && row[i] != NULL) {
				crm_card_time(row[i], when[i], sizeof(when[i]));
				row[i] = when[i];
			}
		}
		if (sec->duration_col >= 0 && row[sec->duration_col] != NULL) {
			format_seconds(row[sec->duration_col], secs,
			    sizeof(secs));
			row[sec->duration_col] = secs;
		}
		if (crm_writer_row(w, row) != CRM_OK)
			rc = crm_err_set(e, CRM_EDB, "out of memory");
		shown++;
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, sec->entity);
	sqlite3_finalize(st);
	/* Fewer than either part's limit: all of them are shown. */
	total = shown;
	if (rc == CRM_OK && shown >= PAST)
		rc = count_section(db, sec, id, is_company, &total, e);
	if (rc == CRM_OK && shown == 0)
		fprintf(fp, "\n%s\n  (none)\n", sec->title);
	else if (rc == CRM_OK && shown < total && !is_company)
		fprintf(fp, "\n%s (%ld of %ld; crm-find %s contact=%lld lists "
		    "all)\n", sec->title, shown, total, sec->entity,
		    (long long)id);
	else if (rc == CRM_OK && shown < total)
		fprintf(fp, "\n%s (%ld of %ld)\n", sec->title, shown, total);
	else if (rc == CRM_OK)
		fprintf(fp, "\n%s\n", sec->title);
	if (crm_writer_end(w) != CRM_OK && rc == CRM_OK)
		rc = crm_err_output(e, errno, 0);
	return rc;
}

void
crm_card_time(const char *iso, char *buf, size_t bufsz)
{
	struct tm tm;
	time_t t;
	char *end;

	memset(&tm, 0, sizeof(tm));
	if (iso == NULL)
		iso = "";
	end = strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0' || (t = timegm(&tm)) == (time_t)-1 ||
	    localtime_r(&t, &tm) == NULL ||
	    strftime(buf, bufsz, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, bufsz, "%s", iso);
}

/*
 * Write "  label:   value"; the lines of a multi-line value start under
 * the first, and what a terminal would obey is escaped (terminal.c).
 */
static void
put_field(FILE *fp, const char *label, const char *value)
{
	int n;

	n = fprintf(fp, "  %s:", label);
	fprintf(fp, "%*s", n < LABEL_WIDTH + 2 ? LABEL_WIDTH + 3 - n : 1, "");
	crm_term_put_lines(fp, value, LABEL_WIDTH + 3);
	putc('\n', fp);
}

/* Tags as stored ("vip,madrid") read "vip, madrid". */
static void
put_tags(FILE *fp, const char *tags)
{
	struct crm_buf b = { 0 };
	const char *p;

	for (p = tags; *p != '\0'; p++)
		if (crm_buf_add(&b, p, 1) != CRM_OK ||
		    (*p == ',' && crm_buf_adds(&b, " ") != CRM_OK))
			break;
	if (crm_buf_add(&b, "", 1) == CRM_OK)
		put_field(fp, "tags", b.p);
	crm_buf_free(&b);
}

/* Step a statement that reads at most one row: 1 row, 0 none, -1 error. */
static int
step_one(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * "label: ana (Ana Ruiz)", "ana (inactive)", or "ana" for an unknown
 * login.
 */
static int
put_owner(struct crm_db *db, FILE *fp, const char *label, const char *login,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	struct crm_buf b = { 0 };
	const char *name;
	int rc, found, active;

	if ((rc = crm_db_prepare(db, "SELECT name, active FROM users"
	    " WHERE login = ?", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	if ((found = step_one(st)) < 0) {
		rc = crm_db_err(db, e, "read owner");
		goto out;
	}
	name = found ? (const char *)sqlite3_column_text(st, 0) : NULL;
	active = found ? sqlite3_column_int(st, 1) : 1;
	rc |= crm_buf_adds(&b, login);
	if ((name != NULL && *name != '\0') || !active) {
		rc |= crm_buf_adds(&b, " (");
		if (name != NULL && *name != '\0')
			rc |= crm_buf_adds(&b, name);
		if (!active)
			rc |= crm_buf_adds(&b, name != NULL && *name != '\0' ?
			    ", inactive" : "inactive");
		rc |= crm_buf_adds(&b, ")");
	}
	rc |= crm_buf_add(&b, "", 1);
	if (rc != CRM_OK)
		rc = crm_err_set(e, CRM_EDB, "out of memory");
	else
		put_field(fp, label, b.p);
out:
	crm_buf_free(&b);
	sqlite3_finalize(st);
	return rc;
}

/* "2026-11-27 10:00 by ana" for a time and a login column. */
static void
put_stamp(FILE *fp, const char *label, const char *at, const char *by)
{
	char when[64], line[192];

	crm_card_time(at, when, sizeof(when));
	snprintf(line, sizeof(line), "%s by %s", when, by ? by : "?");
	put_field(fp, label, line);
}

/*
 * The import batch a record came in with, when it did: its rows stand in
 * the audit trail as the batch, not one by one.
 */
static int
put_batch(struct crm_db *db, FILE *fp, const struct crm_entity *ent,
    int64_t id, struct crm_err *e)
{
	char sql[160], when[64], line[512];
	sqlite3_stmt *st;
	const char *source;
	int rc, found;

	if (!ent->batched)
		return CRM_OK;
	snprintf(sql, sizeof(sql), "SELECT b.id, b.time, b.actor, b.source"
	    " FROM %s AS t JOIN batches AS b ON b.id = t.batch_id"
	    " WHERE t.id = ?", ent->table);
	if ((rc = crm_db_prepare(db, sql, &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((found = step_one(st)) < 0)
		rc = crm_db_err(db, e, "read batch");
	else if (found) {
		crm_card_time((const char *)sqlite3_column_text(st, 1), when,
		    sizeof(when));
		source = (const char *)sqlite3_column_text(st, 3);
		snprintf(line, sizeof(line), "%s by %s, batch %lld%s%s", when,
		    (const char *)sqlite3_column_text(st, 2),
		    (long long)sqlite3_column_int64(st, 0),
		    source != NULL ? " from " : "", source != NULL ? source : "");
		put_field(fp, "imported", line);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The label of reference field f: contact_id reads "contact". */
static void
ref_label(const struct crm_field *f, char *label, size_t bufsz)
{
	size_t n = strlen(f->name);

	snprintf(label, bufsz, "%.*s", (int)(n - (n > 3 &&
	    strcmp(f->name + n - 3, "_id") == 0 ? 3 : 0)), f->name);
}

/*
 * What an activity names that the actor may not see: "contact: another
 * manager's client" (or call); a number is left out, as the title says
 * it.
 */
static void
put_hidden(FILE *fp, const struct crm_field *f)
{
	char label[64], line[96];

	if (f->type != CRM_FT_REF)
		return;
	ref_label(f, label, sizeof(label));
	snprintf(line, sizeof(line), "another manager's %s",
	    strcmp(f->arg, "contacts") == 0 || strcmp(f->arg, "companies") ==
	    0 ? "client" : label);
	put_field(fp, label, line);
}

/*
 * "contact:   Ana García (contact 3)": a reference to a contact or a
 * company with its name; to anything else, its id.
 */
static int
put_ref(struct crm_db *db, FILE *fp, const struct crm_field *f,
    const char *v, struct crm_err *e)
{
	static const struct {
		const char *table, *what, *sql;
	} names[] = {
		{ "contacts", "contact", "SELECT first_name || ' ' || last_name"
		  " FROM contacts WHERE id = ?" },
		{ "companies", "company", "SELECT name FROM companies"
		  " WHERE id = ?" },
	};
	char label[64], line[512];
	sqlite3_stmt *st;
	size_t i;
	int rc = CRM_OK;

	ref_label(f, label, sizeof(label));
	snprintf(line, sizeof(line), "%s", v);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(f->arg, names[i].table) != 0)
			continue;
		if ((rc = crm_db_prepare(db, names[i].sql, &st, e)) != CRM_OK)
			return rc;
		sqlite3_bind_int64(st, 1, strtoll(v, NULL, 10));
		if (step_one(st) == 1)
			snprintf(line, sizeof(line), "%s (%s %s)",
			    (const char *)sqlite3_column_text(st, 0),
			    names[i].what, v);
		sqlite3_finalize(st);
	}
	put_field(fp, label, line);
	return rc;
}

/*
 * The profile: every field that is set, in export order, the company with
 * its id, the owner with their name, then status and stamps.  An
 * activity's times are local, its people and clients named; its status
 * is its own field, so being archived is said apart.
 */
/*
 * "yes (since 27 Nov 2026 10:00, web form)": the consent in column i of
 * rec, its time and source in the two columns after it.
 */
static void
put_consent(FILE *fp, const char *v, sqlite3_stmt *rec, int i)
{
	const char *at = (const char *)sqlite3_column_text(rec, i + 1);
	const char *src = (const char *)sqlite3_column_text(rec, i + 2);
	char when[64], line[512];

	if (at == NULL || *at == '\0') {
		put_field(fp, "consent", v);
		return;
	}
	crm_card_time(at, when, sizeof(when));
	snprintf(line, sizeof(line), "%s (since %s%s%s)", v, when,
	    src != NULL && *src != '\0' ? ", " : "", src != NULL ? src : "");
	put_field(fp, "consent", line);
}

static int
put_profile(struct crm_db *db, FILE *fp, const struct crm_entity *ent,
    int64_t id, sqlite3_stmt *rec, const int *masked, int64_t company_id,
    const char *erased, struct crm_err *e)
{
	const char *created_at = NULL, *created_by = NULL;
	const char *updated_at = NULL, *updated_by = NULL, *archived = NULL;
	char when[64], line[512];
	size_t i;
	int rc, found;

	for (i = 0; i < ent->nfields; i++) {
		const struct crm_field *f = &ent->fields[i];
		const char *v = (const char *)sqlite3_column_text(rec, (int)i);

		if (strcmp(f->name, "created_at") == 0)
			created_at = v;
		else if (strcmp(f->name, "created_by") == 0)
			created_by = v;
		else if (strcmp(f->name, "updated_at") == 0)
			updated_at = v;
		else if (strcmp(f->name, "updated_by") == 0)
			updated_by = v;
		else if (strcmp(f->name, "archived_at") == 0)
			archived = v;
		if (v == NULL || *v == '\0')
			continue;
		/* Consent says since when and from where on its own line. */
		if (strcmp(f->name, "consent_source") == 0)
			continue;
		if (strcmp(f->name, "consent") == 0) {
			put_consent(fp, v, rec, (int)i);
			continue;
		}
		if (masked[i]) {
			put_hidden(fp, f);
			continue;
		}
		/* An activity's topic or title is its card's title already. */
		if (ent->added_by != NULL && (strcmp(f->name, "topic") == 0 ||
		    strcmp(f->name, "title") == 0))
			continue;
		switch (f->type) {
		case CRM_FT_ID:
		case CRM_FT_NAME:
		case CRM_FT_TIME:
		case CRM_FT_LOGIN:
			break;	/* in the title, or stamps below */
		case CRM_FT_COMPANY:
			/* Its id only when the actor may see the company. */
			if ((rc = crm_access_find(db, crm_entity_lookup(
			    "company"), company_id, &found, e)) != CRM_OK)
				return rc;
			snprintf(line, sizeof(line), found ? "%s (company %lld)" :
			    "%s", v, (long long)company_id);
			put_field(fp, f->name, line);
			break;
		case CRM_FT_OWNER:
			if ((rc = put_owner(db, fp, f->name, v, e)) != CRM_OK)
				return rc;
			break;
		case CRM_FT_TAGS:
			put_tags(fp, v);
			break;
		case CRM_FT_USER:
			if ((rc = put_owner(db, fp, f->name, v, e)) != CRM_OK)
				return rc;
			break;
		case CRM_FT_REF:
			if ((rc = put_ref(db, fp, f, v, e)) != CRM_OK)
				return rc;
			break;
		case CRM_FT_WHEN:
			crm_card_time(v, when, sizeof(when));
			put_field(fp, f->name, when);
			break;
		case CRM_FT_MINUTES:
			snprintf(line, sizeof(line), "%s min", v);
			put_field(fp, f->name, line);
			break;
		case CRM_FT_SECONDS:
			format_seconds(v, line, sizeof(line));
			put_field(fp, f->name, line);
			break;
		default:
			put_field(fp, f->name, v);
			break;
		}
	}
	if (ent->added_by != NULL) {
		if (archived != NULL && *archived != '\0') {
			crm_card_time(archived, when, sizeof(when));
			put_field(fp, "archived", when);
		}
	} else if (erased[0] != '\0') {
		crm_card_time(erased, when, sizeof(when));
		snprintf(line, sizeof(line), "erased %s (personal data removed)",
		    when);
		put_field(fp, "status", line);
	} else if (archived != NULL && *archived != '\0') {
		crm_card_time(archived, when, sizeof(when));
		snprintf(line, sizeof(line), "archived %s", when);
		put_field(fp, "status", line);
	} else
		put_field(fp, "status", "active");
	put_stamp(fp, "created", created_at, created_by);
	put_stamp(fp, "updated", updated_at, updated_by);
	return put_batch(db, fp, ent, id, e);
}

/*
 * A company's contacts that the actor sees, by id, as aligned lines;
 * archived ones marked.
 */
static int
put_contacts(struct crm_db *db, FILE *fp, int64_t company_id,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	struct crm_buf cells = { 0 };
	size_t widths[4] = { 0 }, nrows = 0, r, c, w;
	long total = 0;
	const char *p;
	int rc, step;

	if ((rc = crm_db_prepare(db, "SELECT count(*) FROM contacts"
	    " WHERE company_id = ? AND crm_sees(owner)", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, company_id);
	if (step_one(st) == 1)
		total = (long)sqlite3_column_int64(st, 0);
	else
		rc = crm_db_err(db, e, "count contacts");
	sqlite3_finalize(st);
	if (rc != CRM_OK)
		return rc;
	fprintf(fp, "\nContacts (%ld)\n", total);
	if (total == 0) {
		fprintf(fp, "  (none)\n");
		return CRM_OK;
	}
	if ((rc = crm_db_prepare(db, "SELECT id, first_name || ' ' ||"
	    " last_name, coalesce(phone, ''), coalesce(email, '') ||"
	    " CASE WHEN archived_at IS NULL THEN '' ELSE '  (archived)' END"
	    " FROM contacts WHERE company_id = ? AND crm_sees(owner)"
	    " ORDER BY id LIMIT ?", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, company_id);
	sqlite3_bind_int(st, 2, COMPANY_CONTACTS);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (c = 0; c < 4; c++) {
			const char *v = (const char *)sqlite3_column_text(st,
			    (int)c);
			size_t start = cells.len;

			/* Kept as a terminal shows it: widths are of that. */
			if (v != NULL)
				rc |= crm_term_escape(&cells, v, strlen(v),
				    CRM_TERM_CELL);
			rc |= crm_buf_add(&cells, "", 1);
			if (rc == CRM_OK &&
			    (w = crm_utf8_width(cells.p + start)) > widths[c])
				widths[c] = w;
		}
		nrows++;
	}
	if (step != SQLITE_DONE)
		rc = crm_db_err(db, e, "read contacts");
	else if (rc != CRM_OK)
		rc = crm_err_set(e, CRM_EDB, "out of memory");
	sqlite3_finalize(st);
	for (r = 0, p = cells.p; rc == CRM_OK && r < nrows; r++) {
		size_t pending = 2;

		/* Padding goes out only before a later cell: no trailing blanks. */
		for (c = 0; c < 4; c++) {
			w = crm_utf8_width(p);
			if (c == 0)	/* ids align right */
				pending += widths[0] - w;
			if (*p != '\0') {
				fprintf(fp, "%*s%s", (int)pending, "", p);
				pending = 0;
			}
			pending += (c == 0 ? 0 : widths[c] - w) + 2;
			p += strlen(p) + 1;
		}
		putc('\n', fp);
	}
	if (rc == CRM_OK && total > (long)nrows)
		fprintf(fp, "  ... and %ld more (crm-export contacts "
		    "company=NAME lists them all)\n", total - (long)nrows);
	crm_buf_free(&cells);
	return rc;
}

/*
 * A copy of column i of audit row st, a value of field of record id, into
 * *out (NULL when NULL): a reference to what the actor may not see is
 * said so, not shown.
 */
static int
history_value(struct crm_db *db, const struct crm_entity *ent, int64_t id,
    const char *field, sqlite3_stmt *st, int i, char **out,
    struct crm_err *e)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	int rc, masked;

	*out = NULL;
	if (v == NULL)
		return CRM_OK;
	if ((rc = crm_access_masks_change(db, ent, id, field, v, &masked, e)) !=
	    CRM_OK)
		return rc;
	if ((*out = strdup(masked ? "(another manager's client)" : v)) ==
	    NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	return CRM_OK;
}

/* The last HISTORY audit entries of the record, oldest first. */
static int
put_history(struct crm_db *db, FILE *fp, const struct crm_entity *ent,
    int64_t id, struct crm_err *e)
{
	struct {
		char when[64], actor[64], action[32];
		char *field, *old, *new;
	} h[HISTORY];
	sqlite3_stmt *st;
	size_t n = 0, i, wa = 0, wx = 0;
	long total = 0;
	int rc, step = SQLITE_DONE;

	if ((rc = crm_db_prepare(db, "SELECT count(*) FROM audit"
	    " WHERE entity = ?1 AND entity_id = ?2", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, ent->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	if (step_one(st) == 1)
		total = (long)sqlite3_column_int64(st, 0);
	else
		rc = crm_db_err(db, e, "count history");
	sqlite3_finalize(st);
	if (rc != CRM_OK)
		return rc;
	if (total > HISTORY)
		fprintf(fp, "\nHistory (last %d of %ld changes; crm-log %s "
		    "%lld shows all)\n", HISTORY, total, ent->name,
		    (long long)id);
	else
		fprintf(fp, "\nHistory\n");
	if (total == 0) {
		fprintf(fp, "  (no changes recorded one by one)\n");
		return CRM_OK;
	}
	/* Newest first by the index, then printed oldest first. */
	if ((rc = crm_db_prepare(db, "SELECT time, actor, action, field, old,"
	    " new FROM audit WHERE entity = ?1 AND entity_id = ?2"
	    " ORDER BY id DESC LIMIT ?3", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, ent->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int(st, 3, HISTORY);
	memset(h, 0, sizeof(h));
	while (n < HISTORY && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v;

		crm_card_time((const char *)sqlite3_column_text(st, 0),
		    h[n].when, sizeof(h[n].when));
		v = (const char *)sqlite3_column_text(st, 1);
		snprintf(h[n].actor, sizeof(h[n].actor), "%s", v ? v : "");
		v = (const char *)sqlite3_column_text(st, 2);
		snprintf(h[n].action, sizeof(h[n].action), "%s", v ? v : "");
		if ((v = (const char *)sqlite3_column_text(st, 3)) != NULL)
			h[n].field = strdup(v);
		if ((rc = history_value(db, ent, id, h[n].field, st, 4,
		    &h[n].old, e)) != CRM_OK ||
		    (rc = history_value(db, ent, id, h[n].field, st, 5,
		    &h[n].new, e)) != CRM_OK) {
			n++;	/* freed below */
			break;
		}
		if (strlen(h[n].actor) > wa)
			wa = strlen(h[n].actor);
		if (strlen(h[n].action) > wx)
			wx = strlen(h[n].action);
		n++;
	}
	if (rc == CRM_OK && n < HISTORY && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "read history");
	sqlite3_finalize(st);
	for (i = n; rc == CRM_OK && i-- > 0;) {
		/* No trailing blanks after an action with no field. */
		fprintf(fp, "  %s  %-*s  %-*s", h[i].when, (int)wa, h[i].actor,
		    h[i].field != NULL ? (int)wx : 0, h[i].action);
		if (h[i].field != NULL) {
			fprintf(fp, "  %s", h[i].field);
			if (h[i].old != NULL || h[i].new != NULL)
				fputs(":", fp);
		}
		if (h[i].old != NULL) {
			fputs(" ", fp);
			crm_term_put(fp, h[i].old);
			fputs(" ->", fp);
		}
		if (h[i].new != NULL) {
			fputs(" ", fp);
			crm_term_put(fp, h[i].new);
		} else if (h[i].old != NULL)
			fputs(" (empty)", fp);
		putc('\n', fp);
	}
	for (i = 0; i < n; i++) {
		free(h[i].field);
		free(h[i].old);
		free(h[i].new);
	}
	return rc;
}

/*
 * The record's row in export form, prepared and stepped; as_seen: as the
 * actor may see it (crm_access_source), else as stored.
 */
static int
read_record(struct crm_db *db, const struct crm_entity *ent, int64_t id,
    int as_seen, sqlite3_stmt **st, struct crm_err *e)
{
	struct crm_buf from = { 0 };
	char *sql = NULL;
	int rc, found;

	*st = NULL;
	if (ent->nfields > MAX_COLS)
		return crm_err_set(e, CRM_EDB, "too many fields");
	rc = as_seen ? crm_access_source(db, ent, &from) :
	    crm_buf_adds(&from, ent->table);
	if (rc != CRM_OK || crm_entity_select_sql_from(ent, from.p,
	    "WHERE t.id = ?", 0, &sql) != CRM_OK) {
		crm_buf_free(&from);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	crm_buf_free(&from);
	rc = crm_db_prepare(db, sql, st, e);
	free(sql);
	if (rc != CRM_OK)
		return rc;
	sqlite3_bind_int64(*st, 1, id);
	if ((found = step_one(*st)) < 0)
		rc = crm_db_err(db, e, "read record");
	else if (!found)
		rc = crm_err_set(e, CRM_ENOTFOUND, "no %s has id %lld",
		    ent->name, (long long)id);
	if (rc != CRM_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
	}
	return rc;
}

/*
 * What the export form of contact id leaves out: its company's id (or 0)
 * and when it was erased (or "").
 */
static int
contact_extra(struct crm_db *db, int64_t id, int64_t *company_id,
    char *erased, size_t erasedsz, struct crm_err *e)
{
	sqlite3_stmt *st;
	const char *v;
	int rc;

	*company_id = 0;
	erased[0] = '\0';
	if ((rc = crm_db_prepare(db, "SELECT company_id, erased_at"
	    " FROM contacts WHERE id = ?", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (step_one(st) < 0)
		rc = crm_db_err(db, e, "read contact");
	else {
		*company_id = sqlite3_column_int64(st, 0);
		if ((v = (const char *)sqlite3_column_text(st, 1)) != NULL)
			snprintf(erased, erasedsz, "%s", v);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * An activity's title: its topic or title, or a call's direction and
 * number ("Call out to +34600111222"), unless masked (crm_access_masks).
 */
static void
put_activity_title(FILE *fp, const struct crm_entity *ent, sqlite3_stmt *rec,
    const int *masked)
{
	int topic = crm_entity_field(ent, "topic");
	int title = crm_entity_field(ent, "title");
	int dir = crm_entity_field(ent, "direction");
	int number = crm_entity_field(ent, "number");
	const char *v;

	if (topic >= 0 || title >= 0) {
		v = (const char *)sqlite3_column_text(rec, topic >= 0 ? topic :
		    title);
		crm_term_put(fp, v);
	} else if (dir >= 0) {
		v = (const char *)sqlite3_column_text(rec, dir);
		fprintf(fp, "%s", v != NULL && strcmp(v, "in") == 0 ?
		    "Call in from" : "Call out to");
		v = number >= 0 ? (const char *)sqlite3_column_text(rec,
		    number) : NULL;
		putc(' ', fp);
		if (number >= 0 && masked[number])
			fputs("another manager's client", fp);
		else
			crm_term_put(fp, v != NULL ? v : "a contact");
	}
}

int
crm_card(struct crm_db *db, const struct crm_entity *ent, int64_t id,
    FILE *fp, struct crm_err *e)
{
	const char *vals[MAX_COLS];
	sqlite3_stmt *rec;
	int64_t company_id = 0;
	char erased[32] = "";
	int masked[MAX_COLS] = { 0 };
	int is_contact = crm_entity_field(ent, "last_name") >= 0;
	int is_company = ent->added_by == NULL && !is_contact;
	int rc, first, last, name;
	size_t i;

	if ((rc = read_record(db, ent, id, 0, &rec, e)) != CRM_OK)
		return rc;
	if (is_contact && (rc = contact_extra(db, id, &company_id, erased,
	    sizeof(erased), e)) != CRM_OK)
		goto out;
	/* What the record names that the actor may not see is said so. */
	for (i = 0; i < ent->nfields; i++)
		vals[i] = (const char *)sqlite3_column_text(rec, (int)i);
	for (i = 0; i < ent->nfields && rc == CRM_OK; i++)
		rc = crm_access_masks(db, ent, (int)i, vals, &masked[i], e);
	if (rc != CRM_OK)
		goto out;
	first = crm_entity_field(ent, "first_name");
	last = crm_entity_field(ent, "last_name");
	name = crm_entity_field(ent, "name");
	if (first >= 0 && last >= 0) {
		crm_term_put(fp, (const char *)sqlite3_column_text(rec, first));
		putc(' ', fp);
		crm_term_put(fp, (const char *)sqlite3_column_text(rec, last));
	} else if (name >= 0)
		crm_term_put(fp, (const char *)sqlite3_column_text(rec, name));
	else
		put_activity_title(fp, ent, rec, masked);
	fprintf(fp, " (%s %lld)\n", ent->name, (long long)id);
	if ((rc = put_profile(db, fp, ent, id, rec, masked, company_id, erased,
	    e)) != CRM_OK)
		goto out;
	if (is_contact) {
		if ((rc = crm_custom_card(db, id, fp, e)) != CRM_OK ||
		    (rc = put_section(db, fp, &meetings_section, id, 0, e)) !=
		    CRM_OK ||
		    (rc = put_section(db, fp, &calls_section, id, 0, e)) !=
		    CRM_OK ||
		    (rc = put_section(db, fp, &tasks_section, id, 0, e)) !=
		    CRM_OK ||
		    (rc = put_section(db, fp, &deals_section, id, 0, e)) !=
		    CRM_OK)
			goto out;
	} else if (is_company) {
		if ((rc = put_contacts(db, fp, id, e)) != CRM_OK ||
		    (rc = put_section(db, fp, &meetings_section, id, 1, e)) !=
		    CRM_OK ||
		    (rc = put_section(db, fp, &calls_section, id, 1, e)) !=
		    CRM_OK ||
		    (rc = put_section(db, fp, &deals_section, id, 1, e)) !=
		    CRM_OK)
			goto out;
	}
	rc = put_history(db, fp, ent, id, e);
out:
	sqlite3_finalize(rec);
	if (rc == CRM_OK && (fflush(fp) != 0 || ferror(fp)))
		rc = crm_err_output(e, errno, 0);
	return rc;
}

int
crm_card_record(struct crm_db *db, const struct crm_entity *ent,
    int64_t id, struct crm_writer *w, struct crm_err *e)
{
	const char *row[MAX_COLS];
	sqlite3_stmt *rec;
	size_t i;
	int rc;

	if ((rc = read_record(db, ent, id, 1, &rec, e)) != CRM_OK)
		return rc;
	for (i = 0; i < ent->nfields; i++)
		row[i] = (const char *)sqlite3_column_text(rec, (int)i);
	if (crm_writer_row(w, row) != CRM_OK)
		rc = crm_err_output(e, errno, 0);
	sqlite3_finalize(rec);
	return rc;
}
