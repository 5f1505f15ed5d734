"""The thin path: health, sign-in, a ticket from creation to closure."""
from harness import expect


def test_healthz(t):
    body = expect(t.anon().get("/healthz"), 200)
    assert body["status"] == "ok" and body["schema_version"] >= 1


def test_internal_ticket_lifecycle(t):
    rep = t.as_("reporter")
    body = expect(rep.post("/api/tickets/internal/create", {
        "title": "Export button does nothing", "category": "bug", "priority": "high",
        "description": "Clicking Export on the stock report does nothing.",
        "steps_to_reproduce": "Open stock report, click Export.",
        "expected_behavior": "A CSV downloads.", "actual_behavior": "Nothing happens."}), 201)
    assert body["number"].startswith("INT-") and body["status"] == "new"
    tid = body["ticket_id"]
    dev = t.as_("developer")
    expect(dev.post(f"/api/tickets/internal/{tid}/update", {"status": "triaged"}), 200)
    expect(dev.post(f"/api/tickets/internal/{tid}/assign",
                    {"assigned_to": t.user("developer")["user_id"]}), 200)
    expect(dev.post(f"/api/tickets/internal/{tid}/update", {"status": "in_progress"}), 200)
    body = expect(dev.post(f"/api/tickets/internal/{tid}/resolve",
                           {"resolution_type": "fixed", "notes": "Fixed in 2.3.1"}), 200)
    assert body["status"] == "resolved" and body["resolved_at"]
    body = expect(rep.post(f"/api/tickets/internal/{tid}/close", {"note": "Works now"}), 200)
    assert body["status"] == "closed"
    tl = expect(rep.get(f"/api/tickets/internal/{tid}/timeline"), 200)["items"]
    types = [e["type"] for e in tl]
    assert types[0] == "created" and "resolved" in types and types[-1] == "closed", types
