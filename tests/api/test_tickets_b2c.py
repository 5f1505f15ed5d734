"""B2C tickets: the home customer's details, the WooCommerce order, and the claim window
computed in the business time zone (Asia/Kolkata) with the test clock."""
import datetime
import re

from harness import expect
from fixtures import (NoNewTickets, Unchanged, b2c, b2c_body, customer, expect_oversized, ist,
                      ist_day, list_, raw_post, reset_clock, set_clock, timeline, word)

DAY = datetime.timedelta(days=1)


def test_create_b2c(t):
    body = b2c(t, customer_email="ananya.iyer@example.com", batch_number="B-9",
               preferred_resolution_date=str(ist_day(2)))
    assert re.fullmatch(r"B2C-\d{6}", body["number"]), body["number"]
    assert body["kind"] == "b2c" and body["status"] == "new"
    assert body["customer_name"] == "Ananya Iyer"
    assert body["customer_phone"] == "+91 98765 43210"
    assert body["customer_email"] == "ananya.iyer@example.com"
    assert body["woo_order_number"].startswith("WC")
    assert body["priority"] == "medium"  # the B2C form has no priority: a standard issue
    assert body["category_group"] == "order"
    assert body["within_policy_window"] is True and body["days_late"] == 0
    assert body["policy_window_label"] is None
    assert body["ticket_creation_date"] == str(ist_day(0))
    assert "order_context" not in body or body["order_context"] is None
    assert "invoice_id" not in body  # a B2B field


def test_b2c_email_or_phone_is_enough(t):
    a = b2c(t, customer_phone=..., customer_email="rohit.m@example.com")
    assert a["customer_email"] == "rohit.m@example.com" and a["customer_phone"] is None
    b = b2c(t, customer_email=None)
    assert b["customer_phone"]


def test_b2c_required_and_format_422(t):
    agent = t.as_("agent")
    cases = [
        ("customer_name", b2c_body(customer_name=...)),
        ("customer_name", b2c_body(customer_name="  ")),
        ("customer_phone", b2c_body(customer_phone=...)),
        ("woo_order_number", b2c_body(woo_order_number=...)),
        ("delivery_date", b2c_body(delivery_date=...)),
        ("delivery_date", b2c_body(delivery_date="yesterday")),
        ("delivery_date", b2c_body(delivery_date="2026-02-30")),
        ("category", b2c_body(category=...)),
        ("category", b2c_body(category="credit_request")),  # B2B only
        ("description", b2c_body(description=...)),
        ("customer_email", b2c_body(customer_email="not-an-email")),
        ("customer_phone", b2c_body(customer_phone="call me")),
        ("customer_phone", b2c_body(customer_phone="123")),
        ("requested_resolution", b2c_body(requested_resolution="credit_note")),  # B2B only
        ("priority", b2c_body(priority="critical")),
        ("customer_id", b2c_body(customer_id="ZC-NOPE")),
    ]
    for field, body in cases:
        with NoNewTickets(t, "b2c"):
            expect(agent.post("/api/tickets/b2c/create", body), 422, "invalid", field)


def test_b2c_400s_and_415_413(t):
    agent = t.as_("agent")
    with NoNewTickets(t, "b2c"):
        expect(agent.post("/api/tickets/b2c/create", b2c_body(invoice_id="INV-1")), 400,
               "bad_request", "invoice_id")
        expect(agent.post("/api/tickets/b2c/create", b2c_body(affected_module="x")), 400,
               "bad_request", "affected_module")
        expect(agent.post("/api/tickets/b2c/create", b2c_body(nickname="x")), 400,
               "bad_request", "nickname")
        expect(agent.post("/api/tickets/b2c/create", b2c_body(delivery_date=20260301)), 400,
               "bad_request", "delivery_date")
        expect(agent.post("/api/tickets/b2c/create", b2c_body(customer_phone=9876543210)), 400,
               "bad_request", "customer_phone")
        expect(raw_post(agent, "/api/tickets/b2c/create", "{'single': 'quotes'}"), 400,
               "bad_request")
        expect(raw_post(agent, "/api/tickets/b2c/create", "{}", "multipart/form-data"), 415,
               "unsupported_media_type")
        expect_oversized(agent, "POST", "/api/tickets/b2c/create")


def test_b2c_links_a_known_home_customer(t):
    home = customer(t, type_="home", name="Rohit Mehta")
    body = b2c(t, customer_id=home["customer_id"], customer_name="Rohit M.")
    assert body["customer_id"] == home["customer_id"]
    assert body["customer_name"] == "Rohit M."


def test_claim_window_boundaries_in_kolkata(t):
    d = ist_day(-10)
    try:
        # the last second of the local delivery day: within the window
        set_clock(t, ist(d, 23, 59, 59))
        a = b2c(t, delivery_date=str(d))
        assert a["within_policy_window"] is True and a["days_late"] == 0, a
        assert a["ticket_creation_date"] == str(d)
        # the first second of the next local day (18:30 UTC the same day): one day late
        set_clock(t, ist(d + DAY))
        b = b2c(t, delivery_date=str(d))
        assert b["created_at"] == f"{d}T18:30:00Z", b["created_at"]
        assert b["ticket_creation_date"] == str(d + DAY)
        assert b["within_policy_window"] is False and b["days_late"] == 1, b
        assert b["policy_window_label"] == "Outside policy window (1 day late)"
        # three local days later
        set_clock(t, ist(d + 3 * DAY, 9, 0))
        c = b2c(t, delivery_date=str(d))
        assert c["within_policy_window"] is False and c["days_late"] == 3, c
        assert "3 days late" in c["policy_window_label"]
        # a delivery given as an instant is placed on its local day: 01:30 in Kolkata is
        # still the previous day in UTC
        set_clock(t, ist(d, 23, 0))
        e = b2c(t, delivery_date=f"{d - DAY}T20:00:00Z")
        assert e["within_policy_window"] is True and e["days_late"] == 0, e
        f = b2c(t, delivery_date=f"{d}T07:30:00+05:30")
        assert f["within_policy_window"] is True, f
        # raised before the delivery (a pre-announced problem) is within the window
        g = b2c(t, delivery_date=str(d + DAY))
        assert g["within_policy_window"] is True and g["days_late"] == 0
        # the stored values read back the same
        got = expect(t.as_("agent").get(f"/api/tickets/b2c/{b['ticket_id']}"), 200)
        assert got["within_policy_window"] is False and got["days_late"] == 1
    finally:
        reset_clock(t)


def test_claim_window_recomputed_when_delivery_date_changes(t):
    d = ist_day(-5)
    try:
        set_clock(t, ist(d + 2 * DAY, 10))
        late = b2c(t, delivery_date=str(d))
        assert late["days_late"] == 2
        tid = late["ticket_id"]
        body = expect(t.as_("agent").post(f"/api/tickets/b2c/{tid}/update",
                                          {"delivery_date": str(d + 2 * DAY)}), 200)
        assert body["within_policy_window"] is True and body["days_late"] == 0
        ev = [e for e in timeline(t, "b2c", tid) if e.get("field") == "delivery_date"]
        assert len(ev) == 1 and ev[0]["old_value"] and ev[0]["new_value"], ev
    finally:
        reset_clock(t)


def test_enquiries_have_no_claim_window(t):
    """"Track my order" and the other general enquiries claim nothing: no claim-window flag,
    however late; recategorised as a claim, the window applies, and back again."""
    d = ist_day(-5)
    try:
        set_clock(t, ist(d + 3 * DAY, 10))
        ask = b2c(t, delivery_date=str(d), category="track_order", requested_resolution=None)
        assert ask["within_policy_window"] is None and ask["days_late"] == 0, ask
        assert ask["policy_window_label"] is None, ask
        tid = ask["ticket_id"]
        ag = t.as_("agent")
        body = expect(ag.post(f"/api/tickets/b2c/{tid}/update", {"category": "missing_items"}),
                      200)
        assert body["within_policy_window"] is False and body["days_late"] == 3, body
        body = expect(ag.post(f"/api/tickets/b2c/{tid}/update", {"category": "product_question"}),
                      200)
        assert body["within_policy_window"] is None and body["days_late"] == 0, body
    finally:
        reset_clock(t)


def test_filter_within_policy_window(t):
    tag = word()
    d = ist_day(-8)
    try:
        set_clock(t, ist(d, 12))
        inside = [b2c(t, delivery_date=str(d), description=f"Bruised mangoes {tag}")
                  for _ in range(2)]
        set_clock(t, ist(d + 2 * DAY, 12))
        outside = [b2c(t, delivery_date=str(d), description=f"Bruised mangoes {tag}")
                   for _ in range(3)]
    finally:
        reset_clock(t)
    yes = list_(t, "b2c", "agent", q=tag, within_policy_window="true")
    no = list_(t, "b2c", "agent", q=tag, within_policy_window="false")
    every = list_(t, "b2c", "agent", q=tag)
    assert {i["ticket_id"] for i in yes["items"]} == {x["ticket_id"] for x in inside}
    assert {i["ticket_id"] for i in no["items"]} == {x["ticket_id"] for x in outside}
    assert yes["total"] == 2 and no["total"] == 3 and every["total"] == 5
    assert all(i["within_policy_window"] is False for i in no["items"])
    agent = t.as_("agent")
    expect(agent.get("/api/tickets/b2c/list?within_policy_window=maybe"), 400, "bad_request",
           "within_policy_window")
    expect(agent.get("/api/tickets/b2b/list?within_policy_window=true"), 400, "bad_request",
           "within_policy_window")


def test_b2c_wrong_role_and_unknown_ticket(t):
    mine = b2c(t)
    tid = mine["ticket_id"]
    with Unchanged(t, "b2c", tid):
        for role in ("reporter", "developer"):
            c = t.as_(role)
            expect(c.get(f"/api/tickets/b2c/{tid}"), 403, "forbidden")
            expect(c.post(f"/api/tickets/b2c/{tid}/close", {}), 403, "forbidden")
            expect(c.post(f"/api/tickets/b2c/{tid}/assign",
                          {"assigned_to": t.user(role)["user_id"]}), 403, "forbidden")
            expect(c.get(f"/api/tickets/b2c/{tid}/comments"), 403, "forbidden")
        with NoNewTickets(t, "b2c"):
            expect(t.as_("reporter").post("/api/tickets/b2c/create", b2c_body()), 403,
                   "forbidden")
    expect(t.as_("agent").get("/api/tickets/b2c/B2C-999999"), 404, "not_found")
    expect(t.as_("agent").get(f"/api/tickets/b2b/{tid}"), 404, "not_found")
    expect(t.as_("agent").post("/api/tickets/b2c/999999/update", {"title": "x"}), 404,
           "not_found")


def test_test_clock_input(t):
    adm = t.as_("admin")
    try:
        set_clock(t, "2026-03-01T10:00:00+05:30")
        expect(adm.post("/api/test/clock", {"now": "tomorrow"}), 422, "invalid", "now")
        expect(adm.post("/api/test/clock", {"now": "2026-03-01T10:00:00"}), 422, "invalid",
               "now")  # no zone
        expect(adm.post("/api/test/clock", {"now": 5}), 400, "bad_request", "now")
        expect(adm.post("/api/test/clock", {}), 422, "invalid", "now")
        expect(adm.post("/api/test/clock", {"now": "2026-03-01T10:00:00Z", "tz": "x"}), 400,
               "bad_request", "tz")
        # the clock did not move: a ticket made now is dated by the last good setting
        body = b2c(t, delivery_date="2026-03-01")
        assert body["created_at"] == "2026-03-01T04:30:00Z", body["created_at"]
    finally:
        reset_clock(t)
