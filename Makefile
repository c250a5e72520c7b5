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

# For now the main job runs the CLI on the bundled sample (a Windows-1252 CSV
# with messy phones and duplicate keys) and shows where the results went.
run: build
	@rm -rf $(OUT)/sample
	@$(BIN)/contactprep prepare -o $(OUT)/sample testdata/sample/contacts-windows-1252.csv testdata/sample/contacts.xlsx; \
	  status=$$?; echo "exit status $$status (0: all rows ready, 1: some rows rejected)"; \
	  echo "output in $(OUT)/sample:"; ls -l $(OUT)/sample; [ $$status -le 1 ]

test: vet test-go test-wasm $(TEST_TARGETS)

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l shared cmd internal)" || { echo "gofmt needed:"; gofmt -l shared cmd internal; exit 1; }

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
	$(GO) test ./shared/xlsx -run '^$$' -fuzz FuzzOpen -fuzztime $(FUZZTIME)
	$(GO) test ./shared/prepare -run '^$$' -fuzz FuzzRun -fuzztime $(FUZZTIME)

# Side-by-side speed in one run: the JavaScript peer, the native engine and
# the engine as WebAssembly under Node, on the same generated file.
bench:
	$(GO) run ./bench

clean:
	rm -rf $(BIN) $(OUT) bench/out
