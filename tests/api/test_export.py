"""CSV export (issue 18): a ticket list exports with its own filters and order, the same rows
as the list's pages (across several export pages of 500), quoted per RFC 4180 with the
formula guard; Accept: text/csv on a list does the same; bad filters are refused as the list
refuses them; the reports export too."""
import csv
import io

from harness import expect
from fixtures import b2c_body, customer, qs, walk


def rows_of(resp):
    assert resp.status == 200, resp
    assert resp.headers["content-type"].startswith("text/csv"), resp.headers
    assert resp.raw.endswith(b"\r\n")
    return list(csv.DictReader(io.StringIO(resp.raw.decode("utf-8"), newline="")))


def test_export_matches_the_list_across_pages(t):
    cu = customer(t, type_="home", name="Meera Nair")
    agent = t.as_("agent")
    titles = ['Box "damaged", twice\nsecond line', "=HYPERLINK(\"http://x\")", "+91 call back",
              "-5 kg short", "@chef"]
    made = []
    for i in range(507):
        body = b2c_body(customer_id=cu["customer_id"], category="missing_items",
                        priority=["low", "medium", "high"][i % 3])
        if i < len(titles):
            body["title"] = titles[i]
        made.append(expect(agent.post("/api/tickets/b2c/create", body), 201))
    params = {"customer_id": cu["customer_id"], "sort": "priority", "order": "asc"}
    items, total, _ = walk(t, "b2c", role="agent", limit=200, **params)
    assert total == 507
    got = rows_of(agent.get(f"/api/tickets/b2c/export.csv?{qs(**params)}"))
    assert [r["number"] for r in got] == [i["number"] for i in items]
    assert [r["priority"] for r in got] == [i["priority"] for i in items]
    by_number = {r["number"]: r for r in got}
    first = by_number[made[0]["number"]]
    assert first["title"] == 'Box "damaged", twice\nsecond line'
    assert first["customer_id"] == cu["customer_id"] and first["kind"] == "b2c"
    assert first["created_at"].endswith("Z") and first["status"] == "new"
    # The formula guard: a leading apostrophe, so a spreadsheet shows the text.
    assert [by_number[m["number"]]["title"] for m in made[1:5]] == [
        "'=HYPERLINK(\"http://x\")", "'+91 call back", "'-5 kg short", "'@chef"]
    # A filter narrows it as it narrows the list; Accept: text/csv on the list is the same.
    high = rows_of(agent.get(f"/api/tickets/b2c/list?{qs(priority='high', **params)}",
                             headers={"Accept": "text/csv"}))
    items_high, _, _ = walk(t, "b2c", role="agent", priority="high", **params)
    assert [r["number"] for r in high] == [i["number"] for i in items_high]
    assert len(high) == 169
    across = rows_of(agent.get(f"/api/tickets/export.csv?{qs(kind='b2c', **params)}"))
    assert [r["number"] for r in across] == [r["number"] for r in got]


def test_export_refuses_what_the_list_refuses(t):
    agent = t.as_("agent")
    expect(agent.get("/api/tickets/b2c/export.csv?priority=whenever"), 400, "bad_request",
           "priority")
    expect(agent.get("/api/tickets/b2c/export.csv?colour=red"), 400, "bad_request", "colour")
    expect(t.as_("reporter").get("/api/tickets/b2c/export.csv"), 403)
    expect(t.anon().get("/api/tickets/b2c/export.csv"), 401)
    # A reporter's export across kinds holds their own internal tickets only.
    mine = rows_of(t.as_("reporter").get("/api/tickets/export.csv"))
    assert all(r["kind"] == "internal" for r in mine)
    listed, _, _ = walk(t, "internal", role="reporter")
    assert sorted(r["number"] for r in mine) == sorted(i["number"] for i in listed)


def flat(v, path=""):
    """The figures of a JSON report as the CSV export writes them: path -> text."""
    out = {}
    if isinstance(v, dict):
        for k, x in v.items():
            out.update(flat(x, f"{path}.{k}" if path else k))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            out.update(flat(x, f"{path}[{i}]"))
    elif v is None:
        out[path] = ""
    elif isinstance(v, bool):
        out[path] = "true" if v else "false"
    else:
        out[path] = v
    return out


def test_reports_export_as_csv(t):
    from fixtures import farm
    manager = t.as_("manager")
    f = farm(t)
    for path in ["/api/dashboard?kind=b2b", "/api/wastage", "/api/dashboard",
                 f"/api/farms/{f['farm_id']}"]:
        as_json = expect(manager.get(path), 200)
        got = rows_of(manager.get(path, headers={"Accept": "text/csv"}))
        figures = {r["figure"]: r["value"] for r in got}
        want = flat(as_json)
        assert set(figures) == set(want), set(figures) ^ set(want)
        for k, v in want.items():
            if isinstance(v, float):
                assert abs(float(figures[k]) - v) < 1e-9, (k, figures[k], v)
            elif isinstance(v, int):
                assert int(figures[k]) == v, (k, figures[k], v)
            else:
                assert figures[k].lstrip("'") == v, (k, figures[k], v)
    assert "open.total" in {r["figure"] for r in rows_of(manager.get(
        "/api/dashboard", headers={"Accept": "text/csv"}))}
