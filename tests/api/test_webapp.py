"""The staff UI as an installable web app (issue 16): ticketd serves its manifest, service
worker and the build's precache list with the right types and cache headers (a new service
worker or build must be seen at once; hashed assets never change), and the manifest names
what an install needs."""
import json
import os
import shutil
import tempfile

import harness

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PUBLIC = os.path.join(ROOT, "web", "public")


def test_manifest_names_what_an_install_needs(t):
    with open(os.path.join(PUBLIC, "manifest.webmanifest")) as f:
        m = json.load(f)
    assert m["name"] and m["short_name"] and m["start_url"] == "/"
    assert m["display"] == "standalone" and m["theme_color"].startswith("#")
    sizes = {i["sizes"] for i in m["icons"]}
    assert {"192x192", "512x512"} <= sizes, sizes
    assert any(i.get("purpose") == "maskable" for i in m["icons"])
    for icon in m["icons"]:
        path = os.path.join(PUBLIC, icon["src"].lstrip("/"))
        assert os.path.isfile(path), path
        if icon["type"] == "image/png":
            with open(path, "rb") as f:
                head = f.read(24)
            assert head[:8] == b"\x89PNG\r\n\x1a\n", path
            w, h = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
            assert icon["sizes"] == f"{w}x{h}", (icon, w, h)


def test_service_worker_and_manifest_served_as_what_they_are(t):
    web = tempfile.mkdtemp(prefix="ticketd-web-")
    srv = None
    try:
        os.makedirs(os.path.join(web, "assets"))
        files = {"index.html": "<!doctype html><title>t</title>",
                 "assets/app-1a2b3c.js": "console.log(1)",
                 "precache.json": '["/assets/app-1a2b3c.js"]'}
        for name, text in files.items():
            with open(os.path.join(web, name), "w") as f:
                f.write(text)
        for name in ("sw.js", "manifest.webmanifest", "icon-192.png"):
            shutil.copy(os.path.join(PUBLIC, name), os.path.join(web, name))
        srv = harness.Server(t.server.binary, ["--web", web], roles=["agent"]).start()
        c = harness.Client(srv.port)
        want = {"/sw.js": ("text/javascript", "no-cache"),
                "/manifest.webmanifest": ("application/manifest+json", "no-cache"),
                "/precache.json": ("application/json", "no-cache"),
                "/icon-192.png": ("image/png", "no-cache"),
                "/assets/app-1a2b3c.js": ("text/javascript",
                                          "public, max-age=31536000, immutable"),
                "/tickets/b2c/new": ("text/html", "no-cache")}
        for path, (ctype, cache) in want.items():
            r = c.get(path)
            assert r.status == 200, (path, r)
            assert r.headers["content-type"].startswith(ctype), (path, r.headers)
            assert r.headers["cache-control"] == cache, (path, r.headers)
        with open(os.path.join(PUBLIC, "sw.js"), "rb") as f:
            assert c.get("/sw.js").raw == f.read()
    finally:
        if srv:
            srv.cleanup()
        shutil.rmtree(web, ignore_errors=True)
