// The timeline's block decoder (timeline-data.js) against a block encoded here as
// TimelineEncoding.cs writes it, and its level of detail (timeline-lod.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTimeline } from '../src/timeline-data.js';
import { COLUMN, INTERVAL, RAW_INTERVAL_LIMIT, visibleIntervals } from '../src/timeline-lod.js';

function varint(bytes, value) {
  let rest = value;
  while (rest >= 128) { bytes.push((rest % 128) | 0x80); rest = Math.floor(rest / 128); }
  bytes.push(rest);
}
const zigzag = (value) => (value >= 0 ? value * 2 : -value * 2 - 1);

// Move-to-front codes of symbols, as TimelineEncoding.cs writes them.
function moveToFront(bytes, symbols) {
  const recent = [];
  for (const symbol of symbols) {
    const place = recent.indexOf(symbol);
    if (place < 0) { varint(bytes, 0); varint(bytes, symbol); } else varint(bytes, place + 1);
    if (place >= 0) recent.splice(place, 1);
    recent.unshift(symbol);
  }
}

// cpus: [cpu, [[startUs, durationUs, thread, waker or -1, waitUs or -1], ...]]
function encode(cpus) {
  const bytes = [];
  varint(bytes, cpus.length);
  cpus.forEach(([cpu, intervals]) => { varint(bytes, cpu); varint(bytes, intervals.length); });
  cpus.forEach(([, intervals]) => {
    let end = 0;
    for (const [start, duration] of intervals) { varint(bytes, zigzag(start - end)); end = start + duration; }
    intervals.forEach(([, duration]) => varint(bytes, duration));
    moveToFront(bytes, intervals.map(([, , thread]) => thread));
    moveToFront(bytes, intervals.map(([, , , waker]) => waker + 1));
    intervals.forEach(([, , , , wait]) => varint(bytes, wait + 1));
  });
  return Uint8Array.from(bytes);
}

test('decodes each CPU with starts, ends, threads, wakers and waits', () => {
  const [cpu0, cpu3] = decodeTimeline(encode([[0, [[1000, 500, 2, -1, -1], [1400, 2000, 0, 2, 556000], [3400, 10, 2, 2, 5], [3500, 10, 0, -1, 7]]], [3, [[7, 1, 1, 0, 0]]]]));
  assert.equal(cpu0.cpu, 0);
  assert.deepEqual(Array.from(cpu0.startsMs), [1, 1.4, 3.4, 3.5]); // a start may fall before the previous end
  assert.deepEqual(Array.from(cpu0.endsMs), [1.5, 3.4, 3.41, 3.51]);
  assert.deepEqual(Array.from(cpu0.threads), [2, 0, 2, 0]); // seen again: by their place among the recent
  assert.deepEqual(Array.from(cpu0.wakers), [-1, 2, 2, -1]);
  assert.deepEqual(Array.from(cpu0.waitsUs), [-1, 556000, 5, 7]);
  assert.equal(cpu3.cpu, 3);
  assert.deepEqual(Array.from(cpu3.waitsUs), [0]);
});

// One CPU busy with `count` back-to-back intervals of `lengthMs`, threads alternating 0, 1, 2.
function busyRow(count, lengthMs) {
  const startsMs = Float64Array.from({ length: count }, (_, i) => i * lengthMs);
  return {
    cpu: 0, startsMs, endsMs: startsMs.map((s) => s + lengthMs), durationsUs: new Float64Array(count).fill(lengthMs * 1000),
    threads: Int32Array.from({ length: count }, (_, i) => i % 3), wakers: new Int32Array(count).fill(-1), waitsUs: new Float64Array(count).fill(-1),
  };
}

test('few intervals: each one in range, whole', () => {
  const row = busyRow(10, 1);
  const { bars, thinned, total } = visibleIntervals([row], Int32Array.from([0, 1, 2]), () => false, 2.5, 5.5, 800);
  assert.equal(thinned, false);
  assert.equal(total, 4); // [2,3] [3,4] [4,5] [5,6]
  assert.deepEqual(bars.map((b) => [b[0], b[1], b[3], b[5]]), [[2, 3, INTERVAL, 2], [3, 4, INTERVAL, 3], [4, 5, INTERVAL, 4], [5, 6, INTERVAL, 5]]);
});

test('many intervals: one bar per column with occupancy, dominant task and highlighted share', () => {
  const count = RAW_INTERVAL_LIMIT * 4;
  // Threads 0 and 1 are one task (0), thread 2 another (1): task 0 holds two thirds of the CPU.
  const row = busyRow(count, 0.001);
  const { bars, thinned, total } = visibleIntervals([row], Int32Array.from([0, 0, 1]), (task) => task === 1, 0, count * 0.001, 100);
  assert.equal(thinned, true);
  assert.equal(total, count);
  assert.equal(bars.length, 100);
  for (const bar of bars) {
    assert.equal(bar[3], COLUMN);
    assert.equal(bar[4], 0);
    assert.ok(Math.abs(bar[5] - 1) < 1e-6, `occupancy ${bar[5]}`);
    assert.ok(Math.abs(bar[6] - 1 / 3) < 0.01, `highlighted ${bar[6]}`);
  }
});

test('an idle stretch shows as no bar, a partly idle column as partly busy', () => {
  const row = busyRow(RAW_INTERVAL_LIMIT + 10, 0.001);
  const busyMs = (RAW_INTERVAL_LIMIT + 10) * 0.001;
  // 100 columns over 2.01 × the busy time: it ends three quarters into column 49.
  const { bars } = visibleIntervals([row], Int32Array.from([0, 1, 2]), () => false, 0, busyMs * 2.01, 100);
  assert.equal(bars.length, 50);
  assert.ok(bars.slice(0, 49).every((bar) => Math.abs(bar[5] - 1) < 1e-6));
  assert.ok(Math.abs(bars[49][5] - (100 / 2.01 - 49)) < 1e-3, `occupancy ${bars[49][5]}`);
});
