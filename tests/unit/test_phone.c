/* test_phone.c - crm_phone_normalize on numbers people really type. */
#include <string.h>

#include "crm.h"
#include "tap.h"

/* in made safe for a TAP description: control characters become '?'. */
static const char *
shown(const char *in)
{
	static char buf[128];
	size_t i;

	for (i = 0; in[i] != '\0' && i < sizeof(buf) - 1; i++)
		buf[i] = (unsigned char)in[i] < 0x20 ? '?' : in[i];
	buf[i] = '\0';
	return buf;
}

/* Normalise in with cc and compare the result with want. */
static void
good(const char *in, const char *cc, const char *want)
{
	struct crm_err e;
	char out[32];
	int rc;

	crm_err_clear(&e);
	strcpy(out, "(untouched)");
	rc = crm_phone_normalize(in, cc, out, sizeof(out), &e);
	if (rc != CRM_OK)
		printf("# unexpected error: %s\n", e.msg);
	is(out, want, "\"%s\" cc %s -> %s", shown(in), cc ? cc : "NULL", want);
}

/* Expect CRM_EINPUT with exactly the message want. */
static void
bad(const char *in, const char *cc, const char *want)
{
	struct crm_err e;
	char out[32];
	int rc;

	crm_err_clear(&e);
	strcpy(out, "(untouched)");
	rc = crm_phone_normalize(in, cc, out, sizeof(out), &e);
	ok(rc == CRM_EINPUT && e.code == CRM_EINPUT,
	    "\"%s\" cc %s is rejected", in, cc ? cc : "NULL");
	is(e.msg, want, "\"%s\" message", in);
	is(out, "(untouched)", "\"%s\" leaves out alone", in);
}

int
main(void)
{
	struct crm_err e;
	char small[13];

	/* The three forms of the same Spanish mobile. */
	good("+34 600-111-222", NULL, "+34600111222");
	good("0034600111222", NULL, "+34600111222");
	good("600 111 222", "34", "+34600111222");
	good("600111222", "+34", "+34600111222");
	good("+34600111222", "44", "+34600111222");
	good("  +34 600 111 222\t\n", NULL, "+34600111222");
	good("+34.600.111.222", NULL, "+34600111222");
	good("+34/600/111/222", NULL, "+34600111222");
	good("00 34 600 11 12 22", NULL, "+34600111222");
	good("+34\xc2\xa0" "600\xc2\xa0" "111\xc2\xa0" "222", NULL,
	    "+34600111222");
	good("+34 600\xe2\x80\x93" "111\xe2\x80\x93" "222", NULL,
	    "+34600111222");
	good("912 345 678", "34", "+34912345678");

	/* UK: trunk 0, written or in "(0)". */
	good("+44 (0)20 7946 0958", NULL, "+442079460958");
	good("+44 020 7946 0958", NULL, "+442079460958");
	good("020 7946 0958", "44", "+442079460958");
	good("(020) 7946 0958", "44", "+442079460958");
	good("0044 (0)20 7946 0958", NULL, "+442079460958");
	good("07700 900123", "44", "+447700900123");

	/* Other trunk-0 countries. */
	good("030 1234567", "49", "+49301234567");
	good("+49 (0)30 1234567", NULL, "+49301234567");
	good("01 23 45 67 89", "33", "+33123456789");
	good("06-12345678", "31", "+31612345678");
	good("(02) 9876 5432", "61", "+61298765432");
	good("03-1234-5678", "81", "+81312345678");
	good("010 1234 5678", "86", "+861012345678");

	/* Italy keeps the 0 of landlines, wherever it is written. */
	good("06 1234 5678", "39", "+390612345678");
	good("+39 06 1234 5678", NULL, "+390612345678");
	good("+39 (0)6 1234 5678", NULL, "+390612345678");
	good("333 123 4567", "39", "+393331234567");

	/* NANP trunk 1, Russia trunk 8, Hungary trunk 06. */
	good("1 212 555 0100", "1", "+12125550100");
	good("212-555-0100", "1", "+12125550100");
	good("(212) 555-0100", "1", "+12125550100");
	good("+1 (212) 555-0100", NULL, "+12125550100");
	good("8 (495) 123-45-67", "7", "+74951234567");
	good("06 1 234 5678", "36", "+3612345678");

	/* Bounds: 7 and 15 digits. */
	good("+683 4002", NULL, "+6834002");
	good("+123456789012345", NULL, "+123456789012345");

	bad("12ab", "34", "phone \"12ab\" has letters");
	bad("+34 600 111 222 ext 5", NULL,
	    "phone \"+34 600 111 222 ext 5\" has letters");
	bad("+34 600 111 222 x12", NULL,
	    "phone \"+34 600 111 222 x12\" has letters");
	bad("O6OO 111 222", "34", "phone \"O6OO 111 222\" has letters");
	bad("123", "34", "phone \"123\" is too short");
	bad("+34 600", NULL, "phone \"+34 600\" is too short");
	bad("+1234567890123456", NULL,
	    "phone \"+1234567890123456\" is too long");
	bad("600 111 222 333 444", "34",
	    "phone \"600 111 222 333 444\" is too long");
	bad("600111222", NULL, "phone \"600111222\" has no country code "
	    "and phone.default_country is not set");
	bad("600111222", "", "phone \"600111222\" has no country code "
	    "and phone.default_country is not set");
	bad("600111222", "spain",
	    "phone.default_country \"spain\" is not a country calling code");
	bad("600111222", "0034",
	    "phone.default_country \"0034\" is not a country calling code");
	bad("", "34", "phone \"\" is empty");
	bad("   ", "34", "phone \"\" is empty");
	bad("+34+600111222", NULL,
	    "phone \"+34+600111222\" has a '+' that is not at the start");
	bad("++34600111222", NULL,
	    "phone \"++34600111222\" has a '+' that is not at the start");
	bad("600 111 222 +", "34",
	    "phone \"600 111 222 +\" has a '+' that is not at the start");
	bad("---", "34", "phone \"---\" has no digits");
	bad("+", NULL, "phone \"+\" has no digits");
	bad("+0034600111222", NULL,
	    "phone \"+0034600111222\" has no valid country code");
	bad("000600111222", NULL,
	    "phone \"000600111222\" has no valid country code");
	bad("600#111#222", "34",
	    "phone \"600#111#222\" has an unexpected character");
	bad("600111222;", "34",
	    "phone \"600111222;\" has an unexpected character");
	bad("+34 600 111 222, +34 600 333 444", NULL,
	    "phone \"+34 600 111 222, +34 600 333 444\" has an unexpected "
	    "character");

	/* The output buffer must hold '+', 15 digits and the NUL. */
	ok(crm_phone_normalize("+34600111222", NULL, small, 12, &e) ==
	    CRM_EINPUT, "a short output buffer is refused");
	ok(crm_phone_normalize("+34600111222", NULL, small, sizeof(small),
	    NULL) ==
	    CRM_OK, "13 bytes hold +34600111222, and e may be NULL");
	is(small, "+34600111222", "written into the exact-size buffer");
	ok(crm_phone_normalize("abc", NULL, small, sizeof(small), NULL) ==
	    CRM_EINPUT, "errors without an error record");
	return tap_done();
}
