// The query page: send the form's SPARQL to the endpoint with fetch and show the answer as a table.
// No libraries; without JavaScript the form still submits to the endpoint directly.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  if (!form) { return; }
  var textarea = document.getElementById("query");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var endpoint = form.getAttribute("data-endpoint");
  var base = form.getAttribute("data-base");
  var localPrefix = form.getAttribute("data-local-prefix");
  var localSuffix = form.getAttribute("data-local-suffix");

  // Dataset IRIs open here, on this server or site, not at their (possibly unreachable) real host.
  function local(iri) {
    if (base && iri.indexOf(base) === 0) {
      var path = iri.slice(base.length).split("#")[0];
      if (/^(id|doc)\//.test(path)) { return localPrefix + path + localSuffix; }
    }
    return iri;
  }
  var ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";

  var params = new URLSearchParams(window.location.search);
  if (params.get("query")) { textarea.value = params.get("query"); }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  function cell(binding) {
    var td = el("td");
    if (!binding) { return td; }
    if (binding.type === "uri") {
      var a = el("a", binding.value);
      a.href = local(binding.value);
      td.appendChild(a);
    } else if (binding.type === "bnode") {
      td.textContent = "_:" + binding.value;
    } else if (binding.type === "triple") {
      td.textContent = "<< " + JSON.stringify(binding.value) + " >>";
    } else {
      td.appendChild(el("span", binding.value, "value"));
      var lang = binding["xml:lang"];
      if (lang) { td.lang = lang; td.appendChild(el("span", "@" + lang, "badge")); }
      else if (binding.datatype && binding.datatype.indexOf("#string") < 0) {
        td.appendChild(el("span", binding.datatype.replace("http://www.w3.org/2001/XMLSchema#", "xsd:"), "badge"));
      }
    }
    return td;
  }

  function table(json) {
    var vars = json.head.vars || [];
    var wrap = el("div", null, "table-wrap");
    var t = el("table");
    var caption = el("caption", json.results.bindings.length + " result" +
      (json.results.bindings.length === 1 ? "" : "s"));
    t.appendChild(caption);
    var thead = el("thead"), tr = el("tr");
    vars.forEach(function (v) { var th = el("th", "?" + v); th.scope = "col"; tr.appendChild(th); });
    thead.appendChild(tr);
    t.appendChild(thead);
    var tbody = el("tbody");
    json.results.bindings.forEach(function (row) {
      var r = el("tr");
      vars.forEach(function (v) { r.appendChild(cell(row[v])); });
      tbody.appendChild(r);
    });
    t.appendChild(tbody);
    wrap.appendChild(t);
    return wrap;
  }

  function show(node) {
    results.textContent = "";
    results.appendChild(node);
  }

  function run(event) {
    event.preventDefault();
    var started = performance.now();
    status.className = "";
    status.textContent = "Running…";
    var body = new URLSearchParams();
    body.set("query", textarea.value);
    fetch(endpoint, {
      method: "POST",
      headers: { "Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      return response.text().then(function (text) { return { ok: response.ok, status: response.status, type: type, text: text }; });
    }).then(function (answer) {
      var ms = Math.round(performance.now() - started);
      if (!answer.ok) {
        status.className = "error";
        status.textContent = "Error " + answer.status;
        show(el("pre", answer.text, "error-box"));
        return;
      }
      if (answer.type.indexOf("json") >= 0) {
        var json = JSON.parse(answer.text);
        if (typeof json.boolean === "boolean") {
          show(el("p", "ASK: " + (json.boolean ? "true" : "false"), "answer"));
          status.textContent = "Done in " + ms + " ms.";
        } else {
          show(table(json));
          status.textContent = json.results.bindings.length + " rows in " + ms + " ms.";
        }
      } else {
        show(el("pre", answer.text));
        status.textContent = "Done in " + ms + " ms.";
      }
    }).catch(function (error) {
      status.className = "error";
      status.textContent = "The endpoint could not be reached: " + error.message;
    });
  }

  form.addEventListener("submit", run);
  document.querySelectorAll("a[data-query]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      textarea.value = link.getAttribute("data-query");
      textarea.focus();
    });
  });
}());
