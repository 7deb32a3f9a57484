/*
 * bloom.c - a Bloom filter of fixed size: "certainly not seen" or "maybe
 * seen".  An initial load asks it before each duplicate lookup, so new
 * phones and e-mails skip the index search while memory stays flat.
 */
#include <stdlib.h>

#include "crm-internal.h"

#define PROBES 4

struct crm_bloom {
	uint64_t mask;
	unsigned char *bits;
};

struct crm_bloom *
crm_bloom_new(unsigned int log2_bits)
{
	struct crm_bloom *b;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	b->mask = ((uint64_t)1 << log2_bits) - 1;
	if ((b->bits = calloc(((size_t)1 << log2_bits) / 8, 1)) == NULL) {
		free(b);
		return NULL;
	}
	return b;
}

void
crm_bloom_free(struct crm_bloom *b)
{
	if (b == NULL)
		return;
	free(b->bits);
	free(b);
}

/* FNV-1a over kind and key (ASCII-folded when fold), then mixed. */
static uint64_t
hash(char kind, const char *key, int fold)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *p;

	h = (h ^ (unsigned char)kind) * 0x100000001b3ULL;
	for (p = (const unsigned char *)key; *p != '\0'; p++) {
		unsigned char c = *p;

		if (fold && c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h = (h ^ c) * 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

void
crm_bloom_add(struct crm_bloom *b, char kind, const char *key, int fold)
{
	uint64_t h = hash(kind, key, fold), h2 = (h >> 32) | 1, bit;
	int i;

	for (i = 0; i < PROBES; i++) {
		bit = (h + (uint64_t)i * h2) & b->mask;
		b->bits[bit >> 3] |= (unsigned char)(1 << (bit & 7));
	}
}

int
crm_bloom_maybe(const struct crm_bloom *b, char kind, const char *key,
    int fold)
{
	uint64_t h = hash(kind, key, fold), h2 = (h >> 32) | 1, bit;
	int i;

	for (i = 0; i < PROBES; i++) {
		bit = (h + (uint64_t)i * h2) & b->mask;
		if ((b->bits[bit >> 3] & (1 << (bit & 7))) == 0)
			return 0;
	}
	return 1;
}
