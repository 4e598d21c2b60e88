package aspect_test

import (
	"reflect"
	"testing"

	"github.com/tingzhen/tingzhen/model/aspect"
)

// TestDecodeCellsEqualsDecode: decoding from only the cells Cells lists gives Decode's
// triplets on the full grid, for every reference sentence (model.Triplets computes only
// those cells); the cells are the implicit row and each aspect start, per opinion start.
func TestDecodeCellsEqualsDecode(t *testing.T) {
	d := loadDecoder(t)
	for _, r := range loadReference(t) {
		outs, shapes := cropped(r)
		want, err := d.Decode(outs, shapes, []int{r.SeqLen})
		if err != nil {
			t.Fatal(err)
		}
		n := r.SeqLen
		asp, op, grid := outs["aspect_probs"], outs["opinion_probs"], outs["pair_probs"]
		cells := d.Cells(nil, asp, op, n)
		read := map[aspect.Cell]bool{}
		got, err := d.DecodeCells(asp, op, n, func(row, col int) []float32 {
			read[aspect.Cell{Row: row, Col: col}] = true
			return grid[(row*n+col)*4 : (row*n+col+1)*4]
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want[0]) {
			t.Errorf("%s: DecodeCells %+v, Decode %+v", r.Text, got, want[0])
		}
		listed := map[aspect.Cell]bool{}
		for _, c := range cells {
			if listed[c] {
				t.Errorf("%s: cell %+v listed twice", r.Text, c)
			}
			listed[c] = true
		}
		if !reflect.DeepEqual(read, listed) && len(read)+len(listed) > 0 {
			t.Errorf("%s: decoding read cells %v, Cells listed %v", r.Text, read, cells)
		}
	}
}

// TestDecodeCellsMalformed: lengths that do not fit fail; a cell the caller cannot give
// (nil) is no triplet.
func TestDecodeCellsMalformed(t *testing.T) {
	d := loadDecoder(t)
	r := loadReference(t)[0]
	outs, _ := cropped(r)
	asp, op := outs["aspect_probs"], outs["opinion_probs"]
	none := func(int, int) []float32 { return nil }
	f := func(asp, op []float32, n int, wantErr bool) {
		t.Helper()
		_, err := d.DecodeCells(asp, op, n, none)
		if (err != nil) != wantErr {
			t.Errorf("n %d, %d and %d tag values: error %v, want error %v", n, len(asp), len(op), err, wantErr)
		}
	}
	f(asp, op, r.SeqLen, false)
	f(asp, op, 1, true)
	f(asp, op, r.SeqLen+1, true)
	f(asp, op[:len(op)-3], r.SeqLen-1, true)
	f(asp[:len(asp)-1], op[:len(op)-1], 2, true)
	got, _ := d.DecodeCells(asp, op, r.SeqLen, none)
	for _, tr := range got {
		if !tr.Bare() {
			t.Errorf("triplet %+v without any pair cell", tr)
		}
	}
}
