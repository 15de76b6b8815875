"""What the browser tests and the scripts that drive the console share: a `reel serve` of their own, the
API over plain HTTP, a headless Chromium that keeps its console log, waits with deadlines, screenshots.

The server part is bench/lib/reelbench.py's (a free loopback port, the first key read from stdout, a
wait for /healthz); this adds the debug build, a temporary data folder removed at the end and errors a
test runner reports instead of an exit."""
import json
import os
import unittest
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "lib"))
import reelbench  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WINDOW = (1280, 800)

# A tiny render: 1 s of colour and text at the smallest resolution, done in about a second.
TINY_RENDER = {
    "timeline": {"tracks": [
        {"clips": [{"asset": {"type": "text", "text": "Reel", "font": {"size": 40}}, "start": 0, "length": 1}]},
        {"clips": [{"asset": {"type": "color", "color": "#17324d"}, "start": 0, "length": 1}]},
    ]},
    "output": {"format": "mp4", "resolution": "preview"},
}
FINISHED = {"completed", "failed", "canceled"}


def reel_binary():
    """`REEL_BIN`, or the debug `reel` that `swift build` made."""
    if os.environ.get("REEL_BIN"):
        return Path(os.environ["REEL_BIN"])
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, text=True,
                              stdout=subprocess.PIPE).stdout.strip()
    return Path(bin_path) / "reel"


def wait_until(condition, timeout, what):
    """Polls `condition` (answers (done, seen)) until done; past `timeout` seconds fails with the last `seen`."""
    deadline = time.monotonic() + timeout
    while True:
        done, seen = condition()
        if done:
            return seen
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s; last seen: {seen}")
        time.sleep(0.1)


class ReelServer(reelbench.Server):
    """`with ReelServer() as server:` a server with one worker and a temporary data folder."""

    stop_grace = 5

    def __init__(self, *extra_args, workers=1):
        self.scratch = Path(tempfile.mkdtemp(prefix="reel-browser-"))
        super().__init__(reel_binary(), self.scratch / "data", workers, extra_args)

    def __enter__(self):
        try:
            return super().__enter__()
        except SystemExit as failure:
            self._remove_scratch()
            raise RuntimeError(str(failure)) from None

    def __exit__(self, *exc):
        super().__exit__(*exc)
        self._remove_scratch()

    def _remove_scratch(self):
        shutil.rmtree(self.scratch, ignore_errors=True)

    def api(self, method, path, body=None):
        """Answers (status, parsed JSON body or None)."""
        data = json.dumps(body).encode() if body is not None else None
        status, raw = reelbench.http(method, self.url + path, self.key, data, timeout=30)
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, None

    def render(self, request=TINY_RENDER):
        status, job = self.api("POST", "/v1/renders", request)
        if status != 202:
            raise AssertionError(f"POST /v1/renders answered {status}: {job}")
        return job

    def wait_for_job(self, job_id, timeout=60):
        def finished():
            job = self.api("GET", f"/v1/jobs/{job_id}")[1]
            return job["status"] in FINISHED, job
        return wait_until(finished, timeout, f"job {job_id} to finish")


class Browser:
    """Headless Chromium with a fresh profile. `console_log()` holds every browser console entry so far:
    Chromium hands each entry out once, so they are kept here."""

    def __init__(self, width=WINDOW[0], height=WINDOW[1]):
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                         "--autoplay-policy=no-user-gesture-required", "--hide-scrollbars"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_window_size(width, height)
        self.log = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.driver.quit()

    def console_log(self):
        self.log += self.driver.get_log("browser")
        return self.log

    def problems(self):
        """Script errors and policy violations: what a page that works never logs. An API answer of 4xx is
        logged by Chromium as a failed resource; the console shows those itself, so they are not problems."""
        return [entry["message"] for entry in self.console_log()
                if (entry["level"] == "SEVERE" and "the server responded with a status of 4" not in entry["message"])
                or "Content Security Policy" in entry["message"]]

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def wait_for(self, css, timeout=15, text=None):
        """The first element matching `css` (and showing `text`, if given)."""
        def present():
            found = self.find_all(css)
            matching = [node for node in found if text is None or text in node.text]
            return bool(matching), matching[0] if matching else [node.text for node in found]
        return wait_until(present, timeout, f"{css}" + (f" showing {text!r}" if text else ""))

    def run(self, script, *arguments):
        return self.driver.execute_script(script, *arguments)

    def screenshot(self, path, width=WINDOW[0], height=WINDOW[1]):
        """A `width`×`height` PNG of the viewport at `path` (its folder made if missing)."""
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        # A window's size counts the browser's own frame, even headless; the page's viewport is set exactly here.
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        time.sleep(0.3)  # a frame for the page's layout to follow the new size
        if not self.driver.save_screenshot(str(path)):
            raise AssertionError(f"could not write the screenshot {path}")


def sign_in(browser, server):
    """Opens the console and signs in with the server's first key; answers when the account shows."""
    browser.driver.get(server.url + "/")
    browser.wait_for("#api-key").send_keys(server.key)
    browser.find("#sign-in-button").click()
    browser.wait_for("#account-name", text="default")


class BrowserTestCase(unittest.TestCase):
    """One server for the class (started with `server_args`), a fresh browser for each test, and after
    each test `check_page()`: by default, that the browser logged no error or policy violation."""

    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = ReelServer(*cls.server_args).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def setUp(self):
        self.browser = Browser()

    def tearDown(self):
        try:
            self.check_page()
        finally:
            self.browser.__exit__(None, None, None)

    def check_page(self):
        self.assertEqual(self.browser.problems(), [], "the browser logged errors or policy violations")
