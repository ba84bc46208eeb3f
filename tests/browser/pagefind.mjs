// The same queries as search.mjs, asked of a Pagefind index in headless Debian chromium, for
// the comparison in scripts/search_bench.py.
//
//   node pagefind.mjs <site-dir-with-pagefind/> <queries.json> [--json <out.json>]
//
// Each query runs in a fresh browser (cold) through Pagefind's own API, `search()` and then
// `data()` of the first ten results (what a results list shows); then warm, right after the
// query's "after" in the same tab. Bytes are the bodies of /pagefind/ files as received (Pagefind's index
// files are gzipped already and sent as they are), its WebAssembly included; pagefind.js,
// loaded with the page, apart.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { serve, CHROMIUM, CHROMIUM_ARGS } from "./serve.mjs";

const args = process.argv.slice(2);
const [root, queriesFile] = args;
if (!root || !queriesFile || !fs.existsSync(path.join(root, "pagefind/pagefind.js"))) {
  console.error("usage: node pagefind.mjs <site-dir-with-pagefind> <queries.json> [--json <out.json>]");
  process.exit(2);
}
const jsonAt = args.indexOf("--json");
const jsonOut = jsonAt >= 0 ? args[jsonAt + 1] : null;
// Pagefind is asked the plain queries only: the filters are diarium's form.
const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8")).filter((q) => !q.set);
fs.writeFileSync(path.join(root, "pagefind-bench.html"), `<!doctype html><meta charset="utf-8"><title>bench</title>
<script type="module">window.pagefind = await import("/pagefind/pagefind.js"); await window.pagefind.options({}); window.ready = true;</script>`);

const server = await serve(root, { gzip: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

// Bytes and files of Pagefind's files the server has sent since the last call (its search
// runs in a worker, whose requests a page's own resource timing does not see).
let mark = 0;
function downloaded() {
  const fresh = server.sent.slice(mark).filter(([p]) => p.includes("/pagefind/"));
  mark = server.sent.length;
  return { bytes: fresh.reduce((n, f) => n + f[1], 0), files: fresh.length };
}

async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + "/pagefind-bench.html", { waitUntil: "load" });
  await page.waitForFunction(() => window.ready === true);
  downloaded();
  return { page, close: () => context.close() };
}

async function search(page, q) {
  const started = Date.now();
  const got = await page.evaluate(async (q) => {
    const s = await window.pagefind.search(q);
    const top = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
    return { count: s.results.length, top: top.map((d) => d.meta.title || d.url) };
  }, q);
  const ms = Date.now() - started;
  const bytes = downloaded();
  return { ...got, ms, ...bytes };
}

const results = [];
for (const query of queries) {
  const cold = await freshPage();
  const r = await search(cold.page, query.q);
  await cold.close();
  results.push({ q: query.q, count: r.count, top: r.top, cold: { bytes: r.bytes, files: r.files, ms: r.ms } });
  console.log(`"${query.q}": ${r.count} hits; cold ${r.bytes} B in ${r.files} files, ${r.ms} ms; top: ${r.top[0]}`);
}
for (const [n, r] of results.entries()) {
  const tab = await freshPage();
  await search(tab.page, queries[n].after || "budget");
  const warm = await search(tab.page, r.q);
  r.warm = { bytes: warm.bytes, files: warm.files, ms: warm.ms };
  console.log(`"${r.q}": warm ${warm.bytes} B in ${warm.files} files`);
  await tab.close();
}
await browser.close();
server.close();
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 2));
