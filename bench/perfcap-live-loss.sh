#!/usr/bin/env bash
# Issue 5's buffer sizing: a live `perfcap -s 1` while `perf bench sched messaging` keeps both
# cores busy, against the original's recording (`perf record -a -e 'sched:*' -e 'kvm:*'`, perf's
# default buffers) under the same load, in the same run. Prints events kept and lost by each.
# Needs root and perf.
#   bench/perfcap-live-loss.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d)"
trap 'pkill -f "perf bench sched messaging" 2>/dev/null || true; rm -rf "$work"' EXIT

"$root/bin/perfcap" --help >/dev/null # build before measuring

busy() { perf bench sched messaging -g 20 -l 100000 >/dev/null 2>&1 & sleep 0.5; }

lost_in() { perf report -i "$1" --stats 2>/dev/null | awk '/LOST(_SAMPLES)? events:/ { n += $3 } END { print n + 0 }'; }
samples_in() { perf report -i "$1" --stats 2>/dev/null | awk '/SAMPLE events:/ { print $3; exit }'; }

for run in $(seq "$runs"); do
    busy
    perf record -q -a -e 'sched:*' -e 'kvm:*' -o "$work/original.data" -- sleep 1 2>/dev/null
    pkill -f "perf bench sched messaging" || true; sleep 1
    busy
    "$root/bin/perfcap" -s 1 --switches --keep-perf-data --force --dest-folder "$work" perfcap >/dev/null
    pkill -f "perf bench sched messaging" || true; sleep 1
    echo "run $run: original recording: $(samples_in "$work/original.data") events, $(lost_in "$work/original.data") lost;" \
        "perfcap: $(samples_in "$work/perfcap.perf.data") events, $(lost_in "$work/perfcap.perf.data") lost"
done
