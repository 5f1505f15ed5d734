"""docs/openapi.yaml for the Zoho Books and WooCommerce routes (issue 15): live replies,
successes and errors, against the documented statuses and schemas."""
from test_openapi import call
from test_books import Setup


def test_openapi_live_integrations(t):
    with Setup(t) as x:
        admin, agent, manager = x.c("admin"), x.c("agent"), x.c("manager")
        for system in ("zoho_books", "woocommerce"):
            call(admin, "GET", f"/api/settings/integrations/{system}", expect=200)
            call(agent, "GET", f"/api/settings/integrations/{system}", expect=403)
            call(admin, "POST", f"/api/settings/integrations/{system}/test", expect=200)
        call(admin, "GET", "/api/settings/integrations/slack", expect=404)
        call(admin, "PUT", "/api/settings/integrations/zoho_books", x.zoho.settings(),
             expect=200)
        call(admin, "PUT", "/api/settings/integrations/woocommerce", x.woo.settings(),
             expect=200)
        call(admin, "PUT", "/api/settings/integrations/woocommerce", {"colour": 1},
             expect=400, valid_request=False)
        call(admin, "PUT", "/api/settings/integrations/zoho_books",
             x.zoho.settings(organization_id=None), expect=422)

        order = x.woo.add_order()
        call(agent, "GET", f"/api/woocommerce/orders/{order['id']}", expect=200)
        call(agent, "GET", "/api/woocommerce/orders/99999", expect=404)

        tk, _ = x.b2c(order=order)
        x.resolve("b2c", tk["ticket_id"], {"resolution_type": "refund", "amount": 10,
                                           "notes": "Refund"})
        items = call(agent, "GET", f"/api/tickets/b2c/{tk['ticket_id']}/postings",
                     expect=200).json["items"]
        call(admin, "POST", "/api/test/sweep", expect=200)
        call(agent, "GET", f"/api/tickets/b2c/{tk['ticket_id']}/postings", expect=200)
        call(manager, "POST", f"/api/postings/{items[0]['id']}/retry", expect=409)
        call(agent, "POST", f"/api/postings/{items[0]['id']}/retry", expect=403)
        call(manager, "POST", "/api/postings/424242/retry", expect=404)
        b2b, *_ = x.b2b()
        call(agent, "GET", f"/api/tickets/b2b/{b2b['ticket_id']}/postings", expect=200)
        call(agent, "GET", "/api/tickets/b2b/B2B-999999/postings", expect=404)
