// Lighthouse scores and transferred bytes of the home page, a meeting and a case of a built
// site, in Debian's chromium (not run in CI: it takes a minute a page). With --page, of the
// pages named instead; with --json, the rows are also written to a file.
//
//   node lighthouse.mjs <site-dir> [--page /teman/x/ …] [--json rows.json]
import fs from "node:fs";
import path from "node:path";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { serve, pageTypes, CHROMIUM, CHROMIUM_ARGS } from "./serve.mjs";

const args = process.argv.slice(2);
const root = args[0];
if (!root) {
  console.error("usage: node lighthouse.mjs <built-site-dir> [--page /path/ …] [--json file]");
  process.exit(2);
}
const named = args.flatMap((a, i) => (a === "--page" ? [args[i + 1]] : []));
const jsonAt = args.indexOf("--json");
const server = await serve(root);
const { kinds } = pageTypes(root);
const profile = fs.mkdtempSync(path.join(process.env.TMPDIR || "/tmp", "diarium-lh-"));
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: CHROMIUM_ARGS,
  userDataDir: profile,
});
const rows = [];
const targets = named.length
  ? named.map((p) => [p, p])
  : ["home", "meeting", "case", "item", "sok"].filter((k) => kinds.has(k)).map((k) => [k, kinds.get(k)]);
for (const [kind, at] of targets) {
  const url = server.origin + at;
  const r = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error" });
  const lhr = r.lhr;
  const score = (c) => Math.round(lhr.categories[c].score * 100);
  rows.push({
    page: named.length ? at : `${kind} ${at}`,
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
  rows[rows.length - 1].failed = failed;
}
console.table(rows.map(({ failed, ...row }) => row));
if (jsonAt >= 0) fs.writeFileSync(args[jsonAt + 1], JSON.stringify(rows, null, 2));
await chrome.kill();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
