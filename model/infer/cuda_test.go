package infer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// coreLib is the real ONNX Runtime library the package's tests run on.
func coreLib(t *testing.T) string {
	t.Helper()
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.lib == "" {
		t.Skip("no ONNX Runtime library acquired")
	}
	return rt.lib
}

// cudaProviderDir is a folder where `make deps-cuda` installed the real CUDA provider beside
// the core library: $TINGZHEN_ORT_CUDA_DIR, the test library's own folder, or the repository's
// tmp/ort-cuda (`make deps-cuda ORT_DIR=tmp/ort-cuda`). "" when there is none.
func cudaProviderDir(t *testing.T) string {
	t.Helper()
	for _, d := range []string{os.Getenv("TINGZHEN_ORT_CUDA_DIR"), filepath.Dir(coreLib(t)), "../../tmp/ort-cuda"} {
		if d == "" {
			continue
		}
		ok := true
		for _, f := range append([]string{"libonnxruntime.so." + ORTVersion}, CUDAProviderFiles...) {
			if _, err := os.Stat(filepath.Join(d, f)); err != nil {
				ok = false
			}
		}
		if ok {
			return d
		}
	}
	return ""
}

// TestCUDAProviderMissing: the real core library alone in a folder (no provider files beside
// it) gives the one sentence that names the missing files and `make deps-cuda`, before ORT is
// asked; through CheckDevice too.
func TestCUDAProviderMissing(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "libonnxruntime.so."+ORTVersion)
	if err := os.Symlink(coreLib(t), lib); err != nil {
		t.Fatal(err)
	}
	_, err := CheckCUDA(lib)
	var de *DeviceError
	if !errors.As(err, &de) || !errors.Is(err, ErrCUDAProviderMissing) {
		t.Fatalf("CheckCUDA = %v; want a DeviceError wrapping ErrCUDAProviderMissing", err)
	}
	msg := err.Error()
	for _, want := range []string{"make deps-cuda", "libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so", dir} {
		if !strings.Contains(msg, want) {
			t.Errorf("sentence %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("sentence spans lines: %q", msg)
	}
	if err := CheckDevice("cuda", lib); !errors.Is(err, ErrCUDAProviderMissing) {
		t.Errorf("CheckDevice(cuda) = %v", err)
	}
	f := func(device string, wantErr bool) {
		t.Helper()
		if err := CheckDevice(device, lib); (err != nil) != wantErr {
			t.Errorf("CheckDevice(%q) = %v; want error %v", device, err, wantErr)
		}
	}
	f("", false)
	f("cpu", false)
	f("gpu", true)
	f("cuda", true)
}

// TestNewSessionCUDAWithoutProvider: a session asked for cuda on the test library gives the
// provider sentence instead of ORT's "Failed to load library" (when that folder has no provider).
func TestNewSessionCUDAWithoutProvider(t *testing.T) {
	if _, err := os.Stat(filepath.Join(filepath.Dir(coreLib(t)), "libonnxruntime_providers_cuda.so")); err == nil {
		t.Skip("the test library's folder has the CUDA provider installed")
	}
	_, err := NewSession("../../models/sentiment-zh/model.onnx", []string{"input_ids", "attention_mask"}, []string{"probs"}, Options{Device: "cuda"})
	if !errors.Is(err, ErrCUDAProviderMissing) || !strings.Contains(err.Error(), "make deps-cuda") {
		t.Fatalf("NewSession(cuda) = %v; want the provider-missing sentence", err)
	}
}

// TestCUDARuntimeLibsMissing: with the real provider installed by `make deps-cuda` and no
// CUDA 13 runtime on this machine, the sentence names the runtime libraries that are missing.
func TestCUDARuntimeLibsMissing(t *testing.T) {
	dir := cudaProviderDir(t)
	if dir == "" {
		t.Skip("no CUDA provider installed: run `make deps-cuda ORT_DIR=tmp/ort-cuda` (or set TINGZHEN_ORT_CUDA_DIR) to test with the real one")
	}
	if ok, _ := dlopenable(dir, "libcudart.so.13"); ok {
		t.Skip("libcudart.so.13 loads on this machine: a CUDA machine")
	}
	_, err := CheckCUDA(filepath.Join(dir, "libonnxruntime.so."+ORTVersion))
	if !errors.Is(err, ErrCUDALibsMissing) {
		t.Fatalf("CheckCUDA = %v; want ErrCUDALibsMissing", err)
	}
	for _, want := range []string{"libcudart.so.13", "LD_LIBRARY_PATH", dir} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("sentence %q lacks %q", err, want)
		}
	}
	if lines := Devices(filepath.Join(dir, "libonnxruntime.so."+ORTVersion)); len(lines) != 2 || !strings.Contains(lines[1], "unavailable: CUDA runtime libraries not found") {
		t.Errorf("Devices = %q", lines)
	}
}

// TestNoGPUVisible: on a machine without an NVIDIA driver the GPU check says so, naming the
// driver library and the /dev/nvidia* device files.
func TestNoGPUVisible(t *testing.T) {
	if ok, _ := dlopenable("", CUDADriverLib); ok {
		t.Skip(CUDADriverLib + " loads here: a machine with an NVIDIA driver")
	}
	_, err := checkGPU()
	if !errors.Is(err, ErrNoGPU) {
		t.Fatalf("checkGPU = %v; want ErrNoGPU", err)
	}
	for _, want := range []string{"no NVIDIA GPU visible", CUDADriverLib, "/dev/nvidia*"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("sentence %q lacks %q", err, want)
		}
	}
}

// TestDlopenable: a library file in the given folder is loaded from there; a name the loader
// cannot find is reported with the loader's message.
func TestDlopenable(t *testing.T) {
	dir := filepath.Dir(coreLib(t))
	f := func(dir, name string, want bool) {
		t.Helper()
		ok, msg := dlopenable(dir, name)
		if ok != want {
			t.Errorf("dlopenable(%q, %q) = %v (%s); want %v", dir, name, ok, msg, want)
		}
		if !ok && msg == "" {
			t.Errorf("dlopenable(%q, %q): no loader message", dir, name)
		}
	}
	f(dir, filepath.Base(coreLib(t)), true)
	f("", "libc.so.6", true)
	f("", "libtingzhen-not-a-library.so.99", false)
	f(dir, "libtingzhen-not-a-library.so.99", false)
}
