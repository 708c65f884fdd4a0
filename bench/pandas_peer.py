#!/usr/bin/python3
"""The original perfwhiz's analysis path, as its perfmap ran it: load a cdict into a pandas
DataFrame, then CPU usage and switches per task, KVM exit counts per task and reason, and the
core map (per task and core: run time and switches). Prints the load and analysis times."""
import sys
import time
import zlib

import msgpack
import pandas

start = time.perf_counter()
with open(sys.argv[1], 'rb') as f:
    columns = msgpack.unpackb(zlib.decompress(f.read()), raw=False, strict_map_key=False)
df = pandas.DataFrame(columns)
loaded = time.perf_counter()

switches = df[df['event'] == 'sched__sched_switch']
span = df['usecs'].iloc[-1] - df['usecs'].iloc[0]
cpu = switches.groupby('task_name', as_index=False)['duration'].sum()
cpu['percent'] = cpu['duration'] * 100 / span
counts = switches.groupby('task_name').size()
exits = df[df['event'] == 'kvm_exit'].groupby(['task_name', 'next_comm']).size()
core_time = switches.groupby(['task_name', 'cpu'], as_index=False)['duration'].sum()
core_switches = switches.groupby(['task_name', 'cpu']).size()
analysed = time.perf_counter()
print(f"rows {len(df)} tasks {len(cpu)} load {loaded - start:.3f} s analyse {analysed - loaded:.3f} s total {analysed - start:.3f} s")
