// Names shortened in the middle (text.js): the end that tells rows apart is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shortenMiddle } from '../src/text.js';

test('a name that fits is unchanged', () => {
  assert.equal(shortenMiddle('router.01.vcpu0', 20), 'router.01.vcpu0');
  assert.equal(shortenMiddle('router.01.vcpu0', 15), 'router.01.vcpu0');
});

test('keeps the trailing dotted parts whole and a short head', () => {
  const name = 'ESC_Day0-3__62940__MT__MTPerftest_FULL_01.vcpu0.run2';
  const short = shortenMiddle(name, 24);
  assert.equal(Array.from(short).length, 24);
  assert.ok(short.endsWith('FULL_01.vcpu0.run2'), short);
  assert.ok(short.startsWith('ESC'), short);
  assert.ok(short.includes('…'));
});

test('names that differ only at the end stay different', () => {
  const base = 'ESC_Day0-3__62940__MT__MTPerftest_FULL_01ESC_Day0-31.1__0__CSR__0';
  const names = ['vcpu0.run1', 'vcpu0.run2', 'vcpu1.run1', 'vcpu1.run2', 'emulator0.run1', 'emulator0.run2'].map((end) => `${base}.${end}`);
  const shown = names.map((name) => shortenMiddle(name, 30));
  assert.equal(new Set(shown).size, names.length);
  shown.forEach((short, i) => assert.ok(short.endsWith(names[i].slice(names[i].indexOf('.vcpu') >= 0 ? names[i].indexOf('.vcpu') : names[i].indexOf('.emulator'))), short));
  shown.forEach((short) => assert.ok(Array.from(short).length <= 30, short));
});

test('a name without dots keeps its end', () => {
  assert.equal(shortenMiddle('abcdefghijklmnopqrstuvwxyz', 10), 'abc…uvwxyz');
});

test('a tail longer than the room is cut too, never past the limit', () => {
  const short = shortenMiddle('x.averyveryveryverylongsegment', 12);
  assert.equal(Array.from(short).length, 12);
  assert.ok(short.endsWith('longsegment'.slice(-8)), short);
});

test('never splits a surrogate pair', () => {
  const short = shortenMiddle('😀'.repeat(20), 7);
  assert.equal(short, '😀😀😀…😀😀😀');
});
