# tingzhen — set-up, build, run and test. Two commands do everything on a fresh machine
# that has Go, gcc, node/npm and git: `make run` and `make test`. Both are idempotent.

ORT_VERSION ?= 1.29.0
ORT_DIR     := third_party/ort
ORT_LIB     := $(ORT_DIR)/libonnxruntime.so.$(ORT_VERSION)
ADDR        ?= 127.0.0.1:8080
GO          ?= go
# The dashboard's charts: Apache ECharts from npm, pinned by version and by the SHA-256 of
# dist/echarts.min.js, copied into the embed folder (ignored by git).
ECHARTS_VERSION := 6.1.0
ECHARTS_SHA256  := b66b25aeb4df84e33199dc21694014d336d222cbd9deb0e5a7c14bd6aa0d0fd0
ECHARTS_JS      := dashboard/static/echarts.min.js
VERSION     := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -X github.com/tingzhen/tingzhen/engine.BuildVersion=$(VERSION)
# Packages with concurrency run under the race detector in `make test`.
RACE_PKGS   := ./engine/... ./model/... ./calls/... ./kg/... ./store/... ./server/... ./jobs/... ./tasks/... ./insights/... ./scale/... ./record/...

export CGO_ENABLED := 1
export TINGZHEN_ORT_LIB := $(CURDIR)/$(ORT_LIB)

.PHONY: all deps deps-cuda deps-py audio-tools browser ui ort mod build run test test-py test-fast bench clean help nats-server
all: build

help:
	@echo "make run    install what is missing, build bin/tingzhen, serve on $(ADDR)"
	@echo "make test   install what is missing, run all tests (race detector on concurrent packages)"
	@echo "make build  build bin/tingzhen"
	@echo "make nats-server  build bin/nats-server (for scale-out: README \"Scale out\")"
	@echo "make bench  Go benchmarks of every stage"
	@echo "make deps-cuda  add ONNX Runtime's CUDA execution provider to $(ORT_DIR) (GPU machines; README \"GPU\")"
	@echo "make ui     fetch the pinned ECharts bundle into dashboard/static (part of deps and build)"
	@echo "make deps-py  Debian's python3-torch, -onnx, -numpy, -yaml for \`tingzhen adapt\` (part of make test)"
	@echo "make test-py  the Python tests of training/ (part of make test; torch tests skip without torch)"

deps: ort mod audio-tools ui browser

# ui puts the pinned ECharts bundle into the dashboard's embed folder (checksum-checked).
ui:
	@scripts/fetch_echarts.sh $(ECHARTS_VERSION) $(ECHARTS_SHA256) $(ECHARTS_JS)

# browser installs Debian's chromium (and a CJK font for readable screenshots) for the
# dashboard's browser tests (dashboard/); without apt-get (or root) those tests skip with a message.
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null || \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	    (apt-get install -y -q chromium fonts-wqy-zenhei >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium fonts-wqy-zenhei >/dev/null)) || \
	    echo "browser: chromium not installed (need apt-get as root); the dashboard's browser tests will skip"; }

# deps-py installs what `tingzhen adapt` trains with (training/adapt_sentiment.py): Debian's
# python3-torch, python3-onnx, python3-numpy and python3-yaml, when /usr/bin/python3 cannot
# import them. Without apt-get (or root) the adapt smoke tests skip with a message.
PY_MODULES := torch onnx numpy yaml
deps-py:
	@/usr/bin/python3 -c "import $(shell echo $(PY_MODULES) | tr ' ' ',')" 2>/dev/null || \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	    (apt-get install -y -q python3-torch python3-onnx python3-numpy python3-yaml libopenblas0-pthread >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q python3-torch python3-onnx python3-numpy python3-yaml libopenblas0-pthread >/dev/null)) || \
	    echo "deps-py: python3-torch/onnx/numpy/yaml not installed (need apt-get as root); the adapt smoke tests will skip"; }

# espeak-ng + sox generate the stereo test calls of package calls; without apt-get
# (or root) those tests skip with a message.
audio-tools:
	@command -v espeak-ng >/dev/null && command -v sox >/dev/null || \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	    (apt-get install -y -q espeak-ng sox >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q espeak-ng sox >/dev/null)) || \
	    echo "audio-tools: espeak-ng/sox not installed (need apt-get as root); generated-call tests will skip"; }

# deps-cuda adds ONNX Runtime's CUDA execution provider (230 MB, pinned npm packages, SHA-256
# checked) beside the CPU library, for `--device cuda`. Not part of deps: CI and CPU machines
# never need it. `make deps-cuda ORT_DIR=/some/dir` installs core + provider elsewhere.
deps-cuda:
	@scripts/fetch_ort_cuda.sh $(ORT_DIR)

ort: $(ORT_LIB)
$(ORT_LIB):
	ORT_VERSION=$(ORT_VERSION) scripts/fetch_ort.sh $(ORT_DIR)

mod: .make/mod.stamp
.make/mod.stamp: go.mod go.sum
	@mkdir -p .make
	$(GO) mod download
	@touch $@

build: mod ui
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/tingzhen ./cmd/tingzhen

# nats-server builds the NATS server (with JetStream) from the module cache, at the version
# go.mod pins, for `tingzhen worker` / `job submit` (README "Scale out").
nats-server: mod
	$(GO) build -trimpath -o bin/nats-server github.com/nats-io/nats-server/v2

run: deps build
	bin/tingzhen serve --addr $(ADDR) --data ./data

# PYTHON runs training/'s tests: Debian's /usr/bin/python3 (the one deps-py gives torch) when
# present, else python3. The torch-free tests always run; the torch ones skip without torch.
PYTHON ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
test-py:
	OMP_NUM_THREADS=1 PYTHONDONTWRITEBYTECODE=1 $(PYTHON) -m unittest discover -s training -p 'test_*.py'

test: deps audio-tools deps-py test-py
	$(GO) vet ./...
	$(GO) test -count=1 $$($(GO) list ./... | grep -v -e /engine -e /model -e /calls -e /kg -e /store -e /server -e /jobs -e /tasks -e /insights -e /scale -e /record$$)
	$(GO) test -count=1 -race $(RACE_PKGS)

test-fast: deps
	$(GO) test ./...

bench: deps
	$(GO) test -run '^$$' -bench . -benchmem ./engine/... ./kg/... ./store/... ./insights/...

clean:
	rm -rf bin .make
