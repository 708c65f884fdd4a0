// Changes (several captures): perfmap --compare's table, per task and metric, the worst changes at
// the top. Each task links to the view that shows the metric; colours mean worse and better.
import { VERDICT_COLORS } from '../colors.js';
import { displayName, element, shortenMiddle } from '../text.js';
import { NAME_LENGTH } from './layout.js';
import { sortableTable } from './table.js';
import { formatDifference, formatPercent, formatValue, signed } from './units.js';

const VERDICT_ORDER = { worse: 0, better: 1, same: 2, absent: 3 };

// The view a metric's task is shown on.
export function viewOfMetric(metric) {
  if (metric.startsWith('wakeup.')) return 'latency';
  return metric.startsWith('kvm.') ? 'kvm' : 'usage';
}

// Worse first, then better, same, absent; within each, the largest change first (a change from 0,
// which has no percentage, before any other).
export function worstFirst(a, b) {
  const size = (row) => (row.changePercent == null ? (row.difference ? Infinity : -1) : Math.abs(row.changePercent));
  return VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || size(b) - size(a) || a.task.localeCompare(b.task) || a.metric.localeCompare(b.metric);
}

function interval(row) {
  if (row.changeLowPercent != null && row.changeHighPercent != null) return `[${signed(row.changeLowPercent)}, ${signed(row.changeHighPercent)}] %`;
  if (row.differenceLow != null && row.differenceHigh != null) return `[${formatDifference(row.differenceLow, row.unit)}, ${formatDifference(row.differenceHigh, row.unit)}]`;
  return '—';
}

function change(row) {
  if (row.changePercent != null) return formatPercent(row.changePercent);
  return row.difference != null ? `${formatDifference(row.difference, row.unit)} (from 0)` : '—';
}

function counts(rows) {
  const of = (verdict) => rows.filter((row) => row.verdict === verdict).length;
  return `${rows.length} rows: ${of('worse')} worse, ${of('better')} better, ${of('same')} same, ${of('absent')} absent`;
}

export function changesView(doc, focusTask) {
  const changes = doc.changes;
  const nameOf = new Map(doc.runs.map((run) => [run.file, run.name]));
  const several = changes.comparisons.length > 1;
  const rows = changes.comparisons.flatMap((comparison) => comparison.rows.map((row) => ({ ...row, run: nameOf.get(comparison.run) ?? comparison.run })));
  const coloured = (row, text) => {
    const span = element('span', { text });
    span.style.color = VERDICT_COLORS[row.verdict];
    return span;
  };
  const columns = [
    ...(several ? [{ title: 'run', key: (row) => displayName(row.run), cell: (row) => displayName(row.run) }] : []),
    { title: 'task', key: (row) => displayName(row.task), cell: (row) => {
      const shown = displayName(row.task);
      return element('button', { type: 'button', className: 'link', text: shortenMiddle(shown, NAME_LENGTH), title: shown,
        onclick: () => focusTask(viewOfMetric(row.metric), row.task, row.run) });
    } },
    { title: 'metric', key: (row) => row.metric, cell: (row) => row.metric },
    { title: 'base', key: (row) => row.base, cell: (row) => formatValue(row.base, row.unit), numeric: true },
    { title: 'other', key: (row) => row.other, cell: (row) => formatValue(row.other, row.unit), numeric: true },
    { title: 'change', key: (row) => row.changePercent, cell: (row) => coloured(row, change(row)), numeric: true },
    { title: `${Math.round(changes.method.confidence * 100)} % interval`, key: (row) => row.changeLowPercent, cell: (row) => interval(row), numeric: true },
    { title: 'verdict', key: (row) => VERDICT_ORDER[row.verdict], cell: (row) => {
      const badge = element('span', { className: `verdict ${row.verdict}`, text: row.verdict });
      badge.style.borderColor = VERDICT_COLORS[row.verdict];
      badge.style.color = VERDICT_COLORS[row.verdict];
      return badge;
    } },
  ];
  return {
    id: 'changes',
    title: 'Changes',
    draw(container) {
      const base = nameOf.get(changes.base) ?? changes.base;
      for (const comparison of changes.comparisons) {
        const other = nameOf.get(comparison.run) ?? comparison.run;
        const summary = element('p', { className: 'summary' },
          element('strong', { text: `${displayName(other)} vs ${displayName(base)} (base)` }), ` ${counts(comparison.rows)}`);
        container.append(summary);
        if (comparison.added.length > 0) container.append(element('p', { className: 'hint', text: `Only in ${displayName(other)}: ${comparison.added.map(displayName).join(', ')}` }));
        if (comparison.removed.length > 0) container.append(element('p', { className: 'hint', text: `Only in ${displayName(base)}: ${comparison.removed.map(displayName).join(', ')}` }));
      }
      const method = changes.method;
      container.append(element('p', { className: 'hint', text: `Worst changes first; a click on a header sorts by it, on a task shows it. `
        + `Intervals: ${method.name} over ${method.sliceMs} ms slices, ${method.resamples} resamples, seed ${method.seed}; changes under ${method.minEffectPercent} % are same. `
        + 'Absent (—): no wakeups recorded, or a task that never waited.' }));
      if (rows.length === 0) {
        container.append(element('p', { className: 'empty', text: 'No selected task is in both runs.' }));
        return null;
      }
      container.append(sortableTable(columns, rows, { column: columns.length - 1, descending: false, compare: worstFirst }));
      return null;
    },
  };
}
