/*
 * metric.c - what plans count.  Each metric is one count or sum over the
 * rows of a manager, or of the whole team, in [from, to) of stored UTC
 * timestamps.  Archived rows count: the work was done.
 *
 * Every statement reads an index: a manager's rows through the index on
 * (manager or owner, time), the team's through the same index once per
 * user (manager IN (SELECT login FROM users)), so no metric ever scans a
 * table; those indexes also hold the status, currency and amount a metric
 * tests or sums, so no statement reads a row of the table.  Calls of no
 * one (a recorded call whose extension is nobody's) are the team's too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

#define TEAM "IN (SELECT login FROM users)"

/* ?1 the manager, ?2 ?3 the bounds, ?4 the currency of revenue. */
static const struct {
	const char *name, *words, *mine, *team;
} metrics[CRM_METRIC_COUNT] = {
	[CRM_METRIC_CONTACTS_ADDED] = { "contacts_added", "contacts added",
	  "SELECT count(*) FROM contacts WHERE owner = ?1"
	  " AND created_at >= ?2 AND created_at < ?3",
	  "SELECT count(*) FROM contacts WHERE owner " TEAM
	  " AND created_at >= ?2 AND created_at < ?3" },
	[CRM_METRIC_CALLS] = { "calls", "calls",
	  "SELECT count(*) FROM calls WHERE manager = ?1"
	  " AND at >= ?2 AND at < ?3",
	  "SELECT (SELECT count(*) FROM calls WHERE manager " TEAM
	  " AND at >= ?2 AND at < ?3) + (SELECT count(*) FROM calls"
	  " WHERE manager IS NULL AND at >= ?2 AND at < ?3)" },
	[CRM_METRIC_CALLS_COMPLETED] = { "calls_completed", "calls completed",
	  "SELECT count(*) FROM calls WHERE manager = ?1"
	  " AND at >= ?2 AND at < ?3 AND status = 'completed'",
	  "SELECT (SELECT count(*) FROM calls WHERE manager " TEAM
	  " AND at >= ?2 AND at < ?3 AND status = 'completed') +"
	  " (SELECT count(*) FROM calls WHERE manager IS NULL"
	  " AND at >= ?2 AND at < ?3 AND status = 'completed')" },
	[CRM_METRIC_MEETINGS_HELD] = { "meetings_held", "meetings held",
	  "SELECT count(*) FROM meetings WHERE manager = ?1"
	  " AND at >= ?2 AND at < ?3 AND status = 'held'",
	  "SELECT count(*) FROM meetings WHERE manager " TEAM
	  " AND at >= ?2 AND at < ?3 AND status = 'held'" },
	[CRM_METRIC_DEALS_WON] = { "deals_won", "deals won",
	  "SELECT count(*) FROM deals WHERE manager = ?1 AND stage = 'won'"
	  " AND closed_at >= ?2 AND closed_at < ?3",
	  "SELECT count(*) FROM deals WHERE manager " TEAM
	  " AND stage = 'won' AND closed_at >= ?2 AND closed_at < ?3" },
	[CRM_METRIC_REVENUE_WON] = { "revenue_won", "revenue won",
	  "SELECT coalesce(sum(amount), 0) FROM deals WHERE manager = ?1"
	  " AND stage = 'won' AND closed_at >= ?2 AND closed_at < ?3"
	  " AND currency = ?4",
	  "SELECT coalesce(sum(amount), 0) FROM deals WHERE manager " TEAM
	  " AND stage = 'won' AND closed_at >= ?2 AND closed_at < ?3"
	  " AND currency = ?4" },
};

const char *
crm_metric_name(enum crm_metric m)
{
	return (size_t)m < CRM_METRIC_COUNT ? metrics[m].name : "?";
}

const char *
crm_metric_words(enum crm_metric m)
{
	return (size_t)m < CRM_METRIC_COUNT ? metrics[m].words : "?";
}

int
crm_metric_parse(const char *name, enum crm_metric *m, struct crm_err *e)
{
	int i;

	for (i = 0; i < CRM_METRIC_COUNT; i++)
		if (strcmp(name, metrics[i].name) == 0) {
			*m = i;
			return CRM_OK;
		}
	return crm_err_set(e, CRM_EINPUT, "unknown metric \"%s\" (contacts_added,"
	    " calls, calls_completed, meetings_held, deals_won, revenue_won)",
	    name);
}

int
crm_metric_is_money(enum crm_metric m)
{
	return m == CRM_METRIC_REVENUE_WON;
}

char *
crm_metric_format(enum crm_metric m, int64_t v, char *buf, size_t bufsz)
{
	if (crm_metric_is_money(m))
		return crm_money_format(v, buf, bufsz);
	snprintf(buf, bufsz, "%lld", (long long)v);
	return buf;
}

int
crm_metric_value(struct crm_db *db, enum crm_metric m, const char *manager,
    const char *from, const char *to, int64_t *value, struct crm_err *e)
{
	sqlite3_stmt *st;
	char *currency = NULL;
	int rc;

	if ((size_t)m >= CRM_METRIC_COUNT)
		return crm_err_set(e, CRM_EUSAGE, "no such metric");
	if (crm_metric_is_money(m) &&
	    (rc = crm_setting_get(db, "deal.currency", &currency, e)) != CRM_OK)
		return rc;
	if ((rc = crm_db_prepare(db, manager ? metrics[m].mine :
	    metrics[m].team, &st, e)) != CRM_OK) {
		free(currency);
		return rc;
	}
	if (manager != NULL)
		sqlite3_bind_text(st, 1, manager, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	if (currency != NULL)
		sqlite3_bind_text(st, 4, currency, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*value = sqlite3_column_int64(st, 0);
	else
		rc = crm_db_err(db, e, metrics[m].name);
	sqlite3_finalize(st);
	free(currency);
	return rc;
}

/*
 * The same metrics for every manager at once: one statement each, reading
 * the index on (manager or owner, time) once per user, grouped by manager.
 * Calls of no one come as one more row with a NULL manager.  ?2 ?3 the
 * bounds, ?4 the currency of revenue.
 */
#define BYUSER(owner) " WHERE " owner " IN (SELECT login FROM users)"
static const char *const grouped[CRM_METRIC_COUNT] = {
	[CRM_METRIC_CONTACTS_ADDED] = "SELECT owner, count(*) FROM contacts"
	    BYUSER("owner") " AND created_at >= ?2 AND created_at < ?3"
	    " GROUP BY owner",
	[CRM_METRIC_CALLS] = "SELECT manager, count(*) FROM calls"
	    BYUSER("manager") " AND at >= ?2 AND at < ?3 GROUP BY manager"
	    " UNION ALL SELECT NULL, count(*) FROM calls"
	    " WHERE manager IS NULL AND at >= ?2 AND at < ?3",
	[CRM_METRIC_CALLS_COMPLETED] = "SELECT manager, count(*) FROM calls"
	    BYUSER("manager") " AND at >= ?2 AND at < ?3"
	    " AND status = 'completed' GROUP BY manager"
	    " UNION ALL SELECT NULL, count(*) FROM calls"
	    " WHERE manager IS NULL AND at >= ?2 AND at < ?3"
	    " AND status = 'completed'",
	[CRM_METRIC_MEETINGS_HELD] = "SELECT manager, count(*) FROM meetings"
	    BYUSER("manager") " AND at >= ?2 AND at < ?3 AND status = 'held'"
	    " GROUP BY manager",
	[CRM_METRIC_DEALS_WON] = "SELECT manager, count(*) FROM deals"
	    BYUSER("manager") " AND stage = 'won' AND closed_at >= ?2"
	    " AND closed_at < ?3 GROUP BY manager",
	[CRM_METRIC_REVENUE_WON] = "SELECT manager, coalesce(sum(amount), 0)"
	    " FROM deals" BYUSER("manager") " AND stage = 'won'"
	    " AND closed_at >= ?2 AND closed_at < ?3 AND currency = ?4"
	    " GROUP BY manager",
};

int
crm_metric_values(struct crm_db *db, enum crm_metric m, const char *from,
    const char *to, crm_metric_fn *fn, void *arg, struct crm_err *e)
{
	sqlite3_stmt *st;
	char *currency = NULL;
	int rc, step;

	if ((size_t)m >= CRM_METRIC_COUNT)
		return crm_err_set(e, CRM_EUSAGE, "no such metric");
	if (crm_metric_is_money(m) &&
	    (rc = crm_setting_get(db, "deal.currency", &currency, e)) != CRM_OK)
		return rc;
	if ((rc = crm_db_prepare(db, grouped[m], &st, e)) != CRM_OK) {
		free(currency);
		return rc;
	}
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	if (currency != NULL)
		sqlite3_bind_text(st, 4, currency, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = fn(arg, (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1), e)) != CRM_OK)
			break;
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, metrics[m].name);
	sqlite3_finalize(st);
	free(currency);
	return rc;
}
