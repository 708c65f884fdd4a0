#!/usr/bin/env bash
# perfcap's buffer sizing: a live `perfcap -s 1` while `perf bench sched messaging` keeps both
# cores busy, against the original's recording (`perf record -a -e 'sched:*' -e 'kvm:*'`, perf's
# default buffers) under the same load, in the same run. Prints events kept and lost by each.
# Needs root and perf.
#   bench/perfcap-live-loss.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d)"
load="" # process group of the running load, ended by its id only (a shared host has other runs)

# The load runs in its own process group, ended by its id: perf bench forks senders and receivers
# that keep running when only perf bench itself is killed.
start_load() {
    # Not a group leader here (no job control in a script), so setsid(1) makes the new group
    # in place rather than forking: the pid of the background job is the group's id.
    setsid perf bench sched messaging -g 20 -l 100000 >/dev/null 2>&1 &
    load=$!
    sleep 0.5
    if ! read_stat "$load" || [[ "$pgrp" != "$load" ]]; then
        echo "perfcap-live-loss: the load ($load) is gone or not in a process group of its own" >&2
        exit 1
    fi
}

# Sets state and pgrp from /proc/<pid>/stat; fails if the process is gone.
read_stat() {
    local line fields
    read -r line 2>/dev/null <"/proc/$1/stat" || return 1
    fields=(${line##*) }) # after the command name: state ppid pgrp ... (no glob characters)
    state="${fields[0]}"
    pgrp="${fields[2]}"
}

# The pids of the processes of a group still running (zombies have ended).
group_members() {
    local proc
    for proc in /proc/[0-9]*; do
        if read_stat "${proc#/proc/}" && [[ "$pgrp" == "$1" && "$state" != Z ]]; then
            printf '%s ' "${proc#/proc/}"
        fi
    done
}

stop_load() {
    [[ -n "$load" ]] || return 0
    local group="$load" left=""
    load=""
    kill -TERM -- "-$group" 2>/dev/null || true
    for _ in $(seq 20); do # the whole group was signalled: two seconds to end
        left="$(group_members "$group")"
        [[ -n "$left" ]] || break
        sleep 0.1
    done
    if [[ -n "$left" ]]; then
        echo "perfcap-live-loss: processes of the load's group $group survived SIGTERM:" >&2
        ps -o pid,pgid,stat,args -p "${left% }" >&2 || true
        kill -KILL -- "-$group" 2>/dev/null || true
        exit 1
    fi
    wait "$group" 2>/dev/null || true
}

trap 'stop_load; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

"$root/bin/perfcap" --help >/dev/null # build before measuring

lost_in() { perf report -i "$1" --stats 2>/dev/null | awk '/LOST(_SAMPLES)? events:/ { n += $3 } END { print n + 0 }'; }
samples_in() { perf report -i "$1" --stats 2>/dev/null | awk '/SAMPLE events:/ { print $3; exit }'; }

for run in $(seq "$runs"); do
    start_load
    perf record -q -a -e 'sched:*' -e 'kvm:*' -o "$work/original.data" -- sleep 1 2>/dev/null
    stop_load; sleep 1
    start_load
    "$root/bin/perfcap" -s 1 --switches --keep-perf-data --force --dest-folder "$work" perfcap >/dev/null
    stop_load; sleep 1
    echo "run $run: original recording: $(samples_in "$work/original.data") events, $(lost_in "$work/original.data") lost;" \
        "perfcap: $(samples_in "$work/perfcap.perf.data") events, $(lost_in "$work/perfcap.perf.data") lost"
done
echo "load stopped each time with its whole process group; no process of it survived"
