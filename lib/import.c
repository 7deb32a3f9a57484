/*
 * import.c - validated writes of records: one from arguments or a whole
 * stream from CSV.  Every statement is prepared once per import and reused
 * row after row; each row is checked, normalised, matched against what
 * the base already holds (id, phone, e-mail, company name) and then
 * inserted, updated or left alone.
 *
 * Activities (meetings, calls, tasks, deals) are added by their own
 * binaries; here they are edited (must_exist): each value is checked as
 * its field's type says, then the record as a whole by its rules below.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm-internal.h"

#define MAX_FIELDS 32
/* Input columns: the fields, and custom.NAME columns of contacts. */
#define MAX_COLUMNS 256
/* A value longer than this is a pasted document, not a CRM field. */
#define MAX_VALUE 65536

struct crm_import {
	struct crm_db *db;
	const struct crm_entity *ent;
	struct crm_import_opts o;
	size_t ncols;
	int colfield[MAX_COLUMNS];	/* input column -> field, or -1 */
	int fieldcol[MAX_FIELDS];	/* field -> input column, or -1 */
	int f_id, f_phone, f_email, f_company, f_owner, f_key;
	int f_created_at, f_created_by, f_updated_at, f_updated_by;
	int f_archived, f_consent, f_done;
	int updf[MAX_FIELDS];		/* field is a column of the UPDATE */
	/* Stamp columns, set aside: what a row gives is checked, not written. */
	int stampcol[MAX_FIELDS];	/* field -> input column, or -1 */
	int clear[MAX_FIELDS];		/* the row empties it (done_at) */
	const char *const *vals;	/* the row being read */
	sqlite3_int64 batch;
	char *default_cc;
	sqlite3_stmt *ins, *upd, *get, *by_phone, *by_email, *by_key;
	sqlite3_stmt *company_get, *company_ins, *owner_get, *erased_get;
	sqlite3_stmt *touch;		/* a custom-field-only change */
	struct crm_buf val[MAX_FIELDS];	/* the row being written */
	int null[MAX_FIELDS];
	struct crm_buf old[MAX_FIELDS];	/* the record it updates */
	int oldnull[MAX_FIELDS];
	const char *out[MAX_FIELDS];
	sqlite3_int64 company_id;
	char owner_ok[64];		/* last owner found in users */
	struct crm_import_stats st;
	/* An initial load (empty table): keys seen, indexes built at the end. */
	struct crm_bloom *seen;
	struct crm_buf deferred;
	/* Tags written lately, so the tags table is not asked row by row. */
	sqlite3_stmt *tag_ins;
	uint64_t tag_seen[64];
	/* Activities: their rules, the last user found. */
	const struct rules *rules;
	char user_ok[64];
	struct crm_buf typed;
	/* Columns custom.NAME of the input itself: their names, columns. */
	char *cname[MAX_COLUMNS];
	size_t ccol[MAX_COLUMNS], nccol;
	struct crm_custom crow[MAX_COLUMNS];	/* a row's, for custom.c */
	/* The next row's custom fields (crm_import_custom), for custom.c. */
	const struct crm_custom *custom;
	size_t ncustom;
	struct crm_custom_store *cstore;
};

/* Where statements end up: one table of them, so freeing is one loop. */
#define STMTS(im) { &(im)->ins, &(im)->upd, &(im)->get, &(im)->by_phone, \
	&(im)->by_email, &(im)->by_key, &(im)->company_get, \
	&(im)->company_ins, &(im)->owner_get, &(im)->erased_get, \
	&(im)->tag_ins, &(im)->touch }

static int is_stamp(const struct crm_import *, int);
static int check_stamps(struct crm_import *, sqlite3_int64,
    struct crm_err *);
static int empty(const char *);
static int check_access(struct crm_import *, sqlite3_int64, struct crm_err *);
static const char *getval(const struct crm_import *, int);
static int setval(struct crm_import *, int, const char *);
static int same(const char *, const char *);

static int
field_of_type(const struct crm_entity *ent, enum crm_field_type t)
{
	size_t i;

	for (i = 0; i < ent->nfields; i++)
		if (ent->fields[i].type == t)
			return (int)i;
	return -1;
}

/*
 * Column i named "custom.NAME", as crm-export writes them: a custom
 * field of contacts, written after each row (write_custom).
 * CRM_ENOTFOUND when it is no such column.
 */
static int
custom_column(struct crm_import *im, size_t i, const char *const *names,
    struct crm_err *e)
{
	const char *name = names[i] + 7;
	size_t k;

	if (strcmp(im->ent->name, "contact") != 0 ||
	    strncmp(names[i], "custom.", 7) != 0 ||
	    !crm_custom_name_valid(name))
		return CRM_ENOTFOUND;
	for (k = 0; k < im->nccol; k++)
		if (strcmp(im->cname[k], name) == 0)
			return crm_err_set(e, CRM_EINPUT, "column \"%s\" given "
			    "twice", names[i]);
	if ((im->cname[im->nccol] = strdup(name)) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	im->ccol[im->nccol++] = i;
	return CRM_OK;
}

/* Build and prepare the INSERT and UPDATE of every field of the entity. */
static int
prepare_writes(struct crm_import *im, struct crm_err *e)
{
	const struct crm_entity *ent = im->ent;
	struct crm_buf ins = { 0 }, upd = { 0 };
	size_t i;
	int rc = CRM_OK;

	rc |= crm_buf_adds(&ins, "INSERT INTO ");
	rc |= crm_buf_adds(&ins, ent->table);
	rc |= crm_buf_adds(&ins, "(");
	rc |= crm_buf_adds(&upd, "UPDATE ");
	rc |= crm_buf_adds(&upd, ent->table);
	rc |= crm_buf_adds(&upd, " SET ");
	for (i = 0; i < ent->nfields; i++) {
		const char *col = crm_entity_column(&ent->fields[i]);

		rc |= crm_buf_adds(&ins, col);
		rc |= crm_buf_adds(&ins, ", ");
		if (!im->updf[i])
			continue;
		if (upd.p[upd.len - 1] == '?')
			rc |= crm_buf_adds(&upd, ", ");
		rc |= crm_buf_adds(&upd, col);
		rc |= crm_buf_adds(&upd, " = ?");
	}
	rc |= crm_buf_adds(&ins, "batch_id) VALUES (");
	for (i = 0; i <= ent->nfields; i++)
		rc |= crm_buf_adds(&ins, i ? ", ?" : "?");
	rc |= crm_buf_adds(&ins, ")");
	rc |= crm_buf_adds(&upd, " WHERE id = ?");
	if (rc != CRM_OK)
		rc = crm_err_set(e, CRM_EDB, "out of memory");
	/* An edit never inserts (tasks and deals keep no batch). */
	if (rc == CRM_OK && !im->o.must_exist)
		rc = crm_db_prepare(im->db, ins.p, &im->ins, e);
	if (rc == CRM_OK)
		rc = crm_db_prepare(im->db, upd.p, &im->upd, e);
	crm_buf_free(&ins);
	crm_buf_free(&upd);
	return rc;
}

static int
prepare_reads(struct crm_import *im, struct crm_err *e)
{
	char *sql = NULL;
	int rc;

	if (crm_entity_select_sql(im->ent, "WHERE t.id = ?", &sql) != CRM_OK)
		return crm_err_set(e, CRM_EDB, "out of memory");
	rc = crm_db_prepare(im->db, sql, &im->get, e);
	free(sql);
	/*
	 * Contacts match on phone, then e-mail; companies on their name.
	 * A record the actor sees comes before one they may not, and
	 * whether they see it comes with its id.
	 */
	if (rc == CRM_OK && im->f_key < 0 && im->f_phone >= 0)
		rc = crm_db_prepare(im->db, "SELECT id, crm_sees(owner) AS s"
		    " FROM contacts WHERE phone = ?1 AND id IS NOT ?2"
		    " ORDER BY s DESC LIMIT 1", &im->by_phone, e);
	if (rc == CRM_OK && im->f_key < 0 && im->f_email >= 0)
		rc = crm_db_prepare(im->db, "SELECT id, crm_sees(owner) AS s"
		    " FROM contacts WHERE email = ?1 COLLATE NOCASE"
		    " AND id IS NOT ?2 ORDER BY s DESC LIMIT 1", &im->by_email, e);
	if (rc == CRM_OK && im->f_key >= 0)
		rc = crm_db_prepare(im->db, "SELECT id, crm_sees(owner) AS s"
		    " FROM companies WHERE name = ?1 COLLATE NOCASE"
		    " AND id IS NOT ?2 ORDER BY s DESC LIMIT 1", &im->by_key, e);
	if (rc == CRM_OK && im->f_company >= 0)
		rc = crm_db_prepare(im->db, "SELECT id, name FROM companies"
		    " WHERE name = ? COLLATE NOCASE", &im->company_get, e);
	if (rc == CRM_OK && im->f_company >= 0)
		rc = crm_db_prepare(im->db, "INSERT INTO companies(name, owner,"
		    " created_at, created_by, updated_at, updated_by, batch_id)"
		    " VALUES (?1, ?2, ?3, ?4, ?3, ?4, ?5)", &im->company_ins, e);
	if (rc == CRM_OK)
		rc = crm_db_prepare(im->db, "SELECT 1 FROM users WHERE login = ?",
		    &im->owner_get, e);
	return rc;
}

/*
 * Into an empty table, a bulk import is the initial load of the base: no
 * key can match a stored record except one this batch wrote, which a
 * Bloom filter of the batch's keys rules out for almost every row, and
 * the indexes no lookup needs are built once at the end.
 */
static int
initial_load(struct crm_import *im, struct crm_err *e)
{
	char sql[96];
	sqlite3_stmt *st;
	int rc, empty;

	snprintf(sql, sizeof(sql), "SELECT NOT EXISTS (SELECT 1 FROM %s)",
	    im->ent->table);
	if ((rc = crm_db_prepare(im->db, sql, &st, e)) != CRM_OK)
		return rc;
	rc = sqlite3_step(st);
	empty = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return crm_db_err(im->db, e, "count");
	if (!empty)
		return CRM_OK;
	/* 2^25 bits: 4 MiB, about one false "maybe" in 2,000 at 2M keys. */
	if ((im->seen = crm_bloom_new(25)) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	return crm_schema_defer_indexes(im->db, im->ent->table, &im->deferred,
	    e);
}

/* The Bloom filter's kind and case folding for key field f. */
static char
key_kind(const struct crm_import *im, int f, int *fold)
{
	*fold = f != im->f_phone;
	return f == im->f_phone ? 'p' : f == im->f_email ? 'e' : 'k';
}

/* The value of the field called name in the row, or NULL. */
static const char *
field_value(const struct crm_import *im, const char *name)
{
	return getval(im, crm_entity_field(im->ent, name));
}

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

static int
is(const char *s, const char *word)
{
	return s != NULL && strcmp(s, word) == 0;
}

/* A meeting: held with a result, planned without one, none ahead held. */
static int
meeting_rules(struct crm_import *im, struct crm_err *e)
{
	const char *status = field_value(im, "status");
	const char *result = field_value(im, "result");
	const char *at = field_value(im, "at");

	if (is(status, "held") && empty(result))
		return crm_err_set(e, CRM_EINPUT, "a held meeting needs a "
		    "result (result=...)");
	if (is(status, "planned") && !empty(result))
		return crm_err_set(e, CRM_EINPUT, "a planned meeting has no "
		    "result yet (status=held with it, or result= to clear it)");
	if ((is(status, "held") || is(status, "no_show")) && at != NULL &&
	    strcmp(at, im->db->now) > 0)
		return crm_err_set(e, CRM_EINPUT, "a meeting at %s is still to "
		    "come; it cannot be %s yet", at,
		    is(status, "held") ? "held" : "a no_show");
	return CRM_OK;
}

/* A call is with a number, or a contact, or both. */
static int
call_rules(struct crm_import *im, struct crm_err *e)
{
	if (empty(field_value(im, "number")) &&
	    empty(field_value(im, "contact_id")))
		return crm_err_set(e, CRM_EINPUT, "a call needs a number or a "
		    "contact_id");
	return CRM_OK;
}

/*
 * A deal is a contact's or a company's.  Moving it as crm_deal_move does:
 * to won or lost sets closed_at (now, unless given), to another stage
 * clears closed_at and lost_reason; lost needs a reason, and only lost
 * has one.
 */
static int
deal_rules(struct crm_import *im, struct crm_err *e)
{
	const struct crm_entity *ent = im->ent;
	int f_stage = crm_entity_field(ent, "stage");
	int f_closed = crm_entity_field(ent, "closed_at");
	int f_reason = crm_entity_field(ent, "lost_reason");
	const char *stage = getval(im, f_stage);
	int closed = is(stage, "won") || is(stage, "lost");

	if (empty(field_value(im, "contact_id")) &&
	    empty(field_value(im, "company_id")))
		return crm_err_set(e, CRM_EINPUT, "a deal needs a contact_id or "
		    "a company_id");
	if (!im->oldnull[f_stage] && !is(stage, im->old[f_stage].p)) {
		if (im->fieldcol[f_closed] < 0)
			setval(im, f_closed, closed ? im->db->now : NULL);
		if (im->fieldcol[f_reason] < 0 && !is(stage, "lost"))
			setval(im, f_reason, NULL);
	}
	if (is(stage, "lost") && empty(getval(im, f_reason)))
		return crm_err_set(e, CRM_EINPUT, "a lost deal needs a reason "
		    "(lost_reason=...)");
	if (!is(stage, "lost") && !empty(getval(im, f_reason)))
		return crm_err_set(e, CRM_EINPUT, "only a lost deal has a "
		    "lost_reason");
	if (!closed && !empty(getval(im, f_closed)))
		return crm_err_set(e, CRM_EINPUT, "only a won or lost deal "
		    "has a closed_at");
	return CRM_OK;
}

/*
 * What an activity's record must hold together once a row is merged into
 * it, and the fields a change of the first of "moves" may change too.
 */
static const struct rules {
	const char *entity;
	int (*check)(struct crm_import *, struct crm_err *);
	const char *moves[3];
} activity_rules[] = {
	{ "meeting", meeting_rules, { NULL } },
	{ "call", call_rules, { NULL } },
	{ "task", NULL, { NULL } },
	{ "deal", deal_rules, { "stage", "closed_at", "lost_reason" } },
};

/*
 * The columns an update writes.  An edit (must_exist) writes only what
 * its input names, so that a bulk change of one field touches one index,
 * not every index of the table.
 */
static int
update_only(struct crm_import *im, struct crm_err *e)
{
	const struct crm_entity *ent = im->ent;
	int f = im->f_archived;
	size_t i;

	/* Archiving decides archived_at: a column of it is ignored. */
	if (im->o.archive != 0 && f >= 0 && im->fieldcol[f] >= 0) {
		im->colfield[im->fieldcol[f]] = -1;
		im->fieldcol[f] = -1;
	}
	/*
	 * The stamps crm sets are no columns of a write: what a row gives
	 * for them is only compared with what is stored (check_stamps).  A
	 * restore writes them as given.
	 */
	for (i = 0; i < ent->nfields; i++) {
		im->stampcol[i] = -1;
		if (im->o.restore || ent->fields[i].stamp == NULL ||
		    im->fieldcol[i] < 0)
			continue;
		im->stampcol[i] = im->fieldcol[i];
		im->colfield[im->fieldcol[i]] = -1;
		im->fieldcol[i] = -1;
	}
	for (i = 1; i < ent->nfields; i++)
		im->updf[i] = !im->o.must_exist || (im->fieldcol[i] >= 0 &&
		    !is_stamp(im, (int)i));
	im->updf[im->f_updated_at] = im->updf[im->f_updated_by] = 1;
	if (im->o.archive != 0 && f >= 0)
		im->updf[f] = 1;
	/* Emptying done_at reopens a task. */
	if (im->f_done >= 0 && im->stampcol[im->f_done] >= 0)
		im->updf[im->f_done] = 1;
	/* A consent edit stamps its time and source (stamp_consent). */
	if (im->f_consent >= 0 && im->fieldcol[im->f_consent] >= 0)
		im->updf[im->f_consent + 1] = im->updf[im->f_consent + 2] = 1;
	if (im->rules != NULL && im->rules->moves[0] != NULL &&
	    im->fieldcol[crm_entity_field(ent, im->rules->moves[0])] >= 0)
		for (i = 1; i < 3 && im->rules->moves[i] != NULL; i++) {
			int moved = crm_entity_field(ent, im->rules->moves[i]);

			im->updf[moved] = 1;
		}
	if (!im->o.must_exist)
		return CRM_OK;
	im->o.upsert = 1;
	if (im->fieldcol[im->f_id] < 0)
		return crm_err_set(e, CRM_EINPUT, "the input has no id column");
	return CRM_OK;
}

int
crm_import_begin(struct crm_import **imp, struct crm_db *db,
    const struct crm_entity *ent, const struct crm_import_opts *o,
    const char *const *names, size_t ncols, struct crm_err *e)
{
	struct crm_import *im;
	size_t i;
	int rc, f;

	*imp = NULL;
	if (ent->nfields > MAX_FIELDS)
		return crm_err_set(e, CRM_EDB, "too many fields");
	if (o->erase && crm_entity_field(ent, "last_name") < 0)
		return crm_err_set(e, CRM_EUSAGE, "only contacts hold a "
		    "person's data; a %s cannot be erased", ent->name);
	if (ent->added_by != NULL && !o->must_exist)
		return crm_err_set(e, CRM_EUSAGE, "%s are added with %s and "
		    "changed with crm-edit", ent->plural, ent->added_by);
	if (o->restore && (o->must_exist || !o->bulk))
		return crm_err_set(e, CRM_EUSAGE, "a restore reads a backup "
		    "(crm-export's CSV) on standard input");
	if (o->restore && (rc = crm_access_need(db, CRM_ROLES_ADMIN,
	    "restoring a backup (--restore)", e)) != CRM_OK)
		return rc;
	if ((im = calloc(1, sizeof(*im))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	im->db = db;
	im->ent = ent;
	im->o = *o;
	for (i = 0; i < MAX_FIELDS; i++)
		im->fieldcol[i] = -1;
	if (ncols > MAX_COLUMNS) {
		rc = crm_err_set(e, CRM_EINPUT, "%zu columns; a %s has %zu "
		    "fields", ncols, ent->name, ent->nfields);
		goto fail;
	}
	for (i = 0; i < ncols; i++) {
		/* A fixed rejects file goes back in with its error column. */
		if (strcmp(names[i], "error") == 0) {
			im->colfield[i] = -1;
			continue;
		}
		if ((f = crm_entity_field(ent, names[i])) < 0 &&
		    (rc = custom_column(im, i, names, e)) != CRM_ENOTFOUND) {
			if (rc != CRM_OK)
				goto fail;
			im->colfield[i] = -1;
			continue;
		}
		if (f < 0 && i + o->nargs >= ncols) {
			rc = crm_err_set(e, CRM_EUSAGE, "unknown field \"%s\" "
			    "for a %s", names[i], ent->name);
			goto fail;
		}
		if (f < 0) {
			rc = crm_err_set(e, CRM_EINPUT, "unknown column \"%s\" "
			    "for a %s", names[i], ent->name);
			goto fail;
		}
		if (im->fieldcol[f] >= 0) {
			rc = crm_err_set(e, CRM_EINPUT, "column \"%s\" given "
			    "twice (as \"%s\" and \"%s\")", ent->fields[f].name,
			    names[im->fieldcol[f]], names[i]);
			goto fail;
		}
		im->colfield[i] = f;
		im->fieldcol[f] = (int)i;
	}
	im->ncols = ncols;
	im->f_id = field_of_type(ent, CRM_FT_ID);
	im->f_phone = field_of_type(ent, CRM_FT_PHONE);
	im->f_email = field_of_type(ent, CRM_FT_EMAIL);
	im->f_company = field_of_type(ent, CRM_FT_COMPANY);
	im->f_owner = field_of_type(ent, CRM_FT_OWNER);
	im->f_key = ent->key ? crm_entity_field(ent, ent->key) : -1;
	im->f_created_at = crm_entity_field(ent, "created_at");
	im->f_created_by = crm_entity_field(ent, "created_by");
	im->f_updated_at = crm_entity_field(ent, "updated_at");
	im->f_updated_by = crm_entity_field(ent, "updated_by");
	im->f_archived = crm_entity_field(ent, "archived_at");
	im->f_consent = crm_entity_field(ent, "consent");
	im->f_done = crm_entity_field(ent, "done_at");
	for (i = 0; ent->added_by != NULL && i < sizeof(activity_rules) /
	    sizeof(activity_rules[0]); i++)
		if (strcmp(activity_rules[i].entity, ent->name) == 0)
			im->rules = &activity_rules[i];
	if ((rc = update_only(im, e)) != CRM_OK)
		goto fail;
	if ((rc = crm_setting_get(db, "phone.default_country",
	    &im->default_cc, e)) != CRM_OK)
		goto fail;
	if ((rc = prepare_writes(im, e)) != CRM_OK ||
	    (rc = prepare_reads(im, e)) != CRM_OK)
		goto fail;
	if (o->bulk && (rc = crm_audit_batch_open(db, ent->name, o->source,
	    &im->batch, e)) != CRM_OK)
		goto fail;
	if (o->bulk && !o->must_exist && (rc = initial_load(im, e)) != CRM_OK)
		goto fail;
	*imp = im;
	return CRM_OK;
fail:
	crm_import_free(im);
	return rc;
}

static int
setval(struct crm_import *im, int f, const char *s)
{
	im->val[f].len = 0;
	im->null[f] = s == NULL;
	if (s == NULL)
		return CRM_OK;
	return crm_buf_add(&im->val[f], s, strlen(s));
}

static const char *
getval(const struct crm_import *im, int f)
{
	if (f < 0 || im->null[f])
		return NULL;
	return im->val[f].p ? im->val[f].p : "";
}

/* Normalise a tag list: split on , or ;, trim, drop empties and repeats. */
static int
normalize_tags(struct crm_buf *v)
{
	struct crm_buf out = { 0 };
	char *s, *tok, *save = NULL;
	int rc = CRM_OK;

	if (v->len == 0)
		return CRM_OK;
	for (s = v->p; (tok = strtok_r(s, ",;", &save)) != NULL; s = NULL) {
		size_t n;
		const char *p;
		int seen = 0;

		crm_trim(tok);
		if ((n = strlen(tok)) == 0)
			continue;
		for (p = out.p; p != NULL && *p != '\0'; ) {
			const char *end = strchr(p, ',');
			size_t m = end ? (size_t)(end - p) : strlen(p);

			if (m == n && strncasecmp(p, tok, n) == 0)
				seen = 1;
			p += m + (end != NULL);
		}
		if (seen)
			continue;
		if (out.len > 0)
			rc |= crm_buf_add(&out, ",", 1);
		rc |= crm_buf_add(&out, tok, n);
	}
	v->len = 0;
	if (out.len > 0)
		rc |= crm_buf_add(v, out.p, out.len);
	crm_buf_free(&out);
	return rc;
}

static int
owner_exists(struct crm_import *im, const char *login, struct crm_err *e)
{
	int found;

	if (strcmp(login, im->owner_ok) == 0)
		return CRM_OK;
	sqlite3_bind_text(im->owner_get, 1, login, -1, SQLITE_STATIC);
	found = sqlite3_step(im->owner_get);
	sqlite3_reset(im->owner_get);
	if (found == SQLITE_ROW) {
		if (strlen(login) < sizeof(im->owner_ok))
			strcpy(im->owner_ok, login);
		return CRM_OK;
	}
	if (found != SQLITE_DONE)
		return crm_db_err(im->db, e, "owner");
	return crm_err_set(e, CRM_EINPUT, "owner \"%s\" is not a user "
	    "(add it with: crm-user add %s)", login, login);
}

/* Whether the value of field f came from a FIELD=VALUE argument. */
static int
from_args(const struct crm_import *im, int f)
{
	return im->fieldcol[f] >= 0 &&
	    (size_t)im->fieldcol[f] + im->o.nargs >= im->ncols;
}

/* An activity's field: its typed value in stored form, in place. */
static int
check_typed(struct crm_import *im, int f, struct crm_err *e)
{
	int rc;

	im->typed.len = 0;
	if ((rc = crm_field_value(im->db, &im->ent->fields[f], im->val[f].p,
	    &im->typed, e)) != CRM_OK)
		return rc;
	im->val[f].len = 0;
	if (crm_buf_add(&im->val[f], im->typed.p ? im->typed.p : "",
	    im->typed.len) != CRM_OK)
		return crm_err_set(e, CRM_EDB, "out of memory");
	return CRM_OK;
}

/* Check and normalise the value of field f in place. */
static int
check_field(struct crm_import *im, int f, struct crm_err *e)
{
	const struct crm_field *fd = &im->ent->fields[f];
	struct crm_buf *v = &im->val[f];
	char norm[320];
	int rc;

	if (im->null[f])
		return CRM_OK;
	if (v->len > MAX_VALUE)
		return crm_err_set(e, CRM_EINPUT, "%s is too long (%zu bytes; "
		    "at most %d)", fd->name, v->len, MAX_VALUE);
	if (v->p == NULL || v->len == 0)
		return CRM_OK;
	switch (fd->type) {
	case CRM_FT_ID:
		if (crm_positive(v->p) == 0)
			return crm_err_set(e, CRM_EINPUT, "id \"%s\" is not a "
			    "positive whole number", v->p);
		return CRM_OK;
	case CRM_FT_PHONE:
		if ((rc = crm_phone_normalize(v->p, im->default_cc, norm,
		    sizeof(norm), e)) != CRM_OK)
			return rc;
		v->len = 0;
		return crm_buf_adds(v, norm);
	case CRM_FT_EMAIL:
		if ((rc = crm_email_normalize(v->p, norm, sizeof(norm), e)) !=
		    CRM_OK)
			return rc;
		v->len = 0;
		return crm_buf_adds(v, norm);
	case CRM_FT_TAGS:
		return normalize_tags(v);
	case CRM_FT_TIME:
		if (!crm_time_iso_valid(v->p))
			return crm_err_set(e, CRM_EINPUT, "%s \"%s\" is not a "
			    "timestamp like 2026-11-27T10:00:00Z", fd->name,
			    v->p);
		return CRM_OK;
	case CRM_FT_OWNER:
	case CRM_FT_LOGIN:
		if (!crm_login_valid(v->p))
			return crm_err_set(e, CRM_EINPUT, "%s \"%s\" is not a "
			    "login name", fd->name, v->p);
		return CRM_OK;
	default:
		if (crm_field_typed(fd->type))
			return check_typed(im, f, e);
		return CRM_OK;
	}
}

/* CRM_OK when login is an active user (the last one found is kept). */
static int
user_active(struct crm_import *im, int f, struct crm_err *e)
{
	const char *login = getval(im, f);
	struct crm_err le = { 0 };
	int rc;

	if (strcmp(login, im->user_ok) == 0)
		return CRM_OK;
	if ((rc = crm_user_check_active(im->db, login, &le)) != CRM_OK)
		return crm_err_set(e, rc, "%s: %s", im->ent->fields[f].name,
		    le.msg);
	snprintf(im->user_ok, sizeof(im->user_ok), "%s", login);
	return CRM_OK;
}

/* CRM_OK when the record field f refers to exists and the actor sees it. */
static int
ref_exists(struct crm_import *im, int f, struct crm_err *e)
{
	const struct crm_field *fd = &im->ent->fields[f];
	const struct crm_entity *to = crm_entity_lookup(fd->arg);
	const char *id = getval(im, f);
	int rc, found;

	if (to == NULL)
		return crm_err_set(e, CRM_EDB, "%s: no such table", fd->arg);
	if ((rc = crm_access_find(im->db, to, strtoll(id, NULL, 10), &found,
	    e)) != CRM_OK)
		return rc;
	if (found)
		return CRM_OK;
	return crm_err_set(e, CRM_EINPUT, "%s %s: no %s has that id",
	    fd->name, id, to->name);
}

/*
 * The fields of an activity the row changes: required ones stay set,
 * users are active, references exist, another system's id stays.  What
 * the row leaves as it was is not asked again: an export with a manager
 * who has left goes back in.
 */
static int
check_changes(struct crm_import *im, struct crm_err *e)
{
	const struct crm_entity *ent = im->ent;
	size_t i;
	int rc;

	for (i = 0; i < ent->nfields; i++) {
		const struct crm_field *fd = &ent->fields[i];
		const char *v = getval(im, (int)i);

		if (im->fieldcol[i] < 0 || same(v, im->oldnull[i] ? NULL :
		    im->old[i].p))
			continue;
		if (fd->required && empty(v))
			return crm_err_set(e, CRM_EINPUT, "%s cannot be empty: "
			    "a %s needs one", fd->name, ent->name);
		if (fd->type == CRM_FT_EXTERNAL)
			return crm_err_set(e, CRM_EINPUT, "%s is the id "
			    "another system gave this %s; it cannot be changed",
			    fd->name, ent->name);
		if (empty(v))
			continue;
		if (fd->type == CRM_FT_USER &&
		    (rc = user_active(im, (int)i, e)) != CRM_OK)
			return rc;
		if (fd->type == CRM_FT_REF &&
		    (rc = ref_exists(im, (int)i, e)) != CRM_OK)
			return rc;
	}
	return CRM_OK;
}

/*
 * Find another record with the value of key field f; 0 when none.  *seen
 * says whether the actor may see it.
 */
static int
lookup_id(struct crm_import *im, sqlite3_stmt *st, int f,
    sqlite3_int64 self, sqlite3_int64 *id, int *seen, struct crm_err *e)
{
	const char *value = getval(im, f);
	int rc, fold;

	*id = 0;
	*seen = 1;
	if (st == NULL || value == NULL || *value == '\0')
		return CRM_OK;
	if (im->seen != NULL) {
		char kind = key_kind(im, f, &fold);

		if (!crm_bloom_maybe(im->seen, kind, value, fold))
			return CRM_OK;
	}
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	if (self > 0)
		sqlite3_bind_int64(st, 2, self);
	else
		sqlite3_bind_null(st, 2);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*seen = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return crm_db_err(im->db, e, "lookup");
	return CRM_OK;
}

/*
 * Load record id into old[]; *found tells whether it exists and the
 * actor may see it, *hidden (when not NULL) whether it exists but they
 * may not.
 */
static int
load_old(struct crm_import *im, sqlite3_int64 id, int *found, int *hidden,
    struct crm_err *e)
{
	int fo = crm_entity_owner_field(im->ent);
	size_t i;
	int rc;

	sqlite3_bind_int64(im->get, 1, id);
	rc = sqlite3_step(im->get);
	*found = rc == SQLITE_ROW;
	for (i = 0; *found && i < im->ent->nfields; i++) {
		const char *s = (const char *)sqlite3_column_text(im->get,
		    (int)i);

		im->old[i].len = 0;
		im->oldnull[i] = s == NULL;
		if (s != NULL && crm_buf_add(&im->old[i], s,
		    (size_t)sqlite3_column_bytes(im->get, (int)i)) != CRM_OK)
			rc = SQLITE_NOMEM;
	}
	sqlite3_reset(im->get);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return crm_db_err(im->db, e, "read record");
	if (hidden != NULL)
		*hidden = *found && fo >= 0 && !crm_access_sees(im->db,
		    im->oldnull[fo] ? NULL : im->old[fo].p);
	if (hidden != NULL && *hidden)
		*found = 0;
	return CRM_OK;
}

/*
 * The company of a contact: found by name (case-insensitive), or created.
 * The value becomes the stored spelling.
 */
static int
resolve_company(struct crm_import *im, struct crm_err *e)
{
	const char *name = getval(im, im->f_company);
	int rc;

	im->company_id = 0;
	if (name == NULL || *name == '\0')
		return CRM_OK;
	sqlite3_bind_text(im->company_get, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(im->company_get);
	if (rc == SQLITE_ROW) {
		const char *stored = (const char *)sqlite3_column_text(
		    im->company_get, 1);

		im->company_id = sqlite3_column_int64(im->company_get, 0);
		if (strcmp(stored, name) != 0)
			setval(im, im->f_company, stored);
		sqlite3_reset(im->company_get);
		return CRM_OK;
	}
	sqlite3_reset(im->company_get);
	if (rc != SQLITE_DONE)
		return crm_db_err(im->db, e, "company");
	sqlite3_bind_text(im->company_ins, 1, name, -1, SQLITE_STATIC);
	crm_bind_text(im->company_ins, 2, getval(im, im->f_owner));
	sqlite3_bind_text(im->company_ins, 3, im->db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(im->company_ins, 4, im->db->actor, -1,
	    SQLITE_STATIC);
	if (im->batch > 0)
		sqlite3_bind_int64(im->company_ins, 5, im->batch);
	rc = sqlite3_step(im->company_ins);
	sqlite3_reset(im->company_ins);
	if (rc != SQLITE_DONE)
		return crm_db_err(im->db, e, "add company");
	im->company_id = sqlite3_last_insert_rowid(im->db->sql);
	im->st.companies_created++;
	if (im->batch == 0)
		return crm_audit(im->db, "insert", "company", im->company_id,
		    "name", NULL, name, 0, e);
	return CRM_OK;
}

/* Bind every field (and, for an insert, the batch) to st. */
static void
bind_fields(struct crm_import *im, sqlite3_stmt *st, int insert)
{
	const struct crm_entity *ent = im->ent;
	int64_t minor;
	size_t i;
	int p = 1;

	for (i = 0; i < ent->nfields; i++) {
		const char *v = getval(im, (int)i);

		if (!insert && !im->updf[i])
			continue;
		if (v != NULL && *v == '\0')
			v = NULL;
		switch (ent->fields[i].type) {
		case CRM_FT_ID:
			if (v != NULL)
				sqlite3_bind_int64(st, p, strtoll(v, NULL, 10));
			else
				sqlite3_bind_null(st, p);
			break;
		case CRM_FT_COMPANY:
			if (im->company_id > 0)
				sqlite3_bind_int64(st, p, im->company_id);
			else
				sqlite3_bind_null(st, p);
			break;
		case CRM_FT_REF:
		case CRM_FT_MINUTES:
		case CRM_FT_SECONDS:
			if (v != NULL)
				sqlite3_bind_int64(st, p, strtoll(v, NULL, 10));
			else
				sqlite3_bind_null(st, p);
			break;
		case CRM_FT_MONEY:
			/* Checked already: "1234.50" in minor units. */
			if (v != NULL && crm_money_parse(v, &minor, NULL) ==
			    CRM_OK)
				sqlite3_bind_int64(st, p, minor);
			else
				sqlite3_bind_null(st, p);
			break;
		default:
			crm_bind_text(st, p, v);
			break;
		}
		p++;
	}
	if (insert) {
		if (im->batch > 0)
			sqlite3_bind_int64(st, p, im->batch);
		else
			sqlite3_bind_null(st, p);
	} else
		sqlite3_bind_int64(st, p, strtoll(getval(im, im->f_id), NULL,
		    10));
}

/*
 * 1 when contact id has been erased: it keeps no way to reach it and
 * still takes edits (a new owner).  Asked only when a row lacks both.
 */
static int
is_erased(struct crm_import *im, sqlite3_int64 id)
{
	int erased = 0;

	if (id <= 0 || (im->erased_get == NULL && crm_db_prepare(im->db,
	    "SELECT erased_at IS NOT NULL FROM contacts WHERE id = ?",
	    &im->erased_get, NULL) != CRM_OK))
		return 0;
	sqlite3_bind_int64(im->erased_get, 1, id);
	if (sqlite3_step(im->erased_get) == SQLITE_ROW)
		erased = sqlite3_column_int(im->erased_get, 0);
	sqlite3_reset(im->erased_get);
	return erased;
}

/* A contact needs its names and a way to reach it; a company its name. */
static int
check_required(struct crm_import *im, sqlite3_int64 update_id,
    struct crm_err *e)
{
	const struct crm_entity *ent = im->ent;
	size_t i;

	for (i = 0; i < ent->nfields; i++) {
		const char *v = getval(im, (int)i);

		if (ent->fields[i].type == CRM_FT_NAME && (v == NULL ||
		    *v == '\0'))
			return crm_err_set(e, CRM_EINPUT, "%s is missing",
			    ent->fields[i].name);
	}
	if (im->f_key < 0 && im->f_phone >= 0) {
		const char *ph = getval(im, im->f_phone);
		const char *em = getval(im, im->f_email);

		if ((ph == NULL || *ph == '\0') && (em == NULL || *em == '\0') &&
		    !is_erased(im, update_id))
			return crm_err_set(e, CRM_EINPUT, "a %s needs a phone "
			    "or an email", ent->name);
	}
	return CRM_OK;
}

/*
 * A consent given or changed by this row records when and from where,
 * unless the row says so itself: now, and the file it came from (its
 * name without the folders; the binary's name for a command-line edit).
 */
static void
stamp_consent(struct crm_import *im, const char *old)
{
	int f = im->f_consent, f_at, f_src;
	const char *v;

	if (f < 0 || im->fieldcol[f] < 0)
		return;
	v = getval(im, f);
	if (v == NULL || *v == '\0' || same(v, old) ||
	    (old == NULL && strcmp(v, "unknown") == 0))
		return;
	f_at = f + 1;		/* consent_at, consent_source follow it */
	f_src = f + 2;
	if (im->fieldcol[f_at] < 0 || getval(im, f_at) == NULL ||
	    *getval(im, f_at) == '\0')
		setval(im, f_at, im->db->now);
	if (im->fieldcol[f_src] < 0 || getval(im, f_src) == NULL ||
	    *getval(im, f_src) == '\0')
		setval(im, f_src, im->o.source == NULL ?
		    program_invocation_short_name : strrchr(im->o.source, '/') ?
		    strrchr(im->o.source, '/') + 1 : im->o.source);
}

/* Fill in what an insert leaves unsaid: me, now, consent unknown. */
static void
insert_defaults(struct crm_import *im)
{
	const struct crm_entity *ent = im->ent;
	size_t i;

	for (i = 0; i < ent->nfields; i++) {
		if (!im->null[i] && im->val[i].len > 0)
			continue;
		if (ent->fields[i].type == CRM_FT_OWNER)
			setval(im, (int)i, im->db->actor);
		else if ((int)i == im->f_consent)
			setval(im, (int)i, "unknown");
		else if ((int)i == im->f_created_at)
			setval(im, (int)i, im->db->now);
		else if ((int)i == im->f_created_by)
			setval(im, (int)i, im->db->actor);
	}
	/* Never changed since created, unless the input says otherwise. */
	if (im->null[im->f_updated_at] || im->val[im->f_updated_at].len == 0)
		setval(im, im->f_updated_at, getval(im, im->f_created_at));
	if (im->null[im->f_updated_by] || im->val[im->f_updated_by].len == 0)
		setval(im, im->f_updated_by, getval(im, im->f_created_by));
}

static int
is_stamp(const struct crm_import *im, int f)
{
	return f == im->f_id || f == im->f_created_at ||
	    f == im->f_created_by || f == im->f_updated_at ||
	    f == im->f_updated_by;
}

/*
 * What a row gives for the stamps crm sets (the columns update_only set
 * aside).  On a stored record (target) each must be what is stored, and
 * is then ignored, so that an unchanged export goes back in; another
 * value is refused, naming the column: CRM_EUSAGE for an argument,
 * CRM_EINPUT for a row of a file.  A new record gets crm's own: a stamp
 * among the arguments is refused, a file's are ignored, except that an
 * archived_at there archives the record now.  Only emptying a task's
 * done_at is a change (it reopens the task).
 */
static int
check_stamps(struct crm_import *im, sqlite3_int64 target, struct crm_err *e)
{
	const struct crm_entity *ent = im->ent;
	const char *v, *stored;
	size_t i, col;
	int arg;

	for (i = 0; i < ent->nfields; i++) {
		if (im->stampcol[i] < 0)
			continue;
		col = (size_t)im->stampcol[i];
		arg = col + im->o.nargs >= im->ncols;
		im->typed.len = 0;
		if (crm_buf_adds(&im->typed, im->vals[col] ? im->vals[col] :
		    "") != CRM_OK || crm_buf_add(&im->typed, "", 1) != CRM_OK)
			return crm_err_set(e, CRM_EDB, "out of memory");
		v = crm_trim(im->typed.p);
		if (target == 0) {
			if (!empty(v) && arg)
				return crm_err_set(e, CRM_EUSAGE, "%s: %s; it is "
				    "not given", ent->fields[i].name,
				    ent->fields[i].stamp);
			if (!empty(v) && (int)i == im->f_archived)
				setval(im, (int)i, im->db->now);
			continue;
		}
		stored = im->oldnull[i] ? NULL : im->old[i].p;
		if (same(v, stored))
			continue;
		if ((int)i == im->f_done && empty(v)) {
			im->clear[i] = 1;
			continue;
		}
		return crm_err_set(e, arg ? CRM_EUSAGE : CRM_EINPUT,
		    "%s \"%.64s\" is not the stored %s%s%s: %s",
		    ent->fields[i].name, v, empty(stored) ? "(empty)" : "\"",
		    empty(stored) ? "" : stored, empty(stored) ? "" : "\"",
		    ent->fields[i].stamp);
	}
	return CRM_OK;
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || *a == '\0')
		return b == NULL || *b == '\0';
	return b != NULL && strcmp(a, b) == 0;
}

/*
 * What record id names that the actor may not see (crm_access_masks:
 * another manager's client, a call's number with it) was shown to them
 * blank: a blank, or the stored value, keeps it as it is; anything else
 * is refused, for it is not theirs to change.
 */
static int
keep_hidden(struct crm_import *im, sqlite3_int64 id, struct crm_err *e)
{
	const struct crm_entity *ent = im->ent;
	const char *oldv[MAX_FIELDS], *v;
	size_t i;
	int rc, masked;

	if (crm_access_visible(im->db) == NULL)
		return CRM_OK;
	for (i = 0; i < ent->nfields; i++)
		oldv[i] = im->oldnull[i] ? NULL : im->old[i].p;
	for (i = 0; i < ent->nfields; i++) {
		if ((rc = crm_access_masks(im->db, ent, (int)i, oldv, &masked,
		    e)) != CRM_OK)
			return rc;
		if (!masked)
			continue;
		v = getval(im, (int)i);
		if (empty(v) || same(v, oldv[i]))
			setval(im, (int)i, oldv[i]);
		else
			return crm_err_set(e, CRM_EPERM, "%s %lld: its %s names "
			    "another manager's client; not yours to change",
			    ent->name, (long long)id, ent->fields[i].name);
	}
	return CRM_OK;
}

/*
 * The record as the actor may see it into im->out: blank where
 * crm_access_masks says.
 */
static int
set_out(struct crm_import *im, struct crm_err *e)
{
	const struct crm_entity *ent = im->ent;
	int masked[MAX_FIELDS] = { 0 };
	size_t i;
	int rc;

	for (i = 0; i < ent->nfields; i++)
		im->out[i] = getval(im, (int)i);
	for (i = 0; i < ent->nfields; i++)
		if ((rc = crm_access_masks(im->db, ent, (int)i, im->out,
		    &masked[i], e)) != CRM_OK)
			return rc;
	for (i = 0; i < ent->nfields; i++)
		if (masked[i])
			im->out[i] = NULL;
	return CRM_OK;
}

/*
 * Merge the row into the stored record id: fields the input does not name
 * keep their stored values.  Audits each changed field.
 */
static int
update_record(struct crm_import *im, sqlite3_int64 id,
    enum crm_import_result *res, struct crm_err *e)
{
	const struct crm_entity *ent = im->ent;
	const char *action;
	char idbuf[24];
	size_t i;
	int rc, changed = 0, keep_updated;

	/* A restore keeps the row's stamps; others come from the record. */
	keep_updated = im->o.restore &&
	    !empty(getval(im, im->f_updated_at)) &&
	    !empty(getval(im, im->f_updated_by));
	for (i = 0; i < ent->nfields; i++)
		if ((im->fieldcol[i] < 0 && !((int)i == im->f_archived &&
		    im->o.archive != 0)) || (is_stamp(im, (int)i) &&
		    (!im->o.restore || empty(getval(im, (int)i)))))
			setval(im, (int)i, im->oldnull[i] ? NULL :
			    im->old[i].p ? im->old[i].p : "");
	for (i = 0; i < ent->nfields; i++)
		if (im->clear[i])
			setval(im, (int)i, NULL);
	/* Archiving keeps the first archiving time. */
	if (im->o.archive > 0 && im->f_archived >= 0 &&
	    !im->oldnull[im->f_archived])
		setval(im, im->f_archived, im->old[im->f_archived].p);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	setval(im, im->f_id, idbuf);
	if ((rc = keep_hidden(im, id, e)) != CRM_OK)
		return rc;
	if (im->f_consent >= 0)
		stamp_consent(im, im->oldnull[im->f_consent] ? NULL :
		    im->old[im->f_consent].p);
	if ((rc = check_required(im, id, e)) != CRM_OK)
		return rc;
	if (im->rules != NULL && ((rc = check_changes(im, e)) != CRM_OK ||
	    (im->rules->check != NULL && (rc = im->rules->check(im, e)) !=
	    CRM_OK)))
		return rc;
	for (i = 0; i < ent->nfields; i++)
		if ((int)i != im->f_id && (!is_stamp(im, (int)i) ||
		    im->o.restore) && !same(getval(im, (int)i),
		    im->oldnull[i] ? NULL : im->old[i].p))
			changed = 1;
	if (!changed) {
		*res = CRM_UNCHANGED;
		return CRM_OK;
	}
	if ((rc = check_access(im, id, e)) != CRM_OK)
		return rc;
	if (im->f_company >= 0 && im->updf[im->f_company] &&
	    (rc = resolve_company(im, e)) != CRM_OK)
		return rc;
	if (!keep_updated) {
		setval(im, im->f_updated_at, im->db->now);
		setval(im, im->f_updated_by, im->db->actor);
	}
	bind_fields(im, im->upd, 0);
	rc = sqlite3_step(im->upd);
	sqlite3_reset(im->upd);
	if (rc != SQLITE_DONE)
		return crm_db_err(im->db, e, "update");
	for (i = 0; i < ent->nfields; i++) {
		const char *nv = getval(im, (int)i);
		const char *ov = im->oldnull[i] ? NULL : im->old[i].p;

		if ((int)i == im->f_id || (is_stamp(im, (int)i) &&
		    !im->o.restore) || same(nv, ov))
			continue;
		if (im->o.restore)
			action = "restore";
		else if ((int)i == im->f_archived)
			action = nv != NULL && *nv ? "archive" : "unarchive";
		else
			action = "update";
		if ((rc = crm_audit(im->db, action, ent->name, id,
		    ent->fields[i].name, ov, nv && *nv ? nv : NULL, im->batch,
		    e)) != CRM_OK)
			return rc;
	}
	*res = CRM_UPDATED;
	return CRM_OK;
}

/*
 * May the actor make the changes the row makes to record id?  Each
 * changed field is asked about, with the record's owner (or manager,
 * assignee) as it was before the row.
 */
static int
check_access(struct crm_import *im, sqlite3_int64 id, struct crm_err *e)
{
	const struct crm_entity *ent = im->ent;
	int fo = crm_entity_owner_field(ent), rc;
	const char *owner = fo < 0 || im->oldnull[fo] ? NULL : im->old[fo].p;
	size_t i;

	for (i = 0; i < ent->nfields; i++) {
		if (is_stamp(im, (int)i) || same(getval(im, (int)i),
		    im->oldnull[i] ? NULL : im->old[i].p))
			continue;
		if ((rc = crm_access_field(im->db, ent->name, id, owner,
		    ent->fields[i].name, (int)i == fo, e)) != CRM_OK)
			return rc;
	}
	return CRM_OK;
}

static int
insert_record(struct crm_import *im, enum crm_import_result *res,
    struct crm_err *e)
{
	const struct crm_entity *ent = im->ent;
	char idbuf[24];
	sqlite3_int64 id;
	size_t i;
	int rc;

	stamp_consent(im, NULL);
	insert_defaults(im);
	if ((rc = check_required(im, 0, e)) != CRM_OK)
		return rc;
	if (im->f_owner >= 0 && (rc = crm_access_insert(im->db, ent->name,
	    getval(im, im->f_owner), e)) != CRM_OK)
		return rc;
	if (im->f_company >= 0 && (rc = resolve_company(im, e)) != CRM_OK)
		return rc;
	bind_fields(im, im->ins, 1);
	rc = sqlite3_step(im->ins);
	sqlite3_reset(im->ins);
	if (rc != SQLITE_DONE)
		return crm_db_err(im->db, e, "insert");
	id = sqlite3_last_insert_rowid(im->db->sql);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	setval(im, im->f_id, idbuf);
	*res = CRM_ADDED;
	if (im->batch > 0)
		return CRM_OK;	/* the batch stands for its rows */
	for (i = 1; i < ent->nfields; i++) {
		const char *v = getval(im, (int)i);

		if (v == NULL || *v == '\0' || is_stamp(im, (int)i))
			continue;
		if ((rc = crm_audit(im->db, "insert", ent->name, id,
		    ent->fields[i].name, NULL, v, 0, e)) != CRM_OK)
			return rc;
	}
	return CRM_OK;
}

/* Find the record a row is about, or the record it would duplicate. */
static int
match_row(struct crm_import *im, sqlite3_int64 *target, struct crm_err *e)
{
	const char *idv = getval(im, im->f_id);
	sqlite3_int64 id = 0, dup = 0;
	int rc, found = 0, hidden = 0, seen = 0, dupf = -1;
	int keys[3], nk = 0, k;

	*target = 0;
	if (im->o.must_exist && (idv == NULL || *idv == '\0'))
		return crm_err_set(e, CRM_EINPUT, "id is missing");
	if (idv != NULL && *idv != '\0') {
		id = strtoll(idv, NULL, 10);
		if ((rc = load_old(im, id, &found, &hidden, e)) != CRM_OK)
			return rc;
		if (!found && im->o.must_exist)
			return crm_err_set(e, CRM_ENOTFOUND, "%s %lld not found",
			    im->ent->name, (long long)id);
		/* Taken, by what the actor may not see: say no more. */
		if (hidden)
			return crm_err_set(e, CRM_EINPUT, "%s %lld belongs to "
			    "another manager", im->ent->name, (long long)id);
		if (found && !im->o.upsert)
			return crm_err_set(e, CRM_EINPUT, "%s %lld already "
			    "exists (use --upsert to update it)", im->ent->name,
			    (long long)id);
	}
	/* Activities have none: their only key is the id. */
	if (im->f_key >= 0)
		keys[nk++] = im->f_key;
	else if (im->f_phone >= 0) {
		keys[nk++] = im->f_phone;
		keys[nk++] = im->f_email;
	}
	for (k = 0; k < nk && dup == 0; k++) {
		sqlite3_stmt *st = keys[k] == im->f_key ? im->by_key :
		    keys[k] == im->f_phone ? im->by_phone : im->by_email;

		if (im->fieldcol[keys[k]] < 0 && found)
			continue;	/* unchanged by this row */
		if ((rc = lookup_id(im, st, keys[k], id, &dup, &seen, e)) !=
		    CRM_OK)
			return rc;
		if (dup)
			dupf = keys[k];
	}
	/*
	 * Another manager's client the actor may not see is named neither
	 * by id nor by name, and not updated through its phone or e-mail.
	 */
	if (dup && !seen && (im->o.upsert || !im->o.allow_duplicates ||
	    im->f_key >= 0))
		return crm_err_set(e, CRM_EINPUT, "%s %s already belongs to "
		    "another manager's client", im->ent->fields[dupf].name,
		    getval(im, dupf));
	if (dup && !seen)
		dup = 0;	/* --allow-duplicates */
	if (dup && id == 0 && im->o.upsert) {
		*target = dup;
		return load_old(im, dup, &found, NULL, e);
	}
	if (dup && (!im->o.allow_duplicates || im->f_key >= 0))
		return crm_err_set(e, CRM_EINPUT, "duplicate of %s %lld (same "
		    "%s %s)%s", im->ent->name, (long long)dup,
		    im->ent->fields[dupf].name, getval(im, dupf),
		    im->f_key >= 0 || im->o.upsert ? "" :
		    "; --upsert updates it, --allow-duplicates adds it anyway");
	*target = found ? id : 0;
	return CRM_OK;
}

/* Erase the personal data of the record the row names (crm_erase). */
static int
erase_row(struct crm_import *im, enum crm_import_result *res,
    struct crm_err *e)
{
	const char *idv = getval(im, im->f_id);
	sqlite3_int64 id;
	size_t i;
	int rc, found, changed;

	if (idv == NULL || *idv == '\0')
		return crm_err_set(e, CRM_EINPUT, "id is missing");
	id = strtoll(idv, NULL, 10);
	if ((rc = crm_erase(im->db, im->ent, id, im->batch, &changed, e)) !=
	    CRM_OK || (rc = load_old(im, id, &found, NULL, e)) != CRM_OK)
		return rc;
	for (i = 0; i < im->ent->nfields; i++)
		setval(im, (int)i, im->oldnull[i] ? NULL :
		    im->old[i].p ? im->old[i].p : "");
	*res = changed ? CRM_UPDATED : CRM_UNCHANGED;
	return CRM_OK;
}

/* FNV-1a of a tag, folded as the tags table compares (ASCII case). */
static uint64_t
tag_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h = (h ^ c) * 0x100000001b3ULL;
	}
	return h | 1;
}

/*
 * Add the tags of the row just written to the tags table (for
 * completion); a small cache of hashes skips the ones added lately.
 */
static int
remember_tags(struct crm_import *im, struct crm_err *e)
{
	int f = crm_entity_field(im->ent, "tags"), rc;
	const char *v, *p, *end;
	uint64_t h;

	if (f < 0 || (v = getval(im, f)) == NULL)
		return CRM_OK;
	for (p = v; *p != '\0'; p = *end ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if (end == p)
			continue;
		h = tag_hash(p, (size_t)(end - p));
		if (im->tag_seen[h % 64] == h)
			continue;
		if (im->tag_ins == NULL && (rc = crm_db_prepare(im->db,
		    "INSERT OR IGNORE INTO tags(tag) VALUES (?)", &im->tag_ins,
		    e)) != CRM_OK)
			return rc;
		sqlite3_bind_text(im->tag_ins, 1, p, (int)(end - p),
		    SQLITE_STATIC);
		rc = sqlite3_step(im->tag_ins);
		sqlite3_reset(im->tag_ins);
		if (rc != SQLITE_DONE)
			return crm_db_err(im->db, e, "tags");
		im->tag_seen[h % 64] = h;
	}
	return CRM_OK;
}

/* Remember the keys of the row just written. */
static void
remember_keys(struct crm_import *im)
{
	int keys[3] = { im->f_phone, im->f_email, im->f_key }, k, fold;
	const char *v;
	char kind;

	if (im->seen == NULL)
		return;
	for (k = 0; k < 3; k++) {
		if (keys[k] < 0 || (v = getval(im, keys[k])) == NULL ||
		    *v == '\0')
			continue;
		kind = key_kind(im, keys[k], &fold);
		crm_bloom_add(im->seen, kind, v, fold);
	}
}

/* The custom fields of the next row; written by write_custom. */
void
crm_import_custom(struct crm_import *im, const struct crm_custom *cf,
    size_t n)
{
	im->custom = cf;
	im->ncustom = n;
}

/* The custom fields of the row just written, once: lib/custom.c. */
static int
write_custom(struct crm_import *im, enum crm_import_result *res,
    struct crm_err *e)
{
	size_t n = im->ncustom;
	const char *owner;
	int rc, changed, fo;

	im->ncustom = 0;
	if (n == 0)
		return CRM_OK;
	if (im->cstore == NULL && (rc = crm_custom_store_open(&im->cstore,
	    im->db, e)) != CRM_OK)
		return rc;
	/* The owner as it was, as check_access asks about the fields. */
	fo = crm_entity_owner_field(im->ent);
	owner = fo < 0 || *res == CRM_ADDED || im->oldnull[fo] ? NULL :
	    im->old[fo].p;
	if ((rc = crm_custom_write(im->cstore, strtoll(getval(im, im->f_id),
	    NULL, 10), owner, im->custom, n, *res == CRM_ADDED, im->batch,
	    &changed, e)) != CRM_OK)
		return rc;
	if (changed && *res == CRM_UNCHANGED) {
		/* Only custom fields changed: the record was still changed. */
		*res = CRM_UPDATED;
		if (im->touch == NULL && (rc = crm_db_prepare(im->db, "UPDATE"
		    " contacts SET updated_at = ?1, updated_by = ?2 WHERE id = ?3",
		    &im->touch, e)) != CRM_OK)
			return rc;
		sqlite3_bind_text(im->touch, 1, im->db->now, -1, SQLITE_STATIC);
		sqlite3_bind_text(im->touch, 2, im->db->actor, -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(im->touch, 3, strtoll(getval(im, im->f_id),
		    NULL, 10));
		rc = sqlite3_step(im->touch) == SQLITE_DONE ? CRM_OK :
		    crm_db_err(im->db, e, "update");
		sqlite3_reset(im->touch);
		return rc;
	}
	return CRM_OK;
}

int
crm_import_row(struct crm_import *im, const char *const *vals,
    enum crm_import_result *res, struct crm_err *e)
{
	const struct crm_entity *ent = im->ent;
	sqlite3_int64 target;
	size_t i;
	int rc, f;

	crm_busy_beat(im->db);
	for (i = 0; i < ent->nfields; i++) {
		im->null[i] = 1;
		im->val[i].len = 0;
		im->clear[i] = 0;
	}
	im->vals = vals;
	for (i = 0; i < im->ncols; i++) {
		if ((f = im->colfield[i]) < 0)
			continue;
		if ((rc = setval(im, f, vals[i] ? vals[i] : "")) != CRM_OK)
			return crm_err_set(e, CRM_EDB, "out of memory");
		if (im->val[f].p != NULL)
			im->val[f].len = strlen(crm_trim(im->val[f].p));
	}
	if (im->o.archive != 0 && im->f_archived >= 0)
		setval(im, im->f_archived, im->o.archive > 0 ? im->db->now : "");
	if (im->nccol > 0 && im->ncustom == 0 && !im->o.erase) {
		for (i = 0; i < im->nccol; i++) {
			im->crow[i].name = im->cname[i];
			im->crow[i].value = vals[im->ccol[i]];
		}
		crm_import_custom(im, im->crow, im->nccol);
	}
	if (im->o.erase) {
		/* Erasure reads the id alone: the rest is to be forgotten. */
		if ((rc = check_field(im, im->f_id, e)) != CRM_OK ||
		    (rc = erase_row(im, res, e)) != CRM_OK)
			goto reject;
		goto written;
	}
	for (i = 0; i < ent->nfields; i++)
		if ((rc = check_field(im, (int)i, e)) != CRM_OK) {
			/* A value typed on the command line: usage. */
			if (rc == CRM_EINPUT && from_args(im, (int)i))
				rc = CRM_EUSAGE;
			if (e != NULL)
				e->code = rc;
			goto reject;
		}
	/* A well-formed owner who is no user: the row is refused. */
	if (im->f_owner >= 0 && !im->null[im->f_owner] &&
	    im->val[im->f_owner].len > 0 && (rc = owner_exists(im,
	    im->val[im->f_owner].p, e)) != CRM_OK)
		goto reject;
	if ((rc = match_row(im, &target, e)) != CRM_OK ||
	    (rc = check_stamps(im, target, e)) != CRM_OK)
		goto reject;
	if (target > 0)
		rc = update_record(im, target, res, e);
	else
		rc = insert_record(im, res, e);
	if (rc != CRM_OK)
		goto reject;
	remember_keys(im);
	if ((rc = remember_tags(im, e)) != CRM_OK ||
	    (rc = write_custom(im, res, e)) != CRM_OK)
		goto reject;
written:
	switch (*res) {
	case CRM_ADDED:
		im->st.added++;
		break;
	case CRM_UPDATED:
		im->st.updated++;
		break;
	case CRM_UNCHANGED:
		im->st.unchanged++;
		break;
	}
	if ((rc = set_out(im, e)) != CRM_OK)
		return rc;
	return CRM_OK;
reject:
	im->ncustom = 0;	/* they were the rejected row's */
	if (rc == CRM_EINPUT || rc == CRM_ENOTFOUND)
		im->st.rejected++;
	return rc;
}

const char *const *
crm_import_record(const struct crm_import *im)
{
	return im->out;
}

void
crm_import_reject(struct crm_import *im)
{
	im->st.rejected++;
}

int
crm_import_finish(struct crm_import *im, struct crm_import_stats *st,
    struct crm_err *e)
{
	int rc = CRM_OK;

	if (im->deferred.len > 0)
		rc = crm_schema_restore_indexes(im->db, &im->deferred, e);
	if (rc == CRM_OK && im->o.erase)
		rc = crm_erase_finish(im->db, e);
	if (rc == CRM_OK && im->batch > 0)
		rc = crm_audit_batch_close(im->db, im->batch,
		    im->o.must_exist ? "edit" : im->o.restore ? "restore" :
		    "import", &im->st, e);
	if (st != NULL)
		*st = im->st;
	return rc;
}

void
crm_import_free(struct crm_import *im)
{
	size_t i;

	if (im == NULL)
		return;
	sqlite3_stmt **stmts[] = STMTS(im);
	for (i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++)
		sqlite3_finalize(*stmts[i]);
	for (i = 0; i < MAX_FIELDS; i++) {
		crm_buf_free(&im->val[i]);
		crm_buf_free(&im->old[i]);
	}
	crm_buf_free(&im->typed);
	free(im->default_cc);
	crm_bloom_free(im->seen);
	crm_custom_store_close(im->cstore);
	crm_buf_free(&im->deferred);
	for (i = 0; i < im->nccol; i++)
		free(im->cname[i]);
	free(im);
}
