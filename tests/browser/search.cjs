// The search page's script without a browser: loads a built site's search-index.js and
// search.js into a Node vm sandbox with a small fake DOM (the #search box of search.html), runs
// each query as the page does for `?q=<query>`, and prints one JSON line per query:
// {"query", "error" (the exception thrown, or null), "status" (the status line), "paths" (the
// pages listed)}. Needs nothing but Node; tests/search_js.rs runs it and judges the results.
//
// Usage: node tests/browser/search.cjs <built site folder> <lang> <query>...
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [root, lang, ...queries] = process.argv.slice(2);
const indexJs = fs.readFileSync(path.join(root, "search-index.js"), "utf8");
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

function search(query) {
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
  const document = {
    getElementById: (id) => (id === "search" ? box : null),
    createElement: (tag) => element(tag),
  };
  const sandbox = { document, URLSearchParams, location: { search: "?q=" + encodeURIComponent(query) } };
  sandbox.window = sandbox;
  vm.createContext(sandbox);
  let error = null;
  try {
    vm.runInContext(indexJs, sandbox, { filename: "search-index.js" });
    vm.runInContext(searchJs, sandbox, { filename: "search.js" });
  } catch (e) {
    error = String(e && e.stack ? e.stack : e);
  }
  const paths = list.children.map((li) => li.children[0].href);
  return { query, error, status: status.textContent, paths };
}

for (const q of queries) console.log(JSON.stringify(search(q)));
