// The API as the console uses it. The key lives in this tab's sessionStorage and only ever travels in
// the Authorization header: never in a URL, where logs, history and Referer headers would keep it.

const KEY_ENTRY = "reel.apiKey";

export const session = {
  get key() { return sessionStorage.getItem(KEY_ENTRY); },
  remember(key) { sessionStorage.setItem(KEY_ENTRY, key); },
  forget() { sessionStorage.removeItem(KEY_ENTRY); },
};

/** An answer other than 2xx, carrying the API's `{error: {code, message, details}}`. */
export class APIError extends Error {
  constructor(status, body) {
    const error = body?.error ?? {};
    super(error.message ?? `the server answered ${status}`);
    this.status = status;
    this.code = error.code ?? `HTTP_${status}`;
    this.details = error.details ?? null;
  }
}

/** No answer at all: the server is down or the network is. */
const unreachable = () => new APIError(0, { error: { code: "NETWORK", message: "the server could not be reached" } });

function authorization() {
  return { Authorization: `Bearer ${session.key}` };
}

async function readJSON(response) {
  const text = await response.text();
  try { return text ? JSON.parse(text) : null; } catch { return null; }
}

/** `body` is sent as is when a string (the user's JSON, unparsed), else as JSON. */
export async function api(method, path, body) {
  const init = { method, headers: authorization() };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  const response = await fetch(path, init).catch(() => { throw unreachable(); });
  const data = await readJSON(response);
  if (!response.ok) throw new APIError(response.status, data);
  return data;
}

/** Multipart upload through XMLHttpRequest, the one browser API that reports upload progress. */
export function uploadFiles(files, onProgress) {
  const form = new FormData();
  for (const file of files) form.append("files", file, file.name);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/v1/uploads");
    request.setRequestHeader("Authorization", authorization().Authorization);
    request.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); };
    request.onload = () => {
      let data = null;
      try { data = JSON.parse(request.responseText); } catch { /* not JSON: the status says enough */ }
      if (request.status >= 200 && request.status < 300) resolve(data);
      else reject(new APIError(request.status, data));
    };
    request.onerror = () => reject(unreachable());
    request.send(form);
  });
}

/**
 * Follows `GET /v1/jobs/{id}/events` until the stream ends or `signal` aborts. EventSource cannot send
 * an Authorization header, so the stream is read with fetch and split into frames here.
 */
export async function followJobEvents(id, onJob, signal) {
  const response = await fetch(`/v1/jobs/${encodeURIComponent(id)}/events`, {
    headers: { ...authorization(), Accept: "text/event-stream" }, signal,
  });
  if (!response.ok) throw new APIError(response.status, await readJSON(response));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  let frame = { event: "message", data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    pending += value;
    const lines = pending.split("\n");
    pending = lines.pop();
    for (const raw of lines) {
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (line === "") {
        if (frame.event === "job" && frame.data.length) onJob(JSON.parse(frame.data.join("\n")));
        frame = { event: "message", data: [] };
      } else if (line.startsWith("event:")) {
        frame.event = line.slice(6).trim();
      } else if (line.startsWith("data:")) {
        frame.data.push(line.slice(5).replace(/^ /, ""));
      }
    }
  }
}
