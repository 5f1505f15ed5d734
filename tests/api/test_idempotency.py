"""Idempotency-Key (issue 16): a request that may change data, sent with the header, is
carried out once per (caller, key); a retry with the key gets the first answer (same status
and body, with Idempotent-Replayed: true) and makes nothing twice."""
import uuid

from harness import expect
from fixtures import b2c_body


def key():
    return str(uuid.uuid4())


def total(t, kind):
    return expect(t.as_("admin").get(f"/api/tickets/{kind}/list?limit=1"), 200)["total"]


def test_ticket_create_replayed_once(t):
    k = key()
    before = total(t, "b2c")
    body = b2c_body()
    first = t.as_("agent").post("/api/tickets/b2c/create", body, headers={"Idempotency-Key": k})
    expect(first, 201)
    assert "idempotent-replayed" not in first.headers
    again = t.as_("agent").post("/api/tickets/b2c/create", body, headers={"Idempotency-Key": k})
    expect(again, 201)
    assert again.headers.get("idempotent-replayed") == "true", again.headers
    assert again.raw == first.raw
    assert again.headers.get("location") == first.headers.get("location")
    assert total(t, "b2c") == before + 1
