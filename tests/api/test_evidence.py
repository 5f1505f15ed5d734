"""Photos and files on tickets: the mandatory photo for quality complaints (with and
without, in one multipart request or by earlier uploads), checks by content, size limits,
client file names, storage by SHA-256, thumbnails, and who may download."""
import hashlib
import json
import os
import struct
import zlib

from harness import expect
import fixtures
from fixtures import (NoNewTickets, b2b_setup, b2c_body, expect_oversized, internal, new_user,
                      uid)


def png(w=64, h=48, seed=0):
    """A real PNG image (stdlib only); seed makes the bytes differ."""
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(v for x in range(w)
                                    for v in ((x * 4 + seed) % 256, (y * 5) % 256, seed % 256))
                    for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
       b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def multipart(parts, boundary="----ticketd-test-boundary"):
    """parts: [(name, filename or None, content_type or None, bytes)]."""
    out = b""
    for name, filename, ctype, data in parts:
        disp = f'form-data; name="{name}"'
        if filename is not None:
            disp += f'; filename="{filename}"'
        out += f"--{boundary}\r\nContent-Disposition: {disp}\r\n".encode()
        if ctype:
            out += f"Content-Type: {ctype}\r\n".encode()
        out += b"\r\n" + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


def send(client, path, parts):
    body, ctype = multipart(parts)
    return client.request("POST", path, raw=body, headers={"Content-Type": ctype})


def stored_files(t):
    """The keys in ticketd's file store, whichever backend it runs on (filestore.py)."""
    return t.server.files.stored()


def quality_b2b(cu, so, **over):
    body = {"customer_id": cu["customer_id"], "so_id": so["so_id"],
            "category": "damaged_items", "priority": "high",
            "description": "Half the tomatoes in crate 3 arrived crushed.",
            "requested_resolution": "credit_note"}
    body.update(over)
    return body


def test_quality_ticket_needs_a_photo(t):
    cu, so, _ = b2b_setup(t)
    agent = t.as_("agent")
    before = stored_files(t)
    with NoNewTickets(t, "b2b"):
        r = agent.post("/api/tickets/b2b/create", quality_b2b(cu, so))
        expect(r, 422, "invalid", "photos")
        r = send(agent, "/api/tickets/b2b/create",
                 [("ticket", None, "application/json", json.dumps(quality_b2b(cu, so)).encode())])
        expect(r, 422, "invalid", "photos")
    with NoNewTickets(t, "b2c"):
        expect(agent.post("/api/tickets/b2c/create", b2c_body(category="spoiled_items")), 422,
               "invalid", "photos")
    assert stored_files(t) == before
    # A category without the rule needs none.
    expect(agent.post("/api/tickets/b2b/create", quality_b2b(cu, so, category="late_delivery")),
           201)


def test_quality_ticket_with_photos_in_one_request(t):
    cu, so, _ = b2b_setup(t)
    agent = t.as_("agent")
    a, b = png(seed=1), png(seed=2)
    r = send(agent, "/api/tickets/b2b/create", [
        ("ticket", None, "application/json", json.dumps(quality_b2b(cu, so)).encode()),
        ("photos", "crate-3.png", "image/png", a),
        ("photos", "crate-4.png", "application/octet-stream", b)])
    body = expect(r, 201)
    assert body["photo_count"] == 2, body
    tid = body["ticket_id"]
    items = expect(agent.get(f"/api/tickets/b2b/{tid}/attachments"), 200)["items"]
    assert [i["filename"] for i in items] == ["crate-3.png", "crate-4.png"]
    assert all(i["kind"] == "photo" and i["content_type"] == "image/png" for i in items)
    assert items[0]["sha256"] == hashlib.sha256(a).hexdigest()
    assert items[0]["uploaded_by"] == t.user("agent")["user_id"] and items[0]["uploaded_at"]
    # Stored once under its hash.
    sha = items[0]["sha256"]
    assert t.server.files.read("files/" + sha) == a
    got = agent.get(items[0]["url"])
    assert got.status == 200 and got.raw == a and got.headers["content-type"] == "image/png"
    assert "crate-3.png" in got.headers["content-disposition"]
    thumb = agent.get(items[0]["thumbnail_url"])
    assert thumb.status == 200 and thumb.headers["content-type"] == "image/jpeg"
    assert thumb.raw[:3] == b"\xff\xd8\xff", thumb
    tl = expect(agent.get(f"/api/tickets/b2b/{tid}/timeline"), 200)["items"]
    assert [e["type"] for e in tl].count("attachment") == 2, tl


def test_photos_by_earlier_upload(t):
    cu, so, _ = b2b_setup(t)
    agent, agent2 = t.as_("agent"), t.as_("agent2")
    up = expect(send(agent, "/api/uploads", [("files", "x.png", "image/png", png(seed=9))]),
                201)["items"]
    assert len(up) == 1 and up[0]["ticket_id"] is None
    uid_ = up[0]["attachment_id"]
    # Only the uploader may see or use it before it is attached.
    expect(agent2.get(f"/api/attachments/{uid_}"), 404, "not_found")
    with NoNewTickets(t, "b2b"):
        expect(agent2.post("/api/tickets/b2b/create",
                           quality_b2b(cu, so, photo_upload_ids=[uid_])), 422, "invalid",
               "photo_upload_ids")
    body = expect(agent.post("/api/tickets/b2b/create",
                             quality_b2b(cu, so, photo_upload_ids=[uid_])), 201)
    assert body["photo_count"] == 1
    # Used once.
    expect(agent.post("/api/tickets/b2b/create", quality_b2b(cu, so, photo_upload_ids=[uid_])),
           422, "invalid", "photo_upload_ids")
    # A PDF upload is not a photo.
    doc = expect(send(agent, "/api/uploads", [("files", "bill.pdf", None, PDF)]), 201)["items"]
    assert doc[0]["kind"] == "document" and doc[0]["content_type"] == "application/pdf"
    expect(agent.post("/api/tickets/b2b/create",
                      quality_b2b(cu, so, photo_upload_ids=[doc[0]["attachment_id"]])), 422,
           "invalid", "photo_upload_ids")


def test_text_named_jpg_is_refused(t):
    cu, so, _ = b2b_setup(t)
    agent = t.as_("agent")
    before = stored_files(t)
    with NoNewTickets(t, "b2b"):
        r = send(agent, "/api/tickets/b2b/create", [
            ("ticket", None, "application/json", json.dumps(quality_b2b(cu, so)).encode()),
            ("photos", "crate.jpg", "image/jpeg", b"just some text, not a photo\n" * 20)])
        expect(r, 415, "unsupported_media_type", "photos")
        # A PDF is a document, not a photo.
        r = send(agent, "/api/tickets/b2b/create", [
            ("ticket", None, "application/json", json.dumps(quality_b2b(cu, so)).encode()),
            ("photos", "crate.jpg", "image/jpeg", PDF)])
        expect(r, 415, "unsupported_media_type", "photos")
    expect(send(agent, "/api/uploads", [("files", "a.jpg", None, b"<html>hi</html>")]), 415,
           "unsupported_media_type", "files")
    assert stored_files(t) == before


def test_size_limits(t):
    cu, so, _ = b2b_setup(t)
    agent = t.as_("agent")
    big = png(seed=3) + b"\x00" * (10 * 1024 * 1024)  # a PNG with trailing bytes, > 10 MiB
    before = stored_files(t)
    with NoNewTickets(t, "b2b"):
        r = send(agent, "/api/tickets/b2b/create", [
            ("ticket", None, "application/json", json.dumps(quality_b2b(cu, so)).encode()),
            ("photos", "big.png", "image/png", big)])
        expect(r, 413, "too_large", "photos")
    assert stored_files(t) == before
    # The request cap (50 MiB) is judged from Content-Length alone; JSON keeps 1 MiB.
    expect_oversized(agent, "POST", "/api/uploads", size=50 * 1024 * 1024 + 1,
                     content_type="multipart/form-data; boundary=x")
    expect_oversized(agent, "POST", "/api/tickets/b2b/create", size=(1 << 20) + 1)
    # Below both caps a multipart body of a few MiB is fine.
    ok = png(seed=4) + b"\x00" * (3 * 1024 * 1024)
    expect(send(agent, "/api/uploads", [("files", "ok.png", "image/png", ok)]), 201)


def test_client_file_name_never_a_path(t):
    cu, so, _ = b2b_setup(t)
    agent = t.as_("agent")
    data = png(seed=5)
    # Names of this run's own, so another program's files in /tmp cannot fail the test.
    tag = uid("evil")
    r = send(agent, "/api/tickets/b2b/create", [
        ("ticket", None, "application/json", json.dumps(quality_b2b(cu, so)).encode()),
        ("photos", f"../../../../tmp/{tag}/../{tag}.png", "image/png", data)])
    body = expect(r, 201)
    items = expect(agent.get(f"/api/tickets/b2b/{body['ticket_id']}/attachments"), 200)["items"]
    assert items[0]["filename"] == f"{tag}.png", items
    assert not os.path.exists(f"/tmp/{tag}") and not os.path.exists(f"/tmp/{tag}.png")
    sha = hashlib.sha256(data).hexdigest()
    assert "files/" + sha in stored_files(t)
    r = send(agent, "/api/uploads", [("files", "..", "image/png", png(seed=6))])
    assert expect(r, 201)["items"][0]["filename"] == "photo"


def test_download_permissions(t):
    cu, so, _ = b2b_setup(t)
    agent = t.as_("agent")
    r = send(agent, "/api/tickets/b2b/create", [
        ("ticket", None, "application/json", json.dumps(quality_b2b(cu, so)).encode()),
        ("photos", "p.png", "image/png", png(seed=7))])
    tid = expect(r, 201)["ticket_id"]
    att = expect(agent.get(f"/api/tickets/b2b/{tid}/attachments"), 200)["items"][0]
    url = att["url"]
    expect(t.as_("manager").get(url), 200)
    expect(t.as_("agent2").get(url), 200)
    expect(t.as_("reporter").get(url), 404, "not_found")
    expect(t.as_("developer").get(url), 404, "not_found")
    expect(t.anon().get(url), 401, "unauthorized")
    expect(t.as_("reporter").get(f"/api/tickets/b2b/{tid}/attachments"), 403)
    expect(agent.get("/api/attachments/999999"), 404, "not_found")
    expect(agent.get("/api/attachments/abc"), 404, "not_found")
    expect(agent.get(url + "?size=huge"), 400, "bad_request", "size")
    # An internal ticket's file: its reporter and developers, not another reporter.
    mine = internal(t)
    base = f"/api/tickets/internal/{mine['ticket_id']}"
    items = expect(send(t.as_("reporter"), base + "/attachments",
                        [("files", "screen.png", "image/png", png(seed=8))]), 201)["items"]
    iurl = items[0]["url"]
    expect(t.as_("reporter").get(iurl), 200)
    expect(t.as_("developer").get(iurl), 200)
    _, other = new_user(t, "reporter")
    expect(other.get(iurl), 404, "not_found")
    # A document has no thumbnail.
    doc = expect(send(agent, f"/api/tickets/b2b/{tid}/attachments",
                      [("files", "invoice.pdf", None, PDF)]), 201)["items"]
    pdf = [i for i in doc if i["kind"] == "document"][0]
    assert pdf["thumbnail_url"] is None
    expect(agent.get(pdf["url"] + "?size=thumb"), 404, "not_found", "size")
    got = agent.get(pdf["url"])
    assert got.status == 200 and got.headers["content-type"] == "application/pdf"


def test_b2c_photos_endpoint_and_category_change(t):
    agent = t.as_("agent")
    tk = expect(agent.post("/api/tickets/b2c/create", b2c_body(category="wrong_items")), 201)
    base = f"/api/tickets/b2c/{tk['ticket_id']}"
    # Becoming a quality complaint needs a photo first.
    expect(agent.post(base + "/update", {"category": "spoiled_items"}), 422, "invalid",
           "photos")
    expect(send(agent, base + "/photos", [("photos", "bill.pdf", None, PDF)]), 415,
           "unsupported_media_type", "photos")
    expect(send(agent, base + "/photos", [("other", "a.png", None, png())]), 400, "bad_request")
    items = expect(send(agent, base + "/photos", [("photos", "box.png", None, png(seed=11))]),
                   201)["items"]
    assert len(items) == 1 and items[0]["kind"] == "photo"
    body = expect(agent.post(base + "/update", {"category": "spoiled_items"}), 200)
    assert body["photo_count"] == 1


def test_malformed_multipart(t):
    agent = t.as_("agent")
    r = agent.request("POST", "/api/uploads", raw=b"--x\r\nbroken",
                      headers={"Content-Type": "multipart/form-data; boundary=x"})
    expect(r, 400, "bad_request")
    r = agent.request("POST", "/api/uploads", raw=b"{}",
                      headers={"Content-Type": "application/json"})
    expect(r, 415, "unsupported_media_type")
    expect(send(agent, "/api/uploads", []), 422, "invalid", "files")
    _ = uid


def test_replacement_resolved_with_photos_of_what_was_sent(t):
    agent = t.as_("agent")
    tk = fixtures.b2c(t, category="wrong_items")
    tid = tk["ticket_id"]
    expect(agent.post(f"/api/tickets/b2c/{tid}/assign",
                      {"assigned_to": t.user("agent")["user_id"]}), 200)
    expect(agent.post(f"/api/tickets/b2c/{tid}/update", {"status": "in_progress"}), 200)
    before = len(expect(agent.get(f"/api/tickets/b2c/{tid}/attachments"), 200)["items"])
    body = {"resolution_type": "replacement", "notes": "Fresh red capsicum sent",
            "replacement_date": "2026-11-25", "replacement_items": "Red capsicum 1 kg"}
    # A text file posing as a photo is refused, and the ticket stays as it was.
    r = send(agent, f"/api/tickets/b2c/{tid}/resolve",
             [("ticket", None, "application/json", json.dumps(body).encode()),
              ("photos", "box.jpg", "image/jpeg", b"not a picture at all")])
    expect(r, 415, "unsupported_media_type")
    assert expect(agent.get(f"/api/tickets/b2c/{tid}"), 200)["status"] == "in_progress"
    r = send(agent, f"/api/tickets/b2c/{tid}/resolve",
             [("ticket", None, "application/json", json.dumps(body).encode()),
              ("photos", "box.png", "image/png", png(seed=7))])
    done = expect(r, 200)
    assert done["status"] == "resolved" and done["replacement_items"] == "Red capsicum 1 kg"
    files = expect(agent.get(f"/api/tickets/b2c/{tid}/attachments"), 200)["items"]
    assert len(files) == before + 1 and files[-1]["filename"] == "box.png"


def exif_jpeg(taken="2026:11:22 07:41:09"):
    """A JPEG whose APP1 segment carries EXIF DateTimeOriginal, built by hand (little-endian
    TIFF: IFD0 points to the EXIF IFD, which holds tag 0x9003)."""
    value = taken.encode() + b"\0"                               # 20 bytes
    ifd0 = struct.pack("<H", 1) + struct.pack("<HHII", 0x8769, 4, 1, 26) + struct.pack("<I", 0)
    exif_ifd = (struct.pack("<H", 1) + struct.pack("<HHII", 0x9003, 2, len(value), 44) +
                struct.pack("<I", 0))
    tiff = b"II*\0" + struct.pack("<I", 8) + ifd0 + exif_ifd + value
    app1 = b"Exif\0\0" + tiff
    return (b"\xff\xd8" + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 +
            b"\xff\xdb\x00\x43\x00" + bytes(range(1, 65)) + b"\xff\xd9")


def test_photo_taken_time_from_exif(t):
    agent = t.as_("agent")
    r = send(agent, "/api/uploads", [("files", "crate.jpg", "image/jpeg", exif_jpeg())])
    up = expect(r, 201)["items"][0]
    # The camera's local time, read in the business time zone (Asia/Kolkata).
    assert up["taken_at"] == "2026-11-22T02:11:09Z", up
    assert up["content_type"] == "image/jpeg"
    r = send(agent, "/api/uploads", [("files", "plain.png", "image/png", png(seed=3))])
    assert expect(r, 201)["items"][0]["taken_at"] is None


def test_large_photo_round_trip(t):
    """A 10 MB photo (the default cap) goes in and comes back byte for byte: on S3 the
    download is streamed from the store, not buffered whole."""
    agent = t.as_("agent")
    big = png(seed=12)
    big += bytes((i * 7) % 251 for i in range(10 * 1024 * 1024 - len(big)))
    up = expect(send(agent, "/api/uploads", [("files", "big.png", "image/png", big)]),
                201)["items"][0]
    assert up["size"] == len(big) and up["sha256"] == hashlib.sha256(big).hexdigest()
    assert "files/" + up["sha256"] in stored_files(t)
    got = agent.get(up["url"])
    assert got.status == 200 and got.headers["content-length"] == str(len(big))
    assert hashlib.sha256(got.raw).hexdigest() == up["sha256"]
