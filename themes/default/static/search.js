// nianbao search: the same tokenizer as src/render/search.rs. Chinese runs become character
// pairs, so any substring of two or more characters is found; Latin text becomes words, the
// last of which matches as a prefix while typing.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var data = window.NIANBAO_SEARCH;
  if (!box || !data) return;
  var input = box.querySelector("input[type=search]");
  var list = box.querySelector("ol");
  var status = box.querySelector("[role=status]");
  var root = box.getAttribute("data-root");
  var relative = box.getAttribute("data-relative") === "true";
  var lang = box.getAttribute("data-lang");
  var keys = Object.keys(data.index);
  // The index is a plain object: a token is looked up among its own keys only, so that query
  // words such as "constructor", "toString" or "valueOf" are not found on Object.prototype.
  var has = Object.prototype.hasOwnProperty;
  // The ranges of `is_cjk` in src/render/search.rs, the supplementary ideographs included.
  var isCjk = function (c) { return /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/u.test(c); };

  function tokens(text) {
    var out = [], run = [], word = "";
    function flushRun() {
      if (run.length === 1) out.push({ t: run[0], single: true });
      for (var i = 0; i + 1 < run.length; i++) out.push({ t: run[i] + run[i + 1] });
      run = [];
    }
    function flushWord() { if (word) out.push({ t: word, word: true }); word = ""; }
    for (var ch of text.toLowerCase()) {
      if (isCjk(ch)) { flushWord(); run.push(ch); }
      else if (/[\p{L}\p{N}]/u.test(ch)) { flushRun(); word += ch; }
      else { flushRun(); flushWord(); }
    }
    flushRun(); flushWord();
    return out;
  }

  function postings(tok, isLast) {
    var ids = new Set();
    var add = function (k) { data.index[k].split(",").forEach(function (n) { ids.add(parseInt(n, 36)); }); };
    if (tok.single) keys.forEach(function (k) { if (k.indexOf(tok.t) >= 0) add(k); });
    else if (tok.word && isLast) keys.forEach(function (k) { if (k.lastIndexOf(tok.t, 0) === 0) add(k); });
    else if (has.call(data.index, tok.t)) add(tok.t);
    return ids;
  }

  function href(path) { return root + path + (relative ? "index.html" : ""); }

  function run() {
    var q = input.value.trim();
    list.textContent = "";
    if (!q) { status.textContent = ""; return; }
    var toks = tokens(q), hits = null;
    toks.forEach(function (tok, i) {
      var ids = postings(tok, i === toks.length - 1);
      hits = hits === null ? ids : new Set([...hits].filter(function (x) { return ids.has(x); }));
    });
    var found = [...(hits || [])].map(function (i) { return data.docs[i]; });
    found.sort(function (a, b) {
      return (b[2] === lang) - (a[2] === lang) || (b[1].indexOf(q) >= 0) - (a[1].indexOf(q) >= 0) || a[0].localeCompare(b[0]);
    });
    status.textContent = box.getAttribute(found.length ? "data-found" : "data-none").replace("{n}", found.length);
    found.slice(0, 100).forEach(function (d) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = href(d[0]);
      a.textContent = d[1];
      a.setAttribute("hreflang", d[2] === "zh" ? "zh-Hans" : "en");
      li.appendChild(a);
      var small = document.createElement("span");
      small.className = "path";
      small.textContent = " " + d[0];
      li.appendChild(small);
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) input.value = params.get("q");
  input.addEventListener("input", run);
  box.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
  run();
})();
