/* test_csvin.c - the streaming CSV/TSV reader. */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

/* Append s to out, showing CR, LF and tab as \r \n \t. */
static void
put_shown(FILE *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			fputs("\\n", out);
		else if (s[i] == '\r')
			fputs("\\r", out);
		else if (s[i] == '\t')
			fputs("\\t", out);
		else if (s[i] == '\0')
			fputs("\\0", out);
		else
			fputc(s[i], out);
	}
}

/*
 * Read the n bytes at in and describe everything the reader says: the
 * header, then one line per record ("L<line> f1|f2", or for a bad record
 * "L<line> ERR(<e.line>) <message>: f1|f2"), then "EOF".  The result is
 * valid until the next call.
 */
static const char *
dump(const char *in, size_t n, int delim)
{
	static char *text;
	struct crm_reader *r;
	struct crm_row row;
	struct crm_err e;
	size_t len, i;
	FILE *fp, *out;
	int rc;

	free(text);
	text = NULL;
	if ((out = open_memstream(&text, &len)) == NULL)
		abort();
	if ((fp = fmemopen((void *)in, n, "r")) == NULL)
		abort();
	crm_err_clear(&e);
	if ((rc = crm_reader_open(&r, fp, delim, &e)) != CRM_OK) {
		fprintf(out, "OPEN %d ERR(%ld) %s", rc, e.line, e.msg);
		goto done;
	}
	fprintf(out, "H(%s)", crm_reader_delim(r) == '\t' ? "\\t" :
	    crm_reader_delim(r) == ';' ? ";" : ",");
	for (i = 0; i < crm_reader_ncols(r); i++)
		fprintf(out, "%s%s", i ? "|" : " ", crm_reader_col(r, i));
	fputc('\n', out);
	for (;;) {
		crm_err_clear(&e);
		rc = crm_reader_next(r, &row, &e);
		if (rc == 0 || rc == -2)
			break;
		fprintf(out, "L%ld ", row.line);
		if (rc == -1)
			fprintf(out, "ERR(%ld) %s: ", e.line, e.msg);
		if (row.nfields != crm_reader_ncols(r))
			fprintf(out, "[nfields %zu] ", row.nfields);
		for (i = 0; i < row.nfields; i++) {
			if (i > 0)
				fputc('|', out);
			if (strlen(row.fields[i]) != row.lens[i])
				fprintf(out, "[len %zu]", row.lens[i]);
			put_shown(out, row.fields[i], row.lens[i]);
		}
		fputc('\n', out);
	}
	fprintf(out, rc == 0 ? "EOF" : "FAIL %s", e.msg);
	crm_reader_close(r);
done:
	fclose(fp);
	fclose(out);
	return text;
}

/* dump() of a NUL-terminated input. */
static const char *
dumps(const char *in, int delim)
{
	return dump(in, strlen(in), delim);
}

static void
test_big_field(void)
{
	size_t big = 1024 * 1024, n;
	char *in = malloc(big + 64), *p;
	struct crm_reader *r;
	struct crm_row row;
	struct crm_err e;
	FILE *fp;
	int rc;

	p = in;
	p += sprintf(p, "id,note\n1,\"");
	memset(p, 'x', big);
	p[big / 2] = '\n';
	p += big;
	p += sprintf(p, "\"\n2,short\n");
	n = p - in;
	fp = fmemopen(in, n, "r");
	ok(crm_reader_open(&r, fp, 0, &e) == CRM_OK, "1 MiB field: open");
	rc = crm_reader_next(r, &row, &e);
	ok(rc == 1 && row.lens[1] == big && row.line == 2,
	    "1 MiB field read whole (rc %d, len %zu)", rc, row.lens[1]);
	ok(row.fields[1][0] == 'x' && row.fields[1][big / 2] == '\n' &&
	    row.fields[1][big] == '\0', "1 MiB field content");
	rc = crm_reader_next(r, &row, &e);
	ok(rc == 1 && row.line == 4 && strcmp(row.fields[1], "short") == 0,
	    "record after the 1 MiB two-line field, on line 4");
	ok(crm_reader_next(r, &row, &e) == 0, "then end of input");
	crm_reader_close(r);
	fclose(fp);
	free(in);
}

int
main(void)
{
	/* Delimiter detection. */
	is(dumps("name,email\nAnn,a@x\nBob,b@x\n", 0),
	    "H(,) name|email\nL2 Ann|a@x\nL3 Bob|b@x\nEOF", "comma CSV");
	is(dumps("name;email;phone\nAnn;a@x;1,5\n", 0),
	    "H(;) name|email|phone\nL2 Ann|a@x|1,5\nEOF",
	    "semicolon detected");
	is(dumps("\"a,b,c\";d;e\n1;2;3\n", 0),
	    "H(;) a,b,c|d|e\nL2 1|2|3\nEOF",
	    "commas inside quotes are not counted");
	is(dumps("name\temail\nAnn\ta@x, b@x\n", 0),
	    "H(\\t) name|email\nL2 Ann|a@x, b@x\nEOF", "tab detected");
	is(dumps("a,b;c\n1,2;3\n", 0), "H(,) a|b;c\nL2 1|2;3\nEOF",
	    "tie goes to comma");
	is(dumps("a;b\tc\n1;2\t3\n", 0), "H(,) a;b\tc\nL2 1;2\\t3\nEOF",
	    "tie between ; and tab goes to comma");
	is(dumps("name\nAnn\n", 0), "H(,) name\nL2 Ann\nEOF",
	    "no delimiter at all: comma");
	is(dumps("a;b,c\n1;2,3\n", ';'), "H(;) a|b,c\nL2 1|2,3\nEOF",
	    "a given delimiter is used as is");

	/* Quoting, spaces, line ends. */
	is(dumps("id,note\n1,\"a,b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n"
	    "4,x\n", 0),
	    "H(,) id|note\nL2 1|a,b\nL3 2|say \"hi\"\nL4 3|two\\nlines\n"
	    "L6 4|x\nEOF", "quoted comma, quote and newline; line numbers");
	is(dumps("a,b\n x , y \n,\n\"\",\" \"\n", 0),
	    "H(,) a|b\nL2  x | y \nL3 |\nL4 | \nEOF",
	    "spaces kept, empty fields");
	is(dumps("a,b\r\n1,2\r\n3,\"x\r\ny\"\r\n5,6\r\n", 0),
	    "H(,) a|b\nL2 1|2\nL3 3|x\\r\\ny\nL5 5|6\nEOF", "CRLF");
	is(dumps("\xef\xbb\xbfname,email\nAnn,a@x\n", 0),
	    "H(,) name|email\nL2 Ann|a@x\nEOF", "UTF-8 BOM skipped");
	is(dumps("\xef\xbb\xbf\"name\";email\n", 0),
	    "H(;) name|email\nEOF", "BOM before a quoted header");
	is(dumps("a,b\n\n1,2\n\n\n3,\"x\n\ny\"\n  \n4,5\n\n\n", 0),
	    "H(,) a|b\nL3 1|2\nL6 3|x\\n\\ny\nL10 4|5\nEOF",
	    "blank lines skipped and counted; blank line inside quotes kept");
	is(dumps("\n\na,b\n1,2\n", 0), "H(,) a|b\nL4 1|2\nEOF",
	    "blank lines before the header");
	is(dumps("a,b\n1,2", 0), "H(,) a|b\nL2 1|2\nEOF",
	    "last record without a newline");
	is(dumps("a,b\n1,\"x\"", 0), "H(,) a|b\nL2 1|x\nEOF",
	    "quoted last field without a newline");
	is(dumps("a,b\n1,2\r3,4\n5,6\n", 0),
	    "H(,) a|b\nL2 1|2\nL3 3|4\nL4 5|6\nEOF",
	    "a bare CR ends a record and a line (old Mac files)");
	is(dumps(" name , email \n1,2\n", 0), "H(,) name|email\nL2 1|2\nEOF",
	    "header names trimmed");

	/* Header edge cases. */
	is(dumps("a,b\n", 0), "H(,) a|b\nEOF", "header only");
	is(dumps("a,b", 0), "H(,) a|b\nEOF", "header only, no newline");
	is(dump("", 0, 0), "OPEN 1 ERR(0) no header row", "empty input");
	is(dumps("\n\r\n\n", 0), "OPEN 1 ERR(0) no header row",
	    "only blank lines");
	is(dumps("a,,c\n1,2,3\n", 0),
	    "OPEN 1 ERR(1) empty name for column 2 in header",
	    "empty header name");
	is(dumps("a, ,c\n", 0),
	    "OPEN 1 ERR(1) empty name for column 2 in header",
	    "blank header name");
	is(dumps("name,email,Name\n", 0),
	    "OPEN 1 ERR(1) duplicate column name \"Name\" in header",
	    "duplicate header name");
	is(dump("a,b\0c\n", 6, 0), "OPEN 1 ERR(1) NUL byte in header",
	    "NUL in header");
	is(dumps("a,\xff\n", 0),
	    "OPEN 1 ERR(1) invalid UTF-8 in header column 2 (if the input "
	    "is in another encoding, name it: --encoding windows-1252, "
	    "latin1, cp1251...)",
	    "invalid UTF-8 in header");
	is(dumps("a,\"b\n", 0), "OPEN 1 ERR(1) unterminated quote",
	    "unterminated quote in header");

	/* Bad records: the line, the message, and reading goes on. */
	is(dumps("a,b\n1,2,3\n4,5\n", 0),
	    "H(,) a|b\nL2 ERR(2) 3 fields, header has 2: 1|2\nL3 4|5\nEOF",
	    "too many fields");
	is(dumps("a,b,c\n1\n2,3,4\n", 0),
	    "H(,) a|b|c\nL2 ERR(2) 1 field, header has 3: 1||\nL3 2|3|4\nEOF",
	    "too few fields");
	is(dumps("a,b\n1,x\"y\n2,3\n", 0),
	    "H(,) a|b\nL2 ERR(2) stray quote: 1|\nL3 2|3\nEOF",
	    "quote inside an unquoted field");
	is(dumps("a,b\n\"x\"y,1\n2,3\n", 0),
	    "H(,) a|b\nL2 ERR(2) stray quote: |\nL3 2|3\nEOF",
	    "text after a closing quote");
	is(dumps("a,b\n1,\"two\nlines\"x,y\n\n2,3\n", 0),
	    "H(,) a|b\nL2 ERR(2) stray quote: 1|\nL5 2|3\nEOF",
	    "stray quote in a multi-line record: start line, then next line");
	is(dumps("a,b\n1, \"x\"\n2,3\n", 0),
	    "H(,) a|b\nL2 ERR(2) stray quote: 1|\nL3 2|3\nEOF",
	    "a space before a quote is not skipped (strict)");
	is(dumps("a,b\n1,2\n3,\"open\nmore\n", 0),
	    "H(,) a|b\nL2 1|2\nL3 ERR(3) unterminated quote: 3|\nEOF",
	    "unterminated quote runs to the end");
	is(dump("a,b\n1,x\0y\n2,3\n", 14, 0),
	    "H(,) a|b\nL2 ERR(2) NUL byte in input: 1|[len 3]x\\0y\n"
	    "L3 2|3\nEOF",
	    "NUL byte");
	is(dumps("name,email\nAnn,a\xff@x\nBob,b@x\n", 0),
	    "H(,) name|email\nL2 ERR(2) invalid UTF-8 in field \"email\" "
	    "(if the input is in another encoding, name it: --encoding "
	    "windows-1252, latin1, cp1251...): "
	    "Ann|a\xff@x\nL3 Bob|b@x\nEOF", "invalid UTF-8 names the column");
	is(dumps("name,email\n\"A\xc3\nnn\",a@x\nBob,b@x\n", 0),
	    "H(,) name|email\nL2 ERR(2) invalid UTF-8 in field \"name\" "
	    "(if the input is in another encoding, name it: --encoding "
	    "windows-1252, latin1, cp1251...): "
	    "A\xc3\\nnn|a@x\nL4 Bob|b@x\nEOF",
	    "invalid UTF-8 in a multi-line field");
	is(dumps("a,b\n1,2,3\n\"x\"y\n1,\"u\n4,5\n", 0),
	    "H(,) a|b\nL2 ERR(2) 3 fields, header has 2: 1|2\n"
	    "L3 ERR(3) stray quote: |\nL4 ERR(4) unterminated quote: 1|\nEOF",
	    "several bad records in a row");

	/* TSV. */
	is(dumps("a\tb\nx\\ty\tback\\\\slash\\q\nl1\\nl2\\r\tend\\\n", 0),
	    "H(\\t) a|b\nL2 x\\ty|back\\slash\\q\nL3 l1\\nl2\\r|end\\\nEOF",
	    "TSV escapes undone, others kept");
	is(dumps("a\tb\n\t\n", 0), "H(\\t) a|b\nL2 |\nEOF",
	    "TSV line of one tab is a record of empty fields");

	test_big_field();
	return tap_done();
}
