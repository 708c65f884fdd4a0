// Level of detail: a chart shows every point of the visible time range when there are few enough;
// past that, one point per occupied cell of a fine grid (about a point's size), which draws the
// same picture from a bounded number of points. Zooming in brings the raw points back.

export const RAW_POINT_LIMIT = 20000;
// Cells the size of a point (4 px) still cover the plot; each redraw costs ECharts time per point
// (a full-range heat map of 1.2M events: 79k points and 500 ms a redraw at 2 px cells).
const CELL_PIXELS = 4;

// How many events a drawn point stands for, in classes the page shades from light to dark.
export const DENSITY_CLASSES = [{ min: 1, label: '1' }, { min: 2, label: '2–9' }, { min: 10, label: '10–99' }, { min: 100, label: '100+' }];

export function densityClass(count) {
  let c = 0;
  while (c + 1 < DENSITY_CLASSES.length && count >= DENSITY_CLASSES[c + 1].min) c++;
  return c;
}

// The first index whose time is at least `value`, in a column sorted ascending.
export function lowerBound(column, value) {
  let low = 0, high = column.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (column[mid] < value) low = mid + 1; else high = mid;
  }
  return low;
}

// The first index whose time is past `value`, in a column sorted ascending.
export function upperBound(column, value) {
  let low = 0, high = column.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (column[mid] <= value) low = mid + 1; else high = mid;
  }
  return low;
}

function isSorted(column) {
  for (let i = 1; i < column.length; i++) if (column[i] < column[i - 1]) return false;
  return true;
}

// A drawn point, in the flat arrays the charts take: [time ms, duration µs, index, events] each.
export const POINT_FIELDS = 4;

// The points of a series that `keep(index)` keeps (all when null), in time order, with their
// indexes in the series: made once per task, so that each zoom step finds its range by bisection
// (the wakeup latencies come in the order the waits ended; a KVM exit reason is a subset).
export function timeOrdered(series, keep = null) {
  const { timesMs, durationsUs } = series;
  if (keep === null && isSorted(timesMs)) return { timesMs, durationsUs, logDurations: logsOf(durationsUs), indexes: null };
  let kept = 0;
  const indexes = new Int32Array(timesMs.length);
  for (let i = 0; i < timesMs.length; i++) if (keep === null || keep(i)) indexes[kept++] = i;
  const ordered = sortByTime(indexes.subarray(0, kept), timesMs);
  const times = new Float64Array(kept), durations = new Float64Array(kept);
  for (let k = 0; k < kept; k++) {
    times[k] = timesMs[ordered[k]];
    durations[k] = durationsUs[ordered[k]];
  }
  return { timesMs: times, durationsUs: durations, logDurations: logsOf(durations), indexes: ordered };
}

// The logarithms once per task, not once per point per zoom step.
function logsOf(durationsUs) {
  const logs = new Float32Array(durationsUs.length);
  for (let i = 0; i < logs.length; i++) logs[i] = Math.log10(Math.max(durationsUs[i], 0.1));
  return logs;
}

// Indexes ordered by their times, ties in index order: a bottom-up merge sort over typed arrays
// (a comparator sort of a million indexes took seconds), from runs of 32 sorted by insertion.
function sortByTime(indexes, timesMs) {
  const run = 32;
  let from = Int32Array.from(indexes), to = new Int32Array(indexes.length);
  const n = from.length;
  for (let start = 0; start < n; start += run) {
    const end = Math.min(start + run, n);
    for (let i = start + 1; i < end; i++) {
      const index = from[i], time = timesMs[index];
      let j = i - 1;
      for (; j >= start && timesMs[from[j]] > time; j--) from[j + 1] = from[j];
      from[j + 1] = index;
    }
  }
  for (let width = run; width < n; width *= 2) {
    for (let start = 0; start < n; start += 2 * width) {
      const middle = Math.min(start + width, n), end = Math.min(start + 2 * width, n);
      let a = start, b = middle, k = start;
      if (middle >= end || timesMs[from[middle - 1]] <= timesMs[from[middle]]) {
        to.set(from.subarray(start, end), start); // already in order: most runs of nearly sorted waits
        continue;
      }
      while (a < middle && b < end) to[k++] = timesMs[from[b]] < timesMs[from[a]] ? from[b++] : from[a++];
      while (a < middle) to[k++] = from[a++];
      while (b < end) to[k++] = from[b++];
    }
    [from, to] = [to, from];
  }
  return from;
}

// Points of time-ordered points (timeOrdered) in [fromMs, toMs], flat (POINT_FIELDS each), and
// whether thinned: a thinned point stands for every event of its cell (`events` of them), drawn
// at its first.
export function visiblePoints(ordered, fromMs, toMs, widthPixels, heightPixels, logMin, logMax) {
  const { timesMs, durationsUs, logDurations, indexes } = ordered;
  const first = lowerBound(timesMs, fromMs);
  const end = Math.max(first, upperBound(timesMs, toMs));
  const total = end - first;
  if (total <= RAW_POINT_LIMIT) {
    const points = new Float64Array(total * POINT_FIELDS);
    for (let k = first, at = 0; k < end; k++, at += POINT_FIELDS) setPoint(points, at, k, 1);
    return { points, thinned: false, total };
  }
  const columns = Math.max(1, Math.ceil(widthPixels / CELL_PIXELS));
  const rows = Math.max(1, Math.ceil(heightPixels / CELL_PIXELS));
  const pointOfCell = new Int32Array(columns * rows).fill(-1);
  const xScale = columns / Math.max(toMs - fromMs, 1e-9);
  const yScale = rows / Math.max(logMax - logMin, 1e-9);
  const firstOfPoint = new Int32Array(columns * rows);
  const events = new Int32Array(columns * rows);
  let count = 0;
  for (let k = first; k < end; k++) {
    const x = Math.min(columns - 1, Math.floor((timesMs[k] - fromMs) * xScale));
    const y = Math.min(rows - 1, Math.max(0, Math.floor((logDurations[k] - logMin) * yScale)));
    const cell = x * rows + y;
    let point = pointOfCell[cell];
    if (point < 0) {
      point = pointOfCell[cell] = count++;
      firstOfPoint[point] = k;
    }
    events[point]++;
  }
  const points = new Float64Array(count * POINT_FIELDS);
  for (let p = 0; p < count; p++) setPoint(points, p * POINT_FIELDS, firstOfPoint[p], events[p]);
  return { points, thinned: true, total };

  function setPoint(into, at, k, eventCount) {
    into[at] = timesMs[k];
    into[at + 1] = Math.max(durationsUs[k], 0.1); // a 0 µs duration is drawn at 0.1 on the log axis
    into[at + 2] = indexes === null ? k : indexes[k];
    into[at + 3] = eventCount;
  }
}

// Stretches on cores in [fromMs, toMs] as [startMs, endMs, core] rows; zoomed out, stretches on a
// core closer than a pixel merge into one. Their ends (the switches) are in time order: the range
// is found by bisection, up to the longest stretch past its end.
export function visibleSpans(spans, fromMs, toMs, widthPixels) {
  const { timesMs, durationsUs, values, endsMs } = spans;
  spans.longestMs ??= durationsUs.reduce((max, d) => Math.max(max, d / 1000), 0);
  const first = lowerBound(endsMs, fromMs);
  const last = upperBound(endsMs, toMs + spans.longestMs);
  let total = 0;
  for (let i = first; i < last; i++) if (timesMs[i] <= toMs) total++;
  if (total <= RAW_POINT_LIMIT / 4) {
    const shown = [];
    for (let i = first; i < last; i++) if (timesMs[i] <= toMs) shown.push([timesMs[i], endsMs[i], values[i]]);
    return { spans: shown, thinned: false, total };
  }
  const pixelMs = (toMs - fromMs) / Math.max(widthPixels, 1);
  const open = [];
  const merged = [];
  for (let i = first; i < last; i++) {
    const start = timesMs[i], end = endsMs[i], core = values[i];
    if (start > toMs) continue;
    const current = open[core];
    if (current && start <= current[1] + pixelMs) {
      current[1] = Math.max(current[1], end);
    } else {
      if (current) merged.push(current);
      open[core] = [start, end, core];
    }
  }
  for (const current of open) if (current) merged.push(current);
  return { spans: merged, thinned: true, total };
}
