/*
 * deal.c - sales opportunities: add, move through the stages of the
 * pipeline (setting deal.stages), list, sum per stage, count.
 *
 * A deal belongs to one manager and records who typed it: an operator
 * acting for a manager is both.  Amounts are integers in minor units
 * (cents), summed by SQLite as integers: exact.  Every write is audited
 * under entity "deal".  Filters are bound parameters.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

#define MAX_TITLE 1000		/* bytes */
#define MAX_REASON 1000

const struct crm_col crm_deal_cols[] = {
	{ "id", 1 }, { "stage", 0 }, { "title", 0 }, { "contact", 0 },
	{ "company", 0 }, { "amount", 1 }, { "currency", 0 }, { "close", 0 },
	{ "manager", 0 }, { "closed_at", 0 }, { "lost_reason", 0 },
	{ "created_by", 0 },
};
const size_t crm_deal_ncols = sizeof(crm_deal_cols) /
    sizeof(crm_deal_cols[0]);

const struct crm_col crm_pipeline_cols[] = {
	{ "stage", 0 }, { "currency", 0 }, { "count", 1 }, { "amount", 1 },
};
const size_t crm_pipeline_ncols = sizeof(crm_pipeline_cols) /
    sizeof(crm_pipeline_cols[0]);

int
crm_deal_stage(struct crm_db *db, const char *word, char *stage,
    size_t bufsz, struct crm_err *e)
{
	return crm_pick(db, "deal.stages", "stage", word, stage, bufsz, e);
}

int
crm_deal_add(struct crm_db *db, const struct crm_deal_new *d, int64_t *id,
    struct crm_err *e)
{
	const char *manager = d->manager ? d->manager : db->actor;
	char *title = NULL, *currency = NULL, stage[40], amount[32], num[24];
	sqlite3_stmt *st;
	sqlite3_int64 did;
	int rc;

	if (d->title == NULL || (title = strdup(d->title)) == NULL)
		return d->title == NULL ? crm_err_set(e, CRM_EINPUT,
		    "a deal needs a title") : crm_err_set(e, CRM_EDB,
		    "out of memory");
	crm_trim(title);
	if ((rc = crm_access_for(db, manager, e)) != CRM_OK) {
		free(title);
		return rc;
	}
	if (d->currency == NULL)
		rc = crm_setting_get(db, "deal.currency", &currency, e);
	else if ((currency = strdup(d->currency)) == NULL)
		rc = crm_err_set(e, CRM_EDB, "out of memory");
	else
		rc = CRM_OK;
	if (rc != CRM_OK)
		;
	else if (title[0] == '\0')
		rc = crm_err_set(e, CRM_EINPUT, "a deal needs a title");
	else if (strlen(title) > MAX_TITLE)
		rc = crm_err_set(e, CRM_EINPUT, "title is too long (%zu bytes; "
		    "at most %d)", strlen(title), MAX_TITLE);
	else if (!crm_utf8_valid(title, strlen(title), NULL))
		rc = crm_err_set(e, CRM_EINPUT, "title is not valid UTF-8");
	else if (d->contact_id == 0 && d->company_id == 0)
		rc = crm_err_set(e, CRM_EINPUT, "a deal needs a contact or a "
		    "company");
	else if (d->has_amount && d->amount < 0)
		rc = crm_err_set(e, CRM_EINPUT, "amount is negative");
	else if (!crm_currency_valid(currency))
		rc = crm_err_set(e, CRM_EINPUT, "currency \"%s\" is not a code "
		    "like EUR (3 capital letters)", currency);
	else if ((rc = crm_deal_stage(db, d->stage ? d->stage : "", stage,
	    sizeof(stage), e)) != CRM_OK && d->stage != NULL)
		;
	else if (d->stage != NULL && strcmp(stage, "lost") == 0)
		rc = crm_err_set(e, CRM_EINPUT, "a lost deal needs a reason: add "
		    "it, then crm-deal ID --lost REASON");
	else if ((rc = crm_user_check_active(db, manager, e)) != CRM_OK)
		;
	else if (d->contact_id != 0 && (rc = crm_access_check(db,
	    crm_entity_lookup("contact"), d->contact_id, e)) != CRM_OK)
		;
	else if (d->company_id != 0 && (rc = crm_access_check(db,
	    crm_entity_lookup("company"), d->company_id, e)) != CRM_OK)
		;
	else {
		/* No stage given: the first of the pipeline. */
		if (d->stage == NULL) {
			char *stages;

			if ((rc = crm_setting_get(db, "deal.stages", &stages,
			    e)) != CRM_OK)
				goto out;
			snprintf(stage, sizeof(stage), "%.*s",
			    (int)strcspn(stages, ","), stages);
			free(stages);
		}
		rc = crm_db_prepare(db, "INSERT INTO deals(title, contact_id,"
		    " company_id, manager, amount, currency, stage,"
		    " expected_close, closed_at, created_at, created_by,"
		    " updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
		    " ?7, ?8, ?9, ?10, ?11, ?10, ?11)", &st, e);
		if (rc != CRM_OK)
			goto out;
		sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
		if (d->contact_id != 0)
			sqlite3_bind_int64(st, 2, d->contact_id);
		if (d->company_id != 0)
			sqlite3_bind_int64(st, 3, d->company_id);
		sqlite3_bind_text(st, 4, manager, -1, SQLITE_STATIC);
		if (d->has_amount)
			sqlite3_bind_int64(st, 5, d->amount);
		sqlite3_bind_text(st, 6, currency, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, stage, -1, SQLITE_STATIC);
		crm_bind_text(st, 8, d->expected_close);
		if (strcmp(stage, "won") == 0)
			sqlite3_bind_text(st, 9, db->now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, db->now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, db->actor, -1, SQLITE_STATIC);
		rc = crm_db_step_done(db, st, "deals", e);
	}
	if (rc != CRM_OK)
		goto out;
	did = sqlite3_last_insert_rowid(db->sql);
	rc = crm_audit(db, "insert", "deal", did, "title", NULL, title, 0, e);
	if (rc == CRM_OK && d->contact_id != 0) {
		snprintf(num, sizeof(num), "%lld", (long long)d->contact_id);
		rc = crm_audit(db, "insert", "deal", did, "contact_id", NULL,
		    num, 0, e);
	}
	if (rc == CRM_OK && d->company_id != 0) {
		snprintf(num, sizeof(num), "%lld", (long long)d->company_id);
		rc = crm_audit(db, "insert", "deal", did, "company_id", NULL,
		    num, 0, e);
	}
	if (rc == CRM_OK)
		rc = crm_audit(db, "insert", "deal", did, "manager", NULL,
		    manager, 0, e);
	if (rc == CRM_OK && d->has_amount)
		rc = crm_audit(db, "insert", "deal", did, "amount", NULL,
		    crm_money_format(d->amount, amount, sizeof(amount)), 0, e);
	if (rc == CRM_OK)
		rc = crm_audit(db, "insert", "deal", did, "currency", NULL,
		    currency, 0, e);
	if (rc == CRM_OK)
		rc = crm_audit(db, "insert", "deal", did, "stage", NULL, stage,
		    0, e);
	if (rc == CRM_OK && d->expected_close != NULL)
		rc = crm_audit(db, "insert", "deal", did, "expected_close",
		    NULL, d->expected_close, 0, e);
	if (rc == CRM_OK && id != NULL)
		*id = did;
out:
	free(title);
	free(currency);
	return rc;
}

int
crm_deal_move(struct crm_db *db, int64_t id, const char *word,
    const char *reason, char *manager, size_t bufsz, struct crm_err *e)
{
	char stage[40], *old = NULL, *oldclosed = NULL, *oldreason = NULL;
	const char *closed = NULL;
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = crm_db_prepare(db, "SELECT stage, manager, closed_at,"
	    " lost_reason FROM deals WHERE id = ?", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? crm_err_set(e, CRM_ENOTFOUND,
		    "no deal %lld", (long long)id) : crm_db_err(db, e, "deals");
		sqlite3_finalize(st);
		return rc;
	}
	if ((rc = crm_access_record(db, "deal", id,
	    (const char *)sqlite3_column_text(st, 1), e)) != CRM_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	if (manager != NULL && bufsz > 0)
		snprintf(manager, bufsz, "%s",
		    (const char *)sqlite3_column_text(st, 1));
	old = strdup((const char *)sqlite3_column_text(st, 0));
	if (sqlite3_column_type(st, 2) != SQLITE_NULL)
		oldclosed = strdup((const char *)sqlite3_column_text(st, 2));
	if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		oldreason = strdup((const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	if (old == NULL)
		rc = crm_err_set(e, CRM_EDB, "out of memory");
	else if ((rc = crm_deal_stage(db, word, stage, sizeof(stage), e))
	    != CRM_OK)
		;
	else if (strcmp(stage, "lost") == 0 && (reason == NULL ||
	    reason[strspn(reason, " \t")] == '\0'))
		rc = crm_err_set(e, CRM_EINPUT, "a lost deal needs a reason "
		    "(crm-deal %lld --lost REASON)", (long long)id);
	else if (reason != NULL && strcmp(stage, "lost") != 0)
		rc = crm_err_set(e, CRM_EINPUT, "only a lost deal takes a "
		    "reason");
	else if (reason != NULL && (strlen(reason) > MAX_REASON ||
	    !crm_utf8_valid(reason, strlen(reason), NULL)))
		rc = crm_err_set(e, CRM_EINPUT, "the reason is too long or not "
		    "valid UTF-8");
	else if (strcmp(stage, old) == 0)
		rc = crm_err_set(e, CRM_EINPUT, "deal %lld is %s already",
		    (long long)id, stage);
	if (rc != CRM_OK)
		goto out;
	if (strcmp(stage, "won") == 0 || strcmp(stage, "lost") == 0)
		closed = db->now;
	if ((rc = crm_db_prepare(db, "UPDATE deals SET stage = ?1,"
	    " closed_at = ?2, lost_reason = ?3, updated_at = ?4,"
	    " updated_by = ?5 WHERE id = ?6", &st, e)) != CRM_OK)
		goto out;
	sqlite3_bind_text(st, 1, stage, -1, SQLITE_STATIC);
	crm_bind_text(st, 2, closed);
	crm_bind_text(st, 3, reason);
	sqlite3_bind_text(st, 4, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, id);
	if ((rc = crm_db_step_done(db, st, "deals", e)) != CRM_OK)
		goto out;
	rc = crm_audit(db, "update", "deal", id, "stage", old, stage, 0, e);
	if (rc == CRM_OK && (oldclosed != NULL || closed != NULL))
		rc = crm_audit(db, "update", "deal", id, "closed_at", oldclosed,
		    closed, 0, e);
	if (rc == CRM_OK && (oldreason != NULL || reason != NULL))
		rc = crm_audit(db, "update", "deal", id, "lost_reason",
		    oldreason, reason, 0, e);
out:
	free(old);
	free(oldclosed);
	free(oldreason);
	return rc;
}

/*
 * The list statement for q, of fixed fragments so that each filter given
 * reaches its index (deals_manager, deals_contact, deals_company): ?1
 * id, ?2 manager, ?3 stage, ?5 contact, ?6 company (its own deals and
 * its contacts').
 */
static int
list_sql(const struct crm_deal_query *q, struct crm_buf *b)
{
	/* A deal with a client the actor may not see does not name it. */
	int rc = crm_buf_adds(b, "SELECT d.id, d.stage, d.title,"
	    " CASE WHEN crm_sees(c.owner)"
	    "  THEN c.first_name || ' ' || c.last_name END,"
	    " CASE WHEN crm_sees(co.owner) THEN co.name END, d.amount,"
	    " d.currency, d.expected_close, d.manager, d.closed_at,"
	    " d.lost_reason, d.created_by"
	    " FROM deals AS d LEFT JOIN contacts AS c ON c.id = d.contact_id"
	    " LEFT JOIN companies AS co ON co.id = d.company_id"
	    " WHERE d.archived_at IS NULL");

	if (q->id > 0)
		rc |= crm_buf_adds(b, " AND d.id = ?1");
	if (q->manager != NULL)
		rc |= crm_buf_adds(b, " AND d.manager = ?2");
	if (q->stage != NULL)
		rc |= crm_buf_adds(b, " AND d.stage = ?3");
	else if (!q->include_closed)
		rc |= crm_buf_adds(b, " AND d.stage NOT IN ('won', 'lost')");
	if (q->contact_id > 0)
		rc |= crm_buf_adds(b, " AND d.contact_id = ?5");
	if (q->company_id > 0)
		rc |= crm_buf_adds(b, " AND (d.company_id = ?6 OR d.contact_id"
		    " IN (SELECT id FROM contacts WHERE company_id = ?6))");
	rc |= crm_buf_adds(b, " ORDER BY d.expected_close IS NULL,"
	    " d.expected_close, d.id");
	return rc | crm_buf_add(b, "", 1);
}

int
crm_deal_list(struct crm_db *db, const struct crm_deal_query *q0,
    struct crm_writer *w, long *count, struct crm_err *e)
{
	struct crm_deal_query vq = *q0;
	const struct crm_deal_query *q = &vq;
	const char *row[sizeof(crm_deal_cols) / sizeof(crm_deal_cols[0])];
	struct crm_buf sql = { 0 };
	char amount[32];
	sqlite3_stmt *st;
	int rc, step;
	size_t i;

	/* A manager who sees only their own lists only their own. */
	if (crm_access_visible(db) != NULL)
		vq.manager = crm_access_visible(db);
	if (count != NULL)
		*count = 0;
	if ((rc = crm_db_prepare_built(db, list_sql(q, &sql), &sql, &st, e)) !=
	    CRM_OK)
		return rc;
	if (q->id > 0)
		sqlite3_bind_int64(st, 1, q->id);
	if (q->manager != NULL)
		sqlite3_bind_text(st, 2, q->manager, -1, SQLITE_STATIC);
	if (q->stage != NULL)
		sqlite3_bind_text(st, 3, q->stage, -1, SQLITE_STATIC);
	if (q->contact_id > 0)
		sqlite3_bind_int64(st, 5, q->contact_id);
	if (q->company_id > 0)
		sqlite3_bind_int64(st, 6, q->company_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (count != NULL)
			(*count)++;
		if (w == NULL)
			continue;
		for (i = 0; i < crm_deal_ncols; i++)
			row[i] = (const char *)sqlite3_column_text(st, (int)i);
		row[5] = sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL :
		    crm_money_format(sqlite3_column_int64(st, 5), amount,
		    sizeof(amount));
		if (crm_writer_row(w, row) != CRM_OK) {
			rc = crm_err_output(e, errno, 0);
			break;
		}
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "deals");
	sqlite3_finalize(st);
	return rc;
}

/*
 * The stages of the pipeline numbered in order (?1 the setting), then
 * the deals' stages and currencies grouped; stages outside the pipeline
 * sort last by name.
 */
static const char pipeline_sql[] =
    "WITH RECURSIVE split(n, rest, stage) AS ("
    "  SELECT 0, ?1 || ',', NULL"
    "  UNION ALL SELECT n + 1, substr(rest, instr(rest, ',') + 1),"
    "  substr(rest, 1, instr(rest, ',') - 1) FROM split WHERE rest <> ''),"
    " sums AS (SELECT stage, currency, count(*) AS n,"
    "  coalesce(sum(amount), 0) AS total FROM deals"
    "  WHERE archived_at IS NULL AND (?2 IS NULL OR manager = ?2)"
    "  GROUP BY stage, currency)"
    " SELECT s.stage, m.currency, coalesce(m.n, 0), coalesce(m.total, 0),"
    "  s.n FROM split AS s LEFT JOIN sums AS m ON m.stage = s.stage"
    "  WHERE s.stage IS NOT NULL"
    " UNION ALL SELECT stage, currency, n, total, 1000 FROM sums"
    "  WHERE stage NOT IN (SELECT stage FROM split WHERE stage IS NOT NULL)"
    " ORDER BY 5, 1, 2";

int
crm_deal_pipeline(struct crm_db *db, const char *manager,
    struct crm_writer *w, struct crm_err *e)
{
	const char *row[4];
	char *stages, amount[32];
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = crm_setting_get(db, "deal.stages", &stages, e)) != CRM_OK)
		return rc;
	if ((rc = crm_db_prepare(db, pipeline_sql, &st, e)) != CRM_OK) {
		free(stages);
		return rc;
	}
	sqlite3_bind_text(st, 1, stages, -1, SQLITE_STATIC);
	crm_bind_text(st, 2, manager);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		row[0] = (const char *)sqlite3_column_text(st, 0);
		row[1] = (const char *)sqlite3_column_text(st, 1);
		row[2] = (const char *)sqlite3_column_text(st, 2);
		row[3] = crm_money_format(sqlite3_column_int64(st, 3), amount,
		    sizeof(amount));
		if (crm_writer_row(w, row) != CRM_OK) {
			rc = crm_err_output(e, errno, 0);
			break;
		}
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "deals");
	sqlite3_finalize(st);
	free(stages);
	return rc;
}

int
crm_deal_open_count(struct crm_db *db, const char *manager, long *n,
    struct crm_err *e)
{
	return crm_db_count(db, "SELECT count(*) FROM deals"
	    " WHERE manager = ? AND stage NOT IN ('won', 'lost')"
	    " AND archived_at IS NULL", manager, n, e);
}
