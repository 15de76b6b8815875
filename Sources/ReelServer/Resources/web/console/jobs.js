// The jobs view: the account's jobs, newest first, with live progress for those still running.

import { api, followJobEvents } from "./api.js";
import { $, PagedList, count, el, errorView, formatBytes, formatSeconds, formatTime } from "./dom.js";

const ACTIVE = new Set(["queued", "processing"]);
// Each stream holds a connection open; browsers allow six per host over HTTP/1.1, and the console's own
// API calls need the rest. Jobs past this many are polled instead.
const MAX_STREAMS = 4;
const POLL_INTERVAL_MS = 2000;

/** A same-origin path for a signed file URL: the server's public URL may name another host than the one
 *  the console was opened by, and the page's policy lets media come from its own origin only. */
function sameOrigin(url) {
  const parsed = new URL(url, location.href);
  return parsed.pathname + parsed.search;
}

function playerFor(job) {
  const src = sameOrigin(job.url);
  if (["mp4", "webm", "mov"].includes(job.format)) {
    return el("video", { className: "job-video", controls: true, preload: "metadata", src, poster: job.poster_url && sameOrigin(job.poster_url) });
  }
  if (["mp3", "wav"].includes(job.format)) return el("audio", { className: "job-audio", controls: true, preload: "metadata", src });
  return el("img", { className: "job-image", src, alt: `output of ${job.id}` });
}

/** "processing · rendering · 42 %" while a job runs, else its status. */
function statusText(job) {
  if (!ACTIVE.has(job.status)) return job.status;
  return [job.status, job.stage, `${Math.floor(job.progress)} %`].filter(Boolean).join(" · ");
}

export class JobsView {
  constructor({ onChange }) {
    this.onChange = onChange;
    this.jobs = new Map();
    this.streams = new Map();
    this.polled = new Set();
    this.pages = new PagedList("job", "/v1/jobs?limit=20", (job) => this.item(job));
    this.polling = false;
    setInterval(() => this.poll(), POLL_INTERVAL_MS);
  }

  reload() { return this.pages.reload(); }

  /** A job the console just started: shown first and followed. */
  add(job) {
    if (this.jobs.has(job.id)) return this.update(job);
    this.pages.prepend(this.item(job));
  }

  stop() {
    for (const controller of this.streams.values()) controller.abort();
    this.streams.clear();
    this.polled.clear();
    this.jobs.clear();
  }

  item(job) {
    this.jobs.set(job.id, job);
    if (ACTIVE.has(job.status)) this.follow(job.id);
    return this.itemNode(job);
  }

  itemNode(job) {
    const active = ACTIVE.has(job.status);
    const facts = [
      job.duration !== null && formatSeconds(job.duration), job.resolution, job.format, job.file_size !== null && formatBytes(job.file_size),
      job.credits_used !== null && count(job.credits_used, "credit"),
    ].filter(Boolean).join(" · ");
    return el("li", { id: `job-${job.id}`, className: `item job status-${job.status}`, "data-status": job.status },
      el("div", { className: "item-head" },
        el("code", { className: "job-id" }, job.id),
        el("span", { className: `badge job-status status-${job.status}` }, statusText(job)),
        el("time", { className: "job-created", datetime: job.created_at }, formatTime(job.created_at))),
      active && el("progress", { className: "job-progress", max: 100, value: job.progress }, `${job.progress} %`),
      el("p", { className: "facts" }, facts),
      job.error && el("p", { className: "error job-error" }, `${job.error.code}: ${job.error.message}`),
      job.status === "completed" && job.url && playerFor(job),
      el("div", { className: "actions" },
        active && el("button", { type: "button", className: "job-cancel", onclick: () => this.cancel(job.id) }, "Cancel"),
        job.status === "completed" && job.url && el("a", { className: "job-download", href: sameOrigin(job.url), download: "" }, "Download")));
  }

  update(job) {
    const before = this.jobs.get(job.id);
    const node = $(`job-${job.id}`);
    if (!node || !before) return;
    if (before.status === job.status && before.stage === job.stage && before.progress === job.progress && before.url === job.url) return;
    this.jobs.set(job.id, job);
    if (before.status === job.status && ACTIVE.has(job.status)) {
      // Progress only: move the bar without rebuilding, so a busy list does not flicker.
      node.querySelector(".job-progress").value = job.progress;
      node.querySelector(".job-status").textContent = statusText(job);
      return;
    }
    node.replaceWith(this.itemNode(job));
    if (!ACTIVE.has(job.status)) {
      this.polled.delete(job.id);
      this.onChange();
    }
  }

  follow(id) {
    if (this.streams.has(id) || this.polled.has(id)) return;
    if (this.streams.size >= MAX_STREAMS) { this.polled.add(id); return; }
    const controller = new AbortController();
    this.streams.set(id, controller);
    followJobEvents(id, (job) => this.update(job), controller.signal)
      .catch(() => { /* a stream that failed is polled below */ })
      .finally(() => {
        if (this.streams.get(id) !== controller) return;
        this.streams.delete(id);
        // A stream cut before the job ended: polling it is safer than reconnecting in a loop.
        const unfinished = ACTIVE.has(this.jobs.get(id)?.status);
        if (unfinished) this.polled.add(id);
        this.promotePolled(id);
      });
  }

  /** A stream slot came free: the oldest polled job other than `freedBy` gets it. */
  promotePolled(freedBy) {
    const next = [...this.polled].find((id) => id !== freedBy);
    if (next === undefined) return;
    this.polled.delete(next);
    this.follow(next);
  }

  async poll() {
    // A round slower than the interval must not overlap the next one.
    if (this.polling) return;
    this.polling = true;
    for (const id of [...this.polled]) {
      try { this.update(await api("GET", `/v1/jobs/${encodeURIComponent(id)}`)); } catch { /* the next round tries again */ }
    }
    this.polling = false;
  }

  async cancel(id) {
    const node = $(`job-${id}`);
    try {
      this.update(await api("DELETE", `/v1/jobs/${encodeURIComponent(id)}`));
    } catch (error) {
      node?.append(errorView(error));
    }
  }
}
