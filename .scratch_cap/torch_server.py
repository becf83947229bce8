"""Scratch (not committed): an OpenAI-compatible server whose engine steps run
real GPU work under a real torch.profiler started/stopped by /start_profile and
/stop_profile, exported like vLLM does (tensorboard_trace_handler, gzip)."""
import argparse, json, os, queue, socket, sys, threading, time
import torch
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

p = argparse.ArgumentParser()
p.add_argument("--model", default="scratch/model"); p.add_argument("--port", type=int, default=8000)
p.add_argument("--profiler-dir")
a, _ = p.parse_known_args()
cfg = os.environ.get("VLLM_TORCH_PROFILER_DIR")
for i, x in enumerate(sys.argv):
    if x == "--profiler-config":
        cfg = json.loads(sys.argv[i + 1]).get("torch_profiler_dir")
prof_dir = a.profiler_dir or cfg
W = [torch.randn(4096, 4096, device="cuda", dtype=torch.bfloat16) for _ in range(4)]
cond = threading.Condition(); reqs = []; cmds = queue.Queue(); state = {"prof": None}

def engine():
    while True:
        while not cmds.empty():
            cmd, done = cmds.get()
            if cmd == "start":
                state["prof"] = torch.profiler.profile(
                    activities=[torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA],
                    on_trace_ready=torch.profiler.tensorboard_trace_handler(prof_dir, worker_name=f"{socket.gethostname()}_{os.getpid()}-rank-0", use_gzip=True))
                state["prof"].start()
            elif state["prof"]:
                state["prof"].stop(); state["prof"] = None
            done.set()
        with cond:
            batch = list(reqs)
        if not batch:
            time.sleep(0.001); continue
        new = sum(r["produced"] == 0 for r in batch); gen = len(batch) - new
        name = f"execute_{len(batch)}_context_{new}(sq{new}sk{new}sqsq{new}sqsk{new})_generation_{gen}(sq{gen}sk{gen}sqsq{gen}sqsk{gen})"
        with torch.profiler.record_function(name):
            x = torch.randn(len(batch), 4096, device="cuda", dtype=torch.bfloat16)
            for w in W:
                x = torch.nn.functional.silu(x @ w)
            torch.cuda.synchronize()
        with cond:
            for r in batch:
                r["produced"] += 1; r["tokens"].append(" t")
                if r["produced"] >= r["max"]:
                    r["done"] = True; reqs.remove(r)
            cond.notify_all()

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    def log_message(self, *x): pass
    def reply(self, s, b):
        d = json.dumps(b).encode(); self.send_response(s); self.send_header("Content-Length", str(len(d))); self.end_headers(); self.wfile.write(d)
    def do_GET(self):
        if self.path == "/health": self.reply(200, {})
        else: self.reply(200, {"data": [{"id": a.model}]})
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        if self.path in ("/start_profile", "/stop_profile"):
            ev = threading.Event(); cmds.put(("start" if self.path == "/start_profile" else "stop", ev)); ev.wait(); self.reply(200, {}); return
        r = {"max": body.get("max_tokens", 16), "produced": 0, "tokens": [], "done": False}
        with cond:
            reqs.append(r)
        if not body.get("stream"):
            with cond:
                while not r["done"]: cond.wait()
            self.reply(200, {"choices": [{"text": "".join(r["tokens"])}]}); return
        self.send_response(200); self.send_header("Content-Type", "text/event-stream"); self.end_headers()
        sent = 0
        while True:
            with cond:
                while len(r["tokens"]) == sent and not r["done"]: cond.wait()
                fresh = r["tokens"][sent:]; fin = r["done"] and len(r["tokens"]) == sent + len(fresh)
            for t in fresh:
                self.wfile.write(("data: " + json.dumps({"choices": [{"text": t}]}) + "\n\n").encode())
            self.wfile.flush(); sent += len(fresh)
            if fin: break
        self.wfile.write(b"data: [DONE]\n\n")

threading.Thread(target=engine, daemon=True).start()
print("WARNING 05-31 13:41:02 [fused_moe.py:727] Using default MoE config. Performance might be sub-optimal! Config file not found at x", file=sys.stderr, flush=True)
t = threading.Timer(300, lambda: os._exit(3)); t.daemon = True; t.start()
import signal
for s in (signal.SIGINT, signal.SIGTERM): signal.signal(s, lambda *_: os._exit(0))
ThreadingHTTPServer(("127.0.0.1", a.port), H).serve_forever()
