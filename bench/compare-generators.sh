#!/usr/bin/env bash
# Generator wall time before and after a change, side by side: the release generator of BASE
# (a commit) and the working tree's, run alternately on the same documents into an empty folder
# each time (so the cold write is included), reading the `in N ms` each run prints. Prints, per
# document, the median and minimum of each side and the ratio of the medians; also checks that
# both sides wrote the same files (`diff -r`), since a speed change must not change the output.
#
#   bench/compare-generators.sh BASE [ROUNDS] [DOCUMENT...]
#   bench/compare-generators.sh e1d89da 21 tests/real-specs/stripe.yaml spec/openapi.yaml
#
# Defaults: 11 rounds; stripe, openai, plaid, pagerduty and the chat spec. Building BASE's
# generator in release takes about 3 minutes on 2 cores, once (kept in target/bench-generators).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: bench/compare-generators.sh BASE [ROUNDS] [DOCUMENT...]}
rounds=${2:-11}
shift $(( $# < 2 ? $# : 2 ))
documents=("$@")
if [ ${#documents[@]} -eq 0 ]; then
  documents=(tests/real-specs/stripe.yaml tests/real-specs/openai.yaml tests/real-specs/plaid.yaml
             tests/real-specs/pagerduty.json spec/openapi.yaml)
fi
scratch=target/bench-generators
rm -rf "$scratch/base-tree" "$scratch/out"
mkdir -p "$scratch/out"
git worktree add --detach "$scratch/base-tree" "$base" >/dev/null 2>&1
trap 'git worktree remove --force "$scratch/base-tree"' EXIT
(cd "$scratch/base-tree" && CARGO_TARGET_DIR="$PWD/../base-target" cargo build -q --release -p generator)
cargo build -q --release -p generator
before="$scratch/base-target/release/generator"
after=target/release/generator

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for document in "${documents[@]}"; do
  for round in $(seq "$rounds"); do
    for side in before after; do
      binary=$before; [ "$side" = after ] && binary=$after
      rm -rf "$scratch/out/$side"
      "$binary" --spec "$document" --out "$scratch/out/$side" 2>&1 \
        | grep -o 'in [0-9]* ms' | tr -dc '0-9' | sed "s/^/$side /;s/\$/\n/"
    done
  done | python3 -c '
import statistics, sys
times = {}
for line in sys.stdin:
    if line.strip():
        side, ms = line.split()
        times.setdefault(side, []).append(int(ms))
b, a = times["before"], times["after"]
print(f"{sys.argv[1]}: before {statistics.median(b)} ms (min {min(b)}), after {statistics.median(a)} ms (min {min(a)}), ratio {statistics.median(a) / statistics.median(b):.2f}, {len(b)} rounds")
' "$document"
  diff -rq "$scratch/out/before/src" "$scratch/out/after/src" >/dev/null \
    || echo "  note: the output differs (diff -r $scratch/out/before $scratch/out/after)"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
