"""The workflow per kind: every allowed transition, refusals (409 naming the allowed
statuses, nothing changed), assignment rules, resolution types from the catalog, close and
reopen."""
from harness import expect
from fixtures import Unchanged, b2b, b2c, get, post, raw_post, timeline


def catalog(t):
    return expect(t.as_("agent").get("/api/catalog"), 200)["kinds"]


def new_ticket(t, kind):
    return b2b(t) if kind == "b2b" else b2c(t)


def refused_409(t, kind, tid, action, body, allowed, role="manager"):
    """A refused transition: 409 on field status, the message names every allowed status, and
    nothing changed."""
    with Unchanged(t, kind, tid):
        err = expect(post(t, role, kind, tid, action, body), 409, "conflict", "status")
    msg = err["error"]["message"]
    for s in allowed:
        assert s in msg, f"409 message does not name '{s}': {msg}"
    return msg


def check_allowed(t, kind, body, cat):
    assert body["allowed_transitions"] == cat[kind]["transitions"][body["status"]], body


def walk_customer_workflow(t, kind):
    cat = catalog(t)
    tr = cat[kind]["transitions"]
    x = new_ticket(t, kind)
    tid = x["ticket_id"]
    check_allowed(t, kind, x, cat)
    # from new: only to assigned
    refused_409(t, kind, tid, "update", {"status": "in_progress"}, tr["new"])
    refused_409(t, kind, tid, "update", {"status": "awaiting_customer"}, tr["new"])
    refused_409(t, kind, tid, "resolve", {"resolution_type": "replacement", "notes": "x"},
                tr["new"])
    refused_409(t, kind, tid, "close", {}, tr["new"])
    # new -> assigned by assignment
    body = expect(post(t, "manager", kind, tid, "assign",
                       {"assigned_to": t.user("agent")["user_id"]}), 200)
    assert body["status"] == "assigned"
    check_allowed(t, kind, body, cat)
    refused_409(t, kind, tid, "update", {"status": "awaiting_customer"}, tr["assigned"])
    refused_409(t, kind, tid, "update", {"status": "new"}, tr["assigned"])
    # assigned -> in_progress -> awaiting_customer -> in_progress
    for to in ("in_progress", "awaiting_customer", "in_progress"):
        body = expect(post(t, "agent", kind, tid, "update", {"status": to}), 200)
        assert body["status"] == to
        check_allowed(t, kind, body, cat)
    refused_409(t, kind, tid, "close", {"note": "done?"}, tr["in_progress"])
    refused_409(t, kind, tid, "update", {"status": "assigned"}, tr["in_progress"])
    # setting the status it already has changes nothing
    with Unchanged(t, kind, tid):
        expect(post(t, "agent", kind, tid, "update", {"status": "in_progress"}), 200)
    # in_progress -> resolved
    body = expect(post(t, "agent", kind, tid, "resolve",
                       {"resolution_type": "replacement", "notes": "Fresh box sent",
                        "replacement_date": "2026-11-25"}), 200)
    assert body["status"] == "resolved" and body["resolved_at"]
    assert body["resolution_type"] == "replacement"
    assert body["resolution_notes"] == "Fresh box sent"
    check_allowed(t, kind, body, cat)
    refused_409(t, kind, tid, "resolve", {"resolution_type": "replacement", "notes": "again"},
                tr["resolved"])
    refused_409(t, kind, tid, "update", {"status": "awaiting_customer"}, tr["resolved"])
    # reopen: resolved -> in_progress clears the resolution from the ticket
    body = expect(post(t, "agent", kind, tid, "update", {"status": "in_progress"}), 200)
    assert body["status"] == "in_progress"
    assert body["resolved_at"] is None and body["resolution_type"] is None
    body = expect(post(t, "agent", kind, tid, "resolve",
                       {"resolution_type": "goodwill", "notes": "Voucher"}), 200)
    assert body["resolution_type"] == "goodwill"
    # resolved -> closed
    body = expect(post(t, "agent", kind, tid, "close", {"note": "Customer happy"}), 200)
    assert body["status"] == "closed" and body["closed_at"]
    assert body["allowed_transitions"] == tr["closed"] == []
    # a closed ticket takes no more changes
    with Unchanged(t, kind, tid):
        expect(post(t, "agent", kind, tid, "update", {"title": "late edit"}), 409, "conflict")
        expect(post(t, "agent", kind, tid, "update", {"status": "in_progress"}), 409,
               "conflict")
        expect(post(t, "manager", kind, tid, "assign",
                    {"assigned_to": t.user("agent2")["user_id"]}), 409, "conflict")
        expect(post(t, "agent", kind, tid, "close", {}), 409, "conflict")
        expect(post(t, "agent", kind, tid, "resolve",
                    {"resolution_type": "refund", "notes": "x"}), 409, "conflict")
    statuses = [(e["old_value"], e["new_value"]) for e in timeline(t, kind, tid)
                if e.get("field") == "status"]
    assert statuses == [("new", "assigned"), ("assigned", "in_progress"),
                        ("in_progress", "awaiting_customer"),
                        ("awaiting_customer", "in_progress"), ("in_progress", "resolved"),
                        ("resolved", "in_progress"), ("in_progress", "resolved"),
                        ("resolved", "closed")], statuses
    # every status in the catalog's table for this kind was visited
    visited = {s for pair in statuses for s in pair}
    assert visited == set(tr), (visited, set(tr))


def test_b2b_every_transition(t):
    walk_customer_workflow(t, "b2b")


def test_b2c_every_transition(t):
    walk_customer_workflow(t, "b2c")


def test_move_to_assigned_needs_an_assignee(t):
    x = b2b(t)
    with Unchanged(t, "b2b", x["ticket_id"]):
        err = expect(post(t, "manager", "b2b", x["ticket_id"], "update",
                          {"status": "assigned"}), 409, "conflict", "status")
        assert "assign" in err["error"]["message"]


def test_assign_rules(t):
    agent, agent2 = t.user("agent")["user_id"], t.user("agent2")["user_id"]
    x = b2b(t)
    tid = x["ticket_id"]
    # an agent may not give an unassigned ticket to someone else
    with Unchanged(t, "b2b", tid):
        expect(post(t, "agent", "b2b", tid, "assign", {"assigned_to": agent2}), 403,
               "forbidden", "assigned_to")
    # an agent takes an unassigned ticket: it moves to assigned
    body = expect(post(t, "agent", "b2b", tid, "assign", {"assigned_to": agent}), 200)
    assert body["assigned_to"] == agent and body["status"] == "assigned"
    assert body["assigned_to_name"] == "Test Agent"
    # taking it again is harmless; another agent cannot take it over or unassign it
    expect(post(t, "agent", "b2b", tid, "assign", {"assigned_to": agent}), 200)
    with Unchanged(t, "b2b", tid):
        expect(post(t, "agent2", "b2b", tid, "assign", {"assigned_to": agent2}), 403,
               "forbidden", "assigned_to")
        expect(post(t, "agent2", "b2b", tid, "assign", {"assigned_to": None}), 403,
               "forbidden")
        expect(post(t, "agent", "b2b", tid, "assign", {"assigned_to": agent2}), 403,
               "forbidden")
    # a manager reassigns anyone, to anyone who works B2B tickets (managers too)
    body = expect(post(t, "manager", "b2b", tid, "assign", {"assigned_to": agent2}), 200)
    assert body["assigned_to"] == agent2 and body["status"] == "assigned"
    body = expect(post(t, "manager", "b2b", tid, "assign",
                       {"assigned_to": t.user("manager")["user_id"]}), 200)
    assert body["assigned_to"] == t.user("manager")["user_id"]
    body = expect(post(t, "admin", "b2b", tid, "assign", {"assigned_to": agent}), 200)
    assert body["assigned_to"] == agent
    # who cannot work B2B tickets cannot be assigned; unknown users neither
    with Unchanged(t, "b2b", tid):
        for role in ("developer", "reporter"):
            expect(post(t, "manager", "b2b", tid, "assign",
                        {"assigned_to": t.user(role)["user_id"]}), 422, "invalid",
                   "assigned_to")
        expect(post(t, "manager", "b2b", tid, "assign", {"assigned_to": 999999}), 422,
               "invalid", "assigned_to")
        expect(post(t, "manager", "b2b", tid, "assign", {"assigned_to": "agent"}), 400,
               "bad_request", "assigned_to")
        expect(post(t, "manager", "b2b", tid, "assign", {"assigned_to": 1.5}), 400,
               "bad_request", "assigned_to")
        expect(post(t, "manager", "b2b", tid, "assign", {}), 422, "invalid", "assigned_to")
        expect(post(t, "manager", "b2b", tid, "assign", {"assigned_to": agent, "note": "x"}),
               400, "bad_request", "note")
        expect(raw_post(t.as_("manager"), f"/api/tickets/b2b/{tid}/assign", "{\"assigned_to\""),
               400, "bad_request")
    # past `new`, a ticket is reassigned, never left with nobody; nothing changes
    before = t.as_("manager").get(f"/api/tickets/b2b/{tid}").json
    expect(post(t, "manager", "b2b", tid, "assign", {"assigned_to": None}), 409, "conflict",
           "assigned_to")
    assert t.as_("manager").get(f"/api/tickets/b2b/{tid}").json == before
    ev = [(e["actor_id"], e["old_value"], e["new_value"]) for e in timeline(t, "b2b", tid)
          if e["type"] == "assigned"]
    m, a = t.user("manager")["user_id"], t.user("admin")["user_id"]
    assert ev == [(agent, None, str(agent)), (m, str(agent), str(agent2)),
                  (m, str(agent2), str(m)), (a, str(m), str(agent))], ev


def test_assigning_later_does_not_move_status(t):
    x = b2b(t)
    tid = x["ticket_id"]
    expect(post(t, "manager", "b2b", tid, "assign", {"assigned_to": t.user("agent")["user_id"]}),
           200)
    expect(post(t, "agent", "b2b", tid, "update", {"status": "in_progress"}), 200)
    body = expect(post(t, "manager", "b2b", tid, "assign",
                       {"assigned_to": t.user("agent2")["user_id"]}), 200)
    assert body["status"] == "in_progress"


def to_in_progress(t, kind):
    x = new_ticket(t, kind)
    tid = x["ticket_id"]
    expect(post(t, "manager", kind, tid, "assign", {"assigned_to": t.user("agent")["user_id"]}),
           200)
    expect(post(t, "agent", kind, tid, "update", {"status": "in_progress"}), 200)
    return tid


def test_resolution_types_per_kind(t):
    cat = catalog(t)
    for kind in ("b2b", "b2c"):
        types = [r["code"] for r in cat[kind]["resolution_types"]]
        tid = to_in_progress(t, kind)
        for rt in types:
            details = {"credit_note": {"amount": 150}, "refund": {"amount": 99.5},
                       "store_credit": {"amount": 50},
                       "replacement": {"replacement_date": "2026-11-25"}}.get(rt, {})
            body = expect(post(t, "agent", kind, tid, "resolve",
                               {"resolution_type": rt, "notes": f"Resolved with {rt}",
                                **details}), 200)
            assert body["resolution_type"] == rt
            expect(post(t, "agent", kind, tid, "update", {"status": "in_progress"}), 200)
        resolved = [e for e in timeline(t, kind, tid) if e["type"] == "resolved"]
        assert len(resolved) == len(types)
        assert all(e["note"] and e["actor_id"] == t.user("agent")["user_id"] for e in resolved)
        # a type of another kind, or none at all, is refused
        other = {"b2b": "store_credit", "b2c": "credit_note"}[kind]
        with Unchanged(t, kind, tid):
            expect(post(t, "agent", kind, tid, "resolve",
                        {"resolution_type": other, "notes": "x"}), 422, "invalid",
                   "resolution_type")
            expect(post(t, "agent", kind, tid, "resolve",
                        {"resolution_type": "fixed", "notes": "x"}), 422, "invalid",
                   "resolution_type")
            expect(post(t, "agent", kind, tid, "resolve", {"notes": "x"}), 422, "invalid",
                   "resolution_type")
            expect(post(t, "agent", kind, tid, "resolve", {"resolution_type": types[0]}), 422,
                   "invalid", "notes")
            expect(post(t, "agent", kind, tid, "resolve",
                        {"resolution_type": types[0], "notes": "  "}), 422, "invalid", "notes")
            expect(post(t, "agent", kind, tid, "resolve",
                        {"resolution_type": types[0], "notes": "x", "amount": "5"}), 400,
                   "bad_request", "amount")
            money = {"b2b": "credit_note", "b2c": "refund"}[kind]
            expect(post(t, "agent", kind, tid, "resolve",
                        {"resolution_type": money, "notes": "x"}), 422, "invalid", "amount")
            expect(post(t, "agent", kind, tid, "resolve",
                        {"resolution_type": "no_action", "notes": "x", "amount": 5}), 422,
                   "invalid", "amount")
            expect(post(t, "agent", kind, tid, "resolve",
                        {"resolution_type": "replacement", "notes": "x"}), 422, "invalid",
                   "replacement_date")
            expect(post(t, "agent", kind, tid, "resolve",
                        {"resolution_type": 1, "notes": "x"}), 400, "bad_request",
                   "resolution_type")
    assert [r["code"] for r in cat["b2b"]["resolution_types"]] == [
        "credit_note", "replacement", "refund", "goodwill", "no_action"]
    assert {r["code"] for r in cat["b2c"]["resolution_types"]} == {
        "refund", "replacement", "store_credit", "goodwill", "no_action"}


def test_close_with_and_without_body(t):
    tid = to_in_progress(t, "b2b")
    expect(post(t, "agent", "b2b", tid, "resolve", {"resolution_type": "refund",
                                                    "notes": "Refunded", "amount": 120}), 200)
    with Unchanged(t, "b2b", tid):
        expect(post(t, "agent", "b2b", tid, "close", {"note": 5}), 400, "bad_request", "note")
        expect(post(t, "agent", "b2b", tid, "close", {"reason": "x"}), 400, "bad_request",
               "reason")
        expect(raw_post(t.as_("agent"), f"/api/tickets/b2b/{tid}/close", "{"), 400,
               "bad_request")
        expect(raw_post(t.as_("agent"), f"/api/tickets/b2b/{tid}/close", "note=x",
                        "application/x-www-form-urlencoded"), 415, "unsupported_media_type")
    # an empty POST closes without a note
    body = expect(t.as_("agent").request("POST", f"/api/tickets/b2b/{tid}/close"), 200)
    assert body["status"] == "closed" and body["closed_at"]
    assert body["resolution_type"] == "refund"  # the resolution stays on a closed ticket
    closed = [e for e in timeline(t, "b2b", tid) if e["type"] == "closed"]
    assert len(closed) == 1 and closed[0]["note"] is None
    assert closed[0]["old_value"] == "resolved" and closed[0]["new_value"] == "closed"


def test_close_note_is_in_the_timeline(t):
    tid = to_in_progress(t, "b2c")
    expect(post(t, "agent", "b2c", tid, "resolve", {"resolution_type": "no_action",
                                                    "notes": "Nothing wrong"}), 200)
    expect(post(t, "manager", "b2c", tid, "close", {"note": "  Agreed on call  "}), 200)
    closed = [e for e in timeline(t, "b2c", tid) if e["type"] == "closed"]
    assert closed[0]["note"] == "Agreed on call"
    assert closed[0]["actor_id"] == t.user("manager")["user_id"]
    assert get(t, "b2c", tid)["status"] == "closed"
