"""Traceability: farms and batches (JSON and CSV import, all or nothing), allocations on
order lines, batch numbers on tickets, the batch investigation, root causes with wastage,
farm flags and figures, customer history and flags, and the communication log."""
import os

from harness import expect
from fixtures import (NoNewTickets, b2b_body, b2c_body, batch, customer, farm, put_records, uid)
from test_evidence import png, send, quality_b2b


def order_with(t, cu, lines):
    so = uid("SO")
    row = {"so_id": so, "customer_id": cu["customer_id"], "order_date": "2026-03-01",
           "delivery_date": "2026-03-02", "lines": lines}
    expect(put_records(t, "orders", [row]), 200)
    return row


def test_batch_import_all_or_nothing(t):
    f = farm(t)
    good, bad = uid("B-"), uid("B-")
    rows = [{"batch_number": good, "product": "Tomato", "farm_id": f["farm_id"],
             "received_at": "2026-03-01", "received_qty": 100},
            {"batch_number": bad, "product": "Onion", "farm_id": "NO-SUCH-FARM",
             "received_at": "2026-03-01", "received_qty": 50}]
    expect(put_records(t, "batches", rows), 422, "invalid", "[1].farm_id")
    expect(t.as_("agent").get(f"/api/batches/{good}"), 404, "not_found")
    rows[1]["farm_id"] = f["farm_id"]
    rows[1]["damaged_qty"] = 60  # more than received
    expect(put_records(t, "batches", rows), 422, "invalid", "[1].damaged_qty")
    expect(t.as_("agent").get(f"/api/batches/{good}"), 404, "not_found")
    expect(put_records(t, "batches", rows[:1]), 200)
    got = expect(t.as_("agent").get(f"/api/batches/{good}"), 200)
    assert got["farm_id"] == f["farm_id"] and got["received_qty"] == 100
    expect(put_records(t, "batches", rows[:1], role="agent"), 403)
    expect(put_records(t, "farms", [{"farm_id": "F-X"}]), 422, "invalid", "[0].name")


def test_csv_import_farms_and_batches(t):
    fid, bn = uid("F"), uid("B-")
    path = os.path.join(t.server.dir, "farms.csv")
    with open(path, "w") as fh:
        fh.write(f"farm_id,name,location,contact\n{fid},Patil Orchards,Nashik,+91 90000 00000\n")
    r = t.server.cli("import", "farms", path)
    assert r.returncode == 0, r.stderr
    with open(path, "w") as fh:
        fh.write("batch_number,product,farm_id,received_at,received_qty,damaged_qty,"
                 "rejected_qty,unit,grading\n"
                 f"{bn},Grapes,{fid},2026-03-01,200,5,3,kg,A:150;B:42\n"
                 f"{bn}-2,Grapes,NOPE,2026-03-01,200,5,3,kg,\n")
    r = t.server.cli("import", "batches", path)
    assert r.returncode != 0 and "farm" in r.stderr, r.stderr
    expect(t.as_("agent").get(f"/api/batches/{bn}"), 404)
    with open(path, "w") as fh:
        fh.write("batch_number,product,farm_id,received_at,received_qty,grading\n"
                 f"{bn},Grapes,{fid},2026-03-01,200,A:150;B:42\n")
    r = t.server.cli("import", "batches", path)
    assert r.returncode == 0, r.stderr
    got = expect(t.as_("agent").get(f"/api/batches/{bn}"), 200)
    assert got["grading"] == {"A": 150, "B": 42}, got


def test_batch_on_tickets_and_order_context(t):
    cu = customer(t)
    b = batch(t, product="Coriander")
    so = order_with(t, cu, [{"line_no": 1, "item": "Coriander", "unit": "bunch",
                             "ordered_qty": 30, "delivered_qty": 30, "price": 12,
                             "allocations": [{"batch_number": b["batch_number"], "qty": 30}]}])
    bad = dict(so, so_id=uid("SO"))
    bad["lines"] = [dict(so["lines"][0], allocations=[{"batch_number": "NOPE", "qty": 1}])]
    expect(put_records(t, "orders", [bad]), 422, "invalid")
    agent = t.as_("agent")
    with NoNewTickets(t, "b2b"):
        expect(agent.post("/api/tickets/b2b/create", b2b_body(cu, so, batch_number="B-UNKNOWN")),
               422, "invalid", "batch_number")
    tk = expect(agent.post("/api/tickets/b2b/create",
                           b2b_body(cu, so, batch_number=b["batch_number"])), 201)
    line = tk["order_context"]["order"]["lines"][0]
    assert line["allocations"][0]["batch_number"] == b["batch_number"], line
    assert tk["batch"]["farm_id"] == b["farm_id"]
    # B2C: any text; matched when known.
    c1 = expect(agent.post("/api/tickets/b2c/create", b2c_body(batch_number="FROM-THE-BOX")), 201)
    assert c1["batch"] is None and c1["batch_number"] == "FROM-THE-BOX"
    c2 = expect(agent.post("/api/tickets/b2c/create",
                           b2c_body(batch_number=b["batch_number"])), 201)
    assert c2["batch"]["batch_number"] == b["batch_number"]


def test_investigation_three_customers_two_complaints(t):
    f = farm(t, name="Kale Farms, Narayangaon")
    b = batch(t, farm_id=f["farm_id"], product="Tomato (hybrid)")
    bn = b["batch_number"]
    hotels = [customer(t, name=f"Hotel {i}") for i in range(3)]
    orders = [order_with(t, cu, [{"line_no": 1, "item": "Tomato (hybrid)", "unit": "kg",
                                  "ordered_qty": 40, "delivered_qty": 40, "price": 32,
                                  "allocations": [{"batch_number": bn, "qty": 40 + i}]}])
              for i, cu in enumerate(hotels)]
    agent = t.as_("agent")
    for cu, so in list(zip(hotels, orders))[:2]:
        r = send(agent, "/api/tickets/b2b/create", [
            ("ticket", None, "application/json",
             __import__("json").dumps(quality_b2b(cu, so, batch_number=bn)).encode()),
            ("photos", "crate.png", "image/png", png(seed=len(cu["customer_id"])))])
        expect(r, 201)
    inv = expect(agent.get(f"/api/batches/{bn}/investigation"), 200)
    assert inv["batch"]["batch_number"] == bn and inv["farm"]["farm_id"] == f["farm_id"]
    assert inv["batch"]["damaged_qty"] == 12 and inv["batch"]["grading"]["A"] == 320
    assert len(inv["customers"]) == 3, inv["customers"]
    got = {c["customer_id"]: c for c in inv["customers"]}
    assert [got[h["customer_id"]]["complaints"] for h in hotels] == [1, 1, 0]
    assert got[hotels[2]["customer_id"]]["qty"] == 42
    assert got[hotels[0]["customer_id"]]["deliveries"][0]["delivery_date"] == "2026-03-02"
    assert inv["complaint_count"] == 2 and len(inv["tickets"]) == 2
    assert all(tk["category"] == "damaged_items" and tk["status"] for tk in inv["tickets"])
    assert len(inv["complaints_by_customer"]) == 2
    expect(agent.get("/api/batches/NOPE/investigation"), 404, "not_found")
    expect(t.as_("reporter").get(f"/api/batches/{bn}/investigation"), 403)


def test_root_cause_wastage_and_farm_flags(t):
    f = farm(t)
    b = batch(t, farm_id=f["farm_id"], product="Strawberry")
    cu = customer(t)
    so = order_with(t, cu, [{"line_no": 1, "item": "Strawberry", "unit": "punnet",
                             "ordered_qty": 20, "delivered_qty": 20, "price": 120,
                             "allocations": [{"batch_number": b["batch_number"], "qty": 20}]}])
    agent, manager = t.as_("agent"), t.as_("manager")
    up = expect(send(agent, "/api/uploads", [("files", "s.png", None, png(seed=21))]),
                201)["items"][0]["attachment_id"]
    tk = expect(agent.post("/api/tickets/b2b/create", quality_b2b(
        cu, so, batch_number=b["batch_number"], photo_upload_ids=[up])), 201)
    base = f"/api/tickets/b2b/{tk['ticket_id']}"
    expect(agent.post(base + "/root-cause", {"root_cause": "weather"}), 422, "invalid",
           "root_cause")
    expect(agent.post(base + "/root-cause", {"root_cause": "farm"}), 422, "invalid",
           "affected_qty")
    got = expect(agent.post(base + "/root-cause", {"root_cause": "farm", "affected_qty": 5,
                                                   "note": "Mould in the punnets"}), 200)
    assert got["root_cause"] == "farm" and got["root_cause_note"] == "Mould in the punnets"
    w = expect(manager.get("/api/wastage"), 200)
    mine = [i for i in w["items"] if i["ticket_id"] == tk["ticket_id"]]
    assert mine and mine[0]["qty"] == 5 and mine[0]["cost"] == 600.0, mine
    assert mine[0]["farm_id"] == f["farm_id"] and mine[0]["product"] == "Strawberry"
    assert any(g["farm_id"] == f["farm_id"] for g in w["totals"]["by_farm"])
    assert any(g["product"] == "Strawberry" for g in w["totals"]["by_product"])
    assert w["totals"]["by_month"] and w["totals"]["cost"] >= 600
    flag = expect(agent.post(f"/api/farms/{f['farm_id']}/flags",
                             {"ticket": tk["number"], "reason": "Mould in strawberries"}), 201)
    assert flag["totals"]["flags"] == 1 and flag["totals"]["complaints"] == 1
    assert flag["totals"]["affected_qty"] == 5 and flag["by_month"], flag
    expect(agent.post(f"/api/farms/{f['farm_id']}/flags", {"ticket": "B2B-999999",
                                                            "reason": "x"}), 422, "invalid",
           "ticket")
    expect(agent.post("/api/farms/NOPE/flags", {"ticket": tk["number"], "reason": "x"}), 404)
    farm_view = expect(agent.get(f"/api/farms/{f['farm_id']}"), 200)
    assert farm_view["flags"][0]["ticket_number"] == tk["number"]
    tl = expect(agent.get(base + "/timeline"), 200)["items"]
    types = [e["type"] for e in tl]
    assert "root_cause" in types and "wastage" in types and "farm_flagged" in types, types
    # Not valid after all: the wastage goes.
    expect(agent.post(base + "/root-cause", {"root_cause": "not_valid"}), 200)
    w = expect(manager.get("/api/wastage"), 200)
    assert not [i for i in w["items"] if i["ticket_id"] == tk["ticket_id"]]
    # Only quality complaints have a root cause.
    other = expect(agent.post("/api/tickets/b2b/create", b2b_body(cu, so)), 201)
    expect(agent.post(f"/api/tickets/b2b/{other['ticket_id']}/root-cause",
                      {"root_cause": "packing", "affected_qty": 1}), 409, "conflict")
    expect(manager.get("/api/wastage?from=nope"), 400, "bad_request", "from")


def test_customer_history_and_flags(t):
    cu = customer(t)
    so = order_with(t, cu, [{"line_no": 1, "item": "Onion", "unit": "kg", "ordered_qty": 10,
                             "price": 28}])
    agent, manager = t.as_("agent"), t.as_("manager")
    expect(manager.put("/api/settings/complaints", {"repeat_complainer_threshold": 2,
                                                    "repeat_complainer_rule": "count"}), 200)
    for _ in range(2):
        expect(agent.post("/api/tickets/b2b/create", b2b_body(cu, so)), 201)
    expect(agent.post("/api/tickets/b2b/create", b2b_body(cu, so, category="pricing_query")),
           201)
    h = expect(agent.get(f"/api/customers/{cu['customer_id']}"), 200)
    assert h["name"] == cu["name"] and h["ticket_count"] == 3
    assert h["complaints_30d"] == 2 and h["complaints_90d"] == 2
    assert h["flags"]["repeat_complainer"] is True and h["flags"]["high_standards"] is False
    expect(agent.post(f"/api/customers/{cu['customer_id']}/flags",
                      {"high_standards": True}), 403)
    got = expect(manager.post(f"/api/customers/{cu['customer_id']}/flags",
                              {"high_standards": True, "note": "Five-star kitchen"}), 200)
    assert got["flags"]["high_standards"] is True
    assert got["flags"]["high_standards_note"] == "Five-star kitchen"
    expect(manager.post("/api/customers/NOPE/flags", {"high_standards": True}), 404)
    expect(manager.put("/api/settings/complaints", {"repeat_complainer_threshold": 0}), 422)
    expect(agent.put("/api/settings/complaints", {"repeat_complainer_threshold": 5}), 403)
    expect(manager.put("/api/settings/complaints", {"repeat_complainer_threshold": 3,
                                                    "repeat_complainer_rule": "peers"}), 200)


def test_communication_log(t):
    agent = t.as_("agent")
    tk = expect(agent.post("/api/tickets/b2c/create", b2c_body()), 201)
    base = f"/api/tickets/b2c/{tk['ticket_id']}"
    assert tk["first_response_at"] is None
    expect(agent.post(base + "/communications", {"channel": "pigeon", "direction": "inbound",
                                                 "summary": "?"}), 422, "invalid", "channel")
    expect(agent.post(base + "/communications", {"channel": "phone", "direction": "inbound",
                                                 "summary": "x",
                                                 "occurred_at": "2999-01-01T00:00:00Z"}), 422,
           "invalid", "occurred_at")
    c1 = expect(agent.post(base + "/communications", {
        "channel": "whatsapp", "direction": "inbound",
        "summary": "Customer sent photos of the spinach", "occurred_at":
        "2026-03-02T08:15:00+05:30"}), 201)
    assert c1["occurred_at"] == "2026-03-02T02:45:00Z" and c1["logged_by"]
    got = expect(agent.get(base), 200)
    assert got["first_response_at"] is None
    body = __import__("json").dumps({"channel": "phone", "direction": "outbound",
                                     "summary": "Called back, refund agreed"}).encode()
    c2 = expect(send(agent, base + "/communications", [
        ("communication", None, "application/json", body),
        ("files", "call-note.pdf", None,
         b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")]), 201)
    assert len(c2["attachments"]) == 1
    got = expect(agent.get(base), 200)
    assert got["first_response_at"], got
    items = expect(agent.get(base + "/communications"), 200)["items"]
    assert [i["channel"] for i in items] == ["whatsapp", "phone"]
    tl = expect(agent.get(base + "/timeline"), 200)["items"]
    comm = [e for e in tl if e["type"] == "communication"]
    assert [e["note"] for e in comm] == ["Customer sent photos of the spinach",
                                        "Called back, refund agreed"]
    expect(t.as_("reporter").get(base + "/communications"), 403)
