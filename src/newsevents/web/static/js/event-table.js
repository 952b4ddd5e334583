// A sortable, filterable table of events; each row links to its article.
"use strict";

const EventTable = (() => {
  const { el } = NE;

  // An event's date at the precision it is known to: a month-precise event is "2024-07",
  // not a day of July; "before 2024-07-27" for an earlier, undated happening.
  function dateLabel(e) {
    if (!e.date) return "";
    switch (e.date_precision) {
      case "year":
        return e.date.slice(0, 4);
      case "month":
        return e.date.slice(0, 7);
      case "week":
        return `week of ${e.date}`;
      case "before":
        return `before ${e.date}`;
      default:
        return e.date;
    }
  }

  const DATE_SOURCES = {
    text: "date from the text",
    paragraph: "date set earlier in the paragraph",
    dateline: "the dateline's date (no date in the text)",
    article: "the article's date (no date in the text)",
  };
  const PLACE_SOURCES = {
    text: "named in the sentence",
    paragraph: "named earlier in the paragraph",
    dateline: "the dateline (the story's own news)",
    story: "the city the story is set in (the story's own news)",
  };

  function placeLabel(e) {
    const loc = e.location;
    if (!loc) return "";
    return loc.country && loc.precision !== "country" ? `${loc.name} (${loc.country})` : loc.name;
  }

  const COLUMNS = [
    { key: "date", label: "Date", value: (e) => e.date || "" },
    { key: "source", label: "Source", value: (e) => NE.actorsLabel(e.source) },
    { key: "event", label: "Event", value: (e) => [e.plover || "", e.cameo, NE.notHappenedReason(e) || ""].join(" ") },
    { key: "target", label: "Target", value: (e) => NE.actorsLabel(e.target) },
    { key: "place", label: "Place", value: (e) => placeLabel(e) },
    { key: "goldstein", label: "Goldstein", value: (e) => (e.goldstein === null ? -99 : e.goldstein), numeric: true },
    { key: "sentence", label: "Sentence", value: (e) => e.sentence || "" },
    { key: "article", label: "Article", value: (e) => e.article_id },
  ];

  // A URL id reads as its last path part (the slug); the full id stays in the tooltip.
  function articleLabel(id) {
    if (!/^https?:\/\//i.test(id)) return id;
    try {
      const url = new URL(id);
      const parts = url.pathname.split("/").filter(Boolean);
      return parts.length ? decodeURIComponent(parts[parts.length - 1]) : url.hostname;
    } catch {
      return id; // not a URL after all, or a bad %-escape: show it as it is
    }
  }

  function cell(column, event) {
    switch (column.key) {
      case "event":
        return el(
          "td",
          { class: "nowrap" },
          NE.quadBadge(event),
          " ",
          el("span", { class: "tag", title: "CAMEO code" }, event.cameo),
          NE.statusBadge(event) ? [" ", NE.statusBadge(event)] : null,
        );
      case "goldstein":
        return el("td", { class: "num" }, event.goldstein === null || event.goldstein === undefined ? "" : event.goldstein.toFixed(1));
      case "sentence":
        return el("td", { class: "sentence" }, event.sentence || "");
      case "article":
        return el(
          "td",
          { class: "article" },
          el(
            "a",
            { href: NE.articleHref(event.article_id, event.event_id), class: "article-link", title: event.article_id },
            articleLabel(event.article_id),
          ),
        );
      case "date":
        if (!event.date) return el("td", { class: "muted" }, "undated");
        return el(
          "td",
          { class: ["text", "paragraph"].includes(event.date_source) ? "nowrap" : "nowrap muted", title: DATE_SOURCES[event.date_source] || "" },
          dateLabel(event),
        );
      case "place": {
        const loc = event.location;
        if (!loc) return el("td", { class: "muted" }, "");
        const how = [loc.precision, loc.admin1, PLACE_SOURCES[event.place_source]].filter(Boolean).join("; ");
        return el("td", { class: "nowrap", title: how }, placeLabel(event));
      }
      default:
        return el("td", {}, column.value(event));
    }
  }

  function rowText(event) {
    return COLUMNS.map((c) => String(c.value(event))).join(" ").toLowerCase();
  }

  // Render `events` into `container`; `filterInput` (optional) filters rows as one types;
  // `hidden` (optional): how many events that did not happen were left out, for the count;
  // `only` (optional): what else the events were chosen by ("confidence at least 0.6").
  function render(container, events, filterInput, hidden, only) {
    const chosen = only ? ` (${only})` : "";
    if (!events.length) {
      const note = hidden ? ` (${hidden} that did not happen left out)` : "";
      container.replaceChildren(el("p", { class: "empty" }, "No events" + note + chosen + "."));
      return;
    }
    const state = { sortKey: "date", ascending: false, filter: "" };
    const rows = events.map((event) => ({ event, text: rowText(event) }));
    const headerCells = COLUMNS.map((column) =>
      el("th", { scope: "col", dataset: { key: column.key } }, column.label),
    );
    const tbody = el("tbody");
    const count = el("p", { class: "hint" });
    const table = el("table", { class: "events" }, el("thead", {}, el("tr", {}, headerCells)), tbody);

    function draw() {
      const column = COLUMNS.find((c) => c.key === state.sortKey);
      const sign = state.ascending ? 1 : -1;
      const visible = rows
        .filter((row) => !state.filter || row.text.includes(state.filter))
        .sort((x, y) => {
          const a = column.value(x.event);
          const b = column.value(y.event);
          if (column.numeric) return sign * (a - b);
          return sign * String(a).localeCompare(String(b));
        });
      tbody.replaceChildren(
        ...visible.map((row) =>
          el(
            "tr",
            { dataset: { event: row.event.event_id }, class: NE.happened(row.event) ? null : "not-happened" },
            COLUMNS.map((c) => cell(c, row.event)),
          ),
        ),
      );
      for (const th of headerCells) {
        th.setAttribute("aria-sort", th.dataset.key === state.sortKey ? (state.ascending ? "ascending" : "descending") : "none");
      }
      const left = hidden ? `; ${hidden} that did not happen left out` : "";
      count.textContent = `${visible.length} of ${rows.length} events${left}${chosen}`;
    }

    for (const th of headerCells) {
      th.addEventListener("click", () => {
        state.ascending = state.sortKey === th.dataset.key ? !state.ascending : true;
        state.sortKey = th.dataset.key;
        draw();
      });
    }
    if (filterInput) {
      filterInput.value = "";
      filterInput.oninput = () => {
        state.filter = filterInput.value.trim().toLowerCase();
        draw();
      };
    }
    container.replaceChildren(count, table);
    draw();
  }

  return { render, dateLabel };
})();
