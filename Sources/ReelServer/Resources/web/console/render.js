// The "New render" view: a render request as JSON, priced, rendered, previewed or kept as a project.

import { APIError, api } from "./api.js";
import { $, el, errorView, formatSeconds, show } from "./dom.js";

const EXAMPLE = {
  timeline: {
    tracks: [
      { clips: [{ asset: { type: "text", text: "Hello from Reel", font: { size: 48 } }, start: 0, length: 2 }] },
      { clips: [{ asset: { type: "color", color: "#17324d" }, start: 0, length: 2 }] },
    ],
  },
  output: { format: "mp4", resolution: "preview" },
};

/** The line and column of a JSON.parse error, from the offset its message gives (V8 and Firefox differ). */
function jsonError(text, error) {
  const offset = Number(error.message.match(/position (\d+)/)?.[1] ?? NaN);
  const lineColumn = error.message.match(/line (\d+) column (\d+)/);
  let where = "";
  if (lineColumn) where = ` at line ${lineColumn[1]}, column ${lineColumn[2]}`;
  else if (Number.isFinite(offset)) {
    const before = text.slice(0, offset).split("\n");
    where = ` at line ${before.length}, column ${before.at(-1).length + 1}`;
  }
  const reason = error.message.replace(/^JSON\.parse: /, "").replace(/ in JSON at position \d+.*$/, "");
  return new APIError(0, { error: { code: "INVALID_JSON", message: `the request is not valid JSON${where}: ${reason}` } });
}

/**
 * `POST /v1/previews` and a link to the preview page it answers, opened in a new tab. The link stays:
 * a browser may block a tab opened after an await.
 */
export async function requestPreview(body, container) {
  try {
    const preview = await api("POST", "/v1/previews", body);
    const link = el("a", { id: "preview-link", className: "preview-link", href: preview.preview_url, target: "_blank", rel: "noopener noreferrer" }, "Open the preview");
    show(container, el("p", { className: "ok" }, "Preview ready: ", link, preview.expires_at ? ` (until ${new Date(preview.expires_at).toLocaleString()})` : ""));
    window.open(preview.preview_url, "_blank", "noopener,noreferrer");
  } catch (error) {
    show(container, errorView(error));
  }
}

export class RenderView {
  constructor({ onJob, onProject }) {
    this.onJob = onJob;
    this.onProject = onProject;
    this.editor = $("render-request");
    this.result = $("render-result");
    this.editor.value = JSON.stringify(EXAMPLE, null, 2);
    $("render-check").addEventListener("click", () => this.run(async (body) => this.showCost(await api("POST", "/v1/renders/cost", body))));
    $("render-submit").addEventListener("click", () => this.run(async (body) => this.started(await api("POST", "/v1/renders", body))));
    this.editor.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("render-submit").click();
    });
    $("render-preview").addEventListener("click", () => this.run((body) => requestPreview(body, this.result)));
    $("project-save").addEventListener("click", () => this.run(async (body) => this.saved(await api("POST", "/v1/projects", this.withProjectName(body)))));
  }

  /** Checks the JSON here first, so a typo is pointed at without a round trip; then sends the text as written. */
  async run(action) {
    const text = this.editor.value;
    try {
      JSON.parse(text);
    } catch (error) {
      show(this.result, errorView(jsonError(text, error)));
      return;
    }
    show(this.result, el("p", { className: "working" }, "Working…"));
    try {
      await action(text);
    } catch (error) {
      show(this.result, errorView(error));
    }
  }

  withProjectName(text) {
    const name = $("project-name").value.trim();
    return name ? JSON.stringify({ ...JSON.parse(text), name }) : text;
  }

  showCost(cost) {
    show(this.result, el("dl", { id: "render-cost", className: "facts-list" },
      el("dt", {}, "Credits"), el("dd", { id: "cost-credits" }, String(cost.credits)),
      el("dt", {}, "Duration"), el("dd", { id: "cost-duration" }, formatSeconds(cost.duration)),
      el("dt", {}, "Size"), el("dd", { id: "cost-size" }, `${cost.width}×${cost.height}`),
      el("dt", {}, "Quality"), el("dd", {}, String(cost.quality ?? "—"))));
  }

  started(job) {
    show(this.result, el("p", { className: "ok" }, "Started ", el("code", { id: "render-job-id" }, job.id), ". It is first under Jobs."));
    this.onJob(job);
  }

  saved(project) {
    show(this.result, el("p", { className: "ok" }, "Saved project ", el("code", { id: "saved-project-id" }, project.id), " (under Projects)."));
    this.onProject(project);
  }
}
