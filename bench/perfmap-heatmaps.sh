#!/usr/bin/env bash
# `perfmap --heatmaps` (whole process: load, analysis, page with the whole-host timeline written)
# on the ×10 messaging capture of perfmap-vs-pandas.sh, the page's bytes per event, its first
# complete render in headless Chromium, then the drawing of its largest task and the zoom steps
# from the full range. PERFMAP=<binary> times another build (a copy of an earlier one: before/after).
#   bench/perfmap-heatmaps.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
work="$root/bench/work"
runs="${1:-5}"
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"
prepare_replicated_capture "$work"
perfmap="${PERFMAP:-$root/bin/perfmap}"
"$perfmap" --help >/dev/null # build before timing
page="$work/messaging-x10-heatmaps_.html"
heatmaps=("$perfmap" "$big" -t '.*' --heatmaps --headless --output-dir "$work")
load_only=("$perfmap" "$big" --list)

heatmaps_time=$(best_time "${heatmaps[@]}")
load_time=$(best_time "${load_only[@]}")
rows=$(/usr/bin/python3 -c "import sys,zlib,msgpack; d=msgpack.unpackb(zlib.decompress(open(sys.argv[1],'rb').read()),strict_map_key=False); print(len(d['event']))" "$big")
switches=$(/usr/bin/python3 -c "import sys,zlib,msgpack; d=msgpack.unpackb(zlib.decompress(open(sys.argv[1],'rb').read()),strict_map_key=False); print(sum(1 for e in d['event'] if e in ('sched__sched_switch', 'sched:sched_switch')))" "$big")
bytes=$(stat -c %s "$page")

if [[ ! -d "$root/bench/render/node_modules" ]]; then
    (cd "$root/bench/render" && npm ci --no-audit --no-fund >/dev/null)
fi
render=$(cd "$root/bench/render" && node render.mjs "$page" "${SCREENSHOT:-}")

echo "capture:            $rows events, $switches switches ($big)"
echo "perfmap --heatmaps: ${heatmaps_time} s (whole process, best of $runs; target < 1.5 s with the timeline)"
echo "  of which load:    ${load_time} s (perfmap --list on the same capture)"
awk -v b="$bytes" -v r="$rows" 'BEGIN { printf "page:               %.1f MB, %.2f bytes of HTML per event (target <= 12)\n", b / 1e6, b / r }'
sed 's/^/chromium:           /' <<<"$render" # target: first complete render < 3 s
