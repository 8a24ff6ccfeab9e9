/*
 * scanchapi.c: the Companies House public data API, for the suppliers the
 * bulk snapshot did not resolve (scan_private.h).  Only with a key
 * (--companies-house-key or CHAINWATCH_CH_KEY): offline is the default.
 *
 * - by company number (the council's, or a contract manager's GB-COH-):
 *   GET {base}/company/{number};
 * - by name: GET {base}/search/companies?q=NAME&items_per_page=5, and a
 *   result is taken only when its title's name key is the payee's and no
 *   other result with a different number has it too (a sibling or a
 *   namesake is never taken); then its profile is fetched.
 *
 * The key is sent only as the HTTP Basic user name (download_get); it
 * never appears in a message.  At most RATE_MAX requests in any
 * RATE_WINDOW_S seconds (a sliding window of the requests' times): the
 * lookups wait when the window is full.  A 429 waits what Retry-After
 * says (at most RETRY_AFTER_CAP_S) once; a second 429, a refused key (401,
 * 403), a 5xx, a network failure or a body that is not the API's JSON
 * is a warning and the end of the online lookups for this run: the scan
 * goes on with what it has.
 *
 * Every answer (a company, or "not found" for a 404 or a search with no
 * exact match) is cached in the database (chcachedb.h) with the day it
 * was fetched and reused for CHAPI_CACHE_DAYS days.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwatch/buf.h"
#include "chainwatch/chapi.h"
#include "chainwatch/chcachedb.h"
#include "chainwatch/download.h"
#include "chainwatch/identity.h"
#include "chainwatch/msg.h"
#include "chainwatch/ratelimit.h"
#include "chainwatch/supplier.h"
#include "chainwatch/xalloc.h"
#include "scan_private.h"

#define DEFAULT_BASE "https://api.company-information.service.gov.uk"
#define RATE_MAX 600
#define RATE_WINDOW_S 300
#define RETRY_AFTER_CAP_S 60
#define BODY_MAX ((size_t)1 << 20)
#define METHOD "Companies House API"

struct online {
	struct scan *s;
	const char *base;
	struct download_get_options get;
	struct buf body, url, key;
	struct ratelimit *rate;     /* RATE_MAX requests in RATE_WINDOW_S */
	unsigned long requests, cached, found;
	int stopped;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts, rem;

	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &rem) == -1 && errno == EINTR)
		ts = rem;
}

/* Wait, if need be, until a request keeps within RATE_MAX per RATE_WINDOW_S; note it. */
static void ration(struct online *on)
{
	double wait = ratelimit_wait(on->rate, now_s());

	if (wait > 0) {
		notef("Companies House API: %d requests in %d minutes, waiting %.0f s", RATE_MAX,
		      RATE_WINDOW_S / 60, wait);
		sleep_s(wait);
	}
	ratelimit_note(on->rate, now_s());
}

/* Percent-encode s onto b (RFC 3986 unreserved characters as they are). -1 if b is full. */
static int add_escaped(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			if (buf_addc(b, (char)c) < 0)
				return -1;
		} else if (buf_addc(b, '%') < 0 || buf_addc(b, hex[c >> 4]) < 0 ||
			   buf_addc(b, hex[c & 15]) < 0) {
			return -1;
		}
	}
	return 0;
}

/*
 * GET on->url into on->body: the HTTP status (200, 404, ...), or 0 when
 * the online lookups stop (warned).  A 429 waits and tries once more.
 */
static long fetch(struct online *on)
{
	struct diag err;
	long status = 0, wait = 0;
	int tries;

	for (tries = 0; tries < 2; tries++) {
		ration(on);
		on->requests++;
		diag_init(&err);
		if (download_get(on->url.s, &on->get, &on->body, &status, &wait, &err) < 0) {
			warnf("Companies House API: %s; the scan goes on without online lookups",
			      err.msg);
			return on->stopped = 1, 0;
		}
		if (status != 429)
			break;
		if (tries == 0) {
			wait = wait > 0 ? (wait < RETRY_AFTER_CAP_S ? wait : RETRY_AFTER_CAP_S) : 5;
			notef("Companies House API: too many requests (HTTP 429), waiting %ld s", wait);
			sleep_s((double)wait);
		}
	}
	if (status == 200 || status == 404)
		return status;
	if (status == 401 || status == 403)
		warnf("Companies House API: the key was refused (HTTP %ld): check "
		      "--companies-house-key or CHAINWATCH_CH_KEY; the scan goes on without "
		      "online lookups", status);
	else if (status == 429)
		warnf("Companies House API: still too many requests (HTTP 429) after waiting; the "
		      "scan goes on without online lookups");
	else
		warnf("Companies House API: %s: HTTP %ld; the scan goes on without online lookups",
		      on->url.s, status);
	return on->stopped = 1, 0;
}

/*
 * The company with this number: 1 found (*c set), 0 not found or the
 * lookups stopped, -1 on a database error.
 */
static int by_number(struct online *on, const char *number, struct chapi_company *c,
		     struct diag *err)
{
	struct diag perr;
	int got, found = 0;
	long status;

	if ((got = chcachedb_get(on->s->db, CHCACHE_NUMBER, number, CHAPI_CACHE_DAYS, &found,
				 c, err)) < 0)
		return -1;
	if (got) {
		on->cached++;
		return found;
	}
	if (on->stopped)
		return 0;
	buf_reset(&on->url);
	buf_printf(&on->url, "%s/company/%s", on->base, number);
	if (!(status = fetch(on)))
		return 0;
	if (status == 404)
		return chcachedb_put(on->s->db, CHCACHE_NUMBER, number, NULL, err) < 0 ? -1 : 0;
	diag_init(&perr);
	if (chapi_read_profile(on->body.s, on->body.len, on->url.s, c, &perr) < 0) {
		warnf("Companies House API: %s; the scan goes on without online lookups", perr.msg);
		on->stopped = 1;
		return 0;
	}
	if (strcmp(c->number, number)) {
		warnf("Companies House API: %s: the profile of company %s came back; the scan goes "
		      "on without online lookups", on->url.s, c->number);
		on->stopped = 1;
		return 0;
	}
	return chcachedb_put(on->s->db, CHCACHE_NUMBER, number, c, err) < 0 ? -1 : 1;
}

/* The name key of s into on->key; 0, or -1 when it is empty or too long. */
static int key_of(struct online *on, const char *s)
{
	buf_reset(&on->key);
	if (name_key(s, strlen(s), &on->key) < 0 || !on->key.len)
		return -1;
	return 0;
}

/* The company whose name key is the payee's: as by_number. */
static int by_name(struct online *on, const char *payee, struct chapi_company *c,
		   struct diag *err)
{
	struct chapi_hits hits;
	struct diag perr;
	char key[512], number[9] = "";
	size_t i;
	int got, found = 0;
	long status;

	if (key_of(on, payee) < 0 || on->key.len >= sizeof(key))
		return 0;
	memcpy(key, on->key.s, on->key.len + 1);
	if ((got = chcachedb_get(on->s->db, CHCACHE_NAME, key, CHAPI_CACHE_DAYS, &found, c,
				 err)) < 0)
		return -1;
	if (got) {
		on->cached++;
		return found;
	}
	if (on->stopped)
		return 0;
	buf_reset(&on->url);
	buf_printf(&on->url, "%s/search/companies?q=", on->base);
	if (add_escaped(&on->url, payee) < 0 || buf_adds(&on->url, "&items_per_page=5") < 0)
		return 0;
	if (!(status = fetch(on)))
		return 0;
	diag_init(&perr);
	if (status == 404)
		hits.n = 0;
	else if (chapi_read_search(on->body.s, on->body.len, on->url.s, &hits, &perr) < 0) {
		warnf("Companies House API: %s; the scan goes on without online lookups", perr.msg);
		on->stopped = 1;
		return 0;
	}
	for (i = 0; i < hits.n; i++) {
		if (key_of(on, hits.item[i].title) < 0 || strcmp(on->key.s, key))
			continue;
		if (number[0] && strcmp(number, hits.item[i].number)) {
			number[0] = '\0';      /* two companies: neither is taken */
			break;
		}
		memcpy(number, hits.item[i].number, sizeof(number));
	}
	if (!number[0])
		return chcachedb_put(on->s->db, CHCACHE_NAME, key, NULL, err) < 0 ? -1 : 0;
	if ((got = by_number(on, number, c, err)) <= 0)
		return got;
	if (key_of(on, c->name) < 0 || strcmp(on->key.s, key))
		got = 0;               /* renamed since the search's index was made */
	if (chcachedb_put(on->s->db, CHCACHE_NAME, key, got ? c : NULL, err) < 0)
		return -1;
	return got;
}

static struct company_facts *facts_of(const struct chapi_company *c)
{
	struct company_facts *f = xcalloc(1, sizeof(*f));

	snprintf(f->method, sizeof(f->method), "%s", METHOD);
	f->confidence = 1.0;
	snprintf(f->number, sizeof(f->number), "%s", c->number);
	snprintf(f->name, sizeof(f->name), "%s", c->name);
	snprintf(f->status, sizeof(f->status), "%s", c->status);
	snprintf(f->category, sizeof(f->category), "%s", c->category);
	snprintf(f->accounts_category, sizeof(f->accounts_category), "%s", c->accounts_category);
	f->incorporated = c->incorporated;
	f->dissolved = c->dissolved;
	snprintf(f->sic, sizeof(f->sic), "%s", c->sic);
	snprintf(f->country, sizeof(f->country), "%s", c->country);
	return f;
}

int scan_companies_online(struct scan *s, const struct chapi_want *w, size_t n,
			  struct diag *err)
{
	struct online *on;
	size_t i;
	int got, ret = -1;

	if (!s->o->companies_house_key || !*s->o->companies_house_key || !n)
		return 0;
	on = xcalloc(1, sizeof(*on));
	on->s = s;
	on->base = s->o->companies_house_url ? s->o->companies_house_url : DEFAULT_BASE;
	on->get.connect_timeout_s = 10;
	on->get.total_timeout_s = 30;
	on->get.user = s->o->companies_house_key;
	on->rate = ratelimit_new(RATE_MAX, RATE_WINDOW_S);
	buf_init(&on->body, BODY_MAX);
	buf_init(&on->url, 4096);
	buf_init(&on->key, 4096);
	for (i = 0; i < n; i++) {
		struct chapi_company c;

		if (w[i].number[0])
			got = by_number(on, w[i].number, &c, err);
		else if (w[i].sup->name && *w[i].sup->name)
			got = by_name(on, w[i].sup->name, &c, err);
		else
			continue;
		if (got < 0)
			goto out;
		if (got) {
			w[i].sup->company = facts_of(&c);
			on->found++;
		}
	}
	notef("Companies House API: %lu of %zu suppliers the snapshot did not resolve found "
	      "(%lu requests, %lu answers from the cache)", on->found, n, on->requests, on->cached);
	ret = 0;
out:
	buf_release(&on->body);
	buf_release(&on->url);
	buf_release(&on->key);
	ratelimit_free(on->rate);
	free(on);
	return ret;
}
