"""Every body-taking ticket route of every kind against each refusal: bad JSON, wrong
Content-Type, oversized body, unknown field, wrong type, no credentials, wrong role and an
unknown ticket; each leaves the ticket, its timeline and its comments unchanged.  And the
error envelope itself."""
from harness import expect
from fixtures import (Unchanged, b2b, b2c, expect_oversized, internal, post, raw_post)

ROUTES = {  # action: a body the route would accept
    "update": {"title": "A better title"},
    "assign": {"assigned_to": None},
    "resolve": {"resolution_type": "no_action", "notes": "n"},
    "close": {"note": "n"},
    "comments": {"comment_text": "c", "visibility": "public"},
}


def make(t, kind):
    if kind == "b2b":
        return b2b(t)["ticket_id"], "manager"
    if kind == "b2c":
        return b2c(t)["ticket_id"], "manager"
    return internal(t, role="reporter")["ticket_id"], "developer"


def test_body_refusals_on_every_route(t):
    for kind in ("b2b", "b2c", "internal"):
        tid, worker = make(t, kind)
        c = t.as_(worker)
        for action in ROUTES:
            path = f"/api/tickets/{kind}/{tid}/{action}"
            where = f"{kind} {action}"
            with Unchanged(t, kind, tid):
                r = raw_post(c, path, "{\"title\": ")
                assert r.status == 400 and r.error()["code"] == "bad_request", (where, r)
                r = raw_post(c, path, "[]")
                assert r.status == 400 and r.error()["code"] == "bad_request", (where, r)
                r = raw_post(c, path, "{\"a\": 1}", "text/plain")
                assert r.status == 415, (where, r)
                assert r.error()["code"] == "unsupported_media_type", (where, r)
                expect_oversized(c, "POST", path)
                r = c.post(path, dict(ROUTES[action], zzz_unknown=1))
                assert r.status == 400 and r.error()["field"] == "zzz_unknown", (where, r)
                r = t.anon().post(path, ROUTES[action])
                assert r.status == 401 and r.error()["code"] == "unauthorized", (where, r)
                r = c.post(f"/api/tickets/{kind}/99999999/{action}", ROUTES[action])
                assert r.status == 404 and r.error()["code"] == "not_found", (where, r)


def test_wrong_types_on_every_route(t):
    cases = {
        "update": ({"priority": 1}, "priority"),
        "assign": ({"assigned_to": "me"}, "assigned_to"),
        "resolve": ({"resolution_type": ["no_action"], "notes": "n"}, "resolution_type"),
        "close": ({"note": {"text": "n"}}, "note"),
        "comments": ({"comment_text": "c", "visibility": 1}, "visibility"),
    }
    for kind in ("b2b", "b2c", "internal"):
        tid, worker = make(t, kind)
        for action, (body, field) in cases.items():
            with Unchanged(t, kind, tid):
                expect(post(t, worker, kind, tid, action, body), 400, "bad_request", field)


def test_wrong_role_on_every_route(t):
    # customer tickets: reporters and developers are refused by the route table
    for kind in ("b2b", "b2c"):
        tid, _ = make(t, kind)
        for role in ("reporter", "developer"):
            for action, body in ROUTES.items():
                with Unchanged(t, kind, tid):
                    expect(post(t, role, kind, tid, action, body), 403, "forbidden")
    # internal: an agent may file and follow their own ticket, but not work it
    tid = internal(t, role="agent")["ticket_id"]
    with Unchanged(t, "internal", tid):
        expect(post(t, "agent", "internal", tid, "assign",
                    {"assigned_to": t.user("agent")["user_id"]}), 403, "forbidden")
        expect(post(t, "agent", "internal", tid, "resolve", ROUTES["resolve"]), 403,
               "forbidden")


def test_error_envelope(t):
    r = t.as_("agent").get("/api/no/such/thing")
    env = expect(r, 404, "not_found")["error"]
    assert set(env) >= {"code", "message", "field"} and env["field"] is None
    assert r.headers.get("content-type", "").startswith("application/json")
    r = t.as_("agent").request("DELETE", "/api/tickets/b2b/list")
    expect(r, 405, "method_not_allowed")
    r = t.anon().request("PUT", "/api/me")
    expect(r, 405, "method_not_allowed")
    r = raw_post(t.as_("agent"), "/api/tickets/b2b/create", "{")
    assert r.headers.get("content-type", "").startswith("application/json"), r.headers
    assert "bad JSON" in r.error()["message"] or "JSON" in r.error()["message"]


def test_healthz_needs_no_sign_in(t):
    body = expect(t.anon().get("/healthz"), 200)
    assert body["status"] == "ok"


def test_every_field_error_at_once(t):
    """A refused form names every failing field in `errors`, the first being `field` and
    `message`; nothing is created."""
    ag = t.as_("agent")
    before = expect(ag.get("/api/tickets/b2c/list"), 200)["total"]
    err = expect(ag.post("/api/tickets/b2c/create",
                         {"category": "damaged_items", "customer_email": "not-an-email"}),
                 422, "invalid")["error"]
    fields = [e["field"] for e in err["errors"]]
    assert fields[0] == err["field"] and err["errors"][0]["message"] == err["message"], err
    assert set(fields) == {"customer_email", "description", "customer_name",
                           "woo_order_number", "delivery_date", "photos"}, fields
    assert all(e["message"] for e in err["errors"])
    assert expect(ag.get("/api/tickets/b2c/list"), 200)["total"] == before
    # internal: the bug's three steps and the title together
    err = expect(t.as_("reporter").post("/api/tickets/internal/create",
                                        {"category": "bug", "priority": "urgent",
                                         "description": "Crashes"}), 422)["error"]
    assert {e["field"] for e in err["errors"]} == {
        "priority", "title", "steps_to_reproduce", "expected_behavior", "actual_behavior"}
    # one failing field: a list of one; an error about no field: an empty list
    err = expect(ag.get("/api/tickets/b2b/list?limit=0"), 400)["error"]
    assert err["errors"] == [{"field": "limit", "message": err["message"]}]
    err = expect(ag.get("/api/no/such/thing"), 404)["error"]
    assert err["errors"] == []


def test_ticket_numbers_in_any_case(t):
    """b2c-000009 finds B2C-000009; an unknown number says which, kind in capitals."""
    body = expect(t.as_("agent").get("/api/tickets/b2c/list?limit=1"), 200)["items"]
    assert body, "no B2C ticket to look up"
    number = body[0]["number"]
    got = expect(t.as_("agent").get(f"/api/tickets/b2c/{number.lower()}"), 200)
    assert got["number"] == number
    err = expect(t.as_("agent").get("/api/tickets/b2b/b2b-099999"), 404)["error"]
    assert err["message"] == "No B2B ticket B2B-099999", err


def test_resolve_names_every_failing_field(t):
    """The resolve form's errors come together too: a refund without an amount, with a
    malformed currency and a replacement date, is refused naming all three, and changes
    nothing."""
    tid = b2c(t)["ticket_id"]
    mgr = t.as_("manager")
    expect(mgr.post(f"/api/tickets/b2c/{tid}/assign",
                    {"assigned_to": t.server.users["manager"]["user_id"]}), 200)
    expect(mgr.post(f"/api/tickets/b2c/{tid}/update", {"status": "in_progress"}), 200)
    path = f"/api/tickets/b2c/{tid}/resolve"
    with Unchanged(t, "b2c", tid):
        err = expect(mgr.post(path, {"resolution_type": "refund", "currency": "rupees",
                                     "replacement_date": "2024-12-01", "notes": "n"}),
                     422, "invalid")["error"]
    fields = [e["field"] for e in err["errors"]]
    assert fields == ["amount", "currency", "replacement_date"], err
    assert err["field"] == "amount" and err["errors"][0]["message"] == err["message"], err
    # an unknown type still reports what does not depend on it
    with Unchanged(t, "b2c", tid):
        err = expect(mgr.post(path, {"resolution_type": "hug", "currency": "rs",
                                     "reference": "R" * 101}), 422)["error"]
    assert [e["field"] for e in err["errors"]] == ["resolution_type", "notes", "currency",
                                                   "reference"], err
    # what is required, all at once
    with Unchanged(t, "b2c", tid):
        err = expect(mgr.post(path, {"notes": "  "}), 422)["error"]
    assert [e["field"] for e in err["errors"]] == ["resolution_type", "notes"], err
