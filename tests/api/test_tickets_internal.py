"""Internal tickets: the bug report's required fields, who sees which internal tickets, who
works them, and which comments a reporter sees."""
import re

from harness import expect
from fixtures import (NoNewTickets, Unchanged, get, internal, internal_body, new_user, post,
                      timeline, uid, walk)


def test_create_internal(t):
    body = internal(t, affected_module="Reports", priority="critical")
    assert re.fullmatch(r"INT-\d{6}", body["number"]), body["number"]
    assert body["kind"] == "internal" and body["status"] == "new"
    assert body["priority"] == "critical" and body["category_group"] == "bug"
    assert body["steps_to_reproduce"] and body["expected_behavior"] and body["actual_behavior"]
    assert body["affected_module"] == "Reports"
    assert body["created_by"] == t.user("reporter")["user_id"]
    assert body["allowed_transitions"] == ["triaged"]
    for f in ("customer_id", "so_id", "woo_order_number", "within_policy_window"):
        assert f not in body, f


def test_feature_request_needs_no_steps(t):
    body = internal(t, category="feature_request", steps_to_reproduce=...,
                    expected_behavior=..., actual_behavior=..., priority="low")
    assert body["category_group"] == "feature"
    assert body["steps_to_reproduce"] is None


def test_internal_required_fields_422(t):
    rep = t.as_("reporter")
    cases = [
        ("steps_to_reproduce", internal_body(steps_to_reproduce=...)),
        ("expected_behavior", internal_body(expected_behavior="")),
        ("actual_behavior", internal_body(actual_behavior=None)),
        ("title", internal_body(title=...)),
        ("description", internal_body(description=...)),
        ("category", internal_body(category=...)),
        ("category", internal_body(category="damaged_items")),
        ("priority", internal_body(priority=...)),
        ("priority", internal_body(priority="urgent")),  # B2B/B2C only
    ]
    for field, body in cases:
        with NoNewTickets(t, "internal"):
            expect(rep.post("/api/tickets/internal/create", body), 422, "invalid", field)
    for field, body in [("customer_id", internal_body(customer_id="ZC-1")),
                        ("delivery_date", internal_body(delivery_date="2026-01-01")),
                        ("severity", internal_body(severity="high")),
                        ("title", internal_body(title=True))]:
        with NoNewTickets(t, "internal"):
            expect(rep.post("/api/tickets/internal/create", body), 400, "bad_request", field)


def test_reporter_sees_only_own(t):
    mine = internal(t, title=f"Mine {uid()}")
    other_user, other = new_user(t, "reporter", "Second Reporter")
    theirs = internal(t, client=other, title=f"Theirs {uid()}")
    rep = t.as_("reporter")
    # the other reporter's ticket does not exist for me, by id or number, on every route
    tid = theirs["ticket_id"]
    with Unchanged(t, "internal", tid):
        for path in (f"/api/tickets/internal/{tid}", f"/api/tickets/internal/{theirs['number']}",
                     f"/api/tickets/internal/{tid}/timeline",
                     f"/api/tickets/internal/{tid}/comments"):
            expect(rep.get(path), 404, "not_found")
        for action, body in (("update", {"title": "mine now"}),
                             ("comments", {"comment_text": "hello", "visibility": "public"}),
                             ("close", {})):
            expect(rep.post(f"/api/tickets/internal/{tid}/{action}", body), 404, "not_found")
    # my list has only my tickets, and its total agrees
    items, total, _ = walk(t, "internal", client=rep, limit=200)
    assert total == len(items)
    assert items and all(i["created_by"] == t.user("reporter")["user_id"] for i in items)
    ids = {i["ticket_id"] for i in items}
    assert mine["ticket_id"] in ids and tid not in ids
    # filtering by another creator's tickets cannot widen the view
    other_items, _, _ = walk(t, "internal", client=other, limit=200)
    assert {i["ticket_id"] for i in other_items} == {tid}
    # my own ticket I can read and update
    expect(rep.get(f"/api/tickets/internal/{mine['ticket_id']}"), 200)
    body = expect(rep.post(f"/api/tickets/internal/{mine['ticket_id']}/update",
                           {"description": "Also on the sales report."}), 200)
    assert body["description"] == "Also on the sales report."


def test_developers_and_admins_see_all_internal(t):
    a = internal(t, title=f"By reporter {uid()}")
    b = internal(t, role="agent", title=f"By agent {uid()}", category="user_access",
                 steps_to_reproduce=..., expected_behavior=..., actual_behavior=...)
    for role in ("developer", "admin"):
        for x in (a, b):
            expect(t.as_(role).get(f"/api/tickets/internal/{x['ticket_id']}"), 200)
        items, total, _ = walk(t, "internal", role, limit=200)
        ids = {i["ticket_id"] for i in items}
        assert {a["ticket_id"], b["ticket_id"]} <= ids
        creators = {i["created_by"] for i in items}
        assert len(creators) >= 2, creators


def test_agents_and_managers_see_only_own_internal(t):
    rep_ticket = internal(t)
    for role in ("agent", "manager"):
        own = internal(t, role=role, category="training", steps_to_reproduce=...,
                       expected_behavior=..., actual_behavior=..., priority="low")
        c = t.as_(role)
        expect(c.get(f"/api/tickets/internal/{own['ticket_id']}"), 200)
        expect(c.get(f"/api/tickets/internal/{rep_ticket['ticket_id']}"), 404, "not_found")
        items, total, _ = walk(t, "internal", role, limit=200)
        assert items and all(i["created_by"] == t.user(role)["user_id"] for i in items), role
        assert own["ticket_id"] in {i["ticket_id"] for i in items}
        # and they still see every customer ticket
        expect(c.get("/api/tickets/b2b/list"), 200)
        expect(c.get("/api/tickets/b2c/list"), 200)


def test_reporter_cannot_work_tickets(t):
    x = internal(t)
    tid = x["ticket_id"]
    rep = t.as_("reporter")
    with Unchanged(t, "internal", tid):
        expect(rep.post(f"/api/tickets/internal/{tid}/assign",
                        {"assigned_to": t.user("developer")["user_id"]}), 403, "forbidden")
        expect(rep.post(f"/api/tickets/internal/{tid}/resolve",
                        {"resolution_type": "fixed", "notes": "did it myself"}), 403,
               "forbidden")
    # managers and agents do not assign internal tickets either
    with Unchanged(t, "internal", tid):
        mine = internal(t, role="manager", category="training", steps_to_reproduce=...,
                        expected_behavior=..., actual_behavior=...)
        expect(t.as_("manager").post(f"/api/tickets/internal/{mine['ticket_id']}/assign",
                                     {"assigned_to": t.user("developer")["user_id"]}), 403,
               "forbidden")


def test_internal_assignees_must_work_internal(t):
    x = internal(t)
    tid = x["ticket_id"]
    dev = t.as_("developer")
    for role in ("agent", "manager", "reporter"):
        with Unchanged(t, "internal", tid):
            expect(dev.post(f"/api/tickets/internal/{tid}/assign",
                            {"assigned_to": t.user(role)["user_id"]}), 422, "invalid",
                   "assigned_to")
    body = expect(dev.post(f"/api/tickets/internal/{tid}/assign",
                           {"assigned_to": t.user("admin")["user_id"]}), 200)
    assert body["assigned_to"] == t.user("admin")["user_id"]
    assert body["status"] == "new"  # internal tickets are triaged, not moved by assignment


def test_reporter_never_sees_internal_comments(t):
    x = internal(t)
    tid = x["ticket_id"]
    dev = t.as_("developer")
    secret = f"Root cause is the nightly job {uid()}"
    public = f"We are looking at it {uid()}"
    expect(dev.post(f"/api/tickets/internal/{tid}/comments",
                    {"comment_text": secret, "visibility": "internal"}), 201)
    expect(dev.post(f"/api/tickets/internal/{tid}/comments",
                    {"comment_text": public, "visibility": "public"}), 201)
    rep = t.as_("reporter")
    for path in (f"/api/tickets/internal/{tid}/comments", f"/api/tickets/internal/{tid}/timeline"):
        r = rep.get(path)
        expect(r, 200)
        assert secret.encode() not in r.raw, path
        assert public.encode() in r.raw, path
    texts = [c["comment_text"] for c in expect(dev.get(f"/api/tickets/internal/{tid}/comments"),
                                                200)["items"]]
    assert texts == [secret, public]


def test_reporter_sees_own_comments(t):
    """A reporter's comment must not become an internal note the reporter then cannot see."""
    x = internal(t)
    tid = x["ticket_id"]
    rep = t.as_("reporter")
    text = f"It also happens on Firefox {uid()}"
    c = expect(rep.post(f"/api/tickets/internal/{tid}/comments", {"comment_text": text}), 201)
    assert c["visibility"] == "public", c
    got = expect(rep.get(f"/api/tickets/internal/{tid}/comments"), 200)["items"]
    assert text in [i["comment_text"] for i in got]
    # asking for an internal note is refused, and nothing is stored
    with Unchanged(t, "internal", tid):
        expect(rep.post(f"/api/tickets/internal/{tid}/comments",
                        {"comment_text": "psst", "visibility": "internal"}), 403, "forbidden",
               "visibility")


def test_internal_workflow_and_reporter_close(t):
    x = internal(t)
    tid = x["ticket_id"]
    dev = "developer"
    with Unchanged(t, "internal", tid):
        err = expect(post(t, dev, "internal", tid, "update", {"status": "in_progress"}), 409,
                     "conflict", "status")
        assert "triaged" in err["error"]["message"]
        expect(post(t, dev, "internal", tid, "update", {"status": "assigned"}), 422, "invalid",
               "status")  # not an internal status
        expect(post(t, dev, "internal", tid, "resolve",
                    {"resolution_type": "fixed", "notes": "x"}), 409, "conflict", "status")
    assert expect(post(t, dev, "internal", tid, "update", {"status": "triaged"}), 200)[
        "allowed_transitions"] == ["in_progress"]
    expect(post(t, dev, "internal", tid, "update", {"status": "in_progress"}), 200)
    with Unchanged(t, "internal", tid):
        expect(post(t, dev, "internal", tid, "resolve",
                    {"resolution_type": "refund", "notes": "x"}), 422, "invalid",
               "resolution_type")
    body = expect(post(t, dev, "internal", tid, "resolve",
                       {"resolution_type": "cannot_reproduce", "notes": "Works for me"}), 200)
    assert body["status"] == "resolved" and body["resolution_type"] == "cannot_reproduce"
    # the reporter disagrees: reopened by a developer, resolved again, then closed by the
    # reporter
    expect(post(t, dev, "internal", tid, "update", {"status": "in_progress"}), 200)
    expect(post(t, dev, "internal", tid, "resolve",
                {"resolution_type": "fixed", "notes": "Found it"}), 200)
    body = expect(post(t, "reporter", "internal", tid, "close", {"note": "Confirmed"}), 200)
    assert body["status"] == "closed" and body["closed_at"]
    statuses = [(e["old_value"], e["new_value"]) for e in timeline(t, "internal", tid)
                if e.get("field") == "status"]
    assert statuses == [("new", "triaged"), ("triaged", "in_progress"),
                        ("in_progress", "resolved"), ("resolved", "in_progress"),
                        ("in_progress", "resolved"), ("resolved", "closed")], statuses
    assert get(t, "internal", tid, "reporter")["allowed_transitions"] == []


def test_only_developers_move_internal_tickets(t):
    rep = t.as_("reporter")
    body = expect(rep.post("/api/tickets/internal/create", {
        "title": "Wrong unit on the GRN screen", "category": "data_issue", "priority": "low",
        "description": "Coriander shows kg instead of bunch."}), 201)
    url = f"/api/tickets/internal/{body['ticket_id']}"
    before = rep.get(url).json
    expect(rep.post(url + "/update", {"status": "triaged"}), 403, "forbidden", "status")
    assert rep.get(url).json == before
    # The filer may still edit the text.
    after = expect(rep.post(url + "/update", {"description": "Coriander shows kg, not bunch."}),
                   200)
    assert after["status"] == before["status"] == "new"
    assert expect(t.as_("developer").post(url + "/update", {"status": "triaged"}), 200)[
        "status"] == "triaged"
