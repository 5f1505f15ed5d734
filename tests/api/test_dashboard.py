"""The dashboard (issue 6): GET /api/dashboard counts the tickets a caller may read in one
call: open by kind, status, priority and category group, overdue, created today and this
week, volume per day in the business time zone, resolution times by kind and per agent, and
the top categories; staff only, with its query checked."""
from datetime import datetime, timezone

import harness
from harness import expect

# Monday 2 March 2026, 10:00 in Kolkata.
T0 = datetime(2026, 3, 2, 4, 30, tzinfo=timezone.utc)


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def clock(s, when):
    expect(s.clients["admin"].post("/api/test/clock", {"now": when}), 200)


def b2c(c, category="wrong_items", **extra):
    body = {"customer_name": "Rohit Mehta", "customer_phone": "+91 91234 56780",
            "woo_order_number": "WC-77001", "category": category,
            "delivery_date": "2026-03-01T07:30:00+05:30", "description": "Got green capsicum"}
    body.update(extra)
    return expect(c.post("/api/tickets/b2c/create", body), 201)


def test_dashboard_counts_and_series(t):
    s = harness.Server(t.server.binary).start()
    try:
        agent, mgr = s.clients["agent"], s.clients["manager"]
        me = s.users["agent"]["user_id"]
        # Sunday 1 March, 23:50 local (18:20 UTC): the last minute of the day in Kolkata
        # but the same UTC day as Monday's early hours; it must count on 1 March.
        clock(s, "2026-03-01T18:20:00Z")
        sunday = b2c(agent)
        clock(s, iso(T0))
        tickets = [b2c(agent) for _ in range(3)]
        internal = expect(agent.post("/api/tickets/internal/create", {
            "title": "Export fails", "category": "bug", "priority": "high",
            "description": "The CSV export stops at 1000 rows",
            "steps_to_reproduce": "Export", "expected_behavior": "All rows",
            "actual_behavior": "1000 rows", "affected_module": "reports"}), 201)
        # One resolved two hours after it was created, by the agent.
        tid = tickets[0]["ticket_id"]
        expect(agent.post(f"/api/tickets/b2c/{tid}/assign", {"assigned_to": me}), 200)
        expect(agent.post(f"/api/tickets/b2c/{tid}/update", {"status": "in_progress"}), 200)
        clock(s, "2026-03-02T06:30:00Z")
        expect(agent.post(f"/api/tickets/b2c/{tid}/resolve", {
            "resolution_type": "replacement", "notes": "Sent red capsicum",
            "replacement_date": "2026-03-03"}), 200)
        expect(agent.post(f"/api/tickets/b2c/{tickets[1]['ticket_id']}/assign",
                          {"assigned_to": me}), 200)

        d = expect(agent.get("/api/dashboard?from=2026-02-25&to=2026-03-02"), 200)
        assert d["kind"] is None and d["from"] == "2026-02-25" and d["to"] == "2026-03-02"
        # Open now: 3 B2C (one resolved) + the agent's own internal ticket.
        assert d["open"]["by_kind"] == {"b2b": 0, "b2c": 3, "internal": 1}, d["open"]
        assert d["open"]["total"] == 4
        assert d["open"]["by_status"]["new"] == 3 and d["open"]["by_status"]["assigned"] == 1
        assert "resolved" not in d["open"]["by_status"]
        assert sum(d["open"]["by_priority"].values()) == 4
        groups = {(g["kind"], g["group"]): g["count"] for g in d["open"]["by_category_group"]}
        assert sum(groups.values()) == 4 and all(g["label"] for g in d["open"]["by_category_group"])
        assert d["created_today"] == 4 and d["created_this_week"] == 4
        days = {v["date"]: v for v in d["volume_per_day"]}
        assert len(d["volume_per_day"]) == 6
        assert days["2026-03-01"]["created"] == 1 and days["2026-03-02"]["created"] == 4
        assert days["2026-03-02"]["resolved"] == 1
        assert d["created_in_period"] == 5 and d["resolved_in_period"] == 1
        assert abs(d["avg_resolution_hours"] - 2.0) < 0.01
        by_kind = {r["kind"]: r for r in d["resolution_time_by_kind"]}
        assert by_kind["b2c"]["resolved"] == 1 and abs(by_kind["b2c"]["avg_hours"] - 2) < 0.01
        assert by_kind["b2b"]["avg_hours"] is None
        assert d["avg_resolution_hours_by_kind"]["internal"] is None
        top = d["top_categories"][0]
        assert (top["kind"], top["category"], top["count"]) == ("b2c", "wrong_items", 4)
        assert top["label"]
        status = {x["status"]: x["count"] for x in d["status_distribution"]}
        assert status == {"new": 3, "assigned": 1, "resolved": 1}, status
        agents = {a["user_id"]: a for a in d["agents"]}
        assert agents[me]["resolved"] == 1 and agents[me]["open"] == 1
        assert abs(agents[me]["avg_resolution_hours"] - 2) < 0.01
        assert d["sla"]["met"] + d["sla"]["missed"] == 1

        # A manager reads internal tickets only as their creator: the agent's is not theirs.
        m = expect(mgr.get("/api/dashboard?from=2026-03-02&to=2026-03-02"), 200)
        assert m["open"]["by_kind"]["internal"] == 0 and m["open"]["total"] == 3
        assert m["created_in_period"] == 3 and len(m["volume_per_day"]) == 1
        # The admin sees everything; one kind narrows every number.
        a = expect(s.clients["admin"].get("/api/dashboard?kind=internal"), 200)
        assert a["kind"] == "internal" and a["open"]["by_kind"] == {"internal": 1}
        assert a["open"]["total"] == 1 and a["created_today"] == 1
        assert len(a["volume_per_day"]) == 30 and a["to"] == "2026-03-02"
        assert a["from"] == "2026-02-01"

        # Overdue: a B2C ticket's SLA runs out within days; a week on, the open ones are.
        clock(s, "2026-03-12T04:30:00Z")
        d = expect(agent.get("/api/dashboard?kind=b2c"), 200)
        listed = expect(agent.get("/api/tickets/b2c/list?overdue=true"), 200)
        assert d["overdue"] == listed["total"] == 3, (d["overdue"], listed["total"])
        assert d["created_today"] == 0
        assert sunday["ticket_id"]
        assert internal["ticket_id"]
    finally:
        s.cleanup()


def test_dashboard_roles_and_query(t):
    expect(t.anon().get("/api/dashboard"), 401, "unauthorized")
    expect(t.as_("developer").get("/api/dashboard"), 403, "forbidden")
    expect(t.as_("reporter").get("/api/dashboard"), 403, "forbidden")
    expect(t.as_("manager").get("/api/dashboard?team=1"), 400, "bad_request", "team")
    expect(t.as_("agent").get("/api/dashboard?kind=shop"), 422, "invalid", "kind")
    expect(t.as_("agent").get("/api/dashboard?from=2026-02-30"), 422, "invalid", "from")
    expect(t.as_("agent").get("/api/dashboard?to=yesterday"), 422, "invalid", "to")
    expect(t.as_("agent").get("/api/dashboard?from=2026-03-05&to=2026-03-01"), 422,
           "invalid", "from")
    expect(t.as_("agent").get("/api/dashboard?from=2024-01-01&to=2026-03-01"), 422,
           "invalid", "from")
    d = expect(t.as_("admin").get("/api/dashboard?from=2026-03-01&to=2026-03-01"), 200)
    assert [v["date"] for v in d["volume_per_day"]] == ["2026-03-01"]
