#!/usr/bin/env bash
# The whole `perfmap --compare` process (load two captures, slice, 1000
# bootstrap resamples per run, every task and metric) on two ×10 messaging captures of ≈1.24M
# switches each: the ×10 capture of perfmap-vs-pandas.sh and a second one, recorded the same way.
#   bench/perfmap-compare.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
work="$root/bench/work"
runs="${1:-5}"
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"

prepare_two_replicated_captures "$work"
compare=("$root/bin/perfmap" --compare "$base" "$other")

rows=$("${compare[@]}" | grep -c '^| [^-]' || true)
seconds=$(best_time "${compare[@]}")
peak_kb=$(peak_kb "${compare[@]}")
echo "captures:           $base, $other"
echo "table rows:         $((rows - 1)) (task, metric) rows"
echo "perfmap --compare:  ${seconds} s (whole process, best of $runs; target < 2 s)"
echo "peak memory:        $((peak_kb / 1024)) MiB RSS"
