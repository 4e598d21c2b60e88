# tingzhen — set-up, build, run and test. Two commands do everything on a fresh machine
# that has Go, gcc, node/npm and git: `make run` and `make test`. Both are idempotent.

ORT_VERSION ?= 1.29.0
ORT_DIR     := third_party/ort
ORT_LIB     := $(ORT_DIR)/libonnxruntime.so.$(ORT_VERSION)
ADDR        ?= 127.0.0.1:8080
GO          ?= go
VERSION     := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -X github.com/tingzhen/tingzhen/engine.BuildVersion=$(VERSION)
# Packages with concurrency run under the race detector in `make test`.
RACE_PKGS   := ./engine/... ./knowledge-graph/... ./server/... ./jobs/... ./tasks/... ./insights/... ./scale/...

export CGO_ENABLED := 1
export TINGZHEN_ORT_LIB := $(CURDIR)/$(ORT_LIB)

.PHONY: all deps audio-tools ort mod build run test test-fast bench clean help
all: build

help:
	@echo "make run    install what is missing, build bin/tingzhen, serve on $(ADDR)"
	@echo "make test   install what is missing, run all tests (race detector on concurrent packages)"
	@echo "make build  build bin/tingzhen"
	@echo "make bench  Go benchmarks of every stage"

deps: ort mod audio-tools

# espeak-ng + sox generate the stereo test calls of engine/transcript; without apt-get
# (or root) those tests skip with a message.
audio-tools:
	@command -v espeak-ng >/dev/null && command -v sox >/dev/null || \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	    (apt-get install -y -q espeak-ng sox >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q espeak-ng sox >/dev/null)) || \
	    echo "audio-tools: espeak-ng/sox not installed (need apt-get as root); generated-call tests will skip"; }

ort: $(ORT_LIB)
$(ORT_LIB):
	ORT_VERSION=$(ORT_VERSION) scripts/fetch_ort.sh $(ORT_DIR)

mod: .make/mod.stamp
.make/mod.stamp: go.mod go.sum
	@mkdir -p .make
	$(GO) mod download
	@touch $@

build: mod
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/tingzhen ./cmd/tingzhen

run: deps build
	bin/tingzhen serve --addr $(ADDR) --data ./data

test: deps audio-tools
	$(GO) vet ./...
	$(GO) test -count=1 $$($(GO) list ./... | grep -v -e /engine -e /knowledge-graph -e /server -e /jobs -e /tasks -e /insights)
	$(GO) test -count=1 -race $(RACE_PKGS)

test-fast: deps
	$(GO) test ./...

bench: deps
	$(GO) test -run '^$$' -bench . -benchmem ./engine/... ./knowledge-graph/... ./insights/...

clean:
	rm -rf bin .make
