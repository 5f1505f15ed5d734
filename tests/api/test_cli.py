"""The command line: `ticketd import customers|orders|invoices FILE.csv` (all or nothing, the
same records the API makes), run against the running server's data directory (SQLite WAL
lets both in), and `--help`."""
import os
import subprocess

from harness import expect
from fixtures import uid


def write(t, text):
    path = os.path.join(t.server.dir, f"{uid('csv')}.csv")
    with open(path, "w") as f:
        f.write(text)
    return path


def imp(t, what, text):
    return t.server.cli("import", what, write(t, text))


def customer(t, cid):
    return t.as_("agent").get(f"/api/customers/{cid}")


def test_import_customers(t):
    a, b = uid("CC"), uid("CC")
    # columns in any order; quoted fields with commas and quotes
    r = imp(t, "customers",
            "name,customer_id,type,email,phone\n"
            f"\"Taj Lands End, Bandra\",{a},hotel,chef@taj.example,+91 22 6668 1234\n"
            f"\"The \"\"Blue\"\" Door\",{b},restaurant,,\n")
    assert r.returncode == 0, r.stderr
    assert "2 customers" in r.stdout, r.stdout
    got = expect(customer(t, a), 200)
    assert got["name"] == "Taj Lands End, Bandra" and got["type"] == "hotel"
    assert got["phone"] == "+91 22 6668 1234" and got["email"] == "chef@taj.example"
    got = expect(customer(t, b), 200)
    assert got["name"] == 'The "Blue" Door' and got.get("phone") is None
    # importing again upserts
    r = imp(t, "customers", f"customer_id,name,type\n{a},Taj Lands End,hotel\n")
    assert r.returncode == 0, r.stderr
    assert expect(customer(t, a), 200)["name"] == "Taj Lands End"


def test_import_customers_bad_row_changes_nothing(t):
    a, b, c = uid("CC"), uid("CC"), uid("CC")
    existing = uid("CC")
    assert imp(t, "customers", f"customer_id,name,type\n{existing},Old Name,hotel\n"
               ).returncode == 0
    r = imp(t, "customers",
            "customer_id,name,type\n"
            f"{existing},New Name,hotel\n{a},Good One,hotel\n{b},Bad One,palace\n"
            f"{c},Good Two,home\n")
    assert r.returncode != 0
    assert r.stdout.strip() == ""
    assert "type" in r.stderr and ("3" in r.stderr or "row" in r.stderr), r.stderr
    for cid in (a, b, c):
        expect(customer(t, cid), 404, "not_found")
    assert expect(customer(t, existing), 200)["name"] == "Old Name"
    # an unknown column is refused as a whole too
    r = imp(t, "customers", f"customer_id,name,type,colour\n{a},X,hotel,red\n")
    assert r.returncode != 0 and "colour" in r.stderr, r.stderr
    expect(customer(t, a), 404, "not_found")


def test_import_orders_and_invoices(t):
    cu = uid("CC")
    assert imp(t, "customers", f"customer_id,name,type\n{cu},Spice Route,restaurant\n"
               ).returncode == 0
    s1, s2 = uid("SO"), uid("SO")
    r = imp(t, "orders",
            "so_id,customer_id,order_date,delivery_date,line_no,item,unit,ordered_qty,"
            "delivered_qty,price\n"
            f"{s1},{cu},2026-03-01,2026-03-02,1,Tomato (hybrid),kg,40,38,32.50\n"
            f"{s2},{cu},2026-03-01,,1,Alphonso mango,dozen,10,,650\n"
            f"{s1},{cu},2026-03-01,2026-03-02,2,Coriander,bunch,30,30,12\n")
    assert r.returncode == 0, r.stderr
    assert "2 orders" in r.stdout, r.stdout
    o = expect(t.as_("agent").get(f"/api/orders/{s1}"), 200)["order"]
    assert o["customer_id"] == cu and o["delivery_date"] == "2026-03-02"
    assert [(l["line_no"], l["item"], l["ordered_qty"], l["delivered_qty"], l["price"])
            for l in o["lines"]] == [(1, "Tomato (hybrid)", 40, 38, 32.5),
                                     (2, "Coriander", 30, 30, 12)]
    o2 = expect(t.as_("agent").get(f"/api/orders/{s2}"), 200)["order"]
    assert o2["lines"][0]["delivered_qty"] is None and o2.get("delivery_date") is None
    i1 = uid("IN")
    r = imp(t, "invoices", f"invoice_id,so_id,number,date,total\n"
            f"{i1},{s1},INV/2026/0042,2026-03-02,1660.00\n")
    assert r.returncode == 0, r.stderr
    inv = expect(t.as_("agent").get(f"/api/orders/{s1}"), 200)["invoices"]
    assert [(x["invoice_id"], x["number"], x["total"]) for x in inv] == [
        (i1, "INV/2026/0042", 1660.0)]
    # a ticket can link to what was imported
    body = expect(t.as_("agent").post("/api/tickets/b2b/create", {
        "customer_id": cu, "invoice_id": i1, "category": "pricing_query", "priority": "low",
        "description": "Mango price differs from the quote."}), 201)
    assert body["so_id"] == s1


def test_import_orders_bad_row_changes_nothing(t):
    cu = uid("CC")
    assert imp(t, "customers", f"customer_id,name,type\n{cu},Green Leaf,restaurant\n"
               ).returncode == 0
    s1, s2 = uid("SO"), uid("SO")
    head = ("so_id,customer_id,order_date,delivery_date,line_no,item,unit,ordered_qty,"
            "delivered_qty,price\n")
    for bad, what in [
            (f"{s2},{cu},2026-03-01,,1,Okra,kg,many,,40\n", "ordered_qty"),
            (f"{s2},NO-SUCH-CUSTOMER,2026-03-01,,1,Okra,kg,5,,40\n", "customer"),
            (f"{s2},{cu},01-03-2026,,1,Okra,kg,5,,40\n", "order_date"),
            (f"{s2},{cu},2026-03-01,,1,Okra,kg,5,,\n", "price")]:
        r = imp(t, "orders", head + f"{s1},{cu},2026-03-01,,1,Basil,bunch,5,5,20\n" + bad)
        assert r.returncode != 0, (what, r.stdout)
        assert what in r.stderr, (what, r.stderr)
        for so in (s1, s2):
            expect(t.as_("agent").get(f"/api/orders/{so}"), 404, "not_found")
    r = imp(t, "invoices", f"invoice_id,so_id,number,date,total\n{uid('IN')},SO-NOPE,A,"
            "2026-03-02,10\n")
    assert r.returncode != 0 and "so_id" in r.stderr, r.stderr


def test_import_usage_errors(t):
    r = imp(t, "vendors", "farm_id\nF1\n")
    assert r.returncode != 0 and "vendors" in r.stderr
    r = t.server.cli("import", "customers", os.path.join(t.server.dir, "missing.csv"))
    assert r.returncode != 0 and "missing.csv" in r.stderr
    r = imp(t, "customers", "")
    assert r.returncode != 0 and "header" in r.stderr, r.stderr


def test_help(t):
    r = subprocess.run([t.server.binary, "--help"], capture_output=True, text=True, timeout=10)
    assert r.returncode == 0
    for word in ("serve", "migrate", "user add", "token create", "import"):
        assert word in r.stdout, word
    r = subprocess.run([t.server.binary, "serve", "--help"], capture_output=True, text=True,
                       timeout=10)
    assert r.returncode == 0 and "--port" in r.stdout
    r = subprocess.run([t.server.binary, "frobnicate"], capture_output=True, text=True,
                       timeout=10)
    assert r.returncode != 0
