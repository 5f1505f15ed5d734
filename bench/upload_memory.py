#!/usr/bin/env python3
"""Memory of ticketd under big uploads (issue 19): 20 clients at once each send a 40 MiB
multipart body, first without signing in, then signed in; prints ticketd's resident memory
(VmRSS, and RssAnon: what the heap holds) before and at its peak.
  python3 bench/upload_memory.py build/ticketd"""
import os
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "api"))
import harness  # noqa: E402

N, SIZE = 20, 40 << 20


def mem(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "RssAnon"):
                out[k] = int(v.split()[0]) // 1024
    return out


def upload(port, cookie, results):
    head = (f"POST /api/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
            f"multipart/form-data; boundary=b\r\nContent-Length: {SIZE}\r\n")
    if cookie:
        head += f"Cookie: {cookie}\r\n"
    s = socket.create_connection(("127.0.0.1", port), timeout=120)
    status = None
    try:
        s.sendall((head + "\r\n").encode())
        chunk = b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\n\r\n"
        chunk += b"%PDF-1.4\n" + b"x" * (SIZE - len(chunk) - 9 - 8) + b"\r\n--b--\r\n"
        view = memoryview(chunk)
        for i in range(0, len(view), 1 << 20):
            s.sendall(view[i:i + (1 << 20)])
    except OSError:
        pass  # refused early: the server closed the connection
    try:
        status = s.recv(64).split(b" ")[1].decode()
    except (OSError, IndexError):
        pass
    s.close()
    results.append(status)


def run(srv, cookie, label):
    pid = srv.proc.pid
    before = mem(pid)
    peak = dict(before)
    results = []
    threads = [threading.Thread(target=upload, args=(srv.port, cookie, results)) for _ in range(N)]
    start = time.time()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        m = mem(pid)
        peak = {k: max(peak[k], m[k]) for k in peak}
        time.sleep(0.02)
    print(f"{label}: {N} x {SIZE >> 20} MiB in {time.time() - start:.1f} s, answers "
          f"{sorted(set(map(str, results)))}; VmRSS {before['VmRSS']} -> peak {peak['VmRSS']} MB, "
          f"RssAnon {before['RssAnon']} -> peak {peak['RssAnon']} MB")


def main():
    srv = harness.Server(sys.argv[1] if len(sys.argv) > 1 else "build/ticketd",
                         extra_args=["--max-upload", str(50 << 20)]).start()
    try:
        run(srv, None, "not signed in")
        run(srv, srv.clients["agent"].cookie, "signed in (agent)")
    finally:
        srv.cleanup()


main()
