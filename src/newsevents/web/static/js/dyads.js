// Dyad explorer: two actors -> events per interval by quad class, mean Goldstein, event table.
"use strict";

(() => {
  const { el } = NE;
  const MAX_TABLE_EVENTS = 2000;
  const form = document.getElementById("dyad-form");
  const inputA = document.getElementById("actor-a");
  const inputB = document.getElementById("actor-b");
  const intervalSelect = document.getElementById("interval");
  const timeline = document.getElementById("timeline");
  const tableBox = document.getElementById("event-table");
  const filterInput = document.getElementById("table-filter");
  const datalist = document.getElementById("actor-options");
  const includeBox = document.getElementById("include-not-happened");
  const busiestList = document.getElementById("busiest-dyads");

  ActorPicker.attach(inputA, datalist);
  ActorPicker.attach(inputB, datalist);

  const DAY_MS = 86400000;
  const INTERVAL_MS = { day: DAY_MS, week: 7 * DAY_MS, month: 30 * DAY_MS };
  const TICK_FORMAT = { day: "%b %-d, %Y", week: "%b %-d, %Y", month: "%b %Y" };
  // Show at least this many intervals, so one or two buckets are bars, not a wall.
  const MIN_SPAN_INTERVALS = 14;

  // Plotly's date-axis string for a time in ms (UTC, as the periods are).
  function plotlyDate(ms) {
    return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
  }

  function xRange(periods, interval) {
    const step = INTERVAL_MS[interval];
    const first = Date.parse(periods[0]);
    const last = Date.parse(periods[periods.length - 1]);
    const pad = Math.max(step, (MIN_SPAN_INTERVALS * step - (last - first)) / 2);
    return [plotlyDate(first - pad), plotlyDate(last + pad)];
  }

  function drawTimeline(data) {
    const periods = data.buckets.map((b) => b.period);
    if (!periods.length) {
      timeline.replaceChildren(el("p", { class: "empty" }, "No events between these actors."));
      return;
    }
    timeline.replaceChildren();
    const traces = [1, 2, 3, 4].map((quad) => ({
      type: "bar",
      name: NE.QUAD_NAMES[quad],
      x: periods,
      y: data.buckets.map((b) => b.quad_counts[String(quad)] || 0),
      marker: { color: NE.QUAD_COLORS[quad] },
      width: periods.map(() => 0.8 * INTERVAL_MS[data.interval]),
      hovertemplate: "%{y} events<extra>" + NE.QUAD_NAMES[quad] + "</extra>",
    }));
    traces.push({
      type: "scatter",
      mode: "lines+markers",
      name: "Mean Goldstein",
      x: periods,
      y: data.buckets.map((b) => b.goldstein_mean),
      yaxis: "y2",
      line: { color: "#17324d", width: 2 },
      marker: { size: 7, line: { color: "#fff", width: 1.5 } },
      connectgaps: true,
      hovertemplate: "Goldstein %{y:.2f}<extra></extra>",
    });
    const layout = {
      barmode: "stack",
      margin: { l: 50, r: 60, t: 10, b: 40 },
      height: 380,
      legend: { orientation: "h", y: 1.12 },
      xaxis: {
        type: "date", title: { text: data.interval }, range: xRange(periods, data.interval),
        tickformat: TICK_FORMAT[data.interval],
      },
      yaxis: { title: { text: "events" }, rangemode: "tozero" },
      yaxis2: {
        title: { text: "mean Goldstein" }, overlaying: "y", side: "right", range: [-10.5, 10.5],
        tickvals: [-10, -5, 0, 5, 10], zeroline: false, showgrid: false,
      },
      paper_bgcolor: "#fff",
      plot_bgcolor: "#fff",
      font: { family: "system-ui, DejaVu Sans, sans-serif", size: 12 },
    };
    Plotly.newPlot(timeline, traces, layout, { displaylogo: false, responsive: true });
  }

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

  const REASONS = [
    ["negated", "negated: the text says it did not happen"],
    ["not_yet", "had not happened yet: future, conditional, threatened or hypothetical"],
    ["undated", "no date: neither the event's own nor its article's"],
  ];
  const LISTED_PER_REASON = 10;

  function leftOutItem(event) {
    const sentence = (event.sentence || "").trim();
    const short = sentence.length > 140 ? sentence.slice(0, 137) + "\u2026" : sentence;
    return el(
      "li",
      { dataset: { event: event.event_id } },
      NE.statusBadge(event) || el("span", { class: "tag" }, "undated"),
      " ",
      el("a", { href: NE.articleHref(event.article_id, event.event_id) }, event.date || "undated"),
      ` ${NE.actorsLabel(event.source)} \u2192 ${NE.actorsLabel(event.target)} ${event.plover || event.cameo}: `,
      el("span", { class: "sentence", title: sentence }, `\u201C${short}\u201D`),
    );
  }

  // Say which events the timeline leaves out, and why (from the timeline's left_out).
  function timelineNote(data, events) {
    const onTimeline = data.buckets.reduce((sum, b) => sum + b.events, 0);
    const groups = REASONS.map(([key, why]) => [key, why, data.left_out[key]]).filter(([, , g]) => g.count);
    if (!groups.length) return null;
    const left = groups.reduce((sum, [, , g]) => sum + g.count, 0);
    const byId = new Map(events.map((e) => [e.event_id, e]));
    const note = el(
      "div",
      { class: "hint", id: "timeline-note" },
      el("p", {}, `${onTimeline} of ${onTimeline + left} events are on the timeline; ${left} left out:`),
    );
    for (const [key, why, group] of groups) {
      const listed = group.event_ids.map((id) => byId.get(id)).filter(Boolean).slice(0, LISTED_PER_REASON);
      const more = group.count - listed.length;
      note.appendChild(
        el(
          "div",
          { class: "left-out", dataset: { reason: key } },
          el("strong", {}, `${group.count} ${why}`),
          el("ul", {}, listed.map(leftOutItem), more > 0 ? el("li", {}, `\u2026 and ${more} more`) : null),
        ),
      );
    }
    if (!data.factual || !groups.some(([key]) => key !== "undated")) return note;
    note.appendChild(el("p", {}, "Tick \u201CInclude events that did not happen\u201D to count them too."));
    return note;
  }

  // Highlight the busiest-pair button of the pair on show, if it is one of them.
  function markCurrent(a, b) {
    for (const button of busiestList.querySelectorAll("button")) {
      button.classList.toggle("current", button.dataset.pair === `${a}:${b}` || button.dataset.pair === `${b}:${a}`);
    }
  }

  async function show(a, b, interval, includeAll) {
    document.getElementById("timeline-title").textContent = `${a} \u2194 ${b}: events per ${interval}`;
    document.getElementById("table-title").textContent = `Events between ${a} and ${b}`;
    markCurrent(a, b);
    timeline.replaceChildren(el("p", { class: "empty" }, "Loading\u2026"));
    tableBox.replaceChildren(el("p", { class: "empty" }, "Loading\u2026"));
    const params = new URLSearchParams({ interval, factual: includeAll ? "false" : "true" });
    const path = `/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/timeline?${params}`;
    const [data, events] = await Promise.allSettled([NE.getJSON(path), fetchDyadEvents(a, b)]);
    if (data.status === "fulfilled") {
      drawTimeline(data.value);
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
      EventTable.render(tableBox, shown, filterInput, events.value.length - shown.length);
    } else {
      NE.showError(tableBox, events.reason);
    }
  }

  function submit() {
    const a = inputA.value.trim().toUpperCase();
    const b = inputB.value.trim().toUpperCase();
    const interval = intervalSelect.value;
    if (!a || !b) return;
    const oldNote = document.getElementById("timeline-note");
    if (oldNote) oldNote.remove();
    const url = new URL(window.location.href);
    const query = { a, b, interval };
    if (includeBox.checked) query.all = "1";
    url.search = new URLSearchParams(query).toString();
    window.history.replaceState(null, "", url);
    show(a, b, interval, includeBox.checked);
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    submit();
  });
  includeBox.addEventListener("change", () => {
    if (inputA.value.trim() && inputB.value.trim()) submit();
  });

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
