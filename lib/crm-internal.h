/*
 * crm-internal.h - what the files of libcrm share and binaries must not
 * use: the database handle's insides and SQLite helpers.
 */
#ifndef CRM_INTERNAL_H
#define CRM_INTERNAL_H

#include <sqlite3.h>

#include "crm.h"

struct crm_db {
	sqlite3 *sql;
	char *path;
	char actor[64];
	char now[32];
	int version;
	int in_txn;
	sqlite3_stmt *audit_st;	/* cached by crm_audit */
	int wipe_wal;		/* truncate the WAL on close (erasure) */
};

/* db.c */

/*
 * The page cache: 36 MiB holds much of the phone and e-mail indexes a
 * bulk import searches, and keeps a process under 64 MiB.
 */
#define CRM_CACHE_PRAGMA "PRAGMA cache_size=-36864;"

/*
 * Report a SQLite failure of db as CRM_EDB: "what: sqlite message".
 * SQLITE_BUSY becomes a message a person understands.
 */
int crm_db_err(struct crm_db *db, struct crm_err *e, const char *what);

/* Prepare sql on db; on failure fill e and return CRM_EDB. */
int crm_db_prepare(struct crm_db *db, const char *sql, sqlite3_stmt **st,
    struct crm_err *e);

/*
 * Prepare the statement built into sql (built: CRM_OK when building it
 * succeeded, else it ran out of memory) and free sql either way.
 */
int crm_db_prepare_built(struct crm_db *db, int built, struct crm_buf *sql,
    sqlite3_stmt **st, struct crm_err *e);

/* Execute sql (no results) on db. */
int crm_db_exec(struct crm_db *db, const char *sql, struct crm_err *e);

/*
 * Make the acting user a user of the base when it is not one yet: the
 * first user is its admin, later ones managers.  Needs a write
 * transaction.
 */
int crm_db_register_actor(struct crm_db *db, struct crm_err *e);

/*
 * Step st (prepared and bound) to its end and finalize it: CRM_OK, or a
 * database error about what.
 */
int crm_db_step_done(struct crm_db *db, sqlite3_stmt *st, const char *what,
    struct crm_err *e);

/*
 * Run sql, a query of one number (its one parameter, when there is one,
 * bound to param), into *n.
 */
int crm_db_count(struct crm_db *db, const char *sql, const char *param,
    long *n, struct crm_err *e);

/*
 * CRM_OK when table (a fixed name) has a row with this id; else
 * CRM_ENOTFOUND "no WHAT ID", or a database error.
 */
int crm_db_check_exists(struct crm_db *db, const char *table,
    const char *what, int64_t id, struct crm_err *e);

/* The most columns crm_db_write_rows writes. */
#define CRM_MAX_ROW_COLS 64

/*
 * Step st (prepared and bound) to its end, writing each row's first
 * ncols columns as text to w (when not NULL), and finalize it; *count
 * (when not NULL) receives the number of rows.  A failure is a database
 * error about what.
 */
int crm_db_write_rows(struct crm_db *db, sqlite3_stmt *st, size_t ncols,
    struct crm_writer *w, long *count, const char *what, struct crm_err *e);

/* Bind s as text, or NULL when s is NULL. */
int crm_bind_text(sqlite3_stmt *st, int i, const char *s);

/* user.c */

/*
 * CRM_OK when login is an active user; else CRM_EINPUT naming the
 * crm-user command that makes it one.
 */
int crm_user_check_active(struct crm_db *db, const char *login,
    struct crm_err *e);

/* schema.c */

/* The schema version this library writes. */
#define CRM_SCHEMA_VERSION 8

/*
 * Create or migrate the schema of db forward to CRM_SCHEMA_VERSION inside
 * one IMMEDIATE transaction.  A database newer than the library is
 * CRM_EDB.
 */
int crm_schema_upgrade(struct crm_db *db, struct crm_err *e);

/* bloom.c */

struct crm_bloom;

/* A filter of 2^log2_bits bits, all clear; NULL when out of memory. */
struct crm_bloom *crm_bloom_new(unsigned int log2_bits);

/* Free b (NULL is fine). */
void crm_bloom_free(struct crm_bloom *b);

/*
 * Remember key (of a kind, e.g. 'p' phone, 'e' e-mail), ASCII case folded
 * when fold, as SQLite's NOCASE compares.
 */
void crm_bloom_add(struct crm_bloom *b, char kind, const char *key,
    int fold);

/* 0 when key was certainly never added; 1 when it may have been. */
int crm_bloom_maybe(const struct crm_bloom *b, char kind, const char *key,
    int fold);

/* entity.c */

/*
 * Build "SELECT <every field of ent, in export form> FROM <table> AS t
 * <tail>" into a malloc'd *sql.  The SQL comes from the static field
 * tables and tail, never from input.
 */
int crm_entity_select_sql(const struct crm_entity *ent, const char *tail,
    char **sql);

/*
 * The same, with company_ids: a company field selected as the company's
 * id (t.company_id) rather than its name, for a caller that names them
 * itself.
 */
int crm_entity_select_sql_as(const struct crm_entity *ent, const char *tail,
    int company_ids, char **sql);

/*
 * Append to b the SQL expression of field f in export form, over the
 * entity's table aliased t (a company's name, consent as yes/no).
 */
int crm_entity_expr(const struct crm_field *f, struct crm_buf *b);

/* The SQL column that stores field f. */
const char *crm_entity_column(const struct crm_field *f);

/*
 * Drop the indexes of table that no import lookup uses, and its full-text
 * insert trigger, saving what rebuilds them in saved, so that an initial
 * load builds them once at the end: sorting once is many times faster
 * than growing them row by row.  Needs the write transaction the load runs
 * in, and an empty table.
 */
int crm_schema_defer_indexes(struct crm_db *db, const char *table,
    struct crm_buf *saved, struct crm_err *e);

/* Create the indexes crm_schema_defer_indexes saved. */
int crm_schema_restore_indexes(struct crm_db *db, const struct crm_buf *saved,
    struct crm_err *e);

/* audit.c */

/*
 * Record one audit row: action on entity id (0 = none), field with old and
 * new values (any may be NULL), in batch (0 = none).
 */
int crm_audit(struct crm_db *db, const char *action, const char *entity,
    sqlite3_int64 id, const char *field, const char *old_value,
    const char *new_value, sqlite3_int64 batch, struct crm_err *e);

/*
 * Open a batch for a bulk write of entity from source; *batch receives its
 * id.  crm_audit_batch_close stores its counts and audits it as action
 * ("import", "edit").
 */
int crm_audit_batch_open(struct crm_db *db, const char *entity,
    const char *source, sqlite3_int64 *batch, struct crm_err *e);
int crm_audit_batch_close(struct crm_db *db, sqlite3_int64 batch,
    const char *action, const struct crm_import_stats *st,
    struct crm_err *e);

#endif
