"""Accounts: sign-in and its cookie, sign-out, /api/me, bearer tokens, roles on routes, and
the slow-down of repeated failed sign-ins."""
import harness
from harness import Client, expect
from fixtures import new_user, raw_post, world


def test_login_sets_httponly_strict_cookie(t):
    c = Client(t.port)
    r = c.post("/api/auth/login", {"email": "agent@test.example", "password": harness.PASSWORD})
    body = expect(r, 200)
    cookie = r.headers.get("set-cookie", "")
    attrs = [a.strip().lower() for a in cookie.split(";")]
    name, _, value = cookie.split(";", 1)[0].partition("=")
    assert name and len(value) >= 32, cookie
    assert "httponly" in attrs, cookie
    assert "samesite=strict" in attrs, cookie
    assert "path=/" in attrs, cookie
    assert body["user"]["email"] == "agent@test.example"
    assert body["user"]["role"] == "agent"
    # the cookie signs the client in
    me = expect(c.get("/api/me"), 200)
    assert me["user_id"] == body["user"]["user_id"]


def test_login_email_is_case_insensitive(t):
    c = Client(t.port)
    r = c.post("/api/auth/login", {"email": "MANAGER@Test.Example",
                                   "password": harness.PASSWORD})
    body = expect(r, 200)
    assert body["user"]["role"] == "manager"
    assert body["user"]["user_id"] == t.user("manager")["user_id"]


def test_login_wrong_password_401_no_cookie(t):
    c = Client(t.port)
    r = c.post("/api/auth/login", {"email": "developer@test.example", "password": "nope-nope"})
    expect(r, 401, "unauthorized")
    assert "set-cookie" not in r.headers, r.headers
    expect(c.get("/api/me"), 401, "unauthorized")


def test_login_unknown_email_401(t):
    r = Client(t.port).post("/api/auth/login", {"email": "ghost@test.example",
                                               "password": harness.PASSWORD})
    expect(r, 401, "unauthorized")


def test_login_body_errors(t):
    c = Client(t.port)
    expect(c.post("/api/auth/login", {"email": "agent@test.example"}), 422, "invalid",
           "password")
    expect(c.post("/api/auth/login", {"password": "x"}), 422, "invalid", "email")
    expect(c.post("/api/auth/login", {"email": "agent@test.example", "password": "x",
                                      "remember": True}), 400, "bad_request", "remember")
    expect(c.post("/api/auth/login", {"email": 5, "password": "x"}), 400, "bad_request",
           "email")
    expect(raw_post(c, "/api/auth/login", "{\"email\":"), 400, "bad_request")
    expect(raw_post(c, "/api/auth/login", "email=a&password=b",
                    "application/x-www-form-urlencoded"), 415, "unsupported_media_type")
    assert c.cookie is None


def test_me_fields(t):
    for role in harness.ROLES:
        me = expect(t.as_(role).get("/api/me"), 200)
        for k in ("user_id", "email", "name", "role"):
            assert k in me, (role, me)
        assert me["email"] == f"{role}@test.example"
        assert me["name"] == f"Test {role.title()}"
        assert me["role"] == ("agent" if role == "agent2" else role)
        assert me["user_id"] == t.user(role)["user_id"]
        assert isinstance(me["user_id"], int)


def test_no_credentials_401(t):
    anon = t.anon()
    before = world(t)
    for method, path, body in [
            ("GET", "/api/me", None), ("GET", "/api/catalog", None),
            ("GET", "/api/users", None),
            ("GET", "/api/tickets/b2b/list", None), ("GET", "/api/tickets/internal/list", None),
            ("POST", "/api/tickets/b2c/create", {"description": "x"}),
            ("GET", "/api/customers", None), ("GET", "/api/orders/SO-1", None),
            ("PUT", "/api/records/customers", []),
            ("POST", "/api/test/clock", {"now": "2026-01-01T00:00:00Z"})]:
        r = anon.request(method, path, body=body)
        expect(r, 401, "unauthorized")
    assert world(t) == before


def test_bad_session_cookie_and_bad_bearer_401(t):
    c = Client(t.port)
    # the cookie name the server uses: take it from a real sign-in
    real = t.as_("agent").cookie.split("=", 1)[0]
    c.cookie = f"{real}=not-a-real-session-token"
    expect(c.get("/api/me"), 401, "unauthorized")
    expect(Client(t.port, token="tkd_forged").get("/api/me"), 401, "unauthorized")


def test_logout_ends_the_session(t):
    c = Client(t.port)
    expect(c.post("/api/auth/login", {"email": "agent2@test.example",
                                      "password": harness.PASSWORD}), 200)
    old = c.cookie
    expect(c.get("/api/me"), 200)
    r = c.post("/api/auth/logout")
    expect(r, 200)
    cookie = r.headers.get("set-cookie", "")
    assert "max-age=0" in cookie.lower().replace(" ", ""), cookie
    assert c.cookie is None
    expect(c.get("/api/me"), 401, "unauthorized")
    # the old token itself is revoked, not only forgotten by the browser
    c.cookie = old
    expect(c.get("/api/me"), 401, "unauthorized")
    # other sessions of the same user are untouched
    expect(t.as_("agent2").get("/api/me"), 200)


def test_bearer_token(t):
    r = t.server.cli("token", "create", "--email", "manager@test.example")
    assert r.returncode == 0, r.stderr
    token = r.stdout.strip()
    assert token and "\n" not in token
    c = Client(t.port, token=token)
    me = expect(c.get("/api/me"), 200)
    assert me["role"] == "manager" and me["email"] == "manager@test.example"
    # a token works like a session for the role checks
    expect(c.get("/api/tickets/b2b/list"), 200)
    expect(c.put("/api/records/customers", []), 403, "forbidden")
    # a second token is different; both work
    r2 = t.server.cli("token", "create", "--email", "manager@test.example")
    assert r2.returncode == 0 and r2.stdout.strip() != token
    expect(Client(t.port, token=r2.stdout.strip()).get("/api/me"), 200)
    # a near miss does not
    expect(Client(t.port, token=token[:-1] + ("A" if token[-1] != "A" else "B")).get("/api/me"),
           401, "unauthorized")


def test_token_create_unknown_email_fails(t):
    r = t.server.cli("token", "create", "--email", "nobody@test.example")
    assert r.returncode != 0
    assert r.stdout.strip() == ""


def test_wrong_role_403_on_routes(t):
    cases = [
        ("reporter", "GET", "/api/tickets/b2b/list", None),
        ("reporter", "GET", "/api/tickets/b2c/list", None),
        ("developer", "GET", "/api/tickets/b2b/list", None),
        ("developer", "POST", "/api/tickets/b2c/create", {"description": "x"}),
        ("reporter", "GET", "/api/customers?q=a", None),
        ("developer", "GET", "/api/orders/SO-1", None),
        ("agent", "PUT", "/api/records/customers", [{"customer_id": "AUTH-X", "name": "X",
                                                     "type": "hotel"}]),
        ("manager", "PUT", "/api/records/orders", []),
        ("agent", "POST", "/api/test/clock", {"now": "2026-01-01T00:00:00Z"}),
        ("agent", "POST", "/api/users", {"email": "x@test.example", "name": "X",
                                         "role": "agent", "password": "long-enough-1"}),
    ]
    before = world(t)
    for role, method, path, body in cases:
        r = t.as_(role).request(method, path, body=body)
        err = expect(r, 403, "forbidden")
        assert err, (role, path)
    assert world(t) == before


def test_users_list_roles(t):
    full = expect(t.as_("manager").get("/api/users"), 200)["items"]
    assert any(u.get("email") == "agent@test.example" for u in full)
    slim = expect(t.as_("reporter").get("/api/users"), 200)["items"]
    assert slim and all("email" not in u for u in slim), slim[:2]
    assert {u["user_id"] for u in slim} <= {u["user_id"] for u in full}


def test_admin_creates_user(t):
    before = len(expect(t.as_("admin").get("/api/users"), 200)["items"])
    u, c = new_user(t, "developer", "Dev Two")
    me = expect(c.get("/api/me"), 200)
    assert me["user_id"] == u["user_id"] and me["role"] == "developer"
    expect(t.as_("admin").post("/api/users", {"email": u["email"], "name": "Again",
                                               "role": "agent", "password": "long-enough-1"}),
           409)
    expect(t.as_("admin").post("/api/users", {"email": "bad-role@test.example", "name": "X",
                                               "role": "overlord",
                                               "password": "long-enough-1"}),
           422, "invalid", "role")
    after = len(expect(t.as_("admin").get("/api/users"), 200)["items"])
    assert after == before + 1


def test_repeated_failed_logins_429(t):
    """On a server of its own, so the shared server's address is not locked out."""
    srv = harness.Server(t.server.binary).start()
    try:
        c = Client(srv.port)
        # per account: five failures, then even the right password is refused for a while
        for _ in range(5):
            expect(c.post("/api/auth/login", {"email": "agent@test.example",
                                              "password": "wrong-wrong"}), 401, "unauthorized")
        r = c.post("/api/auth/login", {"email": "agent@test.example",
                                       "password": harness.PASSWORD})
        expect(r, 429, "rate_limited")
        retry = r.headers.get("retry-after")
        assert retry and retry.isdigit() and int(retry) > 0, r.headers
        assert c.cookie is None
        # another account from the same address still signs in
        expect(Client(srv.port).post("/api/auth/login", {"email": "manager@test.example",
                                                         "password": harness.PASSWORD}), 200)
        # the account's existing sessions keep working
        expect(srv.clients["agent"].get("/api/me"), 200)
        # per address: many failures across accounts lock the address out
        limited = None
        for i in range(30):
            r = c.post("/api/auth/login", {"email": f"nobody{i}@test.example",
                                           "password": "wrong-wrong"})
            if r.status == 429:
                limited = r
                break
            expect(r, 401, "unauthorized")
        assert limited is not None, "no 429 after 30 failed sign-ins from one address"
        assert limited.headers.get("retry-after"), limited.headers
        expect(c.post("/api/auth/login", {"email": "admin@test.example",
                                          "password": harness.PASSWORD}), 429, "rate_limited")
    finally:
        rc = srv.stop()
        srv.cleanup()
    assert rc == 0, f"the second server exited with {rc}"
