"""The web console in headless Chromium against a real `reel serve`: sign in, jobs followed live, a
validation error at its path, an upload, a finished video playing, a template's form and a project,
and the key kept out of every URL."""
import json
import subprocess
import tempfile
import unittest
from pathlib import Path

from harness import ROOT, TINY_RENDER, BrowserTestCase, sign_in, wait_until

# Long enough to still be rendering when the page loads, so that a job queued behind it is seen live.
SLOW_RENDER = {
    "timeline": {"tracks": [{"clips": [{"asset": {"type": "color", "color": "#444444"}, "start": 0, "length": 60}]}]},
    "output": {"format": "mp4", "resolution": "preview"},
}


class ConsoleTests(BrowserTestCase):
    def check_page(self):
        urls = self.browser.run("return performance.getEntriesByType('resource').map(e => e.name).concat(location.href)")
        self.assertEqual([url for url in urls if self.server.key in url], [], "a key appeared in a request URL")
        self.assertEqual(self.browser.run("return localStorage.length"), 0, "the console wrote to localStorage")
        super().check_page()

    def job_status(self, job_id):
        # Read in one script: the console replaces a job's element when its status changes.
        return self.browser.run("return document.getElementById(arguments[0])?.dataset.status ?? null", f"job-{job_id}")

    def test_a_wrong_key_shows_the_api_error_and_the_right_one_the_account(self):
        self.browser.driver.get(self.server.url + "/")
        self.browser.wait_for("#api-key").send_keys("sk-" + "A" * 40)
        self.browser.find("#sign-in-button").click()
        self.browser.wait_for("#sign-in-error", text="INVALID_API_KEY")
        self.assertIsNone(self.browser.run("return sessionStorage.getItem('reel.apiKey')"))

        sign_in(self.browser, self.server)
        self.assertIn("unlimited", self.browser.find("#account-credits").text)
        self.assertEqual(self.browser.run("return sessionStorage.getItem('reel.apiKey')"), self.server.key)
        self.browser.driver.refresh()
        self.browser.wait_for("#account-name", text="default")

        self.browser.find("#sign-out").click()
        self.browser.wait_for("#sign-in-button")
        self.assertTrue(self.browser.find("#sign-in").is_displayed())
        self.assertIsNone(self.browser.run("return sessionStorage.getItem('reel.apiKey')"))

    def test_jobs_are_followed_live_to_completed_and_a_running_one_canceled(self):
        blocker = self.server.render(SLOW_RENDER)
        # Six unfinished jobs: the console streams four and polls the rest.
        jobs = [self.server.render()["id"] for _ in range(5)]
        sign_in(self.browser, self.server)
        for job in jobs:
            self.browser.wait_for(f"#job-{job}")
            self.assertIn(self.job_status(job), {"queued", "processing"}, "a job finished before the page showed it")
        self.browser.run("window.notReloaded = true")

        self.browser.wait_for(f"#job-{blocker['id']} .job-cancel").click()
        wait_until(lambda: (self.job_status(blocker["id"]) == "canceled", self.job_status(blocker["id"])), 15, "the canceled job to show so")
        statuses = lambda: [self.job_status(job) for job in jobs]  # noqa: E731
        wait_until(lambda: (set(statuses()) == {"completed"}, statuses()), 60, "every job to show completed")
        self.assertTrue(self.browser.run("return window.notReloaded === true"), "the page was reloaded")
        fetched = self.browser.run("""return performance.getEntriesByType('resource')
            .map(e => ({path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd}))""")
        paths = {entry["path"] for entry in fetched}
        self.assertEqual({job for job in jobs if f"/v1/jobs/{job}/events" in paths or f"/v1/jobs/{job}" in paths}, set(jobs),
                         "a job was neither streamed nor polled")
        streams = [entry for entry in fetched if entry["path"].endswith("/events")]
        most_at_once = max(sum(other["start"] <= entry["start"] < other["end"] for other in streams) for entry in streams)
        self.assertLessEqual(most_at_once, 4, "more than four event streams were open at once")
        self.browser.wait_for(f"#job-{jobs[0]} .job-download")

    def test_a_refused_timeline_shows_each_issue_at_its_path(self):
        sign_in(self.browser, self.server)
        self.browser.find("#tab-render").click()
        editor = self.browser.wait_for("#render-request")
        invalid = '{"timeline":{"tracks":[{"clips":[{"asset":{"type":"color","color":"#000000"},"start":0,"length":-1}]}]},"output":{"format":"mp4","resolution":"preview"}}'
        self.browser.run("arguments[0].value = arguments[1]", editor, invalid)
        self.browser.find("#render-submit").click()
        path = self.browser.wait_for("#render-result .issue .issue-path", text="timeline.tracks[0].clips[0].length")
        self.assertTrue(path.is_displayed())

        self.browser.run("arguments[0].value = arguments[1]", editor, '{"timeline": {,}}')
        self.browser.find("#render-check").click()
        self.browser.wait_for("#render-result .error", text="line 1, column 15")

    def test_a_preview_from_the_editor_links_to_its_page_which_plays(self):
        sign_in(self.browser, self.server)
        self.browser.find("#tab-render").click()
        self.browser.wait_for("#render-request")
        self.browser.find("#render-preview").click()
        link = self.browser.wait_for("#preview-link", timeout=30)
        self.assertEqual(link.get_attribute("rel"), "noopener noreferrer")
        self.assertIn("/p/prv_", link.get_attribute("href"))
        self.browser.driver.get(link.get_attribute("href"))
        self.browser.wait_for("video#player", timeout=60)

    def test_a_file_chosen_is_uploaded_and_listed(self):
        with tempfile.TemporaryDirectory() as folder:
            image = Path(folder) / "swatch.png"
            subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=orange:s=64x48", "-frames:v", "1", str(image)],
                           check=True, timeout=30)
            sign_in(self.browser, self.server)
            self.browser.find("#tab-uploads").click()
            self.browser.wait_for("#upload-input").send_keys(str(image))
            item = self.browser.wait_for("#upload-list .upload", text="swatch.png", timeout=30)
        self.assertTrue(item.find_element("css selector", ".upload-src").text.startswith("asset://ast_"))
        self.assertIn("64×48", item.text)
        self.browser.wait_for("#account-storage", text="B of")

    def test_a_finished_video_plays(self):
        job = self.server.wait_for_job(self.server.render()["id"])
        self.assertEqual(job["status"], "completed", job)
        sign_in(self.browser, self.server)
        video = self.browser.wait_for(f"#job-{job['id']} video.job-video")
        self.browser.run("arguments[0].muted = true; arguments[0].play()", video)
        wait_until(lambda: (self.browser.run("return arguments[0].readyState", video) >= 2,
                            self.browser.run("return [arguments[0].readyState, arguments[0].error && arguments[0].error.message]", video)),
                   15, "the video to have data")
        self.assertAlmostEqual(self.browser.run("return arguments[0].duration", video), job["duration"], delta=0.1)
        wait_until(lambda: (self.browser.run("return arguments[0].currentTime", video) > 0.2,
                            self.browser.run("return arguments[0].currentTime", video)), 10, "the video to play")

    def test_a_template_renders_from_the_form_made_of_its_inputs(self):
        template = json.loads((ROOT / "examples" / "templates" / "lower-third.json").read_text())
        status, created = self.server.api("POST", "/v1/templates", {**template, "slug": "browser-lower-third"})
        self.assertEqual(status, 201, created)
        sign_in(self.browser, self.server)
        self.browser.find("#tab-templates").click()
        prefix = f"#template-{created['id']}-input-"
        self.browser.wait_for(prefix + "NAME").send_keys("Ada Lovelace")
        self.assertEqual(self.browser.find(prefix + "ROLE").get_attribute("value"), "Guest")
        seconds = self.browser.find(prefix + "SECONDS")
        seconds.clear()
        seconds.send_keys("1")
        self.browser.find(f"#template-{created['id']} .template-render").click()
        started = self.browser.wait_for(f"#template-{created['id']} .result code", timeout=30).text
        job = self.server.wait_for_job(started)
        self.assertEqual((job["status"], job["template_id"], job["duration"]), ("completed", created["id"], 1), job)
        self.browser.find("#tab-jobs").click()
        self.browser.wait_for(f"#job-{started}[data-status=completed]", timeout=30)

    def test_a_request_saved_as_a_project_renders_from_the_projects_view(self):
        sign_in(self.browser, self.server)
        self.browser.find("#tab-render").click()
        self.browser.run("arguments[0].value = arguments[1]", self.browser.wait_for("#render-request"), json.dumps(TINY_RENDER))
        self.browser.find("#project-name").send_keys("Browser teaser")
        self.browser.find("#project-save").click()
        project_id = self.browser.wait_for("#saved-project-id").text
        self.browser.find("#tab-projects").click()
        item = self.browser.wait_for(f"#project-{project_id}", text="Browser teaser")
        item.find_element("css selector", ".project-render").click()
        started = self.browser.wait_for(f"#project-{project_id} .result code", timeout=30).text
        self.assertEqual(self.server.wait_for_job(started)["project_id"], project_id)


if __name__ == "__main__":
    unittest.main()
