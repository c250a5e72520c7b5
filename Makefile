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

# The Worker (function/main.go and the syumai/workers glue) builds only for
# WebAssembly, so ./... alone never vets it.
vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./function/...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

test-go:
	$(GO) test ./...

test-wasm:
	PATH="$(WASMEXEC):$$PATH" GOOS=js GOARCH=wasm $(GO) test $(WASM_PKGS)

# Every fuzz target, as package:Func; internal/makefile's test fails when a
# Fuzz function of the repository is missing here, so none is forgotten.
FUZZ_TARGETS := \
	./shared/csvread:FuzzRead \
	./shared/csvwrite:FuzzRecord \
	./shared/decode:FuzzDetectDecode \
	./shared/decode:FuzzCanonical \
	./shared/field:FuzzReference \
	./shared/leadmap:FuzzExport \
	./shared/phone:FuzzNormalize \
	./shared/phone:FuzzFastEqualsSlow \
	./shared/prepare:FuzzRun \
	./shared/recheck:FuzzCheck \
	./shared/xlsx:FuzzOpen \
	./shared/xlsx:FuzzSheetXML

# Fuzz each target for FUZZTIME (default 30s each).
FUZZTIME ?= 30s
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  echo "fuzz $$t"; $(GO) test $${t%%:*} -run '^$$' -fuzz "^$${t##*:}$$" -fuzztime $(FUZZTIME); \
	done

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
