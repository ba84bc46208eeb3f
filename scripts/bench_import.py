#!/usr/bin/env python3
"""Import time and peak memory against input size: the importer must stay linear.

Makes texts of 1, 2, 5 and 10 MB (by default) from the example's sources — a protocol in
the seeds' layout and, with --flattened, the dev set's flattened transcripts — and times
`diarium import` on each with /usr/bin/time, reporting seconds, MB/s and peak RSS.

    cargo build --release
    python3 scripts/bench_import.py [--sizes 1 2 5 10] [--flattened]
"""

import argparse
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def corpus(flattened: bool) -> str:
    if flattened:
        files = sorted((ROOT / "tests/fixtures/minutes-dev").glob("*.txt"))
        return " ".join(f.read_text().replace("\n\n", " ") for f in files) + "\n\n"
    return (ROOT / "sources/001_74a5850b5a719d43.txt").read_text()


def run(binary: pathlib.Path, text: str, work: pathlib.Path) -> tuple[float, int]:
    source = work / "minutes.txt"
    source.write_text(text)
    out = work / "content"
    cmd = ["/usr/bin/time", "-f", "%e %M", str(binary), "import", str(source), "--out", str(out),
           "--organization", "Bench kommun", "--body", "Kommunstyrelsen", "--date", "2025-01-01",
           "--force"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"import failed:\n{done.stderr}")
    seconds, kb = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kb)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 5, 10], help="sizes in MB")
    ap.add_argument("--flattened", action="store_true", help="flattened transcripts instead")
    ap.add_argument("--binary", default=str(ROOT / "target/release/diarium"))
    args = ap.parse_args()
    unit = corpus(args.flattened)
    print(f"{'MB':>6} {'seconds':>8} {'MB/s':>6} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.sizes:
            text = unit * max(1, int(mb * 1_000_000 / len(unit.encode())))
            seconds, kb = run(pathlib.Path(args.binary), text, pathlib.Path(tmp))
            size = len(text.encode()) / 1_000_000
            print(f"{size:6.1f} {seconds:8.2f} {size / max(seconds, 0.01):6.2f} {kb / 1024:9.0f}")


if __name__ == "__main__":
    main()
