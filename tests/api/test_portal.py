"""The customer portal (issue 16): one-time codes by email (expiry, single use, wrong codes,
rate limits per email or phone and per client address), sign-in links and B2B contacts'
passwords, claims with photos (the same photo rule as staff), the claim window in words,
strict isolation tested as a matrix (every portal route with the customer's own ticket and
another's, staff routes with a portal cookie, portal routes with a staff sign-in), and the
satisfaction survey after close reaching the ticket's timeline and the dashboard."""
import datetime
import re

import harness
from harness import Client, expect
from fixtures import IST, ist, ist_day, uid
from test_evidence import PDF, png, send
from test_sla import Smtp, sweep

CAPTURE = re.compile(r"\b(\d{6})\b")


def own(t):
    """A server of the test's own (rate limits and mail are per server)."""
    return harness.Server(t.server.binary).start()


def set_now(s, dt):
    expect(s.clients["admin"].post("/api/test/clock", {"now": dt.isoformat()}), 200)


def home(s, delivery=None, **extra):
    """A home customer with one delivered order."""
    admin = s.clients["admin"]
    cid = uid("HC")
    row = {"customer_id": cid, "name": f"Ananya {cid}", "type": "home",
           "phone": f"+91 98{int(cid[2:]):08d}", "email": f"{cid.lower()}@home.example"}
    row.update(extra)
    expect(admin.put("/api/records/customers", [row]), 200)
    so = uid("WC")
    expect(admin.put("/api/records/orders", [{
        "so_id": so, "customer_id": cid, "order_date": str(delivery or ist_day(0)),
        "delivery_date": str(delivery or ist_day(0)),
        "lines": [{"line_no": 1, "item": "Strawberries", "unit": "punnet", "ordered_qty": 2,
                   "delivered_qty": 2, "price": 180},
                  {"line_no": 2, "item": "Alphonso mango", "unit": "dozen", "ordered_qty": 1,
                   "delivered_qty": 1, "price": 900}]}]), 200)
    return row, so


def hotel(s, name=None):
    admin = s.clients["admin"]
    cid = uid("HO")
    expect(admin.put("/api/records/customers", [{
        "customer_id": cid, "name": name or f"Hotel {cid}", "type": "hotel",
        "phone": "+91 22 5555 0101", "email": f"{cid.lower()}@hotel.example"}]), 200)
    so = uid("SO")
    expect(admin.put("/api/records/orders", [{
        "so_id": so, "customer_id": cid, "order_date": str(ist_day(-1)),
        "delivery_date": str(ist_day(0)),
        "lines": [{"line_no": 1, "item": "Tomato (hybrid)", "unit": "kg", "ordered_qty": 40,
                   "delivered_qty": 38, "price": 32.5}]}]), 200)
    return cid, so


def contact(s, cid, password="chef-password-1", **over):
    body = {"name": f"Chef {uid('N')}", "email": f"{uid('c').lower()}@hotel.example",
            "phone": "+91 98200 11122", "role": "chef", "password": password}
    body.update(over)
    return expect(s.clients["agent"].post(f"/api/customers/{cid}/contacts", body), 201)


def link_token(url):
    return url.split("#t=", 1)[1]


def by_link(s, cid, contact_id=None):
    """A portal client signed in with a staff-made link."""
    body = {"contact_id": contact_id} if contact_id else {}
    link = expect(s.clients["agent"].post(f"/api/customers/{cid}/portal-link", body), 201)
    c = Client(s.port)
    expect(c.post("/api/portal/auth/link", {"token": link_token(link["url"])}), 200)
    return c


def with_smtp(s):
    smtp = Smtp(s.dir)
    smtp.start()
    expect(s.clients["admin"].put("/api/settings/smtp", {
        "url": f"smtp://127.0.0.1:{smtp.port}", "from": "care@test.example"}), 200)
    return smtp


def mails_to(smtp, address):
    return [m for m in smtp.messages() if m["To"] == address]


def code_from(msg):
    body = msg.get_payload(decode=True).decode()
    return CAPTURE.search(body).group(1)


def claim(c, so, category="missing_items", photos=(), **over):
    body = {"so_id": so, "category": category, "description": "Two punnets were crushed.",
            "items_affected": "Strawberries"}
    body.update(over)
    if not photos:
        return c.post("/api/portal/claims", body)
    import json
    parts = [("ticket", None, "application/json", json.dumps(body).encode())]
    parts += [("photos", f"p{i}.png", "image/png", p) for i, p in enumerate(photos)]
    return send(c, "/api/portal/claims", parts)


def stop(smtp, s):
    if smtp and smtp.proc and smtp.proc.poll() is None:
        smtp.stop()
    s.cleanup()


# --- codes ---------------------------------------------------------------------------------


def test_portal_code_sign_in_claim_and_thread(t):
    s = own(t)
    smtp = None
    try:
        # Noon in Kolkata: the claim window's text names "today", which a run that crosses
        # midnight there (18:30 UTC) would see change under it.
        day = ist_day(0)
        set_now(s, ist(day, 12))
        smtp = with_smtp(s)
        cu, so = home(s, delivery=day)
        c = Client(s.port)
        # The same answer whether or not the details match anyone.
        a = expect(c.post("/api/portal/auth/code", {"to": "nobody@home.example",
                                                    "order": so}), 202)
        b = expect(c.post("/api/portal/auth/code", {"to": cu["email"].upper(),
                                                    "order": so.lower()}), 202)
        assert a == b
        expect(c.post("/api/portal/auth/code", {"to": "not an address", "order": so}), 422,
               "invalid", "to")
        sweep(s)
        assert mails_to(smtp, "nobody@home.example") == []
        mail = mails_to(smtp, cu["email"])
        assert len(mail) == 1, [m["To"] for m in smtp.messages()]
        code = code_from(mail[0])
        wrong = "000000" if code != "000000" else "111111"
        expect(c.post("/api/portal/auth/verify", {"to": cu["email"], "code": wrong}), 401,
               "unauthorized", "code")
        expect(c.post("/api/portal/auth/verify", {"to": cu["email"], "code": "12a"}), 422,
               "invalid", "code")
        r = c.post("/api/portal/auth/verify", {"to": cu["email"], "code": code})
        me = expect(r, 200)["me"]
        cookie = r.headers["set-cookie"]
        assert cookie.startswith("ticketd_portal=") and "HttpOnly" in cookie
        assert "SameSite=Strict" in cookie and "Max-Age=" in cookie
        assert me["customer_id"] == cu["customer_id"] and me["kind"] == "b2c"
        assert me["contact"] is None
        # Single use: the same code again fails, even for a fresh browser.
        expect(Client(s.port).post("/api/portal/auth/verify",
                                   {"to": cu["email"], "code": code}), 401, "unauthorized")
        assert expect(c.get("/api/portal/me"), 200)["customer_id"] == cu["customer_id"]

        dl = expect(c.get("/api/portal/deliveries"), 200)["items"]
        assert [d["so_id"] for d in dl] == [so]
        assert dl[0]["claim_window"]["within"] is True
        assert dl[0]["claim_window"]["text"] == \
            "You can report this delivery until midnight today."
        assert [li["item"] for li in dl[0]["lines"]] == ["Strawberries", "Alphonso mango"]

        tk = expect(claim(c, so, photos=[png(seed=1), png(seed=2)],
                          category="damaged_items"), 201)
        assert tk["number"].startswith("B2C-") and tk["status"] in ("new", "assigned")
        assert tk["photo_count"] == 2
        assert tk["claim_window"]["text"] == "This claim is within the claim window."
        items = expect(c.get("/api/portal/tickets"), 200)["items"]
        assert [i["number"] for i in items] == [tk["number"]]
        view = expect(c.get(f"/api/portal/tickets/{tk['number'].lower()}"), 200)
        assert len(view["photos"]) == 2
        assert view["thread"][0]["text"] == "Claim received"
        # Staff see it with the customer's record, the photos and where it came from.
        staff = expect(s.clients["agent"].get(f"/api/tickets/b2c/{tk['number']}"), 200)
        assert staff["customer_id"] == cu["customer_id"] and staff["so_id"] == so
        tl = expect(s.clients["agent"].get(f"/api/tickets/b2c/{tk['number']}/timeline"),
                    200)["items"]
        assert any(e["type"] == "portal" and cu["email"] in (e["note"] or "") for e in tl)

        # A public reply from staff is shown; an internal note is not.
        tid = staff["ticket_id"]
        expect(s.clients["agent"].post(f"/api/tickets/b2c/{tid}/comments", {
            "comment_text": "Sorry! A refund is on its way.", "visibility": "public"}), 201)
        expect(s.clients["agent"].post(f"/api/tickets/b2c/{tid}/comments", {
            "comment_text": "Driver dropped the box; check the van.",
            "visibility": "internal"}), 201)
        rep = expect(c.post(f"/api/portal/tickets/{tk['number']}/replies",
                            {"text": "Thank you!"}), 201)
        assert rep["from_customer"] is True
        view = expect(c.get(f"/api/portal/tickets/{tk['number']}"), 200)
        texts = [e["text"] for e in view["thread"] if e["type"] == "reply"]
        assert texts == ["Sorry! A refund is on its way.", "Thank you!"]
        assert "van" not in view.__repr__()
        assert "assigned_to" not in view and "sla_due_at" not in view
        added = expect(send(c, f"/api/portal/tickets/{tk['number']}/photos",
                            [("photos", "more.png", "image/png", png(seed=9))]), 201)
        assert len(added["items"]) == 3
        pid = added["items"][0]["attachment_id"]
        got = c.get(f"/api/portal/photos/{pid}")
        assert got.status == 200 and got.raw.startswith(b"\x89PNG")
        comments = expect(s.clients["agent"].get(f"/api/tickets/b2c/{tid}/comments"),
                          200)["items"]
        assert any(x["comment_text"] == "Thank you!" and x["visibility"] == "public"
                   for x in comments)
        # Signing out ends the session.
        expect(c.post("/api/portal/auth/logout"), 200)
        expect(c.get("/api/portal/me"), 401, "unauthorized")
    finally:
        stop(smtp, s)


def test_portal_code_expires_and_wrong_tries_end_it(t):
    s = own(t)
    smtp = None
    try:
        smtp = with_smtp(s)
        cu, so = home(s)
        now = datetime.datetime.now(IST).replace(microsecond=0)
        set_now(s, now)
        c = Client(s.port)
        expect(c.post("/api/portal/auth/code", {"to": cu["phone"], "order": so}), 202)
        sweep(s)
        # A phone without WhatsApp: the code goes to the record's email.
        code = code_from(mails_to(smtp, cu["email"])[0])
        set_now(s, now + datetime.timedelta(minutes=10, seconds=1))
        expect(c.post("/api/portal/auth/verify", {"to": cu["phone"], "code": code}), 401,
               "unauthorized")
        # A fresh code; five wrong tries end it, then even the right one fails.
        expect(c.post("/api/portal/auth/code", {"to": cu["phone"], "order": so}), 202)
        sweep(s)
        code = code_from(mails_to(smtp, cu["email"])[-1])
        wrong = "000000" if code != "000000" else "111111"
        for _ in range(5):
            expect(c.post("/api/portal/auth/verify", {"to": cu["phone"], "code": wrong}), 401)
        expect(c.post("/api/portal/auth/verify", {"to": cu["phone"], "code": code}), 401)
    finally:
        stop(smtp, s)


def test_portal_code_rate_limits(t):
    s = own(t)
    smtp = None
    try:
        smtp = with_smtp(s)
        cu, so = home(s)
        c = Client(s.port)
        for _ in range(3):
            expect(c.post("/api/portal/auth/code", {"to": cu["email"], "order": so}), 202)
        r = c.post("/api/portal/auth/code", {"to": cu["email"], "order": so})
        expect(r, 429, "rate_limited")
        assert int(r.headers["retry-after"]) > 0
        sweep(s)
        assert len(mails_to(smtp, cu["email"])) == 3
        # Per client address: ten asks for different addresses, then refused.
        for i in range(6):
            expect(c.post("/api/portal/auth/code", {"to": f"x{i}@nowhere.example",
                                                    "order": so}), 202)
        r = c.post("/api/portal/auth/code", {"to": "x9@nowhere.example", "order": so})
        expect(r, 429, "rate_limited")
        assert "network address" in r.error()["message"]
        # Checks per email or phone are limited too.
        other, so2 = home(s)
        for _ in range(10):
            expect(c.post("/api/portal/auth/verify", {"to": other["email"],
                                                      "code": "123456"}), 401)
        r = c.post("/api/portal/auth/verify", {"to": other["email"], "code": "123456"})
        expect(r, 429, "rate_limited")
        assert r.headers.get("retry-after")
    finally:
        stop(smtp, s)


# --- links and contacts --------------------------------------------------------------------


def test_portal_links_and_contacts(t):
    s = t.server
    agent = s.clients["agent"]
    cu, so = home(s)
    link = expect(agent.post(f"/api/customers/{cu['customer_id']}/portal-link", {}), 201)
    assert link["url"].startswith("/portal/link#t=") and link["sent_by"] is None
    token = link_token(link["url"])
    c = Client(s.port)
    me = expect(c.post("/api/portal/auth/link", {"token": token}), 200)["me"]
    assert me["customer_id"] == cu["customer_id"]
    # Once only, and a sign-in link is not a survey link.
    expect(Client(s.port).post("/api/portal/auth/link", {"token": token}), 401,
           "unauthorized", "token")
    expect(Client(s.port).post("/api/portal/survey", {"token": token}), 404, "not_found")
    expect(agent.post(f"/api/customers/{cu['customer_id']}/portal-link", {"contact_id": 1}),
           422, "invalid", "contact_id")
    expect(agent.post("/api/customers/NOPE/portal-link", {}), 404, "not_found")
    expect(agent.post(f"/api/customers/{cu['customer_id']}/portal-link", {"send": True}),
           422, "invalid", "send")  # no portal address set

    hid, hso = hotel(s)
    expect(agent.post(f"/api/customers/{hid}/portal-link", {}), 422, "invalid", "contact_id")
    expect(agent.post(f"/api/customers/{cu['customer_id']}/contacts", {"name": "X",
                                                                       "email": "x@y.in"}),
           422, "invalid", "customer_id")
    expect(agent.post(f"/api/customers/{hid}/contacts", {"name": "No way"}), 422, "invalid",
           "email")
    expect(agent.post(f"/api/customers/{hid}/contacts", {"name": "P", "email": "bad"}), 422,
           "invalid", "email")
    expect(agent.post(f"/api/customers/{hid}/contacts", {"name": "P", "email": "p@h.in",
                                                         "password": "short"}),
           422, "invalid", "password")
    expect(agent.post(f"/api/customers/{hid}/contacts", {"name": "P", "bogus": 1}), 400)
    chef = contact(s, hid)
    assert chef["password_set"] is True and "password" not in chef
    again = agent.post(f"/api/customers/{hid}/contacts", {"name": "Twin",
                                                          "email": chef["email"]})
    expect(again, 409, "conflict", "email")
    listed = expect(agent.get(f"/api/customers/{hid}/contacts"), 200)["items"]
    assert [x["contact_id"] for x in listed] == [chef["contact_id"]]
    expect(s.clients["reporter"].get(f"/api/customers/{hid}/contacts"), 403, "forbidden")

    c = Client(s.port)
    expect(c.post("/api/portal/auth/password", {"email": chef["email"], "password": "nope"}),
           401, "unauthorized")
    me = expect(c.post("/api/portal/auth/password", {"email": chef["email"].upper(),
                                                     "password": "chef-password-1"}),
                200)["me"]
    assert me["kind"] == "b2b" and me["contact"]["role"] == "chef"
    # A contact's link; deactivating the contact ends their sessions.
    lc = by_link(s, hid, chef["contact_id"])
    expect(lc.get("/api/portal/me"), 200)
    expect(agent.put(f"/api/customers/{hid}/contacts/{chef['contact_id']}",
                     {"active": False}), 200)
    expect(c.get("/api/portal/me"), 401, "unauthorized")
    expect(lc.get("/api/portal/me"), 401, "unauthorized")
    expect(Client(s.port).post("/api/portal/auth/password", {
        "email": chef["email"], "password": "chef-password-1"}), 401, "unauthorized")


def test_portal_link_expires(t):
    s = own(t)
    try:
        cu, so = home(s)
        now = datetime.datetime.now(IST).replace(microsecond=0)
        set_now(s, now)
        link = expect(s.clients["agent"].post(
            f"/api/customers/{cu['customer_id']}/portal-link", {}), 201)
        set_now(s, now + datetime.timedelta(days=3, seconds=1))
        expect(Client(s.port).post("/api/portal/auth/link",
                                   {"token": link_token(link["url"])}), 401, "unauthorized")
    finally:
        s.cleanup()


# --- claims ----------------------------------------------------------------------------------


def test_portal_claim_photo_rules_and_window_words(t):
    s = t.server
    cu, so = home(s)
    late_cu, late_so = home(s, delivery=ist_day(-2))
    c = by_link(s, cu["customer_id"])
    before = expect(s.clients["admin"].get("/api/tickets/b2c/list"), 200)["total"]
    r = claim(c, so, category="damaged_items")
    expect(r, 422, "invalid", "photos")
    r = send(c, "/api/portal/claims", [
        ("ticket", None, "application/json",
         b'{"so_id":"%s","category":"damaged_items","description":"x"}' % so.encode()),
        ("photos", "a.pdf", "application/pdf", PDF)])
    assert r.status in (415, 422), r
    expect(claim(c, late_so), 422, "invalid", "so_id")  # another customer's order
    expect(claim(c, so, priority="urgent"), 400, "bad_request", "priority")
    expect(claim(c, so, category="nope"), 422, "invalid", "category")
    after = expect(s.clients["admin"].get("/api/tickets/b2c/list"), 200)["total"]
    assert after == before
    tk = expect(claim(c, so), 201)  # missing items need no photo
    assert tk["category"] == "missing_items" and tk["photo_count"] == 0

    late = by_link(s, late_cu["customer_id"])
    dl = expect(late.get("/api/portal/deliveries"), 200)["items"][0]
    assert dl["claim_window"]["within"] is False and dl["claim_window"]["days_late"] == 2
    assert dl["claim_window"]["text"].startswith("This delivery is 2 days past the claim window")
    tk = expect(claim(late, late_so), 201)
    assert tk["claim_window"]["text"] == \
        "This claim came 2 days after the claim window; we will still look at it."
    staff = expect(s.clients["agent"].get(f"/api/tickets/b2c/{tk['number']}"), 200)
    assert staff["within_policy_window"] is False and staff["days_late"] == 2

    hid, hso = hotel(s)
    chef = by_link(s, hid, contact(s, hid)["contact_id"])
    dl = expect(chef.get("/api/portal/deliveries"), 200)["items"][0]
    assert dl["claim_window"]["within"] is None
    expect(claim(chef, hso), 422, "invalid", "requested_resolution")
    tk = expect(claim(chef, hso, requested_resolution="credit_note"), 201)
    assert tk["number"].startswith("B2B-")


def test_portal_replies_carry_their_writers_name(t):
    """A reply written on the portal shows staff who wrote it: a contact's name and company,
    a home customer's name (docs/decisions.md), though each is written as the portal's
    reserved user; a staff comment keeps its author's own name."""
    s = t.server
    agent = s.clients["agent"]
    hid, hso = hotel(s)
    first, second = contact(s, hid), contact(s, hid, role="purchase manager")
    c1 = by_link(s, hid, first["contact_id"])
    c2 = by_link(s, hid, second["contact_id"])
    tk = expect(claim(c1, hso, photos=[png(seed=11)], category="damaged_items",
                      requested_resolution="credit_note"), 201)
    rep = expect(c1.post(f"/api/portal/tickets/{tk['number']}/replies",
                         {"text": "Crates were wet."}), 201)
    assert rep["author"] == "You" and rep["from_customer"] is True
    expect(c2.post(f"/api/portal/tickets/{tk['number']}/replies",
                   {"text": "Same in the second van."}), 201)
    expect(agent.post(f"/api/tickets/b2b/{tk['number']}/comments",
                      {"comment_text": "Checking the cold room log.", "visibility": "public"}),
           201)
    home_row, home_so = home(s)
    hc = by_link(s, home_row["customer_id"])
    htk = expect(claim(hc, home_so, photos=[png(seed=12)], category="damaged_items"), 201)
    expect(hc.post(f"/api/portal/tickets/{htk['number']}/replies", {"text": "Thanks"}), 201)

    def names(kind, number):
        items = expect(agent.get(f"/api/tickets/{kind}/{number}/comments"), 200)["items"]
        return {x["comment_text"]: x["actor_name"] for x in items}

    company = f"Hotel {hid}"
    assert names("b2b", tk["number"]) == {
        "Crates were wet.": f"{first['name']} ({company})",
        "Same in the second van.": f"{second['name']} ({company})",
        "Checking the cold room log.": t.user("agent")["name"],
    }
    assert names("b2c", htk["number"]) == {"Thanks": f"{home_row['name']} (customer)"}
    # the timeline names them the same way
    tl = expect(agent.get(f"/api/tickets/b2b/{tk['number']}/timeline"), 200)["items"]
    assert [e["actor_name"] for e in tl if e.get("comment_text") == "Crates were wet."] == \
        [f"{first['name']} ({company})"]
    # on the portal each contact reads "You" on their own replies and a colleague's name
    # on the other's, all from the customer's side
    for reader, mine, theirs in ((c1, 0, second), (c2, 1, first)):
        view = expect(reader.get(f"/api/portal/tickets/{tk['number']}"), 200)
        replies = [e for e in view["thread"] if e["type"] == "reply"]
        want = [first["name"], second["name"], t.user("agent")["name"]]
        want[mine] = "You"
        assert [e["author"] for e in replies] == want, (theirs["name"], replies)
        assert [e["from_customer"] for e in replies] == [True, True, False]
    home_view = expect(hc.get(f"/api/portal/tickets/{htk['number']}"), 200)
    assert [e["author"] for e in home_view["thread"] if e["type"] == "reply"] == ["You"]



def test_portal_reply_authors_are_told_by_contact(t):
    """Two contacts of one hotel with one name each read "You" on their own replies only, also
    after a rename and after a restart (before any portal write); a contact's reply is no
    first response of staff's; a merge moves comments under their writers' names."""
    s = own(t)
    try:
        agent, manager = s.clients["agent"], s.clients["manager"]
        hid, hso = hotel(s, name="Grand (Pune)")
        a = contact(s, hid, name="Priya")
        b = contact(s, hid, name="Priya", role="purchase manager")
        ca, cb = by_link(s, hid, a["contact_id"]), by_link(s, hid, b["contact_id"])
        kept = expect(claim(ca, hso, photos=[png(seed=21)], category="damaged_items",
                            requested_resolution="credit_note"), 201)
        n = kept["number"]
        expect(ca.post(f"/api/portal/tickets/{n}/replies", {"text": "from A"}), 201)
        expect(cb.post(f"/api/portal/tickets/{n}/replies", {"text": "from B"}), 201)
        assert expect(agent.get(f"/api/tickets/b2b/{n}"), 200)["first_response_at"] is None
        expect(agent.post(f"/api/tickets/b2b/{n}/comments",
                          {"comment_text": "Looking into it.", "visibility": "public"}), 201)
        assert expect(agent.get(f"/api/tickets/b2b/{n}"), 200)["first_response_at"]

        def seen(c, number):
            v = expect(c.get(f"/api/portal/tickets/{number}"), 200)
            return [(e["author"], e["from_customer"], e["text"])
                    for e in v["thread"] if e["type"] == "reply"]

        staff = t.user("agent")["name"]
        want_a = [("You", True, "from A"), ("Priya", True, "from B"),
                  (staff, False, "Looking into it.")]
        want_b = [("Priya", True, "from A"), ("You", True, "from B"),
                  (staff, False, "Looking into it.")]
        assert seen(ca, n) == want_a and seen(cb, n) == want_b
        expect(agent.put(f"/api/customers/{hid}/contacts/{a['contact_id']}",
                         {"name": "Priya Nair"}), 200)
        assert seen(ca, n) == want_a
        s.restart()
        assert seen(ca, n) == want_a and seen(cb, n) == want_b
        # a merge: the comments moved keep their writers, not the manager who merged
        dup = expect(claim(ca, hso, photos=[png(seed=22)], category="damaged_items",
                           requested_resolution="credit_note"), 201)
        expect(cb.post(f"/api/portal/tickets/{dup['number']}/replies",
                       {"text": "second van too"}), 201)
        expect(agent.post(f"/api/tickets/b2b/{dup['number']}/comments",
                          {"comment_text": "Same batch.", "visibility": "public"}), 201)
        expect(manager.post(f"/api/tickets/b2b/{dup['number']}/merge", {"into": n}), 200)
        names = {x["comment_text"]: x["actor_name"] for x in
                 expect(agent.get(f"/api/tickets/b2b/{n}/comments"), 200)["items"]}
        assert names["second van too"] == "Priya (Grand (Pune))"
        assert names["Same batch."] == staff
        assert seen(cb, n)[-2:] == [("You", True, "second van too"),
                                    (staff, False, "Same batch.")]
    finally:
        s.cleanup()



def test_portal_reply_notifies_the_assignee(t):
    """A customer's reply on the portal is a notification for the ticket's assignee (also on
    a resolved ticket), once per reply; staff comments make none of this kind."""
    s = t.server
    agent = s.clients["agent"]
    me = s.users["agent"]["user_id"]
    row, so = home(s)
    hc = by_link(s, row["customer_id"])
    tk = expect(claim(hc, so, photos=[png(seed=23)], category="damaged_items"), 201)
    n = tk["number"]
    # a home customer's order is a WooCommerce order: a refund is posted against it
    staff_view = expect(agent.get(f"/api/tickets/b2c/{n}"), 200)
    assert staff_view["woo_order_number"] == so and staff_view["so_id"] == so
    expect(agent.post(f"/api/tickets/b2c/{n}/assign", {"assigned_to": me}), 200)

    def mine():
        items = expect(agent.get("/api/notifications?limit=200"), 200)["items"]
        return [x for x in items if x["type"] == "customer_wrote" and n in x["title"]]

    expect(agent.post(f"/api/tickets/b2c/{n}/comments",
                      {"comment_text": "We will refund it.", "visibility": "public"}), 201)
    assert mine() == []
    expect(hc.post(f"/api/portal/tickets/{n}/replies", {"text": "When will it reach me?"}), 201)
    got = mine()
    assert len(got) == 1 and f"{row['name']} (customer) replied" in got[0]["title"], got
    assert "When will it reach me?" in got[0]["body"]
    cat = expect(agent.get("/api/catalog"), 200)
    assert "customer_wrote" in cat["notification_types"]


# --- isolation -------------------------------------------------------------------------------


def test_portal_isolation_matrix(t):
    s = t.server
    agent = s.clients["agent"]
    a, a_so = home(s)
    b, b_so = home(s)
    h1, h1_so = hotel(s)
    h2, h2_so = hotel(s)
    ca, cb = by_link(s, a["customer_id"]), by_link(s, b["customer_id"])
    c1 = by_link(s, h1, contact(s, h1)["contact_id"])
    c1b = by_link(s, h1, contact(s, h1, role="purchase manager")["contact_id"])
    c2 = by_link(s, h2, contact(s, h2)["contact_id"])
    tickets = {
        "a": expect(claim(ca, a_so, photos=[png(seed=3)], category="damaged_items"), 201),
        "b": expect(claim(cb, b_so, photos=[png(seed=4)], category="damaged_items"), 201),
        "h1": expect(claim(c1, h1_so, photos=[png(seed=5)], category="damaged_items",
                           requested_resolution="credit_note"), 201),
        "h2": expect(claim(c2, h2_so, photos=[png(seed=6)], category="damaged_items",
                           requested_resolution="credit_note"), 201),
    }
    # A staff ticket of h1 filed by phone counts as the company's too.
    staff_tk = expect(agent.post("/api/tickets/b2b/create", {
        "customer_id": h1, "so_id": h1_so, "category": "missing_items", "priority": "high",
        "description": "Called in: one crate short.", "requested_resolution": "credit_note"}),
        201)
    photo = {}
    for who, c in (("a", ca), ("b", cb), ("h1", c1), ("h2", c2)):
        v = expect(c.get(f"/api/portal/tickets/{tickets[who]['number']}"), 200)
        photo[who] = v["photos"][0]["attachment_id"]

    def routes(number, pid):
        return [
            ("GET", f"/api/portal/tickets/{number}", None, 200),
            ("POST", f"/api/portal/tickets/{number}/replies", {"text": "Any news?"}, 201),
            ("POST", f"/api/portal/tickets/{number}/rating", {"rating": 5}, 409),
            ("GET", f"/api/portal/photos/{pid}", None, 200),
        ]

    owners = {"a": [ca], "b": [cb], "h1": [c1, c1b], "h2": [c2]}
    for owner, number in ((k, v["number"]) for k, v in tickets.items()):
        for who, clients in owners.items():
            for c in clients:
                for method, path, body, ok in routes(number, photo[owner]):
                    r = c.request(method, path, body=body)
                    if who == owner:
                        assert r.status == ok, (who, method, path, r)
                    else:
                        expect(r, 404, "not_found")
                photos = send(c, f"/api/portal/tickets/{number}/photos",
                              [("photos", "x.png", "image/png", png(seed=7))])
                expect(photos, 201 if who == owner else 404)
    # The company's contacts both see the staff-made ticket; nobody else does.
    for c in (c1, c1b):
        nums = [x["number"] for x in expect(c.get("/api/portal/tickets"), 200)["items"]]
        assert staff_tk["number"] in nums and tickets["h1"]["number"] in nums
        assert tickets["h2"]["number"] not in nums
    for c, own_key in ((ca, "a"), (cb, "b"), (c2, "h2")):
        nums = [x["number"] for x in expect(c.get("/api/portal/tickets"), 200)["items"]]
        assert nums == [tickets[own_key]["number"]]
    # A B2C number asked by a B2B contact (and the reverse) is not found either.
    expect(c1.get(f"/api/portal/tickets/{tickets['a']['number']}"), 404, "not_found")
    expect(ca.get(f"/api/portal/tickets/{staff_tk['number']}"), 404, "not_found")

    # Staff routes with a portal cookie: refused, whatever the route, as not signed in (so
    # that the staff app in a browser that also holds a portal sign-in shows its sign-in).
    staff_routes = [("GET", "/api/me"), ("GET", "/api/tickets/b2c/list"),
                    ("GET", f"/api/tickets/b2c/{tickets['a']['number']}"),
                    ("GET", f"/api/tickets/b2b/{staff_tk['ticket_id']}/timeline"),
                    ("GET", "/api/customers"), ("GET", "/api/dashboard"),
                    ("GET", f"/api/attachments/{photo['a']}"),
                    ("POST", f"/api/tickets/b2c/{tickets['a']['number']}/comments"),
                    ("GET", f"/api/customers/{h1}/contacts"), ("GET", "/api/settings/portal")]
    for c in (ca, c1):
        for method, path in staff_routes:
            r = c.request(method, path, body={"comment_text": "x"} if method == "POST" else None)
            expect(r, 401, "unauthorized")
            assert "portal" in r.error()["message"]
    # Portal routes with a staff sign-in (cookie or token): not a portal principal.
    for role in ("agent", "admin"):
        for method, path, body, _ in routes(tickets["a"]["number"], photo["a"]) + [
                ("GET", "/api/portal/me", None, 0), ("GET", "/api/portal/tickets", None, 0),
                ("GET", "/api/portal/deliveries", None, 0),
                ("POST", "/api/portal/claims", {"so_id": a_so}, 0)]:
            expect(s.clients[role].request(method, path, body=body), 401, "unauthorized")
    # Staff pages are the staff app's; the portal's pages its own entry (when built).
    expect(Client(s.port).get("/api/portal/tickets"), 401, "unauthorized")


# --- satisfaction ----------------------------------------------------------------------------


def close_ticket(s, kind, number, agent="agent"):
    c = s.clients[agent]
    uid_ = s.users[agent]["user_id"]
    expect(c.post(f"/api/tickets/{kind}/{number}/assign", {"assigned_to": uid_}), 200)
    expect(c.post(f"/api/tickets/{kind}/{number}/update", {"status": "in_progress"}), 200)
    expect(c.post(f"/api/tickets/{kind}/{number}/resolve", {
        "resolution_type": "refund" if kind == "b2c" else "credit_note",
        "notes": "Refunded", "amount": 100}), 200)
    expect(c.post(f"/api/tickets/{kind}/{number}/close", {"confirmation": "portal"}), 200)


def test_portal_satisfaction_once_on_timeline_and_dashboard(t):
    s = own(t)
    smtp = None
    try:
        smtp = with_smtp(s)
        admin = s.clients["admin"]
        expect(admin.put("/api/settings/portal", {"base_url": "ftp://x"}), 422, "invalid",
               "base_url")
        expect(s.clients["agent"].put("/api/settings/portal", {"base_url": None}), 403)
        base = f"http://127.0.0.1:{s.port}"
        assert expect(admin.put("/api/settings/portal", {"base_url": base + "/"}),
                      200)["base_url"] == base
        cu, so = home(s)
        c = by_link(s, cu["customer_id"])
        tk = expect(claim(c, so), 201)
        tk2 = expect(claim(c, so, category="wrong_items"), 201)
        expect(c.post(f"/api/portal/tickets/{tk['number']}/rating", {"rating": 4}), 409,
               "conflict")  # not closed yet
        close_ticket(s, "b2c", tk["number"])
        close_ticket(s, "b2c", tk2["number"], agent="agent2")
        sweep(s)
        mail = [m for m in mails_to(smtp, cu["email"]) if "how did we do" in m["Subject"]]
        assert len(mail) == 2, [m["Subject"] for m in smtp.messages()]
        body = mail[0].get_payload(decode=True).decode()
        m = re.search(r"(http://\S+/portal/rate#t=(\S+))", body)
        assert m, body
        sweep(s)  # sent once
        assert len([x for x in mails_to(smtp, cu["email"])
                    if "how did we do" in x["Subject"]]) == 2
        token = m.group(2)
        anon = Client(s.port)
        info = expect(anon.post("/api/portal/survey", {"token": token}), 200)
        assert info["answered"] is False and info["number"] in (tk["number"], tk2["number"])
        expect(anon.post("/api/portal/survey/answer", {"token": token, "rating": 6}), 422,
               "invalid", "rating")
        expect(anon.post("/api/portal/survey/answer", {"token": "x" * 43, "rating": 3}), 404)
        got = expect(anon.post("/api/portal/survey/answer", {
            "token": token, "rating": 5, "comment": "Quick refund, thanks"}), 201)
        assert got["rating"] == 5 and got["answered"] is True
        expect(anon.post("/api/portal/survey/answer", {"token": token, "rating": 1}), 409,
               "conflict", "rating")
        rated = info["number"]
        other = tk2["number"] if rated == tk["number"] else tk["number"]
        # The other one rated from the signed-in portal.
        expect(c.post(f"/api/portal/tickets/{other}/rating", {"rating": 2}), 201)
        expect(c.post(f"/api/portal/tickets/{other}/rating", {"rating": 3}), 409, "conflict")
        view = expect(c.get(f"/api/portal/tickets/{other}"), 200)
        assert view["survey"]["rating"] == 2 and view["may_rate"] is False
        assert view["may_reply"] is False
        expect(c.post(f"/api/portal/tickets/{other}/replies", {"text": "x"}), 409)

        tl = expect(s.clients["agent"].get(f"/api/tickets/b2c/{rated}/timeline"),
                    200)["items"]
        comms = expect(s.clients["agent"].get(f"/api/tickets/b2c/{rated}/communications"),
                       200)["items"]
        sent = [x for x in comms if x["summary"].startswith("Satisfaction survey")]
        assert len(sent) == 1 and sent[0]["channel"] == "email", comms
        ans = [e for e in tl if e["type"] == "survey_answered"]
        assert len(ans) == 1 and ans[0]["new_value"] == "5"
        assert "Quick refund" in ans[0]["note"]

        dash = expect(s.clients["manager"].get("/api/dashboard"), 200)["satisfaction"]
        assert dash["count"] == 2 and dash["average"] == 3.5
        by_agent = {x["user_id"]: x for x in dash["by_agent"]}
        rated_by = s.users["agent"]["user_id"] if rated == tk["number"] else \
            s.users["agent2"]["user_id"]
        assert by_agent[rated_by]["average"] == 5 and by_agent[rated_by]["count"] == 1
        assert sorted(x["average"] for x in dash["by_agent"]) == [2, 5]
        cats = {x["category"]: x for x in dash["by_category"]}
        assert set(cats) == {"missing_items", "wrong_items"}
        month = datetime.datetime.now(IST).strftime("%Y-%m")
        assert dash["by_month"] == [{"month": month, "count": 2, "average": 3.5}]
        internal = expect(s.clients["manager"].get("/api/dashboard?kind=internal"),
                          200)["satisfaction"]
        assert internal["count"] == 0 and internal["average"] is None
    finally:
        stop(smtp, s)


def test_portal_code_and_survey_by_whatsapp(t):
    """Where WhatsApp is on, a phone gets its code by WhatsApp (the approved template outside
    the 24-hour window, the code in its text), and a closed ticket's survey link goes the
    same way; both through the WhatsApp outbox, to the stand-in of the Graph API."""
    import json
    from test_whatsapp import Env
    env = Env(t)
    try:
        s = env.s
        expect(s.clients["admin"].put("/api/settings/portal",
                                      {"base_url": "https://care.example.com"}), 200)
        cu, so = home(s)
        c = Client(s.port)
        expect(c.post("/api/portal/auth/code", {"to": cu["phone"], "order": so}), 202)
        sweep(s)
        texts = [json.dumps(x) for x in env.w.sent()]
        found = [re.search(r"portal is (\d{6})\.", x) for x in texts]
        codes = [m.group(1) for m in found if m]
        assert len(codes) == 1, texts
        digits = re.sub(r"\D", "", cu["phone"])
        assert any(digits in x for x in texts), texts
        expect(c.post("/api/portal/auth/verify", {"to": cu["phone"], "code": codes[0]}), 200)
        tk = expect(claim(c, so), 201)
        close_ticket(s, "b2c", tk["number"])
        sweep(s)
        rate = [x for x in map(json.dumps, env.w.sent())
                if "https://care.example.com/portal/rate#t=" in x]
        assert len(rate) == 1, [json.dumps(x)[:200] for x in env.w.sent()]
        sweep(s)  # sent once
        assert len([x for x in map(json.dumps, env.w.sent())
                    if "/portal/rate#t=" in x]) == 1
        comms = expect(s.clients["agent"].get(
            f"/api/tickets/b2c/{tk['number']}/communications"), 200)["items"]
        assert any(x["channel"] == "whatsapp" and x["summary"].startswith("Satisfaction survey")
                   for x in comms), comms
    finally:
        env.close()
