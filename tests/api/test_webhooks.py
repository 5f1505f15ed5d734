"""Outgoing webhooks (issue 18): an admin configures an endpoint (URL, secret, events); a
ticket event is delivered through the webhooks' outbox, signed with HMAC-SHA256 over
"<t>.<body>", retried after the receiver refused it, and delivered once after the receiver
came back; the delivery log shows it.  The receiver is a Python server on port 0."""
import datetime
import hashlib
import hmac
import http.server
import json
import threading
import time

from harness import expect
from test_openapi import check, schema
from fixtures import b2c_body, reset_clock, set_clock

SECRET = "whsec-7f3a9c2e5b8d4a61"


class Receiver:
    """Answers 503 to the first `refuse` requests, then 200; keeps every request."""

    def __init__(self, refuse=1):
        self.seen = []
        self.refuse = refuse
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.seen.append((dict(self.headers), body))
                status = 503 if len(outer.seen) <= outer.refuse else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/ticketd"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def deliveries(t, hook):
    return expect(t.as_("admin").get(f"/api/webhooks/{hook}/deliveries"), 200)["items"]


def wait_for(t, hook, state):
    """Runs the timed jobs until the newest delivery is in state (the jobs thread may take a
    turn too; each delivery is claimed by one of them)."""
    for _ in range(200):
        expect(t.as_("admin").post("/api/test/sweep"), 200)
        items = deliveries(t, hook)
        if items and items[0]["state"] == state:
            return items[0]
        time.sleep(0.05)
    raise AssertionError(f"delivery never reached {state}: {deliveries(t, hook)}")


def test_webhook_configuration(t):
    admin = t.as_("admin")
    ok = {"url": "https://erp.example.com/hooks", "secret": SECRET, "events": ["ticket.created"]}
    expect(t.as_("manager").post("/api/webhooks", ok), 403)
    expect(admin.post("/api/webhooks", dict(ok, url="ftp://x")), 422, "invalid", "url")
    expect(admin.post("/api/webhooks", dict(ok, secret="short")), 422, "invalid", "secret")
    expect(admin.post("/api/webhooks", dict(ok, events=["ticket.eaten"])), 422, "invalid",
           "events")
    expect(admin.post("/api/webhooks", dict(ok, events=[])), 422, "invalid", "events")
    hook = expect(admin.post("/api/webhooks", dict(ok, active=False)), 201)
    assert "secret" not in hook and hook["secret_set"] is True and hook["active"] is False
    assert SECRET not in admin.get("/api/webhooks").raw.decode()
    got = expect(admin.put(f"/api/webhooks/{hook['webhook_id']}",
                           {"events": ["ticket.created", "incident.opened"]}), 200)
    assert got["events"] == ["ticket.created", "incident.opened"] and got["active"] is False
    expect(admin.get("/api/webhooks/999999"), 404)
    expect(admin.get("/api/webhooks/999999/deliveries"), 404)


def test_webhook_delivered_once_after_the_receiver_came_back(t):
    admin = t.as_("admin")
    rx = Receiver(refuse=1)
    hook = expect(admin.post("/api/webhooks", {"url": rx.url, "secret": SECRET,
                                               "events": ["ticket.created"]}), 201)
    hid = hook["webhook_id"]
    try:
        tk = expect(t.as_("agent").post("/api/tickets/b2c/create", b2c_body()), 201)
        first = wait_for(t, hid, "retry_wait")
        assert first["attempts"] == 1 and first["last_status"] == 503, first
        assert first["ticket_id"] == tk["ticket_id"] and first["event"] == "ticket.created"
        assert len(rx.seen) == 1
        # Not due yet: nothing more is sent.
        expect(admin.post("/api/test/sweep"), 200)
        assert len(rx.seen) == 1
        # The receiver is back, and the retry falls due.
        later = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + \
            datetime.timedelta(hours=1)
        set_clock(t, later)
        done = wait_for(t, hid, "delivered")
        check(schema("WebhookDeliveryList"), {"items": deliveries(t, hid)})
        check(schema("Webhook"), expect(admin.get(f"/api/webhooks/{hid}"), 200))
        assert done["attempts"] == 2 and done["last_status"] == 200
        expect(admin.post("/api/test/sweep"), 200)
        assert len(rx.seen) == 2 and len(deliveries(t, hid)) == 1
        (h1, b1), (h2, b2) = rx.seen
        assert b1 == b2 and h1["X-Ticketd-Delivery"] == h2["X-Ticketd-Delivery"]
        assert h2["X-Ticketd-Event"] == "ticket.created"
        assert h2["Content-Type"] == "application/json"
        sig = dict(p.split("=", 1) for p in h2["X-Ticketd-Signature"].split(","))
        assert int(sig["t"]) == int(later.timestamp())
        want = hmac.new(SECRET.encode(), f"{sig['t']}.".encode() + b2, hashlib.sha256)
        assert hmac.compare_digest(sig["sha256"], want.hexdigest())
        wrong = hmac.new(b"not-the-secret-at-all", f"{sig['t']}.".encode() + b2,
                         hashlib.sha256)
        assert not hmac.compare_digest(sig["sha256"], wrong.hexdigest())
        event = json.loads(b2)
        assert event["event"] == "ticket.created"
        assert event["data"]["number"] == tk["number"] and event["data"]["status"] == "new"
    finally:
        expect(admin.put(f"/api/webhooks/{hid}", {"active": False}), 200)
        reset_clock(t)
        rx.close()
