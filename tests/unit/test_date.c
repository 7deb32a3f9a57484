/* test_date.c - crm_date_parse, crm_time_iso and crm_time_iso_valid. */
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
utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

/* Parse in relative to now and compare the UTC stored form with want. */
static void
good(const char *in, const char *want)
{
	struct crm_err e;
	char got[32];
	time_t t = 0;

	crm_err_clear(&e);
	if (crm_date_parse(in, now, &t, &e) != CRM_OK) {
		printf("# unexpected error: %s\n", e.msg);
		strcpy(got, "(error)");
	} else
		crm_time_iso(t, got, sizeof(got));
	is(got, want, "\"%s\" -> %s", in, want);
}

/* Expect CRM_EINPUT with exactly the message want. */
static void
bad(const char *in, const char *want)
{
	struct crm_err e;
	time_t t = 12345;
	int rc;

	crm_err_clear(&e);
	rc = crm_date_parse(in, now, &t, &e);
	ok(rc == CRM_EINPUT && e.code == CRM_EINPUT && t == 12345,
	    "\"%s\" is rejected", in);
	is(e.msg, want, "\"%s\" message", in);
}

static void
iso(time_t t, const char *want)
{
	char buf[32];

	crm_time_iso(t, buf, sizeof(buf));
	is(buf, want, "crm_time_iso(%lld)", (long long)t);
}

static void
valid(const char *s, int want)
{
	ok(crm_time_iso_valid(s) == want, "\"%s\" is %s", s,
	    want ? "valid" : "not valid");
}

int
main(void)
{
	char buf[32];
	time_t t;

	iso(0, "1970-01-01T00:00:00Z");
	iso(1700000000, "2023-11-14T22:13:20Z");
	iso(951782400, "2000-02-29T00:00:00Z");
	iso(-1, "1969-12-31T23:59:59Z");
	iso(253402300799LL, "9999-12-31T23:59:59Z");
	ok(crm_time_iso(0, buf, 5) == CRM_EINPUT && buf[0] == '\0',
	    "a buffer too small gets nothing, not a time without its Z");
	/* Past the stored form: the year 10000, the year 0. */
	iso(253402300800LL, "");
	iso(-62135596801LL, "");
	iso(-62135596800LL, "0001-01-01T00:00:00Z");
	ok(crm_time_iso(253402300800LL, buf, sizeof(buf)) == CRM_EINPUT,
	    "the year 10000 is refused");

	valid("2026-11-27T10:00:00Z", 1);
	valid("2024-02-29T23:59:59Z", 1);
	valid("2000-02-29T00:00:00Z", 1);
	valid("1970-01-01T00:00:00Z", 1);
	valid("2026-02-29T10:00:00Z", 0);
	valid("1900-02-29T10:00:00Z", 0);
	valid("2026-02-30T10:00:00Z", 0);
	valid("2026-04-31T10:00:00Z", 0);
	valid("2026-13-01T10:00:00Z", 0);
	valid("2026-00-01T10:00:00Z", 0);
	valid("2026-11-00T10:00:00Z", 0);
	valid("0000-01-01T00:00:00Z", 0);
	valid("2026-11-27T24:00:00Z", 0);
	valid("2026-11-27T10:60:00Z", 0);
	valid("2026-11-27T10:00:60Z", 0);
	valid("2026-11-27 10:00:00Z", 0);
	valid("2026-11-27t10:00:00z", 0);
	valid("2026-11-27T10:00:00", 0);
	valid("2026-11-27T10:00:00Z ", 0);
	valid(" 2026-11-27T10:00:00Z", 0);
	valid("2026-11-27T10:00:00+01:00", 0);
	valid("2026-11-27T10:00:00.000Z", 0);
	valid("2026-11-27T10:00Z", 0);
	valid("2026-11-27", 0);
	valid("2026-1-27T10:00:00Z", 0);
	valid("2026-11-27T1:00:00Z", 0);
	valid("+026-11-27T10:00:00Z", 0);
	valid("2026-11-27T10:0a:00Z", 0);
	valid("", 0);

	/* Madrid, Wednesday 2026-11-25 15:30:00 CET (UTC+1). */
	set_tz("Europe/Madrid");
	now = utc(2026, 11, 25, 14, 30, 0);

	good("now", "2026-11-25T14:30:00Z");
	good("NOW", "2026-11-25T14:30:00Z");
	good("today", "2026-11-24T23:00:00Z");
	good("Today", "2026-11-24T23:00:00Z");
	good("  today  ", "2026-11-24T23:00:00Z");
	good("yesterday", "2026-11-23T23:00:00Z");
	good("tomorrow", "2026-11-25T23:00:00Z");
	good("tomorrow 10:00", "2026-11-26T09:00:00Z");
	good("tomorrow 10:00:30", "2026-11-26T09:00:30Z");
	good("tomorrow 10am", "2026-11-26T09:00:00Z");
	good("tomorrow at 3pm", "2026-11-26T14:00:00Z");
	good("Tomorrow 3 PM", "2026-11-26T14:00:00Z");
	good("today 9:30am", "2026-11-25T08:30:00Z");
	good("yesterday 23:59", "2026-11-24T22:59:00Z");
	good("fri", "2026-11-26T23:00:00Z");
	good("friday", "2026-11-26T23:00:00Z");
	good("Friday 10am", "2026-11-27T09:00:00Z");
	good("FRI 16:45", "2026-11-27T15:45:00Z");
	good("thu", "2026-11-25T23:00:00Z");
	good("sat", "2026-11-27T23:00:00Z");
	good("sunday", "2026-11-28T23:00:00Z");
	good("mon", "2026-11-29T23:00:00Z");
	good("tuesday", "2026-11-30T23:00:00Z");
	good("wed", "2026-12-01T23:00:00Z");
	good("wednesday 12pm", "2026-12-02T11:00:00Z");

	good("10:00", "2026-11-25T09:00:00Z");
	good("10:00:30", "2026-11-25T09:00:30Z");
	good("9:05", "2026-11-25T08:05:00Z");
	good("00:00", "2026-11-24T23:00:00Z");
	good("23:59:59", "2026-11-25T22:59:59Z");
	good("10am", "2026-11-25T09:00:00Z");
	good("3pm", "2026-11-25T14:00:00Z");
	good("3:30pm", "2026-11-25T14:30:00Z");
	good("12am", "2026-11-24T23:00:00Z");
	good("12pm", "2026-11-25T11:00:00Z");
	good("12:30am", "2026-11-24T23:30:00Z");

	good("2026-11-27", "2026-11-26T23:00:00Z");
	good("2026-11-27 10:00", "2026-11-27T09:00:00Z");
	good("2026-11-27T10:00", "2026-11-27T09:00:00Z");
	good("2026-11-27t10:00", "2026-11-27T09:00:00Z");
	good("2026-11-27T10:00:30", "2026-11-27T09:00:30Z");
	good("2026-11-27 10am", "2026-11-27T09:00:00Z");
	good("2026-11-27T10:00:00Z", "2026-11-27T10:00:00Z");
	good("2026-11-27T10:00:00z", "2026-11-27T10:00:00Z");
	good("2026-11-27T10:00:00.250Z", "2026-11-27T10:00:00Z");
	good("2026-11-27T10:00+01:00", "2026-11-27T09:00:00Z");
	good("2026-11-27T10:00-0500", "2026-11-27T15:00:00Z");
	good("2026-11-27T10:00:00+05:30", "2026-11-27T04:30:00Z");
	good("2026-11-27T10:00-03", "2026-11-27T13:00:00Z");
	good("2026-11-27 10:00 +01:00", "2026-11-27T09:00:00Z");
	good("2026-11-27T00:30Z", "2026-11-27T00:30:00Z");
	good("2026-07-01 10:00", "2026-07-01T08:00:00Z");
	good("2026-07-01", "2026-06-30T22:00:00Z");
	good("2024-02-29", "2024-02-28T23:00:00Z");
	good("2026-1-5", "2026-01-04T23:00:00Z");
	good("1999-12-31 23:59:59", "1999-12-31T22:59:59Z");

	good("+3d", "2026-11-28T14:30:00Z");
	good("+3 days", "2026-11-28T14:30:00Z");
	good("-1d", "2026-11-24T14:30:00Z");
	good("+0d", "2026-11-25T14:30:00Z");
	good("+1 day", "2026-11-26T14:30:00Z");
	good("+1d 9:00", "2026-11-26T08:00:00Z");
	good("+1w", "2026-12-02T14:30:00Z");
	good("-2w", "2026-11-11T14:30:00Z");
	good("+2 weeks", "2026-12-09T14:30:00Z");
	good("+1m", "2026-12-25T14:30:00Z");
	good("+2 months", "2027-01-25T14:30:00Z");
	good("-1m", "2026-10-25T14:30:00Z");
	good("-12m", "2025-11-25T14:30:00Z");
	good("+1y", "2027-11-25T14:30:00Z");
	good("-1 year", "2025-11-25T14:30:00Z");
	good("+4h", "2026-11-25T18:30:00Z");
	good("-36h", "2026-11-24T02:30:00Z");
	good("+30min", "2026-11-25T15:00:00Z");
	good("+90 minutes", "2026-11-25T16:00:00Z");
	good("+1MIN", "2026-11-25T14:31:00Z");
	/* Across the end of summer time the wall-clock time is kept. */
	good("-5w", "2026-10-21T13:30:00Z");

	bad("", "date \"\" is empty");
	bad("   ", "date \"\" is empty");
	bad("xyz", "date \"xyz\" is not understood");
	bad("2026-02-30", "date \"2026-02-30\" is not a real date");
	bad("2026-02-29", "date \"2026-02-29\" is not a real date");
	bad("2026-13-01", "date \"2026-13-01\" is not a real date");
	bad("2026-00-10", "date \"2026-00-10\" is not a real date");
	bad("2026-04-31 10:00", "date \"2026-04-31 10:00\" is not a real date");
	bad("2026-11-27 24:00",
	    "date \"2026-11-27 24:00\" has an invalid time");
	bad("2026-11-27 10:60",
	    "date \"2026-11-27 10:60\" has an invalid time");
	bad("2026-11-27T10:00:61",
	    "date \"2026-11-27T10:00:61\" has an invalid time");
	bad("25:00", "date \"25:00\" has an invalid time");
	bad("13pm", "date \"13pm\" has an invalid time");
	bad("0am", "date \"0am\" has an invalid time");
	bad("fri 25:00", "date \"fri 25:00\" has an invalid time");
	bad("2026-11-27T10:00+25:00",
	    "date \"2026-11-27T10:00+25:00\" has an invalid time zone offset");
	bad("2026-11-27T10:00+1",
	    "date \"2026-11-27T10:00+1\" has an invalid time zone offset");
	bad("2026-11-27garbage",
	    "date \"2026-11-27garbage\" is not understood");
	bad("2026-11-27 10:00 xyz",
	    "date \"2026-11-27 10:00 xyz\" is not understood");
	bad("2026-11-27T", "date \"2026-11-27T\" is not understood");
	bad("2026-11-27T10", "date \"2026-11-27T10\" is not understood");
	bad("2026-11-27Z", "date \"2026-11-27Z\" is not understood");
	bad("2026-11", "date \"2026-11\" is not understood");
	bad("2026", "date \"2026\" is not understood");
	bad("20261127", "date \"20261127\" is not understood");
	bad("27/11/2026", "date \"27/11/2026\" is not understood");
	bad("27-11-2026", "date \"27-11-2026\" is not understood");
	bad("2026/11/27", "date \"2026/11/27\" is not understood");
	bad("Nov 27", "date \"Nov 27\" is not understood");
	bad("next friday", "date \"next friday\" is not understood");
	bad("tomorow", "date \"tomorow\" is not understood");
	bad("tomorrow x", "date \"tomorrow x\" is not understood");
	bad("tomorrowx", "date \"tomorrowx\" is not understood");
	bad("tomorrow at", "date \"tomorrow at\" is not understood");
	bad("now 10:00", "date \"now 10:00\" is not understood");
	bad("fr", "date \"fr\" is not understood");
	bad("frid", "date \"frid\" is not understood");
	bad("10", "date \"10\" is not understood");
	bad("10:0", "date \"10:0\" is not understood");
	bad("10:000", "date \"10:000\" is not understood");
	bad("10.30", "date \"10.30\" is not understood");
	bad("3d", "date \"3d\" is not understood");
	bad("+3", "date \"+3\" is not understood");
	bad("+d", "date \"+d\" is not understood");
	bad("+3x", "date \"+3x\" is not understood");
	bad("+3s", "date \"+3s\" is not understood");
	bad("+3d+2h", "date \"+3d+2h\" is not understood");
	bad("+1h 10:00", "date \"+1h 10:00\" is not understood");
	bad("+-3d", "date \"+-3d\" is not understood");
	bad("+9999999d", "date \"+9999999d\" is out of range");
	bad("+999999y", "date \"+999999y\" is out of range");
	bad("+999999w", "date \"+999999w\" is out of range");
	bad("today\xc3\xa9", "date \"today\xc3\xa9\" is not understood");

	/* The same wall clock in UTC. */
	set_tz("UTC");
	good("now", "2026-11-25T14:30:00Z");
	good("today", "2026-11-25T00:00:00Z");
	good("tomorrow 10:00", "2026-11-26T10:00:00Z");
	good("fri", "2026-11-27T00:00:00Z");
	good("2026-11-27 10:00", "2026-11-27T10:00:00Z");
	good("2026-11-27T10:00+01:00", "2026-11-27T09:00:00Z");
	good("2026-07-01 10:00", "2026-07-01T10:00:00Z");
	good("+1d", "2026-11-26T14:30:00Z");

	/* Month steps clamp the day: Jan 31 + 1m is the end of February. */
	now = utc(2026, 1, 31, 12, 0, 0);
	good("+1m", "2026-02-28T12:00:00Z");
	good("+13m", "2027-02-28T12:00:00Z");
	good("-2m", "2025-11-30T12:00:00Z");
	now = utc(2028, 2, 29, 8, 0, 0);
	good("+1y", "2029-02-28T08:00:00Z");
	good("+4y", "2032-02-29T08:00:00Z");
	good("+1m", "2028-03-29T08:00:00Z");

	/* The last second of 9999 in a zone behind UTC is in 10000 in UTC. */
	bad("9999-12-31T23:59:59-05:00",
	    "date \"9999-12-31T23:59:59-05:00\" is out of range");
	good("9999-12-31T23:59:59+05:00", "9999-12-31T18:59:59Z");
	good("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z");
	bad("0001-01-01T00:00:00+01:00",
	    "date \"0001-01-01T00:00:00+01:00\" is out of range");
	set_tz("America/New_York");
	bad("9999-12-31 23:59:59",
	    "date \"9999-12-31 23:59:59\" is out of range");
	good("9999-12-31 18:59:59", "9999-12-31T23:59:59Z");
	/* A local date in the year 10000 has no four-digit stored date. */
	set_tz("Asia/Tokyo");
	bad("9999-12-31T20:00:00Z",
	    "date \"9999-12-31T20:00:00Z\" is out of range");
	ok(!crm_time_storable(253402300799LL), "nor is its last second in "
	    "Tokyo");
	set_tz("UTC");
	ok(crm_time_storable(253402300799LL), "but it is in UTC");

	/* Round trip: what crm_time_iso writes is the stored form. */
	set_tz("Europe/Madrid");
	now = utc(2026, 11, 25, 14, 30, 0);
	ok(crm_date_parse("2026-03-29 12:00", now, &t, NULL) == CRM_OK,
	    "a date on the day summer time starts");
	crm_time_iso(t, buf, sizeof(buf));
	is(buf, "2026-03-29T10:00:00Z", "is in CEST from 03:00");
	ok(crm_time_iso_valid(buf), "and its stored form is valid");
	ok(crm_date_parse("junk", now, &t, NULL) == CRM_EINPUT,
	    "errors without an error record");
	return tap_done();
}
