/*
 * cdr.c - telephony call records (CDRs) imported and classified with no
 * effort from the managers: Asterisk's cdr_csv Master.csv, or a generic
 * CSV with a header.
 *
 * An import streams its input one record at a time, in one transaction
 * and one audited batch, with its statements prepared once and the
 * users' extensions held in memory, so that memory stays flat and the
 * cost per record is a few index probes and one insert.  Each record:
 *
 *   - is checked (column count, time, durations, disposition) or
 *     rejected with its line number;
 *   - is skipped as "already there" when a call has its source id (the
 *     Asterisk uniqueid, the CSV id, else "start|src|dst");
 *   - is classified: the side that is an extension (a user's, or short)
 *     makes the direction, a call between two extensions is internal and
 *     skipped, the other side is the number, normalised and looked up
 *     among the contacts' phones (contacts_phone);
 *   - gets its status from its disposition, and a missed inbound call a
 *     callback task.
 *
 * man/crm-call.1, PROCESSING OF CALL RECORDS, states the rules for users.
 */
#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "crm-internal.h"

#define AST_MIN_FIELDS	16	/* accountcode ... amaflags */
#define AST_MAX_FIELDS	18	/* and uniqueid, userfield */
#define MAX_FIELDS	64	/* fields of a record kept; more are counted */
#define EXT_MAX		6	/* an unknown extension: this many digits */
#define NAME_MAX_SHOWN	200	/* a caller's name longer is not shown */

/* The columns of an Asterisk cdr_csv record. */
enum {
	A_ACCOUNTCODE, A_SRC, A_DST, A_DCONTEXT, A_CLID, A_CHANNEL,
	A_DSTCHANNEL, A_LASTAPP, A_LASTDATA, A_START, A_ANSWER, A_END,
	A_DURATION, A_BILLSEC, A_DISPOSITION, A_AMAFLAGS, A_UNIQUEID,
	A_USERFIELD,
};

/* The columns of the generic CSV. */
enum {
	G_TIME, G_DIRECTION, G_NUMBER, G_EXTENSION, G_DURATION,
	G_DISPOSITION, G_ID, G_NOTE, G_NCOLS,
};
static const char *const generic_cols[G_NCOLS] = {
	"time", "direction", "number", "extension", "duration",
	"disposition", "id", "note",
};

enum disposition { D_ANSWERED, D_NO_ANSWER, D_BUSY, D_FAILED,
    D_CONGESTION };

/* A user, found by extension or by login. */
struct user {
	char *key;
	const char *login;
	int active;
};

/* A record without a header, read with libcsv, one physical line at a time. */
struct rows {
	FILE *fp;
	struct csv_parser csv;
	char *line;
	size_t linecap;
	long lineno, recline;
	struct crm_buf data;	/* the record's fields, NUL-terminated */
	size_t off[MAX_FIELDS];
	size_t nf;		/* fields of the record, kept or not */
	int done, split, oom;
	const char *field[MAX_FIELDS];
};

/* One record as read, before it is classified. */
struct rec {
	long line;
	time_t at;
	const char *src, *dst;	/* caller and called, as recorded */
	const char *chan, *dstchan;	/* Asterisk's channels, or "" */
	int out;		/* generic: 1 out, 0 in; Asterisk: -1 */
	const char *ext;	/* generic: the extension */
	long billsec;		/* seconds talked, -1 not known */
	enum disposition disp;
	const char *clid;	/* Asterisk: "Name" <number> */
	const char *note;
};

/* An import under way. */
struct cdr {
	struct crm_db *db;
	crm_cdr_report_fn *report;
	void *arg;
	struct crm_cdr_stats *st;
	sqlite3_int64 batch;
	sqlite3_stmt *seen, *contact, *contact_row, *insert, *task;
	struct user *exts, *logins;
	size_t nexts, nlogins;
	char *cc;		/* phone.default_country, or NULL */
	long wrong_seconds, callback_minutes;
	char tz_key[14];	/* the local hour whose UTC offset is known */
	long tz_off;
	struct crm_buf source_id;
	int probe;		/* look source ids up before classifying */
	struct crm_buf deferred;	/* indexes an initial load rebuilds */
};

/* Report a record kept with a warning (CRM_OK) or rejected. */
static void
tell(struct cdr *c, long line, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
tell(struct cdr *c, long line, int code, const char *fmt, ...)
{
	struct crm_err e = { 0 };
	char msg[512];
	va_list ap;

	if (code != CRM_OK)
		c->st->rejected++;
	if (c->report == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* crm_err_set makes one line of what the input held. */
	crm_err_set(&e, code, "%s", msg);
	e.line = line;
	c->report(c->arg, &e);
}

int
crm_cdr_kind(const char *word, enum crm_cdr_kind *kind, struct crm_err *e)
{
	if (strcmp(word, "asterisk") == 0)
		*kind = CRM_CDR_ASTERISK;
	else if (strcmp(word, "csv") == 0)
		*kind = CRM_CDR_CSV;
	else
		return crm_err_set(e, CRM_EUSAGE, "unknown kind of call record "
		    "\"%s\" (asterisk, csv)", word);
	return CRM_OK;
}

void
crm_cdr_summary(const struct crm_cdr_stats *st, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "calls: %ld added, %ld already there, %ld "
	    "internal skipped, %ld rejected; callback tasks: %ld", st->added,
	    st->existing, st->internal, st->rejected, st->tasks);
}

/* Reading records without a header */

static void
on_field(void *s, size_t n, void *arg)
{
	struct rows *r = arg;

	/* A bare CR ended a record in the middle of a line. */
	if (r->done)
		r->split = 1;
	if (r->nf < MAX_FIELDS) {
		r->off[r->nf] = r->data.len;
		if (crm_buf_add(&r->data, s, n) != CRM_OK ||
		    crm_buf_add(&r->data, "", 1) != CRM_OK)
			r->oom = 1;
	}
	r->nf++;
}

static void
on_record(int ch, void *arg)
{
	struct rows *r = arg;

	r->done = 1;
}

/* libcsv back between records (as csvin.c does: see parser_reset). */
static void
rows_reset(struct rows *r)
{
	int opts = csv_get_opts(&r->csv);

	csv_set_opts(&r->csv, opts & ~CSV_STRICT_FINI);
	csv_fini(&r->csv, NULL, NULL, NULL);
	csv_set_opts(&r->csv, opts);
}

/* A line of nothing but white space is no record. */
static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/*
 * Read the next record into r->field[0..min(nf, MAX_FIELDS)).  Returns 1,
 * 0 at the end, -1 for a bad record (e says why, e->line where; reading
 * goes on), -2 when reading must stop.
 */
static int
rows_next(struct rows *r, struct crm_err *e)
{
	const char *bad = NULL, *line;
	ssize_t n;
	size_t i, used;
	int nul = 0;

	r->nf = 0;
	r->data.len = 0;
	r->done = r->split = 0;
	while (!r->done) {
		if ((n = getline(&r->line, &r->linecap, r->fp)) == -1) {
			if (ferror(r->fp)) {
				/* A decoder that refused its input says why. */
				crm_decode_error(r->fp, e);
				e->line = r->lineno + 1;
				return -2;
			}
			if (r->csv.pstate == 0 && r->nf == 0)
				return 0;
			if (csv_fini(&r->csv, on_field, on_record, r) != 0) {
				rows_reset(r);
				bad = "unterminated quote";
			}
			break;
		}
		r->lineno++;
		line = r->line;
		/* UTF-16 read as bytes is no record at all: say what it is. */
		if (r->lineno == 1 && crm_decode_encoding(r->fp) == NULL &&
		    crm_decode_sniff(line, (size_t)n, e) != CRM_OK) {
			e->line = 1;
			return -2;
		}
		/* A UTF-8 byte order mark is no part of the first field. */
		if (r->lineno == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3)
		    == 0) {
			line += 3;
			n -= 3;
		}
		if (r->csv.pstate == 0 && r->nf == 0) {
			if (blank(line, (size_t)n))
				continue;
			r->recline = r->lineno;
		}
		if (memchr(line, '\0', (size_t)n) != NULL)
			nul = 1;
		used = csv_parse(&r->csv, line, (size_t)n, on_field, on_record,
		    r);
		if (used < (size_t)n && csv_error(&r->csv) != CSV_EPARSE)
			r->oom = 1;
		if (r->oom)
			break;
		if (used < (size_t)n) {
			/* Resume at the next line. */
			rows_reset(r);
			bad = "stray quote";
			break;
		}
	}
	e->line = r->recline;
	if (r->oom) {
		crm_err_set(e, CRM_EDB, "out of memory");
		return -2;
	}
	if (bad == NULL && r->split)
		bad = "a carriage return ends a record in the middle of a line";
	if (bad == NULL && nul)
		bad = "NUL byte in input";
	if (bad == NULL && r->data.len > 0 &&
	    !crm_utf8_valid(r->data.p, r->data.len, NULL))
		bad = "invalid UTF-8";
	if (bad != NULL) {
		crm_err_set(e, CRM_EINPUT, "%s", bad);
		return -1;
	}
	for (i = 0; i < r->nf && i < MAX_FIELDS; i++)
		r->field[i] = r->data.p + r->off[i];
	return 1;
}

static int
rows_open(struct rows *r, FILE *fp, int delim, struct crm_err *e)
{
	memset(r, 0, sizeof(*r));
	r->fp = fp;
	if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return crm_err_set(e, CRM_EDB, "out of memory");
	csv_set_delim(&r->csv, (unsigned char)(delim ? delim : ','));
	return CRM_OK;
}

static void
rows_close(struct rows *r)
{
	csv_free(&r->csv);
	free(r->line);
	crm_buf_free(&r->data);
}

/* Fields */

static int
is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/*
 * t as a stored timestamp "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21 bytes):
 * crm_time_iso's result without gmtime and printf, once per record.
 * The caller has checked that t is storable (in_range).
 */
static void
stamp(time_t t, char *buf)
{
	long days = (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	long secs = (long)(t - (time_t)days * 86400), z, era, doe, yoe, y;
	int doy, mp, d, m, i;
	int v[5];

	/* The civil date of a day number, after H. Hinnant. */
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = (int)(doe - (365 * yoe + yoe / 4 - yoe / 100));
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 1 || y > 9999) {
		crm_time_iso(t, buf, 21);	/* "": never a time without Z */
		return;
	}
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	v[0] = m;
	v[1] = d;
	v[2] = (int)(secs / 3600);
	v[3] = (int)(secs / 60 % 60);
	v[4] = (int)(secs % 60);
	for (i = 0; i < 5; i++) {
		buf[4 + 3 * i] = "--T::"[i];
		buf[5 + 3 * i] = (char)('0' + v[i] / 10);
		buf[6 + 3 * i] = (char)('0' + v[i] % 10);
	}
	buf[19] = 'Z';
	buf[20] = '\0';
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 :
	    days[m - 1];
}

/*
 * Whether a call at t and its callback task can be stored: a local time
 * late on 9999-12-31 in a zone west of UTC is in the year 10000 in UTC.
 * The local year was checked when the time was read (local_time, or
 * crm_date_parse).
 */
static int
in_range(const struct cdr *c, time_t t)
{
	return t >= CRM_TIME_MIN && t <= CRM_TIME_MAX - c->callback_minutes * 60;
}

/*
 * "YYYY-MM-DD HH:MM:SS" in the local time zone into *t.  The UTC offset
 * is asked of mktime once per local hour and kept: time zones change
 * their offset on the hour, and records come in order.  Returns 0, or -1
 * when s is no such time.
 */
static int
local_time(struct cdr *c, const char *s, time_t *t)
{
	static const char shape[] = "dddd-dd-dd dd:dd:dd";
	int y, mo, d, h, mi, sec;
	long secs;
	size_t i;

	for (i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? !is_digit(s[i]) : s[i] != shape[i])
			return -1;
	if (s[i] != '\0')
		return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	mo = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	h = (s[11] - '0') * 10 + (s[12] - '0');
	mi = (s[14] - '0') * 10 + (s[15] - '0');
	sec = (s[17] - '0') * 10 + (s[18] - '0');
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59)
		return -1;
	secs = crm_days_from_civil(y, mo, d) * 86400L + h * 3600L;
	if (memcmp(c->tz_key, s, 13) != 0) {
		struct tm tm = { 0 };
		time_t hour;

		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_isdst = -1;
		if ((hour = mktime(&tm)) == (time_t)-1)
			return -1;
		c->tz_off = secs - (long)hour;
		memcpy(c->tz_key, s, 13);
	}
	*t = (time_t)(secs - c->tz_off + mi * 60L + sec);
	return 0;
}

/* A count of seconds: 0 and *n, -1 not a number, -2 negative. */
static int
seconds(const char *s, long *n)
{
	long v = 0;
	int neg = *s == '-';

	s += neg;
	if (!is_digit(*s))
		return -1;
	for (; is_digit(*s); s++)
		if ((v = v * 10 + (*s - '0')) > 100000000L)
			return -1;
	if (*s != '\0')
		return -1;
	if (neg && v > 0)
		return -2;
	*n = v;
	return 0;
}

/* A disposition, in any case, spaces, dashes and underscores ignored. */
static int
disposition(const char *s, enum disposition *d)
{
	static const struct {
		const char *word;
		enum disposition d;
	} words[] = {
		{ "answered", D_ANSWERED }, { "answer", D_ANSWERED },
		{ "noanswer", D_NO_ANSWER }, { "missed", D_NO_ANSWER },
		{ "busy", D_BUSY }, { "failed", D_FAILED },
		{ "congestion", D_CONGESTION },
	};
	char w[16];
	size_t i, n = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '_' || *s == '-')
			continue;
		if (n == sizeof(w) - 1)
			return -1;
		w[n++] = *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s;
	}
	w[n] = '\0';
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(w, words[i].word) == 0) {
			*d = words[i].d;
			return 0;
		}
	return -1;
}

/* The name in a caller id "\"Ana Garcia\" <600111222>" into buf, or "". */
static void
clid_name(const char *clid, char *buf, size_t bufsz)
{
	const char *p = clid, *end;
	size_t n;

	buf[0] = '\0';
	if (clid == NULL)
		return;
	if (*p == '"') {
		p++;
		if ((end = strchr(p, '"')) == NULL)
			return;
	} else if ((end = strchr(p, '<')) == NULL)
		return;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	n = (size_t)(end - p);
	if (n == 0 || n > NAME_MAX_SHOWN || n >= bufsz)
		return;
	memcpy(buf, p, n);
	buf[n] = '\0';
}

/* The peer of a channel, "SIP/101-0000002a" -> "101", into buf, or "". */
static void
channel_peer(const char *chan, char *buf, size_t bufsz)
{
	const char *p, *dash = NULL;
	size_t n, i;

	buf[0] = '\0';
	if (chan == NULL || (p = strchr(chan, '/')) == NULL)
		return;
	p++;
	n = strcspn(p, "@;,");
	for (i = 0; i < n; i++)
		if (p[i] == '-')
			dash = p + i;
	if (dash != NULL)
		n = (size_t)(dash - p);
	if (n > 0 && n < bufsz) {
		memcpy(buf, p, n);
		buf[n] = '\0';
	}
}

/* Users */

static int
user_cmp(const void *a, const void *b)
{
	return strcmp(((const struct user *)a)->key,
	    ((const struct user *)b)->key);
}

static const struct user *
find_user(const struct user *set, size_t n, const char *key)
{
	struct user k = { (char *)key, NULL, 0 };

	if (key == NULL || *key == '\0' || n == 0)
		return NULL;
	return bsearch(&k, set, n, sizeof(*set), user_cmp);
}

/* Every user, by login and by extension, into memory: they are few. */
static int
load_users(struct cdr *c, struct crm_err *e)
{
	sqlite3_stmt *st;
	struct user *u;
	size_t cap = 0;
	int rc, step;

	if ((rc = crm_db_prepare(c->db, "SELECT login, active, extension"
	    " FROM users", &st, e)) != CRM_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *login = (const char *)sqlite3_column_text(st, 0);
		const char *ext = (const char *)sqlite3_column_text(st, 2);

		if (c->nlogins == cap) {
			cap = cap ? cap * 2 : 16;
			if ((u = realloc(c->logins, cap * sizeof(*u))) == NULL)
				goto oom;
			c->logins = u;
			if ((u = realloc(c->exts, cap * sizeof(*u))) == NULL)
				goto oom;
			c->exts = u;
		}
		u = &c->logins[c->nlogins];
		if ((u->key = strdup(login)) == NULL)
			goto oom;
		u->login = u->key;
		u->active = sqlite3_column_int(st, 1) == 1;
		c->nlogins++;
		if (ext != NULL && *ext != '\0') {
			if ((c->exts[c->nexts].key = strdup(ext)) == NULL)
				goto oom;
			c->exts[c->nexts].login = u->login;
			c->exts[c->nexts].active = u->active;
			c->nexts++;
		}
	}
	if (step != SQLITE_DONE)
		rc = crm_db_err(c->db, e, "users");
	sqlite3_finalize(st);
	/* Sorting moves the entries, not the strings they point at. */
	if (rc == CRM_OK) {
		qsort(c->exts, c->nexts, sizeof(*c->exts), user_cmp);
		qsort(c->logins, c->nlogins, sizeof(*c->logins), user_cmp);
	}
	return rc;
oom:
	sqlite3_finalize(st);
	return crm_err_set(e, CRM_EDB, "out of memory");
}

/* A short number of digits, * or #: an extension or a service code. */
static int
short_number(const char *s)
{
	size_t n = strspn(s, "0123456789*#");

	return n > 0 && n <= EXT_MAX && s[n] == '\0';
}

/*
 * Whether one side of an Asterisk record (its number and channel) is an
 * extension: a user's extension as number or as the channel's peer, else
 * a short number.  *ext points at it (buf holds a peer), *u at its user.
 */
static int
side_extension(const struct cdr *c, const char *number, const char *chan,
    char *buf, size_t bufsz, const char **ext, const struct user **u)
{
	if ((*u = find_user(c->exts, c->nexts, number)) != NULL) {
		*ext = number;
		return 1;
	}
	channel_peer(chan, buf, bufsz);
	if ((*u = find_user(c->exts, c->nexts, buf)) != NULL) {
		*ext = buf;
		return 1;
	}
	if (short_number(number)) {
		*ext = number;
		return 1;
	}
	return 0;
}

/* Statements */

static int
prepare(struct cdr *c, struct crm_err *e)
{
	int rc;

	if ((rc = crm_db_prepare(c->db, "SELECT 1 FROM calls"
	    " WHERE source_id = ?", &c->seen, e)) != CRM_OK ||
	    (rc = crm_db_prepare(c->db, "SELECT id FROM contacts"
	    " WHERE phone = ? ORDER BY id", &c->contact, e)) != CRM_OK ||
	    (rc = crm_db_prepare(c->db, "SELECT owner,"
	    " first_name || ' ' || last_name, archived_at IS NULL"
	    " FROM contacts WHERE id = ?", &c->contact_row, e)) != CRM_OK ||
	    (rc = crm_db_prepare(c->db, "INSERT INTO calls(at, direction,"
	    " number, contact_id, manager, extension, status, duration, note,"
	    " source_id, created_at, created_by, updated_at, updated_by,"
	    " batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	    " ?12, ?11, ?12, ?13) ON CONFLICT(source_id) DO NOTHING",
	    &c->insert, e)) != CRM_OK)
		return rc;
	/* Not crm_task_add: the batch stands for every row in the audit. */
	return crm_db_prepare(c->db, "INSERT INTO tasks(contact_id, title,"
	    " assignee, due, created_at, created_by, updated_at, updated_by,"
	    " call_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6, ?7)", &c->task,
	    e);
}

/* A statement's row is read: ready it for the next record. */
static void
done_with(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Whether a call has source id s already: 1, 0, or -1 on error. */
static int
seen(struct cdr *c, const char *s)
{
	int step;

	sqlite3_bind_text(c->seen, 1, s, -1, SQLITE_STATIC);
	step = sqlite3_step(c->seen);
	done_with(c->seen);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : -1;
}

/* A classified call, ready to store. */
struct call {
	const char *number;	/* as stored */
	int normalised;		/* number is E.164 */
	int out;
	const char *ext;
	const struct user *user;
	const char *why;	/* a warning about the manager, or NULL */
};

/* Add the callback task of call id; a record without an assignee gets none. */
static int
add_task(struct cdr *c, const struct rec *r, const struct call *k,
    int64_t call_id, int64_t contact_id, const char *contact_name,
    const char *assignee, struct crm_err *e)
{
	char title[512], name[NAME_MAX_SHOWN + 1], due[32];
	size_t bad;
	int rc;

	if (contact_id != 0)
		snprintf(title, sizeof(title), "call back %s", contact_name);
	else {
		clid_name(r->clid, name, sizeof(name));
		/* A name that is only the number again says nothing. */
		if (name[0] != '\0' && strcmp(name, r->src) != 0 &&
		    strcmp(name, k->number) != 0)
			snprintf(title, sizeof(title), "call back %s (%s)",
			    k->number, name);
		else
			snprintf(title, sizeof(title), "call back %s",
			    k->number);
	}
	/* A long name is cut to the title, never inside a character. */
	if (!crm_utf8_valid(title, strlen(title), &bad))
		title[bad] = '\0';
	stamp(r->at + c->callback_minutes * 60, due);
	if (contact_id != 0)
		sqlite3_bind_int64(c->task, 1, contact_id);
	sqlite3_bind_text(c->task, 2, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->task, 3, assignee, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->task, 4, due, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->task, 5, c->db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->task, 6, c->db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(c->task, 7, call_id);
	rc = sqlite3_step(c->task) == SQLITE_DONE ? CRM_OK :
	    crm_db_err(c->db, e, "tasks");
	done_with(c->task);
	if (rc == CRM_OK)
		c->st->tasks++;
	return rc;
}

/*
 * Read contact id's owner (as an active user's login, else NULL) into
 * *assignee, its name into *name (malloc'd) and whether it is active.
 */
static int
contact_row(struct cdr *c, int64_t id, const char **assignee, char **name,
    int *active, struct crm_err *e)
{
	const struct user *owner;
	int step, rc = CRM_OK;

	sqlite3_bind_int64(c->contact_row, 1, id);
	if ((step = sqlite3_step(c->contact_row)) == SQLITE_ROW) {
		owner = find_user(c->logins, c->nlogins,
		    (const char *)sqlite3_column_text(c->contact_row, 0));
		*assignee = owner != NULL && owner->active ? owner->login :
		    NULL;
		free(*name);
		if ((*name = strdup((const char *)sqlite3_column_text(
		    c->contact_row, 1))) == NULL)
			rc = crm_err_set(e, CRM_EDB, "out of memory");
		*active = sqlite3_column_int(c->contact_row, 2);
	} else
		rc = crm_db_err(c->db, e, "contacts");
	done_with(c->contact_row);
	return rc;
}

/*
 * The contact of number: the first active one by id, else the first, into
 * *id (0 for none); with want_row (a missed inbound call: its task) or
 * several candidates, also its owner as *assignee and its *name.
 */
static int
match_contact(struct cdr *c, const char *number, int want_row, int64_t *id,
    const char **assignee, char **name, struct crm_err *e)
{
	int64_t ids[16];
	int n = 0, i, step, active = 0, rc = CRM_OK;

	*id = 0;
	sqlite3_bind_text(c->contact, 1, number, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(c->contact)) == SQLITE_ROW)
		if (n < (int)(sizeof(ids) / sizeof(ids[0])))
			ids[n++] = sqlite3_column_int64(c->contact, 0);
	done_with(c->contact);
	if (step != SQLITE_DONE)
		return crm_db_err(c->db, e, "contacts");
	if (n == 0)
		return CRM_OK;
	*id = ids[0];
	if (n == 1)
		return want_row ? contact_row(c, ids[0], assignee, name,
		    &active, e) : CRM_OK;
	/* Several: the first active one, else the first of all. */
	for (i = 0; i < n && rc == CRM_OK && !active; i++)
		if ((rc = contact_row(c, ids[i], assignee, name, &active, e))
		    == CRM_OK && active)
			*id = ids[i];
	if (rc == CRM_OK && !active)
		rc = contact_row(c, ids[0], assignee, name, &active, e);
	return rc;
}

/*
 * Store classified call k of record r: its contact, status, the insert,
 * the callback task, the warning.  CRM_EDB ends the import.
 */
static int
store(struct cdr *c, const struct rec *r, struct call *k, const char *sid,
    struct crm_err *e)
{
	const char *status, *assignee = NULL, *missing = "";
	char at[32], *name = NULL;
	int64_t contact_id = 0, call_id;
	int step, rc = CRM_OK, callback = 0;

	/*
	 * The first active contact with the number, else the first archived
	 * one.  The ids come in id order from contacts_phone alone (no
	 * table read, no sort); a contact's row is read only when it matters:
	 * to choose among several, or for a missed inbound call's task.
	 */
	if (k->normalised &&
	    (rc = match_contact(c, k->number, r->disp != D_ANSWERED && !k->out,
	    &contact_id, &assignee, &name, e)) != CRM_OK) {
		free(name);
		return rc;
	}
	if (r->disp == D_ANSWERED)
		status = contact_id == 0 && r->billsec >= 0 &&
		    r->billsec < c->wrong_seconds ? "wrong_number" : "completed";
	else if (k->out)
		status = r->disp == D_BUSY ? "busy" : "no_answer";
	else if (!k->normalised)
		status = "no_answer";	/* no number to call back */
	else {
		status = "callback";
		callback = 1;
		if (assignee == NULL && k->user != NULL && k->user->active)
			assignee = k->user->login;
		if (assignee == NULL)
			missing = ", no callback task";
	}

	stamp(r->at, at);
	sqlite3_bind_text(c->insert, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->insert, 2, k->out ? "out" : "in", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(c->insert, 3, k->number, -1, SQLITE_STATIC);
	if (contact_id != 0)
		sqlite3_bind_int64(c->insert, 4, contact_id);
	if (k->user != NULL)
		sqlite3_bind_text(c->insert, 5, k->user->login, -1,
		    SQLITE_STATIC);
	crm_bind_text(c->insert, 6, k->ext);
	sqlite3_bind_text(c->insert, 7, status, -1, SQLITE_STATIC);
	if (r->billsec >= 0)
		sqlite3_bind_int64(c->insert, 8, r->billsec);
	if (r->note != NULL && *r->note != '\0')
		sqlite3_bind_text(c->insert, 9, r->note, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->insert, 10, sid, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->insert, 11, c->db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->insert, 12, c->db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(c->insert, 13, c->batch);
	step = sqlite3_step(c->insert);
	done_with(c->insert);
	if (step != SQLITE_DONE) {
		free(name);
		return crm_db_err(c->db, e, "calls");
	}
	if (sqlite3_changes(c->db->sql) == 0) {
		/* A twin earlier in the same input. */
		c->st->existing++;
		free(name);
		return CRM_OK;
	}
	call_id = sqlite3_last_insert_rowid(c->db->sql);
	c->st->added++;
	if (k->user == NULL)
		c->st->unassigned++;
	if (callback && assignee != NULL)
		rc = add_task(c, r, k, call_id, contact_id, name, assignee, e);
	free(name);
	if (rc != CRM_OK)
		return rc;
	if (k->why != NULL)
		tell(c, r->line, CRM_OK, "%s; call kept unassigned%s", k->why,
		    missing);
	else if (callback && assignee == NULL)
		tell(c, r->line, CRM_OK, "user \"%s\" of extension %s is not "
		    "active; no callback task", k->user->login, k->ext);
	return CRM_OK;
}

/*
 * Classify record r (its source id sid) and store it: internal calls are
 * counted and skipped.
 */
static int
classify(struct cdr *c, const struct rec *r, const char *sid,
    struct crm_err *e)
{
	struct call k = { 0 };
	char e164[32], peer_src[64], peer_dst[64], why[256];
	const char *sext = NULL, *dext = NULL, *other;
	const struct user *su = NULL, *du = NULL;
	int s_is, d_is;

	if (r->out >= 0) {
		/* The generic CSV says the direction and the extension. */
		other = r->out ? r->dst : r->src;
		if (find_user(c->exts, c->nexts, other) != NULL ||
		    short_number(other)) {
			c->st->internal++;
			return CRM_OK;
		}
		k.out = r->out;
		k.ext = *r->ext != '\0' ? r->ext : NULL;
		k.user = find_user(c->exts, c->nexts, k.ext);
		k.number = other;
		if (k.ext == NULL)
			k.why = "no extension";
	} else {
		s_is = side_extension(c, r->src, r->chan, peer_src,
		    sizeof(peer_src), &sext, &su);
		d_is = side_extension(c, r->dst, r->dstchan, peer_dst,
		    sizeof(peer_dst), &dext, &du);
		if (s_is && d_is) {
			c->st->internal++;
			return CRM_OK;
		}
		/* Neither side an extension: someone called us. */
		k.out = s_is;
		k.ext = s_is ? sext : d_is ? dext : NULL;
		k.user = s_is ? su : du;
		k.number = s_is ? r->dst : r->src;
		if (!s_is && !d_is) {
			snprintf(why, sizeof(why), "no extension in src \"%s\" "
			    "or dst \"%s\"", r->src, r->dst);
			k.why = why;
		}
	}
	if (k.ext != NULL && k.user == NULL) {
		snprintf(why, sizeof(why), "extension %s is no user's", k.ext);
		k.why = why;
	}
	if (*k.number == '\0')
		k.number = "anonymous";
	else if (crm_phone_normalize(k.number, c->cc, e164, sizeof(e164),
	    NULL) == CRM_OK) {
		k.number = e164;
		k.normalised = 1;
	}
	return store(c, r, &k, sid, e);
}

/* The source id of a record without one: "start|src|dst". */
static const char *
compose_id(struct cdr *c, const char *start, const char *src,
    const char *dst)
{
	c->source_id.len = 0;
	if (crm_buf_adds(&c->source_id, start) != CRM_OK ||
	    crm_buf_adds(&c->source_id, "|") != CRM_OK ||
	    crm_buf_adds(&c->source_id, src) != CRM_OK ||
	    crm_buf_adds(&c->source_id, "|") != CRM_OK ||
	    crm_buf_adds(&c->source_id, dst) != CRM_OK ||
	    crm_buf_add(&c->source_id, "", 1) != CRM_OK)
		return NULL;
	return c->source_id.p;
}

/* Skip a record imported before, else classify and store it. */
static int
take(struct cdr *c, const struct rec *r, const char *sid, struct crm_err *e)
{
	int was;

	if (sid == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	if (!c->probe)
		was = 0;
	else if ((was = seen(c, sid)) < 0)
		return crm_db_err(c->db, e, "calls");
	if (was) {
		c->st->existing++;
		return CRM_OK;
	}
	return classify(c, r, sid, e);
}

/* One Asterisk record: checked, then taken. */
static int
asterisk_record(struct cdr *c, const struct rows *rw, struct crm_err *e)
{
	const char *const *f = rw->field;
	struct rec r = { 0 };
	const char *what = NULL, *v = NULL;
	long total;
	int bad;

	r.line = rw->recline;
	if (rw->nf < AST_MIN_FIELDS || rw->nf > AST_MAX_FIELDS) {
		tell(c, r.line, CRM_EINPUT, "%zu field%s; an Asterisk record "
		    "has %d to %d", rw->nf, rw->nf == 1 ? "" : "s",
		    AST_MIN_FIELDS, AST_MAX_FIELDS);
		return CRM_OK;
	}
	if (local_time(c, f[A_START], &r.at) != 0) {
		tell(c, r.line, CRM_EINPUT, "start \"%s\" is not a time "
		    "(YYYY-MM-DD HH:MM:SS)", f[A_START]);
		return CRM_OK;
	}
	if (!in_range(c, r.at)) {
		tell(c, r.line, CRM_EINPUT, "start \"%s\" is out of range",
		    f[A_START]);
		return CRM_OK;
	}
	if ((bad = seconds(f[A_DURATION], &total)) != 0) {
		what = "duration";
		v = f[A_DURATION];
	} else if ((bad = seconds(f[A_BILLSEC], &r.billsec)) != 0) {
		what = "billsec";
		v = f[A_BILLSEC];
	}
	if (bad != 0) {
		tell(c, r.line, CRM_EINPUT, "%s \"%s\" is %s", what, v,
		    bad == -2 ? "negative" : "not a number of seconds");
		return CRM_OK;
	}
	if (disposition(f[A_DISPOSITION], &r.disp) != 0) {
		tell(c, r.line, CRM_EINPUT, "disposition \"%s\" is not ANSWERED, "
		    "NO ANSWER, BUSY, FAILED or CONGESTION", f[A_DISPOSITION]);
		return CRM_OK;
	}
	r.src = f[A_SRC];
	r.dst = f[A_DST];
	r.chan = f[A_CHANNEL];
	r.dstchan = f[A_DSTCHANNEL];
	r.clid = f[A_CLID];
	r.out = -1;
	r.note = rw->nf > A_USERFIELD ? f[A_USERFIELD] : NULL;
	return take(c, &r, rw->nf > A_UNIQUEID && *f[A_UNIQUEID] != '\0' ?
	    f[A_UNIQUEID] : compose_id(c, f[A_START], r.src, r.dst), e);
}

static int
import_asterisk(struct cdr *c, FILE *fp, int delim, struct crm_err *e)
{
	struct rows rw;
	struct crm_err re = { 0 };
	int got, rc;

	if ((rc = rows_open(&rw, fp, delim, e)) != CRM_OK)
		return rc;
	while ((got = rows_next(&rw, &re)) != 0) {
		crm_busy_beat(c->db);
		if (got == -2) {
			rc = crm_err_set(e, re.code, "%s", re.msg);
			e->line = re.line;
			break;
		}
		if (got == -1) {
			tell(c, re.line, CRM_EINPUT, "%s", re.msg);
			continue;
		}
		if ((rc = asterisk_record(c, &rw, e)) != CRM_OK)
			break;
	}
	rows_close(&rw);
	return rc;
}

/* One generic record (fields by G_ column, "" when absent): checked, taken. */
static int
generic_record(struct cdr *c, char **f, long line, struct crm_err *e)
{
	struct crm_err pe = { 0 };
	struct rec r = { 0 };
	const char *d;
	int i;

	r.line = line;
	for (i = 0; i < G_NCOLS; i++)
		crm_trim(f[i]);
	if (crm_date_parse(f[G_TIME], time(NULL), &r.at, &pe) != CRM_OK) {
		tell(c, line, CRM_EINPUT, "time: %s", pe.msg);
		return CRM_OK;
	}
	if (!in_range(c, r.at)) {
		tell(c, line, CRM_EINPUT, "time: date \"%s\" is out of range",
		    f[G_TIME]);
		return CRM_OK;
	}
	d = f[G_DIRECTION];
	if (strcasecmp(d, "out") == 0 || strcasecmp(d, "outbound") == 0 ||
	    strcasecmp(d, "outgoing") == 0)
		r.out = 1;
	else if (strcasecmp(d, "in") == 0 || strcasecmp(d, "inbound") == 0 ||
	    strcasecmp(d, "incoming") == 0)
		r.out = 0;
	else {
		tell(c, line, CRM_EINPUT, "direction \"%s\" is not in or out", d);
		return CRM_OK;
	}
	r.billsec = -1;
	if (f[G_DURATION][0] == '-') {
		tell(c, line, CRM_EINPUT, "duration \"%s\" is negative",
		    f[G_DURATION]);
		return CRM_OK;
	}
	if (f[G_DURATION][0] != '\0' &&
	    crm_call_duration(f[G_DURATION], &r.billsec, &pe) != CRM_OK) {
		tell(c, line, CRM_EINPUT, "%s", pe.msg);
		return CRM_OK;
	}
	if (disposition(f[G_DISPOSITION], &r.disp) != 0) {
		tell(c, line, CRM_EINPUT, "disposition \"%s\" is not ANSWERED, "
		    "NO ANSWER, BUSY, FAILED or CONGESTION", f[G_DISPOSITION]);
		return CRM_OK;
	}
	r.ext = f[G_EXTENSION];
	r.src = r.out ? r.ext : f[G_NUMBER];
	r.dst = r.out ? f[G_NUMBER] : r.ext;
	r.chan = r.dstchan = "";
	r.note = f[G_NOTE];
	return take(c, &r, f[G_ID][0] != '\0' ? f[G_ID] :
	    compose_id(c, f[G_TIME], r.src, r.dst), e);
}

static int
import_generic(struct cdr *c, FILE *fp, int delim, struct crm_err *e)
{
	char empty[1] = "";
	struct crm_reader *rd;
	struct crm_row row;
	struct crm_err re = { 0 };
	int col[G_NCOLS], got, rc, i;
	char *f[G_NCOLS];
	size_t j, n;

	if ((rc = crm_reader_open(&rd, fp, delim, e)) != CRM_OK)
		return rc;
	for (i = 0; i < G_NCOLS; i++)
		col[i] = -1;
	n = crm_reader_ncols(rd);
	for (j = 0; j < n && rc == CRM_OK; j++) {
		for (i = 0; i < G_NCOLS; i++)
			if (strcasecmp(crm_reader_col(rd, j), generic_cols[i])
			    == 0)
				break;
		if (i == G_NCOLS)
			rc = crm_err_set(e, CRM_EINPUT, "unknown column \"%s\" "
			    "(time, direction, number, extension, duration, "
			    "disposition, id, note)", crm_reader_col(rd, j));
		else
			col[i] = (int)j;
	}
	for (i = 0; rc == CRM_OK && i <= G_DISPOSITION; i++)
		if (col[i] < 0 && i != G_EXTENSION && i != G_DURATION)
			rc = crm_err_set(e, CRM_EINPUT, "no column \"%s\" in the "
			    "header", generic_cols[i]);
	if (rc != CRM_OK) {
		e->line = 1;	/* the header */
		crm_reader_close(rd);
		return rc;
	}
	while ((got = crm_reader_next(rd, &row, &re)) != 0) {
		crm_busy_beat(c->db);
		if (got == -2) {
			rc = crm_err_set(e, re.code, "%s", re.msg);
			e->line = re.line;
			break;
		}
		if (got == -1) {
			tell(c, re.line, CRM_EINPUT, "%s", re.msg);
			continue;
		}
		for (i = 0; i < G_NCOLS; i++)
			f[i] = col[i] >= 0 ? row.fields[col[i]] : empty;
		if ((rc = generic_record(c, f, row.line, e)) != CRM_OK)
			break;
	}
	crm_reader_close(rd);
	return rc;
}

/* Settings the classification reads, once. */
static int
read_settings(struct cdr *c, struct crm_err *e)
{
	char *v = NULL;
	int rc;

	if ((rc = crm_setting_get(c->db, "phone.default_country", &c->cc, e))
	    != CRM_OK)
		return rc;
	if ((rc = crm_setting_get(c->db, "call.wrong_number_seconds", &v, e))
	    != CRM_OK)
		return rc;
	c->wrong_seconds = v ? strtol(v, NULL, 10) : 0;
	free(v);
	if ((rc = crm_setting_get(c->db, "call.callback_minutes", &v, e)) !=
	    CRM_OK)
		return rc;
	c->callback_minutes = v ? strtol(v, NULL, 10) : 0;
	free(v);
	return CRM_OK;
}

/*
 * An initial load, into no calls at all, has nothing to look up before
 * classifying (twins in the input meet the insert's ON CONFLICT) and
 * builds the indexes no import reads once at the end
 * (crm_schema_defer_indexes).
 */
static int
initial_load(struct cdr *c, struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	c->probe = 1;
	if ((rc = crm_db_prepare(c->db, "SELECT 1 FROM calls LIMIT 1", &st,
	    e)) != CRM_OK)
		return rc;
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step == SQLITE_ROW)
		return CRM_OK;
	if (step != SQLITE_DONE)
		return crm_db_err(c->db, e, "calls");
	c->probe = 0;
	return crm_schema_defer_indexes(c->db, "calls", &c->deferred, e);
}

/* Record the batch's counts and a summary row for it. */
static int
close_batch(struct cdr *c, struct crm_err *e)
{
	struct crm_import_stats s = { 0 };
	char summary[256];
	int rc;

	s.added = c->st->added;
	s.unchanged = c->st->existing + c->st->internal;
	s.rejected = c->st->rejected;
	if ((rc = crm_audit_batch_close(c->db, c->batch, "import", &s, e)) !=
	    CRM_OK)
		return rc;
	crm_cdr_summary(c->st, summary, sizeof(summary));
	return crm_audit(c->db, "import", "call", 0, "summary", NULL, summary,
	    c->batch, e);
}

int
crm_cdr_import(struct crm_db *db, enum crm_cdr_kind kind, FILE *fp,
    int delim, int atomic, crm_cdr_report_fn *report, void *arg,
    struct crm_cdr_stats *st, struct crm_err *e)
{
	struct cdr c = { 0 };
	char name[512], source[600];
	size_t i;
	int rc;

	memset(st, 0, sizeof(*st));
	/* The records are every manager's calls: an import acts for all. */
	if ((rc = crm_access_need(db, CRM_ROLES_FOR_OTHERS, "importing call "
	    "records", e)) != CRM_OK)
		return rc;
	c.db = db;
	c.report = report;
	c.arg = arg;
	c.st = st;
	/* Nothing to read: nothing to do, not even a header. */
	if (crm_input_empty(fp, e)) {
		st->empty = 1;
		return e != NULL ? e->code : CRM_OK;
	}
	crm_input_name(fp, name, sizeof(name));
	snprintf(source, sizeof(source), "%s %s", kind == CRM_CDR_ASTERISK ?
	    "asterisk" : "csv", name);
	/*
	 * Each record looks its number up in contacts_phone, all over a big
	 * base: mapped pages spare a read() and a copy per page the cache
	 * lacks.  They are the file's pages, given back under pressure.
	 */
	if ((rc = crm_db_exec(db, "PRAGMA mmap_size=268435456", e)) != CRM_OK)
		return rc;
	/*
	 * Every reference a record gets was just read under this write
	 * lock (a contact id from contacts_phone, a login from users, the
	 * new batch and call): checking each again as a foreign key would
	 * read a random contacts page per record.  Back on at the end.
	 */
	if ((rc = crm_db_exec(db, "PRAGMA foreign_keys=OFF", e)) != CRM_OK)
		return rc;
	if ((rc = crm_db_begin(db, e)) != CRM_OK) {
		crm_db_exec(db, "PRAGMA foreign_keys=ON", NULL);
		return rc;
	}
	if ((rc = read_settings(&c, e)) == CRM_OK &&
	    (rc = load_users(&c, e)) == CRM_OK &&
	    (rc = initial_load(&c, e)) == CRM_OK &&
	    (rc = prepare(&c, e)) == CRM_OK &&
	    (rc = crm_audit_batch_open(db, "call", source, &c.batch, e)) ==
	    CRM_OK)
		rc = kind == CRM_CDR_ASTERISK ? import_asterisk(&c, fp, delim,
		    e) : import_generic(&c, fp, delim, e);
	/* The statements go first: a schema change waits for them. */
	sqlite3_finalize(c.seen);
	sqlite3_finalize(c.contact);
	sqlite3_finalize(c.contact_row);
	sqlite3_finalize(c.insert);
	sqlite3_finalize(c.task);
	for (i = 0; i < c.nlogins; i++)
		free(c.logins[i].key);
	for (i = 0; i < c.nexts; i++)
		free(c.exts[i].key);
	free(c.logins);
	free(c.exts);
	free(c.cc);
	crm_buf_free(&c.source_id);
	if (rc == CRM_OK && st->added > 0 && c.deferred.len > 0)
		rc = crm_schema_restore_indexes(db, &c.deferred, e);
	crm_buf_free(&c.deferred);
	if (rc == CRM_OK && st->added > 0)
		rc = close_batch(&c, e);
	/* Nothing added (or atomic and a record rejected): nothing kept. */
	if (rc == CRM_OK && st->added > 0 && !(atomic && st->rejected > 0)) {
		if ((rc = crm_db_commit(db, e)) == CRM_OK)
			st->committed = 1;
	} else
		crm_db_rollback(db);
	if (crm_db_exec(db, "PRAGMA foreign_keys=ON", rc == CRM_OK ? e :
	    NULL) != CRM_OK && rc == CRM_OK)
		rc = CRM_EDB;
	return rc;
}
