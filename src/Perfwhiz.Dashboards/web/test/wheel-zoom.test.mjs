import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STEP, zoomedRange } from '../src/wheel-zoom.js';

test('a step in keeps the pointed time in its place and narrows by the step', () => {
  const [from, to] = zoomedRange([0, 100], [0, 100], 25, true);
  assert.ok(Math.abs(to - from - 100 * STEP) < 1e-9);
  assert.ok(Math.abs((25 - from) / (to - from) - 0.25) < 1e-9);
});

test('a step out widens by the inverse step and stays within the capture', () => {
  assert.deepEqual(zoomedRange([0, 100], [0, 100], 50, false), [0, 100]);
  const [from, to] = zoomedRange([90, 98], [0, 100], 97, false);
  assert.ok(Math.abs(to - from - 8 / STEP) < 1e-9);
  assert.ok(to <= 100 && from >= 0);
});

test('zooming in stops at the narrowest range', () => {
  let range = [0, 100];
  for (let i = 0; i < 200; i++) range = zoomedRange(range, [0, 100], 40, true, 0.5);
  assert.ok(Math.abs(range[1] - range[0] - 0.5) < 1e-9);
  assert.ok(range[0] <= 40 && range[1] >= 40);
});
