"""docs/openapi.yaml stays true: it documents exactly the routes of src/api/routes.c with
their roles, the ticket fields of src/domain/ticket.c, the body and query keys the handlers
accept, the error codes of src/base/err.c and the catalog the server serves; and the live
server's replies, successes and errors, match the documented statuses and schemas.

The document is read without PyYAML (which may be missing): it is kept to a small YAML
subset (see its header) that read_yaml() below understands.  When PyYAML is installed,
both readers must agree, so the document cannot drift out of the subset unnoticed."""
import glob
import json
import os
import re

from harness import Client, PASSWORD

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DOC_PATH = os.path.join(ROOT, "docs", "openapi.yaml")
KINDS = ["b2b", "b2c", "internal"]
KIND_TITLE = {"b2b": "B2B", "b2c": "B2C", "internal": "Internal"}
METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]


# ----------------------------------------------------------------- a YAML subset reader

class YamlSubsetError(ValueError):
    pass


_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
_MAP_START = re.compile(r'''^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'\[\]{}#,&*!|>%@`-][^#]*?)'''
                        r'''\s*:(?:\s|$)''')


def _scalar(s):
    s = s.strip()
    if s.startswith('"'):
        v, end = json.JSONDecoder().raw_decode(s)
        if s[end:].strip():
            raise YamlSubsetError(f"text after a quoted scalar: {s!r}")
        return v
    if s.startswith("'"):
        if not s.endswith("'") or len(s) < 2:
            raise YamlSubsetError(f"unterminated single-quoted scalar: {s!r}")
        return s[1:-1].replace("''", "'")
    if s.startswith("["):
        if not s.endswith("]"):
            raise YamlSubsetError(f"flow sequences must fit on one line: {s!r}")
        inner = s[1:-1].strip()
        if not inner:
            return []
        try:
            return json.loads(s)
        except ValueError:
            return [_scalar(x) for x in inner.split(",")]
    if s == "{}":
        return {}
    if s.startswith(("{", "&", "*", "!", "|", ">", "%", "@", "`")):
        raise YamlSubsetError(f"not in the subset: {s!r}")
    if s in ("", "~", "null", "Null", "NULL"):
        return None
    if s.lower() in _BOOLS and s in (s.lower(), s.upper(), s.capitalize()):
        return _BOOLS[s.lower()]
    if re.fullmatch(r"[-+]?(0|[1-9][0-9]*)", s):
        return int(s)
    if re.fullmatch(r"[-+]?[0-9]+\.[0-9]*([eE][-+][0-9]+)?", s):
        return float(s)
    return s


class _Reader:
    def __init__(self, text):
        self.lines = text.split("\n")
        self.i = 0

    def peek(self):
        """(indent, text) of the next line that is neither blank nor a comment."""
        while self.i < len(self.lines):
            line = self.lines[self.i]
            text = line.lstrip(" ")
            if text == "" or text.startswith("#"):
                self.i += 1
                continue
            if text.startswith("\t"):
                raise YamlSubsetError(f"line {self.i + 1}: tab in indentation")
            return len(line) - len(text), text
        return None

    def fail(self, why):
        raise YamlSubsetError(f"line {self.i + 1}: {why}: {self.lines[self.i]!r}")

    def block(self, indent):
        _, text = self.peek()
        if text == "-" or text.startswith("- "):
            return self.seq(indent)
        return self.mapping(indent)

    def value(self, rest, indent):
        """The value after `key:` or `-`; the reader is past that line."""
        if rest in ("|", "|-", ">", ">-"):
            return self.block_scalar(rest, indent)
        if rest:
            return _scalar(rest)
        nxt = self.peek()
        if nxt and nxt[0] > indent:
            return self.block(nxt[0])
        if nxt and nxt[0] == indent and (nxt[1] == "-" or nxt[1].startswith("- ")):
            return self.seq(indent)
        return None

    def block_scalar(self, style, indent):
        body = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
                break
            body.append(line)
            self.i += 1
        while body and not body[-1].strip():
            body.pop()
        if not body:
            return ""
        cut = min(len(x) - len(x.lstrip(" ")) for x in body if x.strip())
        body = [x[cut:] if x.strip() else "" for x in body]
        if style.startswith("|"):
            text = "\n".join(body)
        else:
            text, empties = "", 0
            for x in body:
                if not x:
                    empties += 1
                    continue
                if any(b.startswith(" ") for b in (x,)):
                    raise YamlSubsetError("more-indented lines in a folded block")
                text = x if not text else text + ("\n" * empties if empties else " ") + x
                empties = 0
        return text if style.endswith("-") else text + "\n"

    def key(self, text):
        m = _MAP_START.match(text)
        if not m:
            self.fail("expected `key: value`")
        raw = m.group(1)
        key = _scalar(raw) if raw[0] in "\"'" else _scalar(raw.strip())
        return key, text[m.end():].strip()

    def mapping(self, indent, first=None):
        out = {}
        while True:
            if first is not None:
                text, first = first, None
            else:
                nxt = self.peek()
                if nxt is None or nxt[0] < indent:
                    break
                if nxt[0] > indent:
                    self.fail("unexpected indentation")
                text = nxt[1]
                if text == "-" or text.startswith("- "):
                    self.fail("a sequence item where a key was expected")
            k, rest = self.key(text)
            if k in out:
                self.fail(f"duplicate key {k!r}")
            self.i += 1
            out[k] = self.value(rest, indent)
        return out

    def seq(self, indent):
        out = []
        while True:
            nxt = self.peek()
            if nxt is None or nxt[0] < indent:
                break
            if nxt[0] > indent:
                self.fail("unexpected indentation")
            if not (nxt[1] == "-" or nxt[1].startswith("- ")):
                break
            rest = nxt[1][1:]
            stripped = rest.lstrip(" ")
            item_indent = indent + 1 + len(rest) - len(stripped)
            if stripped and stripped not in ("|", "|-", ">", ">-") and _MAP_START.match(stripped):
                out.append(self.mapping(item_indent, first=stripped))
            else:
                self.i += 1
                out.append(self.value(stripped, indent))
        return out


def read_yaml(text):
    r = _Reader(text)
    if r.peek() is None:
        return None
    doc = r.block(r.peek()[0])
    if r.peek() is not None:
        r.fail("text after the document")
    return doc


_cache = {}


def doc():
    if "doc" not in _cache:
        with open(DOC_PATH, encoding="utf-8") as f:
            _cache["text"] = f.read()
        _cache["doc"] = read_yaml(_cache["text"])
    return _cache["doc"]


def resolve(d, node):
    """Follows $ref (local only) until a node without one."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local $refs: {ref}"
        node = d
        for part in ref[2:].split("/"):
            assert isinstance(node, dict) and part in node, f"dangling $ref {ref}"
            node = node[part]
        seen += 1
        assert seen < 20, f"$ref loop at {ref}"
    return node


def schema(name):
    return doc()["components"]["schemas"][name]


def operations():
    """{(METHOD, path): operation} of the document."""
    out = {}
    for path, item in doc()["paths"].items():
        for m in METHODS:
            if m in item:
                out[(m.upper(), path)] = item[m]
    return out


# ----------------------------------------------------------------- facts from the C sources

def _read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def _defines(*texts):
    out = {}
    for text in texts:
        for m in re.finditer(r"^#define\s+(\w+)\s+(.+?)\s*$", text, re.M):
            out[m.group(1)] = m.group(2)
    return out


def role_names():
    body = re.search(r"enum role\s*\{([^}]*)\}", _read("src/domain/catalog.h")).group(1)
    return [n.lower() for n in re.findall(r"ROLE_(\w+)", body) if n != "_MAX"]


def _wrapped(expr):
    """Whether expr is one parenthesised whole: (a | b), not (a) | (b)."""
    if not (expr.startswith("(") and expr.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(expr):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and i < len(expr) - 1:
            return False
    return True


def _roles_of(expr, defines):
    """The role names of a route's role expression: 0, a #define, ROLE_BIT(ROLE_X),
    ROLES_ALL, or several of these joined with |."""
    expr = expr.strip()
    while _wrapped(expr):
        expr = expr[1:-1].strip()
    if expr == "0":
        return []
    if expr == "PORTAL":  # a customer signed in to the portal, no staff role (issue 16)
        return ["portal"]
    if expr in defines:
        return _roles_of(defines[expr], defines)
    if "ROLE__MAX" in expr:
        return role_names()
    terms = [x.strip() for x in expr.split("|")]
    if len(terms) > 1:
        out = []
        for term in terms:
            out += [r for r in _roles_of(term, defines) if r not in out]
        return out
    m = re.fullmatch(r"ROLE_BIT\(ROLE_(\w+)\)", expr)
    assert m, f"cannot read the roles of {expr!r}"
    return [m.group(1).lower()]


def routes():
    """[(METHOD, path, handler, [roles])] from the route table, TICKET_ROUTES expanded."""
    src = _read("src/api/routes.c")
    defines = _defines(src, _read("src/domain/catalog.h"))
    macro = re.search(r"#define TICKET_ROUTES\(KIND, ROLES\)(.*?)\n\s*\n", src, re.S).group(1)
    rows = re.findall(r'\{"(\w+)",\s*"/api/tickets/"\s*#KIND\s*"([^"]*)",\s*(\w+),\s*ROLES',
                      macro)
    assert len(rows) >= 10, f"TICKET_ROUTES rows not found: {rows}"
    table = re.search(r"static const struct route routes\[\]\s*=\s*\{(.*?)\n\};", src,
                      re.S).group(1)
    out = []
    for m in re.finditer(r'\{"(\w+)",\s*"([^"]+)",\s*(\w+),\s*([^,{}]+),\s*(\w+)\s*\}', table):
        out.append((m.group(1), m.group(2), m.group(3), _roles_of(m.group(4), defines)))
    for kind, roles in re.findall(r"TICKET_ROUTES\((\w+),\s*([^)]+)\)", table):
        for method, suffix, handler in rows:
            out.append((method, f"/api/tickets/{kind}{suffix}", handler,
                        _roles_of(roles, defines)))
    return out


def tfields():
    """[(name, type, max, [kinds], editable, in_list)]: the client fields of the column table
    in src/domain/ticket.c."""
    defines = _defines(_read("src/domain/ticket.h"))
    body = re.search(r"ticket_cols\[TC__MAX\]\s*=\s*\{(.*?)\n\};", _read("src/domain/ticket.c"),
                     re.S).group(1)
    out = []
    for m in re.finditer(r'FIELD\(TF_\w+,\s*"(\w+)",\s*FT_(\w+),\s*(\d+),\s*(.+?),\s*(true|false),'
                         r'\s*(true|false)\s*\)', body, re.S):
        expr = m.group(4).strip()
        expr = defines.get(expr, expr)
        kinds = [k.lower() for k in re.findall(r"KIND_(B2B|B2C|INTERNAL)", expr)]
        assert kinds, f"cannot read the kinds of {m.group(1)}: {expr}"
        out.append((m.group(1), m.group(2).lower(), int(m.group(3)), kinds,
                    m.group(5) == "true", m.group(6) == "true"))
    assert len(out) >= 20, out
    return out


def err_table():
    """{status: code} from src/base/err.c."""
    body = _read("src/base/err.c")
    return {int(s): n for s, n in re.findall(r'\[ERR_\w+\]\s*=\s*\{(\d+),\s*"(\w+)"\}', body)
            if n != "ok"}


def api_sources():
    return sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "src", "api",
                                                                             "*.c"))
                  if not p.endswith("routes.c"))


def c_functions(*rels):
    """{name: body} of the functions in these files (top-level definitions)."""
    out = {}
    for rel in rels:
        text = _read(rel)
        for m in re.finditer(r"^(?:static\s+)?[\w \*]+?\b(\w+)\(([^;{]*?)\)\s*\n\{\n(.*?)\n\}",
                             text, re.M | re.S):
            out[m.group(1)] = m.group(3)
    return out


def key_lists():
    """{function: (use, [keys])} for the handlers' `keys[]` arrays: use is "body" when the
    function checks a JSON object with json_only, "query" with api_query_only."""
    out = {}
    for name, body in c_functions(*api_sources()).items():
        m = re.search(r"static const char \*const keys\[\]\s*=\s*\{(.*?)\};", body, re.S)
        if not m:
            continue
        keys = re.findall(r'"(\w+)"', m.group(1))
        if "api_query_only(r, keys)" in body:
            out[name] = ("query", keys)
        elif re.search(r"json_only\(r, \w+, keys\)", body):
            out[name] = ("body", keys)
    return out


# ----------------------------------------------------------------- a schema checker

_FORMATS = {
    "date": r"^\d{4}-\d{2}-\d{2}$",
    "date-time": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
}


def check(sch, value, where="$"):
    """Raises AssertionError when value does not match the OpenAPI 3.0 schema sch."""
    d = doc()
    sch = resolve(d, sch)
    if value is None:
        assert sch.get("nullable"), f"{where}: null is not allowed"
        return
    for sub in sch.get("allOf", []):
        check(sub, value, where)
    if "oneOf" in sch:
        fits = []
        for i, sub in enumerate(sch["oneOf"]):
            try:
                check(sub, value, where)
                fits.append(i)
            except AssertionError:
                pass
        assert len(fits) == 1, f"{where}: matches {len(fits)} of the oneOf schemas: {value!r}"
    t = sch.get("type")
    if t == "object":
        assert isinstance(value, dict), f"{where}: expected an object, got {value!r}"
        for k in sch.get("required", []):
            assert k in value, f"{where}: missing {k!r}"
        props = sch.get("properties", {})
        extra = sch.get("additionalProperties", True)
        for k, v in value.items():
            if k in props:
                check(props[k], v, f"{where}.{k}")
            elif extra is False:
                raise AssertionError(f"{where}: undocumented property {k!r}")
            elif isinstance(extra, dict):
                check(extra, v, f"{where}.{k}")
    elif t == "array":
        assert isinstance(value, list), f"{where}: expected an array, got {value!r}"
        if "maxItems" in sch:
            assert len(value) <= sch["maxItems"], f"{where}: more than {sch['maxItems']} items"
        for i, v in enumerate(value):
            check(sch.get("items", {}), v, f"{where}[{i}]")
    elif t == "string":
        assert isinstance(value, str), f"{where}: expected a string, got {value!r}"
        if "format" in sch and sch["format"] in _FORMATS:
            assert re.match(_FORMATS[sch["format"]], value), \
                f"{where}: {value!r} is not a {sch['format']}"
        if "pattern" in sch:
            assert re.search(sch["pattern"], value), f"{where}: {value!r} !~ {sch['pattern']}"
        if "maxLength" in sch:
            assert len(value.encode()) <= sch["maxLength"], f"{where}: too long"
        if "minLength" in sch:
            assert len(value) >= sch["minLength"], f"{where}: too short"
    elif t == "integer":
        assert isinstance(value, int) and not isinstance(value, bool), \
            f"{where}: expected an integer, got {value!r}"
    elif t == "number":
        assert isinstance(value, (int, float)) and not isinstance(value, bool), \
            f"{where}: expected a number, got {value!r}"
    elif t == "boolean":
        assert isinstance(value, bool), f"{where}: expected a boolean, got {value!r}"
    if t in ("integer", "number"):
        if "minimum" in sch:
            assert value >= sch["minimum"], f"{where}: {value} < {sch['minimum']}"
            assert not (sch.get("exclusiveMinimum") and value == sch["minimum"]), \
                f"{where}: {value} must be above {sch['minimum']}"
        if "maximum" in sch:
            assert value <= sch["maximum"], f"{where}: {value} > {sch['maximum']}"
    if "enum" in sch:
        assert value in sch["enum"], f"{where}: {value!r} not in {sch['enum']}"


def _template(path):
    """The documented path template a concrete request path matches, route-table style."""
    segs = path.split("?")[0].split("/")
    for method_path in operations():
        tpl = method_path[1].split("/")
        if len(tpl) == len(segs) and all(a == b or (a.startswith("{") and b)
                                         for a, b in zip(tpl, segs)):
            yield method_path[1]


def call(client, method, path, body=None, expect=None, raw=None, headers=None,
         valid_request=True):
    """Sends a request and checks it against the document: its body against the operation's
    request schema (when valid_request), the reply's status is one the operation lists (and
    `expect` when given), and the reply's JSON matches that status's schema."""
    ops = operations()
    # Literal segments win over {captures}, as in the route table's order.
    tpls = sorted(_template(path), key=lambda p: p.count("{"))
    tpls = [p for p in tpls if (method, p) in ops]
    assert tpls, f"{method} {path} is not documented"
    op = ops[(method, tpls[0])]
    if body is not None and valid_request:
        rb = resolve(doc(), op.get("requestBody"))
        assert rb, f"{method} {tpls[0]} documents no request body"
        check(rb["content"]["application/json"]["schema"], body, f"request {method} {path}")
    resp = client.request(method, path, body=body, raw=raw, headers=headers)
    if expect is not None:
        assert resp.status == expect, f"{method} {path}: expected {expect}, got {resp}"
    documented = op["responses"]
    assert str(resp.status) in documented, \
        f"{method} {path} answered {resp.status}, which {tpls[0]} does not document: {resp}"
    r = resolve(doc(), documented[str(resp.status)])
    content = r.get("content", {}).get("application/json")
    if content:
        assert resp.json is not None, f"{method} {path}: no JSON in {resp}"
        check(content["schema"], resp.json, f"{method} {path} -> {resp.status}")
    return resp


# ----------------------------------------------------------------- static checks

def test_openapi_document_reads(t):
    d = doc()
    assert d["openapi"] == "3.0.3"
    assert d["info"]["title"] and d["info"]["version"]
    try:
        import yaml
    except ImportError:
        return
    assert yaml.safe_load(_cache["text"]) == d, (
        "PyYAML and the subset reader disagree: keep docs/openapi.yaml to the subset "
        "described in its header")


def test_openapi_nullable_has_a_type(t):
    """OpenAPI 3.0 ignores `nullable` where no `type` sits beside it (Redocly's
    nullable-type-sibling rule): strict validators and type generators then read the field
    as never null, though the server sends null."""
    bad = []

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("nullable") and "type" not in node:
                bad.append(where)
            for k, v in node.items():
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]")

    walk(doc(), "")
    assert not bad, f"nullable without a type: {bad}"


def test_openapi_documents_every_route(t):
    table = routes()
    in_code = {(m, p) for m, p, _, _ in table}
    in_doc = set(operations())
    assert len(in_code) == len(table), "a route appears twice in the table"
    missing = sorted(in_code - in_doc)
    extra = sorted(in_doc - in_code)
    assert not missing, f"routes not in docs/openapi.yaml: {missing}"
    assert not extra, f"documented operations that are not routes: {extra}"
    ops = operations()
    ids = [op["operationId"] for op in ops.values()]
    assert len(ids) == len(set(ids)), "operationIds must be unique"
    for m, p, handler, roles in table:
        op = ops[(m, p)]
        assert sorted(op.get("x-roles", ["?"])) == sorted(roles), \
            f"{m} {p}: x-roles {op.get('x-roles')} but the route admits {roles}"
        public = op.get("security") == []
        assert public == (roles == []), f"{m} {p}: security does not match the route's roles"
        if roles:
            assert "401" in op["responses"], f"{m} {p}: signed-in route without 401"
        if roles and set(roles) != set(role_names()):
            assert "403" in op["responses"], f"{m} {p}: role-limited route without 403"


def test_openapi_structure(t):
    d = doc()
    errs = err_table()

    def walk(node, where):
        if isinstance(node, dict):
            if "$ref" in node:
                resolve(d, node)
            for k, v in node.items():
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]")

    walk(d, "#")
    for (m, p), op in operations().items():
        params = [resolve(d, x) for x in op.get("parameters", [])]
        in_path = set(re.findall(r"\{(\w+)\}", p))
        declared = {x["name"] for x in params if x["in"] == "path"}
        assert in_path == declared, f"{m} {p}: path parameters {declared} vs {in_path}"
        for code, r in op["responses"].items():
            r = resolve(d, r)
            assert r.get("description"), f"{m} {p} {code}: no description"
            c = int(code)
            if c >= 400:
                assert c in errs, f"{m} {p}: {c} is not a status of src/base/err.c"
                sch = r["content"]["application/json"]["schema"]
                assert resolve(d, sch) is schema("Error"), f"{m} {p} {c}: not the envelope"
            else:
                assert c in (200, 201, 202), f"{m} {p}: unexpected success status {c}"
        assert any(int(c) < 300 for c in op["responses"]), f"{m} {p}: no success reply"
        assert "500" in op["responses"], f"{m} {p}: every endpoint can fail with 500"
    codes = schema("Error")["properties"]["error"]["properties"]["code"]["enum"]
    assert sorted(codes) == sorted(errs.values()), f"error codes {codes} vs err.c {errs}"
    for c, name in errs.items():
        assert name in d["components"]["responses"][_resp_name(c)]["description"]


def _resp_name(status):
    return {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
            405: "MethodNotAllowed", 409: "Conflict", 413: "TooLarge",
            415: "UnsupportedMediaType", 422: "Invalid", 429: "RateLimited", 500: "Internal",
            503: "Unavailable"}[status]


def test_openapi_ticket_fields(t):
    fields = tfields()
    everything = {f[0] for f in fields}
    for kind in KINDS:
        K = KIND_TITLE[kind]
        mine = [f for f in fields if kind in f[3]]
        names = {f[0] for f in mine}
        create = schema(K + "TicketCreate")["properties"]
        # photo_upload_ids is no ticket field: the photos sent with a create (issue 4).
        extra = {"photo_upload_ids"} if kind != "internal" else set()
        assert set(create) == names | extra, \
            f"{K}TicketCreate: {sorted(set(create) ^ (names | extra))}"
        for name, typ, mx, _, _, _ in mine:
            prop = create[name]
            if typ in ("text", "id", "email", "phone", "instant"):
                assert prop.get("maxLength") == mx, f"{K}TicketCreate.{name}: maxLength {mx}"
            if typ == "date":
                assert prop.get("format") == "date", f"{K}TicketCreate.{name}: a date"
            if typ == "enum":
                assert prop.get("enum"), f"{K}TicketCreate.{name}: an enum"
        update = schema(K + "TicketUpdate")["properties"]
        editable = {f[0] for f in mine if f[4]} | {"status"}
        assert set(update) == editable, f"{K}TicketUpdate: {sorted(set(update) ^ editable)}"
        out = set(schema(K + "Ticket")["properties"])
        assert out & everything == names, f"{K}Ticket: {sorted((out & everything) ^ names)}"
        row = set(schema(K + "TicketRow")["properties"])
        listed = {f[0] for f in mine if f[5]}
        assert row & everything == listed, f"{K}TicketRow: {sorted((row & everything) ^ listed)}"
        assert row < out, f"{K}TicketRow has what {K}Ticket has not: {sorted(row - out)}"
        whole = schema(K + "Ticket")["properties"]
        for name, prop in schema(K + "TicketRow")["properties"].items():
            assert prop == whole[name], f"{K}TicketRow.{name} is not {K}Ticket.{name}"


def test_openapi_accepted_keys(t):
    """The body and query keys each handler accepts are the documented ones."""
    d = doc()
    ops = operations()
    table = routes()
    funcs = c_functions(*api_sources())
    records = {"parse_customer": "CustomerRecord", "parse_line": "OrderLineRecord",
               "parse_order": "OrderRecord", "parse_invoice": "InvoiceRecord",
               "parse_farm": "FarmRecord", "parse_batch": "BatchRecord"}
    handlers = {h for _, _, h, _ in table}
    lists = key_lists()
    assert {"api_login", "list_query", "api_ticket_assign"} <= set(lists), sorted(lists)
    for fn, (use, keys) in lists.items():
        if fn in records:
            props = schema(records[fn])["properties"]
            assert set(props) == set(keys), f"{records[fn]}: {sorted(set(props) ^ set(keys))}"
            continue
        users = [fn] if fn in handlers else [h for h in handlers
                                             if h in funcs and re.search(
                                                 r"\b" + fn + r"\(", funcs[h])]
        assert users, f"no route uses {fn}"
        for m, p, h, _ in table:
            if h not in users:
                continue
            op = ops[(m, p)]
            if use == "body":
                rb = resolve(d, op["requestBody"])
                sch = resolve(d, rb["content"]["application/json"]["schema"])
                assert set(sch["properties"]) == set(keys), \
                    f"{m} {p}: body {sorted(sch['properties'])} vs {fn} {keys}"
            else:
                names = {resolve(d, x)["name"] for x in op.get("parameters", [])
                         if resolve(d, x)["in"] == "query"}
                if fn == "list_query" and p == "/api/tickets/list":
                    keys_here = set(keys)  # every filter, some with one kind only
                elif fn == "list_query" and not p.startswith("/api/tickets/b2c/"):
                    # the key is known to every list, but only B2C lists take a value;
                    # kind is the list across kinds' own
                    keys_here = set(keys) - {"within_policy_window", "kind"}
                elif fn == "list_query":
                    keys_here = set(keys) - {"kind"}
                else:
                    keys_here = set(keys)
                assert names == keys_here, \
                    f"{m} {p}: query {sorted(names)} vs {fn} {sorted(keys_here)}"


def _c_strings(rel, pattern):
    """The string literals of the first initializer that `pattern` (a regex up to the
    opening brace) introduces in file rel."""
    m = re.search(pattern + r"\s*\{(.*?)\};", _read(rel), re.S)
    assert m, f"{pattern} not found in {rel}"
    return re.findall(r'"([^"]*)"', m.group(1))


def test_openapi_settings_keys(t):
    fns = c_functions("src/service/settings.c")
    for fn, name in (("sla_from_json", "SlaSettingsUpdate"),
                     ("smtp_from_json", "SmtpSettingsUpdate")):
        keys = re.findall(r'"(\w+)"', re.search(r"keys\[\]\s*=\s*\{(.*?)\};", fns[fn],
                                                re.S).group(1))
        assert sorted(schema(name)["properties"]) == sorted(keys), f"{name} vs {fn} {keys}"
    out = set(schema("SmtpSettings")["properties"])
    assert out == set(keys) - {"password"} | {"password_set"}, out


def test_openapi_enums_from_code(t):
    d = doc()
    nt = _c_strings("src/service/notify.c", r"type_names\[NT__MAX\]\s*=")
    assert sorted(schema("NotificationType")["enum"]) == sorted(nt), nt
    assert sorted(schema("NotificationPreferences")["properties"]) == sorted(nt)
    states = _c_strings("src/domain/sla.c", r"sla_state_names\[SLA__MAX\]\s*=")
    sorts = _c_strings("src/api/tickets.c", r"sort_names\[SORT__MAX\]\s*=")
    assert sorted(d["components"]["parameters"]["Sort"]["schema"]["enum"]) == sorted(sorts)
    for kind in KINDS:
        ticket = schema(KIND_TITLE[kind] + "Ticket")["properties"]
        assert sorted(ticket["sla_state"]["enum"]) == sorted(states), states
    kinds = _c_strings("src/domain/catalog.c", r"kind_names\[KIND__MAX\]\s*=")
    assert kinds == KINDS, kinds


def test_openapi_catalog_enums(t):
    """The enums of the document are the catalog the server serves."""
    cat = call(t.as_("agent"), "GET", "/api/catalog", expect=200).json
    assert sorted(schema("Role")["enum"]) == sorted(cat["roles"]) == sorted(role_names())
    for kind in KINDS:
        K = KIND_TITLE[kind]
        kc = cat["kinds"][kind]
        cats = [c["code"] for g in kc["category_groups"] for c in g["categories"]]
        prios = [p["code"] for p in kc["priorities"]]
        stats = [s["code"] for s in kc["statuses"]]
        res = [r["code"] for r in kc["resolution_types"]]
        create = schema(K + "TicketCreate")["properties"]
        ticket = schema(K + "Ticket")["properties"]

        def enum(prop):
            return sorted(x for x in prop["enum"] if x is not None)

        assert enum(create["category"]) == sorted(cats), kind
        assert enum(ticket["category"]) == sorted(cats), kind
        assert enum(create["priority"]) == sorted(prios), kind
        assert enum(ticket["status"]) == sorted(stats), kind
        assert enum(ticket["resolution_type"]) == sorted(res), kind
        assert enum(schema(K + "ResolveRequest")["properties"]["resolution_type"]) == \
            sorted(res), kind
        if "requested_resolution" in create:
            assert enum(create["requested_resolution"]) == sorted(res), kind
        assert enum(schema(K + "TicketUpdate")["properties"]["status"]) == \
            sorted(set(stats) - {"resolved", "closed"}), kind
        assert sorted(kc["fields"]) == sorted(set(create) - {"photo_upload_ids"}), kind
        list_op = operations()[("GET", f"/api/tickets/{kind}/list")]
        params = {resolve(doc(), p)["name"]: resolve(doc(), p) for p in list_op["parameters"]}
        assert sorted(params["status"]["schema"]["enum"]) == sorted(stats)
        assert sorted(params["priority"]["schema"]["enum"]) == sorted(prios)
        assert sorted(params["category"]["schema"]["enum"]) == sorted(cats)
        for s, nexts in kc["transitions"].items():
            assert set(nexts) <= set(stats)


# ----------------------------------------------------------------- live checks

def test_openapi_unlisted_methods_and_paths(t):
    anon = t.anon()
    by_path = {}
    for m, p in operations():
        by_path.setdefault(p, set()).add(m)
    for p, methods in by_path.items():
        concrete = p.replace("{id}", "1").replace("{so_id}", "SO-NONE")
        for m in ("PUT", "POST", "GET"):
            if m in methods or (m == "GET" and p.endswith("/create")):
                continue
            r = anon.request(m, concrete, raw=b"")
            assert r.status == 405 and r.error()["code"] == "method_not_allowed", \
                f"{m} {concrete}: {r}"
            break
    for kind in KINDS:
        r = t.as_("admin").get(f"/api/tickets/{kind}/create")
        assert r.status == 404 and r.error()["code"] == "not_found", r
    r = anon.get("/api/no-such-endpoint")
    assert r.status == 404 and r.error()["code"] == "not_found", r


def test_openapi_live_accounts_and_records(t):
    anon, admin, agent = t.anon(), t.as_("admin"), t.as_("agent")
    call(anon, "GET", "/healthz", expect=200)
    call(anon, "GET", "/api/me", expect=401)
    for role in ("agent", "manager", "admin", "developer", "reporter"):
        me = call(t.as_(role), "GET", "/api/me", expect=200).json
        assert me["role"] == role
    items = call(admin, "GET", "/api/users", expect=200).json["items"]
    assert all("email" in u for u in items)
    items = call(agent, "GET", "/api/users", expect=200).json["items"]
    assert items and all("email" not in u for u in items)
    call(agent, "GET", "/api/users?x=1", expect=400)

    c = Client(t.port)
    call(c, "POST", "/api/auth/login", {"email": "admin@test.example", "password": PASSWORD},
         expect=200)
    call(c, "POST", "/api/auth/login", {"email": "admin@test.example"}, expect=422,
         valid_request=False)
    call(c, "POST", "/api/auth/login", {"email": "a@b.c", "password": "x", "otp": 1},
         expect=400, valid_request=False)
    call(c, "POST", "/api/auth/logout", expect=200)
    call(c, "GET", "/api/me", expect=401)

    new = {"email": "openapi-dev@test.example", "name": "OpenAPI Dev", "role": "developer",
           "password": "long-enough-1"}
    call(admin, "POST", "/api/users", new, expect=201)
    call(admin, "POST", "/api/users", new, expect=409)
    call(admin, "POST", "/api/users", dict(new, email="x2@test.example", password="short"),
         expect=422, valid_request=False)
    call(agent, "POST", "/api/users", new, expect=403)
    call(agent, "POST", "/api/test/clock", {"now": "2026-01-01T00:00:00Z"}, expect=403)

    _records(t)
    call(agent, "GET", "/api/customers?q=OAPI", expect=200)
    call(agent, "GET", "/api/customers?q=OAPI&limit=5", expect=200)
    call(agent, "GET", "/api/customers?bogus=1", expect=400)
    call(agent, "GET", "/api/customers/OAPI-H1", expect=200)
    call(agent, "GET", "/api/customers/OAPI-NONE", expect=404)
    recent = call(agent, "GET", "/api/customers/OAPI-H1/orders", expect=200).json["items"]
    assert recent and recent[0]["order"]["customer_id"] == "OAPI-H1"
    call(agent, "GET", "/api/customers/OAPI-H1/orders?limit=0", expect=400)
    call(agent, "GET", "/api/customers/OAPI-NONE/orders", expect=404)
    ctx = call(agent, "GET", "/api/orders/OAPI-SO1", expect=200).json
    assert ctx["invoices"] and ctx["customer"]["customer_id"] == "OAPI-H1"
    call(agent, "GET", "/api/orders/OAPI-NONE", expect=404)
    call(t.as_("developer"), "GET", "/api/customers", expect=403)
    call(t.as_("reporter"), "GET", "/api/orders/OAPI-SO1", expect=403)
    call(admin, "PUT", "/api/records/customers",
         [{"customer_id": "OAPI-X", "name": "X", "type": "castle"}], expect=422,
         valid_request=False)
    call(admin, "PUT", "/api/records/orders",
         [{"so_id": "OAPI-SO9", "customer_id": "OAPI-H1", "order_date": "2026-01-01",
           "colour": "red"}], expect=400, valid_request=False)
    call(admin, "PUT", "/api/records/invoices", raw=b"[]", expect=415)
    call(agent, "PUT", "/api/records/invoices", [], expect=403)


def _records(t):
    admin = t.as_("admin")
    if "records" in _cache:
        return
    call(admin, "PUT", "/api/records/customers", [
        {"customer_id": "OAPI-H1", "name": "Hotel Openapi", "type": "hotel",
         "phone": "+91 80 4000 1000", "email": "kitchen@openapi.example"},
        {"customer_id": "OAPI-HOME1", "name": "Asha Openapi", "type": "home", "phone": None,
         "email": None}], expect=200)
    call(admin, "PUT", "/api/records/orders", [
        {"so_id": "OAPI-SO1", "customer_id": "OAPI-H1", "order_date": "2026-01-10",
         "delivery_date": "2026-01-11",
         "lines": [{"item": "Tomato", "unit": "kg", "ordered_qty": 20, "delivered_qty": 18,
                    "price": 32.5},
                   {"line_no": 2, "item": "Basil", "unit": "bunch", "ordered_qty": 5,
                    "price": 12}]}], expect=200)
    call(admin, "PUT", "/api/records/invoices", [
        {"invoice_id": "OAPI-INV1", "so_id": "OAPI-SO1", "number": "INV/2026/0001",
         "date": "2026-01-11", "total": 709.0}], expect=200)
    _cache["records"] = True


def _row_agrees(client, base, number):
    """The list row of ticket `number` says what its whole ticket (fields=full) says, and
    leaves out the long texts; returns the whole ticket."""
    row = call(client, "GET", f"{base}/list?q={number}", expect=200).json["items"][0]
    whole = call(client, "GET", f"{base}/list?q={number}&fields=full", expect=200).json
    whole = whole["items"][0]
    assert "description" not in row and "allowed_transitions" not in row, row
    assert row["ticket_id"] == whole["ticket_id"], (row, whole)
    # (The seconds left move on between the two reads.)
    same = set(row) - {"sla_seconds_left"}
    assert {k: whole[k] for k in same} == {k: row[k] for k in same}, (row, whole)
    return whole


def _lifecycle(t, kind, creator, worker, create_body):
    """Drives one ticket of kind through every ticket endpoint, checking each reply."""
    base = f"/api/tickets/{kind}"
    tk = call(creator, "POST", base + "/create", create_body, expect=201)
    assert tk.headers.get("location") == f"{base}/{tk.json['ticket_id']}"
    tid, number = tk.json["ticket_id"], tk.json["number"]
    call(creator, "GET", f"{base}/{number}", expect=200)
    call(worker, "GET", f"{base}/list?limit=1&sort=priority&order=asc", expect=200)
    whole = _row_agrees(worker, base, number)
    assert whole["description"] == create_body["description"], whole
    call(worker, "GET", f"{base}/list?fields=everything", expect=400)
    page = call(worker, "GET", f"{base}/list?q={number}&assigned_to=none", expect=200).json
    assert [x["ticket_id"] for x in page["items"]] == [tid], page
    call(worker, "GET", f"{base}/list?limit=0", expect=400)
    call(worker, "GET", f"{base}/list?status=nonsense", expect=400)
    call(worker, "GET", f"{base}/list?cursor=garbage", expect=400)
    call(worker, "GET", f"{base}/999999999", expect=404)
    call(worker, "POST", f"{base}/{tid}/update", {"colour": "red"}, expect=400,
         valid_request=False)
    call(worker, "POST", f"{base}/{tid}/update", {"status": "resolved"}, expect=422,
         valid_request=False)
    call(worker, "POST", f"{base}/{tid}/update", {"status": "in_progress"}, expect=409)
    call(worker, "POST", f"{base}/{tid}/update", raw=b"{}", expect=415)
    call(worker, "POST", f"{base}/{tid}/resolve", {"resolution_type": "no_action" if
                                                   kind != "internal" else "fixed",
                                                   "notes": "too early"}, expect=409)
    me = call(worker, "GET", "/api/me", expect=200).json["user_id"]
    call(worker, "POST", f"{base}/{tid}/assign", {"assigned_to": me}, expect=200)
    call(worker, "POST", f"{base}/{tid}/assign", {}, expect=422, valid_request=False)
    if kind == "internal":
        call(worker, "POST", f"{base}/{tid}/update", {"status": "triaged"}, expect=200)
    call(worker, "POST", f"{base}/{tid}/update", {"status": "in_progress", "description":
                                                  "More detail."}, expect=200)
    call(worker, "POST", f"{base}/{tid}/comments",
         {"comment_text": "Looking into it.", "visibility": "public"}, expect=201)
    call(worker, "POST", f"{base}/{tid}/comments", {"comment_text": "A note."}, expect=201)
    call(worker, "POST", f"{base}/{tid}/comments", {"comment_text": " "}, expect=422,
         valid_request=False)
    call(creator, "GET", f"{base}/{tid}/comments", expect=200)
    call(worker, "GET", f"{base}/{tid}/comments?x=1", expect=400)
    call(worker, "GET", f"{base}/{tid}/timeline", expect=200)
    resolution = {"b2b": "credit_note", "b2c": "refund", "internal": "fixed"}[kind]
    call(worker, "POST", f"{base}/{tid}/resolve", {"resolution_type": "bogus", "notes": "x"},
         expect=422, valid_request=False)
    amount = {} if kind == "internal" else {"amount": 120}
    done = call(worker, "POST", f"{base}/{tid}/resolve",
                {"resolution_type": resolution, "notes": "Sorted.", **amount}, expect=200).json
    assert done["status"] == "resolved" and done["resolved_at"]
    call(creator, "POST", f"{base}/{tid}/close", raw=b"", expect=200)
    call(worker, "POST", f"{base}/{tid}/close", {"note": "again"}, expect=409)
    call(worker, "POST", f"{base}/{tid}/update", {"title": "Too late"}, expect=409)
    call(worker, "POST", f"{base}/{tid}/assign", {"assigned_to": me}, expect=409)
    tl = call(creator, "GET", f"{base}/{tid}/timeline", expect=200).json["items"]
    assert tl[0]["type"] == "created" and tl[-1]["type"] == "closed", tl
    assert _row_agrees(worker, base, number)["closed_at"]
    call(t.anon(), "GET", f"{base}/{tid}", expect=401)
    return tid


def test_openapi_live_b2b(t):
    _records(t)
    agent, manager = t.as_("agent"), t.as_("manager")
    # (Quality categories need a photo: test_openapi_live_evidence creates those.)
    body = {"category": "wrong_quantities", "priority": "high",
            "description": "Half the tomatoes were missing.", "customer_id": "OAPI-H1",
            "so_id": "OAPI-SO1", "requested_resolution": "credit_note",
            "items_affected": "Tomato", "delivery_date": "2026-01-11",
            "preferred_resolution_date": "2026-01-15"}
    tid = _lifecycle(t, "b2b", agent, agent, body)
    got = call(manager, "GET", f"/api/tickets/b2b/{tid}", expect=200).json
    assert got["order_context"]["order"]["so_id"] == "OAPI-SO1"
    base = "/api/tickets/b2b"
    call(agent, "POST", base + "/create", dict(body, customer_id="OAPI-HOME1"), expect=422)
    call(agent, "POST", base + "/create", dict(body, so_id="OAPI-NONE"), expect=422)
    call(agent, "POST", base + "/create", {k: v for k, v in body.items()
                                           if k != "customer_id"},
         expect=422, valid_request=False)
    call(agent, "POST", base + "/create", dict(body, woo_order_number="W1"), expect=400,
         valid_request=False)
    call(agent, "POST", base + "/create", raw=b"{not json", expect=400,
         headers={"Content-Type": "application/json"})
    call(t.as_("developer"), "GET", base + "/list", expect=403)
    call(t.as_("reporter"), "POST", base + "/create", body, expect=403)
    other = call(agent, "POST", base + "/create",
                 {"category": "pricing_query", "priority": "low", "description": "Rates?",
                  "customer_id": "OAPI-H1", "invoice_id": "OAPI-INV1"}, expect=201).json
    assert other["so_id"] == "OAPI-SO1"
    oid = other["ticket_id"]
    call(agent, "POST", f"{base}/{oid}/update", {"customer_id": "OAPI-H1"}, expect=422,
         valid_request=False)
    call(agent, "POST", f"{base}/{oid}/assign",
         {"assigned_to": t.user("manager")["user_id"]}, expect=403)
    call(manager, "POST", f"{base}/{oid}/assign",
         {"assigned_to": t.user("developer")["user_id"]}, expect=422)
    call(manager, "POST", f"{base}/{oid}/assign",
         {"assigned_to": t.user("agent2")["user_id"]}, expect=200)
    call(agent, "POST", f"{base}/{oid}/assign", {"assigned_to": t.user("agent")["user_id"]},
         expect=403)
    call(manager, "POST", f"{base}/{oid}/assign", {"assigned_to": None}, expect=409)
    call(agent, "GET", base + "/list?customer_id=OAPI-H1&assigned_to=me&sort=updated_at",
         expect=200)
    call(agent, "GET", base + "/list?within_policy_window=true", expect=400)
    page = call(agent, "GET", base + "/list?customer_id=OAPI-H1&limit=1", expect=200).json
    assert page["total"] >= 2 and page["next_cursor"], page
    call(agent, "GET", base + "/list?customer_id=OAPI-H1&limit=1&cursor=" +
         page["next_cursor"], expect=200)


def test_openapi_live_b2c(t):
    _records(t)
    manager, agent = t.as_("manager"), t.as_("agent")
    body = {"category": "wrong_items", "description": "Got spinach instead of methi.",
            "customer_name": "Asha Openapi", "customer_phone": "+91 98450 12345",
            "woo_order_number": "WOO-5501", "delivery_date": "2020-01-01T09:30:00+05:30",
            "requested_resolution": "refund"}
    _lifecycle(t, "b2c", manager, agent, body)
    late = call(agent, "POST", "/api/tickets/b2c/create", dict(body, delivery_date="2020-01-02"),
                expect=201).json
    assert late["within_policy_window"] is False and late["days_late"] > 0
    assert late["priority"] == "medium" and late["policy_window_label"]
    pe = f"/api/tickets/b2c/{late['ticket_id']}/policy-exception"
    call(agent, "POST", pe, {"decision": "approve", "note": "Regular customer"}, expect=403)
    call(manager, "POST", pe, {"decision": "maybe", "note": "?"}, expect=422,
         valid_request=False)
    call(manager, "POST", pe, {"decision": "approve"}, expect=422, valid_request=False)
    got = call(manager, "POST", pe, {"decision": "approve", "note": "Regular customer"},
               expect=200).json
    assert got["policy_exception"] == "approved" and got["policy_exception_by"]
    tl = call(agent, "GET", f"/api/tickets/b2c/{late['ticket_id']}/timeline",
              expect=200).json["items"]
    assert tl[-1]["type"] == "policy_exception", tl
    early = call(agent, "POST", "/api/tickets/b2c/create", dict(body, delivery_date="2999-01-01"),
                 expect=201).json
    assert early["within_policy_window"] is True
    call(t.as_("admin"), "POST", f"/api/tickets/b2c/{early['ticket_id']}/policy-exception",
         {"decision": "reject", "note": "Not needed"}, expect=409)
    call(manager, "POST", "/api/tickets/b2c/999999999/policy-exception",
         {"decision": "reject", "note": "x"}, expect=404)
    call(agent, "GET", "/api/tickets/b2c/list?overdue=true&sort=sla_due_at&order=asc",
         expect=200)
    call(agent, "GET", "/api/tickets/b2c/list?overdue=maybe", expect=400)
    call(agent, "GET", "/api/tickets/b2c/list?within_policy_window=false&created_from="
         "2020-01-01&created_to=2999-01-01T00:00:00Z", expect=200)
    call(agent, "POST", "/api/tickets/b2c/create", dict(body, customer_phone=None), expect=422)
    call(agent, "POST", "/api/tickets/b2c/create", dict(body, customer_email="not-an-email"),
         expect=422, valid_request=False)


def test_openapi_live_internal(t):
    rep, dev, agent = t.as_("reporter"), t.as_("developer"), t.as_("agent")
    body = {"title": "Stock report is slow", "category": "performance", "priority": "medium",
            "description": "The stock report takes a minute to load.",
            "affected_module": "Inventory"}
    tid = _lifecycle(t, "internal", rep, dev, body)
    call(agent, "GET", f"/api/tickets/internal/{tid}", expect=404)
    call(rep, "GET", "/api/tickets/internal/list", expect=200)
    mine = call(agent, "POST", "/api/tickets/internal/create", dict(body, title="Agent's"),
                expect=201).json["ticket_id"]
    call(agent, "POST", f"/api/tickets/internal/{mine}/assign",
         {"assigned_to": t.user("developer")["user_id"]}, expect=403)
    call(agent, "POST", f"/api/tickets/internal/{mine}/comments",
         {"comment_text": "Still slow", "visibility": "public"}, expect=201)
    call(agent, "POST", f"/api/tickets/internal/{mine}/resolve",
         {"resolution_type": "fixed", "notes": "?"}, expect=403)
    call(rep, "POST", "/api/tickets/internal/create", dict(body, category="bug"), expect=422,
         valid_request=True)
    call(rep, "POST", "/api/tickets/internal/create", dict(body, customer_id="OAPI-H1"),
         expect=400, valid_request=False)


def test_openapi_live_notifications_and_settings(t):
    _records(t)
    agent, agent2, manager, admin = (t.as_("agent"), t.as_("agent2"), t.as_("manager"),
                                     t.as_("admin"))
    # An assignment notifies the assignee.
    tk = call(agent, "POST", "/api/tickets/b2b/create",
              {"category": "pricing_query", "priority": "low", "description": "Rates?",
               "customer_id": "OAPI-H1", "so_id": "OAPI-SO1"}, expect=201).json
    call(manager, "POST", f"/api/tickets/b2b/{tk['ticket_id']}/assign",
         {"assigned_to": t.user("agent2")["user_id"]}, expect=200)
    page = call(agent2, "GET", "/api/notifications?limit=200", expect=200).json
    mine = [n for n in page["items"] if n["ticket_id"] == tk["ticket_id"]]
    assert mine and mine[0]["type"] == "assignment", page
    call(agent2, "POST", f"/api/notifications/{mine[0]['notification_id']}/read", expect=200)
    call(agent2, "POST", f"/api/notifications/{mine[0]['notification_id']}/read", expect=200)
    call(agent, "POST", f"/api/notifications/{mine[0]['notification_id']}/read", expect=404)
    call(agent2, "GET", "/api/notifications?unread=true", expect=200)
    call(agent2, "GET", "/api/notifications?unread=maybe", expect=400)
    call(agent2, "GET", "/api/notifications?limit=500", expect=400)
    call(t.as_("reporter"), "GET", "/api/notifications", expect=200)
    call(t.anon(), "GET", "/api/notifications", expect=401)

    prefs = call(agent2, "GET", "/api/notifications/preferences", expect=200).json
    call(agent2, "PUT", "/api/notifications/preferences",
         {"assignment": prefs["assignment"]}, expect=200)
    call(agent2, "PUT", "/api/notifications/preferences", {"birthday": prefs["assignment"]},
         expect=400, valid_request=False)
    call(agent2, "PUT", "/api/notifications/preferences", {"assignment": {"in_app": True}},
         expect=400, valid_request=False)

    sla = call(t.as_("reporter"), "GET", "/api/settings/sla", expect=200).json
    call(admin, "PUT", "/api/settings/sla", sla, expect=200)  # the same again: no change
    call(agent, "PUT", "/api/settings/sla", sla, expect=403)
    call(admin, "PUT", "/api/settings/sla", {"resolution_hours": {"b2b": {"low": -1}}},
         expect=422, valid_request=False)
    call(admin, "PUT", "/api/settings/sla", {"colour": "red"}, expect=400, valid_request=False)
    call(admin, "GET", "/api/settings/smtp", expect=200)
    call(manager, "GET", "/api/settings/smtp", expect=403)
    call(admin, "PUT", "/api/settings/smtp", {"url": "http://mail.example"}, expect=422,
         valid_request=False)
    call(agent, "POST", "/api/test/sweep", expect=403)


def test_openapi_live_evidence(t):
    """The evidence and traceability routes (issue 4) answer as documented."""
    import json as _json
    from test_evidence import PDF, multipart, png
    _records(t)
    agent, manager, admin = t.as_("agent"), t.as_("manager"), t.as_("admin")
    call(admin, "PUT", "/api/records/farms", [{"farm_id": "OAPI-F1", "name": "Openapi Farm",
                                               "location": "Nashik", "contact": None}], expect=200)
    call(admin, "PUT", "/api/records/batches", [
        {"batch_number": "OAPI-B1", "product": "Tomato", "farm_id": "OAPI-F1",
         "received_at": "2026-01-10", "received_qty": 100, "damaged_qty": 2, "rejected_qty": 1,
         "unit": "kg", "grading": {"A": 80, "B": 17}}], expect=200)
    call(admin, "PUT", "/api/records/batches", [{"batch_number": "X", "farm_id": "NOPE",
                                                 "product": "p", "received_at": "2026-01-01",
                                                 "received_qty": 1}], expect=422)
    call(admin, "PUT", "/api/records/orders", [
        {"so_id": "OAPI-SO2", "customer_id": "OAPI-H1", "order_date": "2026-01-10",
         "delivery_date": "2026-01-11",
         "lines": [{"item": "Tomato", "unit": "kg", "ordered_qty": 20, "delivered_qty": 20,
                    "price": 30, "allocations": [{"batch_number": "OAPI-B1", "qty": 20}]}]}],
         expect=200)
    call(agent, "GET", "/api/orders/OAPI-SO2", expect=200)
    call(agent, "GET", "/api/batches/OAPI-B1", expect=200)
    call(agent, "GET", "/api/batches/NOPE", expect=404)
    raw, ctype = multipart([("files", "a.png", "image/png", png(seed=31))])
    up = call(agent, "POST", "/api/uploads", raw=raw, headers={"Content-Type": ctype},
              expect=201).json["items"][0]
    body = {"category": "damaged_items", "priority": "high", "description": "Crushed.",
            "customer_id": "OAPI-H1", "so_id": "OAPI-SO2", "batch_number": "OAPI-B1",
            "requested_resolution": "credit_note", "photo_upload_ids": [up["attachment_id"]]}
    tk = call(agent, "POST", "/api/tickets/b2b/create", body, expect=201).json
    call(agent, "POST", "/api/tickets/b2b/create", dict(body, photo_upload_ids=[]), expect=422)
    raw, ctype = multipart([("ticket", None, "application/json",
                             _json.dumps(dict(body, photo_upload_ids=None)).encode()),
                            ("photos", "t.txt", None, b"text")])
    call(agent, "POST", "/api/tickets/b2b/create", raw=raw, headers={"Content-Type": ctype},
         expect=415)
    base = f"/api/tickets/b2b/{tk['ticket_id']}"
    call(agent, "GET", base, expect=200)
    call(agent, "GET", base + "/attachments", expect=200)
    raw, ctype = multipart([("files", "bill.pdf", None, PDF)])
    call(agent, "POST", base + "/attachments", raw=raw, headers={"Content-Type": ctype},
         expect=201)
    call(agent, "POST", base + "/attachments", {"upload_ids": [999999]}, expect=422)
    call(agent, "GET", f"/api/attachments/{up['attachment_id']}", expect=200)
    call(t.as_("reporter"), "GET", f"/api/attachments/{up['attachment_id']}", expect=404)
    call(agent, "POST", base + "/root-cause", {"root_cause": "farm", "affected_qty": 3},
         expect=200)
    call(agent, "POST", base + "/root-cause", {"root_cause": "nope"}, expect=422,
         valid_request=False)
    call(agent, "POST", base + "/communications", {"channel": "phone", "direction": "outbound",
                                                   "summary": "Called the chef"}, expect=201)
    call(agent, "GET", base + "/communications", expect=200)
    call(agent, "GET", base + "/timeline", expect=200)
    call(agent, "GET", "/api/batches/OAPI-B1/investigation", expect=200)
    call(agent, "POST", "/api/farms/OAPI-F1/flags", {"ticket": tk["number"], "reason": "Mould"},
         expect=201)
    call(agent, "GET", "/api/farms/OAPI-F1", expect=200)
    call(agent, "GET", "/api/wastage?from=2020-01-01", expect=200)
    call(agent, "GET", "/api/customers/OAPI-H1", expect=200)
    call(manager, "POST", "/api/customers/OAPI-H1/flags", {"high_standards": True,
                                                           "note": "Picky"}, expect=200)
    call(agent, "POST", "/api/customers/OAPI-H1/flags", {"high_standards": True}, expect=403)
    call(agent, "GET", "/api/settings/complaints", expect=200)
    call(manager, "PUT", "/api/settings/complaints", {"repeat_complainer_window_days": 60},
         expect=200)
    b2c = {"category": "spoiled_items", "description": "Slimy spinach.",
           "customer_name": "Asha Openapi", "customer_phone": "+91 98450 12345",
           "woo_order_number": "WOO-7", "delivery_date": "2020-01-01"}
    raw, ctype = multipart([("ticket", None, "application/json", _json.dumps(b2c).encode()),
                            ("photos", "s.png", None, png(seed=32))])
    c = call(agent, "POST", "/api/tickets/b2c/create", raw=raw, headers={"Content-Type": ctype},
             expect=201).json
    raw, ctype = multipart([("photos", "s2.png", None, png(seed=33))])
    call(agent, "POST", f"/api/tickets/b2c/{c['ticket_id']}/photos", raw=raw,
         headers={"Content-Type": ctype}, expect=201)
    call(agent, "GET", f"/api/tickets/b2c/{c['ticket_id']}/attachments", expect=200)
    call(agent, "GET", f"/api/tickets/b2c/{c['ticket_id']}/communications", expect=200)
    call(agent, "POST", f"/api/tickets/b2c/{c['ticket_id']}/root-cause",
         {"root_cause": "not_valid"}, expect=200)
    call(agent, "POST", f"/api/tickets/b2c/{c['ticket_id']}/communications",
         {"channel": "whatsapp", "direction": "inbound", "summary": "Photo sent"}, expect=201)
    it = call(t.as_("reporter"), "POST", "/api/tickets/internal/create",
              {"title": "Screen", "category": "bug", "priority": "low", "description": "x",
               "steps_to_reproduce": "1", "expected_behavior": "2", "actual_behavior": "3"},
              expect=201).json
    raw, ctype = multipart([("files", "s.png", None, png(seed=34))])
    call(t.as_("reporter"), "POST", f"/api/tickets/internal/{it['ticket_id']}/attachments",
         raw=raw, headers={"Content-Type": ctype}, expect=201)
    call(t.as_("reporter"), "GET", f"/api/tickets/internal/{it['ticket_id']}/attachments",
         expect=200)
