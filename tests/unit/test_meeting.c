/*
 * test_meeting.c - what a meeting reads as typed: its start (which needs
 * a time of day), its length and its status word.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm.h"
#include "tap.h"

/* Friday 2026-11-27 09:30:00 UTC. */
static const time_t now = 1795771800;

static void
when(const char *in, const char *want)
{
	struct crm_err e;
	char got[32];

	crm_err_clear(&e);
	if (crm_meeting_time(in, now, got, sizeof(got), &e) != CRM_OK) {
		printf("# unexpected error: %s\n", e.msg);
		strcpy(got, "(error)");
	}
	is(got, want, "at \"%s\" -> %s", in, want);
}

static void
when_bad(const char *in, const char *want)
{
	struct crm_err e;
	char got[32] = "untouched";

	crm_err_clear(&e);
	ok(crm_meeting_time(in, now, got, sizeof(got), &e) == CRM_EINPUT &&
	    strcmp(got, "untouched") == 0, "at \"%s\" is refused", in);
	is(e.msg, want, "at \"%s\" message", in);
}

static void
length(const char *in, long want)
{
	struct crm_err e;
	long got = -1;
	int rc;

	crm_err_clear(&e);
	rc = crm_meeting_duration(in, &got, &e);
	if (want < 0)
		ok(rc == CRM_EINPUT && got == -1, "duration \"%s\" is refused",
		    in);
	else
		ok(rc == CRM_OK && got == want, "duration \"%s\" is %ld (got "
		    "%ld)", in, want, got);
}

static void
status(const char *in, const char *want)
{
	struct crm_err e;
	const char *got = NULL;
	int rc;

	crm_err_clear(&e);
	rc = crm_meeting_status(in, &got, &e);
	if (want == NULL)
		ok(rc == CRM_EINPUT && got == NULL, "status \"%s\" is refused",
		    in);
	else
		is(rc == CRM_OK ? got : "(error)", want, "status \"%s\"", in);
}

int
main(void)
{
	struct crm_err e;
	const char *s;

	setenv("TZ", "UTC", 1);
	tzset();

	when("2026-12-01 10:00", "2026-12-01T10:00:00Z");
	when("2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z");
	when(" 2026-12-01 at 4pm ", "2026-12-01T16:00:00Z");
	when("tomorrow 10:00", "2026-11-28T10:00:00Z");
	when("Fri 9:30", "2026-12-04T09:30:00Z");
	when("+2d 16:00", "2026-11-29T16:00:00Z");
	when("+3h", "2026-11-27T12:30:00Z");
	when("+30min", "2026-11-27T10:00:00Z");
	when("now", "2026-11-27T09:30:00Z");
	when("11am", "2026-11-27T11:00:00Z");
	when_bad("2026-12-01", "date \"2026-12-01\" has no time of day; a "
	    "meeting needs one (\"2026-12-01 10:00\")");
	when_bad(" Tomorrow ", "date \"Tomorrow\" has no time of day; a "
	    "meeting needs one (\"Tomorrow 10:00\")");
	when_bad("fri", "date \"fri\" has no time of day; a meeting needs one "
	    "(\"fri 10:00\")");
	when_bad("+2d", "date \"+2d\" has no time of day; a meeting needs one "
	    "(\"+2d 10:00\")");
	when_bad("-1w", "date \"-1w\" has no time of day; a meeting needs one "
	    "(\"-1w 10:00\")");
	when_bad("someday", "date \"someday\" is not understood");
	when_bad("2026-02-30 10:00", "date \"2026-02-30 10:00\" is not a real "
	    "date");

	length("90", 90);
	length(" 90m ", 90);
	length("45min", 45);
	length("1h", 60);
	length("1h30", 90);
	length("1h30m", 90);
	length("2H", 120);
	length("1440", 1440);
	length("0", -1);
	length("1441", -1);
	length("25h", -1);
	length("1h60", -1);
	length("", -1);
	length("-5", -1);
	length("1.5h", -1);
	length("1 h", -1);
	length("90s", -1);
	length("99999999999", -1);
	crm_err_clear(&e);
	crm_meeting_duration("x", &(long){ 0 }, &e);
	is(e.msg, "duration \"x\" is not 1 to 1440 minutes (90, 90m, 1h, "
	    "1h30)", "duration message");

	status("planned", "planned");
	status("HELD", "held");
	status("done", "held");
	status("canceled", "cancelled");
	status("no-show", "no_show");
	status("noshow", "no_show");
	status("no_show", "no_show");
	status("c", "cancelled");
	status("n", "no_show");
	status("p", "planned");
	status(" h ", "held");
	status("", NULL);
	status("weird", NULL);
	status("heldx", NULL);
	crm_err_clear(&e);
	crm_meeting_status("x", &s, &e);
	is(e.msg, "status \"x\" is not a meeting status (planned, held, "
	    "cancelled, no_show)", "status message");
	return tap_done();
}
