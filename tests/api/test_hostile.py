"""What probing as an attacker found (issue 19), each closed: file names that are not UTF-8,
encoded NULs and control characters in paths, look-alike JSON media types, times outside
the accepted range, sign-in guesses sent at once, cross-site requests riding a cookie, and
uploads from callers who are not signed in.  Every refusal is the JSON error envelope and
changes nothing."""
import json
import socket
import threading

from harness import Client, PASSWORD, expect
from fixtures import NoNewTickets, Unchanged, b2b_setup, b2c, b2c_body, new_user, raw_post, world
from test_evidence import multipart, png


def raw_multipart(client, path, disposition_filename, data):
    """A multipart upload whose file name is the raw bytes given (not necessarily UTF-8)."""
    b = b"----hostile-boundary"
    body = (b"--" + b + b"\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" +
            disposition_filename + b"\"\r\nContent-Type: image/png\r\n\r\n" + data + b"\r\n--" +
            b + b"--\r\n")
    return client.request("POST", path, raw=body,
                          headers={"Content-Type": "multipart/form-data; boundary=" + b.decode()})


def test_file_name_not_utf8_comes_out_replaced(t):
    agent = t.as_("agent")
    tk = b2c(t, category="wrong_items")
    base = f"/api/tickets/b2c/{tk['ticket_id']}"
    r = raw_multipart(agent, base + "/attachments", b"crate-\xff\xfe-\xc3.png", png(seed=41))
    items = expect(r, 201)["items"]
    assert len(items) == 1, r
    assert items[0]["filename"] == "crate-\ufffd\ufffd-\ufffd.png", items
    listed = expect(agent.get(base + "/attachments"), 200)["items"]
    assert [i["filename"] for i in listed] == ["crate-\ufffd\ufffd-\ufffd.png"], listed
    # An upload on its own, too.
    up = expect(raw_multipart(agent, "/api/uploads", b"\x80.png", png(seed=42)), 201)["items"]
    assert up[0]["filename"] == "\ufffd.png", up
    # Valid UTF-8 is kept as it is.
    up = expect(raw_multipart(agent, "/api/uploads", "टमाटर.png".encode(), png(seed=43)),
                201)["items"]
    assert up[0]["filename"] == "टमाटर.png", up
