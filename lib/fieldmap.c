/*
 * fieldmap.c - other tools' columns onto the fields of a record: --map
 * as a person writes it, the ready-made maps of --from (Google and
 * Outlook contact exports), and --keep-unknown.
 *
 * Two layers.  A field set (struct crm_fieldset) assembles one record
 * from values that each name a target (a field, a custom field) and a
 * slot (which phone, which address): phones and e-mails keep each value,
 * the first as the field and the others as custom fields phone_2,
 * phone_3 ...; other targets join the values of one slot with ", " (an
 * address from its parts), and a second slot becomes NAME_2.  Labels
 * ("mobile", "work") go to NAME_label and NAME_2_label.  The vCard
 * reader builds its records with it too.
 *
 * A field map (struct crm_fieldmap) says, for each column of a CSV
 * header, which target and slot its values go to, and feeds each row
 * through a field set.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm-internal.h"

#define MAX_TARGETS	512
#define MAX_VALUE	65536
/*
 * Values (and labels) one record may hold: a phone's address book has a
 * few dozen; a card of 40,000 TEL lines, or a Google cell of as many
 * " ::: " parts, is refused at the limit instead of making as many
 * custom fields.
 */
#define MAX_ITEMS	CRM_FIELDSET_MAX_VALUES

/* ------------------------------------------------------------------ */
/* The field set: one record from targeted values                     */

enum target_kind {
	T_FIELD,		/* a field of the entity */
	T_CUSTOM,		/* a custom field */
	T_FULL_NAME,		/* "First Last", when the names are empty */
};

struct target {
	enum target_kind kind;
	char *name;		/* the field's or custom field's name */
	int field;		/* T_FIELD: index in fs->fields */
	int multi;		/* each value is one more (phone, email) */
	int clears;		/* a column names it: empty clears it */
};

struct item {
	int target;
	int slot;
	int label;		/* a label of the slot, not a value */
	size_t off, len;	/* in fs->text */
};

/* An item's place in a record: by target, slot, values before labels. */
struct order {
	int target, slot, label;
	size_t item;
};

struct crm_fieldset {
	const struct crm_entity *ent;
	struct target *t;
	size_t nt, tcap;
	const char **fields;	/* the field names rows hold */
	size_t nfields;
	struct item *items;
	size_t nitems, icap;
	struct crm_buf text;	/* this row's values */
	struct crm_buf out;	/* what crm_fieldset_row hands out */
	struct crm_buf value;	/* the value being joined */
	size_t *voff;		/* field -> offset in out, or -1 */
	const char **vals;
	struct crm_custom *cf;
	size_t *cfoff;		/* two offsets a custom field: name, value */
	size_t ncf, cfcap;
	struct crm_nameset *cfnames;	/* this record's, for twice */
	struct order *order;	/* the items, sorted */
	size_t ocap;
	size_t full;		/* the full name's offset in out, or none */
};

#define NO_VALUE ((size_t)-1)

/* An empty field set for records of ent; the caller frees it. */
int
crm_fieldset_new(struct crm_fieldset **fsp, const struct crm_entity *ent,
    struct crm_err *e)
{
	struct crm_fieldset *fs;

	*fsp = NULL;
	if ((fs = calloc(1, sizeof(*fs))) == NULL ||
	    (fs->fields = calloc(ent->nfields + 1, sizeof(*fs->fields))) ==
	    NULL ||
	    (fs->voff = calloc(ent->nfields + 1, sizeof(*fs->voff))) == NULL ||
	    (fs->vals = calloc(ent->nfields + 1, sizeof(*fs->vals))) == NULL ||
	    crm_nameset_new(&fs->cfnames) != CRM_OK) {
		crm_fieldset_free(fs);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	fs->ent = ent;
	*fsp = fs;
	return CRM_OK;
}

/* Free fs (NULL is fine). */
void
crm_fieldset_free(struct crm_fieldset *fs)
{
	size_t i;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->nt; i++)
		free(fs->t[i].name);
	free(fs->t);
	free(fs->fields);
	free(fs->items);
	crm_buf_free(&fs->text);
	crm_buf_free(&fs->out);
	crm_buf_free(&fs->value);
	free(fs->voff);
	free(fs->vals);
	free(fs->cf);
	free(fs->cfoff);
	crm_nameset_free(fs->cfnames);
	free(fs->order);
	free(fs);
}

static int
is_contact(const struct crm_entity *ent)
{
	return crm_entity_field(ent, "last_name") >= 0;
}

/* The field names of ent, for messages. */
static void
field_list(const struct crm_entity *ent, char *buf, size_t bufsz)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 1; i < ent->nfields && o < bufsz; i++) {
		const char *n = ent->fields[i].name;

		/* Stamps are an export's, not a map's. */
		if (strstr(n, "_at") != NULL || strstr(n, "_by") != NULL)
			continue;
		o += snprintf(buf + o, bufsz - o, "%s%s", o ? ", " : "", n);
	}
}

/* Add a target; its index, or -1 with e set. */
static int
add_target(struct crm_fieldset *fs, enum target_kind kind, const char *name,
    int field, struct crm_err *e)
{
	struct target *t;

	if (fs->nt == MAX_TARGETS) {
		crm_err_set(e, CRM_EINPUT, "more than %d different fields",
		    MAX_TARGETS);
		return -1;
	}
	if (fs->nt == fs->tcap) {
		size_t cap = fs->tcap ? fs->tcap * 2 : 16;

		if ((t = realloc(fs->t, cap * sizeof(*t))) == NULL)
			goto oom;
		fs->t = t;
		fs->tcap = cap;
	}
	t = &fs->t[fs->nt];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->field = -1;
	if ((t->name = strdup(name)) == NULL)
		goto oom;
	if (kind == T_FIELD) {
		t->field = (int)fs->nfields;
		fs->fields[fs->nfields++] = fs->ent->fields[field].name;
		t->multi = fs->ent->fields[field].type == CRM_FT_PHONE ||
		    fs->ent->fields[field].type == CRM_FT_EMAIL;
	}
	return (int)fs->nt++;
oom:
	crm_err_set(e, CRM_EDB, "out of memory");
	return -1;
}

/* The index of target name, added when new; -1 for none such. */
int
crm_fieldset_target(struct crm_fieldset *fs, const char *name,
    struct crm_err *e)
{
	enum target_kind kind;
	char list[512];
	const char *key = name;
	size_t i;
	int f = -1;

	if (strncmp(name, "custom.", 7) == 0) {
		kind = T_CUSTOM;
		key = name + 7;
		if (!is_contact(fs->ent)) {
			crm_err_set(e, CRM_EUSAGE, "custom fields are kept for "
			    "contacts only, not for a %s", fs->ent->name);
			return -1;
		}
		if (!crm_custom_name_valid(key)) {
			crm_err_set(e, CRM_EUSAGE, "\"%s\" is no custom field "
			    "name (lower-case letters, digits and _, at most "
			    "%d)", key, CRM_CUSTOM_NAME_MAX);
			return -1;
		}
	} else if (strcmp(name, "full_name") == 0 && is_contact(fs->ent)) {
		kind = T_FULL_NAME;
	} else if ((f = crm_entity_field(fs->ent, name)) >= 0) {
		kind = T_FIELD;
		key = fs->ent->fields[f].name;
	} else {
		field_list(fs->ent, list, sizeof(list));
		crm_err_set(e, CRM_EUSAGE, "\"%s\" is no %s field (%s%s)", name,
		    fs->ent->name, list, is_contact(fs->ent) ? ", full_name; "
		    "custom.NAME keeps a custom field" : "");
		return -1;
	}
	for (i = 0; i < fs->nt; i++)
		if (fs->t[i].kind == kind && strcmp(fs->t[i].name, key) == 0)
			return (int)i;
	/* A full name is split into the names: they are fields of the rows. */
	if (kind == T_FULL_NAME && (crm_fieldset_target(fs, "first_name", e) <
	    0 || crm_fieldset_target(fs, "last_name", e) < 0))
		return -1;
	return add_target(fs, kind, key, f, e);
}

/* A column names target t: its custom field is cleared when empty. */
static void
named_by_column(struct crm_fieldset *fs, int t)
{
	fs->t[t].clears = 1;
}

/* How many fields the records hold. */
size_t
crm_fieldset_nfields(const struct crm_fieldset *fs)
{
	return fs->nfields;
}

/* The names of the fields the records hold, owned by fs. */
const char *const *
crm_fieldset_fields(const struct crm_fieldset *fs)
{
	return fs->fields;
}

/* Forget the values of the last record: start the next. */
void
crm_fieldset_clear(struct crm_fieldset *fs)
{
	fs->nitems = 0;
	fs->text.len = 0;
}

static int
add_item(struct crm_fieldset *fs, int target, int slot, int label,
    const char *s, size_t n)
{
	struct item *it;

	/* Values are trimmed; an empty one is no value. */
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n == 0 || target < 0)
		return CRM_OK;
	if (fs->nitems == MAX_ITEMS)
		return CRM_EINPUT;
	if (fs->nitems == fs->icap) {
		size_t cap = fs->icap ? fs->icap * 2 : 32;

		if ((it = realloc(fs->items, cap * sizeof(*it))) == NULL)
			return CRM_EDB;
		fs->items = it;
		fs->icap = cap;
	}
	it = &fs->items[fs->nitems];
	it->target = target;
	it->slot = slot;
	it->label = label;
	it->off = fs->text.len;
	it->len = n;
	if (crm_buf_add(&fs->text, s, n) != CRM_OK ||
	    crm_buf_add(&fs->text, "", 1) != CRM_OK)
		return CRM_EDB;
	fs->nitems++;
	return CRM_OK;
}

/* Add a value to target in slot. */
int
crm_fieldset_add(struct crm_fieldset *fs, int target, int slot,
    const char *value, size_t len)
{
	return add_item(fs, target, slot, 0, value, len);
}

/* Label the values of target in slot ("mobile"). */
int
crm_fieldset_label(struct crm_fieldset *fs, int target, int slot,
    const char *label)
{
	size_t i, from = fs->text.len;
	int rc;

	if ((rc = add_item(fs, target, slot, 1, label, strlen(label))) !=
	    CRM_OK || fs->text.len == from)
		return rc;
	/* "Mobile", "WORK" and "work" are one label: lower case. */
	for (i = from; i < fs->text.len; i++)
		if (fs->text.p[i] >= 'A' && fs->text.p[i] <= 'Z')
			fs->text.p[i] += 'a' - 'A';
	return CRM_OK;
}

static const char *
item_text(const struct crm_fieldset *fs, const struct item *it)
{
	return fs->text.p + it->off;
}

/* Add a custom field name=value (both copied into out). */
static int
put_custom(struct crm_fieldset *fs, const char *name, const char *value,
    struct crm_err *e)
{
	const char *dup;
	size_t noff;

	if (strlen(name) > CRM_CUSTOM_NAME_MAX)
		return crm_err_set(e, CRM_EINPUT, "custom field name \"%s\" is "
		    "longer than %d", name, CRM_CUSTOM_NAME_MAX);
	if (strlen(value) > MAX_VALUE)
		return crm_err_set(e, CRM_EINPUT, "custom field %s is too long "
		    "(%zu bytes; at most %d)", name, strlen(value), MAX_VALUE);
	if (crm_nameset_add(fs->cfnames, name, &dup) != CRM_OK)
		return crm_err_set(e, CRM_EDB, "out of memory");
	if (dup != NULL)
		return crm_err_set(e, CRM_EINPUT, "custom field %s would "
		    "get two values; map one of them elsewhere with "
		    "--map", name);
	if (fs->ncf == fs->cfcap) {
		size_t cap = fs->cfcap ? fs->cfcap * 2 : 16;
		size_t *o;
		struct crm_custom *c;

		if ((o = realloc(fs->cfoff, 2 * cap * sizeof(*o))) == NULL)
			return crm_err_set(e, CRM_EDB, "out of memory");
		fs->cfoff = o;
		if ((c = realloc(fs->cf, cap * sizeof(*c))) == NULL)
			return crm_err_set(e, CRM_EDB, "out of memory");
		fs->cf = c;
		fs->cfcap = cap;
	}
	noff = fs->out.len;
	if (crm_buf_add(&fs->out, name, strlen(name) + 1) != CRM_OK)
		return crm_err_set(e, CRM_EDB, "out of memory");
	fs->cfoff[2 * fs->ncf] = noff;
	fs->cfoff[2 * fs->ncf + 1] = fs->out.len;
	if (crm_buf_add(&fs->out, value, strlen(value) + 1) != CRM_OK)
		return crm_err_set(e, CRM_EDB, "out of memory");
	fs->ncf++;
	return CRM_OK;
}

/* Value number k (0 the first) of target t, with its label: NAME_k. */
static int
put_value(struct crm_fieldset *fs, int ti, size_t k, const char *label,
    struct crm_err *e)
{
	const struct target *t = &fs->t[ti];
	char name[CRM_CUSTOM_NAME_MAX + 32];
	int rc;

	if (k == 0)
		snprintf(name, sizeof(name), "%s", t->name);
	else
		snprintf(name, sizeof(name), "%s_%zu", t->name, k + 1);
	if (t->kind == T_FIELD && k == 0) {
		fs->voff[t->field] = fs->out.len;
		if (crm_buf_add(&fs->out, fs->value.p, fs->value.len + 1) !=
		    CRM_OK)
			return crm_err_set(e, CRM_EDB, "out of memory");
	} else if (t->kind == T_FULL_NAME) {
		if (k > 0)
			return CRM_OK;	/* a second full name says nothing */
		/* Kept aside: split once the names are known. */
		fs->full = fs->out.len;
		if (crm_buf_add(&fs->out, fs->value.p, fs->value.len + 1) !=
		    CRM_OK)
			return crm_err_set(e, CRM_EDB, "out of memory");
		return CRM_OK;
	} else if ((rc = put_custom(fs, name, fs->value.p, e)) != CRM_OK)
		return rc;
	if (label == NULL)
		return CRM_OK;
	if (strlen(name) + 6 > CRM_CUSTOM_NAME_MAX)
		return CRM_OK;	/* no room for "_label": the value matters */
	strcat(name, "_label");
	return put_custom(fs, name, label, e);
}

/*
 * The values of target ti (its items o[0..n), sorted by slot, each
 * slot's labels after its values), each handed to put_value with the
 * first label of its slot.
 */
static int
put_target(struct crm_fieldset *fs, int ti, const struct order *o, size_t n,
    struct crm_err *e)
{
	const struct target *t = &fs->t[ti];
	const char *label = NULL, *last_label = NULL;
	size_t i = 0, g, v, j, k = 0, nvalues = 0;
	int rc, slot = 0;

	while (i < n) {
		/* The group of one slot: values o[g..v), then its labels. */
		for (g = i; i < n && o[i].slot == o[g].slot; i++)
			;
		for (v = g; v < i && !o[v].label; v++)
			;
		label = v < i ? item_text(fs, &fs->items[o[v].item]) : NULL;
		for (j = g; j < v; j++) {
			const struct item *it = &fs->items[o[j].item];

			if (nvalues > 0 && (t->multi || it->slot != slot)) {
				if ((rc = put_value(fs, ti, k++, last_label,
				    e)) != CRM_OK)
					return rc;
				fs->value.len = 0;
			}
			if (fs->value.len > 0 && crm_buf_adds(&fs->value,
			    ", ") != CRM_OK)
				return crm_err_set(e, CRM_EDB, "out of memory");
			if (crm_buf_add(&fs->value, item_text(fs, it),
			    it->len) != CRM_OK)
				return crm_err_set(e, CRM_EDB, "out of memory");
			slot = it->slot;
			last_label = label;
			nvalues++;
		}
	}
	if (nvalues == 0) {
		if (t->kind == T_CUSTOM && t->clears)
			return put_custom(fs, t->name, "", e);
		return CRM_OK;
	}
	rc = put_value(fs, ti, k, last_label, e);
	fs->value.len = 0;
	return rc;
}

static int
order_cmp(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;

	if (a->target != b->target)
		return a->target < b->target ? -1 : 1;
	if (a->slot != b->slot)
		return a->slot < b->slot ? -1 : 1;
	if (a->label != b->label)
		return a->label < b->label ? -1 : 1;
	return a->item < b->item ? -1 : a->item > b->item;
}

/* "Ana María García": first names "Ana María", last name "García". */
static int
split_full_name(struct crm_fieldset *fs, size_t full, struct crm_err *e)
{
	int f = -1, l = -1;
	size_t i, n;
	char *name, *sp;

	for (i = 0; i < fs->nfields; i++) {
		if (strcmp(fs->fields[i], "first_name") == 0)
			f = (int)i;
		else if (strcmp(fs->fields[i], "last_name") == 0)
			l = (int)i;
	}
	if (f < 0 || l < 0 || fs->voff[f] != NO_VALUE ||
	    fs->voff[l] != NO_VALUE)
		return CRM_OK;
	n = strlen(fs->out.p + full);
	if ((name = strndup(fs->out.p + full, n)) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	fs->voff[l] = fs->out.len;
	if ((sp = strrchr(name, ' ')) == NULL)
		sp = name - 1;
	if (crm_buf_add(&fs->out, sp + 1, strlen(sp + 1) + 1) != CRM_OK) {
		free(name);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	if (sp >= name) {
		*sp = '\0';
		fs->voff[f] = fs->out.len;
		if (crm_buf_add(&fs->out, name, strlen(name) + 1) != CRM_OK) {
			free(name);
			return crm_err_set(e, CRM_EDB, "out of memory");
		}
	}
	free(name);
	return CRM_OK;
}

/* The record the values make: fields, then custom fields. */
int
crm_fieldset_row(struct crm_fieldset *fs, const char *const **vals,
    const struct crm_custom **cf, size_t *ncf, struct crm_err *e)
{
	size_t i, from, to;
	int rc;

	fs->full = NO_VALUE;
	fs->out.len = 0;
	fs->ncf = 0;
	fs->value.len = 0;
	crm_nameset_clear(fs->cfnames);
	for (i = 0; i < fs->nfields; i++)
		fs->voff[i] = NO_VALUE;
	/* One sort of the record's items, then each target's run of them. */
	if (fs->ocap < fs->nitems) {
		struct order *o = realloc(fs->order, fs->nitems * sizeof(*o));

		if (o == NULL)
			return crm_err_set(e, CRM_EDB, "out of memory");
		fs->order = o;
		fs->ocap = fs->nitems;
	}
	for (i = 0; i < fs->nitems; i++) {
		fs->order[i].target = fs->items[i].target;
		fs->order[i].slot = fs->items[i].slot;
		fs->order[i].label = fs->items[i].label;
		fs->order[i].item = i;
	}
	if (fs->nitems > 1)
		qsort(fs->order, fs->nitems, sizeof(*fs->order), order_cmp);
	for (i = 0, from = 0; i < fs->nt; i++, from = to) {
		for (to = from; to < fs->nitems && fs->order[to].target ==
		    (int)i; to++)
			;
		if ((rc = put_target(fs, (int)i, to > from ? fs->order + from :
		    NULL, to - from, e)) != CRM_OK)
			return rc;
	}
	if (fs->full != NO_VALUE && (rc = split_full_name(fs, fs->full, e)) !=
	    CRM_OK)
		return rc;
	if (fs->out.p == NULL && crm_buf_add(&fs->out, "", 1) != CRM_OK)
		return crm_err_set(e, CRM_EDB, "out of memory");
	for (i = 0; i < fs->nfields; i++)
		fs->vals[i] = fs->voff[i] == NO_VALUE ? "" :
		    fs->out.p + fs->voff[i];
	for (i = 0; i < fs->ncf; i++) {
		fs->cf[i].name = fs->out.p + fs->cfoff[2 * i];
		fs->cf[i].value = fs->out.p + fs->cfoff[2 * i + 1];
	}
	*vals = fs->vals;
	*cf = fs->cf;
	*ncf = fs->ncf;
	return CRM_OK;
}

/* ------------------------------------------------------------------ */
/* Ready-made maps: the contact exports of Google and Outlook         */

/*
 * A column of a ready-made map.  In pattern, '#' stands for a number,
 * which is the slot (E-mail 2 is the second e-mail).  target is a field,
 * "custom.NAME", "custom" (the header made a custom field name: a column
 * the tool writes that we have no field for), "-" (left out: what
 * another column holds already), "label:TARGET" (labels of TARGET's
 * values) or "address?" (a part of an address that goes to address only
 * when the input has no formatted address).
 */
struct preset_col {
	const char *pattern;
	const char *target;
	int slot;
	const char *label;	/* a label its values carry */
};

/*
 * Google Contacts' "Google CSV", the current export (First Name, Labels,
 * Organization Name ...) and the older one (Given Name, Group
 * Membership, Organization 1 - Name ...).  A cell of several values
 * separates them with " ::: ".
 */
static const struct preset_col google_cols[] = {
	{ "First Name", "first_name", 0, NULL },
	{ "Given Name", "first_name", 0, NULL },
	{ "Last Name", "last_name", 0, NULL },
	{ "Family Name", "last_name", 0, NULL },
	{ "Name", "full_name", 0, NULL },
	{ "Middle Name", "custom.middle_name", 0, NULL },
	{ "Additional Name", "custom.middle_name", 0, NULL },
	{ "Name Prefix", "custom.name_prefix", 0, NULL },
	{ "Name Suffix", "custom.name_suffix", 0, NULL },
	{ "Nickname", "custom.nickname", 0, NULL },
	{ "Birthday", "custom.birthday", 0, NULL },
	{ "Notes", "notes", 0, NULL },
	{ "Labels", "tags", 0, NULL },
	{ "Group Membership", "tags", 0, NULL },
	{ "Organization Name", "company", 0, NULL },
	{ "Organization Title", "title", 0, NULL },
	{ "Organization Department", "custom.department", 0, NULL },
	{ "Organization # - Name", "company", 0, NULL },
	{ "Organization # - Title", "title", 0, NULL },
	{ "Organization # - Department", "custom.department", 0, NULL },
	{ "E-mail # - Value", "email", 0, NULL },
	{ "E-mail # - Label", "label:email", 0, NULL },
	{ "E-mail # - Type", "label:email", 0, NULL },
	{ "Phone # - Value", "phone", 0, NULL },
	{ "Phone # - Label", "label:phone", 0, NULL },
	{ "Phone # - Type", "label:phone", 0, NULL },
	{ "Address # - Formatted", "address", 0, NULL },
	{ "Address # - City", "city", 0, NULL },
	{ "Address # - Label", "label:address", 0, NULL },
	{ "Address # - Type", "label:address", 0, NULL },
	{ "Address # - Street", "address?", 0, NULL },
	{ "Address # - PO Box", "address?", 0, NULL },
	{ "Address # - Extended Address", "address?", 0, NULL },
	{ "Address # - Postal Code", "address?", 0, NULL },
	{ "Address # - Region", "address?", 0, NULL },
	{ "Address # - Country", "address?", 0, NULL },
	{ "Website # - Value", "custom.website", 0, NULL },
	{ "Website # - Label", "label:custom.website", 0, NULL },
	{ "Website # - Type", "label:custom.website", 0, NULL },
	{ "Relation # - Value", "custom.relation", 0, NULL },
	{ "Relation # - Label", "label:custom.relation", 0, NULL },
	{ "Relation # - Type", "label:custom.relation", 0, NULL },
	{ "Event # - Value", "custom.event", 0, NULL },
	{ "Event # - Label", "label:custom.event", 0, NULL },
	{ "Event # - Type", "label:custom.event", 0, NULL },
	{ "IM # - Value", "custom.im", 0, NULL },
	{ "IM # - Label", "label:custom.im", 0, NULL },
	{ "IM # - Type", "label:custom.im", 0, NULL },
	{ "IM # - Service", "-", 0, NULL },
	{ "Custom Field # - Value", "custom.custom_field", 0, NULL },
	{ "Custom Field # - Label", "label:custom.custom_field", 0, NULL },
	{ "Custom Field # - Type", "label:custom.custom_field", 0, NULL },
	/* Kept under their own names. */
	{ "Phonetic First Name", "custom", 0, NULL },
	{ "Phonetic Middle Name", "custom", 0, NULL },
	{ "Phonetic Last Name", "custom", 0, NULL },
	{ "File As", "custom", 0, NULL },
	{ "Photo", "custom", 0, NULL },
	{ "Yomi Name", "custom", 0, NULL },
	{ "Given Name Yomi", "custom", 0, NULL },
	{ "Additional Name Yomi", "custom", 0, NULL },
	{ "Family Name Yomi", "custom", 0, NULL },
	{ "Initials", "custom", 0, NULL },
	{ "Short Name", "custom", 0, NULL },
	{ "Maiden Name", "custom", 0, NULL },
	{ "Gender", "custom", 0, NULL },
	{ "Location", "custom", 0, NULL },
	{ "Billing Information", "custom", 0, NULL },
	{ "Directory Server", "custom", 0, NULL },
	{ "Mileage", "custom", 0, NULL },
	{ "Occupation", "custom", 0, NULL },
	{ "Hobby", "custom", 0, NULL },
	{ "Sensitivity", "custom", 0, NULL },
	{ "Priority", "custom", 0, NULL },
	{ "Subject", "custom", 0, NULL },
	{ "Language", "custom", 0, NULL },
	{ "Organization # - Type", "custom", 0, NULL },
	{ "Organization # - Yomi Name", "custom", 0, NULL },
	{ "Organization # - Symbol", "custom", 0, NULL },
	{ "Organization # - Location", "custom", 0, NULL },
	{ "Organization # - Job Description", "custom", 0, NULL },
	{ "Organization Phonetic Name", "custom", 0, NULL },
	{ "Organization # - Phonetic Name", "custom", 0, NULL },
	{ NULL, NULL, 0, NULL },
};

/*
 * Outlook's "Comma Separated Values" export (desktop Outlook and
 * Outlook.com): one column per kind of phone, so the map gives each its
 * place in line (the slot: a mobile before a fax) and its label.  Its
 * Title is a courtesy title ("Mr."); the job is Job Title.
 */
static const struct preset_col outlook_cols[] = {
	{ "Title", "custom.name_prefix", 0, NULL },
	{ "First Name", "first_name", 0, NULL },
	{ "Middle Name", "custom.middle_name", 0, NULL },
	{ "Last Name", "last_name", 0, NULL },
	{ "Suffix", "custom.name_suffix", 0, NULL },
	{ "Nickname", "custom.nickname", 0, NULL },
	{ "Company", "company", 0, NULL },
	{ "Department", "custom.department", 0, NULL },
	{ "Job Title", "title", 0, NULL },
	{ "Business Street", "address", 1, "business" },
	{ "Business Street 2", "address", 1, "business" },
	{ "Business Street 3", "address", 1, "business" },
	{ "Business Address PO Box", "address", 1, "business" },
	{ "Business City", "city", 1, NULL },
	{ "Business State", "address", 1, "business" },
	{ "Business Postal Code", "address", 1, "business" },
	{ "Business Country/Region", "address", 1, "business" },
	{ "Business Country", "address", 1, "business" },
	{ "Home Street", "address", 2, "home" },
	{ "Home Street 2", "address", 2, "home" },
	{ "Home Street 3", "address", 2, "home" },
	{ "Home Address PO Box", "address", 2, "home" },
	{ "Home City", "city", 2, NULL },
	{ "Home State", "address", 2, "home" },
	{ "Home Postal Code", "address", 2, "home" },
	{ "Home Country/Region", "address", 2, "home" },
	{ "Home Country", "address", 2, "home" },
	{ "Other Street", "address", 3, "other" },
	{ "Other Street 2", "address", 3, "other" },
	{ "Other Street 3", "address", 3, "other" },
	{ "Other Address PO Box", "address", 3, "other" },
	{ "Other City", "city", 3, NULL },
	{ "Other State", "address", 3, "other" },
	{ "Other Postal Code", "address", 3, "other" },
	{ "Other Country/Region", "address", 3, "other" },
	{ "Other Country", "address", 3, "other" },
	{ "Primary Phone", "phone", 1, "primary" },
	{ "Mobile Phone", "phone", 2, "mobile" },
	{ "Business Phone", "phone", 3, "business" },
	{ "Business Phone 2", "phone", 4, "business" },
	{ "Home Phone", "phone", 5, "home" },
	{ "Home Phone 2", "phone", 6, "home" },
	{ "Company Main Phone", "phone", 7, "company" },
	{ "Company Main Telephone", "phone", 7, "company" },
	{ "Other Phone", "phone", 8, "other" },
	{ "Car Phone", "phone", 9, "car" },
	{ "Callback", "phone", 10, "callback" },
	{ "Assistant's Phone", "phone", 11, "assistant" },
	{ "Radio Phone", "phone", 12, "radio" },
	{ "Pager", "phone", 13, "pager" },
	{ "ISDN", "phone", 14, "isdn" },
	{ "TTY/TDD Phone", "phone", 15, "tty" },
	{ "Telex", "phone", 16, "telex" },
	{ "Business Fax", "phone", 17, "business fax" },
	{ "Home Fax", "phone", 18, "home fax" },
	{ "Other Fax", "phone", 19, "other fax" },
	{ "E-mail Address", "email", 1, NULL },
	{ "E-mail 2 Address", "email", 2, NULL },
	{ "E-mail 3 Address", "email", 3, NULL },
	/* The address's kind ("SMTP") and "Name (address)": no news. */
	{ "E-mail Type", "-", 0, NULL },
	{ "E-mail 2 Type", "-", 0, NULL },
	{ "E-mail 3 Type", "-", 0, NULL },
	{ "E-mail Display Name", "-", 0, NULL },
	{ "E-mail 2 Display Name", "-", 0, NULL },
	{ "E-mail 3 Display Name", "-", 0, NULL },
	{ "Categories", "tags", 0, NULL },
	{ "Notes", "notes", 0, NULL },
	{ "Web Page", "custom.website", 1, NULL },
	{ "Personal Web Page", "custom.website", 2, "personal" },
	{ "Birthday", "custom.birthday", 0, NULL },
	{ "Anniversary", "custom.anniversary", 0, NULL },
	/* Outlook's flags, written for every contact with their defaults. */
	{ "Priority", "-", 0, NULL },
	{ "Sensitivity", "-", 0, NULL },
	{ "Private", "-", 0, NULL },
	{ "Initials", "-", 0, NULL },
	{ "Internet Free Busy", "-", 0, NULL },
	/* Kept under their own names. */
	{ "Given Yomi", "custom", 0, NULL },
	{ "Surname Yomi", "custom", 0, NULL },
	{ "Company Yomi", "custom", 0, NULL },
	{ "Account", "custom", 0, NULL },
	{ "Assistant's Name", "custom", 0, NULL },
	{ "Billing Information", "custom", 0, NULL },
	{ "Children", "custom", 0, NULL },
	{ "Directory Server", "custom", 0, NULL },
	{ "Gender", "custom", 0, NULL },
	{ "Government ID Number", "custom", 0, NULL },
	{ "Hobby", "custom", 0, NULL },
	{ "IMAddress", "custom", 0, NULL },
	{ "Keywords", "custom", 0, NULL },
	{ "Language", "custom", 0, NULL },
	{ "Location", "custom", 0, NULL },
	{ "Manager's Name", "custom", 0, NULL },
	{ "Mileage", "custom", 0, NULL },
	{ "Office Location", "custom", 0, NULL },
	{ "Organizational ID Number", "custom", 0, NULL },
	{ "Profession", "custom", 0, NULL },
	{ "Referred By", "custom", 0, NULL },
	{ "Schools", "custom", 0, NULL },
	{ "Spouse", "custom", 0, NULL },
	{ "User 1", "custom", 0, NULL },
	{ "User 2", "custom", 0, NULL },
	{ "User 3", "custom", 0, NULL },
	{ "User 4", "custom", 0, NULL },
	{ NULL, NULL, 0, NULL },
};

/* What Outlook writes for "none" in a date or a choice. */
static const char *const outlook_empty[] = { "0/0/00", "0/0/0000",
	"Unspecified", NULL };

static const struct preset {
	const char *name;
	const struct preset_col *cols;
	const char *const *empty;	/* values that mean none */
	int google;			/* " ::: " lists, "* " system groups */
	const char *signature[3];	/* columns only its exports have */
} presets[] = {
	{ "google", google_cols, NULL, 1,
	  { "E-mail 1 - Value", "Phone 1 - Value", "Given Name" } },
	{ "outlook", outlook_cols, outlook_empty, 0,
	  { "E-mail Address", "Business Phone", "Mobile Phone" } },
};

#define NPRESETS (sizeof(presets) / sizeof(presets[0]))

const char *const crm_fieldmap_presets[] = { "google", "outlook", NULL };

/*
 * Whether header matches pattern (ASCII case aside; '#' is a number,
 * whose value goes to *slot).
 */
static int
match(const char *pattern, const char *header, int *slot)
{
	const char *p = pattern, *h = header;

	*slot = 0;
	while (*p != '\0') {
		if (*p == '#') {
			int n = 0;

			if (*h < '0' || *h > '9')
				return 0;
			while (*h >= '0' && *h <= '9' && n < 100000)
				n = n * 10 + (*h++ - '0');
			*slot = n;
			p++;
			continue;
		}
		if (*h == '\0' || (*p != *h && !((*p | 0x20) >= 'a' &&
		    (*p | 0x20) <= 'z' && (*p | 0x20) == (*h | 0x20))))
			return 0;
		p++;
		h++;
	}
	return *h == '\0';
}

static const struct preset *
find_preset(const char *name)
{
	size_t i;

	for (i = 0; i < NPRESETS; i++)
		if (strcasecmp(presets[i].name, name) == 0)
			return &presets[i];
	return NULL;
}

/* The ready-made map whose export these columns look like, or NULL. */
const char *
crm_fieldmap_guess(const char *const *cols, size_t ncols)
{
	size_t i, j, k;
	int slot;

	for (i = 0; i < NPRESETS; i++)
		for (j = 0; j < 3; j++)
			for (k = 0; k < ncols; k++)
				if (match(presets[i].signature[j], cols[k],
				    &slot))
					return presets[i].name;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* --map: COLUMN=TARGET,...                                            */

struct map_entry {
	char *column;
	char *target;
};

/*
 * Split spec at unescaped commas and each part at its first unescaped
 * '=', undoing the backslashes, into entries appended to *ents.
 */
static int
parse_spec(const char *spec, struct map_entry **ents, size_t *n,
    struct crm_err *e)
{
	struct crm_buf col = { 0 }, tgt = { 0 };
	struct map_entry *m;
	const char *p = spec;
	int in_target = 0, rc = CRM_OK;

	for (;; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			rc |= crm_buf_add(in_target ? &tgt : &col, p, 1);
			continue;
		}
		if (*p == '=' && !in_target) {
			in_target = 1;
			rc |= crm_buf_add(&tgt, "", 0);
			continue;
		}
		if (*p != ',' && *p != '\0') {
			rc |= crm_buf_add(in_target ? &tgt : &col, p, 1);
			continue;
		}
		if (rc != CRM_OK) {
			rc = crm_err_set(e, CRM_EDB, "out of memory");
			break;
		}
		if (col.p != NULL)
			crm_trim(col.p);
		if (tgt.p != NULL)
			crm_trim(tgt.p);
		if (!in_target || col.p == NULL || *col.p == '\0' ||
		    tgt.p == NULL || *tgt.p == '\0') {
			if (col.len == 0 && !in_target && *p == '\0' &&
			    p != spec)
				break;	/* a trailing comma */
			rc = crm_err_set(e, CRM_EUSAGE, "--map: \"%s\" is not "
			    "COLUMN=FIELD,...", spec);
			break;
		}
		if ((m = realloc(*ents, (*n + 1) * sizeof(*m))) == NULL) {
			rc = crm_err_set(e, CRM_EDB, "out of memory");
			break;
		}
		*ents = m;
		m[*n].column = col.p;
		m[*n].target = tgt.p;
		(*n)++;
		memset(&col, 0, sizeof(col));
		memset(&tgt, 0, sizeof(tgt));
		in_target = 0;
		if (*p == '\0')
			break;
	}
	crm_buf_free(&col);
	crm_buf_free(&tgt);
	return rc;
}

static void
free_entries(struct map_entry *ents, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(ents[i].column);
		free(ents[i].target);
	}
	free(ents);
}

/* Parse every --map value into entries; each target checked for ent. */
static int
parse_maps(const struct crm_entity *ent, const char *const *maps,
    size_t nmaps, struct map_entry **ents, size_t *n, struct crm_err *e)
{
	struct crm_fieldset *fs = NULL;
	size_t i;
	int rc;

	*ents = NULL;
	*n = 0;
	if ((rc = crm_fieldset_new(&fs, ent, e)) != CRM_OK)
		return rc;
	for (i = 0; i < nmaps && rc == CRM_OK; i++)
		rc = parse_spec(maps[i], ents, n, e);
	for (i = 0; i < *n && rc == CRM_OK; i++) {
		struct crm_err te = { 0 };

		if (strcmp((*ents)[i].target, "-") == 0)
			continue;
		if (crm_fieldset_target(fs, (*ents)[i].target, &te) < 0)
			rc = crm_err_set(e, te.code, "--map %s=%s: %s",
			    (*ents)[i].column, (*ents)[i].target, te.msg);
	}
	crm_fieldset_free(fs);
	if (rc != CRM_OK) {
		free_entries(*ents, *n);
		*ents = NULL;
		*n = 0;
	}
	return rc;
}

/* Check --from, --map and --keep-unknown for ent before reading. */
int
crm_fieldmap_check(const struct crm_entity *ent,
    const struct crm_fieldmap_opts *o, struct crm_err *e)
{
	struct map_entry *ents;
	size_t n;
	int rc;

	if (o->from != NULL && find_preset(o->from) == NULL)
		return crm_err_set(e, CRM_EUSAGE, "--from: unknown export "
		    "\"%s\" (google, outlook)", o->from);
	if (o->from != NULL && !is_contact(ent))
		return crm_err_set(e, CRM_EUSAGE, "--from reads contact "
		    "exports, not %s", ent->plural);
	if (o->keep_unknown && !is_contact(ent))
		return crm_err_set(e, CRM_EUSAGE, "custom fields are kept for "
		    "contacts only, not for %s (--keep-unknown)", ent->plural);
	if ((rc = parse_maps(ent, o->maps, o->nmaps, &ents, &n, e)) != CRM_OK)
		return rc;
	free_entries(ents, n);
	return CRM_OK;
}

/* ------------------------------------------------------------------ */
/* The field map of a CSV header                                      */

struct column {
	int target;		/* in the field set, or -1: left out */
	int slot;
	int label;		/* its values label the slot's values */
	const char *fixed_label;	/* the label its values carry */
	int implicit;		/* found by its name, not by a map */
	int kept;		/* unknown, kept under its header's name */
	int address_part;	/* "address?" of a ready-made map */
};

struct crm_fieldmap {
	struct crm_fieldset *fs;
	const struct preset *preset;
	struct column *cols;
	size_t ncols;
};

/* Free m (NULL is fine). */
void
crm_fieldmap_free(struct crm_fieldmap *m)
{
	if (m == NULL)
		return;
	crm_fieldset_free(m->fs);
	free(m->cols);
	free(m);
}

/* How many fields the mapped rows hold. */
size_t
crm_fieldmap_nfields(const struct crm_fieldmap *m)
{
	return crm_fieldset_nfields(m->fs);
}

/* The names of the fields the mapped rows hold, owned by m. */
const char *const *
crm_fieldmap_fields(const struct crm_fieldmap *m)
{
	return crm_fieldset_fields(m->fs);
}

/* Column j to target name (slot, label), as the map says. */
static int
map_column(struct crm_fieldmap *m, size_t j, const char *target, int slot,
    const char *fixed_label, const char *header, struct crm_err *e)
{
	struct column *c = &m->cols[j];
	char name[CRM_CUSTOM_NAME_MAX + 8];
	int t;

	c->slot = slot;
	c->fixed_label = fixed_label;
	if (strcmp(target, "-") == 0)
		return CRM_OK;
	if (strcmp(target, "address?") == 0) {
		c->address_part = 1;
		target = "address";
	}
	if (strncmp(target, "label:", 6) == 0) {
		c->label = 1;
		target += 6;
	}
	if (strcmp(target, "custom") == 0) {
		strcpy(name, "custom.");
		if (crm_custom_name(header, name + 7, sizeof(name) - 7, e) !=
		    CRM_OK)
			return CRM_EINPUT;
		target = name;
	}
	if ((t = crm_fieldset_target(m->fs, target, e)) < 0)
		return e != NULL ? e->code : CRM_EUSAGE;
	c->target = t;
	if (!c->label)
		named_by_column(m->fs, t);
	return CRM_OK;
}

/* A column no map names: a field by its name, or kept, or refused. */
static int
map_by_name(struct crm_fieldmap *m, const struct crm_entity *ent, size_t j,
    const char *header, int keep_unknown, struct crm_err *e)
{
	char name[CRM_CUSTOM_NAME_MAX + 8];
	int f, rc;

	f = crm_entity_field(ent, header);
	/* custom.NAME, as crm-export writes them: that custom field. */
	if (f < 0 && is_contact(ent) && strncmp(header, "custom.", 7) == 0 &&
	    crm_custom_name_valid(header + 7)) {
		m->cols[j].kept = 1;
		return map_column(m, j, header, 0, NULL, header, e);
	}
	if (f < 0 && keep_unknown) {
		strcpy(name, "custom.");
		if ((rc = crm_custom_name(header, name + 7, sizeof(name) - 7,
		    e)) != CRM_OK)
			return rc;
		/* "Notes:" is the notes, not a custom field of that name. */
		if ((f = crm_entity_field(ent, name + 7)) < 0) {
			m->cols[j].kept = 1;
			return map_column(m, j, name, 0, NULL, header, e);
		}
	}
	if (f < 0) {
		if (is_contact(ent) && crm_custom_name(header, name,
		    sizeof(name), NULL) == CRM_OK)
			return crm_err_set(e, CRM_EINPUT, "unknown column \"%s\" "
			    "for a %s (--keep-unknown keeps it as custom field "
			    "%s, --map '%s=FIELD' maps it)", header, ent->name,
			    name, header);
		return crm_err_set(e, CRM_EINPUT, "unknown column \"%s\" for a "
		    "%s", header, ent->name);
	}
	m->cols[j].implicit = 1;
	return map_column(m, j, ent->fields[f].name, 0, NULL, header, e);
}

/*
 * The same field found twice by name ("phone" and "Mobile") is the
 * mistake import.c refuses; a map that sends two columns to one field
 * means it.  So are two columns made the same custom field name.  One
 * pass: each target remembers its first column, its first found by
 * name, and its first kept under its header's name.
 */
static int
check_twice(struct crm_fieldmap *m, const char *const *cols,
    struct crm_err *e)
{
	struct first {
		size_t any, implicit, kept;	/* 1 + column, or 0 */
	} *first;
	size_t i, j;
	int rc = CRM_OK;

	if ((first = calloc(m->fs->nt + 1, sizeof(*first))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	for (i = 0; i < m->ncols && rc == CRM_OK; i++) {
		struct column *b = &m->cols[i];
		struct first *f;
		const struct target *t;

		if (b->target < 0 || b->label)
			continue;
		f = &first[b->target];
		t = &m->fs->t[b->target];
		/* Only fields are found by name; only custom fields kept. */
		if (b->implicit && f->implicit > 0) {
			j = f->implicit - 1;
			rc = crm_err_set(e, CRM_EINPUT, "column \"%s\" given "
			    "twice (as \"%s\" and \"%s\")", t->name, cols[j],
			    cols[i]);
		} else if (t->kind == T_CUSTOM && f->any > 0 &&
		    (b->kept || f->kept > 0)) {
			j = b->kept ? f->any - 1 : f->kept - 1;
			rc = crm_err_set(e, CRM_EINPUT, "columns \"%s\" and \"%s\" "
			    "both become custom field %s; --map one of them "
			    "elsewhere", cols[j], cols[i], t->name);
		}
		if (f->any == 0)
			f->any = i + 1;
		if (b->implicit && f->implicit == 0)
			f->implicit = i + 1;
		if (b->kept && f->kept == 0)
			f->kept = i + 1;
	}
	free(first);
	return rc;
}

/* The map of a header's columns onto the fields of ent. */
int
crm_fieldmap_new(struct crm_fieldmap **mp, const struct crm_entity *ent,
    const struct crm_fieldmap_opts *o, const char *const *cols, size_t ncols,
    struct crm_err *e)
{
	struct crm_fieldmap *m;
	struct map_entry *ents = NULL;
	size_t nents = 0, i, j;
	int rc, formatted = 0;

	*mp = NULL;
	if ((rc = crm_fieldmap_check(ent, o, e)) != CRM_OK)
		return rc;
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->cols = calloc(ncols ? ncols : 1, sizeof(*m->cols))) == NULL) {
		free(m);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	m->ncols = ncols;
	m->preset = o->from != NULL ? find_preset(o->from) : NULL;
	if ((rc = crm_fieldset_new(&m->fs, ent, e)) != CRM_OK ||
	    (rc = parse_maps(ent, o->maps, o->nmaps, &ents, &nents, e)) !=
	    CRM_OK)
		goto fail;
	/* A --map column the input lacks: a typo, or the wrong file. */
	for (i = 0; i < nents && rc == CRM_OK; i++) {
		for (j = 0; j < ncols; j++)
			if (strcasecmp(ents[i].column, cols[j]) == 0)
				break;
		if (j == ncols)
			rc = crm_err_set(e, CRM_EUSAGE, "--map names column "
			    "\"%s\", which the input does not have",
			    ents[i].column);
	}
	for (j = 0; j < ncols && rc == CRM_OK; j++) {
		const struct preset_col *pc;
		int slot;

		m->cols[j].target = -1;
		/* A fixed rejects file goes back in with its error column. */
		if (strcmp(cols[j], "error") == 0)
			continue;
		for (i = 0; i < nents; i++)
			if (strcasecmp(ents[i].column, cols[j]) == 0)
				break;
		if (i < nents) {
			rc = map_column(m, j, ents[i].target, 0, NULL, cols[j],
			    e);
			continue;
		}
		for (pc = m->preset ? m->preset->cols : NULL;
		    pc != NULL && pc->pattern != NULL; pc++)
			if (match(pc->pattern, cols[j], &slot))
				break;
		if (pc != NULL && pc->pattern != NULL) {
			formatted |= strcmp(pc->pattern, "Address # - Formatted")
			    == 0;
			rc = map_column(m, j, pc->target, slot ? slot : pc->slot,
			    pc->label, cols[j], e);
			continue;
		}
		rc = map_by_name(m, ent, j, cols[j], o->keep_unknown, e);
	}
	/* Google's address parts are in its formatted address already. */
	for (j = 0; j < ncols && formatted; j++)
		if (m->cols[j].address_part)
			m->cols[j].target = -1;
	if (rc == CRM_OK)
		rc = check_twice(m, cols, e);
	if (rc != CRM_OK)
		goto fail;
	free_entries(ents, nents);
	*mp = m;
	return CRM_OK;
fail:
	free_entries(ents, nents);
	crm_fieldmap_free(m);
	return rc;
}

/* Whether v is a value the ready-made map reads as none. */
static int
means_none(const struct preset *p, const char *v)
{
	const char *const *w;

	for (w = p != NULL ? p->empty : NULL; w != NULL && *w != NULL; w++)
		if (strcasecmp(*w, v) == 0)
			return 1;
	return 0;
}

/* Add one value of column c (a label, or a value with its label). */
static int
add_part(struct crm_fieldmap *m, const struct column *c, const char *s,
    size_t n)
{
	int rc;

	if (m->preset != NULL && m->preset->google && n >= 2 && s[0] == '*' &&
	    s[1] == ' ') {
		/* "* myContacts" is Google's group; "* Work" its main one. */
		if (!c->label &&
		    strcmp(m->fs->t[c->target].name, "tags") == 0)
			return CRM_OK;
		s += 2;
		n -= 2;
	}
	if (c->label) {
		char buf[256];

		snprintf(buf, sizeof(buf), "%.*s", (int)crm_utf8_fit(s, n,
		    sizeof(buf) - 1), s);
		return crm_fieldset_label(m->fs, c->target, c->slot, buf);
	}
	if ((rc = crm_fieldset_add(m->fs, c->target, c->slot, s, n)) !=
	    CRM_OK || c->fixed_label == NULL)
		return rc;
	return crm_fieldset_label(m->fs, c->target, c->slot, c->fixed_label);
}

/* One row of the input, mapped. */
int
crm_fieldmap_row(struct crm_fieldmap *m, const char *const *in,
    const char *const **vals, const struct crm_custom **cf, size_t *ncf,
    struct crm_err *e)
{
	size_t j;
	int rc = CRM_OK;

	crm_fieldset_clear(m->fs);
	for (j = 0; j < m->ncols && rc == CRM_OK; j++) {
		const struct column *c = &m->cols[j];
		const char *v = in[j], *sep;

		if (c->target < 0 || v == NULL || *v == '\0' ||
		    means_none(m->preset, v))
			continue;
		if (m->preset == NULL || !m->preset->google) {
			rc = add_part(m, c, v, strlen(v));
			continue;
		}
		/* Google writes several values of a cell as "a ::: b". */
		while ((sep = strstr(v, " ::: ")) != NULL && rc == CRM_OK) {
			rc = add_part(m, c, v, (size_t)(sep - v));
			v = sep + 5;
		}
		if (rc == CRM_OK)
			rc = add_part(m, c, v, strlen(v));
	}
	if (rc == CRM_EINPUT)
		return crm_err_set(e, CRM_EINPUT, "more than %d values in one "
		    "row", MAX_ITEMS);
	if (rc != CRM_OK)
		return crm_err_set(e, CRM_EDB, "out of memory");
	return crm_fieldset_row(m->fs, vals, cf, ncf, e);
}
