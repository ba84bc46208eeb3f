// Lighthouse scores and transferred bytes of the home page, a meeting and a case of a built
// site, in Debian's chromium (not run in CI: it takes a minute a page).
//
//   node lighthouse.mjs <site-dir>
import fs from "node:fs";
import path from "node:path";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { serve, pageTypes, CHROMIUM, CHROMIUM_ARGS } from "./serve.mjs";

const root = process.argv[2];
if (!root) {
  console.error("usage: node lighthouse.mjs <built-site-dir>");
  process.exit(2);
}
const server = await serve(root);
const { kinds } = pageTypes(root);
const profile = fs.mkdtempSync(path.join(process.env.TMPDIR || "/tmp", "diarium-lh-"));
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: CHROMIUM_ARGS,
  userDataDir: profile,
});
const rows = [];
for (const kind of ["home", "meeting", "case", "item", "sok"]) {
  if (!kinds.has(kind)) continue;
  const url = server.origin + kinds.get(kind);
  const r = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error" });
  const lhr = r.lhr;
  const score = (c) => Math.round(lhr.categories[c].score * 100);
  rows.push({
    page: `${kind} ${kinds.get(kind)}`,
    performance: score("performance"),
    accessibility: score("accessibility"),
    "best-practices": score("best-practices"),
    seo: score("seo"),
    "transferred bytes": lhr.audits["total-byte-weight"].numericValue,
    requests: lhr.audits["network-requests"].details.items.length,
    "FCP ms": Math.round(lhr.audits["first-contentful-paint"].numericValue),
    "LCP ms": Math.round(lhr.audits["largest-contentful-paint"].numericValue),
  });
  const failed = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary").map((a) => a.id);
  if (failed.length) console.log(`${kind}: audits not passed: ${failed.join(", ")}`);
}
console.table(rows);
await chrome.kill();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
