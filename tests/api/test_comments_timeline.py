"""Comments (author, time, visibility) and the timeline: every change with who, which field,
old and new value, oldest first."""
import datetime

from harness import expect
from fixtures import (UTC, Unchanged, b2b, b2c, expect_oversized, get, post, raw_post,
                      reset_clock, set_clock, timeline, uid)


def test_comment_fields_and_order(t):
    x = b2b(t)
    tid = x["ticket_id"]
    a = expect(post(t, "agent", "b2b", tid, "comments",
                    {"comment_text": "Called the chef; two crates short.",
                     "visibility": "internal"}), 201)
    assert a["type"] == "comment" and a["comment_id"] > 0
    assert a["actor_id"] == t.user("agent")["user_id"] and a["actor_name"] == "Test Agent"
    assert a["visibility"] == "internal" and a["at"].endswith("Z")
    b = expect(post(t, "manager", "b2b", tid, "comments",
                    {"comment_text": "  Credit note approved.  ", "visibility": "public"}), 201)
    assert b["comment_text"] == "Credit note approved." and b["visibility"] == "public"
    # the default visibility on a customer ticket is an internal note
    c = expect(post(t, "agent2", "b2b", tid, "comments", {"comment_text": "FYI"}), 201)
    assert c["visibility"] == "internal"
    items = expect(t.as_("agent").get(f"/api/tickets/b2b/{tid}/comments"), 200)["items"]
    assert [i["comment_id"] for i in items] == [a["comment_id"], b["comment_id"],
                                                c["comment_id"]]
    assert all(i["type"] == "comment" for i in items)
    assert [i["actor_id"] for i in items] == [t.user(r)["user_id"]
                                              for r in ("agent", "manager", "agent2")]
    # the comments are in the timeline too, after the creation
    tl = timeline(t, "b2b", tid, "agent")
    assert [e["type"] for e in tl] == ["created", "comment", "comment", "comment"]
    expect(t.as_("agent").get(f"/api/tickets/b2b/{tid}/comments?page=2"), 400, "bad_request",
           "page")


def test_comment_moves_updated_at(t):
    x = b2c(t)
    tid = x["ticket_id"]
    later = (datetime.datetime.now(UTC) + datetime.timedelta(minutes=7)).replace(microsecond=0)
    try:
        set_clock(t, later)
        c = expect(post(t, "agent", "b2c", tid, "comments",
                        {"comment_text": "Customer sent a photo on WhatsApp"}), 201)
    finally:
        reset_clock(t)
    stamp = later.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert c["at"] == stamp
    assert get(t, "b2c", tid)["updated_at"] == stamp


def test_comment_refusals_change_nothing(t):
    x = b2b(t)
    tid = x["ticket_id"]
    agent = t.as_("agent")
    path = f"/api/tickets/b2b/{tid}/comments"
    with Unchanged(t, "b2b", tid):
        expect(agent.post(path, {}), 422, "invalid", "comment_text")
        expect(agent.post(path, {"comment_text": " \n "}), 422, "invalid", "comment_text")
        expect(agent.post(path, {"comment_text": "x" * 20001}), 422, "invalid", "comment_text")
        expect(agent.post(path, {"comment_text": "hi", "visibility": "everyone"}), 422,
               "invalid", "visibility")
        expect(agent.post(path, {"comment_text": 42}), 400, "bad_request", "comment_text")
        expect(agent.post(path, {"comment_text": "hi", "visibility": True}), 400,
               "bad_request", "visibility")
        expect(agent.post(path, {"comment_text": "hi", "author": "me"}), 400, "bad_request",
               "author")
        expect(raw_post(agent, path, "{\"comment_text\": \"unterminated}"), 400, "bad_request")
        expect(raw_post(agent, path, "hello", "text/plain"), 415, "unsupported_media_type")
        expect_oversized(agent, "POST", path)
        expect(t.as_("reporter").post(path, {"comment_text": "hi"}), 403, "forbidden")
        expect(t.anon().post(path, {"comment_text": "hi"}), 401, "unauthorized")


def test_timeline_records_every_change(t):
    x = b2b(t)
    tid = x["ticket_id"]
    agent, manager = t.user("agent")["user_id"], t.user("manager")["user_id"]
    new_title = f"Short delivery {uid()}"
    expect(post(t, "agent", "b2b", tid, "update", {"title": new_title, "priority": "urgent",
                                                   "items_affected": "Coriander x2"}), 200)
    expect(post(t, "manager", "b2b", tid, "assign", {"assigned_to": agent}), 200)
    expect(post(t, "agent", "b2b", tid, "comments", {"comment_text": "On it",
                                                     "visibility": "public"}), 201)
    expect(post(t, "agent", "b2b", tid, "update", {"status": "in_progress",
                                                   "description": "Updated description"}),
           200)
    expect(post(t, "agent", "b2b", tid, "resolve", {"resolution_type": "credit_note",
                                                    "notes": "CN-77 for 2 crates",
                                                    "amount": 240}), 200)
    tl = timeline(t, "b2b", tid, "manager")
    got = [(e["type"], e["actor_id"], e.get("field"), e.get("old_value"), e.get("new_value"))
           for e in tl]
    expected = [
        ("created", agent, None, None, x["number"]),
        ("changed", agent, "title", x["title"], new_title),
        ("changed", agent, "priority", "high", "urgent"),
        ("changed", agent, "items_affected", None, "Coriander x2"),
        ("assigned", manager, "assigned_to", None, str(agent)),
        ("status", manager, "status", "new", "assigned"),
        ("comment", agent, None, None, None),
        ("changed", agent, "description", x["description"], "Updated description"),
        ("status", agent, "status", "assigned", "in_progress"),
        ("resolved", agent, "status", "in_progress", "resolved"),
    ]
    assert got == expected, "\n".join(map(str, got))
    # oldest first, with names and times
    ids = [e["event_id"] for e in tl]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    times = [e["at"] for e in tl]
    assert times == sorted(times)
    assert all(e["actor_name"] for e in tl)
    assert "CN-77" in tl[-1]["note"]
    comment = tl[6]
    assert comment["comment_text"] == "On it" and comment["visibility"] == "public"


def test_timeline_is_append_only_across_reads(t):
    x = b2c(t)
    tid = x["ticket_id"]
    first = timeline(t, "b2c", tid)
    expect(post(t, "agent", "b2c", tid, "update", {"title": "Mouldy strawberries"}), 200)
    second = timeline(t, "b2c", tid)
    assert second[:len(first)] == first
    assert len(second) == len(first) + 1
    assert second[-1]["field"] == "title"
