/*
 * test_encoding.c - the encoding layer: crm_decode_open's byte orders,
 * its refusals (which must stay refusals), what it writes for bytes it
 * cannot convert, crm_decode_sniff, and crm_utf8_fit.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

/* Decode the n bytes at in from encoding: the output, or the error. */
static void
decode(const char *encoding, const char *in, size_t n, char *out,
    size_t outsz, size_t *outlen, struct crm_err *e)
{
	FILE *src, *fp;
	char *copy = malloc(n + 1);

	memcpy(copy, in, n);
	src = fmemopen(copy, n, "r");
	crm_err_clear(e);
	*outlen = 0;
	if (crm_decode_open(&fp, src, encoding, e) == CRM_OK) {
		*outlen = fread(out, 1, outsz - 1, fp);
		out[*outlen] = '\0';
		if (ferror(fp)) {
			crm_decode_error(fp, e);
			/* A refusal stays one: the next read fails at once. */
			ok(fread(out, 1, 1, fp) == 0 && ferror(fp),
			    "%s: a second read fails too", encoding);
		}
		fclose(fp);
	}
	fclose(src);
	free(copy);
}

static void
reads(const char *encoding, const char *in, size_t n, const char *want,
    const char *what)
{
	struct crm_err e;
	char out[256];
	size_t len;

	decode(encoding, in, n, out, sizeof(out), &len, &e);
	ok(e.code == CRM_OK, "%s: %s is read", encoding, what);
	ok(len == strlen(want) && memcmp(out, want, len) == 0,
	    "%s: %s reads right", encoding, what);
}

static void
refuses(const char *encoding, const char *in, size_t n, const char *want,
    const char *what)
{
	struct crm_err e;
	char out[256];
	size_t len;

	decode(encoding, in, n, out, sizeof(out), &len, &e);
	ok(e.code == CRM_EINPUT, "%s: %s is refused", encoding, what);
	is(e.msg, want, "%s: %s: the reason", encoding, what);
}

static void
sniff(const char *in, size_t n, const char *want, const char *what)
{
	struct crm_err e;

	crm_err_clear(&e);
	ok(crm_decode_sniff(in, n, &e) == (want == NULL ? CRM_OK : CRM_EINPUT),
	    "sniff: %s", what);
	if (want != NULL)
		is(e.msg, want, "sniff: %s: the words", what);
}

#define S(lit) lit, sizeof(lit) - 1

int
main(void)
{
	static const char u16[] = "the input looks like UTF-16, not UTF-8: "
	    "read it with --encoding utf-16";
	static const char no_order[] = "UTF-16 input without a byte order "
	    "mark whose first characters do not show its byte order: say "
	    "which, --encoding utf-16le or --encoding utf-16be";
	struct crm_err e;
	char out[64];
	size_t len;

	/* "utf-16": a mark, or the side the NULs are on, gives the order. */
	reads("utf-16", S("\xff\xfe" "a\0,\0b\0"), "a,b", "little endian, marked");
	reads("utf-16", S("\xfe\xff" "\0a\0,\0b"), "a,b", "big endian, marked");
	reads("utf-16", S("a\0,\0b\0\n\0"), "a,b\n", "little endian, no mark");
	reads("utf-16", S("\0a\0,\0b\0\n"), "a,b\n", "big endian, no mark");
	reads("utf-32", S("a\0\0\0,\0\0\0"), "a,", "UTF-32LE, no mark");
	refuses("utf-16", S("\x4e\x2d\x65\x87\x00\x0a"), no_order,
	    "Chinese: no NULs tell");
	refuses("utf-16le", S("\0a\0,\0b"), "the input looks like UTF-16BE, "
	    "not utf-16le: read it with --encoding utf-16", "big endian");
	refuses("utf-16", S("\xff\xfe\0\0a\0\0\0"), "the input looks like "
	    "UTF-32, not utf-16: read it with --encoding utf-32", "UTF-32");
	refuses("latin1", S("\xff\xfe" "a\0"), "the input looks like UTF-16, "
	    "not latin1: read it with --encoding utf-16", "UTF-16");
	refuses("windows-1252", S("a\0,\0b\0"), "the input looks like UTF-16, "
	    "not windows-1252: read it with --encoding utf-16",
	    "UTF-16 without a mark");
	refuses("latin1", S("\xef\xbb\xbf" "a"), "the input starts with a "
	    "UTF-8 byte order mark: it is UTF-8, not latin1 (leave out "
	    "--encoding)", "UTF-8");

	/* What cannot be converted is 0xFF, which the readers refuse. */
	reads("windows-1252", S("a\x81z"), "a\xff" "z", "an undefined byte");
	/* glibc lets U+110000 through UTF-8: it must not pass as text. */
	decode("utf-8", S("a\xf4\x90\x80\x80z"), out, sizeof(out), &len, &e);
	ok(e.code == CRM_OK && len == 6 && memcmp(out, "a\xff\xff\xff\xffz",
	    6) == 0, "utf-8: a code point past U+10FFFF becomes 0xFF bytes");

	/* The readers' words, without --encoding. */
	sniff(S("\xff\xfe" "a\0"), u16, "a mark");
	sniff(S("a\0,\0b\0"), u16, "NULs after the characters");
	sniff(S("\0a\0,\0b"), u16, "NULs before them");
	sniff(S("1\0\n"), u16, "one id");
	sniff(S("\xff\xfe\0\0" "a\0\0\0"), "the input looks like UTF-32, not "
	    "UTF-8: read it with --encoding utf-32", "UTF-32");
	sniff(S("first_name,last_name\n"), NULL, "ASCII");
	sniff(S("Jos\xc3\xa9,M\xc3\xba\xc3\xb1oz\n"), NULL, "UTF-8");
	sniff(S("ab\0cd,efgh,ijkl\n"), NULL, "one stray NUL");
	sniff("", 0, NULL, "nothing");

	/* A buffer cut never splits a character. */
	ok(crm_utf8_fit("a\xc3\xb1" "b", 4, 2) == 1, "fit: not inside ñ");
	ok(crm_utf8_fit("a\xc3\xb1" "b", 4, 3) == 3, "fit: after ñ");
	ok(crm_utf8_fit("abc", 3, 8) == 3, "fit: all of it");
	ok(crm_utf8_fit("\xe2\x82\xac", 3, 2) == 0, "fit: none of €");
	return tap_done();
}
