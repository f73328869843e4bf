// nianbao search: the same tokenizer as src/render/search.rs. Chinese runs become character
// pairs, so any substring of two or more characters is found; Latin text becomes words, and a
// query word of three letters or more also finds the longer words it begins.
// The index is split (see src/render/search.rs): search/<lang>/meta.js says how many token
// shards (t<s>.js) and page chunks (p<k>.js) there are; a query loads the shards its tokens
// hash to, then the chunks holding the results shown (all of the hits', up to four, to list
// the pages whose title holds the query first). Each file is a script calling
// window.nbSearch, added as a <script> element, so search works from file:// too.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var input = box.querySelector("input[type=search]");
  var list = box.querySelector("ol");
  var status = box.querySelector("[role=status]");
  var root = box.getAttribute("data-root");
  var relative = box.getAttribute("data-relative") === "true";
  var lang = box.getAttribute("data-lang");
  var LIMIT = 100;
  // At most this many chunks of titles are loaded to rank the hits (500 titles, ~20 KB each).
  var RANKED_CHUNKS = 4;
  // What the index's scripts handed over ("meta", "t3", "p0"), and each script's loading.
  var got = {}, loading = {};
  function keep(kind) { return function (l, n, value) { if (l === lang) got[kind + n] = value; }; }
  window.nbSearch = { meta: function (l, m) { if (l === lang) got.meta = m; }, pages: keep("p"), tokens: keep("t") };

  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = root + "search/" + lang + "/" + name + ".js";
        s.onload = function () { resolve(got[name]); };
        s.onerror = function () { delete loading[name]; reject(new Error("cannot load " + s.src)); };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }

  // A shard is a plain object: a token is looked up among its own keys only, so that query
  // words such as "constructor", "toString" or "valueOf" are not found on Object.prototype.
  var has = Object.prototype.hasOwnProperty;
  // The ranges of `is_cjk` in src/render/search.rs, the supplementary ideographs included.
  var isCjk = function (c) { return /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/u.test(c); };

  function tokens(text) {
    var out = new Set(), run = [], word = "";
    function flushRun() {
      if (run.length === 1) out.add(run[0]);
      for (var i = 0; i + 1 < run.length; i++) out.add(run[i] + run[i + 1]);
      run = [];
    }
    function flushWord() { if (word) out.add(word); word = ""; }
    for (var ch of text.toLowerCase()) {
      if (isCjk(ch)) { flushWord(); run.push(ch); }
      else if (/[\p{L}\p{N}]/u.test(ch)) { flushRun(); word += ch; }
      else { flushRun(); flushWord(); }
    }
    flushRun(); flushWord();
    return [...out];
  }

  // A query word of PREFIX characters or more also finds the longer words it begins; its shard
  // is chosen by its first PREFIX characters (`search::PREFIX`).
  var PREFIX = 3;

  // FNV-1a, 32 bits, of the UTF-8 bytes of the token's first PREFIX characters: `search::shard`.
  function fnv(token) {
    var h = 0x811c9dc5;
    for (var ch of [...token].slice(0, PREFIX)) {
      var c = ch.codePointAt(0);
      var bytes = c < 0x80 ? [c] : c < 0x800 ? [0xc0 | c >> 6, 0x80 | c & 63]
        : c < 0x10000 ? [0xe0 | c >> 12, 0x80 | c >> 6 & 63, 0x80 | c & 63]
        : [0xf0 | c >> 18, 0x80 | c >> 12 & 63, 0x80 | c >> 6 & 63, 0x80 | c & 63];
      bytes.forEach(function (b) { h = Math.imul(h ^ b, 16777619) >>> 0; });
    }
    return h;
  }

  // The page ids of a query word, ascending: those of the token itself and, for a word of
  // PREFIX characters or more, of every longer token it begins (all in the same shard). Each
  // token's ids are its first id and the differences that follow.
  function postings(shard, token) {
    var found = [...token].length >= PREFIX
      ? Object.keys(shard).filter(function (k) { return k.startsWith(token); })
      : has.call(shard, token) ? [token] : [];
    var ids = new Set();
    found.forEach(function (k) { var id = 0; shard[k].forEach(function (d) { ids.add(id += d); }); });
    return [...ids].sort(function (a, b) { return a - b; });
  }

  function href(path) { return root + path + (relative ? "index.html" : ""); }

  function show(count, pages) {
    list.textContent = "";
    pages.forEach(function (d) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = href(d[0]);
      a.textContent = d[1];
      a.setAttribute("hreflang", lang === "zh" ? "zh-Hans" : "en");
      li.appendChild(a);
      var small = document.createElement("span");
      small.className = "path";
      small.textContent = " " + d[0];
      li.appendChild(small);
      list.appendChild(li);
    });
    status.textContent = box.getAttribute(count ? "data-found" : "data-none").replace("{n}", count);
  }

  // Numbers each run, so that a slower earlier query does not overwrite a later one's results.
  var runs = 0;
  function run() {
    var q = input.value.trim(), toks = tokens(q), mine = ++runs;
    if (!q) { list.textContent = ""; status.textContent = ""; return; }
    load("meta").then(function (meta) {
      var shards = toks.map(function (t) { return load("t" + fnv(t) % meta.shards); });
      return Promise.all(shards).then(function (loaded) {
        // Hits in page (path) order.
        var hits = loaded.reduce(function (ids, shard, i) {
          var these = new Set(postings(shard, toks[i]));
          return ids === null ? [...these] : ids.filter(function (id) { return these.has(id); });
        }, null) || [];
        var chunk = function (id) { return Math.floor(id / meta.chunk); };
        // Pages whose title holds the query come first, when the titles of every hit are in a
        // few chunks (a small site's are all in one); otherwise the first LIMIT hits in path
        // order, whose chunks are all that is needed.
        var all = [...new Set(hits.map(chunk))];
        var ranked = all.length <= RANKED_CHUNKS;
        var needed = ranked ? all : [...new Set(hits.slice(0, LIMIT).map(chunk))];
        return Promise.all(needed.map(function (k) { return load("p" + k); })).then(function () {
          if (mine !== runs) return;
          var page = function (id) { return got["p" + chunk(id)][id % meta.chunk]; };
          var order = hits;
          if (ranked) {
            var query = q.toLowerCase();
            var inTitle = function (id) { return page(id)[1].toLowerCase().indexOf(query) >= 0 ? 1 : 0; };
            order = hits.map(function (id) { return [inTitle(id), id]; })
              .sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; })
              .map(function (pair) { return pair[1]; });
          }
          show(hits.length, order.slice(0, LIMIT).map(page));
        });
      });
    }).catch(function (e) {
      if (mine === runs) status.textContent = String(e.message);
      console.error(e);
    });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) input.value = params.get("q");
  input.addEventListener("input", run);
  box.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
  run();
})();
