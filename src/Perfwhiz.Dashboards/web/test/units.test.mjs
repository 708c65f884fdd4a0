// The comparison's values as perfmap --compare's table writes them (units.js, ComparisonUnits.cs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dotnetFixed, formatDuration, formatPercent } from '../src/views/units.js';

test('numbers round as .NET custom formats do: from 15 significant digits, half away from zero', () => {
  assert.equal(dotnetFixed(37.15, 1), '37.2'); // toFixed says 37.1
  assert.equal(dotnetFixed(0.05, 1), '0.1');
  assert.equal(dotnetFixed(2.5, 0), '3');
  assert.equal(dotnetFixed(-1.25, 1), '-1.3');
  assert.equal(dotnetFixed(-0.04, 1), '0.0');
  assert.equal(dotnetFixed(999.96, 1), '1000.0');
  assert.equal(formatDuration(37150), '37.2 µs');
  assert.equal(formatDuration(999), '999 ns');
  assert.equal(formatDuration(2_345_000_000), '2.345 s');
  assert.equal(formatPercent(-0.04), '0.0 %');
  assert.equal(formatPercent(12.25), '+12.3 %');
});
