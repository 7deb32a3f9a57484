/*
 * encoding.c - input in other encodings (windows-1252, latin1, cp1251,
 * UTF-16 ...) converted to UTF-8 as it is read.
 *
 * The converted input is a stdio stream of its own (fopencookie(3)), so
 * every reader (the CSV reader, the vCard reader, a binary's getc) reads
 * UTF-8 without knowing: the conversion runs block by block through
 * iconv(3), and memory stays flat however long the input.
 *
 * A byte the encoding does not define is passed on as 0xFF, a byte UTF-8
 * never holds: the reader then rejects the one record that holds it, with
 * its line, and reading goes on.  Input that cannot be the encoding named
 * at all (a byte order mark of another one, UTF-16 where latin1 was
 * named, UTF-16 whose byte order neither a mark nor its first characters
 * show) stops reading with a reason crm_decode_error gives; every read
 * after that fails again, so a reader that stops at its first error
 * stops.
 *
 * crm_decode_sniff says "the input looks like UTF-16" in the same words
 * for the readers that read without --encoding.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm.h"

#define INBUF	16384
#define OUTBUF	(4 * INBUF)

/* What the first bytes of the input must be, for the encoding named. */
enum bom_rule {
	BOM_ANY,		/* a single-byte or explicit-endian encoding */
	BOM_NEEDED16,		/* "UTF-16": a mark, or NULs that show it */
	BOM_NEEDED32,		/* "UTF-32" */
};

struct decoder {
	FILE *src;		/* the stream read, not ours to close */
	FILE *fp;		/* the converted stream handed out */
	iconv_t cd;
	char *name;		/* the encoding as given, for messages */
	enum bom_rule bom;
	int unit;		/* bytes skipped for a bad sequence */
	int utf;		/* the encoding is a Unicode one */
	int order;		/* 'l' or 'b': the name says the byte order */
	int started;		/* the first bytes have been checked */
	int eof, done, failed;
	char why[1024];		/* what failed, for crm_decode_error */
	char in[INBUF];
	size_t ilen;
	char out[OUTBUF];
	size_t olen, opos;
	struct decoder *next;
};

/* The streams open now, to find a decoder from its FILE. */
static struct decoder *decoders;

static struct decoder *
find(FILE *fp)
{
	struct decoder *d;

	for (d = decoders; d != NULL; d = d->next)
		if (d->fp == fp)
			return d;
	return NULL;
}

/* name without case, '-' and '_': "UTF_16" and "utf16" are "utf16". */
static void
fold_name(const char *name, char *out, size_t outsz)
{
	size_t o = 0;

	for (; *name != '\0' && o + 1 < outsz; name++) {
		char c = *name;

		if (c == '-' || c == '_')
			continue;
		out[o++] = c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
	}
	out[o] = '\0';
}

static void
classify(struct decoder *d)
{
	char f[32];
	size_t n;

	fold_name(d->name, f, sizeof(f));
	d->unit = 1;
	d->bom = BOM_ANY;
	if (strncmp(f, "utf16", 5) == 0 || strncmp(f, "ucs2", 4) == 0)
		d->unit = 2;
	else if (strncmp(f, "utf32", 5) == 0 || strncmp(f, "ucs4", 4) == 0)
		d->unit = 4;
	d->utf = d->unit > 1 || strcmp(f, "utf8") == 0;
	n = strlen(f);
	/* "utf-16le", "UCS-2BE": the name says the byte order. */
	d->order = 0;
	if (d->unit > 1 && n >= 2 && (strcmp(f + n - 2, "le") == 0 ||
	    strcmp(f + n - 2, "be") == 0))
		d->order = f[n - 2];
	if (strcmp(f, "utf16") == 0)
		d->bom = BOM_NEEDED16;
	else if (strcmp(f, "utf32") == 0)
		d->bom = BOM_NEEDED32;
}

static void
fail(struct decoder *d, const char *why)
{
	snprintf(d->why, sizeof(d->why), "%s", why);
	d->failed = 1;
}

/* What the first bytes of an input say of its encoding. */
struct start {
	int width;		/* 16 or 32: UTF-16 or UTF-32; 0 neither */
	int le;			/* little endian */
	int bom;		/* from a byte order mark, not from NULs */
};

/*
 * UTF-16 or UTF-32 read as bytes: a byte order mark, or text whose first
 * characters (up to 64 bytes) are ASCII with NUL bytes beside them, as
 * every CSV header and BEGIN:VCARD starts.  UTF-32 is looked for first:
 * its little-endian mark begins like UTF-16's.
 */
static struct start
look(const unsigned char *p, size_t n)
{
	struct start st = { 0, 0, 0 };
	size_t i, units, nul[4] = { 0, 0, 0, 0 }, lim = n < 64 ? n : 64;

	if (n >= 4 && ((p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 &&
	    p[3] == 0) || (p[0] == 0 && p[1] == 0 && p[2] == 0xFE &&
	    p[3] == 0xFF))) {
		st.width = 32;
		st.le = p[0] == 0xFF;
		st.bom = 1;
		return st;
	}
	if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) ||
	    (p[0] == 0xFE && p[1] == 0xFF))) {
		st.width = 16;
		st.le = p[0] == 0xFF;
		st.bom = 1;
		return st;
	}
	for (i = 0; i < lim; i++)
		nul[i % 4] += p[i] == 0;
	/* UTF-32: three NULs in every four bytes, around the character. */
	units = lim / 4;
	if (units >= 1 && nul[1] == units && nul[2] == units &&
	    (nul[3] == units) != (nul[0] == units)) {
		st.width = 32;
		st.le = nul[3] == units;
		return st;
	}
	/* UTF-16: NULs on one side only, beside half the characters or more. */
	units = lim / 2;
	if (units >= 1 && nul[0] + nul[2] == 0 && nul[1] + nul[3] > 0 &&
	    2 * (nul[1] + nul[3]) >= units) {
		st.width = 16;
		st.le = 1;
	} else if (units >= 1 && nul[1] + nul[3] == 0 && nul[0] + nul[2] > 0 &&
	    2 * (nul[0] + nul[2]) >= units) {
		st.width = 16;
		st.le = 0;
	}
	return st;
}

/* The one message for UTF-16 or UTF-32 read as something else. */
static int
looks_like(const struct start *st, const char *named, struct crm_err *e)
{
	return crm_err_set(e, CRM_EINPUT, "the input looks like UTF-%d, not "
	    "%s: read it with --encoding utf-%d", st->width, named,
	    st->width);
}

int
crm_decode_sniff(const void *p, size_t n, struct crm_err *e)
{
	struct start st = look(p, n);

	return st.width == 0 ? CRM_OK : looks_like(&st, "UTF-8", e);
}

/* Read the rest as name says ("UTF-16LE"): the byte order is known. */
static void
reopen(struct decoder *d, const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);

	if (cd == (iconv_t)-1) {
		fail(d, "iconv cannot read the byte order found");
		return;
	}
	iconv_close(d->cd);
	d->cd = cd;
}

/*
 * Check the first bytes: a byte order mark that says the input is not
 * in the encoding named, or UTF-16 where a single-byte encoding was
 * named; for "utf-16" and "utf-32" without a mark, the byte order the
 * NUL bytes show.  Returns 0 when more bytes are needed to tell, 1 when
 * checked.
 */
static int
check_start(struct decoder *d)
{
	const unsigned char *p = (const unsigned char *)d->in;
	size_t n = d->ilen;
	struct start st;
	struct crm_err e;
	char why[1024];

	if (n < 64 && !d->eof)
		return 0;
	d->started = 1;
	st = look(p, n);
	if (d->unit == 1) {
		if (st.width != 0) {
			looks_like(&st, d->name, &e);
			fail(d, e.msg);
		} else if (!d->utf && n >= 3 &&
		    memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			snprintf(why, sizeof(why), "the input starts with a "
			    "UTF-8 byte order mark: it is UTF-8, not %s (leave "
			    "out --encoding)", d->name);
			fail(d, why);
		}
		return 1;
	}
	if (st.width != 0 && st.width != 8 * d->unit) {
		/* UTF-32 named UTF-16, or the other way round. */
		looks_like(&st, d->name, &e);
		fail(d, e.msg);
		return 1;
	}
	if (d->bom == BOM_ANY) {
		/* utf-16le and the like: the order seen must be the name's. */
		if (st.width != 0 && d->order != 0 &&
		    st.le != (d->order == 'l')) {
			snprintf(why, sizeof(why), "the input looks like "
			    "UTF-%d%s, not %s: read it with --encoding utf-%d",
			    st.width, st.le ? "LE" : "BE", d->name, st.width);
			fail(d, why);
		}
		return 1;
	}
	if (st.bom && st.width == 8 * d->unit)
		return 1;	/* iconv reads the mark */
	if (st.width == 8 * d->unit) {
		snprintf(why, sizeof(why), "UTF-%d%s", st.width,
		    st.le ? "LE" : "BE");
		reopen(d, why);
		return 1;
	}
	snprintf(why, sizeof(why), "UTF-%d input without a byte order mark "
	    "whose first characters do not show its byte order: say which, "
	    "--encoding utf-%dle or --encoding utf-%dbe", 8 * d->unit,
	    8 * d->unit, 8 * d->unit);
	fail(d, why);
	return 1;
}

/* Append byte c to the output, as a bad sequence's stand-in. */
static void
put_bad(struct decoder *d, char **out, size_t *outleft)
{
	if (*outleft == 0)
		return;
	**out = (char)0xFF;
	(*out)++;
	(*outleft)--;
}

/*
 * What iconv writes is UTF-8 but for what it lets through: glibc's UTF-8
 * reader passes code points past U+10FFFF.  Such bytes become 0xFF too,
 * so that the readers name the encoding in their refusal.  iconv writes
 * whole characters, so a block never ends inside one.
 */
static void
mark_invalid(char *s, size_t n)
{
	size_t bad;

	while (n > 0 && !crm_utf8_valid(s, n, &bad)) {
		s[bad] = (char)0xFF;
		s += bad + 1;
		n -= bad + 1;
	}
}

/* Convert what the input buffer holds into the (empty) output buffer. */
static void
convert(struct decoder *d)
{
	char *in = d->in, *out = d->out;
	size_t inleft = d->ilen, outleft = sizeof(d->out);

	while (inleft > 0 && outleft > 8) {
		if (iconv(d->cd, &in, &inleft, &out, &outleft) != (size_t)-1)
			break;
		if (errno == E2BIG)
			break;
		if (errno == EINVAL && !d->eof)
			break;	/* a sequence cut by the block: read on */
		/* Undefined here, or cut by the end of input. */
		put_bad(d, &out, &outleft);
		if (errno == EINVAL) {
			inleft = 0;
			break;
		}
		if (inleft < (size_t)d->unit) {
			inleft = 0;
			break;
		}
		in += d->unit;
		inleft -= d->unit;
	}
	if (d->eof && inleft == 0) {
		/* Shift back to the initial state (stateful encodings). */
		iconv(d->cd, NULL, NULL, &out, &outleft);
		d->done = 1;
	}
	memmove(d->in, in, inleft);
	d->ilen = inleft;
	d->olen = (size_t)(out - d->out);
	d->opos = 0;
	mark_invalid(d->out, d->olen);
}

static ssize_t
dec_read(void *cookie, char *buf, size_t size)
{
	struct decoder *d = cookie;
	size_t n, got;

	for (;;) {
		if (d->opos < d->olen) {
			n = d->olen - d->opos;
			if (n > size)
				n = size;
			memcpy(buf, d->out + d->opos, n);
			d->opos += n;
			return (ssize_t)n;
		}
		if (d->failed) {
			errno = EILSEQ;
			return -1;
		}
		if (d->done)
			return 0;
		if (!d->eof && d->ilen < sizeof(d->in)) {
			got = fread(d->in + d->ilen, 1, sizeof(d->in) - d->ilen,
			    d->src);
			if (got == 0 && ferror(d->src)) {
				fail(d, "read error");
				errno = EIO;
				return -1;
			}
			if (got == 0)
				d->eof = 1;
			d->ilen += got;
		}
		if (!d->started && !check_start(d))
			continue;
		if (d->failed)
			continue;
		convert(d);
	}
}

static int
dec_close(void *cookie)
{
	struct decoder *d = cookie, **pp;

	for (pp = &decoders; *pp != NULL; pp = &(*pp)->next)
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	iconv_close(d->cd);
	free(d->name);
	free(d);
	return 0;
}

/*
 * Open a stream that reads fp converted from encoding to UTF-8.  The new
 * stream is *out; closing it leaves fp open.
 */
int
crm_decode_open(FILE **out, FILE *fp, const char *encoding,
    struct crm_err *e)
{
	static const cookie_io_functions_t io = { dec_read, NULL, NULL,
	    dec_close };
	struct decoder *d;

	*out = NULL;
	if (encoding == NULL || *encoding == '\0')
		return crm_err_set(e, CRM_EUSAGE, "an encoding needs a name");
	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    (d->name = strdup(encoding)) == NULL) {
		free(d);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	d->cd = iconv_open("UTF-8", encoding);
	if (d->cd == (iconv_t)-1) {
		int unknown = errno == EINVAL;

		free(d->name);
		free(d);
		if (unknown)
			return crm_err_set(e, CRM_EUSAGE, "unknown encoding "
			    "\"%s\" (see iconv -l; e.g. windows-1252, latin1, "
			    "cp1251, utf-16)", encoding);
		return crm_err_set(e, CRM_EDB, "iconv: %s", strerror(errno));
	}
	d->src = fp;
	classify(d);
	if ((d->fp = fopencookie(d, "r", io)) == NULL) {
		iconv_close(d->cd);
		free(d->name);
		free(d);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	d->next = decoders;
	decoders = d;
	*out = d->fp;
	return CRM_OK;
}

/* The encoding a stream of crm_decode_open converts from, else NULL. */
const char *
crm_decode_encoding(FILE *fp)
{
	struct decoder *d = find(fp);

	return d != NULL ? d->name : NULL;
}

/* The stream a decoding stream reads; any other stream is its own. */
FILE *
crm_decode_source(FILE *fp)
{
	struct decoder *d = find(fp);

	return d != NULL ? d->src : fp;
}

/* Why reading fp failed: the decoder's reason, else a read error. */
int
crm_decode_error(FILE *fp, struct crm_err *e)
{
	struct decoder *d = find(fp);

	if (d != NULL && d->failed && strcmp(d->why, "read error") != 0)
		return crm_err_set(e, CRM_EINPUT, "%s", d->why);
	return crm_err_set(e, CRM_EDB, "read error");
}

/* Make stdin read through a decoder of encoding (the shared --encoding). */
int
crm_decode_stdin(const char *encoding, struct crm_err *e)
{
	FILE *fp;
	int rc;

	if (find(stdin) != NULL)
		return crm_err_set(e, CRM_EUSAGE, "--encoding given twice");
	if ((rc = crm_decode_open(&fp, stdin, encoding, e)) != CRM_OK)
		return rc;
	stdin = fp;
	return CRM_OK;
}
