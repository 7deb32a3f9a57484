/*
 * schema.c - the tables of the base and their forward migrations.
 *
 * The version lives in PRAGMA user_version.  Each migration takes the
 * schema from version i to i + 1; a new database runs them all.  Never
 * edit a released migration: add the next one.
 */
#include <string.h>

#include "crm-internal.h"

/* The digits of an E.164 phone (at most 15 after the '+'), reversed. */
#define REV(p) \
    "substr(" p ",16,1) || " \
    "substr(" p ",15,1) || " \
    "substr(" p ",14,1) || " \
    "substr(" p ",13,1) || " \
    "substr(" p ",12,1) || " \
    "substr(" p ",11,1) || " \
    "substr(" p ",10,1) || " \
    "substr(" p ",9,1) || " \
    "substr(" p ",8,1) || " \
    "substr(" p ",7,1) || " \
    "substr(" p ",6,1) || " \
    "substr(" p ",5,1) || " \
    "substr(" p ",4,1) || " \
    "substr(" p ",3,1) || " \
    "substr(" p ",2,1)"

/*
 * What the search index holds for a record: one text of its words, the
 * phone as "p" and its digits reversed (so a prefix query finds a number by
 * its last digits, however it was typed).
 */
#define CONTACT_TEXT(t) \
	t ".first_name || ' ' || " t ".last_name || ' ' ||" \
	" coalesce((SELECT name FROM companies WHERE id = " t ".company_id)," \
	" '') || ' ' || coalesce(" t ".email, '') || ' ' ||" \
	" coalesce(" t ".tags, '') || ' p' || coalesce(" REV(t ".phone") ", '')"
#define COMPANY_TEXT(t) \
	t ".name || ' ' || coalesce(" t ".email, '') || ' ' ||" \
	" coalesce(" t ".tags, '') || ' p' || coalesce(" REV(t ".phone") ", '')"

/*
 * Fill the search tables from scratch: a migration, or an initial load
 * (whose updates of rows it added may have indexed some already).
 */
#define CONTACTS_FTS_FILL \
	"DELETE FROM contacts_fts;" \
	"INSERT INTO contacts_fts(rowid, text) SELECT t.id, " \
	CONTACT_TEXT("t") " FROM contacts AS t"
#define COMPANIES_FTS_FILL \
	"DELETE FROM companies_fts;" \
	"INSERT INTO companies_fts(rowid, text) SELECT t.id, " \
	COMPANY_TEXT("t") " FROM companies AS t"

static const char *const migrations[CRM_SCHEMA_VERSION] = {
	/* 0 -> 1: users, settings, batches, companies, contacts, audit. */
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE,"
	"  name TEXT, email TEXT,"
	"  role TEXT NOT NULL DEFAULT 'manager' CHECK (role IN"
	"    ('admin', 'supervisor', 'manager', 'operator')),"
	"  extension TEXT,"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
	"  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL);"
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY, value TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL);"
	"CREATE TABLE batches ("
	"  id INTEGER PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL,"
	"  entity TEXT NOT NULL, source TEXT,"
	"  rows INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL DEFAULT 0,"
	"  updated INTEGER NOT NULL DEFAULT 0,"
	"  rejected INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE companies ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  phone TEXT, email TEXT, website TEXT, city TEXT, address TEXT,"
	"  tags TEXT, notes TEXT,"
	"  owner TEXT NOT NULL REFERENCES users(login) ON UPDATE CASCADE,"
	"  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
	"  archived_at TEXT,"
	"  batch_id INTEGER REFERENCES batches(id));"
	"CREATE UNIQUE INDEX companies_name ON companies(name COLLATE NOCASE);"
	"CREATE INDEX companies_owner ON companies(owner);"
	"CREATE TABLE contacts ("
	"  id INTEGER PRIMARY KEY,"
	"  first_name TEXT NOT NULL, last_name TEXT NOT NULL,"
	"  phone TEXT, email TEXT,"
	"  company_id INTEGER REFERENCES companies(id),"
	"  title TEXT, city TEXT, address TEXT, source TEXT, tags TEXT,"
	"  notes TEXT,"
	"  owner TEXT NOT NULL REFERENCES users(login) ON UPDATE CASCADE,"
	"  consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),"
	"  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
	"  archived_at TEXT,"
	"  batch_id INTEGER REFERENCES batches(id),"
	"  CHECK (phone IS NOT NULL OR email IS NOT NULL));"
	"CREATE INDEX contacts_phone ON contacts(phone);"
	"CREATE INDEX contacts_email ON contacts(email COLLATE NOCASE);"
	"CREATE INDEX contacts_owner ON contacts(owner);"
	"CREATE INDEX contacts_company ON contacts(company_id);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL,"
	"  action TEXT NOT NULL, entity TEXT NOT NULL, entity_id INTEGER,"
	"  field TEXT, old TEXT, new TEXT,"
	"  batch_id INTEGER REFERENCES batches(id));"
	"CREATE INDEX audit_entity ON audit(entity, entity_id);"
	"CREATE INDEX audit_time ON audit(time);",
	/*
	 * 1 -> 2: full-text search, kept in sync by triggers.  unicode61
	 * without diacritics: "nunez" finds "Núñez".  detail=none keeps only
	 * which record has a word, not where: half the size and build time,
	 * and the queries are words and prefixes, never phrases.
	 */
	"CREATE VIRTUAL TABLE contacts_fts USING fts5(text, detail = none,"
	"  tokenize = 'unicode61 remove_diacritics 2');"
	"CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN"
	"  INSERT INTO contacts_fts(rowid, text) VALUES (new.id, "
	CONTACT_TEXT("new") ");"
	"END;"
	"CREATE TRIGGER contacts_fts_update AFTER UPDATE OF first_name,"
	"  last_name, company_id, email, tags, phone ON contacts BEGIN"
	"  DELETE FROM contacts_fts WHERE rowid = old.id;"
	"  INSERT INTO contacts_fts(rowid, text) VALUES (new.id, "
	CONTACT_TEXT("new") ");"
	"END;"
	"CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN"
	"  DELETE FROM contacts_fts WHERE rowid = old.id;"
	"END;"
	"CREATE VIRTUAL TABLE companies_fts USING fts5(text, detail = none,"
	"  tokenize = 'unicode61 remove_diacritics 2');"
	"CREATE TRIGGER companies_fts_insert AFTER INSERT ON companies BEGIN"
	"  INSERT INTO companies_fts(rowid, text) VALUES (new.id, "
	COMPANY_TEXT("new") ");"
	"END;"
	"CREATE TRIGGER companies_fts_update AFTER UPDATE OF name, email,"
	"  tags, phone ON companies BEGIN"
	"  DELETE FROM companies_fts WHERE rowid = old.id;"
	"  INSERT INTO companies_fts(rowid, text) VALUES (new.id, "
	COMPANY_TEXT("new") ");"
	"END;"
	/* A renamed company renames itself in its contacts' text. */
	"CREATE TRIGGER companies_fts_rename AFTER UPDATE OF name ON companies"
	"  BEGIN"
	"  DELETE FROM contacts_fts WHERE rowid IN"
	"   (SELECT id FROM contacts WHERE company_id = new.id);"
	"  INSERT INTO contacts_fts(rowid, text) SELECT t.id, "
	CONTACT_TEXT("t") " FROM contacts AS t WHERE t.company_id = new.id;"
	"END;"
	"CREATE TRIGGER companies_fts_delete AFTER DELETE ON companies BEGIN"
	"  DELETE FROM companies_fts WHERE rowid = old.id;"
	"END;"
	CONTACTS_FTS_FILL ";" COMPANIES_FTS_FILL ";",
	/*
	 * 2 -> 3: erasure.  An erased contact stays (its activity still
	 * counts) with no phone and no e-mail: erased_at marks it and relaxes
	 * the CHECK that a contact can be reached.  SQLite cannot alter a
	 * CHECK; for removing or relaxing one, which leaves the stored rows
	 * as they are, its manual (lang_altertable.html, "making other kinds
	 * of table schema changes") gives this edit of the table's SQL in
	 * place of copying the whole table.  RESET reloads the schema.
	 */
	"ALTER TABLE contacts ADD COLUMN erased_at TEXT;"
	"PRAGMA writable_schema = ON;"
	"UPDATE sqlite_master SET sql = replace(sql,"
	"  'CHECK (phone IS NOT NULL OR email IS NOT NULL)',"
	"  'CHECK (erased_at IS NOT NULL OR phone IS NOT NULL"
	" OR email IS NOT NULL)')"
	"  WHERE type = 'table' AND name = 'contacts';"
	"PRAGMA writable_schema = RESET;",
	/*
	 * 3 -> 4: the tags in use, one a row, for completion: the library
	 * adds each tag it writes (tags are never removed from it: a tag
	 * once used is offered again).  And the archived contacts, few, so
	 * that counting them reads no more than them.
	 */
	"CREATE TABLE tags (tag TEXT PRIMARY KEY COLLATE NOCASE) WITHOUT ROWID;"
	"CREATE INDEX contacts_archived ON contacts(archived_at)"
	"  WHERE archived_at IS NOT NULL;"
	"INSERT OR IGNORE INTO tags(tag)"
	" WITH RECURSIVE split(rest, tag) AS ("
	"  SELECT tags || ',', NULL FROM contacts WHERE tags IS NOT NULL"
	"  UNION ALL SELECT substr(rest, instr(rest, ',') + 1),"
	"  substr(rest, 1, instr(rest, ',') - 1) FROM split WHERE rest <> '')"
	" SELECT tag FROM split WHERE tag <> '';"
	"INSERT OR IGNORE INTO tags(tag)"
	" WITH RECURSIVE split(rest, tag) AS ("
	"  SELECT tags || ',', NULL FROM companies WHERE tags IS NOT NULL"
	"  UNION ALL SELECT substr(rest, instr(rest, ',') + 1),"
	"  substr(rest, 1, instr(rest, ',') - 1) FROM split WHERE rest <> '')"
	" SELECT tag FROM split WHERE tag <> '';",
	/*
	 * 4 -> 5: tasks, follow-ups with due dates.  assignee is who must do
	 * it, created_by who typed it (an operator acting --for a manager).
	 * due and done_at are stored UTC "YYYY-MM-DDTHH:MM:SSZ".
	 */
	"CREATE TABLE tasks ("
	"  id INTEGER PRIMARY KEY,"
	"  contact_id INTEGER REFERENCES contacts(id),"
	"  title TEXT NOT NULL,"
	"  assignee TEXT NOT NULL REFERENCES users(login) ON UPDATE CASCADE,"
	"  due TEXT, done_at TEXT,"
	"  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
	"  archived_at TEXT);"
	"CREATE INDEX tasks_assignee ON tasks(assignee, done_at, due);"
	"CREATE INDEX tasks_contact ON tasks(contact_id);"
	"CREATE INDEX tasks_open_due ON tasks(due) WHERE done_at IS NULL;",
	/*
	 * 5 -> 6: deals, sales opportunities for a contact or a company.
	 * amount is exact, in minor units (cents) of currency; stage is one
	 * of the setting deal.stages; closed_at is set on won and lost.
	 * manager is who owns the deal, created_by who typed it.
	 */
	"CREATE TABLE deals ("
	"  id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  contact_id INTEGER REFERENCES contacts(id),"
	"  company_id INTEGER REFERENCES companies(id),"
	"  manager TEXT NOT NULL REFERENCES users(login) ON UPDATE CASCADE,"
	"  amount INTEGER,"
	"  currency TEXT NOT NULL DEFAULT 'EUR',"
	"  stage TEXT NOT NULL,"
	"  expected_close TEXT, closed_at TEXT, lost_reason TEXT,"
	"  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
	"  archived_at TEXT,"
	"  CHECK (contact_id IS NOT NULL OR company_id IS NOT NULL));"
	"CREATE INDEX deals_manager ON deals(manager, stage);"
	"CREATE INDEX deals_contact ON deals(contact_id);"
	"CREATE INDEX deals_company ON deals(company_id);",
	/*
	 * 6 -> 7: meetings and calls, the activities a supervisor counts.
	 * A meeting is planned, held (with its result), cancelled or a
	 * no_show; at is when it starts, duration its length in minutes.
	 * A call's status is one of the
	 * setting call.statuses; number is E.164 when it could be read as a
	 * phone number, else as given; contact_id is NULL until the number
	 * is linked to a contact; manager is NULL for a recorded call whose
	 * extension is no user's.  source_id makes a re-imported call record
	 * a no-op: the CDR uniqueid, else "start|src|dst".  A task may come
	 * from a call (a callback).
	 */
	"CREATE TABLE meetings ("
	"  id INTEGER PRIMARY KEY,"
	"  contact_id INTEGER NOT NULL REFERENCES contacts(id),"
	"  topic TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  duration INTEGER CHECK (duration > 0),"
	"  location TEXT,"
	"  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN"
	"    ('planned', 'held', 'cancelled', 'no_show')),"
	"  result TEXT,"
	"  manager TEXT NOT NULL REFERENCES users(login) ON UPDATE CASCADE,"
	"  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
	"  archived_at TEXT,"
	"  batch_id INTEGER REFERENCES batches(id),"
	"  CHECK (status <> 'held' OR result IS NOT NULL));"
	"CREATE INDEX meetings_manager ON meetings(manager, at);"
	"CREATE INDEX meetings_contact ON meetings(contact_id);"
	"CREATE INDEX meetings_at ON meetings(at);"
	/* Overdue ones: planned, past, no result; few among many held. */
	"CREATE INDEX meetings_planned ON meetings(manager, at)"
	"  WHERE status = 'planned';"
	"CREATE INDEX meetings_planned_at ON meetings(at)"
	"  WHERE status = 'planned';"
	"CREATE TABLE calls ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),"
	"  number TEXT,"
	"  contact_id INTEGER REFERENCES contacts(id),"
	"  manager TEXT REFERENCES users(login) ON UPDATE CASCADE,"
	"  extension TEXT,"
	"  status TEXT NOT NULL,"
	"  duration INTEGER CHECK (duration >= 0),"	/* seconds */
	"  note TEXT,"
	"  source_id TEXT UNIQUE,"
	"  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
	"  archived_at TEXT,"
	"  batch_id INTEGER REFERENCES batches(id),"
	"  CHECK (number IS NOT NULL OR contact_id IS NOT NULL));"
	"CREATE INDEX calls_manager ON calls(manager, at);"
	"CREATE INDEX calls_contact ON calls(contact_id);"
	"CREATE INDEX calls_unlinked ON calls(number) WHERE contact_id IS NULL;"
	"ALTER TABLE tasks ADD COLUMN call_id INTEGER REFERENCES calls(id);"
	"CREATE INDEX tasks_call ON tasks(call_id) WHERE call_id IS NOT NULL;",
	/*
	 * 7 -> 8: plans, a target per manager (NULL: the whole team),
	 * metric and period.  A period is its kind and the local date of its
	 * first day.  NULLs are distinct in a UNIQUE constraint, so the key
	 * is a unique index on coalesce(manager, ''): one team plan per
	 * metric and period too.  The metrics count by time within a
	 * manager's rows: contacts_owner and deals_manager gain the time as
	 * their last column (their prefixes serve what they served).  Each
	 * metric reads its index alone, never the table: calls_manager and
	 * meetings_manager gain the status (calls_completed, meetings_held),
	 * deals_manager the currency and amount (revenue_won).  Not a
	 * partial index of held meetings: whole-table checks of held ones
	 * (crm-check) would read the table through it, out of rowid order.
	 */
	"CREATE TABLE plans ("
	"  id INTEGER PRIMARY KEY,"
	"  manager TEXT REFERENCES users(login) ON UPDATE CASCADE,"
	"  metric TEXT NOT NULL,"
	"  period_kind TEXT NOT NULL CHECK (period_kind IN"
	"    ('week', 'month', 'quarter')),"
	"  period_start TEXT NOT NULL,"
	"  target INTEGER NOT NULL CHECK (target >= 0),"
	"  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL);"
	"CREATE UNIQUE INDEX plans_key ON plans(coalesce(manager, ''),"
	"  period_kind, period_start, metric);"
	"CREATE INDEX plans_period ON plans(period_kind, period_start);"
	"DROP INDEX contacts_owner;"
	"CREATE INDEX contacts_owner ON contacts(owner, created_at);"
	"DROP INDEX deals_manager;"
	"CREATE INDEX deals_manager ON deals(manager, stage, closed_at,"
	" currency, amount);"
	"DROP INDEX calls_manager;"
	"CREATE INDEX calls_manager ON calls(manager, at, status);"
	"DROP INDEX meetings_manager;"
	"CREATE INDEX meetings_manager ON meetings(manager, at, status);"
	/*
	 * Reports group by manager within a period: deals opened, tasks
	 * due (done or still open), and the data gaps of each manager.
	 * Open tasks of a manager come from tasks_assignee (assignee,
	 * done_at IS NULL, due).
	 */
	"CREATE INDEX deals_created ON deals(manager, created_at);"
	"CREATE INDEX tasks_due ON tasks(assignee, due);"
	"CREATE INDEX contacts_unreachable ON contacts(owner)"
	"  WHERE phone IS NULL AND email IS NULL;",
	/*
	 * 8 -> 9: marketing consent is yes, no or unknown, with the time
	 * and source of its last change; a contact's custom fields (what a
	 * file held that the base has no column for).  The old yes/no
	 * cannot tell "no" from "never asked": a 1 stays yes, an erased
	 * person is no, the rest become unknown.  SQLite changes a column's
	 * type and CHECK only by a new column: rename, add, copy, drop.
	 */
	"ALTER TABLE contacts RENAME COLUMN consent TO consent_old;"
	"ALTER TABLE contacts ADD COLUMN consent TEXT NOT NULL"
	"  DEFAULT 'unknown' CHECK (consent IN ('yes', 'no', 'unknown'));"
	"ALTER TABLE contacts ADD COLUMN consent_at TEXT;"
	"ALTER TABLE contacts ADD COLUMN consent_source TEXT;"
	"UPDATE contacts SET consent = CASE WHEN consent_old = 1 THEN 'yes'"
	"  ELSE 'no' END WHERE consent_old = 1 OR erased_at IS NOT NULL;"
	"ALTER TABLE contacts DROP COLUMN consent_old;"
	"CREATE TABLE contact_custom ("
	"  contact_id INTEGER NOT NULL REFERENCES contacts(id)"
	"    ON DELETE CASCADE,"
	"  name TEXT NOT NULL, value TEXT NOT NULL,"
	"  PRIMARY KEY (contact_id, name)) WITHOUT ROWID;"
	"CREATE INDEX contact_custom_name ON contact_custom(name);",
};

static int
read_version(struct crm_db *db, int *version, struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = crm_db_prepare(db, "PRAGMA user_version", &st, e)) != CRM_OK)
		return rc;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = crm_db_err(db, e, "read schema version");
		sqlite3_finalize(st);
		return rc;
	}
	*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return CRM_OK;
}

int
crm_schema_upgrade(struct crm_db *db, struct crm_err *e)
{
	char sql[64];
	int rc, v, created;

	if ((rc = read_version(db, &v, e)) != CRM_OK)
		return rc;
	if (v == CRM_SCHEMA_VERSION) {
		db->version = v;
		return CRM_OK;
	}
	if (v > CRM_SCHEMA_VERSION)
		return crm_err_set(e, CRM_EDB, "%s: schema version %d is newer "
		    "than this crm (%d); upgrade crm", db->path, v,
		    CRM_SCHEMA_VERSION);
	if (db->readonly && v == 0)
		return crm_err_set(e, CRM_EDB, "%s is read-only and holds no "
		    "base yet", db->path);
	if (db->readonly)
		return crm_err_set(e, CRM_EDB, "%s is read-only and its schema "
		    "(version %d) needs the upgrade to %d: open it once with "
		    "write access", db->path, v, CRM_SCHEMA_VERSION);
	/* Another process may be migrating too: read again under the lock. */
	if (sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return crm_db_err(db, e, "begin");
	db->in_txn = 1;
	if ((rc = read_version(db, &v, e)) != CRM_OK)
		goto fail;
	created = v == 0;
	for (; v < CRM_SCHEMA_VERSION; v++) {
		if (sqlite3_exec(db->sql, migrations[v], NULL, NULL, NULL) !=
		    SQLITE_OK) {
			rc = crm_db_err(db, e, "migrate schema");
			goto fail;
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	if ((rc = crm_db_exec(db, sql, e)) != CRM_OK)
		goto fail;
	db->version = v;
	/* The person who creates the base is its admin. */
	if (created && (rc = crm_db_register_actor(db, e)) != CRM_OK)
		goto fail;
	return crm_db_commit(db, e);
fail:
	crm_db_rollback(db);
	return rc;
}

/*
 * What an initial load (into an empty table) sets aside and rebuilds once
 * at the end: the indexes no import lookup reads (contact lookups use
 * phone, e-mail and name; call records their source_id) and the full-text
 * insert trigger, whose table is then filled in one statement.
 */
static const struct {
	const char *table, *name, *drop, *fill;
} deferrable[] = {
	{ "contacts", "contacts_owner", "DROP INDEX contacts_owner", NULL },
	{ "contacts", "contacts_company", "DROP INDEX contacts_company", NULL },
	{ "contacts", "contacts_fts_insert", "DROP TRIGGER contacts_fts_insert",
	  CONTACTS_FTS_FILL },
	{ "companies", "companies_owner", "DROP INDEX companies_owner", NULL },
	{ "calls", "calls_manager", "DROP INDEX calls_manager", NULL },
	{ "calls", "calls_contact", "DROP INDEX calls_contact", NULL },
	{ "calls", "calls_unlinked", "DROP INDEX calls_unlinked", NULL },
	{ "companies", "companies_fts_insert",
	  "DROP TRIGGER companies_fts_insert", COMPANIES_FTS_FILL },
};

int
crm_schema_defer_indexes(struct crm_db *db, const char *table,
    struct crm_buf *saved, struct crm_err *e)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((rc = crm_db_prepare(db, "SELECT sql FROM sqlite_master"
	    " WHERE name = ?", &st, e)) != CRM_OK)
		return rc;
	for (i = 0; rc == CRM_OK && i < sizeof(deferrable) /
	    sizeof(deferrable[0]); i++) {
		const char *sql = NULL, *fill = deferrable[i].fill;
		int found;

		if (strcmp(deferrable[i].table, table) != 0)
			continue;
		sqlite3_bind_text(st, 1, deferrable[i].name, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW &&
		    (sql = (const char *)sqlite3_column_text(st, 0)) != NULL;
		/* Saved as pairs: the CREATE, then the fill ("" for none). */
		if (found && (crm_buf_add(saved, sql, strlen(sql) + 1) != CRM_OK ||
		    crm_buf_add(saved, fill ? fill : "", strlen(fill ? fill : "")
		    + 1) != CRM_OK))
			rc = crm_err_set(e, CRM_EDB, "out of memory");
		/* A table cannot change while a statement reads the schema. */
		sqlite3_reset(st);
		if (found && rc == CRM_OK)
			rc = crm_db_exec(db, deferrable[i].drop, e);
	}
	sqlite3_finalize(st);
	return rc;
}

int
crm_schema_restore_indexes(struct crm_db *db, const struct crm_buf *saved,
    struct crm_err *e)
{
	size_t off;
	int rc;

	/*
	 * An index sort holds as much as the page cache in memory: shrink
	 * the cache meanwhile, so the two together stay within bounds.
	 */
	if ((rc = crm_db_exec(db, "PRAGMA cache_size=-8192", e)) != CRM_OK)
		return rc;
	for (off = 0; rc == CRM_OK && off < saved->len;
	    off += strlen(saved->p + off) + 1) {
		rc = crm_db_exec(db, saved->p + off, e);
		off += strlen(saved->p + off) + 1;
		if (rc == CRM_OK && saved->p[off] != '\0')
			rc = crm_db_exec(db, saved->p + off, e);
		/* Each index out to the log: the waiting writers see it. */
		if (rc == CRM_OK)
			sqlite3_db_cacheflush(db->sql);
	}
	if (rc == CRM_OK)
		rc = crm_db_exec(db, CRM_CACHE_PRAGMA, e);
	return rc;
}

/*
 * Every object of a schema with what it is compared by: a table by its
 * columns in name order (the SQL of a table that ALTER TABLE changed
 * differs between a base made at an older version and a new one, its
 * columns do not), anything else by its SQL.  SQLite's own objects
 * (sqlite_*) are left out.
 */
static const char shape_sql[] =
    "SELECT type, name, CASE WHEN type = 'table' AND sql NOT LIKE"
    " 'CREATE VIRTUAL TABLE%' THEN (SELECT group_concat(name, ' ') FROM"
    " (SELECT name FROM pragma_table_info(m.name) ORDER BY name))"
    " ELSE sql END FROM sqlite_master AS m"
    " WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY type, name";

/* A base in memory with the schema crm's migrations make at version. */
static int
reference_schema(int version, sqlite3 **ref, struct crm_err *e)
{
	int v;

	if (version < 1 || version > CRM_SCHEMA_VERSION)
		return crm_err_set(e, CRM_EDB, "no schema version %d", version);
	if (sqlite3_open_v2(":memory:", ref, SQLITE_OPEN_READWRITE,
	    NULL) != SQLITE_OK)
		return crm_err_set(e, CRM_EDB, "out of memory");
	for (v = 0; v < version; v++)
		if (sqlite3_exec(*ref, migrations[v], NULL, NULL, NULL) !=
		    SQLITE_OK)
			return crm_sqlite_err(*ref, e, "crm's schema");
	return CRM_OK;
}

/* Whether column i of a and b holds the same text (NULL too). */
static int
same_text(sqlite3_stmt *a, sqlite3_stmt *b, int i)
{
	const char *x = (const char *)sqlite3_column_text(a, i);
	const char *y = (const char *)sqlite3_column_text(b, i);

	return x == NULL || y == NULL ? x == y : strcmp(x, y) == 0;
}

int
crm_schema_compare(sqlite3 *sql, int version, crm_problem_fn *fn, void *arg,
    struct crm_err *e)
{
	sqlite3 *ref = NULL;
	sqlite3_stmt *a = NULL, *b = NULL;	/* the base's, crm's */
	char detail[256];
	int rc, sa, sb, c;

	if ((rc = reference_schema(version, &ref, e)) != CRM_OK)
		goto done;
	if (sqlite3_prepare_v2(sql, shape_sql, -1, &a, NULL) != SQLITE_OK) {
		rc = crm_sqlite_err(sql, e, "schema");
		goto done;
	}
	if (sqlite3_prepare_v2(ref, shape_sql, -1, &b, NULL) != SQLITE_OK) {
		rc = crm_sqlite_err(ref, e, "crm's schema");
		goto done;
	}
	/* Both in the same order: walk them side by side. */
	sa = sqlite3_step(a);
	sb = sqlite3_step(b);
	while (sa == SQLITE_ROW || sb == SQLITE_ROW) {
		if (sa != SQLITE_ROW)
			c = 1;
		else if (sb != SQLITE_ROW)
			c = -1;
		else if ((c = strcmp((const char *)sqlite3_column_text(a, 0),
		    (const char *)sqlite3_column_text(b, 0))) == 0)
			c = strcmp((const char *)sqlite3_column_text(a, 1),
			    (const char *)sqlite3_column_text(b, 1));
		if (c < 0)
			snprintf(detail, sizeof(detail), "%s %s is not one of "
			    "crm's", sqlite3_column_text(a, 0),
			    sqlite3_column_text(a, 1));
		else if (c > 0)
			snprintf(detail, sizeof(detail), "%s %s is missing",
			    sqlite3_column_text(b, 0), sqlite3_column_text(b, 1));
		else if (!same_text(a, b, 2))
			snprintf(detail, sizeof(detail), "%s %s differs from "
			    "crm's", sqlite3_column_text(a, 0),
			    sqlite3_column_text(a, 1));
		else
			detail[0] = '\0';
		if (detail[0] != '\0')
			fn(arg, "schema", detail);
		if (c <= 0)
			sa = sqlite3_step(a);
		if (c >= 0)
			sb = sqlite3_step(b);
	}
	if (sa != SQLITE_DONE)
		rc = crm_sqlite_err(sql, e, "schema");
	else if (sb != SQLITE_DONE)
		rc = crm_sqlite_err(ref, e, "crm's schema");
done:
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	sqlite3_close(ref);
	return rc;
}

/*
 * The records whose search text is wrong: 1 missing from the index, 0
 * with an old text, 2 in the index but gone.  The texts are the ones the
 * triggers write.
 */
static const char search_sql[] =
    "SELECT 'contact', t.id, f.rowid IS NULL FROM contacts AS t"
    " LEFT JOIN contacts_fts AS f ON f.rowid = t.id"
    " WHERE f.rowid IS NULL OR f.text IS NOT (" CONTACT_TEXT("t") ")"
    " UNION ALL SELECT 'contact', f.rowid, 2 FROM contacts_fts AS f"
    " WHERE NOT EXISTS (SELECT 1 FROM contacts WHERE id = f.rowid)"
    " UNION ALL SELECT 'company', t.id, f.rowid IS NULL FROM companies AS t"
    " LEFT JOIN companies_fts AS f ON f.rowid = t.id"
    " WHERE f.rowid IS NULL OR f.text IS NOT (" COMPANY_TEXT("t") ")"
    " UNION ALL SELECT 'company', f.rowid, 2 FROM companies_fts AS f"
    " WHERE NOT EXISTS (SELECT 1 FROM companies WHERE id = f.rowid)";

int
crm_schema_check_search(sqlite3 *sql, crm_problem_fn *fn, void *arg,
    struct crm_err *e)
{
	static const char *const what[] = {
		"the search index holds an old text of %s %lld",
		"%s %lld is missing from the search index",
		"the search index holds %s %lld, which does not exist",
	};
	sqlite3_stmt *st;
	char detail[128];
	int rc = CRM_OK, step, k;

	if (sqlite3_prepare_v2(sql, search_sql, -1, &st, NULL) != SQLITE_OK)
		return crm_sqlite_err(sql, e, "search index");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		k = sqlite3_column_int(st, 2);
		snprintf(detail, sizeof(detail), what[k < 0 || k > 2 ? 0 : k],
		    sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1));
		fn(arg, "search", detail);
	}
	if (step != SQLITE_DONE)
		rc = crm_sqlite_err(sql, e, "search index");
	sqlite3_finalize(st);
	return rc;
}
