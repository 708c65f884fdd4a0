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

function isSorted(column) {
  for (let i = 1; i < column.length; i++) if (column[i] < column[i - 1]) return false;
  return true;
}

// Indexes of a series' points in [fromMs, toMs]: found by bisection where the times are sorted
// (every series but the wakeup latencies, which are in the order the waits ended).
function pointsInRange(series, subset, fromMs, toMs) {
  const { timesMs } = series;
  series.sorted ??= isSorted(timesMs);
  const inRange = [];
  const first = series.sorted ? lowerBound(timesMs, fromMs) : 0;
  for (let i = first; i < timesMs.length; i++) {
    const t = timesMs[i];
    if (t > toMs) {
      if (series.sorted) break;
      continue;
    }
    if (t >= fromMs && (subset === null || subset(i))) inRange.push(i);
  }
  return inRange;
}

// Points of one series in [fromMs, toMs] as [timeMs, durationUs, index, events] rows, and whether
// thinned: a thinned point stands for every event of its cell (`events` of them), drawn at the first.
export function visiblePoints(series, subset, fromMs, toMs, widthPixels, heightPixels, logMin, logMax) {
  const { timesMs, durationsUs } = series;
  const inRange = pointsInRange(series, subset, fromMs, toMs);
  if (inRange.length <= RAW_POINT_LIMIT) {
    return { points: inRange.map((i) => [timesMs[i], Math.max(durationsUs[i], 0.1), i, 1]), thinned: false, total: inRange.length };
  }
  const columns = Math.max(1, Math.ceil(widthPixels / CELL_PIXELS));
  const rows = Math.max(1, Math.ceil(heightPixels / CELL_PIXELS));
  const pointOfCell = new Int32Array(columns * rows).fill(-1);
  const xScale = columns / Math.max(toMs - fromMs, 1e-9);
  const yScale = rows / Math.max(logMax - logMin, 1e-9);
  const points = [];
  // The logarithms once per series, not once per point per zoom step.
  series.logDurations ??= Float32Array.from(durationsUs, (d) => Math.log10(Math.max(d, 0.1)));
  const logDurations = series.logDurations;
  for (const i of inRange) {
    const x = Math.min(columns - 1, Math.floor((timesMs[i] - fromMs) * xScale));
    const y = Math.min(rows - 1, Math.max(0, Math.floor((logDurations[i] - logMin) * yScale)));
    const cell = x * rows + y;
    if (pointOfCell[cell] < 0) {
      pointOfCell[cell] = points.length;
      points.push([timesMs[i], Math.max(durationsUs[i], 0.1), i, 1]);
    } else {
      points[pointOfCell[cell]][3]++;
    }
  }
  return { points, thinned: true, total: inRange.length };
}

// Stretches on cores in [fromMs, toMs] as [startMs, endMs, core] rows; zoomed out, stretches on a
// core closer than a pixel merge into one.
export function visibleSpans(spans, fromMs, toMs, widthPixels) {
  const { timesMs, durationsUs, values } = spans;
  const inRange = [];
  for (let i = 0; i < timesMs.length; i++) {
    if (timesMs[i] <= toMs && timesMs[i] + durationsUs[i] / 1000 >= fromMs) inRange.push(i);
  }
  if (inRange.length <= RAW_POINT_LIMIT / 4) {
    return { spans: inRange.map((i) => [timesMs[i], timesMs[i] + durationsUs[i] / 1000, values[i]]), thinned: false, total: inRange.length };
  }
  const pixelMs = (toMs - fromMs) / Math.max(widthPixels, 1);
  const open = new Map();
  const merged = [];
  for (const i of inRange) {
    const start = timesMs[i], end = start + durationsUs[i] / 1000, core = values[i];
    const current = open.get(core);
    if (current && start <= current[1] + pixelMs) {
      current[1] = Math.max(current[1], end);
    } else {
      if (current) merged.push(current);
      open.set(core, [start, end, core]);
    }
  }
  merged.push(...open.values());
  return { spans: merged, thinned: true, total: inRange.length };
}
