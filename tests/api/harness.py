"""The API test harness: starts the real ticketd on a free loopback port with a fresh data
directory, creates one user per role through the command line, and gives tests a signed-in
HTTP client per role.  Standard library only."""
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

from filestore import DirFiles

PASSWORD = "test-password-1"

# The engine every Server runs on: None for SQLite in its data directory, or a function that
# makes a fresh PostgreSQL database and returns its connection string (run.py --engine).
NEW_DATABASE = None
POSTGRES = None  # the pg.Postgres server behind NEW_DATABASE, for tests that look inside


def engine():
    """The engine under test: "sqlite" or "postgresql"."""
    return "postgresql" if NEW_DATABASE else "sqlite"


def only_on(*engines):
    """Marks a test that is about one engine's own machinery (SQLite's WAL checkpoints, its
    text index segments): run.py runs it on those engines only, and says it skipped it on
    the others."""
    def mark(fn):
        fn.engines = engines
        return fn
    return mark
ROLES = ["agent", "agent2", "manager", "admin", "developer", "reporter"]


def free_port():
    """A port that was free a moment ago.  Only for servers that cannot report the port
    they bound: start them with start_on_free_port, which retries on a clash."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_on_free_port(start, tries=5):
    """Calls start(port) with a fresh free port until it returns True (the server is up)
    or tries run out: a port picked this way can be taken by another socket before the
    server binds it, and a test must not fail for that."""
    for _ in range(tries):
        port = free_port()
        if start(port):
            return port
    raise RuntimeError(f"no server came up on any of {tries} free ports")


LISTENING = re.compile(r"ticketd listening on http://[^:/]+:(\d+)/")


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.raw = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def error(self):
        """The error envelope's fields, or None."""
        if isinstance(self.json, dict) and "error" in self.json:
            return self.json["error"]
        return None

    def __repr__(self):
        return f"<{self.status} {self.raw[:300]!r}>"


class Client:
    """An HTTP client with its own cookie jar (a signed-in browser) or a bearer token."""

    def __init__(self, port, token=None):
        self.port = port
        self.cookie = None
        self.token = token

    def request(self, method, path, body=None, headers=None, raw=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        payload = resp.read()
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                pair = v.split(";", 1)[0]
                self.cookie = None if pair.endswith("=") else pair
        conn.close()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, payload)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


class Server:
    def __init__(self, binary, extra_args=(), env=None, files=None, roles=ROLES,
                 database=None, long_sessions=True):
        """env: variables added to ticketd's environment; files: where ticketd keeps its
        files as the tests see them (filestore.py; default: the data directory), the
        matching --files URL being in extra_args; roles: the users to create; database:
        the --database to use (default: a fresh one of the engine under test);
        long_sessions: before signing in, set the longest session lengths (30 days idle, a
        year at most), because tests move the business clock days ahead and sessions slide
        by it (12 hours idle by default would sign every client out)."""
        self.binary = os.path.abspath(binary)
        self.dir = tempfile.mkdtemp(prefix="ticketd-api-")
        self.data = os.path.join(self.dir, "data")
        self.port = 0  # ticketd binds a free port itself and prints it
        self._database = database
        self.extra = list(extra_args)
        self.extra_env = dict(env or {})
        self.env = dict(os.environ, **self.extra_env)
        self.files = files or DirFiles(self.data)
        self.roles = list(roles)
        self.proc = None
        self.users = {}
        self.clients = {}
        self.long_sessions = long_sessions

    @property
    def database(self):
        """The --database: given, or a fresh one of the engine under test made on first use
        (None for SQLite in the data directory)."""
        if self._database is None and NEW_DATABASE:
            self._database = NEW_DATABASE()
        return self._database

    def cli(self, *args, stdin=None):
        return subprocess.run([self.binary, *args, "--data", self.data, *self.db_args()],
                              input=stdin, capture_output=True, text=True, timeout=60,
                              env=self.env)

    def join(self):
        """A second ticketd on this one's database, data directory and file store: a
        process of the same deployment, with the same users, started and signed in."""
        other = Server(self.binary, self.extra, self.extra_env, self.files, self.roles,
                       database=self.database, long_sessions=self.long_sessions)
        other.data = self.data
        return other.launch()

    def sibling(self, extra_args=()):
        """A fresh server set up as this one (engine, file store), on a database and data
        directory of its own, started."""
        shared = self.files if self.files.name != "dir" else None
        return Server(self.binary, [*self.extra, *extra_args], self.extra_env, shared,
                      self.roles).start()

    def db_args(self):
        return ["--database", self.database] if self.database else []

    def start(self):
        if self.from_template():
            return self
        self.add_users()
        return self.launch()

    def from_template(self):
        """Starts this server on a copy of a template's database and data directory, in
        which its users were made and signed in once for the whole run (each user costs a
        password hash to make and another to sign in).  Only for a server on a fresh
        database; False when that does not apply.  The template keeps no files, so the copy
        serves as well with its files in S3."""
        if self._database is not None:
            return False
        key = (self.binary, tuple(self.roles), self.long_sessions, engine())
        tpl = _TEMPLATES.get(key)
        if tpl is None:
            tpl = _TEMPLATES[key] = Template(self.binary, self.roles, self.long_sessions)
        shutil.copytree(tpl.server.data, self.data)
        if tpl.server._database:
            self._database = POSTGRES.copy_database(tpl.server._database)
        self.launch(sign_in=False)
        for role, (user, cookie) in tpl.sessions.items():
            c = Client(self.port)
            c.cookie = cookie
            self.users[role] = user
            self.clients[role] = c
        return True

    def add_users(self):
        for role in self.roles:
            base = "agent" if role == "agent2" else role
            r = self.cli("user", "add", "--email", f"{role}@test.example", "--name",
                         f"Test {role.title()}", "--role", base, stdin=PASSWORD + "\n")
            if r.returncode != 0:
                raise RuntimeError(f"user add failed: {r.stderr}")

    def launch(self, sign_in=True):
        """Starts ticketd on the data directory and (sign_in) signs every role in.  The first start
        binds any free port (--port 0) and reads it from ticketd's first line; a restart
        asks for the same port again and falls back to a new one should it be taken."""
        want = self.port
        for _ in range(5):
            port = self.spawn(want)
            if port:
                break
            want = 0
        else:
            raise RuntimeError("ticketd did not start; see " + self.log.name)
        self.port = port
        if not sign_in:
            return self
        if self.long_sessions and "admin" in self.roles:
            c = Client(self.port)
            r = c.post("/api/auth/login", {"email": "admin@test.example", "password": PASSWORD})
            if r.status != 200:
                raise RuntimeError(f"login as admin failed: {r}")
            w = c.get("/api/settings/workflow").json
            w.update(session_idle_hours=720, session_max_days=365)
            r = c.put("/api/settings/workflow", w)
            if r.status != 200:
                raise RuntimeError(f"session lengths not set: {r}")
        for role in self.roles:
            c = Client(self.port)
            r = c.post("/api/auth/login", {"email": f"{role}@test.example",
                                            "password": PASSWORD})
            if r.status != 200:
                raise RuntimeError(f"login as {role} failed: {r}")
            self.users[role] = r.json["user"]
            self.clients[role] = c
        return self

    def spawn(self, port):
        """One try at starting ticketd on port (0: any); the port it listens on, or None
        when it exited (the port was taken)."""
        path = os.path.join(self.dir, "server.log")
        start = os.path.getsize(path) if os.path.exists(path) else 0
        self.log = open(path, "a")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--data", self.data, "--port", str(port),
             "--test-clock", *self.db_args(), *self.extra], stdout=self.log,
            stderr=subprocess.STDOUT, env=self.env)
        deadline = time.time() + 30
        while time.time() < deadline:
            with open(path) as f:
                f.seek(start)
                m = LISTENING.search(f.read())
            if m:
                got = int(m.group(1))
                try:
                    if Client(got).get("/healthz").status == 200:
                        return got
                except OSError:
                    pass
            if self.proc.poll() is not None:
                self.proc = None
                self.log.close()
                return None
            time.sleep(0.05)
        raise RuntimeError("ticketd did not start; see " + path)

    def restart(self):
        """Stops ticketd (SIGTERM) and starts it again on the same data; returns the exit
        status of the stop."""
        rc = self.stop()
        self.launch()
        return rc

    def stop(self):
        """SIGTERM, and the exit status ticketd gave (0 for a clean drain)."""
        rc = None
        if self.proc:
            self.proc.terminate()
            rc = self.proc.wait(timeout=30)
            self.proc = None
            self.log.close()
        return rc

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)  # a joined server's data is not its own

    def log_text(self):
        # errors="replace": a log line may quote a client's bytes that are not UTF-8
        with open(os.path.join(self.dir, "server.log"), errors="replace") as f:
            return f.read()


class Template:
    """A server whose users were made and signed in, then stopped: Server.from_template
    copies its database, data directory and session cookies."""

    def __init__(self, binary, roles, long_sessions):
        self.server = Server(binary, roles=roles, long_sessions=long_sessions)
        self.server.add_users()
        self.server.launch()
        self.sessions = {role: (self.server.users[role], c.cookie)
                         for role, c in self.server.clients.items()}
        if self.server.stop() != 0:
            raise RuntimeError("the template server did not stop cleanly: "
                               + self.server.log_text()[-2000:])


_TEMPLATES = {}


def drop_templates():
    """Removes the templates' directories (the end of a run)."""
    for tpl in _TEMPLATES.values():
        tpl.server.cleanup()
    _TEMPLATES.clear()


class T:
    """What a test gets: the server, a client per role, and helpers."""

    def __init__(self, server):
        self.server = server

    @property
    def port(self):
        return self.server.port

    def as_(self, role):
        return self.server.clients[role]

    def anon(self):
        return Client(self.port)

    def user(self, role):
        return self.server.users[role]

    def db_snapshot(self, path):
        """A read of a resource as an admin, to show that a refused request changed
        nothing."""
        return self.as_("admin").get(path).raw


def expect(resp, status, code=None, field=None):
    assert resp.status == status, f"expected {status}, got {resp}"
    if code is not None:
        err = resp.error()
        assert err is not None, f"expected an error envelope, got {resp}"
        assert err["code"] == code, f"expected code {code}, got {err}"
        assert err.get("message"), f"error without message: {err}"
        if field is not None:
            assert err.get("field") == field, f"expected field {field}, got {err}"
    return resp.json
