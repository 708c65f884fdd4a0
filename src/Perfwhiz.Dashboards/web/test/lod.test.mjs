// Level of detail (lod.js): every point when few, one per occupied cell when many, merged spans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RAW_POINT_LIMIT, visiblePoints, visibleSpans } from '../src/lod.js';

const series = (times, durations) => ({ timesMs: Float64Array.from(times), durationsUs: Float64Array.from(durations) });

test('shows every point in range when there are few, none outside', () => {
  const { points, thinned, total } = visiblePoints(series([1, 2, 3, 10], [5, 0, 7, 1]), null, 1, 3, 800, 400, -1, 3);
  assert.equal(thinned, false);
  assert.equal(total, 3);
  assert.deepEqual(points, [[1, 5, 0], [2, 0.1, 1], [3, 7, 2]]); // a 0 µs duration is drawn at 0.1 on the log axis
});

test('thins to at most one point per cell and says so', () => {
  const count = RAW_POINT_LIMIT * 2;
  const times = Array.from({ length: count }, (_, i) => i / count);
  const { points, thinned, total } = visiblePoints(series(times, times.map(() => 10)), null, 0, 1, 100, 50, -1, 3);
  assert.equal(thinned, true);
  assert.equal(total, count);
  assert.equal(points.length, 50); // 50 columns of 2 px, one duration row
});

test('a subset filter keeps only its points', () => {
  const { points } = visiblePoints(series([1, 2, 3], [1, 1, 1]), (i) => i !== 1, 0, 5, 800, 400, -1, 3);
  assert.deepEqual(points.map((p) => p[2]), [0, 2]);
});

test('spans overlapping the range are kept whole', () => {
  const spans = { timesMs: Float64Array.from([0, 5]), durationsUs: Float64Array.from([2000, 1000]), values: Int32Array.from([0, 1]) };
  assert.deepEqual(visibleSpans(spans, 1, 5.5, 800).spans, [[0, 2, 0], [5, 6, 1]]);
});
