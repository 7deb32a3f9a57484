/*
 * complete.c - values for shell completion, read from the database: the
 * hidden option --complete=KIND of every binary prints them, so the
 * completion scripts hold no SQL.  Every query reads an index or a small
 * table, whatever the size of the base.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm-internal.h"

#define MAX_CANDIDATES 200

static const struct {
	const char *kind, *sql;
} kinds[] = {
	/* Owners and logins: the users, active ones for new work. */
	{ "owners", "SELECT login FROM users WHERE active AND login >= ?1"
	  " AND login < ?1 || x'f4908080' ORDER BY login LIMIT ?2" },
	{ "logins", "SELECT login FROM users WHERE login >= ?1"
	  " AND login < ?1 || x'f4908080' ORDER BY login LIMIT ?2" },
	{ "tags", "SELECT tag FROM tags WHERE tag >= ?1 COLLATE NOCASE"
	  " AND tag < ?1 || x'f4908080' COLLATE NOCASE ORDER BY tag LIMIT ?2" },
	{ "companies", "SELECT name FROM companies WHERE archived_at IS NULL"
	  " AND name >= ?1 COLLATE NOCASE"
	  " AND name < ?1 || x'f4908080' COLLATE NOCASE"
	  " ORDER BY name COLLATE NOCASE LIMIT ?2" },
	{ "settings", NULL },
	{ "roles", NULL },
	{ "statuses", NULL },
	{ "stages", NULL },
	/*
	 * Contacts: the words of the search index (names, companies, cities;
	 * lowercase, accents folded), which crm_resolve takes as a contact.
	 * fts5vocab reads the index's term list by range, so any size of
	 * base answers at once; phone terms ("p" and digits) are left out.
	 */
	{ "contacts", "SELECT term FROM temp.crm_words WHERE term >= ?1"
	  " AND term < ?1 || x'f4908080' AND term NOT GLOB '*[0-9]*'"
	  " ORDER BY term LIMIT ?2" },
};

/*
 * A manager who sees only their own (policy.visibility own) is offered
 * only their own clients' names: the index's words are everyone's.
 */
static const struct {
	const char *kind, *sql;
} own_kinds[] = {
	{ "companies", "SELECT name FROM companies WHERE archived_at IS NULL"
	  " AND owner = ?3 AND name >= ?1 COLLATE NOCASE"
	  " AND name < ?1 || x'f4908080' COLLATE NOCASE"
	  " ORDER BY name COLLATE NOCASE LIMIT ?2" },
	{ "contacts", "SELECT w FROM (SELECT lower(first_name) AS w"
	  " FROM contacts WHERE owner = ?3 AND archived_at IS NULL UNION"
	  " SELECT lower(last_name) FROM contacts WHERE owner = ?3"
	  " AND archived_at IS NULL) WHERE w >= ?1"
	  " AND w < ?1 || x'f4908080' ORDER BY w LIMIT ?2" },
};

/*
 * Write the names of the pick list in setting key that start with
 * prefix: the base's value, or the default when there is no base.
 */
static int
complete_picklist(struct crm_db *db, const char *key, const char *prefix,
    FILE *out, struct crm_err *e)
{
	char *v = NULL, *names, *tok, *save = NULL, *s;
	size_t i, n = strlen(prefix);
	int rc = CRM_OK;

	if (db != NULL)
		rc = crm_setting_get(db, key, &v, e);
	else
		for (i = 0; crm_settings[i].key != NULL; i++)
			if (strcmp(crm_settings[i].key, key) == 0)
				v = strdup(crm_settings[i].def);
	if (rc != CRM_OK)
		return rc;
	if (v == NULL || (names = crm_picklist_names(v)) == NULL) {
		free(v);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	for (s = names; (tok = strtok_r(s, ",", &save)) != NULL; s = NULL)
		if (strncmp(tok, prefix, n) == 0)
			fprintf(out, "%s\n", tok);
	free(names);
	free(v);
	return ferror(out) ? crm_err_output(e, errno, 0) : CRM_OK;
}

int
crm_complete(struct crm_db *db, const char *kind, const char *prefix,
    FILE *out, struct crm_err *e)
{
	sqlite3_stmt *st;
	const char *sql, *mine;
	char *lower = NULL;
	size_t i, j, n;
	int rc;

	if (prefix == NULL)
		prefix = "";
	n = strlen(prefix);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		return crm_err_set(e, CRM_EUSAGE, "cannot complete \"%s\" "
		    "(owners, logins, tags, companies, contacts, settings, "
		    "roles, statuses, stages)", kind);
	if (strcmp(kind, "settings") == 0) {
		for (i = 0; crm_settings[i].key != NULL; i++)
			if (strncmp(crm_settings[i].key, prefix, n) == 0)
				fprintf(out, "%s\n", crm_settings[i].key);
		return ferror(out) ? crm_err_output(e, errno, 0) :
		    CRM_OK;
	}
	if (strcmp(kind, "statuses") == 0)
		return complete_picklist(db, "call.statuses", prefix, out, e);
	if (strcmp(kind, "stages") == 0)
		return complete_picklist(db, "deal.stages", prefix, out, e);
	if (strcmp(kind, "roles") == 0) {
		for (i = 0; crm_roles[i] != NULL; i++)
			if (strncmp(crm_roles[i], prefix, n) == 0)
				fprintf(out, "%s\n", crm_roles[i]);
		return ferror(out) ? crm_err_output(e, errno, 0) :
		    CRM_OK;
	}
	if (strcmp(kind, "contacts") == 0) {
		char *p;

		/* Every word of the base is no help: wait for a letter. */
		if (n == 0)
			return CRM_OK;

		/* A temporary table: completing writes nothing to the base. */
		if ((rc = crm_db_exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS"
		    " temp.crm_words USING fts5vocab(main, contacts_fts, row)",
		    e)) != CRM_OK)
			return rc;
		/* The index holds lowercase words. */
		if ((lower = strdup(prefix)) == NULL)
			return crm_err_set(e, CRM_EDB, "out of memory");
		for (p = lower; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		prefix = lower;
	}
	sql = kinds[i].sql;
	if ((mine = crm_access_visible(db)) != NULL)
		for (j = 0; j < sizeof(own_kinds) / sizeof(own_kinds[0]); j++)
			if (strcmp(own_kinds[j].kind, kind) == 0)
				sql = own_kinds[j].sql;
	if ((rc = crm_db_prepare(db, sql, &st, e)) != CRM_OK) {
		free(lower);
		return rc;
	}
	sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, MAX_CANDIDATES);
	if (sql != kinds[i].sql)
		sqlite3_bind_text(st, 3, mine, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		/*
		 * The shell shows the candidates on the terminal: none that
		 * holds what a terminal obeys (or a line break).
		 */
		if (v != NULL && crm_term_safe(v))
			fprintf(out, "%s\n", v);
	}
	rc = rc == SQLITE_DONE ? CRM_OK : crm_db_err(db, e, "complete");
	sqlite3_finalize(st);
	free(lower);
	if (rc == CRM_OK && ferror(out))
		rc = crm_err_output(e, errno, 0);
	return rc;
}

int
crm_complete_run(const struct crm_common *c, FILE *out)
{
	struct crm_db *db;
	char *path;
	int rc;

	/* Completing must never create a database; no base, no values. */
	if ((path = crm_db_path(c->db, NULL)) == NULL)
		return CRM_EDB;
	/* The effective ids: a shared install reads it as its group. */
	rc = euidaccess(path, R_OK);
	free(path);
	if (rc != 0)
		return strcmp(c->complete, "settings") == 0 ||
		    strcmp(c->complete, "roles") == 0 ||
		    strcmp(c->complete, "statuses") == 0 ||
		    strcmp(c->complete, "stages") == 0 ?
		    crm_complete(NULL, c->complete, c->complete_prefix, out,
		    NULL) : CRM_OK;
	if ((rc = crm_db_open(&db, c->db, NULL)) != CRM_OK)
		return rc;
	rc = crm_complete(db, c->complete, c->complete_prefix, out, NULL);
	crm_db_close(db);
	return rc;
}
