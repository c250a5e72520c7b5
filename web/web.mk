# The browser page: two WebAssembly modules and static files in web/dist, the
# folder `make build` produces for deployment, served locally by cmd/devserve.
# Included by the top-level Makefile.
WEB_DIST   := web/dist
WEB_STATIC := index.html signed-in.html style.css icon.svg app.js decide.js dom.js engine.js grid.js words.js send.js compare.js submit.js outbound.js existing.js resume.js \
              signed-in.js worker.js xlsx-worker.js _headers
WASM_FLAGS := -trimpath -ldflags='-s -w'
CHROMIUM   := /usr/bin/chromium

BUILD_TARGETS += web-build
TEST_TARGETS  += test-wasm-adapter test-web-unit test-web

.PHONY: web-build web-budget test-wasm-adapter test-web-unit test-web

# The page's first download (issue 5): everything the page loads before a file
# is dropped, brotli-compressed as served, at most WEB_BUDGET bytes. Pages that
# are not the main one, the workbook converter (loaded only for a workbook),
# phone.wasm (loaded only for numbers the engine's tables leave) and _headers
# (never served) are not part of it.
WEB_BUDGET     := 2500000
WEB_FIRST_LOAD := $(filter-out signed-in.html signed-in.js xlsx-worker.js _headers,$(WEB_STATIC)) \
                  sw.js wasm_exec.js contactprep.wasm

# The engine module must never link the spreadsheet library: workbooks go
# through the separate xlsx.wasm, fetched only when a workbook is opened. Nor
# phonenumbers (-tags nolibphone): the numbers its generated tables do not
# cover go to phone.wasm, fetched the first time one turns up.
web-build:
	@mkdir -p $(WEB_DIST)
	GOOS=js GOARCH=wasm $(GO) build $(WASM_FLAGS) -tags nolibphone -o $(WEB_DIST)/contactprep.wasm ./wasm
	GOOS=js GOARCH=wasm $(GO) build $(WASM_FLAGS) -o $(WEB_DIST)/xlsx.wasm ./wasm/xlsx
	GOOS=js GOARCH=wasm $(GO) build $(WASM_FLAGS) -o $(WEB_DIST)/phone.wasm ./wasm/phone
	@test "$$(GOOS=js GOARCH=wasm $(GO) list -deps -tags nolibphone ./wasm | grep -c 'excelize\|phonenumbers')" = 0 || { echo "wasm/ links excelize or phonenumbers"; exit 1; }
	cp $(addprefix web/,$(WEB_STATIC)) $(WEB_DIST)/
	cp $(WASMEXEC)/wasm_exec.js $(WEB_DIST)/
	@version=$$(cd $(WEB_DIST) && cat $(WEB_STATIC) wasm_exec.js contactprep.wasm xlsx.wasm phone.wasm | sha256sum | cut -c1-16); \
	  sed "s/__VERSION__/$$version/" web/sw.js > $(WEB_DIST)/sw.js
	$(GO) build -o $(BIN)/devserve ./cmd/devserve

web-budget: web-build
	@mkdir -p $(BIN)
	node web/budget.mjs $(BIN)/web-sizes.json $(WEB_BUDGET) $(addprefix $(WEB_DIST)/,$(WEB_FIRST_LOAD))

# The adapters' own logic, compiled to WebAssembly and run under Node.
test-wasm-adapter:
	@test -z "$$(gofmt -l wasm)" || { echo "gofmt needed:"; gofmt -l wasm; exit 1; }
	PATH="$(WASMEXEC):$$PATH" GOOS=js GOARCH=wasm $(GO) test ./wasm/...
	GOOS=js GOARCH=wasm $(GO) vet -tags nolibphone ./wasm

# The page's pure modules (words, the table's arithmetic, resume keys) in Node.
test-web-unit:
	cd web && node --test unit/

# End-to-end in headless Chromium; send.test.mjs runs the page under wrangler dev
# with the built Worker against the Genesys emulator, as `make run` does. A clean
# machine gets Chromium and the npm packages here (CI runs as root).
test-web: web-build web-budget build-function function/node_modules/.bin/wrangler
	@test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	@test -d web/node_modules || (cd web && npm ci --no-audit --no-fund)
	$(GO) build -o $(BIN)/genesys-emulator ./cmd/genesys-emulator
	cd web && DEVSERVE=../$(BIN)/devserve DIST=dist CHROMIUM=$(CHROMIUM) \
	  EMULATOR=$(abspath $(BIN)/genesys-emulator) \
	  node --test --test-concurrency=1 test/*.test.mjs

# The page alone, without the function (sending to Genesys Cloud says it is not
# available here): what `make run` served before the function existed.
.PHONY: serve
serve: web-build
	@$(BIN)/devserve -dir $(WEB_DIST)
