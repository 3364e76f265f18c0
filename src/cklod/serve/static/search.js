// The static site's search: filter the inline index of names as the reader types (no server needed).
(function () {
  "use strict";
  var data = document.getElementById("search-index");
  var input = document.getElementById("search-q");
  var results = document.getElementById("results");
  if (!data || !input || !results) { return; }
  var index = JSON.parse(data.textContent);

  function fold(text) { return text.toLocaleLowerCase(); }

  function render() {
    var needle = fold(input.value.trim().replace(/\s+/g, " "));
    results.textContent = "";
    if (!needle) { return; }
    var ranked = [];
    index.forEach(function (entry) {
      var names = [entry.l].concat(entry.n).map(fold);
      var rank = names.indexOf(needle) >= 0 ? 0
        : names.some(function (n) { return n.indexOf(needle) === 0; }) ? 1
        : names.some(function (n) { return n.indexOf(needle) >= 0; }) ? 2 : -1;
      if (rank >= 0) { ranked.push([rank, entry]); }
    });
    ranked.sort(function (a, b) { return a[0] - b[0] || fold(a[1].l).localeCompare(fold(b[1].l)); });
    var count = document.createElement("p");
    count.className = "count-line";
    count.textContent = ranked.length + " result" + (ranked.length === 1 ? "" : "s") + " for “" + input.value.trim() + "”.";
    results.appendChild(count);
    var list = document.createElement("ul");
    list.className = "results";
    ranked.slice(0, 100).forEach(function (pair) {
      var entry = pair[1];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = entry.h;
      a.textContent = entry.l;
      li.appendChild(a);
      var badge = document.createElement("span");
      badge.className = "badge kind";
      badge.textContent = entry.k;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(badge);
      if (entry.n.length) {
        var also = document.createElement("span");
        also.className = "also";
        also.textContent = " also " + entry.n.join("; ");
        li.appendChild(also);
      }
      list.appendChild(li);
    });
    results.appendChild(list);
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  input.addEventListener("input", render);
  input.form.addEventListener("submit", function (event) { event.preventDefault(); render(); });
  render();
}());
