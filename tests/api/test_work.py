"""Teams and routing, releases and the roadmap, internal metrics (issue 5)."""
import harness
from harness import expect, PASSWORD


def add_user(s, email, role):
    r = s.cli("user", "add", "--email", email, "--name", email.split("@")[0].title(), "--role",
              role, stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    return int(r.stdout.split()[1])


def records(s):
    admin = s.clients["admin"]
    expect(admin.put("/api/records/customers", [
        {"customer_id": "C1", "name": "Hotel Sahyadri", "type": "hotel"}]), 200)
    expect(admin.put("/api/records/orders", [
        {"so_id": "SO1", "customer_id": "C1", "order_date": "2026-03-01"}]), 200)


def b2b(s, who="agent"):
    return expect(s.clients[who].post("/api/tickets/b2b/create", {
        "customer_id": "C1", "so_id": "SO1", "category": "late_delivery", "priority": "medium",
        "description": "Van late", "requested_resolution": "goodwill"}), 201)


def routing_counts(t, mode):
    """Twenty tickets routed over a team of four agents, one of them away."""
    s = harness.Server(t.server.binary)
    s.add_users()
    extra = [add_user(s, f"{n}@test.example", "agent") for n in ("asha", "bilal")]
    s.launch()
    try:
        mgr, admin = s.clients["manager"], s.clients["admin"]
        members = [s.users["agent"]["user_id"], s.users["agent2"]["user_id"]] + extra
        team = expect(mgr.post("/api/teams", {"name": "Mumbai desk", "members": members}), 201)
        assert [m["user_id"] for m in team["members"]] == sorted(members)
        expect(mgr.post("/api/teams", {"name": "Mumbai desk"}), 409, "conflict", "name")
        expect(s.clients["agent"].post("/api/teams", {"name": "Mine"}), 403, "forbidden")
        away = s.users["agent2"]["user_id"]
        # An agent sets their own availability; not someone else's.
        expect(s.clients["agent"].post(f"/api/users/{away}/availability",
                                       {"available": False}), 403, "forbidden")
        me = expect(s.clients["agent2"].post(f"/api/users/{away}/availability",
                                             {"available": False}), 200)
        assert me["available"] is False
        expect(admin.put("/api/settings/workflow", {"routing": {"b2b": {
            "team_id": 999, "mode": mode}}}), 422, "invalid", "routing")
        records(s)
        if mode == "least_open":
            # A head start: Asha already has two open tickets.
            for _ in range(2):
                tk = b2b(s, "manager")
                expect(mgr.post(f"/api/tickets/b2b/{tk['ticket_id']}/assign",
                                {"assigned_to": extra[0]}), 200)
        expect(admin.put("/api/settings/workflow", {"routing": {"b2b": {
            "team_id": team["team_id"], "mode": mode}}}), 200)
        counts = {}
        for _ in range(20):
            tk = b2b(s)
            assert tk["team_id"] == team["team_id"] and tk["status"] == "assigned", tk
            counts[tk["assigned_to"]] = counts.get(tk["assigned_to"], 0) + 1
        assert away not in counts, counts
        tl = expect(mgr.get(f"/api/tickets/b2b/{tk['ticket_id']}/timeline"), 200)["items"]
        assert any(e["type"] == "assigned" and "Routed to" in (e["note"] or "") for e in tl), tl
        mine = expect(s.clients["agent"].get("/api/tickets/b2b/list?team_id=mine&limit=200"),
                      200)
        assert mine["total"] >= 20
        # names come from a per-thread copy of users and teams: a rename shows at once
        assert all(i["team_name"] == "Mumbai desk" and i["assigned_to_name"]
                   for i in mine["items"]), mine["items"][0]
        expect(mgr.put(f"/api/teams/{team['team_id']}", {"name": "Pune desk"}), 200)
        for _ in range(4):  # whichever worker thread answers
            got = expect(mgr.get(f"/api/tickets/b2b/{tk['ticket_id']}"), 200)
            assert got["team_name"] == "Pune desk", got["team_name"]
            listed = expect(mgr.get("/api/tickets/b2b/list?limit=5"), 200)["items"]
            assert all(i["team_name"] in ("Pune desk", None) for i in listed), listed
        return [counts.get(u, 0) for u in [s.users["agent"]["user_id"]] + extra]
    finally:
        s.cleanup()


def test_round_robin_skips_the_away_member(t):
    # In user id order, skipping the away member: 7, 7 and 6 of twenty.
    assert routing_counts(t, "round_robin") == [7, 7, 6]


def test_least_open_workload_evens_out(t):
    # Asha starts with two open tickets; the fewest open wins, the lowest id among equals:
    # the twenty go 8, 5 and 7, leaving 8, 7 and 7 open.
    assert routing_counts(t, "least_open") == [8, 5, 7]


def test_release_resolves_linked_tickets_and_notifies_creators(t):
    s = harness.Server(t.server.binary).start()
    try:
        dev = s.clients["developer"]
        filers = ["reporter", "agent", "manager"]
        ids = []
        for who in filers:
            tk = expect(s.clients[who].post("/api/tickets/internal/create", {
                "title": f"Export is slow for {who}", "category": "performance",
                "priority": "medium", "description": "Takes a minute"}), 201)
            ids.append(tk["ticket_id"])
        feat = expect(s.clients["reporter"].post("/api/tickets/internal/create", {
            "title": "Batch on packing slip", "category": "feature_request", "priority": "low",
            "description": "Print the batch"}), 201)
        expect(dev.post(f"/api/tickets/internal/{feat['ticket_id']}/plan",
                        {"on_roadmap": True}), 200)
        expect(dev.post(f"/api/tickets/internal/{ids[0]}/plan", {"on_roadmap": True}), 422,
               "invalid", "on_roadmap")
        m = expect(s.clients["reporter"].get("/api/metrics/internal"), 200)
        assert m["on_roadmap"] == 1 and m["feature_backlog"] == 1
        rel = expect(dev.post("/api/releases", {"version": "2.4.0",
                                                "release_date": "2026-03-10",
                                                "notes": "Exports are 10x faster."}), 201)
        expect(dev.post("/api/releases", {"version": "2.4.0", "release_date": "2026-03-10",
                                          "notes": "x"}), 409, "conflict", "version")
        expect(s.clients["reporter"].post("/api/releases", {"version": "9"}), 403)
        for tid in ids:
            tk = expect(dev.post(f"/api/tickets/internal/{tid}/plan",
                                 {"release_id": rel["release_id"]}), 200)
            assert tk["release_id"] == rel["release_id"]
        linked = expect(dev.get(f"/api/tickets/internal/list?release_id={rel['release_id']}"),
                        200)
        assert linked["total"] == 3
        before = {w: expect(s.clients[w].get("/api/notifications"), 200)["unread"]
                  for w in filers}
        out = expect(dev.post(f"/api/releases/{rel['release_id']}/publish"), 200)
        assert out["published"] and out["resolved_tickets"] == 3, out
        expect(dev.post(f"/api/releases/{rel['release_id']}/publish"), 409, "conflict")
        for tid, who in zip(ids, filers):
            tk = expect(dev.get(f"/api/tickets/internal/{tid}"), 200)
            assert tk["status"] == "resolved" and "2.4.0" in tk["resolution_notes"], tk
            n = expect(s.clients[who].get("/api/notifications"), 200)
            assert n["unread"] == before[who] + 1, (who, n)
            assert "Exports are 10x faster." in n["items"][0]["body"]
        m = expect(s.clients["reporter"].get("/api/metrics/internal"), 200)
        assert m["resolved_last_90_days"] == 3 and m["bugs_fixed_this_week"] == 0
    finally:
        s.cleanup()
