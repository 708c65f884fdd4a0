// Wakeup latency: per task, how long it waited for a CPU once runnable (count, p50, p95, p99, max
// and when), and the distribution of one task's waits as a CDF on a log time axis, the runs overlaid.
import { RUN_COLORS } from '../colors.js';
import { displayName, element, escapeHtml, formatNumber, shortenMiddle } from '../text.js';
import { newChart } from '../echarts.js';
import { NAME_LENGTH } from './layout.js';
import { sortableTable } from './table.js';
import { formatDuration } from './units.js';

// The first bucket runs from 0 to 1 µs: drawn from here on the log axis.
const SMALLEST_US = 0.5;

// The CDF of a histogram ({fromUs, toUs, counts}): [µs, % of waits up to there] at each bucket's ends.
export function cdfPoints(histogram) {
  const total = histogram.counts.reduce((sum, count) => sum + count, 0);
  const points = [];
  let seen = 0;
  histogram.counts.forEach((count, i) => {
    points.push([Math.max(SMALLEST_US, histogram.fromUs[i]), (seen / total) * 100]);
    seen += count;
    points.push([histogram.toUs[i], (seen / total) * 100]);
  });
  return points;
}

const us = (value) => formatDuration(value * 1000);
// The log axis' ticks are powers of ten: 1 µs, 10 ms, 1 s.
const tick = (value) => (value >= 1e6 ? `${formatNumber(value / 1e6, 0)} s` : value >= 1e3 ? `${formatNumber(value / 1e3, 0)} ms` : `${formatNumber(value, value < 1 ? 1 : 0)} µs`);

export function latencyView(doc) {
  const latency = doc.wakeupLatency ?? [];
  const runs = doc.runs.map((run) => run.name);
  const nameOf = (t) => t.name ?? t.task;
  // Tasks by their worst wait, each once (its name matches it across the runs).
  const tasks = [...new Set(latency.map(nameOf))];
  let select = null;
  let drawTask = null;
  const view = {
    id: 'latency',
    title: 'Wakeup latency',
    focus(name) {
      if (!tasks.includes(name)) return;
      select.value = String(tasks.indexOf(name));
      drawTask(name);
    },
    draw(container, state) {
      if (latency.length === 0) {
        const noWakeups = doc.runs.some((run) => run.warnings.some((warning) => warning.startsWith('no wakeups')));
        container.append(element('p', { className: 'empty', text: noWakeups
          ? 'No wakeup latency: the capture recorded no wakeups (a cdict of the original perfwhiz).' : 'No selected task waited for a CPU in the window.' }));
        return null;
      }
      select = element('select', { id: 'latency-task', onchange: () => drawTask(tasks[Number(select.value)]) },
        ...tasks.map((name, i) => element('option', { value: String(i), text: displayName(name) })));
      const controls = element('div', { className: 'controls' }, element('label', { text: 'distribution of ' }, select),
        element('span', { className: 'hint', text: runs.length > 1 ? 'one line per run; a click on a row of the table shows its task' : 'a click on a row of the table shows its task' }));
      const chartBox = element('div', { className: 'chart' });
      container.append(controls, chartBox);
      chartBox.style.height = '340px';
      const chart = newChart(chartBox);
      drawTask = (name) => {
        const shown = latency.filter((t) => nameOf(t) === name);
        state.latencyTask = name;
        chart.setOption({
          animation: false,
          title: { text: displayName(name), left: 'center', top: 0, textStyle: { fontSize: 13 } },
          legend: { top: 22, data: shown.map((t) => displayName(t.run)) },
          tooltip: { trigger: 'axis', formatter: (items) => [`≤ ${escapeHtml(us(items[0].value[0]))}`,
            ...items.map((item) => `${item.marker}${escapeHtml(item.seriesName)}: <strong>${formatNumber(item.value[1], 1)} %</strong> of waits`)].join('<br>') },
          grid: { left: 60, right: 40, top: 60, bottom: 50 },
          xAxis: { type: 'log', name: 'wait (µs, log scale)', nameLocation: 'middle', nameGap: 28, min: SMALLEST_US, axisLabel: { formatter: tick } },
          yAxis: { type: 'value', name: '% of waits up to', min: 0, max: 100 },
          series: shown.map((t) => ({
            name: displayName(t.run),
            type: 'line',
            showSymbol: false,
            data: cdfPoints(t.histogram),
            lineStyle: { width: 2 },
            itemStyle: { color: RUN_COLORS[runs.indexOf(t.run) % RUN_COLORS.length] },
          })),
        }, { replaceMerge: ['series'] });
      };
      const time = (value) => ({ key: value, cell: (t) => us(value(t)), numeric: true });
      const columns = [
        { title: 'task', key: (t) => displayName(t.task), cell: (t) => {
          const shown = displayName(t.task);
          return element('button', { type: 'button', className: 'link', text: shortenMiddle(shown, NAME_LENGTH), title: shown, onclick: () => view.focus(nameOf(t)) });
        } },
        { title: 'waits', key: (t) => t.count, cell: (t) => formatNumber(t.count), numeric: true },
        { title: 'average', ...time((t) => t.averageUs) },
        { title: 'p50', ...time((t) => t.p50Us) },
        { title: 'p95', ...time((t) => t.p95Us) },
        { title: 'p99', ...time((t) => t.p99Us) },
        { title: 'max', ...time((t) => t.maxUs) },
        { title: 'max at (ms)', key: (t) => t.maxStartMs, cell: (t) => formatNumber(t.maxStartMs, 3), numeric: true },
      ];
      container.append(sortableTable(columns, latency, { column: 6, descending: true }));
      drawTask(tasks[0]);
      return chart;
    },
  };
  return view;
}
