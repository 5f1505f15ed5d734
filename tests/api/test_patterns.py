"""Patterns that find the people (issue 18): the pattern rules open a quality incident once
per window (the third complaint on a batch opens it, the fourth is linked to it), flag the
farm and notify the managers; the incident page and closing it with a comment on every
ticket; and a quality claim resolved with a credit writes its wastage from the order line."""
from harness import expect
from test_openapi import check, schema
from fixtures import batch, customer, farm, put_records, uid
from test_evidence import png, send, quality_b2b


def upload(agent, seed):
    r = send(agent, "/api/uploads", [("files", "crate.png", None, png(seed=seed))])
    return expect(r, 201)["items"][0]["attachment_id"]


def hotel_order(t, bn, product="Tomato (hybrid)", qty=40, price=32):
    cu = customer(t)
    so = {"so_id": uid("SO"), "customer_id": cu["customer_id"], "order_date": "2026-03-01",
          "delivery_date": "2026-03-02",
          "lines": [{"line_no": 1, "item": product, "unit": "kg", "ordered_qty": qty,
                     "delivered_qty": qty, "price": price,
                     "allocations": [{"batch_number": bn, "qty": qty}]},
                    {"line_no": 2, "item": "Coriander", "unit": "bunch", "ordered_qty": 10,
                     "delivered_qty": 10, "price": 12}]}
    expect(put_records(t, "orders", [so]), 200)
    return cu, so


def complaint(t, cu, so, bn, seed, **over):
    agent = t.as_("agent")
    return expect(agent.post("/api/tickets/b2b/create", quality_b2b(
        cu, so, batch_number=bn, photo_upload_ids=[upload(agent, seed)], **over)), 201)


def incidents_on(t, subject):
    items = expect(t.as_("manager").get("/api/incidents"), 200)["items"]
    return [i for i in items if i["subject"] == subject]


def test_third_complaint_on_a_batch_opens_one_incident(t):
    f = farm(t, name="Kale Farms, Narayangaon")
    b = batch(t, farm_id=f["farm_id"], product=uid("Tomato "))
    bn = b["batch_number"]
    manager = t.as_("manager")
    settings = expect(manager.get("/api/settings/patterns"), 200)
    assert settings["batch_complaints"] == 3 and settings["batch_window_hours"] == 48
    unread = expect(manager.get("/api/notifications"), 200)["unread"]
    made = []
    for i in range(2):
        cu, so = hotel_order(t, bn)
        made.append(complaint(t, cu, so, bn, 40 + i))
    assert incidents_on(t, bn) == []
    cu, so = hotel_order(t, bn)
    made.append(complaint(t, cu, so, bn, 42))
    opened = incidents_on(t, bn)
    assert len(opened) == 1 and opened[0]["rule"] == "batch", opened
    inc = opened[0]
    assert inc["status"] == "open" and inc["ticket_count"] == 3 and inc["farm_id"] == f["farm_id"]
    assert "3 quality complaints" in inc["reason"]
    # The fourth complaint opens nothing new: it is linked to the open incident.
    cu4, so4 = hotel_order(t, bn)
    fourth = complaint(t, cu4, so4, bn, 43)
    again = incidents_on(t, bn)
    assert len(again) == 1 and again[0]["ticket_count"] == 4, again
    page = expect(manager.get(f"/api/incidents/{inc['incident_id']}"), 200)
    assert [x["ticket_id"] for x in page["tickets"]] == [m["ticket_id"] for m in made] + [
        fourth["ticket_id"]]
    assert page["batches"] == [bn] and len(page["customers"]) == 4
    check(schema("IncidentDetail"), page)
    check(schema("IncidentList"), expect(manager.get("/api/incidents"), 200))
    check(schema("PatternSettings"), settings)
    # The farm carries a flag with the reason; the managers were told in the app.
    fv = expect(manager.get(f"/api/farms/{f['farm_id']}"), 200)
    assert any(f"incident {inc['incident_id']}" in fl["reason"] for fl in fv["flags"]), fv["flags"]
    notes = expect(manager.get("/api/notifications"), 200)
    assert notes["unread"] > unread
    assert any(n["type"] == "quality_incident" and bn in n["title"] for n in notes["items"]), \
        notes["items"][:3]
    # Each linked ticket says so on its timeline and lists the incident.
    tl = expect(manager.get(f"/api/tickets/b2b/{fourth['ticket_id']}/timeline"), 200)["items"]
    assert any(e["type"] == "incident" for e in tl)
    mine = expect(manager.get(f"/api/tickets/b2b/{made[0]['ticket_id']}/incidents"), 200)
    assert [i["incident_id"] for i in mine["items"]] == [inc["incident_id"]]


def test_closing_an_incident_comments_on_every_ticket(t):
    b = batch(t, product=uid("Okra "))
    bn = b["batch_number"]
    tickets = []
    for i in range(3):
        cu, so = hotel_order(t, bn, product=b["product"])
        tickets.append(complaint(t, cu, so, bn, 60 + i))
    inc = incidents_on(t, bn)[0]
    path = f"/api/incidents/{inc['incident_id']}/close"
    expect(t.as_("agent").post(path, {"note": "x"}), 403)
    expect(t.as_("manager").post(path, {}), 422, "invalid", "note")
    expect(t.as_("manager").post(path, {"note": "x", "visibility": "loud"}), 422, "invalid",
           "visibility")
    text = "The farm's cold room failed on 1 March; the batch was withdrawn."
    closed = expect(t.as_("manager").post(path, {"note": "Cold room failure",
                                                 "comment": text}), 200)
    assert closed["status"] == "closed" and closed["close_note"] == "Cold room failure"
    for tk in tickets:
        comments = expect(t.as_("agent").get(
            f"/api/tickets/b2b/{tk['ticket_id']}/comments"), 200)["items"]
        assert [c["comment_text"] for c in comments] == [text], comments
    expect(t.as_("manager").post(path, {"note": "again"}), 409, "conflict")
    assert [i["incident_id"] for i in expect(t.as_("agent").get(
        "/api/incidents?status=closed"), 200)["items"]].count(inc["incident_id"]) == 1
    expect(t.as_("agent").get("/api/incidents?status=maybe"), 400, "bad_request", "status")
    expect(t.as_("agent").get("/api/incidents/999999"), 404, "not_found")
    expect(t.as_("reporter").get("/api/incidents"), 403)


def test_pattern_settings(t):
    manager = t.as_("manager")
    before = expect(manager.get("/api/settings/patterns"), 200)
    expect(t.as_("agent").put("/api/settings/patterns", {"batch_complaints": 2}), 403)
    expect(manager.put("/api/settings/patterns", {"batch_complaints": -1}), 422, "invalid",
           "batch_complaints")
    expect(manager.put("/api/settings/patterns", {"farm_window_days": 0}), 422, "invalid",
           "farm_window_days")
    expect(manager.put("/api/settings/patterns", {"nope": 1}), 400, "bad_request", "nope")
    assert expect(manager.get("/api/settings/patterns"), 200) == before
    got = expect(manager.put("/api/settings/patterns", {"product_complaints": 0}), 200)
    assert got["product_complaints"] == 0 and got["batch_complaints"] == before["batch_complaints"]
    expect(manager.put("/api/settings/patterns", before), 200)


def test_resolved_claim_writes_its_wastage(t):
    b = batch(t, product=uid("Capsicum "))
    bn = b["batch_number"]
    cu, so = hotel_order(t, bn, product=b["product"], qty=25, price=80)
    tk = complaint(t, cu, so, bn, 80)
    manager = t.as_("manager")
    base = f"/api/tickets/b2b/{tk['ticket_id']}"
    expect(manager.post(base + "/assign", {"assigned_to": t.user("agent")["user_id"]}), 200)
    expect(t.as_("agent").post(base + "/update", {"status": "in_progress"}), 200)
    expect(manager.post(base + "/resolve", {"resolution_type": "credit_note", "amount": 2000,
                                            "notes": "Credit for the crushed crate"}), 200)
    w = expect(manager.get("/api/wastage"), 200)
    mine = [i for i in w["items"] if i["ticket_id"] == tk["ticket_id"]]
    assert len(mine) == 1, mine
    assert mine[0]["qty"] == 25 and mine[0]["cost"] == 2000.0 and mine[0]["batch_number"] == bn
    assert mine[0]["product"] == b["product"] and mine[0]["farm_id"] == b["farm_id"]
    tl = expect(manager.get(base + "/timeline"), 200)["items"]
    assert any(e["type"] == "wastage" for e in tl)

    # Not a valid complaint: no wastage.
    cu2, so2 = hotel_order(t, bn, product=b["product"], qty=5, price=80)
    tk2 = complaint(t, cu2, so2, bn, 81)
    base2 = f"/api/tickets/b2b/{tk2['ticket_id']}"
    expect(manager.post(base2 + "/assign", {"assigned_to": t.user("agent")["user_id"]}), 200)
    expect(t.as_("agent").post(base2 + "/update", {"status": "in_progress"}), 200)
    expect(t.as_("agent").post(base2 + "/root-cause", {"root_cause": "not_valid"}), 200)
    before = [i for i in expect(manager.get("/api/wastage"), 200)["items"]
              if i["ticket_id"] == tk2["ticket_id"]]
    expect(manager.post(base2 + "/resolve", {"resolution_type": "replacement",
                                             "replacement_date": "2026-03-03",
                                             "notes": "Goodwill replacement"}), 200)
    after = [i for i in expect(manager.get("/api/wastage"), 200)["items"]
             if i["ticket_id"] == tk2["ticket_id"]]
    assert after == before


def test_repeat_complainer_stands_out_from_peers(t):
    """The default rule: complaints per order against the median of the customer's peers."""
    from fixtures import b2b_body, ist_day
    manager, agent = t.as_("manager"), t.as_("agent")
    s = expect(manager.get("/api/settings/complaints"), 200)
    assert s["repeat_complainer_rule"] == "peers" and s["repeat_complainer_factor"] == 3

    def restaurant(orders, complaints):
        cu = customer(t, type_="restaurant")
        rows = [{"so_id": uid("SO"), "customer_id": cu["customer_id"],
                 "order_date": str(ist_day(-1)), "delivery_date": str(ist_day(0)),
                 "lines": [{"line_no": 1, "item": "Onion", "unit": "kg", "ordered_qty": 10,
                            "price": 28}]} for _ in range(orders)]
        expect(put_records(t, "orders", rows), 200)
        for i in range(complaints):
            expect(agent.post("/api/tickets/b2b/create", b2b_body(cu, rows[i])), 201)
        return cu

    for _ in range(15):  # the usual restaurant: one complaint in ten orders
        restaurant(10, 1)
    usual = restaurant(30, 3)
    loud = restaurant(10, 6)
    got = expect(agent.get(f"/api/customers/{usual['customer_id']}"), 200)["flags"]
    basis = got["repeat_complainer_basis"]
    assert basis["complaints"] == 3 and basis["orders"] == 30 and basis["peers"] >= 16
    assert abs(basis["peer_median_rate"] - 0.1) < 1e-9, basis
    assert got["repeat_complainer"] is False  # three complaints, as often as the others
    got = expect(agent.get(f"/api/customers/{loud['customer_id']}"), 200)["flags"]
    assert got["repeat_complainer"] is True and abs(got["repeat_complainer_basis"]["rate"] - 0.6) < 1e-9
    # The old rule, by count alone, would single out the usual one too.
    expect(manager.put("/api/settings/complaints", {"repeat_complainer_rule": "count"}), 200)
    try:
        got = expect(agent.get(f"/api/customers/{usual['customer_id']}"), 200)["flags"]
        assert got["repeat_complainer"] is True and got["repeat_complainer_basis"] is None
    finally:
        expect(manager.put("/api/settings/complaints", {"repeat_complainer_rule": "peers"}), 200)
    expect(manager.put("/api/settings/complaints", {"repeat_complainer_rule": "loudest"}), 422,
           "invalid", "repeat_complainer_rule")
    expect(manager.put("/api/settings/complaints", {"repeat_complainer_factor": 0}), 422,
           "invalid", "repeat_complainer_factor")
