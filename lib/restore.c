/*
 * restore.c - the base's content replaced by a backup's.  The backup is
 * read with the user's own rights and checked whole before anything
 * changes; its pages then go into the base through the connection the
 * process already holds (SQLite's backup API), in one write transaction
 * of the base's WAL: on a shared install the base is written through the
 * descriptors opened with the group's rights and keeps its owner and
 * mode, and other processes go on, seeing the old content or the new.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm-internal.h"

/* file must be a regular file the user may read. */
static int
readable(const char *file, struct crm_err *e)
{
	struct stat sb;
	int fd;

	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		return crm_err_errno(e, errno, file);
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return crm_err_set(e, CRM_EINPUT, "%s is not a file", file);
	}
	close(fd);
	return CRM_OK;
}

/*
 * The URI that opens the file at the absolute path where as immutable:
 * read as it is, without locks and without a -wal or -shm of its own (a
 * backup in WAL mode, or on a read-only disk, is read all the same).
 * malloc'd.
 */
static char *
immutable_uri(const char *where)
{
	struct crm_buf b = { NULL, 0, 0 };
	char esc[4];
	const char *p;
	int rc;

	rc = crm_buf_adds(&b, "file:");
	for (p = where; rc == CRM_OK && *p != '\0'; p++)
		if (*p == '%' || *p == '?' || *p == '#') {
			snprintf(esc, sizeof(esc), "%%%02X", (unsigned char)*p);
			rc = crm_buf_adds(&b, esc);
		} else
			rc = crm_buf_add(&b, p, 1);
	if (rc == CRM_OK)
		rc = crm_buf_adds(&b, "?immutable=1");
	if (rc == CRM_OK)
		rc = crm_buf_add(&b, "", 1);
	if (rc != CRM_OK) {
		crm_buf_free(&b);
		return NULL;
	}
	return b.p;
}

/*
 * Open the backup at where to be read and nothing else: not written, its
 * schema not trusted (no SQL function of its own runs), damage found
 * early.  Immutable, unless a -wal beside it holds part of its content
 * (a copy of a live base): then SQLite must read that too.
 */
static int
open_backup(const char *file, const char *where, sqlite3 **src,
    struct crm_err *e)
{
	struct stat sb;
	char *name, *uri = NULL;
	int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, rc;

	if (asprintf(&name, "%s-wal", where) < 0)
		return crm_err_set(e, CRM_EDB, "out of memory");
	if (stat(name, &sb) == -1 || sb.st_size == 0) {
		if ((uri = immutable_uri(where)) == NULL) {
			free(name);
			return crm_err_set(e, CRM_EDB, "out of memory");
		}
		flags |= SQLITE_OPEN_URI;
	}
	free(name);
	rc = sqlite3_open_v2(uri ? uri : where, src, flags, NULL);
	free(uri);
	if (rc != SQLITE_OK)
		return crm_err_set(e, CRM_EDB, "cannot open %s: %s", file,
		    *src ? sqlite3_errmsg(*src) : "out of memory");
	crm_sqlite_setup(*src);
	sqlite3_db_config(*src, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(*src, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(*src, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0,
	    NULL);
	if (sqlite3_exec(*src, "PRAGMA cell_size_check = ON", NULL, NULL,
	    NULL) != SQLITE_OK)
		return crm_sqlite_err(*src, e, file);
	return CRM_OK;
}

/*
 * The schema version of file: CRM_EINPUT when it is no SQLite file, or
 * no crm base, or newer than this crm.  Damage that stops the reading
 * is a problem told to fn.
 */
static int
backup_version(sqlite3 *src, const char *file, int *version,
    crm_problem_fn *fn, void *arg, struct crm_err *e)
{
	sqlite3_stmt *st = NULL;
	int code;

	if (sqlite3_prepare_v2(src, "PRAGMA user_version", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (*version > CRM_SCHEMA_VERSION)
			return crm_err_set(e, CRM_EINPUT, "%s: schema version "
			    "%d is newer than this crm (%d); upgrade crm", file,
			    *version, CRM_SCHEMA_VERSION);
		if (*version < 1)
			return crm_err_set(e, CRM_EINPUT, "%s is not a crm "
			    "base (it has no schema version)", file);
		return CRM_OK;
	}
	sqlite3_finalize(st);
	code = sqlite3_errcode(src);
	if (code == SQLITE_NOTADB)
		return crm_err_set(e, CRM_EINPUT, "%s is not a crm base (not "
		    "an SQLite database)", file);
	if (code != SQLITE_CORRUPT)
		return crm_sqlite_err(src, e, file);
	fn(arg, "integrity", sqlite3_errmsg(src));
	return crm_err_set(e, CRM_EINPUT, "%s fails its integrity check; "
	    "the base is unchanged", file);
}

/* Copy every page of src into dest, in one transaction of dest's. */
static int
copy_pages(sqlite3 *dest, sqlite3 *src, const char *what,
    struct crm_err *e)
{
	sqlite3_backup *b;
	int step;

	if ((b = sqlite3_backup_init(dest, "main", src, "main")) == NULL)
		return crm_sqlite_err(dest, e, what);
	step = sqlite3_backup_step(b, -1);
	if (sqlite3_backup_finish(b) != SQLITE_OK || step != SQLITE_DONE)
		return crm_sqlite_err(dest, e, what);
	return CRM_OK;
}

/*
 * A backup of an older version, copied into a private temporary base
 * (a file SQLite removes when it closes) and migrated forward there as
 * an open would, so that the base goes from this version to this
 * version: no other process ever sees it older.
 */
static int
migrated_copy(struct crm_db *db, sqlite3 *src, const char *file,
    sqlite3 **out, struct crm_err *e)
{
	struct crm_db t;
	int rc;

	*out = NULL;
	if (sqlite3_open_v2("", out, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		return crm_err_set(e, CRM_EDB, "temporary base: %s",
		    *out ? sqlite3_errmsg(*out) : "out of memory");
	crm_sqlite_setup(*out);
	if ((rc = copy_pages(*out, src, "temporary base", e)) != CRM_OK)
		return rc;
	if (sqlite3_exec(*out, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return crm_sqlite_err(*out, e, "temporary base");
	memset(&t, 0, sizeof(t));
	t.sql = *out;
	t.path = (char *)file;
	memcpy(t.actor, db->actor, sizeof(t.actor));
	memcpy(t.now, db->now, sizeof(t.now));
	rc = crm_schema_upgrade(&t, e);
	sqlite3_finalize(t.audit_st);
	return rc;
}

/*
 * The audit row of the restore, appended to the restored base.  The
 * actor is not registered as a user: the restored base's users are the
 * backup's.
 */
static int
audit_restore(struct crm_db *db, const char *where, struct crm_err *e)
{
	int rc;

	if (sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return crm_db_err(db, e, "begin");
	db->in_txn = 1;
	if ((rc = crm_audit(db, "restore", "base", 0, "file", NULL, where, 0,
	    e)) == CRM_OK)
		return crm_db_commit(db, e);
	crm_db_rollback(db);
	return rc;
}

int
crm_restore(struct crm_db *db, const char *file, crm_problem_fn *fn,
    void *arg, struct crm_err *e)
{
	sqlite3 *src = NULL, *migrated = NULL;
	char *where = NULL;
	long problems = 0;
	int rc, version = 0;

	if ((rc = crm_access_need(db, CRM_ROLES_ADMIN, "restoring a backup",
	    e)) != CRM_OK)
		return rc;
	if ((rc = readable(file, e)) != CRM_OK)
		return rc;
	if (crm_path_is_base(db, file))
		return crm_err_set(e, CRM_EINPUT, "%s is the base itself",
		    file);
	if ((where = crm_path_absolute(file, e)) == NULL)
		return e->code;
	if ((rc = open_backup(file, where, &src, e)) != CRM_OK ||
	    (rc = backup_version(src, file, &version, fn, arg, e)) != CRM_OK)
		goto done;
	if ((rc = crm_integrity_run(src, version, fn, arg, &problems, e)) !=
	    CRM_OK)
		goto done;
	if (problems > 0) {
		rc = crm_err_set(e, CRM_EINPUT, "%s: refused, %ld problem%s; "
		    "the base is unchanged", file, problems,
		    problems == 1 ? "" : "s");
		goto done;
	}
	if (version < CRM_SCHEMA_VERSION &&
	    (rc = migrated_copy(db, src, file, &migrated, e)) != CRM_OK)
		goto done;
	if ((rc = copy_pages(db->sql, migrated ? migrated : src, "restore",
	    e)) == CRM_OK)
		rc = audit_restore(db, where, e);
done:
	sqlite3_close(migrated);
	sqlite3_close(src);
	free(where);
	return rc;
}
