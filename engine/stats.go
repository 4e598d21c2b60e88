package engine

import (
	"sync/atomic"
	"time"

	"github.com/tingzhen/tingzhen/model"
)

// Stages of Analyze, in pipeline order, as Stats reports them.
const (
	StagePrepare   = "prepare"   // normalize, split into sentences, industry
	StageSentiment = "sentiment" // sentiment units, the sentiment model, the feeling rules
	StageMentions  = "mentions"  // aspect, category and polarity models, the mention policy
	StageKeywords  = "keywords"  // jieba TF-IDF keywords
)

var stageNames = [...]string{StagePrepare, StageSentiment, StageMentions, StageKeywords}

const (
	stPrepare = iota
	stSentiment
	stMentions
	stKeywords
	nStages
)

// Stats are an Engine's counts and times since New, measured on Analyze itself (every
// Analyze, AnalyzeOne and Sentiment call): the shipped pipeline, not a re-enactment of it.
// Times are wall times summed over calls; concurrent calls add up their own.
type Stats struct {
	Calls   int64         // Analyze calls
	Records int64         // inputs, rejected ones included
	Time    time.Duration // wall time inside Analyze
	// Stages are the stages of Analyze in order; a model's time is inside the stage that
	// runs it (sentiment-zh in sentiment; aspect, category and polarity in mentions).
	Stages []StageStats
	// Models are the loaded models' own totals (tokenizing, ONNX Runtime runs), sentiment
	// first.
	Models []model.Stats
}

// StageStats is one stage's totals.
type StageStats struct {
	Stage   string
	Records int64 // records that entered the stage
	Time    time.Duration
}

// Since is s minus an earlier snapshot old of the same engine: what happened in between.
func (s Stats) Since(old Stats) Stats {
	d := Stats{Calls: s.Calls - old.Calls, Records: s.Records - old.Records, Time: s.Time - old.Time}
	for i, st := range s.Stages {
		if i < len(old.Stages) {
			st.Records -= old.Stages[i].Records
			st.Time -= old.Stages[i].Time
		}
		d.Stages = append(d.Stages, st)
	}
	for i, m := range s.Models {
		if i < len(old.Models) && old.Models[i].Model == m.Model {
			o := old.Models[i]
			m.Texts, m.Batches, m.Encode, m.Infer, m.Decode = m.Texts-o.Texts, m.Batches-o.Batches, m.Encode-o.Encode, m.Infer-o.Infer, m.Decode-o.Decode
		}
		d.Models = append(d.Models, m)
	}
	return d
}

// Stage is the named stage's totals (zero when absent).
func (s Stats) Stage(name string) StageStats {
	for _, st := range s.Stages {
		if st.Stage == name {
			return st
		}
	}
	return StageStats{Stage: name}
}

// Stats returns the engine's totals so far.
func (e *Engine) Stats() Stats {
	s := Stats{Calls: e.stats.calls.Load(), Records: e.stats.records.Load(), Time: time.Duration(e.stats.time.Load())}
	for i := range nStages {
		s.Stages = append(s.Stages, StageStats{Stage: stageNames[i], Records: e.stats.stageRecords[i].Load(), Time: time.Duration(e.stats.stageTime[i].Load())})
	}
	for _, m := range e.models() {
		s.Models = append(s.Models, m.Stats())
	}
	return s
}

// engineStats are the running totals behind Stats.
type engineStats struct {
	calls, records, time    atomic.Int64
	stageRecords, stageTime [nStages]atomic.Int64
}

// call counts one Analyze call of n records that started at t0 (deferred).
func (s *engineStats) call(n int, t0 time.Time) {
	s.calls.Add(1)
	s.records.Add(int64(n))
	s.time.Add(int64(time.Since(t0)))
}

// lap adds the time since t0 to stage, for n records, and returns now (the next stage's t0).
func (s *engineStats) lap(stage int, n int, t0 time.Time) time.Time {
	now := time.Now()
	s.stageRecords[stage].Add(int64(n))
	s.stageTime[stage].Add(int64(now.Sub(t0)))
	return now
}
