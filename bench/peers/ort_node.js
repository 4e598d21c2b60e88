#!/usr/bin/env node
// Peer of `tingzhen bench speed`: the same ONNX model run by onnxruntime-node 1.29.0 (the
// same ORT build the engine loads), end to end including a BERT WordPiece tokenizer written
// here (same vocab.txt; lowercase + accent stripping, one token per CJK character, punctuation
// split, greedy longest-match WordPiece, [CLS] … [SEP], truncation to the card's max_len),
// batches padded to their longest text, 1 intra-op and 1 inter-op thread.
//
// Usage: node bench/peers/ort_node.js --model DIR [--texts FILE] [--batch 8] [--duration 10]
//        [--warmup 3] [--max-len 128] [--seq-len N]  -> one JSON line per batch size
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

function args() {
  const a = { model: '', texts: path.join(__dirname, '..', 'testdata', 'reviews.txt'), batch: '8', duration: 10, warmup: 3, maxLen: 0, seqLen: 0 };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i += 2) {
    const k = v[i].replace(/^--/, '');
    const key = { 'max-len': 'maxLen', 'seq-len': 'seqLen' }[k] || k;
    a[key] = v[i + 1];
  }
  a.duration = Number(a.duration);
  a.warmup = Number(a.warmup);
  a.maxLen = Number(a.maxLen);
  a.seqLen = Number(a.seqLen);
  return a;
}

class BertTokenizer {
  constructor(vocabFile) {
    this.vocab = new Map();
    fs.readFileSync(vocabFile, 'utf8').split('\n').forEach((t, i) => {
      t = t.replace(/\r$/, '');
      if (t !== '' && !this.vocab.has(t)) this.vocab.set(t, i);
    });
    this.cls = this.vocab.get('[CLS]');
    this.sep = this.vocab.get('[SEP]');
    this.pad = this.vocab.get('[PAD]');
    this.unk = this.vocab.get('[UNK]');
  }
  static isCJK(c) {
    return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x20000 && c <= 0x2a6df) ||
      (c >= 0x2a700 && c <= 0x2b73f) || (c >= 0x2b740 && c <= 0x2b81f) || (c >= 0x2b820 && c <= 0x2ceaf) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0x2f800 && c <= 0x2fa1f);
  }
  static isPunct(ch, c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
    return /\p{P}/u.test(ch);
  }
  // basic: clean, lowercase, strip accents, split on whitespace, CJK and punctuation.
  words(text) {
    const out = [];
    let cur = '';
    const flush = () => { if (cur) { out.push(cur); cur = ''; } };
    for (const ch0 of text) {
      const c0 = ch0.codePointAt(0);
      if (c0 === 0 || c0 === 0xfffd || (/\p{Cc}|\p{Cf}/u.test(ch0) && !/\s/.test(ch0))) continue;
      if (/\s/u.test(ch0)) { flush(); continue; }
      if (BertTokenizer.isCJK(c0)) { flush(); out.push(ch0); continue; }
      for (const ch of ch0.toLowerCase().normalize('NFD')) {
        if (/\p{Mn}/u.test(ch)) continue;
        const c = ch.codePointAt(0);
        if (BertTokenizer.isPunct(ch, c)) { flush(); out.push(ch); } else cur += ch;
      }
    }
    flush();
    return out;
  }
  encode(text, maxLen) {
    const ids = [this.cls];
    const limit = maxLen - 1;
    for (const w of this.words(text)) {
      if (ids.length >= limit) break;
      const chars = Array.from(w);
      if (chars.length > 100) { ids.push(this.unk); continue; }
      const pieces = [];
      let start = 0;
      let bad = false;
      while (start < chars.length) {
        let end = chars.length;
        let id;
        while (start < end) {
          let s = chars.slice(start, end).join('');
          if (start > 0) s = '##' + s;
          id = this.vocab.get(s);
          if (id !== undefined) break;
          end--;
        }
        if (id === undefined) { bad = true; break; }
        pieces.push(id);
        start = end;
      }
      if (bad) pieces.splice(0, pieces.length, this.unk);
      for (const p of pieces) { if (ids.length < limit) ids.push(p); }
    }
    ids.push(this.sep);
    return ids;
  }
}

function pct(sorted, q) {
  if (!sorted.length) return 0;
  let k = Math.ceil((q / 100) * sorted.length - 1e-9) - 1;
  k = Math.min(Math.max(k, 0), sorted.length - 1);
  return sorted[k];
}

function readCard(dir) {
  const y = fs.readFileSync(path.join(dir, 'model.yaml'), 'utf8');
  const m = y.match(/^max_len:\s*(\d+)/m);
  return { maxLen: m ? Number(m[1]) : 128 };
}

async function main() {
  const a = args();
  if (!a.model) throw new Error('--model DIR is required');
  const card = readCard(a.model);
  const maxLen = a.maxLen || card.maxLen;
  const tok = new BertTokenizer(path.join(a.model, 'vocab.txt'));
  let texts = fs.readFileSync(a.texts, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  let input = path.basename(a.texts);
  if (a.seqLen > 0) { // same construction as bench.SyntheticTexts: CJK characters of the texts in order
    const pool = Array.from(texts.join('')).filter((c) => /\p{Script=Han}/u.test(c));
    const n = Math.max(64, ...a.batch.split(',').map(Number));
    const out = [];
    let k = 0;
    for (let i = 0; i < n; i++) { let s = ''; for (let j = 0; j < a.seqLen - 2; j++) s += pool[(k++) % pool.length]; out.push(s); }
    texts = out;
    input = `synthetic ${a.seqLen} tokens from ${input}`;
  }
  const session = await ort.InferenceSession.create(path.join(a.model, 'model.onnx'), {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  const outName = session.outputNames[0];
  for (const batch of a.batch.split(',').map(Number)) {
    let next = 0;
    let runNs = 0n;
    const runBatch = async () => {
      const encs = [];
      let tokens = 0;
      for (let i = 0; i < batch; i++) { const e = tok.encode(texts[next], maxLen); next = (next + 1) % texts.length; encs.push(e); tokens += e.length; }
      const seq = Math.max(...encs.map((e) => e.length));
      const ids = new BigInt64Array(batch * seq);
      const mask = new BigInt64Array(batch * seq);
      encs.forEach((e, r) => {
        for (let k = 0; k < seq; k++) {
          ids[r * seq + k] = BigInt(k < e.length ? e[k] : tok.pad);
          mask[r * seq + k] = k < e.length ? 1n : 0n;
        }
      });
      const feeds = { input_ids: new ort.Tensor('int64', ids, [batch, seq]), attention_mask: new ort.Tensor('int64', mask, [batch, seq]) };
      const r0 = process.hrtime.bigint();
      const out = await session.run(feeds);
      runNs += process.hrtime.bigint() - r0;
      const probs = out[outName].data; // read back, as the engine copies its outputs
      if (probs.length === 0) throw new Error('empty output');
      return tokens;
    };
    for (let i = 0; i < a.warmup; i++) await runBatch();
    runNs = 0n;
    const lat = [];
    let nTexts = 0;
    let nTokens = 0;
    const t0 = process.hrtime.bigint();
    const limit = BigInt(Math.round(a.duration * 1e9));
    while (process.hrtime.bigint() - t0 < limit || lat.length < 3) {
      const s = process.hrtime.bigint();
      nTokens += await runBatch();
      lat.push(Number(process.hrtime.bigint() - s) / 1e6);
      nTexts += batch;
    }
    const sec = Number(process.hrtime.bigint() - t0) / 1e9;
    lat.sort((x, y) => x - y);
    console.log(JSON.stringify({
      tool: 'onnxruntime-node ' + require('onnxruntime-node/package.json').version, model: path.basename(a.model), input, threads: 1, batch,
      seq_len: a.seqLen || 0, batches: lat.length, texts: nTexts, tokens: nTokens, seconds: sec, texts_per_sec: nTexts / sec,
      tokens_per_sec: nTokens / sec, session_run_share: Number(runNs) / 1e9 / sec, p50_ms: pct(lat, 50), p95_ms: pct(lat, 95), p99_ms: pct(lat, 99),
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    }));
  }
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
module.exports = { BertTokenizer };
