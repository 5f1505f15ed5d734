#!/usr/bin/env python3
"""`make bench`, issues 3 and 18: one escalation sweep over the bench's tickets of which
100,000 are open and past due (every one escalates, is audited and notifies each manager).
Uses the dataset bench/run.sh generated (BUILD/bench-data), or --dataset DIR (bench/sweep.sh
makes a smaller one), copied so the cache stays clean; reports the sweep's time, what it
did, and ticketd's peak RSS.

    bench/sweep.py BUILD_DIR [--engine sqlite|postgresql] [--dataset DIR] [--binary PATH]
                   [--processes N]

--engine postgresql copies the prepared dataset into a throwaway PostgreSQL 15 cluster
(durable defaults: fsync and synchronous_commit on; shared_buffers 2 GB as bench/run.sh)
and sweeps there; --processes 2 starts
two ticketd on that database and sweeps in both at once: together they must escalate each
due ticket exactly once (FOR UPDATE SKIP LOCKED claims).
"""
import argparse
import http.client
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time

OPEN = int(os.environ.get("SWEEP_OPEN", "100000"))
NOW = 1_800_000_000  # the test clock's "now": 2027-01-15T08:00:00Z
PASSWORD = "bench-sweep-password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vm(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def cpu_seconds(pid):
    """User + system CPU seconds the process has used (on a shared machine the wall time
    also counts the time it waited for a core)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def request(port, method, path, token, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    headers = {"Authorization": "Bearer " + token}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    out = r.read()
    conn.close()
    if r.status != 200:
        sys.exit(f"sweep bench: {method} {path}: {r.status} {out[:300]!r}")
    return json.loads(out)


def prepare(db_path):
    """Exactly OPEN open tickets, every one past its SLA due time (the worst case: each
    escalates); the rest resolved or closed, with no check due."""
    db = sqlite3.connect(db_path)
    c = db.cursor()
    open_now = c.execute("SELECT count(*) FROM tickets WHERE status NOT IN "
                         "('resolved', 'closed')").fetchone()[0]
    if open_now < OPEN:
        c.execute("UPDATE tickets SET status = 'in_progress', closed_at = NULL, "
                  "resolved_at = NULL WHERE ticket_id IN (SELECT ticket_id FROM tickets "
                  "WHERE status = 'closed' ORDER BY ticket_id LIMIT ?)", (OPEN - open_now,))
    elif open_now > OPEN:
        c.execute("UPDATE tickets SET status = 'closed', closed_at = ? WHERE ticket_id IN "
                  "(SELECT ticket_id FROM tickets WHERE status NOT IN ('resolved', 'closed') "
                  "ORDER BY ticket_id LIMIT ?)", (NOW - 86400, open_now - OPEN))
    c.execute("UPDATE tickets SET next_check_at = NULL, sla_running_since = NULL, "
              "sla_due_at = NULL, sla_risk_at = NULL WHERE status IN ('resolved', 'closed')")
    c.execute("UPDATE tickets SET sla_budget = 4 * 3600, sla_used = 0, sla_result = 0, "
              "sla_warned = 1, sla_running_since = ? - 86400, sla_due_at = ? - 3600, "
              "sla_risk_at = ? - 7200, next_check_at = ? - 3600 "
              "WHERE status NOT IN ('resolved', 'closed')", (NOW, NOW, NOW, NOW))
    db.commit()
    n = c.execute("SELECT count(*) FROM tickets WHERE next_check_at <= ?", (NOW,)).fetchone()[0]
    total = c.execute("SELECT count(*) FROM tickets").fetchone()[0]
    db.close()
    return n, total


PGBIN = "/usr/lib/postgresql/15/bin"


class Cluster:
    """A PostgreSQL 15 cluster in DIR/cluster listening on DIR/sock only (as bench/run.sh)."""

    def __init__(self, work):
        self.dir = os.path.join(work, "pg")
        os.makedirs(os.path.join(self.dir, "sock"))
        self.as_pg = []
        if os.getuid() == 0:
            subprocess.run(["chown", "-R", "postgres:", self.dir], check=True)
            self.as_pg = ["runuser", "-u", "postgres", "--"]
        subprocess.run([*self.as_pg, f"{PGBIN}/initdb", "-D", f"{self.dir}/cluster", "-A",
                        "trust", "-U", "bench"], capture_output=True, check=True)
        subprocess.run([*self.as_pg, f"{PGBIN}/pg_ctl", "-D", f"{self.dir}/cluster", "-l",
                        f"{self.dir}/server.log", "-w", "-o",
                        f"-p 5432 -k {self.dir}/sock -c listen_addresses= "
                        "-c max_connections=200 -c shared_buffers=2GB", "start"],
                       capture_output=True, check=True)
        self.psql = ["-h", f"{self.dir}/sock", "-p", "5432", "-U", "bench", "-d", "bench"]
        subprocess.run(["psql", "-h", f"{self.dir}/sock", "-p", "5432", "-U", "bench", "-d",
                        "postgres", "-qc", "CREATE DATABASE bench"], check=True)
        self.url = f"host={self.dir}/sock port=5432 user=bench dbname=bench"

    def stop(self):
        subprocess.run([*self.as_pg, f"{PGBIN}/pg_ctl", "-D", f"{self.dir}/cluster", "-m",
                        "fast", "stop"], capture_output=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--dataset", help="a directory holding ticketd.db (default BUILD/bench-data)")
    ap.add_argument("--binary", help="the ticketd to measure (default BUILD/ticketd)")
    ap.add_argument("--processes", type=int, default=1)
    opt = ap.parse_args()
    build = os.path.abspath(opt.build)
    binary = os.path.abspath(opt.binary or os.path.join(build, "ticketd"))
    cache = os.path.join(opt.dataset or os.path.join(build, "bench-data"), "ticketd.db")
    if not os.path.exists(cache):
        sys.exit("sweep bench: no dataset; run bench/run.sh first (make bench does) or "
                 "bench/sweep.sh")
    work = os.path.join(build, "bench", "sweep")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    shutil.copy(cache, os.path.join(work, "ticketd.db"))
    due, total = prepare(os.path.join(work, "ticketd.db"))
    cluster = None
    dbargs = []
    if opt.engine == "postgresql":
        cluster = Cluster(work)
        dbargs = ["--database", cluster.url]
        subprocess.run([binary, "migrate", "--data", work, *dbargs], capture_output=True,
                       check=True)
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "sqlite2pg.py"),
                        os.path.join(work, "ticketd.db"), *cluster.psql], check=True,
                       stdout=subprocess.DEVNULL)

    def cli(*args, stdin=None):
        r = subprocess.run([binary, *args, "--data", work, *dbargs], input=stdin,
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"sweep bench: {' '.join(args)}: {r.stderr}")
        return r.stdout

    procs = []
    try:
        cli("user", "add", "--email", "sweep-admin@bench.test", "--name", "Sweep Admin",
            "--role", "admin", stdin=PASSWORD + "\n")
        token = cli("token", "create", "--email", "sweep-admin@bench.test").strip()
        ports = []
        for i in range(opt.processes):
            port = free_port()
            log = open(os.path.join(work, f"server{i}.log"), "w")
            procs.append((subprocess.Popen([binary, "serve", "--data", work, "--port",
                                            str(port), "--test-clock", *dbargs], stdout=log,
                                           stderr=subprocess.STDOUT), log))
            ports.append(port)
        for port in ports:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            request(port, "POST", "/api/test/clock", token,
                    {"now": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(NOW))})
        rss_before = vm(procs[0][0].pid, "VmRSS")
        results = [None] * len(ports)

        def sweep(i):
            results[i] = request(ports[i], "POST", "/api/test/sweep", token)

        import threading
        cpu0 = sum(cpu_seconds(p.pid) for p, _ in procs)
        load0 = os.getloadavg()[0]
        t0 = time.monotonic()
        threads = [threading.Thread(target=sweep, args=(i,)) for i in range(len(ports))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        t1 = time.monotonic()
        cpu1 = sum(cpu_seconds(p.pid) for p, _ in procs)
        load1 = os.getloadavg()[0]
        again = request(ports[0], "POST", "/api/test/sweep", token)
        t2 = time.monotonic()
        peak = vm(procs[0][0].pid, "VmHWM")
    finally:
        codes = []
        for proc, log in procs:
            proc.terminate()
            codes.append(proc.wait(timeout=120))
            log.close()
        if cluster:
            cluster.stop()
    escalated = sum(r["escalated"] for r in results)
    lines = [
        f"escalation sweep ({opt.engine}, {len(ports)} ticketd): {total} tickets, {due} open "
        f"and past due (test clock)",
        f"  first sweep   {t1 - t0:8.1f} s   escalated {escalated} "
        f"({' + '.join(str(r['escalated']) for r in results)}), "
        f"warned {sum(r['warned'] for r in results)}, "
        f"auto-closed {sum(r['auto_closed'] for r in results)}  "
        f"({escalated / max(t1 - t0, 1e-9):.0f} escalations/s)",
        f"                {cpu1 - cpu0:8.1f} s of ticketd CPU (user + system); load average "
        f"{load0:.1f} before, {load1:.1f} after on {os.cpu_count()} cores",
        f"  second sweep  {t2 - t1:8.1f} s   escalated {again['escalated']} (idempotent: "
        f"nothing was due again)",
        f"  ticketd RSS before {rss_before:.1f} MiB, peak (VmHWM) {peak:.1f} MiB; "
        f"exit {codes} on SIGTERM",
    ]
    print("\n".join(lines))
    with open(os.path.join(build, "bench", f"sweep-{opt.engine}.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    if escalated != due or again["escalated"] != 0 or any(codes):
        sys.exit("sweep bench: the sweep did not escalate each due ticket exactly once")


main()
