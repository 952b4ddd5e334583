// "Code an article": POST the pasted text or HTML to /api/code and show what was coded.
"use strict";

(() => {
  const { el } = NE;
  const form = document.getElementById("code-form");
  const result = document.getElementById("code-result");
  const button = document.getElementById("code-submit");

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = document.getElementById("code-text").value;
    const kind = document.getElementById("code-kind").value;
    const date = document.getElementById("code-date").value;
    const payload = { [kind]: text };
    if (date) payload.date = date;
    button.disabled = true;
    result.replaceChildren(el("p", { class: "empty" }, "Coding\u2026"));
    try {
      const data = await NE.getJSON("/api/code", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload),
      });
      ArticleView.render(result, data.article, data.events);
    } catch (err) {
      NE.showError(result, err);
    } finally {
      button.disabled = false;
    }
  });
})();
