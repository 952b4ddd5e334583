// "Code an article": POST the pasted text or HTML to /api/code and show what was coded.
"use strict";

(() => {
  const { el } = NE;
  const form = document.getElementById("code-form");
  const result = document.getElementById("code-result");
  const button = document.getElementById("code-submit");
  const tokenBox = document.getElementById("token-box");
  const tokenInput = document.getElementById("code-token");

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = document.getElementById("code-text").value;
    const kind = document.getElementById("code-kind").value;
    const date = document.getElementById("code-date").value;
    const payload = { [kind]: text };
    if (date) payload.date = date;
    button.disabled = true;
    result.replaceChildren(el("p", { class: "empty" }, "Coding\u2026"));
    const headers = { "Content-Type": "application/json" };
    const token = tokenInput.value.trim();
    if (token) headers.Authorization = "Bearer " + token;
    try {
      const data = await NE.getJSON("/api/code", { method: "POST", headers, body: JSON.stringify(payload) });
      ArticleView.render(result, data.article, data.events);
    } catch (err) {
      // A server shared by a team asks for its access token before it codes.
      if (err.status === 401) {
        tokenBox.hidden = false;
        tokenInput.focus();
        err.message = token ? "That access token is not this server's." : "This server needs its access token to code articles: enter it and try again.";
      }
      NE.showError(result, err);
    } finally {
      button.disabled = false;
    }
  });
})();
