// Article page: /articles/<id> -> GET /api/articles/<id>, rendered by ArticleView.
"use strict";

(async () => {
  const box = document.getElementById("article");
  const encodedId = window.location.pathname.replace(/^\/articles\//, "");
  try {
    const data = await NE.getJSON("/api/articles/" + encodedId);
    document.title = (data.article.title || data.article.id) + " \u00B7 newsevents";
    const layout = ArticleView.render(box, data.article, data.events, data.clusters);
    const hash = decodeURIComponent(window.location.hash || "");
    if (hash.startsWith("#ev-")) {
      const card = document.getElementById(hash.slice(1));
      if (card) card.classList.add("focus");
      ArticleView.focusEvent(layout, hash.slice(4));
    }
  } catch (err) {
    NE.showError(box, err);
  }
})();
