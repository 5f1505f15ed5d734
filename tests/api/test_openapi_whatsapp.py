"""docs/openapi.yaml against live WhatsApp replies (issue 15): every WhatsApp route's
answers, and the WhatsApp parts of replies, communications and the test sweep, checked
against their documented schemas, with the Graph API stand-in behind ticketd."""
import json
from datetime import timedelta

from standin_whatsapp import png
from test_openapi import call
from test_whatsapp import (APP_SECRET, PHONE, SETTINGS, T0, VERIFY, Env, b2c_ticket,
                           image_msg, text_msg)


def test_openapi_live_whatsapp(t):
    env = Env(t)
    try:
        admin, agent = env.admin, env.agent
        call(admin, "GET", SETTINGS, expect=200)
        call(admin, "PUT", SETTINGS, {
            "enabled": True, "api_base_url": env.w.base_url,
            "phone_number_id": env.w.phone_number_id, "access_token": env.w.token,
            "verify_token": VERIFY, "app_secret": APP_SECRET, "ack_text": "Got it"},
            expect=200)
        call(admin, "PUT", SETTINGS, {"enabled": 1}, expect=400, valid_request=False)
        call(agent, "GET", SETTINGS, expect=403)
        call(admin, "POST", SETTINGS + "/test", expect=200)
        call(env.s.clients["reporter"], "GET", "/api/whatsapp/conversations", expect=403)
        anon = type(agent)(env.s.port)
        call(anon, "GET", "/api/whatsapp/webhook?hub.mode=subscribe&hub.challenge=7"
             f"&hub.verify_token={VERIFY}", expect=200)
        call(anon, "GET", "/api/whatsapp/webhook?hub.mode=subscribe&hub.challenge=7"
             "&hub.verify_token=no", expect=403)
        call(anon, "POST", "/api/whatsapp/webhook", {"object": "x"},
             headers={"X-Hub-Signature-256": "sha256=00"}, expect=401)

        tk = b2c_ticket(env)
        env.w.add_media("MEDIA-OA", png(seed=9), "image/png")
        for payload in (text_msg("wamid.OA1", "Hello", T0),
                        image_msg("wamid.OA2", "MEDIA-OA", T0, mime="image/png")):
            r = env.post_event(payload)
            assert r.status == 200 and r.json["received"] is True
        sweep = call(admin, "POST", "/api/test/sweep", expect=200).json
        assert sweep["whatsapp"]["messages"] == 2
        convs = call(agent, "GET", "/api/whatsapp/conversations", expect=200).json["items"]
        cid = convs[0]["conversation_id"]
        conv = call(agent, "GET", f"/api/whatsapp/conversations/{cid}", expect=200).json
        call(agent, "GET", "/api/whatsapp/conversations/999999", expect=404)
        photo = [m for m in conv["messages"] if m["media_url"]][0]
        r = agent.get(photo["media_url"])
        assert r.status == 200 and r.headers["content-type"] == "image/png"
        call(agent, "GET", "/api/whatsapp/messages/999999/media", expect=404)
        call(agent, "GET", f"/api/tickets/b2c/{tk['ticket_id']}/whatsapp", expect=200)
        call(agent, "POST", f"/api/tickets/b2c/{tk['ticket_id']}/reply/preview",
             {"channel": "whatsapp", "body": "Hi"}, expect=200)
        call(agent, "POST", f"/api/tickets/b2c/{tk['ticket_id']}/reply",
             {"channel": "whatsapp", "body": "Hi"}, expect=201)
        call(agent, "POST", f"/api/whatsapp/conversations/{cid}/append",
             {"ticket": tk["number"]}, expect=200)
        call(agent, "POST", f"/api/whatsapp/conversations/{cid}/append", {}, expect=409)
        call(agent, "POST", f"/api/whatsapp/conversations/{cid}/ticket",
             {"category": "wrong_items"}, expect=409)
        env.post_event(text_msg("wamid.OA3", "One more", T0 + timedelta(minutes=5)))
        call(admin, "POST", "/api/test/sweep", expect=200)
        made = call(agent, "POST", f"/api/whatsapp/conversations/{cid}/ticket",
                    {"category": "track_order", "woo_order_number": "WC-1",
                     "delivery_date": "2026-03-02"}, expect=201).json
        assert made["customer_phone"] == "+" + PHONE
        call(admin, "POST", "/api/test/sweep", expect=200)
        comms = call(agent, "GET", f"/api/tickets/b2c/{tk['ticket_id']}/communications",
                     expect=200).json["items"]
        assert any(c["delivery_status"] == "sent" for c in comms), json.dumps(comms)
    finally:
        env.close()


def test_openapi_whatsapp_settings_keys(t):
    """The keys the settings codec accepts (setting_keys in src/service/whatsapp.c) are the
    documented ones, and what is served is them without the secrets, with *_set instead."""
    from test_openapi import _c_strings, schema
    keys = _c_strings("src/service/whatsapp.c", r"setting_keys\[\]\s*=")
    secrets = _c_strings("src/service/whatsapp.c", r"secret_keys\[\]\s*=")
    assert sorted(schema("WhatsAppSettingsUpdate")["properties"]) == sorted(keys), keys
    served = set(keys) - set(secrets) | {s + "_set" for s in secrets} | {"configured"}
    assert set(schema("WhatsAppSettings")["properties"]) == served
