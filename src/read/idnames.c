/*
 * idnames.c: supplier IDs shared by many names (idnames.h).  An open
 * addressing table of ID hashes, each with the hashes of the first
 * ID_NAMES_SHARED different names seen under it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/ascii.h"
#include "chainwatch/idnames.h"
#include "chainwatch/xalloc.h"

struct slot {
	uint64_t id;             /* 0: empty */
	uint64_t names[ID_NAMES_SHARED];
	unsigned nnames;
};

struct id_names {
	struct slot *slots;
	size_t cap, used, shared;
};

/* FNV-1a over the ASCII letters and digits, upper case; 0 when there are none. */
static uint64_t key_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;
	int any = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!ascii_alnum(c))
			continue;
		h ^= ascii_upper(c);
		h *= 1099511628211ULL;
		any = 1;
	}
	if (!any)
		return 0;
	return h ? h : 1;
}

struct id_names *id_names_new(void)
{
	struct id_names *t = xcalloc(1, sizeof(*t));

	t->cap = 1024;
	t->slots = xcalloc(t->cap, sizeof(*t->slots));
	return t;
}

void id_names_free(struct id_names *t)
{
	if (!t)
		return;
	free(t->slots);
	free(t);
}

static struct slot *find(const struct id_names *t, uint64_t id)
{
	size_t i = (size_t)(id ^ (id >> 29)) & (t->cap - 1);

	while (t->slots[i].id && t->slots[i].id != id)
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

static void grow(struct id_names *t)
{
	struct slot *old = t->slots;
	size_t oldcap = t->cap, i;

	t->cap *= 2;
	t->slots = xcalloc(t->cap, sizeof(*t->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].id)
			*find(t, old[i].id) = old[i];
	free(old);
}

void id_names_add(struct id_names *t, const char *id, size_t idlen, const char *name,
		  size_t namelen)
{
	uint64_t ih = key_hash(id, idlen), nh;
	struct slot *s;
	unsigned k;

	if (!ih || !(nh = key_hash(name, namelen)))
		return;
	if ((t->used + 1) * 4 > t->cap * 3)
		grow(t);
	s = find(t, ih);
	if (!s->id) {
		s->id = ih;
		t->used++;
	}
	if (s->nnames >= ID_NAMES_SHARED)
		return;
	for (k = 0; k < s->nnames; k++)
		if (s->names[k] == nh)
			return;
	s->names[s->nnames++] = nh;
	if (s->nnames == ID_NAMES_SHARED)
		t->shared++;
}

int id_names_shared(const struct id_names *t, const char *id, size_t idlen)
{
	uint64_t ih;

	if (!t || !t->shared || !(ih = key_hash(id, idlen)))
		return 0;
	return find(t, ih)->nnames >= ID_NAMES_SHARED;
}

size_t id_names_count_shared(const struct id_names *t)
{
	return t ? t->shared : 0;
}

int id_carries_transaction(const char *id, size_t n, const char *tx, size_t txn)
{
	size_t i, k, len;

	for (i = 0; i < txn && !ascii_digit((unsigned char)tx[i]); i++)
		;
	for (k = i; k < txn && ascii_digit((unsigned char)tx[k]); k++)
		;
	len = k - i;
	if (len < 6 || len > n)
		return 0;
	for (k = 0; k + len <= n; k++)
		if (!memcmp(id + k, tx + i, len))
			return 1;
	return 0;
}
