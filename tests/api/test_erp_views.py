"""The ERP's own tables read through views (issue 14, docs/erp-integration.md): the SQL of
that page, run as it is on a migrated PostgreSQL database, replaces ticketd's record copies
with views over an ERP schema (customers_zoho, sales orders, invoices, batches, farms);
then a B2B ticket is filed against an ERP order, its order context and batch come from
the ERP's rows, a batch investigation finds the other customers who got the batch, and an
order the ERP writes afterwards is usable at once, without an import."""
import json
import os
import re

import harness
from harness import expect
from test_evidence import png, send

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "erp-integration.md")

ERP_ROWS = """
INSERT INTO erp.customers_zoho (zoho_contact_id, display_name, segment, mobile, email) VALUES
	('ZC-1001', 'Hotel Sahyadri, Pune', 'hotel', '+91 98220 11111', 'chef@sahyadri.example'),
	('ZC-1002', 'Cafe Goodluck', 'restaurant', NULL, NULL),
	('ZC-1003', 'Vaishali Restaurant', 'restaurant', NULL, NULL);
INSERT INTO erp.farms (farm_code, farm_name, village, phone) VALUES
	('FARM-NGN', 'Kale Farms', 'Narayangaon', '+91 90000 22222');
INSERT INTO erp.batches (batch_code, product_name, farm_code, received_on, qty_received,
	qty_damaged, qty_rejected, uom) VALUES
	('B-2603-TOM-07', 'Tomato (hybrid)', 'FARM-NGN', '2026-03-01 23:30+00', 400, 12, 5, 'kg');
INSERT INTO erp.batch_grading VALUES ('B-2603-TOM-07', 'A', 320), ('B-2603-TOM-07', 'B', 63);
INSERT INTO erp.sales_orders (so_number, zoho_contact_id, order_date, delivery_date) VALUES
	('SO-26-0311', 'ZC-1001', '2026-03-01', '2026-03-02'),
	('SO-26-0312', 'ZC-1002', '2026-03-01', '2026-03-02'),
	('SO-26-0313', 'ZC-1003', '2026-03-01', '2026-03-02');
INSERT INTO erp.sales_order_items VALUES
	('SO-26-0311', 1, 'Tomato (hybrid)', 'kg', 40, 40, 32.50),
	('SO-26-0311', 2, 'Coriander', 'bunch', 30, 30, 12),
	('SO-26-0312', 1, 'Tomato (hybrid)', 'kg', 25, 25, 32.50),
	('SO-26-0313', 1, 'Tomato (hybrid)', 'kg', 60, 60, 31);
INSERT INTO erp.batch_allocations VALUES
	('SO-26-0311', 1, 'B-2603-TOM-07', 40),
	('SO-26-0312', 1, 'B-2603-TOM-07', 25),
	('SO-26-0313', 1, 'B-2603-TOM-07', 60);
INSERT INTO erp.invoices (invoice_id, so_number, invoice_number, invoice_date, total) VALUES
	('INV-5501', 'SO-26-0311', 'INV/26/5501', '2026-03-02', 1660.00);
"""


def doc_sql():
    with open(DOC) as f:
        blocks = re.findall(r"```sql\n(.*?)```", f.read(), re.S)
    assert len(blocks) == 2, f"expected the ERP schema and the views, got {len(blocks)}"
    return blocks


@harness.only_on("postgresql")
def test_records_as_views_over_the_erp(t):
    s = harness.Server(t.server.binary).start()
    try:
        dbname = s.database.split("dbname=")[1].split()[0]
        s.stop()
        for sql in doc_sql():
            harness.POSTGRES.psql(sql, db=dbname)
        harness.POSTGRES.psql(ERP_ROWS, db=dbname)
        s.launch()
        agent = s.clients["agent"]

        # The customer picker and a customer's orders come from the ERP.
        got = expect(agent.get("/api/customers/ZC-1001"), 200)
        assert got["name"] == "Hotel Sahyadri, Pune" and got["type"] == "hotel", got

        body = {"customer_id": "ZC-1001", "so_id": "SO-26-0311",
                "category": "damaged_items", "priority": "high",
                "description": "Crate 3 of tomatoes crushed; photo attached.",
                "requested_resolution": "credit_note", "batch_number": "B-2603-TOM-07"}
        tk = expect(send(agent, "/api/tickets/b2b/create", [
            ("ticket", None, "application/json", json.dumps(body).encode()),
            ("photos", "crate.png", "image/png", png(seed=3))]), 201)
        ctx = tk["order_context"]
        assert ctx["order"]["so_id"] == "SO-26-0311"
        assert ctx["order"]["delivery_date"] == "2026-03-02"
        lines = {ln["line_no"]: ln for ln in ctx["order"]["lines"]}
        assert lines[1]["item"] == "Tomato (hybrid)" and lines[1]["ordered_qty"] == 40
        assert lines[1]["price"] == 32.5, lines[1]
        assert lines[1]["allocations"][0]["batch_number"] == "B-2603-TOM-07"
        assert tk["batch"]["farm_id"] == "FARM-NGN"
        assert ctx["customer"]["name"] == "Hotel Sahyadri, Pune"
        assert [(i["invoice_id"], i["number"], i["total"]) for i in ctx["invoices"]] == [
            ("INV-5501", "INV/26/5501", 1660.0)], ctx["invoices"]

        inv = expect(agent.get("/api/batches/B-2603-TOM-07/investigation"), 200)
        assert inv["farm"]["name"] == "Kale Farms" and inv["farm"]["location"] == "Narayangaon"
        assert inv["batch"]["damaged_qty"] == 12 and inv["batch"]["grading"]["A"] == 320
        who = {c["customer_id"]: c for c in inv["customers"]}
        assert set(who) == {"ZC-1001", "ZC-1002", "ZC-1003"}, who
        assert who["ZC-1001"]["complaints"] == 1 and who["ZC-1003"]["complaints"] == 0
        assert who["ZC-1003"]["qty"] == 60
        assert inv["complaint_count"] == 1

        # An order the ERP writes now is there at once: no import.
        harness.POSTGRES.psql(
            "INSERT INTO erp.sales_orders (so_number, zoho_contact_id, order_date) VALUES "
            "('SO-26-0400', 'ZC-1002', '2026-03-03');"
            "INSERT INTO erp.sales_order_items VALUES "
            "('SO-26-0400', 1, 'Spinach', 'bunch', 50, 48, 9);", db=dbname)
        late = expect(agent.post("/api/tickets/b2b/create", {
            "customer_id": "ZC-1002", "so_id": "SO-26-0400", "category": "missing_items",
            "priority": "medium", "description": "Two bunches of spinach short.",
            "requested_resolution": "credit_note"}), 201)
        assert late["order_context"]["order"]["lines"][0]["item"] == "Spinach"
        # An order the ERP does not have is refused, and nothing is filed.
        before = expect(agent.get("/api/tickets/b2b/list"), 200)["total"]
        expect(agent.post("/api/tickets/b2b/create", {
            "customer_id": "ZC-1002", "so_id": "SO-NOPE", "category": "missing_items",
            "priority": "medium", "description": "Short.",
            "requested_resolution": "credit_note"}), 422, "invalid", "so_id")
        assert expect(agent.get("/api/tickets/b2b/list"), 200)["total"] == before
    finally:
        s.cleanup()
