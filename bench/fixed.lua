-- One GET repeated: a list page or a search (TICKETD_BENCH_PATH, with its query string).
package.path = os.getenv("TICKETD_BENCH_LUA") .. "/?.lua;" .. package.path
require("lib")

wrk.method = "GET"
wrk.path = os.getenv("TICKETD_BENCH_PATH")
