package jobs

import "github.com/prometheus/client_golang/prometheus"

// managerMetrics count a Manager's jobs, for a Prometheus registry (Manager.Collectors;
// the server registers them beside its own).
type managerMetrics struct {
	started  prometheus.Counter
	finished *prometheus.CounterVec // status
	records  *prometheus.CounterVec // result: ok, failed
	bytes    prometheus.Counter
}

func newManagerMetrics() *managerMetrics {
	m := &managerMetrics{
		started: prometheus.NewCounter(prometheus.CounterOpts{Name: "tingzhen_jobs_started_total",
			Help: "Bulk jobs started (a resumed job counts again)."}),
		finished: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tingzhen_jobs_finished_total",
			Help: "Bulk jobs finished, by status (done, failed, cancelled, interrupted)."}, []string{"status"}),
		records: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tingzhen_job_records_total",
			Help: "Records written by bulk jobs, by result (ok, failed: a per-record error). A transcript job's record is a call."}, []string{"result"}),
		bytes: prometheus.NewCounter(prometheus.CounterOpts{Name: "tingzhen_job_input_bytes_total",
			Help: "Input bytes read by bulk jobs (as reported with each chunk written)."}),
	}
	for _, s := range []string{StatusDone, StatusFailed, StatusCancelled, StatusInterrupted} {
		m.finished.WithLabelValues(s)
	}
	m.records.WithLabelValues("ok")
	m.records.WithLabelValues("failed")
	return m
}

// progress counts what a job's progress report adds to the previous one (records,
// failed and bytes are running totals of the job, all its runs together).
func (m *managerMetrics) progress(prev *Progress, prevRecords, prevFailed int64, p Progress) {
	var prevBytes int64
	if prev != nil {
		prevBytes = prev.BytesDone
	}
	if d := (p.Records - p.Failed) - (prevRecords - prevFailed); d > 0 {
		m.records.WithLabelValues("ok").Add(float64(d))
	}
	if d := p.Failed - prevFailed; d > 0 {
		m.records.WithLabelValues("failed").Add(float64(d))
	}
	if d := p.BytesDone - prevBytes; d > 0 {
		m.bytes.Add(float64(d))
	}
}

// Collectors are the manager's metrics: jobs started, finished by status, records written
// by result, input bytes read. Register them once, in one registry.
func (m *Manager) Collectors() []prometheus.Collector {
	return []prometheus.Collector{m.met.started, m.met.finished, m.met.records, m.met.bytes}
}
