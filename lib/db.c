/*
 * db.c - opening the database file: where it lives, its pragmas, who is
 * acting, and write transactions.
 */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crm-internal.h"

/* How long opening waits for the journal mode (see set_wal). */
#define BUSY_TIMEOUT_MS CRM_BUSY_IDLE_MS

char *
crm_db_path(const char *path, struct crm_err *e)
{
	const char *env, *home;
	char *p;

	if (crm_privileged())
		return crm_privilege_db_path(path, e);
	if (path != NULL && *path != '\0')
		p = strdup(path);
	else if ((env = getenv("CRM_DB")) != NULL && *env != '\0')
		p = strdup(env);
	else if ((env = getenv("XDG_DATA_HOME")) != NULL && *env == '/') {
		if (asprintf(&p, "%s/crm/crm.db", env) < 0)
			p = NULL;
	} else {
		struct passwd *pw;

		home = getenv("HOME");
		if ((home == NULL || *home != '/') &&
		    (pw = getpwuid(getuid())) != NULL)
			home = pw->pw_dir;
		if (home == NULL) {
			crm_err_set(e, CRM_EDB, "cannot find the home folder; "
			    "give --db or set CRM_DB");
			return NULL;
		}
		if (asprintf(&p, "%s/.local/share/crm/crm.db", home) < 0)
			p = NULL;
	}
	if (p == NULL)
		crm_err_set(e, CRM_EDB, "out of memory");
	return p;
}

/* Create every missing folder above the file path, like mkdir -p. */
static int
make_parents(const char *path, struct crm_err *e)
{
	char *dir, *s;
	int rc = CRM_OK;

	if ((dir = strdup(path)) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	if ((s = strrchr(dir, '/')) == NULL || s == dir) {
		free(dir);
		return CRM_OK;
	}
	*s = '\0';
	for (s = dir + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			rc = crm_err_set(e, CRM_EDB, "cannot create %s: %s",
			    dir, strerror(errno));
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(dir);
	return rc;
}

int
crm_sqlite_err(sqlite3 *sql, struct crm_err *e, const char *what)
{
	int code = sqlite3_errcode(sql);

	if (code == SQLITE_BUSY)
		return crm_err_set(e, CRM_EDB, "%s: another writer held the "
		    "database for %d seconds without progress; try again", what,
		    CRM_BUSY_IDLE_MS / 1000);
	if (code == SQLITE_READONLY)
		return crm_err_set(e, CRM_EPERM, "%s: %s is read-only", what,
		    sqlite3_db_filename(sql, "main"));
	return crm_err_set(e, CRM_EDB, "%s: %s", what, sqlite3_errmsg(sql));
}

void
crm_sqlite_setup(sqlite3 *sql)
{
	sqlite3_extended_result_codes(sql, 0);
	sqlite3_busy_timeout(sql, BUSY_TIMEOUT_MS);
}

int
crm_db_err(struct crm_db *db, struct crm_err *e, const char *what)
{
	return crm_sqlite_err(db->sql, e, what);
}

int
crm_db_read_begin(struct crm_db *db, struct crm_err *e)
{
	if (db->in_txn || db->in_read)
		return CRM_OK;
	if (sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return crm_db_err(db, e, "begin");
	db->in_read = 1;
	return CRM_OK;
}

void
crm_db_read_end(struct crm_db *db)
{
	if (!db->in_read)
		return;
	if (sqlite3_get_autocommit(db->sql) == 0)
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	db->in_read = 0;
}

int
crm_db_prepare(struct crm_db *db, const char *sql, sqlite3_stmt **st,
    struct crm_err *e)
{
	if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL) != SQLITE_OK) {
		*st = NULL;
		return crm_db_err(db, e, "prepare");
	}
	return CRM_OK;
}

int
crm_db_prepare_built(struct crm_db *db, int built, struct crm_buf *sql,
    sqlite3_stmt **st, struct crm_err *e)
{
	int rc = built == CRM_OK ? crm_db_prepare(db, sql->p, st, e) :
	    crm_err_set(e, CRM_EDB, "out of memory");

	crm_buf_free(sql);
	if (rc != CRM_OK)
		*st = NULL;
	return rc;
}

int
crm_db_exec(struct crm_db *db, const char *sql, struct crm_err *e)
{
	if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
		return crm_db_err(db, e, "database");
	return CRM_OK;
}

int
crm_db_step_done(struct crm_db *db, sqlite3_stmt *st, const char *what,
    struct crm_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? CRM_OK :
	    crm_db_err(db, e, what);

	sqlite3_finalize(st);
	return rc;
}

int
crm_db_count(struct crm_db *db, const char *sql, const char *param, long *n,
    struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = crm_db_prepare(db, sql, &st, e)) != CRM_OK)
		return rc;
	if (param != NULL)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(st, 0);
	else
		rc = crm_db_err(db, e, "count");
	sqlite3_finalize(st);
	return rc;
}

int
crm_db_write_rows(struct crm_db *db, sqlite3_stmt *st, size_t ncols,
    struct crm_writer *w, long *count, const char *what, struct crm_err *e)
{
	const char *row[CRM_MAX_ROW_COLS];
	long n = 0;
	int rc = CRM_OK, step;
	size_t i;

	if (ncols > CRM_MAX_ROW_COLS) {
		sqlite3_finalize(st);
		return crm_err_set(e, CRM_EDB, "%s: too many columns", what);
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++)
			row[i] = (const char *)sqlite3_column_text(st, (int)i);
		if (w != NULL && crm_writer_row(w, row) != CRM_OK) {
			rc = crm_err_output(e, errno, 0);
			break;
		}
		n++;
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, what);
	sqlite3_finalize(st);
	if (count != NULL)
		*count = n;
	return rc;
}

int
crm_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* The login name of the real uid: who is acting, whatever the environment. */
static int
find_actor(struct crm_db *db, struct crm_err *e)
{
	struct passwd *pw;

	if ((pw = getpwuid(getuid())) == NULL)
		return crm_err_set(e, CRM_EPERM, "uid %ld has no login name",
		    (long)getuid());
	if (strlen(pw->pw_name) >= sizeof(db->actor))
		return crm_err_set(e, CRM_EPERM, "login name too long");
	strcpy(db->actor, pw->pw_name);
	return CRM_OK;
}

/*
 * Turn on WAL.  Setting the journal mode takes a lock for which SQLite
 * does not call the busy handler, so a base that many people open at
 * once (the first time, or while another closes it) is told "database
 * is locked" at once: wait and try again, as the busy timeout would.
 */
static int
set_wal(struct crm_db *db, struct crm_err *e)
{
	struct timespec pause = { 0, 1000000 };
	long waited_ms = 0;
	int rc;

	for (;;) {
		rc = sqlite3_exec(db->sql, "PRAGMA journal_mode=WAL", NULL,
		    NULL, NULL);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
		    waited_ms >= BUSY_TIMEOUT_MS)
			break;
		nanosleep(&pause, NULL);
		waited_ms += pause.tv_nsec / 1000000;
		if (pause.tv_nsec < 32000000)
			pause.tv_nsec *= 2;
	}
	return rc == SQLITE_OK ? CRM_OK : crm_db_err(db, e, "journal mode");
}

/* What every connection to the base is set to, however it was opened. */
static int
configure(struct crm_db *db, struct crm_err *e)
{
	crm_sqlite_setup(db->sql);
	/* The base's own connection waits as long as the base moves. */
	if (crm_busy_install(db) != CRM_OK)
		return crm_err_set(e, CRM_EDB, "out of memory");
	return crm_privilege_configure(db, e);
}

/*
 * The base as a URI that opens it for reading only, immutable when
 * nothing may change it meanwhile.  Malloc'd, NULL when out of memory.
 */
static char *
readonly_uri(const char *path, int immutable)
{
	struct crm_buf b = { 0 };
	const char *p;
	char hex[4];
	int rc = crm_buf_adds(&b, "file:");

	/* What a URI would read as its query, fragment or an escape. */
	for (p = path; *p != '\0'; p++) {
		if (*p == '?' || *p == '#' || *p == '%') {
			snprintf(hex, sizeof(hex), "%%%02X", (unsigned char)*p);
			rc |= crm_buf_adds(&b, hex);
		} else
			rc |= crm_buf_add(&b, p, 1);
	}
	rc |= crm_buf_adds(&b, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
	rc |= crm_buf_add(&b, "", 1);
	if (rc != CRM_OK) {
		crm_buf_free(&b);
		return NULL;
	}
	return b.p;
}

/*
 * Open the base again for reading only: its file, its folder or its
 * mount cannot be written.  While a writer has it open (its -shm is
 * there) it is read through that writer's -wal and -shm, which creates
 * nothing; with neither, it is read as it stands (immutable).  A -wal
 * left with changes but no -shm could only be read by creating a -shm:
 * refused.
 */
static int
open_readonly(struct crm_db *db, struct crm_err *e)
{
	struct stat st;
	char *side = NULL, *uri = NULL;
	int immutable, rc = CRM_OK;

	sqlite3_close_v2(db->sql);
	db->sql = NULL;
	if (asprintf(&side, "%s-shm", db->path) < 0)
		return crm_err_set(e, CRM_EDB, "out of memory");
	immutable = stat(side, &st) == -1;
	memcpy(side + strlen(side) - 3, "wal", 3);
	if (immutable && stat(side, &st) == 0 && st.st_size > 0)
		rc = crm_err_set(e, CRM_EDB, "%s is read-only here and its -wal "
		    "holds changes not yet in it: open it once with the right "
		    "to write its folder", db->path);
	free(side);
	if (rc != CRM_OK)
		return rc;
	if ((uri = readonly_uri(db->path, immutable)) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	if (sqlite3_open_v2(uri, &db->sql, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		rc = crm_err_set(e, CRM_EDB, "cannot open %s: %s", db->path,
		    db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
	free(uri);
	db->readonly = 1;
	return rc == CRM_OK ? configure(db, e) : rc;
}

int
crm_db_open(struct crm_db **dbp, const char *path, struct crm_err *e)
{
	struct crm_db *db;
	int rc;

	*dbp = NULL;
	if ((rc = crm_privilege_enter(path, e)) != CRM_OK)
		return rc;
	if ((db = calloc(1, sizeof(*db))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	if ((db->path = crm_db_path(path, e)) == NULL) {
		free(db);
		return CRM_EDB;
	}
	if ((rc = find_actor(db, e)) != CRM_OK)
		goto fail;
	crm_time_iso(time(NULL), db->now, sizeof(db->now));
	if ((rc = make_parents(db->path, e)) != CRM_OK)
		goto fail;
	if (sqlite3_open_v2(db->path, &db->sql, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = crm_err_set(e, CRM_EDB, "cannot open %s: %s", db->path,
		    db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
		goto fail;
	}
	/*
	 * WAL lets readers go on while one writer writes; NORMAL is durable
	 * at every checkpoint and never corrupts.  The page cache is sized
	 * for bulk imports but bounded so memory stays flat (and temporary
	 * files, such as index sorts, stay files for the same reason).
	 * secure_delete zeroes what a change frees, so an erased person's
	 * data does not linger in free space.
	 *
	 * A base that cannot be written (its file, folder or mount) still
	 * serves reading: a file SQLite opened read-only, or one whose -wal
	 * and -shm cannot be made.  Nothing is created beside it then.
	 */
	if (sqlite3_db_readonly(db->sql, "main") == 1)
		rc = open_readonly(db, e);
	else if ((rc = configure(db, e)) == CRM_OK &&
	    (rc = set_wal(db, e)) != CRM_OK &&
	    (sqlite3_errcode(db->sql) == SQLITE_READONLY ||
	    sqlite3_errcode(db->sql) == SQLITE_CANTOPEN))
		rc = open_readonly(db, e);
	else if (rc != CRM_OK)
		crm_err_set(e, CRM_EDB, "cannot open %s: %s", db->path,
		    sqlite3_errmsg(db->sql));
	else
		db->wal = 1;
	if (rc != CRM_OK)
		goto fail;
	if ((rc = crm_db_exec(db, "PRAGMA synchronous=NORMAL;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA secure_delete=ON;"
	    CRM_CACHE_PRAGMA, e)) != CRM_OK) {
		crm_err_set(e, CRM_EDB, "cannot open %s: %s", db->path,
		    sqlite3_errmsg(db->sql));
		goto fail;
	}
	if ((rc = crm_schema_upgrade(db, e)) != CRM_OK ||
	    (rc = crm_access_load(db, e)) != CRM_OK)
		goto fail;
	/* The base, its -wal and -shm are open: the group's rights go. */
	if ((rc = crm_privilege_drop(e)) != CRM_OK)
		goto fail;
	*dbp = db;
	return CRM_OK;
fail:
	crm_db_close(db);
	crm_privilege_drop(NULL);
	return rc;
}

void
crm_db_close(struct crm_db *db)
{
	if (db == NULL)
		return;
	if (db->in_txn)
		crm_db_rollback(db);
	sqlite3_finalize(db->audit_st);
	/* After an erasure, no copy of the old pages may stay in the WAL. */
	if (db->sql != NULL && db->wipe_wal)
		sqlite3_exec(db->sql, "PRAGMA wal_checkpoint(TRUNCATE)", NULL,
		    NULL, NULL);
	if (db->sql != NULL)
		sqlite3_close_v2(db->sql);
	free(db->personal);
	free(db->busy_mark);
	free(db->path);
	free(db);
}

const char *
crm_db_actor(const struct crm_db *db)
{
	return db->actor;
}

const char *
crm_db_now(const struct crm_db *db)
{
	return db->now;
}

int
crm_db_version(const struct crm_db *db)
{
	return db->version;
}

/*
 * A person who writes to the base must be a user of it: the first one is
 * its admin (made with the schema), later ones arrive as managers.
 */
int
crm_db_register_actor(struct crm_db *db, struct crm_err *e)
{
	sqlite3_stmt *st;
	sqlite3_int64 id;
	int rc, found;

	if ((rc = crm_db_prepare(db, "SELECT 1 FROM users WHERE login = ?",
	    &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, db->actor, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (found)
		return CRM_OK;
	if ((rc = crm_db_prepare(db, "INSERT INTO users(login, role, active,"
	    " created_at, created_by, updated_at, updated_by) VALUES (?1,"
	    " CASE WHEN EXISTS (SELECT 1 FROM users) THEN 'manager'"
	    " ELSE 'admin' END, 1, ?2, ?1, ?2, ?1)", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? CRM_OK :
	    crm_db_err(db, e, "register user");
	sqlite3_finalize(st);
	if (rc != CRM_OK)
		return rc;
	id = sqlite3_last_insert_rowid(db->sql);
	return crm_audit(db, "insert", "user", id, "login", NULL, db->actor, 0,
	    e);
}

int
crm_db_begin(struct crm_db *db, struct crm_err *e)
{
	int rc;

	if (db->readonly)
		return crm_err_set(e, CRM_EPERM, "%s is read-only: nothing can "
		    "be changed", db->path);
	if (sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return crm_db_err(db, e, "begin");
	db->in_txn = 1;
	if ((rc = crm_db_register_actor(db, e)) != CRM_OK) {
		crm_db_rollback(db);
		return rc;
	}
	return CRM_OK;
}

int
crm_db_commit(struct crm_db *db, struct crm_err *e)
{
	if (sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = crm_db_err(db, e, "commit");

		crm_db_rollback(db);
		return rc;
	}
	db->in_txn = 0;
	return CRM_OK;
}

void
crm_db_rollback(struct crm_db *db)
{
	if (sqlite3_get_autocommit(db->sql) == 0)
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	db->in_txn = 0;
}
