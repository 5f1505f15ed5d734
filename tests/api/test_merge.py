"""Merge, split and links (issue 18): a duplicate's comments, communications and attachments
move to the kept ticket and the duplicate closes with a link; a complaint about several order
lines splits into one ticket per line with its part of the evidence; links show on both
tickets; the totals follow."""
from harness import expect
from test_openapi import check, schema
from fixtures import b2b_body, b2b_setup, b2c_body, total
from test_evidence import png, send, quality_b2b
from test_patterns import upload


def types(t, tid):
    return [e for e in expect(t.as_("manager").get(f"/api/tickets/b2b/{tid}/timeline"),
                              200)["items"]]


def test_merge_moves_the_evidence_and_closes_the_duplicate(t):
    cu, so, _ = b2b_setup(t)
    agent = t.as_("agent")
    kept = expect(agent.post("/api/tickets/b2b/create", b2b_body(cu, so)), 201)
    dup = expect(agent.post("/api/tickets/b2b/create", b2b_body(cu, so)), 201)
    dbase = f"/api/tickets/b2b/{dup['ticket_id']}"
    expect(agent.post(dbase + "/comments", {"comment_text": "Chef called again about it",
                                            "visibility": "internal"}), 201)
    expect(agent.post(dbase + "/communications", {
        "channel": "phone", "direction": "inbound", "summary": "Second call about crates",
        "occurred_at": "2026-03-02T08:15:00+05:30"}), 201)
    expect(send(agent, dbase + "/attachments", [("files", "note.png", None, png(seed=91))]), 201)
    closed_before = total(t, "b2b", status="closed")
    new_before = total(t, "b2b", status="new")

    expect(agent.post(dbase + "/merge", {"into": dup["number"]}), 422, "invalid", "into")
    expect(agent.post(dbase + "/merge", {"into": "B2B-999999"}), 422, "invalid", "into")
    expect(t.as_("reporter").post(dbase + "/merge", {"into": kept["number"]}), 403)
    got = expect(agent.post(dbase + "/merge", {"into": kept["number"].lower()}), 200)
    assert got["ticket_id"] == kept["ticket_id"]

    kbase = f"/api/tickets/b2b/{kept['ticket_id']}"
    comments = expect(agent.get(kbase + "/comments"), 200)["items"]
    assert [c["comment_text"] for c in comments] == ["Chef called again about it"]
    comms = expect(agent.get(kbase + "/communications"), 200)["items"]
    assert [c["summary"] for c in comms] == ["Second call about crates"]
    assert len(expect(agent.get(kbase + "/attachments"), 200)["items"]) == 1
    assert expect(agent.get(dbase + "/communications"), 200)["items"] == []
    assert expect(agent.get(dbase + "/attachments"), 200)["items"] == []
    d = expect(agent.get(dbase), 200)
    assert d["status"] == "closed"
    assert total(t, "b2b", status="closed") == closed_before + 1
    assert total(t, "b2b", status="new") == new_before - 1
    dl = expect(agent.get(dbase + "/links"), 200)["items"]
    assert [(x["type"], x["number"]) for x in dl] == [("duplicate_of", kept["number"])]
    kl = expect(agent.get(kbase + "/links"), 200)["items"]
    assert [(x["type"], x["number"]) for x in kl] == [("has_duplicate", dup["number"])]
    assert any(e["type"] == "merged" and e["new_value"] == kept["number"]
               for e in types(t, dup["ticket_id"]))
    assert any(e["type"] == "merged" and e["new_value"] == dup["number"]
               for e in types(t, kept["ticket_id"]))
    # A closed ticket is not merged again.
    expect(agent.post(dbase + "/merge", {"into": kept["number"]}), 409, "conflict")


def test_split_gives_each_line_its_evidence(t):
    cu, so, _ = b2b_setup(t)  # two lines: tomato, coriander
    agent = t.as_("agent")
    ups = [upload(agent, 100 + i) for i in range(3)]
    orig = expect(agent.post("/api/tickets/b2b/create", quality_b2b(
        cu, so, photo_upload_ids=ups)), 201)
    base = f"/api/tickets/b2b/{orig['ticket_id']}"
    atts = [a["attachment_id"] for a in expect(agent.get(base + "/attachments"), 200)["items"]]
    assert sorted(atts) == sorted(ups)
    before = total(t, "b2b")
    expect(agent.post(base + "/split", {"parts": [{"line_no": 9, "attachment_ids": [ups[2]]}]}),
           422, "invalid", "parts[0].line_no")
    expect(agent.post(base + "/split", {"parts": [{"line_no": 2}]}), 422, "invalid",
           "parts[0].attachment_ids")
    expect(agent.post(base + "/split", {"parts": [{"line_no": 2, "attachment_ids": ups}]}), 422,
           "invalid", "parts")
    expect(agent.post(base + "/split", {"parts": [{"line_no": 2, "attachment_ids": [999999]}]}),
           422, "invalid", "parts[0].attachment_ids")
    assert total(t, "b2b") == before
    got = expect(agent.post(base + "/split", {"parts": [
        {"line_no": 2, "attachment_ids": [ups[1], ups[2]]}]}), 201)
    assert total(t, "b2b") == before + 1
    part = got["parts"][0]
    check(schema("B2BTicketSplit"), got)
    assert part["line_no"] == 2 and part["item"] == "Coriander" and part["attachments"] == 2
    child = expect(agent.get(f"/api/tickets/b2b/{part['ticket_id']}"), 200)
    assert child["items_affected"] == "Coriander" and child["so_id"] == so["so_id"]
    assert child["customer_id"] == cu["customer_id"] and child["category"] == orig["category"]
    moved = expect(agent.get(f"/api/tickets/b2b/{part['ticket_id']}/attachments"), 200)["items"]
    assert sorted(a["attachment_id"] for a in moved) == sorted([ups[1], ups[2]])
    left = expect(agent.get(base + "/attachments"), 200)["items"]
    assert [a["attachment_id"] for a in left] == [ups[0]]
    links = expect(agent.get(base + "/links"), 200)["items"]
    assert [(x["type"], x["number"]) for x in links] == [("parent_of", part["number"])], links
    assert any(e["type"] == "split" and e["new_value"] == part["number"]
               for e in types(t, orig["ticket_id"]))
    assert any(e["type"] == "split" and e["new_value"] == orig["number"]
               for e in types(t, part["ticket_id"]))


def test_links_on_both_timelines(t):
    cu, so, _ = b2b_setup(t)
    agent = t.as_("agent")
    a = expect(agent.post("/api/tickets/b2b/create", b2b_body(cu, so)), 201)
    b = expect(agent.post("/api/tickets/b2c/create", b2c_body(category="track_order")), 201)
    base = f"/api/tickets/b2b/{a['ticket_id']}"
    expect(agent.post(base + "/links", {"type": "cousin_of", "ticket": b["number"]}), 422,
           "invalid", "type")
    expect(agent.post(base + "/links", {"type": "related", "ticket": a["number"]}), 422,
           "invalid", "ticket")
    got = expect(agent.post(base + "/links", {"type": "child_of", "ticket": b["number"]}), 201)
    assert [(x["type"], x["number"]) for x in got["items"]] == [("child_of", b["number"])]
    other = expect(agent.get(f"/api/tickets/b2c/{b['ticket_id']}/links"), 200)["items"]
    check(schema("TicketLinkList"), got)
    assert [(x["type"], x["number"]) for x in other] == [("parent_of", a["number"])]
    expect(agent.post(base + "/links", {"type": "related", "ticket": b["number"]}), 409,
           "conflict")
    tl = expect(agent.get(f"/api/tickets/b2c/{b['ticket_id']}/timeline"), 200)["items"]
    assert any(e["type"] == "linked" and e["new_value"] == f"parent_of {a['number']}" for e in tl)


def test_internal_duplicates_are_merged_by_developers(t):
    from fixtures import internal
    a, b = internal(t), internal(t)
    path = f"/api/tickets/internal/{b['ticket_id']}/merge"
    expect(t.as_("agent").post(path, {"into": a["number"]}), 403, "forbidden")
    kept = expect(t.as_("developer").post(path, {"into": a["number"]}), 200)
    assert kept["ticket_id"] == a["ticket_id"]
    got = expect(t.as_("developer").get(f"/api/tickets/internal/{b['ticket_id']}"), 200)
    assert got["status"] == "closed"
    # The reporter who filed both sees the duplicate closed, with the link on its timeline.
    tl = expect(t.as_("reporter").get(f"/api/tickets/internal/{b['ticket_id']}/timeline"),
                200)["items"]
    assert any(e["type"] == "merged" and e["new_value"] == a["number"] for e in tl)
