/*
 * spendfeed.c: spend rows into the supplier table on a second thread.
 * Two batches alternate: the reader fills one while the feed thread
 * applies the other.  See spendfeed.h.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/spendfeed.h"
#include "chainwatch/xalloc.h"

enum { F_ID, F_NAME, F_CN, F_VAT, F_EXPENSE, F_PROCLASS, F_CHARITY, F_TYPE, F__COUNT };

struct feed_row {
	uint32_t off[F__COUNT], len[F__COUNT];   /* text in the batch's buffer */
	int64_t pence;
	int32_t date;
};

struct feed_batch {
	struct feed_row *rows;       /* FEED_ROWS of them */
	size_t n;
	struct buf text;             /* FEED_BYTES plus at most one record */
};

struct spend_feed {
	struct supplier_table *t;
	struct feed_batch b[2];
	int fill;                    /* the batch the reader fills */
	int threaded;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int ready[2];                /* handed over and not yet applied */
	int done;                    /* no more batches will come */
};

static void apply(struct supplier_table *t, struct feed_batch *b)
{
	struct spend_record r;
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct feed_row *w = &b->rows[i];

		r.supplier_id = b->text.s + w->off[F_ID];
		r.supplier_id_len = w->len[F_ID];
		r.name = b->text.s + w->off[F_NAME];
		r.name_len = w->len[F_NAME];
		r.company_number = b->text.s + w->off[F_CN];
		r.company_number_len = w->len[F_CN];
		r.vat = b->text.s + w->off[F_VAT];
		r.vat_len = w->len[F_VAT];
		r.charity = b->text.s + w->off[F_CHARITY];
		r.charity_len = w->len[F_CHARITY];
		r.creditor_type = b->text.s + w->off[F_TYPE];
		r.creditor_type_len = w->len[F_TYPE];
		r.expense_type = b->text.s + w->off[F_EXPENSE];
		r.expense_type_len = w->len[F_EXPENSE];
		r.proclass = b->text.s + w->off[F_PROCLASS];
		r.proclass_len = w->len[F_PROCLASS];
		r.pence = w->pence;
		r.date = w->date;
		supplier_table_add_spend(t, &r);
	}
	b->n = 0;
	buf_reset(&b->text);
}

/* The feed thread: apply batches 0, 1, 0, 1 ... as they are handed over. */
static void *feed_main(void *arg)
{
	struct spend_feed *f = arg;
	int i = 0;

	pthread_mutex_lock(&f->mu);
	for (;;) {
		while (!f->ready[i] && !f->done)
			pthread_cond_wait(&f->cv, &f->mu);
		if (!f->ready[i])
			break;
		pthread_mutex_unlock(&f->mu);
		apply(f->t, &f->b[i]);
		pthread_mutex_lock(&f->mu);
		f->ready[i] = 0;
		pthread_cond_broadcast(&f->cv);
		i ^= 1;
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

struct spend_feed *spend_feed_start(struct supplier_table *t)
{
	struct spend_feed *f = xcalloc(1, sizeof(*f));
	int i;

	f->t = t;
	for (i = 0; i < 2; i++) {
		f->b[i].rows = xreallocarray(NULL, FEED_ROWS, sizeof(*f->b[i].rows));
		buf_init(&f->b[i].text, 0);
	}
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	f->threaded = pthread_create(&f->thread, NULL, feed_main, f) == 0;
	return f;
}

/* Hand the filled batch over and take the other one once it is applied. */
static void hand_over(struct spend_feed *f)
{
	if (!f->threaded) {
		apply(f->t, &f->b[f->fill]);
		return;
	}
	pthread_mutex_lock(&f->mu);
	f->ready[f->fill] = 1;
	pthread_cond_broadcast(&f->cv);
	f->fill ^= 1;
	while (f->ready[f->fill])
		pthread_cond_wait(&f->cv, &f->mu);
	pthread_mutex_unlock(&f->mu);
}

static void put(struct feed_batch *b, struct feed_row *w, int field, const char *p, size_t n)
{
	w->off[field] = (uint32_t)b->text.len;
	w->len[field] = (uint32_t)n;
	buf_add(&b->text, p, n);
	buf_addc(&b->text, '\0');
}

void spend_feed_add(struct spend_feed *f, const struct spend_record *r)
{
	struct feed_batch *b = &f->b[f->fill];
	struct feed_row *w = &b->rows[b->n++];

	put(b, w, F_ID, r->supplier_id, r->supplier_id_len);
	put(b, w, F_NAME, r->name, r->name_len);
	put(b, w, F_CN, r->company_number, r->company_number_len);
	put(b, w, F_VAT, r->vat, r->vat_len);
	put(b, w, F_CHARITY, r->charity ? r->charity : "", r->charity ? r->charity_len : 0);
	put(b, w, F_TYPE, r->creditor_type ? r->creditor_type : "",
	    r->creditor_type ? r->creditor_type_len : 0);
	put(b, w, F_EXPENSE, r->expense_type, r->expense_type_len);
	put(b, w, F_PROCLASS, r->proclass ? r->proclass : "", r->proclass ? r->proclass_len : 0);
	w->pence = r->pence;
	w->date = r->date;
	if (b->n == FEED_ROWS || b->text.len >= FEED_BYTES)
		hand_over(f);
}

void spend_feed_finish(struct spend_feed *f)
{
	int i;

	if (!f)
		return;
	if (f->b[f->fill].n)
		hand_over(f);
	if (f->threaded) {
		pthread_mutex_lock(&f->mu);
		f->done = 1;
		pthread_cond_broadcast(&f->cv);
		pthread_mutex_unlock(&f->mu);
		pthread_join(f->thread, NULL);
	}
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cv);
	for (i = 0; i < 2; i++) {
		free(f->b[i].rows);
		buf_release(&f->b[i].text);
	}
	free(f);
}
