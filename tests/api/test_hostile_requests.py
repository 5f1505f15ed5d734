"""A few thousand generated malformed requests (methods, paths, query strings, headers,
content types, bodies, truncated multipart), from a fixed seed, sent over raw sockets to the
server under test (run.py runs the suite on the sanitizer build too, and fails on any
sanitizer report in its log).  None may get a 5xx or crash the server, and none may change
data: the anonymous ones are refused, and the signed-in ones carry bodies that are never
valid.  A connection the server closes without an answer (bad HTTP framing) is allowed."""
import random
import socket

from fixtures import b2b, b2c, internal, world
from harness import PASSWORD, Client
from test_openapi import routes

COUNT = 2500
SEED = 19


def send(port, raw, timeout=10):
    """The status of the answer to raw bytes, or None when the server closed without one."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(raw)
        data = b""
        while True:  # the whole answer: the server closes after it (the client has)
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, BrokenPipeError):
        return None
    finally:
        s.close()
    if not data.startswith(b"HTTP/1."):
        return None
    return int(data.split(b" ", 2)[1])


JUNK = ["", "%", "%0", "%zz", "%2e%2e", "..", ".", "%2F", "//", "\u00e9", "%C3%28", "%FF",
        "A" * 3000, "-1", "0", "99999999999999999999", "1e9", "null", "{id}", "%20", "+",
        "*", "'--", "\";", "<script>", "%u0041", "%ef%bf%bd", "%25"]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO",
           "get", "CONNECT"]
CTYPES = ["application/json", "application/jsonx", "text/plain", "multipart/form-data",
          "multipart/form-data; boundary=", "multipart/form-data; boundary=\"unterminated",
          "multipart/form-data; boundary=b", "application/json; charset=latin-1",
          "application/x-www-form-urlencoded", "", ";;;", "application/json\x01"]
BODIES = [b"{", b"[", b"{\"a\":", b"{\"title\": \"\xff\xfe\"}", b"\x00\x01\x02",
          b"{\"title\": 1e999999}", b"[" * 5000 + b"]" * 5000, b"{\"a\":" * 3000,
          b"{\"title\": \"x\"} trailing", b"\"just a string\"", b"[]", b"null", b"nul",
          b"{\"title\": \"\\ud800\"}", b"{\"title\": \"a\", \"title\": \"b\"}",
          b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\n\r\n",
          b"--b\r\nContent-Disposition: form-data; name=\"ticket\"\r\n\r\n{\"tit",
          b"--b\r\n\r\n--b--", b"--b--", b"--b\r\nX: y\r\n\r\ndata\r\n--b",
          b"--b\r\nContent-Disposition: form-data\r\n\r\n\r\n--b--\r\n",
          b"\xef\xbb\xbf{}", b"{\"photo_upload_ids\": [0, -1, \"x\"]"]


def mutate_path(rng, pattern):
    segs = pattern.split("/")
    out = []
    for seg in segs:
        if seg.startswith("{"):
            seg = rng.choice(JUNK + ["1", "B2B-000001"])
        elif seg and rng.random() < 0.15:
            seg = rng.choice(JUNK)
        out.append(seg)
    path = "/".join(out)
    if rng.random() < 0.1:
        path = path + rng.choice(["/", "//x", "/..", "%2f..", "?", "#frag"])
    return path.replace(" ", "%20")


def query(rng):
    if rng.random() < 0.4:
        return ""
    keys = ["q", "status", "limit", "cursor", "from", "to", "size", "fields", "kind",
            "assigned_to", "sort", "page", "x" * 200, "", "=", "%00"]
    vals = ["", "-1", "0", "99999999999999999999", "%", "%zz", "a%2", "1900-01-01",
            "9999-12-31T23:59:59-14:00", "full", "thumb", "\u0000", "%C0%AF", "A" * 5000,
            "new,assigned", "'; DROP TABLE tickets; --", "2026-13-45", "*"]
    parts = [f"{rng.choice(keys)}={rng.choice(vals)}" for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.1:
        parts.append("&&&")
    return "?" + "&".join(p.replace(" ", "+") for p in parts)


def request(rng, table, auth):
    method, pattern = rng.choice(table)
    if rng.random() < 0.2:
        method = rng.choice(METHODS)
    target = mutate_path(rng, pattern) + query(rng)
    body = rng.choice(BODIES)
    if rng.random() < 0.2:
        body = body[:rng.randint(0, len(body))]
    headers = ["Host: 127.0.0.1", "Connection: close"]
    ctype = rng.choice(CTYPES)
    if ctype:
        headers.append("Content-Type: " + ctype)
    length = len(body)
    if rng.random() < 0.1:
        headers.append("Content-Length: " + rng.choice(["-1", "abc", "1" * 30, "0"]))
    elif rng.random() < 0.1:
        headers.append("Transfer-Encoding: chunked")
        body = b"%x\r\n" % length + body + b"\r\n" + rng.choice([b"0\r\n\r\n", b"zz\r\n"])
    else:
        # The length is the truth: a body shorter than announced is a slow client, which
        # the request deadline handles (test_hostile), not a malformed request.
        headers.append(f"Content-Length: {length}")
    extra = [("Cookie", "ticketd_session=" + rng.choice(["", "x", "A" * 4000, "\x7f"])),
             ("Authorization", rng.choice(["Bearer", "Bearer ", "Basic abc", "Bearer tkd_" +
                                           "A" * 500])),
             ("Origin", rng.choice(["null", "http://evil.example", ""])),
             ("Sec-Fetch-Site", rng.choice(["cross-site", "same-origin", "weird"])),
             ("Range", "bytes=0-1,5-"), ("Expect", "100-continue"),
             ("X-" + "A" * 100, "B" * 1000), ("Accept-Encoding", "gzip, *;q=0")]
    for name, value in rng.sample(extra, rng.randint(0, 3)):
        if (auth and name in ("Cookie", "Authorization")) or name == "Expect":
            continue
        headers.append(f"{name}: {value}")
    if auth:
        headers.append(auth)
    version = rng.choice(["HTTP/1.1"] * 8 + ["HTTP/1.0", "HTTP/2.0", "HTTP/9", "FOO"])
    line = f"{method} {target} {version}"
    raw = (line + "\r\n" + "\r\n".join(headers) + "\r\n\r\n").encode("utf-8", "replace")
    # Never a body that is valid for the route: broken JSON or multipart only, so a
    # signed-in request cannot change data either.
    return version, target, raw + body


def state(t, tickets):
    a = t.as_("admin")
    out = [world(t)]
    for kind, tid in tickets:
        for suffix in ("", "/timeline", "/comments", "/attachments"):
            r = a.get(f"/api/tickets/{kind}/{tid}{suffix}")
            out.append((r.status, r.raw))
    for path in ("/api/settings/sla", "/api/settings/workflow", "/api/settings/smtp",
                 "/api/settings/complaints", "/api/teams", "/api/templates", "/api/releases"):
        out.append(a.get(path).raw)
    return out


def signed_in(t, role):
    c = Client(t.port)
    r = c.post("/api/auth/login", {"email": f"{role}@test.example", "password": PASSWORD})
    assert r.status == 200, r
    return c.cookie


def test_hostile_requests(t):
    rng = random.Random(SEED)
    tickets = [("b2b", b2b(t)["ticket_id"]), ("b2c", b2c(t)["ticket_id"]),
               ("internal", internal(t)["ticket_id"])]
    before = state(t, tickets)
    table = [(m, p) for m, p, _, _ in routes()]
    # Sessions of its own: a generated request may well be a sign-out.
    cookie = "Cookie: " + signed_in(t, "reporter")
    agent = "Cookie: " + signed_in(t, "agent")
    seen = {}
    bad = []
    for i in range(COUNT):
        auth = rng.choice([None, None, cookie, agent])
        version, target, raw = request(rng, table, auth)
        status = send(t.port, raw)
        seen[status] = seen.get(status, 0) + 1
        # libmicrohttpd answers a protocol version it does not speak with 505 itself.
        if status == 505 and not version.startswith("HTTP/1."):
            continue
        if status is not None and status >= 500:
            bad.append(f"#{i} {status}: {raw[:300]!r}")
        if t.server.proc.poll() is not None:
            raise AssertionError(f"the server died at request #{i}: {raw[:300]!r}")
    assert not bad, f"{len(bad)} answers of 5xx:\n" + "\n".join(bad[:10])
    assert state(t, tickets) == before, "a malformed request changed data"
    # Most were answered (not merely dropped): the generator reaches the handlers.
    answered = sum(n for s, n in seen.items() if s is not None)
    assert answered > COUNT // 2, seen
    assert t.as_("admin").get("/api/me").status == 200
