#!/usr/bin/env python3
"""Memory of ticketd while it streams a CSV export (issue 18): generates N tickets (default
1,000,000) with ticketd-bench-gen once into build/bench-export, serves them, reads
GET /api/tickets/export.csv (every kind) to the end, and prints the rows, the bytes, and
ticketd's resident memory (VmRSS, RssAnon) before and at its peak while the export ran.
  python3 bench/export_memory.py build [N]"""
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time

build = sys.argv[1] if len(sys.argv) > 1 else "build"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
data = os.path.join(build, f"bench-export-{n}")


def mem(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "RssAnon"):
                out[k] = int(v.split()[0]) // 1024
    return out


if not os.path.exists(os.path.join(data, "done")):
    os.makedirs(data, exist_ok=True)
    print(f"generating {n} tickets into {data} (once)", flush=True)
    subprocess.run([os.path.join(build, "ticketd-bench-gen"), "--data", data, "--tickets",
                    str(n)], check=True, stderr=subprocess.DEVNULL)
    open(os.path.join(data, "done"), "w").close()
token = subprocess.run([os.path.join(build, "ticketd"), "token", "create", "--email",
                        "admin01@bench.test", "--name", "export", "--data", data],
                       check=True, capture_output=True, text=True).stdout.strip()
srv = subprocess.Popen([os.path.join(build, "ticketd"), "serve", "--data", data, "--port", "0"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
port = None
for line in srv.stdout:  # the server names its port in the line that says it listens
    m = re.search(r"listening on http://[^:/]+:(\d+)/", line)
    if m:
        port = int(m.group(1))
        break
assert port, "ticketd did not start"
threading.Thread(target=lambda: [None for _ in srv.stdout], daemon=True).start()
try:
    before = mem(srv.pid)
    peak = dict(before)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", "/api/tickets/export.csv", headers={"Authorization": "Bearer " + token})
    resp = conn.getresponse()
    assert resp.status == 200, resp.status
    rows = size = 0
    last = b""
    t0 = time.time()
    while True:
        chunk = resp.read(1 << 16)
        if not chunk:
            break
        size += len(chunk)
        rows += (last + chunk).count(b"\r\n")  # a record end may straddle two reads
        last = chunk[-1:]
        m = mem(srv.pid)
        peak = {k: max(peak[k], m[k]) for k in peak}
    took = time.time() - t0
    conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", "/api/tickets/list?limit=1", headers={"Authorization": "Bearer " + token})
    total = json.loads(conn.getresponse().read())["total"]
    print(f"export: {rows - 1} rows (the list's total: {total}), {size >> 20} MiB in {took:.1f} s")
    print(f"ticketd memory before: VmRSS {before['VmRSS']} MiB, RssAnon {before['RssAnon']} MiB")
    print(f"ticketd memory peak:   VmRSS {peak['VmRSS']} MiB, RssAnon {peak['RssAnon']} MiB")
finally:
    srv.terminate()
    srv.wait()
