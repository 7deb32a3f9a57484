/*
 * period.c - periods a person types ("month", "2026-W47", "2026-Q4",
 * "2026-11-01..2026-11-15") as local dates and as the half-open range
 * [from, to) of stored UTC timestamps that a query compares against.
 *
 * Calendar arithmetic is done on day numbers (days since 1970-01-01 of
 * the proleptic Gregorian calendar), never on local times, so a DST
 * change cannot move a day; only the two bounds go through mktime, at
 * local midnight, with the zone's offset of that day.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crm.h"

/* Monday 0 .. Sunday 6 (1970-01-01 was a Thursday). */
static int
weekday(long z)
{
	long w = (z + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

static int
month_days(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return n[m - 1];
}

/* The Monday of ISO week 1 of year y. */
static long
iso_week1(int y)
{
	long jan4 = crm_days_from_civil(y, 1, 4);

	return jan4 - weekday(jan4);
}

/* The ISO year and week of day z. */
static void
iso_week(long z, int *year, int *week)
{
	int y, m, d;
	long thu = z - weekday(z) + 3;

	crm_civil_from_days(thu, &y, &m, &d);
	*year = y;
	*week = (int)((thu - crm_days_from_civil(y, 1, 1)) / 7 + 1);
}

/* The local date of now as a day number. */
static int
today(time_t now, long *z)
{
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL)
		return -1;
	*z = crm_days_from_civil(tm.tm_year + 1900L, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

/* Local midnight starting day z. */
static time_t
midnight(long z)
{
	struct tm tm;
	int y, m, d;

	crm_civil_from_days(z, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static void
date_text(long z, char *buf, size_t bufsz)
{
	int y, m, d;

	crm_civil_from_days(z, &y, &m, &d);
	snprintf(buf, bufsz, "%04d-%02d-%02d", y, m, d);
}

/* Fill p with days [first, last] of kind; -1 when out of time_t's range. */
static int
fill(struct crm_period *p, enum crm_period_kind kind, long first, long last)
{
	int y, m, d, w;

	memset(p, 0, sizeof(*p));
	p->kind = kind;
	date_text(first, p->first, sizeof(p->first));
	date_text(last, p->last, sizeof(p->last));
	p->start = midnight(first);
	p->end = midnight(last + 1);
	if (p->start == (time_t)-1 || p->end == (time_t)-1 ||
	    crm_time_iso(p->start, p->from, sizeof(p->from)) != CRM_OK ||
	    crm_time_iso(p->end, p->to, sizeof(p->to)) != CRM_OK)
		return -1;
	crm_civil_from_days(first, &y, &m, &d);
	switch (kind) {
	case CRM_PERIOD_DAY:
		snprintf(p->label, sizeof(p->label), "%s", p->first);
		break;
	case CRM_PERIOD_WEEK:
		iso_week(first, &y, &w);
		snprintf(p->label, sizeof(p->label), "%04d-W%02d", y, w);
		break;
	case CRM_PERIOD_MONTH:
		snprintf(p->label, sizeof(p->label), "%04d-%02d", y, m);
		break;
	case CRM_PERIOD_QUARTER:
		snprintf(p->label, sizeof(p->label), "%04d-Q%d", y,
		    (m - 1) / 3 + 1);
		break;
	case CRM_PERIOD_RANGE:
		snprintf(p->label, sizeof(p->label), "%s..%s", p->first,
		    p->last);
		break;
	}
	return 0;
}

/* The period of kind that holds day z (a range is the day itself). */
static int
around(struct crm_period *p, enum crm_period_kind kind, long z)
{
	int y, m, d, q;

	crm_civil_from_days(z, &y, &m, &d);
	switch (kind) {
	case CRM_PERIOD_WEEK:
		return fill(p, kind, z - weekday(z), z - weekday(z) + 6);
	case CRM_PERIOD_MONTH:
		return fill(p, kind, crm_days_from_civil(y, m, 1),
		    crm_days_from_civil(y, m, month_days(y, m)));
	case CRM_PERIOD_QUARTER:
		q = (m - 1) / 3;
		return fill(p, kind, crm_days_from_civil(y, q * 3 + 1, 1),
		    crm_days_from_civil(y, q * 3 + 3, month_days(y, q * 3 + 3)));
	default:
		return fill(p, kind, z, z);
	}
}

/* Read exactly n digits at *pp into *v. */
static int
digits(const char **pp, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if ((*pp)[i] < '0' || (*pp)[i] > '9')
			return -1;
		*v = *v * 10 + ((*pp)[i] - '0');
	}
	*pp += n;
	return 0;
}

/* "YYYY-MM-DD" exactly (a real date) into day number *z. */
static int
read_date(const char *s, size_t len, long *z)
{
	const char *p = s;
	int y, m, d;

	if (len != 10 || digits(&p, 4, &y) != 0 || *p++ != '-' ||
	    digits(&p, 2, &m) != 0 || *p++ != '-' || digits(&p, 2, &d) != 0)
		return -1;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*z = crm_days_from_civil(y, m, d);
	return 0;
}

static const struct {
	const char *word;
	enum crm_period_kind kind;
	int back;		/* how many periods before the current one */
} words[] = {
	{ "today", CRM_PERIOD_DAY, 0 },
	{ "yesterday", CRM_PERIOD_DAY, 1 },
	{ "week", CRM_PERIOD_WEEK, 0 },
	{ "last-week", CRM_PERIOD_WEEK, 1 },
	{ "month", CRM_PERIOD_MONTH, 0 },
	{ "last-month", CRM_PERIOD_MONTH, 1 },
	{ "quarter", CRM_PERIOD_QUARTER, 0 },
	{ "last-quarter", CRM_PERIOD_QUARTER, 1 },
};

const char *
crm_period_kind_name(enum crm_period_kind kind)
{
	static const char *const names[] = { "day", "week", "month",
	    "quarter", "range" };

	return (size_t)kind < sizeof(names) / sizeof(names[0]) ?
	    names[kind] : "?";
}

int
crm_period_kind_parse(const char *word, enum crm_period_kind *kind)
{
	int k;

	for (k = CRM_PERIOD_DAY; k <= CRM_PERIOD_RANGE; k++)
		if (strcmp(word, crm_period_kind_name(k)) == 0) {
			*kind = k;
			return CRM_OK;
		}
	return CRM_EINPUT;
}

int
crm_period_current(enum crm_period_kind kind, time_t now,
    struct crm_period *p, struct crm_err *e)
{
	long z;

	if (today(now, &z) != 0 || around(p, kind, z) != 0)
		return crm_err_set(e, CRM_EINPUT, "cannot tell today's date");
	return CRM_OK;
}

int
crm_period_at(enum crm_period_kind kind, const char *date,
    struct crm_period *p, struct crm_err *e)
{
	long z;

	if (read_date(date, strlen(date), &z) != 0 || around(p, kind, z) != 0)
		return crm_err_set(e, CRM_EINPUT, "date \"%s\" is not a date "
		    "like 2026-11-27", date);
	return CRM_OK;
}

int
crm_period_parse(const char *s, time_t now, struct crm_period *p,
    struct crm_err *e)
{
	const char *dots, *q;
	size_t i, len = strlen(s);
	long z, z2;
	int y, v;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcmp(s, words[i].word) != 0)
			continue;
		if (today(now, &z) != 0 || around(p, words[i].kind, z) != 0)
			goto bad;
		if (words[i].back == 0)
			return CRM_OK;
		/* The day before the current one's first is in the last. */
		if (read_date(p->first, 10, &z) != 0 ||
		    around(p, words[i].kind, z - 1) != 0)
			goto bad;
		return CRM_OK;
	}
	if ((dots = strstr(s, "..")) != NULL) {
		if (read_date(s, (size_t)(dots - s), &z) != 0 ||
		    read_date(dots + 2, strlen(dots + 2), &z2) != 0)
			goto bad;
		if (z2 < z)
			return crm_err_set(e, CRM_EINPUT, "period \"%s\" ends "
			    "before it starts", s);
		if (fill(p, CRM_PERIOD_RANGE, z, z2) != 0)
			goto range;
		return CRM_OK;
	}
	if (read_date(s, len, &z) == 0)
		return around(p, CRM_PERIOD_DAY, z) == 0 ? CRM_OK :
		    crm_err_set(e, CRM_EINPUT, "period \"%s\" is out of range",
		    s);
	q = s;
	if (len < 6 || digits(&q, 4, &y) != 0 || *q++ != '-' || y < 1900)
		goto bad;
	if (len == 7 && digits(&q, 2, &v) == 0 && v >= 1 && v <= 12)
		z = crm_days_from_civil(y, v, 1), i = CRM_PERIOD_MONTH;
	else if (len == 7 && *q == 'Q' && q[1] >= '1' && q[1] <= '4')
		z = crm_days_from_civil(y, (q[1] - '1') * 3 + 1, 1),
		    i = CRM_PERIOD_QUARTER;
	else if (len == 8 && *q == 'W' && (q++, digits(&q, 2, &v) == 0) &&
	    v >= 1) {
		int wy, last;

		/* Week 53 exists only in years whose Dec 28 is in it. */
		iso_week(crm_days_from_civil(y, 12, 28), &wy, &last);
		if (v > last)
			return crm_err_set(e, CRM_EINPUT, "%d has no week %d",
			    y, v);
		z = iso_week1(y) + (v - 1) * 7L;
		i = CRM_PERIOD_WEEK;
	} else
		goto bad;
	if (around(p, (enum crm_period_kind)i, z) != 0)
		goto range;
	return CRM_OK;
range:
	/* Its end is past what a stored time holds (9999-12-31). */
	return crm_err_set(e, CRM_EINPUT, "period \"%s\" is out of range", s);
bad:
	return crm_err_set(e, CRM_EINPUT, "period \"%s\" is not understood "
	    "(today, week, month, quarter, 2026-11, 2026-W47, 2026-Q4, "
	    "2026-11-27, FROM..TO)", s);
}

double
crm_period_elapsed(const struct crm_period *p, time_t now)
{
	if (now <= p->start)
		return 0;
	if (now >= p->end || p->end <= p->start)
		return 1;
	return (double)(now - p->start) / (double)(p->end - p->start);
}
