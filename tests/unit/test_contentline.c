/*
 * test_contentline.c - vCard and iCalendar content lines: escapes, and
 * folds at 75 octets exactly where a character or an escape would not
 * fit; the UIDs of lib/uid.c; "Name <address>" quoting.
 */
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"
#include "tap.h"

static struct crm_buf out;

/* The line "NAME:text" as crm_cl_prop writes it. */
static const char *
prop(const char *name, const char *text)
{
	struct crm_cl cl;

	out.len = 0;
	if (out.p != NULL)
		out.p[0] = '\0';
	crm_cl_begin(&cl, &out);
	crm_cl_prop(&cl, name, text);
	return cl.rc == CRM_OK && out.p != NULL ? out.p : "";
}

static char *
repeat(const char *s, int n)
{
	static char buf[1024];

	buf[0] = '\0';
	while (n-- > 0)
		strcat(buf, s);
	return buf;
}

static const char *
mailbox(const char *name, const char *addr)
{
	out.len = 0;
	if (crm_mailbox(name, addr, &out) != CRM_OK)
		return "";
	return out.p;
}

int
main(void)
{
	char want[1024], a70[71], uid[64], basic[24];
	int64_t id;

	memset(a70, 'a', 70);
	a70[70] = '\0';
	is(prop("NOTE", "a,b;c\\d\ne\r\nf\rg"),
	    "NOTE:a\\,b\\;c\\\\d\\ne\\nf\\ng\r\n",
	    "text escapes; CRLF, CR and LF are one line break");
	is(prop("NOTE", "tab\tstays, bell\a and NUL-less controls go\x1b"),
	    "NOTE:tab\tstays\\, bell and NUL-less controls go\r\n",
	    "controls other than tab are dropped");
	is(prop("NOTE", ""), "", "an empty value writes no line");
	/* "NOTE:" is 5 octets: 70 more fill the line to 75. */
	snprintf(want, sizeof(want), "NOTE:%s\r\n", a70);
	is(prop("NOTE", a70), want, "75 octets fit on one line");
	snprintf(want, sizeof(want), "NOTE:%s\r\n b\r\n", a70);
	{
		char v[80];

		snprintf(v, sizeof(v), "%sb", a70);
		is(prop("NOTE", v), want, "the 76th octet goes on a new line");
		snprintf(v, sizeof(v), "%s\xf0\x9f\x98\x80", a70);
		snprintf(want, sizeof(want), "NOTE:%s\r\n \xf0\x9f\x98\x80\r\n",
		    a70);
		is(prop("NOTE", v), want, "a 4-byte character is not split");
		snprintf(v, sizeof(v), "%.68s\xc3\xb1x", a70);
		snprintf(want, sizeof(want), "NOTE:%.68s\xc3\xb1\r\n x\r\n",
		    a70);
		is(prop("NOTE", v), want, "a 2-byte character that fits stays");
		snprintf(v, sizeof(v), "%.69s\xc3\xb1", a70);
		snprintf(want, sizeof(want), "NOTE:%.69s\r\n \xc3\xb1\r\n",
		    a70);
		is(prop("NOTE", v), want, "one that does not fit moves whole");
		snprintf(v, sizeof(v), "%.69s,", a70);
		snprintf(want, sizeof(want), "NOTE:%.69s\r\n \\,\r\n", a70);
		is(prop("NOTE", v), want, "an escape is not split");
	}
	snprintf(want, sizeof(want), "NOTE:%.70s\r\n %.74s\r\n %.56s\r\n",
	    repeat("x", 200), repeat("x", 200), repeat("x", 200));
	is(prop("NOTE", repeat("x", 200)), want,
	    "continuation lines hold 74 octets after their space");
	is(prop("NOTE", "bad \xff byte \xc3"),
	    "NOTE:bad \xef\xbf\xbd byte \xef\xbf\xbd\r\n",
	    "bytes that are not UTF-8 become U+FFFD");

	ok(crm_cl_basic_time("2026-11-27T10:05:09Z", basic) == CRM_OK &&
	    strcmp(basic, "20261127T100509Z") == 0, "basic time");
	ok(crm_cl_basic_time("2026-11-27 10:05", basic) == CRM_EINPUT,
	    "a time not in stored form is refused");

	crm_uid_contact(UINT64_C(0x0123456789abcdef), 42, uid, sizeof(uid));
	is(uid, "urn:uuid:01234567-89ab-8def-8000-00000000002a",
	    "a contact's UID: version 8, variant, the id at the end");
	id = crm_uid_contact_id(UINT64_C(0x0123456789abcdef), uid);
	ok(id == 42, "the id read back from the UID");
	ok(crm_uid_contact_id(UINT64_C(0x1111111111111111), uid) == 0,
	    "another base's UID holds no id of ours");
	crm_uid_meeting(UINT64_C(0x0123456789abcdef), 7, uid, sizeof(uid));
	is(uid, "meeting-7@crm-0123456789abcdef", "a meeting's UID");

	is(mailbox("Ana García", "ana@x.es"), "Ana García <ana@x.es>",
	    "atoms and UTF-8 need no quotes");
	is(mailbox("O'Brien, Zoë", "z@x.ie"), "\"O'Brien, Zoë\" <z@x.ie>",
	    "a comma is quoted");
	is(mailbox("A. \"B\" C\\D", "a@x"), "\"A. \\\"B\\\" C\\\\D\" <a@x>",
	    "quotes and backslashes escaped");
	is(mailbox(" two\nlines\t", "a@x"), "two lines <a@x>",
	    "one line, no space at either end");
	is(mailbox("", "a@x"), "<a@x>", "no name");
	crm_buf_free(&out);
	return tap_done();
}
