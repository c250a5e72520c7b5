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

# Side-by-side speed in one run: the JavaScript peer, the native engine and
# the engine as WebAssembly under Node, on the same generated file.
# The phone fast path's differential proof runs in full here (1.5 million inputs).
bench:
	$(GO) run ./bench
	$(GO) test -count=1 -run TestFastEqualsSlow ./shared/phone -phone.full

clean:
	rm -rf $(BIN) $(OUT) bench/out
