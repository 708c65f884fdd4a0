#!/usr/bin/env bash
# `perfmap --heatmaps` (whole process: load, analysis, page written) on the
# 1.7M-row capture of perfmap-vs-pandas.sh, the page's bytes per event, and its first complete
# render in headless Chromium (then the drawing of its largest task).
#   bench/perfmap-heatmaps.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
work="$root/bench/work"
runs="${1:-5}"
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"
prepare_replicated_capture "$work"
page="$work/messaging-x10-heatmaps_.html"
heatmaps=("$root/bin/perfmap" "$big" -t '.*' --heatmaps --headless --output-dir "$work")
load_only=("$root/bin/perfmap" "$big" --list)

heatmaps_time=$(best_time "${heatmaps[@]}")
load_time=$(best_time "${load_only[@]}")
rows=$(/usr/bin/python3 -c "import sys,zlib,msgpack; d=msgpack.unpackb(zlib.decompress(open(sys.argv[1],'rb').read()),strict_map_key=False); print(len(d['event']))" "$big")
bytes=$(stat -c %s "$page")

if [[ ! -d "$root/bench/render/node_modules" ]]; then
    (cd "$root/bench/render" && npm ci --no-audit --no-fund >/dev/null)
fi
render=$(cd "$root/bench/render" && node render.mjs "$page")

echo "capture:            $rows events ($big)"
echo "perfmap --heatmaps: ${heatmaps_time} s (whole process, best of $runs; target < 1 s for the page)"
echo "  of which load:    ${load_time} s (perfmap --list on the same capture)"
awk -v b="$bytes" -v r="$rows" 'BEGIN { printf "page:               %.1f MB, %.2f bytes of HTML per event (target <= 12)\n", b / 1e6, b / r }'
sed 's/^/chromium:           /' <<<"$render"
