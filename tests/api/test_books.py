"""Zoho Books and WooCommerce (issue 15), against stand-ins that speak the documented
protocols (standin_zoho.py, standin_woo.py): the settings (admin only, secrets write-only,
test connection), the postings a decided resolution makes (credit note, refund, coupon,
replacement orders), delivered by the outbox worker (POST /api/test/sweep runs it under the
test clock), the documented error cases (expired token, rate limit, gateway cannot refund,
coupon exists, unknown order), a manager's retry, "never twice" across a kill -9 between the
remote's success and the local record, and the WooCommerce order lookup for B2C tickets."""
import datetime
import threading

import fixtures
import harness
from fixtures import UTC, set_clock
from harness import expect
from standin_woo import WooStandin
from standin_zoho import ZohoStandin


class Setup:
    """A fresh ticketd with both stand-ins, each system switched on and pointing there."""

    def __init__(self, t, zoho=True, woo=True, **woo_over):
        self.s = harness.Server(t.server.binary).start()
        self.t = harness.T(self.s)
        self.zoho = ZohoStandin()
        self.woo = WooStandin()
        admin = self.s.clients["admin"]
        if zoho:
            expect(admin.put("/api/settings/integrations/zoho_books", self.zoho.settings()),
                   200)
        if woo:
            expect(admin.put("/api/settings/integrations/woocommerce",
                             self.woo.settings(**woo_over)), 200)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        # As run.py does for its own server: a clean stop, and no sanitizer report.
        rc = self.s.stop()
        log = self.s.log_text()
        self.s.cleanup()
        self.zoho.close()
        self.woo.close()
        if exc[0] is None:
            assert "ERROR: AddressSanitizer" not in log and "runtime error:" not in log, \
                log[-6000:]
            assert rc in (0, None), f"ticketd exited with {rc} on SIGTERM: {log[-3000:]}"

    def c(self, role):
        return self.s.clients[role]

    def sweep(self):
        return expect(self.c("admin").post("/api/test/sweep"), 200)

    def postings(self, kind, tid):
        return expect(self.c("agent").get(f"/api/tickets/{kind}/{tid}/postings"), 200)["items"]

    def b2b(self, items="Coriander"):
        cu, so, inv = fixtures.b2b_setup(self.t)
        tk = fixtures.b2b(self.t, cu, so, invoice_id=inv["invoice_id"],
                          items_affected=items)
        self.in_progress("b2b", tk["ticket_id"])
        return tk, cu, so, inv

    def b2c(self, order=None, **over):
        order = order or self.woo.add_order()
        body = dict(customer_name="Ananya Iyer", customer_email="ananya@example.com",
                    woo_order_number=str(order["id"]), items_affected="Strawberries 250 g")
        body.update(over)
        tk = fixtures.b2c(self.t, **body)
        self.in_progress("b2c", tk["ticket_id"])
        return tk, order

    def in_progress(self, kind, tid):
        agent = self.c("agent")
        expect(agent.post(f"/api/tickets/{kind}/{tid}/assign",
                          {"assigned_to": self.s.users["agent"]["user_id"]}), 200)
        expect(agent.post(f"/api/tickets/{kind}/{tid}/update", {"status": "in_progress"}), 200)

    def resolve(self, kind, tid, body, role="agent", status=200):
        return expect(self.c(role).post(f"/api/tickets/{kind}/{tid}/resolve", body), status)

    def events(self, kind, tid, type_):
        return [e for e in fixtures.timeline(self.t, kind, tid) if e["type"] == type_]


def test_integration_settings_are_admin_only_and_secrets_write_only(t):
    with Setup(t, zoho=False, woo=False) as x:
        admin, agent = x.c("admin"), x.c("agent")
        z = expect(admin.get("/api/settings/integrations/zoho_books"), 200)
        assert z["enabled"] is False and z["data_centre"] == "in"
        assert z["accounts_url"] == "https://accounts.zoho.in"
        assert z["api_url"] == "https://www.zohoapis.in/books/v3"
        assert z["client_secret_set"] is False and z["refresh_token_set"] is False
        expect(agent.get("/api/settings/integrations/zoho_books"), 403, "forbidden")
        expect(x.c("manager").put("/api/settings/integrations/woocommerce", {}), 403,
               "forbidden")
        expect(admin.get("/api/settings/integrations/slack"), 404, "not_found")

        # Switching on needs every credential; nothing is stored on a refusal.
        expect(admin.put("/api/settings/integrations/zoho_books",
                         x.zoho.settings(refresh_token=None)), 422, "invalid", "refresh_token")
        expect(admin.put("/api/settings/integrations/zoho_books", {"colour": "red"}), 400,
               "bad_request", "colour")
        expect(admin.put("/api/settings/integrations/zoho_books", {"data_centre": "mars"}),
               422, "invalid", "data_centre")
        expect(admin.put("/api/settings/integrations/woocommerce",
                         x.woo.settings(store_url="http://shop.example.com")), 422, "invalid",
               "store_url")
        assert expect(admin.get("/api/settings/integrations/zoho_books"), 200) == z

        got = expect(admin.put("/api/settings/integrations/zoho_books", x.zoho.settings()), 200)
        assert got["enabled"] and got["client_secret_set"] and got["refresh_token_set"]
        assert x.zoho.client_secret not in str(got) and x.zoho.refresh_token not in str(got)
        w = expect(admin.put("/api/settings/integrations/woocommerce", x.woo.settings()), 200)
        assert w["consumer_key_set"] and w["consumer_secret_set"] and w["api_refund"] is False
        assert x.woo.secret not in str(w) and x.woo.key not in str(w)

        # A secret left out keeps its value; the test connection proves it is still there.
        body = x.zoho.settings()
        del body["client_secret"], body["refresh_token"]
        got = expect(admin.put("/api/settings/integrations/zoho_books", body), 200)
        assert got["client_secret_set"] and got["refresh_token_set"]
        r = expect(admin.post("/api/settings/integrations/zoho_books/test"), 200)
        assert r["ok"] is True and "Fresh Farms Pvt Ltd" in r["message"], r
        # null clears it (switched off, so that is allowed).
        got = expect(admin.put("/api/settings/integrations/zoho_books",
                               dict(body, enabled=False, client_secret=None)), 200)
        assert got["client_secret_set"] is False and got["refresh_token_set"] is True
        expect(admin.post("/api/settings/integrations/zoho_books/test"), 422, "invalid",
               "client_secret")


def test_test_connection_reports_what_the_remote_said(t):
    with Setup(t) as x:
        admin = x.c("admin")
        r = expect(admin.post("/api/settings/integrations/zoho_books/test"), 200)
        assert r["ok"] is True and r["status"] == 200, r
        r = expect(admin.post("/api/settings/integrations/woocommerce/test"), 200)
        assert r["ok"] is True and r["status"] == 200, r
        expect(x.c("manager").post("/api/settings/integrations/woocommerce/test"), 403,
               "forbidden")

        expect(admin.put("/api/settings/integrations/zoho_books",
                         x.zoho.settings(refresh_token="1000.wrong")), 200)
        r = expect(admin.post("/api/settings/integrations/zoho_books/test"), 200)
        assert r["ok"] is False and "invalid_code" in r["message"], r
        expect(admin.put("/api/settings/integrations/zoho_books",
                         x.zoho.settings(organization_id="999")), 200)
        r = expect(admin.post("/api/settings/integrations/zoho_books/test"), 200)
        assert r["ok"] is False and "not associated" in r["message"], r

        expect(admin.put("/api/settings/integrations/woocommerce",
                         x.woo.settings(consumer_secret="cs_wrong")), 200)
        r = expect(admin.post("/api/settings/integrations/woocommerce/test"), 200)
        assert r["ok"] is False and r["status"] == 401, r
        assert "Consumer key is invalid" in r["message"], r

        # Nothing listening: said as such.
        x.woo.close()
        expect(admin.put("/api/settings/integrations/woocommerce", x.woo.settings()), 200)
        r = expect(admin.post("/api/settings/integrations/woocommerce/test"), 200)
        assert r["ok"] is False and r["status"] == 0 and "could not be reached" in r["message"], r
        x.woo = WooStandin()  # for __exit__


def test_b2b_credit_note_posts_a_zoho_credit_note_once(t):
    with Setup(t) as x:
        tk, cu, so, inv = x.b2b(items="Coriander, 2 crates")
        tid = tk["ticket_id"]
        x.resolve("b2b", tid, {"resolution_type": "credit_note", "amount": 360,
                               "notes": "Credit for 30 bunches of coriander"})
        p, = x.postings("b2b", tid)
        assert p["system"] == "zoho_books" and p["kind"] == "credit_note"
        assert p["state"] == "pending" and p["amount_paise"] == 36000
        assert p["reference"] == tk["number"] and p["remote_number"] is None

        got = x.sweep()
        assert got["postings_posted"] == 1, got
        p, = x.postings("b2b", tid)
        cn, = x.zoho.creditnotes
        assert p["state"] == "posted" and p["remote_number"] == cn["creditnote_number"]
        assert p["remote_id"] == cn["creditnote_id"]
        assert p["link"] == (f"https://books.zoho.in/app/{x.zoho.organization_id}"
                             f"#/creditnotes/{cn['creditnote_id']}")
        # The customer, the ticket as reference, opened, linked to the invoice, and the
        # affected line only, for the approved amount.
        assert cn["customer_id"] == cu["customer_id"]
        assert cn["reference_number"] == tk["number"] and cn["status"] == "open"
        assert cn["invoice_id"] == inv["invoice_id"]
        assert [li["name"] for li in cn["line_items"]] == ["Coriander"]
        assert cn["total"] == 360.0
        assert x.zoho.calls("POST", "/oauth/v2/token"), "no token was minted"
        ev, = x.events("b2b", tid, "posting_posted")
        assert cn["creditnote_number"] in ev["note"]

        # A second one uses the cached token; sweeping again posts nothing twice.
        tk2, *_ = x.b2b(items="something not on the order")
        x.resolve("b2b", tk2["ticket_id"], {"resolution_type": "credit_note", "amount": 100.5,
                                            "notes": "Goodwill credit"})
        x.sweep()
        x.sweep()
        assert len(x.zoho.creditnotes) == 2
        assert x.zoho.token_requests == 1
        cn2 = x.zoho.creditnotes[1]
        # No named line: every order line, the amount split by value, adding up exactly.
        assert [li["name"] for li in cn2["line_items"]] == ["Tomato (hybrid)", "Coriander"]
        assert round(sum(li["rate"] for li in cn2["line_items"]), 2) == 100.5


def test_zoho_expired_token_is_refreshed_and_rate_limit_waits(t):
    with Setup(t) as x:
        tk, *_ = x.b2b()
        tid = tk["ticket_id"]
        expect(x.c("admin").post("/api/settings/integrations/zoho_books/test"), 200)
        assert x.zoho.token_requests == 1
        x.zoho.expire_tokens()
        x.resolve("b2b", tid, {"resolution_type": "credit_note", "amount": 50,
                               "notes": "Short weight"})
        x.sweep()
        p, = x.postings("b2b", tid)
        assert p["state"] == "posted", p
        assert x.zoho.token_requests == 2  # refreshed once, then the call went through

        # 429 with Retry-After: pending, with the remote's message, due when it said.
        now = datetime.datetime.now(UTC).replace(microsecond=0)
        set_clock(x.t, now)
        tk2, *_ = x.b2b()
        x.resolve("b2b", tk2["ticket_id"], {"resolution_type": "credit_note", "amount": 75,
                                            "notes": "Bruised tomatoes"})
        x.zoho.rate_limit(1, retry_after=90)
        got = x.sweep()
        assert got["postings_posted"] == 0
        p, = x.postings("b2b", tk2["ticket_id"])
        assert p["state"] == "pending" and "429" in p["last_error"], p
        assert "API call limit exceeded" in p["last_error"]
        assert p["next_attempt_at"] == (now + datetime.timedelta(seconds=90)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        x.sweep()  # not due yet: nothing is called
        assert len(x.zoho.creditnotes) == 1
        set_clock(x.t, now + datetime.timedelta(seconds=91))
        x.sweep()
        p, = x.postings("b2b", tk2["ticket_id"])
        assert p["state"] == "posted" and p["attempts"] == 2, p
        assert len(x.zoho.creditnotes) == 2

        # An hour later the cached token has expired: one new one is minted for the next.
        minted = x.zoho.token_requests
        set_clock(x.t, now + datetime.timedelta(hours=2))
        tk3, *_ = x.b2b()
        x.resolve("b2b", tk3["ticket_id"], {"resolution_type": "credit_note", "amount": 20,
                                            "notes": "Late"})
        x.sweep()
        assert x.postings("b2b", tk3["ticket_id"])[0]["state"] == "posted"
        assert x.zoho.token_requests == minted + 1


def test_an_approved_credit_note_posts_when_the_manager_approves(t):
    with Setup(t) as x:
        expect(x.c("admin").put("/api/settings/workflow",
                                {"approval_thresholds": {"credit_note": 1000}}), 200)
        tk, *_ = x.b2b()
        tid = tk["ticket_id"]
        got = x.resolve("b2b", tid, {"resolution_type": "credit_note", "amount": 2500,
                                     "notes": "Whole crate spoiled"}, status=202)
        ap = got["pending_approval"]["approval_id"]
        assert x.postings("b2b", tid) == []
        x.sweep()
        assert x.zoho.creditnotes == []
        expect(x.c("manager").post(f"/api/approvals/{ap}/approve", {"note": "ok"}), 200)
        p, = x.postings("b2b", tid)
        assert p["state"] == "pending" and p["amount_paise"] == 250000
        x.sweep()
        cn, = x.zoho.creditnotes
        assert cn["total"] == 2500.0 and cn["reference_number"] == tk["number"]


def test_b2b_replacement_is_a_zero_priced_zoho_sales_order(t):
    with Setup(t) as x:
        tk, cu, so, _ = x.b2b(items="Tomato (hybrid)")
        x.resolve("b2b", tk["ticket_id"], {"resolution_type": "replacement",
                                           "replacement_date": "2026-03-04",
                                           "replacement_items": "40 kg tomato",
                                           "notes": "Resend tomorrow"})
        x.sweep()
        p, = x.postings("b2b", tk["ticket_id"])
        so_doc, = x.zoho.salesorders
        assert p["kind"] == "sales_order" and p["state"] == "posted"
        assert p["remote_number"] == so_doc["salesorder_number"]
        assert so_doc["customer_id"] == cu["customer_id"]
        assert so_doc["reference_number"] == tk["number"]
        assert [(li["name"], li["rate"]) for li in so_doc["line_items"]] == \
            [("Tomato (hybrid)", 0.0)]
        assert so_doc["line_items"][0]["quantity"] == 40
        # Switched off: a B2B refund or a resolution while off posts nothing.
        tk2, *_ = x.b2b()
        x.resolve("b2b", tk2["ticket_id"], {"resolution_type": "refund", "amount": 10,
                                            "notes": "Bank transfer"})
        assert x.postings("b2b", tk2["ticket_id"]) == []


def test_b2c_refund_coupon_and_replacement_post_to_woocommerce(t):
    with Setup(t) as x:
        tk, order = x.b2c()
        x.resolve("b2c", tk["ticket_id"], {"resolution_type": "refund", "amount": 180,
                                           "notes": "Strawberries missing"})
        tk2, order2 = x.b2c()
        x.resolve("b2c", tk2["ticket_id"], {"resolution_type": "store_credit", "amount": 99.5,
                                            "notes": "Sorry for the bruised mangoes"})
        tk3, order3 = x.b2c(items_affected="Alphonso mango 1 kg")
        x.resolve("b2c", tk3["ticket_id"], {"resolution_type": "replacement",
                                            "replacement_date": "2026-03-05",
                                            "replacement_items": "Alphonso mango",
                                            "notes": "New box"})
        got = x.sweep()
        assert got["postings_posted"] == 3, got

        r, = x.woo.refunds[order["id"]]
        assert r["amount"] == "180.00" and tk["number"] in r["reason"]
        assert r["api_refund"] is False
        assert {"key": "_ticket_id", "value": tk["number"], "id": 1} in r["meta_data"]
        p, = x.postings("b2c", tk["ticket_id"])
        assert p["kind"] == "refund" and p["state"] == "posted"
        assert p["remote_id"] == str(r["id"]) and str(order["id"]) in p["link"]

        c, = x.woo.coupons
        assert c["code"] == f"tkt-{tk2['number'].lower()}-credit"
        assert c["discount_type"] == "fixed_cart" and c["amount"] == "99.50"
        assert c["email_restrictions"] == ["ananya@example.com"] and c["usage_limit"] == 1
        p, = x.postings("b2c", tk2["ticket_id"])
        assert p["kind"] == "coupon" and p["remote_number"] == c["code"]

        o, = x.woo.created_orders
        assert [(li["product_id"], li["total"]) for li in o["line_items"]] == [(12, "0.00")]
        assert o["total"] == "0.00" and o["billing"]["email"] == "ananya@example.com"
        assert {"key": "_ticket_id", "value": tk3["number"]} in o["meta_data"]
        p, = x.postings("b2c", tk3["ticket_id"])
        assert p["kind"] == "order" and p["remote_number"] == o["number"]
        assert len(x.events("b2c", tk3["ticket_id"], "posting_posted")) == 1


def test_gateway_cannot_refund_fails_with_the_message_and_a_manager_retries(t):
    with Setup(t, api_refund=True) as x:
        x.woo.gateway_refunds = False
        tk, order = x.b2c()
        tid = tk["ticket_id"]
        x.resolve("b2c", tid, {"resolution_type": "refund", "amount": 40, "notes": "Refund"})
        got = x.sweep()
        assert got["postings_failed"] == 1, got
        p, = x.postings("b2c", tid)
        assert p["state"] == "failed"
        assert "does not support automatic refunds" in p["last_error"], p
        assert "woocommerce_rest_cannot_create_order_refund" in p["last_error"]
        ev, = x.events("b2c", tid, "posting_failed")
        assert "automatic refunds" in ev["note"]
        x.sweep()
        assert x.postings("b2c", tid)[0]["state"] == "failed"  # not retried by itself

        expect(x.c("agent").post(f"/api/postings/{p['id']}/retry"), 403, "forbidden")
        expect(x.c("manager").post("/api/postings/99999/retry"), 404, "not_found")
        expect(x.c("admin").put("/api/settings/integrations/woocommerce",
                                x.woo.settings(api_refund=False)), 200)
        again = expect(x.c("manager").post(f"/api/postings/{p['id']}/retry"), 200)
        assert again["state"] == "pending" and again["attempts"] == 0
        expect(x.c("manager").post(f"/api/postings/{p['id']}/retry"), 409, "conflict")
        x.sweep()
        p, = x.postings("b2c", tid)
        assert p["state"] == "posted" and p["last_error"] is None
        assert len(x.woo.refunds[order["id"]]) == 1
        assert x.events("b2c", tid, "posting_retried")


def test_a_coupon_that_exists_is_looked_up_not_made_twice(t):
    with Setup(t) as x:
        tk, _ = x.b2c()
        code = f"tkt-{tk['number'].lower()}-credit"
        # An earlier attempt made it, but its answer never arrived.
        x.woo.coupons.append({"id": 4242, "code": code, "amount": "50.00",
                              "discount_type": "fixed_cart"})
        x.resolve("b2c", tk["ticket_id"], {"resolution_type": "store_credit", "amount": 50,
                                           "notes": "Credit"})
        x.sweep()
        p, = x.postings("b2c", tk["ticket_id"])
        assert p["state"] == "posted" and p["remote_id"] == "4242", p
        assert len(x.woo.coupons) == 1
        assert [r for r in x.woo.requests if r[0] == "POST" and r[1].endswith("/coupons")]
        assert [r for r in x.woo.requests if r[0] == "GET" and r[2].get("code") == code]


def test_unreachable_and_unknown_orders_are_said_clearly(t):
    with Setup(t) as x:
        tk, _ = x.b2c(woo_order_number="777777")
        x.resolve("b2c", tk["ticket_id"], {"resolution_type": "refund", "amount": 5,
                                           "notes": "Refund"})
        x.sweep()
        p, = x.postings("b2c", tk["ticket_id"])
        assert p["state"] == "failed" and "Invalid ID" in p["last_error"], p

        tk2, _ = x.b2c()
        x.resolve("b2c", tk2["ticket_id"], {"resolution_type": "store_credit", "amount": 5,
                                            "notes": "Credit"})
        x.woo.close()
        x.sweep()
        p, = x.postings("b2c", tk2["ticket_id"])
        assert p["state"] == "pending" and "could not be reached" in p["last_error"], p
        x.woo = WooStandin()


def test_woocommerce_429_is_retried_with_backoff(t):
    with Setup(t) as x:
        now = datetime.datetime.now(UTC).replace(microsecond=0)
        set_clock(x.t, now)
        tk, order = x.b2c()
        x.resolve("b2c", tk["ticket_id"], {"resolution_type": "refund", "amount": 15,
                                           "notes": "Refund"})
        x.woo.rate_limit(1)
        x.sweep()
        p, = x.postings("b2c", tk["ticket_id"])
        assert p["state"] == "pending" and "429" in p["last_error"], p
        assert "Too many requests" in p["last_error"]
        # No Retry-After: the first backoff, a minute.
        assert p["next_attempt_at"] == (now + datetime.timedelta(seconds=60)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        set_clock(x.t, now + datetime.timedelta(seconds=61))
        x.sweep()
        p, = x.postings("b2c", tk["ticket_id"])
        assert p["state"] == "posted" and p["attempts"] == 2, p
        assert len(x.woo.refunds[order["id"]]) == 1


def test_woocommerce_order_fills_a_b2c_ticket(t):
    with Setup(t) as x:
        agent = x.c("agent")
        order = x.woo.add_order(first="Rohit", last="Mehta", email="rohit@example.com",
                                phone="+919123456780", completed="2026-03-02T07:30:00")
        o = expect(agent.get(f"/api/woocommerce/orders/{order['id']}"), 200)
        assert o["customer_name"] == "Rohit Mehta" and o["customer_email"] == "rohit@example.com"
        assert o["customer_phone"] == "+919123456780"
        assert o["delivery_date"] == "2026-03-02T07:30:00Z"
        assert [(li["name"], li["quantity"], li["total_paise"]) for li in o["line_items"]] == \
            [("Strawberries 250 g", 2, 18000), ("Alphonso mango 1 kg", 1, 65000)]
        assert o["items_affected"] == "2 x Strawberries 250 g, 1 x Alphonso mango 1 kg"
        # The lookup's answer makes a ticket as it is.
        tk = expect(agent.post("/api/tickets/b2c/create", {
            "woo_order_number": o["woo_order_number"], "customer_name": o["customer_name"],
            "customer_email": o["customer_email"], "customer_phone": o["customer_phone"],
            "delivery_date": o["delivery_date"], "items_affected": o["items_affected"],
            "category": "missing_items", "description": "Missing strawberries"}), 201)
        assert tk["customer_email"] == "rohit@example.com"

        # The API alone: the order number fills what is left out.
        tk = expect(agent.post("/api/tickets/b2c/create", {
            "woo_order_number": str(order["id"]), "category": "missing_items",
            "description": "Missing strawberries"}), 201)
        assert tk["customer_name"] == "Rohit Mehta" and tk["customer_phone"] == "+919123456780"
        assert tk["customer_email"] == "rohit@example.com"
        assert tk["delivery_date"] == "2026-03-02T07:30:00Z"
        assert tk["items_affected"] == o["items_affected"]
        # What was typed wins over the order.
        tk = expect(agent.post("/api/tickets/b2c/create", {
            "woo_order_number": str(order["id"]), "customer_name": "R. Mehta",
            "category": "missing_items", "description": "Missing strawberries"}), 201)
        assert tk["customer_name"] == "R. Mehta" and tk["customer_email"] == "rohit@example.com"
        before = fixtures.total(x.t, "b2c")
        r = agent.post("/api/tickets/b2c/create", {
            "woo_order_number": "424242", "category": "missing_items",
            "description": "Missing strawberries"})
        expect(r, 422, "invalid", "woo_order_number")
        assert "no order 424242" in r.error()["message"], r
        assert fixtures.total(x.t, "b2c") == before

        r = agent.get("/api/woocommerce/orders/424242")
        expect(r, 404, "not_found", "woo_order_number")
        assert "no order 424242" in r.error()["message"]
        assert "by hand" in r.error()["message"]
        # Manual entry stays possible with that number.
        fixtures.b2c(x.t, woo_order_number="424242")
        expect(x.c("reporter").get(f"/api/woocommerce/orders/{order['id']}"), 403, "forbidden")
        expect(x.c("admin").put("/api/settings/integrations/woocommerce",
                                x.woo.settings(enabled=False)), 200)
        expect(agent.get(f"/api/woocommerce/orders/{order['id']}"), 409, "conflict",
               "woo_order_number")


def test_kill_9_between_the_remote_success_and_the_local_record_posts_once(t):
    """ticketd dies after the remote made the document and before it could record the answer
    (the stand-in stores it, then kills ticketd before answering); after a restart the
    worker finds each document and records it: one credit note, one refund, one coupon."""
    with Setup(t) as x:
        killed, died = [], threading.Event()

        def kill(doc):
            kind = "creditnote" if "creditnote_id" in doc else \
                "coupon" if "code" in doc else "refund"
            if kind not in killed:
                killed.append(kind)
                x.s.proc.kill()
                x.s.proc.wait()
                died.set()

        x.zoho.on_create = x.woo.on_create = kill
        tk1, *_ = x.b2b()
        x.resolve("b2b", tk1["ticket_id"], {"resolution_type": "credit_note", "amount": 120,
                                            "notes": "Credit"})
        tk2, order = x.b2c()
        x.resolve("b2c", tk2["ticket_id"], {"resolution_type": "refund", "amount": 60,
                                            "notes": "Refund"})
        tk3, _ = x.b2c()
        x.resolve("b2c", tk3["ticket_id"], {"resolution_type": "store_credit", "amount": 30,
                                            "notes": "Credit"})
        now = datetime.datetime.now(UTC).replace(microsecond=0)
        for round_ in range(4):
            # Past the lease of a posting claimed by the killed process.
            set_clock(x.t, now + datetime.timedelta(minutes=10 * round_))
            try:
                r = x.c("admin").post("/api/test/sweep")
            except OSError:
                r = None
            if r is not None:
                assert r.status == 200, r
                break
            assert died.wait(30), "the sweep failed but ticketd was not killed"
            died.clear()
            x.s.proc = None
            x.s.log.close()
            x.s.launch()
        assert sorted(killed) == ["coupon", "creditnote", "refund"], killed
        assert len(x.zoho.creditnotes) == 1
        assert len(x.woo.refunds[order["id"]]) == 1
        assert len(x.woo.coupons) == 1
        for kind, tk in (("b2b", tk1), ("b2c", tk2), ("b2c", tk3)):
            p, = x.postings(kind, tk["ticket_id"])
            assert p["state"] == "posted" and p["attempts"] == 2, p
        assert x.postings("b2b", tk1["ticket_id"])[0]["remote_id"] == \
            x.zoho.creditnotes[0]["creditnote_id"]
