"""GET /metrics (issue 18): the Prometheus text exposition format (version 0.0.4), open to
the --metrics-token bearer or the --metrics-allow addresses only, refused in the JSON
envelope otherwise.  The output is read by a strict parser written here from the format's
specification (and, where Debian's python3-prometheus-client is installed, by its parser
too); the counts must move with the requests made.  Also the served OpenAPI description and
JSON log lines."""
import json
import math
import re
import time

import harness
from harness import expect

TOKEN = "metrics-token-0123456789abcdef"

NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*\Z")
LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*\Z")
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


def parse_value(text):
    if text in ("+Inf", "Inf"):
        return math.inf
    if text == "-Inf":
        return -math.inf
    if text == "NaN":
        return math.nan
    # Go's ParseFloat forms: no hex, no underscores, no leading '+' on NaN
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
        raise ValueError(f"bad sample value {text!r}")
    return float(text)


def parse_labels(s, i, line):
    """Parses {name="value",...} from s[i] == '{'; returns (labels, index after '}')."""
    assert s[i] == "{"
    i += 1
    labels = {}
    while True:
        if s[i] == "}":
            return labels, i + 1
        m = re.match(r"[a-zA-Z_][a-zA-Z0-9_]*", s[i:])
        assert m, f"bad label name in {line!r}"
        name = m.group(0)
        i += len(name)
        assert s[i] == "=" and s[i + 1] == '"', f"bad label in {line!r}"
        i += 2
        value = []
        while s[i] != '"':
            if s[i] == "\\":
                esc = s[i + 1]
                assert esc in ('\\', '"', 'n'), f"bad escape \\{esc} in {line!r}"
                value.append("\n" if esc == "n" else esc)
                i += 2
            else:
                assert s[i] != "\n"
                value.append(s[i])
                i += 1
        i += 1
        assert name not in labels, f"label {name} twice in {line!r}"
        labels[name] = "".join(value)
        if s[i] == ",":
            i += 1
        else:
            assert s[i] == "}", f"expected , or }} in {line!r}"


def parse_exposition(text):
    """A strict reading of the text format: every line a comment (# HELP / # TYPE, each at
    most once per family and before its samples) or a sample of a declared family; families
    contiguous; histogram buckets cumulative with a +Inf bucket equal to _count; the text
    ends with a newline.  Returns {family: {"type", "help", "samples": [(name, labels,
    value)]}}."""
    assert text.endswith("\n"), "the exposition must end with a newline"
    families = {}
    order = []
    current = None
    for line in text[:-1].split("\n"):
        assert line.strip() != "" or line == "", f"whitespace line {line!r}"
        if line == "":
            continue
        if line.startswith("#"):
            parts = line.split(" ", 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                name = parts[2]
                assert NAME.match(name), f"bad metric name {name!r}"
                fam = families.setdefault(name, {"type": "untyped", "help": None,
                                                 "samples": [], "typed": False})
                if name not in order:
                    order.append(name)
                assert not fam["samples"], f"# {parts[1]} after samples of {name}"
                if parts[1] == "TYPE":
                    assert not fam["typed"], f"two TYPE lines for {name}"
                    assert len(parts) == 4 and parts[3] in TYPES, f"bad TYPE {line!r}"
                    fam["type"], fam["typed"] = parts[3], True
                else:
                    assert fam["help"] is None, f"two HELP lines for {name}"
                    fam["help"] = parts[3] if len(parts) == 4 else ""
                current = name
            continue
        m = re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line)
        assert m, f"bad sample line {line!r}"
        name = m.group(0)
        i = len(name)
        labels = {}
        if i < len(line) and line[i] == "{":
            labels, i = parse_labels(line, i, line)
        assert line[i] == " ", f"expected a space before the value in {line!r}"
        rest = line[i + 1:].split(" ")
        assert 1 <= len(rest) <= 2, f"bad value/timestamp in {line!r}"
        value = parse_value(rest[0])
        if len(rest) == 2:
            assert re.fullmatch(r"-?\d+", rest[1]), f"bad timestamp in {line!r}"
        family = name
        for suffix in ("_bucket", "_count", "_sum"):
            if name.endswith(suffix) and name[:-len(suffix)] in families and \
                    families[name[:-len(suffix)]]["type"] in ("histogram", "summary"):
                family = name[:-len(suffix)]
        assert family in families, f"sample {name} of an undeclared family"
        assert family == current, f"samples of {family} are not contiguous"
        fam = families[family]
        if fam["type"] == "counter":
            assert value >= 0, f"negative counter {line!r}"
        if fam["type"] == "histogram" and name.endswith("_bucket"):
            assert "le" in labels, f"bucket without le: {line!r}"
        fam["samples"].append((name, labels, value))
    # Histograms: per label set, cumulative buckets ending in +Inf == _count.
    for name, fam in families.items():
        if fam["type"] != "histogram":
            continue
        series = {}
        for sname, labels, value in fam["samples"]:
            key = tuple(sorted((k, v) for k, v in labels.items() if k != "le"))
            series.setdefault(key, {"buckets": [], "count": None, "sum": None})
            if sname.endswith("_bucket"):
                series[key]["buckets"].append((parse_value(labels["le"]), value))
            elif sname.endswith("_count"):
                series[key]["count"] = value
            elif sname.endswith("_sum"):
                series[key]["sum"] = value
        for key, s in series.items():
            les = [le for le, _ in s["buckets"]]
            assert les == sorted(les) and les[-1] == math.inf, f"{name}{key}: buckets {les}"
            counts = [c for _, c in s["buckets"]]
            assert counts == sorted(counts), f"{name}{key}: not cumulative {counts}"
            assert s["count"] == counts[-1], f"{name}{key}: _count {s['count']} != +Inf"
            assert s["sum"] is not None and s["sum"] >= 0, f"{name}{key}: no _sum"
    return families


def sample(families, family, name=None, **labels):
    for sname, slabels, value in families[family]["samples"]:
        if sname == (name or family) and all(slabels.get(k) == v for k, v in labels.items()):
            return value
    return 0.0


def scrape(port, token=TOKEN):
    c = harness.Client(port, token=token)
    r = c.get("/metrics")
    assert r.status == 200, r
    assert r.headers["content-type"].startswith("text/plain; version=0.0.4"), r.headers
    text = r.raw.decode("utf-8")
    fams = parse_exposition(text)
    try:  # the reference parser, when Debian's package is installed
        from prometheus_client.parser import text_string_to_metric_families
        names = {f.name for f in text_string_to_metric_families(text)}
        assert "ticketd_http_requests" in names or "ticketd_http_requests_total" in names
    except ImportError:
        pass
    return fams


def scrape_when(port, counted):
    """A request is counted when it completes, just after its answer went out, so a scrape
    that follows it at once may come first: scrape again (up to 5 s) until counted(fams)."""
    for _ in range(50):
        fams = scrape(port)
        if counted(fams):
            return fams
        time.sleep(0.1)
    return fams


def test_parser_refuses_what_the_format_forbids(t):
    """The parser is strict: each of these breaks the format and is refused."""
    good = ("# TYPE a counter\na{x=\"1\"} 2\n"
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\n"
            "h_sum 0.5\nh_count 2\n")
    parse_exposition(good)
    bad = [
        good[:-1],  # no final newline
        "a 1\n",  # undeclared family
        "# TYPE a counter\na -1\n",  # negative counter
        "# TYPE a counter\na{x=\"1} 1\n",  # unterminated label value
        "# TYPE a counter\na{x=\"\\q\"} 1\n",  # bad escape
        "# TYPE a counter\na one\n",  # not a number
        "# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n",
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n",
        "# TYPE a counter\n# TYPE b gauge\nb 1\na 1\n# TYPE a counter\n",
        "# TYPE a counter\na 1\n# TYPE b gauge\nb 1\na 2\n",  # not contiguous
    ]
    for text in bad:
        try:
            parse_exposition(text)
        except (AssertionError, ValueError, IndexError):
            continue
        raise AssertionError(f"the parser accepted {text!r}")


def test_metrics_count_requests_by_route_and_status(t):
    s = harness.Server(t.server.binary, extra_args=["--metrics-token", TOKEN]).start()
    try:
        before = scrape(s.port)
        agent = s.clients["agent"]
        for _ in range(3):
            expect(agent.get("/api/tickets/b2b/999999"), 404)
        expect(agent.get("/api/me"), 200)
        expect(s.clients["admin"].post("/api/tickets/internal/create", {}), 422)
        fam = "ticketd_http_requests_total"
        route = "/api/tickets/b2b/{id}"  # the route's pattern, not the path asked for
        after = scrape_when(s.port, lambda m: sample(
            m, fam, method="POST", route="/api/tickets/internal/create", status="422") and
            sample(m, fam, method="GET", route=route, status="404") ==
            sample(before, fam, method="GET", route=route, status="404") + 3 and
            sample(m, fam, method="GET", route="/api/me", status="200") >
            sample(before, fam, method="GET", route="/api/me", status="200"))
        assert sample(after, fam, method="GET", route=route, status="404") == \
            sample(before, fam, method="GET", route=route, status="404") + 3
        assert sample(after, fam, method="GET", route="/api/me", status="200") >= \
            sample(before, fam, method="GET", route="/api/me", status="200") + 1
        assert sample(after, fam, method="POST", route="/api/tickets/internal/create",
                      status="422") == 1, after[fam]["samples"]
        assert not any("999999" in str(labels) for _, labels, _ in after[fam]["samples"])
        h = "ticketd_http_request_duration_seconds"
        assert after[h]["type"] == "histogram"
        assert sample(after, h, h + "_count", route=route) == \
            sample(before, h, h + "_count", route=route) + 3
        assert sample(after, h, h + "_bucket", route=route, le="+Inf") == \
            sample(after, h, h + "_count", route=route)
        assert after["ticketd_db_seconds_total"]["type"] == "counter"
        assert sample(after, "ticketd_db_seconds_total", route=route) > 0
        # The timed jobs: a sweep counts one run of each.
        expect(s.clients["admin"].post("/api/test/sweep"), 200)
        swept = scrape(s.port)
        sd = "ticketd_sweep_duration_seconds"
        for job in ("sla", "auto_close", "outbox"):
            assert sample(swept, sd, sd + "_count", sweep=job) == \
                sample(after, sd, sd + "_count", sweep=job) + 1, job
        assert "ticketd_outbox_waiting" in swept
        assert "ticketd_outbox_oldest_due_age_seconds" in swept
    finally:
        s.cleanup()


def test_metrics_refused_without_the_token_or_an_allowed_address(t):
    # The shared server has neither option: nobody may read them.
    r = t.anon().get("/metrics")
    expect(r, 403, code="forbidden")
    s = harness.Server(t.server.binary, extra_args=["--metrics-token", TOKEN]).start()
    try:
        expect(harness.Client(s.port).get("/metrics"), 403, code="forbidden")
        expect(harness.Client(s.port, token="wrong-token-0123456789").get("/metrics"), 403,
               code="forbidden")
        # A session of a signed-in admin is not the metrics token either.
        expect(s.clients["admin"].get("/metrics"), 403, code="forbidden")
        scrape(s.port)
    finally:
        s.cleanup()
    # Addresses: loopback allowed, and a network that does not hold it refused.
    s = harness.Server(t.server.binary, extra_args=["--metrics-allow", "127.0.0.0/8"]).start()
    try:
        scrape(s.port, token=None)
    finally:
        s.cleanup()
    s = harness.Server(t.server.binary, extra_args=["--metrics-allow", "10.0.0.0/8,::1"]).start()
    try:
        expect(harness.Client(s.port).get("/metrics"), 403, code="forbidden")
    finally:
        s.cleanup()
    r = t.server.cli("serve", "--metrics-allow", "10.0.0.300/8", "--port", "0")
    assert r.returncode == 2 and "metrics-allow" in r.stderr, r.stderr


def test_openapi_served_as_built(t):
    r = t.anon().get("/api/openapi.yaml")
    assert r.status == 200, r
    assert r.headers["content-type"].startswith("application/yaml"), r.headers
    here = __file__.rsplit("/tests/", 1)[0]
    with open(here + "/docs/openapi.yaml", "rb") as f:
        assert r.raw == f.read(), "GET /api/openapi.yaml differs from docs/openapi.yaml"


def test_json_log_lines(t):
    s = harness.Server(t.server.binary, extra_args=["--log-format", "json",
                                                   "--access-log"]).start()
    try:
        expect(s.clients["agent"].get("/api/tickets/b2c/424242"), 404)
    finally:
        s.stop()
    try:
        lines = [ln for ln in s.log_text().splitlines() if ln.startswith("{")]
        records = [json.loads(ln) for ln in lines]
        assert records, s.log_text()[:500]
        for rec in records:
            assert {"time", "level", "message"} <= rec.keys(), rec
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", rec["time"]), rec
        access = [rec for rec in records if rec["message"] == "request"
                  and rec.get("path") == "/api/tickets/b2c/424242"]
        assert len(access) == 1, records[-5:]
        a = access[0]
        assert a["method"] == "GET" and a["status"] == 404, a
        assert a["route"] == "/api/tickets/b2c/{id}" and a["client"] == "127.0.0.1", a
        assert isinstance(a["duration_ms"], (int, float)) and a["duration_ms"] >= 0, a
        r = t.server.cli("serve", "--log-format", "xml", "--port", "0")
        assert r.returncode == 2 and "log format" in r.stderr, r.stderr
    finally:
        s.cleanup()
