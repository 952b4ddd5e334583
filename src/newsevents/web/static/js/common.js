// Shared helpers for the dashboard pages. Every piece of data reaches the page through
// text nodes (el() below), never through innerHTML, so article text stays inert.
"use strict";

const NE = (() => {
  const QUAD_NAMES = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
  };
  const QUAD_COLORS = { 1: "#4c9f70", 2: "#1d6b43", 3: "#e0913a", 4: "#c0392b" };

  // Build an element: attributes are set with setAttribute, children become text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "dataset") {
        for (const [dk, dv] of Object.entries(value)) node.dataset[dk] = String(dv);
      } else if (key.startsWith("on") && typeof value === "function") {
        node.addEventListener(key.slice(2), value);
      } else {
        node.setAttribute(key, String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Only http(s) links from data become clickable (no javascript: URLs).
  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      const parsed = new URL(url, window.location.origin);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (_err) {
      return null;
    }
  }

  async function getJSON(url, options) {
    const response = await fetch(url, options);
    let body = null;
    try {
      body = await response.json();
    } catch (_err) {
      body = null;
    }
    if (!response.ok) {
      const detail = body && body.detail ? body.detail : response.statusText;
      const error = new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function actorLabel(actor) {
    if (!actor) return "?";
    return actor.code || actor.name || actor.text || "?";
  }

  function actorsLabel(actors) {
    return actors && actors.length ? actors.map(actorLabel).join(", ") : "\u2014";
  }

  function articleHref(articleId, eventId) {
    const base = "/articles/" + encodeURIComponent(articleId);
    return eventId ? base + "#ev-" + encodeURIComponent(eventId) : base;
  }

  // Events with these modalities (and not negated) happened; the others had not, yet.
  const HAPPENED = new Set(["asserted", "reported"]);
  const MODALITY_NOTES = {
    future: "planned or announced: had not happened yet",
    conditional: "would happen only if something else did",
    threat: "threatened: had not happened",
    hypothetical: "hypothetical: did not happen",
  };

  function happened(event) {
    return !event.negated && HAPPENED.has(event.modality || "asserted");
  }

  // Why an event did not happen, as one word ("negated", "future", ...), or null.
  function notHappenedReason(event) {
    if (event.negated) return "negated";
    return HAPPENED.has(event.modality || "asserted") ? null : event.modality;
  }

  // A badge for an event that did not happen (null for one that did).
  function statusBadge(event) {
    const reason = notHappenedReason(event);
    if (!reason) return null;
    const title = reason === "negated" ? "the text says it did not happen" : MODALITY_NOTES[reason] || reason;
    return el("span", { class: "badge status " + reason, title, dataset: { status: reason } }, reason);
  }

  function quadBadge(event) {
    const quad = event.quad_class || 0;
    const label = event.plover || ("CAMEO " + event.cameo_root);
    return el("span", { class: "badge q" + quad, title: QUAD_NAMES[quad] || "" }, label);
  }

  function setText(node, text) {
    node.textContent = text;
  }

  function showError(node, err) {
    node.replaceChildren(el("p", { class: "error" }, "Error: " + (err && err.message ? err.message : err)));
  }

  // Mark the current page in the top bar and show store totals.
  async function initChrome() {
    const path = window.location.pathname;
    for (const link of document.querySelectorAll(".topbar nav a")) {
      const href = link.getAttribute("href");
      if (href === path || (href !== "/" && path.startsWith(href))) link.classList.add("active");
    }
    const stats = document.getElementById("store-stats");
    if (!stats) return;
    try {
      const s = await getJSON("/api/stats");
      setText(stats, `${s.articles} articles \u00B7 ${s.events} events`);
    } catch (_err) {
      setText(stats, "store unavailable");
    }
  }

  document.addEventListener("DOMContentLoaded", initChrome);

  return {
    QUAD_NAMES, QUAD_COLORS, el, safeUrl, getJSON, actorLabel, actorsLabel, articleHref,
    quadBadge, statusBadge, happened, notHappenedReason, setText, showError,
  };
})();
