#!/usr/bin/env python3
"""Body flood against a running `tingzhen serve` (with API keys).

N clients each POST a body of SIZE bytes (with no API key, or --key) to an upload route and read the
answer while still sending; the server's resident memory (VmRSS of --pid) is sampled every
20 ms. Prints idle RSS, peak RSS during the flood, the statuses and the wall time.

  python3 bench/reliability/flood.py --addr 127.0.0.1:8099 --pid PID --clients 32 --size 60000000
"""
import argparse, socket, threading, time, collections

def rss(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0

def flood(addr, path, size, key, out):
    host, port = addr.rsplit(":", 1)
    s = socket.create_connection((host, int(port)))
    s.settimeout(60)
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
            + (f"Authorization: Bearer {key}\r\n" if key else "") + f"Content-Length: {size}\r\n\r\n").encode()
    chunk = b'{"id":"a","text":"\xe9\x80\x81\xe9\xa4\x90\xe5\xa4\xaa\xe6\x85\xa2"}\n' * 4096
    def send():
        try:
            s.sendall(head)
            sent = 0
            while sent < size:
                n = min(len(chunk), size - sent)
                s.sendall(chunk[:n])
                sent += n
        except OSError:
            pass  # the server closed the connection: the rest is never read
    t = threading.Thread(target=send, daemon=True)
    t.start()
    data = b""
    try:
        while b"\r\n" not in data:
            b = s.recv(4096)
            if not b:
                break
            data += b
    except OSError as e:
        out.append(f"reset ({e.__class__.__name__})")
        return
    out.append(data.split(b"\r\n", 1)[0].decode(errors="replace") if data else "closed")
    s.close()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--size", type=int, default=60_000_000)
    ap.add_argument("--path", default="/v1/jobs?filename=a.jsonl")
    ap.add_argument("--key", default="", help="send this API key (default: none)")
    a = ap.parse_args()
    idle = rss(a.pid)
    peak = [idle]
    stop = threading.Event()
    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss(a.pid))
            time.sleep(0.02)
    threading.Thread(target=sample, daemon=True).start()
    out = []
    t0 = time.time()
    ts = [threading.Thread(target=flood, args=(a.addr, a.path, a.size, a.key, out)) for _ in range(a.clients)]
    for t in ts: t.start()
    for t in ts: t.join()
    wall = time.time() - t0
    time.sleep(0.5)
    stop.set()
    print(f"clients {a.clients} x {a.size} bytes, {'a valid key' if a.key else 'no key'}, {a.path}")
    print(f"idle RSS {idle/2**20:.0f} MiB, peak RSS during the flood {peak[0]/2**20:.0f} MiB (+{(peak[0]-idle)/2**20:.0f} MiB), wall {wall:.2f} s")
    print("answers:", dict(collections.Counter(out)))

if __name__ == "__main__":
    main()
