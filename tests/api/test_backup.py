"""`ticketd backup FILE` (issue 18): a consistent copy of the SQLite database taken while the
server serves and a thread keeps creating tickets, with the attachments in FILE.files; the
copy passes SQLite's integrity check, and a ticketd started on it (restored as
docs/deploy.md says) serves the tickets and the photo.  On PostgreSQL the command refuses
and points to pg_dump."""
import os
import shutil
import sqlite3
import threading

import harness
from harness import expect
from test_evidence import multipart, png


def create_internal(client, n):
    return expect(client.post("/api/tickets/internal/create", {
        "title": f"Backup load {n}", "category": "bug", "priority": "low",
        "description": "Written while the backup runs.", "steps_to_reproduce": "1",
        "expected_behavior": "2", "actual_behavior": "3"}), 201)


@harness.only_on("sqlite")
def test_backup_under_write_load_restores(t):
    s = harness.Server(t.server.binary).start()
    restored = None
    try:
        reporter = s.clients["reporter"]
        first = create_internal(reporter, 0)
        photo = png(seed=77)
        raw, ctype = multipart([("files", "screen.png", "image/png", photo)])
        expect(reporter.request("POST", f"/api/tickets/internal/{first['ticket_id']}/attachments",
                                raw=raw, headers={"Content-Type": ctype}), 201)
        for i in range(1, 40):
            create_internal(reporter, i)
        # Writes keep coming while the backup runs.
        stop = threading.Event()
        made = []
        errors = []

        def writer():
            c = harness.Client(s.port)
            c.cookie = reporter.cookie
            n = 1000
            while not stop.is_set():
                r = c.post("/api/tickets/internal/create", {
                    "title": f"During backup {n}", "category": "bug", "priority": "low",
                    "description": "x", "steps_to_reproduce": "1",
                    "expected_behavior": "2", "actual_behavior": "3"})
                if r.status != 201:
                    errors.append(r)
                    return
                made.append(r.json["ticket_id"])
                n += 1

        th = threading.Thread(target=writer)
        th.start()
        try:
            while len(made) < 5:  # the writer is under way before the backup starts
                if errors or not th.is_alive():
                    break
                threading.Event().wait(0.01)
            dest = os.path.join(s.dir, "backup", "ticketd-copy.db")
            os.makedirs(os.path.dirname(dest))
            r = s.cli("backup", dest)
            during = len(made)
        finally:
            stop.set()
            th.join()
        assert not errors, errors[:1]
        assert r.returncode == 0, r.stderr
        assert "1 files" in r.stdout, r.stdout
        assert during > 0 and len(made) > 0
        # A second backup to the same name is refused, nothing overwritten.
        again = s.cli("backup", dest)
        assert again.returncode == 1 and "exists" in again.stderr, again.stderr

        db = sqlite3.connect(dest)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n_copy = db.execute("SELECT count(*) FROM tickets").fetchone()[0]
        ids = [row[0] for row in db.execute("SELECT ticket_id FROM tickets")]
        sha = db.execute("SELECT sha256 FROM attachments").fetchone()[0]
        db.close()
        assert 40 <= n_copy <= 40 + len(made), (n_copy, len(made))
        assert os.path.exists(os.path.join(dest + ".files", "files", sha[:2], sha[2:])) or \
            any(sha in names for _, _, names in os.walk(dest + ".files"))

        # Restore as docs/deploy.md says: the database as DATA/ticketd.db, the files beside.
        restored = harness.Server(t.server.binary, roles=[])
        os.makedirs(restored.data)
        shutil.copy(dest, os.path.join(restored.data, "ticketd.db"))
        for sub in os.listdir(dest + ".files"):
            shutil.copytree(os.path.join(dest + ".files", sub), os.path.join(restored.data, sub))
        restored.roles = ["reporter", "admin"]
        restored.launch()  # the users came with the copy: sign in as them
        rc = restored.clients["reporter"]
        got = expect(rc.get(f"/api/tickets/internal/{first['ticket_id']}"), 200)
        assert got["title"] == "Backup load 0"
        for tid in ids[-3:]:
            expect(rc.get(f"/api/tickets/internal/{tid}"), 200)
        att = expect(rc.get(f"/api/tickets/internal/{first['ticket_id']}/attachments"),
                     200)["items"]
        assert len(att) == 1
        body = rc.get(att[0]["url"])
        assert body.status == 200 and body.raw == photo, body
    finally:
        if restored:
            restored.cleanup()
        s.cleanup()


@harness.only_on("postgresql")
def test_backup_on_postgresql_says_pg_dump(t):
    r = t.server.cli("backup", os.path.join(t.server.dir, "never.db"))
    assert r.returncode == 1 and "pg_dump" in r.stderr, r.stderr
    assert not os.path.exists(os.path.join(t.server.dir, "never.db"))


def test_backup_needs_a_file(t):
    r = t.server.cli("backup")
    assert r.returncode == 2 and "backup FILE" in r.stderr, r.stderr
