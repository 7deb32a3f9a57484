/*
 * counter.c - the one line a write prints after it: the counter it moved
 * for the manager it counts for ("meetings held this month: 6").  Plans
 * (targets per month) will add "/10"; until they exist it is the count.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crm-internal.h"

static const struct {
	const char *label, *sql;
} counters[] = {
	/* ?1 manager, ?2 ?3 the bounds of this month (UTC stamps). */
	[CRM_COUNTER_MEETINGS_HELD] = { "meetings held this month",
	  "SELECT count(*) FROM meetings WHERE manager = ?1 AND at >= ?2"
	  " AND at < ?3 AND status = 'held' AND archived_at IS NULL" },
	[CRM_COUNTER_MEETINGS_PLANNED] = { "meetings planned this month",
	  "SELECT count(*) FROM meetings WHERE manager = ?1 AND at >= ?2"
	  " AND at < ?3 AND archived_at IS NULL" },
	[CRM_COUNTER_CALLS] = { "calls this month",
	  "SELECT count(*) FROM calls WHERE manager = ?1 AND at >= ?2"
	  " AND at < ?3 AND archived_at IS NULL" },
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

int
crm_counter_line(struct crm_db *db, enum crm_counter c, const char *manager,
    char *buf, size_t bufsz, struct crm_err *e)
{
	char from[32], to[32];
	sqlite3_stmt *st;
	long n = 0;
	int rc;

	if ((size_t)c >= sizeof(counters) / sizeof(counters[0]))
		return crm_err_set(e, CRM_EUSAGE, "no such counter");
	if (manager == NULL)
		manager = db->actor;
	if (crm_month_bounds(time(NULL), from, to, sizeof(from)) != 0)
		return crm_err_set(e, CRM_EDB, "cannot tell this month's dates");
	if ((rc = crm_db_prepare(db, counters[c].sql, &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, manager, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	else
		rc = crm_db_err(db, e, "count");
	sqlite3_finalize(st);
	if (rc != CRM_OK)
		return rc;
	if (strcmp(manager, db->actor) == 0)
		snprintf(buf, bufsz, "%s: %ld", counters[c].label, n);
	else
		snprintf(buf, bufsz, "%s by %s: %ld", counters[c].label,
		    manager, n);
	return CRM_OK;
}
