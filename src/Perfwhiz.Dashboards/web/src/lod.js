// Level of detail: a chart shows every point of the visible time range when there are few enough;
// past that, one point per occupied cell of a fine grid (about a point's size), which draws the
// same picture from a bounded number of points. Zooming in brings the raw points back.

export const RAW_POINT_LIMIT = 20000;
const CELL_PIXELS = 2;

// Points of one series in [fromMs, toMs] as [timeMs, durationUs, index] rows, and whether thinned.
export function visiblePoints(series, subset, fromMs, toMs, widthPixels, heightPixels, logMin, logMax) {
  const { timesMs, durationsUs } = series;
  const inRange = [];
  for (let i = 0; i < timesMs.length; i++) {
    const t = timesMs[i];
    if (t >= fromMs && t <= toMs && (subset === null || subset(i))) inRange.push(i);
  }
  if (inRange.length <= RAW_POINT_LIMIT) {
    return { points: inRange.map((i) => [timesMs[i], Math.max(durationsUs[i], 0.1), i]), thinned: false, total: inRange.length };
  }
  const columns = Math.max(1, Math.ceil(widthPixels / CELL_PIXELS));
  const rows = Math.max(1, Math.ceil(heightPixels / CELL_PIXELS));
  const occupied = new Uint8Array(columns * rows);
  const xScale = columns / Math.max(toMs - fromMs, 1e-9);
  const yScale = rows / Math.max(logMax - logMin, 1e-9);
  const points = [];
  for (const i of inRange) {
    const x = Math.min(columns - 1, Math.floor((timesMs[i] - fromMs) * xScale));
    const y = Math.min(rows - 1, Math.max(0, Math.floor((Math.log10(Math.max(durationsUs[i], 0.1)) - logMin) * yScale)));
    const cell = x * rows + y;
    if (occupied[cell] === 0) {
      occupied[cell] = 1;
      points.push([timesMs[i], Math.max(durationsUs[i], 0.1), i]);
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
