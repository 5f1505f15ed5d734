"""Idempotency-Key (issue 16): a request that may change data, sent with the header, is
carried out once per (caller, key); a retry with the key gets the first answer (same status
and body, with Idempotent-Replayed: true) and makes nothing twice.

Every route of the table that may change data is covered: test_every_route_replays sends each
one twice with one key and checks the replay (a route added to src/api/routes.c is in it at
once), test_openapi_documents_the_header checks each such operation documents the header,
and the routes that make something are checked for no duplicate one by one below."""
import threading
import uuid
from datetime import datetime, timedelta, timezone

import harness
import test_portal
from harness import Client, expect
from fixtures import (b2b_body, b2b_setup, b2c_body, internal_body, reset_clock, set_clock,
                      uid)
from test_evidence import multipart, png
from test_openapi import doc, operations, resolve, routes

CHANGING = ("POST", "PUT", "PATCH", "DELETE")
IDEM_REF = "#/components/parameters/IdempotencyKey"


def key():
    return str(uuid.uuid4())


def total(t, kind):
    return expect(t.as_("admin").get(f"/api/tickets/{kind}/list?limit=1"), 200)["total"]


def twice(client, method, path, body=None, raw=None, headers=None, k=None):
    """The same request sent twice with one key: (first answer, second answer)."""
    h = dict(headers or {}, **{"Idempotency-Key": k or key()})
    a = client.request(method, path, body=body, raw=raw, headers=h)
    b = client.request(method, path, body=body, raw=raw, headers=h)
    return a, b


def replayed(first, again):
    assert "idempotent-replayed" not in first.headers, first.headers
    assert again.headers.get("idempotent-replayed") == "true", (first, again.headers)
    assert again.status == first.status and again.raw == first.raw, (first, again)
    assert again.headers.get("location") == first.headers.get("location")


def form(parts, boundary):
    body, ctype = multipart(parts, boundary=boundary)
    return body, {"Content-Type": ctype}


# --- every route --------------------------------------------------------------------------

PUBLIC = {(m, p) for m, p, _, roles in routes() if not roles}


def changing_routes():
    return [(m, p, roles) for m, p, _, roles in routes() if m in CHANGING]


def test_public_routes_are_the_only_exempt_ones(t):
    # The routes that ignore the header are exactly those without a caller: the sign-ins, the
    # sign-outs, the signed WhatsApp webhook and the portal's survey links (docs/decisions.md).
    # Any other route that changes data must take the key.
    exempt = {(m, p) for m, p, roles in changing_routes() if not roles}
    assert exempt == {("POST", "/api/auth/login"), ("POST", "/api/auth/logout"),
                      ("POST", "/api/whatsapp/webhook"), ("POST", "/api/portal/auth/code"),
                      ("POST", "/api/portal/auth/verify"), ("POST", "/api/portal/auth/link"),
                      ("POST", "/api/portal/auth/password"), ("POST", "/api/portal/auth/logout"),
                      ("POST", "/api/portal/survey"), ("POST", "/api/portal/survey/answer")}, \
        exempt


def test_openapi_documents_the_header(t):
    d = doc()
    ops = operations()
    missing = []
    for m, p, roles in changing_routes():
        op = ops.get((m, p))
        assert op is not None, f"{m} {p} is not in docs/openapi.yaml"
        refs = [x.get("$ref") for x in op.get("parameters", [])]
        if roles and IDEM_REF not in refs:
            missing.append(f"{m} {p}")
        if not roles:
            assert IDEM_REF not in refs, f"{m} {p} is public and ignores the header"
    assert not missing, f"operations without the Idempotency-Key parameter: {missing}"
    header = resolve(d, {"$ref": IDEM_REF})
    assert header["in"] == "header" and header["name"] == "Idempotency-Key"


def test_every_route_replays(t):
    """Each route that changes data, called twice with one key by a role it admits: the
    second answer is the first, replayed, whatever it was (a success, or a refusal of an
    empty body or a missing id); a third call with the key and another body is 422."""
    srv = harness.Server(t.server.binary).start()
    try:
        tb = harness.T(srv)
        b2c = expect(tb.as_("agent").post("/api/tickets/b2c/create", b2c_body()), 201)
        internal = expect(tb.as_("reporter").post("/api/tickets/internal/create",
                                                  internal_body()), 201)
        ids = {"b2c": str(b2c["ticket_id"]), "internal": str(internal["ticket_id"])}
        customer, _ = test_portal.home(srv)
        clients = dict(srv.clients, portal=test_portal.by_link(srv, customer["customer_id"]))
        checked = []
        for m, p, roles in changing_routes():
            if not roles:
                continue
            role = "admin" if "admin" in roles else roles[0]
            if p == "/api/auth/logout":
                continue
            kind = p.split("/")[3] if p.startswith("/api/tickets/") else None
            path = p.replace("{id}", ids.get(kind, "999999"))
            path = path.replace("{system}", "zoho").replace("{so_id}", "SO-NONE")
            path = path.replace("{number}", "B2C-999999").replace("{contact_id}", "999999")
            body = {} if m != "DELETE" else None
            first, again = twice(clients[role], m, path, body=body)
            if first.status >= 500:
                # A failure of the server is not kept: the retry ran again.
                assert "idempotent-replayed" not in again.headers, (m, p, again)
            elif p == "/api/tokens":
                # Its answer holds the new token's secret, which is not kept: the retry is
                # told what was done.
                expect(again, 409, "conflict", "Idempotency-Key")
                assert again.headers.get("idempotent-replayed") == "true"
            else:
                replayed(first, again)
                k = key()
                clients[role].request(m, path, body=body, headers={"Idempotency-Key": k})
                other = clients[role].request(m, path, body={"x": uid()},
                                              headers={"Idempotency-Key": k})
                expect(other, 422, "invalid", "Idempotency-Key")
            checked.append((m, p))
        assert len(checked) >= 80, checked
    finally:
        srv.cleanup()


# --- no duplicates ------------------------------------------------------------------------


def test_portal_claims_once_per_customer(t):
    """A customer's phone sending a claim again with its key makes one ticket; another
    customer's request with the same key is theirs, not a replay of the first's."""
    srv = harness.Server(t.server.binary).start()
    try:
        made = []
        k = key()
        for _ in range(2):
            customer, so = test_portal.home(srv)
            c = test_portal.by_link(srv, customer["customer_id"])
            body = {"so_id": so, "category": "missing_items", "items_affected": "Strawberries",
                    "description": "One punnet short."}
            first, again = twice(c, "POST", "/api/portal/claims", body=body, k=k)
            expect(first, 201)
            replayed(first, again)
            made.append(first.json)
            mine = expect(c.get("/api/portal/tickets"), 200)["items"]
            assert len(mine) == 1, mine
        assert made[0] != made[1], made
    finally:
        srv.cleanup()


def test_ticket_creates_replayed_once(t):
    cu, so, _ = b2b_setup(t)
    cases = [("b2b", "agent", b2b_body(cu, so)), ("b2c", "agent", b2c_body()),
             ("internal", "reporter", internal_body())]
    for kind, role, body in cases:
        before = total(t, kind)
        first, again = twice(t.as_(role), "POST", f"/api/tickets/{kind}/create", body=body)
        expect(first, 201)
        replayed(first, again)
        assert total(t, kind) == before + 1, kind


def test_multipart_create_with_photos_once_whatever_the_boundary(t):
    """The offline queue sends the same form again with a new boundary: still one ticket."""
    import json
    agent = t.as_("agent")
    before = total(t, "b2c")
    parts = [("ticket", None, "application/json",
              json.dumps(b2c_body(category="damaged_items", description="Crushed box")
                         ).encode()),
             ("photos", "a.png", "image/png", png(seed=31)),
             ("photos", "b.png", "image/png", png(seed=32))]
    k = key()
    raw, h = form(parts, "----first-boundary")
    first = agent.request("POST", "/api/tickets/b2c/create", raw=raw,
                          headers=dict(h, **{"Idempotency-Key": k}))
    tk = expect(first, 201)
    raw, h = form(parts, "----another-boundary-42")
    again = agent.request("POST", "/api/tickets/b2c/create", raw=raw,
                          headers=dict(h, **{"Idempotency-Key": k}))
    replayed(first, again)
    assert total(t, "b2c") == before + 1
    items = expect(agent.get(f"/api/tickets/b2c/{tk['ticket_id']}/attachments"), 200)["items"]
    assert len(items) == 2, items
    # The same key with one photo less is another request.
    raw, h = form(parts[:2], "----third")
    other = agent.request("POST", "/api/tickets/b2c/create", raw=raw,
                          headers=dict(h, **{"Idempotency-Key": k}))
    expect(other, 422, "invalid", "Idempotency-Key")


def test_photos_and_attachments_added_once(t):
    agent = t.as_("agent")
    tk = expect(agent.post("/api/tickets/b2c/create", b2c_body()), 201)
    path = f"/api/tickets/b2c/{tk['ticket_id']}"
    k = key()
    for boundary in ("----one", "----two"):
        raw, h = form([("photos", "p.png", "image/png", png(seed=41))], boundary)
        r = agent.request("POST", path + "/photos", raw=raw,
                          headers=dict(h, **{"Idempotency-Key": k}))
        expect(r, 201)
    assert r.headers.get("idempotent-replayed") == "true"
    raw, h = form([("files", "q.png", "image/png", png(seed=42))], "----x")
    first, again = twice(agent, "POST", path + "/attachments", raw=raw, headers=h)
    expect(first, 201)
    replayed(first, again)
    items = expect(agent.get(path + "/attachments"), 200)["items"]
    assert len(items) == 2, items
    raw, h = form([("files", "u.png", "image/png", png(seed=43))], "----u")
    first, again = twice(agent, "POST", "/api/uploads", raw=raw, headers=h)
    expect(first, 201)
    replayed(first, again)


def test_comment_view_user_once(t):
    agent, admin = t.as_("agent"), t.as_("admin")
    tk = expect(agent.post("/api/tickets/b2c/create", b2c_body()), 201)
    path = f"/api/tickets/b2c/{tk['ticket_id']}/comments"
    first, again = twice(agent, "POST", path, body={"comment_text": "Called the customer"})
    expect(first, 201)
    replayed(first, again)
    assert len(expect(agent.get(path), 200)["items"]) == 1
    name = uid("View ")
    first, again = twice(agent, "POST", "/api/views",
                         body={"name": name, "list": "b2c", "query": "open=true"})
    expect(first, 201)
    replayed(first, again)
    views = expect(agent.get("/api/views"), 200)["items"]
    assert [v["name"] for v in views].count(name) == 1
    email = f"{uid('u').lower()}@test.example"
    first, again = twice(admin, "POST", "/api/users",
                         body={"email": email, "name": "New Agent", "role": "agent",
                               "password": "a-long-password-1"})
    expect(first, 201)
    replayed(first, again)


def test_token_secret_not_kept_nor_made_twice(t):
    agent = t.as_("agent")
    before = len(expect(agent.get("/api/tokens"), 200)["items"])
    first, again = twice(agent, "POST", "/api/tokens", body={"name": uid("erp")})
    made = expect(first, 201)
    expect(again, 409, "conflict", "Idempotency-Key")
    err = again.error()
    assert made["token"] not in again.raw.decode()
    assert "secret" in err["message"]
    assert len(expect(agent.get("/api/tokens"), 200)["items"]) == before + 1


def test_refusals_are_replayed_too(t):
    # A refusal of the handler is kept like a success (docs/decisions.md): fixing the request
    # means sending it with a new key.
    before = total(t, "b2c")
    first, again = twice(t.as_("agent"), "POST", "/api/tickets/b2c/create",
                         body=b2c_body(description=...))
    expect(first, 422, "invalid")
    replayed(first, again)
    assert total(t, "b2c") == before


def test_mismatched_reuse(t):
    agent = t.as_("agent")
    k = key()
    expect(agent.post("/api/tickets/b2c/create", b2c_body(), headers={"Idempotency-Key": k}),
           201)
    before = total(t, "b2c")
    r = agent.post("/api/tickets/b2c/create", b2c_body(), headers={"Idempotency-Key": k})
    expect(r, 422, "invalid", "Idempotency-Key")
    assert "another body" in r.error()["message"]
    r = agent.post("/api/tickets/internal/create", internal_body(),
                   headers={"Idempotency-Key": k})
    expect(r, 422, "invalid", "Idempotency-Key")
    assert "/api/tickets/b2c/create" in r.error()["message"]
    assert total(t, "b2c") == before


def test_keys_are_per_caller(t):
    before = total(t, "b2c")
    k = key()
    body = b2c_body()
    for role in ("agent", "agent2"):
        r = t.as_(role).post("/api/tickets/b2c/create", body, headers={"Idempotency-Key": k})
        expect(r, 201)
        assert "idempotent-replayed" not in r.headers
    assert total(t, "b2c") == before + 2


def test_bad_keys(t):
    agent = t.as_("agent")
    before = total(t, "b2c")
    for bad, why in (("x" * 256, "at most 255"), ("caf\u00e9-1", "printable ASCII")):
        r = agent.post("/api/tickets/b2c/create", b2c_body(), headers={"Idempotency-Key": bad})
        expect(r, 400, "bad_request", "Idempotency-Key")
        assert why in r.error()["message"], r
    r = agent.post("/api/tickets/b2c/create", b2c_body(), headers={"Idempotency-Key": "x" * 255})
    expect(r, 201)
    assert total(t, "b2c") == before + 1


def test_keys_expire_after_a_day(t):
    agent = t.as_("agent")
    k = key()
    try:
        now = datetime.now(timezone.utc).replace(microsecond=0)
        set_clock(t, now)
        expect(agent.post("/api/tickets/b2c/create", b2c_body(), headers={"Idempotency-Key": k}),
               201)
        set_clock(t, now + timedelta(hours=23))
        expect(agent.post("/api/tickets/b2c/create", b2c_body(),
                          headers={"Idempotency-Key": k}), 422, "invalid", "Idempotency-Key")
        set_clock(t, now + timedelta(hours=24, minutes=1))
        r = agent.post("/api/tickets/b2c/create", b2c_body(), headers={"Idempotency-Key": k})
        expect(r, 201)
        assert "idempotent-replayed" not in r.headers
    finally:
        reset_clock(t)


def same_key_at_once(clients, path, body, n=8):
    """n threads sending one request with one key at once, spread over clients: the
    answers."""
    k = key()
    out = []
    lock = threading.Lock()
    go = threading.Barrier(n)

    def send(c):
        go.wait()
        r = c.post(path, body, headers={"Idempotency-Key": k})
        with lock:
            out.append(r)

    threads = [threading.Thread(target=send, args=(clients[i % len(clients)],))
               for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return k, out


def check_one_made(answers):
    made = [r for r in answers if r.status == 201 and "idempotent-replayed" not in r.headers]
    assert len(made) == 1, answers
    for r in answers:
        if r.status == 409:
            assert r.error()["field"] == "Idempotency-Key" and r.headers.get("retry-after")
        else:
            assert r.status == 201 and r.raw == made[0].raw, r
    return made[0]


def test_same_key_at_once_makes_one(t):
    before = total(t, "b2c")
    body = b2c_body()
    k, answers = same_key_at_once([t.as_("agent")], "/api/tickets/b2c/create", body)
    made = check_one_made(answers)
    assert total(t, "b2c") == before + 1
    r = t.as_("agent").post("/api/tickets/b2c/create", body, headers={"Idempotency-Key": k})
    replayed(made, r)


@harness.only_on("postgresql")
def test_same_key_through_two_processes_makes_one(t):
    a = t.server.sibling()
    try:
        b = a.join()
        try:
            body = b2c_body()
            # One caller (the same agent) signed in on each process.
            clients = [a.clients["agent"], b.clients["agent"]]
            k, answers = same_key_at_once(clients, "/api/tickets/b2c/create", body, n=10)
            made = check_one_made(answers)
            for s in (a, b):
                got = expect(s.clients["admin"].get("/api/tickets/b2c/list?limit=5"), 200)
                assert got["total"] == 1, got
                r = s.clients["agent"].post("/api/tickets/b2c/create", body,
                                            headers={"Idempotency-Key": k})
                replayed(made, r)
        finally:
            b.cleanup()
    finally:
        a.cleanup()


def test_reads_ignore_the_key(t):
    k = key()
    a = t.as_("agent").get("/api/me", headers={"Idempotency-Key": k})
    b = t.as_("agent").get("/api/me", headers={"Idempotency-Key": k})
    assert a.status == b.status == 200 and "idempotent-replayed" not in b.headers


def test_server_failure_is_not_kept_so_the_retry_runs(t):
    """A 503 (the file store unreachable) changed nothing and is not kept: the retry with the
    same key, once the store is back, runs and makes the ticket, once."""
    import json
    import filestore
    from test_files import light_server

    s3 = filestore.S3Standin()
    srv = None
    try:
        srv, lt = light_server(t, s3)
        agent = lt.as_("agent")
        body = b2c_body(category="spoiled_items")
        raw, h = form([("ticket", None, "application/json", json.dumps(body).encode()),
                       ("photos", "box.png", "image/png", png(seed=77))], "----s3")
        h["Idempotency-Key"] = key()
        s3.stop()
        r = agent.request("POST", "/api/tickets/b2c/create", raw=raw, headers=h)
        expect(r, 503, "unavailable")
        r = agent.request("POST", "/api/tickets/b2c/create", raw=raw, headers=h)
        expect(r, 503, "unavailable")
        assert "idempotent-replayed" not in r.headers
        s3.start()
        first = agent.request("POST", "/api/tickets/b2c/create", raw=raw, headers=h)
        made = expect(first, 201)
        assert "idempotent-replayed" not in first.headers and made["photo_count"] == 1
        again = agent.request("POST", "/api/tickets/b2c/create", raw=raw, headers=h)
        replayed(first, again)
        assert total(lt, "b2c") == 1
    finally:
        if srv:
            srv.cleanup()
        s3.cleanup()


def run_sql(srv, statement):
    """Runs one statement on the server's database (both engines), as a process that died
    would have left it."""
    import os
    import sqlite3
    if harness.engine() == "sqlite":
        db = sqlite3.connect(os.path.join(srv.data, "ticketd.db"), timeout=30)
        try:
            db.execute(statement)
            db.commit()
        finally:
            db.close()
    else:
        name = srv.database.split("dbname=")[1].split()[0]
        harness.POSTGRES.psql(statement, db=name)


def body_hash(raw):
    """The hash ticketd keeps of a JSON body (service/idempotency.c): SHA-256 of its length
    (8 bytes, little-endian) and its bytes."""
    import hashlib
    import struct
    return hashlib.sha256(struct.pack("<Q", len(raw)) + raw).hexdigest()


def test_claims_left_by_a_dead_process(t):
    """A claim whose process died is known by its committed mark (written in the change's
    own transaction): one that changed nothing is taken over once its lease (120 s) is past
    and runs; one that changed something is never run again (409, answer lost); a fresh one
    is running (409 with Retry-After)."""
    import json
    import time
    agent = t.as_("agent")
    me = t.user("agent")["user_id"]
    now = int(time.time())
    body = b2c_body()
    raw = json.dumps(body).encode()
    h = body_hash(raw)
    path = "/api/tickets/b2c/create"
    keys = {}
    for name, committed, age in (("dead", 0, 300), ("lost", 1, 300), ("running", 0, 5)):
        keys[name] = key()
        run_sql(t.server, "INSERT INTO idempotency_keys (user_id, idem_key, method, path, "
                f"body_hash, created_at, claimed_at, committed) VALUES ({me}, "
                f"'{keys[name]}', 'POST', '{path}', '{h}', {now - age}, {now - age}, "
                f"{committed})")
    before = total(t, "b2c")
    send = lambda k: agent.request("POST", path, raw=raw,  # noqa: E731
                                   headers={"Content-Type": "application/json",
                                            "Idempotency-Key": k})
    r = send(keys["running"])
    expect(r, 409, "conflict", "Idempotency-Key")
    assert r.headers.get("retry-after") == "1" and "still running" in r.error()["message"]
    r = send(keys["lost"])
    expect(r, 409, "conflict", "Idempotency-Key")
    assert "answer was lost" in r.error()["message"]
    assert total(t, "b2c") == before
    first = send(keys["dead"])
    expect(first, 201)
    replayed(first, send(keys["dead"]))
    assert total(t, "b2c") == before + 1
