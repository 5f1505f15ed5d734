"""allowed_actions on a ticket's reply: what the caller may do, as the server enforces it. Each
case reads what the reply offers, then tries the action: an offered action is accepted and
one not offered is refused with 403, so the web UI (which shows only what is offered) never
offers a button that fails and never hides one that works."""
from harness import expect
from fixtures import Unchanged, b2c, get, internal, post


def allowed(t, kind, tid, role):
    return get(t, kind, tid, role)["allowed_actions"]


def test_me_says_which_kinds_each_role_works(t):
    works = {r: expect(t.as_(r).get("/api/me"), 200)["works"]
             for r in ("agent", "manager", "admin", "developer", "reporter")}
    assert works == {"agent": ["b2b", "b2c"], "manager": ["b2b", "b2c"],
                     "admin": ["b2b", "b2c", "internal"], "developer": ["internal"],
                     "reporter": []}


def test_agent_takes_only_for_themself_manager_assigns_anyone(t):
    x = b2c(t)
    tid = x["ticket_id"]
    agent, manager = allowed(t, "b2c", tid, "agent"), allowed(t, "b2c", tid, "manager")
    assert agent == {"edit": True, "move": True, "resolve": True, "close": True,
                     "comment": True, "assign": "self",
                     "assignee_roles": ["agent", "manager", "admin"]}
    assert manager["assign"] == "any"
    # "self": assigning someone else is refused, taking it oneself is accepted
    with Unchanged(t, "b2c", tid):
        expect(post(t, "agent", "b2c", tid, "assign",
                    {"assigned_to": t.user("agent2")["user_id"]}), 403, "forbidden")
    expect(post(t, "agent", "b2c", tid, "assign",
                {"assigned_to": t.user("agent")["user_id"]}), 200)
    # "any": the manager gives it to someone else
    body = expect(post(t, "manager", "b2c", tid, "assign",
                       {"assigned_to": t.user("agent2")["user_id"]}), 200)
    assert body["assigned_to"] == t.user("agent2")["user_id"]
    # a role outside assignee_roles is refused as an assignee
    with Unchanged(t, "b2c", tid):
        expect(post(t, "manager", "b2c", tid, "assign",
                    {"assigned_to": t.user("developer")["user_id"]}), 422, "invalid",
               "assigned_to")


def test_reporter_on_their_own_internal_ticket(t):
    x = internal(t)
    tid = x["ticket_id"]
    rep = allowed(t, "internal", tid, "reporter")
    assert rep == {"edit": True, "move": False, "resolve": False, "close": True,
                   "comment": True, "assign": "none", "assignee_roles": ["admin", "developer"]}
    # edit offered: accepted; move, resolve and assign not offered: refused
    body = expect(post(t, "reporter", "internal", tid, "update",
                       {"title": "Reports page shows yesterday's totals twice"}), 200)
    assert body["title"] == "Reports page shows yesterday's totals twice"
    with Unchanged(t, "internal", tid):
        expect(post(t, "reporter", "internal", tid, "update", {"status": "triaged"}), 403,
               "forbidden", "status")
        expect(post(t, "reporter", "internal", tid, "resolve",
                    {"resolution_type": "fixed", "notes": "x"}), 403, "forbidden")
        expect(post(t, "reporter", "internal", tid, "assign",
                    {"assigned_to": t.user("developer")["user_id"]}), 403, "forbidden")
    dev = allowed(t, "internal", tid, "developer")
    assert dev["move"] and dev["resolve"] and dev["assign"] == "any"
    expect(post(t, "developer", "internal", tid, "update", {"status": "triaged"}), 200)


def test_closed_ticket_offers_only_comments(t):
    x = b2c(t)
    tid = x["ticket_id"]
    expect(post(t, "agent", "b2c", tid, "assign", {"assigned_to": t.user("agent")["user_id"]}),
           200)
    expect(post(t, "agent", "b2c", tid, "update", {"status": "in_progress"}), 200)
    expect(post(t, "agent", "b2c", tid, "resolve",
                {"resolution_type": "goodwill", "notes": "Apologised, extra coriander"}), 200)
    expect(post(t, "agent", "b2c", tid, "close", {"note": "Customer happy"}), 200)
    closed = allowed(t, "b2c", tid, "manager")
    assert closed["comment"] and closed["assign"] == "none"
    assert not (closed["edit"] or closed["move"] or closed["resolve"] or closed["close"])
    with Unchanged(t, "b2c", tid):
        expect(post(t, "manager", "b2c", tid, "update", {"title": "Changed after close"}), 409,
               "conflict")
    expect(post(t, "manager", "b2c", tid, "comments",
                {"comment_text": "Noted for the monthly review", "visibility": "internal"}), 201)


def test_change_replies_carry_allowed_actions(t):
    x = b2c(t)
    assert x["allowed_actions"]["assign"] == "self"  # the create's reply, as the agent
    body = expect(post(t, "manager", "b2c", x["ticket_id"], "assign",
                       {"assigned_to": t.user("agent")["user_id"]}), 200)
    assert body["allowed_actions"]["assign"] == "any"  # the change's reply, as the manager
