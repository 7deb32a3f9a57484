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
	int role;		/* enum crm_role of actor (access.c) */
	int policy_loaded;	/* the policies below are read */
	int labour_operator;	/* policy.labour is operator */
	int visibility_own;	/* policy.visibility is own */
	char *personal;		/* fields.personal */
	int wal;		/* in WAL mode: busy.c may look at the WAL */
	struct crm_busy_mark *busy_mark;	/* busy.c: what it saw last */
	long long busy_since;	/* busy.c: when it last saw a change (ms) */
	unsigned beat_rows;	/* busy.c: rows since the clock was read */
	long long beat_at;	/* busy.c: when the pages last went out (ms) */
	int readonly;		/* opened for reading only (db.c) */
	int in_read;		/* in crm_db_read_begin's transaction */
};

/* busy.c */

/*
 * How long a writer waits for the base while nothing in it moves: no
 * commit, no growth of the log.  Behind a writer that is making progress
 * (a long import) it waits as long as that writer takes.
 */
#define CRM_BUSY_IDLE_MS 30000

/* How often a long writer shows the others it moves (crm_busy_beat). */
#define CRM_BUSY_BEAT_MS 3000

/*
 * Called once per row by a bulk writer inside its write transaction:
 * every CRM_BUSY_BEAT_MS it writes its dirty pages to the log, so that
 * the writers waiting behind it see it moving however much its cache
 * holds.  Nothing to report: a page that cannot be written now will be
 * at the commit.
 */
void crm_busy_beat(struct crm_db *db);

/*
 * Make db wait for other writers as long as the base moves (CRM_OK), or
 * CRM_EDB when out of memory.  crm_db_close frees what it allocates.
 */
int crm_busy_install(struct crm_db *db);

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

/* The same for a connection of SQLite's own (a file being restored). */
int crm_sqlite_err(sqlite3 *sql, struct crm_err *e, const char *what);

/*
 * What every connection of ours has: primary result codes, and the busy
 * timeout that makes writers wait their turn.
 */
void crm_sqlite_setup(sqlite3 *sql);
/*
 * Begin a read transaction, so that the statements until
 * crm_db_read_end read one snapshot of the base (nothing when a
 * transaction is open already).
 */
int crm_db_read_begin(struct crm_db *db, struct crm_err *e);
void crm_db_read_end(struct crm_db *db);

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

/* output.c: the frame of the interchange formats */

/*
 * A format whose records are not one line per row (vCard, iCalendar,
 * mutt's query lines): begin (crm_writer_header) writes what comes
 * before the records, row one record, end (crm_writer_end, unless a
 * write failed) what comes after; free releases ctx.  begin, end and
 * free may be NULL.  Each returns CRM_OK, or CRM_EDB after
 * crm_writer_fail.
 */
struct crm_record_ops {
	int (*begin)(void *ctx, struct crm_writer *w);
	int (*row)(void *ctx, struct crm_writer *w, const char *const *vals);
	int (*end)(void *ctx, struct crm_writer *w);
	void (*free)(void *ctx);
};

/*
 * A writer of format f whose rows (ncols values of cols) ops turns into
 * records.  The writer owns ctx from here on (ops->free), except when it
 * returns NULL (out of memory).
 */
struct crm_writer *crm_writer_records(FILE *fp, enum crm_format f,
    const struct crm_col *cols, size_t ncols,
    const struct crm_record_ops *ops, void *ctx);

/* Append n bytes to what w writes (its buffer: whole blocks to stdio). */
void crm_writer_put(struct crm_writer *w, const char *s, size_t n);

/* Whether a row is written: 1 yes, 0 leave it out. */
typedef int crm_row_keep_fn(void *arg, const char *const *vals);

/* Write only the rows keep(arg, row) accepts (arg outlives w). */
void crm_writer_filter(struct crm_writer *w, crm_row_keep_fn *keep,
    void *arg);

/*
 * Make a CSV writer write for spreadsheets, before its header: a UTF-8
 * BOM, CRLF line ends, formula-like cells neutralised.  Other formats
 * are left as they are.
 */
void crm_writer_excel(struct crm_writer *w);

/* Mark w failed with a message (crm_writer_error); returns CRM_EDB. */
int crm_writer_fail(struct crm_writer *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Mark w failed on the file path with errnum (crm_err_file's message and
 * status, crm_writer_error and crm_writer_status); returns that status.
 */
int crm_writer_fail_file(struct crm_writer *w, const char *path, int errnum);

/* Why w failed: the message of crm_writer_fail, else "write error". */
const char *crm_writer_error(const struct crm_writer *w);

/* The status of w's failure: CRM_EDB unless crm_writer_fail_file said. */
int crm_writer_status(const struct crm_writer *w);

/* The format w writes. */
enum crm_format crm_writer_format(const struct crm_writer *w);

/* The columns w writes, *ncols of them. */
const struct crm_col *crm_writer_cols(const struct crm_writer *w,
    size_t *ncols);

/* Free p (malloc'd: say the columns w writes) when w ends. */
void crm_writer_adopt(struct crm_writer *w, void *p);

/* custom.c */

/*
 * Fill row[from..ncols) with contact id's custom fields, by the
 * "custom.NAME" columns cols[from..ncols) (sorted by name, as
 * crm_custom_columns makes them), NULL where it has none.  values
 * (ncols - from of them, NULL at first) holds the copies between calls;
 * *st is prepared at the first call (the caller finalizes both).
 */
int crm_custom_row(struct crm_db *db, sqlite3_stmt **st, int64_t id,
    const struct crm_col *cols, size_t from, size_t ncols, const char **row,
    char **values, struct crm_err *e);

/* The rows w has written so far (those its filter kept). */
long crm_writer_written(const struct crm_writer *w);

/* contentline.c: the content lines of vCard and iCalendar */

/*
 * Content lines being written into a buffer: each starts with
 * crm_cl_name, gets its parameters, ":" and value, and ends with
 * crm_cl_end (CRLF).  Lines are folded at 75 octets, never within a
 * UTF-8 character or an escape; control characters but tab are dropped,
 * bytes that are not UTF-8 become U+FFFD.
 */
struct crm_cl {
	struct crm_buf *b;	/* where the lines go */
	size_t col;		/* octets on the current physical line */
	int rc;			/* CRM_EDB once out of memory */
};

/* Start writing lines into b (appended to what it holds). */
void crm_cl_begin(struct crm_cl *cl, struct crm_buf *b);

/* Start a line with a property name ("TEL"), as is. */
void crm_cl_name(struct crm_cl *cl, const char *name);

/*
 * ";NAME=value", the value in quotes when it holds , ; or :, and any '"'
 * in it written as ' (a parameter value cannot hold one).
 */
void crm_cl_param(struct crm_cl *cl, const char *name, const char *value);

/* Append s unescaped: ":" and values that are URIs or dates. */
void crm_cl_raw(struct crm_cl *cl, const char *s);

/* The same for the n bytes at s, where s[n] is the NUL ending s. */
void crm_cl_lit(struct crm_cl *cl, const char *s, size_t n);
#define CRM_CL_LIT(cl, s)	crm_cl_lit((cl), (s), sizeof(s) - 1)

/* Append s as a TEXT value: \ ; , escaped, line breaks as \n. */
void crm_cl_text(struct crm_cl *cl, const char *s);

/* End the line: CRLF. */
void crm_cl_end(struct crm_cl *cl);

/* A whole line "NAME:text" (text escaped), or nothing when text is empty. */
void crm_cl_prop(struct crm_cl *cl, const char *name, const char *text);

/* A whole line "NAME:YYYYMMDDTHHMMSSZ" from a stored time, or nothing. */
void crm_cl_time(struct crm_cl *cl, const char *name, const char *iso);

/*
 * A stored time "YYYY-MM-DDTHH:MM:SSZ" in the basic form both formats
 * use, "YYYYMMDDTHHMMSSZ", into out (>= 17 bytes).  CRM_EINPUT when iso
 * is no stored time.
 */
int crm_cl_basic_time(const char *iso, char *out);

/* vcard.c, ical.c, mailfmt.c: the interchange formats' writers */

/*
 * The writers crm_interop_open makes: the cols (ncols) are the rows'
 * columns, found by name.  vCard (version 4 or 3; dir: one file per card
 * there, made when missing, instead of fp), iCalendar (db: the meetings'
 * contacts and managers), and mail lines (f CRM_FMT_EMAILS or
 * CRM_FMT_MUTT; mutt's status line tells what m left out).  On success
 * *w is the caller's (crm_writer_end).
 */
int crm_vcard_writer(struct crm_writer **w, FILE *fp, struct crm_db *db,
    const struct crm_col *cols, size_t ncols, int version, const char *dir,
    struct crm_err *e);
int crm_ical_writer(struct crm_writer **w, FILE *fp, struct crm_db *db,
    const struct crm_col *cols, size_t ncols, struct crm_err *e);
int crm_mail_writer(struct crm_writer **w, FILE *fp, enum crm_format f,
    const struct crm_col *cols, size_t ncols, const struct crm_mailing *m,
    struct crm_err *e);

/* mailing.c */

/*
 * Clear m and find the columns of cols it checks: consent (when consent)
 * and email (when email).  CRM_EUSAGE when cols lack one (not contacts).
 */
int crm_mailing_start(struct crm_mailing *m, const struct crm_col *cols,
    size_t ncols, int consent, int email, struct crm_err *e);

/* A crm_row_keep_fn: whether the row goes out; counted either way. */
int crm_mailing_keep(void *arg, const char *const *vals);

/* user.c */

/*
 * CRM_OK when login is an active user; else CRM_EINPUT naming the
 * crm-user command that makes it one.
 */
int crm_user_check_active(struct crm_db *db, const char *login,
    struct crm_err *e);

/* schema.c */

/* The schema version this library writes. */
#define CRM_SCHEMA_VERSION 9

/*
 * Create or migrate the schema of db forward to CRM_SCHEMA_VERSION inside
 * one IMMEDIATE transaction.  A database newer than the library is
 * CRM_EDB.
 */
int crm_schema_upgrade(struct crm_db *db, struct crm_err *e);

/*
 * Compare the schema of the connection sql with the one crm's
 * migrations make at version: a table by its columns, anything else
 * (indexes, triggers, virtual tables) by its SQL.  Each object missing,
 * foreign or different goes to fn as a "schema" problem.
 */
int crm_schema_compare(sqlite3 *sql, int version, crm_problem_fn *fn,
    void *arg, struct crm_err *e);

/*
 * Check that the search index of sql (at CRM_SCHEMA_VERSION) holds
 * every contact and company, with the text crm makes of each, and
 * nothing else: each difference goes to fn as a "search" problem.
 */
int crm_schema_check_search(sqlite3 *sql, crm_problem_fn *fn, void *arg,
    struct crm_err *e);

/* path.c */

/*
 * The absolute path of path, as the audit trail records it: its folder
 * resolved, its last part as given.  malloc'd; NULL with e set (the
 * folder's errno, crm_err_errno) when the folder cannot be resolved.
 */
char *crm_path_absolute(const char *path, struct crm_err *e);

/*
 * 1 when path is the base of db or one of its -wal, -shm or -journal
 * (the same file, however named), else 0.  On a shared install the
 * user cannot see the base's files: 0, and opening path is what fails.
 */
int crm_path_is_base(const struct crm_db *db, const char *path);

/* integrity.c */

/*
 * The checks of crm_integrity_check on the connection sql, whose schema
 * is at version (a file being restored).
 */
int crm_integrity_run(sqlite3 *sql, int version, crm_problem_fn *fn,
    void *arg, long *problems, struct crm_err *e);

/* nameset.c: names given twice, found in linear time */

struct crm_nameset;

/* An empty set; CRM_EDB when out of memory. */
int crm_nameset_new(struct crm_nameset **s);

/*
 * Add a copy of name.  When the set holds it already (ASCII case aside),
 * *dup is the name as first added (owned by s) and nothing is added;
 * else *dup is NULL.  CRM_OK, or CRM_EDB when out of memory.
 */
int crm_nameset_add(struct crm_nameset *s, const char *name,
    const char **dup);

/* Forget every name, keeping the memory for the next ones. */
void crm_nameset_clear(struct crm_nameset *s);

/* Free s (NULL is fine). */
void crm_nameset_free(struct crm_nameset *s);

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
 * The same, reading the rows from from (crm_access_source: the table,
 * or what of it the actor may see) rather than the table.
 */
int crm_entity_select_sql_from(const struct crm_entity *ent, const char *from,
    const char *tail, int company_ids, char **sql);

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

/* access.c: who may do what */

enum crm_role {
	CRM_ROLE_MANAGER = 1,
	CRM_ROLE_OPERATOR,
	CRM_ROLE_SUPERVISOR,
	CRM_ROLE_ADMIN,
};
#define CRM_ROLE_BIT(r) (1u << (r))
#define CRM_ROLES_ADMIN CRM_ROLE_BIT(CRM_ROLE_ADMIN)
#define CRM_ROLES_SUPERVISE (CRM_ROLE_BIT(CRM_ROLE_SUPERVISOR) | \
	CRM_ROLES_ADMIN)
#define CRM_ROLES_OPERATE (CRM_ROLE_BIT(CRM_ROLE_OPERATOR) | CRM_ROLES_ADMIN)
#define CRM_ROLES_FOR_OTHERS (CRM_ROLE_BIT(CRM_ROLE_OPERATOR) | \
	CRM_ROLES_SUPERVISE)

/*
 * Read the acting user's role.  CRM_EPERM for a deactivated user, and on
 * a shared install (setgid) for a login that is not a user; elsewhere a
 * newcomer counts as a manager (and becomes one at its first write).
 */
int crm_access_load(struct crm_db *db, struct crm_err *e);

/*
 * CRM_OK when the actor's role is in mask (CRM_ROLE_BIT()s), else
 * CRM_EPERM "what is for supervisors and admins (ana is a manager)".
 */
int crm_access_need(struct crm_db *db, unsigned mask, const char *what,
    struct crm_err *e);

/* Acting for login (NULL or the actor: oneself): not for managers. */
int crm_access_for(struct crm_db *db, const char *login,
    struct crm_err *e);

/*
 * May the actor change record id of entity ("contact", "meeting"...),
 * which belongs to owner (a client's owner, an event's manager or
 * assignee)?  Admins and operators change any; managers their own;
 * supervisors only reassign (crm_access_field).  A record the actor may
 * not see (crm_access_sees) is CRM_ENOTFOUND "no ENTITY ID", as if it
 * did not exist.
 */
int crm_access_record(struct crm_db *db, const char *entity, int64_t id,
    const char *owner, struct crm_err *e);

/*
 * May the actor change field of that record?  owner_field: the field is
 * its owner, manager or assignee (a reassignment).  Personal data of a
 * contact follows policy.labour.
 */
int crm_access_field(struct crm_db *db, const char *entity, int64_t id,
    const char *owner, const char *field, int owner_field,
    struct crm_err *e);

/* May the actor add a record of entity owned by owner? */
int crm_access_insert(struct crm_db *db, const char *entity,
    const char *owner, struct crm_err *e);

/*
 * The login whose rows alone the actor may see (a manager under
 * policy.visibility own), or NULL for all.
 */
const char *crm_access_visible(struct crm_db *db);

/*
 * 1 when the actor may see a record that owner owns (a client's owner,
 * an event's manager or assignee; NULL: nobody): always, but for a
 * manager under policy.visibility own, who sees their own only.  SQL
 * asks the same with crm_sees(owner), which crm_access_load registers.
 */
int crm_access_sees(struct crm_db *db, const char *owner);

/*
 * *found: record id of ent exists (archived or not) and the actor may
 * see it.  A record they may not see is not found, like one that never
 * was: every lookup of a record by id goes through here.
 */
int crm_access_find(struct crm_db *db, const struct crm_entity *ent,
    int64_t id, int *found, struct crm_err *e);

/* crm_access_find as an answer: CRM_OK, or CRM_ENOTFOUND "no ENT ID". */
int crm_access_check(struct crm_db *db, const struct crm_entity *ent,
    int64_t id, struct crm_err *e);

/*
 * Append to b what "FROM ... AS t" reads ent's rows from: its table, or,
 * for an actor who does not see everything, a subquery of the same
 * columns in which each reference to a record the actor may not see is
 * blank (NULL), and so is a call's number when its contact is such a
 * record.  Searches, filters and exports read the blanks, so they cannot
 * be probed either.  CRM_EDB when out of memory.
 */
int crm_access_source(struct crm_db *db, const struct crm_entity *ent,
    struct crm_buf *b);

/*
 * *masked: field f of a record of ent, whose values in field order are
 * vals, is one crm_access_source blanks for the actor.
 */
int crm_access_masks(struct crm_db *db, const struct crm_entity *ent, int f,
    const char *const *vals, int *masked, struct crm_err *e);

/*
 * *masked: the value v that the audit trail records for field (by its
 * name) of record id of ent is one crm_access_source would blank now.
 */
int crm_access_masks_change(struct crm_db *db, const struct crm_entity *ent,
    int64_t id, const char *field, const char *v, int *masked,
    struct crm_err *e);

/*
 * The login whose clients alone the actor may export with their
 * personal data (any manager), or NULL for all.
 */
const char *crm_access_export_owner(struct crm_db *db);

/*
 * Audit an export before its first byte is written: entity, format and
 * the filter as typed (may be NULL), committed in its own transaction
 * unless one is open.  *audit is the row, for crm_access_export_end.
 * When the row cannot be written the export must not happen: CRM_EPERM
 * on a read-only base, else CRM_EDB, with a message that says so.
 */
int crm_access_export_start(struct crm_db *db, const char *entity,
    const char *format, const char *filter, int64_t *audit,
    struct crm_err *e);

/* Record the rows an export audited as audit wrote, once it is over. */
int crm_access_export_end(struct crm_db *db, int64_t audit, long rows,
    struct crm_err *e);

/* privilege.c */

/*
 * The shared base's path (malloc'd), unless path (--db) or $CRM_DB as the
 * user set it names another: then NULL and CRM_EPERM.
 */
char *crm_privilege_db_path(const char *path, struct crm_err *e);

/*
 * Before a privileged process opens the base: refuse another path, check
 * the base's folder is the group's and shut to others, set umask 007 and
 * create the base file 0660 when missing.  A no-op without privilege.
 */
int crm_privilege_enter(const char *path, struct crm_err *e);

/*
 * Settings of a new connection: no extension loading; when privileged,
 * temporary data in memory, never in files.
 */
int crm_privilege_configure(struct crm_db *db, struct crm_err *e);

#endif
