#!/usr/bin/env python3
"""A stand-in OpenAI-compatible LLM server for the capture tests.

Listens on 127.0.0.1 only and exits by itself after --lifetime seconds. An
engine thread runs "steps" every --step-ms: each running request gets one
token per step (its first step is its prefill). Endpoints: GET /health,
GET /v1/models, POST /v1/completions (streamed or not; honours max_tokens and
ignore_eos), POST /start_profile and /stop_profile.

Tracing, as the real stacks do it:
- --profiler-dir: /start_profile .. /stop_profile records steps; stop writes
  one gzip'd Kineto trace per TP rank (<host>_<pid>-rank-<r>.<ns>.pt.trace.json.gz)
  with the step's vLLM annotation and its kernels (fake_gpu.py).
- TRACEDECK_FAKE_ROCPROF_RECORD (set by the rocprofv3 stand-in): steps are
  appended to that file while collection is on: always, or with
  TRACEDECK_FAKE_ROCPROF_SELECTED=1 only while TRACEDECK_WINDOW_TRIGGER
  exists (what --selected-regions plus capture/lib/roctx_window do).

Start-up prints vLLM's real log lines (a fused-MoE fallback per rank, one
Ray-deduplicated repeat, KV cache size) so log triage has findings.
"""

import argparse
import gzip
import json
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_gpu import ARCH, DEVICE_NAME, step_kernels  # noqa: E402


class Engine:
    """Runs decode steps for the active requests and records profiled steps."""

    def __init__(self, step_s, tp):
        self.step_s = step_s
        self.tp = tp
        self.cond = threading.Condition()
        self.requests = []  # dicts: remaining, produced, tokens (list), done (Event)
        self.profiling = False
        self.profiled_steps = []  # (start_ns, end_ns, batch, new)
        self.record = os.environ.get("TRACEDECK_FAKE_ROCPROF_RECORD")
        self.selected = os.environ.get("TRACEDECK_FAKE_ROCPROF_SELECTED") == "1"
        self.trigger = os.environ.get("TRACEDECK_WINDOW_TRIGGER")

    def submit(self, max_tokens):
        req = {"remaining": max_tokens, "produced": 0, "tokens": [], "done": threading.Event()}
        with self.cond:
            self.requests.append(req)
            self.cond.notify_all()
        return req

    def run(self):
        while True:
            with self.cond:
                while not self.requests:
                    self.cond.wait()
                batch = list(self.requests)
            start = time.time_ns()
            time.sleep(self.step_s)
            new = 0
            with self.cond:
                for r in batch:
                    new += r["produced"] == 0
                    r["produced"] += 1
                    r["remaining"] -= 1
                    r["tokens"].append(f" tok{r['produced']}")
                    if r["remaining"] <= 0:
                        r["done"].set()
                        self.requests.remove(r)
                    self.cond.notify_all()
                if self.profiling:
                    self.profiled_steps.append((start, start + int(self.step_s * 1e9), len(batch), new))
            self.record_rocprof(start, len(batch), new)

    def record_rocprof(self, start, batch, new):
        if not self.record:
            return
        if self.selected and not (self.trigger and os.path.exists(self.trigger)):
            return
        with open(self.record, "a") as f:
            f.write(f"{start}\t{start + int(self.step_s * 1e9)}\t{batch}\t{new}\n")


def step_name(batch, new):
    """vLLM's step annotation: execute_<n>_context_<c>(..)_generation_<g>(..)."""
    gen = batch - new
    return (f"execute_{batch}_context_{new}(sq{new}sk{new}sqsq{new}sqsk{new})"
            f"_generation_{gen}(sq{gen}sk{gen * 64}sqsq{gen}sqsk{gen * 64})")


def write_kineto(folder, tp, steps):
    """One gzip'd Kineto trace per rank for the profiled steps."""
    os.makedirs(folder, exist_ok=True)
    host, pid = socket.gethostname(), os.getpid()
    for rank in range(tp):
        events, corr = [], 0
        for start, end, batch, new in steps:
            name = step_name(batch, new)
            events.append({"ph": "X", "cat": "user_annotation", "name": name, "pid": pid, "tid": pid,
                           "ts": start / 1000, "dur": (end - start) / 1000, "args": {}})
            events.append({"ph": "X", "cat": "gpu_user_annotation", "name": name, "pid": rank, "tid": 0,
                           "ts": start / 1000, "dur": (end - start) / 1000, "args": {"device": rank}})
            for kname, ks, ke, grid, block in step_kernels(start):
                corr += 1
                events.append({"ph": "X", "cat": "cuda_runtime", "name": "hipLaunchKernel", "pid": pid,
                               "tid": pid, "ts": (ks - 800) / 1000, "dur": 0.7, "args": {"correlation": corr}})
                events.append({"ph": "X", "cat": "kernel", "name": kname, "pid": rank, "tid": 0,
                               "ts": ks / 1000, "dur": (ke - ks) / 1000,
                               "args": {"device": rank, "stream": 0, "correlation": corr,
                                        "grid": list(grid), "block": list(block)}})
        doc = {
            "schemaVersion": 1,
            "deviceProperties": [{"id": rank, "name": DEVICE_NAME, "computeMajor": 9, "computeMinor": 4,
                                  "warpSize": 64, "numSms": 304, "gcnArchName": ARCH}],
            "distributedInfo": {"rank": rank, "world_size": tp},
            "traceEvents": events,
        }
        path = os.path.join(folder, f"{host}_{pid}-rank-{rank}.{time.time_ns()}.pt.trace.json.gz")
        with gzip.open(path, "wt") as f:
            json.dump(doc, f)


def make_handler(engine, model, profiler_dir):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, fmt, *args):
            print(f'(APIServer pid={os.getpid()}) INFO:     127.0.0.1:{self.client_address[1]} - '
                  f'"{self.command} {self.path} HTTP/1.1" {args[1] if len(args) > 1 else ""} OK',
                  file=sys.stderr, flush=True)

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/health":
                self.reply(200, {})
            elif self.path == "/v1/models":
                self.reply(200, {"object": "list", "data": [{"id": model, "object": "model"}]})
            else:
                self.reply(404, {"error": "not found"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path in ("/start_profile", "/stop_profile"):
                if not profiler_dir:
                    self.reply(404, {"error": "profiler not enabled"})
                    return
                with engine.cond:
                    if self.path == "/start_profile":
                        engine.profiling, engine.profiled_steps = True, []
                    else:
                        engine.profiling = False
                        steps = list(engine.profiled_steps)
                if self.path == "/stop_profile":
                    write_kineto(profiler_dir, engine.tp, steps)
                self.reply(200, {})
                return
            if self.path != "/v1/completions":
                self.reply(404, {"error": "not found"})
                return
            req = engine.submit(int(body.get("max_tokens", 16)))
            if not body.get("stream"):
                req["done"].wait()
                self.reply(200, {"object": "text_completion", "model": model,
                                 "choices": [{"index": 0, "text": "".join(req["tokens"]), "finish_reason": "length"}],
                                 "usage": {"completion_tokens": req["produced"]}})
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            sent = 0
            while True:
                with engine.cond:
                    while len(req["tokens"]) == sent and not req["done"].is_set():
                        engine.cond.wait(1.0)
                    fresh = req["tokens"][sent:]
                    finished = req["done"].is_set() and len(req["tokens"]) == sent + len(fresh)
                for tok in fresh:
                    chunk = {"object": "text_completion", "model": model,
                             "choices": [{"index": 0, "text": tok, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                sent += len(fresh)
                if finished:
                    break
            self.wfile.write(b"data: [DONE]\n\n")

    return Handler


def startup_log(model, tp):
    """vLLM's start-up lines (real message texts) on stderr."""
    pid = os.getpid()
    lines = [
        f"(APIServer pid={pid}) INFO 05-31 13:29:05 [utils.py:240] non-default args: "
        f"{{'model': '{model}', 'tensor_parallel_size': {tp}}}",
    ]
    for rank in range(tp):
        lines.append(
            f"(Worker_TP{rank} pid={pid + rank + 1}) WARNING 05-31 13:41:02 [fused_moe.py:727] Using default "
            "MoE config. Performance might be sub-optimal! Config file not found at /usr/local/lib/python3.12/"
            "dist-packages/vllm/model_executor/layers/fused_moe/configs/"
            "E=8,N=14336,device_name=AMD_Instinct_MI300X.json")
    lines.append(
        f"\x1b[36m(RayWorkerWrapper pid={pid + 99})\x1b[0m WARNING 05-31 13:41:02 [fused_moe.py:727] Using default "
        "MoE config. Performance might be sub-optimal!\x1b[32m [repeated 3x across cluster]\x1b[0m")
    lines += [
        f"(Worker_TP0 pid={pid + 1}) INFO 05-31 13:42:04 [gpu_worker.py:462] Available KV cache memory: 119.18 GiB",
        f"(APIServer pid={pid}) INFO:     Application startup complete.",
    ]
    for line in lines:
        print(line, file=sys.stderr, flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="fake/model")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--tp", type=int, default=1)
    p.add_argument("--profiler-dir")
    p.add_argument("--step-ms", type=float, default=3.0)
    p.add_argument("--lifetime", type=float, default=120.0)
    a = p.parse_args()
    engine = Engine(a.step_ms / 1000, a.tp)
    threading.Thread(target=engine.run, daemon=True).start()
    httpd = ThreadingHTTPServer(("127.0.0.1", a.port), make_handler(engine, a.model, a.profiler_dir))
    httpd.daemon_threads = True
    startup_log(a.model, a.tp)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: os._exit(0))
    timer = threading.Timer(a.lifetime, lambda: os._exit(3))
    timer.daemon = True
    timer.start()
    httpd.serve_forever()


if __name__ == "__main__":
    main()
