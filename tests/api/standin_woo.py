"""A WooCommerce REST API v3 stand-in (tests only), as /work/shared/integrations.md documents
it: /wp-json/wc/v3 with the consumer key and secret as HTTP Basic credentials (401
woocommerce_rest_authentication_error else), errors as {"code","message","data":{"status"}}.

- GET /orders (per_page, search on the billing email and name), GET /orders/{id} (404
  woocommerce_rest_shop_order_invalid_id for an unknown one), POST /orders;
- GET|POST /orders/{id}/refunds: api_refund defaults to true, and with the gateway switch
  off (gateway_refunds False) such a refund answers 500
  woocommerce_rest_cannot_create_order_refund;
- POST /coupons (400 woocommerce_rest_coupon_code_already_exists for a code taken), GET
  /coupons?code=.

Switches: gateway_refunds, rate_limit(n) (429), on_create (called with each new refund,
coupon or order after it is stored and before the answer: the crash test kills ticketd
there).  It keeps every request in `requests`.  Listens on port 0."""
import base64
import json
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def error(status, code, message):
    return status, {"code": code, "message": message, "data": {"status": status}}, None


class WooStandin:
    def __init__(self, key="ck_test_0123456789", secret="cs_test_abcdef"):
        self.key, self.secret = key, secret
        self.lock = threading.Lock()
        self.conns = []            # open connections, closed with the stand-in
        self.requests = []
        self.orders = {}      # id -> order
        self.refunds = {}     # order id -> [refund]
        self.coupons = []
        self.created_orders = []
        self.gateway_refunds = True
        self.limited = 0
        self.on_create = None
        self.seq = 5000
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def setup(self):
                super().setup()
                with standin.lock:
                    standin.conns.append(self.connection)

            def answer(self, status, obj):
                body = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def handle_any(self):
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else b""
                url = urllib.parse.urlsplit(self.path)
                q = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    return self.answer(*error(400, "rest_invalid_json",
                                              "Invalid JSON body passed.")[:2])
                with standin.lock:
                    standin.requests.append((self.command, url.path, q, body))
                prefix = "/wp-json/wc/v3"
                if not url.path.startswith(prefix + "/"):
                    return self.answer(*error(404, "rest_no_route",
                                              "No route was found matching the URL and "
                                              "request method.")[:2])
                auth = self.headers.get("Authorization") or ""
                want = "Basic " + base64.b64encode(
                    f"{standin.key}:{standin.secret}".encode()).decode()
                if auth != want:
                    return self.answer(*error(401, "woocommerce_rest_authentication_error",
                                              "Consumer key is invalid.")[:2])
                with standin.lock:
                    if standin.limited > 0:
                        standin.limited -= 1
                        return self.answer(*error(429, "too_many_requests",
                                                  "Too many requests.")[:2])
                status, obj, created = standin.api(self.command, url.path[len(prefix):], q,
                                                   body)
                if created is not None and standin.on_create:
                    standin.on_create(created)
                try:
                    self.answer(status, obj)
                except OSError:
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = handle_any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def settings(self, **over):
        body = {"enabled": True, "store_url": self.url, "consumer_key": self.key,
                "consumer_secret": self.secret, "api_refund": False}
        body.update(over)
        return body

    def close(self):
        """Stops listening and drops the kept-alive connections: nothing answers now."""
        self.server.shutdown()
        self.server.server_close()
        with self.lock:
            for c in self.conns:
                try:
                    c.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def rate_limit(self, n):
        with self.lock:
            self.limited = n

    def add_order(self, first="Ananya", last="Iyer", email="ananya@example.com",
                  phone="+919876543210", completed="2026-03-02T07:30:00", items=None):
        """A completed order in the shop; returns it."""
        with self.lock:
            self.seq += 1
            oid = self.seq
            items = items or [("Strawberries 250 g", 2, "180.00", 11),
                              ("Alphonso mango 1 kg", 1, "650.00", 12)]
            order = {
                "id": oid, "number": str(oid), "status": "completed", "currency": "INR",
                "total": f"{sum(float(i[2]) for i in items):.2f}",
                "date_created_gmt": "2026-03-01T10:00:00", "date_completed_gmt": completed,
                "date_completed": completed, "customer_id": 0,
                "billing": {"first_name": first, "last_name": last, "email": email,
                            "phone": phone},
                "shipping": {"first_name": first, "last_name": last},
                "meta_data": [],
                "line_items": [{"id": 100 + k, "name": n, "product_id": pid,
                                "variation_id": 0, "quantity": qty, "subtotal": tot,
                                "total": tot, "sku": f"SKU{pid}",
                                "price": float(tot) / qty}
                               for k, (n, qty, tot, pid) in enumerate(items)],
                "refunds": []}
            self.orders[oid] = order
            return order

    def api(self, method, path, q, body):
        with self.lock:
            parts = [p for p in path.split("/") if p]
            if parts == ["orders"] and method == "GET":
                s = (q.get("search") or "").lower()
                found = [o for o in self.orders.values()
                         if not s or s in o["billing"]["email"].lower()
                         or s in (o["billing"]["first_name"] + " " +
                                  o["billing"]["last_name"]).lower()]
                per = int(q.get("per_page") or 10)
                return 200, found[:per], None
            if parts == ["orders"] and method == "POST":
                self.seq += 1
                order = dict(body or {})
                order.update({"id": self.seq, "number": str(self.seq),
                              "status": order.get("status", "pending"), "refunds": []})
                order.setdefault("billing", {"first_name": "", "last_name": "", "email": "",
                                             "phone": ""})
                order["billing"].setdefault("last_name", "")
                order.setdefault("meta_data", [])
                order["line_items"] = [dict(li, id=900 + k)
                                       for k, li in enumerate(order.get("line_items", []))]
                order["total"] = f"{sum(float(li.get('total', '0')) for li in order['line_items']):.2f}"
                self.orders[self.seq] = order
                self.created_orders.append(order)
                return 201, order, order
            if len(parts) == 2 and parts[0] == "orders" and method == "GET":
                o = self.orders.get(int(parts[1])) if parts[1].isdigit() else None
                if not o:
                    return error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
                return 200, o, None
            if len(parts) == 3 and parts[0] == "orders" and parts[2] == "refunds":
                o = self.orders.get(int(parts[1])) if parts[1].isdigit() else None
                if not o:
                    return error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
                refunds = self.refunds.setdefault(o["id"], [])
                if method == "GET":
                    return 200, refunds, None
                api_refund = (body or {}).get("api_refund", True)
                if api_refund and not self.gateway_refunds:
                    return error(500, "woocommerce_rest_cannot_create_order_refund",
                                 "The payment gateway for this order does not support "
                                 "automatic refunds.")
                self.seq += 1
                r = {"id": self.seq, "amount": body.get("amount"), "reason": body.get("reason"),
                     "refunded_payment": bool(api_refund), "api_refund": api_refund,
                     "meta_data": [dict(m, id=k + 1)
                                   for k, m in enumerate(body.get("meta_data", []))],
                     "line_items": []}
                refunds.append(r)
                o["refunds"].append({"id": r["id"], "reason": r["reason"],
                                     "total": "-" + (r["amount"] or "0")})
                return 201, r, r
            if parts == ["coupons"] and method == "POST":
                code = (body or {}).get("code", "")
                if not code:
                    return error(400, "woocommerce_rest_empty_coupon_code",
                                 "The coupon code cannot be empty.")
                if any(c["code"].lower() == code.lower() for c in self.coupons):
                    return error(400, "woocommerce_rest_coupon_code_already_exists",
                                 "The coupon code already exists")
                self.seq += 1
                c = dict(body, id=self.seq, code=code.lower(), usage_count=0)
                self.coupons.append(c)
                return 201, c, c
            if parts == ["coupons"] and method == "GET":
                code = (q.get("code") or "").lower()
                return 200, [c for c in self.coupons if not code or c["code"] == code], None
            return error(404, "rest_no_route",
                         "No route was found matching the URL and request method.")
