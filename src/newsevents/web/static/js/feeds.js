// The Feeds page: GET /api/feeds as two tables. Data goes through text nodes only.
"use strict";

(() => {
  const { el, getJSON, safeUrl, showError } = NE;

  function when(iso) {
    return iso ? iso.replace("T", " ").replace("+00:00", "") : "\u2014";
  }

  function link(url) {
    const href = safeUrl(url);
    return href ? el("a", { href, rel: "noopener noreferrer" }, url) : url;
  }

  function table(headers, rows) {
    if (!rows.length) return el("p", { class: "empty" }, "None.");
    return el("table", { class: "events" },
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
      el("tbody", {}, rows));
  }

  function feedRow(feed) {
    const failing = feed.failures > 0;
    return el("tr", { class: failing ? "failing" : null },
      el("td", {}, feed.outlet || feed.title || "", el("br"), el("small", {}, link(feed.url))),
      el("td", {}, when(feed.last_read_at)),
      el("td", { class: failing ? "error" : null }, feed.last_status || "not read yet"),
      el("td", { class: "num" }, feed.failures),
      el("td", {}, failing ? when(feed.next_check_at) : ""),
      el("td", { class: "num" }, feed.items.stored),
      el("td", { class: "num" }, feed.items.pending),
      el("td", { class: "num" }, feed.items.failed + feed.items.disallowed));
  }

  function failureRow(item) {
    return el("tr", {},
      el("td", {}, link(item.url)),
      el("td", {}, item.state),
      el("td", {}, item.error || ""),
      el("td", { class: "num" }, item.attempts),
      el("td", {}, when(item.last_attempt_at)),
      el("td", {}, item.next_attempt_at ? when(item.next_attempt_at) : ""));
  }

  async function load() {
    const feedsNode = document.getElementById("feeds-table");
    const failuresNode = document.getElementById("failures-table");
    try {
      const data = await getJSON("/api/feeds?failures=100");
      const t = data.items;
      document.getElementById("feed-totals").textContent =
        `${data.feeds.length} feeds \u00B7 articles: ${t.stored} stored, ${t.pending} pending, ` +
        `${t.failed} failed, ${t.disallowed} disallowed by robots.txt`;
      feedsNode.replaceChildren(table(
        ["Feed", "Last read", "Last status", "Failures", "Next try", "Stored", "Pending", "Failed"],
        data.feeds.map(feedRow)));
      failuresNode.replaceChildren(table(
        ["URL", "State", "Why", "Attempts", "Last attempt", "Next try"],
        data.failures.map(failureRow)));
    } catch (err) {
      showError(feedsNode, err);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    load();
    setInterval(load, 60000); // a watcher keeps reading: keep the page current
  });
})();
