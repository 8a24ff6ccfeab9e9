/*
 * download.c: HTTP(S) transfers through libcurl (download.h).
 *
 * libcurl is loaded (dlopen) by the first transfer, not linked: it maps
 * some thirty libraries (TLS, Kerberos, LDAP, IDN ...) and their start-up
 * costs 4.7 MiB of resident memory, which a scan that downloads nothing -
 * the usual monthly run - would carry to its peak (issue 19).  git keeps
 * libcurl out of its main program for the same reason.  The header still
 * gives the types and constants; only the ten calls go through `curl`.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "chainwatch/buf.h"
#include "chainwatch/download.h"
#include "chainwatch/version.h"
#include "chainwatch/xalloc.h"

#define MIB (1024ULL * 1024ULL)
#define PROGRESS_EVERY_MS 200
/* a retry is pointless with less than this left of the total budget */
#define MIN_ATTEMPT_MS 1000
/* bytes/s: slower than this for stall_s seconds aborts (CURLOPT_LOW_SPEED_LIMIT) */
#define MIN_BYTES_PER_S 1L

/* One transfer's state, shared with the curl callbacks; reset per attempt. */
struct xfer {
	CURL *curl;
	int fd;
	int regular;                   /* fd is a regular file: can be rewound */
	int started;                   /* this attempt has written (and truncated) */
	int ever_written;
	unsigned long long max_bytes;  /* 0 = no limit */
	unsigned long long bytes;
	int http_error;                /* body of a non-2xx response: aborted */
	int too_big;
	int stalled;
	long long stall_ms;            /* 0 = no limit */
	long long data_at;             /* when the body last grew (or we connected) */
	curl_off_t data_seen;
	int werr;                      /* errno of a failed write to fd */
	char reason[64];               /* reason phrase of the final status line */
	struct download_result *res;
	const char *url;
	const struct download_options *o;   /* its progress callback */
	int progress_shown;
	long long progress_at;         /* when it was last shown */
	long long progress_total;      /* -1 when unknown */
};

/* Classification of one attempt. */
enum outcome { DONE, RETRY, FAIL };

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long long ms)
{
	struct timespec ts, rem;

	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &rem) == -1 && errno == EINTR)
		ts = rem;
}

void download_options_init(struct download_options *o)
{
	memset(o, 0, sizeof(*o));
	o->connect_timeout_s = 20;
	o->total_timeout_s = 600;
	o->stall_s = 60;
	o->max_attempts = 4;
	o->backoff_ms = 2000;
	o->max_bytes = 256 * MIB;
}

/* The libcurl calls this file makes, filled by curl_load(). */
static struct {
	__typeof__(curl_global_init) *global_init;
	__typeof__(curl_global_cleanup) *global_cleanup;
	__typeof__(curl_easy_init) *easy_init;
	__typeof__(curl_easy_setopt) *easy_setopt;
	__typeof__(curl_easy_perform) *easy_perform;
	__typeof__(curl_easy_getinfo) *easy_getinfo;
	__typeof__(curl_easy_cleanup) *easy_cleanup;
	__typeof__(curl_easy_strerror) *easy_strerror;
	__typeof__(curl_slist_append) *slist_append;
	__typeof__(curl_slist_free_all) *slist_free_all;
} curl;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_loaded;
static char curl_why[256];

/* Fill *fn with symbol `name` of h; 0, or -1 with curl_why set. */
static int curl_symbol(void *h, const char *name, void *fn, size_t fnsize)
{
	void *p = dlsym(h, name);

	if (!p || fnsize != sizeof(p)) {
		snprintf(curl_why, sizeof(curl_why), "it has no %s", name);
		return -1;
	}
	memcpy(fn, &p, sizeof(p));      /* POSIX: a function pointer from dlsym */
	return 0;
}

#define CURL_SYMBOL(h, field) curl_symbol(h, "curl_" #field, &curl.field, sizeof(curl.field))

static void curl_load_once(void)
{
	/* libcurl4's name, then the GnuTLS build's: the same API and ABI */
	static const char *const names[] = { "libcurl.so.4", "libcurl-gnutls.so.4" };
	void *h = NULL;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]) && !h; i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(curl_why, sizeof(curl_why), "%s", dlerror());
		return;
	}
	if (CURL_SYMBOL(h, global_init) || CURL_SYMBOL(h, global_cleanup) ||
	    CURL_SYMBOL(h, easy_init) || CURL_SYMBOL(h, easy_setopt) ||
	    CURL_SYMBOL(h, easy_perform) || CURL_SYMBOL(h, easy_getinfo) ||
	    CURL_SYMBOL(h, easy_cleanup) || CURL_SYMBOL(h, easy_strerror) ||
	    CURL_SYMBOL(h, slist_append) || CURL_SYMBOL(h, slist_free_all)) {
		dlclose(h);
		return;
	}
	curl_loaded = 1;                /* never closed: its handles may outlive a call */
}

/* libcurl, loaded once per process; 0, or -1 with err (CW_NETWORK) saying why not. */
static int curl_load(struct diag *err)
{
	pthread_once(&curl_once, curl_load_once);
	if (curl_loaded)
		return 0;
	return diag_set(err, CW_NETWORK, "cannot load libcurl (%s); install Debian's "
			"libcurl4 package", curl_why);
}

int download_global_init(struct diag *err)
{
	if (curl_load(err) < 0)
		return -1;
	if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return diag_set(err, CW_INTERNAL, "cannot initialise libcurl");
	return 0;
}

void download_global_cleanup(void)
{
	if (curl_loaded)
		curl.global_cleanup();
}

/* If line is "name: value", keep the trimmed value in dst ("" if too long or odd). */
static void take_header(const char *line, size_t len, const char *name, char *dst, size_t dstsz)
{
	size_t k = strlen(name), i, n;
	const char *p, *e = line + len;

	if (len <= k || line[k] != ':' || strncasecmp(line, name, k) != 0)
		return;
	for (p = line + k + 1; p < e && (*p == ' ' || *p == '\t'); p++)
		;
	while (e > p && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	n = (size_t)(e - p);
	for (i = 0; i < n && (unsigned char)p[i] >= 0x20 && p[i] != 0x7F; i++)
		;
	dst[0] = '\0';
	if (i == n && n < dstsz) {
		memcpy(dst, p, n);
		dst[n] = '\0';
	}
}

static size_t on_header(char *line, size_t size, size_t nitems, void *ud)
{
	struct xfer *x = ud;
	struct download_result *r = x->res;
	size_t len = size * nitems;
	const char *v, *e = line + len;

	if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) {
		/* a new response (redirect, 1xx, retry): forget the last one's */
		r->etag[0] = r->last_modified[0] = r->content_type[0] = '\0';
		v = memchr(line, ' ', len);     /* "HTTP/1.1 404 Not Found": the reason */
		v = v ? memchr(v + 1, ' ', (size_t)(e - v - 1)) : NULL;
		v = v ? v + 1 : e;
		while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
			e--;
		diag_quote(x->reason, sizeof(x->reason), v, (size_t)(e - v), 40);
		return len;
	}
	take_header(line, len, "etag", r->etag, sizeof(r->etag));
	take_header(line, len, "last-modified", r->last_modified, sizeof(r->last_modified));
	take_header(line, len, "content-type", r->content_type, sizeof(r->content_type));
	return len;
}

/* Start this attempt's body at offset 0 of an empty file. */
static int rewind_output(struct xfer *x)
{
	x->started = 1;
	if (!x->regular)
		return 0;
	if (ftruncate(x->fd, 0) == -1 || lseek(x->fd, 0, SEEK_SET) == -1) {
		x->werr = errno;
		return -1;
	}
	return 0;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t len = size * nmemb, done = 0;
	long code = 0;
	ssize_t w;

	curl.easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &code);
	if (code != 0 && (code < 200 || code > 299)) {
		x->http_error = 1;     /* an error page: not worth reading */
		return 0;
	}
	if (x->max_bytes && len > x->max_bytes - x->bytes) {
		x->too_big = 1;
		return 0;
	}
	if (!x->started && rewind_output(x) == -1)
		return 0;
	while (done < len) {
		w = write(x->fd, p + done, len - done);
		if (w <= 0) {
			if (w == -1 && errno == EINTR)
				continue;
			x->werr = w == -1 ? errno : EIO;
			return 0;
		}
		done += (size_t)w;
		x->ever_written = 1;
	}
	x->bytes += len;
	return len;
}

/* The progress line, to the caller's callback (the module never prints). */
static void show_progress(struct xfer *x, unsigned long long now, int last)
{
	struct buf line;

	buf_init(&line, 0);
	if (x->progress_total > 0)
		buf_printf(&line, "\rdownloading %s: %.1f MB of %.1f MB  ", x->url,
			   (double)now / 1e6, (double)x->progress_total / 1e6);
	else
		buf_printf(&line, "\rdownloading %s: %.1f MB  ", x->url, (double)now / 1e6);
	x->o->progress(x->o->progress_ctx, line.s, last);
	buf_release(&line);
	x->progress_shown = 1;
}

/*
 * Called about once a second and on every read.  Curl's own low-speed
 * check averages over several seconds, so it fires late after a burst:
 * the stall limit is enforced here too, counted from the last byte.
 */
static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	struct xfer *x = ud;
	curl_off_t connected = 0;
	long long t = now_ms();

	(void)ultotal;
	(void)ulnow;
	curl.easy_getinfo(x->curl, CURLINFO_CONNECT_TIME_T, &connected);
	if (dlnow != x->data_seen || !connected) {
		x->data_seen = dlnow;
		x->data_at = t;
	} else if (x->stall_ms && t - x->data_at >= x->stall_ms) {
		x->stalled = 1;
		return 1;
	}
	if (x->o->progress && x->started && t - x->progress_at >= PROGRESS_EVERY_MS) {
		x->progress_at = t;
		x->progress_total = dltotal > 0 ? (long long)dltotal : -1;
		show_progress(x, (unsigned long long)dlnow, 0);
	}
	return 0;
}

/*
 * Judge one attempt: DONE, RETRY (worth another go) or FAIL, with the
 * reason in why and the exit code in *code.
 */
static enum outcome judge(struct xfer *x, CURLcode rc, const char *errbuf, int conditional,
			  const struct download_options *o, long long left_ms, char *why,
			  size_t whysz, int *code)
{
	long status = x->res->status;
	curl_off_t cl = -1, connect_us = 0, total_us = 0;
	const char *detail = errbuf[0] ? errbuf : curl.easy_strerror(rc);
	char *target = NULL, quoted[128];

	*code = CW_NETWORK;
	curl.easy_getinfo(x->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
	if (x->werr) {
		*code = CW_OUTPUT;
		snprintf(why, whysz, "cannot write the download: %s", strerror(x->werr));
		return FAIL;
	}
	if (x->stalled && rc == CURLE_ABORTED_BY_CALLBACK)
		rc = CURLE_OPERATION_TIMEDOUT;
	if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		if (x->max_bytes % MIB == 0)
			snprintf(why, whysz, "larger than the %llu MiB limit", x->max_bytes / MIB);
		else
			snprintf(why, whysz, "larger than the %llu byte limit", x->max_bytes);
		return FAIL;
	}
	if ((rc == CURLE_OK || x->http_error) && status != 0 && (status < 200 || status > 299)) {
		if (status == 304 && conditional)
			return DONE;
		snprintf(why, whysz, "HTTP %ld%s%s", status, x->reason[0] ? " " : "", x->reason);
		if (status == 429 || (status >= 500 && status <= 599))
			return RETRY;
		return FAIL;
	}
	if (rc == CURLE_OK && cl >= 0 && x->bytes < (unsigned long long)cl)
		rc = CURLE_PARTIAL_FILE;        /* belt and braces: curl checks too */
	switch (rc) {
	case CURLE_OK:
		return DONE;
	case CURLE_PARTIAL_FILE:
		if (cl >= 0)
			snprintf(why, whysz, "cut off after %llu of %lld bytes", x->bytes,
				 (long long)cl);
		else
			snprintf(why, whysz, "cut off after %llu bytes", x->bytes);
		return RETRY;
	case CURLE_OPERATION_TIMEDOUT:
		curl.easy_getinfo(x->curl, CURLINFO_CONNECT_TIME_T, &connect_us);
		curl.easy_getinfo(x->curl, CURLINFO_TOTAL_TIME_T, &total_us);
		if (x->stalled)
			snprintf(why, whysz, "timed out after %ld s without data", o->stall_s);
		else if (o->total_timeout_s > 0 && total_us / 1000 >= left_ms - 100)
			snprintf(why, whysz, "timed out after %ld s", o->total_timeout_s);
		else if (connect_us == 0)
			snprintf(why, whysz, "could not connect: timed out after %ld s",
				 o->connect_timeout_s);
		else if (!x->data_seen || now_ms() - x->data_at >= x->stall_ms)
			snprintf(why, whysz, "timed out after %ld s without data", o->stall_s);
		else            /* curl's low-speed limit: a drip, never silent that long */
			snprintf(why, whysz, "too slow: under %ld byte/s for %ld s (%llu bytes "
				 "received)", MIN_BYTES_PER_S, o->stall_s, x->bytes);
		return RETRY;
	case CURLE_UNSUPPORTED_PROTOCOL:
		/* following a redirect, curl has made its target the effective URL */
		if (status >= 300 && status <= 399 &&
		    curl.easy_getinfo(x->curl, CURLINFO_EFFECTIVE_URL, &target) == CURLE_OK &&
		    target) {
			diag_quote(quoted, sizeof(quoted), target, strlen(target), 100);
			snprintf(why, whysz, "refused redirect to a non-HTTP(S) URL '%s' "
				 "(HTTP %ld)", quoted, status);
			return FAIL;
		}
		snprintf(why, whysz, "%s", detail);
		return FAIL;
	case CURLE_COULDNT_CONNECT:
		snprintf(why, whysz, "could not connect: %s", detail);
		return RETRY;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		snprintf(why, whysz, "connection failed: %s", detail);
		return RETRY;
	default:
		snprintf(why, whysz, "%s", detail);
		return FAIL;
	}
}

/* The request options that are the same for every attempt. */
static int setup_handle(struct xfer *x, const struct download_options *o,
			struct curl_slist *hdrs, char *errbuf)
{
	CURL *c = x->curl;
	curl_off_t cap = 0;
	const char *ua = o->user_agent ? o->user_agent :
		"chainwatch/" CHAINWATCH_VERSION " (modern slavery supply chain checks)";
	int bad = 0;                   /* any CURLcode but CURLE_OK (0) */

	if (x->max_bytes && x->max_bytes < (1ULL << 62))
		cap = (curl_off_t)x->max_bytes;
	bad |= curl.easy_setopt(c, CURLOPT_URL, x->url);
	bad |= curl.easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	bad |= curl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	bad |= curl.easy_setopt(c, CURLOPT_FAILONERROR, 0L);
	bad |= curl.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	bad |= curl.easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	bad |= curl.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");    /* 7.85 */
	bad |= curl.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	bad |= curl.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	bad |= curl.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	bad |= curl.easy_setopt(c, CURLOPT_USERAGENT, ua);
	bad |= curl.easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	bad |= curl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s > 0 ?
				o->connect_timeout_s : 0L);
	bad |= curl.easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, o->stall_s > 0 ? MIN_BYTES_PER_S : 0L);
	bad |= curl.easy_setopt(c, CURLOPT_LOW_SPEED_TIME, o->stall_s > 0 ? o->stall_s : 0L);
	bad |= curl.easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, cap);
	bad |= curl.easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	bad |= curl.easy_setopt(c, CURLOPT_HEADERDATA, x);
	bad |= curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	bad |= curl.easy_setopt(c, CURLOPT_WRITEDATA, x);
	bad |= curl.easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	bad |= curl.easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	bad |= curl.easy_setopt(c, CURLOPT_XFERINFODATA, x);
	return bad ? -1 : 0;
}

/* Conditional-request headers from the previous copy; NULL when none. */
static struct curl_slist *conditional_headers(const struct download_validators *prev, int *failed)
{
	struct curl_slist *list = NULL, *l;
	const char *names[2] = { "If-None-Match: ", "If-Modified-Since: " };
	const char *vals[2] = { prev ? prev->etag : NULL, prev ? prev->last_modified : NULL };
	char *line;
	size_t i, n;

	*failed = 0;
	for (i = 0; i < 2; i++) {
		if (!vals[i] || !vals[i][0] || strpbrk(vals[i], "\r\n"))
			continue;
		n = xsize_add(xsize_add(strlen(names[i]), strlen(vals[i])), 1);
		line = xmalloc(n);
		snprintf(line, n, "%s%s", names[i], vals[i]);
		l = curl.slist_append(list, line);
		free(line);
		if (!l) {
			*failed = 1;
			break;
		}
		list = l;
	}
	return list;
}

int download_to_fd(const char *url, int fd, const struct download_options *o,
		   const struct download_validators *prev, struct download_result *res,
		   struct diag *err)
{
	struct download_options defaults;
	struct download_result scratch;
	struct xfer x;
	struct curl_slist *hdrs = NULL;
	struct stat st;
	char errbuf[CURL_ERROR_SIZE], why[512] = "", more[48] = "";
	unsigned max_attempts;
	unsigned long long delay, pause;
	curl_off_t wait_s;
	long long deadline = 0, left = 0;
	enum outcome out;
	int ret = -1, code = CW_INTERNAL, failed;
	CURLcode rc;

	if (!o) {
		download_options_init(&defaults);
		o = &defaults;
	}
	if (!res)
		res = &scratch;
	memset(res, 0, sizeof(*res));
	memset(&x, 0, sizeof(x));
	x.fd = fd;
	x.url = url;
	x.res = res;
	x.max_bytes = o->max_bytes;
	x.o = o;
	x.stall_ms = o->stall_s > 0 ? o->stall_s * 1000LL : 0;
	x.regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	max_attempts = o->max_attempts ? o->max_attempts : 1;
	delay = o->backoff_ms;
	if (strncasecmp(url, "file:", 5) == 0)
		max_attempts = 1;              /* a local file does not get better */
	if (o->total_timeout_s > 0)
		deadline = now_ms() + o->total_timeout_s * 1000LL;

	if (curl_load(err) < 0)
		return -1;
	hdrs = conditional_headers(prev, &failed);
	x.curl = curl.easy_init();
	if (failed || !x.curl) {
		snprintf(why, sizeof(why), "cannot set up libcurl");
		goto out;
	}
	errbuf[0] = '\0';
	if (setup_handle(&x, o, hdrs, errbuf) == -1) {
		snprintf(why, sizeof(why), "cannot set up libcurl: %s",
			 errbuf[0] ? errbuf : "unsupported option");
		goto out;
	}
	for (;;) {
		res->attempts++;
		res->etag[0] = res->last_modified[0] = res->content_type[0] = '\0';
		x.started = x.http_error = x.too_big = x.stalled = x.werr = 0;
		x.data_seen = 0;
		x.data_at = now_ms();
		x.bytes = 0;
		x.reason[0] = errbuf[0] = '\0';
		if (deadline) {
			left = deadline - now_ms();
			curl.easy_setopt(x.curl, CURLOPT_TIMEOUT_MS, (long)(left > 1 ? left : 1));
		}
		rc = curl.easy_perform(x.curl);
		res->status = 0;
		curl.easy_getinfo(x.curl, CURLINFO_RESPONSE_CODE, &res->status);
		out = judge(&x, rc, errbuf, hdrs != NULL, o, left, why, sizeof(why), &code);
		if (out == DONE)
			break;
		if (out == FAIL || res->attempts >= max_attempts || (!x.regular && x.ever_written))
			goto out;
		pause = delay;
		wait_s = 0;             /* a 429 or 503 may say how long to wait */
		curl.easy_getinfo(x.curl, CURLINFO_RETRY_AFTER, &wait_s);
		if (wait_s > 0 && (unsigned long long)wait_s * 1000 > pause)
			pause = wait_s < 3600 ? (unsigned long long)wait_s * 1000 : 3600 * 1000;
		if (deadline && deadline - now_ms() < (long long)pause + MIN_ATTEMPT_MS)
			goto out;
		sleep_ms((long long)pause);
		if (delay < 3600ULL * 1000)
			delay *= 2;
	}
	if (res->status == 304)
		res->not_modified = 1;
	else if (!x.started && rewind_output(&x) == -1) {
		code = CW_OUTPUT;
		snprintf(why, sizeof(why), "cannot write the download: %s", strerror(x.werr));
		goto out;
	}
	ret = 0;
out:
	res->bytes = x.bytes;
	if (x.progress_shown)
		show_progress(&x, x.bytes, 1);
	if (ret && res->attempts > 1)
		snprintf(more, sizeof(more), " (after %u attempts)", res->attempts);
	if (ret)
		diag_set(err, code, "%s: %s%s", url, why, more);
	curl.easy_cleanup(x.curl);
	curl.slist_free_all(hdrs);
	return ret;
}

/* download_get's body: into the caller's buffer, aborting past its maximum. */
struct get_sink {
	struct buf *body;
	int too_big;
};

static size_t on_get_body(char *p, size_t size, size_t nmemb, void *ud)
{
	struct get_sink *k = ud;
	size_t n = size * nmemb;

	if (buf_add(k->body, p, n) < 0) {
		k->too_big = 1;
		return 0;
	}
	return n;
}

int download_get(const char *url, const struct download_get_options *o, struct buf *body,
		 long *status, long *retry_after, struct diag *err)
{
	CURL *c;
	struct get_sink k = { body, 0 };
	char errbuf[CURL_ERROR_SIZE] = "";
	const char *ua = "chainwatch/" CHAINWATCH_VERSION " (modern slavery supply chain checks)";
	long st = 0, cto = o && o->connect_timeout_s > 0 ? o->connect_timeout_s : 10;
	long tto = o && o->total_timeout_s > 0 ? o->total_timeout_s : 30;
	curl_off_t wait_s = 0;
	CURLcode rc;
	int bad = 0, ret = -1;

	buf_reset(body);
	if (curl_load(err) < 0)
		return -1;
	if ((c = curl.easy_init()) == NULL)
		return diag_set(err, CW_NETWORK, "%s: cannot set up libcurl", url);
	bad |= curl.easy_setopt(c, CURLOPT_URL, url);
	bad |= curl.easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	bad |= curl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	bad |= curl.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	bad |= curl.easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	bad |= curl.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	bad |= curl.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	bad |= curl.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	bad |= curl.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	bad |= curl.easy_setopt(c, CURLOPT_USERAGENT, ua);
	bad |= curl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cto);
	bad |= curl.easy_setopt(c, CURLOPT_TIMEOUT, tto);
	bad |= curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_get_body);
	bad |= curl.easy_setopt(c, CURLOPT_WRITEDATA, &k);
	if (o && o->user) {
		bad |= curl.easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		bad |= curl.easy_setopt(c, CURLOPT_USERNAME, o->user);
		bad |= curl.easy_setopt(c, CURLOPT_PASSWORD, "");
		/* the key goes to the API's host only, never to a redirect's */
		bad |= curl.easy_setopt(c, CURLOPT_UNRESTRICTED_AUTH, 0L);
	}
	if (bad) {
		diag_set(err, CW_NETWORK, "%s: cannot set up libcurl", url);
		goto out;
	}
	rc = curl.easy_perform(c);
	if (k.too_big) {
		diag_set(err, CW_NETWORK, "%s: larger than the %zu byte limit", url, body->max);
		goto out;
	}
	if (rc != CURLE_OK) {
		diag_set(err, CW_NETWORK, "%s: %s", url, errbuf[0] ? errbuf : curl.easy_strerror(rc));
		goto out;
	}
	curl.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st);
	curl.easy_getinfo(c, CURLINFO_RETRY_AFTER, &wait_s);
	*status = st;
	*retry_after = wait_s > 0 ? (wait_s < 86400 ? (long)wait_s : 86400) : 0;
	ret = 0;
out:
	curl.easy_cleanup(c);
	return ret;
}
