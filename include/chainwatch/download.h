#ifndef CHAINWATCH_DOWNLOAD_H
#define CHAINWATCH_DOWNLOAD_H

/*
 * Fetching one file over HTTP(S) or file:// with libcurl, for
 * `chainwatch registry update`.  The only module that includes curl.h.
 *
 * - conditional GET: the previous good copy's ETag (If-None-Match) and
 *   Last-Modified (If-Modified-Since); a 304 writes nothing and sets
 *   not_modified;
 * - connect timeout, total timeout, and a stall limit (less than
 *   1 byte/s for stall_s seconds aborts the transfer: "timed out after N s
 *   without data" when nothing came for that long, "too slow: under 1
 *   byte/s for N s (M bytes received)" for a server that drips);
 * - bounded retries with exponential backoff on connection failures,
 *   timeouts, a transfer cut short, HTTP 429 and 5xx (a Retry-After longer
 *   than the backoff is honoured); never on other 4xx, nor for file://;
 *   all attempts and the waits between them share total_timeout_s;
 * - a size cap: a Content-Length over max_bytes fails before the body, and
 *   a body that grows past it is cut off and fails;
 * - TLS peer and host verification always on; a User-Agent naming
 *   chainwatch and its version; redirects followed (at most 5, and only
 *   to http or https: "refused redirect to a non-HTTP(S) URL
 *   'file:///etc/passwd' (HTTP 302)", never retried);
 * - a body shorter than its Content-Length is a failure ("cut off after N
 *   of M bytes"), never a good file;
 * - a progress line for the caller to show, only when `progress` is set
 *   (the module never prints).
 *
 * The body goes to `fd` from offset 0; the fd is truncated when each
 * attempt's body starts (a 304 leaves it untouched), so after a failure
 * its contents are garbage and the caller must not use them.  An fd that
 * is not a regular file (a pipe) is not retried once written to.  Every failure names the URL and is CW_NETWORK,
 * except a failed write to fd, which is CW_OUTPUT.
 */

#include <stddef.h>

#include "chainwatch/buf.h"
#include "chainwatch/diag.h"

struct download_options {
	long connect_timeout_s;        /* default 20 */
	long total_timeout_s;          /* default 600, all attempts; <= 0 none */
	long stall_s;                  /* default 60; <= 0 none */
	unsigned max_attempts;         /* default 4 (1 = no retry) */
	unsigned backoff_ms;           /* first retry delay, doubled each time; default 2000 */
	unsigned long long max_bytes;  /* default 256 MiB; 0 none */
	/*
	 * NULL (the default), or called about once a second with the progress
	 * line ("\rdownloading URL: 1.2 MB of 3.4 MB  "; borrowed, valid
	 * during the call) and once more at the end with `last` set, when the
	 * caller ends the line.  progress_ctx is passed back.
	 */
	void (*progress)(void *ctx, const char *line, int last);
	void *progress_ctx;
	const char *user_agent;        /* NULL: "chainwatch/<version> (modern slavery supply chain checks)" */
};

void download_options_init(struct download_options *o);

/* What the previous good copy carried; NULL fields when unknown. */
struct download_validators {
	const char *etag;
	const char *last_modified;
};

struct download_result {
	int not_modified;              /* 304: nothing was written */
	long status;                   /* last HTTP status (0 for file://) */
	unsigned attempts;
	unsigned long long bytes;      /* body bytes written */
	char etag[256];                /* from the response, "" if none */
	char last_modified[64];        /* from the response, "" if none */
	char content_type[128];
};

/*
 * Fetch `url` into `fd`.  0 on success (a full body, or not_modified), -1
 * with err (CW_NETWORK) otherwise: "https://...: HTTP 404 Not Found",
 * "...: timed out after 60 s without data", "...: cut off after 1200 of
 * 5000 bytes", "...: larger than the 256 MiB limit", "...: could not
 * connect: ..." and after retries "(after 4 attempts)".
 *
 * `o` NULL means the defaults, `prev` NULL an unconditional GET, `res`
 * NULL that the caller does not care.  Unlike most out-parameters, `res`
 * is filled on failure too: status and attempts say what happened.
 */
int download_to_fd(const char *url, int fd, const struct download_options *o,
		   const struct download_validators *prev, struct download_result *res,
		   struct diag *err);

/*
 * One small GET for an API (the Companies House lookups of a scan): a
 * single attempt, no retries (the caller rations and backs off), the
 * body into `body` (the caller's, reset first) up to its maximum size,
 * TLS verification on, redirects only to http(s), connect timeout
 * connect_timeout_s and total timeout total_timeout_s (<= 0: 10 and 30).
 * `user` non-NULL sends HTTP Basic authentication with that user name and
 * an empty password; it goes only in the Authorization header, never in
 * an error message.  0 when an HTTP response came, whatever its status:
 * *status is set, and *retry_after to the seconds a Retry-After header
 * asked for (0 when none).  -1 with err (CW_NETWORK, naming the URL) when
 * there was no response, it was cut off or larger than the buffer allows.
 */
struct download_get_options {
	long connect_timeout_s;
	long total_timeout_s;
	const char *user;              /* borrowed; NULL: no authentication */
};

int download_get(const char *url, const struct download_get_options *o, struct buf *body,
		 long *status, long *retry_after, struct diag *err);

/* curl_global_init / cleanup, once per process (main). */
int download_global_init(struct diag *err);
void download_global_cleanup(void);

#endif
