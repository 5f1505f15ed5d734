"""A throwaway PostgreSQL 15 server for the tests: Debian's postgresql-15, initialised in a
temporary directory and listening on a Unix socket there only (no TCP port that anything
else could hold).  PostgreSQL refuses to run as root, so as root it runs as the postgres
user.  Each test server gets a database of its own (Postgres.new_database)."""
import itertools
import os
import shutil
import subprocess
import tempfile
import time

BIN = "/usr/lib/postgresql/15/bin"
PORT = 5432  # names the socket file in our own directory


class Postgres:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="ticketd-pg-")
        self.data = os.path.join(self.dir, "data")
        self.as_pg = []
        self.names = itertools.count(1)
        self.started = False

    def run(self, *cmd, check=True):
        return subprocess.run([*self.as_pg, *cmd], capture_output=True, text=True, timeout=120,
                              check=check)

    def start(self):
        if os.getuid() == 0:
            shutil.chown(self.dir, "postgres")
            os.chmod(self.dir, 0o755)
            self.as_pg = ["runuser", "-u", "postgres", "--"]
        r = self.run(f"{BIN}/initdb", "-D", self.data, "-A", "trust", "-U", "test",
                     "--no-sync", check=False)
        if r.returncode:
            raise RuntimeError("initdb failed: " + r.stdout + r.stderr)
        # fsync off: a test server has nothing to keep past a crash of the machine.
        opts = (f"-p {PORT} -k {self.dir} -c listen_addresses= -c fsync=off "
                "-c max_connections=300 -c shared_buffers=64MB")
        r = self.run(f"{BIN}/pg_ctl", "-D", self.data, "-l",
                     os.path.join(self.dir, "server.log"), "-w", "-o", opts, "start",
                     check=False)
        if r.returncode:
            raise RuntimeError("PostgreSQL did not start: " + self.log())
        self.started = True
        return self

    def log(self):
        try:
            with open(os.path.join(self.dir, "server.log")) as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def psql(self, sql, db="postgres"):
        """Runs sql as the test superuser; returns psql's unaligned output."""
        r = subprocess.run(["psql", "-h", self.dir, "-p", str(PORT), "-U", "test", "-d", db,
                            "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
                           capture_output=True, text=True, timeout=120)
        if r.returncode:
            raise RuntimeError(f"psql failed: {r.stderr}")
        return r.stdout.strip()

    def url(self, db):
        return f"host={self.dir} port={PORT} user=test dbname={db}"

    def new_database(self):
        """A fresh, empty database; returns its libpq connection string."""
        name = f"ticketd_{next(self.names)}"
        self.psql(f"CREATE DATABASE {name}")
        return self.url(name)

    def copy_database(self, url):
        """A fresh database made as a copy of the one at url (CREATE DATABASE ... TEMPLATE,
        a file copy); no client may be connected to the original meanwhile, and a backend
        that served its last client can take a moment to end."""
        src = url.split("dbname=")[1].split()[0]
        name = f"ticketd_{next(self.names)}"
        for _ in range(100):
            try:
                self.psql(f"CREATE DATABASE {name} TEMPLATE {src}")
                return self.url(name)
            except RuntimeError as e:
                if "is being accessed by other users" not in str(e):
                    raise
                time.sleep(0.05)
        raise RuntimeError(f"database {src} stayed in use; it cannot be copied")

    def stop(self):
        if self.started:
            self.run(f"{BIN}/pg_ctl", "-D", self.data, "-m", "immediate", "stop", check=False)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)
