/*
 * vcardin.c - contacts from vCard files: 4.0 (RFC 6350), 3.0 (RFC 2426)
 * and the 2.1 cards old phones and Outlook still write.
 *
 * Read a line at a time, so memory holds one card however many the file
 * has.  Folded lines (CRLF and a space or tab) are joined; so are the
 * soft line breaks of 2.1's quoted-printable values.  Each value is
 * decoded (quoted-printable, base64, a CHARSET other than UTF-8), split
 * into its components at unescaped ';' and ',', and unescaped (\n \, \;
 * \\).  The card then fills a field set (fieldmap.c): N (or FN split)
 * gives the names, the first TEL and EMAIL the phone and e-mail and the
 * others phone_2, email_2 ..., ORG the company, ADR the address and
 * city; properties with no field are kept as custom fields on request.
 *
 * A bad card (no N nor FN, a broken fold, bytes that are not text) is
 * reported with its line and skipped; reading goes on at the next
 * BEGIN:VCARD.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm.h"

#define MAX_PARAMS	16
#define MAX_GROUPS	32

/* The fields a card fills, in the order crm_vcard_fields gives them. */
static const char *const card_fields[] = {
	"first_name", "last_name", "phone", "email", "company", "title",
	"address", "city", "notes", "tags",
};
enum { F_FIRST, F_LAST, F_PHONE, F_EMAIL, F_COMPANY, F_TITLE, F_ADDRESS,
	F_CITY, F_NOTES, F_TAGS, NCARD_FIELDS };

/* Custom fields the parts of N and ORG that have no field go to. */
static const char *const part_targets[] = {
	"custom.middle_name", "custom.name_prefix", "custom.name_suffix",
	"custom.department", "full_name",
};
enum { P_MIDDLE, P_PREFIX, P_SUFFIX, P_DEPARTMENT, P_FULL, NPARTS };

/*
 * Properties that say nothing about the person a CRM keeps: the file's
 * own (VERSION, PRODID, REV, UID), pictures and sounds, a formatted
 * address LABEL the ADR holds already, and the error line a rejects
 * file adds (X-CRM-ERROR).
 */
static const char *const ignored[] = {
	"VERSION", "PRODID", "REV", "UID", "KIND", "SOURCE", "PHOTO", "LOGO",
	"SOUND", "KEY", "CLIENTPIDMAP", "SORT-STRING", "NAME", "PROFILE",
	"LABEL", "MAILER", "CLASS", "XML", "X-ABUID", "X-ABSHOWAS",
	"X-CRM-ERROR", NULL,
};

/*
 * Properties every vCard tool writes that have no field here: kept as
 * custom fields under the names the ready-made CSV maps give them.
 */
static const struct {
	const char *prop, *name;
} known[] = {
	{ "BDAY", "custom.birthday" }, { "ANNIVERSARY", "custom.anniversary" },
	{ "NICKNAME", "custom.nickname" }, { "URL", "custom.website" },
	{ "ROLE", "custom.role" }, { "IMPP", "custom.im" },
	{ "RELATED", "custom.relation" }, { "GENDER", "custom.gender" },
	{ "LANG", "custom.language" }, { "TZ", "custom.time_zone" },
	{ "GEO", "custom.geo" },
};

struct param {
	char *name;		/* upper case; "TYPE" for 2.1's bare words */
	char *value;
};

/* One content line, split up in place. */
struct prop {
	char *group;		/* "item1" of "item1.TEL", or NULL */
	char *name;		/* upper case */
	struct param params[MAX_PARAMS + 1];	/* the last: past the limit */
	size_t nparams;
	char *value;
};

struct crm_vcard_reader {
	FILE *fp;
	int keep_unknown;
	struct crm_fieldset *fs;
	int target[NCARD_FIELDS];
	int part[NPARTS];
	int *slots;		/* values given a target in this card */
	size_t nslots;

	char *phys;		/* the physical line read ahead */
	size_t physcap;
	size_t physlen;
	int have_phys;
	long physno;
	struct crm_buf logical;	/* the unfolded line */
	long logline;
	struct crm_buf raw;	/* this card's lines as read, for rejects */
	size_t end_at;		/* where its END:VCARD line starts in raw */
	int has_end;		/* the card ended with one */

	struct crm_buf val, tmp;	/* a value being decoded */
	iconv_t cd;		/* the last CHARSET's converter */
	char cdname[64];

	/* The card being read. */
	int has_name;		/* N had a family or given name */
	int has_fn;
	struct {
		char group[32];
		int target, slot;
	} groups[MAX_GROUPS];
	size_t ngroups;
	int bad;		/* the card is rejected: err says why */
	struct crm_err err;
	long junk;		/* the first line outside a card, or 0 */
	int pending;		/* a BEGIN:VCARD was read for the next card */
	long pending_line;
	int failed;		/* reading stopped for good: fail says why */
	struct crm_err fail;
};

/* A reader of the vCards on fp, as contacts of ent. */
int
crm_vcard_open(struct crm_vcard_reader **rp, FILE *fp,
    const struct crm_entity *ent, int keep_unknown, struct crm_err *e)
{
	struct crm_vcard_reader *r;
	size_t i;
	int rc;

	*rp = NULL;
	if (crm_entity_field(ent, "last_name") < 0)
		return crm_err_set(e, CRM_EUSAGE, "vCards hold contacts, not %s",
		    ent->plural);
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	r->fp = fp;
	r->keep_unknown = keep_unknown;
	r->cd = (iconv_t)-1;
	if ((rc = crm_fieldset_new(&r->fs, ent, e)) != CRM_OK)
		goto fail;
	for (i = 0; i < NCARD_FIELDS; i++)
		if ((r->target[i] = crm_fieldset_target(r->fs, card_fields[i],
		    e)) < 0) {
			rc = CRM_EDB;
			goto fail;
		}
	for (i = 0; i < NPARTS; i++)
		if ((r->part[i] = crm_fieldset_target(r->fs, part_targets[i],
		    e)) < 0) {
			rc = CRM_EDB;
			goto fail;
		}
	*rp = r;
	return CRM_OK;
fail:
	crm_vcard_close(r);
	return rc;
}

/* Free r (NULL is fine); fp stays open. */
void
crm_vcard_close(struct crm_vcard_reader *r)
{
	if (r == NULL)
		return;
	crm_fieldset_free(r->fs);
	free(r->slots);
	free(r->phys);
	crm_buf_free(&r->logical);
	crm_buf_free(&r->raw);
	crm_buf_free(&r->val);
	crm_buf_free(&r->tmp);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r);
}

/* How many fields a card fills. */
size_t
crm_vcard_nfields(const struct crm_vcard_reader *r)
{
	return crm_fieldset_nfields(r->fs);
}

/* The names of the fields a card fills, owned by r. */
const char *const *
crm_vcard_fields(const struct crm_vcard_reader *r)
{
	return crm_fieldset_fields(r->fs);
}

/* ------------------------------------------------------------------ */
/* Lines                                                              */

/*
 * Read a physical line without its CR LF: 1, 0 at the end, -1 when
 * reading must stop (r->fail says why).  The first line read as bytes
 * is looked at for UTF-16, which would read as no card at all.
 */
static int
read_phys(struct crm_vcard_reader *r)
{
	ssize_t n;

	if (r->failed)
		return -1;
	if ((n = getline(&r->phys, &r->physcap, r->fp)) == -1) {
		if (!ferror(r->fp))
			return 0;
		/* A decoder that refused its input, or I/O. */
		crm_decode_error(r->fp, &r->fail);
		r->fail.line = r->physno + 1;
		r->failed = 1;
		return -1;
	}
	r->physno++;
	if (r->physno == 1 && crm_decode_encoding(r->fp) == NULL &&
	    crm_decode_sniff(r->phys, (size_t)n, &r->fail) != CRM_OK) {
		r->fail.line = 1;
		r->failed = 1;
		return -1;
	}
	while (n > 0 && (r->phys[n - 1] == '\n' || r->phys[n - 1] == '\r'))
		r->phys[--n] = '\0';
	if (r->physno == 1 && n >= 3 && memcmp(r->phys, "\xEF\xBB\xBF", 3) ==
	    0) {
		memmove(r->phys, r->phys + 3, (size_t)n - 2);
		n -= 3;
	}
	r->physlen = (size_t)n;
	return 1;
}

/* Keep the physical line read for the rejects file. */
static int
keep_raw(struct crm_vcard_reader *r)
{
	if (crm_buf_add(&r->raw, r->phys, r->physlen) != CRM_OK ||
	    crm_buf_adds(&r->raw, "\r\n") != CRM_OK)
		return -1;
	return 0;
}

/* 2.1: a quoted-printable value ending in '=' goes on on the next line. */
static int
soft_break(const struct crm_buf *l)
{
	const char *colon;

	if (l->len == 0 || l->p[l->len - 1] != '=' ||
	    (colon = memchr(l->p, ':', l->len)) == NULL)
		return 0;
	return memmem(l->p, (size_t)(colon - l->p), "QUOTED-PRINTABLE", 16) !=
	    NULL || memmem(l->p, (size_t)(colon - l->p), "quoted-printable",
	    16) != NULL;
}

/*
 * The next logical line into r->logical (its first physical line in
 * r->logline): 1, 0 at the end of input, -1 when reading must stop
 * (r->failed) or memory ran out.
 */
static int
read_logical(struct crm_vcard_reader *r)
{
	int rc;

	if (!r->have_phys && (rc = read_phys(r)) <= 0)
		return rc;
	r->have_phys = 0;
	r->logical.len = 0;
	r->logline = r->physno;
	if (crm_buf_add(&r->logical, r->phys, r->physlen) != CRM_OK ||
	    keep_raw(r) != 0)
		return -1;
	for (;;) {
		if ((rc = read_phys(r)) < 0)
			return -1;
		if (rc == 0)
			break;
		if (r->physlen > 0 && (r->phys[0] == ' ' || r->phys[0] == '\t')) {
			/* A fold: CRLF and one space or tab, both dropped. */
			if (crm_buf_add(&r->logical, r->phys + 1,
			    r->physlen - 1) != CRM_OK || keep_raw(r) != 0)
				return -1;
			continue;
		}
		if (soft_break(&r->logical)) {
			r->logical.len--;
			if (crm_buf_add(&r->logical, r->phys, r->physlen) !=
			    CRM_OK || keep_raw(r) != 0)
				return -1;
			continue;
		}
		r->have_phys = 1;
		break;
	}
	if (crm_buf_add(&r->logical, "", 0) != CRM_OK)
		return -1;
	return 1;
}

static void
upper(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'a' && *s <= 'z')
			*s -= 'a' - 'A';
}

static int
name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Split the content line s in place into *p.  0, or -1 when it is none. */
static int
parse_prop(char *s, struct prop *p)
{
	char *q;

	memset(p, 0, sizeof(*p));
	for (q = s; name_char(*q) || *q == '.'; q++)
		;
	if (q == s || (*q != ':' && *q != ';'))
		return -1;
	p->name = s;
	if ((s = memchr(p->name, '.', (size_t)(q - p->name))) != NULL) {
		*s = '\0';
		p->group = p->name;
		p->name = s + 1;
	}
	while (*q == ';') {
		struct param *pa = &p->params[p->nparams];
		char *v;

		*q++ = '\0';
		pa->name = q;
		while (name_char(*q))
			q++;
		if (*q == '=') {
			*q++ = '\0';
			v = q;
			/* A quoted value may hold ';' and ':'. */
			while (*q != '\0' && *q != ';' && *q != ':') {
				if (*q == '"') {
					char *end = strchr(q + 1, '"');

					if (end == NULL)
						return -1;
					memmove(q, q + 1, (size_t)(end - q - 1));
					end[-1] = '\0';
					memmove(end - 1, end + 1, strlen(end + 1) +
					    1);
					q = end - 1;
					continue;
				}
				q++;
			}
			pa->value = v;
		} else {
			/* 2.1: "TEL;CELL;PREF:" is TYPE=CELL, TYPE=PREF. */
			pa->value = pa->name;
			pa->name = (char *)"TYPE";
		}
		if (*q != ';' && *q != ':')
			return -1;
		if (p->nparams < MAX_PARAMS)
			p->nparams++;
	}
	if (*q != ':')
		return -1;
	*q++ = '\0';
	p->value = q;
	upper(p->name);
	for (size_t i = 0; i < p->nparams; i++) {
		if (p->params[i].name != p->params[i].value)
			upper(p->params[i].name);
	}
	return 0;
}

/* The value of parameter name, or NULL. */
static const char *
param(const struct prop *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nparams; i++)
		if (strcasecmp(p->params[i].name, name) == 0)
			return p->params[i].value;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Values                                                             */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Quoted-printable: "=C3=A9" is two bytes. */
static int
decode_qp(const char *s, struct crm_buf *out)
{
	int rc = CRM_OK;

	for (; *s != '\0' && rc == CRM_OK; s++) {
		int h, l;
		char c;

		if (*s == '=' && (h = hexval(s[1])) >= 0 &&
		    (l = hexval(s[2])) >= 0) {
			c = (char)(h * 16 + l);
			rc = crm_buf_add(out, &c, 1);
			s += 2;
		} else
			rc = crm_buf_add(out, s, 1);
	}
	return rc;
}

static int
b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Base64 (blanks ignored): CRM_OK, CRM_EINPUT when it is not. */
static int
decode_b64(const char *s, struct crm_buf *out)
{
	unsigned acc = 0;
	int bits = 0, v;

	for (; *s != '\0' && *s != '='; s++) {
		if (*s == ' ' || *s == '\t')
			continue;
		if ((v = b64val(*s)) < 0)
			return CRM_EINPUT;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			char c = (char)(acc >> (bits - 8));

			bits -= 8;
			if (crm_buf_add(out, &c, 1) != CRM_OK)
				return CRM_EDB;
		}
	}
	return crm_buf_add(out, "", 0);
}

/* Convert r->val from charset to UTF-8 through r->tmp. */
static int
convert_charset(struct crm_vcard_reader *r, const char *charset)
{
	char *in, *out, *p;
	size_t inleft, outleft, need;

	if (strcasecmp(charset, "UTF-8") == 0 ||
	    strcasecmp(charset, "UTF8") == 0 || r->val.len == 0)
		return CRM_OK;
	if (r->cd == (iconv_t)-1 || strcasecmp(r->cdname, charset) != 0) {
		if (r->cd != (iconv_t)-1)
			iconv_close(r->cd);
		r->cdname[0] = '\0';
		if ((r->cd = iconv_open("UTF-8", charset)) == (iconv_t)-1)
			return CRM_EUSAGE;
		snprintf(r->cdname, sizeof(r->cdname), "%s", charset);
	}
	iconv(r->cd, NULL, NULL, NULL, NULL);
	/* Four bytes of UTF-8 a byte of input is the most any charset takes. */
	need = r->val.len * 4 + 16;
	if (r->tmp.cap < need) {
		if ((p = realloc(r->tmp.p, need)) == NULL)
			return CRM_EDB;
		r->tmp.p = p;
		r->tmp.cap = need;
	}
	in = r->val.p;
	inleft = r->val.len;
	out = r->tmp.p;
	outleft = r->tmp.cap - 1;
	if (iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1 ||
	    iconv(r->cd, NULL, NULL, &out, &outleft) == (size_t)-1)
		return CRM_EINPUT;
	r->tmp.len = (size_t)(out - r->tmp.p);
	r->tmp.p[r->tmp.len] = '\0';
	r->val.len = 0;
	return crm_buf_add(&r->val, r->tmp.p, r->tmp.len);
}

/* Line breaks inside a value (2.1's =0D=0A) as the base keeps them: LF. */
static void
crlf_to_lf(struct crm_buf *b)
{
	size_t i, o = 0;

	for (i = 0; i < b->len; i++)
		if (!(b->p[i] == '\r' && i + 1 < b->len && b->p[i + 1] == '\n'))
			b->p[o++] = b->p[i];
	b->len = o;
	b->p[o] = '\0';
}

/* A card is rejected for its first problem; the rest is read past. */
static void
card_error(struct crm_vcard_reader *r, long line, const char *fmt,
    const char *a, const char *b)
{
	if (r->bad)
		return;
	r->bad = 1;
	crm_err_set(&r->err, CRM_EINPUT, fmt, a, b);
	r->err.line = line;
}

/*
 * p's value (or its parameters) holds bytes that are not text: the card
 * is refused, with what reads them.  Returns CRM_EINPUT.
 */
static int
not_text(struct crm_vcard_reader *r, const struct prop *p, int params)
{
	const char *enc = crm_decode_encoding(r->fp);

	if (enc != NULL)
		card_error(r, r->logline, params ? "the parameters of %s hold "
		    "bytes that are not valid %s" : "%s holds bytes that are "
		    "not valid %s", p->name, enc);
	else if (params)
		card_error(r, r->logline, "invalid UTF-8 in the parameters of "
		    "%s (--encoding names the file's: --encoding windows-1252, "
		    "latin1...)%s", p->name, "");
	else
		card_error(r, r->logline, "invalid UTF-8 in %s (give the card's "
		    "CHARSET, or --encoding for the whole file: --encoding "
		    "windows-1252, latin1...)%s", p->name, "");
	return CRM_EINPUT;
}

/*
 * The text of p's value in r->val: decoded as its ENCODING says, in
 * UTF-8.  CRM_OK, CRM_EINPUT (the card is marked bad) or CRM_EDB.
 */
static int
decode_value(struct crm_vcard_reader *r, const struct prop *p)
{
	const char *enc = NULL, *charset = param(p, "CHARSET");
	size_t i, bad;
	int rc;

	for (i = 0; i < p->nparams; i++) {
		const char *v = p->params[i].value;

		if (strcasecmp(p->params[i].name, "ENCODING") == 0 ||
		    strcasecmp(v, "QUOTED-PRINTABLE") == 0 ||
		    strcasecmp(v, "BASE64") == 0)
			enc = v;
	}
	r->val.len = 0;
	if (enc != NULL && strcasecmp(enc, "QUOTED-PRINTABLE") == 0)
		rc = decode_qp(p->value, &r->val);
	else if (enc != NULL && (strcasecmp(enc, "B") == 0 ||
	    strcasecmp(enc, "BASE64") == 0))
		rc = decode_b64(p->value, &r->val);
	else
		rc = crm_buf_adds(&r->val, p->value);
	if (rc == CRM_OK)
		rc = crm_buf_add(&r->val, "", 0);
	if (rc == CRM_EINPUT) {
		card_error(r, r->logline, "%s: the value is not base64%s",
		    p->name, "");
		return rc;
	}
	if (rc == CRM_OK && charset != NULL &&
	    (rc = convert_charset(r, charset)) != CRM_OK) {
		if (rc == CRM_EUSAGE)
			card_error(r, r->logline, "%s: unknown CHARSET %s",
			    p->name, charset);
		else if (rc == CRM_EINPUT)
			card_error(r, r->logline, "%s: the value is not valid "
			    "%s", p->name, charset);
		return rc == CRM_EDB ? rc : CRM_EINPUT;
	}
	if (rc != CRM_OK)
		return CRM_EDB;
	crlf_to_lf(&r->val);
	if (!crm_utf8_valid(r->val.p, r->val.len, &bad) ||
	    memchr(r->val.p, '\0', r->val.len) != NULL)
		return not_text(r, p, 0);
	return CRM_OK;
}

/*
 * The next component of the value at *s, up to an unescaped sep (';' or
 * ','), unescaped into out; *s moves past it.  Returns 0 at the end.
 */
static int
next_component(char **s, char sep, struct crm_buf *out)
{
	char *p = *s;
	int rc = CRM_OK;

	out->len = 0;
	if (p == NULL)
		return 0;
	for (; *p != '\0' && *p != sep; p++) {
		char c = *p;

		if (c == '\\' && p[1] != '\0') {
			c = *++p;
			if (c == 'n' || c == 'N')
				c = '\n';
		} else if (sep == ';' && c == ',') {
			c = ',';	/* a list inside a component */
		}
		rc |= crm_buf_add(out, &c, 1);
	}
	rc |= crm_buf_add(out, "", 0);
	*s = *p == sep ? p + 1 : NULL;
	return rc == CRM_OK ? 1 : -1;
}

/* The label of a TEL, EMAIL or ADR: its first telling TYPE, lower case. */
static void
type_label(const struct prop *p, char *buf, size_t bufsz)
{
	static const char *const dull[] = { "pref", "voice", "internet",
		"x400", "quoted-printable", "base64", "8bit", "7bit", NULL };
	size_t i, n;
	const char *v, *end;
	int k;

	buf[0] = '\0';
	for (i = 0; i < p->nparams; i++) {
		if (strcasecmp(p->params[i].name, "TYPE") != 0)
			continue;
		for (v = p->params[i].value; *v != '\0'; v = *end ? end + 1 :
		    end) {
			end = v + strcspn(v, ",");
			n = (size_t)(end - v);
			for (k = 0; dull[k] != NULL; k++)
				if (strlen(dull[k]) == n &&
				    strncasecmp(dull[k], v, n) == 0)
					break;
			if (dull[k] != NULL || n == 0)
				continue;
			n = crm_utf8_fit(v, n, bufsz - 1);
			snprintf(buf, bufsz, "%.*s", (int)n, v);
			for (char *q = buf; *q != '\0'; q++)
				if (*q >= 'A' && *q <= 'Z')
					*q += 'a' - 'A';
			return;
		}
	}
}

/* The next slot of target t in this card (1, 2, ...). */
static int
next_slot(struct crm_vcard_reader *r, int t)
{
	if ((size_t)t >= r->nslots) {
		size_t n = (size_t)t + 16;
		int *s = realloc(r->slots, n * sizeof(*s));

		if (s == NULL)
			return -1;
		memset(s + r->nslots, 0, (n - r->nslots) * sizeof(*s));
		r->slots = s;
		r->nslots = n;
	}
	return ++r->slots[t];
}

/* Remember which target and slot a group's property went to. */
static void
remember_group(struct crm_vcard_reader *r, const struct prop *p, int t,
    int slot)
{
	if (p->group == NULL || r->ngroups == MAX_GROUPS)
		return;
	snprintf(r->groups[r->ngroups].group, sizeof(r->groups[0].group), "%s",
	    p->group);
	r->groups[r->ngroups].target = t;
	r->groups[r->ngroups].slot = slot;
	r->ngroups++;
}

/* Apple's "item1.X-ABLabel:_$!<Mobile>!$_" labels item1's TEL. */
static int
group_label(struct crm_vcard_reader *r, const struct prop *p)
{
	char label[128], *s = r->val.p;
	size_t i, n;

	if (p->group == NULL)
		return CRM_OK;
	if (strncmp(s, "_$!<", 4) == 0)
		s += 4;
	n = crm_utf8_fit(s, strcspn(s, ">"), sizeof(label) - 1);
	snprintf(label, sizeof(label), "%.*s", (int)n, s);
	for (i = 0; label[i] != '\0'; i++)
		if (label[i] >= 'A' && label[i] <= 'Z')
			label[i] += 'a' - 'A';
	for (i = 0; i < r->ngroups; i++)
		if (strcasecmp(r->groups[i].group, p->group) == 0)
			return crm_fieldset_label(r->fs, r->groups[i].target,
			    r->groups[i].slot, label);
	return CRM_OK;
}

/*
 * The second value of a property a contact field takes (TEL, EMAIL, ADR,
 * TITLE, NOTE): a custom field field_2, kept on request only, as an
 * unknown property is.  CRM_OK when it may be kept, else CRM_EINPUT with
 * the card refused.
 */
static int
check_slot(struct crm_vcard_reader *r, const struct prop *p, int slot,
    const char *field)
{
	char msg[300];

	if (slot <= 1 || field == NULL || r->keep_unknown)
		return CRM_OK;
	snprintf(msg, sizeof(msg), "a second %s: only the first goes to %s "
	    "(--keep-unknown keeps the others as custom fields %s_2, %s_3...)",
	    p->name, field, field, field);
	card_error(r, r->logline, "%s%s", msg, "");
	return CRM_EINPUT;
}

/*
 * Add value s to target t in a slot of its own, labelled by p's TYPE;
 * field names the contact field t is, NULL for a custom field.
 */
static int
add_one(struct crm_vcard_reader *r, const struct prop *p, int t,
    const char *field, const char *s)
{
	char label[64];
	int slot, rc;

	if ((slot = next_slot(r, t)) < 0)
		return CRM_EDB;
	if ((rc = check_slot(r, p, slot, field)) != CRM_OK)
		return rc;
	if ((rc = crm_fieldset_add(r->fs, t, slot, s, strlen(s))) != CRM_OK)
		return rc;
	remember_group(r, p, t, slot);
	type_label(p, label, sizeof(label));
	if (label[0] != '\0')
		rc = crm_fieldset_label(r->fs, t, slot, label);
	return rc;
}

/* N: family;given;additional;prefix;suffix. */
static int
take_n(struct crm_vcard_reader *r)
{
	static const int to[] = { F_LAST, F_FIRST };
	char *s = r->val.p;
	int i, rc = CRM_OK, t;

	for (i = 0; i < 5 && rc == CRM_OK && next_component(&s, ';',
	    &r->tmp) > 0; i++) {
		t = i < 2 ? r->target[to[i]] : r->part[P_MIDDLE + i - 2];
		if (i < 2 && r->tmp.len > 0 && strspn(r->tmp.p, " ") !=
		    r->tmp.len)
			r->has_name = 1;
		rc = crm_fieldset_add(r->fs, t, 1, r->tmp.p, r->tmp.len);
	}
	return rc;
}

/* ADR: pobox;extended;street;locality;region;code;country. */
static int
take_adr(struct crm_vcard_reader *r, const struct prop *p)
{
	static const int order[] = { 0, 1, 2, 5, 4, 6 };
	char *parts[7] = { 0 }, *s = r->val.p, label[64];
	struct crm_buf joined = { 0 };
	int i, slot, rc = CRM_OK;

	for (i = 0; i < 7 && next_component(&s, ';', &r->tmp) > 0; i++)
		if ((parts[i] = strdup(r->tmp.p)) == NULL)
			rc = CRM_EDB;
	/* The city has its field; the rest reads as one address. */
	for (i = 0; i < 6 && rc == CRM_OK; i++) {
		char *v = parts[order[i]];

		if (v == NULL || *crm_trim(v) == '\0')
			continue;
		if (joined.len > 0)
			rc |= crm_buf_adds(&joined, ", ");
		rc |= crm_buf_adds(&joined, v);
	}
	if (rc == CRM_OK && (slot = next_slot(r, r->target[F_ADDRESS])) < 0)
		rc = CRM_EDB;
	if (rc == CRM_OK)
		rc = check_slot(r, p, slot, card_fields[F_ADDRESS]);
	if (rc == CRM_OK && joined.len > 0)
		rc = crm_fieldset_add(r->fs, r->target[F_ADDRESS], slot,
		    joined.p, joined.len);
	if (rc == CRM_OK && parts[3] != NULL)
		rc = crm_fieldset_add(r->fs, r->target[F_CITY], slot, parts[3],
		    strlen(parts[3]));
	type_label(p, label, sizeof(label));
	if (rc == CRM_OK && label[0] != '\0' && joined.len > 0)
		rc = crm_fieldset_label(r->fs, r->target[F_ADDRESS], slot,
		    label);
	for (i = 0; i < 7; i++)
		free(parts[i]);
	crm_buf_free(&joined);
	return rc;
}

/* ORG: the company, then its units (the department). */
static int
take_org(struct crm_vcard_reader *r)
{
	char *s = r->val.p;
	int i, rc = CRM_OK;

	for (i = 0; rc == CRM_OK && next_component(&s, ';', &r->tmp) > 0; i++)
		rc = crm_fieldset_add(r->fs, i == 0 ? r->target[F_COMPANY] :
		    r->part[P_DEPARTMENT], 1, r->tmp.p, r->tmp.len);
	return rc;
}

/* A property with no field: a custom field, or the card is refused. */
static int
take_other(struct crm_vcard_reader *r, const struct prop *p)
{
	char name[CRM_CUSTOM_NAME_MAX + 8] = "custom.";
	struct crm_err te = { 0 };
	char *s = r->val.p;
	int t;

	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(p->name, known[i].prop) == 0)
			break;
	if (i < sizeof(known) / sizeof(known[0]))
		snprintf(name, sizeof(name), "%s", known[i].name);
	else if (strncmp(p->name, "X-CRM-", 6) == 0 && crm_custom_name(p->name +
	    6, name + 7, sizeof(name) - 7, NULL) == CRM_OK)
		;	/* crm's own custom field, as crm-export writes it */
	else if (crm_custom_name(p->name, name + 7, sizeof(name) - 7, NULL) !=
	    CRM_OK)
		return CRM_OK;
	else if (!r->keep_unknown) {
		card_error(r, r->logline, "%s has no contact field "
		    "(--keep-unknown keeps it as custom field %s)", p->name,
		    name + 7);
		return CRM_EINPUT;
	}
	if ((t = crm_fieldset_target(r->fs, name, &te)) < 0) {
		card_error(r, r->logline, "%s: %s", p->name, te.msg);
		return CRM_EINPUT;
	}
	next_component(&s, '\0', &r->tmp);
	return add_one(r, p, t, NULL, r->tmp.p);
}

/*
 * Parameters are text too (a TYPE becomes a label), but no ENCODING or
 * CHARSET applies to them: they must be valid UTF-8 as read.
 */
static int
check_params(struct crm_vcard_reader *r, const struct prop *p)
{
	size_t i;

	for (i = 0; i < p->nparams; i++)
		if (!crm_utf8_valid(p->params[i].value,
		    strlen(p->params[i].value), NULL))
			return not_text(r, p, 1);
	return CRM_OK;
}

/* One property of the card into the field set. */
static int
take_prop(struct crm_vcard_reader *r, struct prop *p)
{
	const char *n = p->name;
	char *s;
	int i, rc;

	for (i = 0; ignored[i] != NULL; i++)
		if (strcmp(n, ignored[i]) == 0)
			return CRM_OK;
	if ((rc = check_params(r, p)) != CRM_OK ||
	    (rc = decode_value(r, p)) != CRM_OK)
		return rc;
	s = r->val.p;
	if (strcmp(n, "N") == 0)
		return take_n(r);
	if (strcmp(n, "ADR") == 0)
		return take_adr(r, p);
	if (strcmp(n, "ORG") == 0)
		return take_org(r);
	if (strcmp(n, "X-ABLABEL") == 0)
		return group_label(r, p);
	if (strcmp(n, "CATEGORIES") == 0) {
		while ((rc = next_component(&s, ',', &r->tmp)) > 0)
			if ((rc = crm_fieldset_add(r->fs, r->target[F_TAGS], 1,
			    r->tmp.p, r->tmp.len)) != CRM_OK)
				return rc;
		return rc < 0 ? CRM_EDB : CRM_OK;
	}
	if (next_component(&s, '\0', &r->tmp) < 0)
		return CRM_EDB;
	if (strcmp(n, "FN") == 0) {
		r->has_fn |= r->tmp.len > 0;
		return crm_fieldset_add(r->fs, r->part[P_FULL], 1, r->tmp.p,
		    r->tmp.len);
	}
	if (strcmp(n, "TEL") == 0) {
		/* 4.0: TEL;VALUE=uri:tel:+34-600-111-222 */
		const char *v = r->tmp.p;

		if (strncasecmp(v, "tel:", 4) == 0)
			v += 4;
		return add_one(r, p, r->target[F_PHONE], card_fields[F_PHONE],
		    v);
	}
	if (strcmp(n, "EMAIL") == 0)
		return add_one(r, p, r->target[F_EMAIL], card_fields[F_EMAIL],
		    r->tmp.p);
	if (strcmp(n, "TITLE") == 0)
		return add_one(r, p, r->target[F_TITLE], card_fields[F_TITLE],
		    r->tmp.p);
	if (strcmp(n, "NOTE") == 0)
		return add_one(r, p, r->target[F_NOTES], card_fields[F_NOTES],
		    r->tmp.p);
	return take_other(r, p);
}

/* ------------------------------------------------------------------ */
/* Cards                                                              */

static int
is_line(const struct crm_buf *l, const char *what)
{
	const char *p = l->p;
	size_t n = l->len;

	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return n == strlen(what) && strncasecmp(p, what, n) == 0;
}

static int
blank(const struct crm_buf *l)
{
	return strspn(l->p, " \t") == l->len;
}

/* Start a card at the BEGIN:VCARD just read. */
static void
begin_card(struct crm_vcard_reader *r, size_t raw_mark)
{
	memmove(r->raw.p, r->raw.p + raw_mark, r->raw.len - raw_mark);
	r->raw.len -= raw_mark;
	crm_fieldset_clear(r->fs);
	r->has_end = 0;
	if (r->slots != NULL)
		memset(r->slots, 0, r->nslots * sizeof(*r->slots));
	r->has_name = r->has_fn = 0;
	r->ngroups = 0;
	r->bad = 0;
	crm_err_clear(&r->err);
}

/* The end of a card: its record, or why it is refused. */
static int
end_card(struct crm_vcard_reader *r, long begin, struct crm_vcard *card,
    struct crm_err *e)
{
	int rc;

	card->line = begin;
	if (!r->bad && !r->has_name && !r->has_fn)
		card_error(r, begin, "the card has neither N nor FN: a contact "
		    "needs a name%s%s", "", "");
	if (r->bad) {
		*e = r->err;
		return -1;
	}
	rc = crm_fieldset_row(r->fs, &card->vals, &card->custom,
	    &card->ncustom, e);
	if (rc == CRM_EINPUT) {
		e->line = begin;
		return -1;
	}
	return rc == CRM_OK ? 1 : -2;
}

/* Lines before the first BEGIN:VCARD, or between cards: one report. */
static int
junk_error(struct crm_vcard_reader *r, struct crm_err *e)
{
	crm_err_set(e, CRM_EINPUT, "not a vCard: no BEGIN:VCARD before "
	    "this line");
	e->line = r->junk;
	r->junk = 0;
	r->raw.len = 0;
	return -1;
}

/* Read the next card: 1, 0 at the end, -1 a bad card, -2 a failure. */
int
crm_vcard_next(struct crm_vcard_reader *r, struct crm_vcard *card,
    struct crm_err *e)
{
	struct prop p;
	size_t mark;
	long begin = 0;
	int rc, in_card = 0;

	memset(card, 0, sizeof(*card));
	if (r->pending) {
		/* The BEGIN:VCARD that ended the last, cut, card. */
		r->pending = 0;
		r->raw.len = 0;
		if (crm_buf_adds(&r->raw, "BEGIN:VCARD\r\n") != CRM_OK)
			return crm_err_set(e, CRM_EDB, "out of memory"), -2;
		begin_card(r, 0);
		begin = r->pending_line;
		in_card = 1;
	}
	for (;;) {
		if (!in_card)
			r->raw.len = 0;
		mark = r->raw.len;
		if ((rc = read_logical(r)) < 0) {
			/* Never -1: the next call would read the error again. */
			if (r->failed)
				*e = r->fail;
			else
				crm_err_set(e, CRM_EDB, "out of memory");
			card->line = e->line;
			return -2;
		}
		if (rc == 0) {
			if (in_card) {
				card_error(r, begin, "the card has no "
				    "END:VCARD%s%s", "", "");
				*e = r->err;
				card->line = begin;
				return -1;
			}
			return r->junk ? junk_error(r, e) : 0;
		}
		if (is_line(&r->logical, "BEGIN:VCARD")) {
			if (in_card || r->junk) {
				/* Report what came before; start here next. */
				r->pending = 1;
				r->pending_line = r->logline;
				r->raw.len = mark;
				if (!in_card)
					return junk_error(r, e);
				r->bad = 0;
				card_error(r, begin, "the card has no "
				    "END:VCARD before line %s%s", "", "");
				snprintf(r->err.msg, sizeof(r->err.msg), "the "
				    "card has no END:VCARD before line %ld",
				    r->logline);
				*e = r->err;
				card->line = begin;
				return -1;
			}
			in_card = 1;
			begin = r->logline;
			begin_card(r, mark);
			continue;
		}
		if (!in_card) {
			if (!blank(&r->logical) && r->junk == 0)
				r->junk = r->logline;
			continue;
		}
		if (is_line(&r->logical, "END:VCARD")) {
			r->has_end = 1;
			r->end_at = mark;
			return end_card(r, begin, card, e);
		}
		if (blank(&r->logical))
			continue;
		if (parse_prop(r->logical.p, &p) != 0) {
			card_error(r, r->logline, "not a vCard line (a line "
			    "that goes on from the one before starts with a "
			    "space)%s%s", "", "");
			continue;
		}
		if (r->bad)
			continue;
		if ((rc = take_prop(r, &p)) == CRM_EDB) {
			crm_err_set(e, CRM_EDB, "out of memory");
			return -2;
		}
		/* Refused without a reason of its own: the field set is full. */
		if (rc != CRM_OK && !r->bad) {
			char msg[80];

			snprintf(msg, sizeof(msg), "the card holds more than %d "
			    "values", CRM_FIELDSET_MAX_VALUES);
			card_error(r, r->logline, "%s%s", msg, "");
		}
	}
}

/* Write the card last read, with its error, to a rejects file. */
int
crm_vcard_reject(const struct crm_vcard_reader *r, FILE *fp,
    const char *error)
{
	size_t n = r->raw.len;
	int end = r->has_end && r->end_at <= n;

	if (n == 0)
		return CRM_OK;
	/*
	 * Before the END:VCARD line when the card has one, so it goes back
	 * in: the line the reader took for it, not any line that ends so.
	 */
	if (end)
		n = r->end_at;
	fwrite(r->raw.p, 1, n, fp);
	fputs("X-CRM-ERROR:", fp);
	for (; *error != '\0'; error++) {
		if (*error == ',' || *error == ';' || *error == '\\')
			putc('\\', fp);
		putc(*error, fp);
	}
	fputs("\r\n", fp);
	if (end)
		fwrite(r->raw.p + n, 1, r->raw.len - n, fp);
	return ferror(fp) ? CRM_EDB : CRM_OK;
}
