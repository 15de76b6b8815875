// Projects and templates: stored requests the console renders or previews with a click.

import { api } from "./api.js";
import { PagedList, count, el, errorView, formatSeconds, formatTime, show } from "./dom.js";
import { requestPreview } from "./render.js";

/** The part of an item where the outcome of its buttons is shown. */
function resultArea() {
  return el("div", { className: "result", "aria-live": "polite" });
}

export class ProjectsView {
  constructor({ onJob }) {
    this.onJob = onJob;
    this.pages = new PagedList("project", "/v1/projects?limit=20", (project) => this.item(project));
  }

  reload() { return this.pages.reload(); }

  add(project) { this.pages.prepend(this.item(project)); }

  item(project) {
    const result = resultArea();
    const node = el("li", { id: `project-${project.id}`, className: "item project" },
      el("div", { className: "item-head" },
        el("strong", { className: "project-name" }, project.name ?? project.id),
        el("span", { className: `badge status-${project.status}` }, project.status),
        el("time", { datetime: project.updated_at }, formatTime(project.updated_at))),
      el("p", { className: "facts" },
        [`version ${project.version}`, `${project.width}×${project.height}`, formatSeconds(project.duration), project.format, count(project.credits, "credit")].join(" · ")),
      el("div", { className: "actions" },
        el("button", { type: "button", className: "project-render primary", onclick: () => this.render(project, result) }, "Render"),
        el("button", { type: "button", className: "project-preview", onclick: () => requestPreview({ project_id: project.id }, result) }, "Preview"),
        el("button", { type: "button", className: "project-delete danger", onclick: () => this.remove(project, node, result) }, "Delete")),
      result);
    return node;
  }

  async render(project, result) {
    try {
      const answer = await api("POST", `/v1/projects/${encodeURIComponent(project.id)}/renders`, {});
      const job = answer.already_rendered ? answer.job : answer;
      show(result, el("p", { className: "ok" }, answer.already_rendered ? "Already rendered as " : "Started ", el("code", {}, job.id), "."));
      this.onJob(job);
    } catch (error) {
      show(result, errorView(error));
    }
  }

  async remove(project, node, result) {
    if (!confirm(`Delete the project ${project.name ?? project.id} and its outputs?`)) return;
    try {
      await api("DELETE", `/v1/projects/${encodeURIComponent(project.id)}`);
      node.remove();
      this.pages.refreshEmpty();
    } catch (error) {
      show(result, errorView(error));
    }
  }
}

const INPUT_TYPES = { number: "number", url: "url" };

export class TemplatesView {
  constructor({ onJob }) {
    this.onJob = onJob;
    this.pages = new PagedList("template", "/v1/templates?limit=20", (template) => this.item(template));
  }

  reload() { return this.pages.reload(); }

  item(template) {
    const result = resultArea();
    const fields = template.inputs.map((input) => this.field(template, input));
    const form = el("form", { className: "template-form" }, ...fields.map((field) => field.row),
      el("div", { className: "actions" },
        el("button", { type: "button", className: "template-preview", onclick: () => requestPreview({ template_id: template.id, input: this.values(fields) }, result) }, "Preview"),
        el("button", { type: "submit", className: "template-render primary" }, "Render")));
    form.addEventListener("submit", (event) => { event.preventDefault(); this.render(template, this.values(fields), result); });
    return el("li", { id: `template-${template.id}`, className: "item template" },
      el("div", { className: "item-head" },
        el("strong", { className: "template-name" }, template.name),
        template.slug && el("code", {}, template.slug),
        el("time", { datetime: template.updated_at }, formatTime(template.updated_at))),
      template.description && el("p", { className: "facts" }, template.description),
      form, result);
  }

  field(template, input) {
    const id = `template-${template.id}-input-${input.name}`;
    const control = el("input", {
      id, name: input.name, type: INPUT_TYPES[input.type] ?? "text", step: input.type === "number" ? "any" : null,
      required: input.required, value: input.default === null ? null : String(input.default),
      placeholder: { color: "#RRGGBB", asset: "asset://ast_… or https://…" }[input.type] ?? null,
    });
    const row = el("div", { className: "field" },
      el("label", { for: id }, input.name, input.required ? " *" : "", el("span", { className: "hint" }, ` ${input.type}`)),
      control,
      input.description && el("span", { className: "hint" }, input.description));
    return { input, control, row };
  }

  /** Empty fields are left out, so the template's defaults apply; numbers go as JSON numbers. */
  values(fields) {
    const values = {};
    for (const { input, control } of fields) {
      if (control.value === "") continue;
      values[input.name] = input.type === "number" ? Number(control.value) : control.value;
    }
    return values;
  }

  async render(template, input, result) {
    try {
      const job = await api("POST", `/v1/templates/${encodeURIComponent(template.id)}/renders`, { input });
      show(result, el("p", { className: "ok" }, "Started ", el("code", {}, job.id), "."));
      this.onJob(job);
    } catch (error) {
      show(result, errorView(error));
    }
  }
}
