/*
 * counter.c - the one line a write prints after it: the counter it moved
 * for the manager it counts for ("meetings held this month: 6"), with
 * the target when a plan of the current period exists for that manager
 * ("meetings held this month: 6/10") or else for the team ("... 6, team
 * 40/100").  A counter that is a plan metric counts what the metric does.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crm-internal.h"

static const struct {
	const char *label, *sql;
	int metric;		/* the plan metric it is, or -1 */
} counters[] = {
	/* ?1 manager, ?2 ?3 the bounds of this month (UTC stamps). */
	/* Plan metrics: crm_metric_value counts them. */
	[CRM_COUNTER_MEETINGS_HELD] = { "meetings held this month", NULL,
	  CRM_METRIC_MEETINGS_HELD },
	[CRM_COUNTER_MEETINGS_PLANNED] = { "meetings planned this month",
	  "SELECT count(*) FROM meetings WHERE manager = ?1 AND at >= ?2"
	  " AND at < ?3 AND archived_at IS NULL", -1 },
	[CRM_COUNTER_CALLS] = { "calls this month", NULL, CRM_METRIC_CALLS },
	[CRM_COUNTER_DEALS_WON] = { "deals won this month", NULL,
	  CRM_METRIC_DEALS_WON },
};

int
crm_month_bounds(time_t now, char *from, char *to, size_t bufsz)
{
	struct tm tm;
	time_t t0, t1;

	if (localtime_r(&now, &tm) == NULL)
		return -1;
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	t0 = mktime(&tm);
	tm.tm_mon++;
	tm.tm_isdst = -1;
	t1 = mktime(&tm);
	if (t0 == (time_t)-1 || t1 == (time_t)-1)
		return -1;
	crm_time_iso(t0, from, bufsz);
	crm_time_iso(t1, to, bufsz);
	return 0;
}

/*
 * The plan of metric m that holds now for manager (NULL: the team): the
 * month's, else the week's, else the quarter's.  *found 0 when none.
 */
static int
plan_now(struct crm_db *db, enum crm_metric m, const char *manager,
    time_t now, struct crm_period *p, int64_t *target, int *found,
    struct crm_err *e)
{
	static const enum crm_period_kind kinds[] = { CRM_PERIOD_MONTH,
	    CRM_PERIOD_WEEK, CRM_PERIOD_QUARTER };
	size_t i;
	int rc;

	*found = 0;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if ((rc = crm_period_current(kinds[i], now, p, e)) != CRM_OK ||
		    (rc = crm_plan_target(db, manager, m, p, target, found,
		    e)) != CRM_OK || *found)
			return rc;
	}
	return CRM_OK;
}

/* "meetings held this month" for metric m over a period of kind. */
static void
plan_label(enum crm_metric m, const struct crm_period *p, char *buf,
    size_t bufsz)
{
	snprintf(buf, bufsz, "%s this %s", crm_metric_words(m),
	    crm_period_kind_name(p->kind));
}

int
crm_counter_line(struct crm_db *db, enum crm_counter c, const char *manager,
    char *buf, size_t bufsz, struct crm_err *e)
{
	char from[32], to[32], label[64], by[80] = "", tail[96] = "";
	char done[32], target[32];
	struct crm_period p, tp;
	time_t now = time(NULL);
	int64_t v = 0, t = 0, tt = 0, tv = 0;
	int rc, found = 0, team = 0;
	sqlite3_stmt *st;

	if ((size_t)c >= sizeof(counters) / sizeof(counters[0]))
		return crm_err_set(e, CRM_EUSAGE, "no such counter");
	if (manager == NULL)
		manager = db->actor;
	if (strcmp(manager, db->actor) != 0)
		snprintf(by, sizeof(by), " by %s", manager);
	if (counters[c].metric >= 0) {
		enum crm_metric m = counters[c].metric;

		if ((rc = plan_now(db, m, manager, now, &p, &t, &found, e)) !=
		    CRM_OK)
			return rc;
		if (!found && (rc = plan_now(db, m, NULL, now, &tp, &tt,
		    &team, e)) != CRM_OK)
			return rc;
		if (!found && (rc = crm_period_current(CRM_PERIOD_MONTH, now,
		    &p, e)) != CRM_OK)
			return rc;
		if ((rc = crm_metric_value(db, m, manager, p.from, p.to, &v,
		    e)) != CRM_OK)
			return rc;
		if (team && (rc = crm_metric_value(db, m, NULL, tp.from, tp.to,
		    &tv, e)) != CRM_OK)
			return rc;
		plan_label(m, &p, label, sizeof(label));
		if (found)
			snprintf(tail, sizeof(tail), "/%s",
			    crm_metric_format(m, t, target, sizeof(target)));
		else if (team)
			snprintf(tail, sizeof(tail), ", team %s/%s%s%s",
			    crm_metric_format(m, tv, done, sizeof(done)),
			    crm_metric_format(m, tt, target, sizeof(target)),
			    tp.kind == CRM_PERIOD_MONTH ? "" : " this ",
			    tp.kind == CRM_PERIOD_MONTH ? "" :
			    crm_period_kind_name(tp.kind));
		snprintf(buf, bufsz, "%s%s: %s%s", label, by,
		    crm_metric_format(m, v, done, sizeof(done)), tail);
		return CRM_OK;
	}
	if (crm_month_bounds(now, from, to, sizeof(from)) != 0)
		return crm_err_set(e, CRM_EDB, "cannot tell this month's dates");
	if ((rc = crm_db_prepare(db, counters[c].sql, &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, manager, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		rc = crm_db_err(db, e, "count");
	sqlite3_finalize(st);
	if (rc != CRM_OK)
		return rc;
	snprintf(buf, bufsz, "%s%s: %lld", counters[c].label, by,
	    (long long)v);
	return CRM_OK;
}
