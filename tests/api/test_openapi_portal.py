"""docs/openapi.yaml against live customer portal replies (issue 16): every portal route, the
contacts, links and portal settings, the survey, and the dashboard's satisfaction, checked
against their documented schemas (errors included)."""
import json
import re

from harness import Client
from test_evidence import multipart, png
from test_openapi import call
from test_portal import (close_ticket, contact, hotel, home, link_token, mails_to, own, stop,
                         with_smtp)
from test_sla import sweep


def test_openapi_live_portal(t):
    s = own(t)
    smtp = None
    try:
        smtp = with_smtp(s)
        admin, agent = s.clients["admin"], s.clients["agent"]
        call(agent, "GET", "/api/settings/portal", expect=200)
        call(admin, "PUT", "/api/settings/portal", {"base_url": f"http://127.0.0.1:{s.port}"},
             expect=200)
        call(admin, "PUT", "/api/settings/portal", {"base_url": "nope"}, expect=422)
        cu, so = home(s)
        anon = Client(s.port)
        call(anon, "POST", "/api/portal/auth/code", {"to": cu["email"], "order": so},
             expect=202)
        call(anon, "POST", "/api/portal/auth/code", {"to": "x", "order": so}, expect=422)
        sweep(s)
        code = re.search(r"\b(\d{6})\b", mails_to(smtp, cu["email"])[0]
                         .get_payload(decode=True).decode()).group(1)
        call(anon, "POST", "/api/portal/auth/verify", {"to": cu["email"], "code": "999999"
                                                        if code != "999999" else "000000"},
             expect=401)
        c = Client(s.port)
        call(c, "POST", "/api/portal/auth/verify", {"to": cu["email"], "code": code},
             expect=200)
        call(c, "GET", "/api/portal/me", expect=200)
        call(anon, "GET", "/api/portal/me", expect=401)
        call(c, "GET", "/api/portal/deliveries", expect=200)
        call(c, "POST", "/api/portal/claims", {"so_id": so, "category": "damaged_items",
                                               "description": "Crushed"}, expect=422)
        raw, ctype = multipart([
            ("ticket", None, "application/json", json.dumps({
                "so_id": so, "category": "damaged_items", "description": "Crushed",
                "items_affected": "Strawberries"}).encode()),
            ("photos", "a.png", "image/png", png(seed=11))])
        tk = call(c, "POST", "/api/portal/claims", raw=raw,
                  headers={"Content-Type": ctype}, expect=201).json
        call(c, "GET", "/api/portal/tickets", expect=200)
        view = call(c, "GET", f"/api/portal/tickets/{tk['number']}", expect=200).json
        call(c, "GET", "/api/portal/tickets/B2C-999999", expect=404)
        call(c, "POST", f"/api/portal/tickets/{tk['number']}/replies", {"text": "Hello"},
             expect=201)
        call(c, "POST", f"/api/portal/tickets/{tk['number']}/replies", {"text": ""},
             expect=422)
        raw, ctype = multipart([("photos", "b.png", "image/png", png(seed=12))])
        call(c, "POST", f"/api/portal/tickets/{tk['number']}/photos", raw=raw,
             headers={"Content-Type": ctype}, expect=201)
        r = c.get(f"/api/portal/photos/{view['photos'][0]['attachment_id']}?size=thumb")
        assert r.status == 200 and r.headers["content-type"] == "image/jpeg"
        call(c, "GET", "/api/portal/photos/999999", expect=404)
        call(c, "POST", f"/api/portal/tickets/{tk['number']}/rating", {"rating": 5},
             expect=409)
        close_ticket(s, "b2c", tk["number"])
        sweep(s)
        body = [m for m in mails_to(smtp, cu["email"]) if "how did we do" in m["Subject"]][0]
        token = re.search(r"#t=(\S+)", body.get_payload(decode=True).decode()).group(1)
        call(anon, "POST", "/api/portal/survey", {"token": token}, expect=200)
        call(anon, "POST", "/api/portal/survey", {"token": "nope"}, expect=404)
        call(anon, "POST", "/api/portal/survey/answer", {"token": token, "rating": 0},
             expect=422, valid_request=False)
        call(anon, "POST", "/api/portal/survey/answer",
             {"token": token, "rating": 4, "comment": "Good"}, expect=201)
        call(c, "POST", f"/api/portal/tickets/{tk['number']}/rating", {"rating": 5},
             expect=409)
        call(c, "GET", f"/api/portal/tickets/{tk['number']}", expect=200)
        call(s.clients["manager"], "GET", "/api/dashboard", expect=200)
        call(c, "POST", "/api/portal/auth/logout", expect=200)

        hid, hso = hotel(s)
        call(agent, "GET", f"/api/customers/{hid}/contacts", expect=200)
        chef = call(agent, "POST", f"/api/customers/{hid}/contacts", {
            "name": "Chef Arjun", "email": "arjun@hotel.example", "role": "chef",
            "password": "chef-password-1"}, expect=201).json
        call(agent, "POST", f"/api/customers/{hid}/contacts", {"name": "Twin",
                                                               "email": "arjun@hotel.example"},
             expect=409)
        call(agent, "PUT", f"/api/customers/{hid}/contacts/{chef['contact_id']}",
             {"role": "head chef"}, expect=200)
        call(agent, "PUT", f"/api/customers/{hid}/contacts/999999", {"role": "x"}, expect=404)
        call(s.clients["reporter"], "GET", f"/api/customers/{hid}/contacts", expect=403)
        link = call(agent, "POST", f"/api/customers/{hid}/portal-link",
                    {"contact_id": chef["contact_id"], "send": True}, expect=201).json
        assert link["sent_by"] == "email"
        call(agent, "POST", f"/api/customers/{hid}/portal-link", {}, expect=422)
        b = Client(s.port)
        call(b, "POST", "/api/portal/auth/link", {"token": link_token(link["url"])},
             expect=200)
        call(Client(s.port), "POST", "/api/portal/auth/link",
             {"token": link_token(link["url"])}, expect=401)
        call(Client(s.port), "POST", "/api/portal/auth/password",
             {"email": "arjun@hotel.example", "password": "chef-password-1"}, expect=200)
        call(Client(s.port), "POST", "/api/portal/auth/password",
             {"email": "arjun@hotel.example", "password": "wrong"}, expect=401)
        contact(s, hid)
    finally:
        stop(smtp, s)
