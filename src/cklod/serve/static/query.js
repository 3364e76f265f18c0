// The query page: a SPARQL editor (CodeMirror, vendored), the saved queries with their parameters as form
// fields, shareable links that re-run a query, and results with labels, links, sorting, paging and downloads.
// Queries go to the SPARQL endpoint, or, on a static site without one, to Oxigraph compiled to WebAssembly,
// running in the page over the published dump. Without JavaScript the form still submits to the endpoint.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  if (!form) { return; }
  var textarea = document.getElementById("query");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var downloads = document.getElementById("downloads");
  var paramsBox = document.getElementById("params");
  var share = document.getElementById("share");
  var data = form.dataset;
  var saved = JSON.parse(document.getElementById("saved-queries").textContent);
  var prefixes = JSON.parse(document.getElementById("query-prefixes").textContent);
  var PAGE = 50;
  var LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
  var editor = window.cklodEditor ? window.cklodEditor(textarea) : {
    get: function () { return textarea.value; },
    set: function (text) { textarea.value = text; },
    focus: function () { textarea.focus(); }
  };
  var current = null;  // the saved query being edited, if any
  var last = null;     // the last SELECT answer: {vars, rows, labels, sort, page}

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  // Dataset IRIs open here, on this server or site, not at their (possibly unreachable) real host.
  function local(iri) {
    if (data.base && iri.indexOf(data.base) === 0) {
      var path = iri.slice(data.base.length).split("#")[0];
      if (/^(id|doc)\//.test(path)) { return data.localPrefix + path + data.localSuffix; }
    }
    return iri;
  }

  // -- saved queries and their parameters ------------------------------------------------------------------

  // A parameter's value as a SPARQL term: an IRI (<…>, http(s)://…, or a known prefixed name), a literal in
  // SPARQL syntax ("…", "…"@en, "…"^^xsd:…), or else a plain string. Never pasted as raw text.
  function sparqlTerm(value) {
    var v = value.trim();
    var m;
    if (/^<[^<>"{}|^`\\\s]*>$/.test(v)) { return v; }
    if (/^https?:\/\/[^<>"{}|^`\\\s]+$/.test(v)) { return "<" + v + ">"; }
    m = /^([A-Za-z][\w.\-]*)?:([^\s<>"{}|^`\\]*)$/.exec(v);
    if (m && prefixes.hasOwnProperty(m[1] || "")) { return "<" + prefixes[m[1] || ""] + m[2] + ">"; }
    m = /^("(?:[^"\\\n]|\\.)*")(@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^([A-Za-z][\w.\-]*)?:[\w.\-]*)?$/.exec(v);
    if (m) {
      if (m[2] && m[2].indexOf("^^") === 0) {
        var dt = /^\^\^([A-Za-z][\w.\-]*)?:([\w.\-]*)$/.exec(m[2]);
        if (!prefixes.hasOwnProperty(dt[1] || "")) { return JSON.stringify(v); }
        return m[1] + "^^<" + prefixes[dt[1] || ""] + dt[2] + ">";
      }
      return v;
    }
    return JSON.stringify(v);
  }

  // The saved query's text with the filled-in parameters bound in a VALUES block at the head of its WHERE.
  function bound(query, values) {
    var names = query.params.map(function (p) { return p.name; }).filter(function (n) { return values[n]; }).sort();
    if (!names.length) { return query.text; }
    var block = " VALUES (" + names.map(function (n) { return "?" + n; }).join(" ") + ") { (" +
      names.map(function (n) { return sparqlTerm(values[n]); }).join(" ") + ") }\n";
    return query.text.slice(0, query.at + 1) + block + query.text.slice(query.at + 1);
  }

  function paramValues() {
    var values = {};
    paramsBox.querySelectorAll("input").forEach(function (input) {
      if (input.value.trim()) { values[input.name] = input.value.trim(); }
    });
    return values;
  }

  function choose(name, values) {
    current = saved.filter(function (q) { return q.name === name; })[0] || null;
    paramsBox.textContent = "";
    paramsBox.hidden = true;
    if (!current) { return; }
    editor.set(current.text);
    document.getElementById("chosen").textContent = current.title;
    document.getElementById("chosen-description").textContent = current.description;
    if (current.params.length) {
      paramsBox.hidden = false;
      paramsBox.appendChild(el("legend", "Parameters (leave empty for every value)"));
      current.params.forEach(function (p) {
        var id = "param-" + p.name;
        var row = el("div", null, "param");
        var label = el("label", "?" + p.name);
        label.htmlFor = id;
        var input = el("input");
        input.type = "text";
        input.id = id;
        input.name = p.name;
        input.value = (values && values[p.name]) || "";
        input.placeholder = p.example || "";
        input.setAttribute("aria-describedby", id + "-help");
        var help = el("small", p.meaning);
        help.id = id + "-help";
        row.appendChild(label);
        row.appendChild(input);
        row.appendChild(help);
        paramsBox.appendChild(row);
      });
    }
  }

  // -- running ----------------------------------------------------------------------------------------------

  var oxigraph = null;  // the in-browser store, loaded on first use

  function browserStore() {
    if (oxigraph) { return oxigraph; }
    if (location.protocol === "file:") {
      return Promise.reject(new Error("the in-browser query needs the site served over HTTP; " +
        "pages opened from disk cannot load the data"));
    }
    status.textContent = "Loading the query engine and the data…";
    // Relative to the page, not to this script (which import() would resolve against).
    oxigraph = import(new URL(data.oxigraph, location.href).href).then(function (ox) {
      return ox.default({ module_or_path: new URL(data.wasm, location.href) }).then(function () {
        return Promise.all([fetch(data.dump), fetch(data.ontology)]);
      }).then(function (answers) {
        answers.forEach(function (a) { if (!a.ok) { throw new Error(a.url + " answered " + a.status); } });
        return Promise.all(answers.map(function (a) { return a.text(); }));
      }).then(function (texts) {
        var store = new ox.Store();
        store.load(texts[0], { format: "application/n-quads" });
        store.load(texts[1], { format: "text/turtle", to_graph_name: ox.namedNode(data.ontologyGraph) });
        return { ox: ox, store: store };
      });
    });
    oxigraph.catch(function () { oxigraph = null; });
    return oxigraph;
  }

  // One answer, whichever runs the query: {ok, status, type, text}.
  function execute(query) {
    if (data.mode === "browser") {
      return browserStore().then(function (engine) {
        try {
          var text;
          try {
            text = engine.store.query(query, { use_default_graph_as_union: true, results_format: "application/sparql-results+json" });
          } catch (error) {
            if (!/format/i.test(String(error))) { throw error; }
            text = engine.store.query(query, { use_default_graph_as_union: true, results_format: "text/turtle" });
            return { ok: true, status: 200, type: "text/turtle", text: text };
          }
          return { ok: true, status: 200, type: "application/sparql-results+json", text: text };
        } catch (error) {
          return { ok: false, status: 400, type: "text/plain", text: String(error.message || error) };
        }
      });
    }
    var body = new URLSearchParams();
    body.set("query", query);
    return fetch(data.endpoint, {
      method: "POST",
      headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9", "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).then(function (response) {
      return response.text().then(function (text) {
        return { ok: response.ok, status: response.status, type: response.headers.get("Content-Type") || "", text: text };
      });
    });
  }

  var PROBLEMS = {
    400: "The query has a mistake",
    403: "This query is not allowed here",
    413: "The query is too large",
    422: "Too many results: the limit of this endpoint",
    503: "Stopped: the time limit was reached or every worker was busy"
  };

  function failure(answer) {
    status.className = "error";
    status.textContent = "Error " + answer.status + ": " + (PROBLEMS[answer.status] || "the query failed");
    results.textContent = "";
    results.appendChild(el("pre", answer.text, "error-box"));
    downloads.hidden = true;
  }

  function shareLink() {
    var params = new URLSearchParams();
    if (current && editor.get() === current.text) {
      params.set("saved", current.name);
      var values = paramValues();
      Object.keys(values).sort().forEach(function (k) { params.set(k, values[k]); });
    } else {
      params.set("query", editor.get());
    }
    return location.pathname + "?" + params.toString();
  }

  function run(event) {
    if (event) { event.preventDefault(); }
    var query = current && editor.get() === current.text ? bound(current, paramValues()) : editor.get();
    var started = performance.now();
    var link = shareLink();
    share.href = link;
    share.hidden = false;
    if (event) { history.replaceState(null, "", link); }
    status.className = "";
    status.textContent = "Running…";
    execute(query).then(function (answer) {
      var ms = Math.round(performance.now() - started);
      if (!answer.ok) { failure(answer); return; }
      if (answer.type.indexOf("json") < 0) {
        results.textContent = "";
        results.appendChild(el("pre", answer.text));
        status.textContent = "Done in " + ms + " ms.";
        downloads.hidden = true;
        return;
      }
      var json = JSON.parse(answer.text);
      if (typeof json.boolean === "boolean") {
        results.textContent = "";
        results.appendChild(el("p", "ASK: " + (json.boolean ? "true" : "false"), "answer"));
        status.textContent = "Done in " + ms + " ms.";
        downloads.hidden = true;
        return;
      }
      last = { vars: json.head.vars || [], rows: json.results.bindings, labels: {}, sort: null, desc: false, page: 0 };
      status.textContent = last.rows.length + " rows in " + ms + " ms.";
      downloads.hidden = false;
      show();
      labels(last);
    }).catch(function (error) {
      status.className = "error";
      status.textContent = (data.mode === "browser" ? "The query could not run in the browser: " :
        "The endpoint could not be reached: ") + error.message;
    });
  }

  // Labels of the IRIs in the answer, fetched with a second query and shown beside them.
  function labels(answer) {
    var iris = {};
    answer.rows.forEach(function (row) {
      answer.vars.forEach(function (v) { if (row[v] && row[v].type === "uri") { iris[row[v].value] = true; } });
    });
    var list = Object.keys(iris).slice(0, 2000);
    if (!list.length) { return; }
    var query = "SELECT ?s ?l WHERE { VALUES ?s { " + list.map(function (i) { return "<" + i + ">"; }).join(" ") +
      " } ?s <" + LABEL + "> ?l . FILTER(LANG(?l) = \"en\" || LANG(?l) = \"\") }";
    execute(query).then(function (reply) {
      if (!reply.ok || answer !== last) { return; }
      JSON.parse(reply.text).results.bindings.forEach(function (b) { answer.labels[b.s.value] = b.l.value; });
      show();
    });
  }

  // -- the table ---------------------------------------------------------------------------------------------

  function text(binding) {
    if (!binding) { return ""; }
    if (binding.type === "uri") { return (last && last.labels[binding.value]) || binding.value; }
    return binding.value;
  }

  function cell(binding) {
    var td = el("td");
    if (!binding) { return td; }
    if (binding.type === "uri") {
      var label = last.labels[binding.value];
      var a = el("a", label || binding.value);
      a.href = local(binding.value);
      td.appendChild(a);
      if (label) { td.appendChild(el("span", binding.value, "iri")); }
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

  function compare(v) {
    return function (a, b) {
      var x = text(a[v]), y = text(b[v]);
      var nx = parseFloat(x), ny = parseFloat(y);
      var r = (!isNaN(nx) && !isNaN(ny) && String(nx) === x.trim() && String(ny) === y.trim()) ? nx - ny :
        x.localeCompare(y);
      return last.desc ? -r : r;
    };
  }

  function show() {
    var answer = last;
    var rows = answer.rows.slice();
    if (answer.sort) { rows.sort(compare(answer.sort)); }
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    answer.page = Math.min(answer.page, pages - 1);
    var first = answer.page * PAGE;
    var shown = rows.slice(first, first + PAGE);
    var wrap = el("div", null, "table-wrap");
    var t = el("table");
    t.appendChild(el("caption", rows.length + " result" + (rows.length === 1 ? "" : "s") +
      (rows.length > PAGE ? " (rows " + (first + 1) + "–" + (first + shown.length) + ")" : "")));
    var thead = el("thead"), tr = el("tr");
    answer.vars.forEach(function (v) {
      var th = el("th");
      th.scope = "col";
      var button = el("button", "?" + v, "sort");
      button.type = "button";
      if (answer.sort === v) { th.setAttribute("aria-sort", answer.desc ? "descending" : "ascending"); }
      button.addEventListener("click", function () {
        answer.desc = answer.sort === v ? !answer.desc : false;
        answer.sort = v;
        show();
      });
      th.appendChild(button);
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    t.appendChild(thead);
    var tbody = el("tbody");
    shown.forEach(function (row) {
      var r = el("tr");
      answer.vars.forEach(function (v) { r.appendChild(cell(row[v])); });
      tbody.appendChild(r);
    });
    t.appendChild(tbody);
    wrap.appendChild(t);
    results.textContent = "";
    results.appendChild(wrap);
    if (pages > 1) {
      var nav = el("nav", null, "pager");
      nav.setAttribute("aria-label", "Result pages");
      [["Previous", -1], ["Next", 1]].forEach(function (b) {
        var button = el("button", b[0]);
        button.type = "button";
        button.disabled = answer.page + b[1] < 0 || answer.page + b[1] >= pages;
        button.addEventListener("click", function () { answer.page += b[1]; show(); });
        nav.appendChild(button);
      });
      nav.insertBefore(el("span", "Page " + (answer.page + 1) + " of " + pages), nav.lastChild);
      results.appendChild(nav);
    }
  }

  // -- downloads: the whole answer, as the SPARQL 1.1 result formats write it ---------------------------------

  function csvField(value) {
    return /[",\n\r]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function tsvTerm(b) {
    if (!b) { return ""; }
    if (b.type === "uri") { return "<" + b.value + ">"; }
    if (b.type === "bnode") { return "_:" + b.value; }
    var s = JSON.stringify(b.value).replace(/\t/g, "\\t");
    if (b["xml:lang"]) { return s + "@" + b["xml:lang"]; }
    if (b.datatype) { return s + "^^<" + b.datatype + ">"; }
    return s;
  }

  function download(kind) {
    var vars = last.vars, body, type;
    if (kind === "csv") {
      body = [vars.join(",")].concat(last.rows.map(function (row) {
        return vars.map(function (v) { return csvField(row[v] ? row[v].value : ""); }).join(",");
      })).join("\r\n") + "\r\n";
      type = "text/csv";
    } else if (kind === "tsv") {
      body = [vars.map(function (v) { return "?" + v; }).join("\t")].concat(last.rows.map(function (row) {
        return vars.map(function (v) { return tsvTerm(row[v]); }).join("\t");
      })).join("\n") + "\n";
      type = "text/tab-separated-values";
    } else {
      body = JSON.stringify({ head: { vars: vars }, results: { bindings: last.rows } }, null, 1);
      type = "application/sparql-results+json";
    }
    var a = el("a");
    a.href = URL.createObjectURL(new Blob([body], { type: type }));
    a.download = (current ? current.name : "results") + "." + (kind === "json" ? "srj" : kind);
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  // -- wiring ---------------------------------------------------------------------------------------------

  form.addEventListener("submit", run);
  downloads.querySelectorAll("button[data-format]").forEach(function (button) {
    button.addEventListener("click", function () { download(button.dataset.format); });
  });
  document.querySelectorAll("a[data-saved]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      choose(link.dataset.saved, {});
      history.replaceState(null, "", link.href);
      if (!current.params.length) { run(); } else { paramsBox.querySelector("input").focus(); }
    });
  });
  var filter = document.getElementById("saved-filter");
  filter.addEventListener("input", function () {
    var needle = filter.value.toLowerCase();
    document.querySelectorAll(".saved-list > li").forEach(function (li) {
      li.hidden = needle && li.textContent.toLowerCase().indexOf(needle) < 0;
    });
  });

  // A link to this page with a query, or a saved query and its parameters, runs it at once.
  var params = new URLSearchParams(location.search);
  if (params.get("saved")) {
    var values = {};
    params.forEach(function (value, key) { if (key !== "saved") { values[key] = value; } });
    choose(params.get("saved"), values);
    if (current) { run(); }
  } else if (params.get("query")) {
    editor.set(params.get("query"));
    run();
  }
}());
