// A static file server for a built site, as a static host serves it: `/x/` → `/x/index.html`,
// unknown paths → `/404.html` with status 404. Loopback only, on a free port. With
// `{ gzip: true }` text files (HTML, CSS, JS, JSON, XML, SVG) are sent gzipped to a browser
// that accepts it, as hosts do, so that transfer sizes are what a reader downloads; other
// files (`.bin`, `.pf_*`) as they are.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
};

const COMPRESSED = /^(text\/|application\/(json|xml)|image\/svg)/;

export function serve(root, { gzip = false } = {}) {
  // [path, body bytes sent] of every answer, for counting what a reader downloads: workers'
  // requests too, which a page's own resource timing does not see.
  const sent = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(root, path.normalize(rel));
    const inside = file.startsWith(path.resolve(root) + path.sep);
    if (inside && fs.existsSync(file) && fs.statSync(file).isFile()) {
      const type = TYPES[path.extname(file)] || "application/octet-stream";
      if (gzip && COMPRESSED.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
        const body = zlib.gzipSync(fs.readFileSync(file));
        sent.push([url.pathname, body.length]);
        res.writeHead(200, { "content-type": type, "content-encoding": "gzip", vary: "accept-encoding" });
        res.end(body);
        return;
      }
      sent.push([url.pathname, fs.statSync(file).size]);
      res.writeHead(200, { "content-type": type });
      fs.createReadStream(file).pipe(res);
      return;
    }
    if (inside && fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      res.writeHead(301, { location: url.pathname + "/" });
      res.end();
      return;
    }
    res.writeHead(404, { "content-type": TYPES[".html"] });
    const notFound = path.join(root, "404.html");
    res.end(fs.existsSync(notFound) ? fs.readFileSync(notFound) : "not found");
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => server.close(), sent });
    });
  });
}

// Headless Debian chromium, never a downloaded browser; no traffic to Google's services.
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// The paths of every page the site's sitemap lists: sitemap.xml is an index whose first part
// is sitemap/1.xml (src/render/sitemap.rs), so the site's base path is what precedes that.
export function sitemapPaths(root) {
  const locs = (file) =>
    [...fs.readFileSync(path.join(root, file), "utf8").matchAll(/<loc>([^<]+)<\/loc>/g)].map(
      (m) => new URL(m[1], "http://localhost").pathname,
    );
  const parts = locs("sitemap.xml");
  const base = parts[0].slice(0, -"sitemap/1.xml".length);
  return parts.flatMap((p) => locs(p.slice(base.length)));
}

// One page of each kind, found in the site's sitemap (and the pages a sitemap leaves out).
export function pageTypes(root) {
  const urls = sitemapPaths(root);
  const base = urls.reduce((a, b) => (a.length <= b.length ? a : b));
  const kinds = new Map();
  const add = (kind, url) => { if (!kinds.has(kind)) kinds.set(kind, url); };
  for (const url of urls) {
    const rel = url.slice(base.length);
    const parts = rel.split("/").filter(Boolean);
    const top = parts[0];
    let kind;
    if (parts.length === 0) kind = "home";
    else if (["personer", "partier", "teman", "sok", "tillganglighet"].includes(top)) kind = parts.length === 1 ? top : top + "-page";
    else if (parts[1] === "arenden") kind = parts.length === 2 ? "cases" : "case";
    else kind = ["organization", "body", "meeting", "item"][parts.length - 1] || "other";
    add(kind, url);
  }
  add("not-found", base + "this-page-does-not-exist/");
  return { base, kinds };
}
