#!/usr/bin/env python3
"""Costly requests against a running `tingzhen serve` (no keys, loopback).

COSTLY clients send, back to back, requests of 35 texts of 9,800 characters each (real
reviews from server/testdata/reviews.txt, repeated); one probe client sends one short
review at a time. Prints the probe latencies (p50, p99, max), and the costly requests'
statuses, for --seconds.

  python3 bench/reliability/costly.py --addr 127.0.0.1:8099 --seconds 20
"""
import argparse, json, threading, time, collections, urllib.request, urllib.error

def post(url, body, timeout=120):
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        e.read()
        return e.code

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--costly", type=int, default=2)
    a = ap.parse_args()
    revs = [l.strip() for l in open("server/testdata/reviews.txt", encoding="utf-8") if l.strip()]
    long = ("。".join(revs) * 20)[:9800]
    costly = json.dumps({"items": [{"id": str(i), "text": long} for i in range(35)]}, ensure_ascii=False).encode()
    url = f"http://{a.addr}/v1/analyze"
    post(url, json.dumps({"text": "。".join(revs)}, ensure_ascii=False).encode())  # warm-up
    stop = time.time() + a.seconds
    statuses = collections.Counter()
    lock = threading.Lock()
    def heavy():
        while time.time() < stop:
            st = post(url, costly)
            with lock:
                statuses[st] += 1
            if st == 429:
                time.sleep(0.05)
    ts = [threading.Thread(target=heavy) for _ in range(a.costly)]
    for t in ts: t.start()
    lat, pst = [], collections.Counter()
    i = 0
    while time.time() < stop:
        body = json.dumps({"text": revs[i % len(revs)]}, ensure_ascii=False).encode()
        t0 = time.time()
        pst[post(url, body)] += 1
        lat.append(time.time() - t0)
        i += 1
        time.sleep(0.05)
    for t in ts: t.join()
    lat.sort()
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
    print(f"{a.costly} costly clients (35 x 9,800 characters per request), 1 probe client, {a.seconds:.0f} s")
    print(f"probe: {len(lat)} requests, statuses {dict(pst)}, p50 {q(0.5):.0f} ms, p99 {q(0.99):.0f} ms, max {lat[-1]*1000:.0f} ms")
    print(f"costly requests: statuses {dict(statuses)}")

if __name__ == "__main__":
    main()
