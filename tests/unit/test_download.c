#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chainwatch/download.h"
#include "chainwatch/version.h"
#include "testutil.h"

/*
 * The HTTP tests run against tests/cli/httpd.py on 127.0.0.1, started once
 * for the whole suite (make runs the tests from the top of the tree).  The
 * server reads its stdin from a pipe we hold, so it exits with us however
 * we end; the parent also kills it at exit.  Without python3 only the
 * file:// tests run.
 */

static char docroot[64];
static char logpath[128];
static char body[2048];
static size_t body_len;
static pid_t owner;
static pid_t server_pid = -1;
static int server_in = -1;
static FILE *server_out;
static int port;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void write_docroot(void)
{
	char path[128];
	FILE *fp;
	int i;

	strcpy(docroot, "/tmp/cw-download-XXXXXX");
	if (!mkdtemp(docroot))
		abort();
	snprintf(logpath, sizeof(logpath), "%s/requests.log", docroot);
	body_len = (size_t)snprintf(body, sizeof(body), "supplier,amount\r\n");
	for (i = 1; i <= 30; i++)
		body_len += (size_t)snprintf(body + body_len, sizeof(body) - body_len,
					     "Supplier %d Ltd,%d.%02d\r\n", i, i * 137, i % 100);
	snprintf(path, sizeof(path), "%s/small.csv", docroot);
	fp = fopen(path, "wb");
	if (!fp || fwrite(body, 1, body_len, fp) != body_len || fclose(fp) != 0)
		abort();
}

static void server_start(void)
{
	int in[2], out[2];
	char line[32], *end;
	long p;

	if (access("tests/cli/httpd.py", R_OK) != 0 || pipe(in) != 0)
		return;
	if (pipe(out) != 0) {
		close(in[0]);
		close(in[1]);
		return;
	}
	server_pid = fork();
	if (server_pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		setenv("HTTPD_LOG", logpath, 1);
		setenv("HTTPD_CH_KEY", "unit-key", 1);
		execl("/usr/bin/python3", "python3", "tests/cli/httpd.py", docroot, (char *)NULL);
		execlp("python3", "python3", "tests/cli/httpd.py", docroot, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	server_in = in[1];
	server_out = fdopen(out[0], "r");
	if (server_pid < 0 || !server_out || !fgets(line, sizeof(line), server_out))
		return;
	p = strtol(line, &end, 10);
	if (end != line && (*end == '\n' || *end == '\0') && p > 0 && p < 65536)
		port = (int)p;
}

/* atexit: only the process that started the server (not Check's forks). */
static void cleanup(void)
{
	char cmd[128];

	if (getpid() != owner)
		return;
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	if (server_in >= 0)
		close(server_in);
	if (server_out)
		fclose(server_out);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", docroot);
	if (system(cmd) != 0)
		fprintf(stderr, "test_download: could not remove %s\n", docroot);
	download_global_cleanup();
}

static void opts(struct download_options *o)
{
	download_options_init(o);
	o->connect_timeout_s = 2;
	o->stall_s = 2;
	o->total_timeout_s = 10;
	o->backoff_ms = 50;
	o->max_attempts = 3;
}

static const char *url_for(const char *route)
{
	static char u[128];

	snprintf(u, sizeof(u), "http://127.0.0.1:%d/%s/small.csv", port, route);
	return u;
}

/* An empty scratch file in the docroot, already unlinked. */
static int scratch_fd(void)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/out-XXXXXX", docroot);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	unlink(path);
	return fd;
}

/* The whole of fd into buf (NUL-terminated); returns the length. */
static size_t slurp(int fd, char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	while (got < n - 1 && (r = read(fd, buf + got, n - 1 - got)) > 0)
		got += (size_t)r;
	buf[got] = '\0';
	return got;
}

static int log_count(const char *needle)
{
	char line[512];
	FILE *fp = fopen(logpath, "r");
	int n = 0;

	if (!fp)
		return 0;
	while (fgets(line, sizeof(line), fp))
		if (strstr(line, needle))
			n++;
	fclose(fp);
	return n;
}

static void assert_body(int fd, const struct download_result *r)
{
	char got[4096];

	ck_assert_uint_eq(r->bytes, body_len);
	ck_assert_uint_eq(slurp(fd, got, sizeof(got)), body_len);
	ck_assert_int_eq(memcmp(got, body, body_len), 0);
}

/* ---- file:// and options: run everywhere ---- */

START_TEST(download_options_init_sets_documented_defaults)
{
	struct download_options o;

	download_options_init(&o);
	ck_assert_int_eq(o.connect_timeout_s, 20);
	ck_assert_int_eq(o.total_timeout_s, 600);
	ck_assert_int_eq(o.stall_s, 60);
	ck_assert_uint_eq(o.max_attempts, 4);
	ck_assert_uint_eq(o.backoff_ms, 2000);
	ck_assert_uint_eq(o.max_bytes, 256ULL * 1024 * 1024);
	ck_assert(o.progress == NULL);
	ck_assert_ptr_null(o.user_agent);
}
END_TEST

START_TEST(download_file_url_copies_the_body_over_old_contents)
{
	struct download_options o;
	struct download_result r;
	struct diag err;
	char url[128], junk[4000];
	int fd = scratch_fd();

	memset(junk, 'x', sizeof(junk));       /* longer than the body: must go */
	ck_assert_int_eq(write(fd, junk, sizeof(junk)), (ssize_t)sizeof(junk));
	opts(&o);
	diag_init(&err);
	snprintf(url, sizeof(url), "file://%s/small.csv", docroot);
	ck_assert_msg(download_to_fd(url, fd, &o, NULL, &r, &err) == 0, "%s", err.msg);
	assert_body(fd, &r);
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(r.attempts, 1);
	ck_assert_int_eq(r.not_modified, 0);
	close(fd);
}
END_TEST

START_TEST(download_missing_file_url_fails_naming_the_path)
{
	struct download_options o;
	struct download_result r;
	struct diag err;
	char url[160], path[128];
	int fd = scratch_fd();

	opts(&o);
	diag_init(&err);
	snprintf(path, sizeof(path), "%s/nope.csv", docroot);
	snprintf(url, sizeof(url), "file://%s", path);
	ck_assert_int_eq(download_to_fd(url, fd, &o, NULL, &r, &err), -1);
	ck_assert_int_eq(err.code, CW_NETWORK);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_uint_eq(r.attempts, 1);      /* file:// is never retried */
	ck_assert_ptr_null(strstr(err.msg, "attempts"));
	close(fd);
}
END_TEST

START_TEST(download_write_failure_is_an_output_error)
{
	struct download_options o;
	struct diag err;
	char url[128];
	int fd = open("/dev/full", O_WRONLY);

	if (fd < 0)
		return;                        /* no /dev/full here */
	opts(&o);
	diag_init(&err);
	snprintf(url, sizeof(url), "file://%s/small.csv", docroot);
	ck_assert_int_eq(download_to_fd(url, fd, &o, NULL, NULL, &err), -1);
	ck_assert_int_eq(err.code, CW_OUTPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "cannot write"));
	close(fd);
}
END_TEST

/* ---- HTTP against tests/cli/httpd.py ---- */

START_TEST(download_ok_returns_body_and_validators)
{
	struct download_options o;
	struct download_result r;
	struct diag err;
	int fd = scratch_fd();

	opts(&o);
	diag_init(&err);
	ck_assert_msg(download_to_fd(url_for("ok"), fd, &o, NULL, &r, &err) == 0, "%s", err.msg);
	assert_body(fd, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(r.attempts, 1);
	ck_assert_int_eq(r.not_modified, 0);
	ck_assert_int_eq(r.etag[0], '"');
	ck_assert_uint_eq(strlen(r.etag), 18);
	ck_assert_ptr_nonnull(strstr(r.last_modified, " GMT"));
	ck_assert_str_eq(r.content_type, "text/csv");
	close(fd);
}
END_TEST

/* Fetch /ok/ once for its validators. */
static void first_fetch(struct download_result *r)
{
	struct download_options o;
	struct diag err;
	int fd = scratch_fd();

	opts(&o);
	diag_init(&err);
	ck_assert_msg(download_to_fd(url_for("ok"), fd, &o, NULL, r, &err) == 0, "%s", err.msg);
	close(fd);
}

static void assert_not_modified(const struct download_validators *prev)
{
	struct download_options o;
	struct download_result r;
	struct diag err;
	char got[64];
	int fd = scratch_fd();

	ck_assert_int_eq(write(fd, "previous", 8), 8);
	opts(&o);
	diag_init(&err);
	ck_assert_msg(download_to_fd(url_for("ok"), fd, &o, prev, &r, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(r.not_modified, 1);
	ck_assert_int_eq(r.status, 304);
	ck_assert_uint_eq(r.bytes, 0);
	slurp(fd, got, sizeof(got));
	ck_assert_str_eq(got, "previous");     /* untouched */
	close(fd);
}

START_TEST(download_matching_etag_is_not_modified)
{
	struct download_result first;
	struct download_validators prev = { NULL, NULL };
	int sent = log_count("GET /ok/small.csv inm=1");

	first_fetch(&first);
	prev.etag = first.etag;
	assert_not_modified(&prev);
	ck_assert_int_eq(log_count("GET /ok/small.csv inm=1"), sent + 1);
}
END_TEST

START_TEST(download_last_modified_alone_is_not_modified)
{
	struct download_result first;
	struct download_validators prev = { NULL, NULL };

	first_fetch(&first);
	prev.last_modified = first.last_modified;
	assert_not_modified(&prev);
}
END_TEST

START_TEST(download_stale_etag_gets_the_new_body)
{
	struct download_options o;
	struct download_result r;
	struct download_validators prev = { "\"0000000000000000\"", NULL };
	struct diag err;
	int fd = scratch_fd();

	opts(&o);
	diag_init(&err);
	ck_assert_msg(download_to_fd(url_for("ok"), fd, &o, &prev, &r, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(r.not_modified, 0);
	assert_body(fd, &r);
	close(fd);
}
END_TEST

START_TEST(download_404_fails_without_retry)
{
	struct download_options o;
	struct download_result r;
	struct diag err;
	char want[192];
	int fd = scratch_fd();

	opts(&o);
	diag_init(&err);
	ck_assert_int_eq(download_to_fd(url_for("missing"), fd, &o, NULL, &r, &err), -1);
	ck_assert_int_eq(err.code, CW_NETWORK);
	snprintf(want, sizeof(want), "%s: HTTP 404 Not Found", url_for("missing"));
	ck_assert_str_eq(err.msg, want);
	ck_assert_uint_eq(r.attempts, 1);
	ck_assert_int_eq(r.status, 404);
	ck_assert_int_eq(log_count("GET /missing/small.csv"), 1);
	close(fd);
}
END_TEST

/* route with max_attempts and total budget; returns elapsed ms */
static long long expect_timeout(const char *route, unsigned attempts, long total_s,
				struct diag *err)
{
	struct download_options o;
	struct download_result r;
	long long t0 = now_ms();
	int fd = scratch_fd();

	opts(&o);
	o.max_attempts = attempts;
	o.total_timeout_s = total_s;
	diag_init(err);
	ck_assert_int_eq(download_to_fd(url_for(route), fd, &o, NULL, &r, err), -1);
	ck_assert_int_eq(err->code, CW_NETWORK);
	ck_assert_msg(strstr(err->msg, "timed out after") != NULL, "%s", err->msg);
	close(fd);
	return now_ms() - t0;
}

START_TEST(download_stalled_body_times_out)
{
	struct diag err;
	long long ms = expect_timeout("stall", 1, 10, &err);

	ck_assert_msg(strstr(err.msg, "timed out after 2 s without data"), "%s", err.msg);
	ck_assert_int_lt(ms, 5000);
}
END_TEST

START_TEST(download_silent_server_times_out)
{
	struct diag err;
	long long ms = expect_timeout("slowstart", 1, 10, &err);

	ck_assert_msg(strstr(err.msg, "timed out after 2 s without data"), "%s", err.msg);
	ck_assert_int_lt(ms, 5000);
}
END_TEST

/* A byte every 1.5 s: never 2 s without data, but under 1 byte/s for 2 s. */
START_TEST(download_drip_is_reported_too_slow)
{
	struct diag err;
	long long ms;
	struct download_options o;
	struct download_result r;
	int fd = scratch_fd();

	opts(&o);
	o.max_attempts = 1;
	diag_init(&err);
	ms = now_ms();
	ck_assert_int_eq(download_to_fd(url_for("drip"), fd, &o, NULL, &r, &err), -1);
	ms = now_ms() - ms;
	ck_assert_int_eq(err.code, CW_NETWORK);
	ck_assert_msg(strstr(err.msg, ": too slow: under 1 byte/s for 2 s (") != NULL, "%s",
		      err.msg);
	ck_assert_msg(strstr(err.msg, "without data") == NULL, "%s", err.msg);
	ck_assert_int_lt(ms, 8000);
	close(fd);
}
END_TEST

START_TEST(download_retries_stop_within_the_total_budget)
{
	struct diag err;
	long long ms = expect_timeout("stall", 10, 3, &err);

	ck_assert_int_lt(ms, 4500);
	ck_assert_ptr_null(strstr(err.msg, "after 10 attempts"));
}
END_TEST

START_TEST(download_truncated_body_is_cut_off)
{
	struct download_options o;
	struct download_result r;
	struct diag err;
	char want[96];
	int fd = scratch_fd();

	opts(&o);
	diag_init(&err);
	ck_assert_int_eq(download_to_fd(url_for("truncated"), fd, &o, NULL, &r, &err), -1);
	ck_assert_int_eq(err.code, CW_NETWORK);
	snprintf(want, sizeof(want), ": cut off after %zu of %zu bytes (after 3 attempts)",
		 body_len / 2, body_len);
	ck_assert_msg(strstr(err.msg, want) != NULL, "%s", err.msg);
	ck_assert_uint_eq(r.attempts, 3);
	close(fd);
}
END_TEST

START_TEST(download_garbage_is_downloaded_as_is)
{
	struct download_options o;
	struct download_result r;
	struct diag err;
	char got[8192];
	int fd = scratch_fd();

	opts(&o);
	diag_init(&err);
	ck_assert_msg(download_to_fd(url_for("garbage"), fd, &o, NULL, &r, &err) == 0, "%s",
		      err.msg);
	ck_assert_uint_eq(r.bytes, 4000);
	ck_assert_uint_eq(slurp(fd, got, sizeof(got)), 4000);
	ck_assert_ptr_nonnull(memchr(got, '\0', 4000));
	ck_assert_str_eq(r.content_type, "application/octet-stream");
	close(fd);
}
END_TEST

START_TEST(download_flaky_server_is_retried)
{
	struct download_options o;
	struct download_result r;
	struct diag err;
	int fd = scratch_fd();

	opts(&o);
	diag_init(&err);
	ck_assert_msg(download_to_fd(url_for("flaky"), fd, &o, NULL, &r, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(r.attempts, 2);
	ck_assert_int_eq(r.status, 200);
	assert_body(fd, &r);
	ck_assert_int_eq(log_count("GET /flaky/small.csv"), 2);
	close(fd);
}
END_TEST

START_TEST(download_over_the_size_limit_fails_fast)
{
	struct download_options o;
	struct download_result r;
	struct diag err;
	long long t0 = now_ms();
	int fd = scratch_fd();

	opts(&o);
	o.max_bytes = 1024 * 1024;
	diag_init(&err);
	ck_assert_int_eq(download_to_fd(url_for("huge"), fd, &o, NULL, &r, &err), -1);
	ck_assert_int_eq(err.code, CW_NETWORK);
	ck_assert_msg(strstr(err.msg, "larger than the 1 MiB limit") != NULL, "%s", err.msg);
	ck_assert_uint_eq(r.attempts, 1);
	ck_assert_int_lt(now_ms() - t0, 2000);
	close(fd);
}
END_TEST

START_TEST(download_redirect_is_followed)
{
	struct download_options o;
	struct download_result r;
	struct diag err;
	int fd = scratch_fd();

	opts(&o);
	diag_init(&err);
	ck_assert_msg(download_to_fd(url_for("redirect"), fd, &o, NULL, &r, &err) == 0, "%s",
		      err.msg);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(r.attempts, 1);
	ck_assert_int_eq(r.etag[0], '"');
	assert_body(fd, &r);
	close(fd);
}
END_TEST

START_TEST(download_redirect_to_file_url_is_refused_in_our_words)
{
	struct download_options o;
	struct download_result r;
	struct diag err;
	int fd = scratch_fd();

	opts(&o);
	diag_init(&err);
	ck_assert_int_eq(download_to_fd(url_for("fileredirect"), fd, &o, NULL, &r, &err), -1);
	ck_assert_int_eq(err.code, CW_NETWORK);
	ck_assert_msg(strstr(err.msg, ": refused redirect to a non-HTTP(S) URL "
			     "'file:///etc/passwd' (HTTP 302)") != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, "libcurl") == NULL, "%s", err.msg);
	ck_assert_uint_eq(r.attempts, 1);        /* refused, not retried */
	ck_assert_uint_eq(r.bytes, 0);
	close(fd);
}
END_TEST

START_TEST(download_refused_connection_is_retried_then_fails)
{
	struct download_options o;
	struct download_result r;
	struct diag err;
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	char url[64];
	int s = socket(AF_INET, SOCK_STREAM, 0), fd = scratch_fd();

	/* a port that was free a moment ago and has nobody listening */
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(s, (struct sockaddr *)&a, &alen), 0);
	close(s);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/x.csv", ntohs(a.sin_port));
	opts(&o);
	diag_init(&err);
	ck_assert_int_eq(download_to_fd(url, fd, &o, NULL, &r, &err), -1);
	ck_assert_int_eq(err.code, CW_NETWORK);
	ck_assert_uint_eq(r.attempts, 3);
	ck_assert_msg(strstr(err.msg, ": could not connect: ") != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, "(after 3 attempts)") != NULL, "%s", err.msg);
	close(fd);
}
END_TEST

START_TEST(download_user_agent_names_chainwatch)
{
	const char *ours = "GET /ok/small.csv inm=0 ua=chainwatch/" CHAINWATCH_VERSION " (";
	struct download_options o;
	struct diag err;
	int fd = scratch_fd(), before = log_count(ours);

	opts(&o);
	diag_init(&err);
	ck_assert_int_eq(download_to_fd(url_for("ok"), fd, &o, NULL, NULL, &err), 0);
	ck_assert_int_eq(log_count(ours), before + 1);
	o.user_agent = "probe/1";
	ck_assert_int_eq(download_to_fd(url_for("garbage"), fd, &o, NULL, NULL, &err), 0);
	ck_assert_int_eq(log_count("GET /garbage/small.csv inm=0 ua=probe/1"), 1);
	close(fd);
}
END_TEST

/* a command's progress callback: the line on stderr, ended at the end */
static void print_progress(void *ctx, const char *line, int last)
{
	(void)ctx;
	fprintf(stderr, "%s%s", line, last ? "\n" : "");
}

/* stderr of one download into buf */
static void download_stderr(int progress, char *buf, size_t n)
{
	struct download_options o;
	struct diag err;
	int fd = scratch_fd(), cap = scratch_fd(), saved = dup(2);

	fflush(stderr);
	dup2(cap, 2);
	opts(&o);
	o.progress = progress ? print_progress : NULL;
	diag_init(&err);
	ck_assert_int_eq(download_to_fd(url_for("ok"), fd, &o, NULL, NULL, &err), 0);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	slurp(cap, buf, n);
	close(cap);
	close(fd);
}

START_TEST(download_progress_line_only_when_asked)
{
	char got[512], want[192];

	download_stderr(0, got, sizeof(got));
	ck_assert_str_eq(got, "");
	download_stderr(1, got, sizeof(got));
	snprintf(want, sizeof(want), "\rdownloading %s: 0.0 MB of 0.0 MB", url_for("ok"));
	ck_assert_msg(strncmp(got, want, strlen(want)) == 0, "%s", got);
	ck_assert_int_eq(got[strlen(got) - 1], '\n');
}
END_TEST

/* ---- download_get: one GET for an API ---- */

START_TEST(download_get_returns_the_body_and_status)
{
	struct download_get_options o = { 2, 10, NULL };
	struct buf b;
	struct diag err;
	long status = 0, wait = -1;

	buf_init(&b, 1 << 20);
	diag_init(&err);
	ck_assert_int_eq(download_get(url_for("ok"), &o, &b, &status, &wait, &err), 0);
	ck_assert_int_eq(status, 200);
	ck_assert_int_eq(wait, 0);
	ck_assert_uint_eq(b.len, body_len);
	ck_assert_int_eq(memcmp(b.s, body, body_len), 0);
	/* an HTTP error is a response, not a failure; no retry */
	ck_assert_int_eq(download_get(url_for("missing"), &o, &b, &status, &wait, &err), 0);
	ck_assert_int_eq(status, 404);
	buf_release(&b);
}
END_TEST

START_TEST(download_get_sends_basic_auth_only_when_asked)
{
	char url[128];
	struct download_get_options o = { 2, 10, "unit-key" };
	struct buf b;
	struct diag err;
	long status = 0, wait = 0;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/ch/company/00000001", port);
	buf_init(&b, 1 << 20);
	diag_init(&err);
	ck_assert_int_eq(download_get(url, &o, &b, &status, &wait, &err), 0);
	ck_assert_int_eq(status, 404);             /* let in: no such company */
	o.user = "wrong-key";
	ck_assert_int_eq(download_get(url, &o, &b, &status, &wait, &err), 0);
	ck_assert_int_eq(status, 401);
	o.user = NULL;
	ck_assert_int_eq(download_get(url, &o, &b, &status, &wait, &err), 0);
	ck_assert_int_eq(status, 401);
	buf_release(&b);
}
END_TEST

START_TEST(download_get_over_the_buffer_fails_without_the_key)
{
	struct download_get_options o = { 2, 10, "unit-key" };
	struct buf b;
	struct diag err;
	long status = 0, wait = 0;

	buf_init(&b, 1000);
	diag_init(&err);
	ck_assert_int_eq(download_get(url_for("garbage"), &o, &b, &status, &wait, &err), -1);
	ck_assert_int_eq(err.code, CW_NETWORK);
	ck_assert_msg(strstr(err.msg, "larger than the 1000 byte limit") != NULL, "%s", err.msg);
	ck_assert_ptr_null(strstr(err.msg, "unit-key"));
	buf_release(&b);
}
END_TEST

START_TEST(download_get_refused_connection_fails_naming_the_url)
{
	struct download_get_options o = { 2, 10, "unit-key" };
	struct buf b;
	struct diag err;
	long status = 0, wait = 0;

	buf_init(&b, 1000);
	diag_init(&err);
	ck_assert_int_eq(download_get("http://127.0.0.1:1/company/1", &o, &b, &status, &wait,
				      &err), -1);
	ck_assert_int_eq(err.code, CW_NETWORK);
	ck_assert_msg(strstr(err.msg, "http://127.0.0.1:1/company/1: ") != NULL, "%s", err.msg);
	ck_assert_ptr_null(strstr(err.msg, "unit-key"));
	buf_release(&b);
}
END_TEST

static Suite *download_suite(void)
{
	Suite *s = suite_create("download");
	TCase *file = tcase_create("file");
	TCase *http = tcase_create("http");

	owner = getpid();
	if (download_global_init(NULL) != 0)
		abort();
	write_docroot();
	server_start();
	atexit(cleanup);

	tcase_add_test(file, download_options_init_sets_documented_defaults);
	tcase_add_test(file, download_file_url_copies_the_body_over_old_contents);
	tcase_add_test(file, download_missing_file_url_fails_naming_the_path);
	tcase_add_test(file, download_write_failure_is_an_output_error);
	suite_add_tcase(s, file);

	if (!port) {
		fprintf(stderr, "test_download: no python3 or tests/cli/httpd.py; "
			"HTTP tests skipped\n");
		return s;
	}
	tcase_set_timeout(http, 20);
	tcase_add_test(http, download_ok_returns_body_and_validators);
	tcase_add_test(http, download_matching_etag_is_not_modified);
	tcase_add_test(http, download_last_modified_alone_is_not_modified);
	tcase_add_test(http, download_stale_etag_gets_the_new_body);
	tcase_add_test(http, download_404_fails_without_retry);
	tcase_add_test(http, download_stalled_body_times_out);
	tcase_add_test(http, download_silent_server_times_out);
	tcase_add_test(http, download_drip_is_reported_too_slow);
	tcase_add_test(http, download_retries_stop_within_the_total_budget);
	tcase_add_test(http, download_truncated_body_is_cut_off);
	tcase_add_test(http, download_garbage_is_downloaded_as_is);
	tcase_add_test(http, download_flaky_server_is_retried);
	tcase_add_test(http, download_over_the_size_limit_fails_fast);
	tcase_add_test(http, download_redirect_is_followed);
	tcase_add_test(http, download_redirect_to_file_url_is_refused_in_our_words);
	tcase_add_test(http, download_refused_connection_is_retried_then_fails);
	tcase_add_test(http, download_user_agent_names_chainwatch);
	tcase_add_test(http, download_progress_line_only_when_asked);
	tcase_add_test(http, download_get_returns_the_body_and_status);
	tcase_add_test(http, download_get_sends_basic_auth_only_when_asked);
	tcase_add_test(http, download_get_over_the_buffer_fails_without_the_key);
	tcase_add_test(http, download_get_refused_connection_fails_naming_the_url);
	suite_add_tcase(s, http);
	return s;
}

TEST_MAIN(download_suite)
