"""Writes from many clients at once.  ticketd commits concurrent changes in groups, each
change inside a savepoint of its own (src/service/svc.c): a change refused in the middle of
a group must leave the others committed and itself without a trace, and every caller must
get the answer its own change deserves."""
import threading

import harness
from harness import expect
from fixtures import b2b_body, b2b_setup, b2c_body, list_, post, total


def test_concurrent_creates_refusals_and_comments(t):
    cu, so, _ = b2b_setup(t)
    shared = expect(t.as_("agent").post("/api/tickets/b2b/create", b2b_body(cu, so)), 201)
    sid = shared["ticket_id"]
    before_b2c = total(t, "b2c")
    workers, rounds = 6, 12
    made, refused, commented, errors = [], [], [], []
    lock = threading.Lock()

    def work(w):
        c = t.as_("agent")
        for i in range(rounds):
            try:
                # a valid create, a refused one (unknown customer) and a comment, interleaved
                # with the other workers' so that groups mix them
                r = c.post("/api/tickets/b2b/create", b2b_body(cu, so, title=f"w{w} r{i}"))
                bad = c.post("/api/tickets/b2b/create",
                             b2b_body({"customer_id": f"NOPE-{w}-{i}"}, so))
                cm = c.post(f"/api/tickets/b2b/{sid}/comments",
                            {"comment_text": f"w{w} r{i}", "visibility": "internal"})
                b2c = c.post("/api/tickets/b2c/create", b2c_body(category="late_delivery"))
                with lock:
                    (made if r.status == 201 else errors).append(r)
                    (refused if bad.status == 422 else errors).append(bad)
                    (commented if cm.status == 201 else errors).append(cm)
                    (made if b2c.status == 201 else errors).append(b2c)
            except Exception as e:  # noqa: BLE001 - reported below
                with lock:
                    errors.append(e)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors[:3]
    n = workers * rounds
    assert len(made) == 2 * n and len(refused) == n and len(commented) == n
    # every refusal names the customer, every creation is readable and numbered once
    for r in refused:
        expect(r, 422, code="invalid", field="customer_id")
    numbers = [r.json["number"] for r in made]
    assert len(set(numbers)) == len(numbers)
    for r in made[::7]:
        body = r.json
        got = expect(t.as_("agent").get(f"/api/tickets/{body['kind']}/{body['ticket_id']}"), 200)
        assert got["number"] == body["number"]
    # this customer's tickets: the shared one and the valid creates, no trace of the refused
    listed = list_(t, "b2b", customer_id=cu["customer_id"], limit=200)
    assert listed["total"] == n + 1, listed["total"]
    titles = {i["title"] for i in listed["items"]}
    assert all(f"w{w} r{i}" in titles for w in range(workers) for i in range(rounds))
    assert total(t, "b2c") == before_b2c + n
    # every comment is on the shared ticket once, in its timeline
    comments = expect(t.as_("agent").get(f"/api/tickets/b2b/{sid}/comments"), 200)["items"]
    texts = sorted(c["comment_text"] for c in comments)
    assert texts == sorted(f"w{w} r{i}" for w in range(workers) for i in range(rounds))
    # and the totals kept by counters still agree with the rows
    assert total(t, "b2b", status="new") == total(t, "b2b", status="new",
                                                 created_from="2000-01-01")
    expect(post(t, "manager", "b2b", sid, "assign", {"assigned_to": t.user("agent")["user_id"]}),
           200)


@harness.only_on("sqlite")
def test_the_wal_is_checkpointed_while_serving(t):
    """The server checkpoints the WAL on a thread of its own (src/store/sqlite.c): after far
    more writes than the 4000-page threshold, the WAL file stays near the threshold (it is
    reused from the start after each checkpoint), and everything written is still there."""
    import os
    wal = os.path.join(t.server.data, "ticketd.db-wal")
    cu, so, _ = b2b_setup(t)
    text = "Coriander crates short again; " * 120  # about 3.6 kB a ticket
    made = []
    for i in range(1600):
        r = t.as_("agent").post("/api/tickets/b2b/create",
                                b2b_body(cu, so, title=f"wal {i}", description=text))
        made.append(expect(r, 201)["ticket_id"])
    pages = os.path.getsize(wal) // 4120 if os.path.exists(wal) else 0
    # 1600 such creates write well over ten thousand pages; without checkpoints the WAL would
    # hold them all
    assert pages < 8000, pages
    assert total(t, "b2b", customer_id=cu["customer_id"]) == 1600
    got = expect(t.as_("agent").get(f"/api/tickets/b2b/{made[0]}"), 200)
    assert got["title"] == "wal 0"


def test_one_connection_mixes_changes_and_reads(t):
    """A change is handled on a write thread while its connection waits (src/http/server.c),
    a read on the connection's own thread.  On one kept-alive connection the answers still
    come one per request, in order, each the answer to its own request."""
    import http.client
    import json

    agent = t.as_("agent")
    conn = http.client.HTTPConnection("127.0.0.1", t.server.port, timeout=30)
    headers = {"Cookie": agent.cookie, "Content-Type": "application/json"}

    def call(method, path, body=None):
        conn.request(method, path, body=json.dumps(body) if body is not None else None,
                     headers=headers)
        r = conn.getresponse()
        assert not r.will_close, f"{method} {path} closed the connection"
        return r.status, json.loads(r.read())

    made = []
    for i in range(5):
        status, created = call("POST", "/api/tickets/b2c/create",
                               b2c_body(category="late_delivery", description=f"keep-alive {i}"))
        assert status == 201, created
        status, read = call("GET", f"/api/tickets/b2c/{created['ticket_id']}")
        assert status == 200 and read["description"] == f"keep-alive {i}", read
        status, comment = call("POST", f"/api/tickets/b2c/{created['ticket_id']}/comments",
                               {"comment_text": f"note {i}", "visibility": "internal"})
        assert status == 201 and comment["comment_text"] == f"note {i}", comment
        status, refused = call("POST", "/api/tickets/b2c/create", {"category": "late_delivery"})
        assert status == 422 and refused["error"]["field"], refused
        made.append(created["ticket_id"])
    status, page = call("GET", "/api/tickets/b2c/list?q=keep-alive&limit=50")
    assert status == 200 and sorted(x["ticket_id"] for x in page["items"]) == sorted(made), page
    conn.close()


def test_sigterm_answers_the_queued_changes(t):
    """Requests that change something wait in a queue for the write threads.  At SIGTERM
    every request already queued is still answered (a sign-in is slow on purpose, so six of
    them on one write thread queue up), and ticketd exits 0."""
    import json
    import select
    import socket

    import harness

    s = harness.Server(t.server.binary, extra_args=["--write-threads", "1"]).start()
    try:
        body = json.dumps({"email": "manager@test.example", "password": harness.PASSWORD})
        request = (f"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                   f"{body}").encode()
        socks = []
        for _ in range(6):
            so = socket.create_connection(("127.0.0.1", s.port), timeout=60)
            so.sendall(request)
            socks.append(so)
        # the first answer means the others have been read and wait in the queue
        select.select(socks, [], [], 60)
        rc = s.stop()
        answers = []
        for so in socks:
            data = b""
            while chunk := so.recv(65536):
                data += chunk
            so.close()
            answers.append(data.split(b"\r\n", 1)[0])
        assert answers == [b"HTTP/1.1 200 OK"] * 6, answers
        assert rc == 0, rc
    finally:
        s.cleanup()


def test_text_index_of_tickets_created_together(t):
    """On SQLite the words of a group's new tickets are indexed together at its commit
    (migration 0013): each ticket created by many clients at once is found by its own word
    and by nothing else, refused creates in the same groups leave nothing to find, and a
    ticket whose title changes is found by the new words only."""
    workers, rounds = 6, 6
    made, errors = {}, []
    lock = threading.Lock()

    def word(w, i):
        return f"kestrel{'abcdefghijklmnop'[w]}{'abcdefghijklmnop'[i]}"

    def work(w):
        c = t.as_("agent")
        for i in range(rounds):
            try:
                r = c.post("/api/tickets/b2c/create", b2c_body(
                    category="late_delivery", description=f"Box late; note {word(w, i)}"))
                bad = c.post("/api/tickets/b2c/create", b2c_body(
                    category="not-a-category", description=f"refused {word(w, i)}zz"))
                with lock:
                    if r.status == 201 and bad.status == 422:
                        made[word(w, i)] = r.json["ticket_id"]
                    else:
                        errors.append((r, bad))
            except Exception as e:  # noqa: BLE001 - reported below
                with lock:
                    errors.append(e)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors[:3]
    assert len(made) == workers * rounds
    for w, tid in made.items():
        found = list_(t, "b2c", q=w)
        assert [i["ticket_id"] for i in found["items"]] == [tid], (w, found)
        assert list_(t, "b2c", q=w + "zz")["total"] == 0
    w, tid = next(iter(made.items()))
    expect(post(t, "agent", "b2c", tid, "update", {"description": "Box late; note osprey"}), 200)
    assert list_(t, "b2c", q=w)["total"] == 0
    assert [i["ticket_id"] for i in list_(t, "b2c", q="osprey")["items"]] == [tid]
