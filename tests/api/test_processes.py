"""Several ticketd on one PostgreSQL database (issue 14): creates through two processes at
once get unique ticket numbers without gaps, two sweeps at once escalate and notify each
ticket exactly once, a file uploaded through one is served by the other, and a sign-out on
one is honoured by the other once its sign-in cache has expired."""
import threading
import time
from datetime import timedelta

import harness
from harness import expect
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
