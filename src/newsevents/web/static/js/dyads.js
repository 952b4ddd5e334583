// Dyad explorer: two actors -> events per interval by quad class, mean Goldstein, event table.
"use strict";

(() => {
  const { el } = NE;
  const MAX_TABLE_EVENTS = 2000;
  const form = document.getElementById("dyad-form");
  const inputA = document.getElementById("actor-a");
  const inputB = document.getElementById("actor-b");
  const intervalSelect = document.getElementById("interval");
  const countSelect = document.getElementById("count");
  const timeline = document.getElementById("timeline");
  const tableBox = document.getElementById("event-table");
  const filterInput = document.getElementById("table-filter");
  const datalist = document.getElementById("actor-options");
  const includeBox = document.getElementById("include-not-happened");
  const busiestList = document.getElementById("busiest-dyads");
  const confidenceInput = document.getElementById("min-confidence");

  ActorPicker.attach(inputA, datalist);
  ActorPicker.attach(inputB, datalist);

  // Both directions, each event once; a side matches a country or an actor code.
  // minConfidence (optional): only events at least that confident.
  async function fetchDyadEvents(a, b, minConfidence) {
    const found = [];
    let cursor = null;
    do {
      const params = new URLSearchParams({ dyad: `${a}:${b}`, limit: "500" });
      if (minConfidence) params.set("min_confidence", minConfidence);
      if (cursor) params.set("cursor", cursor);
      const page = await NE.getJSON("/api/events?" + params);
      found.push(...page.events);
      cursor = page.next_cursor;
    } while (cursor && found.length < MAX_TABLE_EVENTS);
    return found;
  }

  const REASONS = [
    ["negated", "negated: the text says it did not happen"],
    ["not_yet", "had not happened yet: future, conditional, threatened or hypothetical"],
    ["undated", "no date: neither the event's own nor its article's"],
    ["imprecise", "dated less precisely than the interval"],
  ];
  const LISTED_PER_REASON = 10;
  // How an event's or a happening's date precision reads when it is too coarse to draw.
  const UNDRAWN_NAMES = {
    week: "only to the week",
    month: "only to the month",
    year: "only to the year",
    before: "only as before a date",
    range: "only to a range of days",
    unknown: "not at all",
  };

  function leftOutItem(event) {
    const sentence = (event.sentence || "").trim();
    const short = sentence.length > 140 ? sentence.slice(0, 137) + "\u2026" : sentence;
    const coarse = event.date && UNDRAWN_NAMES[event.date_precision];
    return el(
      "li",
      { dataset: { event: event.event_id } },
      NE.statusBadge(event) || el("span", { class: "tag" }, event.date ? event.date_precision || "dated" : "undated"),
      " ",
      el("a", { href: NE.articleHref(event.article_id, event.event_id) }, EventTable.dateLabel(event) || "undated"),
      coarse ? ` (dated ${coarse})` : "",
      ` ${NE.actorsLabel(event.source)} \u2192 ${NE.actorsLabel(event.target)} ${event.plover || event.cameo}: `,
      el("span", { class: "sentence", title: sentence }, `\u201C${short}\u201D`),
    );
  }

  // Say what the timeline leaves out, and why: the events (from the timeline's
  // left_out: negated, not yet happened, undated, dated less precisely than the
  // interval) listed with their badges, and what it counts (events or happenings) that
  // is dated too coarsely for the interval (its undrawn).
  function timelineNote(data, events) {
    const onTimeline = data.buckets.reduce((sum, b) => sum + b.events, 0);
    const groups = REASONS.map(([key, why]) => [key, why, data.left_out[key]]).filter(([, , g]) => g && g.count);
    const left = groups.reduce((sum, [, , g]) => sum + g.count, 0);
    const happenings = data.count === "clusters";
    const undrawn = Object.entries(data.undrawn || {})
      .filter(([, n]) => n > 0)
      .map(([precision, n]) => `${n} dated ${UNDRAWN_NAMES[precision] || precision}`);
    if (!groups.length && !undrawn.length && !happenings) return null;
    const lead = happenings
      ? `${onTimeline} of the happenings between ${data.a} and ${data.b} are on the timeline, ` +
        `each counted once however many of the events below report it` +
        (left ? `; ${left} events left out:` : ".")
      : `${onTimeline} of ${onTimeline + left} events are on the timeline` + (left ? `; ${left} left out:` : ".");
    const note = el("div", { class: "hint", id: "timeline-note" }, el("p", {}, lead));
    const byId = new Map(events.map((e) => [e.event_id, e]));
    for (const [key, why, group] of groups) {
      const listed = group.event_ids.map((id) => byId.get(id)).filter(Boolean).slice(0, LISTED_PER_REASON);
      const more = group.count - listed.length;
      const title = key === "imprecise" ? `${why} (${data.interval})` : why;
      note.appendChild(
        el(
          "div",
          { class: "left-out", dataset: { reason: key } },
          el("strong", {}, `${group.count} ${title}`),
          el("ul", {}, listed.map(leftOutItem), more > 0 ? el("li", {}, `\u2026 and ${more} more`) : null),
        ),
      );
    }
    if (undrawn.length) {
      const unit = happenings ? "happenings" : "events";
      note.appendChild(
        el("p", { dataset: { reason: "undrawn" } }, `Not drawn per ${data.interval}, ${unit}: ${undrawn.join(", ")}.`),
      );
    }
    if (data.factual && groups.some(([key]) => key === "negated" || key === "not_yet")) {
      note.appendChild(el("p", {}, "Tick \u201CInclude events that did not happen\u201D to count them too."));
    }
    return note;
  }

  // Highlight the busiest-pair button of the pair on show, if it is one of them.
  function markCurrent(a, b) {
    for (const button of busiestList.querySelectorAll("button")) {
      button.classList.toggle("current", button.dataset.pair === `${a}:${b}` || button.dataset.pair === `${b}:${a}`);
    }
  }

  async function show(a, b, interval, count, includeAll, minConfidence) {
    const unit = count === "clusters" ? "happenings" : "events";
    document.getElementById("timeline-title").textContent = `${a} \u2194 ${b}: ${unit} per ${interval}`;
    document.getElementById("table-title").textContent = `Events between ${a} and ${b}`;
    markCurrent(a, b);
    timeline.replaceChildren(el("p", { class: "empty" }, "Loading\u2026"));
    tableBox.replaceChildren(el("p", { class: "empty" }, "Loading\u2026"));
    const params = new URLSearchParams({ interval, count, factual: includeAll ? "false" : "true" });
    const path = `/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/timeline?${params}`;
    const [data, events] = await Promise.allSettled([NE.getJSON(path), fetchDyadEvents(a, b, minConfidence)]);
    if (data.status === "fulfilled") {
      TimelineChart.draw(timeline, data.value, "No events between these actors.");
      const tools = document.getElementById("timeline-tools");
      tools.replaceChildren(TimelineChart.csvLink({
        by: "all", dyad: `${a}:${b}`, directed: "false", split: "quad", interval, count,
      }, "timeline-csv"));
      if (events.status === "fulfilled") {
        const note = timelineNote(data.value, events.value);
        const old = document.getElementById("timeline-note");
        if (old) old.remove();
        if (note) timeline.parentNode.appendChild(note);
      }
    } else {
      NE.showError(timeline, data.reason);
    }
    if (events.status === "fulfilled") {
      const shown = includeAll ? events.value : events.value.filter(NE.happened);
      const floor = minConfidence ? `confidence at least ${minConfidence}` : null;
      EventTable.render(tableBox, shown, filterInput, events.value.length - shown.length, floor);
    } else {
      NE.showError(tableBox, events.reason);
    }
  }

  function submit() {
    const a = inputA.value.trim().toUpperCase();
    const b = inputB.value.trim().toUpperCase();
    const interval = intervalSelect.value;
    const count = countSelect.value;
    // An empty or out-of-range box is no floor (the box itself shows it is invalid).
    const minConfidence = confidenceInput.value.trim() && confidenceInput.checkValidity() ? confidenceInput.value.trim() : "";
    if (!a || !b) return;
    const oldNote = document.getElementById("timeline-note");
    if (oldNote) oldNote.remove();
    const url = new URL(window.location.href);
    const query = { a, b, interval, count };
    if (includeBox.checked) query.all = "1";
    if (minConfidence) query.min_confidence = minConfidence;
    url.search = new URLSearchParams(query).toString();
    window.history.replaceState(null, "", url);
    show(a, b, interval, count, includeBox.checked, minConfidence);
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    submit();
  });
  for (const control of [includeBox, countSelect, confidenceInput]) {
    control.addEventListener("change", () => {
      if (inputA.value.trim() && inputB.value.trim()) submit();
    });
  }

  // The busiest pairs of countries in the store: one click shows a pair.
  async function listBusiest() {
    try {
      const data = await NE.getJSON("/api/dyads?limit=8");
      busiestList.replaceChildren(
        ...data.dyads.map((d) =>
          el(
            "li",
            {},
            el(
              "button",
              {
                type: "button",
                dataset: { pair: `${d.a}:${d.b}` },
                title: `${d.events} events on ${d.days} days, ${d.first_date} to ${d.last_date}`,
                onclick: () => {
                  inputA.value = d.a;
                  inputB.value = d.b;
                  submit();
                },
              },
              `${d.a} \u2194 ${d.b} (${d.events})`,
            ),
          ),
        ),
      );
      markCurrent(inputA.value.trim().toUpperCase(), inputB.value.trim().toUpperCase());
      if (!data.dyads.length) {
        busiestList.replaceChildren(el("li", { class: "hint" }, "none yet: ingest some articles (newsevents ingest PATH)"));
      }
      return data.dyads;
    } catch (err) {
      NE.showError(busiestList, err);
      return [];
    }
  }

  // Open on the pair the URL names, else on the busiest pair of the store.
  (async () => {
    const params = new URLSearchParams(window.location.search);
    includeBox.checked = params.get("all") === "1";
    if (params.get("interval")) intervalSelect.value = params.get("interval");
    if (params.get("count")) countSelect.value = params.get("count");
    if (params.get("min_confidence")) confidenceInput.value = params.get("min_confidence");
    const busiest = listBusiest();
    if (params.get("a") && params.get("b")) {
      inputA.value = params.get("a");
      inputB.value = params.get("b");
      submit();
      return;
    }
    const dyads = await busiest;
    if (dyads.length) {
      inputA.value = dyads[0].a;
      inputB.value = dyads[0].b;
      submit();
    } else {
      timeline.replaceChildren(el("p", { class: "empty" }, "The store has no events between two countries yet."));
    }
  })();
})();
