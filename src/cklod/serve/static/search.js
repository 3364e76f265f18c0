// The static site's search: filter the inline index of names as the reader types (no server needed).
(function () {
  "use strict";
  var data = document.getElementById("search-index");
  var input = document.getElementById("search-q");
  var results = document.getElementById("results");
  if (!data || !input || !results) { return; }
  var index = JSON.parse(data.textContent);

  function fold(text) { return text.toLocaleLowerCase(); }

  // Letters without accents, lower case: the index carries each name folded the same way (to ASCII).
  function ascii(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  // The similarity the server's search uses (rapidfuzz's ratio): 100 × 2 × common subsequence / total length.
  function ratio(a, b) {
    if (!a.length && !b.length) { return 100; }
    var prev = new Array(b.length + 1).fill(0);
    for (var i = 1; i <= a.length; i++) {
      var row = [0];
      for (var j = 1; j <= b.length; j++) {
        row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
      }
      prev = row;
    }
    return 200 * prev[b.length] / (a.length + b.length);
  }

  function similarity(needle, name) {
    var best = ratio(needle, name);
    name.split(" ").forEach(function (word) { best = Math.max(best, ratio(needle, word)); });
    if (needle.length >= 5) {
      for (var i = 0; i + needle.length <= name.length; i++) {
        best = Math.max(best, ratio(needle, name.substr(i, needle.length)));
      }
    }
    return best;
  }
  var CUTOFF = 85;

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
      if (rank >= 0) { ranked.push([rank, entry, 0]); return; }
      var folded = ascii(needle);
      var best = Math.max.apply(null, entry.f.map(function (n) { return similarity(folded, n); }));
      if (best >= CUTOFF) { ranked.push([3, entry, -best]); }
    });
    ranked.sort(function (a, b) {
      return a[0] - b[0] || a[2] - b[2] || a[1].l.length - b[1].l.length || fold(a[1].l).localeCompare(fold(b[1].l));
    });
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
