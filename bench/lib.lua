-- Shared by the wrk scripts of `make bench` (bench/run.sh sets the environment):
--   TICKETD_BENCH_TOKEN   the bearer token of the bench user
--   TICKETD_BENCH_NAME    the row name in the results table
-- Every answer whose status is not the expected one is counted, and done() prints one line
--   RESULT name requests_per_s p50_us p99_us requests bad_status socket_errors first_bad
-- for run.sh to parse.  A benchmark of error responses is worthless, so run.sh fails the
-- row when bad_status or socket_errors is not zero.
local lib = {}

wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TICKETD_BENCH_TOKEN") or "")

local threads = {}
local expected = 200

function lib.expect(status)
	expected = status
end

function setup(thread)
	thread:set("tid", #threads + 1)
	table.insert(threads, thread)
end

bad = 0
first_bad = ""

function response(status, headers, body)
	if status ~= expected then
		bad = bad + 1
		if first_bad == "" then
			first_bad = status .. ":" .. string.sub(body or "", 1, 120):gsub("%s", "_")
		end
	end
end

function done(summary, latency, requests)
	local nbad, first = 0, "-"
	for _, t in ipairs(threads) do
		nbad = nbad + (t:get("bad") or 0)
		local f = t:get("first_bad")
		if f and f ~= "" and first == "-" then
			first = f
		end
	end
	local e = summary.errors
	local sock = e.connect + e.read + e.write + e.timeout
	io.write(string.format("RESULT %s %.0f %d %d %d %d %d %s\n",
		os.getenv("TICKETD_BENCH_NAME") or "?",
		summary.requests / (summary.duration / 1e6),
		latency:percentile(50), latency:percentile(99),
		summary.requests, nbad, sock, first))
end

return lib
