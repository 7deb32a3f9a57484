/*
 * check.c - data-quality problems of the base, one row each, a quality
 * score per owner, and the safe fixes.
 *
 * Every check is one set-based SELECT (a scan, a GROUP BY or window over
 * an index, or indexed lookups), and the checks asked for run as one
 * UNION ALL sorted once.  Phone and e-mail validity use the same code as
 * input does (phone.c, email.c) through SQL functions registered here.
 * Archived and erased records are skipped: nobody works on them.  All
 * SQL text is fixed; the owner, the time and the codes are bound.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm-internal.h"

const struct crm_col crm_check_cols[] = {
	{ "entity", 0 }, { "id", 1 }, { "owner", 0 }, { "problem", 0 },
	{ "detail", 0 },
};
const size_t crm_check_ncols = sizeof(crm_check_cols) /
    sizeof(crm_check_cols[0]);

const struct crm_col crm_check_summary_cols[] = {
	{ "owner", 0 }, { "records", 1 }, { "problems", 1 }, { "score", 1 },
};
const size_t crm_check_summary_ncols = sizeof(crm_check_summary_cols) /
    sizeof(crm_check_summary_cols[0]);

const char *const crm_check_problems[] = {
	"bad_email", "bad_phone", "callback_overdue", "deal_past_close",
	"duplicate_email", "duplicate_name", "duplicate_phone",
	"meeting_no_result", "meeting_past_planned", "no_contact_data",
	"no_name", "task_overdue", "unnormalised_email", "unnormalised_phone",
	"untouched", NULL,
};

/*
 * The parameters every fragment may use: ?1 now (stored form), ?2 the
 * owner or NULL, ?3 phone.default_country or NULL, ?4 the untouched
 * cut-off (stored form), ?5 today's local date "YYYY-MM-DD", ?7 the
 * untouched days (?6 is the problem filter of problems_sql).
 */
#define ACTIVE_CONTACT(t) \
	t ".archived_at IS NULL AND " t ".erased_at IS NULL"
#define OWNED(col) "(?2 IS NULL OR " col " = ?2)"

/*
 * Duplicates: the keys held twice among every contact, found by a GROUP
 * BY (on an index alone for phones and e-mails), then the active
 * contacts of those few groups and their window: n in the group, f the
 * lowest id, s the next.  "key" is the partition expression over c.
 */
#define DUPLICATES(dkeys, join, key) \
	" FROM (SELECT c.*, count(*) OVER w AS n, min(c.id) OVER w AS f," \
	" nth_value(c.id, 2) OVER w AS s FROM (" dkeys ") AS d" \
	" JOIN contacts AS c ON " join " WHERE " ACTIVE_CONTACT("c") \
	" WINDOW w AS (PARTITION BY " key " ORDER BY c.id ROWS BETWEEN" \
	" UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) AS g" \
	" WHERE n > 1 AND " OWNED("owner")
/*
 * The "also on contact N" tail of a duplicate's detail; a contact the
 * actor may not see is "another manager's client", with no id.
 */
#define OTHER "(CASE WHEN g.id = g.f THEN g.s ELSE g.f END)"
#define ALSO \
	" || ' also on ' || CASE WHEN crm_sees((SELECT owner FROM contacts" \
	" WHERE contacts.id = " OTHER ")) THEN 'contact ' || " OTHER \
	" ELSE 'another manager''s client' END ||" \
	" CASE WHEN n > 2 THEN ' and ' || (n - 2) || ' more' ELSE '' END"

/* A check: the codes it can give, and its SELECT of the five columns. */
static const struct check {
	const char *codes;	/* ",code,code," */
	const char *sql;
} checks[] = {
	{ ",no_name,",
	  "SELECT 'contact' AS entity, id, owner, 'no_name' AS problem,"
	  " CASE WHEN trim(first_name) = '' AND trim(last_name) = ''"
	  " THEN 'no first and no last name' WHEN trim(first_name) = ''"
	  " THEN 'no first name' ELSE 'no last name' END AS detail"
	  " FROM contacts AS c WHERE " ACTIVE_CONTACT("c") " AND "
	  OWNED("owner") " AND (trim(first_name) = '' OR trim(last_name) = '')" },
	{ ",no_contact_data,",
	  "SELECT 'contact', id, owner, 'no_contact_data',"
	  " 'no phone and no e-mail'"
	  " FROM contacts AS c WHERE " ACTIVE_CONTACT("c") " AND "
	  OWNED("owner") " AND trim(coalesce(phone, '')) = ''"
	  " AND trim(coalesce(email, '')) = ''" },
	{ ",bad_phone,unnormalised_phone,",
	  "SELECT 'contact', id, owner, CASE substr(x, 1, 1) WHEN 'U'"
	  " THEN 'unnormalised_phone' ELSE 'bad_phone' END, substr(x, 2)"
	  " FROM (SELECT id, owner, crm_check_phone(phone, ?3) AS x"
	  " FROM contacts AS c WHERE " ACTIVE_CONTACT("c") " AND "
	  OWNED("owner") " AND trim(phone) <> '') WHERE x IS NOT NULL" },
	{ ",bad_email,unnormalised_email,",
	  "SELECT 'contact', id, owner, CASE substr(x, 1, 1) WHEN 'U'"
	  " THEN 'unnormalised_email' ELSE 'bad_email' END, substr(x, 2)"
	  " FROM (SELECT id, owner, crm_check_email(email) AS x"
	  " FROM contacts AS c WHERE " ACTIVE_CONTACT("c") " AND "
	  OWNED("owner") " AND trim(email) <> '') WHERE x IS NOT NULL" },
	{ ",bad_phone,unnormalised_phone,",
	  "SELECT 'company', id, owner, CASE substr(x, 1, 1) WHEN 'U'"
	  " THEN 'unnormalised_phone' ELSE 'bad_phone' END, substr(x, 2)"
	  " FROM (SELECT id, owner, crm_check_phone(phone, ?3) AS x"
	  " FROM companies WHERE archived_at IS NULL AND " OWNED("owner")
	  " AND trim(phone) <> '') WHERE x IS NOT NULL" },
	{ ",bad_email,unnormalised_email,",
	  "SELECT 'company', id, owner, CASE substr(x, 1, 1) WHEN 'U'"
	  " THEN 'unnormalised_email' ELSE 'bad_email' END, substr(x, 2)"
	  " FROM (SELECT id, owner, crm_check_email(email) AS x"
	  " FROM companies WHERE archived_at IS NULL AND " OWNED("owner")
	  " AND trim(email) <> '') WHERE x IS NOT NULL" },
	/* Duplicates: the group is the whole base, the rows only owner's. */
	{ ",duplicate_phone,",
	  "SELECT 'contact', id, owner, 'duplicate_phone', phone" ALSO
	  DUPLICATES("SELECT phone FROM contacts WHERE phone <> ''"
	  " GROUP BY phone HAVING count(*) > 1", "c.phone = d.phone",
	  "c.phone") },
	{ ",duplicate_email,",
	  "SELECT 'contact', id, owner, 'duplicate_email', email" ALSO
	  DUPLICATES("SELECT email FROM contacts WHERE email <> ''"
	  " GROUP BY email COLLATE NOCASE HAVING count(*) > 1",
	  "c.email = d.email COLLATE NOCASE", "c.email COLLATE NOCASE") },
	{ ",duplicate_name,",
	  "SELECT 'contact', id, owner, 'duplicate_name', first_name || ' ' ||"
	  " last_name || ' at ' || (SELECT name FROM companies"
	  " WHERE companies.id = company_id)" ALSO
	  DUPLICATES("SELECT company_id, first_name, last_name FROM contacts"
	  " WHERE company_id IS NOT NULL GROUP BY company_id,"
	  " first_name COLLATE NOCASE, last_name COLLATE NOCASE"
	  " HAVING count(*) > 1", "c.company_id = d.company_id"
	  " AND c.first_name = d.first_name COLLATE NOCASE"
	  " AND c.last_name = d.last_name COLLATE NOCASE", "c.company_id,"
	  " c.first_name COLLATE NOCASE, c.last_name COLLATE NOCASE") },
	/*
	 * Untouched: the contacts touched since the cut-off are gathered
	 * once (a scan of each activity table), the rest reported.
	 */
	{ ",untouched,",
	  "SELECT 'contact', id, owner, 'untouched', 'no activity for ' || ?7"
	  " || ' days' FROM contacts AS c WHERE " ACTIVE_CONTACT("c") " AND "
	  OWNED("owner") " AND created_at < ?4 AND id NOT IN ("
	  "SELECT contact_id FROM calls WHERE at >= ?4"
	  " AND contact_id IS NOT NULL"
	  " UNION ALL SELECT contact_id FROM meetings WHERE at >= ?4"
	  " AND status <> 'cancelled'"
	  " UNION ALL SELECT contact_id FROM tasks WHERE done_at >= ?4"
	  " AND contact_id IS NOT NULL)" },
	{ ",meeting_no_result,",
	  "SELECT 'meeting', id, manager, 'meeting_no_result',"
	  " 'held ' || at || ': ' || topic FROM meetings"
	  " WHERE archived_at IS NULL AND status = 'held' AND " OWNED("manager")
	  " AND trim(coalesce(result, '')) = ''" },
	{ ",meeting_past_planned,",
	  "SELECT 'meeting', id, manager, 'meeting_past_planned',"
	  " 'planned for ' || at || ': ' || topic FROM meetings"
	  " WHERE status = 'planned' AND at < ?1 AND archived_at IS NULL AND "
	  OWNED("manager") },
	{ ",callback_overdue,task_overdue,",
	  "SELECT 'task', id, assignee, CASE WHEN call_id IS NULL"
	  " THEN 'task_overdue' ELSE 'callback_overdue' END,"
	  " 'due ' || due || ': ' || title FROM tasks"
	  " WHERE done_at IS NULL AND due < ?1 AND archived_at IS NULL AND "
	  OWNED("assignee") },
	{ ",deal_past_close,",
	  "SELECT 'deal', id, manager, 'deal_past_close',"
	  " 'expected ' || expected_close || ', ' || stage || ': ' || title"
	  " FROM deals WHERE closed_at IS NULL AND stage NOT IN ('won', 'lost')"
	  " AND expected_close < ?5 AND archived_at IS NULL AND "
	  OWNED("manager") },
};
#define NCHECKS (sizeof(checks) / sizeof(checks[0]))

/* The records a score is over: every one the checks read, by owner. */
static const char records_sql[] =
    "SELECT owner, count(*) AS n FROM ("
    " SELECT owner FROM contacts AS c WHERE " ACTIVE_CONTACT("c")
    " UNION ALL SELECT owner FROM companies WHERE archived_at IS NULL"
    " UNION ALL SELECT manager FROM meetings WHERE archived_at IS NULL"
    " UNION ALL SELECT assignee FROM tasks WHERE archived_at IS NULL"
    " UNION ALL SELECT manager FROM deals WHERE archived_at IS NULL)"
    " WHERE " OWNED("owner") " GROUP BY owner";

int
crm_check_problem(const char *code, struct crm_err *e)
{
	size_t i;

	for (i = 0; crm_check_problems[i] != NULL; i++)
		if (strcmp(crm_check_problems[i], code) == 0)
			return CRM_OK;
	return crm_err_set(e, CRM_EUSAGE, "unknown problem \"%s\" (crm-check "
	    "--help lists them)", code);
}

/*
 * crm_check_phone(phone, default_cc): NULL when phone is empty or stored
 * as it normalises; "U" and a detail when it normalises to something
 * else; "B" and the reason when it does not.
 */
static void
sql_check_phone(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *p = (const char *)sqlite3_value_text(argv[0]);
	const char *cc = (const char *)sqlite3_value_text(argv[1]);
	struct crm_err e = { 0 };
	char norm[32], *s;

	if (p == NULL || *p == '\0')
		return;
	if (crm_phone_normalize(p, cc, norm, sizeof(norm), &e) != CRM_OK)
		s = sqlite3_mprintf("B%s", e.msg);
	else if (strcmp(norm, p) == 0)
		return;
	else
		s = sqlite3_mprintf("Uphone \"%s\" normalises to %s", p, norm);
	if (s == NULL)
		sqlite3_result_error_nomem(cx);
	else
		sqlite3_result_text(cx, s, -1, sqlite3_free);
}

/* crm_check_email(email): as crm_check_phone, for an e-mail address. */
static void
sql_check_email(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *p = (const char *)sqlite3_value_text(argv[0]);
	struct crm_err e = { 0 };
	char norm[256], *s;

	if (p == NULL || *p == '\0')
		return;
	if (crm_email_normalize(p, norm, sizeof(norm), &e) != CRM_OK)
		s = sqlite3_mprintf("B%s", e.msg);
	else if (strcmp(norm, p) == 0)
		return;
	else
		s = sqlite3_mprintf("Uemail \"%s\" normalises to %s", p, norm);
	if (s == NULL)
		sqlite3_result_error_nomem(cx);
	else
		sqlite3_result_text(cx, s, -1, sqlite3_free);
}

/*
 * crm_fix_phone(phone, default_cc) and crm_fix_email(email): the
 * normalised form when it differs from the stored one, else NULL.
 */
static void
sql_fix_phone(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *p = (const char *)sqlite3_value_text(argv[0]);
	const char *cc = (const char *)sqlite3_value_text(argv[1]);
	char norm[32];

	if (p != NULL && crm_phone_normalize(p, cc, norm, sizeof(norm),
	    NULL) == CRM_OK && strcmp(norm, p) != 0)
		sqlite3_result_text(cx, norm, -1, SQLITE_TRANSIENT);
}

static void
sql_fix_email(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *p = (const char *)sqlite3_value_text(argv[0]);
	char norm[256];

	if (p != NULL && crm_email_normalize(p, norm, sizeof(norm), NULL) ==
	    CRM_OK && strcmp(norm, p) != 0)
		sqlite3_result_text(cx, norm, -1, SQLITE_TRANSIENT);
}

static int
register_functions(struct crm_db *db, struct crm_err *e)
{
	static const struct {
		const char *name;
		int nargs;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} fns[] = {
		{ "crm_check_phone", 2, sql_check_phone },
		{ "crm_check_email", 1, sql_check_email },
		{ "crm_fix_phone", 2, sql_fix_phone },
		{ "crm_fix_email", 1, sql_fix_email },
	};
	size_t i;

	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (sqlite3_create_function_v2(db->sql, fns[i].name,
		    fns[i].nargs, SQLITE_UTF8 | SQLITE_DETERMINISTIC |
		    SQLITE_INNOCUOUS, NULL, fns[i].fn, NULL, NULL, NULL) !=
		    SQLITE_OK)
			return crm_db_err(db, e, "register functions");
	return CRM_OK;
}

/* Whether q selects code (every code when it names none). */
static int
selected(const struct crm_check_query *q, const char *code)
{
	size_t i;

	if (q->problems == NULL || q->problems[0] == NULL)
		return 1;
	for (i = 0; q->problems[i] != NULL; i++)
		if (strcmp(q->problems[i], code) == 0)
			return 1;
	return 0;
}

/* Whether q selects one of the codes of ",a,b," */
static int
check_selected(const struct crm_check_query *q, const char *codes)
{
	char code[64];
	const char *p, *end;

	for (p = codes + 1; *p != '\0'; p = end + 1) {
		end = strchr(p, ',');
		snprintf(code, sizeof(code), "%.*s", (int)(end - p), p);
		if (selected(q, code))
			return 1;
	}
	return 0;
}

/*
 * Build the union of the checks q selects, as "p", into b: a WITH
 * clause.  ?6 is the list of selected codes (",a,b,") or NULL for all.
 */
static int
problems_sql(const struct crm_check_query *q, struct crm_buf *b)
{
	size_t i, n = 0;
	int rc = crm_buf_adds(b,
	    "WITH u(entity, id, owner, problem, detail) AS (");

	for (i = 0; rc == CRM_OK && i < NCHECKS; i++) {
		if (!check_selected(q, checks[i].codes))
			continue;
		if (n++ > 0)
			rc = crm_buf_adds(b, " UNION ALL ");
		if (rc == CRM_OK)
			rc = crm_buf_adds(b, checks[i].sql);
	}
	if (rc == CRM_OK)
		rc = crm_buf_adds(b, "), p AS (SELECT * FROM u WHERE ?6 IS NULL"
		    " OR instr(?6, ',' || problem || ',') > 0) ");
	return rc;
}

/* Bind ?1..?6 of a statement built by problems_sql. */
static int
bind_params(struct crm_db *db, sqlite3_stmt *st,
    const struct crm_check_query *q, struct crm_buf *codes,
    struct crm_err *e)
{
	char *cc = NULL, *days = NULL, cutoff[32], today[16];
	time_t now = time(NULL);
	struct tm tm;
	int64_t n;
	size_t i;
	int rc;

	if ((rc = crm_setting_get(db, "phone.default_country", &cc, e)) !=
	    CRM_OK || (rc = crm_setting_get(db, "check.untouched_days", &days,
	    e)) != CRM_OK)
		goto out;
	n = days != NULL ? crm_positive(days) : 0;
	if (n <= 0)
		n = 90;
	crm_time_iso(now - (time_t)n * 86400, cutoff, sizeof(cutoff));
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(today, sizeof(today), "%Y-%m-%d", &tm) == 0) {
		rc = crm_err_set(e, CRM_EDB, "cannot tell today's date");
		goto out;
	}
	if (q->problems != NULL && q->problems[0] != NULL) {
		rc = crm_buf_adds(codes, ",");
		for (i = 0; rc == CRM_OK && q->problems[i] != NULL; i++)
			if ((rc = crm_buf_adds(codes, q->problems[i])) ==
			    CRM_OK)
				rc = crm_buf_adds(codes, ",");
		if (rc == CRM_OK)
			rc = crm_buf_add(codes, "", 1);
		if (rc != CRM_OK) {
			rc = crm_err_set(e, CRM_EDB, "out of memory");
			goto out;
		}
	}
	sqlite3_bind_text(st, 1, db->now, -1, SQLITE_STATIC);
	/* A manager who sees only their own finds only their problems. */
	crm_bind_text(st, 2, crm_access_visible(db) != NULL ?
	    crm_access_visible(db) : q->owner);
	sqlite3_bind_text(st, 3, cc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, cutoff, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, today, -1, SQLITE_TRANSIENT);
	crm_bind_text(st, 6, codes->p);
	sqlite3_bind_int64(st, 7, n);
out:
	free(cc);
	free(days);
	return rc;
}

/* Prepare the union of q's checks followed by tail; bind it. */
static int
prepare(struct crm_db *db, const struct crm_check_query *q,
    const char *tail, sqlite3_stmt **st, struct crm_buf *codes,
    struct crm_err *e)
{
	struct crm_buf sql = { 0 };
	int rc;

	*st = NULL;
	if ((rc = register_functions(db, e)) != CRM_OK)
		return rc;
	rc = problems_sql(q, &sql) != CRM_OK || crm_buf_adds(&sql, tail) !=
	    CRM_OK || crm_buf_add(&sql, "", 1) != CRM_OK ? CRM_EDB : CRM_OK;
	rc = crm_db_prepare_built(db, rc, &sql, st, e);
	if (rc == CRM_OK && (rc = bind_params(db, *st, q, codes, e)) !=
	    CRM_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
	}
	return rc;
}

int
crm_check_list(struct crm_db *db, const struct crm_check_query *q,
    struct crm_writer *w, long *count, struct crm_err *e)
{
	struct crm_buf codes = { 0 };
	const char *row[5];
	sqlite3_stmt *st;
	long n = 0;
	int rc, step, i;

	if (count != NULL)
		*count = 0;
	if ((rc = prepare(db, q, "SELECT entity, id, owner, problem, detail"
	    " FROM p ORDER BY entity, problem, id", &st, &codes, e)) != CRM_OK)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 5; i++)
			row[i] = (const char *)sqlite3_column_text(st, i);
		/* -q: the ids alone, for the next command of a pipe. */
		if (w != NULL && crm_writer_row(w, q->ids_only ? row + 1 :
		    row) != CRM_OK) {
			rc = crm_err_output(e, errno, 0);
			break;
		}
		n++;
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "check");
	sqlite3_finalize(st);
out:
	crm_buf_free(&codes);
	if (count != NULL)
		*count = n;
	return rc;
}

int
crm_check_summary(struct crm_db *db, const struct crm_check_query *q,
    struct crm_writer *w, long *count, struct crm_err *e)
{
	struct crm_buf codes = { 0 }, tail = { 0 };
	const char *row[4];
	sqlite3_stmt *st = NULL;
	long n = 0;
	int rc, step, i;

	if (count != NULL)
		*count = 0;
	/*
	 * score: the share of the owner's records with no problem, in
	 * whole percent rounded down (100 only when there is none).
	 */
	if (crm_buf_adds(&tail, ", r AS (") != CRM_OK ||
	    crm_buf_adds(&tail, records_sql) != CRM_OK ||
	    crm_buf_adds(&tail, "), s AS (SELECT owner, count(*) AS problems,"
	    " count(DISTINCT entity || ' ' || id) AS bad FROM p"
	    " GROUP BY owner)"
	    " SELECT r.owner, r.n, coalesce(s.problems, 0),"
	    " (r.n - coalesce(s.bad, 0)) * 100 / r.n"
	    " FROM r LEFT JOIN s ON s.owner = r.owner ORDER BY r.owner") !=
	    CRM_OK || crm_buf_add(&tail, "", 1) != CRM_OK) {
		rc = crm_err_set(e, CRM_EDB, "out of memory");
		goto out;
	}
	if ((rc = prepare(db, q, tail.p, &st, &codes, e)) != CRM_OK)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 4; i++)
			row[i] = (const char *)sqlite3_column_text(st, i);
		n += (long)sqlite3_column_int64(st, 2);
		if (w != NULL && crm_writer_row(w, row) != CRM_OK) {
			rc = crm_err_output(e, errno, 0);
			break;
		}
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "check");
	sqlite3_finalize(st);
out:
	crm_buf_free(&codes);
	crm_buf_free(&tail);
	if (count != NULL)
		*count = n;
	return rc;
}

/* What --fix can change: a field of a table, and its problem code. */
static const struct fixable {
	const char *entity, *field, *code, *select, *update;
} fixables[] = {
	{ "company", "email", "unnormalised_email",
	  "SELECT id, email, crm_fix_email(email) AS v FROM companies"
	  " WHERE archived_at IS NULL AND " OWNED("owner")
	  " AND v IS NOT NULL ORDER BY id",
	  "UPDATE companies SET email = ?1, updated_at = ?2, updated_by = ?3"
	  " WHERE id = ?4" },
	{ "company", "phone", "unnormalised_phone",
	  "SELECT id, phone, crm_fix_phone(phone, ?3) AS v FROM companies"
	  " WHERE archived_at IS NULL AND " OWNED("owner")
	  " AND v IS NOT NULL ORDER BY id",
	  "UPDATE companies SET phone = ?1, updated_at = ?2, updated_by = ?3"
	  " WHERE id = ?4" },
	{ "contact", "email", "unnormalised_email",
	  "SELECT id, email, crm_fix_email(email) AS v FROM contacts AS c"
	  " WHERE " ACTIVE_CONTACT("c") " AND " OWNED("owner")
	  " AND v IS NOT NULL ORDER BY id",
	  "UPDATE contacts SET email = ?1, updated_at = ?2, updated_by = ?3"
	  " WHERE id = ?4" },
	{ "contact", "phone", "unnormalised_phone",
	  "SELECT id, phone, crm_fix_phone(phone, ?3) AS v FROM contacts AS c"
	  " WHERE " ACTIVE_CONTACT("c") " AND " OWNED("owner")
	  " AND v IS NOT NULL ORDER BY id",
	  "UPDATE contacts SET phone = ?1, updated_at = ?2, updated_by = ?3"
	  " WHERE id = ?4" },
};

/* One change to make: read first, then written, as a table is not
   updated while a statement reads it. */
struct change {
	int64_t id;
	char *old, *new;
};

static void
free_changes(struct change *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].old);
		free(c[i].new);
	}
	free(c);
}

/* Read the changes of fixable f for q into *out (malloc'd), *n of them. */
static int
read_changes(struct crm_db *db, const struct fixable *f,
    const struct crm_check_query *q, const char *cc, struct change **out,
    size_t *n, struct crm_err *e)
{
	struct change *c = NULL, *more;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc, step;

	*out = NULL;
	*n = 0;
	if ((rc = crm_db_prepare(db, f->select, &st, e)) != CRM_OK)
		return rc;
	crm_bind_text(st, 2, q->owner);
	crm_bind_text(st, 3, cc);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((more = realloc(c, cap * sizeof(*c))) == NULL)
				break;
			c = more;
		}
		c[*n].id = sqlite3_column_int64(st, 0);
		c[*n].old = strdup((const char *)sqlite3_column_text(st, 1));
		c[*n].new = strdup((const char *)sqlite3_column_text(st, 2));
		(*n)++;
		if (c[*n - 1].old == NULL || c[*n - 1].new == NULL)
			break;
	}
	if (step == SQLITE_ROW)
		rc = crm_err_set(e, CRM_EDB, "out of memory");
	else if (step != SQLITE_DONE)
		rc = crm_db_err(db, e, "check");
	sqlite3_finalize(st);
	if (rc != CRM_OK) {
		free_changes(c, *n);
		*n = 0;
		return rc;
	}
	*out = c;
	return CRM_OK;
}

/* Close the batch of fixes to entity, when one is open. */
static int
close_batch(struct crm_db *db, sqlite3_int64 *batch, long n,
    struct crm_err *e)
{
	struct crm_import_stats stats;
	int rc;

	if (*batch == 0)
		return CRM_OK;
	memset(&stats, 0, sizeof(stats));
	stats.updated = n;
	rc = crm_audit_batch_close(db, *batch, "fix", &stats, e);
	*batch = 0;
	return rc;
}

int
crm_check_fix(struct crm_db *db, const struct crm_check_query *q,
    crm_check_fix_fn *report, void *arg, long *fixed, struct crm_err *e)
{
	const char *entity = NULL;
	sqlite3_int64 batch = 0;
	struct change *c;
	sqlite3_stmt *up;
	char *cc = NULL;
	size_t i, j, n;
	long in_batch = 0;
	int rc;

	*fixed = 0;
	if ((rc = crm_access_need(db, CRM_ROLES_OPERATE, "fixing clients' "
	    "data", e)) != CRM_OK)
		return rc;
	if ((rc = register_functions(db, e)) != CRM_OK ||
	    (rc = crm_setting_get(db, "phone.default_country", &cc, e)) !=
	    CRM_OK)
		goto out;
	for (i = 0; rc == CRM_OK && i < sizeof(fixables) / sizeof(fixables[0]);
	    i++) {
		const struct fixable *f = &fixables[i];

		if (!selected(q, f->code))
			continue;
		if ((rc = read_changes(db, f, q, cc, &c, &n, e)) != CRM_OK)
			break;
		if (n == 0)
			continue;
		/* One batch per entity fixed: the contacts, the companies. */
		if (entity != NULL && strcmp(entity, f->entity) != 0) {
			rc = close_batch(db, &batch, in_batch, e);
			in_batch = 0;
		}
		entity = f->entity;
		if (rc == CRM_OK && batch == 0)
			rc = crm_audit_batch_open(db, f->entity,
			    "crm-check --fix", &batch, e);
		if (rc != CRM_OK ||
		    (rc = crm_db_prepare(db, f->update, &up, e)) != CRM_OK) {
			free_changes(c, n);
			break;
		}
		for (j = 0; rc == CRM_OK && j < n; j++) {
			sqlite3_bind_text(up, 1, c[j].new, -1, SQLITE_STATIC);
			sqlite3_bind_text(up, 2, db->now, -1, SQLITE_STATIC);
			sqlite3_bind_text(up, 3, db->actor, -1, SQLITE_STATIC);
			sqlite3_bind_int64(up, 4, c[j].id);
			if (sqlite3_step(up) != SQLITE_DONE)
				rc = crm_db_err(db, e, "fix");
			sqlite3_reset(up);
			if (rc == CRM_OK)
				rc = crm_audit(db, "update", f->entity, c[j].id,
				    f->field, c[j].old, c[j].new, batch, e);
			if (rc == CRM_OK && report != NULL)
				report(arg, f->entity, c[j].id, f->field,
				    c[j].old, c[j].new);
		}
		sqlite3_finalize(up);
		if (rc == CRM_OK) {
			*fixed += (long)n;
			in_batch += (long)n;
		}
		free_changes(c, n);
	}
	if (rc == CRM_OK)
		rc = close_batch(db, &batch, in_batch, e);
out:
	free(cc);
	return rc;
}
