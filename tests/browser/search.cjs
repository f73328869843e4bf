// The search page's script without a browser: runs a built site's search.js in a Node vm
// sandbox with a small fake DOM (the #search box of search.html, and a <head> that runs the
// search index's scripts from the built site when search.js adds them), runs each query as the
// page does for `?q=<query>` with nothing loaded yet, and prints one JSON line per query:
// {"query", "error" (the exception thrown or logged, or null), "status" (the status line),
// "paths" (the pages listed), "titles" (their titles), "loaded" (the index files the query loaded, in order), "bytes"
// (their size)}. Needs nothing but Node; tests/search_js.rs runs it and judges the results.
//
// Usage: node tests/browser/search.cjs <built site folder> <lang> <query>...
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [root, lang, ...queries] = process.argv.slice(2);
const searchJs = fs.readFileSync(path.join(root, "search.js"), "utf8");

// An element as search.js uses it: attributes, children, listeners and text.
function element(tag, attributes = {}) {
  const e = {
    tagName: tag,
    attributes: new Map(Object.entries(attributes)),
    children: [],
    listeners: new Map(),
    className: "",
    href: "",
    value: "",
    text: "",
    get textContent() { return this.text; },
    // Setting the text replaces the children, as in a browser.
    set textContent(v) { this.text = String(v); this.children = []; },
    appendChild(child) { this.children.push(child); return child; },
    setAttribute(name, v) { this.attributes.set(name, String(v)); },
    getAttribute(name) { return this.attributes.has(name) ? this.attributes.get(name) : null; },
    addEventListener(type, f) { this.listeners.set(type, [...(this.listeners.get(type) || []), f]); },
  };
  return e;
}

async function search(query) {
  const input = element("input", { type: "search" });
  const list = element("ol");
  const status = element("p", { role: "status" });
  const form = element("form");
  const box = element("div", {
    id: "search", "data-root": "/", "data-relative": "false", "data-lang": lang,
    "data-found": "{n} found", "data-none": "none found",
  });
  const parts = new Map([["input[type=search]", input], ["ol", list], ["[role=status]", status], ["form", form]]);
  box.querySelector = (selector) => parts.get(selector) || null;
  let error = null;
  const loaded = [];
  let bytes = 0;
  let pending = 0;
  // A script added to <head> runs after the current task, as a browser's would, then its
  // onload (or onerror, when the built site has no such file) is called.
  const head = element("head");
  head.appendChild = (script) => {
    pending++;
    setImmediate(() => {
      pending--;
      const file = path.join(root, script.src.replace(/^\//, ""));
      if (!fs.existsSync(file)) return script.onerror();
      const code = fs.readFileSync(file, "utf8");
      loaded.push(script.src);
      bytes += Buffer.byteLength(code);
      try {
        vm.runInContext(code, sandbox, { filename: script.src });
      } catch (e) {
        error = error || String(e && e.stack ? e.stack : e);
      }
      script.onload();
    });
    return script;
  };
  const document = {
    getElementById: (id) => (id === "search" ? box : null),
    createElement: (tag) => element(tag),
    head,
  };
  const console = { error: (e) => { error = error || String(e && e.stack ? e.stack : e); } };
  const sandbox = { document, console, URLSearchParams, location: { search: "?q=" + encodeURIComponent(query) } };
  sandbox.window = sandbox;
  vm.createContext(sandbox);
  try {
    vm.runInContext(searchJs, sandbox, { filename: "search.js" });
  } catch (e) {
    error = String(e && e.stack ? e.stack : e);
  }
  // Until no script is loading after a whole task (the promises it settles run before the next).
  do await new Promise((resolve) => setImmediate(resolve));
  while (pending > 0);
  const paths = list.children.map((li) => li.children[0].href);
  const titles = list.children.map((li) => li.children[0].textContent);
  return { query, error, status: status.textContent, paths, titles, loaded, bytes };
}

(async () => {
  for (const q of queries) console.log(JSON.stringify(await search(q)));
})();
