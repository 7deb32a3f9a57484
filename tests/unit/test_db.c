/*
 * test_db.c - the database layer: where the file lives, its pragmas, the
 * schema version, the first admin, entities and settings.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tap.h"
#include "crm.h"

/* mkdtemp's template; its six placeholder characters are set in main. */
static char dir[] = "/tmp/crm-test-db.......";

static void
path_precedence(void)
{
	struct crm_err e = { 0 };
	char *p;

	setenv("CRM_DB", "/env/crm.db", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/ana", 1);
	p = crm_db_path("/opt/x.db", &e);
	is(p, "/opt/x.db", "--db wins");
	free(p);
	p = crm_db_path(NULL, &e);
	is(p, "/env/crm.db", "then $CRM_DB");
	free(p);
	unsetenv("CRM_DB");
	p = crm_db_path(NULL, &e);
	is(p, "/xdg/crm/crm.db", "then $XDG_DATA_HOME");
	free(p);
	setenv("XDG_DATA_HOME", "relative", 1);
	p = crm_db_path(NULL, &e);
	is(p, "/home/ana/.local/share/crm/crm.db",
	    "a relative XDG_DATA_HOME is ignored, as the spec says");
	free(p);
	unsetenv("XDG_DATA_HOME");
	p = crm_db_path("", &e);
	is(p, "/home/ana/.local/share/crm/crm.db", "else ~/.local/share");
	free(p);
}

static char *
query(const char *path, const char *sql)
{
	static char buf[256];
	sqlite3 *db;
	sqlite3_stmt *st;

	buf[0] = '\0';
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return buf;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0) != NULL)
			snprintf(buf, sizeof(buf), "%s",
			    sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return buf;
}

static void
open_and_schema(void)
{
	struct crm_db *db;
	struct crm_err e = { 0 };
	char path[256], newer[256];

	snprintf(path, sizeof(path), "%s/sub/dir/crm.db", dir);
	ok(crm_db_open(&db, path, &e) == CRM_OK, "open creates the file and "
	    "its folders (%s)", e.msg);
	ok(crm_db_version(db) == 9, "schema version 9");
	ok(strlen(crm_db_actor(db)) > 0, "the actor has a login name");
	ok(strlen(crm_db_now(db)) == 20 && crm_time_iso_valid(crm_db_now(db)),
	    "now is a stored timestamp");
	ok(crm_db_begin(db, &e) == CRM_OK, "begin a write");
	ok(crm_db_commit(db, &e) == CRM_OK, "commit it");
	crm_db_close(db);
	is(query(path, "PRAGMA user_version"), "9", "user_version is set");
	is(query(path, "PRAGMA journal_mode"), "wal", "WAL journal");
	is(query(path, "SELECT role FROM users"), "admin",
	    "the creator is the admin");
	is(query(path, "SELECT count(*) FROM users"), "1", "one user");
	ok(crm_db_open(&db, path, &e) == CRM_OK, "open again");
	ok(crm_db_version(db) == 9, "still version 9");
	crm_db_close(db);

	snprintf(newer, sizeof(newer), "%s/newer.db", dir);
	{
		sqlite3 *s;

		sqlite3_open(newer, &s);
		sqlite3_exec(s, "PRAGMA user_version = 99", NULL, NULL, NULL);
		sqlite3_close(s);
	}
	ok(crm_db_open(&db, newer, &e) == CRM_EDB, "a newer schema is refused");
	ok(strstr(e.msg, "schema version 99 is newer than this crm (9)") !=
	    NULL, "with a message that says so: %s", e.msg);
	ok(crm_db_open(&db, "/proc/no/such/crm.db", &e) == CRM_EDB,
	    "an impossible place is a database error");
}

/* A version 1 base with contacts gains its search tables, filled. */
static void
migrate_1_to_2(void)
{
	struct crm_db *db;
	struct crm_err e = { 0 };
	char path[256];
	sqlite3 *s;

	snprintf(path, sizeof(path), "%s/v1.db", dir);
	ok(crm_db_open(&db, path, &e) == CRM_OK, "make a base");
	crm_db_close(db);
	sqlite3_open(path, &s);
	/*
	 * Back to what version 1 had: no search tables, no triggers, no
	 * erased_at (version 3), no tags table (version 4), no tasks
	 * (version 5), no deals (version 6), no meetings nor calls
	 * (version 7), no plans and the one-column owner index (version 8),
	 * consent as 0 or 1 and no custom fields (version 9).
	 */
	sqlite3_exec(s, "DROP TABLE contact_custom;"
	    "ALTER TABLE contacts DROP COLUMN consent_source;"
	    "ALTER TABLE contacts DROP COLUMN consent_at;"
	    "ALTER TABLE contacts DROP COLUMN consent;"
	    "ALTER TABLE contacts ADD COLUMN consent INTEGER NOT NULL"
	    " DEFAULT 0 CHECK (consent IN (0, 1));"
	    "DROP TABLE plans; DROP INDEX contacts_unreachable;"
	    "DROP INDEX contacts_owner;"
	    "CREATE INDEX contacts_owner ON contacts(owner);"
	    "DROP TABLE meetings; DROP TABLE calls;"
	    "DROP TABLE deals; DROP TABLE tasks;"
	    "DROP TABLE tags; DROP INDEX contacts_archived;"
	    "PRAGMA writable_schema = ON;"
	    "UPDATE sqlite_master SET sql = replace(sql,"
	    " 'erased_at IS NOT NULL OR ', '') WHERE name = 'contacts';"
	    "PRAGMA writable_schema = RESET;"
	    "DROP TRIGGER contacts_fts_insert;"
	    "DROP TRIGGER contacts_fts_update; DROP TRIGGER contacts_fts_delete;"
	    "DROP TRIGGER companies_fts_insert;"
	    "DROP TRIGGER companies_fts_update;"
	    "DROP TRIGGER companies_fts_rename;"
	    "DROP TRIGGER companies_fts_delete;"
	    "DROP TABLE contacts_fts; DROP TABLE companies_fts;"
	    "ALTER TABLE contacts DROP COLUMN erased_at;"
	    "INSERT INTO companies(name, owner, created_at, created_by,"
	    " updated_at, updated_by) SELECT 'Acme', login, 't', 'x', 't', 'x'"
	    " FROM users;"
	    "INSERT INTO contacts(first_name, last_name, phone, company_id,"
	    " tags, owner, consent, created_at, created_by, updated_at,"
	    " updated_by)"
	    " SELECT 'Ana', 'Núñez', '+34600111222', 1, 'vip,Madrid', login,"
	    " 1, 't', 'x', 't', 'x' FROM users;"
	    "INSERT INTO contacts(first_name, last_name, phone, owner,"
	    " created_at, created_by, updated_at, updated_by)"
	    " SELECT 'Bo', 'Li', '+34600111223', login, 't', 'x', 't', 'x'"
	    " FROM users;"
	    "PRAGMA user_version = 1;", NULL, NULL, NULL);
	sqlite3_close(s);
	is(query(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE"
	    " '%fts%'"), "0", "a version 1 base has no search tables");
	ok(crm_db_open(&db, path, &e) == CRM_OK, "opening migrates it (%s)",
	    e.msg);
	ok(db != NULL && crm_db_version(db) == 9, "to version 9");
	crm_db_close(db);
	is(query(path, "SELECT text FROM contacts_fts WHERE contacts_fts"
	    " MATCH 'nunez'"), "Ana Núñez Acme  vip,Madrid p22211100643",
	    "existing contacts are searchable, accents folded");
	is(query(path, "SELECT rowid FROM companies_fts WHERE companies_fts"
	    " MATCH 'acme'"), "1", "existing companies too");
	is(query(path, "SELECT group_concat(tag, ' ') FROM tags"),
	    "Madrid vip", "the tags in use are listed (version 4)");
	is(query(path, "SELECT count(*) FROM plans"), "0",
	    "a plans table (version 8)");
	is(query(path, "SELECT sql FROM sqlite_master WHERE name ="
	    " 'contacts_owner'"),
	    "CREATE INDEX contacts_owner ON contacts(owner, created_at)",
	    "the owner index gains the creation time (version 8)");
	is(query(path, "SELECT sql FROM sqlite_master WHERE name ="
	    " 'deals_manager'"),
	    "CREATE INDEX deals_manager ON deals(manager, stage, closed_at,"
	    " currency, amount)",
	    "the deals' manager index gains closed_at, currency, amount"
	    " (version 8)");
	is(query(path, "SELECT sql FROM sqlite_master WHERE name ="
	    " 'calls_manager'"),
	    "CREATE INDEX calls_manager ON calls(manager, at, status)",
	    "the calls' manager index gains the status (version 8)");
	is(query(path, "SELECT sql FROM sqlite_master WHERE name ="
	    " 'meetings_manager'"),
	    "CREATE INDEX meetings_manager ON meetings(manager, at, status)",
	    "the meetings' manager index gains the status (version 8)");
	is(query(path, "SELECT group_concat(consent, ' ') FROM contacts"),
	    "yes unknown", "consent 1 stays yes, 0 is unknown (version 9)");
	is(query(path, "SELECT count(*) FROM contact_custom"), "0",
	    "a custom fields table (version 9)");
}

static void
entities(void)
{
	const struct crm_entity *c = crm_entity_lookup("contact");

	ok(c != NULL && crm_entity_lookup("Contacts") == c,
	    "contact and Contacts are the same entity");
	ok(crm_entity_lookup("companies") == crm_entity_lookup("company"),
	    "company and companies");
	ok(crm_entity_lookup("widget") == NULL, "unknown entity");
	ok(crm_entity_field(c, "first_name") == 1, "first_name is field 1");
	ok(crm_entity_field(c, "First Name") == 1, "\"First Name\" too");
	ok(crm_entity_field(c, "E-mail") == 4, "\"E-mail\" is email");
	ok(crm_entity_field(c, "Surname") == 2, "\"Surname\" is last_name");
	ok(crm_entity_field(c, "colour") == -1, "unknown field");
	ok(crm_entity_cols(c)[0].numeric && !crm_entity_cols(c)[1].numeric,
	    "id is numeric in JSON, names are not");
}

static void
settings(void)
{
	struct crm_db *db;
	struct crm_err e = { 0 };
	char path[256], *v = NULL;

	snprintf(path, sizeof(path), "%s/settings.db", dir);
	crm_db_open(&db, path, &e);
	ok(crm_setting_get(db, "phone.default_country", &v, &e) == CRM_OK &&
	    v == NULL, "unset by default");
	crm_db_begin(db, &e);
	ok(crm_setting_set(db, "phone.default_country", "351", &e) == CRM_OK,
	    "set");
	ok(crm_setting_set(db, "phone.default_country", "0", &e) == CRM_EUSAGE,
	    "0 is not a country code: a value typed wrong is usage");
	ok(crm_setting_set(db, "no.such", "1", &e) == CRM_EUSAGE,
	    "unknown key");
	crm_db_commit(db, &e);
	ok(crm_setting_get(db, "phone.default_country", &v, &e) == CRM_OK,
	    "get");
	is(v, "351", "the value set");
	free(v);
	crm_db_close(db);
}

int
main(void)
{
	char cmd[64];

	memset(dir + sizeof(dir) - 7, 'X', 6);
	if (mkdtemp(dir) == NULL)
		return 1;
	path_precedence();
	open_and_schema();
	migrate_1_to_2();
	entities();
	settings();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
