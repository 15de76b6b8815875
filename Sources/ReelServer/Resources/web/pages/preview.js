// The preview page's live progress: a token-scoped event stream (EventSource sends no headers, and
// the page's own address is the only credential it needs), replaced by the player once the proxy exists.
"use strict";

const page = document.getElementById("preview");

function showPlayer(event) {
    const stage = document.getElementById("stage");
    const tag = event.kind === "image" ? "img" : event.kind === "audio" ? "audio" : "video";
    const player = document.createElement(tag);
    player.id = "player";
    player.src = event.url;
    if (tag === "img") {
        player.alt = "The preview's frame";
    } else {
        player.controls = true;
        player.preload = "metadata";
        player.setAttribute("playsinline", "");
    }
    stage.replaceChildren(player);
}

function showState(event) {
    const state = document.getElementById("state");
    const bar = document.getElementById("progress");
    if (bar) bar.value = event.progress;
    if (event.status === "failed" || event.status === "canceled") {
        state.textContent = "The preview could not be rendered: " + (event.error || event.status);
    } else if (event.status === "queued") {
        state.textContent = "Waiting for a preview worker…";
    } else {
        state.textContent = "Rendering the preview… " + Math.round(event.progress) + " %";
    }
}

if (page && !document.getElementById("player") && !document.getElementById("error")) {
    const source = new EventSource(page.dataset.events);
    source.addEventListener("progress", (message) => {
        const event = JSON.parse(message.data);
        if (event.status === "completed" && event.url) {
            source.close();
            showPlayer(event);
            return;
        }
        showState(event);
        if (event.status === "failed" || event.status === "canceled") source.close();
    });
    // The stream ends after the last state; a gone preview answers 410, and EventSource would retry for ever.
    source.addEventListener("error", () => {
        if (source.readyState === EventSource.CLOSED) {
            document.getElementById("state").textContent = "The preview is no longer available; reload the page.";
            return;
        }
        setTimeout(() => {
            if (source.readyState !== EventSource.OPEN) source.close();
        }, 10000);
    });
}
