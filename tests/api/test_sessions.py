"""Sessions slide (issue 18): activity keeps a session alive for the idle timeout after it,
up to the absolute limit after the sign-in; both are workflow settings admins edit
(session_idle_hours, default 12; session_max_days, default 7).  The session's row is written
at most once a minute, not on every request."""
import os
import sqlite3
from datetime import datetime, timedelta, timezone

import harness
from harness import expect

T0 = datetime(2026, 4, 6, 4, 30, tzinfo=timezone.utc)
PASSWORD = harness.PASSWORD


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def at(s, dt):
    expect(s.clients["admin"].post("/api/test/clock", {"now": iso(dt)}), 200)


def sign_in(s, role="agent"):
    c = harness.Client(s.port)
    expect(c.post("/api/auth/login", {"email": f"{role}@test.example", "password": PASSWORD}),
           200)
    return c


def workflow(s, **changes):
    admin = s.clients["admin"]
    w = expect(admin.get("/api/settings/workflow"), 200)
    w.update(changes)
    return expect(admin.put("/api/settings/workflow", w), 200)


def test_settings_defaults_and_who_edits_them(t):
    s = harness.Server(t.server.binary, long_sessions=False).start()
    try:
        w = expect(s.clients["agent"].get("/api/settings/workflow"), 200)
        assert w["session_idle_hours"] == 12 and w["session_max_days"] == 7, w
        body = dict(w, session_idle_hours=2)
        expect(s.clients["agent"].put("/api/settings/workflow", body), 403, "forbidden")
        expect(s.clients["manager"].put("/api/settings/workflow", body), 403, "forbidden")
        for key, bad in (("session_idle_hours", 0), ("session_idle_hours", 721),
                         ("session_max_days", 0), ("session_max_days", "7"),
                         ("session_max_days", 366)):
            expect(s.clients["admin"].put("/api/settings/workflow", dict(w, **{key: bad})),
                   422, "invalid", key)
        assert expect(s.clients["agent"].get("/api/settings/workflow"), 200) == w
    finally:
        s.cleanup()


def test_activity_slides_the_session_up_to_the_absolute_limit(t):
    s = harness.Server(t.server.binary).start()
    try:
        at(s, T0)
        workflow(s, session_idle_hours=1, session_max_days=1)
        c = sign_in(s)
        # Active every 50 minutes: alive well past the first hour.
        for minutes in (50, 100, 150, 200):
            at(s, T0 + timedelta(minutes=minutes))
            expect(c.get("/api/me"), 200)
        # Idle for more than an hour: gone.
        at(s, T0 + timedelta(minutes=200 + 61))
        expect(c.get("/api/me"), 401, "unauthorized")

        # The absolute limit: active all day, refused after 24 hours from the sign-in.
        start = T0 + timedelta(hours=6)
        at(s, start)
        c = sign_in(s)
        when = start
        while when < start + timedelta(hours=23, minutes=30):
            when += timedelta(minutes=45)
            at(s, min(when, start + timedelta(hours=23, minutes=59)))
            expect(c.get("/api/me"), 200)
        at(s, start + timedelta(hours=24, minutes=1))
        expect(c.get("/api/me"), 401, "unauthorized")
    finally:
        s.cleanup()


@harness.only_on("sqlite")  # the row is read straight from the SQLite file
def test_session_row_written_at_most_once_a_minute(t):
    s = harness.Server(t.server.binary).start()
    try:
        at(s, T0)
        c = sign_in(s, "manager")
        path = os.path.join(s.data, "ticketd.db")

        def last_seen():
            db = sqlite3.connect(path)
            try:
                # The session signed in at T0 (the harness signed in another earlier).
                rows = db.execute(
                    "SELECT s.last_seen_at FROM sessions s JOIN users u USING (user_id) "
                    "WHERE u.email = 'manager@test.example' AND s.created_at = ?",
                    (int(T0.timestamp()),)).fetchall()
                assert len(rows) == 1, rows
                return rows[0][0]
            finally:
                db.close()

        first = last_seen()
        at(s, T0 + timedelta(seconds=30))
        for _ in range(5):
            expect(c.get("/api/me"), 200)
        assert last_seen() == first  # within the minute: not written
        at(s, T0 + timedelta(seconds=90))
        expect(c.get("/api/me"), 200)
        expect(c.get("/api/me"), 200)
        assert last_seen() == first + 90
    finally:
        s.cleanup()
