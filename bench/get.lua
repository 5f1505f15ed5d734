-- GET /api/tickets/{kind}/{id} for ticket ids drawn at random from a sample of customer
-- tickets written by the generator (TICKETD_BENCH_IDS: "kind id" lines).
package.path = os.getenv("TICKETD_BENCH_LUA") .. "/?.lua;" .. package.path
require("lib")

local paths = {}

function init(args)
	for line in io.lines(os.getenv("TICKETD_BENCH_IDS")) do
		local kind, id = line:match("^(%S+) (%d+)$")
		if kind then
			paths[#paths + 1] = "/api/tickets/" .. kind .. "/" .. id
		end
	end
	math.randomseed(os.time() * 7919 + (tid or 0))
end

function request()
	return wrk.format("GET", paths[math.random(#paths)])
end
