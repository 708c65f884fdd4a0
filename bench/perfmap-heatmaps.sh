#!/usr/bin/env bash
# `perfmap --heatmaps` (whole process: load, analysis, page with the whole-host timeline written)
# on the ×10 messaging capture of perfmap-vs-pandas.sh (or <copies> copies: 24 make 3.6M events),
# the page's bytes per event, its first complete render in headless Chromium, then the drawing of
# its largest task and the zoom steps from the full range. PERFMAP=<binary> times another build (a
# copy of an earlier one: before/after). NO_RENDER=1 skips Chromium.
#   bench/perfmap-heatmaps.sh [runs] [copies]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
work="$root/bench/work"
runs="${1:-5}"
copies="${2:-10}"
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"
prepare_replicated_capture "$work" "$copies"
perfmap="${PERFMAP:-$root/bin/perfmap}"
"$perfmap" --help >/dev/null # build before timing
page="$work/messaging-x$copies-heatmaps_.html"
heatmaps=("$perfmap" "$big" -t '.*' --heatmaps --headless --output-dir "$work")
load_only=("$perfmap" "$big" --list)

heatmaps_time=$(best_time "${heatmaps[@]}")
load_time=$(best_time "${load_only[@]}")
read -r rows switches < <(/usr/bin/python3 -c "import sys,zlib,msgpack; e=msgpack.unpackb(zlib.decompress(open(sys.argv[1],'rb').read()),strict_map_key=False)['event']; print(len(e), sum(1 for n in e if n in ('sched__sched_switch', 'sched:sched_switch')))" "$big")
bytes=$(stat -c %s "$page")

render=""
if [[ -z "${NO_RENDER:-}" ]]; then
    if [[ ! -d "$root/bench/render/node_modules" ]]; then
        (cd "$root/bench/render" && npm ci --no-audit --no-fund >/dev/null)
    fi
    render=$(cd "$root/bench/render" && node render.mjs "$page" "${SCREENSHOT:-}")
fi

echo "capture:            $rows events, $switches switches ($big)"
echo "perfmap --heatmaps: ${heatmaps_time} s (whole process, best of $runs; target < 1.5 s with the timeline)"
echo "  of which load:    ${load_time} s (perfmap --list on the same capture)"
awk -v b="$bytes" -v r="$rows" 'BEGIN { printf "page:               %.1f MB, %.2f bytes of HTML per event (target <= 12)\n", b / 1e6, b / r }'
if [[ -n "$render" ]]; then
    sed 's/^/chromium:           /' <<<"$render" # target: first complete render < 3 s
fi
