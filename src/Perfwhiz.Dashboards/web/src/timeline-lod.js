// Level of detail of the whole-host timeline: every interval of the visible range when there are
// few enough; past that, per CPU one bar per pixel column (or a few), which says how busy the CPU
// was there (occupancy), which task held it most (dominant) and how much of it the highlighted
// tasks had. Zooming in brings the intervals back. Pure, so that node's test runner checks it.
import { lowerBound, upperBound } from './lod.js';

export const RAW_INTERVAL_LIMIT = 5000;
// Bars drawn at most when aggregated, all CPUs together: columns widen on hosts with many CPUs.
const MAX_COLUMN_BARS = 24000;

export const INTERVAL = 0;
export const COLUMN = 1;

// The intervals of a CPU row overlapping [fromMs, toMs]: [first, end) indexes, by bisection (a
// CPU runs one interval at a time: both their starts and their ends are in time order).
function rangeOf(row, fromMs, toMs) {
  const first = lowerBound(row.endsMs, fromMs);
  return [first, Math.max(first, upperBound(row.startsMs, toMs))];
}

// Bars of the timeline in [fromMs, toMs], as rows for a custom series:
//   interval: [startMs, endMs, cpu row, INTERVAL, thread, index in the row]
//   column:   [fromMs, toMs, cpu row, COLUMN, dominant task, occupancy 0–1, highlighted share 0–1, column]
// taskOfThread maps a thread to its task (the colour); highlighted(task) says which stand out.
export function visibleIntervals(rows, taskOfThread, highlighted, fromMs, toMs, widthPixels) {
  const ranges = rows.map((row) => rangeOf(row, fromMs, toMs));
  const total = ranges.reduce((sum, [first, end]) => sum + end - first, 0);
  const bars = [];
  if (total <= RAW_INTERVAL_LIMIT) {
    rows.forEach((row, r) => {
      for (let i = ranges[r][0]; i < ranges[r][1]; i++) bars.push([row.startsMs[i], row.endsMs[i], r, INTERVAL, row.threads[i], i]);
    });
    return { bars, thinned: false, total, columns: 0, columnPixels: 0 };
  }
  const columnPixels = Math.max(1, Math.ceil(widthPixels * rows.length / MAX_COLUMN_BARS));
  const columns = Math.max(1, Math.floor(widthPixels / columnPixels));
  const columnMs = (toMs - fromMs) / columns;
  const taskCount = taskOfThread.reduce((max, task) => Math.max(max, task + 1), 0);
  const lit = Uint8Array.from({ length: taskCount }, (_, task) => (highlighted(task) ? 1 : 0));
  const taskTime = new Float64Array(taskCount);
  rows.forEach((row, r) => {
    for (const column of aggregate(row, ranges[r], taskOfThread, lit, taskTime, fromMs, toMs, columns, columnMs)) {
      bars.push([fromMs + column.index * columnMs, fromMs + (column.index + 1) * columnMs, r, COLUMN, column.dominant, column.occupancy, column.highlighted, column.index]);
    }
  });
  return { bars, thinned: true, total, columns, columnPixels };
}

// One CPU's intervals summed per column. Intervals come in time order, so each column's time per
// task is gathered while the intervals cross it (in an array by task: no map in the hot loop),
// then its largest taken.
function aggregate(row, [first, end], taskOfThread, lit, taskTime, fromMs, toMs, columns, columnMs) {
  const result = [];
  const touched = [];
  let column = -1, busy = 0, mine = 0;
  const flush = () => {
    let dominant = -1, most = -1;
    for (const task of touched) {
      if (taskTime[task] > most) { most = taskTime[task]; dominant = task; }
      taskTime[task] = 0;
    }
    touched.length = 0;
    if (column >= 0 && busy > 0) result.push({ index: column, dominant, occupancy: Math.min(1, busy / columnMs), highlighted: Math.min(1, mine / columnMs) });
  };
  const { startsMs, endsMs, threads } = row;
  for (let i = first; i < end; i++) {
    const start = startsMs[i] > fromMs ? startsMs[i] : fromMs, stop = endsMs[i] < toMs ? endsMs[i] : toMs;
    if (stop <= start) continue;
    const task = taskOfThread[threads[i]];
    const c0 = Math.min(columns - 1, Math.floor((start - fromMs) / columnMs));
    const c1 = Math.min(columns - 1, Math.floor((stop - fromMs) / columnMs));
    for (let c = c0; c <= c1; c++) {
      const overlap = c0 === c1 ? stop - start : Math.min(stop, fromMs + (c + 1) * columnMs) - Math.max(start, fromMs + c * columnMs);
      if (overlap <= 0) continue;
      if (c !== column) {
        flush();
        column = c; busy = 0; mine = 0;
      }
      busy += overlap;
      if (lit[task]) mine += overlap;
      if (taskTime[task] === 0) touched.push(task);
      taskTime[task] += overlap;
    }
  }
  flush();
  return result;
}
