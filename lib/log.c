/*
 * log.c - reading the audit trail: who changed what, when, newest first.
 *
 * One statement serves every filter: each is a bound parameter that, left
 * NULL, matches everything.  Nothing of the input becomes SQL text.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm-internal.h"

const struct crm_col crm_log_cols[] = {
	{ "time", 0 }, { "actor", 0 }, { "action", 0 }, { "entity", 0 },
	{ "id", 1 }, { "field", 0 }, { "old", 0 }, { "new", 0 },
	{ "batch", 1 },
};
const size_t crm_log_ncols = sizeof(crm_log_cols) / sizeof(crm_log_cols[0]);

/*
 * What the audit trail names besides the records of crm_entities
 * (contacts, companies, meetings, calls, tasks, deals).
 */
static const struct {
	const char *name, *plural;
} other_entities[] = {
	{ "user", "users" },
	{ "setting", "settings" },
};

const char *
crm_log_entity(const char *word)
{
	const struct crm_entity *ent;
	size_t i;

	if (word == NULL)
		return NULL;
	if ((ent = crm_entity_lookup(word)) != NULL)
		return ent->name;
	for (i = 0; i < sizeof(other_entities) / sizeof(other_entities[0]);
	    i++)
		if (strcasecmp(word, other_entities[i].name) == 0 ||
		    strcasecmp(word, other_entities[i].plural) == 0)
			return other_entities[i].name;
	return NULL;
}

/*
 * ?1 entity, ?2 entity id, ?3 field, ?4 actor, ?5 since, ?6 until,
 * ?7 action, ?8 batch, ?9 limit (-1: none).  A record's history takes in
 * the import rows of the batch that created it: a bulk import audits its
 * batch, not each row.
 */
static const char log_sql[] =
    "SELECT a.time, a.actor, a.action, a.entity, a.entity_id, a.field,"
    " a.old, a.new, a.batch_id FROM audit AS a"
    " WHERE ((?1 IS NULL OR a.entity = ?1)"
    "    AND (?2 IS NULL OR a.entity_id = ?2)"
    "  OR ?2 IS NOT NULL AND a.entity_id IS NULL AND a.action = 'import'"
    "    AND a.batch_id = CASE ?1"
    "      WHEN 'contact' THEN (SELECT batch_id FROM contacts WHERE id = ?2)"
    "      WHEN 'company' THEN (SELECT batch_id FROM companies WHERE id = ?2)"
    "      WHEN 'meeting' THEN (SELECT batch_id FROM meetings WHERE id = ?2)"
    "      WHEN 'call' THEN (SELECT batch_id FROM calls WHERE id = ?2)"
    "    END)"
    " AND (?3 IS NULL OR a.field = ?3)"
    " AND (?4 IS NULL OR a.actor = ?4)"
    " AND (?5 IS NULL OR a.time >= ?5)"
    " AND (?6 IS NULL OR a.time < ?6)"
    " AND (?7 IS NULL OR a.action = ?7)"
    " AND (?8 IS NULL OR a.batch_id = ?8)"
    " ORDER BY a.time DESC, a.id DESC"
    " LIMIT ?9";

/* The ids -q has printed: an open-addressing set, grown at half full. */
struct idset {
	sqlite3_int64 *slot;	/* 0 = empty; ids are positive */
	size_t cap, n;
};

/* Add id; 1 when new, 0 when seen, -1 when out of memory. */
static int
idset_add(struct idset *s, sqlite3_int64 id)
{
	size_t i, j;

	if (2 * (s->n + 1) > s->cap) {
		size_t ncap = s->cap ? 2 * s->cap : 256;
		sqlite3_int64 *ns = calloc(ncap, sizeof(*ns));

		if (ns == NULL)
			return -1;
		for (i = 0; i < s->cap; i++) {
			if (s->slot[i] == 0)
				continue;
			j = (size_t)s->slot[i] * 0x9E3779B97F4A7C15ULL &
			    (ncap - 1);
			while (ns[j] != 0)
				j = (j + 1) & (ncap - 1);
			ns[j] = s->slot[i];
		}
		free(s->slot);
		s->slot = ns;
		s->cap = ncap;
	}
	j = (size_t)id * 0x9E3779B97F4A7C15ULL & (s->cap - 1);
	while (s->slot[j] != 0) {
		if (s->slot[j] == id)
			return 0;
		j = (j + 1) & (s->cap - 1);
	}
	s->slot[j] = id;
	s->n++;
	return 1;
}

int
crm_log_check(struct crm_db *db, const struct crm_log_query *q,
    struct crm_err *e)
{
	const struct crm_entity *ent = crm_entity_lookup(q->entity);

	if (crm_access_need(db, CRM_ROLES_SUPERVISE, "the audit trail",
	    NULL) != CRM_OK && q->actor != NULL &&
	    strcmp(q->actor, db->actor) != 0)
		return crm_access_need(db, CRM_ROLES_SUPERVISE,
		    "the audit trail of others", e);
	/* A record the actor may not see has no history for them. */
	if (q->id > 0 && ent != NULL && crm_access_visible(db) != NULL)
		return crm_access_check(db, ent, q->id, e);
	return CRM_OK;
}

/* The last record whose visibility as_seen asked, and the answer. */
struct last_seen {
	char entity[16];
	int64_t id;
	int found;
};

/*
 * Whether audit row st (read into row) is one the actor may see: *keep 0
 * for a row about a record they may not see; in one they may, the old
 * and new values that name what they may not see are blanked.
 */
static int
as_seen(struct crm_db *db, sqlite3_stmt *st, const char **row,
    struct last_seen *last, int *keep, struct crm_err *e)
{
	const struct crm_entity *ent = crm_entity_lookup(row[3]);
	int64_t id = sqlite3_column_int64(st, 4);
	int rc, masked, i;

	*keep = 1;
	if (ent == NULL || sqlite3_column_type(st, 4) == SQLITE_NULL)
		return CRM_OK;
	if (strcmp(last->entity, ent->name) != 0 || last->id != id) {
		if ((rc = crm_access_find(db, ent, id, &last->found, e)) !=
		    CRM_OK)
			return rc;
		snprintf(last->entity, sizeof(last->entity), "%s", ent->name);
		last->id = id;
	}
	if (!(*keep = last->found))
		return CRM_OK;
	for (i = 6; i <= 7; i++) {
		if ((rc = crm_access_masks_change(db, ent, id, row[5], row[i],
		    &masked, e)) != CRM_OK)
			return rc;
		if (masked)
			row[i] = NULL;
	}
	return CRM_OK;
}

int
crm_log(struct crm_db *db, const struct crm_log_query *q,
    struct crm_writer *w, long *count, struct crm_err *e)
{
	struct idset seen = { NULL, 0, 0 };
	struct last_seen last = { "", 0, 0 };
	const char *row[sizeof(crm_log_cols) / sizeof(crm_log_cols[0])];
	const char *actor;
	sqlite3_stmt *st;
	long n = 0;
	int rc, i, step, keep;
	/* An actor who does not see everything: rows are sifted here. */
	int sift = crm_access_visible(db) != NULL;

	if (count != NULL)
		*count = 0;
	if ((q->since != NULL && !crm_time_iso_valid(q->since)) ||
	    (q->until != NULL && !crm_time_iso_valid(q->until)))
		return crm_err_set(e, CRM_EUSAGE, "a period bound is not a "
		    "stored timestamp (YYYY-MM-DDTHH:MM:SSZ)");
	if ((rc = crm_log_check(db, q, e)) != CRM_OK)
		return rc;
	/* The whole trail is a supervisor's; others see what they did. */
	actor = crm_access_need(db, CRM_ROLES_SUPERVISE, "the audit trail",
	    NULL) == CRM_OK ? q->actor : db->actor;
	if ((rc = crm_db_prepare(db, log_sql, &st, e)) != CRM_OK)
		return rc;
	crm_bind_text(st, 1, q->entity);
	if (q->id > 0)
		sqlite3_bind_int64(st, 2, q->id);
	crm_bind_text(st, 3, q->field);
	crm_bind_text(st, 4, actor);
	crm_bind_text(st, 5, q->since);
	crm_bind_text(st, 6, q->until);
	crm_bind_text(st, 7, q->action);
	if (q->batch > 0)
		sqlite3_bind_int64(st, 8, q->batch);
	/* With ids only, or sifted, the limit counts what is written. */
	sqlite3_bind_int64(st, 9, q->limit > 0 && !q->ids_only && !sift ?
	    q->limit : -1);
	rc = CRM_OK;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (sift) {
			for (i = 0; i < (int)crm_log_ncols; i++)
				row[i] = (const char *)sqlite3_column_text(st,
				    i);
			if ((rc = as_seen(db, st, row, &last, &keep, e)) !=
			    CRM_OK)
				break;
			if (!keep)
				continue;
		}
		if (q->ids_only) {
			sqlite3_int64 id = sqlite3_column_int64(st, 4);
			int isnew;

			if (sqlite3_column_type(st, 4) == SQLITE_NULL || id <= 0)
				continue;
			if ((isnew = idset_add(&seen, id)) < 0) {
				rc = crm_err_set(e, CRM_EDB, "out of memory");
				break;
			}
			if (!isnew)
				continue;
			row[0] = (const char *)sqlite3_column_text(st, 4);
		} else if (!sift) {
			for (i = 0; i < (int)crm_log_ncols; i++)
				row[i] = (const char *)sqlite3_column_text(st,
				    i);
		}
		if (crm_writer_row(w, row) != CRM_OK) {
			rc = crm_err_output(e, errno, 0);
			break;
		}
		n++;
		if ((q->ids_only || sift) && q->limit > 0 && n >= q->limit)
			break;
	}
	if (rc == CRM_OK && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "audit trail");
	sqlite3_finalize(st);
	free(seen.slot);
	if (count != NULL)
		*count = n;
	return rc;
}
