/*
 * plan.c - plans: a target per manager (or the whole team), metric and
 * period (a week, month or quarter, stored as its kind and the local date
 * of its first day).  Setting a plan again changes its target; every
 * change is audited under entity "plan".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

const struct crm_col crm_plan_cols[] = {
	{ "id", 1 }, { "manager", 0 }, { "metric", 0 }, { "period", 0 },
	{ "target", 1 }, { "done", 1 }, { "percent", 1 },
};
const size_t crm_plan_ncols = sizeof(crm_plan_cols) / sizeof(crm_plan_cols[0]);

#define MAX_COUNT_DIGITS 12
#define MAX_COUNT_TEXT "999999999999"

/* A manager as typed: NULL for the team, else an active user's login. */
static int
plan_manager(struct crm_db *db, const char *typed, const char **manager,
    struct crm_err *e)
{
	if (typed == NULL || *typed == '\0' || strcmp(typed, "team") == 0) {
		*manager = NULL;
		return CRM_OK;
	}
	*manager = typed;
	return crm_user_check_active(db, typed, e);
}

/* A target as typed: a whole number, or an amount for money. */
static int
plan_target(enum crm_metric m, const char *typed, int64_t *target,
    struct crm_err *e)
{
	struct crm_err le = { 0 };
	const char *p;
	int64_t v = 0;

	if (typed == NULL || *typed == '\0')
		return crm_err_set(e, CRM_EINPUT, "%s: no target given",
		    crm_metric_name(m));
	if (crm_metric_is_money(m)) {
		/* "amount "x" is too large (at most 9999999999.99)" */
		if (crm_money_parse(typed, target, &le) == CRM_OK)
			return CRM_OK;
		return crm_err_set(e, CRM_EINPUT, "%s: target %s",
		    crm_metric_name(m), le.msg);
	}
	for (p = typed; *p >= '0' && *p <= '9'; p++)
		if (p - typed < MAX_COUNT_DIGITS)
			v = v * 10 + (*p - '0');
	if (*p != '\0' || p == typed)
		return crm_err_set(e, CRM_EINPUT, "%s: target \"%s\" is not a "
		    "whole number", crm_metric_name(m), typed);
	if (p - typed > MAX_COUNT_DIGITS)
		return crm_err_set(e, CRM_EINPUT, "%s: target \"%s\" is too "
		    "large (at most %s)", crm_metric_name(m), typed,
		    MAX_COUNT_TEXT);
	*target = v;
	return CRM_OK;
}

/* A plan's period as typed: a week, a month or a quarter. */
static int
plan_period(const char *typed, time_t now, struct crm_period *p,
    struct crm_err *e)
{
	int rc;

	if (typed == NULL || *typed == '\0')
		typed = "month";
	if ((rc = crm_period_parse(typed, now, p, e)) != CRM_OK)
		return rc;
	if (p->kind != CRM_PERIOD_WEEK && p->kind != CRM_PERIOD_MONTH &&
	    p->kind != CRM_PERIOD_QUARTER)
		return crm_err_set(e, CRM_EINPUT, "period \"%s\": a plan is for "
		    "a week, a month or a quarter", typed);
	return CRM_OK;
}

/* The plan with this key: *id and *target, or *id 0. */
static int
plan_find(struct crm_db *db, const char *manager, const char *metric,
    const struct crm_period *p, int64_t *id, int64_t *target,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = crm_db_prepare(db, "SELECT id, target FROM plans"
	    " WHERE coalesce(manager, '') = coalesce(?1, '')"
	    " AND period_kind = ?2 AND period_start = ?3 AND metric = ?4",
	    &st, e)) != CRM_OK)
		return rc;
	crm_bind_text(st, 1, manager);
	sqlite3_bind_text(st, 2, crm_period_kind_name(p->kind), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->first, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, metric, -1, SQLITE_STATIC);
	*id = 0;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*target = sqlite3_column_int64(st, 1);
	} else if (step != SQLITE_DONE)
		rc = crm_db_err(db, e, "plans");
	sqlite3_finalize(st);
	return rc;
}

int
crm_plan_target(struct crm_db *db, const char *manager, enum crm_metric m,
    const struct crm_period *p, int64_t *target, int *found,
    struct crm_err *e)
{
	int64_t id;
	int rc;

	rc = plan_find(db, manager, crm_metric_name(m), p, &id, target, e);
	*found = rc == CRM_OK && id != 0;
	return rc;
}

int
crm_plan_set(struct crm_db *db, const struct crm_plan_new *pn, time_t now,
    int64_t *id, enum crm_import_result *res, struct crm_err *e)
{
	struct crm_period p;
	enum crm_metric m;
	const char *manager;
	sqlite3_stmt *st;
	int64_t target, old;
	char oldv[32], newv[32];
	int rc;

	if ((rc = crm_access_need(db, CRM_ROLES_SUPERVISE, "setting plans",
	    e)) != CRM_OK)
		return rc;
	/*
	 * A metric, period or target written wrong is a bad value (usage);
	 * a manager who is not an active user, a plan the base refuses.
	 */
	if ((rc = crm_metric_parse(pn->metric ? pn->metric : "", &m, e)) !=
	    CRM_OK ||
	    (rc = plan_period(pn->period, now, &p, e)) != CRM_OK ||
	    (rc = plan_target(m, pn->target, &target, e)) != CRM_OK) {
		if (rc == CRM_EINPUT && e != NULL)
			e->code = CRM_EUSAGE;
		return rc == CRM_EINPUT ? CRM_EUSAGE : rc;
	}
	if ((rc = plan_manager(db, pn->manager, &manager, e)) != CRM_OK)
		return rc;
	if ((rc = plan_find(db, manager, crm_metric_name(m), &p, id, &old,
	    e)) != CRM_OK)
		return rc;
	snprintf(newv, sizeof(newv), "%lld", (long long)target);
	if (*id != 0) {
		if (old == target) {
			*res = CRM_UNCHANGED;
			return CRM_OK;
		}
		if ((rc = crm_db_prepare(db, "UPDATE plans SET target = ?1,"
		    " updated_at = ?2, updated_by = ?3 WHERE id = ?4", &st,
		    e)) != CRM_OK)
			return rc;
		sqlite3_bind_int64(st, 1, target);
		sqlite3_bind_text(st, 2, db->now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, db->actor, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, *id);
		if ((rc = crm_db_step_done(db, st, "update plan", e)) != CRM_OK)
			return rc;
		snprintf(oldv, sizeof(oldv), "%lld", (long long)old);
		*res = CRM_UPDATED;
		return crm_audit(db, "update", "plan", *id, "target", oldv,
		    newv, 0, e);
	}
	if ((rc = crm_db_prepare(db, "INSERT INTO plans(manager, metric,"
	    " period_kind, period_start, target, created_at, created_by,"
	    " updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6,"
	    " ?7)", &st, e)) != CRM_OK)
		return rc;
	crm_bind_text(st, 1, manager);
	sqlite3_bind_text(st, 2, crm_metric_name(m), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, crm_period_kind_name(p.kind), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 4, p.first, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, target);
	sqlite3_bind_text(st, 6, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, db->actor, -1, SQLITE_STATIC);
	if ((rc = crm_db_step_done(db, st, "add plan", e)) != CRM_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(db->sql);
	*res = CRM_ADDED;
	if ((manager != NULL && (rc = crm_audit(db, "insert", "plan", *id,
	    "manager", NULL, manager, 0, e)) != CRM_OK) ||
	    (rc = crm_audit(db, "insert", "plan", *id, "metric", NULL,
	    crm_metric_name(m), 0, e)) != CRM_OK ||
	    (rc = crm_audit(db, "insert", "plan", *id, "period", NULL,
	    p.label, 0, e)) != CRM_OK)
		return rc;
	return crm_audit(db, "insert", "plan", *id, "target", NULL, newv, 0, e);
}

int
crm_plan_delete(struct crm_db *db, int64_t id, struct crm_err *e)
{
	sqlite3_stmt *st;
	char target[32];
	int rc, step;

	if ((rc = crm_access_need(db, CRM_ROLES_SUPERVISE, "setting plans",
	    e)) != CRM_OK)
		return rc;
	if ((rc = crm_db_prepare(db, "SELECT target FROM plans WHERE id = ?",
	    &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		snprintf(target, sizeof(target), "%lld",
		    (long long)sqlite3_column_int64(st, 0));
	else if (step == SQLITE_DONE)
		rc = crm_err_set(e, CRM_ENOTFOUND, "no plan %lld",
		    (long long)id);
	else
		rc = crm_db_err(db, e, "plans");
	sqlite3_finalize(st);
	if (rc != CRM_OK)
		return rc;
	if ((rc = crm_db_prepare(db, "DELETE FROM plans WHERE id = ?", &st,
	    e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = crm_db_step_done(db, st, "delete plan", e)) != CRM_OK)
		return rc;
	return crm_audit(db, "delete", "plan", id, "target", target, NULL, 0,
	    e);
}

/* Write the plan of the current row of st (id, manager, metric, kind, start, target). */
static int
plan_row(struct crm_db *db, sqlite3_stmt *st, struct crm_writer *w,
    struct crm_err *e)
{
	const char *manager = (const char *)sqlite3_column_text(st, 1);
	const char *metric = (const char *)sqlite3_column_text(st, 2);
	const char *kind = (const char *)sqlite3_column_text(st, 3);
	const char *start = (const char *)sqlite3_column_text(st, 4);
	int64_t target = sqlite3_column_int64(st, 5), done = 0;
	char id[24], tbuf[32], dbuf[32], pct[24];
	const char *vals[7];
	enum crm_period_kind k;
	struct crm_period p;
	enum crm_metric m;
	int rc;

	if (metric == NULL || kind == NULL || start == NULL ||
	    crm_metric_parse(metric, &m, e) != CRM_OK ||
	    crm_period_kind_parse(kind, &k) != CRM_OK ||
	    crm_period_at(k, start, &p, e) != CRM_OK)
		return crm_err_set(e, CRM_EDB, "plan %lld is damaged",
		    (long long)sqlite3_column_int64(st, 0));
	if ((rc = crm_metric_value(db, m, manager, p.from, p.to, &done, e)) !=
	    CRM_OK)
		return rc;
	snprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(st,
	    0));
	if (target > 0)
		snprintf(pct, sizeof(pct), "%lld",
		    (long long)crm_percent(done, target));
	vals[0] = id;
	vals[1] = manager ? manager : "team";
	vals[2] = metric;
	vals[3] = p.label;
	vals[4] = crm_metric_format(m, target, tbuf, sizeof(tbuf));
	vals[5] = crm_metric_format(m, done, dbuf, sizeof(dbuf));
	vals[6] = target > 0 ? pct : NULL;
	return crm_writer_row(w, vals) == CRM_OK ? CRM_OK :
	    crm_err_output(e, errno, 0);
}

int
crm_plan_list(struct crm_db *db, const struct crm_plan_query *q, time_t now,
    struct crm_writer *w, long *count, struct crm_err *e)
{
	static const char *const cols = "SELECT id, manager, metric,"
	    " period_kind, period_start, target FROM plans";
	static const char *const order = " ORDER BY coalesce(manager, ''),"
	    " metric, CASE period_kind WHEN 'week' THEN 0 WHEN 'month' THEN 1"
	    " ELSE 2 END, period_start";
	struct crm_period cur[3];
	char sql[1024];
	sqlite3_stmt *st;
	long n = 0;
	int rc, step, i;

	if (q->id != 0)
		snprintf(sql, sizeof(sql), "%s WHERE id = ?1", cols);
	else if (q->period != NULL)
		snprintf(sql, sizeof(sql), "%s WHERE period_kind = ?2"
		    " AND period_start = ?3 AND (?1 IS NULL OR"
		    " coalesce(manager, '') = ?1)%s", cols, order);
	else
		snprintf(sql, sizeof(sql), "%s WHERE ((period_kind = 'week'"
		    " AND period_start = ?4) OR (period_kind = 'month' AND"
		    " period_start = ?5) OR (period_kind = 'quarter' AND"
		    " period_start = ?6)) AND (?1 IS NULL OR"
		    " coalesce(manager, '') = ?1)%s", cols, order);
	for (i = 0; i < 3; i++)
		if ((rc = crm_period_current(CRM_PERIOD_WEEK + i, now, &cur[i],
		    e)) != CRM_OK)
			return rc;
	if ((rc = crm_db_prepare(db, sql, &st, e)) != CRM_OK)
		return rc;
	if (q->id != 0)
		sqlite3_bind_int64(st, 1, q->id);
	else {
		if (q->manager != NULL)
			sqlite3_bind_text(st, 1, strcmp(q->manager, "team") ==
			    0 ? "" : q->manager, -1, SQLITE_STATIC);
		if (q->period != NULL) {
			sqlite3_bind_text(st, 2, crm_period_kind_name(
			    q->period->kind), -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, q->period->first, -1,
			    SQLITE_STATIC);
		} else
			for (i = 0; i < 3; i++)
				sqlite3_bind_text(st, 4 + i, cur[i].first, -1,
				    SQLITE_STATIC);
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if (w != NULL && (rc = plan_row(db, st, w, e)) != CRM_OK)
			break;
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "plans");
	sqlite3_finalize(st);
	if (count != NULL)
		*count = n;
	return rc;
}

/* Columns of bulk input, by name. */
enum { COL_MANAGER, COL_METRIC, COL_PERIOD, COL_TARGET, NCOLS };
static const char *const col_names[NCOLS] = { "manager", "metric",
    "period", "target" };

/* Columns a listing has (crm_plan_cols) or a rejects file adds: skipped. */
static int
ignored(const char *name)
{
	return strcmp(name, "id") == 0 || strcmp(name, "done") == 0 ||
	    strcmp(name, "percent") == 0 || strcmp(name, "error") == 0;
}

int
crm_plan_load(struct crm_db *db, FILE *fp, int delim, time_t now,
    crm_plan_report_fn *report, void *arg, struct crm_import_stats *st,
    struct crm_err *e)
{
	struct crm_reader *r = NULL;
	struct crm_row row;
	struct crm_plan_new pn;
	enum crm_import_result res;
	struct crm_err re;
	int col[NCOLS], rc, got;
	size_t i, j;
	int64_t id;

	memset(st, 0, sizeof(*st));
	if ((rc = crm_access_need(db, CRM_ROLES_SUPERVISE, "setting plans",
	    e)) != CRM_OK)
		return rc;
	/* Who may is asked first; then whether there is anything. */
	if (crm_input_empty(fp, e)) {
		st->empty = 1;
		return e != NULL ? e->code : CRM_OK;
	}
	if ((rc = crm_reader_open(&r, fp, delim, e)) != CRM_OK)
		return rc;
	for (j = 0; j < NCOLS; j++)
		col[j] = -1;
	for (i = 0; i < crm_reader_ncols(r); i++) {
		const char *name = crm_reader_col(r, i);

		for (j = 0; j < NCOLS && strcmp(name, col_names[j]) != 0; j++)
			;
		if (j < NCOLS && col[j] < 0)
			col[j] = (int)i;
		else if (j < NCOLS || !ignored(name)) {
			rc = crm_err_set(e, CRM_EINPUT, "%s column \"%s\""
			    " (manager, metric, period, target)", j < NCOLS ?
			    "repeated" : "unknown", name);
			e->line = 1;
			goto out;
		}
	}
	for (j = 0; j < NCOLS; j++)
		if (col[j] < 0 && j != COL_MANAGER && j != COL_PERIOD) {
			rc = crm_err_set(e, CRM_EINPUT, "no column \"%s\"",
			    col_names[j]);
			e->line = 1;
			goto out;
		}
	while ((got = crm_reader_next(r, &row, &re)) != 0) {
		if (got == -2) {
			rc = crm_err_set(e, CRM_EDB, "%s", re.msg);
			break;
		}
		if (got == -1) {
			st->rejected++;
			if (report != NULL)
				report(arg, &re);
			continue;
		}
		pn.manager = col[COL_MANAGER] >= 0 ?
		    crm_trim(row.fields[col[COL_MANAGER]]) : NULL;
		pn.metric = crm_trim(row.fields[col[COL_METRIC]]);
		pn.period = col[COL_PERIOD] >= 0 ?
		    crm_trim(row.fields[col[COL_PERIOD]]) : NULL;
		pn.target = crm_trim(row.fields[col[COL_TARGET]]);
		if ((rc = crm_db_exec(db, "SAVEPOINT plan_row", e)) != CRM_OK)
			break;
		crm_err_clear(&re);
		rc = crm_plan_set(db, &pn, now, &id, &res, &re);
		if (rc == CRM_EINPUT || rc == CRM_EUSAGE) {
			re.line = row.line;
			st->rejected++;
			if (report != NULL)
				report(arg, &re);
			rc = crm_db_exec(db, "ROLLBACK TO plan_row", e);
		} else if (rc != CRM_OK) {
			*e = re;
			break;
		} else if (res == CRM_ADDED)
			st->added++;
		else if (res == CRM_UPDATED)
			st->updated++;
		else
			st->unchanged++;
		if (rc != CRM_OK ||
		    (rc = crm_db_exec(db, "RELEASE plan_row", e)) != CRM_OK)
			break;
	}
out:
	crm_reader_close(r);
	return rc;
}
