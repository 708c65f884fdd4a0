// Several runs: a task's rows (one per run) side by side, the tasks by their highest CPU usage in
// any run, so that a task's runs are compared at a glance (the document lists each run's tasks in turn).
export function groupedByTask(usage) {
  const highest = new Map();
  for (const u of usage) {
    const key = u.name ?? u.task;
    highest.set(key, Math.max(highest.get(key) ?? -Infinity, u.cpuPercent));
  }
  const keys = [...highest.keys()];
  const rank = new Map(keys.map((key, i) => [key, i]));
  keys.sort((a, b) => highest.get(b) - highest.get(a) || rank.get(a) - rank.get(b));
  const order = new Map(keys.map((key, i) => [key, i]));
  return usage.map((u, i) => ({ u, i, group: order.get(u.name ?? u.task) }))
    .sort((a, b) => a.group - b.group || a.i - b.i)
    .map((row) => row.u);
}
