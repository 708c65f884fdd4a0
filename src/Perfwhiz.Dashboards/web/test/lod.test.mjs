// Level of detail (lod.js): every point when few, one per occupied cell when many, merged spans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RAW_POINT_LIMIT, densityClass, visiblePoints, visibleSpans } from '../src/lod.js';

const series = (times, durations) => ({ timesMs: Float64Array.from(times), durationsUs: Float64Array.from(durations) });

test('shows every point in range when there are few, none outside', () => {
  const { points, thinned, total } = visiblePoints(series([1, 2, 3, 10], [5, 0, 7, 1]), null, 1, 3, 800, 400, -1, 3);
  assert.equal(thinned, false);
  assert.equal(total, 3);
  assert.deepEqual(points, [[1, 5, 0, 1], [2, 0.1, 1, 1], [3, 7, 2, 1]]); // a 0 µs duration is drawn at 0.1 on the log axis
});

test('thins to at most one point per cell and says so', () => {
  const count = RAW_POINT_LIMIT * 2;
  const times = Array.from({ length: count }, (_, i) => i / count);
  const { points, thinned, total } = visiblePoints(series(times, times.map(() => 10)), null, 0, 1, 100, 50, -1, 3);
  assert.equal(thinned, true);
  assert.equal(total, count);
  assert.equal(points.length, 25); // 25 columns of 4 px, one duration row
  assert.equal(points.reduce((sum, p) => sum + p[3], 0), count); // each point counts the events of its cell
});

test('a lone outlier among thousands of events stands for one event, the crowd for many', () => {
  const count = RAW_POINT_LIMIT + 1000;
  const times = Array.from({ length: count }, (_, i) => i / count);
  const durations = times.map((_, i) => (i === 5000 ? 100000 : 10));
  const { points } = visiblePoints(series(times, durations), null, 0, 1, 100, 50, -1, 6);
  const outlier = points.find((p) => p[1] === 100000);
  assert.equal(outlier[3], 1);
  assert.equal(densityClass(outlier[3]), 0);
  assert.equal(densityClass(Math.max(...points.map((p) => p[3]))), 3); // 420 events a cell: the darkest class
  assert.deepEqual([1, 2, 9, 10, 99, 100, 5000].map(densityClass), [0, 1, 1, 2, 2, 3, 3]);
});

test('unsorted times (waits in the order they ended) are all found', () => {
  const { points } = visiblePoints(series([5, 1, 3, 9], [1, 1, 1, 1]), null, 2, 6, 800, 400, -1, 3);
  assert.deepEqual(points.map((p) => p[2]), [0, 2]);
});

test('the last point of a sorted series, at the very end of the range, is kept', () => {
  const { points } = visiblePoints(series([0, 1, 2.000], [1, 1, 1]), null, 0, 2, 800, 400, -1, 3);
  assert.equal(points.length, 3);
});

test('a subset filter keeps only its points', () => {
  const { points } = visiblePoints(series([1, 2, 3], [1, 1, 1]), (i) => i !== 1, 0, 5, 800, 400, -1, 3);
  assert.deepEqual(points.map((p) => p[2]), [0, 2]);
});

test('spans overlapping the range are kept whole', () => {
  const spans = { timesMs: Float64Array.from([0, 5]), durationsUs: Float64Array.from([2000, 1000]), values: Int32Array.from([0, 1]) };
  assert.deepEqual(visibleSpans(spans, 1, 5.5, 800).spans, [[0, 2, 0], [5, 6, 1]]);
});
