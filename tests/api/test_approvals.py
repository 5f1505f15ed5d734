"""Resolutions with manager approval (issue 5): an agent's refund over the threshold stays
pending and the ticket is not resolved; the agent cannot approve; a manager can, and only
then is it resolved; a rejection returns the ticket to in_progress with the note."""
import harness
from harness import expect


def b2c_in_progress(s, agent="agent"):
    c = s.clients[agent]
    tk = expect(c.post("/api/tickets/b2c/create", {
        "customer_name": "Rohit Mehta", "customer_phone": "+91 91234 56780",
        "woo_order_number": "WC-77001", "category": "wrong_items",
        "delivery_date": "2026-03-02T07:30:00+05:30", "description": "Got green capsicum"}), 201)
    tid = tk["ticket_id"]
    expect(c.post(f"/api/tickets/b2c/{tid}/assign",
                  {"assigned_to": s.users[agent]["user_id"]}), 200)
    expect(c.post(f"/api/tickets/b2c/{tid}/update", {"status": "in_progress"}), 200)
    return tid


def test_refund_over_threshold_waits_for_a_manager(t):
    s = harness.Server(t.server.binary).start()
    try:
        admin, agent, mgr = s.clients["admin"], s.clients["agent"], s.clients["manager"]
        w = expect(admin.put("/api/settings/workflow",
                             {"approval_thresholds": {"refund": 500, "credit_note": 0}}), 200)
        assert w["approval_thresholds"]["refund"] == 500
        assert w["approval_thresholds"]["credit_note"] == 0
        expect(agent.put("/api/settings/workflow", {}), 403, "forbidden")
        expect(admin.put("/api/settings/workflow", {"approval_thresholds": {"goodwill": 1}}),
               400, "bad_request", "approval_thresholds")

        # Under the threshold: resolved at once.
        tid = b2c_in_progress(s)
        tk = expect(agent.post(f"/api/tickets/b2c/{tid}/resolve", {
            "resolution_type": "refund", "notes": "Refunded the capsicum", "amount": 120}), 200)
        assert tk["status"] == "resolved" and tk["resolution_amount"] == 120
        assert tk["resolution_currency"] == "INR" and tk["pending_approval"] is None

        # Over it: pending, the ticket stays in progress, managers are told.
        tid = b2c_in_progress(s)
        before = expect(mgr.get("/api/notifications"), 200)["unread"]
        r = agent.post(f"/api/tickets/b2c/{tid}/resolve", {
            "resolution_type": "refund", "notes": "Whole box refunded", "amount": 899,
            "reference": "rzp_refund_88"})
        tk = expect(r, 202)
        assert tk["status"] == "in_progress" and tk["resolved_at"] is None
        ap = tk["pending_approval"]
        assert ap["amount"] == 899 and ap["state"] == "pending" and ap["reference"], ap
        n = expect(mgr.get("/api/notifications"), 200)
        assert n["unread"] == before + 1
        assert n["items"][0]["type"] == "approval_needed"
        assert n["items"][0]["title"] == f"Approval needed: Refund of ₹899.00 on {tk['number']}"
        asked = n["items"][0]["notification_id"]
        # Asking again while one waits is refused, and changes nothing.
        expect(agent.post(f"/api/tickets/b2c/{tid}/resolve", {
            "resolution_type": "refund", "notes": "again", "amount": 10}), 409, "conflict")
        assert expect(mgr.get("/api/approvals"), 200)["items"][0]["approval_id"] == \
            ap["approval_id"]

        # The agent may not see or decide approvals.
        expect(agent.get("/api/approvals"), 403, "forbidden")
        expect(agent.post(f"/api/approvals/{ap['approval_id']}/approve"), 403, "forbidden")
        assert expect(agent.get(f"/api/tickets/b2c/{tid}"), 200)["status"] == "in_progress"

        out = expect(mgr.post(f"/api/approvals/{ap['approval_id']}/approve",
                              {"note": "OK, regular customer"}), 200)
        assert out["approval"]["state"] == "approved"
        assert out["approval"]["decided_by"] == s.users["manager"]["user_id"]
        tk = expect(agent.get(f"/api/tickets/b2c/{tid}"), 200)
        assert tk["status"] == "resolved" and tk["resolution_amount"] == 899
        assert tk["resolution_reference"] == "rzp_refund_88" and tk["pending_approval"] is None
        # Deciding twice is refused.
        expect(mgr.post(f"/api/approvals/{ap['approval_id']}/reject", {"note": "x"}), 409,
               "conflict")
        tl = expect(agent.get(f"/api/tickets/b2c/{tid}/timeline"), 200)["items"]
        types = [e["type"] for e in tl]
        assert types.index("approval_requested") < types.index("approval_approved") < \
            types.index("resolved"), types
        n = expect(agent.get("/api/notifications"), 200)["items"]
        assert f"Refund of ₹899.00 on {tk['number']} approved by {s.users['manager']['name']}" \
            in [x["title"] for x in n], n
        # Decided, the managers' request is done: read, no longer counted.
        n = expect(mgr.get("/api/notifications"), 200)
        done = [x for x in n["items"] if x["notification_id"] == asked]
        assert done and done[0]["read_at"], done
        assert n["unread"] == before

        # A rejection returns the ticket to work with the manager's note on the timeline.
        tid = b2c_in_progress(s)
        tk = expect(agent.post(f"/api/tickets/b2c/{tid}/resolve", {
            "resolution_type": "refund", "notes": "Refund all", "amount": 1500}), 202)
        aid = tk["pending_approval"]["approval_id"]
        expect(mgr.post(f"/api/approvals/{aid}/reject"), 422, "invalid", "note")
        out = expect(mgr.post(f"/api/approvals/{aid}/reject",
                              {"note": "Offer a replacement box instead"}), 200)
        assert out["approval"]["state"] == "rejected"
        tk = expect(agent.get(f"/api/tickets/b2c/{tid}"), 200)
        assert tk["status"] == "in_progress" and tk["pending_approval"] is None
        tl = expect(agent.get(f"/api/tickets/b2c/{tid}/timeline"), 200)["items"]
        rej = [e for e in tl if e["type"] == "approval_rejected"]
        assert rej and rej[0]["note"] == "Offer a replacement box instead", rej
        assert [a["state"] for a in expect(mgr.get("/api/approvals?state=all"), 200)["items"]] \
            == ["rejected", "approved"]

        # A manager's own refund needs no approval.
        tid = b2c_in_progress(s, "manager")
        tk = expect(mgr.post(f"/api/tickets/b2c/{tid}/resolve", {
            "resolution_type": "refund", "notes": "Refund all", "amount": 5000}), 200)
        assert tk["status"] == "resolved"
        # Close records how the customer confirmed.
        tk = expect(mgr.post(f"/api/tickets/b2c/{tid}/close", {"confirmation": "whatsapp"}),
                    200)
        assert tk["close_confirmation"] == "whatsapp"
        expect(mgr.post(f"/api/tickets/b2c/{tid}/close", {"confirmation": "pigeon"}), 422,
               "invalid", "confirmation")
    finally:
        s.cleanup()


def test_resolved_tickets_close_themselves(t):
    s = harness.Server(t.server.binary).start()
    try:
        from test_sla import set_clock, sweep, T0
        from datetime import timedelta
        admin, agent = s.clients["admin"], s.clients["agent"]
        expect(admin.put("/api/settings/workflow", {"auto_close_days": 3}), 200)
        expect(admin.put("/api/settings/workflow", {"auto_close_days": -1}), 422, "invalid",
               "auto_close_days")
        set_clock(s, T0)
        tid = b2c_in_progress(s)
        expect(agent.post(f"/api/tickets/b2c/{tid}/resolve",
                          {"resolution_type": "goodwill", "notes": "Extra mangoes"}), 200)
        set_clock(s, T0 + timedelta(days=2, hours=23))
        assert sweep(s)["auto_closed"] == 0
        set_clock(s, T0 + timedelta(days=3, minutes=1))
        assert sweep(s)["auto_closed"] == 1
        assert sweep(s)["auto_closed"] == 0
        tk = expect(agent.get(f"/api/tickets/b2c/{tid}"), 200)
        assert tk["status"] == "closed" and tk["close_confirmation"] == "auto"
        tl = expect(agent.get(f"/api/tickets/b2c/{tid}/timeline"), 200)["items"]
        assert tl[-1]["type"] == "closed" and "no reply for 3 days" in tl[-1]["note"]
        assert tl[-1]["actor_id"] is None
        # "My tickets" for every user: what they filed.
        mine = expect(agent.get("/api/tickets/b2c/list?created_by=me"), 200)
        assert mine["total"] == 1
        expect(agent.get("/api/tickets/b2c/list?created_by=someone"), 400, "bad_request",
               "created_by")
    finally:
        s.cleanup()
