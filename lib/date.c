/* date.c - dates people type, and the stored ISO 8601 form. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crm.h"

#define DATE_INPUT_MAX	128	/* longer input is never a date */
#define OFFSET_DIGITS	6	/* "+999999d": far beyond any real use */

/* What parse_time found. */
enum { TIME_NONE, TIME_OK, TIME_BAD };

static const char *const weekdays[7][2] = {
	{ "sunday", "sun" }, { "monday", "mon" }, { "tuesday", "tue" },
	{ "wednesday", "wed" }, { "thursday", "thu" }, { "friday", "fri" },
	{ "saturday", "sat" },
};

/* The weekday (0 is Sunday) named by the wl letters at p, or -1. */
static int
weekday(const char *p, size_t wl)
{
	int i;

	for (i = 0; i < 7; i++)
		if ((strlen(weekdays[i][0]) == wl &&
		    strncmp(p, weekdays[i][0], wl) == 0) ||
		    (wl == 3 && strncmp(p, weekdays[i][1], 3) == 0))
			return i;
	return -1;
}

/* Units of "+3d": months and years move the calendar, the rest add time. */
enum unit { U_DAY, U_WEEK, U_MONTH, U_YEAR, U_HOUR, U_MIN };
static const struct {
	const char *name;
	enum unit unit;
} units[] = {
	{ "d", U_DAY }, { "day", U_DAY }, { "days", U_DAY },
	{ "w", U_WEEK }, { "week", U_WEEK }, { "weeks", U_WEEK },
	{ "m", U_MONTH }, { "month", U_MONTH }, { "months", U_MONTH },
	{ "y", U_YEAR }, { "year", U_YEAR }, { "years", U_YEAR },
	{ "h", U_HOUR }, { "hour", U_HOUR }, { "hours", U_HOUR },
	{ "min", U_MIN }, { "mins", U_MIN }, { "minute", U_MIN },
	{ "minutes", U_MIN },
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(char c)
{
	return c >= 'a' && c <= 'z';
}

static void
skip_spaces(const char **pp)
{
	while (**pp == ' ' || **pp == '\t')
		(*pp)++;
}

/* Read min..max digits at *pp into *val; 0 (cursor kept) when there are not. */
static int
read_num(const char **pp, int min, int max, int *val)
{
	const char *p = *pp;
	int n = 0, v = 0;

	while (n < max && is_digit(p[n])) {
		v = v * 10 + (p[n] - '0');
		n++;
	}
	if (n < min || is_digit(p[n]))
		return 0;
	*val = v;
	*pp = p + n;
	return 1;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int
date_real(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in_month(y, m);
}

/*
 * A time of day: "10:00", "10:00:30" (a fraction of a second is dropped),
 * "10am", "3:30 pm".  TIME_NONE leaves *pp alone; TIME_BAD means it looked
 * like a time but is not one ("25:00", "13pm").
 */
static int
parse_time(const char **pp, int *h, int *mi, int *s)
{
	const char *p = *pp, *q;
	int colon = 0, ampm = 0, pm = 0;

	*mi = *s = 0;
	if (!read_num(&p, 1, 2, h))
		return TIME_NONE;
	if (*p == ':') {
		p++;
		if (!read_num(&p, 2, 2, mi))
			return TIME_NONE;
		if (*p == ':') {
			p++;
			if (!read_num(&p, 2, 2, s))
				return TIME_NONE;
			if (*p == '.' && is_digit(p[1]))
				for (p++; is_digit(*p); p++)
					;
		}
		colon = 1;
	}
	q = p;
	skip_spaces(&q);
	if ((q[0] == 'a' || q[0] == 'p') && q[1] == 'm' && !is_alpha(q[2])) {
		ampm = 1;
		pm = q[0] == 'p';
		p = q + 2;
	}
	if (!colon && !ampm)
		return TIME_NONE;
	*pp = p;
	if (ampm) {
		if (*h < 1 || *h > 12)
			return TIME_BAD;
		*h = *h % 12 + (pm ? 12 : 0);
	}
	if (*h > 23 || *mi > 59 || *s > 59)
		return TIME_BAD;
	return TIME_OK;
}

/* An optional "at" between a day and its time: "friday at 10am". */
static void
skip_at(const char **pp)
{
	const char *p = *pp;

	skip_spaces(&p);
	if (p[0] == 'a' && p[1] == 't' && (p[2] == ' ' || p[2] == '\t')) {
		p += 2;
		skip_spaces(&p);
		*pp = p;
	}
}

/*
 * A time zone after an ISO time: "z", "+01:00", "-0500", "+01".  Returns
 * 1 with *off in seconds east of UTC, 0 when there is none, -1 when bad.
 */
static int
parse_zone(const char **pp, long *off)
{
	const char *p = *pp;
	int sign, hh, mm = 0;

	skip_spaces(&p);
	if (*p == 'z') {
		*off = 0;
		*pp = p + 1;
		return 1;
	}
	if (*p != '+' && *p != '-')
		return 0;
	sign = *p++ == '-' ? -1 : 1;
	if (!is_digit(p[0]) || !is_digit(p[1]))
		return -1;
	hh = (p[0] - '0') * 10 + (p[1] - '0');
	p += 2;
	if (*p == ':')
		p++;
	if (is_digit(p[0]) && is_digit(p[1])) {
		mm = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
	} else if (p[-1] == ':')
		return -1;
	if (hh > 23 || mm > 59)
		return -1;
	*off = sign * (hh * 3600L + mm * 60L);
	*pp = p;
	return 1;
}

/*
 * mktime that reports failure (-1 is also a real second) and keeps the
 * result inside the years the stored form can hold.
 */
static int
local_time(struct tm *tm, time_t *out)
{
	struct tm check;

	tm->tm_isdst = -1;
	errno = 0;
	*out = mktime(tm);
	if (*out == (time_t)-1 && errno != 0)
		return 0;
	if (gmtime_r(out, &check) == NULL || check.tm_year + 1900 < 1 ||
	    check.tm_year + 1900 > 9999)
		return 0;
	return 1;
}

/*
 * Parse s as documented in crm.h.  The reason for a failure names the
 * input as typed (trimmed).
 */
int
crm_date_parse(const char *s, time_t now, time_t *out, struct crm_err *e)
{
	char buf[DATE_INPUT_MAX + 1], shown[DATE_INPUT_MAX + 1];
	const char *p;
	struct tm tm;
	size_t len, i, wl;
	long off;
	int y, mo, d, h = 0, mi = 0, sec = 0, n, sign, r, found;
	time_t t;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	if (len == 0)
		return crm_err_set(e, CRM_EINPUT, "date \"\" is empty");
	if (len > DATE_INPUT_MAX)
		return crm_err_set(e, CRM_EINPUT,
		    "date \"%.40s...\" is not understood", s);
	memcpy(shown, s, len);
	shown[len] = '\0';
	for (i = 0; i <= len; i++)
		buf[i] = shown[i] >= 'A' && shown[i] <= 'Z' ?
		    shown[i] - 'A' + 'a' : shown[i];

	if (localtime_r(&now, &tm) == NULL)
		return crm_err_set(e, CRM_EINPUT,
		    "date \"%s\": the current time is out of range", shown);
	p = buf;

	if (is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) &&
	    is_digit(p[3]) && p[4] == '-') {
		/* ISO 8601: "2026-11-27", then a time, then a zone. */
		y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 +
		    (p[2] - '0') * 10 + (p[3] - '0');
		p += 5;
		if (!read_num(&p, 1, 2, &mo) || *p++ != '-' ||
		    !read_num(&p, 1, 2, &d))
			goto garbage;
		if (!date_real(y, mo, d))
			return crm_err_set(e, CRM_EINPUT,
			    "date \"%s\" is not a real date", shown);
		r = TIME_NONE;
		if (*p == 't') {
			p++;
			if ((r = parse_time(&p, &h, &mi, &sec)) == TIME_NONE)
				goto garbage;
		} else if (*p == ' ' || *p == '\t') {
			skip_at(&p);
			skip_spaces(&p);
			r = parse_time(&p, &h, &mi, &sec);
		}
		if (r == TIME_BAD)
			goto badtime;
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec;
		if (r == TIME_OK && (found = parse_zone(&p, &off)) != 0) {
			if (found < 0)
				return crm_err_set(e, CRM_EINPUT, "date \"%s\" "
				    "has an invalid time zone offset", shown);
			t = timegm(&tm) - off;
		} else if (!local_time(&tm, &t))
			goto range;
	} else if (*p == '+' || *p == '-') {
		/* An offset from now: "+3d", "-2w", "+1m", "+4h", "+30min". */
		sign = *p++ == '-' ? -1 : 1;
		if (!read_num(&p, 1, OFFSET_DIGITS, &n)) {
			if (is_digit(*p))
				goto range;
			goto garbage;
		}
		skip_spaces(&p);
		for (wl = 0; is_alpha(p[wl]); wl++)
			;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (strlen(units[i].name) == wl &&
			    strncmp(p, units[i].name, wl) == 0)
				break;
		if (i == sizeof(units) / sizeof(units[0]))
			goto garbage;
		p += wl;
		n *= sign;
		switch (units[i].unit) {
		case U_HOUR:
			t = now + (time_t)n * 3600;
			break;
		case U_MIN:
			t = now + (time_t)n * 60;
			break;
		default:
			/* Calendar steps keep the wall-clock time of now. */
			if (units[i].unit == U_DAY)
				tm.tm_mday += n;
			else if (units[i].unit == U_WEEK)
				tm.tm_mday += 7 * n;
			else {
				long m = (tm.tm_year + 1900L) * 12 + tm.tm_mon +
				    (units[i].unit == U_YEAR ? 12L * n : n);
				int dim;

				if (m < 12 || m >= 10000L * 12)
					goto range;
				tm.tm_year = (int)(m / 12) - 1900;
				tm.tm_mon = (int)(m % 12);
				/* Jan 31 + 1m is Feb 28, not Mar 3. */
				dim = days_in_month(tm.tm_year + 1900,
				    tm.tm_mon + 1);
				if (tm.tm_mday > dim)
					tm.tm_mday = dim;
			}
			skip_at(&p);
			skip_spaces(&p);
			if ((r = parse_time(&p, &h, &mi, &sec)) == TIME_BAD)
				goto badtime;
			if (r == TIME_OK) {
				tm.tm_hour = h;
				tm.tm_min = mi;
				tm.tm_sec = sec;
			}
			if (!local_time(&tm, &t))
				goto range;
		}
	} else if (is_alpha(*p)) {
		/* A word: now, today, yesterday, tomorrow or a weekday. */
		for (wl = 0; is_alpha(p[wl]); wl++)
			;
		if (wl == 3 && strncmp(p, "now", 3) == 0) {
			p += 3;
			t = now;
		} else {
			if (wl == 5 && strncmp(p, "today", 5) == 0)
				d = 0;
			else if (wl == 9 && strncmp(p, "yesterday", 9) == 0)
				d = -1;
			else if (wl == 8 && strncmp(p, "tomorrow", 8) == 0)
				d = 1;
			else if ((n = weekday(p, wl)) >= 0)
				/* The next one, today excluded. */
				d = (n - tm.tm_wday + 6) % 7 + 1;
			else
				goto garbage;
			p += wl;
			skip_at(&p);
			skip_spaces(&p);
			if ((r = parse_time(&p, &h, &mi, &sec)) == TIME_BAD)
				goto badtime;
			tm.tm_mday += d;
			tm.tm_hour = h;
			tm.tm_min = mi;
			tm.tm_sec = sec;
			if (!local_time(&tm, &t))
				goto range;
		}
	} else {
		/* A bare time of day: today at that time. */
		if ((r = parse_time(&p, &h, &mi, &sec)) == TIME_NONE)
			goto garbage;
		if (r == TIME_BAD)
			goto badtime;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec;
		if (!local_time(&tm, &t))
			goto range;
	}

	skip_spaces(&p);
	if (*p != '\0')
		goto garbage;
	/* An offset or a zone can carry a real date past the year 9999. */
	if (!crm_time_storable(t))
		goto range;
	*out = t;
	return CRM_OK;
garbage:
	return crm_err_set(e, CRM_EINPUT, "date \"%s\" is not understood",
	    shown);
badtime:
	return crm_err_set(e, CRM_EINPUT, "date \"%s\" has an invalid time",
	    shown);
range:
	return crm_err_set(e, CRM_EINPUT, "date \"%s\" is out of range", shown);
}

int
crm_time_storable(time_t t)
{
	struct tm tm;

	if (t < CRM_TIME_MIN || t > CRM_TIME_MAX)
		return 0;
	/* A date column holds the local date: it must have four digits too. */
	return localtime_r(&t, &tm) != NULL && tm.tm_year + 1900 >= 1 &&
	    tm.tm_year + 1900 <= 9999;
}

int
crm_time_iso(time_t t, char *buf, size_t bufsz)
{
	struct tm tm;

	if (bufsz == 0)
		return CRM_EINPUT;
	buf[0] = '\0';
	if (t < CRM_TIME_MIN || t > CRM_TIME_MAX || bufsz < 21 ||
	    gmtime_r(&t, &tm) == NULL)
		return CRM_EINPUT;
	snprintf(buf, bufsz, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	return CRM_OK;
}

/* Return 1 when s is exactly a real "YYYY-MM-DDTHH:MM:SSZ", else 0. */
int
crm_time_iso_valid(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;
	int y, mo, d, h, mi, sec;

	for (i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd' ? !is_digit(s[i]) : s[i] != shape[i])
			return 0;
	}
	if (s[i] != '\0')
		return 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi,
	    &sec) != 6)
		return 0;
	return date_real(y, mo, d) && h <= 23 && mi <= 59 && sec <= 59;
}

int
crm_date_stamp(const char *typed, char *buf, size_t bufsz, struct crm_err *e)
{
	time_t t;
	int rc;

	if ((rc = crm_date_parse(typed, time(NULL), &t, e)) != CRM_OK)
		return rc;
	if (crm_time_iso(t, buf, bufsz) != CRM_OK)
		return crm_err_set(e, CRM_EINPUT, "date \"%s\" is out of range",
		    typed);
	return CRM_OK;
}

long
crm_days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
crm_civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}
