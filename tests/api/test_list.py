"""The ticket list: filters, sorting, full-text search, keyset pagination and its limits.
Each test works on tickets of a customer of its own (or a search word of its own), so the
other tests' tickets do not get in the way."""
import datetime

import harness
from harness import expect
from fixtures import (b2b, b2b_setup, b2c, internal, ist, ist_day, list_, order, post, qs,
                      reset_clock, set_clock, uid, walk, word)

DAY = datetime.timedelta(days=1)


def ids(body):
    return [i["ticket_id"] for i in body["items"]]


def test_filters(t):
    cu, so, _ = b2b_setup(t)
    so2 = order(t, cu["customer_id"])
    agent, agent2 = t.user("agent")["user_id"], t.user("agent2")["user_id"]
    a = b2b(t, cu, so, priority="urgent", category="wrong_items")
    b = b2b(t, cu, so, priority="low", category="missing_items")
    c = b2b(t, cu, so2, priority="urgent", category="missing_items")
    d = b2b(t, cu, so2, priority="medium", category="pricing_query", requested_resolution=...)
    expect(post(t, "manager", "b2b", a["ticket_id"], "assign", {"assigned_to": agent}), 200)
    expect(post(t, "manager", "b2b", b["ticket_id"], "assign", {"assigned_to": agent2}), 200)
    expect(post(t, "agent", "b2b", a["ticket_id"], "update", {"status": "in_progress"}), 200)
    other = b2b(t, priority="urgent")  # another customer's
    cid = cu["customer_id"]

    def got(role="agent", **p):
        body = list_(t, "b2b", role, customer_id=cid, **p)
        assert body["total"] == len(body["items"]), body
        return set(ids(body))

    A, B, C, D = (x["ticket_id"] for x in (a, b, c, d))
    assert got() == {A, B, C, D}
    assert other["ticket_id"] not in got()
    assert got(status="in_progress") == {A}
    assert got(status="assigned") == {B}
    assert got(status="new") == {C, D}
    assert got(status="closed") == set()
    assert got(priority="urgent") == {A, C}
    assert got(priority="urgent", status="new") == {C}
    assert got(category="missing_items") == {B, C}
    assert got(category="pricing_query") == {D}
    assert got(assigned_to=agent) == {A}
    assert got(assigned_to=str(agent2)) == {B}
    assert got(assigned_to="none") == {C, D}
    assert got("agent", assigned_to="me") == {A}
    assert got("agent2", assigned_to="me") == {B}
    assert got("manager", assigned_to="me") == set()
    # the items carry what the list view needs
    item = next(i for i in list_(t, "b2b", customer_id=cid)["items"] if i["ticket_id"] == A)
    assert item["number"] == a["number"] and item["status"] == "in_progress"
    assert item["priority"] == "urgent" and item["assigned_to"] == agent
    # bad filter values are refused with the parameter named
    ag = t.as_("agent")
    for q, field in (("status=triaged", "status"), ("status=open", "status"),
                     ("priority=critical", "priority"), ("category=bug", "category"),
                     ("assigned_to=someone", "assigned_to"), ("assigned_to=-3", "assigned_to"),
                     ("created_from=last-week", "created_from"),
                     ("created_to=2026-02-30", "created_to"), ("sort=title", "sort"),
                     ("order=up", "order"), ("q=%21%21%21", "q")):
        expect(ag.get(f"/api/tickets/b2b/list?{q}"), 400, "bad_request", field)


def test_created_from_to_local_days(t):
    cu, so, _ = b2b_setup(t)
    d = ist_day(-6)
    made = {}
    try:
        for i, (day, h, m) in enumerate([(d, 0, 0), (d + DAY, 10, 0), (d + DAY, 23, 59),
                                         (d + 2 * DAY, 0, 0)]):
            set_clock(t, ist(day, h, m))
            made[i] = b2b(t, cu, so)["ticket_id"]
    finally:
        reset_clock(t)
    cid = cu["customer_id"]

    def got(**p):
        return set(ids(list_(t, "b2b", customer_id=cid, **p)))

    # a date is a whole local (Kolkata) day: from its start, up to its end
    assert got(created_from=str(d + DAY)) == {made[1], made[2], made[3]}
    assert got(created_to=str(d + DAY)) == {made[0], made[1], made[2]}
    assert got(created_from=str(d + DAY), created_to=str(d + DAY)) == {made[1], made[2]}
    assert got(created_from=str(d), created_to=str(d)) == {made[0]}
    assert got(created_from=str(d + 3 * DAY)) == set()
    # an instant is exact: from is inclusive, to is exclusive
    at10 = ist(d + DAY, 10).astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert got(created_from=at10) == {made[1], made[2], made[3]}
    assert got(created_to=at10) == {made[0]}
    assert got(created_from=ist(d + DAY, 10).isoformat(),
               created_to=ist(d + DAY, 10, 1).isoformat()) == {made[1]}


def test_sorting(t):
    cu, so, _ = b2b_setup(t)
    base = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - \
        datetime.timedelta(hours=6)
    try:
        # created in an order that differs from the id order
        set_clock(t, base + datetime.timedelta(hours=3))
        a = b2b(t, cu, so, priority="low")
        set_clock(t, base + datetime.timedelta(hours=1))
        b = b2b(t, cu, so, priority="urgent")
        set_clock(t, base + datetime.timedelta(hours=2))
        c = b2b(t, cu, so, priority="medium")
        d = b2b(t, cu, so, priority="urgent")  # same second as c
        set_clock(t, base + datetime.timedelta(hours=4))
        expect(post(t, "agent", "b2b", b["ticket_id"], "update", {"title": "touched"}), 200)
    finally:
        reset_clock(t)
    A, B, C, D = (x["ticket_id"] for x in (a, b, c, d))
    cid = cu["customer_id"]

    def order_of(**p):
        return ids(list_(t, "b2b", customer_id=cid, **p))

    assert order_of(sort="created_at", order="asc") == [B, C, D, A]
    assert order_of(sort="created_at", order="desc") == [A, D, C, B]
    assert order_of() == [A, D, C, B]  # newest first by default
    assert order_of(sort="updated_at", order="desc")[0] == B
    assert order_of(sort="updated_at", order="asc")[-1] == B
    assert order_of(sort="priority", order="desc") == [D, B, C, A]  # ties: newest id first
    assert order_of(sort="priority", order="asc") == [A, C, B, D]
    items = list_(t, "b2b", customer_id=cid, sort="created_at", order="asc")["items"]
    stamps = [i["created_at"] for i in items]
    assert stamps == sorted(stamps)


def test_search(t):
    tag = word()
    name = f"Saffron {tag} Court"
    cu, so, inv = b2b_setup(t, name=name)
    by_name = b2b(t, cu, so)
    by_invoice = b2b(t, cu, so, so_id=..., invoice_id=inv["invoice_id"])
    by_title = b2b(t, title=f"Broken crate {word()}")
    title_word = by_title["title"].split()[-1]
    desc_word = word()
    by_desc = b2b(t, description=f"The okra was limp {desc_word} and brown.")
    woo = uid("WOO")
    by_woo = b2c(t, woo_order_number=woo)
    b2c_name = word()
    by_b2c_name = b2c(t, customer_name=f"Meera {b2c_name}")

    def hits(kind, q, role="agent"):
        return set(ids(list_(t, kind, role, q=q)))

    assert hits("b2b", tag) == {by_name["ticket_id"], by_invoice["ticket_id"]}
    assert hits("b2b", inv["invoice_id"]) == {by_invoice["ticket_id"]}
    assert hits("b2b", f"SAFFRON {tag.upper()}") == {by_name["ticket_id"],
                                                     by_invoice["ticket_id"]}  # any case
    assert hits("b2b", so["so_id"]) == {by_name["ticket_id"], by_invoice["ticket_id"]}
    assert hits("b2b", by_name["number"]) == {by_name["ticket_id"]}
    assert hits("b2b", title_word) == {by_title["ticket_id"]}
    assert hits("b2b", desc_word) == {by_desc["ticket_id"]}
    assert hits("b2b", f"okra {desc_word}") == {by_desc["ticket_id"]}  # all words
    assert hits("b2b", f"{desc_word} {tag}") == set()
    assert hits("b2c", woo) == {by_woo["ticket_id"]}
    assert hits("b2c", b2c_name) == {by_b2c_name["ticket_id"]}
    assert hits("b2c", by_woo["number"]) == {by_woo["ticket_id"]}
    # words match whole words; a word ending in * asks for a prefix
    assert hits("b2b", desc_word[:-2]) == set()
    assert by_desc["ticket_id"] in hits("b2b", desc_word[:-2] + "*")
    # searching one kind does not find another kind's tickets
    assert hits("b2c", tag) == set()
    # search combines with filters and counts
    body = list_(t, "b2b", q=tag, status="new")
    assert body["total"] == 2
    assert list_(t, "b2b", q=tag, status="closed")["total"] == 0
    # an edit is searchable at once
    new_word = word()
    expect(post(t, "agent", "b2b", by_title["ticket_id"], "update",
                {"title": f"Crate {new_word}"}), 200)
    assert hits("b2b", new_word) == {by_title["ticket_id"]}
    assert hits("b2b", title_word) == set()
    # punctuation does not break the query
    assert hits("b2b", f'"{tag}" (') == {by_name["ticket_id"], by_invoice["ticket_id"]}
    assert hits("b2b", f"{tag}*") == {by_name["ticket_id"], by_invoice["ticket_id"]}


def test_pagination_walks_every_ticket_once(t):
    cu, so, _ = b2b_setup(t)
    prios = ["low", "medium", "high", "urgent"]
    made = set()
    stamp = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - \
        datetime.timedelta(hours=2)
    try:
        # many tickets in the same second, so the sort keys tie
        for i in range(23):
            if i % 8 == 0:
                set_clock(t, stamp + datetime.timedelta(minutes=i))
            made.add(b2b(t, cu, so, priority=prios[i % 4])["ticket_id"])
    finally:
        reset_clock(t)
    cid = cu["customer_id"]
    for sort in ("created_at", "updated_at", "priority"):
        for direction in ("asc", "desc"):
            items, total, pages = walk(t, "b2b", customer_id=cid, sort=sort, order=direction,
                                       limit=5)
            got = [i["ticket_id"] for i in items]
            assert len(got) == len(set(got)), f"duplicates with {sort} {direction}"
            assert set(got) == made, f"gaps with {sort} {direction}"
            assert total == 23 and pages == 5, (total, pages)
            # the pages together are in the requested order
            key = {"created_at": "created_at", "updated_at": "updated_at",
                   "priority": "priority_rank"}[sort]
            keys = [(i[key], i["ticket_id"]) for i in items]
            assert keys == sorted(keys, reverse=direction == "desc"), (sort, direction)
    # one page of everything: no cursor
    body = list_(t, "b2b", customer_id=cid, limit=23)
    assert len(body["items"]) == 23 and body["next_cursor"] is None and body["limit"] == 23
    body = list_(t, "b2b", customer_id=cid, limit=22)
    assert len(body["items"]) == 22 and body["next_cursor"]


def test_pagination_is_stable_while_tickets_are_added(t):
    cu, so, _ = b2b_setup(t)
    first = [b2b(t, cu, so)["ticket_id"] for _ in range(6)]
    cid = cu["customer_id"]
    page1 = list_(t, "b2b", customer_id=cid, limit=3)
    added = b2b(t, cu, so)["ticket_id"]  # newest: belongs before page 1 in desc order
    page2 = list_(t, "b2b", customer_id=cid, limit=3, cursor=page1["next_cursor"])
    assert ids(page1) + ids(page2) == sorted(first, reverse=True)
    assert added not in ids(page2)
    assert page2["total"] == 7


def test_limits_and_bad_parameters(t):
    ag = t.as_("agent")
    body = list_(t, "b2b", limit=200)
    assert body["limit"] == 200
    assert list_(t, "b2b")["limit"] == 50
    for q in ("limit=201", "limit=0", "limit=-1", "limit=ten", "limit=5.5"):
        expect(ag.get(f"/api/tickets/b2b/list?{q}"), 400, "bad_request", "limit")
    expect(ag.get("/api/tickets/b2b/list?page=2"), 400, "bad_request", "page")
    expect(ag.get("/api/tickets/b2b/list?status=new&colour=red"), 400, "bad_request",
           "colour")
    expect(ag.get("/api/tickets/b2b/list?cursor=garbage"), 400, "bad_request", "cursor")
    # a cursor belongs to the order it was made for
    cu, so, _ = b2b_setup(t)
    for _ in range(3):
        b2b(t, cu, so)
    cur = list_(t, "b2b", customer_id=cu["customer_id"], limit=1)["next_cursor"]
    assert cur
    expect(ag.get(f"/api/tickets/b2b/list?customer_id={cu['customer_id']}&limit=1"
                  f"&sort=priority&cursor={cur}"), 400, "bad_request", "cursor")
    expect(ag.get(f"/api/tickets/b2b/list?customer_id={cu['customer_id']}&limit=1"
                  f"&order=asc&cursor={cur}"), 400, "bad_request", "cursor")


def test_totals_are_exact_below_the_search_cap(t):
    page = expect(t.as_("agent").get("/api/tickets/b2b/list?limit=1"), 200)
    assert page["total_exact"] is True
    word = "zucchini" + str(abs(hash(t)) % 100000)
    b2b(t, description=f"Two crates of {word} arrived soft")
    found = expect(t.as_("agent").get(f"/api/tickets/b2b/list?q={word}"), 200)
    assert found["total"] == 1 and found["total_exact"] is True, found


def test_assignee_totals_from_the_counters_agree_with_the_rows(t):
    """A list filtered by its assignee (and kind, status, priority) takes its total from
    ticket_counts; after assigning, reassigning, status and priority changes it must equal
    a count of the rows (which any other filter, here created_from, forces)."""
    agent, agent2 = t.user("agent")["user_id"], t.user("agent2")["user_id"]
    cu, so, _ = b2b_setup(t)
    made = [b2b(t, cu, so, priority="low") for _ in range(5)]
    A, B, C, D, _E = (x["ticket_id"] for x in made)
    expect(post(t, "manager", "b2b", A, "assign", {"assigned_to": agent}), 200)
    expect(post(t, "manager", "b2b", B, "assign", {"assigned_to": agent}), 200)
    expect(post(t, "manager", "b2b", C, "assign", {"assigned_to": agent2}), 200)
    expect(post(t, "manager", "b2b", B, "assign", {"assigned_to": agent2}), 200)
    expect(post(t, "agent2", "b2b", C, "update", {"status": "in_progress"}), 200)
    expect(post(t, "manager", "b2b", D, "update", {"priority": "urgent"}), 200)
    expect(post(t, "manager", "b2b", D, "assign", {"assigned_to": agent}), 200)

    def both(role="admin", **p):
        counted = list_(t, "b2b", role, **p)["total"]
        rows = list_(t, "b2b", role, created_from="2000-01-01", **p)["total"]
        assert counted == rows, (p, counted, rows)
        return counted

    for who in (agent, agent2, "none"):
        both(assigned_to=who)
        for st in ("new", "assigned", "in_progress"):
            both(assigned_to=who, status=st)
        both(assigned_to=who, priority="urgent")
        both(assigned_to=who, priority="low", status="assigned")
    assert both("agent", assigned_to="me") == both(assigned_to=agent)
    # and the counts moved with the tickets: this customer's share is known exactly
    mine = set(ids(list_(t, "b2b", customer_id=cu["customer_id"], assigned_to=agent)))
    assert mine == {A, D}
    assert set(ids(list_(t, "b2b", customer_id=cu["customer_id"], assigned_to=agent2))) == {B, C}


def found(t, kind, q, **params):
    return set(ids(list_(t, kind, q=q, **params)))


def test_search_stems_words(t):
    """Words are stemmed (English): a plural finds the singular and the other way round."""
    tag = word()
    a = b2c(t, description=f"One tomato {tag} was squashed in the delivery.")
    b = b2c(t, description=f"The tomatoes {tag} came bruised and the bags were torn.")
    A, B = a["ticket_id"], b["ticket_id"]

    assert found(t, "b2c", f"{tag} tomatoes") == {A, B}
    assert found(t, "b2c", f"{tag} Tomato") == {A, B}
    assert found(t, "b2c", f"{tag} deliveries") == {A}
    assert found(t, "b2c", f"{tag} bruise") == {B}
    assert found(t, "b2c", f"{tag} bag torn") == {B}
    assert found(t, "b2c", f"{tag} tomatoes squash") == {A}
    assert found(t, "b2c", f"{tag} potatoes") == set()


def test_search_prefix_only_when_asked(t):
    """A word matches whole words; "toma*" asks for words beginning with "toma"."""
    tag = word()
    a = b2c(t, description=f"Tomatoes {tag} were green.")
    A = a["ticket_id"]

    assert found(t, "b2c", f"{tag} toma") == set()
    assert found(t, "b2c", f"{tag} toma*") == {A}
    assert found(t, "b2c", f"{tag} TOMA*") == {A}
    assert found(t, "b2c", f"{tag[:-1]}*") == {A}
    assert found(t, "b2c", f"{tag[:-1]}") == set()
    assert found(t, "b2c", f"{tag} tomb*") == set()


def test_search_ticket_number_typed_whole(t):
    """A ticket or order number typed whole finds its ticket; a part of it needs a '*'."""
    a = b2c(t)
    number, woo = a["number"], a["woo_order_number"]

    assert found(t, "b2c", number) == {a["ticket_id"]}
    assert found(t, "b2c", number.lower()) == {a["ticket_id"]}
    assert found(t, "b2c", woo) == {a["ticket_id"]}
    assert found(t, "b2c", number[:-1]) == set()
    assert a["ticket_id"] in found(t, "b2c", number[:-1] + "*")
    # the same number in another kind's list finds nothing
    assert found(t, "b2b", number) == set()


def test_search_stays_in_its_kind(t):
    """A search of one kind never finds another kind's tickets with the same words, in the
    page and in the total, with or without other filters; and a kind's name is not a word
    of every ticket of that kind."""
    tag = word()
    mine = [b2c(t, description=f"Soft tomatoes {tag}")["ticket_id"] for _ in range(3)]
    theirs = [b2b(t, description=f"Soft tomatoes {tag}")["ticket_id"] for _ in range(2)]
    inside = internal(t, description=f"Report {tag} export fails")["ticket_id"]

    for kind, want in (("b2c", mine), ("b2b", theirs), ("internal", [inside])):
        body = list_(t, kind, q=tag)
        assert set(ids(body)) == set(want), (kind, body)
        assert body["total"] == len(want) and body["total_exact"] is True, (kind, body)
        for extra in ({"status": "new"}, {"created_from": "2000-01-01"}, {"sort": "priority"}):
            body = list_(t, kind, q=tag, **extra)
            assert set(ids(body)) == set(want), (kind, extra, body)
            assert body["total"] == len(want), (kind, extra, body)
    assert found(t, "b2c", tag, status="closed") == set()
    # "internal" and "b2b" are kinds, not words of the tickets
    assert found(t, "internal", f"{tag} internal") == set()
    assert found(t, "b2b", f"{tag} b2b") == set(theirs)  # in their numbers, B2B-...
    assert found(t, "b2c", f"{tag} b2b") == set()


def test_search_total_is_capped(t):
    """A search counts its matches up to 1000: beyond, total is 1000 and not exact, the
    same whether the count reads the text index alone or the tickets too."""
    tag = word()
    made = [b2c(t, description=f"Crushed tomatoes {tag}")["ticket_id"] for _ in range(1001)]
    b2b(t, description=f"Crushed tomatoes {tag}")
    body = list_(t, "b2c", "agent", q=f"{tag} tomato")
    assert body["total"] == 1000 and body["total_exact"] is False, body["total"]
    assert ids(body) == sorted(made, reverse=True)[:50]
    for extra in ({"status": "new"}, {"created_from": "2000-01-01"}, {"sort": "priority"}):
        body = list_(t, "b2c", "agent", q=tag, **extra)
        assert body["total"] == 1000 and body["total_exact"] is False, (extra, body["total"])
    # the whole list, walked page by page, is every match once
    items, total, _ = walk(t, "b2c", "agent", q=tag, limit=200)
    assert sorted(i["ticket_id"] for i in items) == sorted(made) and total == 1000



def _segments(t, kind):
    """How many segments the kind's text index has now (read beside the running server)."""
    import sqlite3
    db = sqlite3.connect(f"file:{t.server.data}/ticketd.db?mode=ro", uri=True, timeout=10)
    try:
        return db.execute(f"SELECT count(DISTINCT segid) FROM tickets_fts_{kind}_idx").fetchone()[0]
    finally:
        db.close()


def _settled_segments(t, kind, timeout=60):
    """The segment count once it has stayed the same for 3 s: the merging that other
    tests' writes started (after a quiet second) is over."""
    import time
    deadline = time.monotonic() + timeout
    last, since = _segments(t, kind), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = _segments(t, kind)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= 3:
            return now
    raise AssertionError(f"the {kind} text index kept changing for {timeout} s")


@harness.only_on("sqlite")
def test_text_index_is_merged_when_quiet(t):
    """Each create writes its words as a new segment of the text index; once no one has
    written for a second, the server merges them (src/store/sqlite.c) down to one segment
    per level, and every ticket is still found."""
    import time
    base = _settled_segments(t, "b2c")
    tag = word()
    # FTS5's own automerge folds a level's 8th segment into the next level during the
    # burst, so the count after it depends on where the levels stood: the most seen
    # after any one create is what shows the segments gathering
    made, burst = set(), base
    for _ in range(40):
        made.add(b2c(t, customer_name=f"Kavya {tag}")["ticket_id"])
        burst = max(burst, _segments(t, "b2c"))
    assert burst >= base + 2, f"40 creates took the index from {base} to at most {burst} segments"
    deadline = time.monotonic() + 30
    while _segments(t, "b2c") > base + 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    merged = _segments(t, "b2c")
    assert merged <= base + 1, f"{merged} segments (before the creates {base}, after {burst})"
    assert set(ids(list_(t, "b2c", q=tag, limit=200))) == made
    assert list_(t, "b2c", q=tag)["total"] == 40


def across(t, role="admin", client=None, expect_status=200, **params):
    c = client or t.as_(role)
    return expect(c.get(f"/api/tickets/list?{qs(**params)}"), expect_status)


def test_list_across_kinds(t):
    """GET /api/tickets/list: every kind the caller reads, each as far as they read it,
    with the filters of the lists of one kind and open=true as the dashboard counts."""
    tag = word()
    agent = t.user("agent")["user_id"]
    a = b2b(t, description=f"Bruised mangoes {tag}")
    b = b2c(t, description=f"Soft mangoes {tag}")
    mine = internal(t, role="agent", description=f"Scanner froze {tag}")
    theirs = internal(t, role="reporter", description=f"Invoice totals wrong {tag}")
    A, B, M, T = (x["ticket_id"] for x in (a, b, mine, theirs))
    expect(post(t, "manager", "b2c", B, "assign", {"assigned_to": agent}), 200)

    def got(role="agent", **p):
        body = across(t, role, q=tag, **p)
        assert body["total"] == len(body["items"]), body
        return set(ids(body))

    # an agent: B2B and B2C, and of the internal tickets only their own
    assert got() == {A, B, M}
    # admins and developers read every internal ticket; a reporter only their own
    assert got("admin") == {A, B, M, T}
    assert got("developer") == {M, T}
    assert got("reporter") == {T}
    # kind names one kind or several; one kind is that kind's list
    assert got(kind="b2c") == {B}
    assert got(kind="b2b,b2c") == {A, B}
    assert got(kind="internal") == {M}
    # the same filters as one kind's list, across kinds
    assert got(assigned_to="me") == {B}
    assert got(status="new") == {A, M}
    assert got(created_by="me") == {A, B, M}
    rows = across(t, "agent", q=tag, sort="updated_at")["items"]
    assert {r["kind"] for r in rows} == {"b2b", "b2c", "internal"}
    assert all(r["number"].startswith(r["kind"].upper()[:3]) for r in rows)
    # open=true leaves out resolved and closed tickets
    expect(post(t, "agent", "b2c", B, "update", {"status": "in_progress"}), 200)
    expect(post(t, "agent", "b2c", B, "resolve",
                {"resolution_type": "replacement", "replacement_date": str(ist_day(1)),
                 "notes": "New box sent"}), 200)
    assert got(open="true") == {A, M}
    assert got(open="false") == {A, B, M}
    # a filter of one kind needs that kind; a kind the caller may not read is 403
    ag = t.as_("agent")
    for q, field in (("priority=high", "priority"), ("category=damaged_items", "category"),
                     ("within_policy_window=true", "within_policy_window"),
                     ("kind=retail", "kind"), ("kind=b2b,", "kind"), ("open=yes", "open"),
                     ("status=triaged&kind=b2b", "status"), ("nope=1", "nope")):
        err = expect(ag.get(f"/api/tickets/list?{q}"), 400, "bad_request")["error"]
        assert err["field"] == field, (q, err)
    assert got(kind="b2c", priority="medium") == {B}
    expect(t.as_("developer").get("/api/tickets/list?kind=b2b"), 403, "forbidden")
    expect(t.as_("reporter").get("/api/tickets/list?kind=b2c,internal"), 403, "forbidden")
    # kind belongs to the list across kinds only
    expect(ag.get("/api/tickets/b2b/list?kind=b2b"), 400, "bad_request")
    # pages across kinds walk every ticket once
    seen, cursor = [], None
    while True:
        p = {"q": tag, "limit": 1, "sort": "updated_at"}
        if cursor:
            p["cursor"] = cursor
        body = across(t, "admin", **p)
        seen += ids(body)
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted({A, B, M, T}) and len(seen) == 4


def test_overdue_across_kinds_matches_the_dashboard(t):
    """The dashboard's Overdue figure opens /api/tickets/list?open=true&overdue=true: the
    list holds exactly as many tickets as the figure counts (at a fixed instant, three
    days on, when the new urgent tickets are past due)."""
    b2b(t, priority="urgent")
    b2c(t)
    internal(t, role="manager", priority="critical")
    set_clock(t, datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + 3 * DAY)
    try:
        _overdue_matches(t)
    finally:
        reset_clock(t)


def _overdue_matches(t):
    for role in ("agent", "manager", "admin"):
        dash = expect(t.as_(role).get("/api/dashboard"), 200)
        body = across(t, role, open="true", overdue="true", limit=5)
        assert len(body["items"]) == min(5, body["total"])
        assert body["total"] == dash["overdue"] > 0, \
            (role, body["total"], dash["overdue"])
        mine = across(t, role, open="true", limit=200)
        assert mine["total"] == dash["open"]["total"], (role, mine["total"], dash["open"])
