#!/usr/bin/env python3
"""`make bench`, issue 3: one escalation sweep over 1,000,000 tickets of which 100,000 are
open and past due.  Uses the dataset bench/run.sh generated (BUILD/bench-data), copied so the
cache stays clean; reports the sweep's time, what it did, and ticketd's peak RSS.

    bench/sweep.py BUILD_DIR
"""
import http.client
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time

OPEN = 100_000
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


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    binary = os.path.join(build, "ticketd")
    cache = os.path.join(build, "bench-data", "ticketd.db")
    if not os.path.exists(cache):
        sys.exit("sweep bench: no dataset; run bench/run.sh first (make bench does)")
    work = os.path.join(build, "bench", "sweep")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    shutil.copy(cache, os.path.join(work, "ticketd.db"))
    due, total = prepare(os.path.join(work, "ticketd.db"))

    def cli(*args, stdin=None):
        r = subprocess.run([binary, *args, "--data", work], input=stdin, capture_output=True,
                           text=True)
        if r.returncode != 0:
            sys.exit(f"sweep bench: {' '.join(args)}: {r.stderr}")
        return r.stdout

    cli("user", "add", "--email", "sweep-admin@bench.test", "--name", "Sweep Admin", "--role",
        "admin", stdin=PASSWORD + "\n")
    token = cli("token", "create", "--email", "sweep-admin@bench.test").strip()
    port = free_port()
    log = open(os.path.join(work, "server.log"), "w")
    proc = subprocess.Popen([binary, "serve", "--data", work, "--port", str(port),
                             "--test-clock"], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        request(port, "POST", "/api/test/clock", token,
                {"now": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(NOW))})
        rss_before = vm(proc.pid, "VmRSS")
        t0 = time.monotonic()
        first = request(port, "POST", "/api/test/sweep", token)
        t1 = time.monotonic()
        again = request(port, "POST", "/api/test/sweep", token)
        t2 = time.monotonic()
        peak = vm(proc.pid, "VmHWM")
    finally:
        proc.terminate()
        rc = proc.wait(timeout=120)
        log.close()
    lines = [
        f"escalation sweep: {total} tickets, {due} open and past due (test clock)",
        f"  first sweep   {t1 - t0:8.1f} s   escalated {first['escalated']}, "
        f"warned {first['warned']}, auto-closed {first['auto_closed']}  "
        f"({first['escalated'] / max(t1 - t0, 1e-9):.0f} escalations/s)",
        f"  second sweep  {t2 - t1:8.1f} s   escalated {again['escalated']} (idempotent: "
        f"nothing was due again)",
        f"  ticketd RSS before {rss_before:.1f} MiB, peak (VmHWM) {peak:.1f} MiB; "
        f"exit {rc} on SIGTERM",
    ]
    print("\n".join(lines))
    with open(os.path.join(build, "bench", "sweep.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    if first["escalated"] != due or again["escalated"] != 0 or rc != 0:
        sys.exit("sweep bench: the sweep did not escalate each due ticket exactly once")


main()
