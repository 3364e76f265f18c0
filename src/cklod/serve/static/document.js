// A document page: the passage a link points at (#ev-…) stands out, all of it, across the runs of text it
// spans; other evidence stays quiet. Without JavaScript the link still scrolls to the passage's start.
(function () {
  "use strict";
  function show() {
    document.querySelectorAll(".targeted").forEach(function (node) { node.classList.remove("targeted"); });
    var match = /^#ev-(.+)$/.exec(location.hash);
    if (!match) { return; }
    var key = decodeURIComponent(match[1]);
    document.querySelectorAll("ol.text [data-ev]").forEach(function (node) {
      if (node.getAttribute("data-ev").split(" ").indexOf(key) >= 0) { node.classList.add("targeted"); }
    });
  }
  window.addEventListener("hashchange", show);
  show();
}());
