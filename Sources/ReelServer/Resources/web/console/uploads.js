// The media library: files dropped or chosen are uploaded in one request; each upload shows the
// `asset://` source a timeline uses it by.

import { api, uploadFiles } from "./api.js";
import { $, PagedList, count, el, errorView, formatBytes, formatSeconds, formatTime, show } from "./dom.js";

function sizeOf(upload) {
  const parts = [upload.type, formatBytes(upload.size)];
  if (upload.width && upload.height) parts.push(`${upload.width}×${upload.height}`);
  if (upload.duration) parts.push(formatSeconds(upload.duration));
  return parts.join(" · ");
}

export class UploadsView {
  constructor({ onChange }) {
    this.onChange = onChange;
    this.status = $("upload-status");
    this.pages = new PagedList("upload", "/v1/uploads?limit=50", (upload) => this.item(upload));
    const input = $("upload-input");
    input.addEventListener("change", () => { this.upload([...input.files]); input.value = ""; });
    const zone = $("drop-zone");
    zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("dragging"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("dragging");
      this.upload([...event.dataTransfer.files]);
    });
  }

  reload() { return this.pages.reload(); }

  async upload(files) {
    if (!files.length) return;
    const bar = el("progress", { id: "upload-progress", max: 1, value: 0 });
    show(this.status, el("span", {}, `Uploading ${count(files.length, "file")}… `), bar);
    try {
      const answer = await uploadFiles(files, (fraction) => { bar.value = fraction; });
      for (const upload of answer.data.slice().reverse()) this.pages.prepend(this.item(upload));
      show(this.status, el("p", { className: "ok" }, `Uploaded ${answer.data.map((upload) => upload.name).join(", ")}.`));
      this.onChange();
    } catch (error) {
      show(this.status, errorView(error));
    }
  }

  item(upload) {
    const node = el("li", { id: `upload-${upload.id}`, className: "item upload" },
      el("div", { className: "item-head" },
        el("strong", { className: "upload-name" }, upload.name),
        el("span", { className: "facts" }, sizeOf(upload)),
        el("time", { datetime: upload.created_at }, formatTime(upload.created_at))),
      el("div", { className: "actions" },
        el("code", { className: "upload-src" }, upload.src),
        el("button", { type: "button", className: "upload-copy quiet", onclick: (event) => this.copy(upload.src, event.target) }, "Copy"),
        el("button", { type: "button", className: "upload-delete danger", onclick: () => this.remove(upload, node) }, "Delete")));
    return node;
  }

  async copy(text, button) {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch {
      // No clipboard (a page not served over https or loopback): select the text for a manual copy.
      getSelection().selectAllChildren(button.previousElementSibling);
    }
  }

  async remove(upload, node) {
    if (!confirm(`Delete ${upload.name}?`)) return;
    try {
      await api("DELETE", `/v1/uploads/${encodeURIComponent(upload.id)}`);
      node.remove();
      this.pages.refreshEmpty();
      this.onChange();
    } catch (error) {
      node.append(errorView(error));
    }
  }
}
