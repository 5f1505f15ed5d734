"""A stand-in for the WhatsApp Cloud API (Meta's Graph API), standard library only, on a
loopback port of its own (port 0): what ticketd calls, as /work/shared/integrations.md
section 3 documents it.

  GET  /v21.0/{phone-number-id}?fields=...   the number's details (test connection)
  POST /v21.0/{phone-number-id}/messages      text or template; records it, answers a wamid
  GET  /v21.0/{media-id}                      {"url", "mime_type", "sha256", "file_size", "id"}
  GET  /media/{media-id}                      the bytes at that url (Bearer token too)

Every call needs "Authorization: Bearer <token>"; a wrong one gets 401 with error code 190.
Switches for the documented errors:
  window_closed   phones whose 24-hour window is closed: free text to them gets 400 with
                  code 131047 (re-engagement); templates still go
  fail_next(...)  the next message sends answer an error, e.g. 130429 (throughput) with 429
"""
import hashlib
import json
import re
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = "v21.0"


def png(w=8, h=8, seed=0):
    """A real PNG image."""
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(v for x in range(w)
                                    for v in ((x * 9 + seed) % 256, (y * 7) % 256, seed % 256))
                    for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def graph_error(code, message, kind="OAuthException"):
    return {"error": {"message": f"(#{code}) {message}", "type": kind, "code": code,
                      "error_data": {"messaging_product": "whatsapp", "details": message},
                      "fbtrace_id": "AbCdEf123"}}


class WhatsAppStandin:
    def __init__(self, token="test-token", phone_number_id="1098765432"):
        self.token = token
        self.phone_number_id = phone_number_id
        self.lock = threading.Lock()
        self.sends = []          # the JSON bodies of message sends that were accepted
        self.attempts = 0        # every message POST, refused ones included
        self.media = {}          # media id -> (bytes, mime type)
        self.media_fetches = 0
        self.window_closed = set()
        self.failures = []       # (status, body, retry_after) for the next sends
        self.counter = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}/{VERSION}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def add_media(self, media_id, data, mime):
        with self.lock:
            self.media[media_id] = (data, mime)

    def fail_next(self, n=1, code=130429, status=429, message="Rate limit hit",
                  retry_after=None):
        with self.lock:
            for _ in range(n):
                self.failures.append((status, graph_error(code, message), retry_after))

    def sent(self):
        with self.lock:
            return list(self.sends)

    def handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, body, ctype="application/json", headers=None):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def authorized(self):
                if self.headers.get("Authorization") == f"Bearer {standin.token}":
                    return True
                self.reply(401, graph_error(190, "Error validating access token: the "
                                                 "session is invalid"))
                return False

            def do_GET(self):
                path, _, _query = self.path.partition("?")
                if not self.authorized():
                    return
                m = re.fullmatch(r"/media/([\w.-]+)", path)
                if m:
                    with standin.lock:
                        item = standin.media.get(m.group(1))
                        standin.media_fetches += 1
                    if not item:
                        return self.reply(404, graph_error(100, "no such media"))
                    return self.reply(200, item[0], ctype=item[1])
                m = re.fullmatch(rf"/{VERSION}/([\w.-]+)", path)
                if not m:
                    return self.reply(404, graph_error(100, "Unknown path components"))
                ident = m.group(1)
                if ident == standin.phone_number_id:
                    return self.reply(200, {"display_phone_number": "+91 80 4567 8900",
                                            "verified_name": "Fresh Farms Support",
                                            "quality_rating": "GREEN", "id": ident})
                with standin.lock:
                    item = standin.media.get(ident)
                if not item:
                    return self.reply(400, graph_error(100, "Invalid media id",
                                                       "GraphMethodException"))
                return self.reply(200, {
                    "messaging_product": "whatsapp",
                    "url": f"http://127.0.0.1:{standin.port}/media/{ident}",
                    "mime_type": item[1], "sha256": hashlib.sha256(item[0]).hexdigest(),
                    "file_size": len(item[0]), "id": ident})

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n)
                if not self.authorized():
                    return
                if self.path != f"/{VERSION}/{standin.phone_number_id}/messages":
                    return self.reply(404, graph_error(100, "Unknown path components"))
                try:
                    body = json.loads(raw)
                except ValueError:
                    return self.reply(400, graph_error(100, "Invalid JSON"))
                with standin.lock:
                    standin.attempts += 1
                    failure = standin.failures.pop(0) if standin.failures else None
                if failure:
                    status, err, retry_after = failure
                    return self.reply(status, err, headers={"Retry-After": str(retry_after)}
                                      if retry_after else None)
                if (body.get("messaging_product") != "whatsapp" or not body.get("to")
                        or body.get("type") not in ("text", "template")):
                    return self.reply(400, graph_error(100, "Invalid parameter"))
                if body["type"] == "text" and not body.get("text", {}).get("body"):
                    return self.reply(400, graph_error(100, "text.body is required"))
                if body["type"] == "template" and not body.get("template", {}).get("name"):
                    return self.reply(400, graph_error(100, "template.name is required"))
                if body["type"] == "text" and body["to"] in standin.window_closed:
                    return self.reply(400, graph_error(
                        131047, "Re-engagement message: more than 24 hours have passed "
                                "since the recipient last replied"))
                with standin.lock:
                    standin.counter += 1
                    wamid = f"wamid.STANDIN{standin.counter:06d}"
                    standin.sends.append(dict(body, _wamid=wamid))
                out = {"messaging_product": "whatsapp",
                       "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                       "messages": [{"id": wamid}]}
                if body["type"] == "template":
                    out["messages"][0]["message_status"] = "accepted"
                return self.reply(200, out)

        return Handler
