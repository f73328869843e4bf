// Browser checks of a built site in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): for the main page types in both languages (the promise ledger among
// them), at phone (360 px) and desktop sizes,
// fail on a console error, on horizontal overflow at phone width, on text squeezed into a
// narrow column, on a serious or critical axe-core violation (light and dark), on a search for 老旧小区
// that finds nothing, or on one for `constructor gdp` that throws; and answers two residents'
// questions on a phone by tapping from the home page to the life-area pages and reading them
// (not by searching). Screenshots go to target/screenshots/.
//
// Usage: NODE_PATH=<folder with node_modules> node tests/browser/check.cjs public target/screenshots
"use strict";
const http = require("http");
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [root = "public", shots = "target/screenshots"] = process.argv.slice(2);
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml", ".csv": "text/csv" };

function serve() {
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (p.endsWith("/")) p += "index.html";
    const file = path.join(root, path.normalize(p));
    if (!file.startsWith(path.resolve(root)) && !path.resolve(file).startsWith(path.resolve(root))) { res.writeHead(404); return res.end(); }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404, { "content-type": "text/html; charset=utf-8" }); return res.end(fs.readFileSync(path.join(root, "404.html"))); }
      res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const pages = [
  ["home", ""], ["year", "years/2020/"], ["board", "boards/oct-culture-tourism/"], ["topic", "topics/warm/"],
  ["indicator", "indicators/gdp/"], ["search", "search/"], ["plan", "plans/fyp14/"], ["promises", "promises/"],
  ["life", "life/"], ["life-education", "life/education/"], ["life-housing", "life/housing/"],
];
// 360 px: the narrowest phones in common use, where residents read the promise ledger; 390 px:
// the most common phone width.
const sizes = [[360, 740], [390, 844], [1280, 800]];

// Residents' questions, each answered by reading one row of a life area's year-by-year table:
// the area's card is one tap from the home page's life link. `years` picks the columns, `sum`
// adds the final results (cells without a status note) of those years.
const questions = [
  { q: "how many new school places since 2019?", area: { zh: "教育与托育", en: "Education and childcare" },
    row: { zh: "新增优质学位", en: "New places at high-quality schools" }, years: (y) => y >= 2019, answer: 10400 },
  { q: "how many old compounds were renovated in 2020?", area: { zh: "住房与老旧小区", en: "Housing and old compounds" },
    row: { zh: "老旧小区改造", en: "Old residential compounds renovated" }, years: (y) => y === 2020, answer: 236 },
];

/// "1.04万个", "10,400", "236个" as a number.
function number(text) {
  const m = text.replace(/,/g, "").match(/(\d+(?:\.\d+)?)(万)?/);
  if (!m) return NaN;
  return Math.round(parseFloat(m[1]) * (m[2] ? 10000 : 1));
}
const queries = { zh: ["老旧小区", "德化", "二七广场", "GDP", "金水河源"], en: ["old residential compounds", "Dehua", "GDP"] };
// Words naming properties of Object.prototype (`constructor` once threw a TypeError): they may
// find nothing, but must not throw.
const oddQueries = ["constructor gdp", "__proto__ gdp", "toString valueOf"];

(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const failures = [];
  for (const lang of ["zh", "en"]) {
    for (const [name, rel] of pages) {
      for (const [width, height] of sizes) {
        const page = await browser.newPage({ viewport: { width, height } });
        const errors = [];
        page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
        page.on("pageerror", (e) => errors.push(String(e)));
        const url = `${base}${lang}/${rel}`;
        const res = await page.goto(url, { waitUntil: "load" });
        const where = `${lang}/${rel || "(home)"} at ${width}px`;
        if (!res || res.status() !== 200) failures.push(`${where}: HTTP ${res && res.status()}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (width < 500 && overflow > 0) failures.push(`${where}: horizontal overflow of ${overflow}px`);
        // Text squeezed into a column a character or two wide (a table caption once was).
        const squeezed = await page.evaluate(() =>
          [...document.querySelectorAll("main caption, main h1, main h2, main p")]
            .filter((e) => e.textContent.trim().length > 3 && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().width < 60)
            .map((e) => e.textContent.trim().slice(0, 20)));
        if (squeezed.length) failures.push(`${where}: text squeezed into a narrow column: ${squeezed.join(" | ")}`);
        await page.screenshot({ path: path.join(shots, `${lang}-${name}-${width}.png`), fullPage: width < 500 });
        if (width === 1280) {
          await page.addScriptTag({ content: axeSource });
          // Light and dark colour schemes both: the rating badges are tinted in each.
          for (const scheme of ["light", "dark"]) {
            await page.emulateMedia({ colorScheme: scheme });
            const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
            for (const v of result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
              failures.push(`${where} (${scheme}): axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")})`);
            }
          }
        }
        for (const e of errors) failures.push(`${where}: console error: ${e}`);
        await page.close();
      }
    }
    for (const question of questions) {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const where = `${lang}: "${question.q}"`;
      await page.goto(`${base}${lang}/`, { waitUntil: "load" });
      // One tap to the overview, one to the area.
      await page.locator(".life-link a").click();
      await page.waitForLoadState("load");
      await page.locator(".life-cards h2 a", { hasText: question.area[lang] }).click();
      await page.waitForLoadState("load");
      const answer = await page.evaluate(({ row, from }) => {
        const table = document.querySelector("table.life-years");
        if (!table) return { error: "no year-by-year table" };
        const years = [...table.querySelectorAll("thead th")].slice(1).map((th) => parseInt(th.textContent, 10));
        const tr = [...table.querySelectorAll("tbody tr")].find((r) => r.querySelector("th").textContent.trim().startsWith(row));
        if (!tr) return { error: `no row "${row}"` };
        return { cells: [...tr.querySelectorAll("td")].map((td, i) => ({ year: years[i], text: td.textContent.trim(), final: !td.querySelector(".status") })) };
      }, { row: question.row[lang] });
      if (answer.error) failures.push(`${where}: ${answer.error} on ${page.url()}`);
      else {
        const used = answer.cells.filter((c) => c.text && c.final && question.years(c.year));
        const total = used.reduce((n, c) => n + number(c.text), 0);
        console.log(`${where} ${total} (from ${used.map((c) => `${c.year}: ${c.text}`).join(", ")})`);
        if (total !== question.answer) failures.push(`${where}: read ${total} from the page, the sources say ${question.answer}`);
      }
      await page.close();
    }
    // A life area prints on A4: at most two pages for all but the largest area (environment,
    // 65 facts, three pages); each count is printed.
    {
      const page = await browser.newPage();
      for (const href of await (async () => { await page.goto(`${base}${lang}/life/`, { waitUntil: "load" }); return page.locator(".life-cards h2 a").evaluateAll((as) => as.map((a) => a.getAttribute("href"))); })()) {
        await page.goto(new URL(href, `${base}${lang}/life/`).href, { waitUntil: "load" });
        const pdf = await page.pdf({ format: "A4", margin: { top: "12mm", bottom: "12mm", left: "12mm", right: "12mm" } });
        const n = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
        console.log(`print ${lang} ${href}: ${n} A4 page(s)`);
        if (n > (href.includes("/environment/") ? 3 : 2)) failures.push(`${lang} ${href} prints on ${n} A4 pages`);
      }
      await page.close();
    }
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    for (const q of [...queries[lang], ...oddQueries]) {
      errors.length = 0;
      await page.goto(`${base}${lang}/search/?q=${encodeURIComponent(q)}`, { waitUntil: "load" });
      const done = await page.waitForFunction(() => document.querySelector("#search [role=status]").textContent !== "", null, { timeout: 5000 }).then(() => true, () => false);
      const n = await page.locator("#search ol.results li").count();
      console.log(`search ${lang} ${JSON.stringify(q)}: ${n} pages`);
      for (const e of errors) failures.push(`search for ${q} on ${lang}: console error: ${e}`);
      if (!done) failures.push(`search for ${q} on ${lang} showed no status`);
      else if (n === 0 && !oddQueries.includes(q)) failures.push(`search for ${q} on ${lang} found nothing`);
    }
    await page.close();
  }
  await browser.close();
  server.close();
  if (failures.length) {
    console.error(`${failures.length} browser check(s) failed:\n` + failures.join("\n"));
    process.exit(1);
  }
  console.log(`browser checks passed; screenshots in ${shots}`);
})().catch((e) => { console.error(e); process.exit(1); });
