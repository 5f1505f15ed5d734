"""Saved views (issue 18): a user saves a list's filters and sort under a name; a manager
shares a view with a team, whose members see it and open it as the same list; only the owner
changes it."""
from harness import expect
from test_openapi import check, schema
from fixtures import uid


def test_saved_views_and_sharing(t):
    agent, agent2, manager = t.as_("agent"), t.as_("agent2"), t.as_("manager")
    team = expect(manager.post("/api/teams", {"name": uid("Quality desk "), "members": [
        t.user("agent")["user_id"], t.user("manager")["user_id"]]}), 201)
    mine = expect(agent.post("/api/views", {"name": "My urgent", "list": "b2b",
                                            "query": "priority=urgent&sort=sla_due_at"}), 201)
    assert mine["mine"] is True and mine["team_id"] is None and mine["list"] == "b2b"
    expect(agent.post("/api/views", {"name": "My urgent", "list": "b2b", "query": "open=true"}),
           409, "conflict", "name")
    expect(agent.post("/api/views", {"name": "Bad", "list": "b2b", "query": "cursor=x"}), 422,
           "invalid", "query")
    expect(agent.post("/api/views", {"name": "Bad", "list": "tickets", "query": ""}), 422,
           "invalid", "list")
    expect(agent.post("/api/views", {"name": "", "list": "b2b", "query": ""}), 422, "invalid",
           "name")
    # Only managers share with a team.
    expect(agent.put(f"/api/views/{mine['view_id']}", {"team_id": team["team_id"]}), 403)
    shared = expect(manager.post("/api/views", {
        "name": "Quality, open", "list": "b2b", "query": "open=true&sort=priority&order=desc",
        "team_id": team["team_id"]}), 201)
    assert shared["team_name"] == team["name"]
    check(schema("SavedView"), shared)
    check(schema("SavedViewList"), expect(agent.get("/api/views"), 200))
    expect(manager.post("/api/views", {"name": "Nowhere", "list": "b2b", "query": "",
                                       "team_id": 999999}), 422, "invalid", "team_id")
    seen = {v["name"]: v for v in expect(agent.get("/api/views"), 200)["items"]}
    assert set(seen) >= {"My urgent", "Quality, open"}
    assert seen["Quality, open"]["mine"] is False
    assert "Quality, open" not in {v["name"] for v in expect(agent2.get("/api/views"),
                                                              200)["items"]}
    # A member may open it but not change it; outside the team it does not exist.
    expect(agent.put(f"/api/views/{shared['view_id']}", {"name": "Mine now"}), 403)
    expect(agent2.put(f"/api/views/{shared['view_id']}", {"name": "Mine now"}), 404)
    expect(agent2.delete(f"/api/views/{mine['view_id']}"), 404)
    # The saved query is the list's own: opened, it is the same list.
    v = seen["Quality, open"]
    as_saved = expect(agent.get(f"/api/tickets/{v['list']}/list?{v['query']}"), 200)
    direct = expect(agent.get("/api/tickets/b2b/list?open=true&sort=priority&order=desc"), 200)
    assert [i["ticket_id"] for i in as_saved["items"]] == [i["ticket_id"] for i in direct["items"]]
    # Changes and removal by the owner.
    got = expect(manager.put(f"/api/views/{shared['view_id']}", {"team_id": None}), 200)
    assert got["team_id"] is None
    assert "Quality, open" not in {v["name"] for v in expect(agent.get("/api/views"),
                                                              200)["items"]}
    expect(agent.delete(f"/api/views/{mine['view_id']}"), 200)
    assert "My urgent" not in {v["name"] for v in expect(agent.get("/api/views"), 200)["items"]}
    expect(manager.delete(f"/api/views/{shared['view_id']}"), 200)
    expect(manager.delete(f"/api/views/{shared['view_id']}"), 404)
