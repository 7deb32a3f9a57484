/*
 * report.c - supervisor reports: what each manager did in a period
 * (activity), how far their plans are (plan), their open deals
 * (pipeline) and the simple problems in their records (quality).
 *
 * Every figure is one count or sum over the rows of a manager, and the
 * whole section is computed with one grouped statement per figure (or
 * family of figures, such as calls by status): the rows of each user are
 * read through the index on (manager or owner, time), grouped by manager.
 * The same WHERE text counts a figure and lists its rows (--rows), so a
 * figure and its rows cannot disagree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crm-internal.h"

#define MAXCOLS 64
#define NOBODY "(nobody)"

enum { SEC_ACTIVITY, SEC_PIPELINE, SEC_QUALITY, NSECS };

static const char *const sec_names[NSECS] = { "activity", "pipeline",
    "quality" };
static const unsigned sec_bits[NSECS] = { CRM_REPORT_ACTIVITY,
    CRM_REPORT_PIPELINE, CRM_REPORT_QUALITY };

#define NO_EXTRA NULL, NULL, NULL

/*
 * A figure, or a family of figures split by a column.  In where, ?2 and
 * ?3 are the bounds of the period, ?4 the currency of deal.currency, ?5
 * now; all stored-form text.
 */
static const struct spec {
	int section;
	const char *table, *owner;
	const char *name;	/* the figure; with split, the sum of the parts
				   (NULL: none) */
	const char *prefix;	/* with split: each part is prefix + value */
	const char *split;	/* the column that splits, or NULL */
	const char *known;	/* the parts shown even when 0: "a,b", or
				   "@setting" for its pick list */
	int money;
	const char *where;
	const char *extra;	/* a second figure of the same rows, or NULL */
	const char *extra_agg;	/* its value: a sum over the rows */
	const char *extra_cond;	/* the rows it sums, within where */
} specs[] = {
	{ SEC_ACTIVITY, "contacts", "owner", "contacts_added", NULL, NULL,
	  NULL, 0, "created_at >= ?2 AND created_at < ?3", NO_EXTRA },
	{ SEC_ACTIVITY, "calls", "manager", "calls", "calls_", "status",
	  "@call.statuses", 0, "at >= ?2 AND at < ?3", NO_EXTRA },
	{ SEC_ACTIVITY, "meetings", "manager", "meetings", "meetings_",
	  "status", "planned,held,cancelled,no_show", 0,
	  "at >= ?2 AND at < ?3", NO_EXTRA },
	{ SEC_ACTIVITY, "tasks", "assignee", "tasks_done", NULL, NULL, NULL, 0,
	  "done_at >= ?2 AND done_at < ?3", NO_EXTRA },
	{ SEC_ACTIVITY, "tasks", "assignee", "tasks_overdue", NULL, NULL,
	  NULL, 0, "due >= ?2 AND due < ?3 AND due < ?5"
	  " AND (done_at IS NULL OR done_at > due)", NO_EXTRA },
	{ SEC_ACTIVITY, "deals", "manager", "deals_opened", NULL, NULL, NULL,
	  0, "created_at >= ?2 AND created_at < ?3", NO_EXTRA },
	{ SEC_ACTIVITY, "deals", "manager", NULL, "deals_", "stage",
	  "won,lost", 0, "stage IN ('won', 'lost') AND closed_at >= ?2"
	  " AND closed_at < ?3", "revenue_won",
	  "coalesce(sum(CASE WHEN stage = 'won' AND currency = ?4"
	  " THEN amount END), 0)", "stage = 'won' AND currency = ?4" },
	{ SEC_PIPELINE, "deals", "manager", "open_deals", "open_", "stage",
	  "@deal.stages", 0, "stage NOT IN ('won', 'lost')"
	  " AND archived_at IS NULL", "open_amount",
	  "coalesce(sum(CASE WHEN currency = ?4 THEN amount END), 0)",
	  "currency = ?4" },
	{ SEC_QUALITY, "contacts", "owner", "contacts_no_contact_data", NULL,
	  NULL, NULL, 0, "archived_at IS NULL AND phone IS NULL"
	  " AND email IS NULL", NO_EXTRA },
	{ SEC_QUALITY, "meetings", "manager", "meetings_past_planned", NULL, NULL,
	  NULL, 0, "archived_at IS NULL AND status = 'planned' AND at < ?5",
	  NO_EXTRA },
	{ SEC_QUALITY, "tasks", "assignee", "tasks_open_overdue", NULL, NULL,
	  NULL, 0, "archived_at IS NULL AND done_at IS NULL AND due < ?5",
	  NO_EXTRA },
};
#define NSPECS (sizeof(specs) / sizeof(specs[0]))

/* A row of a section: a manager (or a time) and its figures. */
struct srow {
	char *key;
	int shown;		/* shown even when every figure is 0 */
	int64_t v[MAXCOLS];
};

/* A section: rows of managers or of times, columns of figures. */
struct section {
	int by_time;
	char *cols[MAXCOLS];
	int money[MAXCOLS];
	size_t ncols;
	struct srow *rows;
	size_t nrows, cap;
};

/* A plan of a period that meets the report's. */
struct planrow {
	char *manager;		/* NULL: the team */
	enum crm_metric m;
	char label[32];
	int64_t target, done;
};

struct crm_report {
	struct crm_period period;
	enum crm_report_by by;
	char *manager;
	unsigned sections;
	char now[21];
	struct section sec[NSECS];
	struct planrow *plans;
	size_t nplans;
};

const struct crm_col crm_report_cols[] = {
	{ "section", 0 }, { "period", 0 }, { "manager", 0 }, { "metric", 0 },
	{ "value", 1 }, { "target", 1 }, { "percent", 1 },
};
const size_t crm_report_ncols = sizeof(crm_report_cols) /
    sizeof(crm_report_cols[0]);

static const char *const by_names[] = { "manager", "day", "week", "month" };

int
crm_report_by_parse(const char *word, enum crm_report_by *by)
{
	size_t i;

	for (i = 0; i < sizeof(by_names) / sizeof(by_names[0]); i++)
		if (strcmp(word, by_names[i]) == 0) {
			*by = (enum crm_report_by)i;
			return CRM_OK;
		}
	return CRM_EUSAGE;
}

int
crm_report_sections_parse(const char *list, unsigned *sections,
    struct crm_err *e)
{
	const char *p = list, *end;
	size_t len;

	*sections = 0;
	while (*p != '\0') {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len == 8 && strncmp(p, "activity", 8) == 0)
			*sections |= CRM_REPORT_ACTIVITY;
		else if (len == 4 && strncmp(p, "plan", 4) == 0)
			*sections |= CRM_REPORT_PLAN;
		else if (len == 8 && strncmp(p, "pipeline", 8) == 0)
			*sections |= CRM_REPORT_PIPELINE;
		else if (len == 7 && strncmp(p, "quality", 7) == 0)
			*sections |= CRM_REPORT_QUALITY;
		else
			return crm_err_set(e, CRM_EUSAGE, "unknown section "
			    "\"%.*s\" (activity, plan, pipeline, quality)",
			    (int)len, p);
		p += len;
		if (*p == ',')
			p++;
	}
	if (*sections == 0)
		return crm_err_set(e, CRM_EUSAGE, "no section named");
	return CRM_OK;
}

static int
nomem(struct crm_err *e)
{
	return crm_err_set(e, CRM_EDB, "out of memory");
}

/* The column called name in s, added when new; -1 when full or no memory. */
static int
column(struct section *s, const char *name, int money)
{
	size_t i;

	for (i = 0; i < s->ncols; i++)
		if (strcmp(s->cols[i], name) == 0)
			return (int)i;
	if (s->ncols == MAXCOLS || (s->cols[s->ncols] = strdup(name)) == NULL)
		return -1;
	s->money[s->ncols] = money;
	return (int)s->ncols++;
}

/* The row keyed key in s, added when new; NULL when out of memory. */
static struct srow *
row(struct section *s, const char *key, int shown)
{
	struct srow *r;
	size_t i;

	for (i = 0; i < s->nrows; i++)
		if (strcmp(s->rows[i].key, key) == 0) {
			s->rows[i].shown |= shown;
			return &s->rows[i];
		}
	if (s->nrows == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;

		if ((r = realloc(s->rows, cap * sizeof(*r))) == NULL)
			return NULL;
		s->rows = r;
		s->cap = cap;
	}
	r = &s->rows[s->nrows];
	memset(r, 0, sizeof(*r));
	if ((r->key = strdup(key)) == NULL)
		return NULL;
	r->shown = shown;
	s->nrows++;
	return r;
}

/* The parts a spec shows even when 0, comma separated (malloc'd). */
static int
known_parts(struct crm_db *db, const struct spec *sp, char **out,
    struct crm_err *e)
{
	char *v = NULL;
	int rc;

	*out = NULL;
	if (sp->known == NULL)
		return CRM_OK;
	if (sp->known[0] != '@')
		return (*out = strdup(sp->known)) ? CRM_OK : nomem(e);
	if ((rc = crm_setting_get(db, sp->known + 1, &v, e)) != CRM_OK)
		return rc;
	*out = v ? crm_picklist_names(v) : strdup("");
	free(v);
	return *out ? CRM_OK : nomem(e);
}

/* Add the columns of sp to s, in order: the sum, then the known parts. */
static int
spec_columns(struct crm_db *db, const struct spec *sp, struct section *s,
    struct crm_err *e)
{
	char *parts, *p, *save = NULL, name[128];
	int rc;

	if (sp->name != NULL && column(s, sp->name, sp->money) < 0)
		return nomem(e);
	if ((rc = known_parts(db, sp, &parts, e)) != CRM_OK)
		return rc;
	if (parts == NULL)
		return sp->extra != NULL && column(s, sp->extra, 1) < 0 ?
		    nomem(e) : CRM_OK;
	for (p = strtok_r(parts, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		/* The pipeline is the deals not yet won nor lost. */
		if (sp->section == SEC_PIPELINE && (strcmp(p, "won") == 0 ||
		    strcmp(p, "lost") == 0))
			continue;
		snprintf(name, sizeof(name), "%s%s", sp->prefix, p);
		if (column(s, name, sp->money) < 0) {
			free(parts);
			return nomem(e);
		}
	}
	free(parts);
	if (sp->extra != NULL && column(s, sp->extra, 1) < 0)
		return nomem(e);
	return CRM_OK;
}

/*
 * The grouped statement of sp: rows of (owner, part or NULL, value,
 * extra value or 0).
 */
static int
spec_sql(const struct spec *sp, struct crm_buf *b)
{
	const char *agg = sp->money ? "coalesce(sum(amount), 0)" : "count(*)";
	const char *split = sp->split ? sp->split : "NULL";
	const char *extra = sp->extra_agg ? sp->extra_agg : "0";
	char sql[1024];
	int n;

	n = snprintf(sql, sizeof(sql), "SELECT %s, %s, %s, %s FROM %s WHERE %s"
	    " IN (SELECT login FROM users) AND %s GROUP BY %s%s%s", sp->owner,
	    split, agg, extra, sp->table, sp->owner, sp->where, sp->owner,
	    sp->split ? ", " : "", sp->split ? sp->split : "");
	if (n < 0 || (size_t)n >= sizeof(sql) || crm_buf_adds(b, sql))
		return CRM_EDB;
	/* Recorded calls of no one are the team's too. */
	if (strcmp(sp->table, "calls") == 0) {
		n = snprintf(sql, sizeof(sql), " UNION ALL SELECT NULL, %s, %s,"
		    " %s FROM %s WHERE %s IS NULL AND %s%s%s", split, agg,
		    extra, sp->table, sp->owner, sp->where,
		    sp->split ? " GROUP BY " : "", sp->split ? sp->split : "");
		if (n < 0 || (size_t)n >= sizeof(sql) || crm_buf_adds(b, sql))
			return CRM_EDB;
	}
	return crm_buf_add(b, "", 1);
}

/* Bind the bounds, the currency and now. */
static void
bind_common(sqlite3_stmt *st, const char *from, const char *to,
    const char *currency, const char *now)
{
	/* A parameter the statement lacks is SQLITE_RANGE: harmless. */
	sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, currency, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
}

/*
 * Run st (sp's statement, bound) into s: into the row of each manager, or
 * into rowkey (a time) for the manager the report is about (everyone's
 * when none).
 */
static int
spec_run(struct crm_db *db, struct crm_report *r, const struct spec *sp,
    sqlite3_stmt *st, struct section *s, const char *rowkey,
    struct crm_err *e)
{
	const char *owner, *part;
	char name[128];
	struct srow *rw;
	int64_t v, x;
	int step, c, t;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		owner = (const char *)sqlite3_column_text(st, 0);
		part = (const char *)sqlite3_column_text(st, 1);
		v = sqlite3_column_int64(st, 2);
		x = sqlite3_column_int64(st, 3);
		if (v == 0 && x == 0)
			continue;
		if (r->manager != NULL && (owner == NULL ||
		    strcmp(owner, r->manager) != 0))
			continue;
		if ((rw = row(s, rowkey ? rowkey : owner ? owner : NOBODY, 0)) ==
		    NULL)
			return nomem(e);
		if (sp->split != NULL) {
			snprintf(name, sizeof(name), "%s%s", sp->prefix,
			    part ? part : "");
			if ((c = column(s, name, sp->money)) < 0)
				return nomem(e);
			rw->v[c] += v;
		}
		if (sp->name != NULL) {
			if ((t = column(s, sp->name, sp->money)) < 0)
				return nomem(e);
			rw->v[t] += v;
		}
		if (sp->extra != NULL) {
			if ((t = column(s, sp->extra, 1)) < 0)
				return nomem(e);
			rw->v[t] += x;
		}
	}
	if (step != SQLITE_DONE)
		return crm_db_err(db, e, sp->name ? sp->name : sp->prefix);
	return CRM_OK;
}

/* The times of --by day, week or month: the periods cut to the report's. */
struct bucket {
	char label[32], from[21], to[21];
};

static int
buckets(const struct crm_report *r, struct bucket **bp, size_t *nb,
    struct crm_err *e)
{
	static const enum crm_period_kind kinds[] = { CRM_PERIOD_DAY,
	    CRM_PERIOD_DAY, CRM_PERIOD_WEEK, CRM_PERIOD_MONTH };
	struct bucket *b = NULL, *nbuf;
	struct crm_period p;
	char day[11];
	size_t n = 0, cap = 0;
	struct tm tm;
	int rc;

	snprintf(day, sizeof(day), "%s", r->period.first);
	for (;;) {
		if ((rc = crm_period_at(kinds[r->by], day, &p, e)) != CRM_OK)
			break;
		if (strcmp(p.from, r->period.to) >= 0)
			break;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((nbuf = realloc(b, cap * sizeof(*b))) == NULL) {
				rc = nomem(e);
				break;
			}
			b = nbuf;
		}
		snprintf(b[n].label, sizeof(b[n].label), "%s", p.label);
		snprintf(b[n].from, sizeof(b[n].from), "%s",
		    strcmp(p.from, r->period.from) < 0 ? r->period.from :
		    p.from);
		snprintf(b[n].to, sizeof(b[n].to), "%s",
		    strcmp(p.to, r->period.to) > 0 ? r->period.to : p.to);
		n++;
		/* The next period starts on the local day of this one's end. */
		if (localtime_r(&p.end, &tm) == NULL) {
			rc = crm_err_set(e, CRM_EDB, "cannot tell a date");
			break;
		}
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	}
	if (rc != CRM_OK) {
		free(b);
		return rc;
	}
	*bp = b;
	*nb = n;
	return CRM_OK;
}

/* Fill the sections of r but the plan's. */
static int
run_sections(struct crm_db *db, struct crm_report *r, const char *currency,
    struct crm_err *e)
{
	struct bucket *b = NULL;
	size_t nb = 0, i, k;
	struct crm_buf sql = { 0 };
	sqlite3_stmt *st;
	int rc = CRM_OK;

	if (r->by != CRM_REPORT_BY_MANAGER) {
		if ((rc = buckets(r, &b, &nb, e)) != CRM_OK)
			return rc;
		r->sec[SEC_ACTIVITY].by_time = 1;
		/* Every time has its row, in order, even when empty. */
		for (k = 0; k < nb; k++)
			if (row(&r->sec[SEC_ACTIVITY], b[k].label, 1) == NULL) {
				free(b);
				return nomem(e);
			}
	}
	for (i = 0; rc == CRM_OK && i < NSPECS; i++) {
		const struct spec *sp = &specs[i];
		struct section *s = &r->sec[sp->section];

		if (!(r->sections & sec_bits[sp->section]))
			continue;
		if ((rc = spec_columns(db, sp, s, e)) != CRM_OK)
			break;
		sql.len = 0;
		if (spec_sql(sp, &sql) != CRM_OK) {
			rc = nomem(e);
			break;
		}
		if ((rc = crm_db_prepare(db, sql.p, &st, e)) != CRM_OK)
			break;
		if (s->by_time) {
			for (k = 0; rc == CRM_OK && k < nb; k++) {
				sqlite3_reset(st);
				bind_common(st, b[k].from, b[k].to, currency,
				    r->now);
				rc = spec_run(db, r, sp, st, s, b[k].label, e);
			}
		} else {
			bind_common(st, r->period.from, r->period.to, currency,
			    r->now);
			rc = spec_run(db, r, sp, st, s, NULL, e);
		}
		sqlite3_finalize(st);
	}
	crm_buf_free(&sql);
	free(b);
	return rc;
}

/* The values of one metric over one period, every manager's. */
struct done_cache {
	enum crm_metric m;
	char from[21], to[21];
	char **logins;
	int64_t *values;
	size_t n;
	int64_t team;
};

static int
cache_add(void *arg, const char *manager, int64_t value, struct crm_err *e)
{
	struct done_cache *c = arg;
	char **l;
	int64_t *v;

	c->team += value;
	if (manager == NULL)
		return CRM_OK;
	if ((l = realloc(c->logins, (c->n + 1) * sizeof(*l))) == NULL)
		return nomem(e);
	c->logins = l;
	if ((v = realloc(c->values, (c->n + 1) * sizeof(*v))) == NULL)
		return nomem(e);
	c->values = v;
	if ((c->logins[c->n] = strdup(manager)) == NULL)
		return nomem(e);
	c->values[c->n++] = value;
	return CRM_OK;
}

static void
cache_free(struct done_cache *c, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < c[i].n; j++)
			free(c[i].logins[j]);
		free(c[i].logins);
		free(c[i].values);
	}
	free(c);
}

/*
 * The plans of weeks, months and quarters that meet the report's period,
 * each with what is done over its own period: one grouped statement per
 * metric and period, shared by every manager's plan.
 */
static int
run_plans(struct crm_db *db, struct crm_report *r, struct crm_err *e)
{
	struct done_cache *cache = NULL, *nc;
	size_t ncache = 0, i;
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = crm_db_prepare(db, "SELECT manager, metric, period_kind,"
	    " period_start, target FROM plans WHERE period_start <= ?1"
	    " AND (?2 IS NULL OR manager = ?2) ORDER BY coalesce(manager, ''),"
	    " metric, CASE period_kind WHEN 'week' THEN 0 WHEN 'month' THEN 1"
	    " ELSE 2 END, period_start", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, r->period.last, -1, SQLITE_STATIC);
	crm_bind_text(st, 2, r->manager);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *manager = (const char *)sqlite3_column_text(st, 0);
		const char *metric = (const char *)sqlite3_column_text(st, 1);
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		const char *start = (const char *)sqlite3_column_text(st, 3);
		struct planrow *pr;
		enum crm_period_kind k;
		struct crm_period p;
		enum crm_metric m;
		struct done_cache *c = NULL;

		if (metric == NULL || kind == NULL || start == NULL ||
		    crm_metric_parse(metric, &m, e) != CRM_OK ||
		    crm_period_kind_parse(kind, &k) != CRM_OK ||
		    crm_period_at(k, start, &p, e) != CRM_OK) {
			rc = crm_err_set(e, CRM_EDB, "a plan is damaged");
			break;
		}
		if (strcmp(p.last, r->period.first) < 0)
			continue;
		for (i = 0; i < ncache; i++)
			if (cache[i].m == m && strcmp(cache[i].from, p.from) ==
			    0 && strcmp(cache[i].to, p.to) == 0)
				c = &cache[i];
		if (c == NULL) {
			if ((nc = realloc(cache, (ncache + 1) *
			    sizeof(*nc))) == NULL) {
				rc = nomem(e);
				break;
			}
			cache = nc;
			c = &cache[ncache++];
			memset(c, 0, sizeof(*c));
			c->m = m;
			snprintf(c->from, sizeof(c->from), "%s", p.from);
			snprintf(c->to, sizeof(c->to), "%s", p.to);
			if ((rc = crm_metric_values(db, m, p.from, p.to,
			    cache_add, c, e)) != CRM_OK)
				break;
		}
		if ((pr = realloc(r->plans, (r->nplans + 1) * sizeof(*pr))) ==
		    NULL) {
			rc = nomem(e);
			break;
		}
		r->plans = pr;
		pr = &r->plans[r->nplans];
		memset(pr, 0, sizeof(*pr));
		if (manager != NULL && (pr->manager = strdup(manager)) == NULL) {
			rc = nomem(e);
			break;
		}
		r->nplans++;
		pr->m = m;
		snprintf(pr->label, sizeof(pr->label), "%s", p.label);
		pr->target = sqlite3_column_int64(st, 4);
		pr->done = manager == NULL ? c->team : 0;
		for (i = 0; manager != NULL && i < c->n; i++)
			if (strcmp(c->logins[i], manager) == 0)
				pr->done = c->values[i];
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "plans");
	sqlite3_finalize(st);
	cache_free(cache, ncache);
	return rc;
}

/* A row for every active user (or the one the report is about), by login. */
static int
manager_rows(struct crm_db *db, struct crm_report *r, struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc, step, i;

	if ((rc = crm_db_prepare(db, "SELECT login FROM users WHERE"
	    " (?1 IS NULL AND active = 1) OR login = ?1 ORDER BY login", &st,
	    e)) != CRM_OK)
		return rc;
	crm_bind_text(st, 1, r->manager);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		for (i = 0; i < NSECS; i++)
			if (!r->sec[i].by_time && row(&r->sec[i],
			    (const char *)sqlite3_column_text(st, 0), 1) ==
			    NULL) {
				sqlite3_finalize(st);
				return nomem(e);
			}
	rc = step == SQLITE_DONE ? CRM_OK : crm_db_err(db, e, "users");
	sqlite3_finalize(st);
	return rc;
}

int
crm_report_run(struct crm_db *db, const struct crm_report_query *q,
    struct crm_report **rp, struct crm_err *e)
{
	struct crm_report *r;
	char *currency = NULL;
	int rc;

	*rp = NULL;
	if ((rc = crm_access_need(db, CRM_ROLES_SUPERVISE, "reports", e)) !=
	    CRM_OK)
		return rc;
	if (q->manager != NULL && crm_status_user(db, q->manager, e) !=
	    CRM_OK)
		return crm_err_set(e, CRM_ENOTFOUND, "no user \"%s\"",
		    q->manager);
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return nomem(e);
	r->period = *q->period;
	r->by = q->by;
	r->sections = q->sections ? q->sections : CRM_REPORT_ALL;
	crm_time_iso(q->now, r->now, sizeof(r->now));
	if (q->manager != NULL && (r->manager = strdup(q->manager)) == NULL) {
		free(r);
		return nomem(e);
	}
	if (r->by != CRM_REPORT_BY_MANAGER)
		r->sec[SEC_ACTIVITY].by_time = 1;
	if ((rc = crm_setting_get(db, "deal.currency", &currency, e)) ==
	    CRM_OK && (rc = manager_rows(db, r, e)) == CRM_OK &&
	    (rc = run_sections(db, r, currency ? currency : "EUR", e)) ==
	    CRM_OK && (r->sections & CRM_REPORT_PLAN))
		rc = run_plans(db, r, e);
	free(currency);
	if (rc != CRM_OK) {
		crm_report_free(r);
		return rc;
	}
	*rp = r;
	return CRM_OK;
}

void
crm_report_free(struct crm_report *r)
{
	size_t i, j;

	if (r == NULL)
		return;
	for (i = 0; i < NSECS; i++) {
		for (j = 0; j < r->sec[i].ncols; j++)
			free(r->sec[i].cols[j]);
		for (j = 0; j < r->sec[i].nrows; j++)
			free(r->sec[i].rows[j].key);
		free(r->sec[i].rows);
	}
	for (i = 0; i < r->nplans; i++)
		free(r->plans[i].manager);
	free(r->plans);
	free(r->manager);
	free(r);
}

/* Whether row rw of s is printed: asked for, or with a figure. */
static int
row_shown(const struct section *s, const struct srow *rw)
{
	size_t c;

	if (rw->shown)
		return 1;
	for (c = 0; c < s->ncols; c++)
		if (rw->v[c] != 0)
			return 1;
	return 0;
}

/*
 * The rows of section i as printed: the shown ones, then (by manager, for
 * everyone) the team's, the sum of all, into *team.  Returns whether the
 * team row is printed.
 */
static int
team_row(const struct crm_report *r, int i, struct srow *team)
{
	const struct section *s = &r->sec[i];
	size_t j, c;

	memset(team, 0, sizeof(*team));
	team->key = (char *)"team";
	for (j = 0; j < s->nrows; j++)
		for (c = 0; c < s->ncols; c++)
			team->v[c] += s->rows[j].v[c];
	return !s->by_time && r->manager == NULL;
}

static void
value_text(const struct section *s, size_t c, int64_t v, char *buf,
    size_t bufsz)
{
	if (s->money[c])
		crm_money_format(v, buf, bufsz);
	else
		snprintf(buf, bufsz, "%lld", (long long)v);
}

/* The period a row of section i is about, and whose it is. */
static void
row_labels(const struct crm_report *r, int i, const struct srow *rw,
    const char **period, const char **manager)
{
	if (r->sec[i].by_time) {
		*period = rw->key;
		*manager = r->manager ? r->manager : "team";
	} else {
		*period = i == SEC_ACTIVITY ? r->period.label : "now";
		*manager = rw->key;
	}
}

static int
percent_text(int64_t done, int64_t target, char *buf, size_t bufsz)
{
	if (target <= 0)
		return 0;
	snprintf(buf, bufsz, "%lld", (long long)crm_percent(done, target));
	return 1;
}

/* One figure a row, for pipes. */
static int
write_long(const struct crm_report *r, enum crm_format f, FILE *fp)
{
	struct crm_writer *w;
	const char *vals[7];
	char vbuf[32], tbuf[32], pbuf[32];
	struct srow team;
	size_t j, c;
	int i, rc = CRM_OK, order[] = { SEC_ACTIVITY, -1, SEC_PIPELINE,
	    SEC_QUALITY }, k;

	if ((w = crm_writer_new(fp, f, crm_report_cols, crm_report_ncols)) ==
	    NULL || crm_writer_header(w) != CRM_OK) {
		crm_writer_end(w);
		return CRM_EDB;
	}
	for (k = 0; k < 4 && rc == CRM_OK; k++) {
		if ((i = order[k]) < 0) {
			if (!(r->sections & CRM_REPORT_PLAN))
				continue;
			for (j = 0; j < r->nplans && rc == CRM_OK; j++) {
				const struct planrow *p = &r->plans[j];

				vals[0] = "plan";
				vals[1] = p->label;
				vals[2] = p->manager ? p->manager : "team";
				vals[3] = crm_metric_name(p->m);
				vals[4] = crm_metric_format(p->m, p->done,
				    vbuf, sizeof(vbuf));
				vals[5] = crm_metric_format(p->m, p->target,
				    tbuf, sizeof(tbuf));
				vals[6] = percent_text(p->done, p->target,
				    pbuf, sizeof(pbuf)) ? pbuf : NULL;
				rc = crm_writer_row(w, vals);
			}
			continue;
		}
		if (!(r->sections & sec_bits[i]))
			continue;
		for (j = 0; j <= r->sec[i].nrows && rc == CRM_OK; j++) {
			const struct srow *rw = j < r->sec[i].nrows ?
			    &r->sec[i].rows[j] : NULL;

			if (j == r->sec[i].nrows) {
				if (!team_row(r, i, &team))
					break;
				rw = &team;
			} else if (!row_shown(&r->sec[i], rw))
				continue;
			for (c = 0; c < r->sec[i].ncols && rc == CRM_OK; c++) {
				vals[0] = sec_names[i];
				row_labels(r, i, rw, &vals[1], &vals[2]);
				vals[3] = r->sec[i].cols[c];
				value_text(&r->sec[i], c, rw->v[c], vbuf,
				    sizeof(vbuf));
				vals[4] = vbuf;
				vals[5] = vals[6] = NULL;
				rc = crm_writer_row(w, vals);
			}
		}
	}
	if (crm_writer_end(w) != CRM_OK)
		rc = CRM_EDB;
	return rc;
}

/* The heading of section name, as text without newline, into buf. */
static void
heading_text(const struct crm_report *r, const char *name, char *buf,
    size_t bufsz)
{
	int snap = strcmp(name, "pipeline") == 0 ||
	    strcmp(name, "quality") == 0;
	char days[32];

	/* A range's label is its days already. */
	snprintf(days, sizeof(days), " (%s..%s)", r->period.first,
	    r->period.last);
	snprintf(buf, bufsz, "%s: %s%s%s%s%s%s", name, r->period.label,
	    r->period.kind == CRM_PERIOD_RANGE ? "" : days,
	    strcmp(name, "activity") == 0 ? ", by " : "",
	    strcmp(name, "activity") == 0 ? by_names[r->by] : "",
	    r->manager ? ", " : "", r->manager ? r->manager : "");
	if (snap)
		snprintf(buf, bufsz, "%s: now%s%s", name, r->manager ? ", " :
		    "", r->manager ? r->manager : "");
}

static void
heading(const struct crm_report *r, const char *name, FILE *fp)
{
	char buf[256];

	heading_text(r, name, buf, sizeof(buf));
	crm_term_put(fp, buf);
	putc('\n', fp);
}

/* One table per section, for people. */
static int
write_tables(const struct crm_report *r, FILE *fp)
{
	static const struct crm_col plan_cols[] = { { "manager", 0 },
	    { "metric", 0 }, { "period", 0 }, { "target", 1 }, { "done", 1 },
	    { "percent", 1 } };
	struct crm_col cols[MAXCOLS + 1];
	const char *vals[MAXCOLS + 1];
	char buf[MAXCOLS + 1][32];
	struct crm_writer *w;
	struct srow team;
	size_t j, c;
	int i, k, rc = CRM_OK, first = 1, order[] = { SEC_ACTIVITY, -1,
	    SEC_PIPELINE, SEC_QUALITY };

	for (k = 0; k < 4 && rc == CRM_OK; k++) {
		i = order[k];
		if (i < 0 ? !(r->sections & CRM_REPORT_PLAN) :
		    !(r->sections & sec_bits[i]))
			continue;
		if (!first)
			fputc('\n', fp);
		first = 0;
		heading(r, i < 0 ? "plan" : sec_names[i], fp);
		if (i < 0 && r->nplans == 0) {
			fprintf(fp, "(no plans)\n");
			continue;
		}
		if (i < 0) {
			if ((w = crm_writer_new(fp, CRM_FMT_TABLE, plan_cols,
			    6)) == NULL)
				return CRM_EDB;
			for (j = 0; j < r->nplans && rc == CRM_OK; j++) {
				const struct planrow *p = &r->plans[j];

				vals[0] = p->manager ? p->manager : "team";
				vals[1] = crm_metric_name(p->m);
				vals[2] = p->label;
				vals[3] = crm_metric_format(p->m, p->target,
				    buf[0], sizeof(buf[0]));
				vals[4] = crm_metric_format(p->m, p->done,
				    buf[1], sizeof(buf[1]));
				vals[5] = percent_text(p->done, p->target,
				    buf[2], sizeof(buf[2])) ? buf[2] : "-";
				rc = crm_writer_row(w, vals);
			}
			if (crm_writer_end(w) != CRM_OK)
				rc = CRM_EDB;
			continue;
		}
		cols[0].name = r->sec[i].by_time ? by_names[r->by] : "manager";
		cols[0].numeric = 0;
		for (c = 0; c < r->sec[i].ncols; c++) {
			cols[c + 1].name = r->sec[i].cols[c];
			cols[c + 1].numeric = 1;
		}
		if ((w = crm_writer_new(fp, CRM_FMT_TABLE, cols,
		    r->sec[i].ncols + 1)) == NULL)
			return CRM_EDB;
		for (j = 0; j <= r->sec[i].nrows && rc == CRM_OK; j++) {
			const struct srow *rw = j < r->sec[i].nrows ?
			    &r->sec[i].rows[j] : NULL;

			if (j == r->sec[i].nrows) {
				if (!team_row(r, i, &team))
					break;
				rw = &team;
			} else if (!row_shown(&r->sec[i], rw))
				continue;
			vals[0] = rw->key;
			for (c = 0; c < r->sec[i].ncols; c++) {
				value_text(&r->sec[i], c, rw->v[c], buf[c],
				    sizeof(buf[c]));
				vals[c + 1] = buf[c];
			}
			rc = crm_writer_row(w, vals);
		}
		if (crm_writer_end(w) != CRM_OK)
			rc = CRM_EDB;
	}
	return rc;
}

int
crm_report_write(const struct crm_report *r, enum crm_format f, FILE *fp,
    struct crm_err *e)
{
	int rc;

	rc = f == CRM_FMT_TABLE ? write_tables(r, fp) : write_long(r, f, fp);
	if (rc == CRM_OK && fflush(fp) != 0)
		rc = CRM_EDB;
	return rc == CRM_OK ? CRM_OK :
	    crm_err_output(e, errno, 0);
}

/* s with & < > " ' escaped for HTML. */
static void
html_text(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
}

#define CSS_TABLE "border-collapse:collapse;margin:4px 0 12px 0;" \
	"font-size:13px"
#define CSS_TH "border-bottom:2px solid #888;padding:3px 8px;" \
	"text-align:right;background:#f0f0f0"
#define CSS_TD "border-bottom:1px solid #ddd;padding:3px 8px;" \
	"text-align:right"
#define CSS_KEY "text-align:left"

/* A horizontal bar chart of one figure over labelled rows, as inline SVG. */
static void
svg_bars(FILE *fp, const char *title, const char *const *labels,
    const int64_t *values, size_t n, int money)
{
	int64_t max = 0;
	size_t i;
	char buf[32];
	int h = 22 + (int)n * 18;

	for (i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"460\""
	    " height=\"%d\" role=\"img\" style=\"display:block;margin:4px 0"
	    " 12px 0\"><title>", h);
	html_text(fp, title);
	fprintf(fp, "</title><text x=\"0\" y=\"14\" font-family=\"sans-serif\""
	    " font-size=\"13\" font-weight=\"bold\">");
	html_text(fp, title);
	fputs("</text>\n", fp);
	for (i = 0; i < n; i++) {
		int y = 22 + (int)i * 18;
		long wpx = max > 0 ? (long)(values[i] * 260 / max) : 0;

		fprintf(fp, "<text x=\"0\" y=\"%d\" font-family=\"sans-serif\""
		    " font-size=\"12\">", y + 12);
		html_text(fp, labels[i]);
		fprintf(fp, "</text><rect x=\"120\" y=\"%d\" width=\"%ld\""
		    " height=\"14\" fill=\"#4a7ebb\"/>", y + 1, wpx);
		if (money)
			crm_money_format(values[i], buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%lld",
			    (long long)values[i]);
		fprintf(fp, "<text x=\"%ld\" y=\"%d\" font-family=\"sans-serif\""
		    " font-size=\"12\">", 126 + wpx, y + 12);
		html_text(fp, buf);
		fputs("</text>\n", fp);
	}
	fputs("</svg>\n", fp);
}

/* A progress bar of a plan, as inline SVG. */
static void
svg_progress(FILE *fp, int64_t done, int64_t target)
{
	int64_t pct = crm_percent(done, target);
	long wpx = pct > 100 ? 100 : pct < 0 ? 0 : (long)pct;

	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"102\""
	    " height=\"12\"><rect x=\"0.5\" y=\"0.5\" width=\"101\""
	    " height=\"11\" fill=\"#eee\" stroke=\"#999\"/><rect x=\"1\""
	    " y=\"1\" width=\"%ld\" height=\"10\" fill=\"%s\"/></svg>", wpx,
	    pct >= 100 ? "#3a9a4a" : "#4a7ebb");
}

/* The figures of the activity section worth a chart. */
static const char *const charted[] = { "calls", "meetings_held",
    "deals_won", "revenue_won", "open_amount", NULL };

static int
html_section(const struct crm_report *r, int i, FILE *fp)
{
	const struct section *s = &r->sec[i];
	const char **labels;
	int64_t *values;
	struct srow team;
	size_t j, c, n;
	char buf[32], title[256];
	int k;

	heading_text(r, sec_names[i], title, sizeof(title));
	fprintf(fp, "<h2 style=\"font-size:16px;margin:16px 0 4px 0\">");
	html_text(fp, title);
	fprintf(fp, "</h2>\n<table style=\"%s\"><tr><th style=\"%s;%s\">%s"
	    "</th>", CSS_TABLE, CSS_TH, CSS_KEY, s->by_time ? by_names[r->by] :
	    "manager");
	for (c = 0; c < s->ncols; c++) {
		fprintf(fp, "<th style=\"%s\">", CSS_TH);
		html_text(fp, s->cols[c]);
		fputs("</th>", fp);
	}
	fputs("</tr>\n", fp);
	for (j = 0; j <= s->nrows; j++) {
		const struct srow *rw = j < s->nrows ? &s->rows[j] :
		    NULL;
		int bold = 0;

		if (j == s->nrows) {
			if (!team_row(r, i, &team))
				break;
			rw = &team;
			bold = 1;
		} else if (!row_shown(s, rw))
			continue;
		fprintf(fp, "<tr%s><td style=\"%s;%s\">", bold ?
		    " style=\"font-weight:bold\"" : "", CSS_TD, CSS_KEY);
		html_text(fp, rw->key);
		fputs("</td>", fp);
		for (c = 0; c < s->ncols; c++) {
			value_text(s, c, rw->v[c], buf, sizeof(buf));
			fprintf(fp, "<td style=\"%s\">", CSS_TD);
			html_text(fp, buf);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
	if ((labels = calloc(s->nrows + 1, sizeof(*labels))) == NULL ||
	    (values = calloc(s->nrows + 1, sizeof(*values))) == NULL) {
		free(labels);
		return CRM_EDB;
	}
	for (k = 0; charted[k] != NULL; k++)
		for (c = 0; c < s->ncols; c++) {
			if (strcmp(s->cols[c], charted[k]) != 0)
				continue;
			for (j = n = 0; j < s->nrows; j++)
				if (row_shown(s, &s->rows[j])) {
					labels[n] = s->rows[j].key;
					values[n++] = s->rows[j].v[c];
				}
			if (n > 0)
				svg_bars(fp, s->cols[c], labels, values, n,
				    s->money[c]);
		}
	free(labels);
	free(values);
	return CRM_OK;
}

static void
html_plans(const struct crm_report *r, FILE *fp)
{
	static const char *const head[] = { "manager", "metric", "period",
	    "target", "done", "percent", "" };
	char tbuf[32], dbuf[32], pbuf[32], title[256];
	size_t j, c;

	heading_text(r, "plan", title, sizeof(title));
	fprintf(fp, "<h2 style=\"font-size:16px;margin:16px 0 4px 0\">");
	html_text(fp, title);
	fputs("</h2>\n", fp);
	if (r->nplans == 0) {
		fputs("<p style=\"font-size:13px\">(no plans)</p>\n", fp);
		return;
	}
	fprintf(fp, "<table style=\"%s\"><tr>", CSS_TABLE);
	for (c = 0; c < 7; c++)
		fprintf(fp, "<th style=\"%s%s\">%s</th>", CSS_TH, c < 3 ?
		    ";" CSS_KEY : "", head[c]);
	fputs("</tr>\n", fp);
	for (j = 0; j < r->nplans; j++) {
		const struct planrow *p = &r->plans[j];
		const char *v[6];

		v[0] = p->manager ? p->manager : "team";
		v[1] = crm_metric_name(p->m);
		v[2] = p->label;
		v[3] = crm_metric_format(p->m, p->target, tbuf, sizeof(tbuf));
		v[4] = crm_metric_format(p->m, p->done, dbuf, sizeof(dbuf));
		v[5] = percent_text(p->done, p->target, pbuf, sizeof(pbuf)) ?
		    pbuf : "-";
		fputs("<tr>", fp);
		for (c = 0; c < 6; c++) {
			fprintf(fp, "<td style=\"%s%s\">", CSS_TD, c < 3 ?
			    ";" CSS_KEY : "");
			html_text(fp, v[c]);
			fputs("</td>", fp);
		}
		fprintf(fp, "<td style=\"%s\">", CSS_TD);
		svg_progress(fp, p->done, p->target);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

int
crm_report_html(const struct crm_report *r, FILE *fp, struct crm_err *e)
{
	int k, i, rc = CRM_OK, order[] = { SEC_ACTIVITY, -1, SEC_PIPELINE,
	    SEC_QUALITY };

	fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/>\n"
	    "<title>crm report ", fp);
	html_text(fp, r->period.label);
	fputs("</title></head>\n<body style=\"font-family:sans-serif;"
	    "color:#222;background:#fff;margin:12px\">\n<h1 style=\""
	    "font-size:20px;margin:0 0 8px 0\">crm report ", fp);
	html_text(fp, r->period.label);
	fputs("</h1>\n", fp);
	for (k = 0; k < 4 && rc == CRM_OK; k++) {
		i = order[k];
		if (i < 0) {
			if (r->sections & CRM_REPORT_PLAN)
				html_plans(r, fp);
		} else if (r->sections & sec_bits[i])
			rc = html_section(r, i, fp);
	}
	fputs("</body></html>\n", fp);
	if (rc != CRM_OK)
		return nomem(e);
	if (fflush(fp) != 0 || ferror(fp))
		return crm_err_output(e, errno, 0);
	return CRM_OK;
}

/* Text of n bytes as quoted-printable lines of at most 76 characters. */
static void
qp_write(FILE *fp, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, col = 0;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		char enc[4];
		size_t len;
		int at_eol = i + 1 == n || s[i + 1] == '\n';

		if (ch == '\n') {
			fputc('\n', fp);
			col = 0;
			continue;
		}
		if ((ch >= 33 && ch <= 126 && ch != '=') ||
		    ((ch == ' ' || ch == '\t') && !at_eol)) {
			enc[0] = (char)ch;
			len = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[ch >> 4];
			enc[2] = hex[ch & 15];
			len = 3;
		}
		/* Room for a soft break "=" unless this ends the line. */
		if (col + len > (at_eol ? 76u : 75u)) {
			fputs("=\n", fp);
			col = 0;
		}
		fwrite(enc, 1, len, fp);
		col += len;
	}
	if (col > 0)
		fputc('\n', fp);
}

/* Whether s is printable ASCII alone. */
static int
plain_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 32 || (unsigned char)*s > 126)
			return 0;
	return 1;
}

/*
 * A header's text as RFC 2047 encoded words (base64 UTF-8), folded, at
 * most 39 bytes of text each (encoded words of 64 characters, so that
 * every line stays under 78 behind a header's name), never
 * cutting a UTF-8 character.
 */
static void
header_words(FILE *fp, const char *s)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t len = strlen(s), off = 0, n, i;
	int first = 1;

	while (off < len) {
		n = len - off > 39 ? 39 : len - off;
		while (n > 1 && off + n < len &&
		    ((unsigned char)s[off + n] & 0xc0) == 0x80)
			n--;
		fputs(first ? "=?UTF-8?B?" : "\n =?UTF-8?B?", fp);
		first = 0;
		for (i = 0; i < n; i += 3) {
			unsigned v = (unsigned char)s[off + i] << 16;

			if (i + 1 < n)
				v |= (unsigned char)s[off + i + 1] << 8;
			if (i + 2 < n)
				v |= (unsigned char)s[off + i + 2];
			fputc(b64[v >> 18 & 63], fp);
			fputc(b64[v >> 12 & 63], fp);
			fputc(i + 1 < n ? b64[v >> 6 & 63] : '=', fp);
			fputc(i + 2 < n ? b64[v & 63] : '=', fp);
		}
		fputs("?=", fp);
		off += n;
	}
}

/* A header "Name: text": plain when short ASCII, else encoded words. */
static void
header(FILE *fp, const char *name, const char *text)
{
	fprintf(fp, "%s: ", name);
	if (plain_ascii(text) && strlen(name) + 2 + strlen(text) <= 78)
		fputs(text, fp);
	else
		header_words(fp, text);
	fputc('\n', fp);
}

/* The acting user as From: "Name <email>", else their login. */
static int
mail_from(struct crm_db *db, FILE *fp, struct crm_err *e)
{
	sqlite3_stmt *st;
	const char *name = NULL, *email = NULL;
	int rc;

	if ((rc = crm_db_prepare(db, "SELECT name, email FROM users"
	    " WHERE login = ?1", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, crm_db_actor(db), -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(st, 0);
		email = (const char *)sqlite3_column_text(st, 1);
	}
	fputs("From: ", fp);
	if (email != NULL && *email != '\0' && strpbrk(email, "\r\n<>") ==
	    NULL) {
		if (name != NULL && *name != '\0' && strpbrk(name, "\r\n") ==
		    NULL) {
			if (plain_ascii(name) && strpbrk(name, "\"\\") == NULL &&
			    strlen(name) + strlen(email) < 60)
				fprintf(fp, "\"%s\"", name);
			else
				header_words(fp, name);
			fputs("\n ", fp);
		}
		fprintf(fp, "<%s>\n", email);
	} else
		fprintf(fp, "%s\n", crm_db_actor(db));
	sqlite3_finalize(st);
	return CRM_OK;
}

/* Date in RFC 5322 form, in the local time zone, in English. */
static void
mail_date(FILE *fp, time_t now)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char zone[8];
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	fprintf(fp, "Date: %s, %d %s %04d %02d:%02d:%02d %s\n",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, zone);
}

int
crm_report_email(struct crm_db *db, const struct crm_report *r,
    const struct crm_report_mail *m, FILE *fp, struct crm_err *e)
{
	char *text = NULL, *html = NULL, boundary[80], subject[128], addr[256];
	size_t ntext = 0, nhtml = 0, i;
	FILE *mem;
	time_t now = time(NULL);
	int rc;

	if (m->nto == 0)
		return crm_err_set(e, CRM_EUSAGE, "-f email needs --to ADDRESS");
	for (i = 0; i < m->nto; i++)
		if (crm_email_normalize(m->to[i], addr, sizeof(addr), e) !=
		    CRM_OK)
			return crm_err_set(e, CRM_EUSAGE, "--to \"%s\" is not an "
			    "e-mail address", m->to[i]);
	if (m->subject != NULL && strpbrk(m->subject, "\r\n") != NULL)
		return crm_err_set(e, CRM_EUSAGE, "--subject has a line break");
	if ((mem = open_memstream(&text, &ntext)) == NULL)
		return nomem(e);
	rc = write_tables(r, mem);
	if (fclose(mem) != 0 || rc != CRM_OK) {
		free(text);
		return nomem(e);
	}
	if ((mem = open_memstream(&html, &nhtml)) == NULL) {
		free(text);
		return nomem(e);
	}
	rc = crm_report_html(r, mem, e);
	if (fclose(mem) != 0 || rc != CRM_OK) {
		free(text);
		free(html);
		return nomem(e);
	}
	/* "=_" never occurs in quoted-printable text: a safe boundary. */
	snprintf(boundary, sizeof(boundary), "=_crm_%lld_%ld",
	    (long long)now, (long)getpid());
	snprintf(subject, sizeof(subject), "crm report %s", r->period.label);
	if ((rc = mail_from(db, fp, e)) != CRM_OK) {
		free(text);
		free(html);
		return rc;
	}
	fputs("To: ", fp);
	for (i = 0; i < m->nto; i++) {
		crm_email_normalize(m->to[i], addr, sizeof(addr), NULL);
		fprintf(fp, "%s%s", i ? ",\n " : "", addr);
	}
	fputc('\n', fp);
	header(fp, "Subject", m->subject ? m->subject : subject);
	mail_date(fp, now);
	fprintf(fp, "Auto-Submitted: auto-generated\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/alternative;\n"
	    " boundary=\"%s\"\n\nThis is a report in MIME format.\n\n"
	    "--%s\nContent-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n", boundary,
	    boundary);
	qp_write(fp, text, ntext);
	fprintf(fp, "\n--%s\nContent-Type: text/html; charset=utf-8\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n", boundary);
	qp_write(fp, html, nhtml);
	fprintf(fp, "\n--%s--\n", boundary);
	free(text);
	free(html);
	if (fflush(fp) != 0 || ferror(fp))
		return crm_err_output(e, errno, 0);
	return CRM_OK;
}

/*
 * The spec that counts figure name, and the part it names (*part, when
 * split; copied to part).  Exact names first, then prefixes.
 */
static const struct spec *
find_spec(const char *name, char *part, size_t partsz, int *extra)
{
	size_t i, len;
	const char *p;

	*part = '\0';
	*extra = 0;
	for (i = 0; i < NSPECS; i++) {
		if (specs[i].name != NULL && strcmp(specs[i].name, name) == 0)
			return &specs[i];
		if (specs[i].extra != NULL && strcmp(specs[i].extra, name) ==
		    0) {
			*extra = 1;
			return &specs[i];
		}
	}
	for (i = 0; i < NSPECS; i++) {
		if (specs[i].split == NULL)
			continue;
		len = strlen(specs[i].prefix);
		if (strncmp(name, specs[i].prefix, len) != 0 ||
		    name[len] == '\0')
			continue;
		p = name + len;
		/* Fixed lists name their parts; pick lists any word. */
		if (specs[i].known[0] != '@') {
			char list[64];
			size_t n = strlen(p);
			const char *hit;

			snprintf(list, sizeof(list), ",%s,", specs[i].known);
			hit = strstr(list, p);
			if (hit == NULL || hit[-1] != ',' || hit[n] != ',')
				continue;
		} else if (strspn(p, "abcdefghijklmnopqrstuvwxyz_") !=
		    strlen(p))
			continue;
		snprintf(part, partsz, "%s", p);
		return &specs[i];
	}
	return NULL;
}

int
crm_report_rows(struct crm_db *db, const struct crm_report_query *q,
    const char *manager, const char *metric, const struct crm_common *c,
    FILE *out, long *count, struct crm_err *e)
{
	const struct crm_entity *ent;
	const struct spec *sp;
	const char *vals[64];
	char part[64], tail[1024], *sql = NULL, *currency = NULL, now[21];
	struct crm_writer *w;
	sqlite3_stmt *st;
	long n = 0;
	int rc, step, i, ncols, extra, team = strcmp(manager, "team") == 0,
	    nobody = strcmp(manager, NOBODY) == 0;

	if (count != NULL)
		*count = 0;
	if ((rc = crm_access_need(db, CRM_ROLES_SUPERVISE, "reports", e)) !=
	    CRM_OK)
		return rc;
	if ((sp = find_spec(metric, part, sizeof(part), &extra)) == NULL)
		return crm_err_set(e, CRM_EUSAGE, "unknown metric \"%s\" (the "
		    "metric column of a report: calls, calls_completed, "
		    "meetings_held, tasks_done ...)", metric);
	if (!team && !nobody && crm_status_user(db, manager, e) != CRM_OK)
		return crm_err_set(e, CRM_ENOTFOUND, "no user \"%s\"", manager);
	if ((ent = crm_entity_lookup(sp->table)) == NULL ||
	    (ncols = (int)ent->nfields) > 64)
		return crm_err_set(e, CRM_EDB, "no entity %s", sp->table);
	snprintf(tail, sizeof(tail), "WHERE %s%s%s%s%s%s ORDER BY t.id",
	    sp->where, *part ? " AND t." : "", *part ? sp->split : "",
	    *part ? " = ?6" : "", extra ? " AND " : "",
	    extra ? sp->extra_cond : "");
	if (!team) {
		/* The same WHERE as the figure's, narrowed to one owner. */
		size_t len = strlen(tail) - strlen(" ORDER BY t.id");

		snprintf(tail + len, sizeof(tail) - len, " AND t.%s %s ORDER BY"
		    " t.id", sp->owner, nobody ? "IS NULL" : "= ?1");
	}
	if ((rc = crm_setting_get(db, "deal.currency", &currency, e)) !=
	    CRM_OK)
		return rc;
	if (crm_entity_select_sql(ent, tail, &sql) != CRM_OK) {
		free(currency);
		return nomem(e);
	}
	rc = crm_db_prepare(db, sql, &st, e);
	free(sql);
	if (rc != CRM_OK) {
		free(currency);
		return rc;
	}
	crm_time_iso(q->now, now, sizeof(now));
	bind_common(st, q->period->from, q->period->to, currency ? currency :
	    "EUR", now);
	sqlite3_bind_text(st, 1, manager, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, part, -1, SQLITE_TRANSIENT);
	free(currency);
	if ((w = crm_writer_open(out, c, crm_entity_cols(ent),
	    (size_t)ncols)) == NULL) {
		sqlite3_finalize(st);
		return crm_err_output(e, errno, 0);
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++)
			vals[i] = (const char *)sqlite3_column_text(st, i);
		if (crm_writer_row(w, vals) != CRM_OK) {
			rc = crm_err_output(e, errno, 0);
			break;
		}
		n++;
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, metric);
	sqlite3_finalize(st);
	if (crm_writer_end(w) != CRM_OK && rc == CRM_OK)
		rc = crm_err_output(e, errno, 0);
	if (count != NULL)
		*count = n;
	return rc;
}
