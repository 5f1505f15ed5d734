"""WhatsApp (issue 15) against a stand-in of the Graph API (standin_whatsapp.py): the
settings, the webhook's verification and signature, each message handled once, the
conversation inbox with photos fetched and checked, a ticket made from a conversation (claim
window from the first message) or added to the open one, replies sent for real (text inside
the 24-hour window, template outside), the documented errors (131047 re-engagement, 130429
throughput, 190 bad token), delivery statuses, the acknowledgement once per window, and
customer notifications by WhatsApp or by email (a real local SMTP server)."""
import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone

import harness
from harness import expect
from standin_whatsapp import WhatsAppStandin, png
from test_evidence import exif_jpeg
from test_sla import Smtp, set_clock, sweep

APP_SECRET = "test-app-secret-5f1d"
VERIFY = "verify-token-77"
T0 = datetime(2026, 3, 2, 4, 30, tzinfo=timezone.utc)  # Monday 10:00 in Kolkata
PHONE = "919812345678"
SETTINGS = "/api/settings/integrations/whatsapp"


class Env:
    """A server of the test's own with WhatsApp set up against a fresh stand-in."""

    def __init__(self, t, enabled=True, token=None):
        self.w = WhatsAppStandin().start()
        self.s = harness.Server(t.server.binary).start()
        self.admin = self.s.clients["admin"]
        self.agent = self.s.clients["agent"]
        set_clock(self.s, T0)
        if enabled:
            expect(self.admin.put(SETTINGS, {
                "enabled": True, "api_base_url": self.w.base_url,
                "phone_number_id": self.w.phone_number_id,
                "access_token": token or self.w.token, "verify_token": VERIFY,
                "app_secret": APP_SECRET}), 200)

    def close(self):
        self.s.cleanup()
        self.w.stop()

    def post_event(self, payload, secret=APP_SECRET, signature=None, raw=None):
        data = raw if raw is not None else json.dumps(payload).encode()
        if signature is None:
            signature = "sha256=" + hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json"}
        if signature:
            headers["X-Hub-Signature-256"] = signature
        return harness.Client(self.s.port).post("/api/whatsapp/webhook", raw=data,
                                                 headers=headers)

    def conversations(self):
        return expect(self.agent.get("/api/whatsapp/conversations"), 200)["items"]

    def conversation(self, cid):
        return expect(self.agent.get(f"/api/whatsapp/conversations/{cid}"), 200)


def ts(dt):
    return str(int(dt.timestamp()))


def event(value, waba="WABA-1"):
    value = {"messaging_product": "whatsapp",
             "metadata": {"display_phone_number": "918045678900",
                          "phone_number_id": "1098765432"}, **value}
    return {"object": "whatsapp_business_account",
            "entry": [{"id": waba, "changes": [{"field": "messages", "value": value}]}]}


def text_msg(wamid, body, at, phone=PHONE, name="Ananya Iyer", waba="WABA-1"):
    return event({"contacts": [{"profile": {"name": name}, "wa_id": phone}],
                  "messages": [{"from": phone, "id": wamid, "timestamp": ts(at),
                                "type": "text", "text": {"body": body}}]}, waba)


def image_msg(wamid, media_id, at, caption=None, phone=PHONE, mime="image/jpeg"):
    img = {"id": media_id, "mime_type": mime, "sha256": "x"}
    if caption:
        img["caption"] = caption
    return event({"contacts": [{"profile": {"name": "Ananya Iyer"}, "wa_id": phone}],
                  "messages": [{"from": phone, "id": wamid, "timestamp": ts(at),
                                "type": "image", "image": img}]})


def status_msg(wamid, status, at, errors=None, phone=PHONE):
    st = {"id": wamid, "status": status, "timestamp": ts(at), "recipient_id": phone}
    if errors:
        st["errors"] = errors
    return event({"statuses": [st]})


def b2c_ticket(env, phone="+91 98123 45678", email=None, category="wrong_items"):
    body = {"customer_name": "Ananya Iyer", "woo_order_number": "WC-58213",
            "category": category, "delivery_date": "2026-03-02T07:30:00+05:30",
            "description": "Green capsicum, not red"}
    if phone:
        body["customer_phone"] = phone
    if email:
        body["customer_email"] = email
    return expect(env.agent.post("/api/tickets/b2c/create", body), 201)


def comms(env, tid):
    return expect(env.agent.get(f"/api/tickets/b2c/{tid}/communications"), 200)["items"]


def test_whatsapp_settings_secrets_and_test_connection(t):
    env = Env(t, enabled=False)
    try:
        got = expect(env.admin.get(SETTINGS), 200)
        assert got["enabled"] is False and got["access_token_set"] is False
        assert got["api_base_url"] == "https://graph.facebook.com/v21.0"
        expect(env.agent.get(SETTINGS), 403, "forbidden")
        expect(env.agent.put(SETTINGS, {"enabled": False}), 403, "forbidden")
        # Turning it on needs what sending and checking signatures need.
        expect(env.admin.put(SETTINGS, {"enabled": True, "phone_number_id": "1"}), 422,
               "invalid", "enabled")
        expect(env.admin.put(SETTINGS, {"enabled": "yes"}), 400, "bad_request", "enabled")
        expect(env.admin.put(SETTINGS, {"phone_number_id": "+91 98"}), 422, "invalid",
               "phone_number_id")
        expect(env.admin.put(SETTINGS, {"api_base_url": "ftp://x"}), 422, "invalid",
               "api_base_url")
        expect(env.admin.put(SETTINGS, {"nope": 1}), 400, "bad_request", "nope")
        assert expect(env.admin.get(SETTINGS), 200) == got  # refused changes changed nothing
        put = expect(env.admin.put(SETTINGS, {
            "enabled": True, "api_base_url": env.w.base_url,
            "phone_number_id": env.w.phone_number_id, "access_token": env.w.token,
            "verify_token": VERIFY, "app_secret": APP_SECRET}), 200)
        text = json.dumps(expect(env.admin.get(SETTINGS), 200))
        for secret in (env.w.token, VERIFY, APP_SECRET):
            assert secret not in text and secret not in json.dumps(put)
        assert put["access_token_set"] and put["verify_token_set"] and put["app_secret_set"]
        res = expect(env.admin.post(SETTINGS + "/test"), 200)
        assert res["ok"] is True and res["verified_name"] == "Fresh Farms Support", res
        # Secrets left out are kept; a wrong token is reported as the remote said it.
        expect(env.admin.put(SETTINGS, {
            "enabled": True, "api_base_url": env.w.base_url,
            "phone_number_id": env.w.phone_number_id, "access_token": "expired"}), 200)
        res = expect(env.admin.post(SETTINGS + "/test"), 200)
        assert res["ok"] is False and res["http_status"] == 401 and "190" in res["message"]
        expect(env.agent.post(SETTINGS + "/test"), 403, "forbidden")
    finally:
        env.close()


def test_webhook_verification_challenge(t):
    env = Env(t)
    try:
        anon = harness.Client(env.s.port)
        q = "/api/whatsapp/webhook?hub.mode=subscribe&hub.challenge=1158201444"
        r = anon.get(q + f"&hub.verify_token={VERIFY}")
        assert r.status == 200 and r.raw == b"1158201444", r
        assert r.headers["content-type"].startswith("text/plain")
        expect(anon.get(q + "&hub.verify_token=wrong"), 403, "forbidden")
        expect(anon.get(q), 403, "forbidden")
        expect(anon.get("/api/whatsapp/webhook?hub.mode=unsubscribe&hub.challenge=1"
                        f"&hub.verify_token={VERIFY}"), 403, "forbidden")
    finally:
        env.close()


def test_wrong_signature_changes_nothing(t):
    env = Env(t)
    try:
        payload = text_msg("wamid.A1", "Hello", T0)
        expect(env.post_event(payload, secret="not-the-secret"), 401, "unauthorized")
        expect(env.post_event(payload, signature=""), 401, "unauthorized")
        expect(env.post_event(payload, signature="sha256=zz"), 401, "unauthorized")
        # Signed over other bytes than those sent.
        good = "sha256=" + hmac.new(APP_SECRET.encode(), b"{}", hashlib.sha256).hexdigest()
        expect(env.post_event(payload, signature=good), 401, "unauthorized")
        # Signed but not an object: refused after the check.
        expect(env.post_event(None, raw=b"[1,2]"), 400, "bad_request")
        work = sweep(env.s)["whatsapp"]
        assert work["events"] == 0 and work["messages"] == 0, work
        assert env.conversations() == []
        assert env.w.sent() == []
    finally:
        env.close()


def test_same_message_twice_one_conversation_and_ack_once_per_window(t):
    env = Env(t)
    try:
        first = text_msg("wamid.M1", "My capsicum came green", T0)
        assert expect(env.post_event(first), 200) == {"received": True, "duplicate": False}
        # Meta repeats the delivery byte for byte, and again in another envelope.
        assert expect(env.post_event(first), 200)["duplicate"] is True
        expect(env.post_event(text_msg("wamid.M1", "My capsicum came green", T0,
                                       waba="WABA-2")), 200)
        work = sweep(env.s)["whatsapp"]
        assert work["messages"] == 1 and work["events"] == 2, work
        convs = env.conversations()
        assert len(convs) == 1 and convs[0]["phone"] == PHONE, convs
        conv = env.conversation(convs[0]["conversation_id"])
        inbound = [m for m in conv["messages"] if m["direction"] == "inbound"]
        assert [m["body"] for m in inbound] == ["My capsicum came green"], conv["messages"]
        assert conv["profile_name"] == "Ananya Iyer"
        # The acknowledgement: once, as free text inside the window.
        sent = env.w.sent()
        assert len(sent) == 1 and sent[0]["type"] == "text" and sent[0]["to"] == PHONE, sent
        assert "received your message" in sent[0]["text"]["body"]
        # A second message the same day gets no second acknowledgement...
        set_clock(env.s, T0 + timedelta(hours=3))
        expect(env.post_event(text_msg("wamid.M2", "Photo coming", T0 + timedelta(hours=3))),
               200)
        sweep(env.s)
        assert len(env.w.sent()) == 1
        # ...one after the window has passed does.
        later = T0 + timedelta(hours=30)
        set_clock(env.s, later)
        expect(env.post_event(text_msg("wamid.M3", "Any news?", later)), 200)
        sweep(env.s)
        assert len(env.w.sent()) == 2
        conv = env.conversation(convs[0]["conversation_id"])
        assert conv["unhandled"] == 3 and len(conv["messages"]) == 5  # 3 in, 2 acks out
        assert conv["window_open_until"] == (later + timedelta(hours=24)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
    finally:
        env.close()


def home_customer(env):
    expect(env.admin.put("/api/records/customers", [
        {"customer_id": "H1", "name": "Ananya Iyer", "type": "home",
         "phone": "+91 98123-45678", "email": "ananya@example.com"}]), 200)
    expect(env.admin.put("/api/records/orders", [
        {"so_id": "SO-H1", "customer_id": "H1", "order_date": "2026-03-01",
         "delivery_date": "2026-03-02",
         "lines": [{"item": "Red capsicum", "unit": "kg", "ordered_qty": 1, "price": 120}]}]),
        200)


def test_photo_message_becomes_ticket_with_claim_window_from_first_message(t):
    env = Env(t)
    try:
        home_customer(env)
        photo = exif_jpeg()
        env.w.add_media("MEDIA-1", photo, "image/jpeg")
        env.w.add_media("MEDIA-BAD", b"MZ\x90\x00 not an image at all", "image/jpeg")
        expect(env.post_event(text_msg("wamid.P0", "The capsicum is rotten", T0)), 200)
        expect(env.post_event(image_msg("wamid.P1", "MEDIA-1", T0 + timedelta(minutes=2),
                                        caption="see")), 200)
        expect(env.post_event(image_msg("wamid.P2", "MEDIA-BAD", T0 + timedelta(minutes=3))),
               200)
        work = sweep(env.s)["whatsapp"]
        assert work["messages"] == 3 and work["media"] == 1, work
        cid = env.conversations()[0]["conversation_id"]
        conv = env.conversation(cid)
        assert conv["customer_id"] == "H1" and conv["customer_name"] == "Ananya Iyer"
        assert conv["latest_so_id"] == "SO-H1" and conv["latest_delivery_date"] == "2026-03-02"
        media = [m for m in conv["messages"] if m["type"] == "image"]
        assert media[0]["media_state"] == "stored" and media[0]["media_type"] == "image/jpeg"
        # Checked like any upload: what is not an image is refused, and said why.
        assert media[1]["media_state"] == "failed" and media[1]["media_error"], media[1]
        r = env.agent.get(media[0]["media_url"])
        assert r.status == 200 and r.raw == photo
        expect(env.agent.get(f"/api/whatsapp/messages/{media[1]['message_id']}/media"), 404,
               "not_found")
        expect(env.s.clients["reporter"].get("/api/whatsapp/conversations"), 403)

        # Staff get to it the next day: the claim still counts from the first message.
        set_clock(env.s, T0 + timedelta(days=1))
        tk = expect(env.agent.post(f"/api/whatsapp/conversations/{cid}/ticket",
                                   {"category": "spoiled_items"}), 201)
        assert tk["kind"] == "b2c" and tk["customer_id"] == "H1" and tk["so_id"] == "SO-H1"
        assert tk["customer_phone"] == "+919812345678"
        assert tk["within_policy_window"] is True and tk["days_late"] in (0, None), tk
        assert tk["reported_at"] == "2026-03-02T04:30:00Z"
        assert "The capsicum is rotten" in tk["description"]
        files = expect(env.agent.get(f"/api/tickets/b2c/{tk['ticket_id']}/attachments"),
                       200)["items"]
        assert len(files) == 1 and files[0]["kind"] == "photo"
        assert files[0]["sha256"] == hashlib.sha256(photo).hexdigest()
        # A ticket filed by hand at the same moment is a day late: the window rule differs.
        late = expect(env.agent.post("/api/tickets/b2c/create", {
            "customer_id": "H1", "so_id": "SO-H1", "customer_name": "Ananya Iyer",
            "customer_phone": "9812345678", "category": "wrong_items",
            "delivery_date": "2026-03-02", "description": "typed in later"}), 201)
        assert late["within_policy_window"] is False and late["days_late"] == 1
        conv = env.conversation(cid)
        assert conv["unhandled"] == 0 and conv["ticket_number"] == tk["number"]
        # Nothing left to make a ticket of.
        expect(env.agent.post(f"/api/whatsapp/conversations/{cid}/ticket",
                              {"category": "spoiled_items"}), 409, "conflict")
    finally:
        env.close()


def test_append_conversation_to_open_ticket(t):
    env = Env(t)
    try:
        tk = b2c_ticket(env, phone="98123 45678")
        expect(env.post_event(text_msg("wamid.Q1", "Also the onions were soft", T0)), 200)
        env.w.add_media("MEDIA-Q", png(seed=5), "image/png")
        expect(env.post_event(image_msg("wamid.Q2", "MEDIA-Q", T0, mime="image/png")), 200)
        sweep(env.s)
        cid = env.conversations()[0]["conversation_id"]
        assert env.conversation(cid)["open_ticket"] == tk["number"]
        expect(env.agent.post(f"/api/whatsapp/conversations/{cid}/append",
                              {"ticket": "B2C-999999"}), 422, "invalid", "ticket")
        out = expect(env.agent.post(f"/api/whatsapp/conversations/{cid}/append", {}), 200)
        assert out["ticket_number"] == tk["number"]
        inbound = [c for c in comms(env, tk["ticket_id"]) if c["direction"] == "inbound"]
        assert len(inbound) == 1 and inbound[0]["channel"] == "whatsapp"
        assert "Also the onions were soft" in inbound[0]["summary"]
        assert len(inbound[0]["attachments"]) == 1
        assert inbound[0]["occurred_at"] == "2026-03-02T04:30:00Z"
        expect(env.agent.post(f"/api/whatsapp/conversations/{cid}/append", {}), 409,
               "conflict")
    finally:
        env.close()


def test_reply_text_inside_window_template_outside(t):
    env = Env(t)
    try:
        tk = b2c_ticket(env)
        tid = tk["ticket_id"]
        expect(env.post_event(text_msg("wamid.R1", "Where is my refund?", T0)), 200)
        sweep(env.s)
        before = len(env.w.sent())  # the acknowledgement and the claim notice
        pre = expect(env.agent.post(f"/api/tickets/b2c/{tid}/reply/preview",
                                    {"channel": "whatsapp", "body": "Refund today"}), 200)
        assert pre["whatsapp"] == {"sent_for_real": True, "mode": "text", "to": PHONE,
                                   "window_open_until": "2026-03-03T04:30:00Z"}, pre
        plan = expect(env.agent.get(f"/api/tickets/b2c/{tid}/whatsapp"), 200)
        assert plan["mode"] == "text" and plan["window_open_until"] == "2026-03-03T04:30:00Z"
        out = expect(env.agent.post(f"/api/tickets/b2c/{tid}/reply",
                                    {"channel": "whatsapp", "body": "Refund today"}), 201)
        assert out["whatsapp"]["mode"] == "text"
        cm = [c for c in comms(env, tid) if c["communication_id"] == out["communication_id"]]
        assert cm[0]["delivery_status"] == "queued" and "WhatsApp to +" in cm[0]["summary"]
        assert sweep(env.s)["whatsapp"]["sent"] == 1
        sent = env.w.sent()[before:]
        assert sent[0]["type"] == "text" and sent[0]["text"]["body"] == "Refund today"
        cm = [c for c in comms(env, tid) if c["communication_id"] == out["communication_id"]]
        assert cm[0]["delivery_status"] == "sent"

        # A day and more later the window is closed: the approved template goes instead.
        set_clock(env.s, T0 + timedelta(hours=25))
        pre = expect(env.agent.post(f"/api/tickets/b2c/{tid}/reply/preview",
                                    {"channel": "whatsapp", "body": "Refunded"}), 200)
        assert pre["whatsapp"]["mode"] == "template"
        assert pre["whatsapp"]["window_open_until"] is None
        expect(env.agent.post(f"/api/tickets/b2c/{tid}/reply",
                              {"channel": "whatsapp", "body": "Refunded\nby UPI"}), 201)
        sweep(env.s)
        last = env.w.sent()[-1]
        assert last["type"] == "template" and last["template"]["name"] == "ticket_update"
        params = last["template"]["components"][0]["parameters"]
        assert [p["text"] for p in params] == [tk["number"], "Refunded by UPI"]
    finally:
        env.close()


def test_reengagement_error_and_bad_token_show_failed(t):
    env = Env(t)
    try:
        tk = b2c_ticket(env)
        expect(env.post_event(text_msg("wamid.E1", "Hi", T0)), 200)
        sweep(env.s)
        env.w.window_closed.add(PHONE)  # Meta's clock says the window is gone
        out = expect(env.agent.post(f"/api/tickets/b2c/{tk['ticket_id']}/reply",
                                    {"channel": "whatsapp", "body": "Free text"}), 201)
        assert sweep(env.s)["whatsapp"]["failed"] == 1
        cm = [c for c in comms(env, tk["ticket_id"])
              if c["communication_id"] == out["communication_id"]][0]
        assert cm["delivery_status"] == "failed"
        assert "131047" in cm["delivery_error"] and "24 hours" in cm["delivery_error"], cm
        # A token Meta refuses (190) fails with a message that says what to do.
        env.w.window_closed.clear()
        env.w.token = "rotated"
        out = expect(env.agent.post(f"/api/tickets/b2c/{tk['ticket_id']}/reply",
                                    {"channel": "whatsapp", "body": "Again"}), 201)
        sweep(env.s)
        cm = [c for c in comms(env, tk["ticket_id"])
              if c["communication_id"] == out["communication_id"]][0]
        assert cm["delivery_status"] == "failed" and "access token" in cm["delivery_error"]
    finally:
        env.close()


def test_throughput_error_retried_with_backoff(t):
    env = Env(t)
    try:
        tk = b2c_ticket(env)
        expect(env.post_event(text_msg("wamid.T1", "Hi", T0)), 200)
        sweep(env.s)
        n = len(env.w.sent())
        env.w.fail_next(1, code=130429, status=429)
        out = expect(env.agent.post(f"/api/tickets/b2c/{tk['ticket_id']}/reply",
                                    {"channel": "whatsapp", "body": "Soon"}), 201)
        work = sweep(env.s)["whatsapp"]
        assert work["retried"] == 1 and work["sent"] == 0, work
        cm = [c for c in comms(env, tk["ticket_id"])
              if c["communication_id"] == out["communication_id"]][0]
        assert cm["delivery_status"] == "queued"
        attempts = env.w.attempts
        assert sweep(env.s)["whatsapp"]["sent"] == 0  # not due yet: it backs off
        assert env.w.attempts == attempts
        set_clock(env.s, T0 + timedelta(minutes=2))
        assert sweep(env.s)["whatsapp"]["sent"] == 1
        assert len(env.w.sent()) == n + 1
        cm = [c for c in comms(env, tk["ticket_id"])
              if c["communication_id"] == out["communication_id"]][0]
        assert cm["delivery_status"] == "sent"
    finally:
        env.close()


def test_delivery_statuses_update_the_communication_log(t):
    env = Env(t)
    try:
        tk = b2c_ticket(env)
        expect(env.post_event(text_msg("wamid.S1", "Hi", T0)), 200)
        sweep(env.s)
        out = expect(env.agent.post(f"/api/tickets/b2c/{tk['ticket_id']}/reply",
                                    {"channel": "whatsapp", "body": "On its way"}), 201)
        sweep(env.s)
        wamid = env.w.sent()[-1]["_wamid"]

        def status():
            return [c for c in comms(env, tk["ticket_id"])
                    if c["communication_id"] == out["communication_id"]][0]
        for st in ("delivered", "read", "delivered"):  # the late "delivered" is ignored
            expect(env.post_event(status_msg(wamid, st, T0)), 200)
            sweep(env.s)
        assert status()["delivery_status"] == "read"
        # An asynchronous failure carries its error.
        out = expect(env.agent.post(f"/api/tickets/b2c/{tk['ticket_id']}/reply",
                                    {"channel": "whatsapp", "body": "Second"}), 201)
        sweep(env.s)
        wamid = env.w.sent()[-1]["_wamid"]
        expect(env.post_event(status_msg(wamid, "failed", T0, errors=[
            {"code": 131026, "title": "Message undeliverable",
             "message": "Message undeliverable"}])), 200)
        assert sweep(env.s)["whatsapp"]["statuses"] == 1
        got = status()
        assert got["delivery_status"] == "failed" and "131026" in got["delivery_error"]
    finally:
        env.close()


def test_customer_notifications_by_whatsapp_or_email(t):
    env = Env(t)
    smtp = Smtp(env.s.dir)
    try:
        smtp.start()
        expect(env.admin.put("/api/settings/smtp", {"url": f"smtp://127.0.0.1:{smtp.port}",
                                                    "from": "care@test.example"}), 200)
        by_phone = b2c_ticket(env)
        by_mail = b2c_ticket(env, phone=None, email="ravi@example.com")
        work = sweep(env.s)
        assert work["whatsapp"]["sent"] == 1 and work["emails_sent"] == 1, work
        sent = env.w.sent()
        # No message from the customer yet: outside any window, so the template.
        assert sent[0]["type"] == "template" and sent[0]["to"] == PHONE
        assert sent[0]["template"]["components"][0]["parameters"][0]["text"] == \
            by_phone["number"]
        mails = smtp.messages()
        assert len(mails) == 1 and mails[0]["To"] == "ravi@example.com"
        assert by_mail["number"] in mails[0]["Subject"]
        c1 = comms(env, by_phone["ticket_id"])
        assert c1[0]["channel"] == "whatsapp" and c1[0]["delivery_status"] == "sent"
        assert comms(env, by_mail["ticket_id"])[0]["channel"] == "email"
        # Resolved: the customer is told what was decided.
        tid = by_phone["ticket_id"]
        expect(env.agent.post(f"/api/tickets/b2c/{tid}/assign",
                              {"assigned_to": env.s.users["agent"]["user_id"]}), 200)
        expect(env.agent.post(f"/api/tickets/b2c/{tid}/update", {"status": "in_progress"}), 200)
        expect(env.agent.post(f"/api/tickets/b2c/{tid}/resolve", {
            "resolution_type": "replacement", "notes": "New capsicum tomorrow",
            "replacement_date": "2026-03-03"}), 200)
        sweep(env.s)
        last = env.w.sent()[-1]
        said = last["template"]["components"][0]["parameters"][1]["text"]
        assert "New capsicum tomorrow" in said, last
        # With notifications turned off, nothing more goes out.
        expect(env.admin.put(SETTINGS, {
            "enabled": True, "api_base_url": env.w.base_url,
            "phone_number_id": env.w.phone_number_id, "notify_customers": False}), 200)
        b2c_ticket(env)
        work = sweep(env.s)
        assert work["whatsapp"]["sent"] == 0 and work["emails_sent"] == 0
    finally:
        smtp.stop()
        env.close()


def test_sender_number_is_taken_as_international(t):
    """WhatsApp's wa_id is E.164 without '+': a ten-digit one (Singapore here) is not taken
    for an Indian number, and the acknowledgement goes back to it as it came."""
    env = Env(t)
    try:
        expect(env.post_event(text_msg("wamid.SG1", "Hello from Singapore", T0,
                                       phone="6591234567")), 200)
        sweep(env.s)
        convs = env.conversations()
        assert [c["phone"] for c in convs] == ["6591234567"], convs
        assert [m["to"] for m in env.w.sent()] == ["6591234567"]
    finally:
        env.close()
