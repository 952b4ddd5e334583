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

  ActorPicker.attach(inputA, datalist);
  ActorPicker.attach(inputB, datalist);

  // Both directions, each event once; a side matches a country or an actor code.
  async function fetchDyadEvents(a, b) {
    const found = [];
    let cursor = null;
    do {
      const params = new URLSearchParams({ dyad: `${a}:${b}`, limit: "500" });
      if (cursor) params.set("cursor", cursor);
      const page = await NE.getJSON("/api/events?" + params);
      found.push(...page.events);
      cursor = page.next_cursor;
    } while (cursor && found.length < MAX_TABLE_EVENTS);
    return found;
  }

  // How the timeline names what it cannot draw at this interval.
  const UNDRAWN_NAMES = {
    week: "only to the week",
    month: "only to the month",
    year: "only to the year",
    before: "only as before a date",
    unknown: "not at all",
  };

  // Say how many table events the timeline leaves out: negated, not yet happened,
  // undated, or dated less precisely than the interval (a month-precise event is not
  // drawn on a day).
  function timelineNote(data, events) {
    const onTimeline = data.buckets.reduce((sum, b) => sum + b.events, 0);
    const undrawn = Object.entries(data.undrawn || {})
      .filter(([, n]) => n > 0)
      .map(([precision, n]) => `${n} dated ${UNDRAWN_NAMES[precision] || precision}`);
    const coarse = undrawn.length ? ` Not drawn per ${data.interval}: ${undrawn.join(", ")}.` : "";
    if (data.count === "clusters") {
      return el(
        "p",
        { class: "hint", id: "timeline-note" },
        `${onTimeline} happenings on the timeline, reported by ${events.length} coded events below ` +
          "(happenings that did not happen yet, were denied, have no date or are dated less " +
          "precisely than the interval are left out)." + coarse,
      );
    }
    const left = events.length - onTimeline;
    if (left <= 0) return null;
    return el(
      "p",
      { class: "hint", id: "timeline-note" },
      `${onTimeline} of ${events.length} events are on the timeline; the others are negated, ` +
        "had not happened yet, have no date, or are dated less precisely than the interval." + coarse,
    );
  }

  async function show(a, b, interval, count) {
    const unit = count === "clusters" ? "happenings" : "events";
    document.getElementById("timeline-title").textContent = `${a} \u2194 ${b}: ${unit} per ${interval}`;
    document.getElementById("table-title").textContent = `Events between ${a} and ${b}`;
    timeline.replaceChildren(el("p", { class: "empty" }, "Loading\u2026"));
    tableBox.replaceChildren(el("p", { class: "empty" }, "Loading\u2026"));
    const path = `/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/timeline?interval=${interval}&count=${count}`;
    const [data, events] = await Promise.allSettled([NE.getJSON(path), fetchDyadEvents(a, b)]);
    if (data.status === "fulfilled") {
      TimelineChart.draw(timeline, data.value, "No events between these actors.");
      const tools = document.getElementById("timeline-tools");
      tools.replaceChildren(TimelineChart.csvLink({
        by: "all", dyad: `${a}:${b}`, directed: "false", split: "quad", interval, count,
      }, "timeline-csv"));
      if (events.status === "fulfilled") {
        const note = timelineNote(data.value, events.value);
        if (note) timeline.parentNode.appendChild(note);
      }
    } else {
      NE.showError(timeline, data.reason);
    }
    if (events.status === "fulfilled") EventTable.render(tableBox, events.value, filterInput);
    else NE.showError(tableBox, events.reason);
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const a = inputA.value.trim().toUpperCase();
    const b = inputB.value.trim().toUpperCase();
    const interval = intervalSelect.value;
    const count = countSelect.value;
    if (!a || !b) return;
    const oldNote = document.getElementById("timeline-note");
    if (oldNote) oldNote.remove();
    const url = new URL(window.location.href);
    url.search = new URLSearchParams({ a, b, interval, count }).toString();
    window.history.replaceState(null, "", url);
    show(a, b, interval, count);
  });

  const params = new URLSearchParams(window.location.search);
  if (params.get("a") && params.get("b")) {
    inputA.value = params.get("a");
    inputB.value = params.get("b");
    if (params.get("interval")) intervalSelect.value = params.get("interval");
    if (params.get("count")) countSelect.value = params.get("count");
    form.requestSubmit();
  }
})();
