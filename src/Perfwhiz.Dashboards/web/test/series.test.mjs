// The heat map block decoder (series.js) against blocks encoded here the way HeatMapEncoding.cs
// writes them: counts, then times as µs deltas, durations in tenths of µs, values, all varints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTaskSeries } from '../src/series.js';

function varint(bytes, value) {
  let rest = value;
  while (rest >= 128) { bytes.push((rest % 128) | 0x80); rest = Math.floor(rest / 128); }
  bytes.push(rest);
}
const zigzag = (value) => (value >= 0 ? value * 2 : -value * 2 - 1);

// series: seven arrays of [timeUs, tenthsOfUs, value] in the encoded order.
function encode(series) {
  const bytes = [];
  series.forEach((points) => varint(bytes, points.length));
  series.forEach((points) => { let previous = 0; points.forEach(([time]) => { varint(bytes, zigzag(time - previous)); previous = time; }); });
  series.forEach((points) => points.forEach(([, tenths]) => varint(bytes, tenths)));
  series.forEach((points) => points.forEach(([, , value]) => varint(bytes, zigzag(value))));
  return Uint8Array.from(bytes);
}

test('decodes every series with times, durations and values', () => {
  const switches = [[1000, 35, 1], [2500, 10, 0]];
  const exits = [[1200, 1, 48], [1300, 2, 12]];
  const decoded = decodeTaskSeries(encode([switches, [], [], exits, [], [[900, 1000, 0]], []]));
  assert.deepEqual(Array.from(decoded.switches.timesMs), [1, 2.5]);
  assert.deepEqual(Array.from(decoded.switches.durationsUs), [3.5, 1]);
  assert.deepEqual(Array.from(decoded.switches.values), [1, 0]);
  assert.deepEqual(Array.from(decoded.kvmExits.values), [48, 12]);
  assert.deepEqual(Array.from(decoded.wakeupLatencies.durationsUs), [100]);
  assert.equal(decoded.sleeps.timesMs.length, 0);
});

test('keeps times past 2^31 µs and negative deltas exact', () => {
  const late = 2 ** 40 + 7; // µs: 12.7 days, past any 32-bit arithmetic
  const decoded = decodeTaskSeries(encode([[[late, 1, 3], [late - 5, 1, -2]], [], [], [], [], [], []]));
  assert.deepEqual(Array.from(decoded.switches.timesMs), [late / 1000, (late - 5) / 1000]);
  assert.deepEqual(Array.from(decoded.switches.values), [3, -2]);
});

test('derives where the task ran from its switches', () => {
  const decoded = decodeTaskSeries(encode([[[5000, 20000, 1]], [], [], [], [], [], []]));
  assert.deepEqual(Array.from(decoded.coreSpans.timesMs), [3]); // 5 ms − 2 ms of run time
  assert.deepEqual(Array.from(decoded.coreSpans.values), [1]);
});

test('adds where the task was still running at the window end after its switches', () => {
  // Ran 2 ms up to 5 ms on core 1; switched in at 9 ms on core 0 and ran the last 3 ms.
  const decoded = decodeTaskSeries(encode([[[5000, 20000, 1]], [], [], [], [], [], [[9000, 30000, 0]]]));
  assert.deepEqual(Array.from(decoded.coreSpans.timesMs), [3, 9]);
  assert.deepEqual(Array.from(decoded.coreSpans.endsMs), [5, 12]);
  assert.deepEqual(Array.from(decoded.coreSpans.durationsUs), [2000, 3000]);
  assert.deepEqual(Array.from(decoded.coreSpans.values), [1, 0]);
});
