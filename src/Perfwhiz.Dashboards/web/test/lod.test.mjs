// Level of detail (lod.js): every point when few, one per occupied cell when many, merged spans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { POINT_FIELDS, RAW_POINT_LIMIT, densityClass, timeOrdered, visiblePoints, visibleSpans } from '../src/lod.js';

const series = (times, durations) => ({ timesMs: Float64Array.from(times), durationsUs: Float64Array.from(durations) });
// The flat points of visiblePoints as [time, duration, index, events] rows.
const rows = (flat) => Array.from({ length: flat.length / POINT_FIELDS }, (_, p) => Array.from(flat.subarray(p * POINT_FIELDS, (p + 1) * POINT_FIELDS)));
const pointsOf = (s, keep, ...view) => {
  const { points, ...rest } = visiblePoints(timeOrdered(s, keep), ...view);
  return { points: rows(points), ...rest };
};

test('shows every point in range when there are few, none outside', () => {
  const { points, thinned, total } = pointsOf(series([1, 2, 3, 10], [5, 0, 7, 1]), null, 1, 3, 800, 400, -1, 3);
  assert.equal(thinned, false);
  assert.equal(total, 3);
  assert.deepEqual(points, [[1, 5, 0, 1], [2, 0.1, 1, 1], [3, 7, 2, 1]]); // a 0 µs duration is drawn at 0.1 on the log axis
});

test('thins to at most one point per cell and says so', () => {
  const count = RAW_POINT_LIMIT * 2;
  const times = Array.from({ length: count }, (_, i) => i / count);
  const { points, thinned, total } = pointsOf(series(times, times.map(() => 10)), null, 0, 1, 100, 50, -1, 3);
  assert.equal(thinned, true);
  assert.equal(total, count);
  assert.equal(points.length, 25); // 25 columns of 4 px, one duration row
  assert.equal(points.reduce((sum, p) => sum + p[3], 0), count); // each point counts the events of its cell
});

test('a lone outlier among thousands of events stands for one event, the crowd for many', () => {
  const count = RAW_POINT_LIMIT + 1000;
  const times = Array.from({ length: count }, (_, i) => i / count);
  const durations = times.map((_, i) => (i === 5000 ? 100000 : 10));
  const { points } = pointsOf(series(times, durations), null, 0, 1, 100, 50, -1, 6);
  const outlier = points.find((p) => p[1] === 100000);
  assert.equal(outlier[3], 1);
  assert.equal(densityClass(outlier[3]), 0);
  assert.equal(densityClass(Math.max(...points.map((p) => p[3]))), 3); // 420 events a cell: the darkest class
  assert.deepEqual([1, 2, 9, 10, 99, 100, 5000].map(densityClass), [0, 1, 1, 2, 2, 3, 3]);
});

test('unsorted times (waits in the order they ended) are all found, in time order', () => {
  const { points } = pointsOf(series([5, 1, 3, 9], [1, 1, 1, 1]), null, 2, 6, 800, 400, -1, 3);
  assert.deepEqual(points.map((p) => p[2]), [2, 0]);
});

test('thousands of waits out of order come out in time order, ties in their own order', () => {
  const count = 5000;
  const times = Array.from({ length: count }, (_, i) => Math.floor(i / 3) - (i * 7919 % 97)); // runs, ties and jumps back
  const ordered = timeOrdered(series(times, times.map(() => 1)));
  const expected = times.map((_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
  assert.deepEqual(Array.from(ordered.indexes), expected);
  assert.deepEqual(Array.from(ordered.timesMs), expected.map((i) => times[i]));
});

test('the last point of a sorted series, at the very end of the range, is kept', () => {
  const { points } = pointsOf(series([0, 1, 2.000], [1, 1, 1]), null, 0, 2, 800, 400, -1, 3);
  assert.equal(points.length, 3);
});

test('a subset filter keeps only its points', () => {
  const { points } = pointsOf(series([1, 2, 3], [1, 1, 1]), (i) => i !== 1, 0, 5, 800, 400, -1, 3);
  assert.deepEqual(points.map((p) => p[2]), [0, 2]);
});

// Core spans as series.js derives them: each ends at its switch, in the order of the switches.
const spansOf = (starts, ends, cores) => ({
  timesMs: Float64Array.from(starts), endsMs: Float64Array.from(ends), values: Int32Array.from(cores),
  durationsUs: Float64Array.from(starts, (start, i) => (ends[i] - start) * 1000),
});

test('spans overlapping the range are kept whole', () => {
  assert.deepEqual(visibleSpans(spansOf([0, 5], [2, 6], [0, 1]), 1, 5.5, 800).spans, [[0, 2, 0], [5, 6, 1]]);
});

test('a span across the whole range is kept, though it ends after spans that start past the range', () => {
  const spans = spansOf([0, 1, 20, 5], [2, 3, 22, 40], [0, 0, 0, 1]);
  assert.deepEqual(visibleSpans(spans, 10, 15, 800).spans, [[5, 40, 1]]);
});

test('zoomed out, spans of a core closer than a pixel merge', () => {
  const count = RAW_POINT_LIMIT; // past the raw limit of spans (a quarter of the points')
  const starts = Array.from({ length: count }, (_, i) => i);
  const view = visibleSpans(spansOf(starts, starts.map((start) => start + 0.5), starts.map((_, i) => i % 2)), 0, count, 100);
  assert.equal(view.thinned, true);
  assert.equal(view.total, count);
  assert.deepEqual(view.spans, [[0, count - 1.5, 0], [1, count - 0.5, 1]]);
});
