# The single entry point: make run, make test, make build, make bench.
GO       ?= go
GOROOT   := $(shell $(GO) env GOROOT)
WASMEXEC := $(GOROOT)/lib/wasm
BIN      := bin
OUT      := out

# Packages whose tests also run compiled to WebAssembly under Node: the engine.
WASM_PKGS := ./shared/...

.PHONY: all build run test vet test-go test-wasm bench fuzz clean

# Each part of the product adds its own targets in its folder's make file and
# appends to these lists, so the parts grow without editing each other's lines.
BUILD_TARGETS :=
TEST_TARGETS  :=
-include web/web.mk
-include function/function.mk
-include bench/bench.mk

all: build

build: $(BUILD_TARGETS)
	$(GO) build -o $(BIN)/contactprep ./cmd/contactprep
	$(GO) build -o $(BIN)/contactgen ./cmd/contactgen
	$(GO) build -o $(BIN)/genesys-emulator ./cmd/genesys-emulator

# The main job: build the page and the function, and run them on this machine
# against a local Genesys Cloud emulator (function/function.mk). Open the URL it
# prints, drop a spreadsheet (testdata/sample has messy ones), send it to the
# emulator and see the contacts arrive. Ctrl-C stops it.
run: run-function

test: vet test-go test-wasm $(TEST_TARGETS)

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

test-go:
	$(GO) test ./...

test-wasm:
	PATH="$(WASMEXEC):$$PATH" GOOS=js GOARCH=wasm $(GO) test $(WASM_PKGS)

# Fuzz each parser for FUZZTIME (default 30s each).
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./shared/csvread -run '^$$' -fuzz FuzzRead -fuzztime $(FUZZTIME)
	$(GO) test ./shared/decode -run '^$$' -fuzz FuzzDetectDecode -fuzztime $(FUZZTIME)
	$(GO) test ./shared/phone -run '^$$' -fuzz FuzzNormalize -fuzztime $(FUZZTIME)
	$(GO) test ./shared/phone -run '^$$' -fuzz FuzzFastEqualsSlow -fuzztime $(FUZZTIME)
	$(GO) test ./shared/xlsx -run '^$$' -fuzz FuzzOpen -fuzztime $(FUZZTIME)
	$(GO) test ./shared/prepare -run '^$$' -fuzz FuzzRun -fuzztime $(FUZZTIME)
	$(GO) test ./shared/leadmap -run '^$$' -fuzz FuzzExport -fuzztime $(FUZZTIME)

# Side-by-side speed in one run on generated files of 60,000 and 1.5 million rows:
# the JavaScript peer, the native engine, the engine as WebAssembly under Node
# and the page in headless Chromium; the page's download sizes and the function's
# CPU per request; and the phone fast path's differential test in full (1.5 million
# inputs). See bench/main.go. BENCH_FLAGS=-rows=60000 runs the small file only.
# Then the outbound path with 1.5 million leads (bench/bench.mk).
bench: web-build
	@test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	@test -d web/node_modules || (cd web && npm ci --no-audit --no-fund)
	$(GO) run ./bench -dist $(WEB_DIST) -devserve $(BIN)/devserve -chromium $(CHROMIUM) $(BENCH_FLAGS)
	$(MAKE) bench-outbound

clean:
	rm -rf $(BIN) $(OUT) bench/out
