/*
 * status.c - the dashboard: a manager's plans of the current week, month
 * and quarter with their progress, today's agenda, what is overdue and
 * the gaps in their own records; and the team's board.  Every figure is
 * one indexed query, so the dashboard costs the same on any size of base;
 * the team's board asks each metric of each period once for everyone,
 * grouped by manager (crm_metric_values), not once per plan.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

#define BAR_CELLS 20
#define AGENDA_MAX 20

const struct crm_col crm_status_cols[] = {
	{ "manager", 0 }, { "metric", 0 }, { "period", 0 }, { "target", 1 },
	{ "done", 1 }, { "percent", 1 }, { "expected", 1 }, { "delta", 1 },
};
const size_t crm_status_ncols =
    sizeof(crm_status_cols) / sizeof(crm_status_cols[0]);

/* One plan of a current period with its progress. */
struct splan {
	char manager[64];	/* "" for the team */
	enum crm_metric metric;
	struct crm_period period;
	int64_t target, done, expected;
};

struct splans {
	struct splan *v;
	size_t n;
};

/* One grouped metric of one period, told to the plans that want it. */
struct fill {
	struct splans *ps;
	enum crm_metric metric;
	enum crm_period_kind kind;
	int64_t team;		/* the sum of every row: the team's value */
};

/* crm_metric_fn: manager's value to their plan of f's metric and period. */
static int
fill_done(void *arg, const char *manager, int64_t value, struct crm_err *e)
{
	struct fill *f = arg;
	const struct splan *v = f->ps->v;
	size_t lo = 0, hi = f->ps->n, j;

	f->team += value;
	if (manager == NULL || *manager == '\0')
		return CRM_OK;		/* calls of no one: the team's only */
	/* The plans come by manager (the team's "" first), in byte order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid].manager, manager) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (j = lo; j < f->ps->n && strcmp(v[j].manager, manager) == 0; j++)
		if (v[j].metric == f->metric && v[j].period.kind == f->kind)
			f->ps->v[j].done = value;
	return CRM_OK;
}

/*
 * The done value of every plan of ps.  A metric and period that more
 * than one plan wants (the team's board: every manager's and the team's)
 * is one grouped statement, crm_metric_values, whose rows sum to the
 * team's value; a metric and period of one manager's plan alone is that
 * manager's statement, crm_metric_value.  Both read the same indexes and
 * count the same rows.
 */
static int
plans_done(struct crm_db *db, struct splans *ps, struct crm_err *e)
{
	/* Plans per metric and kind (week, month, quarter); team plans. */
	size_t want[CRM_METRIC_COUNT][3] = { { 0 } };
	int team[CRM_METRIC_COUNT][3] = { { 0 } };
	size_t j;
	int rc = CRM_OK, m, k;

	for (j = 0; j < ps->n; j++) {
		const struct splan *sp = &ps->v[j];

		want[sp->metric][sp->period.kind - CRM_PERIOD_WEEK]++;
		if (sp->manager[0] == '\0')
			team[sp->metric][sp->period.kind - CRM_PERIOD_WEEK] = 1;
	}
	for (m = 0; rc == CRM_OK && m < CRM_METRIC_COUNT; m++)
		for (k = 0; rc == CRM_OK && k < 3; k++) {
			struct fill f = { ps, m, CRM_PERIOD_WEEK + k, 0 };
			const struct crm_period *p = NULL;

			if (want[m][k] < 2)
				continue;
			for (j = 0; j < ps->n && p == NULL; j++)
				if (ps->v[j].metric == (enum crm_metric)m &&
				    ps->v[j].period.kind == f.kind)
					p = &ps->v[j].period;
			if ((rc = crm_metric_values(db, m, p->from, p->to,
			    fill_done, &f, e)) != CRM_OK || !team[m][k])
				continue;
			for (j = 0; j < ps->n; j++)
				if (ps->v[j].manager[0] == '\0' &&
				    ps->v[j].metric == (enum crm_metric)m &&
				    ps->v[j].period.kind == f.kind)
					ps->v[j].done = f.team;
		}
	for (j = 0; rc == CRM_OK && j < ps->n; j++) {
		struct splan *sp = &ps->v[j];

		if (want[sp->metric][sp->period.kind - CRM_PERIOD_WEEK] < 2)
			rc = crm_metric_value(db, sp->metric, sp->manager[0] ?
			    sp->manager : NULL, sp->period.from,
			    sp->period.to, &sp->done, e);
	}
	return rc;
}

/*
 * The plans of the week, month and quarter of now: manager's, or (NULL)
 * everyone's, the team's first; each with its done and expected values.
 */
static int
current_plans(struct crm_db *db, const char *manager, time_t now,
    struct splans *out, struct crm_err *e)
{
	struct crm_period cur[3];
	sqlite3_stmt *st;
	struct splan *sp;
	int rc, step, i;
	size_t cap = 0;

	out->v = NULL;
	out->n = 0;
	for (i = 0; i < 3; i++)
		if ((rc = crm_period_current(CRM_PERIOD_WEEK + i, now, &cur[i],
		    e)) != CRM_OK)
			return rc;
	if ((rc = crm_db_prepare(db, "SELECT coalesce(manager, ''), metric,"
	    " period_kind, target FROM plans WHERE ((period_kind = 'week' AND"
	    " period_start = ?2) OR (period_kind = 'month' AND period_start ="
	    " ?3) OR (period_kind = 'quarter' AND period_start = ?4)) AND"
	    " (?1 IS NULL OR coalesce(manager, '') = ?1)"
	    " ORDER BY coalesce(manager, ''), CASE period_kind WHEN 'month'"
	    " THEN 0 WHEN 'week' THEN 1 ELSE 2 END, metric", &st, e)) != CRM_OK)
		return rc;
	crm_bind_text(st, 1, manager);
	for (i = 0; i < 3; i++)
		sqlite3_bind_text(st, 2 + i, cur[i].first, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		const char *metric = (const char *)sqlite3_column_text(st, 1);
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		enum crm_period_kind k;

		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((sp = realloc(out->v, cap * sizeof(*sp))) == NULL) {
				rc = crm_err_set(e, CRM_EDB, "out of memory");
				break;
			}
			out->v = sp;
		}
		sp = &out->v[out->n];
		memset(sp, 0, sizeof(*sp));
		snprintf(sp->manager, sizeof(sp->manager), "%s", m ? m : "");
		if (crm_metric_parse(metric ? metric : "", &sp->metric, e) !=
		    CRM_OK || crm_period_kind_parse(kind ? kind : "", &k) !=
		    CRM_OK) {
			continue;	/* a metric of a later crm: skip */
		}
		sp->period = cur[k - CRM_PERIOD_WEEK];
		sp->target = sqlite3_column_int64(st, 3);
		out->n++;
	}
	if (rc == CRM_OK && step != SQLITE_DONE)
		rc = crm_db_err(db, e, "plans");
	sqlite3_finalize(st);
	if (rc == CRM_OK)
		rc = plans_done(db, out, e);
	for (size_t j = 0; rc == CRM_OK && j < out->n; j++) {
		sp = &out->v[j];
		sp->expected = llround((double)sp->target *
		    crm_period_elapsed(&sp->period, now));
	}
	if (rc != CRM_OK) {
		free(out->v);
		out->v = NULL;
		out->n = 0;
	}
	return rc;
}

/* "+2 ahead", "-3 behind", "on track" into buf. */
static void
delta_text(const struct splan *sp, char *buf, size_t bufsz)
{
	int64_t d = sp->done - sp->expected;
	char v[32];

	crm_metric_format(sp->metric, d < 0 ? -d : d, v, sizeof(v));
	if (d > 0)
		snprintf(buf, bufsz, "+%s ahead", v);
	else if (d < 0)
		snprintf(buf, bufsz, "-%s behind", v);
	else
		snprintf(buf, bufsz, "on track");
}

static int64_t
percent(const struct splan *sp)
{
	return crm_percent(sp->done, sp->target);
}

/* One's own dashboard is anyone's; another's, or the team's, a supervisor's. */
static int
may_see(struct crm_db *db, const char *manager, struct crm_err *e)
{
	if (manager != NULL && strcmp(manager, crm_db_actor(db)) == 0)
		return CRM_OK;
	return crm_access_need(db, CRM_ROLES_SUPERVISE, manager == NULL ?
	    "the team's dashboard" : "another user's dashboard", e);
}

int
crm_status_rows(struct crm_db *db, const char *manager, time_t now,
    struct crm_writer *w, struct crm_err *e)
{
	struct splans ps;
	char target[32], done[32], pct[24], exp[32], delta[32];
	const char *vals[8];
	size_t i;
	int rc;

	if ((rc = may_see(db, manager, e)) != CRM_OK)
		return rc;
	if ((rc = current_plans(db, manager, now, &ps, e)) != CRM_OK)
		return rc;
	for (i = 0; i < ps.n; i++) {
		const struct splan *sp = &ps.v[i];
		int64_t d = sp->done - sp->expected;

		snprintf(pct, sizeof(pct), "%lld", (long long)percent(sp));
		crm_metric_format(sp->metric, d < 0 ? -d : d, delta,
		    sizeof(delta));
		if (d < 0) {
			memmove(delta + 1, delta, strlen(delta) + 1);
			delta[0] = '-';
		}
		vals[0] = sp->manager[0] ? sp->manager : "team";
		vals[1] = crm_metric_name(sp->metric);
		vals[2] = sp->period.label;
		vals[3] = crm_metric_format(sp->metric, sp->target, target,
		    sizeof(target));
		vals[4] = crm_metric_format(sp->metric, sp->done, done,
		    sizeof(done));
		vals[5] = sp->target > 0 ? pct : NULL;
		vals[6] = crm_metric_format(sp->metric, sp->expected, exp,
		    sizeof(exp));
		vals[7] = delta;
		if (crm_writer_row(w, vals) != CRM_OK) {
			rc = crm_err_output(e, errno, 0);
			break;
		}
	}
	free(ps.v);
	return rc;
}

/* A bar of BAR_CELLS cells for sp. */
static void
bar(FILE *fp, const struct splan *sp, int unicode)
{
	/* The percentage's twentieths: a sum of amounts cannot overflow. */
	int64_t full = sp->target > 0 ? percent(sp) / (100 / BAR_CELLS) :
	    BAR_CELLS;
	int i;

	if (full > BAR_CELLS)
		full = BAR_CELLS;
	for (i = 0; i < BAR_CELLS; i++)
		fputs(i < full ? (unicode ? "█" : "#") :
		    (unicode ? "░" : "."), fp);
}

/* The local "HH:MM" of a stored timestamp. */
static void
local_hm(const char *iso, char *buf, size_t bufsz)
{
	char t[32];

	crm_card_time(iso ? iso : "", t, sizeof(t));
	snprintf(buf, bufsz, "%s", strlen(t) >= 16 ? t + 11 : t);
}

/* One number from sql, its ?1 manager and ?2 a timestamp. */
static int
count2(struct crm_db *db, const char *sql, const char *manager,
    const char *t, long *n, struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = crm_db_prepare(db, sql, &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, manager, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(st, 0);
	else
		rc = crm_db_err(db, e, "count");
	sqlite3_finalize(st);
	return rc;
}

/* Today's meetings and the tasks due today, at most AGENDA_MAX each. */
static int
agenda(struct crm_db *db, const char *manager, const struct crm_period *day,
    FILE *fp, struct crm_err *e)
{
	sqlite3_stmt *st;
	char hm[32];
	int rc, step, n = 0;

	fprintf(fp, "\ntoday %s\n", day->first);
	/* A client the actor may not see is not named. */
	if ((rc = crm_db_prepare(db, "SELECT m.at, m.topic, CASE WHEN"
	    " crm_sees(c.owner) THEN c.first_name || ' ' || c.last_name"
	    " ELSE 'another manager''s client' END, m.status FROM meetings AS m"
	    " JOIN contacts AS c ON c.id = m.contact_id WHERE m.manager = ?1"
	    " AND m.at >= ?2 AND m.at < ?3 ORDER BY m.at, m.id LIMIT ?4", &st,
	    e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, manager, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, day->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, day->to, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, AGENDA_MAX);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		local_hm((const char *)sqlite3_column_text(st, 0), hm,
		    sizeof(hm));
		fprintf(fp, "  %-5s  meeting   ", hm);
		crm_term_put(fp, (const char *)sqlite3_column_text(st, 1));
		fputs(", ", fp);
		crm_term_put(fp, (const char *)sqlite3_column_text(st, 2));
		fprintf(fp, " (%s)\n", sqlite3_column_text(st, 3));
		n++;
	}
	if (step != SQLITE_DONE)
		rc = crm_db_err(db, e, "meetings");
	sqlite3_finalize(st);
	if (rc != CRM_OK)
		return rc;
	if ((rc = crm_db_prepare(db, "SELECT t.due, t.title, t.call_id"
	    " FROM tasks AS t WHERE t.assignee = ?1 AND t.done_at IS NULL"
	    " AND t.due >= ?2 AND t.due < ?3 ORDER BY t.due, t.id LIMIT ?4",
	    &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, manager, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, day->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, day->to, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, AGENDA_MAX);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		local_hm((const char *)sqlite3_column_text(st, 0), hm,
		    sizeof(hm));
		fprintf(fp, "  %-5s  %-8s  ", hm,
		    sqlite3_column_type(st, 2) == SQLITE_NULL ? "task" :
		    "callback");
		crm_term_put(fp, (const char *)sqlite3_column_text(st, 1));
		putc('\n', fp);
		n++;
	}
	if (step != SQLITE_DONE)
		rc = crm_db_err(db, e, "tasks");
	sqlite3_finalize(st);
	if (rc == CRM_OK && n == 0)
		fprintf(fp, "  nothing planned\n");
	return rc;
}

int
crm_status_write(struct crm_db *db, const char *manager, time_t now,
    int unicode, FILE *fp, struct crm_err *e)
{
	struct crm_period day;
	struct splans ps;
	char nowiso[32], target[32], done[32], delta[80], label[48];
	long meetings = 0, tasks = 0, nophone = 0, noemail = 0;
	size_t i;
	int rc;

	if ((rc = may_see(db, manager, e)) != CRM_OK)
		return rc;
	if ((rc = crm_period_current(CRM_PERIOD_DAY, now, &day, e)) !=
	    CRM_OK || (rc = current_plans(db, manager, now, &ps, e)) !=
	    CRM_OK)
		return rc;
	fprintf(fp, "%s: plans\n", manager);
	if (ps.n == 0)
		fprintf(fp, "  none for this week, month or quarter "
		    "(crm-plan sets them)\n");
	for (i = 0; i < ps.n; i++) {
		const struct splan *sp = &ps.v[i];

		snprintf(label, sizeof(label), "%s %s",
		    crm_period_kind_name(sp->period.kind), sp->period.label);
		crm_metric_format(sp->metric, sp->done, done, sizeof(done));
		crm_metric_format(sp->metric, sp->target, target,
		    sizeof(target));
		snprintf(delta, sizeof(delta), "%s/%s", done, target);
		fprintf(fp, "  %-16s %-16s %15s  ", crm_metric_name(sp->metric),
		    label, delta);
		bar(fp, sp, unicode);
		delta_text(sp, delta, sizeof(delta));
		fprintf(fp, " %4lld%%  %s\n", (long long)percent(sp), delta);
	}
	free(ps.v);
	if ((rc = agenda(db, manager, &day, fp, e)) != CRM_OK)
		return rc;
	crm_time_iso(now, nowiso, sizeof(nowiso));
	if ((rc = count2(db, "SELECT count(*) FROM meetings WHERE manager = ?1"
	    " AND status = 'planned' AND at < ?2", manager, nowiso, &meetings,
	    e)) != CRM_OK || (rc = count2(db, "SELECT count(*) FROM tasks"
	    " WHERE assignee = ?1 AND done_at IS NULL AND due < ?2", manager,
	    nowiso, &tasks, e)) != CRM_OK)
		return rc;
	fprintf(fp, "\noverdue\n");
	if (meetings == 0 && tasks == 0)
		fprintf(fp, "  nothing\n");
	if (meetings > 0)
		fprintf(fp, "  %ld planned meeting%s without a result "
		    "(crm-meet --overdue)\n", meetings, meetings == 1 ? "" : "s");
	if (tasks > 0)
		fprintf(fp, "  %ld open task%s past due (crm-task --overdue)\n",
		    tasks, tasks == 1 ? "" : "s");
	/* The owner's rows through contacts_owner; phone and e-mail read. */
	if ((rc = crm_db_count(db, "SELECT count(*) - count(phone) FROM"
	    " contacts WHERE owner = ? AND archived_at IS NULL", manager,
	    &nophone, e)) != CRM_OK ||
	    (rc = crm_db_count(db, "SELECT count(*) - count(email) FROM"
	    " contacts WHERE owner = ? AND archived_at IS NULL", manager,
	    &noemail, e)) != CRM_OK)
		return rc;
	fprintf(fp, "\ngaps in your contacts\n");
	if (nophone == 0 && noemail == 0)
		fprintf(fp, "  none\n");
	if (nophone > 0)
		fprintf(fp, "  %ld without a phone\n", nophone);
	if (noemail > 0)
		fprintf(fp, "  %ld without an e-mail\n", noemail);
	return fflush(fp) == 0 ? CRM_OK : crm_err_output(e, errno, 0);
}

int
crm_status_team(struct crm_db *db, time_t now, FILE *fp, struct crm_err *e)
{
	struct splans ps;
	char done[32], target[32];
	size_t i;
	int rc;

	if ((rc = may_see(db, NULL, e)) != CRM_OK)
		return rc;
	if ((rc = current_plans(db, NULL, now, &ps, e)) != CRM_OK)
		return rc;
	if (ps.n == 0)
		fprintf(fp, "no plans for this week, month or quarter "
		    "(crm-plan sets them)\n");
	for (i = 0; i < ps.n; i++) {
		const struct splan *sp = &ps.v[i];

		if (i == 0 || strcmp(sp->manager, ps.v[i - 1].manager) != 0)
			fprintf(fp, "%s%-12s", i ? "\n" : "",
			    sp->manager[0] ? sp->manager : "team");
		crm_metric_format(sp->metric, sp->done, done, sizeof(done));
		crm_metric_format(sp->metric, sp->target, target,
		    sizeof(target));
		fprintf(fp, "  %s %s/%s (%lld%%)", crm_metric_name(sp->metric),
		    done, target, (long long)percent(sp));
	}
	if (ps.n > 0)
		fputc('\n', fp);
	free(ps.v);
	return fflush(fp) == 0 ? CRM_OK : crm_err_output(e, errno, 0);
}

/* The letter of a metric in the one-line form. */
static const char letters[CRM_METRIC_COUNT] = {
	[CRM_METRIC_CONTACTS_ADDED] = 'A', [CRM_METRIC_CALLS] = 'C',
	[CRM_METRIC_CALLS_COMPLETED] = 'K', [CRM_METRIC_MEETINGS_HELD] = 'M',
	[CRM_METRIC_DEALS_WON] = 'D', [CRM_METRIC_REVENUE_WON] = 'R',
};

int
crm_status_oneline(struct crm_db *db, const char *manager, time_t now,
    char *buf, size_t bufsz, struct crm_err *e)
{
	static const enum crm_metric plain[] = { CRM_METRIC_MEETINGS_HELD,
	    CRM_METRIC_DEALS_WON, CRM_METRIC_CALLS };
	struct crm_period month;
	struct splans ps;
	char done[32], target[32];
	int seen[CRM_METRIC_COUNT] = { 0 };
	size_t i, len = 0;
	int64_t v;
	int rc;

	if ((rc = may_see(db, manager, e)) != CRM_OK)
		return rc;
	buf[0] = '\0';
	if ((rc = current_plans(db, manager, now, &ps, e)) != CRM_OK)
		return rc;
	/* One plan per metric: the month's, else the week's, else the quarter's. */
	for (i = 0; i < ps.n && len < bufsz; i++) {
		const struct splan *sp = &ps.v[i];

		if (seen[sp->metric]++)
			continue;
		crm_metric_format(sp->metric, sp->done, done, sizeof(done));
		crm_metric_format(sp->metric, sp->target, target,
		    sizeof(target));
		len += snprintf(buf + len, bufsz - len, "%s%c %s/%s",
		    len ? " " : "", letters[sp->metric], done, target);
	}
	free(ps.v);
	if (i > 0)
		return CRM_OK;
	if ((rc = crm_period_current(CRM_PERIOD_MONTH, now, &month, e)) !=
	    CRM_OK)
		return rc;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]) && len < bufsz; i++) {
		if ((rc = crm_metric_value(db, plain[i], manager, month.from,
		    month.to, &v, e)) != CRM_OK)
			return rc;
		len += snprintf(buf + len, bufsz - len, "%s%c %lld",
		    len ? " " : "", letters[plain[i]], (long long)v);
	}
	return CRM_OK;
}

int
crm_status_user(struct crm_db *db, const char *login, struct crm_err *e)
{
	long n = 0;
	int rc;

	if ((rc = crm_db_count(db, "SELECT count(*) FROM users WHERE login = ?",
	    login, &n, e)) != CRM_OK)
		return rc;
	return n > 0 ? CRM_OK : crm_err_set(e, CRM_ENOTFOUND, "no user \"%s\"",
	    login);
}
