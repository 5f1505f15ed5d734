# ticketd: the two commands a newcomer needs are `make run` and `make test`.
# Meson and Ninja do the building; this file installs what is missing and wires the steps.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= multipart router query json csv template time media
SOAK_CYCLES ?= 30
DATA       ?= var
PORT       ?= 8080
DB         ?= sqlite

.PHONY: all deps web build run test unit api pgcheck bench bench-sweep soak fuzz format clean standins lighthouse

all: build

deps:
	@scripts/deps.sh run

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

build: deps web $(BUILD)/build.ninja
	@ninja -C $(BUILD)

# The web UI (web/, React + Vite) built into web/dist, which ticketd serves.  npm ci runs
# only when node_modules is missing or the lockfile changed; the build when a source did.
WEB_SRC := $(shell find web/src web/public web/scripts -type f -not -path 'web/src/generated/*' 2>/dev/null) web/index.html \
	web/vite.config.ts web/tsconfig.json web/package.json

web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json | deps
	cd web && npm ci --no-audit --no-fund
	@touch $@

# openapi-typescript (types from docs/openapi.yaml, generated at each build) has a lockfile
# of its own: it needs the TypeScript 5 compiler API, web/ builds with TypeScript 7.
web/tools/openapi/node_modules/.package-lock.json: web/tools/openapi/package-lock.json | deps
	cd web/tools/openapi && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json web/tools/openapi/node_modules/.package-lock.json $(WEB_SRC) docs/openapi.yaml
	cd web && npm run build
	@touch $@

# Builds, then serves http://localhost:8080 from ./var with the demo dataset (first run only).
run: build
	@mkdir -p $(DATA)
	$(BUILD)/ticketd serve --data $(DATA) --port $(PORT) --demo

# The stand-in servers the tests start (s3rver for the S3 file store), from their lockfile.
standins: tests/standins/node_modules/.package-lock.json

tests/standins/node_modules/.package-lock.json: tests/standins/package-lock.json | deps
	cd tests/standins && npm ci --no-audit --no-fund
	@touch $@

# Every test, in the normal build and again under AddressSanitizer and UBSan.
test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory standins
	@$(MAKE) --no-print-directory $(ASAN_BUILD)/build.ninja
	@ninja -C $(ASAN_BUILD)
	@tests/run-all.sh $(BUILD) $(ASAN_BUILD)

# The crash test with many kill -9 cycles (make test runs a handful), printing its figures.
soak:
	@$(MAKE) --no-print-directory build
	@TICKETD_CRASH_CYCLES=$(SOAK_CYCLES) /usr/bin/python3 tests/api/run.py \
		--binary $(BUILD)/ticketd -k test_kill_9 | grep -E '^(crash:|FAIL|api:)'

# Every fuzz target under clang's libFuzzer (with ASan and UBSan) for FUZZ_SECONDS each,
# starting from its corpus in tests/fuzz/corpus (new finds go to $(FUZZ_BUILD)/corpus; copy
# the interesting ones, and any crash-* input, into tests/fuzz/corpus so make test replays
# them).
fuzz:
	@scripts/deps.sh fuzz
	@[ -f $(FUZZ_BUILD)/build.ninja ] || CC=clang meson setup $(FUZZ_BUILD) \
		--buildtype=debugoptimized -Dwerror=false -Db_sanitize=address,undefined \
		-Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link
	@ninja -C $(FUZZ_BUILD) $(addprefix fuzz_,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
		echo "== fuzz_$$t ($(FUZZ_SECONDS) s)"; \
		$(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/ $(FUZZ_BUILD)/corpus/$$t \
			tests/fuzz/corpus/$$t 2>&1 | grep -E '^(stat::number_of_executed_units|==|SUMMARY|Done)' \
			|| true; \
		[ -z "$$(ls $(FUZZ_BUILD)/crash-* $(FUZZ_BUILD)/leak-* 2>/dev/null)" ] || \
			{ echo "fuzz_$$t found a crash: $$(ls $(FUZZ_BUILD)/crash-* $(FUZZ_BUILD)/leak-*)"; exit 1; }; \
	done

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory build
	@DB=$(DB) bench/run.sh $(BUILD)
	@if [ "$(DB)" = sqlite ]; then /usr/bin/python3 bench/sweep.py $(BUILD); fi

# Lighthouse's mobile audit of the staff UI (performance, accessibility), in Debian's
# Chromium against a throwaway demo ticketd: a measurement, like bench.  Lighthouse 12 has a
# lockfile of its own (13 wants Node 22).
web/tools/lighthouse/node_modules/.package-lock.json: web/tools/lighthouse/package-lock.json | deps
	cd web/tools/lighthouse && npm ci --no-audit --no-fund
	@touch $@

lighthouse: build web/tools/lighthouse/node_modules/.package-lock.json
	@scripts/deps.sh test
	node web/tools/lighthouse/run.mjs --binary $(BUILD)/ticketd --out $(BUILD)/lighthouse

# The escalation sweep of 100,000 tickets due at once, on SQLite and PostgreSQL (issue 18).
bench-sweep:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory build
	@bench/sweep.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) web/dist
