#!/usr/bin/env python3
"""Loopback HTTP server for chainwatch's download tests (standard library only).

    python3 tests/cli/httpd.py DOCROOT

Binds 127.0.0.1 on a free port, prints the port number as the first line of
stdout, then serves until killed.  When stdin is a pipe it also exits as soon
as the pipe closes, so a test that dies takes its server with it; run it
with stdin from /dev/null (as `&` in sh does) to rely on kill alone.

Routes, NAME being a plain file name in DOCROOT:

    /ok/NAME         the file, with ETag and Last-Modified; 304 for a
                     matching If-None-Match or a fresh If-Modified-Since
    /missing/NAME    404
    /stall/NAME      200 with the full Content-Length, the first 100 bytes
                     (always short of the whole), then 30 s of silence
    /truncated/NAME  the full Content-Length, half the body, connection closed
    /garbage/NAME    200, 4000 fixed binary bytes (NUL and high bytes),
                     application/octet-stream
    /flaky/NAME      503 the first time this path is asked for, then as /ok/
    /huge/NAME       Content-Length 10 GB, a few bytes, connection closed
    /redirect/NAME   302 to /ok/NAME
    /fileredirect/NAME  302 to file:///etc/passwd (a client must refuse it)
    /drip/NAME       200 with the full Content-Length, then one byte every
                     1.5 s: never silent for 2 s, yet under 1 byte/s
    /slowstart/NAME  30 s before anything is sent

A Companies House API stand-in under /ch (the base URL is URL/ch):

    /ch/company/NUMBER            DOCROOT/ch-company-NUMBER.json, else 404
    /ch/search/companies?q=NAME   DOCROOT/ch-search-KEY.json, KEY being NAME
                                  upper-cased with each run of other than
                                  A-Z and 0-9 as one '_'; else no items
    each needs "Authorization: Basic" with HTTPD_CH_KEY as the user name
    and an empty password (401 otherwise); with DOCROOT/ch-status holding
    a number (429, 500, ...) every /ch request gets that status instead
    (a 429 with "Retry-After: 1")

With HTTPD_LOG set, each request is appended to that file as one line:
    METHOD PATH inm=0|1 ua=USER-AGENT auth=0|1
"""

import email.utils
import base64
import hashlib
import json
import os
import re
import stat
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DOCROOT = ""
LOG = os.environ.get("HTTPD_LOG")
LOCK = threading.Lock()
FLAKY_SEEN = set()
GARBAGE = bytes((i * 73 + 41 + (i >> 8)) % 256 for i in range(4000))
HUGE = 10 * 1000 * 1000 * 1000


def etag_of(body):
    return '"%s"' % hashlib.sha256(body).hexdigest()[:16]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "chainwatch-test-httpd"

    def log_message(self, format, *args):  # quiet: tests read HTTPD_LOG instead
        pass

    def log_request_line(self):
        if not LOG:
            return
        inm = 1 if self.headers.get("If-None-Match") is not None else 0
        ua = self.headers.get("User-Agent", "")
        with LOCK, open(LOG, "a", encoding="utf-8") as f:
            auth = 1 if self.headers.get("Authorization") is not None else 0
            f.write("%s %s inm=%d ua=%s auth=%d\n" % (self.command, self.path, inm, ua, auth))

    def send(self, code, body=b"", headers=(), length=None, close=False):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)
            self.wfile.flush()

    def read_doc(self, name):
        if not name or "/" in name or name.startswith("."):
            return None, None
        path = os.path.join(DOCROOT, name)
        try:
            with open(path, "rb") as f:
                return f.read(), os.stat(path).st_mtime
        except OSError:
            return None, None

    def serve_ok(self, body, mtime):
        etag = etag_of(body)
        lastmod = email.utils.formatdate(int(mtime), usegmt=True)
        ctype = "text/csv" if self.path.endswith(".csv") else "application/octet-stream"
        headers = [("ETag", etag), ("Last-Modified", lastmod), ("Content-Type", ctype)]
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        fresh = False
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            tags = [t[2:] if t.startswith("W/") else t for t in tags]
            fresh = "*" in tags or etag in tags
        elif ims is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
                fresh = int(mtime) <= since
            except (TypeError, ValueError, IndexError, OverflowError):
                fresh = False
        if fresh:
            self.send(304, headers=[("ETag", etag), ("Last-Modified", lastmod)], length=0)
        else:
            self.send(200, body, headers)

    def serve_ch(self, url):
        key = os.environ.get("HTTPD_CH_KEY", "")
        want = "Basic " + base64.b64encode((key + ":").encode()).decode()
        if self.headers.get("Authorization") != want:
            self.send(401, b'{"error":"Invalid Authorization"}',
                      [("Content-Type", "application/json")])
            return
        try:
            with open(os.path.join(DOCROOT, "ch-status"), encoding="ascii") as f:
                code = int(f.read().strip())
            self.send(code, b'{"error":"forced"}', [("Content-Type", "application/json"),
                                                    ("Retry-After", "1")])
            return
        except (OSError, ValueError):
            pass
        path = url.path[len("/ch"):]
        jtype = [("Content-Type", "application/json")]
        m = re.fullmatch(r"/company/([A-Z0-9]{8})", path)
        if m:
            body, _ = self.read_doc("ch-company-%s.json" % m.group(1))
            if body is None:
                self.send(404, b'{"errors":[{"error":"company-profile-not-found"}]}', jtype)
            else:
                self.send(200, body, jtype)
            return
        if path == "/search/companies":
            q = urllib.parse.parse_qs(url.query).get("q", [""])[0]
            name = "ch-search-%s.json" % re.sub(r"[^A-Z0-9]+", "_", q.upper()).strip("_")
            body, _ = self.read_doc(name)
            if body is None:
                body = json.dumps({"items": [], "total_results": 0}).encode()
            self.send(200, body, jtype)
            return
        self.send(404, b"no such route\n", [("Content-Type", "text/plain")])

    def do_GET(self):
        self.log_request_line()
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        if path.startswith("/ch/"):
            self.serve_ch(url)
            return
        parts = path.split("/")
        if len(parts) != 3 or parts[0] != "":
            self.send(404, b"not found\n", [("Content-Type", "text/plain")])
            return
        route, name = parts[1], urllib.parse.unquote(parts[2])
        if route == "garbage":
            self.send(200, GARBAGE, [("Content-Type", "application/octet-stream")])
            return
        if route == "huge":
            self.send(200, b"PK\x03\x04", [("Content-Type", "text/csv")], length=HUGE,
                      close=True)
            return
        if route == "redirect":
            self.send(302, headers=[("Location", "/ok/" + parts[2])])
            return
        if route == "fileredirect":
            self.send(302, headers=[("Location", "file:///etc/passwd")])
            return
        if route == "slowstart":
            time.sleep(30)
        body, mtime = self.read_doc(name)
        if body is None or route == "missing":
            self.send(404, b"not found\n", [("Content-Type", "text/plain")])
        elif route in ("ok", "slowstart"):
            self.serve_ok(body, mtime)
        elif route == "flaky":
            with LOCK:
                first = path not in FLAKY_SEEN
                FLAKY_SEEN.add(path)
            if first:
                self.send(503, b"try again\n", [("Content-Type", "text/plain")])
            else:
                self.serve_ok(body, mtime)
        elif route == "stall":
            self.send(200, body[:min(100, max(len(body) - 1, 0))],
                      [("Content-Type", "text/csv")], length=len(body))
            time.sleep(30)
            self.close_connection = True
        elif route == "drip":
            self.send(200, b"", [("Content-Type", "text/csv")], length=len(body))
            try:
                for i in range(min(len(body), 20)):
                    time.sleep(1.5)
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
            except OSError:
                pass
            self.close_connection = True
        elif route == "truncated":
            self.send(200, body[:len(body) // 2], [("Content-Type", "text/csv")],
                      length=len(body), close=True)
        else:
            self.send(404, b"no such route\n", [("Content-Type", "text/plain")])

    do_HEAD = do_GET


def exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except OSError:
        pass
    os._exit(0)


def main():
    global DOCROOT
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.stderr.write("usage: httpd.py DOCROOT\n")
        return 2
    DOCROOT = os.path.abspath(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    try:
        mode = os.fstat(0).st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    except OSError:
        pass
    sys.stdout.write("%d\n" % server.server_address[1])
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
