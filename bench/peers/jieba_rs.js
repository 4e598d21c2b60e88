#!/usr/bin/env node
// jieba-rs through @node-rs/jieba: jieba.cut per line, best of N rounds.
// Usage: node bench/peers/jieba_rs.js FILE [hmm 1|0] [rounds 3] -> one JSON line.
'use strict';
const fs = require('fs');
const path = require('path');
const { Jieba } = require('@node-rs/jieba');
const { dict } = require('@node-rs/jieba/dict');
const [file, hmmArg = '1', roundsArg = '3'] = process.argv.slice(2);
const hmm = hmmArg === '1';
const rounds = Math.max(1, parseInt(roundsArg, 10));
const lines = fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
const jieba = Jieba.withDict(dict);
for (const l of lines.slice(0, 1000)) jieba.cut(l, hmm);
let best = Infinity;
let words = 0;
for (let r = 0; r < rounds; r++) {
  const t0 = process.hrtime.bigint();
  let w = 0;
  for (const l of lines) w += jieba.cut(l, hmm).length;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (s < best) best = s;
  words = w;
}
const version = JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules/@node-rs/jieba/package.json'), 'utf8')).version;
console.log(JSON.stringify({ tool: `jieba-rs via @node-rs/jieba ${version}`, hmm, lines: lines.length, bytes, words, rounds, seconds: best, mb_per_s: bytes / 1e6 / best }));
