package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/tingzhen/tingzhen/model/infer"
)

// printDevices writes the devices and ONNX Runtime execution providers this machine can use
// with the library --ort-lib / TINGZHEN_ORT_LIB / HOME/third_party/ort finds, one per line,
// after the build line of `tingzhen version` and `tingzhen --version`. It loads no model and
// does not start ONNX Runtime: the CUDA line comes from infer.CheckCUDA's file and dlopen checks.
func printDevices(w io.Writer, ortLib, home string) {
	lines := []string{"cpu (CPUExecutionProvider): available"}
	lib, err := infer.FindLibrary(ortLib, home)
	switch {
	case errors.Is(err, infer.ErrLibraryNotFound):
		lines = append(lines, "cuda (CUDAExecutionProvider): unknown: ONNX Runtime library not found (run `make deps`, or set TINGZHEN_ORT_LIB)")
	case err != nil:
		lines = append(lines, "cuda (CUDAExecutionProvider): unknown: "+err.Error())
	default:
		lines = infer.Devices(lib)
	}
	for i, l := range lines {
		key := ""
		if i == 0 {
			key = "devices"
		}
		fmt.Fprintf(w, "%-16s %s\n", key, l)
	}
}
