// Colours (colors.js): KVM exit reasons have a palette of their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMON_EXIT_COLORS, CPU_COLOR, EVENT_COLORS, OTHER_EXIT_COLORS, RUN_COLORS, SWITCH_COLOR, VERDICT_COLORS, cpuShade, exitReasonColor, switchShade } from '../src/colors.js';

function hue(color) {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(color.slice(at, at + 2), 16) / 255);
  const max = Math.max(r, g, b), min = Math.min(r, g, b);
  if (max === min) return 0;
  const h = max === r ? (g - b) / (max - min) : max === g ? 2 + (b - r) / (max - min) : 4 + (r - g) / (max - min);
  return (h * 60 + 360) % 360;
}
const hueDistance = (a, b) => Math.min(Math.abs(hue(a) - hue(b)), 360 - Math.abs(hue(a) - hue(b)));

const exitColors = [...new Set([...COMMON_EXIT_COLORS.values(), ...OTHER_EXIT_COLORS])];

test('exit reason colours are far from the hues of CPU, context switches and verdicts', () => {
  for (const color of exitColors) {
    for (const meaning of [CPU_COLOR, SWITCH_COLOR, VERDICT_COLORS.worse, VERDICT_COLORS.better]) {
      assert.ok(hueDistance(color, meaning) >= 20, `${color} is near ${meaning}`);
    }
  }
});

test('no exit reason colour is a colour that means something else', () => {
  const taken = new Set([...[0, 1, 2, 3].flatMap((run) => [cpuShade(run), switchShade(run)]), ...Object.values(VERDICT_COLORS),
    ...Object.values(EVENT_COLORS), ...RUN_COLORS]);
  for (const color of exitColors) assert.ok(!taken.has(color), color);
  for (const name of ['HLT', 'EPT_VIOLATION', 'npf', 'SOME_NEW_REASON', 'reason 77']) assert.ok(exitColors.includes(exitReasonColor(name)), name);
});

test('the common reasons each have their own colour, whatever the spelling', () => {
  const distinct = new Set(['HLT', 'EPT_VIOLATION', 'EXTERNAL_INTERRUPT', 'MSR_WRITE', 'APIC_ACCESS', 'APIC_WRITE', 'CR_ACCESS', 'IO_INSTRUCTION',
    'MSR_READ', 'PREEMPTION_TIMER', 'EPT_MISCONFIG', 'PAUSE_INSTRUCTION'].map(exitReasonColor));
  assert.equal(distinct.size, 12);
  assert.equal(exitReasonColor('ept_violation'), exitReasonColor('EPT_VIOLATION'));
  assert.equal(exitReasonColor('npf'), exitReasonColor('EPT_VIOLATION'));
});
