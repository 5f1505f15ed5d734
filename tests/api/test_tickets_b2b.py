"""B2B tickets: creation against the ERP's records, the order context, field validation,
and every refusal leaving nothing behind."""
import json
import re

from harness import expect
from fixtures import (NoNewTickets, Unchanged, b2b, b2b_body, b2b_setup, batch, customer,
                      expect_oversized, get, numeric, raw_post, timeline)


def test_create_b2b_with_order(t):
    cu, so, inv = b2b_setup(t, name="The Grand Maratha Hotel")
    batch(t, "B-77", product="Coriander")
    r = t.as_("agent").post("/api/tickets/b2b/create", b2b_body(cu, so, batch_number="B-77",
                                                                 items_affected="Coriander"))
    body = expect(r, 201)
    assert re.fullmatch(r"B2B-\d{6}", body["number"]), body["number"]
    assert body["kind"] == "b2b" and body["status"] == "new"
    assert r.headers.get("location") == f"/api/tickets/b2b/{body['ticket_id']}"
    assert body["customer_id"] == cu["customer_id"] and body["so_id"] == so["so_id"]
    assert body["category"] == "missing_items" and body["category_group"] == "order"
    assert body["priority"] == "high" and body["requested_resolution"] == "credit_note"
    assert body["batch_number"] == "B-77" and body["items_affected"] == "Coriander"
    assert body["created_by"] == t.user("agent")["user_id"]
    assert body["assigned_to"] is None and body["resolved_at"] is None
    assert body["closed_at"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["created_at"]), body
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", body["ticket_creation_date"]), body
    assert body["allowed_transitions"] == ["assigned"]
    # a default title names the category, customer and order
    assert so["so_id"] in body["title"] and "Missing items" in body["title"], body["title"]
    # the detail read gives the same ticket and the order context
    d = get(t, "b2b", body["ticket_id"], "agent")
    assert d["number"] == body["number"]
    oc = d["order_context"]
    assert oc["order"]["so_id"] == so["so_id"]
    assert oc["order"]["delivery_date"] == "2026-03-02"
    assert [(l["item"], l["ordered_qty"], l["delivered_qty"]) for l in oc["order"]["lines"]] == [
        ("Tomato (hybrid)", 40, 38), ("Coriander", 30, 30)]
    assert oc["customer"]["customer_id"] == cu["customer_id"]
    assert oc["customer"]["name"] == cu["name"] and oc["customer"]["phone"] == cu["phone"]
    assert [i["invoice_id"] for i in oc["invoices"]] == [inv["invoice_id"]]
    # and by number
    assert get(t, "b2b", body["number"], "agent")["ticket_id"] == body["ticket_id"]
    tl = timeline(t, "b2b", body["ticket_id"])
    assert [e["type"] for e in tl] == ["created"]
    assert tl[0]["actor_id"] == t.user("agent")["user_id"]


def test_create_b2b_with_invoice_only_fills_order(t):
    cu, so, inv = b2b_setup(t)
    body = expect(t.as_("manager").post("/api/tickets/b2b/create", b2b_body(
        cu, so, so_id=..., invoice_id=inv["invoice_id"], title="Invoice total looks wrong",
        category="pricing_query", requested_resolution=...)), 201)
    assert body["invoice_id"] == inv["invoice_id"]
    assert body["so_id"] == so["so_id"]
    assert body["title"] == "Invoice total looks wrong"
    assert body["requested_resolution"] is None
    assert get(t, "b2b", body["ticket_id"])["order_context"]["order"]["so_id"] == so["so_id"]


def test_b2b_numbers_are_sequential_and_not_used_by_refusals(t):
    cu, so, _ = b2b_setup(t)
    a = b2b(t, cu, so)
    expect(t.as_("agent").post("/api/tickets/b2b/create",
                               b2b_body(cu, so, customer_id="NOPE")), 422)
    expect(t.as_("agent").post("/api/tickets/b2b/create", b2b_body(cu, so, priority="p0")),
           422)
    b = b2b(t, cu, so)
    assert numeric(b["number"]) == numeric(a["number"]) + 1, (a["number"], b["number"])


def test_b2b_unknown_records_422(t):
    cu, so, inv = b2b_setup(t)
    other_cu, other_so, other_inv = b2b_setup(t)
    home = customer(t, type_="home")
    agent = t.as_("agent")
    cases = [
        (b2b_body(cu, so, customer_id="ZC-NOPE"), "customer_id"),
        (b2b_body(cu, so, so_id="SO-NOPE"), "so_id"),
        (b2b_body(cu, so, so_id=..., invoice_id="INV-NOPE"), "invoice_id"),
        # the order of another customer
        (b2b_body(cu, other_so), "so_id"),
        # an invoice of another order
        (b2b_body(cu, so, invoice_id=other_inv["invoice_id"]), "invoice_id"),
        # an invoice whose order belongs to another customer
        (b2b_body(cu, so, so_id=..., invoice_id=other_inv["invoice_id"]), "so_id"),
        # a home customer is a B2C matter
        (b2b_body(home, so, customer_id=home["customer_id"], so_id=...,
                  invoice_id=inv["invoice_id"]), "customer_id"),
    ]
    for body, field in cases:
        with NoNewTickets(t, "b2b"):
            r = agent.post("/api/tickets/b2b/create", body)
            err = expect(r, 422, "invalid", field)
            assert err["error"]["message"], body


def test_b2b_required_fields_422(t):
    cu, so, _ = b2b_setup(t)
    agent = t.as_("agent")
    cases = [
        ("customer_id", b2b_body(cu, so, customer_id=...)),
        ("so_id", b2b_body(cu, so, so_id=...)),
        ("category", b2b_body(cu, so, category=...)),
        ("priority", b2b_body(cu, so, priority=...)),
        ("description", b2b_body(cu, so, description=...)),
        ("description", b2b_body(cu, so, description="   ")),
        ("requested_resolution", b2b_body(cu, so, requested_resolution=...)),
        ("category", b2b_body(cu, so, category="spoiled_items")),  # a B2C category
        ("priority", b2b_body(cu, so, priority="critical")),  # an internal priority
        ("requested_resolution", b2b_body(cu, so, requested_resolution="store_credit")),
        ("preferred_resolution_date", b2b_body(cu, so, preferred_resolution_date="tomorrow")),
        ("delivery_date", b2b_body(cu, so, delivery_date="2026-13-01")),
        ("title", b2b_body(cu, so, title="x" * 201)),
    ]
    for field, body in cases:
        with NoNewTickets(t, "b2b"):
            expect(agent.post("/api/tickets/b2b/create", body), 422, "invalid", field)


def test_b2b_unknown_field_and_wrong_type_400(t):
    cu, so, _ = b2b_setup(t)
    agent = t.as_("agent")
    cases = [
        ("colour", b2b_body(cu, so, colour="red")),
        ("woo_order_number", b2b_body(cu, so, woo_order_number="WC-1")),  # B2C only
        ("steps_to_reproduce", b2b_body(cu, so, steps_to_reproduce="x")),  # internal only
        ("status", b2b_body(cu, so, status="closed")),
        ("assigned_to", b2b_body(cu, so, assigned_to=1)),
        ("ticket_id", b2b_body(cu, so, ticket_id=1)),
        ("priority", b2b_body(cu, so, priority=3)),
        ("description", b2b_body(cu, so, description=["a"])),
        ("customer_id", b2b_body(cu, so, customer_id={"id": 1})),
        ("so_id", b2b_body(cu, so, so_id=12)),
    ]
    for field, body in cases:
        with NoNewTickets(t, "b2b"):
            expect(agent.post("/api/tickets/b2b/create", body), 400, "bad_request", field)


def test_b2b_body_errors(t):
    cu, so, _ = b2b_setup(t)
    agent = t.as_("agent")
    good = b2b_body(cu, so)
    text = json.dumps(good)
    with NoNewTickets(t, "b2b"):
        expect(raw_post(agent, "/api/tickets/b2b/create", text[:-5]), 400, "bad_request")
        expect(raw_post(agent, "/api/tickets/b2b/create", "[1, 2]"), 400, "bad_request")
        expect(raw_post(agent, "/api/tickets/b2b/create", ""), 400, "bad_request")
        expect(raw_post(agent, "/api/tickets/b2b/create", text[:-1] + ', "priority": "low"}'),
               400, "bad_request")  # a duplicate key
        expect(raw_post(agent, "/api/tickets/b2b/create", text, "text/plain"), 415,
               "unsupported_media_type")
        expect(raw_post(agent, "/api/tickets/b2b/create", text, None), 415,
               "unsupported_media_type")
        expect_oversized(agent, "POST", "/api/tickets/b2b/create")
    # the right content type with a charset is fine
    expect(raw_post(agent, "/api/tickets/b2b/create", text, "application/json; charset=utf-8"),
           201)


def test_b2b_wrong_role_403(t):
    cu, so, _ = b2b_setup(t)
    mine = b2b(t, cu, so)
    for role in ("reporter", "developer"):
        c = t.as_(role)
        with NoNewTickets(t, "b2b"):
            expect(c.post("/api/tickets/b2b/create", b2b_body(cu, so)), 403, "forbidden")
        with Unchanged(t, "b2b", mine["ticket_id"]):
            tid = mine["ticket_id"]
            expect(c.get(f"/api/tickets/b2b/{tid}"), 403, "forbidden")
            expect(c.get("/api/tickets/b2b/list"), 403, "forbidden")
            expect(c.post(f"/api/tickets/b2b/{tid}/update", {"title": "x"}), 403, "forbidden")
            expect(c.post(f"/api/tickets/b2b/{tid}/comments", {"comment_text": "x"}), 403,
                   "forbidden")
            expect(c.get(f"/api/tickets/b2b/{tid}/timeline"), 403, "forbidden")
    with NoNewTickets(t, "b2b"):
        expect(t.anon().post("/api/tickets/b2b/create", b2b_body(cu, so)), 401, "unauthorized")


def test_b2b_unknown_ticket_404(t):
    agent = t.as_("agent")
    for path in ("/api/tickets/b2b/999999", "/api/tickets/b2b/B2B-999999",
                 "/api/tickets/b2b/999999/timeline", "/api/tickets/b2b/999999/comments",
                 "/api/tickets/b2b/abc"):
        expect(agent.get(path), 404, "not_found")
    for action, body in (("update", {"title": "x"}), ("assign", {"assigned_to": None}),
                         ("resolve", {"resolution_type": "refund", "notes": "x"}),
                         ("close", {}), ("comments", {"comment_text": "x"})):
        expect(agent.post(f"/api/tickets/b2b/999999/{action}", body), 404, "not_found")
    # a ticket of another kind is not found under this kind
    it = expect(t.as_("agent").post("/api/tickets/internal/create", {
        "title": "Printer", "category": "training", "priority": "low",
        "description": "How do I print labels?"}), 201)
    expect(agent.get(f"/api/tickets/b2b/{it['ticket_id']}"), 404, "not_found")
    expect(agent.get(f"/api/tickets/b2b/{it['number']}"), 404, "not_found")


def test_b2b_update_fields_and_audit(t):
    t_ = b2b(t)
    tid = t_["ticket_id"]
    batch(t, "B-2026-0301-07", product="Coriander")
    body = expect(t.as_("agent").post(f"/api/tickets/b2b/{tid}/update", {
        "title": "Coriander short by two crates", "priority": "urgent",
        "batch_number": "B-2026-0301-07"}), 200)
    assert body["title"] == "Coriander short by two crates"
    assert body["priority"] == "urgent" and body["batch_number"] == "B-2026-0301-07"
    assert body["updated_at"] >= t_["updated_at"]
    changes = {e["field"]: e for e in timeline(t, "b2b", tid) if e["type"] == "changed"}
    assert changes["title"]["old_value"] == t_["title"]
    assert changes["title"]["new_value"] == "Coriander short by two crates"
    assert changes["priority"]["old_value"] == "high"
    assert changes["priority"]["new_value"] == "urgent"
    assert changes["batch_number"]["old_value"] is None
    for e in changes.values():
        assert e["actor_id"] == t.user("agent")["user_id"] and e["at"]
    # a no-op update writes no event
    n = len(timeline(t, "b2b", tid))
    expect(t.as_("agent").post(f"/api/tickets/b2b/{tid}/update", {"priority": "urgent"}), 200)
    assert len(timeline(t, "b2b", tid)) == n


def test_b2b_update_refusals_change_nothing(t):
    cu, so, _ = b2b_setup(t)
    other_cu, other_so, _ = b2b_setup(t)
    t_ = b2b(t, cu, so)
    tid = t_["ticket_id"]
    agent = t.as_("agent")
    cases = [
        ({"description": ""}, 422, "invalid", "description"),
        ({"category": None}, 422, "invalid", "category"),
        ({"priority": "p1"}, 422, "invalid", "priority"),
        ({"so_id": other_so["so_id"]}, 422, "invalid", "so_id"),
        ({"so_id": "SO-NOPE"}, 422, "invalid", "so_id"),
        ({"customer_id": "ZC-NOPE"}, 422, "invalid", "customer_id"),
        ({"status": "bogus"}, 422, "invalid", "status"),
        ({"status": "resolved"}, 422, "invalid", "status"),
        ({"status": "closed"}, 422, "invalid", "status"),
        ({"status": "in_progress"}, 409, "conflict", "status"),
        ({"status": "assigned"}, 409, "conflict", "status"),  # nobody assigned yet
        ({"title": "ok", "priority": "p1"}, 422, "invalid", "priority"),  # all or nothing
        ({"colour": "red"}, 400, "bad_request", "colour"),
        ({"woo_order_number": "WC-9"}, 400, "bad_request", "woo_order_number"),
        ({"title": 5}, 400, "bad_request", "title"),
        ({"status": 2}, 400, "bad_request", "status"),
    ]
    for body, status, code, field in cases:
        with Unchanged(t, "b2b", tid):
            expect(agent.post(f"/api/tickets/b2b/{tid}/update", body), status, code, field)
    with Unchanged(t, "b2b", tid):
        expect(raw_post(agent, f"/api/tickets/b2b/{tid}/update", "{\"title\": "), 400,
               "bad_request")
        expect(raw_post(agent, f"/api/tickets/b2b/{tid}/update", "{\"title\": \"x\"}",
                        "text/plain"), 415, "unsupported_media_type")
        expect_oversized(agent, "POST", f"/api/tickets/b2b/{tid}/update")
