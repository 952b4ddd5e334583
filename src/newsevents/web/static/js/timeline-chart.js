// A timeline chart: stacked bars per quad class and the mean Goldstein line, drawn from
// {interval, count, buckets: [{period, quad_counts, goldstein_mean}]} (dyad explorer,
// country view).
"use strict";

const TimelineChart = (() => {
  const { el } = NE;
  const DAY_MS = 86400000;
  const INTERVAL_MS = { day: DAY_MS, week: 7 * DAY_MS, month: 30 * DAY_MS, year: 365 * DAY_MS };
  const TICK_FORMAT = { day: "%b %-d, %Y", week: "%b %-d, %Y", month: "%b %Y", year: "%Y" };
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

  function unitName(data) {
    return data.count === "clusters" ? "happenings" : "events";
  }

  function draw(container, data, emptyText) {
    const periods = data.buckets.map((b) => b.period);
    if (!periods.length) {
      container.replaceChildren(el("p", { class: "empty" }, emptyText));
      return;
    }
    container.replaceChildren();
    const traces = [1, 2, 3, 4].map((quad) => ({
      type: "bar",
      name: NE.QUAD_NAMES[quad],
      x: periods,
      y: data.buckets.map((b) => b.quad_counts[String(quad)] || 0),
      marker: { color: NE.QUAD_COLORS[quad] },
      width: periods.map(() => 0.8 * INTERVAL_MS[data.interval]),
      hovertemplate: "%{y} " + unitName(data) + "<extra>" + NE.QUAD_NAMES[quad] + "</extra>",
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
      yaxis: { title: { text: unitName(data) }, rangemode: "tozero" },
      yaxis2: {
        title: { text: "mean Goldstein" }, overlaying: "y", side: "right", range: [-10.5, 10.5],
        tickvals: [-10, -5, 0, 5, 10], zeroline: false, showgrid: false,
      },
      paper_bgcolor: "#fff",
      plot_bgcolor: "#fff",
      font: { family: "system-ui, DejaVu Sans, sans-serif", size: 12 },
    };
    Plotly.newPlot(container, traces, layout, { displaylogo: false, responsive: true });
  }

  // "3 happenings fit no week (month-precise 2, undated 1)", or null.
  function undrawnText(data) {
    const entries = Object.entries(data.undrawn || {});
    const total = entries.reduce((sum, [, n]) => sum + n, 0);
    if (!total) return null;
    const parts = entries.map(([precision, n]) => `${precision} ${n}`).join(", ");
    return `${total} ${unitName(data)} fit no single ${data.interval} (dated to: ${parts}) ` +
      "and are not drawn.";
  }

  // A link that downloads the panel on screen as CSV (GET /api/panel?format=csv).
  function csvLink(params, id) {
    const query = new URLSearchParams({ ...params, format: "csv" });
    return el("a", { class: "download", id, href: "/api/panel?" + query, download: "" },
      "Download CSV");
  }

  return { draw, undrawnText, csvLink, unitName };
})();
