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

  async function fetchEvents(filters) {
    const events = [];
    let cursor = null;
    do {
      const params = new URLSearchParams({ ...filters, limit: "500" });
      if (cursor) params.set("cursor", cursor);
      const page = await NE.getJSON("/api/events?" + params);
      events.push(...page.events);
      cursor = page.next_cursor;
    } while (cursor && events.length < MAX_MAP_EVENTS);
    return events;
  }

  // One group per place: events sharing a name and coordinates.
  function groupByPlace(events) {
    const places = new Map();
    for (const event of events) {
      const loc = event.location;
      if (!loc || loc.lat === null || loc.lon === null || loc.lat === undefined) continue;
      const key = `${loc.name}|${loc.lat}|${loc.lon}`;
      if (!places.has(key)) places.set(key, { name: loc.name, country: loc.country, lat: loc.lat, lon: loc.lon, events: [] });
      places.get(key).events.push(event);
    }
    return [...places.values()];
  }

  function dominantQuad(events) {
    const counts = {};
    for (const e of events) counts[e.quad_class || 0] = (counts[e.quad_class || 0] || 0) + 1;
    return Number(Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0]);
  }

  function draw(places) {
    const trace = {
      type: "scattergeo",
      mode: "markers",
      lat: places.map((p) => p.lat),
      lon: places.map((p) => p.lon),
      text: places.map((p) => `${p.name}${p.country ? " (" + p.country + ")" : ""}: ${p.events.length} events`),
      hoverinfo: "text",
      customdata: places.map((_p, i) => i),
      marker: {
        size: places.map((p) => 8 + 6 * Math.sqrt(p.events.length)),
        color: places.map((p) => NE.QUAD_COLORS[dominantQuad(p.events)] || "#829ab1"),
        opacity: 0.8,
        line: { color: "#fff", width: 1 },
      },
    };
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
    Plotly.newPlot(mapBox, [trace], layout, { displaylogo: false, responsive: true, topojsonURL: "/static/topojson/" });
    mapBox.on("plotly_click", (ev) => {
      const place = places[ev.points[0].customdata];
      placeTitle.textContent = `Events at ${place.name} (${place.events.length})`;
      // The list marks events that did not happen (shown when the box is ticked).
      EventTable.render(placeBox, place.events, null);
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
    try {
      const events = await fetchEvents(filters);
      const places = groupByPlace(events);
      draw(places);
      placeTitle.textContent = `Events at a place (${places.length} places, ${events.length} events)`;
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
  load();
})();
