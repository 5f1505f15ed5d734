"""ticketd behind a connection pooler in transaction mode, as Supabase's pooler runs
(issue 14): Debian's PgBouncer 1.18 with pool_mode=transaction in front of the test
PostgreSQL, which gives each transaction whichever server connection is free, and keeps no
prepared statement from one to the next.  With pgbouncer=true in its connection string,
ticketd sends every statement unnamed and keeps no session state, so everything works
while concurrent requests move across the server connections."""
import os
import shutil
import subprocess
import tempfile
import threading
import time

import harness
from harness import expect
from test_sla import b2b, records


class Bouncer:
    def __init__(self, pg):
        self.dir = tempfile.mkdtemp(prefix="ticketd-bouncer-")
        self.port = 6432  # names the socket file in our own directory
        self.proc = None
        with open(os.path.join(self.dir, "users.txt"), "w") as f:
            f.write('"test" ""\n')
        with open(os.path.join(self.dir, "pgbouncer.ini"), "w") as f:
            f.write(f"""[databases]
* = host={pg.dir} port=5432

[pgbouncer]
listen_addr =
listen_port = {self.port}
unix_socket_dir = {self.dir}
auth_type = trust
auth_file = {self.dir}/users.txt
pool_mode = transaction
default_pool_size = 3
max_client_conn = 200
logfile = {self.dir}/pgbouncer.log
pidfile = {self.dir}/pgbouncer.pid
""")

    def start(self):
        as_pg = []
        if os.getuid() == 0:  # PgBouncer refuses to run as root
            shutil.chown(self.dir, "postgres")
            for name in os.listdir(self.dir):
                shutil.chown(os.path.join(self.dir, name), "postgres")
            os.chmod(self.dir, 0o755)
            as_pg = ["runuser", "-u", "postgres", "--"]
        self.proc = subprocess.Popen([*as_pg, "/usr/sbin/pgbouncer",
                                      os.path.join(self.dir, "pgbouncer.ini")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sock = os.path.join(self.dir, f".s.PGSQL.{self.port}")
        deadline = time.time() + 15
        while not os.path.exists(sock):
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("pgbouncer did not start: " + self.log())
            time.sleep(0.05)
        return self

    def log(self):
        try:
            with open(os.path.join(self.dir, "pgbouncer.log")) as f:
                return f.read()[-3000:]
        except OSError:
            return ""

    def url(self, dbname):
        return (f"postgresql://test@/{dbname}?host={self.dir}&port={self.port}"
                "&pgbouncer=true")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=15)
        shutil.rmtree(self.dir, ignore_errors=True)


@harness.only_on("postgresql")
def test_behind_a_transaction_pooler(t):
    pg = harness.POSTGRES
    direct = pg.new_database()
    dbname = direct.split("dbname=")[1].split()[0]
    bouncer = Bouncer(pg).start()
    s = None
    try:
        s = harness.Server(t.server.binary, database=bouncer.url(dbname)).start()
        records(s)
        failures = []

        def work(who):
            c = s.clients[who]
            for i in range(15):
                tk = b2b(s, who=who)
                for r in (c.get(f"/api/tickets/b2b/{tk['ticket_id']}"),
                          c.post(f"/api/tickets/b2b/{tk['ticket_id']}/comments",
                                 {"comment_text": f"Called the chef ({i})"}),
                          c.get("/api/tickets/b2b/list?q=van&limit=5"),
                          c.get(f"/api/tickets/b2b/{tk['ticket_id']}/timeline")):
                    if r.status not in (200, 201):
                        failures.append(r)

        threads = [threading.Thread(target=work, args=(w,))
                   for w in ("agent", "agent2", "manager", "agent")]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert not failures, failures[:3]
        got = expect(s.clients["admin"].get("/api/tickets/b2b/list?q=van&limit=100"), 200)
        assert got["total"] == 60, got["total"]
        numbers = sorted(int(x["number"].split("-")[1]) for x in got["items"])
        assert numbers == list(range(1, 61))
    finally:
        if s:
            s.cleanup()
        bouncer.stop()
