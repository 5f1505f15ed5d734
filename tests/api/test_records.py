"""The ERP's records: PUT /api/records/* (admins only, upsert, all or nothing with the failing
row named) and the reads for pickers and ticket context."""
import json

from harness import expect
from fixtures import customer, expect_oversized, invoice, order, put_records, raw_post, uid


def cust_row(**over):
    cid = uid("RC")
    row = {"customer_id": cid, "name": f"Restaurant {cid}", "type": "restaurant",
           "phone": "+91 98200 11223", "email": f"{cid.lower()}@example.com"}
    row.update(over)
    return row


def get_customer(t, cid):
    return t.as_("admin").get(f"/api/customers/{cid}")


def test_put_customers_and_read_back(t):
    rows = [cust_row(), cust_row(type="hotel", phone=None, email=None), cust_row(type="home")]
    body = expect(put_records(t, "customers", rows), 200)
    assert body["upserted"] == 3
    for row in rows:
        got = expect(get_customer(t, row["customer_id"]), 200)
        assert got["customer_id"] == row["customer_id"]
        assert got["name"] == row["name"] and got["type"] == row["type"]
        assert got.get("phone") == row["phone"] and got.get("email") == row["email"]


def test_put_customers_upserts_by_id(t):
    row = cust_row()
    expect(put_records(t, "customers", [row]), 200)
    changed = dict(row, name="Renamed Bistro", type="hotel")
    expect(put_records(t, "customers", [changed]), 200)
    got = expect(get_customer(t, row["customer_id"]), 200)
    assert got["name"] == "Renamed Bistro" and got["type"] == "hotel"
    found = expect(t.as_("agent").get(f"/api/customers?q={row['customer_id']}"), 200)["items"]
    assert [c["customer_id"] for c in found] == [row["customer_id"]], found


def test_put_records_admin_only(t):
    row = cust_row()
    for role in ("agent", "manager", "developer", "reporter"):
        expect(t.as_(role).put("/api/records/customers", [row]), 403, "forbidden")
    expect(t.anon().put("/api/records/customers", [row]), 401, "unauthorized")
    expect(get_customer(t, row["customer_id"]), 404, "not_found")
    cu = customer(t)
    so = {"so_id": uid("SO"), "customer_id": cu["customer_id"], "order_date": "2026-03-01",
          "lines": []}
    for what, rows in (("orders", [so]),
                       ("invoices", [{"invoice_id": uid("IN"), "number": "X", "date":
                                      "2026-03-01", "total": 1}])):
        for role in ("agent", "manager", "developer", "reporter"):
            expect(t.as_(role).put(f"/api/records/{what}", rows), 403, "forbidden")
    expect(t.as_("admin").get(f"/api/orders/{so['so_id']}"), 404, "not_found")


def test_put_customers_all_or_nothing(t):
    good1, good2 = cust_row(), cust_row()
    bad = cust_row(type="villa")
    err = expect(put_records(t, "customers", [good1, good2, bad]), 422, "invalid", "[2].type")
    assert "3" in err["error"]["message"] or "row" in err["error"]["message"], err
    for row in (good1, good2, bad):
        expect(get_customer(t, row["customer_id"]), 404, "not_found")
    # a failing row in the middle, with an existing record before it: the existing record
    # is not changed either
    existing = cust_row()
    expect(put_records(t, "customers", [existing]), 200)
    before = get_customer(t, existing["customer_id"]).raw
    expect(put_records(t, "customers", [dict(existing, name="Changed"), cust_row(name=""),
                                        cust_row()]), 422, "invalid", "[1].name")
    assert get_customer(t, existing["customer_id"]).raw == before


def test_put_customers_row_shape_errors(t):
    a = cust_row()
    expect(put_records(t, "customers", [a, cust_row(name=5)]), 400, "bad_request", "[1].name")
    expect(put_records(t, "customers", [a, cust_row(colour="red")]), 400, "bad_request",
           "[1].colour")
    expect(put_records(t, "customers", [a, "not an object"]), 400, "bad_request")
    expect(put_records(t, "customers", [cust_row(customer_id=None)]), 422, "invalid",
           "[0].customer_id")
    expect(put_records(t, "customers", {"customer_id": "X"}), 400, "bad_request")
    admin = t.as_("admin")
    expect(admin.request("PUT", "/api/records/customers", raw=b"[{\"customer_id\": ",
                         headers={"Content-Type": "application/json"}), 400, "bad_request")
    expect(admin.request("PUT", "/api/records/customers", raw=b"customer_id,name\nA,B\n",
                         headers={"Content-Type": "text/csv"}), 415, "unsupported_media_type")
    expect(get_customer(t, a["customer_id"]), 404, "not_found")


def test_put_orders_lines_and_errors(t):
    cu = customer(t)
    so = order(t, cu["customer_id"])
    got = expect(t.as_("agent").get(f"/api/orders/{so['so_id']}"), 200)
    o = got["order"]
    assert o["so_id"] == so["so_id"] and o["customer_id"] == cu["customer_id"]
    assert o["order_date"] == "2026-03-01" and o["delivery_date"] == "2026-03-02"
    assert [(l["line_no"], l["item"], l["unit"], l["ordered_qty"], l["delivered_qty"],
             l["price"]) for l in o["lines"]] == [
        (1, "Tomato (hybrid)", "kg", 40, 38, 32.5), (2, "Coriander", "bunch", 30, 30, 12)]
    assert got["customer"]["customer_id"] == cu["customer_id"]
    assert got["invoices"] == []

    # upsert replaces the lines
    new = dict(so, lines=[{"item": "Basil", "unit": "bunch", "ordered_qty": 5, "price": 20}])
    expect(put_records(t, "orders", [new]), 200)
    o = expect(t.as_("agent").get(f"/api/orders/{so['so_id']}"), 200)["order"]
    assert len(o["lines"]) == 1 and o["lines"][0]["item"] == "Basil"
    assert o["lines"][0]["delivered_qty"] is None

    before = t.as_("agent").get(f"/api/orders/{so['so_id']}").raw
    fresh = {"so_id": uid("SO"), "customer_id": cu["customer_id"], "order_date": "2026-03-04",
             "lines": []}
    cases = [
        ([dict(so, lines=[]), dict(fresh, customer_id="NO-SUCH-CUSTOMER")], 422,
         "[1].customer_id"),
        ([dict(so, lines=[]), dict(fresh, order_date="04/03/2026")], 422, "[1].order_date"),
        ([dict(so, lines=[]), dict(fresh, lines=[{"item": "Okra", "unit": "kg",
                                                  "ordered_qty": -1, "price": 10}])],
         422, "[1].lines[0].ordered_qty"),
        ([dict(so, lines=[]), dict(fresh, lines=[{"item": "Okra", "unit": "kg",
                                                  "ordered_qty": "many", "price": 10}])],
         400, "[1].lines[0].ordered_qty"),
        ([dict(so, lines=[]), dict(fresh, lines=[{"item": "Okra", "unit": "kg",
                                                  "ordered_qty": 1}])],
         422, "[1].lines[0].price"),
        ([dict(so, lines=[]), dict(fresh, lines="none")], 400, "[1].lines"),
    ]
    for rows, status, field in cases:
        r = put_records(t, "orders", rows)
        expect(r, status, "invalid" if status == 422 else "bad_request", field)
        assert t.as_("agent").get(f"/api/orders/{so['so_id']}").raw == before, field
        expect(t.as_("agent").get(f"/api/orders/{fresh['so_id']}"), 404, "not_found")


def test_put_invoices_and_order_context(t):
    cu = customer(t)
    so = order(t, cu["customer_id"])
    inv = invoice(t, so["so_id"], total=1234.5)
    got = expect(t.as_("manager").get(f"/api/orders/{so['so_id']}"), 200)
    assert [i["invoice_id"] for i in got["invoices"]] == [inv["invoice_id"]]
    i = got["invoices"][0]
    assert i["number"] == inv["number"] and i["total"] == 1234.5 and i["date"] == "2026-03-02"
    # unknown order, missing number, negative total: nothing stored
    ok = {"invoice_id": uid("IN"), "so_id": so["so_id"], "number": "A1", "date": "2026-03-03",
          "total": 10}
    expect(put_records(t, "invoices", [ok, dict(ok, invoice_id=uid("IN"), so_id="SO-NOPE")]),
           422, "invalid", "[1].so_id")
    expect(put_records(t, "invoices", [ok, dict(ok, invoice_id=uid("IN"), number=None)]),
           422, "invalid", "[1].number")
    expect(put_records(t, "invoices", [ok, dict(ok, invoice_id=uid("IN"), total=-5)]),
           422, "invalid", "[1].total")
    expect(put_records(t, "invoices", [ok, dict(ok, invoice_id=uid("IN"), total="5")]),
           400, "bad_request", "[1].total")
    got = expect(t.as_("manager").get(f"/api/orders/{so['so_id']}"), 200)
    assert [i["invoice_id"] for i in got["invoices"]] == [inv["invoice_id"]]


def test_customer_search(t):
    tag = uid("Zx")
    a = customer(t, name=f"Saffron {tag} Palace")
    b = customer(t, type_="restaurant", name=f"Curry Leaf {tag}")
    customer(t, name="Unrelated Inn")
    found = expect(t.as_("agent").get(f"/api/customers?q={tag}"), 200)["items"]
    assert sorted(c["customer_id"] for c in found) == sorted([a["customer_id"],
                                                             b["customer_id"]])
    # case-insensitive, and by id
    found = expect(t.as_("agent").get(f"/api/customers?q={tag.upper()}"), 200)["items"]
    assert len(found) == 2
    found = expect(t.as_("agent").get(f"/api/customers?q={a['customer_id']}"), 200)["items"]
    assert [c["customer_id"] for c in found] == [a["customer_id"]]
    assert found[0]["type"] == "hotel" and found[0]["name"] == a["name"]
    # no match
    assert expect(t.as_("agent").get("/api/customers?q=nothing-like-this-zz"), 200)[
        "items"] == []
    expect(t.as_("agent").get("/api/customers?name=x"), 400, "bad_request", "name")


def test_customer_and_order_404(t):
    expect(t.as_("agent").get("/api/customers/NO-SUCH-CUSTOMER"), 404, "not_found")
    expect(t.as_("agent").get("/api/orders/NO-SUCH-ORDER"), 404, "not_found")


def test_put_records_empty_array_is_a_noop(t):
    body = expect(put_records(t, "customers", []), 200)
    assert body["upserted"] == 0


def test_records_oversized_413(t):
    expect_oversized(t.as_("admin"), "PUT", "/api/records/customers")
    # a body over the cap without a Content-Length (chunked) is refused too, and nothing
    # of it is stored
    rows = [cust_row(name="x" * 1000) for _ in range(1100)]
    data = json.dumps(rows).encode()
    assert len(data) > (1 << 20)
    r = t.as_("admin").request("PUT", "/api/records/customers",
                               raw=(data[i:i + 65536] for i in range(0, len(data), 65536)),
                               headers={"Content-Type": "application/json"})
    expect(r, 413, "too_large")
    expect(get_customer(t, rows[0]["customer_id"]), 404, "not_found")


def test_records_wrong_method_405(t):
    r = raw_post(t.as_("admin"), "/api/records/customers", "[]")
    expect(r, 405, "method_not_allowed")


def test_customer_recent_orders(t):
    """A customer's sales orders, newest first, each with its lines, batches and invoices:
    what the B2B form offers once the customer is chosen; never another customer's."""
    cu, other = customer(t), customer(t)
    rows = []
    for day in ("2026-03-01", "2026-03-05", "2026-03-03"):
        row = {"so_id": uid("SO"), "customer_id": cu["customer_id"], "order_date": day,
               "lines": [{"line_no": 1, "item": "Okra", "unit": "kg", "ordered_qty": 5,
                          "price": 40}]}
        rows.append(row)
    expect(put_records(t, "orders", rows), 200)
    order(t, other["customer_id"])
    inv = invoice(t, rows[1]["so_id"])
    ag = t.as_("agent")
    got = expect(ag.get(f"/api/customers/{cu['customer_id']}/orders"), 200)["items"]
    assert [o["order"]["so_id"] for o in got] == [rows[1]["so_id"], rows[2]["so_id"],
                                                  rows[0]["so_id"]], got
    assert got[0]["invoices"][0]["invoice_id"] == inv["invoice_id"]
    assert got[0]["order"]["lines"][0]["item"] == "Okra"
    assert got[0]["order"]["lines"][0]["allocations"] == []
    assert all(o["customer"]["customer_id"] == cu["customer_id"] for o in got)
    got = expect(ag.get(f"/api/customers/{cu['customer_id']}/orders?limit=1"), 200)["items"]
    assert [o["order"]["so_id"] for o in got] == [rows[1]["so_id"]]
    for bad in ("0", "51", "x"):
        expect(ag.get(f"/api/customers/{cu['customer_id']}/orders?limit={bad}"), 400,
               "bad_request", "limit")
    expect(ag.get(f"/api/customers/{cu['customer_id']}/orders?q=1"), 400, "bad_request")
    expect(ag.get("/api/customers/NO-SUCH-CUSTOMER/orders"), 404, "not_found", "customer_id")
    expect(t.as_("reporter").get(f"/api/customers/{cu['customer_id']}/orders"), 403)
