// nianbao serve: reloads this page when the site is rebuilt, and shows build errors over it.
// Injected into HTML responses by `nianbao serve` only; `nianbao build` never writes it.
(function (build) {
  "use strict";
  var OVERLAY = "nianbao-errors";

  function el(tag, style, text) {
    var e = document.createElement(tag);
    if (style) e.style.cssText = style;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function hide() {
    var old = document.getElementById(OVERLAY);
    if (old) old.remove();
  }

  // Draws the diagnostics over the page, which stays the last good build underneath.
  function show(errors) {
    hide();
    var box = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.88);" +
      "color:#eee;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2em;");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    var head = el("div", "background:#24242b;padding:.5em 1em;display:flex;justify-content:space-between;align-items:baseline;margin-bottom:1em;");
    head.appendChild(el("strong", "color:#ff8080;font-size:16px;",
      errors.length + (errors.length === 1 ? " problem" : " problems") +
      " in the last change; showing the last good build underneath"));
    var close = el("button", "background:none;border:1px solid #888;color:#eee;cursor:pointer;padding:.2em .6em;", "×");
    close.title = "Hide until the next change";
    close.onclick = hide;
    head.appendChild(close);
    box.appendChild(head);
    errors.forEach(function (d) {
      var item = el("div", "margin:0 0 1.5em;padding:1em;border-left:4px solid #ff8080;background:#24242b;");
      item.className = "nianbao-error";
      item.appendChild(el("div", "color:#8cf;", d.location));
      item.appendChild(el("div", "color:#fff;font-weight:bold;margin:.3em 0;", d.message));
      if (d.snippet !== null && d.snippet !== undefined) {
        var lines = d.line + " | " + d.snippet;
        if (d.column > 0) {
          lines += "\n" + " ".repeat(String(d.line).length) + " | " + caretPad(d.snippet, d.column) + "^";
        }
        item.appendChild(el("pre", "margin:.3em 0;white-space:pre;color:#ddd;", lines));
      }
      if (d.hint) item.appendChild(el("div", "color:#9e9;", "help: " + d.hint));
      box.appendChild(item);
    });
    (document.body || document.documentElement).appendChild(box);
  }

  // Spaces up to the column, two for each wide (CJK) character, as the terminal shows it.
  function caretPad(line, column) {
    var pad = "";
    Array.from(line).slice(0, column - 1).forEach(function (c) {
      var n = c.codePointAt(0);
      var wide = (n >= 0x1100 && n <= 0x115f) || (n >= 0x2e80 && n <= 0xa4cf) || (n >= 0xac00 && n <= 0xd7a3) ||
        (n >= 0xf900 && n <= 0xfaff) || (n >= 0xfe30 && n <= 0xfe4f) || (n >= 0xff00 && n <= 0xff60) ||
        (n >= 0xffe0 && n <= 0xffe6) || (n >= 0x20000 && n <= 0x3fffd);
      pad += c === "\t" ? "    " : wide ? "  " : " ";
    });
    return pad;
  }

  function connect() {
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    var ws = new WebSocket(proto + location.host + "/__nianbao/livereload");
    ws.onmessage = function (event) {
      var m = JSON.parse(event.data);
      if (m.type === "reload" || (m.type === "hello" && m.build !== build)) {
        location.reload();
      } else if (m.errors && m.errors.length) {
        show(m.errors);
      } else {
        hide();
      }
    };
    // The server stopped or restarted: try again; its hello says whether this page is stale.
    ws.onclose = function () {
      setTimeout(connect, 1000);
    };
  }

  connect();
})("__NIANBAO_BUILD__");
