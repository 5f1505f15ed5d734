"""Crashes lose nothing that was acknowledged: writers create B2C quality complaints with a
photo each, concurrently; the server is killed (SIGKILL) at a random moment, started again
on the same data, and every create that was answered 201 is there with its photo, and
SQLite's integrity check is clean (on PostgreSQL and SQLite alike, the kept totals equal a
count of the rows).  A handful of cycles here; `make soak` runs many
(TICKETD_CRASH_CYCLES) and prints its figures."""
import hashlib
import json
import os
import random
import sqlite3
import threading
import time

import harness
from harness import Client
from fixtures import b2c_body
from test_evidence import multipart, png

WRITERS = 6


def cycles():
    return int(os.environ.get("TICKETD_CRASH_CYCLES", "3"))


def restart(srv):
    """Starts ticketd again on the same data (the same port when it is still free); the
    sessions are in the database, so every client stays signed in."""
    port = srv.spawn(srv.port) or srv.spawn(0)
    assert port, "ticketd did not start again"
    if port != srv.port:
        srv.port = port
        for c in srv.clients.values():
            c.port = port


COUNTED = "SELECT kind, status, priority_rank, count(*) FROM tickets GROUP BY 1, 2, 3"
KEPT = "SELECT kind, status, priority_rank, n FROM ticket_counts WHERE n <> 0"


def check_store(srv):
    """After a kill -9: on SQLite the file passes its integrity check; on either engine the
    totals kept beside the tickets (ticket_counts) still equal a count of the rows, so no
    transaction was half kept."""
    if harness.engine() == "sqlite":
        db = sqlite3.connect(os.path.join(srv.data, "ticketd.db"))
        try:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            counted, kept = (sorted(db.execute(q).fetchall()) for q in (COUNTED, KEPT))
        finally:
            db.close()
    else:
        name = srv.database.split("dbname=")[1].split()[0]
        counted, kept = (sorted(harness.POSTGRES.psql(q, db=name).splitlines())
                         for q in (COUNTED, KEPT))
    assert counted == kept, (counted, kept)


def test_kill_9_loses_no_acknowledged_write(t):
    rng = random.Random(int(os.environ.get("TICKETD_CRASH_SEED", "1919")))
    srv = harness.Server(t.server.binary).start()
    acked = {}  # ticket_id -> sha256 of its photo
    lock = threading.Lock()
    started = time.time()
    attempts = 0
    try:
        for cycle in range(cycles()):
            stop = threading.Event()
            cookie = srv.clients["agent"].cookie

            def writer(w):
                nonlocal attempts
                c = Client(srv.port)
                c.cookie = cookie
                i = 0
                while not stop.is_set():
                    i += 1
                    image = png(w=8, h=8, seed=(cycle * 1000 + w * 100 + i) % 256)
                    ticket = b2c_body(category="spoiled_items",
                                      description=f"c{cycle} w{w} #{i}: mould on the berries")
                    body, ctype = multipart([
                        ("ticket", None, "application/json", json.dumps(ticket).encode()),
                        ("photos", f"crate-{i}.png", "image/png", image)])
                    try:
                        r = c.request("POST", "/api/tickets/b2c/create", raw=body,
                                      headers={"Content-Type": ctype})
                    except OSError:
                        return  # the server is gone: this one was never acknowledged
                    with lock:
                        attempts += 1
                    if r.status == 201:
                        with lock:
                            acked[r.json["ticket_id"]] = hashlib.sha256(image).hexdigest()
                    elif r.status != 503:
                        raise AssertionError(f"create answered {r}")

            threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
            for th in threads:
                th.start()
            time.sleep(rng.uniform(0.3, 1.5))
            srv.proc.kill()
            srv.proc.wait(timeout=30)
            srv.proc = None
            srv.log.close()
            stop.set()
            for th in threads:
                th.join(timeout=60)
            check_store(srv)
            restart(srv)
        admin = srv.clients["agent"]
        missing = []
        for tid, sha in acked.items():
            r = admin.get(f"/api/tickets/b2c/{tid}/attachments")
            if r.status != 200 or sha not in [a["sha256"] for a in r.json["items"]]:
                missing.append((tid, r.status))
        assert not missing, f"{len(missing)} acknowledged creates lost: {missing[:10]}"
        assert len(acked) > 0, "no create was acknowledged"
        if os.environ.get("TICKETD_CRASH_CYCLES"):
            print(f"crash: {cycles()} kill -9 cycles, {attempts} creates answered, "
                  f"{len(acked)} acknowledged (201), all present with their photos, "
                  f"store consistent every cycle ({harness.engine()}), "
                  f"{time.time() - started:.0f} s")
    finally:
        rc = srv.stop()
        srv.cleanup()
    assert rc == 0, f"the crash test's server exited with {rc}"
