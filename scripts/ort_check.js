// ORT parity + speed check for an exported tingzhen model folder.
// Needs onnxruntime-node (CPU) installed somewhere on NODE_PATH, e.g.
//   (cd /tmp/ortnode && npm install onnxruntime-node@1.29.0 --ignore-scripts)
//   NODE_PATH=/tmp/ortnode/node_modules node scripts/ort_check.js models/sentiment-zh [ids.jsonl]
// Checks reference.jsonl: every text alone and all texts in one batch padded to
// the longest (as the Go engine does) against the PyTorch probs; prints the max
// abs diff. With ids.jsonl (one JSON array of token ids per line) it also times
// batches of 32 on one intra-op thread (process CPU time, includes JS
// tensor building).
const ort = require('onnxruntime-node');
const fs = require('fs');
const path = require('path');

function batch(seqs) {
  const L = Math.max(...seqs.map((s) => s.length));
  const ids = new BigInt64Array(seqs.length * L);
  const mask = new BigInt64Array(seqs.length * L);
  seqs.forEach((s, i) => s.forEach((t, j) => { ids[i * L + j] = BigInt(t); mask[i * L + j] = 1n; }));
  return {
    input_ids: new ort.Tensor('int64', ids, [seqs.length, L]),
    attention_mask: new ort.Tensor('int64', mask, [seqs.length, L]),
  };
}

(async () => {
  const dir = process.argv[2];
  const sess = await ort.InferenceSession.create(path.join(dir, 'model.onnx'), {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential',
  });
  const refs = fs.readFileSync(path.join(dir, 'reference.jsonl'), 'utf8').trim().split('\n').map(JSON.parse);
  const per = refs[0].probs.flat().length;
  let maxAlone = 0, maxBatch = 0;
  for (const r of refs) {
    const out = (await sess.run(batch([r.input_ids]))).probs.data;
    r.probs.flat().forEach((p, k) => { maxAlone = Math.max(maxAlone, Math.abs(p - out[k])); });
  }
  const outB = (await sess.run(batch(refs.map((r) => r.input_ids)))).probs.data;
  refs.forEach((r, i) => r.probs.flat().forEach((p, k) => { maxBatch = Math.max(maxBatch, Math.abs(p - outB[i * per + k])); }));
  console.log(JSON.stringify({ model: dir, n: refs.length, max_abs_diff_alone: maxAlone, max_abs_diff_padded_batch: maxBatch, ok: maxAlone <= 1e-4 && maxBatch <= 1e-4 }));
  if (process.argv[3]) {
    const seqs = fs.readFileSync(process.argv[3], 'utf8').trim().split('\n').map(JSON.parse);
    let best = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      // CPU time of this process (user+system), not wall time: the build machine is shared.
      const c0 = process.cpuUsage();
      for (let s = 0; s < seqs.length; s += 32) await sess.run(batch(seqs.slice(s, s + 32)));
      const c = process.cpuUsage(c0);
      best = Math.min(best, c.user + c.system);
    }
    const toks = seqs.reduce((a, s) => a + s.length, 0) / seqs.length;
    console.log(JSON.stringify({ texts: seqs.length, mean_tokens: toks, ort_1thread_us_per_text_b32: best / seqs.length, texts_per_s: 1e6 * seqs.length / best }));
  }
})().catch((e) => { console.error(e); process.exit(1); });
