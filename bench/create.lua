-- POST /api/tickets/b2c/create: a late delivery reported on WhatsApp (a category without the
-- photo that quality complaints need), answered 201.
package.path = os.getenv("TICKETD_BENCH_LUA") .. "/?.lua;" .. package.path
local lib = require("lib")

lib.expect(201)
wrk.method = "POST"
wrk.path = "/api/tickets/b2c/create"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format([[{"category": "late_delivery", "customer_name": "Ananya Iyer",
"customer_phone": "+91 98765 43210", "woo_order_number": "WC-581234",
"delivery_date": "%s", "items_affected": "Tomato (hybrid), 2 kg; Coriander, 1 bunch",
"description": "WhatsApp at 11:40: the box with tomatoes and coriander was due by 8:00 and has not come. Customer is cooking for guests tonight."}]],
	os.date("!%Y-%m-%d"))
