package insights

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strconv"

	badger "github.com/dgraph-io/badger/v4"
)

// DriversQuery asks which indicators move overall (record-level) sentiment. The filter's
// period, industry and dimensions select the records; its indicator and department are not
// used (every indicator is a candidate driver).
type DriversQuery struct {
	Filter
	Target     string  // negative (default): what makes a record negative; positive: what makes it positive
	Lambda     float64 // L2 penalty on the coefficients (not the intercept); default DefaultLambda
	MinSupport int     // records a feature needs; default DefaultMinSupport
}

// Driver is one feature of the model: an indicator judged with one polarity in a record.
type Driver struct {
	Indicator string  `json:"indicator"`
	Name      string  `json:"name"`
	Polarity  string  `json:"polarity"`    // the indicator verdict: negative | positive
	Coef      float64 `json:"coef"`        // log-odds of the target when the record has this verdict
	OddsRatio float64 `json:"odds_ratio"`  // exp(coef)
	Support   int     `json:"support"`     // records with this verdict
	Rate      float64 `json:"target_rate"` // share of those records with the target sentiment
}

// DriversResult is Drivers' answer.
type DriversResult struct {
	Target     string   `json:"target"`
	Model      string   `json:"model"`
	Records    int      `json:"records"`     // records with a known sentiment
	Rate       float64  `json:"target_rate"` // share of them with the target sentiment
	Intercept  float64  `json:"intercept"`
	Lambda     float64  `json:"lambda"`
	Iterations int      `json:"iterations"`
	LogLoss    float64  `json:"log_loss"` // mean, at the fit
	Drivers    []Driver `json:"drivers"`  // strongest push towards the target first
}

// Drivers fits an L2-regularised logistic regression of record sentiment (target vs the
// rest; records without a sentiment are left out) on indicator-verdict indicators (one
// 0/1 feature per indicator × {negative, positive} with at least MinSupport records), by
// Newton's method, and returns the coefficients with their support.
func (s *Store) Drivers(ctx context.Context, q DriversQuery) (DriversResult, error) {
	if q.Target == "" {
		q.Target = "negative"
	}
	if q.Target != "negative" && q.Target != "positive" {
		return DriversResult{}, badf("insights drivers: target %q: not negative or positive", q.Target)
	}
	if q.Lambda <= 0 {
		q.Lambda = DefaultLambda
	}
	if q.MinSupport <= 0 {
		q.MinSupport = DefaultMinSupport
	}
	rows, err := s.driverRows(ctx, &q.Filter)
	if err != nil {
		return DriversResult{}, fmt.Errorf("insights drivers: %w", err)
	}
	target := polCode(q.Target)
	res := DriversResult{Target: q.Target, Lambda: q.Lambda, Drivers: []Driver{},
		Model: "logistic regression, L2 penalty lambda on coefficients (intercept free), Newton's method; features: indicator verdict negative/positive (0/1)"}
	// Features by support.
	support := map[string]int{}
	for _, r := range rows {
		for _, f := range r.feats {
			support[f]++
		}
	}
	var feats []string
	for f, n := range support {
		if n >= q.MinSupport {
			feats = append(feats, f)
		}
	}
	sort.Strings(feats)
	col := map[string]int{}
	for i, f := range feats {
		col[f] = i
	}
	X := make([][]int, len(rows)) // active feature columns per record
	y := make([]float64, len(rows))
	pos := 0
	for i, r := range rows {
		for _, f := range r.feats {
			if j, ok := col[f]; ok {
				X[i] = append(X[i], j)
			}
		}
		if r.sent == target {
			y[i] = 1
			pos++
		}
	}
	res.Records = len(rows)
	if len(rows) == 0 {
		return res, nil
	}
	res.Rate = round4(float64(pos) / float64(len(rows)))
	w, b, iters, loss := fitLogistic(X, y, len(feats), q.Lambda)
	res.Intercept, res.Iterations, res.LogLoss = round4(b), iters, round4(loss)
	hits := make([]int, len(feats))
	for i := range X {
		for _, j := range X[i] {
			if y[i] == 1 {
				hits[j]++
			}
		}
	}
	for j, f := range feats {
		ind, pol := f[:len(f)-2], f[len(f)-1:]
		d := Driver{Indicator: ind, Name: s.kindName(q.Industry, "indicator", ind), Polarity: map[string]string{"n": "negative", "p": "positive"}[pol],
			Coef: round4(w[j]), OddsRatio: round4(math.Exp(w[j])), Support: support[f], Rate: round4(float64(hits[j]) / float64(support[f]))}
		res.Drivers = append(res.Drivers, d)
	}
	sort.Slice(res.Drivers, func(i, j int) bool {
		if res.Drivers[i].Coef != res.Drivers[j].Coef {
			return res.Drivers[i].Coef > res.Drivers[j].Coef
		}
		return res.Drivers[i].Indicator < res.Drivers[j].Indicator
	})
	return res, nil
}

type driverRec struct {
	sent  uint8
	feats []string // "<indicator>/n" | "<indicator>/p"
}

// driverRows reads the per-record rows of the filter's period and dimensions.
func (s *Store) driverRows(ctx context.Context, f *Filter) ([]driverRec, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	lo, hi := s.dayRange(f)
	tags := normTags(f.Dims.Tags)
	inds := s.industries(f)
	intern := interner{}
	featName := map[string][2]string{}
	var out []driverRec
	err := s.db.View(func(txn *badger.Txn) error {
		for _, in := range inds {
			pre := []byte(kIndex + in + "/")
			it := txn.NewIterator(badger.IteratorOptions{Prefix: pre, PrefetchValues: true, PrefetchSize: 256})
			seek := append([]byte{}, pre...)
			if lo > 0 {
				seek = append(seek, strconv.Itoa(lo)...)
			}
			n := 0
			for it.Seek(seek); it.ValidForPrefix(pre); it.Next() {
				if n++; n%4096 == 0 {
					if err := ctx.Err(); err != nil {
						it.Close()
						return err
					}
				}
				k := it.Item().Key()[len(pre):]
				if len(k) < 13 {
					continue
				}
				d, err := strconv.Atoi(string(k[:8]))
				if err != nil {
					continue
				}
				if d > hi {
					break
				}
				c := s.combo(binary.BigEndian.Uint32(k[9:13]), nil)
				if c == nil || !matchDims(&c.Dims, &f.Dims, tags) {
					continue
				}
				var r driverRec
				err = it.Item().Value(func(v []byte) error {
					sent, _, vs, err := parseDriverRow(v, intern)
					if err != nil {
						return err
					}
					r.sent = sent
					for _, x := range vs {
						names, ok := featName[x.ind]
						if !ok {
							names = [2]string{x.ind + "/n", x.ind + "/p"}
							featName[x.ind] = names
						}
						switch x.pol {
						case polNegative:
							r.feats = append(r.feats, names[0])
						case polPositive:
							r.feats = append(r.feats, names[1])
						}
					}
					return nil
				})
				if err != nil {
					it.Close()
					return fmt.Errorf("index %q: %w", k, err)
				}
				if r.sent != polNone {
					out = append(out, r)
				}
			}
			it.Close()
		}
		return nil
	})
	return out, err
}

// fitLogistic minimises mean log-loss + lambda/(2n)·|w|² over w and a free intercept b by
// Newton's method on sparse 0/1 features (X[i] lists record i's active columns). It stops
// when the largest step is under 1e-8 or after 50 iterations.
func fitLogistic(X [][]int, y []float64, d int, lambda float64) (w []float64, b float64, iters int, loss float64) {
	n := float64(len(y))
	w = make([]float64, d)
	m := d + 1 // intercept last
	for iters = 1; iters <= 50; iters++ {
		g := make([]float64, m)
		H := make([]float64, m*m)
		for i, cols := range X {
			z := b
			for _, j := range cols {
				z += w[j]
			}
			p := sigmoid(z)
			r := p - y[i]
			h := p * (1 - p)
			for _, j := range cols {
				g[j] += r
				for _, k := range cols {
					H[j*m+k] += h
				}
				H[j*m+d] += h
				H[d*m+j] += h
			}
			g[d] += r
			H[d*m+d] += h
		}
		for j := 0; j < m; j++ {
			g[j] /= n
			for k := 0; k < m; k++ {
				H[j*m+k] /= n
			}
		}
		for j := 0; j < d; j++ {
			g[j] += lambda / n * w[j]
			H[j*m+j] += lambda / n
		}
		H[d*m+d] += 1e-12
		step, ok := solveSPD(H, g, m)
		if !ok {
			break
		}
		maxStep := 0.0
		for j := 0; j < d; j++ {
			w[j] -= step[j]
			maxStep = math.Max(maxStep, math.Abs(step[j]))
		}
		b -= step[d]
		maxStep = math.Max(maxStep, math.Abs(step[d]))
		if maxStep < 1e-8 {
			break
		}
	}
	iters = min(iters, 50)
	for i, cols := range X {
		z := b
		for _, j := range cols {
			z += w[j]
		}
		p := math.Min(math.Max(sigmoid(z), 1e-15), 1-1e-15)
		loss -= y[i]*math.Log(p) + (1-y[i])*math.Log(1-p)
	}
	return w, b, iters, loss / n
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// solveSPD solves A x = v for a symmetric positive definite m×m A by Cholesky.
func solveSPD(A, v []float64, m int) ([]float64, bool) {
	L := make([]float64, m*m)
	for i := 0; i < m; i++ {
		for j := 0; j <= i; j++ {
			sum := A[i*m+j]
			for k := 0; k < j; k++ {
				sum -= L[i*m+k] * L[j*m+k]
			}
			if i == j {
				if sum <= 0 {
					return nil, false
				}
				L[i*m+i] = math.Sqrt(sum)
			} else {
				L[i*m+j] = sum / L[j*m+j]
			}
		}
	}
	x := make([]float64, m)
	for i := 0; i < m; i++ { // L z = v
		sum := v[i]
		for k := 0; k < i; k++ {
			sum -= L[i*m+k] * x[k]
		}
		x[i] = sum / L[i*m+i]
	}
	for i := m - 1; i >= 0; i-- { // Lᵀ x = z
		sum := x[i]
		for k := i + 1; k < m; k++ {
			sum -= L[k*m+i] * x[k]
		}
		x[i] = sum / L[i*m+i]
	}
	return x, true
}
