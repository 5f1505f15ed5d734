"""The route x caller matrix, generated from the route table (src/api/routes.c, read by
test_openapi.routes()): every route, called by no one, by each role signed in with a
session cookie and by each role with an API token, is refused or admitted exactly as its row
says: 401 without credentials, 403 "not open to the … role" for a role the row does not
admit, and never that refusal for a role it does.  A route added to the table is in the
matrix at once, so it cannot be added without its permission test.  On a server of its
own: admitted callers reach the handlers (with an empty body and ids that do not exist).
The customer portal's routes (PORTAL) admit no staff sign-in at all: 401 for every one."""
import harness
from harness import Client
from test_openapi import routes

ROLES = ["agent", "manager", "admin", "developer", "reporter"]
PARAMS = {"id": "999999", "so_id": "SO-NONE-999", "batch_number": "BATCH-NONE-999"}
# Public routes that check a credential of their own instead of a sign-in (WhatsApp's
# webhook: the verify token, the body's signature): they refuse without it, but never with
# the sign-in refusal.
OWN_CHECK = {("GET", "/api/whatsapp/webhook"), ("POST", "/api/whatsapp/webhook")}


def concrete(path):
    out = []
    for seg in path.split("/"):
        if seg.startswith("{") and seg.endswith("}"):
            seg = PARAMS.get(seg[1:-1], "999999")
        out.append(seg)
    return "/".join(out)


def route_refusal(resp, role):
    err = resp.error()
    return (resp.status == 403 and err is not None
            and err.get("message", "").endswith(f"is not open to the {role} role"))


def test_route_role_matrix(t):
    # GET /metrics is public in the table and guarded by addresses: open it to loopback.
    srv = harness.Server(t.server.binary, extra_args=["--metrics-allow", "127.0.0.1"]).start()
    try:
        callers = {}
        for role in ROLES:
            c = Client(srv.port)
            r = c.post("/api/auth/login", {"email": f"{role}@test.example",
                                           "password": harness.PASSWORD})
            assert r.status == 200, r
            callers[("cookie", role)] = c
            out = srv.cli("token", "create", "--email", f"{role}@test.example")
            assert out.returncode == 0, out.stderr
            token = out.stdout.strip().split()[-1]
            callers[("token", role)] = Client(srv.port, token=token)
        table = routes()
        # Sign-out last: it ends the session it is called with.
        table.sort(key=lambda row: row[1] == "/api/auth/logout")
        cells = 0
        bad = []
        for method, pattern, _, allowed in table:
            path = concrete(pattern)
            body = {} if method not in ("GET", "HEAD", "DELETE") else None
            r = Client(srv.port).request(method, path, body=body)
            cells += 1
            if allowed and not (r.status == 401 and r.error()["code"] == "unauthorized"):
                bad.append(f"{method} {pattern} without credentials: {r}")
            if not allowed and r.status in (401, 403) and (
                    (method, pattern) not in OWN_CHECK
                    or r.error()["message"].startswith("sign in first")):
                bad.append(f"{method} {pattern} is public but answered {r}")
            for (how, role), c in callers.items():
                if allowed == ["portal"]:
                    # The customer portal's routes: no staff sign-in is a portal principal.
                    if not (r := c.request(method, path, body=body)).status == 401:
                        bad.append(f"{method} {pattern} admitted {role} ({how}): {r}")
                    cells += 1
                    continue
                if method == "POST" and pattern == "/api/auth/logout" and how == "cookie":
                    c = Client(srv.port)  # a sign-out of its own, not the matrix's session
                r = c.request(method, path, body=body)
                cells += 1
                if r.status >= 500:
                    bad.append(f"{method} {pattern} as {role} ({how}): {r}")
                if not allowed:
                    continue
                if role in allowed and (r.status == 401 or route_refusal(r, role)):
                    bad.append(f"{method} {pattern} refused {role} ({how}): {r}")
                if role not in allowed and not route_refusal(r, role):
                    bad.append(f"{method} {pattern} admitted {role} ({how}): {r}")
        assert not bad, f"{len(bad)} of {cells} cells wrong:\n" + "\n".join(bad[:20])
        assert cells >= 100 * 11, cells
    finally:
        rc = srv.stop()
        srv.cleanup()
    assert rc == 0, f"the matrix's server exited with {rc}"
