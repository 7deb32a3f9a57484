/* test_period.c - crm_period_parse, crm_period_at, crm_period_current. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm.h"
#include "tap.h"

static time_t now;

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* A UTC instant from its parts, to state "now" without the code under test. */
static time_t
utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm);
}

/* Parse in and compare "label from to" with want. */
static void
good(const char *in, const char *want)
{
	struct crm_period p;
	struct crm_err e;
	char got[1100];

	crm_err_clear(&e);
	if (crm_period_parse(in, now, &p, &e) != CRM_OK)
		snprintf(got, sizeof(got), "(error: %s)", e.msg);
	else
		snprintf(got, sizeof(got), "%s %s %s", p.label, p.from, p.to);
	is(got, want, "\"%s\"", in);
}

static void
bad(const char *in, const char *want)
{
	struct crm_period p;
	struct crm_err e;
	int rc;

	crm_err_clear(&e);
	rc = crm_period_parse(in, now, &p, &e);
	ok(rc == CRM_EINPUT, "\"%s\" is rejected", in);
	if (want != NULL)
		is(e.msg, want, "with its reason");
}

int
main(void)
{
	struct crm_period p;
	struct crm_err e;

	set_tz("UTC");
	now = utc(2026, 11, 27, 21, 48);	/* a Friday, ISO week 48 */
	good("today", "2026-11-27 2026-11-27T00:00:00Z 2026-11-28T00:00:00Z");
	good("yesterday",
	    "2026-11-26 2026-11-26T00:00:00Z 2026-11-27T00:00:00Z");
	good("week", "2026-W48 2026-11-23T00:00:00Z 2026-11-30T00:00:00Z");
	good("last-week",
	    "2026-W47 2026-11-16T00:00:00Z 2026-11-23T00:00:00Z");
	good("month", "2026-11 2026-11-01T00:00:00Z 2026-12-01T00:00:00Z");
	good("last-month", "2026-10 2026-10-01T00:00:00Z 2026-11-01T00:00:00Z");
	good("quarter", "2026-Q4 2026-10-01T00:00:00Z 2027-01-01T00:00:00Z");
	good("last-quarter",
	    "2026-Q3 2026-07-01T00:00:00Z 2026-10-01T00:00:00Z");
	good("2026-11", "2026-11 2026-11-01T00:00:00Z 2026-12-01T00:00:00Z");
	good("2026-W47", "2026-W47 2026-11-16T00:00:00Z 2026-11-23T00:00:00Z");
	good("2026-Q4", "2026-Q4 2026-10-01T00:00:00Z 2027-01-01T00:00:00Z");
	good("2026-11-27",
	    "2026-11-27 2026-11-27T00:00:00Z 2026-11-28T00:00:00Z");
	good("2026-11-01..2026-11-15", "2026-11-01..2026-11-15 "
	    "2026-11-01T00:00:00Z 2026-11-16T00:00:00Z");
	good("2026-11-27..2026-11-27", "2026-11-27..2026-11-27 "
	    "2026-11-27T00:00:00Z 2026-11-28T00:00:00Z");

	/* Year and month boundaries; ISO weeks across years. */
	good("2026-12", "2026-12 2026-12-01T00:00:00Z 2027-01-01T00:00:00Z");
	good("2028-02", "2028-02 2028-02-01T00:00:00Z 2028-03-01T00:00:00Z");
	good("2026-W01", "2026-W01 2025-12-29T00:00:00Z 2026-01-05T00:00:00Z");
	good("2026-W53", "2026-W53 2026-12-28T00:00:00Z 2027-01-04T00:00:00Z");
	good("2021-W01", "2021-W01 2021-01-04T00:00:00Z 2021-01-11T00:00:00Z");
	bad("2025-W53", "2025 has no week 53");
	bad("2026-W00", NULL);
	bad("2026-13", NULL);
	bad("2026-Q5", NULL);
	bad("2026-02-30", NULL);
	bad("2026-11-15..2026-11-01",
	    "period \"2026-11-15..2026-11-01\" ends before it starts");
	bad("", NULL);
	bad("fortnight", "period \"fortnight\" is not understood (today, week,"
	    " month, quarter, 2026-11, 2026-W47, 2026-Q4, 2026-11-27,"
	    " FROM..TO)");
	bad("2026-11-27..", NULL);
	/* Its end would be 10000-01-01: no stored time holds it. */
	bad("9999-12", "period \"9999-12\" is out of range");
	bad("9999-12-01..9999-12-31",
	    "period \"9999-12-01..9999-12-31\" is out of range");
	bad("2026-W4", NULL);

	now = utc(2027, 1, 1, 12, 0);	/* a Friday in week 53 of 2026 */
	good("week", "2026-W53 2026-12-28T00:00:00Z 2027-01-04T00:00:00Z");
	good("last-month", "2026-12 2026-12-01T00:00:00Z 2027-01-01T00:00:00Z");
	good("last-quarter",
	    "2026-Q4 2026-10-01T00:00:00Z 2027-01-01T00:00:00Z");
	good("yesterday",
	    "2026-12-31 2026-12-31T00:00:00Z 2027-01-01T00:00:00Z");
	now = utc(2026, 11, 23, 0, 0);	/* Monday midnight: a new week */
	good("week", "2026-W48 2026-11-23T00:00:00Z 2026-11-30T00:00:00Z");
	now = utc(2026, 11, 29, 23, 59);	/* Sunday night: the same week */
	good("week", "2026-W48 2026-11-23T00:00:00Z 2026-11-30T00:00:00Z");

	/* Madrid: local midnights, through both DST changes. */
	set_tz("Europe/Madrid");
	now = utc(2026, 11, 27, 23, 30);	/* already the 28th in Madrid */
	good("today", "2026-11-28 2026-11-27T23:00:00Z 2026-11-28T23:00:00Z");
	good("month", "2026-11 2026-10-31T23:00:00Z 2026-11-30T23:00:00Z");
	/* October 2026: CEST (+2) to CET (+1) on Sunday the 25th. */
	good("2026-10", "2026-10 2026-09-30T22:00:00Z 2026-10-31T23:00:00Z");
	good("2026-10-25",
	    "2026-10-25 2026-10-24T22:00:00Z 2026-10-25T23:00:00Z");
	good("2026-W43", "2026-W43 2026-10-18T22:00:00Z 2026-10-25T23:00:00Z");
	/* March 2026: CET to CEST on Sunday the 29th: a day of 23 hours. */
	good("2026-03-29",
	    "2026-03-29 2026-03-28T23:00:00Z 2026-03-29T22:00:00Z");
	good("2026-Q1", "2026-Q1 2025-12-31T23:00:00Z 2026-03-31T22:00:00Z");
	good("2026-03-28..2026-03-30", "2026-03-28..2026-03-30 "
	    "2026-03-27T23:00:00Z 2026-03-30T22:00:00Z");
	now = utc(2026, 3, 29, 21, 59);	/* the last minute of that Sunday */
	good("week", "2026-W13 2026-03-22T23:00:00Z 2026-03-29T22:00:00Z");
	now = utc(2026, 3, 29, 22, 0);	/* Monday 00:00 CEST */
	good("week", "2026-W14 2026-03-29T22:00:00Z 2026-04-05T22:00:00Z");

	/* crm_period_at and crm_period_current. */
	crm_err_clear(&e);
	ok(crm_period_at(CRM_PERIOD_QUARTER, "2026-05-17", &p, &e) == CRM_OK &&
	    strcmp(p.label, "2026-Q2") == 0 && strcmp(p.first, "2026-04-01") ==
	    0 && strcmp(p.last, "2026-06-30") == 0,
	    "the quarter of a date: %s %s..%s", p.label, p.first, p.last);
	ok(crm_period_at(CRM_PERIOD_WEEK, "2026-01-01", &p, &e) == CRM_OK &&
	    strcmp(p.label, "2026-W01") == 0 &&
	    strcmp(p.first, "2025-12-29") == 0, "the week of New Year");
	ok(crm_period_at(CRM_PERIOD_MONTH, "2026-1-01", &p, &e) == CRM_EINPUT,
	    "a malformed date");
	now = utc(2026, 11, 27, 12, 0);
	ok(crm_period_current(CRM_PERIOD_MONTH, now, &p, &e) == CRM_OK &&
	    strcmp(p.first, "2026-11-01") == 0, "this month");
	ok(crm_period_elapsed(&p, p.start) == 0 &&
	    crm_period_elapsed(&p, p.end) == 1 &&
	    crm_period_elapsed(&p, p.start + (p.end - p.start) / 2) == 0.5,
	    "elapsed fraction");
	return tap_done();
}
