# The submission function: the Cloudflare Worker in Go (function/), run locally by
# wrangler dev (npm, function/package.json) against the Genesys emulator.
# Included by the top-level Makefile.

FUNCTION_BUILD := function/build
WRANGLER       := function/node_modules/.bin/wrangler
# wrangler never phones home from here (no metrics, no request.cf lookup, no update
# check: that comes with the banner), and serves on loopback only.
WRANGLER_ENV   := WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_HIDE_BANNER=true
FUNCTION_PORT  ?= 8788
EMULATOR_PORT  ?= 8787

BUILD_TARGETS += build-function
TEST_TARGETS  += test-function

.PHONY: build-function test-function run-function bench-function

# The Worker: function/worker.mjs (its entry), syumai/workers' wasm_exec.js (Go's,
# with the runtime's context), then the Go program as WebAssembly. The entry
# syumai/workers generates is not used: it starts a Go program for every request.
build-function:
	cd function && $(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o build
	rm -f $(FUNCTION_BUILD)/worker.mjs $(FUNCTION_BUILD)/runtime.mjs
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(FUNCTION_BUILD)/app.wasm ./function
	@test -z "$$(GOOS=js GOARCH=wasm $(GO) list -deps ./function | grep -E 'excelize|phonenumbers')" || \
	  { echo "the function links excelize or phonenumbers: keep it lean"; exit 1; }
	@echo "function: $(FUNCTION_BUILD)/app.wasm $$(wc -c < $(FUNCTION_BUILD)/app.wasm) bytes, $$(gzip -9 -c $(FUNCTION_BUILD)/app.wasm | wc -c) gzipped"

# wrangler and workerd, installed from the lock file on a fresh clone.
$(WRANGLER): function/package.json function/package-lock.json
	cd function && npm ci --no-audit --no-fund
	@touch $@

# The built Worker under workerd (wrangler dev) against the emulator.
test-function: build-function $(WRANGLER)
	CONTACTPREP_WRANGLER=$(abspath $(WRANGLER)) $(WRANGLER_ENV) $(GO) test -count=1 -timeout 6m ./function/workerd/

# The page and the function on one local URL, against the emulator: no Genesys
# account needed. `make run` is this.
run-function: web-build build-function $(WRANGLER)
	$(GO) build -o $(BIN)/genesys-emulator ./cmd/genesys-emulator
	@mkdir -p web/dist $(OUT)
	@$(WRANGLER_ENV) EMULATOR=$(BIN)/genesys-emulator OUT=$(OUT) \
	  FUNCTION_PORT=$(FUNCTION_PORT) EMULATOR_PORT=$(EMULATOR_PORT) sh function/run-dev.sh

# The Worker's size and its CPU per request under workerd.
bench-function: build-function $(WRANGLER)
	$(GO) build -o $(BIN)/genesys-emulator ./cmd/genesys-emulator
	@$(WRANGLER_ENV) EMULATOR=$(BIN)/genesys-emulator sh function/bench-cpu.sh
