// Search for diarium's /sok/ page: no dependencies, no requests outside the site.
// Reads the index that `diarium build` writes under sok/index/ (see src/render/search.rs):
// meta.json once; per query word one dictionary file t/<n>.json and, for a common word, the
// postings file p/<n>.bin that holds its sets; then d/<n>.json for each hit shown. Every
// download is kept and shared by later queries (typing reuses it, nothing is aborted).
// The word splitting and folding below must match src/render/search/text.rs.
(function () {
  "use strict";

  // The stemmer of src/swedish.rs (`stem`), rule for rule: suffixes longest first, each
  // leaving at least MIN_STEM characters and a vowel; a genitive -s; up to four rounds; a
  // word that is not all letters (a code such as q3) loses only a genitive -s.
  var SUFFIXES = ["erna", "arna", "orna", "na", "en", "et", "ar", "er", "or", "e"];
  var MIN_STEM = 3;
  var VOWELS = "aeiouyåäöé";
  // Letter, then what it folds to (the table FOLD of text.rs).
  var FOLD = {};
  "ßss àa áa âa ãa æä çc èe ée êe ëe ìi íi îi ïi ðd ñn òo óo ôo õo øö ùu úu ûu üu ýy þth ÿy āa ąa ćc čc ďd đd ēe ęe ěe ğg īi ıi łl ńn ňn ōo őo řr śs şs šs ťt ūu ůu űu źz żz žz".split(" ").forEach(function (p) {
    var c = Array.from(p)[0];
    FOLD[c] = p.slice(c.length);
  });
  var PAGE = 10;
  // Documents in a block of a set of form 3 (sets.rs).
  var BLOCK = 4096;
  // Place weights: a word in the title, in a case number, anywhere else.
  var WEIGHT = [3, 2, 1];
  // Bytes of postings a prefix may add to a query beyond its whole words.
  var PREFIX_BUDGET = 24000;

  function fold(word) {
    var out = [];
    Array.from(word.toLowerCase()).forEach(function (c) {
      var last = out[out.length - 1];
      if (c === "\u030a" || c === "\u0308") {
        var composed = last === "a" ? (c === "\u030a" ? "å" : "ä") : last === "o" && c === "\u0308" ? "ö" : null;
        if (composed) out[out.length - 1] = composed;
      } else if (c >= "\u0300" && c <= "\u036f") {
        // A combining accent: dropped.
      } else {
        out.push(FOLD[c] !== undefined ? FOLD[c] : c);
      }
    });
    return out.join("");
  }

  // The term the index stores for a word: case and accents folded, then stemmed.
  function normalize(word) {
    return stem(fold(word));
  }

  // Lengths are counted in characters (code points), as Rust's chars().count() does.
  function stem(word) {
    var cs = Array.from(word);
    var letters = /^\p{Alphabetic}*$/u.test(word);
    for (var round = 0; round < 4; round++) {
      var next = stripOnce(cs, letters);
      if (next.length === cs.length) break;
      cs = next;
    }
    return cs.join("");
  }

  function stripOnce(cs, letters) {
    var bare = stripGenitive(cs);
    if (bare) return bare;
    if (!letters) return cs;
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (cs.length >= s.length && cs.slice(cs.length - s.length).join("") === s) {
        bare = cs.slice(0, cs.length - s.length);
        if (bare.length >= MIN_STEM && bare.some(isVowel)) return bare;
      }
    }
    return cs;
  }

  // -s after a consonant, when at least four characters remain (avtals, not mars or process).
  function stripGenitive(cs) {
    if (cs[cs.length - 1] !== "s" || cs.length < 2) return null;
    var before = cs[cs.length - 2];
    var keeps = isVowel(before) || before === "s" || before === "x" || before === "z" || !/^\p{Alphabetic}$/u.test(before);
    return !keeps && cs.length - 1 >= 4 ? cs.slice(0, -1) : null;
  }

  function isVowel(c) {
    return VOWELS.indexOf(c) >= 0;
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

  // The sets of sets.rs: calls visit(doc) for each document of the set at bytes[at.i],
  // numbered from \`offset\`.
  function readSet(bytes, at, visit, offset) {
    function next() {
      var n = 0, shift = 0, b;
      do {
        b = bytes[at.i++];
        n += (b & 0x7f) * Math.pow(2, shift);
        shift += 7;
      } while (b >= 0x80);
      return n;
    }
    offset = offset || 0;
    var tag = next(), count = Math.floor(tag / 4), form = tag % 4, doc, k;
    if (form === 0) {
      doc = offset - 1;
      for (k = 0; k < count; k++) { doc += next() + 1; visit(doc); }
    } else if (form === 1) {
      var end = offset;
      for (k = 0; k < count; k++) {
        var start = end + next();
        end = start + next() + 1;
        for (doc = start; doc < end; doc++) visit(doc);
      }
    } else if (form === 2) {
      var first = offset + next();
      for (k = 0; k < count; k++) {
        var byte = bytes[at.i + k];
        if (byte) for (var j = 0; j < 8; j++) if (byte & (1 << j)) visit(first + 8 * k + j);
      }
      at.i += count;
    } else {
      var block = -1;
      for (k = 0; k < count; k++) {
        block += next() + 1;
        readSet(bytes, at, visit, offset + block * BLOCK);
      }
    }
  }

  // A term's three sets (title, case number, rest): visit(doc, place).
  function readTerm(bytes, visit) {
    var at = { i: 0 };
    for (var place = 0; place < 3; place++) readSet(bytes, at, function (doc) { visit(doc, place); });
  }

  function fromBase64(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  // Exported for the browser test of the hash and the folding.
  window.diariumSearch = { normalize: normalize, fold: fold, words: words, bucketOf: bucketOf, readTerm: readTerm, fromBase64: fromBase64 };

  var app = document.getElementById("search-app");
  if (!app) return;
  var base = app.getAttribute("data-index");
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var selOrg = document.getElementById("f-org");
  var selBody = document.getElementById("f-body");
  var selYear = document.getElementById("f-year");
  var selOutcome = document.getElementById("f-outcome");
  var selSort = document.getElementById("f-sort");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var text = function (key) { return app.getAttribute("data-" + key) || ""; };

  // One promise per file, kept: a file asked for again, while loading or after, is not
  // downloaded again.
  var cache = {};
  function get(path, read) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return read(r);
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }
  function getJSON(path) { return get(path, function (r) { return r.json(); }); }
  function getBytes(path) {
    return get(path, function (r) { return r.arrayBuffer().then(function (b) { return new Uint8Array(b); }); });
  }

  // The bytes of a set: inline in the dictionary ([df, "base64"]) or in a postings file.
  function setBytes(place) {
    return getBytes("p/" + place[0] + ".bin").then(function (file) {
      return file.subarray(place[1], place[1] + place[2]);
    });
  }
  function termBytes(entry) {
    return typeof entry[1] === "string" ? Promise.resolve(fromBase64(entry[1])) : setBytes(entry.slice(1));
  }

  app.hidden = false;
  var noscript = document.getElementById("search-nojs");
  if (noscript) noscript.hidden = true;

  // How well a dictionary term stands for a query word: 1 the word itself, 0.8 the word with
  // an ending the folding does not know ("avtals" → "avtal"), 0.6 a completion of the last
  // word while it is typed.
  function matchWeight(term, q, prefix) {
    if (term === q) return 1;
    if (q.length >= 5 && term.length >= 4 && q.lastIndexOf(term, 0) === 0 && q.length - term.length <= 2) return 0.8;
    if (prefix && term.lastIndexOf(q, 0) === 0) return 0.6;
    return 0;
  }

  // The terms a query word stands for, within the prefix budget: completions of the most
  // common first, as far as their postings fit.
  function termsFor(dict, q, prefix) {
    var whole = [], completions = [];
    Object.keys(dict).forEach(function (term) {
      var w = matchWeight(term, q, prefix);
      if (w === 1 || w === 0.8) whole.push([term, w]);
      else if (w) completions.push([term, w]);
    });
    completions.sort(function (a, b) { return dict[b[0]][0] - dict[a[0]][0]; });
    var spent = 0;
    completions.forEach(function (c) {
      var entry = dict[c[0]];
      var bytes = typeof entry[1] === "string" ? 0 : entry[3];
      if (spent + bytes > PREFIX_BUDGET) return;
      spent += bytes;
      whole.push(c);
    });
    return whole.map(function (t) { return { entry: dict[t[0]], w: t[1] }; });
  }

  // Each document's score for one query word: the best of its terms', 0 where it has none.
  function scoreWord(meta, terms) {
    return Promise.all(terms.map(function (t) { return termBytes(t.entry); })).then(function (all) {
      var scores = new Float32Array(meta.docs);
      all.forEach(function (bytes, i) {
        var t = terms[i];
        var idf = Math.log(1 + meta.docs / t.entry[0]);
        readTerm(bytes, function (doc, place) {
          var s = t.w * idf * WEIGHT[place];
          if (s > scores[doc]) scores[doc] = s;
        });
      });
      return scores;
    });
  }

  // The documents the filters let through: null for all, else a test.
  function allowed(meta) {
    var tests = [];
    var year = selYear.value;
    if (year !== "") {
      var range = meta.years.filter(function (y) { return String(y[0]) === year; })[0] || [0, 0, 0];
      tests.push(Promise.resolve(function (doc) { return doc >= range[1] && doc < range[2]; }));
    }
    var sets = [];
    if (selBody.value !== "" && meta.bodies[selBody.value]) sets.push(meta.bodies[selBody.value].p);
    else if (selOrg.value !== "" && meta.orgs[selOrg.value]) sets.push(meta.orgs[selOrg.value].p);
    if (selOutcome.value !== "" && meta.outcomes[selOutcome.value]) sets.push(meta.outcomes[selOutcome.value]);
    sets.forEach(function (place) {
      tests.push(setBytes(place).then(function (bytes) {
        var mask = new Uint8Array(meta.docs);
        readTerm(bytes, function (doc) { mask[doc] = 1; });
        return function (doc) { return mask[doc] === 1; };
      }));
    });
    if (!tests.length) return Promise.resolve(null);
    return Promise.all(tests).then(function (fs) {
      return function (doc) { return fs.every(function (f) { return f(doc); }); };
    });
  }

  function queryWords(qtext) {
    var seen = {};
    return words(qtext).map(normalize).filter(function (w) {
      if (seen[w] || (w.length < 2 && !/^[0-9]+$/.test(w))) return false;
      seen[w] = true;
      return true;
    });
  }

  // Every document that has all the words, ranked: by score (newest first among equals), or
  // by date. Documents are numbered oldest first.
  function query(meta, qtext) {
    var qs = queryWords(qtext);
    if (!qs.length) return Promise.resolve(null);
    // The last word completes while it is typed: not after a space, not a number.
    var typing = !/\s$/.test(qtext);
    var dicts = qs.map(function (q) { return getJSON("t/" + bucketOf(q, meta.buckets) + ".json"); });
    return Promise.all(dicts).then(function (files) {
      var terms = qs.map(function (q, i) {
        var prefix = typing && i === qs.length - 1 && q.length >= 3 && !/^[0-9]+$/.test(q);
        return termsFor(files[i], q, prefix);
      });
      if (terms.some(function (t) { return !t.length; })) return { qs: qs, hits: [] };
      return Promise.all([allowed(meta)].concat(terms.map(function (t) { return scoreWord(meta, t); })));
    }).then(function (r) {
      if (!Array.isArray(r)) return r;
      var ok = r[0], per = r.slice(1), hits = [];
      var first = per[0];
      for (var doc = 0; doc < meta.docs; doc++) {
        if (!first[doc]) continue;
        var total = 0, all = true;
        for (var i = 0; i < per.length && all; i++) {
          all = per[i][doc] > 0;
          total += per[i][doc];
        }
        if (all && (!ok || ok(doc))) hits.push([doc, total]);
      }
      var sort = selSort.value;
      if (sort === "new") hits.sort(function (a, b) { return b[0] - a[0]; });
      else if (sort === "old") hits.sort(function (a, b) { return a[0] - b[0]; });
      else hits.sort(function (a, b) { return b[1] - a[1] || b[0] - a[0]; });
      return { qs: qs, hits: hits };
    });
  }

  function matches(word, qs) {
    var w = normalize(word);
    return qs.some(function (q) { return matchWeight(w, q, q.length >= 3) > 0; });
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
    // An item's URL is its meeting's and one more segment.
    ma.href = siteBase + d.u.replace(/[^/]+\/$/, "");
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

  // Document `id`: one of `docs_a_file` in its file (a file shared by hits is fetched once).
  function doc(meta, id) {
    var file = Math.floor(id / meta.docs_a_file);
    return getJSON("d/" + Math.floor(file / meta.files_a_folder) + "/" + file + ".json").then(function (docs) {
      return docs[id % meta.docs_a_file];
    });
  }

  // The hits from `from` to `count` appended to the list.
  function show(meta, result, from, count, mine) {
    var ids = result.hits.slice(from, count).map(function (h) { return h[0]; });
    return Promise.all(ids.map(function (id) { return doc(meta, id); })).then(function (docs) {
      if (mine !== seq) return;
      if (from === 0) list.textContent = "";
      docs.forEach(function (d) { list.appendChild(hitElement(meta, d, result.qs)); });
      more.hidden = result.hits.length <= count;
    });
  }

  var FILTERS = [["org", selOrg], ["body", selBody], ["year", selYear], ["outcome", selOutcome], ["sort", selSort]];

  function syncUrl() {
    var params = new URLSearchParams();
    if (input.value) params.set("q", input.value);
    FILTERS.forEach(function (f) { if (f[1].value) params.set(f[0], f[1].value); });
    var qs = params.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
  }

  function clear(message) {
    list.textContent = "";
    more.hidden = true;
    status.textContent = message;
  }

  function run() {
    var mine = ++seq;
    syncUrl();
    var qtext = input.value.replace(/^\s+/, "");
    if (!qtext.trim()) return clear("");
    // Announce "searching" only when it is slow, so a screen reader hears just the count.
    var slow = setTimeout(function () { if (mine === seq) status.textContent = text("loading"); }, 400);
    getJSON("meta.json").then(function (meta) {
      return query(meta, qtext).then(function (result) {
        // A query overtaken by typing fetches no documents: only the last one shows.
        if (mine !== seq) return;
        if (!result) return clear(text("short"));
        current = { meta: meta, result: result, count: PAGE, mine: mine };
        return show(meta, result, 0, PAGE, mine).then(function () {
          if (mine !== seq) return;
          var n = result.hits.length, q = qtext.trim();
          status.textContent = n === 0
            ? text("none") + " ”" + q + "”"
            : n.toLocaleString("sv-SE") + " " + (n === 1 ? text("hit") : text("hits")) + " ”" + q + "”";
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
    timer = setTimeout(run, 200);
  });
  selOrg.addEventListener("change", function () { filterBodies(); run(); });
  [selBody, selYear, selOutcome, selSort].forEach(function (s) { s.addEventListener("change", run); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  more.addEventListener("click", function () {
    if (!current || current.mine !== seq) return;
    var firstNew = current.count;
    current.count += PAGE;
    show(current.meta, current.result, firstNew, current.count, current.mine).then(function () {
      var link = list.children[firstNew] && list.children[firstNew].querySelector("a");
      if (link) link.focus();
    });
  });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  selOrg.value = params.get("org") || "";
  filterBodies();
  FILTERS.slice(1).forEach(function (f) { f[1].value = params.get(f[0]) || ""; });
  if (input.value) run();
})();
