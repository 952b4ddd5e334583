// Country view: a country's happenings over time by quad class, its top partners, and
// the panel on screen as a CSV download.
"use strict";

(() => {
  const { el } = NE;
  const form = document.getElementById("country-form");
  const input = document.getElementById("country");
  const intervalSelect = document.getElementById("country-interval");
  const countSelect = document.getElementById("country-count");
  const timeline = document.getElementById("country-timeline");
  const tools = document.getElementById("country-tools");
  const partnersBox = document.getElementById("partners");

  ActorPicker.attach(input, document.getElementById("country-options"));

  function number(n) {
    return Number.isInteger(n) ? String(n) : n.toFixed(2);
  }

  function partnersTable(data) {
    if (!data.partners.length) {
      return el("p", { class: "empty" }, `No ${TimelineChart.unitName(data)} with another country.`);
    }
    const head = el("tr", {}, el("th", {}, "Partner"), el("th", {}, "Name"),
      el("th", { class: "num" }, TimelineChart.unitName(data)),
      ...[1, 2, 3, 4].map((q) => el("th", { class: "num", title: NE.QUAD_NAMES[q] }, `Q${q}`)),
      el("th", { class: "num" }, "Mean Goldstein"));
    const rows = data.partners.map((p) => {
      const dyad = new URLSearchParams({ a: data.country, b: p.partner, interval: data.interval,
        count: data.count });
      return el("tr", { dataset: { partner: p.partner } },
        el("td", {}, el("a", { href: "/?" + dyad, class: "partner-link" }, p.partner)),
        el("td", {}, p.name || ""),
        el("td", { class: "num" }, number(p.count)),
        ...[1, 2, 3, 4].map((q) => el("td", { class: "num" }, number(p.quad_counts[String(q)]))),
        el("td", { class: "num" }, p.goldstein_mean === null ? "" : p.goldstein_mean.toFixed(2)));
    });
    return el("table", { class: "events", id: "partners-table" }, el("thead", {}, head),
      el("tbody", {}, rows));
  }

  async function show(country, interval, count) {
    const unit = count === "clusters" ? "happenings" : "events";
    document.getElementById("country-title").textContent = `${country}: ${unit} per ${interval}`;
    timeline.replaceChildren(el("p", { class: "empty" }, "Loading\u2026"));
    partnersBox.replaceChildren();
    tools.replaceChildren();
    const query = new URLSearchParams({ interval, count });
    try {
      const data = await NE.getJSON(`/api/countries/${encodeURIComponent(country)}/summary?` + query);
      if (data.name) {
        document.getElementById("country-title").textContent =
          `${data.name} (${country}): ${unit} per ${interval}`;
      }
      TimelineChart.draw(timeline, data, `No ${unit} involving ${country}.`);
      tools.appendChild(TimelineChart.csvLink({
        by: "all", involving: country, split: "quad", interval, count,
      }, "country-csv"));
      const undrawn = TimelineChart.undrawnText(data);
      if (undrawn) tools.appendChild(el("span", { class: "hint" }, undrawn));
      partnersBox.replaceChildren(partnersTable(data), el("p", { class: "hint", id: "domestic" },
        `Besides: ${number(data.domestic)} domestic ${unit} (${country} on both sides).`));
    } catch (err) {
      NE.showError(timeline, err);
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const country = input.value.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(country)) {
      NE.showError(timeline, "a country is three letters (ISO alpha-3), like RUS");
      return;
    }
    const url = new URL(window.location.href);
    url.search = new URLSearchParams({ c: country, interval: intervalSelect.value,
      count: countSelect.value }).toString();
    window.history.replaceState(null, "", url);
    show(country, intervalSelect.value, countSelect.value);
  });

  const params = new URLSearchParams(window.location.search);
  if (params.get("c")) {
    input.value = params.get("c");
    if (params.get("interval")) intervalSelect.value = params.get("interval");
    if (params.get("count")) countSelect.value = params.get("count");
    form.requestSubmit();
  }
})();
