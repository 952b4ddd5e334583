// Event map: coded events grouped by place on an offline world outline.
"use strict";

(() => {
  const { el } = NE;
  const MAX_MAP_EVENTS = 5000;
  const form = document.getElementById("map-form");
  const mapBox = document.getElementById("worldmap");
  const placeBox = document.getElementById("place-events");
  const placeTitle = document.getElementById("place-title");

  ActorPicker.attach(document.getElementById("map-actor"), document.getElementById("actor-options"));

  // Events, or happenings (event clusters: each once, placed by its representative event).
  async function fetchItems(filters, count) {
    const items = [];
    const endpoint = count === "clusters" ? "/api/clusters?" : "/api/events?";
    let cursor = null;
    do {
      const params = new URLSearchParams({ ...filters, limit: "500" });
      if (cursor) params.set("cursor", cursor);
      const page = await NE.getJSON(endpoint + params);
      items.push(...(count === "clusters" ? page.clusters : page.events));
      cursor = page.next_cursor;
    } while (cursor && items.length < MAX_MAP_EVENTS);
    return items;
  }

  function clusterTable(clusters) {
    const rows = clusters.map((c) =>
      el(
        "tr",
        {},
        el("td", {}, c.date || ""),
        el("td", {}, `${c.source_code || c.source_country || "?"} \u2192 ${c.target_code || c.target_country || "\u2014"}`),
        el(
          "td",
          {},
          c.plover || "CAMEO " + c.cameo,
          // A happening its reports say did not (yet) happen, shown when the box is ticked.
          c.factual ? null : [" ", el("span", { class: "badge status", title: "reported as negated, or not happened yet" }, "not happened")],
        ),
        el("td", {}, String(c.num_articles)),
        el("td", {}, String(c.num_sources)),
        el("td", {}, (c.outlets || []).join(", ")),
      ),
    );
    return el(
      "table",
      { class: "event-table" },
      el("thead", {}, el("tr", {}, ["date", "dyad", "type", "articles", "sources", "outlets"].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows),
    );
  }

  // One group per place: events sharing a name and coordinates. A place's precision
  // says how it is drawn: a city as a dot, a region (Darfur, Donbas) as a ring, a
  // country as the country shaded, never as a dot on its capital.
  function groupByPlace(events) {
    const places = new Map();
    for (const event of events) {
      const loc = event.location;
      if (!loc) continue;
      const precision = loc.precision || "city";
      if (precision !== "country" && (loc.lat === null || loc.lon === null || loc.lat === undefined)) continue;
      if (precision === "country" && !loc.country) continue;
      const key = precision === "country" ? `country|${loc.country}` : `${loc.name}|${loc.lat}|${loc.lon}`;
      if (!places.has(key)) {
        places.set(key, { name: loc.name, country: loc.country, lat: loc.lat, lon: loc.lon, precision, events: [] });
      }
      places.get(key).events.push(event);
    }
    return [...places.values()];
  }

  // unit: "events", or "happenings" (event clusters).
  function placeText(p, unit) {
    const kind = p.precision === "city" ? "" : ` — ${p.precision}`;
    return `${p.name}${p.country && p.precision !== "country" ? " (" + p.country + ")" : ""}${kind}: ${p.events.length} ${unit}`;
  }

  function markerTrace(places, indices, ring, unit) {
    return {
      type: "scattergeo",
      mode: "markers",
      name: ring ? "regions" : "cities",
      lat: indices.map((i) => places[i].lat),
      lon: indices.map((i) => places[i].lon),
      text: indices.map((i) => placeText(places[i], unit)),
      hoverinfo: "text",
      customdata: indices,
      marker: {
        symbol: ring ? "circle-open" : "circle",
        size: indices.map((i) => (ring ? 22 : 8) + 6 * Math.sqrt(places[i].events.length)),
        color: indices.map((i) => NE.QUAD_COLORS[dominantQuad(places[i].events)] || "#829ab1"),
        opacity: ring ? 0.9 : 0.8,
        line: ring ? { width: 3 } : { color: "#fff", width: 1 },
      },
    };
  }

  function countryTrace(places, indices, unit) {
    return {
      type: "choropleth",
      name: "countries",
      locationmode: "ISO-3",
      locations: indices.map((i) => places[i].country),
      z: indices.map((i) => places[i].events.length),
      text: indices.map((i) => placeText(places[i], unit)),
      hoverinfo: "text",
      customdata: indices,
      colorscale: [[0, "#9fb3c8"], [1, "#486581"]],
      showscale: false,
      marker: { line: { color: "#fff", width: 0.5 }, opacity: 0.7 },
    };
  }

  function dominantQuad(events) {
    const counts = {};
    for (const e of events) counts[e.quad_class || 0] = (counts[e.quad_class || 0] || 0) + 1;
    return Number(Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0]);
  }

  function draw(places, count) {
    const byPrecision = (kind) => places.map((p, i) => (p.precision === kind ? i : -1)).filter((i) => i >= 0);
    const countries = byPrecision("country");
    const regions = byPrecision("region");
    const cities = places.map((p, i) => (p.precision !== "country" && p.precision !== "region" ? i : -1)).filter((i) => i >= 0);
    const unit = count === "clusters" ? "happenings" : "events";
    const traces = [];
    if (countries.length) traces.push(countryTrace(places, countries, unit));
    if (regions.length) traces.push(markerTrace(places, regions, true, unit));
    if (cities.length) traces.push(markerTrace(places, cities, false, unit));
    const layout = {
      margin: { l: 0, r: 0, t: 0, b: 0 },
      // The world (without Antarctica) is about 2.2 times as wide as high: fill the width.
      height: Math.min(620, Math.max(360, Math.round(mapBox.clientWidth / 2.2))),
      showlegend: false,
      geo: {
        scope: "world",
        fitbounds: false, // plotly.js 4 defaults to zooming onto the markers
        resolution: 110,
        projection: { type: "natural earth" },
        lataxis: { range: [-58, 85] }, // no Antarctica: no events happen there
        showland: true,
        landcolor: "#e8edf2",
        showcountries: true,
        countrycolor: "#b7c4d1",
        showcoastlines: true,
        coastlinecolor: "#9aabbd",
        showocean: false,
        showlakes: false,
        showrivers: false,
        showframe: false,
        bgcolor: "#fff",
      },
    };
    // topojsonURL: the world outline is served by this app, never fetched from a CDN.
    Plotly.newPlot(mapBox, traces, layout, { displaylogo: false, responsive: true, topojsonURL: "/static/topojson/" });
    mapBox.on("plotly_click", (ev) => {
      const place = places[ev.points[0].customdata];
      const where = place.precision === "city" ? place.name : `${place.name} (${place.precision})`;
      placeTitle.textContent = `${count === "clusters" ? "Happenings" : "Events"} at ${where} (${place.events.length})`;
      // The list marks events that did not happen (shown when the box is ticked).
      if (count === "clusters") placeBox.replaceChildren(clusterTable(place.events));
      else EventTable.render(placeBox, place.events, null);
    });
  }

  async function load() {
    // The actor goes as typed: a code (RUS), name words (Putin) or text:words.
    const filters = {};
    for (const name of ["actor", "since", "until"]) {
      const value = form.elements[name].value.trim();
      if (value) filters[name] = value;
    }
    if (!form.elements.all.checked) filters.factual = "true";
    const count = form.elements.count.value;
    try {
      const events = await fetchItems(filters, count);
      const places = groupByPlace(events);
      draw(places, count);
      const unit = count === "clusters" ? "happenings" : "events";
      placeTitle.textContent = `${count === "clusters" ? "Happenings" : "Events"} at a place (${places.length} places, ${events.length} ${unit})`;
      placeBox.replaceChildren(el("p", { class: "empty" }, "Click a place on the map."));
    } catch (err) {
      NE.showError(mapBox, err);
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    load();
  });
  form.elements.all.addEventListener("change", load);
  form.elements.count.addEventListener("change", load);
  load();
})();
