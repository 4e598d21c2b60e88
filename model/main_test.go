package model

import (
	"errors"
	"os"
	"testing"

	"github.com/tingzhen/tingzhen/model/infer"
)

// ortOpt is the Options of the tests: the ONNX Runtime of the repository (make deps).
var ortOpt = Options{Home: "..", Workers: 2}

// haveORT is false when no ONNX Runtime library is installed: tests that run a model skip.
var haveORT bool

func TestMain(m *testing.M) {
	_, err := infer.FindLibrary("", "..")
	switch {
	case errors.Is(err, infer.ErrLibraryNotFound) && os.Getenv("TINGZHEN_ORT_LIB") == "":
		println("model tests that run a model skip:", err.Error())
	case err != nil:
		println(err.Error())
		os.Exit(1)
	default:
		haveORT = true
	}
	os.Exit(m.Run())
}

// open opens models/name for a test and closes it at the end.
func open(t testing.TB, name string) *Model {
	t.Helper()
	if !haveORT {
		t.Skip("no ONNX Runtime library (make deps)")
	}
	m, err := Open("../models/"+name, ortOpt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	return m
}
