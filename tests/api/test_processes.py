"""Several ticketd on one PostgreSQL database (issue 14): creates through two processes at
once get unique ticket numbers without gaps, two sweeps at once escalate and notify each
ticket exactly once, a file uploaded through one is served by the other, and a sign-out on
one is honoured by the other once its sign-in cache has expired."""
import threading
import time
from datetime import timedelta

import harness
from harness import expect
from fixtures import b2c_body
from test_evidence import png, send
from test_sla import T0, b2b, records, set_clock, sweep

SIGN_IN_CACHE_S = 5  # src/service/auth.c: sign-ins are remembered this long per thread


def pair(t):
    """Two ticketd of one deployment: one database, one file store (the S3 stand-in when
    the suite runs with --files s3, else a shared data directory)."""
    a = t.server.sibling()
    try:
        return a, a.join()
    except Exception:
        a.cleanup()
        raise


@harness.only_on("postgresql")
def test_creates_through_two_processes_number_densely(t):
    a, b = pair(t)
    try:
        records(a)
        made, errors = [], []

        def create(server, n):
            for _ in range(n):
                r = server.clients["agent"].post("/api/tickets/b2b/create", {
                    "customer_id": "C1", "so_id": "SO1", "category": "late_delivery",
                    "priority": "high", "description": "Van late",
                    "requested_resolution": "goodwill"})
                (made if r.status == 201 else errors).append(r)

        threads = [threading.Thread(target=create, args=(s, 40)) for s in (a, b, a, b)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert not errors, errors[:3]
        numbers = sorted(int(r.json["number"].split("-")[1]) for r in made)
        assert numbers == list(range(1, 161)), numbers
        # Both processes see every ticket, and the totals agree with the rows.
        for s in (a, b):
            got = expect(s.clients["admin"].get("/api/tickets/b2b/list?limit=200"), 200)
            assert got["total"] == 160 and len(got["items"]) == 160
    finally:
        b.cleanup()
        a.cleanup()


@harness.only_on("postgresql")
def test_two_sweeps_at_once_escalate_each_ticket_once(t):
    a, b = pair(t)
    try:
        records(a)
        for s in (a, b):
            set_clock(s, T0)
        ids = [b2b(a if i % 2 else b, "high")["ticket_id"] for i in range(30)]
        mgr = a.clients["manager"]
        before = expect(mgr.get("/api/notifications?limit=100"), 200)["unread"]
        for s in (a, b):
            set_clock(s, T0 + timedelta(hours=4, minutes=1))
        results = {}

        def run(name, s):
            results[name] = sweep(s)

        threads = [threading.Thread(target=run, args=(n, s)) for n, s in (("a", a), ("b", b))]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert results["a"]["escalated"] + results["b"]["escalated"] == 30, results
        for tid in ids:
            tl = expect(a.clients["agent"].get(f"/api/tickets/b2b/{tid}/timeline"),
                        200)["items"]
            assert len([e for e in tl if e["type"] == "escalated"]) == 1, tid
            tk = expect(b.clients["agent"].get(f"/api/tickets/b2b/{tid}"), 200)
            assert tk["priority"] == "urgent" and tk["escalation_level"] == 1, tk
        after = expect(mgr.get("/api/notifications?limit=100"), 200)["unread"]
        assert after == before + 30, (before, after)
        # And again: nothing is left to do on either.
        assert sweep(a)["escalated"] == 0 and sweep(b)["escalated"] == 0
    finally:
        b.cleanup()
        a.cleanup()


@harness.only_on("postgresql")
def test_upload_through_one_download_through_the_other(t):
    a, b = pair(t)
    try:
        data = png(seed=42)
        up = expect(send(a.clients["agent"], "/api/uploads",
                         [("files", "crate.png", "image/png", data)]), 201)["items"][0]
        records(a)
        tk = expect(b.clients["agent"].post("/api/tickets/b2b/create", {
            "customer_id": "C1", "so_id": "SO1", "category": "damaged_items",
            "priority": "high", "description": "Crushed crate", "requested_resolution":
            "credit_note", "photo_upload_ids": [up["attachment_id"]]}), 201)
        items = expect(b.clients["agent"].get(
            f"/api/tickets/b2b/{tk['ticket_id']}/attachments"), 200)["items"]
        assert len(items) == 1
        for s in (a, b):
            got = s.clients["agent"].get(items[0]["url"])
            assert got.status == 200 and got.raw == data, got
    finally:
        b.cleanup()
        a.cleanup()


@harness.only_on("postgresql")
def test_sign_out_on_one_is_refused_on_the_other(t):
    a, b = pair(t)
    try:
        c = harness.Client(a.port)
        expect(c.post("/api/auth/login", {"email": "agent@test.example",
                                          "password": harness.PASSWORD}), 200)
        cookie = c.cookie
        other = harness.Client(b.port)
        other.cookie = cookie
        expect(other.get("/api/me"), 200)
        expect(c.post("/api/auth/logout"), 200)
        expect(harness.Client(a.port).get("/api/me", headers={"Cookie": cookie}), 401)
        # The other process may still know the sign-in from its cache, for at most its
        # lifetime (docs/deploy.md); after that it asks the database, which says no.
        time.sleep(SIGN_IN_CACHE_S + 1)
        expect(other.get("/api/me"), 401, "unauthorized")
    finally:
        b.cleanup()
        a.cleanup()


@harness.only_on("postgresql")
def test_the_pool_caps_the_connections(t):
    """With --db-pool 2, a process lends at most two connections at once (besides the
    writers' own): requests beyond that wait their turn and still succeed."""
    s = harness.Server(t.server.binary, extra_args=["--db-pool", "2"]).start()
    try:
        records(s)
        b2b(s)
        failures = []

        def load():
            for _ in range(25):
                r = s.clients["agent"].get("/api/tickets/b2b/list")
                if r.status != 200:
                    failures.append(r)
                r = s.clients["agent"].post("/api/tickets/b2b/create", {
                    "customer_id": "C1", "so_id": "SO1", "category": "late_delivery",
                    "priority": "high", "description": "Van late",
                    "requested_resolution": "goodwill"})
                if r.status != 201:
                    failures.append(r)

        threads = [threading.Thread(target=load) for _ in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert not failures, failures[:3]
        dbname = s.database.split("dbname=")[1].split()[0]
        conns = int(harness.POSTGRES.psql(
            f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{dbname}'"))
        assert 1 <= conns <= 3, conns  # two lent, one the writers'
        got = expect(s.clients["admin"].get("/api/tickets/b2b/list?limit=1"), 200)
        assert got["total"] == 201
    finally:
        s.cleanup()


@harness.only_on("postgresql")
def test_mixed_changes_through_two_processes(t):
    """Creates of both kinds and status changes through two processes at once: their
    transactions lock ticket counters and totals in different orders, so PostgreSQL may
    find a deadlock and abort one; ticketd runs such a change again, and every one is
    answered and kept, with dense numbers per kind and totals equal to the rows."""
    a, b = pair(t)
    try:
        records(a)
        errors, made = [], {"b2b": [], "b2c": []}
        lock = threading.Lock()

        def work(server, order):
            c = server.clients["agent"]
            for i in range(20):
                for kind in order:
                    if kind == "b2b":
                        r = c.post("/api/tickets/b2b/create", {
                            "customer_id": "C1", "so_id": "SO1", "category": "late_delivery",
                            "priority": "high", "description": "Van late",
                            "requested_resolution": "goodwill"})
                    else:
                        r = c.post("/api/tickets/b2c/create", b2c_body(priority="medium"))
                    with lock:
                        (made[kind] if r.status == 201 else errors).append(
                            r.json["number"] if r.status == 201 else r)
                    if r.status == 201:
                        s = c.post(f"/api/tickets/{kind}/{r.json['ticket_id']}/assign",
                                   {"assigned_to": server.users["agent"]["user_id"]})
                        if s.status != 200:
                            with lock:
                                errors.append(s)

        threads = [threading.Thread(target=work, args=args)
                   for args in ((a, ("b2b", "b2c")), (b, ("b2c", "b2b")),
                                (a, ("b2c", "b2b")), (b, ("b2b", "b2c")))]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert not errors, errors[:3]
        for kind, numbers in made.items():
            assert sorted(int(n.split("-")[1]) for n in numbers) == list(range(1, 81)), kind
            got = expect(a.clients["admin"].get(
                f"/api/tickets/{kind}/list?status=assigned&limit=1"), 200)
            assert got["total"] == 80, (kind, got["total"])
    finally:
        b.cleanup()
        a.cleanup()


@harness.only_on("postgresql")
def test_connections_the_server_drops_are_opened_again(t):
    """PostgreSQL restarts or a pooler closes idle connections: every connection ticketd
    holds is terminated by the server, and the next reads and writes still succeed (each
    connection is opened again before it is used)."""
    s = t.server.sibling()
    try:
        records(s)
        first = b2b(s)
        expect(s.clients["agent"].get(f"/api/tickets/b2b/{first['ticket_id']}"), 200)
        dbname = s.database.split("dbname=")[1].split()[0]
        killed = int(harness.POSTGRES.psql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            f"WHERE datname = '{dbname}' AND pid <> pg_backend_pid()"))
        assert killed >= 2, killed  # the pooled connections and the writers' own
        time.sleep(0.2)  # the terminations land
        for _ in range(3):
            tk = b2b(s)
            got = expect(s.clients["manager"].get(f"/api/tickets/b2b/{tk['ticket_id']}"), 200)
            assert got["number"] == tk["number"]
        assert expect(s.clients["admin"].get("/api/tickets/b2b/list"), 200)["total"] == 4
    finally:
        s.cleanup()


@harness.only_on("postgresql")
def test_two_sweeps_at_once_tell_each_of_many_escalations_once(t):
    """150 tickets due at once, swept by two processes together in batches: each escalated
    once, and each escalation told to a manager once, alone or in a digest."""
    a, b = pair(t)
    try:
        records(a)
        for s in (a, b):
            set_clock(s, T0)
        ids = [b2b(a if i % 2 else b, "high")["ticket_id"] for i in range(150)]
        mgr = a.clients["manager"]
        seen = {n["notification_id"] for n in
                expect(mgr.get("/api/notifications?limit=200"), 200)["items"]}
        for s in (a, b):
            set_clock(s, T0 + timedelta(hours=4, minutes=1))
        results = {}

        def run(name, s):
            results[name] = sweep(s)

        threads = [threading.Thread(target=run, args=(n, s)) for n, s in (("a", a), ("b", b))]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert results["a"]["escalated"] + results["b"]["escalated"] == 150, results
        for tid in ids[::15]:
            tl = expect(a.clients["agent"].get(f"/api/tickets/b2b/{tid}/timeline"),
                        200)["items"]
            assert len([e for e in tl if e["type"] == "escalated"]) == 1, tid
        new = [n for n in expect(mgr.get("/api/notifications?limit=200"), 200)["items"]
               if n["notification_id"] not in seen and n["type"] == "escalation"]
        told = sum(1 if n.get("ticket_id") else int(n["title"].split()[0]) for n in new)
        assert told == 150, [(n["ticket_id"], n["title"]) for n in new if not n["ticket_id"]]
        assert sweep(a)["escalated"] == 0 and sweep(b)["escalated"] == 0
    finally:
        b.cleanup()
        a.cleanup()
