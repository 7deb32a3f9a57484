/*
 * search.c - finding records: free terms through the full-text index
 * (names, company, e-mail, tags, phone in any format, regardless of case
 * and accents), filters on fields, and resolving what a person typed to
 * one record.  Activities (meetings, calls, tasks, deals) have no
 * full-text index: their terms are looked for in their text fields.
 *
 * The SQL is assembled from fixed fragments chosen by the query (field
 * expressions from the entity's table, fixed operators); every value the
 * user typed is a bound parameter, the full-text terms included.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm-internal.h"

#define MAX_PARAMS 64

/* A query under construction: its SQL and its bound values. */
struct query {
	struct crm_buf sql;
	const char *param[MAX_PARAMS];
	char *owned[MAX_PARAMS];	/* values made here, freed at the end */
	int nparam;
	int rc;
};

static void
add(struct query *q, const char *s)
{
	q->rc |= crm_buf_adds(&q->sql, s);
}

/* Append "?" bound to value; own says value is malloc'd and ours to free. */
static void
bind(struct query *q, const char *value, int own)
{
	if (q->nparam == MAX_PARAMS) {
		q->rc |= CRM_EUSAGE;
		if (own)
			free((char *)value);
		return;
	}
	q->owned[q->nparam] = own ? (char *)value : NULL;
	q->param[q->nparam++] = value;
	add(q, "?");
}

static void
query_free(struct query *q)
{
	int i;

	for (i = 0; i < q->nparam; i++)
		free(q->owned[i]);
	crm_buf_free(&q->sql);
}

/* Characters a phone number is written with. */
static int
phone_like(const char *s)
{
	int digits = 0;

	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (strchr("+-.()/ ", *s) == NULL)
			return 0;
	}
	return digits >= 4;
}

/* Append "p" and the digits of s reversed, quoted, as a prefix query. */
static int
reversed_digits(const char *s, struct crm_buf *out)
{
	size_t i, n = strlen(s);
	int rc = crm_buf_adds(out, "\"p");

	for (i = n; i > 0; i--)
		if (isdigit((unsigned char)s[i - 1]))
			rc |= crm_buf_add(out, &s[i - 1], 1);
	return rc | crm_buf_adds(out, "\"*");
}

/*
 * The full-text query of a phone: the index holds "p" and the digits
 * reversed (lib/schema.c), so a prefix query finds a number by its last
 * digits.  Both the number as typed and its E.164 form are tried: "111 222"
 * is a fragment, "0034 600 111 222" a whole number written otherwise.
 */
static int
phone_token(struct crm_db *db, const char *typed, struct crm_buf *out)
{
	char e164[32], *cc = NULL;
	int rc = CRM_OK, whole;

	whole = crm_setting_get(db, "phone.default_country", &cc, NULL) ==
	    CRM_OK && crm_phone_normalize(typed, cc, e164, sizeof(e164), NULL) ==
	    CRM_OK;
	free(cc);
	if (!whole)
		return reversed_digits(typed, out);
	rc |= crm_buf_adds(out, "(");
	rc |= reversed_digits(e164, out);
	rc |= crm_buf_adds(out, " OR ");
	rc |= reversed_digits(typed, out);
	return rc | crm_buf_adds(out, ")");
}

/* The length of the character at p: its UTF-8 length, else 1 byte. */
static size_t
char_len(const unsigned char *p)
{
	uint32_t c;
	size_t len = crm_utf8_decode(p, strlen((const char *)p), &c);

	return len > 0 ? len : 1;
}

/*
 * Whether the character at p is part of a word for the index's
 * tokenizer (unicode61: letters and digits): 1, or 0 for a separator.
 * Outside ASCII the common punctuation, symbols, marks and controls are
 * separators too; a word quoted whole that the tokenizer would split is
 * a phrase, which the index cannot answer.  Other letters go as words.
 */
static int
word_char(const unsigned char *p)
{
	static const struct {
		uint32_t lo, hi;
	} separators[] = {
		{ 0x0080, 0x00a9 }, { 0x00ab, 0x00b1 }, { 0x00b4, 0x00b4 },
		{ 0x00b6, 0x00b8 }, { 0x00bb, 0x00bb }, { 0x00bf, 0x00bf },
		{ 0x00d7, 0x00d7 }, { 0x00f7, 0x00f7 }, { 0x0300, 0x036f },
		{ 0x2000, 0x206f }, { 0x20a0, 0x20ff }, { 0x2190, 0x23ff },
		{ 0x2500, 0x27bf }, { 0x2e00, 0x2e7f }, { 0x3000, 0x3004 },
		{ 0x3008, 0x3020 }, { 0xfe00, 0xfe6f }, { 0xfeff, 0xfeff },
		{ 0xff01, 0xff0f }, { 0xff1a, 0xff20 }, { 0xff3b, 0xff40 },
		{ 0xff5b, 0xff65 }, { 0xfff0, 0xffff }, { 0x1f000, 0x1faff },
	};
	uint32_t c;
	size_t i;

	if (*p < 0x80)
		return isalnum(*p) ? 1 : 0;
	if (crm_utf8_decode(p, strlen((const char *)p), &c) == 0)
		return 0;
	for (i = 0; i < sizeof(separators) / sizeof(separators[0]); i++)
		if (c >= separators[i].lo && c <= separators[i].hi)
			return 0;
	return 1;
}

/*
 * Turn the terms into an FTS5 query: every word required, as a whole word,
 * or as the start of one when prefix is set.
 * Words are split as the index's tokenizer splits them (letters and
 * digits make words, word_char), so "ana.garcia@acme.es" is four words.  Terms that look like a phone become one phone token; so do
 * all the terms together when each looks like part of one ("600 111 222").
 * Returns CRM_OK with an empty match when no word remains.
 */
static int
fts_match(struct crm_db *db, const char *const *terms, size_t n,
    int prefix, struct crm_buf *m)
{
	struct crm_buf joined = { 0 };
	size_t i;
	int rc = CRM_OK, all_phone = n > 0;

	for (i = 0; i < n; i++) {
		const char *t = terms[i];

		if (!phone_like(t) && strspn(t, "0123456789+-.()/ ") != strlen(t))
			all_phone = 0;
		rc |= crm_buf_adds(&joined, i ? " " : "");
		rc |= crm_buf_adds(&joined, t);
	}
	if (all_phone && joined.p != NULL && phone_like(joined.p)) {
		rc |= phone_token(db, joined.p, m);
		crm_buf_free(&joined);
		return rc;
	}
	crm_buf_free(&joined);
	for (i = 0; i < n; i++) {
		const unsigned char *p = (const unsigned char *)terms[i];

		if (phone_like(terms[i])) {
			rc |= crm_buf_adds(m, m->len ? " AND " : "");
			rc |= phone_token(db, terms[i], m);
			continue;
		}
		while (*p != '\0') {
			const unsigned char *w;

			while (*p != '\0' && word_char(p) == 0)
				p += char_len(p);
			for (w = p; *p != '\0' && word_char(p) > 0; p += char_len(p))
				;
			if (p == w)
				continue;
			rc |= crm_buf_adds(m, m->len ? " AND \"" : "\"");
			rc |= crm_buf_add(m, (const char *)w, (size_t)(p - w));
			rc |= crm_buf_adds(m, prefix ? "\"*" : "\"");
		}
	}
	return rc;
}

int
crm_find_filter_parse(const struct crm_entity *ent, char *arg,
    struct crm_find_filter *f, struct crm_err *e)
{
	char *op = strpbrk(arg, "=~<>");
	int i;

	if (op == NULL || op == arg)
		return crm_err_set(e, CRM_EUSAGE, "\"%s\" is not a filter "
		    "(field=value, field~text, field>value, field<value)", arg);
	f->op = *op;
	*op = '\0';
	crm_trim(arg);
	if ((i = crm_entity_field(ent, arg)) < 0)
		return crm_err_set(e, CRM_EUSAGE, "unknown field \"%s\" for a %s",
		    arg, ent->name);
	f->field = ent->fields[i].name;
	f->value = op + 1;
	return CRM_OK;
}

/* "%text%" for LIKE, with % _ and \ taken literally. */
static char *
like_pattern(const char *s)
{
	char *p = malloc(strlen(s) * 2 + 3), *o = p;

	if (p == NULL)
		return NULL;
	*o++ = '%';
	for (; *s != '\0'; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

/* The stored form of a filter value, so "600 111 222" equals a phone. */
static char *
stored_value(struct crm_db *db, const struct crm_field *fd, const char *v)
{
	char out[320], *cc = NULL;
	int rc = CRM_EINPUT;

	if (fd->type == CRM_FT_PHONE || fd->type == CRM_FT_NUMBER) {
		if (crm_setting_get(db, "phone.default_country", &cc, NULL) ==
		    CRM_OK)
			rc = crm_phone_normalize(v, cc, out, sizeof(out), NULL);
		free(cc);
	} else if (fd->type == CRM_FT_EMAIL)
		rc = crm_email_normalize(v, out, sizeof(out), NULL);
	return strdup(rc == CRM_OK ? out : v);
}

/*
 * Types whose filter values crm_field_value reads (an activity's times,
 * words of a list, users ...); they compare in their stored form.  A
 * dialled number is read as a phone (stored_value), as phones are.
 */
static int
typed(enum crm_field_type t)
{
	return crm_field_typed(t) && t != CRM_FT_NUMBER;
}

/*
 * The expression a filter compares: an amount in minor units, not as the
 * decimal it is shown as, so that "amount>1000" is a number's order.
 */
static void
filter_expr(struct query *q, const struct crm_field *fd, char op)
{
	if (fd->type == CRM_FT_MONEY && op != '~') {
		add(q, "t.");
		add(q, fd->name);
	} else
		q->rc |= crm_entity_expr(fd, &q->sql);
}

/*
 * The value a filter on one of the activities' typed fields compares
 * with, as crm_field_value stores it (an amount in minor units); NULL
 * with e filled when = names nothing the field can hold.  A < or > value
 * that is not of the type (created_at>2026-11) is taken as written.
 */
static char *
typed_value(struct crm_db *db, const struct crm_field *fd, char op,
    const char *v, struct crm_err *e)
{
	struct crm_buf b = { 0 };
	struct crm_err le = { 0 };
	int64_t minor;
	char *out;

	if (crm_field_value(db, fd, v, &b, &le) != CRM_OK) {
		crm_buf_free(&b);
		if (op == '=' || le.code == CRM_EDB) {
			crm_err_set(e, le.code == CRM_EDB ? CRM_EDB : CRM_EUSAGE,
			    "%s", le.msg);
			return NULL;
		}
		if ((out = strdup(v)) == NULL)
			crm_err_set(e, CRM_EDB, "out of memory");
		return out;
	}
	if (fd->type == CRM_FT_MONEY && crm_money_parse(b.p, &minor, NULL) ==
	    CRM_OK) {
		char cents[24];

		snprintf(cents, sizeof(cents), "%lld", (long long)minor);
		crm_buf_free(&b);
		if ((b.p = strdup(cents)) == NULL)
			crm_err_set(e, CRM_EDB, "out of memory");
	}
	return b.p;
}

/*
 * A time field equal to a day ("at=today", "due=2026-12-03"): from that
 * local midnight to the next.  0 when v is no day.
 */
static int
day_range(struct crm_db *db, const char *v, char *from, char *to,
    size_t bufsz)
{
	struct tm tm;
	time_t t;

	if (strchr(v, ':') != NULL || crm_date_parse(v, time(NULL), &t,
	    NULL) != CRM_OK || localtime_r(&t, &tm) == NULL ||
	    tm.tm_hour != 0 || tm.tm_min != 0 || tm.tm_sec != 0)
		return 0;
	crm_time_iso(t, from, bufsz);
	tm.tm_mday++;
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) == (time_t)-1)
		return 0;
	crm_time_iso(t, to, bufsz);
	return 1;
}

static int
add_filter(struct query *q, struct crm_db *db, const struct crm_entity *ent,
    const struct crm_find_filter *f, struct crm_err *e)
{
	const struct crm_field *fd = &ent->fields[crm_entity_field(ent,
	    f->field)];
	char *v, *v0, from[32], to[32];

	add(q, " AND ");
	filter_expr(q, fd, f->op);
	switch (f->op) {
	case '=':
		if (*f->value == '\0') {
			add(q, " IS NULL");
			return CRM_OK;
		}
		if (fd->type == CRM_FT_WHEN && day_range(db, f->value, from, to,
		    sizeof(from))) {
			add(q, " >= ");
			bind(q, v0 = strdup(from), 1);
			add(q, " AND ");
			filter_expr(q, fd, f->op);
			add(q, " < ");
			bind(q, v = strdup(to), 1);
			if (v0 == NULL)
				v = NULL;
			break;
		}
		add(q, " = ");
		if (!typed(fd->type)) {
			bind(q, v = stored_value(db, fd, f->value), 1);
			if (fd->type != CRM_FT_ID)
				add(q, " COLLATE NOCASE");
			break;
		}
		/* Exact: logins, words of a list and numbers have one form. */
		if ((v = typed_value(db, fd, f->op, f->value, e)) == NULL)
			return e->code ? e->code : CRM_EDB;
		bind(q, v, 1);
		break;
	case '~':
		add(q, " LIKE ");
		v = like_pattern(f->value);
		bind(q, v, 1);
		add(q, " ESCAPE '\\'");
		break;
	default:
		add(q, f->op == '>' ? " > " : " < ");
		if (!typed(fd->type)) {
			bind(q, f->value, 0);
			return CRM_OK;
		}
		if ((v = typed_value(db, fd, f->op, f->value, e)) == NULL)
			return e->code ? e->code : CRM_EDB;
		bind(q, v, 1);
		break;
	}
	if (v == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	return CRM_OK;
}

/*
 * Each term within one of the text fields of an entity that has no
 * full-text index (a meeting's topic, location or result ...), as
 * "contains", regardless of ASCII case.
 */
static int
add_terms(struct query *q, const struct crm_entity *ent,
    const struct crm_find_query *fq, struct crm_err *e)
{
	size_t i, k;

	for (i = 0; i < fq->nterms; i++) {
		char *v = like_pattern(fq->terms[i]);
		int own = 1;

		if (v == NULL)
			return crm_err_set(e, CRM_EDB, "out of memory");
		add(q, " AND (0");
		for (k = 0; k < ent->nfields; k++) {
			enum crm_field_type t = ent->fields[k].type;

			if (t != CRM_FT_TEXT && t != CRM_FT_NUMBER)
				continue;
			add(q, " OR t.");
			add(q, ent->fields[k].name);
			add(q, " LIKE ");
			bind(q, v, own);
			add(q, " ESCAPE '\\'");
			own = 0;
		}
		add(q, ")");
		if (own)
			free(v);
	}
	return CRM_OK;
}

/* Assemble the whole statement for q; the caller prepares and binds it. */
static int
build(struct query *qq, struct crm_db *db, const struct crm_entity *ent,
    const struct crm_find_query *q, const char *match, char *limit,
    struct crm_err *e)
{
	struct crm_buf from = { 0 };
	char fts[64];
	char *select = NULL;
	const char *mine;
	size_t i;
	int f, rc;

	snprintf(fts, sizeof(fts), "%s", ent->search ? ent->search : "");
	if (match != NULL) {
		add(qq, "JOIN ");
		add(qq, fts);
		add(qq, " ON ");
		add(qq, fts);
		add(qq, ".rowid = t.id WHERE ");
		add(qq, fts);
		add(qq, " MATCH ");
		bind(qq, match, 0);
	} else
		add(qq, "WHERE 1");
	add(qq, q->archived ? " AND t.archived_at IS NOT NULL" :
	    " AND t.archived_at IS NULL");
	if (q->owner != NULL) {
		if ((f = crm_entity_owner_field(ent)) < 0)
			return crm_err_set(e, CRM_EUSAGE, "%s have no owner",
			    ent->plural);
		add(qq, " AND t.");
		add(qq, ent->fields[f].name);
		add(qq, " = ");
		bind(qq, q->owner, 0);
	}
	/*
	 * A manager who sees only their own (policy.visibility own), and
	 * any manager's export: personal data leaves with its owner only.
	 */
	if (((mine = crm_access_visible(db)) != NULL ||
	    (q->export_format != NULL &&
	    (mine = crm_access_export_owner(db)) != NULL)) &&
	    (f = crm_entity_owner_field(ent)) >= 0) {
		add(qq, " AND t.");
		add(qq, ent->fields[f].name);
		add(qq, " = ");
		bind(qq, mine, 0);
	}
	if (q->tag != NULL) {
		if (crm_entity_field(ent, "tags") < 0)
			return crm_err_set(e, CRM_EUSAGE, "%s have no tags",
			    ent->plural);
		add(qq, " AND instr(',' || lower(t.tags) || ',', ',' || lower(");
		bind(qq, q->tag, 0);
		add(qq, ") || ',') > 0");
	}
	if (ent->search == NULL && (rc = add_terms(qq, ent, q, e)) != CRM_OK)
		return rc;
	for (i = 0; i < q->nfilters; i++)
		if ((rc = add_filter(qq, db, ent, &q->filters[i], e)) != CRM_OK)
			return rc;
	add(qq, " ORDER BY ");
	if (q->sort != NULL) {
		const char *name = q->sort + (q->sort[0] == '-');

		if ((f = crm_entity_field(ent, name)) < 0)
			return crm_err_set(e, CRM_EUSAGE, "cannot sort by "
			    "\"%s\": no such field of a %s", name, ent->name);
		filter_expr(qq, &ent->fields[f], '<');
		add(qq, q->sort[0] == '-' ? " DESC, " : ", ");
	} else if (match != NULL) {
		add(qq, fts);
		add(qq, ".rank, ");
	}
	add(qq, "t.id");
	if (q->limit > 0) {
		snprintf(limit, 24, "%ld", q->limit);
		add(qq, " LIMIT ");
		bind(qq, limit, 0);
	}
	if (qq->rc != CRM_OK)
		return crm_err_set(e, qq->rc & CRM_EUSAGE ? CRM_EUSAGE : CRM_EDB,
		    qq->rc & CRM_EUSAGE ? "too many filters" : "out of memory");
	/*
	 * The select list goes in front of what was built, over the rows
	 * as the actor may see them.
	 */
	rc = crm_access_source(db, ent, &from) != CRM_OK ||
	    crm_entity_select_sql_from(ent, from.p, qq->sql.p, 0, &select) !=
	    CRM_OK;
	crm_buf_free(&from);
	if (rc)
		return crm_err_set(e, CRM_EDB, "out of memory");
	crm_buf_free(&qq->sql);
	qq->sql.p = select;
	qq->sql.len = strlen(select);
	qq->sql.cap = qq->sql.len + 1;
	return CRM_OK;
}

/* Run q with the full-text query match, writing rows to w (may be NULL). */
static int
run_match(struct crm_db *db, const struct crm_entity *ent,
    const struct crm_find_query *q, const char *match, struct crm_writer *w,
    long *count, int64_t *first, struct crm_err *e)
{
	struct query qq = { 0 };
	const char *row[32];
	sqlite3_stmt *st = NULL;
	char limit[24];
	long n = 0;
	int i, rc;

	if ((rc = build(&qq, db, ent, q, match, limit, e)) != CRM_OK)
		goto done;
	if ((rc = crm_db_prepare(db, qq.sql.p, &st, e)) != CRM_OK)
		goto done;
	for (i = 0; i < qq.nparam; i++)
		sqlite3_bind_text(st, i + 1, qq.param[i], -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == 0 && first != NULL)
			*first = sqlite3_column_int64(st, 0);
		n++;
		if (w == NULL)
			continue;
		for (i = 0; i < (int)ent->nfields && i < 32; i++)
			row[i] = (const char *)sqlite3_column_text(st, i);
		if (crm_writer_row(w, row) != CRM_OK) {
			rc = crm_err_output(e, errno, 0);
			goto done;
		}
	}
	rc = rc == SQLITE_DONE ? CRM_OK : crm_db_err(db, e, "search");
done:
	*count = n;
	sqlite3_finalize(st);
	query_free(&qq);
	return rc;
}

/*
 * Run q, writing each row to w (when not NULL) and counting them.  Terms
 * are looked up as whole words first, which is fast and what a person who
 * types whole words means; only when nothing matches are they taken as the
 * starts of words ("gar" for García), which reads many more index entries.
 */
static int
run(struct crm_db *db, const struct crm_entity *ent,
    const struct crm_find_query *q, struct crm_writer *w, long *count,
    int64_t *first, struct crm_err *e)
{
	struct crm_buf match = { 0 };
	long n = 0;
	int prefix, rc = CRM_OK;

	/* Without a full-text index, build() looks for terms in text. */
	if (q->nterms == 0 || ent->search == NULL) {
		rc = run_match(db, ent, q, NULL, w, &n, first, e);
		goto done;
	}
	for (prefix = 0; prefix <= 1 && n == 0 && rc == CRM_OK; prefix++) {
		match.len = 0;
		if (fts_match(db, q->terms, q->nterms, prefix, &match) !=
		    CRM_OK) {
			rc = crm_err_set(e, CRM_EDB, "out of memory");
			break;
		}
		/* Only punctuation: nothing can match. */
		if (match.len == 0)
			break;
		rc = run_match(db, ent, q, match.p, w, &n, first, e);
	}
done:
	if (count != NULL)
		*count = n;
	crm_buf_free(&match);
	return rc;
}

int
crm_find_check(struct crm_db *db, const struct crm_entity *ent,
    const struct crm_find_query *q, struct crm_err *e)
{
	struct query qq = { 0 };
	char limit[24];
	int rc;

	rc = build(&qq, db, ent, q, NULL, limit, e);
	query_free(&qq);
	return rc;
}

/* The filter of q as a person would type it, for the audit trail. */
static void
describe(const struct crm_find_query *q, char *buf, size_t bufsz)
{
	size_t i, len = 0;

	buf[0] = '\0';
#define PUT(...) (len += (size_t)snprintf(buf + len, len < bufsz ? \
	bufsz - len : 0, __VA_ARGS__))
	for (i = 0; i < q->nterms; i++)
		PUT("%s%s", len ? " " : "", q->terms[i]);
	for (i = 0; i < q->nfilters; i++)
		PUT("%s%s%c%s", len ? " " : "", q->filters[i].field,
		    q->filters[i].op, q->filters[i].value);
	if (q->owner != NULL)
		PUT("%s--owner %s", len ? " " : "", q->owner);
	if (q->tag != NULL)
		PUT("%s--tag %s", len ? " " : "", q->tag);
	if (q->archived)
		PUT("%s--archived", len ? " " : "");
#undef PUT
}

int
crm_find(struct crm_db *db, const struct crm_entity *ent,
    const struct crm_find_query *q, struct crm_writer *w, long *count,
    struct crm_err *e)
{
	struct crm_err le = { 0 };
	char filter[512];
	int64_t audit = 0;
	long n = 0;
	int rc = CRM_OK;

	if (count != NULL)
		*count = 0;
	/* An export is audited before its first byte, or does not happen. */
	if (q->export_format != NULL) {
		describe(q, filter, sizeof(filter));
		if ((rc = crm_access_export_start(db, ent->name,
		    q->export_format, filter[0] ? filter : NULL, &audit, e)) !=
		    CRM_OK)
			return rc;
	}
	if (w != NULL && crm_writer_header(w) != CRM_OK)
		rc = crm_err_set(e, CRM_EDB, "%s", crm_writer_error(w));
	else if ((rc = crm_db_read_begin(db, e)) == CRM_OK)
		rc = run(db, ent, q, w, &n, NULL, e);
	crm_db_read_end(db);
	if (count != NULL)
		*count = n;
	if (crm_access_export_end(db, audit, w != NULL ?
	    crm_writer_written(w) : n, &le) != CRM_OK && rc == CRM_OK)
		rc = crm_err_set(e, le.code, "%s", le.msg);
	return rc;
}

/* Columns of a candidate in a table for people: enough to tell them apart. */
#define CANDIDATE_COLS 6

/*
 * Write the records term could mean, at most 20, to out: a table of their
 * first columns, or every field in the format the user chose.
 */
static int
list_candidates(struct crm_db *db, const struct crm_entity *ent,
    struct crm_find_query *q, const struct crm_common *c, FILE *out,
    struct crm_err *e)
{
	struct crm_writer *w;
	long n;
	int rc;

	if (!c->format_given || c->format == CRM_FMT_TABLE)
		w = crm_writer_new(out, CRM_FMT_TABLE, crm_entity_cols(ent),
		    CANDIDATE_COLS);
	else {
		/* Whole records for a program: an export like crm-find's. */
		w = crm_writer_new(out, c->format, crm_entity_cols(ent),
		    ent->nfields);
		q->export_format = crm_format_name(c->format);
	}
	if (w == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	q->limit = 20;
	rc = crm_find(db, ent, q, w, &n, e);
	if (crm_writer_end(w) != CRM_OK && rc == CRM_OK)
		rc = crm_err_output(e, errno, 0);
	return rc;
}

int
crm_resolve(struct crm_db *db, const struct crm_entity *ent,
    const char *term, int64_t *id, const struct crm_common *c, FILE *out,
    struct crm_err *e)
{
	struct crm_find_query q = { 0 };
	const char *terms[1] = { term };
	long n = 0;
	int rc, found = 0;

	*id = 0;
	if ((*id = crm_positive(term)) > 0) {
		if ((rc = crm_access_find(db, ent, *id, &found, e)) != CRM_OK)
			return rc;
		if (found)
			return CRM_OK;
		*id = 0;
	}
	q.terms = terms;
	q.nterms = 1;
	/* Active records first; archived ones only when nothing else does. */
	for (q.archived = 0; q.archived <= 1; q.archived++) {
		q.limit = 2;
		if ((rc = run(db, ent, &q, NULL, &n, id, e)) != CRM_OK)
			return rc;
		if (n > 0)
			break;
	}
	if (n == 1)
		return CRM_OK;
	*id = 0;
	if (n == 0)
		return crm_err_set(e, CRM_ENOTFOUND, "no %s matches \"%s\"",
		    ent->name, term);
	/* Ids of candidates must not flow on as if they were the answer. */
	if (out != NULL && c != NULL && !c->quiet &&
	    (rc = list_candidates(db, ent, &q, c, out, e)) != CRM_OK)
		return rc;
	return crm_err_set(e, CRM_ENOTFOUND, "\"%s\" matches more than one "
	    "%s; give an id", term, ent->name);
}
