"""What probing as an attacker found (issue 19), each closed: file names that are not UTF-8,
encoded NULs and control characters in paths, look-alike JSON media types, times outside
the accepted range, sign-in guesses sent at once, cross-site requests riding a cookie, and
uploads from callers who are not signed in.  Every refusal is the JSON error envelope and
changes nothing."""
import hashlib
import http.client
import json
import os
import socket
import threading

from harness import Client, PASSWORD, expect
from fixtures import NoNewTickets, Unchanged, b2c, b2c_body, oversized, raw_post, world
from test_evidence import multipart, png


def raw_multipart(client, path, disposition_filename, data):
    """A multipart upload whose file name is the raw bytes given (not necessarily UTF-8)."""
    b = b"----hostile-boundary"
    body = (b"--" + b + b"\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" +
            disposition_filename + b"\"\r\nContent-Type: image/png\r\n\r\n" + data + b"\r\n--" +
            b + b"--\r\n")
    return client.request("POST", path, raw=body,
                          headers={"Content-Type": "multipart/form-data; boundary=" + b.decode()})


def test_file_name_not_utf8_comes_out_replaced(t):
    agent = t.as_("agent")
    tk = b2c(t, category="wrong_items")
    base = f"/api/tickets/b2c/{tk['ticket_id']}"
    r = raw_multipart(agent, base + "/attachments", b"crate-\xff\xfe-\xc3.png", png(seed=41))
    items = expect(r, 201)["items"]
    assert len(items) == 1, r
    assert items[0]["filename"] == "crate-\ufffd\ufffd-\ufffd.png", items
    listed = expect(agent.get(base + "/attachments"), 200)["items"]
    assert [i["filename"] for i in listed] == ["crate-\ufffd\ufffd-\ufffd.png"], listed
    # An upload on its own, too.
    up = expect(raw_multipart(agent, "/api/uploads", b"\x80.png", png(seed=42)), 201)["items"]
    assert up[0]["filename"] == "\ufffd.png", up
    # Valid UTF-8 is kept as it is.
    up = expect(raw_multipart(agent, "/api/uploads", "टमाटर.png".encode(), png(seed=43)),
                201)["items"]
    assert up[0]["filename"] == "टमाटर.png", up


def test_encoded_nul_or_control_in_path_refused(t):
    admin = t.as_("admin")
    for path in ("/api/settings/smtp%00/x", "/api/settings/smtp%00", "/api/me%0a",
                 "/api/catalog%1F", "/api/tickets/b2b/list%7f", "/api/users?role=x%00y",
                 "/api/settings/sla%0d%0aX-Injected:%201"):
        r = admin.get(path)
        expect(r, 400, "bad_request")
        assert "starttls" not in r.raw.decode(errors="replace"), r
    tk = b2c(t)
    with Unchanged(t, "b2c", tk["ticket_id"]):
        expect(admin.post(f"/api/tickets/b2c/{tk['ticket_id']}/update%00/x",
                          {"title": "changed"}), 400, "bad_request")
    # A percent sign that is not an escape, and escapes of printable characters, still work.
    expect(admin.get("/api/tickets/b2b/list?q=50%25"), 200)
    expect(admin.get("/api/%6De"), 200)


def test_json_media_type_parsed_not_prefix_matched(t):
    agent = t.as_("agent")
    tk = b2c(t)
    path = f"/api/tickets/b2c/{tk['ticket_id']}/update"
    body = json.dumps({"title": "Changed by a look-alike type"})
    with Unchanged(t, "b2c", tk["ticket_id"]):
        for ctype in ("application/jsonx", "application/json-patch", "application/json/x",
                      "application/jsonp; charset=utf-8", "application/json,text/html"):
            expect(raw_post(agent, path, body, ctype), 415, "unsupported_media_type")
    with NoNewTickets(t, "b2c"):
        expect(raw_post(agent, "/api/tickets/b2c/create", json.dumps(b2c_body()),
                        "application/jsonfoo"), 415, "unsupported_media_type")
    with world_unchanged(t):
        expect(t.as_("admin").request("PUT", "/api/records/customers", raw=b"[]",
                                      headers={"Content-Type": "application/json2"}),
               415, "unsupported_media_type")
        # multipart is parsed the same way
        data, ctype = multipart([("files", "a.png", "image/png", png(seed=44))])
        r = agent.request("POST", "/api/uploads", raw=data,
                          headers={"Content-Type": ctype.replace("form-data", "form-dataX")})
        expect(r, 415, "unsupported_media_type")
    # Parameters and blanks and case are fine.
    for ctype in ("application/json; charset=utf-8", "Application/JSON", "application/json ;x=y"):
        expect(raw_post(agent, path, json.dumps({"title": "Fine " + ctype}), ctype), 200)


class world_unchanged:
    def __init__(self, t):
        self.t = t

    def __enter__(self):
        self.before = world(self.t)

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            assert world(self.t) == self.before, "a refused request changed data"
        return False


def test_parallel_guesses_counted_before_checking(t):
    """On a server of its own, so the shared server's address is not locked out."""
    import harness
    srv = harness.Server(t.server.binary).start()
    try:
        results = []
        lock = threading.Lock()
        go = threading.Barrier(40)

        def guess():
            go.wait()
            r = Client(srv.port).post("/api/auth/login", {"email": "agent@test.example",
                                                          "password": "wrong-guess"})
            with lock:
                results.append(r)

        threads = [threading.Thread(target=guess) for _ in range(40)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        checked = [r for r in results if r.status == 401]
        limited = [r for r in results if r.status == 429]
        assert len(checked) == 5 and len(limited) == 35, \
            sorted(r.status for r in results)
        for r in limited:
            assert r.error()["code"] == "rate_limited", r
        # The right password is refused too until the window ends.
        expect(Client(srv.port).post("/api/auth/login", {"email": "agent@test.example",
                                                         "password": PASSWORD}),
               429, "rate_limited")
    finally:
        rc = srv.stop()
        srv.cleanup()
    assert rc == 0, f"the second server exited with {rc}"


def test_times_accepted_come_back_accepted(t):
    agent = t.as_("agent")
    for bad in ("1900-01-01T00:00:00+05:30", "9999-12-31T23:59:59-14:00",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "1900-01-01"):
        with NoNewTickets(t, "b2c"):
            expect(agent.post("/api/tickets/b2c/create", b2c_body(delivery_date=bad)), 422,
                   "invalid", "delivery_date")
        expect(t.as_("admin").post("/api/test/clock", {"now": bad}), 422, "invalid", "now")
    for edge in ("1970-01-01T00:00:01Z", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59+14:00",
                 "2026-11-24T07:30:00+05:30"):
        tk = expect(agent.post("/api/tickets/b2c/create", b2c_body(delivery_date=edge)), 201)
        back = tk["delivery_date"]
        # What came back is accepted as it is, and stays the same.
        again = expect(agent.post(f"/api/tickets/b2c/{tk['ticket_id']}/update",
                                  {"delivery_date": back}), 200)
        assert again["delivery_date"] == back, (edge, back, again["delivery_date"])


def test_cross_site_requests_with_cookie_refused(t):
    agent = t.as_("agent")
    tk = b2c(t)
    path = f"/api/tickets/b2c/{tk['ticket_id']}/update"
    here = f"http://127.0.0.1:{t.port}"
    with Unchanged(t, "b2c", tk["ticket_id"]):
        for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                        {"Origin": f"http://127.0.0.1:{t.port}.evil.example"},
                        {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                        {"Sec-Fetch-Site": "cross-site", "Origin": here}):
            expect(agent.post(path, {"title": "Forged"}, headers=headers), 403, "forbidden")
            # A cross-site form can send multipart: refused the same way.
            data, ctype = multipart([("photos", "x.png", "image/png", png(seed=45))])
            r = agent.request("POST", f"/api/tickets/b2c/{tk['ticket_id']}/photos", raw=data,
                              headers=dict(headers, **{"Content-Type": ctype}))
            expect(r, 403, "forbidden")
    with NoNewTickets(t, "b2c"):
        expect(agent.post("/api/tickets/b2c/create", b2c_body(),
                          headers={"Origin": "https://evil.example"}), 403, "forbidden")
    # The same origin, the user's own navigation and clients that are not browsers (no
    # Origin, no Sec-Fetch-Site) may change data; reads are never refused.
    expect(agent.post(path, {"title": "From the app"}, headers={"Origin": here}), 200)
    expect(agent.post(path, {"title": "Same origin"},
                      headers={"Sec-Fetch-Site": "same-origin", "Origin": here}), 200)
    expect(agent.post(path, {"title": "No headers"}), 200)
    expect(agent.get(f"/api/tickets/b2c/{tk['ticket_id']}",
                     headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}),
           200)


def test_body_refused_before_it_is_read_unless_signed_in(t):
    """An upload by someone not signed in (or with a role the route does not admit) is
    answered from its headers alone: the server has not waited for a byte of its body."""
    anon = t.anon()
    for path in ("/api/uploads", "/api/tickets/b2c/create", "/api/tickets/b2b/1/attachments"):
        status, env = oversized(anon, "POST", path, size=40 << 20,
                                content_type="multipart/form-data; boundary=x")
        assert status == 401 and env and env["code"] == "unauthorized", (path, status, env)
    status, env = oversized(t.as_("reporter"), "POST", "/api/uploads", size=40 << 20,
                            content_type="multipart/form-data; boundary=x")
    assert status == 403 and env["code"] == "forbidden", (status, env)
    status, env = oversized(anon, "POST", "/api/no/such/route", size=40 << 20)
    assert status == 404 and env["code"] == "not_found", (status, env)


def big_pdf(n, seed):
    """A PDF of about n bytes (a comment pads it), different for each seed."""
    pad = hashlib.sha256(str(seed).encode()).hexdigest().encode() * (n // 64 + 1)
    return (b"%PDF-1.4\n%" + pad[:n] + b"\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def test_large_upload_goes_through_a_spool_file(t):
    """A body larger than a request's share of memory is kept in an unnamed spool file and
    reaches the handler whole; nothing of it is left in the data directory."""
    agent = t.as_("agent")
    before = set(os.listdir(t.server.data))
    for size in (60 << 10, 70 << 10, 3 << 20):
        data = big_pdf(size, size)
        items = expect(raw_multipart(agent, "/api/uploads", b"big.pdf", data), 201)["items"]
        assert items[0]["sha256"] == hashlib.sha256(data).hexdigest(), items
        got = agent.get(items[0]["url"])
        assert got.status == 200 and got.raw == data, (size, got.status, len(got.raw))
    # A JSON body past the share in memory, too (blanks are JSON).
    tk = b2c(t)
    padded = '{"title": "Bruised mangoes, 4 crates"' + " " * (200 << 10) + "}"
    body = expect(raw_post(agent, f"/api/tickets/b2c/{tk['ticket_id']}/update", padded), 200)
    assert body["title"] == "Bruised mangoes, 4 crates", body
    leftovers = {n for n in set(os.listdir(t.server.data)) - before if "body" in n}
    assert not leftovers, leftovers


def closed_by_server(sock, dribble, within=60):
    """Sends dribble's bytes one at a time, half a second apart, until the server closes the
    connection; whether it did before `within` seconds (a bound for a loaded machine, not a
    measurement: the deadline under test is two seconds)."""
    import time
    sock.settimeout(0.5)
    end = time.time() + within
    i = 0
    while time.time() < end:
        try:
            sock.send(dribble[i % len(dribble):i % len(dribble) + 1])
            i += 1
            data = sock.recv(4096)
            if not data:
                return True
            if b" 408 " in data[:16] or b"HTTP/1.1 4" in data[:12]:
                return True
        except socket.timeout:
            continue
        except OSError:
            return True
    return False


def answered_soon(client, path, within=30):
    """client's GET of path, tried again while the server refuses the connection (a reset)
    for up to `within` seconds (a bound for a loaded machine)."""
    import time
    end = time.time() + within
    while True:
        try:
            return client.get(path)
        except ConnectionResetError:
            if time.time() >= end:
                raise
            time.sleep(0.2)


def test_one_client_cannot_hold_every_connection(t):
    """On a server of its own with a small per-address limit and a 2 s request deadline."""
    import harness
    srv = harness.Server(t.server.binary, extra_args=[
        "--max-connections-per-address", "8", "--request-deadline", "2"]).start()
    held = []
    try:
        # One address opens more connections than it may, each trickling a request.
        for _ in range(20):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            s.sendall(b"GET /api/me HTTP/1.1\r\nHost: x\r\n")
            held.append(s)
        # Someone else is still answered while they are open.
        other = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30,
                                           source_address=("127.0.0.2", 0))
        other.request("GET", "/healthz")
        assert other.getresponse().status == 200
        other.close()
        # Those over the limit were closed at once; the others are closed at the deadline
        # however steadily they send.
        for s in held:
            assert closed_by_server(s, b"X-Slow: 1\r\n"), "a trickling request outlived it"
        # A body trickled after complete headers meets the same deadline.
        c = srv.clients["agent"]
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        s.sendall(("POST /api/tickets/b2c/create HTTP/1.1\r\nHost: x\r\nCookie: " + c.cookie +
                   "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                  .encode())
        assert closed_by_server(s, b" "), "a trickling body outlived the deadline"
        s.close()
        # And the server still answers once the slots are free again: a slot is given back
        # when the server cleans up the connection it closed, a moment after closing it, so
        # until then this address may still be over its limit and refused (a reset).
        for s in held:
            s.close()
        held = []
        expect(answered_soon(srv.clients["agent"], "/api/me"), 200)
    finally:
        for s in held:
            s.close()
        rc = srv.stop()
        srv.cleanup()
    assert rc == 0, f"the second server exited with {rc}"


def test_bytes_that_are_not_utf8_find_nothing_on_every_engine(t):
    """A path or search holding bytes that are not UTF-8 is no error: PostgreSQL refuses such
    text, so ticketd hands it the bytes made valid (U+FFFD), and both engines find nothing."""
    agent = t.as_("agent")
    expect(agent.get("/api/batches/%FF"), 404, "not_found")
    expect(agent.get("/api/tickets/b2b/B2B-%FF%FE"), 404, "not_found")
    expect(agent.get("/api/tickets/b2b/list?q=tomato%FF"), 200)  # not 500
