// Accessibility and behaviour checks of a built diarium site in headless Debian chromium:
//
//   node check.mjs <site-dir> [--shots <dir>] [--page /path/ …]
//
// For one page of every kind (found from sitemap.xml), at phone and desktop widths, in light
// and dark mode: axe-core (WCAG 2.0/2.1 A and AA rules) reports no violations, no request
// leaves the site, and every focusable element reached by Tab shows a visible focus
// indicator. Then the search page is driven with the keyboard and without JavaScript.
// With --shots, screenshots of home, a meeting, a case and a subject page are written.
// With --page, only the pages named are checked (no search): for one page of a large site.
// Exit status 1 on any failure, each printed as `kind url (viewport, scheme): problem`.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { serve, pageTypes, CHROMIUM, CHROMIUM_ARGS } from "./serve.mjs";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const VIEWPORTS = { phone: { width: 375, height: 812 }, desktop: { width: 1280, height: 900 } };
const SCHEMES = ["light", "dark"];
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const args = process.argv.slice(2);
const root = args[0];
if (!root || !fs.existsSync(path.join(root, "sitemap.xml"))) {
  console.error("usage: node check.mjs <built-site-dir> [--shots <dir>]");
  process.exit(2);
}
const shotsAt = args.indexOf("--shots");
const shots = shotsAt >= 0 ? args[shotsAt + 1] : null;
const named = args.flatMap((a, i) => (a === "--page" ? [args[i + 1]] : []));

const failures = [];
const fail = (where, message) => {
  failures.push(`${where}: ${message}`);
  console.log(`FAIL ${where}: ${message}`);
};

const server = await serve(root);
const { base, kinds } = pageTypes(root);
const profile = fs.mkdtempSync(path.join(process.env.TMPDIR || "/tmp", "diarium-chromium-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  args: CHROMIUM_ARGS,
  headless: true,
});

async function open(url, viewport, scheme, javaScriptEnabled = true) {
  const ctx = await browser.browser()?.newContext?.({ viewport, colorScheme: scheme, javaScriptEnabled });
  const page = ctx ? await ctx.newPage() : await browser.newPage();
  if (!ctx) {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: scheme });
  }
  const outside = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(server.origin) && !r.url().startsWith("data:")) outside.push(r.url());
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(server.origin + url, { waitUntil: "load" });
  return { page, outside, errors, close: () => (ctx ? ctx.close() : page.close()) };
}

async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  }, TAGS);
}

// Tabs through the page; every element that takes focus must show an outline or a shadow.
async function focusProblems(page, limit = 40) {
  const problems = [];
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const r = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
      const shadow = s.boxShadow && s.boxShadow !== "none";
      const rect = el.getBoundingClientRect();
      const onScreen = rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.left < innerWidth;
      return { visible: outline || shadow, onScreen, what: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.textContent || "").trim().slice(0, 30) };
    });
    if (!r) break;
    if (!r.visible) problems.push(`no visible focus on ${r.what}`);
    if (!r.onScreen) problems.push(`focused element off screen: ${r.what}`);
  }
  return problems;
}

const targets = named.length ? named.map((url) => ["page", url]) : [...kinds];
for (const [kind, url] of targets) {
  for (const [vname, viewport] of Object.entries(VIEWPORTS)) {
    for (const scheme of SCHEMES) {
      const where = `${kind} ${url} (${vname}, ${scheme})`;
      const t = await open(url, viewport, scheme);
      for (const v of await axe(t.page)) fail(where, v);
      for (const u of t.outside) fail(where, `request leaves the site: ${u}`);
      for (const e of t.errors) fail(where, `script error: ${e}`);
      if (scheme === "light") for (const p of await focusProblems(t.page)) fail(where, p);
      const overflow = await t.page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      if (overflow > 1) fail(where, `page scrolls sideways by ${overflow}px`);
      await t.close();
    }
  }
  console.log(`ok ${kind} ${url}`);
}

// Search, driven like a reader with a keyboard and a screen reader would.
// Queries taken from the site itself: the longest word of the first item's title (its
// definite form, a bare form and a prefix), and the first case number.
function searchTerms() {
  const meta = JSON.parse(fs.readFileSync(path.join(root, "sok/index/meta.json"), "utf8"));
  const docs = [];
  for (let n = 0; n < Math.min(meta.docs, 40); n++) {
    const file = Math.floor(n / meta.docs_a_file);
    const shared = JSON.parse(fs.readFileSync(path.join(root, `sok/index/d/${Math.floor(file / meta.files_a_folder)}/${file}.json`), "utf8"));
    docs.push(shared[n % meta.docs_a_file]);
  }
  const words = docs[0].t.split(/[^\p{L}]+/u).filter(Boolean);
  const word = words.reduce((a, b) => (b.length > a.length ? b : a)).toLowerCase();
  const withCase = docs.find((d) => d.c.length);
  return { word, prefix: word.slice(0, Math.max(3, word.length - 3)), caseNo: withCase ? withCase.c[0] : null };
}

async function searchChecks() {
  const url = base + "sok/";
  const terms = searchTerms();
  const where = `search ${url}`;
  const t = await open(url, VIEWPORTS.phone, "light");
  const p = t.page;
  const same = await p.evaluate(() => {
    const s = window.diariumSearch;
    // The pairs of FOLDED in src/render/search/text.rs.
    const folded = ["Regionavtalet", "nämnderna", "ÅRSREDOVISNINGEN", "Zürich", "Café", "Ørsted", "Mæland", "a\u030atgärd", "o\u0308versyn", "e\u0301tude", "Straße", "Łódź", "İzmir", "2020"].map(s.normalize);
    return [folded.join(" "), s.bucketOf("regionavtal", 1 << 20), s.bucketOf("nämnd", 1 << 20), s.bucketOf("öl", 1 << 20), s.words("RS 2273–2024, 24RS11304").join(" ")];
  });
  const expected = ["regionavtal nämnd årsredovisning zurich caf örsted mäland åtgärd översyn etud strass lodz izmir 2020", 296341, 583302, 823103, "RS 2273 2024 24 RS 11304"];
  if (JSON.stringify(same) !== JSON.stringify(expected)) fail(where, `normalization differs from Rust: ${JSON.stringify(same)}`);
  // A term's three sets of every form, blocks included, as src/render/search/sets.rs writes
  // them (its test every_form_as_search_js_reads_it).
  const decoded = await p.evaluate(() => {
    const s = window.diariumSearch;
    const sets = [[], [], []];
    s.readTerm(s.fromBase64("DAPkB4eMCQUoEw8CZpAOVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVRUEoA0JBOAF"), (doc, place) => sets[place].push(doc));
    return sets;
  });
  const dense = [];
  for (let d = 10000; d < 10200; d += 2) dense.push(d);
  const wanted = [[3, 1000, 150000], Array.from({ length: 20 }, (_, i) => 40 + i), dense.concat([100000, 140000])];
  if (JSON.stringify(decoded) !== JSON.stringify(wanted)) fail(where, `sets decode differently from Rust: ${JSON.stringify(decoded)}`);
  // The skip link, then the header links, then the search field: reach it with Tab only.
  await p.focus("#q");
  const query = async (text) => {
    await p.fill("#q", "");
    await p.evaluate(() => { document.getElementById("search-status").textContent = ""; });
    await p.keyboard.type(text);
    await p.waitForFunction(() => /\d|Inga|No /.test(document.getElementById("search-status").textContent) && !/…/.test(document.getElementById("search-status").textContent), null, { timeout: 5000 });
    return p.evaluate(() => ({
      status: document.getElementById("search-status").textContent,
      hits: [...document.querySelectorAll("#search-results li h2 a")].map((a) => a.textContent),
      marks: [...document.querySelectorAll("#search-results mark")].map((m) => m.textContent),
      meta: [...document.querySelectorAll("#search-results .meta")].map((m) => m.textContent),
    }));
  };
  const definite = await query(terms.word);
  if (!definite.hits.length) fail(where, `"${terms.word}" finds nothing: ${definite.status}`);
  const stem = await p.evaluate((w) => window.diariumSearch.normalize(w), terms.word);
  const bare = await query(stem);
  if (bare.hits.length !== definite.hits.length) fail(where, `"${stem}" and "${terms.word}" differ: ${bare.hits.length} vs ${definite.hits.length}`);
  const prefix = await query(terms.prefix);
  if (!prefix.hits.length) fail(where, `prefix "${terms.prefix}" finds nothing`);
  if (!prefix.marks.length) fail(where, "snippets mark no matched words");
  if (!prefix.meta.every((m) => /\d{4}/.test(m))) fail(where, `a hit lacks its meeting date: ${prefix.meta}`);
  if (terms.caseNo) {
    const caseNo = await query(terms.caseNo);
    if (!caseNo.hits.length) fail(where, `case number "${terms.caseNo}" finds nothing`);
  }
  const none = await query("xyzzyq");
  if (none.hits.length) fail(where, "nonsense finds something");
  // Filters: choosing the last organization must keep only its hits.
  await query("beslut");
  const orgs = await p.$$eval("#f-org option", (os) => os.map((o) => o.value).filter(Boolean));
  for (const org of orgs) {
    await p.selectOption("#f-org", org);
    await p.waitForTimeout(300);
    const state = await p.evaluate(() => ({ url: location.search, n: document.querySelectorAll("#search-results li").length }));
    if (!state.url.includes(`org=${org}`)) fail(where, `filter not kept in the address: ${state.url}`);
  }
  // Keyboard: from the field, Tab reaches the first result link.
  await p.selectOption("#f-org", "");
  await query(terms.word);
  await p.focus("#q");
  let reached = false;
  for (let i = 0; i < 8 && !reached; i++) {
    await p.keyboard.press("Tab");
    reached = await p.evaluate(() => document.activeElement.closest("#search-results") !== null);
  }
  if (!reached) fail(where, "Tab from the search field does not reach the results");
  const live = await p.getAttribute("#search-status", "role");
  if (live !== "status") fail(where, "result count is not announced (role=status)");
  await t.close();

  // A shared search address runs the search on arrival.
  const linked = await open(url + "?q=" + encodeURIComponent(terms.word), VIEWPORTS.desktop, "light");
  await linked.page.waitForSelector("#search-results li", { timeout: 5000 }).catch(() => fail(where, "?q= does not search on arrival"));
  for (const v of await axe(linked.page)) fail(`${where} with results`, v);
  await linked.close();

  // Without JavaScript the page says so and links to the lists.
  const nojs = await open(url, VIEWPORTS.phone, "light", false);
  const state = await nojs.page.evaluate(() => ({
    notice: !document.getElementById("search-nojs").hidden,
    app: !document.getElementById("search-app").hidden,
    links: document.querySelectorAll("#search-nojs a").length,
  }));
  if (!state.notice || state.app || !state.links) fail(`${where} without JavaScript`, JSON.stringify(state));
  await nojs.close();

  // A meeting is readable without any script.
  if (kinds.has("meeting")) {
    const m = await open(kinds.get("meeting"), VIEWPORTS.phone, "light", false);
    const text = await m.page.evaluate(() => document.querySelector("main").innerText.length);
    if (text < 200) fail(`meeting without JavaScript`, `only ${text} characters readable`);
    await m.close();
  }
  console.log("ok search");
}
if (!named.length) await searchChecks();

if (shots) {
  fs.mkdirSync(shots, { recursive: true });
  const wanted = [["home", "home"], ["meeting", "meeting"], ["case", "case"], ["teman-page", "subject"], ["search", "search"]];
  kinds.set("search", base + "sok/?q=" + encodeURIComponent(searchTerms().word));
  for (const [kind, name] of wanted) {
    if (!kinds.has(kind)) {
      console.log(`no ${name} page in this site: no screenshot`);
      continue;
    }
    for (const [vname, viewport] of Object.entries(VIEWPORTS)) {
      const t = await open(kinds.get(kind), viewport, "light");
      if (kind === "search") await t.page.waitForSelector("#search-results li");
      await t.page.screenshot({ path: path.join(shots, `${name}-${vname}.png`), fullPage: vname === "phone" ? false : true });
      await t.close();
    }
  }
  console.log(`screenshots in ${shots}`);
}

await browser.close();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(failures.length ? `${failures.length} problem(s)` : `all checks passed on ${targets.length} pages`);
process.exit(failures.length ? 1 : 0);
