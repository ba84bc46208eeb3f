// Search, end to end in headless Debian chromium: each query of a list is typed into /sok/ of
// a built site served gzipped (as hosts serve it), and its top results, true hit count and
// bytes downloaded are checked and recorded.
//
//   node search.mjs <site-dir> <queries.json> [--json <out.json>]
//
// queries.json: [{"q": "årsredovisning 2020", "top": "Årsredovisning 2020", "k": 10,
//                 "meta": "21RD03357", "min": 600, "after": "årsredovisning 2019"}, …]:
// each of the first k results' title (or, with "meta", its line of body, date and case
// numbers) must match the regular expression, and at least "min" items must be found
// (default 1). "set": {"#f-outcome": "decided", …} chooses filters first; then every result's
// line must match "metaAll"; "label" names such a query in the output.
//
// Bytes are the gzipped bodies of sok/index/ files as the server sent them (search.js,
// loaded with the page, apart):
//   cold   a fresh browser (empty cache), the query pasted at once;
//   typed  a fresh browser, the query typed a key at a time (~8 keys a second), every
//          download on the way counted: typing must reuse, not restart, downloads;
//   warm   the same tab right after the query "after" (a reader refining a search:
//          "årsredovisning 2019", then 2020), so what the two share is cached.
// Exit status 1 when a query's results are not as expected.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { serve, sitemapPaths, CHROMIUM, CHROMIUM_ARGS } from "./serve.mjs";

const args = process.argv.slice(2);
const [root, queriesFile] = args;
if (!root || !queriesFile || !fs.existsSync(path.join(root, "sok/index/meta.json"))) {
  console.error("usage: node search.mjs <built-site-dir> <queries.json> [--json <out.json>]");
  process.exit(2);
}
const jsonAt = args.indexOf("--json");
const jsonOut = jsonAt >= 0 ? args[jsonAt + 1] : null;
const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));

const server = await serve(root, { gzip: true });
const home = sitemapPaths(root)[0];
const searchUrl = server.origin + home.replace(/[^/]*$/, "") + "sok/";
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(searchUrl, { waitUntil: "load" });
  downloaded();
  return { page, errors, close: () => context.close() };
}

// Bytes and files of the index the server has sent since the last call.
let mark = 0;
function downloaded() {
  const fresh = server.sent.slice(mark).filter(([p]) => p.includes("/sok/index/"));
  mark = server.sent.length;
  return { bytes: fresh.reduce((n, f) => n + f[1], 0), files: fresh.length };
}

// Types or pastes `q`, waits for its count, and reads the results.
async function search(page, q, { typed = false, set = {} } = {}) {
  await page.fill("#q", "");
  for (const [select, value] of Object.entries(set)) await page.selectOption(select, value);
  await page.evaluate(() => { document.getElementById("search-status").textContent = ""; });
  downloaded();
  const started = Date.now();
  if (typed) await page.type("#q", q, { delay: 120 });
  else await page.fill("#q", q);
  const want = `”${q.trim()}”`;
  await page.waitForFunction((w) => document.getElementById("search-status").textContent.includes(w), want, { timeout: 60000 });
  const ms = Date.now() - started - (typed ? 120 * q.length : 0);
  // Let a late download (there should be none) show in the count.
  await page.waitForTimeout(100);
  const got = await page.evaluate(() => ({
    status: document.getElementById("search-status").textContent,
    titles: [...document.querySelectorAll("#search-results li h2 a")].map((a) => a.textContent),
    metas: [...document.querySelectorAll("#search-results .meta")].map((m) => m.textContent),
  }));
  return { ...got, ms, count: Number((got.status.match(/^[\d\s\u00a0]+/) || ["0"])[0].replace(/\D/g, "")), ...downloaded() };
}

const failures = [];
const results = [];
for (const query of queries) {
  const cold = await freshPage();
  const first = await search(cold.page, query.q, { set: query.set });
  await cold.close();
  const typing = await freshPage();
  const typed = await search(typing.page, query.q, { typed: true, set: query.set });
  await typing.close();
  const where = `"${query.q}"`;
  const k = query.k || 1;
  const pattern = new RegExp(query.top || query.meta, "u");
  const shown = query.meta ? first.metas : first.titles;
  if (shown.length < k) failures.push(`${where}: ${shown.length} results shown, expected at least ${k}`);
  shown.slice(0, k).forEach((s, i) => { if (!pattern.test(s)) failures.push(`${where}: result ${i + 1} is "${s}", expected /${pattern.source}/`); });
  if (query.metaAll) first.metas.forEach((m, i) => { if (!new RegExp(query.metaAll, "u").test(m)) failures.push(`${where}: result ${i + 1} is "${m}", expected /${query.metaAll}/`); });
  if (first.count < (query.min || 1)) failures.push(`${where}: ${first.count} hits, expected at least ${query.min || 1}`);
  if (typed.count !== first.count || typed.titles[0] !== first.titles[0]) failures.push(`${where}: typed (${typed.count}, ${typed.titles[0]}) differs from pasted (${first.count}, ${first.titles[0]})`);
  for (const e of cold.errors.concat(typing.errors)) failures.push(`${where}: script error: ${e}`);
  results.push({ q: query.label || query.q, count: first.count, top: first.titles.slice(0, 10), metas: first.metas.slice(0, 3), cold: { bytes: first.bytes, files: first.files, ms: first.ms }, typed: { bytes: typed.bytes, files: typed.files } });
  console.log(`${where}: ${first.count} hits; cold ${first.bytes} B in ${first.files} files, ${first.ms} ms; typed ${typed.bytes} B; top: ${first.titles[0]}`);
}

// Warm: a tab that has just run the query's "after" (or "budget").
for (const [n, r] of results.entries()) {
  const tab = await freshPage();
  await search(tab.page, queries[n].after || "budget", { set: queries[n].set });
  const warm = await search(tab.page, queries[n].q);
  r.after = queries[n].after || "budget";
  r.warm = { bytes: warm.bytes, files: warm.files, ms: warm.ms };
  if (warm.count !== r.count) failures.push(`"${r.q}": ${warm.count} hits after "${r.after}", ${r.count} cold`);
  console.log(`"${r.q}": warm (after "${r.after}") ${warm.bytes} B in ${warm.files} files, ${warm.ms} ms`);
  await tab.close();
}

await browser.close();
server.close();
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 2));
for (const f of failures) console.log(`FAIL ${f}`);
console.log(failures.length ? `search: ${failures.length} problem(s)` : `search: all ${queries.length} queries as expected`);
process.exit(failures.length ? 1 : 0);
