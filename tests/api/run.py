#!/usr/bin/env python3
"""Runs every test_* function of tests/api/test_*.py against one real ticketd and prints
one line per test and a closing "api: N passed, N failed"."""
import argparse
import glob
import importlib.util
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import filestore  # noqa: E402
import harness  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="build/ticketd")
    ap.add_argument("-k", default="", help="run only tests whose name contains this "
                    "(or one of these, comma-separated)")
    ap.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite",
                    help="the database every test server runs on")
    ap.add_argument("--files", choices=["dir", "s3"], default="dir",
                    help="the file store: the data directory, or an S3 stand-in (s3rver)")
    ap.add_argument("--durations", type=int, default=0, metavar="N",
                    help="print the N slowest tests at the end")
    args = ap.parse_args()
    postgres = None
    if args.engine == "postgresql":
        import pg
        postgres = pg.Postgres().start()
        harness.NEW_DATABASE = postgres.new_database
        harness.POSTGRES = postgres
    try:
        return run(args)
    finally:
        if postgres:
            postgres.stop()


def run(args):
    wanted = args.k.split(",")
    tests = []
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, "test_*.py"))):
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for attr in sorted(dir(mod)):
            fn = getattr(mod, attr)
            if (attr.startswith("test_") and callable(fn)
                    and any(k in f"{name}.{attr}" for k in wanted)):
                tests.append((f"{name}.{attr}", fn))

    skipped = [name for name, fn in tests
               if args.engine not in getattr(fn, "engines", (args.engine,))]
    tests = [(name, fn) for name, fn in tests if name not in skipped]
    for name in skipped:
        print(f"skip {name}: not on {args.engine}")
    s3 = None
    if args.files == "s3":
        s3 = filestore.S3Standin()
        server = harness.Server(args.binary, ["--files", s3.url()], s3.env(), s3)
    else:
        server = harness.Server(args.binary)
    server.start()
    passed = failed = 0
    took = []
    try:
        t = harness.T(server)
        for name, fn in tests:
            t0 = time.monotonic()
            try:
                fn(t)
                passed += 1
                print(f"ok {name}")
            except Exception as e:  # a failed assertion or an unexpected error
                failed += 1
                print(f"FAIL {name}: {e}")
                traceback.print_exc(limit=3, file=sys.stdout)
            took.append((time.monotonic() - t0, name))
            if server.proc and server.proc.poll() is not None:
                print(f"FAIL {name}: ticketd exited with {server.proc.returncode}")
                print(server.log_text()[-3000:])
                failed += 1
                break
    finally:
        rc = server.stop()
        log = server.log_text()
        if "ERROR: AddressSanitizer" in log or "runtime error:" in log:
            failed += 1
            print("FAIL sanitizer report in the server log:")
            print(log[-6000:])
        elif rc not in (0, None):
            failed += 1
            print(f"FAIL ticketd exited with {rc} on SIGTERM; the end of its log:")
            print(log[-4000:])
        server.cleanup()
        harness.drop_templates()
        if s3:
            s3.cleanup()
    for secs, name in sorted(took, reverse=True)[:args.durations]:
        print(f"slow {secs:6.1f} s {name}")
    print(f"api ({args.engine}{', s3' if s3 else ''}): {passed} passed, {failed} failed")
    return 1 if failed else 0


sys.exit(main())
