/*
 * task.c - follow-ups with due dates: add, mark done, list, count.
 *
 * A task is assigned to one user (who must do it) and records who typed
 * it: an operator acting for a manager is both.  A callback task names
 * the call it came from (call_id).  Every write is audited
 * under entity "task".  Lists are one statement whose filters are bound
 * parameters; nothing of the input becomes SQL text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm-internal.h"

#define MAX_TITLE 1000		/* bytes */

const struct crm_col crm_task_cols[] = {
	{ "id", 1 }, { "due", 0 }, { "title", 0 }, { "contact", 0 },
	{ "contact_id", 1 }, { "assignee", 0 }, { "done_at", 0 },
	{ "created_by", 0 },
};
const size_t crm_task_ncols = sizeof(crm_task_cols) /
    sizeof(crm_task_cols[0]);

int
crm_task_add(struct crm_db *db, const struct crm_task_new *t, int64_t *id,
    struct crm_err *e)
{
	const char *assignee = t->assignee ? t->assignee : db->actor;
	sqlite3_stmt *st;
	char *title, cid[24], callid[24];
	sqlite3_int64 tid;
	int rc;

	if (t->title == NULL || (title = strdup(t->title)) == NULL)
		return t->title == NULL ? crm_err_set(e, CRM_EINPUT,
		    "a task needs a title") : crm_err_set(e, CRM_EDB,
		    "out of memory");
	crm_trim(title);
	if (title[0] == '\0')
		rc = crm_err_set(e, CRM_EINPUT, "a task needs a title");
	else if (strlen(title) > MAX_TITLE)
		rc = crm_err_set(e, CRM_EINPUT, "title is too long (%zu bytes; "
		    "at most %d)", strlen(title), MAX_TITLE);
	else if (!crm_utf8_valid(title, strlen(title), NULL))
		rc = crm_err_set(e, CRM_EINPUT, "title is not valid UTF-8");
	else if (t->due != NULL && !crm_time_iso_valid(t->due))
		rc = crm_err_set(e, CRM_EINPUT, "due \"%s\" is not a stored "
		    "timestamp (YYYY-MM-DDTHH:MM:SSZ)", t->due);
	else if ((rc = crm_access_for(db, assignee, e)) != CRM_OK)
		;
	else if ((rc = crm_user_check_active(db, assignee, e)) != CRM_OK)
		;
	else if (t->contact_id != 0 && (rc = crm_access_check(db,
	    crm_entity_lookup("contact"), t->contact_id, e)) != CRM_OK)
		;
	else if (t->call_id != 0 && (rc = crm_access_check(db,
	    crm_entity_lookup("call"), t->call_id, e)) != CRM_OK)
		;
	else if ((rc = crm_db_prepare(db, "INSERT INTO tasks(contact_id,"
	    " title, assignee, due, created_at, created_by, updated_at,"
	    " updated_by, call_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6, ?7)",
	    &st, e)) == CRM_OK) {
		if (t->contact_id != 0)
			sqlite3_bind_int64(st, 1, t->contact_id);
		sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, assignee, -1, SQLITE_STATIC);
		crm_bind_text(st, 4, t->due);
		sqlite3_bind_text(st, 5, db->now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, db->actor, -1, SQLITE_STATIC);
		if (t->call_id != 0)
			sqlite3_bind_int64(st, 7, t->call_id);
		rc = crm_db_step_done(db, st, "tasks", e);
	}
	if (rc != CRM_OK) {
		free(title);
		return rc;
	}
	tid = sqlite3_last_insert_rowid(db->sql);
	snprintf(cid, sizeof(cid), "%lld", (long long)t->contact_id);
	snprintf(callid, sizeof(callid), "%lld", (long long)t->call_id);
	if ((t->contact_id == 0 || (rc = crm_audit(db, "insert", "task", tid,
	    "contact_id", NULL, cid, 0, e)) == CRM_OK) &&
	    (rc = crm_audit(db, "insert", "task", tid, "title", NULL, title, 0,
	    e)) == CRM_OK &&
	    (rc = crm_audit(db, "insert", "task", tid, "assignee", NULL,
	    assignee, 0, e)) == CRM_OK &&
	    (t->due == NULL || (rc = crm_audit(db, "insert", "task", tid, "due",
	    NULL, t->due, 0, e)) == CRM_OK) && t->call_id != 0)
		rc = crm_audit(db, "insert", "task", tid, "call_id", NULL, callid,
		    0, e);
	free(title);
	if (rc == CRM_OK && id != NULL)
		*id = tid;
	return rc;
}

int
crm_task_done(struct crm_db *db, int64_t id, char *assignee, size_t bufsz,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc, step, done;

	if ((rc = crm_db_prepare(db, "SELECT done_at IS NOT NULL, assignee"
	    " FROM tasks WHERE id = ?", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? crm_err_set(e, CRM_ENOTFOUND,
		    "no task %lld", (long long)id) : crm_db_err(db, e, "tasks");
		sqlite3_finalize(st);
		return rc;
	}
	done = sqlite3_column_int(st, 0);
	rc = crm_access_record(db, "task", id,
	    (const char *)sqlite3_column_text(st, 1), e);
	if (assignee != NULL && bufsz > 0)
		snprintf(assignee, bufsz, "%s",
		    (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	if (rc != CRM_OK)
		return rc;
	if (done)
		return crm_err_set(e, CRM_EINPUT, "task %lld is already done",
		    (long long)id);
	if ((rc = crm_db_prepare(db, "UPDATE tasks SET done_at = ?1,"
	    " updated_at = ?1, updated_by = ?2 WHERE id = ?3", &st, e))
	    != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	if ((rc = crm_db_step_done(db, st, "tasks", e)) != CRM_OK)
		return rc;
	return crm_audit(db, "update", "task", id, "done_at", NULL, db->now,
	    0, e);
}

/*
 * The list statement for q, of fixed fragments so that each filter given
 * reaches its index (tasks_assignee, tasks_contact, tasks_open_due): ?1
 * id, ?2 assignee, ?3 contact, ?4 overdue before, ?5 ?6 the bounds of
 * today.
 */
static int
list_sql(const struct crm_task_query *q, struct crm_buf *b)
{
	/* A task for a client the actor may not see does not name it. */
	int rc = crm_buf_adds(b, "SELECT t.id, t.due, t.title,"
	    " CASE WHEN crm_sees(c.owner)"
	    "  THEN c.first_name || ' ' || c.last_name END,"
	    " CASE WHEN crm_sees(c.owner) THEN t.contact_id END, t.assignee,"
	    " t.done_at, t.created_by"
	    " FROM tasks AS t LEFT JOIN contacts AS c ON c.id = t.contact_id"
	    " WHERE t.archived_at IS NULL");

	if (q->id > 0)
		rc |= crm_buf_adds(b, " AND t.id = ?1");
	if (q->assignee != NULL)
		rc |= crm_buf_adds(b, " AND t.assignee = ?2");
	if (q->contact_id > 0)
		rc |= crm_buf_adds(b, " AND t.contact_id = ?3");
	if (!q->include_done || q->overdue)
		rc |= crm_buf_adds(b, " AND t.done_at IS NULL");
	if (q->overdue)
		rc |= crm_buf_adds(b, " AND t.due < ?4");
	if (q->today)
		rc |= crm_buf_adds(b, " AND t.due >= ?5 AND t.due < ?6");
	rc |= crm_buf_adds(b, " ORDER BY t.due IS NULL, t.due, t.id");
	return rc | crm_buf_add(b, "", 1);
}

int
crm_task_list(struct crm_db *db, const struct crm_task_query *q0,
    struct crm_writer *w, long *count, struct crm_err *e)
{
	struct crm_task_query vq = *q0;
	const struct crm_task_query *q = &vq;
	struct crm_buf sql = { 0 };
	char from[32], to[32];
	sqlite3_stmt *st;
	time_t now = time(NULL), t0, t1;
	int rc;

	/* A manager who sees only their own lists only their own. */
	if (crm_access_visible(db) != NULL)
		vq.assignee = crm_access_visible(db);
	if (count != NULL)
		*count = 0;
	if (q->today) {
		if (crm_date_parse("today", now, &t0, e) != CRM_OK ||
		    crm_date_parse("tomorrow", now, &t1, e) != CRM_OK)
			return crm_err_set(e, CRM_EDB, "cannot tell today's "
			    "date");
		crm_time_iso(t0, from, sizeof(from));
		crm_time_iso(t1, to, sizeof(to));
	}
	if ((rc = crm_db_prepare_built(db, list_sql(q, &sql), &sql, &st, e)) !=
	    CRM_OK)
		return rc;
	if (q->id > 0)
		sqlite3_bind_int64(st, 1, q->id);
	if (q->assignee != NULL)
		sqlite3_bind_text(st, 2, q->assignee, -1, SQLITE_STATIC);
	if (q->contact_id > 0)
		sqlite3_bind_int64(st, 3, q->contact_id);
	if (q->overdue)
		sqlite3_bind_text(st, 4, db->now, -1, SQLITE_STATIC);
	if (q->today) {
		sqlite3_bind_text(st, 5, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, to, -1, SQLITE_STATIC);
	}
	return crm_db_write_rows(db, st, crm_task_ncols, w, count, "tasks", e);
}

int
crm_task_open_count(struct crm_db *db, const char *assignee, long *n,
    struct crm_err *e)
{
	return crm_db_count(db, "SELECT count(*) FROM tasks WHERE assignee = ?"
	    " AND done_at IS NULL AND archived_at IS NULL", assignee, n, e);
}
