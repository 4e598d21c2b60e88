package jobs

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunCorruptGzip: a gzip input whose stream fails to decode or fails its CRC-32 is
// refused whole with one file_error (bad_gzip): none of its records reach results.jsonl
// (they used to be analysed as successes, garbage included), the good file beside it is
// analysed, and the file counts as failed. The intact gzip is read normally.
func TestRunCorruptGzip(t *testing.T) {
	var plain bytes.Buffer
	texts := []string{"快递太慢了，等了一个星期", "客服态度很好，耐心解答", "包装破损，商品有划痕", "价格实惠，质量不错", "退款流程太复杂了"}
	// Over 64 KiB decoded, so that the corruption lies past what opening the file decodes
	// to sniff its encoding.
	for i := 0; plain.Len() < 150<<10; i++ {
		fmt.Fprintf(&plain, "{\"id\":\"z%d\",\"text\":\"%s（第%d条）\"}\n", i, strings.Repeat(texts[i%len(texts)], 8), i)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain.Bytes())
	zw.Close()
	good := gz.Bytes()
	n := bytes.Count(plain.Bytes(), []byte("\n"))
	corrupt := func(mod func(b []byte) []byte) []byte { return mod(append([]byte(nil), good...)) }
	f := func(name string, data []byte, wantFail bool) {
		t.Helper()
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "a.jsonl.gz"), data, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "b_good.csv"), []byte(goodCSV), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "out")
			res, err := runWithin(t, Spec{Inputs: []string{dir}, Output: out, ChunkSize: 16}, 120*time.Second)
			if err != nil {
				t.Fatalf("job stopped: %v", err)
			}
			fromGz := 0
			for _, r := range jsonLines(t, filepath.Join(out, ResultsFile)) {
				if strings.HasPrefix(r["id"].(string), "z") || strings.Contains(r["id"].(string), "a.jsonl.gz") {
					fromGz++
				}
			}
			errs := jsonLines(t, filepath.Join(out, ErrorsFile))
			if !wantFail {
				if fromGz != n || len(errs) != 0 || res.State.FailedFiles != 0 {
					t.Errorf("intact gzip: %d results from it, errors %v, failed files %d; want %d, none, 0", fromGz, errs, res.State.FailedFiles, n)
				}
				return
			}
			if fromGz != 0 {
				t.Errorf("%d results from the corrupt gzip, want none", fromGz)
			}
			if res.State.Records != 3 || res.State.Failed != 0 || res.State.FailedFiles != 1 {
				t.Errorf("records/failed/failed files = %d/%d/%d, want 3/0/1", res.State.Records, res.State.Failed, res.State.FailedFiles)
			}
			if len(errs) != 1 || errs[0]["code"] != "file_error" || firstCode(errs[0]["reason"].(string)) != "bad_gzip" ||
				!strings.HasSuffix(errs[0]["file"].(string), "a.jsonl.gz") {
				t.Errorf("errors.jsonl = %v, want one bad_gzip file_error for a.jsonl.gz", errs)
			}
		})
	}
	f("intact", good, false)
	f("crc flipped", corrupt(func(b []byte) []byte { b[len(b)-8] ^= 0xff; return b }), true)
	f("length flipped", corrupt(func(b []byte) []byte { b[len(b)-1] ^= 0x01; return b }), true)
	f("body byte flipped", corrupt(func(b []byte) []byte { b[len(b)/2] ^= 0xff; return b }), true)
	f("truncated", corrupt(func(b []byte) []byte { return b[:len(b)*3/4] }), true)
	f("trailing garbage", corrupt(func(b []byte) []byte { return append(b, "垃圾数据"...) }), true)
}
