/* test_email.c - crm_email_normalize on addresses people really type. */
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

static void
good(const char *in, const char *want)
{
	struct crm_err e;
	char out[300];

	crm_err_clear(&e);
	strcpy(out, "(untouched)");
	if (crm_email_normalize(in, out, sizeof(out), &e) != CRM_OK)
		printf("# unexpected error: %s\n", e.msg);
	is(out, want, "\"%s\" -> \"%s\"", shown(in), want);
}

/* Expect rejection; the message names the trimmed input, shown_as. */
static void
bad(const char *in, const char *shown_as)
{
	struct crm_err e;
	char out[300], want[1024];
	int rc;

	crm_err_clear(&e);
	strcpy(out, "(untouched)");
	rc = crm_email_normalize(in, out, sizeof(out), &e);
	snprintf(want, sizeof(want), "email \"%s\" is not a valid address",
	    shown_as);
	ok(rc == CRM_EINPUT && e.code == CRM_EINPUT, "\"%s\" is rejected",
	    shown(in));
	is(e.msg, want, "\"%s\" message", shown(in));
	ok(strcmp(out, "(untouched)") == 0, "\"%s\" leaves out alone",
	    shown(in));
}

int
main(void)
{
	char local64[80], local65[80], label63[100], label64[100];
	char long254[300], long255[300], small[8];
	struct crm_err e;

	good("ana@example.com", "ana@example.com");
	good("Ana.Lopez@Example.COM", "Ana.Lopez@example.com");
	good("  bob@example.org \t\n", "bob@example.org");
	good("user+tag@mail.example.co.uk", "user+tag@mail.example.co.uk");
	good("o'brien@example.ie", "o'brien@example.ie");
	good("first_last-1@sub-domain.example.com",
	    "first_last-1@sub-domain.example.com");
	good("x@y.io", "x@y.io");
	good("info@123.example", "info@123.example");
	good("a@b.c0m", "a@b.c0m");
	good("jos\xc3\xa9@correo.es", "jos\xc3\xa9@correo.es");
	good("user@B\xc3\xbc" "cher.DE", "user@b\xc3\xbc" "cher.de");
	good("USER@xn--bcher-kva.example", "USER@xn--bcher-kva.example");
	good("a.b.c@d.e.f.g", "a.b.c@d.e.f.g");
	good("!#$%&*+/=?^_`{|}~@example.com",
	    "!#$%&*+/=?^_`{|}~@example.com");

	bad("x@", "x@");
	bad("  x@ ", "x@");
	bad("", "");
	bad("   ", "");
	bad("bob", "bob");
	bad("@example.com", "@example.com");
	bad("bob@", "bob@");
	bad("bob@@example.com", "bob@@example.com");
	bad("bob@alice@example.com", "bob@alice@example.com");
	bad("bob@example", "bob@example");
	bad("bob@localhost", "bob@localhost");
	bad("bob@example.", "bob@example.");
	bad("bob@example.com.", "bob@example.com.");
	bad("bob@.example.com", "bob@.example.com");
	bad("bob@example..com", "bob@example..com");
	bad("bob@exa mple.com", "bob@exa mple.com");
	bad("bob smith@example.com", "bob smith@example.com");
	/* Messages are one line: control characters show as escapes. */
	bad("bob\t@example.com", "bob\\t@example.com");
	bad(".bob@example.com", ".bob@example.com");
	bad("bob.@example.com", "bob.@example.com");
	bad("bo..b@example.com", "bo..b@example.com");
	bad("bob@-example.com", "bob@-example.com");
	bad("bob@example-.com", "bob@example-.com");
	bad("bob@example.-com", "bob@example.-com");
	bad("bob@example.123", "bob@example.123");
	bad("bob@192.168.1.1", "bob@192.168.1.1");
	bad("bob@[192.168.1.1]", "bob@[192.168.1.1]");
	bad("bob@exa_mple.com", "bob@exa_mple.com");
	bad("bob@example.com>", "bob@example.com>");
	bad("\"bob\"@example.com", "\"bob\"@example.com");
	bad("Bob <bob@example.com>", "Bob <bob@example.com>");
	bad("bob,alice@example.com", "bob,alice@example.com");
	bad("bob@example.com, alice@example.com",
	    "bob@example.com, alice@example.com");
	bad("bob@example.com;alice@example.com",
	    "bob@example.com;alice@example.com");
	bad("mailto:bob@example.com", "mailto:bob@example.com");
	bad("bob(work)@example.com", "bob(work)@example.com");
	bad("bob\\x@example.com", "bob\\x@example.com");
	bad("bob@example.com/", "bob@example.com/");
	bad("www.example.com", "www.example.com");
	bad("bob\x01@example.com", "bob\\x01@example.com");
	/* Bytes that are not UTF-8 are quoted as escapes too. */
	bad("\xff" "bob@example.com", "\\xffbob@example.com");
	bad("jos\xc3@example.com", "jos\\xc3@example.com");

	/* Limits: local part 64, label 63, whole address 254. */
	memset(local64, 'a', 64);
	strcpy(local64 + 64, "@example.com");
	memset(local65, 'a', 65);
	strcpy(local65 + 65, "@example.com");
	good(local64, local64);
	bad(local65, local65);
	strcpy(label63, "bob@");
	memset(label63 + 4, 'b', 63);
	strcpy(label63 + 67, ".com");
	strcpy(label64, "bob@");
	memset(label64 + 4, 'b', 64);
	strcpy(label64 + 68, ".com");
	good(label63, label63);
	bad(label64, label64);
	/* 64 + '@' + 3 labels of 60 + "." + 2 + "." + "com" = 254 */
	memset(long254, 'a', 64);
	long254[64] = '@';
	memset(long254 + 65, 'd', 60);
	long254[125] = '.';
	memset(long254 + 126, 'd', 60);
	long254[186] = '.';
	memset(long254 + 187, 'd', 60);
	strcpy(long254 + 247, ".xx.com");
	ok(strlen(long254) == 254, "long254 is 254 bytes");
	good(long254, long254);
	strcpy(long255, long254);
	strcpy(long255 + 247, ".xxx.com");
	bad(long255, long255);

	/* The caller's buffer must hold the result. */
	ok(crm_email_normalize("bob@example.com", small, sizeof(small), &e) ==
	    CRM_EINPUT, "a short output buffer is refused");
	ok(crm_email_normalize("bob@", small, sizeof(small), NULL) ==
	    CRM_EINPUT, "errors without an error record");
	return tap_done();
}
