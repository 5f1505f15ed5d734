"""Where a test ticketd keeps its files, seen from the test: the data directory (the default
backend) or an S3 stand-in (s3rver from tests/standins, started on loopback).  Both answer
stored() with the set of stored keys, "files/<sha256>" and "thumbs/<sha256>.jpg", so a test
reads the same whichever backend ticketd runs on."""
import os
import re
import shutil
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
S3RVER = os.path.join(HERE, "..", "standins", "node_modules", "s3rver", "bin", "s3rver.js")
BUCKET = "ticketd-files"
KEY_ID = SECRET = "S3RVER"  # s3rver's built-in account
LISTENING = re.compile(r"S3rver listening on [^:]+:(\d+)")
OBJECT = "._S3rver_object"


class DirFiles:
    """The files under a data directory (dir:DATA)."""
    name = "dir"

    def __init__(self, root):
        self.root = root

    def stored(self):
        out = set()
        for top, suffix in (("files", ""), ("thumbs", ".jpg")):
            base = os.path.join(self.root, top)
            for d, _, names in os.walk(base):
                for n in names:
                    if not n.startswith(".tmp-"):
                        out.add(f"{top}/{os.path.basename(d)}{n}")
        return out

    def read(self, key):
        top, name = key.split("/", 1)
        with open(os.path.join(self.root, top, name[:2], name[2:]), "rb") as f:
            return f.read()


class S3Standin:
    """s3rver on a free loopback port with one bucket; its objects are read from its data
    directory (s3rver 3.7.1 keeps each as <dir>/<bucket>/<key>._S3rver_object)."""
    name = "s3"

    def __init__(self):
        if not os.path.exists(S3RVER):
            raise RuntimeError("s3rver is not installed: run `npm ci` in tests/standins")
        self.dir = tempfile.mkdtemp(prefix="ticketd-s3-")
        self.data = os.path.join(self.dir, "s3")
        os.makedirs(self.data)
        self.proc = None
        self.port = 0
        self.start()

    def start(self):
        """Starts s3rver (again, on the same port and data when it ran before; a new port
        if that one was taken meanwhile, which the caller sees in self.port)."""
        for want in (self.port, 0) if self.port else (0,):
            log = open(os.path.join(self.dir, "s3rver.log"), "w")
            self.proc = subprocess.Popen(
                ["node", S3RVER, "-d", self.data, "-a", "127.0.0.1", "-p", str(want), "-s",
                 "--configure-bucket", BUCKET], stdout=log, stderr=subprocess.STDOUT)
            deadline = time.time() + 30
            while time.time() < deadline and self.proc.poll() is None:
                with open(log.name) as f:
                    m = LISTENING.search(f.read())
                if m:
                    self.port = int(m.group(1))
                    log.close()
                    return self
                time.sleep(0.05)
            log.close()
            self.stop()
        raise RuntimeError("s3rver did not start; see " + log.name)

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            self.proc = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, port=None):
        return (f"s3://{BUCKET}?endpoint=http://127.0.0.1:{port or self.port}"
                "&region=us-east-1")

    def env(self, key_id=KEY_ID, secret=SECRET):
        return {"AWS_ACCESS_KEY_ID": key_id, "AWS_SECRET_ACCESS_KEY": secret}

    def stored(self):
        base = os.path.join(self.data, BUCKET)
        out = set()
        for d, _, names in os.walk(base):
            for n in names:
                if n.endswith(OBJECT):
                    out.add(os.path.relpath(os.path.join(d, n[:-len(OBJECT)]), base))
        return out

    def read(self, key):
        with open(os.path.join(self.data, BUCKET, key + OBJECT), "rb") as f:
            return f.read()
