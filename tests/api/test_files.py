"""The file store itself: what a crash leaves in the files directory is swept at start-up
(after a grace period, so another ticketd's upload in progress survives), and on S3 a store
that refuses ticketd's keys or cannot be reached gives a clear error and stores nothing,
and the SigV4 signatures are right (checked by sigv4_standin.py, as s3rver does not).
The S3 tests start their own stand-in and ticketd; the upload and download tests of
test_evidence run on both backends (tests/run-all.sh runs them with --files s3)."""
import hashlib
import json
import os
import time

import filestore
import harness
from fixtures import NoNewTickets, b2c_body
from harness import expect
from sigv4_standin import SigV4Standin
from test_evidence import png, send

HOUR = 3600


def age(path, seconds):
    t = time.time() - seconds
    os.utime(path, (t, t))


def put(path, data=b"x"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return path


def test_sweep_removes_crash_leftovers_after_a_grace_period(t):
    agent = t.as_("agent")
    data = png(seed=41)
    up = expect(send(agent, "/api/uploads", [("files", "kept.png", "image/png", data)]),
                201)["items"][0]
    sha = up["sha256"]
    root = t.server.data
    kept = os.path.join(root, "files", sha[:2], sha[2:])
    age(kept, 2 * HOUR)  # old, but a row refers to it
    orphan = hashlib.sha256(b"orphan").hexdigest()
    fresh = hashlib.sha256(b"fresh").hexdigest()
    old = {
        "orphan": put(os.path.join(root, "files", orphan[:2], orphan[2:])),
        "orphan thumb": put(os.path.join(root, "thumbs", orphan[:2], orphan[2:] + ".jpg")),
        "partial write": put(os.path.join(root, "files", orphan[:2], ".tmp-Ab12Cd")),
    }
    young = {
        "another process's upload": put(os.path.join(root, "files", fresh[:2], fresh[2:])),
        "another process's write": put(os.path.join(root, "files", fresh[:2], ".tmp-Ef34Gh")),
    }
    foreign = put(os.path.join(root, "files", "README"))  # not ours: never touched
    for p in list(old.values()) + [foreign]:
        age(p, 2 * HOUR)
    for p in young.values():
        age(p, 10 * 60)
    t.server.restart()
    gone = [name for name, p in old.items() if os.path.exists(p)]
    assert not gone, f"left after the sweep: {gone}"
    lost = [name for name, p in young.items() if not os.path.exists(p)]
    assert not lost, f"removed though younger than the grace period: {lost}"
    assert os.path.exists(kept) and os.path.exists(foreign)
    assert "removed 3 left over from an earlier crash" in t.server.log_text()
    got = t.as_("agent").get(up["url"])
    assert got.status == 200 and got.raw == data


def light_server(t, s3, key_id=filestore.KEY_ID):
    """A second ticketd (an agent and an admin only) on the S3 stand-in."""
    srv = harness.Server(t.server.binary, ["--files", s3.url()], s3.env(key_id), s3,
                         roles=["agent", "admin"])
    srv.start()
    return srv, harness.T(srv)


def quality_b2c_with_photo(client, seed):
    body = b2c_body(category="spoiled_items")
    return send(client, "/api/tickets/b2c/create",
                [("ticket", None, "application/json", json.dumps(body).encode()),
                 ("photos", "box.png", "image/png", png(seed=seed))])


def test_s3_wrong_key_is_a_clear_error_and_stores_nothing(t):
    """s3rver 3.7.1 checks the access key id but not SigV4 signatures, so a wrong key id
    stands for a wrong secret here: both are a 403 from the store, the same path in
    ticketd."""
    s3 = filestore.S3Standin()
    srv = None
    try:
        srv, lt = light_server(t, s3, key_id="NOT-A-KEY")
        log = srv.log_text()
        assert "refused ticketd's keys (HTTP 403)" in log, log[-2000:]
        agent = lt.as_("agent")
        err = expect(send(agent, "/api/uploads", [("files", "a.png", "image/png", png(seed=42))]),
                     503, "unavailable")["error"]
        assert "AWS_SECRET_ACCESS_KEY" in err["message"], err
        with NoNewTickets(lt, "b2c"):
            expect(quality_b2c_with_photo(agent, 43), 503, "unavailable")
        assert s3.stored() == set()
    finally:
        if srv:
            srv.cleanup()
        s3.cleanup()


def test_s3_unreachable_store_refuses_then_recovers(t):
    s3 = filestore.S3Standin()
    srv = None
    try:
        srv, lt = light_server(t, s3)
        agent = lt.as_("agent")
        first = png(seed=44)
        up = expect(send(agent, "/api/uploads", [("files", "a.png", "image/png", first)]),
                    201)["items"][0]
        assert s3.stored() == {"files/" + up["sha256"]}
        s3.stop()
        err = expect(send(agent, "/api/uploads", [("files", "b.png", "image/png", png(seed=45))]),
                     503, "unavailable")["error"]
        assert "unreachable" in err["message"], err
        with NoNewTickets(lt, "b2c"):
            expect(quality_b2c_with_photo(agent, 46), 503, "unavailable")
        expect(agent.get(up["url"]), 503, "unavailable")
        s3.start()
        got = agent.get(up["url"])
        assert got.status == 200 and got.raw == first
        body = expect(quality_b2c_with_photo(agent, 46), 201)
        assert body["photo_count"] == 1
        assert len(s3.stored()) == 2, s3.stored()
    finally:
        if srv:
            srv.cleanup()
        s3.cleanup()


def test_s3_sweep_removes_old_unreferenced_objects(t):
    """On S3 the start-up sweep lists the bucket: an object no row refers to, stored more than
    an hour ago, goes; one stored since (another process's upload in progress), one a row
    refers to, and a key that is not ticketd's stay."""
    s3 = filestore.S3Standin()
    srv = None
    base = os.path.join(s3.data, filestore.BUCKET)

    def copy(src_key, dst_key, seconds):
        """A second object with src_key's bytes, stored `seconds` ago (s3rver's
        LastModified is its file's mtime)."""
        for suffix in ("._S3rver_object", "._S3rver_object.md5", "._S3rver_metadata.json"):
            src = os.path.join(base, src_key + suffix)
            if os.path.exists(src):
                with open(src, "rb") as f:
                    age(put(os.path.join(base, dst_key + suffix), f.read()), seconds)
        return dst_key

    try:
        srv, lt = light_server(t, s3)
        agent = lt.as_("agent")
        data = png(seed=47)
        up = expect(send(agent, "/api/uploads", [("files", "kept.png", "image/png", data)]),
                    201)["items"][0]
        kept = "files/" + up["sha256"]
        age(os.path.join(base, kept + filestore.OBJECT), 2 * HOUR)  # old, but referred to
        orphan = hashlib.sha256(b"s3 orphan").hexdigest()
        fresh = hashlib.sha256(b"s3 fresh").hexdigest()
        old = {copy(kept, "files/" + orphan, 2 * HOUR),
               copy(kept, "thumbs/" + orphan + ".jpg", 2 * HOUR)}
        young = copy(kept, "files/" + fresh, 10 * 60)
        foreign = copy(kept, "files/README", 2 * HOUR)
        assert old | {young, foreign, kept} <= s3.stored(), s3.stored()
        srv.restart()
        left = s3.stored()
        assert not old & left, f"left after the sweep: {old & left}"
        assert {young, foreign, kept} <= left, left
        assert "removed 2 left over from an earlier crash" in srv.log_text()
        got = lt.as_("agent").get(up["url"])
        assert got.status == 200 and got.raw == data
    finally:
        if srv:
            srv.cleanup()
        s3.cleanup()


def test_s3_signatures_are_checked_and_a_wrong_secret_stores_nothing(t):
    """Against a stand-in that recomputes every SigV4 signature: with the right secret (and a
    session token) files go in and come out; with a wrong one the store refuses, ticketd says
    so clearly, and nothing is stored."""
    sv = SigV4Standin("ticket-photos", "AKIDTICKETD", "the-right-secret")
    servers = []
    try:
        def start(secret):
            env = {"AWS_ACCESS_KEY_ID": "AKIDTICKETD", "AWS_SECRET_ACCESS_KEY": secret,
                   "AWS_SESSION_TOKEN": "session-token-1"}
            srv = harness.Server(t.server.binary, ["--files", sv.url()], env, sv,
                                 roles=["agent", "admin"])
            servers.append(srv)
            srv.start()
            return srv, harness.T(srv)

        bad, bt = start("a-wrong-secret")
        assert "refused ticketd's keys (HTTP 403)" in bad.log_text(), bad.log_text()[-2000:]
        err = expect(send(bt.as_("agent"), "/api/uploads",
                          [("files", "a.png", "image/png", png(seed=47))]),
                     503, "unavailable")["error"]
        assert "AWS_SECRET_ACCESS_KEY" in err["message"], err
        with NoNewTickets(bt, "b2c"):
            expect(quality_b2c_with_photo(bt.as_("agent"), 48), 503, "unavailable")
        assert sv.stored() == set() and sv.checked == 0

        good, gt = start("the-right-secret")
        data = png(seed=49)
        up = expect(send(gt.as_("agent"), "/api/uploads",
                         [("files", "a.png", "image/png", data)]), 201)["items"][0]
        assert sv.stored() == {"files/" + up["sha256"]}
        got = gt.as_("agent").get(up["url"])
        assert got.status == 200 and got.raw == data
        assert sv.checked >= 4  # the start-up check, HEAD and PUT of the upload, GET
    finally:
        for srv in servers:
            srv.cleanup()
        sv.stop()
