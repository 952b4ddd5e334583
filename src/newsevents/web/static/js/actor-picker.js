// Fill a <datalist> with actor codes matching what the user types (GET /api/actors?q=).
"use strict";

const ActorPicker = (() => {
  const { el } = NE;

  function attach(input, datalist) {
    let timer = null;
    let lastQuery = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        if (!q || q === lastQuery) return;
        lastQuery = q;
        try {
          const result = await NE.getJSON("/api/actors?" + new URLSearchParams({ q, limit: "20" }));
          datalist.replaceChildren(
            ...result.actors.map((a) =>
              el("option", { value: a.code, label: `${a.label || a.code} (${a.events} events)` }),
            ),
          );
        } catch (_err) {
          datalist.replaceChildren();
        }
      }, 150);
    });
  }

  return { attach };
})();
