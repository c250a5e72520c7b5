# The browser page: two WebAssembly modules and static files in web/dist, the
# folder `make build` produces for deployment, served locally by cmd/devserve.
# Included by the top-level Makefile.
WEB_DIST   := web/dist
WEB_STATIC := index.html style.css icon.svg app.js engine.js grid.js words.js worker.js xlsx-worker.js _headers
WASM_FLAGS := -trimpath -ldflags='-s -w'
CHROMIUM   := /usr/bin/chromium

BUILD_TARGETS += web-build
TEST_TARGETS  += test-wasm-adapter test-web

.PHONY: web-build test-wasm-adapter test-web

# The engine module must never link the spreadsheet library: workbooks go
# through the separate xlsx.wasm, fetched only when a workbook is opened.
web-build:
	@mkdir -p $(WEB_DIST)
	GOOS=js GOARCH=wasm $(GO) build $(WASM_FLAGS) -o $(WEB_DIST)/contactprep.wasm ./wasm
	GOOS=js GOARCH=wasm $(GO) build $(WASM_FLAGS) -o $(WEB_DIST)/xlsx.wasm ./wasm/xlsx
	@test "$$(GOOS=js GOARCH=wasm $(GO) list -deps ./wasm | grep -c excelize)" = 0 || { echo "wasm/ links excelize"; exit 1; }
	cp $(addprefix web/,$(WEB_STATIC)) $(WEB_DIST)/
	cp $(WASMEXEC)/wasm_exec.js $(WEB_DIST)/
	@version=$$(cd $(WEB_DIST) && cat $(WEB_STATIC) wasm_exec.js contactprep.wasm xlsx.wasm | sha256sum | cut -c1-16); \
	  sed "s/__VERSION__/$$version/" web/sw.js > $(WEB_DIST)/sw.js
	$(GO) build -o $(BIN)/devserve ./cmd/devserve

# The adapters' own logic, compiled to WebAssembly and run under Node.
test-wasm-adapter:
	@test -z "$$(gofmt -l wasm)" || { echo "gofmt needed:"; gofmt -l wasm; exit 1; }
	PATH="$(WASMEXEC):$$PATH" GOOS=js GOARCH=wasm $(GO) test ./wasm/...

# End-to-end in headless Chromium. A clean machine gets Chromium and the npm
# packages here (CI runs as root).
test-web: web-build
	@test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	@test -d web/node_modules || (cd web && npm ci --no-audit --no-fund)
	cd web && DEVSERVE=../$(BIN)/devserve DIST=dist CHROMIUM=$(CHROMIUM) node --test --test-concurrency=1 test/*.test.mjs
