"""What the benchmarks under bench/ share: a release `reel` build, a `reel serve` of their own on a free
loopback port with a throwaway data folder, plain HTTP calls and resident-memory sampling."""
import ctypes
import importlib.machinery
import importlib.util
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
ROOT = BENCH.parent
SCRATCH = ROOT / ".build-bench"

# One 2 s red clip, rendered small so a worker is done with it quickly (bench/wrk/submit.lua sends the same).
RENDER_REQUEST = (b'{"timeline":{"tracks":[{"clips":[{"asset":{"type":"color","color":"#ff0000"},"start":0,"length":2}]}]},'
                  b'"output":{"format":"mp4","resolution":"preview"}}')

KEY_PATTERN = re.compile(r"(?:sk-|reel_sk_)[A-Za-z0-9]{40}")


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def run_quiet(cmd, **kwargs):
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    if result.returncode != 0:
        log("FAILED:", " ".join(map(str, cmd)))
        log(result.stderr[-3000:])
        raise SystemExit(1)
    return result


# ---------------------------------------------------------------- tools

def ensure_reel(args):
    if args.reel:
        binary = Path(args.reel).resolve()
    else:
        binary = SCRATCH / "release" / "reel"
        log("building reel (release) into .build-bench ...")
        started = time.monotonic()
        run_quiet(["swift", "build", "-c", "release", "--scratch-path", str(SCRATCH), "--product", "reel"], cwd=ROOT)
        log(f"  built in {time.monotonic() - started:.0f} s")
    if not binary.exists():
        raise SystemExit(f"no reel binary at {binary}")
    return binary


def load_script(name):
    """Another benchmark under bench/ (a script without .py) as a module, to use its recipes and measures."""
    loader = importlib.machinery.SourceFileLoader(f"bench_{name}", str(BENCH / name))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(f"bench_{name}", loader))
    loader.exec_module(module)
    return module


# ---------------------------------------------------------------- the server

def die_with_parent():
    """In the server's process before exec: the kernel sends it SIGTERM if this script dies, even by SIGKILL,
    so no server outlives a benchmark that could not reach its `finally`."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def unwind_on_signals():
    """SIGTERM and SIGINT (even when a background shell made it ignored) unwind through the `finally` blocks."""
    def exit_now(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")
    signal.signal(signal.SIGTERM, exit_now)
    signal.signal(signal.SIGINT, exit_now)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http(method, url, key=None, body=None, timeout=10):
    """One request; answers (status, body) whatever the status."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    """`reel serve` on a free loopback port with a fresh data folder. Use it in a `with` block: leaving it
    stops the process (SIGTERM, then SIGKILL after `stop_grace` seconds) whatever happened."""

    stop_grace = 10

    def __init__(self, binary, data_dir, workers, extra_args=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = Path(data_dir)
        self.database = self.data_dir / "reel.sqlite"
        self.data_dir.mkdir(parents=True)
        self.log_path = self.data_dir.parent / f"{self.data_dir.name}.log"
        self.command = [str(binary), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                        "--data-dir", str(self.data_dir), "--workers", str(workers), "--rate-limit", "0", *extra_args]
        self.process = None
        self.key = None

    def __enter__(self):
        log(f"starting {' '.join(self.command[1:])}")
        with open(self.log_path, "w") as server_log:
            # stderr carries the server's log lines; stdout only the first key, read here.
            self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=server_log, text=True,
                                            preexec_fn=die_with_parent)
        try:
            self.key = self._read_key()
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def _read_key(self, timeout=60):
        found = []

        def read():
            # Keeps draining stdout after the key so the server can never block on a full pipe.
            for line in self.process.stdout:
                match = KEY_PATTERN.search(line)
                if match and not found:
                    found.append(match.group(0))
        threading.Thread(target=read, daemon=True).start()
        deadline = time.monotonic() + timeout
        while not found and time.monotonic() < deadline and self.process.poll() is None:
            time.sleep(0.05)
        if not found:
            self.fail("printed no API key")
        return found[0]

    def _wait_healthy(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if http("GET", f"{self.url}/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass  # not listening yet
            time.sleep(0.1)
        self.fail("did not answer GET /healthz with 200")

    def fail(self, what):
        tail = self.log_path.read_text()[-2000:] if self.log_path.exists() else ""
        raise SystemExit(f"reel serve {what} (exit {self.process.poll()}); its log ends:\n{tail}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=self.stop_grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def submit(self):
        status, body = http("POST", f"{self.url}/v1/renders", self.key, RENDER_REQUEST)
        if status != 202:
            raise SystemExit(f"POST /v1/renders answered {status}: {body[:300]!r}")
        return json.loads(body)["id"]

    def upload(self, name, content):
        """Uploads one small file, read into memory; answers its upload's id."""
        boundary = "reel-bench-boundary"
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode() + content
                + f"\r\n--{boundary}--\r\n".encode())
        request = urllib.request.Request(f"{self.url}/v1/uploads", data=body, method="POST", headers={
            "Authorization": f"Bearer {self.key}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["data"][0]["id"]

    def rss_kb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


class Worker:
    """`reel worker` on `data_dir` with one render slot, logging to `log_path`, pinned to `core` with taskset if given.
    Use it in a `with` block: leaving it stops the process."""

    def __init__(self, binary, data_dir, log_path, extra_args=(), core=None):
        self.log_path = Path(log_path)
        pinning = ["taskset", "-c", str(core)] if core is not None else []
        self.command = [*pinning, str(binary), "worker", "--data-dir", str(data_dir), "--workers", "1", "--preview-workers", "0", *extra_args]
        self.process = None

    def __enter__(self):
        with open(self.log_path, "w") as output:
            self.process = subprocess.Popen(self.command, stdout=output, stderr=output, preexec_fn=die_with_parent)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_text(self):
        return self.log_path.read_text()


class RssPeak:
    """Samples the server's resident memory every 100 ms while the `with` block runs; `.peak_kb` is the largest."""

    def __init__(self, server):
        self.server = server
        self.peak_kb = server.rss_kb()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self.stopped.wait(0.1):
            try:
                self.peak_kb = max(self.peak_kb, self.server.rss_kb())
            except OSError:
                return  # the server is gone; the run will report that

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()


