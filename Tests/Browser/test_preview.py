"""The public pages in headless Chromium against a real `reel serve`: a preview page that follows its render
live and then plays a proxy of the right length, text that looks like markup drawn in the video and never run
on the page, an expired preview's 410, and a finished render's share page."""
import subprocess
import tempfile
import time
import unittest
import urllib.request

from harness import Browser, BrowserTestCase, ReelServer, reelbench, wait_until
from selenium.common.exceptions import NoAlertPresentException

MARKUP = "<img src=x onerror=alert(1)>"


def titled(text, seconds, resolution="hd"):
    """`text` in white over dark blue, `seconds` long."""
    return {
        "timeline": {"tracks": [
            {"clips": [{"asset": {"type": "text", "text": text, "font": {"size": 72, "color": "#ffffff"}}, "start": 0, "length": seconds}]},
            {"clips": [{"asset": {"type": "color", "color": "#203060"}, "start": 0, "length": seconds}]},
        ]},
        "output": {"format": "mp4", "resolution": resolution, "fps": 30},
    }


def media_state(browser):
    return browser.run("const p = document.getElementById('player');"
                       "return p ? {ready: p.readyState, duration: p.duration, time: p.currentTime, error: p.error && p.error.code} : null")


def bright_pixels(url, at):
    """How many pixels of the frame shown at `at` seconds are near white."""
    with tempfile.NamedTemporaryFile(suffix=".mp4") as file:
        with urllib.request.urlopen(url, timeout=30) as response:
            file.write(response.read())
        file.flush()
        frame = subprocess.run(["ffmpeg", "-v", "error", "-ss", str(at), "-i", file.name, "-frames:v", "1", "-f", "rawvideo",
                                "-pix_fmt", "gray", "-"], stdout=subprocess.PIPE, check=True).stdout
    return sum(1 for value in frame if value > 200)


class PreviewPageTests(BrowserTestCase):
    server_args = ("--preview-workers", "1")

    def preview(self, request):
        status, preview = self.server.api("POST", "/v1/previews", request)
        self.assertEqual(status, 201, preview)
        return preview

    def test_the_page_follows_the_render_live_then_plays_a_proxy_of_the_right_length(self):
        # A long preview ahead of it keeps the one preview worker busy, so the page opens before its render.
        blocker = self.preview(titled("busy", 60))
        preview = self.preview(titled("Hello", 3))
        self.browser.driver.get(preview["preview_url"])
        self.browser.wait_for("#progress")
        self.browser.wait_for("#state", text="Waiting for a preview worker")
        self.assertEqual(self.browser.find("#duration").text, "3 s")
        self.assertIn("1280×720", self.browser.find("#size").text)
        self.assertEqual([node.text for node in self.browser.find_all(".clip .label")], ["Hello", "#203060"])

        # No reload: the event stream swaps the progress bar for the player.
        self.browser.wait_for("video#player", timeout=120)
        state = wait_until(lambda: ((s := media_state(self.browser)) and s["ready"] >= 1, s), 30, "the proxy's metadata to load")
        self.assertAlmostEqual(state["duration"], 3, delta=0.15)
        self.browser.run("document.getElementById('player').play()")
        wait_until(lambda: ((s := media_state(self.browser))["time"] > 0.3, s), 15, "the proxy to play")
        self.server.api("DELETE", f"/v1/previews/{blocker['id']}")

    def test_text_that_looks_like_markup_is_drawn_in_the_video_and_never_runs(self):
        preview = self.preview(titled(MARKUP, 2))
        self.browser.driver.get(preview["preview_url"])
        self.browser.wait_for("video#player", timeout=60)
        wait_until(lambda: ((s := media_state(self.browser)) and s["ready"] >= 2, s), 30, "the proxy to load")
        self.assertEqual(self.browser.find(".clip .label").text, MARKUP, "shown as the text it is")
        self.assertEqual(self.browser.find_all("img"), [], "no element was made from it")
        with self.assertRaises(NoAlertPresentException):
            self.browser.driver.switch_to.alert.text
        done = self.server.api("GET", f"/v1/previews/{preview['id']}")[1]
        self.assertGreater(bright_pixels(done["url"], 1), 500, "the text is drawn, white on dark blue")

    def test_a_finished_render_has_a_share_page_with_player_poster_and_download(self):
        request = titled("Share me", 2, resolution="preview")
        request["output"]["poster"] = {"capture": 1}
        job = self.server.wait_for_job(self.server.render(request)["id"])
        self.browser.driver.get(job["viewer_url"])
        video = self.browser.wait_for("video#player")
        self.assertTrue(video.get_attribute("poster"))
        wait_until(lambda: ((s := media_state(self.browser)) and s["ready"] >= 1, s), 30, "the video to load")
        self.assertAlmostEqual(media_state(self.browser)["duration"], 2, delta=0.15)
        download = self.browser.find("#download")
        self.assertEqual(download.get_attribute("href"), job["url"])
        self.assertTrue(download.get_attribute("download").endswith(".mp4"))


class ExpiredPreviewTests(unittest.TestCase):
    def test_an_expired_preview_answers_410_with_a_page_saying_so(self):
        with ReelServer("--preview-lifetime", "1") as server, Browser() as browser:
            status, preview = server.api("POST", "/v1/previews", titled("soon gone", 1, resolution="preview"))
            self.assertEqual(status, 201, preview)
            time.sleep(1.5)
            self.assertEqual(reelbench.http("GET", preview["preview_url"])[0], 410)
            browser.driver.get(preview["preview_url"])
            self.assertIn("expired", browser.wait_for("h1").text)
            self.assertEqual(browser.find_all("video"), [])
            self.assertEqual(server.api("GET", f"/v1/previews/{preview['id']}")[1]["status"], "expired")
            self.assertEqual(browser.problems(), [])


if __name__ == "__main__":
    unittest.main()
