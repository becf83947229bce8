#!/usr/bin/env python3
"""Drive a decode-dominated load through an OpenAI-compatible server and open
a tracer window around N decode steps.

Warm-up requests go first (outside the window). Then `concurrency` streaming
requests with short prompts and `ignore_eos` run together; once every request
has streamed `lead` tokens (all prefills are done) the window opens, it stays
open until every request has streamed `steps` more tokens, and then it closes.
The window is opened and closed by HTTP (`/start_profile`, `/stop_profile`),
by creating and removing a trigger file (read by `roctx_window`), or not at all.

Python standard library only: it runs with the serving host's Python.
Also answers `--health URL` (exit 0 when URL/health returns 200).
"""

import argparse
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request

DEFAULT_PROMPT = "Tell me a long story about a lighthouse keeper and the sea."


def http_json(url, body=None, timeout=600.0):
    """POST `body` as JSON (GET when None) and return (status, parsed or raw text)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read().decode("utf-8", "replace")
            status = resp.status
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw


def healthy(base):
    """True when base/health answers 200."""
    try:
        with urllib.request.urlopen(base.rstrip("/") + "/health", timeout=5) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def served_model(base):
    """The first model id the server lists."""
    status, body = http_json(base.rstrip("/") + "/v1/models", timeout=30)
    if status != 200 or not isinstance(body, dict) or not body.get("data"):
        raise SystemExit(f"decode_load: cannot list models at {base}/v1/models (HTTP {status})")
    return body["data"][0]["id"]


class Stream(threading.Thread):
    """One streaming completion; counts the chunks (engine steps) it receives."""

    def __init__(self, base, model, prompt, max_tokens, timeout):
        super().__init__(daemon=True)
        self.url = base.rstrip("/") + "/v1/completions"
        self.body = {
            "model": model,
            "prompt": prompt,
            "max_tokens": max_tokens,
            "ignore_eos": True,
            "temperature": 0.0,
            "stream": True,
        }
        self.timeout = timeout
        self.chunks = 0
        self.error = None
        self.lock = threading.Lock()

    def count(self):
        with self.lock:
            return self.chunks

    def run(self):
        req = urllib.request.Request(self.url, data=json.dumps(self.body).encode(), method="POST")
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                for raw in resp:
                    line = raw.decode("utf-8", "replace").strip()
                    if not line.startswith("data:"):
                        continue
                    payload = line[5:].strip()
                    if payload == "[DONE]":
                        break
                    try:
                        event = json.loads(payload)
                    except ValueError:
                        continue
                    if event.get("choices"):
                        with self.lock:
                            self.chunks += 1
        except (urllib.error.URLError, OSError, ValueError) as e:
            self.error = str(e)


class Window:
    """Opens and closes the tracer window."""

    def __init__(self, args):
        self.args = args

    def open(self):
        a = self.args
        if a.window == "http":
            body = json.loads(a.start_body) if a.start_body else {}
            status, text = http_json(a.url.rstrip("/") + a.start_path, body, timeout=a.request_timeout)
            if status != 200:
                raise SystemExit(f"decode_load: {a.start_path} answered HTTP {status}: {text}")
        elif a.window == "file":
            with open(a.trigger, "w") as f:
                f.write(str(time.time()))
        if a.settle > 0:
            time.sleep(a.settle)

    def close(self):
        a = self.args
        if a.window == "http":
            status, text = http_json(a.url.rstrip("/") + a.stop_path, {}, timeout=a.request_timeout)
            if status != 200:
                raise SystemExit(f"decode_load: {a.stop_path} answered HTTP {status}: {text}")
        elif a.window == "file":
            try:
                os.remove(a.trigger)
            except FileNotFoundError:
                pass
            if a.settle > 0:
                time.sleep(a.settle)


def wait_until(streams, predicate, deadline):
    """Poll until predicate(counts) holds or every stream ended; False on timeout."""
    while time.time() < deadline:
        counts = [s.count() for s in streams]
        if predicate(counts) or not any(s.is_alive() for s in streams):
            return True
        time.sleep(0.005)
    return False


def warm_up(a, model):
    """Run warm-up requests (not streamed, not traced) and wait for them."""
    threads = []
    for _ in range(a.warmup_requests):
        t = threading.Thread(
            target=http_json,
            args=(
                a.url.rstrip("/") + "/v1/completions",
                {
                    "model": model,
                    "prompt": a.prompt,
                    "max_tokens": a.warmup_tokens,
                    "ignore_eos": True,
                    "temperature": 0.0,
                },
                a.request_timeout,
            ),
            daemon=True,
        )
        t.start()
        threads.append(t)
    for t in threads:
        t.join(a.request_timeout)


def drive(a):
    """Warm up, open the window over `steps` decode steps, close it; return the facts."""
    model = a.model or served_model(a.url)
    warm_up(a, model)
    max_tokens = a.lead + a.steps + a.slack
    streams = [Stream(a.url, model, a.prompt, max_tokens, a.request_timeout) for _ in range(a.concurrency)]
    for s in streams:
        s.start()
    deadline = time.time() + a.request_timeout
    if not wait_until(streams, lambda c: min(c) >= a.lead, deadline):
        raise SystemExit("decode_load: requests did not reach the decode phase in time")
    window = Window(a)
    t_open = time.time()
    window.open()
    base_counts = [s.count() for s in streams]
    wait_until(streams, lambda c: min(x - b for x, b in zip(c, base_counts)) >= a.steps, deadline)
    end_counts = [s.count() for s in streams]
    window.close()
    t_close = time.time()
    for s in streams:
        s.join(a.request_timeout)
    in_window = [e - b for e, b in zip(end_counts, base_counts)]
    errors = [s.error for s in streams if s.error]
    return {
        "model": model,
        "steps_requested": a.steps,
        "concurrency": a.concurrency,
        "lead_tokens": a.lead,
        "max_tokens": max_tokens,
        "warmup_requests": a.warmup_requests,
        "window": a.window,
        "window_open_unix": round(t_open, 6),
        "window_close_unix": round(t_close, 6),
        "window_seconds": round(t_close - t_open, 6),
        "chunks_in_window_min": min(in_window),
        "chunks_in_window_max": max(in_window),
        "requests_failed": len(errors),
        "first_error": errors[0] if errors else None,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--health", metavar="URL", help="exit 0 when URL/health answers 200, else 1")
    p.add_argument("--url", help="server base URL, e.g. http://127.0.0.1:8000")
    p.add_argument("--model", help="model name (default: the first one /v1/models lists)")
    p.add_argument("--steps", type=int, default=100, help="decode steps inside the window")
    p.add_argument("--concurrency", type=int, default=32, help="requests decoding together")
    p.add_argument("--prompt", default=DEFAULT_PROMPT, help="the (short) prompt")
    p.add_argument("--lead", type=int, default=4, help="tokens each request streams before the window opens")
    p.add_argument("--slack", type=int, default=64, help="tokens past the window so the batch stays full")
    p.add_argument("--warmup-requests", type=int, default=8, help="untraced requests sent first")
    p.add_argument("--warmup-tokens", type=int, default=32, help="max_tokens of each warm-up request")
    p.add_argument("--window", choices=["http", "file", "none"], default="http")
    p.add_argument("--start-path", default="/start_profile")
    p.add_argument("--stop-path", default="/stop_profile")
    p.add_argument("--start-body", help="JSON body for the start request")
    p.add_argument("--trigger", help="trigger file for --window file")
    p.add_argument("--settle", type=float, default=0.0, help="seconds to wait after opening/closing")
    p.add_argument("--request-timeout", type=float, default=1800.0)
    p.add_argument("--facts", help="write the window facts as JSON here (default: print them)")
    a = p.parse_args()
    if a.health:
        sys.exit(0 if healthy(a.health) else 1)
    if not a.url:
        p.error("--url is required")
    if a.window == "file" and not a.trigger:
        p.error("--window file needs --trigger")
    if a.steps < 1 or a.concurrency < 1:
        p.error("--steps and --concurrency must be positive")
    facts = drive(a)
    if facts["chunks_in_window_min"] < a.steps:
        print(
            f"decode_load: warning: only {facts['chunks_in_window_min']} of {a.steps} decode steps "
            "landed in the window for some request (raise --slack)",
            file=sys.stderr,
        )
    text = json.dumps(facts, indent=2)
    if a.facts:
        with open(a.facts, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
