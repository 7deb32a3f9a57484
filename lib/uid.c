/*
 * uid.c - the identifiers other tools keep for our records: a contact's
 * vCard UID and a meeting's iCalendar UID.  Address books and calendars
 * recognise a record they already hold by its UID, so it must be the
 * same in every export of a base, and differ between two bases.
 *
 * The base has no identity column of its own; what never changes in it
 * is its first user's row: when the base was created and by whom.  A
 * hash of those names the base.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm-internal.h"

/* FNV-1a over n bytes at s, continuing from h. */
static uint64_t
fnv1a(uint64_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

int
crm_uid_base(struct crm_db *db, uint64_t *base, struct crm_err *e)
{
	sqlite3_stmt *st;
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	int rc, i;

	*base = 0;
	if ((rc = crm_db_prepare(db, "SELECT created_at, created_by FROM users"
	    " ORDER BY id LIMIT 1", &st, e)) != CRM_OK)
		return rc;
	h = fnv1a(h, "crm-base", 9);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (i = 0; i < 2; i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);

			/* The NUL too: "ab"+"c" is not "a"+"bc". */
			if (v != NULL)
				h = fnv1a(h, v, strlen(v) + 1);
		}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? CRM_OK :
	    crm_db_err(db, e, "read the base's first user");
	sqlite3_finalize(st);
	/* Mix the bits: FNV's high bits change little for similar inputs. */
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	*base = h;
	return rc;
}

/* Write the low digits hex digits of v at p; return p past them. */
static char *
hex(char *p, uint64_t v, int digits)
{
	static const char xdigit[] = "0123456789abcdef";
	int i;

	for (i = digits - 1; i >= 0; i--, v >>= 4)
		p[i] = xdigit[v & 0xf];
	return p + digits;
}

/*
 * The UUID's two halves: the base's hash with the version 8 nibble, and
 * the id with the variant bits, so that the last 12 hex digits are the
 * id (below 2^48).  No printf: an export writes a million of these.
 */
void
crm_uid_contact(uint64_t base, int64_t id, char *buf, size_t bufsz)
{
	uint64_t hi = (base & ~UINT64_C(0xf000)) | UINT64_C(0x8000);
	uint64_t lo = ((uint64_t)id & UINT64_C(0x3fffffffffffffff)) |
	    UINT64_C(0x8000000000000000);
	char uid[46], *p = uid;

	memcpy(p, "urn:uuid:", 9);
	p = hex(p + 9, hi >> 32, 8);
	*p++ = '-';
	p = hex(p, hi >> 16, 4);
	*p++ = '-';
	p = hex(p, hi, 4);
	*p++ = '-';
	p = hex(p, lo >> 48, 4);
	*p++ = '-';
	p = hex(p, lo, 12);
	*p = '\0';
	if (bufsz >= sizeof(uid))
		memcpy(buf, uid, sizeof(uid));
	else if (bufsz > 0) {
		memcpy(buf, uid, bufsz - 1);
		buf[bufsz - 1] = '\0';
	}
}

int64_t
crm_uid_contact_id(uint64_t base, const char *uid)
{
	char mine[64];
	int64_t id;
	size_t n;

	if (strncasecmp(uid, "urn:uuid:", 9) != 0 || strlen(uid) != 45)
		return 0;
	/* The id sits in the last 14 bits of the 4th group and the 5th. */
	id = (int64_t)(strtoull(uid + 9 + 19, NULL, 16) & 0x3fff) << 48 |
	    (int64_t)strtoull(uid + 9 + 24, NULL, 16);
	crm_uid_contact(base, id, mine, sizeof(mine));
	n = strlen(mine);
	return id > 0 && strlen(uid) == n && strncasecmp(uid, mine, n) == 0 ?
	    id : 0;
}

void
crm_uid_meeting(uint64_t base, int64_t id, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "meeting-%" PRId64 "@crm-%016" PRIx64, id, base);
}
