"""API tokens with scopes and expiry (issue 18): made by their owner (the secret shown once),
read-only tokens refused on anything that changes data, tokens for some ticket kinds refused
on the others (403, decided by the route: docs/decisions.md), expiry, listing and revoking
by the owner and by admins, with the 5-second sign-in cache dropped at once on revocation;
and `ticketd token create` with the same options."""
from datetime import datetime, timedelta, timezone

import harness
from harness import expect
from fixtures import b2b_body, b2b_setup, b2c_body, internal_body, reset_clock


def make(client, expect_status=201, **body):
    body.setdefault("name", "erp")
    return expect(client.post("/api/tokens", body), expect_status)


def bearer(t, token):
    return harness.Client(t.port, token=token)


def test_read_only_token_is_refused_on_a_post(t):
    agent = t.as_("agent")
    made = make(agent, scope="read", kinds=["b2c"])
    assert made["token"].startswith("tkd_") and made["scope"] == "read"
    assert made["kinds"] == ["b2c"] and made["active"] is True and made["expires_at"]
    ro = bearer(t, made["token"])
    tk = expect(agent.post("/api/tickets/b2c/create", b2c_body()), 201)
    expect(ro.get(f"/api/tickets/b2c/{tk['ticket_id']}"), 200)
    before = t.db_snapshot(f"/api/tickets/b2c/{tk['ticket_id']}")
    r = ro.post(f"/api/tickets/b2c/{tk['ticket_id']}/comments", {"comment_text": "no"})
    expect(r, 403, "forbidden")
    assert "read-only" in r.error()["message"]
    expect(ro.post("/api/tickets/b2c/create", b2c_body()), 403, "forbidden")
    assert t.db_snapshot(f"/api/tickets/b2c/{tk['ticket_id']}") == before
    # The secret is never served again.
    listed = expect(agent.get("/api/tokens"), 200)["items"]
    mine = [x for x in listed if x["token_id"] == made["token_id"]]
    assert len(mine) == 1 and "token" not in mine[0] and made["token"] not in str(listed)


def test_token_for_b2c_cannot_read_b2b(t):
    cu, so, _ = b2b_setup(t)
    manager = t.as_("manager")
    b2b = expect(manager.post("/api/tickets/b2b/create", b2b_body(cu, so)), 201)
    b2c = expect(manager.post("/api/tickets/b2c/create", b2c_body()), 201)
    tok = bearer(t, make(manager, scope="write", kinds=["b2c"])["token"])
    expect(tok.get(f"/api/tickets/b2c/{b2c['ticket_id']}"), 200)
    # The b2b ticket exists, but the token is refused by the route, as for one that does not.
    expect(tok.get(f"/api/tickets/b2b/{b2b['ticket_id']}"), 403, "forbidden")
    expect(tok.get("/api/tickets/b2b/99999999"), 403, "forbidden")
    expect(tok.get("/api/tickets/b2b/list"), 403, "forbidden")
    expect(tok.post("/api/tickets/b2b/create", b2b_body(cu, so)), 403, "forbidden")
    # Routes that show other kinds' data are closed to it; the cross-kind list is narrowed.
    expect(tok.get("/api/dashboard"), 403, "forbidden")
    expect(tok.get("/api/customers"), 403, "forbidden")
    rows = expect(tok.get("/api/tickets/list"), 200)["items"]
    assert rows and all(r["kind"] == "b2c" for r in rows), rows[:3]
    expect(tok.get("/api/tickets/list?kind=b2b"), 403, "forbidden")
    # A write token of its kinds may change them.
    expect(tok.post(f"/api/tickets/b2c/{b2c['ticket_id']}/comments", {"comment_text": "ok"}), 201)
    expect(tok.get("/api/me"), 200)


def test_token_expires(t):
    admin = t.as_("admin")
    now = datetime(2026, 6, 1, 4, 30, tzinfo=timezone.utc)
    expect(admin.post("/api/test/clock", {"now": now.strftime("%Y-%m-%dT%H:%M:%SZ")}), 200)
    try:
        reporter = t.as_("reporter")
        made = make(reporter, expires_in_days=2)
        assert made["expires_at"] == (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
        tok = bearer(t, made["token"])
        expect(tok.get("/api/me"), 200)
        later = now + timedelta(days=2, seconds=1)
        expect(admin.post("/api/test/clock", {"now": later.strftime("%Y-%m-%dT%H:%M:%SZ")}),
               200)
        expect(tok.get("/api/me"), 401, "unauthorized")
        listed = expect(reporter.get("/api/tokens"), 200)["items"]
        assert [x["active"] for x in listed if x["token_id"] == made["token_id"]] == [False]
        never = make(reporter, expires_in_days=None)
        assert never["expires_at"] is None
        expect(bearer(t, never["token"]).get("/api/me"), 200)
    finally:
        reset_clock(t)


def test_bad_token_requests_change_nothing(t):
    agent = t.as_("agent")
    before = expect(agent.get("/api/tokens"), 200)["items"]
    expect(agent.post("/api/tokens", {"name": "x", "scope": "admin"}), 422, "invalid", "scope")
    expect(agent.post("/api/tokens", {"name": "x", "kinds": ["b2x"]}), 422, "invalid", "kinds")
    expect(agent.post("/api/tokens", {"name": "x", "kinds": []}), 422, "invalid", "kinds")
    expect(agent.post("/api/tokens", {"name": "x", "expires_in_days": 0}), 422, "invalid",
           "expires_in_days")
    expect(agent.post("/api/tokens", {"name": "x", "colour": "red"}), 400, "bad_request")
    expect(agent.post("/api/tokens", {"scope": "read"}), 422, "invalid", "name")
    # Only admins make tokens for someone else, or list everyone's.
    expect(agent.post("/api/tokens", {"name": "x", "email": "manager@test.example"}), 403,
           "forbidden")
    expect(agent.get("/api/tokens?all=true"), 403, "forbidden")
    assert expect(agent.get("/api/tokens"), 200)["items"] == before


def test_revoke_by_owner_and_admin_drops_cached_sign_ins(t):
    agent, agent2, admin = t.as_("agent"), t.as_("agent2"), t.as_("admin")
    one = make(agent, name="one")
    two = make(agent, name="two")
    c1, c2 = bearer(t, one["token"]), bearer(t, two["token"])
    for _ in range(3):  # signed in and remembered by the per-thread cache
        expect(c1.get("/api/me"), 200)
        expect(c2.get("/api/me"), 200)
    # Another user can neither see nor revoke it.
    expect(agent2.delete(f"/api/tokens/{one['token_id']}"), 404, "not_found")
    assert one["token_id"] not in [x["token_id"] for x in
                                   expect(agent2.get("/api/tokens"), 200)["items"]]
    expect(c1.get("/api/me"), 200)
    got = expect(agent.delete(f"/api/tokens/{one['token_id']}"), 200)
    assert got["revoked_at"] and got["active"] is False
    expect(c1.get("/api/me"), 401, "unauthorized")  # at once, not after the cache's 5 s
    expect(c2.get("/api/me"), 200)
    # Admins list everyone's and revoke any.
    everyone = expect(admin.get("/api/tokens?all=true"), 200)["items"]
    assert {one["token_id"], two["token_id"]} <= {x["token_id"] for x in everyone}
    expect(admin.delete(f"/api/tokens/{two['token_id']}"), 200)
    expect(c2.get("/api/me"), 401, "unauthorized")
    expect(admin.delete("/api/tokens/99999999"), 404, "not_found")
    expect(admin.delete("/api/tokens/abc"), 404, "not_found")


def test_cli_token_create_options(t):
    r = t.server.cli("token", "create", "--email", "reporter@test.example", "--name", "ci",
                     "--scope", "read", "--kinds", "internal", "--expires", "30")
    assert r.returncode == 0, r.stderr
    tok = bearer(t, r.stdout.strip())
    me = expect(tok.get("/api/me"), 200)
    assert me["email"] == "reporter@test.example"
    expect(tok.post("/api/tickets/internal/create", internal_body()), 403, "forbidden")
    expect(tok.get("/api/tickets/internal/list"), 200)
    expect(tok.get("/api/tickets/b2c/list"), 403, "forbidden")
    bad = t.server.cli("token", "create", "--email", "reporter@test.example", "--kinds", "b2x")
    assert bad.returncode == 2 and "kinds" in bad.stderr, bad.stderr
    bad = t.server.cli("token", "create", "--email", "reporter@test.example", "--scope", "all")
    assert bad.returncode == 1 and "scope" in bad.stderr, bad.stderr


def test_token_replies_match_the_openapi_schemas(t):
    from test_openapi import check, schema
    manager = t.as_("manager")
    made = make(manager, scope="read", kinds=["b2b", "internal"], expires_in_days=None)
    check(schema("TokenCreated"), made)
    check(schema("TokenList"), expect(manager.get("/api/tokens"), 200))
    check(schema("TokenList"), expect(t.as_("admin").get("/api/tokens?all=true"), 200))
    check(schema("Token"), expect(manager.delete(f"/api/tokens/{made['token_id']}"), 200))
    expect(manager.get("/api/tokens?mine=1"), 400, "bad_request")
