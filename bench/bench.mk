# Benchmarks beyond bench/main.go. Included by the top-level Makefile.

# The outbound path at monthly scale in the browser (issue 6): 1.5 million
# generated leads prepared in the page, two contact lists created on confirm,
# sent through the function (wrangler dev, the built Worker) to the Genesys
# emulator, checked there, and lead-id-mapping.csv downloaded. Prints a table
# and writes bench/out/outbound.json. BENCH_OUTBOUND_FLAGS passes flags to
# bench/outbound.mjs, e.g. "-ways api,csv" or "-rows 100000"; a second month
# into the first month's lists (issue 26): "-existing 1200000".
BENCH_OUTBOUND_FLAGS ?=

.PHONY: bench-outbound
bench-outbound: web-build build-function $(WRANGLER)
	@test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	@test -d web/node_modules || (cd web && npm ci --no-audit --no-fund)
	$(GO) build -o $(BIN)/genesys-emulator ./cmd/genesys-emulator
	$(GO) build -o $(BIN)/contactgen ./cmd/contactgen
	CHROMIUM=$(CHROMIUM) CONTACTGEN=$(abspath $(BIN)/contactgen) \
	  EMULATOR=$(abspath $(BIN)/genesys-emulator) \
	  node bench/outbound.mjs $(BENCH_OUTBOUND_FLAGS)
