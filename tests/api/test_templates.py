"""Response templates (issue 5): placeholders checked on save, filled on reply, the agent's
edits kept; an email reply goes through the outbox to a real local SMTP server and is read
back; other channels are logged as sent by hand; every reply is in the communication log."""
import harness
from harness import expect
from test_sla import Smtp, set_clock, sweep, T0, iso

EVERY = ("Dear {{customer.name}},\n\nAbout {{ticket.number}} for order {{order.number}}, "
         "delivered {{delivery_date}}: {{resolution}}\n\n{{agent.name}}")


def test_template_placeholders_and_email_reply(t):
    s = harness.Server(t.server.binary).start()
    smtp = Smtp(s.dir)
    try:
        smtp.start()
        admin, mgr, agent = s.clients["admin"], s.clients["manager"], s.clients["agent"]
        expect(admin.put("/api/settings/smtp", {"url": f"smtp://127.0.0.1:{smtp.port}",
                                                "from": "care@test.example"}), 200)
        bad = {"name": "Bad", "channel": "email", "subject": "Hi", "body": "{{customer.nmae}}"}
        expect(mgr.post("/api/templates", bad), 422, "invalid", "body")
        expect(mgr.post("/api/templates", {**bad, "body": "ok", "subject": "{{x}}"}), 422,
               "invalid", "subject")
        expect(mgr.post("/api/templates", {**bad, "body": "ok", "categories": ["nope"]}), 422,
               "invalid", "categories")
        expect(agent.post("/api/templates", {**bad, "body": "ok"}), 403, "forbidden")
        assert expect(agent.get("/api/templates"), 200)["items"] == []
        tpl = expect(mgr.post("/api/templates", {
            "name": "Refund done", "kind": "b2c", "categories": ["spoiled_items", "wrong_items"],
            "channel": "email", "subject": "Your order {{order.number}} ({{ticket.number}})",
            "body": EVERY}), 201)
        assert tpl["categories"] == ["spoiled_items", "wrong_items"]
        expect(mgr.post("/api/templates", {"name": "Refund done", "channel": "sms",
                                           "body": "x"}), 409, "conflict", "name")

        set_clock(s, T0)
        tk = expect(agent.post("/api/tickets/b2c/create", {
            "customer_name": "Ananya Iyer", "customer_email": "ananya@example.com",
            "woo_order_number": "WC-58213", "category": "wrong_items",
            "delivery_date": "2026-03-02T07:30:00+05:30", "description": "Green, not red"}),
            201)
        tid = tk["ticket_id"]
        expect(agent.post(f"/api/tickets/b2c/{tid}/assign",
                          {"assigned_to": s.users["agent"]["user_id"]}), 200)
        expect(agent.post(f"/api/tickets/b2c/{tid}/update", {"status": "in_progress"}), 200)
        expect(agent.post(f"/api/tickets/b2c/{tid}/resolve", {
            "resolution_type": "refund", "notes": "Refunded the capsicum", "amount": 80}), 200)

        out = expect(agent.post(f"/api/tickets/b2c/{tid}/reply",
                                {"template_id": tpl["template_id"], "channel": "email"}), 201)
        assert out["emailed"] is True
        assert out["subject"] == f"Your order WC-58213 ({tk['number']})"
        want = (f"Dear Ananya Iyer,\n\nAbout {tk['number']} for order WC-58213, delivered "
                "2 Mar 2026: Refund: Refunded the capsicum\n\nTest Agent")
        assert out["body"] == want, out["body"]
        assert sweep(s)["emails_sent"] == 1
        msgs = smtp.messages()
        assert len(msgs) == 1 and msgs[0]["To"] == "ananya@example.com"
        assert msgs[0]["Subject"] == out["subject"]
        assert msgs[0].get_payload(decode=True).decode().replace("\r\n", "\n").strip() == want

        # The agent's edits stand; placeholders in them are still filled.
        out = expect(agent.post(f"/api/tickets/b2c/{tid}/reply", {
            "template_id": tpl["template_id"], "channel": "whatsapp",
            "body": "Hi {{customer.name}}, refund done. Sorry! - Priya"}), 201)
        assert out["body"] == "Hi Ananya Iyer, refund done. Sorry! - Priya"
        assert out["emailed"] is False
        assert sweep(s)["emails_sent"] == 0
        comms = expect(agent.get(f"/api/tickets/b2c/{tid}/communications"), 200)["items"]
        assert [c["channel"] for c in comms] == ["email", "whatsapp"], comms
        assert all(c["direction"] == "outbound" for c in comms)
        assert "Sent by hand" in comms[1]["summary"]
        tl = expect(agent.get(f"/api/tickets/b2c/{tid}/timeline"), 200)["items"]
        assert sum(e["type"] == "communication" for e in tl) == 2
        tk = expect(agent.get(f"/api/tickets/b2c/{tid}"), 200)
        assert tk["first_response_at"] == iso(T0)

        # Without an email address, email is refused and nothing is logged.
        tk2 = expect(agent.post("/api/tickets/b2c/create", {
            "customer_name": "Farhan Ali", "customer_phone": "+91 98201 99887",
            "woo_order_number": "WC-58001", "category": "wrong_items",
            "delivery_date": "2026-03-02T07:30:00+05:30", "description": "Wrong item"}), 201)
        expect(agent.post(f"/api/tickets/b2c/{tk2['ticket_id']}/reply",
                          {"body": "Hello", "channel": "email"}), 422, "invalid", "channel")
        expect(agent.post(f"/api/tickets/b2c/{tk2['ticket_id']}/reply",
                          {"channel": "email"}), 422, "invalid", "body")
        assert expect(agent.get(f"/api/tickets/b2c/{tk2['ticket_id']}/communications"),
                      200)["items"] == []
        expect(mgr.delete(f"/api/templates/{tpl['template_id']}"), 200)
        expect(mgr.delete(f"/api/templates/{tpl['template_id']}"), 404, "not_found")
    finally:
        if smtp.proc and smtp.proc.poll() is None:
            smtp.stop()
        s.cleanup()


def test_reply_preview_fills_placeholders_and_sends_nothing(t):
    """The preview is the reply as it would go, placeholders filled, with the address and
    whether a mail server is set up; nothing is sent, logged or changed."""
    from fixtures import Unchanged, b2c
    tk = b2c(t, customer_email="preview@example.com")
    ag = t.as_("agent")
    path = f"/api/tickets/b2c/{tk['ticket_id']}/reply/preview"
    with Unchanged(t, "b2c", tk["ticket_id"]):
        p = expect(ag.post(path, {"channel": "email",
                                  "body": "Dear {{customer.name}}, about {{ticket.number}}",
                                  "subject": "{{ticket.number}} {{nope}}"}), 200)
    assert p["body"] == f"Dear {tk['customer_name']}, about {tk['number']}", p
    assert p["subject"] == f"{tk['number']} {{{{nope}}}}", p
    assert p["to"] == "preview@example.com" and p["channel"] == "email"
    assert isinstance(p["mail_server"], bool)
    comms = expect(ag.get(f"/api/tickets/b2c/{tk['ticket_id']}/communications"), 200)
    assert comms["items"] == []
    p = expect(ag.post(path, {"channel": "whatsapp"}), 200)
    assert p["body"] == "" and p["subject"] is None
    expect(ag.post(path, {"channel": "pigeon", "body": "x"}), 422, "invalid", "channel")
    expect(ag.post(path, {"channel": "sms", "template_id": 999999}), 422, "invalid",
           "template_id")
    expect(ag.post(path, {"channel": "sms", "colour": 1}), 400, "bad_request")
    expect(t.as_("reporter").post(path, {"channel": "sms", "body": "x"}), 403)
    expect(ag.post("/api/tickets/b2c/999999/reply/preview", {"channel": "sms"}), 404)
