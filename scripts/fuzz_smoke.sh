#!/usr/bin/env bash
# A short run of each fuzz target under fuzz/ (cargo-fuzz, libFuzzer), for CI and by hand:
#
#   scripts/fuzz_smoke.sh                      # every target, 30 s each
#   FUZZ_SECONDS=600 scripts/fuzz_smoke.sh import_parse
#
# Each target starts from its seed corpus (fuzz/corpus/<target>/, never written to: new inputs
# go to a scratch folder) and the dictionary fuzz/dicts/minutes.dict. A crash, a panic or an
# input slower than FUZZ_TIMEOUT seconds fails the run; the reproducer is left in
# fuzz/artifacts/<target>/ and the command to replay it is printed. Installs cargo-fuzz and a
# nightly toolchain when they are missing.
set -euo pipefail

cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-30}"
timeout="${FUZZ_TIMEOUT:-30}"
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=(case_number import_parse frontmatter)
fi

if ! cargo +nightly --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# Inputs longer than a few pages add time, not paths.
max_len() {
    case "$1" in
        case_number) echo 512 ;;
        import_parse) echo 8192 ;;
        *) echo 4096 ;;
    esac
}

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failed=()
for target in "${targets[@]}"; do
    mkdir -p "$scratch/$target"
    echo "== fuzz $target for ${seconds}s"
    if ! cargo +nightly fuzz run -O "$target" "$scratch/$target" "corpus/$target" -- \
        -dict=dicts/minutes.dict -max_len="$(max_len "$target")" \
        -timeout="$timeout" -max_total_time="$seconds" -print_final_stats=1; then
        failed+=("$target")
    fi
done
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz targets failed: ${failed[*]} (reproducers in fuzz/artifacts/)" >&2
    exit 1
fi
