"""GET /api/catalog: categories grouped per kind as the specification groups them,
priorities, statuses, transitions and resolution types, and that the server enforces exactly
what it serves."""
from harness import expect
from fixtures import b2b_body, b2b_setup, b2c_body, internal_body


def cat(t, role="reporter"):
    return expect(t.as_(role).get("/api/catalog"), 200)


def test_catalog_shape(t):
    c = cat(t)
    assert set(c["kinds"]) == {"b2b", "b2c", "internal"}
    assert set(c["roles"]) == {"agent", "manager", "admin", "developer", "reporter"}
    assert c["comment_visibility"] == ["internal", "public"]
    for code, k in c["kinds"].items():
        assert k["code"] == code and k["label"]
        for key in ("category_groups", "priorities", "statuses", "transitions",
                    "resolution_types", "fields"):
            assert key in k, (code, key)
        for g in k["category_groups"]:
            assert g["code"] and g["label"] and g["categories"], g
            for category in g["categories"]:
                assert set(category) >= {"code", "label", "photo_required"}, category
        codes = [x["code"] for g in k["category_groups"] for x in g["categories"]]
        assert len(codes) == len(set(codes)), f"{code}: a category in two groups"
        assert set(k["transitions"]) == {s["code"] for s in k["statuses"]}
        for frm, tos in k["transitions"].items():
            assert set(tos) <= set(k["transitions"]), (code, frm, tos)
    # everyone signed in may read it
    for role in ("agent", "manager", "admin", "developer"):
        assert cat(t, role) == c


def test_catalog_groups_per_kind(t):
    k = cat(t)["kinds"]
    groups = {code: [g["code"] for g in k[code]["category_groups"]] for code in k}
    assert groups["b2b"] == ["order", "quality", "returns", "general"]
    assert groups["b2c"] == ["order", "quality", "returns", "general"]
    assert groups["internal"] == ["bug", "feature", "enhancement", "access", "data",
                                  "performance", "training"]

    def cats(kind, group):
        g = next(g for g in k[kind]["category_groups"] if g["code"] == group)
        return {c["code"] for c in g["categories"]}

    assert {"wrong_items", "wrong_quantities", "missing_items", "late_delivery"} <= cats(
        "b2b", "order")
    assert {"damaged_items", "foreign_objects"} <= cats("b2b", "quality")
    assert {"credit_request", "refund_request"} <= cats("b2b", "returns")
    assert {"spoiled_items", "damaged_items"} <= cats("b2c", "quality")
    assert "delivery_not_received" in cats("b2c", "order")
    assert cats("internal", "bug") == {"bug"}
    quality = next(g for g in k["b2b"]["category_groups"] if g["code"] == "quality")
    assert all(c["photo_required"] for c in quality["categories"])


def test_catalog_priorities_statuses_transitions(t):
    k = cat(t)["kinds"]
    prio = {code: {p["code"]: p["rank"] for p in k[code]["priorities"]} for code in k}
    assert prio["b2b"] == {"low": 0, "medium": 1, "high": 2, "urgent": 3}
    assert prio["b2c"] == prio["b2b"]
    assert prio["internal"] == {"low": 0, "medium": 1, "high": 2, "critical": 3}
    st = {code: [s["code"] for s in k[code]["statuses"]] for code in k}
    assert set(st["b2b"]) == {"new", "assigned", "in_progress", "awaiting_customer",
                              "resolved", "closed"}
    assert set(st["internal"]) == {"new", "triaged", "in_progress", "resolved", "closed"}
    tr = k["b2b"]["transitions"]
    assert tr == k["b2c"]["transitions"]
    assert tr["new"] == ["assigned"]
    assert tr["assigned"] == ["in_progress"]
    assert set(tr["in_progress"]) == {"awaiting_customer", "resolved"}
    assert tr["awaiting_customer"] == ["in_progress"]
    assert set(tr["resolved"]) == {"closed", "in_progress"}
    assert tr["closed"] == []
    it = k["internal"]["transitions"]
    assert it["new"] == ["triaged"] and it["triaged"] == ["in_progress"]
    assert it["in_progress"] == ["resolved"] and "closed" in it["resolved"]
    assert it["closed"] == []


def test_catalog_fields_per_kind(t):
    k = cat(t)["kinds"]
    f = {code: set(k[code]["fields"]) for code in k}
    assert {"customer_id", "so_id", "invoice_id"} <= f["b2b"]
    assert "woo_order_number" not in f["b2b"]
    assert {"woo_order_number", "customer_name", "customer_email", "customer_phone",
            "delivery_date"} <= f["b2c"]
    assert "invoice_id" not in f["b2c"]
    assert {"steps_to_reproduce", "expected_behavior", "actual_behavior",
            "affected_module"} <= f["internal"]
    assert not ({"customer_id", "so_id"} & f["internal"])


def test_server_takes_every_catalog_entry(t):
    """Every category and priority the catalog lists is accepted at creation.  (Categories
    that need a photo are left out: photos are a later issue's upload.)"""
    k = cat(t)["kinds"]
    cu, so, _ = b2b_setup(t)
    agent = t.as_("agent")
    for code in ("b2b", "b2c", "internal"):
        cats = [c["code"] for g in k[code]["category_groups"] for c in g["categories"]
                if not c["photo_required"]]
        assert len(cats) >= 4, code
        prios = [p["code"] for p in k[code]["priorities"]]
        for i, category in enumerate(cats):
            p = prios[i % len(prios)]
            if code == "b2b":
                body = b2b_body(cu, so, category=category, priority=p)
            elif code == "b2c":
                body = b2c_body(category=category, priority=p)
            else:
                body = internal_body(category=category, priority=p)
            r = agent.post(f"/api/tickets/{code}/create", body)
            got = expect(r, 201)
            group = next(g["code"] for g in k[code]["category_groups"]
                         if category in [c["code"] for c in g["categories"]])
            assert got["category"] == category and got["category_group"] == group
            assert got["priority"] == p
