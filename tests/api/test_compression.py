"""Replies compressed for clients that accept gzip: a phone on a slow network gets a list or
the catalog in a fifth of the bytes; the same JSON comes out, a client that does not ask gets
it as before, and small replies and photos go as they are."""
import gzip

from harness import expect
from fixtures import b2c


def test_json_is_gzipped_when_accepted(t):
    agent = t.as_("agent")
    plain = agent.get("/api/catalog")
    assert plain.status == 200 and "content-encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers.get("vary", "")
    z = agent.get("/api/catalog", headers={"Accept-Encoding": "br, gzip;q=0.8"})
    assert z.status == 200 and z.headers.get("content-encoding") == "gzip"
    assert "Accept-Encoding" in z.headers.get("vary", "")
    assert len(z.raw) < len(plain.raw) / 3, (len(z.raw), len(plain.raw))
    assert gzip.decompress(z.raw) == plain.raw


def test_lists_too_and_refusals_are_honoured(t):
    for _ in range(8):
        b2c(t)
    agent = t.as_("agent")
    path = "/api/tickets/b2c/list?limit=20"
    z = agent.get(path, headers={"Accept-Encoding": "gzip"})
    assert z.headers.get("content-encoding") == "gzip"
    assert [i["ticket_id"] for i in expect(agent.get(path), 200)["items"]] == \
        [i["ticket_id"] for i in __import__("json").loads(gzip.decompress(z.raw))["items"]]
    for refusal in ("gzip;q=0", "identity", "*;q=0", "br"):
        r = agent.get(path, headers={"Accept-Encoding": refusal})
        assert r.status == 200 and "content-encoding" not in r.headers, refusal
        assert r.json["items"], refusal


def test_small_replies_go_as_they_are(t):
    r = t.anon().get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert r.status == 200 and "content-encoding" not in r.headers
    assert r.json["status"] == "ok"
    err = t.as_("agent").get("/api/tickets/b2c/999999999", headers={"Accept-Encoding": "gzip"})
    assert err.status == 404 and "content-encoding" not in err.headers
    assert err.json["error"]["code"] == "not_found"
