package scale

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"io"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
)

// SubmitOptions says what to submit. Spec's Inputs, Format, TextField, IDField,
// IndustryField, Industry, TimeField, Fields, Aspects, ChunkSize (default
// jobs.DefaultChunkSize), MaxRecordBytes, IDRoot and IndustryMode mean what they mean to
// jobs.Run; the rest is ignored.
type SubmitOptions struct {
	Job  string // job name (CheckJob); default NewJobName
	Spec jobs.Spec
	// Graph infers the job's dominant industry (Spec.IndustryMode, jobs.ChooseIndustry)
	// before the first chunk is published; it should be the workers' (the packs' for
	// workers without a store of their own). Nil: no choice, each record naming no industry
	// is inferred by its worker, as in jobs.Run's record mode.
	Graph *kg.Graph
	// Policy decides the dominant industry (mention.Policy.Dominant; the workers' engines
	// decide which records leave it, FileIndustry); it should be the workers' engine's
	// (engine.Config.MentionPolicy, whose IndustryCut reads keyword evidence on jieba's
	// words). Nil: mention.DefaultPolicy().
	Policy *mention.Policy
}

// maxInFlight bounds the chunks published and not yet acknowledged by the server.
const maxInFlight = 256

// Submit reads the inputs and publishes them as chunks to the work stream, then the job's
// manifest. A file that cannot be read (to its end) is noted in the manifest (collect
// writes it to errors.jsonl as `job run` does) and the others go on; a bad record travels
// as a record with its error. A submit that stopped before its manifest may be run again
// within the de-duplication window: the chunks already published are dropped. A job name
// whose manifest exists (a finished submit) is refused.
func Submit(ctx context.Context, c *Conn, opt SubmitOptions) (*Manifest, error) {
	spec := opt.Spec
	if opt.Job == "" {
		opt.Job = NewJobName(time.Now())
	}
	if err := CheckJob(opt.Job); err != nil {
		return nil, err
	}
	if len(spec.Inputs) == 0 {
		return nil, errors.New("submit: no input")
	}
	if err := input.CheckFields(spec.Fields); err != nil {
		return nil, fmt.Errorf("submit: %w", err)
	}
	if err := spec.CheckAspects(); err != nil {
		return nil, fmt.Errorf("submit: %w", err)
	}
	if spec.ChunkSize <= 0 {
		spec.ChunkSize = jobs.DefaultChunkSize
	}
	if prev, err := lastManifest(ctx, c, opt.Job); err != nil {
		return nil, fmt.Errorf("submit %s: %w", opt.Job, err)
	} else if prev != nil {
		// Its results are in the results stream under the same subject: collect would mix
		// the two. (A submit that stopped before its manifest may be run again: the chunks
		// it published are de-duplicated.)
		return nil, fmt.Errorf("submit: job %s was submitted already (%s, %d records); choose another --job name", opt.Job, prev.Submitted.Format(time.RFC3339), prev.Records)
	}
	files, err := input.Expand(spec.Inputs)
	if err != nil {
		return nil, fmt.Errorf("submit inputs: %w", err)
	}
	m := &Manifest{Job: opt.Job, Inputs: spec.Inputs, Files: make([]ManifestFile, len(files)), Submitted: time.Now().UTC()}
	if opt.Graph != nil {
		if m.Industry, err = jobs.ChooseIndustry(ctx, opt.Graph, opt.Policy, spec, files); err != nil {
			return nil, fmt.Errorf("submit: choose industry: %w", err)
		}
	}
	s := &submitter{c: c, m: m, spec: spec, subject: c.cfg.workSubject(opt.Job),
		maxBytes: int(c.NC.MaxPayload()) - 8<<10}
	ropt := spec.ReadOptions()
	for fi, f := range files {
		mf := &m.Files[fi]
		mf.Path = f
		read := s.readFile
		if spec.Format == input.Transcript {
			read = s.readTranscripts
		}
		if err := read(ctx, fi, ropt); err != nil {
			return nil, err
		}
		mf.EndChunk = m.Chunks
	}
	if err := s.wait(ctx); err != nil {
		return nil, err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("submit: encode manifest: %w", err)
	}
	if _, err := c.JS.Publish(ctx, c.cfg.jobSubject(m.Job), b, jetstream.WithMsgID(m.Job+"/manifest")); err != nil {
		return nil, fmt.Errorf("submit: publish the manifest of %s: %w", m.Job, err)
	}
	return m, nil
}

type submitter struct {
	c        *Conn
	m        *Manifest
	spec     jobs.Spec
	subject  string
	maxBytes int
	futures  []jetstream.PubAckFuture
}

func (s *submitter) readFile(ctx context.Context, fi int, ropt input.Options) error {
	mf := &s.m.Files[fi]
	rd, err := input.Open(mf.Path, ropt, input.Position{})
	if err != nil {
		mf.Error = err.Error()
		return nil
	}
	defer rd.Close()
	mf.Format, mf.Encoding = rd.Format(), rd.Encoding()
	var recs []wireRecord
	textBytes := 0
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			mf.Error, mf.ErrorLine = err.Error(), rd.Pos().Line
			break
		}
		wr := wireRecord{Line: rec.Line, Err: rec.Err}
		wr.ID = jobs.RecordID(mf.Path, s.spec.IDRoot, rec)
		if rec.Err == nil {
			wr.Input = s.spec.RecordInput(wr.ID, rec, s.m.Industry) // as job run
			wr.Dominant, wr.DominantShare = wr.Input.Dominant, wr.Input.DominantShare
		}
		recs = append(recs, wr)
		mf.Records++
		textBytes += len(rec.Text)
		if len(recs) >= s.spec.ChunkSize || textBytes >= jobs.ChunkTextBytes {
			if err := s.publish(ctx, fi, recs); err != nil {
				return err
			}
			recs, textBytes = nil, 0
		}
	}
	if mf.Error != "" && mf.ErrorLine == 0 {
		mf.ErrorLine = rd.Pos().Line
	}
	if len(recs) > 0 {
		return s.publish(ctx, fi, recs)
	}
	return nil
}

// readTranscripts parses one transcript file as jobs.Run does and publishes its calls,
// jobs.CallsPerChunk to a chunk. Audio (WAV) calls stay with `job run`: their PCM samples
// are not sent over NATS; such a file gets a file error saying so.
func (s *submitter) readTranscripts(ctx context.Context, fi int, _ input.Options) error {
	mf := &s.m.Files[fi]
	calls, err := jobs.ParseTranscriptFile(mf.Path)
	if err != nil {
		mf.Error = err.Error()
		return nil
	}
	for _, c := range calls {
		if c.Audio != nil {
			mf.Error = fmt.Sprintf("transcript %s: audio calls are not distributed over NATS; analyse this file with `tingzhen job run --format transcript`", mf.Path)
			return nil
		}
	}
	mf.Format, mf.Encoding = input.Transcript, input.UTF8
	for start := 0; start < len(calls); start += jobs.CallsPerChunk {
		end := min(start+jobs.CallsPerChunk, len(calls))
		wc := make([]wireCall, 0, end-start)
		for _, c := range calls[start:end] {
			if c.Industry == "" {
				c.Industry = s.spec.Industry
			}
			wc = append(wc, wireCall{Call: c, AutoID: c.AutoID})
		}
		if err := s.publishCalls(ctx, fi, start, wc); err != nil {
			return err
		}
		mf.Records += int64(end - start)
	}
	return nil
}

// publish sends one chunk of records (split in two while it is over the server's message
// size; a single record over it travels as a record_too_large error).
func (s *submitter) publish(ctx context.Context, fi int, recs []wireRecord) error {
	c := chunk{Job: s.m.Job, Seq: s.m.Chunks, File: fi, Records: recs}
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("submit: encode chunk %d: %w", c.Seq, err)
	}
	if len(b) > s.maxBytes && len(recs) > 1 {
		h := len(recs) / 2
		if err := s.publish(ctx, fi, recs[:h]); err != nil {
			return err
		}
		return s.publish(ctx, fi, recs[h:])
	}
	if len(b) > s.maxBytes {
		r := recs[0]
		c.Records = []wireRecord{{Input: engine.Input{ID: r.ID}, Line: r.Line, Err: &input.Error{Code: string(recorderr.RecordTooLarge),
			Message: fmt.Sprintf("the record takes %d bytes as a message, over the NATS server's limit (max_payload %d)", len(b), s.c.NC.MaxPayload())}}}
	}
	return s.publishChunk(ctx, c)
}

// publishCalls sends calls[0] … (the first being the file's call number first, 0-based)
// as one chunk, split in two while it is over the server's message size; a single call
// over it travels without its turns, marked too large (the worker fails it).
func (s *submitter) publishCalls(ctx context.Context, fi, first int, calls []wireCall) error {
	c := chunk{Job: s.m.Job, File: fi, Calls: calls, First: first}
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("submit: encode calls of %s: %w", s.m.Files[fi].Path, err)
	}
	if len(b) > s.maxBytes && len(calls) > 1 {
		h := len(calls) / 2
		if err := s.publishCalls(ctx, fi, first, calls[:h]); err != nil {
			return err
		}
		return s.publishCalls(ctx, fi, first+h, calls[h:])
	}
	if len(b) > s.maxBytes {
		one := calls[0]
		one.Turns, one.TooLarge = nil, len(b)
		c.Calls = []wireCall{one}
	}
	return s.publishChunk(ctx, c)
}

// publishChunk numbers a chunk and publishes it asynchronously (Nats-Msg-Id job/seq).
func (s *submitter) publishChunk(ctx context.Context, c chunk) error {
	c.Seq = s.m.Chunks
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("submit: encode chunk %d: %w", c.Seq, err)
	}
	f, err := s.c.JS.PublishAsync(s.subject, b, jetstream.WithMsgID(s.m.Job+"/"+strconv.Itoa(c.Seq)))
	if err != nil {
		return fmt.Errorf("submit: publish chunk %d: %w", c.Seq, err)
	}
	s.futures = append(s.futures, f)
	s.m.Chunks++
	s.m.Records += int64(c.n())
	if len(s.futures) >= maxInFlight {
		return s.wait(ctx)
	}
	return nil
}

// wait waits for the server's acknowledgement of every chunk published.
func (s *submitter) wait(ctx context.Context) error {
	for _, f := range s.futures {
		if err := waitPub(ctx, f); err != nil {
			return fmt.Errorf("submit %s: %w", s.m.Job, err)
		}
	}
	s.futures = s.futures[:0]
	return nil
}

// waitPub waits for one asynchronous publish's acknowledgement.
func waitPub(ctx context.Context, f jetstream.PubAckFuture) error {
	select {
	case <-f.Ok():
		return nil
	case err := <-f.Err():
		return fmt.Errorf("publish to %s: %w", f.Msg().Subject, err)
	case <-ctx.Done():
		return ctx.Err()
	}
}
