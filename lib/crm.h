/*
 * crm.h - the one public header of libcrm.
 *
 * Sectioned by the file that implements each part, so a reader finds the
 * source at once.  The library never prints for a command and never exits:
 * functions return a status (enum crm_status, equal to the exit status a
 * binary should use) and describe failures in a struct crm_err.
 */
#ifndef CRM_H
#define CRM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <argp.h>

/* error.c */

/* Status codes; each equals the exit status a binary reports for it. */
enum crm_status {
	CRM_OK = 0,
	CRM_EINPUT = 1,		/* input rejected, or problems found */
	CRM_EUSAGE = 2,		/* bad command line */
	CRM_ENOTFOUND = 3,	/* not found or ambiguous */
	CRM_EPERM = 4,		/* permission denied */
	CRM_EDB = 5,		/* database, I/O or memory failure */
};

/* A failure: its status and a one-line message without the program name. */
struct crm_err {
	int code;
	long line;		/* input line the message is about, or 0 */
	char msg[1024];
};

/*
 * Fill e (when not NULL) with code and a printf-formatted message; return
 * code so callers can write "return crm_err_set(e, CRM_EINPUT, ...)".
 */
int crm_err_set(struct crm_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Fill e with the failure errnum of the file path (or "--option path"),
 * "path: reason", and return its status: CRM_EPERM when the user may not
 * write or read it (EACCES, EPERM), else CRM_EDB.  Every file a program
 * is told to write (--rejects, --split) reports its failures through
 * here, so one kind of problem has one exit status.
 */
int crm_err_file(struct crm_err *e, const char *path, int errnum);

/*
 * Fill e with a failure to write standard output, errnum its reason (0:
 * not known): "standard output: No space left on device", and when the
 * command's changes were committed before, "; the changes are committed"
 * (they stay).  Returns CRM_EDB, the exit status every program gives it.
 */
int crm_err_output(struct crm_err *e, int errnum, int committed);

/*
 * The message of e as a binary prints it: "line 12: msg" when it names a
 * line.  Returns buf.
 */
const char *crm_err_text(const struct crm_err *e, char *buf, size_t bufsz);

/* Reset e to CRM_OK with an empty message. */
void crm_err_clear(struct crm_err *e);

/*
 * Fill e with a file operation's failure, errno err: "what: reason", as
 * CRM_EPERM (permission denied, a read-only file system), CRM_ENOTFOUND
 * (no such file or folder) or CRM_EDB (any other).  Returns that code.
 */
int crm_err_errno(struct crm_err *e, int err, const char *what);

/* utf8.c */

/*
 * Return 1 when the n bytes at s are valid UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF), else 0.  When bad_offset is not
 * NULL and the text is invalid, it receives the offset of the first bad
 * byte.
 */
int crm_utf8_valid(const char *s, size_t n, size_t *bad_offset);

/*
 * Decode one character from the n > 0 bytes at s into *cp.  Returns its
 * length in bytes, or 0 when the bytes at s are not valid UTF-8.
 */
size_t crm_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/*
 * Terminal display width of the UTF-8 string s: East Asian wide and
 * fullwidth characters count 2, combining marks and other zero-width
 * characters 0, the rest 1.  Invalid bytes count 1 each.
 */
size_t crm_utf8_width(const char *s);

/*
 * How many of the n bytes at s fit in max bytes without cutting a UTF-8
 * character in two: n when they all fit.  A value cut to a buffer stays
 * valid UTF-8.
 */
size_t crm_utf8_fit(const char *s, size_t n, size_t max);

/* csvin.c: streaming CSV/TSV reader on libcsv */

/*
 * The widest header read: no tool's export comes near (Outlook's has 92
 * columns), and a wider one is refused before its names are looked at.
 */
#define CRM_MAX_COLUMNS 1024

struct crm_reader;

/* One input record.  Owned by the reader; valid until the next call. */
struct crm_row {
	size_t nfields;
	char **fields;		/* NUL-terminated, already unescaped */
	size_t *lens;		/* byte length of each field */
	long line;		/* physical line where the record starts */
};

/*
 * Open a reader on fp and read the header row.  delim is ',' ';' or '\t',
 * or 0 to detect it from the header (the most frequent of the three
 * outside quotes; ',' on a tie or when none occurs).  A UTF-8 BOM is
 * skipped.  TSV fields have the \t \n \r \\ escapes undone.  On success
 * *r owns its memory (free with crm_reader_close); on failure returns a
 * status and fills e (an empty input is CRM_EINPUT "no header row").
 * Header names are trimmed; an empty or duplicate header name is an error.
 */
int crm_reader_open(struct crm_reader **r, FILE *fp, int delim,
    struct crm_err *e);

/* Number of header columns, and the name of column i (owned by r). */
size_t crm_reader_ncols(const struct crm_reader *r);
const char *crm_reader_col(const struct crm_reader *r, size_t i);

/* The delimiter in use. */
int crm_reader_delim(const struct crm_reader *r);

/*
 * Read the next record into *row.  Returns 1 when a good record was read,
 * 0 at end of input, -1 for a bad record (invalid UTF-8, a NUL byte, a
 * ragged row, a stray or unterminated quote: e says why, e->line and
 * row->line say where; row holds the fields that could be read, padded or
 * cut to the header's width, and reading may go on), and -2 for a failure
 * that ends reading (I/O, memory).
 */
int crm_reader_next(struct crm_reader *r, struct crm_row *row,
    struct crm_err *e);

/*
 * The name of the input fp reads, for an audited batch: its path when it
 * is a regular file (stdin redirected from a file), else "stdin".
 */
void crm_input_name(FILE *fp, char *buf, size_t bufsz);

/*
 * Whether fp, standard input, has nothing to read: 1 when it holds no
 * record at all (nothing, or nothing but white space, up to its end; e
 * gets CRM_OK and the message every program says of it, "no records on
 * standard input; nothing changed", and exits 0 with) or when reading
 * failed (a refused --encoding: e filled as crm_decode_error does).
 * Else 0, with what was read put back, so a reader sees the input whole
 * and numbers its lines right.
 */
int crm_input_empty(FILE *fp, struct crm_err *e);

/* Free the reader (NULL is fine).  Does not close the FILE. */
void crm_reader_close(struct crm_reader *r);

/* input.c: standard input read whole before a write begins */

/*
 * When standard input is a pipe, a FIFO, a socket or anything else that
 * is not a regular file or a terminal, copy it whole into a private
 * temporary file (mode 0600, unlinked, in TMPDIR or /tmp; /tmp on a
 * shared install) and make that file descriptor 0, rewound: a writer
 * then takes the base's write lock only once its input has ended, so a
 * slow or stalled producer never holds other users' writes.  Call it
 * before anything reads stdin.  CRM_OK, or CRM_EDB with e set.
 */
int crm_input_spool(struct crm_err *e);

/* Whether fd is the file crm_input_spool made (it is still "stdin"). */
int crm_input_is_spool(int fd);

/* output.c: writers for people and for pipes */

enum crm_format {
	CRM_FMT_TABLE,
	CRM_FMT_CSV,
	CRM_FMT_TSV,
	CRM_FMT_JSON,
	/* interchange formats: only the binaries that say so accept them */
	CRM_FMT_VCARD,		/* vCard (RFC 6350; 3.0 on request) */
	CRM_FMT_ICS,		/* iCalendar (RFC 5545), meetings */
	CRM_FMT_MUTT,		/* mutt's query_command lines */
	CRM_FMT_EMAILS,		/* "Name <address>" lines */
	/* a report's (crm-report) */
	CRM_FMT_HTML,		/* one self-contained page */
	CRM_FMT_EMAIL,		/* a MIME message for sendmail -t */
};

/* A column of output: its name, and whether JSON shows it as a number. */
struct crm_col {
	const char *name;
	int numeric;
};

struct crm_writer;

/*
 * Parse a --format word ("table", "csv", "tsv", "json") into *f.
 * Returns CRM_OK or CRM_EUSAGE.
 */
int crm_format_parse(const char *word, enum crm_format *f);

/* The bit of format f in a set of formats; the four every binary writes. */
#define CRM_FMT_BIT(f)	(1u << (f))
#define CRM_FMTS_PLAIN	(CRM_FMT_BIT(CRM_FMT_TABLE) | \
	CRM_FMT_BIT(CRM_FMT_CSV) | CRM_FMT_BIT(CRM_FMT_TSV) | \
	CRM_FMT_BIT(CRM_FMT_JSON))

/*
 * Parse a --format word among the formats of the set accept (CRM_FMT_BIT
 * of each) into *f: CRM_OK, or CRM_EUSAGE for a word that names none of
 * them (an interchange format included, when accept lacks it).
 */
int crm_format_lookup(const char *word, unsigned accept, enum crm_format *f);

/* The name of format f ("vcard"), static. */
const char *crm_format_name(enum crm_format f);

/* The names of the formats of the set, "table, csv, tsv, json", into buf. */
const char *crm_format_list(unsigned set, char *buf, size_t bufsz);

/*
 * Create a writer of ncols columns to fp.  CSV quotes a field only when it
 * holds the delimiter, a quote, CR or LF (or starts or ends with a space);
 * TSV escapes \t \n \r and \\; JSON writes one object per line (NULL
 * values as null, numeric columns unquoted); a table buffers its rows and
 * aligns them by display width at crm_writer_end.  The column array must
 * outlive the writer.  Returns NULL when out of memory.
 */
struct crm_writer *crm_writer_new(FILE *fp, enum crm_format f,
    const struct crm_col *cols, size_t ncols);

/*
 * Write a header line now (CSV and TSV; a table writes its own header, JSON
 * has none; a record format its start), once: a writer whose header was
 * never written ends without a record format's end.  Returns CRM_OK or
 * CRM_EDB on a write error.
 */
int crm_writer_header(struct crm_writer *w);

/*
 * The writer of a listing to fp as the shared options ask: with -q the
 * first value of each row alone (the id), one a line, no header; else
 * every column in c's format, its header written.  NULL when out of
 * memory or on a write error.
 */
struct crm_common;
struct crm_writer *crm_writer_open(FILE *fp, const struct crm_common *c,
    const struct crm_col *cols, size_t ncols);

/* Write one row of ncols values; a NULL value is an empty field or null. */
int crm_writer_row(struct crm_writer *w, const char *const *vals);

/*
 * Flush (a table is printed here) and free w.  Returns CRM_EDB on error,
 * with errno the reason of the first write that failed.
 */
int crm_writer_end(struct crm_writer *w);

/*
 * crm_writer_end for the output of a command, w writing standard output,
 * given rc, the status of what the command did: when writing failed and
 * rc is CRM_OK (or CRM_EDB, from a row that failed to go out), fill e as
 * crm_err_output does (committed: the command's changes were committed
 * before) and return CRM_EDB; else return rc.
 */
int crm_writer_close(struct crm_writer *w, int committed, int rc,
    struct crm_err *e);

/* rejects.c: rejected rows back out, to be fixed and fed in again */

struct crm_rejects;

/*
 * Create the CSV file path with the columns of r's header plus "error"
 * (reusing an "error" column the input already has).  On success *rj is
 * owned by the caller (crm_rejects_close).
 */
int crm_rejects_open(struct crm_rejects **rj, const char *path,
    const struct crm_reader *r, struct crm_err *e);

/* Write row as read (padded or cut to the header) with its error. */
int crm_rejects_write(struct crm_rejects *rj, const struct crm_row *row,
    const char *error, struct crm_err *e);

/* Flush, close and free rj (NULL is fine). */
int crm_rejects_close(struct crm_rejects *rj, struct crm_err *e);

/* spool.c: output held back until it is committed */

struct crm_spool;

/*
 * Spool records of the given columns in format f (or their "id" column
 * alone, one a line, when ids_only) to a temporary file.  On success *sp
 * is owned by the caller (crm_spool_close).
 */
int crm_spool_open(struct crm_spool **sp, enum crm_format f,
    const struct crm_col *cols, size_t ncols, int ids_only,
    struct crm_err *e);

/* Add one record. */
int crm_spool_row(struct crm_spool *sp, const char *const *rec,
    struct crm_err *e);

/*
 * Copy what was spooled to out, standard output (NULL: throw it away, as
 * after a rollback), then free sp (NULL is fine).  When writing out fails,
 * CRM_EDB with e filled as crm_err_output does (committed: the records
 * were committed before).
 */
int crm_spool_close(struct crm_spool *sp, FILE *out, int committed,
    struct crm_err *e);

/* phone.c */

/*
 * Normalise a phone number to E.164 ("+34600111222") into out (at least
 * 17 bytes).  Accepts "+CC…", "00CC…", and national numbers, which take
 * default_cc (digits, e.g. "34"; NULL or "" means national numbers are an
 * error).  Spaces, dots, dashes, slashes and parentheses are ignored; a
 * leading national trunk 0 is dropped for countries that use one.
 * Returns CRM_OK, or CRM_EINPUT with a reason in e.
 */
int crm_phone_normalize(const char *in, const char *default_cc, char *out,
    size_t outsz, struct crm_err *e);

/* email.c */

/*
 * Check an e-mail address (one local@domain, no spaces, a dotted domain
 * of valid labels) and copy it to out with surrounding space removed and
 * the domain lower-cased.  Returns CRM_OK or CRM_EINPUT with a reason.
 */
int crm_email_normalize(const char *in, char *out, size_t outsz,
    struct crm_err *e);

/* date.c */

/*
 * Parse a date a person types, relative to now, in the local time zone:
 * ISO 8601 ("2026-11-27", "2026-11-27 10:00", "2026-11-27T10:00:00Z",
 * "...+01:00"), "now", "today", "yesterday", "tomorrow", a weekday
 * ("fri", "friday": the next one, today excluded), each optionally
 * followed by a time "HH:MM", and offsets "+3d" "-2w" "+1m" "+4h" "+30min".
 * A date without a time means 00:00.  A time crm_time_storable refuses
 * is "out of range".  Returns CRM_OK with *out set, or CRM_EINPUT with
 * a reason.
 */
int crm_date_parse(const char *s, time_t now, time_t *out,
    struct crm_err *e);

/*
 * What a person typed (as crm_date_parse reads it, relative to now) in the
 * stored form, into buf (>= 21 bytes).  CRM_OK or CRM_EINPUT.
 */
int crm_date_stamp(const char *typed, char *buf, size_t bufsz,
    struct crm_err *e);

/*
 * The first and last seconds the stored form can hold:
 * 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
 */
#define CRM_TIME_MIN ((time_t)-62135596800LL)
#define CRM_TIME_MAX ((time_t)253402300799LL)

/*
 * Whether t can be stored and shown: between CRM_TIME_MIN and
 * CRM_TIME_MAX, and in a year from 1 to 9999 in local time too.
 */
int crm_time_storable(time_t t);

/*
 * Format t as UTC ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21
 * bytes).  CRM_OK, or CRM_EINPUT with buf "" when t is outside
 * CRM_TIME_MIN..CRM_TIME_MAX or buf too small: never a time without
 * its Z.
 */
int crm_time_iso(time_t t, char *buf, size_t bufsz);

/*
 * Check a stored-form timestamp "YYYY-MM-DDTHH:MM:SSZ" (a real date and
 * time).  Returns 1 when valid.
 */
int crm_time_iso_valid(const char *s);

/*
 * The number of days from 1970-01-01 to the civil date y-m-d of the
 * proleptic Gregorian calendar (H. Hinnant's days_from_civil), and back.
 */
long crm_days_from_civil(long y, int m, int d);
void crm_civil_from_days(long z, int *y, int *m, int *d);

/* strutil.c */

/*
 * The value of s when it is a positive decimal number (digits only, no
 * sign or space, in range), else 0: ids, counts and limits as typed.
 */
int64_t crm_positive(const char *s);

/* Trim ASCII white space at both ends of s in place; return s. */
char *crm_trim(char *s);

/*
 * Growable byte buffer.  Functions return CRM_OK or CRM_EDB (no memory).
 */
struct crm_buf {
	char *p;
	size_t len, cap;
};
int crm_buf_add(struct crm_buf *b, const char *s, size_t n);
int crm_buf_adds(struct crm_buf *b, const char *s);
void crm_buf_free(struct crm_buf *b);

/*
 * terminal.c: text for people.  Values go to a terminal (tables, cards,
 * the board, messages) with what a terminal would obey rather than show,
 * ESC, BEL, the other C0 and C1 controls, DEL, the bidirectional
 * overrides and isolates and bytes that are not UTF-8, written as visible
 * escapes (\x1b, \u202e); see terminal.c.  Each escape is printable
 * ASCII, one column a byte.
 */

enum crm_term_how {
	CRM_TERM_CELL,	/* one line: tab, CR and LF each a space */
	CRM_TERM_QUOTE,	/* a quoted value: tab, CR and LF as \t \r \n */
};

/* Whether s goes to a terminal as it is (nothing to escape): 1 or 0. */
int crm_term_safe(const char *s);

/*
 * Append the n bytes at s to b, escaped as above.  CRM_OK, or CRM_EDB
 * without memory.
 */
int crm_term_escape(struct crm_buf *b, const char *s, size_t n,
    enum crm_term_how how);

/* Write s (NULL: nothing) to fp as one cell (CRM_TERM_CELL). */
void crm_term_put(FILE *fp, const char *s);

/*
 * Write s (NULL: nothing) to fp a line at a time: each line break (LF,
 * CRLF or CR) starts a new line indented by indent spaces.
 */
void crm_term_put_lines(FILE *fp, const char *s, int indent);

/*
 * s escaped as a quoted value (CRM_TERM_QUOTE) into buf, cut with "..."
 * where it does not fit; returns buf.  For messages that quote input.
 */
const char *crm_term_quote(const char *s, char *buf, size_t bufsz);

/* db.c: the database file, its pragmas, identity and transactions */

struct crm_db;

/*
 * Resolve the database path: path when not NULL, else $CRM_DB, else
 * $XDG_DATA_HOME/crm/crm.db, else ~/.local/share/crm/crm.db.  On a shared
 * install (crm_privileged) it is the compiled-in base, and a path or
 * $CRM_DB naming another is CRM_EPERM.  Returns a malloc'd string the
 * caller frees, or NULL (e says why).
 */
char *crm_db_path(const char *path, struct crm_err *e);

/*
 * Open (creating it, its folder and its schema when new) the database at
 * crm_db_path(path): WAL, synchronous=NORMAL, foreign keys, a busy
 * timeout, schema migrated forward.  The acting user is the login name of
 * the real uid; the first user of a new database is its admin.  On a
 * shared install it returns, success or not, without the group's rights:
 * open files the user names only after it.  A base that cannot be
 * written (file, folder or mount) is opened for reading only, creating
 * nothing beside it; one that would need writing to be read (a schema
 * upgrade, a -wal without its -shm) is CRM_EDB with a line that says so.
 * On success *dbp is owned by the caller (crm_db_close).
 */
int crm_db_open(struct crm_db **dbp, const char *path, struct crm_err *e);

/* Close db (NULL is fine), rolling back any open transaction. */
void crm_db_close(struct crm_db *db);

/* The acting user's login (owned by db). */
const char *crm_db_actor(const struct crm_db *db);

/* The time of this invocation, as stored: "YYYY-MM-DDTHH:MM:SSZ". */
const char *crm_db_now(const struct crm_db *db);

/* The schema version the database is at. */
int crm_db_version(const struct crm_db *db);

/*
 * Begin a write transaction (BEGIN IMMEDIATE, so concurrent writers wait
 * on the busy timeout instead of failing later), registering the acting
 * user when the database does not know them yet.  CRM_EPERM on a base
 * opened for reading only.
 */
int crm_db_begin(struct crm_db *db, struct crm_err *e);

/* Commit the open transaction. */
int crm_db_commit(struct crm_db *db, struct crm_err *e);

/* Roll back the open transaction, if any. */
void crm_db_rollback(struct crm_db *db);

/* integrity.c: whether the base is sound */

/*
 * One problem a check found: its kind ("schema", "integrity",
 * "foreign_key", "search", "users") and one line that says what it is.
 */
typedef void crm_problem_fn(void *arg, const char *kind, const char *detail);

/*
 * Check the base: its tables, indexes and triggers are the ones crm
 * makes, SQLite finds its file sound (PRAGMA integrity_check) and every
 * reference leads somewhere (PRAGMA foreign_key_check), the search index
 * holds every contact and company as they are, and an active admin is
 * left.  All in one read transaction, so writers go on meanwhile.  Each
 * problem goes to fn, at most 100 of a kind (then one line with how many
 * more); *problems receives their number.  A file too damaged to read
 * is a problem too.  Returns CRM_OK, problems or not, or the error that
 * stopped the check.
 */
int crm_integrity_check(struct crm_db *db, crm_problem_fn *fn, void *arg,
    long *problems, struct crm_err *e);

/* backup.c: the whole base copied while others work */

/*
 * Copy the whole base to file, for an admin: one consistent snapshot,
 * taken while others go on reading and writing (VACUUM INTO a temporary
 * file beside file, synced to disk, then renamed to file), so file is
 * whole or absent.  An existing file is refused (CRM_EUSAGE) unless
 * force; "-" writes the copy to standard output (never to a terminal).
 * The file is made with the user's own rights, mode 0600.  Audited
 * (action "backup", entity "base", the file's absolute path) before the
 * copy, which so holds its own audit row.
 */
int crm_backup(struct crm_db *db, const char *file, int force,
    struct crm_err *e);

/* restore.c: the base's content replaced by a backup's */

/*
 * Replace the content of the base with file's, for an admin.  file is
 * refused (CRM_EINPUT; CRM_ENOTFOUND when missing) unless it is a crm
 * base whose schema is not newer than this crm's and that passes every
 * check of crm_integrity_check (each problem goes to fn); an older one
 * is migrated forward in a temporary copy.  The pages are written
 * through db's connection in one write transaction: other processes go
 * on and see the old content or the new, never a mix.  Then the restore
 * is audited in the restored base (action "restore", the file's path).
 */
int crm_restore(struct crm_db *db, const char *file, crm_problem_fn *fn,
    void *arg, struct crm_err *e);

/* entity.c: what the records are */

enum crm_field_type {
	CRM_FT_ID,		/* integer primary key */
	CRM_FT_TEXT,		/* free text, trimmed */
	CRM_FT_NAME,		/* text, trimmed, required */
	CRM_FT_PHONE,		/* normalised to E.164 */
	CRM_FT_EMAIL,		/* checked, domain lower-cased */
	CRM_FT_COMPANY,		/* a company name; stored as a reference */
	CRM_FT_TAGS,		/* comma-separated, trimmed, de-duplicated */
	CRM_FT_OWNER,		/* a user's login */
	CRM_FT_TIME,		/* stored timestamp */
	CRM_FT_LOGIN,		/* a login, kept as history (created_by ...) */
	CRM_FT_REF,		/* the id of a record of table arg */
	CRM_FT_USER,		/* an active user's login (manager, assignee) */
	CRM_FT_WHEN,		/* a time as people type it, stored UTC */
	CRM_FT_DATE,		/* a day as people type it, "YYYY-MM-DD" */
	CRM_FT_MINUTES,		/* a whole number of minutes, 1 or more */
	CRM_FT_SECONDS,		/* a whole number of seconds, 0 or more */
	CRM_FT_CHOICE,		/* one of the words of arg */
	CRM_FT_PICK,		/* an item of the pick list in setting arg */
	CRM_FT_MONEY,		/* exact decimal, stored in minor units */
	CRM_FT_CURRENCY,	/* 3 capital letters */
	CRM_FT_NUMBER,		/* a dialled number: E.164 when it reads as
				   a phone, else as given */
	CRM_FT_EXTERNAL,	/* another system's id: read only */
};

/* One field of an entity, in export order. */
struct crm_field {
	const char *name;	/* column name in CSV and in SQL */
	enum crm_field_type type;
	int required;		/* may not be empty (CRM_FT_NAME always) */
	const char *arg;	/* CRM_FT_REF: the table; CRM_FT_CHOICE: its
				   items, "name=alias|alias,name"; CRM_FT_PICK:
				   the setting; CRM_FT_WHEN: "time of day"
				   when a day alone will not do; else NULL */
	const char *stamp;	/* set by crm, not by input: how ("crm sets it
				   when the record is added"), or NULL for
				   a field input may set (see crm_import) */
};

/*
 * A kind of record: contacts and companies, and the activities logged
 * against them: meetings, calls, tasks, deals.
 */
struct crm_entity {
	const char *name;	/* singular: "contact" */
	const char *plural;	/* "contacts" */
	const char *table;	/* SQL table */
	const struct crm_field *fields;
	size_t nfields;
	const char *key;	/* natural key field used for upsert, or NULL */
	const char *search;	/* its full-text table, or NULL: free terms
				   are looked for in its text fields */
	int batched;		/* rows keep the batch that imported them */
	const char *added_by;	/* the binary that adds records, when it is
				   not crm-add: they are only edited here */
};

/* The entities of this release, NULL-terminated, for --help and completion. */
extern const struct crm_entity *const crm_entities[];

/*
 * Look up an entity by its singular or plural name (case-insensitive).
 * Returns NULL when unknown.
 */
const struct crm_entity *crm_entity_lookup(const char *word);

/*
 * Index of the field called name in ent, or -1.  Case, '-' and ' ' do not
 * matter, and other tools' names for a field ("surname", "e-mail") and
 * "contact" for contact_id (likewise company, call) are understood.
 */
int crm_entity_field(const struct crm_entity *ent, const char *name);

/* Output columns for ent (names and JSON numeric flags), static. */
const struct crm_col *crm_entity_cols(const struct crm_entity *ent);

/*
 * Index of the field that says whose a record is (a contact's owner, a
 * meeting's manager, a task's assignee), or -1.
 */
int crm_entity_owner_field(const struct crm_entity *ent);

/* "contacts, companies, meetings, calls, tasks, deals": for messages. */
const char *crm_entity_names(void);

/* Whether a field of type t is read by crm_field_value (1) or kept as typed. */
int crm_field_typed(enum crm_field_type t);

/*
 * Check what a person typed for field f (of a type from CRM_FT_REF on)
 * and append its stored form to out: a time "YYYY-MM-DDTHH:MM:SSZ", a
 * day "YYYY-MM-DD", the item a word selects (a unique prefix will do), an
 * amount "1234.50", a currency in capitals, a login in lower case, a
 * number as digits, a phone number as E.164 when it reads as one.
 * Whether a reference or a user exists is not asked here.  CRM_OK, or
 * CRM_EINPUT with a message naming the field.
 */
int crm_field_value(struct crm_db *db, const struct crm_field *f,
    const char *typed, struct crm_buf *out, struct crm_err *e);

/* import.c: validated writes of records, one or many */

struct crm_import;

/* How crm_import_* treats a row that matches an existing record. */
struct crm_import_opts {
	int upsert;		/* update the matching record */
	int allow_duplicates;	/* insert even when phone/e-mail exist */
	int bulk;		/* one audited batch instead of per-field audit */
	const char *source;	/* where a bulk import came from */
	int must_exist;		/* edit: every row names an existing id
				   (else CRM_ENOTFOUND), never inserts, and
				   writes only the columns it names */
	int archive;		/* 1: set archived_at to now (kept when
				   set), -1: clear it; audited as "archive"
				   and "unarchive" */
	int erase;		/* erase the personal data of each row's id
				   (crm_erase); other columns are ignored */
	int restore;		/* an admin restores a backup: stamps are
				   written as given; audited as "restore" */
	size_t nargs;		/* the last nargs columns are FIELD=VALUE
				   arguments: a field they name that is not
				   one, or a value of theirs that is
				   malformed, is CRM_EUSAGE, not a rejected
				   row (crm(7), EXIT STATUS) */
};

/* What a row did. */
enum crm_import_result {
	CRM_ADDED,
	CRM_UPDATED,
	CRM_UNCHANGED,
};

/* Counts of an import, for the summary line. */
struct crm_import_stats {
	long added, updated, unchanged, rejected, companies_created;
	int empty;		/* no records at all (crm_input_empty) */
};

/*
 * Start importing records of ent inside a write transaction the caller
 * began.  names[0..ncols) are the input columns; an unknown or repeated
 * column is CRM_EINPUT; a column named "error" (from a rejects file) is
 * ignored.  Activities (ent->added_by) are only edited (must_exist; else
 * CRM_EUSAGE): each value is read as its field's type says
 * (crm_field_value), a changed user must be active and a changed
 * reference exist, and the record must hold together: a held meeting has
 * a result, a planned one none, a held or missed one is not ahead of now;
 * a call has a number or a contact; a deal a contact or a company, a
 * lost one a lost_reason, and a change of stage sets or clears closed_at
 * as crm_deal_move does.  erase is for contacts only (CRM_EUSAGE).  The
 * stamps (fields with a stamp) are crm's: a row's must be what the record
 * it updates stores, and are ignored; a new record gets the actor and
 * now (a file's archived_at archives it now), unless o->restore, an
 * admin's (else CRM_EPERM) bulk import of a backup (else CRM_EUSAGE),
 * which writes them as given.  On success *imp is owned by the caller
 * (crm_import_free).
 */
int crm_import_begin(struct crm_import **imp, struct crm_db *db,
    const struct crm_entity *ent, const struct crm_import_opts *o,
    const char *const *names, size_t ncols, struct crm_err *e);

/*
 * Validate one row (ncols values in the order given to crm_import_begin)
 * and write it.  Returns CRM_OK with *res set; CRM_EINPUT when the row is
 * rejected (e says why; nothing of the row was written), a stamp that is
 * not the stored one among them; CRM_EUSAGE for such a stamp, or any on a
 * new record, among the arguments (o->nargs); CRM_ENOTFOUND when
 * must_exist and the id is unknown (the row is counted rejected);
 * CRM_EDB on a failure that must end the import.
 */
int crm_import_row(struct crm_import *im, const char *const *vals,
    enum crm_import_result *res, struct crm_err *e);

/*
 * The record the last successful crm_import_row wrote, as the entity's
 * output columns (crm_entity_cols), owned by im until the next row.
 */
const char *const *crm_import_record(const struct crm_import *im);

/* Count a row the caller rejected before it reached crm_import_row. */
void crm_import_reject(struct crm_import *im);

/*
 * Finish: record the batch (for a bulk import) with its counts, fill *st,
 * and free the statements.  The caller then commits or rolls back.
 */
int crm_import_finish(struct crm_import *im, struct crm_import_stats *st,
    struct crm_err *e);

/* Free im (NULL is fine). */
void crm_import_free(struct crm_import *im);

/* erase.c: the right to erasure */

/*
 * Erase the personal data of contact id for good: names become "erased"
 * and "#<id>", phone, e-mail, title, city, address, source, tags and notes
 * are cleared, consent is no, the record is archived (it stays, with its
 * company and owner, for the activity counts), and those fields' old and
 * new values in the contact's audit rows become "(erased)".  Audited as
 * one "erase" row in batch (0 = none).  *changed is 0 when the contact
 * was erased before.  CRM_ENOTFOUND for an unknown id; CRM_EUSAGE for an
 * entity that holds no person's data.  Caller holds a transaction.
 */
int crm_erase(struct crm_db *db, const struct crm_entity *ent, int64_t id,
    int64_t batch, int *changed, struct crm_err *e);

/*
 * After the erasures of a transaction, before its commit: purge the
 * erased words from the search index.  (Closing the database then empties
 * the WAL of older copies of the pages.)
 */
int crm_erase_finish(struct crm_db *db, struct crm_err *e);

/* export.c: records out, every field */

/* Filters of an export; NULL members do not filter. */
struct crm_export_filter {
	const char *owner;	/* whose: the owner, manager or assignee */
	const char *tag;	/* contacts and companies */
	const char *company;	/* contacts and companies */
	const char *since;	/* stored-form timestamp: updated at or after */
	int include_archived;
};

/*
 * Write every record of ent that passes f, ordered by id, to w (created
 * with crm_entity_cols(ent), its header not written yet), from one
 * snapshot of the base.  The export is audited first (action export,
 * with its format and filter, and the rows written once it is over):
 * when that audit row cannot be written nothing is written to w and the
 * result is CRM_EPERM on a read-only base, else CRM_EDB.  Returns CRM_OK,
 * or a status with e filled (CRM_EUSAGE for a filter ent has no field
 * for).  When count is not NULL it receives the number of records
 * written.
 */
int crm_export(struct crm_db *db, const struct crm_entity *ent,
    const struct crm_export_filter *f, struct crm_writer *w, long *count,
    struct crm_err *e);

/* search.c: finding records */

/* One filter: field op value, op one of '=' '~' (contains) '>' '<'. */
struct crm_find_filter {
	const char *field;
	char op;
	const char *value;
};

/* What crm_find looks for; NULL and 0 members do not narrow. */
struct crm_find_query {
	const char *const *terms;	/* free text, every term must match */
	size_t nterms;
	const struct crm_find_filter *filters;
	size_t nfilters;
	const char *owner;		/* a login: owner, manager, assignee */
	const char *tag;
	int archived;			/* 0 active only, 1 archived only */
	long limit;			/* 0: no limit */
	const char *sort;		/* field, "-field" descending; NULL: best
					   match first with terms, else id */
	const char *export_format;	/* machine output (csv, json...): an
					   export, audited, of a manager's
					   own records only; NULL: for people */
};

/*
 * Parse "field=value", "field~text", "field>value" or "field<value" for
 * ent into *f (pointing into arg, which must outlive it; the field name
 * is copied into name, at least 64 bytes).  Returns CRM_EUSAGE for an
 * unknown field or a missing operator.
 */
int crm_find_filter_parse(const struct crm_entity *ent, char *arg,
    struct crm_find_filter *f, struct crm_err *e);

/*
 * Write the records of ent matching q to w (created with
 * crm_entity_cols(ent)).  A free term matches names, company, phone (in
 * any format: "600 111 222" finds "+34600111222"), e-mail and tags,
 * regardless of case and accents ("nunez" finds "Núñez"); for an
 * activity, a word its text fields contain (a meeting's topic, location,
 * result; a call's number, note ...), regardless of ASCII case.  A filter
 * on an activity's typed field compares its stored form: "at=today" is
 * that local day, "status=done" the item the word picks, "amount>1000"
 * an amount, "manager=luis" exactly.  owner is the owner field's
 * (crm_entity_owner_field).  *count (when not NULL) receives the number
 * written.  w's header is written here.  With q->export_format the
 * listing is an export, audited as crm_export audits one: before its
 * first byte, or not at all.
 */
int crm_find(struct crm_db *db, const struct crm_entity *ent,
    const struct crm_find_query *q, struct crm_writer *w, long *count,
    struct crm_err *e);

/*
 * Check q as crm_find would run it, reading nothing: CRM_EUSAGE for a
 * filter value its field cannot hold ("status=xx"), a tag or owner of an
 * entity without them, an unknown sort field.  For a binary to say so
 * before it writes anything.
 */
int crm_find_check(struct crm_db *db, const struct crm_entity *ent,
    const struct crm_find_query *q, struct crm_err *e);

/*
 * Resolve what a person typed to one record of ent: a number is an id; a
 * phone, e-mail or name fragment is searched as crm_find does (archived
 * records included only when nothing active matches).  One match: CRM_OK
 * with *id.  None: CRM_ENOTFOUND.  Several: CRM_ENOTFOUND with a message
 * saying so, and (when out is not NULL and c not quiet) the candidates
 * written to out, as a table of their first columns or every field in the
 * format c names.  A record the actor may not see (policy.visibility
 * own) is not found, in the same words as one that does not exist, and
 * is never a candidate: every binary that takes a record from a person
 * resolves it here.
 */
int crm_resolve(struct crm_db *db, const struct crm_entity *ent,
    const char *term, int64_t *id, const struct crm_common *c, FILE *out,
    struct crm_err *e);

/* log.c: reading the audit trail */

/* What crm_log shows; NULL and 0 members do not narrow. */
struct crm_log_query {
	const char *entity;	/* as stored: "contact", "user" (crm_log_entity) */
	int64_t id;		/* one record of entity */
	const char *field;	/* one field, or a setting's key */
	const char *actor;	/* a login */
	const char *since;	/* stored-form timestamp: at or after */
	const char *until;	/* stored-form timestamp: before */
	const char *action;	/* "insert", "update", "import" ... */
	int64_t batch;		/* one import batch */
	long limit;		/* at most this many rows (or ids) */
	int ids_only;		/* one column "id": each record once */
};

/*
 * The name the audit trail stores for what a person typed: an entity of
 * crm_entities, singular or plural, or "user(s)", "setting(s)"
 * (case-insensitive).  Returns a static string, or NULL when unknown.
 */
const char *crm_log_entity(const char *word);

/*
 * May the actor read the audit rows q asks for?  The whole trail is for
 * supervisors and admins, others read what they did (CRM_EPERM for
 * another's actor); the history of one record the actor may not see
 * (policy.visibility own) is CRM_ENOTFOUND "no ENTITY ID".  For a binary
 * to say so before it writes anything; crm_log asks it too.
 */
int crm_log_check(struct crm_db *db, const struct crm_log_query *q,
    struct crm_err *e);

/*
 * Write the audit rows matching q, newest first, to w (created with
 * crm_log_cols: time, actor, action, entity, id, field, old, new, batch;
 * or, with q->ids_only, one column "id": the distinct record ids, most
 * recently changed first).  With entity and id, a record's history also
 * holds the import rows of the batch that created it.  A since or until
 * not in stored form is CRM_EUSAGE.  *count (when not NULL) receives the
 * number of rows written.
 */
int crm_log(struct crm_db *db, const struct crm_log_query *q,
    struct crm_writer *w, long *count, struct crm_err *e);
extern const struct crm_col crm_log_cols[];
extern const size_t crm_log_ncols;

/* card.c: one record for people */

/*
 * Write the card of record id of ent to fp: a title line, the profile
 * fields that are set, the owner with their name, consent, status, who
 * created and changed it and when (local time), the sections of its
 * history and its last 5 audit entries.  A contact's sections: meetings
 * (the last 5 held, cancelled or missed, and the next 10 planned),
 * the last 5 calls, tasks (the last 5 done, the next 10 open) and deals
 * (the last 5 won or lost, the next 10 open); a company's card lists its
 * contacts, then the same sections over all of them (tasks aside).  An
 * activity's card (a meeting ...) is its fields and changes.  Reads by
 * primary key and indexes only, so its cost is the client's history,
 * not the base's.  CRM_ENOTFOUND when no record has that id.
 */
int crm_card(struct crm_db *db, const struct crm_entity *ent, int64_t id,
    FILE *fp, struct crm_err *e);

/*
 * Write record id of ent as one row to w (created with
 * crm_entity_cols(ent)).  CRM_ENOTFOUND when no record has that id.
 */
int crm_card_record(struct crm_db *db, const struct crm_entity *ent,
    int64_t id, struct crm_writer *w, struct crm_err *e);

/*
 * A stored timestamp as a card shows it, "YYYY-MM-DD HH:MM" in the local
 * time zone, into buf (>= 17 bytes); anything else is copied unchanged.
 */
void crm_card_time(const char *iso, char *buf, size_t bufsz);

/* counts.c: the size of the base */

struct crm_counts {
	long contacts;		/* not archived */
	long contacts_archived;
	long companies;		/* not archived */
	long users_active;
	char last_change[32];	/* time of the newest audit entry, or "" */
	char last_actor[64];	/* who made it */
};

/* Fill *c. */
int crm_counts(struct crm_db *db, struct crm_counts *c, struct crm_err *e);

/* counter.c: the line after a write, with the counter it moved */

enum crm_counter {
	CRM_COUNTER_MEETINGS_HELD,	/* held this month */
	CRM_COUNTER_MEETINGS_PLANNED,	/* any status, starting this month */
	CRM_COUNTER_CALLS,		/* calls this month */
	CRM_COUNTER_DEALS_WON,		/* deals won this month */
};

/*
 * The counter c of manager (NULL: the actor) as one line for stderr,
 * without newline, into buf: "meetings held this month: 6", or "...
 * this month by ana: 6" for someone else.  Months are local-time months.
 * A counter that is a plan metric (meetings held: meetings_held, calls:
 * calls, deals won: deals_won) counts as the metric does, and shows the target of the
 * manager's plan of the current month (else week, else quarter):
 * "meetings held this month: 6/10", "calls this week: 30/50"; with no
 * plan of theirs but one of the team's: "...: 6, team 40/100".
 */
int crm_counter_line(struct crm_db *db, enum crm_counter c,
    const char *manager, char *buf, size_t bufsz, struct crm_err *e);

/*
 * The first instant of the local month of now and of the next month, as
 * stored timestamps, into from and to (bufsz >= 21 each).  -1 when the
 * date cannot be computed.
 */
int crm_month_bounds(time_t now, char *from, char *to, size_t bufsz);

/* period.c: periods a person types, as local dates and stored bounds */

enum crm_period_kind {
	CRM_PERIOD_DAY,
	CRM_PERIOD_WEEK,	/* ISO week, Monday to Sunday */
	CRM_PERIOD_MONTH,
	CRM_PERIOD_QUARTER,
	CRM_PERIOD_RANGE,	/* FROM..TO, whole days */
};

/* A period: its days in the local time zone and its instants [from, to). */
struct crm_period {
	enum crm_period_kind kind;
	char label[32];		/* canonical: 2026-11-27, 2026-W48, 2026-11,
				   2026-Q4, 2026-11-01..2026-11-15 */
	char first[11];		/* local date of the first day */
	char last[11];		/* local date of the last day */
	char from[21];		/* stored form of local midnight of first */
	char to[21];		/* stored form of midnight after last */
	time_t start, end;	/* the same instants */
};

/*
 * Parse a period as a person types it, relative to now, in the local
 * time zone (TZ): today, yesterday, week, last-week, month, last-month,
 * quarter, last-quarter, 2026-11, 2026-W47, 2026-Q4, 2026-11-27 and
 * FROM..TO (two dates, both days included).  CRM_OK with *p, or
 * CRM_EINPUT with a reason.
 */
int crm_period_parse(const char *s, time_t now, struct crm_period *p,
    struct crm_err *e);

/* The period of kind that holds now (a range: today).  CRM_OK or CRM_EINPUT. */
int crm_period_current(enum crm_period_kind kind, time_t now,
    struct crm_period *p, struct crm_err *e);

/* The period of kind that holds the local date "YYYY-MM-DD". */
int crm_period_at(enum crm_period_kind kind, const char *date,
    struct crm_period *p, struct crm_err *e);

/* The name of kind ("day", "week", "month", "quarter", "range"), static. */
const char *crm_period_kind_name(enum crm_period_kind kind);

/* The kind a name names into *kind: CRM_OK, else CRM_EINPUT. */
int crm_period_kind_parse(const char *word, enum crm_period_kind *kind);

/* How much of p has passed at now, 0 to 1. */
double crm_period_elapsed(const struct crm_period *p, time_t now);

/* metric.c: what plans count, each a count or sum over indexed rows */

enum crm_metric {
	CRM_METRIC_CONTACTS_ADDED,	/* contacts created, by owner */
	CRM_METRIC_CALLS,		/* calls, by manager */
	CRM_METRIC_CALLS_COMPLETED,	/* calls with status completed */
	CRM_METRIC_MEETINGS_HELD,	/* meetings held, by start time */
	CRM_METRIC_DEALS_WON,		/* deals won, by closed_at */
	CRM_METRIC_REVENUE_WON,		/* their amounts, minor units of the
					   currency deal.currency */
	CRM_METRIC_COUNT
};

/* The name of m ("meetings_held"), static. */
const char *crm_metric_name(enum crm_metric m);

/* The words a counter line uses for m ("meetings held"), static. */
const char *crm_metric_words(enum crm_metric m);

/* The metric name names into *m: CRM_OK, else CRM_EINPUT with a reason. */
int crm_metric_parse(const char *name, enum crm_metric *m,
    struct crm_err *e);

/* Whether m is an amount of money (minor units), not a count. */
int crm_metric_is_money(enum crm_metric m);

/*
 * The value of m for manager (NULL: the whole team, every user's rows
 * and calls of no one) over stored timestamps [from, to), into *value.
 * Archived rows count: they happened.  Each statement reads an index
 * (by manager and time; the team's through the users table).
 */
int crm_metric_value(struct crm_db *db, enum crm_metric m,
    const char *manager, const char *from, const char *to, int64_t *value,
    struct crm_err *e);

/* Format a value of m: an integer, or "1234.50" for money.  Returns buf. */
char *crm_metric_format(enum crm_metric m, int64_t v, char *buf,
    size_t bufsz);

/*
 * Told one manager's value of a metric (manager NULL: calls of no one);
 * a status other than CRM_OK stops crm_metric_values with it.
 */
typedef int crm_metric_fn(void *arg, const char *manager, int64_t value,
    struct crm_err *e);

/*
 * The value of m for every manager with rows in [from, to), as
 * crm_metric_value counts it, in one grouped statement reading the same
 * index: fn is told each manager's value (managers without rows are not
 * told; calls of no one come with manager NULL, possibly 0).  The team's
 * value is the sum.
 */
int crm_metric_values(struct crm_db *db, enum crm_metric m, const char *from,
    const char *to, crm_metric_fn *fn, void *arg, struct crm_err *e);

/* plan.c: plans (targets) per manager or team, metric and period */

/* A plan to set; the text as typed. */
struct crm_plan_new {
	const char *manager;	/* a login; NULL, "" or "team": the team */
	const char *metric;	/* a metric name */
	const char *period;	/* a week, month or quarter as
				   crm_period_parse reads it */
	const char *target;	/* a whole number; an amount for money */
};

/*
 * Set plan p, relative to now: added, or its target changed when the
 * plan of that manager, metric and period exists (audited, entity
 * "plan": insert rows, or target old and new).  *id receives its id and
 * *res what happened.  CRM_EUSAGE for a value written wrong: an unknown
 * metric, a period that is not a week, month or quarter, a target that
 * is not a whole number or an amount, or is too large; CRM_EINPUT for a
 * manager who is not an active user.  Caller holds a transaction.
 */
int crm_plan_set(struct crm_db *db, const struct crm_plan_new *p, time_t now,
    int64_t *id, enum crm_import_result *res, struct crm_err *e);

/* Delete plan id, audited.  CRM_ENOTFOUND when none has it. */
int crm_plan_delete(struct crm_db *db, int64_t id, struct crm_err *e);

/* What crm_plan_list shows; NULL and 0 members do not narrow. */
struct crm_plan_query {
	int64_t id;			/* one plan */
	const char *manager;		/* a login, or "team" */
	const struct crm_period *period;	/* plans of this period; NULL:
					   of the week, month and quarter of
					   now */
	int64_t after_id;		/* with ids: only those > after_id */
};

/*
 * Write the plans matching q, relative to now, by manager (team first),
 * metric and period, to w (created with crm_plan_cols: id, manager
 * ("team" for the team), metric, period, target, done, percent): done is
 * the metric's value over the period now.
 */
int crm_plan_list(struct crm_db *db, const struct crm_plan_query *q,
    time_t now, struct crm_writer *w, long *count, struct crm_err *e);
extern const struct crm_col crm_plan_cols[];
extern const size_t crm_plan_ncols;

/* Told about one rejected input line (e->line says which). */
typedef void crm_plan_report_fn(void *arg, const struct crm_err *e);

/*
 * Set plans from CSV/TSV on fp (columns manager, metric, period,
 * target; an "error" column is ignored), each row as crm_plan_set does
 * in a savepoint.  Bad rows go to report (may be NULL) and are counted
 * in st->rejected; good rows are written.  Returns CRM_OK, CRM_EINPUT
 * for a bad header, CRM_EDB for a failure that ends the load.  Caller
 * holds a transaction and rolls back when it wants all or nothing.  Who
 * may is asked first; then an fp without records sets st->empty, with e
 * as crm_input_empty fills it.
 */
int crm_plan_load(struct crm_db *db, FILE *fp, int delim, time_t now,
    crm_plan_report_fn *report, void *arg, struct crm_import_stats *st,
    struct crm_err *e);

/*
 * The target of the plan of manager (NULL: the team) for metric m in
 * period p (a week, month or quarter) into *target; *found 0 when none.
 */
int crm_plan_target(struct crm_db *db, const char *manager,
    enum crm_metric m, const struct crm_period *p, int64_t *target,
    int *found, struct crm_err *e);

/* status.c: the dashboard of a manager and of the team */

/*
 * Write manager's dashboard at now to fp: each plan of the current
 * week, month and quarter as done/target, a bar of 20 cells (Unicode
 * blocks when bars, else # and .), the percentage and how far ahead or
 * behind the straight line to the period's end it is; today's agenda
 * (meetings, callbacks, tasks due); what is overdue; the gaps in the
 * manager's own contacts.  Indexed counts and short lists only.
 */
int crm_status_write(struct crm_db *db, const char *manager, time_t now,
    int bars, FILE *fp, struct crm_err *e);

/*
 * The plans of the current periods as rows to w (created with
 * crm_status_cols: manager, metric, period, target, done, percent,
 * expected, delta): manager's (NULL: every manager's and the team's).
 */
int crm_status_rows(struct crm_db *db, const char *manager, time_t now,
    struct crm_writer *w, struct crm_err *e);
extern const struct crm_col crm_status_cols[];
extern const size_t crm_status_ncols;

/*
 * The team's board to fp: one line per manager with plans (the team
 * first), each metric as done/target.
 */
int crm_status_team(struct crm_db *db, time_t now, FILE *fp,
    struct crm_err *e);

/* CRM_OK when login is a user (active or not), else CRM_ENOTFOUND. */
int crm_status_user(struct crm_db *db, const char *login,
    struct crm_err *e);

/*
 * manager's plans as one short line for a prompt, into buf: "M 6/10
 * D 5/10 C 120/200" (letters: A contacts_added, C calls, K calls
 * completed, M meetings held, D deals won, R revenue); without plans the
 * month's M, D and C counts alone.
 */
int crm_status_oneline(struct crm_db *db, const char *manager, time_t now,
    char *buf, size_t bufsz, struct crm_err *e);

/* report.c: supervisor reports: activity, plans, pipeline, data quality */

/* What the rows of a report's activity section are. */
enum crm_report_by {
	CRM_REPORT_BY_MANAGER,	/* one row per manager, and the team's */
	CRM_REPORT_BY_DAY,	/* one row per local day of the period */
	CRM_REPORT_BY_WEEK,	/* per ISO week, cut to the period */
	CRM_REPORT_BY_MONTH,	/* per month, cut to the period */
};

/* The sections of a report, as bits. */
#define CRM_REPORT_ACTIVITY	0x1
#define CRM_REPORT_PLAN		0x2
#define CRM_REPORT_PIPELINE	0x4
#define CRM_REPORT_QUALITY	0x8
#define CRM_REPORT_ALL		0xf

/* What a report shows. */
struct crm_report_query {
	const struct crm_period *period;
	enum crm_report_by by;
	const char *manager;	/* one login's figures; NULL: everyone's */
	unsigned sections;	/* CRM_REPORT_* bits; 0: all */
	time_t now;		/* what "overdue" and "now" are */
};

/* The word ("manager", "day", "week", "month") into *by: CRM_OK or CRM_EUSAGE. */
int crm_report_by_parse(const char *word, enum crm_report_by *by);

/*
 * A comma-separated list of section names (activity, plan, pipeline,
 * quality) into *sections.  CRM_OK, or CRM_EUSAGE with a reason.
 */
int crm_report_sections_parse(const char *list, unsigned *sections,
    struct crm_err *e);

struct crm_report;

/*
 * Compute the report q asks for: each figure of all managers with one
 * grouped statement over an index (per row of time with --by day, week
 * or month).  Archived records count; erased contacts' activities too.
 * On success *r is owned by the caller (crm_report_free).  CRM_ENOTFOUND
 * when q->manager is no user.
 */
int crm_report_run(struct crm_db *db, const struct crm_report_query *q,
    struct crm_report **r, struct crm_err *e);

/*
 * Write r to fp: as a table, one per section, for people; as CSV, TSV or
 * JSON one figure a row (crm_report_cols: section, period, manager,
 * metric, value, target, percent).
 */
int crm_report_write(const struct crm_report *r, enum crm_format f,
    FILE *fp, struct crm_err *e);
extern const struct crm_col crm_report_cols[];
extern const size_t crm_report_ncols;

/*
 * Write r to fp as one self-contained HTML page (UTF-8, inline CSS, bar
 * charts as inline SVG, no scripts, every value escaped).
 */
int crm_report_html(const struct crm_report *r, FILE *fp,
    struct crm_err *e);

/* The envelope of a report sent by mail. */
struct crm_report_mail {
	const char *const *to;	/* addresses, at least one */
	size_t nto;
	const char *subject;	/* NULL: "crm report <period>" */
};

/*
 * Write r to fp as a complete MIME message for sendmail -t: From the
 * acting user (their e-mail when known, else their login), To, Subject,
 * Date, a multipart/alternative body of the text tables and the HTML
 * page, quoted-printable, no line over 78 characters.  CRM_EUSAGE for a
 * bad address or a subject with a line break.
 */
int crm_report_email(struct crm_db *db, const struct crm_report *r,
    const struct crm_report_mail *m, FILE *fp, struct crm_err *e);

/* Free r (NULL is fine). */
void crm_report_free(struct crm_report *r);

/*
 * The records behind one figure of the report q asks for: metric (a
 * name crm_report_write prints) of manager (a login, "team" for all,
 * "(nobody)" for calls of no one), every field of each record, by id, in
 * the format c names (ids alone with -q).  *count (when not NULL)
 * receives their number, which equals the figure.  CRM_EUSAGE for an
 * unknown metric; CRM_ENOTFOUND for an unknown manager.
 */
int crm_report_rows(struct crm_db *db, const struct crm_report_query *q,
    const char *manager, const char *metric, const struct crm_common *c,
    FILE *out, long *count, struct crm_err *e);

/* task.c: follow-ups with due dates */

/* A task to add; contact_id 0 for none, assignee NULL for the actor. */
struct crm_task_new {
	int64_t contact_id;	/* resolved by the caller (crm_resolve) */
	const char *title;	/* required; trimmed */
	const char *assignee;	/* who must do it: an active user's login */
	const char *due;	/* stored-form timestamp, or NULL */
	int64_t call_id;	/* the call it came from (a callback), or 0 */
};

/*
 * Add task t, audited (one insert row per field set); created_by is the
 * acting user, who may differ from the assignee.  *id receives its id.
 * CRM_EINPUT for an empty title, a bad due time, or an assignee who is
 * not an active user; CRM_ENOTFOUND for an unknown contact or call.
 * Caller holds a transaction.
 */
int crm_task_add(struct crm_db *db, const struct crm_task_new *t,
    int64_t *id, struct crm_err *e);

/*
 * Mark task id done now, audited (done_at: old and new).  The task's
 * assignee is copied to assignee (when not NULL, bufsz >= 64).
 * CRM_ENOTFOUND for an unknown id; CRM_EINPUT "task 7 is already done".
 * Caller holds a transaction.
 */
int crm_task_done(struct crm_db *db, int64_t id, char *assignee,
    size_t bufsz, struct crm_err *e);

/* What crm_task_list shows; NULL and 0 members do not narrow. */
struct crm_task_query {
	int64_t id;		/* one task */
	const char *assignee;	/* a login */
	int64_t contact_id;
	int overdue;		/* not done and due before now */
	int today;		/* due within today's local date */
	int include_done;	/* done tasks too (else open ones only) */
};

/*
 * Write the tasks matching q, by due time (none last) then id, to w
 * (created with crm_task_cols: id, due, title, contact, contact_id,
 * assignee, done_at, created_by; NULL only counts).  *count (when not
 * NULL) receives the number of tasks.
 */
int crm_task_list(struct crm_db *db, const struct crm_task_query *q,
    struct crm_writer *w, long *count, struct crm_err *e);
extern const struct crm_col crm_task_cols[];
extern const size_t crm_task_ncols;

/* The number of open tasks of assignee, into *n. */
int crm_task_open_count(struct crm_db *db, const char *assignee, long *n,
    struct crm_err *e);

/* deal.c: sales opportunities moving through a pipeline of stages */

/* A deal to add; contact_id and company_id 0 for none (one is needed). */
struct crm_deal_new {
	const char *title;	/* required; trimmed */
	int64_t contact_id;	/* resolved by the caller (crm_resolve) */
	int64_t company_id;
	const char *manager;	/* an active user's login; NULL: the actor */
	int has_amount;
	int64_t amount;		/* minor units (cents), >= 0 */
	const char *currency;	/* 3 capital letters; NULL: deal.currency */
	const char *stage;	/* a stage or unique prefix; NULL: the first */
	const char *expected_close;	/* "YYYY-MM-DD", or NULL */
};

/*
 * Add deal d, audited (one insert row per field set); created_by is the
 * acting user, who may differ from the manager.  *id receives its id.
 * CRM_EINPUT for an empty title, no contact nor company, a bad currency,
 * an unknown or ambiguous stage, "lost" (which needs a reason: move it),
 * or a manager who is not an active user; CRM_ENOTFOUND for an unknown
 * contact or company.  Caller holds a transaction.
 */
int crm_deal_add(struct crm_db *db, const struct crm_deal_new *d,
    int64_t *id, struct crm_err *e);

/*
 * The stage of the pipeline (setting deal.stages) that word names: the
 * stage itself or a prefix of exactly one, copied to stage (bufsz >= 40).
 * CRM_EINPUT when none or several match.
 */
int crm_deal_stage(struct crm_db *db, const char *word, char *stage,
    size_t bufsz, struct crm_err *e);

/*
 * Move deal id to the stage word names (crm_deal_stage), audited (stage,
 * closed_at, lost_reason: old and new).  won and lost set closed_at;
 * lost needs a reason; another stage clears both.  The deal's manager is
 * copied to manager (when not NULL, bufsz >= 64).  CRM_ENOTFOUND for an
 * unknown id; CRM_EINPUT for a bad stage, no reason for lost, or the
 * stage the deal is at already.  Caller holds a transaction.
 */
int crm_deal_move(struct crm_db *db, int64_t id, const char *word,
    const char *reason, char *manager, size_t bufsz, struct crm_err *e);

/* What crm_deal_list shows; NULL and 0 members do not narrow. */
struct crm_deal_query {
	int64_t id;		/* one deal */
	const char *manager;	/* a login */
	const char *stage;	/* a stage name, exactly */
	int include_closed;	/* won and lost too (else open ones only) */
	int64_t contact_id;
	int64_t company_id;	/* the company's deals and its contacts' */
};

/*
 * Write the deals matching q, by expected close date (none last) then
 * id, to w (created with crm_deal_cols: id, stage, title, contact,
 * company, amount, currency, close, manager, closed_at, lost_reason,
 * created_by; NULL only counts).  An amount is written "1234.50".
 * *count (when not NULL) receives the number of deals.
 */
int crm_deal_list(struct crm_db *db, const struct crm_deal_query *q,
    struct crm_writer *w, long *count, struct crm_err *e);
extern const struct crm_col crm_deal_cols[];
extern const size_t crm_deal_ncols;

/*
 * Write the pipeline of manager's deals (everyone's when NULL) to w
 * (created with crm_pipeline_cols: stage, currency, count, amount): one
 * row per stage and currency, stages in pipeline order (a stage without
 * deals: one row, count 0), then stages no longer in the pipeline.
 */
int crm_deal_pipeline(struct crm_db *db, const char *manager,
    struct crm_writer *w, struct crm_err *e);
extern const struct crm_col crm_pipeline_cols[];
extern const size_t crm_pipeline_ncols;

/* The number of open deals (not won nor lost) of manager, into *n. */
int crm_deal_open_count(struct crm_db *db, const char *manager, long *n,
    struct crm_err *e);

/* money.c: exact amounts */

/*
 * Parse s, a non-negative decimal with at most 2 decimals, into minor
 * units (cents): "1234", "1234.5", "1,234.50", "1.234,50".
 * The rule: when both '.' and ',' occur, the last one is the decimal
 * mark and the other groups thousands; a mark that occurs once alone is
 * the decimal mark; one that occurs several times groups thousands.
 * Groups of thousands are 3 digits (the first 1 to 3).
 * So "1,234" is 1.234 (3 decimals: rejected) and "1,234,567" a million.
 * CRM_EUSAGE with a message on anything else, and on an amount above
 * CRM_MONEY_MAX: the sum of nine million deals of that amount (every
 * total, pipeline, revenue and plan figure) still fits in int64 cents.
 */
int crm_money_parse(const char *s, int64_t *minor, struct crm_err *e);

/* The largest amount, as typed and as minor units. */
#define CRM_MONEY_MAX_TEXT	"9999999999.99"
#define CRM_MONEY_MAX		INT64_C(999999999999)

/*
 * done as a percentage of target, rounded down, without overflow for
 * any two int64 values; 0 when target is not positive.
 */
int64_t crm_percent(int64_t done, int64_t target);

/* Format minor units as "1234.50" into buf (>= 24 bytes); returns buf. */
char *crm_money_format(int64_t minor, char *buf, size_t bufsz);

/* Whether s is a currency code: 3 capital letters A-Z. */
int crm_currency_valid(const char *s);

/* settings.c: settings, validated */

/* A setting the suite knows: its key, default and what it means. */
struct crm_setting {
	const char *key;
	const char *def;	/* default value, or NULL for unset */
	const char *help;
	int (*check)(const char *value, struct crm_err *e);
};

/* The known settings, NULL-key terminated. */
extern const struct crm_setting crm_settings[];

/*
 * Get the value of key into a malloc'd *value (the default when unset,
 * NULL when it has none).  Unknown key: CRM_EUSAGE.
 */
int crm_setting_get(struct crm_db *db, const char *key, char **value,
    struct crm_err *e);

/*
 * Set key to value after checking it, audited.  Caller holds a
 * transaction.  CRM_EUSAGE for an unknown key or a value not valid for
 * it (both typed on the command line).
 */
int crm_setting_set(struct crm_db *db, const char *key, const char *value,
    struct crm_err *e);

/* Remove key's value (back to its default), audited. */
int crm_setting_unset(struct crm_db *db, const char *key, struct crm_err *e);

/*
 * Write all known settings as rows (key, value, default, description) to
 * w, created with crm_setting_cols.
 */
int crm_setting_list(struct crm_db *db, struct crm_writer *w,
    struct crm_err *e);
extern const struct crm_col crm_setting_cols[];
extern const size_t crm_setting_ncols;

/* user.c: users and their roles */

/* What crm_user_deactivate moved: contacts, companies, open deals,
 * planned meetings, open tasks, in that order. */
struct crm_reassigned {
	long n[5];
};

/*
 * Deactivate user login (admins only; not oneself): it can no longer use
 * the base.  With to, its clients and open work move to that active user
 * first, each move audited as "reassign" in one batch.  Caller holds a
 * transaction.
 */
int crm_user_deactivate(struct crm_db *db, const char *login,
    const char *to, struct crm_reassigned *r, struct crm_err *e);

/* The roles a user can have. */
extern const char *const crm_roles[];

/*
 * Add user login with field=value pairs (name, email, role, extension,
 * active); role defaults to manager.  Caller holds a transaction.
 * CRM_EUSAGE for a login, field or value that is not well-formed (typed
 * on the command line), CRM_EINPUT for an existing login.
 */
int crm_user_add(struct crm_db *db, const char *login,
    const char *const *names, const char *const *values, size_t n,
    struct crm_err *e);

/*
 * CRM_OK when the acting user may add and change users (an admin), else
 * CRM_EPERM saying so: asked before reading any input.
 */
int crm_user_may_manage(struct crm_db *db, struct crm_err *e);

/* Change fields of user login, audited; CRM_ENOTFOUND when unknown. */
int crm_user_set(struct crm_db *db, const char *login,
    const char *const *names, const char *const *values, size_t n,
    struct crm_err *e);

/*
 * Add user login, or change it when it exists, as one step: a failure
 * leaves the base as it was (a savepoint inside the caller's transaction).
 * *added tells which happened.  Made for bulk input, so the output of
 * crm_user_list reads back in: an id column is ignored, and the stamps
 * (created_at, created_by, updated_at, updated_by) of a known user must
 * be what is stored (else CRM_EINPUT), a new user's are ignored; with
 * restore (an admin restoring a backup) they are written as given,
 * audited as "restore".
 */
int crm_user_upsert(struct crm_db *db, const char *login,
    const char *const *names, const char *const *values, size_t n,
    int restore, int *added, struct crm_err *e);

/*
 * 1 when name is a column bulk user input may have: a field, login, or a
 * column of crm_user_cols that crm_user_upsert skips.
 */
int crm_user_column_known(const char *name);

/* Write all users (crm_user_cols) to w, by login. */
int crm_user_list(struct crm_db *db, struct crm_writer *w,
    struct crm_err *e);
extern const struct crm_col crm_user_cols[];
extern const size_t crm_user_ncols;

/* Check a login name: 1..32 of [a-z0-9._-], starting with a letter/digit. */
int crm_login_valid(const char *login);

/* meeting.c: meetings with clients: planned, then held, cancelled, missed */

/*
 * A meeting to add.  Text is trimmed here; NULL and "" are "not given".
 * The minimum data set: a date and time, a topic, the contact's first and
 * last name and a phone or e-mail on record, and a result once held.
 */
struct crm_meeting_new {
	int64_t contact_id;	/* resolved by the caller (crm_resolve) */
	const char *topic;	/* required */
	const char *at;		/* required, stored form (crm_meeting_time) */
	long duration;		/* minutes, 1..1440; 0: not given */
	const char *location;
	const char *status;	/* planned, held, cancelled, no_show; NULL:
				   held when there is a result, else planned */
	const char *result;	/* required when held; none when planned */
	const char *manager;	/* an active user's login; NULL: the load's */
};

/*
 * When a meeting starts, as a person types it (crm_date_parse, relative
 * to now), in stored form into buf (>= 21 bytes).  A date without a time
 * of day ("2026-12-01", "tomorrow", "fri", "+2d") is CRM_EINPUT: a
 * meeting needs one.  CRM_OK or CRM_EINPUT with a reason.
 */
int crm_meeting_time(const char *typed, time_t now, char *buf, size_t bufsz,
    struct crm_err *e);

/*
 * A length as typed: minutes "90", "90m", "90min", or hours "1h", "1h30"
 * (1 minute to 1440, a day) into *minutes.  CRM_OK or CRM_EINPUT.
 */
int crm_meeting_duration(const char *typed, long *minutes,
    struct crm_err *e);

/*
 * The status word names: planned, held, cancelled or no_show, an alias
 * (done, canceled, no-show) or a unique prefix, any case.  *status gets
 * the static name.  CRM_OK or CRM_EINPUT.
 */
int crm_meeting_status(const char *word, const char **status,
    struct crm_err *e);

/* Meetings being added, one or many, with their statements prepared once. */
struct crm_meeting_load;

/*
 * Start adding meetings inside a write transaction the caller began.
 * manager is the manager of a meeting that names none (NULL: the actor).
 * With source NULL every meeting is audited one row per field; else the
 * meetings form one audited batch from source (crm_audit_batch_open).
 * On success *ld is owned by the caller (crm_meeting_load_free).
 */
int crm_meeting_load_open(struct crm_meeting_load **ld, struct crm_db *db,
    const char *manager, const char *source, struct crm_err *e);

/*
 * Check meeting m and add it: the minimum data set above, a known status,
 * a result only when held (a note when cancelled or no_show), a held or
 * no_show meeting not after now, an active manager.  The same contact,
 * start and topic is the same meeting: identical, it is CRM_UNCHANGED
 * (not added again); with other details, rejected.  created_by is the
 * acting user.
 * Returns CRM_OK with *res and *id; CRM_EINPUT when m is rejected (e says
 * why; nothing written); CRM_ENOTFOUND for an unknown contact; CRM_EDB
 * for a failure that ends the load.
 */
int crm_meeting_load_add(struct crm_meeting_load *ld,
    const struct crm_meeting_new *m, int64_t *id,
    enum crm_import_result *res, struct crm_err *e);

/*
 * Name the columns of bulk input rows: contact (or contact_id), topic and
 * at, then any of status, result, duration, location, manager; id,
 * created_by, error (a rejects file) and the contact's name beside a
 * contact_id (crm_meeting_cols read back in) are ignored.  CRM_EINPUT for
 * an unknown, repeated or missing column.
 */
int crm_meeting_load_columns(struct crm_meeting_load *ld,
    const char *const *names, size_t ncols, struct crm_err *e);

/*
 * Add the meeting of one row of text values in the order of the columns:
 * the contact resolved as crm_resolve does (it must match one contact),
 * at as crm_meeting_time reads it, status, duration as typed, then
 * crm_meeting_load_add.  Every fault of the row, an unknown or ambiguous
 * contact too, is CRM_EINPUT; CRM_EDB ends the load.
 */
int crm_meeting_load_row(struct crm_meeting_load *ld,
    const char *const *vals, int64_t *id, enum crm_import_result *res,
    struct crm_err *e);

/*
 * The meeting the last successful add or row wrote (or found unchanged),
 * as crm_meeting_cols values, owned by ld until the next one.
 */
const char *const *crm_meeting_load_record(const struct crm_meeting_load *ld);

/* Count a row the caller rejected before it reached the load. */
void crm_meeting_load_reject(struct crm_meeting_load *ld);

/*
 * Finish: close the batch (when there is one) with the counts, and fill
 * *st.  The caller then commits or rolls back.
 */
int crm_meeting_load_finish(struct crm_meeting_load *ld,
    struct crm_import_stats *st, struct crm_err *e);

/* Free ld (NULL is fine). */
void crm_meeting_load_free(struct crm_meeting_load *ld);

/*
 * Record the outcome of planned meeting id: status held (result
 * required, the meeting started by now, the contact still has a name and
 * a phone or e-mail), cancelled or no_show (not before it starts; result
 * an optional note).  Audited (status, result: old and new).  The
 * meeting's manager is copied to manager (when not NULL, bufsz >= 64).
 * CRM_ENOTFOUND for an unknown id; CRM_EINPUT for a meeting no longer
 * planned or a missing result.  Caller holds a transaction.
 */
int crm_meeting_outcome(struct crm_db *db, int64_t id, const char *status,
    const char *result, char *manager, size_t bufsz, struct crm_err *e);

/* Which start times crm_meeting_list shows, in the local time zone. */
enum crm_meeting_period {
	CRM_MEET_ANY,		/* every time */
	CRM_MEET_AHEAD,		/* from the start of today on */
	CRM_MEET_TODAY,		/* today */
	CRM_MEET_WEEK,		/* this week, Monday to Sunday */
};

/* What crm_meeting_list shows; NULL and 0 members do not narrow. */
struct crm_meeting_query {
	int64_t id;		/* one meeting (the rest is ignored) */
	int64_t contact_id;	/* a contact's meetings */
	const char *manager;	/* a login */
	enum crm_meeting_period period;
	int overdue;		/* planned, starting before now, no result */
};

/*
 * Write the meetings matching q, by start time then id, to w (created
 * with crm_meeting_cols: id, at, duration, topic, contact, contact_id,
 * status, result, location, manager, created_by; NULL only counts).
 * Every query reads an index: meetings_manager with a manager,
 * meetings_contact with a contact, else meetings_at.  *count (when not
 * NULL) receives the number of meetings.
 */
int crm_meeting_list(struct crm_db *db, const struct crm_meeting_query *q,
    struct crm_writer *w, long *count, struct crm_err *e);
extern const struct crm_col crm_meeting_cols[];
extern const size_t crm_meeting_ncols;

/* picklist.c: lists of words a setting holds (statuses, stages) */

/*
 * Check v as the value of setting key: 2..20 comma-separated items, each
 * a distinct word of [a-z_] (with aliases: "name=alias|alias"), among
 * them every word of required (NULL-terminated; may be NULL).  CRM_EINPUT
 * with a message naming key.
 */
int crm_picklist_check(const char *key, const char *v, int aliases,
    const char *const *required, struct crm_err *e);

/* The names of list v without their aliases, comma separated (malloc'd). */
char *crm_picklist_names(const char *v);

/*
 * The item of the list in setting key that word selects: its name, one
 * of its aliases, or a prefix of exactly one item's name or aliases.
 * The name is copied to out.  CRM_EUSAGE, calling it a what, when none
 * or several match ("call status "c" is ambiguous (completed, callback);
 * give more letters"): a word typed on the command line that is not in
 * the list is a usage error; a reader of rows rejects the row.
 */
int crm_pick(struct crm_db *db, const char *key, const char *what,
    const char *word, char *out, size_t bufsz, struct crm_err *e);

/* call.c: calls logged one at a time, linked to contacts, listed */

/* A call to log; NULL and 0 members take the defaults. */
struct crm_call_new {
	int64_t contact_id;	/* the contact, or 0 (crm_call_party) */
	const char *number;	/* as stored (E.164); NULL: the contact's
				   phone */
	const char *status;	/* as typed: a name, alias or unique prefix
				   of the setting call.statuses (crm_pick) */
	const char *at;		/* stored-form timestamp; NULL: now */
	int inbound;		/* 1: they called; 0: we called */
	long duration;		/* seconds talked; -1: not known */
	const char *manager;	/* an active user's login; NULL: the actor */
	const char *note;	/* trimmed; empty means none */
	const char *due;	/* status callback: when its task is due
				   (stored form); NULL: call.callback_minutes
				   after at */
};

/*
 * Add call c, audited (one insert row per field set); created_by is the
 * acting user, who may differ from the manager.  Status callback also
 * adds a callback task (crm_task_add) for the manager, linked to the call
 * and to its contact, titled "call back <contact name or number>".  *id
 * receives the call's id, *task_id (when not NULL) the task's or 0.
 * CRM_EINPUT for an unknown or ambiguous status, a bad time or duration,
 * a bad note, no contact nor number, a manager who is not an active
 * user; CRM_EUSAGE for a due time with a status other than callback;
 * CRM_ENOTFOUND for an unknown contact.  Caller holds a transaction.
 */
int crm_call_add(struct crm_db *db, const struct crm_call_new *c,
    int64_t *id, int64_t *task_id, struct crm_err *e);

/*
 * Who a person called, from what they typed: a contact's id; the one
 * active contact with a whole e-mail address; when term is written like
 * a whole phone number (7 or more digits, with + ( ) . - / or spaces) and
 * normalises (phone.default_country), the contact with that phone or,
 * when none has it, no contact (*contact_id 0) and the E.164 number
 * copied to number (numsz >= 17); else a contact resolved as crm_resolve
 * does (candidates written to out when several match: CRM_ENOTFOUND, as
 * for none).  Each lookup but crm_resolve's reads one index.  Only
 * contacts the actor may see are found (crm_resolve); a whole number
 * that only contacts they may not see have is CRM_ENOTFOUND "number ...
 * belongs to another manager's client", not a call to no one.
 */
int crm_call_party(struct crm_db *db, const char *term, int64_t *contact_id,
    char *number, size_t numsz, const struct crm_common *c, FILE *out,
    struct crm_err *e);

/*
 * Link call id to contact contact_id, and with it every other call to the
 * same number that no contact has (calls logged before the contact was
 * added) and that the actor sees or no extension claimed, and the
 * callback tasks of those calls that have no contact; audited.  *ids
 * receives the ids of the calls linked, in order (malloc'd: the caller
 * frees), *n their number; the manager of call id is copied to manager
 * ("" when none; bufsz >= 64).  CRM_ENOTFOUND for an unknown call or
 * contact, or one the actor may not see; CRM_EPERM for a call linked to
 * a client the actor may not see; CRM_EINPUT when nothing changes.
 * Caller holds a transaction.
 */
int crm_call_link(struct crm_db *db, int64_t id, int64_t contact_id,
    int64_t **ids, size_t *n, char *manager, size_t bufsz,
    struct crm_err *e);

/* What crm_call_list shows; NULL and 0 members do not narrow. */
struct crm_call_query {
	int64_t id;		/* one call */
	const char *manager;	/* a login */
	int64_t contact_id;
	int today;		/* within today's local date */
	int week;		/* within this local week, from Monday */
	int unlinked;		/* linked to no contact */
};

/*
 * Write the calls matching q, oldest first (unlinked ones by number,
 * then time), to w (created with crm_call_cols: id, at, direction,
 * number, contact, contact_id, manager, extension, status, duration,
 * note, created_by; NULL only counts).  Each filter is answered from an
 * index.  *count (when not NULL) receives the number of calls.
 */
int crm_call_list(struct crm_db *db, const struct crm_call_query *q,
    struct crm_writer *w, long *count, struct crm_err *e);
extern const struct crm_col crm_call_cols[];
extern const size_t crm_call_ncols;

/*
 * A duration as typed: seconds ("90"), "m:ss" ("1:30") or "h:mm:ss", at
 * most a day, into *seconds.  CRM_EINPUT with a reason otherwise.
 */
int crm_call_duration(const char *s, long *seconds, struct crm_err *e);

/* cdr.c: telephony call records, imported and classified */

/* The kinds of call record crm_cdr_import reads. */
enum crm_cdr_kind {
	CRM_CDR_ASTERISK,	/* cdr_csv Master.csv: no header */
	CRM_CDR_CSV,		/* CSV with a header: time, direction, number,
				   extension, duration, disposition, id, note */
};

/* The kind a word names ("asterisk", "csv"); CRM_EUSAGE otherwise. */
int crm_cdr_kind(const char *word, enum crm_cdr_kind *kind,
    struct crm_err *e);

/* What an import did, for its summary line. */
struct crm_cdr_stats {
	long added;		/* calls added */
	long existing;		/* already there (same source id) */
	long internal;		/* between two extensions: skipped */
	long rejected;		/* bad records, reported */
	long unassigned;	/* kept with no manager, reported */
	long tasks;		/* callback tasks added */
	int committed;		/* 0: nothing written (none added, or atomic) */
	int empty;		/* no records at all (crm_input_empty) */
};

/*
 * Told about one input line: a record rejected (e->code CRM_EINPUT) or
 * kept with a warning (CRM_OK); e->line says which.
 */
typedef void crm_cdr_report_fn(void *arg, const struct crm_err *e);

/*
 * Import the call records of kind on fp (delim: 0 for ',' or the
 * header's), streaming, in one write transaction of its own with one
 * audited batch (entity "call"), nothing written when no call is added.
 * Each record is classified: the extension's user is the manager, the
 * side that is an extension gives the direction, the other side is the
 * number (normalised) and its contact; the disposition gives the status;
 * a missed inbound call becomes a callback task (man/crm-call.1 has the
 * rules).  source_id makes a record imported twice a no-op.  report
 * (may be NULL) is told about each rejected record and each warning.
 * With atomic, a rejected record leaves the base as it was.  Returns
 * CRM_OK with *st filled (records may have been rejected; st->committed
 * says whether anything was written), CRM_EINPUT for a bad header,
 * CRM_EDB on a failure that ends the import (nothing written).  Who may
 * import is asked first; then an fp without records sets st->empty, with
 * e as crm_input_empty fills it.
 */
int crm_cdr_import(struct crm_db *db, enum crm_cdr_kind kind, FILE *fp,
    int delim, int atomic, crm_cdr_report_fn *report, void *arg,
    struct crm_cdr_stats *st, struct crm_err *e);

/*
 * The summary of st as one line, without newline: "calls: 120 added, 3
 * already there, 2 internal skipped, 1 rejected; callback tasks: 7".
 */
void crm_cdr_summary(const struct crm_cdr_stats *st, char *buf,
    size_t bufsz);

/* check.c: data-quality problems, a score per owner, the safe fixes */

/*
 * The problem codes, sorted, NULL-terminated (man/crm-check.1 says what
 * each means): missing data, bad or unnormalised phones and e-mails,
 * duplicates, meetings without result or still planned in the past,
 * overdue callbacks and tasks, untouched contacts, deals past close.
 */
extern const char *const crm_check_problems[];

/* CRM_OK when code is one of crm_check_problems, else CRM_EUSAGE. */
int crm_check_problem(const char *code, struct crm_err *e);

/* What the checks look at; NULL and 0 members do not narrow. */
struct crm_check_query {
	const char *owner;	/* a login: the records owned, managed or
				   assigned */
	const char *const *problems;	/* NULL-terminated codes */
	int ids_only;		/* crm_check_list writes the id alone (-q) */
};

/*
 * Write the problems q selects, sorted by entity, problem and id, one row
 * each, to w (created with crm_check_cols: entity, id, owner, problem,
 * detail; or with one id column when q->ids_only; NULL only counts).
 * Archived and erased records are skipped.  Each check is one set-based
 * statement.  *count (when not NULL) receives the number of problems.
 */
int crm_check_list(struct crm_db *db, const struct crm_check_query *q,
    struct crm_writer *w, long *count, struct crm_err *e);
extern const struct crm_col crm_check_cols[];
extern const size_t crm_check_ncols;

/*
 * Write one row per owner of records (crm_check_summary_cols: owner,
 * records, problems, score) to w, by owner: the records the checks read,
 * the problems q selects among them, and the score, the percentage of
 * the records without a problem rounded down.  *count (when not NULL)
 * receives the number of problems in all.
 */
int crm_check_summary(struct crm_db *db, const struct crm_check_query *q,
    struct crm_writer *w, long *count, struct crm_err *e);
extern const struct crm_col crm_check_summary_cols[];
extern const size_t crm_check_summary_ncols;

/* Told about one change crm_check_fix made. */
typedef void crm_check_fix_fn(void *arg, const char *entity, int64_t id,
    const char *field, const char *old_value, const char *new_value);

/*
 * Apply the safe fixes among the problems q selects: phones and e-mails
 * stored unnormalised that normalise cleanly are set to their normalised
 * form.  Audited one row per field (old and new) in one batch per entity
 * ("fix", source "crm-check --fix").  report (may be NULL) is told each
 * change; *fixed receives their number.  Caller holds a transaction.
 */
int crm_check_fix(struct crm_db *db, const struct crm_check_query *q,
    crm_check_fix_fn *report, void *arg, long *fixed, struct crm_err *e);

/* complete.c: values for shell completion */

/*
 * Write the values of kind (owners, logins, tags, companies, contacts:
 * words of the contacts' search index, settings, roles, statuses:
 * call.statuses, stages: deal.stages) that start with
 * prefix to out, one a line, at most 200: each from an index or a small
 * table, fast on any size of base.  db may be NULL for settings, roles,
 * statuses and stages (the defaults).
 */
int crm_complete(struct crm_db *db, const char *kind, const char *prefix,
    FILE *out, struct crm_err *e);

/*
 * What a binary does when given the hidden --complete=KIND: open the
 * base (never creating one: no base, no values) and write the values to
 * out.  Returns the exit status; prints no messages, as shells show them.
 */
int crm_complete_run(const struct crm_common *c, FILE *out);

/* options.c: the options every binary shares */

/* Values of the shared options, filled by crm_common_argp. */
struct crm_common {
	const char *db;		/* --db */
	enum crm_format format;	/* --format, or the default for stdout */
	int format_given;
	unsigned formats;	/* set by the binary before parsing: the
				   formats it writes beyond CRM_FMTS_PLAIN
				   (CRM_FMT_BIT of each); 0 for none */
	int quiet;		/* -q: ids only */
	int delimiter;		/* --delimiter: 0 = detect */
	const char *complete;	/* hidden --complete=KIND, for completion */
	const char *complete_prefix;	/* hidden --complete-prefix */
};

/*
 * The shared options as an argp child.  Its input must be a struct
 * crm_common (see crm_common_child).  Defaults: format table when stdout
 * is a terminal, csv otherwise.
 */
extern const struct argp crm_common_argp;

/*
 * Fill an argp_child for the shared options; the parent's parser passes
 * &common as the child's input in ARGP_KEY_INIT (state->child_inputs[0]).
 */
#define CRM_COMMON_CHILD { &crm_common_argp, 0, "Common options:", 100 }

/* The children of a binary whose only child is the shared options. */
extern const struct argp_child crm_common_children[];

/*
 * argp_parse with the suite's conventions: a usage error exits with status
 * 2 (CRM_EUSAGE), not argp's 64.
 */
int crm_argp_parse(const struct argp *argp, int argc, char **argv,
    void *input);

/* A command line of the form VERB [ARG...], as crm-config and crm-user take. */
struct crm_verb {
	const char *verb;
	char **rest;		/* the arguments after the verb */
	int nrest;
};

/*
 * For a binary's argp parser: take the first argument as the verb and
 * the rest as its arguments (default_verb when there are none).  Returns
 * 0, or ARGP_ERR_UNKNOWN for keys it does not handle.
 */
error_t crm_verb_parse(int key, char *arg, struct argp_state *state,
    struct crm_verb *v, const char *default_verb);

/*
 * Split "name=value" into a copy of the name (malloc'd) and a pointer to
 * the value within arg.  Returns CRM_EUSAGE when there is no '=' or the
 * name is empty.
 */
int crm_split_assignment(const char *arg, char **name, const char **value,
    struct crm_err *e);

/*
 * An argument that must be a positive decimal number (an id, a limit):
 * its value, or 0 with e set to the usage error (CRM_EUSAGE) "what "arg"
 * is not a positive number", or for digits past int64 "what "arg" is too
 * large (at most 9223372036854775807)".  Every binary's numeric arguments
 * go through here.
 */
int64_t crm_arg_positive(const char *what, const char *arg,
    struct crm_err *e);

/* privilege.c: a shared install, the binaries setgid to the base's group */

/*
 * 1 when the process runs with more rights than its user's own (a setgid
 * binary of "make install-shared"): the base is then the one compiled in,
 * and the rights serve only to open it.
 */
int crm_privileged(void);

/*
 * Give up the group's (or owner's) rights for good: effective and saved
 * ids back to the real ones.  crm_db_open calls it once the base is open;
 * anything that runs a program calls it first.  CRM_OK when there was
 * nothing to give up; CRM_EPERM when the rights could not be dropped.
 */
int crm_privilege_drop(struct crm_err *e);

/* uid.c: identifiers other tools keep for our records */

/*
 * The identity of the base in the UIDs other tools keep: a 64-bit hash
 * of when and by whom the base was created (its first user's row), the
 * same in every export of a base and different between bases.
 */
int crm_uid_base(struct crm_db *db, uint64_t *base, struct crm_err *e);

/*
 * Contact id's vCard UID, "urn:uuid:" and an RFC 9562 version 8 UUID of
 * the base's hash and the id (its last 12 hex digits), into buf (>= 46
 * bytes).
 */
void crm_uid_contact(uint64_t base, int64_t id, char *buf, size_t bufsz);

/* The contact id in a UID crm_uid_contact made for base, else 0. */
int64_t crm_uid_contact_id(uint64_t base, const char *uid);

/* Meeting id's iCalendar UID, "meeting-ID@crm-HASH", into buf (>= 64). */
void crm_uid_meeting(uint64_t base, int64_t id, char *buf, size_t bufsz);

/* mailfmt.c: lines for mail programs */

/*
 * Append the RFC 5322 mailbox "Name <address>" to out: the name on one
 * line, quoted when it holds more than atoms and spaces (UTF-8 as is,
 * RFC 6532), "<address>" alone when it is empty.  CRM_OK or CRM_EDB.
 */
int crm_mailbox(const char *name, const char *address, struct crm_buf *out);

/* mailing.c: who a mailing may go to */

/* What a mailing kept and left out, counted as its rows are written. */
struct crm_mailing {
	long kept;		/* written */
	long consent_no;	/* left out: marketing consent no */
	long consent_unknown;	/* left out: marketing consent unknown */
	long no_email;		/* left out: no e-mail address */
	int on;			/* 1: rows are checked (a mailing) */
	int consent_col;	/* the column checked for consent, or -1 */
	int email_col;		/* the column that needs an address, or -1 */
};

/*
 * The line that says what m left out and why, without the program name,
 * into buf: "3 contacts left out: no marketing consent (2 no, 1
 * unknown); --ignore-consent keeps them".  Returns 1, or 0 (buf "") when
 * nothing was left out.
 */
int crm_mailing_text(const struct crm_mailing *m, char *buf, size_t bufsz);

/* interop.c: records in other tools' formats */

/* The formats beyond the four that crm-export and crm-find write. */
#define CRM_FMTS_INTEROP (CRM_FMT_BIT(CRM_FMT_VCARD) | \
	CRM_FMT_BIT(CRM_FMT_ICS) | CRM_FMT_BIT(CRM_FMT_MUTT) | \
	CRM_FMT_BIT(CRM_FMT_EMAILS))

/* The options of the interchange formats, filled by crm_interop_argp. */
struct crm_interop {
	int vcard_version;	/* --vcard-version: 4 or 3; 0: not given (4) */
	const char *split;	/* --split DIR: a vCard file per contact */
	int for_mailing;	/* --for-mailing: consent yes only */
	int ignore_consent;	/* --ignore-consent: keep them all */
	int excel;		/* --excel: CSV for spreadsheets */
	int custom;		/* CSV, TSV, JSON: contacts' custom fields
				   as custom.NAME columns (crm_export
				   fills them; crm-export sets it) */
};

/*
 * The options as an argp child, its input a struct crm_interop
 * (state->child_inputs[1] after the shared options' child).
 */
extern const struct argp crm_interop_argp;
#define CRM_INTEROP_CHILD { &crm_interop_argp, 0, "Interchange formats:", 110 }

/*
 * Check that the format c names and the options o go with records of
 * ent, reading nothing: vCard, emails, mutt and mailings are of
 * contacts, ics of meetings; --split and --vcard-version go with vcard,
 * --excel with csv, --ignore-consent with a mailing.  CRM_EUSAGE with
 * the reason otherwise.
 */
int crm_interop_check(const struct crm_entity *ent,
    const struct crm_common *c, const struct crm_interop *o,
    struct crm_err *e);

/*
 * Open the writer of a listing of ent to fp in the format c names, its
 * header or calendar start not written yet (crm_export and crm_find
 * write it once the export is audited): the four plain formats as
 * crm_writer_open (-q: ids only), CSV for spreadsheets with o->excel,
 * vCard, iCalendar (its people read from db), emails or mutt.  A mailing
 * (o->for_mailing, emails, mutt) keeps only contacts with consent yes
 * (all with o->ignore_consent) and, for emails and mutt, an address;
 * m counts what it kept and left out until the writer ends.  On success
 * *w is the caller's (crm_writer_end); CRM_EUSAGE as crm_interop_check,
 * CRM_EDB or CRM_EPERM (a --split folder that cannot be made or written).
 */
int crm_interop_open(struct crm_writer **w, FILE *fp, struct crm_db *db,
    const struct crm_entity *ent, const struct crm_common *c,
    const struct crm_interop *o, struct crm_mailing *m, struct crm_err *e);

/* encoding.c: input in other encodings, converted to UTF-8 as it is read */

/*
 * Open a stream that reads fp converted from encoding (any name iconv
 * knows: "windows-1252", "latin1", "cp1251", "utf-16" ...) to UTF-8,
 * block by block, so memory stays flat.  "utf-16" and "utf-32" without
 * an endianness read a byte order mark, else the order the NUL bytes
 * beside the first characters show, else stop reading; so do a byte
 * order mark of another encoding than the one named and UTF-16 or
 * UTF-32 read as a single-byte encoding (crm_decode_error says why, and
 * every later read fails again).
 * A byte the encoding does not define reads as 0xFF, which no UTF-8
 * holds, so the reader rejects the record that has it.  On success *out
 * is the new stream (fclose frees it and leaves fp open).  CRM_EUSAGE
 * for an encoding iconv does not know.
 */
int crm_decode_open(FILE **out, FILE *fp, const char *encoding,
    struct crm_err *e);

/*
 * Whether the n bytes at p, the start of an input read without
 * --encoding, are UTF-16 or UTF-32: a byte order mark, or ASCII with a
 * NUL byte beside each character.  CRM_OK when not; else CRM_EINPUT, "the
 * input looks like UTF-16, not UTF-8: read it with --encoding utf-16",
 * the words every reader uses.
 */
int crm_decode_sniff(const void *p, size_t n, struct crm_err *e);

/* The encoding a stream of crm_decode_open reads, as named; else NULL. */
const char *crm_decode_encoding(FILE *fp);

/* The stream a stream of crm_decode_open reads; any other stream itself. */
FILE *crm_decode_source(FILE *fp);

/*
 * After a read error on fp: CRM_EINPUT with the reason when fp is a
 * decoding stream that refused its input, else CRM_EDB "read error".
 */
int crm_decode_error(FILE *fp, struct crm_err *e);

/*
 * The shared --encoding option: from now on stdin reads through
 * crm_decode_open, for every reader of the binary.  CRM_EUSAGE for an
 * unknown encoding or a second --encoding.
 */
int crm_decode_stdin(const char *encoding, struct crm_err *e);

/* custom.c: a contact's custom fields, what a file had no field for */

/* The longest custom field name. */
#define CRM_CUSTOM_NAME_MAX 63

/* One custom field of a row: a name and its value ("" or NULL: none). */
struct crm_custom {
	const char *name;
	const char *value;
};

/*
 * The custom field name of a header or property, into out: ASCII
 * letters in lower case, Latin letters without their accents
 * ("Teléfono" is telefono), digits, any other run of characters one '_'
 * ("E-mail 2 - Value" is e_mail_2_value), none at either end, at most
 * CRM_CUSTOM_NAME_MAX bytes.  CRM_EINPUT when nothing is left.
 */
int crm_custom_name(const char *text, char *out, size_t outsz,
    struct crm_err *e);

/* 1 when name is a custom field name as crm_custom_name makes them. */
int crm_custom_name_valid(const char *name);

struct crm_custom_store;

/* Statements for writing custom fields, prepared once (store_close). */
int crm_custom_store_open(struct crm_custom_store **cs, struct crm_db *db,
    struct crm_err *e);
void crm_custom_store_close(struct crm_custom_store *cs);

/*
 * Set the n custom fields cf of contact id: a value replaces the stored
 * one, an empty value deletes it.  Each change is audited as field
 * "custom.NAME" (old and new), "insert" for a contact added by this row
 * (added; none inside a batch, which stands for its new rows) or
 * "update".  A change to a contact that was there before is asked of
 * the access rules first, with owner its owner before the row
 * (CRM_EPERM: a manager changing personal data, or another's client).
 * *changed says whether anything changed.  Caller holds a transaction.
 */
int crm_custom_write(struct crm_custom_store *cs, int64_t id,
    const char *owner, const struct crm_custom *cf, size_t n, int added,
    int64_t batch, int *changed, struct crm_err *e);

/*
 * The columns of an export of ent that carries the custom fields: the
 * entity's, then "custom.NAME" for every custom field name in the base,
 * by name, in one malloc'd block (*cols; NULL and 0 when ent is not
 * contacts or there are none).  crm-add reads such columns back.
 */
int crm_custom_columns(struct crm_db *db, const struct crm_entity *ent,
    struct crm_col **cols, size_t *ncols, struct crm_err *e);

/*
 * Write the "Custom fields" section of contact id's card to fp, one
 * "name: value" line each by name; nothing when it has none.
 */
int crm_custom_card(struct crm_db *db, int64_t id, FILE *fp,
    struct crm_err *e);

/*
 * (import.c) The custom fields of the row the next crm_import_row
 * writes, written after it with crm_custom_write (a row they change is
 * CRM_UPDATED); cf must stay valid until then.  For contacts.
 */
void crm_import_custom(struct crm_import *im, const struct crm_custom *cf,
    size_t n);

/* fieldmap.c: other tools' columns onto a record's fields */

struct crm_fieldset;

/*
 * A field set assembles one record of ent at a time from values sent to
 * targets: a field, "custom.NAME" or "full_name" (split into first and
 * last name when those are empty), each in a slot (the second phone,
 * the home address).  Phones and e-mails keep every value: the first is
 * the field, the others custom fields phone_2, phone_3 ...; other
 * targets join the values of a slot with ", ", and the value of a later
 * slot becomes NAME_2 ....  A slot's label goes to NAME_label,
 * NAME_2_label ....  Owned by the caller (crm_fieldset_free).
 */
int crm_fieldset_new(struct crm_fieldset **fs, const struct crm_entity *ent,
    struct crm_err *e);
void crm_fieldset_free(struct crm_fieldset *fs);

/*
 * The index of target name (added when new; a field adds to the fields
 * the rows hold), or -1 with CRM_EUSAGE in e for no such field.
 */
int crm_fieldset_target(struct crm_fieldset *fs, const char *name,
    struct crm_err *e);

/* The names of the fields rows hold, for crm_import_begin (owned by fs). */
size_t crm_fieldset_nfields(const struct crm_fieldset *fs);
const char *const *crm_fieldset_fields(const struct crm_fieldset *fs);

/* Start a record. */
void crm_fieldset_clear(struct crm_fieldset *fs);

/* The values and labels one record may hold. */
#define CRM_FIELDSET_MAX_VALUES 4096

/*
 * Add the len bytes of value (trimmed; empty adds nothing) to target in
 * slot, or a label of that slot.  CRM_OK, CRM_EINPUT when the record
 * holds CRM_FIELDSET_MAX_VALUES already, or CRM_EDB.
 */
int crm_fieldset_add(struct crm_fieldset *fs, int target, int slot,
    const char *value, size_t len);
int crm_fieldset_label(struct crm_fieldset *fs, int target, int slot,
    const char *label);

/*
 * The record: *vals the values of the fields ("" for none), *cf the
 * custom fields (a custom target a column names with no value: "" to
 * clear it); owned by fs until the next record.  CRM_EINPUT for a
 * record that cannot be kept (a custom field given twice, too long).
 */
int crm_fieldset_row(struct crm_fieldset *fs, const char *const **vals,
    const struct crm_custom **cf, size_t *ncf, struct crm_err *e);

/* How crm_fieldmap_new maps a header. */
struct crm_fieldmap_opts {
	const char *from;		/* a ready-made map, or NULL */
	const char *const *maps;	/* --map values: COLUMN=TARGET,... */
	size_t nmaps;
	int keep_unknown;		/* keep unknown columns as custom
					   fields, else refuse them */
};

/* The ready-made maps (--from): "google", "outlook"; NULL-terminated. */
extern const char *const crm_fieldmap_presets[];

/*
 * Check o for ent before any input is read: the ready-made map exists,
 * each --map value is COLUMN=TARGET (commas separate them, a backslash
 * escapes , = and \) with TARGET a field of ent, custom.NAME, full_name
 * or "-" (leave the column out).  CRM_EUSAGE naming what is wrong.
 */
int crm_fieldmap_check(const struct crm_entity *ent,
    const struct crm_fieldmap_opts *o, struct crm_err *e);

struct crm_fieldmap;

/*
 * The map of the ncols columns of a CSV header: each column goes where
 * --map says (by name, ASCII case aside), else where the ready-made map
 * says, else to the field of its name (crm_entity_field), else to a
 * custom field of its name with keep_unknown; else CRM_EINPUT (unknown
 * column).  A column "error" (a rejects file) is left out.  CRM_EUSAGE
 * for a --map column the header lacks.  Owned by the caller
 * (crm_fieldmap_free).
 */
int crm_fieldmap_new(struct crm_fieldmap **m, const struct crm_entity *ent,
    const struct crm_fieldmap_opts *o, const char *const *cols, size_t ncols,
    struct crm_err *e);
void crm_fieldmap_free(struct crm_fieldmap *m);

/* The fields the mapped rows hold, for crm_import_begin (owned by m). */
size_t crm_fieldmap_nfields(const struct crm_fieldmap *m);
const char *const *crm_fieldmap_fields(const struct crm_fieldmap *m);

/*
 * Map one row of values (one a column) into the fields' values and the
 * custom fields, as crm_fieldset_row hands them out.
 */
int crm_fieldmap_row(struct crm_fieldmap *m, const char *const *in,
    const char *const **vals, const struct crm_custom **cf, size_t *ncf,
    struct crm_err *e);

/*
 * The ready-made map whose export the header looks like ("google",
 * "outlook"), or NULL: for a hint when its columns are refused.
 */
const char *crm_fieldmap_guess(const char *const *cols, size_t ncols);

/* vcardin.c: contacts from vCard 2.1, 3.0 and 4.0 */

struct crm_vcard_reader;

/* One card read: its fields (crm_vcard_fields order) and custom fields. */
struct crm_vcard {
	const char *const *vals;
	const struct crm_custom *custom;
	size_t ncustom;
	long line;		/* where its BEGIN:VCARD is */
};

/*
 * Read vCards from fp (streaming: one card in memory at a time).  With
 * keep_unknown, properties that have no field are kept as custom fields
 * (BDAY as bday, X-SKYPE as x_skype); without it a card that has one is
 * rejected.  On success *r is the caller's (crm_vcard_close).
 */
int crm_vcard_open(struct crm_vcard_reader **r, FILE *fp,
    const struct crm_entity *ent, int keep_unknown, struct crm_err *e);

/* The contact fields a card fills, for crm_import_begin (owned by r). */
size_t crm_vcard_nfields(const struct crm_vcard_reader *r);
const char *const *crm_vcard_fields(const struct crm_vcard_reader *r);

/*
 * Read the next card into *card (owned by r until the next call).
 * Returns 1 for a good card, 0 at the end of input, -1 for a bad card (e
 * says why and e->line where; reading goes on with the next card), -2
 * for a failure that ends reading.
 */
int crm_vcard_next(struct crm_vcard_reader *r, struct crm_vcard *card,
    struct crm_err *e);

/*
 * Write the card last read to fp as it was read (its lines folded as
 * they were), with the line "X-CRM-ERROR:error" before its END:VCARD:
 * a rejects file to fix and read again (the reader skips X-CRM-ERROR).
 * CRM_OK, or CRM_EDB on a write error.
 */
int crm_vcard_reject(const struct crm_vcard_reader *r, FILE *fp,
    const char *error);

/* Free r (NULL is fine); fp stays open. */
void crm_vcard_close(struct crm_vcard_reader *r);

#endif /* CRM_H */
