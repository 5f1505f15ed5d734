"""A small S3 stand-in that checks AWS SigV4 signatures, which s3rver 3.7.1 does not: it
recomputes each request's signature from the secret it was given (canonical request, string
to sign, HMAC chain, as AWS documents them) and checks the payload against
x-amz-content-sha256, answering 403 SignatureDoesNotMatch as S3 does.  Objects are kept in
memory; HEAD, GET, PUT, DELETE of keys and HEAD of the bucket only.  It listens on a port the
kernel picked (port 0), inside the test process."""
import hashlib
import hmac
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ERROR = ('<?xml version="1.0" encoding="UTF-8"?><Error><Code>{}</Code>'
         '<Message>{}</Message></Error>')


def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


class SigV4Standin:
    def __init__(self, bucket, key_id, secret):
        self.bucket, self.key_id, self.secret = bucket, key_id, secret
        self.objects = {}  # key -> bytes
        self.checked = 0   # requests whose signature was checked and right
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self, status, body=b"", ctype="application/xml"):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def refuse(self, status, code, message):
                self.answer(status, ERROR.format(code, message).encode())

            def signed_ok(self, body):
                return standin.verify(self.command, self.path, self.headers, body)

            def key(self):
                path = urllib.parse.urlsplit(self.path).path
                prefix = f"/{standin.bucket}/"
                return path[len(prefix):] if path.startswith(prefix) else None

            def handle_one(self, body=None):
                why = self.signed_ok(body)
                if why:
                    return self.refuse(403, *why)
                key = self.key()
                if key is None:
                    return self.refuse(404, "NoSuchBucket", "The bucket does not exist")
                if key == "" and self.command == "HEAD":
                    return self.answer(200)
                if self.command == "PUT":
                    standin.objects[key] = body
                    return self.answer(200)
                if key not in standin.objects:
                    return self.refuse(404, "NoSuchKey", "The key does not exist")
                if self.command == "DELETE":
                    del standin.objects[key]
                    return self.answer(204)
                self.answer(200, standin.objects[key], "application/octet-stream")

            def do_HEAD(self):
                self.handle_one()

            def do_GET(self):
                self.handle_one()

            def do_DELETE(self):
                self.handle_one()

            def do_PUT(self):
                n = int(self.headers.get("Content-Length", "0"))
                if self.headers.get("Expect", "").lower() == "100-continue":
                    self.send_response_only(100)
                    self.end_headers()
                self.handle_one(self.rfile.read(n))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def verify(self, method, target, headers, body):
        """None when the request is signed right with our secret, else (code, message)."""
        auth = headers.get("Authorization", "")
        if not auth.startswith("AWS4-HMAC-SHA256 "):
            return ("AccessDenied", "Access Denied")
        parts = dict(p.strip().split("=", 1) for p in auth.split(" ", 1)[1].split(","))
        cred = parts["Credential"].split("/")
        if cred[0] != self.key_id:
            return ("InvalidAccessKeyId", "The AWS Access Key Id does not exist")
        payload = headers.get("x-amz-content-sha256")
        if not payload:
            return ("InvalidRequest", "Missing required header x-amz-content-sha256")
        if hashlib.sha256(body or b"").hexdigest() != payload:
            return ("XAmzContentSHA256Mismatch", "The payload does not match its hash")
        signed = parts["SignedHeaders"].split(";")
        for h in ("host", "x-amz-date", "x-amz-content-sha256"):
            if h not in signed:
                return ("AccessDenied", f"{h} is not signed")
        url = urllib.parse.urlsplit(target)
        query = "&".join(sorted(url.query.split("&"))) if url.query else ""
        canon_headers = "".join(f"{h}:{' '.join(headers.get(h, '').split())}\n" for h in signed)
        creq = "\n".join([method, url.path, query, canon_headers, ";".join(signed), payload])
        to_sign = "\n".join(["AWS4-HMAC-SHA256", headers.get("x-amz-date", ""),
                             "/".join(cred[1:]), hashlib.sha256(creq.encode()).hexdigest()])
        k = _hmac(("AWS4" + self.secret).encode(), cred[1])
        for piece in cred[2:]:
            k = _hmac(k, piece)
        if hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest() != parts["Signature"]:
            return ("SignatureDoesNotMatch", "The request signature we calculated does not "
                    "match the signature you provided")
        self.checked += 1
        return None

    def url(self):
        return f"s3://{self.bucket}?endpoint=http://127.0.0.1:{self.port}&region=ap-south-1"

    def stored(self):
        return set(self.objects)

    def read(self, key):
        return self.objects[key]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
