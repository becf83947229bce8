#!/usr/bin/env python3
"""A small OpenAI-compatible server for checking the capture pipeline on a GPU
host that has PyTorch and transformers but no vLLM/SGLang (and no internet):
it serves a random-weight Llama-style model (real transformer kernels: GEMMs,
attention, RMSNorm, rotary, sampling) with batched decode, vLLM's profiler
endpoints and vLLM-style step annotations.

  python3 capture/lib/demo_server.py --port 8000 --layers 8 --hidden 2048
  capture/profile-decode --tracer torch --out caps/demo \\
      --server-cmd 'python3 capture/lib/demo_server.py --port 8000'

Endpoints: GET /health, GET /v1/models, POST /v1/completions (stream or not,
max_tokens, ignore_eos), POST /start_profile and /stop_profile (torch.profiler
to VLLM_TORCH_PROFILER_DIR or --profiler-config's torch_profiler_dir, written
as <host>_<pid>-rank-0.<ts>.pt.trace.json.gz like vLLM). Requests are batched
statically: the engine takes every waiting request (up to --max-batch), runs
one prefill step, then one decode step per token for the whole batch; each
step is annotated `execute_<n>_context_<c>(...)_generation_<g>(...)`.
"""
import argparse
import json
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import torch

p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
p.add_argument("--port", type=int, default=8000)
p.add_argument("--model", default="demo/llama-random")
p.add_argument("--layers", type=int, default=8)
p.add_argument("--hidden", type=int, default=2048)
p.add_argument("--heads", type=int, default=16)
p.add_argument("--vocab", type=int, default=32000)
p.add_argument("--max-batch", type=int, default=64)
p.add_argument("--batch-wait", type=float, default=0.5, help="seconds to gather a batch")
p.add_argument("--lifetime", type=float, default=1800, help="exit after this many seconds")
p.add_argument("--profiler-config", help="vLLM-style JSON with torch_profiler_dir")
args, _unknown = p.parse_known_args()

profiler_dir = os.environ.get("VLLM_TORCH_PROFILER_DIR")
if args.profiler_config:
    profiler_dir = json.loads(args.profiler_config).get("torch_profiler_dir", profiler_dir)


def log(msg):
    print(time.strftime("INFO %m-%d %H:%M:%S [demo_server.py] ") + msg, file=sys.stderr, flush=True)


from transformers import LlamaConfig, LlamaForCausalLM  # noqa: E402

torch.manual_seed(0)
cfg = LlamaConfig(
    vocab_size=args.vocab,
    hidden_size=args.hidden,
    intermediate_size=int(args.hidden * 2.75) // 64 * 64,
    num_hidden_layers=args.layers,
    num_attention_heads=args.heads,
    num_key_value_heads=max(1, args.heads // 4),
    max_position_embeddings=4096,
)
model = LlamaForCausalLM(cfg).to(device="cuda", dtype=torch.bfloat16).eval()
log(f"model {args.model}: {args.layers} layers, hidden {args.hidden}, "
    f"{sum(p.numel() for p in model.parameters()) / 1e9:.2f} B parameters (random weights)")

cond = threading.Condition()
waiting = []
commands = []
state = {"prof": None}


def profiler_command(cmd):
    if cmd == "start" and state["prof"] is None and profiler_dir:
        os.makedirs(profiler_dir, exist_ok=True)
        worker = f"{socket.gethostname()}_{os.getpid()}-rank-0"
        state["prof"] = torch.profiler.profile(
            activities=[torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA],
            on_trace_ready=torch.profiler.tensorboard_trace_handler(profiler_dir, worker_name=worker, use_gzip=True),
        )
        state["prof"].start()
        log("profiler started")
    elif cmd == "stop" and state["prof"] is not None:
        state["prof"].stop()
        state["prof"] = None
        log(f"profiler stopped, trace written to {profiler_dir}")


def run_commands():
    while commands:
        cmd, done = commands.pop(0)
        profiler_command(cmd)
        done.set()


def step_name(n, ctx, gen, ctx_tokens, kv_len):
    return (f"execute_{n}_context_{ctx}(sq{ctx_tokens}sk{ctx_tokens}sqsq{ctx_tokens}sqsk{ctx_tokens})"
            f"_generation_{gen}(sq{gen}sk{kv_len}sqsq{gen}sqsk{kv_len})")


@torch.inference_mode()
def engine():
    while True:
        with cond:
            run_commands()
            if not waiting:
                cond.wait(timeout=0.05)
                continue
        time.sleep(args.batch_wait)
        with cond:
            batch = waiting[: args.max_batch]
            del waiting[: len(batch)]
        n = len(batch)
        prompt_len = max(len(r["prompt_ids"]) for r in batch)
        ids = torch.tensor([([0] * (prompt_len - len(r["prompt_ids"]))) + r["prompt_ids"] for r in batch], device="cuda")
        with torch.profiler.record_function(step_name(n, n, 0, n * prompt_len, 0)):
            out = model(input_ids=ids, use_cache=True)
            past = out.past_key_values
            nxt = torch.argmax(out.logits[:, -1, :], dim=-1, keepdim=True)
            torch.cuda.synchronize()
        emit(batch, nxt)
        kv = prompt_len
        while any(not r["done"] for r in batch):
            with cond:
                run_commands()
            kv += 1
            with torch.profiler.record_function(step_name(n, 0, n, 0, kv * n)):
                out = model(input_ids=nxt, past_key_values=past, use_cache=True)
                past = out.past_key_values
                nxt = torch.argmax(out.logits[:, -1, :], dim=-1, keepdim=True)
                torch.cuda.synchronize()
            emit(batch, nxt)


def emit(batch, nxt):
    toks = nxt.view(-1).tolist()
    with cond:
        for r, t in zip(batch, toks):
            if r["done"]:
                continue
            r["tokens"].append(f" t{t % 1000}")
            if len(r["tokens"]) >= r["max_tokens"]:
                r["done"] = True
        cond.notify_all()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *_):
        pass

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
        elif self.path.startswith("/v1/models"):
            self.reply(200, {"object": "list", "data": [{"id": args.model, "object": "model"}]})
        else:
            self.reply(404, {"error": "not found"})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        if self.path in ("/start_profile", "/stop_profile"):
            done = threading.Event()
            with cond:
                commands.append(("start" if self.path == "/start_profile" else "stop", done))
                cond.notify_all()
            done.wait()
            self.reply(200, {})
            return
        if self.path != "/v1/completions":
            self.reply(404, {"error": "not found"})
            return
        prompt = str(body.get("prompt", "hello"))
        req = {
            "prompt_ids": [(ord(c) * 31) % args.vocab for c in prompt][:512] or [1],
            "max_tokens": int(body.get("max_tokens", 16)),
            "tokens": [],
            "done": False,
        }
        with cond:
            waiting.append(req)
            cond.notify_all()
        if not body.get("stream"):
            with cond:
                while not req["done"]:
                    cond.wait()
            self.reply(200, {"object": "text_completion", "model": args.model,
                             "choices": [{"index": 0, "text": "".join(req["tokens"]), "finish_reason": "length"}]})
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        sent = 0
        while True:
            with cond:
                while len(req["tokens"]) == sent and not req["done"]:
                    cond.wait()
                fresh = req["tokens"][sent:]
                finished = req["done"]
            for t in fresh:
                chunk = {"object": "text_completion", "model": args.model, "choices": [{"index": 0, "text": t}]}
                self.wfile.write(("data: " + json.dumps(chunk) + "\n\n").encode())
            self.wfile.flush()
            sent += len(fresh)
            if finished and sent == len(req["tokens"]):
                break
        self.wfile.write(b"data: [DONE]\n\n")


threading.Thread(target=engine, daemon=True).start()
timer = threading.Timer(args.lifetime, lambda: os._exit(3))
timer.daemon = True
timer.start()
for s in (signal.SIGINT, signal.SIGTERM):
    signal.signal(s, lambda *_: os._exit(0))
log(f"serving on 127.0.0.1:{args.port}")
ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()
