#!/usr/bin/env bash
# The charts page of two runs (a diff), whose Changes view carries perfmap --compare's rows, beside
# --compare itself on the same two ×10 messaging captures of bench/perfmap-compare.sh: the page's
# own cost is the difference.
#   bench/perfmap-charts-diff.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
work="$root/bench/work"
runs="${1:-3}"
mkdir -p "$work/pages"
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"

prepare_two_replicated_captures "$work"
charts=("$root/bin/perfmap" "$base" "$other" -t '.*' --headless --output-dir "$work/pages")
compare=("$root/bin/perfmap" --compare "$base" "$other")

page_seconds=$(best_time "${charts[@]}")
compare_seconds=$(best_time "${compare[@]}")
peak_kb=$(peak_kb "${charts[@]}")
echo "captures:           $base, $other"
echo "charts page (diff): ${page_seconds} s (whole process, best of $runs)"
echo "perfmap --compare:  ${compare_seconds} s (best of $runs; the page computes the same comparison)"
echo "page peak memory:   $((peak_kb / 1024)) MiB RSS"
