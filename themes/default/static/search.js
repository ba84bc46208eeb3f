// Search for diarium's /sok/ page: no dependencies, no requests outside the site.
// Reads the index that `diarium build` writes under sok/index/ (see src/render/search.rs):
// meta.json once, then only the term files and document files a query needs.
// The word splitting and Swedish ending folding below must match src/render/search.rs.
(function () {
  "use strict";

  var SUFFIXES = ["erna", "arna", "orna", "et", "en", "na", "ar", "er", "or"];
  var PAGE = 20;

  function normalize(word) {
    var lower = word.toLowerCase();
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (lower.length > s.length && lower.slice(-s.length) === s) {
        var stem = lower.slice(0, -s.length);
        if (Array.from(stem).length >= 3) return stem;
      }
    }
    return lower;
  }

  // Runs of letters, and runs of digits: "24RS11304" → 24, RS, 11304.
  function words(text) {
    return text.match(/[0-9]+|[^\s0-9\p{P}\p{S}]+/gu) || [];
  }

  function bucketOf(term, buckets) {
    var head = Array.from(term).slice(0, 3).join("");
    var hash = 0x811c9dc5;
    for (var i = 0; i < head.length; i++) {
      hash ^= head.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % buckets;
  }

  // Exported for the browser test of the hash and the folding.
  window.diariumSearch = { normalize: normalize, words: words, bucketOf: bucketOf };

  var app = document.getElementById("search-app");
  if (!app) return;
  var base = app.getAttribute("data-index");
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var selOrg = document.getElementById("f-org");
  var selBody = document.getElementById("f-body");
  var selYear = document.getElementById("f-year");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var text = function (key) { return app.getAttribute("data-" + key) || ""; };

  var cache = {};
  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  app.hidden = false;
  var noscript = document.getElementById("search-nojs");
  if (noscript) noscript.hidden = true;

  // Which terms of a term file a query word matches, and how well.
  function matchWeight(term, q) {
    if (term === q) return 1;
    if (q.length >= 3 && term.lastIndexOf(q, 0) === 0) return 0.6;
    if (q.length >= 5 && term.length >= 4 && q.lastIndexOf(term, 0) === 0 && q.length - term.length <= 2) return 0.8;
    return 0;
  }

  function scoreWord(file, q, n) {
    var scores = new Map();
    var cut = new Set(file.c || []);
    var optional = true;
    var any = false;
    Object.keys(file.t).forEach(function (term) {
      var w = matchWeight(term, q);
      if (!w) return;
      any = true;
      if (!cut.has(term)) optional = false;
      var p = file.t[term];
      var df = cut.has(term) ? n : p.length / 2;
      var idf = Math.log(1 + n / df);
      var doc = 0;
      for (var i = 0; i < p.length; i += 2) {
        doc += p[i];
        var s = w * idf * (1 + Math.log(p[i + 1]));
        if (!(scores.get(doc) >= s)) scores.set(doc, s);
      }
    });
    return { scores: scores, optional: any && optional, any: any };
  }

  function allowed(meta) {
    var org = selOrg.value, body = selBody.value, year = selYear.value;
    if (!org && !body && !year) return null;
    var ranges = [];
    meta.bodies.forEach(function (b, i) {
      if (body !== "" && String(i) !== body) return;
      if (org !== "" && String(b.o) !== org) return;
      if (year === "") ranges.push(b.r);
      else b.y.forEach(function (y) { if (String(y[0]) === year) ranges.push([y[1], y[2]]); });
    });
    return function (doc) {
      for (var i = 0; i < ranges.length; i++) if (doc >= ranges[i][0] && doc < ranges[i][1]) return true;
      return false;
    };
  }

  function query(meta, qtext) {
    var seen = {};
    var qs = words(qtext).map(normalize).filter(function (w) {
      if (seen[w] || (w.length < 2 && !/^[0-9]+$/.test(w))) return false;
      seen[w] = true;
      return true;
    });
    if (!qs.length) return Promise.resolve(null);
    return Promise.all(qs.map(function (q) {
      return getJSON("t/" + bucketOf(q, meta.buckets) + ".json");
    })).then(function (files) {
      var per = qs.map(function (q, i) { return scoreWord(files[i], q, meta.docs); });
      var required = per.filter(function (x) { return !x.optional; });
      if (per.some(function (x) { return !x.any; })) return { qs: qs, hits: [] };
      var first = required.length ? required[0] : per[0];
      var ok = allowed(meta);
      var hits = [];
      first.scores.forEach(function (_, doc) {
        if (ok && !ok(doc)) return;
        var total = 0;
        for (var i = 0; i < per.length; i++) {
          var s = per[i].scores.get(doc);
          if (s === undefined && !per[i].optional) return;
          total += s || 0;
        }
        hits.push([doc, total]);
      });
      hits.sort(function (a, b) { return b[1] - a[1] || b[0] - a[0]; });
      return { qs: qs, hits: hits };
    });
  }

  function docs(meta, ids) {
    var chunks = {};
    ids.forEach(function (id) { chunks[Math.floor(id / meta.chunk)] = true; });
    var keys = Object.keys(chunks);
    return Promise.all(keys.map(function (k) { return getJSON("d/" + k + ".json"); })).then(function (files) {
      var byChunk = {};
      keys.forEach(function (k, i) { byChunk[k] = files[i]; });
      return ids.map(function (id) { return byChunk[Math.floor(id / meta.chunk)][id % meta.chunk]; });
    });
  }

  function matches(word, qs) {
    var w = normalize(word);
    return qs.some(function (q) { return matchWeight(w, q) > 0; });
  }

  // About 30 words of the excerpt around the first match, matches marked.
  function snippet(x, qs) {
    var parts = x.split(/(\s+)/);
    var first = 0;
    for (var i = 0; i < parts.length; i++) {
      if (words(parts[i]).some(function (w) { return matches(w, qs); })) { first = i; break; }
    }
    var from = Math.max(0, first - 16), to = Math.min(parts.length, from + 60);
    var p = document.createElement("p");
    p.className = "snippet";
    if (from > 0) p.appendChild(document.createTextNode("… "));
    for (var j = from; j < to; j++) {
      var part = parts[j];
      if (/\S/.test(part) && words(part).some(function (w) { return matches(w, qs); })) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(part));
      }
    }
    if (to < parts.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function hitElement(meta, d, qs) {
    var body = meta.bodies[d.b];
    var org = meta.orgs[body.o];
    var li = document.createElement("li");
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = siteBase + d.u;
    a.textContent = "§ " + d.n + " " + d.t;
    h.appendChild(a);
    li.appendChild(h);
    var m = document.createElement("p");
    m.className = "meta";
    var ma = document.createElement("a");
    ma.href = siteBase + d.m;
    ma.textContent = body.n + ", " + d.d;
    m.appendChild(document.createTextNode(org.title + " · "));
    m.appendChild(ma);
    var extra = (d.c.length ? " · " + d.c.join(", ") : "") + (d.o ? " · " + d.o : "");
    m.appendChild(document.createTextNode(extra));
    li.appendChild(m);
    li.appendChild(snippet(d.x, qs));
    return li;
  }

  var siteBase = app.getAttribute("data-base");
  var seq = 0;
  var current = null;

  function show(meta, result, count) {
    var ids = result.hits.slice(0, count).map(function (h) { return h[0]; });
    return docs(meta, ids).then(function (list_) {
      list.textContent = "";
      list_.forEach(function (d) { list.appendChild(hitElement(meta, d, result.qs)); });
      more.hidden = result.hits.length <= count;
    });
  }

  function syncUrl() {
    var params = new URLSearchParams();
    if (input.value) params.set("q", input.value);
    if (selOrg.value) params.set("org", selOrg.value);
    if (selBody.value) params.set("body", selBody.value);
    if (selYear.value) params.set("year", selYear.value);
    var qs = params.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
  }

  function run() {
    var mine = ++seq;
    syncUrl();
    var qtext = input.value.trim();
    if (!qtext) {
      list.textContent = "";
      more.hidden = true;
      status.textContent = "";
      return;
    }
    // Announce "searching" only when it is slow, so a screen reader hears just the count.
    var slow = setTimeout(function () { if (mine === seq) status.textContent = text("loading"); }, 400);
    getJSON("meta.json").then(function (meta) {
      return query(meta, qtext).then(function (result) {
        if (mine !== seq) return;
        if (!result) {
          status.textContent = text("short");
          list.textContent = "";
          more.hidden = true;
          return;
        }
        current = { meta: meta, result: result, count: PAGE };
        return show(meta, result, PAGE).then(function () {
          if (mine !== seq) return;
          var n = result.hits.length;
          status.textContent = n === 0
            ? text("none") + " ”" + qtext + "”"
            : n + " " + (n === 1 ? text("hit") : text("hits")) + " ”" + qtext + "”";
        });
      });
    }).catch(function () {
      if (mine === seq) status.textContent = text("error");
    }).then(function () { clearTimeout(slow); });
  }

  function filterBodies() {
    var org = selOrg.value;
    Array.prototype.forEach.call(selBody.options, function (o) {
      var hide = org !== "" && o.value !== "" && o.getAttribute("data-org") !== org;
      o.hidden = hide;
      o.disabled = hide;
    });
    if (selBody.selectedOptions[0] && selBody.selectedOptions[0].disabled) selBody.value = "";
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  selOrg.addEventListener("change", function () { filterBodies(); run(); });
  selBody.addEventListener("change", run);
  selYear.addEventListener("change", run);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  more.addEventListener("click", function () {
    if (!current) return;
    var firstNew = current.count;
    current.count += PAGE;
    show(current.meta, current.result, current.count).then(function () {
      var link = list.children[firstNew] && list.children[firstNew].querySelector("a");
      if (link) link.focus();
    });
  });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  selOrg.value = params.get("org") || "";
  filterBodies();
  selBody.value = params.get("body") || "";
  selYear.value = params.get("year") || "";
  if (input.value) run();
})();
