# ticketd: the two commands a newcomer needs are `make run` and `make test`.
# Meson and Ninja do the building; this file installs what is missing and wires the steps.

BUILD      ?= build
ASAN_BUILD ?= build-asan
DATA       ?= var
PORT       ?= 8080
DB         ?= sqlite

.PHONY: all deps web build run test unit api pgcheck bench format clean standins

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
WEB_SRC := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
	web/vite.config.ts web/tsconfig.json web/package.json

web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json | deps
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
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

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory build
	@DB=$(DB) bench/run.sh $(BUILD)
	@if [ "$(DB)" = sqlite ]; then /usr/bin/python3 bench/sweep.py $(BUILD); fi

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) web/dist
