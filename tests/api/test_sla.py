"""Time rules (issue 3) driven by the test clock: SLA due times and states, pausing while
the customer is awaited, business hours, auto-escalation to the top and reminders there,
at-risk warnings, the B2C policy exception, in-app notifications, and email through a real
local SMTP server (Debian's aiosmtpd) that is stopped mid-run and brought back."""
import email
import os
import socket
import subprocess
import time
from datetime import datetime, timedelta, timezone

import harness
from harness import expect

T0 = datetime(2026, 3, 2, 4, 30, tzinfo=timezone.utc)  # Monday 10:00 in Kolkata
H = 3600


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def own_server(t):
    """A server of the test's own: sweeps touch every ticket, so they get a clean one."""
    return harness.Server(t.server.binary).start()


def set_clock(s, dt):
    expect(s.clients["admin"].post("/api/test/clock", {"now": iso(dt)}), 200)


def sweep(s):
    return expect(s.clients["admin"].post("/api/test/sweep"), 200)


def records(s):
    admin = s.clients["admin"]
    expect(admin.put("/api/records/customers", [
        {"customer_id": "C1", "name": "Hotel Sahyadri", "type": "hotel"}]), 200)
    expect(admin.put("/api/records/orders", [
        {"so_id": "SO1", "customer_id": "C1", "order_date": "2026-03-01",
         "lines": [{"item": "Tomato", "unit": "kg", "ordered_qty": 10, "price": 30}]}]), 200)


def b2b(s, priority="high", who="agent"):
    return expect(s.clients[who].post("/api/tickets/b2b/create", {
        "customer_id": "C1", "so_id": "SO1", "category": "late_delivery",
        "priority": priority, "description": "Van late", "requested_resolution": "goodwill"}),
        201)


def test_due_time_escalation_chain_and_manager_notifications(t):
    s = own_server(t)
    try:
        records(s)
        set_clock(s, T0)
        tk = b2b(s, "low")
        assert tk["sla_due_at"] == iso(T0 + timedelta(hours=48)), tk["sla_due_at"]
        assert tk["sla_state"] == "on_track" and tk["escalation_level"] == 0
        tid = tk["ticket_id"]
        mgr = s.clients["manager"]
        before = expect(mgr.get("/api/notifications"), 200)["unread"]

        # 75% of 48 h: at risk (nobody assigned, so nobody to warn, but the state shows).
        set_clock(s, T0 + timedelta(hours=36))
        sweep(s)
        tk = expect(s.clients["agent"].get(f"/api/tickets/b2b/{tid}"), 200)
        assert tk["sla_state"] == "at_risk", tk["sla_state"]

        # Past due: low -> medium, a new due time from the new priority, an event.
        now = T0 + timedelta(hours=48, minutes=1)
        set_clock(s, now)
        out = sweep(s)
        assert out["escalated"] == 1, out
        tk = expect(s.clients["agent"].get(f"/api/tickets/b2b/{tid}"), 200)
        assert tk["priority"] == "medium" and tk["escalation_level"] == 1
        assert tk["sla_due_at"] == iso(now + timedelta(hours=24))
        # Running the sweep again changes nothing: it is idempotent.
        assert sweep(s)["escalated"] == 0
        after = expect(mgr.get("/api/notifications"), 200)
        assert after["unread"] == before + 1, after
        assert "escalated to medium" in after["items"][0]["title"]

        # On up the chain: medium -> high -> urgent.
        for want in ("high", "urgent"):
            now = datetime.strptime(tk["sla_due_at"], "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=timezone.utc) + timedelta(seconds=1)
            set_clock(s, now)
            assert sweep(s)["escalated"] == 1
            tk = expect(s.clients["agent"].get(f"/api/tickets/b2b/{tid}"), 200)
            assert tk["priority"] == want, tk["priority"]
        assert tk["sla_hours"] == 2

        # At the top the priority stays; managers hear again once per SLA period.
        due = datetime.strptime(tk["sla_due_at"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=timezone.utc)
        set_clock(s, due + timedelta(minutes=1))
        assert sweep(s)["escalated"] == 1
        set_clock(s, due + timedelta(minutes=30))
        assert sweep(s)["escalated"] == 0  # not again within the period
        set_clock(s, due + timedelta(hours=2, minutes=2))
        assert sweep(s)["escalated"] == 1
        tk = expect(s.clients["agent"].get(f"/api/tickets/b2b/{tid}"), 200)
        assert tk["priority"] == "urgent" and tk["escalation_level"] == 5
        assert tk["sla_state"] == "overdue"
        overdue = expect(s.clients["agent"].get("/api/tickets/b2b/list?overdue=true"), 200)
        assert [x["ticket_id"] for x in overdue["items"]] == [tid]

        tl = expect(s.clients["agent"].get(f"/api/tickets/b2b/{tid}/timeline"), 200)["items"]
        esc = [e for e in tl if e["type"] == "escalated"]
        assert [(e["old_value"], e["new_value"]) for e in esc] == [
            ("low", "medium"), ("medium", "high"), ("high", "urgent"),
            ("urgent", "urgent"), ("urgent", "urgent")], esc
        assert all(e["actor_id"] is None for e in esc)  # the system did it
        n = expect(mgr.get("/api/notifications"), 200)
        assert n["unread"] == before + 5, n["unread"]
        # Reading one lowers the count; reading another user's is 404.
        nid = n["items"][0]["notification_id"]
        expect(mgr.post(f"/api/notifications/{nid}/read"), 200)
        assert expect(mgr.get("/api/notifications"), 200)["unread"] == before + 4
        expect(s.clients["agent"].post(f"/api/notifications/{nid}/read"), 404, "not_found")
    finally:
        s.cleanup()


def test_pause_while_awaiting_customer_and_met(t):
    s = own_server(t)
    try:
        records(s)
        set_clock(s, T0)
        tk = b2b(s, "high")  # 4 h
        tid = tk["ticket_id"]
        mgr, agent = s.clients["manager"], s.clients["agent"]
        expect(mgr.post(f"/api/tickets/b2b/{tid}/assign",
                        {"assigned_to": s.users["agent"]["user_id"]}), 200)
        expect(agent.post(f"/api/tickets/b2b/{tid}/update", {"status": "in_progress"}), 200)
        set_clock(s, T0 + timedelta(hours=1))
        tk = expect(agent.post(f"/api/tickets/b2b/{tid}/update",
                               {"status": "awaiting_customer"}), 200)
        assert tk["sla_paused"] and tk["sla_due_at"] is None
        assert tk["sla_seconds_left"] == 3 * H
        # A day waiting on the customer does not count.
        set_clock(s, T0 + timedelta(hours=25))
        assert sweep(s)["escalated"] == 0
        tk = expect(agent.post(f"/api/tickets/b2b/{tid}/update", {"status": "in_progress"}), 200)
        assert tk["sla_due_at"] == iso(T0 + timedelta(hours=28)), tk["sla_due_at"]
        # The assignee is warned at 75% (3 h of 4 used).
        set_clock(s, T0 + timedelta(hours=27))
        out = sweep(s)
        assert out["warned"] == 1 and out["escalated"] == 0, out
        assert sweep(s)["warned"] == 0
        n = expect(agent.get("/api/notifications?unread=true"), 200)
        assert any(x["type"] == "at_risk" and x["ticket_id"] == tid for x in n["items"]), n
        tk = expect(agent.post(f"/api/tickets/b2b/{tid}/resolve",
                               {"resolution_type": "goodwill", "notes": "Sent extra coriander"}),
                    200)
        assert tk["sla_state"] == "met", tk["sla_state"]
        # A public reply is the first response.
        tk = expect(agent.get(f"/api/tickets/b2b/{tid}"), 200)
        assert tk["first_response_at"] is None
        expect(agent.post(f"/api/tickets/b2b/{tid}/comments",
                          {"comment_text": "Sorry, sent extra", "visibility": "public"}), 201)
        tk = expect(agent.get(f"/api/tickets/b2b/{tid}"), 200)
        assert tk["first_response_at"] == iso(T0 + timedelta(hours=27))
    finally:
        s.cleanup()


def test_business_hours_settings(t):
    s = own_server(t)
    try:
        admin = s.clients["admin"]
        hours = {d: {"open": "09:00", "close": "18:00"}
                 for d in ("mon", "tue", "wed", "thu", "fri", "sat")}
        hours["sun"] = None
        # Bad settings are refused and change nothing.
        before = expect(admin.get("/api/settings/sla"), 200)
        expect(admin.put("/api/settings/sla", {"business_hours": {"mon": {"open": "18:00",
                                                                          "close": "09:00"}}}),
               422, "invalid", "business_hours")
        expect(admin.put("/api/settings/sla", {"colour": "green"}), 400, "bad_request", "colour")
        expect(s.clients["manager"].put("/api/settings/sla", {}), 403, "forbidden")
        assert expect(admin.get("/api/settings/sla"), 200) == before
        body = expect(admin.put("/api/settings/sla", {
            "business_hours": hours, "holidays": ["2026-03-03"],
            "resolution_hours": {"b2b": {"high": 4}}}), 200)
        assert body["business_hours"]["mon"] == {"open": "09:00", "close": "18:00"}
        assert body["holidays"] == ["2026-03-03"]
        records(s)
        # Monday 17:00 IST + 4 working hours, Tuesday a holiday: Wednesday 12:00 IST.
        set_clock(s, datetime(2026, 3, 2, 11, 30, tzinfo=timezone.utc))
        tk = b2b(s, "high")
        assert tk["sla_due_at"] == "2026-03-04T06:30:00Z", tk["sla_due_at"]
    finally:
        s.cleanup()


def test_policy_exception(t):
    s = own_server(t)
    try:
        set_clock(s, datetime(2026, 3, 4, 6, 0, tzinfo=timezone.utc))
        body = {"customer_name": "Ananya Iyer", "customer_phone": "+91 98765 43210",
                "woo_order_number": "WC-1", "category": "late_delivery",
                "delivery_date": "2026-03-02T07:30:00+05:30", "description": "Late box"}
        tk = expect(s.clients["agent"].post("/api/tickets/b2c/create", body), 201)
        assert tk["within_policy_window"] is False and tk["days_late"] == 2
        assert tk["policy_window_label"] == "Outside policy window (2 days late)"
        tid = tk["ticket_id"]
        url = f"/api/tickets/b2c/{tid}/policy-exception"
        expect(s.clients["agent"].post(url, {"decision": "approve", "note": "x"}), 403)
        expect(s.clients["manager"].post(url, {"decision": "maybe", "note": "x"}), 422,
               "invalid", "decision")
        expect(s.clients["manager"].post(url, {"decision": "approve"}), 422, "invalid", "note")
        assert expect(s.clients["agent"].get(f"/api/tickets/b2c/{tid}"), 200)[
            "policy_exception"] is None
        tk = expect(s.clients["manager"].post(url, {"decision": "approve",
                                                    "note": "Regular customer, genuine"}),
                    200)
        assert tk["policy_exception"] == "approved"
        assert tk["policy_exception_by"] == s.users["manager"]["user_id"]
        tl = expect(s.clients["agent"].get(f"/api/tickets/b2c/{tid}/timeline"), 200)["items"]
        ev = [e for e in tl if e["type"] == "policy_exception"]
        assert ev and ev[0]["new_value"] == "approved" and ev[0]["note"], ev
        n = expect(s.clients["agent"].get("/api/notifications"), 200)["items"]
        assert any(x["type"] == "exception_decided" for x in n), n
        # A claim within the window needs no exception.
        body["delivery_date"] = "2026-03-04T07:30:00+05:30"
        tk = expect(s.clients["agent"].post("/api/tickets/b2c/create", body), 201)
        expect(s.clients["manager"].post(f"/api/tickets/b2c/{tk['ticket_id']}/policy-exception",
                                         {"decision": "approve", "note": "x"}), 409, "conflict")
    finally:
        s.cleanup()


class Smtp:
    """Debian's aiosmtpd with a Maildir mailbox, on a loopback port."""

    def __init__(self, base):
        self.dir = os.path.join(base, "mail")
        self.port = None
        self.proc = None

    def start(self):
        """Starts on a free port the first time (retrying should another socket take it
        first) and on the same port after a stop, which ticketd's settings name."""
        if self.port is None:
            self.port = harness.start_on_free_port(self.listen)
            return
        for _ in range(50):
            if self.listen(self.port):
                return
            time.sleep(0.1)
        raise RuntimeError(f"aiosmtpd could not listen on {self.port} again")

    def listen(self, port):
        self.proc = subprocess.Popen(
            ["/usr/bin/aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c",
             "aiosmtpd.handlers.Mailbox", self.dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 15
        while time.time() < deadline:
            if self.proc.poll() is not None:
                return False  # exited: the port was taken
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return True
            except OSError:
                time.sleep(0.05)
        self.proc.kill()
        self.proc.wait()
        return False

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=15)

    def messages(self):
        new = os.path.join(self.dir, "new")
        if not os.path.isdir(new):
            return []
        out = []
        for name in sorted(os.listdir(new)):
            with open(os.path.join(new, name), "rb") as f:
                out.append(email.message_from_bytes(f.read()))
        return out


def test_email_retried_after_smtp_outage_and_restart(t):
    s = own_server(t)
    smtp = Smtp(s.dir)
    try:
        smtp.start()
        admin = s.clients["admin"]
        expect(admin.put("/api/settings/smtp", {"url": f"smtp://127.0.0.1:{smtp.port}",
                                                "from": "ticketd@test.example"}), 200)
        got = expect(admin.get("/api/settings/smtp"), 200)
        assert got["url"].endswith(str(smtp.port)) and got["password_set"] is False
        # Email is only for what the user chose: the agent turns assignment email off.
        agent = s.clients["agent"]
        prefs = expect(agent.put("/api/notifications/preferences",
                                 {"assignment": {"in_app": True, "email": False}}), 200)
        assert prefs["assignment"] == {"in_app": True, "email": False}
        expect(agent.put("/api/notifications/preferences", {"nope": {}}), 400, "bad_request")
        records(s)
        set_clock(s, T0)
        tk = b2b(s, "high")
        tid = tk["ticket_id"]
        expect(s.clients["manager"].post(f"/api/tickets/b2b/{tid}/assign",
                                         {"assigned_to": s.users["agent"]["user_id"]}), 200)

        set_clock(s, T0 + timedelta(hours=4, minutes=1))
        out = sweep(s)
        assert out["escalated"] == 1 and out["emails_sent"] == 1, out
        msgs = smtp.messages()
        assert len(msgs) == 1, [m["Subject"] for m in msgs]
        assert msgs[0]["To"] == "manager@test.example"
        assert msgs[0]["Subject"].endswith("escalated to urgent"), msgs[0]["Subject"]
        assert tk["number"] in msgs[0].get_payload(decode=True).decode()

        # The SMTP server goes away: the next escalation's email waits and is retried.
        smtp.stop()
        set_clock(s, T0 + timedelta(hours=6, minutes=2))
        out = sweep(s)
        assert out["escalated"] == 1 and out["emails_sent"] == 0, out
        # ticketd restarts in between: nothing is lost.
        assert s.restart() == 0
        smtp.start()
        set_clock(s, T0 + timedelta(hours=6, minutes=2, seconds=10))
        assert sweep(s)["emails_sent"] == 0  # its retry is not due yet (30 s backoff)
        set_clock(s, T0 + timedelta(hours=6, minutes=3))
        assert sweep(s)["emails_sent"] == 1
        assert sweep(s)["emails_sent"] == 0  # and never twice
        msgs = smtp.messages()
        subjects = [m["Subject"] for m in msgs]
        assert len(msgs) == 2, subjects
        assert subjects[1] == f"{tk['number']} still past its SLA at urgent", subjects
        assert len({m["Message-ID"] for m in msgs}) == 2
    finally:
        smtp.stop() if smtp.proc and smtp.proc.poll() is None else None
        s.cleanup()


def test_mass_escalation_told_once_each_alone_or_in_a_digest(t):
    """Past 100 escalations in one sweep, managers get the rest as one notice per batch
    naming them (docs/decisions.md), written in the batch's transaction: every escalation
    is told exactly once, and the sweep after finds nothing to do."""
    s = own_server(t)
    try:
        records(s)
        set_clock(s, T0)
        ids = [b2b(s, "high")["ticket_id"] for _ in range(130)]
        mgr = s.clients["manager"]
        before = expect(mgr.get("/api/notifications?limit=200"), 200)["items"]
        set_clock(s, T0 + timedelta(hours=4, minutes=1))
        assert sweep(s)["escalated"] == 130
        for tid in ids[:3] + ids[-3:]:
            tl = expect(s.clients["agent"].get(f"/api/tickets/b2b/{tid}/timeline"), 200)
            assert [e["type"] for e in tl["items"]].count("escalated") == 1, tid
        items = expect(mgr.get("/api/notifications?limit=200"), 200)["items"]
        new = [n for n in items if n["notification_id"] not in
               {b["notification_id"] for b in before}]
        alone = [n for n in new if n["type"] == "escalation" and n.get("ticket_id")]
        digests = [n for n in new if n["type"] == "escalation" and not n.get("ticket_id")]
        told = len(alone) + sum(int(d["title"].split()[0]) for d in digests)
        assert len(alone) == 100 and len(digests) == 1 and told == 130, (len(alone), digests)
        assert "and 5 more" in digests[0]["body"], digests[0]["body"]
        assert sweep(s)["escalated"] == 0
        assert len(expect(mgr.get("/api/notifications?limit=200"), 200)["items"]) == len(items)
    finally:
        s.cleanup()


def test_sweep_over_several_batches_escalates_each_once(t):
    """250 tickets falling due in the same second, swept 100 to a transaction (the test
    route's batch; ticketd's own is 2,000): three batches, each claimed after the last one's
    final ticket; every ticket is escalated once, the counts by priority follow, and the
    sweep after finds nothing to do."""
    s = own_server(t)
    try:
        records(s)
        set_clock(s, T0)
        ids = [b2b(s, "medium")["ticket_id"] for _ in range(250)]
        agent, admin = s.clients["agent"], s.clients["admin"]
        assert expect(agent.get("/api/tickets/b2b/list?priority=medium"), 200)["total"] == 250
        set_clock(s, T0 + timedelta(days=5))
        for bad in ("0", "2001", "x", ""):
            expect(admin.post(f"/api/test/sweep?batch={bad}"), 400, "bad_request", "batch")
        assert expect(agent.get("/api/tickets/b2b/list?priority=medium"), 200)["total"] == 250
        run = expect(admin.post("/api/test/sweep?batch=100"), 200)
        assert (run["escalated"], run["sweep_batches"]) == (250, 3)
        assert expect(agent.get("/api/tickets/b2b/list?priority=medium"), 200)["total"] == 0
        assert expect(agent.get("/api/tickets/b2b/list?priority=high"), 200)["total"] == 250
        for tid in ids[:2] + ids[98:102] + ids[199:201] + ids[-1:]:
            tl = expect(agent.get(f"/api/tickets/b2b/{tid}/timeline"), 200)["items"]
            assert [e["type"] for e in tl].count("escalated") == 1, tid
            assert expect(agent.get(f"/api/tickets/b2b/{tid}"), 200)["priority"] == "high"
        assert sweep(s)["escalated"] == 0
    finally:
        s.cleanup()
