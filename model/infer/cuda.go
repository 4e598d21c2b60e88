package infer

// Checks made before ONNX Runtime is asked for its CUDA execution provider, so that a missing
// piece is reported in one sentence that names it, instead of ORT's raw loader message
// ("Failed to load library …/libonnxruntime_providers_shared.so"). The order is the order a
// user fixes them in: the provider files (make deps-cuda), the CUDA/cuDNN runtime libraries,
// then the GPU and its driver.

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>

#include <string.h>

// tz_dlopen opens path; on failure it copies dlerror() into err within the same C call
// (dlerror is per thread, and Go may move the goroutine between two cgo calls).
static void *tz_dlopen(const char *path, char *err, int n) {
	void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		strncpy(err, e ? e : "unknown dlopen error", n - 1);
		err[n - 1] = 0;
	}
	return h;
}
static int tz_dlclose(void *h) { return dlclose(h); }

typedef int (*tz_cu_init)(unsigned int);
typedef int (*tz_cu_int)(int *);
typedef int (*tz_cu_get)(int *, int);
typedef int (*tz_cu_name)(char *, int, int);

// tz_cuda_probe calls the driver API through the loaded libcuda.so.1: cuInit, then the
// driver's CUDA version, the device count and device 0's name. Returns the first failing
// CUresult (0 when all succeed) and -1 when a symbol is missing.
static int tz_cuda_probe(void *h, int *version, int *count, char *name, int n) {
	tz_cu_init init = (tz_cu_init)dlsym(h, "cuInit");
	tz_cu_int ver = (tz_cu_int)dlsym(h, "cuDriverGetVersion");
	tz_cu_int cnt = (tz_cu_int)dlsym(h, "cuDeviceGetCount");
	tz_cu_get get = (tz_cu_get)dlsym(h, "cuDeviceGet");
	tz_cu_name nm = (tz_cu_name)dlsym(h, "cuDeviceGetName");
	if (!init || !ver || !cnt || !get || !nm) return -1;
	int rc = ver(version);
	if (rc) return rc;
	rc = init(0);
	if (rc) return rc;
	rc = cnt(count);
	if (rc || *count == 0) return rc;
	int dev = 0;
	rc = get(&dev, 0);
	if (rc) return rc;
	return nm(name, n, dev);
}
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"
)

// Reasons a CUDA device cannot be used; DeviceError wraps one of them.
var (
	ErrCUDAProviderMissing = errors.New("CUDA execution provider not installed")
	ErrCUDALibsMissing     = errors.New("CUDA runtime libraries not found")
	ErrNoGPU               = errors.New("no NVIDIA GPU visible")
)

// DeviceError is one sentence saying what is missing for a device and what to do about it.
// errors.Is matches its Reason (ErrCUDAProviderMissing, ErrCUDALibsMissing, ErrNoGPU).
type DeviceError struct {
	Reason   error
	Sentence string
}

func (e *DeviceError) Error() string { return e.Sentence }
func (e *DeviceError) Unwrap() error { return e.Reason }

// CUDAProviderFiles are the files `make deps-cuda` puts beside libonnxruntime.so.
var CUDAProviderFiles = []string{"libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so"}

// CUDARuntimeLibs are the libraries the CUDA provider (ORT 1.29.0, CUDA 13 build) loads at
// run time besides the driver: its NEEDED entries and cuDNN 9, which it opens itself.
var CUDARuntimeLibs = []string{"libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9"}

// CUDADriverLib is the NVIDIA driver's user-space library.
const CUDADriverLib = "libcuda.so.1"

// GPU describes the CUDA device CheckCUDA found.
type GPU struct {
	Name          string // device 0's name
	Count         int    // devices visible
	DriverVersion int    // CUDA version the driver supports, as 13000 for 13.0
}

// libs found in the ORT folder stay loaded for the life of the process: the provider's NEEDED
// entries then resolve to them (the loader matches a loaded object's soname) without
// LD_LIBRARY_PATH.
var keptLibs sync.Map

// dlopenable reports whether the dynamic loader can load name: from dir when a file of that
// name is there (kept loaded), else through the loader's own search (LD_LIBRARY_PATH,
// ldconfig's cache, the default folders), closed again afterwards.
func dlopenable(dir, name string) (bool, string) {
	path := name
	keep := false
	if dir != "" {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			path, keep = filepath.Join(dir, name), true
		}
	}
	if _, ok := keptLibs.Load(path); ok {
		return true, ""
	}
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	var msg [512]C.char
	h := C.tz_dlopen(cs, &msg[0], C.int(len(msg)))
	if h == nil {
		return false, C.GoString(&msg[0])
	}
	if keep {
		keptLibs.Store(path, true)
	} else {
		C.tz_dlclose(h)
	}
	return true, ""
}

// CheckCUDA says whether --device cuda can work with the ONNX Runtime library lib, before ORT
// is asked: the provider files beside lib, then every CUDA/cuDNN runtime library
// (CUDARuntimeLibs, looked up in lib's folder and through the dynamic loader), then a GPU
// (the driver library libcuda.so.1 loads, cuInit succeeds and counts at least one device).
// The error is a *DeviceError of one sentence naming what is missing.
func CheckCUDA(lib string) (GPU, error) {
	dir := filepath.Dir(lib)
	var missing []string
	for _, f := range CUDAProviderFiles {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return GPU{}, &DeviceError{ErrCUDAProviderMissing, fmt.Sprintf(
			"--device cuda: ONNX Runtime's CUDA execution provider is not installed beside %s (missing %s in %s); run `make deps-cuda` in the tingzhen repository",
			filepath.Base(lib), strings.Join(missing, ", "), dir)}
	}
	var notFound, broken []string
	for _, name := range CUDARuntimeLibs {
		ok, msg := dlopenable(dir, name)
		switch {
		case ok:
		case strings.Contains(msg, "No such file") || strings.Contains(msg, "cannot open shared object"):
			notFound = append(notFound, name)
		default:
			broken = append(broken, fmt.Sprintf("%s (%s)", name, msg))
		}
	}
	if len(notFound)+len(broken) > 0 {
		return GPU{}, &DeviceError{ErrCUDALibsMissing, fmt.Sprintf(
			"--device cuda: CUDA runtime libraries not found: %s (looked up in %s and through LD_LIBRARY_PATH and the system library path); install CUDA 13 and cuDNN 9 and put their lib folders on LD_LIBRARY_PATH",
			strings.Join(append(notFound, broken...), ", "), dir)}
	}
	return checkGPU()
}

// checkGPU says whether a GPU is visible: the driver library loads, cuInit succeeds and the
// driver counts at least one device; the error sentence also says how many /dev/nvidia*
// device files there are.
func checkGPU() (GPU, error) {
	devs, _ := filepath.Glob("/dev/nvidia[0-9]*")
	devNote := fmt.Sprintf("%d /dev/nvidia* GPU device files", len(devs))
	if len(devs) == 0 {
		devNote = "no /dev/nvidia* GPU device file"
	}
	cs := C.CString(CUDADriverLib)
	defer C.free(unsafe.Pointer(cs))
	var msg [512]C.char
	h := C.tz_dlopen(cs, &msg[0], C.int(len(msg)))
	if h == nil {
		return GPU{}, &DeviceError{ErrNoGPU, fmt.Sprintf(
			"--device cuda: no NVIDIA GPU visible: %s and the driver library %s cannot be loaded (%s)",
			devNote, CUDADriverLib, C.GoString(&msg[0]))}
	}
	defer C.tz_dlclose(h)
	var ver, count C.int
	var name [256]C.char
	if rc := C.tz_cuda_probe(h, &ver, &count, &name[0], C.int(len(name))); rc != 0 || count == 0 {
		why := fmt.Sprintf("the driver's cuInit/cuDeviceGetCount returned CUresult %d", int(rc))
		if rc == 0 {
			why = "the driver counts 0 devices"
		} else if rc == -1 {
			why = CUDADriverLib + " lacks the driver API symbols"
		}
		return GPU{}, &DeviceError{ErrNoGPU, fmt.Sprintf("--device cuda: no NVIDIA GPU visible: %s, %s", why, devNote)}
	}
	return GPU{Name: C.GoString(&name[0]), Count: int(count), DriverVersion: int(ver)}, nil
}

// CheckDevice checks device before any session is made: nothing for "cpu" (or ""),
// CheckCUDA for "cuda", an error naming the choices otherwise.
func CheckDevice(device, lib string) error {
	switch device {
	case "", "cpu":
		return nil
	case "cuda":
		_, err := CheckCUDA(lib)
		return err
	}
	return fmt.Errorf("unknown device %q (want cpu or cuda)", device)
}

// Devices lists, one line each, the devices and execution providers lib can use here: CPU
// always, CUDA with its GPU or the sentence saying what is missing.
func Devices(lib string) []string {
	out := []string{"cpu (CPUExecutionProvider): available"}
	g, err := CheckCUDA(lib)
	if err != nil {
		return append(out, "cuda (CUDAExecutionProvider): unavailable: "+strings.TrimPrefix(err.Error(), "--device cuda: "))
	}
	return append(out, fmt.Sprintf("cuda (CUDAExecutionProvider): available: %d GPU(s), device 0 %s, driver CUDA %d.%d",
		g.Count, g.Name, g.DriverVersion/1000, g.DriverVersion%1000/10))
}
