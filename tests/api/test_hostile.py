"""What probing as an attacker found (issue 19), each closed: file names that are not UTF-8,
encoded NULs and control characters in paths, look-alike JSON media types, times outside
the accepted range, sign-in guesses sent at once, cross-site requests riding a cookie, and
uploads from callers who are not signed in.  Every refusal is the JSON error envelope and
changes nothing."""
import json
import socket
import threading

from harness import Client, PASSWORD, expect
from fixtures import NoNewTickets, Unchanged, b2b_setup, b2c, b2c_body, new_user, raw_post, world
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
