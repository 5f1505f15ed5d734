"""A Zoho Books stand-in (tests only): the accounts server's OAuth token endpoint and the
Books v3 API calls ticketd makes, as /work/shared/integrations.md documents them.

- POST /oauth/v2/token?grant_type=refresh_token&refresh_token=&client_id=&client_secret=
  answers {"access_token","expires_in":3600,"api_domain","token_type"} or, for a wrong
  client or token, 200 {"error":"invalid_code"} as Zoho does.
- Every /books/v3 call needs "Authorization: Zoho-oauthtoken <token>" (401 code 14 else) and
  ?organization_id= of the organization.
- GET /organizations; GET|POST /creditnotes (reference_number filter; created as draft),
  POST /creditnotes/{id}/status/open; GET|POST /salesorders.

Switches for the documented error cases: expire_tokens() (the next call with a token
answers 401 as an expired token does), rate_limit(n, retry_after) (the next n Books calls
answer 429), and on_create (called with the new document after it is stored and before the
answer is written: the crash test kills ticketd there).  It keeps every request it got in
`requests` and the documents in `creditnotes` and `salesorders`.  Listens on port 0."""
import json
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ZohoStandin:
    def __init__(self, client_id="1000.TESTCLIENT", client_secret="zoho-secret",
                 refresh_token="1000.refresh.token", organization_id="60012345"):
        self.client_id, self.client_secret = client_id, client_secret
        self.refresh_token, self.organization_id = refresh_token, organization_id
        self.lock = threading.Lock()
        self.conns = []            # open connections, closed with the stand-in
        self.tokens = set()        # access tokens that are good
        self.token_requests = 0
        self.requests = []         # (method, path, query dict, body or None)
        self.creditnotes = []
        self.salesorders = []
        self.limited = 0
        self.retry_after = None
        self.on_create = None
        self.seq = 0
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def setup(self):
                super().setup()
                with standin.lock:
                    standin.conns.append(self.connection)

            def answer(self, status, obj, headers=None):
                body = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def handle_any(self):
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else b""
                url = urllib.parse.urlsplit(self.path)
                q = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    return self.answer(400, {"code": 4, "message": "Invalid JSON"})
                with standin.lock:
                    standin.requests.append((self.command, url.path, q, body))
                if url.path == "/oauth/v2/token":
                    return self.answer(*standin.token(self.command, q))
                if not url.path.startswith("/books/v3/"):
                    return self.answer(404, {"code": 5, "message": "Invalid URL Passed"})
                auth = self.headers.get("Authorization") or ""
                with standin.lock:
                    good = auth.startswith("Zoho-oauthtoken ") and \
                        auth.split(" ", 1)[1] in standin.tokens
                    if good and standin.limited > 0:
                        standin.limited -= 1
                        extra = {"Retry-After": str(standin.retry_after)} \
                            if standin.retry_after else None
                        return self.answer(429, {"code": 44, "message":
                                                 "API call limit exceeded. Try again later."},
                                           extra)
                if not good:
                    return self.answer(401, {"code": 14, "message":
                                             "Invalid OAuth access token."})
                if q.get("organization_id") != standin.organization_id:
                    return self.answer(400, {"code": 6041, "message":
                                             "This user is not associated with the "
                                             "organization."})
                path = url.path[len("/books/v3"):]
                status, obj, created = standin.books(self.command, path, q, body)
                if created is not None and standin.on_create:
                    standin.on_create(created)
                try:
                    self.answer(status, obj)
                except OSError:
                    pass  # the caller is gone (the crash test)

            do_GET = do_POST = do_PUT = do_DELETE = handle_any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def settings(self, **over):
        """The settings body that points ticketd here."""
        body = {"enabled": True, "data_centre": "in", "accounts_url": self.url,
                "api_url": self.url + "/books/v3", "web_url": "https://books.zoho.in",
                "client_id": self.client_id, "client_secret": self.client_secret,
                "refresh_token": self.refresh_token, "organization_id": self.organization_id}
        body.update(over)
        return body

    def close(self):
        """Stops listening and drops the kept-alive connections: nothing answers now."""
        self.server.shutdown()
        self.server.server_close()
        with self.lock:
            for c in self.conns:
                try:
                    c.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    # --- switches
    def expire_tokens(self):
        with self.lock:
            self.tokens.clear()

    def rate_limit(self, n, retry_after=None):
        with self.lock:
            self.limited, self.retry_after = n, retry_after

    def calls(self, method, path):
        with self.lock:
            return [r for r in self.requests if r[0] == method and r[1] == path]

    # --- the protocol
    def token(self, method, q):
        with self.lock:
            self.token_requests += 1
            if method != "POST" or q.get("grant_type") != "refresh_token" or \
                    q.get("refresh_token") != self.refresh_token or \
                    q.get("client_id") != self.client_id or \
                    q.get("client_secret") != self.client_secret:
                return 200, {"error": "invalid_code"}
            self.seq += 1
            tok = f"1000.access.{self.seq}"
            self.tokens.add(tok)
            return 200, {"access_token": tok, "expires_in": 3600, "api_domain": self.url,
                         "token_type": "Bearer"}

    def books(self, method, path, q, body):
        """(status, answer, created document or None)"""
        with self.lock:
            if method == "GET" and path == "/organizations":
                return 200, {"code": 0, "message": "success", "organizations": [
                    {"organization_id": self.organization_id, "name": "Fresh Farms Pvt Ltd",
                     "currency_code": "INR"}]}, None
            for plural, one, prefix, docs in (
                    ("creditnotes", "creditnote", "CN", self.creditnotes),
                    ("salesorders", "salesorder", "SO", self.salesorders)):
                if path == "/" + plural and method == "GET":
                    ref = q.get("reference_number")
                    found = [d for d in docs if ref is None or d["reference_number"] == ref]
                    return 200, {"code": 0, "message": "success", plural: found,
                                 "page_context": {"page": 1, "per_page": 200,
                                                  "has_more_page": False}}, None
                if path == "/" + plural and method == "POST":
                    missing = [k for k in ("customer_id", "date", "line_items")
                               if not (body or {}).get(k)]
                    if missing:
                        return 400, {"code": 15, "message":
                                     f"Please enter {missing[0]}."}, None
                    self.seq += 1
                    doc = dict(body)
                    doc[f"{one}_id"] = str(903000000000000 + self.seq)
                    doc[f"{one}_number"] = f"{prefix}-{len(docs) + 1:05d}"
                    doc["status"] = "draft"
                    doc["total"] = round(sum(li.get("rate", 0) * li.get("quantity", 1)
                                             for li in doc["line_items"]), 2)
                    if "invoice_id" in q:
                        doc["invoice_id"] = q["invoice_id"]
                    docs.append(doc)
                    return 201, {"code": 0, "message": f"The {one} has been created.",
                                 one: doc}, doc
                if plural == "creditnotes" and method == "POST" and \
                        path.startswith("/creditnotes/") and path.endswith("/status/open"):
                    cid = path.split("/")[2]
                    for d in docs:
                        if d["creditnote_id"] == cid:
                            d["status"] = "open"
                            return 200, {"code": 0, "message":
                                         "The credit note has been marked as open."}, None
                    return 404, {"code": 1002, "message": "Credit note does not exist."}, None
            return 404, {"code": 5, "message": "Invalid URL Passed"}, None
