// Render one article with its coded events: the body with event spans, triggers and
// actors highlighted, the events listed beside it, the removed junk lines collapsed.
// Used by the article page and the "code an article" page. Text goes in as text nodes.
"use strict";

const ArticleView = (() => {
  const { el } = NE;
  const EVENT = 1;
  const TRIGGER = 2;
  const SOURCE = 4;
  const TARGET = 8;

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // Mark every whole-word occurrence of `needle` inside text[start:end].
  function markAll(flags, owner, text, start, end, needle, bit, eventId) {
    if (!needle || needle.length < 2) return 0;
    const pattern = new RegExp("(^|[^\\p{L}\\p{N}])(" + escapeRegExp(needle) + ")(?=$|[^\\p{L}\\p{N}])", "giu");
    const region = text.slice(start, end);
    let found = 0;
    for (const match of region.matchAll(pattern)) {
      const from = start + match.index + match[1].length;
      for (let i = from; i < from + match[2].length; i++) {
        flags[i] |= bit;
        if (owner && owner[i] === null) owner[i] = eventId;
      }
      found += 1;
    }
    return found;
  }

  // The sentence an event came from, as a range of the article text (falls back to its span).
  function sentenceRange(text, event, span) {
    if (event.sentence) {
      const near = text.lastIndexOf(event.sentence, span[0]);
      const at = near >= 0 && near + event.sentence.length >= span[0] ? near : text.indexOf(event.sentence);
      if (at >= 0) return [at, at + event.sentence.length];
    }
    return span;
  }

  function annotate(text, events) {
    const flags = new Uint8Array(text.length);
    const owner = new Array(text.length).fill(null);
    for (const event of events) {
      const spans = event.spans && event.spans.length ? event.spans : [event.span];
      for (const raw of spans) {
        if (!raw || raw.length !== 2) continue;
        const span = [Math.max(0, raw[0]), Math.min(text.length, raw[1])];
        if (span[1] <= span[0]) continue;
        for (let i = span[0]; i < span[1]; i++) flags[i] |= EVENT;
        const isTriggerSpan = event.trigger && span[1] - span[0] <= event.trigger.length + 2;
        if (isTriggerSpan) {
          for (let i = span[0]; i < span[1]; i++) {
            flags[i] |= TRIGGER;
            if (owner[i] === null) owner[i] = event.event_id;
          }
        } else if (!markAll(flags, owner, text, span[0], span[1], event.trigger, TRIGGER, event.event_id)) {
          const [s0, s1] = sentenceRange(text, event, span);
          markAll(flags, owner, text, s0, s1, event.trigger, TRIGGER, event.event_id);
        }
        const [s0, s1] = sentenceRange(text, event, span);
        for (const actor of event.source || []) markAll(flags, null, text, s0, s1, actor.text, SOURCE);
        for (const actor of event.target || []) markAll(flags, null, text, s0, s1, actor.text, TARGET);
      }
    }
    return { flags, owner };
  }

  function classesFor(bits) {
    const names = [];
    if (bits & EVENT) names.push("event-span");
    if (bits & TRIGGER) names.push("trigger");
    if (bits & SOURCE) names.push("actor-source");
    else if (bits & TARGET) names.push("actor-target");
    return names.join(" ");
  }

  // One <p> per paragraph; runs of equally marked characters become one <mark>.
  function renderBody(paragraphs, events) {
    const text = paragraphs.join("\n\n");
    const { flags, owner } = annotate(text, events);
    const body = el("div", { class: "article-body" });
    const firstTrigger = new Set();
    let offset = 0;
    for (const paragraph of paragraphs) {
      const p = el("p");
      let i = 0;
      while (i < paragraph.length) {
        const at = offset + i;
        let j = i + 1;
        while (j < paragraph.length && flags[offset + j] === flags[at] && owner[offset + j] === owner[at]) j++;
        const chunk = paragraph.slice(i, j);
        if (flags[at]) {
          const eventId = owner[at];
          const attrs = { class: classesFor(flags[at]) };
          if (eventId) {
            attrs.dataset = { event: eventId };
            if (!firstTrigger.has(eventId)) {
              attrs.id = "trig-" + eventId;
              firstTrigger.add(eventId);
            }
          }
          p.appendChild(el("mark", attrs, chunk));
        } else {
          p.appendChild(document.createTextNode(chunk));
        }
        i = j;
      }
      body.appendChild(p);
      offset += paragraph.length + 2;
    }
    return body;
  }

  // The other articles reporting the event's happening (its event cluster).
  function clusterNote(event, clusters, articleId) {
    const cluster = clusters && event.cluster_id ? clusters[event.cluster_id] : null;
    if (!cluster) return null;
    const others = (cluster.articles || []).filter((a) => a.id !== articleId);
    const counts = `${cluster.num_articles} article${cluster.num_articles === 1 ? "" : "s"}, ` +
      `${cluster.num_sources} source${cluster.num_sources === 1 ? "" : "s"}`;
    if (!others.length) return el("div", { class: "cluster-note" }, `Happening reported here only (${counts})`);
    return el(
      "details",
      { class: "cluster-note", dataset: { cluster: cluster.cluster_id } },
      el("summary", {}, `Also reported by ${others.length} other article${others.length === 1 ? "" : "s"} (${counts})`),
      el(
        "ul",
        {},
        others.map((a) =>
          el(
            "li",
            {},
            el("a", { href: "/articles/" + encodeURIComponent(a.id) }, a.title || a.id),
            " \u00B7 ",
            [a.outlet, a.date].filter(Boolean).join(" \u00B7 "),
            a.original_id ? el("span", { class: "tag" }, "copy of " + a.original_id) : null,
          ),
        ),
      ),
    );
  }

  function eventCard(event, clusters, articleId) {
    const quad = event.quad_class || 0;
    const factual = NE.happened(event);
    // The same badge as the tables' for an event that did not happen; "reported" (it
    // happened, on someone's word) stays a plain tag.
    const tags = [NE.statusBadge(event)];
    if (event.modality === "reported") tags.push(el("span", { class: "tag" }, "reported"));
    const details = [
      "CAMEO " + event.cameo,
      event.goldstein === null || event.goldstein === undefined ? null : "Goldstein " + event.goldstein,
      event.date ? "on " + event.date : null,
      event.location && event.location.name ? "at " + event.location.name : null,
    ].filter(Boolean);
    return el(
      "div",
      {
        class: "event-card q" + quad + (factual ? "" : " not-factual"),
        id: "ev-" + event.event_id,
        dataset: { event: event.event_id },
      },
      el(
        "div",
        { class: "dyad" },
        el("span", { class: "src" }, NE.actorsLabel(event.source)),
        " \u2192 ",
        el("span", { class: "tgt" }, NE.actorsLabel(event.target)),
        " ",
        NE.quadBadge(event),
        " ",
        tags,
      ),
      el("div", { class: "detail" }, "trigger \u201C", event.trigger || "", "\u201D \u00B7 ", details.join(" \u00B7 ")),
      clusterNote(event, clusters, articleId),
    );
  }

  function focusEvent(root, eventId) {
    for (const node of root.querySelectorAll("mark.focus, .event-card.focus")) node.classList.remove("focus");
    const marks = [...root.querySelectorAll("mark[data-event]")].filter((m) => m.dataset.event === eventId);
    for (const mark of marks) mark.classList.add("focus");
    if (marks.length) marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function junkSection(label, lines) {
    if (!lines || !lines.length) return null;
    return el(
      "details",
      { class: "junk" },
      el("summary", {}, `${label} (${lines.length})`),
      el("ul", {}, lines.map((line) => el("li", {}, line))),
    );
  }

  function metaLine(article) {
    const parts = [];
    if (article.date) parts.push(el("span", {}, article.date));
    if (article.dateline && article.dateline.place) parts.push(el("span", {}, article.dateline.place));
    if (article.outlet) parts.push(el("span", {}, article.outlet));
    const href = NE.safeUrl(article.url);
    if (href) parts.push(el("span", {}, el("a", { href, rel: "noopener noreferrer" }, "source page")));
    if (article.id !== article.url) parts.push(el("span", {}, "id " + article.id)); // else "source page" says it
    return el("div", { class: "article-meta" }, parts);
  }

  function render(container, article, events, clusters) {
    const paragraphs = article.paragraphs && article.paragraphs.length ? article.paragraphs : [article.text || ""];
    const textPanel = el(
      "section",
      { class: "panel" },
      el("h1", { class: "article-title" }, article.title || "(untitled)"),
      metaLine(article),
      article.dek ? el("p", { class: "dek" }, article.dek) : null,
      el(
        "div",
        { class: "legend" },
        el("span", {}, el("mark", { class: "trigger" }, "trigger")),
        el("span", {}, el("mark", { class: "actor-source" }, "source actor")),
        el("span", {}, el("mark", { class: "actor-target" }, "target actor")),
        el("span", {}, el("mark", { class: "event-span" }, "event span")),
      ),
      renderBody(paragraphs, events),
      junkSection("Removed junk lines", article.boilerplate),
      junkSection("Related headlines", article.related_headlines),
    );
    const list = el("div", { class: "event-list" });
    if (!events.length) list.appendChild(el("p", { class: "empty" }, "No events coded in this article."));
    for (const event of events) list.appendChild(eventCard(event, clusters, article.id));
    const side = el("aside", { class: "panel" }, el("h2", {}, `Coded events (${events.length})`), list);
    const layout = el("div", { class: "article-layout" }, textPanel, side);
    container.replaceChildren(layout);
    list.addEventListener("click", (ev) => {
      if (ev.target.closest(".cluster-note")) return;
      const card = ev.target.closest(".event-card");
      if (card) focusEvent(layout, card.dataset.event);
    });
    return layout;
  }

  return { render, focusEvent };
})();
