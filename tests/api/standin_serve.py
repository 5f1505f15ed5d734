#!/usr/bin/env python3
"""Runs the Zoho Books and WooCommerce stand-ins until stdin closes, for tests written in
another language (tests/e2e/run.mjs): prints one JSON line with each stand-in's settings
body (its URL and credentials) and a WooCommerce order made for the test, then serves."""
import json
import sys

from standin_woo import WooStandin
from standin_zoho import ZohoStandin


def main():
    zoho, woo = ZohoStandin(), WooStandin()
    order = woo.add_order(first="Meera", last="Pillai", email="meera@example.com",
                          phone="+919811112222", completed="2026-03-02T02:00:00")
    print(json.dumps({"zoho_books": zoho.settings(), "woocommerce": woo.settings(),
                      "order": order}), flush=True)
    sys.stdin.read()  # until the test ends
    zoho.close()
    woo.close()


if __name__ == "__main__":
    main()
