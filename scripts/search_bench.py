#!/usr/bin/env python3
"""Search at archive scale: diarium's index on the 10,000-meeting synthetic archive, beside
Pagefind's, written to a Markdown report.

    scripts/search_bench.py [--corpus DIR] [--out DIR] [--report FILE]
                            [--pagefind-meetings 2000] [--no-pagefind] [--baseline BINARY]
                            [--repeat N]

1. The archive of shared/bench/make_corpus.py (--n 10000, written once to --corpus).
2. `diarium build --timings` under /usr/bin/time -v: wall, CPU, peak memory, the search
   index's CPU (and the same for --baseline, an older binary, for a before/after), the
   fastest of --repeat runs.
3. The index's files: how many, raw and gzipped bytes (each file gzipped, as a host sends it).
4. tests/browser/search.mjs: five queries (tests/browser/queries/archive-10k.json) typed
   into /sok/ in Debian's chromium, expected top results checked, bytes per query cold,
   typed and warm.
5. Pagefind (npm `pagefind`, installed into the output folder) on the item pages of the first
   --pagefind-meetings meetings (by path: it runs out of memory on all 150,000 items), its
   index time, memory and size, and the same queries through its JavaScript API.

Needs: cargo, node and npm, /usr/bin/time, chromium (see tests/browser/serve.mjs), and
tests/browser's node modules (`npm ci` in tests/browser). Exit status 1 when a query's results
are not as expected.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
BROWSER = REPO / "tests" / "browser"
QUERIES = BROWSER / "queries" / "archive-10k.json"
PAGEFIND = "pagefind@1.6.0"


def corpus(out: Path) -> Path:
    site = out / "diarium"
    if not (site / "content").is_dir():
        run([sys.executable, str(MAKE_CORPUS), "--n", "10000", "--out", str(out), "--flavor", "diarium"])
    if not (site / "site.toml").exists():
        (site / "site.toml").write_text('title = "Bench"\nbase_url = "https://bench.example/"\n')
    return site


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, text=True, **kw)


def timed(cmd: list[str]) -> dict:
    """Runs `cmd` under /usr/bin/time -v; its wall and CPU seconds, peak memory, stderr."""
    done = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    err = done.stderr

    def field(name: str) -> str:
        return re.search(rf"{re.escape(name)}: (.+)", err).group(1).strip()

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
    seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
    return {
        "cmd": " ".join(cmd),
        "wall": seconds,
        "cpu": float(field("User time (seconds)")) + float(field("System time (seconds)")),
        "rss_mb": int(field("Maximum resident set size (kbytes)")) / 1024,
        "stderr": err,
    }


def fastest(runs: list[dict]) -> dict:
    """The run with the least wall time, with every run's wall time beside it."""
    best = dict(min(runs, key=lambda r: r["wall"]))
    best["walls"] = ", ".join(f"{r['wall']:.1f}" for r in runs)
    return best


def search_cpu(stderr: str) -> str:
    """The search index's CPU from `--timings` (the line of the kind "search index")."""
    line = next((l for l in stderr.splitlines() if "search index" in l), "")
    return line.strip() or "(no --timings line)"


def sizes(folder: Path) -> dict:
    """Files, raw and gzipped bytes of each subfolder of the index (and its top files)."""
    out: dict[str, list[int]] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder)
        key = rel.parts[0] + "/" if len(rel.parts) > 1 else rel.name
        data = path.read_bytes()
        # Hosts compress text, not binary files: a .bin is sent as it is.
        sent = len(data) if path.suffix in (".bin",) or path.suffix.startswith(".pf_") else len(gzip.compress(data, 6))
        files, raw, gz = out.get(key, [0, 0, 0])
        out[key] = [files + 1, raw + len(data), gz + sent]
    return out


def pagefind_subset(site_out: Path, dest: Path, meetings: int) -> int:
    """Hard links of the item pages of the first `meetings` meetings (by path) into `dest`."""
    if dest.exists():
        shutil.rmtree(dest)
    items = sorted(p for p in site_out.glob("*/*/*/*/index.html") if p.parts[-5] != "sok")
    chosen = sorted({p.parent.parent for p in items})[:meetings]
    keep = set(chosen)
    count = 0
    for page in items:
        if page.parent.parent in keep:
            target = dest / page.relative_to(site_out)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(page, target)
            count += 1
    (dest / "sitemap.xml").write_text("<urlset></urlset>")
    return count


def public_js(args) -> int:
    return len(gzip.compress((args.out / "site" / "search.js").read_bytes(), 6))


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def report(args, builds: dict, index: dict, diarium: list, pagefind: dict | None) -> str:
    lines = ["# Search at archive scale", ""]
    lines += [
        "Made by `scripts/search_bench.py` on the synthetic archive of `make_corpus.py --n 10000`",
        "(10,000 meetings, 150,000 items). Bytes are the bodies the browser received, gzipped as",
        "a static host sends text (`.json`); `.bin` postings are sent as they are.",
        "",
        "## Build (`diarium build --timings`, under `/usr/bin/time -v`)",
        "",
        f"The fastest of {args.repeat} runs each (all runs' wall times in the last column; the machine",
        "is shared, so compare runs made together).",
        "",
        "| binary | wall | CPU | peak memory | search index (CPU, from --timings) | all runs (wall, s) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, b in builds.items():
        lines.append(
            f"| {name} | {b['wall']:.1f} s | {b['cpu']:.1f} s | {b['rss_mb']:.0f} MB | `{search_cpu(b['stderr'])}` | {b['walls']} |"
        )
    lines += ["", f"Command: `{builds['diarium']['cmd']}`", "", "## Index files", ""]
    lines += ["| part | files | bytes | gzipped (as sent) |", "| --- | --- | --- | --- |"]
    for part, (files, raw, gz) in index.items():
        lines.append(f"| `sok/index/{part}` | {files:,} | {kb(raw)} | {kb(gz)} |")
    script = public_js(args)
    lines += ["", f"`search.js`, loaded with the page and not counted below: {kb(script)} gzipped.", ""]
    lines += ["## Queries", ""]
    lines += [
        "cold: a fresh browser, the query pasted; typed: a fresh browser, typed a key at a time",
        "(all downloads on the way); warm: right after the query in parentheses, in the same tab.",
        "",
        "| query | diarium hits | cold | typed | warm (after) | Pagefind hits | Pagefind cold | Pagefind warm |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    pf = {r["q"]: r for r in (pagefind or {}).get("queries", [])}
    for r in diarium:
        p = pf.get(r["q"])
        pcols = f"{p['count']:,} | {kb(p['cold']['bytes'])} ({p['cold']['files']} files) | {kb(p['warm']['bytes'])}" if p else "– | – | –"
        lines.append(
            f"| {r['q']} | {r['count']:,} | {kb(r['cold']['bytes'])} ({r['cold']['files']} files) | {kb(r['typed']['bytes'])} "
            f"| {kb(r['warm']['bytes'])} ({r['after']}) | {pcols} |"
        )
    lines += ["", "## Top results", ""]
    for r in diarium:
        lines += [f"### {r['q']}", "", "diarium:", ""]
        lines += [f"{n}. {t}" for n, t in enumerate(r["top"][:5], 1)]
        if r["q"] in pf:
            lines += ["", "Pagefind:", ""]
            lines += [f"{n}. {t}" for n, t in enumerate(pf[r["q"]]["top"][:5], 1)] or ["(none)"]
        lines.append("")
    if pagefind:
        b = pagefind["build"]
        lines += [
            "## Pagefind",
            "",
            f"`{PAGEFIND}` on the item pages of the first {args.pagefind_meetings:,} meetings by path",
            f"({pagefind['pages']:,} pages; on all 150,000 it runs out of memory), so its counts and top",
            "results are of that subset. Its index files are gzipped already.",
            "",
            f"- index time: {b['wall']:.1f} s wall, {b['cpu']:.1f} s CPU; peak memory {b['rss_mb']:.0f} MB",
            f"- index size: {pagefind['files']:,} files, {kb(pagefind['bytes'])}",
            f"- pagefind.js, loaded with the page and not counted: {kb(pagefind['script'])} gzipped;"
            " its WebAssembly and entry files, fetched at the first search, are counted",
            f"- command: `{b['cmd']}`",
            "",
        ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/diarium-search-10k"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/diarium-search-bench"))
    ap.add_argument("--report", type=Path, default=None, help="default: OUT/report.md")
    ap.add_argument("--pagefind-meetings", type=int, default=2000)
    ap.add_argument("--no-pagefind", action="store_true")
    ap.add_argument("--baseline", type=Path, help="an older diarium binary to time beside this one")
    ap.add_argument("--repeat", type=int, default=1, help="builds of each binary, alternated (default 1)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    report_path = args.report or args.out / "report.md"
    site = corpus(args.corpus)
    run(["cargo", "build", "--release", "--quiet"], cwd=REPO)
    binary = REPO / "target" / "release" / "diarium"
    public = args.out / "site"
    runs: dict[str, list[dict]] = {"baseline": [], "diarium": []} if args.baseline else {"diarium": []}
    # Alternated, so that a load from elsewhere on the machine falls on both alike.
    for _ in range(args.repeat):
        if args.baseline:
            runs["baseline"].append(timed([str(args.baseline), "build", "--timings", "--root", str(site), "--out", str(args.out / "baseline")]))
            shutil.rmtree(args.out / "baseline", ignore_errors=True)
        runs["diarium"].append(timed([str(binary), "build", "--timings", "--root", str(site), "--out", str(public)]))
    builds = {name: fastest(r) for name, r in runs.items()}
    index = sizes(public / "sok" / "index")
    results_file = args.out / "diarium.json"
    checked = subprocess.run(["node", str(BROWSER / "search.mjs"), str(public), str(QUERIES), "--json", str(results_file)])
    diarium = json.loads(results_file.read_text())
    pagefind = None
    if not args.no_pagefind:
        cli = args.out / "pagefind-cli"
        if not (cli / "node_modules" / ".bin" / "pagefind").exists():
            run(["npm", "install", "--prefix", str(cli), "--no-audit", "--no-fund", "--loglevel=error", PAGEFIND])
        subset = args.out / "pagefind-site"
        pages = pagefind_subset(public, subset, args.pagefind_meetings)
        build = timed([str(cli / "node_modules" / ".bin" / "pagefind"), "--site", str(subset)])
        files = [p for p in (subset / "pagefind").rglob("*") if p.is_file()]
        pf_file = args.out / "pagefind.json"
        run(["node", str(BROWSER / "pagefind.mjs"), str(subset), str(QUERIES), "--json", str(pf_file)])
        pagefind = {
            "build": build,
            "pages": pages,
            "files": len(files),
            "bytes": sum(p.stat().st_size for p in files),
            "script": len(gzip.compress((subset / "pagefind" / "pagefind.js").read_bytes(), 6)),
            "queries": json.loads(pf_file.read_text()),
        }
    report_path.write_text(report(args, builds, index, diarium, pagefind))
    print(f"report: {report_path}")
    return checked.returncode


if __name__ == "__main__":
    sys.exit(main())
