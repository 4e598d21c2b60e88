package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/model/infer"
)

// TestDeviceCUDAErrors: `analyze --device cuda` on a machine that lacks a piece stops with
// exit 2 and one line naming it: the provider (with `make deps-cuda`) for the real core
// library alone in a folder; the CUDA runtime libraries for the real provider installed by
// `make deps-cuda ORT_DIR=tmp/ort-cuda` (skipped when absent, or on a CUDA machine).
func TestDeviceCUDAErrors(t *testing.T) {
	core, err := infer.FindLibrary("", "../..")
	if err != nil {
		t.Skip(err)
	}
	alone := filepath.Join(t.TempDir(), "libonnxruntime.so."+infer.ORTVersion)
	if err := os.Symlink(core, alone); err != nil {
		t.Fatal(err)
	}
	f := func(lib, want string) {
		t.Helper()
		code, stdout, stderr := runCLI(t, "analyze", "--device", "cuda", "--ort-lib", lib, "物流太慢了")
		if code != exitUsage || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "tingzhen: --device cuda: ") || !strings.Contains(stderr, want) {
			t.Fatalf("exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", code, stdout, stderr, want)
		}
	}
	f(alone, "CUDA execution provider is not installed beside libonnxruntime.so."+infer.ORTVersion+" (missing libonnxruntime_providers_shared.so, libonnxruntime_providers_cuda.so in "+filepath.Dir(alone)+"); run `make deps-cuda`")

	withProvider := "../../tmp/ort-cuda/libonnxruntime.so." + infer.ORTVersion
	if _, err := os.Stat("../../tmp/ort-cuda/libonnxruntime_providers_cuda.so"); err != nil {
		t.Skip("no CUDA provider in tmp/ort-cuda: run `make deps-cuda ORT_DIR=tmp/ort-cuda` to test the runtime-library sentence")
	}
	if _, err := infer.CheckCUDA(withProvider); err == nil {
		t.Skip("CUDA works on this machine")
	}
	f(withProvider, "CUDA runtime libraries not found: libcudart.so.13")
}
