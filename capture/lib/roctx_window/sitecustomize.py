"""Open and close a tracer's window from outside a running server.

`profile-decode` puts this folder on PYTHONPATH of the server it starts under
rocprofv3 or the RPD tracer, so every Python process of the server (API
server, engine core, one worker per TP rank) imports it at start-up. When
TRACEDECK_WINDOW_TRIGGER names a file, a daemon thread polls for it: when the
file appears it resumes collection, when it goes away it pauses again.

- TRACEDECK_WINDOW_TOOL=rocprofv3: roctxProfilerResume(0) / roctxProfilerPause(0)
  from librocprofiler-sdk-roctx (rocprofv3 runs with --selected-regions, so it
  starts paused), plus a roctx range `tracedeck.decode_window` around the window.
- TRACEDECK_WINDOW_TOOL=rpd: rpdstart() / rpdstop() from the preloaded
  librpd_tracer (the server runs with RPDT_AUTOSTART=0).

Without TRACEDECK_WINDOW_TRIGGER it does nothing. A sitecustomize that this
one shadows on sys.path is still run.
"""

import ctypes
import ctypes.util
import importlib.machinery
import importlib.util
import os
import sys
import threading
import time

WINDOW_RANGE = b"tracedeck.decode_window"


def _run_shadowed_sitecustomize():
    """Import the next sitecustomize on sys.path, the one this file hides."""
    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as e:  # the other sitecustomize's failure must not stop the server
        print(f"tracedeck roctx_window: shadowed sitecustomize failed: {e}", file=sys.stderr)


def _load_roctx():
    """librocprofiler-sdk-roctx, with Resume/Pause and range calls, or None."""
    names = [os.environ.get("TRACEDECK_ROCTX_LIB", "")]
    for root in (os.environ.get("ROCM_PATH", ""), "/opt/rocm"):
        if root:
            names += [f"{root}/lib/librocprofiler-sdk-roctx.so", f"{root}/lib/librocprofiler-sdk-roctx.so.1"]
    names.append(ctypes.util.find_library("rocprofiler-sdk-roctx") or "")
    for name in names:
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name, mode=ctypes.RTLD_GLOBAL)
        except OSError:
            continue
        lib.roctxProfilerResume.argtypes = [ctypes.c_uint64]
        lib.roctxProfilerPause.argtypes = [ctypes.c_uint64]
        lib.roctxRangePushA.argtypes = [ctypes.c_char_p]
        return lib
    return None


def _controls(tool):
    """(start, stop) callables for the tool, or None when its library is absent."""
    if tool == "rocprofv3":
        lib = _load_roctx()
        if lib is None:
            return None

        def start():
            lib.roctxProfilerResume(0)
            lib.roctxRangePushA(WINDOW_RANGE)

        def stop():
            lib.roctxRangePop()
            lib.roctxProfilerPause(0)

        return start, stop
    if tool == "rpd":
        for name in (None, ctypes.util.find_library("rpd_tracer")):
            try:
                lib = ctypes.CDLL(name)
                return lib.rpdstart, lib.rpdstop
            except (OSError, AttributeError, TypeError):
                continue
    return None


def _poll(trigger, start, stop, interval):
    """Follow the trigger file: present means collecting."""
    active = False
    while True:
        present = os.path.exists(trigger)
        if present and not active:
            start()
            active = True
        elif active and not present:
            stop()
            active = False
        time.sleep(interval)


def _install():
    trigger = os.environ.get("TRACEDECK_WINDOW_TRIGGER")
    if not trigger:
        return
    tool = os.environ.get("TRACEDECK_WINDOW_TOOL", "rocprofv3")
    controls = _controls(tool)
    if controls is None:
        print(f"tracedeck roctx_window: no {tool} control library in pid {os.getpid()}", file=sys.stderr)
        return
    interval = float(os.environ.get("TRACEDECK_WINDOW_POLL_S", "0.01"))
    threading.Thread(target=_poll, args=(trigger, *controls, interval), daemon=True).start()


_run_shadowed_sitecustomize()
_install()
