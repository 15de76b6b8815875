// Building the page. Every string goes in through textContent or an attribute, never as HTML, so
// whatever a user named a file, a project or a template is shown and never run.

import { api } from "./api.js";

/** `el("a", {href, className: "x", onclick}, "text", child)`: props that are functions become listeners. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === "function") node.addEventListener(name.replace(/^on/, ""), value);
    else if (name === "className" || name === "textContent" || name === "value") node[name] = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

export const $ = (id) => document.getElementById(id);

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return "—";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The browser's own locale and time zone: the API's times are UTC. */
export function formatTime(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }) : "—";
}

/** `count(1, "credit")` is "1 credit", `count(2, "credit")` "2 credits". */
export function count(number, noun) {
  return `${number} ${noun}${number === 1 ? "" : "s"}`;
}

export function formatSeconds(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  return `${Number(seconds).toFixed(seconds < 10 ? 1 : 0)} s`;
}

/** An API error as a person reads it: the message, then each issue under the JSON path it names. */
export function errorView(error) {
  const listed = error.details?.issues ?? [];
  const unlisted = error.details?.unlisted_issues ?? 0;
  // A refused timeline's message joins every issue; listed one by one they read better.
  const headline = listed.length ? `${count(listed.length + unlisted, "problem")} in the request:` : error.message;
  const issues = listed.length ? listed : error.details?.path ? [{ path: error.details.path, message: "" }] : [];
  const view = el("div", { className: "error", role: "alert" }, el("p", {}, el("strong", {}, `${error.code}: `), headline));
  if (issues.length) {
    view.append(el("ul", { className: "issues" }, ...issues.map((issue) =>
      el("li", { className: "issue" }, el("code", { className: "issue-path" }, issue.path || "(request)"), " ", el("span", { className: "issue-message" }, issue.message)))));
  }
  if (unlisted) view.append(el("p", {}, `and ${unlisted} more`));
  return view;
}

/** Replaces what `container` shows. */
export function show(container, ...children) {
  container.replaceChildren(...children.filter(Boolean));
}

/**
 * A list the API pages with `next_cursor`, built in the page's `div#{name}s.paged`: ol#{name}-list, the
 * container's data-empty text as #{name}s-empty, and a #{name}s-more button. The first page comes on
 * `reload()` (and the view's #{name}s-refresh button, if it has one), the next on "Load more";
 * `render(item)` makes an item's element.
 */
export class PagedList {
  constructor(name, path, render) {
    const container = $(`${name}s`);
    Object.assign(this, {
      path, render,
      list: el("ol", { id: `${name}-list`, className: "items" }),
      empty: el("p", { id: `${name}s-empty`, className: "empty", hidden: true }, container.dataset.empty),
      more: el("button", { type: "button", id: `${name}s-more`, hidden: true, onclick: () => this.load() }, "Load more"),
    });
    container.append(this.list, this.empty, this.more);
    this.cursor = null;
    $(`${name}s-refresh`)?.addEventListener("click", () => this.reload());
  }

  async reload() {
    this.cursor = null;
    this.list.replaceChildren();
    await this.load();
  }

  async load() {
    const separator = this.path.includes("?") ? "&" : "?";
    const cursor = this.cursor ? `${separator}cursor=${encodeURIComponent(this.cursor)}` : "";
    const page = await api("GET", `${this.path}${cursor}`);
    this.list.append(...page.data.map((item) => this.render(item)));
    this.cursor = page.next_cursor;
    this.more.hidden = !this.cursor;
    this.refreshEmpty();
  }

  prepend(node) {
    this.list.prepend(node);
    this.refreshEmpty();
  }

  refreshEmpty() {
    this.empty.hidden = this.list.childElementCount > 0;
  }
}
