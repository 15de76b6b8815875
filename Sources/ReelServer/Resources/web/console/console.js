// The Reel web console: sign in with an API key, then jobs, new renders, uploads, projects, templates.
//
// Stable hooks for tests and scripts (ids unless marked as classes):
//   sign in       #api-key, #sign-in-button, #sign-in-error; #account-name, #account-credits,
//                 #account-storage, #sign-out
//   tabs          #tab-jobs, #tab-render, #tab-uploads, #tab-projects, #tab-templates; views #view-{name}
//   jobs          #job-list > li#job-{id}[data-status] with .job-status, .job-progress, .job-video,
//                 .job-download, .job-cancel; #jobs-more, #jobs-refresh
//   new render    #render-request, #render-check, #render-submit, #render-preview, #render-result
//                 (errors: .error > .issue > .issue-path + .issue-message; price: #cost-credits);
//                 #project-name, #project-save; #preview-link once a preview is made
//   uploads       #upload-input, #drop-zone, #upload-status, #upload-list > li#upload-{id} with
//                 .upload-name, .upload-src, .upload-delete
//   projects      #project-list > li#project-{id} with .project-render, .project-preview, .project-delete
//   templates     #template-list > li#template-{id} with inputs #template-{id}-input-{NAME},
//                 .template-preview, .template-render

import { api, session } from "./api.js";
import { $, formatBytes, show } from "./dom.js";
import { JobsView } from "./jobs.js";
import { ProjectsView, TemplatesView } from "./library.js";
import { RenderView } from "./render.js";
import { UploadsView } from "./uploads.js";

const VIEWS = ["jobs", "render", "uploads", "projects", "templates"];

class Console {
  constructor() {
    // After an action the figures are a nicety: a failure to fetch them must not break the action.
    const refreshAccount = () => this.refreshAccount().catch(() => {});
    this.jobs = new JobsView({ onChange: refreshAccount });
    const onJob = (job) => { this.jobs.add(job); refreshAccount(); };
    this.projects = new ProjectsView({ onJob });
    this.templates = new TemplatesView({ onJob });
    this.uploads = new UploadsView({ onChange: refreshAccount });
    this.render = new RenderView({ onJob, onProject: (project) => this.projects.add(project) });
    this.loaded = new Set();

    $("sign-in-form").addEventListener("submit", (event) => { event.preventDefault(); this.signIn($("api-key").value.trim()); });
    $("sign-out").addEventListener("click", () => this.signOut());
    for (const name of VIEWS) $(`tab-${name}`).addEventListener("click", () => this.open(name));
    if (session.key) this.signIn(session.key);
  }

  async signIn(key) {
    session.remember(key);
    try {
      await this.refreshAccount();
    } catch (error) {
      session.forget();
      $("sign-in-error").textContent = `${error.code}: ${error.message}`;
      return;
    }
    $("api-key").value = "";
    $("sign-in-error").textContent = "";
    $("sign-in").hidden = true;
    $("console").hidden = false;
    $("account").hidden = false;
    this.open("jobs");
  }

  signOut() {
    session.forget();
    this.jobs.stop();
    this.loaded.clear();
    for (const name of VIEWS) $(`view-${name}`).querySelectorAll("ol.items").forEach((list) => list.replaceChildren());
    show($("render-result"));
    show($("upload-status"));
    $("console").hidden = true;
    $("account").hidden = true;
    $("sign-in").hidden = false;
    $("api-key").focus();
  }

  async refreshAccount() {
    const account = await api("GET", "/v1/account");
    $("account-name").textContent = account.name;
    $("account-credits").textContent = account.unlimited ? "unlimited credits" : `${account.credits} credits`;
    $("account-storage").textContent = `${formatBytes(account.storage_used)} of ${formatBytes(account.storage_quota)} stored`;
  }

  /** Shows a view; its list is fetched the first time it is opened, and again with its Refresh button. */
  async open(name) {
    for (const view of VIEWS) {
      $(`view-${view}`).hidden = view !== name;
      $(`tab-${view}`).setAttribute("aria-current", view === name ? "page" : "false");
    }
    const lists = { jobs: this.jobs, uploads: this.uploads, projects: this.projects, templates: this.templates };
    if (!lists[name] || this.loaded.has(name)) return;
    this.loaded.add(name);
    try {
      await lists[name].reload();
      $("notice").hidden = true;
    } catch (error) {
      this.loaded.delete(name);
      const notice = $("notice");
      notice.hidden = false;
      notice.textContent = `${error.code}: ${error.message}`;
    }
  }
}

new Console();
