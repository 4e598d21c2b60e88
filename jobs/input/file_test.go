package input

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestOpenRefusesBadFiles: special files, dangling links and corrupt gzip come back from
// Open at once (never blocking) as an *Error with their code; good files open.
func TestOpenRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	for i := 0; i < 4000; i++ {
		zw.Write([]byte("{\"text\":\"物流很快，包装完好，客服回复及时\"}\n"))
	}
	zw.Close()
	badGz := append([]byte(nil), gz.Bytes()...)
	badGz[len(badGz)-8] ^= 0xff // CRC-32
	f := func(name string, mk func(p string) error, wantCode string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := mk(p); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r, err := Open(p, Options{}, Position{})
		if wantCode == "" {
			if err != nil {
				t.Errorf("%s: %v", name, err)
			} else {
				r.Close()
			}
			return
		}
		var ie *Error
		if !errors.As(err, &ie) || ie.Code != wantCode {
			t.Errorf("%s: error %v, want code %s", name, err, wantCode)
		}
		if r != nil {
			r.Close()
		}
	}
	write := func(b []byte) func(string) error { return func(p string) error { return os.WriteFile(p, b, 0o644) } }
	f("ok.csv", write([]byte("评论\n很好\n")), "")
	f("ok.jsonl.gz", write(gz.Bytes()), "")
	f("fifo.csv", func(p string) error { return syscall.Mkfifo(p, 0o644) }, CodeNotRegular)
	f("dir.csv", func(p string) error { return os.Mkdir(p, 0o755) }, CodeNotRegular)
	f("link.csv", func(p string) error { return os.Symlink(p+".gone", p) }, CodeBrokenSymlink)
	f("crc.jsonl.gz", write(badGz), CodeBadGzip)
	f("cut.jsonl.gz", write(gz.Bytes()[:len(gz.Bytes())-20]), CodeBadGzip)
	f("header.jsonl.gz", write([]byte{0x1f, 0x8b, 0x00}), CodeBadGzip)
	if r, err := Open("/dev/null", Options{}, Position{}); err == nil || !errors.As(err, new(*Error)) {
		t.Errorf("/dev/null: %v, want not_regular_file", err)
		if r != nil {
			r.Close()
		}
	}
}
