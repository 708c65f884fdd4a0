// What every chart view shares: a chart sized to its rows, task names on a category axis, tooltip lines.
import { newChart } from '../echarts.js';
import { displayName, element, escapeHtml, shortenMiddle } from '../text.js';

const ROW_HEIGHT = 26;
export const NAME_WIDTH = 300;
// About as many characters as NAME_WIDTH holds: longer names lose their middle, not their end.
export const NAME_LENGTH = 44;

export function chartHeight(rows) {
  return Math.max(220, rows * ROW_HEIGHT + 110);
}

export function sizedChart(container, rows) {
  container.style.height = `${chartHeight(rows)}px`;
  return newChart(container);
}

// Category labels are drawn on canvas as plain text, long ones shortened in the middle (the
// tooltip of the row names the task in full); the width limit keeps wide glyphs from eating the plot.
export const taskAxisLabel = { width: NAME_WIDTH, overflow: 'truncate', ellipsis: '…', formatter: (name) => shortenMiddle(name, NAME_LENGTH) };

// The width the category axis' names take (as taskAxisLabel truncates them) and its label margin.
export function labelRoom(names) {
  const context = document.createElement('canvas').getContext('2d');
  context.font = '12px sans-serif';
  const widest = Math.max(0, ...names.map((name) => context.measureText(shortenMiddle(name, NAME_LENGTH)).width));
  return Math.ceil(Math.min(NAME_WIDTH, widest)) + 8;
}

export function tooltipLine(marker, name, value) {
  return `${marker}${escapeHtml(name)}: <strong>${escapeHtml(value)}</strong>`;
}

// A task's name in a table cell: shortened in the middle when long, the full name on hover.
export function taskName(name, maxLength = NAME_LENGTH) {
  const shown = displayName(name);
  return element('span', { text: shortenMiddle(shown, maxLength), title: shown });
}
