"""Shared helpers for the API tests: unique ids, ERP records, tickets of each kind, the test
clock, and the "nothing changed" checks every error test uses.  Not a test module itself
(run.py loads only test_*.py)."""
import datetime
import itertools
import json
import urllib.parse

from harness import Client, expect

IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
UTC = datetime.timezone.utc
_seq = itertools.count(1)


def uid(prefix="T"):
    """A short id unique within this run."""
    return f"{prefix}{next(_seq):05d}"


def word():
    """A search token unique within this run that no other token has as a prefix."""
    return f"qz{next(_seq):05d}w"


def qs(**params):
    return urllib.parse.urlencode(params)


# --- the test clock ----------------------------------------------------------------------


def set_clock(t, when):
    """Sets the server's "now" (a datetime with a zone, or ISO text)."""
    if isinstance(when, datetime.datetime):
        when = when.isoformat()
    body = expect(t.as_("admin").post("/api/test/clock", {"now": when}), 200)
    return body["now"]


def reset_clock(t):
    """Puts the clock back to the real time, so sessions and other tests see a sane now."""
    set_clock(t, datetime.datetime.now(UTC).replace(microsecond=0))


def ist_day(days_from_today=0):
    """A local (Asia/Kolkata) calendar date relative to today."""
    return datetime.datetime.now(IST).date() + datetime.timedelta(days=days_from_today)


def ist(day, h=0, m=0, s=0):
    return datetime.datetime(day.year, day.month, day.day, h, m, s, tzinfo=IST)


# --- ERP records -------------------------------------------------------------------------


def put_records(t, what, rows, role="admin"):
    return t.as_(role).put(f"/api/records/{what}", rows)


def customer(t, type_="hotel", name=None, **extra):
    cid = uid("CU")
    row = {"customer_id": cid, "name": name or f"Hotel {cid}", "type": type_,
           "phone": "+91 22 5555 0000", "email": f"{cid.lower()}@example.com"}
    row.update(extra)
    expect(put_records(t, "customers", [row]), 200)
    return row


def order(t, customer_id, lines=None, delivery_date="2026-03-02"):
    so = uid("SO")
    row = {"so_id": so, "customer_id": customer_id, "order_date": "2026-03-01",
           "delivery_date": delivery_date,
           "lines": lines if lines is not None else [
               {"line_no": 1, "item": "Tomato (hybrid)", "unit": "kg", "ordered_qty": 40,
                "delivered_qty": 38, "price": 32.5},
               {"line_no": 2, "item": "Coriander", "unit": "bunch", "ordered_qty": 30,
                "delivered_qty": 30, "price": 12}]}
    expect(put_records(t, "orders", [row]), 200)
    return row


def invoice(t, so_id, total=1640.0):
    iid = uid("INV")
    row = {"invoice_id": iid, "so_id": so_id, "number": f"N-{iid}", "date": "2026-03-02",
           "total": total}
    expect(put_records(t, "invoices", [row]), 200)
    return row


def farm(t, farm_id=None, **extra):
    row = {"farm_id": farm_id or uid("FARM"), "name": "Shinde Farms, Junnar",
           "location": "Junnar, Pune", "contact": "+91 94220 11111"}
    row.update(extra)
    expect(put_records(t, "farms", [row]), 200)
    return row


def batch(t, batch_number=None, farm_id=None, product="Tomato (hybrid)", **extra):
    """A batch (and its farm when none is given), received this morning."""
    if farm_id is None:
        farm_id = farm(t)["farm_id"]
    row = {"batch_number": batch_number or uid("B-"), "product": product, "farm_id": farm_id,
           "received_at": "2026-03-01T04:30:00+05:30", "received_qty": 500, "damaged_qty": 12,
           "rejected_qty": 8, "unit": "kg", "grading": {"A": 320, "B": 130, "C": 30}}
    row.update(extra)
    expect(put_records(t, "batches", [row]), 200)
    return row


def b2b_setup(t, name=None):
    """A hotel with one sales order and one invoice."""
    cu = customer(t, name=name)
    so = order(t, cu["customer_id"])
    inv = invoice(t, so["so_id"])
    return cu, so, inv


# --- tickets -----------------------------------------------------------------------------


def b2b_body(cu, so, **over):
    body = {"customer_id": cu["customer_id"], "so_id": so["so_id"],
            "category": "missing_items", "priority": "high",
            "description": "Two crates of coriander missing from the morning drop.",
            "requested_resolution": "credit_note"}
    body.update(over)
    return {k: v for k, v in body.items() if v is not ...}


def b2b(t, cu=None, so=None, role="agent", **over):
    if cu is None:
        cu, so, _ = b2b_setup(t)
    return expect(t.as_(role).post("/api/tickets/b2b/create", b2b_body(cu, so, **over)), 201)


def b2c_body(**over):
    body = {"customer_name": "Ananya Iyer", "customer_phone": "+91 98765 43210",
            "woo_order_number": uid("WC"), "delivery_date": str(ist_day(0)),
            "category": "missing_items",
            "description": "The strawberries were missing from the box.",
            "requested_resolution": "refund"}
    body.update(over)
    return {k: v for k, v in body.items() if v is not ...}


def b2c(t, role="agent", **over):
    return expect(t.as_(role).post("/api/tickets/b2c/create", b2c_body(**over)), 201)


def internal_body(**over):
    body = {"title": "Stock report export fails", "category": "bug", "priority": "high",
            "description": "The export button on the stock report does nothing.",
            "steps_to_reproduce": "Open Reports > Stock, click Export.",
            "expected_behavior": "A CSV downloads.", "actual_behavior": "Nothing happens."}
    body.update(over)
    return {k: v for k, v in body.items() if v is not ...}


def internal(t, role="reporter", client=None, **over):
    c = client or t.as_(role)
    return expect(c.post("/api/tickets/internal/create", internal_body(**over)), 201)


def get(t, kind, tid, role="admin"):
    return expect(t.as_(role).get(f"/api/tickets/{kind}/{tid}"), 200)


def timeline(t, kind, tid, role="admin"):
    return expect(t.as_(role).get(f"/api/tickets/{kind}/{tid}/timeline"), 200)["items"]


def post(t, role, kind, tid, action, body=None):
    return t.as_(role).post(f"/api/tickets/{kind}/{tid}/{action}", body)


def list_(t, kind, role="admin", client=None, **params):
    c = client or t.as_(role)
    return expect(c.get(f"/api/tickets/{kind}/list?{qs(**params)}"), 200)


def total(t, kind, role="admin", **params):
    return list_(t, kind, role, **params)["total"]


def walk(t, kind, role="admin", client=None, **params):
    """Every item of a list, page by page; checks the pages agree on the total."""
    items, cursor, pages, totals = [], None, 0, set()
    while True:
        p = dict(params)
        if cursor:
            p["cursor"] = cursor
        body = list_(t, kind, role, client, **p)
        items += body["items"]
        totals.add(body["total"])
        pages += 1
        cursor = body["next_cursor"]
        assert pages < 1000, "pagination does not end"
        if not cursor:
            break
    assert len(totals) == 1, f"pages disagree on the total: {totals}"
    return items, totals.pop(), pages


# --- "nothing changed" -------------------------------------------------------------------


class Unchanged:
    """Around a refused request: the ticket, its timeline and its comments, as the admin reads
    them, are byte-for-byte the same afterwards."""

    def __init__(self, t, kind, tid):
        self.t, self.kind, self.tid = t, kind, tid

    def state(self):
        a = self.t.as_("admin")
        base = f"/api/tickets/{self.kind}/{self.tid}"
        out = []
        for path in (base, base + "/timeline", base + "/comments"):
            r = a.get(path)
            assert r.status == 200, r
            out.append(r.raw)
        return out

    def __enter__(self):
        self.before = self.state()
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            after = self.state()
            assert after == self.before, (
                f"a refused request changed {self.kind} ticket {self.tid}:\n"
                f"before {self.before}\nafter  {after}")
        return False


class NoNewTickets:
    """Around a refused create: no ticket of that kind appeared (the admin's list total),
    and no ticket number was used up."""

    def __init__(self, t, kind):
        self.t, self.kind = t, kind

    def __enter__(self):
        self.before = total(self.t, self.kind)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            after = total(self.t, self.kind)
            assert after == self.before, f"{self.kind} tickets: {self.before} -> {after}"
        return False


def world(t):
    """What a refused request elsewhere must not change: the users, the ticket totals of
    every kind, and the customers."""
    a = t.as_("admin")
    out = [a.get("/api/users").raw, a.get("/api/customers?q=").raw]
    for kind in ("b2b", "b2c", "internal"):
        out.append(total(t, kind))
    return out


def numeric(number):
    return int(number.split("-")[1])


def new_user(t, role, name=None):
    """A user made through the API as the admin, and a signed-in client for them."""
    email = f"{uid(role)}@test.example".lower()
    body = expect(t.as_("admin").post("/api/users", {
        "email": email, "name": name or f"Extra {role}", "role": role,
        "password": "another-password-1"}), 201)
    c = Client(t.port)
    expect(c.post("/api/auth/login", {"email": email, "password": "another-password-1"}), 200)
    return body, c


def raw_post(client, path, data, content_type="application/json"):
    return client.request("POST", path, raw=data.encode() if isinstance(data, str) else data,
                          headers={"Content-Type": content_type} if content_type else {})


def dumps(o):
    return json.dumps(o)


def oversized(client, method, path, size=(1 << 20) + 1, content_type="application/json"):
    """Announces a body of `size` bytes and waits for the answer before sending any of it:
    a body over the cap must be refused (413) from its Content-Length alone.  Returns
    (status, error envelope or None)."""
    import select
    import socket

    s = socket.create_connection(("127.0.0.1", client.port), timeout=30)
    try:
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1",
                f"Content-Type: {content_type}", f"Content-Length: {size}"]
        if client.cookie:
            head.append("Cookie: " + client.cookie)
        if client.token:
            head.append("Authorization: Bearer " + client.token)
        s.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        ready, _, _ = select.select([s], [], [], 5)
        assert ready, "no answer to an oversized body before it was sent"
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            head_end = data.find(b"\r\n\r\n")
            if head_end >= 0:
                headers = data[:head_end].decode("latin-1").lower()
                length = 0
                for line in headers.split("\r\n"):
                    if line.startswith("content-length:"):
                        length = int(line.split(":", 1)[1])
                if len(data) >= head_end + 4 + length:
                    break
        status = int(data.split(b" ", 2)[1])
        body = data[data.find(b"\r\n\r\n") + 4:]
        try:
            env = json.loads(body)["error"]
        except (ValueError, KeyError, TypeError):
            env = None
        return status, env
    finally:
        s.close()


def expect_oversized(client, method, path, **kw):
    status, env = oversized(client, method, path, **kw)
    assert status == 413, f"expected 413, got {status} {env}"
    assert env and env["code"] == "too_large" and env["message"], env
    return env
